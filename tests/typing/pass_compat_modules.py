"""Typing promises of the pydicom modules issue 10 added to typeddcm.compat (mypy, not run)."""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

import typeddcm.compat as pydicom
from typeddcm import pixels
from typeddcm.compat import charset, filereader, multival, valuerep
from typeddcm.compat.dataset import FileMetaDataset, PrivateBlock
from typeddcm.compat.util import hexutil


def check_text() -> None:
    assert_type(charset.convert_encodings(["ISO_IR 100"]), list[str])
    assert_type(charset.encode_string("Müller", ["latin_1"]), bytes)
    assert_type(charset.decode_bytes(b"M\xfcller", ["latin_1"]), str)
    assert_type(hexutil.hex2bytes("00 01"), bytes)
    assert_type(hexutil.bytes2hex(b"\x00\x01"), str)
    assert_type(valuerep.PersonName("Doe^Jane").family_name, str)
    assert_type(multival.MultiValue(str, ["A", "B"]), multival.MultiValue[str])


def check_datasets(ds: pydicom.Dataset) -> None:
    assert_type(ds.private_block(0x0041, "ACME", create=True), PrivateBlock)
    assert_type(ds.private_creators(0x0041), list[str])
    assert_type(ds.private_block(0x0041, "ACME").get_tag(0x01), pydicom.tag.BaseTag)
    assert_type(filereader.read_file_meta_info("file.dcm"), FileMetaDataset)
    assert_type(pydicom.__version_info__, tuple[str, ...])


def check_pixels(f: Any) -> None:
    assert_type(pixels.overlay_array(f, 0x6000), npt.NDArray[np.uint8])
    assert_type(pixels.waveform_array(f, 0), npt.NDArray[Any])
    assert_type(pixels.pack_bits(np.zeros(8, np.uint8)), bytes)
    assert_type(pixels.unpack_bits(b"\x01", 8), npt.NDArray[np.uint8])

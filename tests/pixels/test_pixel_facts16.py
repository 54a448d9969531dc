"""Core additions for pydicom 3's pixel helpers: JPEG-LS interleave and full APP payloads in
jpeg_info, segmented palette items expanded directly, and compress() given new pixels for a
dataset that has none yet."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.codec import encaps
from typeddcm.codec.transfer_syntax import EXPLICIT_VR_LITTLE_ENDIAN
from typeddcm.errors import InvalidValueError
from typeddcm.pixels import compress, pixel_array
from typeddcm.pixels import syntaxes as ts
from typeddcm.pixels.codestream import jpeg_info
from typeddcm.pixels.colour import expand_segment_items

pydicom = pytest.importorskip("pydicom")
_FILES = Path(pydicom.__file__).parent / "data" / "test_files"


def _first_frame(name: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.io.read(_FILES / name)
    element = f.dataset[0x7FE00010]
    return bytes(encaps.frame(element.vr.data, 0, 1))  # type: ignore[union-attr]


@pytest.mark.parametrize(("name", "near", "ilv"), [
    ("MR_small_jpeg_ls_lossless.dcm", 0, 0),
    ("SC_rgb_jls_lossy_line.dcm", None, 1),
    ("SC_rgb_jls_lossy_sample.dcm", None, 2),
])
def test_jpeg_ls_interleave_mode(name: str, near: int | None, ilv: int) -> None:
    info = jpeg_info(_first_frame(name))
    assert info is not None and info.marker == 0xF7
    assert info.interleave_mode == ilv
    if near is not None:
        assert info.selection_value == near
    else:
        assert info.selection_value is not None and info.selection_value > 0


def test_jpeg_keeps_whole_app_payloads_and_no_interleave() -> None:
    frame = _first_frame("SC_rgb_jpeg_app14_dcmd.dcm")
    info = jpeg_info(frame)
    assert info is not None and info.interleave_mode is None
    adobe = dict(info.app)[0xEE]
    start = frame.index(b"\xff\xee")
    (length,) = struct.unpack(">H", frame[start + 2:start + 4])
    assert adobe == frame[start + 4:start + 2 + length] and adobe.startswith(b"Adobe")


@given(st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=30), st.integers(0, 40),
       st.integers(0, 0xFFFF))
@settings(max_examples=80, deadline=None)
def test_expand_segment_items_discrete_then_linear(values: list[int], length: int,
                                                   end: int) -> None:
    out = expand_segment_items([0, len(values), *values, 1, length, end], eight_bit=False)
    assert out[:len(values)] == values and len(out) == len(values) + length
    if length:
        assert out[-1] == end
        ramp = out[len(values) - 1:]
        assert ramp == sorted(ramp) or ramp == sorted(ramp, reverse=True)  # monotonic


def test_expand_segment_items_indirect_and_context() -> None:
    # Discrete [0, 112], linear to 192 in 5 steps, then an indirect copy of 2 segments at 0.
    items = [0, 2, 0, 112, 1, 5, 192, 2, 2, 0, 0]
    assert expand_segment_items(items, eight_bit=False) == [0, 112, 128, 144, 160, 176, 192] * 2
    # Eight-bit items: the offset is two 16-bit words, least significant first.
    little = [0, 2, 0, 112, 2, 1, 0, 0, 0, 0]
    assert expand_segment_items(little, eight_bit=True) == [0, 112, 0, 112]
    # A linear segment may start the data when the previous value is given.
    assert expand_segment_items([1, 2, 10], eight_bit=False, previous=0) == [5, 10]
    assert expand_segment_items([0, 1, 7, 0, 1, 8], eight_bit=False, limit=1) == [7]
    with pytest.raises(InvalidValueError, match="cannot come first"):
        expand_segment_items([1, 2, 10], eight_bit=False)
    with pytest.raises(InvalidValueError, match="unknown segment type"):
        expand_segment_items([3, 1, 0], eight_bit=False)


def test_compress_new_pixels_into_a_dataset_without_pixel_data() -> None:
    pixels = np.arange(64, dtype=np.uint16).reshape(8, 8) * 97
    ds = (typeddcm.Dataset().set(keys.Rows, 8).set(keys.Columns, 8)
          .set(keys.SamplesPerPixel, 1).set(keys.PhotometricInterpretation, "MONOCHROME2")
          .set(keys.BitsAllocated, 16).set(keys.BitsStored, 16).set(keys.HighBit, 15)
          .set(keys.PixelRepresentation, 0))
    meta = typeddcm.Dataset().set(keys.TransferSyntaxUID, EXPLICIT_VR_LITTLE_ENDIAN.uid)
    f = typeddcm.DicomFile(b"\x00" * 128, meta, ds, EXPLICIT_VR_LITTLE_ENDIAN)
    done = compress(f, ts.RLE_LOSSLESS, array=pixels)
    assert done.transfer_syntax.uid == ts.RLE_LOSSLESS
    assert np.array_equal(pixel_array(done), pixels)

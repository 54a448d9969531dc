"""data_element_generator on undefined-length values that are not sequences, and
DicomIO's pydicom 3 details; pydicom 3.0.2 is the oracle."""

from __future__ import annotations

import io
import struct
from typing import Any, cast

import pydicom
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydicom.filereader import data_element_generator as their_generator

from typeddcm.compat.filebase import DicomBytesIO, DicomIO
from typeddcm.compat.filereader import data_element_generator

_DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
_PIXEL_HEADER = b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff"


def _both(data: bytes) -> tuple[list[Any], int, list[Any], int]:
    ours_fp, theirs_fp = io.BytesIO(data), io.BytesIO(data)
    ours = [tuple(cast(Any, e))[:8] for e in data_element_generator(ours_fp, False, True)]
    theirs = [tuple(cast(Any, e))[:8] for e in their_generator(theirs_fp, False, True)]
    return ours, ours_fp.tell(), theirs, theirs_fp.tell()


def _item(data: bytes, length: int | None = None) -> bytes:
    return struct.pack("<HHI", 0xFFFE, 0xE000, len(data) if length is None else length) + data


@pytest.mark.parametrize("value", [
    b"ABCDEFGHIJ",  # bytes that are not items
    _item(b"") + _item(b"ABCDEFGHIJKLMNOPQRSTUVWX"),  # encapsulated fragments
    _item(b"ABCDEFGHIJKLMNOPQRSTUVWX", 0xFFFFFFFF),  # an item of undefined length
    _item(b"ABCDEFGHIJKLMNOPQRSTUVWX", 0x50),  # an item length running past the delimiter
    b"A" * 300,  # the delimiter beyond pydicom's 128-byte read chunks
])
def test_undefined_length_values_are_read_to_the_delimiter(value: bytes) -> None:
    trailer = b"\x10\x00\x10\x00PN\x04\x00A^B "
    ours, ours_end, theirs, their_end = _both(_PIXEL_HEADER + value + _DELIMITER + trailer)
    assert ours == theirs
    assert ours_end == their_end
    assert ours[0][3] == value


def test_a_value_cut_short_is_kept_with_a_warning() -> None:
    data = _PIXEL_HEADER + b"\xfe\xff\x00\xe0"
    with pytest.raises(EOFError):  # pydicom gives up
        next(their_generator(io.BytesIO(data), False, True))
    with pytest.warns(UserWarning, match="sequence delimiter missing"):
        elem = next(data_element_generator(io.BytesIO(data), False, True))
    assert elem.value == b"\xfe\xff\x00\xe0"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=80).filter(lambda b: b"\xfe\xff\xdd\xe0" not in b))
def test_any_bytes_before_the_delimiter_are_the_value(value: bytes) -> None:
    ours, ours_end, theirs, their_end = _both(_PIXEL_HEADER + value + _DELIMITER)
    assert ours[0][3] == theirs[0][3] == value
    assert ours_end == their_end


def test_dicom_io_details() -> None:
    class Chunky:
        seek = None
        tell = None
        calls = 0

        def read(self, length: int) -> bytes:
            self.calls += 1
            return b"\x00" if self.calls == 1 else b"\x01\x03\x04"

    assert DicomIO(cast(Any, Chunky())).read_exact(4) == b"\x00\x01\x03\x04"  # no tell() needed

    class Writer:
        def write(self, b: bytes) -> None:
            pass

    with pytest.raises(TypeError, match=r"object has no read\(\) method"):
        DicomIO(cast(Any, Writer())).read(2)
    fp = DicomIO(io.BytesIO())
    for little in (True, False):
        fp.is_little_endian = little
        theirs = pydicom.filebase.DicomIO(io.BytesIO())
        theirs.is_little_endian = little
        assert fp._us_packer(1) == theirs._us_packer(1)
        assert fp._ul_unpacker(b"\x00\x00\x00\x01") == theirs._ul_unpacker(b"\x00\x00\x00\x01")
        assert fp._tag_packer(1, 2) == theirs._tag_packer(1, 2)
    short = DicomBytesIO(b"\x00\x01\x03")
    with pytest.raises(EOFError, match="Read 3 bytes of 4 expected starting at position 0x0"):
        short.read_exact(4)

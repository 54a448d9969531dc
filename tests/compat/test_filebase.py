"""typeddcm.compat.filebase against pydicom 3's filebase (the oracle)."""

from __future__ import annotations

import io
import struct
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.compat.filebase import DicomBytesIO, DicomFile, DicomFileLike, DicomIO

pydicom_filebase = pytest.importorskip("pydicom.filebase")


def pair(data: bytes, little: bool) -> tuple[DicomBytesIO, Any]:
    ours, theirs = DicomBytesIO(data), pydicom_filebase.DicomBytesIO(data)
    ours.is_little_endian = theirs.is_little_endian = little
    return ours, theirs


@given(st.binary(min_size=16, max_size=16), st.booleans())
def test_reads_match_pydicom(data: bytes, little: bool) -> None:
    ours, theirs = pair(data, little)
    assert ours.read_tag() == theirs.read_tag()
    assert ours.read_US() == theirs.read_US()
    assert ours.read_UL() == theirs.read_UL()
    assert ours.read(3) == theirs.read(3)
    assert ours.tell() == theirs.tell() == 13
    assert ours.read() == theirs.read()


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFF), st.booleans())
def test_writes_match_pydicom(tag: int, us: int, little: bool) -> None:
    ours, theirs = pair(b"", little)
    for fp in (ours, theirs):
        fp.write_tag(tag)
        fp.write_US(us)
        fp.write_UL(tag)
        fp.write(b"xy")
    assert ours.getvalue() == theirs.getvalue()


def test_fixed_order_spellings() -> None:
    fp = DicomBytesIO()
    fp.write_leUS(1)
    fp.write_beUS(1)
    fp.write_leUL(2)
    fp.write_beUL(2)
    fp.write(struct.pack("<HH", 8, 16) + struct.pack(">HH", 8, 16))
    assert fp.getvalue() == (b"\x01\x00\x00\x01\x02\x00\x00\x00\x00\x00\x00\x02"
                             b"\x08\x00\x10\x00\x00\x08\x00\x10")
    fp.seek(0)
    assert (fp.read_leUS(), fp.read_beUS(), fp.read_leUL(), fp.read_beUL()) == (1, 1, 2, 2)
    assert fp.read_le_tag() == (8, 16) and fp.read_be_tag() == (8, 16)


def test_encoding_must_be_set() -> None:
    fp, theirs = DicomBytesIO(b"\x00" * 8), pydicom_filebase.DicomBytesIO(b"\x00" * 8)
    for obj in (fp, theirs):
        with pytest.raises(AttributeError):
            obj.read_UL()
        with pytest.raises(TypeError):
            obj.is_little_endian = 1
        with pytest.raises(TypeError):
            obj.is_implicit_VR = "yes"
    with pytest.raises(AttributeError):  # pydicom 3: unset until set
        _ = theirs.is_implicit_VR
    assert fp.is_implicit_VR is True  # pydicom 1.x: implicit VR until set
    fp.is_implicit_VR = False
    assert fp.is_implicit_VR is False


def test_short_reads_are_eof_errors() -> None:
    """pydicom raises EOFError for a short tag; we do for every fixed-size read (deliberate:
    pydicom 3 lets struct.error out of read_US/read_UL)."""
    for method in ("read_tag", "read_US", "read_UL", "read_le_tag", "read_beUL", "read_leUS"):
        fp = DicomBytesIO(b"\x01")
        fp.is_little_endian = True
        with pytest.raises(EOFError, match="Unexpected end of file"):
            getattr(fp, method)()
    theirs = pydicom_filebase.DicomBytesIO(b"\x01")
    theirs.is_little_endian = True
    with pytest.raises(EOFError):
        theirs.read_tag()
    theirs.seek(0)
    with pytest.raises(struct.error):
        theirs.read_UL()


def test_read_exact_and_need_exact_length() -> None:
    fp = DicomBytesIO(b"abcdef")
    assert fp.read_exact(4) == b"abcd"
    with pytest.raises(EOFError):
        fp.read_exact(4)
    fp.seek(0)
    assert fp.read(4, need_exact_length=True) == b"abcd"
    with pytest.raises(EOFError):
        fp.read(4, need_exact_length=True)
    fp.seek(0)
    assert fp.read(None) == b"abcdef"


def test_read_exact_retries_short_reads() -> None:
    class Trickle(io.RawIOBase):
        def __init__(self) -> None:
            self.data, self.pos = b"abcdef", 0

        def readable(self) -> bool:
            return True

        def read(self, size: int = -1) -> bytes:
            chunk = self.data[self.pos:self.pos + min(size, 2)]
            self.pos += len(chunk)
            return chunk

        def tell(self) -> int:
            return self.pos

    fp = DicomFileLike(Trickle())
    assert fp.read_exact(6) == b"abcdef"


def test_wrapping(tmp_path: Path) -> None:
    path = tmp_path / "x.bin"
    path.write_bytes(b"\x10\x00\x20\x00")
    with DicomFile(path, "rb") as fp:
        assert isinstance(fp, DicomFileLike)
        assert fp.name == str(path)
        assert isinstance(fp.parent, io.BufferedReader)
        fp.is_little_endian = True
        assert fp.read_tag() == (0x10, 0x20)
    assert fp.parent.closed
    fp2 = DicomBytesIO(b"ab")
    assert fp2.name is None
    fp2.name = "memory"
    assert fp2.name == "memory"
    reader = DicomFileLike(io.BufferedReader(io.BytesIO(b"ab")))
    with pytest.raises(io.UnsupportedOperation):  # the buffer's own refusal
        reader.write(b"x")

    class WriteOnly:
        def write(self, b: bytes) -> int:
            return len(b)

        def seek(self, offset: int, whence: int = 0) -> int:
            return 0

        def tell(self) -> int:
            return 0

    with pytest.raises(TypeError, match="no read"):
        DicomIO(WriteOnly()).read(1)
    assert DicomIO(WriteOnly()).write(b"abc") == 3

"""Damaged File-sets: each is a clear typed error naming what and where, or a documented
skip (records that reference missing files are listed by ``missing()``)."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from typeddcm.dicomdir import open_fileset
from typeddcm.errors import DecodeError, DicomError, DirectoryError, FileSetError

from ._data import wheel_data


def _main_dicomdir() -> bytes:
    return (wheel_data() / "dicomdirtests" / "DICOMDIR").read_bytes()


def _with_ul(data: bytes, record_offset: int, tag: int, value: int) -> bytes:
    """``data`` with the UL value of ``tag`` in the (explicit VR LE) record at
    ``record_offset`` replaced."""
    out = bytearray(data)
    needle = struct.pack("<HH", tag >> 16, tag & 0xFFFF) + b"UL\x04\x00"
    at = out.index(needle, record_offset)
    out[at + 8 : at + 12] = struct.pack("<I", value)
    return bytes(out)


def _write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "DICOMDIR"
    path.write_bytes(data)
    return path


def test_offset_pointing_nowhere(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_ul(_main_dicomdir(), 510, 0x00041420, 12345))
    with pytest.raises(DirectoryError, match=r"offset 12345 .* does not start a directory "
                                             r"record") as caught:
        open_fileset(path)
    assert caught.value.offset == 12345


def test_root_offset_pointing_nowhere(tmp_path: Path) -> None:
    data = bytearray(_main_dicomdir())
    at = data.index(b"\x04\x00\x00\x12UL\x04\x00")  # (0004,1200): the first root record
    data[at + 8 : at + 12] = struct.pack("<I", 7)
    with pytest.raises(DirectoryError, match=r"offset 7 in \(0004,1200\)"):
        open_fileset(_write(tmp_path, bytes(data)))


def test_cycle(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_ul(_main_dicomdir(), 3126, 0x00041400, 396))
    with pytest.raises(DirectoryError, match="cycle") as caught:
        open_fileset(path)
    assert caught.value.offset == 396


def test_self_cycle_in_lower_entity(tmp_path: Path) -> None:
    path = _write(tmp_path, _with_ul(_main_dicomdir(), 510, 0x00041420, 510))
    with pytest.raises(DirectoryError, match="reached twice"):
        open_fileset(path)


# Cut points: in the preamble, the file meta, the header, the sequence's first item,
# mid-sequence, inside the last record.
@pytest.mark.parametrize("cut", [0, 100, 200, 300, 392, 400, 600, 5000, 11000, 11115])
def test_truncated(tmp_path: Path, cut: int) -> None:
    path = _write(tmp_path, _main_dicomdir()[:cut])
    with pytest.warns() if cut >= 200 else _nothing(), pytest.raises(DecodeError) as caught:
        open_fileset(path)
    assert isinstance(caught.value, DicomError)
    if cut >= 200:  # read leniently: refused as truncated, or an offset into the lost part
        assert isinstance(caught.value, DirectoryError)
        assert caught.value.offset is not None
        assert "truncated" in str(caught.value) or "does not start" in str(caught.value)


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_records_referencing_missing_files(tmp_path: Path) -> None:
    """Opening works (the DICOMDIR is sound); ``missing()`` lists the lost files, loading
    one is a FileSetError naming it, and a copy refuses before writing anything."""
    root = tmp_path / "fs"
    shutil.copytree(wheel_data() / "dicomdirtests", root,
                    ignore=shutil.ignore_patterns("DICOMDIR-*", "TINY_ALPHA"))
    (root / "77654033" / "CR1" / "6154").unlink()
    fs = open_fileset(root)
    missing = fs.missing()
    assert [i.file_id for i in missing] == [("77654033", "CR1", "6154")]
    with pytest.raises(FileSetError, match=r"77654033/CR1/6154 of the record at offset \d+ is "
                                           "missing"):
        fs.load(missing[0])
    with pytest.raises(FileSetError, match=r"file to copy .* is missing"):
        fs.write(tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
    # removing the lost instance mends the File-set
    mended = fs.remove(*missing).write()
    assert len(mended) == 30 and not mended.missing()


def test_file_id_outside_the_root(tmp_path: Path) -> None:
    data = _main_dicomdir()
    # Referenced File ID "77654033\CR1\6154 " (18 bytes) becomes "..\..\..\ETC\PASSWD"
    at = data.index(b"77654033\\CR1\\6154")
    evil = b"..\\..\\.\\ETC\\PASSWD"
    assert len(evil) == 18
    path = _write(tmp_path, data[:at] + evil + data[at + 18:])
    fs = open_fileset(path)
    with pytest.raises(FileSetError, match="not inside the File-set's root"):
        fs.instances()


def test_not_dicom_and_empty(tmp_path: Path) -> None:
    with pytest.raises(DecodeError, match="empty"):
        open_fileset(_write(tmp_path, b""))
    with pytest.raises(DecodeError, match="DICM"):
        open_fileset(_write(tmp_path, b"not a DICOMDIR at all" * 20))
    with pytest.raises(FileNotFoundError):
        open_fileset(tmp_path / "nothing-here")

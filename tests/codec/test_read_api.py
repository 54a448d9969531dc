"""typeddcm.read / write / DicomFile: sources, options and functional updates."""

from __future__ import annotations

import io
import mmap
import warnings
from pathlib import Path

import pytest

import typeddcm
from typeddcm import DecodeError, DicomWarning, InvalidDicomError, keys
from typeddcm.samples import sample_path
from typeddcm.vr import OB, OW

from .pydicom_files import wheel_files

CT = sample_path("ct_small.dcm")


def _wheel(name: str) -> Path:
    return next(p for p in wheel_files() if p.name == name)


def test_every_source_kind_reads_the_same() -> None:
    """A path, a file object, bytes, bytearray and memoryview give equal files."""
    data = CT.read_bytes()
    sources: list[object] = [CT, str(CT), io.BytesIO(data), data, bytearray(data),
                             memoryview(data)]
    files = [typeddcm.read(s) for s in sources]  # type: ignore[arg-type]
    assert all(f == files[0] for f in files)
    assert files[0].dataset[keys.Rows].value == 64


def test_path_values_are_views_of_the_map_when_mapped() -> None:
    """Pixel data read from a mapped path is a view of the memory map, not a copy;
    a small file read by default is one bytes object, and values view that."""
    f = typeddcm.read(CT, memory_map=True)
    pixels = f.dataset[keys.PixelData]
    assert isinstance(pixels, (OB, OW))
    assert isinstance(pixels.data.obj, mmap.mmap)
    small = typeddcm.read(CT).dataset[keys.PixelData]
    assert isinstance(small, (OB, OW))
    assert isinstance(small.data.obj, bytes)


def test_stop_before_pixels_and_specific_tags() -> None:
    """stop_before_pixels drops Pixel Data; specific_tags keeps those (and the character set)."""
    header = typeddcm.read(CT, stop_before_pixels=True)
    assert keys.PixelData not in header.dataset
    assert keys.Rows in header.dataset
    some = typeddcm.read(CT, specific_tags=[keys.Rows.tag, "PatientName"])
    assert set(some.dataset) <= {keys.Rows.tag, keys.PatientName.tag, keys.SpecificCharacterSet.tag}
    assert keys.Rows in some.dataset and keys.PatientName in some.dataset


def test_force_and_strict_on_files_without_meta() -> None:
    """A bare dataset needs force; a missing DICM marker is InvalidDicomError."""
    path = _wheel("no_meta.dcm")
    with pytest.raises(InvalidDicomError):
        typeddcm.read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        f = typeddcm.read(path, force=True)
    assert len(f.dataset) > 0
    assert f.to_bytes() == path.read_bytes()


def test_strict_refuses_what_lenient_warns_about() -> None:
    """A truncated file reads leniently with a warning; strict raises DecodeError."""
    path = _wheel("rtplan_truncated.dcm")
    with pytest.warns(DicomWarning):
        typeddcm.read(path)
    with pytest.raises(DecodeError):
        typeddcm.read(path, strict=True)


def test_functional_updates_and_write(tmp_path: Path) -> None:
    """DicomFile updates leave the original alone; write goes to paths and file objects."""
    f = typeddcm.read(CT)
    changed = f.set(keys.PatientID, "ANON").delete(keys.PatientName)
    assert f.dataset[keys.PatientName] is not None
    assert changed.dataset[keys.PatientID].value == "ANON"
    target = tmp_path / "out.dcm"
    typeddcm.write(changed, target)
    buffer = io.BytesIO()
    typeddcm.write(changed, buffer)
    assert target.read_bytes() == buffer.getvalue()
    again = typeddcm.read(target)
    assert again.dataset == changed.dataset
    assert keys.PatientName not in again.dataset


def test_conformant_rewrite_keeps_values() -> None:
    """like_original=False changes the bytes but not the values."""
    for path in (CT, sample_path("nested_sequences.dcm"), sample_path("charset_japanese.dcm")):
        f = typeddcm.read(path)
        clean = typeddcm.read(f.to_bytes(like_original=False), strict=True)
        assert clean.dataset == f.dataset


def test_trailing_zero_padding_is_kept() -> None:
    """Zero bytes after the dataset are padding: a warning, kept for writing; strict refuses."""
    data = CT.read_bytes() + bytes(100)
    with pytest.warns(DicomWarning, match="padding"):
        f = typeddcm.read(data)
    assert f.dataset == typeddcm.read(CT).dataset
    assert f.to_bytes() == data
    with pytest.raises(DecodeError, match="padding"):
        typeddcm.read(data, strict=True)


def test_odd_length_is_strictly_an_error() -> None:
    """An odd value length reads leniently and is a located DecodeError under strict."""
    data = bytearray(typeddcm.read(CT).set(keys.PatientID, "AB").to_bytes(like_original=False))
    at = data.index(b"\x10\x00\x20\x00LO\x02\x00AB")
    data[at + 6] = 1  # length 1: "A", and "B" becomes the start of the next header...
    data[at + 9 : at + 10] = b""  # ...unless we drop it: a well-formed file with an odd value
    lenient = typeddcm.read(bytes(data))
    assert lenient.dataset[keys.PatientID].value == "A"
    with pytest.raises(DecodeError, match="odd value length") as info:
        typeddcm.read(bytes(data), strict=True)
    assert info.value.offset == at

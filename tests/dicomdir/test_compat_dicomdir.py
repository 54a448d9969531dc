"""typeddcm.compat: pydicom 1.x's ``read_dicomdir``/``DicomDir`` and pydicom 3's FileSet
over File-sets the core wrote."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

import typeddcm.compat as compat
from typeddcm.compat.dicomdir import DicomDir
from typeddcm.compat.errors import InvalidDicomError
from typeddcm.compat.fileset import FileSet as CompatFileSet
from typeddcm.dicomdir import FileSet, open_fileset
from typeddcm.errors import DirectoryError

from ._data import wheel_data


def _children(record: compat.Dataset) -> list[compat.Dataset]:
    """A record's ``children`` (set by DicomDir; an attribute Dataset does not declare)."""
    found: list[compat.Dataset] = getattr(record, "children")
    return found


def _dicomdir(name: str = "DICOMDIR") -> Path:
    return wheel_data() / "dicomdirtests" / name


@pytest.mark.parametrize("name", ["DICOMDIR", "DICOMDIR-implicit", "DICOMDIR-bigEnd",
                                  "DICOMDIR-reordered"])
def test_read_dicomdir_children_follow_the_tree(name: str) -> None:
    ds = compat.read_dicomdir(_dicomdir(name))
    assert isinstance(ds, compat.FileDataset)
    assert type(ds).__name__ == "DicomDir"
    assert ds.filename == str(_dicomdir(name))
    patients = ds.patient_records
    assert [p.PatientID for p in patients] == ["77654033", "98890234"]
    # the same tree the core reads: children per record, in directory order
    core = open_fileset(_dicomdir(name))
    for patient, record in zip(patients, core.find("PATIENT"), strict=True):
        assert [s.DirectoryRecordType for s in _children(patient)] == [
            c.record_type for c in record.children]
        assert [[len(_children(series)) for series in _children(study)]
                for study in _children(patient)] == [
            [len(series.children) for series in study.children] for study in record.children]
    images = [r for r in ds.DirectoryRecordSequence if r.DirectoryRecordType == "IMAGE"]
    assert all(_children(r) == [] for r in images)
    first_patient = next(r for r in ds.DirectoryRecordSequence
                         if r.DirectoryRecordType == "PATIENT")
    assert first_patient is patients[0]  # the sequence's items themselves


def test_pydicom1_walk() -> None:
    """The 1.x idiom: patient -> study -> series -> image, then the file by its File ID."""
    ds = compat.read_dicomdir(str(_dicomdir()))
    root = _dicomdir().parent
    files = []
    for patient in ds.patient_records:
        for study in _children(patient):
            for series in _children(study):
                for image in _children(series):
                    files.append(root.joinpath(*image.ReferencedFileID))
    assert len(files) == 31 and all(f.is_file() for f in files)
    first = compat.dcmread(files[0])
    assert first.PatientID == ds.patient_records[0].PatientID


def test_read_dicomdir_refuses_other_files() -> None:
    with pytest.raises(InvalidDicomError, match="is not a Media Storage Directory file"):
        compat.read_dicomdir(wheel_data() / "CT_small.dcm")
    ct = compat.dcmread(wheel_data() / "CT_small.dcm")
    with pytest.raises(InvalidDicomError, match="SOP Class is not Media Storage Directory"):
        DicomDir("x", ct, ct.preamble, ct.file_meta)


def test_read_dicomdir_cycle_is_a_directory_error(tmp_path: Path) -> None:
    data = bytearray(_dicomdir().read_bytes())
    needle = b"\x04\x00\x00\x14UL\x04\x00"  # (0004,1400) of the last root record
    at = data.index(needle, 3126)
    data[at + 8 : at + 12] = struct.pack("<I", 396)
    (tmp_path / "DICOMDIR").write_bytes(bytes(data))
    with pytest.raises(DirectoryError, match="cycle"):
        compat.read_dicomdir(tmp_path / "DICOMDIR")


def test_compat_fileset_reads_what_the_core_writes(tmp_path: Path) -> None:
    sources = [wheel_data() / n for n in ("CT_small.dcm", "MR_small.dcm")]
    written = FileSet.new(tmp_path, file_set_id="CORE").add(*sources).write()
    theirs = CompatFileSet(tmp_path / "DICOMDIR")
    assert theirs.ID == "CORE" and len(theirs) == 2
    assert [str(i.SOPInstanceUID) for i in theirs] == [
        i.sop_instance_uid for i in written.instances()]
    # and the 1.x view of the same DICOMDIR
    ds = compat.read_dicomdir(tmp_path / "DICOMDIR")
    assert [p.PatientID for p in ds.patient_records] == ["1CT1", "4MR1"]


def test_compat_exports() -> None:
    assert compat.dicomdir.DicomDir is DicomDir
    assert compat.filereader.read_dicomdir is compat.read_dicomdir
    assert "read_dicomdir" in compat.__all__

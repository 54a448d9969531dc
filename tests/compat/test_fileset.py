"""typeddcm.compat.fileset (pydicom 3's pydicom.fileset) against pydicom's FileSet.

The same operations on the same wheel files: loading DICOMDIRs, find/find_values,
adding, removing, writing and copying File-sets.  What one library writes the other
loads with the same instances and File IDs.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat import fileset as tfs
from typeddcm.errors import DirectoryError

pydicom = pytest.importorskip("pydicom")
from pydicom import fileset as pfs  # noqa: E402
from pydicom.data import get_testdata_file  # noqa: E402


def _path(name: str) -> str:
    found = get_testdata_file(name)
    assert isinstance(found, str)
    return found


def _copy_tree(name: str, target: Path) -> Path:
    source = Path(_path(name)).parent
    shutil.copytree(source, target / "fs", dirs_exist_ok=True)
    return target / "fs" / Path(name).name


def _instances(fs: Any) -> list[tuple[str, str, list[str]]]:
    out = []
    for instance in fs:
        file_id = instance.ReferencedFileID
        parts = [file_id] if isinstance(file_id, str) else list(file_id or [])
        out.append((str(instance.SOPInstanceUID), str(instance.node.record_type), parts))
    return out


@pytest.mark.parametrize("name", ["DICOMDIR", "TINY_ALPHA/DICOMDIR", "DICOMDIR-reordered"])
def test_load_matches_pydicom(name: str) -> None:
    ours = tfs.FileSet(tc.dcmread(_path(name)))
    theirs = pfs.FileSet(pydicom.dcmread(_path(name)))
    assert _instances(ours) == _instances(theirs)
    assert ours.ID == theirs.ID
    assert str(ours.UID) == str(theirs.UID)
    assert [i.FileID for i in ours] == [i.FileID for i in theirs]
    assert str(ours).replace(ours.path or "", "") == str(theirs).replace(theirs.path or "", "")


def test_find_and_find_values_match_pydicom() -> None:
    ours = tfs.FileSet(_path("DICOMDIR"))
    theirs = pfs.FileSet(_path("DICOMDIR"))
    assert [i.SOPInstanceUID for i in ours.find(PatientID="77654033")] == [
        i.SOPInstanceUID for i in theirs.find(PatientID="77654033")]
    assert [i.SOPInstanceUID for i in ours.find(PatientID="98890234", StudyDate="20030505")] == [
        i.SOPInstanceUID for i in theirs.find(PatientID="98890234", StudyDate="20030505")]
    assert ours.find_values("StudyDescription") == theirs.find_values("StudyDescription")
    assert ours.find_values(["PatientID", "Modality"]) == theirs.find_values(
        ["PatientID", "Modality"])
    with pytest.warns(UserWarning, match="consider using the 'load' parameter"):
        assert ours.find(PhotometricInterpretation="MONOCHROME1") == []
    loaded = ours.find(load=True, PhotometricInterpretation="MONOCHROME1")
    assert [i.SOPInstanceUID for i in loaded] == [
        i.SOPInstanceUID for i in theirs.find(load=True, PhotometricInterpretation="MONOCHROME1")]


def test_instance_access() -> None:
    fs = tfs.FileSet(_path("DICOMDIR"))
    instance = fs._instances[0]
    assert instance.StudyDate == "20010101"
    assert instance["StudyDate"].value == "20010101"
    assert "StudyDate" in instance and "bad" not in instance
    assert instance["SOPInstanceUID"].value == instance.SOPInstanceUID
    assert [n.record_type for n in instance.node.ancestors] == ["SERIES", "STUDY", "PATIENT"]
    assert instance.load().SOPInstanceUID == instance.SOPInstanceUID
    with pytest.raises(AttributeError, match="no attribute 'missing_attr'"):
        instance.missing_attr  # noqa: B018


def test_new_file_set_round_trip(tmp_path: Path) -> None:
    """Add wheel instances, write; pydicom loads the result with the same File IDs."""
    fs = tfs.FileSet()
    ct = tc.dcmread(_path("CT_small.dcm"))
    mr = tc.dcmread(_path("MR_small.dcm"))
    fs.add(ct)
    fs.add(mr)
    fs.add(ct)  # the same instance again: still one
    staged = [fs.is_staged]
    fs.write(tmp_path)
    staged.append(fs.is_staged)
    assert len(fs) == 2 and staged == [True, False]
    theirs = pfs.FileSet(tmp_path / "DICOMDIR")
    assert _instances(theirs) == _instances(fs)
    assert [i.FileID for i in fs] == [str(Path("PT000000/ST000000/SE000000/IM000000")),
                                      str(Path("PT000001/ST000000/SE000000/IM000000"))]
    assert tc.dcmread(fs._instances[0].path).SOPInstanceUID == ct.SOPInstanceUID
    # pydicom's own File-set of the same instances has the same records
    reference = pfs.FileSet()
    reference.add(_path("CT_small.dcm"))
    reference.add(_path("MR_small.dcm"))
    reference.write(tmp_path / "ref")
    ours_dir = pydicom.dcmread(tmp_path / "DICOMDIR")
    their_dir = pydicom.dcmread(tmp_path / "ref" / "DICOMDIR")
    assert [r.DirectoryRecordType for r in ours_dir.DirectoryRecordSequence] == [
        r.DirectoryRecordType for r in their_dir.DirectoryRecordSequence]
    for ours_item, their_item in zip(ours_dir.DirectoryRecordSequence,
                                     their_dir.DirectoryRecordSequence, strict=True):
        skip = {0x00041400, 0x00041420}  # offsets: the meta lengths differ (implementation UIDs)
        assert {e.tag for e in ours_item if e.tag not in skip} == {
            e.tag for e in their_item if e.tag not in skip}


def test_remove_and_copy(tmp_path: Path) -> None:
    fs = tfs.FileSet(_copy_tree("TINY_ALPHA/DICOMDIR", tmp_path))
    removed = fs._instances[0]
    fs.remove(removed)
    with pytest.raises(ValueError, match="No such instance"):
        fs.remove(removed)
    copied = fs.copy(tmp_path / "copy")
    assert len(copied) == 49 and not copied.is_staged
    assert copied.find(SOPInstanceUID=removed.SOPInstanceUID) == []
    assert fs.is_staged  # the original keeps its stage
    theirs = pfs.FileSet(tmp_path / "copy" / "DICOMDIR")
    assert _instances(theirs) == _instances(copied)
    fs.write()
    assert len(tfs.FileSet(tmp_path / "fs" / "DICOMDIR")) == 49


def test_write_implicit_and_ids(tmp_path: Path) -> None:
    fs = tfs.FileSet()
    fs.ID = "MYID"
    fs.descriptor_file_id = ["README"]
    fs.descriptor_character_set = "ISO_IR 100"
    fs.add(tc.dcmread(_path("CT_small.dcm")))
    fs.write(tmp_path)
    ds = pydicom.dcmread(tmp_path / "DICOMDIR")
    assert ds.FileSetID == "MYID"
    assert ds.FileSetDescriptorFileID == "README"
    assert ds.SpecificCharacterSetOfFileSetDescriptorFile == "ISO_IR 100"
    with pytest.raises(ValueError, match=r"maximum length"):
        fs.ID = "X" * 17
    with pytest.warns(UserWarning, match="Implicit VR Little Endian"):
        fs.copy(tmp_path / "implicit", force_implicit=True)
    assert pydicom.dcmread(tmp_path / "implicit" / "DICOMDIR").file_meta.TransferSyntaxUID == (
        "1.2.840.10008.1.2")


def test_errors_are_pydicoms_types(tmp_path: Path) -> None:
    ds = tc.dcmread(_path("DICOMDIR"))
    ds.file_meta.MediaStorageSOPClassUID = "1.2.3"
    with pytest.raises(ValueError, match="not a 'Media Storage Directory' instance"):
        tfs.FileSet(ds)
    ct = tc.dcmread(_path("CT_small.dcm"))
    ct.PatientID = None
    with pytest.raises(ValueError, match=r"'PATIENT' record creator: .*cannot be empty"):
        tfs.FileSet().add(ct)
    with pytest.raises(ValueError, match="required for a new File-set"):
        tfs.FileSet().write()
    assert not tfs.is_conformant_file_id(Path("abc"))
    assert tfs.is_conformant_file_id(Path("A/B_1"))
    assert next(tfs.generate_filename("IM", 10, alphanumeric=True)) == "IM00000A"


def test_cycle_in_loaded_dicomdir(tmp_path: Path) -> None:
    target = _copy_tree("DICOMDIR", tmp_path)
    ds = tc.dcmread(target)
    last = ds.DirectoryRecordSequence[-1]
    assert last.seq_item_tell == 10860
    ds.DirectoryRecordSequence[6].OffsetOfTheNextDirectoryRecord = 510  # a study's next: itself
    with pytest.raises(DirectoryError, match="cycle") as caught:
        tfs.FileSet(ds)
    assert isinstance(caught.value, ValueError)


def test_custom_recorder_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def patient(ds: tc.Dataset) -> tc.Dataset:
        calls.append(ds.PatientID)
        record = tc.Dataset()
        record.PatientID = ds.PatientID
        record.PatientName = "ANON"
        return record

    monkeypatch.setitem(tfs.DIRECTORY_RECORDERS, "PATIENT", patient)
    fs = tfs.FileSet()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        instance = fs.add(tc.dcmread(_path("CT_small.dcm")))
    assert calls == ["1CT1"]
    assert instance.node.ancestors[-1]._record.PatientName == "ANON"

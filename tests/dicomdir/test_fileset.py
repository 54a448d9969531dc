"""typeddcm.dicomdir.fileset: File-sets as values (open, find, load, add, remove, write).

pydicom's FileSet is the oracle: it must read what we write as the same records and
files, and read the wheel's DICOMDIRs as the same tree we do.  An unchanged File-set
writes every wheel DICOMDIR back byte for byte.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm
from typeddcm.dataset import Dataset
from typeddcm.dicomdir import FileSet, Instance, open_fileset, read_dicomdir
from typeddcm.dicomdir.fileid import is_conformant_file_id
from typeddcm.dicomdir.records import RecordKeyError
from typeddcm.errors import FileSetError

from ._data import wheel_data, wheel_dicomdirs

pydicom = pytest.importorskip("pydicom", reason="pydicom's FileSet is the oracle")
from pydicom.fileset import FileSet as PydicomFileSet  # noqa: E402


def _quiet_open(path: Path) -> FileSet:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the wheel's damaged DICOMDIRs warn as they are read
        return open_fileset(path)


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A writable copy of the wheel's main File-set (DICOMDIR and its 31 files)."""
    target = tmp_path / "fs"
    shutil.copytree(wheel_data() / "dicomdirtests", target,
                    ignore=shutil.ignore_patterns("DICOMDIR-*", "TINY_ALPHA"))
    return target


@pytest.mark.parametrize("name", wheel_dicomdirs())
def test_unchanged_writes_back_byte_exact(name: str, tmp_path: Path) -> None:
    """Every DICOMDIR of the wheel, read and written with no change, is the same bytes."""
    source = wheel_data() / name
    fs = _quiet_open(source)
    assert not fs.changed
    assert fs.dicomdir_bytes() == source.read_bytes()
    # written in place (a copy of the DICOMDIR alone: the referenced files are not moved)
    (tmp_path / "DICOMDIR").write_bytes(source.read_bytes())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _quiet_open(tmp_path / "DICOMDIR").write()
    assert (tmp_path / "DICOMDIR").read_bytes() == source.read_bytes()


def test_wheel_dicomdirs_are_found() -> None:
    names = wheel_dicomdirs()
    assert "dicomdirtests/DICOMDIR" in names and "dicomdirtests/DICOMDIR-empty.dcm" in names
    assert len(names) >= 8


def test_open_iterate_find_load() -> None:
    fs = open_fileset(wheel_data() / "dicomdirtests")  # the folder: its DICOMDIR
    assert fs.file_set_id == "PYDICOM_TEST"
    assert len(fs) == 31 and not fs.missing()
    assert [r.record_type for r in fs.find("PATIENT")] == ["PATIENT", "PATIENT"]
    assert len(fs.find("SERIES", Modality="CR")) == 3
    assert len(fs.find(PatientID="77654033")) == 1
    archibald = fs.instances(PatientID="77654033")
    assert len(archibald) == 7
    ct = fs.instances(PatientID="77654033", Modality="CT")
    assert [i.file_id for i in ct] == [("77654033", "CT2", str(n))
                                       for n in (17106, 17136, 17166, 17196)]
    first = ct[0]
    assert first.value("PatientName") == "Doe^Archibald"
    assert first.value("StudyDescription") == "CT, HEAD/BRAIN WO CONTRAST"
    assert first.value("ImageType") == "ORIGINAL\\PRIMARY\\AXIAL"  # the IMAGE record's
    assert first.value("Manufacturer") is None  # held by no record of its chain
    loaded = fs.load(first, stop_before_pixels=True)
    assert loaded.dataset.value_of("SOPInstanceUID") == first.sop_instance_uid
    assert loaded.dataset.value_of("PatientID") == "77654033"
    assert first.sop_class_uid == loaded.dataset.value_of("SOPClassUID")
    assert fs.records().__next__().record_type == "PATIENT"
    with pytest.raises(KeyError, match="NotAKeyword"):
        fs.find(NotAKeyword="1")
    with pytest.raises(FileSetError, match="references no file"):
        fs.load(fs.find("PATIENT")[0])


def test_find_matches_pydicoms_find() -> None:
    fs = open_fileset(wheel_data() / "dicomdirtests" / "DICOMDIR")
    theirs = PydicomFileSet(wheel_data() / "dicomdirtests" / "DICOMDIR")
    queries: list[dict[str, Any]] = [
        {"PatientID": "98890234"}, {"Modality": "CT"},
        {"PatientID": "98890234", "StudyID": "2", "SeriesNumber": "5"}]
    for query in queries:
        ours = [i.sop_instance_uid for i in fs.instances(**query)]
        assert ours == [str(i.SOPInstanceUID) for i in theirs.find(**query)], query
        assert ours


def _sources() -> list[Path]:
    return [wheel_data() / name for name in ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm")]


def test_new_fileset_is_read_by_pydicom(tmp_path: Path) -> None:
    """A File-set built from files: copied in under conformant File IDs, and pydicom's
    FileSet reads the same instances, record types and files."""
    fs = FileSet.new(tmp_path / "out", file_set_id="NEW").add(*_sources())
    assert fs.changed and len(fs) == 3
    assert not (tmp_path / "out").exists()  # nothing is written before write()
    written = fs.write()
    assert written.file_set_id == "NEW" and not written.changed
    ids = [i.file_id for i in written.instances()]
    assert all(is_conformant_file_id(i) for i in ids)
    assert ids[0] == ("PT000000", "ST000000", "SE000000", "IM000000")
    for instance, source in zip(written.instances(), _sources(), strict=True):
        assert Path(instance.path).read_bytes() == source.read_bytes()  # copied as they are
    theirs = PydicomFileSet(tmp_path / "out" / "DICOMDIR")
    assert theirs.ID == "NEW"
    assert [str(i.SOPInstanceUID) for i in theirs] == [i.sop_instance_uid for i in
                                                       written.instances()]
    assert [tuple(Path(i.path).relative_to(tmp_path / "out").parts) for i in theirs] == ids
    assert {str(i.node.record_type) for i in theirs} == {"IMAGE"}
    assert [(n.depth, str(n.record_type)) for n in theirs._tree] == [
        (r_depth, r.record_type) for r_depth, r in _depths(written)]


def _depths(fs: FileSet) -> list[tuple[int, typeddcm.dicomdir.DirectoryRecord]]:
    out = []
    stack = [(r, 0) for r in reversed(fs.roots)]
    while stack:
        record, depth = stack.pop()
        out.append((depth, record))
        stack.extend((c, depth + 1) for c in reversed(record.children))
    return out


def test_add_and_remove_in_place(tree: Path) -> None:
    fs = open_fileset(tree)
    added = fs.add(*_sources())
    assert len(added) == 34 and len(fs) == 31  # values: fs is unchanged
    new = [i for i in added.instances() if i.record.offset == 0]
    assert len(new) == 3 and all(Path(i.path).exists() for i in new)  # their sources
    written = added.write()
    assert len(written) == 34
    for instance in written.instances():
        assert Path(instance.path).is_file()
    # remove a whole patient: its records and files go, the others stay
    archibald = written.find("PATIENT", PatientID="77654033")
    removed = written.remove(*archibald)
    assert len(removed) == 27 and len(removed.removed) == 7
    assert (tree / "77654033" / "CT2" / "17106").exists()  # still there until write
    final = removed.write()
    assert len(final) == 27
    assert not (tree / "77654033").exists()  # its files and the folders they emptied
    theirs = PydicomFileSet(tree / "DICOMDIR")
    assert sorted(str(i.SOPInstanceUID) for i in theirs) == sorted(
        i.sop_instance_uid for i in final.instances())
    assert read_dicomdir(tree / "DICOMDIR").orphans == ()


def test_removing_the_last_instance_prunes_empty_records(tree: Path) -> None:
    fs = open_fileset(tree)
    series = fs.find("SERIES", Modality="CR")[0]
    (image,) = series.children
    pruned = fs.remove(image)
    assert len(pruned.find("SERIES", Modality="CR")) == 2  # the emptied series went
    study = [r for r in pruned.find("STUDY") if r.dataset.value_of("StudyDate") == "20010101"]
    assert len(study[0].children) == 2
    # removing every image of a patient removes the patient record too
    gone = fs.remove(*fs.instances(PatientID="77654033"))
    assert [r.dataset.value_of("PatientID") for r in gone.find("PATIENT")] == ["98890234"]
    assert len(gone.removed) == 7


def test_new_instances_join_their_patient_study_series(tree: Path, tmp_path: Path) -> None:
    fs = open_fileset(tree)
    target = fs.instances(PatientID="98890234", SeriesNumber="5")[0]
    instance = fs.load(target)
    copy = instance.with_dataset(instance.dataset.set("SOPInstanceUID", "1.2.3.4.5.6.7"))
    added = fs.add(copy)
    series_uid = str(instance.dataset.value_of("SeriesInstanceUID"))
    series = added.find("SERIES", SeriesInstanceUID=series_uid)
    assert len(series) == 1
    before = fs.find("SERIES", SeriesInstanceUID=series_uid)[0]
    assert len(series[0].children) == len(before.children) + 1
    new_id = series[0].children[-1].file_id
    assert new_id is not None and is_conformant_file_id(new_id)
    assert added.load(series[0].children[-1]) is copy  # staged in memory: the value itself
    written = added.write()
    assert typeddcm.read(tree.joinpath(*new_id)).dataset.value_of("SOPInstanceUID") == (
        "1.2.3.4.5.6.7")
    assert len(written.find("PATIENT")) == 2


def test_staged_instances_can_be_removed_before_write(tmp_path: Path) -> None:
    fs = FileSet.new(tmp_path).add(*_sources())
    fewer = fs.remove(fs.instances()[0])
    assert len(fewer) == 2 and fewer.removed == ()
    fewer.write()
    assert len(list(tmp_path.rglob("IM*"))) == 2


def test_write_to_another_folder_copies_everything(tree: Path, tmp_path: Path) -> None:
    read = open_fileset(tree)
    fs = read.remove(*read.instances(Modality="CR"))
    copy = fs.write(tmp_path / "copy")
    assert len(copy) == 28 and copy.root == str(tmp_path / "copy")
    assert (tree / "77654033" / "CR1" / "6154").exists()  # the source File-set is left alone
    for instance in copy.instances():
        assert Path(instance.path).is_file()
    with pytest.raises(FileSetError, match="will not overwrite"):
        fs.write(tmp_path / "copy")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "DICOMDIR").write_bytes(b"")
    with pytest.raises(FileSetError, match="already holds a DICOMDIR"):
        fs.write(tmp_path / "other")


@pytest.mark.filterwarnings("ignore:The DICOMDIR dataset uses an invalid transfer syntax")
def test_implicit_dicomdir_and_pydicom_agrees(tmp_path: Path) -> None:
    fs = FileSet.new(tmp_path).add(*_sources())
    written = fs.write(implicit=True)
    assert typeddcm.read(tmp_path / "DICOMDIR").transfer_syntax.implicit_vr
    assert len(written) == 3
    assert len(PydicomFileSet(tmp_path / "DICOMDIR")) == 3


def test_changed_header_only_is_laid_out_again(tree: Path) -> None:
    fs = open_fileset(tree).with_file_set_id("RENAMED")
    assert fs.changed
    written = fs.write()
    assert written.file_set_id == "RENAMED"
    assert PydicomFileSet(tree / "DICOMDIR").ID == "RENAMED"
    assert [r.record_type for r in written.records()] == [
        r.record_type for r in open_fileset(wheel_data() / "dicomdirtests").records()]


def test_add_refusals(tmp_path: Path) -> None:
    fs = FileSet.new(tmp_path).add(_sources()[0])
    with pytest.raises(FileSetError, match="already in the File-set"):
        fs.add(_sources()[0])
    bare = typeddcm.read(_sources()[0])
    with pytest.raises(FileSetError, match="no file meta"):
        fs.add(typeddcm.DicomFile(None, Dataset(), bare.dataset, bare.transfer_syntax))
    no_id = bare.with_dataset(bare.dataset.delete("PatientID").set("SOPInstanceUID", "1.2.9"))
    with pytest.raises(RecordKeyError, match="Patient ID"):
        FileSet.new(tmp_path).add(no_id)
    with pytest.raises(FileSetError, match="is not in this File-set"):
        fs.remove(open_fileset(wheel_data() / "dicomdirtests").find("PATIENT")[0])


def test_add_with_on_error_skips_and_reports(tmp_path: Path) -> None:
    bare = typeddcm.read(_sources()[0])
    no_number = bare.with_dataset(bare.dataset.delete("InstanceNumber").set(
        "SOPInstanceUID", "1.2.99"))
    failures: list[tuple[object, Exception]] = []
    fs = FileSet.new(tmp_path).add(
        _sources()[0], wheel_data() / "README.txt", no_number, _sources()[0], _sources()[1],
        on_error=lambda source, exc: failures.append((source, exc)))
    assert len(fs) == 2
    kinds = [type(exc).__name__ for _, exc in failures]
    assert kinds == ["InvalidDicomError", "RecordKeyError", "FileSetError"]
    assert failures[1][0] is no_number
    # the failed instance took no name: the next one got the next free File ID
    assert [i.file_id[0] for i in fs.instances()] == ["PT000000", "PT000001"]


def test_not_a_dicomdir(tmp_path: Path) -> None:
    with pytest.raises(FileSetError, match="not a DICOMDIR"):
        open_fileset(_sources()[0])


def test_instance_is_a_value() -> None:
    fs = open_fileset(wheel_data() / "dicomdirtests")
    instance = fs.instances()[0]
    assert isinstance(instance, Instance)
    assert instance.ancestors[0].record_type == "PATIENT"
    assert instance.transfer_syntax_uid == "1.2.840.10008.1.2.1"

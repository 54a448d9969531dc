"""typeddcm.dicomdir: reading record trees, computing offsets, F.5 record keys, File IDs.

pydicom's FileSet is the oracle on the DICOMDIR files of its wheel: the record tree we
read must be the tree it reads, and a DICOMDIR we write must load in it with the same
instances, record types and File IDs.
"""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.dicomdir import (
    NewRecord,
    RecordKeyError,
    build_dicomdir,
    check_file_id,
    component_name,
    generate_names,
    is_conformant_file_id,
    lay_out,
    make_dicomdir,
    new_record,
    parse_directory,
    read_dicomdir,
    record_keys,
    record_types_for,
    records_for,
    write_dicomdir,
)
from typeddcm.dicomdir.tree import item_offsets
from typeddcm.errors import DirectoryError, FileIDError
from typeddcm.vr import CS

pydicom = pytest.importorskip("pydicom")
from pydicom.data import get_testdata_file  # noqa: E402
from pydicom.fileset import FileSet  # noqa: E402

WHEEL_DICOMDIRS = ["DICOMDIR", "DICOMDIR-implicit", "DICOMDIR-bigEnd", "DICOMDIR-reordered",
                   "DICOMDIR-nooffset", "TINY_ALPHA/DICOMDIR", "DICOMDIR-empty.dcm"]


def _path(name: str) -> str:
    found = get_testdata_file(name)
    assert isinstance(found, str)
    return found


def _summary(record_type: str, values: dict[str, str]) -> tuple[str, str]:
    for keyword in ("PatientID", "StudyInstanceUID", "SeriesInstanceUID",
                    "ReferencedSOPInstanceUIDInFile"):
        if keyword in values:
            return record_type, values[keyword]
    return record_type, ""


def _ours(directory: typeddcm.dicomdir.Directory) -> list[tuple[int, tuple[str, str]]]:
    out = []
    for root in directory.roots:
        stack = [(root, 0)]
        while stack:
            record, depth = stack.pop()
            values = {}
            for keyword, tag in (("PatientID", 0x00100020), ("StudyInstanceUID", 0x0020000D),
                                 ("SeriesInstanceUID", 0x0020000E),
                                 ("ReferencedSOPInstanceUIDInFile", 0x00041511)):
                element = record.dataset.get(tag)
                if element is not None and element.vr.values:
                    values[keyword] = str(element.vr.values[0])
            out.append((depth, _summary(record.record_type, values)))
            stack.extend((child, depth + 1) for child in reversed(record.children))
    return out


def _theirs(fs: FileSet) -> list[tuple[int, tuple[str, str]]]:
    out = []
    for node in fs._tree:
        values = {k: str(node._record[k].value) for k in ("PatientID", "StudyInstanceUID",
                                                         "SeriesInstanceUID",
                                                         "ReferencedSOPInstanceUIDInFile")
                if k in node._record and node._record[k].VM}
        out.append((node.depth, _summary(str(node.record_type), values)))
    return out


@pytest.mark.filterwarnings("ignore:.*item length 248 runs past")  # DICOMDIR-nooffset
@pytest.mark.parametrize("name", WHEEL_DICOMDIRS)
def test_tree_is_pydicoms(name: str) -> None:
    """The record tree of each wheel DICOMDIR is the one pydicom's FileSet builds."""
    ours = read_dicomdir(_path(name))
    with pytest.warns(UserWarning, match="invalid transfer syntax") if name in (
            "DICOMDIR-implicit", "DICOMDIR-bigEnd") else _no_warning():
        theirs = FileSet(pydicom.dcmread(_path(name)))
    assert _ours(ours) == _theirs(theirs)
    assert ours.orphans == ()
    with_files = [r for r in ours.walk() if r.file_id is not None]
    assert len(with_files) == len(theirs)


def test_nopatient_orphans_where_pydicom_refuses() -> None:
    """DICOMDIR-nopatient: the root offset names an IMAGE whose chain ends there; the other
    51 records are orphans to us, and pydicom's FileSet refuses the file (a record it
    attaches has no Referenced SOP Instance UID)."""
    ours = read_dicomdir(_path("DICOMDIR-nopatient"))
    assert [r.record_type for r in ours.roots] == ["IMAGE"]
    assert len(ours.orphans) == 51
    with pytest.raises(ValueError, match="missing a required element"):
        FileSet(pydicom.dcmread(_path("DICOMDIR-nopatient")))


class _no_warning:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def test_record_offsets_are_item_positions() -> None:
    f = typeddcm.read(_path("DICOMDIR"))
    offsets = item_offsets(f.dataset)
    theirs = [item.seq_item_tell for item in pydicom.dcmread(_path("DICOMDIR")).DirectoryRecordSequence]
    assert offsets == theirs
    directory = parse_directory(f.dataset)
    assert directory.roots[0].offset == 396
    assert directory.roots[-1].offset == 3126


def test_referenced_paths_and_find() -> None:
    root = Path(_path("DICOMDIR")).parent
    directory = read_dicomdir(root / "DICOMDIR")
    paths = directory.referenced_paths(root)
    assert len(paths) == 31
    assert all(os.path.exists(p) for _, p in paths)
    assert len(directory.find(PatientID="77654033")) == 1
    assert len(directory.find(DirectoryRecordType="IMAGE")) == 31


def _dicomdir_bytes(name: str = "DICOMDIR") -> bytearray:
    return bytearray(Path(_path(name)).read_bytes())


def _set_ul(data: bytearray, record_offset: int, tag: int, value: int) -> None:
    """Overwrite the UL value of ``tag`` inside the (explicit VR LE) item at ``record_offset``."""
    needle = struct.pack("<HH", tag >> 16, tag & 0xFFFF) + b"UL\x04\x00"
    at = data.index(needle, record_offset)
    data[at + 8 : at + 12] = struct.pack("<I", value)


def test_cycle_is_an_error_with_the_offset() -> None:
    data = _dicomdir_bytes()
    _set_ul(data, 3126, 0x00041400, 396)  # the last root record points back at the first
    with pytest.raises(DirectoryError, match="reached twice") as caught:
        parse_directory(typeddcm.read(bytes(data)).dataset)
    assert caught.value.offset == 396


def test_lower_level_cycle_is_an_error() -> None:
    data = _dicomdir_bytes()
    _set_ul(data, 856, 0x00041420, 396)  # an IMAGE record's lower entity is the first PATIENT
    with pytest.raises(DirectoryError, match="cycle"):
        parse_directory(typeddcm.read(bytes(data)).dataset)


def test_offset_starting_no_record_is_an_error() -> None:
    data = _dicomdir_bytes()
    _set_ul(data, 510, 0x00041420, 12345)
    with pytest.raises(DirectoryError, match=r"offset 12345 in .* does not start a directory record") as caught:
        parse_directory(typeddcm.read(bytes(data)).dataset)
    assert caught.value.offset == 12345


def test_unreached_records_are_orphans() -> None:
    data = _dicomdir_bytes()
    _set_ul(data, 510, 0x00041420, 0)  # the first study loses its series
    directory = parse_directory(typeddcm.read(bytes(data)).dataset)
    assert len(directory.orphans) == 6
    assert {r.record_type for r in directory.orphans} == {"SERIES", "IMAGE"}


def test_explicit_offsets_and_their_count() -> None:
    ds = typeddcm.read(_path("DICOMDIR")).dataset
    with pytest.raises(ValueError, match="offsets given"):
        parse_directory(ds, [1, 2])
    built = Dataset().set(0x00041220, [Dataset().set(0x00041430, "PATIENT")])
    with pytest.raises(DirectoryError, match="not read from a file"):
        parse_directory(built)
    directory = parse_directory(built, [10])
    assert [r.record_type for r in directory.walk()] == ["PATIENT"]


def test_file_id_outside_root_is_refused() -> None:
    record = new_record("IMAGE", record_keys("IMAGE", Dataset().set("InstanceNumber", 1)),
                        referenced=("1.2", "1.2.3", "1.2.840.10008.1.2.1"), file_id=["A"])
    record = record.set(0x00041500, CS._trusted(("..", "ETC")))  # as a lenient read keeps it
    directory = parse_directory(Dataset().set(0x00041220, [record]), [400])
    with pytest.raises(DirectoryError, match="not inside"):
        directory.referenced_paths("/tmp")


def test_unchanged_layout_is_byte_exact() -> None:
    """Laying out a read DICOMDIR's records again in their order gives the file's bytes."""
    f = typeddcm.read(_path("DICOMDIR"))
    directory = parse_directory(f.dataset)
    records = list(directory.walk())
    index = {r.offset: i for i, r in enumerate(records)}
    offsets_in_file = [r.offset for r in records]
    assert offsets_in_file == sorted(offsets_in_file)  # written in pre-order
    links = []
    for record in records:
        nxt = record.dataset.value_of(keys.OffsetOfTheNextDirectoryRecord) or 0
        low = record.dataset.value_of(keys.OffsetOfReferencedLowerLevelDirectoryEntity) or 0
        links.append((index.get(nxt) if nxt else None, index.get(low) if low else None))
    roots = [index[r.offset] for r in directory.roots]
    header = f.dataset.discard(0x00041220)
    data, offsets, _ = lay_out(header, f.meta, [r.dataset for r in records], links, roots,
                               preamble=f.preamble)
    assert list(offsets) == offsets_in_file
    assert data == Path(_path("DICOMDIR")).read_bytes()


def _instance(name: str) -> typeddcm.DicomFile:
    return typeddcm.read(_path(name))


def test_written_dicomdir_loads_in_pydicom(tmp_path: Path) -> None:
    names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm"]
    entries = []
    for number, name in enumerate(names):
        f = _instance(name)
        if name == "rtplan.dcm":
            f = f.with_dataset(f.dataset.set("InstanceNumber", 1))
        file_id = ["DATA", f"IM{number:06d}"]
        (tmp_path / "DATA").mkdir(exist_ok=True)
        typeddcm.write(f, tmp_path / "DATA" / file_id[1])
        entries.append((file_id, f))
    write_dicomdir(tmp_path, entries, file_set_id="TEST")
    fs = FileSet(tmp_path / "DICOMDIR")
    assert fs.ID == "TEST"
    assert sorted(i.SOPInstanceUID for i in fs) == sorted(
        str(f.dataset["SOPInstanceUID"].vr.value) for _, f in entries)
    assert {i.node.record_type for i in fs} == {"IMAGE", "RT PLAN"}
    assert sorted(list(i.ReferencedFileID) for i in fs) == sorted(fid for fid, _ in entries)
    # and our reader reads it back as the same tree
    ours = read_dicomdir(tmp_path / "DICOMDIR")
    assert _ours(ours) == _theirs(fs)


def test_records_merge_patient_study_series() -> None:
    f = _instance("CT_small.dcm")
    other = f.with_dataset(f.dataset.set("SOPInstanceUID", "1.2.3.4.5.6"))
    roots = records_for([(["A"], f), (["B"], other)])
    assert len(roots) == 1
    patient = roots[0]
    assert len(patient.children) == 1 and len(patient.children[0].children) == 1
    series = patient.children[0].children[0]
    assert [c.dataset[0x00041500].vr.values for c in series.children] == [("A",), ("B",)]


def test_bad_file_id_is_a_clear_error() -> None:
    f = _instance("CT_small.dcm")
    with pytest.raises(FileIDError, match=r"'ct\.dcm' is not 1 to 8 characters"):
        make_dicomdir([(["ct.dcm"], f)])
    with pytest.raises(FileIDError, match="9 components"):
        make_dicomdir([(list("ABCDEFGHI"), f)])


def test_record_keys_follow_f5() -> None:
    ds = Dataset().set("PatientID", "P1")
    patient = record_keys("PATIENT", ds)
    assert patient["PatientName"].vm == 0  # Type 2: present and empty
    with pytest.raises(RecordKeyError, match=r"\(0010,0020\) 'Patient ID' element is missing"):
        record_keys("PATIENT", Dataset())
    with pytest.raises(RecordKeyError, match="cannot be empty"):
        record_keys("PATIENT", Dataset().set("PatientID", ""))
    study = Dataset().set("StudyDate", "20200101").set("StudyTime", "1200").set("StudyID", "1")
    assert keys.StudyInstanceUID not in record_keys("STUDY", study)  # 1C, absent
    assert keys.StudyInstanceUID in record_keys(
        "STUDY", study.set("StudyInstanceUID", "1.2"))
    with pytest.raises(KeyError, match="PRIVATE"):
        record_keys("PRIVATE", ds)


def test_record_types_by_sop_class() -> None:
    ct = _instance("CT_small.dcm").dataset
    assert record_types_for(ct) == ("PATIENT", "STUDY", "SERIES", "IMAGE")
    palette = Dataset().set("SOPClassUID", "1.2.840.10008.5.1.4.39.1")
    assert record_types_for(palette) == ("PALETTE",)
    dose = ct.set("SOPClassUID", "1.2.840.10008.5.1.4.1.1.481.2")
    assert record_types_for(dose)[-1] == "RT DOSE"
    assert record_types_for(ct.set("Modality", "RTRAD"))[-1] == "RADIOTHERAPY"


def test_file_id_checks() -> None:
    assert check_file_id(["PT000000", "A_1"]) == ("PT000000", "A_1")
    assert check_file_id("X") == ("X",)
    for bad in (["abc"], ["ABCDEFGHI"], [""], ["A.B"], [], ["A"] * 9):
        assert not is_conformant_file_id(bad)
        with pytest.raises(FileIDError):
            check_file_id(bad)


def test_component_names() -> None:
    assert component_name("IM", 12) == "IM000012"
    assert component_name("IM", 10, alphanumeric=True) == "IM00000A"
    assert component_name("", 34, alphanumeric=True) == "0000000Z"  # no J
    names = list(generate_names("ABCDEF", 95))
    assert names[0] == "ABCDEF95" and names[-1] == "ABCDEF99"
    with pytest.raises(FileIDError):
        component_name("ABCDEFGH", 0)
    with pytest.raises(FileIDError):
        component_name("ABCDEFG", 10)


@given(st.text(alphabet="ABCZ_09", max_size=6), st.integers(min_value=0, max_value=9999),
       st.booleans())
def test_generated_components_are_conformant(prefix: str, index: int, alnum: bool) -> None:
    try:
        name = component_name(prefix, index, alphanumeric=alnum)
    except FileIDError:
        base = 35 if alnum else 10
        assert index >= base ** (8 - len(prefix))
        return
    assert len(name) == 8 and name.startswith(prefix)
    assert is_conformant_file_id([name])
    assert name != component_name(prefix, index + 1, alphanumeric=alnum) if (
        index + 1 < (35 if alnum else 10) ** (8 - len(prefix))) else True


@settings(deadline=None, max_examples=40)
@given(st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=4))
def test_built_trees_read_back(shape: list[int]) -> None:
    """Any tree shape: offsets written by build_dicomdir lead back to the same tree."""
    counter = iter(range(10**6))

    def record(kind: str) -> Dataset:
        return Dataset().set(0x00041430, "PRIVATE").set(
            "PrivateRecordUID", f"1.2.{next(counter)}").set("StudyDescription", kind)

    def tree(depth: int) -> tuple[NewRecord, ...]:
        if depth >= len(shape):
            return ()
        return tuple(NewRecord(record(f"D{depth}"), tree(depth + 1)) for _ in range(shape[depth]))

    roots = tree(0)
    data, offsets = build_dicomdir(roots, uid="1.2.3")
    directory = read_dicomdir(data)

    def shape_of(records: tuple[typeddcm.dicomdir.DirectoryRecord, ...] | tuple[NewRecord, ...]) -> list[object]:
        return [shape_of(r.children) for r in records]

    assert shape_of(directory.roots) == shape_of(roots)
    assert [r.offset for r in directory.walk()] == list(offsets)
    assert list(offsets) == sorted(offsets)

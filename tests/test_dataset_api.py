"""Dataset conveniences: values that may be empty, the walk, private removal, named errors."""

from __future__ import annotations

import pickle
import struct

import pytest
from hypothesis import given, settings

import typeddcm
from typeddcm import (
    Dataset,
    DicomFile,
    Element,
    MultipleValuesError,
    Tag,
    UnknownKeywordError,
    keys,
    strategies,
)
from typeddcm.errors import EmptyValueError, MissingAttributeError
from typeddcm.vr import CS, DA, LO, PN, SQ, UN, US, Date

# ----- values that may be empty ------------------------------------------------------


def type2() -> Dataset:
    return Dataset().update({
        keys.StudyDate: DA(), keys.PatientName: PN(), keys.ImageType: ["ORIGINAL", "PRIMARY"],
        keys.Rows: 512, keys.ReferencedStudySequence: SQ(),
    })


def test_value_of_gives_none_for_absent_and_empty_values() -> None:
    """None when absent or VM 0, the value for VM 1; values_of gives every value."""
    ds = type2().set(keys.SeriesDate, "20240131")
    assert ds.value_of(keys.StudyDate) is None
    assert ds.value_of(keys.PatientName) is None
    assert ds.value_of(keys.AccessionNumber) is None
    assert ds.value_of(keys.ReferencedStudySequence) is None
    assert ds.value_of(keys.SeriesDate) == Date("20240131")
    assert ds.value_of(keys.Rows) == 512
    assert ds.value_of("Rows") == 512
    assert ds.value_of(0x00280010) == 512
    assert ds.values_of(keys.ImageType) == ("ORIGINAL", "PRIMARY")
    assert ds.values_of(keys.StudyDate) == ()
    assert ds.values_of(keys.AccessionNumber) == ()
    assert ds.values_of(keys.Rows) == (512,)
    item = Dataset().set(keys.ReferencedSOPInstanceUID, "1.2.3")
    with_items = ds.set(keys.ReferencedStudySequence, [item])
    assert with_items.value_of(keys.ReferencedStudySequence) is item
    assert with_items.values_of(keys.ReferencedStudySequence) == (item,)
    assert type(with_items.values_of(keys.ReferencedStudySequence)) is tuple


def test_value_of_refuses_several_values_naming_the_attribute() -> None:
    """VM > 1 is a MultipleValuesError that names the attribute and points to values_of."""
    with pytest.raises(MultipleValuesError, match=r"ImageType \(0008,0008\) has 2 values") as info:
        type2().value_of(keys.ImageType)
    assert "ds.values_of(keys.ImageType)" in str(info.value)
    assert not isinstance(info.value, EmptyValueError)


def test_value_of_an_unknown_keyword_is_an_error() -> None:
    """A misspelt keyword is not read as an absent attribute."""
    with pytest.raises(UnknownKeywordError, match="did you mean 'StudyDate'"):
        type2().value_of("StudyDat")


def test_empty_value_errors_name_the_attribute_where_known() -> None:
    """Element.value names the attribute; the VR object alone names its VR and the accessor."""
    ds = type2()
    with pytest.raises(EmptyValueError) as info:
        _ = ds["StudyDate"].value
    message = str(info.value)
    assert message.startswith("StudyDate (0008,0020) is empty (VM 0)")
    assert "ds.value_of(keys.StudyDate)" in message
    with pytest.raises(EmptyValueError, match=r"this DA value is empty \(VM 0\).*value_of"):
        _ = ds[keys.StudyDate].value
    # Old code catching MultipleValuesError (or ValueError) still catches it.
    with pytest.raises(MultipleValuesError):
        _ = ds[keys.PatientName].value
    with pytest.raises(ValueError, match="has 2 values"):
        _ = ds["ImageType"].value
    assert ds["Rows"].value == 512
    private = Element(0x00091010, LO())
    with pytest.raises(EmptyValueError, match=r"^\(0009,1010\) is empty.*value_of\(0x00091010\)"):
        _ = private.value


def test_empty_values_read_from_bytes() -> None:
    """Type 2 attributes written empty read back as None."""
    ds = type2().update({keys.SOPClassUID: "1.2.840.10008.5.1.4.1.1.7", keys.SOPInstanceUID: "1.2.3"})
    read = typeddcm.read(DicomFile.new(ds).to_bytes()).dataset
    assert read.value_of(keys.StudyDate) is None
    assert read.value_of(keys.PatientName) is None
    assert read.values_of(keys.ImageType) == ("ORIGINAL", "PRIMARY")
    assert read.value_of(keys.Rows) == 512


# ----- named errors -----------------------------------------------------------------


def test_missing_attributes_are_named() -> None:
    """ds[key] and delete raise a KeyError subclass that names keyword and tag."""
    ds = type2()
    for attempt in (lambda: ds[keys.PatientID], lambda: ds.delete(keys.PatientID),
                    lambda: ds["PatientID"], lambda: ds[0x00100020]):
        with pytest.raises(MissingAttributeError) as info:
            attempt()
        assert str(info.value) == "PatientID (0010,0020) not in dataset"
        assert isinstance(info.value, KeyError)
    with pytest.raises(KeyError, match=r"^\(0009,1010\) not in dataset$"):
        ds[0x00091010]


def test_path_errors_name_the_path_and_the_attribute() -> None:
    """get_in names the path up to the missing element or item."""
    item = Dataset().set(keys.ReferencedSOPInstanceUID, "1.2.3")
    ds = type2().set(keys.ReferencedStudySequence, [item])
    path = (keys.ReferencedStudySequence, 0, keys.ReferencedSOPClassUID)
    with pytest.raises(MissingAttributeError) as info:
        ds.get_in(path)
    assert str(info.value) == ("path (0008,1110)[0](0008,1150): "
                               "ReferencedSOPClassUID (0008,1150) not in dataset")
    with pytest.raises(KeyError, match=r"path \(0008,1115\): ReferencedSeriesSequence"):
        ds.get_in((keys.ReferencedSeriesSequence, 0, keys.Manufacturer))
    with pytest.raises(IndexError, match=r"path \(0008,1110\)\[4\]: item index 4 out of range"):
        ds.get_in((keys.ReferencedStudySequence, 4, keys.Manufacturer))
    with pytest.raises(MissingAttributeError, match="ReferencedSOPClassUID"):
        ds.delete_in(path)


def test_unknown_keywords_suggest_close_ones() -> None:
    """A misspelt keyword suggests the keyword meant; the message survives pickling."""
    ds = type2()
    with pytest.raises(UnknownKeywordError) as info:
        ds["PatientNme"]
    assert str(info.value) == ("'PatientNme' is not a keyword of the DICOM data dictionary"
                               " (did you mean 'PatientName'?)")
    assert str(pickle.loads(pickle.dumps(info.value))) == str(info.value)
    with pytest.raises(UnknownKeywordError, match=r"did you mean 'ImageType'"):
        Tag("imagetype")
    with pytest.raises(UnknownKeywordError) as far:
        ds["Xyzzy"]
    assert "did you mean" not in str(far.value)
    assert ds.__contains__("PatientNme") is False
    assert ds.get("PatientNme") is None


# ----- walk ----------------------------------------------------------------------------


def nested() -> Dataset:
    inner = Dataset().update({keys.CodeValue: "1", keys.CodingSchemeDesignator: "DCM"})
    first = Dataset().update({keys.ReferencedSOPInstanceUID: "1.2", keys.ConceptCodeSequence: [inner]})
    second = Dataset().set(keys.ReferencedSOPInstanceUID, "1.3")
    return type2().update({keys.ReferencedImageSequence: [first, second]}).set_private(
        0x0009, "ACME", 0x10, CS("X"))


def test_walk_is_depth_first_in_tag_order() -> None:
    """Each element with its path; a sequence comes before its items' elements."""
    ds = nested()
    paths = [path for path, _ in ds.walk()]
    seq, concept = int(keys.ReferencedImageSequence.tag), int(keys.ConceptCodeSequence.tag)
    uid = int(keys.ReferencedSOPInstanceUID.tag)
    assert paths == [
        (0x00080008,), (0x00080020,), (0x00081110,), (seq,),
        (seq, 0, uid), (seq, 0, concept), (seq, 0, concept, 0, 0x00080100),
        (seq, 0, concept, 0, 0x00080102), (seq, 1, uid),
        (0x00090010,), (0x00091010,), (0x00100010,), (0x00280010,),
    ]
    assert all(type(p[0]) is Tag for p in paths)
    for path, elem in ds.walk():
        assert ds.get_in(path) is elem
    top = list(ds.walk(recursive=False))
    assert [e for _, e in top] == list(ds.elements())
    assert [p for p, _ in top] == [(t,) for t in ds]


def _all_elements(ds: Dataset) -> list[Element]:
    found: list[Element] = []
    for elem in ds.elements():
        found.append(elem)
        if isinstance(elem.vr, SQ):
            for item in elem.vr.values:
                found.extend(_all_elements(item))
    return found


@given(strategies.datasets(max_depth=3))
@settings(max_examples=60, deadline=None)
def test_walk_visits_exactly_every_element(ds: Dataset) -> None:
    """Every element at every depth, once, each reachable by its path."""
    walked = list(ds.walk())
    assert [e for _, e in walked] == _all_elements(ds)
    assert all(ds.get_in(path) is elem for path, elem in walked)
    assert len({path for path, _ in walked}) == len(walked)


def test_walk_decodes_only_sequences() -> None:
    """Leaves read from bytes stay undecoded; sequences are read to reach their items."""
    ds = nested().update({keys.SOPClassUID: "1.2.840.10008.5.1.4.1.1.7",
                          keys.SOPInstanceUID: "1.2.3"})
    for syntax in ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1"):
        read = typeddcm.read(DicomFile.new(ds, syntax).to_bytes()).dataset
        walked = list(read.walk())
        assert len(walked) == len(list(ds.walk()))
        for _path, elem in walked:
            decoded = elem.is_decoded  # before .vr below decodes it
            assert decoded == isinstance(elem.vr, SQ), elem.tag


def test_walk_reads_standard_sequences_stored_as_un() -> None:
    """A UN whose tag the dictionary knows as SQ is decoded (implicit VR inside) and walked."""
    code_value = struct.pack("<HHI", 0x0008, 0x0100, 2) + b"1 "
    item = struct.pack("<HHI", 0xFFFE, 0xE000, len(code_value)) + code_value
    ds = Dataset().update({keys.SOPClassUID: "1.2.840.10008.5.1.4.1.1.7",
                           keys.SOPInstanceUID: "1.2.3", keys.ConceptCodeSequence: UN(item)})
    read = typeddcm.read(DicomFile.new(ds).to_bytes()).dataset
    paths = [path for path, _ in read.walk()]
    assert (keys.ConceptCodeSequence.tag, 0, keys.CodeValue.tag) in paths
    code = read.get_in((keys.ConceptCodeSequence, 0, keys.CodeValue))
    assert isinstance(code, Element)
    assert code.vr.values == ("1",)


# ----- remove_private_tags --------------------------------------------------------------


def test_remove_private_tags_at_every_level_and_shares_the_rest() -> None:
    """Creators and private elements go, in items too; unchanged parts are the same objects."""
    ds = nested()
    item = ds[keys.ReferencedImageSequence].values[1].set_private(0x0011, "ACME", 0x01, CS("Y"))
    ds = ds.set_in((keys.ReferencedImageSequence, 1), item)
    clean = ds.remove_private_tags()
    assert not any((p[-1] >> 16) & 1 for p, _ in clean.walk())
    assert [p for p, _ in clean.walk()] == [
        p for p, _ in ds.walk() if not any((s >> 16) & 1 for s in p[::2])]
    before = ds[keys.ReferencedImageSequence].values
    after = clean[keys.ReferencedImageSequence].values
    assert after[0] is before[0]  # nothing private inside: shared
    assert after[1] is not before[1]
    assert clean["ImageType"] is ds["ImageType"]
    assert clean.remove_private_tags() is clean
    assert type2().remove_private_tags() == type2()
    assert 0x00090010 in ds  # the source is unchanged


def test_remove_private_tags_removes_many_in_one_pass() -> None:
    """Many private elements (the rebuilding branch) give the same result as few."""
    ds = type2()
    for offset in range(40):
        ds = ds.set_private(0x0019, "ACME", offset, US(offset))
    clean = ds.remove_private_tags()
    assert clean == type2()
    assert clean["Rows"] is ds["Rows"]


@given(strategies.datasets(max_depth=3))
@settings(max_examples=60, deadline=None)
def test_remove_private_tags_leaves_no_odd_group(ds: Dataset) -> None:
    """No odd group anywhere; every other element kept at its path; items without private
    elements shared."""
    clean = ds.remove_private_tags()
    assert all(not (step >> 16) & 1 for path, _ in clean.walk() for step in path[::2])
    kept = [(p, e) for p, e in ds.walk() if not any((s >> 16) & 1 for s in p[::2])]
    assert [p for p, _ in clean.walk()] == [p for p, _ in kept]
    for (_, ours), (_, original) in zip(clean.walk(), kept, strict=True):
        if not isinstance(original.vr, SQ):
            assert ours is original
    for path, elem in ds.walk():
        if isinstance(elem.vr, SQ) and not any((s >> 16) & 1 for s in path[::2]):
            for index, item in enumerate(elem.vr.values):
                if not any((p[-1] >> 16) & 1 for p, _ in item.walk()):
                    cleaned_sq = clean.get_in(path)
                    assert isinstance(cleaned_sq, Element)
                    assert isinstance(cleaned_sq.vr, SQ)
                    assert cleaned_sq.vr.values[index] is item
    if not any((p[-1] >> 16) & 1 for p, _ in ds.walk()):
        assert clean is ds

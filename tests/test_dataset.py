"""Tests of typeddcm.Dataset: reading, functional updates, sharing and immutability."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from typeddcm import (
    Dataset,
    Element,
    FrozenDatasetError,
    InvalidValueError,
    Tag,
    UnknownKeywordError,
    keys,
)
from typeddcm.vr import CS, LO, OB, OW, PN, SQ, SS, UN, US


def make() -> Dataset:
    return Dataset().update(
        {keys.PatientName: "Doe^John", keys.PatientID: "12345", keys.Rows: 512, keys.Columns: 256}
    )


def test_empty() -> None:
    """Dataset() is empty, equal to another empty one, and hashable."""
    assert len(Dataset()) == 0
    assert Dataset() == Dataset()
    assert hash(Dataset()) == hash(Dataset())


def test_read_by_every_key_form() -> None:
    """Tag, int, pair and keyword give the Element; a typed key gives the VR object."""
    ds = make()
    elem = ds[Tag(0x00100010)]
    assert isinstance(elem, Element)
    assert ds[0x00100010] is elem
    assert ds[(0x0010, 0x0010)] is elem
    assert ds["PatientName"] is elem
    assert ds[keys.PatientName] is elem.vr
    assert isinstance(ds[keys.PatientName], PN)
    assert ds[keys.Rows].value == 512
    assert getattr(ds, "PatientName") is elem.vr
    assert elem.keyword == "PatientName"
    assert elem.name == "Patient's Name"


def test_missing_keys() -> None:
    """Absent elements raise KeyError, get gives the default, unknown keywords are reported."""
    ds = make()
    with pytest.raises(KeyError):
        ds[keys.PixelData]
    assert ds.get(keys.PixelData) is None
    assert ds.get(0x7FE00010, "d") == "d"
    with pytest.raises(UnknownKeywordError):
        ds["NoSuchKeyword"]
    assert ds.__contains__("NoSuchKeyword") is False
    assert ds.get("NoSuchKeyword") is None
    with pytest.raises(AttributeError):
        getattr(ds, "PixelData")
    with pytest.raises(AttributeError, match="not a DICOM keyword"):
        getattr(ds, "PatientNme")


def test_contains() -> None:
    """in accepts every key form."""
    ds = make()
    for key in (keys.Rows, "Rows", 0x00280010, (0x0028, 0x0010), Tag(0x00280010)):
        assert key in ds
    assert not ds.__contains__("PixelData")
    assert object() not in ds


def test_iterates_in_tag_order() -> None:
    """Iteration yields tags in ascending order, whatever the insertion order."""
    ds = Dataset().set(keys.Rows, 1).set(keys.PatientName, "A").set(keys.SOPInstanceUID, "1.2")
    assert list(ds) == sorted(ds)
    assert [e.tag for e in ds.elements()] == list(ds)
    assert list(ds.keys()) == list(ds)


def test_natural_values_convert_by_dictionary_vr() -> None:
    """set converts natural values with the dictionary VR and validates them strictly."""
    ds = make()
    assert isinstance(ds[keys.PatientID], LO)
    assert isinstance(ds[keys.Rows], US)
    with pytest.raises(InvalidValueError):
        ds.set(keys.Rows, -1)
    with pytest.raises(InvalidValueError):
        ds.set(keys.Modality, "ct")
    assert ds.set("Modality", "CT")[keys.Modality] == CS("CT")


def test_ambiguous_vrs_follow_context() -> None:
    """US or SS follows Pixel Representation; OB or OW follows Bits Allocated."""
    unsigned = Dataset().set(keys.PixelRepresentation, 0).set(keys.SmallestImagePixelValue, 5)
    signed = Dataset().set(keys.PixelRepresentation, 1).set(keys.SmallestImagePixelValue, -5)
    assert isinstance(unsigned[keys.SmallestImagePixelValue], US)
    assert isinstance(signed[keys.SmallestImagePixelValue], SS)
    eight = Dataset().set(keys.BitsAllocated, 8).set(keys.PixelData, b"\x00\x01")
    sixteen = Dataset().set(keys.BitsAllocated, 16).set(keys.PixelData, b"\x00\x01")
    assert isinstance(eight[keys.PixelData], OB)
    assert isinstance(sixteen[keys.PixelData], OW)


def test_vr_object_must_match_dictionary() -> None:
    """A VR object the dictionary does not allow is refused; UN is always allowed."""
    with pytest.raises(InvalidValueError, match="VR US"):
        Dataset().set(keys.Rows, LO("x"))  # type: ignore[arg-type]
    assert isinstance(Dataset().set(0x00280010, UN(b"\x00\x02"))[0x00280010].vr, UN)


def test_set_delete_discard() -> None:
    """set replaces, delete raises on absence, discard returns the same dataset."""
    ds = make()
    changed = ds.set(keys.PatientID, "999")
    assert changed[keys.PatientID].value == "999"
    assert ds[keys.PatientID].value == "12345"
    smaller = ds.delete(keys.PatientID)
    assert keys.PatientID not in smaller and len(smaller) == len(ds) - 1
    with pytest.raises(KeyError):
        smaller.delete(keys.PatientID)
    assert smaller.discard(keys.PatientID) is smaller


def test_update_forms() -> None:
    """update takes a mapping, (key, value) pairs, Elements and keywords."""
    ds = Dataset().update(
        [(keys.Rows, 2)], PatientID="X"
    ).update([Element(0x00280011, US(3))])
    assert ds[keys.Rows].value == 2 and ds[keys.Columns].value == 3
    assert ds[keys.PatientID].value == "X"
    assert Dataset({keys.Rows: 2}, PatientID="X").update(Columns=3) == ds


def test_immutable() -> None:
    """Every in-place change raises FrozenDatasetError (a TypeError)."""
    ds = make()
    with pytest.raises(FrozenDatasetError):
        ds.PatientName = "x"  # type: ignore[attr-defined]  # the point of the test
    with pytest.raises(FrozenDatasetError):
        del ds.PatientName  # type: ignore[attr-defined]  # the point of the test
    with pytest.raises(TypeError):
        ds[keys.Rows] = US(1)  # type: ignore[index]  # the point of the test
    with pytest.raises(TypeError):
        del ds[keys.Rows]  # type: ignore[attr-defined]  # the point of the test
    elem = ds[Tag(0x00280010)]
    with pytest.raises(FrozenDatasetError):
        elem.vr = US(2)  # type: ignore[misc]


def test_equality_and_hash_by_content() -> None:
    """Datasets with the same elements are equal and hash alike, however they were built."""
    a = make()
    b = Dataset().set(keys.Columns, 256).set(keys.Rows, 512).update(
        PatientID="12345", PatientName="Doe^John")
    assert a == b
    assert hash(a) == hash(b)
    assert a != a.set(keys.Rows, 1)
    assert {a: 1}[b] == 1


def nested() -> Dataset:
    items = [Dataset().set(keys.Manufacturer, f"Linac {i}") for i in range(3)]
    return make().set(keys.BeamSequence, SQ(items))


def test_structural_sharing_on_set() -> None:
    """Every element an update does not touch is the same object in old and new."""
    ds = nested()
    new = ds.set(keys.PatientID, "other")
    for tag in ds:
        if tag != keys.PatientID.tag:
            assert new[tag] is ds[tag]


def test_set_in_and_sharing() -> None:
    """set_in changes one nested element; sibling items and elements are shared."""
    ds = nested()
    new = ds.set_in((keys.BeamSequence, 1, keys.Manufacturer), "Changed")
    old_items = ds[keys.BeamSequence].values
    new_items = new[keys.BeamSequence].values
    assert new_items[1][keys.Manufacturer].value == "Changed"
    assert old_items[1][keys.Manufacturer].value == "Linac 1"
    assert new_items[0] is old_items[0] and new_items[2] is old_items[2]
    assert new[keys.PatientName] is ds[keys.PatientName]
    assert new.get_in((keys.BeamSequence, 1, keys.Manufacturer)) == Element(
        0x00080070, LO("Changed"))


def test_set_in_items_and_delete_in() -> None:
    """A final index names an item: set replaces or appends it, delete removes it."""
    ds = nested()
    appended = ds.set_in((keys.BeamSequence, 3), Dataset().set(keys.Manufacturer, "New"))
    assert len(appended[keys.BeamSequence].values) == 4
    fewer = ds.delete_in((keys.BeamSequence, 1))
    assert [i[keys.Manufacturer].value for i in fewer[keys.BeamSequence].values] == [
        "Linac 0", "Linac 2"]
    no_manufacturer = ds.delete_in((keys.BeamSequence, 2, keys.Manufacturer))
    assert keys.Manufacturer not in no_manufacturer[keys.BeamSequence].values[2]
    assert len(ds[keys.BeamSequence].values) == 3


def test_path_errors_name_the_path() -> None:
    """A path through a missing or non-sequence element says where it broke."""
    ds = nested()
    with pytest.raises(KeyError, match=r"\(0010,0010\)"):
        ds.set_in((keys.PatientName, 0, keys.Manufacturer), "x")
    with pytest.raises(IndexError):
        ds.set_in((keys.BeamSequence, 9, keys.Manufacturer), "x")
    with pytest.raises(KeyError, match=r"\(300A,00B0\)"):
        Dataset().set_in((keys.BeamSequence, 0, keys.Manufacturer), "x")


def test_mutate_batches_and_refuses_after_finish() -> None:
    """mutate() collects edits; after finish the handle refuses use; the source is unchanged."""
    ds = make()
    with ds.mutate() as m:
        m.set(keys.Rows, 1)
        m.delete(keys.Columns)
        m["PatientID"] = "Z"
        del m[keys.PatientName]
    new = m.finish()
    assert new[keys.Rows].value == 1 and keys.Columns not in new
    assert new[keys.PatientID].value == "Z" and keys.PatientName not in new
    assert ds == make()
    with pytest.raises(FrozenDatasetError):
        m.set(keys.Rows, 2)


def test_private_blocks() -> None:
    """set_private reserves the first free block and reuses it for the same creator."""
    ds = Dataset().set(0x00090010, LO("OTHER"))
    ds = ds.set_private(0x0009, "ACME 1.0", 0x01, LO("first"))
    ds = ds.set_private(0x0009, "ACME 1.0", 0x02, US(7))
    assert ds[0x00090011].vr == LO("ACME 1.0")
    assert ds[0x00091101].vr == LO("first")
    assert ds[0x00091102].vr == US(7)
    block = ds.private_block(0x0009, "ACME 1.0")
    assert block is not None and block.block == 0x11
    assert ds.get_private(0x0009, "ACME 1.0", 0x02) == Element(0x00091102, US(7))
    assert ds.private_block(0x0009, "NOBODY") is None


def test_private_dictionary_gives_vr() -> None:
    """A natural value for a private element is converted by the private dictionary's VR."""
    ds = Dataset().set_private(0x0019, "GEMS_ACQU_01", 0x11, -3)  # Series contrast, SS
    elem = ds.get_private(0x0019, "GEMS_ACQU_01", 0x11)
    assert elem is not None and elem.vr == SS(-3)
    assert ds.set(0x00191011, 4)[0x00191011].vr == SS(4)
    with pytest.raises(InvalidValueError, match="pass a VR object"):
        Dataset().set_private(0x0019, "NO SUCH CREATOR", 0x01, "x")
    with pytest.raises(ValueError, match="odd groups"):
        Dataset().set_private(0x0010, "ACME", 0x01, LO("x"))


def test_pixel_data_is_not_copied() -> None:
    """Setting and deriving datasets keeps the very pixel buffer."""
    pixels = np.zeros(1024 * 1024, dtype=np.uint16).tobytes()
    ds = Dataset().set(keys.BitsAllocated, 16).set(keys.PixelData, OW.from_buffer(pixels))
    derived = ds.set(keys.PatientName, "X").set_in((keys.PatientName,), "Y")
    assert derived[keys.PixelData].data.obj is pixels


def test_pickle_round_trip() -> None:
    """A dataset with nested items pickles to an equal dataset."""
    ds = nested()
    assert pickle.loads(pickle.dumps(ds)) == ds


def test_str_lists_elements() -> None:
    """str() lists tag, name, VR and value, indenting sequence items."""
    text = str(nested())
    assert "(0010,0010) Patient's Name" in text
    assert "PN: Doe^John" in text
    assert "    (0008,0070) Manufacturer" in text


def test_native_pixels_set_over_encapsulated_ones_get_a_defined_length() -> None:
    """Setting plain bytes over encapsulated Pixel Data must not write them as items."""
    from typeddcm.element import Element
    from typeddcm.vr import OB

    items = b"\xfe\xff\x00\xe0\x00\x00\x00\x00" + b"\xfe\xff\x00\xe0\x02\x00\x00\x00\x01\x02"
    ds = Dataset().set(0x7FE00010, Element.encapsulated(0x7FE00010, OB(items)))
    assert ds[0x7FE00010].undefined_length
    assert ds.set(0x7FE00010, OB(items + items[8:])).get(0x7FE00010).undefined_length  # type: ignore[union-attr]
    assert not ds.set(0x7FE00010, OB(b"\x01\x02\x03\x04"))[0x7FE00010].undefined_length

"""The codec builds some objects itself, without their classes' interpreted constructors
(once per item read, so the call matters): what it builds must equal what they build."""

from __future__ import annotations

from typeddcm import Dataset, keys
from typeddcm._persistent import SortedMap
from typeddcm.codec.reader import new_dataset, tag_text
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import LO


def test_new_dataset_sets_every_slot_as_from_store_does() -> None:
    store: SortedMap[Tag, Element] = SortedMap.from_sorted(
        [keys.PatientID.tag], [Element(keys.PatientID.tag, LO("X"))])
    ours, theirs = new_dataset(store, None), Dataset._from_store(store, None)
    for slot in Dataset.__slots__:
        assert getattr(ours, slot) == getattr(theirs, slot), slot
    assert ours == theirs and hash(ours) == hash(theirs)


def test_tag_text_is_str_of_tag() -> None:
    for value in (0, 0x00100010, 0x7FE00010, 0xFFFEE000, 0xFFFFFFFF, 0x00091001):
        assert tag_text(value) == str(Tag(value))

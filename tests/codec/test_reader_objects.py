"""The codec builds some objects itself, without their classes' interpreted constructors
(once per item or sequence read, so the call matters): what it builds must equal what
they build."""

from __future__ import annotations

from typeddcm import Dataset, keys
from typeddcm._persistent import SortedMap
from typeddcm.codec._decode import _sequence
from typeddcm.codec.reader import new_dataset
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import LO, SQ


def _store() -> SortedMap[Tag, Element]:
    return SortedMap.from_sorted([keys.PatientID.tag], [Element(keys.PatientID.tag, LO("X"))])


def test_new_dataset_sets_every_slot_as_from_store_does() -> None:
    store = _store()
    ours, theirs = new_dataset(store, None), Dataset._from_store(store, None)
    for slot in Dataset.__slots__:
        assert getattr(ours, slot) == getattr(theirs, slot), slot
    assert ours == theirs and hash(ours) == hash(theirs)


def test_sequence_is_sq_trusted() -> None:
    items = [Dataset._from_store(_store()), Dataset()]
    ours, theirs = _sequence(items), SQ._trusted(items)
    assert type(ours) is SQ and ours == theirs and ours.values == theirs.values

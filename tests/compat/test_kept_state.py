"""What the user put in comes back as it went in, as in pydicom: items that hold more than
their content (Dataset subclasses, attributes of their own), Sequence subclasses, date
objects and FL floats as assigned (highdicom builds SR content trees this way)."""

from __future__ import annotations

import copy
import datetime
import gc
import pickle
import types
import weakref
from typing import Any

import pydicom
import pytest

import typeddcm.compat as compat
from typeddcm.compat.dataset import Dataset
from typeddcm.compat.sequence import Sequence


class Concept(Dataset):
    """A Dataset subclass with state of its own, as highdicom's CodedConcept."""

    def __init__(self, value: str) -> None:
        super().__init__()
        self.CodeValue = value
        self.extra = [value]

    def __hash__(self) -> int:  # type: ignore[override]  # pydicom's Dataset is unhashable
        return hash(self.CodeValue)


class Items(Sequence):
    """A Sequence subclass with an index of its own, as highdicom's ContentSequence."""

    def __init__(self, items: list[Dataset]) -> None:
        super().__init__(items)
        self.by_value = {str(i.CodeValue): i for i in items}


def _build(module: types.ModuleType) -> Any:
    """The same construction on pydicom and on compat: subclass items, then dropped."""

    class ModConcept(module.dataset.Dataset):  # type: ignore[name-defined,misc]
        def __init__(self, value: str) -> None:
            super().__init__()
            self.CodeValue = value
            self.extra = [value]

        __hash__ = object.__hash__

    ds = module.dataset.Dataset()
    ds.ConceptNameCodeSequence = [ModConcept("1"), ModConcept("2")]
    gc.collect()
    return ds


@pytest.mark.parametrize("module", [pydicom, compat], ids=["pydicom", "compat"])
def test_subclass_items_come_back_as_pydicom_gives_them(module: types.ModuleType) -> None:
    ds = _build(module)
    items = list(ds.ConceptNameCodeSequence)
    assert [type(i).__name__ for i in items] == ["ModConcept", "ModConcept"]
    assert [i.extra for i in items] == [["1"], ["2"]]
    assert {items[0]: 1}[ds.ConceptNameCodeSequence[0]] == 1  # hashable, the same object
    assert ds.ConceptNameCodeSequence[1] is items[1]


def test_a_subclass_item_dropped_by_its_maker_is_still_itself() -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Concept("1")]
    gc.collect()
    item = ds.ConceptNameCodeSequence[0]
    assert type(item) is Concept
    assert item.extra == ["1"]
    assert item.CodeValue == "1"


def test_kept_items_follow_inserts_and_deletes() -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Concept("1"), Concept("2")]
    ds.ConceptNameCodeSequence.insert(0, Dataset())
    gc.collect()
    assert [type(i) for i in ds.ConceptNameCodeSequence] == [Dataset, Concept, Concept]
    del ds.ConceptNameCodeSequence[1]
    gc.collect()
    assert [type(i) for i in ds.ConceptNameCodeSequence] == [Dataset, Concept]
    assert getattr(ds.ConceptNameCodeSequence[1], "extra") == ["2"]


def test_an_item_given_attributes_or_a_class_later_keeps_them() -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Dataset(), Dataset()]
    first = ds.ConceptNameCodeSequence[0]
    first.note = "checked"  # type: ignore[attr-defined]
    second = ds.ConceptNameCodeSequence[1]
    second.__class__ = Concept
    del first, second
    gc.collect()
    assert getattr(ds.ConceptNameCodeSequence[0], "note") == "checked"
    assert type(ds.ConceptNameCodeSequence[1]) is Concept


def test_plain_items_are_not_kept_and_make_no_cycle() -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Dataset(), Dataset()]
    ds.ConceptNameCodeSequence[0].CodeValue = "1"
    assert not ds._root.kept
    gc.disable()
    try:
        ref = weakref.ref(ds)
        del ds
        assert ref() is None  # freed by reference counting, not by the collector
    finally:
        gc.enable()


def test_an_item_moved_to_another_tree_leaves_its_old_tree_whole() -> None:
    source = Dataset()
    source.ConceptNameCodeSequence = [Concept("1"), Concept("2")]
    second = source.ConceptNameCodeSequence[1]
    first = source.ConceptNameCodeSequence[0]
    target = Dataset()
    target.ConceptNameCodeSequence = [first]
    # The moved item lives in the target; the source keeps its content and its other views,
    # and an item of the same class and state where the moved one was (pydicom would have
    # the one object in both).
    assert target.ConceptNameCodeSequence[0] is first
    twin = source.ConceptNameCodeSequence[0]
    assert type(twin) is Concept
    assert twin is not first
    assert getattr(twin, "extra") == ["1"]
    assert twin == first
    assert second.CodeValue == "2"
    assert second is source.ConceptNameCodeSequence[1]
    assert [i.CodeValue for i in source.ConceptNameCodeSequence] == ["1", "2"]


@pytest.mark.parametrize("how", ["copy", "deepcopy", "pickle"])
def test_copies_keep_item_classes_and_state(how: str) -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Concept("1"), Dataset()]
    ds.ConceptNameCodeSequence[0].ContentSequence = [Concept("2")]
    gc.collect()
    if how == "copy":
        other = copy.copy(ds)
    elif how == "deepcopy":
        other = copy.deepcopy(ds)
    else:
        other = pickle.loads(pickle.dumps(ds))
    first = other.ConceptNameCodeSequence[0]
    assert type(first) is Concept
    assert getattr(first, "extra") == ["1"]
    assert type(first.ContentSequence[0]) is Concept
    assert type(other.ConceptNameCodeSequence[1]) is Dataset
    assert first is not ds.ConceptNameCodeSequence[0]
    if how != "copy":
        assert getattr(first, "extra") is not getattr(ds.ConceptNameCodeSequence[0], "extra")


def test_a_sequence_subclass_assigned_is_the_value_read() -> None:
    ds = Dataset()
    items = Items([Concept("1"), Concept("2")])
    ds.ContentSequence = items
    del items
    gc.collect()
    seq = ds.ContentSequence
    assert type(seq) is Items
    assert set(seq.by_value) == {"1", "2"}
    seq.append(Concept("3"))  # writes through, as any bound Sequence
    assert [i.CodeValue for i in ds.ContentSequence] == ["1", "2", "3"]
    # A new assignment replaces it.
    ds.ContentSequence = [Dataset()]
    assert type(ds.ContentSequence) is Sequence


def test_a_sequence_subclass_in_an_item_keeps_the_item() -> None:
    ds = Dataset()
    ds.ConceptNameCodeSequence = [Dataset()]
    ds.ConceptNameCodeSequence[0].ContentSequence = Items([Concept("1")])
    gc.collect()
    assert type(ds.ConceptNameCodeSequence[0].ContentSequence) is Items
    deep = copy.deepcopy(ds)
    seq = deep.ConceptNameCodeSequence[0].ContentSequence
    assert type(seq) is Items
    assert seq._owner is deep.ConceptNameCodeSequence[0]
    assert type(seq.by_value["1"]) is Concept


@pytest.mark.parametrize("module", [pydicom, compat], ids=["pydicom", "compat"])
def test_a_date_object_assigned_is_the_value_read(module: types.ModuleType) -> None:
    ds = module.dataset.Dataset()
    ds.StudyDate = module.valuerep.DA("20190821")
    ds.StudyTime = datetime.time(15, 30)
    assert ds.StudyDate == module.valuerep.DA("20190821")
    assert isinstance(ds.StudyDate, datetime.date)
    assert ds.StudyTime == datetime.time(15, 30)
    ds.StudyDate = "20200101"  # a new value: the text, as assigned
    assert ds.StudyDate == "20200101"



class Counting(Sequence):
    """Counts the items its own append and insert see, as highdicom's index does."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def append(self, value: Dataset) -> None:
        self.seen += 1
        super().append(value)

    def insert(self, index: int, value: Dataset) -> None:
        self.seen += 1
        super().insert(index, value)


@pytest.mark.parametrize("bound", [False, True])
def test_append_extend_and_iadd_do_not_call_each_other(bound: bool) -> None:
    seq = Counting()
    if bound:
        ds = Dataset()
        ds.ContentSequence = seq
    seq.append(Dataset())
    assert seq.seen == 1
    seq.extend([Dataset(), Dataset()])
    assert seq.seen == 1  # extend is not append, as in pydicom
    seq += [Dataset()]
    assert seq.seen == 1
    assert len(seq) == 4
    with pytest.raises(TypeError, match="iterable of 'Dataset'"):
        seq.extend(Dataset())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="iterable of 'Dataset'"):
        seq += 5  # type: ignore[arg-type]


@pytest.mark.parametrize("module", [pydicom, compat], ids=["pydicom", "compat"])
def test_an_fl_float_assigned_is_the_value_read(module: types.ModuleType) -> None:
    ds = module.dataset.Dataset()
    ds.ExaminedBodyThickness = 1.23456
    assert ds.ExaminedBodyThickness == 1.23456
    assert ds["ExaminedBodyThickness"].value == 1.23456


@pytest.mark.parametrize("module", [pydicom, compat], ids=["pydicom", "compat"])
@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_sequence_has_vm_1_however_many_items(module: types.ModuleType, count: int) -> None:
    ds = module.dataset.Dataset()
    ds.EventCodeSequence = [module.dataset.Dataset() for _ in range(count)]
    assert ds["EventCodeSequence"].VM == 1


@pytest.mark.parametrize("module", [pydicom, compat], ids=["pydicom", "compat"])
def test_fl_floats_assigned_are_the_values_read(module: types.ModuleType) -> None:
    ds = module.dataset.Dataset()
    ds.ExaminedBodyThickness = [1.23456]
    assert ds.ExaminedBodyThickness == 1.23456
    ds.ExaminedBodyThickness = [1.23456, 1e-05]
    assert list(ds.ExaminedBodyThickness) == [1.23456, 1e-05]
    ds.ExaminedBodyThickness.append(2.5)  # writes through, as any MultiValue
    assert list(ds.ExaminedBodyThickness) == [1.23456, 1e-05, 2.5]
    assert ds["ExaminedBodyThickness"].VM == 3


def test_a_dataset_is_a_context_manager_as_in_pydicom_3() -> None:
    from typeddcm.samples import sample_path

    with compat.dcmread(sample_path("ct_small.dcm")) as ds:
        assert ds.Modality == "CT"
    with pytest.raises(KeyError), Dataset() as empty:  # exceptions pass through
        _ = empty[0x00100010]

"""typeddcm.compat.multival.MultiValue: pydicom's list of values, and its write-back.

pydicom 3's MultiValue is the oracle for construction, item conversion and how it
prints; a MultiValue taken from a dataset must change the dataset as it changes, and
a change the element refuses must change neither.
"""

from __future__ import annotations

import copy
import pickle
from typing import Any

import pytest

from typeddcm.compat import config, dataelem, multival, valuerep
from typeddcm.compat.dataset import Dataset
from typeddcm.compat.multival import MultiValue
from typeddcm.compat.tag import BaseTag
from typeddcm.compat.uid import UID
from typeddcm.compat.valuerep import IS, DSfloat, MultiString, PersonName

pydicom = pytest.importorskip("pydicom")

def _dataset() -> Any:
    """A compat Dataset typed as pydicom code sees one: values of any form may be set."""
    return Dataset()



def test_one_class_two_homes() -> None:
    assert valuerep.MultiValue is multival.MultiValue


def test_constructor_applies_the_type_constructor() -> None:
    values = MultiValue(DSfloat, ["1.5", 2, 3.25])
    assert values == [1.5, 2.0, 3.25]
    assert all(isinstance(v, DSfloat) for v in values)
    assert values.type_constructor is DSfloat
    theirs = pydicom.multival.MultiValue(pydicom.valuerep.DSfloat, ["1.5", 2, 3.25])
    assert list(values) == list(theirs)


def test_items_alone_are_kept_as_given() -> None:
    values: MultiValue[Any] = MultiValue(["a", 1, b"x"])
    assert values == ["a", 1, b"x"]
    values.append(2.5)
    assert values[-1] == 2.5 and isinstance(values[-1], float)
    assert MultiValue() == []
    assert MultiValue(str) == []


@pytest.mark.parametrize(("change", "expected"), [
    (lambda v: v.append("4"), [1, 2, 3, 4]),
    (lambda v: v.insert(0, "0"), [0, 1, 2, 3]),
    (lambda v: v.extend(["4", 5.0]), [1, 2, 3, 4, 5]),
    (lambda v: v.__setitem__(1, "9"), [1, 9, 3]),
    (lambda v: v.__setitem__(slice(0, 2), ["7", "8"]), [7, 8, 3]),
    (lambda v: v.__iadd__(["4"]), [1, 2, 3, 4]),
])
def test_every_way_in_converts(change: Any, expected: list[int]) -> None:
    ours = MultiValue(IS, ["1", "2", "3"])
    theirs = pydicom.multival.MultiValue(pydicom.valuerep.IS, ["1", "2", "3"])
    change(ours)
    change(theirs)
    assert ours == expected == list(theirs)
    assert all(isinstance(v, IS) for v in ours)


def test_a_bad_item_raises_and_changes_nothing() -> None:
    values = MultiValue(IS, ["1", "2"])
    with pytest.raises(ValueError, match="not an integer"):
        values.append("one")
    with pytest.raises(TypeError):
        values.append(1.5)
    assert values == [1, 2]


@pytest.mark.parametrize("items", [[], ["a"], ["a", "b"], [1, 2.5], [b"x", "y"]])
def test_str_and_repr_as_pydicom(items: list[Any]) -> None:
    ours: MultiValue[Any] = MultiValue(items)
    theirs = pydicom.multival.MultiValue(lambda x: x, items)
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)


def test_str_of_compat_values() -> None:
    names = MultiValue(PersonName, ["A^B", "C^D"])
    assert str(names) == "[A^B, C^D]"
    spacing = MultiValue(DSfloat, ["0.5", "0.50"])
    assert str(spacing) == "[0.5, 0.50]"


def test_list_behaviour() -> None:
    values = MultiValue(IS, ["3", "1", "2"])
    assert isinstance(values, list)
    assert values == [3, 1, 2] and values != [1]
    values.sort()
    assert values == [1, 2, 3]
    values.sort(reverse=True)
    assert values == [3, 2, 1]
    values.reverse()
    assert values.pop() == 3 and values == [1, 2]
    values.remove(1)
    del values[0]
    assert values == []
    values.append("5")
    values.clear()
    assert values == []


def test_pickle_copy_and_deepcopy_are_free_standing() -> None:
    values = MultiValue(DSfloat, ["1.5", "2"])
    for other in (pickle.loads(pickle.dumps(values)), copy.copy(values), copy.deepcopy(values)):
        assert other == values and type(other) is MultiValue
        assert other.type_constructor is DSfloat
        assert other._owner is None
    lam: MultiValue[Any] = MultiValue(lambda x: x, [1])
    assert pickle.loads(pickle.dumps(lam)) == [1]  # a lambda does not pickle: items only


# --- taken from a dataset: changes go to the element ---------------------------------


def test_append_writes_back() -> None:
    ds = _dataset()
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.ImageType.append("AXIAL")
    assert ds.ImageType == ["ORIGINAL", "PRIMARY", "AXIAL"]
    assert str(ds.freeze()[0x00080008].vr) == "ORIGINAL\\PRIMARY\\AXIAL"


def test_every_change_writes_back_with_the_vrs_type() -> None:
    ds = _dataset()
    ds.PixelSpacing = ["0.5", "0.5"]
    spacing = ds.PixelSpacing
    assert spacing.type_constructor is valuerep.DS
    spacing.append("0.25")
    assert isinstance(spacing[2], DSfloat)
    spacing[0] = 1
    spacing.insert(0, "2")
    del spacing[1]
    spacing.extend([3])
    spacing += ["4"]
    assert ds.PixelSpacing == spacing == [2, 0.5, 0.25, 3, 4]
    spacing.sort()
    assert ds.PixelSpacing == [0.25, 0.5, 2, 3, 4]


def test_refused_change_changes_neither() -> None:
    ds = _dataset()
    ds.ImagePositionPatient = ["1", "2", "3"]
    position = ds.ImagePositionPatient
    with pytest.raises(ValueError, match="not a decimal number"):
        position.append("not a number")
    assert position == [1, 2, 3]
    assert ds.ImagePositionPatient == [1, 2, 3]
    with config.override(writing_validation_mode=config.RAISE):
        types = ds.ImageType = ["A", "B"]
        types = ds.ImageType
        with pytest.raises(ValueError, match="CS"):
            types.append("lower case is not CS")
        assert ds.ImageType == types == ["A", "B"]


def test_type_constructors_by_vr() -> None:
    ds = _dataset()
    ds.ReferencedFrameNumber = ["1", "2"]
    assert ds.ReferencedFrameNumber.type_constructor is IS
    ds.OtherPatientNames = ["A^B", "C^D"]
    ds.OtherPatientNames.append("E^F")
    assert isinstance(ds.OtherPatientNames[2], PersonName)
    ds.RelatedGeneralSOPClassUID = ["1.2.3", "1.2.4"]
    ds.RelatedGeneralSOPClassUID.append("1.2.5")
    assert isinstance(ds.RelatedGeneralSOPClassUID[2], UID)
    ds.FrameIncrementPointer = [0x00181063, 0x00181065]
    ds.FrameIncrementPointer.append((0x0018, 0x1066))
    assert isinstance(ds.FrameIncrementPointer[2], BaseTag)
    assert ds.FrameIncrementPointer[2] == 0x00181066
    ds.StudyDate = ["20200101", "20200102"]
    with config.override(datetime_conversion=True):
        dates = ds.StudyDate
        dates.append("20200103")
        assert isinstance(dates[2], valuerep.DA)
    assert ds.StudyDate == ["20200101", "20200102", "20200103"]


def test_a_free_standing_list_from_an_element_pickles_without_its_dataset() -> None:
    ds = _dataset()
    ds.ImageType = ["A", "B"]
    copied = pickle.loads(pickle.dumps(ds.ImageType))
    copied.append("C")
    assert ds.ImageType == ["A", "B"]


# --- MultiString, isMultiValue, isStringOrStringList ------------------------------------


@pytest.mark.parametrize(("text", "valtype"), [
    ("A\\B", None), ("A", None), ("", None), ("A \\B  \x00", None), ("1.5\\2", DSfloat),
    ("1.2.3", UID), ("7", IS),
])
def test_multistring(text: str, valtype: Any) -> None:
    """pydicom 1.x's MultiString is pydicom 3's multi_string (empty text stays '')."""
    from pydicom.values import multi_string

    ours = MultiString(text, valtype) if valtype else MultiString(text)
    if text == "":
        assert ours == ""
        return
    theirs_type = {DSfloat: pydicom.valuerep.DSfloat, UID: pydicom.uid.UID,
                   IS: pydicom.valuerep.IS}.get(valtype, str)
    theirs = multi_string(text, theirs_type)
    assert (list(ours) if isinstance(ours, MultiValue) else ours) == (
        list(theirs) if isinstance(theirs, pydicom.multival.MultiValue) else theirs)
    if valtype is not None:
        items = ours if isinstance(ours, MultiValue) else [ours]
        assert all(isinstance(v, valtype) for v in items)


def test_multistring_takes_bytes() -> None:
    assert MultiString(b"A\\B ") == ["A", "B"]


@pytest.mark.parametrize(("value", "multi", "strings"), [
    ("abc", False, True), (b"abc", False, False), (5, False, False), (None, False, False),
    (["a", "b"], True, True), (("a", 1), True, False), (MultiValue(["x"]), True, True),
    ([], True, True), ({"a"}, True, True), (range(3), True, False),
])
def test_is_multi_value_and_is_string_or_string_list(value: Any, multi: bool,
                                                     strings: bool) -> None:
    assert dataelem.isMultiValue(value) is multi
    assert dataelem.isStringOrStringList(value) is strings

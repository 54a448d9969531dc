"""typeddcm.compat.tag against pydicom 3's tag module (the oracle)."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm import tag as core_tag
from typeddcm.compat import tag
from typeddcm.compat.tag import BaseTag, Tag
from typeddcm.dictionary import lookup
from typeddcm.errors import DicomError

pydicom_tag = pytest.importorskip("pydicom.tag")

GOOD: list[Any] = [
    0x00100010, 0, 0xFFFFFFFF, (0x10, 0x10), [0x10, 0x10], (0xFFFF, 0xFFFF), "PatientName",
    "0x00100010", "00100010", "7fe00010", "0xFFFFFFFF", ("0x10", "0x10"), ["7fe0", "0010"],
    "BeamSequence", True, np.uint32(0x00280010), np.int64(5),
]
BAD: list[Any] = [
    -1, 0x100000000, (0x10000, 0), (0, 0x10000), (-1, 0), (0x10, -1), "-1", "0x100000000",
    "NotAKeyword", "(0010,0010)", (1, 2, 3), (1,), [], (0x10, "0x10"), ("0x10", 0x10),
    ("zz", "10"),
]


def reference_text(theirs: Any) -> str:
    """pydicom 3's "(7FE0,0010)" in the reference's spelling "(7fe0, 0010)"."""
    return str(theirs).lower().replace(",", ", ")


def outcome(make: Any, *args: Any) -> tuple[str, Any]:
    try:
        return ("ok", int(make(*args)))
    except Exception as exc:  # the type is what we compare
        return ("error", type(exc).__name__)


@pytest.mark.parametrize("arg", GOOD, ids=repr)
def test_good_input_matches_pydicom(arg: Any) -> None:
    ours = Tag(arg)
    assert type(ours) is BaseTag
    assert int(ours) == int(pydicom_tag.Tag(arg))
    assert str(ours) == repr(ours) == reference_text(pydicom_tag.Tag(arg))


@pytest.mark.parametrize("arg", BAD, ids=repr)
def test_bad_input_raises_what_pydicom_raises(arg: Any) -> None:
    assert outcome(Tag, arg) == outcome(pydicom_tag.Tag, arg)
    assert outcome(Tag, arg)[0] == "error"


@pytest.mark.parametrize(("a", "b"), [(0x10, 0x10), (0xFFFF, 0), (0x10000, 0), (-1, 5), (5, -1)])
def test_two_arguments_match_pydicom(a: int, b: int) -> None:
    assert outcome(Tag, a, b) == outcome(pydicom_tag.Tag, a, b)


@given(st.integers(-(2**33), 2**33))
def test_any_int_matches_pydicom(value: int) -> None:
    assert outcome(Tag, value) == outcome(pydicom_tag.Tag, value)


@given(st.integers(-2, 0x10001), st.integers(-2, 0x10001))
def test_any_pair_matches_pydicom(group: int, element: int) -> None:
    assert outcome(Tag, (group, element)) == outcome(pydicom_tag.Tag, (group, element))
    assert outcome(Tag, group, element) == outcome(pydicom_tag.Tag, group, element)


@given(st.integers(0, 0xFFFFFFFF))
def test_properties_match_pydicom(value: int) -> None:
    ours, theirs = Tag(value), pydicom_tag.Tag(value)
    assert (ours.group, ours.element, ours.elem) == (theirs.group, theirs.element, theirs.elem)
    assert ours.json_key == theirs.json_key
    assert str(ours) == repr(ours) == reference_text(theirs)
    assert int(ours.private_creator) == int(theirs.private_creator)
    if (value >> 16) not in (1, 3, 5, 7, 0xFFFF):  # see test_is_private_follows_the_standard
        assert ours.is_private == theirs.is_private
        assert ours.is_private_creator == theirs.is_private_creator
    assert hash(ours) == hash(value) == hash(theirs)


def test_text_is_the_references() -> None:
    """Deliberate: the reference prints "(0010, 0010)" (pydicom 1.x/2.x); pydicom 3 "(0010,0010)"."""
    assert str(Tag("PixelData")) == repr(Tag("PixelData")) == "(7fe0, 0010)"
    assert str(pydicom_tag.Tag("PixelData")) == "(7FE0,0010)"
    assert f"{Tag(0xFFFEE000)}" == "(fffe, e000)"


def test_is_private_follows_the_standard() -> None:
    """Deliberate: groups 1, 3, 5, 7, FFFF are odd but not private (PS3.5 7.1)."""
    for group in (1, 3, 5, 7, 0xFFFF):
        assert not Tag(group, 0x0010).is_private
        assert pydicom_tag.Tag(group, 0x0010).is_private
    assert Tag(0x0009, 0x0010).is_private_creator
    assert Tag(0x0009, 0x1010).is_private and not Tag(0x0009, 0x1010).is_private_creator
    assert Tag(0x0009, 0x1010).private_creator == Tag(0x0009, 0x0010)


def test_float_is_refused() -> None:
    """Deliberate: pydicom truncates Tag(1.5) to (0000,0001); we refuse a float."""
    with pytest.raises(TypeError):
        Tag(1.5)  # type: ignore[arg-type]
    assert int(pydicom_tag.Tag(1.5)) == 1
    with pytest.raises(TypeError):
        Tag(None)  # type: ignore[arg-type]


def test_numpy_pairs_and_empty_text() -> None:
    """Deliberate: a pair of numpy integers is taken (pydicom wants plain ints), and ""
    names no tag (pydicom's keyword table maps "" to some tag)."""
    assert Tag((np.uint16(8), np.uint16(16))) == 0x00080010  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pydicom_tag.Tag((np.uint16(8), np.uint16(16)))
    with pytest.raises(ValueError, match="unknown DICOM element keyword"):
        Tag("")
    assert isinstance(int(pydicom_tag.Tag("")), int)


def test_comparisons_like_pydicom() -> None:
    t = Tag("PatientName")
    others: list[Any] = [0x00100010, (0x10, 0x10), [0x10, 0x10], "PatientName", "00100010",
                         0x00100011, (0x10, 0x11), "PatientID", None, "junk", 1.0, object()]
    theirs = pydicom_tag.Tag("PatientName")
    for other in others:
        assert (t == other) == (theirs == other), other
        assert (t != other) == (theirs != other), other
    for other in [0x00100011, (0x10, 0x11), "PatientID", 0x00100010, (0x10, 0x10)]:
        for op in ("__lt__", "__le__", "__gt__", "__ge__"):
            assert getattr(t, op)(other) == getattr(theirs, op)(other), (op, other)
    with pytest.raises(TypeError):
        _ = t < "junk"
    with pytest.raises(TypeError):
        _ = t < pydicom_tag
    assert sorted([Tag(3), Tag(1), 2]) == [1, 2, 3]
    lookup_table: dict[int, int] = {Tag(0x00100010): 1}
    assert lookup_table[0x00100010] == 1


def test_a_core_tag() -> None:
    """A BaseTag is a core Tag: every core API takes it as it is."""
    t = Tag(0x00100010)
    assert isinstance(t, core_tag.Tag)
    assert core_tag.as_tag(t) is t
    entry = lookup(t)
    assert entry is not None and entry.keyword == "PatientName"
    assert Tag(core_tag.Tag(0x00100010)) == t and type(Tag(core_tag.Tag(1))) is BaseTag
    assert Tag(t) is t
    assert pickle.loads(pickle.dumps(t)) == t and type(pickle.loads(pickle.dumps(t))) is BaseTag


def test_base_tag_checks_its_range() -> None:
    with pytest.raises(ValueError, match="out of range") as info:
        BaseTag(-1)
    assert isinstance(info.value, DicomError)
    assert BaseTag(5) == 5


def test_special_tags() -> None:
    assert tag.ItemTag == pydicom_tag.ItemTag == 0xFFFEE000
    assert tag.ItemDelimiterTag == pydicom_tag.ItemDelimiterTag
    assert tag.SequenceDelimiterTag == pydicom_tag.SequenceDelimiterTag
    assert tag.TAG_PIXREP == pydicom_tag.TAG_PIXREP and tag.TAG_CHARSET == pydicom_tag.TAG_CHARSET
    assert tag.TupleTag((0x10, 0x20)) == Tag(0x10, 0x20)
    assert type(tag.TupleTag((0x10, 0x20))) is BaseTag


def test_tag_in_exception() -> None:
    expected = r"With tag \(0010, 0010\) got exception: boom"
    with pytest.raises(ValueError, match=expected) as info, tag.tag_in_exception(Tag(0x10, 0x10)):
        raise ValueError("boom")
    assert isinstance(info.value.__cause__, ValueError)

    class Picky(Exception):
        def __init__(self, a: int, b: int) -> None:
            super().__init__(a, b)

    # A type that cannot be made from a message is re-raised as it was, with a note.
    with pytest.raises(Picky) as picky, tag.tag_in_exception(0x00100010):
        raise Picky(1, 2)
    assert picky.value.args == (1, 2)
    assert "With tag (0010, 0010)" in picky.value.__notes__


def test_type_aliases_work_at_run_time() -> None:
    """pydicom 3 code writes ``TagType | None`` in annotations evaluated at run time."""
    import typing

    optional_tag = tag.TagType | None
    optional_list = tag.TagListType | None
    assert type(None) in typing.get_args(optional_tag)
    assert type(None) in typing.get_args(optional_list)
    assert int in typing.get_args(tag.TagType) and str in typing.get_args(tag.TagType)

    def keep(tags: tag.TagListType | None = None) -> int:
        return len(tags or [])

    assert keep([0x00100010]) == 1
    assert Tag(0x0010, 0x0010).json_key == "00100010"

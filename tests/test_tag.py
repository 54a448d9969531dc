"""Tests of typeddcm.tag."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm import InvalidTagError, Tag, UnknownKeywordError
from typeddcm.tag import as_tag, tag_path


def test_forms_agree() -> None:
    """An int, a (group, element) pair, two ints and a keyword make the same tag."""
    assert Tag(0x00100010) == Tag((0x0010, 0x0010)) == Tag(0x0010, 0x0010) == Tag("PatientName")
    assert Tag("PatientName") == 0x00100010


def test_str_and_repr() -> None:
    """str() is the (gggg,eeee) form the standard writes; repr() evaluates back."""
    tag = Tag(0x7FE00010)
    assert str(tag) == "(7FE0,0010)"
    assert repr(tag) == "Tag(0x7FE00010)"
    assert eval(repr(tag), {"Tag": Tag}) == tag


def test_parts_and_flags() -> None:
    """group, element, is_private and is_private_creator follow PS3.5 7.8."""
    assert Tag(0x00091010).group == 0x0009
    assert Tag(0x00091010).element == 0x1010
    assert Tag(0x00091010).is_private
    assert not Tag(0x00100010).is_private
    assert Tag(0x00090010).is_private_creator
    assert Tag(0x000900FF).is_private_creator
    assert not Tag(0x00090100).is_private_creator
    assert not Tag(0x00100010).is_private_creator
    assert not Tag(0x00010010).is_private  # groups 1, 3, 5, 7 are illegal, not private
    assert Tag(0x00080000).is_group_length


@given(st.integers(0, 0xFFFFFFFF), st.integers(0, 0xFFFFFFFF))
def test_ordered_and_hashed_like_int(a: int, b: int) -> None:
    """Tags order, compare and hash exactly like their integers."""
    assert (Tag(a) < Tag(b)) == (a < b)
    assert (Tag(a) == Tag(b)) == (a == b)
    assert hash(Tag(a)) == hash(a)
    by_tag: dict[int, int] = {Tag(a): 1}
    assert by_tag.get(a) == 1


@given(st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_pair_round_trip(group: int, element: int) -> None:
    """A tag built from a pair gives that pair back."""
    tag = Tag(group, element)
    assert (tag.group, tag.element) == (group, element)
    text = str(tag)
    assert Tag(int(text[1:5], 16), int(text[6:10], 16)) == tag


@pytest.mark.parametrize(
    "bad",
    [-1, 0x100000000, (0x10000, 0), (0, 0x10000), (1, 2, 3), 1.5, True, None, b"x"],
)
def test_rejects_bad_input(bad: object) -> None:
    """Out-of-range or malformed input raises InvalidTagError (a ValueError)."""
    with pytest.raises(InvalidTagError):
        Tag(bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="tag"):
        Tag(bad)  # type: ignore[arg-type]


def test_unknown_keyword() -> None:
    """An unknown keyword raises UnknownKeywordError naming it (also a KeyError)."""
    with pytest.raises(UnknownKeywordError, match="PatientNme"):
        Tag("PatientNme")
    with pytest.raises(KeyError):
        Tag("PatientNme")


def test_immutable_and_picklable() -> None:
    """A tag has no attributes to set and survives pickling as a Tag."""
    tag = Tag(0x00100010)
    with pytest.raises(AttributeError):
        tag.foo = 1  # type: ignore[attr-defined]
    again = pickle.loads(pickle.dumps(tag))
    assert type(again) is Tag and again == tag


def test_as_tag_is_identity_for_tags() -> None:
    """as_tag returns a Tag unchanged and converts other forms."""
    tag = Tag(0x00100010)
    assert as_tag(tag) is tag
    assert as_tag("PatientID") == 0x00100020


def test_tag_path() -> None:
    """tag_path formats tags and item indexes as (gggg,eeee)[i](gggg,eeee)."""
    assert tag_path((Tag(0x00081115), 0, Tag(0x00081150))) == "(0008,1115)[0](0008,1150)"


def test_tag_text_is_how_a_tag_prints() -> None:
    # tag_text serves code holding a plain int (the codec's item paths, findings' paths).
    from typeddcm.tag import tag_text

    for value in (0, 0x00100010, 0x7FE00010, 0xFFFEE000, 0xFFFFFFFF, 0x00091001):
        assert tag_text(value) == str(Tag(value))

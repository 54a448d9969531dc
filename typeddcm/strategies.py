"""Hypothesis strategies for typeddcm values and datasets (needs ``hypothesis``).

Every strategy draws values inside PS3.5's rules, so what it builds passes strict
validation.  Text values carry no leading or trailing spaces and no lone empty
value, because PS3.5 makes those insignificant (padding): that way a value
survives an encode/decode round trip unchanged.  Text stays in the default
repertoire (ASCII) unless a character set says otherwise.

>>> from hypothesis import given
>>> from typeddcm import strategies
>>> @given(strategies.datasets())
... def test_my_tool(ds): ...
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Callable
from functools import cache
from typing import Any

from hypothesis import strategies as st

from typeddcm.dataset import Dataset
from typeddcm.dictionary._elements import ELEMENTS
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import LO, SQ, VR_CLASSES, AnyVR, DSNumber

__all__ = [
    "VR_CODES",
    "datasets",
    "elements",
    "tags",
    "text_values",
    "vr_values",
]

#: Every VR code but SQ (which :func:`datasets` builds from nested datasets).
VR_CODES: tuple[str, ...] = tuple(sorted(code for code in VR_CLASSES if code != "SQ"))

_PRINTABLE = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) != "\\")
_TEXT_CHARS = st.sampled_from(_PRINTABLE)


def _trimmed(chars: str, min_size: int, max_size: int) -> st.SearchStrategy[str]:
    """Strings of ``chars`` without leading/trailing spaces (padding in PS3.5)."""
    alphabet = st.sampled_from(chars)
    return st.text(alphabet, min_size=min_size, max_size=max_size).map(str.strip).filter(
        lambda s: len(s) >= min_size
    )


def _multi(one: st.SearchStrategy[str], max_values: int = 3) -> st.SearchStrategy[list[str]]:
    return st.lists(one, min_size=0, max_size=max_values)


def text_values(code: str) -> st.SearchStrategy[list[str]]:
    """Lists of valid texts for the multi-valued text VRs (as a user would pass them)."""
    return _multi(_TEXT_ONE[code]())


def _uid() -> st.SearchStrategy[str]:
    component = st.one_of(st.just("0"), st.integers(1, 10**12).map(str))
    return st.lists(component, min_size=2, max_size=8).map(".".join).filter(lambda u: len(u) <= 64)


def _uri() -> st.SearchStrategy[str]:
    chars = string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%"
    return st.text(st.sampled_from(chars), min_size=1, max_size=80)


def _date_text() -> st.SearchStrategy[str]:
    return st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)).map(
        lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}"
    )


def _time_text() -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = f"{draw(st.integers(0, 23)):02d}"
        for part in (59, 59):
            if not draw(st.booleans()):
                return text
            text += f"{draw(st.integers(0, part)):02d}"
        if draw(st.booleans()):
            digits = draw(st.integers(1, 6))
            text += "." + f"{draw(st.integers(0, 10**digits - 1)):0{digits}d}"
        return text

    return build()


def _datetime_text() -> st.SearchStrategy[str]:
    @st.composite
    def build(draw: st.DrawFn) -> str:
        day = draw(st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31)))
        text = f"{day.year:04d}"
        cut = draw(st.integers(0, 3))
        if cut >= 1:
            text += f"{day.month:02d}"
        if cut >= 2:
            text += f"{day.day:02d}"
        if cut >= 3:
            text += draw(_time_text())
        if draw(st.booleans()):
            minutes = draw(st.integers(-12 * 60, 14 * 60))
            sign = "-" if minutes < 0 else "+"
            text += f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
        return text

    return build()


def _ds_text() -> st.SearchStrategy[str]:
    floats = st.floats(allow_nan=False, allow_infinity=False, width=64).map(
        lambda f: DSNumber(f).text
    )
    ints = st.integers(-(10**15) + 1, 10**16 - 1).map(str)
    return st.one_of(floats, ints)


def _pn_text() -> st.SearchStrategy[str]:
    component = _trimmed(string.ascii_letters + " -.", 1, 12)

    @st.composite
    def build(draw: st.DrawFn) -> str:
        parts = draw(st.lists(component, min_size=1, max_size=5))
        return "^".join(parts)

    return build()


_TEXT_ONE: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "AE": lambda: _trimmed(_PRINTABLE, 1, 16),
    "AS": lambda: st.builds(lambda n, u: f"{n:03d}{u}", st.integers(0, 999), st.sampled_from("DWMY")),
    "CS": lambda: _trimmed(string.ascii_uppercase + string.digits + " _", 1, 16),
    "DA": _date_text,
    "DS": _ds_text,
    "DT": _datetime_text,
    "IS": lambda: st.integers(-(2**31), 2**31 - 1).map(str),
    "LO": lambda: _trimmed(_PRINTABLE, 1, 64),
    "PN": _pn_text,
    "SH": lambda: _trimmed(_PRINTABLE, 1, 16),
    "TM": _time_text,
    "UC": lambda: _trimmed(_PRINTABLE, 1, 200),
    "UI": _uid,
}

_LONG_TEXT = _PRINTABLE + "\\"  # backslash is ordinary text in LT, ST, UT


def _long_text(max_size: int) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(_LONG_TEXT + "\r\n\t"), min_size=1, max_size=max_size).map(
        str.rstrip
    ).filter(lambda s: bool(s) and not s.startswith(" "))


_INT_RANGES: dict[str, tuple[int, int]] = {
    "SS": (-(2**15), 2**15 - 1), "US": (0, 2**16 - 1), "SL": (-(2**31), 2**31 - 1),
    "UL": (0, 2**32 - 1), "SV": (-(2**63), 2**63 - 1), "UV": (0, 2**64 - 1),
}  # fmt: skip
_WORD: dict[str, int] = {"OB": 1, "UN": 1, "OW": 2, "OF": 4, "OL": 4, "OD": 8, "OV": 8}


@cache
def vr_values(code: str) -> st.SearchStrategy[AnyVR]:
    """VR objects of VR ``code`` (not SQ), valid under strict validation."""
    cls: Any = VR_CLASSES[code]
    if code in _TEXT_ONE:
        return _multi(_TEXT_ONE[code]()).map(cls)
    if code in ("LT", "ST", "UT"):
        limit = {"LT": 300, "ST": 300, "UT": 600}[code]
        return st.one_of(st.just(""), _long_text(limit)).map(cls)
    if code == "UR":
        return st.one_of(st.just(""), _uri()).map(cls)
    if code in _INT_RANGES:
        low, high = _INT_RANGES[code]
        return st.lists(st.integers(low, high), max_size=6).map(cls)
    if code in ("FL", "FD"):
        floats = st.floats(width=32 if code == "FL" else 64, allow_nan=False)
        return st.lists(floats, max_size=6).map(cls)
    if code == "AT":
        return st.lists(tags(), max_size=4).map(cls)
    if code in _WORD:
        # Even lengths only: an odd OB/UN value is padded when encoded (PS3.5 7.1.1).
        word = max(_WORD[code], 2)
        return st.binary(max_size=64).map(lambda b: cls(b[: len(b) - len(b) % word]))
    msg = f"no strategy for VR {code!r}"
    raise ValueError(msg)


def tags() -> st.SearchStrategy[Tag]:
    """Any tag."""
    return st.integers(0, 0xFFFFFFFF).map(Tag)


@cache
def _standard_tags(unambiguous: bool = False) -> dict[str, tuple[int, ...]]:
    """Concrete dictionary tags (retired ones too) by VR code, outside groups 0000-0006 and FFFE.

    ``unambiguous`` leaves out tags with a choice of VR ("US or SS"), whose VR an
    implicit VR reader has to guess from context.
    """
    by_vr: dict[str, list[int]] = {}
    for tag, (vr, _vm, _name, keyword, _retired) in ELEMENTS.items():
        group = tag >> 16
        if not vr or not keyword or group <= 0x0006 or group == 0xFFFE or (tag & 0xFFFF) == 0:
            continue
        if unambiguous and " or " in vr:
            continue
        for code in vr.split(" or "):
            by_vr.setdefault(code, []).append(tag)
    return {code: tuple(sorted(tags)) for code, tags in by_vr.items()}


def _standard_element(code: str, unambiguous: bool = False) -> st.SearchStrategy[Element]:
    choices = _standard_tags(unambiguous)[code]
    return st.builds(Element._make, st.sampled_from(choices).map(Tag), vr_values(code))


def elements(
    codes: tuple[str, ...] = VR_CODES, *, unambiguous: bool = False
) -> st.SearchStrategy[Element]:
    """Standard (dictionary) elements of the given VRs, with valid values.

    ``unambiguous=True`` draws only tags whose dictionary VR is a single VR (what an
    implicit VR encoding can carry without guessing).
    """
    available = [c for c in codes if c in _standard_tags(unambiguous)]
    return st.sampled_from(available).flatmap(lambda c: _standard_element(c, unambiguous))


@st.composite
def _private_block(draw: st.DrawFn, codes: tuple[str, ...]) -> list[Element]:
    group = draw(st.sampled_from((0x0009, 0x0011, 0x0019, 0x0029, 0x0043)))
    block = draw(st.integers(0x10, 0xFF))
    creator = draw(_trimmed(string.ascii_uppercase + string.digits + " _.", 1, 64))
    out = [Element._make(Tag(group, block), LO(creator))]
    offsets = draw(st.lists(st.integers(0, 0xFF), max_size=4, unique=True))
    for offset in sorted(offsets):
        vr = draw(st.sampled_from(codes).flatmap(vr_values))
        out.append(Element._make(Tag(group, (block << 8) | offset), vr))
    return out


def datasets(
    *,
    max_elements: int = 12,
    max_depth: int = 2,
    max_items: int = 3,
    private: bool = True,
    codes: tuple[str, ...] = VR_CODES,
    unambiguous: bool = False,
) -> st.SearchStrategy[Dataset]:
    """Datasets of standard elements, nested sequences (to ``max_depth``) and private blocks.

    For implicit VR round trips pass ``private=False, unambiguous=True``: an implicit
    VR reader learns VRs from the dictionary, which knows neither random private
    creators nor which of "US or SS" was meant.
    """
    one = elements(codes, unambiguous=unambiguous)

    @st.composite
    def build(draw: st.DrawFn, depth: int) -> Dataset:
        found = {e.tag: e for e in draw(st.lists(one, max_size=max_elements))}
        if depth < max_depth and draw(st.booleans()):
            for tag in draw(st.lists(st.sampled_from(_standard_tags()["SQ"]), max_size=2)):
                items = draw(st.lists(build(depth + 1), max_size=max_items))
                found[Tag(tag)] = Element._make(Tag(tag), SQ(items))
        if private and draw(st.booleans()):
            for elem in draw(_private_block(codes)):
                found[elem.tag] = elem
        return Dataset.from_sorted_elements(found[t] for t in sorted(found))

    return build(0)


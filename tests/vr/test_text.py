"""Tests of the plain text VRs in typeddcm.vr.text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm import InvalidValueError, MultipleValuesError
from typeddcm.vr import AE, AS, CS, LO, LT, SH, ST, UC, UI, UR, UT

MULTI: list[type[LO]] = [AE, AS, CS, LO, SH, UC, UI]  # type: ignore[list-item]  # siblings
SINGLE: list[type[LO]] = [LT, ST, UT, UR]  # type: ignore[list-item]  # siblings


@pytest.mark.parametrize(
    ("cls", "good"),
    [
        (AE, "STORESCP"),
        (AS, "045Y"),
        (CS, "ORIGINAL"),
        (CS, "DERIVED_2 X"),
        (LO, "Linac, co."),
        (SH, "ABC-123"),
        (UC, "x" * 1000),
        (UI, "1.2.840.10008.1.2.1"),
        (UI, "0.0"),
        (LT, "line one\r\nline two \\ with backslash"),
        (ST, "short\ttext"),
        (UT, "u" * 20000),
        (UR, "http://example.com/a?b=c#d"),
    ],
)
def test_accepts_valid(cls: type[LO], good: str) -> None:
    """Values inside PS3.5's rules construct and validate strictly."""
    vr = cls(good)
    vr.validate(strict=True)
    assert str(vr) == good
    assert vr.is_valid()


@pytest.mark.parametrize(
    ("cls", "bad", "rule"),
    [
        (AE, "A" * 17, "longer than 16"),
        (AE, "    ", "not only spaces"),
        (AS, "45Y", "nnnD"),
        (AS, "045X", "nnnD"),
        (CS, "lower", "uppercase"),
        (CS, "A" * 17, "longer than 16"),
        (LO, "x" * 65, "longer than 64"),
        (LO, "tab\there", "control character"),
        (SH, "x" * 17, "longer than 16"),
        (UI, "1.02.3", "leading zeros"),
        (UI, "1..2", "leading zeros"),
        (UI, "1.2.a", "leading zeros"),
        (UI, "1." + "2" * 63, "longer than 64"),
        (ST, "x" * 1025, "longer than 1024"),
        (LT, "bell\x07", "control character"),
        (UR, "has space", "URI characters"),
    ],
)
def test_rejects_invalid(cls: type[LO], bad: str, rule: str) -> None:
    """Strict construction names the VR, the value and the rule broken."""
    with pytest.raises(InvalidValueError, match=rule) as info:
        cls(bad)
    assert info.value.vr == cls.code
    assert info.value.value == bad


def test_lenient_keeps_what_strict_refuses() -> None:
    """Values read from files are built unchecked and validate leniently."""
    vr = LO._trusted(("x" * 100,))
    vr.validate(strict=False)
    assert not vr.is_valid(strict=True)


@pytest.mark.parametrize("cls", MULTI)
def test_backslash_splits_values(cls: type[LO]) -> None:
    """A str with backslashes is several values; a list is taken as is."""
    text = {AS: "001Y\\002Y", UI: "1.2\\1.3"}.get(cls, "A\\B")
    vr = cls(text)
    assert len(vr.values) == 2
    assert str(vr) == text
    assert cls(list(vr.values)) == vr
    with pytest.raises(MultipleValuesError):
        _ = vr.value


@pytest.mark.parametrize("cls", SINGLE)
def test_single_valued_keep_backslash(cls: type[LT]) -> None:
    """LT, ST, UT and UR are one value even with a backslash in the text."""
    text = "a/b" if cls.code == "UR" else "a\\b"
    vr = cls(text)
    assert vr.value == text
    with pytest.raises(InvalidValueError, match="single value"):
        cls(["a", "b"])


@pytest.mark.parametrize("cls", MULTI + SINGLE)
def test_empty_values(cls: type[LO]) -> None:
    """Empty input means no value: VM 0, falsy, and .value is an error."""
    empties: tuple[str | list[str] | None, ...] = ("", None, [])
    for empty in empties:
        vr = cls(empty)
        assert vr.values == ()
        assert vr.vm == 0
        assert not vr
        with pytest.raises(MultipleValuesError):
            _ = vr.value


def test_frozen_and_hashable() -> None:
    """Text VR objects cannot be changed and hash by value."""
    vr = LO("x")
    with pytest.raises(AttributeError):
        vr.values = ("y",)  # type: ignore[misc]
    assert hash(vr) == hash(LO(["x"]))
    assert LO("x") != SH("x")  # type: ignore[comparison-overlap]  # different VRs


def test_bytes_refused() -> None:
    """Bytes are not text: the character set decides, so the caller decodes."""
    with pytest.raises(TypeError, match="not bytes"):
        LO(b"x")  # type: ignore[arg-type]


def test_uid_registry_info() -> None:
    """UI.info finds a registered UID's entry."""
    info = UI("1.2.840.10008.1.2.1").info
    assert info is not None
    assert info.name == "Explicit VR Little Endian"
    assert UI("1.2.3.4").info is None


@given(st.lists(st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="\\"),
                        max_size=64), min_size=1, max_size=5))
def test_lo_round_trips_text(values: list[str]) -> None:
    """Building from the DICOM text gives back the values (when not all are empty)."""
    vr = LO(values)
    if str(vr):
        assert LO(str(vr)).values == tuple(values)

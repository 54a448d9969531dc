"""Tests for typeddcm.vr.numeric_string: DSNumber, ISNumber and the DS and IS VRs."""

from __future__ import annotations

import copy
import decimal
import math
import pickle
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.errors import InvalidValueError
from typeddcm.vr.numeric_string import DS, IS, DSNumber, ISNumber, format_ds

DS_SYNTAX = re.compile(r" *[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)? *")

# -- strategies, written by hand -------------------------------------------------------------

digits = st.text("0123456789", min_size=1, max_size=6)
spaces = st.text(" ", max_size=2)
signs = st.sampled_from(["", "+", "-"])


@st.composite
def ds_texts(draw: st.DrawFn) -> str:
    """A DS text of PS3.5 syntax, at most 16 characters, with optional padding."""
    mantissa = draw(
        st.one_of(
            digits,
            st.builds(lambda a, b: f"{a}.{b}", digits, st.text("0123456789", max_size=6)),
            digits.map(lambda b: f".{b}"),
        )
    )
    exponent = draw(
        st.one_of(
            st.just(""),
            st.builds(
                lambda e, s, d: f"{e}{s}{d}",
                st.sampled_from("eE"),
                signs,
                st.text("0123456789", min_size=1, max_size=2),
            ),
        )
    )
    text = f"{draw(spaces)}{draw(signs)}{mantissa}{exponent}{draw(spaces)}"
    return text[:16] if DS_SYNTAX.fullmatch(text[:16]) else mantissa


@st.composite
def is_texts(draw: st.DrawFn) -> str:
    """An IS text of PS3.5 syntax within the 32-bit range, with optional padding and zeros."""
    number = draw(st.integers(-(2**31), 2**31 - 1))
    zeros = draw(st.text("0", max_size=1))
    sign = "-" if number < 0 else draw(st.sampled_from(["", "+"]))
    text = f"{draw(spaces)}{sign}{zeros}{abs(number)}{draw(spaces)}"
    return text if len(text) <= 12 else str(number)


finite_floats = st.floats(allow_nan=False, allow_infinity=False)


# -- DSNumber ---------------------------------------------------------------------------------


@given(ds_texts())
def test_ds_text_round_trip(text: str) -> None:
    """DSNumber keeps any valid DS text, has its float value, and validates strictly."""
    number = DSNumber(text)
    assert str(number) == text
    assert number.text == text
    assert number == float(text)
    assert DSNumber(str(number)) == number
    number.validate(strict=True)
    assert str(DS(text)) == text


@given(finite_floats)
def test_ds_from_float(value: float) -> None:
    """A float gives a valid text of at most 16 characters that reads back close to it."""
    number = DSNumber(value)
    assert len(number.text) <= 16
    assert DS_SYNTAX.fullmatch(number.text)
    assert float(number) == float(number.text)
    assert math.isclose(number, value, rel_tol=1e-8, abs_tol=1e-320)
    assert DSNumber(str(number)) == number
    DS([value]).validate(strict=True)


@given(finite_floats)
def test_repr_used_when_short(value: float) -> None:
    """When repr fits 16 characters it is the text, and the value is exactly the float."""
    if len(repr(value)) <= 16:
        assert DSNumber(value).text == repr(value)
        assert DSNumber(value) == value


def test_keeps_trailing_zero() -> None:
    """DSNumber("2.50") equals 2.5 but writes "2.50"."""
    number = DSNumber("2.50")
    assert number == 2.5
    assert str(number) == "2.50"
    assert f"{number}" == "2.50"
    assert f"{number:.1f}" == "2.5"
    assert hash(number) == hash(2.5)
    assert number + 1 == 3.5
    assert repr(number) == "DSNumber('2.50')"


@pytest.mark.parametrize(
    ("value", "text"),
    [(1.7976931345e308, "1.79769313e+308"), (-1.7976931348623157e308, "-1.79769313e+308")],
)
def test_format_ds_stays_finite(value: float, text: str) -> None:
    """format_ds never rounds a finite float to a text that reads as infinity."""
    assert format_ds(value) == text
    assert math.isfinite(float(format_ds(value)))


def test_sum_of_tenths() -> None:
    """0.1 + 0.2 gives a text of at most 16 characters that reads back within float precision."""
    number = DSNumber(0.1 + 0.2)
    assert len(number.text) <= 16
    assert math.isclose(float(number.text), 0.1 + 0.2, rel_tol=1e-15)
    assert number.text == "0.3"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1 / 3, "0.33333333333333"),
        (123456789012345680.0, "1.2345678901e+17"),
        (-1.2345678901234567e-100, "-1.23456789e-100"),
        (1e-05, "1e-05"),
        (2.0, "2.0"),
        (5, "5"),
        (10**20, "1e+20"),
        (decimal.Decimal("2.50"), "2.50"),
        (decimal.Decimal("1.00000000000000000001"), "1.0"),
        (np.float64(0.5), "0.5"),
        (np.int64(7), "7"),
        (DSNumber(" 2.50 "), " 2.50 "),
    ],
)
def test_ds_text_of_numbers(value: float, text: str) -> None:
    """Numbers get the shortest text that fits 16 characters; a DSNumber keeps its own."""
    assert DSNumber(value).text == text


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        ("abc", "not a decimal number"),
        ("", "not a decimal number"),
        ("nan", "NaN and infinity"),
        ("-Infinity", "NaN and infinity"),
        (math.inf, "NaN and infinity"),
        (math.nan, "NaN and infinity"),
        (decimal.Decimal("NaN"), "NaN and infinity"),
        (10**400, "too large for a float"),
    ],
)
def test_dsnumber_rejects_non_numbers(value: object, rule: str) -> None:
    """DSNumber raises InvalidValueError when there is no finite number."""
    with pytest.raises(InvalidValueError) as info:
        DSNumber(value)  # type: ignore[arg-type]
    assert info.value.vr == "DS"
    assert rule in info.value.rule


@pytest.mark.parametrize("value", [True, None, b"1.5", [1.5]])
def test_dsnumber_rejects_other_types(value: object) -> None:
    """DSNumber raises TypeError for bool and non-numbers."""
    with pytest.raises(TypeError):
        DSNumber(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["1", " 1", "1 ", "+1.5", "-.5", "1.", "1e5", "1E-05", "0.0000000000001", "-1.234567890E+10"],
)
def test_ds_valid(text: str) -> None:
    """Texts of the PS3.5 decimal syntax within 16 characters pass strict validation."""
    DS(text).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1.00000000000000001", "longer than 16 characters"),
        ("1_0", "must be a decimal string"),
        ("0x10", "must be a decimal string"),
        ("nan", "must be a decimal string"),
        ("inf", "must be a decimal string"),
        ("1,5", "must be a decimal string"),
        ("1 2", "must be a decimal string"),
        ("e5", "must be a decimal string"),
        ("\t1", "must be a decimal string"),
    ],
)
def test_ds_invalid(text: str, rule: str) -> None:
    """DS rejects texts outside the PS3.5 syntax with the rule named."""
    with pytest.raises(InvalidValueError) as info:
        DS(text)
    assert info.value.vr == "DS"
    assert rule in info.value.rule
    with pytest.raises(InvalidValueError) as info:
        DSNumber.parse_lenient(text).validate(strict=True)
    assert rule in info.value.rule


@given(st.text(max_size=20))
def test_ds_parse_lenient_never_raises(text: str) -> None:
    """parse_lenient keeps any text; the value is NaN exactly when there is no finite number."""
    number = DSNumber.parse_lenient(text)
    assert number.text == text
    assert number.is_valid == (not math.isnan(number))


def test_ds_garbage() -> None:
    """Garbage read from a file keeps its text, reads as NaN, and fails validation."""
    number = DSNumber.parse_lenient("abc")
    assert math.isnan(number)
    assert not number.is_valid
    assert str(number) == "abc"
    assert repr(number) == "DSNumber.parse_lenient('abc')"
    ds = DS._trusted((number, DSNumber.parse_lenient("1.5")))
    assert str(ds) == "abc\\1.5"
    ds.validate(strict=False)
    assert not ds.is_valid()
    with pytest.raises(InvalidValueError, match="not a decimal number"):
        number.validate(strict=False)
    assert math.isnan(DSNumber.parse_lenient("inf"))


# -- ISNumber ---------------------------------------------------------------------------------


@given(is_texts())
def test_is_text_round_trip(text: str) -> None:
    """ISNumber keeps any valid IS text, has its int value, and validates strictly."""
    number = ISNumber(text)
    assert str(number) == text
    assert number == int(text)
    assert ISNumber(str(number)) == number
    number.validate(strict=True)
    assert str(IS(text)) == text


@given(st.integers(-(2**31), 2**31 - 1))
def test_is_from_int(value: int) -> None:
    """An int gives its decimal text, equal value and hash, and a valid IS."""
    number = ISNumber(value)
    assert number.text == str(value)
    assert number == value
    assert hash(number) == hash(value)
    IS([value]).validate(strict=True)


def test_is_keeps_text() -> None:
    """ISNumber(" 0012") is 12 but writes " 0012"."""
    number = ISNumber(" 0012")
    assert number == 12
    assert str(number) == " 0012"
    assert number + 1 == 13
    assert repr(number) == "ISNumber(' 0012')"
    assert ISNumber("+5").text == "+5"
    assert ISNumber(np.int64(3)).text == "3"  # type: ignore[arg-type]


@pytest.mark.parametrize(("text", "value"), [("12.0", 12), ("1e3", 1000), (" -4.000 ", -4)])
def test_is_integral_decimals(text: str, value: int) -> None:
    """ISNumber reads decimals with an exact integer value, which strict IS rejects."""
    number = ISNumber(text)
    assert number == value
    assert number.is_valid
    number.validate(strict=False)
    with pytest.raises(InvalidValueError, match="must be an integer string"):
        IS(text)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("1.5", "not an integer (it has a fraction)"),
        ("abc", "not an integer"),
        ("", "not an integer"),
        ("nan", "not an integer"),
        ("1e99", "not an integer"),
    ],
)
def test_isnumber_rejects_non_integers(text: str, rule: str) -> None:
    """ISNumber raises InvalidValueError for text without an exact integer."""
    with pytest.raises(InvalidValueError) as info:
        ISNumber(text)
    assert info.value.vr == "IS"
    assert rule in info.value.rule


@pytest.mark.parametrize("value", [True, False, 1.0, None, b"1", decimal.Decimal(1)])
def test_isnumber_rejects_other_types(value: object) -> None:
    """ISNumber raises TypeError for bool, float and other non-int values."""
    with pytest.raises(TypeError):
        ISNumber(value)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        IS([value])  # type: ignore[list-item]


@pytest.mark.parametrize("text", ["0", "-2147483648", "2147483647", " +12 ", "000000000001"])
def test_is_valid(text: str) -> None:
    """Integer texts within 12 characters and the 32-bit range pass strict validation."""
    IS(text).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("2147483648", "must be -2147483648 to 2147483647"),
        ("-2147483649", "must be -2147483648 to 2147483647"),
        ("1234567890123", "longer than 12 characters"),
        ("1.0", "must be an integer string"),
        ("1_000", "must be an integer string"),
        ("abc", "must be an integer string"),
        ("1 2", "must be an integer string"),
    ],
)
def test_is_invalid(text: str, rule: str) -> None:
    """IS rejects texts outside the PS3.5 syntax or range with the rule named."""
    with pytest.raises(InvalidValueError) as info:
        IS(text)
    assert info.value.vr == "IS"
    assert rule in info.value.rule


def test_is_range_from_int() -> None:
    """An int outside 32 bits is an ISNumber but not a valid IS."""
    assert ISNumber(2**31) == 2**31
    with pytest.raises(InvalidValueError, match="must be -2147483648 to 2147483647"):
        IS(2**31)


@given(st.text(max_size=20))
def test_is_parse_lenient_never_raises(text: str) -> None:
    """parse_lenient keeps any text; the value is 0 whenever the text is no exact integer."""
    number = ISNumber.parse_lenient(text)
    assert number.text == text
    if not number.is_valid:
        assert number == 0


def test_is_garbage() -> None:
    """Garbage read from a file keeps its text, reads as 0, and says it is not valid."""
    number = ISNumber.parse_lenient("abc")
    assert number == 0
    assert not number.is_valid
    assert str(number) == "abc"
    assert repr(number) == "ISNumber.parse_lenient('abc')"
    assert ISNumber.parse_lenient("1.5") == 0
    is_ = IS._trusted((number,))
    is_.validate(strict=False)
    assert not is_.is_valid()
    with pytest.raises(InvalidValueError, match="not an integer"):
        number.validate(strict=False)


# -- the VR classes and value semantics -------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "value", "texts"),
    [
        (DS, None, []),
        (DS, "", []),
        (DS, "1.5\\2.50", ["1.5", "2.50"]),
        (DS, 2.5, ["2.5"]),
        (DS, 3, ["3"]),
        (DS, decimal.Decimal("0.10"), ["0.10"]),
        (
            DS,
            ["1", 2.0, 3, decimal.Decimal("4.0"), DSNumber("5.00")],
            ["1", "2.0", "3", "4.0", "5.00"],
        ),
        (DS, np.array([0.5, 1.0]), ["0.5", "1.0"]),
        (IS, None, []),
        (IS, "", []),
        (IS, "1\\ 2", ["1", " 2"]),
        (IS, 7, ["7"]),
        (IS, [1, "2", ISNumber("+3")], ["1", "2", "+3"]),
        (IS, np.array([1, 2]), ["1", "2"]),
    ],
)
def test_converters(cls: type[DS | IS], value: object, texts: list[str]) -> None:
    """DS and IS accept None, backslash text, numbers, value objects and iterables."""
    vr = cls(value)  # type: ignore[arg-type]
    assert [v.text for v in vr.values] == texts
    assert str(vr) == "\\".join(texts)


@pytest.mark.parametrize("cls", [DS, IS])
@pytest.mark.parametrize("value", [b"1", True, [None], object()])
def test_converters_reject_other_types(cls: type[DS | IS], value: object) -> None:
    """DS and IS raise TypeError for bytes, bool and other non-numbers."""
    with pytest.raises(TypeError):
        cls(value)  # type: ignore[arg-type]


def test_vr_names_and_lenient_types() -> None:
    """Each VR has its PS3.5 code and name; lenient validation checks value types only."""
    assert (DS.code, DS.vr_name) == ("DS", "Decimal String")
    assert (IS.code, IS.vr_name) == ("IS", "Integer String")
    with pytest.raises(InvalidValueError, match="tuple of DSNumber"):
        DS._trusted((1.5,)).validate(strict=False)
    with pytest.raises(InvalidValueError, match="tuple of ISNumber"):
        IS._trusted((1,)).validate(strict=False)


@pytest.mark.parametrize(
    "number",
    [
        DSNumber("2.50"),
        DSNumber.parse_lenient("abc"),
        ISNumber(" 0012"),
        ISNumber.parse_lenient("x"),
    ],
)
def test_pickle_copy_and_immutability(number: DSNumber | ISNumber) -> None:
    """Numbers survive pickle, copy and deepcopy with their text, and refuse attribute changes."""
    for clone in (pickle.loads(pickle.dumps(number)), copy.copy(number), copy.deepcopy(number)):
        assert type(clone) is type(number)
        assert clone.text == number.text
        assert clone.is_valid == number.is_valid
        assert clone == number or math.isnan(clone)
    with pytest.raises(AttributeError):
        setattr(number, "_text", "1")  # noqa: B010 - the point is to try
    with pytest.raises(AttributeError):
        delattr(number, "_text")


def test_equality_like_numbers() -> None:
    """DS and IS values compare and hash as their numbers, whatever their text."""
    assert DSNumber("2.50") == DSNumber("2.5")
    assert len({DSNumber("1.0"), DSNumber("1"), 1.0}) == 1
    assert ISNumber("+5") == ISNumber("5") == 5
    assert DS("2.50") == DS([2.5])
    assert IS(" 1") == IS(1)

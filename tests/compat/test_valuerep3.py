"""typeddcm.compat.valuerep: pydicom 3's names (VR, the VR groupings, validate_value, ISfloat
...), against pydicom 3.0's valuerep (the oracle)."""

from __future__ import annotations

import decimal
import math
import pickle
import warnings
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.compat import config, valuerep
from typeddcm.compat.valuerep import VR, ISfloat, PersonName, validate_value
from typeddcm.errors import DicomWarning

theirs = pytest.importorskip("pydicom.valuerep")

GROUPINGS = ("STANDARD_VR", "AMBIGUOUS_VR", "DEFAULT_CHARSET_VR", "CUSTOMIZABLE_CHARSET_VR",
             "BYTES_VR", "FLOAT_VR", "INT_VR", "LIST_VR", "STR_VR", "ALLOW_BACKSLASH",
             "LONG_VALUE_VR", "EXPLICIT_VR_LENGTH_16", "EXPLICIT_VR_LENGTH_32", "BUFFERABLE_VRS")


def test_vr_enum_is_pydicoms() -> None:
    assert [(m.name, m.value) for m in VR] == [(m.name, m.value) for m in theirs.VR]
    assert VR.US == "US" and str(VR.US) == "US" and f"{VR.US_SS}" == "US or SS"
    assert VR("OB or OW") is VR.OB_OW and isinstance(VR.UI, str)
    assert {"US": 1}[VR.US] == 1  # hashes as its text
    with pytest.raises(ValueError, match="XX"):
        VR("XX")


@pytest.mark.parametrize("name", GROUPINGS)
def test_groupings_are_pydicoms(name: str) -> None:
    ours, their = getattr(valuerep, name), getattr(theirs, name)
    assert {str(v) for v in ours} == {str(v) for v in their}
    assert all(isinstance(v, VR) for v in ours)


def test_tables_are_pydicoms() -> None:
    for name in ("MAX_VALUE_LEN", "VALUE_LENGTH", "TEXT_VR_DELIMS", "PN_DELIMS"):
        assert getattr(valuerep, name) == getattr(theirs, name), name
    assert "US" in valuerep.INT_VR and "PN" in valuerep.STR_VR and "OB" in valuerep.BYTES_VR


# ---------------------------------------------------------------- validate_value

AGREED = [
    ("CS", "abc"), ("CS", "A" * 17), ("CS", "ORIGINAL"), ("US", 70000), ("US", -1), ("US", 5),
    ("SS", -40000), ("UL", 2**32), ("UI", "1.02"), ("UI", "1.2.3"), ("UI", "1." * 40),
    ("DA", "20201301"), ("DA", "20200101"), ("DA", "20200101-20201231"), ("DA", "-20200101"),
    ("TM", "1261"), ("TM", "1259"), ("DT", "2020"), ("DT", "20200101120000-0500"),
    ("PN", "a=b=c=d"), ("PN", "a" * 65), ("PN", "Doe^John"), ("US", b"\x00"),
    ("US", b"\x00\x00"), ("LO", "x" * 65), ("SH", "ok"), ("AS", "012Y"), ("AS", "12Y"),
    ("IS", "1.5"), ("IS", " 12 "), ("DS", "1.5"), ("DS", "1.5.5"), ("DS", "1" * 17),
    ("UR", "http://a b"), ("UR", "http://a/b"), ("FD", "x"), ("FD", 1.5), ("OB", "x"),
    ("OB", b"x"), ("LT", "x\\y"), ("CS", b"ORIGINAL"), ("CS", b"abc"),
    ("US or SS", "anything"), ("XX", "anything"), ("UN", b"\x01"),
]


def outcome(module: Any, vr: str, value: Any, mode: int) -> Any:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            module.validate_value(vr, value, mode)
        except ValueError:
            return ValueError
    return "warned" if caught else None


@pytest.mark.parametrize(("vr", "value"), AGREED, ids=repr)
def test_validate_value_agrees_with_pydicom(vr: str, value: Any) -> None:
    for mode in (config.IGNORE, config.WARN, config.RAISE):
        assert outcome(valuerep, vr, value, mode) == outcome(theirs, vr, value, mode), mode


def test_validate_value_modes() -> None:
    validate_value("CS", "bad", config.IGNORE)
    validate_value("CS", None, config.RAISE)
    with pytest.warns(DicomWarning, match="CS"):
        validate_value("CS", "bad", config.WARN)
    with pytest.raises(ValueError, match="CS"):
        validate_value("CS", "bad", config.RAISE)
    with config.override(writing_validation_mode=config.RAISE), pytest.raises(ValueError,
                                                                              match="CS"):
        validate_value(VR.CS, "bad", None)


def test_validate_value_with_a_validator() -> None:
    seen: list[tuple[str, Any]] = []

    def even(vr: str, value: Any) -> tuple[bool, str]:
        seen.append((vr, value))
        return value % 2 == 0, f"{value} is odd"

    validate_value("US", 2, config.RAISE, even)
    with pytest.raises(ValueError, match="3 is odd"):
        validate_value("US", 3, config.RAISE, even)
    assert seen == [("US", 2), ("US", 3)]


@given(st.text(alphabet="0123456789.+-eE ", max_size=18))
def test_is_valid_ds_matches_pydicom(text: str) -> None:
    try:
        finite = math.isfinite(float(text))
    except ValueError:
        finite = True
    if finite:  # ours also refuses text whose number overflows a float (inf is no DS)
        assert valuerep.is_valid_ds(text) == theirs.is_valid_ds(text)


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_as_ds(value: float) -> None:
    text = valuerep.format_number_as_ds(value)
    assert valuerep.is_valid_ds(text)
    assert math.isclose(float(text), value, rel_tol=1e-8, abs_tol=1e-300) or abs(value) < 1e-290
    if len(repr(value)) <= 16:
        assert text == theirs.format_number_as_ds(value)


def test_format_number_as_ds_bad_input() -> None:
    assert valuerep.format_number_as_ds(decimal.Decimal("1.25")) == "1.25"
    assert valuerep.is_valid_ds(valuerep.format_number_as_ds(decimal.Decimal("1." + "3" * 30)))
    with pytest.raises(TypeError, match="float"):
        valuerep.format_number_as_ds(1)
    with pytest.raises(ValueError, match="non-finite"):
        valuerep.format_number_as_ds(math.inf)


# ---------------------------------------------------------------- values


def test_isfloat() -> None:
    made = ISfloat(" 1.5 ")
    assert made == 1.5 and made.original_string == "1.5" == str(made)
    assert made.original_string == theirs.ISfloat(" 1.5 ").original_string
    assert ISfloat("") == ""
    assert ISfloat(2.5).original_string == "2.5"
    assert pickle.loads(pickle.dumps(made)).original_string == "1.5"
    with pytest.warns(DicomWarning, match="VR of IS"):
        ISfloat("1.5", config.WARN)
    with pytest.raises(TypeError, match="VR of IS"):
        ISfloat("1.5", config.RAISE)
    with pytest.raises(ValueError, match="abc"):
        ISfloat("abc")


def test_is_from_integral_floats() -> None:
    for value in (5.0, decimal.Decimal("5"), "5", " 5 ", -3.0):
        assert valuerep.IS(value) == theirs.IS(value)
        assert str(valuerep.IS(value)) == str(theirs.IS(value))
    with pytest.raises(TypeError):
        valuerep.IS(5.5)  # 1.x (pydicom 3 makes an ISfloat)


@pytest.mark.parametrize("value", ["1.5", 1.5, "1.23456789012345678", 1 / 3, "  2 ", "1e-7"])
def test_dsfloat_auto_format_like_pydicom(value: Any) -> None:
    ours, their = valuerep.DSfloat(value, auto_format=True), theirs.DSfloat(value, auto_format=True)
    assert str(ours) == str(their) and ours.auto_format and their.auto_format
    assert not valuerep.DSfloat(value).auto_format


@pytest.mark.parametrize("text", ["Yamada^Tarou=山田^太郎=やまだ^たろう", "Doe^John", "", "a^^c"])
def test_person_name_iterates_like_pydicom(text: str) -> None:
    ours, their = PersonName(text), theirs.PersonName(text)
    assert list(ours) == list(their) and len(ours) == len(their)
    for probe in ("a", "^", "Doe", "=", "zz"):
        assert (probe in ours) == (probe in their)


def test_from_named_components_like_pydicom() -> None:
    args: dict[str, Any] = {"family_name": "Hong", "given_name": "Gildong", "name_suffix": "Jr",
                            "family_name_ideographic": "H", "given_name_phonetic": "G"}
    ours = PersonName.from_named_components(**args)
    assert str(ours) == str(theirs.PersonName.from_named_components(**args))
    assert ours.family_name == "Hong" and ours.name_suffix == "Jr"
    # Text outside the default repertoire is kept (pydicom encodes it with its default
    # repertoire first, so it comes back as "?").
    kept = PersonName.from_named_components(family_name="Hong", family_name_ideographic="洪")
    assert str(kept) == "Hong=洪"
    with pytest.raises(ValueError, match="cannot contain"):
        PersonName.from_named_components(family_name="a^b")


@pytest.mark.parametrize(("cls", "text"), [
    ("DA", "20200102"), ("DA", "2020.01.02"), ("TM", "101010.123"), ("TM", "1010"),
    ("TM", "10"), ("DT", "20200102101010.123+0100"), ("DT", "2020"), ("DT", "202001021010"),
])
def test_temporal_like_pydicom(cls: str, text: str) -> None:
    ours, their = getattr(valuerep, cls)(text), getattr(theirs, cls)(text)
    assert ours == their and str(ours) == str(their) and repr(ours) == repr(their)
    again = getattr(valuerep, cls)(ours)
    assert again == ours and str(again) == text


def test_numbers_equal_their_text_like_pydicom() -> None:
    for ours, their in ((valuerep.DSfloat("1.20"), theirs.DSfloat("1.20")),
                        (valuerep.DSdecimal("1.20"), theirs.DSdecimal("1.20")),
                        (valuerep.IS(" 12 "), theirs.IS(" 12 "))):
        for other in ("1.20", "1.2", "12", 1.2, 12, decimal.Decimal("1.20"), None):
            assert (ours == other) == (their == other), (ours, other)
            assert (ours != other) == (their != other), (ours, other)
    assert valuerep.IS(3) == 3.0 and valuerep.IS(3) != 3.5
    table: dict[int, str] = {valuerep.IS(3): "x"}
    assert table[3] == "x" and hash(valuerep.DSfloat("1.5")) == hash(1.5)


def test_auto_format_keeps_the_number() -> None:
    made = valuerep.DSfloat(math.pi, auto_format=True)
    their = theirs.DSfloat(math.pi, auto_format=True)
    assert made == math.pi == their and str(made) == str(their) == "3.14159265358979"
    assert valuerep.DSfloat(0.1 + 0.2) == 0.1 + 0.2

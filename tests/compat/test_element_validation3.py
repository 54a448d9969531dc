"""pydicom 3's value validation and value-type details on typeddcm.compat.

Validity follows the core's PS3.5 rules; the messages use pydicom 3's words where it has
some (type, range, length, PN groups), so code matching them keeps working.  pydicom is
the oracle for which values are valid, on values where the two agree by design.
"""

from __future__ import annotations

import copy
import datetime
import decimal
import io
import logging
import math
import pickle
import warnings
from typing import Any

import numpy as np
import pydicom
import pydicom.valuerep
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat import charset, config, valuerep, values
from typeddcm.compat.dataelem import DataElement
from typeddcm.compat.valuerep import (
    DA,
    DT,
    IS,
    TM,
    DSdecimal,
    DSfloat,
    PersonName,
    ValueOverflowError,
    validate_value,
)
from typeddcm.errors import DicomWarning

# --- validate_value: pydicom's words, the core's rules --------------------------------

_CASES: list[tuple[str, Any]] = [
    ("AE", "Äneas"), ("AE", b"ctrl\tchar"), ("AE", "My AETitle"), ("AE", "1" * 17),
    ("AS", "12Y"), ("AS", b"052W"), ("CS", "abcd"), ("CS", b"VALID_1"), ("CS", "1" * 17),
    ("DA", "20101620"), ("DA", b"19560303"), ("DA", "20101225-20201224 "),
    ("DA", datetime.date(2022, 5, 1)), ("DS", "- 195.6"), ("DS", "+.1234 "), ("DS", "1" * 27),
    ("IS", "12 34"), ("IS", b"+1234 "), ("TM", "006000"), ("TM", b"123460-1330"),
    ("DT", "1984+2000"), ("DT", "1984+0600"), ("UI", "123.04"), ("UI", "1" * 65),
    ("UR", "a<b"), ("UR", "/a#b(c)[d]@!"), ("PN", "Jim=John=Jimmy=Jonny"),
    ("PN", b"Jimmy" * 13), ("PN", "Yamada^Tarou=山田^太郎"), ("LO", 42), ("LO", "1" * 66),
    ("US", -1), ("US", 65535), ("US", "1"), ("US", b"\x01"), ("SS", 32768), ("UL", -2),
    ("SL", 2**31), ("UV", -1), ("SV", 2**63), ("UV", b"\x00" * 9), ("FL", "1"),
    ("FD", complex(1, 2)), ("FL", 0), ("OB", -2), ("OB", bytearray(b"\x00\x01")),
]


def _outcome(module: Any, vr: str, value: Any) -> str | None:
    try:
        module.validate_value(vr, value, module.config.RAISE if module is not valuerep
                              else config.RAISE)
    except ValueError as error:
        return str(error)
    return None


@pytest.mark.parametrize(("vr", "value"), _CASES)
def test_validity_and_wording_as_pydicom(vr: str, value: Any) -> None:
    ours = _outcome(valuerep, vr, value)
    theirs = _outcome(pydicom.valuerep, vr, value)
    assert (ours is None) == (theirs is None)
    if theirs is not None and ours is not None:
        # pydicom's sentence comes first (its own "Please see ..." hint aside), and
        # where pydicom says only "Invalid value", ours adds the rule broken.
        assert ours.startswith(theirs.split(" Please see")[0].rstrip("."))


def test_messages_name_the_rule() -> None:
    with pytest.raises(ValueError, match=r"Invalid value for VR DA: '20101620' \(month"):
        validate_value("DA", "20101620", config.RAISE)
    with pytest.warns(DicomWarning, match="must be between 0 and 65535"):
        validate_value("US", 70000, config.WARN)
    validate_value("US", 70000, config.IGNORE)  # nothing


def test_data_element_validates_each_value_and_later_sets() -> None:
    with pytest.raises(ValueError, match="Invalid value for VR CS: 'b'"):
        DataElement(0x00080008, "CS", "A\\b", validation_mode=config.RAISE)
    elem = DataElement(0x00080008, "CS", "A\\B", validation_mode=config.RAISE)
    assert elem.value == ["A", "B"]
    assert elem.validation_mode == config.RAISE
    with pytest.raises(ValueError, match="VR CS"):
        elem.value = "lower"
    assert elem.value == ["A", "B"]  # refused: nothing changed
    # LT holds backslashes: one value, not split for checking
    DataElement(0x00080108, "LT", "a\\b", validation_mode=config.RAISE)
    # the default (IGNORE) keeps what it is given
    assert DataElement(0x00080008, "CS", "lower").value == "lower"


def test_wrong_type_for_pn_is_also_attribute_error() -> None:
    with pytest.warns(DicomWarning, match="A value of type 'int' cannot be assigned"), \
            pytest.raises(AttributeError):
        DataElement(0x00100010, "PN", 42, validation_mode=config.WARN)
    with pytest.raises(TypeError):
        PersonName(42)


def test_text_bytes_outside_utf8_are_kept_for_validation() -> None:
    elem = DataElement(0x00080060, "CS", b"\xc4\xd6", validation_mode=config.IGNORE)
    assert elem.value == "ÄÖ"
    with pytest.raises(ValueError, match="Invalid value for VR CS"):
        DataElement(0x00080060, "CS", b"\xc4\xd6", validation_mode=config.RAISE)


# --- DS, IS, DA/DT/TM -----------------------------------------------------------------


def test_ds_and_is_overflow_errors() -> None:
    with pytest.raises(OverflowError, match="must be <= 16 characters long"):
        DSfloat("3.141592653589793", validation_mode=config.RAISE)
    with pytest.raises(ValueError, match="longer than 16"):
        DSfloat("3.141592653589793", validation_mode=config.RAISE)
    with pytest.raises(ValueOverflowError, match=r"between -2\*\*31"):
        IS(3103050000, validation_mode=config.RAISE)
    with pytest.warns(DicomWarning, match="must be <= 16"):
        DSdecimal(decimal.Decimal(math.pi), validation_mode=config.WARN)
    assert IS(3103050000, validation_mode=config.IGNORE) == 3103050000
    # None: the reading mode, as pydicom's value classes
    with config.override(reading_validation_mode=config.RAISE), pytest.raises(OverflowError):
        DSfloat("3.141592653589793")
    with pytest.raises(ValueError, match="could not convert string"):
        IS("foo")


def test_original_string_can_be_set_and_survives_pickling() -> None:
    ds_value = DSfloat(9.0)
    ds_value.original_string = "hello"
    back = pickle.loads(pickle.dumps(ds_value))
    assert type(back) is DSfloat and back == 9.0 and back.original_string == "hello"
    assert str(ds_value) == "9.0"  # the text written stays the number's
    is_value = IS(921)
    is_value.original_string = "hello"
    back_is = pickle.loads(pickle.dumps(is_value))
    assert type(back_is) is IS and back_is == 921 and back_is.original_string == "hello"
    with pytest.raises(AttributeError):
        ds_value.other = 1
    date = DA("19111213")
    date.original_string = "hello"
    back_da = pickle.loads(pickle.dumps(date))
    assert back_da == datetime.date(1911, 12, 13) and str(back_da) == "hello"
    for value in (DT("19111213212123-0630"), TM("212223.5")):
        again = pickle.loads(pickle.dumps(value))
        assert again == value and str(again) == str(value) and type(again) is type(value)


def test_dsdecimal_holds_the_exact_number() -> None:
    binary = decimal.Decimal(float("1.2345"))  # the float's exact value, not "1.2345"
    with config.override(allow_DS_float=True):
        value = DSdecimal(1.2345)
        assert value == binary != decimal.Decimal("1.2345")
        assert hash(value) == hash(binary)
        assert str(value) == "1.2345"  # the DS text of the float
        from_float = DSdecimal(DSfloat("1.2345"))
        assert from_float == binary and from_float.original_string == "1.2345"
        formatted = DSdecimal(math.pi, auto_format=True)
        copied = DSdecimal(formatted)
        assert copied.auto_format and copied == math.pi and str(copied) == "3.14159265358979"
        assert pickle.loads(pickle.dumps(value)) == value
    exact = DSdecimal(decimal.Decimal(math.pi), auto_format=True)
    assert exact == decimal.Decimal(math.pi) and str(exact) == "3.14159265358979"


def test_time_texts_in_pydicoms_words() -> None:
    with pytest.raises(ValueError, match="Unable to convert non-conformant value '24' to 'TM'"):
        TM("24")
    with pytest.warns(DicomWarning, match="doesn't allow a value of '60' for the seconds"):
        time = TM("235960")
    assert time == datetime.time(23, 59, 59) and str(time) == "235960"
    with pytest.warns(DicomWarning, match="'datetime.datetime' doesn't allow"):
        DT("20010101235960")


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_format_number_as_ds_fits_and_is_as_close_as_pydicoms(value: float) -> None:
    ours = valuerep.format_number_as_ds(value)
    theirs = pydicom.valuerep.format_number_as_ds(value)
    assert valuerep.is_valid_ds(ours)
    exact = decimal.Decimal(value)
    if math.isfinite(float(theirs)):  # (pydicom's may pass the largest double: not a DS)
        assert abs(decimal.Decimal(ours) - exact) <= abs(decimal.Decimal(theirs) - exact)


# --- PersonName -----------------------------------------------------------------------


def test_person_name_module_split_keeps_every_import_path() -> None:
    from typeddcm.compat._personname import PersonName as Moved

    assert Moved is PersonName is valuerep.PersonName3 is valuerep.PersonNameUnicode
    assert tc.valuerep.PersonName is PersonName


def test_person_name_original_string_and_copy() -> None:
    name = PersonName(b"Buc^J\xe9r\xf4me", ["latin_1"])
    assert name.original_string == b"Buc^J\xe9r\xf4me"
    name.original_string = None
    assert name.original_string is None
    assert name == "Buc^Jérôme"
    with pytest.raises(TypeError):
        name.original_string = "text"  # type: ignore[assignment]  # bytes or None
    with pytest.raises(AttributeError):
        name.family_name = "X"  # type: ignore[misc]
    copied = copy.copy(name)
    assert copied == name and copied.components is name.components
    assert copy.deepcopy(name).components == name.components


# --- empty values are shown as they were set ------------------------------------------


def test_empty_values_read_back_as_set() -> None:
    ds: Any = tc.Dataset()  # values the typed attributes do not describe
    ds.PatientName = None
    assert ds.PatientName is None and ds["PatientName"].VM == 0
    ds.PatientName = ""
    assert ds.PatientName == ""
    ds.PatientWeight = ""
    assert ds.PatientWeight == ""
    ds.PatientWeight = None
    assert ds.PatientWeight is None
    ds.FillPattern = b""
    assert ds.FillPattern == b""
    ds.OffendingElement = []
    assert ds.OffendingElement == []
    with config.override(use_none_as_empty_text_VR_value=True):
        ds.RetrieveAETitle = ""
        assert ds.RetrieveAETitle == ""  # as set, whatever the knob
    # read from a file: the knob's empty value
    del ds.OffendingElement  # (group 0000: not in a file)
    buffer = io.BytesIO()
    ds.is_little_endian, ds.is_implicit_VR = True, True
    tc.dcmwrite(buffer, ds, write_like_original=True)
    read: Any = tc.dcmread(io.BytesIO(buffer.getvalue()), force=True)
    assert read.PatientName == "" and read.PatientWeight is None and read.FillPattern is None


def test_pixel_data_refuses_an_array() -> None:
    ds: Any = tc.Dataset()
    ds.PixelData = b"\x00\x01"
    with pytest.raises(TypeError, match="set_pixel_data"):
        ds.PixelData = np.ones((3, 4), dtype="u1")
    assert ds.PixelData == b"\x00\x01"


def test_list_of_one_bytes_value_is_the_value() -> None:
    ds: Any = tc.Dataset()
    ds.FillPattern = [b"\x00\x01"]
    assert ds.FillPattern == b"\x00\x01"


# --- free elements --------------------------------------------------------------------


def test_free_element_details() -> None:
    seq = DataElement(0x300A00B0, "SQ", [])
    assert (seq.VM, seq.is_empty) == (1, True)
    seq.value = [tc.Dataset()]
    assert (seq.VM, seq.is_empty) == (1, False)
    private = DataElement(0x00110010, "LO", "x")
    before: object = private.private_creator
    assert before is None
    private.private_creator = "TEST"
    assert private.name == "Private tag data"
    assert private.private_creator == "TEST"
    assert DataElement(0x00090000, "UL", 101).is_retired is False
    multi = DataElement(0x00280030, "DS", ["1.5", "2"])
    multi.value.append("42.4")
    assert isinstance(multi.value[2], DSfloat)


# --- charset and values ---------------------------------------------------------------


def test_undecodable_bytes_in_pydicoms_words() -> None:
    elem = DataElement(0x00100010, "PN", b"\xc4\xe9\xef")
    with pytest.warns(DicomWarning, match="with encoding 'UTF8' - using replacement"):
        charset.decode_element(elem, ["ISO_IR 192"])
    elem = DataElement(0x00100010, "PN", b"\xc4\xe9\xef")
    with config.override(reading_validation_mode=config.RAISE), \
            pytest.raises(UnicodeDecodeError, match=r"'utf.?8' codec can't decode byte 0xc4"):
        charset.decode_element(elem, ["ISO_IR 192"])
    with config.override(reading_validation_mode=config.RAISE), \
            pytest.raises(LookupError, match="unknown encoding: unknown"):
        values.convert_single_string(b"abc", ["unknown"])


def test_code_extension_spelling_is_corrected() -> None:
    with pytest.warns(DicomWarning, match="'ISO_2022_IR\\+126' - assuming 'ISO 2022 IR 126'"):
        assert charset.convert_encodings(["ISO 2022 IR 100", "ISO_2022_IR+126"]) == [
            "latin_1", "iso_ir_126"]


def test_decode_element_gives_free_names_their_encodings_and_splits_values() -> None:
    elem = DataElement(0x00100010, "PN", "CITIZEN")
    charset.decode_element(elem, ["ISO 2022 IR 126"])
    assert "iso_ir_126" in elem.value.encodings
    charset.decode_element(elem, [""])
    assert elem.value.encodings == ("iso8859",)
    several = DataElement(0x00100060, "PN", b"Buc^J\xe9r\xf4me\\\x1b\x2d\x46\xc4\xe9\xef")
    charset.decode_element(several, ["ISO 2022 IR 100", "ISO 2022 IR 126"])
    assert several.value == ["Buc^Jérôme", "Διο"]


def test_convert_atvalue_empty_and_odd_lengths(caplog: pytest.LogCaptureFixture) -> None:
    assert values.convert_ATvalue(b"", True) == []
    with caplog.at_level(logging.WARNING):
        out = values.convert_ATvalue(b"\x10\x00\x20\x00\x10\x00\x30\x00\x10", True)
    assert list(out) == [0x00100020, 0x00100030]
    assert "Expected length to be multiple of 4 for VR 'AT', got length 9" in caplog.text


def test_no_warning_for_valid_values_under_warn() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for vr, value in (("DA", "20200101"), ("PN", "Doe^John"), ("US", 5), ("DS", "1.5"),
                          ("UI", "1.2.3"), ("OB", b"\x00\x01")):
            DataElement(0x00410001, vr, value, validation_mode=config.WARN)

"""Every value form pydicom accepts when a value is set, and pydicom's value classes.

pydicom 3 is the oracle for what a form means: the value read back and, written in
explicit VR little endian, the element's bytes.  Where pydicom keeps a form it cannot
write (``ds.Rows = "512"``: kept as text, then an error when saving) we convert it;
where pydicom 1.x and 3.x differ, 1.x is followed (stated at each test).
"""

from __future__ import annotations

import datetime
import decimal
import pickle
import warnings
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.codec import encode_dataset
from typeddcm.compat import config, valuerep
from typeddcm.compat.dataelem import DataElement
from typeddcm.compat.dataset import Dataset
from typeddcm.compat.multival import MultiValue
from typeddcm.compat.tag import BaseTag
from typeddcm.compat.uid import UID
from typeddcm.compat.valuerep import (
    DA,
    DS,
    DT,
    IS,
    TM,
    DSdecimal,
    DSfloat,
    PersonName,
    PersonName3,
    PersonNameUnicode,
)
from typeddcm.errors import InvalidValueError

pydicom = pytest.importorskip("pydicom")
from pydicom.filebase import DicomBytesIO  # noqa: E402 - after importorskip
from pydicom.filewriter import write_dataset  # noqa: E402

EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"

def _dataset() -> Any:
    """A compat Dataset typed as pydicom code sees one: values of any form may be set."""
    return Dataset()



def _quiet(function: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _ours(assignments: list[tuple[int, str, Any]]) -> Any:
    ds = _dataset()
    for tag, vr, value in assignments:
        ds.add_new(tag, vr, value)
    return ds


def _theirs_bytes(assignments: list[tuple[int, str, Any]]) -> bytes:
    ds = pydicom.Dataset()
    for tag, vr, value in assignments:
        _quiet(ds.add_new, tag, vr, value)
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    _quiet(write_dataset, fp, ds)
    return fp.getvalue()


def _plain(value: Any) -> Any:
    if isinstance(value, (list, MultiValue, pydicom.multival.MultiValue)):
        return [_plain(v) for v in value]
    if isinstance(value, (bytes, int, float)):
        return value
    return str(value)


# --- bytes for text VRs -------------------------------------------------------------------

# (tag, VR, bytes): pydicom keeps the bytes (or decodes them for the default-repertoire
# VRs) and writes them as they are.
TEXT_BYTES: list[tuple[int, str, bytes]] = [
    (0x00091010, "LO", b"PAPYRUS 3.0 "),
    (0x00100010, "PN", b"CITIZEN^4"),
    (0x00100020, "LO", b"ID1"),
    (0x00080060, "CS", b"CT"),
    (0x00080008, "CS", b"ORIGINAL\\PRIMARY"),
    (0x00080018, "UI", b"1.2.3.4"),
    (0x00080018, "UI", b"1.2.3\x00"),
    (0x00080020, "DA", b"20200102"),
    (0x00080030, "TM", b"101530"),
    (0x0008002A, "DT", b"20200102101530"),
    (0x00180050, "DS", b"1.5 "),
    (0x00280030, "DS", b"0.5\\0.5 "),
    (0x00200013, "IS", b"7 "),
    (0x00080054, "AE", b"STORESCP"),
    (0x00101010, "AS", b"042Y"),
    (0x00081030, "LO", b"Study\\Other"),
    (0x00081010, "SH", b"STATION1"),
    (0x00204000, "LT", b"two\\lines\r\nhere"),
    (0x00080081, "ST", b"Street 1"),
    (0x00400031, "UT", b"free text"),
    (0x00080120, "UR", b"http://example.com"),
    (0x00189357, "UC", b"unlimited"),
]


@pytest.mark.parametrize(("tag", "vr", "data"), TEXT_BYTES, ids=[f"{v[1]}-{v[2]!r}"
                                                                  for v in TEXT_BYTES])
def test_text_bytes_read_and_write_as_pydicom(tag: int, vr: str, data: bytes) -> None:
    ours = _ours([(tag, vr, data)])
    theirs = pydicom.Dataset()
    _quiet(theirs.add_new, tag, vr, data)
    expected = theirs[tag].value
    if isinstance(expected, bytes):  # pydicom decodes its kept bytes when asked
        expected = expected.decode("latin_1")
    elif isinstance(expected, pydicom.multival.MultiValue):
        expected = [v.decode("latin_1") if isinstance(v, bytes) else v for v in expected]
    value = ours[tag].value
    got, want = _plain(value), _plain(expected)
    if vr in ("DS", "IS", "LO", "SH", "UI", "AE") and isinstance(want, str):
        want = want.strip(" \x00") if vr in ("DS", "IS", "AE") else want.rstrip(" \x00")
    if vr in ("LO",) and "\\" in want and isinstance(want, str):
        want = want.split("\\")
    assert got == want
    assert encode_dataset(ours.freeze(), EXPLICIT_LE) == _theirs_bytes([(tag, vr, data)])


def test_bytes_are_decoded_with_the_datasets_character_set() -> None:
    ds = _dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.PatientName = b"Buc^J\xe9r\xf4me"
    assert ds.PatientName == "Buc^Jérôme"
    ds = _dataset()
    ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
    data = b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"
    ds.PatientName = data
    assert ds.PatientName == "Yamada^Tarou=山田^太郎"
    assert ds.PatientName.ideographic == "山田^太郎"
    written = encode_dataset(ds.freeze(), EXPLICIT_LE)
    assert written.endswith(b"PN\x22\x00" + data)


def test_bytes_not_valid_in_the_set_are_kept_and_written_back() -> None:
    """Latin-1 bytes with no (0008,0005): read as ISO 8859-1 (as pydicom reads them), and
    written back as they were, in both byte orders of VR."""
    ds = _dataset()
    ds.PatientName = b"M\xfcller"
    ds.PatientID = b"ID\xe91"
    assert ds.PatientName == "Müller" and ds.PatientID == "IDé1"
    expected = _theirs_bytes([(0x00100010, "PN", b"M\xfcller"),
                              (0x00100020, "LO", b"ID\xe91")])
    assert encode_dataset(ds.freeze(), EXPLICIT_LE) == expected
    implicit = encode_dataset(ds.freeze(), IMPLICIT_LE)
    assert b"M\xfcller" in implicit and b"ID\xe91" in implicit
    again = pickle.loads(pickle.dumps(ds))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the read-time note about ISO 8859-1
        assert again.PatientName == "Müller"
        assert encode_dataset(again.freeze(), EXPLICIT_LE) == expected


def test_odd_length_bytes_are_padded_as_pydicom_pads() -> None:
    for tag, vr, data in [(0x00100010, "PN", b"ABC"), (0x00080018, "UI", b"1.2.3")]:
        ours = _ours([(tag, vr, data)])
        assert encode_dataset(ours.freeze(), EXPLICIT_LE) == _theirs_bytes([(tag, vr, data)])


def test_bytes_in_an_item_use_the_inherited_character_set() -> None:
    ds = _dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ReferencedPatientSequence = [_dataset()]
    item = ds.ReferencedPatientSequence[0]
    item.PatientName = b"M\xfcller^J"
    assert item.PatientName == "Müller^J"
    assert b"PN\x08\x00M\xfcller^J" in encode_dataset(ds.freeze(), EXPLICIT_LE)


def test_a_later_character_set_re_encodes_the_text() -> None:
    """The bytes are kept only while their character set is in force: the text stays."""
    ds = _dataset()
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.PatientName = b"M\xfcller"
    ds.SpecificCharacterSet = "ISO_IR 192"
    assert ds.PatientName == "Müller"
    assert b"M\xc3\xbcller" in encode_dataset(ds.freeze(), EXPLICIT_LE)


def test_bytes_that_break_ps35_are_kept_as_read() -> None:
    """Bytes whose text is no valid value (a dashed DA, a DS that is no number) are kept
    and written back, as pydicom keeps them; writing validation RAISE refuses them."""
    ds = _dataset()
    ds.StudyDate = b"2020-01-02"
    ds.SliceThickness = b"abc "
    assert ds.StudyDate == "2020-01-02" and str(ds.SliceThickness) == "abc"
    written = encode_dataset(ds.freeze(), EXPLICIT_LE)
    assert b"DA\x0a\x002020-01-02" in written and b"DS\x04\x00abc " in written
    with config.override(writing_validation_mode=config.RAISE), \
            pytest.raises(ValueError, match="DA"):
        ds.StudyDate = b"2020-01-03"
    assert ds.StudyDate == "2020-01-02"


def test_text_too_long_for_its_length_field_is_decoded_only() -> None:
    """An LT of more than 64 KiB cannot be an explicit VR element of its own: its text is
    kept (written with a 2-byte length it could not be, so writing raises, as pydicom's)."""
    ds = _dataset()
    ds.AdditionalPatientHistory = b"x" * 70000
    assert ds.AdditionalPatientHistory == "x" * 70000
    with pytest.raises(ValueError, match="2-byte length"):
        encode_dataset(ds.freeze(), EXPLICIT_LE)
    ds = _dataset()
    ds.TextValue = b"y" * 70000  # UT: a 4-byte length, so the bytes are kept
    assert encode_dataset(ds.freeze(), EXPLICIT_LE).endswith(b"y" * 70000)


def test_lists_of_bytes_and_mixed_lists() -> None:
    ds = _dataset()
    ds.ImageType = [b"ORIGINAL", b"PRIMARY"]
    assert ds.ImageType == ["ORIGINAL", "PRIMARY"]
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.OtherPatientIDs = [b"\xe9A", "B"]
    assert ds.OtherPatientIDs == ["éA", "B"]


def test_bytearray_and_data_elements() -> None:
    ds = _dataset()
    ds.PatientID = bytearray(b"ID2")
    assert ds.PatientID == "ID2"
    ds[0x00091010] = DataElement(0x00091010, "LO", b"PAPYRUS 3.0 ")
    assert ds[0x00091010].value == "PAPYRUS 3.0"
    assert b"PAPYRUS 3.0 " in encode_dataset(ds.freeze(), EXPLICIT_LE)


# --- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(("keyword", "value", "expected"), [
    ("Rows", "512", 512), ("Rows", " 512 ", 512), ("Rows", 512.0, 512), ("Rows", True, 1),
    ("Rows", "512.0", 512), ("SmallestImagePixelValue", "5", 5),
    ("RescaleSlope", 1, 1.0), ("RescaleSlope", "1.5", 1.5), ("RescaleSlope", b"2.5", 2.5),
    ("RescaleSlope", decimal.Decimal("0.25"), 0.25),
    ("InstanceNumber", "5", 5), ("InstanceNumber", 5.0, 5), ("InstanceNumber", b"7", 7),
    ("InstanceNumber", decimal.Decimal("8"), 8),
    ("FrameTime", "33.3", 33.3), ("RecommendedDisplayFrameRateInFloat", "2.5", 2.5),
    ("ImagePositionPatient", "1\\2\\3", [1.0, 2.0, 3.0]),
    ("ImagePositionPatient", (1, "2", 3.5), [1.0, 2.0, 3.5]),
    ("LargestImagePixelValue", "1\\2", [1, 2]),
])
def test_number_forms(keyword: str, value: Any, expected: Any) -> None:
    ds = _dataset()
    setattr(ds, keyword, value)
    got = getattr(ds, keyword)
    assert _plain(got) == expected
    if not isinstance(expected, list):
        assert got == expected


def test_is_from_a_float_keeps_pydicoms_text() -> None:
    ds = _dataset()
    ds.InstanceNumber = 5.0
    assert str(ds.InstanceNumber) == "5"
    theirs = pydicom.Dataset()
    theirs.InstanceNumber = 5.0
    assert str(theirs.InstanceNumber) == "5"


@pytest.mark.parametrize(("keyword", "value"), [
    ("Rows", "abc"), ("Rows", 512.5), ("Rows", -1), ("Rows", 70000), ("Rows", b"\x00\x02"),
    ("Rows", [1, "x"]), ("RescaleSlope", [1, object()]),
])
def test_bad_numbers_raise_value_error_and_keep_the_old_value(keyword: str, value: Any) -> None:
    ds = _dataset()
    setattr(ds, keyword, 1)
    with pytest.raises((ValueError, TypeError)):
        setattr(ds, keyword, value)
    assert getattr(ds, keyword) == 1


def test_bad_number_error_is_an_invalid_value_error() -> None:
    ds = _dataset()
    with pytest.raises(InvalidValueError):
        ds.Rows = "abc"


# --- OB/OW as str, AT forms ------------------------------------------------------------


def test_str_for_bulk_vrs_is_one_byte_per_character() -> None:
    ds = _dataset()
    ds.PixelData = "ab\xff\x00"
    assert ds.PixelData == b"ab\xff\x00"
    ds.RedPaletteColorLookupTableData = "abcd"
    assert ds.RedPaletteColorLookupTableData == b"abcd"
    with pytest.raises(TypeError, match="one byte each"):
        ds.PixelData = "山"
    assert ds.PixelData == b"ab\xff\x00"


@pytest.mark.parametrize("value", [0x00181063, (0x0018, 0x1063), "0x00181063", "FrameTime",
                                   "00181063", BaseTag(0x00181063)])
def test_at_forms_name_one_tag(value: Any) -> None:
    ds = _dataset()
    ds.FrameIncrementPointer = value
    assert ds.FrameIncrementPointer == 0x00181063
    assert isinstance(ds.FrameIncrementPointer, BaseTag)
    theirs = pydicom.Dataset()
    theirs.FrameIncrementPointer = value
    assert theirs.FrameIncrementPointer == 0x00181063


def test_at_refuses_bytes_and_unknown_names_as_pydicom() -> None:
    ds = _dataset()
    ds.FrameIncrementPointer = 0x00181063
    for value in (b"\x18\x00\x63\x10", "(0018,1063)", "NoSuchKeyword"):
        with pytest.raises((ValueError, TypeError)):
            ds.FrameIncrementPointer = value
        with pytest.raises((ValueError, TypeError)):
            pydicom.Dataset().FrameIncrementPointer = value
    assert ds.FrameIncrementPointer == 0x00181063


def test_at_lists() -> None:
    ds = _dataset()
    ds.FrameIncrementPointer = [(0x0018, 0x1063), "FrameTime", 0x00181065]
    assert ds.FrameIncrementPointer == [0x00181063, 0x00181063, 0x00181065]


# --- PN ---------------------------------------------------------------------------------


def test_pn_keeps_a_trailing_empty_group_as_1x() -> None:
    """pydicom 1.x keeps 'A^B=' (3.x drops the '='); PS3.5 J.1-1 writes one too."""
    ds = _dataset()
    ds.PatientName = "Wang^XiaoDong=王^小東="
    assert str(ds.PatientName) == "Wang^XiaoDong=王^小東="
    ds.SpecificCharacterSet = "ISO_IR 192"
    assert encode_dataset(ds.freeze(), EXPLICIT_LE).endswith(
        b"Wang^XiaoDong=\xe7\x8e\x8b^\xe5\xb0\x8f\xe6\x9d\xb1= ")
    assert str(PersonName("A^B=")) == "A^B="


def test_other_forms_pass_as_before() -> None:
    ds = _dataset()
    ds.PatientID = 5
    assert ds.PatientID == "5"
    ds.ImageType = ("A", "B")
    assert ds.ImageType == ["A", "B"]
    ds.ImageType = MultiValue(["C", "D"])
    assert ds.ImageType == ["C", "D"]
    ds.PatientName = PersonName(b"X^Y")
    assert ds.PatientName == "X^Y"
    ds.PatientName = None
    assert ds.PatientName is None  # as set (pydicom 1.x and 3.x); read from a file: ''


# --- valuerep constructors --------------------------------------------------------------


@pytest.mark.parametrize("value", ["1.5", " 1.50 ", 1, 2.5, "-1e3", decimal.Decimal("0.25"),
                                   DSfloat("3.5"), b"4.5"])
def test_dsfloat_as_pydicom(value: Any) -> None:
    ours = DSfloat(value)
    theirs = pydicom.valuerep.DSfloat(value.decode() if isinstance(value, bytes) else (
        pydicom.valuerep.DSfloat("3.5") if isinstance(value, DSfloat) else value))
    assert ours == theirs
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)
    assert ours.original_string == str(theirs)


def test_ds_factory_and_special_values() -> None:
    assert isinstance(DS("1.5"), DSfloat)
    with config.override(use_DS_decimal=True):
        assert isinstance(DS("1.5"), DSdecimal)
    assert DS(None) is None and DSfloat(None) is None and IS(None) is None
    blank: Any = (DS("  "), DSfloat(""), IS(" "))  # pydicom gives blank text back
    assert blank == ("  ", "", " ")
    with pytest.raises(ValueError, match="not a decimal number"):
        DS("abc")
    with pytest.raises(ValueError, match="could not convert"):
        pydicom.valuerep.DS("abc")
    assert str(DSfloat("1.123456789012345678", auto_format=True)) == "1.12345678901235"
    assert DSfloat("1.123456789012345678", auto_format=True).auto_format
    with pytest.raises(ValueError, match="longer than 16"):
        DSfloat("1.123456789012345678", validation_mode=config.RAISE)


def test_dsdecimal_as_pydicom() -> None:
    for value in ("1.50", " 2 ", decimal.Decimal("3.25"), 4):
        ours, theirs = DSdecimal(value), pydicom.valuerep.DSdecimal(value)
        assert ours == theirs and str(ours) == str(theirs)
    with pytest.raises(TypeError, match="allow_DS_float"):
        DSdecimal(1.5)
    with config.override(allow_DS_float=True):
        assert DSdecimal(1.5) == decimal.Decimal("1.5")
    with pytest.raises(ValueError, match="not a decimal number"):
        DSdecimal("abc")
    assert pickle.loads(pickle.dumps(DSdecimal("1.50"))).original_string == "1.50"


@pytest.mark.parametrize("value", ["12", " 12 ", "+5", 7, 5.0, decimal.Decimal("6"), b"9",
                                   "5.0"])
def test_is_as_pydicom(value: Any) -> None:
    ours = IS(value)
    theirs = _quiet(pydicom.valuerep.IS, value.decode() if isinstance(value, bytes) else value)
    assert isinstance(ours, IS)
    assert ours == theirs
    assert ours.original_string == str(ours)


def test_is_errors_are_1x() -> None:
    """pydicom 1.x: a fraction is a TypeError (no loss allowed); text no number a ValueError."""
    with pytest.raises(TypeError, match="without loss"):
        IS(5.5)
    with pytest.raises(TypeError):
        IS(decimal.Decimal("1.5"))
    with pytest.raises(ValueError, match="not an integer"):
        IS("abc")


def test_person_name_forms() -> None:
    assert PersonName3 is PersonName and PersonNameUnicode is PersonName
    assert PersonName(None) is None
    name = PersonName("Doe^John^M^Dr^Jr")
    theirs = pydicom.valuerep.PersonName("Doe^John^M^Dr^Jr")
    for part in ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix",
                 "alphabetic", "ideographic", "phonetic"):
        assert getattr(name, part) == getattr(theirs, part), part
    assert name.family_comma_given() == theirs.family_comma_given()
    assert name.formatted("%(given_name)s %(family_name)s") == "John Doe"
    assert len(name) == len(theirs) and "John" in name and list(name) == list(theirs)
    assert name.components("alphabetic").given_name == "John"  # the core's form too
    assert name.components == ("Doe^John^M^Dr^Jr",)
    with pytest.raises(TypeError):
        PersonName(5)


def test_person_name_bytes_and_encodings() -> None:
    data = b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B"
    encodings = ["iso8859", "iso2022_jp"]
    ours = PersonNameUnicode(data, encodings)
    theirs = pydicom.valuerep.PersonName(data, encodings)
    assert str(ours) == str(theirs)
    assert ours.original_string == data and ours.encodings == tuple(encodings)
    assert ours.encode() == data
    assert ours.decode() is ours
    assert pickle.loads(pickle.dumps(ours)).original_string == data
    latin = PersonName(b"Buc^J\xe9r\xf4me")  # no character set yet: decoded provisionally
    assert latin.decode(["latin_1"]) == "Buc^Jérôme"
    assert PersonName("Buc^Jérôme", ["latin_1"]).encode() == b"Buc^J\xe9r\xf4me"
    assert PersonName("Buc^Jérôme").encode(["latin_1"]) == pydicom.valuerep.PersonName(
        "Buc^Jérôme").encode(["latin_1"])


def test_person_name_from_named_components_as_pydicom() -> None:
    # (pydicom writes '?' for the ideographic group unless told a character set for it)
    kwargs: dict[str, Any] = {"family_name": "Adams", "given_name": "John Robert Quincy",
              "name_prefix": "Rev.", "family_name_ideographic": "亚当斯", "encodings": ["UTF8"]}
    ours = PersonName.from_named_components(**kwargs)
    theirs = pydicom.valuerep.PersonName.from_named_components(**kwargs)
    assert str(ours) == str(theirs)
    vet: dict[str, Any] = {"responsible_party_name": "ABC Farms", "patient_name": "Running On Water"}
    assert str(PersonName.from_named_components_veterinary(**vet)) == str(
        pydicom.valuerep.PersonName.from_named_components_veterinary(**vet))
    with pytest.raises(ValueError, match="cannot contain"):
        PersonName.from_named_components(family_name="A^B")


@pytest.mark.parametrize(("cls", "theirs_cls", "value"), [
    (DA, "DA", "20200102"), (DA, "DA", datetime.date(2020, 1, 2)),
    (TM, "TM", "101530.25"), (TM, "TM", "1015"), (TM, "TM", datetime.time(10, 15, 30)),
    (DT, "DT", "20200102101530.25+0100"), (DT, "DT", "20200102"),
    (DT, "DT", datetime.datetime(2020, 1, 2, 10, 15)),
])
def test_date_time_classes_as_pydicom(cls: Any, theirs_cls: str, value: Any) -> None:
    ours = cls(value)
    theirs = getattr(pydicom.valuerep, theirs_cls)(value)
    assert ours == theirs
    assert str(ours) == str(theirs)
    again = pickle.loads(pickle.dumps(ours))
    assert again == ours and str(again) == str(ours)


def test_date_time_classes_special_values() -> None:
    assert DA(None) is None and DA("") is None and TM("  ") is None and DT(None) is None
    assert str(DA(2020, 1, 2)) == "20200102"
    assert str(DA("2020.01.02")) == "2020.01.02" and DA("2020.01.02") == datetime.date(2020, 1, 2)
    with pytest.raises(ValueError, match="to 'DA' object"):
        DA("20201301")
    with pytest.raises(ValueError, match="to 'TM' object"):
        TM("2500")


def test_compat_package_exports() -> None:
    assert tc.valuerep.DS is DS and tc.valuerep.MultiString is valuerep.MultiString
    assert isinstance(UID("1.2.3"), str)


def test_a_number_is_no_uid() -> None:
    import pydicom.dataset

    for make in (pydicom.dataset.Dataset, Dataset):
        ds = make()
        with pytest.raises(TypeError, match="UID must be created from a string"):
            ds.SOPInstanceUID = 123456
        assert "SOPInstanceUID" not in ds


def test_none_among_text_values_is_an_empty_value() -> None:
    """pydicom keeps None in the list (and DICOM JSON gives null for it); the core holds
    the empty value DICOM encodes there ("CT\\")."""
    import pydicom.dataset

    ours, theirs = Dataset(), pydicom.dataset.Dataset()
    for ds in (ours, theirs):
        ds.ModalitiesInStudy = ["CT", None]
    assert list(ours.ModalitiesInStudy) == ["CT", ""]
    assert ours.to_json_dict() == theirs.to_json_dict()

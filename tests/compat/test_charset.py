"""typeddcm.compat.charset: pydicom's charset API over the codec's character sets.

pydicom 3's ``charset`` module is the oracle for ``convert_encodings``,
``decode_string`` and ``encode_string`` where the two agree; where pydicom departs
from PS3.5 (its whole-value encoding of a PN, a trailing empty component group) the
standard's bytes are asserted and pydicom must still read what we write.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.codec.test_charset import SINGLE_BYTE_EXAMPLES, STANDARD_EXAMPLES, _repertoire
from typeddcm.compat import charset, config
from typeddcm.compat.dataelem import DataElement
from typeddcm.compat.dataset import Dataset
from typeddcm.compat.valuerep import PersonName
from typeddcm.errors import DicomWarning

pydicom = pytest.importorskip("pydicom")
from pydicom import charset as theirs  # noqa: E402 - after importorskip
from pydicom.data import get_charset_files  # noqa: E402

PN_DELIMITERS = {0x5E, 0x3D}
TEXT_DELIMITERS = {0x0D, 0x0A, 0x09, 0x0C}


def _quiet(function: Any, *args: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


# --- the tables ---------------------------------------------------------------------------


def test_tables_are_pydicoms() -> None:
    assert charset.default_encoding == theirs.default_encoding == "iso8859"
    assert charset.python_encoding == theirs.python_encoding
    assert charset.STAND_ALONE_ENCODINGS == theirs.STAND_ALONE_ENCODINGS
    assert charset.decode_string is charset.decode_bytes
    assert charset.decode is charset.decode_element


# --- convert_encodings --------------------------------------------------------------------

TERMS: list[Any] = [
    None, "", [], [""], "ISO_IR 100", ["ISO_IR 100"], ["", "ISO 2022 IR 87"],
    ["ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"],
    ["", "ISO 2022 IR 159"], "ISO_IR 192", "GB18030", "GBK", ["ISO 2022 IR 6", "ISO 2022 IR 100"],
    ["ISO 2022 IR 100", "ISO 2022 IR 126"], "ISO_IR 166", "ISO_IR 13",
    "latin_1", "cp1252", "ISO 2022 58", "ISO 2022 GBK",
]


@pytest.mark.parametrize("terms", TERMS, ids=repr)
def test_convert_encodings_matches_pydicom(terms: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # none of these is worth a warning
        assert charset.convert_encodings(terms) == theirs.convert_encodings(terms)


WARNED: list[Any] = [
    "ISO-IR 100", "ISO IR 192", "ISO 2022-IR 87", ["", "ISO 2022_IR 149"],
    "Unknown", ["ISO_IR 100", "nonsense"], ["ISO_IR 192", "ISO 2022 IR 87"],
    ["ISO 2022 IR 100", "ISO_IR 192"], ["", "GB18030", "ISO 2022 IR 149"],
]


@pytest.mark.parametrize("terms", WARNED, ids=repr)
def test_convert_encodings_corrects_and_warns_as_pydicom(terms: Any) -> None:
    with pytest.warns(UserWarning, match="Specific Character Set|encoding|code extension"):
        ours = charset.convert_encodings(terms)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = theirs.convert_encodings(terms)
    assert ours == expected


def test_misspelling_that_is_a_python_codec_alias_reads_the_same() -> None:
    """pydicom keeps "ISO_IR_100" (Python's alias of Latin-1); we correct it, with a warning,
    to Latin-1 itself: the same codec."""
    with pytest.warns(UserWarning, match="assuming 'ISO_IR 100'"):
        ours = charset.convert_encodings("ISO_IR_100")
    assert ours == ["latin_1"]
    assert theirs.convert_encodings("ISO_IR_100") == ["ISO_IR_100"]
    assert charset.decode_string(b"J\xe9r\xf4me", ours) == b"J\xe9r\xf4me".decode("ISO_IR_100")


def test_convert_encodings_does_not_change_the_callers_list() -> None:
    terms = ["", "ISO 2022 IR 87"]
    charset.convert_encodings(terms)
    assert terms == ["", "ISO 2022 IR 87"]


def test_unknown_term_raises_lookup_error_when_reading_raises() -> None:
    with config.override(reading_validation_mode=config.RAISE), pytest.raises(LookupError):
        charset.convert_encodings("Unknown")


def test_misspelt_term_is_a_warning_even_when_reading_raises() -> None:
    with config.override(reading_validation_mode=config.RAISE), pytest.warns(DicomWarning):
        assert charset.convert_encodings("ISO-IR 100") == ["latin_1"]


# --- decode_string --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "terms", "vr", "text", "data"), STANDARD_EXAMPLES,
                         ids=[e[0] for e in STANDARD_EXAMPLES])
def test_decode_string_reads_the_standards_examples(
    name: str, terms: list[str], vr: str, text: str, data: bytes
) -> None:
    encodings = charset.convert_encodings(terms)
    delimiters = PN_DELIMITERS if vr == "PN" else TEXT_DELIMITERS
    assert charset.decode_string(data, encodings, delimiters) == text


@pytest.mark.parametrize(("term", "vr", "text", "data"), SINGLE_BYTE_EXAMPLES)
def test_decode_string_single_byte_sets(term: str, vr: str, text: str, data: bytes) -> None:
    encodings = _quiet(charset.convert_encodings, term)
    if term == "ISO_IR 203":  # not in pydicom's table: it falls back to the default
        assert encodings == ["iso8859"]
        return
    assert charset.decode_string(data, encodings) == text
    if text != "\u00a0":  # Python's iso_ir_166 (TIS-620) lacks ISO-IR 166's NBSP: pydicom's U+FFFD
        assert _quiet(theirs.decode_bytes, data, encodings, set()) == text


def _charset_file_values() -> Iterator[tuple[str, str, list[str], bytes, Any]]:
    """(file and tag, VR, encodings, raw bytes, pydicom's value) for every top-level text element
    of every file in pydicom's charset_files."""
    for path in sorted(get_charset_files("*.dcm")):
        raw_ds = _quiet(pydicom.dcmread, path)
        decoded_ds = _quiet(pydicom.dcmread, path)
        own = raw_ds.get_item(0x00080005)
        terms = None if own is None else own.value
        if isinstance(terms, bytes):
            terms = terms.decode("ascii").strip().split("\\")
        elif terms is not None and not isinstance(terms, str):
            terms = [str(term) for term in terms]
        encodings = _quiet(theirs.convert_encodings, terms)
        for tag in list(raw_ds.keys()):
            raw = raw_ds.get_item(tag)
            if raw.VR in ("SH", "LO", "ST", "LT", "UC", "UT", "PN") and raw.value:
                yield (f"{Path(path).name}{tag}", raw.VR, encodings, raw.value,
                       decoded_ds[tag].value)


CHARSET_VALUES = list(_charset_file_values())
# PS3.5 J.1-1 and J.3-1 end the name with an empty phonetic group; pydicom drops its '='.
_TRAILING_GROUP = {"chrX1.dcm(0010,0010)", "chrX2.dcm(0010,0010)"}


@pytest.mark.parametrize(("name", "vr", "encodings", "data", "value"), CHARSET_VALUES,
                         ids=[v[0] for v in CHARSET_VALUES])
def test_decode_string_on_pydicoms_charset_files(
    name: str, vr: str, encodings: list[str], data: bytes, value: Any
) -> None:
    """Each text element decodes as pydicom decodes it (the same bytes, the same codecs)."""
    delimiters = PN_DELIMITERS if vr == "PN" else TEXT_DELIMITERS
    ours = charset.decode_string(data, encodings, delimiters).rstrip(" \x00")
    several = isinstance(value, (list, pydicom.multival.MultiValue))
    expected = "\\".join(str(v) for v in value) if several else str(value)
    if name in _TRAILING_GROUP:
        assert ours == expected + "="
        return
    if vr in ("SH", "LO", "UC", "PN"):  # pydicom strips each value's padding
        ours = "\\".join(v.rstrip(" ") for v in ours.split("\\"))
    assert ours == expected


def test_decode_string_bad_bytes_warn_and_are_replaced() -> None:
    with pytest.warns(UserWarning, match="replacement characters"):
        text = charset.decode_string(b"\xff\xfeA", ["UTF8"])
    assert text.endswith("A") and "\ufffd" in text


def test_decode_string_bad_bytes_raise_when_reading_raises() -> None:
    with config.override(reading_validation_mode=config.RAISE), \
            pytest.raises(UnicodeDecodeError):
        charset.decode_string(b"\xff\xfeA", ["UTF8"])


def test_decode_string_unknown_encoding_falls_back() -> None:
    with pytest.warns(UserWarning, match="Unknown encoding 'not-a-codec'"):
        assert charset.decode_string(b"abc", ["not-a-codec"]) == "abc"
    with config.override(reading_validation_mode=config.RAISE), pytest.raises(LookupError):
        charset.decode_string(b"abc", ["not-a-codec"])


def test_decode_string_latin1_in_the_default_set_is_silent() -> None:
    """pydicom's default codec is Latin-1 to Python: no warning for its upper half."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert charset.decode_string(b"M\xfcller", ["iso8859"]) == "Müller"
        assert charset.decode_string(b"M\xfcller", None) == "Müller"


def test_decode_string_undeclared_escape_warns() -> None:
    data = b"\x1b$)C\xfb\xf3"  # KS X 1001, which ISO 2022 IR 87 does not declare
    with pytest.warns(UserWarning, match="unknown escape sequence"):
        charset.decode_string(data, ["iso8859", "iso2022_jp"], PN_DELIMITERS)
    with config.override(reading_validation_mode=config.RAISE), \
            pytest.raises(ValueError, match="unknown escape sequence"):
        charset.decode_string(data, ["iso8859", "iso2022_jp"], PN_DELIMITERS)


def test_decode_string_takes_dicom_terms_and_python_codecs() -> None:
    assert charset.decode_string(b"\xe9", ["ISO_IR 100"]) == "é"
    assert charset.decode_string(b"\x80", ["cp1252"]) == "€"
    assert charset.decode_string(b"\xe9", "latin_1") == "é"
    assert charset.decode_string("already text", ["latin_1"]) == "already text"


def test_decode_string_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        charset.decode_string(12, ["latin_1"])  # type: ignore[arg-type]


# --- encode_string --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "terms", "vr", "text", "data"), STANDARD_EXAMPLES,
                         ids=[e[0] for e in STANDARD_EXAMPLES])
def test_encode_string_writes_the_standards_examples(
    name: str, terms: list[str], vr: str, text: str, data: bytes
) -> None:
    """Escape sequences where PS3.5 puts them (pydicom's whole-value encoding differs for
    PN), and pydicom reads the bytes back as the text."""
    encodings = charset.convert_encodings(terms)
    ours = charset.encode_string(text, encodings)
    assert ours == data
    delimiters = PN_DELIMITERS if vr == "PN" else TEXT_DELIMITERS
    if "ISO 2022 IR 58" not in terms:  # pydicom keeps ESC $ ) A in the text (PYDICOM_DISAGREES
        # in tests/codec/test_charset_oracle.py)
        assert _quiet(theirs.decode_bytes, ours, encodings, delimiters) == text


@pytest.mark.parametrize(("term", "vr", "text", "data"),
                         [e for e in SINGLE_BYTE_EXAMPLES if e[0] != "ISO_IR 203"])
def test_encode_string_single_byte_sets_match_pydicom(
    term: str, vr: str, text: str, data: bytes
) -> None:
    encodings = charset.convert_encodings(term)
    assert charset.encode_string(text, encodings) == data
    # pydicom writes '?' for ISO-IR 166's NBSP (see above) and for all of ISO_IR 13 alone
    # (its JIS X 0201 encoder refuses a value that starts in the upper half).
    if term not in ("ISO_IR 166", "ISO_IR 13"):
        assert _quiet(theirs.encode_string, text, encodings) == data


def test_encode_string_default_encoding_writes_latin1_as_pydicom() -> None:
    for encodings in (["iso8859"], None, ["iso8859", "iso2022_jp"]):
        assert charset.encode_string("Müller", encodings) == b"M\xfcller"
        assert theirs.encode_string("Müller", encodings or ["iso8859"]) == b"M\xfcller"


def test_encode_string_unencodable_warns_and_replaces() -> None:
    with pytest.warns(UserWarning, match="Failed to encode"):
        data = charset.encode_string("A山B", ["latin_1"])
    assert data == b"A?B"
    with config.override(writing_validation_mode=config.RAISE), \
            pytest.raises(UnicodeEncodeError):
        charset.encode_string("A山B", ["latin_1"])


def test_encode_string_plain_python_codec() -> None:
    assert charset.encode_string("€", ["cp1252"]) == b"\x80"


def test_encode_string_refuses_other_types() -> None:
    with pytest.raises(TypeError):
        charset.encode_string(b"abc", ["latin_1"])  # type: ignore[arg-type]


# Character sets and what each writes, for the round trip.
ROUND_TRIP_TERMS = [
    ["ISO_IR 100"], ["ISO_IR 101"], ["ISO_IR 126"], ["ISO_IR 144"], ["ISO_IR 148"],
    ["ISO_IR 13"], ["", "ISO 2022 IR 87"], ["", "ISO 2022 IR 149"], ["", "ISO 2022 IR 58"],
    ["ISO 2022 IR 13", "ISO 2022 IR 87"], ["", "ISO 2022 IR 100", "ISO 2022 IR 126"],
    ["ISO_IR 192"], ["GB18030"],
]


def _alphabet(terms: list[str]) -> str:
    if terms[0] in ("ISO_IR 192", "GB18030"):
        return "abcXYZ 019.^=é中文王小東가나다ひらがなカタカナΩЖ"
    return "".join(sorted({c for term in terms for c in _repertoire(term or "ISO_IR 6")}))


@pytest.mark.parametrize("terms", ROUND_TRIP_TERMS, ids=repr)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_encode_then_decode_gives_the_text_back(terms: list[str], data: st.DataObject) -> None:
    """Hypothesis: any text the sets can write encodes and decodes back unchanged, in our
    decoder and in pydicom's."""
    alphabet = _alphabet(terms) + "^="
    text = data.draw(st.text(alphabet=alphabet, max_size=24))
    encodings = charset.convert_encodings(terms)
    encoded = charset.encode_string(text, encodings)
    assert charset.decode_string(encoded, encodings, PN_DELIMITERS) == text
    if "ISO 2022 IR 58" not in terms and not _g1_after_g0_escape(terms, text):
        assert _quiet(theirs.decode_bytes, encoded, encodings, PN_DELIMITERS) == text


def _g1_after_g0_escape(terms: list[str], text: str) -> bool:
    """Half-width katakana (G1, ISO-IR 13) with JIS X 0208 text (G0) in one value: valid
    ISO 2022, which pydicom cannot read (it decodes an escaped run with one Python codec)."""
    if terms[0] != "ISO 2022 IR 13":
        return False
    katakana = any("\uff61" <= c <= "\uff9f" for c in text)
    kanji = any(c not in _repertoire("ISO_IR 13") + "^=" for c in text)
    return katakana and kanji


# pydicom's own round trip fails for ISO_IR 13 alone ('?') and ISO 2022 IR 58 (no escape
# sequence written); with two G1 sets it leaves the second with ESC ( B, which designates
# G0 only (ISO 2022): the bytes mean the other set's characters, and we read them so.
_PYDICOM_WRITES_WELL = [t for t in ROUND_TRIP_TERMS if t not in (
    ["ISO_IR 13"], ["", "ISO 2022 IR 58"], ["", "ISO 2022 IR 100", "ISO 2022 IR 126"])]


@pytest.mark.parametrize("terms", _PYDICOM_WRITES_WELL, ids=repr)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_we_read_what_pydicom_writes(terms: list[str], data: st.DataObject) -> None:
    """Hypothesis: pydicom's encode_string output decodes to its text with ours (values
    without delimiters, as pydicom encodes them one component at a time)."""
    text = data.draw(st.text(alphabet=_alphabet(terms).replace("^", "").replace("=", ""),
                             max_size=16))
    encodings = charset.convert_encodings(terms)
    encoded = _quiet(theirs.encode_string, text, encodings)
    assert charset.decode_string(encoded, encodings, PN_DELIMITERS) == text


def test_pydicoms_two_g1_sets_bytes_are_read_by_the_standard() -> None:
    """pydicom writes "Ωé" as ESC - F 0xD9 ESC ( B 0xE9: ESC ( B designates G0, so G1 is
    still ISO-IR 126 and 0xE9 is iota (ISO 2022, PS3.5 6.1.2.5); we write ESC - A for é."""
    encodings = charset.convert_encodings(["", "ISO 2022 IR 100", "ISO 2022 IR 126"])
    assert theirs.encode_string("Ωé", encodings) == b"\x1b-F\xd9\x1b(B\xe9"
    assert charset.decode_string(b"\x1b-F\xd9\x1b(B\xe9", encodings) == "Ωι"
    assert charset.encode_string("Ωé", encodings) == b"\x1b-F\xd9\x1b-A\xe9"


# --- decode_element ---------------------------------------------------------------------


def test_decode_element_person_name_bytes() -> None:
    data = STANDARD_EXAMPLES[0][4]
    elem = DataElement(0x00100010, "PN", data)
    charset.decode_element(elem, ["", "ISO 2022 IR 87"])
    assert isinstance(elem.value, PersonName)
    assert elem.value == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    assert elem.value.original_string == data


def test_decode_element_matches_pydicom_for_text_and_lists() -> None:
    cases: list[tuple[str, Any, Any]] = [("LO", b"J\xe9r\xf4me", "ISO_IR 100"), ("SH", [b"\xc4", b"\xd6"], ["ISO_IR 100"]),
             ("PN", [b"Buc^J\xe9r\xf4me", b"A^B"], "ISO_IR 100"), ("LT", b"line\r\nline", None)]
    for vr, value, terms in cases:
        ours = DataElement(0x00100020, vr, value)
        pyd = pydicom.DataElement(0x00100020, vr, value)
        charset.decode_element(ours, terms)
        theirs.decode_element(pyd, terms)
        got = [str(v) for v in ours.value] if isinstance(ours.value, list) else str(ours.value)
        want = [str(v) for v in pyd.value] if len(pyd.value) > 1 and not isinstance(
            pyd.value, (str, bytes)) and vr != "LT" and not isinstance(
            pyd.value, pydicom.valuerep.PersonName) else str(pyd.value)
        assert got == want, vr


def test_decode_element_leaves_text_and_other_vrs_alone() -> None:
    text = DataElement(0x00100020, "LO", "already")
    charset.decode_element(text, "ISO_IR 100")
    assert text.value == "already"
    other = DataElement(0x00280010, "US", 5)
    charset.decode_element(other, "ISO_IR 100")
    assert other.value == 5
    empty = DataElement(0x00100020, "LO", b"")
    charset.decode_element(empty, "ISO_IR 100")
    assert empty.value == b""


def test_decode_element_on_a_bound_element_changes_nothing() -> None:
    ds = Dataset()
    ds.PatientName = "Müller^Hans"
    before = ds.freeze()
    charset.decode_element(ds["PatientName"], "ISO_IR 100")
    assert ds.freeze() is before
    assert ds.PatientName == "Müller^Hans"

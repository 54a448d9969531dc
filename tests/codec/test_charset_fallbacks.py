"""Text bytes a file's character set does not have: what real files hold, read as pydicom does.

Two fallbacks (PS3.5 6.1.2, read leniently):

- the default repertoire (no Specific Character Set, or a default-repertoire VR such
  as CS whatever (0008,0005) says) has no bytes above 0x7F; files put ISO 8859-1
  there, and those bytes are read as ISO 8859-1;
- ISO_IR 13 (JIS X 0201: Romaji and half-width katakana) holding Shift_JIS, which
  Japanese scanners write: bytes JIS X 0201 lacks are read as Shift_JIS.

Each fallback is named (``DecodedText.fallback``) and becomes a DicomWarning when a
file's value is decoded; the original bytes are written back unchanged, conformant
writes included, unless the value or the character set in force was changed.  The
files here are made from synthetic names; pydicom reads the same bytes as oracle.
"""

from __future__ import annotations

import io
import struct
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.codec.charset import (
    FALLBACK_LATIN_1,
    FALLBACK_REPLACED,
    FALLBACK_SHIFT_JIS,
    CharacterSet,
    DecodedText,
)
from typeddcm.errors import DicomWarning, EncodeError

pydicom = pytest.importorskip("pydicom")

ISO_IR_13 = CharacterSet.from_terms("ISO_IR 13")
DEFAULT = CharacterSet.from_terms(None)
PATIENT_NAME = 0x00100010
STUDY_DESCRIPTION = 0x00081030
IMAGE_TYPE = 0x00080008


# --- files made byte by byte (our writer refuses text the declared set lacks) -------------


def _element(tag: int, vr: str, value: bytes) -> bytes:
    if len(value) % 2:
        value += b"\x00" if vr == "UI" else b" "
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode("ascii"), len(value)) + value


def _part10(elements: list[tuple[int, str, bytes]]) -> bytes:
    """Explicit VR little endian Part 10 bytes holding ``elements`` as given."""
    body = b"".join([
        struct.pack("<HH2sHI", 2, 1, b"OB", 0, 2) + b"\x00\x01",
        _element(0x00020002, "UI", b"1.2.840.10008.5.1.4.1.1.7"),
        _element(0x00020003, "UI", b"1.2.3.4"),
        _element(0x00020010, "UI", b"1.2.840.10008.1.2.1"),
    ])
    meta = _element(0x00020000, "UL", struct.pack("<I", len(body))) + body
    data = b"".join(_element(*e) for e in sorted(elements))
    return b"\x00" * 128 + b"DICM" + meta + data


def _read(data: bytes) -> typeddcm.DicomFile:
    return typeddcm.read(data)


def _values(f: typeddcm.DicomFile, tag: int) -> tuple[str, ...]:
    """The element's values as text; decoding may warn (callers check or ignore that)."""
    return tuple(str(v) for v in f.dataset[tag].vr.values)


def _quiet_values(f: typeddcm.DicomFile, tag: int) -> tuple[str, ...]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _values(f, tag)


def _pydicom_texts(data: bytes, keyword: str) -> list[str]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: Any = pydicom.dcmread(io.BytesIO(data))[keyword].value
    items = list(value) if isinstance(value, (list, pydicom.multival.MultiValue)) else [value]
    return [str(item) for item in items]


def _element_bytes(data: bytes, tag: int) -> bytes:
    """The value bytes of top-level element ``tag`` in explicit VR little endian ``data``."""
    offset = 132
    while offset < len(data):
        group, element, _vr, length = struct.unpack_from("<HH2sH", data, offset)
        if _vr in (b"OB", b"OW", b"SQ", b"UN", b"UT", b"UC", b"UR"):
            (length,) = struct.unpack_from("<I", data, offset + 8)
            start = offset + 12
        else:
            start = offset + 8
        if (group << 16) | element == tag:
            return data[start:start + length]
        offset = start + length
    raise KeyError(hex(tag))


# --- strategies ------------------------------------------------------------------------

_KANJI = "山田太郎花子鈴木佐藤高橋田中伊藤渡辺表能十申予噂"  # 表 能 十 申 予 噂: trail byte 0x5C
_JAPANESE = (
    _KANJI
    + "".join(chr(c) for c in range(0x3041, 0x3094))  # hiragana
    + "".join(chr(c) for c in range(0x30A1, 0x30F5))  # full-width katakana (ソ: trail 0x5C)
)
_HALF_WIDTH = "".join(chr(c) for c in range(0xFF61, 0xFFA0))  # JIS X 0201 katakana


def _component(alphabet: str) -> st.SearchStrategy[str]:
    return st.text(alphabet=alphabet, min_size=1, max_size=6)


def shift_jis_names() -> st.SearchStrategy[str]:
    """PN text with Japanese ideographic/phonetic groups, at least one two-byte character."""
    family = _component(_JAPANESE + "Yamada")
    given_name = _component(_JAPANESE + "Taro")
    group = st.tuples(family, given_name).map("^".join)
    phonetic = st.tuples(_component(_HALF_WIDTH), _component(_HALF_WIDTH)).map("^".join)
    names = st.tuples(group, st.one_of(st.just(""), phonetic)).map(
        lambda parts: f"{parts[0]}={parts[1]}" if parts[1] else parts[0])
    return names.filter(lambda name: any(c in _JAPANESE for c in name))


_LATIN_1_HIGH = "".join(chr(c) for c in range(0xA0, 0x100))
_PRINTABLE = "".join(chr(c) for c in range(0x21, 0x7F) if chr(c) not in "\\^=")


def latin_1_texts() -> st.SearchStrategy[str]:
    """One value with at least one character above 0x7F and no padding at either end."""
    return st.text(alphabet=_PRINTABLE + _LATIN_1_HIGH + " ", min_size=1, max_size=20).map(
        lambda text: text.strip(" ")).filter(
        lambda text: bool(text) and any(ord(c) > 0x7F for c in text) and "\xa0" not in text[-1:])


# --- ISO_IR 13 holding Shift_JIS -----------------------------------------------------------


@given(name=shift_jis_names(), vr=st.sampled_from(["PN", "LO", "SH", "LT", "UT"]))
def test_shift_jis_under_iso_ir_13_is_read_as_shift_jis(name: str, vr: str) -> None:
    """Bytes JIS X 0201 lacks but Shift_JIS has decode as Shift_JIS, and say so."""
    assert ISO_IR_13.decode(name.encode("shift_jis"), vr) == DecodedText(name, FALLBACK_SHIFT_JIS)


@given(name=st.tuples(_component(_HALF_WIDTH + "ABC"), _component(_HALF_WIDTH)).map("^".join))
def test_jis_x_0201_text_needs_no_fallback(name: str) -> None:
    """Half-width katakana and ASCII are JIS X 0201 itself: no fallback, nothing to warn."""
    assert ISO_IR_13.decode(name.encode("shift_jis"), "PN") == DecodedText(name, "")
    assert ISO_IR_13.encode(name, "PN") == name.encode("shift_jis")


def test_bytes_neither_set_has_are_replaced() -> None:
    """0x85 leads no Shift_JIS character: U+FFFD, as before."""
    assert ISO_IR_13.decode(b"\x85\x40", "LO") == DecodedText("\ufffd@", FALLBACK_REPLACED)


def test_code_extensions_with_iso_2022_ir_13_fall_back_too() -> None:
    """ISO 2022 IR 13 as value 1 (with extensions): the initial G1 set gets the same fallback."""
    charset = CharacterSet.from_terms(["ISO 2022 IR 13", "ISO 2022 IR 87"])
    data = "山田".encode("shift_jis") + b"^" + b"\x1b$B;3ED\x1b(J"
    assert charset.decode(data, "PN") == DecodedText("山田^山田", FALLBACK_SHIFT_JIS)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=shift_jis_names())
def test_shift_jis_file_values_match_pydicom(name: str) -> None:
    """pydicom reads ISO_IR 13 as Shift_JIS; our value is its value, trail byte 0x5C included."""
    raw = name.encode("shift_jis")
    data = _part10([(0x00080005, "CS", b"ISO_IR 13"), (PATIENT_NAME, "PN", raw),
                    (STUDY_DESCRIPTION, "LO", raw.replace(b"=", b" "))])
    f = _read(data)
    with pytest.warns(DicomWarning, match="read as Shift_JIS"):
        ours = _values(f, PATIENT_NAME)
    assert ours == (name,)
    assert list(ours) == _pydicom_texts(data, "PatientName")
    assert list(_quiet_values(f, STUDY_DESCRIPTION)) == _pydicom_texts(data, "StudyDescription")


def test_shift_jis_value_is_written_back_unchanged() -> None:
    """Like the original and conformant: the bytes read are the bytes written."""
    raw = "山田^太郎=ﾔﾏﾀﾞ^ﾀﾛｳ".encode("shift_jis")
    data = _part10([(0x00080005, "CS", b"ISO_IR 13"), (PATIENT_NAME, "PN", raw)])
    f = _read(data)
    assert _quiet_values(f, PATIENT_NAME) == ("山田^太郎=ﾔﾏﾀﾞ^ﾀﾛｳ",)
    assert f.to_bytes(like_original=True) == data
    conformant = f.to_bytes(like_original=False)
    assert _element_bytes(conformant, PATIENT_NAME) == raw
    assert _quiet_values(_read(conformant), PATIENT_NAME) == ("山田^太郎=ﾔﾏﾀﾞ^ﾀﾛｳ",)


def test_a_changed_value_is_encoded_strictly() -> None:
    """The fallback is for reading: a new value ISO_IR 13 cannot hold is an EncodeError."""
    data = _part10([(0x00080005, "CS", b"ISO_IR 13"), (PATIENT_NAME, "PN", b"Yamada")])
    f = _read(data).set(keys.PatientName, "山田")
    with pytest.raises(EncodeError, match="ISO_IR 13"):
        f.to_bytes(like_original=False)


def test_new_character_set_reencodes_or_refuses() -> None:
    """Changing (0008,0005) re-encodes the text read by a fallback (the old bytes would lie)."""
    raw = "山田^太郎".encode("shift_jis")
    data = _part10([(0x00080005, "CS", b"ISO_IR 13"), (PATIENT_NAME, "PN", raw)])
    f = _read(data)
    _quiet_values(f, PATIENT_NAME)
    utf8 = f.set(keys.SpecificCharacterSet, "ISO_IR 192").to_bytes(like_original=False)
    assert _element_bytes(utf8, PATIENT_NAME) == "山田^太郎".encode() + b" "
    with pytest.raises(EncodeError):
        f.set(keys.SpecificCharacterSet, "ISO_IR 100").to_bytes(like_original=False)


# --- the default repertoire holding ISO 8859-1 ------------------------------------------


@given(text=latin_1_texts(), vr=st.sampled_from(["PN", "LO", "SH", "ST", "LT", "UT", "UC",
                                                  "CS", "AE", "AS"]))
def test_default_repertoire_bytes_above_0x7f_are_latin_1(text: str, vr: str) -> None:
    """No (0008,0005): ISO 8859-1 for bytes ISO-IR 6 lacks, named as the fallback."""
    decoded = DEFAULT.decode(text.encode("latin-1"), vr)
    assert decoded == DecodedText(text, FALLBACK_LATIN_1)


@given(text=latin_1_texts(), terms=st.sampled_from(["ISO_IR 192", "ISO_IR 100", "ISO_IR 13"]))
def test_default_repertoire_vrs_are_latin_1_whatever_the_set(text: str, terms: str) -> None:
    """CS, AE, ... are ISO-IR 6 whatever (0008,0005) says (PS3.5 6.1.2.3): same fallback."""
    charset = CharacterSet.from_terms(terms)
    assert charset.decode(text.encode("latin-1"), "CS") == DecodedText(text, FALLBACK_LATIN_1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=latin_1_texts(), description=latin_1_texts(), kind=latin_1_texts(),
       terms=st.sampled_from([None, b"ISO_IR 192"]))
def test_latin_1_file_values_match_pydicom(name: str, description: str, kind: str,
                                           terms: bytes | None) -> None:
    """The values pydicom shows (it reads the default repertoire as ISO 8859-1)."""
    elements = [(PATIENT_NAME, "PN", name.encode("latin-1")),
                (STUDY_DESCRIPTION, "LO", description.encode("latin-1")),
                (IMAGE_TYPE, "CS", kind.encode("latin-1"))]
    if terms is not None:  # UTF-8 declared: only the default-repertoire CS is Latin-1
        elements = [e for e in elements if e[1] == "CS"] + [(0x00080005, "CS", terms)]
    data = _part10(elements)
    f = _read(data)
    with pytest.warns(DicomWarning, match="ISO 8859-1"):
        assert _values(f, IMAGE_TYPE) == (kind,)
    assert list(_quiet_values(f, IMAGE_TYPE)) == _pydicom_texts(data, "ImageType")
    if terms is None:
        assert list(_quiet_values(f, PATIENT_NAME)) == _pydicom_texts(data, "PatientName")
        assert list(_quiet_values(f, STUDY_DESCRIPTION)) == _pydicom_texts(
            data, "StudyDescription")


def test_latin_1_values_are_written_back_unchanged() -> None:
    """Like the original and conformant: no '?' and no EncodeError for values read so."""
    elements = [(PATIENT_NAME, "PN", "Müller^Jürgen".encode("latin-1")),
                (STUDY_DESCRIPTION, "LO", "Épaule droite".encode("latin-1")),
                (IMAGE_TYPE, "CS", "ORIGINAL\\PRIMÄR".encode("latin-1"))]
    data = _part10(elements)
    f = _read(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for tag, _vr, _raw in elements:
            _values(f, tag)  # decoded (and warned about) before writing
    assert f.to_bytes(like_original=True) == data
    conformant = f.to_bytes(like_original=False)
    for tag, _vr, raw in elements:
        assert _element_bytes(conformant, tag) == raw + b" " * (len(raw) % 2)
    again = _read(conformant)
    assert _quiet_values(again, PATIENT_NAME) == ("Müller^Jürgen",)
    assert _quiet_values(again, IMAGE_TYPE) == ("ORIGINAL", "PRIMÄR")
    # A changed level copies the unchanged elements' bytes too.
    changed = f.set(keys.PatientID, "X").to_bytes(like_original=False)
    assert _element_bytes(changed, STUDY_DESCRIPTION) == "Épaule droite".encode("latin-1") + b" "

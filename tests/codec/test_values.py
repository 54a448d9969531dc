"""typeddcm.codec.values: value bytes <-> VR objects, in both directions."""

from __future__ import annotations

import math
import string
from typing import Any, Literal

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeddcm.codec.charset import (
    DEFAULT_CHARACTER_SET,
    FALLBACK_LATIN_1,
    FALLBACK_REPLACED,
    CharacterSet,
)
from typeddcm.codec.values import CHARSET_VRS, decode_value, decoder_for, encode_value
from typeddcm.errors import EncodeError
from typeddcm.strategies import VR_CODES, vr_values
from typeddcm.tag import Tag
from typeddcm.vr import (
    AE,
    AT,
    CS,
    DA,
    DS,
    FD,
    IS,
    LO,
    LT,
    OB,
    OW,
    PN,
    SH,
    SQ,
    ST,
    TM,
    UI,
    UL,
    UN,
    UR,
    US,
    UT,
    VR_CLASSES,
    AnyVR,
    DSNumber,
    ISNumber,
)

LATIN_1 = CharacterSet.from_terms("ISO_IR 100")
UTF_8 = CharacterSet.from_terms("ISO_IR 192")
JAPANESE = CharacterSet.from_terms(["", "ISO 2022 IR 87"])
GB18030 = CharacterSet.from_terms("GB18030")
BULK = ("OB", "OD", "OF", "OL", "OV", "OW", "UN")
NUMERIC = ("FD", "FL", "SL", "SS", "SV", "UL", "US", "UV")
SINGLE = ("LT", "ST", "UT", "UR")
TEXT = tuple(code for code in VR_CODES if code not in BULK + NUMERIC + ("AT",))
BYTE_ORDERS = pytest.mark.parametrize("little_endian", [True, False], ids=["LE", "BE"])


def decode(
    vr: str, data: bytes | bytearray | memoryview, *, little_endian: bool = True,
    charset: CharacterSet = DEFAULT_CHARACTER_SET,
) -> AnyVR:
    """The VR object only, checking that the text was not lossy."""
    value, lossy = decode_value(vr, memoryview(data), little_endian=little_endian, charset=charset)
    assert not lossy
    return value


def encode(
    value: AnyVR, *, little_endian: bool = True, charset: CharacterSet = DEFAULT_CHARACTER_SET
) -> bytes:
    return encode_value(value, little_endian=little_endian, charset=charset)


def _text_of(value: AnyVR) -> str:
    """The DICOM text of a text VR, each value's own text, backslash-joined."""
    return "\\".join(str(v) for v in value.values)


def check_round_trip(value: AnyVR, little_endian: bool, charset: CharacterSet) -> None:
    """decode(encode(x)) == x; encode(decode(b)) == b; even length; the right padding."""
    data = encode(value, little_endian=little_endian, charset=charset)
    assert len(data) % 2 == 0
    again, lossy = decode_value(
        value.code, memoryview(data), little_endian=little_endian, charset=charset
    )
    assert not lossy
    assert type(again) is type(value)
    if value.code in BULK and value.nbytes % 2:  # type: ignore[union-attr]  # bulk only
        # An odd-length OB/UN value gains its NUL pad: the pad is part of the value field.
        bulk: Any = value
        value = type(bulk)(bulk.tobytes() + b"\x00")
    assert again == value
    if value.code in TEXT:
        assert _text_of(again) == _text_of(value)  # DS/IS: the text, not only the number
        unpadded = charset.encode(_text_of(value), value.code)
        pad = b"\x00" if value.code == "UI" else b" "
        assert data == unpadded + pad * (len(unpadded) % 2)
    elif value.code in BULK:
        raw = value.tobytes(little_endian=little_endian)  # type: ignore[union-attr]
        assert data == raw + b"\x00" * (len(raw) % 2)
    assert encode(again, little_endian=little_endian, charset=charset) == data


# --- round trips -----------------------------------------------------------------------


@pytest.mark.parametrize("code", VR_CODES)
@BYTE_ORDERS
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_round_trip_every_vr(code: str, little_endian: bool, data: st.DataObject) -> None:
    """Every VR but SQ: a valid value survives encode then decode, and its bytes come back."""
    check_round_trip(data.draw(vr_values(code)), little_endian, DEFAULT_CHARACTER_SET)


_LATIN_1_CHARS = "".join(
    chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x100)] if chr(c) not in "\\^="
)
# Any Unicode text without controls, surrogates (not encodable) or the delimiters.
_ANY_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\^=")
_MAX_CHARS = {"SH": 16, "LO": 64, "UC": 200, "LT": 200, "ST": 200, "UT": 200}


def _one_text(chars: st.SearchStrategy[str], max_size: int) -> st.SearchStrategy[str]:
    """A value without trailing padding (insignificant) that is not empty."""
    return st.text(chars, min_size=1, max_size=max_size).map(lambda s: s.rstrip(" ")).filter(bool)


@st.composite
def _charset_value(draw: st.DrawFn, code: str, chars: st.SearchStrategy[str]) -> AnyVR:
    cls: Any = VR_CLASSES[code]
    if code == "PN":
        def group() -> st.SearchStrategy[str]:
            component = _one_text(chars, 10).map(str.strip).filter(bool)
            return st.lists(component, min_size=1, max_size=5).map("^".join)

        names = st.lists(group(), min_size=1, max_size=3).map("=".join)
        value: AnyVR = cls(draw(st.lists(names, min_size=1, max_size=3)))
        return value
    if code in ("LT", "ST", "UT"):  # leading spaces are significant here: keep some
        extra = st.sampled_from(["\\", "\r", "\n", "\t", " "])
        value = cls(draw(_one_text(st.one_of(chars, extra), _MAX_CHARS[code])))
        return value
    value = cls(draw(st.lists(_one_text(chars, _MAX_CHARS[code]), min_size=1, max_size=4)))
    return value


@pytest.mark.parametrize("code", sorted(CHARSET_VRS))
@BYTE_ORDERS
@given(data=st.data())
def test_round_trip_latin_1(code: str, little_endian: bool, data: st.DataObject) -> None:
    """Latin-1 text in ISO_IR 100 survives, in every VR that uses the character set."""
    value = data.draw(_charset_value(code, st.sampled_from(_LATIN_1_CHARS)))
    check_round_trip(value, little_endian, LATIN_1)


@pytest.mark.parametrize("code", sorted(CHARSET_VRS))
@given(data=st.data())
def test_round_trip_utf_8(code: str, data: st.DataObject) -> None:
    """Any text in ISO_IR 192 survives, in every VR that uses the character set."""
    check_round_trip(data.draw(_charset_value(code, _ANY_CHARS)), True, UTF_8)


@given(data=st.data())
def test_other_vrs_ignore_the_character_set(data: st.DataObject) -> None:
    """Default-repertoire VRs encode the same bytes whatever the character set is."""
    other = data.draw(st.sampled_from([c for c in TEXT if c not in CHARSET_VRS]))
    value = data.draw(vr_values(other))
    assert encode(value, charset=UTF_8) == encode(value, charset=JAPANESE) == encode(value)


def test_round_trip_japanese_iso_2022() -> None:
    """PS3.5 Example H.3-1: ISO 2022 escape sequences survive a PN round trip."""
    raw = (
        b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B="
        b"\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B"
    )
    value = decode("PN", raw, charset=JAPANESE)
    assert value == PN("Yamada^Tarou=山田^太郎=やまだ^たろう")
    assert encode(value, charset=JAPANESE) == raw


# --- padding and splitting ------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (UI("1.2.3"), b"1.2.3\x00"),
        (UI("1.2"), b"1.2\x00"),
        (UI(["1.2", "1.3"]), b"1.2\\1.3\x00"),
        (CS("ABC"), b"ABC "),
        (LO(["A", "B"]), b"A\\B "),
        (PN("Doe^Jo"), b"Doe^Jo"),
        (PN("Doe^J"), b"Doe^J "),
        (DS(["1.50", "-2"]), b"1.50\\-2 "),
        (IS("+7"), b"+7"),
        (DA("20200102"), b"20200102"),
        (TM("101530.12"), b"101530.12 "),
        (LT("a\\b"), b"a\\b "),
        (UR("http://x"), b"http://x"),
        (UR("http://"), b"http:// "),
        (OB(b"\x01\x02\x03"), b"\x01\x02\x03\x00"),
        (UN(b"\x01"), b"\x01\x00"),
        (OW(b"\x01\x02"), b"\x01\x02"),
        (LO(), b""),
        (US(), b""),
        (OB(), b""),
        (LO(["", ""]), b"\\ "),
    ],
    ids=repr,
)
def test_encoded_bytes_and_padding(value: AnyVR, expected: bytes) -> None:
    """PS3.5 6.2: UI and OB/UN pad with NUL, text with space; values joined by backslash."""
    assert encode(value) == expected
    again = decode(value.code, expected)
    assert encode(again) == expected
    if value.code not in BULK:
        assert again == value


@pytest.mark.parametrize(
    ("code", "raw", "values"),
    [
        # PS3.5 Table 6.2-1: leading and trailing spaces are insignificant in AE, CS, DS, IS.
        ("AE", b"  STORE SCP  ", ("STORE SCP",)),
        ("CS", b" ORIGINAL \\ PRIMARY ", ("ORIGINAL", "PRIMARY")),
        ("CS", b"DERIVED \\PRIMARY\x00", ("DERIVED", "PRIMARY")),
        # SH LO UC: trailing padding goes, leading spaces are kept (as pydicom keeps them).
        ("LO", b" Lead \\Trail  ", (" Lead", "Trail")),
        ("SH", b"A\x00\x00\x00", ("A",)),
        # LT ST UT: one value; backslash is text; leading spaces are significant.
        ("LT", b"  two\\parts \x00", ("  two\\parts",)),
        ("ST", b"line\r\n", ("line\r\n",)),
        ("UT", b" ", ()),
        ("UR", b"http://a/b?c=1 ", ("http://a/b?c=1",)),
        # UI: trailing NUL (and, in real files, spaces).
        ("UI", b"1.2.840.10008.1.2\x00", ("1.2.840.10008.1.2",)),
        ("UI", b"1.2 ", ("1.2",)),
        # Empty values and all-padding values have no values; empty values between
        # backslashes are kept.
        ("LO", b"", ()),
        ("LO", b"  ", ()),
        ("CS", b"\\", ("", "")),
        ("CS", b"A\\\\B ", ("A", "", "B")),
        ("PN", b"Doe^John\\Roe^Jane ", ("Doe^John", "Roe^Jane")),
        ("PN", b"Doe^John =\x00", ("Doe^John =",)),
    ],
)
def test_decoding_strips_padding(code: str, raw: bytes, values: tuple[str, ...]) -> None:
    """Padding goes as PS3.5 says, per value; everything else of the text is kept."""
    assert tuple(str(v) for v in decode(code, raw).values) == values


def test_numbers_keep_their_text() -> None:
    """DS and IS keep the text they were read from (padding aside), and write it back."""
    ds = decode("DS", b" 1.50\\+2E3 ")
    assert isinstance(ds, DS)
    assert [v.text for v in ds.values] == ["1.50", "+2E3"]
    assert ds.values == (1.5, 2000.0)
    assert encode(ds) == b"1.50\\+2E3 "
    value = decode("IS", b"+05 ")
    assert isinstance(value, IS)
    assert value.values == (5,) and value.values[0].text == "+05"
    assert encode(value) == b"+05 "


def test_dates_and_times_parse() -> None:
    """DA, DT and TM values are parsed leniently, with their text kept."""
    da = decode("DA", b"20200102\\1999.12.31 ")
    assert isinstance(da, DA)
    assert [v.year for v in da.values] == [2020, 1999]
    tm = decode("TM", b"101530.25 ")
    assert isinstance(tm, TM)
    assert tm.value.microsecond == 250000 and tm.value.text == "101530.25"
    assert decode("DT", b"2020010212+0100").value.utc_offset is not None  # type: ignore[union-attr]


# --- binary values -----------------------------------------------------------------------


@BYTE_ORDERS
def test_numeric_values(little_endian: bool) -> None:
    """Numeric VRs read in the file's byte order."""
    raw = b"\x00\x01\x00\x02" if not little_endian else b"\x01\x00\x02\x00"
    value = decode("US", raw, little_endian=little_endian)
    assert value == US([1, 2])
    assert encode(value, little_endian=little_endian) == raw
    assert encode(value, little_endian=not little_endian) == raw[1::-1] + raw[3:1:-1]
    fd = decode("FD", np.array([1.5, -0.25], ">f8" if not little_endian else "<f8").tobytes(),
                little_endian=little_endian)
    assert fd == FD([1.5, -0.25])


def test_partial_words_are_ignored() -> None:
    """Odd-length numeric data keeps the whole words; AT keeps the whole tags."""
    assert decode("US", b"\x01\x00\x02") == US([1])
    assert decode("UL", b"\x01\x00\x00\x00\x02\x00") == UL([1])
    assert decode("FD", b"\x00" * 7) == FD()
    assert decode("AT", b"\x10\x00\x10\x00\x08\x00") == AT([(0x0010, 0x0010)])


@BYTE_ORDERS
def test_attribute_tags(little_endian: bool) -> None:
    """AT values are (group, element) pairs of 16-bit words in the file's byte order."""
    value = AT([(0x0028, 0x0010), (0x7FE0, 0x0010)])
    data = encode(value, little_endian=little_endian)
    order: Literal["little", "big"] = "little" if little_endian else "big"
    assert data == b"".join(n.to_bytes(2, order) for n in (0x0028, 0x0010, 0x7FE0, 0x0010))
    again = decode("AT", data, little_endian=little_endian)
    assert again == value
    assert all(type(tag) is Tag for tag in again.values)


@pytest.mark.parametrize("code", NUMERIC)
@BYTE_ORDERS
def test_numeric_decoding_does_not_copy(code: str, little_endian: bool) -> None:
    """A numeric value is a read-only view of the buffer it was read from."""
    buffer = bytearray(range(64))
    value = decode(code, memoryview(buffer)[8:40], little_endian=little_endian)
    array = value.array  # type: ignore[union-attr]
    assert np.shares_memory(array, np.frombuffer(buffer, np.uint8))
    assert not array.flags.writeable
    before = array.copy()
    buffer[8:40] = bytes(range(100, 132))
    assert not np.array_equal(array, before, equal_nan=True)  # it sees the change: a view


@pytest.mark.parametrize("code", BULK)
@BYTE_ORDERS
def test_bulk_decoding_does_not_copy(code: str, little_endian: bool) -> None:
    """A bulk value wraps the memoryview it was given."""
    buffer = bytearray(range(64))
    value = decode(code, memoryview(buffer)[8:40], little_endian=little_endian)
    data = value.data  # type: ignore[union-attr]
    assert data.readonly and data.obj is buffer
    assert value.byteorder == ("<" if little_endian else ">")  # type: ignore[union-attr]
    buffer[8] = 0xFF
    assert data[0] == 0xFF


def test_one_megabyte_ob_is_a_view() -> None:
    """Pixel-data sized values are never copied on decoding."""
    buffer = bytes(1 << 20)
    value = decode("OB", buffer)
    assert isinstance(value, OB)
    assert value.data.obj is buffer and value.nbytes == 1 << 20


# --- dispatch ---------------------------------------------------------------------------


def test_decoder_for_is_cached_per_code() -> None:
    """One decoder function per VR code, looked up, not built, on each call."""
    assert decoder_for("US") is decoder_for("US")
    assert decoder_for("PN") is not decoder_for("LO")
    value, fallback = decoder_for("LO")(memoryview(b"abc "), True, DEFAULT_CHARACTER_SET)
    assert value == LO("abc") and fallback == ""


@pytest.mark.parametrize("code", ["XX", "  ", "ox", "\x00\x00"])
def test_unknown_vr_decodes_as_un(code: str) -> None:
    """A VR code that PS3.5 does not define is read as UN (PS3.5 6.2)."""
    assert decode(code, b"\x01\x02") == UN(b"\x01\x02")


def test_sequences_are_not_values() -> None:
    """SQ belongs to the reader and the writer; here it is an error, not UN."""
    with pytest.raises(ValueError, match="SQ"):
        decoder_for("SQ")
    with pytest.raises(EncodeError, match="SQ"):
        encode(SQ())


# --- errors and garbage -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "charset"),
    [
        (CS("ABC"), UTF_8),  # fine: CS ignores (0008,0005) ...
        (LO("Straße"), LATIN_1),
        (PN("Wang^XiaoDong=王^小東"), UTF_8),
    ],
)
def test_text_in_the_character_set_encodes(value: AnyVR, charset: CharacterSet) -> None:
    """Text VRs use the character set, and it round-trips."""
    check_round_trip(value, True, charset)


@pytest.mark.parametrize(
    ("value", "charset"),
    [
        (AE._trusted(("É",)), LATIN_1),  # ... so it must be ASCII whatever the set says
        (UI._trusted(("1.2.é",)), UTF_8),
        (DS._trusted((DSNumber.parse_lenient("\u0661"),)), UTF_8),
        (LO("王"), LATIN_1),
        (SH("€"), DEFAULT_CHARACTER_SET),
    ],
    ids=repr,
)
def test_unencodable_text_raises(value: AnyVR, charset: CharacterSet) -> None:
    """A character the VR's repertoire cannot hold raises EncodeError naming it."""
    with pytest.raises(EncodeError):
        encode(value, charset=charset)


def test_bad_bytes_name_their_fallback() -> None:
    """Bytes invalid in the character set decode by its fallback, which is returned."""
    value, fallback = decode_value("LO", memoryview(b"caf\xe9"), little_endian=True,
                                   charset=UTF_8)
    assert fallback == FALLBACK_REPLACED and value == LO("caf\ufffd")
    # The default repertoire (CS is ISO_IR 6 whatever (0008,0005) says): read as Latin-1
    value, fallback = decode_value("CS", memoryview(b"\xff "), little_endian=True,
                                   charset=DEFAULT_CHARACTER_SET)
    assert fallback == FALLBACK_LATIN_1 and isinstance(value, CS) and value.values == ("ÿ",)


def test_garbage_numbers_read_leniently() -> None:
    """DS and IS text that is not a number keeps its text and reads as NaN / 0."""
    ds = decode("DS", b"1,5\\abc ")
    assert isinstance(ds, DS)
    assert [v.text for v in ds.values] == ["1,5", "abc"]
    assert all(math.isnan(v) and not v.is_valid for v in ds.values)
    assert encode(ds) == b"1,5\\abc "
    is_ = decode("IS", b"1A")
    assert isinstance(is_, IS)
    assert is_.values == (ISNumber.parse_lenient("1A"),) and not is_.value.is_valid
    da = decode("DA", b"2020-01-02")
    assert isinstance(da, DA)
    assert not da.value.is_valid and da.value.text == "2020-01-02"


CHARSETS = [DEFAULT_CHARACTER_SET, LATIN_1, UTF_8, JAPANESE, GB18030]


@pytest.mark.parametrize("code", [*VR_CODES, "XX"])
@settings(max_examples=150)
@given(
    raw=st.one_of(
        st.binary(max_size=80),
        st.lists(st.sampled_from([b" ", b"\x00", b"\\", b"\x1b$B", b"1", b".", b"e", b"+",
                                  b"-", b"^", b"=", b"\xe9", b"\xff", b"9" * 30]))
        .map(b"".join),
    ),
    little_endian=st.booleans(),
    charset=st.sampled_from(CHARSETS),
)
def test_garbage_never_raises(
    code: str, raw: bytes, little_endian: bool, charset: CharacterSet
) -> None:
    """Any bytes give a VR object (lossy or lenient), never an exception, for every VR."""
    value, lossy = decode_value(code, memoryview(raw), little_endian=little_endian,
                                charset=charset)
    assert type(value) is VR_CLASSES.get(code, UN)
    assert isinstance(lossy, str)
    assert len(value.values) == value.vm
    str(value)
    repr(value)
    for item in value.values:
        for attribute in ("is_valid", "text"):
            getattr(item, attribute, None)
    try:
        data = encode(value, little_endian=little_endian, charset=charset)
    except EncodeError:
        assert lossy  # text that decoded cleanly can be written back
    else:
        assert len(data) % 2 == 0
        if code in BULK or code == "XX":
            assert data == raw + b"\x00" * (len(raw) % 2)


@pytest.mark.parametrize("code", ["LO", "SH", "PN", "LT", "ST", "UT", "UC"])
@given(raw=st.binary(max_size=60).filter(lambda b: b"\x1b" not in b))
def test_valid_text_is_not_lossy(code: str, raw: bytes) -> None:
    """Bytes that are valid in the character set are not reported lossy (Latin-1: all are)."""
    _value, lossy = decode_value(code, memoryview(raw), little_endian=True, charset=LATIN_1)
    assert not lossy


@given(text=st.text(string.ascii_letters + " ", max_size=20))
def test_default_repertoire_fast_path(text: str) -> None:
    """ASCII text decodes the same through every character set."""
    raw = text.encode("ascii")
    results = {
        tuple(str(v) for v in decode("LO", raw, charset=charset).values)
        for charset in CHARSETS
    }
    assert len(results) == 1


def test_single_valued_vrs_keep_backslashes() -> None:
    """LT ST UT UR are never split on backslash."""
    for cls in (LT, ST, UT):
        assert decode(cls.code, b"a\\b\\c ").values == ("a\\b\\c",)
    assert decode("UR", b"http://x/a\\b").values == ("http://x/a\\b",)


# Every defined term family whose 7-bit half matters: single-byte sets, ISO 2022 with
# extensions, JIS X 0201 (ISO_IR 13), the stand-alone multi-byte sets.
FAST_PATH_CHARSETS = [
    CharacterSet.from_terms(terms)
    for terms in ("", "ISO_IR 100", "ISO_IR 144", "ISO_IR 13", "ISO_IR 166", "ISO_IR 192",
                  "GB18030", "GBK", "ISO 2022 IR 149", ["ISO 2022 IR 13", "ISO 2022 IR 87"],
                  ["", "ISO 2022 IR 87"], ["", "ISO 2022 IR 58"])
]


@pytest.mark.parametrize("code", sorted(CHARSET_VRS))
@given(raw=st.binary(max_size=40) | st.text(string.printable, max_size=40).map(str.encode),
       charset=st.sampled_from(FAST_PATH_CHARSETS))
def test_text_decodes_as_the_character_set_does(code: str, raw: bytes,
                                                charset: CharacterSet) -> None:
    """The codec's ASCII shortcut gives what the character set's own decode gives."""
    text, fallback = charset.decode(raw, code)
    value, lossy = decode_value(code, memoryview(raw), little_endian=True, charset=charset)
    assert lossy == fallback
    text = text.rstrip(" \x00")
    if code in SINGLE:
        expected = [text] if text else []
    else:
        expected = [v.rstrip(" \x00") for v in text.split("\\")] if text else []
    assert [str(v) for v in value.values] == expected


NUMBER_TEXT = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(2**70), 2**70).map(str),
    st.text(" +-.0123456789eE_naif", max_size=12),
)


@given(texts=st.lists(NUMBER_TEXT, min_size=1, max_size=4))
def test_ds_and_is_parse_as_parse_lenient(texts: list[str]) -> None:
    """DS and IS values read from bytes equal ``parse_lenient`` of their text, text kept."""
    joined = "\\".join(texts)
    parts = [t.strip(" \x00") for t in joined.strip(" \x00").split("\\")] if joined.strip(
        " \x00") else []
    ds = decode("DS", joined.encode("ascii"))
    assert isinstance(ds, DS)
    assert all(type(v) is DSNumber for v in ds.values)
    assert [v.text for v in ds.values] == parts
    for got, text in zip(ds.values, parts, strict=True):
        want = DSNumber.parse_lenient(text)
        assert got.is_valid == want.is_valid
        assert got == want or (math.isnan(got) and math.isnan(want))
    is_ = decode("IS", joined.encode("ascii"))
    assert isinstance(is_, IS)
    assert all(type(v) is ISNumber for v in is_.values)
    assert is_.values == tuple(ISNumber.parse_lenient(text) for text in parts)
    assert [v.text for v in is_.values] == parts
    assert [v.is_valid for v in is_.values] == [ISNumber.parse_lenient(t).is_valid for t in parts]

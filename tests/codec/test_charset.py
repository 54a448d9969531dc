"""Tests of Specific Character Set handling in typeddcm.codec.charset."""

from __future__ import annotations

import contextlib
import copy
import functools
import pickle

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeddcm.codec.charset import (
    DEFAULT_CHARACTER_SET,
    FALLBACK_LATIN_1,
    FALLBACK_REPLACED,
    FALLBACK_SHIFT_JIS,
    FALLBACK_UNDECLARED_ESCAPE,
    CharacterSet,
    DecodedText,
)
from typeddcm.errors import EncodeError

ESC = "\x1b"
TEXT_VRS = ("SH", "LO", "ST", "LT", "UC", "UT", "PN")
DEFAULT_VRS = ("AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR")

# --- examples from PS3.5 annexes H, I, J and K: both directions --------------------------
#
# (name, (0008,0005), VR, text, bytes).  Where the standard shows a trailing
# padding space, the bytes here leave it out: padding belongs to the writer.
STANDARD_EXAMPLES: list[tuple[str, list[str], str, str, bytes]] = [
    (
        "H.3-1 Japanese, value 1 empty",
        ["", "ISO 2022 IR 87"],
        "PN",
        "Yamada^Tarou=山田^太郎=やまだ^たろう",
        b"Yamada^Tarou=\x1b$B;3ED\x1b(B^\x1b$BB@O:\x1b(B=\x1b$B$d$^$@\x1b(B^\x1b$B$?$m$&\x1b(B",
    ),
    (
        "H.3-2 Japanese, value 1 ISO 2022 IR 13",
        ["ISO 2022 IR 13", "ISO 2022 IR 87"],
        "PN",
        "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう",
        b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3="
        b"\x1b$B;3ED\x1b(J^\x1b$BB@O:\x1b(J="
        b"\x1b$B$d$^$@\x1b(J^\x1b$B$?$m$&\x1b(J",
    ),
    (
        "I.2-1 Korean",
        ["", "ISO 2022 IR 149"],
        "PN",
        "Hong^Gildong=洪^吉洞=홍^길동",
        b"Hong^Gildong="
        b"\x1b$)C\xfb\xf3^\x1b$)C\xd1\xce\xd4\xd7="
        b"\x1b$)C\xc8\xab^\x1b$)C\xb1\xe6\xb5\xbf",
    ),
    (
        "J.1-1 Chinese, UTF-8",
        ["ISO_IR 192"],
        "PN",
        "Wang^XiaoDong=王^小東=",
        b"Wang^XiaoDong=\xe7\x8e\x8b^\xe5\xb0\x8f\xe6\x9d\xb1=",
    ),
    (
        "J.2-1 Chinese long text, UTF-8",
        ["ISO_IR 192"],
        "LT",
        "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
        b"The first line includes\xe4\xb8\xad\xe6\x96\x87.\r\n"
        b"The second line includes\xe4\xb8\xad\xe6\x96\x87, too.\r\n"
        b"The third line.\r\n",
    ),
    (
        "J.3-1 Chinese, GB18030",
        ["GB18030"],
        "PN",
        "Wang^XiaoDong=王^小东=",
        b"Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=",
    ),
    (
        "J.3-1 Chinese, GBK (annex J: the GB18030 examples serve for GBK)",
        ["GBK"],
        "PN",
        "Wang^XiaoDong=王^小东=",
        b"Wang^XiaoDong=\xcd\xf5^\xd0\xa1\xb6\xab=",
    ),
    (
        "J.4-1 Chinese long text, GB18030",
        ["GB18030"],
        "LT",
        "The first line includes中文.\r\nThe second line includes中文, too.\r\nThe third line.\r\n",
        b"The first line includes\xd6\xd0\xce\xc4.\r\n"
        b"The second line includes\xd6\xd0\xce\xc4, too.\r\n"
        b"The third line.\r\n",
    ),
    (
        "K.2-1 Chinese, ISO 2022 IR 58",
        ["", "ISO 2022 IR 58"],
        "PN",
        "Zhang^XiaoDong=张^小东=",
        b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=",
    ),
    (
        "K.3-1 Chinese long text, ISO 2022 IR 58",
        ["", "ISO 2022 IR 58"],
        "LT",
        "1.第一行文字。\r\n2.第二行文字。\r\n3.第三行文字。\r\n",
        b"1.\x1b$)A\xb5\xda\xd2\xbb\xd0\xd0\xce\xc4\xd7\xd6\xa1\xa3\r\n"
        b"2.\x1b$)A\xb5\xda\xb6\xfe\xd0\xd0\xce\xc4\xd7\xd6\xa1\xa3\r\n"
        b"3.\x1b$)A\xb5\xda\xc8\xfd\xd0\xd0\xce\xc4\xd7\xd6\xa1\xa3\r\n",
    ),
]

# Single-byte sets: the names of the DICOM character set sample files (the
# chr*.dcm set shipped with pydicom), then ISO 8859 / TIS 620 / JIS X 0201 facts.
SINGLE_BYTE_EXAMPLES: list[tuple[str, str, str, bytes]] = [
    ("ISO_IR 100", "PN", "Buc^Jérôme", b"Buc^J\xe9r\xf4me"),
    ("ISO_IR 100", "PN", "Äneas^Rüdiger", b"\xc4neas^R\xfcdiger"),
    ("ISO_IR 126", "PN", "Διονυσιος", b"\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"),
    ("ISO_IR 144", "PN", "Люкceмбypг", b"\xbb\xee\xdace\xdc\xd1yp\xd3"),
    ("ISO_IR 138", "PN", "שרון^דבורה", b"\xf9\xf8\xe5\xef^\xe3\xe1\xe5\xf8\xe4"),
    ("ISO_IR 127", "PN", "قباني^لنزار", b"\xe2\xc8\xc7\xe6\xea^\xe4\xe6\xd2\xc7\xd1"),
    ("ISO_IR 101", "PN", "Dvořák", b"Dvo\xf8\xe1k"),
    ("ISO_IR 109", "LO", "Ĉu ĝi", b"\xc6u \xf8i"),
    ("ISO_IR 110", "PN", "Ģirts^Ādamsons", b"\xabirts^\xc0damsons"),
    ("ISO_IR 148", "PN", "Doğan^Şükrü", b"Do\xf0an^\xde\xfckr\xfc"),
    ("ISO_IR 203", "LO", "€uro\\Œuvre", b"\xa4uro\\\xbcuvre"),
    ("ISO_IR 166", "PN", "สมชาย", b"\xca\xc1\xaa\xd2\xc2"),
    ("ISO_IR 166", "LT", "\u00a0", b"\xa0"),  # ISO-IR 166 has 88 characters: NBSP too
    ("ISO_IR 13", "PN", "ﾔﾏﾀﾞ^ﾀﾛｳ", b"\xd4\xcf\xc0\xde^\xc0\xdb\xb3"),
    ("ISO_IR 6", "LO", "Smith\\Jones", b"Smith\\Jones"),
    ("", "LO", "Smith\\Jones", b"Smith\\Jones"),
]


@pytest.mark.parametrize(
    ("terms", "vr", "text", "data"),
    [example[1:] for example in STANDARD_EXAMPLES],
    ids=[example[0] for example in STANDARD_EXAMPLES],
)
def test_standard_examples(terms: list[str], vr: str, text: str, data: bytes) -> None:
    """The PS3.5 annex examples decode to their text and encode to their bytes."""
    charset = CharacterSet.from_terms(terms)
    assert charset.warnings == ()
    assert charset.decode(data, vr) == DecodedText(text, "")
    assert charset.encode(text, vr) == data


@pytest.mark.parametrize(("term", "vr", "text", "data"), SINGLE_BYTE_EXAMPLES)
def test_single_byte_examples(term: str, vr: str, text: str, data: bytes) -> None:
    """Single-byte sets decode and encode names both ways, with or without extensions."""
    for terms in ([term], ["ISO 2022 " + term[4:] if term else "", "ISO 2022 IR 87"]):
        charset = CharacterSet.from_terms(terms)
        assert charset.warnings == ()
        assert charset.decode(data, vr) == DecodedText(text, "")
        assert charset.encode(text, vr) == data


def test_standard_example_padding() -> None:
    """K.2-1 shows a padding space after the value: it decodes, the caller strips it."""
    charset = CharacterSet.from_terms("\\ISO 2022 IR 58")
    data = b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=\x20"
    assert charset.decode(data, "PN").text == "Zhang^XiaoDong=张^小东= "


def test_korean_long_text_with_escapes_at_line_start() -> None:
    """I.3-1 designates KS X 1001 at the head of each line; our encoder does it later."""
    charset = CharacterSet.from_terms(["", "ISO 2022 IR 149"])
    text = "The first line includes 한글.\r\nThe second line includes 한글, too.\r\nThe third line"
    standard = (
        b"\x1b$)CThe first line includes \xc7\xd1\xb1\xdb.\r\n"
        b"\x1b$)CThe second line includes \xc7\xd1\xb1\xdb, too.\r\n"
        b"The third line"
    )
    assert charset.decode(standard, "LT") == DecodedText(text, "")
    ours = charset.encode(text, "LT")
    assert ours == standard.replace(b"\x1b$)C", b"").replace(b"\xc7", b"\x1b$)C\xc7")
    assert charset.decode(ours, "LT") == DecodedText(text, "")


# --- code extension details ------------------------------------------------------------

LATIN_GREEK = ["ISO 2022 IR 100", "ISO 2022 IR 126"]


def test_mixed_single_byte_sets_restore_value_1() -> None:
    """A G1 set other than value 1's is designated back before delimiters and at the end."""
    charset = CharacterSet.from_terms(LATIN_GREEK)
    text = "Müller^Διονυσιος"
    data = charset.encode(text, "PN")
    assert data == b"M\xfcller^\x1b-F\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2\x1b-A"
    assert charset.decode(data, "PN") == DecodedText(text, "")
    assert charset.encode("Δ^Δ", "PN") == b"\x1b-F\xc4\x1b-A^\x1b-F\xc4\x1b-A"


@pytest.mark.parametrize(
    ("vr", "text"),
    [("PN", "Δ^Ä"), ("LO", "Δ^Δ"), ("LT", "Δ^Δ"), ("SH", "Δ\\Ä"), ("LT", "Δ\\Δ"), ("UT", "Δ\nÄ")],
)
def test_decoding_resets_at_the_delimiters_of_the_vr(vr: str, text: str) -> None:
    """After an escape, the first delimiter of the VR makes value 1's sets active again."""
    charset = CharacterSet.from_terms(LATIN_GREEK)
    data = b"\x1b-F\xc4" + text[1].encode("ascii") + b"\xc4"
    assert charset.decode(data, vr) == DecodedText(text, "")


def test_two_byte_characters_holding_delimiter_bytes() -> None:
    """0x5C and 0x5E inside JIS X 0208 or GBK characters are not delimiters."""
    japanese = CharacterSet.from_terms(["", "ISO 2022 IR 87"])
    data = japanese.encode("俑\\abc", "LO")
    assert data == b"\x1b$BP\\\x1b(B\\abc"
    assert japanese.decode(data, "LO").text.split("\\") == ["俑", "abc"]
    assert japanese.decode(b"\x1b$B$^\x1b(B^x", "PN").text == "ま^x"
    gbk = CharacterSet.from_terms("GBK")
    assert gbk.encode("乗\\x", "LO") == b"\x81\\\\x"
    assert gbk.decode(b"\x81\\\\x", "LO").text.split("\\") == ["乗", "x"]


def test_jis_x_0212() -> None:
    """ISO 2022 IR 159 designates JIS X 0212 to G0 with ESC $ ( D."""
    charset = CharacterSet.from_terms(["", "ISO 2022 IR 87", "ISO 2022 IR 159"])
    text = "Mori^Ogai=森^鷗外"
    data = charset.encode(text, "PN")
    assert data == b"Mori^Ogai=\x1b$B?9\x1b(B^\x1b$(Dl?\x1b$B30\x1b(B"
    assert charset.decode(data, "PN") == DecodedText(text, "")


def test_initial_g1_stays_designated_under_a_multibyte_g0() -> None:
    """With value 1 Latin-1, high bytes inside a JIS X 0208 run still read as Latin-1."""
    charset = CharacterSet.from_terms(["ISO 2022 IR 100", "ISO 2022 IR 87"])
    assert charset.decode(b"\x1b$B;3\xe9ED\x1b(B", "LO") == DecodedText("山é田", "")


def test_values_needing_no_escape_encode_as_single_byte() -> None:
    """Without characters outside value 1's sets, no escape sequence is written."""
    charset = CharacterSet.from_terms(["ISO 2022 IR 100", "ISO 2022 IR 87"])
    assert charset.encode("Jérôme^Buc", "PN") == "Jérôme^Buc".encode("latin-1")


# --- leniency on reading ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "data", "text", "fallback"),
    [
        ("ISO_IR 192", b"ok\xff", "ok\ufffd", FALLBACK_REPLACED),  # invalid UTF-8
        ("ISO_IR 127", b"\xa1", "\ufffd", FALLBACK_REPLACED),  # hole in ISO 8859-6
        # Not JIS X 0201 and not Shift_JIS either (0x85 leads no Shift_JIS character)
        ("ISO_IR 13", b"\x85\x40", "\ufffd\x40", FALLBACK_REPLACED),
        # Not JIS X 0201 but Shift_JIS (IDEOGRAPHIC SPACE): read as Shift_JIS
        ("ISO_IR 13", b"\x81\x40", "\u3000", FALLBACK_SHIFT_JIS),
        # default repertoire read as Latin-1, as pydicom does
        ("", b"J\xe9r\xf4me", "Jérôme", FALLBACK_LATIN_1),
        (["", "ISO 2022 IR 87"], b"\x1b$B;", "\ufffd", FALLBACK_REPLACED),  # half a character
        (["", "ISO 2022 IR 87"], b"a\x1b$@;3\x1b(B", "a\ufffd;3", FALLBACK_REPLACED),  # unknown
        (["", "ISO 2022 IR 87"], b"a\x1b", "a\ufffd", FALLBACK_REPLACED),  # truncated escape
        # undeclared set: read, flagged
        (["", "ISO 2022 IR 87"], b"\x1b$)C\xc7\xd1", "한", FALLBACK_UNDECLARED_ESCAPE),
        ("GB18030", b"\x81", "\ufffd", FALLBACK_REPLACED),
    ],
)
def test_bad_bytes_are_replaced_and_flagged(
    terms: str | list[str], data: bytes, text: str, fallback: str
) -> None:
    """Invalid bytes never raise: the text is a best effort and the fallback is named."""
    decoded = CharacterSet.from_terms(terms).decode(data, "LO")
    assert decoded == DecodedText(text, fallback)
    assert decoded.lossy


@pytest.mark.parametrize("vr", DEFAULT_VRS)
def test_default_repertoire_vrs_ignore_the_character_set(vr: str) -> None:
    """AE, CS, DA, ... are ISO_IR 6 whatever (0008,0005) says; other bytes read as Latin-1."""
    charset = CharacterSet.from_terms("ISO_IR 100")
    assert charset.decode(b"ABC", vr) == DecodedText("ABC", "")
    assert charset.decode(b"AB\xe9", vr) == DecodedText("ABé", FALLBACK_LATIN_1)
    assert charset.encode("ABC", vr) == b"ABC"
    with pytest.raises(EncodeError, match="default character repertoire"):
        charset.encode("ABé", vr)


@pytest.mark.parametrize(
    ("terms", "expected", "warning"),
    [
        ("ISO-IR 192", "ISO_IR 192", "assuming 'ISO_IR 192'"),
        ("ISO IR 100", "ISO_IR 100", "assuming 'ISO_IR 100'"),
        ("iso_ir 144", "ISO_IR 144", "assuming 'ISO_IR 144'"),
        ("ISO_IR 87", "\\ISO 2022 IR 87", "assuming 'ISO 2022 IR 87'"),
        ("UTF-8", "ISO_IR 192", "assuming 'ISO_IR 192'"),
        ("ISO-8859-7", "ISO_IR 126", "assuming 'ISO_IR 126'"),
        ("ISO 2022 IR 100", "ISO_IR 100", "does not use code extensions"),
        ("ISO_IR 100\\ISO_IR 100", "ISO_IR 100", "repeated"),
        ("ISO_IR 192\\GB18030", "ISO_IR 192", "does not allow code extensions"),
        ("ISO 2022 IR 100\\ISO_IR 192", "ISO_IR 100", "cannot be used with code extensions"),
        (
            "ISO_IR 13\\ISO 2022 IR 87",
            "ISO 2022 IR 13\\ISO 2022 IR 87",
            "assuming 'ISO 2022 IR 13'",
        ),
        ("ISO 2022 IR 149", None, "only as value 2"),
        ("ISO 2022 IR 87", "\\ISO 2022 IR 87", "only as value 2"),
        ("ISO 2022 IR 100\\\\ISO 2022 IR 126", "ISO 2022 IR 100\\ISO 2022 IR 126", "empty"),
        ("cp1252", None, "Python codec 'cp1252'"),
        ("KLINGON", "ISO_IR 6", "unknown"),
        ("ISO_IR 999", "ISO_IR 6", "unknown"),
    ],
)
def test_misspelled_terms_fall_back_with_a_warning(
    terms: str, expected: str | None, warning: str
) -> None:
    """Bad terms never raise: a fallback is chosen and recorded in warnings."""
    charset = CharacterSet.from_terms(terms)
    assert any(warning in text for text in charset.warnings), charset.warnings
    if expected is not None:
        reference = CharacterSet.from_terms(expected)
        assert reference.warnings == ()
        sample = "Buc^Jérôme=山田^Διονυσιος=홍^Люк王"
        for char in sample:
            try:
                want = reference.encode(char, "PN")
            except EncodeError:
                continue
            assert charset.encode(char, "PN") == want
            assert charset.decode(want, "PN") == reference.decode(want, "PN")


def test_multibyte_value_1_is_designated_at_once() -> None:
    """A lone ISO 2022 IR 149 reads bytes without escapes as KS X 1001, and with them."""
    charset = CharacterSet.from_terms("ISO 2022 IR 149")
    assert charset.decode(b"\xc8\xab^\x1b$)C\xb1\xe6", "PN") == DecodedText("홍^길", "")
    assert charset.encode("홍^길", "PN") == b"\xc8\xab^\xb1\xe6"


def test_windows_codec_term() -> None:
    """A Python codec name used as a term works as that codec, as pydicom allows."""
    charset = CharacterSet.from_terms("cp1252")
    assert charset.decode(b"\x80", "LO") == DecodedText("€", "")
    assert charset.encode("€", "LO") == b"\x80"


@pytest.mark.parametrize(
    "terms", [None, "", [], [""], ["", ""], " ", "ISO_IR 6", ["ISO 2022 IR 6"]]
)
def test_default_terms(terms: str | list[str] | None) -> None:
    """Absent, empty and ISO-IR 6 terms are the default repertoire."""
    charset = CharacterSet.from_terms(terms)
    assert charset.is_default
    assert DEFAULT_CHARACTER_SET.is_default
    assert charset.decode(b"Smith^John", "PN") == DecodedText("Smith^John", "")


def test_not_default() -> None:
    """Any set beyond ISO-IR 6 is not the default."""
    assert not CharacterSet.from_terms("ISO_IR 100").is_default
    assert not CharacterSet.from_terms(["", "ISO 2022 IR 87"]).is_default
    assert not CharacterSet.from_terms("ISO_IR 192").is_default


def test_from_terms_is_cached_and_splits_strings() -> None:
    """Equal terms give the same object; a str splits on backslash; values are stripped."""
    first = CharacterSet.from_terms("\\ISO 2022 IR 87 ")
    assert first is CharacterSet.from_terms(["", "ISO 2022 IR 87"])
    assert first.terms == ("", "ISO 2022 IR 87")
    assert first == CharacterSet(("", "ISO 2022 IR 87"))
    assert hash(first) == hash(CharacterSet(["", "ISO 2022 IR 87"]))
    assert CharacterSet.from_terms(None) is DEFAULT_CHARACTER_SET


def test_pickle_and_copy_keep_the_cached_object() -> None:
    """Pickling stores the terms only; unpickling gives the cached character set back."""
    charset = CharacterSet.from_terms(["", "ISO 2022 IR 87"])
    assert pickle.loads(pickle.dumps(charset)) is charset
    assert copy.deepcopy(charset) is charset
    assert pickle.loads(pickle.dumps(DEFAULT_CHARACTER_SET)) is DEFAULT_CHARACTER_SET


def test_constructor_takes_a_backslash_string() -> None:
    """CharacterSet("a\\b") splits like from_terms, rather than iterating characters."""
    assert CharacterSet("\\ISO 2022 IR 149").terms == ("", "ISO 2022 IR 149")
    assert CharacterSet("").terms == ()


def test_memoryview_input() -> None:
    """Decoding accepts a memoryview slice of a larger buffer."""
    buffer = memoryview(b"xxYamada^Tarou=\x1b$B;3ED\x1b(B")
    charset = CharacterSet.from_terms(["", "ISO 2022 IR 87"])
    assert charset.decode(buffer[2:], "PN").text == "Yamada^Tarou=山田"
    assert CharacterSet.from_terms("ISO_IR 100").decode(buffer[2:8], "PN").text == "Yamada"


# --- encoding errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "text", "index"),
    [
        ("ISO_IR 100", "Jérôme Δ", 7),
        ("", "Jérôme", 1),
        (["", "ISO 2022 IR 87"], "山田 한", 3),
        ("ISO_IR 13", "ﾔﾏﾀﾞ山", 4),
        ("ISO_IR 192", "\ud800", 0),
        (["", "ISO 2022 IR 149"], "똠", 0),  # not one of KS X 1001's 2350 Hangul
    ],
)
def test_encode_error_names_character_and_set(
    terms: str | list[str], text: str, index: int
) -> None:
    """A character outside the declared sets raises EncodeError naming it and the set."""
    charset = CharacterSet.from_terms(terms)
    with pytest.raises(EncodeError) as info:
        charset.encode(text, "LO")
    message = str(info.value)
    assert repr(text[index]) in message
    assert f"at index {index}" in message
    assert "character set" in message
    assert isinstance(info.value, ValueError)


def test_escape_character_cannot_be_encoded() -> None:
    """ESC in text would be read back as an escape sequence, so it is refused."""
    with pytest.raises(EncodeError, match="ESC"):
        CharacterSet.from_terms("ISO_IR 100").encode("a\x1bb", "LO")


# --- properties ---------------------------------------------------------------------------


def _decode_all(codec: str, candidates: list[bytes]) -> set[str]:
    found: set[str] = set()
    for candidate in candidates:
        with contextlib.suppress(UnicodeDecodeError):
            found.add(candidate.decode(codec))
    return found


@functools.cache
def _repertoire(term: str) -> str:
    """Characters a single term's sets can write, found from the codes of the sets."""
    high = [bytes((byte,)) for byte in range(0xA0, 0x100)]
    pairs_gl = [bytes((a, b)) for a in range(0x21, 0x7F) for b in range(0x21, 0x7F)]
    pairs_gr = [bytes((a | 0x80, b | 0x80)) for a, b in pairs_gl]
    codecs_by_number = {
        "100": "latin_1", "101": "iso8859_2", "109": "iso8859_3", "110": "iso8859_4",
        "144": "iso8859_5", "127": "iso8859_6", "126": "iso8859_7", "138": "iso8859_8",
        "148": "iso8859_9", "203": "iso8859_15", "166": "iso8859_11",
    }  # fmt: skip
    number = term.rsplit(" ", 1)[-1]
    chars: set[str] = set(map(chr, range(0x20, 0x7F)))
    if number in codecs_by_number:
        chars |= _decode_all(codecs_by_number[number], high)
    elif number == "13":
        chars |= set(map(chr, range(0xFF61, 0xFFA0)))
    elif number == "87":
        chars |= _decode_all("iso2022_jp", [b"\x1b$B" + p for p in pairs_gl])
    elif number == "159":
        chars |= _decode_all("iso2022_jp_2", [b"\x1b$(D" + p for p in pairs_gl])
    elif number == "149":
        chars |= _decode_all("euc_kr", pairs_gr)
    elif number == "58":
        chars |= _decode_all("gb2312", pairs_gr)
    elif term == "GBK":
        chars |= _decode_all(
            "gbk", [bytes((a, b)) for a in range(0x81, 0xFF) for b in range(0x40, 0xFF)]
        )
    chars -= set("\\^=")
    return "".join(sorted(char for char in chars if len(char) == 1))


CHARACTER_SETS: list[list[str]] = [
    [""],
    *[[f"ISO_IR {n}"] for n in (100, 101, 109, 110, 144, 127, 126, 138, 148, 203, 13, 166)],
    ["GBK"],
    ["", "ISO 2022 IR 87"],
    ["ISO 2022 IR 13", "ISO 2022 IR 87"],
    ["", "ISO 2022 IR 87", "ISO 2022 IR 159"],
    ["", "ISO 2022 IR 149"],
    ["", "ISO 2022 IR 58"],
    ["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144"],
    ["ISO 2022 IR 166", "ISO 2022 IR 149", "ISO 2022 IR 87"],
    ["ISO 2022 IR 101", "ISO 2022 IR 203", "ISO 2022 IR 138", "ISO 2022 IR 127"],
    ["ISO 2022 IR 148", "ISO 2022 IR 109", "ISO 2022 IR 110", "ISO 2022 IR 13"],
    ["ISO 2022 IR 100", "ISO 2022 IR 87", "ISO 2022 IR 58"],
]
UNICODE_SETS: list[list[str]] = [["ISO_IR 192"], ["GB18030"]]


def _alphabet(terms: list[str]) -> st.SearchStrategy[str]:
    if terms in UNICODE_SETS:
        return st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\\^=")
    chars = "".join(sorted(set("".join(_repertoire(term) for term in terms))))
    return st.sampled_from(chars)


def _ids(sets: list[list[str]]) -> list[str]:
    return ["\\".join(terms) for terms in sets]


ALL_SETS = CHARACTER_SETS + UNICODE_SETS


@pytest.mark.parametrize("terms", ALL_SETS, ids=_ids(ALL_SETS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_person_names_round_trip(terms: list[str], data: st.DataObject) -> None:
    """decode(encode(t)) == t for PN text made of the declared repertoires."""
    charset = CharacterSet.from_terms(terms)
    component = st.text(_alphabet(terms), max_size=6)
    group = st.lists(component, max_size=5).map("^".join)
    text = data.draw(st.lists(group, max_size=3).map("=".join))
    assert charset.decode(charset.encode(text, "PN"), "PN") == DecodedText(text, "")


@pytest.mark.parametrize("terms", ALL_SETS, ids=_ids(ALL_SETS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_multi_valued_long_strings_round_trip(terms: list[str], data: st.DataObject) -> None:
    """decode(encode(t)) == t for LO values joined by backslashes."""
    charset = CharacterSet.from_terms(terms)
    values = data.draw(st.lists(st.text(_alphabet(terms), max_size=10), max_size=4))
    text = "\\".join(values)
    decoded = charset.decode(charset.encode(text, "LO"), "LO")
    assert decoded == DecodedText(text, "")
    assert decoded.text.split("\\") == (values or [""])


@pytest.mark.parametrize("terms", ALL_SETS, ids=_ids(ALL_SETS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_long_text_round_trips(terms: list[str], data: st.DataObject) -> None:
    """decode(encode(t)) == t for LT with line breaks, tabs and form feeds."""
    charset = CharacterSet.from_terms(terms)
    alphabet = st.one_of(_alphabet(terms), st.sampled_from("\\^="))
    line = st.text(alphabet, max_size=12)
    breaks = st.sampled_from(["\r\n", "\n", "\r", "\t", "\f"])
    parts = data.draw(st.lists(st.tuples(line, breaks), max_size=4))
    text = "".join(a + b for a, b in parts)
    assert charset.decode(charset.encode(text, "LT"), "LT") == DecodedText(text, "")


_NASTY = [b"\x1b", b"\x1b$B", b"\x1b(B", b"\x1b(J", b"\x1b$)C", b"\x1b$)A", b"\x1b$(D",
          b"\x1b-A", b"\x1b-F", b"\x1b)I", b"\x1b$", b"^", b"=", b"\\", b"\r\n", b"\xff"]  # fmt: skip


@pytest.mark.parametrize("terms", ALL_SETS + [["KLINGON"], ["cp1252"]], ids=str)
@settings(max_examples=80, deadline=None)
@given(
    chunks=st.lists(st.one_of(st.binary(max_size=8), st.sampled_from(_NASTY)), max_size=12),
    vr=st.sampled_from(TEXT_VRS + DEFAULT_VRS),
)
def test_random_bytes_never_raise(terms: list[str], chunks: list[bytes], vr: str) -> None:
    """Any bytes decode to a str; U+FFFD only ever comes with FALLBACK_REPLACED."""
    decoded = CharacterSet.from_terms(terms).decode(b"".join(chunks), vr)
    assert isinstance(decoded.text, str)
    if "\ufffd" in decoded.text:
        assert FALLBACK_REPLACED in decoded.fallback.split("; ")


def test_unknown_terms_have_a_warning_entry() -> None:
    """Every unusable term leaves one warning entry; good terms leave none."""
    assert CharacterSet.from_terms(["", "ISO 2022 IR 87"]).warnings == ()
    charset = CharacterSet.from_terms(["KLINGON", "ISO 2022 IR 87", "VULCAN"])
    assert len(charset.warnings) == 2
    assert "using the default repertoire" in charset.warnings[0]
    assert "'VULCAN'; ignored" in charset.warnings[1]
    assert charset.encode("a山", "LO") == b"a\x1b$B;3\x1b(B"

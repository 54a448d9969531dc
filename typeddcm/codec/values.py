"""One element's value bytes <-> its VR object (every VR but SQ).

Strategy: one decoder function per VR code, built once at import and found with
one dict lookup (:func:`decoder_for`), so the reader's hot path pays no dispatch.
Decoders never raise for bad content and never copy:

* numeric VRs (US SS UL SL UV SV FL FD) are a read-only numpy view of the bytes,
  in the byte order of the file; a trailing partial word is ignored;
* bulk VRs (OB OD OF OL OV OW UN) wrap the memoryview as it is;
* AT reads whole 4-byte tags with a precompiled ``struct.Struct``;
* text is decoded whole (the character set for SH LO ST LT UC UT PN, ASCII for the
  rest, PS3.5 6.1.2.3), then split once on backslash (not LT ST UT UR, which hold
  one value), and each value loses its padding: trailing spaces and NULs always,
  leading spaces too where PS3.5 Table 6.2-1 makes them insignificant (AE, CS,
  DS, IS); SH LO UC DA DT TM keep them, as pydicom does, and LT ST UT must.
  Bytes the character set does not have are read by its fallback (ISO 8859-1
  for the default repertoire, Shift_JIS under ISO_IR 13, else U+FFFD) and the
  fallback's phrase is returned for the caller to warn ("" when there was none).
  DS, IS, DA, TM and DT values parse leniently.

Encoders are the mirror image: values joined with backslash, encoded, padded to
even length with NUL (UI, and OB/UN and the other bulk VRs) or space (text).  The
text of DS, IS, DA, TM, DT and PN values is written exactly as the value holds it.
Encoding does not validate: a backslash inside a value of a multi-valued VR is
written as is (and reads back as two values); ``vr.validate()`` is the check.
"""

from __future__ import annotations

import codecs
import functools
import math
import struct
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeAlias

from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.errors import EncodeError
from typeddcm.tag import Tag
from typeddcm.vr import (
    AE,
    AS,
    AT,
    CS,
    DA,
    DS,
    DT,
    FD,
    FL,
    IS,
    LO,
    LT,
    OB,
    OD,
    OF,
    OL,
    OV,
    OW,
    PN,
    SH,
    SL,
    SS,
    ST,
    SV,
    TM,
    UC,
    UI,
    UL,
    UN,
    UR,
    US,
    UT,
    UV,
    AnyVR,
    Date,
    DateTime,
    DSNumber,
    ISNumber,
    PersonName,
    Time,
)

__all__ = ["CHARSET_VRS", "Decoder", "decode_value", "decoder_for", "encode_value"]

#: A value decoder: (value bytes, little endian, character set) -> (VR object, fallback),
#: where fallback is "" or the phrase (charset.FALLBACK_*) saying how bad text bytes were read.
Decoder: TypeAlias = Callable[[memoryview, bool, CharacterSet], tuple[AnyVR, str]]
_Encoder: TypeAlias = Callable[[Any, bool, CharacterSet], bytes]

#: Padding PS3.5 allows at the end of a text value (NUL: seen in real files).
_PAD: Final = " \x00"

#: The VRs whose text is in the Specific Character Set (PS3.5 6.1.2.3).
CHARSET_VRS: Final = frozenset({"SH", "LO", "ST", "LT", "UC", "UT", "PN"})

_ascii_decode: Final = codecs.ascii_decode
_new: Final = object.__new__
_set: Final = object.__setattr__
_new_int: Final = int.__new__
_new_float: Final = float.__new__
_isfinite: Final = math.isfinite


def _make(cls: type[Any], values: tuple[Any, ...]) -> Any:
    """``cls._trusted(values)`` inlined: no conversion, no validation."""
    obj = _new(cls)
    _set(obj, "values", values)
    return obj


# --- text ---------------------------------------------------------------------------

def _read_text(data: memoryview, charset: CharacterSet, vr: str,
               in_charset: bool) -> tuple[str, str]:
    """The text of a value field, and the fallback phrase ("" when there was none).

    Default-repertoire VRs (``in_charset`` False): ASCII in C; anything else goes to the
    character set's policy.  SH LO ST LT UC UT PN: what the set's decode does for ASCII
    bytes, without its dispatch (ASCII in C; only text with ESC, which starts escape
    sequences it must report, goes further), in any set that reads 7-bit bytes as ASCII
    (not JIS X 0201, whose 0x5C is the yen sign); other bytes through the set.
    """
    if not in_charset or charset is DEFAULT_CHARACTER_SET or charset._plan.ascii_text:
        try:
            text: str = _ascii_decode(data)[0]
        except UnicodeDecodeError:
            pass
        else:
            if not in_charset or "\x1b" not in text:
                return text, ""
    text, fallback = charset.decode(data, vr)
    return text, fallback


def _multi_text(cls: type[Any], strip_leading: bool) -> Decoder:
    """Multi-valued text whose values are plain ``str``."""
    code: str = cls.code
    in_charset = code in CHARSET_VRS
    strip = str.strip if strip_leading else str.rstrip
    empty = _make(cls, ())

    def decode(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        if not data:
            return empty, ""
        text, fallback = _read_text(data, charset, code, in_charset)
        text = strip(text, _PAD)  # the field's padding; each value's is below
        if "\\" not in text:
            return (_make(cls, (text,)) if text else empty), fallback
        if " " in text or "\x00" in text:
            return _make(cls, tuple([strip(v, _PAD) for v in text.split("\\")])), fallback
        return _make(cls, tuple(text.split("\\"))), fallback

    return decode


# What _multi_parsed parses with: DS and IS by a direct call (compiled: a C call, where
# calling the function held in a variable goes through Python's call protocol), the
# other VRs through their function.
_PARSE_OTHER: Final = 0
_PARSE_DS: Final = 1
_PARSE_IS: Final = 2


def _multi_parsed(cls: type[Any], strip_leading: bool, parse: Callable[[str], Any]) -> Decoder:
    """Multi-valued text whose values are objects parsed from the text (PN, DS, IS, DA ...).

    The twin of :func:`_multi_text` with a parse step; kept apart on purpose, since an
    identity ``parse`` would add a call per value on the most common decode path.
    """
    code: str = cls.code
    in_charset = code in CHARSET_VRS
    strip = str.strip if strip_leading else str.rstrip
    kind = _PARSE_DS if parse is _parse_ds else _PARSE_IS if parse is _parse_is else _PARSE_OTHER
    empty = _make(cls, ())

    def decode(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        if not data:
            return empty, ""
        text, fallback = _read_text(data, charset, code, in_charset)
        text = strip(text, _PAD)
        if "\\" not in text:
            if not text:
                return empty, fallback
            value: Any
            if kind == _PARSE_DS:
                value = _parse_ds(text)
            elif kind == _PARSE_IS:
                value = _parse_is(text)
            else:
                value = parse(text)
            return _make(cls, (value,)), fallback
        parts = text.split("\\")
        if " " in text or "\x00" in text:
            parts = [strip(v, _PAD) for v in parts]
        if kind == _PARSE_DS:
            values: tuple[Any, ...] = tuple([_parse_ds(v) for v in parts])
        elif kind == _PARSE_IS:
            values = tuple([_parse_is(v) for v in parts])
        else:
            values = tuple([parse(v) for v in parts])
        return _make(cls, values), fallback

    return decode


def _single_text(cls: type[Any]) -> Decoder:
    """LT ST UT UR: one value, backslash is text; trailing padding goes, leading spaces stay."""
    code: str = cls.code
    in_charset = code in CHARSET_VRS
    empty = _make(cls, ())

    def decode(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        if not data:
            return empty, ""
        text, fallback = _read_text(data, charset, code, in_charset)
        text = text.rstrip(_PAD)
        return (_make(cls, (text,)) if text else empty), fallback

    return decode


def _parse_ds(text: str) -> DSNumber:
    """``DSNumber.parse_lenient(text)`` for a plain number, without its two calls."""
    try:
        number = float(text)
    except ValueError:
        return DSNumber.parse_lenient(text)
    if not _isfinite(number):
        return DSNumber.parse_lenient(text)
    value: DSNumber = _new_float(DSNumber, number)
    _set(value, "_text", text)
    return value


def _parse_is(text: str) -> ISNumber:
    """``ISNumber.parse_lenient(text)`` for a plain integer, without its three calls."""
    try:
        number = int(text)
    except ValueError:
        return ISNumber.parse_lenient(text)
    value: ISNumber = _new_int(ISNumber, number)
    _set(value, "_text", text)
    return value


def _person_name(text: str) -> PersonName:
    # PersonName(text) without the type check: the text is a str we decoded.
    name = _new(PersonName)
    _set(name, "_text", text)
    return name


# --- binary ---------------------------------------------------------------------------


def _numeric(cls: type[Any]) -> Decoder:
    """The decoder of a numeric VR, made on its first call (see :func:`_numeric_decoder`).

    The first call imports numpy and puts the real decoder in ``_DECODERS`` in its
    place (the reader looks a decoder up there for every value): importing the codec
    and reading files without numeric values never load numpy, and later values pay
    nothing for that.
    """

    def first(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        decode = _numeric_decoder(cls)
        _DECODERS[cls.code] = decode  # the same decoder whichever thread gets here first
        return decode(data, little_endian, charset)

    return first


def _numeric_decoder(cls: type[Any]) -> Decoder:
    """``cls.from_buffer`` with its two dtypes computed once."""
    import numpy as np

    little = np.dtype(cls.dtype)
    big = little.newbyteorder(">")
    size = little.itemsize
    frombuffer = np.frombuffer

    def decode(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        array = frombuffer(data, little if little_endian else big, len(data) // size)
        if not data.readonly:  # a view of read-only memory is read-only already
            array.flags.writeable = False
        value = _new(cls)
        _set(value, "array", array)  # cls._trusted_array(array), inlined
        return value, ""

    return decode


def _bulk(cls: type[Any]) -> Decoder:
    from_buffer = cls.from_buffer

    def decode(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
        return from_buffer(data, little_endian=little_endian), ""

    return decode


_TAG_LE: Final = struct.Struct("<HH")
_TAG_BE: Final = struct.Struct(">HH")


def _decode_at(data: memoryview, little_endian: bool, charset: CharacterSet) -> tuple[AnyVR, str]:
    usable = len(data) & ~3  # whole tags only
    pairs = (_TAG_LE if little_endian else _TAG_BE).iter_unpack(data[:usable])
    tags = tuple([_new_int(Tag, (group << 16) | element) for group, element in pairs])
    return _make(AT, tags), ""


# --- the decoder table -----------------------------------------------------------------

# Dates and times take ~1.3 us to parse and repeat across a study (StudyDate,
# SeriesDate, ContentDate ...); the objects are immutable, so equal texts share
# one.  DS and IS parse in ~0.25 us and are often unique (contour data): no cache.
_PARSED_CACHE: Final = 4096

_DECODERS: Final[dict[str, Decoder]] = {
    "AE": _multi_text(AE, strip_leading=True),
    "AS": _multi_text(AS, strip_leading=False),
    "CS": _multi_text(CS, strip_leading=True),
    "LO": _multi_text(LO, strip_leading=False),
    "SH": _multi_text(SH, strip_leading=False),
    "UC": _multi_text(UC, strip_leading=False),
    "UI": _multi_text(UI, strip_leading=False),
    "PN": _multi_parsed(PN, False, _person_name),
    "DS": _multi_parsed(DS, True, _parse_ds),
    "IS": _multi_parsed(IS, True, _parse_is),
    "DA": _multi_parsed(DA, False, functools.lru_cache(_PARSED_CACHE)(Date.parse_lenient)),
    "DT": _multi_parsed(DT, False, functools.lru_cache(_PARSED_CACHE)(DateTime.parse_lenient)),
    "TM": _multi_parsed(TM, False, functools.lru_cache(_PARSED_CACHE)(Time.parse_lenient)),
    "LT": _single_text(LT),
    "ST": _single_text(ST),
    "UT": _single_text(UT),
    "UR": _single_text(UR),
    "AT": _decode_at,
    **{cls.code: _numeric(cls) for cls in (FD, FL, SL, SS, SV, UL, US, UV)},
    **{cls.code: _bulk(cls) for cls in (OB, OD, OF, OL, OV, OW, UN)},
}
_decode_un: Final = _DECODERS["UN"]


def decoder_for(vr: str) -> Decoder:
    """The decoder of VR code ``vr``; unknown codes decode as UN.  SQ is the reader's.

    ``decoder_for(vr)(data, little_endian, charset)`` is :func:`decode_value` without
    the keyword arguments: look it up once, call it for every value.
    """
    decoder = _DECODERS.get(vr)
    if decoder is not None:
        return decoder
    if vr == "SQ":
        msg = "SQ values are sequences of items: the reader decodes them, not decode_value"
        raise ValueError(msg)
    return _decode_un


def decode_value(
    vr: str, data: memoryview, *, little_endian: bool, charset: CharacterSet
) -> tuple[AnyVR, str]:
    """The VR object of one value's bytes, and how bad text bytes were read ("" if none).

    Never raises for bad content: text bytes the character set lacks are read by its
    fallback and the second item names it (a ``charset.FALLBACK_*`` phrase, for a
    warning), numbers written as text parse leniently, a trailing partial binary
    word is ignored.  Numeric and bulk values are views of ``data``, not copies.
    """
    return decoder_for(vr)(data, little_endian, charset)


# --- encoding ---------------------------------------------------------------------------


def _encode_text(text: str, vr: str, charset: CharacterSet) -> bytes:
    if vr in CHARSET_VRS:
        return charset.encode(text, vr)
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:
        # The character set names the character and why (it raises EncodeError).
        charset.encode(text, vr)
        msg = f"{vr} values must be ASCII (the default repertoire): {text!r}"
        raise EncodeError(msg) from None


def _str_encoder(vr: str, pad: bytes) -> _Encoder:
    def encode(value: Any, little_endian: bool, charset: CharacterSet) -> bytes:
        data = _encode_text("\\".join(value.values), vr, charset)
        return data + pad if len(data) & 1 else data

    return encode


def _text_of_encoder(vr: str) -> _Encoder:
    """PN DS IS DA DT TM: each value's own text."""

    def encode(value: Any, little_endian: bool, charset: CharacterSet) -> bytes:
        data = _encode_text("\\".join([v.text for v in value.values]), vr, charset)
        return data + b" " if len(data) & 1 else data

    return encode


def _numeric_encoder(value: Any, little_endian: bool, charset: CharacterSet) -> bytes:
    data: bytes = value.tobytes(little_endian=little_endian)
    return data


def _bulk_encoder(value: Any, little_endian: bool, charset: CharacterSet) -> bytes:
    data: bytes = value.tobytes(little_endian=little_endian)
    return data + b"\x00" if len(data) & 1 else data


def _encode_at(value: Any, little_endian: bool, charset: CharacterSet) -> bytes:
    tags: Sequence[int] = value.values
    words: list[int] = []
    for tag in tags:
        words += (tag >> 16, tag & 0xFFFF)
    return struct.pack(f"{'<' if little_endian else '>'}{len(words)}H", *words)


_ENCODERS: Final[dict[str, _Encoder]] = {
    **{code: _str_encoder(code, b" ") for code in ("AE", "AS", "CS", "LO", "SH", "UC")},
    **{code: _str_encoder(code, b" ") for code in ("LT", "ST", "UT", "UR")},
    "UI": _str_encoder("UI", b"\x00"),
    **{code: _text_of_encoder(code) for code in ("PN", "DS", "IS", "DA", "DT", "TM")},
    "AT": _encode_at,
    **{code: _numeric_encoder for code in ("FD", "FL", "SL", "SS", "SV", "UL", "US", "UV")},
    **{code: _bulk_encoder for code in ("OB", "OD", "OF", "OL", "OV", "OW", "UN")},
}


def encode_value(vr: AnyVR, *, little_endian: bool, charset: CharacterSet) -> bytes:
    """The value bytes of ``vr``, padded to even length as PS3.5 6.2 says.

    Text VRs in the character set (SH LO ST LT UC UT PN) are encoded with
    ``charset``, the others as ASCII; :class:`EncodeError` names a character that
    cannot be written.  SQ values are the writer's, item by item.
    """
    encoder = _ENCODERS.get(vr.code)
    if encoder is None:
        msg = f"cannot encode a {vr.code} value here: sequences are written item by item"
        raise EncodeError(msg)
    return encoder(vr, little_endian, charset)

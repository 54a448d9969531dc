"""pydicom's ``charset`` module, over the codec's Specific Character Set support.

pydicom works with *Python* codec names: ``convert_encodings(["", "ISO 2022 IR 87"])``
gives ``["iso8859", "iso2022_jp"]``, and ``decode_string`` / ``encode_string`` take
such a list.  Here those lists are turned back into the DICOM terms they stand for
(``iso2022_jp`` is ISO 2022 IR 87, ``euc_kr`` ISO 2022 IR 149, ...) and the work is
done by :class:`typeddcm.codec.charset.CharacterSet`: the same decoder ``dcmread``
uses, so a value decodes here as it does when read from a file, ISO 2022 escape
sequences, delimiters and the standard's examples included.  A codec name that is
no DICOM set (``"cp1252"``) is used as a plain Python codec, as pydicom does; a
DICOM term given instead of a codec name (``"ISO_IR 100"``) is taken too.

Leniency is pydicom's: a term that is misspelt is corrected with a warning, an
unknown one falls back to the default encoding with a warning, stand-alone sets
(UTF-8, GB18030, GBK) drop what cannot go with them.  Bytes that are not valid in
the character set are replaced (U+FFFD) with a warning, and text that the sets
cannot encode is written with ``?`` with a warning.  Under
``config.settings.reading_validation_mode`` (decoding) or
``writing_validation_mode`` (encoding) RAISE those are errors instead:
``LookupError``, ``UnicodeDecodeError``, ``UnicodeEncodeError``, ``ValueError``.

pydicom's default encoding, ``"iso8859"``, is ISO-IR 6 with ISO 8859-1 read for
bytes above 0x7F (as every reader does with real files), and text in it is written
as ISO 8859-1 when it is not ASCII, as pydicom writes it.
"""

from __future__ import annotations

import codecs
import functools
import re
import warnings
from collections.abc import MutableSequence, Sequence
from typing import TYPE_CHECKING, Any, Final

from typeddcm.codec.charset import (
    FALLBACK_REPLACED,
    FALLBACK_UNDECLARED_ESCAPE,
    CharacterSet,
)
from typeddcm.codec.charset import _correct as _correct_term  # the codec's spelling fixes
from typeddcm.errors import DicomWarning, EncodeError

from . import config

if TYPE_CHECKING:
    from .dataelem import DataElement

__all__ = [
    "STAND_ALONE_ENCODINGS",
    "convert_encodings",
    "decode",
    "decode_bytes",
    "decode_element",
    "decode_string",
    "default_encoding",
    "encode_string",
    "python_encoding",
]

#: The Python codec pydicom uses when (0008,0005) is absent (ISO-IR 6).
default_encoding: Final = "iso8859"

#: DICOM Specific Character Set terms -> the Python codec names pydicom uses for them.
python_encoding: dict[str, str] = {
    "": default_encoding,
    "ISO_IR 6": default_encoding,
    "ISO_IR 13": "shift_jis",
    "ISO_IR 100": "latin_1",
    "ISO_IR 101": "iso8859_2",
    "ISO_IR 109": "iso8859_3",
    "ISO_IR 110": "iso8859_4",
    "ISO_IR 126": "iso_ir_126",
    "ISO_IR 127": "iso_ir_127",
    "ISO_IR 138": "iso_ir_138",
    "ISO_IR 144": "iso_ir_144",
    "ISO_IR 148": "iso_ir_148",
    "ISO_IR 166": "iso_ir_166",
    "ISO 2022 IR 6": default_encoding,
    "ISO 2022 IR 13": "shift_jis",
    "ISO 2022 IR 87": "iso2022_jp",
    "ISO 2022 IR 100": "latin_1",
    "ISO 2022 IR 101": "iso8859_2",
    "ISO 2022 IR 109": "iso8859_3",
    "ISO 2022 IR 110": "iso8859_4",
    "ISO 2022 IR 126": "iso_ir_126",
    "ISO 2022 IR 127": "iso_ir_127",
    "ISO 2022 IR 138": "iso_ir_138",
    "ISO 2022 IR 144": "iso_ir_144",
    "ISO 2022 IR 148": "iso_ir_148",
    "ISO 2022 IR 149": "euc_kr",
    "ISO 2022 IR 159": "iso2022_jp_2",
    "ISO 2022 IR 166": "iso_ir_166",
    "ISO 2022 IR 58": "iso_ir_58",
    "ISO_IR 192": "UTF8",
    "GB18030": "GB18030",
    "ISO 2022 GBK": "GBK",  # CP-1234
    "ISO 2022 58": "GB2312",  # CP-1234
    "GBK": "GBK",
}

#: Terms that allow no code extensions (PS3.3 Table C.12-5): alone, or not at all.
STAND_ALONE_ENCODINGS: Final = ("ISO_IR 192", "GBK", "GB18030")

# pydicom's delimiter sets (byte values) for decode_string's ``delimiters``.
_PN_MARKS: Final = frozenset(b"^=")


def _codec_name(name: str) -> str | None:
    """The canonical name of a Python text codec, or None when there is none."""
    try:
        return codecs.lookup(name).name
    except (LookupError, TypeError, ValueError):
        return None


def _term_table() -> dict[str, tuple[str, str]]:
    """Canonical codec name -> (its term alone, its term with code extensions)."""
    alone: dict[str, str] = {}
    extended: dict[str, str] = {}
    for term, codec in python_encoding.items():
        name = _codec_name(codec)
        if name is None or codec == default_encoding or term.startswith("ISO 2022 GBK"):
            continue
        if term == "ISO 2022 58":  # an alias of ISO 2022 IR 58 (CP-1234)
            continue
        if term.startswith("ISO_IR"):
            alone.setdefault(name, term)
        elif term.startswith("ISO 2022 IR"):
            extended.setdefault(name, term)
        else:  # the stand-alone sets
            alone.setdefault(name, term)
            extended.setdefault(name, term)
    return {name: (alone.get(name) or extended[name], extended.get(name) or alone[name])
            for name in {*alone, *extended}}


_TERMS: Final = _term_table()
# Codec names that mean the default repertoire (pydicom's "iso8859" and ASCII's names).
_DEFAULT_NAMES: Final = frozenset({default_encoding, "ascii", "us-ascii", "iso_ir_6", "646"})


def _as_list(encodings: str | Sequence[str] | None) -> list[str]:
    if encodings is None:
        return [default_encoding]
    if isinstance(encodings, str):
        return [encodings]
    return list(encodings) or [default_encoding]


def _term_for(encoding: str, extended: bool) -> str | None:
    """The DICOM term a Python codec name (or a DICOM term) stands for; None: unknown."""
    if encoding in python_encoding:  # already a DICOM term
        if extended and encoding.startswith("ISO_IR"):
            extended_term = "ISO 2022 IR" + encoding[len("ISO_IR"):]
            return extended_term if extended_term in python_encoding else encoding
        return encoding or ("ISO 2022 IR 6" if extended else "ISO_IR 6")
    if encoding.lower() in _DEFAULT_NAMES:
        return "ISO 2022 IR 6" if extended else "ISO_IR 6"
    name = _codec_name(encoding)
    if name is None:
        return None
    if name == "ascii":
        return "ISO 2022 IR 6" if extended else "ISO_IR 6"
    terms = _TERMS.get(name)
    if terms is None:
        return encoding  # a Python codec with no DICOM term: the codec does the work
    return terms[1] if extended else terms[0]


@functools.lru_cache(maxsize=256)
def _charset_for(encodings: tuple[str, ...]) -> tuple[CharacterSet, tuple[str, ...]]:
    """The CharacterSet for pydicom's encodings, and the encodings that are unknown."""
    extended = len(encodings) > 1
    terms: list[str] = []
    unknown: list[str] = []
    for position, encoding in enumerate(encodings):
        term = _term_for(encoding, extended)
        if term is None:
            unknown.append(encoding)
            if position == 0:  # pydicom uses the default encoding in its place
                terms.append("ISO 2022 IR 6" if extended else "ISO_IR 6")
            continue
        terms.append(term)
    return CharacterSet.from_terms(terms or ["ISO_IR 6"]), tuple(unknown)


def _warn(message: str) -> None:
    # pydicom warns with a UserWarning; DicomWarning is one.
    warnings.warn(message, DicomWarning, stacklevel=3)


def _charset(encodings: str | Sequence[str] | None, mode: int) -> CharacterSet:
    charset, unknown = _charset_for(tuple(_as_list(encodings)))
    for encoding in unknown:
        if mode == config.RAISE:  # Python's codec lookup words it so (pydicom lets it through)
            raise LookupError(f"unknown encoding: {encoding}")
        _warn(f"Unknown encoding '{encoding}' - using default encoding instead")
    return charset


def _vr_for(delimiters: Any) -> str:
    """The VR whose delimiter rule (PS3.5 6.1.2.5.3) is nearest to pydicom's ``delimiters``."""
    if not delimiters:
        return "LT"
    marks = {d if isinstance(d, int) else ord(d) for d in delimiters}
    if marks & _PN_MARKS:
        return "PN"
    return "LO" if 0x5C in marks else "LT"


# --- decoding ------------------------------------------------------------------------------


def decode_bytes(value: bytes | bytearray | memoryview | str, encodings: Sequence[str] | str | None,
                 delimiters: Any = None) -> str:
    """Decode ``value`` with pydicom's ``encodings`` (Python codec names, as
    :func:`convert_encodings` gives them); ``delimiters`` (byte values such as
    ``{0x5E}``) are where escape sequences stop applying.

    Bytes the sets do not have become U+FFFD with a warning, or raise
    ``UnicodeDecodeError`` under reading validation mode RAISE; an escape sequence for
    a set that ``encodings`` does not name warns (``ValueError`` under RAISE).
    """
    if isinstance(value, str):
        return value  # already text: nothing to decode
    checked: object = value  # callers without type checking pass anything
    if not isinstance(checked, (bytes, bytearray, memoryview)):
        msg = f"decode_string takes bytes, not {type(checked).__name__}"
        raise TypeError(msg)
    mode = config.reading_mode()
    charset = _charset(encodings, mode)
    text, fallback = charset.decode(bytes(value), _vr_for(delimiters))
    if FALLBACK_REPLACED in fallback:
        _undecodable(bytes(value), _as_list(encodings), mode)
    if FALLBACK_UNDECLARED_ESCAPE in fallback:
        msg = "Found unknown escape sequence in encoded string value"
        if mode == config.RAISE:
            raise ValueError(msg)
        _warn(msg)
    return text


def _undecodable(data: bytes, encodings: list[str], mode: int) -> None:
    """Bytes the encodings do not hold: the codec's UnicodeDecodeError (RAISE) or a
    warning, in pydicom's words (one encoding named when no escape sequence is used)."""
    first = encodings[0]
    if mode == config.RAISE:
        if b"\x1b" not in data or len(encodings) == 1:
            try:  # the codec's own error, as pydicom raises it
                data.decode(first)
            except UnicodeDecodeError:
                raise
            except LookupError:
                pass
        raise UnicodeDecodeError(", ".join(encodings), data, 0, len(data),
                                 "not valid in the given encodings")
    if b"\x1b" not in data:
        _warn(f"Failed to decode byte string with encoding '{first}' - using replacement "
              "characters in decoded string")
    else:
        _warn(f"Failed to decode byte string with encodings: {', '.join(encodings)} - using "
              "replacement characters in decoded string")


#: pydicom 1.x's name of :func:`decode_bytes`.
decode_string = decode_bytes


def _decode_provisionally(value: bytes, delimiters: Any) -> str:
    """Bytes read with the default encoding, without warnings: a value whose character
    set is not known yet (pydicom decodes it lazily; ``decode(encodings)`` reads it again)."""
    charset, _unknown = _charset_for((default_encoding,))
    return charset.decode(value, _vr_for(delimiters)).text


# --- encoding --------------------------------------------------------------------------


def _replaced(value: str, charset: CharacterSet) -> str:
    """``value`` with each character the character set cannot write replaced by '?'."""
    out = []
    for char in value:
        try:
            charset.encode(char, "PN")
        except EncodeError:
            char = "?"
        out.append(char)
    return "".join(out)


def encode_string(value: str, encodings: Sequence[str] | str | None) -> bytes:
    """Encode ``value`` with pydicom's ``encodings`` (Python codec names).

    The first encoding is used where it can write the text; elsewhere the escape
    sequences of the others (PS3.5 6.1.2.5), each delimiter (``\\ ^ =``, CR, LF, TAB,
    FF) returning to the first.  Text none of them can write warns and is written with
    ``?`` in place of what cannot be, or raises ``UnicodeEncodeError`` under writing
    validation mode RAISE.
    """
    checked: object = value  # callers without type checking pass anything
    if not isinstance(checked, str):
        msg = f"encode_string takes str, not {type(checked).__name__}"
        raise TypeError(msg)
    names = _as_list(encodings)
    mode = config.writing_mode()
    charset = _charset(names, mode)
    try:
        return charset.encode(value, "PN")  # PN's delimiters: the most resets, valid for all
    except EncodeError as error:
        failure = error
    if names[0].lower() in _DEFAULT_NAMES or names[0] in ("", "ISO_IR 6", "ISO 2022 IR 6"):
        # pydicom's default encoding is Latin-1 to Python: non-ASCII text is written so.
        try:
            return value.encode("latin_1")
        except UnicodeEncodeError:
            pass
    for name in names:  # a plain Python codec that the DICOM plan left out
        codec = _codec_name(name)
        if codec is not None and codec not in _TERMS and name not in python_encoding:
            try:
                return value.encode(codec)
            except UnicodeEncodeError:
                continue
    if mode == config.RAISE:
        raise UnicodeEncodeError(", ".join(names), value, 0, len(value), str(failure))
    _warn(f"Failed to encode value with encodings: {', '.join(names)} - using replacement"
          " characters in encoded string")
    return charset.encode(_replaced(value, charset), "PN")


# --- (0008,0005) terms -> Python codec names ---------------------------------------


#: A term spelt "ISO?2022?IR?nnn" other than "ISO 2022 IR nnn" (pydicom corrects these).
_CODE_EXTENSION_SPELLING: Final = re.compile(r"^(?=ISO.2022.IR.)(?!ISO 2022 IR )")


def _corrected(encoding: str, mode: int) -> str:
    """The Python codec of a term that is not a defined term, with pydicom's warnings."""
    patched = _correct_term(encoding)
    if patched is None and _CODE_EXTENSION_SPELLING.match(encoding):
        patched = "ISO 2022 IR " + encoding[12:]  # pydicom's rule: "ISO_2022_IR+126" ...
    if patched is not None and patched in python_encoding:
        _warn(f"Incorrect value for Specific Character Set '{encoding}' - assuming '{patched}'")
        return python_encoding[patched]
    if _codec_name(encoding) is not None:
        return encoding  # already a Python codec name
    if mode == config.RAISE:
        raise LookupError(f"Unknown encoding '{encoding}'")
    _warn(f"Unknown encoding '{encoding}' - using default encoding instead")
    return default_encoding


def convert_encodings(encodings: str | MutableSequence[str] | Sequence[str] | None) -> list[str]:
    """The Python codec names for the (0008,0005) ``encodings`` (a term or a list).

    Empty means the default repertoire; misspelt terms are corrected and unknown ones
    replaced by the default encoding, each with a warning (``LookupError`` under
    reading validation mode RAISE); a name that is already a Python codec is kept.
    A stand-alone term first drops the rest, and later stand-alone terms are dropped,
    each with a warning.
    """
    if not encodings:
        terms = [""]
    elif isinstance(encodings, str):
        terms = [encodings]
    else:
        terms = [str(term) for term in encodings]  # a copy: the caller's list is not touched
        if not terms[0]:
            terms[0] = "ISO_IR 6"
    mode = config.reading_mode()
    result = [python_encoding[t] if t in python_encoding else _corrected(t, mode) for t in terms]
    if len(terms) > 1:
        if terms[0] in STAND_ALONE_ENCODINGS:
            _warn(f"Value '{terms[0]}' for Specific Character Set does not allow code"
                  f" extensions, ignoring: {', '.join(terms[1:])}")
            return result[:1]
        for index in range(len(terms) - 1, 0, -1):
            if terms[index] in STAND_ALONE_ENCODINGS:
                _warn(f"Value '{terms[index]}' cannot be used as code extension, ignoring it")
                del result[index]
    return result


# --- elements ---------------------------------------------------------------------------

_TEXT_VRS: Final = frozenset({"SH", "LO", "ST", "LT", "UC", "UT"})
_TEXT_DELIMITERS: Final = frozenset({0x0D, 0x0A, 0x09, 0x0C})


def decode_element(elem: DataElement | Any, dicom_character_set: str | Sequence[str] | None) -> None:
    """Decode, in place, the ``bytes`` values of ``elem`` (PN, SH, LO, ST, LT, UC, UT)
    with the (0008,0005) terms ``dicom_character_set`` (None or '' for ISO_IR 6).

    Values that are already text stay as they are.  A PN value made from bytes is
    decoded again from those bytes; a bound element writes the result to its dataset.
    """
    if elem.is_empty:
        return
    vr = elem.VR
    if vr != "PN" and vr not in _TEXT_VRS:
        return
    encodings = convert_encodings(dicom_character_set or ["ISO_IR 6"])
    if vr == "PN":
        from .valuerep import PersonName

        # A free element's names take the encodings (pydicom sets them); a bound one's
        # dataset holds text, which decoding leaves as it is.
        free = getattr(elem, "_owner", None) is None

        def convert(item: Any) -> Any:
            if isinstance(item, (bytes, bytearray)):
                return PersonName(bytes(item), encodings)
            if isinstance(item, PersonName) and (free or item.original_string is not None):
                return item.decode(encodings)
            return item
    else:
        def convert(item: Any) -> Any:
            if isinstance(item, (bytes, bytearray)):
                return decode_bytes(bytes(item), encodings, _TEXT_DELIMITERS)
            return item

    value = elem.value
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    new = [convert(item) for item in items]
    if all(a is b for a, b in zip(new, items, strict=True)):
        return  # nothing was bytes: nothing to write (a bound element stays untouched)
    if vr not in ("LT", "ST", "UT") and any("\\" in str(item) for item in new):
        new = _split_values(new, vr, encodings)  # bytes that held several values
    elem.value = new if isinstance(value, (list, tuple)) or len(new) > 1 else new[0]


def _split_values(items: list[Any], vr: str, encodings: list[str]) -> list[Any]:
    """Decoded values split at their backslashes (value delimiters, PS3.5 6.4)."""
    from .valuerep import PersonName

    out: list[Any] = []
    for item in items:
        parts = str(item).split("\\")
        if vr == "PN":
            out.extend(PersonName(part, encodings) for part in parts)
        else:
            out.extend(parts)
    return out


#: pydicom 1.x's (deprecated there) name of :func:`decode_element`.
decode = decode_element

"""pydicom's ``values`` module: an element's encoded bytes -> the value pydicom code sees.

Every conversion goes through the codec's value decoder for the VR (the one
``dcmread`` uses) and then the compat reading of VR objects, so ``convert_value``
gives exactly what ``dcmread(...).SomeKeyword`` gives for the same bytes: DSfloat (or
DSdecimal), IS, PersonName, UID, BaseTag, ``str``, ``int``/``float``, ``bytes``, and a
MultiValue for several values; DA/DT/TM as text, or as date objects under
``config.datetime_conversion``.

``converters`` maps each VR to its function, as pydicom's does (numbers to a
``(convert_numbers, struct_format)`` pair), and ``convert_value`` honours changes to
it: a converter put in by the user is called the way pydicom calls it, and one that
raises ``ValueError`` makes ``convert_value`` try the VRs of
``convert_retry_VR_order``, then give the raw bytes, unless
``config.settings.reading_validation_mode`` is RAISE.

Where the codec reads more leniently than pydicom (a trailing partial number, AT or
DS text that is not a number) the value is read, never an error; where the standard
says how padding goes (CS loses surrounding spaces, PN keeps a trailing empty group)
the standard is followed, as in the rest of the compat layer.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, MutableSequence, Sequence
from typing import Any, Final

from typeddcm.codec._level import Encoding, Level, ReadOptions
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.codec.reader import read_level
from typeddcm.codec.values import CHARSET_VRS, decode_value

from . import _values, config
from .charset import _charset, default_encoding
from .multival import MultiValue
from .tag import BaseTag
from .valuerep import MultiString

__all__ = [
    "BytesLengthException",
    "convert_AE_string",
    "convert_ATvalue",
    "convert_DA_string",
    "convert_DS_string",
    "convert_DT_string",
    "convert_IS_string",
    "convert_numbers",
    "convert_OBvalue",
    "convert_OVvalue",
    "convert_OWvalue",
    "convert_PN",
    "convert_SQ",
    "convert_TM_string",
    "convert_UI",
    "convert_UN",
    "convert_UR_string",
    "convert_retry_VR_order",
    "convert_single_string",
    "convert_string",
    "convert_tag",
    "convert_text",
    "convert_value",
    "converters",
    "multi_string",
]


class BytesLengthException(ValueError):
    """The bytes of a number value are not a whole number of values (pydicom's error)."""


def _decoded(code: str, byte_string: bytes, is_little_endian: bool = True,
             encodings: str | Sequence[str] | None = None) -> Any:
    """The compat value of ``byte_string`` read as VR ``code`` (the dcmread path)."""
    charset: CharacterSet = DEFAULT_CHARACTER_SET
    if code in CHARSET_VRS and encodings:
        charset = _charset(encodings, config.reading_mode())
    vr, _fallback = decode_value(code, memoryview(bytes(byte_string)),
                                 little_endian=bool(is_little_endian), charset=charset)
    return _values.to_python(vr)


# --- one function per VR (pydicom's signatures) ------------------------------------


def multi_string(val: str, valtype: Callable[[str], Any] | None = None) -> Any:
    """Split text at backslashes: one value as ``valtype`` (default ``str``), several
    as a MultiValue of it (pydicom 2.x's name of ``valuerep.MultiString``)."""
    return MultiString(val, valtype)


def convert_tag(byte_string: bytes, is_little_endian: bool, offset: int = 0) -> BaseTag:
    """The tag in the 4 bytes of ``byte_string`` at ``offset``; ValueError when too short."""
    if len(byte_string) < offset + 4:
        msg = "byte string too short - must be at least 4 bytes long."
        raise ValueError(msg)
    tag: BaseTag = _decoded("AT", byte_string[offset:offset + 4], is_little_endian)
    return tag


def convert_AE_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """An AE value (leading and trailing spaces are not significant)."""
    return _decoded("AE", byte_string, is_little_endian)


def convert_ATvalue(byte_string: bytes, is_little_endian: bool,
                    struct_format: str | None = None) -> Any:
    """An AT value: a tag, or a MultiValue of tags; empty bytes give [] (pydicom), and a
    trailing partial tag is ignored with a logged warning."""
    if len(byte_string) % 4:
        config.logger.warning("Expected length to be multiple of 4 for VR 'AT', got length "
                              f"{len(byte_string)}")
    if not byte_string:
        return []
    return _decoded("AT", byte_string, is_little_endian)


def convert_DA_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """A DA value: its text, or a ``valuerep.DA`` under ``config.datetime_conversion``."""
    return _decoded("DA", byte_string, is_little_endian)


def convert_DS_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """A DS value: DSfloat (DSdecimal under ``config.use_DS_decimal``) or a MultiValue."""
    return _decoded("DS", byte_string, is_little_endian)


def convert_DT_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """A DT value: its text, or a ``valuerep.DT`` under ``config.datetime_conversion``."""
    return _decoded("DT", byte_string, is_little_endian)


def convert_IS_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """An IS value: IS, or a MultiValue of them."""
    return _decoded("IS", byte_string, is_little_endian)


# struct formats -> the VR whose decoder reads them (standard sizes, as pydicom's "=").
_FORMAT_VRS: Final = {"H": "US", "h": "SS", "L": "UL", "l": "SL", "I": "UL", "i": "SL",
                      "f": "FL", "d": "FD", "q": "SV", "Q": "UV"}


def convert_numbers(byte_string: bytes, is_little_endian: bool, struct_format: str) -> Any:
    """Binary numbers in ``struct_format`` (``"H"``, ``"f"`` ...): '' for none, the number
    for one, a MultiValue for several.  BytesLengthException (a ValueError) when the
    bytes are not a whole number of values."""
    size = struct.calcsize("=" + struct_format)
    length = len(byte_string)
    if length % size:
        shown = repr(byte_string) if length <= 256 else "bytes"
        msg = (f"Expected total bytes to be an even multiple of bytes per value. Instead "
               f"received {shown} with length {length} and struct format '{struct_format}' "
               f"which corresponds to bytes per value of {size}.")
        raise BytesLengthException(msg)
    if not length:
        return ""
    code = _FORMAT_VRS.get(struct_format)
    if code is not None:
        return _decoded(code, byte_string, is_little_endian)
    values = struct.unpack(f"{'<' if is_little_endian else '>'}{length // size}{struct_format}",
                           byte_string)
    return values[0] if len(values) == 1 else MultiValue(list(values))


def convert_OBvalue(byte_string: bytes, is_little_endian: bool,
                    struct_format: str | None = None) -> bytes:
    """An OB (or OD, OL) value: its bytes, as they are."""
    return bytes(byte_string)


def convert_OWvalue(byte_string: bytes, is_little_endian: bool,
                    struct_format: str | None = None) -> bytes:
    """An OW (or OF) value: its bytes, not swapped."""
    return bytes(byte_string)


def convert_OVvalue(byte_string: bytes, is_little_endian: bool,
                    struct_format: str | None = None) -> bytes:
    """An OV value: its bytes, not swapped."""
    return bytes(byte_string)


def convert_UN(byte_string: bytes, is_little_endian: bool,
               struct_format: str | None = None) -> bytes:
    """A UN value: its bytes."""
    return bytes(byte_string)


def convert_PN(byte_string: bytes, encodings: str | Sequence[str] | None = None) -> Any:
    """A PN value decoded with ``encodings`` (pydicom's Python codec names; default
    ISO-IR 6): a PersonName or a MultiValue of them."""
    return _decoded("PN", byte_string, True, encodings)


def convert_string(byte_string: bytes, is_little_endian: bool,
                   struct_format: str | None = None) -> Any:
    """A default-repertoire text value (AS, CS): str or a MultiValue of str."""
    return _decoded("CS", byte_string, is_little_endian)


def convert_text(byte_string: bytes, encodings: str | Sequence[str] | None = None,
                 vr: str | None = None) -> Any:
    """An SH, LO or UC value (``vr``; LO when not given) decoded with ``encodings``."""
    code = vr if vr in ("SH", "LO", "UC") else "LO"
    return _decoded(code, byte_string, True, encodings)


def convert_single_string(byte_string: bytes, encodings: str | Sequence[str] | None = None,
                          vr: str | None = None) -> str:
    """An ST, LT or UT value (``vr``; LT when not given): one text, backslashes kept,
    trailing spaces dropped."""
    code = vr if vr in ("ST", "LT", "UT") else "LT"
    text: str = _decoded(code, byte_string, True, encodings)
    return text


def convert_SQ(byte_string: bytes, is_implicit_VR: bool, is_little_endian: bool,
               encoding: str | Sequence[str] | None = None, offset: int = 0) -> Any:
    """A sequence value (its items' bytes) as a Sequence of Datasets, read by the
    codec's reader in the given encoding; ``encoding`` is the items' character set
    (pydicom's Python codec names).  ``offset`` (the value's place in its file) is
    accepted for pydicom's signature; the items do not record file positions."""
    from .dataset import Dataset
    from .sequence import Sequence as CompatSequence

    charset = _charset(encoding, config.reading_mode()) if encoding else DEFAULT_CHARACTER_SET
    little = bool(is_little_endian)
    data = bytes(byte_string)
    # One SQ element around the value, read as the reader reads a file: (0008,1115) is
    # a dictionary sequence, so implicit VR reads it as one too.
    group, element = 0x0008, 0x1115
    if is_implicit_VR:
        header = struct.pack("<HHI" if little else ">HHI", group, element, len(data))
    else:
        header = struct.pack("<HH2s2xI" if little else ">HH2s2xI", group, element, b"SQ",
                             len(data))
    buffer = memoryview(header + data)
    level = Level(buffer, Encoding(little, bool(is_implicit_VR), charset), "", 0, ReadOptions())
    elements, _end, _found = read_level(level, 0, len(buffer), until_item_delimiter=False)
    items = elements[0].vr.values if elements and elements[0].code == "SQ" else ()
    return CompatSequence(Dataset(item) for item in items)


def convert_TM_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """A TM value: its text, or a ``valuerep.TM`` under ``config.datetime_conversion``."""
    return _decoded("TM", byte_string, is_little_endian)


def convert_UI(byte_string: bytes, is_little_endian: bool,
               struct_format: str | None = None) -> Any:
    """A UI value (trailing NUL and spaces dropped): a UID or a MultiValue of UIDs."""
    return _decoded("UI", byte_string, is_little_endian)


def convert_UR_string(byte_string: bytes, is_little_endian: bool,
                      struct_format: str | None = None) -> Any:
    """A UR value: one text, trailing spaces dropped."""
    return _decoded("UR", byte_string, is_little_endian)


# --- the table and convert_value --------------------------------------------------------

#: VR -> converter (or ``(convert_numbers, struct_format)``); change it to change
#: what ``convert_value`` does for a VR.
converters: dict[str, Any] = {
    "AE": convert_AE_string,
    "AS": convert_string,
    "AT": convert_ATvalue,
    "CS": convert_string,
    "DA": convert_DA_string,
    "DS": convert_DS_string,
    "DT": convert_DT_string,
    "FD": (convert_numbers, "d"),
    "FL": (convert_numbers, "f"),
    "IS": convert_IS_string,
    "LO": convert_text,
    "LT": convert_single_string,
    "OB": convert_OBvalue,
    "OD": convert_OBvalue,
    "OF": convert_OWvalue,
    "OL": convert_OBvalue,
    "OW": convert_OWvalue,
    "OV": convert_OVvalue,
    "PN": convert_PN,
    "SH": convert_text,
    "SL": (convert_numbers, "l"),
    "SQ": convert_SQ,
    "SS": (convert_numbers, "h"),
    "ST": convert_single_string,
    "SV": (convert_numbers, "q"),
    "TM": convert_TM_string,
    "UC": convert_text,
    "UI": convert_UI,
    "UL": (convert_numbers, "L"),
    "UN": convert_UN,
    "UR": convert_UR_string,
    "US": (convert_numbers, "H"),
    "UT": convert_single_string,
    "UV": (convert_numbers, "Q"),
    "OB or OW": convert_OBvalue,
    "US or SS": convert_OWvalue,
    "US or OW": convert_OWvalue,
    "US or SS or OW": convert_OWvalue,
}
_DEFAULTS: Final = dict(converters)

#: The VRs ``convert_value`` tries, in order, when a converter raises ValueError.
convert_retry_VR_order: list[str] = [
    "SH", "UL", "SL", "US", "SS", "FL", "FD", "OF", "OB", "UI", "DA", "TM", "PN", "IS", "DS",
    "LT", "SQ", "UN", "AT", "OW", "DT", "UT",
]


def _empty(code: str) -> Any:
    if code == "SQ":
        from .sequence import Sequence as CompatSequence

        return CompatSequence()
    return "" if code in _values.EMPTY_TEXT_VRS else None


def _call(code: str, entry: Any, raw: Any, encodings: list[str]) -> Any:
    """Call a converter the way pydicom calls it."""
    data = raw.value
    if isinstance(entry, tuple):
        function, fmt = entry
        return function(data, raw.is_little_endian, fmt)
    if code == "PN":
        return entry(data, encodings)
    if code in CHARSET_VRS:
        return entry(data, encodings, code)
    if code == "SQ":
        return entry(data, raw.is_implicit_VR, raw.is_little_endian, encodings,
                     getattr(raw, "value_tell", 0))
    return entry(data, raw.is_little_endian, None)


def convert_value(VR: str, raw_data_element: Any,
                  encodings: str | MutableSequence[str] | None = None) -> Any:
    """The value of ``raw_data_element`` (a RawDataElement: ``value`` bytes, ``length``,
    ``is_little_endian``, ``is_implicit_VR``) as VR ``VR``, its text decoded with
    ``encodings`` (pydicom's Python codec names).  NotImplementedError for an unknown VR.
    """
    if VR not in converters:
        shown = VR if VR.isascii() and VR.isalpha() else " ".join(f"0x{ord(c):02x}" for c in VR)
        raise NotImplementedError(f"Unknown Value Representation '{shown}'")
    data = raw_data_element.value
    if not raw_data_element.length or not data:
        return _empty(VR.split(" or ")[0])
    names = [encodings] if isinstance(encodings, str) else list(encodings or [default_encoding])
    entry = converters[VR]
    if entry is _DEFAULTS[VR] or entry == _DEFAULTS[VR]:
        # Ours: the codec's decoder for the VR, as dcmread reads the same bytes.
        if VR == "SQ":
            return convert_SQ(data, raw_data_element.is_implicit_VR,
                              raw_data_element.is_little_endian, names)
        code = VR if " or " not in VR else "OW"
        return _decoded(code, data, raw_data_element.is_little_endian, names)
    try:
        return _call(VR, entry, raw_data_element, names)
    except ValueError:
        if config.reading_mode() == config.RAISE:
            raise
    config.logger.debug("Unable to convert tag %s with VR %s using the standard value converter",
                        raw_data_element.tag, VR)
    for retry in convert_retry_VR_order:
        if retry == VR:
            continue
        try:
            return convert_value(retry, raw_data_element, names)
        except Exception:
            continue
    return data

"""The value forms pydicom code assigns, made into what ``_values.to_core`` converts.

pydicom takes, and real code passes, more than the natural type of a VR:

* ``bytes`` for any text VR (a private creator ``b"PAPYRUS 3.0 "``, a PN
  ``b"CITIZEN^4"``, a UI ``b"1.2.3\\0"``): decoded once, exactly as reading decodes
  those bytes (the codec's value decoder, with the dataset's Specific Character Set
  for SH LO ST LT UC UT PN, ASCII for the rest), so the value equals what ``dcmread``
  gives for the same bytes.  The dataset then keeps the bytes themselves
  (:func:`keep_bytes`): written with the character set they were decoded in, they
  come out unchanged, even when they are not valid in it;
* numbers as text for the binary number VRs (``ds.Rows = "512"``; pydicom keeps the
  text and fails when writing), integral floats and bools for the integer VRs, and
  integral floats and Decimals for IS (``IS(5.0)`` is 5, as pydicom makes it);
* ``str`` for OB, OW and the other bulk VRs, as Python 2 era code wrote it: each
  character one byte (ISO 8859-1); other characters are a ``TypeError``;
* for AT, a ``(group, element)`` tuple is one tag (pydicom's reading of a tuple),
  and a keyword or hex text names a tag;
* lists, tuples and MultiValues of any of these.

Everything else passes through to the core's conversion unchanged.
"""

from __future__ import annotations

import decimal
import functools
import struct
from typing import TYPE_CHECKING, Any, Final

from typeddcm._convert import Lookup
from typeddcm.codec._level import Encoding, Level, ReadOptions
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.codec.reader import LONG_VRS, read_level
from typeddcm.codec.values import decode_value
from typeddcm.element import Element
from typeddcm.tag import Tag

from .config import _current as _config_now  # the context's settings: one ContextVar read

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["accepted", "keep_bytes"]

_TEXT_VRS: Final = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH",
                              "ST", "TM", "UC", "UI", "UR", "UT"})
_INT_VRS: Final = frozenset({"US", "SS", "UL", "SL", "UV", "SV"})
_FLOAT_VRS: Final = frozenset({"FL", "FD"})
_BULK_VRS: Final = frozenset({"OB", "OW", "OD", "OF", "OL", "OV", "UN"})
# VRs for which a float or a str is not taken as it is (see _one and accepted).
_INTEGRAL: Final = _INT_VRS | {"IS"}
_NOT_TEXT: Final = _INT_VRS | _FLOAT_VRS | _BULK_VRS | {"AT"}
_CHARSET_TAG: Final = 0x00080005
_BYTES: Final = (bytes, bytearray, memoryview)
_EXPLICIT_SHORT: Final = struct.Struct("<HH2sH")
_EXPLICIT_LONG: Final = struct.Struct("<HH2s2xI")


def _charset(context: Lookup) -> CharacterSet:
    """The character set (0008,0005) of the dataset being changed sets (default: ISO_IR 6)."""
    element = context(_CHARSET_TAG)
    if element is None:
        return DEFAULT_CHARACTER_SET
    return CharacterSet.from_terms([str(term) for term in element.vr.values])


def _decoded(code: str, data: Any, context: Lookup) -> Any:
    """Text bytes read as a file's bytes are read: the values, one or a list."""
    charset = _charset(context) if code in ("SH", "LO", "ST", "LT", "UC", "UT", "PN") else (
        DEFAULT_CHARACTER_SET)
    vr, _fallback = decode_value(code, memoryview(bytes(data)), little_endian=True,
                                 charset=charset)
    # Each value's text (DS "1.50", a DA that is no date ...): what the strict and the
    # lenient conversions both take, so a value that breaks PS3.5 is kept as read.
    values = [str(value) for value in vr.values]
    if not values:
        return ""
    return values[0] if len(values) == 1 else values


def _number_text(code: str, text: str) -> Any:
    """A binary number given as text: the number, or the text when it is none."""
    stripped = text.strip(" \x00")
    if code in _FLOAT_VRS:
        try:
            return float(stripped)
        except ValueError:
            return text
    try:
        return int(stripped)
    except ValueError:
        pass
    try:
        number = float(stripped)
    except ValueError:
        return text
    return int(number) if number.is_integer() else text


def _one(code: str, value: Any) -> Any:
    """One value in a form the core's constructor for ``code`` takes (or as it was)."""
    if code in _INT_VRS:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            return _number_text(code, value)
        return value
    if code in _FLOAT_VRS:
        if isinstance(value, str):
            return _number_text(code, value)
        if isinstance(value, decimal.Decimal):
            return float(value)
        return value
    if code == "IS" and isinstance(value, (float, decimal.Decimal)):
        try:
            if value == int(value):
                return int(value)  # IS(5.0) is 5, as pydicom makes it
        except (ValueError, OverflowError, ArithmeticError):  # NaN, infinity
            pass
        return value
    if code == "AT":
        return _tag(value)
    return value


def _tag(value: Any) -> Any:
    """An AT value: a keyword, hex text or (group, element) pair made a tag number."""
    from .tag import Tag as CompatTag

    if isinstance(value, (str, tuple)):
        try:
            return int(CompatTag(value))
        except (ValueError, TypeError, OverflowError, KeyError):
            return value  # the core names what is wrong with it
    return value


def _is_pair(value: Any) -> bool:
    return (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 0xFFFF
                    for v in value))


def accepted(code: str, value: Any, context: Lookup) -> Any:
    """``value`` assigned to an element of VR ``code``, in a form the core converts."""
    kind = type(value)
    if kind is int or (kind is float and code not in _INTEGRAL) or (
            kind is str and code not in _NOT_TEXT):
        if code == "UI" and kind is not str:  # a number is no UID: pydicom's UID() refuses it
            msg = "A UID must be created from a string"
            raise TypeError(msg)
        return value  # the natural forms, as they are: most assignments stop here
    if isinstance(value, _BYTES):
        if code in _TEXT_VRS:
            return _decoded(code, value, context)
        if code == "AT":  # the core would read the bytes as numbers: refuse, as pydicom does
            msg = "AT values are tags (int, (group, element), keyword), not bytes"
            raise TypeError(msg)
        return value
    if code in _BULK_VRS:
        if isinstance(value, str):
            try:
                return value.encode("latin_1")
            except UnicodeEncodeError:
                msg = (f"a {code} value given as str must hold characters U+0000..U+00FF only"
                       " (one byte each); pass bytes")
                raise TypeError(msg) from None
        return value
    if code == "AT" and _is_pair(value):
        return _tag(value)
    if isinstance(value, (list, tuple)):
        if code in _TEXT_VRS and any(isinstance(v, _BYTES) for v in value):
            items: list[Any] = []
            for item in value:
                decoded = _decoded(code, item, context) if isinstance(item, _BYTES) else item
                items.extend(decoded if isinstance(decoded, list) else [decoded])
            return items
        return [_one(code, v) for v in value]
    if isinstance(value, str) and code in _INT_VRS | _FLOAT_VRS and "\\" in value:
        return [_one(code, v) for v in value.split("\\")]
    return _one(code, value)


# --- keeping the bytes -------------------------------------------------------------------


def _charset_in_force(owner: Dataset) -> CharacterSet:
    """The character set of ``owner``: its own (0008,0005), else the nearest parent's."""
    root, path = owner._root, owner._path
    level = root.core
    found = level.get(Tag(_CHARSET_TAG))
    for index in range(0, len(path) - 1, 2):
        sequence = level.get(Tag(path[index]))
        if sequence is None:
            break
        level = sequence.vr.values[path[index + 1]]  # type: ignore[assignment]
        found = level.get(Tag(_CHARSET_TAG)) or found
    if found is None:
        return DEFAULT_CHARACTER_SET
    return CharacterSet.from_terms([str(term) for term in found.vr.values])


def keep_bytes(element: Element, value: bytes | bytearray, owner: Dataset) -> Element:
    """``element`` (converted from the text bytes ``value``) as an element that holds those
    bytes: read from them with the character set in force at ``owner``, as the reader
    reads a file, so that writing gives them back (padded to even length) unchanged."""
    code = element.code
    if code not in _TEXT_VRS:
        return element
    data = bytes(value)
    if len(data) % 2:
        data += b"\x00" if code == "UI" else b" "
    tag = int(element.tag)
    group, number = tag >> 16, tag & 0xFFFF
    if code in LONG_VRS:
        header = _EXPLICIT_LONG.pack(group, number, code.encode(), len(data))
    elif len(data) <= 0xFFFF:
        header = _EXPLICIT_SHORT.pack(group, number, code.encode(), len(data))
    else:  # too long for this VR's length field: the decoded value stands alone
        return element
    buffer = memoryview(header + data)
    level = Level(buffer, Encoding(True, False, _charset_in_force(owner)), "", 0, ReadOptions())
    elements, _end, _found = read_level(level, 0, len(buffer), until_item_delimiter=False)
    if len(elements) != 1 or elements[0].code != code:
        return element  # pragma: no cover - one well-formed element always reads back as one
    return elements[0]


# --- items added to a MultiValue ----------------------------------------------------------


# The VRs whose appended items are made into a type (the rest are kept as given).
_MADE: Final = frozenset({"DS", "IS", "PN", "UI", "AT", "DA", "DT", "TM"})


def item_constructor(code: str) -> Any:
    """The ``type_constructor`` of a MultiValue of VR ``code``: what pydicom makes of an
    item appended to it (a DS value for DS, a PersonName for PN, a UID for UI ...);
    None (items kept as given, converted when written back) for the other VRs."""
    if code not in _MADE:  # the common case, on every read of a multi-valued element
        return None
    return _makers(_config_now.get().datetime_conversion).get(code)


@functools.cache
def _makers(datetime_conversion: bool) -> dict[str, Any]:
    from . import valuerep
    from .tag import Tag as CompatTag
    from .uid import UID

    makers: dict[str, Any] = {"DS": valuerep.DS, "IS": valuerep.IS, "PN": valuerep.PersonName,
                              "UI": UID, "AT": CompatTag}
    if datetime_conversion:
        makers.update({"DA": valuerep.DA, "DT": valuerep.DT, "TM": valuerep.TM})
    return makers

"""One element's value as cells of a row: the typed value, and the text beside it where
the typed value cannot hold all of it (see ``_columns`` for the names and types).

What each conversion gives (``None`` is a null cell; an empty element is null too):

* ``int``/``uint``/``float`` (US SS UL SL SV, UV, FL FD): Python numbers.
* ``ds``/``is``: the number; a value that is not one (read leniently) is null and the
  element's text goes to ``__text``.
* ``date`` (DA): a ``datetime.date`` when the value has year, month and day; else null
  and the text in ``__text``.  ``time`` (TM): a ``datetime.time`` when it has at least
  seconds (a leap second, which ``datetime`` cannot hold, keeps the text).
  ``datetime`` (DT): a naive ``datetime.datetime`` (wall clock as written) when it has
  at least seconds; a UTC offset, which one column cannot hold per row, is kept in the
  text.
* ``pn``: the alphabetic group; the whole text in ``__groups`` when it has others.
* ``at``: the tag as 8 hex digits (as DICOM JSON writes it).
* ``sq``: the items as a DICOM JSON array (``typeddcm.dicomjson``), binary values over
  :data:`BULK_LIMIT` bytes written as ``"BulkDataURI": "omitted:N"`` (N bytes left out),
  private elements in the items only when the index takes private elements.
* ``binary``: the bytes, or null when longer than :data:`BULK_LIMIT` (a header index is
  not the place for pixel-sized blobs).
* ``text``: the strings.

A value whose element has another VR than the column's conversion (a file that writes
the wrong VR) is converted from its text; what does not convert is null with a warning.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Sequence
from typing import Any, Final, NamedTuple

from typeddcm._traverse import ElementPath
from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.vr import SQ, Date, DateTime, DSNumber, ISNumber, PersonName, Time

from ._columns import BASE, ColumnType, Conversion

__all__ = ["BULK_LIMIT", "TEXT_TYPE", "Cells", "element_cells", "to_text"]

#: Binary values longer than this many bytes are left out (null, or a placeholder URI
#: inside sequences).
BULK_LIMIT: Final = 4096


class Cells(NamedTuple):
    """The cells one element gives: its value (a list for several values), the value's
    column type, and the text and name groups beside it (None: no such cell)."""

    value: object
    type: ColumnType
    text: str | None = None
    groups: str | None = None


def _omitted(_path: ElementPath, element: Element) -> str | None:
    values: Sequence[Any] = element.vr.values
    size = memoryview(values[0]).nbytes if values else 0
    return f"omitted:{size}"


def _sequence_text(element: Element, private: bool) -> str:
    from typeddcm.dicomjson import to_json_dict

    vr = element.vr
    items: Sequence[Dataset] = vr.values if isinstance(vr, SQ) else ()
    if not private:  # the index leaves private elements out at every depth
        items = [item.remove_private_tags() for item in items]
    model = [to_json_dict(item, bulk_data_threshold=BULK_LIMIT, bulk_data_handler=_omitted)
             for item in items]
    return json.dumps(model, ensure_ascii=False, allow_nan=False)


def _date(value: Date) -> datetime.date | None:
    return value.to_date() if value.is_valid and value.day is not None else None


def _time(value: Time) -> datetime.time | None:
    if value.is_valid and value.second is not None and value.second < 60:
        return value.to_time()
    return None


def _datetime(value: DateTime) -> datetime.datetime | None:
    if value.is_valid and value.second is not None and value.second < 60:
        return value.to_datetime().replace(tzinfo=None)
    return None


def _number(value: DSNumber | ISNumber) -> float | int | None:
    if not value.is_valid:
        return None
    return float(value) if isinstance(value, DSNumber) else int(value)


def _typed(how: str, values: Sequence[Any]) -> tuple[list[Any], bool]:
    """The typed values, and whether any of them lost something (the text is kept)."""
    if how in ("int", "uint", "float", "text"):
        return list(values), False
    numbers: list[Any]
    if how in ("ds", "is"):
        numbers = [_number(v) for v in values]
    elif how == "date":
        numbers = [_date(v) for v in values]
    elif how == "time":
        numbers = [_time(v) for v in values]
    else:  # datetime
        typed = [_datetime(v) for v in values]
        lossy = any(t is None or v.utc_offset is not None for t, v in zip(typed, values, strict=True))
        return typed, lossy
    return numbers, any(n is None for n in numbers)


#: One object per column type, so that rows share them (a batch compares them by identity).
_TYPES: Final[dict[tuple[str, bool], ColumnType]] = {
    (base, is_list): ColumnType(base, is_list) for base in set(BASE.values())
    for is_list in (False, True)}

#: The type of the text columns beside a value (``__text``, ``__groups``).
TEXT_TYPE: Final = _TYPES["string", False]

#: Conversions that keep the values as decoded, and their column types (scalar, list).
_PLAIN: Final[dict[str, tuple[ColumnType, ColumnType]]] = {
    how: (_TYPES[BASE[how], False], _TYPES[BASE[how], True])
    for how in ("int", "uint", "float", "text")
}

#: Parsers of one value's text, for an element whose VR is not its column's.
_FROM_TEXT: Final[dict[str, Callable[[str], object]]] = {
    "int": int, "uint": int, "float": float, "ds": DSNumber.parse_lenient,
    "is": ISNumber.parse_lenient, "date": Date.parse_lenient, "time": Time.parse_lenient,
    "datetime": DateTime.parse_lenient, "text": str, "pn": PersonName, "at": str,
}


def _element_text(element: Element) -> str:
    vr = element.vr
    values: Sequence[Any] = vr.values
    if vr.code in ("OB", "UN", "OW", "OD", "OF", "OL", "OV"):
        return bytes(values[0]).decode("latin-1").strip("\0 ") if values else ""
    if vr.code == "AT":
        return "\\".join(f"{t:08X}" for t in values)
    if vr.code == "SQ":
        raise ValueError("a sequence has no text")
    return "\\".join(str(v) for v in values)


def _values_of(element: Element, how: str, own: str) -> Sequence[Any]:
    vr = element.vr
    if own == how or how == "binary":
        return vr.values
    text = _element_text(element)
    parse = _FROM_TEXT[how]
    return [parse(part.strip()) for part in text.split("\\")] if text else []


def element_cells(element: Element, conv: Conversion, own: str, private: bool = False) -> Cells:
    """The cells of ``element`` converted as ``conv``; ``own`` is the conversion of the
    element's own VR (they differ when a file writes another VR than the dictionary's);
    ``private``: whether a sequence's items keep their private elements.
    Raises ``ValueError`` (or the codec's errors) for a value that does not convert."""
    how = conv.how
    if how == own and how in _PLAIN:  # the common case, kept short: values as they are
        plain: Sequence[Any] = element.vr.values
        if not plain:
            return Cells(None, _PLAIN[how][conv.multiple])
        if conv.multiple or len(plain) > 1:
            return Cells(list(plain), _PLAIN[how][True])
        return Cells(plain[0], _PLAIN[how][False])
    if how == "sq":
        if own != "sq":
            raise ValueError(f"a {element.vr.code} value where a sequence belongs")
        return Cells(_sequence_text(element, private), _TYPES["string", False])
    if how == "binary":
        if own != "binary":
            raise ValueError(f"a {element.vr.code} value where bytes belong")
        data: Sequence[Any] = element.vr.values
        view = memoryview(data[0]) if data else None
        cell = bytes(view) if view is not None and view.nbytes <= BULK_LIMIT else None
        return Cells(cell, _TYPES["binary", False])
    values = _values_of(element, how, own)
    text: str | None = None
    groups: str | None = None
    if how == "pn":
        names: Sequence[PersonName] = values
        typed: list[Any] = [name.alphabetic for name in names]
        if any("=" in name.text for name in names):
            groups = "\\".join(name.text for name in names)
    elif how == "at":
        typed = [f"{int(t):08X}" if not isinstance(t, str) else t for t in values]
    else:
        typed, lossy = _typed(how, values)
        if lossy:
            text = "\\".join(str(v) for v in values)
    is_list = conv.multiple or len(typed) > 1
    column = _TYPES[BASE[how], is_list]
    if not typed:
        return Cells(None, column, text, groups)
    return Cells(typed if is_list else typed[0], column, text, groups)


def to_text(value: object) -> str:
    """A cell's value as text, for a column that became ``string`` because files disagree
    (dates and times in ISO 8601, bytes as hex, numbers as Python writes them)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (datetime.date, datetime.time)):  # datetime is a date
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    return repr(value) if isinstance(value, float) else str(value)

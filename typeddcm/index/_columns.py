"""Columns of the index: their names, the kind of value each holds, and the one rule that
types a column when files disagree.

Names.  A standard attribute's column is its keyword (``PatientName``); an attribute of a
repeating group has the tag after it (``OverlayData_60023000``), as one keyword stands for
many tags.  A private element read with ``private=True`` is named by its tag with the
block byte as ``xx`` and its creator, ``(0019,xx0A) ACME_ACQU_01``, so the same element
lands in one column whichever block a file reserved for it; an element of an unknown tag,
or a private one without a creator, is ``(gggg,eeee)``.  Group lengths (gggg,0000) and
private creator elements (named in their elements' columns) have no column.  Next to a
column, ``Name__text`` holds the value's text where the typed value could not hold it all
(an incomplete date, a DS that is not a number, a date-time with a UTC offset) and
``Name__groups`` a person name's full text where it has ideographic or phonetic groups.
The fixed columns are lower case (no keyword is), so nothing collides with them.

Types.  A column's type is a *base* (``int``, ``uint``, ``float``, ``date``, ``time``,
``timestamp``, ``string``, ``binary``) and whether it is a list.  The base follows the
dictionary's VR for the tag (so a file that writes the wrong VR still lands in the
dictionary's type); the file's VR is used for private and unknown tags (the reader has
already given an implicit VR private element its private dictionary VR) and where the
dictionary allows VRs of different kinds ("US or OW").  A column is a list when the
dictionary's VM allows more than one value or any file has more than one.  Files that
disagree are settled by :func:`unify`, a join on a lattice: equal types stay, ``int`` and
``float`` make ``float``, any other pair makes ``string`` (each value as text, see
``_coerce``), and a list on either side makes a list.  A join does not depend on the
order in which types meet, so the schema is the same however files are split into
batches, chunks or Dask tasks, and whichever finishes first.
"""

from __future__ import annotations

import functools
from typing import Final, NamedTuple

from typeddcm.dictionary import lookup

__all__ = ["ColumnType", "Conversion", "column_name", "conversion", "own_conversion", "sort_key",
           "unify"]


class ColumnType(NamedTuple):
    """The Arrow-independent type of a column: its base and whether it holds lists."""

    base: str
    is_list: bool


#: How a value of each VR is converted (the base follows from it, see ``BASE``).
_HOW: Final[dict[str, str]] = {
    "US": "int", "SS": "int", "UL": "int", "SL": "int", "SV": "int", "UV": "uint",
    "FL": "float", "FD": "float", "DS": "ds", "IS": "is",
    "DA": "date", "TM": "time", "DT": "datetime", "PN": "pn", "AT": "at", "SQ": "sq",
    **dict.fromkeys(("AE", "AS", "CS", "LO", "LT", "SH", "ST", "UC", "UI", "UR", "UT"), "text"),
    **dict.fromkeys(("OB", "OD", "OF", "OL", "OV", "OW", "UN"), "binary"),
}

#: The column base of each conversion.
BASE: Final[dict[str, str]] = {
    "int": "int", "uint": "uint", "float": "float", "ds": "float", "is": "int",
    "date": "date", "time": "time", "datetime": "timestamp", "pn": "string", "at": "string",
    "sq": "string", "text": "string", "binary": "binary",
}


class Conversion(NamedTuple):
    """How one element's values become a cell: the conversion, and whether the column
    is a list whatever the count of values (the dictionary's VM allows several)."""

    how: str
    multiple: bool


@functools.lru_cache(maxsize=8192)
def conversion(tag: int, code: str, creator: str | None) -> Conversion:
    """The conversion of an element of ``tag`` read with VR ``code`` (``creator``: of its
    private block; private elements are converted by their own VR)."""
    vr, vm = "", ""
    # Private elements follow the file's VR: an explicit VR is the vendor's own word, and
    # an implicit one has already been taken from the private dictionary by the reader.
    if not tag >> 16 & 1:
        standard = lookup(tag)
        if standard is not None:
            vr, vm = standard.vr, standard.vm
    hows = {_HOW.get(part.strip(), "") for part in vr.split(" or ")} if vr else set()
    # One kind for every VR the dictionary allows ("US or SS" are both integers):
    # the dictionary decides; else the file's VR does.
    how = hows.pop() if len(hows) == 1 and "" not in hows else _HOW.get(code, "binary")
    return Conversion(how, vm not in ("", "1"))


def own_conversion(code: str) -> str:
    """The conversion of a value by its own VR ``code`` alone."""
    return _HOW.get(code, "binary")


def unify(a: ColumnType, b: ColumnType) -> ColumnType:
    """The type of a column whose values have types ``a`` and ``b`` (commutative and
    associative: see the module docstring)."""
    if a == b:
        return a
    if a.base == b.base:
        base = a.base
    elif {a.base, b.base} == {"int", "float"}:
        base = "float"
    else:
        base = "string"
    return ColumnType(base, a.is_list or b.is_list)


@functools.lru_cache(maxsize=8192)
def column_name(tag: int, creator: str | None) -> str | None:
    """The column of ``tag`` (``creator``: of its private block), or None when it has none."""
    group, element = tag >> 16, tag & 0xFFFF
    if element == 0:
        return None  # group length: a property of the encoding, not of the data
    if group & 1:
        if 0x10 <= element <= 0xFF:
            return None  # private creator: named in its elements' columns
        if creator and element >= 0x1000:
            return f"({group:04X},xx{element & 0xFF:02X}) {creator}"
        return f"({group:04X},{element:04X})"
    entry = lookup(tag)
    if entry is None or not entry.keyword:
        return f"({group:04X},{element:04X})"
    if entry.mask is not None:
        return f"{entry.keyword}_{tag:08X}"
    return entry.keyword


def sort_key(tag: int) -> int:
    """Where a column goes: tag order, private elements by creator-independent position."""
    if tag >> 16 & 1 and tag & 0xFFFF >= 0x1000:
        return tag & 0xFFFF00FF | 0x1000
    return tag

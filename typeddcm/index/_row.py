"""One file's header as one row: the fixed columns and a cell per element.

The file is read with ``stop_before_pixels`` and without memory mapping, so a large
file's header is found and only its bytes are read (``typeddcm.io``'s header probe):
Pixel Data is never read.  Nothing here raises for a bad file: a file that vanished
(``missing``), cannot be opened (``unreadable``: permissions, a directory, an I/O
error), is not DICOM (``not-dicom``) or cannot be decoded (``error``) is a row with
that status and the reason in ``error``; an element whose value does not convert is
left out of the row with a warning, and the row stays ``ok``.
"""

from __future__ import annotations

import functools
import os
import warnings
from typing import Final

import attrs

from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.errors import InvalidDicomError
from typeddcm.io import file_status, read

from ._columns import ColumnType, Conversion, column_name, conversion, own_conversion, sort_key
from ._values import TEXT_TYPE, element_cells

__all__ = ["STATUSES", "Row", "scan_file"]

#: The values of the ``status`` column.
STATUSES: Final = ("ok", "missing", "unreadable", "not-dicom", "error")

_SOP_CLASS: Final = 0x00080016
_MEDIA_SOP_CLASS: Final = 0x00020002


@attrs.frozen
class Row:
    """One file's row: the fixed columns, then ``cells`` (column -> value) with each
    cell's column type (``types``) and tag (``tags``, for the column order)."""

    path: str
    size: int | None = None
    mtime_ns: int | None = None
    status: str = "ok"
    error: str | None = None
    transfer_syntax: str | None = None
    sop_class: str | None = None
    warnings: tuple[str, ...] = ()
    cells: dict[str, object] = attrs.field(factory=dict)
    types: dict[str, ColumnType] = attrs.field(factory=dict)
    tags: dict[str, int] = attrs.field(factory=dict)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {' '.join(str(exc).split()) or repr(exc)}"


def _failure(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "missing"
    if isinstance(exc, OSError):
        return "unreadable"
    if isinstance(exc, InvalidDicomError):
        return "not-dicom"
    return "error"


def scan_file(path: str | os.PathLike[str], *, private: bool = False) -> Row:
    """The row of the file at ``path`` (made absolute); ``private`` adds private elements."""
    name = os.path.abspath(os.fspath(path))
    try:
        status = file_status(name)
    except OSError as exc:  # vanished since it was listed, or a folder we may not enter
        return Row(name, status=_failure(exc), error=_describe(exc))
    size, mtime = status.st_size, status.st_mtime_ns
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the read's warnings are kept as its records
        try:
            # check=False: the read-time walk through sequences is left out, as every
            # sequence is read for its JSON anyway (its warnings are recorded then).
            f = read(name, stop_before_pixels=True, memory_map=False, check=False)
        except Exception as exc:  # every reading problem is a row, never an abort
            return Row(name, size, mtime, status=_failure(exc), error=_describe(exc))
        cells: dict[str, object] = {}
        types: dict[str, ColumnType] = {}
        tags: dict[str, int] = {}
        problems: list[str] = []
        try:
            for ds in (f.meta, f.dataset):
                _add_cells(ds, private, cells, types, tags, problems)
            sop = _text_of(f.dataset, _SOP_CLASS) or _text_of(f.meta, _MEDIA_SOP_CLASS)
            notes = [w.detail for w in f.warnings] + problems
        except Exception as exc:  # each value is guarded; this is the last line of defence
            return Row(name, size, mtime, status="error", error=_describe(exc))
    return Row(name, size, mtime, transfer_syntax=f.transfer_syntax.uid, sop_class=sop,
               warnings=tuple(dict.fromkeys(notes)), cells=cells, types=types, tags=tags)


def _text_of(ds: Dataset, tag: int) -> str | None:
    element = ds.get(tag)
    if element is None:
        return None
    try:
        values = element.vr.values
    except Exception:  # a broken value is reported with its column, not here
        return None
    return str(values[0]) if values else None


@functools.lru_cache(maxsize=16384)
def _plan(tag: int, code: str, creator: str | None) -> tuple[str, Conversion, str, int] | None:
    """Column name, conversion, own conversion and sort key of an element (None: no
    column): one cached lookup per element instead of four."""
    name = column_name(tag, creator)
    if name is None:
        return None
    return name, conversion(tag, code, creator), own_conversion(code), sort_key(tag)


def _add_cells(ds: Dataset, private: bool, cells: dict[str, object],
               types: dict[str, ColumnType], tags: dict[str, int], problems: list[str]) -> None:
    creators: dict[int, str] = {}
    for element in ds.elements():
        tag = element.tag
        creator = None
        if tag >> 16 & 1:
            if not private:
                continue
            low = tag & 0xFFFF
            if 0x10 <= low <= 0xFF:
                creators[tag >> 16 << 8 | low] = _creator(element)
                continue
            creator = creators.get(tag >> 16 << 8 | low >> 8)
        try:
            plan = _plan(tag, element.vr.code, creator)
            if plan is None:
                continue
            name, conv, own, key = plan
            got = element_cells(element, conv, own, private)
        except Exception as exc:  # one bad value is a warning, the row goes on
            label = column_name(tag, creator) or f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
            problems.append(f"{label}: value left out: {_describe(exc)}")
            continue
        cells[name] = got.value
        types[name] = got.type
        tags[name] = key
        if got.text is not None:
            cells[f"{name}__text"] = got.text
            types[f"{name}__text"] = TEXT_TYPE
            tags[f"{name}__text"] = key
        if got.groups is not None:
            cells[f"{name}__groups"] = got.groups
            types[f"{name}__groups"] = TEXT_TYPE
            tags[f"{name}__groups"] = key


def _creator(element: Element) -> str:
    try:
        values = element.vr.values
    except Exception:
        return ""
    return str(values[0]).strip() if values else ""

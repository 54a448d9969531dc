"""Rows and column types as Arrow: the fixed columns, the Arrow type of each column type,
tables from rows, the schema every part agrees on, and a table conformed to it.

Every change of a value's type (a scalar into a list, an integer into a float, anything
into text) goes through :func:`coerce` on Python values, both when the rows of one batch
are made into a table and when a part is conformed to the final schema, so a value comes
out the same whichever batch it was in: the local scan and the Dask scan agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from ._columns import ColumnType, unify
from ._extras import require
from ._row import Row
from ._values import to_text

__all__ = ["FIXED", "coerce", "conform", "rows_table", "unified_schema"]

pa: Any = require("pyarrow")

#: The fixed columns, first in every index, in this order.
FIXED: Final[tuple[tuple[str, Any], ...]] = (
    ("path", pa.string()), ("size", pa.int64()), ("mtime", pa.timestamp("ns", tz="UTC")),
    ("transfer_syntax", pa.string()), ("sop_class", pa.string()), ("status", pa.string()),
    ("error", pa.string()), ("warnings", pa.list_(pa.string())),
)
_FIXED_NAMES: Final = frozenset(name for name, _ in FIXED)

_BASES: Final[dict[str, Any]] = {
    "int": pa.int64(), "uint": pa.uint64(), "float": pa.float64(), "date": pa.date32(),
    "time": pa.time64("us"), "timestamp": pa.timestamp("us"), "string": pa.string(),
    "binary": pa.binary(),
}


def arrow_type(column: ColumnType) -> Any:
    """The Arrow type of a column type."""
    base = _BASES[column.base]
    return pa.list_(base) if column.is_list else base


def column_type(arrow: Any) -> ColumnType:
    """The column type of an Arrow type written by :func:`arrow_type` (read back from a
    part or a previous index; a list's item field may have been renamed on the way)."""
    is_list = pa.types.is_list(arrow)
    item = arrow.value_type if is_list else arrow
    for base, candidate in _BASES.items():
        if item == candidate:
            return ColumnType(base, is_list)
    return ColumnType("string", is_list)  # not ours: read as text (coerce makes it so)


def coerce(value: object, source: ColumnType, target: ColumnType) -> object:
    """``value`` of type ``source`` as a value of the wider type ``target``."""
    if value is None or source == target:
        return value
    items: list[Any] = list(value) if source.is_list else [value]  # type: ignore[call-overload]
    if target.base != source.base:
        if target.base == "float":
            items = [None if item is None else float(item) for item in items]
        else:
            items = [None if item is None else to_text(item) for item in items]
    return items if target.is_list else items[0]


def _field(name: str, column: ColumnType, tag: int) -> Any:
    return pa.field(name, arrow_type(column), metadata={b"tag": f"{tag:08X}".encode()})


def _fixed_arrays(rows: Sequence[Row]) -> list[Any]:
    mtimes = pa.array([r.mtime_ns for r in rows], pa.int64()).cast(FIXED[2][1])
    return [pa.array([r.path for r in rows], pa.string()),
            pa.array([r.size for r in rows], pa.int64()), mtimes,
            pa.array([r.transfer_syntax for r in rows], pa.string()),
            pa.array([r.sop_class for r in rows], pa.string()),
            pa.array([r.status for r in rows], pa.string()),
            pa.array([r.error for r in rows], pa.string()),
            pa.array([list(r.warnings) for r in rows], FIXED[7][1])]


def rows_table(rows: Sequence[Row]) -> Any:
    """The rows as one Arrow table: the fixed columns, then a column per cell name in tag
    order, each typed by :func:`unify` over the rows that have it."""
    types: dict[str, ColumnType] = {}
    mixed: set[str] = set()
    tags: dict[str, int] = {}
    for row in rows:
        for name, column in row.types.items():
            known = types.get(name)
            if known is None:
                types[name] = column
            elif known is not column and known != column:  # the types are shared objects
                mixed.add(name)
                types[name] = unify(known, column)
        tags.update(row.tags)
    fields = [pa.field(name, kind) for name, kind in FIXED]
    arrays = _fixed_arrays(rows)
    for name in sorted(types, key=lambda n: (tags[n], n)):
        target = types[name]
        values = [row.cells.get(name) for row in rows]
        if name in mixed:
            values = [coerce(value, row.types.get(name, target), target)
                      for value, row in zip(values, rows, strict=True)]
        fields.append(_field(name, target, tags[name]))
        arrays.append(pa.array(values, arrow_type(target)))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def unified_schema(schemas: Iterable[Any]) -> Any:
    """The schema of an index made of parts with these schemas: the fixed columns, then
    every other column in tag order with its type unified over the parts."""
    types: dict[str, ColumnType] = {}
    tags: dict[str, int] = {}
    for schema in schemas:
        for field in schema:
            if field.name in _FIXED_NAMES:
                continue
            column = column_type(field.type)
            known = types.get(field.name)
            types[field.name] = column if known is None else unify(known, column)
            tag = (field.metadata or {}).get(b"tag")
            tags.setdefault(field.name, int(tag, 16) if tag else 0xFFFFFFFF)
    fields = [pa.field(name, kind) for name, kind in FIXED]
    fields += [_field(name, types[name], tags[name])
               for name in sorted(types, key=lambda n: (tags[n], n))]
    return pa.schema(fields)


def conform(table: Any, schema: Any) -> Any:
    """``table`` with ``schema``'s columns and types (missing columns null, narrower
    types widened by :func:`coerce`)."""
    arrays = []
    for field in schema:
        index = table.schema.get_field_index(field.name)
        if index < 0:
            arrays.append(pa.nulls(table.num_rows, field.type))
            continue
        column = table.column(index)
        if column.type == field.type:
            arrays.append(column)
            continue
        source, target = column_type(column.type), column_type(field.type)
        if source == target:  # the same type but for a list item's field name
            arrays.append(column.cast(field.type))
            continue
        values = [coerce(value, source, target) for value in column.to_pylist()]
        arrays.append(pa.array(values, field.type))
    return pa.Table.from_arrays(arrays, schema=schema)

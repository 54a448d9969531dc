"""The previous index at the output path, for an incremental run.

Only its ``path``, ``size``, ``mtime`` and ``status`` columns are read to decide: a file
listed now whose path, size and modification time (to the nanosecond) match a row with
status ``ok`` keeps that row; every other file is scanned (new, changed, or failed last
time: a permission fixed since does not change the modification time).  Rows of files
not listed now are dropped.  The kept rows are then streamed from the previous index a
row group at a time.  An output that is not a readable index is replaced by a full scan.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import attrs

from typeddcm.io import file_status, open_file

from ._extras import require

__all__ = ["Previous", "read_previous"]

_KEY_COLUMNS = ["path", "size", "mtime", "status"]


@attrs.frozen
class Previous:
    """The previous index: its path, schema, each ok row's (size, mtime in ns), and the
    paths of all its rows."""

    output: str
    schema: Any
    rows: dict[str, tuple[int, int]]
    paths: frozenset[str]

    def unchanged(self, path: str) -> bool:
        """Whether the file at ``path`` is as the previous index saw it (one stat)."""
        known = self.rows.get(path)
        if known is None:
            return False
        try:
            status = file_status(path)
        except OSError:
            return False  # scanned again: its row says why
        return (status.st_size, status.st_mtime_ns) == known

    def kept_tables(self, kept: frozenset[str]) -> Iterator[Any]:
        """The previous rows of the paths in ``kept``, one row group at a time."""
        pa, pq = require("pyarrow"), require("pyarrow.parquet")
        pc = require("pyarrow.compute")
        with open_file(self.output) as handle:
            reader = pq.ParquetFile(handle)
            wanted = pa.array(sorted(kept), pa.string())
            for group in range(reader.num_row_groups):
                table = reader.read_row_group(group)
                mask = pc.is_in(table.column("path"), value_set=wanted)
                chosen = table.filter(mask)
                if chosen.num_rows:
                    yield chosen


def read_previous(output: str | os.PathLike[str]) -> Previous | None:
    """The index at ``output``, or None when there is none (or it is not one of ours)."""
    pa, pq = require("pyarrow"), require("pyarrow.parquet")
    name = os.fspath(output)
    if not os.path.isfile(name):
        return None
    try:
        with open_file(name) as handle:
            reader = pq.ParquetFile(handle)
            schema = reader.schema_arrow
            table = reader.read(columns=_KEY_COLUMNS)
    except (OSError, ValueError, pa.ArrowException):  # not Parquet, or not an index
        return None
    mtimes = table.column("mtime").cast(pa.int64()).to_pylist()
    rows = {path: (size, mtime) for path, size, mtime, status in zip(
        table.column("path").to_pylist(), table.column("size").to_pylist(), mtimes,
        table.column("status").to_pylist(), strict=True)
        if status == "ok" and size is not None and mtime is not None}
    return Previous(name, schema, rows, frozenset(table.column("path").to_pylist()))

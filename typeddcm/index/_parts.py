"""Parts: a batch of files scanned into one Parquet part (in a pool's process or on a Dask
worker), and the parts merged into the index in row groups.

A part is written by whoever scanned the batch, so what travels back to the caller is a
:class:`PartInfo` (a few numbers), never the rows.  Its name says its format: a Dask
worker writes a Parquet part (``.parquet``, a file any tool reads, on shared storage); the
local pool writes an Arrow IPC part (``.arrow``), which the merge reads ten times faster
because nothing is decoded (on 10,000 CT headers the merge took 0.6 s with Parquet parts,
a serial step that kept 2 workers near 1.8x one).  Merging reads one part at a time,
conforms it to the schema every part agrees on (``_arrow.unified_schema``) and writes it
in row groups of about :data:`ROW_GROUP` rows: memory is bounded by a part and a row
group, whatever the number of files.
"""

from __future__ import annotations

import gc
import os
import resource
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import attrs

from typeddcm.io import atomic_output, open_file

from ._extras import require
from ._row import scan_file

__all__ = ["ROW_GROUP", "PartInfo", "merge_parts", "part_schema", "scan_part"]

#: Rows per row group of the index (a few MB for a few hundred columns).
ROW_GROUP: Final = 4096


@attrs.frozen
class PartInfo:
    """What scanning one batch gave: its part file, its rows' statuses, and the peak
    resident memory of the process that scanned it (kB, ``ru_maxrss``)."""

    part: str
    rows: int
    statuses: dict[str, int]
    peak_rss_kb: int


def scan_part(paths: Sequence[str], part: str, private: bool) -> PartInfo:
    """Scan ``paths`` and write their rows to the Parquet file ``part`` (a pool's or a
    Dask worker's task: a module-level function, so it pickles by name)."""
    from ._arrow import rows_table

    # A batch makes many small objects and no cycles: the collector's passes over them
    # cost a fifth of the scan, so it waits until the batch is written.
    collecting = gc.isenabled()
    gc.disable()
    try:
        rows = [scan_file(path, private=private) for path in paths]
        table = rows_table(rows)
        del rows
    finally:
        if collecting:
            gc.enable()
    _write(table, part)
    statuses = Counter(table.column("status").to_pylist())
    return PartInfo(part, table.num_rows, dict(statuses),
                    resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _arrow(part: str) -> bool:
    return part.endswith(".arrow")


def _write(table: Any, part: str) -> None:
    with open_file(part, "wb") as out:
        if _arrow(part):
            ipc = require("pyarrow.ipc")
            with ipc.new_file(out, table.schema) as writer:
                writer.write_table(table)
        else:
            # Read once by the merge: no compression, no dictionaries, so it decodes fast.
            require("pyarrow.parquet").write_table(table, out, compression="none",
                                                   use_dictionary=False)


def part_schema(part: str) -> Any:
    """The Arrow schema of a part (its footer only)."""
    with open_file(part) as handle:
        if _arrow(part):
            return require("pyarrow.ipc").open_file(handle).schema
        return require("pyarrow.parquet").read_schema(handle)


def _read(part: str) -> Any:
    with open_file(part) as handle:
        if _arrow(part):
            return require("pyarrow.ipc").open_file(handle).read_all()
        return require("pyarrow.parquet").read_table(handle)


def merge_parts(tables: Iterable[Any], schema: Any, output: str | os.PathLike[str]) -> int:
    """Write ``tables`` (each already conformed to ``schema``: ``_build`` conforms a part
    once, before it is sliced into listing order) to ``output`` as one Parquet file,
    replacing it atomically once complete; the number of rows written."""
    pa, pq = require("pyarrow"), require("pyarrow.parquet")
    written = 0
    with atomic_output(output) as out, pq.ParquetWriter(out, schema) as writer:
        pending: list[Any] = []
        count = 0
        for table in tables:
            pending.append(table)
            count += pending[-1].num_rows
            if count >= ROW_GROUP:
                writer.write_table(pa.concat_tables(pending), row_group_size=ROW_GROUP)
                written += count
                pending, count = [], 0
        if pending or not written:
            writer.write_table(pa.concat_tables(pending) if pending else schema.empty_table(),
                               row_group_size=ROW_GROUP)
            written += count
    return written


def part_tables(parts: Iterable[str]) -> Iterator[Any]:
    """Each part's table, read one at a time."""
    for part in parts:
        yield _read(part)

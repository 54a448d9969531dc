"""The header index: one row per file, a column per attribute, in one Parquet file.

::

    from typeddcm.index import build_index
    summary = build_index(["/data/dicom"], "index.parquet")   # every core
    summary = build_index(["/data/dicom"], "index.parquet")   # again: only what changed
    build_index(["/data"], "index.parquet", dask="tcp://scheduler:8786")   # on a cluster
    print(summary.line())

Then query it with DuckDB (``SELECT Modality, count(*) FROM 'index.parquet' GROUP BY
1``), pandas or polars.  Headers only: Pixel Data is never read.

Fixed columns, first and in this order: ``path`` (absolute), ``size`` (bytes),
``mtime`` (UTC, ns), ``transfer_syntax`` and ``sop_class`` (UIDs), ``status`` (``ok``,
``missing``: the file vanished after it was listed, ``unreadable``: it cannot be opened,
``not-dicom``, ``error``: it cannot be decoded), ``error`` (why, for a row that is not
ok) and ``warnings`` (what the lenient reader read past, and values left out).  Then a
column for every attribute seen: names and types in :mod:`typeddcm.index._columns`,
values in :mod:`typeddcm.index._values`.

Rows: files in the order listed (folders walked in name order), each scanned once.  An
incremental run (see :mod:`typeddcm.index._previous`) merges the kept rows and those it
scanned into the same order (:mod:`typeddcm.index._order`); its schema is the previous
index's joined with the new rows' (a column is never dropped or narrowed, even if the files
that had it are gone).

Engines: a process pool over batches of files by default; ``dask=`` runs the same batches
as Dask tasks (:mod:`typeddcm.index._dask`).  Either way each batch is written to a
part beside the output (Arrow IPC locally, Parquet on Dask), and the parts are merged into the output file (then
removed), a row group at a time: the result of both engines is the same file, rows and
schema.  Needs ``pip install 'typeddcm[index]'`` (pyarrow), and ``typeddcm[dask]`` for
Dask; without them :class:`~typeddcm.errors.MissingExtraError` names the extra.
"""

from __future__ import annotations

from typeddcm.errors import MissingExtraError

from ._build import IndexSummary, build_index, list_files
from ._columns import ColumnType, column_name, unify
from ._row import STATUSES, Row, scan_file
from ._values import BULK_LIMIT

__all__ = ["BULK_LIMIT", "STATUSES", "ColumnType", "IndexSummary", "MissingExtraError", "Row",
           "build_index", "column_name", "list_files", "scan_file", "unify"]

"""``build_index``: list the files, keep what the previous index still knows, scan the rest
in batches (local pool or Dask), and merge the parts into one Parquet file."""

from __future__ import annotations

import math
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import attrs

from typeddcm._cli_common import candidates
from typeddcm.io import temporary_folder

from ._extras import require
from ._parts import PartInfo, merge_parts, part_schema, part_tables
from ._previous import Previous, read_previous

__all__ = ["IndexSummary", "build_index", "list_files"]

#: Files per batch at most (a part's rows are held in memory while it is written) and
#: at least (a task's cost is amortised over its files).  Between them, a batch is a
#: sixteenth of a worker's share: the last batches then leave a worker idle for little
#: (at a quarter, 2 workers scanned 1.66x one; at a sixteenth, 1.80x).
_MOST, _LEAST = 512, 16


@attrs.frozen
class IndexSummary:
    """What a run did: files in the index, scanned now, kept from and dropped out of the
    previous index, statuses of the scanned files, columns, time, and the largest peak
    resident memory of a process that scanned (kB)."""

    output: str
    rows: int
    scanned: int
    kept: int
    dropped: int
    statuses: dict[str, int]
    columns: int
    seconds: float
    peak_rss_kb: int
    #: Of ``seconds``: scanning the batches, and merging the parts into the output.
    scan_seconds: float = 0.0
    merge_seconds: float = 0.0

    @property
    def failed(self) -> int:
        """Scanned files that should have been read and were not: rows neither ``ok`` nor
        ``not-dicom`` (a folder holds other files too; they are rows, not failures)."""
        return sum(n for status, n in self.statuses.items() if status not in ("ok", "not-dicom"))

    def line(self) -> str:
        """One line for people: counts, statuses, speed, output."""
        bad = ", ".join(f"{n} {status}" for status, n in sorted(self.statuses.items())
                        if status != "ok")
        rate = self.scanned / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.rows} file{'' if self.rows == 1 else 's'} in the index: "
                f"{self.scanned} scanned ({bad or 'all ok'}), {self.kept} kept, "
                f"{self.dropped} dropped; {self.columns} columns; {self.seconds:.1f} s "
                f"({rate:.0f} files/s) -> {self.output}")


def list_files(paths: Iterable[str | os.PathLike[str]]) -> list[str]:
    """Every file named or under a folder named, as absolute paths, each once, in order."""
    found = candidates([Path(p) for p in paths])
    return list(dict.fromkeys(os.path.abspath(path) for path, _named in found))


def _batches(files: Sequence[str], workers: int) -> list[list[str]]:
    if not files:
        return []
    size = min(_MOST, max(_LEAST, math.ceil(len(files) / (workers * 16))))
    return [list(files[i:i + size]) for i in range(0, len(files), size)]


def build_index(paths: Iterable[str | os.PathLike[str]], output: str | os.PathLike[str], *,
                private: bool = False, workers: int | None = None, dask: object = None,
                incremental: bool = True,
                progress: Callable[[int, int], None] | None = None) -> IndexSummary:
    """Index the headers of every file under ``paths`` into the Parquet file ``output``.

    ``private`` adds private elements; ``workers`` processes scan (default: every core);
    ``dask`` runs the scan on a Dask cluster instead (a ``distributed.Client``, a
    scheduler address, or ``"local"``; see ``typeddcm.index._dask``).  With
    ``incremental`` (the default) an index already at ``output`` keeps the rows of files
    whose path, size and modification time are unchanged, and only the others are read.
    ``progress(done, total)`` is called as batches finish.  Raises
    :class:`~typeddcm.errors.MissingExtraError` without pyarrow (or distributed, for
    ``dask``); a bad file is a row, never an exception.
    """
    require("pyarrow.parquet")
    if dask is not None:
        require("distributed")
    started = time.perf_counter()
    target = os.path.abspath(os.fspath(output))
    files = [f for f in list_files(paths) if f != target]
    previous = read_previous(target) if incremental else None
    kept = frozenset(f for f in files if previous is not None and previous.unchanged(f))
    to_scan = [f for f in files if f not in kept]
    count = workers if workers is not None else (os.cpu_count() or 1)
    finished = 0

    def done(info: PartInfo) -> None:
        nonlocal finished
        finished += info.rows
        if progress is not None:
            progress(finished, len(to_scan))

    scan_started = time.perf_counter()
    with temporary_folder(beside=target) as folder:
        def parts_of(number: int, suffix: str = ".parquet") -> list[str]:
            return [os.path.join(folder, f"part-{i:06d}{suffix}") for i in range(number)]

        if not to_scan:
            infos: list[PartInfo] = []
        elif dask is None:
            batches = _batches(to_scan, count)
            from ._local import run_local

            infos = run_local(batches, parts_of(len(batches), ".arrow"), private, count, done)
        else:
            from ._dask import run_dask

            infos = run_dask(dask, lambda threads: _batches(to_scan, threads), parts_of,
                             private, workers, done)
        merge_started = time.perf_counter()
        rows, columns = _merge(infos, previous, kept, target, files)
        merged = time.perf_counter()
    statuses: Counter[str] = Counter()
    for info in infos:
        statuses.update(info.statuses)
    dropped = len(previous.paths.difference(files)) if previous is not None else 0
    return IndexSummary(target, rows, len(to_scan), len(kept), dropped, dict(statuses),
                        columns, time.perf_counter() - started,
                        max((info.peak_rss_kb for info in infos), default=0),
                        merge_started - scan_started, merged - merge_started)


def _merge(infos: Sequence[PartInfo], previous: Previous | None, kept: frozenset[str],
           target: str, files: Sequence[str]) -> tuple[int, int]:
    from ._arrow import conform, unified_schema
    from ._order import listing_order

    parts = [info.part for info in infos]
    schemas = [part_schema(part) for part in parts]
    if previous is not None and kept:
        schemas.append(previous.schema)
    schema = unified_schema(schemas)
    old = previous.kept_tables(kept) if previous is not None and kept else iter(())
    position = {path: number for number, path in enumerate(files)}
    tables = listing_order((conform(t, schema) for t in old),
                           (conform(t, schema) for t in part_tables(parts)), position)
    return merge_parts(tables, schema, target), len(schema)

"""The Dask engine: each batch is a task on a ``distributed`` cluster, scanned by a
worker into its part (the same :func:`~._parts.scan_part` the local pool runs).

``dask`` names the cluster: a ``distributed.Client`` already connected, a scheduler
address (``tcp://host:8786``; Kubernetes, dask-jobqueue and friends give you one), or
``"local"`` for a ``distributed.LocalCluster`` of ``workers`` processes started here and
stopped at the end.  The workers must see the files at the same paths, and the folder of
the output (where the parts are written) on shared storage.  Dask schedules; we only
submit the batches and collect what they report.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._extras import require
from ._parts import PartInfo, scan_part

__all__ = ["DaskTarget", "run_dask"]

#: A connected client, a scheduler address, or "local".
DaskTarget = Any


@contextlib.contextmanager
def _client(dask: DaskTarget, workers: int | None) -> Iterator[Any]:
    distributed = require("distributed")
    if isinstance(dask, distributed.Client):
        yield dask
        return
    if dask == "local":
        # ":0": the dashboard on a free port (8787 may be another cluster's).
        with distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                      processes=True, dashboard_address=":0") as cluster, \
                distributed.Client(cluster) as client:
            yield client
        return
    with distributed.Client(dask) as client:
        yield client


def cluster_workers(client: Any) -> int:
    """The number of threads the cluster has to run tasks."""
    threads: dict[str, int] = client.nthreads()
    return max(1, sum(threads.values()))


def run_dask(dask: DaskTarget, batches_of: Callable[[int], Sequence[Sequence[str]]],
             parts_of: Callable[[int], Sequence[str]], private: bool, workers: int | None,
             done: Callable[[PartInfo], None]) -> list[PartInfo]:
    """Scan the batches on the cluster; ``batches_of(threads)`` makes the batches once the
    cluster's size is known, ``parts_of(count)`` their part files.  Infos in batch order."""
    distributed = require("distributed")
    with _client(dask, workers) as client:
        batches = batches_of(cluster_workers(client))
        parts = parts_of(len(batches))
        futures = client.map(scan_part, batches, parts, private=private, pure=False)
        order = {future.key: number for number, future in enumerate(futures)}
        found: dict[int, PartInfo] = {}
        for future in distributed.as_completed(futures):
            info = future.result()
            found[order[future.key]] = info
            done(info)
        return [found[number] for number in range(len(batches))]

"""The local engine: batches scanned by a process pool (every core by default), as
``typeddcm.validation`` validates many files; one worker scans in this process."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from ._parts import PartInfo, scan_part

__all__ = ["run_local"]


def run_local(batches: Sequence[Sequence[str]], parts: Sequence[str], private: bool,
              workers: int, done: Callable[[PartInfo], None]) -> list[PartInfo]:
    """Scan each batch into its part (``parts[i]`` for ``batches[i]``); ``done`` is called
    as each finishes (in any order); the infos come back in batch order."""
    if workers <= 1 or len(batches) <= 1:
        infos = []
        for batch, part in zip(batches, parts, strict=True):
            infos.append(scan_part(batch, part, private))
            done(infos[-1])
        return infos
    found: dict[int, PartInfo] = {}
    # forkserver, not fork: the workers start clean, so they neither inherit this
    # process's memory (a caller's data, counted in their RSS) nor pyarrow's threads,
    # which a fork can leave holding locks.
    context = multiprocessing.get_context("forkserver")
    # Imported once by the server that forks the workers, not once per worker.
    context.set_forkserver_preload(["typeddcm.index._parts", "typeddcm.index._arrow"])
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context) as pool:
        futures = {pool.submit(scan_part, batch, part, private): number
                   for number, (batch, part) in enumerate(zip(batches, parts, strict=True))}
        for future in as_completed(futures):
            info = future.result()  # scan_part makes a row of every bad file; this is a bug
            found[futures[future]] = info
            done(info)
    return [found[number] for number in range(len(batches))]

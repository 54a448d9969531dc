"""Benchmark: the header index (``typeddcm.index.build_index``) against a pydicom baseline
doing the same per file, in the same run.

Run by hand (not a test): ``python bench/bench_index.py [--count N]`` (default 10,000).
It writes N CT-like files without pixels (the synthetic CT of ``tests/ct_header.py``, each
with its own UIDs, numbers and positions; two files in three keep its four private
groups, about 257 elements, the third has none, about 130) into a temporary folder,
then in one run:

* ours, 1 worker (scans in this process) and 2 workers (a process pool), private
  elements included, each a full scan into a fresh Parquet file;
* pydicom, 2 workers (a forkserver ``multiprocessing.Pool``, as ours, over batches of
  the same size): per file
  ``dcmread(stop_before_pixels=True)`` and ``to_json_dict()``, each attribute's JSON as
  a string column named by its tag; per batch ``pyarrow.Table.from_pylist`` written to
  Parquet (one file per batch: pydicom has no merge step; ours merges into one file, and
  that time is counted).

Reported: files per second, the ratios (ours 2 workers / pydicom 2 workers, ours 2 / ours
1) and the peak resident memory of each worker process (``ru_maxrss``; for 1 worker that
is this process, which also generated the files).  Targets (issue 12): >= 3x pydicom,
>= 1.8x from 1 to 2 workers, <= 200 MB per worker on 10,000 files.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyarrow as pa
import pyarrow.parquet as pq
import pydicom

import typeddcm.io as tio
from tests.ct_header import ct_dataset
from typeddcm import DicomFile
from typeddcm.index import build_index

_BATCH = 512


def generate(folder: Path, count: int) -> list[str]:
    """``count`` CT-like headers under ``folder`` (100 files per subfolder)."""
    base = ct_dataset(pixels=False)
    plain = base.remove_private_tags()
    paths = []
    for n in range(count):
        ds = (plain if n % 3 == 2 else base).update(
            SOPInstanceUID=f"2.25.{1000000 + n}", InstanceNumber=str(n + 1),
            SliceLocation=f"{-412.5 + n * 0.5:.1f}",
            ImagePositionPatient=["-189.5", "-345.5", f"{-412.5 + n * 0.5:.1f}"],
            SeriesInstanceUID=f"2.25.{9000000 + n // 100}")
        sub = folder / f"s{n // 100:04d}"
        if n % 100 == 0:
            tio.make_folders(sub)
        path = sub / f"{n:06d}.dcm"
        tio.write(DicomFile.new(ds), path)
        paths.append(str(path))
    return paths


def _pydicom_batch(job: tuple[list[str], str]) -> int:
    paths, part = job
    rows: list[dict[str, Any]] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in paths:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            model = ds.to_json_dict()
            row: dict[str, Any] = {"path": path}
            row.update((tag, json.dumps(attribute)) for tag, attribute in model.items())
            rows.append(row)
    pq.write_table(pa.Table.from_pylist(rows), part)
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pydicom_scan(paths: list[str], folder: str, workers: int) -> tuple[float, int]:
    """Seconds and the largest worker peak RSS (kB) of the baseline over ``paths``."""
    jobs = [(paths[i:i + _BATCH], os.path.join(folder, f"p{i:07d}.parquet"))
            for i in range(0, len(paths), _BATCH)]
    started = time.perf_counter()
    with multiprocessing.get_context("forkserver").Pool(workers) as pool:
        peaks = pool.map(_pydicom_batch, jobs, chunksize=1)
    return time.perf_counter() - started, max(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="files to generate")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        paths = generate(root / "files", args.count)
        print(f"generated {len(paths)} files in {time.perf_counter() - started:.1f} s")
        results: dict[str, tuple[float, int]] = {}
        for workers in (1, 2):
            summary = build_index([root / "files"], root / f"ours{workers}.parquet",
                                  private=True, workers=workers, incremental=False)
            assert summary.rows == len(paths) and not summary.failed, summary.line()
            results[f"typeddcm, {workers} worker{'s' if workers > 1 else ''}"] = (
                summary.seconds, summary.peak_rss_kb)
            print(f"  {summary.line()}")
            print(f"    of which scanning {summary.scan_seconds:.1f} s, merging "
                  f"{summary.merge_seconds:.1f} s")
        parts = root / "pydicom"
        tio.make_folders(parts)
        results["pydicom, 2 workers"] = pydicom_scan(sorted(paths), str(parts), 2)
        print(f"{'':<22} {'files/s':>9} {'peak RSS/worker':>16}")
        for label, (seconds, peak) in results.items():
            print(f"{label:<22} {len(paths) / seconds:9.0f} {peak / 1024:13.0f} MB")
        ours1 = results["typeddcm, 1 worker"][0]
        ours2 = results["typeddcm, 2 workers"][0]
        theirs = results["pydicom, 2 workers"][0]
        print(f"ours (2 workers) vs pydicom (2 workers): {theirs / ours2:.2f}x  (target >= 3x)")
        print(f"ours 2 workers vs 1 worker:              {ours1 / ours2:.2f}x  (target >= 1.8x)")
        print(f"cores here: {os.cpu_count()}")


if __name__ == "__main__":
    main()

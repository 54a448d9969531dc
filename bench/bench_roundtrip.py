"""Benchmark: the round trip from values against a plain read plus value access.

Run by hand (not a test): ``python bench/bench_roundtrip.py``.  For each file (the
real-shaped files of :mod:`shapes`, the shipped samples and pydicom's wheel files
when installed), in memory: ``read`` is ``typeddcm.read`` plus decoding every
value (items included); ``check`` is the same read plus
:func:`typeddcm.validation.roundtrip.reencode_differences`.  Best of several runs;
the report gives check / read per shaped file and the median over each group
(issue 11 asks for at most 3x).
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typeddcm
from typeddcm import Dataset
from typeddcm.samples import sample_paths
from typeddcm.validation.roundtrip import reencode_differences
from typeddcm.vr import SQ

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shapes import shaped_files


def _touch(ds: Dataset) -> None:
    for elem in ds.elements():
        vr = elem.vr
        if isinstance(vr, SQ):
            for item in vr.values:
                _touch(item)


def _read(data: bytes) -> None:
    f = typeddcm.read(data)
    _touch(f.meta)
    _touch(f.dataset)


def _check(data: bytes) -> None:
    reencode_differences(typeddcm.read(data))


def _best(fn: Callable[[bytes], None], data: bytes, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn(data)
        best = min(best, time.perf_counter() - start)
    return best


def _wheel() -> list[tuple[str, bytes]]:
    try:
        import pydicom.data
    except ImportError:
        return []
    root = Path(pydicom.data.__file__).parent
    found = []
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[128:132] == b"DICM":
            found.append((path.name, data))
    return found


def main() -> None:
    """Time both operations per file and print the ratios."""
    warnings.simplefilter("ignore")
    groups = {
        "shapes": shaped_files(),
        "samples": [(p.name, p.read_bytes()) for p in sample_paths()],
        "pydicom wheel": _wheel(),
    }
    print(f"{'file':<34}{'read+values ms':>16}{'check ms':>12}{'ratio':>8}")
    for group, files in groups.items():
        ratios = []
        for name, data in files:
            try:
                _read(data)
                _check(data)
            except Exception:  # an unreadable wheel file is not timed
                continue
            runs = 5 if len(data) > 1_000_000 else 20
            plain, check = _best(_read, data, runs), _best(_check, data, runs)
            ratios.append(check / plain)
            if group != "pydicom wheel":
                print(f"{name:<34}{plain * 1e3:>16.2f}{check * 1e3:>12.2f}{check / plain:>8.2f}")
        if ratios:
            print(f"{group}: {len(ratios)} files, median ratio {statistics.median(ratios):.2f}, "
                  f"max {max(ratios):.2f}")


if __name__ == "__main__":
    main()

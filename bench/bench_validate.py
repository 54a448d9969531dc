"""Benchmark: ``typeddcm.validate`` per file, with dciodvfy beside it when installed.

Run by hand (not a test): ``python bench/bench_validate.py``.  Files: the 250-element
CT header of ``tests/ct_header.py`` (issue 11 asks for at most 2 ms), the real-shaped
files of :mod:`shapes`, the shipped samples and pydicom's wheel files when installed.
``validate`` is timed on the file's bytes in memory (read, encoding, pixel and IOD
checks), best of several runs after one warm-up (the IOD tables load once per
process).  pydicom has no IOD validator, so the side-by-side figure is dicom3tools'
``dciodvfy`` (Debian package ``dicom3tools``), the validator most people know, timed
as a whole process on the same file: its time includes starting the program, ours
does not include starting Python, so the ratio is an upper bound for us.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typeddcm
from typeddcm.samples import sample_paths

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_roundtrip import _wheel
from shapes import shaped_files

from tests.ct_header import ct_header_bytes


def _best(fn: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def _dciodvfy(tool: str, data: bytes, folder: Path) -> float:
    path = folder / "file.dcm"
    path.write_bytes(data)
    return _best(lambda: subprocess.run([tool, "-new", str(path)], capture_output=True,
                                        check=False), 3)


def main() -> None:
    """Time validate per file and print milliseconds, with dciodvfy where installed."""
    warnings.simplefilter("ignore")
    groups = {
        "CT header": [("ct_header (250 elements)", ct_header_bytes()),
                      ("ct_header + 512x512 pixels", ct_header_bytes(pixels=True))],
        "shapes": shaped_files(),
        "samples": [(p.name, p.read_bytes()) for p in sample_paths()],
        "pydicom wheel": _wheel(),
    }
    tool = shutil.which("dciodvfy")
    print(f"{'file':<34}{'validate ms':>12}{'dciodvfy ms':>13}{'findings':>10}")
    with tempfile.TemporaryDirectory() as folder:
        for group, files in groups.items():
            times, ratios = [], []
            for name, data in files:
                report = typeddcm.validate(data)
                if report.unreadable is not None:
                    continue  # a file we cannot read is not timed
                runs = 3 if len(data) > 1_000_000 else 20
                ours = _best(partial(typeddcm.validate, data), runs)
                times.append(ours)
                theirs = _dciodvfy(tool, data, Path(folder)) if tool else None
                if theirs is not None:
                    ratios.append(theirs / ours)
                if group != "pydicom wheel":
                    other = f"{theirs * 1e3:>13.1f}" if theirs is not None else f"{'-':>13}"
                    print(f"{name:<34}{ours * 1e3:>12.2f}{other}{len(report.findings):>10}")
            if times:
                line = (f"{group}: {len(times)} files, median {statistics.median(times) * 1e3:.2f}"
                        f" ms, max {max(times) * 1e3:.2f} ms")
                if ratios:
                    line += f"; dciodvfy / validate median {statistics.median(ratios):.1f}x"
                print(line)


if __name__ == "__main__":
    main()

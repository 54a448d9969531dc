"""Benchmark: issue 16's Dataset/FileDataset entry points side by side with pydicom 3.

Run by hand (not a test): ``python bench/bench_dataset3.py``.  Each operation is timed
(best of several runs) for ``typeddcm.compat`` and pydicom on the same data; the ratio
is pydicom time / typeddcm time (above 1: we are faster).  Operations: a buffered
Pixel Data value set and written (1 MiB), a deep copy of a dataset holding one, a
keyword set (the path the repeater check sits on), reading ``is_little_endian`` and
``original_character_set``, ``FileDataset`` over a BytesIO, and ``dcmread`` of a
BytesIO that has no preamble (read from byte 0).
"""

from __future__ import annotations

import copy
import io
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_codec import best  # the script's own folder is on sys.path

import typeddcm.compat as tc

_PIXELS = bytes(range(256)) * 4096  # 1 MiB


def _buffered(module: Any) -> Any:
    ds = module.Dataset()
    ds.BitsAllocated = 8
    ds.PixelData = io.BytesIO(_PIXELS)
    return ds


def _write(ds: Any) -> None:
    ds.save_as(io.BytesIO(), implicit_vr=False, little_endian=True)


def _no_preamble(module: Any) -> bytes:
    ds = module.Dataset()
    ds.PatientID = "ID"
    ds.StrainDescription = "Test"
    fp = io.BytesIO()
    module.FileDataset(fp, ds).save_as(fp, implicit_vr=True)
    return fp.getvalue()


def _cases(module: Any) -> list[tuple[str, Callable[[], Any]]]:
    buffered = _buffered(module)
    read = module.dcmread(pydicom.data.get_testdata_file("CT_small.dcm"))
    plain = module.Dataset()
    raw = _no_preamble(module)

    def set_keyword() -> None:
        plain.PatientID = "X"

    def forced_read() -> Any:
        fp = io.BytesIO(raw)
        fp.seek(len(raw))  # at the end: both read again from byte 0
        return module.dcmread(fp, force=True)

    return [
        ("set a buffered PixelData", lambda: setattr(plain, "PixelData", io.BytesIO(_PIXELS))),
        ("write a buffered 1 MiB PixelData", lambda: _write(buffered)),
        ("deepcopy with a buffered value", lambda: copy.deepcopy(buffered)),
        ("ds.PatientID = 'X'", set_keyword),
        ("is_little_endian", lambda: read.is_little_endian),
        ("original_character_set", lambda: read.original_character_set),
        ("FileDataset(BytesIO, ds)", lambda: module.FileDataset(io.BytesIO(), plain)),
        ("forced dcmread of a BytesIO at its end", forced_read),
    ]


def main() -> None:
    """Print each case's times and the ratio (pydicom / typeddcm)."""
    warnings.simplefilter("ignore")
    ours, theirs = _cases(tc), _cases(pydicom)
    print(f"{'operation':42} {'typeddcm':>12} {'pydicom':>12} {'ratio':>7}")
    for (name, mine), (_, other) in zip(ours, theirs, strict=True):
        a, b = best(mine), best(other)
        print(f"{name:42} {a * 1e6:10.2f}us {b * 1e6:10.2f}us {b / a:7.2f}")


if __name__ == "__main__":
    main()

"""Benchmark: the pydicom-compatible adapter side by side with pydicom, in one run.

Run by hand (not a test): ``python bench/bench_compat.py``.  Each operation is
timed (best of several runs) on the same data for ``typeddcm.compat`` and pydicom;
the ratio is pydicom time / typeddcm time (above 1: we are faster).  The adapter
pays for safety (every change is a functional update of the core under a lock)
and wins where the core's laziness and sharing do the work (reading, copying,
writing back unchanged bytes).
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


def _ct_bytes() -> bytes:
    return (Path(pydicom.__file__).parent / "data" / "test_files" / "CT_small.dcm").read_bytes()


def _plan_bytes() -> bytes:
    return (Path(pydicom.__file__).parent / "data" / "test_files" / "rtplan.dcm").read_bytes()


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> None:
    t_theirs, t_ours = best(theirs), best(ours)
    print(f"  {label:<46} pydicom {t_theirs * 1e6:9.1f} us   compat {t_ours * 1e6:9.1f} us"
          f"   {t_theirs / t_ours:6.2f}x")


def main() -> None:
    warnings.simplefilter("ignore")
    ct, plan = _ct_bytes(), _plan_bytes()
    print(f"pydicom {pydicom.__version__}; ratio = pydicom time / typeddcm.compat time")
    _row("dcmread CT_small.dcm", lambda: pydicom.dcmread(io.BytesIO(ct)),
         lambda: tc.dcmread(ct))
    a, b = pydicom.dcmread(io.BytesIO(ct)), tc.dcmread(ct)
    _row("read ds.PatientName", lambda: a.PatientName, lambda: b.PatientName)
    _row("read ds.Rows", lambda: a.Rows, lambda: b.Rows)

    def set_a() -> None:
        a.PatientID = "ANON"

    def set_b() -> None:
        b.PatientID = "ANON"

    _row("set ds.PatientID", set_a, set_b)
    _row("copy.deepcopy(ds)", lambda: copy.deepcopy(a), lambda: copy.deepcopy(b))
    _row("str(ds)", lambda: str(a), lambda: str(b))

    def save(ds: Any) -> Callable[[], object]:
        return lambda: ds.save_as(io.BytesIO(), write_like_original=True)

    _row("save_as (like original) after one change", save(a), save(b))
    pa, pb = pydicom.dcmread(io.BytesIO(plan)), tc.dcmread(plan)

    def nested_a() -> None:
        pa.BeamSequence[0].BeamName = "X"

    def nested_b() -> None:
        pb.BeamSequence[0].BeamName = "X"

    _row("set BeamSequence[0].BeamName (rtplan)", nested_a, nested_b)
    _row("iterall over rtplan", lambda: list(pa.iterall()), lambda: list(pb.iterall()))
    print("  freeze() of the adapter (the immutable core, no copy): "
          f"{best(pb.freeze) * 1e6:.2f} us")


if __name__ == "__main__":
    main()

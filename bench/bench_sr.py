"""Benchmark: ``compat.sr`` (codes, Code) side by side with pydicom 3's ``pydicom.sr``.

Run by hand (not a test): ``python bench/bench_sr.py``.  Ratio = pydicom time /
typeddcm time (above 1: we are faster).

* Steady-state look-ups (``codes.SCT.Liver``, ``codes.cid7151.Liver``,
  ``codes.DCM.Modality``), Code equality (SCT and SRT) and ``in`` a CID, after
  both libraries have served each once: what a program building SR content does
  in its loops.
* Cold start, each in a fresh interpreter (median of several): importing the
  package and making the first look-up, as a script that uses ``codes`` once
  does.  pydicom builds every table when ``pydicom.sr`` is imported; compat reads
  one section of its table file on first use.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_codec import side_by_side  # the script's own folder is on sys.path
from pydicom.sr.codedict import codes as py_codes_
from pydicom.sr.coding import Code as PyCode

import typeddcm.compat.sr as sr


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> float:
    return side_by_side(label, theirs, ours, width=44, digits=3)


def _steady() -> list[float]:
    py_codes, codes = py_codes_, sr.codes
    py_liver, liver = py_codes.SCT.Liver, codes.SCT.Liver
    py_old = PyCode("T-62000", "SRT", "Liver")
    old = sr.Code("T-62000", "SRT", "Liver")
    py_cid, cid = py_codes.cid7151, codes.cid7151
    _ = py_old == py_liver, old == liver, py_liver in py_cid, liver in cid
    print("steady state (each look-up served once before timing)")
    return [
        _row("codes.SCT.Liver", lambda: py_codes.SCT.Liver, lambda: codes.SCT.Liver),
        _row("codes.cid7151.Liver", lambda: py_codes.cid7151.Liver,
             lambda: codes.cid7151.Liver),
        _row("codes.DCM.Modality", lambda: py_codes.DCM.Modality,
             lambda: codes.DCM.Modality),
        _row("Code == Code (SCT)", lambda: py_liver == py_codes.SCT.Liver,
             lambda: liver == codes.SCT.Liver),
        _row("Code(SRT) == Code(SCT)", lambda: py_old == py_liver, lambda: old == liver),
        _row("hash(Code)", lambda: hash(py_liver), lambda: hash(liver)),
        _row("Code in codes.cid7151", lambda: py_liver in py_cid, lambda: liver in cid),
        _row("'Liver' in codes.SCT", lambda: "Liver" in py_codes.SCT,
             lambda: "Liver" in codes.SCT),
    ]


def _cold(parent: str, module: str, statement: str, runs: int = 7) -> float:
    """Median seconds to import ``module`` and run ``statement`` in a fresh interpreter
    that has imported ``parent`` (untimed) first."""
    script = (f"import time, sys, {parent}; t = time.perf_counter(); import {module} as m;"
              f" {statement}; sys.stdout.write(repr(time.perf_counter() - t))")
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True).stdout
        times.append(float(out))
    return statistics.median(times)


def _cold_rows() -> list[float]:
    print("cold start (fresh interpreter, parent package already imported; median of 7)")
    ratios = []
    for label, statement in [
        ("import sr + codes.SCT.Liver", "m.codes.SCT.Liver"),
        ("import sr + codes.cid7151.Liver", "m.codes.cid7151.Liver"),
        ("import sr + codes.DCM.Modality", "m.codes.DCM.Modality"),
        ("import sr + Code(SRT) == codes.SCT.Liver",
         "m.Code('T-62000', 'SRT', 'Liver') == m.codes.SCT.Liver"),
    ]:
        theirs = _cold("pydicom", "pydicom.sr", statement)
        ours = _cold("typeddcm.compat", "typeddcm.compat.sr", statement)
        ratio = theirs / ours
        print(f"  {label:<44} pydicom {theirs * 1e3:9.1f} ms   compat {ours * 1e3:9.1f} ms"
              f"   {ratio:7.2f}x")
        ratios.append(ratio)
    return ratios


def main() -> None:
    """Print both tables and the median ratio."""
    print(f"pydicom {pydicom.__version__}; ratio = pydicom time / typeddcm.compat time")
    ratios = _steady()
    ratios += _cold_rows()
    print(f"median ratio {statistics.median(ratios):.2f}x, smallest {min(ratios):.2f}x")


if __name__ == "__main__":
    main()

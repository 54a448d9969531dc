"""Benchmark: the DICOM JSON model both ways, typeddcm vs pydicom 3 in the same run.

Run by hand (not a test): ``python bench/bench_json.py``.  Ratio = pydicom time /
typeddcm time (above 1: we are faster).  For each file of pydicom's test data:

* to JSON: ``to_json_dict`` of a dataset already read (every value decoded once
  before timing, on both sides: the steady state of a server answering metadata
  requests), by the core (``typeddcm.dicomjson.to_json_dict``) and by compat
  (``Dataset.to_json_dict``); and ``to_json`` (the text), core and compat;
* from JSON: ``Dataset.from_json`` of the same JSON text (pydicom's own output),
  by the core (``typeddcm.dicomjson.from_json``) and by compat.
"""

from __future__ import annotations

import statistics
import sys
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_codec import side_by_side  # the script's own folder is on sys.path
from pydicom.data import get_testdata_file

import typeddcm.compat as tc
from typeddcm import dicomjson, read

FILES = ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtstruct.dcm",
         "JPEG2000.dcm", "waveform_ecg.dcm")


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> float:
    return side_by_side(label, theirs, ours, width=36, name="typeddcm")


def main() -> None:
    ratios: dict[str, list[float]] = {}
    for name in FILES:
        path = get_testdata_file(name)
        if path is None:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = pydicom.dcmread(path, force=True)
            core = read(path, force=True).dataset
            compat = tc.dcmread(path, force=True)
            text = theirs.to_json()
            # Decode everything once on every side, as a steady state.
            theirs.to_json_dict(), dicomjson.to_json_dict(core), compat.to_json_dict()
        print(f"{name} ({len(text)} characters of JSON)")
        rows: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
            "to_json_dict (core)": (theirs.to_json_dict, partial(dicomjson.to_json_dict, core)),
            "to_json_dict (compat)": (theirs.to_json_dict, compat.to_json_dict),
            "to_json (core)": (theirs.to_json, partial(dicomjson.to_json, core)),
            "to_json (compat)": (theirs.to_json, compat.to_json),
            "from_json (core)": (partial(pydicom.Dataset.from_json, text),
                                 partial(dicomjson.from_json, text)),
            "from_json (compat)": (partial(pydicom.Dataset.from_json, text),
                                   partial(tc.Dataset.from_json, text)),
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for label, (slow, fast) in rows.items():
                ratios.setdefault(label, []).append(_row(label, slow, fast))
    print("geometric mean of the ratios")
    for label, values in ratios.items():
        print(f"  {label:<36} {statistics.geometric_mean(values):6.2f}x")


if __name__ == "__main__":
    main()

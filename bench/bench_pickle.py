"""Benchmark: pickle + unpickle of what was read, side by side with pydicom.

Run by hand (not a test): ``python bench/bench_pickle.py``.  For each file of
pydicom's wheel (held in memory) and a synthetic real-sized CT (about 250 header
elements, 512x512 pixels), in one process: ``pickle.loads(pickle.dumps(x, 5))`` of
our DicomFile and of pydicom's dcmread result, best of several runs; the ratio is
pydicom time / typeddcm time (above 1: we are faster), summarised by its median.

Unpickling reads the pickled bytes again lazily, as a read does, so values are
decoded on first access: "+ touch" also reads every value (items included) of
each copy, which is the honest comparison for code that uses every value.
Sizes are the pickled size over the encoded size (what ``to_bytes`` gives).
"""

from __future__ import annotations

import io
import pickle
import statistics
import sys
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_codec import best, files, touch_ours, touch_theirs  # the script's own folder

import typeddcm
from tests.ct_header import ct_header_bytes

Case = tuple[str, bytes]


def _round_trip(obj: Any) -> Any:
    return pickle.loads(pickle.dumps(obj, 5))


def _touched_ours(f: typeddcm.DicomFile) -> None:
    touch_ours(_round_trip(f).dataset)


def _touched_theirs(ds: Any) -> None:
    touch_theirs(_round_trip(ds))


def _cases() -> list[Case]:
    return [*files(), ("synthetic CT header", ct_header_bytes()),
            ("synthetic CT (512x512)", ct_header_bytes(pixels=True))]


def _row(name: str, ours: Callable[[], object], theirs: Callable[[], object],
         ratios: list[float]) -> None:
    a, b = best(ours), best(theirs)
    ratios.append(b / a)
    print(f"  {name:44.44} {a * 1e6:10.1f} us {b * 1e6:10.1f} us {b / a:8.2f}x")


def main() -> None:
    warnings.simplefilter("ignore")
    cases = _cases()
    print(f"pydicom {pydicom.__version__}; {len(cases)} files; protocol 5; "
          "ratio = pydicom time / typeddcm time")
    plain: list[float] = []
    touched: list[float] = []
    sizes: list[float] = []
    their_sizes: list[float] = []
    synthetic: list[str] = []
    for name, raw in cases:
        ours = typeddcm.read(raw)
        theirs = pydicom.dcmread(io.BytesIO(raw))
        encoded = len(ours.to_bytes())
        size = len(pickle.dumps(ours, 5)) / encoded
        their_size = len(pickle.dumps(theirs, 5)) / encoded
        sizes.append(size)
        their_sizes.append(their_size)
        print(f"{name}: pickled {size:.3f}x the encoded size (pydicom {their_size:.3f}x)")
        _row("pickle + unpickle", partial(_round_trip, ours), partial(_round_trip, theirs),
             plain)
        _row("pickle + unpickle + touch every value", partial(_touched_ours, ours),
             partial(_touched_theirs, theirs), touched)
        if name.startswith("synthetic"):
            synthetic.append(f"{name}: {plain[-1]:.2f}x, with every value read "
                             f"{touched[-1]:.2f}x, {size:.3f}x its size")
    print()
    print(f"median ratio, pickle + unpickle:                 {statistics.median(plain):.2f}x"
          f"  (min {min(plain):.2f}x, max {max(plain):.2f}x)")
    print(f"median ratio, pickle + unpickle + touch values:  {statistics.median(touched):.2f}x"
          f"  (min {min(touched):.2f}x, max {max(touched):.2f}x)")
    print(f"median pickled size / encoded size:  ours {statistics.median(sizes):.3f}x "
          f"(max {max(sizes):.3f}x), pydicom {statistics.median(their_sizes):.3f}x")
    for line in synthetic:
        print(line)


if __name__ == "__main__":
    main()

"""Benchmark: persistent updates of typeddcm.Dataset against pydicom's deepcopy + set.

Run by hand (not a test): ``python bench/bench_updates.py``.  Prints the median
time per operation for datasets of 50, 500, 5,000 and 20,000 elements, ``set_in``
one item deep in a 10,000-item sequence, and, in the same run, pydicom's only
way to get an updated copy while keeping the original: ``copy.deepcopy`` + set.
"""

from __future__ import annotations

import copy
import statistics
import sys
import timeit
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from typeddcm import Dataset, keys
from typeddcm.vr import LO, SQ

SIZES = (50, 500, 5_000, 20_000)


def tags_for(size: int) -> list[int]:
    """``size`` distinct private tags, (0009-...,1000-...), so any size is possible."""
    out: list[int] = []
    group = 0x0009
    while len(out) < size:
        out.extend((group << 16) | element for element in range(0x1000, 0x1000 + min(0xE000, size - len(out))))
        group += 2
    return out


def build(size: int) -> Dataset:
    with Dataset().mutate() as m:
        for number, tag in enumerate(tags_for(size - 1)):
            m.set(tag, LO(f"value {number}"))
        m.set(keys.PatientName, "Doe^John")
    return m.finish()


def median_us(func: Callable[[], object], repeat: int = 7) -> float:
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    runs = timer.repeat(repeat=repeat, number=number)
    return statistics.median(runs) / number * 1e6


def build_pydicom(size: int) -> object:
    import pydicom

    ds = pydicom.Dataset()
    for number, tag in enumerate(tags_for(size - 1)):
        ds.add_new(tag, "LO", f"value {number}")
    ds.PatientName = "Doe^John"
    return ds


def pydicom_deepcopy_set(ds: object) -> Callable[[], object]:
    def run() -> object:
        clone = copy.deepcopy(ds)
        clone.PatientName = "Changed^Name"  # type: ignore[attr-defined]
        return clone

    return run


def main() -> None:
    import pydicom  # a test dependency: pip install -e '.[test]'
    print(f"{'elements':>9} {'set us':>9} {'delete us':>10} {'pydicom deepcopy+set us':>24} {'ratio':>9}")
    victim = tags_for(1)[0]
    for size in SIZES:
        ds = build(size)
        set_us = median_us(partial(ds.set, keys.PatientName, "Changed^Name"))
        delete_us = median_us(partial(ds.delete, victim))
        if size <= 5_000:  # deepcopy of 20,000 elements takes seconds per run
            theirs = median_us(pydicom_deepcopy_set(build_pydicom(size)), repeat=3)
            ratio = f"{theirs / set_us:8.0f}x"
            their_text = f"{theirs:24.1f}"
        else:
            their_text, ratio = f"{'(skipped)':>24}", f"{'':>9}"
        print(f"{size:>9} {set_us:9.2f} {delete_us:10.2f} {their_text} {ratio}")

    items = [Dataset().set(keys.Manufacturer, f"Linac {i}") for i in range(10_000)]
    seq_ds = Dataset().set(keys.BeamSequence, SQ(items))
    path = (keys.BeamSequence, 5_000, keys.Manufacturer)
    set_in_us = median_us(lambda: seq_ds.set_in(path, "Changed"))
    print(f"set_in one item deep in a 10,000-item sequence: {set_in_us:.2f} us")
    pyd = pydicom.Dataset()
    pyd.BeamSequence = [pydicom.Dataset() for _ in range(10_000)]
    for i, item in enumerate(pyd.BeamSequence):
        item.Manufacturer = f"Linac {i}"

    def pyd_set_in() -> object:
        clone = copy.deepcopy(pyd)
        clone.BeamSequence[5_000].Manufacturer = "Changed"
        return clone

    theirs = median_us(pyd_set_in, repeat=3)
    print(f"pydicom deepcopy + nested set: {theirs:.0f} us ({theirs / set_in_us:.0f}x)")


if __name__ == "__main__":
    main()

"""Benchmark: the dictionary's per-element lookups, with and without user additions.

Run by hand (not a test): ``python bench/bench_dictionary.py``.  The reader calls
``dictionary_vr`` once per element of an implicit VR file, so its cost matters;
user additions (``typeddcm.dictionary.add_entry``, pydicom's ``add_dict_entry``)
must cost nothing when there are none.  Prints the best time per call, in ns, of
``dictionary_vr``, ``lookup`` and ``private_lookup`` over a CT header's tags, a
repeating-group tag and an unknown tag: first with nothing added, then with one
and with 1,000 entries added elsewhere, and the time of an empty loop over the
same tags (the loop's own share of each figure).  Then one implicit VR read of a
large header, every value decoded, with and without additions.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typeddcm
from tests.ct_header import ct_dataset
from typeddcm import dictionary
from typeddcm.codec import encode_file

REPEAT = 7
ROUNDS = 2_000


def best_ns(func: Callable[[list[int]], object], tags: list[int]) -> float:
    """The best of REPEAT runs, per tag, of ROUNDS passes over ``tags``."""
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        for _ in range(ROUNDS):
            func(tags)
        times.append((time.perf_counter() - start) / (ROUNDS * len(tags)))
    return min(times) * 1e9


def empty(tags: list[int]) -> None:
    for _tag in tags:
        pass


def vr_loop(tags: list[int]) -> None:
    dictionary_vr = dictionary.dictionary_vr
    for tag in tags:
        dictionary_vr(tag)


def lookup_loop(tags: list[int]) -> None:
    lookup = dictionary.lookup
    for tag in tags:
        lookup(tag)


def private_loop(tags: list[int]) -> None:
    private_lookup = dictionary.private_lookup
    for tag in tags:
        private_lookup("SIEMENS CSA HEADER", tag >> 16, tag & 0xFF)


def rows(label: str) -> None:
    header = [int(e.tag) for e in ct_dataset(pixels=False).elements()]
    cases = {
        "CT header, standard": [t for t in header if not (t >> 16) & 1],
        "CT header, private": [t for t in header if (t >> 16) & 1],
        "(6002,3000) repeating": [0x60023000] * 50,
        "(0099,0001) unknown": [0x00990001] * 50,
    }
    for name, tags in cases.items():
        print(f"{label:>18} {name:<24} empty loop {best_ns(empty, tags):5.1f}"
              f"  dictionary_vr {best_ns(vr_loop, tags):6.1f}"
              f"  lookup {best_ns(lookup_loop, tags):6.1f}")
    print(f"{label:>18} {'private_lookup (0029)':<24} "
          f"{best_ns(private_loop, [0x00291010, 0x00291020] * 25):6.1f}")


def read_all(raw: bytes) -> None:
    ds = typeddcm.read(raw).dataset
    for element in ds.walk():
        element[1].vr  # noqa: B018 - decode every value


def read_row(label: str, raw: bytes) -> None:
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        for _ in range(20):
            read_all(raw)
        times.append((time.perf_counter() - start) / 20)
    print(f"{label:>18} implicit VR read + every value: {min(times) * 1e6:8.1f} us")


def main() -> None:
    print(f"Python {sys.version.split()[0]}; ns per call (best of {REPEAT})")
    raw = encode_file(typeddcm.DicomFile.new(ct_dataset(pixels=False), transfer_syntax="1.2.840.10008.1.2"))
    rows("nothing added")
    read_row("nothing added", raw)
    add_entry = getattr(dictionary, "add_entry", None)
    if add_entry is None:  # a tree without the additions layer: the "before" figures only
        return
    with dictionary.temporary_additions():
        add_entry(0x00F20010, "US", "BenchOne", "Bench One")
        rows("1 added")
        read_row("1 added", raw)
        for n in range(999):
            add_entry(0x00F40000 | (n + 1), "LO", f"Bench{n}", f"Bench {n}")
        rows("1,000 added")
        read_row("1,000 added", raw)


if __name__ == "__main__":
    main()

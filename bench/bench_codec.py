"""Benchmark: reading and writing pydicom's wheel files, side by side with pydicom.

Run by hand (not a test): ``python bench/bench_codec.py [--big]``.  Every file is
held in memory; each operation is timed per file (best of several runs) for both
libraries in the same process, and the report gives the median of the per-file
ratios (pydicom time / typeddcm time: above 1 means we are faster).
``--big`` also measures the peak memory growth of reading the header of a 1 GB
file generated on the spot.  A second table times the same operations on the
sequence-heavy files of :mod:`shapes` (enhanced multi-frame per-frame functional
groups, a deep RT plan, a structured report tree), which the wheel's files
under-represent; ``parse (check=False)`` is a read without the read-time walk
inside sequences.
"""

from __future__ import annotations

import gc
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom

import typeddcm
from typeddcm import Dataset, keys
from typeddcm.vr import SQ

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shapes import shaped_files


def best(func: Callable[[], object], repeat: int = 5) -> float:
    """Best time of ``repeat`` runs, each long enough to time (seconds per call)."""
    number = 1
    while True:
        start = time.perf_counter()
        for _ in range(number):
            func()
        if time.perf_counter() - start > 0.002 or number > 10_000:
            break
        number *= 4
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            func()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def side_by_side(label: str, theirs: Callable[[], object], ours: Callable[[], object], *,
                 width: int = 48, unit: str = "us", name: str = "compat",
                 digits: int | None = None) -> float:
    """Time both with :func:`best`, print one row (pydicom, ours, ratio) and return the
    ratio pydicom time / ours (above 1: ours is faster)."""
    scale, default_digits = {"us": (1e6, 1), "ms": (1e3, 2)}[unit]
    digits = default_digits if digits is None else digits
    t_theirs, t_ours = best(theirs), best(ours)
    ratio = t_theirs / t_ours
    print(f"  {label:<{width}} pydicom {t_theirs * scale:10.{digits}f} {unit}   "
          f"{name} {t_ours * scale:10.{digits}f} {unit}   {ratio:6.2f}x")
    return ratio


def touch_ours(ds: Dataset) -> None:
    for elem in ds.elements():
        vr = elem.vr
        if isinstance(vr, SQ):
            for item in vr.values:
                touch_ours(item)


def touch_theirs(ds: object) -> None:
    for elem in ds:  # type: ignore[attr-defined]
        value = elem.value
        if elem.VR == "SQ":
            for item in value:
                touch_theirs(item)


def files() -> list[tuple[str, bytes]]:
    data = Path(pydicom.__file__).parent / "data"
    out = []
    for folder in ("test_files", "charset_files"):
        for path in sorted((data / folder).glob("*.dcm")):
            raw = path.read_bytes()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    pydicom.dcmread(io.BytesIO(raw))
                    typeddcm.read(raw)
            except Exception:  # files either library refuses are not comparable
                continue
            out.append((path.name, raw))
    return out


Pair = tuple[Callable[[], object], Callable[[], object]]


def report(name: str, pairs: list[Pair | None]) -> None:
    """Time each (ours, theirs) pair and print medians and the median per-file ratio."""
    ratios, our_times, their_times = [], [], []
    for pair in pairs:
        if pair is None:
            continue
        ours, theirs = pair
        a = best(ours)
        try:
            b = best(theirs)
        except Exception:  # pydicom cannot write some files it reads: not comparable
            continue
        our_times.append(a)
        their_times.append(b)
        ratios.append(b / a)
    print(f"{name:24} {statistics.median(our_times) * 1e3:13.3f} ms "
          f"{statistics.median(their_times) * 1e3:12.3f} ms {statistics.median(ratios):12.2f}x"
          f"  ({len(ratios)} files)")


def writers(raw: bytes, *, change: bool) -> Pair | None:
    """Ours and pydicom's writer of the file in ``raw``, optionally after one change."""
    mine = typeddcm.read(raw)
    theirs = pydicom.dcmread(io.BytesIO(raw))
    if change:
        if "PatientID" not in theirs:
            return None
        theirs.PatientID = "CHANGED"
        mine = mine.set(keys.PatientID, "CHANGED")
    return mine.to_bytes, partial(theirs.save_as, io.BytesIO())


def main() -> None:
    warnings.simplefilter("ignore")
    corpus = files()
    ops: dict[str, tuple[Callable[[bytes], object], Callable[[bytes], object]]] = {
        "parse (lazy)": (lambda b: typeddcm.read(b),
                         lambda b: pydicom.dcmread(io.BytesIO(b))),
        "parse (check=False)": (lambda b: typeddcm.read(b, check=False),
                                lambda b: pydicom.dcmread(io.BytesIO(b))),
        "parse + every value": (lambda b: touch_ours(typeddcm.read(b).dataset),
                                lambda b: touch_theirs(pydicom.dcmread(io.BytesIO(b)))),
        "header only": (lambda b: typeddcm.read(b, stop_before_pixels=True),
                        lambda b: pydicom.dcmread(io.BytesIO(b), stop_before_pixels=True)),
    }
    print(f"{len(corpus)} files from pydicom's wheel, held in memory")
    print(f"{'operation':24} {'typeddcm median':>16} {'pydicom median':>15} {'median ratio':>13}")
    for name, (ours, theirs) in ops.items():
        report(name, [(partial(ours, raw), partial(theirs, raw)) for _, raw in corpus])
    # Writing a freshly read file (ours like the original, pydicom's save_as), and after
    # a change to one element, when the level is re-assembled from the original pieces.
    report("write", [writers(raw, change=False) for _, raw in corpus])
    report("write after a change", [writers(raw, change=True) for _, raw in corpus])
    shaped = shaped_files()
    print("\nsequence-heavy files (bench/shapes.py), per file: typeddcm, pydicom, ratio")
    for name, (ours, theirs) in ops.items():
        for file_name, raw in shaped:
            a, b = best(partial(ours, raw), repeat=3), best(partial(theirs, raw), repeat=3)
            print(f"{name:24} {file_name:24} {a * 1e3:10.3f} ms {b * 1e3:10.3f} ms {b / a:9.2f}x")
    if "--big" in sys.argv:
        big_header()


def big_header() -> None:
    """Peak memory growth reading the header of a 1 GB file (pixel data stays on disk)."""
    from typeddcm import DicomFile
    from typeddcm.codec.transfer_syntax import transfer_syntax
    from typeddcm.vr import OW

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.dcm"
        header = DicomFile(None, Dataset(), Dataset().update({
            keys.SOPClassUID: "1.2.840.10008.5.1.4.1.1.7", keys.SOPInstanceUID: "2.25.7",
            keys.Rows: 16384, keys.Columns: 16384, keys.BitsAllocated: 16,
            keys.NumberOfFrames: "2", keys.PatientName: "Big^File"}),
            transfer_syntax("1.2.840.10008.1.2.1")).to_bytes(like_original=False)
        size = 1 << 30
        with path.open("wb") as out:
            out.write(header)
            out.write(b"\xe0\x7f\x10\x00OW\x00\x00" + size.to_bytes(4, "little"))
            out.truncate(len(header) + 12 + size)  # a sparse file: no 1 GB write needed
        gc.collect()
        tracemalloc.start()
        f = typeddcm.read(path)
        rows = f.dataset[keys.Rows].value
        name = str(f.dataset[keys.PatientName])
        pixels = f.dataset[keys.PixelData]
        assert isinstance(pixels, OW) and pixels.nbytes == size
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"1 GB file: header read ({rows} rows, {name}), pixel data {pixels.nbytes >> 20} MiB "
              f"as a view; peak Python memory growth {peak / 1e6:.2f} MB")
        del f, pixels


if __name__ == "__main__":
    main()

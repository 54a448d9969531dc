"""Benchmark: reading from paths (in memory vs memory-mapped) and atomic writing, with pydicom.

Run by hand (not a test): ``python bench/bench_files.py``.  The wheel's files and
real-shaped synthetic files (bench/shapes.py) are written to a temporary folder and
read from there (the page cache is warm: this measures our work, not the disk).
Columns: typeddcm's default (files up to 64 MiB are read into memory), typeddcm
memory-mapped (the earlier default), pydicom; the ratios are medians of per-file
ratios.  A 50 MB multi-frame file shows the header-only read (a map finds where the
header ends, then only that much is read) and the full read.
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import warnings
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
from bench_codec import best, files  # the script's own folder is on sys.path
from shapes import shaped_files

import typeddcm
from typeddcm import Dataset, DicomFile, keys


def _big_multiframe() -> bytes:
    frames = np.zeros((100, 512, 512), dtype=np.uint16)
    ds = Dataset().update([
        (keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7.3"),
        (keys.SOPInstanceUID, typeddcm.generate_uid()),
        (keys.SamplesPerPixel, 1), (keys.PhotometricInterpretation, "MONOCHROME2"),
        (keys.NumberOfFrames, 100), (keys.Rows, 512), (keys.Columns, 512),
        (keys.BitsAllocated, 16), (keys.BitsStored, 16), (keys.HighBit, 15),
        (keys.PixelRepresentation, 0), (keys.PixelData, frames.tobytes()),
    ])
    return DicomFile.new(ds).to_bytes()


def _row(name: str, ours: list[float], mapped: list[float], theirs: list[float]) -> None:
    ratio = statistics.median(t / o for o, t in zip(ours, theirs, strict=True))
    against_map = statistics.median(m / o for o, m in zip(ours, mapped, strict=True))
    print(f"{name:42} {statistics.median(ours) * 1e3:9.3f} ms {statistics.median(mapped) * 1e3:9.3f}"
          f" ms {statistics.median(theirs) * 1e3:9.3f} ms {ratio:8.2f}x {against_map:8.2f}x"
          f"  ({len(ours)} files)")


def main() -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench_files_"))
    sets: dict[str, list[Path]] = {"wheel files": [], "real-shaped (shapes.py)": []}
    for name, raw in files():
        (folder / name).write_bytes(raw)
        sets["wheel files"].append(folder / name)
    for name, raw in shaped_files():
        (folder / f"{name}.dcm").write_bytes(raw)
        sets["real-shaped (shapes.py)"].append(folder / f"{name}.dcm")
    big = folder / "big_multiframe.dcm"
    big.write_bytes(_big_multiframe())
    print(f"{'':42} {'default':>12} {'mapped':>12} {'pydicom':>12} {'pyd/def':>9} {'map/def':>9}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for label, paths in sets.items():
            ours = [best(partial(typeddcm.read, p)) for p in paths]
            mapped = [best(partial(typeddcm.read, p, memory_map=True)) for p in paths]
            theirs = [best(partial(pydicom.dcmread, p)) for p in paths]
            _row(f"parse from path, {label}", ours, mapped, theirs)
        for label, header in (("big multi-frame, header only", True),
                              ("big multi-frame, whole file", False)):
            ours = [best(partial(typeddcm.read, big, stop_before_pixels=header))]
            mapped = [best(partial(typeddcm.read, big, stop_before_pixels=header,
                                   memory_map=True))]
            theirs = [best(partial(pydicom.dcmread, big, stop_before_pixels=header))]
            _row(label, ours, mapped, theirs)
        # Writing to a path: ours is atomic (temporary file + rename), pydicom's is not.
        paths = sets["wheel files"]
        out = folder / "out.dcm"
        ours, theirs = [], []
        for path in paths:
            mine = typeddcm.read(path)
            try:
                other = pydicom.dcmread(path)
                other.save_as(io.BytesIO())
            except Exception:  # pydicom cannot write some files it reads: not comparable
                continue
            ours.append(best(partial(typeddcm.write, mine, out)))
            theirs.append(best(partial(other.save_as, out)))
        _row("write to a path (ours atomic)", ours, ours, theirs)


if __name__ == "__main__":
    main()

"""Benchmark: File-sets, typeddcm (core and compat) against pydicom 3's pydicom.fileset.

Run by hand (not a test): ``python bench/bench_fileset.py``.  Same data, same run, the two
libraries alternating (best of several runs each); the ratio is pydicom time / ours
(above 1: we are faster).

Rows: loading a DICOMDIR into a FileSet (the wheel's 52-record DICOMDIR and TINY_ALPHA's
50 instances), the core's record tree of the same file (``typeddcm.dicomdir.read_dicomdir``),
writing the DICOMDIR of a loaded File-set (``_write_dicomdir`` to memory), ``find`` over
the records, and staging 50 instances for addition (``FileSet.add`` of datasets).
"""

from __future__ import annotations

import io
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
import pydicom.fileset as their_fileset
from bench_codec import best  # the script's own folder is on sys.path

import typeddcm.compat as tc
from typeddcm.compat import fileset as our_fileset
from typeddcm.dicomdir import read_dicomdir

_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"
DICOMDIR = _WHEEL / "dicomdirtests" / "DICOMDIR"
TINY = _WHEEL / "tinypixels" / "TINY_ALPHA" / "DICOMDIR"


def row(name: str, ours: Callable[[], Any], theirs: Callable[[], Any]) -> float:
    a = b = float("inf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            a = min(a, best(theirs, repeat=3))
            b = min(b, best(ours, repeat=3))
    ratio = a / b
    print(f"  {name:<52} pydicom {a * 1e3:9.2f} ms   ours {b * 1e3:9.2f} ms   {ratio:6.2f}x")
    return ratio


def _call(func: Callable[[Path], Any], path: Path) -> Callable[[], Any]:
    def run() -> Any:
        return func(path)

    return run


def main() -> None:
    tiny = TINY if TINY.exists() else Path(str(pydicom.data.get_testdata_file("TINY_ALPHA/DICOMDIR")))
    print(f"pydicom {pydicom.__version__}")
    for label, path in (("DICOMDIR (31 instances)", DICOMDIR), ("TINY_ALPHA (50)", tiny)):
        row(f"FileSet(path) {label}", _call(our_fileset.FileSet, path),
            _call(their_fileset.FileSet, path))
        row(f"core read_dicomdir vs FileSet(path) {label}", _call(read_dicomdir, path),
            _call(their_fileset.FileSet, path))
    ours_fs = our_fileset.FileSet(DICOMDIR)
    theirs_fs = their_fileset.FileSet(DICOMDIR)

    def write_ours() -> None:
        ours_fs._write_dicomdir(io.BytesIO())

    def write_theirs() -> None:
        out: Any = pydicom.filebase.DicomBytesIO()
        theirs_fs._write_dicomdir(out)

    row("_write_dicomdir (52 records)", write_ours, write_theirs)
    row("find(PatientID=...)", lambda: ours_fs.find(PatientID="98890234"),
        lambda: theirs_fs.find(PatientID="98890234"))
    files = sorted(p for p in tiny.parent.glob("**/*") if p.is_file() and p.name not in (
        "DICOMDIR", "README"))[:50]
    ours_ds = [tc.dcmread(p) for p in files]
    theirs_ds = [pydicom.dcmread(p) for p in files]

    def add(module: Any, datasets: list[Any]) -> Callable[[], None]:
        def run() -> None:
            fs = module.FileSet()
            for ds in datasets:
                fs.add(ds)

        return run

    row(f"FileSet.add x{len(files)} (staged copies written)", add(our_fileset, ours_ds),
        add(their_fileset, theirs_ds))

    def write_all(module: Any, datasets: list[Any]) -> Callable[[], None]:
        def run() -> None:
            fs = module.FileSet()
            for ds in datasets:
                fs.add(ds)
            with tempfile.TemporaryDirectory() as target:
                fs.write(target)

        return run

    row(f"add x{len(files)} + write", write_all(our_fileset, ours_ds),
        write_all(their_fileset, theirs_ds))


if __name__ == "__main__":
    main()

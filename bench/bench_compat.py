"""Benchmark: the pydicom-compatible adapter side by side with pydicom, in one run.

Run by hand (not a test): ``python bench/bench_compat.py``.  Each operation is
timed (best of several runs) on the same data for ``typeddcm.compat`` and pydicom;
the ratio is pydicom time / typeddcm time (above 1: we are faster).

Files: pydicom's CT_small and rtplan, and real-shaped synthetic files
(bench/shapes.py: an enhanced MR with 400 per-frame items, a deep RT plan, an SR
tree; tests/ct_header.py: a CT header of ~250 elements with private groups).
Whole-file operations (dcmread, read plus every value, iterall, walk, str) are
reported per file and as the median of the per-file ratios; per-access
operations (keyword read and set, a set inside a sequence item, pixel_array) on
the files they make sense for.  Steady state: both libraries have read the file
once before the timing starts, as a program that reads a dataset and then works
with it does.
"""

from __future__ import annotations

import copy
import io
import statistics
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_codec import best, side_by_side  # the script's own folder is on sys.path
from shapes import enhanced_mr, rt_plan_deep, sr_tree

import typeddcm.compat as tc
from tests.ct_header import ct_header_bytes

_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


def _files() -> list[tuple[str, bytes]]:
    return [
        ("CT_small.dcm", (_WHEEL / "CT_small.dcm").read_bytes()),
        ("rtplan.dcm", (_WHEEL / "rtplan.dcm").read_bytes()),
        ("ct_header (250 elements)", ct_header_bytes()),
        ("enhanced_mr (400 frames)", enhanced_mr()),
        ("rt_plan_deep", rt_plan_deep()),
        ("sr_tree (6 levels)", sr_tree()),
    ]


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> float:
    return side_by_side(label, theirs, ours, width=52)


def _touch_all(ds: Any) -> None:
    for elem in ds.iterall():
        elem.value  # noqa: B018 - the access is what is timed


def _walk(ds: Any) -> None:
    def visit(_ds: Any, elem: Any) -> None:
        elem.value  # noqa: B018

    ds.walk(visit)


def _whole_file(files: list[tuple[str, bytes]]) -> None:
    operations: dict[str, Callable[[Any, bytes], Callable[[], object]]] = {
        "dcmread": lambda lib, data: lambda: lib.dcmread(io.BytesIO(data)),
        "dcmread + every value": lambda lib, data: lambda: _touch_all(lib.dcmread(io.BytesIO(data))),
    }
    steady: dict[str, Callable[[Any], Callable[[], object]]] = {
        "iterall": lambda ds: lambda: list(ds.iterall()),
        "walk (callback reads each value)": lambda ds: lambda: _walk(ds),
        "str(ds)": lambda ds: lambda: str(ds),
        "every value again (cached)": lambda ds: lambda: _touch_all(ds),
    }
    for label, make in operations.items():
        print(f"{label}:")
        ratios = [_row(name, make(pydicom, data), make(tc, data)) for name, data in files]
        print(f"  {'median of per-file ratios':<52} {statistics.median(ratios):.2f}x")
    for label, make_steady in steady.items():
        print(f"{label}:")
        ratios = []
        for name, data in files:
            theirs, ours = pydicom.dcmread(io.BytesIO(data)), tc.dcmread(data)
            _touch_all(theirs)
            _touch_all(ours)
            ratios.append(_row(name, make_steady(theirs), make_steady(ours)))
        print(f"  {'median of per-file ratios':<52} {statistics.median(ratios):.2f}x")


def _per_access(files: dict[str, bytes]) -> None:
    print("per access:")
    ct = files["CT_small.dcm"]
    a, b = pydicom.dcmread(io.BytesIO(ct)), tc.dcmread(ct)
    _row("read ds.PatientName", lambda: a.PatientName, lambda: b.PatientName)
    _row("read ds.Rows", lambda: a.Rows, lambda: b.Rows)
    _row("read ds[0x00100020].value", lambda: a[0x00100020].value, lambda: b[0x00100020].value)

    def set_a() -> None:
        a.PatientID = "ANON"

    def set_b() -> None:
        b.PatientID = "ANON"

    _row("set ds.PatientID", set_a, set_b)

    def set_number(ds: Any) -> Callable[[], None]:
        def run() -> None:
            ds.InstanceNumber = 7
        return run

    _row("set ds.InstanceNumber = 7 (IS)", set_number(a), set_number(b))
    _row("copy.deepcopy(ds)", lambda: copy.deepcopy(a), lambda: copy.deepcopy(b))

    def save(ds: Any) -> Callable[[], object]:
        return lambda: ds.save_as(io.BytesIO(), write_like_original=True)

    _row("save_as (like original) after one change", save(a), save(b))
    _row("pixel_array (CT_small, cached after first)", lambda: a.pixel_array, lambda: b.pixel_array)
    mr = files["enhanced_mr (400 frames)"]
    ma, mb = pydicom.dcmread(io.BytesIO(mr)), tc.dcmread(mr)
    _row("dcmread + pixel_array (enhanced MR, 400 frames)",
         lambda: pydicom.dcmread(io.BytesIO(mr)).pixel_array, lambda: tc.dcmread(mr).pixel_array)

    plan = files["rtplan.dcm"]
    pa, pb = pydicom.dcmread(io.BytesIO(plan)), tc.dcmread(plan)

    def nested_a() -> None:
        pa.BeamSequence[0].BeamName = "X"

    def nested_b() -> None:
        pb.BeamSequence[0].BeamName = "X"

    _row("set BeamSequence[0].BeamName (rtplan)", nested_a, nested_b)

    def frame_a() -> None:
        ma.PerFrameFunctionalGroupsSequence[200].FrameContentSequence[0].FrameAcquisitionNumber = 3

    def frame_b() -> None:
        mb.PerFrameFunctionalGroupsSequence[200].FrameContentSequence[0].FrameAcquisitionNumber = 3

    _row("set PerFrame[200].FrameContent[0].X (enhanced MR)", frame_a, frame_b)
    _row("read PerFrame[200].FrameContent[0].X (enhanced MR)",
         lambda: ma.PerFrameFunctionalGroupsSequence[200].FrameContentSequence[0]
         .FrameAcquisitionNumber,
         lambda: mb.PerFrameFunctionalGroupsSequence[200].FrameContentSequence[0]
         .FrameAcquisitionNumber)
    def private_setup(lib: Any) -> Any:
        ds = lib.Dataset()
        ds.private_block(0x0041, "ACME 1.0", create=True).add_new(0x01, "LO", "x")
        return ds

    qa, qb = private_setup(pydicom), private_setup(tc)
    _row("private_block (existing creator)", lambda: qa.private_block(0x0041, "ACME 1.0"),
         lambda: qb.private_block(0x0041, "ACME 1.0"))

    def file_meta(lib: Any) -> Callable[[], object]:
        def make() -> object:
            meta = lib.dataset.FileMetaDataset()
            meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
            meta.MediaStorageSOPInstanceUID = "1.2.3.4"
            meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
            return meta
        return make

    _row("FileMetaDataset() + 3 keyword sets", file_meta(pydicom), file_meta(tc))
    print("  freeze() of the adapter (the immutable core, no copy): "
          f"{best(pb.freeze) * 1e6:.2f} us")


def main() -> None:
    warnings.simplefilter("ignore")
    files = _files()
    print(f"pydicom {pydicom.__version__}; ratio = pydicom time / typeddcm.compat time")
    _whole_file(files)
    _per_access(dict(files))


if __name__ == "__main__":
    main()

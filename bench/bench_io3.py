"""Benchmark: pydicom 3's dataset I/O entry points, typeddcm.compat against pydicom.

Run by hand (not a test): ``python bench/bench_io3.py``.  Each operation is timed (best
of several runs, the two libraries alternating) on the same data for ``typeddcm.compat``
and pydicom 3; the ratio is pydicom time / typeddcm time (above 1: we are faster).

Entry points: ``dcmwrite`` with ``enforce_file_format=True``, with ``implicit_vr=True``
(explicit to implicit VR: every element re-encoded) and ``save_as`` of an unchanged
dataset (files: CT_small, rtplan and the 400-frame enhanced MR of bench/shapes.py, read
once before timing); ``update_raw_element`` then reading the element; ``examples.ct``
(pydicom's 128x128 CT_small against our 64x64 sample: indicative only); and fileutil's
``read_undefined_length_value`` on 1 MiB.
"""

from __future__ import annotations

import contextlib
import io
import struct
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
import pydicom.fileutil as their_fileutil
from bench_codec import best  # the script's own folder is on sys.path
from shapes import enhanced_mr

import typeddcm.compat as tc
from typeddcm.compat import examples, fileutil

_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


def row(name: str, ours: Callable[[], Any], theirs: Callable[[], Any]) -> float:
    # Alternate the two, keeping each one's best: other work on the machine weighs on both.
    a = b = float("inf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            a = min(a, best(theirs))
            b = min(b, best(ours))
    ratio = a / b
    print(f"  {name:<58} pydicom {a * 1e6:10.1f} us   compat {b * 1e6:10.1f} us   {ratio:6.2f}x")
    return ratio


def _write(module: Any, ds: Any, **kwargs: Any) -> Callable[[], None]:
    def run() -> None:
        module.dcmwrite(io.BytesIO(), ds, **kwargs)

    return run


def _save(ds: Any) -> Callable[[], None]:
    def run() -> None:
        ds.save_as(io.BytesIO())

    return run


def _update(module: Any, data: bytes) -> Callable[[], None]:
    def run() -> None:
        ds = module.dcmread(io.BytesIO(data))
        ds.update_raw_element(0x00291026, vr="US")
        ds[0x00291026].value  # noqa: B018 - the read is what is timed

    return run


def main() -> None:
    files = [("CT_small.dcm", (_WHEEL / "CT_small.dcm").read_bytes()),
             ("rtplan.dcm", (_WHEEL / "rtplan.dcm").read_bytes()),
             ("enhanced_mr (400 frames)", enhanced_mr())]
    ratios: list[float] = []
    for label, data in files:
        print(label)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ours, theirs = tc.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
            for ds in (ours, theirs):  # every value read once, as a program working with it
                for elem in ds.iterall():
                    elem.value  # noqa: B018
        ratios.append(row("dcmwrite(enforce_file_format=True)",
                          _write(tc, ours, enforce_file_format=True),
                          _write(pydicom, theirs, enforce_file_format=True)))
        ours.file_meta = tc.dataset.FileMetaDataset()
        theirs.file_meta = pydicom.dataset.FileMetaDataset()
        ratios.append(row("dcmwrite(implicit_vr=True) (explicit VR files: re-encoded)",
                          _write(tc, ours, implicit_vr=True),
                          _write(pydicom, theirs, implicit_vr=True)))
        fresh = tc.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
        ratios.append(row("save_as (unchanged)", _save(fresh[0]), _save(fresh[1])))
    ct = (_WHEEL / "CT_small.dcm").read_bytes()
    print("other")
    ratios.append(row("dcmread + update_raw_element + read it", _update(tc, ct),
                      _update(pydicom, ct)))
    ratios.append(row("examples.ct (different files: indicative)", lambda: examples.ct,
                      lambda: pydicom.examples.ct))
    body = bytes(range(256)) * 4096 + struct.pack("<HHL", 0xFFFE, 0xE0DD, 0)

    def undefined(module: Any) -> Callable[[], None]:
        def run() -> None:
            module.read_undefined_length_value(io.BytesIO(body), True,
                                               pydicom.tag.Tag(0xFFFEE00D))
        return run

    # The item delimiter is absent: both scan the whole MiB and raise EOFError.
    def scan(module: Any) -> Callable[[], None]:
        inner = undefined(module)

        def run() -> None:
            with contextlib.suppress(EOFError):
                inner()
        return run

    ratios.append(row("read_undefined_length_value (1 MiB scan)", scan(fileutil),
                      scan(their_fileutil)))
    ratios.sort()
    print(f"median ratio {ratios[len(ratios) // 2]:.2f}x over {len(ratios)} rows")


if __name__ == "__main__":
    main()

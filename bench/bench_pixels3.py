"""Benchmark: pydicom 3's pixel entry points, typeddcm.compat.pixels beside pydicom 3.

Run by hand (not a test): ``python bench/bench_pixels3.py``.  Each row is the best of
several runs of the same call on the same source for both libraries; the ratio is
pydicom time / compat time (above 1: we are faster).  Sources: a Dataset read once
before timing (steady state), a path, and a file object, on pydicom's wheel files;
JPEG and JPEG 2000 rows ask both libraries for Pillow, so the same decoder runs.
"""

from __future__ import annotations

import io
import statistics
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
import pydicom.pixels.utils as pp  # pixel_array and iter_pixels are defined here
from bench_codec import side_by_side  # the script's own folder is on sys.path

import typeddcm.compat as tc
import typeddcm.compat.pixels as tp

_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> float:
    return side_by_side(label, theirs, ours, width=56)


def _read(name: str) -> tuple[Any, Any]:
    path = _WHEEL / name
    return pydicom.dcmread(path), tc.dcmread(path)


def _call(function: Callable[..., object], src: Any, **options: Any) -> Callable[[], object]:
    return lambda: function(src, **options)


def _options_then_array(ds: Any, **options: Any) -> Callable[[], object]:
    def run() -> object:
        ds.pixel_array_options(**options)  # clears the cached array: each call decodes
        return ds.pixel_array
    return run


def main() -> None:
    warnings.simplefilter("ignore")
    ratios: list[float] = []
    cases = [("CT_small.dcm", ""), ("rtdose.dcm", ""), ("MR_small_bigendian.dcm", ""),
             ("SC_rgb_rle_2frame.dcm", ""), ("rtdose_rle.dcm", ""),
             ("SC_rgb_jpeg_dcmtk.dcm", "pillow"), ("MR_small_jp2klossless.dcm", "pillow")]
    print("pixels.pixel_array(Dataset):")
    for name, plugin in cases:
        a, b = _read(name)
        ratios.append(_row(name, _call(pp.pixel_array, a, decoding_plugin=plugin),
                           _call(tp.pixel_array, b, decoding_plugin=plugin)))
    print("pixels.pixel_array(path), pixel_array(file object, index=...):")
    for name, _ in cases[:5]:
        path = _WHEEL / name
        ratios.append(_row(f"{name} (path)", _call(pp.pixel_array, path),
                           _call(tp.pixel_array, path)))
    data = (_WHEEL / "rtdose.dcm").read_bytes()
    ratios.append(_row("rtdose.dcm (file object, index=7)",
                       lambda: pp.pixel_array(io.BytesIO(data), index=7),
                       lambda: tp.pixel_array(io.BytesIO(data), index=7)))
    print("iter_pixels, Dataset.pixel_array with pixel_array_options:")
    a, b = _read("rtdose_rle.dcm")
    ratios.append(_row("iter_pixels (rtdose_rle, 15 frames)", lambda: list(pp.iter_pixels(a)),
                       lambda: list(tp.iter_pixels(b))))
    ratios.append(_row("iter_pixels (rtdose.dcm path, 15 frames)",
                       lambda: list(pp.iter_pixels(_WHEEL / "rtdose.dcm")),
                       lambda: list(tp.iter_pixels(_WHEEL / "rtdose.dcm"))))
    ratios.append(_row("iter_pixels (rtdose_rle.dcm, indices=[2, 9])",
                       lambda: list(pp.iter_pixels(a, indices=[2, 9])),
                       lambda: list(tp.iter_pixels(b, indices=[2, 9]))))
    for name, options in (("CT_small.dcm", {}), ("rtdose_rle.dcm", {"index": 3}),
                          ("SC_ybr_full_422_uncompressed.dcm", {"raw": True})):
        a, b = _read(name)
        ratios.append(_row(f"options {options} + ds.pixel_array ({name})",
                           _options_then_array(a, **options), _options_then_array(b, **options)))
    print("changing the dataset (not counted in the median):")
    arr = np.arange(256 * 256, dtype=np.uint16).reshape(256, 256) % 4096
    a, b = _read("CT_small.dcm")
    _row("set_pixel_data (256x256 uint16)", lambda: a.set_pixel_data(arr, "MONOCHROME2", 12),
         lambda: b.set_pixel_data(arr, "MONOCHROME2", 12))
    print(f"  {'median of pixel_array ratios':<56} {statistics.median(ratios):.2f}x "
          f"(min {min(ratios):.2f}x)")


if __name__ == "__main__":
    main()

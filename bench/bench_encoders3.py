"""Benchmark: pydicom 3's pixel encoders, typeddcm.compat's and pydicom's, in one run.

Run by hand (not a test): ``python bench/bench_encoders3.py``.  Each encoding is
timed (best of several runs) on the same data with the same plugin for
``typeddcm.compat.pixels.encoders`` and pydicom 3; the ratio is pydicom time /
typeddcm time (above 1: we are faster).  RLE frames are byte for byte the same
(pydicom's pure Python run finder against our vectorised one); JPEG-LS and JPEG
2000 run the same libraries (CharLS, openjpeg) behind each side's plugin code.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
from bench_codec import side_by_side  # the script's own folder is on sys.path
from pydicom.pixels.encoders import base as theirs

import typeddcm.compat as tc
from typeddcm.compat.pixels.encoders import base as ours

_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


def _row(label: str, their: Callable[[], object], our: Callable[[], object]) -> float:
    return side_by_side(label, their, our, width=44, unit="ms")


def _options(ds: Any) -> dict[str, Any]:
    return {"rows": ds.Rows, "columns": ds.Columns, "samples_per_pixel": ds.SamplesPerPixel,
            "photometric_interpretation": ds.PhotometricInterpretation,
            "pixel_representation": ds.PixelRepresentation,
            "bits_allocated": ds.BitsAllocated, "bits_stored": ds.BitsStored,
            "number_of_frames": 1, "planar_configuration": 0}


def main() -> None:
    """Print one row per encoding."""
    their_ds = pydicom.dcmread(_WHEEL / "CT_small.dcm")
    our_ds = tc.dcmread(_WHEEL / "CT_small.dcm")
    arr = their_ds.pixel_array
    opts = _options(their_ds)
    big = np.tile(arr, (4, 4))  # 512 x 512, a CT slice's size
    big_opts = {**opts, "rows": 512, "columns": 512}
    print("pixels.encoders: encode one frame")
    rows = [
        _row("RLE, CT_small dataset (pydicom plugin)",
             lambda: theirs.RLELosslessEncoder.encode(their_ds, encoding_plugin="pydicom"),
             lambda: ours.RLELosslessEncoder.encode(our_ds, encoding_plugin="pydicom")),
        _row("RLE, 512x512 int16 array",
             lambda: theirs.RLELosslessEncoder.encode(big, **big_opts),
             lambda: ours.RLELosslessEncoder.encode(big, **big_opts)),
    ]
    if importlib.util.find_spec("jpeg_ls") is not None:
        rows.append(_row("JPEG-LS lossless, 512x512 int16 array",
                         lambda: theirs.JPEGLSLosslessEncoder.encode(big, **big_opts),
                         lambda: ours.JPEGLSLosslessEncoder.encode(big, **big_opts)))
    if importlib.util.find_spec("openjpeg") is not None:
        rows.append(_row("JPEG 2000 lossless, 512x512 int16 array",
                         lambda: theirs.JPEG2000LosslessEncoder.encode(big, **big_opts),
                         lambda: ours.JPEG2000LosslessEncoder.encode(big, **big_opts)))
    print(f"  median ratio {float(np.median(rows)):.2f}x")


if __name__ == "__main__":
    main()

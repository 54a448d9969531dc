"""Benchmark: pydicom 3's pixels.utils / processing helpers, compat beside pydicom 3.

Run by hand (not a test): ``python bench/bench_pixel_utils3.py``.  Each row is the best
of several runs of the same call on the same data for both libraries; the ratio is
pydicom time / compat time (above 1: we are faster).  In-place operations (decompress,
compress, set_pixel_data) start from a dataset read from bytes inside the timed call,
for both libraries alike.
"""

from __future__ import annotations

import io
import statistics
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from struct import unpack

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
import pydicom.encaps
import pydicom.pixels.processing as pproc
import pydicom.pixels.utils as putils
from bench_codec import side_by_side  # the script's own folder is on sys.path

import typeddcm.compat as tc
import typeddcm.compat.data
from typeddcm.compat.pixels import processing as tproc
from typeddcm.compat.pixels import utils as tutils

_DATA = Path(pydicom.__file__).parent / "data"
_WHEEL = _DATA / "test_files"


def _row(label: str, theirs: Callable[[], object], ours: Callable[[], object]) -> float:
    return side_by_side(label, theirs, ours, width=48)


def main() -> None:
    """Print one row per entry point and the median ratio."""
    warnings.simplefilter("ignore")
    typeddcm.compat.data.testdata_dirs.append(_DATA)  # the wheel's palettes folder
    ratios = []
    jpeg = pydicom.dcmread(_WHEEL / "SC_rgb_jpeg_dcmtk.dcm")
    frame = next(pydicom.encaps.generate_frames(jpeg.PixelData, number_of_frames=1))
    ratios.append(_row("_get_jpg_parameters (JPEG frame)",
                       lambda: putils._get_jpg_parameters(frame),
                       lambda: tutils._get_jpg_parameters(frame)))
    summer = pydicom.dcmread(_DATA / "palettes" / "summer.dcm")
    raw = summer.SegmentedGreenPaletteColorLookupTableData
    data = unpack(f"<{len(raw)}B", raw)
    fmt = f"<{len(raw)}B"
    ratios.append(_row("_expand_segmented_lut (SUMMER green)",
                       lambda: pproc._expand_segmented_lut(data, fmt),
                       lambda: tproc._expand_segmented_lut(data, fmt)))
    arr = np.arange(512 * 512, dtype=np.uint32).reshape(512, 512).astype(np.uint8)
    ratios.append(_row("apply_color_lut(palette='PET'), 512x512",
                       lambda: pproc.apply_color_lut(arr, palette="PET"),
                       lambda: tproc.apply_color_lut(arr, palette="PET")))
    icc = (_WHEEL / "crayons.icc").read_bytes()
    rgb = pydicom.dcmread(_WHEEL / "SC_rgb_rle_2frame.dcm").pixel_array
    t_transform = pproc.create_icc_transform(icc_profile=icc)
    o_transform = tproc.create_icc_transform(icc_profile=icc)
    ratios.append(_row("apply_icc_profile (2 frames 100x100 RGB)",
                       lambda: pproc.apply_icc_profile(rgb.copy(), transform=t_transform),
                       lambda: tproc.apply_icc_profile(rgb.copy(), transform=o_transform)))
    rle = (_WHEEL / "SC_rgb_rle_2frame.dcm").read_bytes()
    ratios.append(_row("dcmread + decompress (RLE, 2 frames)",
                       lambda: putils.decompress(pydicom.dcmread(io.BytesIO(rle))),
                       lambda: tutils.decompress(tc.dcmread(io.BytesIO(rle)))))
    native = (_WHEEL / "CT_small.dcm").read_bytes()
    ct = pydicom.dcmread(io.BytesIO(native)).pixel_array
    ratios.append(_row("dcmread + compress(RLE, arr) (CT_small)",
                       lambda: putils.compress(pydicom.dcmread(io.BytesIO(native)),
                                               "1.2.840.10008.1.2.5", ct,
                                               encoding_plugin="pydicom"),
                       lambda: tutils.compress(tc.dcmread(io.BytesIO(native)),
                                               "1.2.840.10008.1.2.5", ct)))
    grey = np.arange(256 * 256, dtype=np.uint16).reshape(256, 256) % 4096
    ratios.append(_row("set_pixel_data (256x256, 12 bits)",
                       lambda: putils.set_pixel_data(pydicom.Dataset(), grey, "MONOCHROME2", 12),
                       lambda: tutils.set_pixel_data(tc.Dataset(), grey, "MONOCHROME2", 12)))
    print(f"median ratio {statistics.median(ratios):.2f}x")


if __name__ == "__main__":
    main()

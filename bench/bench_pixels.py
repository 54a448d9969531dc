"""Benchmark: pixel data to numpy, side by side with pydicom 3 in one run.

Run by hand (not a test): ``python bench/bench_pixels.py``.  Files are read once
(both libraries, from memory); then each library's decode is timed per file, best
of several runs: ``typeddcm.pixels.pixel_array(f)`` against pydicom's
``pydicom.pixels.pixel_array(ds)`` (which, unlike ``ds.pixel_array``, does not cache
its result).  pydicom is pinned to its Pillow plugin for JPEG / JPEG 2000 (what we
use) and to its own RLE decoder.  Reported: median of per-file ratios (pydicom time
/ typeddcm time: above 1 means we are faster), per group, plus synthetic large
images (a 512 x 512 x 100-frame CT-like series natively and in RLE, and JPEG /
JPEG 2000 encodings of a 1024 x 1024 image) and whether native arrays are views;
last, ``overlay_array`` and ``waveform_array`` against pydicom's Dataset methods.
"""

from __future__ import annotations

import io
import statistics
import sys
import warnings
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
from bench_codec import best  # the script's own folder is on sys.path
from pydicom.pixels.utils import pixel_array as pydicom_pixel_array

import typeddcm
from typeddcm import keys
from typeddcm.codec.transfer_syntax import EXPLICIT_VR_LITTLE_ENDIAN
from typeddcm.pixels import compress, overlay_array, pack_bits, pixel_array, waveform_array
from typeddcm.vr import OW

_GROUPS = {
    "1.2.840.10008.1.2.5": "RLE",
    "1.2.840.10008.1.2.4.50": "JPEG",
    "1.2.840.10008.1.2.4.51": "JPEG",
    "1.2.840.10008.1.2.4.90": "JPEG 2000",
    "1.2.840.10008.1.2.4.91": "JPEG 2000",
}
_PLUGIN = {"RLE": "pydicom", "JPEG": "pillow", "JPEG 2000": "pillow", "native": None}


def _group(uid: str) -> str | None:
    if uid in _GROUPS:
        return _GROUPS[uid]
    if uid in ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"):
        return "native"
    return None


def _pair(data: bytes) -> tuple[Any, typeddcm.DicomFile] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = pydicom.dcmread(io.BytesIO(data), force=True)
            ours = typeddcm.read(data, force=True)
            pixel_array(ours)
        except Exception:  # not an image both can decode: not in the benchmark
            return None
    return theirs, ours


def _timed(theirs: Any, ours: typeddcm.DicomFile, group: str) -> tuple[float, float] | None:
    options: dict[str, Any] = {"decoding_plugin": _PLUGIN[group]} if _PLUGIN[group] else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = pydicom_pixel_array(theirs, **options)
        except Exception:  # pydicom cannot decode it with that plugin
            return None
        if not np.array_equal(expected, pixel_array(ours)):
            print(f"  ! values differ for a {group} file (SOP Instance {theirs.get('SOPInstanceUID')})")
        t_theirs = best(lambda: pydicom_pixel_array(theirs, **options))
        t_ours = best(lambda: pixel_array(ours))
    return t_theirs, t_ours


def _wheel() -> dict[str, list[float]]:
    ratios: dict[str, list[float]] = {}
    root = Path(pydicom.__file__).parent / "data"
    for path in sorted((root / "test_files").rglob("*.dcm")):
        pair = _pair(path.read_bytes())
        if pair is None:
            continue
        group = _group(pair[1].transfer_syntax.uid)
        pixels = pair[1].dataset.get(0x7FE00010)
        if group is None or (group == "native" and pixels is not None and pixels.undefined_length):
            continue  # no group, or a meta that names a native syntax for compressed data
        times = _timed(*pair, group)
        if times is not None:
            ratios.setdefault(group, []).append(times[0] / times[1])
    return ratios


def _synthetic_ct(frames: int) -> typeddcm.DicomFile:
    rng = np.random.default_rng(1)
    yy, xx = np.mgrid[:512, :512]
    body = ((yy - 256) ** 2 + (xx - 256) ** 2 < 200**2) * 1000
    stack = (body[None] + rng.integers(0, 40, (frames, 512, 512))).astype("<u2")
    ds = (typeddcm.Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.2")
          .set(keys.SOPInstanceUID, "1.2.3").set(keys.Rows, 512).set(keys.Columns, 512)
          .set(keys.BitsAllocated, 16).set(keys.BitsStored, 12).set(keys.HighBit, 11)
          .set(keys.PixelRepresentation, 0).set(keys.SamplesPerPixel, 1)
          .set(keys.NumberOfFrames, frames).set(keys.PhotometricInterpretation, "MONOCHROME2")
          .set(keys.PixelData, OW(stack.tobytes())))
    meta = typeddcm.Dataset().set(keys.TransferSyntaxUID, EXPLICIT_VR_LITTLE_ENDIAN.uid)
    return typeddcm.DicomFile(b"\0" * 128, meta, ds, EXPLICIT_VR_LITTLE_ENDIAN)


def _photo(size: int) -> typeddcm.DicomFile:
    yy, xx = np.mgrid[:size, :size]
    grey = ((np.sin(xx / 40.0) + np.cos(yy / 25.0)) * 60 + 128).astype(np.uint8)
    rgb = np.stack([grey, grey[::-1], 255 - grey], axis=-1)
    ds = (typeddcm.Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
          .set(keys.SOPInstanceUID, "1.2.3").set(keys.Rows, size).set(keys.Columns, size)
          .set(keys.BitsAllocated, 8).set(keys.BitsStored, 8).set(keys.HighBit, 7)
          .set(keys.PixelRepresentation, 0).set(keys.SamplesPerPixel, 3)
          .set(keys.PlanarConfiguration, 0).set(keys.PhotometricInterpretation, "RGB")
          .set(keys.PixelData, rgb.tobytes()))
    meta = typeddcm.Dataset().set(keys.TransferSyntaxUID, EXPLICIT_VR_LITTLE_ENDIAN.uid)
    return typeddcm.DicomFile(b"\0" * 128, meta, ds, EXPLICIT_VR_LITTLE_ENDIAN)


def _synthetic_row(label: str, f: typeddcm.DicomFile, group: str) -> None:
    data = f.to_bytes(like_original=False)
    pair = _pair(data)
    assert pair is not None, label
    times = _timed(*pair, group)
    assert times is not None, label
    theirs, ours = times
    print(f"  {label:<44} pydicom {theirs * 1e3:9.2f} ms   typeddcm {ours * 1e3:9.2f} ms"
          f"   {theirs / ours:7.1f}x")


def _side_by_side(label: str, theirs: Any, ours: Any) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if not np.array_equal(theirs(), ours()):
            print(f"  ! values differ: {label}")
        t_theirs, t_ours = best(theirs), best(ours)
    print(f"  {label:<44} pydicom {t_theirs * 1e3:9.3f} ms   typeddcm {t_ours * 1e3:9.3f} ms"
          f"   {t_theirs / t_ours:7.1f}x")


def _overlays_and_waveforms() -> None:
    """overlay_array and waveform_array: the wheel's files and a 100-frame overlay."""
    print("overlays and waveforms (pydicom Dataset method vs typeddcm.pixels):")
    root = Path(pydicom.__file__).parent / "data" / "test_files"
    overlay_file = (root / "examples_overlay.dcm").read_bytes()
    theirs, ours = pydicom.dcmread(io.BytesIO(overlay_file)), typeddcm.read(overlay_file)
    _side_by_side("overlay 300x484 (examples_overlay.dcm)",
                  lambda: theirs.overlay_array(0x6000), lambda: overlay_array(ours, 0x6000))
    bits = np.random.default_rng(2).integers(0, 2, (100, 512, 512), dtype=np.uint8)
    big = (_synthetic_ct(1).dataset.set(0x60000010, 512).set(0x60000011, 512)
           .set(0x60000015, "100").set(0x60000100, 1).set(0x60000102, 0)
           .set(0x60000040, "G").set(0x60000050, [1, 1]).set(0x60003000, OW(pack_bits(bits))))
    data = typeddcm.DicomFile.new(big).to_bytes()
    theirs, ours = pydicom.dcmread(io.BytesIO(data)), typeddcm.read(data)
    _side_by_side("overlay 512x512x100 frames", lambda: theirs.overlay_array(0x6000),
                  lambda: overlay_array(ours, 0x6000))
    ecg = (root / "waveform_ecg.dcm").read_bytes()
    theirs, ours = pydicom.dcmread(io.BytesIO(ecg)), typeddcm.read(ecg)
    _side_by_side("ECG 12 x 10000 corrected (waveform_ecg.dcm)",
                  lambda: theirs.waveform_array(0), lambda: waveform_array(ours, 0))


def main() -> None:
    print(f"pydicom {pydicom.__version__}, numpy {np.__version__}")
    print("pydicom wheel files, median of per-file ratios (pydicom time / typeddcm time):")
    for group, values in sorted(_wheel().items()):
        print(f"  {group:<10} {len(values):3d} files   median {statistics.median(values):7.2f}x"
              f"   min {min(values):7.2f}x   max {max(values):7.2f}x")
    print("synthetic images:")
    ct = _synthetic_ct(100)
    _synthetic_row("native 512x512x100 frames, 16-bit", ct, "native")
    read = typeddcm.read(ct.to_bytes(like_original=False))
    view = pixel_array(read)
    element_data = read.dataset[0x7FE00010].vr.data  # type: ignore[union-attr]
    print(f"  native array is a view of the file's bytes: "
          f"{np.shares_memory(view, np.frombuffer(element_data, np.uint8))}")
    one = best(lambda: pixel_array(read, 57))
    print(f"  one frame of 100 (frame=57): {one * 1e6:.1f} us")
    _synthetic_row("RLE 512x512x100 frames, 16-bit", compress(ct, "1.2.840.10008.1.2.5"), "RLE")
    _synthetic_row("RLE 512x512 one frame, 16-bit",
                   compress(_synthetic_ct(1), "1.2.840.10008.1.2.5"), "RLE")
    photo = _photo(1024)
    _synthetic_row("RLE 1024x1024 RGB", compress(photo, "1.2.840.10008.1.2.5"), "RLE")
    _synthetic_row("RLE 256x256 RGB", compress(_photo(256), "1.2.840.10008.1.2.5"), "RLE")
    _synthetic_row("JPEG baseline 1024x1024 RGB",
                   compress(photo, "1.2.840.10008.1.2.4.50", quality=90), "JPEG")
    _synthetic_row("JPEG 2000 lossless 1024x1024 RGB",
                   compress(photo, "1.2.840.10008.1.2.4.90"), "JPEG 2000")
    _synthetic_row("JPEG 2000 lossless 512x512x4 16-bit",
                   compress(_synthetic_ct(4), "1.2.840.10008.1.2.4.90"), "JPEG 2000")
    _overlays_and_waveforms()


if __name__ == "__main__":
    main()

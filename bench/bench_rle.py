"""Benchmark: the RLE Lossless codec (typeddcm.pixels.rle) side by side with pydicom's.

Run by hand (not a test): ``python bench/bench_rle.py [--quick]``.  Synthetic frames
made here and encoded by us, at real sizes: a smooth 512x512 16-bit CT-like slice, a
noisy 1024x1024 16-bit MR, a large 2140x1760 16-bit radiograph, a 480x640 YBR_FULL
8-bit photo (3 samples, colour-by-pixel in the array; RLE keeps one segment per
sample), a 512x512 8-bit ultrasound-like image and a 512x512 16-bit noise image (few
runs); then every RLE frame of pydicom's wheel, summed up as one median line.

Each frame is decoded and encoded by every path of typeddcm that this build can run
(DECODER "c" / "pillow" / "python", ENCODER "c" / "numpy", chosen by setting the
module names as the tests do) and by pydicom 3: its RLE decoder's frame function
(``pixels.decoders.rle._rle_decode_frame``, which skips its dataset plumbing and its
plane combine, so it only flatters pydicom) and its RLELosslessEncoder with the
pure-Python ``pydicom`` plugin.  Each time is the best of 5 runs (``--quick``: 3) of
enough calls to time; ratios are pydicom time / ours (above 1: we are faster); the
target is 5x for the default path ("c") on every synthetic image.
"""

from __future__ import annotations

import statistics
import sys
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
from bench_codec import best  # the script's own folder is on sys.path
from numpy.typing import NDArray
from pydicom.pixels.decoders.rle import _rle_decode_frame
from pydicom.pixels.encoders.base import RLELosslessEncoder

from typeddcm.codec.encaps import frames
from typeddcm.pixels import rle
from typeddcm.pixels.colour import convert_color_space

Dims = tuple[int, int, int, int]  # rows, columns, samples, bits allocated
TARGET = 5.0


def ct_slice() -> NDArray[np.int16]:
    """512x512 CT-like: air outside an elliptic body, noisy tissue and a bright bone ring."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[-256:256, -256:256]
    r = (x / 220.0) ** 2 + (y / 180.0) ** 2
    img = np.full((512, 512), -1024.0)
    img[r < 1] = 40 + rng.normal(0, 12, (512, 512))[r < 1]
    img[(r > 0.8) & (r < 0.9)] = 700 + rng.normal(0, 40, (512, 512))[(r > 0.8) & (r < 0.9)]
    return img.astype(np.int16)


def noisy_mr(size: int = 1024) -> NDArray[np.uint16]:
    """16-bit, smooth signal plus strong noise: short runs in the low byte plane."""
    rng = np.random.default_rng(9)
    y, x = np.mgrid[0:size, 0:size]
    signal = 1000 + 600 * np.sin(x / 80.0) * np.cos(y / 110.0)
    noisy: NDArray[np.float64] = np.clip(signal + rng.normal(0, 60, (size, size)), 0, 4095)
    return noisy.astype(np.uint16)


def radiograph() -> NDArray[np.uint16]:
    """2140x1760 12-bit-in-16 radiograph: collimated edges, soft anatomy, mild noise."""
    rng = np.random.default_rng(3)
    y, x = np.mgrid[0:2140, 0:1760]
    soft = 2000 + 1500 * np.sin(x / 300.0) * np.cos(y / 250.0)
    img: NDArray[np.float64] = np.clip(soft + rng.normal(0, 30, (2140, 1760)), 0, 4095)
    img[:120], img[-120:], img[:, :100], img[:, -100:] = 0, 0, 0, 0  # collimator: long runs
    return img.astype(np.uint16)


def ybr_photo() -> NDArray[np.uint8]:
    """480x640 YBR_FULL photo-like: smooth gradients, textured patches, mild noise."""
    rng = np.random.default_rng(8)
    y, x = np.mgrid[0:480, 0:640]
    rgb = np.stack([128 + 100 * np.sin(x / 70.0), 128 + 90 * np.cos(y / 50.0),
                    128 + 80 * np.sin((x + y) / 90.0)], axis=-1)
    rgb[100:300, 200:450] += rng.normal(0, 25, (200, 250, 3))  # texture
    rgb += rng.normal(0, 2, rgb.shape)
    photo = np.clip(rgb, 0, 255).astype(np.uint8)
    ybr: NDArray[np.uint8] = convert_color_space(photo, "RGB", "YBR_FULL")
    return ybr


def ultrasound() -> NDArray[np.uint8]:
    """512x512 8-bit: a black frame around a speckled sector."""
    rng = np.random.default_rng(5)
    y, x = np.mgrid[0:512, 0:512]
    inside = (np.hypot(x - 256, y) < 480) & (np.abs(x - 256) < y * 0.8)
    img = np.zeros((512, 512), np.uint8)
    img[inside] = rng.gamma(2.0, 30, (512, 512)).clip(0, 255).astype(np.uint8)[inside]
    return img


def noise() -> NDArray[np.uint16]:
    """512x512 16-bit uniform noise: almost no runs, every segment nearly all literals."""
    return np.random.default_rng(4).integers(0, 65536, (512, 512), dtype=np.uint16)


def synthetic() -> list[tuple[str, NDArray[Any]]]:
    return [
        ("CT 512x512 16-bit", ct_slice()),
        ("MR 1024x1024 16-bit (noisy)", noisy_mr()),
        ("RG 2140x1760 16-bit", radiograph()),
        ("YBR_FULL 480x640 8-bit x3", ybr_photo()),
        ("US 512x512 8-bit", ultrasound()),
        ("noise 512x512 16-bit", noise()),
    ]


def dims_of(arr: NDArray[Any]) -> Dims:
    return arr.shape[0], arr.shape[1], arr.shape[2] if arr.ndim == 3 else 1, arr.itemsize * 8


def wheel_frames() -> list[tuple[Dims, bytes]]:
    """The first frame of every RLE file in pydicom's wheel (listed, not fetched)."""
    found = []
    folder = Path(pydicom.__file__).parent / "data" / "test_files"
    for path in sorted(folder.glob("*.dcm")):
        try:
            ds = pydicom.dcmread(path)
        except Exception:  # not a file pydicom reads: nothing to compare with
            continue
        if ds.file_meta.get("TransferSyntaxUID") != rle.TRANSFER_SYNTAX:
            continue
        count = int(ds.get("NumberOfFrames", 1) or 1)
        first = bytes(next(iter(frames(ds.PixelData, number_of_frames=count))))
        found.append(((ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated), first))
    return found


def their_encoder(arr: NDArray[Any]) -> Callable[[], object]:
    """pydicom's RLELosslessEncoder, pure-Python 'pydicom' plugin, on the array."""
    rows, columns, samples, bits = dims_of(arr)
    options: dict[str, Any] = {
        "rows": rows, "columns": columns, "samples_per_pixel": samples,
        "bits_allocated": bits, "bits_stored": bits, "number_of_frames": 1,
        "pixel_representation": int(arr.dtype.kind == "i"),
        "photometric_interpretation": "YBR_FULL" if samples == 3 else "MONOCHROME2",
    }
    if samples == 3:
        options["planar_configuration"] = 0
    return partial(RLELosslessEncoder.encode, arr, encoding_plugin="pydicom", **options)


def timed(module_name: str, value: str, func: Callable[[], object], repeat: int) -> float:
    """Best time of ``func`` with rle.<module_name> set to ``value`` (the tests' switch)."""
    saved = getattr(rle, module_name)
    setattr(rle, module_name, value)
    try:
        return best(func, repeat)
    finally:
        setattr(rle, module_name, saved)


def main() -> None:
    warnings.simplefilter("ignore")
    repeat = 3 if "--quick" in sys.argv else 5
    decoders = [d for d in ("c", "pillow", "python") if d != "c" or rle.DECODER == "c"]
    encoders = ["c", "numpy"] if rle.ENCODER == "c" else ["numpy"]
    print(f"RLE Lossless: typeddcm (default decoder {rle.DECODER!r}, encoder {rle.ENCODER!r})"
          f" vs pydicom {pydicom.__version__}; best of {repeat}; ratio = pydicom / ours")
    images = synthetic()
    misses = []

    print("\ndecode, ms per frame" + "".join(f"{d:>17}" for d in decoders) + f"{'pydicom':>11}")
    for name, arr in images:
        dims = dims_of(arr)
        encoded = rle.encode_frame(arr)
        assert (rle.decode_frame(encoded, *dims) == arr.view(f"u{arr.itemsize}")).all()
        theirs = best(partial(_rle_decode_frame, encoded, *dims), repeat)
        cells = []
        for d in decoders:
            ours = timed("DECODER", d, partial(rle.decode_frame, encoded, *dims), repeat)
            cells.append(f"{ours * 1e3:8.3f} {theirs / ours:6.1f}x")
            if d == rle.DECODER and theirs / ours < TARGET:
                misses.append(f"decode {name}: {theirs / ours:.1f}x")
        print(f"{name:28}" + "".join(f"{c:>17}" for c in cells) + f"{theirs * 1e3:11.3f}")

    print("\nencode, ms per frame" + "".join(f"{e:>17}" for e in encoders) + f"{'pydicom':>11}")
    for name, arr in images:
        theirs = best(their_encoder(arr), repeat)
        cells = []
        for e in encoders:
            ours = timed("ENCODER", e, partial(rle.encode_frame, arr), repeat)
            cells.append(f"{ours * 1e3:8.3f} {theirs / ours:6.1f}x")
            if e == rle.ENCODER and theirs / ours < TARGET:
                misses.append(f"encode {name}: {theirs / ours:.1f}x")
        print(f"{name:28}" + "".join(f"{c:>17}" for c in cells) + f"{theirs * 1e3:11.3f}")

    wheel = wheel_frames()
    ratios = [best(partial(_rle_decode_frame, f, *dims), repeat)
              / best(partial(rle.decode_frame, f, *dims), repeat) for dims, f in wheel]
    print(f"\npydicom's wheel, first frame of its {len(wheel)} RLE files, default decoder:"
          f" median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x"
          " (small frames: per-call costs)")
    verdict = "met on every synthetic image" if not misses else "missed: " + "; ".join(misses)
    print(f"target >= {TARGET:.0f}x for the default path ({rle.DECODER}/{rle.ENCODER}): {verdict}")


if __name__ == "__main__":
    main()

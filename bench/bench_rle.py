"""Benchmark: the RLE Lossless codec (typeddcm.pixels.rle) side by side with pydicom's.

Run by hand (not a test): ``python bench/bench_rle.py``.  Decodes every RLE frame
of pydicom's wheel files and three synthetic frames encoded by us (a 512x512 16-bit
CT-like slice, a noisy 512x512 16-bit image, a 480x640 RGB 8-bit screen-like image),
then encodes the same frames.  pydicom is timed at its frame-level functions (``_rle_decode_frame``,
the native ``_encode_frame``), skipping its dataset plumbing, which only flatters
it.  Each time is the best of 5 runs of enough calls to time; per-case lines give
the median over a file's frames and the ratio pydicom time / ours (above 1: we are
faster).
"""

from __future__ import annotations

import statistics
import sys
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pydicom
from bench_codec import best  # the script's own folder is on sys.path
from numpy.typing import NDArray
from pydicom.pixels.decoders.rle import _rle_decode_frame
from pydicom.pixels.encoders.native import _encode_frame

from typeddcm.codec.encaps import frames
from typeddcm.pixels import rle

Dims = tuple[int, int, int, int]  # rows, columns, samples, bits allocated


def wheel_cases() -> list[tuple[str, Dims, list[bytes]]]:
    """Every RLE file in pydicom's wheel: its frame dimensions and its frames."""
    cases = []
    folder = Path(pydicom.__file__).parent / "data" / "test_files"
    for path in sorted(folder.glob("*.dcm")):
        try:
            ds = pydicom.dcmread(path)
        except Exception:  # not a file pydicom reads: nothing to compare with
            continue
        if ds.file_meta.get("TransferSyntaxUID") != rle.TRANSFER_SYNTAX:
            continue
        count = int(ds.get("NumberOfFrames", 1) or 1)
        found = [bytes(f) for f in frames(ds.PixelData, number_of_frames=count)]
        dims = (ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated)
        cases.append((path.name, dims, found))
    return cases


def ct_slice() -> NDArray[np.int16]:
    """512x512 CT-like: air outside an elliptic body, noisy tissue and a bright bone ring."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[-256:256, -256:256]
    r = (x / 220.0) ** 2 + (y / 180.0) ** 2
    img = np.full((512, 512), -1024.0)
    img[r < 1] = 40 + rng.normal(0, 12, (512, 512))[r < 1]
    img[(r > 0.8) & (r < 0.9)] = 700 + rng.normal(0, 40, (512, 512))[(r > 0.8) & (r < 0.9)]
    return img.astype(np.int16)


def noisy_mr() -> NDArray[np.uint16]:
    """512x512 16-bit, smooth signal plus strong noise: short runs in every byte plane."""
    rng = np.random.default_rng(9)
    y, x = np.mgrid[0:512, 0:512]
    signal = 1000 + 600 * np.sin(x / 40.0) * np.cos(y / 55.0)
    noisy: NDArray[np.float64] = np.clip(signal + rng.normal(0, 60, (512, 512)), 0, 4095)
    return noisy.astype(np.uint16)


def screen_rgb() -> NDArray[np.uint8]:
    """480x640 RGB 8-bit: flat panels, a gradient and a photo-like noisy inset."""
    rng = np.random.default_rng(8)
    img = np.zeros((480, 640, 3), np.uint8)
    img[:, :, 2] = 40
    img[40:440, 40:300] = (200, 200, 210)
    img[40:440, 340:600, 0] = np.linspace(0, 255, 260).astype(np.uint8)
    img[100:300, 360:580] = rng.integers(0, 256, (200, 220, 3), dtype=np.uint8)
    return img


def their_encoder(arr: NDArray[Any]) -> Callable[[], object]:
    """pydicom's frame encoder, on the colour-by-pixel little-endian bytes it expects."""
    columns = arr.shape[1]
    samples = arr.shape[2] if arr.ndim == 3 else 1
    runner = SimpleNamespace(
        bits_allocated=arr.dtype.itemsize * 8,
        samples_per_pixel=samples,
        columns=columns,
        get_option=lambda name, default=None: default,
    )
    src = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).tobytes()
    return partial(_encode_frame, src, cast(Any, runner))


def row(name: str, ours: list[float], theirs: list[float]) -> None:
    a, b = statistics.median(ours), statistics.median(theirs)
    ratio = statistics.median(t / o for o, t in zip(ours, theirs, strict=True))
    print(f"{name:34} {a * 1e3:10.3f} ms {b * 1e3:10.3f} ms {ratio:9.1f}x  ({len(ours)} frames)")


def main() -> None:
    warnings.simplefilter("ignore")
    cases = wheel_cases()
    for name, arr in (
        ("synthetic CT 512x512 16-bit", ct_slice()),
        ("synthetic noisy 512x512 16-bit", noisy_mr()),
        ("synthetic RGB 480x640 8-bit", screen_rgb()),
    ):
        rows, columns = arr.shape[:2]
        samples = arr.shape[2] if arr.ndim == 3 else 1
        cases.append(
            (name, (rows, columns, samples, arr.dtype.itemsize * 8), [rle.encode_frame(arr)])
        )
    unpacker = "pure Python"
    if rle._unpack is rle._unpack_pillow_core:
        unpacker = "Pillow's C objects"
    elif rle._unpack is rle._unpack_pillow:
        unpacker = "Pillow's public API"
    print(f"RLE Lossless, typeddcm ({unpacker} PackBits) vs pydicom {pydicom.__version__}")
    header = f"{'':34} {'typeddcm':>13} {'pydicom':>13} {'ratio':>10}"

    print(f"\ndecode (median per frame)\n{header}")
    decoded: dict[str, list[NDArray[Any]]] = {}
    every_ours: list[float] = []
    every_theirs: list[float] = []
    for name, dims, found in cases:
        ours = [best(partial(rle.decode_frame, f, *dims)) for f in found]
        theirs = [best(partial(_rle_decode_frame, f, *dims)) for f in found]
        decoded[name] = [rle.decode_frame(f, *dims) for f in found]
        row(name, ours, theirs)
        if not name.startswith("synthetic"):
            every_ours += ours
            every_theirs += theirs
    row("all wheel frames", every_ours, every_theirs)

    print(f"\nencode (median per frame)\n{header}")
    every_ours, every_theirs = [], []
    for name, _, _ in cases:
        ours = [best(partial(rle.encode_frame, arr)) for arr in decoded[name]]
        theirs = [best(their_encoder(arr)) for arr in decoded[name]]
        row(name, ours, theirs)
        if not name.startswith("synthetic"):
            every_ours += ours
            every_theirs += theirs
    row("all wheel frames", every_ours, every_theirs)


if __name__ == "__main__":
    main()

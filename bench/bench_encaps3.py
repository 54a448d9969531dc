"""Benchmark: pydicom 3's encaps and valuerep entry points, typeddcm.compat against pydicom.

Run by hand (not a test): ``python bench/bench_encaps3.py``.  Each operation is timed
(best of several runs) on the same data for ``typeddcm.compat`` and pydicom 3; the ratio
is pydicom time / typeddcm time (above 1: we are faster).  Data: 400 JPEG-like frames of
4 KiB (one fragment each, then three each), with and without a Basic Offset Table, and
an Extended Offset Table; the wheel file SC_rgb_rle_2frame.dcm's Pixel Data.
"""

from __future__ import annotations

import io
import itertools
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
import pydicom.encaps as pe
import pydicom.valuerep as pv
from bench_codec import best  # the script's own folder is on sys.path

import typeddcm.compat.encaps as te
import typeddcm.compat.valuerep as tv


def frames(count: int, size: int) -> list[bytes]:
    body = bytes(range(256)) * (size // 256)
    return [b"\xff\xd8" + body[: size - 4] + b"\xff\xd9" for _ in range(count)]


def row(name: str, ours: Callable[[], Any], theirs: Callable[[], Any]) -> float:
    # Alternate the two, keeping each one's best: other work on the machine then weighs
    # on both alike.
    a = b = float("inf")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(3):
            a, b = min(a, best(ours)), min(b, best(theirs))
    ratio = b / a
    print(f"{name:<48} ours {a * 1e6:10.1f} us  pydicom {b * 1e6:10.1f} us  ratio {ratio:6.2f}")
    return ratio


def main() -> None:
    many = frames(400, 4096)
    with_bot = te.encapsulate(many)
    without_bot = te.encapsulate(many, has_bot=False)
    split = te.encapsulate(many, fragments_per_frame=3)
    split_no_bot = te.encapsulate(many, fragments_per_frame=3, has_bot=False)
    eot = te.encapsulate_extended(many)
    table = (eot[1], eot[2])
    rle_path = str(pydicom.data.get_testdata_file("SC_rgb_rle_2frame.dcm"))
    rle = bytes(pydicom.dcmread(rle_path).PixelData)
    # Dates past the validation cache's 4096 entries, cycled.
    dates = itertools.cycle([f"{1900 + y}{m:02}{d:02}" for y in range(100) for m in range(1, 13)
                             for d in range(1, 29)])
    print(f"pydicom {pydicom.__version__}")
    ratios = [
        row("generate_frames, BOT, 400 frames", lambda: list(te.generate_frames(with_bot)),
            lambda: list(pe.generate_frames(with_bot))),
        row("generate_frames, no BOT, 400 frames",
            lambda: list(te.generate_frames(without_bot, number_of_frames=400)),
            lambda: list(pe.generate_frames(without_bot, number_of_frames=400))),
        row("generate_fragmented_frames, BOT, 3 fragments each",
            lambda: list(te.generate_fragmented_frames(split)),
            lambda: list(pe.generate_fragmented_frames(split))),
        row("generate_frames, no BOT, 3 fragments each (markers)",
            lambda: list(te.generate_frames(split_no_bot, number_of_frames=400)),
            lambda: list(pe.generate_frames(split_no_bot, number_of_frames=400))),
        row("generate_frames, Extended Offset Table",
            lambda: list(te.generate_frames(eot[0], extended_offsets=table)),
            lambda: list(pe.generate_frames(eot[0], extended_offsets=table))),
        row("get_frame(200), BOT", lambda: te.get_frame(with_bot, 200),
            lambda: pe.get_frame(with_bot, 200)),
        row("get_frame(200), Extended Offset Table",
            lambda: te.get_frame(eot[0], 200, extended_offsets=table),
            lambda: pe.get_frame(eot[0], 200, extended_offsets=table)),
        row("get_frame(200), no BOT", lambda: te.get_frame(without_bot, 200, number_of_frames=400),
            lambda: pe.get_frame(without_bot, 200, number_of_frames=400)),
        row("get_frame(1), file object, BOT", lambda: te.get_frame(io.BytesIO(with_bot), 1),
            lambda: pe.get_frame(io.BytesIO(with_bot), 1)),
        row("parse_basic_offsets", lambda: te.parse_basic_offsets(with_bot),
            lambda: pe.parse_basic_offsets(with_bot)),
        row("parse_fragments, 400 items", lambda: te.parse_fragments(with_bot[8 + 1600:]),
            lambda: pe.parse_fragments(with_bot[8 + 1600:])),
        row("generate_frames, RLE wheel file (2 frames)",
            lambda: list(te.generate_frames(rle, number_of_frames=2)),
            lambda: list(pe.generate_frames(rle, number_of_frames=2))),
        row("encapsulate, 400 frames", lambda: te.encapsulate(many),
            lambda: pe.encapsulate(many)),
        row("EncapsulatedBuffer read all, 400 frames",
            lambda: te.encapsulate_buffer([io.BytesIO(f) for f in many]).read(None),
            lambda: pe.encapsulate_buffer([io.BytesIO(f) for f in many]).read(None)),
        row("validate_value CS (RAISE)", lambda: tv.validate_value("CS", "ORIGINAL", 2),
            lambda: pv.validate_value("CS", "ORIGINAL", 2)),
        row("validate_value DA (RAISE)", lambda: tv.validate_value("DA", "20200101", 2),
            lambda: pv.validate_value("DA", "20200101", 2)),
        row("validate_value DA, a new value each call (no cache)",
            lambda: tv.validate_value("DA", next(dates), 2),
            lambda: pv.validate_value("DA", next(dates), 2)),
        row("'US' in INT_VR", lambda: "US" in tv.INT_VR, lambda: "US" in pv.INT_VR),
    ]
    below = [r for r in ratios if r < 1]
    print(f"{len(ratios) - len(below)} of {len(ratios)} at least as fast")


if __name__ == "__main__":
    main()

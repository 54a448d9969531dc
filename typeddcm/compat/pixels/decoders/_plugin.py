"""What our decoding plugin modules share: one frame through one of typeddcm's codecs.

pydicom's plugins hand a frame to a library and give back its bytes; ours hand it
to typeddcm.pixels' codec built on that library (found in the codec registry by
name), then tell the runner how the bytes are laid out: colour-by-pixel, in the
codec's colour space and, where pydicom's plugin does so, in the container the
codestream's precision needs rather than Bits Allocated's.
"""

from __future__ import annotations

import functools
import importlib.util
from typing import Any

import numpy as np

from typeddcm.errors import DecodeError
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.registry import Codec, codecs

from ._runner import DecodeRunner

__all__ = ["decode_with", "has_modules", "registry_codec"]


@functools.cache
def has_modules(*names: str) -> bool:
    """Whether every module named imports (found on the path; asked once a process)."""
    return all(importlib.util.find_spec(name) is not None for name in names)


def registry_codec(name: str) -> Codec | None:
    """The registered codec called ``name`` (None once unregistered)."""
    return next((codec for codec in codecs() if codec.name == name), None)


def _layout(runner: DecodeRunner) -> PixelLayout:
    # A plugin may have narrowed bits_allocated to an earlier frame's precision: the
    # stored bits then fit in it (the codestream said so).
    return PixelLayout(
        rows=runner.rows, columns=runner.columns, samples_per_pixel=runner.samples_per_pixel,
        bits_allocated=runner.bits_allocated,
        bits_stored=min(runner.bits_stored, runner.bits_allocated),
        pixel_representation=runner.pixel_representation, planar_configuration=0,
        number_of_frames=1, photometric_interpretation=str(runner.photometric_interpretation))


def _container_bits(precision: int) -> int:
    return 8 if precision <= 8 else 16 if precision <= 16 else 32 if precision <= 32 else 64


def decode_with(names: tuple[str, ...], src: bytes, runner: DecodeRunner, *,
                precision_option: str | None = None) -> bytes:
    """``src`` decoded by the first of the codecs ``names`` that handles the syntax.

    ``precision_option`` names the runner option holding the codestream's precision
    (``j2k_precision``, ``jls_precision``): the samples then come in the smallest
    container holding it, and ``bits_allocated`` says so.  RuntimeError when none of
    the codecs is registered and available for the syntax.
    """
    uid = str(runner.transfer_syntax)
    codec = next((c for c in map(registry_codec, names)
                  if c is not None and c.decode is not None and uid in c.transfer_syntaxes
                  and c.is_available()), None)
    if codec is None or codec.decode is None:
        msg = f"none of typeddcm's codecs {', '.join(names)} can decode {runner.transfer_syntax.name} here"
        raise RuntimeError(msg)
    try:
        decoded = codec.decode(src, _layout(runner), uid)
    except DecodeError as error:
        # The library's own error, as pydicom's plugins let it out.
        cause = error.__cause__
        if isinstance(cause, Exception) and not isinstance(cause, DecodeError):
            raise cause from error
        raise
    arr: Any = decoded.array
    runner.set_option("planar_configuration", 0)
    if decoded.photometric_interpretation != runner.photometric_interpretation:
        runner.set_option("photometric_interpretation", decoded.photometric_interpretation)
    if precision_option is not None:
        precision = int(runner.get_option(precision_option, runner.bits_stored))
        bits = _container_bits(precision)
        if bits != runner.bits_allocated:
            runner.set_option("bits_allocated", bits)
            arr = arr.astype(f"{arr.dtype.kind}{bits // 8}")
    # Encapsulated syntaxes are all little endian.
    return bytes(np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).data)

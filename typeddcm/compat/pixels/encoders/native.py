"""pydicom 3's ``pixels.encoders.native``: the ``pydicom`` encoding plugin.

RLE Lossless (PS3.5 Annex G) as pydicom writes it: runs of 2 or more equal bytes
are replicate runs, the rest literal runs, each row on its own, segments padded to
even length.  The PackBits work is typeddcm.pixels.rle's (vectorised) with its
``pairs`` rule, so the frames are byte for byte pydicom's.  Also, as typeddcm's
extension, Deflated Image Frame Compression and Encapsulated Uncompressed through
the registry's built-in codecs.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from typeddcm.pixels import rle

from ._plugin import encode_with, encoder_codec

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["ENCODER_DEPENDENCIES", "is_available"]

_RLE = "1.2.840.10008.1.2.5"
# Our built-in codec for each syntax this plugin encodes.
_CODECS = {
    _RLE: ("typeddcm-rle",),
    "1.2.840.10008.1.2.8.1": ("typeddcm-deflate",),
    "1.2.840.10008.1.2.1.98": ("typeddcm-uncompressed",),
}

#: The syntaxes this plugin encodes: it needs nothing beyond numpy.
ENCODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {uid: () for uid in _CODECS}


def is_available(uid: str) -> bool:
    """Whether the plugin can encode ``uid`` here (its registry codec is registered)."""
    names = _CODECS.get(str(uid))
    return names is not None and encoder_codec(names, str(uid)) is not None


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame of little endian samples (``src``) encoded as the runner's syntax.

    ValueError for big endian data (``byteorder`` ``'>'``) or more than 15 RLE
    segments (PS3.5 G.2: samples x bytes allocated).
    """
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")
    uid = str(runner.transfer_syntax)
    if uid != _RLE:
        names = _CODECS.get(uid)
        if names is None:
            msg = f"The 'pydicom' plugin cannot encode '{runner.transfer_syntax.name}'"
            raise ValueError(msg)
        return encode_with(names, src, runner, {})
    allocated = math.ceil(runner.bits_allocated / 8)
    samples = int(runner.samples_per_pixel)
    if allocated * samples > 15:
        msg = ("Unable to encode as the DICOM standard only allows a maximum of 15 segments "
               "in RLE encoded data")
        raise ValueError(msg)
    planes = _byte_planes(src, runner, allocated)
    return rle.encode_planes(planes, pairs=True)


def _byte_planes(src: bytes, runner: EncodeRunner, allocated: int) -> npt.NDArray[np.uint8]:
    """``src``'s samples as (samples x ``allocated``, rows, columns) byte planes, in
    segment order: each sample's most significant byte first (PS3.5 G.2)."""
    rows, columns, samples = runner.rows, runner.columns, int(runner.samples_per_pixel)
    count = rows * columns * samples
    given, extra = divmod(len(src), count)
    if extra or given < 1:
        msg = f"The frame's {len(src)} bytes are not {count} whole samples"
        raise ValueError(msg)
    data = np.frombuffer(src, dtype=np.uint8).reshape(rows, columns, samples, given)
    if given >= allocated:
        data = data[..., :allocated]  # a wider container: its low bytes hold the value
    else:
        # A narrower container (get_frame's, sized by Bits Stored): the high bytes are
        # the sign's (signed samples) or zero, as a reader of Bits Allocated expects.
        fill = np.zeros((rows, columns, samples, allocated - given), dtype=np.uint8)
        if runner.get_option("pixel_representation", 0):
            fill[...] = np.where(data[..., -1:] & 0x80, 0xFF, 0)
        data = np.concatenate((data, fill), axis=-1)
    # [row, column, sample, byte (LSB first)] -> [sample, byte (MSB first), row, column]
    planes = data[..., ::-1].transpose(2, 3, 0, 1).reshape(samples * allocated, rows, columns)
    return np.ascontiguousarray(planes)


def _as_bytes(src: bytes | bytearray | memoryview | Iterable[int]) -> npt.NDArray[np.uint8]:
    if isinstance(src, (bytes, bytearray, memoryview)):
        return np.frombuffer(src, dtype=np.uint8)
    return np.asarray(list(src), dtype=np.uint8)


def _encode_segment(src: bytes, columns: int) -> bytearray:
    """One byte segment (PS3.5 G.2) RLE encoded row by row, padded to even length."""
    data = _as_bytes(src)
    whole = len(data) // columns * columns
    out = bytearray(rle.packbits(data[:whole].reshape(-1, columns), pairs=True)) if whole else (
        bytearray())
    if whole < len(data):  # a last, short row is encoded on its own
        out += rle.packbits(data[whole:].reshape(1, -1), pairs=True)
    if len(out) % 2:
        out.append(0)
    return out


def _encode_row(src: bytes | Iterable[int]) -> bytes:
    """One row of bytes as PackBits runs: replicate runs of 2 to 128, literal runs up to 128."""
    data = _as_bytes(src)
    return rle.packbits(data.reshape(1, -1), pairs=True) if len(data) else b""

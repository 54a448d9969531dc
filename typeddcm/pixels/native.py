"""Native (uncompressed) pixel data <-> numpy arrays, as views of the file's bytes.

Reading never copies when it need not: a frame (or all frames) of 8/16/32/64-bit
data in the machine's byte order is ``np.frombuffer`` over the element's memoryview,
which for a file read from a path is the memory map itself, so only the pages of
the frames asked for are ever read from disk.  A copy is made only where the
bytes cannot be the answer as they are: bit-packed 1-bit data,
YBR_FULL_422 subsampling, 8-bit data that a big endian OW has pairwise swapped, and
high bits beyond Bits Stored that hold something other than the sign extension
(PS3.5 8.1.1 says their content is undefined; most files leave them clean, so the
check is one vectorised pass and the view survives it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.errors import DecodeError, EncodeError
from typeddcm.pixels.layout import PixelLayout

__all__ = ["decode_native", "encode_native", "mask_unused_bits"]


def _byte_range(layout: PixelLayout, frame: int | None) -> tuple[int, int, int]:
    """First byte, byte count and leading bit offset of the frames asked for."""
    frame_bits = layout.native_frame_bits
    first_bit = 0 if frame is None else frame * frame_bits
    bit_count = frame_bits * (layout.number_of_frames if frame is None else 1)
    start = first_bit // 8
    stop = -(-(first_bit + bit_count) // 8)
    return start, stop - start, first_bit % 8


def _check_length(buffer: memoryview, layout: PixelLayout, frame: int | None) -> None:
    start, count, _ = _byte_range(layout, frame)
    if start + count <= len(buffer):
        return
    what = f"frame {frame}" if frame is not None else f"{layout.number_of_frames} frame(s)"
    msg = (
        f"{what}: the pixel data has {len(buffer)} bytes, {start + count} are needed for "
        f"{layout.rows} x {layout.columns} x {layout.samples_per_pixel} samples of "
        f"{layout.bits_allocated} bits"
    )
    raise DecodeError(msg, offset=len(buffer), path=layout.pixel_keyword)


def decode_native(
    buffer: memoryview,
    layout: PixelLayout,
    *,
    little_endian: bool = True,
    frame: int | None = None,
    swapped_words: bool = False,
) -> tuple[npt.NDArray[Any], str]:
    """The frame(s) of native pixel data as an array, and the colour space of its samples.

    Shape is ``layout.shape()`` (or one frame's when ``frame`` is given); planar
    configuration 1 becomes a transposed view, so samples are always the last axis.
    ``swapped_words``: 8-bit data held in a big endian OW, whose bytes come in
    swapped pairs.  The array is read-only when it is a view of ``buffer``.
    """
    _check_length(buffer, layout, frame)
    start, count, bit_offset = _byte_range(layout, frame)
    frames = layout.number_of_frames if frame is None else 1
    colour = layout.photometric_interpretation
    if layout.bits_allocated == 1:
        packed = np.frombuffer(buffer, np.uint8, count=count, offset=start)
        bits = np.unpackbits(packed, bitorder="little")
        flat: npt.NDArray[Any] = bits[bit_offset: bit_offset + layout.pixels_per_frame * frames]
    elif swapped_words:
        flat = _unswap_words(buffer, start, count)
    else:
        dtype = layout.dtype
        if dtype.itemsize > 1:
            dtype = dtype.newbyteorder("<" if little_endian else ">")
        # Big endian words stay a view with a big endian dtype (as pydicom's arrays do).
        flat = np.frombuffer(buffer, dtype, count=count // dtype.itemsize, offset=start)
    if colour == "YBR_FULL_422" and layout.samples_per_pixel == 3:
        flat = _upsample_422(flat)
        colour = "YBR_FULL"
    array = _shape(flat, layout, frames)
    if not layout.is_float and 1 < layout.bits_stored < layout.bits_allocated:
        array = mask_unused_bits(array, layout.bits_stored)
    return array, colour


def _unswap_words(buffer: memoryview, start: int, count: int) -> npt.NDArray[Any]:
    # Pairs are swapped relative to the byte stream, so read from the even byte at or
    # before ``start`` and drop what precedes it after swapping.
    lead = start % 2
    first = start - lead
    usable = min(len(buffer) - first, count + lead + 1) // 2 * 2
    words = np.frombuffer(buffer, "<u2", count=usable // 2, offset=first).byteswap()
    return words.view(np.uint8)[lead: lead + count]


def _upsample_422(flat: npt.NDArray[Any]) -> npt.NDArray[Any]:
    # Y1 Y2 Cb Cr per pair of pixels (PS3.3 C.7.6.3.1.2) -> Y1 Cb Cr Y2 Cb Cr.
    pairs = flat.reshape(-1, 4)
    out = np.empty((pairs.shape[0], 6), dtype=flat.dtype)
    out[:, 0], out[:, 3] = pairs[:, 0], pairs[:, 1]
    out[:, 1], out[:, 4] = pairs[:, 2], pairs[:, 2]
    out[:, 2], out[:, 5] = pairs[:, 3], pairs[:, 3]
    return out.reshape(-1)


def _shape(flat: npt.NDArray[Any], layout: PixelLayout, frames: int) -> npt.NDArray[Any]:
    rows, columns, samples = layout.rows, layout.columns, layout.samples_per_pixel
    if samples == 1 or layout.planar_configuration == 0:
        shaped = flat.reshape(frames, rows, columns, samples)
    else:  # colour-by-plane: a transposed view keeps samples last without copying
        shaped = flat.reshape(frames, samples, rows, columns).transpose(0, 2, 3, 1)
    if samples == 1:
        shaped = shaped[..., 0]
    return shaped[0] if frames == 1 else shaped


def mask_unused_bits(array: npt.NDArray[Any], bits_stored: int) -> npt.NDArray[Any]:
    """``array`` with the bits above Bits Stored made the sign extension (signed) or zero.

    Returns ``array`` itself (a view stays a view) when its values are already in
    range, which is the common case; otherwise a corrected copy.
    """
    if array.size == 0:
        return array
    bits = array.dtype.itemsize * 8
    if array.dtype.kind == "i":
        low, high = -(1 << (bits_stored - 1)), (1 << (bits_stored - 1)) - 1
    else:
        low, high = 0, (1 << bits_stored) - 1
    # Unsigned: one pass (max) suffices; signed needs both ends.
    if array.max() <= high and (low == 0 or low <= array.min()):
        return array
    shift = bits - bits_stored
    # Left then right shift: arithmetic for signed types, so the sign bit is extended.
    corrected: npt.NDArray[Any] = np.left_shift(array, shift)
    np.right_shift(corrected, shift, out=corrected)
    return corrected


def encode_native(array: npt.NDArray[Any], layout: PixelLayout) -> bytes:
    """The native little endian bytes of ``array`` laid out as ``layout`` says.

    ``array`` is shaped as :func:`decode_native` returns it; planar configuration 1
    is written colour-by-plane, 1-bit data is packed, and the result is padded to
    even length (PS3.5 7.1.1).  YBR_FULL_422 subsampling is not produced: pass
    full-resolution samples with a layout of another photometric interpretation.
    """
    frames = layout.number_of_frames
    expected = layout.shape(frames)
    if array.shape != expected:
        msg = f"array shape {array.shape} does not match the layout's {expected}"
        raise EncodeError(msg)
    if layout.photometric_interpretation == "YBR_FULL_422":
        msg = "native YBR_FULL_422 is not written; convert to YBR_FULL or RGB first"
        raise EncodeError(msg)
    data = array.reshape(frames, layout.rows, layout.columns, layout.samples_per_pixel)
    if layout.samples_per_pixel > 1 and layout.planar_configuration == 1:
        data = data.transpose(0, 3, 1, 2)
    if layout.bits_allocated == 1:
        raw = np.packbits(np.ascontiguousarray(data, dtype=np.uint8).reshape(-1) & 1,
                          bitorder="little").tobytes()
    else:
        dtype = layout.dtype.newbyteorder("<") if layout.dtype.itemsize > 1 else layout.dtype
        raw = np.ascontiguousarray(data, dtype=dtype).tobytes()
    return raw + b"\x00" if len(raw) % 2 else raw

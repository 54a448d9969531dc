"""Native (uncompressed) pixel data for pydicom 3's Decoder: frames cut from the value.

A native frame needs no codec: it is a slice of the value (PS3.5 8.1.1, 8.2), so
as pydicom these give a view on the source where they can (``view_only``).  Three
layouts need more: 1-bit data is packed across frame boundaries, YBR_FULL_422
keeps two chroma samples per two pixels (PS3.3 C.7.6.3.1.2), and 8-bit data that
Explicit VR Big Endian wrote as OW has each byte pair swapped.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import numpy.typing as npt

from ...misc import LOGGER
from ..common import PhotometricInterpretation as PI
from ._runner import DecodeRunner

__all__ = ["as_array_native", "as_buffer_native"]


def _source(runner: DecodeRunner, view: bool) -> tuple[Any, int, int | float]:
    """(source, offset of the value in it, bytes available) of the runner's pixel data."""
    frame_bytes = runner.frame_length(unit="bytes")
    if runner.is_dataset or runner.is_buffer:
        buffer: Any = runner.src
        src = memoryview(buffer) if view else buffer
        return src, 0, len(src)
    fp: Any = runner.src
    return fp, fp.tell(), frame_bytes * runner.number_of_frames


def _check_index(index: int, start: int | float, frame_bytes: int | float, offset: int,
                 available: int | float) -> None:
    if start + frame_bytes > offset + available:
        msg = f"There is insufficient pixel data to contain {index + 1} frames"
        raise ValueError(msg)


def _swapped_slice(runner: DecodeRunner, src: Any, offset: int, available: int,
                   index: int | None) -> tuple[bytes, slice]:
    """8-bit data written as OW by Explicit VR Big Endian: the bytes holding the frame(s),
    whole byte pairs, and the part of them that is the frame once each pair is swapped."""
    frame_bytes = int(runner.frame_length(unit="bytes"))
    if index is None:
        total = frame_bytes * runner.number_of_frames
        return runner.get_data(src, offset, total + total % 2), slice(0, total)
    start = offset + index * frame_bytes
    _check_index(index, start, frame_bytes, offset, available)
    if frame_bytes % 2 == 0:
        return runner.get_data(src, start, frame_bytes), slice(0, frame_bytes)
    # An odd frame length: an even frame starts a pair, an odd one ends one.
    odd = index % 2
    data = runner.get_data(src, start - odd, frame_bytes + 1)
    return data, slice(odd, odd + frame_bytes)


def as_buffer_native(runner: DecodeRunner, index: int | None) -> Any:
    """The native bytes of frame ``index`` (or all frames), as stored.

    A buffer source gives its own type (a memoryview with ``view_only``), a file gives
    bytes.  For packed 1-bit data a frame's first and last bytes may hold neighbours'
    pixels; for 8-bit OW big endian data the byte pairs stay unswapped, with the pad
    byte of an odd-length frame included.
    """
    src, offset, available = _source(runner, bool(runner.get_option("view_only", False)))
    frame_bytes = runner.frame_length(unit="bytes")
    if runner._test_for("be_swap_ow"):
        frame = int(frame_bytes)
        if index is None:
            total = frame * runner.number_of_frames
            return runner.get_data(src, offset, total + total % 2)
        start = offset + index * frame
        _check_index(index, start, frame, offset, available)
        if frame % 2 == 0:
            return runner.get_data(src, start, frame)
        return runner.get_data(src, start - index % 2, frame + 1)
    if index is None:
        return runner.get_data(src, offset, math.ceil(frame_bytes * runner.number_of_frames))
    start = math.floor(offset + index * frame_bytes)
    _check_index(index, start, frame_bytes, offset, available)
    if runner.bits_allocated == 1:
        first, count = _packed_span(runner, index)
        return runner.get_data(src, offset + first, count)
    return runner.get_data(src, start, math.ceil(frame_bytes))


def _packed_span(runner: DecodeRunner, index: int) -> tuple[int, int]:
    """(first byte, byte count) holding 1-bit frame ``index``: frames are packed back to
    back (PS3.5 8.1.1), so one may start and end mid-byte, sharing bytes with the next."""
    pixels = int(runner.frame_length(unit="pixels"))
    first_bit = index * pixels
    first = first_bit // 8
    return first, -(-(first_bit + pixels) // 8) - first


def as_array_native(runner: DecodeRunner, index: int | None) -> npt.NDArray[Any]:
    """Frame ``index`` (or all frames) as a flat array of samples, colour planes as stored.

    A view on a buffer source when nothing has to change (read-only if the source
    is); 1-bit data is unpacked and YBR_FULL_422 upsampled (then YBR_FULL).
    """
    view_only = bool(runner.get_option("view_only", False))
    src, offset, available = _source(runner, True)
    frame_bytes = runner.frame_length(unit="bytes")
    frame_pixels = int(runner.frame_length(unit="pixels"))
    dtype = runner.pixel_dtype
    if runner._test_for("be_swap_ow"):
        if view_only:
            LOGGER.warning("Unable to return an ndarray that's a view on the original buffer "
                           "for 8-bit pixel data encoded as OW with 'Explicit VR Big Endian'")
        data, part = _swapped_slice(runner, src, offset, int(available), index)
        arr = np.frombuffer(data, dtype="u2").byteswap().view(dtype)[part]
    else:
        if index is None:
            length = frame_bytes * runner.number_of_frames
            start: int | float = offset
        else:
            start = math.floor(offset + index * frame_bytes)
            _check_index(index, start, frame_bytes, offset, available)
            length = frame_bytes
            if runner.bits_allocated == 1:
                first, length = _packed_span(runner, index)
                start = offset + first
        data = runner.get_data(src, int(start), math.ceil(length))
        arr = np.frombuffer(data, dtype=dtype)
    if runner.bits_allocated == 1:
        if view_only:
            LOGGER.warning("Unable to return an ndarray that's a view on the original buffer "
                           "for bit-packed pixel data")
        # Frames are packed back to back, so frame n starts at bit n * pixels (PS3.5 8.1.1).
        first = 0 if index is None else (index * frame_pixels) % 8
        count = frame_pixels * (runner.number_of_frames if index is None else 1)
        bits = np.unpackbits(arr, bitorder="little", count=arr.size * 8)
        return bits[first:first + count]
    if runner.photometric_interpretation != PI.YBR_FULL_422:
        return arr
    if view_only:
        LOGGER.warning("Unable to return an ndarray that's a view on the original buffer for "
                       "uncompressed pixel data with a photometric interpretation of "
                       "'YBR_FULL_422'")
    runner.set_option("photometric_interpretation", PI.YBR_FULL)
    return upsample_ybr_422(arr, dtype)


def upsample_ybr_422(arr: npt.NDArray[Any], dtype: np.dtype[Any]) -> npt.NDArray[Any]:
    """Y1 Y2 Cb Cr groups as Y1 Cb Cr Y2 Cb Cr: each pixel pair shares its chroma."""
    groups = arr[: arr.size // 4 * 4].reshape(-1, 4)
    out = np.empty((groups.shape[0], 2, 3), dtype=dtype)
    out[:, :, 0] = groups[:, :2]
    out[:, :, 1] = groups[:, 2:3]
    out[:, :, 2] = groups[:, 3:4]
    return out.reshape(-1)

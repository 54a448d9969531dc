"""RLE Lossless (PS3.5 Annex G, transfer syntax 1.2.840.10008.1.2.5): one frame at a time.

A frame is a 64-byte header (uint32 LE segment count, then 15 uint32 LE segment
offsets) followed by the segments.  Each segment is a PackBits stream holding one
byte of every pixel of one sample: for each sample, its most significant byte's
segment first (G.2).  A PackBits header byte n (as int8) means: 0..127, copy the
next n+1 bytes; -1..-127, repeat the next byte 1-n times; -128, do nothing.

Speed: the format is a sequential byte stream, which numpy cannot parse without a
Python loop, so the loops are C: typeddcm.pixels._packbits, an extension built with
the package (setup.py; not under TYPEDDCM_PURE=1).  Its decoder takes a whole frame:
each segment is unpacked with memcpy/memset per run into a byte plane, then the
planes are shifted together into native words in one vectorised pass (writing each
segment straight into its byte of the final words, with a stride, measured 4-13
times slower: byte stores).  Its encoder reads each segment's bytes with a stride
from the array.  :data:`DECODER` and :data:`ENCODER` say which code runs.

Without the extension, each segment goes to Pillow's PackBits decoder (C), unpacked
as one image line of rows*columns bytes (a line that long means no run is ever cut
at a row end, so non-conforming encoders whose runs cross rows still decode, as they
do in C).  Pillow is reached through its C objects when a probe at import shows
they behave, else through its public API; without Pillow a per-run (not per-byte)
Python loop does the same job, slower.  Those byte planes are then combined by
shifts and ors.  The fallback encoder is numpy: every run and literal chunk of every
row of every segment is found and written in one vectorised pass, giving the same
bytes as the C encoder.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from typeddcm.errors import DecodeError, EncodeError

try:
    from PIL import Image
    from PIL import _imaging as _pillow_c  # Image.core: typed Any, probed before use

    _HAVE_PILLOW = True
except ImportError:  # Pillow is optional: _unpack_python stands in
    _HAVE_PILLOW = False

try:
    if os.environ.get("TYPEDDCM_PURE"):  # at run time too: every compiled part stands down
        raise ImportError("TYPEDDCM_PURE is set")
    from typeddcm.pixels import _packbits

    _HAVE_C = True
except ImportError:  # not built (TYPEDDCM_PURE=1, no compiler): Pillow or Python stand in
    _HAVE_C = False

__all__ = [
    "DECODER",
    "ENCODER",
    "TRANSFER_SYNTAX",
    "decode_frame",
    "encode_frame",
    "encode_planes",
    "packbits",
]

TRANSFER_SYNTAX = "1.2.840.10008.1.2.5"

_HEADER = struct.Struct("<16I")
_HEADER_SIZE = 64
_MAX_SEGMENTS = 15
_DTYPES = {8: np.uint8, 16: np.uint16, 32: np.uint32, 64: np.uint64}
# The most output one segment byte can make: a 2-byte replicate run yields 128.
_MAX_EXPANSION = 64
# Pillow keeps a line's byte count in a C int; longer segments are unpacked row by row.
_MAX_LINE = 2**31 - 1

BytesLike = bytes | bytearray | memoryview


def _line(size: int, columns: int) -> tuple[int, int]:
    """Pillow's (width, height) for a segment: one line, unless too long for a C int."""
    return (size, 1) if size <= _MAX_LINE else (columns, size // columns)


def _unpack_pillow_core(segment: memoryview, into: NDArray[np.uint8], columns: int) -> bool:
    """Unpack ``segment`` into the len(into) bytes of ``into``; False if it ends first.

    Pillow's C objects straight: an image mapped over ``into`` (as Image.frombuffer
    does) takes the decoder's output, which saves the Image object, the decoder
    lookup and the copy out (tobytes), about 5 us a segment, most of a small frame.
    """
    image = _pillow_c.map_buffer(into, _line(len(into), columns), "raw", 0, ("L", 0, 1))
    decoder = _pillow_c.packbits_decoder("L", "L")
    decoder.setimage(image, (0, 0, *image.size))
    consumed, error = decoder.decode(segment)
    return bool(consumed < 0 and error == 0)  # consumed >= 0: it wants more data


def _unpack_pillow(segment: memoryview, into: NDArray[np.uint8], columns: int) -> bool:
    """Same contract through Pillow's public API, if its internals ever change."""
    try:
        image = Image.frombytes("L", _line(len(into), columns), segment, "packbits", "L")
    except ValueError:  # "not enough image data": the stream, or its last run, ended early
        return False
    into[:] = np.frombuffer(image.tobytes(), dtype=np.uint8)
    return True


def _unpack_python(segment: memoryview, into: NDArray[np.uint8], columns: int) -> bool:
    """Same contract, one loop turn per run (not per byte), for when Pillow is absent."""
    size = len(into)
    data = bytes(segment)
    end = len(data)
    out = bytearray()
    pos = 0
    while len(out) < size:
        if pos >= end:
            return False
        header = data[pos]
        if header < 128:  # literal run of header + 1 bytes
            stop = pos + header + 2
            if stop > end:
                return False
            out += data[pos + 1 : stop]
            pos = stop
        elif header > 128:  # replicate run: 257 - header copies of the next byte
            if pos + 2 > end:
                return False
            out += data[pos + 1 : pos + 2] * (257 - header)
            pos += 2
        else:  # -128: no operation
            pos += 1
    # A last run that overshoots is cut, as Pillow cuts it.
    into[:] = np.frombuffer(out, dtype=np.uint8, count=size)
    return True


Unpack = Callable[[memoryview, NDArray[np.uint8], int], bool]


def _works(unpack: Unpack) -> bool:
    """Whether ``unpack`` decodes a literal, a replicate run and a no-op, and sees a short stream."""
    into = np.zeros(4, dtype=np.uint8)
    try:
        whole = unpack(memoryview(b"\x01\x07\x08\x80\xfe\x09\x00"), into, 4)
        short = unpack(memoryview(b"\x01\x07\x08"), np.zeros(4, dtype=np.uint8), 4)
    except Exception:  # any failure of Pillow internals means: do not use them
        return False
    return whole and not short and into.tolist() == [7, 8, 9, 9]


Decoder = Literal["c", "pillow", "pillow-api", "python"]

# The fallback unpackers by name; "c" is not one of them: it decodes whole frames.
_UNPACKERS: dict[str, Unpack] = {
    "pillow": _unpack_pillow_core,
    "pillow-api": _unpack_pillow,
    "python": _unpack_python,
}


def _choose() -> Decoder:
    if _HAVE_C:
        return "c"
    if not _HAVE_PILLOW:
        return "python"
    return "pillow" if _works(_unpack_pillow_core) else "pillow-api"


#: Which PackBits decoder :func:`decode_frame` runs, fastest first: "c" (the
#: typeddcm.pixels._packbits extension built with the package), "pillow" (Pillow's C
#: decoder through its internal objects), "pillow-api" (the same through its public
#: API, if a probe finds the internals changed), "python" (a per-run loop).  Every one
#: gives the same arrays and the same errors; decode_frame reads this name at each call.
DECODER: Decoder = _choose()

#: Which PackBits encoder runs: "c" (the extension) or "numpy" (vectorised); same bytes.
ENCODER: Literal["c", "numpy"] = "c" if _HAVE_C else "numpy"


def _error(frame: int | None, message: str, offset: int | None = None) -> DecodeError:
    prefix = "" if frame is None else f"frame {frame}: "
    return DecodeError(prefix + message, offset=offset)


def _short(frame: int | None, index: int, pixels: int, start: int) -> DecodeError:
    msg = f"segment {index + 1} ends before its {pixels} bytes are decoded (or cuts its last run short)"
    return _error(frame, msg, start)


def decode_frame(
    data: BytesLike,
    rows: int,
    columns: int,
    samples_per_pixel: int,
    bits_allocated: int,
    *,
    frame: int | None = None,
) -> NDArray[np.unsignedinteger]:
    """Decode one RLE frame to a new array of native-order unsigned integers.

    The shape is (rows, columns), or (rows, columns, samples) for several samples
    (colour-by-pixel).  Lenient where real files need it: bytes after a segment's
    rows*columns pixels (padding, an overshooting last run) are ignored.  Anything
    else wrong raises DecodeError, whose message starts "frame N: " when ``frame``
    is given.
    """
    if rows < 1 or columns < 1 or samples_per_pixel < 1:
        msg = f"cannot decode {rows} rows x {columns} columns x {samples_per_pixel} samples"
        raise _error(frame, msg)
    if bits_allocated not in _DTYPES:
        msg = f"RLE decoding needs 8, 16, 32 or 64 bits allocated, not {bits_allocated}"
        raise _error(frame, msg)
    nbytes = bits_allocated // 8
    needed = samples_per_pixel * nbytes
    if needed > _MAX_SEGMENTS:
        msg = f"{samples_per_pixel} samples of {bits_allocated} bits need {needed} segments, RLE holds at most {_MAX_SEGMENTS}"
        raise _error(frame, msg)

    view = data if isinstance(data, memoryview) else memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    size = len(view)
    if size < _HEADER_SIZE:
        msg = f"RLE frame of {size} bytes is shorter than its {_HEADER_SIZE}-byte header"
        raise _error(frame, msg, 0)
    count, *offsets = _HEADER.unpack_from(view)
    if count != needed:
        msg = f"RLE header declares {count} segments; {samples_per_pixel} samples of {bits_allocated} bits need {needed}"
        raise _error(frame, msg, 0)
    starts = offsets[:count]
    ends = [*starts[1:], size]
    pixels = rows * columns
    for index, (start, end) in enumerate(zip(starts, ends, strict=True)):
        where = 4 + 4 * index  # the header field holding this offset
        if start < _HEADER_SIZE:
            msg = f"segment {index + 1} offset {start} lies inside the RLE header"
            raise _error(frame, msg, where)
        if start >= size:
            msg = (
                f"segment {index + 1} offset {start} is at or beyond the frame's end ({size} bytes)"
            )
            raise _error(frame, msg, where)
        if end <= start:
            msg = f"segment offsets {starts} do not increase"
            raise _error(frame, msg, where)
        # Checked before anything is allocated, so that a tiny corrupt frame cannot
        # claim gigabytes: no PackBits stream expands by more than 64 times.
        if (end - start) * _MAX_EXPANSION < pixels:
            msg = f"segment {index + 1} of {end - start} bytes cannot hold {pixels} pixels"
            raise _error(frame, msg, start)

    shape = (rows, columns) if samples_per_pixel == 1 else (rows, columns, samples_per_pixel)
    out: NDArray[np.unsignedinteger] = np.empty(shape, dtype=_DTYPES[bits_allocated])
    if DECODER == "c":  # every segment, and the words made of them, in one call
        failed = _packbits.unpack_frame(view, tuple(starts), out, nbytes, samples_per_pixel, pixels)
        if failed >= 0:
            raise _short(frame, failed, pixels, starts[failed])
        return out
    segments = [view[start:end] for start, end in zip(starts, ends, strict=True)]
    _unpack = _UNPACKERS[DECODER]
    dtype = _DTYPES[bits_allocated]
    # One 8-bit sample is unpacked straight into the result; others into byte planes.
    scratch = out.reshape(1, pixels) if needed == 1 else np.empty((needed, pixels), np.uint8)
    for index, segment in enumerate(segments):
        if not _unpack(segment, scratch[index], columns):
            raise _short(frame, index, pixels, starts[index])
    if needed == 1:
        return out
    by_sample = out.reshape(pixels, samples_per_pixel)
    for index, part in enumerate(scratch):
        sample, significance = divmod(index, nbytes)  # significance 0: most significant byte
        shift = 8 * (nbytes - 1 - significance)
        target = by_sample[:, sample]
        # Shifting and or-ing whole planes is endian-free, and 3-4 times faster than
        # writing each byte plane through a byte view with a stride.
        if nbytes == 1:
            target[...] = part
        elif significance == 0:
            np.left_shift(part, shift, out=target, dtype=dtype)
        elif shift == 0:
            np.bitwise_or(target, part, out=target)
        else:
            np.bitwise_or(target, np.left_shift(part, shift, dtype=dtype), out=target)
    return out


def encode_frame(array: NDArray[np.integer], bits_allocated: int | None = None) -> bytes:
    """Encode one frame, shape (rows, columns) or (rows, columns, samples), as RLE.

    Signed values are stored as their two's complement bit pattern.  ``bits_allocated``
    (8, 16, 32 or 64) defaults to the dtype's width; a narrower one must hold every
    value.  Each row is encoded on its own (runs never cross a row end, G.3.1) and
    each segment is padded to even length.
    """
    arr = np.asarray(array)
    if arr.dtype.kind not in "iu":
        msg = f"RLE encodes integer arrays, not {arr.dtype}"
        raise EncodeError(msg)
    if arr.ndim not in (2, 3) or 0 in arr.shape:
        msg = f"an RLE frame is (rows, columns[, samples]) with none empty, not {arr.shape}"
        raise EncodeError(msg)
    bits = arr.dtype.itemsize * 8 if bits_allocated is None else bits_allocated
    if bits not in _DTYPES:
        msg = f"RLE encoding needs 8, 16, 32 or 64 bits allocated, not {bits}"
        raise EncodeError(msg)
    rows, columns = arr.shape[:2]
    samples = arr.shape[2] if arr.ndim == 3 else 1
    nbytes = bits // 8
    nseg = samples * nbytes
    if nseg > _MAX_SEGMENTS:
        msg = f"{samples} samples of {bits} bits need {nseg} segments, RLE holds at most {_MAX_SEGMENTS}"
        raise EncodeError(msg)
    # Big-endian, so that each sample's bytes come most significant first: segment order.
    target = np.dtype(f">{arr.dtype.kind}{nbytes}")
    if nbytes < arr.dtype.itemsize:
        info = np.iinfo(target)
        if arr.min() < info.min or arr.max() > info.max:
            msg = f"values of {arr.dtype} do not fit in {bits} bits allocated"
            raise EncodeError(msg)
    big = np.ascontiguousarray(arr, dtype=target)
    if ENCODER == "c":
        # Segment i is byte i of every pixel of the big-endian array: offset i, stride nseg.
        return _framed([_packbits.pack(big, i, nseg, rows, columns, False) for i in range(nseg)])
    # [sample, byte, row, column] -> one line per row of each segment, in segment order.
    lines = big.view(np.uint8).reshape(rows, columns, samples, nbytes).transpose(2, 3, 0, 1)
    return _encode_lines(np.ascontiguousarray(lines).reshape(nseg * rows, columns), nseg)


def _chunks(
    start: NDArray[np.intp], length: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp]]:
    """Split each stretch [start, start + length) into pieces of at most 128 bytes."""
    count = (length + 127) // 128
    owner = np.repeat(np.arange(len(start)), count)
    nth = np.arange(len(owner)) - np.repeat(np.cumsum(count) - count, count)
    return start[owner] + 128 * nth, np.minimum(length[owner] - 128 * nth, 128)


def _ranges(start: NDArray[np.intp], length: NDArray[np.intp]) -> NDArray[np.intp]:
    """The concatenated index ranges [start, start + length), without a Python loop."""
    shift = start - (np.cumsum(length) - length)
    index: NDArray[np.intp] = np.arange(int(length.sum())) + np.repeat(shift, length)
    return index


def encode_planes(planes: NDArray[np.uint8], *, pairs: bool = False) -> bytes:
    """An RLE frame of byte planes shaped (segments, rows, columns), in segment order.

    The building block of :func:`encode_frame`, for callers that hold the bytes
    already split (or more than 8 bytes a pixel's worth).  ``pairs`` replicates runs
    of 2 as well (pydicom's encoder does; the frame is then byte for byte pydicom's,
    and up to a few percent longer than the default's).
    """
    if planes.ndim != 3 or 0 in planes.shape or planes.dtype != np.uint8:
        msg = f"byte planes are uint8 (segments, rows, columns) with none empty, not {planes.shape}"
        raise EncodeError(msg)
    nseg, rows, columns = planes.shape
    if nseg > _MAX_SEGMENTS:
        msg = f"{nseg} segments: RLE holds at most {_MAX_SEGMENTS}"
        raise EncodeError(msg)
    if ENCODER == "c":
        whole = np.ascontiguousarray(planes)
        plane = rows * columns
        return _framed(
            [_packbits.pack(whole, i * plane, 1, rows, columns, pairs) for i in range(nseg)]
        )
    lines = np.ascontiguousarray(planes).reshape(nseg * rows, columns)
    return _encode_lines(lines, nseg, pairs=pairs)


def _framed(segments: list[bytes]) -> bytes:
    """The 64-byte header, then the segments, each padded to even length (Annex G)."""
    offsets = []
    at = _HEADER_SIZE
    for segment in segments:
        offsets.append(at)
        at += len(segment) + (len(segment) & 1)
    pads = [b"\x00" if len(segment) & 1 else b"" for segment in segments]
    head = _HEADER.pack(len(segments), *offsets, *[0] * (_MAX_SEGMENTS - len(segments)))
    return b"".join([head, *(part for pair in zip(segments, pads, strict=True) for part in pair)])


def packbits(lines: NDArray[np.uint8], *, pairs: bool = False) -> bytes:
    """The PackBits runs of each line of ``lines`` (2-D uint8), joined: no header, no padding."""
    if lines.ndim != 2 or lines.dtype != np.uint8:
        msg = f"lines are 2-D uint8, not {lines.dtype} {lines.shape}"
        raise EncodeError(msg)
    if lines.size == 0:
        return b""
    if ENCODER == "c":
        count, columns = lines.shape
        return _packbits.pack(np.ascontiguousarray(lines), 0, 1, count, columns, pairs)
    return _encode_lines(np.ascontiguousarray(lines), 1, pairs=pairs, framed=False)


def _encode_lines(lines: NDArray[np.uint8], nseg: int, *, pairs: bool = False,
                  framed: bool = True) -> bytes:
    """PackBits-encode each line of ``lines``; every len(lines)/nseg lines form a segment.

    ``framed``: with the 64-byte header and each segment padded to even length;
    otherwise the bare runs of the one segment.
    """
    columns = lines.shape[1]
    flat = lines.reshape(-1)
    n = flat.size
    # Runs of equal bytes, broken at every line start.
    new = np.empty(n, dtype=bool)
    new[0] = True
    np.not_equal(flat[1:], flat[:-1], out=new[1:])
    new[::columns] = True
    run_start = np.flatnonzero(new)
    run_len = np.diff(run_start, append=n)
    # Runs of 3 or more are replicated: a 2-run inside literals costs a byte more
    # replicated (it splits the literal, adding a header) and at best saves nothing.
    rep = run_len >= (2 if pairs else 3)
    lit = ~rep
    rep_start, rep_len = _chunks(run_start[rep], run_len[rep])
    if not pairs:
        # A lone byte cannot be replicated: a run of 128k + 1 ends 127, 2 rather than 128, 1.
        ones = np.flatnonzero(rep_len == 1)
        rep_len[ones - 1] = 127
        rep_len[ones] = 2
        rep_start[ones] -= 1
    # (With ``pairs``, as pydicom, that lone byte is a literal of 1: header 0, below.)

    # Literal stretches: neighbouring short runs within a line.
    line_start = run_start % columns == 0
    after_rep = np.ones_like(rep)
    after_rep[1:] = rep[:-1]
    before_rep = np.ones_like(rep)
    before_rep[:-1] = rep[1:] | line_start[1:]
    opens = np.flatnonzero(lit & (after_rep | line_start))
    closes = np.flatnonzero(lit & before_rep)
    lit_start, lit_len = _chunks(
        run_start[opens], run_start[closes] + run_len[closes] - run_start[opens]
    )

    # The chunks tile the input; merged in input order they are the output's pieces:
    # 2 bytes for a replicate chunk (header, value), 1 + length for a literal chunk.
    rep_rank = np.arange(len(rep_start)) + np.searchsorted(lit_start, rep_start)
    lit_rank = np.arange(len(lit_start)) + np.searchsorted(rep_start, lit_start)
    size = np.empty(len(rep_rank) + len(lit_rank), dtype=np.intp)
    size[rep_rank] = 2
    size[lit_rank] = lit_len + 1
    first = np.empty_like(size)  # each chunk's first input byte
    first[rep_rank] = rep_start
    first[lit_rank] = lit_start
    # Segment s is input bytes [s * plane, (s + 1) * plane); each is padded to even length.
    bounds = np.searchsorted(first, np.arange(nseg + 1) * (n // nseg))
    total = np.concatenate(([0], np.cumsum(size)))
    seg_len = np.diff(total[bounds])
    pad = seg_len & 1 if framed else np.zeros_like(seg_len)
    header_size = _HEADER_SIZE if framed else 0
    where = total[:-1] + np.repeat(np.cumsum(pad) - pad, np.diff(bounds))  # chunk output start

    out = np.zeros(header_size + int(seg_len.sum() + pad.sum()), dtype=np.uint8)
    body = out[header_size:]
    rep_at = where[rep_rank]
    body[rep_at] = np.where(rep_len == 1, 0, 257 - rep_len)  # 1: a literal of one byte
    body[rep_at + 1] = flat[rep_start]
    lit_at = where[lit_rank]
    body[lit_at] = lit_len - 1
    # Literal bytes keep their order: each moves by its chunk's (output - input) offset.
    source = _ranges(lit_start, lit_len)
    body[source + np.repeat(lit_at + 1 - lit_start, lit_len)] = flat[source]
    if not framed:
        return out.tobytes()
    offsets = _HEADER_SIZE + np.cumsum(seg_len + pad) - (seg_len + pad)
    out[:_HEADER_SIZE] = np.frombuffer(
        _HEADER.pack(nseg, *offsets.tolist(), *[0] * (_MAX_SEGMENTS - nseg)), dtype=np.uint8
    )
    return out.tobytes()

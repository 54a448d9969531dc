"""pydicom 3's ``pixels.decoders.rle``: the ``pydicom`` plugin for RLE Lossless.

Frames decode with typeddcm.pixels' RLE codec (PS3.5 Annex G); the bytes come
back as pydicom's plugin gives them: each sample's plane in turn (planar
configuration 1), each value little endian.  ``rle_segment_order="<"`` (segments
least significant byte first, which does not conform) and frames the codec
refuses go through :func:`_rle_decode_frame`, which reports pydicom's errors and
warns of padding.  The helpers keep pydicom's private names.
"""

from __future__ import annotations

import struct

import numpy as np

from typeddcm.errors import DecodeError
from typeddcm.pixels import rle

from ...misc import warn_and_log
from ...uid import RLELossless
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

#: The syntaxes this plugin decodes, and what each needs (nothing beyond numpy).
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {RLELossless: ()}


def is_available(uid: str) -> bool:
    """Whether this plugin decodes ``uid`` here."""
    return uid in DECODER_DEPENDENCIES


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytearray:
    """One RLE frame as planar configuration 1 little endian bytes (and the runner told so)."""
    rows, columns = runner.rows, runner.columns
    samples, bits = runner.samples_per_pixel, runner.bits_allocated
    order = runner.get_option("rle_segment_order", ">")
    frame: bytearray | None = None
    if order == ">" and bits % 8 == 0:
        try:
            arr = rle.decode_frame(src, rows, columns, samples, bits)
        except DecodeError:
            frame = None  # the slow path says what is wrong, in pydicom's words
        else:
            planes = arr.reshape(rows * columns, samples).T
            frame = bytearray(np.ascontiguousarray(planes, dtype=f"<u{bits // 8}").data)
    if frame is None:
        frame = _rle_decode_frame(src, rows, columns, samples, bits, order)
    runner.set_option("planar_configuration", 1)
    return frame


def _rle_decode_frame(src: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int,
                      segment_order: str = ">") -> bytearray:
    """One RLE frame decoded segment by segment: planar configuration 1, little endian.

    ``segment_order`` ">" (the standard: most significant byte's segment first) or
    "<".  NotImplementedError for Bits Allocated not a multiple of 8, ValueError for
    a segment count or a segment length that does not fit; longer segments warn.
    """
    if nr_bits % 8:
        msg = f"Unable to decode RLE encoded pixel data with {nr_bits} bits allocated"
        raise NotImplementedError(msg)
    offsets = _rle_parse_header(src[:64])
    width = nr_bits // 8
    if len(offsets) != nr_samples * width:
        msg = ("The number of RLE segments in the pixel data doesn't match the expected "
               f"amount ({len(offsets)} vs. {nr_samples * width} segments)")
        raise ValueError(msg)
    offsets.append(len(src))
    pixels = rows * columns
    out = bytearray(pixels * nr_samples * width)
    for number in range(len(offsets) - 1):
        segment = _rle_decode_segment(src[offsets[number]:offsets[number + 1]])
        if len(segment) < pixels:
            msg = ("The amount of decoded RLE segment data doesn't match the expected amount "
                   f"({len(segment)} vs. {pixels} bytes)")
            raise ValueError(msg)
        if len(segment) > pixels:
            warn_and_log("The decoded RLE segment contains non-conformant padding - "
                         f"{len(segment)} vs. {pixels} bytes expected")
        sample, byte = divmod(number, width)
        # Segment `byte` of a sample is its most significant byte first (">"), so it is
        # byte width-1-byte of each little endian value.
        position = byte if segment_order == "<" else width - 1 - byte
        start = sample * pixels * width + position
        out[start:start + pixels * width:width] = segment[:pixels]
    return out


def _rle_decode_segment(src: bytes) -> bytearray:
    """One PackBits segment decoded (PS3.5 G.3.2); a run cut short by the end is dropped."""
    out = bytearray()
    pos, end = 0, len(src)
    while pos < end:
        header = src[pos]
        pos += 1
        if header < 128:  # copy the next header + 1 bytes
            out += src[pos:pos + header + 1]
            pos += header + 1
        elif header > 128:  # repeat the next byte 257 - header times
            if pos < end:
                out += src[pos:pos + 1] * (257 - header)
            pos += 1
        # 128: no operation
    return out


def _rle_parse_header(header: bytes) -> list[int]:
    """The segment offsets of an RLE frame's 64-byte header (PS3.5 G.5): at most 15."""
    if len(header) != 64:
        raise ValueError("The RLE header can only be 64 bytes long")
    count = struct.unpack_from("<L", header)[0]
    if count > 15:
        msg = f"The RLE header specifies an invalid number of segments ({count})"
        raise ValueError(msg)
    return list(struct.unpack_from(f"<{count}L", header, 4))

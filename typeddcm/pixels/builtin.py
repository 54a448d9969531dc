"""Codecs that need nothing beyond numpy and zlib, and the default registry order.

- RLE Lossless (PS3.5 Annex G): :mod:`typeddcm.pixels.rle`, in C speed.
- Deflated Image Frame Compression (PS3.5 8.2.16, A.4.13): each frame is its native
  bytes through raw Deflate (RFC 1951, no zlib header), one fragment per frame.
- Encapsulated Uncompressed Explicit VR Little Endian (PS3.5 A.4.11): each frame is
  its native bytes in fragments.

Registered first, then Pillow (JPEG, JPEG 2000/HTJ2K), then the optional plugins, so
a plugin is used only for what Pillow cannot do (or when Pillow is missing).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from typing import Any

import numpy.typing as npt

from typeddcm.errors import DecodeError, EncodeError
from typeddcm.pixels import plugins, rle, syntaxes
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.native import decode_native, encode_native, mask_unused_bits
from typeddcm.pixels.pillow_codec import J2K_CODEC, JPEG_CODEC
from typeddcm.pixels.registry import Codec, DecodedFrame, EncodedFrame, register_codec

__all__ = ["DEFLATE_CODEC", "RLE_CODEC", "UNCOMPRESSED_CODEC", "register_defaults"]


def _rle_decode(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    unsigned = rle.decode_frame(data, layout.rows, layout.columns, layout.samples_per_pixel,
                                layout.bits_allocated)
    # RLE segments hold every byte of the stored words (PS3.5 G.2), unused high bits
    # included: they get the native rule (PS3.5 8.1.1), as Deflate's and Encapsulated
    # Uncompressed's frames do through decode_native.
    array = unsigned.view(layout.dtype)
    if not layout.is_float and 1 < layout.bits_stored < layout.bits_allocated:
        array = mask_unused_bits(array, layout.bits_stored)
    return DecodedFrame(array, layout.photometric_interpretation)


def _rle_encode(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                options: Mapping[str, Any]) -> EncodedFrame:
    if layout.bits_allocated == 1 or layout.is_float:
        msg = "RLE Lossless holds 8, 16, 32 or 64-bit integer samples"
        raise EncodeError(msg)
    return EncodedFrame(rle.encode_frame(array, layout.bits_allocated),
                        layout.photometric_interpretation)


def _one_frame(layout: PixelLayout) -> PixelLayout:
    return layout.evolve(number_of_frames=1)


def _native_frame(data: bytes | memoryview, layout: PixelLayout) -> DecodedFrame:
    array, photometric = decode_native(memoryview(data), _one_frame(layout))
    return DecodedFrame(array, photometric)


def _native_bytes(layout: PixelLayout) -> int:
    return -(-layout.native_frame_bits // 8)


def _inflate_decode(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    expected = _native_bytes(layout)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        # Never inflate past one frame (+ a pad byte): a deflate bomb stops here.
        native = inflater.decompress(data, expected + 1)
    except zlib.error as error:
        msg = f"the frame is not a raw Deflate stream: {error}"
        raise DecodeError(msg) from error
    if len(native) < expected:
        msg = f"the frame inflates to {len(native)} bytes, {expected} are needed"
        raise DecodeError(msg)
    return _native_frame(native, layout)


def _inflate_encode(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                    options: Mapping[str, Any]) -> EncodedFrame:
    native = encode_native(array, _one_frame(layout))[: _native_bytes(layout)]
    deflater = zlib.compressobj(int(options.get("level", 6)), zlib.DEFLATED, -zlib.MAX_WBITS)
    return EncodedFrame(deflater.compress(native) + deflater.flush(),
                        layout.photometric_interpretation)


def _uncompressed_decode(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    if len(data) < _native_bytes(layout):
        msg = f"the frame has {len(data)} bytes, {_native_bytes(layout)} are needed"
        raise DecodeError(msg)
    return _native_frame(data, layout)


def _uncompressed_encode(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                         options: Mapping[str, Any]) -> EncodedFrame:
    return EncodedFrame(encode_native(array, _one_frame(layout)),
                        layout.photometric_interpretation)


RLE_CODEC = Codec("typeddcm-rle", frozenset({syntaxes.RLE_LOSSLESS}), _rle_decode, _rle_encode)
DEFLATE_CODEC = Codec("typeddcm-deflate", frozenset({syntaxes.DEFLATED_IMAGE_FRAME}),
                      _inflate_decode, _inflate_encode)
UNCOMPRESSED_CODEC = Codec("typeddcm-uncompressed",
                           frozenset({syntaxes.ENCAPSULATED_UNCOMPRESSED}),
                           _uncompressed_decode, _uncompressed_encode)


def register_defaults() -> None:
    """Register the built-in codecs, Pillow's, then the optional plugins, in that order."""
    for codec in (RLE_CODEC, DEFLATE_CODEC, UNCOMPRESSED_CODEC, JPEG_CODEC, J2K_CODEC,
                  plugins.LIBJPEG_CODEC, plugins.OPENJPEG_CODEC, plugins.PYJPEGLS_CODEC,
                  plugins.IMAGECODECS_CODEC):
        register_codec(codec)


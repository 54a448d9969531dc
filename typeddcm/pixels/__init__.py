"""Pixel data: frames to numpy, codecs, compress and decompress, colour and LUTs.

``pixel_array(source, frame=None)`` gives the image of a DicomFile or Dataset; codecs
live in a registry (:mod:`typeddcm.pixels.registry`) filled with the built-in RLE,
Deflate and uncompressed codecs, Pillow's JPEG and JPEG 2000, and optional plugins.
"""

from typeddcm.pixels.builtin import register_defaults as _register_defaults
from typeddcm.pixels.colour import apply_color_lut, convert_color_space
from typeddcm.pixels.decode import DecodedPixels, decode_pixels, iter_frames, pixel_array
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.lut import (
    apply_modality_lut,
    apply_presentation_lut,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
)
from typeddcm.pixels.registry import (
    Codec,
    DecodedFrame,
    EncodedFrame,
    codecs,
    register_codec,
    unregister_codec,
)
from typeddcm.pixels.transcode import compress, decompress

__all__ = [
    "Codec",
    "DecodedFrame",
    "DecodedPixels",
    "EncodedFrame",
    "PixelLayout",
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "codecs",
    "compress",
    "convert_color_space",
    "decode_pixels",
    "decompress",
    "iter_frames",
    "pixel_array",
    "register_codec",
    "unregister_codec",
]

_register_defaults()

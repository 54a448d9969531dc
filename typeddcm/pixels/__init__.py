"""Pixel data: frames to numpy, codecs, compress and decompress, colour and LUTs.

``pixel_array(source, frame=None)`` gives the image of a DicomFile or Dataset,
``overlay_array(source, group)`` an overlay plane and ``waveform_array(source, index)``
a waveform multiplex group; codecs live in a registry (:mod:`typeddcm.pixels.registry`)
filled with the built-in RLE, Deflate and uncompressed codecs, Pillow's JPEG and
JPEG 2000, and optional plugins.
"""

from typeddcm.pixels.bits import pack_bits, unpack_bits
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
from typeddcm.pixels.overlay import (
    OverlayInfo,
    overlay_array,
    overlay_groups,
    overlay_in_image,
    overlay_info,
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
from typeddcm.pixels.waveform import (
    ChannelInfo,
    MultiplexInfo,
    iter_waveforms,
    multiplex_count,
    multiplex_info,
    waveform_array,
)

__all__ = [
    "ChannelInfo",
    "Codec",
    "DecodedFrame",
    "DecodedPixels",
    "EncodedFrame",
    "MultiplexInfo",
    "OverlayInfo",
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
    "iter_waveforms",
    "multiplex_count",
    "multiplex_info",
    "overlay_array",
    "overlay_groups",
    "overlay_in_image",
    "overlay_info",
    "pack_bits",
    "pixel_array",
    "register_codec",
    "unpack_bits",
    "unregister_codec",
    "waveform_array",
]

_register_defaults()

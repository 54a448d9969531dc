"""pydicom 3's ``pixels.decoders.pyjpegls``: the ``pyjpegls`` (CharLS) decoding plugin.

JPEG-LS frames decode with typeddcm.pixels' ``pyjpegls`` codec, in the container
their precision needs (``bits_allocated`` is set to it), colour-by-pixel.
"""

from __future__ import annotations

from ...uid import JPEGLSLossless, JPEGLSNearLossless
from ._plugin import decode_with, has_modules, registry_codec
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

#: The syntaxes this plugin decodes, and the packages each needs.
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    JPEGLSLossless: ("numpy", "pyjpegls>=1.2"),
    JPEGLSNearLossless: ("numpy", "pyjpegls>=1.2"),
}


def is_available(uid: str) -> bool:
    """Whether this plugin decodes ``uid`` here (pyjpegls installed)."""
    if uid not in DECODER_DEPENDENCIES or not has_modules("jpeg_ls"):
        return False
    codec = registry_codec("pyjpegls")
    return codec is not None and codec.is_available()


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """One JPEG-LS frame decoded by CharLS."""
    return decode_with(("pyjpegls",), src, runner, precision_option="jls_precision")

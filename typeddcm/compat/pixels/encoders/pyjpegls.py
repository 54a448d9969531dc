"""pydicom 3's ``pixels.encoders.pyjpegls``: the ``pyjpegls`` encoding plugin.

JPEG-LS Lossless and Near Lossless through typeddcm.pixels' ``pyjpegls`` codec
(CharLS).  ``jls_error`` is the NEAR parameter; with Planar Configuration 1 the
frame comes colour-by-plane and is coded so (interleave mode 0), otherwise
colour-by-pixel (mode 2).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plugin import encode_with, encoder_codec

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["ENCODER_DEPENDENCIES", "is_available"]

_LOSSLESS = "1.2.840.10008.1.2.4.80"
_NAMES = ("pyjpegls",)

#: What the plugin needs for each syntax it encodes (pydicom's wording).
ENCODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    _LOSSLESS: ("numpy", "pyjpegls>=1.3"),
    "1.2.840.10008.1.2.4.81": ("numpy", "pyjpegls>=1.3"),
}


def is_available(uid: str) -> bool:
    """Whether the plugin can encode ``uid`` here (pyjpegls imports)."""
    return str(uid) in ENCODER_DEPENDENCIES and encoder_codec(_NAMES, str(uid)) is not None


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame (``src``) as a JPEG-LS codestream; ValueError for ``jls_error`` with
    JPEG-LS Lossless."""
    error = int(runner.get_option("jls_error", 0) or 0)
    if error and runner.transfer_syntax == _LOSSLESS:
        msg = (f"A 'jls_error' value of '{error}' is being used with a transfer syntax of "
               "'JPEG-LS Lossless' - did you mean to use 'JPEG-LS Near Lossless' instead?")
        raise ValueError(msg)
    by_plane = runner.samples_per_pixel > 1 and runner.planar_configuration == 1
    options = {"jls_error": error, "interleave_mode": 0 if by_plane else 2}
    return encode_with(_NAMES, src, runner, options, by_plane=by_plane)

"""pydicom 3's ``pixels.encoders.gdcm``: the ``gdcm`` encoding plugin.

typeddcm has no GDCM codec of its own: the plugin encodes RLE Lossless with a
registered codec named ``gdcm`` when there is one (a user may register it), and
is otherwise unavailable, listing what pydicom's plugin needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._plugin import encode_with, encoder_codec

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["ENCODER_DEPENDENCIES", "encode_pixel_data", "is_available"]

_NAMES = ("gdcm",)

#: What the plugin needs for each syntax it encodes (pydicom's wording).
ENCODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {"1.2.840.10008.1.2.5": ("gdcm>=3.0.10",)}


def is_available(uid: str) -> bool:
    """Whether a registered ``gdcm`` codec can encode ``uid`` here."""
    return str(uid) in ENCODER_DEPENDENCIES and encoder_codec(_NAMES, str(uid)) is not None


def encode_pixel_data(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame (``src``) encoded by the ``gdcm`` codec; ValueError for big endian data."""
    if runner.get_option("byteorder", "<") == ">":
        raise ValueError("Unsupported option \"byteorder = '>'\"")
    return encode_with(_NAMES, src, runner, {})

"""The ``typeddcm`` decoding plugin: the syntaxes pydicom 3 has no decoder for.

Deflated Image Frame Compression, Encapsulated Uncompressed, JPEG 2000
multi-component and JPEG XL frames decode with whichever of typeddcm.pixels'
registered codecs handles them (registry order).
"""

from __future__ import annotations

from typeddcm.pixels.registry import codecs

from ._plugin import decode_with
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

#: The syntaxes this plugin decodes, and what to install for each.
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "1.2.840.10008.1.2.1.98": (),
    "1.2.840.10008.1.2.8.1": (),
    "1.2.840.10008.1.2.4.92": ("pylibjpeg-openjpeg or pillow or imagecodecs",),
    "1.2.840.10008.1.2.4.93": ("pylibjpeg-openjpeg or pillow or imagecodecs",),
    "1.2.840.10008.1.2.4.110": ("imagecodecs",),
    "1.2.840.10008.1.2.4.111": ("imagecodecs",),
    "1.2.840.10008.1.2.4.112": ("imagecodecs",),
}


def _names(uid: str) -> tuple[str, ...]:
    return tuple(c.name for c in codecs() if uid in c.transfer_syntaxes and c.decode is not None
                 and c.is_available())


def is_available(uid: str) -> bool:
    """Whether one of the registry's codecs decodes ``uid`` here."""
    return uid in DECODER_DEPENDENCIES and bool(_names(uid))


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """One frame decoded by the registry's first codec for the syntax."""
    return decode_with(_names(str(runner.transfer_syntax)), src, runner)

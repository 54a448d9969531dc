"""pydicom 3's ``pixels.decoders.gdcm``: the ``gdcm`` plugin label, which has no codec here.

typeddcm.pixels has no codec built on GDCM (the JPEG, JPEG-LS and JPEG 2000 frames
GDCM would decode go to the Pillow, pylibjpeg, pyjpegls or imagecodecs codecs), so
this plugin always reports itself unavailable: the decoders list it among their
missing dependencies, as pydicom does where GDCM is not installed.
"""

from __future__ import annotations

from ...uid import (
    JPEG2000,
    UID,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
)
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

# pydicom 3's JPEGLossless (Process 14); compat.uid keeps the 1.x name for SV1.
JPEG_LOSSLESS_P14 = UID("1.2.840.10008.1.2.4.57")

#: The syntaxes pydicom's GDCM plugin decodes, and what it needs.
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    uid: ("gdcm>=3.0.10",) for uid in (JPEGBaseline8Bit, JPEGExtended12Bit, JPEG_LOSSLESS_P14,
                                       JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless,
                                       JPEG2000Lossless, JPEG2000)
}


def is_available(uid: str) -> bool:
    """Always False: typeddcm has no GDCM codec."""
    del uid
    return False


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """Not reached through a Decoder (the plugin is never available): says why."""
    del src
    msg = (f"typeddcm has no GDCM codec to decode '{runner.transfer_syntax.name}'; the "
           "pillow, pylibjpeg and pyjpegls plugins decode these syntaxes")
    raise RuntimeError(msg)

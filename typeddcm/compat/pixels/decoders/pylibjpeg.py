"""pydicom 3's ``pixels.decoders.pylibjpeg``: the ``pylibjpeg`` decoding plugin.

JPEG and JPEG-LS frames decode with typeddcm.pixels' ``pylibjpeg-libjpeg`` codec,
JPEG 2000 and HTJ2K with its ``pylibjpeg-openjpeg`` codec: the same libraries
pydicom's plugin uses.  typeddcm.pixels has no codec on pylibjpeg-rle, so for RLE
Lossless this plugin reports itself unavailable (the ``pydicom`` plugin decodes it).
"""

from __future__ import annotations

from ...uid import (
    HTJ2K,
    JPEG2000,
    UID,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)
from ._plugin import decode_with, has_modules, registry_codec
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

# pydicom 3's JPEGLossless (Process 14); compat.uid keeps the 1.x name for SV1.
JPEG_LOSSLESS_P14 = UID("1.2.840.10008.1.2.4.57")

_LIBJPEG = ("pylibjpeg>=2.0", "pylibjpeg-libjpeg>=2.1")
_OPENJPEG = ("pylibjpeg>=2.0", "pylibjpeg-openjpeg>=2.0")

#: The syntaxes this plugin decodes, and the packages each needs.
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    **{uid: _LIBJPEG for uid in (JPEGBaseline8Bit, JPEGExtended12Bit, JPEG_LOSSLESS_P14,
                                 JPEGLosslessSV1, JPEGLSLossless, JPEGLSNearLossless)},
    **{uid: _OPENJPEG for uid in (JPEG2000Lossless, JPEG2000, HTJ2KLossless,
                                  HTJ2KLosslessRPCL, HTJ2K)},
    RLELossless: ("pylibjpeg>=2.0", "pylibjpeg-rle>=2.0"),
}
_JLS = (JPEGLSLossless, JPEGLSNearLossless)

# typeddcm.pixels' codec, and the library module it needs, for each syntax family.
_CODEC = {uid: ("pylibjpeg-libjpeg", "libjpeg") for uid in DECODER_DEPENDENCIES
          if DECODER_DEPENDENCIES[uid] == _LIBJPEG}
_CODEC.update({uid: ("pylibjpeg-openjpeg", "openjpeg") for uid in DECODER_DEPENDENCIES
               if DECODER_DEPENDENCIES[uid] == _OPENJPEG})


def is_available(uid: str) -> bool:
    """Whether this plugin decodes ``uid`` here (pylibjpeg and its library installed)."""
    entry = _CODEC.get(uid)
    if entry is None or not has_modules("pylibjpeg", entry[1]):
        return False
    codec = registry_codec(entry[0])
    return codec is not None and codec.is_available()


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """One frame decoded, colour-by-pixel; JPEG-LS and JPEG 2000 samples come in the
    container their precision needs (``bits_allocated`` is set to it)."""
    uid = str(runner.transfer_syntax)
    entry = _CODEC.get(uid)
    if entry is None:
        msg = f"The pylibjpeg plugin cannot decode '{runner.transfer_syntax.name}' here"
        raise RuntimeError(msg)
    precision = None
    if entry[1] == "openjpeg":
        precision = "j2k_precision"
    elif uid in _JLS:
        precision = "jls_precision"
    return decode_with((entry[0],), src, runner, precision_option=precision)

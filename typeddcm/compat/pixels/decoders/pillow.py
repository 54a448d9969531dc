"""pydicom 3's ``pixels.decoders.pillow``: the ``pillow`` decoding plugin.

8-bit JPEG Baseline and Extended frames decode with typeddcm.pixels' ``pillow-jpeg``
codec (YCbCr left as it is), JPEG 2000 with its ``pillow-jpeg2000`` codec, whose
samples come in the container their precision needs: Pillow's own limits (no
12-bit JPEG, no multi-sample JPEG 2000 over 8 bits) raise.
"""

from __future__ import annotations

from ...uid import JPEG2000, JPEG2000Lossless, JPEGBaseline8Bit, JPEGExtended12Bit
from ._plugin import decode_with, registry_codec
from ._runner import DecodeRunner

__all__ = ["DECODER_DEPENDENCIES", "is_available"]

#: The syntaxes this plugin decodes, and the packages each needs.
DECODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    JPEGBaseline8Bit: ("pillow>=10.0",),
    JPEGExtended12Bit: ("pillow>=10.0",),
    JPEG2000Lossless: ("numpy", "pillow>=10.0"),
    JPEG2000: ("numpy", "pillow>=10.0"),
}
_CODEC: dict[str, str] = {JPEGBaseline8Bit: "pillow-jpeg", JPEGExtended12Bit: "pillow-jpeg",
          JPEG2000Lossless: "pillow-jpeg2000", JPEG2000: "pillow-jpeg2000"}


def is_available(uid: str) -> bool:
    """Whether this plugin decodes ``uid`` here (Pillow built with the codec)."""
    name = _CODEC.get(uid)
    codec = registry_codec(name) if name is not None else None
    return codec is not None and codec.is_available()


def _decode_frame(src: bytes, runner: DecodeRunner) -> bytes:
    """One frame decoded by Pillow, colour-by-pixel."""
    uid = str(runner.transfer_syntax)
    if uid == JPEGExtended12Bit and runner.bits_stored != 8:
        raise NotImplementedError(
            "Pillow does not support 'JPEG Extended' for samples with 12-bit precision")
    if uid not in (JPEG2000Lossless, JPEG2000):
        return decode_with(("pillow-jpeg",), src, runner)
    precision = int(runner.get_option("j2k_precision", runner.bits_stored))
    if precision > 16:
        raise ValueError("only (0028,0101) 'Bits Stored' values of up to 16 are supported")
    if precision > 8 and runner.samples_per_pixel > 1:
        msg = f"Pillow cannot decode {precision}-bit multi-sample data correctly"
        raise ValueError(msg)
    return decode_with(("pillow-jpeg2000",), src, runner, precision_option="j2k_precision")

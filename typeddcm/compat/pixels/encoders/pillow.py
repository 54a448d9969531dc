"""The ``pillow`` encoding plugin: typeddcm's extension, JPEG Baseline and Extended.

pydicom 3.0 encodes no JPEG; typeddcm does, with Pillow (typeddcm.pixels'
``pillow-jpeg`` codec): 8-bit samples, grey or colour.  Option: ``quality``
(default 90).  The runner's Photometric Interpretation is the encoded data's:
YBR_FULL_422 (RGB samples written 4:2:2), YBR_FULL (RGB samples written 4:4:4),
or MONOCHROME1/2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._plugin import encode_with, encoder_codec

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["ENCODER_DEPENDENCIES", "is_available"]

_NAMES = ("pillow-jpeg",)

#: What the plugin needs for each syntax it encodes.
ENCODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "1.2.840.10008.1.2.4.50": ("numpy", "pillow"),
    "1.2.840.10008.1.2.4.51": ("numpy", "pillow"),
}


def is_available(uid: str) -> bool:
    """Whether Pillow (built with libjpeg) can encode ``uid`` here."""
    return str(uid) in ENCODER_DEPENDENCIES and encoder_codec(_NAMES, str(uid)) is not None


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame (``src``) as a JPEG codestream."""
    photometric = str(runner.photometric_interpretation)
    options: dict[str, Any] = {"quality": int(runner.get_option("quality", 90))}
    given = None
    if runner.samples_per_pixel == 3:
        if photometric not in ("YBR_FULL", "YBR_FULL_422"):
            msg = (f"JPEG colour is written as YBR_FULL or YBR_FULL_422 (from RGB samples), "
                   f"not {photometric}")
            raise ValueError(msg)
        options["subsampling"] = "4:2:2" if photometric == "YBR_FULL_422" else "4:4:4"
        given = "RGB"  # the codec takes RGB samples and writes YCbCr
    return encode_with(_NAMES, src, runner, options, photometric=given)

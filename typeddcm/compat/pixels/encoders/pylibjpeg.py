"""pydicom 3's ``pixels.encoders.pylibjpeg``: the ``pylibjpeg`` encoding plugin.

JPEG 2000 (lossless and lossy) through typeddcm.pixels' ``pylibjpeg-openjpeg``
codec.  The runner's Photometric Interpretation is the encoded data's, as in
pydicom: YBR_RCT / YBR_ICT mean RGB samples given the component transform, RGB
and the others are coded as they are.  RLE Lossless through pylibjpeg-rle is
available when a codec of that name (``pylibjpeg-rle``) is registered: typeddcm
ships none, its own RLE encoder being the ``pydicom`` plugin.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..common import PhotometricInterpretation as PI
from ._plugin import encode_with, encoder_codec

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["ENCODER_DEPENDENCIES", "is_available"]

_J2K_LOSSLESS = "1.2.840.10008.1.2.4.90"
_J2K = "1.2.840.10008.1.2.4.91"
_RLE = "1.2.840.10008.1.2.5"
_CODECS = {_J2K_LOSSLESS: ("pylibjpeg-openjpeg",), _J2K: ("pylibjpeg-openjpeg",),
           _RLE: ("pylibjpeg-rle",)}

#: What the plugin needs for each syntax it encodes (pydicom's wording).
ENCODER_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    _J2K_LOSSLESS: ("numpy", "pylibjpeg>=2.0", "pylibjpeg-openjpeg>=2.2"),
    _J2K: ("numpy", "pylibjpeg>=2.0", "pylibjpeg-openjpeg>=2.2"),
    _RLE: ("numpy", "pylibjpeg>=2.0", "pylibjpeg-rle>=2.0"),
}


def is_available(uid: str) -> bool:
    """Whether the plugin can encode ``uid`` here (its registry codec can run)."""
    names = _CODECS.get(str(uid))
    return names is not None and encoder_codec(names, str(uid)) is not None


def _ratios(value: Any) -> list[float] | None:
    if value is None:
        return None
    return [float(v) for v in (value if isinstance(value, Sequence) else [value])]


def _encode_frame(src: bytes, runner: EncodeRunner) -> bytes:
    """One frame (``src``) as a JPEG 2000 codestream (or an RLE frame).

    Lossy JPEG 2000 takes ``j2k_cr`` (compression ratio per quality layer) or
    ``j2k_psnr`` (PSNR per layer), exactly one; lossless takes neither (ValueError).
    """
    uid = str(runner.transfer_syntax)
    if uid not in _CODECS:
        msg = f"The 'pylibjpeg' plugin cannot encode '{runner.transfer_syntax.name}'"
        raise ValueError(msg)
    if uid == _RLE:
        return encode_with(_CODECS[uid], src, runner, {})
    opts = runner.options
    ratios = _ratios(opts.get("compression_ratios", opts.get("j2k_cr")))
    psnr = _ratios(opts.get("signal_noise_ratios", opts.get("j2k_psnr")))
    if uid == _J2K_LOSSLESS and (ratios or psnr):
        msg = ("A lossy configuration option is being used with a transfer syntax of 'JPEG "
               "2000 Lossless' - did you mean to use 'JPEG 2000' instead?")
        raise ValueError(msg)
    if uid == _J2K and not ratios and not psnr:
        msg = ("The 'JPEG 2000' transfer syntax requires a lossy configuration option such "
               "as 'j2k_cr' or 'j2k_psnr'")
        raise ValueError(msg)
    if ratios and psnr:
        msg = ("Multiple lossy configuration options are being used with the 'JPEG 2000' "
               "transfer syntax, please specify only one")
        raise ValueError(msg)
    photometric = runner.photometric_interpretation
    transform = photometric in (PI.YBR_ICT, PI.YBR_RCT)
    options: dict[str, Any] = {"use_mct": transform}
    if ratios:
        options["compression_ratio"] = ratios
    if psnr:
        options["signal_noise_ratio"] = psnr
    return encode_with(_CODECS[uid], src, runner, options,
                       photometric=str(PI.RGB) if transform else None)

"""Frame encoders through optional libraries: JPEG-LS with pyjpegls, JPEG 2000 with openjpeg.

Both take a frame shaped as decoded, (rows, columns[, samples]) colour-by-pixel,
in the layout's integer type, and return the codestream with the Photometric
Interpretation its samples then have (:class:`~typeddcm.pixels.registry.FrameEncoder`).

JPEG-LS (ISO 14495-1, PS3.5 A.4.3 and 8.2.3) has no sign: signed samples are
written as their two's complement bits of Bits Stored, which a reader sign-extends
(PS3.5 8.2.3).  Near-lossless coding may move a sample by up to ``jls_error`` (the
NEAR parameter) in that unsigned range, so a signed sample within ``jls_error`` of
either end of its range could flip sign: such frames are refused, not damaged.

JPEG 2000 (ISO 15444-1, PS3.5 A.4.4 and 8.2.4) records sign and precision in the
codestream.  RGB gets the multi-component transform unless ``use_mct`` is False:
the encoded samples are then YBR_RCT (lossless) or YBR_ICT (lossy), PS3.5 8.2.4.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.errors import EncodeError
from typeddcm.pixels import syntaxes
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.registry import EncodedFrame

__all__ = ["encode_jpeg_ls", "encode_openjpeg", "jpeg_ls_range"]

_JLS_OPTIONS = frozenset({"jls_error", "interleave_mode"})
_J2K_OPTIONS = frozenset({"compression_ratio", "compression_ratios", "signal_noise_ratio",
                          "signal_noise_ratios", "use_mct"})


def _unknown(options: Mapping[str, Any], known: frozenset[str], what: str) -> None:
    """EncodeError for an option the codec does not take (a typo should not pass silently)."""
    extra = sorted(set(options) - known)
    if extra:
        msg = f"{what} takes the options {', '.join(sorted(known))}, not {', '.join(extra)}"
        raise EncodeError(msg)


def _container(bits_stored: int) -> int:
    """Bytes per sample an encoder library reads for a precision: 1, 2 or 4."""
    return 1 if bits_stored <= 8 else 2 if bits_stored <= 16 else 4


def _value_range(layout: PixelLayout) -> tuple[int, int]:
    bits = layout.bits_stored
    if layout.pixel_representation:
        return -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    return 0, (1 << bits) - 1


def _check_frame(array: npt.NDArray[Any], layout: PixelLayout, what: str) -> None:
    """EncodeError unless ``array`` is one integer frame of ``layout`` inside Bits Stored."""
    if array.dtype.kind not in "iu":
        msg = f"{what} encodes integer samples, not {array.dtype}"
        raise EncodeError(msg)
    if array.shape != layout.frame_shape():
        msg = f"the frame {array.shape} does not match the layout's {layout.frame_shape()}"
        raise EncodeError(msg)
    if (array.dtype.kind == "i") != bool(layout.pixel_representation):
        msg = (f"{array.dtype} samples do not match Pixel Representation "
               f"{layout.pixel_representation}")
        raise EncodeError(msg)
    low, high = _value_range(layout)
    if array.size and (int(array.min()) < low or int(array.max()) > high):
        msg = f"sample values outside [{low}, {high}], the range of Bits Stored {layout.bits_stored}"
        raise EncodeError(msg)


def _library(module: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        msg = f"encoding needs the {module} module: {error}"
        raise EncodeError(msg) from error


# ----------------------------------------------------------------- JPEG-LS (pyjpegls)


def jpeg_ls_range(layout: PixelLayout, error: int) -> tuple[int, int]:
    """The sample values near-lossless JPEG-LS with NEAR ``error`` keeps (sign included)."""
    low, high = _value_range(layout)
    if layout.pixel_representation and error:
        return low + error, high - error
    return low, high


def encode_jpeg_ls(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                   options: Mapping[str, Any]) -> EncodedFrame:
    """JPEG-LS lossless (.80) or near-lossless (.81, NEAR = ``jls_error``) with CharLS.

    Options: ``jls_error`` (default 0; more than 0 is for .81 only) and
    ``interleave_mode`` for colour (0 by plane, 1 by line, 2 by pixel, the
    default).  Samples: 1 or 3 a pixel, Bits Stored 2..16 (ISO 14495-1's P).
    """
    _unknown(options, _JLS_OPTIONS, "JPEG-LS")
    if uid not in (syntaxes.JPEG_LS_LOSSLESS, syntaxes.JPEG_LS_NEAR_LOSSLESS):
        msg = f"the JPEG-LS encoder writes 1.2.840.10008.1.2.4.80/.81, not {uid}"
        raise EncodeError(msg)
    error = int(options.get("jls_error") or 0)
    if error and uid == syntaxes.JPEG_LS_LOSSLESS:
        msg = (f"jls_error {error} is near-lossless coding: use JPEG-LS Near Lossless "
               f"({syntaxes.JPEG_LS_NEAR_LOSSLESS}), not JPEG-LS Lossless")
        raise EncodeError(msg)
    if not 2 <= layout.bits_stored <= 16:
        msg = f"JPEG-LS holds 2 to 16 bits a sample, not Bits Stored {layout.bits_stored}"
        raise EncodeError(msg)
    if layout.samples_per_pixel not in (1, 3):
        msg = f"JPEG-LS encodes 1 or 3 samples a pixel here, not {layout.samples_per_pixel}"
        raise EncodeError(msg)
    if not 0 <= error <= min(255, (1 << layout.bits_stored) - 1):
        msg = f"jls_error {error} is not in 0..{min(255, (1 << layout.bits_stored) - 1)}"
        raise EncodeError(msg)
    _check_frame(array, layout, "JPEG-LS")
    low, high = jpeg_ls_range(layout, error)
    if array.size and (int(array.min()) < low or int(array.max()) > high):
        msg = (f"near-lossless JPEG-LS of signed samples with jls_error {error} keeps values in "
               f"[{low}, {high}] only: an error could flip the sign of the others")
        raise EncodeError(msg)
    interleave = int(options.get("interleave_mode", 2)) if layout.samples_per_pixel > 1 else 0
    if interleave not in (0, 1, 2):
        msg = f"interleave_mode {interleave} is not 0, 1 or 2"
        raise EncodeError(msg)
    size = _container(layout.bits_stored)
    # Two's complement bits of Bits Stored, in the smallest word holding them.
    words = array.astype(f"<u{size}") if array.dtype.kind == "u" else (
        array.astype(f"<i{size}").view(f"<u{size}") & ((1 << layout.bits_stored) - 1))
    if interleave == 0 and layout.samples_per_pixel > 1:
        words = words.transpose(2, 0, 1)  # colour-by-plane
    # Interleave modes 1 and 2 both take colour-by-pixel input: CharLS reorders it
    # by line itself for mode 1 (measured: a by-line buffer comes back scrambled).
    data = np.ascontiguousarray(words).tobytes()
    jpeg_ls = _library("jpeg_ls")
    args = (layout.rows, layout.columns, layout.samples_per_pixel, layout.bits_stored)
    try:
        encoded = jpeg_ls.encode_buffer(data, *args, lossy_error=error,
                                        interleave_mode=interleave)
    except RuntimeError as exc:
        encoded = _tiny_jpeg_ls(data, args, error, interleave, exc)
    except ValueError as exc:
        msg = f"pyjpegls could not encode the frame: {exc}"
        raise EncodeError(msg) from exc
    return EncodedFrame(bytes(encoded), layout.photometric_interpretation)


def _tiny_jpeg_ls(data: bytes, args: tuple[int, int, int, int], error: int, interleave: int,
                  exc: RuntimeError) -> bytes:
    """A frame of a few pixels, which pyjpegls' public encoder refuses.

    pyjpegls gives CharLS an output buffer twice the input's size, smaller than the
    codestream's headers when the frame is tiny ("destination buffer is too small").
    Its extension module sizes that buffer from the source's length and CharLS reads
    only the frame's bytes, so a zero-padded source gets room.  Any other failure
    (or a pyjpegls without that module) is the EncodeError it was.
    """
    msg = f"pyjpegls could not encode the frame: {exc}"
    if "too small" not in str(exc):
        raise EncodeError(msg) from exc
    try:
        charls = importlib.import_module("_CharLS")
        rows, columns, samples, bits = args
        padded = data + bytes(max(0, 1024 - len(data)))
        return bytes(charls._encode(padded, error, interleave, rows, columns, samples, bits))
    except (ImportError, AttributeError, RuntimeError, ValueError, TypeError) as again:
        raise EncodeError(msg) from again


# ----------------------------------------------------------------- JPEG 2000 (openjpeg)


def _ratios(options: Mapping[str, Any], *names: str) -> list[float]:
    """A ratio option given as a number or a list, under either of its names."""
    for name in names:
        value = options.get(name)
        if value is None:
            continue
        values = list(value) if isinstance(value, Sequence) else [value]
        return [float(v) for v in values]
    return []


def encode_openjpeg(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                    options: Mapping[str, Any]) -> EncodedFrame:
    """JPEG 2000 lossless (.90, 5/3 wavelet) or lossy (.91, 9/7) with openjpeg.

    Options: ``compression_ratio`` (one ratio or one per quality layer, decreasing)
    or ``signal_noise_ratio`` (PSNR per layer, increasing), for .91 only, which
    needs one of them; ``use_mct`` (default True) applies the component transform
    to RGB.  Samples: 1 or 3 a pixel, Bits Stored up to 24, signed or not.
    """
    _unknown(options, _J2K_OPTIONS, "JPEG 2000")
    if uid not in (syntaxes.JPEG_2000_LOSSLESS, syntaxes.JPEG_2000):
        msg = f"the openjpeg encoder writes 1.2.840.10008.1.2.4.90/.91, not {uid}"
        raise EncodeError(msg)
    ratios = _ratios(options, "compression_ratio", "compression_ratios")
    psnr = _ratios(options, "signal_noise_ratio", "signal_noise_ratios")
    lossy = uid == syntaxes.JPEG_2000
    if not lossy and (ratios or psnr):
        msg = "a compression or signal-to-noise ratio is lossy coding: use JPEG 2000 (.91)"
        raise EncodeError(msg)
    if lossy and not ratios and not psnr:
        msg = "lossy JPEG 2000 needs compression_ratio or signal_noise_ratio"
        raise EncodeError(msg)
    if ratios and psnr:
        msg = "give compression_ratio or signal_noise_ratio, not both"
        raise EncodeError(msg)
    if layout.bits_stored > 24:
        msg = f"Invalid 'bits_stored' value '{layout.bits_stored}', must be in the range [1, 24]"
        raise EncodeError(msg)
    if layout.samples_per_pixel not in (1, 3):
        msg = f"JPEG 2000 encodes 1 or 3 samples a pixel here, not {layout.samples_per_pixel}"
        raise EncodeError(msg)
    _check_frame(array, layout, "JPEG 2000")
    photometric = layout.photometric_interpretation
    transform = (layout.samples_per_pixel == 3 and photometric == "RGB"
                 and bool(options.get("use_mct", True)))
    kind = "i" if layout.pixel_representation else "u"
    data = np.ascontiguousarray(array, dtype=f"<{kind}{_container(layout.bits_stored)}").tobytes()
    openjpeg = _library("openjpeg.utils")
    try:
        encoded = openjpeg.encode_buffer(
            data, layout.columns, layout.rows, layout.samples_per_pixel, layout.bits_stored,
            bool(layout.pixel_representation), photometric_interpretation=1 if transform else 0,
            use_mct=transform, compression_ratios=ratios or None,
            signal_noise_ratios=psnr or None)
    except (RuntimeError, ValueError) as exc:
        msg = f"openjpeg could not encode the frame: {exc}"
        raise EncodeError(msg) from exc
    if transform:
        photometric = "YBR_ICT" if lossy else "YBR_RCT"
    return EncodedFrame(bytes(encoded), photometric)

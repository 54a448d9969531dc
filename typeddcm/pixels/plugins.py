"""Optional codec plugins: what Pillow lacks, through libraries the user may install.

- pylibjpeg with pylibjpeg-libjpeg: JPEG of every process (12-bit, lossless 14/SV1)
  and JPEG-LS; with pylibjpeg-openjpeg: JPEG 2000 and HTJ2K of any precision (and
  JPEG 2000 encoding up to 24 bits).
- pyjpegls (CharLS): JPEG-LS, decoded and encoded (:mod:`typeddcm.pixels.plugin_encoders`).
- imagecodecs: JPEG (8/12-bit), lossless JPEG, JPEG-LS, JPEG 2000, HTJ2K, JPEG XL.

None is a dependency.  Each codec reports itself unavailable when its module does
not import, and the registry's error then names what to install.  Samples come
back as the codestream's values; the JPEG 2000 sign and precision rules are the
same as for Pillow (shared in :func:`pillow_codec.j2k_to_layout`), and JPEG-LS,
which cannot signal signedness, is sign-extended from its precision when Pixel
Representation is 1.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.errors import DecodeError
from typeddcm.pixels import syntaxes
from typeddcm.pixels.codestream import j2k_info, jpeg_info
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.pillow_codec import _jpeg_colour, j2k_colour, j2k_to_layout
from typeddcm.pixels.plugin_encoders import encode_jpeg_ls, encode_openjpeg
from typeddcm.pixels.registry import Codec, DecodedFrame

__all__ = ["IMAGECODECS_CODEC", "LIBJPEG_CODEC", "OPENJPEG_CODEC", "PYJPEGLS_CODEC"]

_JPEG_FAMILY = frozenset({
    syntaxes.JPEG_BASELINE, syntaxes.JPEG_EXTENDED, syntaxes.JPEG_LOSSLESS,
    syntaxes.JPEG_LOSSLESS_SV1,
})
_JPEG_LS = frozenset({syntaxes.JPEG_LS_LOSSLESS, syntaxes.JPEG_LS_NEAR_LOSSLESS})
_JPEG_LS_MARKERS = {0xF7}  # SOF55


def _importable(*modules: str) -> Callable[[], bool]:
    # Asked on every decode: looked up once per process (installing a plugin while
    # running needs a restart, as with any import).
    @functools.cache
    def check() -> bool:
        return all(importlib.util.find_spec(name) is not None for name in modules)

    return check


def _call(module: str, function: str, *args: Any, **kwargs: Any) -> npt.NDArray[Any]:
    decode = getattr(importlib.import_module(module), function)
    try:
        result = decode(*args, **kwargs)
    except (RuntimeError, ValueError, OSError, TypeError) as error:  # the libraries' "bad data"
        msg = f"{module}.{function} could not decode the frame: {error}"
        raise DecodeError(msg) from error
    return np.asarray(result)


def _shaped(array: npt.NDArray[Any], layout: PixelLayout) -> npt.NDArray[Any]:
    if array.size != layout.pixels_per_frame:
        msg = f"the codestream decodes to {array.size} samples, the frame has {layout.pixels_per_frame}"
        raise DecodeError(msg)
    return array.reshape(layout.frame_shape())


def _as_jpeg_layout(array: npt.NDArray[Any], layout: PixelLayout, precision: int,
                    uid: str) -> npt.NDArray[Any]:
    values = _shaped(array, layout).astype(np.int64)
    # Neither JPEG nor JPEG-LS can say a sample is signed: extend from the precision.
    if layout.pixel_representation == 1:
        sign = 1 << (precision - 1)
        values = ((values & ((1 << precision) - 1)) ^ sign) - sign
    return values.astype(layout.dtype)


def _jpeg_frame(data: bytes | memoryview, layout: PixelLayout, uid: str,
                decode: Callable[[bytes], npt.NDArray[Any]]) -> DecodedFrame:
    info = jpeg_info(data)
    if info is None:
        raise DecodeError("the frame is not a JPEG codestream (no SOI/SOF/SOS header)")
    array = _as_jpeg_layout(decode(bytes(data)), layout, info.precision, uid)
    photometric = layout.photometric_interpretation
    if layout.samples_per_pixel == 3 and info.marker not in _JPEG_LS_MARKERS:
        photometric = _jpeg_colour(info.rgb_component_ids, info.jfif, uid, photometric)
    return DecodedFrame(array, photometric)


def _j2k_frame(data: bytes | memoryview, layout: PixelLayout,
               decode: Callable[[bytes], npt.NDArray[Any]]) -> DecodedFrame:
    info = j2k_info(data)
    if info is None:
        raise DecodeError("the frame is not a JPEG 2000 codestream (no SOC/SIZ header)")
    array = j2k_to_layout(_shaped(decode(bytes(data)), layout), info, layout, scaled=False)
    return DecodedFrame(array, j2k_colour(layout.photometric_interpretation))


def _libjpeg(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    return _jpeg_frame(data, layout, uid,
                       lambda b: _call("libjpeg", "decode", b, colour_transform=0))


def _openjpeg(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    return _j2k_frame(data, layout, lambda b: _call("openjpeg", "decode", b))


def _pyjpegls(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    return _jpeg_frame(data, layout, uid,
                       lambda b: _call("jpeg_ls", "decode", np.frombuffer(b, np.uint8)))


def _imagecodecs(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    if uid in syntaxes.J2K_SYNTAXES:
        return _j2k_frame(data, layout, lambda b: _call("imagecodecs", "jpeg2k_decode", b))
    if uid in syntaxes.JPEG_XL_SYNTAXES:
        array = _shaped(_call("imagecodecs", "jpegxl_decode", bytes(data)), layout)
        return DecodedFrame(array.astype(layout.dtype), layout.photometric_interpretation)
    info = jpeg_info(data)
    if info is not None and info.marker in _JPEG_LS_MARKERS:
        function = "jpegls_decode"
    elif info is not None and info.marker in (0xC3, 0xC7, 0xCB, 0xCF):
        function = "ljpeg_decode"
    else:
        return _jpeg_frame(data, layout, uid, lambda b: _call(
            "imagecodecs", "jpeg8_decode", b, colorspace="YCBCR" if _raw_ycbcr(b) else None,
            outcolorspace="YCBCR" if _raw_ycbcr(b) else None))
    return _jpeg_frame(data, layout, uid, lambda b: _call("imagecodecs", function, b))


def _raw_ycbcr(data: bytes) -> bool:
    info = jpeg_info(data)
    return info is not None and len(info.component_ids) == 3 and not info.rgb_component_ids


LIBJPEG_CODEC = Codec(
    name="pylibjpeg-libjpeg",
    transfer_syntaxes=_JPEG_FAMILY | _JPEG_LS,
    decode=_libjpeg,
    is_available=_importable("libjpeg"),
    install="pylibjpeg-libjpeg",
)

OPENJPEG_CODEC = Codec(
    name="pylibjpeg-openjpeg",
    transfer_syntaxes=syntaxes.J2K_SYNTAXES,
    decode=_openjpeg,
    encode=encode_openjpeg,  # JPEG 2000 Part 1 (.90/.91) only: it refuses the others
    is_available=_importable("openjpeg"),
    install="pylibjpeg-openjpeg",
)

PYJPEGLS_CODEC = Codec(
    name="pyjpegls",
    transfer_syntaxes=_JPEG_LS,
    decode=_pyjpegls,
    encode=encode_jpeg_ls,
    is_available=_importable("jpeg_ls"),
    install="pyjpegls",
)

IMAGECODECS_CODEC = Codec(
    name="imagecodecs",
    transfer_syntaxes=_JPEG_FAMILY | _JPEG_LS | syntaxes.J2K_SYNTAXES | syntaxes.JPEG_XL_SYNTAXES,
    decode=_imagecodecs,
    is_available=_importable("imagecodecs"),
    install="imagecodecs",
)

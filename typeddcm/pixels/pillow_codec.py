"""JPEG (ISO 10918 baseline/extended, 8-bit) and JPEG 2000 / HTJ2K frames through Pillow.

Pillow hands back 8-bit samples, or 16-bit words for 9..16-bit JPEG 2000 scaled up
to fill the word and offset to unsigned when the codestream is signed; the facts
needed to undo that come from the codestream's own SIZ segment, not from the
dataset, which real files get wrong.  JPEG colour is decoded raw (YCbCr stays
YCbCr) unless an Adobe marker asks the codec to transform it, so the colour
conversion is ours and the same for every codec.
"""

from __future__ import annotations

import contextvars
import functools
import io
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from typeddcm.errors import DecodeError, DicomWarning, EncodeError, UnsupportedTransferSyntaxError
from typeddcm.pixels import syntaxes
from typeddcm.pixels.codestream import J2kInfo, j2k_info, jpeg_info
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.registry import Codec, DecodedFrame, EncodedFrame

__all__ = ["JPEG_CODEC", "J2K_CODEC", "decode_j2k", "decode_jpeg", "encode_j2k", "encode_jpeg",
           "j2k_from_attributes"]

_JPEG_DECODES = frozenset({syntaxes.JPEG_BASELINE, syntaxes.JPEG_EXTENDED})
_SOF_PILLOW = {0xC0, 0xC1, 0xC2}  # baseline, extended and progressive Huffman


@functools.cache  # asked on every decode; Pillow's build does not change while running
def _has(feature: str) -> bool:
    try:
        from PIL import features
    except ImportError:
        return False
    return bool(features.check_codec(feature))


def _open(data: bytes | memoryview, fmt: str, ycbcr: bool = False) -> Any:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data), formats=(fmt,))
        if ycbcr and "adobe_transform" not in image.info:
            image.draft("YCbCr", image.size)  # before loading: keep the samples as coded
        image.load()
    except (OSError, SyntaxError, ValueError, EOFError) as error:  # Pillow's ways to say "bad data"
        msg = f"Pillow could not decode the {fmt} codestream: {error}"
        raise DecodeError(msg) from error
    return image


def _writeable(image: Any, dtype: str) -> npt.NDArray[Any]:
    # One copy into a bytearray gives a writeable array like the other codecs'.
    return np.frombuffer(bytearray(image.tobytes()), dtype=dtype)


def _check_size(rows: int, columns: int, layout: PixelLayout) -> None:
    if (rows, columns) != (layout.rows, layout.columns):
        msg = (f"the codestream is {rows} x {columns} but Rows and Columns say "
               f"{layout.rows} x {layout.columns}")
        raise DecodeError(msg)


def decode_jpeg(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    """One 8-bit JPEG frame; colour is left as the codestream holds it."""
    info = jpeg_info(data)
    if info is None:
        raise DecodeError("the frame is not a JPEG codestream (no SOI/SOF/SOS header)")
    if info.marker not in _SOF_PILLOW or info.precision != 8:
        msg = (f"Pillow decodes 8-bit baseline/extended JPEG only; this frame has SOF "
               f"0xFF{info.marker:02X} with {info.precision}-bit samples")
        raise UnsupportedTransferSyntaxError(msg)
    _check_size(info.rows, info.columns, layout)
    colour = layout.samples_per_pixel == 3
    image = _open(data, "JPEG", ycbcr=colour)
    photometric = layout.photometric_interpretation
    if colour:
        if "adobe_transform" in image.info:
            photometric = "RGB"  # the codec already transformed (or never had) YCbCr
        else:
            photometric = _jpeg_colour(info.rgb_component_ids, info.jfif, uid, photometric)
    array = _writeable(image, "u1").reshape(layout.frame_shape())
    return DecodedFrame(array, photometric)


def _jpeg_colour(rgb_ids: bool, jfif: bool, uid: str, photometric: str) -> str:
    """The colour space of a JPEG's raw samples, where the codestream contradicts the dataset."""
    if rgb_ids and photometric != "RGB":
        warnings.warn(f"Photometric Interpretation is {photometric} but the JPEG component "
                      "identifiers say RGB; reading as RGB", DicomWarning, stacklevel=4)
        return "RGB"
    if jfif and "YBR" not in photometric:
        actual = "YBR_FULL_422" if uid == syntaxes.JPEG_BASELINE else "YBR_FULL"
        warnings.warn(f"Photometric Interpretation is {photometric} but the JPEG has a JFIF "
                      f"marker, which means {actual}; reading as {actual}",
                      DicomWarning, stacklevel=4)
        return actual
    return photometric


#: False inside :func:`j2k_from_attributes`: JPEG 2000 samples are read by the attributes.
_FROM_CODESTREAM: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "typeddcm.pixels.j2k_from_codestream", default=True)


@contextmanager
def j2k_from_attributes() -> Iterator[None]:
    """In the block (this context), JPEG 2000 frames are read by Bits Stored and Pixel
    Representation alone: the codestream's own precision and signedness (SIZ), which
    the decode otherwise trusts over the attributes, are ignored.

    This is pydicom's ``config.APPLY_J2K_CORRECTIONS = False`` (its handlers'
    behaviour before 2.1): where the attributes are wrong the values are too, e.g.
    Bits Stored 16 on 14-bit Pillow-decoded data gives values four times too large.
    """
    token = _FROM_CODESTREAM.set(False)
    try:
        yield
    finally:
        _FROM_CODESTREAM.reset(token)


def j2k_to_layout(raw: npt.NDArray[Any], info: J2kInfo, layout: PixelLayout,
                  scaled: bool) -> npt.NDArray[Any]:
    """Pillow's or a plugin's J2K samples as the dataset's integer type.

    ``scaled``: samples were shifted up to fill their word and signed ones offset to
    unsigned (Pillow); otherwise they are the codestream's values (plugins).

    The values are the decoder's, not masked to Bits Stored (a lossy decode may
    overshoot it).  Where the codestream's signedness (SIZ Ssiz) contradicts Pixel
    Representation, the attribute decides how the ``precision`` bits of each sample
    are read (PS3.3 C.7.6.3.1.1): the encoder wrote the stored values' bit patterns
    under the wrong flag, so unsigned data coded as signed is taken modulo
    2**precision and signed data coded as unsigned is read as two's complement.
    Inside :func:`j2k_from_attributes` the attributes stand for the codestream.
    """
    if not _FROM_CODESTREAM.get():
        info = attrs.evolve(info, precision=min(layout.bits_stored, raw.dtype.itemsize * 8),
                            signed=layout.pixel_representation == 1)
    precision = info.precision
    if scaled:
        shift = raw.dtype.itemsize * 8 - precision
        values = (raw >> shift).astype(np.int64)
        if info.signed:
            values -= 1 << (precision - 1)
    else:
        values = raw.astype(np.int64)
    signed = layout.pixel_representation == 1
    if info.signed != signed and precision < 64:
        coded = "signed" if info.signed else "unsigned"
        reading = "two's complement" if signed else "unsigned"
        warnings.warn(f"the JPEG 2000 codestream says its {precision}-bit samples are {coded} "
                      f"but Pixel Representation is {layout.pixel_representation}; reading "
                      f"their bits as {reading}, as the attribute says",
                      DicomWarning, stacklevel=4)
        values &= (1 << precision) - 1  # the sample's bits, as the encoder was given them
        if signed:
            sign = 1 << (precision - 1)
            values = (values ^ sign) - sign
    return values.astype(layout.dtype)


def decode_j2k(data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
    """One JPEG 2000 or HTJ2K frame (codestream or JP2)."""
    info = j2k_info(data)
    if info is None:
        raise DecodeError("the frame is not a JPEG 2000 codestream (no SOC/SIZ header)")
    _check_size(info.rows, info.columns, layout)
    if info.precision > 16 or (info.components > 1 and info.precision > 8):
        msg = (f"Pillow cannot decode {info.precision}-bit JPEG 2000 with "
               f"{info.components} component(s)")
        raise UnsupportedTransferSyntaxError(msg)
    image = _open(data, "JPEG2000")
    raw = _writeable(image, "u1" if info.precision <= 8 else "<u2")
    if raw.size != layout.pixels_per_frame:
        msg = (f"the codestream decodes to {raw.size} samples, the frame has "
               f"{layout.pixels_per_frame}")
        raise DecodeError(msg)
    array = j2k_to_layout(raw, info, layout, scaled=True).reshape(layout.frame_shape())
    return DecodedFrame(array, j2k_colour(layout.photometric_interpretation))


def j2k_colour(photometric: str) -> str:
    # The decoder undoes the multi-component transform: the samples are RGB again.
    return "RGB" if photometric in ("YBR_ICT", "YBR_RCT") else photometric


def _image(array: npt.NDArray[Any], mode: str) -> Any:
    from PIL import Image

    dtype = "<u2" if mode == "I;16" else "u1"
    raw = np.ascontiguousarray(array, dtype=dtype).tobytes()
    return Image.frombytes(mode, (array.shape[1], array.shape[0]), raw)


def encode_jpeg(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
                options: Mapping[str, Any]) -> EncodedFrame:
    """JPEG baseline (8-bit); colour is written as YCbCr, 4:2:2 unless told otherwise."""
    if layout.bits_allocated != 8 or layout.pixel_representation != 0:
        msg = "JPEG baseline holds 8-bit unsigned samples only"
        raise EncodeError(msg)
    quality = int(options.get("quality", 90))
    photometric = layout.photometric_interpretation
    if layout.samples_per_pixel == 1:
        data = _save(_image(array, "L"), "JPEG", quality=quality)
        return EncodedFrame(data, photometric)
    if layout.samples_per_pixel != 3 or photometric not in ("RGB", "YBR_FULL"):
        msg = f"JPEG baseline colour needs RGB or YBR_FULL samples, not {photometric}"
        raise EncodeError(msg)
    subsampling = options.get("subsampling", "4:2:2")
    if subsampling not in ("4:4:4", "4:2:2"):
        msg = f"subsampling {subsampling!r}: DICOM names 4:4:4 (YBR_FULL) and 4:2:2 only"
        raise EncodeError(msg)
    mode = "RGB" if photometric == "RGB" else "YCbCr"
    data = _save(_image(array, mode), "JPEG", quality=quality, subsampling=subsampling)
    return EncodedFrame(data, "YBR_FULL" if subsampling == "4:4:4" else "YBR_FULL_422")


def encode_j2k(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
               options: Mapping[str, Any]) -> EncodedFrame:
    """JPEG 2000 (lossless 5/3 for .90, irreversible 9/7 for .91) as a bare codestream."""
    if uid not in (syntaxes.JPEG_2000_LOSSLESS, syntaxes.JPEG_2000):
        msg = f"Pillow writes JPEG 2000 Part 1 (1.2.840.10008.1.2.4.90/.91), not {uid}"
        raise EncodeError(msg)
    if layout.bits_stored > 16 or (layout.samples_per_pixel > 1 and layout.bits_allocated != 8):
        msg = "Pillow writes JPEG 2000 of up to 16 bits (grey) or 8 bits (colour) only"
        raise EncodeError(msg)
    lossy = uid == syntaxes.JPEG_2000
    photometric = layout.photometric_interpretation
    # RGB gets the component transform (PS3.5 8.2.4: then YBR_RCT / YBR_ICT); other
    # colour spaces (YBR_FULL) are coded as they are and keep their name.
    transform = layout.samples_per_pixel == 3 and photometric == "RGB"
    if layout.samples_per_pixel not in (1, 3):
        msg = f"{layout.samples_per_pixel} samples per pixel: Pillow writes 1 or 3"
        raise EncodeError(msg)
    # Signed samples go in as their two's complement words with the codestream
    # marked signed (Ssiz), so any decoder reads the values without help.
    samples = array.view(array.dtype.str.replace("i", "u")) if array.dtype.kind == "i" else array
    mode = "L" if layout.bits_allocated == 8 and layout.samples_per_pixel == 1 else (
        "RGB" if layout.samples_per_pixel == 3 else "I;16")
    image = _image(samples, mode)
    settings: dict[str, Any] = {"no_jp2": True, "irreversible": lossy,
                                "signed": bool(layout.pixel_representation)}
    if transform:
        settings["mct"] = 1
    if lossy:
        settings["quality_mode"] = "rates"
        settings["quality_layers"] = [float(options.get("compression_ratio", 10.0))]
    data = _save(image, "JPEG2000", **settings)
    if transform:
        photometric = "YBR_ICT" if lossy else "YBR_RCT"
    return EncodedFrame(data, photometric)


def _save(image: Any, fmt: str, **settings: Any) -> bytes:
    out = io.BytesIO()
    try:
        image.save(out, format=fmt, **settings)
    except (OSError, ValueError) as error:
        msg = f"Pillow could not write {fmt}: {error}"
        raise EncodeError(msg) from error
    return out.getvalue()


JPEG_CODEC = Codec(
    name="pillow-jpeg",
    transfer_syntaxes=_JPEG_DECODES,
    decode=decode_jpeg,
    encode=encode_jpeg,
    is_available=lambda: _has("jpg"),
    install="pillow (built with libjpeg)",
)

J2K_CODEC = Codec(
    name="pillow-jpeg2000",
    transfer_syntaxes=syntaxes.J2K_SYNTAXES,
    decode=decode_j2k,
    encode=encode_j2k,
    is_available=lambda: _has("jpg_2000"),
    install="pillow (built with openjpeg)",
)

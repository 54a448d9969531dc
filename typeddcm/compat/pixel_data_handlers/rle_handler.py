"""RLE Lossless pixel data (PS3.5 Annex G), decoded and encoded by typeddcm.pixels.rle.

Besides the handler interface: ``rle_encode_frame`` (pydicom 1.4 to 2.x) and
``rle_decode_frame`` (pydicom's ``_rle_decode_frame``, also under that name), and
``_parse_rle_header``.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.codec import encaps
from typeddcm.errors import DecodeError, MissingAttributeError
from typeddcm.pixels import rle
from typeddcm.pixels.colour import convert_color_space
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.native import mask_unused_bits

from . import dicom_file
from ._common import check_syntax, handler_functions, keeps_colour, pixeldata

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_NP", "HAVE_RLE", "SUPPORTED_TRANSFER_SYNTAXES",
           "get_pixeldata", "is_available", "needs_to_convert_to_RGB", "rle_decode_frame",
           "rle_encode_frame", "should_change_PhotometricInterpretation_to_RGB",
           "supports_transfer_syntax"]

HANDLER_NAME = "RLE Lossless"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
#: The decoder is typeddcm's own: always there (numpy is a dependency).
HAVE_NP = True
HAVE_RLE = True
SUPPORTED_TRANSFER_SYNTAXES = ("1.2.840.10008.1.2.5",)

is_available, supports_transfer_syntax, _ = handler_functions(SUPPORTED_TRANSFER_SYNTAXES)
needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour


def _check_order(segment_order: str) -> None:
    if segment_order not in (">", "<"):
        msg = f"the segment order is '>' (most significant first) or '<', not {segment_order!r}"
        raise ValueError(msg)


def _decode(data: bytes | memoryview, rows: int, columns: int, samples: int, bits: int,
            segment_order: str, frame: int | None = None) -> npt.NDArray[Any]:
    """One frame as unsigned words in native order, (rows, columns[, samples])."""
    _check_order(segment_order)
    if bits % 8:
        msg = ("Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' "
               f"value of {bits}")
        raise NotImplementedError(msg)
    words = rle.decode_frame(data, rows, columns, samples, bits, frame=frame)
    # '<': a non-conformant encoder wrote the least significant byte's segment first.
    return words.byteswap() if segment_order == "<" and bits > 8 else words


def _check_handler_input(ds: Any) -> None:
    """pydicom 3's handler checks, in its order and words: the syntax, the elements
    needed, then the sample type (Pixel Representation 0 or 1)."""
    from .util import pixel_dtype

    try:
        check_syntax(ds, SUPPORTED_TRANSFER_SYNTAXES, HANDLER_NAME)
    except NotImplementedError:
        msg = ("Unable to convert the pixel data as the transfer syntax is not supported by "
               "the RLE pixel data handler.")
        raise NotImplementedError(msg) from None
    needed = ("PixelData", "BitsAllocated", "Rows", "Columns", "PixelRepresentation",
              "SamplesPerPixel")
    missing = [keyword for keyword in needed if keyword not in ds]
    if missing:
        msg = ("Unable to convert the pixel data as the following required elements are "
               f"missing from the dataset: {', '.join(missing)}")
        raise AttributeError(msg)
    pixel_dtype(ds)
    if ds.BitsAllocated % 8:
        msg = ("Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' "
               f"value of {ds.BitsAllocated}")
        raise NotImplementedError(msg)


def get_pixeldata(ds: Any, rle_segment_order: str = ">") -> npt.NDArray[Any]:
    """The decoded RLE pixel data, shaped ((frames,) rows, columns(, samples)), writeable.

    ``rle_segment_order`` ``"<"`` reads non-conformant data whose segments run least
    significant byte first.  Another transfer syntax raises NotImplementedError, a
    missing Image Pixel attribute AttributeError, damaged data ValueError.
    """
    _check_handler_input(ds)
    _check_order(rle_segment_order)
    if rle_segment_order == ">":
        arr = pixeldata(ds)
        # Looked up when called: pydicom's tests and users replace it on the module.
        if should_change_PhotometricInterpretation_to_RGB(ds):
            ds.PhotometricInterpretation = "RGB"
        return arr
    f = dicom_file(ds)
    try:
        layout = PixelLayout.from_dataset(f.dataset)
        element = f.dataset[0x7FE00010]
    except MissingAttributeError as error:
        msg = f"Unable to convert the pixel data: {error}"
        raise AttributeError(msg) from error
    out = np.empty((layout.number_of_frames, *layout.frame_shape()), dtype=layout.dtype)
    data = getattr(element.vr, "data", b"")
    for index, frame in enumerate(encaps.frames(data, layout.number_of_frames)):
        words = _decode(frame, layout.rows, layout.columns, layout.samples_per_pixel,
                        layout.bits_allocated, "<", frame=index)
        out[index] = words.view(layout.dtype)
    # Then as pixel_array finishes RLE frames: high bits masked, YCbCr shown as RGB.
    if 1 < layout.bits_stored < layout.bits_allocated:
        out = mask_unused_bits(out, layout.bits_stored)
    if layout.samples_per_pixel == 3 and layout.photometric_interpretation == "YBR_FULL":
        out = convert_color_space(out, "YBR_FULL", "RGB")
    return out[0] if layout.number_of_frames == 1 else out


def _parse_rle_header(header: bytes) -> list[int]:
    """The segment offsets in an RLE header (the first 64 bytes of a frame, PS3.5 G.5)."""
    if len(header) != 64:
        msg = "The RLE header can only be 64 bytes long"
        raise ValueError(msg)
    count = struct.unpack_from("<L", header)[0]
    if count > 15:
        msg = f"The RLE header specifies an invalid number of segments ({count})"
        raise ValueError(msg)
    return list(struct.unpack_from(f"<{count}L", header, 4))


def rle_decode_frame(data: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int,
                     segment_order: str = ">") -> bytearray:
    """One RLE frame decoded to bytes as pydicom's ``_rle_decode_frame`` gives them.

    Each sample's plane in turn (colour-by-plane), every value little endian.
    ``segment_order`` ``"<"`` reads segments that run least significant byte first.
    Damaged data raises ValueError; Bits Allocated not a multiple of 8,
    NotImplementedError.
    """
    try:
        words = _decode(data, rows, columns, nr_samples, nr_bits, segment_order)
    except DecodeError as error:
        # Segment by segment again, for pydicom's ValueError wording of the problem.
        from ..pixels.decoders.rle import _rle_decode_frame as by_segment

        by_segment(data, rows, columns, nr_samples, nr_bits, segment_order)
        raise ValueError(str(error)) from error
    planes = words.reshape(rows, columns, nr_samples).transpose(2, 0, 1)
    return bytearray(np.ascontiguousarray(planes, dtype=words.dtype.newbyteorder("<")).tobytes())


def _rle_decode_frame(data: bytes, rows: int, columns: int, nr_samples: int, nr_bits: int,
                      segment_order: str = ">") -> bytearray:
    """:func:`rle_decode_frame` segment by segment: pydicom's private helper, which also
    warns of segments decoding to more bytes than a frame's."""
    from ..pixels.decoders.rle import _rle_decode_frame as by_segment

    if nr_bits % 8:
        msg = ("Unable to decode RLE encoded pixel data with a (0028,0100) 'Bits Allocated' "
               f"value of {nr_bits}")
        raise NotImplementedError(msg)
    return by_segment(data, rows, columns, nr_samples, nr_bits, segment_order)


def _rle_decode_segment(src: bytes) -> bytearray:
    """One PackBits segment decoded (PS3.5 G.3.2), as pydicom's private helper."""
    from ..pixels.decoders.rle import _rle_decode_segment as decode_segment

    return decode_segment(src)


def rle_encode_frame(arr: npt.NDArray[Any]) -> bytes:
    """One frame, (rows, columns) or (rows, columns, samples), as RLE bytes (PS3.5 G.3).

    The header and segments, each segment padded to even length; the samples'
    width is the array's itemsize.  Several frames at once raise ValueError, as
    in pydicom; so do more than 15 segments or a non-integer array.
    """
    array = np.asarray(arr)
    if array.ndim > 3:
        msg = "Unable to encode multiple frames at once, please encode one frame at a time"
        raise ValueError(msg)
    if array.ndim == 1:
        msg = "an RLE frame is 2-D (rows, columns) or 3-D (rows, columns, samples)"
        raise ValueError(msg)
    return rle.encode_frame(array)

"""pixel_array: the image in a DicomFile or Dataset as a numpy array, all frames or one.

Native data comes from :mod:`native` as a view of the file where it can; encapsulated
data is split into frames by :mod:`typeddcm.codec.encaps` (Extended Offset Table,
Basic Offset Table or markers) and each frame is decoded by the first registered
codec that can, so asking for one frame reads and decodes that frame only.  Every
path then converts YCbCr to RGB unless ``as_rgb=False``.  Bits above Bits Stored are
masked or sign extended (PS3.5 8.1.1) only where the decoded words are the stored
words themselves (native data, and RLE, Deflated Image Frame and Encapsulated
Uncompressed frames, whose codecs do it); an image decoder's values (JPEG, JPEG-LS,
JPEG 2000, JPEG XL) are kept as it gives them, so a lossy decode that overshoots
Bits Stored is not wrapped around.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.codec import encaps
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import DecodeError, DicomError, UnsupportedTransferSyntaxError
from typeddcm.pixels import registry
from typeddcm.pixels.codestream import guess_transfer_syntax
from typeddcm.pixels.colour import convert_color_space
from typeddcm.pixels.layout import PIXEL_TAGS, PixelLayout, pixel_keyword
from typeddcm.pixels.native import decode_native
from typeddcm.pixels.registry import Codec, DecodedFrame, decoders_for
from typeddcm.vr import OW

__all__ = ["DecodedPixels", "decode_pixels", "iter_frames", "pixel_array"]

_YBR = ("YBR_FULL", "YBR_FULL_422")


@attrs.frozen
class DecodedPixels:
    """Decoded frames and the Image Pixel attributes that now describe them."""

    array: npt.NDArray[Any]
    layout: PixelLayout  # photometric interpretation and planar configuration as decoded


@attrs.frozen
class _Source:
    dataset: Dataset
    element: Element
    layout: PixelLayout
    uid: str | None  # None: a bare Dataset, its syntax judged from the data
    little_endian: bool


def _source(source: DicomFile | Dataset, transfer_syntax: str | None) -> _Source:
    uid: str | None
    if isinstance(source, DicomFile):
        dataset, uid = source.dataset, transfer_syntax or source.transfer_syntax.uid
        little_endian = source.transfer_syntax.little_endian
    else:
        dataset, uid, little_endian = source, transfer_syntax, True
    layout = PixelLayout.from_dataset(dataset)
    element = dataset[PIXEL_TAGS[pixel_keyword(dataset)]]
    vr = element.vr
    if isinstance(source, Dataset) and hasattr(vr, "byteorder"):
        little_endian = vr.byteorder == "<"  # a bulk value knows its own byte order
    return _Source(dataset, element, layout, uid, little_endian)


def _check_index(frame: int | None, layout: PixelLayout) -> None:
    if frame is not None and not 0 <= frame < layout.number_of_frames:
        msg = f"frame {frame} is out of range: the image has {layout.number_of_frames} frame(s)"
        raise IndexError(msg)


def decode_pixels(
    source: DicomFile | Dataset,
    frame: int | None = None,
    *,
    as_rgb: bool = True,
    transfer_syntax: str | None = None,
) -> DecodedPixels:
    """Decode all frames (or frame ``frame``) and say how the result is laid out."""
    src = _source(source, transfer_syntax)
    _check_index(frame, src.layout)
    if src.element.undefined_length:
        array, photometric = _decode_encapsulated(src, frame)
    else:
        array, photometric = _decode_native(src, frame)
    layout = src.layout.evolve(photometric_interpretation=photometric, planar_configuration=0)
    if as_rgb and photometric in _YBR and layout.samples_per_pixel == 3:
        array = convert_color_space(array, photometric, "RGB")
        layout = layout.evolve(photometric_interpretation="RGB")
    return DecodedPixels(array, layout)


def pixel_array(
    source: DicomFile | Dataset,
    frame: int | None = None,
    *,
    as_rgb: bool = True,
    transfer_syntax: str | None = None,
) -> npt.NDArray[Any]:
    """The image as an array shaped ((frames,) rows, columns(, samples)).

    ``frame``: only that frame (shape without the frame axis), reading and decoding
    nothing of the others.  Native data in the machine's byte order is a read-only
    view of the file's bytes (call ``.copy()`` to change it); decoded data is a new
    writeable array.  YBR_FULL / YBR_FULL_422 samples are converted to RGB unless
    ``as_rgb`` is False.  ``transfer_syntax``: the UID, for a bare Dataset whose
    encapsulated data should not be judged from its first bytes.
    """
    return decode_pixels(source, frame, as_rgb=as_rgb, transfer_syntax=transfer_syntax).array


def iter_frames(
    source: DicomFile | Dataset, *, as_rgb: bool = True, transfer_syntax: str | None = None
) -> Iterator[npt.NDArray[Any]]:
    """Each frame in turn, decoded only when the iterator reaches it."""
    count = PixelLayout.from_dataset(
        source.dataset if isinstance(source, DicomFile) else source).number_of_frames
    for index in range(count):
        yield pixel_array(source, index, as_rgb=as_rgb, transfer_syntax=transfer_syntax)


def _decode_native(src: _Source, frame: int | None) -> tuple[npt.NDArray[Any], str]:
    vr = src.element.vr
    data = getattr(vr, "data", None)
    if not isinstance(data, memoryview):
        msg = f"{src.layout.pixel_keyword} holds {vr.code}, not bytes"
        raise DecodeError(msg, path=src.layout.pixel_keyword)
    swapped = (not src.little_endian and isinstance(vr, OW) and src.layout.bits_allocated == 8)
    return decode_native(data, src.layout, little_endian=src.little_endian, frame=frame,
                         swapped_words=swapped)


def _extended_offsets(ds: Dataset) -> tuple[memoryview | None, memoryview | None]:
    table, lengths = ds.get(keys.ExtendedOffsetTable), ds.get(keys.ExtendedOffsetTableLengths)
    if table is None or lengths is None or not table.data or not lengths.data:
        return None, None
    return table.data, lengths.data


def _decode_encapsulated(src: _Source, frame: int | None) -> tuple[npt.NDArray[Any], str]:
    layout = src.layout
    vr = src.element.vr
    data = getattr(vr, "data", b"")
    offsets, lengths = _extended_offsets(src.dataset)
    count = layout.number_of_frames

    def fetch(index: int | None) -> list[bytes | memoryview]:
        try:
            if index is None:  # one walk over the items for all frames
                return encaps.frames(data, count, extended_offsets=offsets,
                                     extended_lengths=lengths)
            return [encaps.frame(data, index, count, extended_offsets=offsets,
                                 extended_lengths=lengths)]
        except DecodeError as error:
            where = "" if index is None else f"frame {index}: "
            raise DecodeError(f"{where}{error}", path=layout.pixel_keyword) from error

    encoded = fetch(frame)
    indices = range(count) if frame is None else [frame]
    uid: str | None = src.uid
    if uid is None or not transfer_syntax(uid).encapsulated:
        # A bare Dataset, or a file whose meta names a native syntax for data that is
        # encapsulated (seen in real files): the first frame's bytes tell the codec.
        uid = guess_transfer_syntax(encoded[0])
    if uid is None:
        msg = ("the encapsulated pixel data's codec cannot be told from its first bytes; "
               "pass transfer_syntax=")
        raise UnsupportedTransferSyntaxError(msg)
    codecs = decoders_for(uid)
    frame_layout = layout.evolve(number_of_frames=1)
    first = _decode_frame(codecs, encoded[0], frame_layout, uid, indices[0])
    photometric = first.photometric_interpretation
    if len(indices) == 1:
        out = first.array  # one frame: no second copy into a stack
    else:
        out = np.empty((len(indices), *layout.frame_shape()), dtype=layout.dtype)
        out[0] = first.array
        for position, index in enumerate(indices[1:], start=1):
            out[position] = _decode_frame(codecs, encoded[position], frame_layout, uid, index).array
    if out.dtype != layout.dtype:
        out = out.astype(layout.dtype)
    # No masking to Bits Stored here: codecs that give stored words mask them (PS3.5
    # 8.1.1); an image decoder's values are kept, overshoot included (module doc).
    return out, photometric


def _decode_frame(codecs: list[Codec], data: bytes | memoryview, layout: PixelLayout,
                  uid: str, index: int) -> DecodedFrame:
    """The first codec's decode that succeeds; its DecodeError (naming the frame) if none."""
    frame_layout = layout
    failures: list[DicomError] = []
    for codec in codecs:
        assert codec.decode is not None  # decoders_for returns decoders only
        try:
            result = codec.decode(data, frame_layout, uid)
        except (DecodeError, UnsupportedTransferSyntaxError) as error:
            failures.append(error)
            continue
        except (ValueError, RuntimeError, OSError, MemoryError) as error:  # a plugin's own
            failures.append(DecodeError(f"{codec.name}: {error}"))
            continue
        if result.array.shape != layout.frame_shape():
            failures.append(DecodeError(
                f"{codec.name} decoded shape {result.array.shape}, expected {layout.frame_shape()}"))
            continue
        return result
    damaged = [f for f in failures if isinstance(f, DecodeError)]
    if damaged:
        msg = f"frame {index}: {damaged[0]}"
        raise DecodeError(msg, path=layout.pixel_keyword) from damaged[0]
    reasons = "; ".join(str(f) for f in failures)
    missing = sorted({c.install for c in registry.codecs() if uid in c.transfer_syntaxes
                      and c.decode is not None and c.install and not c.is_available()})
    msg = f"frame {index}: no available codec could decode it ({reasons})"
    if missing:
        msg += f"; install one of: {'; '.join(missing)}"
    raise UnsupportedTransferSyntaxError(msg)

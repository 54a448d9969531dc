"""compress and decompress: a new DicomFile whose pixels, meta and attributes agree.

Changing the transfer syntax touches more than Pixel Data: the file meta's Transfer
Syntax UID, Photometric Interpretation (JPEG writes YCbCr; JPEG 2000 colour uses
the reversible or irreversible component transform), Planar Configuration (frames
are always decoded and encoded colour-by-pixel), the Extended Offset Table (valid
only for the encapsulation it indexes) and, for lossy syntaxes, Lossy Image
Compression with its ratio and method appended to any earlier history
(PS3.3 C.7.6.1.1.5).  Everything else in the dataset is shared with the input.

Decoded pixels keep an image decoder's values, and a lossy decode may overshoot
Bits Stored; before they are encoded again they are clipped to the Bits Stored
range, since stored words have no room above it (PS3.5 8.1.1: a reader masks those
bits, so 4123 in a 12-bit word would come back as 27).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.codec import encaps
from typeddcm.codec.transfer_syntax import EXPLICIT_VR_LITTLE_ENDIAN, transfer_syntax
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import EncodeError
from typeddcm.pixels import syntaxes
from typeddcm.pixels.decode import decode_pixels
from typeddcm.pixels.layout import PIXEL_TAGS, PixelLayout
from typeddcm.pixels.native import encode_native
from typeddcm.pixels.registry import FrameEncoder, encoder_for
from typeddcm.vr import OB, OW

__all__ = ["compress", "decompress"]

_PIXEL_DATA = PIXEL_TAGS["PixelData"]
# ISO method names for Lossy Image Compression Method (PS3.3 C.7.6.1.1.5.1).
_LOSSY_METHOD = {
    syntaxes.JPEG_BASELINE: "ISO_10918_1",
    syntaxes.JPEG_EXTENDED: "ISO_10918_1",
    syntaxes.JPEG_2000: "ISO_15444_1",
    syntaxes.JPEG_LS_NEAR_LOSSLESS: "ISO_14495_1",
    syntaxes.HTJ2K: "ISO_15444_15",
}
# Keep the largest offset an encapsulated Basic Offset Table can hold (32 bits).
_BOT_LIMIT = 0xFFFFFFFF


def _with_image(ds: Dataset, layout: PixelLayout, pixel: Element) -> Dataset:
    """``ds`` with new pixel data and the Image Pixel attributes of ``layout``."""
    with ds.mutate() as m:
        m.set(_PIXEL_DATA, pixel)
        m.set(keys.PhotometricInterpretation, layout.photometric_interpretation)
        if layout.samples_per_pixel > 1:
            m.set(keys.PlanarConfiguration, layout.planar_configuration)
        m.discard(keys.ExtendedOffsetTable)
        m.discard(keys.ExtendedOffsetTableLengths)
    return m.finish()


def _in_bits_stored(array: npt.NDArray[Any], layout: PixelLayout) -> npt.NDArray[Any]:
    """Decoded samples clipped to the range of Bits Stored (``array`` itself when inside)."""
    bits = layout.bits_stored
    if layout.is_float or not 1 < bits < layout.bits_allocated or array.size == 0:
        return array
    if layout.pixel_representation:
        low, high = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    else:
        low, high = 0, (1 << bits) - 1
    if low <= array.min() and array.max() <= high:
        return array
    clipped: npt.NDArray[Any] = np.clip(array, low, high).astype(array.dtype)
    return clipped


def _with_syntax(f: DicomFile, uid: str, dataset: Dataset) -> DicomFile:
    meta = f.meta.set(keys.TransferSyntaxUID, uid)
    return DicomFile(f.preamble, meta, dataset, transfer_syntax(uid), f.source)


def decompress(f: DicomFile, *, as_rgb: bool = True) -> DicomFile:
    """``f`` with native pixel data in Explicit VR Little Endian.

    YCbCr samples become RGB (and Photometric Interpretation says so) unless
    ``as_rgb`` is False.  A file that is not encapsulated comes back unchanged.
    """
    if not f.transfer_syntax.encapsulated:
        return f
    decoded = decode_pixels(f, as_rgb=as_rgb)
    layout = decoded.layout
    native = encode_native(_in_bits_stored(decoded.array, layout), layout)
    vr = OB(native) if layout.bits_allocated <= 8 else OW(native)
    dataset = _with_image(f.dataset, layout, Element(_PIXEL_DATA, vr))
    return _with_syntax(f, EXPLICIT_VR_LITTLE_ENDIAN.uid, dataset)


def compress(
    f: DicomFile,
    transfer_syntax_uid: str,
    *,
    array: npt.NDArray[Any] | None = None,
    extended_offset_table: bool = False,
    encoder: FrameEncoder | None = None,
    basic_offset_table: bool | None = None,
    **options: Any,
) -> DicomFile:
    """``f`` with its pixel data compressed as ``transfer_syntax_uid``.

    The pixels are ``f``'s own (decoded first if ``f`` is compressed) or ``array``,
    which must have the shape and type ``f``'s Image Pixel attributes describe.
    ``options`` go to the codec: ``quality`` and ``subsampling`` ("4:2:2" or
    "4:4:4") for JPEG baseline, ``compression_ratio`` for lossy JPEG 2000,
    ``level`` for Deflate.  ``extended_offset_table`` writes (7FE0,0001/0002)
    instead of a Basic Offset Table (also chosen when offsets outgrow 32 bits).
    ``encoder`` replaces the registry's first codec for the syntax (typeddcm.compat
    passes pydicom's plugin choice this way).  ``basic_offset_table``: write its
    offsets (True), leave it empty (False), or only for several frames (None).
    """
    if encoder is None:
        codec = encoder_for(transfer_syntax_uid)
        assert codec.encode is not None  # encoder_for returns encoders only
        encoder = codec.encode
    if array is None:
        decoded = decode_pixels(f, as_rgb=False)
        array, layout = _in_bits_stored(decoded.array, decoded.layout), decoded.layout
        if layout.photometric_interpretation == "YBR_FULL_422":
            # Decoded samples are full resolution: YBR_FULL is what they are now.
            layout = layout.evolve(photometric_interpretation="YBR_FULL")
    else:
        described = f.dataset
        if not any(tag in described for tag in PIXEL_TAGS.values()):
            # New pixels for a dataset without any: its Image Pixel attributes describe them.
            described = described.set(_PIXEL_DATA, Element(_PIXEL_DATA, OB(b"")))
        layout = PixelLayout.from_dataset(described).evolve(planar_configuration=0)
        if array.shape != layout.shape() or array.dtype.kind != layout.dtype.kind:
            msg = f"array {array.shape} {array.dtype} does not match the dataset's {layout.shape()} {layout.dtype}"
            raise EncodeError(msg)
    if layout.is_float:
        msg = "Float and Double Float Pixel Data cannot be encapsulated (PS3.5 A.4)"
        raise EncodeError(msg)
    frames = array.reshape(layout.number_of_frames, *layout.frame_shape())
    frame_layout = layout.evolve(number_of_frames=1)
    encoded = [encoder(frame, frame_layout, transfer_syntax_uid, options) for frame in frames]
    data = [e.data for e in encoded]
    layout = layout.evolve(photometric_interpretation=encoded[0].photometric_interpretation)
    dataset = _encapsulated(f.dataset, layout, data, extended_offset_table,
                            len(data) > 1 if basic_offset_table is None else basic_offset_table)
    if transfer_syntax_uid in _LOSSY_METHOD and transfer_syntax_uid not in syntaxes.LOSSLESS:
        dataset = _lossy_history(dataset, array, data, _LOSSY_METHOD[transfer_syntax_uid])
    return _with_syntax(f, transfer_syntax_uid, dataset)


def _encapsulated(ds: Dataset, layout: PixelLayout, frames: list[bytes], extended: bool,
                  with_bot: bool) -> Dataset:
    padded_total = sum(len(frame) + len(frame) % 2 + 8 for frame in frames)
    if extended or padded_total > _BOT_LIMIT:
        items, offsets, lengths = encaps.encapsulate_extended(frames)
        dataset = _with_image(ds, layout, Element.encapsulated(_PIXEL_DATA, OB(items)))
        return dataset.set(keys.ExtendedOffsetTable, offsets).set(
            keys.ExtendedOffsetTableLengths, lengths)
    items = encaps.encapsulate(frames, with_bot=with_bot)
    return _with_image(ds, layout, Element.encapsulated(_PIXEL_DATA, OB(items)))


def _lossy_history(ds: Dataset, array: npt.NDArray[Any], frames: list[bytes],
                   method: str) -> Dataset:
    compressed = sum(len(frame) for frame in frames)
    ratio = array.nbytes / compressed if compressed else 0.0
    old_ratios = ds.get(keys.LossyImageCompressionRatio)
    old_methods = ds.get(keys.LossyImageCompressionMethod)
    ratios = [str(r) for r in (old_ratios.values if old_ratios is not None else ())]
    ratios.append(_ds_text(ratio))
    methods = [str(m) for m in (old_methods.values if old_methods is not None else ())]
    methods.append(method)
    return (ds.set(keys.LossyImageCompression, "01")
              .set(keys.LossyImageCompressionRatio, ratios)
              .set(keys.LossyImageCompressionMethod, methods))


def _ds_text(value: float) -> str:
    """``value`` as DS text of at most 16 characters (PS3.5 6.2)."""
    return f"{value:.6g}"[:16]


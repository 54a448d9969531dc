"""pydicom 3's ``pixels.utils``: pixel_array, iter_pixels, set_pixel_data, compress, decompress.

Every decode and encode is typeddcm.pixels'; this module takes pydicom's sources and
arguments and raises its error types.  The Image Pixel facts (``pixel_dtype``,
``get_nr_frames`` ...) and ``pack_bits``/``unpack_bits`` are pixel_data_handlers.util's.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

import typeddcm
from typeddcm import keys
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.element import Element
from typeddcm.pixels.layout import PixelLayout
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import OB, OW

from ..pixel_data_handlers import compress_in_place, decompress_in_place
from ..pixel_data_handlers.util import (
    expand_ybr422,
    get_expected_length,
    get_image_pixel_ids,
    get_j2k_parameters,
    get_nr_frames,
    pack_bits,
    pixel_dtype,
    reshape_pixel_array,
    unpack_bits,
)
from . import _sources
from ._sources import IMAGE_PIXEL

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["as_pixel_options", "compress", "decompress", "expand_ybr422", "get_expected_length",
           "get_image_pixel_ids", "get_j2k_parameters", "get_nr_frames", "iter_pixels",
           "pack_bits", "pixel_array", "pixel_dtype", "reshape_pixel_array", "set_pixel_data",
           "unpack_bits"]

_JPEG_2000 = frozenset({"1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.203"})
_JLS_NEAR_LOSSLESS = "1.2.840.10008.1.2.4.81"
# iter_pixels decodes all frames at once when they take no more than this (decoded).
_BATCH_BYTES = 4 * 1024 * 1024
# Samples per pixel of the photometric interpretations set_pixel_data writes (pydicom's set).
_SAMPLES = {"MONOCHROME1": 1, "MONOCHROME2": 1, "PALETTE COLOR": 1, "RGB": 3, "YBR_FULL": 3,
            "YBR_FULL_422": 3}


def as_pixel_options(ds: Any, **kwargs: Any) -> dict[str, Any]:
    """The dataset's Image Pixel values under pydicom's option names, ``kwargs`` on top.

    ``number_of_frames`` is always there (1 when absent; 0 or empty warn and give 1);
    ``extended_offsets`` holds the Extended Offset Table and its lengths when both exist.
    """
    opts: dict[str, Any] = {}
    for tag, (name, _) in IMAGE_PIXEL.items():
        if tag in ds:
            opts[name] = ds[tag].value
    frames = opts.get("number_of_frames", 1)
    frames = int(frames) if isinstance(frames, str) and frames.strip() else frames
    if frames in (None, 0, ""):
        warnings.warn(f"A value of '{frames}' for (0028,0008) 'Number of Frames' is invalid, "
                      "assuming 1 frame", UserWarning, stacklevel=2)
        frames = 1
    opts["number_of_frames"] = frames
    if 0x7FE00001 in ds and 0x7FE00002 in ds:
        opts["extended_offsets"] = (ds.ExtendedOffsetTable, ds.ExtendedOffsetTableLengths)
    opts.update(kwargs)
    return opts


def pixel_array(src: Any, *, ds_out: Dataset | None = None,
                specific_tags: list[int] | None = None, index: int | None = None,
                raw: bool = False, decoding_plugin: str = "", **kwargs: Any) -> npt.NDArray[Any]:
    """The decoded pixels of ``src`` (a path, a binary file object or a Dataset).

    ``index``: one frame only (only it is read and decoded).  YBR_FULL(_422) becomes RGB
    unless ``raw`` (or ``as_rgb=False``).  ``ds_out`` (path or file sources) receives the
    file meta, group 0028, the offset tables and ``specific_tags``.  Image Pixel options
    (``rows=`` ...) override the dataset's; ``view_only=True`` may give a read-only
    view.  ``decoding_plugin`` must name a plugin the decoder has (ValueError) that can
    run here (RuntimeError).  A writeable array, as pydicom's.
    """
    f, uid, opened = _sources.open_source(src, specific_tags=specific_tags, ds_out=ds_out)
    try:
        return _array(f, uid, index, raw, decoding_plugin, kwargs)
    finally:
        if opened:
            f.close()


def _array(f: Any, uid: str, index: int | None, raw: bool, plugin: str,
           options: dict[str, Any]) -> npt.NDArray[Any]:
    from .decoders.base import get_decoder

    decoder = get_decoder(uid)
    if plugin and decoder.is_encapsulated:
        _sources.check_plugin(uid, plugin, decoder=True, owner=decoder.name)
    f = _sources.with_overrides(f, options)
    as_rgb = bool(options.get("as_rgb", True)) and not raw
    array, _ = _sources.decode(f, uid, index, as_rgb=as_rgb,
                               view_only=bool(options.get("view_only", False)))
    return array


def iter_pixels(src: Any, *, ds_out: Dataset | None = None,
                specific_tags: list[int] | None = None, indices: Iterable[int] | None = None,
                raw: bool = False, decoding_plugin: str = "",
                **kwargs: Any) -> Iterator[npt.NDArray[Any]]:
    """Each frame of ``src`` (or those of ``indices``), decoded when it is reached.

    Arguments as :func:`pixel_array`; a path is read once and closed at the end.
    """
    f, uid, opened = _sources.open_source(src, specific_tags=specific_tags, ds_out=ds_out)
    try:
        layout = PixelLayout.from_dataset(_sources.with_overrides(f, kwargs).dataset)
        if indices is None:
            if layout.number_of_frames * layout.pixels_per_frame * 8 <= _BATCH_BYTES:
                # Small: one decode of all frames costs less than the per-frame set-up,
                # and the memory bound iter_pixels is for holds (8 bytes a sample at most).
                yield from _array(f, uid, None, raw, decoding_plugin, kwargs).reshape(
                    layout.number_of_frames, *layout.frame_shape())
                return
            indices = range(layout.number_of_frames)
        indices = list(indices)
        if len(indices) * 4 >= layout.number_of_frames:  # many frames: index them once
            f = _indexed(f, layout.number_of_frames)
        for index in indices:
            yield _array(f, uid, index, raw, decoding_plugin, kwargs)
    finally:
        if opened:
            f.close()


def _indexed(f: Any, count: int) -> Any:
    """``f`` with an Extended Offset Table over its frames, when encapsulated without one.

    Fetching frame i otherwise walks the item headers of the frames before it, so
    iterating would walk them n**2 / 2 times; the frames are split once here (their
    compressed bytes copied once) and each frame is then found directly.
    """
    from typeddcm.codec import encaps
    from typeddcm.errors import DecodeError

    element = f.dataset.get(CoreTag(0x7FE00010))
    if (count < 2 or element is None or not element.undefined_length
            or keys.ExtendedOffsetTable in f.dataset):
        return f
    try:
        frames = encaps.frames(getattr(element.vr, "data", b""), count)
    except DecodeError:  # each frame then reports it, as pixel_array would
        return f
    items, offsets, lengths = encaps.encapsulate_extended(frames)
    ds = (f.dataset.set(CoreTag(0x7FE00010), Element.encapsulated(CoreTag(0x7FE00010), OB(items)))
          .set(keys.ExtendedOffsetTable, offsets).set(keys.ExtendedOffsetTableLengths, lengths))
    return f.with_dataset(ds)


def dataset_pixel_array(ds: Dataset, options: dict[str, Any]) -> npt.NDArray[Any]:
    """``Dataset.pixel_array`` with ``pixel_array_options``: the 3.x path, lenient syntax."""
    opts = dict(options)
    opts.pop("use_pdh", None)
    index, raw, plugin = opts.pop("index", None), opts.pop("raw", False), opts.pop(
        "decoding_plugin", "")
    uid = _sources.dataset_uid(ds)
    return _array(_sources.dataset_file(ds, uid), uid, index, raw, plugin, opts)


# ----------------------------------------------------------------- changing the dataset


def compress(ds: Dataset, transfer_syntax_uid: str, arr: npt.NDArray[Any] | None = None, *,
             encoding_plugin: str = "", encapsulate_ext: bool = False,
             generate_instance_uid: bool = True, jls_error: int | None = None,
             j2k_cr: list[float] | None = None, j2k_psnr: list[float] | None = None,
             **kwargs: Any) -> Dataset:
    """Compress the pixel data (or ``arr``) in place as ``transfer_syntax_uid``; ``ds`` back.

    As pydicom 3: a syntax with no encoder is NotImplementedError, an encoder that
    cannot run here RuntimeError, an unknown ``encoding_plugin`` ValueError, compressed
    data ValueError; ``jls_error`` applies to JPEG-LS Near Lossless only and ``j2k_cr``
    / ``j2k_psnr`` to lossy JPEG 2000 only; Image Pixel options are ignored.  Pixel
    Data, Photometric Interpretation, the transfer syntax and (``generate_instance_uid``)
    SOP Instance UID change together (see ``compress_in_place``).
    """
    from .encoders.base import get_encoder

    for name, _ in IMAGE_PIXEL.values():
        kwargs.pop(name, None)
    uid = str(transfer_syntax_uid)
    encoder = get_encoder(uid)
    if not encoder.is_available:
        missing = "\n".join(f"    {s}" for s in encoder.missing_dependencies)
        msg = (f"The pixel data encoder for '{encoder.UID.name}' is unavailable because all "
               f"of its plugins are missing dependencies:\n{missing}")
        raise RuntimeError(msg)
    _sources.check_plugin(uid, encoding_plugin, decoder=False, owner=encoder.name)
    compress_in_place(ds, uid, arr, encapsulate_ext=encapsulate_ext,
                      generate_instance_uid=generate_instance_uid,
                      jls_error=jls_error if uid == _JLS_NEAR_LOSSLESS else None,
                      j2k_cr=j2k_cr if uid in _JPEG_2000 else None,
                      j2k_psnr=j2k_psnr if uid in _JPEG_2000 else None, **kwargs)
    return ds


def decompress(ds: Dataset, *, as_rgb: bool = True, generate_instance_uid: bool = True,
               decoding_plugin: str = "", **kwargs: Any) -> Dataset:
    """Decompress the pixel data in place to Explicit VR Little Endian; ``ds`` back.

    As pydicom 3: no Pixel Data or no Transfer Syntax UID is AttributeError, native
    data ValueError, a decoder that cannot run here RuntimeError.  YCbCr becomes RGB
    unless ``as_rgb`` is False; ``generate_instance_uid`` gives a new SOP Instance UID.
    """
    if "PixelData" not in ds:
        msg = "Unable to decompress as the dataset has no (7FE0,0010) 'Pixel Data' element"
        raise AttributeError(msg)
    meta = getattr(ds, "file_meta", None)
    if meta is None or "TransferSyntaxUID" not in meta:
        msg = ("Unable to determine the initial compression state as there's no (0002,0010) "
               "'Transfer Syntax UID' element in the dataset's 'file_meta' attribute")
        raise AttributeError(msg)
    uid = str(meta.TransferSyntaxUID)
    from .decoders.base import get_decoder

    decoder = get_decoder(uid)
    if not decoder.is_encapsulated:
        raise ValueError("The dataset is already uncompressed")
    decompress_dataset(ds, as_rgb=as_rgb, generate_instance_uid=generate_instance_uid,
                       decoding_plugin=decoding_plugin, **kwargs)
    return ds


def decompress_dataset(ds: Dataset, *, as_rgb: bool = True, generate_instance_uid: bool = False,
                       decoding_plugin: str = "", **kwargs: Any) -> None:
    """The work of ``Dataset.decompress`` and :func:`decompress` (native data: converted)."""
    from .decoders.base import get_decoder

    del kwargs  # pydicom's plugin options: our registry's codecs take none
    uid = _sources.dataset_uid(ds)
    decoder = get_decoder(uid)
    if decoder.is_encapsulated:
        if not decoder.is_available:
            missing = "\n".join(f"    {s}" for s in decoder.missing_dependencies)
            msg = (f"Unable to decompress as the plugins for the '{decoder.UID.name}' decoder "
                   f"are all missing dependencies:\n{missing}")
            raise RuntimeError(msg)
        _sources.check_plugin(uid, decoding_plugin, decoder=True, owner=decoder.name)
    decompress_in_place(ds, as_rgb=as_rgb)
    if generate_instance_uid and decoder.is_encapsulated:
        _new_instance_uid(ds)


def _new_instance_uid(ds: Dataset) -> None:
    instance_uid = typeddcm.generate_uid()
    ds.SOPInstanceUID = instance_uid
    ds.ensure_file_meta()
    ds.file_meta.MediaStorageSOPInstanceUID = instance_uid


def set_pixel_data(ds: Dataset, arr: npt.NDArray[Any], photometric_interpretation: str,
                   bits_stored: int, *, generate_instance_uid: bool = True) -> None:
    """Make ``arr`` the dataset's Pixel Data, with the Image Pixel attributes that describe it.

    ``arr``: (rows, columns) or (frames, rows, columns) for one sample a pixel,
    (...,  3) for RGB and YBR (YBR_FULL_422 is written subsampled, PS3.3 C.7.6.3.1.2);
    uint8, int8, uint16 or int16 with every value inside ``bits_stored``.  Sets Samples
    per Pixel, Photometric Interpretation, Planar Configuration (0, colour only),
    Number of Frames (removed for one frame given 2-D/3-D), Rows, Columns, Bits
    Allocated/Stored, High Bit, Pixel Representation; a compressed (or absent)
    transfer syntax becomes Explicit VR Little Endian.  Nothing changes when a check
    fails (ValueError; AttributeError for Float Pixel Data present;
    NotImplementedError for a big endian dataset).
    """
    for tag, name in ((0x7FE00008, "Float Pixel Data"), (0x7FE00009, "Double Float Pixel Data")):
        if tag in ds:
            msg = (f"The dataset has an existing {CoreTag(tag)} '{name}' element which "
                   "indicates the (0008,0016) 'SOP Class UID' value is not suitable for a "
                   f"dataset with 'Pixel Data'. The '{name}' element should be deleted and "
                   "the 'SOP Class UID' changed.")
            raise AttributeError(msg)
    meta = getattr(ds, "file_meta", None)
    uid = str(meta.TransferSyntaxUID) if meta is not None and "TransferSyntaxUID" in meta else ""
    syntax = _syntax_or_none(uid)
    if syntax is not None and not syntax.little_endian:
        msg = f"The dataset's transfer syntax '{uid}' is big-endian, which is not supported"
        raise NotImplementedError(msg)
    layout = _set_layout(arr, str(photometric_interpretation), int(bits_stored))
    data = _native_bytes(arr, layout)
    pixel = Element(CoreTag(0x7FE00010), OB(data) if layout.bits_allocated <= 8 else OW(data))
    with ds._root.lock:
        core: CoreDataset = ds._core_locked()
        with core.mutate() as m:
            m.set(keys.SamplesPerPixel, layout.samples_per_pixel)
            m.set(keys.PhotometricInterpretation, layout.photometric_interpretation)
            if layout.samples_per_pixel > 1:
                m.set(keys.PlanarConfiguration, 0)
            else:
                m.discard(keys.PlanarConfiguration)
            if arr.ndim == (3 if layout.samples_per_pixel == 1 else 4):
                m.set(keys.NumberOfFrames, layout.number_of_frames)
            else:
                m.discard(keys.NumberOfFrames)
            m.set(keys.Rows, layout.rows)
            m.set(keys.Columns, layout.columns)
            m.set(keys.BitsAllocated, layout.bits_allocated)
            m.set(keys.BitsStored, layout.bits_stored)
            m.set(keys.HighBit, layout.bits_stored - 1)
            m.set(keys.PixelRepresentation, layout.pixel_representation)
            m.set(CoreTag(0x7FE00010), pixel)
        ds._root.detach((*ds._path, 0x7FE00010))
        ds._root.replace(ds._path, m.finish())
    ds.ensure_file_meta()
    if syntax is None or syntax.encapsulated:
        ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
        ds.is_implicit_VR = False
        ds.is_little_endian = True
    if generate_instance_uid:
        _new_instance_uid(ds)


def _syntax_or_none(uid: str) -> Any:
    from typeddcm.codec.transfer_syntax import transfer_syntax
    from typeddcm.errors import UnsupportedTransferSyntaxError

    if not uid:
        return None
    try:
        return transfer_syntax(uid)
    except UnsupportedTransferSyntaxError:
        return None


def _set_layout(arr: npt.NDArray[Any], photometric: str, bits_stored: int) -> PixelLayout:
    """The layout ``arr`` has under pydicom's set_pixel_data rules (ValueError if none)."""
    dtype = arr.dtype
    if dtype.kind not in ("u", "i") or dtype.itemsize not in (1, 2):
        msg = f"Unsupported ndarray dtype '{dtype}', must be int8, int16, uint8 or uint16"
        raise ValueError(msg)
    samples = _SAMPLES.get(photometric)
    if samples is None:
        msg = f"Unsupported 'photometric_interpretation' value '{photometric}'"
        raise ValueError(msg)
    dims = (2, 3) if samples == 1 else (3, 4)
    if arr.ndim not in dims:
        msg = (f"An ndarray with '{photometric}' data must have {dims[0]} or {dims[1]} "
               f"dimensions, not {arr.ndim}")
        raise ValueError(msg)
    if samples > 1 and arr.shape[-1] != samples:
        msg = (f"An ndarray with '{photometric}' data must have shape (rows, columns, 3) or "
               f"(frames, rows, columns, 3), not {arr.shape}")
        raise ValueError(msg)
    frames = arr.shape[0] if arr.ndim == dims[1] else 1
    rows, columns = arr.shape[arr.ndim - dims[0]: arr.ndim - dims[0] + 2]
    if not 0 < bits_stored <= dtype.itemsize * 8:
        msg = (f"Invalid 'bits_stored' value '{bits_stored}', must be greater than 0 and less "
               "than or equal to the number of bits for the ndarray's itemsize "
               f"'{dtype.itemsize * 8}'")
        raise ValueError(msg)
    signed = dtype.kind == "i"
    low = -(1 << (bits_stored - 1)) if signed else 0
    high = (1 << (bits_stored - 1)) - 1 if signed else (1 << bits_stored) - 1
    if arr.size:
        least, most = arr.min(), arr.max()
        if least < low or most > high:
            msg = (f"The range of values in the ndarray [{least}, {most}] is greater than that "
                   f"allowed by the 'bits_stored' value [{low}, {high}]")
            raise ValueError(msg)
    if photometric == "YBR_FULL_422" and columns % 2:
        msg = "YBR_FULL_422 data must have an even number of columns (PS3.3 C.7.6.3.1.2)"
        raise ValueError(msg)
    return PixelLayout(rows=int(rows), columns=int(columns), samples_per_pixel=samples,
                       bits_allocated=dtype.itemsize * 8, bits_stored=bits_stored,
                       pixel_representation=int(signed), number_of_frames=int(frames),
                       photometric_interpretation=photometric)


def _native_bytes(arr: npt.NDArray[Any], layout: PixelLayout) -> bytes:
    """``arr`` as native bytes; YBR_FULL_422 keeps each pair's first chroma (Y1 Y2 Cb Cr)."""
    from typeddcm.pixels.native import encode_native

    shaped = arr.reshape(layout.shape(layout.number_of_frames))
    if layout.photometric_interpretation != "YBR_FULL_422":
        return encode_native(shaped, layout)
    pairs = np.ascontiguousarray(arr, dtype=arr.dtype.newbyteorder("<")).reshape(-1, 2, 3)
    out = np.stack([pairs[:, 0, 0], pairs[:, 1, 0], pairs[:, 0, 1], pairs[:, 0, 2]], axis=1)
    data = out.tobytes()
    return data + b"\x00" if len(data) % 2 else data


# pydicom 1.x/2.x handler names -> the plugin label that does their work here.
_HANDLER_PLUGINS = {"numpy": "", "rle": "pydicom", "jpeg_ls": "pyjpegls", "pillow": "pillow",
                    "pylibjpeg": "pylibjpeg", "gdcm": "gdcm"}


def handler_plugin(handler_name: str) -> str:
    """The plugin label for a pixel data handler's name (a plugin label passes through)."""
    name = handler_name.lower()
    return _HANDLER_PLUGINS.get(name, name)

"""pydicom 3's ``pixels.utils``: pixel_array, iter_pixels, set_pixel_data, compress, decompress.

Every decode and encode is typeddcm.pixels'; this module takes pydicom's sources and
arguments and raises its error types.  The Image Pixel facts (``pixel_dtype``,
``get_nr_frames`` ...) and ``pack_bits``/``unpack_bits`` are pixel_data_handlers.util's.
"""

from __future__ import annotations

import importlib
import logging
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

LOGGER = logging.getLogger("pydicom")  # config.logger's

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


def _passes_version_check(package_name: str, minimum_version: tuple[int, ...]) -> bool:
    """Whether ``package_name`` imports and its ``__version__`` is at least ``minimum_version``.

    Any failure (not installed, no or odd version) is False, logged at debug level.
    """
    try:
        module = importlib.import_module(package_name)
        version = tuple(int(part) for part in str(module.__version__).split(".")[:3])
    except Exception as error:  # any failure means "not usable", as pydicom
        LOGGER.debug(error)
        return False
    return version >= tuple(minimum_version)


def _get_jpg_parameters(src: bytes) -> dict[str, Any]:
    """A JPEG or JPEG-LS codestream's header facts, as pydicom 3 names them.

    ``precision``, ``height``, ``width``, ``components``, ``component_ids`` (list);
    ``app`` ({marker bytes: payload}) when there are APP segments; ``lossy_error``
    (NEAR) and ``interleave_mode`` (ILV) for JPEG-LS.  ``{}`` when the header cannot
    be parsed (typeddcm.pixels.codestream does the parsing).
    """
    from typeddcm.pixels.codestream import jpeg_info

    info = jpeg_info(src)
    if info is None:
        return {}
    out: dict[str, Any] = {"precision": info.precision, "height": info.rows,
                           "width": info.columns, "components": len(info.component_ids),
                           "component_ids": list(info.component_ids)}
    if info.app:
        out["app"] = {bytes((0xFF, marker)): payload for marker, payload in info.app}
    if info.interleave_mode is not None:
        out["lossy_error"] = info.selection_value
        out["interleave_mode"] = info.interleave_mode
    return out


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
    _check_syntax(src)
    f, uid, opened = _sources.open_source(src, specific_tags=specific_tags, ds_out=ds_out)
    try:
        uid = _file_syntax(src, f, uid, kwargs)
        _check_required(_sources.with_overrides(f, kwargs).dataset)
        return _array(f, uid, index, raw, decoding_plugin, kwargs)
    finally:
        if opened:
            f.close()


def _check_syntax(src: Any) -> None:
    """A Dataset source must name its transfer syntax in its file meta (as pydicom 3's
    functions require; ``Dataset.pixel_array`` stays lenient, as the reference)."""
    from ..dataset import Dataset

    if isinstance(src, Dataset):
        meta = getattr(src, "file_meta", None)
        if meta is None or "TransferSyntaxUID" not in meta:
            msg = ("Unable to decode the pixel data as the dataset's 'file_meta' has no "
                   "(0002,0010) 'Transfer Syntax UID' element")
            raise AttributeError(msg)


def _file_syntax(src: Any, f: Any, uid: str, options: dict[str, Any]) -> str:
    """The transfer syntax to decode a path or file source as: the ``transfer_syntax_uid``
    option, else its file meta's (AttributeError when it has none, as pydicom 3: the
    reader's guess of the dataset's encoding says nothing about encapsulated data)."""
    from ..dataset import Dataset

    given = options.pop("transfer_syntax_uid", None)
    if given:
        return str(given)
    if not isinstance(src, Dataset) and keys.TransferSyntaxUID not in f.meta:
        msg = ("'transfer_syntax_uid' is required if the dataset in 'src' is not in the "
               "DICOM File Format")
        raise AttributeError(msg)
    return uid


# The Image Pixel elements a decode needs, in the order pydicom 3 reports them missing.
_REQUIRED = (
    (keys.BitsAllocated, "(0028,0100) 'Bits Allocated'"),
    (keys.BitsStored, "(0028,0101) 'Bits Stored'"),
    (keys.Columns, "(0028,0011) 'Columns'"),
    (keys.PhotometricInterpretation, "(0028,0004) 'Photometric Interpretation'"),
    (keys.PixelRepresentation, "(0028,0103) 'Pixel Representation'"),
    (keys.Rows, "(0028,0010) 'Rows'"),
    (keys.SamplesPerPixel, "(0028,0002) 'Samples per Pixel'"),
    (keys.PlanarConfiguration, "(0028,0006) 'Planar Configuration'"),
)


def _check_required(ds: CoreDataset) -> None:
    """AttributeError naming the first Image Pixel element a decode of ``ds`` lacks."""
    if not any(CoreTag(tag) in ds for tag in (0x7FE00010, 0x7FE00008, 0x7FE00009)):
        msg = ("The dataset in 'src' has no 'Pixel Data', 'Float Pixel Data' or 'Double "
               "Float Pixel Data' element, no pixel data to decode")
        raise AttributeError(msg)
    if CoreTag(0x7FE00010) not in ds:
        return  # float pixel data: Bits Allocated and the rest follow from the VR
    for key, name in _REQUIRED:
        if key is keys.PlanarConfiguration:
            samples = ds.get(keys.SamplesPerPixel)
            if samples is None or not samples.values or int(samples.values[0]) == 1:
                return
        element = ds.get(key)
        if element is None or not element.values:
            raise AttributeError(f"Missing required element: {name}")


def _array(f: Any, uid: str, index: int | None, raw: bool, plugin: str,
           options: dict[str, Any]) -> npt.NDArray[Any]:
    from ..uid import UID
    from .decoders.base import get_decoder

    try:
        decoder = get_decoder(uid)
    except NotImplementedError as error:
        msg = (f"Unable to decode the pixel data as a (0002,0010) 'Transfer Syntax UID' value "
               f"of '{UID(uid).name}' is not supported")
        raise NotImplementedError(msg) from error
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
    _check_syntax(src)
    f, uid, opened = _sources.open_source(src, specific_tags=specific_tags, ds_out=ds_out)
    try:
        uid = _file_syntax(src, f, uid, kwargs)
        _check_required(_sources.with_overrides(f, kwargs).dataset)
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
    if arr is None:  # the dataset's own pixels: its transfer syntax says how they are stored
        meta = getattr(ds, "file_meta", None)
        if meta is None or "TransferSyntaxUID" not in meta:
            msg = ("Unable to determine the initial compression state of the dataset as "
                   "there's no (0002,0010) 'Transfer Syntax UID' element in the dataset's "
                   "'file_meta' attribute")
            raise AttributeError(msg)
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
    _forget_pixels(ds)
    return ds


def _forget_pixels(ds: Dataset) -> None:
    """pydicom 3's state after a function changed the pixel data: no cached array."""
    object.__setattr__(ds, "_pixel_array", None)
    object.__setattr__(ds, "_pixel_id", {})


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
    from .decoders.base import Decoder, get_decoder

    syntax = _syntax_or_none(uid)
    if syntax is not None and not syntax.encapsulated:  # a private syntax counts as compressed
        raise ValueError("The dataset is already uncompressed")
    decoder: Any = get_decoder(uid)  # whatever _PIXEL_DATA_DECODERS holds
    if not isinstance(decoder, Decoder):
        # A decoder put in _PIXEL_DATA_DECODERS by the caller: pydicom's protocol.
        _decompress_with(ds, decoder, as_rgb, decoding_plugin, kwargs)
    else:
        _check_decoder(decoder, uid, decoding_plugin)
        _check_decoded_size(ds, uid)
        _decompress_core(ds, as_rgb)
    if generate_instance_uid:
        _new_instance_uid(ds)
    _forget_pixels(ds)
    return ds


# PS3.5 7.1.1: a defined length is 32 bits and 0xFFFFFFFF means undefined.
_MAX_LENGTH = 2**32 - 2
_TOO_LONG = ("Unable to decompress as the length of the uncompressed pixel data will be "
             "greater than the maximum allowed by the DICOM Standard")


def _check_decoder(decoder: Any, uid: str, plugin: str) -> None:
    """RuntimeError when nothing can decode ``uid`` here; the plugin named must exist."""
    if not decoder.is_available:
        missing = "\n".join(f"    {s}" for s in decoder.missing_dependencies)
        msg = (f"Unable to decompress as the plugins for the '{decoder.UID.name}' decoder "
               f"are all missing dependencies:\n{missing}")
        raise RuntimeError(msg)
    _sources.check_plugin(uid, plugin, decoder=True, owner=decoder.name)


def _decompress_core(ds: Dataset, as_rgb: bool) -> None:
    """typeddcm.pixels' decompress of the dataset, put back in place (nothing decoded twice:
    unlike ``Dataset.decompress``, no ``pixel_array`` is kept, as pydicom 3)."""
    from typeddcm.pixels import decompress as core_decompress

    done = core_decompress(_sources.dataset_file(ds), as_rgb=as_rgb)
    with ds._root.lock:
        ds._root.detach((*ds._path, 0x7FE00010))
        ds._root.replace(ds._path, done.dataset)
    ds.file_meta.TransferSyntaxUID = done.transfer_syntax.uid
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    object.__setattr__(ds, "_is_decompressed", True)  # the 1.x flag, as Dataset.decompress


def _check_decoded_size(ds: Dataset, uid: str) -> None:
    """ValueError before decoding when the native pixel data could not have a length."""
    layout = PixelLayout.from_dataset(_sources.dataset_file(ds, uid).dataset)
    if -(-layout.number_of_frames * layout.pixels_per_frame * layout.bits_allocated // 8) \
            > _MAX_LENGTH:
        raise ValueError(_TOO_LONG)


def _decompress_with(ds: Dataset, decoder: Any, as_rgb: bool, plugin: str,
                     options: dict[str, Any]) -> None:
    """Decompress with any object having pydicom's ``iter_array`` (frames and properties)."""
    options.pop("index", None)
    frames: list[npt.NDArray[Any]] = []
    props: dict[str, Any] = {}
    total = 0
    for array, frame_props in decoder.iter_array(ds, decoding_plugin=plugin, as_rgb=as_rgb,
                                                 **options):
        props = frame_props
        total += array.nbytes
        if total > _MAX_LENGTH:
            raise ValueError(_TOO_LONG)
        frames.append(array)
    data = b"".join(np.ascontiguousarray(a).tobytes() for a in frames)
    if len(data) % 2:
        data += b"\x00"
    bits = int(props.get("bits_allocated", ds.BitsAllocated))
    element = Element(CoreTag(0x7FE00010), OB(data) if bits <= 8 else OW(data))
    with ds._root.lock:
        core: CoreDataset = ds._core_locked()
        with core.mutate() as m:
            m.set(CoreTag(0x7FE00010), element)
            if "photometric_interpretation" in props:
                m.set(keys.PhotometricInterpretation, props["photometric_interpretation"])
            if int(props.get("samples_per_pixel", 1)) > 1:
                m.set(keys.PlanarConfiguration, int(props.get("planar_configuration", 0)))
            if keys.NumberOfFrames in core or len(frames) > 1:
                m.set(keys.NumberOfFrames, str(len(frames)))
        ds._root.detach((*ds._path, 0x7FE00010))
        ds._root.replace(ds._path, m.finish())
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    object.__setattr__(ds, "_is_decompressed", True)


def decompress_dataset(ds: Dataset, *, as_rgb: bool = True, generate_instance_uid: bool = False,
                       decoding_plugin: str = "", **kwargs: Any) -> None:
    """The work of ``Dataset.decompress`` (native data: converted; the array is kept)."""
    from .decoders.base import get_decoder

    del kwargs  # pydicom's plugin options: our registry's codecs take none
    uid = _sources.dataset_uid(ds)
    decoder = get_decoder(uid)
    if decoder.is_encapsulated:
        _check_decoder(decoder, uid, decoding_plugin)
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
        from ..uid import UID

        msg = (f"The dataset's transfer syntax '{UID(uid).name}' is big-endian, which is not "
               "supported")
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
    _forget_pixels(ds)


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

"""Pixel data handlers (pydicom's documented handler interface) over typeddcm.pixels.

``config.image_handlers`` is an ordered list of handler modules, each with
``supports_transfer_syntax(ds)`` and ``get_pixeldata(ds)``; the first that supports
the syntax and does not raise gives the array; if all raise, the last error is
raised; if none supports the syntax, NotImplementedError says so (as documented).
A handler may return the samples 1-D in stored order, as pydicom's contract lets
it: they are shaped by ``util.reshape_pixel_array``.

The modules: ``numpy_handler``, ``rle_handler``, ``pillow_handler`` (the defaults),
``jpeg_ls_handler``, ``gdcm_handler``, ``pylibjpeg_handler`` and ``util``; each is
also an attribute of this package, imported when first used, and so are pydicom
3's aliases of util's functions here (``apply_modality_lut`` ...).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

import typeddcm
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.errors import MissingAttributeError

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["compress_in_place", "convert", "decompress_in_place", "dicom_file",
           "transfer_syntax_uid"]

_MODULES = frozenset({"gdcm_handler", "jpeg_ls_handler", "numpy_handler", "pillow_handler",
                      "pylibjpeg_handler", "rle_handler", "util"})
# pydicom 3 offers these at package level too (as deprecated aliases).
_UTIL_NAMES = frozenset({"apply_color_lut", "apply_modality_lut", "apply_rescale",
                         "apply_voi", "apply_voi_lut", "apply_windowing",
                         "convert_color_space", "expand_ybr422", "pack_bits", "unpack_bits"})


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in _UTIL_NAMES:
        return getattr(importlib.import_module(f"{__name__}.util"), name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def transfer_syntax_uid(ds: Any, strict: bool = False) -> str:
    """The dataset's transfer syntax: its file meta's, else what its flags name.

    Flags not set: explicit VR little endian (the 1.x handlers' default), or with
    ``strict`` (pydicom 3's pixels) AttributeError naming the missing element.
    """
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return str(meta.TransferSyntaxUID)
    implicit = getattr(ds, "is_implicit_VR", None)
    little = getattr(ds, "is_little_endian", None)
    if strict and (implicit is None or little is None):
        msg = ("Unable to decode the pixel data as the dataset's 'file_meta' has no (0002,0010) "
               "'Transfer Syntax UID' element")
        raise AttributeError(msg)
    if implicit:
        return "1.2.840.10008.1.2"
    if little is False:
        return "1.2.840.10008.1.2.2"
    return "1.2.840.10008.1.2.1"


def dicom_file(ds: Any, uid: str | None = None) -> typeddcm.DicomFile:
    """A compat (or core) Dataset as a core DicomFile in ``uid`` or its own transfer syntax
    (its current core; shared, not copied)."""
    if isinstance(ds, typeddcm.Dataset):
        return typeddcm.DicomFile(None, typeddcm.Dataset(), ds,
                                  transfer_syntax(uid or "1.2.840.10008.1.2.1"))
    meta = getattr(ds, "file_meta", None)
    meta_core = meta.freeze() if meta is not None else typeddcm.Dataset()
    return typeddcm.DicomFile(getattr(ds, "preamble", None), meta_core, ds.freeze(),
                              transfer_syntax(uid or transfer_syntax_uid(ds)))


def convert(ds: Dataset) -> npt.NDArray[Any]:
    """The pixel array by the first handler of config.image_handlers that can give it."""
    from .. import config

    uid = transfer_syntax_uid(ds)
    last_error: Exception | None = None
    tried = False
    for handler in config.image_handlers:
        if not handler.supports_transfer_syntax(ds):
            continue
        tried = True
        try:
            array = np.asarray(handler.get_pixeldata(ds))
        except Exception as error:  # the documented contract: try the next handler
            last_error = error
            continue
        if array.ndim == 1:  # a handler following the 1.x contract: stored order, flat
            from .util import reshape_pixel_array

            array = reshape_pixel_array(ds, array)
        return array
    if last_error is not None:
        raise last_error
    if not tried:
        from ..uid import UID

        msg = (f"Unable to decode pixel data with a transfer syntax UID of '{uid}' "
               f"({UID(uid).name}): no pixel data handler in config.image_handlers supports it")
        raise NotImplementedError(msg)
    msg = "no handler returned pixel data"
    raise NotImplementedError(msg)


def decompress_in_place(ds: Dataset, *, as_rgb: bool = True) -> None:
    """Decompress the dataset's pixel data in place (transfer syntax, attributes and all).

    YCbCr becomes RGB unless ``as_rgb`` is False (pydicom 3's argument).
    """
    from typeddcm.pixels import decompress

    f = dicom_file(ds)
    if not f.transfer_syntax.encapsulated:
        ds.convert_pixel_data()
        return
    done = decompress(f, as_rgb=as_rgb)
    with ds._root.lock:
        ds._root.detach((0x7FE00010,))
        ds._root.replace(ds._path, done.dataset)
    if getattr(ds, "file_meta", None) is not None:
        ds.file_meta.TransferSyntaxUID = done.transfer_syntax.uid
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    ds.convert_pixel_data()
    object.__setattr__(ds, "_is_decompressed", True)


def compress_in_place(ds: Dataset, uid: str, arr: npt.NDArray[Any] | None = None, *,
                      encoding_plugin: str = "", encapsulate_ext: bool = False,
                      generate_instance_uid: bool = True, jls_error: int | None = None,
                      j2k_cr: list[float] | None = None, j2k_psnr: list[float] | None = None,
                      **options: Any) -> None:
    """``Dataset.compress``: the pixel data (or ``arr``) compressed in place as ``uid``.

    Pixel Data, the Image Pixel attributes the codec changes (Photometric
    Interpretation for JPEG and JPEG 2000 colour), the file meta's Transfer Syntax
    UID and the encoding flags change together; with ``generate_instance_uid`` (the
    default, as pydicom 3) SOP Instance UID and the meta's copy are new.  pydicom 3's
    syntaxes (RLE, JPEG-LS, JPEG 2000) are encoded by ``pixels.encoders``' Encoder
    with ``encoding_plugin`` and pydicom's options (``jls_error``, ``j2k_cr``,
    ``j2k_psnr``); other syntaxes, or one whose plugins cannot run here, by
    typeddcm.pixels' first available codec: ``j2k_cr``'s last ratio is then the
    codestream's and ``j2k_psnr`` is refused (ValueError); ``options`` go to the
    codec (``quality``, ``subsampling``, ``level``).

    Errors as pydicom's: pixel data already compressed, ValueError; an unsupported
    ``uid`` or no encoder installed, NotImplementedError; ``arr`` not matching the
    Image Pixel attributes, ValueError; a missing attribute, AttributeError.
    """
    from ..pixels.encoders.base import dataset_frame_encoder

    # pydicom 3's five syntaxes go through its Encoder and plugins (its frames, its
    # options); the others, or one whose plugins cannot run here, through the registry.
    frame_encoder = dataset_frame_encoder(uid, encoding_plugin, jls_error=jls_error,
                                          j2k_cr=j2k_cr, j2k_psnr=j2k_psnr, **options)
    if frame_encoder is not None:
        # pydicom writes the Basic Offset Table's offsets for one frame too.
        options = {"encoder": frame_encoder, "basic_offset_table": True}
    else:
        if j2k_psnr is not None:
            msg = "j2k_psnr is not supported by typeddcm's JPEG 2000 encoder; give j2k_cr"
            raise ValueError(msg)
        if j2k_cr:
            options.setdefault("compression_ratio", float(j2k_cr[-1]))
        if jls_error is not None:
            options.setdefault("jls_error", jls_error)
    from typeddcm.pixels import compress

    f = dicom_file(ds)
    if arr is None:
        element = f.dataset.get(0x7FE00010)
        if element is None:
            msg = "the dataset has no Pixel Data to compress (pass arr=)"
            raise AttributeError(msg)
        if f.transfer_syntax.encapsulated or element.undefined_length:
            msg = "Only uncompressed datasets may be compressed"
            raise ValueError(msg)
    try:
        done = compress(f, uid, array=arr, extended_offset_table=encapsulate_ext, **options)
    except MissingAttributeError as error:
        msg = f"Unable to compress the pixel data: {error}"
        raise AttributeError(msg) from error
    with ds._root.lock:
        ds._root.detach((*ds._path, 0x7FE00010))
        ds._root.replace(ds._path, done.dataset)
    ds.ensure_file_meta()
    ds.file_meta.TransferSyntaxUID = uid
    from .. import config

    if not config._use_future:  # pydicom 4 has no encoding flags: the meta says it
        ds.is_implicit_VR = False
        ds.is_little_endian = True
    object.__setattr__(ds, "_is_decompressed", False)
    if generate_instance_uid:
        instance_uid = typeddcm.generate_uid()
        ds.SOPInstanceUID = instance_uid
        ds.file_meta.MediaStorageSOPInstanceUID = instance_uid

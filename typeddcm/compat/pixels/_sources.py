"""What pydicom 3's pixel functions share: their sources, options and plugin names.

A source is a compat Dataset (its current core and transfer syntax), a path or a
binary file object (read by typeddcm.io), or, for a decoder, a buffer described by
keyword options.  Options named as pydicom names Image Pixel values (``rows``,
``photometric_interpretation`` ...) override the dataset's, as ``as_pixel_options``
merges them.  Plugin names are pydicom's; each of our codecs answers to one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

import typeddcm.io
from typeddcm import keys
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import MissingAttributeError, UnsupportedTransferSyntaxError

from ..pixel_data_handlers import dicom_file, transfer_syntax_uid

__all__ = ["IMAGE_PIXEL", "FrameIndexError", "check_plugin", "dataset_file",
           "dataset_uid", "open_source", "plugin_label", "plugin_labels",
           "with_overrides"]

#: Image Pixel tag -> pydicom's option name and our key.
IMAGE_PIXEL: dict[int, tuple[str, Any]] = {
    0x00280002: ("samples_per_pixel", keys.SamplesPerPixel),
    0x00280004: ("photometric_interpretation", keys.PhotometricInterpretation),
    0x00280006: ("planar_configuration", keys.PlanarConfiguration),
    0x00280008: ("number_of_frames", keys.NumberOfFrames),
    0x00280010: ("rows", keys.Rows),
    0x00280011: ("columns", keys.Columns),
    0x00280100: ("bits_allocated", keys.BitsAllocated),
    0x00280101: ("bits_stored", keys.BitsStored),
    0x00280103: ("pixel_representation", keys.PixelRepresentation),
}
_OPTION_KEYS = {name: key for name, key in IMAGE_PIXEL.values()}

# Our codec names -> pydicom's plugin labels (the library doing the work).
_LABELS = {
    "typeddcm-rle": "pydicom", "typeddcm-deflate": "pydicom", "typeddcm-uncompressed": "pydicom",
    "pillow-jpeg": "pillow", "pillow-jpeg2000": "pillow",
    "pylibjpeg-libjpeg": "pylibjpeg", "pylibjpeg-openjpeg": "pylibjpeg",
}


class FrameIndexError(ValueError, IndexError):
    """A frame index out of range: ValueError as pydicom raises, IndexError as the core."""


def plugin_label(codec_name: str) -> str:
    """pydicom's plugin label for one of our codecs."""
    return _LABELS.get(codec_name, codec_name)


def plugin_labels(uid: str, *, decoder: bool) -> tuple[list[str], list[str]]:
    """(available, unavailable) plugin labels for ``uid``; sorted, each once."""
    from typeddcm.pixels import codecs

    available: set[str] = set()
    unavailable: dict[str, str] = {}
    for codec in codecs():
        if uid not in codec.transfer_syntaxes:
            continue
        if (codec.decode if decoder else codec.encode) is None:
            continue
        label = plugin_label(codec.name)
        if codec.is_available():
            available.add(label)
        else:
            unavailable.setdefault(label, codec.install or label)
    missing = sorted(f"{label} - requires {need}" for label, need in unavailable.items()
                     if label not in available)
    return sorted(available), missing


def check_plugin(uid: str, plugin: str, *, decoder: bool, owner: str) -> None:
    """ValueError for a plugin ``owner`` does not have, RuntimeError for one that cannot run.

    Asked of the Decoder's (Encoder's) plugin table, or of the registry for a syntax
    with none.  The registry then decodes (or encodes) with its first available codec:
    the named plugin is checked, not forced (the registry is shared by every thread).
    """
    if not plugin:
        return
    # The Decoder's or Encoder's own plugin table (plugins may have been added or removed).
    from .decoders.base import get_decoder
    from .encoders.base import get_encoder

    try:
        coder = get_decoder(uid) if decoder else get_encoder(uid)
    except NotImplementedError:
        coder = None
    if coder is not None:
        coder._validate_plugins(plugin)
        return
    available, missing = plugin_labels(uid, decoder=decoder)
    if plugin in available:
        return
    for text in missing:
        if text.startswith(f"{plugin} - "):
            msg = f"Unable to use the '{plugin}' plugin: it is missing dependencies ({text})"
            raise RuntimeError(msg)
    msg = f"No plugin named '{plugin}' has been added to '{owner}'"
    raise ValueError(msg)


def dataset_uid(ds: Any) -> str:
    """The transfer syntax of a compat Dataset: its file meta's, else its encoding flags
    (AttributeError when neither says, as pydicom 3)."""
    return transfer_syntax_uid(ds, strict=True)


def dataset_file(ds: Any, uid: str | None = None) -> DicomFile:
    """A compat (or core) Dataset as a core DicomFile in its transfer syntax (shared)."""
    return dicom_file(ds, uid or (None if isinstance(ds, CoreDataset) else dataset_uid(ds)))


def with_overrides(f: DicomFile, options: dict[str, Any]) -> DicomFile:
    """``f`` with the Image Pixel values named in ``options`` (``f`` itself when none)."""
    wanted = [(key, options[name]) for name, key in _OPTION_KEYS.items() if name in options]
    if not wanted:
        return f
    ds = f.dataset
    for key, value in wanted:
        ds = ds.set(key, str(value) if key is keys.NumberOfFrames else value)
    return f.with_dataset(ds)


def open_source(src: Any, *, specific_tags: Iterable[Any] | None,
                ds_out: Any) -> tuple[DicomFile, str, bool]:
    """(file, transfer syntax, whether we read it) for a Dataset, path or file object."""
    from ..dataset import Dataset

    if isinstance(src, Dataset):
        uid = dataset_uid(src)
        return dataset_file(src, uid), uid, False
    if isinstance(src, (str, os.PathLike)):
        if not os.path.isfile(src):
            raise FileNotFoundError(src)
        f = typeddcm.io.read(src, force=True, memory_map=False if ds_out is not None else None)
    elif hasattr(src, "read"):
        handle: BinaryIO = src
        position = handle.tell()
        handle.seek(0)
        try:
            f = typeddcm.io.read(handle, force=True)
        finally:
            handle.seek(position)
    else:
        msg = f"'src' must be a path, a binary file object or a Dataset, not {type(src).__name__}"
        raise TypeError(msg)
    uid = f.transfer_syntax.uid
    if ds_out is not None:
        _fill(ds_out, f, specific_tags)
        return f, uid, False  # ds_out's values may be read later: the bytes stay open
    return f, uid, True


def _fill(ds_out: Any, f: DicomFile, specific_tags: Iterable[Any] | None) -> None:
    """pydicom's ``ds_out``: group 0028, the offset tables, ``specific_tags`` and the meta."""
    from ..dataset import FileMetaDataset
    from ..tag import Tag

    extra = {int(Tag(t)) for t in specific_tags or ()} | {0x00080005}  # as pydicom: the charset
    chosen = CoreDataset.from_sorted_elements([
        e for e in f.dataset.elements()
        if int(e.tag) >> 16 == 0x0028 or int(e.tag) in (0x7FE00001, 0x7FE00002)
        or int(e.tag) in extra])
    ds_out.file_meta = FileMetaDataset(f.meta)
    ds_out._take(chosen)
    charset = ds_out.get("SpecificCharacterSet", None)
    ds_out.set_original_encoding(f.transfer_syntax.implicit_vr, f.transfer_syntax.little_endian,
                                 charset or "iso8859")


def decode(f: DicomFile, uid: str, index: int | None, *, as_rgb: bool,
           view_only: bool = False) -> tuple[npt.NDArray[Any], Any]:
    """(array, layout) of ``f``'s pixels, with pydicom's error types."""
    from typeddcm.pixels import decode_pixels

    try:
        decoded = decode_pixels(f, index, as_rgb=as_rgb, transfer_syntax=uid)
    except MissingAttributeError as error:
        text = str(error)
        if "Pixel Data" in text or "PixelData" in text:
            text = ("The dataset has no 'Pixel Data', 'Float Pixel Data' or 'Double Float "
                    "Pixel Data' element, no pixel data to decode")
        raise AttributeError(text) from error
    except IndexError as error:
        raise FrameIndexError(str(error)) from error
    except UnsupportedTransferSyntaxError as error:
        available, missing = plugin_labels(uid, decoder=True)
        if missing and not available:
            msg = (f"Unable to decode the pixel data: the plugins for {uid} are all missing "
                   f"dependencies: {'; '.join(missing)}")
            raise RuntimeError(msg) from error
        raise
    array = decoded.array
    if not view_only and not array.flags.writeable:
        array = np.array(array)  # pydicom gives a writeable array unless view_only
    return array, decoded.layout

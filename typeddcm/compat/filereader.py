"""dcmread: a file (path, file object or bytes) as a FileDataset over the core reader."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO

import typeddcm
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.values import decode_value
from typeddcm.errors import InvalidDicomError as CoreInvalidDicomError

from .dataelem import RawDataElement
from .dataset import Dataset, FileDataset
from .errors import InvalidDicomError

__all__ = ["dcmread", "read_file"]


def dcmread(
    fp: str | os.PathLike[str] | BinaryIO | bytes,
    defer_size: int | str | float | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Read a DICOM file: the dataset, its file meta, preamble and transfer syntax.

    Values are decoded when first read (every read is lazy, so ``defer_size`` has
    nothing left to defer).  Paths are read as typeddcm.read reads them (small files into
    memory, large ones mapped).  Not DICOM (no "DICM" at byte
    128 and no ``force``): :class:`InvalidDicomError`.
    """
    from .tag import Tag

    tags = None if specific_tags is None else [int(Tag(t)) for t in specific_tags]
    try:
        f = typeddcm.read(fp, stop_before_pixels=stop_before_pixels, specific_tags=tags,
                          force=force)
    except CoreInvalidDicomError as error:
        if isinstance(error, InvalidDicomError):
            raise
        raise InvalidDicomError(str(error)) from error
    ds = from_dicom_file(f, fp)
    from . import config

    if config.debugging:
        _log_elements(ds)
    callback = config.data_element_callback
    if callback is not None:
        _apply_callback(ds, callback, dict(config.data_element_callback_kwargs))
    return ds


def _log_elements(ds: Dataset, depth: int = 0) -> None:
    """config.debug(): where each element was read and what it is, as pydicom logs it."""
    from . import config

    for elem in ds.elements():
        if isinstance(elem, RawDataElement):
            config.logger.debug("%s%08x: %s %s length %d", "  " * depth, elem.value_tell,
                                elem.tag, elem.VR or "(implicit)", elem.length)
        else:
            config.logger.debug("%s%s %s", "  " * depth, elem.tag, elem.VR)
            if elem.VR == "SQ":
                for item in elem.value:
                    _log_elements(item, depth + 1)


def _apply_callback(ds: Dataset, callback: Callable[..., Any], kwargs: dict[str, Any]) -> None:
    """config.data_element_callback: each raw element, at every level, before it is used.

    The callback gets the RawDataElement and returns one (perhaps changed: another VR,
    other value bytes); a changed one replaces the element, decoded from its bytes.
    """
    charset = CharacterSet.from_terms(ds.get("SpecificCharacterSet", None) or None)
    for elem in list(ds.elements()):
        if isinstance(elem, RawDataElement):
            new = callback(elem, **kwargs)
            if new is not None and new != elem:
                code = new.VR or _dictionary_vr(int(new.tag))
                vr, _ = decode_value(code, memoryview(new.value or b""),
                                     little_endian=new.is_little_endian, charset=charset)
                ds._set_vr_object(int(new.tag), vr)
        elif elem.VR == "SQ":
            for item in elem.value:
                _apply_callback(item, callback, kwargs)


def _dictionary_vr(tag: int) -> str:
    from typeddcm.dictionary import lookup

    entry = lookup(tag)
    code = entry.vr.split(" or ")[0] if entry is not None and entry.vr else "UN"
    return code


def from_dicom_file(f: typeddcm.DicomFile, origin: Any = None) -> FileDataset:
    """A FileDataset over a core DicomFile (shared, not copied)."""
    syntax = f.transfer_syntax
    ds = FileDataset(origin, f.dataset, preamble=f.preamble, file_meta=Dataset(f.meta),
                     is_implicit_VR=syntax.implicit_vr, is_little_endian=syntax.little_endian)
    ds._source_file = f
    charset = ds.get("SpecificCharacterSet", None)
    ds.set_original_encoding(syntax.implicit_vr, syntax.little_endian, charset or "iso8859")
    return ds


read_file = dcmread

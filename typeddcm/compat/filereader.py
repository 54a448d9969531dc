"""dcmread: a file (path, file object or bytes) as a FileDataset over the core reader."""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any, BinaryIO

import typeddcm
from typeddcm.errors import InvalidDicomError as CoreInvalidDicomError

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
    nothing left to defer).  Paths are memory-mapped.  Not DICOM (no "DICM" at byte
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
    return from_dicom_file(f, fp)


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

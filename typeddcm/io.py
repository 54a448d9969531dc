"""The one place that opens files: read and write DICOM files from paths, file objects, buffers.

Paths are memory-mapped (read-only): the codec works on a view of the file, so
values (pixel data above all) are read from disk only when someone asks for them.
"""

from __future__ import annotations

import mmap
import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from typeddcm.codec._level import ReadOptions
from typeddcm.codec.part10 import decode_file
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import InvalidDicomError
from typeddcm.tag import Tag, TagLike

__all__ = ["has_dicom_marker", "read", "read_file_bytes", "write"]

Source = str | os.PathLike[str] | BinaryIO | bytes | bytearray | memoryview


def read(
    source: Source,
    *,
    stop_before_pixels: bool = False,
    specific_tags: Iterable[TagLike] | None = None,
    defer_size: int | str | None = None,
    force: bool = False,
    strict: bool = False,
) -> DicomFile:
    """Read a DICOM file from a path (memory-mapped), a binary file object or a buffer.

    ``stop_before_pixels`` ends the dataset before Pixel Data; ``specific_tags``
    keeps only those top-level elements (and Specific Character Set);
    ``defer_size`` is accepted for pydicom compatibility: every value is already
    read only on first access.  ``force`` reads data without the Part 10 header;
    ``strict`` turns every leniency for real-world files into a DecodeError.
    """
    wanted = None
    if specific_tags is not None:
        wanted = frozenset(int(Tag(t)) for t in specific_tags) | {0x00080005}
    options = (None if not (strict or stop_before_pixels or wanted) else
               ReadOptions(strict=strict, stop_before_pixels=stop_before_pixels,
                           specific_tags=wanted))
    _ = defer_size
    return decode_file(_buffer_of(source), force=force, options=options)


def _buffer_of(source: Source) -> bytes | bytearray | memoryview:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return source
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                msg = f"{os.fspath(source)!r} is empty"
                raise InvalidDicomError(msg, offset=0)
            # The map stays valid after the file is closed; views keep it alive.
            return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
    return source.read()


def write(dicom_file: DicomFile, target: str | os.PathLike[str] | BinaryIO, *,
          like_original: bool = True) -> None:
    """Write ``dicom_file`` to a path or binary file object (see ``DicomFile.to_bytes``)."""
    data = dicom_file.to_bytes(like_original=like_original)
    if isinstance(target, (str, os.PathLike)):
        Path(target).write_bytes(data)
    else:
        target.write(data)


def has_dicom_marker(path: str | os.PathLike[str]) -> bool:
    """Whether the file has "DICM" at byte 128 (the Part 10 header), reading 132 bytes."""
    with open(path, "rb") as handle:
        return handle.read(132)[128:132] == b"DICM"


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The whole file as bytes (for tools that compare what they read with what they write)."""
    return Path(path).read_bytes()

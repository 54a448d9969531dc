"""pydicom 3's ``fileutil``: searching file objects for delimiters, undefined-length
values, path-likes and the buffer helpers pydicom 3 uses for values given as buffers.

Our reader does not need these (typeddcm.codec reads from one buffer); they serve code
that reads raw DICOM from file objects itself, as pydicom's reader does.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from io import BufferedIOBase
from typing import Any, BinaryIO, Protocol

from ._encaps_buffer import check_buffer
from .misc import size_in_bytes
from .tag import Tag

__all__ = ["PathType", "ReadableBuffer", "WriteableBuffer", "absorb_delimiter_item",
           "buffer_equality", "buffer_length", "buffer_remaining", "check_buffer",
           "find_bytes", "find_delimiter", "length_of_undefined_length",
           "path_from_pathlike", "read_buffer", "read_undefined_length_value",
           "reset_buffer_position"]

#: What a path may be given as (pydicom 3's alias).
PathType = str | bytes | os.PathLike  # type: ignore[type-arg]  # as pydicom spells it

_SEQUENCE_DELIMITER = 0xFFFEE0DD
_ITEM = 0xFFFEE000
_DEFAULT_CHUNK = 8192


class ReadableBuffer(Protocol):
    """A buffer values may be read from: ``read``, ``seek`` and ``tell``."""

    def read(self, size: int = ..., /) -> bytes: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


class WriteableBuffer(Protocol):
    """A buffer a dataset may be written to: ``write``, ``seek`` and ``tell``."""

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...

    def write(self, data: bytes, /) -> int | None: ...


def _tag_bytes(tag: Any, little: bool) -> bytes:
    found = Tag(tag)
    return struct.pack("<HH" if little else ">HH", found.group, found.element)


def absorb_delimiter_item(fp: BinaryIO, is_little_endian: bool, delimiter: Any) -> None:
    """Read (and drop) the delimiter item at ``fp``; anything else is left where it was
    (with a logged warning, as pydicom)."""
    from .config import logger

    start = fp.tell()
    header = fp.read(8)
    if len(header) == 8 and header[:4] == _tag_bytes(delimiter, is_little_endian):
        length = int.from_bytes(header[4:], "little" if is_little_endian else "big")
        if length:
            logger.debug("%04x: Expected 0x00000000 after delimiter, found 0x%x",
                         start + 4, length)
        return
    logger.warning("Did not find expected delimiter %s at file position 0x%X",
                   Tag(delimiter), start)
    fp.seek(start)


def find_bytes(fp: BinaryIO, bytes_to_find: bytes, read_size: int = 128,
               rewind: bool = True) -> int | None:
    """The file position where ``bytes_to_find`` next starts, or None at the end.

    ``rewind``: ``fp`` goes back to where it was; else it is left after the bytes found
    (at the start position when they were not found: the end was read).
    """
    start = fp.tell()
    # Read in chunks, keeping the last len-1 bytes so a match across chunks is seen.
    keep = max(len(bytes_to_find) - 1, 0)
    window = b""
    window_start = start
    while True:
        chunk = fp.read(max(read_size, 1))
        window += chunk
        index = window.find(bytes_to_find)
        if index != -1:
            found = window_start + index
            fp.seek(start if rewind else found + len(bytes_to_find))
            return found
        if not chunk:
            if rewind:
                fp.seek(start)
            return None
        if keep and len(window) > keep:
            window_start += len(window) - keep
            window = window[-keep:]
        elif not keep:
            window_start += len(window)
            window = b""


def find_delimiter(fp: BinaryIO, delimiter: Any, is_little_endian: bool, read_size: int = 128,
                   rewind: bool = True) -> int | None:
    """The file position of the 4-byte tag ``delimiter`` (see :func:`find_bytes`)."""
    return find_bytes(fp, _tag_bytes(delimiter, is_little_endian), read_size, rewind)


def length_of_undefined_length(fp: BinaryIO, delimiter: Any, is_little_endian: bool,
                               read_size: int = 128, rewind: bool = True) -> int | None:
    """How many bytes from ``fp``'s position to ``delimiter`` (None if never found)."""
    start = fp.tell()
    found = find_delimiter(fp, delimiter, is_little_endian, read_size, rewind)
    return None if found is None else found - start


def _read_items(fp: BinaryIO, little: bool) -> bytes | None:
    """Encapsulated data read item by item up to its sequence delimiter (immune to a
    delimiter's bytes inside a fragment); None (``fp`` back) when it is not so built."""
    start = fp.tell()
    order = "<" if little else ">"
    pieces: list[bytes] = []
    while True:
        header = fp.read(8)
        if len(header) < 8:
            break
        group, element, length = struct.unpack(order + "HHL", header)
        tag = group << 16 | element
        if tag == _SEQUENCE_DELIMITER:
            return b"".join(pieces)
        if tag != _ITEM or length == 0xFFFFFFFF:
            break
        body = fp.read(length)
        if len(body) < length:
            break
        pieces += [header, body]
    fp.seek(start)
    return None


def _read_to(fp: BinaryIO, pattern: bytes, read_size: int) -> bytes | None:
    """The bytes before ``pattern`` (``fp`` left after it), in one pass; None at the end."""
    # Large reads whatever read_size says: only where fp ends up is observable.
    size = max(read_size, 1 << 16)
    keep = len(pattern) - 1
    pieces: list[bytes] = []
    carry = b""
    window_start = fp.tell()
    while True:
        chunk = fp.read(size)
        if not chunk:
            return None
        window = carry + chunk
        index = window.find(pattern)
        if index != -1:
            pieces.append(window[:index])
            fp.seek(window_start + index + len(pattern))
            return b"".join(pieces)
        cut = max(len(window) - keep, 0)  # keep the tail: the pattern may straddle reads
        pieces.append(window[:cut])
        carry = window[cut:]
        window_start += cut


def read_undefined_length_value(fp: BinaryIO, is_little_endian: bool, delimiter_tag: Any,
                                defer_size: int | float | str | None = None,
                                read_size: int = 1024 * 8) -> bytes | None:
    """The value bytes from ``fp`` up to ``delimiter_tag``; ``fp`` is left after the
    delimiter and its 4-byte length.

    Encapsulated data (a sequence delimiter) is read item by item when it is so built;
    None when the value is at least ``defer_size``; EOFError (``fp`` back where it was)
    when the delimiter is never found.
    """
    from .config import logger

    start = fp.tell()
    limit = size_in_bytes(defer_size)
    value: bytes | None = None
    if int(Tag(delimiter_tag)) == _SEQUENCE_DELIMITER:
        value = _read_items(fp, is_little_endian)  # leaves fp after the delimiter
    if value is None:
        value = _read_to(fp, _tag_bytes(delimiter_tag, is_little_endian), read_size)
        if value is None:
            fp.seek(start)
            msg = f"End of file reached before delimiter {Tag(delimiter_tag)!r} found"
            raise EOFError(msg)
        if fp.read(4) != b"\x00\x00\x00\x00":
            logger.error("Expected 4 zero bytes after undefined length delimiter at pos %04x",
                         fp.tell() - 4)
    if limit is not None and len(value) >= limit:
        return None
    return value


def path_from_pathlike(file_object: Any) -> Any:
    """The path as a ``str`` for a path-like (``os.fspath``), else ``file_object`` itself."""
    try:
        return os.fspath(file_object)
    except TypeError:
        return file_object


# ``check_buffer`` (pydicom 3's test of a value buffer) is encaps' own: one rule for both.
@contextmanager
def reset_buffer_position(buffer: BufferedIOBase) -> Iterator[int]:
    """Yield ``buffer``'s position and put it back there on leaving the block."""
    check_buffer(buffer)
    start = buffer.tell()
    try:
        yield start
    finally:
        buffer.seek(start)


def read_buffer(buffer: BufferedIOBase, *, chunk_size: int | None = None) -> Iterator[bytes]:
    """The rest of ``buffer`` in chunks of ``chunk_size`` (``config.settings.
    buffered_read_size`` by default); the position is not put back."""
    if chunk_size is None:
        from .config import settings

        chunk_size = int(getattr(settings, "buffered_read_size", _DEFAULT_CHUNK))
    if chunk_size <= 0:
        msg = f"Invalid 'chunk_size' value '{chunk_size}', must be greater than 0"
        raise ValueError(msg)
    check_buffer(buffer)
    while chunk := buffer.read(chunk_size):
        yield chunk


def buffer_length(buffer: BufferedIOBase) -> int:
    """The whole length of ``buffer`` (its position is kept)."""
    with reset_buffer_position(buffer):
        return buffer.seek(0, os.SEEK_END)


def buffer_remaining(buffer: BufferedIOBase) -> int:
    """How many bytes follow ``buffer``'s position (the position is kept)."""
    with reset_buffer_position(buffer) as start:
        return buffer.seek(0, os.SEEK_END) - start


def buffer_equality(buffer: BufferedIOBase, other: object) -> bool:
    """Whether ``buffer``'s whole content equals ``other`` (bytes or another buffer);
    read in chunks, both positions kept.  False for anything else."""
    if not isinstance(other, (bytes, bytearray, BufferedIOBase)):
        return False
    with reset_buffer_position(buffer):
        buffer.seek(0)
        if isinstance(other, (bytes, bytearray)):
            offset = 0
            for chunk in read_buffer(buffer):
                if other[offset : offset + len(chunk)] != chunk:
                    return False
                offset += len(chunk)
            return offset == len(other)
        if buffer_length(buffer) != buffer_length(other):
            return False
        with reset_buffer_position(other):
            other.seek(0)
            return all(a == b for a, b in zip(read_buffer(buffer), read_buffer(other),
                                               strict=False))

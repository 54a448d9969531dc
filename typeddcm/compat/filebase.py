"""pydicom's ``filebase`` module: ``DicomIO``, ``DicomFileLike``, ``DicomBytesIO``, ``DicomFile``.

A ``DicomIO`` wraps a buffer-like object (``read``/``write``, ``seek``, ``tell``) and
adds reading and writing of tags, US and UL values in the byte order chosen by
``is_little_endian``, as pydicom 3 does, plus what pydicom 1.x code uses: the
fixed-order spellings (``read_le_tag``, ``read_leUL``, ``write_beUS`` ...),
``read(length, need_exact_length)``, ``parent_read`` (the wrapped buffer's read, which
a subclass may replace), ``DicomIO()`` with no buffer for such subclasses,
``max_read_attempts`` and ``write_tag`` of any tag form.

``is_little_endian`` must be set (to a bool) before it is read or used:
``AttributeError`` until then, ``TypeError`` for a non-bool.  ``is_implicit_VR`` is
True until set, as in pydicom 1.x (pydicom 3 raises ``AttributeError``).

Deliberate differences from pydicom 3 (each pinned by a test):

* every fixed-size read (``read_tag``, ``read_US``, ``read_UL`` and the ``le``/``be``
  forms) raises ``EOFError`` when the data ends early; pydicom 3 raises it for
  tags only and lets ``struct.error`` out of ``read_US``/``read_UL``;
* ``read(length, need_exact_length=True)`` (pydicom 1.x) is accepted alongside
  pydicom 3's ``read_exact``;
* ``name`` is None when the buffer has none (pydicom 3; 1.x said '<no filename>').
"""

from __future__ import annotations

import io
import os
import struct
from types import TracebackType
from typing import IO, Any, Protocol, Self

# pydicom 3 defines its buffer protocols here (and fileutil imports them); ours live in fileutil.
from .fileutil import ReadableBuffer, WriteableBuffer

__all__ = ["DicomBytesIO", "DicomFile", "DicomFileLike", "DicomIO", "ReadableBuffer",
           "WriteableBuffer"]

_LE_US, _BE_US = struct.Struct("<H"), struct.Struct(">H")
_LE_UL, _BE_UL = struct.Struct("<L"), struct.Struct(">L")
_LE_TAG, _BE_TAG = struct.Struct("<HH"), struct.Struct(">HH")


def _tag(value: Any) -> int:
    from .tag import Tag

    return int(Tag(value))


class Buffer(Protocol):
    """What ``DicomIO`` wraps: ``seek`` and ``tell``, and ``read`` and/or ``write``."""

    def seek(self, offset: int, whence: int = ..., /) -> int: ...

    def tell(self) -> int: ...


class DicomIO:
    """A buffer-like object with DICOM-aware reads and writes.

    ``DicomIO(buffer)`` wraps a buffer (pydicom 3); ``DicomIO()`` wraps nothing, for
    pydicom 1.x subclasses that supply ``parent_read``, ``write``, ``seek`` and
    ``tell`` themselves (as methods or assigned attributes).
    """

    #: How often a short read is retried by ``read_exact`` / ``read(n, True)`` (pydicom 1.x).
    max_read_attempts = 3
    #: pydicom 1.x's class attribute (the reader's deferral size); unused here.
    defer_size: int | None = None

    def __init__(self, buffer: Buffer | IO[bytes] | None = None, *args: Any,
                 **kwargs: Any) -> None:
        # *args/**kwargs: pydicom 1.x passed its constructor arguments up to DicomIO.
        self._buffer = buffer
        self._name: str | None = getattr(buffer, "name", None)
        self._little_endian: bool | None = None
        self._implicit_vr: bool | None = None

    # -- the wrapped buffer -----------------------------------------------------

    @property
    def parent(self) -> Buffer | IO[bytes] | None:
        """The buffer being wrapped (None for ``DicomIO()``)."""
        return self._buffer

    @parent.setter
    def parent(self, buffer: Buffer | IO[bytes] | None) -> None:
        self._buffer = buffer
        if self._name is None:
            self._name = getattr(buffer, "name", None)

    @property
    def name(self) -> str | None:
        """The wrapped buffer's ``name`` (a file's path), or None."""
        return self._name

    @name.setter
    def name(self, name: str | None) -> None:
        self._name = name

    def _buffer_method(self, method: str) -> Any:
        found = getattr(self._buffer, method, None)
        if found is None:
            msg = (f"'{type(self).__name__}' cannot {method}: the wrapped "
                   f"'{type(self._buffer).__name__}' object has no {method}() method")
            raise TypeError(msg)
        return found

    def parent_read(self, size: int | None = -1) -> bytes:
        """Read from the wrapped buffer (pydicom 1.x; a subclass may assign its own)."""
        data: bytes = self._buffer_method("read")(-1 if size is None else size)
        return data

    def read(self, length: int | None = None, need_exact_length: bool = False) -> bytes:
        """Up to ``length`` bytes (all that is left for None or a negative length).

        With ``need_exact_length`` (pydicom 1.x), exactly ``length`` bytes, retrying
        short reads, or EOFError.
        """
        if length is None or length < 0:
            return self.parent_read(-1)
        if need_exact_length:
            return self.read_exact(length, self.max_read_attempts)
        return self.parent_read(length)

    def read_exact(self, length: int, nr_retries: int = 3) -> bytes:
        """Exactly ``length`` bytes, retrying short reads up to ``nr_retries`` times; else EOFError."""
        try:  # for the error message only: a stream without tell() reads on
            start: int | None = self.tell()
        except TypeError:
            start = None
        data = self.parent_read(length)
        attempts = 0
        while len(data) < length and attempts < nr_retries:
            more = self.parent_read(length - len(data))
            if not more:
                break
            data += more
            attempts += 1
        if len(data) != length:
            msg = (
                f"Unexpected end of file. Read {len(data)} bytes of {length} expected "
                + ("" if start is None else f"starting at position 0x{start:x}")
            )
            raise EOFError(msg)
        return data

    def write(self, b: bytes | bytearray | memoryview, /) -> int:
        """Write ``b`` and return the number of bytes written."""
        written: int | None = self._buffer_method("write")(b)
        return len(b) if written is None else written

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to ``offset`` (relative to ``whence``) and return the new position."""
        position: int = self._buffer_method("seek")(offset, whence)
        return position

    def tell(self) -> int:
        """The current position."""
        position: int = self._buffer_method("tell")()
        return position

    def close(self, *args: Any, **kwargs: Any) -> Any:
        """Close the wrapped buffer (if it can be closed)."""
        closer = getattr(self._buffer, "close", None)
        return None if closer is None else closer(*args, **kwargs)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- encoding ---------------------------------------------------------------

    @property
    def is_little_endian(self) -> bool:
        """The byte order of ``read_tag``/``read_US``/``read_UL`` and the writes."""
        if self._little_endian is None:
            msg = f"'{type(self).__name__}.is_little_endian' has not been set"
            raise AttributeError(msg)
        return self._little_endian

    @is_little_endian.setter
    def is_little_endian(self, value: bool) -> None:
        if not isinstance(value, bool):
            msg = f"'{type(self).__name__}.is_little_endian' must be bool"  # type: ignore[unreachable]
            raise TypeError(msg)
        self._little_endian = value

    # pydicom 3's packers for the byte order set (its code and tests use them); properties,
    # not attributes, so a DicomIO stays picklable (a Struct's methods are not).
    def _struct(self, little: struct.Struct, big: struct.Struct) -> struct.Struct:
        if self._little_endian is None:
            msg = f"'{type(self).__name__}.is_little_endian' has not been set"
            raise AttributeError(msg)
        return little if self._little_endian else big

    @property
    def _us_packer(self) -> Any:
        return self._struct(_LE_US, _BE_US).pack

    @property
    def _us_unpacker(self) -> Any:
        return self._struct(_LE_US, _BE_US).unpack

    @property
    def _ul_packer(self) -> Any:
        return self._struct(_LE_UL, _BE_UL).pack

    @property
    def _ul_unpacker(self) -> Any:
        return self._struct(_LE_UL, _BE_UL).unpack

    @property
    def _tag_packer(self) -> Any:
        return self._struct(_LE_TAG, _BE_TAG).pack

    @property
    def _tag_unpacker(self) -> Any:
        return self._struct(_LE_TAG, _BE_TAG).unpack

    @property
    def is_implicit_VR(self) -> bool:
        """Whether the data being read or written is implicit VR: True until set, as in
        pydicom 1.x (pydicom 3 raises AttributeError until it is set)."""
        return True if self._implicit_vr is None else self._implicit_vr

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool) -> None:
        if not isinstance(value, bool):
            msg = f"'{type(self).__name__}.is_implicit_VR' must be bool"  # type: ignore[unreachable]
            raise TypeError(msg)
        self._implicit_vr = value

    # -- values in the chosen byte order -----------------------------------------

    def read_tag(self) -> tuple[int, int]:
        """A (group, element) pair."""
        return self._read_tag(_LE_TAG if self.is_little_endian else _BE_TAG)

    def read_US(self) -> int:
        """An unsigned 16-bit value."""
        return self._read_number(_LE_US if self.is_little_endian else _BE_US)

    def read_UL(self) -> int:
        """An unsigned 32-bit value."""
        return self._read_number(_LE_UL if self.is_little_endian else _BE_UL)

    def write_tag(self, tag: Any) -> None:
        """Write ``tag`` (any form ``Tag()`` takes: int, (group, element), keyword) as
        group then element."""
        value = tag if isinstance(tag, int) else int(_tag(tag))
        self.write((_LE_TAG if self.is_little_endian else _BE_TAG).pack(value >> 16,
                                                                        value & 0xFFFF))

    def write_US(self, val: int) -> None:
        """Write an unsigned 16-bit value."""
        self.write((_LE_US if self.is_little_endian else _BE_US).pack(val))

    def write_UL(self, val: int) -> None:
        """Write an unsigned 32-bit value."""
        self.write((_LE_UL if self.is_little_endian else _BE_UL).pack(val))

    # -- values in a fixed byte order (pydicom 1.x) --------------------------------

    def read_le_tag(self) -> tuple[int, int]:
        """A little endian (group, element) pair."""
        return self._read_tag(_LE_TAG)

    def read_be_tag(self) -> tuple[int, int]:
        """A big endian (group, element) pair."""
        return self._read_tag(_BE_TAG)

    def read_leUS(self) -> int:
        """A little endian unsigned 16-bit value."""
        return self._read_number(_LE_US)

    def read_beUS(self) -> int:
        """A big endian unsigned 16-bit value."""
        return self._read_number(_BE_US)

    def read_leUL(self) -> int:
        """A little endian unsigned 32-bit value."""
        return self._read_number(_LE_UL)

    def read_beUL(self) -> int:
        """A big endian unsigned 32-bit value."""
        return self._read_number(_BE_UL)

    def write_leUS(self, val: int) -> None:
        """Write a little endian unsigned 16-bit value."""
        self.write(_LE_US.pack(val))

    def write_beUS(self, val: int) -> None:
        """Write a big endian unsigned 16-bit value."""
        self.write(_BE_US.pack(val))

    def write_leUL(self, val: int) -> None:
        """Write a little endian unsigned 32-bit value."""
        self.write(_LE_UL.pack(val))

    def write_beUL(self, val: int) -> None:
        """Write a big endian unsigned 32-bit value."""
        self.write(_BE_UL.pack(val))

    def _read_tag(self, layout: struct.Struct) -> tuple[int, int]:
        group, element = layout.unpack(self.read_exact(4))
        return int(group), int(element)

    def _read_number(self, layout: struct.Struct) -> int:
        (value,) = layout.unpack(self.read_exact(layout.size))
        return int(value)


class DicomFileLike(DicomIO):
    """A ``DicomIO`` over a file-like object (``DicomFileLike(open(path, "rb"))``)."""

    def __init__(self, file_like_obj: Buffer | IO[bytes], *args: Any, **kwargs: Any) -> None:
        super().__init__(file_like_obj, *args, **kwargs)

    def no_read(self, bytes_read: int | None = None) -> bytes:
        """What reading does when the wrapped object cannot read (pydicom 1.x)."""
        raise OSError("This DicomFileLike object has no read() method")

    def no_write(self, bytes_read: bytes) -> int:
        """What writing does when the wrapped object cannot write (pydicom 1.x)."""
        raise OSError("This DicomFileLike object has no write() method")

    def no_seek(self, offset: int, from_what: int = os.SEEK_SET) -> int:
        """What seeking does when the wrapped object cannot seek (pydicom 1.x)."""
        raise OSError("This DicomFileLike object has no seek() method")


def DicomFile(*args: Any, **kwargs: Any) -> DicomFileLike:
    """``open(*args, **kwargs)`` wrapped in a :class:`DicomFileLike` (use binary modes)."""
    from typeddcm.io import open_file

    return DicomFileLike(open_file(*args, **kwargs))  # the caller closes it


class DicomBytesIO(DicomIO):
    """A ``DicomIO`` over an in-memory :class:`io.BytesIO` made from ``initial_bytes``."""

    def __init__(self, initial_bytes: bytes | bytearray | memoryview = b"") -> None:
        buffer = io.BytesIO(initial_bytes)
        super().__init__(buffer)
        self._bytes = buffer

    def getvalue(self) -> bytes:
        """Everything in the buffer."""
        return self._bytes.getvalue()

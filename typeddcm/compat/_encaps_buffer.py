"""pydicom 3's ``EncapsulatedBuffer``: encapsulated Pixel Data read on demand from frame buffers.

The encapsulated value (PS3.5 A.4: a Basic Offset Table item, then one item per
frame, each of even length) is never built in memory: it is a sequence of
segments (the Basic Offset Table item, each frame's 8-byte item header, the
frame's buffer, a NUL pad for an odd frame) and ``read`` copies from the
segments it spans.  A frame buffer's own position is restored after each read,
so the caller's file objects are left as they were (as pydicom does).
"""

from __future__ import annotations

import bisect
import io
import os
import struct

__all__ = ["EncapsulatedBuffer", "check_buffer"]  # and _BufferedItem, pydicom's helper

_ITEM_TAG = b"\xfe\xff\x00\xe0"
_MAX_VALUE = 2**32 - 2  # the largest even item length (0xFFFFFFFF is "undefined")


def check_buffer(buffer: object) -> None:
    """Raise TypeError unless ``buffer`` is an ``io.BufferedIOBase``; ValueError when it is
    closed, not readable or not seekable (pydicom's rules for a buffered value)."""
    if not isinstance(buffer, io.BufferedIOBase):
        msg = "the buffer must inherit from 'io.BufferedIOBase'"
        raise TypeError(msg)
    if buffer.closed:
        msg = "the buffer has been closed"
        raise ValueError(msg)
    if not buffer.readable() or not buffer.seekable():
        msg = "the buffer must be readable and seekable"
        raise ValueError(msg)


def _length(buffer: io.BufferedIOBase) -> int:
    """The whole length of ``buffer`` (its position kept)."""
    check_buffer(buffer)
    position = buffer.tell()
    try:
        return buffer.seek(0, os.SEEK_END)
    finally:
        buffer.seek(position)


class _BufferedItem:
    """One frame buffer as an item: (FFFE,E000), its length, the buffer, a NUL pad if odd.

    pydicom 3's helper of the same name (its tests use it): ``length`` is the whole
    item's, ``read(start, size)`` reads from the item (``start`` 0 is the item tag),
    leaving the buffer's position as it was; ValueError for a buffer longer than
    2**32 - 2 bytes or a ``start`` outside the item.
    """

    def __init__(self, buffer: io.BufferedIOBase) -> None:
        self.buffer = buffer
        self._blen = _length(buffer)
        if self._blen > _MAX_VALUE:
            msg = f"Buffers containing more than {_MAX_VALUE} bytes are not supported"
            raise ValueError(msg)
        self._padding = bool(self._blen % 2)
        self.length = 8 + self._blen + self._blen % 2
        self._item = _ITEM_TAG + struct.pack("<I", self.length - 8)

    def read(self, start: int, size: int) -> bytes:
        """Up to ``size`` bytes of the item from ``start``."""
        if not 0 <= start < self.length:
            msg = (f"Invalid 'start' value '{start}', must be in the closed interval "
                   f"[0, {self.length - 1}]")
            raise ValueError(msg)
        end = min(self.length, start + size)
        out = bytearray(self._item[start:end])
        if end > 8 and start < 8 + self._blen:
            check_buffer(self.buffer)
            position = self.buffer.tell()
            try:
                self.buffer.seek(max(0, start - 8))
                out += self.buffer.read(min(end, 8 + self._blen) - max(start, 8))
            finally:
                self.buffer.seek(position)
        if self._padding and end == self.length:
            out += b"\x00"
        return bytes(out)


class EncapsulatedBuffer(io.BufferedIOBase):
    """The encapsulated Pixel Data of one frame per buffer, read on demand.

    ``EncapsulatedBuffer(buffers, use_bot=False)``: ``buffers`` is a list of
    readable, seekable ``io.BufferedIOBase`` objects (TypeError when it is not a
    list or an element is not such a buffer, ValueError for a closed one or one
    longer than 2**32 - 2 bytes).  With ``use_bot`` the Basic Offset Table holds
    each frame's offset; otherwise it is empty and the offsets are for the
    Extended Offset Table (:attr:`extended_offsets`, :attr:`extended_lengths`).
    The lengths are taken when the object is made: a buffer must not grow after.
    """

    def __init__(self, buffers: list[io.BufferedIOBase], use_bot: bool = False) -> None:
        if not isinstance(buffers, list):  # untyped callers
            msg = "'buffers' must be a list of objects that inherit from 'io.BufferedIOBase'"  # type: ignore[unreachable]
            raise TypeError(msg)
        self._frames = list(buffers)
        self._items = [_BufferedItem(buffer) for buffer in self._frames]  # measures and checks
        self._sizes = [item._blen for item in self._items]
        self._use_bot = bool(use_bot)
        self._offset = 0
        self._build()

    def _build(self) -> None:
        # Segments: (start in the encapsulated value, bytes or a frame index, its length).
        bot = self.basic_offset_table
        starts: list[int] = [0]
        parts: list[bytes | int] = [bot]
        position = len(bot)
        for index, (size, length) in enumerate(zip(self._sizes, self.lengths, strict=True)):
            header = _ITEM_TAG + struct.pack("<I", length - 8)
            for part, part_length in ((header, 8), (index, size), (b"\x00", size % 2)):
                if part_length:
                    starts.append(position)
                    parts.append(part)
                    position += part_length
        self._starts = starts
        self._parts = parts
        self._total = position

    # -- the tables ---------------------------------------------------------------

    @property
    def lengths(self) -> list[int]:
        """Each frame's item length: 8 (tag and length) + the frame padded to even length."""
        return [8 + size + size % 2 for size in self._sizes]

    @property
    def offsets(self) -> list[int]:
        """Each frame item's offset from the first frame item (0 for the first)."""
        found: list[int] = []
        position = 0
        for length in self.lengths:
            found.append(position)
            position += length
        return found

    @property
    def basic_offset_table(self) -> bytes:
        """The Basic Offset Table item: empty unless ``use_bot``."""
        if not self._use_bot:
            return _ITEM_TAG + b"\x00\x00\x00\x00"
        offsets = self.offsets
        if offsets and offsets[-1] > 0xFFFFFFFF:
            msg = "a frame offset does not fit the Basic Offset Table: use the Extended Offset Table"
            raise ValueError(msg)
        return _ITEM_TAG + struct.pack(f"<I{len(offsets)}I", 4 * len(offsets), *offsets)

    @property
    def extended_offsets(self) -> bytes:
        """The (7FE0,0001) Extended Offset Table value: the offsets as UV."""
        offsets = self.offsets
        return struct.pack(f"<{len(offsets)}Q", *offsets)

    @property
    def extended_lengths(self) -> bytes:
        """The (7FE0,0002) Extended Offset Table Lengths value: each padded frame's length, UV."""
        lengths = [size + size % 2 for size in self._sizes]
        return struct.pack(f"<{len(lengths)}Q", *lengths)

    @property
    def encapsulated_length(self) -> int:
        """The length of the whole encapsulated value."""
        return self._total

    # -- io -----------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        """True when any frame buffer is closed."""
        return any(buffer.closed for buffer in self._frames)

    def readable(self) -> bool:
        """True when every frame buffer is readable."""
        return all(buffer.readable() for buffer in self._frames)

    def seekable(self) -> bool:
        """True when every frame buffer is seekable."""
        return all(buffer.seekable() for buffer in self._frames)

    def tell(self) -> int:
        """The position in the encapsulated value."""
        return self._offset

    def seek(self, offset: int, whence: int = os.SEEK_SET, /) -> int:
        """Move to ``offset`` from the start, the position or the end, as ``io.BytesIO`` does
        (ValueError for a negative absolute offset or another ``whence``); a relative
        move before the start stops at 0."""
        if whence == os.SEEK_SET:
            if offset < 0:
                msg = f"Negative seek 'offset' value {offset}"
                raise ValueError(msg)
            self._offset = offset
        elif whence == os.SEEK_CUR:
            self._offset = max(0, self._offset + offset)
        elif whence == os.SEEK_END:
            self._offset = max(0, self._total + offset)
        else:
            msg = "Invalid 'whence' value, should be 0, 1 or 2"
            raise ValueError(msg)
        return self._offset

    def read(self, size: int | None = 8192, /) -> bytes:
        """Up to ``size`` bytes from the position (all that is left for None or a negative size)."""
        if size is None or size < 0:
            size = self._total
        end = min(self._total, self._offset + size)
        out = bytearray()
        while self._offset < end:
            index = bisect.bisect_right(self._starts, self._offset) - 1
            start = self._starts[index]
            part = self._parts[index]
            within = self._offset - start
            if isinstance(part, bytes):
                chunk = part[within : within + end - self._offset]
            else:
                chunk = self._read_frame(part, within, end - self._offset)
                if not chunk:  # a buffer shorter than when it was measured: stop there
                    break
            out += chunk
            self._offset += len(chunk)
        return bytes(out)

    def _read_frame(self, index: int, within: int, wanted: int) -> bytes:
        buffer = self._frames[index]
        check_buffer(buffer)
        position = buffer.tell()
        try:
            buffer.seek(within)
            return buffer.read(min(wanted, self._sizes[index] - within))
        finally:
            buffer.seek(position)

    def readinto(self, b: bytearray | memoryview, /) -> int:  # type: ignore[override]
        """Read into a writable buffer; the number of bytes read."""
        view = memoryview(b).cast("B")
        data = self.read(len(view))
        view[: len(data)] = data
        return len(data)

    def __repr__(self) -> str:
        return (f"EncapsulatedBuffer({len(self._frames)} frames, {self._total} bytes, "
                f"use_bot={self._use_bot})")

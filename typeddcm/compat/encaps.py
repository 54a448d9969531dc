"""pydicom's ``encaps`` module (encapsulated Pixel Data, PS3.5 A.4) over ``typeddcm.codec.encaps``.

Every function of the reference, in both spellings (``itemise_*`` and ``itemize_*``),
plus pydicom 3's ``encapsulate_extended``.  Functions that take ``data`` /
``bytestream`` take the value of an encapsulated Pixel Data element (the Basic
Offset Table item first; a sequence delimiter, if present, ends the fragments).
Functions that take ``fp`` take a :class:`~typeddcm.compat.filebase.DicomIO` or any
binary file object; the data is read as little endian (``ValueError`` if ``fp``
says ``is_little_endian`` is False).  Errors are ``ValueError``s (the core's
``DecodeError``/``EncodeError`` are ValueErrors), ``EOFError`` for an item cut short.

Deliberate differences from pydicom 3, the reference winning where it speaks (each
pinned by a test):

* ``get_frame_offsets(fp)`` returns the list of offsets (``[0]`` for an empty
  table), as the reference documents; pydicom 3 returns ``(bool, list)``.
* ``generate_pixel_data`` / ``generate_pixel_data_frame`` without ``nr_frames``
  and with an empty Basic Offset Table give one frame of every fragment (the
  reference's single-argument form); pydicom 3 raises ``ValueError`` when there
  are several fragments.  With ``nr_frames`` and no table, frames are found as the
  core finds them (one fragment each, all in one, or JPEG/JPEG 2000 start markers).
* ``itemise_fragment`` pads an odd-length fragment with a NUL (PS3.5 A.4: items are
  of even length); pydicom writes an odd item.
* ``fragment_frame`` never yields an empty fragment: when pydicom's equal cut would
  leave the last piece empty, the two-byte units are spread evenly instead;
  ``ValueError`` (at the call, not at the first ``next``) for too many fragments.
* ``decode_data_sequence`` keeps empty fragments (pydicom stops at the first one)
  and raises for an item tag other than (FFFE,E000) or an item running past the
  end (pydicom warns and reads on, or returns a truncated item).
* ``read_item`` raises ``EOFError`` for a value cut short (pydicom returns fewer bytes).

pydicom 3's API (``parse_basic_offsets``, ``parse_fragments``, ``generate_fragments``,
``generate_fragmented_frames``, ``generate_frames``, ``get_frame``: ``_encaps3.py``;
``EncapsulatedBuffer``, ``encapsulate_buffer``, ``encapsulate_extended_buffer``:
``_encaps_buffer.py``) takes bytes or a file object and ``endianness``.  Where it
differs from pydicom 3 (pinned by tests/compat/test_encaps3.py):

* an item whose value runs past the end, or a Basic Offset Table offset that does
  not start an item, is a ``ValueError`` (pydicom returns the short value, or
  regroups the fragments by the offsets as they fall);
* without offset tables and with more fragments than frames, JPEG / JPEG 2000 frame
  start markers are tried before pydicom's end markers;
* an Extended Offset Table with more offsets than lengths, or bytes not a multiple
  of 8, is a ``ValueError`` (pydicom stops at the shorter);
* a file object is read from its position to its end at the first use; after
  every fragment is read it is left after the sequence delimiter item (pydicom:
  after the delimiter's tag);
* the 1.x names above do not warn (pydicom 3 deprecates them: they are the reference).
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterator, Sequence
from typing import Protocol

from typeddcm.codec import encaps as _core
from typeddcm.codec.encaps import BytesLike
from typeddcm.errors import DecodeError

from ._encaps3 import (
    as_seekable,
    generate_fragmented_frames,
    generate_fragments,
    generate_frames,
    get_frame,
    parse_basic_offsets,
    parse_fragments,
)
from ._encaps_buffer import EncapsulatedBuffer, _BufferedItem  # noqa: F401 - pydicom's tests import it
from .config import logger

__all__ = [
    "EncapsulatedBuffer",
    "decode_data_sequence",
    "defragment_data",
    "encapsulate",
    "encapsulate_buffer",
    "encapsulate_extended",
    "encapsulate_extended_buffer",
    "fragment_frame",
    "generate_fragmented_frames",
    "generate_fragments",
    "generate_frames",
    "generate_pixel_data",
    "generate_pixel_data_fragment",
    "generate_pixel_data_frame",
    "get_frame",
    "get_frame_offsets",
    "get_nr_fragments",
    "itemise_fragment",
    "itemise_frame",
    "itemize_fragment",
    "itemize_frame",
    "parse_basic_offsets",
    "parse_fragments",
    "read_item",
]

_ITEM = 0xFFFEE000
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_HEADER = struct.Struct("<HHL")
_U32 = struct.Struct("<L")


class Readable(Protocol):
    """A binary file-like object: what the ``fp`` functions read from."""

    def read(self, size: int = ..., /) -> bytes: ...

    def tell(self) -> int: ...


# ---------------------------------------------------------------- reading from fp


def _check_little_endian(fp: Readable) -> None:
    # getattr's default also covers a DicomIO whose is_little_endian was never set.
    if getattr(fp, "is_little_endian", True) is False:
        msg = "'fp.is_little_endian' must be True"
        raise ValueError(msg)


def _read_exact(fp: Readable, size: int) -> bytes:
    start = fp.tell()
    data = fp.read(size)
    if len(data) != size:
        msg = (
            f"Unexpected end of data: read {len(data)} of {size} bytes "
            f"starting at position 0x{start:x}"
        )
        raise EOFError(msg)
    return data


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def get_frame_offsets(fp: Readable) -> list[int]:
    """The Basic Offset Table's offsets, ``fp`` being at the table's item tag.

    The offsets count from the first fragment item; an empty table gives ``[0]``.
    ValueError when the item tag is not (FFFE,E000) or the length is not a multiple
    of 4; EOFError when the table is cut short.  ``fp`` is left after the table.
    """
    _check_little_endian(fp)
    start = fp.tell()
    header = _read_exact(fp, 8)
    group, element, length = _HEADER.unpack(header)
    tag = (group << 16) | element
    if tag != _ITEM:
        msg = f"Unexpected tag '{_tag_text(tag)}' when parsing the Basic Offset Table item"
        raise DecodeError(msg, offset=start, tag=tag)
    if length % 4:
        msg = "The length of the Basic Offset Table item is not a multiple of 4"
        raise DecodeError(msg, offset=start, tag=tag)
    offsets, _ = _core.basic_offset_table(header + _read_exact(fp, length))
    return offsets or [0]


def generate_pixel_data_fragment(fp: Readable) -> Iterator[bytes]:
    """Yield each fragment, ``fp`` being at the first item after the Basic Offset Table.

    Stops at the end of the data or at a sequence delimiter (which is read).
    ValueError for an undefined item length or a tag other than an item or the
    sequence delimiter; EOFError for an item cut short.
    """
    _check_little_endian(fp)
    while True:
        start = fp.tell()
        head = fp.read(4)
        if len(head) < 4:
            return
        group, element = struct.unpack("<HH", head)
        tag = (group << 16) | element
        if tag == _SEQUENCE_DELIMITER:
            fp.read(4)
            return
        if tag != _ITEM:
            msg = (
                f"Unexpected tag '{_tag_text(tag)}' when parsing the encapsulated "
                "pixel data fragment items"
            )
            raise DecodeError(msg, offset=start, tag=tag)
        (length,) = _U32.unpack(_read_exact(fp, 4))
        if length == _UNDEFINED:
            msg = "Undefined item length when parsing the encapsulated pixel data fragments"
            raise DecodeError(msg, offset=start, tag=tag)
        yield _read_exact(fp, length)


def read_item(fp: Readable) -> bytes | None:
    """The value of the item at ``fp``; None at the end of the data or at a sequence delimiter.

    A tag other than (FFFE,E000) is logged as a warning and its value read as an
    item's (as pydicom does).  ValueError for an undefined length, EOFError when the
    value is cut short.
    """
    start = fp.tell()
    head = fp.read(4)
    if len(head) < 4:
        return None
    group, element = struct.unpack("<HH", head)
    tag = (group << 16) | element
    raw_length = fp.read(4)
    if tag == _SEQUENCE_DELIMITER:
        if len(raw_length) == 4 and _U32.unpack(raw_length)[0] != 0:
            logger.warning("Expected 0x00000000 after delimiter, found 0x%x, at data "
                           "position 0x%x", _U32.unpack(raw_length)[0], start + 4)
        return None
    if tag != _ITEM:
        logger.warning("Expected Item with tag (FFFE,E000) at data position 0x%x", start)
    if len(raw_length) < 4:
        msg = f"Unexpected end of data in the item header at position 0x{start:x}"
        raise EOFError(msg)
    (length,) = _U32.unpack(raw_length)
    if length == _UNDEFINED:
        msg = "Encapsulated data fragment had Undefined Length"
        raise DecodeError(msg, offset=start, tag=tag)
    return _read_exact(fp, length)


# ---------------------------------------------------------------- reading bytes


def decode_data_sequence(data: BytesLike) -> list[bytes]:
    """Every fragment after the Basic Offset Table, as ``bytes``."""
    return [bytes(fragment) for fragment in _core.fragments(data)]


def defragment_data(data: BytesLike) -> bytes:
    """Every fragment after the Basic Offset Table, joined."""
    return _core.defragment(data)


def _groups(bytestream: BytesLike, nr_frames: int | None) -> list[list[memoryview]]:
    if nr_frames is None:
        offsets, _ = _core.basic_offset_table(bytestream)
        nr_frames = max(1, len(offsets))
    # The core's frame finder, fragments kept apart (see typeddcm.codec.encaps.frames).
    return _core._frame_groups(bytestream, nr_frames, None, None, None)


def generate_pixel_data(
    bytestream: BytesLike, nr_frames: int | None = None
) -> Iterator[tuple[bytes, ...]]:
    """Yield each frame as the tuple of its fragments.

    Frames are found by the Basic Offset Table when it has values; otherwise
    ``nr_frames`` (the Number of Frames) is needed to split the fragments, and
    without it every fragment belongs to the one frame.
    """
    for group in _groups(bytestream, nr_frames):
        yield tuple(bytes(fragment) for fragment in group)


def generate_pixel_data_frame(
    bytestream: BytesLike, nr_frames: int | None = None
) -> Iterator[bytes]:
    """Yield each frame as ``bytes`` (its fragments joined); frames found as in
    :func:`generate_pixel_data`."""
    for group in _groups(bytestream, nr_frames):
        yield b"".join(group)


# ---------------------------------------------------------------- writing


def fragment_frame(frame: BytesLike, nr_fragments: int = 1) -> Iterator[bytes]:
    """Cut ``frame`` into ``nr_fragments`` pieces of even length (>= 2), the last padded with NUL."""
    return (item[8:] for item in _core.itemise_frame(frame, nr_fragments))


def itemise_fragment(fragment: BytesLike) -> bytes:
    """``fragment`` as one item: tag (FFFE,E000), 4-byte length, value (an odd value padded)."""
    return _core.itemise_fragment(fragment)


def itemise_frame(frame: BytesLike, nr_fragments: int = 1) -> Iterator[bytes]:
    """Yield the items of ``frame`` cut as :func:`fragment_frame` cuts it."""
    return _core.itemise_frame(frame, nr_fragments)


itemize_fragment = itemise_fragment
itemize_frame = itemise_frame


def encapsulate(
    frames: Sequence[BytesLike], fragments_per_frame: int = 1, has_bot: bool = True
) -> bytes:
    """The encapsulated value of ``frames``: a Basic Offset Table item (with offsets when
    ``has_bot``), then each frame's fragment items.  ValueError when an offset does
    not fit the table's 32 bits (use :func:`encapsulate_extended`)."""
    return _core.encapsulate(frames, fragments_per_frame=fragments_per_frame, with_bot=has_bot)


def encapsulate_extended(frames: Sequence[BytesLike]) -> tuple[bytes, bytes, bytes]:
    """(value with an empty Basic Offset Table, Extended Offset Table, its lengths), one
    fragment per frame; the tables are the UV bytes of (7FE0,0001) and (7FE0,0002)."""
    return _core.encapsulate_extended(frames)


def get_nr_fragments(fp: Readable) -> int:
    """The number of fragment items from ``fp`` (at the first one) on; ``fp`` is left where
    it was (pydicom 2.x's name; 3.x: ``parse_fragments(fp)[0]``)."""
    _check_little_endian(fp)
    return parse_fragments(as_seekable(fp))[0]


# ---------------------------------------------------------------- pydicom 3: buffers to write


def encapsulate_buffer(buffers: list[io.BufferedIOBase], has_bot: bool = True) -> EncapsulatedBuffer:
    """An :class:`EncapsulatedBuffer` of one frame per buffer, with a Basic Offset Table
    of values when ``has_bot``; it can be the value of Pixel Data for writing."""
    return EncapsulatedBuffer(buffers, use_bot=has_bot)


def encapsulate_extended_buffer(
    buffers: list[io.BufferedIOBase],
) -> tuple[EncapsulatedBuffer, bytes, bytes]:
    """(an :class:`EncapsulatedBuffer` with an empty Basic Offset Table, the Extended Offset
    Table, its lengths): the values of Pixel Data, (7FE0,0001) and (7FE0,0002)."""
    made = EncapsulatedBuffer(buffers, use_bot=False)
    return made, made.extended_offsets, made.extended_lengths

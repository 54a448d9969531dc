"""Encapsulated (compressed) Pixel Data: items, fragments and frames (PS3.5 A.4).

Strategy: sans-I/O functions over a buffer that holds the value of an encapsulated
Pixel Data element as the reader keeps it: the Basic Offset Table item, then the
fragment items, little endian, the sequence delimiter excluded (a delimiter, if
present, ends the fragments).  Reading never copies: an item's value is a
``memoryview`` slice of the input; only a frame made of several fragments is
joined into new ``bytes``.  Every problem in the input is a :class:`DecodeError`
carrying the byte offset (from the start of the buffer); every problem with what
is asked of the writer side is an :class:`EncodeError`.  No ``struct.error`` or
``IndexError`` escapes.

Odd-length frames are written with one trailing NUL (PS3.5 A.4 asks for items of
even length) and read back with that byte: the encapsulation cannot tell a pad
byte from data, the compressed codestream's own end marker can.
"""

from __future__ import annotations

import itertools
import struct
from collections.abc import Iterator, Sequence

from typeddcm.errors import DecodeError, EncodeError
from typeddcm.tag import tag_text

__all__ = [
    "BytesLike",
    "basic_offset_table",
    "defragment",
    "encapsulate",
    "encapsulate_extended",
    "fragments",
    "frame",
    "frames",
    "itemise_fragment",
    "itemise_frame",
    "read_item",
]

BytesLike = bytes | bytearray | memoryview

_ITEM = 0xFFFEE000
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_ITEM_TAG = b"\xfe\xff\x00\xe0"
_UNDEFINED = 0xFFFFFFFF
_MAX_LENGTH = 0xFFFFFFFE  # the largest even defined length of an item
_HEADER = struct.Struct("<HHI")
_U32 = struct.Struct("<I")

# Markers that open a frame's codestream (checked at the start of a fragment).
_FRAME_STARTS = (
    b"\xff\xd8",  # JPEG SOI (ISO 10918, JPEG-LS too)
    b"\xff\x4f\xff\x51",  # JPEG 2000 codestream SOC + SIZ
    b"\x00\x00\x00\x0cjP  \r\n\x87\n",  # JP2 signature box
)


def _view(data: BytesLike) -> memoryview:
    view = data if isinstance(data, memoryview) else memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    return view


def _header(view: memoryview, offset: int) -> tuple[int, int]:
    """(tag, length) of the item header at ``offset``; DecodeError when cut short."""
    if offset < 0 or offset + 8 > len(view):
        msg = f"item header cut short: {len(view) - offset} of 8 bytes"
        raise DecodeError(msg, offset=offset)
    group, element, length = _HEADER.unpack_from(view, offset)
    return (group << 16) | element, length


def read_item(data: BytesLike, offset: int = 0) -> tuple[memoryview, int]:
    """Return the value of the item at ``offset`` (a view of ``data``) and the offset after it.

    Raises DecodeError for a tag other than (FFFE,E000), an undefined length, or a
    length that runs past the end of ``data``.
    """
    view = _view(data)
    tag, length = _header(view, offset)
    if tag != _ITEM:
        msg = f"expected an item tag (FFFE,E000), found {tag_text(tag)}"
        raise DecodeError(msg, offset=offset, tag=tag)
    if length == _UNDEFINED:
        msg = "undefined length for a fragment item"
        raise DecodeError(msg, offset=offset, tag=tag)
    start = offset + 8
    end = start + length
    if end > len(view):
        msg = f"item length {length} runs past the end of the data ({len(view) - start} bytes left)"
        raise DecodeError(msg, offset=offset, tag=tag)
    return view[start:end], end


def basic_offset_table(data: BytesLike) -> tuple[list[int], int]:
    """Return the Basic Offset Table's offsets and the offset of the first fragment item.

    Raises DecodeError when the first item is not (FFFE,E000) or its length is not
    a multiple of 4.
    """
    view = _view(data)
    tag, length = _header(view, 0)
    if tag != _ITEM:
        msg = f"expected the Basic Offset Table item (FFFE,E000), found {tag_text(tag)}"
        raise DecodeError(msg, offset=0, tag=tag)
    if length % 4:
        msg = f"Basic Offset Table length {length} is not a multiple of 4"
        raise DecodeError(msg, offset=0, tag=tag)
    value, after = read_item(view, 0)
    return list(struct.unpack_from(f"<{length // 4}I", value)), after


def _fragment_items(view: memoryview) -> tuple[list[memoryview], list[int], int]:
    """Fragments, the offset of each fragment item (from the first one), and that first offset."""
    _, first = basic_offset_table(view)
    found: list[memoryview] = []
    starts: list[int] = []
    offset = first
    while offset < len(view):
        tag, _ = _header(view, offset)
        if tag == _SEQUENCE_DELIMITER:
            break
        value, after = read_item(view, offset)
        found.append(value)
        starts.append(offset - first)
        offset = after
    return found, starts, first


def fragments(data: BytesLike) -> list[memoryview]:
    """Return every fragment after the Basic Offset Table, as views of ``data``.

    Stops at a sequence delimiter (FFFE,E0DD) if there is one.
    """
    return _fragment_items(_view(data))[0]


def _join(parts: Sequence[memoryview]) -> bytes | memoryview:
    if len(parts) == 1:
        return parts[0]
    return b"".join(parts)


def _uv_values(value: BytesLike | Sequence[int], name: str) -> list[int]:
    if isinstance(value, (bytes, bytearray, memoryview)):
        view = _view(value)
        if len(view) % 8:
            msg = f"{name} length {len(view)} is not a multiple of 8 (UV)"
            raise DecodeError(msg)
        return [v for (v,) in struct.iter_unpack("<Q", view)]
    return [int(v) for v in value]


def _groups_from_eot(
    view: memoryview,
    number_of_frames: int,
    extended_offsets: BytesLike | Sequence[int],
    extended_lengths: BytesLike | Sequence[int],
    only: int | None,
) -> list[list[memoryview]]:
    offsets = _uv_values(extended_offsets, "Extended Offset Table")
    lengths = _uv_values(extended_lengths, "Extended Offset Table Lengths")
    if len(offsets) != number_of_frames or len(lengths) != number_of_frames:
        msg = (
            f"the Extended Offset Table has {len(offsets)} offsets and {len(lengths)} lengths "
            f"for {number_of_frames} frames"
        )
        raise DecodeError(msg)
    _, first = basic_offset_table(view)
    result: list[list[memoryview]] = []
    for index, (offset, length) in enumerate(zip(offsets, lengths, strict=True)):
        if only is not None and index != only:
            result.append([])  # not asked for: its fragments are never touched
            continue
        position = first + offset
        parts: list[memoryview] = []
        collected = 0
        # A frame should sit in one fragment; gather more if it does not.
        while collected < length or not parts:
            value, position = read_item(view, position)
            parts.append(value)
            collected += len(value)
        if collected < length:  # pragma: no cover - the loop above guarantees it
            raise DecodeError("frame shorter than its Extended Offset Table length")
        # Trim the last fragment so the joined frame is exactly ``length`` bytes.
        parts[-1] = parts[-1][: len(parts[-1]) - (collected - length)]
        result.append(parts)
    return result


def _starts_frame(fragment: memoryview) -> bool:
    head = bytes(fragment[:12])
    return any(head.startswith(marker) for marker in _FRAME_STARTS)


def frames(
    data: BytesLike,
    number_of_frames: int,
    *,
    extended_offsets: BytesLike | Sequence[int] | None = None,
    extended_lengths: BytesLike | Sequence[int] | None = None,
) -> list[bytes | memoryview]:
    """Return the ``number_of_frames`` frames of encapsulated Pixel Data, in order.

    The frames are found by, in this order: the Extended Offset Table (7FE0,0001)
    and its lengths (7FE0,0002) when given (as UV bytes or ints); the Basic Offset
    Table when it is not empty; one fragment per frame when the counts match; all
    fragments when there is one frame; a JPEG SOI, JPEG 2000 SOC or JP2 signature
    at the start of a fragment.  Otherwise DecodeError.  A frame of one fragment is
    a view of ``data``; a frame of several is their joined bytes.
    """
    groups = _frame_groups(data, number_of_frames, extended_offsets, extended_lengths, None)
    return [_join(parts) for parts in groups]


def frame(
    data: BytesLike,
    index: int,
    number_of_frames: int,
    *,
    extended_offsets: BytesLike | Sequence[int] | None = None,
    extended_lengths: BytesLike | Sequence[int] | None = None,
) -> bytes | memoryview:
    """Return frame ``index`` alone, found as :func:`frames` finds it.

    Only item headers are read to locate it (with an Extended Offset Table not even
    those of other frames), and only its own fragments are joined, so fetching one
    frame of a memory-mapped file touches that frame's bytes and no other frame's.
    """
    if not 0 <= index < number_of_frames:
        msg = f"frame {index} is out of range for {number_of_frames} frames"
        raise DecodeError(msg)
    groups = _frame_groups(data, number_of_frames, extended_offsets, extended_lengths, index)
    return _join(groups[index])


def _frame_groups(
    data: BytesLike,
    number_of_frames: int,
    extended_offsets: BytesLike | Sequence[int] | None,
    extended_lengths: BytesLike | Sequence[int] | None,
    only: int | None,
) -> list[list[memoryview]]:
    """The fragments of each frame (views of ``data``); the rules are those of :func:`frames`."""
    if number_of_frames < 0:
        msg = f"number of frames {number_of_frames} is negative"
        raise DecodeError(msg)
    view = _view(data)
    if (extended_offsets is None) != (extended_lengths is None):
        msg = "the Extended Offset Table needs both offsets and lengths"
        raise DecodeError(msg)
    if extended_offsets is not None and extended_lengths is not None:
        return _groups_from_eot(view, number_of_frames, extended_offsets, extended_lengths, only)

    bot, _ = basic_offset_table(view)
    found, starts, first = _fragment_items(view)
    if bot and len(bot) == number_of_frames:
        index = {start: i for i, start in enumerate(starts)}
        bounds: list[int] = []
        for offset in bot:
            if offset not in index:
                msg = f"Basic Offset Table offset {offset} does not start a fragment item"
                raise DecodeError(msg, offset=first + offset)
            bounds.append(index[offset])
        bounds.append(len(found))
        if any(a >= b for a, b in itertools.pairwise(bounds)):
            msg = f"Basic Offset Table offsets {bot} do not increase"
            raise DecodeError(msg, offset=0)
        return [found[a:b] for a, b in itertools.pairwise(bounds)]

    if len(found) == number_of_frames:
        return [[fragment] for fragment in found]
    if number_of_frames == 1 and found:
        return [found]
    if found and number_of_frames > 1:
        heads = [i for i, fragment in enumerate(found) if _starts_frame(fragment)]
        if heads and heads[0] == 0 and len(heads) == number_of_frames:
            heads.append(len(found))
            return [found[a:b] for a, b in itertools.pairwise(heads)]
    table = f"a Basic Offset Table of {len(bot)} offsets, " if bot else ""
    msg = (
        f"cannot split {len(found)} fragments into {number_of_frames} frames "
        f"({table}no Extended Offset Table, no frame start markers to match)"
    )
    raise DecodeError(msg)


def defragment(data: BytesLike) -> bytes:
    """Return all the fragments after the Basic Offset Table joined into one ``bytes``."""
    return b"".join(fragments(data))


def itemise_fragment(fragment: BytesLike) -> bytes:
    """Return ``fragment`` as one item: (FFFE,E000), its length, then the value.

    An odd-length fragment gets one trailing NUL (PS3.5 A.4: items are of even length).
    """
    value = bytes(fragment)
    if len(value) % 2:
        value += b"\x00"
    if len(value) > _MAX_LENGTH:
        msg = f"fragment of {len(value)} bytes is too long for an item (at most {_MAX_LENGTH})"
        raise EncodeError(msg)
    return _ITEM_TAG + _U32.pack(len(value)) + value


def _split(length: int, nr_fragments: int) -> list[tuple[int, int]]:
    """(start, end) of each piece of a frame of ``length`` bytes cut into ``nr_fragments``.

    Matches pydicom's ``fragment_frame`` (equal even pieces, the remainder in the
    last) where that yields ``nr_fragments`` non-empty pieces; otherwise spreads the
    two-byte units as evenly as possible, larger pieces first.
    """
    if nr_fragments == 1:
        return [(0, length)]
    size = length // nr_fragments
    size += size % 2
    if size * (nr_fragments - 1) < length:
        cuts = [i * size for i in range(nr_fragments)] + [length]
    else:
        units = (length + 1) // 2
        base, extra = divmod(units, nr_fragments)
        cuts = [0]
        for i in range(nr_fragments):
            cuts.append(min(length, cuts[-1] + 2 * (base + (1 if i < extra else 0))))
    return list(itertools.pairwise(cuts))


def itemise_frame(frame: BytesLike, nr_fragments: int = 1) -> Iterator[bytes]:
    """Return an iterator over the items of ``frame`` split into ``nr_fragments`` fragments.

    The pieces are of near-equal even length (the last one padded with a NUL when the
    frame's length is odd).  EncodeError, raised at the call, when a piece would be
    shorter than two bytes (an empty frame makes one empty item).
    """
    if nr_fragments < 1:
        msg = f"nr_fragments must be at least 1, not {nr_fragments}"
        raise EncodeError(msg)
    view = _view(frame)
    if nr_fragments > max(1, (len(view) + 1) // 2):
        msg = (
            f"too many fragments ({nr_fragments}) for a frame of {len(view)} bytes "
            "(a fragment holds at least 2 bytes)"
        )
        raise EncodeError(msg)
    pieces = _split(len(view), nr_fragments)
    return (itemise_fragment(view[a:b]) for a, b in pieces)


def encapsulate(
    frames: Sequence[BytesLike], *, fragments_per_frame: int = 1, with_bot: bool = True
) -> bytes:
    """Return the encapsulated value of ``frames``: a Basic Offset Table item, then fragment items.

    The Basic Offset Table holds each frame's offset from the first fragment item
    (or is empty when ``with_bot`` is false).  No sequence delimiter: the writer adds
    it.  EncodeError when an offset does not fit the table's 32 bits.
    """
    body: list[bytes | memoryview] = []
    offsets: list[int] = []
    position = 0
    for frame in frames:
        offsets.append(position)
        if fragments_per_frame == 1:  # the common case, without a copy of each frame
            view = _view(frame)
            odd = len(view) % 2
            if len(view) + odd > _MAX_LENGTH:
                msg = f"frame of {len(view)} bytes is too long for an item (at most {_MAX_LENGTH})"
                raise EncodeError(msg)
            body += (_ITEM_TAG + _U32.pack(len(view) + odd), view, b"\x00" if odd else b"")
            position += 8 + len(view) + odd
            continue
        for item in itemise_frame(frame, fragments_per_frame):
            body.append(item)
            position += len(item)
    if with_bot:
        if offsets and offsets[-1] > 0xFFFFFFFF:
            msg = (
                f"frame offset {offsets[-1]} does not fit the Basic Offset Table "
                "(2**32 - 1): use encapsulate_extended"
            )
            raise EncodeError(msg)
        table = struct.pack(f"<{len(offsets)}I", *offsets)
    else:
        table = b""
    return b"".join([_ITEM_TAG, _U32.pack(len(table)), table, *body])


def encapsulate_extended(frames: Sequence[BytesLike]) -> tuple[bytes, bytes, bytes]:
    """Return (data with an empty Basic Offset Table, Extended Offset Table, its lengths).

    One fragment per frame; the tables are the UV bytes of (7FE0,0001) and
    (7FE0,0002), offsets from the first fragment item, lengths of the padded frames.
    """
    lengths = [len(_view(frame)) + len(_view(frame)) % 2 for frame in frames]
    offsets: list[int] = []
    position = 0
    for length in lengths:
        offsets.append(position)
        position += 8 + length
    data = encapsulate(frames, with_bot=False)
    return (
        data,
        struct.pack(f"<{len(offsets)}Q", *offsets),
        struct.pack(f"<{len(lengths)}Q", *lengths),
    )

"""pydicom 3's encaps readers: offsets, fragments and frames from bytes or a file object.

Each function takes the encapsulated value (PS3.5 A.4) as bytes, parsed through a view
(nothing is copied until a fragment or frame is handed out), or a binary file object
positioned at the value: a file is read from its position to its end once, parsed as
bytes, and left where pydicom leaves it.  The item format and the frame rules are the
core's (``typeddcm.codec.encaps``: Basic Offset Table, item reading, frame start
markers, frames gathered by the Extended Offset Table); what is pydicom 3's is where a
walk stops (fewer than 4 bytes left, a sequence delimiter), one fragment being one
frame whatever the count, and its last resort of frame end markers.  Big endian data
(``endianness=">"``, which PS3.5 A.4 does not allow but pydicom reads) is first given
little endian item headers and Basic Offset Table, a copy of the same length, so every
offset stays as it was.  Errors are ``ValueError``s (the core's ``DecodeError``).
"""

from __future__ import annotations

import itertools
import struct
import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, TypeAlias

from typeddcm.codec import encaps as _core
from typeddcm.codec.encaps import BytesLike
from typeddcm.errors import DecodeError, DicomWarning

from .config import logger

__all__ = ["Buffer", "ExtendedOffsets", "Seekable", "generate_fragmented_frames",
           "generate_fragments", "generate_frames", "get_frame", "parse_basic_offsets",
           "parse_fragments"]

_ITEM = 0xFFFEE000
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_HEADER = struct.Struct("<HHL")
_TAG = struct.Struct("<HH")
_END_MARKER = b"\xff\xd9"  # JPEG EOI, also the JPEG 2000 EOC


class Seekable(Protocol):
    """A binary file object the functions read from: ``read``, ``tell`` and ``seek``."""

    def read(self, size: int = ..., /) -> bytes: ...

    def tell(self) -> int: ...

    def seek(self, offset: int, whence: int = ..., /) -> int: ...


#: What the functions take: the encapsulated value, or a file object positioned at it.
Buffer: TypeAlias = BytesLike | Seekable
#: An Extended Offset Table: (offsets, lengths), each the UV bytes or the numbers.
ExtendedOffsets: TypeAlias = tuple[BytesLike | Sequence[int], BytesLike | Sequence[int]]


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def as_seekable(fp: object) -> Seekable:
    """``fp`` if it has ``read``, ``tell`` and ``seek``; TypeError otherwise."""
    if not all(hasattr(fp, name) for name in ("read", "tell", "seek")):
        msg = "the buffer must be bytes or have read(), tell() and seek() methods"
        raise TypeError(msg)
    return fp  # type: ignore[return-value]


def _little(endianness: str) -> bool:
    if endianness == "<":
        return True
    if endianness == ">":
        return False
    msg = f"'endianness' must be '<' (little endian) or '>' (big endian), not {endianness!r}"
    raise ValueError(msg)


def _load(buffer: Buffer, little: bool, with_bot: bool) -> tuple[memoryview, Seekable | None, int]:
    """(the value as a little endian view, the file object or None, the file's start)."""
    if isinstance(buffer, (bytes, bytearray, memoryview)):
        view, fp, start = _core._view(buffer), None, 0
    else:
        fp = as_seekable(buffer)
        start = fp.tell()
        # Read to the end in chunks: a buffered reader's read() may stop at its default size.
        chunks = []
        while chunk := fp.read(1 << 22):
            chunks.append(chunk)
        view = memoryview(chunks[0] if len(chunks) == 1 else b"".join(chunks))
    if not little:
        view = memoryview(_swap_headers(view, with_bot))
    return view, fp, start


def _swap_headers(view: memoryview, with_bot: bool) -> bytes:
    """A copy of big endian encapsulated data with little endian item headers (and Basic
    Offset Table values); the walk stops where the little endian parser will complain."""
    out = bytearray(view)
    offset, first = 0, with_bot
    while offset + 8 <= len(view):
        group, element, length = struct.unpack_from(">HHL", view, offset)
        _HEADER.pack_into(out, offset, group, element, length)
        if (group << 16) | element != _ITEM or length == _UNDEFINED:
            break
        if first and length % 4 == 0 and offset + 8 + length <= len(view):
            values = struct.unpack_from(f">{length // 4}L", view, offset + 8)
            struct.pack_into(f"<{length // 4}L", out, offset + 8, *values)
        first = False
        offset += 8 + length
    else:
        if offset + 4 <= len(view):  # a last tag without its length: swap it alone
            _TAG.pack_into(out, offset, *struct.unpack_from(">HH", view, offset))
    return bytes(out)


def _items(view: memoryview, offset: int, ends: list[int]) -> Iterator[tuple[memoryview, int]]:
    """Yield (value, start) of each fragment item from ``offset``, lazily (pydicom yields the
    good items before an error).  Fewer than 4 bytes left end the walk, as do a sequence
    delimiter; ``ends`` gets the offset after the last item (or the delimiter).  An item
    header cut short, a tag other than an item or the delimiter, an undefined length or a
    value past the end are DecodeErrors (ValueErrors), in pydicom's words."""
    size = len(view)
    while offset + 4 <= size:
        if offset + 8 <= size:
            group, element, length = _HEADER.unpack_from(view, offset)
        else:
            group, element = _TAG.unpack_from(view, offset)
            length = -1
        tag = (group << 16) | element
        if tag == _SEQUENCE_DELIMITER:
            ends.append(min(size, offset + 8))
            return
        if tag != _ITEM:
            msg = (f"Unexpected tag '{_tag_text(tag)}' at offset {offset} when parsing the "
                   "encapsulated pixel data fragment items")
            raise DecodeError(msg, offset=offset, tag=tag)
        if length < 0:
            msg = (f"Unable to determine the length of the item at offset {offset} as the end "
                   "of the data has been reached - the encapsulated pixel data may be invalid")
            raise DecodeError(msg, offset=offset, tag=tag)
        if length == _UNDEFINED:
            msg = (f"Undefined item length at offset {offset + 4} when parsing the "
                   "encapsulated pixel data fragments")
            raise DecodeError(msg, offset=offset, tag=tag)
        end = offset + 8 + length
        if end > size:
            _core.read_item(view, offset)  # the core's error for a value past the end
        yield view[offset + 8 : end], offset
        offset = end
    ends.append(offset)


def _walk(view: memoryview, offset: int) -> tuple[list[memoryview], list[int], int]:
    """Every fragment item from ``offset`` (see :func:`_items`): values, starts, the end."""
    # The common case inlined (this walk is most of the cost); anything else is handed to
    # _items from where it starts, which raises its error or finds the delimiter.
    values: list[memoryview] = []
    starts: list[int] = []
    size, unpack = len(view), _HEADER.unpack_from
    while offset + 8 <= size:
        group, element, length = unpack(view, offset)
        end = offset + 8 + length
        if group != 0xFFFE or element != 0xE000 or length == _UNDEFINED or end > size:
            break
        values.append(view[offset + 8 : end])
        starts.append(offset)
        offset = end
    ends: list[int] = []
    for value, start in _items(view, offset, ends):
        values.append(value)
        starts.append(start)
    return values, starts, ends[0]


def _basic_offset_table(view: memoryview) -> tuple[list[int], int]:
    """The core's Basic Offset Table, its two common errors in pydicom's words."""
    if len(view) >= 8:
        group, element, length = _HEADER.unpack_from(view, 0)
        if (group << 16) | element != _ITEM:
            msg = (f"Found unexpected tag {_tag_text((group << 16) | element)} instead of "
                   "(FFFE,E000) when parsing the Basic Offset Table item")
            raise DecodeError(msg, offset=0, tag=(group << 16) | element)
        if length % 4:
            msg = "The length of the Basic Offset Table item is not a multiple of 4"
            raise DecodeError(msg, offset=0, tag=_ITEM)
    return _core.basic_offset_table(view)


def parse_basic_offsets(buffer: Buffer, *, endianness: str = "<") -> list[int]:
    """The Basic Offset Table's offsets (``[]`` when it is empty), ``buffer`` being at its item.

    The offsets count from the first fragment item.  A file object is left after the
    table.  ValueError when the item tag is not (FFFE,E000), its length is not a
    multiple of 4, or the table is cut short.
    """
    little = _little(endianness)
    if isinstance(buffer, (bytes, bytearray, memoryview)):
        if little:
            return _basic_offset_table(_core._view(buffer))[0]
        view = _core._view(buffer)
        length = struct.unpack_from(">L", view, 4)[0] if len(view) >= 8 else 0
        item = bytes(view[: 8 + length])
    else:
        fp = as_seekable(buffer)
        item = fp.read(8)
        if len(item) == 8:
            item += fp.read(struct.unpack_from(f"{endianness}L", item, 4)[0])
    if not little:
        item = _swap_headers(memoryview(item), with_bot=True)
    return _basic_offset_table(memoryview(item))[0]


def parse_fragments(buffer: Buffer, *, endianness: str = "<") -> tuple[int, list[int]]:
    """(number of fragments, offset of each fragment's item tag), ``buffer`` being at the
    first fragment item (after the Basic Offset Table).

    Offsets count from the start of ``bytes``, or are a file object's positions (the
    file is left where it was).  Stops at the end or a sequence delimiter.
    """
    view, fp, start = _load(buffer, _little(endianness), with_bot=False)
    try:
        _, starts, _ = _walk(view, 0)
    finally:
        if fp is not None:
            fp.seek(start)
    if start:
        starts = [start + offset for offset in starts]
    return len(starts), starts


def generate_fragments(buffer: Buffer, *, endianness: str = "<") -> Iterator[bytes]:
    """Yield each fragment, ``buffer`` being at the first fragment item (after the Basic
    Offset Table).  Stops at the end or a sequence delimiter; a file object is left after
    the last item yielded (after the delimiter, once all are)."""
    view, fp, start = _load(buffer, _little(endianness), with_bot=False)
    ends: list[int] = []
    for value, offset in _items(view, 0, ends):
        if fp is not None:
            fp.seek(start + offset + 8 + len(value))
        yield bytes(value)
    if fp is not None:
        fp.seek(start + ends[0])


# ---------------------------------------------------------------- frames


def _eot_bytes(column: bytes | bytearray | memoryview) -> memoryview:
    """One Extended Offset Table value (offsets or lengths) as bytes: 8 per frame."""
    data = _core._view(column)
    if len(data) % 8:
        msg = f"an Extended Offset Table value of {len(data)} bytes is not a multiple of 8"
        raise DecodeError(msg)
    return data


def _eot_columns(extended_offsets: ExtendedOffsets, little: bool) -> tuple[list[int], list[int]]:
    """The Extended Offset Table's (offsets, lengths) as numbers."""
    columns: list[list[int]] = []
    for column in extended_offsets:
        if isinstance(column, (bytes, bytearray, memoryview)):
            data = _eot_bytes(column)
            columns.append(list(struct.unpack(f"{'<' if little else '>'}{len(data) // 8}Q", data)))
        else:
            columns.append([int(v) for v in column])
    if len(columns) != 2 or len(columns[0]) != len(columns[1]):
        msg = "the Extended Offset Table needs as many lengths as offsets"
        raise DecodeError(msg)
    return columns[0], columns[1]


def _eot_entry(extended_offsets: ExtendedOffsets, index: int,
               little: bool) -> tuple[int, int, int]:
    """(number of frames, offset, length) of frame ``index`` by the Extended Offset Table;
    only that entry is decoded (the offset and length are -1 when past the end)."""
    found: list[int] = []
    counts: list[int] = []
    for column in extended_offsets:
        if isinstance(column, (bytes, bytearray, memoryview)):
            data = _eot_bytes(column)
            counts.append(len(data) // 8)
            inside = index < len(data) // 8
            found.append(struct.unpack_from("<Q" if little else ">Q", data, 8 * index)[0]
                         if inside else -1)
        else:
            counts.append(len(column))
            found.append(int(column[index]) if index < len(column) else -1)
    if len(counts) != 2 or counts[0] != counts[1]:
        msg = "the Extended Offset Table needs as many lengths as offsets"
        raise DecodeError(msg)
    return counts[0], found[0], found[1]


def _eot_frame(view: memoryview, first: int, offset: int, length: int) -> bytes:
    """A frame by its Extended Offset Table entry: a slice of its item (PS3.3 C.7.6.3.1.8:
    one fragment per frame), else the core's gathering of several items."""
    position = first + offset
    if position + 8 <= len(view):
        group, element, item_length = _HEADER.unpack_from(view, position)
        if ((group << 16) | element == _ITEM and length <= item_length != _UNDEFINED
                and position + 8 + length <= len(view)):
            raw = view.obj
            if type(raw) is bytes and len(raw) == len(view):  # slice the bytes: one copy
                return raw[position + 8 : position + 8 + length]
            return bytes(view[position + 8 : position + 8 + length])
    return bytes(_core.frame(view, 0, 1, extended_offsets=[offset], extended_lengths=[length]))


def _eot_frames(view: memoryview, first: int, offsets: list[int],
                lengths: list[int]) -> list[bytes]:
    """Every frame by the Extended Offset Table: :func:`_eot_frame` made a loop (per frame
    its item header is checked and its bytes sliced, the common case inlined)."""
    raw = view.obj if type(view.obj) is bytes and len(view.obj) == len(view) else bytes(view)
    assert isinstance(raw, bytes)
    size, unpack, found = len(raw), _HEADER.unpack_from, []
    for offset, length in zip(offsets, lengths, strict=True):
        position = first + offset
        start = position + 8
        if start <= size:
            group, element, item_length = unpack(raw, position)
            if (group == 0xFFFE and element == 0xE000 and length <= item_length != _UNDEFINED
                    and start + length <= size):
                found.append(raw[start : start + length])
                continue
        found.append(_eot_frame(view, first, offset, length))
    return found


def _bot_groups(values: list[memoryview], starts: list[int], first: int,
                bot: list[int]) -> list[list[memoryview]]:
    """Frames by the Basic Offset Table: each offset must start a fragment item, in order."""
    index = {start - first: i for i, start in enumerate(starts)}
    bounds: list[int] = []
    for offset in bot:
        found = index.get(offset)
        if found is None:
            msg = f"Basic Offset Table offset {offset} does not start a fragment item"
            raise DecodeError(msg, offset=first + offset)
        bounds.append(found)
    bounds.append(len(values))
    if any(a >= b for a, b in itertools.pairwise(bounds)):
        msg = f"Basic Offset Table offsets {bot} do not increase"
        raise DecodeError(msg, offset=0)
    return [values[a:b] for a, b in itertools.pairwise(bounds)]


def _warn(message: str) -> None:
    logger.warning(message)
    warnings.warn(message, DicomWarning, stacklevel=4)


def _by_end_markers(values: list[memoryview], number_of_frames: int,
                    one: bool = False) -> Iterator[list[memoryview]]:
    """pydicom 3's last resort: a frame ends at a fragment with FFD9 in its last 10 bytes;
    more frames than expected are kept, and a leftover or a shortfall is warned about
    as it is reached (lazily, as pydicom does)."""
    current: list[memoryview] = []
    found = 0
    for value in values:
        current.append(value)
        if _END_MARKER in bytes(value[-10:]):
            yield current
            found += 1
            current = []
    if current:
        if one:  # get_frame's words (pydicom's)
            _warn("The end of the encapsulated pixel data has been reached but no JPEG EOI/EOC "
                  "marker was found, the returned frame data may be invalid")
        elif found >= number_of_frames:
            _warn("The end of the encapsulated pixel data has been reached but no JPEG EOI/EOC "
                  "marker was found, the final frame may be be invalid")
        else:
            _warn("The end of the encapsulated pixel data has been reached but fewer frames "
                  "than expected have been found. Please confirm that the generated frame "
                  "data is correct")
        yield current
    elif found < number_of_frames and not one:
        _warn("The end of the encapsulated pixel data has been reached but fewer frames than "
              "expected have been found")


def _untabled_groups(values: list[memoryview], number_of_frames: int | None,
                     one: bool = False) -> Iterator[list[memoryview]] | list[list[memoryview]]:
    """Frames when neither offset table has values: one fragment is one frame; else with
    ``number_of_frames``: one fragment each, all in one, the core's frame start markers,
    pydicom's end markers.  ``one``: for get_frame (pydicom's words there)."""
    if len(values) == 1:
        return [values]
    if not number_of_frames:
        table = "basic or extended offset table data" if one else "Basic or Extended Offset Table"
        msg = ("Unable to determine the frame boundaries for the encapsulated pixel data as "
               f"there is no {table} and the number of frames has not been supplied")
        raise ValueError(msg)
    if len(values) == number_of_frames:
        return [[value] for value in values]
    if number_of_frames == 1:
        return [values]
    if len(values) < number_of_frames and not one:  # get_frame looks for end markers
        msg = ("Unable to generate frames from the encapsulated pixel data as there are fewer "
               "fragments than frames; the dataset may be corrupt or the number of frames may "
               "be incorrect")
        raise ValueError(msg)
    # Every frame start marker begins with FF or 00: look closer only at those fragments.
    heads = [i for i, value in enumerate(values)
             if value and value[0] in (0x00, 0xFF) and _core._starts_frame(value)]
    if heads and heads[0] == 0 and len(heads) == number_of_frames:
        heads.append(len(values))
        return [values[a:b] for a, b in itertools.pairwise(heads)]
    return _by_end_markers(values, number_of_frames, one)


def _frames(buffer: Buffer, number_of_frames: int | None,
            extended_offsets: ExtendedOffsets | None,
            endianness: str) -> tuple[Iterable[list[memoryview]], list[bytes] | None]:
    """Each frame's fragments, or (by the Extended Offset Table) each frame's bytes."""
    little = _little(endianness)
    view, fp, start = _load(buffer, little, with_bot=True)
    bot, first = _basic_offset_table(view)
    if extended_offsets:
        offsets, lengths = _eot_columns(extended_offsets, little)
        if fp is not None:
            fp.seek(start + len(view))
        return [], _eot_frames(view, first, offsets, lengths)
    values, starts, end = _walk(view, first)
    groups: Iterable[list[memoryview]]
    if bot:
        groups = _bot_groups(values, starts, first, bot)
    else:
        groups = _untabled_groups(values, number_of_frames)
    if fp is not None:
        fp.seek(start + end)
    return groups, None


def generate_fragmented_frames(
    buffer: Buffer,
    *,
    number_of_frames: int | None = None,
    extended_offsets: ExtendedOffsets | None = None,
    endianness: str = "<",
) -> Iterator[tuple[bytes, ...]]:
    """Yield each frame as the tuple of its fragments, ``buffer`` being at the Basic Offset Table.

    Frames are found by the Extended Offset Table (``extended_offsets``: the values of
    (7FE0,0001) and (7FE0,0002), as bytes or numbers), else by the Basic Offset Table,
    else (``number_of_frames`` needed when there are several fragments): one fragment
    per frame, all in one frame, JPEG / JPEG 2000 frame start markers, or pydicom's end
    markers (which may find more frames than ``number_of_frames``, with a warning).
    ValueError when the frames cannot be found or the data is malformed.
    """
    groups, whole = _frames(buffer, number_of_frames, extended_offsets, endianness)
    if whole is not None:
        for frame in whole:
            yield (frame,)
    for group in groups:
        yield tuple([bytes(fragment) for fragment in group])


def generate_frames(
    buffer: Buffer,
    *,
    number_of_frames: int | None = None,
    extended_offsets: ExtendedOffsets | None = None,
    endianness: str = "<",
) -> Iterator[bytes]:
    """Yield each frame as ``bytes`` (its fragments joined); frames found as in
    :func:`generate_fragmented_frames`."""
    groups, whole = _frames(buffer, number_of_frames, extended_offsets, endianness)
    if whole is not None:
        yield from whole
    for group in groups:
        yield b"".join(group)


def _bot_frame(view: memoryview, first: int, bot: list[int], index: int) -> list[memoryview]:
    """Frame ``index``'s fragments by the Basic Offset Table, reading only its own items."""
    offset = first + bot[index]
    end = first + bot[index + 1] if index + 1 < len(bot) else len(view)
    if end > len(view) or offset > end:
        msg = f"Basic Offset Table offsets {bot[index:index + 2]} lie outside the data"
        raise DecodeError(msg, offset=offset)
    try:
        values, _, after = _walk(view[:end], offset)
    except DecodeError as exc:  # an item overruns the next frame's offset, or worse
        msg = (f"Basic Offset Table offsets {bot[index:index + 2]} do not start fragment "
               f"items: {exc.problem}")
        raise DecodeError(msg, offset=exc.offset) from None
    if index + 1 < len(bot) and after != end:
        msg = f"Basic Offset Table offset {bot[index + 1]} does not start a fragment item"
        raise DecodeError(msg, offset=end)
    return values


def get_frame(
    buffer: Buffer,
    index: int,
    *,
    extended_offsets: ExtendedOffsets | None = None,
    number_of_frames: int | None = None,
    endianness: str = "<",
) -> bytes:
    """Frame ``index`` (from 0) as ``bytes``, found as :func:`generate_fragmented_frames`
    finds it; with either offset table only that frame's items are read.  A file object
    is left where it was.  ValueError for an index past the frames (or negative)."""
    little = _little(endianness)
    if index < 0:
        msg = f"The frame 'index' must be 0 or more, not {index}"
        raise ValueError(msg)
    view, fp, start = _load(buffer, little, with_bot=True)
    try:
        bot, first = _basic_offset_table(view)
        if extended_offsets:
            count, offset, length = _eot_entry(extended_offsets, index, little)
            if index >= count:
                msg = (f"There aren't enough offsets in the Extended Offset Table for "
                       f"{index + 1} frames")
                raise ValueError(msg)
            return _eot_frame(view, first, offset, length)
        if bot:
            if index >= len(bot):
                msg = f"There aren't enough offsets in the Basic Offset Table for {index + 1} frames"
                raise ValueError(msg)
            return b"".join(_bot_frame(view, first, bot, index))
        values = _walk(view, first)[0]
        for number, group in enumerate(_untabled_groups(values, number_of_frames, one=True)):
            if number == index:
                return b"".join(group)
        # Past the frames: pydicom's words for each case.
        if len(values) == 1:
            msg = "Found 1 frame fragment in the encapsulated pixel data, 'index' must be 0"
        elif len(values) == number_of_frames:
            msg = (f"Found {len(values)} frame fragments in the encapsulated pixel data, "
                   f"an 'index' of {index} is invalid")
        elif number_of_frames == 1:
            msg = "The 'index' must be 0 if the number of frames is 1"
        else:
            msg = f"There is insufficient pixel data to contain {index + 1} frames"
        raise ValueError(msg)
    finally:
        if fp is not None:
            fp.seek(start)

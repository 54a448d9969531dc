"""The read-time check of what is inside sequences.

Strategy: the reader reads a sequence's items only when its value is first asked
for (and skips defined-length sequences without looking inside), so what is
wrong inside them would be found, and warned about, late or never.  To report
it during ``read()`` without building what nobody asked for, the reader calls
:func:`_walk` (bound to ``reader.walk_sequence``) on each top-level sequence as
it meets it: a walk of the element and item headers inside (one ``struct`` unpack
per header, an explicit stack, no Element, no Dataset) that answers one question:
would the reader find anything to report here?  The walk is deliberately more
suspicious than the reader (a doubt costs time, never a wrong report).  When it
doubts, the reader notes the tag, and :func:`check_sequences` reads that
sequence for real once the level is read, every nested sequence included, so the
reader's own code records (or, strictly, raises) exactly what it finds; the items
so read are kept by their elements, as any first access keeps them.  For an
undefined-length sequence the walk also finds the end, in place of the reader's
scan.  ``tests/codec/test_read_warnings.py`` holds the walk to its promise: after
``read()``, reading every value finds no structural problem the log lacks.

Text that its character set cannot decode is not looked for here: a value's
text is decoded when it is first asked for, and the warning then is recorded in
the same file's log (docs/architecture.md, "Leniency", has the measurements).
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Final

from typeddcm._traverse import reads_as_sequence
from typeddcm.codec import reader
from typeddcm.codec._level import MAX_DEPTH, Level
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.reader import (
    ITEM,
    ITEM_DELIMITER,
    SEQUENCE_DELIMITER,
    UNDEFINED,
    RawValue,
    implicit_vr,
)
from typeddcm.dictionary import dictionary_vr
from typeddcm.errors import DecodeError, StructureWarning
from typeddcm.vr import SQ

if TYPE_CHECKING:
    from typeddcm._persistent import SortedMap
    from typeddcm.element import Element
    from typeddcm.tag import Tag

__all__ = ["check_sequences", "read_checked"]

_CHARSET_TAG: Final = 0x00080005
_PIXEL_DATA: Final = 0x7FE00010
_SHORT: Final = {vr.encode(): vr for vr in ("AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS",
                                     "LO", "LT", "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL",
                                     "US")}
_LONG: Final = {vr.encode(): vr for vr in ("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN",
                                    "UR", "UT", "UV")}
_PLAIN: Final = frozenset(_SHORT)
_NO_CREATORS: Final[dict[int, str]] = {}  # explicit VR items: never written to
# By byte order: an explicit VR header, a tag and a 32-bit length (an item header, or an
# implicit VR header), a 32-bit length.
_UNPACKERS: Final = {little: (struct.Struct(f"{order}HH2sH").unpack_from,
                       struct.Struct(f"{order}HHI").unpack_from,
                       struct.Struct(f"{order}I").unpack_from)
              for little, order in ((True, "<"), (False, ">"))}
_IMPLICIT: Final = _UNPACKERS[True][1]  # implicit VR is little endian

# What the walk is in: items of a sequence (defined length, or up to its delimiter),
# elements of an item (likewise), or the fragments of encapsulated pixel data.
_SEQUENCE, _OPEN_SEQUENCE, _FRAGMENTS, _ITEM, _OPEN_ITEM = range(5)


def read_checked(level: Level, start: int, end: int) -> tuple[SortedMap[Tag, Element], int]:
    """Read the top ``level`` from ``start`` to ``end`` and (``options.check``) check the
    sequences in it: its store, and the offset just past what was read."""
    if level.options.check:
        level.sequences = []
    elements, consumed, _ = reader.read_level(level, start, end, until_item_delimiter=False)
    store = reader.make_store(elements, level, start)
    if level.sequences:
        check_sequences(level, store)
    return store, consumed


def check_sequences(level: Level, store: SortedMap[Tag, Element]) -> None:
    """Read for real the sequences of the top ``level`` that the walk doubted
    (``level.sequences``, filled by the reader), now that they are in ``store``.

    Their warnings go to the log; under ``level``'s ``strict`` the first problem
    raises ``DecodeError``.
    """
    tags = level.sequences
    if not tags:
        return
    strict = level.options.strict
    for tag in dict.fromkeys(tags):
        elem = store.get(tag)  # an int key: no Tag to build
        if elem is None:
            continue
        raw = elem._raw
        if isinstance(raw, RawValue) and reads_as_sequence(raw.vr, tag):  # (not a repeated tag's)
            _read_everything(elem, level, strict)


def _read_everything(elem: Element, level: Level, strict: bool) -> None:
    """Decode ``elem`` and every sequence nested in it (the reader records what it finds)."""
    pending = [elem]
    while pending:
        current = pending.pop()
        try:
            vr = current.vr
        except DecodeError as exc:  # nested too deep: raised on access whatever the mode
            if strict:
                raise
            level.log.add(StructureWarning, exc.problem, exc.path or level.label, exc.offset,
                          exc.tag)
            continue
        if isinstance(vr, SQ):
            for item in vr.values:
                for child in item.elements():
                    raw = child._raw
                    if isinstance(raw, RawValue) and reads_as_sequence(raw.vr, child.tag):
                        pending.append(child)


def _walk(level: Level, start: int, end: int, open_top: bool, as_un: bool) -> int:
    """Walk the items of the sequence value from ``start`` in ``level``: defined-length up
    to ``end``, or (``open_top``) up to its delimiter, before ``end``.

    Returns where the value ends (past the delimiter for ``open_top``) when it holds
    nothing the reader would report, or -1 for a doubt (not a finding: anything
    unusual is one).  The items are in the level's encoding, or (``as_un``: a UN
    value whose dictionary VR is SQ) implicit VR little endian, as the decoder reads
    them.  The ends of the undefined-length values inside a clean value go to
    ``level.sequence_ends``, where the reader's scan would put them.
    """
    odd = 1 if level.options.strict else 0  # an odd length is only reported strictly
    if as_un:
        implicit = little = True
    else:
        enc = level.encoding
        implicit, little = enc.implicit_vr, enc.little_endian
    buf = level.buffer
    outer_little = little
    explicit_header, tag_length, u32 = _UNPACKERS[little]
    implicit_header = _IMPLICIT
    plain = _PLAIN
    # Frames of the sequences and items around the walk: kind, limit, last tag, creators,
    # implicit VR (which a UN sequence turns on).
    stack: list[tuple[int, int, int, dict[int, str], bool]] = []
    opened: list[int] = [start] if open_top else []  # where each open value being walked starts
    ends: list[tuple[int, int, int]] = []  # for level.sequence_ends, if the walk is clean
    kind = _OPEN_SEQUENCE if open_top else _SEQUENCE
    limit = end
    last = 0  # the last tag of the item being walked (tags must ascend)
    creators = _NO_CREATORS  # an item's private creators, which implicit VR needs
    depth = level.depth + 1  # the depth of the items being walked
    # Declared: struct gives Any, and typed ints let mypyc compile the arithmetic to C.
    group: int
    elem_no: int
    length: int
    code: bytes
    pos = start
    while True:
        if kind < _ITEM:  # a sequence value: items (or fragments) come next
            if pos + 8 > limit:
                if kind != _SEQUENCE or pos != limit:
                    return -1  # cut short, or an undefined length with no delimiter
            else:
                group, elem_no, length = tag_length(buf, pos)
                tag = (group << 16) | elem_no
                if tag == ITEM:
                    if kind == _FRAGMENTS:
                        pos += 8 + length
                        if length == UNDEFINED or pos > limit:
                            return -1
                        continue
                    if depth >= MAX_DEPTH:
                        return -1
                    pos += 8
                    item_last = 0
                    if length != UNDEFINED and not implicit:
                        # Most items hold plain elements only: walked here, with no frame.
                        item_end = pos + length
                        if item_end > limit:
                            return -1
                        while pos + 8 <= item_end:
                            group, elem_no, code, length = explicit_header(buf, pos)
                            tag = (group << 16) | elem_no
                            if not item_last < tag < 0xFFFE0000 or code not in plain or (
                                    length & odd or tag == _CHARSET_TAG):
                                break
                            item_last = tag
                            pos += 8 + length
                        if pos == item_end:
                            continue  # the next item
                        if pos > item_end:
                            return -1
                        length = item_end - pos  # the rest of the item, walked with a frame
                    stack.append((kind, limit, last, creators, implicit))
                    depth += 1
                    last = item_last
                    creators = {} if implicit else _NO_CREATORS
                    if length == UNDEFINED:
                        kind = _OPEN_ITEM
                    else:
                        kind = _ITEM
                        if pos + length > limit:
                            return -1
                        limit = pos + length
                    continue
                if tag != SEQUENCE_DELIMITER or kind == _SEQUENCE or length:
                    return -1
                pos += 8
                ends.append((opened.pop() * 2 + implicit, pos - 8, pos))
            # The sequence is complete: back to the item holding it.
            if not stack:
                cache = level.sequence_ends
                for key, delimiter, after in ends:
                    cache[key] = (delimiter, after)
                return pos
            kind, limit, last, creators, was_implicit = stack.pop()
            if was_implicit != implicit:  # the end of a UN sequence
                implicit = was_implicit
                little = True if implicit else outer_little
                explicit_header, tag_length, u32 = _UNPACKERS[little]
            continue
        # An item: its elements come next.  First, in explicit VR, the plain elements
        # (short VRs, as most are) in a tight loop.
        if not implicit:
            while pos + 8 <= limit:
                group, elem_no, code, length = explicit_header(buf, pos)
                tag = (group << 16) | elem_no
                if not last < tag < 0xFFFE0000 or code not in plain or length & odd or (
                        tag == _CHARSET_TAG):
                    break  # the general path below decides
                last = tag
                pos += 8 + length
            if pos > limit:
                return -1  # a value runs past the item
        if pos + 8 > limit:
            if kind != _ITEM or pos != limit:
                return -1
            kind, limit, last, creators, implicit = stack.pop()  # back to the sequence
            depth -= 1
            continue
        if implicit:
            group, elem_no, length = implicit_header(buf, pos)
            code = b""
        else:
            group, elem_no, code, length = explicit_header(buf, pos)
        tag = (group << 16) | elem_no
        if group == 0xFFFE:
            if tag != ITEM_DELIMITER or kind != _OPEN_ITEM:
                return -1
            pos += 8
            kind, limit, last, creators, implicit = stack.pop()
            depth -= 1
            continue
        if tag <= last:
            return -1  # out of order, repeated, or (0000,0000) (padding?)
        last = tag
        if implicit:
            vr = implicit_vr(level, tag, creators)
            value_start = pos + 8
        elif code in plain:
            vr = _SHORT[code]
            value_start = pos + 8
        else:
            found = _LONG.get(code)
            if found is None or pos + 12 > limit:
                return -1  # an odd VR code, or a header cut short
            vr = found
            length = u32(buf, pos + 8)[0]
            value_start = pos + 12
        if length == UNDEFINED:
            if tag == _PIXEL_DATA or vr == "OB" or vr == "OW":
                new_kind = _FRAGMENTS
            elif implicit or vr == "SQ" or vr == "UN":
                new_kind = _OPEN_SEQUENCE
            else:
                return -1
            stack.append((kind, limit, last, creators, implicit))
            opened.append(value_start)
            kind = new_kind
            pos = value_start
            continue
        if length & odd:
            return -1
        value_end = value_start + length
        if value_end > limit:
            return -1
        if tag == _CHARSET_TAG:
            terms = bytes(buf[value_start:value_end]).decode("ascii", "replace")
            if CharacterSet.from_terms(terms.strip(" \x00")).warnings:
                return -1
        elif implicit and group & 1 and 0x0010 <= elem_no <= 0x00FF:
            creators[(group << 8) | elem_no] = (
                bytes(buf[value_start:value_end]).decode("latin-1").strip(" \x00"))
        if vr == "SQ":
            stack.append((kind, limit, last, creators, implicit))
            kind = _SEQUENCE
            limit = value_end
            pos = value_start
            continue
        if vr == "UN" and not implicit and not group & 1 and dictionary_vr(tag) == "SQ":
            # Read as implicit VR little endian (PS3.5 6.2.2), as the decoder does.
            stack.append((kind, limit, last, creators, implicit))
            kind = _SEQUENCE
            limit = value_end
            pos = value_start
            implicit = little = True
            explicit_header, tag_length, u32 = _UNPACKERS[True]
            continue
        pos = value_end


reader.walk_sequence = _walk

"""Reading a dataset level: element headers now, values on first access.

Strategy: :func:`read_level` walks element headers with precompiled ``struct``
objects over a ``memoryview`` and makes one lazy :class:`~typeddcm.element.Element`
per data element, holding a :class:`RawValue` (offsets into the buffer).  No value
is copied or decoded here.  Defined-length sequences are skipped without looking
inside; undefined-length ones are scanned (headers only) to find their end.  A
value is decoded, once, when someone reads it; a sequence's items are read then.

Leniency (``strict=False``, the default) follows real-world files: implicit VR
elements inside explicit VR data, unknown VR codes, odd lengths, truncation (what
was read is kept, with a warning), stray delimiters.  ``strict=True`` makes each
of these a :class:`~typeddcm.errors.DecodeError`.  Every error names the byte
offset and the tag path.  Warnings are not issued here: each is recorded in the
read's :class:`~typeddcm.codec._level.ReadLog` (``level.log``), which ``read()``
issues and the file keeps.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from typeddcm._persistent import SortedMap
from typeddcm.codec._level import MAX_DEPTH, Encoding, Level
from typeddcm.codec.charset import CharacterSet
from typeddcm.dataset import Dataset
from typeddcm.dictionary import dictionary_vr, private_lookup
from typeddcm.element import COMPILED as ELEMENT_COMPILED
from typeddcm.element import Element, element_builders
from typeddcm.errors import CharacterSetWarning, DecodeError, StructureWarning
from typeddcm.tag import Tag, tag_text

if TYPE_CHECKING:
    from typeddcm.vr import AnyVR

__all__ = ["Origin", "RawValue", "read_level", "read_items"]

ITEM: Final = 0xFFFEE000
ITEM_DELIMITER: Final = 0xFFFEE00D
SEQUENCE_DELIMITER: Final = 0xFFFEE0DD
UNDEFINED: Final = 0xFFFFFFFF
_CHARSET_TAG: Final = 0x00080005
_PIXEL_REPRESENTATION: Final = 0x00280103
_BITS_ALLOCATED: Final = 0x00280100
_PIXEL_DATA: Final = 0x7FE00010

LONG_VRS: Final = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
SHORT_VRS: Final = frozenset({"AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT",
                       "PN", "SH", "SL", "SS", "ST", "TM", "UI", "UL", "US"})  # fmt: skip
_LONG_BYTES: Final = {vr.encode(): vr for vr in LONG_VRS}
_SHORT_BYTES: Final = {vr.encode(): vr for vr in SHORT_VRS}

_LE_EXPLICIT: Final = struct.Struct("<HH2sH")
_BE_EXPLICIT: Final = struct.Struct(">HH2sH")
_LE_IMPLICIT: Final = struct.Struct("<HHI")
_BE_IMPLICIT: Final = struct.Struct(">HHI")
_LE_TAG: Final = struct.Struct("<HH")
_BE_TAG: Final = struct.Struct(">HH")
_LE_U32: Final = struct.Struct("<I")
_BE_U32: Final = struct.Struct(">I")
_LE_U16: Final = struct.Struct("<H")
_BE_U16: Final = struct.Struct(">H")

# Tags the reader looks at while reading (the rest only get a record).
_WATCHED: Final = frozenset({_CHARSET_TAG, _PIXEL_REPRESENTATION, _BITS_ALLOCATED, _PIXEL_DATA})
_NESTING: Final = frozenset({"SQ", "UN"})  # VRs whose defined-length value may hold items
_ELEMENT_BUILDERS: Final = element_builders()

# Tags repeat across levels and files: one Tag object per value saves an allocation.
_TAGS: Final[dict[int, Tag]] = {}


def _tag(value: int) -> Tag:
    found = _TAGS.get(value)
    if found is None:
        found = int.__new__(Tag, value)
        if len(_TAGS) < 100_000:
            _TAGS[value] = found
    return found


def _path(level: Level, tag: int | None) -> str:
    return level.path if tag is None else f"{level.path}{tag_text(tag)}"


_new: Final = object.__new__
_set: Final = object.__setattr__


def new_dataset(store: SortedMap[Tag, Element], origin: Origin | None) -> Dataset:
    """``Dataset._from_store(store, origin)`` inlined: it is interpreted, and runs per item."""
    dataset: Dataset = _new(Dataset)
    _set(dataset, "_store", store)
    _set(dataset, "_hash", None)
    _set(dataset, "_origin", origin)
    return dataset


class Origin:
    """Where a dataset level came from: its bytes may be reused while it is unchanged."""

    __slots__ = ("store", "buffer", "start", "end", "body_start", "body_end",
                 "undefined_length", "encoding")

    def __init__(self, store: SortedMap[Tag, Element], buffer: memoryview, start: int, end: int,
                 undefined_length: bool, encoding: Encoding,
                 body: tuple[int, int] | None = None) -> None:
        self.store = store
        self.buffer = buffer
        self.start = start  # first byte (for an item: its item tag)
        self.end = end  # one past the last byte (for an item: past its delimiter if any)
        # The elements alone (an item without its header and delimiter).
        self.body_start, self.body_end = body if body is not None else (start, end)
        self.undefined_length = undefined_length
        self.encoding = encoding


class RawValue:
    """One element as read: offsets into the level's buffer, and how to decode it."""

    __slots__ = ("level", "encoding", "start", "value_start", "value_end", "end", "vr")

    def __init__(self, level: Level, encoding: Encoding, start: int, value_start: int,
                 value_end: int, end: int, vr: str) -> None:
        self.level = level
        self.encoding = encoding
        self.start = start  # the element's first header byte
        self.value_start = value_start
        self.value_end = value_end  # for undefined length: where the delimiter starts
        self.end = end  # one past the element, delimiter included
        self.vr = vr  # the VR the value is decoded as (as read, or chosen for implicit VR)

    @property
    def bytes(self) -> memoryview:
        """The element exactly as encoded: header, value and any delimiter."""
        return self.level.buffer[self.start : self.end]

    def decode(self, tag: Tag) -> AnyVR:
        return _decoder(self, tag)


def _warn_or_raise(level: Level, message: str, offset: int, tag: int | None) -> None:
    path = _path(level, tag)
    if level.options.strict:
        raise DecodeError(message, offset=offset, tag=tag, path=path)
    level.log.add(StructureWarning, message, path or level.label, offset, tag)


def implicit_vr(level: Level, tag: int, creators: dict[int, str]) -> str:
    """The VR of an implicit VR element: dictionary, private dictionary, context (PS3.5 A.1)."""
    group = tag >> 16
    if group & 1 and group > 0x0008:
        element = tag & 0xFFFF
        if 0x0010 <= element <= 0x00FF:
            return "LO"
        if element == 0:
            return "UL"
        creator = creators.get((group << 8) | (element >> 8))
        if creator is not None:
            entry = private_lookup(creator, group, element & 0xFF)
            if entry is not None and entry.vr in VALID_VRS:
                return entry.vr
        return "UN"
    vr = dictionary_vr(tag)
    if not vr:
        return "UL" if (tag & 0xFFFF) == 0 else "UN"
    if " or " in vr:
        return resolve_ambiguous(level, tag, vr)
    return vr


VALID_VRS: Final = LONG_VRS | SHORT_VRS


def resolve_ambiguous(level: Level, tag: int, vr: str) -> str:
    """Pick one of "US or SS", "OB or OW", "US or OW", "US or SS or OW" from context."""
    choices = vr.split(" or ")
    if tag == _PIXEL_DATA or (tag >> 16) in range(0x6000, 0x6020, 2):
        # Implicit VR pixel and overlay data are OW (PS3.5 A.1 and 8.1.2).
        return "OW"
    if "US" in choices and "SS" in choices:
        return "SS" if level.pixel_representation == 1 else "US"
    if "OW" in choices and "OB" in choices:
        return "OW" if (level.bits_allocated or 16) > 8 else "OB"
    if "US" in choices:
        return "US"
    return choices[0]


def read_level(
    level: Level, start: int, end: int, *, until_item_delimiter: bool
) -> tuple[list[Element], int, bool]:
    """Read the elements of one level from ``start``.

    Stops at ``end``, or at an item delimiter when ``until_item_delimiter``.
    Returns the elements, the offset just past what was consumed (past the item
    delimiter when one ended the level) and whether a delimiter was found.
    """
    buf = level.buffer
    enc = level.encoding
    little = enc.little_endian
    u32 = _LE_U32 if little else _BE_U32
    u16 = _LE_U16 if little else _BE_U16
    # One unpack per header: tag, VR bytes and short length (explicit), or tag and length.
    explicit_header = (_LE_EXPLICIT if little else _BE_EXPLICIT).unpack_from
    implicit_header = (_LE_IMPLICIT if little else _BE_IMPLICIT).unpack_from
    implicit = enc.implicit_vr
    options = level.options
    wanted = options.specific_tags if level.depth == 0 else None
    strict = options.strict
    stop_at_pixels = options.stop_before_pixels and level.depth == 0
    sequences = level.sequences  # a list on the top level when its sequences are checked
    short_vr = _SHORT_BYTES.get
    long_vr = _LONG_BYTES.get
    cached_tag = _TAGS.get
    new_object, set_tag, set_vr, set_raw, set_undefined = _ELEMENT_BUILDERS
    native = ELEMENT_COMPILED
    elements: list[Element] = []
    append = elements.append
    creators: dict[int, str] = {}
    charset_read = False
    # Declared: struct gives Any, and typed ints let mypyc compile the arithmetic to C.
    group: int
    elem_no: int
    length: int
    code: bytes
    pos = start
    while pos < end:
        if end - pos < 8:
            _warn_or_raise(level, f"{end - pos} stray bytes where an element header should be",
                           pos, None)
            return elements, end, False
        if implicit:
            group, elem_no, length = implicit_header(buf, pos)
            code = b""
        else:
            group, elem_no, code, length = explicit_header(buf, pos)
        tag = (group << 16) | elem_no
        if tag == 0 and bytes(buf[pos:end]) == bytes(end - pos):
            # Zero bytes to the end: padding after the dataset (kept for writing).
            _warn_or_raise(level, f"{end - pos} zero bytes of padding after the data", pos, None)
            return elements, pos, False
        if group == 0xFFFE:
            if tag == ITEM_DELIMITER and until_item_delimiter:
                return elements, pos + 8, True
            _warn_or_raise(level, f"unexpected delimiter {Tag(tag)}", pos, tag)
            pos += 8
            continue
        if implicit:
            vr = implicit_vr(level, tag, creators)
            value_start = pos + 8
            vr_in_header = False
        else:
            vr_in_header = True
            found = short_vr(code)
            if found is not None:
                vr = found
                value_start = pos + 8
            else:
                found = long_vr(code)
                if found is not None:
                    vr = found
                    if end - pos < 12:
                        _warn_or_raise(level, "element header cut short", pos, tag)
                        return elements, end, False
                    length = u32.unpack_from(buf, pos + 8)[0]
                    value_start = pos + 12
                else:
                    vr, length, value_start = _odd_header(level, buf, pos, end, tag, code,
                                                          creators, u16, u32)
                    vr_in_header = vr == "UN"
        if length == UNDEFINED:
            span = None
            if tag == _PIXEL_DATA or vr in ("OB", "OW"):
                # Encapsulated pixel data (PS3.5 A.4): OB, though files say OW too.
                vr = vr if vr_in_header and vr in ("OB", "OW") else "OB"
            else:
                if vr not in ("SQ", "UN") and not implicit:
                    _warn_or_raise(level, f"undefined length for VR {vr}", pos, tag)
                vr = "SQ"  # an undefined length means a sequence (UN: PS3.5 6.2.2)
                if sequences is not None:
                    # Checked at read time: one walk checks the items and finds the end.
                    after = walk_sequence(level, value_start, end, True, False)
                    if after < 0:
                        sequences.append(tag)  # in doubt: read for real after this level
                    else:
                        span = (after - 8, after)
            if span is None:
                span = find_sequence_end(level, value_start, end, tag)
            value_end, elem_end = span
            undefined = True
        else:
            value_end = elem_end = value_start + length
            undefined = False
            if length & 1 and strict:
                raise DecodeError(f"odd value length {length} (PS3.5 7.1.1 requires even)",
                                  offset=pos, tag=tag, path=_path(level, tag))
            if value_end > end:
                # Keep what is there (a truncated file's last value), never allocate more.
                _warn_or_raise(
                    level, f"value length {length} runs past the end of the data "
                    f"({end - value_start} bytes remain)", pos, tag)
                value_end = elem_end = max(end, value_start)
            if vr in _NESTING:
                if vr == "SQ":
                    if (sequences is not None and value_end - value_start <= CHECK_SIZE_LIMIT
                            and walk_sequence(level, value_start, value_end, False, False) < 0):
                        sequences.append(tag)  # in doubt: read for real after this level
                elif not implicit and options.replace_un:
                    # A UN value whose VR the (private) dictionary knows is decoded as that
                    # VR, as pydicom does; a sequence stays UN here and is read as implicit VR.
                    known = implicit_vr(level, tag, creators)
                    if known not in ("UN", "SQ"):
                        vr = known
                    elif known == "SQ" and sequences is not None and not group & 1 and (
                            value_end - value_start <= CHECK_SIZE_LIMIT
                            and walk_sequence(level, value_start, value_end, False, True) < 0):
                        sequences.append(tag)
        if tag in _WATCHED or group & 1:
            if tag == _CHARSET_TAG and not charset_read:
                # The first one only: a repeat is dropped from the store (first wins).
                charset_read = True
                terms = bytes(buf[value_start:value_end]).decode("ascii", "replace")
                charset = CharacterSet.from_terms(terms.strip(" \x00"))
                if charset.warnings:
                    _charset_warnings(level, charset.warnings, pos)
                enc = enc.with_charset(charset)
                level.encoding = enc
            elif tag == _PIXEL_REPRESENTATION and value_end - value_start >= 2:
                level.pixel_representation = u16.unpack_from(buf, value_start)[0]
            elif tag == _BITS_ALLOCATED and value_end - value_start >= 2:
                level.bits_allocated = u16.unpack_from(buf, value_start)[0]
            elif group & 1 and 0x0010 <= elem_no <= 0x00FF and not undefined:
                creators[(group << 8) | elem_no] = (
                    bytes(buf[value_start:value_end]).decode("latin-1").strip(" \x00"))
            elif stop_at_pixels and tag == _PIXEL_DATA:
                return elements, pos, False
        if wanted is None or tag in wanted:
            tag_object = cached_tag(tag)
            if tag_object is None:
                tag_object = _tag(tag)
            raw = RawValue(level, enc, pos, value_start, value_end, elem_end, vr)
            if native:  # mypyc-compiled Element: its constructor is the fast way
                append(Element(tag_object, None, raw, undefined))
            else:  # Element._lazy, inlined: this runs once per element of every file read
                element = new_object(Element)
                set_tag(element, tag_object)
                set_vr(element, None)
                set_raw(element, raw)
                set_undefined(element, undefined)
                append(element)
        pos = elem_end
    return elements, pos, False


def _charset_warnings(level: Level, texts: tuple[str, ...], offset: int) -> None:
    # Never an error, strict or not: the terms are interpreted as pydicom does.
    path = f"{level.path}{Tag(_CHARSET_TAG)}"
    for text in texts:
        level.log.add(CharacterSetWarning, text, path, offset, _CHARSET_TAG)


def _odd_header(level: Level, buf: memoryview, pos: int, end: int, tag: int, code: bytes,
                creators: dict[int, str], u16: struct.Struct, u32: struct.Struct,
                ) -> tuple[str, int, int]:
    """An explicit VR header whose VR is not one of PS3.5's: decide how to read it."""
    if not (code.isalpha() and code.isupper()) and level.options.implicit_vr_switch:
        # Real files switch to implicit VR mid-dataset: the "VR" is length bytes.
        _warn_or_raise(level, f"implicit VR element in explicit VR data (VR bytes {code!r})",
                       pos, tag)
        return implicit_vr(level, tag, creators), u32.unpack_from(buf, pos + 4)[0], pos + 8
    # An unknown VR code (e.g. 'NO' for 'NONE'): PS3.5 7.1.2 gives new VRs the
    # 4-byte form, whose two reserved bytes are zero; otherwise take the 2-byte form.
    shown = code.decode() if code.isalpha() and code.isascii() else f"0x{code.hex()}"
    _warn_or_raise(level, f"unknown VR {shown!r}, read as UN", pos, tag)
    return ("UN", *_unknown_vr_length(buf, pos, end, u16, u32))


def _unknown_vr_length(buf: memoryview, pos: int, end: int, u16: struct.Struct,
                       u32: struct.Struct) -> tuple[int, int]:
    """(length, value start) of an element whose VR code is unknown: PS3.5 7.1.2 gives
    new VRs the 4-byte form, whose two reserved bytes are zero; else the 2-byte form."""
    if end - pos >= 12 and bytes(buf[pos + 6 : pos + 8]) == b"\x00\x00":
        length = u32.unpack_from(buf, pos + 8)[0]
        if length == UNDEFINED or pos + 12 + length <= end:
            return length, pos + 12
    return u16.unpack_from(buf, pos + 6)[0], pos + 8


def find_sequence_end(level: Level, pos: int, end: int, tag: int) -> tuple[int, int]:
    """Scan the items of an undefined-length value from ``pos`` to its sequence delimiter.

    Returns (where the delimiter starts, one past it).  Items of undefined length
    are scanned element by element; nesting is bounded by MAX_DEPTH.  A missing
    delimiter (truncated data) ends the value at ``end``.
    """
    buf = level.buffer
    little = level.encoding.little_endian
    implicit = int(level.encoding.implicit_vr)
    ends = level.sequence_ends
    found = ends.get(pos * 2 + implicit)  # keyed by offset and VR form
    if found is not None:
        return found
    tag_struct = _LE_TAG if little else _BE_TAG
    u32 = _LE_U32 if little else _BE_U32
    depth = level.depth + 1
    # An explicit stack instead of recursion: 10,000 nested sequences are data, not a crash.
    # A sequence frame is its value's start offset (>= 0); an item frame is _ITEM_FRAME.
    stack: list[int] = [pos]
    group: int  # typed for mypyc (struct gives Any)
    elem_no: int
    length: int
    while pos + 8 <= end:
        group, elem_no = tag_struct.unpack_from(buf, pos)
        item_tag = (group << 16) | elem_no
        length = u32.unpack_from(buf, pos + 4)[0]
        frame = stack[-1]
        if item_tag == SEQUENCE_DELIMITER:
            if frame != _ITEM_FRAME:
                stack.pop()
                ends[frame * 2 + implicit] = (pos, pos + 8)
                if not stack:
                    return pos, pos + 8
            pos += 8
            continue
        if item_tag == ITEM_DELIMITER:
            if frame == _ITEM_FRAME:
                stack.pop()
            pos += 8
            continue
        if item_tag == ITEM and frame != _ITEM_FRAME:
            if length == UNDEFINED:
                stack.append(_ITEM_FRAME)
                if len(stack) + depth > 2 * MAX_DEPTH:
                    raise DecodeError(f"sequences nested deeper than {MAX_DEPTH} levels",
                                      offset=pos, tag=tag, path=_path(level, tag))
                pos += 8
            else:
                pos += 8 + length
            continue
        if frame != _ITEM_FRAME:
            _warn_or_raise(level, f"{Tag(item_tag)} where a sequence item should be", pos, tag)
            return pos, pos
        # An element inside an undefined-length item: skip it, descending if needed.
        pos = _skip_element(level, pos, end, item_tag, stack, depth, tag)
    _warn_or_raise(level, "sequence delimiter missing (data truncated?)", pos, tag)
    return end, end


_ITEM_FRAME: Final = -1


def _skip_element(level: Level, pos: int, end: int, tag: int, stack: list[int], depth: int,
                  outer: int) -> int:
    buf = level.buffer
    little = level.encoding.little_endian
    u32 = _LE_U32 if little else _BE_U32
    u16 = _LE_U16 if little else _BE_U16
    if level.encoding.implicit_vr:
        length = u32.unpack_from(buf, pos + 4)[0]
        value_start = pos + 8
    else:
        code = bytes(buf[pos + 4 : pos + 6])
        if code in _SHORT_BYTES:
            length = u16.unpack_from(buf, pos + 6)[0]
            value_start = pos + 8
        elif code in _LONG_BYTES:
            if pos + 12 > end:
                return end
            length = u32.unpack_from(buf, pos + 8)[0]
            value_start = pos + 12
        elif code.isalpha() and code.isupper():  # an unknown VR: the form _odd_header reads
            length, value_start = _unknown_vr_length(buf, pos, end, u16, u32)
        else:
            length = u32.unpack_from(buf, pos + 4)[0]
            value_start = pos + 8
    if length == UNDEFINED:
        stack.append(value_start)
        if len(stack) + depth > 2 * MAX_DEPTH:
            raise DecodeError(f"sequences nested deeper than {MAX_DEPTH} levels",
                              offset=pos, tag=outer, path=_path(level, outer))
        return value_start
    return int(min(value_start + length, end))


def read_items(level: Level, sq_tag: int, start: int, end: int,
               encoding: Encoding | None = None) -> list[Dataset]:
    """The items of a sequence value between ``start`` and ``end``, as lazy datasets.

    ``encoding`` is the one the sequence was read under (items inherit its
    character set unless they declare their own).
    """
    if level.depth + 1 > MAX_DEPTH:
        raise DecodeError(f"sequences nested deeper than {MAX_DEPTH} levels", offset=start,
                          tag=sq_tag, path=_path(level, sq_tag))
    buf = level.buffer
    encoding = encoding or level.encoding
    little = encoding.little_endian
    tag_struct = _LE_TAG if little else _BE_TAG
    u32 = _LE_U32 if little else _BE_U32
    items: list[Dataset] = []
    pos = start
    base = f"{level.path}{tag_text(sq_tag)}"
    group: int  # typed for mypyc (struct gives Any)
    elem_no: int
    length: int
    while pos + 8 <= end:
        group, elem_no = tag_struct.unpack_from(buf, pos)
        item_tag = (group << 16) | elem_no
        length = u32.unpack_from(buf, pos + 4)[0]
        if item_tag == SEQUENCE_DELIMITER:
            break
        if item_tag != ITEM:
            _warn_or_raise(level, f"{Tag(item_tag)} where a sequence item should be", pos, sq_tag)
            break
        child = level.child(f"{base}[{len(items)}]", encoding)
        if length == UNDEFINED:
            elements, item_end, found = read_level(child, pos + 8, end,
                                                   until_item_delimiter=True)
            body_end = item_end - 8 if found else item_end
        else:
            item_end = pos + 8 + length
            if item_end > end:
                _warn_or_raise(level, f"item length {length} runs past its sequence", pos, sq_tag)
                item_end = end
            elements, _, _ = read_level(child, pos + 8, item_end, until_item_delimiter=False)
            body_end = item_end
        store = make_store(elements, child, pos)
        items.append(new_dataset(store, Origin(
            store, buf, pos, item_end, length == UNDEFINED, child.encoding, (pos + 8, body_end))))
        pos = item_end
    return items


def make_store(elements: list[Element], level: Level, offset: int) -> SortedMap[Tag, Element]:
    """The sorted store of a level; out-of-order or repeated tags are kept sorted, first wins."""
    tags = [e.tag for e in elements]
    # Both checks run in C: sorting sorted input is one linear pass.
    if tags == sorted(tags) and len(set(tags)) == len(tags):
        return SortedMap.from_sorted(tags, elements)
    _warn_or_raise(level, "elements out of ascending tag order (or repeated)", offset, None)
    first: dict[Tag, Element] = {}
    for elem in elements:
        first.setdefault(elem.tag, elem)
    return SortedMap.from_items(first.items())


def _decode_later(raw: RawValue, tag: Tag) -> AnyVR:
    # Bound at the first decode: _decode imports this module, so it cannot be imported
    # at the top.  Importing it makes RawValue.decode decode_raw itself (one call less
    # per value); the global serves a RawValue method looked up before that.
    global _decoder
    from typeddcm.codec._decode import decode_raw

    _decoder = decode_raw
    return decode_raw(raw, tag)


_decoder: Callable[[RawValue, Tag], AnyVR] = _decode_later


def _no_walk(level: Level, start: int, end: int, open_value: bool, as_un: bool) -> int:
    return -1


#: A defined-length sequence longer than this is not walked at read time: its items
#: are checked when first read (their warnings come then, naming the file and path).
#: Per-frame functional groups of an enhanced multi-frame image run to megabytes of
#: headers (8 ms of walking for 400 frames, where the whole lazy parse is 0.05 ms);
#: the code and reference sequences of ordinary files are far below it.
CHECK_SIZE_LIMIT: Final = 64 * 1024

#: The read-time check of a sequence value's items (see typeddcm.codec._check._walk):
#: (level, start, end, undefined length, a UN value read as implicit VR) -> where the
#: value ends, or -1 in doubt.  Bound by typeddcm.codec._check, which imports this
#: module (so this one cannot import it).
walk_sequence: Callable[[Level, int, int, bool, bool], int] = _no_walk

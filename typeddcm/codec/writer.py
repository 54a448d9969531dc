"""Encoding datasets and files: byte for byte where unchanged, conformant when asked.

Strategy: pieces are collected in a list and joined once.  With
``like_original=True`` a level (or item) that is unchanged since it was read is
copied as one slice of the source; in a changed level every element still read
from the source is copied as its original bytes, and only new or changed
elements (and the lengths that enclose them) are encoded.  Changed sequences keep
their undefined-length style.  ``like_original=False`` encodes everything from
the values, with explicit lengths and complete file meta information.
"""

from __future__ import annotations

import struct
import zlib
from typing import TYPE_CHECKING

from typeddcm.codec._level import Encoding
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.reader import LONG_VRS, Origin, RawValue
from typeddcm.codec.values import encode_value
from typeddcm.dataset import Dataset
from typeddcm.dictionary import lookup
from typeddcm.element import Element
from typeddcm.errors import EncodeError
from typeddcm.tag import Tag
from typeddcm.vr import OB, OW, SQ, UI, UL

if TYPE_CHECKING:
    from typeddcm.codec.part10 import FileSource
    from typeddcm.dicomfile import DicomFile

__all__ = ["IMPLEMENTATION_CLASS_UID", "IMPLEMENTATION_VERSION_NAME", "encode_dataset",
           "encode_file"]

#: Our Implementation Class UID (PS3.7 D.3.3.2), a UUID-derived UID under 2.25.
IMPLEMENTATION_CLASS_UID = "2.25.231370463217311935637384931063305094821"
IMPLEMENTATION_VERSION_NAME = "TYPEDDCM_010"

_ITEM = 0xFFFEE000
_ITEM_DELIMITER = 0xFFFEE00D
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_CHARSET_TAG = 0x00080005
_META_ENCODING = Encoding(True, False)


class _Packer:
    """Header packing for one byte order."""

    def __init__(self, little: bool) -> None:
        order = "<" if little else ">"
        self.short = struct.Struct(order + "HH2sH")
        self.long = struct.Struct(order + "HH2s2xI")
        self.implicit = struct.Struct(order + "HHI")


_PACKERS = {True: _Packer(True), False: _Packer(False)}


def _header(tag: int, code: str, length: int, enc: Encoding) -> bytes:
    packer = _PACKERS[enc.little_endian]
    group, element = tag >> 16, tag & 0xFFFF
    if enc.implicit_vr or group == 0xFFFE:
        return packer.implicit.pack(group, element, length)
    if code in LONG_VRS:
        return packer.long.pack(group, element, code.encode(), length)
    if length > 0xFFFF:
        msg = f"{Tag(tag)}: a {code} value of {length} bytes does not fit a 2-byte length"
        raise EncodeError(msg)
    return packer.short.pack(group, element, code.encode(), length)


_CHARSET_VRS = frozenset({"SH", "LO", "ST", "LT", "UC", "UT", "PN", "SQ"})


def _raw_fits(raw: RawValue, enc: Encoding) -> bool:
    """Whether an element's original bytes are right for ``enc``: same byte order and VR
    form, and the same character set where the value's VR depends on it."""
    have = raw.encoding
    if have.little_endian != enc.little_endian or have.implicit_vr != enc.implicit_vr:
        return False
    return have.charset == enc.charset or raw.vr not in _CHARSET_VRS


def _same_encoding(a: Encoding, b: Encoding) -> bool:
    return (a.little_endian == b.little_endian and a.implicit_vr == b.implicit_vr
            and a.charset == b.charset)


def encode_dataset(ds: Dataset, enc: Encoding, *, like_original: bool = True) -> bytes:
    """The encoded elements of ``ds`` (no file header)."""
    out: list[bytes | memoryview] = []
    _level(ds, enc, out, like_original)
    return b"".join(out)


def _level_charset(ds: Dataset, enc: Encoding) -> Encoding:
    elem = ds._store.get(_CHARSET_TAG)
    if elem is None:
        return enc
    raw = elem._raw
    if isinstance(raw, RawValue):
        # Unchanged since read: the set the reader took from its bytes, whatever its VR.
        return enc.with_charset(raw.level.encoding.charset)
    return enc.with_charset(CharacterSet.from_terms([str(v) for v in elem.vr.values]))


def _unchanged_origin(ds: Dataset, enc: Encoding, like_original: bool) -> Origin | None:
    """The origin of ``ds`` when its original bytes can be copied as they are, else None."""
    origin: Origin | None = ds._origin
    if (like_original and origin is not None and origin.store is ds._store
            and _same_encoding(origin.encoding, enc)):
        return origin
    return None


def _level(ds: Dataset, enc: Encoding, out: list[bytes | memoryview], like_original: bool) -> None:
    enc = _level_charset(ds, enc)
    origin = _unchanged_origin(ds, enc, like_original)
    if origin is not None:
        out.append(origin.buffer[origin.body_start : origin.body_end])
        return
    _elements(ds, enc, out, like_original)


def _elements(ds: Dataset, enc: Encoding, out: list[bytes | memoryview], like_original: bool) -> None:
    group_start: int | None = None  # index in out of the current group's length element
    group_tag = 0
    group_raw_end: int | None = None  # end offset of the last raw piece, for contiguity
    group_intact = True
    for elem in ds.elements():
        tag = int(elem.tag)
        if group_start is not None and (tag >> 16) != (group_tag >> 16):
            _fix_group_length(out, group_start, group_tag, enc, group_intact)
            group_start = None
        raw = elem._raw
        # An element that still holds its source was never changed (a change makes a
        # new element): its original bytes are exact, as long as the encoding is the same.
        if like_original and isinstance(raw, RawValue) and _raw_fits(raw, enc):
            if group_start is not None:
                if group_raw_end is not None and raw.start != group_raw_end:
                    group_intact = False
                group_raw_end = raw.end
            if tag & 0xFFFF == 0 and (tag >> 16) != 0xFFFE:
                group_start, group_tag = len(out), tag
                group_raw_end, group_intact = raw.end, True
            out.append(raw.bytes)
            continue
        if group_start is not None:
            group_intact = False
        if tag & 0xFFFF == 0:
            group_start, group_tag, group_raw_end, group_intact = len(out), tag, None, False
            _element(elem, enc, out, like_original)
            out[group_start:] = [b"".join(out[group_start:])]  # one piece, replaced later
            continue
        _element(elem, enc, out, like_original)
    if group_start is not None:
        _fix_group_length(out, group_start, group_tag, enc, group_intact)


def _fix_group_length(out: list[bytes | memoryview], index: int, tag: int, enc: Encoding,
                      intact: bool) -> None:
    """Recompute a group length element unless its group was copied unchanged."""
    if intact:
        return
    length = sum(len(piece) for piece in out[index + 1 :])
    value = encode_value(UL(length), little_endian=enc.little_endian, charset=enc.charset)
    out[index] = _header(tag, "UL", len(value), enc) + value


def _dictionary_vr(tag: int) -> str:
    entry = lookup(tag)
    return entry.vr if entry is not None else ""


def _element(elem: Element, enc: Encoding, out: list[bytes | memoryview], like_original: bool) -> None:
    vr = elem.vr
    tag = int(elem.tag)
    undefined = elem._undefined_length and like_original
    if isinstance(vr, SQ) and not like_original and enc.implicit_vr:
        # In implicit VR a reader knows a sequence only from its dictionary, or, for a
        # private or unknown tag, from an undefined length (PS3.5 7.5.1): keep that cue.
        undefined = _dictionary_vr(tag) != "SQ"
    if isinstance(vr, SQ):
        body: list[bytes | memoryview] = []
        for item in vr.values:
            _item(item, enc, body, like_original)
        _wrap(out, tag, "SQ", body, undefined, _SEQUENCE_DELIMITER, enc)
        return
    if isinstance(vr, (OB, OW)) and elem._undefined_length:
        # Encapsulated pixel data: items as held, then the sequence delimiter (PS3.5 A.4).
        out.append(_header(tag, vr.code, _UNDEFINED, enc))
        out.append(vr.data)
        out.append(_header(_SEQUENCE_DELIMITER, "", 0, enc))
        return
    try:
        value = encode_value(vr, little_endian=enc.little_endian, charset=enc.charset)
    except EncodeError:
        original = _original_text(elem, enc)
        if original is None:
            raise
        value = original
    out.append(_header(tag, vr.code, len(value), enc))
    out.append(value)


def _original_text(elem: Element, enc: Encoding) -> bytes | None:
    """The value bytes an unchanged element was read from, when they hold in ``enc``.

    Text read through a character set fallback (bytes above 0x7F in the default
    repertoire read as ISO 8859-1, Shift_JIS under ISO_IR 13, U+FFFD for the rest)
    cannot be encoded back in the declared set.  An element that still holds its
    source was never changed, so every write, conformant too, gives it the bytes it
    was read from: the value stays as the file had it, never '?' or U+FFFD.  Not when
    the character set in force changed: the old bytes would mean other characters.
    """
    raw = elem._raw
    if not isinstance(raw, RawValue):
        return None
    code = elem.vr.code
    if code in _CHARSET_VRS and raw.encoding.charset != enc.charset:
        return None
    data = bytes(raw.level.buffer[raw.value_start : raw.value_end])
    if len(data) % 2:
        data += b"\x00" if code == "UI" else b" "
    return data


def _item(item: Dataset, enc: Encoding, out: list[bytes | memoryview], like_original: bool) -> None:
    inner = _level_charset(item, enc)
    unchanged = _unchanged_origin(item, inner, like_original)
    if unchanged is not None:
        out.append(unchanged.buffer[unchanged.start : unchanged.end])
        return
    origin: Origin | None = item._origin
    undefined = like_original and origin is not None and origin.undefined_length
    body: list[bytes | memoryview] = []
    _elements(item, inner, body, like_original)
    _wrap(out, _ITEM, "", body, undefined, _ITEM_DELIMITER, enc)


def _wrap(out: list[bytes | memoryview], tag: int, code: str, body: list[bytes | memoryview],
          undefined: bool, delimiter: int, enc: Encoding) -> None:
    """A sequence or item around ``body``: undefined length and a delimiter, or its length."""
    length = _UNDEFINED if undefined else sum(len(piece) for piece in body)
    out.append(_header(tag, code, length, enc))
    out.extend(body)
    if undefined:
        out.append(_header(delimiter, "", 0, enc))


def encode_file(f: DicomFile, *, like_original: bool = True) -> bytes:
    """The bytes of a Part 10 file."""
    syntax = f.transfer_syntax
    enc = Encoding(syntax.little_endian, syntax.implicit_vr)
    out: list[bytes | memoryview] = []
    source: FileSource | None = f.source
    if like_original:
        _check_meta_names_syntax(f)
        if f.preamble is not None:
            out += [f.preamble, b"DICM"]
        elif source is not None and source.magic_offset == 0:
            out.append(b"DICM")
        elif source is None:
            out += [b"\x00" * 128, b"DICM"]
        _level(f.meta, _META_ENCODING, out, True)
    else:
        out += [f.preamble if f.preamble is not None and len(f.preamble) == 128 else b"\x00" * 128,
                b"DICM"]
        out.append(encode_dataset(conformant_meta(f), _META_ENCODING, like_original=False))
    body = encode_dataset(f.dataset, enc, like_original=like_original) if not (
        like_original and syntax.deflated and source is not None and source.compressed is not None
        and f.dataset._origin is not None and f.dataset._origin.store is f.dataset._store
    ) else None
    if body is None:
        assert source is not None and source.compressed is not None
        out.append(source.compressed)
    elif syntax.deflated:
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
        out.append(compressor.compress(body) + compressor.flush())
    else:
        out.append(body)
    if like_original and source is not None and len(source.tail):
        out.append(source.tail)
    return b"".join(out)


def _check_meta_names_syntax(f: DicomFile) -> None:
    """A Part 10 file must name its transfer syntax in its meta (PS3.10 7.1).

    File meta read from a file and left unchanged is written as it was, right or
    wrong (a byte-exact round trip of what we were given); meta built or changed
    by the user must carry the Transfer Syntax UID of the data it describes.
    """
    source: FileSource | None = f.source
    if source is not None and source.magic_offset is None and f.preamble is None:
        return  # a bare dataset read with force: written back without a Part 10 header
    meta = f.meta
    origin: Origin | None = meta._origin
    if origin is not None and origin.store is meta._store:
        return
    found = meta._store.get(0x00020010)
    uid = str(found.vr.values[0]).strip(" \x00") if found is not None and found.vr.values else ""
    if not uid:
        msg = ("the file meta has no Transfer Syntax UID (0002,0010), which a Part 10 file "
               "needs: build files with typeddcm.DicomFile.new(dataset, transfer_syntax), or "
               "write with like_original=False")
        raise EncodeError(msg)
    if uid != f.transfer_syntax.uid:
        msg = (f"the file meta's Transfer Syntax UID {uid} is not the file's transfer syntax "
               f"{f.transfer_syntax.uid} ({f.transfer_syntax.name}): the data would be "
               "unreadable")
        raise EncodeError(msg)


def conformant_meta(f: DicomFile) -> Dataset:
    """File meta information as PS3.10 7.1 requires it, from ``f``'s meta and dataset."""
    meta = Dataset(e for e in f.meta.elements() if e.tag.group == 0x0002 and e.tag.element != 0)
    ds = f.dataset
    with meta.mutate() as m:
        m.set(0x00020001, OB(b"\x00\x01"))
        for meta_tag, ds_tag in ((0x00020002, 0x00080016), (0x00020003, 0x00080018)):
            found = ds.get(ds_tag)
            if found is not None and found.vr.values:
                m.set(meta_tag, UI(str(found.vr.values[0])))
        m.set(0x00020010, UI(f.transfer_syntax.uid))
        m.set(0x00020012, UI(IMPLEMENTATION_CLASS_UID))
        m.set(0x00020013, IMPLEMENTATION_VERSION_NAME)
    meta = m.finish()
    for required in (0x00020002, 0x00020003):
        if required not in meta:
            msg = f"cannot write conformant file meta: {Tag(required)} is missing (no SOP Class/Instance UID in the dataset)"
            raise EncodeError(msg)
    body = encode_dataset(meta, _META_ENCODING, like_original=False)
    return meta.set(0x00020000, UL(len(body)))


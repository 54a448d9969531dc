"""Reading a DICOM Part 10 file (PS3.10 7.1) from a buffer: preamble, file meta, dataset.

Strategy: check for the 128-byte preamble and "DICM"; read the file meta
information (group 0002, explicit VR little endian) up to the first element of
another group; take the transfer syntax from it, or, when it is missing or wrong
and we are lenient, from the first bytes of the dataset; inflate deflated data;
then read the dataset lazily.  Everything stays a view of the input buffer
except inflated data, which has to be new bytes.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from typing import NamedTuple

from typeddcm.codec._level import Encoding, Level, ReadOptions
from typeddcm.codec.reader import (
    LONG_VRS,
    SHORT_VRS,
    Origin,
    make_store,
    read_level,
)
from typeddcm.codec.transfer_syntax import (
    EXPLICIT_VR_BIG_ENDIAN,
    EXPLICIT_VR_LITTLE_ENDIAN,
    IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax,
    transfer_syntax,
)
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import (
    DecodeError,
    DicomWarning,
    InvalidDicomError,
    UnsupportedTransferSyntaxError,
)

__all__ = ["FileSource", "decode_file"]

_LE_HEADER = struct.Struct("<HH2s")
_LE_U16 = struct.Struct("<H")
_LE_U32 = struct.Struct("<I")
_TRANSFER_SYNTAX_UID = 0x00020010
# Made once: building these per file is measurable on small files.
_LENIENT = ReadOptions()
_STRICT = ReadOptions(strict=True)
_META_ENCODING = Encoding(True, False)
_ENCODINGS = {(little, implicit): Encoding(little, implicit)
              for little in (True, False) for implicit in (True, False)}
_VR_BYTES = frozenset(vr.encode() for vr in LONG_VRS | SHORT_VRS)


class FileSource(NamedTuple):
    """What the writer needs to give back the bytes of a file read unchanged.

    A NamedTuple rather than an attrs class: one is made per file read, and a tuple
    is built in C.
    """

    buffer: memoryview  # the whole input
    magic_offset: int | None  # where "DICM" was (128, 0) or None when absent
    meta_start: int
    meta_end: int
    dataset_start: int  # in the input buffer
    compressed: memoryview | None  # the deflated bytes as read, for deflated syntaxes
    tail: memoryview  # unread bytes after the dataset (lenient reads of truncated data)


def _meta_end(buf: memoryview, pos: int) -> int:
    """Where group 0002 ends: the first element of another group (or the end)."""
    end = len(buf)
    while pos + 8 <= end:
        group, _element, code = _LE_HEADER.unpack_from(buf, pos)
        if group != 0x0002:
            return pos
        if code in _VR_BYTES:
            if code.decode() in LONG_VRS:
                if pos + 12 > end:
                    return end
                length = _LE_U32.unpack_from(buf, pos + 8)[0]
                pos += 12 + length
            else:
                pos += 8 + _LE_U16.unpack_from(buf, pos + 6)[0]
        else:  # implicit VR file meta, seen in the wild
            pos += 8 + _LE_U32.unpack_from(buf, pos + 4)[0]
    return min(pos, end)


def _meta_by_group_length(buf: memoryview, pos: int) -> list[Element] | None:
    """The file meta elements, when (0002,0000) gives the group's end truthfully; else None.

    The group length saves a second walk over the meta headers.  It is trusted only
    when what it encloses is exactly group 0002 and what follows it is not.
    """
    size = len(buf)
    if size < pos + 16 or bytes(buf[pos : pos + 8]) != b"\x02\x00\x00\x00UL\x04\x00":
        return None
    end = pos + 12 + _LE_U32.unpack_from(buf, pos + 8)[0]
    if end > size or (end + 2 <= size and _LE_U16.unpack_from(buf, end)[0] == 0x0002):
        return None
    # Read strictly: any doubt (a leniency) and we walk the group instead.
    strict_level = Level(buf, _META_ENCODING, "", 0, _STRICT)
    try:
        elements, consumed, _ = read_level(strict_level, pos, end, until_item_delimiter=False)
    except DecodeError:
        return None
    if consumed != end or any(e.tag.group != 0x0002 for e in elements):
        return None
    return elements


def guess_transfer_syntax(buf: memoryview, pos: int) -> TransferSyntax:
    """Tell implicit/explicit VR and byte order from the first element header at ``pos``."""
    if len(buf) - pos < 8:
        return IMPLICIT_VR_LITTLE_ENDIAN
    explicit = bytes(buf[pos + 4 : pos + 6]) in _VR_BYTES
    little_group = buf[pos] | (buf[pos + 1] << 8)
    big_group = (buf[pos] << 8) | buf[pos + 1]
    little = little_group <= big_group
    if not explicit:
        return IMPLICIT_VR_LITTLE_ENDIAN
    return EXPLICIT_VR_LITTLE_ENDIAN if little else EXPLICIT_VR_BIG_ENDIAN


def _lenient(options: ReadOptions, message: str, offset: int) -> None:
    if options.strict:
        raise DecodeError(message, offset=offset)
    warnings.warn(f"{message} (offset {offset})", DicomWarning, stacklevel=4)


def decode_file(data: bytes | bytearray | memoryview, *, force: bool = False,
                options: ReadOptions | None = None) -> DicomFile:
    """Read a Part 10 file (or, with ``force``, a bare dataset) from ``data``."""
    options = options or _LENIENT
    buf = memoryview(data)
    if buf.format != "B" or buf.ndim != 1:
        buf = buf.cast("B")
    size = len(buf)
    preamble: bytes | None = None
    magic: int | None = None
    pos = 0
    if size >= 132 and bytes(buf[128:132]) == b"DICM":
        preamble = bytes(buf[:128])
        magic, pos = 128, 132
    elif size >= 4 and bytes(buf[:4]) == b"DICM":
        magic, pos = 0, 4
    elif not force:
        msg = "no 'DICM' marker at byte 128: not a DICOM Part 10 file (force=True reads a bare dataset)"
        raise InvalidDicomError(msg, offset=128)
    elif size < 8:
        msg = f"{size} bytes are too few for a DICOM dataset"
        raise InvalidDicomError(msg, offset=0)

    meta_start = pos
    meta_level = Level(buf, _META_ENCODING, "", 0, _STRICT if options.strict else _LENIENT)
    meta_elements = _meta_by_group_length(buf, pos)
    if meta_elements is not None:
        meta_end = pos + 12 + _LE_U32.unpack_from(buf, pos + 8)[0]
    else:  # no group length, or a wrong one: find the end of group 0002 by walking it
        meta_end = _meta_end(buf, pos)
        meta_elements, _, _ = read_level(meta_level, meta_start, meta_end,
                                         until_item_delimiter=False)
    meta_store = make_store(meta_elements, meta_level, meta_start)
    meta = Dataset._from_store(
        meta_store, Origin(meta_store, buf, meta_start, meta_end, False, meta_level.encoding))
    if magic is not None and not meta_elements:
        _lenient(options, "the file has no file meta information", meta_start)

    syntax = _transfer_syntax(meta, buf, meta_end, options)
    compressed: memoryview | None = None
    data_buf, data_start = buf, meta_end
    if syntax.deflated:
        compressed = buf[meta_end:]
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            inflated = inflater.decompress(compressed)
        except zlib.error as exc:
            msg = f"deflated dataset cannot be inflated: {exc}"
            raise DecodeError(msg, offset=meta_end) from exc
        if not inflater.eof:
            # What was inflated is kept; the deflated bytes are written back as read.
            _lenient(options, "deflated dataset ends before its end of stream (truncated?)",
                     size)
        data_buf, data_start = memoryview(inflated), 0

    level = Level(data_buf, _ENCODINGS[syntax.little_endian, syntax.implicit_vr], "", 0, options)
    elements, consumed, _ = read_level(level, data_start, len(data_buf), until_item_delimiter=False)
    store = make_store(elements, level, data_start)
    dataset = Dataset._from_store(
        store, Origin(store, data_buf, data_start, consumed, False, level.encoding))
    tail = data_buf[consumed:] if not options.stop_before_pixels and compressed is None else buf[0:0]
    source = FileSource(buf, magic, meta_start, meta_end, meta_end, compressed, tail)
    return DicomFile(preamble, meta, dataset, syntax, source)


def _transfer_syntax(meta: Dataset, buf: memoryview, start: int, options: ReadOptions) -> TransferSyntax:
    elem = meta._store.get(_TRANSFER_SYNTAX_UID)  # an int key: no Tag to build
    guessed = guess_transfer_syntax(buf, start)
    if elem is None:
        if meta:
            _lenient(options, "file meta has no Transfer Syntax UID; guessed "
                     f"{guessed.name} from the data", start)
        return guessed
    values = elem.vr.values
    uid = str(values[0]).strip(" \x00") if values else ""
    try:
        syntax = transfer_syntax(uid)
    except UnsupportedTransferSyntaxError:
        if options.strict:
            raise
        _lenient(options, f"unknown Transfer Syntax UID {uid!r}; guessed {guessed.name}", start)
        return guessed
    if not syntax.deflated and syntax.implicit_vr != guessed.implicit_vr and len(buf) > start:
        # A wrong Transfer Syntax UID: the data says otherwise (pydicom reads these too).
        _lenient(options, f"Transfer Syntax UID says {syntax.name} but the data is "
                 f"{guessed.name}; reading it as the data says", start)
        return guessed
    return syntax

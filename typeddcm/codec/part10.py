"""Reading a DICOM Part 10 file (PS3.10 7.1) from a buffer: preamble, file meta, dataset.

Strategy: check for the 128-byte preamble and "DICM"; read the file meta
information (group 0002, explicit VR little endian) up to the first element of
another group; take the transfer syntax from it, or, when it is missing or wrong
and we are lenient, from the first bytes of the dataset; inflate deflated data
(never to more than a cap, see :func:`inflated_size_cap`); then read the dataset
lazily, and check what is inside its sequences (:mod:`typeddcm.codec._check`).
Everything stays a view of the input buffer except inflated data, which has to
be new bytes.  Leniencies are recorded in one :class:`ReadLog` per read, issued
as warnings when the read is done and kept by the :class:`DicomFile`.
"""

from __future__ import annotations

import struct
import zlib
from typing import Final

from typeddcm.codec._check import check_sequences, read_checked
from typeddcm.codec._level import Encoding, Level, MetaLevel, ReadLog, ReadOptions
from typeddcm.codec._source import FileSource
from typeddcm.codec.reader import (
    LONG_VRS,
    SHORT_VRS,
    Origin,
    make_store,
    new_dataset,
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
    InvalidDicomError,
    ReadWarning,
    StructureWarning,
    TransferSyntaxWarning,
    UnsupportedTransferSyntaxError,
)

__all__ = ["INFLATED_SIZE_FLOOR", "INFLATED_SIZE_RATIO", "FileSource", "decode_file",
           "inflated_size_cap"]

#: A deflated dataset may always inflate to this many bytes (256 MiB)...
INFLATED_SIZE_FLOOR = 256 * 1024 * 1024
#: ...and beyond that to this many times its deflated size.  Deflate cannot exceed
#: about 1032:1; real DICOM data (text, numbers, noisy pixels) deflates 2:1 to 20:1, and
#: only synthetic data (blank images) goes far beyond.  So the default cap never stops a
#: real file, while a small bomb (a few MB of deflated zeros) stops at the floor.
#: Module settings, read at each call; ``read(max_inflated_size=...)`` sets a cap per read.
INFLATED_SIZE_RATIO = 100
_INFLATE_CHUNK = 16 * 1024 * 1024

_LE_HEADER: Final = struct.Struct("<HH2s")
_LE_U16 = struct.Struct("<H")
_LE_U32 = struct.Struct("<I")
_TRANSFER_SYNTAX_UID: Final = 0x00020010
# Made once: building these per file is measurable on small files.
_LENIENT: Final = ReadOptions()
_STRICT: Final = ReadOptions(strict=True)
_META_ENCODING: Final = Encoding(True, False)
_ENCODINGS: Final = {(little, implicit): Encoding(little, implicit)
              for little in (True, False) for implicit in (True, False)}
_VR_BYTES: Final = frozenset(vr.encode() for vr in LONG_VRS | SHORT_VRS)


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


def _meta_by_group_length(buf: memoryview, pos: int, meta_level: Level) -> list[Element] | None:
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
    # The read's log (a value decoded later records there) and sequence list.
    strict_level = MetaLevel(buf, _META_ENCODING, "", 0, _STRICT, None, None, None,
                             meta_level.log)
    strict_level.sequences = meta_level.sequences
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


def _lenient(log: ReadLog, options: ReadOptions, message: str, offset: int,
             category: type[ReadWarning] = TransferSyntaxWarning, path: str = "file meta") -> None:
    if options.strict:
        raise DecodeError(message, offset=offset)
    log.add(category, message, path, offset)


def inflated_size_cap(compressed_size: int, max_inflated_size: int | None = None) -> int:
    """The most bytes a deflated dataset of ``compressed_size`` bytes may inflate to.

    ``max_inflated_size`` when given; otherwise the larger of
    :data:`INFLATED_SIZE_FLOOR` and :data:`INFLATED_SIZE_RATIO` times the
    compressed size.
    """
    if max_inflated_size is not None:
        return max_inflated_size
    return max(INFLATED_SIZE_FLOOR, INFLATED_SIZE_RATIO * compressed_size)


def _inflate(compressed: memoryview, offset: int, cap: int, log: ReadLog,
             options: ReadOptions) -> memoryview:
    """The inflated dataset, inflated in chunks: never more than ``cap`` bytes are held."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = bytearray()
    pending: bytes | memoryview = compressed
    try:
        while True:
            room = cap - len(out)
            # One byte more than the room: getting it means the cap is exceeded.
            out += inflater.decompress(pending, min(_INFLATE_CHUNK, room + 1))
            if len(out) > cap:
                at = offset + len(compressed) - len(inflater.unconsumed_tail)
                msg = (f"deflated dataset inflates to more than {cap} bytes (a deflate bomb?); "
                       "read(max_inflated_size=...) allows more")
                raise DecodeError(msg, offset=at)
            pending = inflater.unconsumed_tail
            if inflater.eof or not pending:
                break
    except zlib.error as exc:
        msg = f"deflated dataset cannot be inflated: {exc}"
        raise DecodeError(msg, offset=offset) from exc
    if not inflater.eof:
        # What was inflated is kept; the deflated bytes are written back as read.
        _lenient(log, options, "deflated dataset ends before its end of stream (truncated?)",
                 offset + len(compressed), StructureWarning, "top level")
    return memoryview(out).toreadonly()


def decode_file(data: bytes | bytearray | memoryview, *, force: bool = False,
                options: ReadOptions | None = None, log: ReadLog | None = None) -> DicomFile:
    """Read a Part 10 file (or, with ``force``, a bare dataset) from ``data``.

    Leniencies are recorded in ``log`` (a new ``ReadLog("<bytes>")`` when None),
    which the file keeps (``f.warnings``); nothing is issued with ``warnings.warn``
    here.  The caller issues them with ``log.finish()``, as ``typeddcm.read`` does;
    after that, a value decoded later issues its own as it records it.
    """
    options = options or _LENIENT
    log = ReadLog() if log is None else log
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
    meta_level = MetaLevel(buf, _META_ENCODING, "", 0, _STRICT if options.strict else _LENIENT,
                           None, None, None, log)
    if options.check:
        meta_level.sequences = []  # none in a sound file meta; a broken one may run on
    meta_elements = _meta_by_group_length(buf, pos, meta_level)
    if meta_elements is not None:
        meta_end = pos + 12 + _LE_U32.unpack_from(buf, pos + 8)[0]
    else:  # no group length, or a wrong one: find the end of group 0002 by walking it
        meta_end = _meta_end(buf, pos)
        meta_elements, _, _ = read_level(meta_level, meta_start, meta_end,
                                         until_item_delimiter=False)
    meta_store = make_store(meta_elements, meta_level, meta_start)
    if meta_level.sequences:
        check_sequences(meta_level, meta_store)
    meta = new_dataset(
        meta_store, Origin(meta_store, buf, meta_start, meta_end, False, meta_level.encoding))
    if magic is not None and not meta_elements:
        _lenient(log, options, "the file has no file meta information", meta_start)

    syntax = _transfer_syntax(meta, buf, meta_end, options, log)
    compressed: memoryview | None = None
    data_buf, data_start = buf, meta_end
    if syntax.deflated:
        compressed = buf[meta_end:]
        cap = inflated_size_cap(len(compressed), options.max_inflated_size)
        data_buf, data_start = _inflate(compressed, meta_end, cap, log, options), 0

    level = Level(data_buf, _ENCODINGS[syntax.little_endian, syntax.implicit_vr], "", 0, options,
                  None, None, None, log)
    store, consumed = read_checked(level, data_start, len(data_buf))
    dataset = new_dataset(
        store, Origin(store, data_buf, data_start, consumed, False, level.encoding))
    tail = data_buf[consumed:] if not options.stop_before_pixels and compressed is None else buf[0:0]
    source = FileSource(buf, magic, meta_start, meta_end, meta_end, compressed, tail)
    return DicomFile(preamble, meta, dataset, syntax, source, read_log=log)


def _transfer_syntax(meta: Dataset, buf: memoryview, start: int, options: ReadOptions,
                     log: ReadLog) -> TransferSyntax:
    elem = meta._store.get(_TRANSFER_SYNTAX_UID)  # an int key: no Tag to build
    guessed = guess_transfer_syntax(buf, start)
    if elem is None:
        if meta:
            _lenient(log, options, "file meta has no Transfer Syntax UID; guessed "
                     f"{guessed.name} from the data", start)
        return guessed
    values = elem.vr.values
    uid = str(values[0]).strip(" \x00") if values else ""
    try:
        syntax = transfer_syntax(uid)
    except UnsupportedTransferSyntaxError:
        if options.strict:
            raise
        _lenient(log, options, f"unknown Transfer Syntax UID {uid!r}; guessed {guessed.name}",
                 start, path="(0002,0010)")
        return guessed
    if not syntax.deflated and syntax.implicit_vr != guessed.implicit_vr and len(buf) > start:
        # A wrong Transfer Syntax UID: the data says otherwise (pydicom reads these too).
        _lenient(log, options, f"Transfer Syntax UID says {syntax.name} but the data is "
                 f"{guessed.name}; reading it as the data says", start, path="(0002,0010)")
        return guessed
    return syntax

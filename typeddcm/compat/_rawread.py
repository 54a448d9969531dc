"""pydicom's element-level readers over our codec: data_element_generator, read_dataset,
read_sequence, read_sequence_item.

Each reads the bytes it needs from the file object in one read (all that is left,
or ``bytelength``), reads them with our reader (typeddcm.codec.reader: headers now,
values on first use), and leaves the file object where pydicom's would be: past
the last element read, past an item or sequence delimiter that ended the data, or,
when ``stop_when`` said stop, at the start of that element.  Offsets reported
(``value_tell``, ``file_tell``) are positions in the file object.

Leniency is the reader's: a value running past the end of the data is kept as far
as it goes, a missing delimiter ends the data, an implicit VR element inside
explicit VR data is read as implicit; each is a warning (``ReadWarning``), never a
``struct.error``.  pydicom raises ``OSError`` for a sequence item cut short and
reads on after some of these; where the two differ we keep what is there and warn.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import IO, Any, Literal

from typeddcm.codec._level import ReadLog
from typeddcm.codec.reader import (
    ITEM,
    SEQUENCE_DELIMITER,
    Origin,
    find_sequence_end,
    make_store,
    read_items,
)
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dictionary import lookup
from typeddcm.element import Element

from ._raw import (
    UNDEFINED,
    StagedLog,
    character_set,
    default_encoding,
    header_of,
    new_level,
    parse_level,
    raw_empty_value,
    raw_of,
)
from .dataelem import DataElement, RawDataElement
from .dataset import Dataset
from .misc import size_in_bytes
from .sequence import Sequence
from .tag import BaseTag, Tag

__all__ = ["data_element_generator", "read_dataset", "read_sequence", "read_sequence_item"]

StopWhen = Callable[[BaseTag, "str | None", int], bool]
Encodings = str | MutableSequence[str]
_CHARSET = 0x00080005


def _name(fp: Any) -> str:
    name = getattr(fp, "name", None)
    return name if isinstance(name, str) else "<no filename>"


def _read(fp: IO[bytes], size: int | None = None) -> tuple[int, bytes]:
    """Where ``fp`` is, and the bytes read from there (all that is left, or ``size``)."""
    start = fp.tell()
    data: object = fp.read() if size is None else fp.read(size)
    if not isinstance(data, (bytes, bytearray, memoryview)):
        msg = (f"{type(fp).__name__}.read() gave {type(data).__name__}, not bytes: open files "
               "in binary mode")
        raise TypeError(msg)
    return start, bytes(data)


def _tag_set(specific_tags: Iterable[Any] | None) -> frozenset[int] | None:
    if not specific_tags:
        return None
    return frozenset(int(Tag(t)) for t in specific_tags) | {_CHARSET}


def _defer(defer_size: int | str | float | None) -> float | None:
    size = size_in_bytes(defer_size)
    return None if size is None else float(size)


def _items(element: Element, base: int, implicit: bool, little: bool) -> Sequence:
    """The items of a sequence element read by parse_level, as compat Datasets."""
    items: list[Dataset] = []
    for core in getattr(element.vr, "values", ()):
        items.append(_item(core, base, implicit, little))
    seq = Sequence(items)
    seq.is_undefined_length = element.undefined_length
    return seq


def _item(core: CoreDataset, base: int, implicit: bool, little: bool) -> Dataset:
    """A compat item with the attributes pydicom's read_sequence_item sets."""
    item = Dataset(core)
    origin = core._origin
    tell = base + origin.start if origin is not None else None
    _set(item, is_undefined_length_sequence_item=bool(origin is not None
                                                      and origin.undefined_length),
         seq_item_tell=tell, file_tell=tell)
    charset = core.get(_CHARSET)
    item.set_original_encoding(implicit, little, _charset_value(charset))
    return item


def _set(ds: Dataset, **attributes: Any) -> None:
    """Set the attributes pydicom's readers give datasets (not keywords: plain attributes)."""
    for name, value in attributes.items():
        setattr(ds, name, value)


def _charset_value(element: Element | None, parent: Encodings = default_encoding) -> Any:
    if element is None or not element.vr.values:
        return parent
    values = [str(v) for v in element.vr.values]
    return values[0] if len(values) == 1 else values


def data_element_generator(
    fp: IO[bytes],
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: StopWhen | None = None,
    defer_size: int | str | float | None = None,
    encoding: Encodings = default_encoding,
    specific_tags: Iterable[Any] | None = None,
) -> Iterator[RawDataElement | DataElement]:
    """Yield the elements from ``fp``'s position: RawDataElements (tag, VR, length, value
    bytes, value_tell, is_implicit_VR, is_little_endian), and a DataElement holding the
    items for an undefined-length sequence, as pydicom does.

    Stops at the end of the data or at an item delimiter (the end of an item),
    or before the first element for which ``stop_when(tag, VR, length)`` is true
    (``fp`` is then left at that element's start).  Values longer than
    ``defer_size`` are None (read later with ``read_deferred_data_element``);
    with ``specific_tags`` only those (and Specific Character Set) are yielded.
    """
    base, data = _read(fp)
    yield from _generate(fp, data, base, is_implicit_VR, is_little_endian, stop_when,
                         _defer(defer_size), encoding, _tag_set(specific_tags))


def _generate(fp: IO[bytes] | None, data: bytes, base: int, implicit: bool, little: bool,
              stop_when: StopWhen | None, defer: float | None, encoding: Encodings,
              wanted: frozenset[int] | None) -> Iterator[RawDataElement | DataElement]:
    log = StagedLog(_name(fp))
    level, elements, consumed, delimited = parse_level(data, implicit, little,
                                                       character_set(encoding), log)
    buf = level.buffer
    for element in elements:
        raw = raw_of(element)
        tag = int(element.tag)
        vr, length = header_of(raw)
        if stop_when is not None and stop_when(BaseTag(tag), vr, length):
            log.finish_at(raw.start)
            if fp is not None:
                fp.seek(base + raw.start)
            return
        scanned = length == UNDEFINED and raw.vr != "SQ"  # its warnings wait (see below)
        log.issue_until(raw.start if scanned else raw.end)
        if fp is not None:
            fp.seek(base + raw.end)
        if wanted is not None and tag not in wanted:
            continue
        value_tell = base + raw.value_start
        if length == UNDEFINED and raw.vr == "SQ":
            seq = _items(element, base, implicit, little)
            yield DataElement(BaseTag(tag), "SQ", seq, value_tell, is_undefined_length=True)
            continue
        if length == UNDEFINED and vr is None:
            # pydicom looks the VR up to see whether the value is a sequence, and keeps it.
            entry = lookup(tag)
            vr = entry.vr if entry is not None and entry.vr else None
        value: bytes | None
        if length == UNDEFINED:
            # Not a sequence: as pydicom, the value is every byte up to the first Sequence
            # Delimitation Item (encapsulated fragments, or bytes that are not items at
            # all, which the core reader does not take as this value).
            delimiter = raw.value_end  # the core's walk of the items (encapsulated data)
            if raw.end != delimiter + 8 or bytes(buf[delimiter : delimiter + 4]) != (
                    _SEQ_DELIMITER_LE if little else _SEQ_DELIMITER_BE):
                # Not items to a delimiter: pydicom then searches for the delimiter's bytes.
                delimiter = _delimiter_at(buf, raw.value_start, little, raw.value_end)
            value = (None if defer is not None and tag != _CHARSET
                     else bytes(buf[raw.value_start : delimiter]))
            after = delimiter + 8 if delimiter != raw.value_end else raw.end
            if after == raw.end:
                log.issue_until(raw.end)
            else:
                log.skip_until(after)  # what the core said of those bytes does not apply
            yield RawDataElement(BaseTag(tag), vr, length, value, value_tell, implicit, little)
            if after != raw.end:  # the core read on from elsewhere: read on from the delimiter
                log.finish_at(after)
                if fp is not None:
                    fp.seek(base + after)
                yield from _generate(fp, data[after:], base + after, implicit, little,
                                     stop_when, defer, encoding, wanted)
                return
            continue
        if defer is not None and length > defer and tag != _CHARSET:
            value = None  # deferred: read_deferred_data_element reads it when wanted
        elif length == 0:
            value = raw_empty_value(vr)
        else:
            value = bytes(buf[raw.value_start : raw.value_end])
        yield RawDataElement(BaseTag(tag), vr, length, value, value_tell, implicit, little)
    log.finish_at(len(buf))
    if fp is not None:
        fp.seek(base + (consumed if delimited else len(buf)))


_SEQ_DELIMITER_LE = b"\xfe\xff\xdd\xe0"
_SEQ_DELIMITER_BE = b"\xff\xfe\xe0\xdd"


def _delimiter_at(buf: memoryview, start: int, little: bool, fallback: int) -> int:
    """Where the first (FFFE,E0DD) Sequence Delimitation Item after ``start`` begins.

    None there (data cut short): ``fallback``, where the reader ended the value, with its
    warning (pydicom raises EOFError; a value cut short is kept as far as it goes).
    """
    pattern = _SEQ_DELIMITER_LE if little else _SEQ_DELIMITER_BE
    found = bytes(buf[start:]).find(pattern)
    return fallback if found < 0 else start + found


def _complete_last(fp: IO[bytes], data: bytes, implicit: bool, little: bool) -> bytes:
    """``data`` (``bytelength`` bytes) and the rest of the element that runs past its end:
    pydicom reads every element that starts within ``bytelength`` whole.  Bytes read
    past that belong to the next element and are given back (``fp`` is seeked)."""
    limit = len(data)
    while True:
        _, elements, _, delimited = parse_level(data, implicit, little, character_set(None),
                                                ReadLog())
        last = raw_of(elements[-1]) if elements else None
        whole = last.end if last is not None else 0
        if delimited:
            return data
        if whole < len(data):  # bytes after the last whole element: a header cut short?
            if whole >= limit:  # the next element's: not ours to read
                fp.seek(whole - len(data), os.SEEK_CUR)
                return data[:whole]
            if len(data) - whole >= 12:
                return data  # not a cut header (padding, or damage): the reader's to judge
            more = fp.read(12 - (len(data) - whole))  # an element header's longest form
            if not more:
                return data
            data += bytes(more)
            continue
        if last is None:
            return data
        _, length = header_of(last)
        end = last.value_start + length
        if length == UNDEFINED or end <= len(data):
            return data
        more = fp.read(end - len(data))
        if not more:
            return data
        data += bytes(more)


def _is_implicit_vr(data: bytes, assumed: bool, little: bool, stop_when: StopWhen | None,
                    is_sequence: bool) -> bool:
    """Implicit or explicit VR, as the first element's VR bytes say (pydicom's check).

    Items keep implicit VR when it is assumed (a UN sequence's items are implicit
    VR in explicit data, PS3.5 6.2.2); a top-level dataset read with the wrong
    assumption is read as found, with a warning (an error under RAISE reading).
    """
    if (is_sequence and assumed) or len(data) < 6:
        return assumed
    found = not (0x40 < data[4] < 0x5B and 0x40 < data[5] < 0x5B)
    if found == assumed:
        return found
    group = int.from_bytes(data[0:2], "little" if little else "big")
    element = int.from_bytes(data[2:4], "little" if little else "big")
    if stop_when is not None and stop_when(BaseTag(group << 16 | element),
                                           data[4:6].decode("latin-1"), 0):
        return found
    if found and is_sequence:
        return True
    found_vr = "implicit" if found else "explicit"
    msg = f"Expected {'explicit' if found else 'implicit'} VR, but found {found_vr} VR"
    from . import config
    from .errors import InvalidDicomError

    if config.reading_mode() == config.RAISE:
        raise InvalidDicomError(msg)
    warnings.warn(f"{msg} - using {found_vr} VR for reading", UserWarning, stacklevel=4)
    return found


def read_dataset(
    fp: IO[bytes],
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int | None = None,
    stop_when: StopWhen | None = None,
    defer_size: int | str | float | None = None,
    parent_encoding: Encodings = default_encoding,
    specific_tags: Iterable[Any] | None = None,
    at_top_level: bool = True,
) -> Dataset:
    """The dataset at ``fp``'s position: to the end of the data, an item delimiter, or
    ``bytelength`` bytes; or up to the first element ``stop_when`` stops at.

    ``parent_encoding`` is the character set in force unless the dataset has its
    own (0008,0005).  Values are read from the bytes read when first used (so
    ``defer_size`` has nothing to defer; it is checked as pydicom checks it).
    ``specific_tags`` keeps those elements only (and Specific Character Set).
    """
    _defer(defer_size)
    base, data = _read(fp, bytelength)
    if bytelength is not None:
        data = _complete_last(fp, data, is_implicit_VR, is_little_endian)
    implicit = _is_implicit_vr(data, is_implicit_VR, is_little_endian, stop_when,
                               not at_top_level)
    charset = character_set(parent_encoding)
    stop: int | None = None
    if stop_when is not None:
        # A first look to find the stop: only what comes before it is read for real
        # (its warnings are the dataset's), and the file is left at the stop.
        _, elements, _, _ = parse_level(data, implicit, is_little_endian, charset, ReadLog())
        for element in elements:
            raw = raw_of(element)
            vr, length = header_of(raw)
            if stop_when(BaseTag(int(element.tag)), vr, length):
                stop = raw.start
                break
    log = ReadLog(_name(fp))
    try:
        level, elements, consumed, delimited = parse_level(data, implicit, is_little_endian,
                                                           charset, log, stop)
    finally:
        log.finish()
    wanted = _tag_set(specific_tags)
    kept = elements if wanted is None else [e for e in elements if int(e.tag) in wanted]
    store = make_store(kept, level, 0)
    origin = None
    if len(kept) == len(elements):  # the bytes read are exactly these elements: reusable
        body_end = consumed - 8 if delimited else consumed
        origin = Origin(store, level.buffer, 0, body_end, False, level.encoding)
    ds = Dataset(CoreDataset._from_store(store, origin))
    if stop is not None:
        fp.seek(base + stop)
    elif delimited:
        fp.seek(base + consumed)
    ds.set_original_encoding(implicit, is_little_endian,
                             _charset_value(store.get(_CHARSET), parent_encoding))
    if at_top_level:
        from . import config

        callback = config.data_element_callback
        if callback is not None:  # as dcmread: each raw element, at every level
            from .filereader import _apply_callback

            _apply_callback(ds, callback, dict(config.data_element_callback_kwargs))
    return ds


def read_sequence(
    fp: IO[bytes],
    is_implicit_VR: bool,
    is_little_endian: bool,
    bytelength: int,
    encoding: Encodings,
    offset: int = 0,
) -> Sequence:
    """The items of a sequence value at ``fp``'s position: ``bytelength`` bytes of them,
    or (0xFFFFFFFF) up to and past the sequence delimiter.

    Each item is a Dataset with ``file_tell``/``seq_item_tell`` (where its item tag
    is, plus ``offset``) and ``is_undefined_length_sequence_item``; the Sequence's
    ``is_undefined_length`` says how the value was encoded.
    """
    if bytelength == 0:
        return Sequence()
    undefined = bytelength == UNDEFINED
    base, data = _read(fp, None if undefined else bytelength)
    log = ReadLog(_name(fp))
    try:
        level = new_level(data, is_implicit_VR, is_little_endian, character_set(encoding), log)
        if undefined:
            items_end, after = find_sequence_end(level, 0, len(data), 0)
        else:
            items_end = after = len(data)
        cores = read_items(level, 0, 0, items_end)
    finally:
        log.finish()
    fp.seek(base + after)
    seq = Sequence([_item(core, base + offset, is_implicit_VR, is_little_endian)
                    for core in cores])
    seq.is_undefined_length = undefined
    return seq


def read_sequence_item(
    fp: IO[bytes],
    is_implicit_VR: bool,
    is_little_endian: bool,
    encoding: Encodings,
    offset: int = 0,
) -> Dataset | None:
    """One sequence item at ``fp``'s position, or None at the sequence delimiter.

    ``OSError`` when there is no item header to read (as pydicom).
    """
    start = fp.tell()
    header = fp.read(8)
    if len(header) < 8:
        msg = f"No tag to read at file position {start + offset:X}"
        raise OSError(msg)
    order: Literal["little", "big"] = "little" if is_little_endian else "big"
    tag = (int.from_bytes(header[0:2], order) << 16) | int.from_bytes(header[2:4], order)
    length = int.from_bytes(header[4:8], order)
    if tag == SEQUENCE_DELIMITER:
        return None
    if tag != ITEM:
        warnings.warn(f"Expected sequence item with tag (fffe, e000) at file position "
                      f"0x{start + offset:X}", UserWarning, stacklevel=2)
    ds = read_dataset(fp, is_implicit_VR, is_little_endian,
                      None if length == UNDEFINED else length, parent_encoding=encoding,
                      at_top_level=False)
    _set(ds, is_undefined_length_sequence_item=length == UNDEFINED,
         seq_item_tell=start + offset)
    return ds

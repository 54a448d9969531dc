"""Pickling datasets, elements and files as the bytes they were read from.

Strategy: a dataset level read from bytes is pickled as those bytes plus the state
its :class:`~typeddcm.codec._level.Level` began in (encoding, inherited context,
read options); unpickling reads them again with the reader, which is deterministic,
so the copy is the same lazy tree with the same :class:`Origin`: it compares equal,
writes back byte for byte, and costs what a lazy read costs.  Pickling element by
element as Python objects measured 2.7x the encoded size and 3x slower than pydicom.

A level changed since it was read is its original bytes (cut where it is cheapest:
deleting the Pixel Data does not pickle the pixels), a bit mask of the original
elements it still holds, and its other elements.  Elements read elsewhere (moved
between datasets, kept after the cut) keep their bytes and a 19-byte record of the
offsets and VR the reader found, so nothing is inferred again.  Values made in
memory go in columns: tags, VR codes, and each value as one text or its bytes,
which the VR class takes back exactly (1.02x the encoded size for a CT header built
in memory, where VR objects one by one were 2.2x); what text or bytes could not
give back exactly goes as the VR object.

Byte ranges of one buffer met while pickling one object are cut as one slice (a
file's meta and dataset share one), passed as a ``PickleBuffer`` under protocol 5 so
the pickler writes it without an intermediate copy.  Every reduced object is
rebuilt by a module-level function of this module; ``_VERSION`` guards the format.
"""

from __future__ import annotations

import pickle
import struct
from collections.abc import Callable, Sequence
from typing import Any

import attrs
import numpy as np

from typeddcm._persistent import SortedMap
from typeddcm.codec._level import Encoding, Level, ReadLog, ReadOptions
from typeddcm.codec.part10 import FileSource
from typeddcm.codec.reader import Origin, RawValue, make_store, read_level
from typeddcm.codec.reader import _tag as _cached_tag  # one Tag object per value
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import COMPILED as ELEMENT_COMPILED
from typeddcm.element import Element, element_builders
from typeddcm.errors import FileClosedError
from typeddcm.tag import Tag
from typeddcm.vr import (
    SQ,
    VR,
    VR_CLASSES,
    AnyVR,
    Date,
    DateTime,
    DSNumber,
    ISNumber,
    PersonName,
    Time,
)

__all__ = ["load_bundle", "reduce_bundle", "reduce_dataset", "reduce_element", "reduce_file"]

_VERSION = 1
#: Per element read elsewhere: tag, start, header size, value size, delimiter size,
#: VR, flags (bit 0: undefined length; the rest: index of its encoding).
_RECORD = struct.Struct("<IIHIH2sB")
_ALL = None  # the mask of a level holding every element it was read with
_DEFAULT_OPTIONS = ReadOptions()
# Elements whose values steer how later elements of their level are read.
_CHARSET, _PIXEL_REPRESENTATION, _BITS_ALLOCATED = 0x00080005, 0x00280103, 0x00280100
# Markers of elements made in memory whose VR object alone does not say it all.
_SEQUENCE, _UNDEFINED = 0, 1
_FILE_FIELDS = frozenset({"preamble", "meta", "dataset", "transfer_syntax", "source",
                          "read_log"})


def _steers_reading(tag: int) -> bool:
    group, element = tag >> 16, tag & 0xFFFF
    return (tag in (_CHARSET, _PIXEL_REPRESENTATION, _BITS_ALLOCATED)
            or (group & 1 == 1 and 0x0010 <= element <= 0x00FF))


def _closed() -> FileClosedError:
    msg = "cannot pickle: the file these values were read from was closed"
    return FileClosedError(msg)


# ----- pickling -----------------------------------------------------------------------


class _Dumper:
    """Walks datasets into picklable states; ranges of one buffer become one blob."""

    __slots__ = ("protocol", "_ranges", "_memo")

    def __init__(self, protocol: int) -> None:
        self.protocol = protocol
        self._ranges: dict[int, list[Any]] = {}  # id(buffer) -> [buffer, lo, hi, index]
        self._memo: dict[int, tuple[Any, ...]] = {}  # id(Dataset) -> its state

    def blob(self, buffer: memoryview, start: int, end: int) -> int:
        """The index of the blob that will hold ``buffer[start:end]``."""
        found = self._ranges.get(id(buffer))
        if found is None:
            found = [buffer, start, end, len(self._ranges)]
            self._ranges[id(buffer)] = found
        else:
            found[1] = min(found[1], start)
            found[2] = max(found[2], end)
        return int(found[3])

    def blobs(self) -> tuple[tuple[Any, int], ...]:
        """Each blob's bytes and the buffer offset they start at."""
        out = []
        try:
            for buffer, lo, hi, _ in self._ranges.values():
                out.append((self._bytes(buffer[lo:hi]), lo))
        except ValueError as exc:  # a released buffer: DicomFile.close()
            raise _closed() from exc
        return tuple(out)

    def _bytes(self, view: memoryview) -> Any:
        # Protocol 5 writes a PickleBuffer's bytes straight from the view.
        return pickle.PickleBuffer(view) if self.protocol >= 5 else view.tobytes()

    # --- datasets ---------------------------------------------------------------------

    def dataset(self, ds: Dataset) -> tuple[Any, ...]:
        """The state of ``ds``: (base, mask, records, elements made in memory)."""
        key = id(ds)
        state = self._memo.get(key)
        if state is None:
            state = self._dataset(ds)
            self._memo[key] = state  # one state (and one copy) per dataset object
        return state

    def _dataset(self, ds: Dataset) -> tuple[Any, ...]:
        store = ds._store
        origin = ds._origin
        if not isinstance(origin, Origin):
            return (None, _ALL, *self._others(list(store.values())))
        original = origin.store
        if original is store:
            return (self._base(origin, origin.end), _ALL, (), ())
        get = store.get
        cut = self._cut(origin, [(e._raw, get(tag) is e, tag)  # type: ignore[misc]
                                 for tag, e in original.items()])
        # The original elements read again (those before the cut), in store order; the
        # mask says which of them the dataset still holds.
        again = [(tag, e) for tag, e in original.items()
                 if e._raw.start < cut]  # type: ignore[union-attr]
        mask = bytearray((len(again) + 7) // 8)
        for index, (tag, e) in enumerate(again):
            if get(tag) is e:
                mask[index >> 3] |= 1 << (index & 7)
        others = [e for e in store.values() if original.get(e.tag) is not e
                  or e._raw.start >= cut]  # type: ignore[union-attr]
        return (self._base(origin, cut), bytes(mask), *self._others(others))

    @staticmethod
    def _cut(origin: Origin, entries: list[tuple[RawValue, bool, int]]) -> int:
        """Where to stop reading a changed level's bytes again.

        Bytes up to the cut are pickled and read again (dropped elements among them are
        waste); kept elements after it become records (19 bytes each).  The cheapest
        cut wins: usually after the last kept element, so a dropped Pixel Data costs
        nothing; a dropped value followed by kept ones (trailing padding) is cut before.
        Elements that steer the reading of others (Specific Character Set, Pixel
        Representation, Bits Allocated, private creators) are never cut off.
        """
        entries.sort(key=lambda entry: entry[0].start)
        floor = origin.body_start
        for raw, _kept, tag in entries:
            if _steers_reading(tag):
                floor = max(floor, raw.end)
        kept_after = sum(kept for _, kept, _ in entries)
        best_cost, best_cut = -1, floor
        waste = 0
        last_kept = floor
        for raw, kept, _tag in entries:
            if not kept and raw.start >= floor:
                cost = waste + _RECORD.size * kept_after
                if best_cost < 0 or cost < best_cost:
                    best_cost, best_cut = cost, raw.start
            if kept:
                kept_after -= 1
                last_kept = max(last_kept, raw.end)
            else:
                waste += raw.end - raw.start
        end_waste = sum(raw.end - raw.start for raw, kept, _ in entries
                        if not kept and raw.start < last_kept)
        return last_kept if best_cost < 0 or end_waste <= best_cost else best_cut

    def _base(self, origin: Origin, end: int) -> tuple[Any, ...]:
        """How to read the level of ``origin`` again: blob, range, item style, start state."""
        first = next(origin.store.values(), None)
        raw = None if first is None else first._raw
        item = origin.undefined_length if origin.body_start != origin.start else None
        blob = self.blob(origin.buffer, origin.start, end)
        if isinstance(raw, RawValue):
            start = _level_state(raw.level, *raw.level.initial)
            return (blob, origin.start, end, item, start, None)
        # No element to read again (nothing there, or none of the specific_tags read):
        # the origin as it is, whose bytes are written back when the level is unchanged.
        encoding = origin.encoding
        empty = (encoding.little_endian, encoding.implicit_vr, encoding.charset)
        body = (min(origin.body_start, end), min(origin.body_end, end))
        return (blob, origin.start, end, item, empty, body)

    def _others(self, elements: list[Element]) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """Elements read elsewhere, grouped by level, as records; values made in memory."""
        groups: dict[int, list[Element]] = {}
        made: list[Element] = []
        for elem in elements:
            raw = elem._raw
            if isinstance(raw, RawValue):
                groups.setdefault(id(raw.level), []).append(elem)
            else:
                made.append(elem)
        records = tuple(self.records(group) for group in groups.values())
        return records, (self._made(made) if made else ())

    def _made(self, elements: list[Element]) -> tuple[Any, ...]:
        """Elements made in memory, in columns: tags, VR codes, and one payload each.

        A payload is the values as one text (joined with backslashes) or as their
        bytes, which the VR class takes back as it is: as compact as encoding them,
        without a character set to fail on.  Values that text or bytes would not give
        back exactly (a backslash inside, a big endian array) go as VR objects.
        """
        payloads: list[Any] = []
        codes = []
        for elem in elements:
            vr = elem.vr
            codes.append(vr.code)
            if isinstance(vr, SQ):
                payloads.append((_SEQUENCE, elem._undefined_length,
                                 tuple(self.dataset(item) for item in vr.values)))
            elif elem._undefined_length:
                payloads.append((_UNDEFINED, vr))
            else:
                payloads.append(_payload(vr, self.protocol))
        tags = struct.pack(f"<{len(elements)}I", *(e.tag for e in elements))
        return (tags, "".join(codes), tuple(payloads))

    def records(self, group: list[Element]) -> tuple[Any, ...]:
        """Elements of one level as their bytes, records and the level's (final) state."""
        raws: list[RawValue] = sorted((e._raw for e in group),  # type: ignore[misc]
                                      key=lambda raw: raw.start)
        owner = {id(e._raw): e for e in group}
        level = raws[0].level
        encodings: dict[Encoding, int] = {}
        runs: list[list[int]] = []  # [start, end] of each run of adjacent elements
        records = bytearray()
        pos = 0
        for raw in raws:
            if runs and raw.start == runs[-1][1]:
                runs[-1][1] = raw.end
            else:
                if runs:
                    # Not adjacent when read: a gap keeps them apart (the writer trusts a
                    # group length only over adjacent original bytes).
                    pos += 1
                runs.append([raw.start, raw.end])
            index = encodings.setdefault(raw.encoding, len(encodings))
            elem = owner[id(raw)]
            records += _RECORD.pack(
                int(elem.tag), pos, raw.value_start - raw.start,
                raw.value_end - raw.value_start, raw.end - raw.value_end,
                raw.vr.encode("ascii"), int(elem._undefined_length) | index << 1)
            pos += raw.end - raw.start
        try:
            pieces = [level.buffer[start:end] for start, end in runs]
        except ValueError as exc:
            raise _closed() from exc
        state = _level_state(level, level.encoding, level.pixel_representation,
                             level.bits_allocated)
        kinds = tuple((e.little_endian, e.implicit_vr, e.charset) for e in encodings)
        # One run (one element, or a level copied whole) is passed as a view: no copy first.
        data = self._bytes(pieces[0]) if len(pieces) == 1 else b"\x00".join(pieces)
        return (data, state, kinds, bytes(records))


def _level_state(level: Level, encoding: Encoding, pixel_representation: int | None,
                 bits_allocated: int | None) -> tuple[Any, ...]:
    """What building a level like ``level`` in the given state takes (compactly: a plain
    Level is None, default options None, other options a tuple of their fields)."""
    options = level.options
    return (None if type(level) is Level else type(level), encoding.little_endian,
            encoding.implicit_vr, encoding.charset, pixel_representation, bits_allocated,
            level.path, level.depth,
            None if options == _DEFAULT_OPTIONS else attrs.astuple(options, recurse=False))


def _classes(codes: str) -> tuple[type[Any], ...]:
    return tuple(VR_CLASSES[code] for code in codes.split())


# The value type each text-valued VR holds, and how the codec makes one from its text.
_TEXT_VALUES: dict[type[Any], tuple[type[Any], Callable[[str], Any]]] = dict(zip(
    _classes("PN DS IS DA TM DT"),
    ((PersonName, PersonName), (DSNumber, DSNumber.parse_lenient),
     (ISNumber, ISNumber.parse_lenient), (Date, Date.parse_lenient),
     (Time, Time.parse_lenient), (DateTime, DateTime.parse_lenient)), strict=True))
_STRINGS = _classes("AE AS CS LO LT SH ST UC UI UR UT")
_NUMERIC = _classes("FD FL SL SS SV UL US UV")
_BULKY = _classes("OB OD OF OL OV OW UN")
# How each VR's values become a payload (AT and SQ have none).
_TEXTS, _PARSED, _NUMBERS, _BULK = "texts", "parsed", "numbers", "bulk"
_FAMILY: dict[type[Any], str] = {
    **dict.fromkeys(_STRINGS, _TEXTS), **dict.fromkeys(_TEXT_VALUES, _PARSED),
    **dict.fromkeys(_NUMERIC, _NUMBERS), **dict.fromkeys(_BULKY, _BULK),
}


def _payload(vr: AnyVR, protocol: int) -> Any:
    """The values of ``vr`` as one text or bytes, or ``vr`` itself (see ``_Dumper._made``)."""
    family = _FAMILY.get(type(vr))
    value: Any = vr  # the families differ in what they hold
    if family is _TEXTS:
        texts = value.values
    elif family is _PARSED:
        try:
            texts = [one._text for one in value.values]
        except AttributeError:  # not the value type the VR's codec makes
            return vr
    elif family is _NUMBERS:
        array = value.array
        return array.tobytes() if array.dtype.str == np.dtype(value.dtype).str else vr
    elif family is _BULK:
        if value.byteorder != "<":
            return vr
        return pickle.PickleBuffer(value.data) if protocol >= 5 else value.data.tobytes()
    else:
        return vr
    if not texts:
        return None
    try:
        joined = "\\".join(texts)
    except TypeError:  # not str values
        return vr
    # A backslash inside a value would split it in two.
    return joined if joined.count("\\") == len(texts) - 1 else vr


def _text_builder(cls: type[Any]) -> Callable[[str | None], Any]:
    parse = _TEXT_VALUES[cls][1] if cls in _TEXT_VALUES else None

    def build(payload: str | None) -> Any:
        if payload is None:
            return cls._trusted(())
        texts = payload.split("\\")
        return cls._trusted(tuple(texts) if parse is None else tuple(map(parse, texts)))

    return build


def _bytes_builder(cls: type[Any]) -> Callable[[Any], Any]:
    if cls in _BULKY:
        return lambda data: cls.from_buffer(data)
    dtype = np.dtype(cls.dtype)

    def build(data: Any) -> Any:
        # cls.from_buffer without its per-call dtype: the bytes are read-only already.
        obj = object.__new__(cls)
        object.__setattr__(obj, "array", np.frombuffer(data, dtype))
        return obj

    return build


_BUILDERS: dict[str, Callable[[Any], Any]] = {
    **{cls.code: _text_builder(cls) for cls in (*_STRINGS, *_TEXT_VALUES)},
    **{cls.code: _bytes_builder(cls) for cls in (*_NUMERIC, *_BULKY)},
}


def reduce_dataset(ds: Dataset, protocol: int) -> tuple[Any, ...]:
    """``Dataset.__reduce_ex__``."""
    dumper = _Dumper(protocol)
    state = dumper.dataset(ds)
    return (_load_dataset, (_VERSION, dumper.blobs(), state))


def reduce_element(elem: Element, protocol: int) -> tuple[Any, ...]:
    """``Element.__reduce_ex__``: read elements as their bytes, others as tag and value."""
    raw = elem._raw
    if isinstance(raw, RawValue):
        return (_load_element, (_VERSION, _Dumper(protocol).records([elem])))
    return (_made_element, (int(elem.tag), elem.vr, elem._undefined_length))


def reduce_file(f: DicomFile, protocol: int) -> tuple[Any, ...]:
    """``DicomFile.__reduce_ex__``: meta and dataset share the blob of the file's bytes."""
    dumper = _Dumper(protocol)
    state = _file_state(dumper, f)
    return (_load_file, (_VERSION, dumper.blobs(), state))


def _file_state(dumper: _Dumper, f: DicomFile) -> tuple[Any, ...]:
    if f.closed:
        msg = "cannot pickle a closed DicomFile: the bytes it was read from are gone"
        raise FileClosedError(msg)
    source = f.source
    source_state: Any = source
    if isinstance(source, FileSource):
        # From offset 0: offsets (in warnings, in the source) stay file offsets.
        blob = dumper.blob(source.buffer, 0, max(source.meta_end, source.dataset_start))
        try:
            compressed = None if source.compressed is None else source.compressed.tobytes()
            tail = source.tail.tobytes()
        except ValueError as exc:
            raise _closed() from exc
        source_state = (blob, source.magic_offset, source.meta_start, source.meta_end,
                        source.dataset_start, compressed, tail)
    meta = dumper.dataset(f.meta)
    dataset = dumper.dataset(f.dataset)
    syntax: Any = f.transfer_syntax
    if _registered(syntax):
        syntax = syntax.uid
    extras = {a.name: getattr(f, a.name) for a in attrs.fields(DicomFile)
              if a.init and a.name not in _FILE_FIELDS}
    preamble: Any = f.preamble
    if (isinstance(source, FileSource) and preamble is not None
            and source.magic_offset == 128 and source.buffer[:128] == preamble):
        preamble = True  # the blob's first 128 bytes
    log = f.read_log
    # The records' fields, not the warnings: the log makes its records from them.
    log_state = None if log is None else (log.source, tuple(
        (type(r), r.problem, r.path, r.offset, r.tag) for r in log.records))
    return (preamble, meta, dataset, syntax, source_state, log_state, extras)


def reduce_bundle(datasets: Sequence[Dataset], f: DicomFile | None,
                  protocol: int) -> tuple[Any, ...]:
    """Datasets and a file pickled together, sharing blobs (compat's FileDataset: its
    core, its file meta and the file it was read from); :func:`load_bundle` undoes it."""
    dumper = _Dumper(protocol)
    file_state = None if f is None else _file_state(dumper, f)
    states = tuple(dumper.dataset(ds) for ds in datasets)
    return (_VERSION, dumper.blobs(), file_state, states)


def load_bundle(bundle: tuple[Any, ...]) -> tuple[list[Dataset], DicomFile | None]:
    """The datasets and file of :func:`reduce_bundle`."""
    version, blobs, file_state, states = bundle
    _check_version(version)
    loader = _Loader(blobs, None if file_state is None else file_state[5])
    f = None if file_state is None else _file(loader, file_state)
    datasets = [loader.dataset(state) for state in states]
    loader.finish()
    return datasets, f


def _registered(syntax: TransferSyntax) -> bool:
    try:
        return transfer_syntax(syntax.uid) is syntax
    except Exception:  # not a registered UID: pickled as the object it is
        return False


# ----- unpickling ---------------------------------------------------------------------


def _log(state: tuple[str, tuple[tuple[Any, ...], ...]] | None) -> ReadLog:
    """A read's log with the records it had: reading its bytes again finds the same ones,
    which it drops as repeats.  Quiet until :meth:`_Loader.finish`."""
    if state is None:
        return ReadLog("<pickle>")
    source, records = state
    log = ReadLog(source)
    for category, problem, path, offset, tag in records:
        log.add(category, problem, path, offset, tag)
    return log


class _Loader:
    """Rebuilds datasets from their states over the unpickled blobs."""

    __slots__ = ("buffers", "log", "_memo")

    def __init__(self, blobs: tuple[tuple[Any, int], ...],
                 log: tuple[str, tuple[tuple[Any, ...], ...]] | None) -> None:
        self.buffers = [(_view(data), base) for data, base in blobs]
        self.log = _log(log)
        self._memo: dict[int, Dataset] = {}

    def finish(self) -> None:
        # Warnings of values decoded from now on are issued, as for the original; those
        # of reading the bytes again were issued when they were first read, so they are
        # kept quiet (the log's own finish() would issue them).
        if hasattr(self.log, "_live"):
            self.log._live = True

    def level(self, state: tuple[Any, ...], buffer: memoryview) -> Level:
        cls, little, implicit, charset, pixel_representation, bits_allocated, path, depth, \
            options = state
        read_options = _DEFAULT_OPTIONS if options is None else ReadOptions(*options)
        level: Level = (cls or Level)(buffer, Encoding(little, implicit, charset), path, depth,
                                      read_options, pixel_representation, bits_allocated,
                                      log=self.log)
        return level

    def dataset(self, state: tuple[Any, ...]) -> Dataset:
        key = id(state)
        found = self._memo.get(key)
        if found is None:
            found = self._dataset(state)
            self._memo[key] = found
        return found

    def _dataset(self, state: tuple[Any, ...]) -> Dataset:
        base, mask, records, made = state
        origin: Origin | None = None
        elements: list[Element] = []
        if base is not None:
            store, origin = self._read(base)
            if mask is _ALL and not records and not made:
                return Dataset._from_store(store, origin)
            elements = [e for index, e in enumerate(store.values())
                        if mask[index >> 3] & (1 << (index & 7))]
        for group in records:
            elements += self.records(group)
        if made:
            elements += self._made(made)
        if records or made:
            elements.sort(key=_tag_of)
        store = SortedMap.from_sorted([e.tag for e in elements], elements)
        return Dataset._from_store(store, origin)

    def _read(self, base: tuple[Any, ...]) -> tuple[SortedMap[Tag, Element], Origin]:
        blob, start, end, item, start_state, body = base
        buffer, shift = self.buffers[blob]
        start -= shift
        end -= shift
        if body is not None:  # a level without elements: only its origin
            empty: SortedMap[Tag, Element] = SortedMap.from_sorted((), ())
            return empty, Origin(empty, buffer, start, end, bool(item), Encoding(*start_state),
                                 (body[0] - shift, body[1] - shift))
        level = self.level(start_state, buffer)
        if item is None:  # a top level (dataset or file meta)
            elements, consumed, _ = read_level(level, start, end, until_item_delimiter=False)
            store = make_store(elements, level, start)
            return store, Origin(store, buffer, start, consumed, False, level.encoding)
        # An item, as reader.read_items reads one: from its header to its delimiter.
        elements, item_end, found = read_level(level, start + 8, end, until_item_delimiter=item)
        if not item:
            item_end = end
        body_end = item_end - 8 if found else item_end
        store = make_store(elements, level, start)
        return store, Origin(store, buffer, start, item_end, item, level.encoding,
                             (start + 8, body_end))

    def records(self, group: tuple[Any, ...]) -> list[Element]:
        data, state, kinds, records = group
        level = self.level(state, _view(data))
        encodings = [Encoding(*kind) for kind in kinds]
        out = []
        for tag, start, header, size, delimiter, vr, flags in _RECORD.iter_unpack(records):
            value_start = start + header
            value_end = value_start + size
            raw = RawValue(level, encodings[flags >> 1], start, value_start, value_end,
                           value_end + delimiter, vr.decode("ascii"))
            out.append(Element._lazy(_cached_tag(tag), raw, bool(flags & 1)))
        return out

    def _made(self, made: tuple[Any, ...]) -> list[Element]:
        tags, codes, payloads = made
        out: list[Element] = []
        append = out.append
        for index, tag in enumerate(struct.unpack(f"<{len(payloads)}I", tags)):
            payload = payloads[index]
            kind = type(payload)
            if kind is str or kind is bytes or payload is None:
                vr = _BUILDERS[codes[2 * index : 2 * index + 2]](payload)
                undefined = False
            elif kind is tuple:
                undefined = payload[1] if payload[0] == _SEQUENCE else True
                vr = (SQ([self.dataset(item) for item in payload[2]])
                      if payload[0] == _SEQUENCE else payload[1])
            elif isinstance(payload, VR):
                vr, undefined = payload, False
            else:  # bytes handed out of band (a PickleBuffer under buffer_callback)
                vr = _BUILDERS[codes[2 * index : 2 * index + 2]](_view(payload))
                undefined = False
            if ELEMENT_COMPILED:  # a native Element: its constructor is the fast way
                append(Element(_cached_tag(tag), vr, None, undefined))
                continue
            # Element._make, inlined: one element per value made in memory.
            elem = _new(Element)
            _set_tag(elem, _cached_tag(tag))
            _set_vr(elem, vr)
            _set_raw(elem, None)
            _set_undefined(elem, undefined)
            append(elem)
        return out


def _view(data: Any) -> memoryview:
    view = memoryview(data)
    return view if view.readonly else view.toreadonly()


def _tag_of(elem: Element) -> Tag:
    return elem.tag


def _check_version(version: int) -> None:
    if version != _VERSION:
        msg = f"pickled by a typeddcm whose pickle format is {version}; this one reads {_VERSION}"
        raise ValueError(msg)


def _load_dataset(version: int, blobs: tuple[tuple[Any, int], ...],
                  state: tuple[Any, ...]) -> Dataset:
    _check_version(version)
    loader = _Loader(blobs, None)
    ds = loader.dataset(state)
    loader.finish()
    return ds


def _load_element(version: int, group: tuple[Any, ...]) -> Element:
    _check_version(version)
    loader = _Loader((), None)
    (elem,) = loader.records(group)
    loader.finish()
    return elem


def _made_element(tag: int, vr: AnyVR, undefined_length: bool) -> Element:
    return _element(Tag(tag), vr, undefined_length)


_new, _set_tag, _set_vr, _set_raw, _set_undefined = element_builders()


def _element(tag: Tag, vr: AnyVR, undefined_length: bool) -> Element:
    """An element made in memory, with its undefined-length style (Element._make has none)."""
    elem = Element._make(tag, vr)
    if undefined_length:
        _set_undefined(elem, True)
    return elem


def _load_file(version: int, blobs: tuple[tuple[Any, int], ...],
               state: tuple[Any, ...]) -> DicomFile:
    _check_version(version)
    loader = _Loader(blobs, state[5])
    f = _file(loader, state)
    loader.finish()
    return f


def _file(loader: _Loader, state: tuple[Any, ...]) -> DicomFile:
    preamble, meta_state, dataset_state, syntax, source_state, _log, extras = state
    meta = loader.dataset(meta_state)
    dataset = loader.dataset(dataset_state)
    if isinstance(syntax, str):
        syntax = transfer_syntax(syntax)
    source = source_state
    if isinstance(source_state, tuple):
        blob, magic, meta_start, meta_end, dataset_start, compressed, tail = source_state
        buffer = loader.buffers[blob][0]
        source = FileSource(buffer, magic, meta_start, meta_end, dataset_start,
                            None if compressed is None else _view(compressed), _view(tail))
        if preamble is True:
            preamble = buffer[:128].tobytes()
    log = loader.log if state[5] is not None else None
    return DicomFile(preamble, meta, dataset, syntax, source, read_log=log, **extras)

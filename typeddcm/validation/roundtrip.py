"""Round trip from values (issue 11, section 1): do a file's bytes follow from its values?

Strategy: the writer copies unchanged elements as slices of their source, so a
byte-for-byte write proves nothing about the decoded values.  Here every element
read from bytes is encoded again from its VR object (``codec.values.encode_value``
and the writer's header packing), with the encoding it was read under (the
``RawValue``'s byte order, VR form and Specific Character Set in force) and the
length style it was read with (undefined or defined, for sequences, items and
encapsulated pixel data), and compared with its original bytes (``RawValue``
offsets; items by their ``Origin``).  Only a mismatch costs more than one encode
and one comparison: then it is classified (:data:`CLASSES`).

A container's length follows from its contents: a sequence or item whose elements
already differ is not reported again for its recomputed length.  Bytes between
elements that the reader skipped (stray delimiters, repeated tags dropped, gaps)
are reported as ``skipped-bytes``.

:func:`check_conformant` is the second check: write with ``like_original=False``,
read back, and report every element whose value (meaning) changed, or why the
write failed.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import attrs

from typeddcm.codec._level import Encoding
from typeddcm.codec.reader import Origin, RawValue
from typeddcm.codec.values import encode_value
from typeddcm.codec.writer import _header
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import EncodeError
from typeddcm.io import has_dicom_marker, read, read_file_bytes
from typeddcm.vr import OB, OW, SQ

__all__ = ["CLASSES", "ConformantCheck", "Difference", "RoundtripCheck", "ValueChange",
           "check_conformant", "conformant_file", "reencode_differences", "roundtrip_values"]

_ITEM = 0xFFFEE000
_ITEM_DELIMITER = 0xFFFEE00D
_SEQUENCE_DELIMITER = 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_PAD = b" \x00"
_TEXT_CHARSET_VRS = frozenset({"SH", "LO", "ST", "LT", "UC", "UT", "PN"})
_NUMERIC_TEXT = frozenset({"DS", "IS"})

#: The documented classes of difference, and what each means.
CLASSES: dict[str, str] = {
    "padding-byte": "one pad byte differs: an odd-length value padded, or NUL where a space "
                    "is due (or the reverse; PS3.5 6.2)",
    "trailing-spaces": "values equal but for trailing or leading spaces/NULs of a component",
    "numeric-text": "a DS or IS value written in another text form of the same number",
    "charset-escapes": "ISO 2022 escape sequences placed differently for the same text "
                       "(PS3.5 6.1.2.5)",
    "length-style": "defined length where the file had undefined length, or the reverse",
    "vr-header": "the VR in the header is not the one the value was decoded as (UN read as "
                 "its dictionary VR, an unknown VR code, an implicit VR element in explicit "
                 "VR data)",
    "not-representable": "the decoded value cannot be encoded in the character set in force",
    "undecodable": "the value could not be decoded at all",
    "truncated": "a length field promises more bytes than the data holds (a cut file)",
    "skipped-bytes": "bytes the reader passed over: stray delimiters, repeated tags, gaps",
    "out-of-order": "elements not in ascending tag order (held, and re-encoded, sorted)",
    "other": "any other difference",
}


@attrs.frozen
class Difference:
    """One element whose bytes do not follow from its decoded value.

    ``offset`` is the first differing byte in the buffer read (for a deflated file,
    in the inflated data); ``original`` and ``encoded`` are short hex from a few
    bytes before it; ``kind`` is one of :data:`CLASSES`.
    """

    path: str
    vr: str
    offset: int
    kind: str
    original: str
    encoded: str
    detail: str = ""

    def line(self) -> str:
        """One line of text for this difference."""
        extra = f" ({self.detail})" if self.detail else ""
        vr = f" {self.vr}" if self.vr else ""
        return (f"{self.path or 'top level'}{vr} at {self.offset}: {self.kind}{extra}: "
                f"{self.original or '-'} -> {self.encoded or '-'}")


@attrs.frozen
class RoundtripCheck:
    """One file, re-encoded from its values: "identical", "different", "unreadable" or
    "skipped" (not DICOM, found in a directory)."""

    path: str
    status: str
    size: int | None = None
    differences: tuple[Difference, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = ()
    #: True when offsets count in the inflated data of a deflated file.
    inflated: bool = False

    def counts(self) -> dict[str, int]:
        """How many differences of each class (classes that occur only)."""
        found: dict[str, int] = {}
        for diff in self.differences:
            found[diff.kind] = found.get(diff.kind, 0) + 1
        return found

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON object."""
        data = attrs.asdict(self, filter=lambda _a, v: v is not None)
        data["differences"] = [attrs.asdict(d) for d in self.differences]
        data["warnings"] = list(self.warnings)
        return data

    def line(self) -> str:
        """The result as one line of text (the differences are listed by the caller)."""
        detail = ""
        if self.status == "different":
            parts = ", ".join(f"{n} {k}" for k, n in sorted(self.counts().items()))
            detail = f": {parts}"
        elif self.error is not None:
            detail = f": {self.error}"
        if self.warnings:
            count = len(self.warnings)
            detail += f" ({count} warning{'' if count == 1 else 's'})"
        return f"{self.status:<10} {self.path}{detail}"


# ----------------------------------------------------------------------------- re-encoding


def _hex(data: bytes | memoryview, start: int) -> str:
    start = max(0, start - 4)
    piece = bytes(data[start : start + 16])
    more = "…" if len(data) > start + 16 else ""
    return piece.hex(" ") + more


def _first(a: bytes | memoryview, b: bytes | memoryview) -> int:
    a, b = bytes(a), bytes(b)
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return i
    return min(len(a), len(b))


class _Walk:
    """The differences of one file, found level by level."""

    def __init__(self) -> None:
        self.found: list[Difference] = []

    def add(self, path: str, vr: str, base: int, original: bytes | memoryview,
            encoded: bytes | memoryview, kind: str, detail: str = "") -> None:
        at = _first(original, encoded)
        self.found.append(Difference(path, vr, base + at, kind, _hex(original, at),
                                     _hex(encoded, at), detail))

    def level(self, ds: Dataset, prefix: str, span: tuple[int, int] | None) -> int:
        """Check every element of ``ds``; the re-encoded length of its elements."""
        total = 0
        read: list[tuple[Element, RawValue]] = []
        for elem in ds.elements():
            raw = elem._raw
            if isinstance(raw, RawValue):  # else built in code: nothing to compare with
                read.append((elem, raw))
                total += self.element(elem, raw, prefix)
        if not read:
            return total
        starts = [raw.start for _, raw in read]
        if starts != sorted(starts):
            # The store holds elements in tag order; the file did not: a writer from
            # values cannot give these bytes back.
            first = next(raw for (_, raw), after in zip(read, starts[1:], strict=False)
                         if raw.start > after)
            self.found.append(Difference(prefix, "", first.start, "out-of-order", "", "",
                                         "elements out of ascending tag order"))
            read.sort(key=lambda pair: pair[1].start)
        buf = read[0][1].level.buffer
        last_end = span[0] if span is not None else read[0][1].start
        for _, raw in read:
            if raw.start != last_end:
                self._gap(prefix, buf, last_end, raw.start)
            last_end = raw.end
        if span is not None and last_end < span[1]:
            self._gap(prefix, buf, last_end, span[1])
        return total

    def _gap(self, prefix: str, buf: memoryview, start: int, end: int) -> None:
        if end > start:
            self.add(prefix, "", start, buf[start:end], b"", "skipped-bytes",
                     f"{end - start} bytes")

    def element(self, elem: Element, raw: RawValue, prefix: str) -> int:
        """Check one element; its re-encoded length (the original's when it cannot be)."""
        original = raw.bytes
        try:
            vr = elem.vr
        except Exception as exc:  # any decoding failure is a finding, not a crash
            self.found.append(Difference(f"{prefix}{elem.tag}", raw.vr, raw.start, "undecodable",
                                         _hex(original, 0), "", f"{type(exc).__name__}: {exc}"))
            return len(original)
        enc = raw.encoding
        tag = int(elem.tag)
        if isinstance(vr, SQ):
            return self.sequence(elem, vr, raw, f"{prefix}{elem.tag}")
        try:
            if isinstance(vr, (OB, OW)) and elem._undefined_length:
                value: bytes | memoryview = vr.data
                header = _header(tag, vr.code, _UNDEFINED, enc)
                tail = _header(_SEQUENCE_DELIMITER, "", 0, enc)
            else:
                value = encode_value(vr, little_endian=enc.little_endian, charset=enc.charset)
                header = _header(tag, vr.code, len(value), enc)
                tail = b""
        except EncodeError as exc:
            self.found.append(Difference(f"{prefix}{elem.tag}", vr.code, raw.start,
                                         "not-representable", _hex(original, 0), "", str(exc)))
            return len(original)
        size = len(header) + len(value) + len(tail)
        # Copies first: memoryview == bytes compares item by item (50x slower than a
        # copy and memcmp on pixel data).
        if isinstance(value, memoryview):
            value = value.tobytes()
        if size == len(original):
            if len(value) < 4096 and not tail:  # the common case: one join, one compare
                if original.tobytes() == header + value:
                    return size
            elif (raw.value_start - raw.start == len(header)
                  and original[: len(header)].tobytes() == header
                  and original[len(header) : len(header) + len(value)].tobytes() == value
                  and original[size - len(tail) :].tobytes() == tail):
                return size
        self._classify(f"{prefix}{elem.tag}", vr.code, raw, header, value, tail, enc)
        return size

    def _classify(self, path: str, code: str, raw: RawValue, header: bytes,
                  value: bytes | memoryview, tail: bytes, enc: Encoding) -> None:
        buf = raw.level.buffer
        old_header = buf[raw.start : raw.value_start]
        old_value = bytes(buf[raw.value_start : raw.value_end])
        new_value = bytes(value)
        if old_value != new_value:
            kind = _value_class(code, old_value, new_value)
            self.add(path, code, raw.value_start, old_value, new_value, kind)
            return
        if bytes(old_header) != header:
            kind = "other"
            if _length_field(old_header, enc) > raw.value_end - raw.value_start and (
                    _length_field(old_header, enc) != _UNDEFINED):
                kind = "truncated"
            elif not enc.implicit_vr and (len(old_header) != len(header)
                                        or bytes(old_header[4:6]) != header[4:6]):
                kind = "vr-header"
            elif (_length_field(old_header, enc) == _UNDEFINED) != (
                    _length_field(header, enc) == _UNDEFINED):
                kind = "length-style"
            self.add(path, code, raw.start, old_header, header, kind)
            return
        old_tail = buf[raw.value_end : raw.end]
        self.add(path, code, raw.value_end, old_tail, tail, "other", "delimiter")

    def sequence(self, elem: Element, vr: SQ, raw: RawValue, path: str) -> int:
        enc = raw.encoding
        buf = raw.level.buffer
        before = len(self.found)
        undefined = elem._undefined_length
        body = 0
        pos = raw.value_start
        for index, item in enumerate(vr.values):
            origin: Origin | None = item._origin
            if origin is None:
                continue
            if origin.start != pos:
                self._gap(f"{path}[{index}]", buf, pos, origin.start)
            body += self.item(item, origin, f"{path}[{index}]")
            pos = origin.end
        if pos != raw.value_end:
            self._gap(path, buf, pos, raw.value_end)
        header = _header(int(elem.tag), "SQ", _UNDEFINED if undefined else body, enc)
        tail = _header(_SEQUENCE_DELIMITER, "", 0, enc) if undefined else b""
        old_header = buf[raw.start : raw.value_start]
        if len(self.found) == before and bytes(old_header) != header:
            kind = "vr-header" if (not enc.implicit_vr and bytes(old_header[4:6]) != b"SQ") \
                else "other"
            self.add(path, "SQ", raw.start, old_header, header, kind)
        if bytes(buf[raw.value_end : raw.end]) != tail:
            self.add(path, "SQ", raw.value_end, buf[raw.value_end : raw.end], tail, "other",
                     "sequence delimiter")
        return len(header) + body + len(tail)

    def item(self, item: Dataset, origin: Origin, path: str) -> int:
        before = len(self.found)
        enc = origin.encoding
        buf = origin.buffer
        body = self.level(item, path, (origin.body_start, origin.body_end))
        undefined = origin.undefined_length
        header = _header(_ITEM, "", _UNDEFINED if undefined else body, enc)
        tail = _header(_ITEM_DELIMITER, "", 0, enc) if undefined else b""
        old_header = buf[origin.start : origin.body_start]
        if len(self.found) == before and bytes(old_header) != header:
            declared = _length_field(old_header, enc)
            kind = "truncated" if declared != _UNDEFINED and declared > body else "other"
            self.add(path, "", origin.start, old_header, header, kind, "item header")
        if bytes(buf[origin.body_end : origin.end]) != tail:
            self.add(path, "", origin.body_end, buf[origin.body_end : origin.end], tail,
                     "other", "item delimiter")
        return len(header) + body + len(tail)


def _length_field(header: bytes | memoryview, enc: Encoding) -> int:
    data = bytes(header)
    order: Literal["little", "big"] = "little" if enc.little_endian else "big"
    if len(data) == 12:  # explicit VR, 4-byte length form
        return int.from_bytes(data[8:12], order)
    if len(data) != 8:
        return -1
    if enc.implicit_vr or data[:2] in (b"\xfe\xff", b"\xff\xfe"):  # implicit, or an item
        return int.from_bytes(data[4:8], order)
    return int.from_bytes(data[6:8], order)  # explicit VR, 2-byte length form


def _components(data: bytes) -> list[bytes]:
    return [part.strip(_PAD) for part in data.split(b"\\")]


def _numbers(data: bytes) -> list[float] | None:
    try:
        return [float(part) for part in data.decode("ascii").split("\\") if part.strip()]
    except (UnicodeDecodeError, ValueError):
        return None


def _value_class(code: str, old: bytes, new: bytes) -> str:
    """Which documented class a value difference belongs to (``other`` when none)."""
    stripped = old.rstrip(_PAD)
    if stripped == new.rstrip(_PAD):
        # One pad byte on each side at most: the pad itself differs (or one is missing).
        if len(old) - len(stripped) <= 1 and len(new) - len(stripped) <= 1:
            return "padding-byte"
        return "trailing-spaces"
    if code in _NUMERIC_TEXT:
        a, b = _numbers(old), _numbers(new)
        if a is not None and a == b:
            return "numeric-text"
    if _components(old) == _components(new):
        return "trailing-spaces"
    if code in _TEXT_CHARSET_VRS and (b"\x1b" in old or b"\x1b" in new):
        return "charset-escapes"
    return "other"


def reencode_differences(f: DicomFile) -> list[Difference]:
    """Every element of ``f`` (meta and dataset) re-encoded from its decoded value and
    compared with the bytes it was read from; the differences, in file order."""
    walk = _Walk()
    for ds in (f.meta, f.dataset):
        origin: Origin | None = ds._origin
        span = (origin.body_start, origin.body_end) if origin is not None else None
        walk.level(ds, "", span)
    return walk.found


# ----------------------------------------------------------------------------- files


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _read(path: Path, force: bool, must_be_dicom: bool
          ) -> tuple[DicomFile | None, RoundtripCheck | None, list[str], int]:
    """Read ``path``: the file, or the result to report instead (skipped or unreadable)."""
    name = str(path)
    try:
        if not force and not must_be_dicom and not has_dicom_marker(path):
            return None, RoundtripCheck(name, "skipped", size=path.stat().st_size,
                                        error="no DICM marker at byte 128 (--force tries it)"
                                        ), [], 0
        data = read_file_bytes(path)
    except OSError as exc:
        return None, RoundtripCheck(name, "unreadable", error=_describe(exc)), [], 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            f = read(data, force=force)
        except Exception as exc:  # every reading problem is a result, not a crash
            notes = [str(w.message) for w in caught]
            return None, RoundtripCheck(name, "unreadable", size=len(data),
                                        error=_describe(exc), warnings=tuple(notes)), notes, 0
    return f, None, [str(w.message) for w in caught], len(data)


def roundtrip_values(path: Path, *, force: bool = False,
                     must_be_dicom: bool = False) -> RoundtripCheck:
    """Read ``path`` and re-encode every element from its value (:func:`reencode_differences`).

    Without ``force`` a file without "DICM" at byte 128 is "skipped", unless
    ``must_be_dicom`` (named on the command line: read, and unreadable if not DICOM).
    """
    f, early, notes, size = _read(path, force, must_be_dicom)
    if early is not None or f is None:
        assert early is not None
        return early
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # values decoded now may warn too
        try:
            found = reencode_differences(f)
        except Exception as exc:  # a structure we cannot walk: reported, never a crash
            return RoundtripCheck(str(path), "unreadable", size=size, error=_describe(exc),
                                  warnings=tuple(notes))
    notes += [str(w.message) for w in caught]
    source = f.source
    inflated = bool(source is not None and source.compressed is not None)
    return RoundtripCheck(str(path), "different" if found else "identical", size=size,
                          differences=tuple(found), warnings=tuple(notes), inflated=inflated)


# ----------------------------------------------------------------------------- conformant


@attrs.frozen
class ValueChange:
    """An element whose meaning changed in a conformant write: ``change`` is "missing",
    "added", "vr", "value" or "group-length" (recomputed: the file's own was wrong);
    ``before`` and ``after`` are short texts of the values."""

    path: str
    change: str
    before: str = ""
    after: str = ""

    def line(self) -> str:
        """One line of text for this change."""
        return f"{self.path} {self.change}: {self.before or '-'} -> {self.after or '-'}"


@attrs.frozen
class ConformantCheck:
    """One file written conformant and read back: "same", "changed", "unwritable" or
    "unreadable" (the file itself, or what was written)."""

    path: str
    status: str
    changes: tuple[ValueChange, ...] = ()
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON object."""
        data = attrs.asdict(self, filter=lambda _a, v: v is not None)
        data["changes"] = [attrs.asdict(c) for c in self.changes]
        return data

    def line(self) -> str:
        """The result as one line of text (the changes are listed by the caller)."""
        if self.status == "changed":
            count = len(self.changes)
            return (f"{self.status:<10} {self.path}: {count} element{'' if count == 1 else 's'} "
                    "changed")
        detail = f": {self.error}" if self.error else ""
        return f"{self.status:<10} {self.path}{detail}"


def _short(elem: Element) -> str:
    try:
        text = repr(elem.vr)
    except Exception as exc:  # a value that cannot be decoded is shown as such
        return f"<{type(exc).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _compare(a: Dataset, b: Dataset, prefix: str) -> Iterator[ValueChange]:
    tags = sorted(set(a.keys()) | set(b.keys()))
    for tag in tags:
        path = f"{prefix}{tag}"
        x, y = a.get(tag), b.get(tag)
        if x is None or y is None:
            present = x if x is not None else y
            assert present is not None
            yield ValueChange(path, "added" if x is None else "missing",
                              "" if x is None else _short(present),
                              "" if y is None else _short(present))
            continue
        try:
            vx, vy = x.vr, y.vr
        except Exception as exc:  # an undecodable value on either side
            yield ValueChange(path, "value", "", _describe(exc))
            continue
        if vx.code != vy.code:
            yield ValueChange(path, "vr", vx.code, vy.code)
        elif isinstance(vx, SQ) and isinstance(vy, SQ):
            if len(vx.values) != len(vy.values):
                yield ValueChange(path, "value", f"{len(vx.values)} items",
                                  f"{len(vy.values)} items")
            for index, (i, j) in enumerate(zip(vx.values, vy.values, strict=False)):
                yield from _compare(i, j, f"{path}[{index}]")
        elif vx != vy:
            # A group length is recomputed by a conformant write: a different value means
            # the file's own was wrong, not that data changed.
            kind = "group-length" if tag.element == 0 else "value"
            yield ValueChange(path, kind, _short(x), _short(y))


def check_conformant(f: DicomFile) -> ConformantCheck:
    """Write ``f`` with ``like_original=False``, read it back and compare the dataset's
    values (the file meta is rebuilt by a conformant write, so it is not compared)."""
    name = str(f.source.path) if f.source is not None and getattr(f.source, "path", None) \
        else ""
    try:
        data = f.to_bytes(like_original=False)
    except Exception as exc:  # why writing failed is the answer
        return ConformantCheck(name, "unwritable", error=_describe(exc))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            back = read(data)
            changes = tuple(_compare(f.dataset, back.dataset, ""))
    except Exception as exc:  # what we wrote cannot be read back: a finding
        return ConformantCheck(name, "unreadable", error=f"reading the written file: "
                               f"{_describe(exc)}")
    return ConformantCheck(name, "changed" if changes else "same", changes)


def conformant_file(path: Path, *, force: bool = False,
                    must_be_dicom: bool = False) -> ConformantCheck:
    """Read ``path`` and run :func:`check_conformant` on it ("skipped" for non-DICOM
    files in a directory, as :func:`roundtrip_values`)."""
    f, early, _notes, _size = _read(path, force, must_be_dicom)
    if early is not None or f is None:
        assert early is not None
        return ConformantCheck(str(path), early.status, error=early.error)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the round trip check reports reading warnings
        return attrs.evolve(check_conformant(f), path=str(path))

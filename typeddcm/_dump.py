"""What the command line prints: dcmdump-like listings, the DICOM JSON model, byte locations.

Strategy: everything here reads a :class:`~typeddcm.dicomfile.DicomFile` and
returns text or plain data; nothing prints and nothing opens files (the CLI
does).  Values are decoded one element at a time and a value that cannot be
decoded is shown as such, so a listing never stops half way.  Lengths come from
where an element was read (``Element._raw``), or are computed by encoding the
value when it was built in code.

The JSON form follows PS3.18 F.2 (``{"00100010": {"vr": "PN", "Value":
[{"Alphabetic": "Doe^John"}]}}``) with one documented departure: a bulk value
(OB, OW, OF, OD, OL, OV, UN) over :data:`INLINE_BINARY_LIMIT` bytes is not
inlined; it becomes ``{"vr": "OB", "InlineBinary": null, "Length": N}``, a
placeholder that says how long the value is (there is no BulkDataURI to give).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import typeddcm.vr as vrs
from typeddcm.codec._level import Encoding
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.dictionary import private_lookup_tag
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import AT, DS, FD, FL, IS, PN, SQ, AnyVR

if TYPE_CHECKING:
    from typeddcm.dicomfile import DicomFile

__all__ = [
    "INLINE_BINARY_LIMIT",
    "TEXT_WIDTH",
    "dataset_json",
    "file_json",
    "listing",
    "locate",
]

#: Longest value text shown in a listing line; longer text is cut and ends in "...".
TEXT_WIDTH = 64
#: Bulk values longer than this (in bytes) are not inlined in JSON (see the module docstring).
INLINE_BINARY_LIMIT = 1024

_BULK = (vrs.OB, vrs.OD, vrs.OF, vrs.OL, vrs.OV, vrs.OW, vrs.UN)
_NUMBERS = (vrs.US, vrs.SS, vrs.UL, vrs.SL, vrs.UV, vrs.SV, FL, FD)
_INDENT = "  "
_CHARSET_TAG = 0x00080005
_ITEM_TAG = "(FFFE,E000)"


# ----------------------------------------------------------------------------- listing


def listing(f: DicomFile, *, name: str = "", header_only: bool = False) -> Iterator[str]:
    """The lines of a dcmdump-like listing of ``f``: a short header, the file meta, the dataset.

    Each element is ``(gggg,eeee) VR [length] Name: value``; sequence items get an
    item line and are indented two spaces per level.
    """
    syntax = f.transfer_syntax
    if name:
        yield f"# File: {name}"
    yield f"# Transfer Syntax: {syntax.name} ({syntax.uid})"
    yield "# File Meta Information"
    if len(f.meta):
        yield from dataset_lines(f.meta, Encoding(True, False))
    else:
        yield "(none)"
    if header_only:
        return
    yield "# Dataset"
    yield from dataset_lines(f.dataset, Encoding(syntax.little_endian, syntax.implicit_vr))


def dataset_lines(ds: Dataset, encoding: Encoding, depth: int = 0) -> Iterator[str]:
    """The listing lines of one dataset level (and, recursively, its sequence items)."""
    encoding = _level_encoding(ds, encoding)
    indent = _INDENT * depth
    for elem in ds.elements():
        vr, problem = _decoded(elem)
        code = vr.code if vr is not None else _raw_vr(elem)
        length = _length_text(elem, vr, encoding)
        name = element_name(elem, ds)
        if vr is None:
            yield f"{indent}{elem.tag} {code} [{length}] {name}: <cannot decode: {problem}>"
            continue
        yield f"{indent}{elem.tag} {code} [{length}] {name}: {value_text(vr)}"
        if isinstance(vr, SQ):
            count = len(vr.values)
            for number, item in enumerate(vr.values, start=1):
                yield (f"{indent}{_INDENT}{_ITEM_TAG} -- [{_item_length(item)}] "
                       f"Item {number} of {count}")
                yield from dataset_lines(item, encoding, depth + 2)


def element_name(elem: Element, ds: Dataset) -> str:
    """The dictionary name; for a private element, the private dictionary's name via its creator."""
    tag = elem.tag
    if tag.is_private and not tag.is_private_creator and tag.element >= 0x1000:
        creator = ds.get(Tag(tag.group, tag.element >> 8))
        if creator is not None:
            try:
                values = creator.vr.values
                text = str(values[0]).strip(" \x00") if len(values) == 1 else ""
            except Exception:  # a creator that cannot be decoded names nothing
                text = ""
            entry = private_lookup_tag(text, int(tag)) if text else None
            if entry is not None and entry.name:
                return entry.name
    return elem.name


def value_text(vr: AnyVR) -> str:
    """A value as one short line: text cut to TEXT_WIDTH, bulk data as ``<N bytes>``."""
    if isinstance(vr, SQ):
        count = len(vr.values)
        return f"({count} item{'' if count == 1 else 's'})"
    if isinstance(vr, _BULK):
        return f"<{vr.nbytes} bytes>"
    if isinstance(vr, _NUMBERS):
        shown = vr.array[:TEXT_WIDTH // 2].tolist()
        text = "\\".join(str(v) for v in shown)
        if len(vr.array) > len(shown):
            text += "\\..."
    else:
        text = str(vr)
    if not text and not vr.values:
        return "(no value)"
    text = _printable(text)
    return text if len(text) <= TEXT_WIDTH else text[: TEXT_WIDTH - 3] + "..."


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _decoded(elem: Element) -> tuple[AnyVR | None, str]:
    try:
        return elem.vr, ""
    except Exception as exc:  # a listing shows what it can; the problem goes in the line
        return None, f"{type(exc).__name__}: {exc}"


def _raw_vr(elem: Element) -> str:
    raw = elem._raw
    return raw.vr if isinstance(raw, RawValue) else "??"


def _level_encoding(ds: Dataset, encoding: Encoding) -> Encoding:
    elem = ds.get(_CHARSET_TAG)
    if elem is None:
        return encoding
    try:
        return encoding.with_charset(CharacterSet.from_terms([str(v) for v in elem.vr.values]))
    except Exception:  # an unusable character set changes nothing we show
        return encoding


def _length_text(elem: Element, vr: AnyVR | None, encoding: Encoding) -> str:
    """The value length: as read when the element came from a file, else as it would encode."""
    raw = elem._raw
    if elem._undefined_length:
        return "u/l"
    if isinstance(raw, RawValue):
        return str(raw.value_end - raw.value_start)
    if vr is None:
        return "?"
    try:
        return str(_encoded_length(elem, encoding))
    except Exception:  # a value that cannot be encoded still gets listed
        return "?"


def _encoded_length(elem: Element, encoding: Encoding) -> int:
    from typeddcm.codec.writer import encode_dataset  # the writer, only for built elements

    whole = encode_dataset(Dataset.from_sorted_elements([elem]), encoding, like_original=False)
    header = 8 if encoding.implicit_vr or not elem.vr.long_length else 12
    return len(whole) - header


def _item_length(item: Dataset) -> str:
    origin = item._origin
    if origin is None or origin.store is not item._store:
        return "?"
    if origin.undefined_length:
        return "u/l"
    return str(origin.body_end - origin.body_start)


# ----------------------------------------------------------------------------- JSON


def file_json(f: DicomFile, *, header_only: bool = False) -> dict[str, Any]:
    """The file meta and the dataset as one PS3.18 F.2 JSON object (meta only if asked)."""
    result = dataset_json(f.meta)
    if not header_only:
        result.update(dataset_json(f.dataset))
    return result


def dataset_json(ds: Dataset) -> dict[str, Any]:
    """One dataset in the DICOM JSON model of PS3.18 F.2 (see the module docstring)."""
    return {f"{int(elem.tag):08X}": element_json(elem) for elem in ds.elements()}


def element_json(elem: Element) -> dict[str, Any]:
    """One element's JSON object: ``{"vr": ..., "Value": [...]}`` or an InlineBinary."""
    try:
        vr = elem.vr
    except Exception:  # undecodable: give the bytes as read, as UN
        raw = elem._raw
        data = bytes(raw.level.buffer[raw.value_start : raw.value_end]) if isinstance(
            raw, RawValue) else b""
        return _binary_json("UN", data)
    if isinstance(vr, _BULK):
        return _binary_json(vr.code, vr.tobytes(little_endian=True))
    result: dict[str, Any] = {"vr": vr.code}
    values = _json_values(vr)
    if values:
        result["Value"] = values
    return result


def _binary_json(code: str, data: bytes) -> dict[str, Any]:
    result: dict[str, Any] = {"vr": code}
    if len(data) > INLINE_BINARY_LIMIT:
        result["InlineBinary"] = None
        result["Length"] = len(data)
    elif data:
        result["InlineBinary"] = base64.b64encode(data).decode("ascii")
    return result


def _json_values(vr: AnyVR) -> list[Any]:
    if isinstance(vr, SQ):
        return [dataset_json(item) for item in vr.values]
    if isinstance(vr, PN):
        return [_person_name(str(v)) for v in vr.values]
    if isinstance(vr, AT):
        return [f"{int(t):08X}" for t in vr.values]
    if isinstance(vr, DS):
        return [_ds_number(v.text) for v in vr.values]
    if isinstance(vr, IS):
        return [_ds_number(v.text) for v in vr.values]
    if isinstance(vr, (FL, FD)):
        return [v if math.isfinite(v) else str(v) for v in vr.values]
    if isinstance(vr, _NUMBERS):
        return [int(v) for v in vr.values]
    return [str(v) if str(v) else None for v in vr.values]


def _person_name(text: str) -> dict[str, str] | None:
    if not text:
        return None
    groups = text.split("=", 2)
    names = ("Alphabetic", "Ideographic", "Phonetic")
    return {key: group for key, group in zip(names, groups, strict=False) if group}


def _ds_number(text: str) -> int | float | str | None:
    """A DS or IS value as a JSON number (int when it is one); odd text stays text."""
    text = text.strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = float(text)
    except ValueError:
        return text  # not a number: keep the text rather than lose it
    return number if math.isfinite(number) else text


# ----------------------------------------------------------------------------- locating bytes


def locate(f: DicomFile, offset: int) -> str | None:
    """Where byte ``offset`` of the file ``f`` was read from, as a tag path, when known.

    ``"preamble"``, ``"DICM marker"``, or the path of the innermost element (or item)
    whose bytes hold the offset, e.g. ``(300A,00B0)[1](300A,0111)[0](300A,011E)``.
    Only files read from a buffer whose offsets are file offsets can be located (not
    deflated ones); otherwise None.
    """
    source = f.source
    buffer = getattr(source, "buffer", None)
    magic = getattr(source, "magic_offset", None)
    if buffer is None:
        return None
    if magic == 128 and offset < 128:
        return "preamble"
    if magic is not None and magic <= offset < magic + 4:
        return "DICM marker"
    for ds in (f.meta, f.dataset):
        found = _locate_in(ds, buffer, offset)
        if found is not None:
            return found
    return None


def _locate_in(ds: Dataset, buffer: memoryview, offset: int) -> str | None:
    for elem in ds.elements():
        raw = elem._raw
        if not isinstance(raw, RawValue) or raw.level.buffer is not buffer:
            continue
        if not raw.start <= offset < raw.end:
            continue
        path = str(elem.tag)
        if raw.vr != "SQ" or offset < raw.value_start:
            return path
        try:
            items = elem.vr.values if isinstance(elem.vr, SQ) else ()
        except Exception:  # the bytes are known, the items are not
            return path
        for index, item in enumerate(items):
            origin = item._origin
            if origin is None or not origin.start <= offset < origin.end:
                continue
            inner = _locate_in(item, buffer, offset)
            return f"{path}[{index}]" + (inner or "")
        return path
    return None

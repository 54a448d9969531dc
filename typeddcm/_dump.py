"""What the command line prints: dcmdump-like listings, the DICOM JSON model, byte locations.

Strategy: everything here reads a :class:`~typeddcm.dicomfile.DicomFile` and
returns text or plain data; nothing prints and nothing opens files (the CLI
does).  Values are decoded one element at a time and a value that cannot be
decoded is shown as such, so a listing never stops half way.  Lengths come from
where an element was read (``Element._raw``), or are computed by encoding the
value when it was built in code.

The JSON form is :mod:`typeddcm.dicomjson`'s (PS3.18 F.2: ``{"00100010": {"vr":
"PN", "Value": [{"Alphabetic": "Doe^John"}]}}``), every bulk value inlined as
base64 (there is no BulkDataURI to give); an element whose value cannot be
decoded is given as the bytes it was read from, as UN.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import TYPE_CHECKING

import typeddcm.vr as vrs
from typeddcm.codec._level import Encoding
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.dicomjson._encode import Encoder
from typeddcm.dicomjson._model import JSONAttribute, JSONDataset
from typeddcm.dictionary import private_lookup_tag
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import FD, FL, SQ, AnyVR

if TYPE_CHECKING:
    from typeddcm.dicomfile import DicomFile

__all__ = [
    "TEXT_WIDTH",
    "dataset_json",
    "file_json",
    "listing",
    "locate",
]

#: Longest value text shown in a listing line; longer text is cut and ends in "...".
TEXT_WIDTH = 64

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


def file_json(f: DicomFile, *, header_only: bool = False) -> JSONDataset:
    """The file meta and the dataset as one PS3.18 F.2 JSON object (meta only if asked)."""
    result = dataset_json(f.meta)
    if not header_only:
        result.update(dataset_json(f.dataset))
    return result


def dataset_json(ds: Dataset) -> JSONDataset:
    """One dataset in the DICOM JSON model, every value inlined (see the module docstring)."""
    encoder = Encoder()
    result: JSONDataset = {}
    for elem in ds.elements():
        try:
            result[f"{int(elem.tag):08X}"] = encoder.element(elem)
        except Exception:  # undecodable: give the bytes as read, as UN
            raw = elem._raw
            data = bytes(raw.level.buffer[raw.value_start : raw.value_end]) if isinstance(
                raw, RawValue) else b""
            attribute: JSONAttribute = {"vr": "UN"}
            if data:
                attribute["InlineBinary"] = base64.b64encode(data).decode("ascii")
            result[f"{int(elem.tag):08X}"] = attribute
    return result


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

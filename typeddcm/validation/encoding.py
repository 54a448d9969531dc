"""Encoding checks (issue 11): does each data element follow PS3.5, PS3.6 and PS3.10?

:func:`check_encoding` checks a file read (or built): its file meta (PS3.10 7.1), its
Transfer Syntax against what the reader found in the data, then every element of the
dataset at every depth; :func:`check_dataset_encoding` does the dataset part alone.
Per element: the VR against the dictionary's (PS3.6 6; UN only an info), the VM against
the dictionary's VM, the value against its VR's rules (the VR classes' own strict
validation, so the rules of PS3.5 6.2 live in one place: ``typeddcm/vr``), retired
attributes, private elements and their creators (PS3.5 7.8), odd value lengths (PS3.5
7.1.1), and group lengths against the bytes of their group (as read; a partial read skips
the groups it cut).  Pixel Data against its attributes and syntax: ``pixels.py``.  Finally the
records the read made (structure, character set, transfer syntax problems) become
findings too, since the walk has decoded every value by then.

Strategy: one pass per dataset level in tag order (private creators precede their
blocks, and a group's elements are contiguous, so both checks need no second pass).
Findings carry the tag path ``(0040,0275)[0](0008,0100)``; paths are only formatted
when a finding is made, which keeps a clean CT header well under its 2 ms budget.
A value that cannot be decoded is a finding, never an exception.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from typeddcm.codec._level import Encoding
from typeddcm.codec.reader import RawValue
from typeddcm.codec.writer import encode_dataset
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.dictionary import lookup, uid_info
from typeddcm.element import Element
from typeddcm.errors import (
    CharacterSetWarning,
    DicomError,
    InvalidValueError,
    TransferSyntaxWarning,
)
from typeddcm.validation._access import tag_text
from typeddcm.validation._report import Finding, Severity
from typeddcm.validation.pixels import check_pixel_data
from typeddcm.vr import FD, FL, SL, SQ, SS, SV, UL, US, UV, VR

__all__ = ["check_dataset_encoding", "check_encoding", "lexical_count", "vm_allows"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

_PS35_VR = "PS3.5 6.2"
_PS35_VM = "PS3.5 6.4"
_PS35_PRIVATE = "PS3.5 7.8.1"
_PS35_GROUP_LENGTH = "PS3.5 7.2"
_PS35_LENGTH = "PS3.5 7.1.1"
_PS36 = "PS3.6 6"
_PS310_META = "PS3.10 7.1"

#: Deeper nesting is reported, not followed (a dataset built in code has no reader's bound).
MAX_DEPTH = 128
#: Odd groups that are not private and shall not be used (PS3.5 7.1).
_ILLEGAL_ODD_GROUPS = frozenset({0x0001, 0x0003, 0x0005, 0x0007, 0xFFFF})
_EXPLICIT_LE = Encoding(True, False)
_PIXEL_DATA = 0x7FE00010

# PS3.10 Table 7.1-1: the file meta elements and their Types (3 = optional).
_META_TYPE1 = (
    (0x00020000, "File Meta Information Group Length"),
    (0x00020001, "File Meta Information Version"),
    (0x00020002, "Media Storage SOP Class UID"),
    (0x00020003, "Media Storage SOP Instance UID"),
    (0x00020010, "Transfer Syntax UID"),
    (0x00020012, "Implementation Class UID"),
)
_META_KNOWN = frozenset(
    {tag for tag, _ in _META_TYPE1}
    | {0x00020013, 0x00020016, 0x00020017, 0x00020018, 0x00020026, 0x00020027, 0x00020028,
       0x00020031, 0x00020032, 0x00020033, 0x00020035, 0x00020036, 0x00020037, 0x00020038,
       0x00020100, 0x00020102}
)
_META_VERSION = b"\x00\x01"
#: Fixed-width binary VRs: any array of the VR's dtype keeps PS3.5 (its width is the range),
#: and both the decoder and the constructors make exactly that, so validating them would
#: only convert arrays to tuples (a third of the time of a CT header's check).
_ALWAYS_VALID = frozenset({US, SS, UL, SL, UV, SV, FL, FD})
#: Their codes and value widths in bytes, for values counted without decoding them.
_WIDTH = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "FL": 4, "FD": 8, "UV": 8, "SV": 8}

#: Text VRs whose PS3.5 rules are lexical, checked on the value's bytes as read: (each
#: value's pattern, its longest length).  A value that matches keeps the VR class's
#: strict rules (each bound is at most the rule's, on bytes that include the padding the
#: decoder strips; IS with at most 9 digits is inside its range; DS without an exponent
#: is finite; printable ASCII is the same text in every DICOM character set), so it is
#: neither decoded nor built into values, which was most of a header's checking.  A
#: value that does not match is decoded and checked by the class, which names the rule.
_LEXICAL: dict[str, tuple[re.Pattern[bytes], int]] = {
    "CS": (re.compile(rb"[A-Z0-9 _]*"), 16),
    "SH": (re.compile(rb"[\x20-\x5b\x5d-\x7e]*"), 16),
    "LO": (re.compile(rb"[\x20-\x5b\x5d-\x7e]*"), 64),
    "UI": (re.compile(rb"(?:0|[1-9][0-9]*)(?:\.(?:0|[1-9][0-9]*))*"), 64),
    "IS": (re.compile(rb" *[+-]?[0-9]{1,9} *"), 12),
    "DS": (re.compile(rb" *[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+) *"), 16),
    "AS": (re.compile(rb"[0-9]{3}[DWMY]"), 4),
}


def lexical_count(raw: RawValue) -> int | None:
    """The number of values of a raw text value of a :data:`_LEXICAL` VR when every value
    keeps its VR's rules; None when one may not (then decode and check it)."""
    rule = _LEXICAL.get(raw.vr)
    if rule is None:
        return None
    try:
        data = bytes(raw.level.buffer[raw.value_start:raw.value_end]).rstrip(b" \x00")
    except ValueError:  # the file was closed: its buffer is released
        return None
    if not data:
        return 0
    pattern, longest = rule
    parts = data.split(b"\\")
    for part in parts:
        if len(part) > longest or pattern.fullmatch(part) is None:
            return None
    return len(parts)


# ---------------------------------------------------------------- value multiplicity

_VM_RE = re.compile(r"(\d+)(?:-(\d*)(n)?)?")


@functools.lru_cache(maxsize=64)
def _vm_ranges(vm: str) -> tuple[tuple[int, int | None, int], ...] | None:
    """``(minimum, maximum or None, step)`` for each alternative of a PS3.6 VM text.

    "1" -> (1, 1, 1); "1-3" -> (1, 3, 1); "1-n" -> (1, None, 1); "2-2n" -> (2, None, 2)
    (a multiple of 2); "1-n or 1" has two alternatives.  None when the text is not a VM.
    """
    ranges: list[tuple[int, int | None, int]] = []
    for part in vm.split(" or "):
        match = _VM_RE.fullmatch(part.strip())
        if match is None:
            return None
        low = int(match[1])
        if match[2] is None:  # "3"
            ranges.append((low, low, 1))
        elif match[3]:  # "1-n", "2-2n", "3-3n"
            ranges.append((low, None, int(match[2]) if match[2] else 1))
        else:  # "1-3"
            ranges.append((low, int(match[2]), 1))
    return tuple(ranges)


def vm_allows(vm: str, count: int) -> bool:
    """Whether ``count`` values keep the PS3.6 VM text ``vm`` ("1-n", "2-2n" ...).

    Zero values (an empty value) always do; an unknown VM text allows anything.
    """
    if count == 0:
        return True
    if vm == "1":  # most of the dictionary: no parse, no cache look-up
        return count == 1
    ranges = _vm_ranges(vm)
    if ranges is None:
        return True
    for low, high, step in ranges:
        if count >= low and (high is None or count <= high) and count % step == 0:
            return True
    return False


# ---------------------------------------------------------------- public checks


def check_encoding(dicom_file: DicomFile) -> Iterator[Finding]:
    """Findings about how ``dicom_file`` is encoded: file meta, transfer syntax, elements.

    Walks the meta and the whole dataset (into every sequence item), then reports what
    the read recorded while decoding (structure, character set and transfer syntax
    problems).  Never raises for bad content: what cannot be decoded is a finding.
    """
    yield from _check_meta(dicom_file)
    syntax = dicom_file.transfer_syntax
    out: list[Finding] = []
    encoding = Encoding(syntax.little_endian, syntax.implicit_vr)
    _check_level(out, dicom_file.dataset, "", 0, encoding, in_meta=False)
    yield from out
    yield from _check_pixel_encoding(dicom_file)
    yield from check_pixel_data(dicom_file)
    yield from _read_log_findings(dicom_file)


def check_dataset_encoding(dataset: Dataset, *, implicit_vr: bool = False,
                           little_endian: bool = True) -> Iterator[Finding]:
    """Findings about the elements of ``dataset`` (no file meta, no transfer syntax).

    ``implicit_vr`` and ``little_endian`` say how group lengths are measured for
    elements built in code (elements read from bytes are measured as read).
    """
    out: list[Finding] = []
    _check_level(out, dataset, "", 0, Encoding(little_endian, implicit_vr), in_meta=False)
    return iter(out)


# ---------------------------------------------------------------- one level


def _add(out: list[Finding], severity: Severity, rule: str, message: str, path: str,
         reference: str, offset: int | None = None) -> None:
    # The hot checks append to one list: a generator per element and per check (and the
    # ``yield from`` chains through them) cost more than the checks themselves.
    out.append(Finding(severity, rule, message, path, reference, offset))


def _check_level(out: list[Finding], ds: Dataset, prefix: str, depth: int, enc: Encoding,
                 *, in_meta: bool) -> None:
    creators: set[int] = set()  # (group << 8) | block of each private creator present
    group = -1
    group_length: Element | None = None
    members: list[Element] = []
    for elem in ds.elements():
        tag = int(elem.tag)
        this_group = tag >> 16
        if this_group != group:
            if group_length is not None:
                _check_group_length(out, group_length, members, prefix, enc)
            group, group_length, members = this_group, None, []
        if tag & 0xFFFF == 0:
            group_length = elem
        elif group_length is not None:
            members.append(elem)
        _check_element(out, elem, tag, prefix, depth, enc, creators, in_meta=in_meta)
    if group_length is not None:
        _check_group_length(out, group_length, members, prefix, enc)


def _check_element(out: list[Finding], elem: Element, tag: int, prefix: str, depth: int,
                   enc: Encoding, creators: set[int], *, in_meta: bool) -> None:
    group = tag >> 16
    number = tag & 0xFFFF
    raw = elem._raw
    vr = elem._vr  # the property takes a lock to decode once; a decoded value needs none
    if type(raw) is RawValue:
        offset: int | None = raw.start
        written = _written_vr(raw)
        length = raw.value_end - raw.value_start
        if length & 1 and not elem.undefined_length:
            _add(out, ERROR, "length", f"value length {length} is odd",
                 prefix + tag_text(tag), _PS35_LENGTH, offset)
        width = _WIDTH.get(raw.vr)
        if width is not None and length % width:
            _add(out, ERROR, "length", f"value length {length} is not a multiple of"
                 f" {width}, the size of one {raw.vr} value", prefix + tag_text(tag),
                 _PS35_VR, offset)
        elif width is not None and vr is None:
            # A fixed-width binary value read whole: its VM is its length over its width
            # and any value keeps PS3.5 (see _ALWAYS_VALID), so it is not decoded at all
            # (numeric arrays are most of a header's decoding).  A length that is not a
            # multiple of the width is reported above and decoded below.
            code, count = raw.vr, length // width
            if group & 1:
                _check_private(out, code, count, written, tag, prefix, offset, creators)
            elif number != 0:
                _check_standard(out, code, count, written, tag, prefix, offset,
                                in_meta=in_meta)
            elif written and written != "UL":
                _add(out, ERROR, "vr", f"a group length has VR UL, not {written}",
                     prefix + tag_text(tag), _PS35_GROUP_LENGTH, offset)
            return
        elif vr is None and number != 0 and (lexical := lexical_count(raw)) is not None:
            if group & 1:
                _check_private(out, raw.vr, lexical, written, tag, prefix, offset, creators)
            else:
                _check_standard(out, raw.vr, lexical, written, tag, prefix, offset,
                                in_meta=in_meta)
            return
    else:
        offset = None
        written = ""
    if vr is None:
        try:
            vr = elem.vr
        except DicomError as exc:
            _add(out, ERROR, "decode", f"value cannot be decoded: {exc}",
                 prefix + tag_text(tag), _PS35_VR, offset)
            return
    code = vr.code
    if offset is None:
        written = code
    if group & 1:
        _check_private(out, code, vr.vm, written, tag, prefix, offset, creators)
    elif number != 0:
        _check_standard(out, code, vr.vm, written, tag, prefix, offset, in_meta=in_meta)
    elif written and written != "UL":
        _add(out, ERROR, "vr", f"a group length has VR UL, not {written}",
             prefix + tag_text(tag), _PS35_GROUP_LENGTH, offset)
    if type(vr) not in _ALWAYS_VALID:
        _check_value(out, vr, tag, prefix, offset)
    if isinstance(vr, SQ):
        _check_items(out, vr, tag, prefix, depth, enc, offset)


def _written_vr(raw: RawValue) -> str:
    """The VR in the element's header; "" in implicit VR (the reader took the dictionary's,
    so there is nothing to compare).

    ``raw.vr`` is the VR the value decodes as, which the reader sets to the dictionary's
    for a UN value it knows; UN (like every long VR) has a 12-byte header, so only those
    headers are read again, which keeps the common short-VR element at one test.
    """
    if raw.encoding.implicit_vr:
        return ""
    if raw.value_start - raw.start != 12:
        return raw.vr
    try:
        return bytes(raw.level.buffer[raw.start + 4 : raw.start + 6]).decode("latin-1")
    except ValueError:  # the file was closed: its buffer is released
        return raw.vr


def _check_standard(out: list[Finding], code: str, count: int, written: str, tag: int,
                    prefix: str, offset: int | None, *, in_meta: bool) -> None:
    group = tag >> 16
    if group == 0x0002 and not in_meta:
        _add(out, ERROR, "file-meta", "a file meta element (group 0002) in the dataset",
             prefix + tag_text(tag), _PS310_META, offset)
    elif in_meta and group != 0x0002:
        _add(out, ERROR, "file-meta", "the file meta holds only group 0002 elements",
             prefix + tag_text(tag), _PS310_META, offset)
    entry = lookup(tag)
    if entry is None:
        _add(out, WARNING, "unknown", "not in the data dictionary",
             prefix + tag_text(tag), _PS36, offset)
        return
    if entry.retired:
        _add(out, WARNING, "retired", f"{entry.keyword or entry.name} is retired",
             prefix + tag_text(tag), _PS36, offset)
    allowed = _allowed_vrs(entry.vr)
    if not allowed:  # items and delimiters: no VR to compare
        return
    if written and written not in allowed:
        if written == "UN":
            # Written by someone whose dictionary lacked the element: allowed (PS3.5 6.2.2).
            _add(out, INFO, "vr", f"VR UN where the dictionary says {entry.vr}",
                 prefix + tag_text(tag), _PS35_VR, offset)
        else:
            _add(out, ERROR, "vr", f"VR {written} where the dictionary says {entry.vr}",
                 prefix + tag_text(tag), _PS35_VR, offset)
            return  # the VM of a value of another VR means nothing
    if code in allowed and code != "SQ" and not vm_allows(entry.vm, count):
        _add(out, ERROR, "vm", f"{count} values where the dictionary allows VM {entry.vm}",
             prefix + tag_text(tag), _PS35_VM, offset)


def _allowed_vrs(text: str) -> tuple[str, ...]:
    """``DictionaryEntry.vrs`` by its VR text, split once per text, not per element."""
    found = _VRS_OF.get(text)
    if found is None:
        found = _VRS_OF[text] = tuple(text.split(" or ")) if text else ()
    return found


_VRS_OF: dict[str, tuple[str, ...]] = {}


def _check_private(out: list[Finding], code: str, count: int, written: str, tag: int,
                   prefix: str, offset: int | None, creators: set[int]) -> None:
    group = tag >> 16
    number = tag & 0xFFFF
    if group in _ILLEGAL_ODD_GROUPS:
        _add(out, ERROR, "private", f"group {group:04X} shall not be used",
             prefix + tag_text(tag), "PS3.5 7.1", offset)
        return
    if number == 0:
        return
    if number < 0x0010 or 0x0100 <= number < 0x1000:
        _add(out, ERROR, "private", "element numbers (gggg,0001-000F) and (gggg,0100-0FFF)"
             " of a private group shall not be used", prefix + tag_text(tag),
             _PS35_PRIVATE, offset)
        return
    if number < 0x0100:  # a private creator
        if written and written != "LO":
            # UN: written without knowing the VR, as for standard elements (only info).
            _add(out, INFO if written == "UN" else ERROR, "vr",
                 f"a private creator has VR LO, not {written}", prefix + tag_text(tag),
                 _PS35_PRIVATE, offset)
        if count:
            creators.add((group << 8) | number)
        else:
            _add(out, ERROR, "private-creator", "a private creator with an empty value",
                 prefix + tag_text(tag), _PS35_PRIVATE, offset)
        return
    if (group << 8) | (number >> 8) not in creators:
        _add(out, ERROR, "private-creator",
             f"private element without its creator ({group:04X},00{number >> 8:02X})",
             prefix + tag_text(tag), _PS35_PRIVATE, offset)


def _check_value(out: list[Finding], vr: VR[object], tag: int, prefix: str,
                 offset: int | None) -> None:
    # The VR classes hold PS3.5's rules; strict validation names the first value breaking one.
    try:
        vr.validate(strict=True)
    except InvalidValueError as exc:
        _add(out, ERROR, "value", f"{exc.vr} value {_short(exc.value)}: {exc.rule}",
             prefix + tag_text(tag), _PS35_VR, offset)
    except (DicomError, ValueError, TypeError, OverflowError) as exc:
        _add(out, ERROR, "value", f"{vr.code} value cannot be checked: {exc}",
             prefix + tag_text(tag), _PS35_VR, offset)


def _short(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_items(out: list[Finding], vr: SQ, tag: int, prefix: str, depth: int, enc: Encoding,
                 offset: int | None) -> None:
    path = prefix + tag_text(tag)
    if depth >= MAX_DEPTH:
        _add(out, ERROR, "depth", f"sequences nested deeper than {MAX_DEPTH} are not checked",
             path, "", offset)
        return
    try:
        items = list(vr.values)
    except DicomError as exc:
        _add(out, ERROR, "decode", f"sequence items cannot be read: {exc}", path,
             _PS35_VR, offset)
        return
    for index, item in enumerate(items):
        try:
            _check_level(out, item, f"{path}[{index}]", depth + 1, enc, in_meta=False)
        except DicomError as exc:
            _add(out, ERROR, "decode", f"item cannot be read: {exc}", f"{path}[{index}]",
                 _PS35_VR, offset)


# ---------------------------------------------------------------- group lengths


def _check_group_length(out: list[Finding], length_elem: Element, members: list[Element],
                        prefix: str, enc: Encoding) -> None:
    tag = int(length_elem.tag)
    raw = length_elem._raw
    offset = None
    if isinstance(raw, RawValue):
        offset = raw.start
        options = raw.level.options
        # A partial read holds only part of the group: its length cannot be measured.
        if options.specific_tags is not None or (
                options.stop_before_pixels and tag >> 16 >= _PIXEL_DATA >> 16):
            return
    try:
        values = length_elem.vr.values
    except DicomError:
        return  # already reported as undecodable
    if len(values) != 1 or not isinstance(values[0], int):
        return  # the VR and VM checks report it
    declared = values[0]
    actual = _encoded_size(members, enc)
    if actual is not None and actual != declared:
        _add(out, ERROR, "group-length",
             f"group length says {declared} bytes but the group's elements take {actual}",
             prefix + tag_text(tag), _PS35_GROUP_LENGTH, offset)


def _encoded_size(members: list[Element], enc: Encoding) -> int | None:
    """Bytes the elements take: as read where they were read, else as they would be written."""
    total = 0
    built: list[Element] = []
    for elem in members:
        raw = elem._raw
        if isinstance(raw, RawValue):
            total += raw.end - raw.start
        else:
            built.append(elem)
    if built:
        try:
            total += len(encode_dataset(Dataset.from_sorted_elements(built), enc))
        except (DicomError, ValueError, TypeError, OverflowError):
            return None  # not encodable: the value checks say why
    return total


# ---------------------------------------------------------------- file meta, transfer syntax


def _check_meta(f: DicomFile) -> Iterator[Finding]:
    meta = f.meta
    if not meta:
        what = "no preamble and no file meta" if f.preamble is None else "no file meta"
        yield Finding(ERROR, "file-meta", f"not a Part 10 file: {what} information", "",
                      _PS310_META)
        return
    out: list[Finding] = []
    _check_level(out, meta, "", 0, _EXPLICIT_LE, in_meta=True)
    yield from out
    for tag, name in _META_TYPE1:
        elem = meta.get(tag)
        if elem is None:
            yield Finding(ERROR, "file-meta", f"{name} {tag_text(tag)} is missing (Type 1)",
                          "", _PS310_META)
        elif not _values(elem):
            yield Finding(ERROR, "file-meta", f"{name} is empty (Type 1)", tag_text(tag),
                          _PS310_META)
    for elem in meta.elements():
        tag = int(elem.tag)
        if tag >> 16 == 0x0002 and tag not in _META_KNOWN:
            yield Finding(WARNING, "file-meta", "not an element of the file meta (PS3.10 Table"
                          " 7.1-1)", tag_text(tag), _PS310_META)
    version = _values(meta.get(0x00020001))
    if version and not (isinstance(version[0], (bytes, memoryview))
                        and bytes(version[0]) == _META_VERSION):
        yield Finding(WARNING, "file-meta", "File Meta Information Version is not 00 01",
                      "(0002,0001)", _PS310_META)
    if (0x00020100 in meta) != (0x00020102 in meta):
        yield Finding(ERROR, "file-meta", "Private Information Creator UID (0002,0100) and"
                      " Private Information (0002,0102) go together (Type 1C)", "", _PS310_META)
    for meta_tag, data_tag, name in ((0x00020002, 0x00080016, "SOP Class UID"),
                                     (0x00020003, 0x00080018, "SOP Instance UID")):
        stored, own = _text(meta.get(meta_tag)), _text(f.dataset.get(data_tag))
        if stored and own and stored != own:
            yield Finding(ERROR, "file-meta", f"Media Storage {name} {stored!r} differs from the"
                          f" dataset's {name} {own!r}", tag_text(meta_tag), _PS310_META)
    yield from _check_transfer_syntax(f)


def _values(elem: Element | None) -> tuple[object, ...]:
    if elem is None:
        return ()
    try:
        return tuple(elem.vr.values)
    except DicomError:
        return ()


def _text(elem: Element | None) -> str:
    values = _values(elem)
    return str(values[0]).strip(" \x00") if len(values) == 1 else ""


def _check_transfer_syntax(f: DicomFile) -> Iterator[Finding]:
    uid = _text(f.meta.get(0x00020010))
    if not uid:
        return  # reported as a missing Type 1 element
    syntax = f.transfer_syntax
    info = uid_info(uid)
    if info is None or info.type != "Transfer Syntax":
        yield Finding(ERROR, "transfer-syntax", f"{uid!r} is not a transfer syntax; the data"
                      f" reads as {syntax.name}", "(0002,0010)", "PS3.5 10")
    elif uid != syntax.uid:
        yield Finding(ERROR, "transfer-syntax", f"the meta says {info.name} but the data is"
                      f" {syntax.name}", "(0002,0010)", "PS3.5 10")
    elif syntax.retired:
        yield Finding(WARNING, "transfer-syntax", f"{syntax.name} is retired", "(0002,0010)",
                      "PS3.5 10")


def _check_pixel_encoding(f: DicomFile) -> Iterator[Finding]:
    pixels = f.dataset.get(_PIXEL_DATA)
    if pixels is None:
        return
    syntax = f.transfer_syntax
    if syntax.encapsulated and not pixels.undefined_length:
        yield Finding(ERROR, "transfer-syntax", f"{syntax.name} holds encapsulated Pixel Data,"
                      " but it is native (defined length)", "(7FE0,0010)", "PS3.5 A.4")
    elif not syntax.encapsulated and pixels.undefined_length:
        yield Finding(ERROR, "transfer-syntax", f"{syntax.name} holds native Pixel Data, but it"
                      " is encapsulated (undefined length)", "(7FE0,0010)", "PS3.5 A.4")


# ---------------------------------------------------------------- the read's records


#: Read records about the meta and its Transfer Syntax UID that the checks above already
#: report in the standard's terms (missing meta, missing, unknown or wrong UID).
_COVERED_PROBLEMS = ("the file has no file meta", "file meta has no Transfer Syntax UID")


def _read_log_findings(f: DicomFile) -> Iterator[Finding]:
    for record in f.warnings:
        if isinstance(record, TransferSyntaxWarning) and (
                record.path == "(0002,0010)" or record.problem.startswith(_COVERED_PROBLEMS)):
            continue
        if isinstance(record, CharacterSetWarning):
            rule, ref = "charset", "PS3.5 6.1"
        elif isinstance(record, TransferSyntaxWarning):
            rule, ref = "transfer-syntax", "PS3.5 10"
        else:
            rule, ref = "structure", "PS3.5 7"
        path = record.path if record.path.startswith("(") else ""
        yield Finding(ERROR, rule, record.problem, path, ref, record.offset)

"""Writing a DICOMDIR: records laid out with their offsets computed (PS3.10 7, PS3.3 F.3).

Every offset in a DICOMDIR is the byte position (from the first byte of the
preamble) of a record's item tag, and the offsets are values inside the file
they point into.  The offset elements are UL, four bytes whatever their value,
so a record's length does not depend on the offsets it holds: ``lay_out``
encodes the file once with zero offsets, finds where each item starts by
reading the bytes back with the codec (so the positions are the encoder's own,
whatever the transfer syntax, item lengths or character sets), sets the
offsets and encodes again.  The second encoding has the same length by
construction, which is checked.

``build_dicomdir`` makes a whole DICOMDIR from a tree of records (``NewRecord``),
in pre-order: a record, then the entity below it, then its next sibling.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from typeddcm.codec._level import Encoding
from typeddcm.codec.part10 import decode_file
from typeddcm.codec.transfer_syntax import (
    EXPLICIT_VR_LITTLE_ENDIAN,
    IMPLICIT_VR_LITTLE_ENDIAN,
    TransferSyntax,
)
from typeddcm.codec.writer import encode_dataset
from typeddcm.dataset import Dataset
from typeddcm.dicomdir.tree import FIRST_ROOT, LAST_ROOT, LOWER, NEXT, SEQUENCE, item_offsets
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import EncodeError
from typeddcm.vr import CS, OB, SQ, UI, UL, US

__all__ = ["MEDIA_STORAGE_DIRECTORY", "NewRecord", "build_dicomdir", "directory_meta", "flatten",
           "lay_out"]

#: Media Storage Directory Storage: the SOP Class of a DICOMDIR.
MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"

_META = Encoding(True, False)


@attrs.frozen(eq=False)
class NewRecord:
    """A record to write (its keys and Directory Record Type) and the entity below it."""

    dataset: Dataset
    children: tuple[NewRecord, ...] = ()


def directory_meta(uid: str, syntax: TransferSyntax, meta: Dataset | None = None) -> Dataset:
    """File meta information for a DICOMDIR (PS3.10 7.1): ``meta``'s elements kept
    (its Implementation Class UID and Version Name included, so a DICOMDIR read and
    written back keeps its layout), the SOP Class, Instance and Transfer Syntax set,
    and the group length recomputed.  An unchanged ``meta`` is returned as it is."""
    from typeddcm.codec.writer import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME

    out = meta if meta is not None else Dataset()
    wanted = {0x00020002: UI(MEDIA_STORAGE_DIRECTORY), 0x00020003: UI(uid),
              0x00020010: UI(syntax.uid)}
    for tag, value in wanted.items():
        found = out.get(tag)
        if found is None or tuple(found.vr.values) != tuple(value.values):
            out = out.set(tag, value)
    if 0x00020001 not in out:
        out = out.set(0x00020001, OB(b"\x00\x01"))
    if 0x00020012 not in out:
        out = out.set(0x00020012, UI(IMPLEMENTATION_CLASS_UID))
        if 0x00020013 not in out:
            out = out.set(0x00020013, IMPLEMENTATION_VERSION_NAME)
    if out is meta:
        return out
    body = encode_dataset(out.discard(0x00020000), _META, like_original=False)
    return out.set(0x00020000, UL(len(body)))


def _without_group_lengths(record: Dataset) -> Dataset:
    """A record without group length elements (retired in records, PS3.5 7.2)."""
    lengths = [tag for tag in record if tag.element == 0]
    for tag in lengths:
        record = record.delete(tag)
    return record


def _with_offsets(record: Dataset, next_offset: int, lower_offset: int) -> Dataset:
    for tag, value in ((NEXT, next_offset), (LOWER, lower_offset)):
        found = record.get(tag)
        if found is None or tuple(found.vr.values) != (value,):
            record = record.set(tag, UL(value))
    return record


def lay_out(header: Dataset, meta: Dataset, records: Sequence[Dataset],
            links: Sequence[tuple[int | None, int | None]], roots: Sequence[int], *,
            syntax: TransferSyntax = EXPLICIT_VR_LITTLE_ENDIAN,
            preamble: bytes | None = None) -> tuple[bytes, tuple[int, ...], Dataset]:
    """The bytes of a DICOMDIR, each record's offset, and the top-level dataset written.

    ``header``: the top-level elements (File-set ID, descriptor, consistency flag;
    any Directory Record Sequence in it is replaced); ``meta``: the file meta (see
    ``directory_meta``); ``records`` in the order they are written; ``links[i]``:
    the indexes of record i's next record and of the first record of its lower
    entity (None for none); ``roots``: the indexes of the root entity's records.
    """
    if len(links) != len(records):
        msg = f"{len(links)} links for {len(records)} records"
        raise ValueError(msg)
    cleaned = [_with_offsets(_without_group_lengths(r), 0, 0) for r in records]
    top = header.set(FIRST_ROOT, UL(0)).set(LAST_ROOT, UL(0)).set(SEQUENCE, SQ(cleaned))
    head = bytes(128) if preamble is None else preamble
    draft = DicomFile(head, meta, top, syntax).to_bytes()
    offsets = tuple(item_offsets(decode_file(draft).dataset))
    final = []
    for record, (next_index, lower_index) in zip(cleaned, links, strict=True):
        final.append(_with_offsets(
            record, 0 if next_index is None else offsets[next_index],
            0 if lower_index is None else offsets[lower_index]))
    first = offsets[roots[0]] if roots else 0
    last = offsets[roots[-1]] if roots else 0
    top = header.set(FIRST_ROOT, UL(first)).set(LAST_ROOT, UL(last)).set(SEQUENCE, SQ(final))
    data = DicomFile(head, meta, top, syntax).to_bytes()
    if len(data) != len(draft):  # UL offsets are fixed size: this would be a writer bug
        msg = "a DICOMDIR changed length when its offsets were filled in"
        raise EncodeError(msg)
    return data, offsets, top


def flatten(roots: Sequence[NewRecord],
            ) -> tuple[list[Dataset], list[tuple[int | None, int | None]], list[int]]:
    """A record tree as ``lay_out`` takes it: the records in pre-order, each one's (next,
    lower) indexes, and the indexes of the root entity's records."""
    records: list[Dataset] = []
    links: list[tuple[int | None, int | None]] = []

    def entity(members: Sequence[NewRecord]) -> list[int]:
        indexes = []
        for member in members:
            index = len(records)
            records.append(member.dataset)
            links.append((None, None))
            indexes.append(index)
            below = entity(member.children)
            links[index] = (None, below[0] if below else None)
        for here, following in itertools.pairwise(indexes):
            links[here] = (following, links[here][1])
        return indexes

    top = entity(roots)
    return records, links, top


def build_dicomdir(roots: Sequence[NewRecord], *, uid: str, file_set_id: str = "",
                   descriptor_file_id: Sequence[str] | None = None,
                   descriptor_charset: str | None = None, implicit: bool = False,
                   meta: Dataset | None = None) -> tuple[bytes, tuple[int, ...]]:
    """A new DICOMDIR (bytes) for the record tree ``roots`` and each record's offset
    (in pre-order).  Explicit VR little endian unless ``implicit`` (PS3.10 8.6 asks
    for explicit VR little endian; implicit is for old readers)."""
    syntax = IMPLICIT_VR_LITTLE_ENDIAN if implicit else EXPLICIT_VR_LITTLE_ENDIAN
    header = Dataset().set(0x00041130, CS(file_set_id) if file_set_id else CS())
    if descriptor_file_id:
        header = header.set(0x00041141, CS(list(descriptor_file_id)))
    if descriptor_charset:
        header = header.set(0x00041142, CS(descriptor_charset))
    header = header.set(0x00041212, US(0))  # File-set Consistency Flag: no known inconsistency
    records, links, top = flatten(roots)
    data, offsets, _ = lay_out(header, directory_meta(uid, syntax, meta), records, links, top,
                               syntax=syntax)
    return data, offsets

"""Reading a DICOMDIR: its directory records as an immutable tree (PS3.10 7, PS3.3 F.3).

The Directory Record Sequence (0004,1220) holds the records in any order; the tree
is given by byte offsets (from the first byte of the file's preamble): (0004,1200)
names the first record of the root directory entity, each record names the next
record of its entity (0004,1400) and the first record of the entity below it
(0004,1420); 0 means none.  ``parse_directory`` follows those offsets from the
root.  An offset that starts no record, or a record reached twice (a cycle, or two
entities sharing a record), is a DirectoryError giving the offset; records no
offset reaches are kept as ``orphans``.  Records whose Record In-use Flag
(0004,1410) is 0 (retired, PS3.3 F.5) are followed but marked ``in_use=False``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

import attrs

from typeddcm.dataset import Dataset
from typeddcm.dicomdir.fileid import leaves_root
from typeddcm.errors import DirectoryError
from typeddcm.tag import Tag

__all__ = ["Directory", "DirectoryRecord", "item_offsets", "parse_directory", "read_dicomdir"]

FIRST_ROOT = 0x00041200
LAST_ROOT = 0x00041202
SEQUENCE = 0x00041220
NEXT = 0x00041400
IN_USE = 0x00041410
LOWER = 0x00041420
RECORD_TYPE = 0x00041430
FILE_ID = 0x00041500
#: Entities nested deeper than this are refused (a File ID has 8 components at
#: most, so real trees have 8 levels or fewer); it bounds the reader's recursion.
MAX_DEPTH = 64


def _int(ds: Dataset, tag: int) -> int:
    element = ds.get(tag)
    if element is None or not element.vr.values:
        return 0
    value = element.vr.values[0]
    return value if isinstance(value, int) else 0  # UL/US: an int; another VR: no offset


@attrs.frozen(eq=False)
class DirectoryRecord:
    """One directory record: where it is, its dataset, the records of the entity below."""

    offset: int
    dataset: Dataset
    children: tuple[DirectoryRecord, ...] = ()

    @property
    def record_type(self) -> str:
        """Directory Record Type (0004,1430), e.g. "PATIENT"; "" when absent."""
        element = self.dataset.get(RECORD_TYPE)
        return str(element.vr.values[0]).strip() if element is not None and element.vr.values else ""

    @property
    def in_use(self) -> bool:
        """False when Record In-use Flag is 0 (a retired way to mark a deleted record)."""
        element = self.dataset.get(IN_USE)
        return element is None or not element.vr.values or element.vr.values[0] != 0

    @property
    def file_id(self) -> tuple[str, ...] | None:
        """Referenced File ID (0004,1500) as its components, None when absent or empty."""
        element = self.dataset.get(FILE_ID)
        if element is None or not element.vr.values:
            return None
        return tuple(str(v) for v in element.vr.values)

    def walk(self) -> Iterator[DirectoryRecord]:
        """This record and every record below it, depth first, in directory order."""
        stack: list[DirectoryRecord] = [self]
        while stack:
            record = stack.pop()
            yield record
            stack.extend(reversed(record.children))


@attrs.frozen(eq=False)
class Directory:
    """A DICOMDIR read: its top-level dataset (the sequence included), the root
    entity's records (each with the tree below it) and the records nothing reaches."""

    dataset: Dataset
    roots: tuple[DirectoryRecord, ...]
    orphans: tuple[DirectoryRecord, ...] = ()

    def walk(self) -> Iterator[DirectoryRecord]:
        """Every record of the tree, depth first (orphans not included)."""
        for root in self.roots:
            yield from root.walk()

    def find(self, **values: str) -> list[DirectoryRecord]:
        """Records whose elements, named by keyword, hold exactly these values (as text)."""
        from typeddcm.dictionary import tag_for_keyword

        tags = []
        for keyword, value in values.items():
            tag = tag_for_keyword(keyword)
            if tag is None:
                msg = f"unknown keyword {keyword!r}"
                raise KeyError(msg)
            tags.append((tag, value))
        found = []
        for record in self.walk():
            for tag, value in tags:
                element = record.dataset.get(tag)
                if element is None or "\\".join(map(str, element.vr.values)) != value:
                    break
            else:
                found.append(record)
        return found

    def referenced_paths(self, root: str | os.PathLike[str]) -> list[tuple[DirectoryRecord, str]]:
        """(record, path) for every record with a File ID, the path under ``root``.

        DirectoryError when a File ID would leave ``root`` ("..", an absolute path).
        """
        out = []
        for record in self.walk():
            file_id = record.file_id
            if file_id is None:
                continue
            if leaves_root(file_id):
                msg = (f"Referenced File ID {'/'.join(file_id)!r} of the record at offset "
                       f"{record.offset} is not inside the File-set's root directory")
                raise DirectoryError(msg, offset=record.offset, tag=FILE_ID)
            out.append((record, os.path.join(os.fspath(root), *file_id)))
        return out


def item_offsets(dataset: Dataset) -> list[int]:
    """The file offset of each item of a read Directory Record Sequence (its item tag).

    DirectoryError for an item not read from a file (whose offset nobody knows).
    """
    element = dataset.get(SEQUENCE)
    items = element.vr.values if element is not None else ()
    offsets = []
    for index, item in enumerate(items):
        origin = getattr(item, "_origin", None)
        if origin is None:
            msg = (f"directory record {index} was not read from a file: its offset is unknown "
                   "(give the offsets to parse_directory)")
            raise DirectoryError(msg, tag=SEQUENCE)
        offsets.append(int(origin.start))
    return offsets


def parse_directory(dataset: Dataset, offsets: Sequence[int] | None = None) -> Directory:
    """The record tree of a DICOMDIR's top-level ``dataset``.

    ``offsets`` gives each item's file offset; by default the offsets it was read at.
    An empty or absent (0004,1200) with records present roots the tree at the first
    record in the sequence (written by some tools; pydicom reads such files).
    """
    element = dataset.get(SEQUENCE)
    items: Sequence[Dataset] = element.vr.values if element is not None else ()  # type: ignore[assignment]
    if offsets is None:
        offsets = item_offsets(dataset)
    if len(offsets) != len(items):
        msg = f"{len(offsets)} offsets given for {len(items)} directory records"
        raise ValueError(msg)
    by_offset: dict[int, Dataset] = {}
    for offset, item in zip(offsets, items, strict=True):
        if offset in by_offset:
            msg = f"two directory records at offset {offset}"
            raise DirectoryError(msg, offset=offset, tag=SEQUENCE)
        by_offset[offset] = item
    if not items:
        return Directory(dataset, ())
    first = _int(dataset, FIRST_ROOT) or offsets[0]
    seen: set[int] = set()
    roots = _entity(by_offset, first, seen, f"{Tag(FIRST_ROOT)} of the top level", 0)
    orphans = tuple(DirectoryRecord(o, by_offset[o]) for o in offsets if o not in seen)
    return Directory(dataset, roots, orphans)


def _entity(by_offset: dict[int, Dataset], offset: int, seen: set[int], named_by: str,
            depth: int) -> tuple[DirectoryRecord, ...]:
    """The records of one directory entity starting at ``offset``, each with its entity
    below.  Iterative along the entity; recursive by depth, which ``seen`` bounds by
    the number of records (a record is entered once)."""
    if depth > MAX_DEPTH:
        msg = f"directory entities nested deeper than {MAX_DEPTH} levels (at {named_by})"
        raise DirectoryError(msg, offset=offset, tag=SEQUENCE)
    records = []
    while offset:
        record = by_offset.get(offset)
        if record is None:
            msg = f"offset {offset} in {named_by} does not start a directory record"
            raise DirectoryError(msg, offset=offset, tag=SEQUENCE)
        if offset in seen:
            msg = (f"the directory record at offset {offset} is reached twice (from {named_by}): "
                   "the offsets form a cycle")
            raise DirectoryError(msg, offset=offset, tag=SEQUENCE)
        seen.add(offset)
        lower = _int(record, LOWER)
        children = _entity(by_offset, lower, seen,
                           f"{Tag(LOWER)} of the record at offset {offset}", depth + 1) if (
            lower) else ()
        records.append(DirectoryRecord(offset, record, children))
        named_by = f"{Tag(NEXT)} of the record at offset {offset}"
        offset = _int(record, NEXT)
    return tuple(records)


def read_dicomdir(source: str | os.PathLike[str] | bytes) -> Directory:
    """Read a DICOMDIR file (through typeddcm.io) into its record tree."""
    from typeddcm import io

    return parse_directory(io.read(source).dataset)

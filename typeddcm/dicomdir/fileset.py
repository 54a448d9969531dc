"""File-sets as immutable values: open a DICOMDIR, find and load its instances, add and
remove instances, write it back (PS3.10 8, PS3.3 F).

A :class:`FileSet` is a folder (the File-set's root, where File IDs start), the
top-level elements of its DICOMDIR and the record tree (:class:`DirectoryRecord`).
Every change returns a new FileSet and touches no file: ``add`` stages instances
(their records are made at once, with conformant File IDs, so ``find`` and
``instances`` see them), ``remove`` drops records and stages their files for
deletion.  ``write()`` is the commit: it copies the staged instances in, deletes the
removed files and writes the DICOMDIR (offsets computed by :mod:`.write`), then
returns the File-set read back from what it wrote.  ``write(other_folder)`` makes a
copy there instead and leaves this File-set's folder as it is.

A File-set nobody changed writes the DICOMDIR it read, byte for byte (the core's
round trip of a read file, which keeps even lengths that were wrong); a changed one
is laid out again in pre-order (explicit VR little endian, or implicit when asked),
and records that no offset reached (``orphans``) are not written again.

Records added since the DICOMDIR was read have ``offset`` 0 (the DICOMDIR's own
"none") until the File-set is written.  Files are read, copied and removed through
:mod:`typeddcm.io` only.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

import attrs

from typeddcm.dataset import Dataset
from typeddcm.dicomdir.build import instance_chain, instance_record
from typeddcm.dicomdir.fileid import RECORD_PREFIXES, check_file_id, generate_names, leaves_root
from typeddcm.dicomdir.records import RecordKeyError
from typeddcm.dicomdir.tree import SEQUENCE, DirectoryRecord, parse_directory
from typeddcm.dicomdir.write import NewRecord, directory_meta, flatten, lay_out
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import DicomError, DirectoryError, FileSetError
from typeddcm.uid import generate_uid
from typeddcm.vr import CS, US

__all__ = ["FileSet", "Instance", "open_fileset"]

_SOP_INSTANCE = 0x00041511
_KEY_TAGS = {"PATIENT": 0x00100020, "STUDY": 0x0020000D, "SERIES": 0x0020000E}
#: A staged instance: the path of its file, or the file itself (written at commit).
Source = str | DicomFile


@attrs.frozen(eq=False)
class Instance:
    """A record that references a file, its ancestors (top first) and where the file is
    (in the File-set, or the source of an instance staged for addition)."""

    record: DirectoryRecord
    ancestors: tuple[DirectoryRecord, ...]
    file_id: tuple[str, ...]
    path: str

    @property
    def sop_instance_uid(self) -> str:
        """Referenced SOP Instance UID in File (0004,1511), "" when absent."""
        return _text(self.record.dataset, _SOP_INSTANCE)

    @property
    def sop_class_uid(self) -> str:
        """Referenced SOP Class UID in File (0004,1510), "" when absent."""
        return _text(self.record.dataset, 0x00041510)

    @property
    def transfer_syntax_uid(self) -> str:
        """Referenced Transfer Syntax UID in File (0004,1512), "" when absent."""
        return _text(self.record.dataset, 0x00041512)

    def value(self, keyword: str) -> str | None:
        """The text of ``keyword`` in this record or the nearest ancestor holding it."""
        tag = _tag(keyword)
        for record in (self.record, *reversed(self.ancestors)):
            if tag in record.dataset:
                return _element_text(record.dataset, tag)
        return None


def _text(ds: Dataset, tag: int) -> str:
    element = ds.get(tag)
    return str(element.vr.values[0]).strip() if element is not None and element.vr.values else ""


def _element_text(ds: Dataset, tag: int) -> str:
    element = ds.get(tag)
    return "" if element is None else "\\".join(str(v) for v in element.vr.values)


def _tag(keyword: str) -> int:
    from typeddcm.dictionary import tag_for_keyword

    tag = tag_for_keyword(keyword)
    if tag is None:
        msg = f"unknown keyword {keyword!r}"
        raise KeyError(msg)
    return int(tag)


def _matches(ds: Dataset, wanted: Sequence[tuple[int, str]]) -> bool:
    return all(tag in ds and _element_text(ds, tag) == value for tag, value in wanted)


def _wanted(record_type: str | None, values: Mapping[str, str]) -> list[tuple[int, str]]:
    wanted = [(_tag(k), str(v)) for k, v in values.items()]
    if record_type is not None:
        wanted.append((0x00041430, record_type))
    return wanted


def _replace(records: tuple[DirectoryRecord, ...], path: Sequence[int],
             children: tuple[DirectoryRecord, ...] | None) -> tuple[DirectoryRecord, ...]:
    """``records`` with the record at ``path`` (indexes from the top) given ``children``,
    or removed when ``children`` is None; the records above it copied, the rest shared."""
    index, rest = path[0], path[1:]
    if not rest:
        if children is None:
            return records[:index] + records[index + 1:]
        target = records[index]
        return (*records[:index], DirectoryRecord(target.offset, target.dataset, children),
                *records[index + 1:])
    parent = records[index]
    below = _replace(parent.children, rest, children)
    return (*records[:index], DirectoryRecord(parent.offset, parent.dataset, below),
            *records[index + 1:])


def _path_to(roots: tuple[DirectoryRecord, ...], wanted: DirectoryRecord) -> list[int] | None:
    """The indexes leading to ``wanted`` (by identity), None when it is not in the tree."""
    stack: list[tuple[tuple[DirectoryRecord, ...], list[int]]] = [(roots, [])]
    while stack:
        records, path = stack.pop()
        for index, record in enumerate(records):
            if record is wanted:
                return [*path, index]
            if record.children:
                stack.append((record.children, [*path, index]))
    return None


def _at(roots: tuple[DirectoryRecord, ...], path: Sequence[int]) -> DirectoryRecord:
    record = roots[path[0]]
    for index in path[1:]:
        record = record.children[index]
    return record


def _prune(roots: tuple[DirectoryRecord, ...], path: list[int]) -> tuple[DirectoryRecord, ...]:
    """Remove the record at ``path``, then each ancestor left with no records below it
    and no file of its own (an empty SERIES, STUDY, PATIENT)."""
    roots = _replace(roots, path, None)
    while len(path) > 1:
        path = path[:-1]
        parent = _at(roots, path)
        if parent.children or parent.file_id is not None:
            break
        roots = _replace(roots, path, None)
    return roots


@attrs.frozen(eq=False)
class FileSet:
    """A File-set: its root folder, DICOMDIR header and record tree, and the changes
    staged since it was read (see the module's description).  Make one with
    :func:`open_fileset` / :meth:`open` or :meth:`new`."""

    root: str
    header: Dataset
    uid: str
    roots: tuple[DirectoryRecord, ...] = ()
    orphans: tuple[DirectoryRecord, ...] = ()
    #: The DICOMDIR as read, while nothing has changed (then written back as it was).
    source: DicomFile | None = None
    #: Instances staged for addition, by SOP Instance UID.
    staged: Mapping[str, Source] = attrs.field(factory=dict)
    #: File IDs of files to delete at ``write``.
    removed: tuple[tuple[str, ...], ...] = ()

    # --- making one ---------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> FileSet:
        """The File-set of the DICOMDIR at ``path`` (the file, or the folder holding a file
        named DICOMDIR).  DirectoryError when its offsets do not form a tree or the file
        ends before its lengths say (a truncated DICOMDIR would lose records silently); a
        DecodeError when it is not a DICOM file; FileSetError when it is not a DICOMDIR."""
        from typeddcm import io

        where = Path(path)
        if where.is_dir():
            where = where / "DICOMDIR"
        f = io.read(where)
        sop_class = _text(f.meta, 0x00020002)
        if sop_class and sop_class != "1.2.840.10008.1.3.10":
            msg = (f"{os.fspath(where)!r} is not a DICOMDIR: its Media Storage SOP Class is "
                   f"{sop_class}, not Media Storage Directory Storage (1.2.840.10008.1.3.10)")
            raise FileSetError(msg)
        _refuse_truncated(f, where)
        directory = parse_directory(f.dataset)
        return cls(os.fspath(where.parent), f.dataset.discard(SEQUENCE),
                   _text(f.meta, 0x00020003), directory.roots, directory.orphans, f)

    @classmethod
    def new(cls, root: str | os.PathLike[str], *, file_set_id: str = "",
            uid: str | None = None) -> FileSet:
        """An empty File-set to be written at ``root`` (nothing is written until ``write``)."""
        header = Dataset().set(0x00041130, CS(file_set_id) if file_set_id else CS()).set(
            0x00041212, US(0))
        return cls(os.fspath(root), header, uid or generate_uid())

    # --- reading ------------------------------------------------------------------------

    @property
    def file_set_id(self) -> str:
        """File-set ID (0004,1130), "" when empty."""
        return _text(self.header, 0x00041130)

    @property
    def changed(self) -> bool:
        """Whether anything changed since the DICOMDIR was read (a new File-set: True)."""
        return self.source is None

    def records(self) -> Iterator[DirectoryRecord]:
        """Every record of the tree, depth first in directory order (orphans not included)."""
        for root in self.roots:
            yield from root.walk()

    def find(self, record_type: str | None = None, **values: str) -> list[DirectoryRecord]:
        """The records of ``record_type`` (any by default) whose elements, named by keyword,
        hold exactly these values as text (``find("SERIES", Modality="CT")``).  KeyError
        names an unknown keyword."""
        wanted = _wanted(record_type, values)
        return [r for r in self.records() if _matches(r.dataset, wanted)]

    def instances(self, **values: str) -> list[Instance]:
        """The records that reference files, in directory order, where each keyword's value
        is held by the record or one of its ancestors (``instances(PatientID="1",
        Modality="MR")``)."""
        wanted = _wanted(None, values)
        out = []
        stack: list[tuple[DirectoryRecord, tuple[DirectoryRecord, ...]]] = [
            (record, ()) for record in reversed(self.roots)]
        while stack:
            record, above = stack.pop()
            chain: tuple[DirectoryRecord, ...] = (*above, record)
            file_id = record.file_id
            if file_id is not None and all(
                    any(tag in r.dataset and _element_text(r.dataset, tag) == value
                        for r in chain) for tag, value in wanted):
                out.append(Instance(record, above, file_id, self._path(record, file_id)))
            stack.extend((child, chain) for child in reversed(record.children))
        return out

    def __len__(self) -> int:
        """The number of records that reference files."""
        return sum(r.file_id is not None for r in self.records())

    def _path(self, record: DirectoryRecord, file_id: tuple[str, ...]) -> str:
        source = self.staged.get(_text(record.dataset, _SOP_INSTANCE))
        if isinstance(source, str):
            return source
        if leaves_root(file_id):  # read leniently: a File ID may be anything
            msg = (f"Referenced File ID {'/'.join(file_id)!r} of the record at offset "
                   f"{record.offset} is not inside the File-set's root directory")
            raise FileSetError(msg)
        return os.path.join(self.root, *file_id)

    def missing(self) -> list[Instance]:
        """The instances whose files are not where their File IDs say (not staged ones)."""
        return [i for i in self.instances()
                if _text(i.record.dataset, _SOP_INSTANCE) not in self.staged
                and not Path(i.path).is_file()]

    def load(self, instance: Instance | DirectoryRecord, *, stop_before_pixels: bool = False,
             ) -> DicomFile:
        """The file an instance (or a record with a File ID) references, read through
        typeddcm.io.  FileSetError when the record has no File ID or its file is missing."""
        record = instance.record if isinstance(instance, Instance) else instance
        staged = self.staged.get(_text(record.dataset, _SOP_INSTANCE))
        if isinstance(staged, DicomFile):
            return staged
        file_id = record.file_id
        if file_id is None:
            msg = f"the {record.record_type or 'directory'} record references no file"
            raise FileSetError(msg)
        path = self._path(record, file_id)
        if not Path(path).is_file():
            msg = (f"the file {'/'.join(file_id)} of the record at offset {record.offset} "
                   f"is missing: {path!r}")
            raise FileSetError(msg)
        from typeddcm import io

        return io.read(path, stop_before_pixels=stop_before_pixels)

    # --- changing -----------------------------------------------------------------------

    def with_file_set_id(self, file_set_id: str) -> FileSet:
        """This File-set with File-set ID (0004,1130) ``file_set_id`` (16 characters at most)."""
        value = CS(file_set_id) if file_set_id else CS()
        return attrs.evolve(self, header=self.header.set(0x00041130, value), source=None)

    def add(self, *sources: str | os.PathLike[str] | DicomFile,
            on_error: Callable[[str | DicomFile, Exception], None] | None = None,
            invent: bool = False) -> FileSet:
        """This File-set with the instances of ``sources`` (paths of Part 10 files, or
        DicomFile values) staged: each gets the records PS3.3 F.5 asks for (under the
        patient, study and series records it shares with instances already there) and a
        File ID of conformant components.  Nothing is copied until ``write``.

        FileSetError for an instance already in the File-set (by SOP Instance UID) or a
        file without file meta; RecordKeyError when the instance lacks a key its records
        need; a DecodeError or OSError for a file that cannot be read.  With
        ``on_error``, a source that fails is given to it with the error and skipped.
        ``invent`` fills the records' Type 1 keys an instance lacks (de-identified
        instances lose dates and IDs) with values that say nothing, as dcmmkdir's +I
        does (:func:`~typeddcm.dicomdir.records.record_keys`).
        """
        from typeddcm import io

        state = _Adding(self, invent)
        out = self
        for source in sources:
            kept: Source = source if isinstance(source, DicomFile) else os.fspath(source)
            try:
                f = kept if isinstance(kept, DicomFile) else io.read(kept,
                                                                      stop_before_pixels=True)
                if f.preamble is None or 0x00020010 not in f.meta:
                    msg = (f"{kept if isinstance(kept, str) else 'the file'} has no file meta "
                           "information (a File-set holds Part 10 files)")
                    raise FileSetError(msg)
                out = state.add(out, f, kept)
            except (DicomError, OSError) as exc:
                if on_error is None:
                    raise
                on_error(kept, exc)
        return out

    def remove(self, *targets: Instance | DirectoryRecord) -> FileSet:
        """This File-set without the ``targets`` (instances, or any records: a PATIENT
        removes everything below it) and without the records left empty above them.  The
        files of removed records that were in the File-set are deleted at ``write``;
        staged instances are simply dropped.  FileSetError for a record not in the tree."""
        roots, staged, removed = self.roots, dict(self.staged), list(self.removed)
        for target in targets:
            record = target.record if isinstance(target, Instance) else target
            path = _path_to(roots, record)
            if path is None:
                msg = (f"the {record.record_type or 'directory'} record at offset "
                       f"{record.offset} is not in this File-set")
                raise FileSetError(msg)
            for gone in record.walk():
                file_id = gone.file_id
                if file_id is None:
                    continue
                if staged.pop(_text(gone.dataset, _SOP_INSTANCE), None) is None:
                    removed.append(file_id)
            roots = _prune(roots, path)
        return attrs.evolve(self, roots=roots, source=None, staged=staged,
                            removed=tuple(removed))

    # --- writing ------------------------------------------------------------------------

    def dicomdir_bytes(self, *, implicit: bool = False) -> bytes:
        """The DICOMDIR this File-set writes: the bytes read when nothing changed, else the
        records laid out in pre-order with their offsets computed."""
        if self.source is not None and not implicit:
            return self.source.to_bytes()
        from typeddcm.codec.transfer_syntax import (
            EXPLICIT_VR_LITTLE_ENDIAN,
            IMPLICIT_VR_LITTLE_ENDIAN,
        )

        syntax = IMPLICIT_VR_LITTLE_ENDIAN if implicit else EXPLICIT_VR_LITTLE_ENDIAN
        records, links, top = flatten([_as_new(r) for r in self.roots])
        data, _, _ = lay_out(self.header, directory_meta(self.uid, syntax), records, links,
                             top, syntax=syntax)
        return data

    def write(self, root: str | os.PathLike[str] | None = None, *,
              implicit: bool = False) -> FileSet:
        """Commit: the File-set written at ``root`` (default: its own folder), returned as
        read back from there.

        In its own folder: staged instances are copied in, removed files deleted (and
        the folders that leaves empty), the DICOMDIR replaced atomically.  In another folder: every instance is copied there
        and this File-set's folder is left as it is; FileSetError when that folder already
        has a DICOMDIR.  FileSetError before anything is written when a file would be
        overwritten or a file to copy is missing.
        """
        from typeddcm import io

        target = Path(root) if root is not None else Path(self.root)
        in_place = target.resolve() == Path(self.root).resolve()
        plan: list[tuple[Source, Path]] = []  # what to put where
        for instance in self.instances():
            uid = instance.sop_instance_uid
            staged = self.staged.get(uid)
            destination = target.joinpath(*instance.file_id)
            if staged is not None:
                plan.append((staged, destination))
            elif not in_place:
                plan.append((instance.path, destination))
        for source, destination in plan:
            if isinstance(source, str) and not Path(source).is_file():
                msg = f"the file to copy to {os.fspath(destination)!r} is missing: {source!r}"
                raise FileSetError(msg)
            if destination.exists():
                msg = f"will not overwrite {os.fspath(destination)!r}"
                raise FileSetError(msg)
        if not in_place and (target / "DICOMDIR").exists():
            msg = f"{os.fspath(target)!r} already holds a DICOMDIR: write to an empty folder"
            raise FileSetError(msg)
        data = self.dicomdir_bytes(implicit=implicit)
        for source, destination in plan:
            if isinstance(source, DicomFile):
                io.make_folders(destination.parent)
                io.write(source, destination)
            else:
                io.copy_file(source, destination)
        if in_place:
            for file_id in self.removed:
                io.remove_file(target.joinpath(*file_id))
                for depth in range(len(file_id) - 1, 0, -1):  # folders the removal emptied
                    if not io.remove_empty_folder(target.joinpath(*file_id[:depth])):
                        break
        io.make_folders(target)
        io.write_bytes_atomically(target / "DICOMDIR", data)
        return FileSet.open(target / "DICOMDIR")


#: The reader's words for data that ends early (typeddcm.codec.reader): a lenient read
#: keeps what came before, which for a DICOMDIR is a tree with records cut off.
_TRUNCATED = ("runs past the end of the data", "element header cut short")


def _refuse_truncated(f: DicomFile, where: Path) -> None:
    for warning in f.warnings:
        if any(words in warning.problem for words in _TRUNCATED):
            msg = (f"the DICOMDIR {os.fspath(where)!r} is truncated: {warning.problem} "
                   f"(at {warning.path})")
            raise DirectoryError(msg, offset=warning.offset)


def _as_new(record: DirectoryRecord) -> NewRecord:
    return NewRecord(record.dataset, tuple(_as_new(c) for c in record.children))


class _Adding:
    """What adding instances needs of the File-set, gathered once per ``add`` call: the
    SOP Instances present, the names used in each folder, the folder chosen for each
    patient, study and series (by their keys)."""

    def __init__(self, fs: FileSet, invent: bool = False) -> None:
        self.invent = invent
        self.uids: set[str] = set()
        self.used: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.folders: dict[tuple[tuple[str, str], ...], tuple[str, ...]] = {}
        for record in fs.records():
            uid = _text(record.dataset, _SOP_INSTANCE)
            if uid:
                self.uids.add(uid)
            if record.file_id is not None:
                self._take(record.file_id)

    def _take(self, file_id: tuple[str, ...]) -> None:
        for depth in range(len(file_id)):
            self.used[file_id[:depth]].add(file_id[depth])

    def free(self, prefix: str, folder: tuple[str, ...]) -> tuple[str, ...]:
        """A new name in ``folder``: the first ``prefix`` + counter no file or folder there
        uses (taken at once)."""
        used = self.used[folder]
        for name in generate_names(prefix, 0):
            if name not in used:
                used.add(name)
                return (*folder, name)
        msg = f"no free {prefix!r} name left in folder {'/'.join(folder) or '(root)'}"
        raise FileSetError(msg)

    def folder_of(self, record: DirectoryRecord, chain: tuple[tuple[str, str], ...],
                  parent: tuple[str, ...]) -> tuple[str, ...]:
        """The folder new files below ``record`` (the last of ``chain``) go in: the one
        all its files in deeper folders share, else a new free name in ``parent``."""
        found = self.folders.get(chain)
        if found is not None:
            return found
        depth = len(parent)
        shared = {r.file_id[: depth + 1] for r in record.walk()
                  if r.file_id is not None and len(r.file_id) > depth + 1}
        folder = shared.pop() if len(shared) == 1 else ()
        if not folder or folder[:depth] != parent:
            folder = self.free(RECORD_PREFIXES.get(record.record_type, "P"), parent)
        self.folders[chain] = folder
        return folder

    def add(self, fs: FileSet, f: DicomFile, source: Source) -> FileSet:
        """``fs`` with the instance of ``f`` staged (see :meth:`FileSet.add`)."""
        chain = instance_chain(f)
        uid = chain[-1][1]
        if uid in self.uids:
            msg = f"an instance with SOP Instance UID {uid} is already in the File-set"
            raise FileSetError(msg)
        # the records go down as far as records with the chain's keys exist ...
        path: list[int] = []
        level = fs.roots
        for record_type, key in chain[:-1]:
            index = next((i for i, r in enumerate(level)
                          if r.record_type == record_type and key
                          and _element_text(r.dataset, _KEY_TAGS[record_type]) == key), None)
            if index is None:
                break
            path.append(index)
            level = level[index].children
        # ... and the rest are new; made before any name is taken, since a missing key
        # leaves this File-set as it was
        try:
            datasets = [instance_record(f, record_type, leaf=position == len(chain) - 1,
                                        single_level=len(chain) == 1, file_id=None,
                                        invent=self.invent)
                        for position, (record_type, _) in enumerate(chain)
                        if position >= len(path)]
        except RecordKeyError as exc:
            msg = f"{exc} (needed by the directory records of SOP Instance {uid})"
            raise RecordKeyError(msg) from None
        folder: tuple[str, ...] = ()
        record_list = list(fs.roots)
        for depth in range(len(chain) - 1):
            if depth < len(path):
                record = record_list[path[depth]]
                folder = self.folder_of(record, chain[: depth + 1], folder)
                record_list = list(record.children)
            else:  # a record made here: its folder is new too
                folder = self.free(RECORD_PREFIXES[chain[depth][0]], folder)
                self.folders[chain[: depth + 1]] = folder
        file_id = check_file_id(self.free(RECORD_PREFIXES.get(chain[-1][0], "IM"), folder))
        self._take(file_id)
        datasets[-1] = datasets[-1].set(0x00041500, CS(list(file_id)))
        new: DirectoryRecord | None = None
        for dataset in reversed(datasets):
            new = DirectoryRecord(0, dataset, (new,) if new is not None else ())
        assert new is not None  # the chain has at least the leaf
        if path:
            roots = _replace(fs.roots, path, (*_at(fs.roots, path).children, new))
        else:
            roots = (*fs.roots, new)
        self.uids.add(uid)
        return attrs.evolve(fs, roots=roots, source=None, staged={**fs.staged, uid: source})


def open_fileset(path: str | os.PathLike[str]) -> FileSet:
    """The File-set of the DICOMDIR at ``path`` (see :meth:`FileSet.open`)."""
    return FileSet.open(path)


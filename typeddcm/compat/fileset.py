"""pydicom 3's ``pydicom.fileset``: DICOM File-sets (PS3.10 section 8) and their DICOMDIR.

``FileSet`` loads a DICOMDIR (its record tree is read by the core,
typeddcm.dicomdir.tree, which follows the offsets and refuses cycles and offsets
that start no record), stages additions and removals of SOP Instances, and
writes the File-set: conformant File IDs (typeddcm.dicomdir.fileid) and a
DICOMDIR whose offsets the core computes (typeddcm.dicomdir.write).  Records for
added instances hold the keys PS3.3 F.5 requires (typeddcm.dicomdir.records,
through the documented ``DIRECTORY_RECORDERS`` hooks).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from typeddcm.compat._fileset_nodes import (
    _PREFIXES,
    DIRECTORY_RECORDERS,
    FileInstance,
    RecordNode,
    RootNode,
    _define_image,
    _define_patient,
    _define_series,
    _define_study,
)
from typeddcm.compat.dataset import Dataset, FileMetaDataset
from typeddcm.compat.uid import UID, generate_uid
from typeddcm.dicomdir.fileid import check_file_id, generate_names
from typeddcm.dicomdir.records import record_types_for
from typeddcm.dicomdir.tree import parse_directory
from typeddcm.dicomdir.write import MEDIA_STORAGE_DIRECTORY, directory_meta, lay_out
from typeddcm.errors import FileIDError
from typeddcm.io import (
    copy_file,
    make_folders,
    move_file,
    remove_file,
    temporary_folder,
    write_bytes_atomically,
)

__all__ = [
    "DIRECTORY_RECORDERS",
    "FileInstance",
    "FileSet",
    "RecordNode",
    "RootNode",
    "generate_filename",
    "is_conformant_file_id",
]

# Names pydicom's own tests import from this module.
__all__ += ["_PREFIXES", "_define_image", "_define_patient", "_define_series", "_define_study"]

_EXPLICIT_LE = "1.2.840.10008.1.2.1"
_IMPLICIT_LE = "1.2.840.10008.1.2"
_FIRST_OFFSET = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_LAST_OFFSET = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"
_NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
_LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"
_MAX_NUMERIC = 10**6
_MAX_INSTANCES = 35**6


def generate_filename(prefix: str = "", start: int = 0,
                      alphanumeric: bool = False) -> Iterator[str]:
    """Yield 8-character File ID components: ``prefix`` and a counter from ``start``
    in digits (or digits and letters without J when ``alphanumeric``)."""
    if len(prefix) > 7:
        raise ValueError("The 'prefix' must be less than 8 characters long")
    yield from generate_names(prefix, start, alphanumeric=alphanumeric)


def is_conformant_file_id(path: Path) -> bool:
    """Whether ``path`` (relative to the File-set root) is a conformant File ID: at most
    8 components of 1-8 characters of A-Z, 0-9 and _ (PS3.10 8.2, 8.5; PS3.3 F.3.2.2)."""
    try:
        check_file_id(Path(path).parts)
    except FileIDError:
        return False
    return True


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def _creator_error(record_type: str, exc: Exception) -> ValueError:
    return ValueError(
        f"Unable to use the default '{record_type}' record creator: {exc}. See DICOM PS3.3 "
        "Section F.5. Either update the instance, define your own record creation function "
        "or use 'FileSet.add_custom()' instead")


def _item_offset(item: Dataset) -> int:
    """Where a Directory Record Sequence item starts in its file: a ``seq_item_tell`` the
    user set, else the offset the core read the item at."""
    told = item.__dict__.get("seq_item_tell")
    if told is not None:
        return int(told)
    origin = item.freeze()._origin
    return int(origin.start) if origin is not None else 0


class FileSet:
    """A DICOM File-set: the instances a DICOMDIR manages, with staged changes.

    ``FileSet()`` starts a new File-set; ``FileSet(ds_or_path)`` loads a DICOMDIR.
    Changes (``add``, ``add_custom``, ``remove``, the ID and descriptor properties)
    are staged until ``write()`` (in place) or ``copy(path)``.
    """

    def __init__(self, ds: Dataset | str | os.PathLike[str] | None = None) -> None:
        self._root_path: Path | None = None
        self._tree = RootNode(self)
        temporary = temporary_folder()
        self._stage: dict[str, Any] = {"t": temporary, "+": {}, "-": {}, "~": False,
                                       "^": False, "path": Path(temporary.name)}
        self._ds = Dataset()
        self._instances: list[FileInstance] = []
        self._use_alphanumeric = False
        self._id: str | None = None
        self._uid: UID | None = None
        self._descriptor: Any = None
        self._charset: str | None = None
        if ds:
            self.load(ds)
        else:
            self.UID = generate_uid()

    # --- properties -----------------------------------------------------------------------

    @property
    def ID(self) -> str | None:
        """The File-set ID (0004,1130), at most 16 characters."""
        return self._id

    @ID.setter
    def ID(self, val: str | None) -> None:
        if val == self._id:
            return
        if val is not None and len(val) > 16:
            raise ValueError("The maximum length of the 'File-set ID' is 16 characters")
        self._id = val
        if self._ds:
            self._ds.FileSetID = val
        self._stage["^"] = True

    @property
    def UID(self) -> UID:
        """The File-set UID: the DICOMDIR's Media Storage SOP Instance UID."""
        return self._uid  # type: ignore[return-value]

    @UID.setter
    def UID(self, uid: str) -> None:
        if uid == self._uid:
            return
        uid = UID(uid)
        if not uid.is_valid:
            msg = f"The File-set UID '{uid}' is not a valid UID"
            raise ValueError(msg)
        self._uid = uid
        if self._ds:
            self._ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._stage["^"] = True

    @property
    def descriptor_file_id(self) -> Any:
        """File-set Descriptor File ID (0004,1141): a str, a list of components, or None."""
        return self._descriptor

    @descriptor_file_id.setter
    def descriptor_file_id(self, val: Any) -> None:
        if val == self._descriptor:
            return
        if isinstance(val, list):
            if len(val) > 8 or any(not isinstance(c, str) or len(c) > 16 for c in val):
                raise ValueError("The 'File-set Descriptor File ID' has a maximum of 8 "
                                 "components, each between 0 and 16 characters long")
            val = [c for c in val if c]
        elif isinstance(val, str):
            if len(val) > 16:
                raise ValueError("Each 'File-set Descriptor File ID' component has a maximum "
                                 "length of 16 characters")
        elif val is not None:
            raise TypeError("The 'DescriptorFileID' must be a str, list of str, or None")
        self._descriptor = val
        if self._ds:
            self._ds.FileSetDescriptorFileID = val
        self._stage["^"] = True

    @property
    def descriptor_character_set(self) -> str | None:
        """Specific Character Set of File-set Descriptor File (0004,1142)."""
        return self._charset

    @descriptor_character_set.setter
    def descriptor_character_set(self, val: str | None) -> None:
        if val == self._charset:
            return
        self._charset = val
        if self._ds:
            self._ds.SpecificCharacterSetOfFileSetDescriptorFile = val
        self._stage["^"] = True

    @property
    def is_staged(self) -> bool:
        """Whether write() has anything to do."""
        return any(bool(self._stage[c]) for c in "+-^~")

    @property
    def path(self) -> str | None:
        """The root directory, once known (loaded or written)."""
        return None if self._root_path is None else os.fspath(self._root_path)

    @property
    def root_path(self) -> Path:
        """The root directory as a Path; AttributeError for a File-set never written."""
        if self._root_path is None:
            raise AttributeError("No root path set in the File-set")
        return self._root_path

    def __iter__(self) -> Iterator[FileInstance]:
        yield from self._instances[:]

    def __len__(self) -> int:
        return len(self._instances)

    # --- adding and removing ----------------------------------------------------------------

    def _instance_of(self, ds_or_path: Any) -> Dataset:
        if isinstance(ds_or_path, (str, os.PathLike)):
            from typeddcm.compat.filereader import dcmread

            return dcmread(ds_or_path)
        return ds_or_path  # type: ignore[no-any-return]

    def _readd(self, key: str) -> FileInstance | None:
        """An instance staged for removal, or already managed, that ``add`` gives back."""
        if key in self._stage["-"]:
            instance: FileInstance = self._stage["-"].pop(key)
            self._instances.append(instance)
            instance._apply_stage("+")
            return instance
        for instance in self._instances:
            if instance.SOPInstanceUID == key:
                return instance
        return None

    def _stage_addition(self, ds: Dataset, leaf: RecordNode) -> FileInstance:
        instance = FileInstance(leaf)
        leaf.instance = instance
        self._tree.add(leaf)
        self._stage["+"][instance.SOPInstanceUID] = instance
        self._instances.append(instance)
        instance._apply_stage("+")
        ds.save_as(instance.path, enforce_file_format=True)
        return instance

    def add(self, ds_or_path: Any) -> FileInstance:
        """Stage an instance (a Dataset or a path) for addition, with the records PS3.3
        F.5 defines for it; an instance already managed is returned as it is."""
        ds = self._instance_of(ds_or_path)
        found = self._readd(ds.SOPInstanceUID)
        if found is not None:
            return found
        parent: RecordNode | None = None
        node: RecordNode | None = None
        for record in self._recordify(ds):
            node = RecordNode(record)
            if parent is not None:
                node.parent = parent
            parent = node
        assert node is not None
        return self._stage_addition(ds, node)

    def add_custom(self, ds_or_path: Any, leaf: RecordNode) -> FileInstance:
        """Stage an instance for addition under the records ending in ``leaf``."""
        ds = self._instance_of(ds_or_path)
        if leaf.depth > 7:
            raise ValueError("The 'leaf' node must not have more than 7 ancestors as 'FileSet' "
                             "supports a maximum directory structure depth of 8")
        found = self._readd(ds.SOPInstanceUID)
        if found is not None:
            return found
        record = leaf._record
        record.ReferencedFileID = None
        record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
        record.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
        record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        return self._stage_addition(ds, leaf)

    def _recordify(self, ds: Dataset) -> Iterator[Dataset]:
        """The records, top first, for instance ``ds`` (through DIRECTORY_RECORDERS)."""
        types = record_types_for(ds.freeze())
        records = []
        for record_type in types:
            try:
                record = DIRECTORY_RECORDERS[record_type](ds)
            except ValueError as exc:
                raise _creator_error(record_type, exc) from exc
            record.OffsetOfTheNextDirectoryRecord = 0
            record.RecordInUseFlag = 0xFFFF
            record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
            record.DirectoryRecordType = record_type
            if len(types) > 1 and "SpecificCharacterSet" in ds:
                record.SpecificCharacterSet = ds.SpecificCharacterSet
            records.append(record)
        leaf = records[-1]
        leaf.ReferencedFileID = None
        leaf.ReferencedSOPClassUIDInFile = ds.SOPClassUID
        leaf.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
        leaf.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID
        yield from records

    def remove(self, instance: FileInstance | list[FileInstance]) -> None:
        """Stage instances for removal (an instance staged for addition is dropped)."""
        if isinstance(instance, list):
            for item in instance:
                self.remove(item)
            return
        if instance not in self._instances:
            raise ValueError("No such instance in the File-set")
        key = instance.SOPInstanceUID
        if key in self._stage["+"]:
            leaf = instance.node
            if leaf.parent is not None:
                del leaf.parent[leaf]
            del self._stage["+"][key]
            remove_file(instance.path)
            instance._apply_stage("-")
            self._instances.remove(instance)
        elif key not in self._stage["-"]:
            instance._apply_stage("-")
            self._stage["-"][key] = instance
            self._instances.remove(instance)

    def clear(self) -> None:
        """Forget everything: a new, empty File-set with a new UID."""
        self._tree.children = []
        self._instances = []
        self._root_path = None
        self._ds = Dataset()
        self._id = None
        self._uid = generate_uid()
        self._descriptor = None
        self._charset = None
        self._stage["t"].cleanup()
        temporary = temporary_folder()
        self._stage.update({"+": {}, "-": {}, "~": False, "^": False, "t": temporary,
                            "path": Path(temporary.name)})

    # --- searching --------------------------------------------------------------------------

    def find(self, load: bool = False, **kwargs: Any) -> list[FileInstance]:
        """The instances whose records (or, with ``load``, whose files) hold all the
        keyword values given; all of them when none is given."""
        if not kwargs:
            return self._instances[:]
        seen_all = False
        matches = []
        for instance in self:
            source: Any = instance.load() if load else instance
            if all(kw in source for kw in kwargs):
                seen_all = True
            try:
                if all(source[kw].value == value for kw, value in kwargs.items()):
                    matches.append(instance)
            except KeyError:
                continue
        if not load and not seen_all:
            _warn("None of the records in the DICOMDIR dataset contain all the query elements, "
                  "consider using the 'load' parameter to expand the search to the "
                  "corresponding SOP instances")
        return matches

    def find_values(self, elements: Any, instances: list[FileInstance] | None = None,
                    load: bool = False) -> Any:
        """The distinct values of an element (or, for a list, of each element) over the
        instances' records (or files, with ``load``)."""
        wanted = elements if isinstance(elements, list) else [elements]
        found: dict[Any, bool] = {e: False for e in wanted}
        results: dict[Any, list[Any]] = {e: [] for e in wanted}
        for instance in instances or self:
            source: Any = instance.load() if load else instance
            for element in wanted:
                if element not in source:
                    continue
                found[element] = True
                value = source[element].value
                if value not in results[element]:
                    results[element].append(value)
        missing = [e for e, seen in found.items() if not seen]
        if not load and missing:
            _warn(f"None of the records in the DICOMDIR dataset contain {missing}, consider "
                  "using the 'load' parameter to expand the search to the corresponding SOP "
                  "instances")
        return results if isinstance(elements, list) else results[wanted[0]]

    # --- loading ------------------------------------------------------------------------------

    def load(self, ds_or_path: Any, include_orphans: bool = True,
             raise_orphans: bool = False) -> None:
        """Load a DICOMDIR (a Dataset read from its file, or a path) into this File-set."""
        if isinstance(ds_or_path, Dataset):
            ds = ds_or_path
        else:
            from typeddcm.compat.filereader import dcmread

            ds = dcmread(ds_or_path)
        meta = getattr(ds, "file_meta", None)
        sop_class = meta.get("MediaStorageSOPClassUID", None) if meta is not None else None
        if sop_class != MEDIA_STORAGE_DIRECTORY:
            raise ValueError("Unable to load the File-set as the supplied dataset is not a "
                             "'Media Storage Directory' instance")
        syntax = meta.get("TransferSyntaxUID", None)  # type: ignore[union-attr]
        if syntax != _EXPLICIT_LE:
            name = UID(syntax).name if syntax else "(none)"
            _warn(f"The DICOMDIR dataset uses an invalid transfer syntax '{name}' and will be "
                  "updated to use 'Explicit VR Little Endian'")
        filename = getattr(ds, "filename", None)
        try:
            path = Path(filename).resolve(strict=True)  # type: ignore[arg-type]
        except FileNotFoundError:
            msg = ("Unable to load the File-set as the 'filename' attribute for the DICOMDIR "
                   f"dataset is not a valid path: {filename}")
            raise FileNotFoundError(msg) from None
        except TypeError:
            msg = ("Unable to load the File-set as the DICOMDIR dataset must have a 'filename' "
                   "attribute set to the path of the DICOMDIR file")
            raise TypeError(msg) from None
        self.clear()
        self._id = ds.get("FileSetID", None)
        uid = meta.get("MediaStorageSOPInstanceUID", None)  # type: ignore[union-attr]
        if not uid:
            uid = generate_uid()
            meta.MediaStorageSOPInstanceUID = uid  # type: ignore[union-attr]
        self._uid = UID(uid)
        self._descriptor = ds.get("FileSetDescriptorFileID", None)
        self._charset = ds.get("SpecificCharacterSetOfFileSetDescriptorFile", None)
        self._root_path = path.parent
        self._ds = ds
        self._parse_records(ds, include_orphans, raise_orphans)
        missing = []
        for instance in self:
            file_id = instance.node.file_id_path(self.root_path)
            target = self.root_path / file_id  # type: ignore[operator]
            if not target.exists():
                missing.append(instance)
                _warn("The referenced SOP Instance for the directory record at offset "
                      f"{instance.node._offset} does not exist: {target}")
            elif instance.for_moving:
                self._stage["~"] = True
        for instance in missing:
            self._instances.remove(instance)

    def _parse_records(self, ds: Dataset, include_orphans: bool,
                       raise_orphans: bool = False) -> None:
        items = list(ds.get("DirectoryRecordSequence", None) or [])
        offsets = [_item_offset(item) for item in items]
        nodes: dict[int, RecordNode] = {}
        for item, offset in zip(items, offsets, strict=True):
            node = RecordNode()
            node._set_record(item, offset)
            node._offset = offset
            nodes[offset] = node
        directory = parse_directory(ds.freeze(), offsets)  # DirectoryError: bad offsets, cycles

        def attach(records: Any, parent: RecordNode) -> None:
            for record in records:
                node = nodes[record.offset]
                node.parent = parent
                attach(record.children, node)

        attach(directory.roots, self._tree)
        for node in list(self._tree):
            if node.parent is None:
                continue  # removed with an ancestor below
            if not node.children and "ReferencedFileID" not in node._record:
                del node.parent[node]  # an entity with nothing below and no file
                continue
            if "ReferencedFileID" in node._record and node.file_id_path(
                    self.root_path) is not None:
                node.instance = FileInstance(node)
                self._instances.append(node.instance)
        if not directory.orphans:
            return
        if raise_orphans:
            raise ValueError("The DICOMDIR contains orphaned directory records")
        orphans = [nodes[r.offset] for r in directory.orphans
                   if "ReferencedFileID" in nodes[r.offset]._record]
        if orphans and not include_orphans:
            _warn(f"The DICOMDIR has {len(orphans)} orphaned directory records that reference an "
                  "instance that will not be included in the File-set")
            return
        for node in orphans:
            original = node._record.ReferencedFileID
            file_id = node.file_id_path(self.root_path)
            if file_id is None:
                continue
            if node.record_type == "PRIVATE":
                instance = self.add_custom(self.root_path / file_id, node)
            else:
                instance = self.add(self.root_path / file_id)
            instance.node._record.ReferencedFileID = original

    # --- writing ----------------------------------------------------------------------------

    def _check_size(self) -> None:
        if len(self) > _MAX_NUMERIC:
            self._use_alphanumeric = True
        if len(self) > _MAX_INSTANCES:
            raise NotImplementedError("pydicom doesn't support writing File-sets with more than "
                                      f"{_MAX_INSTANCES} managed instances")

    def copy(self, path: str | os.PathLike[str], force_implicit: bool = False) -> FileSet:
        """Write the File-set, staged changes applied, to a new root ``path`` and return
        the File-set loaded from there; this one keeps its stage."""
        path = Path(path)
        if self.path and Path(self.path) == path:
            raise ValueError("Cannot copy the File-set as the 'path' is unchanged")
        self._check_size()
        # Removals staged stay staged here: their nodes leave the tree while it is
        # written and go back exactly where they were (ancestors emptied by it too).
        detached = []
        for instance in self._stage["-"].values():
            chain = []
            node: RecordNode | None = instance.node
            while node is not None and node.parent is not None:
                chain.append((node, node.parent, node.parent.children.index(node)))
                node = node.parent
            detached.append(chain)
            self._tree.remove(instance.node)
        file_ids = []
        try:
            for instance in self:
                file_ids.append(instance.ReferencedFileID)
                copy_file(instance.path, path / Path(instance.FileID))
                instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
            data = self._dicomdir_bytes(copy_safe=True, force_implicit=force_implicit)
            write_bytes_atomically(path / "DICOMDIR", data)
        finally:
            for instance, file_id in zip(self, file_ids, strict=False):
                instance.node._record.ReferencedFileID = file_id
            for chain in reversed(detached):
                for node, parent, index in reversed(chain):
                    if node not in parent.children:
                        parent.children.insert(index, node)
        copied = FileSet()
        copied.load(path / "DICOMDIR", raise_orphans=True)
        return copied

    def write(self, path: str | os.PathLike[str] | None = None, use_existing: bool = False,
              force_implicit: bool = False) -> None:
        """Apply the staged changes: move, copy and delete files so every File ID is
        conformant, and write the DICOMDIR (``use_existing`` keeps the current File IDs
        when nothing is added)."""
        if not path and self.path is None:
            raise ValueError("The path to the root directory is required for a new File-set")
        if path and self.path:
            raise ValueError("The path for an existing File-set cannot be changed, use "
                             "'FileSet.copy()' to write the File-set to a new location")
        if path:
            self._root_path = Path(path)
        if not self.is_staged:
            return
        root = self.root_path
        major = bool(self._stage["+"])
        if use_existing and major:
            raise ValueError("'Fileset.write()' called with 'use_existing' but additions to "
                             "the File-set's managed instances are staged")
        if not use_existing:
            major |= bool(self._stage["~"])
        self._check_size()
        for instance in self._stage["-"].values():
            remove_file(instance.path)
            self._tree.remove(instance.node)
        if major:
            self._relocate(root)
        make_folders(root)
        write_bytes_atomically(root / "DICOMDIR", self._dicomdir_bytes(
            force_implicit=force_implicit))
        self.load(root / "DICOMDIR", raise_orphans=True)

    def _relocate(self, root: Path) -> None:
        """Put every managed file at its new File ID: additions are copied from the stage,
        the rest moved; a file whose new place another file holds is staged first."""
        new_ids = {Path(i.FileID) for i in self}
        old_ids = {i.node.file_id_path(root) for i in self
                   if i.SOPInstanceUID not in self._stage["+"]}
        for instance in [i for i in self if i.node.file_id_path(root) in new_ids & old_ids]:
            self._stage["+"][instance.SOPInstanceUID] = instance
            instance._apply_stage("+")
            copy_file(root / instance.node.file_id_path(root),  # type: ignore[operator]
                      instance.path)
        for instance in self:
            target = root / instance.FileID
            if instance.SOPInstanceUID in self._stage["+"]:
                copy_file(instance.path, target)
            else:
                move_file(root / instance.node.file_id_path(root), target)  # type: ignore[operator]
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)

    def _create_dicomdir(self) -> Dataset:
        """A new, empty DICOMDIR dataset for this File-set."""
        ds = Dataset()
        ds.filename = None  # type: ignore[attr-defined]  # pydicom's plain attribute
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = _EXPLICIT_LE
        ds.file_meta.MediaStorageSOPInstanceUID = self.UID
        ds.file_meta.MediaStorageSOPClassUID = MEDIA_STORAGE_DIRECTORY
        ds.FileSetID = self.ID
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.FileSetConsistencyFlag = 0
        ds.DirectoryRecordSequence = []
        if self.descriptor_file_id:
            ds.FileSetDescriptorFileID = self.descriptor_file_id
        if self.descriptor_character_set:
            ds.SpecificCharacterSetOfFileSetDescriptorFile = self.descriptor_character_set
        return ds

    def _dicomdir_bytes(self, copy_safe: bool = False, force_implicit: bool = False) -> bytes:
        """The DICOMDIR of the current tree (offsets computed by the core); unless
        ``copy_safe`` the records and the DICOMDIR dataset take the new offsets."""
        ds = self._ds
        if copy_safe or not ds:
            ds = self._create_dicomdir()
        from typeddcm.codec.transfer_syntax import transfer_syntax

        syntax = transfer_syntax(_IMPLICIT_LE if force_implicit else _EXPLICIT_LE)
        nodes = list(self._tree)
        index = {id(node): i for i, node in enumerate(nodes)}
        links = [(None if node.next is None else index[id(node.next)],
                  index[id(node.children[0])] if node.children else None) for node in nodes]
        roots = [index[id(node)] for node in self._tree.children]
        header = ds.freeze().discard(0x00041220)
        meta = directory_meta(str(self.UID), syntax, ds.file_meta.freeze())
        data, offsets, _ = lay_out(header, meta, [n._record.freeze() for n in nodes], links,
                                   roots, syntax=syntax)
        for node, offset in zip(nodes, offsets, strict=True):
            node._offset = offset
        if not copy_safe:
            for node, (following, lower) in zip(nodes, links, strict=True):
                setattr(node._record, _NEXT_OFFSET, 0 if following is None else offsets[following])
                setattr(node._record, _LOWER_OFFSET, 0 if lower is None else offsets[lower])
            setattr(ds, _FIRST_OFFSET, offsets[roots[0]] if roots else 0)
            setattr(ds, _LAST_OFFSET, offsets[roots[-1]] if roots else 0)
            ds.file_meta.TransferSyntaxUID = syntax.uid
        return data

    def _write_dicomdir(self, fp: Any, copy_safe: bool = False,
                        force_implicit: bool = False) -> None:
        """Write the DICOMDIR to the binary file object ``fp``."""
        fp.write(self._dicomdir_bytes(copy_safe=copy_safe, force_implicit=force_implicit))

    # --- text ---------------------------------------------------------------------------------

    def __str__(self) -> str:
        none = "(no value available)"
        lines = ["DICOM File-set", f"  Root directory: {self.path or none}",
                 f"  File-set ID: {self.ID or none}", f"  File-set UID: {self.UID}",
                 f"  Descriptor file ID: {self.descriptor_file_id or none}",
                 f"  Descriptor file character set: {self.descriptor_character_set or none}"]
        if self.is_staged:
            changes = ["DICOMDIR update" if self._ds else "DICOMDIR creation"]
            if self._stage["~"]:
                changes.append("directory structure update")
            for flag, word in (("+", "addition"), ("-", "removal")):
                count = len(self._stage[flag])
                if count:
                    changes.append(f"{count} {word}{'s' if count > 1 else ''}")
            lines.append(f"  Changes staged for write(): {', '.join(changes)}")
        if not self._tree.children:
            return "\n".join(lines)
        lines.append("\n  Managed instances:")
        lines.extend(f"    {line}" for line in self._tree.prettify())
        return "\n".join(lines)

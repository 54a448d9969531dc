"""pydicom 3's File-set tree: RecordNode, RootNode, FileInstance and the record creators.

A RecordNode holds one directory record (a compat Dataset, ``_record``) and its
children; a FileInstance is the SOP Instance a leaf record references.  The F.5
keys of each record type come from the core (typeddcm.dicomdir.records); the
``_define_*`` creators and ``DIRECTORY_RECORDERS`` are pydicom's documented hooks
over it (users replace entries to customise records).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typeddcm.compat.dataset import Dataset
from typeddcm.compat.tag import BaseTag, Tag
from typeddcm.dicomdir.fileid import RECORD_PREFIXES, component_name
from typeddcm.dicomdir.records import RECORD_KEYS, record_keys
from typeddcm.dictionary import tag_for_keyword
from typeddcm.tag import Tag as CoreTag

if TYPE_CHECKING:
    from typeddcm.compat.dataelem import DataElement
    from typeddcm.compat.fileset import FileSet

__all__ = ["DIRECTORY_RECORDERS", "FileInstance", "RecordNode", "RootNode"]

_NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
_LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"
_PREFIXES = RECORD_PREFIXES


class RecordNode(Iterable["RecordNode"]):
    """A node of a File-set's directory tree: one directory record and its children."""

    def __init__(self, record: Dataset | None = None) -> None:
        self.children: list[RecordNode] = []
        self.instance: FileInstance | None = None
        self._parent: RecordNode | None = None
        self._offset = 0
        if record:
            self._set_record(record)

    # --- the record ---------------------------------------------------------------------

    def _set_record(self, ds: Dataset, offset: int | None = None) -> None:
        """Take ``ds`` as this node's record, checking its Directory Record Type and key."""
        if offset is None:
            offset = getattr(ds, "seq_item_tell", None)
        rtype = ds.get("DirectoryRecordType", None)
        rtype = f"{rtype} " if rtype else ""
        where = f" at offset {offset}" if offset else ""
        msg = f"The {rtype}directory record{where} is missing"
        if "DirectoryRecordType" not in ds:
            raise ValueError(f"{msg} one or more required elements: DirectoryRecordType")
        if _NEXT_OFFSET not in ds:
            setattr(ds, _NEXT_OFFSET, 0)
        if _LOWER_OFFSET not in ds:
            setattr(ds, _LOWER_OFFSET, 0)
        ds.RecordInUseFlag = 0xFFFF
        self._record = ds
        try:
            self.key  # noqa: B018 - the record must have its key
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"{msg} a required element") from exc

    @property
    def record_type(self) -> str:
        """The record's Directory Record Type."""
        return str(self._record.DirectoryRecordType)

    @property
    def key(self) -> str:
        """The value that identifies this record among its siblings (F.5's unique key)."""
        record = self._record
        rtype = self.record_type
        if rtype == "PATIENT":
            return str(record.PatientID)
        if rtype == "STUDY":
            if "StudyInstanceUID" in record:
                return str(record.StudyInstanceUID)
            return str(record.ReferencedSOPInstanceUIDInFile)
        if rtype == "SERIES":
            return str(record.SeriesInstanceUID)
        if rtype == "PRIVATE":
            return str(record.PrivateRecordUID)
        try:
            return str(record.ReferencedSOPInstanceUIDInFile)
        except AttributeError as exc:
            msg = (f"Invalid '{rtype}' record - missing required element 'Referenced SOP "
                   "Instance UID in File'")
            raise AttributeError(msg) from exc

    # --- the tree -------------------------------------------------------------------------

    @property
    def parent(self) -> RecordNode | None:
        """The node above (None for a root or a detached node)."""
        return self._parent

    @parent.setter
    def parent(self, node: RecordNode | None) -> None:
        self._parent = node
        if node is not None and self not in node.children:
            node.children.append(self)

    def add(self, leaf: RecordNode) -> None:
        """Add the branch ending in ``leaf`` to this node's tree, merging it with the
        nodes already there that have the same keys."""
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node in current and node.children:
            current = current[node]
            node = node.children[0]
        node.parent = current

    def remove(self, node: RecordNode) -> None:
        """Remove the leaf ``node`` (and any ancestor it leaves without children)."""
        if not node.has_instance:
            raise ValueError("Only leaf nodes can be removed")
        if node.parent is not None:
            del node.parent[node]

    def __contains__(self, key: object) -> bool:
        if isinstance(key, RecordNode):
            key = key.key
        return any(child.key == key for child in self.children)

    def __getitem__(self, key: str | RecordNode) -> RecordNode:
        if isinstance(key, RecordNode):
            key = key.key
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)

    def __delitem__(self, key: str | RecordNode) -> None:
        if isinstance(key, RecordNode):
            key = key.key
        if key not in self:
            raise KeyError(key)
        self.children = [child for child in self.children if child.key != key]
        if not self.children and not self.is_root and self.parent is not None:
            del self.parent[self]

    def __iter__(self) -> Iterator[RecordNode]:
        """This node (unless the root) and every node below it, depth first."""
        stack: list[RecordNode] = [self]
        while stack:
            node = stack.pop()
            if not node.is_root:
                yield node
            stack.extend(reversed(node.children))

    def reverse(self) -> Iterator[RecordNode]:
        """This node and its ancestors, nearest first (the root node excluded)."""
        node = self
        while node.parent is not None:
            yield node
            node = node.parent
        if not node.is_root:
            yield node

    @property
    def ancestors(self) -> list[RecordNode]:
        """The nodes above this one, nearest first (the root node excluded)."""
        return [node for node in self.reverse() if node is not self]

    @property
    def depth(self) -> int:
        """0 for a record of the root directory entity, 1 below it, ... (-1: the root)."""
        return len(list(self.reverse())) - 1

    @property
    def index(self) -> int:
        """The position of this node among its parent's children."""
        return self.parent.children.index(self) if self.parent is not None else 0

    @property
    def next(self) -> RecordNode | None:
        """The next sibling, or None."""
        if self.parent is None:
            return None
        siblings = self.parent.children
        index = siblings.index(self)
        return siblings[index + 1] if index + 1 < len(siblings) else None

    @property
    def previous(self) -> RecordNode | None:
        """The previous sibling, or None."""
        if self.parent is None:
            return None
        index = self.index
        return self.parent.children[index - 1] if index else None

    @property
    def root(self) -> RecordNode:
        """The top of this node's tree."""
        node = self
        while node.parent is not None:
            node = node.parent
        return node

    @property
    def is_root(self) -> bool:
        """True only for a File-set's RootNode."""
        return False

    @property
    def has_instance(self) -> bool:
        """Whether the record references a managed SOP Instance."""
        return self.instance is not None

    @property
    def file_set(self) -> FileSet:
        """The File-set whose tree holds this node."""
        return self.root.file_set

    @property
    def component(self) -> str:
        """The File ID component this node contributes (its prefix and index)."""
        if self.is_root:
            raise ValueError("The root node doesn't contribute a File ID component")
        prefix = _PREFIXES[self.record_type]
        if self.record_type == "PRIVATE":
            prefix = f"{prefix}{self.depth}"
        return component_name(prefix, self.index,
                              alphanumeric=self.file_set._use_alphanumeric)

    def file_id_path(self, root_path: Path) -> Path | None:
        """The record's Referenced File ID as a path relative to ``root_path`` (None when
        empty); PermissionError when it leads outside ``root_path``."""
        if "ReferencedFileID" not in self._record:
            raise AttributeError("No 'Referenced File ID' in the directory record")
        elem = self._record["ReferencedFileID"]
        if elem.VM < 1:
            return None
        value: Any = self._record.ReferencedFileID
        path = Path(str(value)) if elem.VM == 1 else Path(*map(str, value))
        root = Path(root_path)
        target = (root / path).resolve()
        # A loaded File-set's root is already resolved: resolve it again only when needed.
        if path.anchor or ".." in path.parts or not (
                target.is_relative_to(root) or target.is_relative_to(root.resolve())):
            msg = f"ReferencedFileID ('{path}') must be inside the DICOMDIR root path"
            raise PermissionError(msg)
        return path

    # --- text -----------------------------------------------------------------------------

    def __str__(self) -> str:
        if self.is_root:
            return "ROOT"
        ds = self._record
        parts: list[str] = []
        rtype = self.record_type
        if rtype == "PATIENT":
            parts += [f"PatientID='{ds.PatientID}'", f"PatientName='{ds.PatientName}'"]
        elif rtype == "STUDY":
            parts += [f"StudyDate={ds.StudyDate}", f"StudyTime={ds.StudyTime}"]
            if getattr(ds, "StudyDescription", None):
                parts.append(f"StudyDescription='{ds.StudyDescription}'")
        elif rtype == "SERIES":
            parts += [f"Modality={ds.Modality}", f"SeriesNumber={ds.SeriesNumber}"]
            if getattr(ds, "SeriesDescription", None):
                parts.append(f"SeriesDescription='{ds.SeriesDescription}'")
        elif rtype == "IMAGE":
            parts.append(f"InstanceNumber={ds.InstanceNumber}")
        else:
            parts.append(self.key)
        return f"{rtype}: {', '.join(parts)}"

    def prettify(self, indent_char: str = "  ") -> list[str]:
        """Lines summarising the tree below this node: one per non-leaf record, and per
        leaf record type a count of SOP Instances with the staged changes."""
        lines: list[str] = []
        for node in self:
            indent = indent_char * node.depth
            if node.children:
                lines.append(f"{indent}{node}")
                if any(child.has_instance for child in node.children):
                    lines.extend(_leaf_summary(node, indent_char * (node.depth + 1)))
            elif node.depth == 0 and node.instance is not None:
                line = f"{indent}{node.record_type}: 1 SOP Instance"
                if node.instance.for_addition:
                    line += " (to be added)"
                elif node.instance.for_removal:
                    line += " (to be removed)"
                lines.append(line)
        return lines


def _leaf_summary(parent: RecordNode, indent: str) -> list[str]:
    leaves = [child for child in parent.children if child.instance is not None]
    out = []
    for record_type in sorted({leaf.record_type for leaf in leaves}):
        group = [leaf.instance for leaf in leaves if leaf.record_type == record_type]
        added = sum(1 for i in group if i is not None and i.for_addition)
        removed = sum(1 for i in group if i is not None and i.for_removal)
        initial, result = len(group) - added, len(group) - removed
        changes = []
        if (added or removed) and initial > 0:
            changes.append(f"{initial} initial")
        if added:
            changes.append(f"{added} addition{'s' if added > 1 else ''}")
        if removed:
            changes.append(f"{removed} removal{'s' if removed > 1 else ''}")
        line = f"{indent}{record_type}: {result} SOP Instance{'' if result == 1 else 's'}"
        if changes:
            line += f" ({', '.join(changes)})"
        out.append(line)
    return out


class RootNode(RecordNode):
    """The top of a File-set's tree: no record; its children are the root entity's."""

    def __init__(self, fs: FileSet) -> None:
        super().__init__()
        self._fs = fs

    @property
    def file_set(self) -> FileSet:
        return self._fs

    @property
    def is_root(self) -> bool:
        return True


# A FileInstance's own names; anything else that is a keyword is looked up in its records.
_SPECIAL = {0x00080018: 0x00041511, 0x00080016: 0x00041510, 0x00020010: 0x00041512}


class FileInstance:
    """A SOP Instance of a File-set: its leaf record (``node``) and the staging flags."""

    def __init__(self, node: RecordNode) -> None:
        self._uuid = uuid.uuid4()
        self._add = False
        self._remove = False
        self._stage_path: Path | None = None
        self.node = node

    def _apply_stage(self, flag: str) -> None:
        """'x' clears the stage; '+' stages an addition (or undoes a removal); '-' stages a
        removal (or undoes an addition)."""
        if flag == "x":
            self._add = self._remove = False
            self._stage_path = None
        elif flag == "+":
            if self._remove:
                self._remove = False
                self._stage_path = None
            else:
                self._add = True
                self._stage_path = self.file_set._stage["path"] / f"{self._uuid}"
        elif flag == "-":
            if self._add:
                self._add = False
            else:
                self._remove = True
            self._stage_path = None

    @property
    def for_addition(self) -> bool:
        """Staged for addition by the next write()."""
        return self._add

    @property
    def for_removal(self) -> bool:
        """Staged for removal by the next write()."""
        return self._remove

    @property
    def for_moving(self) -> bool:
        """Whether the next write() moves the file (its File ID changes)."""
        if self._add:
            return False
        wanted = self.FileID.split(os.path.sep)
        current = self.ReferencedFileID
        if isinstance(current, str):
            return [current] != wanted
        return list(current or []) != wanted

    @property
    def is_staged(self) -> bool:
        """Staged for addition, removal or moving."""
        return self._add or self._remove or self.for_moving

    @property
    def is_private(self) -> bool:
        """Whether the leaf record is a PRIVATE record."""
        return self.node.record_type == "PRIVATE"

    @property
    def file_set(self) -> FileSet:
        """The File-set managing this instance."""
        return self.node.file_set

    @property
    def FileID(self) -> str:
        """The File ID the instance has after the next write(), as a relative path."""
        root = self.node.root
        parts = [node.component for node in self.node.reverse() if node is not root]
        return os.fspath(Path(*reversed(parts)))

    @property
    def path(self) -> str:
        """Where the instance's file is now (the staging folder for an addition)."""
        if self._add:
            return os.fspath(self._stage_path)  # type: ignore[arg-type]
        root = self.file_set.root_path
        return os.fspath(root / self.node.file_id_path(root))  # type: ignore[operator]

    def load(self) -> Dataset:
        """Read the instance's file."""
        from typeddcm.compat.filereader import dcmread

        return dcmread(self.path)

    @property
    def SOPClassUID(self) -> Any:
        """Referenced SOP Class UID in File."""
        return self.ReferencedSOPClassUIDInFile

    @property
    def SOPInstanceUID(self) -> Any:
        """Referenced SOP Instance UID in File."""
        return self.ReferencedSOPInstanceUIDInFile

    @property
    def TransferSyntaxUID(self) -> Any:
        """Referenced Transfer Syntax UID in File."""
        return self.ReferencedTransferSyntaxUIDInFile

    def __getattr__(self, name: str) -> Any:
        # Keywords are looked up in the records, nearest first (the leaf, its series...).
        tag = None if name.startswith("_") else tag_for_keyword(name)
        if tag is not None and "node" in self.__dict__:
            core_tag = CoreTag(tag)
            for node in self.node.reverse():
                record = node._record
                if core_tag in record.freeze():
                    return getattr(record, name)
        msg = f"{type(self).__name__!r} object has no attribute {name!r}"
        raise AttributeError(msg)

    def __getitem__(self, key: Any) -> DataElement:
        tag = int(key if isinstance(key, BaseTag) else Tag(key))
        core_tag = CoreTag(_SPECIAL.get(tag, tag))
        for node in self.node.reverse():
            if core_tag in node._record.freeze():
                return node._record[int(core_tag)]  # type: ignore[no-any-return]
        raise KeyError(Tag(core_tag))

    def __contains__(self, name: object) -> bool:
        try:
            self[name]
        except (KeyError, ValueError, TypeError, OverflowError):
            return False
        return True


# --- record creators (pydicom's DIRECTORY_RECORDERS) over the core's F.5 tables --------

def _recorder(record_type: str) -> Callable[[Dataset], Dataset]:
    def define(ds: Dataset) -> Dataset:
        return Dataset(record_keys(record_type, ds.freeze()))

    define.__name__ = f"_define_{record_type.lower().replace(' ', '_')}"
    define.__doc__ = f"The PS3.3 F.5 keys of a {record_type} record, copied from ``ds``."
    return define


#: Record type -> function making that record's keys from an instance (users may replace).
DIRECTORY_RECORDERS: dict[str, Callable[[Dataset], Dataset]] = {
    record_type: _recorder(record_type) for record_type in RECORD_KEYS}

_define_patient = DIRECTORY_RECORDERS["PATIENT"]
_define_study = DIRECTORY_RECORDERS["STUDY"]
_define_series = DIRECTORY_RECORDERS["SERIES"]
_define_image = DIRECTORY_RECORDERS["IMAGE"]

"""FileDataset, FileMetaDataset and validate_file_meta: the file-level datasets.

Kept apart from dataset.py (which re-exports them, as pydicom has them there): a
FileDataset is a Dataset plus what the file says (preamble, file meta, filename and
encoding); a FileMetaDataset holds group 0002 only, checked on every change.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from typeddcm.dataset import Dataset as CoreDataset

from ._tree import Path, Root
from .dataset import Dataset
from .tag import Tag

__all__ = ["FileDataset", "FileMetaDataset", "validate_file_meta"]


class FileDataset(Dataset):
    """A Dataset read from (or to be written to) a file: preamble, file_meta, filename."""

    def __init__(
        self,
        filename_or_obj: str | os.PathLike[str] | BinaryIO | bytes | None,
        dataset: Dataset | dict[Any, Any] | CoreDataset,
        preamble: bytes | None = None,
        file_meta: Dataset | None = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
    ) -> None:
        super().__init__(dataset)
        self.preamble = preamble
        self.file_meta = file_meta if file_meta is not None else Dataset()
        self.is_implicit_VR = is_implicit_VR
        self.is_little_endian = is_little_endian
        self.filename: str | None = None
        self.fileobj_type: Any = None
        self.timestamp: float | None = None
        if isinstance(filename_or_obj, (str, os.PathLike)):
            self.filename = str(os.fspath(filename_or_obj))
            self.fileobj_type = open
            try:
                self.timestamp = os.stat(self.filename).st_mtime
            except OSError:
                self.timestamp = None
        elif hasattr(filename_or_obj, "read"):
            self.filename = getattr(filename_or_obj, "name", None)
            self.fileobj_type = type(filename_or_obj)
        self._source_file: Any = None

    def __enter__(self) -> FileDataset:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # A memory-mapped file is released; one read into memory stays readable.
        from .filereader import close_file_dataset

        close_file_dataset(self)


class MissingFileMetaError(ValueError, AttributeError):
    """Required file meta elements missing: 1.x raised ValueError, pydicom 3 raises
    AttributeError; either ``except`` catches this."""


def validate_file_meta(file_meta: Dataset, enforce_standard: bool = True) -> None:
    """Check (and with ``enforce_standard`` complete) File Meta Information, as documented."""
    from typeddcm.codec.writer import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME

    for elem in file_meta:
        if elem.tag.group != 0x0002:
            msg = ("Only File Meta Information group (0002,eeee) elements may be present in "
                   "'file_meta'.")
            raise ValueError(msg)
    if not enforce_standard:
        return
    if "FileMetaInformationVersion" not in file_meta:
        file_meta.FileMetaInformationVersion = b"\x00\x01"
    if "ImplementationClassUID" not in file_meta:
        file_meta.ImplementationClassUID = IMPLEMENTATION_CLASS_UID
    if "ImplementationVersionName" not in file_meta:
        file_meta.ImplementationVersionName = IMPLEMENTATION_VERSION_NAME
    missing = [
        f"{Tag(tag)} {keyword}" for keyword, tag in (
            ("MediaStorageSOPClassUID", 0x00020002), ("MediaStorageSOPInstanceUID", 0x00020003),
            ("TransferSyntaxUID", 0x00020010))
        if keyword not in file_meta or file_meta[tag].is_empty
    ]
    if missing:
        msg = ("Missing required File Meta Information elements from 'file_meta':\n\t"
               + "\n\t".join(missing))
        raise MissingFileMetaError(msg)



def _require_group_two(core: CoreDataset) -> None:
    """ValueError naming the elements of ``core`` outside group 0002, if any."""
    bounds = core._store.bounds()
    if bounds is None or (bounds[0] >> 16 == 0x0002 and bounds[1] >> 16 == 0x0002):
        return  # sorted: the first and last tags in group 2 put every tag there
    outside = [Tag(int(element.tag)) for element in core.elements() if element.tag >> 16 != 0x0002]
    if outside:
        msg = ("Only group 2 data elements are allowed in a FileMetaDataset, but data elements "
               f"with tags {', '.join(str(tag) for tag in outside)} were found")
        raise ValueError(msg)


#: Root's own storage of ``core`` (its slot), which _GroupTwoRoot's property wraps.
_ROOT_CORE: Any = Root.__dict__["core"]


class _GroupTwoRoot(Root):
    """The root of a FileMetaDataset: every new core is checked before it is stored.

    The check sits on the ``core`` attribute itself, which every change of the tree
    (at any depth) ends by assigning, so no way of adding an element passes it by.
    """

    __slots__ = ()

    @property
    def core(self) -> CoreDataset:
        found: CoreDataset = _ROOT_CORE.__get__(self, Root)
        return found

    @core.setter
    def core(self, new: CoreDataset) -> None:
        _require_group_two(new)  # only the top level: items may hold any group
        _ROOT_CORE.__set__(self, new)


class FileMetaDataset(Dataset):
    """File Meta Information (PS3.10 7.1): a Dataset of group 0002 elements only.

    Adding any other element, however it is added (keyword, ``ds[tag] = elem``,
    ``add_new``, ``update``, ``FileMetaDataset(other)``), raises ``ValueError`` and
    leaves the dataset as it was, as pydicom 2.x and 3 do.
    """

    def _bind(self, root: Root, path: Path) -> None:
        # Every handle of a file meta's own root (new, copied, unpickled) gets the checking
        # root; the fresh root is converted in place, so nothing bound to it is lost.
        if not path and type(root) is Root:
            _require_group_two(root.core)
            root.__class__ = _GroupTwoRoot
        super()._bind(root, path)

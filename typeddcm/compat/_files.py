"""FileDataset, FileMetaDataset and validate_file_meta: the file-level datasets.

Kept apart from dataset.py (which re-exports them, as pydicom has them there): a
FileDataset is a Dataset plus what the file says (preamble, file meta, filename and
encoding); a FileMetaDataset holds group 0002 only, checked on every change.
"""

from __future__ import annotations

import contextlib
import copy
import io
import os
import warnings
from typing import Any, BinaryIO

from typeddcm.dataset import Dataset as CoreDataset

from ._tree import Path, Root
from .config import _current as _config_current
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
        if isinstance(file_meta, Dataset) and not isinstance(file_meta, FileMetaDataset):
            # A damaged header read leniently holds other groups: kept as it is.
            with contextlib.suppress(ValueError):
                file_meta = FileMetaDataset(file_meta)
        object.__setattr__(self, "file_meta",
                           file_meta if file_meta is not None else FileMetaDataset())
        if not _config_current.get().use_future:  # pydicom 4 has no is_implicit_VR/is_little_endian
            self._is_implicit_VR = is_implicit_VR
            self._is_little_endian = is_little_endian
        self._read_implicit = is_implicit_VR
        self._read_little = is_little_endian
        self.filename: str | None = None
        self.fileobj_type: Any = None
        self.timestamp: float | None = None
        #: pydicom 3: the buffer-like object read from (None for a path or an open file).
        self.buffer: Any = None
        source: Any = filename_or_obj
        if isinstance(source, (str, os.PathLike)):
            self.filename = str(os.fspath(source))
            self.fileobj_type = open
        elif isinstance(source, io.BufferedReader):  # a file opened "rb": by its name
            self.filename = source.name if isinstance(source.name, str) else None
            self.fileobj_type = open
        elif source is not None:
            # A buffer (BytesIO ...) or a container (gzip ...): its name or filename, if any.
            self.buffer = source
            self.fileobj_type = type(source)
            name = getattr(source, "name", None) or getattr(source, "filename", None)
            self.filename = name if isinstance(name, str) else None
        if self.filename and os.path.exists(self.filename):
            self.timestamp = os.stat(self.filename).st_mtime
        self._source_file: Any = None

    def __deepcopy__(self, memo: dict[int, Any]) -> FileDataset:
        """A deep copy; a buffer that cannot be copied (closed, a file) becomes None,
        with a warning, as pydicom 3 does."""
        buffer = self.__dict__.get("buffer")
        if buffer is not None:
            try:
                copied = copy.deepcopy(buffer, memo)
            except Exception as exc:  # whatever the buffer's copy raises: pydicom's rule
                warnings.warn(
                    f"The {type(exc).__name__} exception '{exc}' occurred trying to deepcopy "
                    "the buffer-like the dataset was read from, the 'buffer' attribute will "
                    "be set to 'None' in the copied object", UserWarning, stacklevel=2)
                copied = None
            memo[id(buffer)] = copied
        new = super().__deepcopy__(memo)
        assert isinstance(new, FileDataset)
        return new

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
        f"(0002,{tag & 0xFFFF:04X}) {name}" for keyword, tag, name in (
            ("MediaStorageSOPClassUID", 0x00020002, "Media Storage SOP Class UID"),
            ("MediaStorageSOPInstanceUID", 0x00020003, "Media Storage SOP Instance UID"),
            ("TransferSyntaxUID", 0x00020010, "Transfer Syntax UID"))
        if keyword not in file_meta or file_meta[tag].is_empty
    ]
    if missing:  # pydicom 3's wording (1.x's named the same elements by keyword)
        msg = ("Required File Meta Information elements are either missing or have an empty "
               f"value: {', '.join(missing)}")
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

    @property
    def _tsyntax_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) of the Transfer Syntax UID when it is a known
        public transfer syntax, else (None, None) (pydicom 3)."""
        from typeddcm.codec.transfer_syntax import transfer_syntax

        uid = self.get("TransferSyntaxUID", None)
        if not uid:
            return None, None
        try:
            syntax = transfer_syntax(str(uid))
        except NotImplementedError:  # UnsupportedTransferSyntaxError: not a transfer syntax
            return None, None
        return syntax.implicit_vr, syntax.little_endian

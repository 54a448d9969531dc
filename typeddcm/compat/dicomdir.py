"""pydicom 1.x's ``pydicom.dicomdir``: ``DicomDir``, a DICOMDIR read as a FileDataset whose
directory records know their children.

pydicom 2 deprecated it and pydicom 3 removed it for ``pydicom.fileset.FileSet``
(:mod:`typeddcm.compat.fileset`); code written for 1.x still walks
``ds.patient_records`` and ``record.children``, so it is kept.  The tree comes from the
core (:func:`typeddcm.dicomdir.tree.parse_directory`): an offset that starts no record,
or records whose offsets form a cycle, are a ``DirectoryError`` naming the offset
(1.x raised a KeyError or recursed without end).  Records that no offset reaches have
no children here.
"""

from __future__ import annotations

import os
from typing import Any, BinaryIO

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dicomdir.tree import parse_directory

from ._files import FileDataset
from .dataset import Dataset
from .errors import InvalidDicomError

__all__ = ["DicomDir"]

_MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"


class DicomDir(FileDataset):
    """A DICOMDIR dataset read from a file: a FileDataset whose Directory Record Sequence
    items have ``children`` (the records of the entity each one's lower offset names) and
    which lists its PATIENT records as ``patient_records``."""

    def __init__(
        self,
        filename_or_obj: str | os.PathLike[str] | BinaryIO | None,
        dataset: Dataset | dict[Any, Any] | CoreDataset,
        preamble: bytes | None = None,
        file_meta: Dataset | None = None,
        is_implicit_VR: bool = True,
        is_little_endian: bool = True,
    ) -> None:
        if file_meta:
            sop_class = file_meta.get("MediaStorageSOPClassUID", None)
            if sop_class is None or str(sop_class) != _MEDIA_STORAGE_DIRECTORY:
                msg = "SOP Class is not Media Storage Directory (DICOMDIR)"
                raise InvalidDicomError(msg)
        super().__init__(filename_or_obj, dataset, preamble, file_meta, is_implicit_VR,
                         is_little_endian)
        self.parse_records()

    def parse_records(self) -> None:
        """Give each directory record its ``children`` and set ``patient_records``.

        Meant for the records as read: after records change, their offsets no longer
        say where they are (they are computed again when the File-set is written).
        """
        records: list[Dataset] = list(self.get("DirectoryRecordSequence", None) or [])
        offsets = [int(record.seq_item_tell) for record in records]
        by_offset = dict(zip(offsets, records, strict=True))
        directory = parse_directory(self.freeze(), offsets)
        for record in records:
            object.__setattr__(record, "children", [])
        for parsed in directory.walk():
            object.__setattr__(by_offset[parsed.offset], "children",
                               [by_offset[child.offset] for child in parsed.children])
        self.patient_records = [record for record in records
                                if record.get("DirectoryRecordType", None) == "PATIENT"]

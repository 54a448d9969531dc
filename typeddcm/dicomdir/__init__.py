"""DICOMDIR and File-sets (PS3.10 section 7, PS3.3 Annex F: the Basic Directory IOD).

- :mod:`typeddcm.dicomdir.tree`: read a DICOMDIR into an immutable tree of
  :class:`DirectoryRecord` (``read_dicomdir``, ``parse_directory``), offsets followed
  with cycle and bad-offset detection (:class:`typeddcm.errors.DirectoryError`).
- :mod:`typeddcm.dicomdir.records`: the keys PS3.3 F.5 requires per record type
  (``record_keys``, ``new_record``) and the record types an instance needs.
- :mod:`typeddcm.dicomdir.fileid`: File IDs (PS3.10 8.5): checking and generating.
- :mod:`typeddcm.dicomdir.write`: a DICOMDIR's bytes with its offsets computed.
- :mod:`typeddcm.dicomdir.build`: a DICOMDIR for a set of files (``make_dicomdir``,
  ``write_dicomdir``), records merged by patient, study and series.
- :mod:`typeddcm.dicomdir.fileset`: File-sets as immutable values (``open_fileset``,
  ``FileSet``): find and load instances, stage additions and removals, ``write`` to commit.

Files are read and written through :mod:`typeddcm.io` only.
"""

from __future__ import annotations

from typeddcm.dicomdir.build import make_dicomdir, records_for, write_dicomdir
from typeddcm.dicomdir.fileid import (
    RECORD_PREFIXES,
    check_file_id,
    component_name,
    generate_names,
    is_conformant_file_id,
)
from typeddcm.dicomdir.fileset import FileSet, Instance, open_fileset
from typeddcm.dicomdir.records import (
    RECORD_KEYS,
    RecordKeyError,
    leaf_record_type,
    new_record,
    record_keys,
    record_types_for,
)
from typeddcm.dicomdir.tree import Directory, DirectoryRecord, parse_directory, read_dicomdir
from typeddcm.dicomdir.write import (
    MEDIA_STORAGE_DIRECTORY,
    NewRecord,
    build_dicomdir,
    directory_meta,
    lay_out,
)

__all__ = [
    "MEDIA_STORAGE_DIRECTORY",
    "RECORD_KEYS",
    "RECORD_PREFIXES",
    "Directory",
    "DirectoryRecord",
    "FileSet",
    "Instance",
    "NewRecord",
    "RecordKeyError",
    "build_dicomdir",
    "check_file_id",
    "component_name",
    "directory_meta",
    "generate_names",
    "is_conformant_file_id",
    "lay_out",
    "make_dicomdir",
    "leaf_record_type",
    "new_record",
    "open_fileset",
    "parse_directory",
    "read_dicomdir",
    "record_keys",
    "records_for",
    "record_types_for",
    "write_dicomdir",
]

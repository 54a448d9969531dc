"""pydicom's ``dicomio``: one place to import the read and write functions from.

pydicom 3 has ``dcmread`` and ``dcmwrite`` here; 1.x also ``read_file`` and
``write_file`` (its older names), which stay.  The file-like wrappers (``DicomIO``,
``DicomFileLike``, ``DicomBytesIO``, ``DicomFile``) live in :mod:`.filebase`, as in
pydicom; they are re-exported here for code that looked for them beside the readers.
"""

from __future__ import annotations

from .filebase import DicomBytesIO, DicomFile, DicomFileLike, DicomIO
from .filereader import dcmread, read_file
from .filewriter import dcmwrite, write_file

__all__ = ["DicomBytesIO", "DicomFile", "DicomFileLike", "DicomIO", "dcmread", "dcmwrite",
           "read_file", "write_file"]

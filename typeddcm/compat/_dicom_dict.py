"""pydicom's ``_dicom_dict``: ``DicomDictionary`` and ``RepeatersDictionary``.

Code written for pydicom imports the tables from this private module (pydicom's own
tests among it).  They are :mod:`typeddcm.compat.datadict`'s read-only views over the
element registry (additions included): the same objects, not copies.  Changing them
is a TypeError naming ``datadict.add_dict_entries``, as it is there.
"""

from __future__ import annotations

from .datadict import DicomDictionary, RepeatersDictionary

__all__ = ["DicomDictionary", "RepeatersDictionary"]

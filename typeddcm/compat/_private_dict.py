"""pydicom's ``_private_dict``: ``private_dictionaries``, creator -> its private entries.

Code written for pydicom imports the table from this private module (pydicom's own
tests among it).  It is :mod:`typeddcm.compat.datadict`'s read-only view over our
private dictionary (additions included): the same object, not a copy.  Changing it
is a TypeError naming ``datadict.add_private_dict_entries``, as it is there.
"""

from __future__ import annotations

from .datadict import private_dictionaries

__all__ = ["private_dictionaries"]

"""Validation against the standard (issue 11).

- :func:`validate` (also ``typeddcm.validate``): a :class:`Report` of findings about a
  file or dataset: encoding (PS3.5, PS3.6, PS3.10; :mod:`.encoding`) and the IOD of its
  SOP Class (PS3.3; :mod:`.iod`); :func:`validate_paths` for many files on every core.
- :mod:`.roundtrip`: whether a file's bytes follow from its decoded values
  (``typeddcm roundtrip``), and whether a conformant rewrite keeps every value.
"""

from __future__ import annotations

from ._report import Finding, Report, Severity
from ._validate import validate, validate_paths

__all__ = ["Finding", "Report", "Severity", "validate", "validate_paths"]

"""pydicom's ``misc`` module: ``is_dicom``, ``size_in_bytes`` and (pydicom 3)
``warn_and_log`` and ``LOGGER``.

Both behave as pydicom 3's: ``is_dicom`` opens the file (so a missing file raises
``FileNotFoundError``) and is False for a file too short to hold the marker;
``size_in_bytes`` takes the units of pydicom 3, decimal ``kB``/``MB``/``GB`` (1000)
and binary ``KiB``/``MiB``/``GiB`` (1024), any case.  pydicom 1.x counted
``KB``/``MB``/``GB`` in powers of 1024; the reference does not say, and the
answer only sizes ``defer_size``, which our reader does not need (every value is
read on first access).
"""

from __future__ import annotations

import logging
import math
import os
import re
import warnings

from typeddcm.io import has_dicom_marker

__all__ = ["LOGGER", "is_dicom", "size_in_bytes", "warn_and_log"]

#: The adapter's logger (``config.logger``, "typeddcm.compat"), by pydicom 3's name here.
LOGGER = logging.getLogger("pydicom")  # config.logger's

_FACTORS = {
    "kb": 1000,
    "mb": 1000**2,
    "gb": 1000**3,
    "kib": 1024,
    "mib": 1024**2,
    "gib": 1024**3,
}
_SIZE = re.compile(r"\s*([0-9]*\.?[0-9]+)\s*([A-Za-z]+)\s*")


def is_dicom(file_path: str | os.PathLike[str]) -> bool:
    """True when the file has the Part 10 marker "DICM" at byte 128 (after the preamble)."""
    return has_dicom_marker(file_path)


def size_in_bytes(expr: int | float | str | None) -> int | float | None:
    """The number of bytes ``expr`` stands for, as ``dcmread``'s ``defer_size`` takes it.

    None and infinity give None (no limit); numbers are returned as they are; a
    string is an integer (``"1024"``, an int) or a number and a unit
    (``"512 KB"``, ``"1.5 MiB"``, a float).  ValueError for anything else.
    """
    if expr is None:
        return None
    if isinstance(expr, (int, float)):
        return None if expr == math.inf else expr
    try:
        return int(expr)
    except ValueError:
        pass
    match = _SIZE.fullmatch(expr)
    if match is None:
        msg = f"Unable to parse the size {expr!r}: expected a number and a unit such as '2 MB'"
        raise ValueError(msg)
    number, unit = match.groups()
    factor = _FACTORS.get(unit.lower())
    if factor is None:
        msg = f"Unable to parse length with unit '{unit}'"
        raise ValueError(msg)
    return float(number) * factor


def warn_and_log(msg: str, category: type[Warning] | None = None, stacklevel: int = 1) -> None:
    """Log ``msg`` as a warning on :data:`LOGGER` and issue it as a Python warning
    (``UserWarning`` unless ``category``); ``stacklevel`` counts from the caller."""
    LOGGER.warning(msg)
    warnings.warn(msg, category, stacklevel=stacklevel + 1)

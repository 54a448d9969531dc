"""pydicom's wheel test files, our oracle: what there is, and how to compare values."""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import pytest

pydicom = pytest.importorskip("pydicom")

_DATA = Path(pydicom.__file__).parent / "data"


def wheel_files() -> list[Path]:
    """Every DICOM-looking file in pydicom's test_files and charset_files (sorted)."""
    found: list[Path] = []
    for folder in ("test_files", "charset_files"):
        for path in sorted((_DATA / folder).rglob("*")):
            if path.is_file() and path.name != "README" and path.suffix.lower() not in (
                ".txt", ".json", ".dump", ".icc", ".gz", ".py", ".pyc", ".bz2", ".xz"
            ):
                found.append(path)
    return found


def read_with_pydicom(path: Path) -> Any:
    """pydicom's dataset for ``path``, or None where pydicom refuses it even with force."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return pydicom.dcmread(path, force=True)
        except Exception:  # pydicom's own refusal: the file is not in the oracle
            return None


def plain(value: Any) -> Any:
    """A pydicom value as plain Python data for comparison."""
    from pydicom.multival import MultiValue
    from pydicom.valuerep import PersonName

    if isinstance(value, (list, MultiValue, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, PersonName):
        return str(value)
    if isinstance(value, bytes):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, str):
        return str(value)
    return value


def ours_plain(vr: Any) -> Any:
    """Our VR object's values as plain Python data, shaped as pydicom shapes them."""
    code = vr.code
    if code in ("OB", "OD", "OF", "OL", "OV", "OW", "UN"):
        return vr.data.tobytes() if vr.byteorder == "<" or code in ("OB", "UN") else vr.tobytes(
            little_endian=False)
    values: list[Any]
    if code in ("PN", "DA", "DT", "TM"):
        values = [str(v) for v in vr.values]
    elif code == "DS":
        values = [float(v) for v in vr.values]
    elif code == "IS":
        # An IS that is not a number reads as 0 with its text kept; pydicom gives the text.
        values = [int(v) if v.is_valid else v.text for v in vr.values]
    elif code == "AT":
        values = [int(v) for v in vr.values]
    else:
        values = list(vr.values)
    if not values:
        return None if code not in ("LT", "ST", "UT", "UR") else ""
    return values[0] if len(values) == 1 else values


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and floats compared exactly otherwise.

    Strings compare without surrounding spaces: pydicom strips trailing padding of
    the whole value only, leaving 'DERIVED ' in 'DERIVED \\PRIMARY'; PS3.5 makes
    leading and trailing spaces insignificant in each value, and so do we.
    """
    if isinstance(a, str) and isinstance(b, str):
        return a.strip(" ") == b.strip(" ")
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b)

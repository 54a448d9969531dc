"""typeddcm.compat.misc and errors against pydicom 3 (the oracle)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from typeddcm import errors as core_errors
from typeddcm.compat import misc
from typeddcm.compat.errors import InvalidDicomError

pydicom = pytest.importorskip("pydicom")
from pydicom import errors as their_errors  # noqa: E402
from pydicom import misc as their_misc  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402


def outcome(function: Any, arg: Any) -> Any:
    try:
        return ("ok", function(arg))
    except Exception as exc:  # the type is what we compare
        return ("error", type(exc).__name__)


def test_is_dicom_matches_pydicom_on_the_wheel_files() -> None:
    files = wheel_files()
    assert [misc.is_dicom(p) for p in files] == [their_misc.is_dicom(p) for p in files]
    assert any(misc.is_dicom(p) for p in files) and not all(misc.is_dicom(p) for p in files)


@pytest.mark.parametrize(
    "content", [b"", b"\x00" * 131, b"\x00" * 128 + b"DICM", b"\x00" * 128 + b"DICX" + b"\x00",
                b"\x00" * 128 + b"DIC"])
def test_is_dicom_short_and_odd_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "f.dcm"
    path.write_bytes(content)
    assert misc.is_dicom(path) == their_misc.is_dicom(path)
    assert misc.is_dicom(str(path)) == content.endswith(b"DICM")


def test_is_dicom_missing_file_raises_like_pydicom(tmp_path: Path) -> None:
    missing = tmp_path / "missing.dcm"
    assert outcome(misc.is_dicom, missing) == outcome(their_misc.is_dicom, missing) == (
        "error", "FileNotFoundError")


@pytest.mark.parametrize(
    "expr",
    [None, 0, 1024, 1.5, float("inf"), "1024", "512 KB", "512 kb", "2 MB", "1.5 MiB", "3 GB",
     "1 kib", "10gib", "10 XB", "abc", "12 34 kb", "", " 7 ", float("-inf")],
)
def test_size_in_bytes_matches_pydicom(expr: Any) -> None:
    ours, theirs = outcome(misc.size_in_bytes, expr), outcome(their_misc.size_in_bytes, expr)
    assert ours == theirs


def test_size_in_bytes_unit_error_message() -> None:
    with pytest.raises(ValueError, match="unit 'XB'"):
        misc.size_in_bytes("10 XB")


def test_invalid_dicom_error() -> None:
    default = InvalidDicomError()
    assert str(default) == str(their_errors.InvalidDicomError())
    assert "not a valid DICOM file" in str(default)
    assert InvalidDicomError("a", "b").args == ("a", "b") == their_errors.InvalidDicomError(
        "a", "b").args
    assert str(InvalidDicomError("no DICM")) == "no DICM"
    # It is the core's error too, so either library's except clause catches it.
    for base in (core_errors.InvalidDicomError, core_errors.DecodeError, core_errors.DicomError,
                 ValueError):
        assert isinstance(default, base)
    with pytest.raises(core_errors.InvalidDicomError):
        raise InvalidDicomError
    assert (default.offset, default.tag, default.path) == (None, None, "")

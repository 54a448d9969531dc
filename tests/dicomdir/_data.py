"""The DICOMDIR files among pydicom's wheel files, found by their Media Storage SOP Class
(not by name: pydicom ships DICOMDIRs named ``DICOMDIR-empty.dcm`` and in subfolders)."""

from __future__ import annotations

import warnings
from functools import cache
from pathlib import Path

import pytest

import typeddcm
from typeddcm.errors import DicomError

MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"


def wheel_data() -> Path:
    """pydicom's test_files folder (the test skips when pydicom is not installed)."""
    pytest.importorskip("pydicom", reason="pydicom's wheel files are the oracle's data")
    from pydicom.data import get_testdata_file

    found = get_testdata_file("CT_small.dcm")
    assert isinstance(found, str)
    return Path(found).parent


@cache
def _scan() -> tuple[str, ...]:
    root = wheel_data()
    names = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                f = typeddcm.read(path, specific_tags=[0x00080016])
        except (DicomError, OSError):
            continue
        if f.meta.value_of(0x00020002) == MEDIA_STORAGE_DIRECTORY:
            names.append(path.relative_to(root).as_posix())
    return tuple(names)


def wheel_dicomdirs() -> list[str]:
    """The DICOMDIRs of pydicom's wheel, relative to its test_files folder."""
    try:
        return list(_scan())
    except pytest.skip.Exception:
        return []

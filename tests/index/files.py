"""Synthetic files for the index tests, written with typeddcm."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import typeddcm.io as tio
from typeddcm import Dataset, DicomFile

CT = "1.2.840.10008.5.1.4.1.1.2"


def header(number: int, **extra: Any) -> Dataset:
    """A small CT-like header: UIDs, a few values of common VRs."""
    return Dataset(SOPClassUID=CT, SOPInstanceUID=f"2.25.{100 + number}", Modality="CT",
                   PatientName="Doe^Jane", PatientID=f"P{number}", StudyDate="20240312",
                   Rows=512, Columns=512, InstanceNumber=str(number + 1),
                   SliceThickness="3.0").update(extra)


def write(path: Path, ds: Dataset) -> Path:
    """``ds`` as a Part 10 file at ``path`` (its folder made)."""
    tio.make_folders(path.parent)
    tio.write(DicomFile.new(ds), path)
    return path


def tree(root: Path, count: int) -> list[Path]:
    """``count`` headers under ``root``, ten per folder."""
    return [write(root / f"d{n // 10:02d}" / f"{n:04d}.dcm", header(n)) for n in range(count)]


def touch_later(path: Path) -> None:
    """Move the modification time of ``path`` one second on (a changed file)."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))

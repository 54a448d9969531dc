"""What the command line's commands share: the program name, error lines, the paths
named (the shipped samples when none), the files under them, and a progress bar."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from typeddcm.io import has_dicom_marker
from typeddcm.samples import sample_paths

__all__ = ["PROG", "Progress", "candidates", "dicom_candidates", "error", "existing_paths",
           "is_tty", "looks_like_dicom"]

PROG = "typeddcm"


def error(command: str, message: str) -> None:
    """``typeddcm COMMAND: error: MESSAGE`` on standard error."""
    prefix = f"{PROG} {command}" if command else PROG
    print(f"{prefix}: error: {message}", file=sys.stderr)


def _missing(paths: Sequence[Path]) -> list[Path]:
    return [p for p in paths if not p.exists()]


def existing_paths(command: str, given: list[Path]) -> list[Path] | None:
    """The paths named (the samples when none), or None after reporting the missing ones."""
    paths = list(given) or sample_paths()
    missing = _missing(paths)
    for path in missing:
        error(command, f"no such file or directory: {str(path)!r}")
    return None if missing else paths


def candidates(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Each file to look at, and whether it was named itself (not found in a directory)."""
    found: list[tuple[Path, bool]] = []
    for path in paths:
        if not path.is_dir():
            found.append((path, True))
            continue
        for root, dirs, files in os.walk(path):
            dirs.sort()
            found.extend((Path(root) / name, False) for name in sorted(files))
    return found


def dicom_candidates(paths: Sequence[Path], force: bool = False
                     ) -> tuple[list[Path], list[Path]]:
    """The files to read under ``paths``, and those skipped: a folder holds other files
    too, so a file found in one without "DICM" at byte 128 is skipped (``force`` reads
    it); a file named itself is always read, to be reported if it is not DICOM."""
    files: list[Path] = []
    skipped: list[Path] = []
    for path, named in candidates(paths):
        if named or force or looks_like_dicom(path):
            files.append(path)
        else:
            skipped.append(path)
    return files, skipped


def looks_like_dicom(path: Path) -> bool:
    """Whether a file found in a folder is read: "DICM" at byte 128, or it cannot be
    opened (then reading it reports why)."""
    try:
        return has_dicom_marker(path)
    except OSError:
        return True  # read it, and report why it cannot be read


class Progress:
    """``\\r[#####...............] n/N`` on a terminal; nothing otherwise."""

    width = 30

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.shown = 0

    def update(self, done: int) -> None:
        if not self.enabled:
            return
        filled = self.width * done // self.total
        text = f"\r[{'#' * filled}{'.' * (self.width - filled)}] {done}/{self.total}"
        self.shown = len(text) - 1
        self.stream.write(text)
        self.stream.flush()

    def clear(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False

"""pydicom's ``data``: finding test and example files by name.

pydicom searches its own bundled test files and downloads more; we ship no copy of
pydicom's files and download nothing.  ``get_testdata_file(name)`` and
``get_testdata_files(pattern)`` search, in order:

1. the folders in :data:`testdata_dirs` (a list you may change at run time), then
2. the folders in the environment variable ``TYPEDDCM_TESTDATA_PATH`` (separated by
   ``os.pathsep``, as ``PATH``; read at each call), then
3. typeddcm's own synthetic samples (:mod:`typeddcm.samples`, under their own names:
   ``ct_small.dcm``, ``multiframe.dcm``, ``nested_sequences.dcm``,
   ``charset_japanese.dcm``).

Point either at a copy of pydicom's ``data/test_files`` (or pydicom-data) to run code
that names pydicom's files.  ``get_charset_files``/``get_palette_files`` search the
``charset_files``/``palettes`` subfolders of the same folders.  The ``download``
argument is accepted and has nothing to do.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

__all__ = ["DATA_ROOT", "ENVIRONMENT_VARIABLE", "external_data_sources", "fetch_data_files", "get_charset_files",
           "get_palette_files", "get_testdata_file", "get_testdata_files", "testdata_dirs"]

#: The environment variable naming more folders to search (``os.pathsep``-separated).
ENVIRONMENT_VARIABLE = "TYPEDDCM_TESTDATA_PATH"
#: Folders searched first, in order (str or Path); change it freely.
testdata_dirs: list[str | os.PathLike[str]] = []
#: Where typeddcm's own sample files are.
DATA_ROOT = str(Path(__file__).resolve().parent.parent / "samples")


def _user_dirs() -> list[Path]:
    found = [Path(d) for d in testdata_dirs]
    found += [Path(d) for d in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if d]
    return [d for d in found if d.is_dir()]


def _search_dirs() -> list[Path]:
    from typeddcm.samples import sample_path

    return [*_user_dirs(), sample_path("ct_small.dcm").parent]


def _refuse_absolute(text: str, function: str) -> None:
    if os.path.isabs(text):
        msg = (f"'{function}' does not support absolute paths, as it only searches the test "
               f"data folders - did you mean 'dcmread(\"{text}\")'?")
        raise ValueError(msg)


#: folder -> file name -> the files of that name below it (sorted): built on first use
#: and again on a miss or a vanished file, so a file added later is still found.
_INDEX: dict[Path, dict[str, list[Path]]] = {}


def _build_index(folder: Path) -> dict[str, list[Path]]:
    index: dict[str, list[Path]] = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            index.setdefault(path.name, []).append(path)
    _INDEX[folder] = index
    return index


def _find(folder: Path, name: str) -> list[Path]:
    """The files called ``name`` below ``folder`` (a pattern is globbed as pydicom does)."""
    if any(c in name for c in "*?[") or os.sep in name or "/" in name:
        return [m for m in sorted(folder.rglob(name)) if m.is_file()]
    index = _INDEX.get(folder)
    found = index.get(name, []) if index is not None else []
    if not found or not all(p.is_file() for p in found):
        found = _build_index(folder).get(name, [])
    return found


def get_testdata_file(name: str, read: bool = False, download: bool = True) -> Any:
    """The absolute path of the first file called ``name`` in the folders (or below
    them), or None; with ``read`` the dataset read from it (``dcmread(force=True)``).
    ValueError for an absolute path."""
    _refuse_absolute(name, "get_testdata_file")
    for folder in _search_dirs():
        files = _find(folder, name)
        if files:
            path = os.fspath(files[0].resolve())
            if read:
                from .filereader import dcmread

                return dcmread(path, force=True)
            return path
    return None


def _glob(folders: list[Path], pattern: str) -> list[str]:
    found: list[str] = []
    for folder in folders:
        found += sorted(os.fspath(p.resolve()) for p in folder.glob(pattern)
                        if p.is_file() and p.suffix != ".py")
    return found


def get_testdata_files(pattern: str = "**/*") -> list[str]:
    """The absolute paths of the files matching ``pattern`` (``Path.glob``) in the
    folders, in folder order; ValueError for an absolute pattern."""
    _refuse_absolute(pattern, "get_testdata_files")
    return _glob(_search_dirs(), pattern)


def get_charset_files(pattern: str = "**/*") -> list[str]:
    """The files matching ``pattern`` in the ``charset_files`` subfolder of each user folder."""
    _refuse_absolute(pattern, "get_charset_files")
    return _glob([d / "charset_files" for d in _user_dirs()], pattern)


def get_palette_files(pattern: str = "**/*") -> list[str]:
    """The files matching ``pattern`` in the ``palettes`` subfolder of each user folder."""
    _refuse_absolute(pattern, "get_palette_files")
    return _glob([d / "palettes" for d in _user_dirs()], pattern)


def external_data_sources() -> dict[str, Any]:
    """pydicom's data-source plugins: none here (the folders above take their place)."""
    return {}


def fetch_data_files() -> None:
    """pydicom downloads its test files here; typeddcm downloads nothing: a UserWarning
    says where to put them instead."""
    warnings.warn(f"typeddcm does not download test data: put the files in a folder named "
                  f"by {ENVIRONMENT_VARIABLE} or typeddcm.compat.data.testdata_dirs",
                  UserWarning, stacklevel=2)

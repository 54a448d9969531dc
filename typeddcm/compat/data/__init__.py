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

Between 2 and 3 come pydicom's external data sources (:func:`external_data_sources`):
the objects that installed packages register under the entry-point group
``pydicom.data.external_sources`` (pydicom-data registers ``"pydicom-data"``), asked
by their documented ``get_path(name, dtype)`` / ``get_paths(pattern, dtype)``; and
pydicom's own download cache folder (``download.get_data_dir()``, ``~/.pydicom/data``)
when it exists.  Nothing is ever downloaded.

Point either at a copy of pydicom's ``data/test_files`` (or pydicom-data) to run code
that names pydicom's files.  ``get_charset_files``/``get_palette_files`` search the
``charset_files``/``palettes`` subfolders of the same folders.  The ``download``
argument is accepted and has nothing to do.  pydicom's submodules are here too:
:mod:`.data_manager` (the same functions) and :mod:`.download` (the cache folder and
the SHA-256 checks).
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


def _data_root() -> str:
    """pydicom's ``DATA_ROOT`` is the folder holding ``test_files``, ``charset_files`` and
    ``palettes``: code builds paths from it (``Path(DATA_ROOT) / "test_files"``).  When
    ``TYPEDDCM_TESTDATA_PATH`` names a folder called ``test_files`` (a copy of pydicom's
    data), its parent has that layout; otherwise typeddcm's own samples folder."""
    for entry in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep):
        folder = Path(entry)
        if entry and folder.name == "test_files" and folder.is_dir():
            return str(folder.resolve().parent)
    return str(Path(__file__).resolve().parent.parent.parent / "samples")


#: The folder of pydicom-style data folders (see :func:`_data_root`), set at import.
DATA_ROOT = _data_root()


def _user_dirs() -> list[Path]:
    found = [Path(d) for d in testdata_dirs]
    found += [Path(d) for d in os.environ.get(ENVIRONMENT_VARIABLE, "").split(os.pathsep) if d]
    return [d for d in found if d.is_dir()]


def _samples_dir() -> Path:
    from typeddcm.samples import sample_path

    return sample_path("ct_small.dcm").parent


def _cache_dirs() -> list[Path]:
    """pydicom's download cache, when there is one (we only read it)."""
    from .download import get_data_dir

    folder = get_data_dir()
    return [folder] if folder.is_dir() else []


def _search_dirs() -> list[Path]:
    return [*_user_dirs(), *_cache_dirs(), _samples_dir()]


#: pydicom's data-type argument of a source's get_path/get_paths: 0 is a DICOM dataset.
_DATASET = 0
_SOURCES: dict[str, Any] | None = None


def external_data_sources() -> dict[str, Any]:
    """pydicom's external data sources: ``{name: source}`` for each entry point of the
    group ``pydicom.data.external_sources`` (loaded, and each called, once), with
    ``"pydicom-data"`` first.  The dict is kept: changes to it stay for the run."""
    global _SOURCES
    if _SOURCES is None:
        from importlib.metadata import entry_points

        found: dict[str, Any] = {}
        for point in entry_points(group="pydicom.data.external_sources"):
            try:
                found[point.name] = point.load()()
            except Exception as error:  # a broken plugin must not break the search
                warnings.warn(f"external data source {point.name!r} could not be loaded: "
                              f"{error}", UserWarning, stacklevel=2)
        first = {"pydicom-data": found.pop("pydicom-data")} if "pydicom-data" in found else {}
        _SOURCES = {**first, **found}
    return _SOURCES


def _source_file_ok(name: str, path: str) -> bool:
    """pydicom-data's files are used only when their SHA-256 is the listed one (when a
    hashes.json lists it); other sources are taken as they are."""
    from .download import NoHashFound, calculate_file_hash, get_cached_filehash

    if name != "pydicom-data":
        return True
    try:
        return calculate_file_hash(Path(path)) == get_cached_filehash(os.path.basename(path))
    except NoHashFound:
        return True


def _external_file(name: str) -> str | None:
    for source_name, source in external_data_sources().items():
        try:
            path: str = os.fspath(source.get_path(name, dtype=_DATASET))
        except ValueError:
            continue
        if _source_file_ok(source_name, path):
            return os.path.abspath(path)
    return None


def _external_files(pattern: str) -> list[str]:
    found: list[str] = []
    for source_name, source in external_data_sources().items():
        try:
            paths = source.get_paths(pattern, dtype=_DATASET)
        except ValueError:
            continue
        found += sorted(os.path.abspath(os.fspath(p)) for p in paths
                        if _source_file_ok(source_name, os.fspath(p)))
    return found


def _refuse_absolute(text: str, function: str) -> None:
    if os.path.isabs(text):
        msg = (f"'{function}' does not support absolute paths, as it only works with "
               f"internal pydicom test data")
        # A single file may have been meant for dcmread; a pattern may not.
        msg += (f" - did you mean 'dcmread(\"{text}\")'?" if function == "get_testdata_file"
                else ".")
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
    path = _first_file(name)
    if path is not None and read:
        from ..filereader import dcmread

        return dcmread(path, force=True)
    return path


def _first_file(name: str, *, samples: bool = True) -> str | None:
    """The first file called ``name`` in the search order (``samples``: typeddcm's own
    samples last; without, only where pydicom's files may be)."""
    for folder in _user_dirs():
        files = _find(folder, name)
        if files:
            return os.fspath(files[0].resolve())
    external = _external_file(name)
    if external is not None:
        return external
    for folder in [*_cache_dirs(), *([_samples_dir()] if samples else [])]:
        files = _find(folder, name)
        if files:
            return os.fspath(files[0].resolve())
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
    found = [*_glob(_user_dirs(), pattern), *_external_files(pattern),
             *_glob([*_cache_dirs(), _samples_dir()], pattern)]
    seen: set[str] = set()  # a folder that is also a source's is listed once
    unique = []
    for path in found:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique


def get_charset_files(pattern: str = "**/*") -> list[str]:
    """The files matching ``pattern`` in the ``charset_files`` subfolder of each user folder."""
    _refuse_absolute(pattern, "get_charset_files")
    return _glob([d / "charset_files" for d in _user_dirs()], pattern)


def get_palette_files(pattern: str = "**/*") -> list[str]:
    """The files matching ``pattern`` in the ``palettes`` subfolder of each user folder."""
    _refuse_absolute(pattern, "get_palette_files")
    return _glob([d / "palettes" for d in _user_dirs()], pattern)


def fetch_data_files() -> None:
    """pydicom downloads its test files here; typeddcm downloads nothing: a UserWarning
    says where to put them instead."""
    warnings.warn(f"typeddcm does not download test data: put the files in a folder named "
                  f"by {ENVIRONMENT_VARIABLE} or typeddcm.compat.data.testdata_dirs",
                  UserWarning, stacklevel=2)

"""pydicom's ``data.download``: its cache folder and the SHA-256 checks of test files.

typeddcm downloads nothing.  What is here is what code around pydicom's data uses:
the cache folder pydicom downloads into (``~/.pydicom/data``: searched by
:func:`typeddcm.compat.data.get_testdata_file` when it exists, never created here),
the SHA-256 of a file, and the expected SHA-256 of a pydicom test file, read from a
``hashes.json`` (name -> hex digest, as pydicom ships one beside its ``test_files``)
found in :data:`~typeddcm.compat.data.DATA_ROOT` or beside a test-data folder.
"""

from __future__ import annotations

import json
import os
import pathlib

__all__ = ["NoHashFound", "calculate_file_hash", "data_file_hash_check", "get_cached_filehash",
           "get_config_dir", "get_data_dir"]


class NoHashFound(KeyError):
    """No expected SHA-256 is known for the file (no hashes.json lists it)."""


def get_config_dir() -> pathlib.Path:
    """pydicom's configuration folder, ``~/.pydicom`` (not created here)."""
    return pathlib.Path.home() / ".pydicom"


def get_data_dir() -> pathlib.Path:
    """pydicom's download cache, ``~/.pydicom/data`` (not created: nothing is
    downloaded into it by typeddcm; files pydicom put there are found)."""
    return get_config_dir() / "data"


def calculate_file_hash(fpath: os.PathLike[str] | str) -> str:
    """The SHA-256 of the file at ``fpath``, as lower-case hex (read in blocks)."""
    from typeddcm.io import file_sha256

    return file_sha256(fpath)


def _hash_files() -> list[pathlib.Path]:
    """The hashes.json files: in DATA_ROOT, then in or beside each test-data folder."""
    from . import DATA_ROOT, _user_dirs

    folders = [pathlib.Path(DATA_ROOT)]
    for folder in _user_dirs():
        folders += [folder, folder.parent]
    return [f / "hashes.json" for f in dict.fromkeys(folders) if (f / "hashes.json").is_file()]


def get_cached_filehash(filename: str) -> str:
    """The expected SHA-256 of the pydicom test file ``filename`` (the name's case is
    ignored, as on Windows); :class:`NoHashFound` (a KeyError) when none is listed."""
    for path in _hash_files():
        from typeddcm.io import read_text

        hashes = {str(k).lower(): str(v) for k, v in json.loads(read_text(path)).items()}
        if filename.lower() in hashes:
            return hashes[filename.lower()]
    raise NoHashFound(filename)


def data_file_hash_check(filename: str) -> bool:
    """Whether the cached copy of ``filename`` in :func:`get_data_dir` has the expected
    SHA-256 (False when it is missing; NoHashFound when no hash is listed)."""
    path = get_data_dir() / filename
    if not path.is_file():
        return False
    return calculate_file_hash(path) == get_cached_filehash(filename)

"""The build flag: ``typeddcm.compiled`` tells the truth, and ``TYPEDDCM_PURE=1`` runs a
compiled install as plain Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import typeddcm
from typeddcm._compiled import HOT_PATH

_ROOT = Path(typeddcm.__file__).resolve().parent.parent
_NAMES = [p.removesuffix(".py").replace("/", ".").removesuffix(".__init__") for p in HOT_PATH]

_PROBE = """
import importlib, json, sys, typeddcm
for name in %r:
    importlib.import_module(name)
print(json.dumps({"compiled": typeddcm.compiled,
                  "files": {name: sys.modules[name].__file__ for name in %r}}))
"""


def _probe(**env: str) -> dict[str, object]:
    run = subprocess.run([sys.executable, "-c", _PROBE % (_NAMES, _NAMES)], capture_output=True,
                         text=True, check=True, cwd=_ROOT,
                         env={**os.environ, "PYTHONPATH": str(_ROOT), **env})
    result: dict[str, object] = json.loads(run.stdout)
    return result


def test_the_flag_matches_the_modules_loaded() -> None:
    files = {name: sys.modules[name].__file__ or "" for name in _NAMES
             if name in sys.modules}
    assert "typeddcm.codec.reader" in files
    from_source = [name for name, file in files.items() if file.endswith(".py")]
    if typeddcm.compiled:
        assert not from_source, from_source
    else:
        assert sorted(from_source) == sorted(files)


def test_hot_path_lists_existing_modules() -> None:
    for path in HOT_PATH:
        assert (_ROOT / path).is_file(), path


def test_pure_environment_loads_every_hot_module_from_source() -> None:
    probe = _probe(TYPEDDCM_PURE="1")
    assert probe["compiled"] is False
    files = probe["files"]
    assert isinstance(files, dict)
    assert all(str(file).endswith(".py") for file in files.values()), files


def test_the_expected_build_is_running() -> None:
    # CI sets TYPEDDCM_EXPECT_COMPILED=1 where a C compiler exists, so a build that
    # silently fell back to pure Python fails there instead of passing unnoticed.
    expected = os.environ.get("TYPEDDCM_EXPECT_COMPILED")
    if expected is None:
        pytest.skip("TYPEDDCM_EXPECT_COMPILED is not set (CI sets it where it can compile)")
    pure = bool(os.environ.get("TYPEDDCM_PURE"))
    assert typeddcm.compiled is (expected == "1" and not pure)
    from typeddcm.pixels import rle

    assert (rle.DECODER == "c") is (expected == "1" and not pure), rle.DECODER

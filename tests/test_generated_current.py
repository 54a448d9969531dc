"""The committed generated modules are what ``tools/gen_dictionary.py`` writes today."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT.parent / "shared" / "dicom"

Generate = Callable[[Path, Path], list[Path]]


def _generator() -> Generate:
    spec = importlib.util.spec_from_file_location(
        "gen_dictionary_current", ROOT / "tools" / "gen_dictionary.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(Generate, module.generate)


def test_generated_dictionary_is_current(tmp_path: Path) -> None:
    """Regenerating from the registries reproduces every committed file byte for byte."""
    if not SOURCE.is_dir():
        pytest.skip(
            "../shared/dicom not found: the regeneration check needs the DICOM registries"
            " beside the project (CI has them)"
        )
    written = _generator()(SOURCE, tmp_path)
    assert len(written) == 4
    stale = []
    for path in written:
        relative = path.relative_to(tmp_path)
        committed = ROOT / relative
        if not committed.is_file() or committed.read_bytes() != path.read_bytes():
            stale.append(relative.as_posix())
    assert not stale, f"regenerate with: python tools/gen_dictionary.py (stale: {stale})"


def test_compat_attribute_stub_is_current() -> None:
    """The typed keyword attributes match what tools/gen_compat_attributes.py writes today."""
    spec = importlib.util.spec_from_file_location(
        "gen_compat_attributes_current", ROOT / "tools" / "gen_compat_attributes.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = ROOT / "typeddcm" / "compat" / "_keyword_attributes.pyi"
    assert committed.read_text(encoding="utf-8") == module.render(), (
        "regenerate with: python tools/gen_compat_attributes.py")


def _container_is_current(tmp_path: Path, tool: str, needs: str, regenerate: str) -> None:
    """The container ``tools/<tool>.py`` writes today equals the committed one.

    The sections are compared decoded: the zlib bytes may differ between zlib builds.
    """
    if not SOURCE.is_dir():
        pytest.skip(f"../shared/dicom not found: the regeneration check needs {needs} beside"
                    " the project (CI has them)")
    spec = importlib.util.spec_from_file_location(f"{tool}_current", ROOT / "tools" / f"{tool}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (written,) = module.generate(SOURCE, tmp_path)
    committed = ROOT / written.relative_to(tmp_path)
    assert committed.is_file(), f"generate with: {regenerate}"
    fresh, current = written.read_bytes(), committed.read_bytes()
    assert current.split(b"\n", 2)[:2] == fresh.split(b"\n", 2)[:2], f"regenerate with: {regenerate}"
    assert module.read_container(current) == module.read_container(fresh), (
        f"regenerate with: {regenerate}")


def test_generated_sr_tables_are_current(tmp_path: Path) -> None:
    """compat/sr/_tables.bin holds what tools/gen_sr.py writes today from the PS3.16 TSVs."""
    _container_is_current(tmp_path, "gen_sr", "the PS3.16 sr_*.tsv tables",
                          "python tools/gen_sr.py")


def test_generated_iod_tables_are_current(tmp_path: Path) -> None:
    """validation/_iod_tables.bin holds what tools/gen_iod.py (run by gen_dictionary.py)
    writes today from iods.tsv, iod_modules.tsv and module_attributes.tsv."""
    _container_is_current(tmp_path, "gen_iod", "the PS3.3 IOD and module tables",
                          "python tools/gen_dictionary.py")
    assert "gen_iod" in (ROOT / "tools" / "gen_dictionary.py").read_text(encoding="utf-8")


def test_generated_deid_profile_is_current(tmp_path: Path) -> None:
    """deid/_profile_tables.bin holds what tools/gen_deid.py (run by gen_dictionary.py)
    writes today from confidentiality_profile.tsv and elements.tsv."""
    _container_is_current(tmp_path, "gen_deid", "the PS3.15 confidentiality_profile.tsv",
                          "python tools/gen_dictionary.py")
    assert "gen_deid" in (ROOT / "tools" / "gen_dictionary.py").read_text(encoding="utf-8")

"""Without its optional dependencies the index says which extra to install."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from typeddcm.cli import main
from typeddcm.errors import DicomError, MissingExtraError
from typeddcm.index import build_index

from .files import tree


def test_missing_pyarrow_names_the_index_extra(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    tree(tmp_path / "in", 1)
    for module in ("pyarrow", "pyarrow.parquet"):
        monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    with pytest.raises(ImportError, match=r"typeddcm\[index\]") as caught:  # an ImportError
        build_index([tmp_path / "in"], tmp_path / "i.parquet")
    assert type(caught.value) is MissingExtraError
    assert MissingExtraError.__mro__[1] is DicomError  # and a typeddcm error
    assert not (tmp_path / "i.parquet").exists()


def test_missing_distributed_names_the_dask_extra(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("pyarrow", reason="the index needs pyarrow (typeddcm[index])")
    tree(tmp_path / "in", 1)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingExtraError, match=r"typeddcm\[dask\]"):
        build_index([tmp_path / "in"], tmp_path / "i.parquet", dask="local")


def test_cli_reports_a_missing_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    tree(tmp_path / "in", 1)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    assert main(["index", str(tmp_path / "in"), "-o", str(tmp_path / "i.parquet")]) == 2
    assert "pip install 'typeddcm[index]'" in capsys.readouterr().err

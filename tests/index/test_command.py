"""``typeddcm index``: the summary line and the exit status."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeddcm.cli import main

from .files import tree

pq = pytest.importorskip("pyarrow.parquet", reason="the index needs pyarrow (typeddcm[index])")


def test_all_ok_is_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tree(tmp_path / "in", 12)
    out = tmp_path / "index.parquet"
    assert main(["index", str(tmp_path / "in"), "-o", str(out), "--workers", "2"]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("12 files in the index: 12 scanned (all ok), 0 kept, 0 dropped")
    assert str(out) in line
    assert pq.read_table(out).num_rows == 12
    assert main(["index", str(tmp_path / "in"), "-o", str(out)]) == 0
    assert "0 scanned (all ok), 12 kept" in capsys.readouterr().out


def test_a_bad_file_is_1_and_still_indexed(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    tree(tmp_path / "in", 2)
    (tmp_path / "in" / "notes.txt").write_text("hello")
    out = tmp_path / "index.parquet"
    # A file that is not DICOM is a row, not a failure.
    assert main(["index", str(tmp_path / "in"), "-o", str(out), "--workers", "1",
                 "--private"]) == 0
    assert "3 scanned (1 not-dicom)" in capsys.readouterr().out
    assert pq.read_table(out).num_rows == 3
    # A file listed but gone when read (a dangling link) is a failure, and a row.
    (tmp_path / "in" / "gone.dcm").symlink_to(tmp_path / "nowhere.dcm")
    assert main(["index", str(tmp_path / "in"), "-o", str(out), "--workers", "1"]) == 1
    assert "1 missing" in capsys.readouterr().out
    assert pq.read_table(out).num_rows == 4


def test_usage_errors_are_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "index.parquet")
    assert main(["index", str(tmp_path / "nowhere"), "-o", out]) == 2
    assert "no such file or directory" in capsys.readouterr().err
    assert main(["index", str(tmp_path), "-o", out, "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err
    assert main(["index", str(tmp_path)]) == 2  # -o is required
    assert main(["index", str(tmp_path), "-o", str(tmp_path / "no" / "such" / "i.parquet")]) == 2


def test_no_files_make_an_empty_index(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    out = tmp_path / "index.parquet"
    assert main(["index", str(tmp_path / "in"), "-o", str(out)]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names[0] == "path"

"""``typeddcm deidentify``: outputs, report, refusals, exit statuses, inputs untouched."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from typeddcm import DicomFile
from typeddcm.cli import main
from typeddcm.io import file_sha256, read, write_new_file

from .study import write_study


def _hashes(folder: Path) -> dict[Path, str]:
    return {p: file_sha256(p) for p in sorted(folder.rglob("*")) if p.is_file()}


def test_folder_to_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = write_study(tmp_path / "in" / "sub", 2)
    write_new_file(tmp_path / "in" / "notes.txt", b"not dicom")
    before = _hashes(tmp_path / "in")
    status = main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                   "--key", "k", "--workers", "2", "--retain-safe-private"])
    assert status == 0
    assert _hashes(tmp_path / "in") == before  # inputs never written
    outputs = sorted((tmp_path / "out" / "sub").iterdir())
    assert [p.name for p in outputs] == [p.name for p in inputs]
    assert str(read(outputs[0]).dataset[0x00120062].vr.value) == "YES"
    report = json.loads((tmp_path / "out" / "deidentify-report.json").read_text())
    assert report["options"] == ["retain_safe_private"]
    assert [f["status"] for f in report["files"]] == ["done"] * len(inputs)
    assert report["files"][0]["counts"]["U"] >= 3 and report["files"][0]["actions"]
    assert "1 skipped (not DICOM)" in capsys.readouterr().out
    # A second run into the same folder overwrites nothing, its report included.
    first = _hashes(tmp_path / "out")
    assert main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "out"),
                 "--key", "k", "--workers", "1"]) == 1
    again = _hashes(tmp_path / "out")
    assert {p: h for p, h in again.items() if p in first} == first
    second = json.loads((tmp_path / "out" / "deidentify-report-2.json").read_text())
    assert {f["status"] for f in second["files"]} == {"failed"}


def test_refusal_and_csv_report(tmp_path: Path) -> None:
    from .test_engine import base

    write_new_file(tmp_path / "burned.dcm",
                   DicomFile.new(base(BurnedInAnnotation="YES")).to_bytes())
    write_new_file(tmp_path / "plain.dcm", DicomFile.new(base()).to_bytes())
    args = ["deidentify", str(tmp_path / "burned.dcm"), str(tmp_path / "plain.dcm"),
            "-o", str(tmp_path / "out"), "--key", "k", "--workers", "1",
            "--report", str(tmp_path / "report.csv")]
    assert main(args) == 1
    with (tmp_path / "report.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["refused", "done"]
    assert "Burned In Annotation" in rows[0]["reason"]
    assert not (tmp_path / "out" / "burned.dcm").exists()
    # Allowed explicitly: done; the existing plain.dcm output is not overwritten (fails).
    assert main([*args, "--allow-burned-in"]) == 1
    with (tmp_path / "report.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["done", "failed"]
    assert "not overwritten" in rows[1]["reason"]


def test_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_study(tmp_path / "in", 1)
    assert main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "in" / "out"),
                 "--key", "k"]) == 2
    assert "inside the input" in capsys.readouterr().err
    assert main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "in"),
                 "--key", "k"]) == 2
    assert main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "o")]) == 2
    assert main(["deidentify", str(tmp_path / "missing"), "-o", str(tmp_path / "o"),
                 "--key", "k"]) == 2
    assert main(["deidentify", str(tmp_path / "in"), "-o", str(tmp_path / "o"), "--key", "k",
                 "--retain-full-dates", "--retain-modified-dates"]) == 2
    assert "not both" in capsys.readouterr().err
    assert main(["deidentify", "-o", str(tmp_path / "o"), "--key", "k"]) == 2
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").rglob("*.dcm"))


def test_key_file_and_several_inputs(tmp_path: Path) -> None:
    write_study(tmp_path / "a", 1)
    write_study(tmp_path / "b", 1)
    (tmp_path / "key.txt").write_text("secret\n")
    assert main(["deidentify", str(tmp_path / "a"), str(tmp_path / "b"), "-o",
                 str(tmp_path / "out"), "--key-file", str(tmp_path / "key.txt"),
                 "--workers", "1"]) == 0
    one = read(tmp_path / "out" / "a" / "IM0001.dcm").dataset[0x00080018].vr.value
    assert read(tmp_path / "out" / "b" / "IM0001.dcm").dataset[0x00080018].vr.value == one
    assert main(["deidentify", str(tmp_path / "a"), "-o", str(tmp_path / "out2"),
                 "--key", "secret", "--workers", "1"]) == 0
    assert read(tmp_path / "out2" / "IM0001.dcm").dataset[0x00080018].vr.value == one

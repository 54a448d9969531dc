"""typeddcm.validate (every check in one Report), validate_paths on a process pool, and
the ``typeddcm validate`` command: outputs and exit statuses."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import typeddcm
from tests.ct_header import ct_file
from typeddcm.cli import main
from typeddcm.validation import Finding, Report, Severity, validate, validate_paths
from typeddcm.validation._command import SHOWN, report_lines


def _clean(tmp_path: Path) -> Path:
    path = tmp_path / "ct.dcm"
    typeddcm.write(ct_file(), path)
    return path


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.dcm"
    f = ct_file()
    typeddcm.write(f.with_dataset(f.dataset.delete("StudyInstanceUID")), path)
    return path


def test_a_conformant_ct_has_no_errors_whatever_the_source_form(tmp_path: Path) -> None:
    path = _clean(tmp_path)
    for source in (path, str(path), path.read_bytes(), typeddcm.read(path)):
        report = typeddcm.validate(source)
        assert report.ok, [str(f) for f in report.errors]
    assert typeddcm.validate(path).source == str(path)


def test_a_missing_type_1_attribute_is_an_error_with_its_path_and_reference(tmp_path: Path) -> None:
    report = validate(_broken(tmp_path))
    assert not report.ok
    [finding] = [f for f in report.errors if f.path == "(0020,000D)"]
    assert finding.rule == "type1"
    assert "General Study" in finding.reference


def test_a_bare_dataset_is_checked_without_the_file_level_rules() -> None:
    dataset = ct_file().dataset
    assert not validate(dataset).by_rule("file-meta")
    assert validate(dataset).ok


def test_iod_false_runs_the_encoding_checks_only(tmp_path: Path) -> None:
    report = validate(_broken(tmp_path), iod=False)
    assert report.ok
    assert not report.by_rule("type1")


def test_what_cannot_be_read_is_a_report_not_an_exception(tmp_path: Path) -> None:
    junk = tmp_path / "junk.dcm"
    junk.write_bytes(b"not DICOM at all" * 20)
    report = validate(junk)
    assert report.unreadable is not None and "InvalidDicomError" in report.unreadable
    assert not report.ok and len(report) == 0


def test_reports_pickle_and_many_files_give_the_same_reports_on_a_pool(tmp_path: Path) -> None:
    paths = [_clean(tmp_path), _broken(tmp_path)] * 20
    here = list(validate_paths(paths, workers=1))
    pooled = list(validate_paths(paths, workers=2))
    assert here == pooled
    assert pickle.loads(pickle.dumps(here[1])) == here[1]
    assert [r.ok for r in here[:2]] == [True, False]


def test_report_lines_fit_one_screen_worst_first() -> None:
    findings = [Finding(Severity.INFO, "not-in-iod", f"info {i}") for i in range(30)]
    findings += [Finding(Severity.ERROR, "type1", f"error {i}", path="(0010,0010)")
                 for i in range(SHOWN + 5)]
    report = Report.of("x.dcm", findings)
    lines = report_lines(report, verbose=False)
    assert lines[0] == f"x.dcm: FAILED ({SHOWN + 5} errors, 0 warnings, 30 infos)"
    assert all("error" in line for line in lines[1:SHOWN + 1])
    assert lines[-1] == "  ... 5 more (--verbose lists all)"
    assert len(report_lines(report, verbose=True)) == 1 + len(findings)


@pytest.mark.parametrize(("kind", "status"), [("clean", 0), ("broken", 1), ("junk", 2)])
def test_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str,
                     status: int) -> None:
    if kind == "junk":
        path = tmp_path / "junk.dcm"
        path.write_bytes(b"\x00" * 300)
    else:
        path = _clean(tmp_path) if kind == "clean" else _broken(tmp_path)
    assert main(["validate", str(path)]) == status
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("1 file: ")


def test_json_output_for_tools(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(_clean(tmp_path)), str(_broken(tmp_path))]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"files": 2, "ok": 1, "failed": 1, "unreadable": 0,
                                   "skipped": []}
    finding = next(f for f in document["files"][1]["findings"] if f["severity"] == "error")
    assert set(finding) == {"severity", "rule", "message", "path", "reference", "offset"}


def test_a_missing_path_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "nothing")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_the_shipped_samples_validate_without_errors(capsys: pytest.CaptureFixture[str]) -> None:
    from typeddcm.samples import sample_paths

    for path in sample_paths():
        report = validate(path)
        assert report.ok, (path, [str(f) for f in report.findings
                                  if f.severity is Severity.ERROR])
    assert main(["validate", "--workers", "1"]) == 0
    assert "4 files: 4 ok" in capsys.readouterr().out


def test_a_directory_skips_files_that_are_not_dicom(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ct.dcm").write_bytes(ct_file().to_bytes())
    (tmp_path / "notes.txt").write_text("not DICOM")
    assert main(["validate", str(tmp_path), "--workers", "1", "--verbose"]) in (0, 1)
    out = capsys.readouterr().out
    assert "notes.txt: skipped" in out and "1 skipped (not DICOM)" in out
    # Named on the command line, it is read, and cannot be.
    assert main(["validate", str(tmp_path / "notes.txt")]) == 2
    capsys.readouterr()
    assert main(["validate", str(tmp_path), "--json", "--workers", "1"]) in (0, 1)
    document = json.loads(capsys.readouterr().out)
    assert document["summary"]["skipped"] == [str(tmp_path / "notes.txt")]
    assert [f["source"] for f in document["files"]] == [str(tmp_path / "ct.dcm")]

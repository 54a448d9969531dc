"""Bad input is a row, never an abort: files that cannot be read, are not DICOM, vanish
while the scan runs, or hold values that do not convert."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import typeddcm.index._row as row_module
from typeddcm.index import build_index, scan_file
from typeddcm.vr import DA, DS, Date, DSNumber

from .files import header, tree, write

pq = pytest.importorskip("pyarrow.parquet", reason="the index needs pyarrow (typeddcm[index])")


def _statuses(out: Path) -> dict[str, tuple[str, str | None]]:
    table = pq.read_table(out, columns=["path", "status", "error"])
    return {path: (status, error) for path, status, error in zip(
        *(table.column(n).to_pylist() for n in ("path", "status", "error")), strict=True)}


def test_not_dicom_and_empty_files(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty.dcm").write_bytes(b"")
    for name in ("notes.txt", "empty.dcm"):
        row = scan_file(tmp_path / name)
        assert row.status == "not-dicom" and row.error and "InvalidDicomError" in row.error
        assert row.size is not None and row.mtime_ns is not None


def test_truncated_file_is_a_row(tmp_path: Path) -> None:
    whole = write(tmp_path / "whole.dcm", header(1)).read_bytes()
    for cut in (140, 200, len(whole) - 7):
        (tmp_path / "cut.dcm").write_bytes(whole[:cut])
        row = scan_file(tmp_path / "cut.dcm")
        assert row.status in ("ok", "error", "not-dicom")
        assert row.status != "ok" or row.warnings  # what was read past is said


def test_vanished_file_is_missing(tmp_path: Path) -> None:
    row = scan_file(tmp_path / "gone.dcm")
    assert row.status == "missing" and row.error and "FileNotFoundError" in row.error
    assert row.size is None


def test_a_folder_where_a_file_was_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "folder.dcm").mkdir()
    row = scan_file(tmp_path / "folder.dcm")
    assert row.status == "unreadable" and row.error and "IsADirectoryError" in row.error


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="permission bits do not stop root (or on this system)")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.dcm", header(1))
    path.chmod(0)
    try:
        row = scan_file(path)
    finally:
        path.chmod(0o644)
    assert row.status == "unreadable" and row.error and "PermissionError" in row.error


def test_permission_error_while_reading_is_unreadable(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    # Runs as root too: the open itself is refused, as the OS would for another user.
    path = write(tmp_path / "secret.dcm", header(1))

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(row_module, "read", refuse)
    row = scan_file(path)
    assert row.status == "unreadable" and row.error and "PermissionError" in row.error


def test_files_vanishing_mid_scan_are_rows(tmp_path: Path) -> None:
    files = tree(tmp_path / "in", 40)  # batches of 16 with one worker: 3 batches
    removed: list[Path] = []

    def progress(done: int, _total: int) -> None:
        if not removed:  # after the first batch: remove files of the later ones
            removed.extend(files[-5:])
            for path in removed:
                path.unlink()

    out = tmp_path / "index.parquet"
    summary = build_index([tmp_path / "in"], out, workers=1, progress=progress)
    assert summary.rows == 40 and summary.statuses == {"ok": 35, "missing": 5}
    statuses = _statuses(out)
    assert all(statuses[str(path)][0] == "missing" for path in removed)


def test_bad_files_among_good_ones_do_not_stop_a_pool(tmp_path: Path) -> None:
    tree(tmp_path / "in", 20)
    (tmp_path / "in" / "notes.txt").write_text("hello")
    (tmp_path / "in" / "folder.dcm").mkdir()  # walked into: an empty folder, no row
    write(tmp_path / "in" / "zz.dcm", header(1))
    (tmp_path / "in" / "zz.dcm").write_bytes((tmp_path / "in" / "zz.dcm").read_bytes()[:150])
    out = tmp_path / "index.parquet"
    summary = build_index([tmp_path / "in"], out, workers=2)
    assert summary.rows == 22
    statuses = _statuses(out)
    assert statuses[str(tmp_path / "in" / "notes.txt")][0] == "not-dicom"
    assert sum(status == "ok" for status, _ in statuses.values()) >= 20


def test_values_that_do_not_convert_are_text_or_warnings(tmp_path: Path) -> None:
    ds = header(1).set("SliceThickness", DS._trusted((DSNumber.parse_lenient("thick"),)))
    ds = ds.set("StudyDate", DA._trusted((Date.parse_lenient("2024-03-12x"),)))
    row = scan_file(write(tmp_path / "odd.dcm", ds))
    assert row.status == "ok"
    assert row.cells["SliceThickness"] is None
    assert row.cells["SliceThickness__text"] == "thick"
    assert row.cells["StudyDate"] is None and row.cells["StudyDate__text"] == "2024-03-12x"


def test_a_wrong_vr_is_converted_or_left_out_with_a_warning(tmp_path: Path) -> None:
    # Rows and Columns written as LO (explicit VR little endian, after the last element).
    path = write(tmp_path / "wrong.dcm", header(1).delete("Rows").delete("Columns"))
    extra = b"\x28\x00\x10\x00LO\x04\x00256 " + b"\x28\x00\x11\x00LO\x04\x00wide"
    path.write_bytes(path.read_bytes() + extra)
    row = scan_file(path)
    assert row.status == "ok"
    assert row.cells["Rows"] == 256
    assert "Columns" not in row.cells
    assert any(w.startswith("Columns: value left out") for w in row.warnings)

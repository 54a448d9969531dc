"""``typeddcm dicomdir list`` and ``typeddcm dicomdir create``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from typeddcm.cli import main
from typeddcm.dicomdir import open_fileset
from typeddcm.dicomdir.fileid import is_conformant_file_id

from ._data import wheel_data


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def test_list_prints_the_tree(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "dicomdir", "list", str(wheel_data() / "dicomdirtests"))
    assert status == 0
    lines = out.splitlines()
    assert lines[0].endswith("File-set PYDICOM_TEST, 31 instances, 2 patients")
    assert lines[1] == "PATIENT 77654033 Doe^Archibald"
    assert lines[2] == "  STUDY 20010101 2 XR C Spine Comp Min 4 Views"
    assert lines[3] == "    SERIES CR 1"
    assert lines[4] == "      IMAGE 77654033/CR1/6154"
    assert len(lines) == 1 + 52  # a line per record


def test_list_marks_missing_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "fs"
    shutil.copytree(wheel_data() / "dicomdirtests", root,
                    ignore=shutil.ignore_patterns("DICOMDIR-*", "TINY_ALPHA"))
    (root / "77654033" / "CR2" / "6247").unlink()
    status, out, _ = run(capsys, "dicomdir", "list", str(root / "DICOMDIR"))
    assert status == 1
    assert "      IMAGE 77654033/CR2/6247 (missing)" in out.splitlines()
    assert "1 missing file" in out.splitlines()[0]


def test_list_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "dicomdir", "list", str(tmp_path / "absent"))
    assert status == 2 and "no such file or directory" in err
    (tmp_path / "DICOMDIR").write_bytes(b"")
    status, _, err = run(capsys, "dicomdir", "list", str(tmp_path))
    assert status == 2 and "typeddcm dicomdir list: error:" in err and "empty" in err


def test_create_from_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm", "README.txt"):
        shutil.copy(wheel_data() / name, inputs / name)
    before = {p.name: p.read_bytes() for p in inputs.iterdir()}
    out = tmp_path / "out"
    status, text, _ = run(capsys, "dicomdir", "create", str(inputs), "-o", str(out),
                          "--id", "CLI")
    assert status == 0  # README.txt is passed over: a folder holds other files too
    assert "README.txt" not in text
    assert text.splitlines()[-1] == (f"wrote {out / 'DICOMDIR'}: 3 instances, 0 files"
                                     " skipped, 1 not DICOM")
    fs = open_fileset(out)
    assert fs.file_set_id == "CLI" and len(fs) == 3
    assert all(is_conformant_file_id(i.file_id) for i in fs.instances())
    assert {p.name: p.read_bytes() for p in inputs.iterdir()} == before  # inputs untouched
    fileset = pytest.importorskip("pydicom.fileset", reason="pydicom's FileSet is the oracle")
    assert len(fileset.FileSet(out / "DICOMDIR")) == 3


def test_create_refuses_to_overwrite(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = wheel_data() / "CT_small.dcm"
    status, _, _ = run(capsys, "dicomdir", "create", str(source), "-o", str(tmp_path / "a"))
    assert status == 0
    status, _, err = run(capsys, "dicomdir", "create", str(source), "-o", str(tmp_path / "a"))
    assert status == 2 and "not an empty folder" in err
    # the input's own folder is never a target either (it is not empty)
    status, _, err = run(capsys, "dicomdir", "create", str(tmp_path / "a"), "-o",
                         str(tmp_path / "a"))
    assert status == 2 and "not an empty folder" in err


def test_create_with_nothing_to_add(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "note.txt").write_text("hello")
    status, _, err = run(capsys, "dicomdir", "create", str(tmp_path / "in"), "-o",
                         str(tmp_path / "out"))
    assert status == 2 and "no DICOM instance" in err
    assert not (tmp_path / "out").exists()
    status, _, err = run(capsys, "dicomdir", "create", str(tmp_path / "gone"), "-o",
                         str(tmp_path / "out"))
    assert status == 2 and "no such file" in err


def test_create_skips_a_dicom_file_that_cannot_go_in(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # rtplan.dcm has no Instance Number, a Type 1 key of its RT PLAN record (PS3.3 F.5).
    for name in ("CT_small.dcm", "rtplan.dcm"):
        shutil.copy(wheel_data() / name, inputs / name)
    status, text, _ = run(capsys, "dicomdir", "create", str(inputs), "-o", str(tmp_path / "o"))
    assert status == 1
    assert "rtplan.dcm: skipped:" in text and "Instance Number" in text
    assert text.splitlines()[-1].endswith("1 instance, 1 file skipped")


def test_create_invents_keys_a_de_identified_instance_lost(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import typeddcm

    inputs = tmp_path / "in"
    inputs.mkdir()
    f = typeddcm.read(wheel_data() / "CT_small.dcm")
    emptied = f.dataset.set("StudyDate", "").delete("StudyTime")  # as Z and X leave them
    typeddcm.write(typeddcm.DicomFile(f.preamble, f.meta, emptied, f.transfer_syntax),
                   inputs / "ct.dcm")
    status, text, _ = run(capsys, "dicomdir", "create", str(inputs), "-o", str(tmp_path / "a"))
    assert status == 2 and "Study Date" in text  # skipped: nothing left to write
    status, text, _ = run(capsys, "dicomdir", "create", str(inputs), "-o", str(tmp_path / "b"),
                          "--invent")
    assert status == 0
    study = next(r for r in open_fileset(tmp_path / "b").records()
                 if r.record_type == "STUDY")
    assert str(study.dataset["StudyDate"].vr.value) == "19000101"
    assert str(study.dataset["StudyTime"].vr.value) == "000000"
    # The instance itself is copied unchanged: only the record holds the invented keys.
    copied = next((tmp_path / "b").rglob("IM*"))
    assert typeddcm.read(copied).dataset == emptied

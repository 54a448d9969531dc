"""typeddcm.compat.cli: pydicom's ``show`` and ``codify`` commands, with pydicom's own
command line as the oracle on pydicom's test files."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from argparse import ArgumentTypeError
from pathlib import Path
from typing import Any

import pydicom as real_pydicom
import pydicom.cli.main as real_cli
import pytest

import typeddcm.compat as compat
from typeddcm.compat import data
from typeddcm.compat.cli import main as cli
from typeddcm.compat.cli.main import eval_element, filespec_parser, filespec_parts

PYDICOM_DATA = Path(real_pydicom.__file__).parent / "data"


@pytest.fixture(autouse=True)
def pydicom_files(monkeypatch: pytest.MonkeyPatch) -> None:
    """``pydicom::`` names find pydicom's wheel test files (and its charset files)."""
    monkeypatch.setattr(data, "testdata_dirs", [PYDICOM_DATA])


def run(module: Any, args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        module.main(args.split())
    return out.getvalue()


@pytest.mark.parametrize("args", [
    "show pydicom::MR_small_RLE.dcm",
    "show pydicom::MR_small_RLE.dcm::LargestImagePixelValue",
    "show -q pydicom::MR_small_RLE.dcm",
    "show -q pydicom::rtplan.dcm",
    "show -q pydicom::chrFren.dcm",
    "show -t pydicom::nested_priv_SQ.dcm",
    "show -x pydicom::nested_priv_SQ.dcm",
    "show pydicom::rtplan.dcm",
    "show pydicom::rtplan.dcm::BeamSequence[0]",
    "show pydicom::rtplan.dcm::BeamSequence",
    "show pydicom::rtplan.dcm::file_meta.MediaStorageSOPClassUID",
    "help show",
    "help",
    "help nonesuch",
])
def test_output_as_pydicoms(args: str) -> None:
    assert run(cli, args) == run(real_cli, args)


def test_bare_command_prints_usage() -> None:
    assert run(cli, "").startswith("usage: pydicom [-h] {")


@pytest.mark.parametrize(("spec", "parts"), [
    (r"c:\test.dcm", ("", r"c:\test.dcm", "")),
    (r"pydicom::c:\test.dcm", ("pydicom", r"c:\test.dcm", "")),
    (r"pydicom::c:\test.dcm::StudyDate", ("pydicom", r"c:\test.dcm", "StudyDate")),
    (r"c:\test.dcm::StudyDate", ("", r"c:\test.dcm", "StudyDate")),
    ("pydicom", ("", "pydicom", "")),
])
def test_filespec_parts(spec: str, parts: tuple[str, str, str]) -> None:
    assert filespec_parts(spec) == parts
    assert filespec_parts(spec) == real_cli.filespec_parts(spec)


@pytest.mark.parametrize(("element", "match"), [
    ("extra:colon", " syntax "), ("no_callable()", " syntax "), ("no_equals = ", " syntax "),
    ("BeamSequence[0]extra", " syntax "), ("BeamSequence[x]", " syntax "),
    ("__import__('os')", " syntax "),
    ("NotThere", "is not in the dataset"), ("BeamDose", "is not in the dataset"),
    ("BeamSequence[42]", "index error"), ("BeamSequence[-42]", "index error"),
])
def test_bad_elements(element: str, match: str) -> None:
    with pytest.raises(ArgumentTypeError, match=match):
        filespec_parser(f"pydicom::rtplan.dcm::{element}")


def test_missing_file_offers_the_test_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ArgumentTypeError, match=r"pydicom::rtplan\.dcm' test data file is available"):
        filespec_parser("rtplan.dcm")
    with pytest.raises(ArgumentTypeError, match="not found"):
        filespec_parser("pydicom::no_such_file.dcm")
    (tmp_path / "folder.dcm").mkdir()
    with pytest.raises(ArgumentTypeError, match=r"Error reading 'folder\.dcm'"):
        filespec_parser("folder.dcm")


def test_eval_element_as_pydicom() -> None:
    ours, _ = filespec_parser("pydicom::rtplan.dcm")[0]
    theirs = real_pydicom.dcmread(PYDICOM_DATA / "test_files" / "rtplan.dcm")
    for path in ("BeamSequence[0].ControlPointSequence[0].NominalBeamEnergy", "PatientID",
                 "BeamSequence[-1].BeamNumber", "file_meta.MediaStorageSOPClassUID"):
        assert eval_element(ours, path) == real_cli.eval_element(theirs, path)
    item = eval_element(ours, "BeamSequence[0].ControlPointSequence[0]")
    assert isinstance(item, compat.Dataset)
    assert eval_element(ours, "file_meta").MediaStorageSOPClassUID.name == "RT Plan Storage"


def _code(args: str) -> str:
    return run(cli, args)


def test_codify_private_option() -> None:
    assert "add_new((0x0001, 0x0001)" in _code("codify -p pydicom::nested_priv_SQ.dcm")
    assert "add_new((0x0001, 0x0001)" not in _code("codify pydicom::nested_priv_SQ.dcm")


def test_codify_refuses_an_element_that_is_not_a_dataset() -> None:
    with pytest.raises(NotImplementedError, match="Codify can only code a Dataset"):
        cli.main(["codify", "pydicom::rtplan.dcm::RTPlanLabel"])


def test_codify_code_rebuilds_the_file(tmp_path: Path) -> None:
    code = _code(f"codify -e 100000 -s {tmp_path / 'out.dcm'} pydicom::chrFren.dcm")
    assert code.startswith("# -*- coding: utf-8 -*-\n")
    assert "Buc^Jérôme" in code
    assert code.rstrip().endswith(f"ds.save_as(r'{tmp_path / 'out.dcm'}', "
                                  "write_like_original=False)")
    exec(compile(code, "<codify>", "exec"), {})
    original = compat.dcmread(PYDICOM_DATA / "charset_files" / "chrFren.dcm")
    rebuilt = compat.dcmread(tmp_path / "out.dcm")
    assert rebuilt.PatientName == original.PatientName
    assert rebuilt == original


def test_codify_item_and_outfile(tmp_path: Path) -> None:
    target = tmp_path / "code.py"
    printed = _code(f"codify pydicom::rtplan.dcm::BeamSequence[0] {target}")
    assert printed == f"Writing code to file '{target}'\n"
    code = target.read_text(encoding="utf-8")
    assert "ds.BeamName = 'Field 1'" in code


def test_module_entry_points(tmp_path: Path) -> None:
    env = dict(os.environ, TYPEDDCM_TESTDATA_PATH=str(PYDICOM_DATA))
    for module in ("typeddcm.compat.cli", "typeddcm.compat.cli.main"):
        done = subprocess.run([sys.executable, "-m", module, "show", "-q", "pydicom::rtplan.dcm"],
                              capture_output=True, text=True, env=env, check=True, cwd=tmp_path)
        assert done.stdout.splitlines()[0] == "SOPClassUID: RT Plan Storage"
    done = subprocess.run([sys.executable, "-m", "typeddcm.compat.cli", "show", "nothing.dcm"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 2
    assert "File 'nothing.dcm' not found" in done.stderr

"""The typeddcm command line: dump and roundtrip, in process and as ``python -m typeddcm``."""

from __future__ import annotations

import base64
import io
import json
import os
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import typeddcm
from typeddcm import Dataset, keys, read
from typeddcm._cli_common import Progress as _Progress
from typeddcm._dump import dataset_json, dataset_lines, value_text
from typeddcm.cli import RoundtripResult, main, roundtrip_file
from typeddcm.codec._level import Encoding
from typeddcm.codec.reader import RawValue
from typeddcm.samples import SAMPLE_NAMES, sample_path
from typeddcm.vr import OB, SQ, UT

ROOT = Path(__file__).resolve().parents[1]
CT = sample_path("ct_small.dcm")
NESTED = sample_path("nested_sequences.dcm")
JAPANESE = sample_path("charset_japanese.dcm")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in process; return (status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def deflated_garbage() -> bytes:
    """A Part 10 file that says Deflated Explicit VR Little Endian but holds no deflate stream."""
    uid = b"1.2.840.10008.1.2.1.99"
    meta = struct.pack("<HH2sH", 0x0002, 0x0010, b"UI", len(uid)) + uid
    return bytes(128) + b"DICM" + meta + b"\xff" * 64


# ----------------------------------------------------------------------------- dump


def test_dump_lists_elements(capsys: pytest.CaptureFixture[str]) -> None:
    """dump prints '(gggg,eeee) VR [length] Name: value' lines, meta first."""
    status, out, _ = run(capsys, "dump", str(CT))
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == f"# File: {CT}"
    assert "# Transfer Syntax: Explicit VR Little Endian (1.2.840.10008.1.2.1)" in lines
    assert "(0002,0010) UI [20] Transfer Syntax UID: 1.2.840.10008.1.2.1" in lines
    assert "(0010,0010) PN [14] Patient's Name: Müller^Jürgen" in lines
    assert "(0028,0010) US [2] Rows: 64" in lines
    assert "(0028,1052) DS [6] Rescale Intercept: -1024" in lines
    assert "(0008,0050) SH [0] Accession Number: (no value)" in lines
    assert "(7FE0,0010) OW [8192] Pixel Data: <8192 bytes>" in lines
    assert lines.index("# File Meta Information") < lines.index("# Dataset")


def test_dump_nested_sequences_and_private(capsys: pytest.CaptureFixture[str]) -> None:
    """Sequences show their item count, items get a header line and two spaces per level."""
    status, out, _ = run(capsys, "dump", str(NESTED))
    assert status == 0
    lines = out.splitlines()
    assert "(300A,00B0) SQ [860] Beam Sequence: (2 items)" in lines
    assert "  (FFFE,E000) -- [420] Item 1 of 2" in lines
    assert "    (300A,00C2) LO [2] Beam Name: AP" in lines
    assert "    (300A,0111) SQ [216] Control Point Sequence: (2 items)" in lines
    assert "        (300A,011A) SQ [36] Beam Limiting Device Position Sequence: (1 item)" in lines
    assert "            (300A,011C) DS [6] Leaf/Jaw Positions: -50\\50" in lines
    assert "(0009,0010) LO [20] Private Creator: TYPEDDCM SAMPLES 1.0" in lines
    assert "(0009,1001) LO [20] Private tag data: typeddcm sample data" in lines
    assert "(0009,1004) OB [16] Private tag data: <16 bytes>" in lines
    assert "    (0011,1002) US [2] Private tag data: 10" in lines


def test_dump_japanese(capsys: pytest.CaptureFixture[str]) -> None:
    """Names in ISO 2022 IR 87 are listed decoded."""
    status, out, _ = run(capsys, "dump", str(JAPANESE))
    assert status == 0
    assert "(0010,0010) PN [60] Patient's Name: Yamada^Tarou=山田^太郎=やまだ^たろう" in out
    assert "# Transfer Syntax: Implicit VR Little Endian (1.2.840.10008.1.2)" in out


def test_dump_without_files_lists_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    """With no FILE, dump lists every shipped sample."""
    status, out, _ = run(capsys, "dump")
    assert status == 0
    headers = [line for line in out.splitlines() if line.startswith("# File: ")]
    assert [Path(h.removeprefix("# File: ")).name for h in headers] == list(SAMPLE_NAMES)


def test_dump_header_only_and_no_pixels(capsys: pytest.CaptureFixture[str]) -> None:
    """--header-only lists group 0002 only; --no-pixels stops before Pixel Data."""
    status, out, _ = run(capsys, "dump", "--header-only", str(CT))
    assert status == 0
    tags = [line[:11] for line in out.splitlines() if line.startswith("(")]
    assert tags and all(t.startswith("(0002,") for t in tags)
    assert "# Dataset" not in out
    status, out, _ = run(capsys, "dump", "--no-pixels", str(CT))
    assert status == 0
    assert "(0028,1054) LO [2] Rescale Type: HU" in out
    assert "(7FE0,0010)" not in out


def test_dump_json(capsys: pytest.CaptureFixture[str]) -> None:
    """--json gives the PS3.18 JSON model, every bulk value inlined (valid for pydicom too)."""
    status, out, _ = run(capsys, "dump", "--json", str(CT))
    assert status == 0
    model = json.loads(out)
    assert model["00100010"] == {"vr": "PN", "Value": [{"Alphabetic": "Müller^Jürgen"}]}
    assert model["00280010"] == {"vr": "US", "Value": [64]}
    assert model["00280030"] == {"vr": "DS", "Value": [1.0, 1.0]}
    assert model["00281052"] == {"vr": "DS", "Value": [-1024]}
    assert model["00080008"] == {"vr": "CS", "Value": ["ORIGINAL", "PRIMARY", "AXIAL"]}
    assert model["00080050"] == {"vr": "SH"}
    assert model["00020001"] == {"vr": "OB", "InlineBinary": "AAE="}
    assert model["7FE00010"]["vr"] == "OW"
    assert base64.b64decode(model["7FE00010"]["InlineBinary"]) == bytes(
        read(CT).dataset[keys.PixelData].tobytes())
    assert model["00020010"]["Value"] == ["1.2.840.10008.1.2.1"]
    pydicom = pytest.importorskip("pydicom")
    meta = {k: v for k, v in model.items() if k.startswith("0002")}
    theirs = pydicom.Dataset.from_json({k: v for k, v in model.items() if k not in meta})
    assert theirs.PatientName == "Müller^Jürgen" and len(theirs.PixelData) == 8192


def test_dump_json_nested_japanese_and_several_files(capsys: pytest.CaptureFixture[str]) -> None:
    """Items are nested objects, PN groups are named, several files give an array."""
    status, out, _ = run(capsys, "dump", "--json", str(NESTED), str(JAPANESE))
    assert status == 0
    nested, japanese = json.loads(out)
    point = nested["300A00B0"]["Value"][1]["300A0111"]["Value"][0]
    assert point["300A011E"] == {"vr": "DS", "Value": [180]}
    assert point["300A011A"]["Value"][0]["300A011C"] == {"vr": "DS", "Value": [-50, 50]}
    assert nested["00091002"] == {"vr": "US", "Value": [1, 2, 3]}
    assert nested["00091003"] == {"vr": "DS", "Value": [2.5]}
    assert japanese["00100010"]["Value"] == [
        {"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}]
    assert japanese["00080005"]["Value"] == [None, "ISO 2022 IR 87"]
    assert japanese["7FE00010"]["vr"] == "OW"
    assert isinstance(japanese["7FE00010"]["InlineBinary"], str)  # 256 bytes: inlined


def test_dump_json_header_only(capsys: pytest.CaptureFixture[str]) -> None:
    """--json --header-only gives the meta elements only."""
    status, out, _ = run(capsys, "dump", "--json", "--header-only", str(CT))
    assert status == 0
    assert all(key.startswith("0002") for key in json.loads(out))


def test_value_text_cuts_long_values() -> None:
    """Text is cut to 64 characters ending in '...'; control characters are escaped."""
    text = value_text(UT("x" * 200))
    assert len(text) == 64 and text.endswith("...")
    assert value_text(UT("a\r\nb")) == "a\\r\\nb"
    assert value_text(SQ([Dataset()])) == "(1 item)"
    assert value_text(OB(b"\x00" * 10)) == "<10 bytes>"


def test_built_datasets_get_encoded_lengths() -> None:
    """Elements built in code are listed with the length they would be written with."""
    ds = Dataset().set(keys.PatientName, "Doe^Jon").set(
        keys.BeamSequence, SQ([Dataset().set(keys.BeamName, "AP")]))
    lines = list(dataset_lines(ds, Encoding(True, False)))
    assert lines[0] == "(0010,0010) PN [8] Patient's Name: Doe^Jon"
    assert lines[1] == "(300A,00B0) SQ [18] Beam Sequence: (1 item)"
    assert lines[2] == "  (FFFE,E000) -- [?] Item 1 of 1"
    assert lines[3] == "    (300A,00C2) LO [2] Beam Name: AP"


def test_json_model_of_built_values() -> None:
    """PN, empty and long bulk values follow PS3.18 F.2 (bulk values inlined)."""
    ds = (Dataset().set(keys.PatientName, "Doe^John").set(keys.PatientID, "")
          .set(keys.EncapsulatedDocument, OB(b"\x01" * 1026)))
    model = dataset_json(ds)
    assert model["00100010"] == {"vr": "PN", "Value": [{"Alphabetic": "Doe^John"}]}
    assert model["00100020"] == {"vr": "LO"}
    assert model["00420011"] == {"vr": "OB",
                                 "InlineBinary": base64.b64encode(b"\x01" * 1026).decode()}


def test_dump_problems(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Missing files and directories are usage errors; unreadable files exit 1; no traceback."""
    status, out, err = run(capsys, "dump", str(tmp_path / "missing.dcm"))
    assert status == 2 and out == ""
    assert "no such file" in err and "missing.dcm" in err
    status, _, err = run(capsys, "dump", str(tmp_path))
    assert status == 2 and "is a directory" in err
    text = tmp_path / "notes.txt"
    text.write_text("not DICOM at all")
    status, out, err = run(capsys, "dump", str(text), str(CT))
    assert status == 1
    assert "notes.txt" in err and "DICM" in err and "--force" in err
    assert "Patient's Name: Müller^Jürgen" in out  # the other file is still listed
    status, out, err = run(capsys, "dump", "--json", str(text), str(CT))
    assert status == 1
    unreadable, ct = json.loads(out)
    assert unreadable is None and ct["00100010"]["vr"] == "PN"
    status, out, _ = run(capsys, "dump", "--json", str(text))
    assert status == 1 and out == ""
    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    status, _, err = run(capsys, "dump", str(empty))
    assert status == 1 and "empty" in err


def test_dump_reports_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A truncated file is listed as far as it goes; the reader's warnings go to stderr."""
    truncated = tmp_path / "truncated.dcm"
    truncated.write_bytes(CT.read_bytes()[:-100])
    status, out, err = run(capsys, "dump", str(truncated))
    assert status == 0
    assert "(0028,1054) LO [2] Rescale Type: HU" in out
    assert "warning:" in err and "truncated.dcm" in err


# ----------------------------------------------------------------------------- roundtrip


def test_roundtrip_samples(capsys: pytest.CaptureFixture[str]) -> None:
    """With no PATH, roundtrip checks the samples: all identical, exit status 0."""
    status, out, _ = run(capsys, "roundtrip")
    assert status == 0
    lines = out.splitlines()
    assert lines[-1] == "4 files: 4 identical, 0 different, 0 unreadable"
    for name in SAMPLE_NAMES:
        assert any(line.startswith("identical ") and line.endswith(name) for line in lines)


def test_roundtrip_decode(capsys: pytest.CaptureFixture[str]) -> None:
    """--decode decodes every value too; the samples still pass."""
    status, out, _ = run(capsys, "roundtrip", "--decode")
    assert status == 0
    assert out.splitlines()[-1] == "4 files: 4 identical, 0 different, 0 unreadable"


def test_roundtrip_fast_and_conformant(capsys: pytest.CaptureFixture[str]) -> None:
    """--fast is the slice-copy check; --conformant writes, reads back and compares values;
    the two together are a usage error."""
    status, out, _ = run(capsys, "roundtrip", "--fast")
    assert status == 0
    assert out.splitlines()[-1] == "4 files: 4 identical, 0 different, 0 unreadable"
    status, out, _ = run(capsys, "roundtrip", "--conformant")
    assert status == 0
    assert out.splitlines()[-1] == "4 files: 4 same, 0 changed, 0 unwritable, 0 unreadable"
    status, _, err = run(capsys, "roundtrip", "--fast", "--conformant")
    assert status == 2 and "--conformant" in err


def _mixed_directory(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.dcm").write_bytes(CT.read_bytes())
    (folder / "sub" / "truncated.dcm").write_bytes(CT.read_bytes()[:-100])
    (folder / "sub" / "deflated.dcm").write_bytes(deflated_garbage())
    (folder / "readme.txt").write_text("not a DICOM file\n")
    return folder


def test_roundtrip_directory(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A directory is searched recursively; each file gets its status; any failure exits 1."""
    folder = _mixed_directory(tmp_path)
    status, out, err = run(capsys, "roundtrip", str(folder))
    assert status == 1
    assert "readme.txt" not in out  # skipped files are only counted ...
    assert "\r" not in err  # ... and there is no progress bar when stderr is not a terminal
    status, out, err = run(capsys, "roundtrip", "--verbose", str(folder))  # ... unless asked
    assert status == 1
    results = [line for line in out.splitlines()[:-1] if not line.startswith(" ")]
    by_name = {Path(line.split()[1].rstrip(":")).name: line for line in results}
    assert by_name["good.dcm"].startswith("identical ")
    assert by_name["deflated.dcm"].startswith("unreadable ")
    assert "cannot be inflated" in by_name["deflated.dcm"]
    assert by_name["readme.txt"].startswith("skipped ")
    # Lenient reading keeps what a truncated file holds; re-encoded from its values, the
    # cut Pixel Data's length no longer matches its header (the default check) ...
    truncated = by_name["truncated.dcm"]
    assert truncated.startswith("different ") and "1 truncated" in truncated
    assert "warning" in truncated
    assert "(7FE0,0010) OW at " in out  # ... and the difference is listed under the file
    status, out, _ = run(capsys, "roundtrip", "--fast", "--verbose", str(folder))
    fast = {Path(line.split()[1].rstrip(":")).name: line for line in out.splitlines()[:-1]
            if not line.startswith(" ")}
    # ... while the slice-copy check writes the kept bytes back as they were.
    assert fast["truncated.dcm"].split()[0] in ("identical", "unreadable")
    assert "           warning: " in out  # --verbose lists each warning under its file
    summary = out.splitlines()[-1]
    assert summary.startswith("3 files: ")
    assert "1 unreadable" in summary and "1 skipped (not DICOM)" in summary


def test_roundtrip_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--json prints one document: per-file results and a summary."""
    folder = _mixed_directory(tmp_path)
    status, out, _ = run(capsys, "roundtrip", "--json", str(folder))
    assert status == 1
    document = json.loads(out)
    results = {Path(r["path"]).name: r for r in document["files"]}
    assert results["good.dcm"]["status"] == "identical"
    assert results["good.dcm"]["size"] == CT.stat().st_size
    assert results["deflated.dcm"]["status"] == "unreadable"
    assert "DecodeError" in results["deflated.dcm"]["error"]
    assert results["readme.txt"]["status"] == "skipped"
    assert results["truncated.dcm"]["warnings"]
    summary = document["summary"]
    assert summary["files"] == 3 and summary["skipped"] == 1 and summary["unreadable"] == 1
    assert summary["identical"] + summary["different"] + summary["unreadable"] == 3


def test_roundtrip_force_tries_every_file(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    """With --force, files without DICM are read as bare datasets instead of skipped."""
    (tmp_path / "tiny.bin").write_bytes(b"abc")
    status, out, _ = run(capsys, "roundtrip", "--force", str(tmp_path))
    assert status == 1
    assert out.splitlines()[0].startswith("unreadable ")
    assert out.splitlines()[-1] == "1 file: 0 identical, 0 different, 1 unreadable"


def test_roundtrip_named_non_dicom_file_is_unreadable(capsys: pytest.CaptureFixture[str],
                                                      tmp_path: Path) -> None:
    """A file named on the command line is read even without DICM, and reported."""
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    status, out, _ = run(capsys, "roundtrip", str(text))
    assert status == 1
    assert out.startswith("unreadable ") and "DICM" in out and "--force" in out


def _value_start(elem: typeddcm.Element) -> int:
    raw = elem._raw
    assert isinstance(raw, RawValue)  # read from a file
    return raw.value_start


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1:]


def test_roundtrip_reports_where_bytes_differ(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rewrite that differs gives the first differing byte and the element path there."""
    data = NESTED.read_bytes()
    f = typeddcm.read(data)
    gantry = f.dataset.get_in((keys.BeamSequence, 1, keys.ControlPointSequence, 0,
                               keys.GantryAngle))
    assert isinstance(gantry, typeddcm.Element)
    offset = _value_start(gantry)
    name = _value_start(f.dataset[keys.PatientName.tag])
    syntax = _value_start(f.meta[keys.TransferSyntaxUID.tag]) + 3
    for where, at in (("(300A,00B0)[1](300A,0111)[0](300A,011E)", offset),
                      ("(0010,0010)", name), ("preamble", 5), ("DICM marker", 130),
                      ("(0002,0010)", syntax)):
        monkeypatch.setattr(typeddcm.DicomFile, "to_bytes",
                            lambda self, *, like_original=True, at=at: _flip(data, at))
        result = roundtrip_file(NESTED)
        assert (result.status, result.offset, result.where) == ("different", at, where)
        assert f"first difference at byte {at}, in {where}" in result.line()


def test_roundtrip_reports_length_and_writer_failures(monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A longer rewrite differs at the original's end; a writer error is reported, not raised."""
    data = CT.read_bytes()
    monkeypatch.setattr(typeddcm.DicomFile, "to_bytes",
                        lambda self, *, like_original=True: data + b"\x00\x00")
    result = roundtrip_file(CT)
    assert (result.status, result.offset, result.written_size) == ("different", len(data),
                                                                   len(data) + 2)
    status, out, _ = run(capsys, "roundtrip", "--fast", str(CT))
    assert status == 1
    assert "0 identical, 1 different" in out

    def fail(self: typeddcm.DicomFile, *, like_original: bool = True) -> bytes:
        raise typeddcm.EncodeError("cannot encode this")

    monkeypatch.setattr(typeddcm.DicomFile, "to_bytes", fail)
    result = roundtrip_file(CT)
    assert result.status == "different"
    assert result.error == "writing failed: EncodeError: cannot encode this"


def test_roundtrip_missing_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A missing path is a usage error: a message, exit status 2, nothing else done."""
    status, out, err = run(capsys, "roundtrip", str(CT), str(tmp_path / "nope"))
    assert status == 2
    assert out == ""
    assert "no such file or directory" in err and "nope" in err


def test_progress_bar() -> None:
    """The progress line is '\\r[###...] n/N' and is cleared at the end."""
    stream = io.StringIO()
    progress = _Progress(4, stream, enabled=True)
    progress.update(2)
    assert stream.getvalue() == "\r[" + "#" * 15 + "." * 15 + "] 2/4"
    progress.clear()
    assert stream.getvalue().endswith("\r")
    silent = io.StringIO()
    _Progress(4, silent, enabled=False).update(1)
    assert silent.getvalue() == ""


def test_result_json_leaves_out_what_does_not_apply() -> None:
    """A result's JSON has only the fields that apply, and always its warnings."""
    data: dict[str, Any] = RoundtripResult("a.dcm", "identical", size=10).to_json()
    assert data == {"path": "a.dcm", "status": "identical", "size": 10, "warnings": []}


# ----------------------------------------------------------------------------- arguments


def test_usage_errors(capsys: pytest.CaptureFixture[str]) -> None:
    """No command, an unknown option: exit status 2; --help and --version: 0."""
    assert run(capsys, )[0] == 2
    assert run(capsys, "dump", "--bogus")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    status, out, _ = run(capsys, "--help")
    assert status == 0 and "roundtrip" in out
    status, out, _ = run(capsys, "--version")
    assert status == 0 and typeddcm.__version__ in out


# ----------------------------------------------------------------------------- as a program


def _program(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "typeddcm", *argv], capture_output=True,
                          text=True, encoding="utf-8", cwd=ROOT, timeout=120, check=False,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(ROOT)})


def test_python_m_typeddcm_roundtrip() -> None:
    """`python -m typeddcm roundtrip` checks the samples and exits 0."""
    result = _program("roundtrip")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "4 files: 4 identical, 0 different, 0 unreadable"
    assert result.stderr == ""


def test_python_m_typeddcm_dump_and_errors(tmp_path: Path) -> None:
    """`python -m typeddcm dump` prints the listing; bad input gives a message, no traceback."""
    result = _program("dump", str(JAPANESE))
    assert result.returncode == 0, result.stderr
    assert "Patient's Name: Yamada^Tarou=山田^太郎=やまだ^たろう" in result.stdout
    missing = _program("roundtrip", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "no such file or directory" in missing.stderr
    broken = tmp_path / "broken.dcm"
    broken.write_bytes(deflated_garbage())
    result = _program("dump", str(broken))
    assert result.returncode == 1
    assert "broken.dcm" in result.stderr and "Traceback" not in result.stderr

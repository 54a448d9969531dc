"""typeddcm.compat.util.dump: hex dumps against pydicom 3's, pretty_print as pydicom 1.x."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat.util import dump

pydicom = pytest.importorskip("pydicom")
from pydicom.util import dump as theirs  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402

FILES = wheel_files()
SMALL = [p for p in FILES if p.stat().st_size <= 4096]


def test_print_character_is_pydicoms_for_every_byte() -> None:
    """Printable ASCII but backslash and ~ shows itself, the rest a dot."""
    assert [dump.print_character(b) for b in range(256)] == [
        theirs.print_character(b) for b in range(256)]
    assert dump.print_character(ord("A")) == "A"
    assert dump.print_character(0x5C) == dump.print_character(0x7E) == "."


@pytest.mark.parametrize("path", FILES[::3], ids=lambda p: p.name)
def test_filedump_is_pydicoms_on_the_wheel_files(path: Path) -> None:
    """The first 1 KiB of every third wheel file, and from an odd start."""
    assert dump.filedump(path, 0, 1024) == theirs.filedump(path, 0, 1024)
    assert dump.filedump(path, 131, 700) == theirs.filedump(path, 131, 700)


@pytest.mark.parametrize("path", SMALL, ids=lambda p: p.name)
def test_whole_small_files_dump_as_pydicoms(path: Path) -> None:
    """No stop address: to the end, offsets as wide as the file size needs."""
    assert dump.filedump(path) == theirs.filedump(path)


@given(st.binary(max_size=300), st.integers(0, 320), st.one_of(st.none(), st.integers(0, 320)),
       st.booleans())
def test_hexdump_is_pydicoms_for_any_bytes_and_range(data: bytes, start: int, stop: int | None,
                                                     show: bool) -> None:
    """hexdump, datadump and the bytes form agree with pydicom's hexdump/datadump."""
    expected = theirs.hexdump(io.BytesIO(data), start, stop, show)
    assert dump.hexdump(io.BytesIO(data), start, stop, show) == expected
    assert dump.hexdump(data, start, stop, show_address=show) == expected
    assert dump.datadump(data, start, stop) == theirs.datadump(data, start, stop)


def test_hexdump_layout() -> None:
    """Address, two spaces, 16 pairs padded to 49 columns, then the characters."""
    text = dump.hexdump(b"DICM\\\x00" + bytes(range(0x41, 0x41 + 20)))
    assert text.splitlines() == [
        "00  44 49 43 4D 5C 00 41 42 43 44 45 46 47 48 49 4A  DICM..ABCDEFGHIJ",
        "10  4B 4C 4D 4E 4F 50 51 52 53 54                    KLMNOPQRST",
    ]
    assert dump.hexdump(b"") == ""


def test_hexdump_keeps_the_1x_keyword_and_leaves_the_file_after_what_it_showed() -> None:
    """showAddress= works as show_address=; the file is positioned after the last line."""
    fp = io.BytesIO(bytes(100))
    text = dump.hexdump(fp, 16, 32, showAddress=False)
    assert text == dump.hexdump(io.BytesIO(bytes(100)), 16, 32, show_address=False)
    assert not re.match(r"^[0-9A-F]+  ", text.splitlines()[0].replace("00 ", "", 1))
    assert len(text.splitlines()) == 2
    assert fp.tell() == 48


@pytest.mark.parametrize(("start", "stop", "error"), [
    (-1, None, ValueError), (0, -5, ValueError), ("0", None, TypeError), (0, 1.5, TypeError),
    (True, None, TypeError),
])
def test_hexdump_refuses_bad_addresses(start: Any, stop: Any, error: type[Exception]) -> None:
    """A clear TypeError/ValueError naming the argument, never a seek error from the file."""
    with pytest.raises(error, match="address"):
        dump.hexdump(io.BytesIO(b"abc"), start, stop)


def test_datadump_and_filedump_refuse_bad_input(tmp_path: Path) -> None:
    """datadump takes bytes only; filedump of a missing file is FileNotFoundError."""
    with pytest.raises(TypeError, match="bytes"):
        dump.datadump("00 01")  # type: ignore[arg-type]
    with pytest.raises(FileNotFoundError):
        dump.filedump(tmp_path / "missing.dcm")


def _plan() -> tc.Dataset:
    ds = tc.Dataset()
    ds.PatientName = "Citizen^Jan"
    beam = tc.Dataset()
    beam.BeamNumber = 1
    limiting = tc.Dataset()
    limiting.RTBeamLimitingDeviceType = "ASYMX"
    beam.BeamLimitingDeviceSequence = [limiting]
    ds.BeamSequence = [beam, tc.Dataset()]
    return ds


def test_pretty_print_prints_the_1x_layout(capsys: pytest.CaptureFixture[str]) -> None:
    """Three spaces a level, "N item(s) ---" after a sequence's name, a rule after each item."""
    ds = _plan()
    dump.pretty_print(ds)
    lines = capsys.readouterr().out.splitlines()
    beam = ds.BeamSequence[0]
    assert lines == [
        repr(ds["PatientName"]),
        "(300a, 00b0) Beam Sequence  2 item(s) ---",
        "   (300a, 00b6) Beam Limiting Device Sequence  1 item(s) ---",
        "      " + repr(beam.BeamLimitingDeviceSequence[0]["RTBeamLimitingDeviceType"]),
        "      ---------",
        "   " + repr(beam["BeamNumber"]),
        "   ---------",
        "   ---------",
    ]


def test_pretty_print_indent_names_and_chars(capsys: pytest.CaptureFixture[str]) -> None:
    """indent (1.x) and indent_level (pydicom 3) start deeper; indent_chars reach every level."""
    ds = _plan()
    dump.pretty_print(ds, 1, "..")
    first = capsys.readouterr().out.splitlines()
    dump.pretty_print(ds, indent_level=1, indent_chars="..")
    assert capsys.readouterr().out.splitlines() == first
    assert first[0].startswith("..(0010, 0010)")
    assert first[3].startswith("......(300a, 00b8)")  # two levels below, the same chars
    assert first[-1] == "....---------"


def test_pretty_print_of_a_file_lists_every_element(capsys: pytest.CaptureFixture[str]) -> None:
    """On a wheel file: one line per element at any depth, plus the sequence rules."""
    path = next(p for p in FILES if p.name == "rtplan.dcm")
    ds = tc.dcmread(path)
    dump.pretty_print(ds)
    lines = capsys.readouterr().out.splitlines()
    elements = list(ds.iterall())
    items = sum(len(e.value) for e in elements if e.VR == "SQ")
    assert len(lines) == len(elements) + items

"""The round trip from values (typeddcm.validation.roundtrip): every element re-encoded
from its decoded value and compared with its bytes; and the conformant write check."""

from __future__ import annotations

import json
import struct
import warnings
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import typeddcm
from typeddcm import Dataset
from typeddcm.samples import sample_paths
from typeddcm.strategies import datasets
from typeddcm.validation.roundtrip import (
    CLASSES,
    Difference,
    check_conformant,
    conformant_file,
    reencode_differences,
    roundtrip_values,
)
from typeddcm.vr import UI

EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"
LONG = {"OB", "OW", "SQ", "UN", "UT", "UC", "UR", "OD", "OF", "OL", "OV", "SV", "UV"}
UNDEFINED = 0xFFFFFFFF
SOP = (b"\x08\x00\x16\x00UI\x1a\x001.2.840.10008.5.1.4.1.1.7\x00"
       b"\x08\x00\x18\x00UI\x0a\x001.2.3.4.5\x00")


def _el(tag: int, vr: str, value: bytes, length: int | None = None) -> bytes:
    size = len(value) if length is None else length
    if vr in LONG:
        return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value


def _part10(body: bytes) -> bytes:
    uid = _el(0x00020010, "UI", EXPLICIT_LE.encode() + b"\x00")
    meta = _el(0x00020000, "UL", struct.pack("<I", len(uid))) + uid
    return b"\x00" * 128 + b"DICM" + meta + body


def _check(body: bytes) -> list[Difference]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return reencode_differences(typeddcm.read(_part10(body)))


def _kinds(body: bytes) -> list[str]:
    return [d.kind for d in _check(body)]


ITEM = b"\xfe\xff\x00\xe0"
ITEM_END = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
SEQ_END = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"


def _clean_body() -> bytes:
    inner = _el(0x00080100, "SH", b"T-D1100 ") + _el(0x00080102, "SH", b"SRT ")
    defined_item = ITEM + struct.pack("<I", len(inner)) + inner
    undefined_item = ITEM + struct.pack("<I", UNDEFINED) + inner + ITEM_END
    pixels = (ITEM + b"\x00\x00\x00\x00" + ITEM + struct.pack("<I", 4) + b"\xff\xd8\xff\xd9"
              + SEQ_END)
    return (SOP + _el(0x00080060, "CS", b"CT")
            + _el(0x00082218, "SQ", defined_item + undefined_item + SEQ_END, UNDEFINED)
            + _el(0x00100010, "PN", b"Doe^John")
            + _el(0x00180050, "DS", b"2.5 ")
            + _el(0x00200013, "IS", b"12")
            + _el(0x00280010, "US", b"\x00\x02")
            + _el(0x00400260, "SQ", defined_item)
            + _el(0x7FE00010, "OB", pixels, UNDEFINED))


def test_samples_are_identical() -> None:
    """Every shipped sample re-encodes byte for byte from its values."""
    for path in sample_paths():
        result = roundtrip_values(path)
        assert (result.status, result.differences) == ("identical", ()), path


def test_clean_file_is_identical() -> None:
    """Defined and undefined sequences and items, encapsulated pixel data: no difference."""
    assert _check(_clean_body()) == []


@pytest.mark.parametrize(("element", "kind"), [
    (_el(0x00100020, "LO", b"ABC\x00"), "padding-byte"),  # NUL where a space is due
    (_el(0x00100020, "LO", b"ABC"), "padding-byte"),  # odd length, unpadded
    (_el(0x00100020, "LO", b"ABC    "[:6]), "trailing-spaces"),
    (_el(0x00080060, "CS", b"CT \\MR"), "trailing-spaces"),
    (_el(0x00100020, "UN", b"ABCD"), "vr-header"),  # UN read as its dictionary VR (LO)
    (_el(0x00100020, "LO", b"Caf\xe9"), "not-representable"),  # no charset declared
])
def test_each_class(element: bytes, kind: str) -> None:
    """A file that breaks one encoding habit gets exactly one difference, of its class."""
    found = _check(SOP + element)
    assert [d.kind for d in found] == [kind]
    assert kind in CLASSES
    assert found[0].path == f"({element[1]:02X}{element[0]:02X},{element[3]:02X}{element[2]:02X})"


def test_difference_fields() -> None:
    """Path, VR, offset of the first differing byte, and short hex of both sides."""
    body = SOP + _el(0x00100020, "LO", b"ABC\x00")
    found = _check(body)
    (diff,) = found
    data = _part10(body)
    assert diff.path == "(0010,0020)" and diff.vr == "LO"
    assert data[diff.offset] == 0 and data[diff.offset - 3 : diff.offset] == b"ABC"
    assert diff.original == "41 42 43 00" and diff.encoded == "41 42 43 20"
    assert "padding-byte" in diff.line() and "(0010,0020) LO at " in diff.line()


def test_nested_difference_has_its_path_and_no_length_echo() -> None:
    """A difference inside a defined-length item is reported there, once: the recomputed
    item and sequence lengths that follow from it are not reported again."""
    inner = _el(0x00080100, "SH", b"ABC\x00")
    item = ITEM + struct.pack("<I", len(inner)) + inner
    found = _check(SOP + _el(0x00400260, "SQ", item))
    assert [(d.path, d.kind) for d in found] == [("(0040,0260)[0](0008,0100)", "padding-byte")]


def test_truncated_and_skipped_bytes() -> None:
    """A value cut by the end of the file, and a repeated tag the reader dropped."""
    assert _kinds(SOP + _el(0x7FE00010, "OB", b"\x00" * 10, 100)) == ["truncated"]
    repeated = SOP + _el(0x00100020, "LO", b"AB") + _el(0x00100020, "LO", b"CD")
    found = _check(repeated)
    assert [d.kind for d in found] == ["skipped-bytes"]
    assert "10 bytes" in found[0].detail


def test_out_of_order() -> None:
    """Elements out of tag order are reported once, and their gaps are not."""
    body = _el(0x00100020, "LO", b"AB") + SOP
    assert _kinds(body) == ["out-of-order"]


def test_numeric_text() -> None:
    """A DS written in another form of the same number is "numeric-text" (or identical
    when the VR object keeps the text as read)."""
    assert _kinds(SOP + _el(0x00180050, "DS", b"+2.50 ")) in ([], ["numeric-text"])


def test_roundtrip_values_statuses(tmp_path: Path) -> None:
    """identical, different, unreadable and skipped, with counts and JSON."""
    good = tmp_path / "good.dcm"
    good.write_bytes(_part10(_clean_body()))
    assert roundtrip_values(good).status == "identical"
    bad = tmp_path / "bad.dcm"
    bad.write_bytes(_part10(SOP + _el(0x00100020, "LO", b"ABC")))
    result = roundtrip_values(bad)
    assert result.status == "different" and result.counts() == {"padding-byte": 1}
    assert "1 padding-byte" in result.line()
    json.dumps(result.to_json())
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert roundtrip_values(text).status == "skipped"
    unreadable = roundtrip_values(text, must_be_dicom=True)
    assert unreadable.status == "unreadable" and "DICM" in (unreadable.error or "")
    assert roundtrip_values(tmp_path / "missing.dcm", must_be_dicom=True).status == "unreadable"


def test_conformant() -> None:
    """Samples keep every value; a wrong group length is reported as recomputed; a file
    without SOP UIDs cannot be written conformant, and the check says why."""
    for path in sample_paths():
        assert conformant_file(path).status == "same", path
    body = _el(0x00080000, "UL", struct.pack("<I", 999)) + SOP + _el(0x00100020, "LO", b"AB")
    result = check_conformant(typeddcm.read(_part10(body)))
    assert result.status == "changed"
    assert [(c.path, c.change) for c in result.changes] == [("(0008,0000)", "group-length")]
    assert "1 element changed" in result.line()
    unwritable = check_conformant(typeddcm.read(_part10(_el(0x00100020, "LO", b"AB"))))
    assert unwritable.status == "unwritable" and "(0002,0002)" in (unwritable.error or "")
    json.dumps(unwritable.to_json())


def _with_sop(ds: Dataset) -> Dataset:
    return ds.set(0x00080016, UI("1.2.840.10008.5.1.4.1.1.7")).set(0x00080018, UI("1.2.3.4"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_elements=8, max_depth=2))
def test_written_files_reencode_identically(ds: Dataset) -> None:
    """Whatever typeddcm writes conformant re-encodes byte for byte from its values."""
    data = typeddcm.DicomFile.new(_with_sop(ds), EXPLICIT_LE).to_bytes(like_original=False)
    assert reencode_differences(typeddcm.read(data)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_elements=8, max_depth=2, private=False, unambiguous=True))
def test_written_implicit_files_reencode_identically(ds: Dataset) -> None:
    """The same in implicit VR little endian."""
    data = typeddcm.DicomFile.new(_with_sop(ds), IMPLICIT_LE).to_bytes(like_original=False)
    assert reencode_differences(typeddcm.read(data)) == []


def test_wheel_files() -> None:
    """pydicom's wheel files: no crash, and every difference is of a documented class
    other than "other"; the conformant check never crashes either."""
    pytest.importorskip("pydicom")
    from tests.codec.pydicom_files import wheel_files

    kinds: set[str] = set()
    for path in wheel_files():
        result = roundtrip_values(path, force=True)
        assert result.status in ("identical", "different", "unreadable"), path
        kinds.update(result.counts())
        conformant = conformant_file(path, force=True)
        assert conformant.status in ("same", "changed", "unwritable", "unreadable"), path
    assert kinds <= set(CLASSES) - {"other"}
    assert {"vr-header", "charset-escapes", "padding-byte"} <= kinds


def test_value_classes() -> None:
    """The value classes that real files show but our own decoders never produce (DS keeps
    its text as read, so "numeric-text" needs another form; escapes need ISO 2022)."""
    from typeddcm.validation.roundtrip import _value_class

    assert _value_class("DS", b"+2.50 ", b"2.5 ") == "numeric-text"
    assert _value_class("IS", b"007 ", b"7 ") == "numeric-text"
    assert _value_class("PN", b"\x1b$B;3ED\x1b(B ", b"\x1b$B;3ED") == "charset-escapes"
    assert _value_class("LO", b"ABC", b"ABD") == "other"
    assert _value_class("DS", b"1.5", b"1.6") == "other"

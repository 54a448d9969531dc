"""typeddcm.compat.util.fixer: separators and VR mismatches mended while dcmread reads.

Files are built here, byte by byte, with the faults the fixers are for; pydicom's
own callbacks are the oracle where its semantics agree (separators, binary
lengths); for DS/IS text the tests state pydicom 1.x's rule (see fixer's docstring).
"""

from __future__ import annotations

import io
import struct
import threading
from collections.abc import Iterator
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat import config
from typeddcm.compat.dataelem import RawDataElement
from typeddcm.compat.tag import Tag
from typeddcm.compat.util import fixer

pydicom = pytest.importorskip("pydicom")
from pydicom import config as their_config  # noqa: E402
from pydicom.dataelem import RawDataElement as TheirRaw  # noqa: E402
from pydicom.tag import Tag as TheirTag  # noqa: E402
from pydicom.util import fixer as their_fixer  # noqa: E402

EXPLICIT_LE = b"1.2.840.10008.1.2.1\x00"
IMPLICIT_LE = b"1.2.840.10008.1.2\x00"


@pytest.fixture(autouse=True)
def _no_callback() -> Iterator[None]:
    """Each test starts and ends without a callback (ours and pydicom's)."""
    saved = (their_config.data_element_callback, their_config.data_element_callback_kwargs)
    del config.data_element_callback
    del config.data_element_callback_kwargs
    yield
    del config.data_element_callback
    del config.data_element_callback_kwargs
    their_config.data_element_callback, their_config.data_element_callback_kwargs = saved


def explicit(tag: int, vr: str, value: bytes) -> bytes:
    if len(value) % 2:
        value += b" "
    if vr in ("SQ", "OB", "OW", "UN", "UT"):
        return struct.pack("<HH2sHL", tag >> 16, tag & 0xFFFF, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), len(value)) + value


def implicit(tag: int, value: bytes) -> bytes:
    if len(value) % 2:
        value += b" "
    return struct.pack("<HHL", tag >> 16, tag & 0xFFFF, len(value)) + value


def item(body: bytes) -> bytes:
    return struct.pack("<HHL", 0xFFFE, 0xE000, len(body)) + body


def part10(body: bytes, syntax: bytes = EXPLICIT_LE) -> bytes:
    meta = explicit(0x00020010, "UI", syntax)
    meta = explicit(0x00020000, "UL", struct.pack("<L", len(meta))) + meta
    return b"\x00" * 128 + b"DICM" + meta + body


def read(data: bytes) -> Any:
    return tc.dcmread(io.BytesIO(data))


def semicolon_plan(implicit_vr: bool = False) -> bytes:
    """DS and IS values separated by ';', at the top level and inside a sequence item."""
    if implicit_vr:
        inner = implicit(0x300A00C0, b"1;2") + implicit(0x300A011E, b"0;90")
        body = (implicit(0x00181050, b"1.5;2.5") + implicit(0x00200013, b"3;4")
                + implicit(0x300A00B0, item(inner)))
        return part10(body, IMPLICIT_LE)
    inner = explicit(0x300A00C0, "IS", b"1;2") + explicit(0x300A011E, "DS", b"0;90")
    body = (explicit(0x00100010, "PN", b"Semi;Colon") + explicit(0x00181050, "DS", b"1.5;2.5")
            + explicit(0x00200013, "IS", b"3;4") + explicit(0x300A00B0, "SQ", item(inner)))
    return part10(body)


# --- fix_separator ------------------------------------------------------------------


@pytest.mark.parametrize("implicit_vr", [False, True])
def test_fix_separator_splits_ds_and_is_at_every_level(implicit_vr: bool) -> None:
    """After fix_separator(b";"), the values read as several, inside items too."""
    data = semicolon_plan(implicit_vr)
    before = read(data)
    assert before.SpatialResolution == "1.5;2.5" or str(before.SpatialResolution) == "1.5;2.5"
    fixer.fix_separator(b";")
    ds = read(data)
    assert list(ds.SpatialResolution) == [1.5, 2.5]
    assert list(ds.InstanceNumber) == [3, 4]
    beam = ds.BeamSequence[0]
    assert list(beam.BeamNumber) == [1, 2]
    assert [float(v) for v in beam.GantryAngle] == [0.0, 90.0]
    if not implicit_vr:
        assert str(ds.PatientName) == "Semi;Colon"  # PN is not in for_VRs


def test_fix_separator_other_vrs_and_unknown_tags() -> None:
    """for_VRs chooses the VRs; process_unknown_VRs the implicit VR tags nobody knows."""
    body = (implicit(0x00100010, b"A;B") + implicit(0x00191001, b"x;y")
            + implicit(0x00200013, b"3;4"))
    data = part10(body, IMPLICIT_LE)
    fixer.fix_separator(";", for_VRs=("PN",), process_unknown_VRs=False)
    ds = read(data)
    assert list(ds.PatientName) == ["A", "B"]
    assert str(ds.InstanceNumber) == "3;4"
    assert bytes(ds[0x00191001].value).startswith(b"x;y")
    fixer.fix_separator(b";", for_VRs="PN")
    assert bytes(read(data)[0x00191001].value).startswith(b"x\\y")


def test_fix_separator_callback_is_pydicoms() -> None:
    """On the same raw elements, the same new bytes as pydicom's callback."""
    cases = [(0x00181050, "DS", b"1.5;2.5 "), (0x00181050, None, b"1.5;2.5 "),
             (0x00100010, "PN", b"A;B "), (0x00191001, None, b"x;y "), (0x00200013, "IS", b"")]
    for separator in (b";", b" ", b","):
        kwargs = {"invalid_separator": separator, "for_VRs": ("DS", "IS", "PN"),
                  "process_unknown_VRs": True}
        for tag, vr, value in cases + [(0x00181050, "DS", b" 1 2  3  ")]:
            ours = fixer.fix_separator_callback(
                RawDataElement(Tag(tag), vr, len(value), value, 0, vr is None, True), **kwargs)
            theirs = their_fixer.fix_separator_callback(
                TheirRaw(TheirTag(tag), vr, len(value), value, 0, vr is None, True), **kwargs)
            assert ours.value == theirs.value, (separator, tag, value)


def test_space_separator_keeps_the_padding() -> None:
    """b" " replaces only the spaces inside the value; trailing padding stays."""
    raw = RawDataElement(Tag(0x00181050), "DS", 6, b"1 2 3 ", 0, False, True)
    fixed = fixer.fix_separator_callback(raw, invalid_separator=b" ", for_VRs=("DS",))
    assert fixed.value == b"1\\2\\3 "


@pytest.mark.parametrize(("separator", "error"), [
    (b"", ValueError), (b";;", ValueError), (b"\\", ValueError), ("é", ValueError),
    (59, TypeError), (None, TypeError)])
def test_fix_separator_refuses_bad_separators(separator: Any, error: type[Exception]) -> None:
    """One byte other than backslash, else a clear error and no callback installed."""
    with pytest.raises(error, match="separator"):
        fixer.fix_separator(separator)
    assert config.data_element_callback is None


def test_fix_separator_refuses_vrs_that_are_not_text() -> None:
    with pytest.raises(TypeError, match="for_VRs"):
        fixer.fix_separator(b";", for_VRs=[1, 2])  # type: ignore[list-item]


def test_the_callback_is_set_for_this_thread_only() -> None:
    """As every compat knob: another thread reads without it."""
    data = semicolon_plan()
    fixer.fix_separator(b";")
    seen: list[Any] = []
    thread = threading.Thread(target=lambda: seen.append(read(data).SpatialResolution))
    thread.start()
    thread.join()
    assert str(seen[0]) == "1.5;2.5"
    assert list(read(data).SpatialResolution) == [1.5, 2.5]
    assert config.data_element_callback is fixer.fix_separator_callback
    assert dict(config.data_element_callback_kwargs) == {
        "invalid_separator": b";", "for_VRs": ("DS", "IS"), "process_unknown_VRs": True}


# --- fix_mismatch -------------------------------------------------------------------


def mismatched() -> bytes:
    inner = explicit(0x300A00C0, "DS", b"Plan^A")
    body = (explicit(0x00100010, "DS", b"Smith^J")        # a name written as DS
            + explicit(0x00101010, "IS", b"1.5")          # a decimal as IS
            + explicit(0x00180050, "DS", b"2.5")          # fine: untouched
            + explicit(0x00280010, "UL", b"\x01\x02\x03\x04\x05\x06")  # 6 bytes of UL
            + explicit(0x300A00B0, "SQ", item(inner)))
    return part10(body)


def test_fix_mismatch_gives_a_vr_that_reads_the_bytes() -> None:
    """The last of with_VRs that reads the value wins (1.x's rule for DS/IS text)."""
    data = mismatched()
    fixer.fix_mismatch()
    ds = read(data)
    assert ds["PatientName"].VR == "PN" and str(ds.PatientName) == "Smith^J"
    assert ds["PatientAge"].VR == "DS" and float(ds.PatientAge) == 1.5
    assert ds["SliceThickness"].VR == "DS"
    assert ds["Rows"].VR == "PN"  # not whole UL words; neither DS nor IS text: PN reads it
    assert ds.BeamSequence[0]["BeamNumber"].VR == "PN"
    fixer.fix_mismatch(with_VRs=("OB",))
    ds = read(data)
    assert ds["Rows"].VR == "OB" and ds.Rows == b"\x01\x02\x03\x04\x05\x06"
    assert ds["PatientName"].VR == "OB"


def test_fix_mismatch_callback_on_binary_lengths() -> None:
    """Whole words: the VR stays, as pydicom's; not whole: another VR, where pydicom raises.

    pydicom's conversion raises BytesLengthException, which is not the ValueError
    its callback catches, so its reading stops; ours gives the value a VR that reads it.
    """
    kwargs = {"with_VRs": ("OB", "US", "FD")}
    for vr, value in [("UL", b"\x00" * 4), ("FD", b"\x00" * 16), ("SS", b"")]:
        ours = fixer.fix_mismatch_callback(
            RawDataElement(Tag(0x00091001), vr, len(value), value, 0, False, True), **kwargs)
        theirs = their_fixer.fix_mismatch_callback(
            TheirRaw(TheirTag(0x00091001), vr, len(value), value, 0, False, True), **kwargs)
        assert ours.VR == theirs.VR == vr
    for vr, value, fixed in [("US", b"\x01\x02\x03", "OB"), ("FD", b"\x00" * 12, "US"),
                             ("FL", b"\x00" * 6, "US")]:
        ours = fixer.fix_mismatch_callback(
            RawDataElement(Tag(0x00091001), vr, len(value), value, 0, False, True), **kwargs)
        assert fixed == ours.VR
        with pytest.raises(Exception, match="bytes per value"):
            their_fixer.fix_mismatch_callback(
                TheirRaw(TheirTag(0x00091001), vr, len(value), value, 0, False, True), **kwargs)


@pytest.mark.parametrize(("vr", "value", "readable"), [
    ("DS", b"1.5\\-2e3\\ 7 ", True), ("DS", b"abc", False), ("DS", b"1_0", False),
    ("IS", b"+12\\-3", True), ("IS", b"1.0", False), ("IS", b"", True),
    ("AT", b"\x10\x00\x10\x00", True), ("AT", b"\x10\x00", False),
    ("PN", b"\xff\xfe", True), ("LO", b"anything", True),
])
def test_what_reads_as_a_vr(vr: str, value: bytes, readable: bool) -> None:
    """pydicom 1.x's conversions: float() per DS value, int() per IS value, whole binary words."""
    raw = RawDataElement(Tag(0x00091001), vr, len(value), value, 0, False, True)
    fixed = fixer.fix_mismatch_callback(raw, with_VRs=("UT",))
    assert (vr == fixed.VR) == readable


def test_dates_are_checked_only_with_datetime_conversion() -> None:
    """DA/DT/TM text is only parsed (and can fail) when config.datetime_conversion is on."""
    raw = RawDataElement(Tag(0x00100030), "DA", 8, b"notadate", 0, False, True)
    assert fixer.fix_mismatch_callback(raw, with_VRs=("LO",)).VR == "DA"
    with config.override(datetime_conversion=True):
        assert fixer.fix_mismatch_callback(raw, with_VRs=("LO",)).VR == "LO"
        good = raw._replace(value=b"20200131")
        assert fixer.fix_mismatch_callback(good, with_VRs=("LO",)).VR == "DA"


def test_fix_mismatch_leaves_implicit_vr_alone() -> None:
    """Implicit VR elements have no VR to be wrong: unchanged, as in pydicom."""
    data = part10(implicit(0x00100010, b"A^B") + implicit(0x00101010, b"1.5"), IMPLICIT_LE)
    fixer.fix_mismatch()
    ds = read(data)
    assert ds["PatientAge"].VR == "AS" and ds.PatientAge == "1.5"
    raw = RawDataElement(Tag(0x00101010), None, 4, b"1.5 ", 0, True, True)
    assert fixer.fix_mismatch_callback(raw, with_VRs=("DS",)) is raw


def test_fix_mismatch_refuses_vrs_that_are_not_text() -> None:
    with pytest.raises(TypeError, match="with_VRs"):
        fixer.fix_mismatch(with_VRs=(None,))  # type: ignore[arg-type]

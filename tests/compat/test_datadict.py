"""``typeddcm.compat.datadict`` against ``pydicom.datadict``.

pydicom's functions are the oracle over every tag of pydicom's dictionary, the
repeating groups (50xx, 60xx, 7Fxx, (0028,04x0) ...), group lengths and private
creators.  The differences on purpose (the module docstring names them) are pinned
here once each:

- our entries are the 2026c edition's (``_EDITION``: renamed keywords, µ in names,
  "1-n or 1" VMs, retirements, blank rows without a VR);
- 50xx/60xx repeating entries cover the groups 5000-501E/6000-601E only (PS3.5 7.6).

Additions go to typeddcm's dictionary; the autouse fixture undoes them after each
test (``typeddcm.dictionary.temporary_additions``) and checks nothing leaked into the
generated tables.
"""

from __future__ import annotations

import io
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import typeddcm
import typeddcm.compat as tc
from tests.dictionary.test_added import _file_bytes as _file  # one implicit VR file builder
from typeddcm import dictionary
from typeddcm.compat import datadict
from typeddcm.compat.tag import BaseTag
from typeddcm.dictionary import _added, _elements
from typeddcm.vr import FL, LO, UN, US

pydicom = pytest.importorskip("pydicom")
pdd = pytest.importorskip("pydicom.datadict")

#: Tags whose 2026c entry differs from pydicom 3.0.2's copy of the dictionary.
_EDITION = frozenset({
    0x00080202, 0x00189445, 0x00280020,  # blank retired rows (pydicom: OB "Retired-blank")
    0x00102160, 0x30040012,  # retired since / no longer retired
    0x00181153, 0x00188150, 0x00188151,  # "µ" in the name (pydicom: "u")
    0x00281200, 0x00283006,  # VM "1-n or 1"
    0x003A0320, 0x003A0325,  # keywords renamed (…Sequence)
})
_IMPLICIT = "1.2.840.10008.1.2"
_NEW = 0x00F20010


@pytest.fixture(autouse=True)
def _undo_additions() -> Iterator[None]:
    before = dict(_elements.ELEMENTS)
    assert _added.current() is None, "an earlier test left additions behind"
    with dictionary.temporary_additions():
        yield
    assert not dictionary.added_entries() and not dictionary.added_private_entries()
    assert before == _elements.ELEMENTS


def _outcome(func: Callable[..., Any], *args: object) -> object:
    """The result of ``func(*args)``, or the type of what it raised."""
    try:
        return func(*args)
    except Exception as exc:  # comparing outcomes, whatever they are
        return type(exc)


def _repeater_tags() -> list[int]:
    """Tags of every repeating mask, each x digit filled with each hex digit in turn."""
    tags = {int(key.replace("x", digit), 16)
            for key in pdd.RepeatersDictionary for digit in "0123456789ABCDEF"}
    return sorted(tags)


def _in_standard_groups(tag: int) -> bool:
    group = tag >> 16
    return (group >> 8) not in (0x50, 0x60) or bool(group & 1) or (group & 0xFF) <= 0x1E


# ---------------------------------------------------------------- standard lookups


def test_every_pydicom_entry() -> None:
    for tag, row in pdd.DicomDictionary.items():
        if tag in _EDITION:
            continue
        assert datadict.get_entry(tag) == row, hex(tag)
        assert datadict.dictionary_VR(tag) == row[0]
        assert datadict.dictionary_VM(tag) == row[1]
        assert datadict.dictionary_description(tag) == row[2]
        assert datadict.dictionary_is_retired(tag) == (row[3] == "Retired")
        assert datadict.dictionary_keyword(tag) == row[4]
        assert datadict.dictionary_has_tag(tag)


def test_the_edition_differences() -> None:
    assert datadict.get_entry(0x00080202) == ("NONE", "", "", "Retired", "")
    assert datadict.dictionary_VM(0x00283006) == "1-n or 1"
    assert datadict.dictionary_keyword(0x003A0320) == "SummarizedFilterLookupTableSequence"
    assert datadict.dictionary_description(0x00181153) == "Exposure in µAs"
    assert datadict.dictionary_VR(0xFFFEE000) == pdd.dictionary_VR(0xFFFEE000) == "NONE"


@pytest.mark.parametrize("name", ["get_entry", "dictionary_VR", "dictionary_VM",
                                  "dictionary_description", "dictionary_keyword",
                                  "dictionary_is_retired", "dictionary_has_tag",
                                  "keyword_for_tag", "mask_match", "repeater_has_tag"])
def test_repeaters_group_lengths_and_private_tags(name: str) -> None:
    special = [0x60000010, 0x60020010, 0x601E3000, 0x60003000, 0x50000005, 0x501E0005,
               0x60010010, 0x50010005, 0x7FE00010, 0x7F000010, 0x00280400, 0x00280410,
               0x10000000, 0x10000010, 0x00000000, 0x00020000, 0x00080000, 0x00090000,
               0x00110010, 0x00091010, 0x00291010, 0xFFFEE000, 0xFFFEE0DD, 0x00283006,
               0x00990001, 0xFFFFFFFF]
    ours, theirs = getattr(datadict, name), getattr(pdd, name)
    for tag in special + [t for t in _repeater_tags() if _in_standard_groups(t)]:
        if tag in _EDITION:
            continue
        assert _outcome(ours, tag) == _outcome(theirs, tag), (name, hex(tag))


def test_overlay_and_curve_groups_stop_at_1e() -> None:
    # pydicom matches 60xx in any group; PS3.5 7.6 (and our reader) only 6000-601E.
    assert pdd.get_entry(0x60200010)[4] == "OverlayRows"
    with pytest.raises(KeyError, match="6020"):
        datadict.get_entry(0x60200010)
    assert datadict.keyword_for_tag(0x50200005) == ""
    assert datadict.mask_match(0x60200010) == pdd.mask_match(0x60200010) == "60xx0010"
    assert datadict.repeater_has_tag(0x60200010)


@pytest.mark.parametrize("form", ["PatientName", (0x10, 0x10), [0x10, 0x10], "00100010",
                                  "0x00100010", 0x00100010, BaseTag(0x00100010)])
def test_tag_forms(form: Any) -> None:
    assert datadict.get_entry(form) == pdd.get_entry(0x00100010)
    assert datadict.dictionary_has_tag(form) == pdd.dictionary_has_tag(form)


@pytest.mark.parametrize("bad", ["NotAKeyword", None, -1, 0x1_0000_0000, (1, 2, 3), ("x", 1)])
def test_bad_tags_fail_as_in_pydicom(bad: Any) -> None:
    for name in ("get_entry", "dictionary_VR", "dictionary_VM", "dictionary_description",
                 "dictionary_keyword", "dictionary_is_retired", "keyword_for_tag"):
        ours = _outcome(getattr(datadict, name), bad)
        assert isinstance(ours, type) and issubclass(ours, Exception)
        assert ours == _outcome(getattr(pdd, name), bad), (name, bad)
    assert datadict.dictionary_has_tag(bad) is pdd.dictionary_has_tag(bad) is False


def test_unknown_tags_are_key_errors() -> None:
    with pytest.raises(KeyError, match=r"\(0099, 0001\) not found in DICOM dictionary"):
        datadict.dictionary_VR(0x00990001)
    assert datadict.keyword_for_tag(0x00990001) == ""
    assert datadict.dictionary_has_tag(0x60003000) is False  # repeating: not listed


def test_mask_match_takes_ints_only() -> None:
    for bad in ("60003000", None, 1.5):
        assert _outcome(datadict.mask_match, bad) is TypeError
        assert _outcome(datadict.repeater_has_tag, bad) is TypeError
    assert datadict.mask_match(0x00990001) is None


def test_tag_for_keyword_and_keyword_dict() -> None:
    for keyword, tag in pdd.keyword_dict.items():
        if not keyword or tag in _EDITION:
            continue
        assert datadict.tag_for_keyword(keyword) == tag, keyword
        assert datadict.keyword_dict[keyword] == tag
    for word in ("OverlayData", "CurveDimensions", "NotAKeyword", "", 5, None):
        assert datadict.tag_for_keyword(word) is None  # type: ignore[arg-type]
    assert pdd.tag_for_keyword("OverlayData") is None  # repeating keywords: None in both
    with pytest.raises(TypeError):
        datadict.tag_for_keyword([])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        pdd.tag_for_keyword([])
    number: object = 5
    assert "OverlayData" not in datadict.keyword_dict and number not in datadict.keyword_dict
    ours = dict(datadict.keyword_dict)
    assert len(ours) == len(datadict.keyword_dict)
    assert set(pdd.keyword_dict) - {""} - set(ours) == {"SummarizedFilterLookupTable",
                                                       "AnalogFilterType"}


def test_repeater_keywords() -> None:
    for entry in pdd.RepeatersDictionary.values():
        assert datadict.repeater_has_keyword(entry[4])
    words: list[Any] = ["PatientName", "", 5, None, []]
    for word in words:
        assert datadict.repeater_has_keyword(word) is pdd.repeater_has_keyword(word) is False


# ---------------------------------------------------------------- tables


def test_tables_match_pydicoms_shape() -> None:
    assert dict(datadict.RepeatersDictionary) == pdd.RepeatersDictionary
    assert len(datadict.DicomDictionary) == len(_elements.ELEMENTS)
    assert datadict.DicomDictionary[0x00100010] == pdd.DicomDictionary[0x00100010]
    assert 0x00100010 in datadict.DicomDictionary
    assert BaseTag(0x00100010) in datadict.DicomDictionary
    keyword: object = "PatientName"
    assert 0x60003000 not in datadict.DicomDictionary and keyword not in datadict.DicomDictionary
    assert set(pdd.DicomDictionary) <= set(datadict.DicomDictionary)
    for table, key in ((datadict.DicomDictionary, 0x00990001), (datadict.DicomDictionary, "x"),
                       (datadict.RepeatersDictionary, "60xx9999"),
                       (datadict.RepeatersDictionary, 5), (datadict.keyword_dict, "Nope")):
        with pytest.raises(KeyError):
            table[key]  # type: ignore[index]


@pytest.mark.parametrize("table", ["DicomDictionary", "RepeatersDictionary", "keyword_dict",
                                   "private_dictionaries"])
def test_tables_are_read_only(table: str) -> None:
    view = getattr(datadict, table)
    if table != "private_dictionaries":  # its update() restores additions (pydicom 3 idiom)
        with pytest.raises(TypeError, match="read-only"):
            view.update({})
    with pytest.raises(TypeError, match="read-only"):
        view[0x00F20010] = ("US", "1", "X", "", "X")
    with pytest.raises(TypeError, match="read-only"):
        del view[0x00100010]
    with pytest.raises(TypeError, match="add_"):
        view.setdefault("x", 1)


def test_import_builds_no_table() -> None:
    code = ("import sys, typeddcm.compat.datadict as d, typeddcm.dictionary as t; "
            "print('typeddcm.dictionary._private' in sys.modules, len(t._concrete_cache))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[0] == "False" and int(out[1]) < 100


# ---------------------------------------------------------------- private lookups


def _private_tag(key: str) -> int | None:
    """A tag for pydicom's key: "0029xx10" in block 10, "00291010" as it is; None for
    rows of a whole block or of any group 60xx, which have no single tag."""
    if key[4:6] == "xx" and "x" not in key[:4] + key[6:]:
        return int(f"{key[:4]}10{key[6:]}", 16)
    return None if "x" in key else int(key, 16)


@pytest.mark.parametrize("creator", [
    "SIEMENS CSA HEADER", "SIEMENS MEDCOM HEADER", "SIEMENS MR HEADER", "SIEMENS MED",
    "GEMS_ACQU_01", "GEMS_PARM_01", "GEMS_IMAG_01", "Philips Imaging DD 001",
    "SPI-P Release 1", "TOSHIBA_MEC_CT3", "AGFA"])
def test_private_entries_of_well_known_creators(creator: str) -> None:
    for key, row in pdd.private_dictionaries[creator].items():
        tag = _private_tag(key)
        if tag is None:
            continue
        assert datadict.get_private_entry(tag, creator)[:2] == row[:2], (creator, key)
        assert datadict.private_dictionary_VR(tag, creator) == row[0]
        assert datadict.private_dictionary_VM(tag, creator) == row[1]
        assert datadict.private_dictionary_description(tag, creator) == (
            datadict.get_private_entry(tag, creator)[2])


def test_private_lookup_forms_and_failures() -> None:
    expected = pdd.get_private_entry(0x00291010, "SIEMENS CSA HEADER")
    for form in (0x00291010, "00291010", (0x29, 0x1010), BaseTag(0x00291110)):
        assert datadict.get_private_entry(form, "SIEMENS CSA HEADER") == expected
    assert datadict.get_private_entry(0x00291010, "siemens  csa header") == expected  # loose
    for creator in ("NO SUCH CREATOR", None, 5):
        with pytest.raises(KeyError, match="not in the private dictionary"):
            datadict.get_private_entry(0x00291010, creator)  # type: ignore[arg-type]
        assert _outcome(pdd.get_private_entry, 0x00291010, creator) is KeyError
    with pytest.raises(KeyError, match=r"\(0029, 1099\)"):
        datadict.private_dictionary_VR(0x00291099, "SIEMENS CSA HEADER")
    assert _outcome(pdd.private_dictionary_VR, 0x00291099, "SIEMENS CSA HEADER") is KeyError
    assert _outcome(datadict.get_private_entry, "NotAKeyword", "SIEMENS CSA HEADER") is ValueError


def test_private_dictionaries_view() -> None:
    csa = datadict.private_dictionaries["SIEMENS CSA HEADER"]
    assert csa["0029xx10"] == pdd.private_dictionaries["SIEMENS CSA HEADER"]["0029xx10"]
    assert csa["0029XX10"] == csa["0029xx10"]  # pydicom 3 writes upper case: both work
    number: object = 5
    assert "0029xx08" in csa and number not in csa and all(k == k.lower() for k in csa)
    assert all(len(row) == 4 for row in csa.values())
    assert len(csa) == len(list(csa)) and "SIEMENS CSA HEADER" in repr(csa)
    common = set(pdd.private_dictionaries) & set(datadict.private_dictionaries)
    assert len(common) >= 400
    assert "NO SUCH CREATOR" not in datadict.private_dictionaries
    with pytest.raises(KeyError):
        datadict.private_dictionaries["NO SUCH CREATOR"]
    with pytest.raises(KeyError):
        datadict.private_dictionaries[5]
    assert len(datadict.private_dictionaries) == len(list(datadict.private_dictionaries))
    # GGxx rows (any odd group 60xx) and fixed elements keep pydicom's key shapes.
    keys = {k for rows in datadict.private_dictionaries.values() for k in rows}
    assert any(k.startswith("60xx") for k in keys) and any("x" not in k for k in keys)


# ---------------------------------------------------------------- additions


def test_add_dict_entry_is_seen_everywhere() -> None:
    datadict.add_dict_entry(_NEW, "UL", "TestOne", "Test One")
    assert datadict.get_entry(_NEW) == ("UL", "1", "Test One", "", "TestOne")
    assert datadict.dictionary_has_tag(_NEW) and datadict.dictionary_has_tag("TestOne")
    assert datadict.tag_for_keyword("TestOne") == _NEW
    assert datadict.keyword_dict["TestOne"] == _NEW and "TestOne" in set(datadict.keyword_dict)
    assert datadict.DicomDictionary[_NEW][4] == "TestOne"
    assert _NEW in set(datadict.DicomDictionary)
    assert len(datadict.DicomDictionary) == len(_elements.ELEMENTS) + 1
    assert dictionary.dictionary_vr(_NEW) == "UL"  # the core sees it too


def test_add_dict_entries_as_pydicom_documents() -> None:
    datadict.add_dict_entries({
        0x00F20010: ("UL", "1", "Test One", "", "TestOne"),
        0x00F20020: ("DS", "3", "Test Two", "Retired", "TestTwo"),
        0x00F20030: ("NONE", "1", "Test Item", "", "TestItem"),
    })
    ds = tc.Dataset()
    ds.TestOne = 42  # type: ignore[attr-defined]  # a keyword added at run time
    ds.TestTwo = ["1", "2", "3"]  # type: ignore[attr-defined]
    assert ds[0x00F20010].VR == "UL" and ds[0x00F20020].VR == "DS"
    assert ds[0x00F20010].keyword == "TestOne" and ds[0x00F20020].name == "Test Two"
    assert ds[0x00F20020].is_retired and datadict.dictionary_is_retired(0x00F20020)
    assert datadict.dictionary_VR(0x00F20030) == "NONE"


def test_an_addition_replaces_a_standard_entry() -> None:
    datadict.add_dict_entry(0x00100010, "LO", "NameText", "Name Text")
    assert datadict.get_entry("PatientName") == ("LO", "1", "Name Text", "", "NameText")
    assert datadict.tag_for_keyword("PatientName") == 0x00100010  # as pydicom: still there
    dictionary.remove_entries([0x00100010])
    assert datadict.dictionary_VR(0x00100010) == "PN"


@pytest.mark.parametrize(
    ("entries", "error"),
    [
        ({0x00091001: ("US", "1", "X", "", "X")}, ValueError),  # private: pydicom refuses too
        ({0x00010001: ("US", "1", "X", "", "X")}, ValueError),
        ({_NEW: ("US", "1", "X")}, ValueError),  # not five values
        ({_NEW: "US"}, ValueError),
        ({_NEW: ("ZZ", "1", "X", "", "X")}, ValueError),  # not a VR
        ({_NEW: ("US", 1, "X", "", "X")}, TypeError),
        ({"NotAKeyword": ("US", "1", "X", "", "X")}, ValueError),
    ],
)
def test_bad_additions_add_nothing(entries: dict[Any, Any], error: type[Exception]) -> None:
    batch = {0x00F20020: ("US", "1", "Fine", "", "Fine"), **entries}
    with pytest.raises(error):
        datadict.add_dict_entries(batch)
    assert datadict.tag_for_keyword("Fine") is None and _added.current() is None


def test_pydicom_refuses_the_same_private_additions() -> None:
    with pytest.raises(ValueError, match="add_private_dict_entries"):
        pdd.add_dict_entry(0x00091001, "US", "X", "X")
    with pytest.raises(ValueError, match="add_private_dict_entries"):
        datadict.add_dict_entry(0x00091001, "US", "X", "X")
    with pytest.raises(ValueError, match="add_dict_entries"):
        pdd.add_private_dict_entry("ACME", 0x00100010, "US", "X")
    with pytest.raises(ValueError, match="add_dict_entries"):
        datadict.add_private_dict_entry("ACME", 0x00100010, "US", "X")


def test_add_private_dict_entries() -> None:
    datadict.add_private_dict_entries("ACME LTD 1.2", {
        0x00410001: ("UL", "1", "Test One"),  # pydicom's documented 3-tuple
        0x00411002: ("DS", "3", "Test Two", "Retired"),  # the block byte is ignored
    })
    datadict.add_private_dict_entry("ACME LTD 1.3", 0x00410001, "US", "Test Three")
    assert datadict.get_private_entry(0x00411001, "ACME LTD 1.2") == ("UL", "1", "Test One", "")
    two = ("DS", "3", "Test Two", "Retired")
    assert datadict.get_private_entry(0x00412002, "ACME LTD 1.2") == two
    assert datadict.private_dictionary_VR(0x00411001, "ACME LTD 1.3") == "US"
    assert datadict.private_dictionaries["ACME LTD 1.2"]["0041xx02"][0] == "DS"
    assert set(datadict.private_dictionaries["ACME LTD 1.2"]) == {"0041xx01", "0041xx02"}
    assert "ACME LTD 1.3" in datadict.private_dictionaries
    assert list(datadict.private_dictionaries)[-2:] == ["ACME LTD 1.2", "ACME LTD 1.3"]
    with pytest.raises(KeyError, match=r"\(0041, 1003\)"):
        datadict.get_private_entry(0x00411003, "ACME LTD 1.2")  # a known creator, unknown tag
    with pytest.raises(ValueError, match="VR, VM, description"):
        datadict.add_private_dict_entries("ACME", {0x00410001: ("US",)})
    with pytest.raises(ValueError, match="not a private group"):
        datadict.add_private_dict_entry("ACME", 0x00070010, "US", "X")  # pydicom stores it


def test_private_addition_overlays_a_known_creator() -> None:
    datadict.add_private_dict_entry("SIEMENS CSA HEADER", 0x00290099, "LT", "Note")
    datadict.add_private_dict_entry("SIEMENS CSA HEADER", 0x00290010, "UN", "Raw")
    csa = datadict.private_dictionaries["SIEMENS CSA HEADER"]
    assert csa["0029xx99"] == ("LT", "1", "Note", "") and csa["0029xx10"][0] == "UN"
    assert datadict.private_dictionary_VR(0x00291010, "SIEMENS CSA HEADER") == "UN"


# ---------------------------------------------------------------- reading and writing


def test_additions_decode_implicit_vr_files() -> None:
    raw = _file((_NEW, US([7, 8])), (0x00410010, LO("ACME 1.0")), (0x00411001, FL(2.5)))
    before = tc.dcmread(io.BytesIO(raw))
    assert before[_NEW].VR == "UN" and before[0x00411001].VR == "UN"
    datadict.add_dict_entry(_NEW, "US", "TestPair", "Test Pair", "2")
    datadict.add_private_dict_entry("ACME 1.0", 0x00410001, "FL", "Acme Float")
    ours = tc.dcmread(io.BytesIO(raw))
    assert ours[_NEW].VR == "US" and ours.TestPair == [7, 8]  # type: ignore[attr-defined]
    assert ours[0x00411001].VR == "FL" and ours[0x00411001].value == 2.5
    assert ours[0x00411001].name == "[Acme Float]"
    # pydicom, told the same, reads the same.
    pdd.add_dict_entry(_NEW, "US", "TestPair", "Test Pair", "2")
    pdd.add_private_dict_entry("ACME 1.0", 0x00410001, "FL", "Acme Float")
    try:
        theirs = pydicom.dcmread(io.BytesIO(raw))
        assert list(theirs[_NEW].value) == ours[_NEW].value
        assert theirs[0x00411001].VR == "FL" and theirs[0x00411001].value == 2.5
    finally:
        del pdd.DicomDictionary[_NEW]
        del pdd.keyword_dict["TestPair"]
        del pdd.private_dictionaries["ACME 1.0"]


def test_set_by_added_keyword_write_implicit_and_read_back() -> None:
    datadict.add_dict_entry(_NEW, "UL", "TestOne", "Test One")
    ds = tc.Dataset()
    ds.TestOne = 42  # type: ignore[attr-defined]  # a keyword added at run time
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "2.25.8"
    ds.file_meta = tc.Dataset()
    ds.file_meta.TransferSyntaxUID = _IMPLICIT
    ds.is_implicit_VR = True
    ds.is_little_endian = True
    out = io.BytesIO()
    tc.dcmwrite(out, ds, write_like_original=False)
    back = tc.dcmread(io.BytesIO(out.getvalue()))
    assert back.TestOne == 42 and back[_NEW].VR == "UL"  # type: ignore[attr-defined]
    core = typeddcm.read(out.getvalue()).dataset
    assert core[_NEW].vr.values == (42,)
    dictionary.clear_added()
    assert isinstance(typeddcm.read(out.getvalue()).dataset[_NEW].vr, UN)
    plain = tc.Dataset()
    # The keyword is gone with its entry: a plain attribute now, as in pydicom.
    plain.TestOne = 1  # type: ignore[attr-defined]
    assert _NEW not in plain and len(plain) == 0


# ---------------------------------------------------------------- threads


def test_additions_from_eight_threads_while_another_reads() -> None:
    threads, per_thread = 8, 25
    start = threading.Barrier(threads + 1)
    stop = threading.Event()
    problems: list[str] = []

    def writer(number: int) -> None:
        start.wait()
        for n in range(per_thread):
            tag = 0x00F20000 | (number << 8) | (n + 1)
            datadict.add_dict_entry(tag, "US", f"W{number}x{n}", f"W {number} {n}")
            datadict.add_private_dict_entry(f"WRITER {number}", 0x00410000 | n, "FL", "F")

    def reader() -> None:
        start.wait()
        while not stop.is_set():
            if datadict.dictionary_VR(0x00100010) != "PN":
                problems.append("PatientName changed")
            for tag, row in list(datadict.DicomDictionary.items())[-5:]:
                if datadict.tag_for_keyword(row[4]) not in (tag, None):
                    problems.append(f"{tag:#x}")

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    watcher = threading.Thread(target=reader)
    for thread in (*workers, watcher):
        thread.start()
    for thread in workers:
        thread.join()
    stop.set()
    watcher.join()
    assert problems == []
    assert len(datadict.DicomDictionary) == len(_elements.ELEMENTS) + threads * per_thread
    for number in range(threads):
        assert datadict.dictionary_keyword(0x00F20000 | (number << 8) | per_thread) == (
            f"W{number}x{per_thread - 1}")
        assert len(datadict.private_dictionaries[f"WRITER {number}"]) == per_thread

"""The dictionary's additions layer: entries added at run time (``typeddcm.dictionary._added``).

Every test runs inside ``temporary_additions()`` (the autouse fixture), so nothing
added here outlives its test, and the fixture checks the generated tables are the
same objects with the same contents afterwards.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

import typeddcm
from typeddcm import Dataset, DicomFile
from typeddcm.codec import encode_file
from typeddcm.dictionary import (
    DictionaryEntry,
    PrivateEntry,
    _added,
    _elements,
    add_entries,
    add_entry,
    add_private_entries,
    add_private_entry,
    added_entries,
    added_private_entries,
    clear_added,
    close_keywords,
    dictionary_vr,
    entry_for_keyword,
    keyword_for_tag,
    listed_entry,
    listed_tags,
    lookup,
    private_lookup,
    private_lookup_tag,
    remove_entries,
    remove_private_entries,
    tag_for_keyword,
    temporary_additions,
)
from typeddcm.tag import Tag
from typeddcm.vr import FL, LO, SQ, UI, UN, US

_NEW = 0x00F20010  # an even group the standard leaves empty
_IMPLICIT = "1.2.840.10008.1.2"


@pytest.fixture(autouse=True)
def _undo_additions() -> Iterator[None]:
    elements = _elements.ELEMENTS
    before = dict(elements)
    assert _added.current() is None, "an earlier test left additions behind"
    with temporary_additions():
        yield
    assert _added.current() is None
    assert _elements.ELEMENTS is elements and elements == before


def _file_bytes(*pairs: tuple[int, object]) -> bytes:
    """An implicit VR little endian Part 10 file holding ``pairs`` (tag, VR object)."""
    ds = Dataset().set("SOPClassUID", UI("1.2.840.10008.5.1.4.1.1.7")).set(
        "SOPInstanceUID", UI("2.25.7"))
    for tag, value in pairs:
        ds = ds.set(tag, value)
    return encode_file(DicomFile.new(ds, transfer_syntax=_IMPLICIT))


# ---------------------------------------------------------------- standard entries


def test_nothing_added_means_no_layer() -> None:
    assert _added.current() is None
    assert dict(added_entries()) == {} and dict(added_private_entries()) == {}


def test_added_entry_is_seen_by_every_lookup() -> None:
    assert lookup(_NEW) is None and dictionary_vr(_NEW) == "" and tag_for_keyword("TestOne") is None
    entry = add_entry(_NEW, "US", "TestOne", "Test One", "1-n")
    assert entry == DictionaryEntry(_NEW, "US", "1-n", "Test One", "TestOne", False)
    assert lookup(_NEW) == entry and lookup(Tag(_NEW)) == entry
    assert dictionary_vr(_NEW) == "US"
    assert keyword_for_tag(_NEW) == "TestOne"
    assert tag_for_keyword("TestOne") == _NEW
    assert entry_for_keyword("TestOne") == entry
    assert listed_entry(_NEW) == entry
    assert list(listed_tags())[-1] == _NEW
    assert close_keywords("TestOen") == ["TestOne"]
    assert Tag("TestOne") == _NEW
    assert dict(added_entries()) == {_NEW: entry}


def test_an_addition_replaces_a_standard_entry_without_editing_it() -> None:
    row = _elements.ELEMENTS[0x00100010]
    cached = lookup(0x00100010)  # now in the concrete cache
    assert cached is not None and cached.keyword == "PatientName"
    add_entry(0x00100010, "LO", "NameAsText", "Name as text")
    assert dictionary_vr(0x00100010) == "LO"
    assert keyword_for_tag(0x00100010) == "NameAsText"
    assert tag_for_keyword("NameAsText") == 0x00100010
    assert tag_for_keyword("PatientName") == 0x00100010  # the old keyword still names it
    assert _elements.ELEMENTS[0x00100010] is row
    remove_entries([0x00100010])
    assert lookup(0x00100010) is cached and dictionary_vr(0x00100010) == "PN"


def test_additions_override_derived_and_cached_entries() -> None:
    # Repeating group, group length and private-creator shapes are derived (and cached).
    for tag, vr in ((0x60023000, "OB or OW"), (0x00080000, "UL"), (0x00F00000, "UL")):
        assert dictionary_vr(tag) == vr and lookup(tag) is not None
    add_entry(0x60023000, "OW", "OverlayTwo", "Overlay two")
    add_entry(0x00080000, "UL", "IdentifyingGroupLength", "Identifying Group Length")
    assert dictionary_vr(0x60023000) == "OW"
    assert lookup(0x60023000) == listed_entry(0x60023000)
    assert keyword_for_tag(0x00080000) == "IdentifyingGroupLength"
    assert listed_entry(0x60043000) is None  # other overlays keep the repeating entry
    assert dictionary_vr(0x60043000) == "OB or OW"
    clear_added()
    assert dictionary_vr(0x60023000) == "OB or OW"
    assert keyword_for_tag(0x00080000) == "GenericGroupLength"


def test_a_keyword_two_additions_share_names_the_later() -> None:
    add_entry(0x00F20010, "US", "Shared", "First")
    add_entry(0x00F20020, "UL", "Shared", "Second")
    assert tag_for_keyword("Shared") == 0x00F20020
    add_entry(0x00F20010, "SS", "Shared", "First again")  # re-adding moves it last
    assert tag_for_keyword("Shared") == 0x00F20010
    remove_entries([0x00F20010])
    assert tag_for_keyword("Shared") == 0x00F20020


def test_add_entries_is_all_or_nothing() -> None:
    good = DictionaryEntry(0x00F20010, "US", "1", "Good", "Good", False)
    bad = DictionaryEntry(0x00F30010, "US", "1", "Bad", "Bad", False)  # odd group
    with pytest.raises(ValueError, match="private"):
        add_entries([good, bad])
    assert lookup(0x00F20010) is None and _added.current() is None
    add_entries([good])
    assert lookup(0x00F20010) == good
    add_entries([])  # nothing to do
    assert dict(added_entries()) == {0x00F20010: good}


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        ((0x00091001, "US", "K", "N"), ValueError, "private"),
        ((0x00010010, "US", "K", "N"), ValueError, "private"),
        ((0x1_0000_0000, "US", "K", "N"), ValueError, "0..0xffffffff"),
        ((-1, "US", "K", "N"), ValueError, "0..0xffffffff"),
        ((True, "US", "K", "N"), TypeError, "int"),
        (("00F20010", "US", "K", "N"), TypeError, "int"),
        ((_NEW, "XX", "K", "N"), ValueError, "not a VR"),
        ((_NEW, "US or XX", "K", "N"), ValueError, "not a VR"),
        ((_NEW, None, "K", "N"), TypeError, "VR"),
        ((_NEW, "US", 5, "N"), TypeError, "keyword"),
        ((_NEW, "US", "K", None), TypeError, "name"),
        ((_NEW, "US", "K", "N", 1), TypeError, "vm"),
    ],
)
def test_bad_entries_are_refused(
    args: tuple[object, ...], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        add_entry(*args)  # type: ignore[arg-type]
    assert _added.current() is None


def test_more_refusals() -> None:
    with pytest.raises(TypeError, match="retired"):
        add_entry(_NEW, "US", "K", "N", retired="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="repeating"):
        add_entries([DictionaryEntry(0x60003000, "OW", "1", "N", "K", False, mask="(60xx,3000)")])
    with pytest.raises(TypeError, match="DictionaryEntry"):
        add_entries([(0x00F20010, "US")])  # type: ignore[list-item]
    assert _added.current() is None


def test_ambiguous_and_empty_vrs_are_allowed() -> None:
    add_entry(0x00F20010, "US or SS", "Either", "Either")
    add_entry(0x00F20020, "", "NoValue", "No value")  # like items and delimiters
    assert dictionary_vr(0x00F20010) == "US or SS" and dictionary_vr(0x00F20020) == ""
    assert lookup(0x00F20010).vrs == ("US", "SS")  # type: ignore[union-attr]


def test_a_tag_subclass_is_stored_as_an_int() -> None:
    entry = add_entry(Tag(_NEW), "US", "K", "N")
    assert type(entry.tag) is int and next(iter(added_entries())) == _NEW


def test_removal() -> None:
    add_entry(0x00F20010, "US", "A", "A")
    with pytest.raises(KeyError, match="00F2,0020"):
        remove_entries([0x00F20010, 0x00F20020])
    assert lookup(0x00F20010) is not None  # nothing removed
    remove_entries([0x00F20010])
    assert _added.current() is None  # empty again: the hot path's one test


def test_temporary_additions_restore_what_was_there() -> None:
    add_entry(0x00F20010, "US", "Outer", "Outer")
    with temporary_additions():
        add_entry(0x00F20020, "US", "Inner", "Inner")
        remove_entries([0x00F20010])
        assert tag_for_keyword("Inner") == 0x00F20020 and tag_for_keyword("Outer") is None
    assert tag_for_keyword("Inner") is None and tag_for_keyword("Outer") == 0x00F20010

    def add_then_fail() -> None:
        with temporary_additions():
            add_entry(0x00F20030, "US", "Lost", "Lost")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        add_then_fail()
    assert tag_for_keyword("Lost") is None


def test_added_snapshots_are_read_only() -> None:
    add_entry(_NEW, "US", "K", "N")
    snapshot = added_entries()
    with pytest.raises(TypeError):
        snapshot[0x00F20020] = snapshot[_NEW]  # type: ignore[index]
    add_entry(0x00F20020, "US", "K2", "N2")
    assert list(snapshot) == [_NEW]  # a snapshot: later additions make a new layer


# ---------------------------------------------------------------- private entries


def test_private_addition_is_seen_by_the_private_lookups() -> None:
    assert private_lookup("ACME 1.0", 0x0041, 0x01) is None
    entry = add_private_entry("ACME 1.0", 0x0041, 0x01, "FL", "1", "Acme Float")
    assert entry == PrivateEntry("ACME 1.0", 0x0041, 0x01, "FL", "1", "Acme Float", "added")
    assert private_lookup("ACME 1.0", 0x0041, 0x01) == entry
    assert private_lookup("acme  1.0 ", 0x0041, 0x01) == entry  # loose creator match
    assert private_lookup_tag("ACME 1.0", 0x00411001) == entry
    assert private_lookup_tag("ACME 1.0", 0x00412001) == entry  # any block
    assert private_lookup_tag("ACME 1.0", 0x00410001) is None  # not a data element of a block
    assert private_lookup("ACME 1.0", 0x0043, 0x01) is None  # another group
    assert private_lookup("ACME 1.1", 0x0041, 0x01) is None
    assert dict(added_private_entries()) == {("ACME 1.0", 0x0041, 0x01): entry}


def test_private_addition_takes_precedence_over_the_generated_table() -> None:
    generated = private_lookup("SIEMENS CSA HEADER", 0x0029, 0x10)
    assert generated is not None and generated.vr == "OB" and generated.source != "added"
    add_private_entry("SIEMENS CSA HEADER", 0x0029, 0x10, "UN", name="Raw", retired=True)
    found = private_lookup_tag("SIEMENS CSA HEADER", 0x00291010)
    assert found is not None and (found.vr, found.name, found.retired) == ("UN", "Raw", True)
    remove_private_entries([("SIEMENS CSA HEADER", 0x0029, 0x10)])
    assert private_lookup("SIEMENS CSA HEADER", 0x0029, 0x10) == generated


@pytest.mark.parametrize(
    ("args", "error", "match"),
    [
        (("ACME", 0x0040, 0x01, "US"), ValueError, "not a private group"),
        (("ACME", 0x0001, 0x01, "US"), ValueError, "not a private group"),
        (("ACME", 0xFFFF, 0x01, "US"), ValueError, "not a private group"),
        (("ACME", 0x10041, 0x01, "US"), ValueError, "group"),
        (("ACME", 0x0041, 0x100, "US"), ValueError, "offset"),
        (("ACME", 0x0041, -1, "US"), ValueError, "offset"),
        (("ACME", 0x0041, 0x01, ""), ValueError, "not a VR"),
        (("ACME", 0x0041, 0x01, "ZZ"), ValueError, "not a VR"),
        (("  ", 0x0041, 0x01, "US"), ValueError, "creator"),
        ((None, 0x0041, 0x01, "US"), TypeError, "creator"),
        (("ACME", "0041", 0x01, "US"), TypeError, "group"),
    ],
)
def test_bad_private_entries_are_refused(
    args: tuple[object, ...], error: type[Exception], match: str
) -> None:
    with pytest.raises(error, match=match):
        add_private_entry(*args)  # type: ignore[arg-type]
    assert _added.current() is None


def test_private_batches_and_removal_are_all_or_nothing() -> None:
    one = PrivateEntry("ACME", 0x0041, 0x01, "US", "1", "One", "")
    bad = PrivateEntry("ACME", 0x0042, 0x02, "US", "1", "Two", "")
    with pytest.raises(ValueError, match="not a private group"):
        add_private_entries([one, bad])
    assert _added.current() is None
    add_private_entries([one])
    with pytest.raises(KeyError, match="ACME"):
        remove_private_entries([("ACME", 0x0041, 0x01), ("ACME", 0x0041, 0x02)])
    assert private_lookup("ACME", 0x0041, 0x01) is not None
    with pytest.raises(TypeError, match="PrivateEntry"):
        add_private_entries(["ACME"])  # type: ignore[list-item]


def test_the_later_private_addition_wins_the_loose_match() -> None:
    add_private_entry("Acme", 0x0041, 0x01, "US")
    add_private_entry("ACME ", 0x0041, 0x01, "SS")
    assert private_lookup("acme", 0x0041, 0x01).vr == "SS"  # type: ignore[union-attr]
    assert private_lookup("Acme", 0x0041, 0x01).vr == "US"  # type: ignore[union-attr]


# ---------------------------------------------------------------- reading and writing


def test_reading_implicit_vr_uses_added_entries() -> None:
    raw = _file_bytes((_NEW, US([7, 8])), (0x00410010, LO("ACME 1.0")), (0x00411001, FL(2.5)))
    before = typeddcm.read(raw).dataset
    assert isinstance(before[_NEW].vr, UN) and isinstance(before[0x00411001].vr, UN)
    add_entry(_NEW, "US", "TestPair", "Test Pair", "2")
    add_private_entry("ACME 1.0", 0x0041, 0x01, "FL", name="Acme Float")
    after = typeddcm.read(raw).dataset
    assert after[_NEW].vr == US([7, 8])
    assert after["TestPair"].vr.values == (7, 8)
    assert after[0x00411001].vr == FL(2.5)
    clear_added()
    assert isinstance(typeddcm.read(raw).dataset[_NEW].vr, UN)


def test_an_added_ambiguous_vr_is_resolved_from_context() -> None:
    raw = _file_bytes((0x00280103, US(1)), (_NEW, US(0xFFFF)))
    add_entry(_NEW, "US or SS", "Signed", "Signed")
    assert typeddcm.read(raw).dataset[_NEW].vr.values == (-1,)  # Pixel Representation 1: SS


def test_an_added_sequence_is_read_as_a_sequence() -> None:
    item = Dataset().set("CodeValue", "X")
    raw = _file_bytes((_NEW, SQ([item])))
    add_entry(_NEW, "SQ", "TestSequence", "Test Sequence")
    sequence = typeddcm.read(raw).dataset[_NEW].vr
    assert isinstance(sequence, SQ)
    assert sequence.values[0]["CodeValue"].vr.value == "X"


def test_writing_by_an_added_keyword_round_trips() -> None:
    add_entry(_NEW, "US", "TestCount", "Test Count", "1-n")
    ds = Dataset().set("TestCount", [1, 2, 3])
    assert ds[_NEW].vr == US([1, 2, 3])
    raw = _file_bytes((_NEW, ds[_NEW].vr))
    assert typeddcm.read(raw).dataset["TestCount"].vr.values == (1, 2, 3)
    with pytest.raises(ValueError, match="US"):
        Dataset().set("TestCount", "not a number")


def test_setting_a_private_value_uses_the_added_vr() -> None:
    add_private_entry("ACME 1.0", 0x0041, 0x01, "FL")
    ds = Dataset().set_private(0x0041, "ACME 1.0", 0x01, 1.5)
    assert ds[0x00411001].vr == FL(1.5)


# ---------------------------------------------------------------- threads


def test_additions_from_eight_threads_while_another_reads() -> None:
    per_thread, threads = 40, 8
    start = threading.Barrier(threads + 1)
    stop = threading.Event()
    problems: list[str] = []

    def writer(number: int) -> None:
        start.wait()
        for n in range(per_thread):
            tag = 0x00F20000 | (number << 8) | (n + 1)
            add_entry(tag, "US" if n % 2 else "LO", f"T{number}x{n}", f"T {number} {n}")
            if number % 2:
                add_private_entry(f"THREAD {number}", 0x0041, n, "FL")

    def reader() -> None:
        start.wait()
        while not stop.is_set():
            if dictionary_vr(0x00100010) != "PN" or dictionary_vr(0x60023000) != "OB or OW":
                problems.append("a standard entry changed")
            layer = _added.current()  # one whole layer: its tables agree with each other
            if layer is not None and any(layer.elements[t].keyword != k
                                         for k, t in layer.keywords.items()):
                problems.append("a torn layer")
            for tag, entry in added_entries().items():
                if dictionary_vr(tag) != entry.vr:
                    problems.append(f"{tag:#x} lost")

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    watcher = threading.Thread(target=reader)
    for thread in (*workers, watcher):
        thread.start()
    for thread in workers:
        thread.join()
    stop.set()
    watcher.join()
    assert problems == []
    assert len(added_entries()) == per_thread * threads  # none lost to a race
    assert len(added_private_entries()) == per_thread * (threads // 2)
    assert tag_for_keyword("T7x39") == 0x00F20700 | 40
    assert private_lookup("THREAD 7", 0x0041, 39) is not None

"""Leniency warnings a folder loop can use: issued by ``read()``, located, kept by the file.

The promises under test: every leniency of the reader is issued once, during
``read()`` (nested sequences included, though their items are read lazily), as a
``ReadWarning`` naming the source (the path, or ``<bytes>``), the tag path
("top level" / "file meta" when no element is to blame) and the byte offset,
attributed to the caller's line; ``f.warnings`` keeps the same records, and a
warning that can only arise later (text decoded with a fallback, items of an
unchecked read) is issued at the line that asked for the value and added to the
same file's records.  ``strict=True`` raises a located ``DecodeError`` instead,
at ``read()`` for nested problems too.  A deflated dataset never inflates past
its cap.
"""

from __future__ import annotations

import pickle
import struct
import tracemalloc
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import DecodeError, DicomError, DicomFile, UnsupportedTransferSyntaxError
from typeddcm.codec import part10
from typeddcm.errors import (
    CharacterSetWarning,
    ReadWarning,
    StructureWarning,
    TransferSyntaxWarning,
)
from typeddcm.samples import sample_path

from .test_robustness import (
    EXPLICIT_LE,
    IMPLICIT_LE,
    ITEM,
    SEQUENCE_END,
    UNDEFINED,
    damaged,
    element,
    header,
    implicit,
    item,
    part10_file,
    sample,
    sequence,
    touch,
)

DEFLATED_LE = b"1.2.840.10008.1.2.1.99"
SQ_TAG = 0x00081115
MODALITY = element(0x00080060, "CS", b"CT")
GOOD_UID = element(0x00081150, "UI", b"1.2.3\x00")
PATIENT_ID = element(0x00100020, "LO", b"ID42")
HEADER = len(header())


def read_caught(source: object, **options: object) -> tuple[DicomFile, list[warnings.WarningMessage]]:
    """Read ``source``, recording every warning issued meanwhile."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = typeddcm.read(source, **options)  # type: ignore[arg-type]
    return f, caught


# --- every leniency, one warning each ------------------------------------------------------

# Each case: the dataset bytes (after the standard header), what the warning says, its
# tag path, its offset in the file, its category.
Case = tuple[bytes, str, str, int, type[ReadWarning]]


def top_level_cases() -> dict[str, Case]:
    at = HEADER + len(MODALITY)  # the element after (0008,0060)
    cases: dict[str, Case] = {
        "stray bytes": (MODALITY + b"\x10\x00\x10", "3 stray bytes", "top level", at,
                        StructureWarning),
        "padding": (MODALITY + bytes(16), "16 zero bytes of padding", "top level", at,
                    StructureWarning),
        "delimiter": (MODALITY + b"\xfe\xff\x0d\xe0\x00\x00\x00\x00" + PATIENT_ID,
                      "unexpected delimiter (FFFE,E00D)", "(FFFE,E00D)", at, StructureWarning),
        "cut header": (MODALITY + b"\x10\x00\x00\x40UT\x00\x00", "header cut short",
                       "(0010,4000)", at, StructureWarning),
        "undefined text": (MODALITY + element(0x00104000, "UT", b"", length=UNDEFINED)
                           + SEQUENCE_END, "undefined length for VR UT", "(0010,4000)", at,
                           StructureWarning),
        "past the end": (MODALITY + element(0x00100010, "PN", b"Doe^", length=40),
                         "value length 40 runs past the end", "(0010,0010)", at,
                         StructureWarning),
        "implicit in explicit": (MODALITY + implicit(0x00100010, b"Doe^John") + PATIENT_ID,
                                 "implicit VR element in explicit VR data", "(0010,0010)", at,
                                 StructureWarning),
        "unknown VR": (MODALITY + struct.pack("<HH2sH", 0x0010, 0x0010, b"XX", 4) + b"Doe^"
                       + PATIENT_ID, "unknown VR 'XX'", "(0010,0010)", at, StructureWarning),
        "out of order": (PATIENT_ID + MODALITY, "out of ascending tag order", "top level",
                         HEADER, StructureWarning),
        "charset term": (element(0x00080005, "CS", b"ISO_IR 999") + MODALITY,
                         "ISO_IR 999", "(0008,0005)", HEADER, CharacterSetWarning),
    }
    undefined_at = at + 12  # past the SQ header: where the scan looks for items
    cases["not an item (undefined)"] = (  # the scan stops there: the rest is top level
        MODALITY + element(SQ_TAG, "SQ", b"", length=UNDEFINED) + PATIENT_ID,
        "(0010,0020) where a sequence item should be", "(0008,1115)", undefined_at,
        StructureWarning)
    cases["no sequence delimiter"] = (
        MODALITY + element(SQ_TAG, "SQ", b"", length=UNDEFINED) + item(GOOD_UID),
        "sequence delimiter missing", "(0008,1115)", at + 12 + 8 + len(GOOD_UID),
        StructureWarning)
    return cases


# Leniencies whose bytes mean something else inside an undefined-length item (an item
# delimiter ends it; a header or value cut short runs into the delimiter).
_NOT_IN_OPEN_ITEMS = frozenset({"delimiter", "cut header", "past the end"})


def nested_cases(undefined: bool) -> dict[str, Case]:
    """The element-level leniencies again, inside item 0 of a sequence (its items are
    read lazily; defined-length ones are not even scanned)."""
    item_at = HEADER + len(MODALITY) + 12  # the item header, after the SQ header
    out: dict[str, Case] = {}
    for name, (body, problem, path, offset, category) in top_level_cases().items():
        if "sequence" in name or "item" in name or name in ("padding", "stray bytes"):
            continue  # top-level forms only; the nested sequence forms are below
        if undefined and name in _NOT_IN_OPEN_ITEMS:
            continue
        start = HEADER
        if body.startswith(MODALITY):
            body, start = body[len(MODALITY):], HEADER + len(MODALITY)
        # The offset within the item body; a level's tag order is reported at its item.
        nested_offset = item_at if path == "top level" else item_at + 8 + offset - start
        nested_path = "(0008,1115)[0]" + ("" if path == "top level" else path)
        dataset = MODALITY + sequence(SQ_TAG, item(body, undefined=undefined), undefined=undefined)
        out[f"nested {name}"] = (dataset, problem, nested_path, nested_offset, category)
    first = item(GOOD_UID)
    out["item past its sequence"] = (
        MODALITY + element(SQ_TAG, "SQ", ITEM + struct.pack("<I", 400) + GOOD_UID),
        "item length 400 runs past its sequence", "(0008,1115)", HEADER + len(MODALITY) + 12,
        StructureWarning)
    out["not an item (defined)"] = (
        MODALITY + sequence(SQ_TAG, first + PATIENT_ID),
        "(0010,0020) where a sequence item should be", "(0008,1115)",
        HEADER + len(MODALITY) + 12 + len(first), StructureWarning)
    return out


def meta_cases() -> dict[str, tuple[bytes, str, str, int, type[ReadWarning]]]:
    """Whole files whose file meta information is not as PS3.10 says."""
    preamble = b"\x00" * 128 + b"DICM"
    ts = element(0x00020010, "UI", IMPLICIT_LE)
    other = element(0x00020002, "UI", b"1.2.840.10008.5.1.4.1.1.7\x00")
    deflated_meta = preamble + element(0x00020010, "UI", DEFLATED_LE)
    # Every byte of the dataset, but no final block: the stream is cut after it.
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    unfinished = packer.compress(MODALITY + PATIENT_ID) + packer.flush(zlib.Z_SYNC_FLUSH)
    return {
        "no meta": (preamble + MODALITY, "no file meta information", "file meta", 132,
                    TransferSyntaxWarning),
        "no transfer syntax": (preamble + other + implicit(0x00080060, b"CT"),
                               "no Transfer Syntax UID", "file meta", 132 + len(other),
                               TransferSyntaxWarning),
        "unknown transfer syntax": (
            preamble + element(0x00020010, "UI", b"1.2.3.4\x00") + MODALITY,
            "unknown Transfer Syntax UID '1.2.3.4'", "(0002,0010)", 132 + 16,
            TransferSyntaxWarning),
        "wrong transfer syntax": (
            preamble + ts + MODALITY, "Transfer Syntax UID says Implicit VR Little Endian",
            "(0002,0010)", 132 + len(ts), TransferSyntaxWarning),
        "meta out of order": (preamble + element(0x00020010, "UI", EXPLICIT_LE) + other
                              + MODALITY, "out of ascending tag order",
                              "file meta", 132, StructureWarning),
        "deflate truncated": (deflated_meta + unfinished, "ends before its end of stream",
                              "top level", len(deflated_meta) + len(unfinished),
                              StructureWarning),
    }


def _deflate(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return packer.compress(data) + packer.flush()


ALL_CASES: dict[str, tuple[bytes, str, str, int, type[ReadWarning]]] = {
    **{k: (part10_file(v[0]), *v[1:]) for k, v in top_level_cases().items()},
    **{k: (part10_file(v[0]), *v[1:]) for k, v in nested_cases(False).items()},
    **{f"{k} (undefined lengths)": (part10_file(v[0]), *v[1:])
       for k, v in nested_cases(True).items()},
    **meta_cases(),
}


@pytest.mark.parametrize("name", list(ALL_CASES))
def test_each_leniency_warns_once_during_read(name: str) -> None:
    """One warning, issued by read() at this line, naming <bytes>, the tag path and the
    offset; the file keeps the same record; reading every value adds no other."""
    data, problem, path, offset, category = ALL_CASES[name]
    f, caught = read_caught(data)
    assert [type(w.message) for w in caught] == [category], [str(w.message) for w in caught]
    issued = caught[0]
    assert issued.filename == __file__
    record = issued.message
    assert isinstance(record, ReadWarning)
    assert f.warnings == (record,)
    assert (record.source, record.path, record.offset) == ("<bytes>", path, offset)
    assert problem in record.problem
    text = str(record)
    assert text.startswith("<bytes>: ") and f"at {path}, offset {offset}" in text
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        touch(f)
    assert not later and len(f.warnings) == 1
    assert f.to_bytes() == data


@pytest.mark.parametrize("name", [n for n, case in ALL_CASES.items()
                                  if case[4] is not CharacterSetWarning])
def test_strict_raises_at_read_with_the_place(name: str) -> None:
    """strict=True: the same place as a DecodeError, raised by read() (nested too)."""
    data, problem, path, offset, _ = ALL_CASES[name]
    if name == "unknown transfer syntax":
        with pytest.raises(UnsupportedTransferSyntaxError, match=r"1\.2\.3\.4"):
            typeddcm.read(data, strict=True)
        return
    with pytest.raises(DecodeError) as info:
        typeddcm.read(data, strict=True)
    assert problem in str(info.value)
    assert info.value.offset == offset
    if path not in ("top level", "file meta") and "Transfer Syntax" not in problem:
        assert info.value.path == path


def test_a_path_source_is_named(tmp_path: Path) -> None:
    """Read from a path, the warning and the record name the path."""
    data, _, path, offset, _ = ALL_CASES["nested past the end"]
    target = tmp_path / "bad.dcm"
    target.write_bytes(data)
    f, caught = read_caught(target)
    (issued,) = caught
    assert str(issued.message).startswith(f"{target}: ")
    assert f.warnings[0].source == str(target)
    assert f"at {path}, offset {offset}" in str(issued.message)
    assert issued.filename == __file__


def test_records_survive_updates_and_pickling() -> None:
    """A file derived from a read shares its records; a record pickles as itself."""
    data = ALL_CASES["padding"][0]
    f, _ = read_caught(data)
    changed = f.set(0x00100020, "X")
    assert changed.warnings == f.warnings
    again = pickle.loads(pickle.dumps(f.warnings[0]))
    assert type(again) is StructureWarning
    assert str(again) == str(f.warnings[0]) and again.offset == f.warnings[0].offset
    assert DicomFile.new(typeddcm.Dataset().update({0x00080016: "1.2", 0x00080018: "1.3"})
                         ).warnings == ()


def test_warnings_module_filters_by_kind() -> None:
    """The categories filter like any warning: ignoring StructureWarning leaves the records."""
    data = ALL_CASES["padding"][0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", StructureWarning)
        f = typeddcm.read(data)
    assert caught == [] and len(f.warnings) == 1


# --- what can only be found later --------------------------------------------------------------


def test_undecodable_text_warns_on_first_use() -> None:
    """Text is decoded on first use: its warning comes then, at the line asking, names the
    source, path and offset, and joins the file's records (once)."""
    name = element(0x00100010, "PN", b"M\xfcller")  # not UTF-8
    dataset = element(0x00080005, "CS", b"ISO_IR 192") + name
    data = part10_file(dataset)
    f, caught = read_caught(data)
    assert caught == [] and len(f.warnings) == 0
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        value = f.dataset[0x00100010].vr  # decoded here
    (issued,) = later
    assert issued.filename == __file__
    assert isinstance(issued.message, CharacterSetWarning)
    offset = HEADER + len(dataset) - len(name)
    assert issued.message.path == "(0010,0010)" and issued.message.offset == offset
    assert str(issued.message).startswith("<bytes>: ")
    assert list(f.warnings) == [issued.message]
    assert "\ufffd" in str(value)
    _ = f.dataset[0x00100010].vr
    assert len(f.warnings) == 1


@pytest.mark.parametrize("undefined", [False, True])
def test_unchecked_nested_problems_warn_on_first_use(undefined: bool) -> None:
    """check=False skips the walk: read() is silent, and the items' warning comes when they
    are read, at that line, into the same records."""
    data, _, path, offset, _ = ALL_CASES[
        "nested unknown VR" + (" (undefined lengths)" if undefined else "")]
    f, caught = read_caught(data, check=False)
    assert caught == [] and len(f.warnings) == 0
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        items = f.dataset[SQ_TAG].vr.values
    (issued,) = later
    assert issued.filename == __file__
    assert isinstance(issued.message, StructureWarning)
    assert (issued.message.path, issued.message.offset) == (path, offset)
    assert list(f.warnings) == [issued.message] and len(items) == 1


def test_a_clean_file_is_read_lazily() -> None:
    """The check reads nothing for real when nothing is wrong: items stay unread."""
    for name in ("nested_sequences.dcm", "ct_small.dcm"):
        f, caught = read_caught(sample_path(name))
        assert caught == [] and f.warnings == ()
        assert not any(e.is_decoded for e in f.dataset.elements())


def test_a_hundred_nested_sequences_check_without_recursion() -> None:
    """Deep but legal nesting passes the walk (strictly).  Deeper than MAX_DEPTH in
    defined-length sequences is reported by a lenient read (the value raises when asked
    for) and raised by a strict one; undefined lengths are refused by the scan for the
    end, as before."""
    from .test_robustness import nested

    for kind in ("undefined", "defined", "implicit"):
        f, caught = read_caught(nested(kind, 100), strict=True)
        assert f.warnings == () and caught == []
        with pytest.raises(DecodeError, match="nested deeper"):
            typeddcm.read(nested(kind, 200), strict=True)
        if kind != "defined":
            with pytest.raises(DecodeError, match="nested deeper"):
                typeddcm.read(nested(kind, 200))
    deep, caught = read_caught(nested("defined", 200))
    assert [w.message for w in caught] == list(deep.warnings)
    (record,) = deep.warnings
    assert "nested deeper than 128" in record.problem and record.path.startswith("(0008,1115)[0]")
    with pytest.raises(DecodeError, match="nested deeper"):
        touch(deep)


# --- the deflate cap -----------------------------------------------------------------------------


def deflate_bomb(size: int) -> bytes:
    """A deflated-syntax file whose dataset is one element and ``size`` zero bytes."""
    dataset = MODALITY + bytes(size)
    return part10_file(b"", DEFLATED_LE) + _deflate(dataset)


def test_deflate_bomb_is_stopped_at_the_cap() -> None:
    """50 MB of deflated zeros (~50 KB) with a 1 MB cap: a located DecodeError, and memory
    never near the inflated size."""
    data = deflate_bomb(50_000_000)
    assert len(data) < 100_000
    tracemalloc.start()
    try:
        with pytest.raises(DecodeError, match="more than 1000000 bytes") as info:
            typeddcm.read(data, max_inflated_size=1_000_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert info.value.offset is not None and HEADER <= info.value.offset <= len(data)
    with pytest.raises(DecodeError, match="more than"):
        typeddcm.read(data, max_inflated_size=1_000_000, strict=True)


def test_default_cap_is_a_floor_or_a_ratio(monkeypatch: pytest.MonkeyPatch) -> None:
    """The default: the larger of INFLATED_SIZE_FLOOR and INFLATED_SIZE_RATIO x the deflated
    size, read at each call; under it a file inflates as usual."""
    assert part10.inflated_size_cap(1000) == part10.INFLATED_SIZE_FLOOR
    assert part10.inflated_size_cap(10**7) == part10.INFLATED_SIZE_RATIO * 10**7
    assert part10.inflated_size_cap(10**7, 5) == 5
    data = deflate_bomb(2_000_000)
    f, caught = read_caught(data)  # 2 MB is under the floor: read (zeros are padding)
    assert [type(w.message) for w in caught] == [StructureWarning]
    assert f.to_bytes() == data
    monkeypatch.setattr(part10, "INFLATED_SIZE_FLOOR", 1_000_000)
    monkeypatch.setattr(part10, "INFLATED_SIZE_RATIO", 10)
    with pytest.raises(DecodeError, match="deflate bomb"):
        typeddcm.read(data)


def test_inflating_in_chunks_keeps_every_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunked inflation gives the dataset whole, at a chunk boundary too."""
    monkeypatch.setattr(part10, "_INFLATE_CHUNK", 7)
    dataset = MODALITY + element(0x00100010, "PN", b"Doe^John") + PATIENT_ID
    data = part10_file(b"", DEFLATED_LE) + _deflate(dataset)
    f = typeddcm.read(data, max_inflated_size=len(dataset))
    assert f.dataset[0x00100020].vr.value == "ID42" and f.warnings == ()
    with pytest.raises(DecodeError, match="more than"):
        typeddcm.read(data, max_inflated_size=len(dataset) - 1)


# --- random damage ------------------------------------------------------------------------------

NESTED = sample_path("nested_sequences.dcm").read_bytes()
UNDEFINED_NESTED = part10_file(
    MODALITY + sequence(SQ_TAG, item(GOOD_UID + sequence(0x00081199, item(GOOD_UID, undefined=True)
                                                         + item(PATIENT_ID, undefined=True),
                                                         undefined=True), undefined=True)
                        + item(GOOD_UID), undefined=True) + PATIENT_ID, EXPLICIT_LE)


IMPLICIT_NESTED = part10_file(
    implicit(0x00080060, b"CT")
    + implicit(SQ_TAG, item(implicit(0x00081150, b"1.2.3\x00") + implicit(0x00090010, b"ACME")
                            + implicit(0x00091010, b"data") + implicit(0x00100020, b"ID42")))
    + implicit(0x00081199, b"", length=UNDEFINED) + item(implicit(0x00081150, b"1.2\x00"))
    + SEQUENCE_END, IMPLICIT_LE)
ORIGINALS = {"defined": NESTED, "undefined": UNDEFINED_NESTED, "implicit": IMPLICIT_NESTED,
             **{name: sample(name) for name in ("rtplan.dcm", "UN_sequence.dcm",
                                                "nested_priv_SQ.dcm", "chrSQEncoding.dcm")}}


def _structural(f: DicomFile) -> list[str]:
    return [str(w) for w in f.warnings if not isinstance(w, CharacterSetWarning)]


@pytest.mark.parametrize("name", list(ORIGINALS))
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_damage_is_reported_at_read(name: str, data: st.DataObject) -> None:
    """Damaged nested files: read() raises only DicomErrors; each warning it issues is a
    record of the file, issued once, at this line; reading every value afterwards finds
    no structural problem read() did not report; a strict read that succeeds has nothing
    left to raise."""
    mutated = data.draw(damaged(ORIGINALS[name]))
    try:
        f, caught = read_caught(mutated)
    except DicomError:
        return
    assert [w.message for w in caught] == list(f.warnings)
    assert all(w.filename == __file__ for w in caught)
    before = _structural(f)
    failure = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            touch(f)
        except DicomError as exc:  # raised on access, and recorded by read() (lenient)
            failure = str(exc)
    assert not failure or "nested deeper" in failure or "cannot decode" in failure
    assert _structural(f) == before
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            strict = typeddcm.read(mutated, strict=True)
        except DicomError:
            return
        touch(strict)



# --- the size limit of the read-time check ---------------------------------------------------


def _sequence_file(items: int) -> bytes:
    """A file whose Referenced Series Sequence has ``items`` items, the last one holding
    an element with an unknown VR code ('ZZ'), which the reader reports."""
    from typeddcm import Dataset, keys
    from typeddcm.vr import SQ

    item = Dataset().set(keys.SeriesDescription, "a series of sixteen!")
    last = Dataset().set(keys.SeriesDescription, "THE DAMAGED ONE!!!!!")
    ds = Dataset().update([(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7"),
                           (keys.SOPInstanceUID, "1.2.3.4"),
                           (keys.ReferencedSeriesSequence, SQ([item] * (items - 1) + [last]))])
    data = DicomFile.new(ds).to_bytes()
    at = data.index(b"THE DAMAGED ONE") - 4  # the VR bytes of its header
    assert data[at : at + 2] == b"LO"
    return data[:at] + b"ZZ" + data[at + 2 :]


def test_sequences_over_the_check_limit_are_checked_when_read() -> None:
    """A defined-length sequence above CHECK_SIZE_LIMIT (per-frame functional groups) is
    not walked by read(); its problems are reported when its items are first read, still
    naming the source and path, and kept in the same file's warnings."""
    from typeddcm.codec.reader import CHECK_SIZE_LIMIT

    small, caught = read_caught(_sequence_file(3))
    assert len(caught) == 1 and "unknown VR 'ZZ'" in str(caught[0].message)
    big_data = _sequence_file(CHECK_SIZE_LIMIT // 20)
    assert len(big_data) > CHECK_SIZE_LIMIT
    big, caught = read_caught(big_data)
    assert caught == [] and not list(big.warnings)
    with warnings.catch_warnings(record=True) as later:
        warnings.simplefilter("always")
        _ = big.dataset[0x00081115].vr  # the items are read now
    assert len(later) == 1 and later[0].filename == __file__
    message = str(later[0].message)
    assert message.startswith("<bytes>: unknown VR 'ZZ'") and "(0008,1115)[" in message
    assert list(big.warnings) == [later[0].message]
    assert [w.problem for w in small.warnings] == [w.problem for w in big.warnings]

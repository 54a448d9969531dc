"""Bad input gives a typed, located error or what could be read, never a crash.

The promise under test: damaged, hostile or non-DICOM bytes raise a ``DicomError``
(``DecodeError`` with ``.offset`` and ``.path``; ``InvalidDicomError`` for input that
is not DICOM at all) or read leniently with a ``DicomWarning``; ``strict=True`` turns
each leniency into a ``DecodeError``; no length field causes an allocation of its
size; nesting depth is bounded without recursion errors; and a file the reader
accepts writes back byte for byte with ``to_bytes(like_original=True)``.
"""

from __future__ import annotations

import contextlib
import io
import random
import struct
import sys
import threading
import tracemalloc
import warnings
import zlib
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DecodeError, DicomError, DicomFile, DicomWarning, InvalidDicomError
from typeddcm.codec.reader import Origin, RawValue
from typeddcm.vr import SQ, AnyVR

pydicom = pytest.importorskip("pydicom")

# Small files that between them hold every structure the reader knows: explicit and
# implicit VR, big endian, nested and private sequences, UN sequences, encapsulated
# pixel data, a deflated dataset, character sets changing inside items.
NAMES = ("CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm", "JPEG2000.dcm",
         "image_dfl.dcm", "chrSQEncoding.dcm", "UN_sequence.dcm", "nested_priv_SQ.dcm")

EXPLICIT_LE = b"1.2.840.10008.1.2.1\x00"
IMPLICIT_LE = b"1.2.840.10008.1.2\x00"
ITEM = b"\xfe\xff\x00\xe0"
ITEM_END = b"\xfe\xff\x0d\xe0\x00\x00\x00\x00"
SEQUENCE_END = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
UNDEFINED = 0xFFFFFFFF
LONG = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})
HUGE = 0xFFFFFFF0


@cache
def sample(name: str) -> bytes:
    """The bytes of one of pydicom's test files."""
    if name == "chrSQEncoding.dcm":
        path = pydicom.data.get_charset_files(name)[0]
    else:
        path = pydicom.data.get_testdata_file(name)
    return Path(path).read_bytes()


# --- building files by hand (explicit VR little endian unless said) -------------------


def element(tag: int, vr: str, value: bytes, *, length: int | None = None) -> bytes:
    """One explicit VR little endian element; ``length`` overrides the true length."""
    size = len(value) if length is None else length
    if vr in LONG:
        return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), size) + value


def implicit(tag: int, value: bytes, *, length: int | None = None) -> bytes:
    """One implicit VR little endian element."""
    size = len(value) if length is None else length
    return struct.pack("<HHI", tag >> 16, tag & 0xFFFF, size) + value


def item(body: bytes, *, undefined: bool = False) -> bytes:
    if undefined:
        return ITEM + struct.pack("<I", UNDEFINED) + body + ITEM_END
    return ITEM + struct.pack("<I", len(body)) + body


def sequence(tag: int, items: bytes, *, undefined: bool = False) -> bytes:
    if undefined:
        return element(tag, "SQ", items + SEQUENCE_END, length=UNDEFINED)
    return element(tag, "SQ", items)


def header(syntax: bytes = EXPLICIT_LE) -> bytes:
    """Preamble, DICM and a minimal file meta group naming ``syntax``."""
    meta = element(0x00020010, "UI", syntax)
    return b"\x00" * 128 + b"DICM" + element(0x00020000, "UL", struct.pack("<I", len(meta))) + meta


def part10_file(dataset: bytes, syntax: bytes = EXPLICIT_LE) -> bytes:
    """A Part 10 file holding ``dataset``."""
    return header(syntax) + dataset


# --- what every test checks -------------------------------------------------------------


def walk(ds: Dataset, path: str = "") -> Iterator[tuple[str, AnyVR]]:
    """Every value, depth first, with its path; iterative, so depth costs no stack."""
    stack: list[tuple[str, Iterator[typeddcm.Element]]] = [(path, ds.elements())]
    while stack:
        where, elements = stack[-1]
        elem = next(elements, None)
        if elem is None:
            stack.pop()
            continue
        vr = elem.vr
        here = f"{where}{elem.tag}"
        yield here, vr
        if isinstance(vr, SQ):
            for index, child in reversed(list(enumerate(vr.values))):
                stack.append((f"{here}[{index}]", child.elements()))


def items_of(ds: Dataset, tag: int) -> Sequence[Dataset]:
    """The items of sequence ``tag`` in ``ds``."""
    vr = ds[tag].vr
    assert isinstance(vr, SQ)
    return vr.values


def touch(f: DicomFile) -> None:
    """Decode every value of a file, and use it: values, text, repr."""
    for ds in (f.meta, f.dataset):
        for _, vr in walk(ds):
            _ = vr.values
            if not isinstance(vr, SQ):
                str(vr)
                repr(vr)


def read_all(data: bytes, *, strict: bool = False) -> DicomFile:
    """Read and touch every value, warnings ignored; errors propagate."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        f = typeddcm.read(data, strict=strict)
        touch(f)
    return f


def read(data: bytes, *, strict: bool = False, force: bool = False) -> DicomFile | None:
    """Read and touch everything: None for a DicomError, the file otherwise.

    Any other exception fails the test.  A file that reads must write back exactly.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        try:
            f = typeddcm.read(data, strict=strict, force=force)
        except DicomError:
            return None
        # A value that cannot be decoded says so when touched: still typed.
        with contextlib.suppress(DicomError):
            touch(f)
        assert f.to_bytes(like_original=True) == data, "the file does not write back as read"
    return f


# --- 1. every prefix of valid files -------------------------------------------------------


def boundaries(f: DicomFile) -> set[int]:
    """Offsets (in the input) of every element and item edge, at every level."""
    found: set[int] = set()
    if f.source is not None and f.source.compressed is not None:
        return found  # the dataset's offsets are in the inflated bytes
    pending = [f.meta, f.dataset]
    while pending:
        ds = pending.pop()
        origin = ds._origin
        if isinstance(origin, Origin):
            found |= {origin.start, origin.body_start, origin.body_end, origin.end}
        for elem in ds.elements():
            raw = elem._raw
            if isinstance(raw, RawValue):
                found |= {raw.start, raw.value_start, raw.value_end, raw.end}
            if isinstance(elem.vr, SQ):
                pending.extend(elem.vr.values)
    return found


def cut_points(data: bytes, f: DicomFile) -> list[int]:
    """Every cut of a small file; of a large one the first 400 bytes, a stride, and
    two bytes either side of every element and item edge."""
    if len(data) <= 6000:
        return list(range(len(data)))
    cuts = set(range(400)) | set(range(400, len(data), 97))
    for edge in boundaries(f):
        cuts |= set(range(edge - 2, edge + 3))
    return sorted(c for c in cuts if 0 <= c < len(data))


def dataset_span(data: bytes, f: DicomFile) -> tuple[int, int, set[int]]:
    """Where the dataset starts and ends in the input, and its top-level element starts."""
    source = f.source
    start = source.dataset_start
    if source.compressed is not None:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        inflater.decompress(data[start:])
        return start, len(data) - len(inflater.unused_data), set()
    tops = {e._raw.start for e in f.dataset.elements() if isinstance(e._raw, RawValue)}
    return start, len(data), tops


@pytest.mark.parametrize("name", NAMES)
def test_every_prefix(name: str) -> None:
    """Each prefix reads (touching every value, writing back exactly) or raises a DicomError;
    strict mode refuses a prefix that cuts the dataset short."""
    data = sample(name)
    whole = read(data)
    assert whole is not None
    start, end, tops = dataset_span(data, whole)
    for n in cut_points(data, whole):
        prefix = data[:n]
        read(prefix)
        if n < 132:
            with pytest.raises(InvalidDicomError):
                typeddcm.read(prefix)
        strict = read(prefix, strict=True)
        if start < n < end and n not in tops:
            assert strict is None, f"strict read accepted {name} cut at {n}"
            with pytest.raises(DecodeError):
                read_all(prefix, strict=True)


def test_truncation_warns_and_keeps_what_was_read() -> None:
    """A file cut inside a value gives the elements before it, the partial value and a warning."""
    data = sample("rtplan.dcm")
    whole = read(data)
    assert whole is not None
    last = list(whole.dataset.elements())[-1]
    assert isinstance(last._raw, RawValue)
    cut = last._raw.value_start + 3
    with pytest.warns(DicomWarning, match="runs past the end"):
        f = typeddcm.read(data[:cut])
    assert list(f.dataset)[:-1] == list(whole.dataset)[:-1]
    assert f.to_bytes() == data[:cut]


# --- 2. random damage -----------------------------------------------------------------------

SPECIAL = [b"\xff\xff\xff\xff", b"\xf0\xff\xff\xff", ITEM, ITEM_END[:4], SEQUENCE_END[:4],
           b"SQ\x00\x00", b"UN\x00\x00", b"OB\x00\x00", b"NO", b"\x00\x00\x00\x00", b"\\"]


@st.composite
def damaged(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` with a few bytes flipped, overwritten (with bytes that mean something to
    the reader: undefined lengths, delimiters, VR codes) or removed, perhaps truncated."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        # Most structure is in the first few kilobytes; pixel data is bulk.
        last = len(out) - 1
        pos = draw(st.integers(0, min(last, 4095)) | st.integers(0, last))
        kind = draw(st.sampled_from(["flip", "byte", "special", "delete"]))
        if kind == "flip":
            out[pos] ^= 1 << draw(st.integers(0, 7))
        elif kind == "byte":
            out[pos] = draw(st.sampled_from([0x00, 0xFF, 0xFE, 0xE0, 0xDD, 0x0D, 0x20, 0x5C])
                            | st.integers(0, 255))
        elif kind == "special":
            word = draw(st.sampled_from(SPECIAL))
            pos -= pos % 2  # where tags, VRs and lengths sit
            out[pos : pos + len(word)] = word
        else:
            del out[pos : pos + draw(st.sampled_from([1, 2, 4, 8, 12]))]
    if draw(st.booleans()):
        del out[draw(st.integers(0, len(out))) :]  # and cut short too
    return bytes(out)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=100, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_damage(name: str, data: st.DataObject) -> None:
    """Damaged bytes read (every value touched, written back exactly) or raise a DicomError,
    leniently and strictly."""
    mutated = data.draw(damaged(sample(name)))
    read(mutated)
    read(mutated, strict=True)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(noise=st.binary(min_size=0, max_size=300), dicm=st.booleans())
def test_random_bytes_with_force(noise: bytes, dicm: bool) -> None:
    """Arbitrary bytes read as a bare dataset either read or raise a DicomError."""
    data = (b"DICM" + noise) if dicm else noise
    read(data, force=True)
    read(data, force=True, strict=True)


# --- 3. lengths larger than the data ----------------------------------------------------------

BEFORE = element(0x00080060, "CS", b"CT")


@pytest.mark.parametrize(
    ("vr", "tag", "path"),
    [("UT", 0x00104000, "(0010,4000)"), ("OB", 0x00091010, "(0009,1010)"),
     ("UN", 0x00111010, "(0011,1010)"), ("OW", 0x7FE00010, "(7FE0,0010)"),
     ("SQ", 0x00081115, "(0008,1115)"), ("FD", 0x00189087, "(0018,9087)")])
def test_huge_length_is_not_allocated(vr: str, tag: int, path: str) -> None:
    """A length of 0xFFFFFFF0 with a few bytes behind it: no allocation near that size;
    lenient keeps the bytes there with a warning, strict names the element."""
    value = b"\x01\x02\x03\x04\x05\x06\x07\x08"
    dataset = BEFORE + element(tag, vr, value, length=HUGE if vr in LONG else 0xFFFF)
    data = part10_file(dataset)
    offset = len(header()) + len(BEFORE)
    tracemalloc.start()
    try:
        with warnings.catch_warnings(record=True) as caught:  # an SQ's items warn too
            warnings.simplefilter("always")
            f = typeddcm.read(data)
        assert any("runs past the end" in str(w.message) for w in caught)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DicomWarning)  # the SQ's bytes are not items
            touch(f)
        written = f.to_bytes()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 10_000_000
    assert written == data
    assert tag in f.dataset and 0x00080060 in f.dataset
    raw = f.dataset[tag]._raw
    assert isinstance(raw, RawValue) and bytes(raw.level.buffer[raw.value_start : raw.value_end]) == value
    with pytest.raises(DecodeError) as info:
        typeddcm.read(data, strict=True)
    assert (info.value.offset, info.value.path, info.value.tag) == (offset, path, tag)


def test_huge_item_length() -> None:
    """An item claiming 0xFFFFFFF0 bytes: its elements are read up to the end of the data."""
    body = element(0x00081150, "UI", b"1.2.3\x00")
    dataset = element(0x00081115, "SQ", ITEM + struct.pack("<I", HUGE) + body, length=UNDEFINED)
    data = part10_file(dataset)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = typeddcm.read(data)  # the items are checked at read time: both warnings now
    assert [w.message for w in caught] == list(f.warnings)
    assert [w.problem for w in f.warnings] == [
        "sequence delimiter missing (data truncated?)",
        "item length 4294967280 runs past its sequence"]
    (only,) = items_of(f.dataset, 0x00081115)
    assert len(f.warnings) == 2
    assert str(only[0x00081150].vr) == "1.2.3"
    assert f.to_bytes() == data
    with pytest.raises(DecodeError):
        typeddcm.read(data, strict=True)


def test_huge_implicit_length() -> None:
    """Implicit VR: a length of 0xFFFFFFF0 on a text element is a warning, not an allocation."""
    dataset = implicit(0x00100010, b"Doe^John") + implicit(0x00104000, b"abcd", length=HUGE)
    data = part10_file(dataset, IMPLICIT_LE)
    with pytest.warns(DicomWarning, match="runs past the end"):
        f = typeddcm.read(data)
    assert f.dataset[0x00104000].vr.values == ("abcd",)
    assert f.to_bytes() == data


# --- 4. deep nesting --------------------------------------------------------------------------

NESTED = 0x00081115


def nested_undefined(depth: int, *, explicit: bool = True) -> bytes:
    """``depth`` undefined-length sequences, each in an undefined-length item of the last."""
    opening = (element(NESTED, "SQ", b"", length=UNDEFINED) if explicit
               else implicit(NESTED, b"", length=UNDEFINED))
    opened = opening + ITEM + struct.pack("<I", UNDEFINED)
    leaf = element(0x00081150, "UI", b"1.2\x00") if explicit else implicit(0x00081150, b"1.2\x00")
    return opened * depth + leaf + (ITEM_END + SEQUENCE_END) * depth


def nested_defined(depth: int) -> bytes:
    """``depth`` defined-length sequences, each in a defined-length item of the last."""
    leaf = element(0x00081150, "UI", b"1.2\x00")
    parts = []
    for level in range(depth):
        inner = 20 * (depth - level - 1) + len(leaf)  # what the item holds
        parts.append(element(NESTED, "SQ", b"", length=inner + 8) + ITEM + struct.pack("<I", inner))
    return b"".join(parts) + leaf


def nested(kind: str, depth: int) -> bytes:
    """A Part 10 file of ``depth`` nested sequences of one kind."""
    if kind == "defined":
        return part10_file(nested_defined(depth))
    if kind == "implicit":
        return part10_file(nested_undefined(depth, explicit=False), IMPLICIT_LE)
    return part10_file(nested_undefined(depth))


@pytest.mark.parametrize("kind", ["undefined", "defined", "implicit"])
def test_ten_thousand_nested_sequences(kind: str) -> None:
    """10,000 nested sequences are refused with a DecodeError (not a RecursionError)."""
    data = nested(kind, 10_000)
    for strict in (False, True):
        with pytest.raises(DecodeError, match="nested deeper") as info:
            read_all(data, strict=strict)
        assert info.value.path.startswith("(0008,1115)")


@pytest.mark.parametrize("kind", ["undefined", "defined", "implicit"])
def test_hundred_nested_sequences(kind: str) -> None:
    """100 nested sequences read strictly, every value reachable, and write back exactly."""
    data = nested(kind, 100)
    f = typeddcm.read(data, strict=True)
    paths = [path for path, _ in walk(f.dataset)]
    assert len(paths) == 101
    assert paths[-1] == "(0008,1115)[0]" * 100 + "(0008,1150)"
    assert f.to_bytes() == data


# --- 5. errors name the place ---------------------------------------------------------------


@pytest.mark.parametrize("undefined_sequence", [False, True])
def test_error_inside_an_item_names_its_path_and_offset(undefined_sequence: bool) -> None:
    """An element running past the end of item 0: strict names (0008,1115)[0](0008,1150) and
    the offset of its header; lenient warns with the same place and keeps the rest."""
    bad = element(0x00081150, "UI", b"1.2.3\x00", length=40)
    good = element(0x00081155, "UI", b"1.2.4\x00")
    dataset = element(0x00080060, "CS", b"CT") + sequence(
        0x00081115, item(bad) + item(good), undefined=undefined_sequence)
    data = part10_file(dataset)
    offset = len(header()) + 10 + 12 + 8  # CS element, SQ header, item header
    assert data[offset : offset + 4] == b"\x08\x00\x50\x11"

    f = typeddcm.read(data, strict=True, check=False)  # unchecked: read when its item is
    with pytest.raises(DecodeError) as info:
        touch(f)
    with pytest.raises(DecodeError) as checked:  # checked (the default): read() raises
        typeddcm.read(data, strict=True)
    for err in (info.value, checked.value):
        assert err.path.startswith("(0008,1115)[0]")
        assert err.path == "(0008,1115)[0](0008,1150)"
        assert err.offset == offset
        assert err.tag == 0x00081150
        assert "(0008,1115)[0](0008,1150)" in str(err) and f"offset {offset}" in str(err)

    with pytest.warns(DicomWarning, match=rf"\(0008,1115\)\[0\]\(0008,1150\), offset {offset}"):
        lenient = typeddcm.read(data)
    items = items_of(lenient.dataset, 0x00081115)
    assert str(items[0][0x00081150].vr) == "1.2.3"
    assert str(items[1][0x00081155].vr) == "1.2.4"
    assert lenient.to_bytes() == data


def test_error_at_top_level_has_no_item_path() -> None:
    """A bad header at the top level: the path is the tag alone, the offset its header's."""
    dataset = element(0x00080060, "CS", b"CT") + element(0x00100010, "PN", b"Doe", length=99)
    data = part10_file(dataset)
    with pytest.raises(DecodeError) as info:
        typeddcm.read(data, strict=True)
    assert (info.value.path, info.value.offset) == ("(0010,0010)", len(header()) + 10)


# --- 6. not DICOM at all ----------------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
TEXT = b"This is a plain text file.\nIt is not a DICOM file at all.\n" * 4


@pytest.mark.parametrize("data", [b"", bytes(random.Random(10).randrange(256) for _ in range(10)),
                                  PNG, TEXT, b"\x00" * 132, b"DICM"[:3]],
                         ids=["empty", "random10", "png", "text", "zeros", "short"])
def test_not_dicom(data: bytes, tmp_path: Path) -> None:
    """Non-DICOM input is an InvalidDicomError (bytes, path or file object); with force it
    reads as a bare dataset (possibly empty) or raises a DicomError, nothing else."""
    with pytest.raises(InvalidDicomError) as info:
        typeddcm.read(data)
    assert info.value.offset is not None
    path = tmp_path / "input.dcm"
    path.write_bytes(data)
    with pytest.raises(InvalidDicomError):
        typeddcm.read(path)
    with pytest.raises(InvalidDicomError):
        typeddcm.read(io.BytesIO(data))
    for strict in (False, True):
        read(data, force=True, strict=strict)


# --- charset terms Python cannot use as a text codec ------------------------------------------


@pytest.mark.parametrize("term", [
    b"zlib", b"bz2 ", b"hex ", b"base64", b"idna", b"rot13 ", b"undefined ",
    b"ISO_IR\x00100"])
def test_character_set_naming_no_text_codec(term: bytes) -> None:
    """A Specific Character Set naming a codec that cannot decode text (or holding a NUL)
    reads, or at worst gives a DecodeError for the values it affects."""
    dataset = (element(0x00080005, "CS", term) + element(0x00100010, "PN", b"\xff\xfeab")
               + element(0x00100020, "LO", b"12"))
    data = part10_file(dataset)
    for strict in (False, True):
        read(data, strict=strict)


@pytest.mark.parametrize("vr", ["LO", "US", "SQ", "OB", "AT"])
def test_character_set_with_a_wrong_vr_writes_back(vr: str) -> None:
    """(0008,0005) with another VR than CS still sets the character set, and writes back."""
    dataset = element(0x00080005, vr, b"ISO_IR 192") + element(
        0x00100010, "PN", "Müller^Jürgen".encode())
    data = part10_file(dataset)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        f = typeddcm.read(data)
        assert str(f.dataset[0x00100010].vr) == "Müller^Jürgen"
        assert f.to_bytes() == data


def test_repeated_character_set_first_wins() -> None:
    """A repeated (0008,0005): the first is kept and decodes the level, and the file writes back."""
    dataset = (element(0x00080005, "CS", b"ISO_IR 192") + element(0x00100010, "PN", "Müller".encode())
               + element(0x00080005, "CS", b"ISO_IR 100"))
    data = part10_file(dataset)
    with pytest.warns(DicomWarning, match="out of ascending tag order"):
        f = typeddcm.read(data)
    assert str(f.dataset[0x00100010].vr) == "Müller"
    assert str(f.dataset[0x00080005].vr) == "ISO_IR 192"
    assert f.to_bytes() == data
    with pytest.raises(DecodeError):
        typeddcm.read(data, strict=True)


# --- 7. threads ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["rtplan.dcm", "chrSQEncoding.dcm", "UN_sequence.dcm"])
def test_threads_decode_each_value_once(name: str) -> None:
    """8 threads touching every value of a fresh dataset at once see the same objects."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DicomWarning)
        f = typeddcm.read(sample(name), check=False)  # a check may read a sequence
    assert not any(elem.is_decoded for elem in f.dataset.elements())
    start = threading.Barrier(8)
    seen: list[list[tuple[str, AnyVR]]] = [[] for _ in range(8)]
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            start.wait()
            seen[index] = list(walk(f.dataset))
        except BaseException as exc:  # re-raised in the main thread
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible
    try:
        # catch_warnings is not thread-safe: one around all the threads.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DicomWarning)
            threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert not errors, errors
    first = seen[0]
    assert len(first) > 5
    for other in seen[1:]:
        assert [p for p, _ in other] == [p for p, _ in first]
        assert all(a is b for (_, a), (_, b) in zip(other, first, strict=True))
        assert [repr(v) for _, v in other] == [repr(v) for _, v in first]

"""Tests for typeddcm.codec.encaps: items, fragments, frames, encapsulation (PS3.5 A.4)."""

from __future__ import annotations

import struct
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeddcm.codec.encaps import (
    basic_offset_table,
    defragment,
    encapsulate,
    encapsulate_extended,
    fragments,
    frames,
    itemise_fragment,
    itemise_frame,
    read_item,
)
from typeddcm.errors import DecodeError, EncodeError

frame_lists = st.lists(st.binary(min_size=0, max_size=300), min_size=0, max_size=5)
ITEM = b"\xfe\xff\x00\xe0"
DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"


def item(value: bytes) -> bytes:
    """One item holding ``value`` as it stands (no padding)."""
    return ITEM + struct.pack("<I", len(value)) + value


def padded(frame: bytes) -> bytes:
    """``frame`` as it comes back: odd lengths carry one NUL pad (PS3.5 cannot tell)."""
    return frame + b"\x00" * (len(frame) % 2)


def fits(frame_list: list[bytes], per_frame: int) -> bool:
    """Whether every frame can be cut into ``per_frame`` fragments of at least 2 bytes."""
    return all(per_frame <= max(1, (len(f) + 1) // 2) for f in frame_list)


def item_lengths(data: bytes) -> list[int]:
    """The length of every item in ``data``, BOT included."""
    lengths: list[int] = []
    offset = 0
    while offset < len(data):
        value, offset = read_item(data, offset)
        lengths.append(len(value))
    return lengths


# -- reading items ---------------------------------------------------------------------


def test_read_item_both_directions() -> None:
    """An item reads back as its value and the offset after it, as a view."""
    data = item(b"ab") + item(b"cdef")
    value, after = read_item(data, 0)
    assert (bytes(value), after) == (b"ab", 10)
    value, after = read_item(data, after)
    assert (bytes(value), after) == (b"cdef", 22)
    assert isinstance(value, memoryview)
    assert itemise_fragment(b"ab") == data[:10]


@pytest.mark.parametrize(
    ("data", "offset", "text"),
    [
        (b"\xfe\xff\x00\xe0\x02\x00", 0, "cut short"),
        (b"\xfe\xff\xdd\xe0\x00\x00\x00\x00", 0, "expected an item"),
        (b"\xfe\xff\x00\xe0\xff\xff\xff\xff", 0, "undefined length"),
        (b"\xfe\xff\x00\xe0\x00\x00\x00\x10ab", 0, "runs past"),
        (item(b"ab") + b"\xfe\xff", 10, "cut short"),
    ],
)
def test_read_item_errors(data: bytes, offset: int, text: str) -> None:
    """A short header, a wrong tag, an undefined length or a long length is a DecodeError."""
    with pytest.raises(DecodeError, match=text) as caught:
        read_item(data, offset)
    assert caught.value.offset == offset


def test_basic_offset_table() -> None:
    """The BOT gives its offsets and where the first fragment item starts."""
    data = item(struct.pack("<2I", 0, 10)) + item(b"ab") + item(b"cd")
    assert basic_offset_table(data) == ([0, 10], 16)
    assert basic_offset_table(item(b"") + item(b"ab")) == ([], 8)


def test_basic_offset_table_errors() -> None:
    """A first item that is not an item, or a BOT length not a multiple of 4, is a DecodeError."""
    with pytest.raises(DecodeError, match="Basic Offset Table"):
        basic_offset_table(b"\xe0\x7f\x10\x00\x00\x00\x00\x00")
    with pytest.raises(DecodeError, match="multiple of 4"):
        basic_offset_table(item(b"\x00\x00"))
    with pytest.raises(DecodeError):
        basic_offset_table(b"")


def test_fragments_stop_at_delimiter() -> None:
    """Fragments end at a sequence delimiter; what follows it is not read."""
    data = item(b"") + item(b"ab") + item(b"cdef") + DELIMITER + b"junk"
    assert [bytes(f) for f in fragments(data)] == [b"ab", b"cdef"]
    assert defragment(data) == b"abcdef"


def test_frames_one_fragment_is_a_view() -> None:
    """A frame made of one fragment is a memoryview into the input, not a copy."""
    data = bytearray(encapsulate([b"abcd", b"efgh"]))
    got = frames(data, 2)
    assert isinstance(got[0], memoryview)
    data[-1] = ord("X")
    assert bytes(got[1]) == b"efgX"


def test_frames_split_at_markers() -> None:
    """Without any table, JPEG SOI / J2K SOC / JP2 signatures at fragment starts split frames."""
    jpeg = [b"\xff\xd8ab", b"cd", b"\xff\xd8ef"]
    j2k = [b"\xff\x4f\xff\x51xy", b"zz", b"\xff\x4f\xff\x51uv", b"ww"]
    jp2 = [b"\x00\x00\x00\x0cjP  \r\n\x87\nab", b"cd", b"\x00\x00\x00\x0cjP  \r\n\x87\nef", b"gh"]
    for parts, expected in (
        (jpeg, [b"\xff\xd8abcd", b"\xff\xd8ef"]),
        (j2k, [b"\xff\x4f\xff\x51xyzz", b"\xff\x4f\xff\x51uvww"]),
        (jp2, [jp2[0] + jp2[1], jp2[2] + jp2[3]]),
    ):
        data = item(b"") + b"".join(item(p) for p in parts)
        assert [bytes(f) for f in frames(data, 2)] == expected


def test_frames_count_mismatch() -> None:
    """Fragments that no rule can split into the asked number of frames give a DecodeError."""
    data = item(b"") + item(b"ab") + item(b"cd") + item(b"ef")
    with pytest.raises(DecodeError, match="3 fragments into 2 frames"):
        frames(data, 2)
    with pytest.raises(DecodeError, match="negative"):
        frames(data, -1)
    assert frames(data, 3) == [b"ab", b"cd", b"ef"]
    assert frames(data, 1) == [b"abcdef"]


def test_frames_bad_bot() -> None:
    """A BOT offset that does not start an item is a DecodeError."""
    data = item(struct.pack("<2I", 0, 4)) + item(b"ab") + item(b"cd")
    with pytest.raises(DecodeError, match="does not start"):
        frames(data, 2)


def test_frames_bad_extended_tables() -> None:
    """Extended Offset Table values of the wrong size or count are a DecodeError."""
    data, offsets, lengths = encapsulate_extended([b"ab", b"cd"])
    with pytest.raises(DecodeError, match="multiple of 8"):
        frames(data, 2, extended_offsets=offsets[:-1], extended_lengths=lengths)
    with pytest.raises(DecodeError, match="2 offsets and 2 lengths for 3"):
        frames(data, 3, extended_offsets=offsets, extended_lengths=lengths)
    with pytest.raises(DecodeError, match="both"):
        frames(data, 2, extended_offsets=offsets)
    with pytest.raises(DecodeError):
        frames(data, 2, extended_offsets=[0, 1000], extended_lengths=[2, 2])
    assert frames(data, 2, extended_offsets=[0, 10], extended_lengths=[2, 2]) == [b"ab", b"cd"]


def test_itemise_frame_errors() -> None:
    """Too many fragments for a frame, or fewer than one, is an EncodeError at the call."""
    with pytest.raises(EncodeError, match="too many"):
        itemise_frame(b"abc", 3)
    with pytest.raises(EncodeError, match="at least 1"):
        itemise_frame(b"abc", 0)
    assert list(itemise_frame(b"", 1)) == [item(b"")]
    assert list(itemise_frame(b"abcde", 3)) == [item(b"ab"), item(b"cd"), item(b"e\x00")]


# -- properties --------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(frame_lists, st.integers(1, 4), st.booleans())
def test_encapsulate_roundtrip(frame_list: list[bytes], per_frame: int, with_bot: bool) -> None:
    """frames(encapsulate(f)) gives f back (odd frames with their pad), every item even."""
    if not fits(frame_list, per_frame):
        with pytest.raises(EncodeError):
            encapsulate(frame_list, fragments_per_frame=per_frame, with_bot=with_bot)
        return
    data = encapsulate(frame_list, fragments_per_frame=per_frame, with_bot=with_bot)
    assert all(length % 2 == 0 for length in item_lengths(data))
    nr_fragments = len(fragments(data))
    assert nr_fragments == len(frame_list) * per_frame
    assert defragment(data) == b"".join(padded(f) for f in frame_list)
    if with_bot or per_frame == 1 or len(frame_list) <= 1:
        got = frames(data, len(frame_list))
        assert [bytes(f) for f in got] == [padded(f) for f in frame_list]
    else:
        # No table and several fragments per frame: nothing tells where frames start.
        with pytest.raises(DecodeError):
            frames(data, len(frame_list))


@settings(max_examples=300, deadline=None)
@given(frame_lists)
def test_encapsulate_extended_roundtrip(frame_list: list[bytes]) -> None:
    """frames() with the Extended Offset Table values gives the (padded) frames back."""
    data, offsets, lengths = encapsulate_extended(frame_list)
    assert basic_offset_table(data) == ([], 8)
    assert all(length % 2 == 0 for length in item_lengths(data))
    got = frames(data, len(frame_list), extended_offsets=offsets, extended_lengths=lengths)
    assert [bytes(f) for f in got] == [padded(f) for f in frame_list]


@settings(max_examples=200, deadline=None)
@given(frame_lists, st.integers(1, 4), st.booleans(), st.data())
def test_damaged_data_is_decode_error(
    frame_list: list[bytes], per_frame: int, with_bot: bool, data: st.DataObject
) -> None:
    """Data cut inside an item, a wrong item tag or a huge item length raise DecodeError.

    (A cut between two items leaves well-formed data with fewer fragments.)
    """
    if not fits(frame_list, per_frame):
        return
    good = encapsulate(frame_list, fragments_per_frame=per_frame, with_bot=with_bot)
    starts = [0]
    while starts[-1] < len(good):
        starts.append(read_item(good, starts[-1])[1])
    inside = [i for i in range(len(good)) if i not in starts]
    cut = data.draw(st.sampled_from(inside))
    where = data.draw(st.sampled_from(starts[:-1]))
    wrong_tag = good[:where] + b"\xfe\xff\x0d\xe0" + good[where + 4 :]
    huge = good[: where + 4] + b"\xfe\xff\xff\x7f" + good[where + 8 :]
    for damaged in (good[:cut], wrong_tag, huge):
        with pytest.raises(DecodeError):
            fragments(damaged)
        with pytest.raises(DecodeError):
            frames(damaged, len(frame_list))


# -- pydicom oracle ----------------------------------------------------------------------


pydicom = pytest.importorskip("pydicom")
from pydicom import encaps as pydicom_encaps  # noqa: E402

from tests.codec.pydicom_files import read_with_pydicom, wheel_files  # noqa: E402


def pydicom_defined(output: bytes, frame_list: list[bytes]) -> bool:
    """Whether pydicom's encapsulation is sound: items of 2+ even bytes holding the padded frames."""
    try:
        lengths = item_lengths(output)[1:]
        return all(n % 2 == 0 and n >= 2 for n in lengths) and defragment(output) == b"".join(
            padded(f) for f in frame_list
        )
    except DecodeError:
        return False


@settings(max_examples=300, deadline=None)
@given(frame_lists, st.integers(1, 4), st.booleans())
def test_encapsulate_matches_pydicom(
    frame_list: list[bytes], per_frame: int, with_bot: bool
) -> None:
    """Our bytes equal pydicom.encaps.encapsulate's wherever pydicom's output is sound."""
    try:
        theirs: bytes = pydicom_encaps.encapsulate(frame_list, per_frame, with_bot)
    except ValueError:
        return  # pydicom refuses (empty frames, too many fragments)
    if not pydicom_defined(theirs, frame_list):
        return
    assert encapsulate(frame_list, fragments_per_frame=per_frame, with_bot=with_bot) == theirs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=300), min_size=1, max_size=5))
def test_encapsulate_extended_matches_pydicom(frame_list: list[bytes]) -> None:
    """Our Extended Offset Table encapsulation equals pydicom's (which fails on zero frames)."""
    assert encapsulate_extended(frame_list) == pydicom_encaps.encapsulate_extended(frame_list)


def test_pydicom_split_is_kept_where_sound() -> None:
    """Where pydicom's fragment_frame is unsound (odd or empty pieces) we split evenly instead."""
    frame = bytes(range(15))
    pieces = [len(read_item(i)[0]) for i in itemise_frame(frame, 5)]
    assert pieces == [4, 4, 4, 2, 2]
    pieces = [len(read_item(i)[0]) for i in itemise_frame(bytes(12), 4)]
    assert pieces == [4, 4, 2, 2]


def _encapsulated_files() -> list[Path]:
    found: list[Path] = []
    for path in wheel_files():
        ds = read_with_pydicom(path)
        if ds is None or "PixelData" not in ds:
            continue
        uid = ds.file_meta.get("TransferSyntaxUID")
        if uid is not None and uid.is_encapsulated:
            found.append(path)
    return found


ENCAPSULATED = _encapsulated_files()


def test_some_encapsulated_files() -> None:
    """The oracle has encapsulated files to compare (JPEG, JPEG 2000, RLE, multi-frame)."""
    names = {p.name for p in ENCAPSULATED}
    assert {"JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm"} <= names


@pytest.mark.parametrize("path", ENCAPSULATED, ids=lambda p: p.name)
def test_frames_match_pydicom(path: Path) -> None:
    """frames() of each encapsulated wheel file equals pydicom.encaps.generate_frames."""
    ds: Any = read_with_pydicom(path)
    number = int(ds.get("NumberOfFrames") or 1)
    data: bytes = ds.PixelData
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = list(pydicom_encaps.generate_frames(data, number_of_frames=number))
    ours = frames(data, number)
    assert [bytes(f) for f in ours] == theirs[:number]
    assert len(ours) == number


def test_one_frame_needs_a_fragment() -> None:
    """One frame asked of data with no fragments is a DecodeError, not an empty frame."""
    with pytest.raises(DecodeError, match="0 fragments into 1 frames"):
        frames(item(b""), 1)
    assert frames(item(b""), 0) == []


@pytest.mark.parametrize("path", ENCAPSULATED, ids=lambda p: p.name)
def test_frames_of_our_reader_match_pydicom(path: Path) -> None:
    """frames() of the Pixel Data value as typeddcm reads it equals pydicom's frames."""
    from typeddcm import io
    from typeddcm.vr import OB, OW

    ds: Any = read_with_pydicom(path)
    number = int(ds.get("NumberOfFrames") or 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pixel_data = io.read(path).dataset[0x7FE00010].vr
        assert isinstance(pixel_data, (OB, OW))
        value = pixel_data.data
        theirs = list(pydicom_encaps.generate_frames(ds.PixelData, number_of_frames=number))
    assert [bytes(f) for f in frames(value, number)] == theirs[:number]

"""typeddcm.compat.encaps: pydicom 3's buffer API, against pydicom 3.0's encaps (the oracle)."""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeddcm.compat import encaps
from typeddcm.errors import DicomWarning

pydicom = pytest.importorskip("pydicom")
from pydicom import encaps as theirs  # noqa: E402

from tests.compat.test_encaps import encapsulated_values  # noqa: E402

ITEM = b"\xfe\xff\x00\xe0"
DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"
NAMES = ("generate_fragments", "generate_fragmented_frames", "generate_frames", "get_frame",
         "parse_basic_offsets", "parse_fragments", "encapsulate", "encapsulate_extended",
         "encapsulate_buffer", "encapsulate_extended_buffer", "EncapsulatedBuffer",
         "itemize_frame", "itemize_fragment", "fragment_frame")


def item(value: bytes, tag: bytes = ITEM) -> bytes:
    return tag + struct.pack("<I", len(value)) + value


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """The result (warnings ignored), or the exception type (ValueError subclasses count as
    ValueError)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = function(*args, **kwargs)
            return list(result) if hasattr(result, "__next__") else result
    except ValueError:
        return ValueError
    except Exception as exc:
        return type(exc)


def test_every_3x_name() -> None:
    for name in NAMES:
        assert hasattr(encaps, name), name
        assert hasattr(theirs, name), name
    assert issubclass(encaps.EncapsulatedBuffer, io.BufferedIOBase)


# ---------------------------------------------------------------- pydicom's wheel files


def test_wheel_files_match_pydicom() -> None:
    """Every encapsulated wheel file: offsets, fragments and frames as pydicom 3 finds them."""
    checked = 0
    for name, data, number in encapsulated_values():
        bot = encaps.parse_basic_offsets(data)
        assert bot == theirs.parse_basic_offsets(data), name
        after_bot = data[8 + 4 * len(bot):]
        assert encaps.parse_fragments(after_bot) == theirs.parse_fragments(after_bot), name
        assert list(encaps.generate_fragments(after_bot)) == list(
            theirs.generate_fragments(after_bot)), name
        for function in ("generate_fragmented_frames", "generate_frames"):
            mine = outcome(getattr(encaps, function), data, number_of_frames=number)
            want = outcome(getattr(theirs, function), data, number_of_frames=number)
            assert mine == want, (name, function)
        for index in range(number):
            got = outcome(encaps.get_frame, data, index, number_of_frames=number)
            want = outcome(theirs.get_frame, data, index, number_of_frames=number)
            assert got == want, (name, index)
        checked += 1
    assert checked >= 10


def test_wheel_files_through_file_objects() -> None:
    """A file object positioned inside a larger file: same answers, pydicom's positions."""
    for name, data, number in encapsulated_values():
        whole = b"head" + data + DELIMITER + b"tail"  # a delimiter ends the items
        mine, their = io.BytesIO(whole), io.BytesIO(whole)
        mine.seek(4)
        their.seek(4)
        assert encaps.parse_basic_offsets(mine) == theirs.parse_basic_offsets(their), name
        assert mine.tell() == their.tell()
        assert encaps.parse_fragments(mine) == theirs.parse_fragments(their), name
        assert mine.tell() == their.tell()
        fragments = list(theirs.generate_fragments(their))
        assert list(encaps.generate_fragments(mine)) == fragments, name
        # Left after the whole delimiter item (pydicom: after its tag, before its length).
        assert mine.tell() == their.tell() + 4 == 4 + len(data) + 8
        for index in range(number):
            mine.seek(4)
            their.seek(4)
            got = outcome(encaps.get_frame, mine, index, number_of_frames=number)
            want = outcome(theirs.get_frame, their, index, number_of_frames=number)
            assert got == want, (name, index)
            assert mine.tell() == 4
        mine.seek(4)
        their.seek(4)
        assert outcome(encaps.generate_frames, mine, number_of_frames=number) == outcome(
            theirs.generate_frames, their, number_of_frames=number), name


def test_wheel_frames_with_an_extended_offset_table() -> None:
    for name, data, number in encapsulated_values():
        frames = outcome(theirs.generate_frames, data, number_of_frames=number)
        value, offsets, lengths = encaps.encapsulate_extended(frames)
        numbers = (list(struct.unpack(f"<{len(frames)}Q", offsets)),
                   list(struct.unpack(f"<{len(frames)}Q", lengths)))
        for table in ((offsets, lengths), numbers):
            mine = list(encaps.generate_frames(value, extended_offsets=table))
            assert mine == list(theirs.generate_frames(value, extended_offsets=table)), name
            last = len(frames) - 1
            assert encaps.get_frame(value, last, extended_offsets=table) == theirs.get_frame(
                value, last, extended_offsets=table)


# ---------------------------------------------------------------- round trips


frame_bytes = st.binary(min_size=4, max_size=64)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.binary(min_size=6, max_size=64), min_size=1, max_size=6), st.integers(1, 3),
       st.booleans())
def test_encapsulate_round_trip(frame_list: list[bytes], per_frame: int, has_bot: bool) -> None:
    data = encaps.encapsulate(frame_list, fragments_per_frame=per_frame, has_bot=has_bot)
    padded = [f + b"\x00" * (len(f) % 2) for f in frame_list]
    count = len(frame_list)
    if has_bot or per_frame == 1 or count == 1:
        assert list(encaps.generate_frames(data, number_of_frames=count)) == padded
        assert list(theirs.generate_frames(data, number_of_frames=count)) == padded
        for index, frame in enumerate(padded):
            assert encaps.get_frame(data, index, number_of_frames=count) == frame
        groups = list(encaps.generate_fragmented_frames(data, number_of_frames=count))
        assert groups == list(theirs.generate_fragmented_frames(data, number_of_frames=count))
        assert all(len(group) == per_frame for group in groups)
    # The fragments and offsets agree with pydicom's reading of the same bytes.
    assert encaps.parse_basic_offsets(data) == theirs.parse_basic_offsets(data)
    rest = data[8 + 4 * count * has_bot:]
    assert encaps.parse_fragments(rest) == theirs.parse_fragments(rest)
    assert list(encaps.generate_fragments(rest)) == list(theirs.generate_fragments(rest))


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(min_size=1, max_size=40), min_size=1, max_size=5))
def test_extended_round_trip(frame_list: list[bytes]) -> None:
    value, offsets, lengths = encaps.encapsulate_extended(frame_list)
    assert (value, offsets, lengths) == theirs.encapsulate_extended(frame_list)
    padded = [f + b"\x00" * (len(f) % 2) for f in frame_list]
    assert list(encaps.generate_frames(value, extended_offsets=(offsets, lengths))) == padded
    for index, frame in enumerate(padded):
        assert encaps.get_frame(value, index, extended_offsets=(offsets, lengths)) == frame


def big_endian(data: bytes, with_bot: bool) -> bytes:
    """``data`` (little endian encapsulated items) with big endian headers and table."""
    out, offset, first = bytearray(), 0, with_bot
    while offset < len(data):
        group, element, length = struct.unpack_from("<HHL", data, offset)
        value = data[offset + 8: offset + 8 + length]
        if first:
            value = struct.pack(f">{length // 4}L", *struct.unpack(f"<{length // 4}L", value))
        first = False
        out += struct.pack(">HHL", group, element, length) + value
        offset += 8 + length
    return bytes(out)


@settings(max_examples=60, deadline=None)
@given(st.lists(frame_bytes, min_size=1, max_size=4), st.integers(1, 2))
def test_big_endian_like_pydicom(frame_list: list[bytes], per_frame: int) -> None:
    data = big_endian(encaps.encapsulate(frame_list, fragments_per_frame=per_frame), True)
    count = len(frame_list)
    assert encaps.parse_basic_offsets(data, endianness=">") == theirs.parse_basic_offsets(
        data, endianness=">")
    ours = list(encaps.generate_frames(data, number_of_frames=count, endianness=">"))
    assert ours == list(theirs.generate_frames(data, number_of_frames=count, endianness=">"))
    assert encaps.get_frame(data, count - 1, endianness=">") == theirs.get_frame(
        data, count - 1, endianness=">")
    rest = data[8 + 4 * count:]
    assert encaps.parse_fragments(rest, endianness=">") == theirs.parse_fragments(
        rest, endianness=">")


# ---------------------------------------------------------------- finding frames without tables


def test_single_fragment_is_one_frame_whatever_the_count() -> None:
    data = item(b"") + item(b"abcd")
    for number in (None, 1, 3):
        assert list(encaps.generate_frames(data, number_of_frames=number)) == [b"abcd"]
        assert list(theirs.generate_frames(data, number_of_frames=number)) == [b"abcd"]
    with pytest.raises(ValueError, match="'index' must be 0"):
        encaps.get_frame(data, 1)
    with pytest.raises(ValueError, match="'index' must be 0"):
        theirs.get_frame(data, 1)


def test_frame_start_markers_then_end_markers() -> None:
    jpeg = [b"\xff\xd8ab", b"cd\xff\xd9", b"\xff\xd8ef", b"\xff\xd9"]
    data = item(b"") + b"".join(item(f) for f in jpeg)
    want = [b"\xff\xd8abcd\xff\xd9", b"\xff\xd8ef\xff\xd9"]
    assert list(encaps.generate_frames(data, number_of_frames=2)) == want
    assert list(theirs.generate_frames(data, number_of_frames=2)) == want
    assert encaps.get_frame(data, 1, number_of_frames=2) == theirs.get_frame(
        data, 1, number_of_frames=2)
    # No start markers: pydicom's end markers find the frames, more than asked included.
    plain = [b"ab", b"c\xff\xd9x", b"de\xff\xd9", b"fg\xff\xd9"]
    data = item(b"") + b"".join(item(f) for f in plain)
    assert list(encaps.generate_frames(data, number_of_frames=2)) == list(
        theirs.generate_frames(data, number_of_frames=2))
    # A trailing frame without an end marker is kept, with a warning.
    data += item(b"zz")
    with pytest.warns(DicomWarning, match="end of the encapsulated pixel data"):
        mine = list(encaps.generate_frames(data, number_of_frames=2))
    with pytest.warns(UserWarning, match="end of the encapsulated pixel data"):
        assert mine == list(theirs.generate_frames(data, number_of_frames=2))


# ---------------------------------------------------------------- bad input


def bad_inputs() -> list[tuple[str, bytes, dict[str, Any]]]:
    frames = item(b"ab") + item(b"cd")
    return [
        ("bot tag", item(b"", b"\xfe\xff\x00\xe1") + frames, {}),
        ("bot length", item(b"\x00\x00") + frames, {}),
        ("fragment tag", item(b"") + item(b"ab", b"\x08\x00\x10\x00"), {"number_of_frames": 1}),
        ("undefined", item(b"") + ITEM + b"\xff\xff\xff\xff" + b"ab", {"number_of_frames": 1}),
        ("header cut", item(b"") + item(b"ab") + ITEM + b"\x02", {"number_of_frames": 2}),
        ("no count", item(b"") + frames, {}),
        ("too few fragments", item(b"") + frames, {"number_of_frames": 3}),
        ("no fragments", item(b""), {}),
    ]


@pytest.mark.parametrize(("name", "data", "kwargs"), bad_inputs(), ids=lambda x: str(x)[:20])
def test_bad_input_raises_what_pydicom_raises(name: str, data: bytes,
                                              kwargs: dict[str, Any]) -> None:
    for function in ("generate_frames", "generate_fragmented_frames"):
        assert outcome(getattr(encaps, function), data, **kwargs) is ValueError, (name, function)
        assert outcome(getattr(theirs, function), data, **kwargs) is ValueError
    if name == "too few fragments":  # get_frame hands back all of them, warning (pydicom)
        assert outcome(encaps.get_frame, data, 0, **kwargs) == b"abcd"
        assert outcome(theirs.get_frame, data, 0, **kwargs) == b"abcd"
        return
    assert outcome(encaps.get_frame, data, 0, **kwargs) is ValueError
    assert outcome(theirs.get_frame, data, 0, **kwargs) is ValueError


def test_bad_arguments() -> None:
    data = encaps.encapsulate([b"ab", b"cd"])
    with pytest.raises(ValueError, match="Basic Offset Table for 3 frames"):
        encaps.get_frame(data, 2)
    with pytest.raises(ValueError, match="must be 0 or more"):
        encaps.get_frame(data, -1)
    with pytest.raises(ValueError, match="endianness"):
        encaps.parse_basic_offsets(data, endianness="=")
    value, offsets, lengths = encaps.encapsulate_extended([b"ab"])
    with pytest.raises(ValueError, match="Extended Offset Table for 2 frames"):
        encaps.get_frame(value, 1, extended_offsets=(offsets, lengths))
    with pytest.raises(TypeError, match="seek"):
        encaps.parse_fragments(object())  # type: ignore[arg-type]
    # A Basic Offset Table offset inside an item is refused (pydicom regroups silently).
    broken = item(struct.pack("<2I", 0, 4)) + item(b"ab") + item(b"cd")
    with pytest.raises(ValueError, match="does not start a fragment item"):
        list(encaps.generate_frames(broken))
    with pytest.raises(ValueError, match="do not start fragment items"):
        encaps.get_frame(broken, 0)


def test_empty_value() -> None:
    """Only a Basic Offset Table: no frames unless one is asked for (pydicom's rule)."""
    data = item(b"")
    assert list(encaps.generate_fragmented_frames(data, number_of_frames=1)) == [()]
    assert list(theirs.generate_fragmented_frames(data, number_of_frames=1)) == [()]
    assert encaps.parse_fragments(b"") == (0, []) == theirs.parse_fragments(b"")


# ---------------------------------------------------------------- EncapsulatedBuffer


def buffers(frame_list: list[bytes]) -> list[io.BufferedIOBase]:
    return [io.BytesIO(frame) for frame in frame_list]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.binary(max_size=30), min_size=1, max_size=4), st.booleans(),
       st.lists(st.integers(1, 17), min_size=1, max_size=8))
def test_encapsulated_buffer_reads_like_pydicom(frame_list: list[bytes], use_bot: bool,
                                                 sizes: list[int]) -> None:
    mine = encaps.EncapsulatedBuffer(buffers(frame_list), use_bot=use_bot)
    their = theirs.EncapsulatedBuffer(buffers(frame_list), use_bot=use_bot)
    for attribute in ("basic_offset_table", "encapsulated_length", "lengths", "offsets",
                      "extended_offsets", "extended_lengths"):
        assert getattr(mine, attribute) == getattr(their, attribute), attribute
    whole = encaps.encapsulate(frame_list, has_bot=use_bot)
    assert mine.read(None) == whole
    mine.seek(0)
    chunks = [mine.read(size) for size in sizes]
    assert b"".join(chunks) == whole[: sum(sizes)]
    assert mine.tell() == min(sum(sizes), len(whole))
    position = mine.tell()
    assert mine.read() == whole[position:]
    # seek as io.BytesIO seeks (and as pydicom's does)
    for offset, whence in ((3, 0), (-2, 1), (-5, 2), (-1000, 1), (10**6, 0)):
        assert mine.seek(offset, whence) == their.seek(offset, whence)
        assert mine.read(7) == their.read(7)


def test_encapsulated_buffer_as_a_file() -> None:
    frames = [b"\xff\xd8abc\xff\xd9", b"\xff\xd8d\xff\xd9"]
    sources = buffers(frames)
    sources[0].seek(3)
    made = encaps.encapsulate_buffer(sources)
    assert made.readable() and made.seekable() and not made.closed
    data = made.read()
    assert data == encaps.encapsulate(frames)
    assert sources[0].tell() == 3  # a source's position is left as it was
    target = bytearray(10)
    made.seek(0)
    assert made.readinto(target) == 10 and bytes(target) == data[:10]
    value, offsets, lengths = encaps.encapsulate_extended_buffer(buffers(frames))
    assert (value.read(), offsets, lengths) == encaps.encapsulate_extended(frames)
    sources[1].close()
    assert made.closed


def test_encapsulated_buffer_read_by_the_readers() -> None:
    """An EncapsulatedBuffer is a file object the readers take (longer than a read's default)."""
    frame_list = [bytes([i]) * 5001 for i in range(4)]
    for has_bot in (True, False):
        made = encaps.encapsulate_buffer(buffers(frame_list), has_bot=has_bot)
        padded = [f + b"\x00" for f in frame_list]
        assert list(encaps.generate_frames(made, number_of_frames=4)) == padded
        made.seek(0)
        assert encaps.get_frame(made, 3, number_of_frames=4) == padded[3]
        assert made.tell() == 0


def test_encapsulated_buffer_bad_input() -> None:
    with pytest.raises(TypeError, match="list"):
        encaps.EncapsulatedBuffer((io.BytesIO(b"ab"),))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="BufferedIOBase"):
        encaps.EncapsulatedBuffer([b"ab"])  # type: ignore[list-item]
    closed = io.BytesIO(b"ab")
    closed.close()
    with pytest.raises(ValueError, match="closed"):
        encaps.EncapsulatedBuffer([closed])
    made = encaps.EncapsulatedBuffer([io.BytesIO(b"ab")])
    with pytest.raises(ValueError, match="whence"):
        made.seek(0, 3)
    with pytest.raises(ValueError, match="Negative"):
        made.seek(-1)

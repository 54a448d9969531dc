"""typeddcm.compat.encaps against the reference and pydicom 3's encaps (the oracle)."""

from __future__ import annotations

import io
import struct
import warnings
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeddcm.compat import encaps
from typeddcm.compat.filebase import DicomBytesIO

pydicom = pytest.importorskip("pydicom")
from pydicom import encaps as theirs  # noqa: E402

from tests.codec.pydicom_files import read_with_pydicom, wheel_files  # noqa: E402

ITEM = b"\xfe\xff\x00\xe0"
DELIMITER = b"\xfe\xff\xdd\xe0\x00\x00\x00\x00"


def item(value: bytes, tag: bytes = ITEM) -> bytes:
    return tag + struct.pack("<I", len(value)) + value


def pydicom_call(name: str, *args: Any, **kwargs: Any) -> Any:
    """Call one of pydicom 3's deprecated encaps functions without its warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = getattr(theirs, name)(*args, **kwargs)
        return list(result) if isinstance(result, Iterator) else result


def their_fp(data: bytes) -> Any:
    fp = pydicom.filebase.DicomBytesIO(data)
    fp.is_little_endian = True
    return fp


def fp_of(data: bytes) -> DicomBytesIO:
    fp = DicomBytesIO(data)
    fp.is_little_endian = True
    return fp


# ---------------------------------------------------------------- every name of the reference


def test_reference_names() -> None:
    for name in ("decode_data_sequence", "defragment_data", "encapsulate", "fragment_frame",
                 "generate_pixel_data", "generate_pixel_data_fragment",
                 "generate_pixel_data_frame", "get_frame_offsets", "itemise_fragment",
                 "itemise_frame", "itemize_fragment", "itemize_frame", "read_item"):
        assert callable(getattr(encaps, name))
    assert encaps.itemize_frame is encaps.itemise_frame
    assert encaps.itemize_fragment is encaps.itemise_fragment


# ---------------------------------------------------------------- get_frame_offsets


def test_get_frame_offsets_is_a_list_as_the_reference_says() -> None:
    data = item(struct.pack("<2I", 0, 16)) + item(b"ab")
    assert encaps.get_frame_offsets(fp_of(data)) == [0, 16]
    # pydicom 3 returns (has values, offsets); the reference (and we) the list.
    assert pydicom_call("get_frame_offsets", their_fp(data)) == (True, [0, 16])
    assert encaps.get_frame_offsets(fp_of(item(b""))) == [0]
    assert pydicom_call("get_frame_offsets", their_fp(item(b""))) == (False, [0])


def test_get_frame_offsets_leaves_fp_after_the_table() -> None:
    fp = fp_of(item(struct.pack("<I", 0)) + item(b"ab"))
    encaps.get_frame_offsets(fp)
    assert fp.tell() == 12
    assert list(encaps.generate_pixel_data_fragment(fp)) == [b"ab"]


@pytest.mark.parametrize(
    ("data", "error", "text"),
    [
        (item(b"", tag=b"\xfe\xff\x0d\xe0"), ValueError, "Unexpected tag"),
        (item(b"abc\x00\x00\x00"), ValueError, "not a multiple of 4"),
        (ITEM + b"\x08\x00", EOFError, "end of data"),
        (ITEM + struct.pack("<I", 8) + b"\x00" * 4, EOFError, "end of data"),
    ],
)
def test_get_frame_offsets_errors(data: bytes, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        encaps.get_frame_offsets(fp_of(data))


def test_get_frame_offsets_needs_little_endian() -> None:
    fp = DicomBytesIO(item(b""))
    fp.is_little_endian = False
    with pytest.raises(ValueError, match="little_endian"):
        encaps.get_frame_offsets(fp)
    # A plain file object (no is_little_endian) is read as little endian.
    assert encaps.get_frame_offsets(io.BytesIO(item(struct.pack("<I", 0)))) == [0]


# ---------------------------------------------------------------- fragments from fp


def test_generate_pixel_data_fragment() -> None:
    body = item(b"ab") + item(b"") + item(b"cdef")
    assert list(encaps.generate_pixel_data_fragment(fp_of(body))) == [b"ab", b"", b"cdef"]
    # The delimiter ends the fragments, whatever follows.
    assert list(encaps.generate_pixel_data_fragment(fp_of(body + DELIMITER + b"junk"))) == [
        b"ab", b"", b"cdef"]
    assert pydicom_call("generate_pixel_data_fragment", their_fp(body + DELIMITER)) == [
        b"ab", b"", b"cdef"]


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (ITEM + b"\xff\xff\xff\xff", "Undefined item length"),
        (item(b"ab", tag=b"\x10\x00\x10\x00"), "Unexpected tag"),
    ],
)
def test_generate_pixel_data_fragment_errors(data: bytes, text: str) -> None:
    """ValueError for an undefined length or an unknown tag, as the reference documents."""
    with pytest.raises(ValueError, match=text):
        list(encaps.generate_pixel_data_fragment(fp_of(data)))


def test_generate_pixel_data_fragment_cut_short() -> None:
    with pytest.raises(EOFError):
        list(encaps.generate_pixel_data_fragment(fp_of(ITEM + struct.pack("<I", 10) + b"ab")))


# ---------------------------------------------------------------- read_item


def test_read_item() -> None:
    fp = fp_of(item(b"") + item(b"abcd") + DELIMITER + item(b"zz"))
    assert encaps.read_item(fp) == b""
    assert encaps.read_item(fp) == b"abcd"
    assert encaps.read_item(fp) is None  # the sequence delimiter
    assert encaps.read_item(fp) == b"zz"
    assert encaps.read_item(fp) is None  # the end


def test_read_item_matches_pydicom() -> None:
    data = item(b"") + item(b"abcd") + item(b"ef") + DELIMITER
    ours, theirs_ = fp_of(data), their_fp(data)
    for _ in range(5):
        assert encaps.read_item(ours) == pydicom_call("read_item", theirs_)


def test_read_item_odd_cases(caplog: pytest.LogCaptureFixture) -> None:
    # Another tag: logged, and read as an item (as pydicom does).
    assert encaps.read_item(fp_of(item(b"ab", tag=b"\x10\x00\x10\x00"))) == b"ab"
    assert "Expected Item" in caplog.text
    with pytest.raises(ValueError, match="Undefined Length"):
        encaps.read_item(fp_of(ITEM + b"\xff\xff\xff\xff"))
    # Deliberate: a value cut short is an EOFError (pydicom returns the bytes there are).
    with pytest.raises(EOFError):
        encaps.read_item(fp_of(ITEM + struct.pack("<I", 10) + b"ab"))


# ---------------------------------------------------------------- bytes in


def test_decode_data_sequence_and_defragment() -> None:
    data = item(struct.pack("<I", 0)) + item(b"ab") + item(b"cdef") + DELIMITER
    assert encaps.decode_data_sequence(data) == [b"ab", b"cdef"]
    assert encaps.decode_data_sequence(data) == pydicom_call("decode_data_sequence", data)
    assert encaps.defragment_data(data) == b"abcdef" == pydicom_call("defragment_data", data)
    assert all(type(f) is bytes for f in encaps.decode_data_sequence(data))


def test_decode_data_sequence_keeps_empty_fragments() -> None:
    """Deliberate: pydicom stops at an empty fragment and loses the rest."""
    data = item(b"") + item(b"ab") + item(b"") + item(b"cd")
    assert encaps.decode_data_sequence(data) == [b"ab", b"", b"cd"]
    assert pydicom_call("decode_data_sequence", data) == [b"ab"]


def test_decode_data_sequence_refuses_damage() -> None:
    """Deliberate: a stray tag or a truncated item is an error (pydicom reads on)."""
    with pytest.raises(ValueError, match="expected an item tag"):
        encaps.decode_data_sequence(item(b"") + item(b"ab", tag=b"\x10\x00\x10\x00"))
    with pytest.raises(ValueError, match="runs past the end"):
        encaps.decode_data_sequence(item(b"") + ITEM + struct.pack("<I", 10) + b"ab")


def test_generate_pixel_data_with_a_table() -> None:
    frames = [b"\xff\xd8abcd", b"\xff\xd8ef"]
    data = encaps.encapsulate(frames, fragments_per_frame=2)
    assert list(encaps.generate_pixel_data(data)) == [(b"\xff\xd8ab", b"cd"), (b"\xff\xd8", b"ef")]
    assert list(encaps.generate_pixel_data(data)) == pydicom_call("generate_pixel_data", data)
    assert list(encaps.generate_pixel_data_frame(data)) == frames
    assert list(encaps.generate_pixel_data_frame(data)) == pydicom_call(
        "generate_pixel_data_frame", data)


def test_generate_pixel_data_without_a_table() -> None:
    data = encaps.encapsulate([b"abcd", b"efgh"], has_bot=False)
    # The reference's one-argument form: every fragment is the one frame.
    assert list(encaps.generate_pixel_data(data)) == [(b"abcd", b"efgh")]
    assert list(encaps.generate_pixel_data_frame(data)) == [b"abcdefgh"]
    # pydicom 3 refuses without the number of frames (deliberate difference).
    with pytest.raises(ValueError, match="number of frames"):
        pydicom_call("generate_pixel_data_frame", data)
    # With it, one fragment per frame.
    assert list(encaps.generate_pixel_data_frame(data, 2)) == [b"abcd", b"efgh"]
    assert list(encaps.generate_pixel_data_frame(data, 2)) == pydicom_call(
        "generate_pixel_data_frame", data, 2)


def test_generate_pixel_data_cannot_split() -> None:
    data = encaps.encapsulate([b"abcd", b"efgh", b"ijkl"], has_bot=False)
    with pytest.raises(ValueError, match="cannot split"):
        list(encaps.generate_pixel_data(data, 2))


# ---------------------------------------------------------------- writing


def test_itemise_fragment() -> None:
    assert encaps.itemise_fragment(b"ab") == ITEM + b"\x02\x00\x00\x00ab"
    assert encaps.itemise_fragment(b"ab") == theirs.itemize_fragment(b"ab")
    # Deliberate: an odd fragment is padded to an even item (pydicom writes it odd).
    assert encaps.itemize_fragment(b"abc") == ITEM + b"\x04\x00\x00\x00abc\x00"
    assert theirs.itemize_fragment(b"abc") == ITEM + b"\x03\x00\x00\x00abc"


def test_fragment_frame() -> None:
    assert list(encaps.fragment_frame(b"abcdefg", 2)) == [b"abcd", b"efg\x00"]
    assert list(encaps.fragment_frame(b"abcdefg", 2)) == list(theirs.fragment_frame(b"abcdefg", 2))
    assert all(type(f) is bytes for f in encaps.fragment_frame(b"abcdefg", 3))
    with pytest.raises(ValueError, match="too many fragments"):
        encaps.fragment_frame(b"abc", 3)


def test_fragment_frame_never_empty() -> None:
    """Deliberate: pydicom's cut of 22 bytes into 7 leaves an empty last fragment."""
    assert list(theirs.fragment_frame(bytes(22), 7))[-1] == b""
    ours = list(encaps.fragment_frame(bytes(22), 7))
    assert len(ours) == 7 and all(len(f) >= 2 and len(f) % 2 == 0 for f in ours)
    assert b"".join(ours) == bytes(22)


frame_lists = st.lists(st.binary(min_size=2, max_size=200), min_size=1, max_size=4)


def sound(frame_list: list[bytes], per_frame: int) -> bool:
    """Whether pydicom's cut of every frame gives even, non-empty pieces (else we differ)."""
    for frame in frame_list:
        pieces = list(theirs.fragment_frame(frame, per_frame))
        if any(len(p) < 2 or len(p) % 2 for p in pieces):
            return False
    return True


@settings(max_examples=150, deadline=None)
@given(frame_lists, st.integers(1, 4), st.booleans())
def test_encapsulate_matches_pydicom(frame_list: list[bytes], per_frame: int, has_bot: bool) -> None:
    if any(per_frame > (len(f) + 1) // 2 for f in frame_list) or not sound(frame_list, per_frame):
        return
    ours = encaps.encapsulate(frame_list, per_frame, has_bot)
    assert ours == theirs.encapsulate(frame_list, per_frame, has_bot)
    for frame in frame_list:
        assert list(encaps.itemize_frame(frame, per_frame)) == list(
            theirs.itemize_frame(frame, per_frame))
        assert list(encaps.fragment_frame(frame, per_frame)) == list(
            theirs.fragment_frame(frame, per_frame))
    # And back: frames, fragments and offsets read as pydicom reads them (without a
    # table, several fragments per frame are split by JPEG markers, absent here).
    n = len(frame_list)
    if not has_bot and per_frame > 1 and n > 1:
        return
    assert list(encaps.generate_pixel_data_frame(ours, n)) == pydicom_call(
        "generate_pixel_data_frame", ours, n)
    assert list(encaps.generate_pixel_data(ours, n)) == pydicom_call("generate_pixel_data", ours, n)
    assert encaps.decode_data_sequence(ours) == pydicom_call("decode_data_sequence", ours)
    assert encaps.get_frame_offsets(fp_of(ours)) == pydicom_call(
        "get_frame_offsets", their_fp(ours))[1]


@settings(max_examples=50, deadline=None)
@given(frame_lists)
def test_encapsulate_extended_matches_pydicom(frame_list: list[bytes]) -> None:
    assert encaps.encapsulate_extended(frame_list) == theirs.encapsulate_extended(frame_list)


# ---------------------------------------------------------------- pydicom's wheel files


@cache
def encapsulated_values() -> list[tuple[str, bytes, int]]:
    """(name, Pixel Data value, Number of Frames) of each encapsulated wheel file."""
    found = []
    for path in wheel_files():
        if path.stat().st_size > 8_000_000:
            continue
        ds = read_with_pydicom(path)
        if ds is None or "PixelData" not in ds:
            continue
        uid = ds.file_meta.get("TransferSyntaxUID")
        if uid is None or not uid.is_encapsulated:
            continue
        found.append((path.name, bytes(ds.PixelData), int(ds.get("NumberOfFrames") or 1)))
    return found


def test_wheel_files_have_encapsulated_data() -> None:
    names = {name for name, _, _ in encapsulated_values()}
    assert {"JPEG2000.dcm", "MR_small_RLE.dcm", "SC_rgb_rle_2frame.dcm"} <= names


def test_wheel_files_match_pydicom() -> None:
    """Every encapsulated wheel file: fragments, offsets and frames as pydicom reads them."""
    checked = 0
    for name, data, number in encapsulated_values():
        assert encaps.decode_data_sequence(data) == pydicom_call("decode_data_sequence", data), name
        assert encaps.defragment_data(data) == pydicom_call("defragment_data", data), name
        theirs_ = their_fp(data)
        offsets = encaps.get_frame_offsets(fp_of(data))
        assert offsets == pydicom_call("get_frame_offsets", theirs_)[1], name
        fp = fp_of(data)
        encaps.get_frame_offsets(fp)
        their_fragments = pydicom_call("generate_pixel_data_fragment", theirs_)
        assert list(encaps.generate_pixel_data_fragment(fp)) == their_fragments, name
        frames = pydicom_call("generate_pixel_data_frame", data, number)[:number]
        assert list(encaps.generate_pixel_data_frame(data, number)) == frames, name
        groups = pydicom_call("generate_pixel_data", data, number)[:number]
        assert list(encaps.generate_pixel_data(data, number)) == groups, name
        # Re-encapsulating the frames gives pydicom's bytes too.
        assert encaps.encapsulate(frames) == theirs.encapsulate(frames), name
        checked += 1
    assert checked >= 10

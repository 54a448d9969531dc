"""Tests for typeddcm.pixels.rle: the RLE Lossless codec (PS3.5 Annex G).

Oracles: pydicom's own RLE decoder and encoder (pure Python, so slow but plain),
pydicom's ``pixel_array`` for the RLE files in its wheel, and our Pillow-free
per-run unpacker, which must agree with the Pillow path on any input at all.  The
C extension against the fallbacks: test_rle_paths.py.
"""

from __future__ import annotations

import struct
import warnings
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from typeddcm.codec.encaps import frames
from typeddcm.errors import DecodeError, EncodeError
from typeddcm.pixels import rle

pydicom = pytest.importorskip("pydicom")
from pydicom.pixels.decoders.rle import _rle_decode_frame  # noqa: E402
from pydicom.pixels.encoders.native import _encode_frame  # noqa: E402

Array = NDArray[Any]
UNSIGNED = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


# -- helpers ---------------------------------------------------------------------------


def dims(arr: Array) -> tuple[int, int, int]:
    return arr.shape[0], arr.shape[1], arr.shape[2] if arr.ndim == 3 else 1


def bits_of(arr: Array) -> int:
    return int(arr.dtype.itemsize * 8)


def unsigned(arr: Array) -> Array:
    """The bit pattern of ``arr`` as native unsigned integers of the same width."""
    return np.ascontiguousarray(arr).view(UNSIGNED[arr.dtype.itemsize])


def theirs_decode(frame: bytes, rows: int, columns: int, samples: int, bits: int) -> Array:
    """pydicom's frame decoder, its planar little-endian bytes shaped as ours."""
    raw = _rle_decode_frame(bytes(frame), rows, columns, samples, bits)
    arr = np.frombuffer(raw, dtype=f"<u{bits // 8}").reshape(samples, rows, columns)
    arr = arr.transpose(1, 2, 0).astype(UNSIGNED[bits // 8])
    return arr[:, :, 0] if samples == 1 else arr


def theirs_encode(arr: Array) -> bytes:
    """pydicom's frame encoder, called with the few runner attributes it reads."""
    _, columns, samples = dims(arr)
    runner = SimpleNamespace(
        bits_allocated=bits_of(arr),
        samples_per_pixel=samples,
        columns=columns,
        get_option=lambda name, default=None: default,
    )
    src = unsigned(arr).astype(f"<u{arr.dtype.itemsize}").tobytes()  # colour-by-pixel, LE
    return bytes(_encode_frame(src, cast(Any, runner)))


def decode_like(arr: Array, encoded: bytes, **kwargs: Any) -> Array:
    rows, columns, samples = dims(arr)
    return rle.decode_frame(encoded, rows, columns, samples, bits_of(arr), **kwargs)


def check_structure(encoded: bytes, rows: int, columns: int) -> None:
    """Walk every segment: even length, no no-ops, no run across a row end, exact size."""
    count, *offsets = struct.unpack_from("<16I", encoded)
    starts = offsets[:count]
    assert starts[0] == 64 and all(o == 0 for o in offsets[count:])
    for start, end in zip(starts, [*starts[1:], len(encoded)], strict=True):
        assert (end - start) % 2 == 0
        pos, made = start, 0
        while made < rows * columns:
            head = encoded[pos]
            assert head != 128
            length = head + 1 if head < 128 else 257 - head
            assert length <= columns - made % columns, "a run crosses a row end"
            made += length
            pos += length + 1 if head < 128 else 2
        assert made == rows * columns and end - pos in (0, 1)


def header(count: int, *offsets: int) -> bytes:
    return struct.pack("<16I", count, *offsets, *[0] * (15 - len(offsets)))


# -- strategies ------------------------------------------------------------------------


@st.composite
def pixel_arrays(draw: st.DrawFn) -> Array:
    """Frames of every width and sign, made of long runs, alternations and noise."""
    nbytes = draw(st.sampled_from([1, 2, 4, 8]))
    samples = 1 if nbytes == 8 else draw(st.sampled_from([1, 3]))  # 24 segments > 15
    rows = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 300))
    top = 2 ** (8 * nbytes) - 1
    value = st.one_of(
        st.sampled_from([v for v in (0, 1, 0xFF, 0x100, top) if v <= top]), st.integers(0, top)
    )
    length = st.integers(1, 400)
    block = st.one_of(
        st.builds(lambda v, n: [v] * n, value, length),
        st.builds(lambda a, b, n: [a, b] * n, value, value, length),
        st.lists(value, min_size=1, max_size=50),
    )
    values = [v for part in draw(st.lists(block, min_size=1, max_size=6)) for v in part]
    flat = np.resize(np.array(values, dtype=UNSIGNED[nbytes]), rows * columns * samples)
    arr = flat.reshape((rows, columns, samples) if samples > 1 else (rows, columns))
    if draw(st.booleans()):
        arr = arr.view(f"i{nbytes}")
    return arr


def _examples() -> list[Array]:
    return [
        np.zeros((1, 1), np.uint8),
        np.arange(3, dtype=np.uint32).reshape(1, 1, 3),
        np.full((2, 1000), 0x1234, np.uint16),  # runs far over 128
        np.full((1, 129), 7, np.uint8),  # 128 + a lone byte
        np.full((3, 257), -1, np.int64),
        np.tile(np.array([0, 1], np.uint8), (2, 150)),  # literal over 128
        np.tile(np.array([5, 5, 9], np.uint8), (1, 200)),  # 2-runs between literals
        np.array([[1, 1, 1], [1, 1, 1]], np.int8),  # a run that would cross a row
    ]


# -- round trips and the pydicom oracle -----------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pixel_arrays())
def test_round_trip_and_pydicom_agree(arr: Array) -> None:
    encoded = rle.encode_frame(arr)
    rows, columns, samples = dims(arr)
    check_structure(encoded, rows, columns)
    ours = decode_like(arr, encoded)
    want = unsigned(arr)
    assert ours.dtype == want.dtype and ours.shape == want.shape
    assert ours.flags.c_contiguous and ours.flags.writeable
    np.testing.assert_array_equal(ours, want)
    np.testing.assert_array_equal(
        theirs_decode(encoded, rows, columns, samples, bits_of(arr)), want
    )
    np.testing.assert_array_equal(decode_like(arr, theirs_encode(arr)), want)


@pytest.mark.parametrize("arr", _examples(), ids=lambda a: f"{a.dtype}{a.shape}")
def test_round_trip_examples(arr: Array) -> None:
    encoded = rle.encode_frame(arr)
    check_structure(encoded, *dims(arr)[:2])
    np.testing.assert_array_equal(decode_like(arr, encoded), unsigned(arr))
    np.testing.assert_array_equal(theirs_decode(encoded, *dims(arr), bits_of(arr)), unsigned(arr))


def test_encoding_is_economical() -> None:
    runs = rle.encode_frame(np.full((4, 1000), 3, np.uint8))
    assert len(runs) == 64 + 4 * 8 * 2  # 8 replicate runs of 2 bytes per row
    two_runs = rle.encode_frame(np.tile(np.array([5, 5, 9], np.uint8), (1, 120)))
    assert len(two_runs) == 64 + 3 + 360 + 1  # 2-runs stay literal: 3 headers, 1 pad


def test_bits_allocated_other_than_dtype() -> None:
    small = np.array([[0, 200, 255]], np.uint16)
    np.testing.assert_array_equal(rle.decode_frame(rle.encode_frame(small, 8), 1, 3, 1, 8), small)
    negative = np.array([[-1, 0, 1]], np.int8)
    wide = rle.decode_frame(rle.encode_frame(negative, 32), 1, 3, 1, 32)
    np.testing.assert_array_equal(wide, np.array([[0xFFFFFFFF, 0, 1]], np.uint32))
    fortran = np.asfortranarray(np.arange(12, dtype=np.uint16).reshape(3, 4))
    np.testing.assert_array_equal(rle.decode_frame(rle.encode_frame(fortran), 3, 4, 1, 16), fortran)


@pytest.mark.parametrize(
    ("arr", "bits", "match"),
    [
        (np.zeros((2, 2), np.float32), None, "integer"),
        (np.zeros(4, np.uint8), None, "rows, columns"),
        (np.zeros((0, 4), np.uint8), None, "rows, columns"),
        (np.zeros((2, 2), np.uint16), 12, "8, 16, 32 or 64"),
        (np.zeros((2, 2, 3), np.uint64), None, "24 segments"),
        (np.array([[256]], np.uint16), 8, "do not fit"),
        (np.array([[-129]], np.int16), 8, "do not fit"),
    ],
)
def test_encode_errors(arr: Array, bits: int | None, match: str) -> None:
    with pytest.raises(EncodeError, match=match):
        rle.encode_frame(arr, bits)


# -- pydicom's wheel files -------------------------------------------------------------


@cache
def rle_files() -> list[Path]:
    found = []
    for path in sorted((Path(pydicom.__file__).parent / "data" / "test_files").glob("*.dcm")):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                meta = pydicom.dcmread(path, stop_before_pixels=True).file_meta
            except Exception:  # not a file pydicom reads: not in the oracle
                continue
        if meta.get("TransferSyntaxUID") == rle.TRANSFER_SYNTAX:
            found.append(path)
    return found


def test_the_wheel_has_rle_files() -> None:
    names = {path.name for path in rle_files()}
    assert {"MR_small_RLE.dcm", "SC_rgb_rle_32bit_2frame.dcm", "rtdose_rle.dcm"} <= names


def file_frames(path: Path) -> tuple[Any, list[bytes]]:
    ds = pydicom.dcmread(path)
    count = int(ds.get("NumberOfFrames", 1) or 1)
    return ds, [bytes(f) for f in frames(ds.PixelData, number_of_frames=count)]


@pytest.mark.parametrize("path", rle_files(), ids=lambda p: p.name)
def test_wheel_files_match_pixel_array(path: Path) -> None:
    ds, found = file_frames(path)
    try:
        expected = ds.pixel_array
    except Exception as exc:  # only pydicom's own failure excuses a file
        pytest.skip(f"pydicom cannot decode {path.name}: {exc}")
    if len(found) == 1:
        expected = expected[None]
    assert len(found) == len(expected)
    shape = (ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated)
    for index, (frame, want) in enumerate(zip(found, expected, strict=True)):
        ours = rle.decode_frame(frame, *shape, frame=index + 1)
        np.testing.assert_array_equal(ours, unsigned(want))
        again = rle.encode_frame(ours)
        np.testing.assert_array_equal(rle.decode_frame(again, *shape), ours)
        np.testing.assert_array_equal(theirs_decode(again, *shape), ours)


# -- leniency ---------------------------------------------------------------------------


def test_lenient_where_real_files_need_it() -> None:
    # One 2x3 segment: a no-op, then a replicate run of 10 (4 too many), then padding.
    frame = header(1, 64) + b"\x80\xf7\x05" + b"\x00\x00\x00"
    np.testing.assert_array_equal(rle.decode_frame(frame, 2, 3, 1, 8), np.full((2, 3), 5))
    # A run across a row end, as some encoders write: decoded as one stream.
    frame = header(1, 64) + b"\xfb\x09" + b"\x00"
    np.testing.assert_array_equal(rle.decode_frame(frame, 2, 3, 1, 8), np.full((2, 3), 9))
    # A gap between the header and the first segment.
    frame = header(1, 70) + b"\x00" * 6 + b"\xfb\x09"
    np.testing.assert_array_equal(rle.decode_frame(frame, 2, 3, 1, 8), np.full((2, 3), 9))


def test_input_types_and_fresh_output() -> None:
    arr = np.arange(30, dtype=np.uint16).reshape(2, 5, 3)
    encoded = rle.encode_frame(arr)
    padded = encoded + b"\x00\x00"
    for data in (bytearray(encoded), memoryview(encoded), memoryview(padded).cast("H")):
        out = rle.decode_frame(data, 2, 5, 3, 16)
        np.testing.assert_array_equal(out, arr)
        assert out.flags.owndata and out.flags.writeable


# -- corrupt input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frame", "dims_", "match"),
    [
        (b"\x01\x00\x00\x00" + b"\x00" * 20, (2, 3, 1, 8), "shorter than its 64-byte header"),
        (header(2, 64, 66) + b"\xfb\x01" * 2, (2, 3, 1, 8), "declares 2 segments"),
        (header(1, 60) + b"\xfb\x01", (2, 3, 1, 8), "inside the RLE header"),
        (header(1, 66) + b"\xfb\x01", (2, 3, 1, 8), "beyond the frame's end"),
        (header(2, 64, 64) + b"\xfb\x01", (2, 3, 1, 16), "do not increase"),
        (header(2, 66, 64) + b"\xfb\x01\xfb\x01", (2, 3, 1, 16), "do not increase"),
        (header(1, 64) + b"\xfc\x01", (2, 3, 1, 8), "ends before its 6 bytes"),
        (header(1, 64) + b"\x05abc", (2, 3, 1, 8), "ends before"),  # literal past the end
        (header(1, 64) + b"\x01ab\xfe", (2, 3, 1, 8), "ends before"),  # replicate, no value
        (header(1, 64) + b"\x80\x80", (2, 3, 1, 8), "ends before"),  # only no-ops
        (header(1, 64) + b"\x81\x00", (1000, 1000, 1, 8), "cannot hold 1000000 pixels"),
        (header(1, 64) + b"\x81\x00", (2, 3, 1, 12), "8, 16, 32 or 64"),
        (header(1, 64) + b"\x81\x00", (2, 3, 3, 64), "at most 15"),
        (header(1, 64) + b"\x81\x00", (0, 3, 1, 8), "cannot decode 0 rows"),
    ],
)
def test_decode_errors_name_the_frame(
    frame: bytes, dims_: tuple[int, int, int, int], match: str
) -> None:
    with pytest.raises(DecodeError, match=match):
        rle.decode_frame(frame, *dims_)
    with pytest.raises(DecodeError, match=r"^frame 3: .*" + match):
        rle.decode_frame(frame, *dims_, frame=3)


def test_huge_claims_on_tiny_frames_allocate_nothing() -> None:
    with pytest.raises(DecodeError, match="cannot hold"):
        rle.decode_frame(header(1, 64) + b"\x81\x00" * 8, 65535, 65535, 1, 8)


@cache
def small_frames() -> list[tuple[bytes, tuple[int, int, int, int]]]:
    out = []
    for name in ("SC_rgb_rle.dcm", "MR_small_RLE.dcm", "rtdose_rle_1frame.dcm"):
        ds, found = file_frames(Path(pydicom.__file__).parent / "data" / "test_files" / name)
        out.append((found[0], (ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated)))
    return out


@pytest.mark.parametrize("which", [0, 1, 2])
def test_every_truncation(which: int) -> None:
    frame, shape = small_frames()[which]
    whole = rle.decode_frame(frame, *shape)
    for cut in range(len(frame)):
        try:
            part = rle.decode_frame(frame[:cut], *shape, frame=7)
        except DecodeError as exc:
            message = str(exc)
        else:  # only a trailing pad byte can go unmissed
            assert len(frame) - cut <= 1
            np.testing.assert_array_equal(part, whole)
            continue
        assert message.startswith("frame 7: ")


UNPACKERS = [rle._unpack_pillow_core, rle._unpack_pillow, rle._unpack_python]
# Every decoder this build can run: "c" only where the extension is built.
DECODERS = [name for name in ("c", "pillow", "pillow-api", "python") if name != "c" or rle._HAVE_C]


def decode_all(frame: bytes, shape: tuple[int, int, int, int]) -> list[Array | None]:
    """Decode with each decoder (C, Pillow's C objects, its public API, pure Python)."""
    results: list[Array | None] = []
    for name in DECODERS:
        with mock.patch.object(rle, "DECODER", name):
            try:
                results.append(rle.decode_frame(frame, *shape, frame=1))
            except DecodeError as exc:
                message = str(exc)
                results.append(None)
                assert message.startswith("frame 1: ")
    return results


@settings(max_examples=200, deadline=None)
@given(
    which=st.integers(0, 2),
    edits=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6),
)
def test_damage_is_a_decode_error_or_a_frame(which: int, edits: list[tuple[int, int]]) -> None:
    frame, shape = small_frames()[which]
    damaged = bytearray(frame)
    for position, value in edits:
        damaged[position % len(damaged)] = value
    first, *others = decode_all(bytes(damaged), shape)
    for other in others:
        if first is None or other is None:
            assert first is None and other is None
        else:
            np.testing.assert_array_equal(first, other)


@settings(max_examples=300, deadline=None)
@given(segment=st.binary(max_size=80), rows=st.integers(1, 8), columns=st.integers(1, 40))
def test_unpackers_agree_on_any_bytes(segment: bytes, rows: int, columns: int) -> None:
    results = []
    for unpack in UNPACKERS:
        into = np.zeros(rows * columns, dtype=np.uint8)
        results.append(into.tobytes() if unpack(memoryview(segment), into, columns) else None)
    assert results[0] == results[1] == results[2]


def test_fast_decoder_chosen_and_probe_refuses_failures() -> None:
    # The C extension when built; else Pillow here: its C objects pass the probe.
    fastest = ("c", "c") if rle._HAVE_C else ("pillow", "numpy")
    chosen = (rle.DECODER, rle.ENCODER)
    assert chosen == fastest
    assert rle._works(rle._unpack_python)

    def broken(segment: memoryview, into: NDArray[np.uint8], columns: int) -> bool:
        raise AttributeError("Pillow changed")

    def ignores_short(segment: memoryview, into: NDArray[np.uint8], columns: int) -> bool:
        rle._unpack_python(segment, into, columns)
        return True  # success claimed even when the stream ends early

    assert not rle._works(broken)
    assert not rle._works(ignores_short)
    with mock.patch.object(rle, "_HAVE_C", False):
        assert rle._choose() == "pillow"
        with mock.patch.object(rle, "_HAVE_PILLOW", False):
            assert rle._choose() == "python"
        with mock.patch.object(rle, "_unpack_pillow_core", broken):
            assert rle._choose() == "pillow-api"


@example(arr=np.tile(np.array([0, 1], np.uint8), (3, 200)))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(arr=pixel_arrays())
def test_python_unpacker_round_trips(arr: Array) -> None:
    with mock.patch.object(rle, "DECODER", "python"):
        np.testing.assert_array_equal(decode_like(arr, rle.encode_frame(arr)), unsigned(arr))

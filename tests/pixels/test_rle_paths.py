"""RLE's decoders and encoders against each other: the C extension and the fallbacks.

typeddcm.pixels.rle runs the C extension (typeddcm.pixels._packbits) when it is built,
else Pillow's PackBits decoder (its C objects or its public API), else a Python loop;
it encodes in C, else with numpy.  Each path is selected here by setting the module's
DECODER / ENCODER, and every path must give the same arrays, the same bytes and the
same errors; pydicom (its pure Python RLE decoder and encoder) is the oracle.  Tests of
the extension's own functions skip when it is not built (TYPEDDCM_PURE=1, no compiler).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from typeddcm.errors import DecodeError
from typeddcm.pixels import compress, pixel_array, rle
from typeddcm.pixels import syntaxes as ts

pydicom = pytest.importorskip("pydicom")
from tests.pixels.test_rle import (  # noqa: E402
    DECODERS,
    Array,
    bits_of,
    decode_all,
    dims,
    file_frames,
    header,
    pixel_arrays,
    rle_files,
    theirs_decode,
    theirs_encode,
    unsigned,
)
from tests.pixels.test_transcode import _image  # noqa: E402

needs_c = pytest.mark.skipif(
    not rle._HAVE_C,
    reason="typeddcm.pixels._packbits is not built (TYPEDDCM_PURE=1 or no C compiler)",
)
ENCODERS = ["c", "numpy"] if rle._HAVE_C else ["numpy"]


@contextmanager
def decoder(name: str) -> Iterator[None]:
    with mock.patch.object(rle, "DECODER", name):
        yield


@contextmanager
def encoder(name: str) -> Iterator[None]:
    with mock.patch.object(rle, "ENCODER", name):
        yield


# -- every decoder, the same arrays ---------------------------------------------------


@st.composite
def stacks(draw: st.DrawFn) -> Array:
    """1-4 frames of 8, 16 or 32 bits, 1 or 3 samples, odd and even sizes."""
    nbytes = draw(st.sampled_from([1, 2, 4]))
    samples = draw(st.sampled_from([1, 3]))
    count = draw(st.integers(1, 4))
    rows, columns = draw(st.integers(1, 9)), draw(st.integers(1, 140))
    top = 2 ** (8 * nbytes) - 1
    kind = draw(st.sampled_from(["runs", "noise", "ramp"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (count, rows, columns, samples)
    if kind == "noise":
        arr = rng.integers(0, top, shape, dtype=np.uint64, endpoint=True)
    elif kind == "ramp":
        arr = np.arange(np.prod(shape), dtype=np.uint64).reshape(shape) * 37 % (top + 1)
    else:  # long runs with a few changes: replicate runs of every length
        arr = np.repeat(rng.integers(0, top, (count, rows, 1, samples), dtype=np.uint64,
                                     endpoint=True), columns, axis=2)
        arr[..., rng.integers(0, columns, 3), :] ^= np.uint64(1)
    out = arr.astype(f"u{nbytes}")
    return out[..., 0] if samples == 1 else out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stacks())
def test_every_decoder_gives_the_same_frames(stack: Array) -> None:
    samples = 3 if stack.ndim == 4 else 1
    rows, columns = stack.shape[1:3]
    bits = bits_of(stack)
    for arr in stack:
        for name in ENCODERS:
            with encoder(name):
                encoded = rle.encode_frame(arr)
            want = theirs_decode(encoded, rows, columns, samples, bits)  # pydicom: the oracle
            np.testing.assert_array_equal(want, arr)
            for decoded in decode_all(encoded, (rows, columns, samples, bits)):
                assert decoded is not None
                assert decoded.dtype == arr.dtype and decoded.flags.c_contiguous
                np.testing.assert_array_equal(decoded, arr)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stacks())
def test_multi_frame_files_decode_alike(stack: Array) -> None:
    photometric = "RGB" if stack.ndim == 4 else "MONOCHROME2"
    encoded = compress(_image(stack, photometric), ts.RLE_LOSSLESS)
    for name in DECODERS:
        with decoder(name):
            got = pixel_array(encoded)
        np.testing.assert_array_equal(got.reshape(stack.shape), stack)
        with decoder(name):
            last = pixel_array(encoded, len(stack) - 1)
        np.testing.assert_array_equal(last, stack[-1])


@pytest.mark.parametrize("path", rle_files(), ids=lambda p: p.name)
def test_wheel_frames_every_decoder_matches_pydicom(path: Path) -> None:
    ds, found = file_frames(path)
    shape = (ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated)
    for frame in found:
        want = theirs_decode(frame, *shape)
        for decoded in decode_all(frame, shape):
            assert decoded is not None
            np.testing.assert_array_equal(decoded, want)


# -- malformed frames: a DecodeError from every path, never a crash -------------------


MALFORMED = [
    # (frame, rows, columns, samples, bits, message)
    (header(1, 64) + b"\xfd\x07", 2, 3, 1, 8, "ends before its 6 bytes"),  # truncated: 4 of 6
    (header(1, 64) + b"\x05\x01\x02\x03", 2, 3, 1, 8, "ends before"),  # literal overruns segment
    (header(2, 64, 66) + b"\xfb\x01" + b"\x03\x01", 2, 3, 1, 16, "ends before"),  # 2nd short
    (header(1, 64) + b"\xfe", 2, 3, 1, 8, "ends before"),  # replicate without its value
    (header(1, 200) + b"\xfb\x01", 2, 3, 1, 8, "beyond the frame's end"),  # offset past the end
    (header(2, 64, 900) + b"\xfb\x01" * 2, 2, 3, 1, 16, "beyond the frame's end"),
    (header(0) + b"\xfb\x01", 2, 3, 1, 8, "declares 0 segments"),  # zero segments
    (header(3, 64, 66, 68) + b"\xfb\x01" * 3, 2, 3, 1, 16, "declares 3 segments"),  # too many
    (header(2, 64, 66) + b"\xfb\x01" * 2, 2, 3, 1, 8, "declares 2 segments"),
    (header(15, *range(64, 94, 2)) + b"\xfb\x01" * 15, 2, 3, 1, 8, "declares 15"),
    (struct.pack("<I", 1) + b"\x00" * 30, 2, 3, 1, 8, "shorter than its 64-byte header"),
]


@pytest.mark.parametrize(("frame", "rows", "columns", "samples", "bits", "match"), MALFORMED)
@pytest.mark.parametrize("name", DECODERS)
def test_malformed_frames_fail_alike(
    name: str, frame: bytes, rows: int, columns: int, samples: int, bits: int, match: str
) -> None:
    with decoder(name), pytest.raises(DecodeError, match=r"^frame 2: .*" + match):
        rle.decode_frame(frame, rows, columns, samples, bits, frame=2)


@settings(max_examples=150, deadline=None)
@given(
    nbytes=st.sampled_from([1, 2, 4]),
    samples=st.sampled_from([1, 3]),
    rows=st.integers(1, 6),
    columns=st.integers(1, 30),
    body=st.binary(max_size=200),
    offsets=st.lists(st.integers(0, 300), max_size=15),
    count=st.integers(0, 15),
)
def test_random_frames_fail_or_decode_alike(
    nbytes: int, samples: int, rows: int, columns: int, body: bytes, offsets: list[int],
    count: int,
) -> None:
    frame = header(count, *offsets) + body
    results = decode_all(frame, (rows, columns, samples, nbytes * 8))
    first, *others = results
    for other in others:
        if first is None or other is None:
            assert first is None and other is None
        else:
            np.testing.assert_array_equal(first, other)


# -- the extension's functions: every byte string, every stride -----------------------


def reference_unpack(segment: bytes, count: int) -> bytes | None:
    """The Python unpacker's answer for ``count`` bytes, or None when the segment is short."""
    into = np.zeros(count, dtype=np.uint8)
    return into.tobytes() if rle._unpack_python(memoryview(segment), into, 1) else None


@needs_c
@settings(max_examples=400, deadline=None)
@given(segment=st.binary(max_size=120), count=st.integers(1, 300), at=st.integers(0, 7))
@example(segment=b"\x7f" + b"x" * 127, count=200, at=0)  # a literal of 128, then nothing
@example(segment=b"\x81\x05\x81\x06", count=256, at=3)  # two runs of 128
def test_c_unpack_agrees_with_python_on_any_bytes(segment: bytes, count: int, at: int) -> None:
    from typeddcm.pixels import _packbits

    guarded = bytearray(b"\xee" * (count + 16))
    out = memoryview(guarded)[at : at + count]
    failed = _packbits.unpack_frame(segment, (0,), out, 1, 1, count)
    want = reference_unpack(segment, count)
    assert failed == (-1 if want is not None else 0)
    if want is not None:
        assert bytes(out) == want
    # Nothing outside the output is ever touched, success or not.
    assert guarded[:at] == b"\xee" * at and guarded[at + count :] == b"\xee" * (16 - at)


def frame_of(*segments: bytes) -> tuple[bytes, tuple[int, ...]]:
    """Segments joined (no header), and where each starts."""
    starts, at = [], 0
    for segment in segments:
        starts.append(at)
        at += len(segment)
    return b"".join(segments), tuple(starts)


@needs_c
@given(
    nbytes=st.sampled_from([1, 2, 4, 8]),
    samples=st.sampled_from([1, 2, 3]),
    pixels=st.integers(1, 50),
    data=st.data(),
)
def test_c_frames_weave_native_words(nbytes: int, samples: int, pixels: int,
                                     data: st.DataObject) -> None:
    from typeddcm.pixels import _packbits

    if nbytes * samples > 15:
        return
    words = data.draw(st.lists(st.integers(0, 2 ** (8 * nbytes) - 1), min_size=pixels * samples,
                               max_size=pixels * samples))
    want = np.array(words, dtype=f"u{nbytes}").reshape(pixels, samples)
    # Uncompressed literals of each byte plane, most significant byte first (G.2).
    big = want.astype(f">u{nbytes}").view(np.uint8).reshape(pixels, samples, nbytes)
    planes = [big[:, s, j].tobytes() for s in range(samples) for j in range(nbytes)]
    literal = [b"".join(b"\x00" + plane[i : i + 1] for i in range(pixels)) for plane in planes]
    frame, starts = frame_of(*literal)
    out = np.zeros((pixels, samples), f"u{nbytes}")
    assert _packbits.unpack_frame(frame, starts, out, nbytes, samples, pixels) == -1
    np.testing.assert_array_equal(out, want)
    # The first short segment is named; the others are not decoded after it.
    short = [*literal]
    short[-1] = short[-1][:-1]
    frame, starts = frame_of(*short)
    failed = _packbits.unpack_frame(frame, starts, out, nbytes, samples, pixels)
    assert failed == len(short) - 1


@needs_c
@pytest.mark.parametrize(
    ("starts", "nbytes", "samples", "pixels", "size", "match"),
    [
        ((2, 0), 2, 1, 4, 8, "increase"),  # starts going back
        ((0, 11), 2, 1, 4, 8, "increase"),  # a start past the frame's end
        ((-1, 2), 2, 1, 4, 8, "increase"),
        ((0,), 2, 1, 4, 8, "one start each"),  # fewer starts than segments
        ((0, 2, 4), 2, 1, 4, 8, "one start each"),
        ((0, 2, 4), 3, 1, 4, 12, "one start each"),  # 3 bytes a sample
        (tuple(range(16)), 1, 16, 1, 16, "one start each"),  # 16 segments
        ((0, 2), 2**62, 4, 1, 8, "one start each"),  # nbytes * samples would overflow
        ((0, 2), 2, -1, 4, 8, "one start each"),
        ((0, 2), 2, 1, 4, 9, "not pixels"),  # the output one byte too long
        ((0, 2), 2, 1, 4, 7, "not pixels"),
        ((0, 2), 2, 1, 0, 0, "not pixels"),
        ((0, 2), 2, 1, 2**62, 8, "not pixels"),  # pixels * 2 overflows
    ],
)
def test_c_unpack_frame_refuses_wrong_calls(
    starts: tuple[int, ...], nbytes: int, samples: int, pixels: int, size: int, match: str
) -> None:
    from typeddcm.pixels import _packbits

    with pytest.raises(ValueError, match=match):
        _packbits.unpack_frame(b"\x81\x07" * 5, starts, bytearray(size), nbytes, samples, pixels)


@needs_c
def test_c_functions_check_their_arguments() -> None:
    from typeddcm.pixels import _packbits

    with pytest.raises(TypeError):
        _packbits.unpack_frame(b"\x00\x01", (0,), b"read-only", 1, 1, 9)  # not writable
    with pytest.raises(TypeError):
        _packbits.unpack_frame(b"\x00\x01", cast(Any, [0]), bytearray(1), 1, 1, 1)  # starts: a tuple
    misaligned = np.zeros(9, np.uint16).data.cast("B")[1:17]
    with pytest.raises(ValueError, match="aligned"):
        _packbits.unpack_frame(b"\x81\x07" * 2, (0, 2), misaligned, 2, 1, 8)
    with pytest.raises(ValueError, match="overrun"):
        _packbits.pack(b"abcdef", 0, 1, 2, 4, False)  # 8 bytes from a 6-byte plane
    with pytest.raises(ValueError, match="overrun"):
        _packbits.pack(b"abcdef", 1, 2, 1, 4, False)  # the 4th byte would be plane[7]
    with pytest.raises(ValueError, match="overrun"):
        _packbits.pack(b"abcdef", 0, 1, 0, 6, False)
    with pytest.raises(ValueError, match="overrun"):
        _packbits.pack(b"abcdef", 0, 1, 2**62, 2**62, False)
    with pytest.raises(ValueError, match="overrun"):
        _packbits.pack(b"abcdef", -1, 1, 1, 2, False)
    assert _packbits.pack(b"aaab", 0, 1, 1, 4, False) == b"\xfea\x00b"
    assert _packbits.pack(b"xaxaxaxb", 1, 2, 1, 4, False) == b"\xfea\x00b"  # strided


# -- encoders: the same bytes; pydicom decodes them -----------------------------------


@needs_c
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pixel_arrays())
@example(np.full((2, 129), 7, np.uint8))  # 128 + a lone byte: 127 + 2, or 128 + literal 1
@example(np.full((1, 257), 7, np.uint8))
@example(np.tile(np.array([5, 5, 9], np.uint8), (2, 100)))  # pairs between literals
def test_c_and_numpy_encoders_give_the_same_bytes(arr: Array) -> None:
    nbytes = arr.dtype.itemsize
    planes = unsigned(arr).astype(f">u{nbytes}").view(np.uint8)  # [sample, byte, row, column]
    planes = planes.reshape(*dims(arr), nbytes).transpose(2, 3, 0, 1).reshape(-1, *arr.shape[:2])
    encoded = {}
    for name in ENCODERS:
        with encoder(name):
            encoded[name] = rle.encode_frame(arr)
            pairs = rle.encode_planes(planes, pairs=True), rle.encode_planes(planes)
            lines = rle.packbits(planes.reshape(-1, arr.shape[1]), pairs=True)
            encoded[name + " planes"] = b"".join([*pairs, lines])
    assert encoded["c"] == encoded["numpy"]
    assert encoded["c planes"] == encoded["numpy planes"]
    # With pairs replicated, the frame is pydicom's own, byte for byte.
    with encoder("c"):
        assert rle.encode_planes(planes, pairs=True) == theirs_encode(arr)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pixel_arrays())
def test_every_encoder_round_trips_and_pydicom_agrees(arr: Array) -> None:
    rows, columns, samples = dims(arr)
    for name in ENCODERS:
        with encoder(name):
            encoded = rle.encode_frame(arr)
        np.testing.assert_array_equal(
            theirs_decode(encoded, rows, columns, samples, bits_of(arr)), unsigned(arr)
        )
        for decoded in decode_all(encoded, (rows, columns, samples, bits_of(arr))):
            assert decoded is not None
            np.testing.assert_array_equal(decoded, unsigned(arr))


def test_encoders_take_any_layout() -> None:
    """Non-contiguous, Fortran-ordered, big-endian and narrowed arrays encode alike."""
    base = np.arange(6 * 7 * 3, dtype=np.int32).reshape(6, 7, 3) * 1001 - 20000
    cases: list[tuple[Any, int | None]] = [
        (base[::2, ::-1], None),
        (np.asfortranarray(base), None),
        (base.astype(">i4"), None),
        (base.astype(np.int16), 16),
        ((base % 100).astype(np.int64), 8),
    ]
    for arr, bits in cases:
        results = set()
        for name in ENCODERS:
            with encoder(name):
                results.add(rle.encode_frame(arr, bits))
        assert len(results) == 1
        width = bits or arr.dtype.itemsize * 8
        decoded = rle.decode_frame(results.pop(), *dims(arr), width)
        want = np.asarray(arr).astype(f"i{width // 8}").view(f"u{width // 8}")
        np.testing.assert_array_equal(decoded, want)


def test_frames_of_the_wheel_encode_alike() -> None:
    for path in rle_files():
        ds, found = file_frames(path)
        shape = (ds.Rows, ds.Columns, ds.SamplesPerPixel, ds.BitsAllocated)
        arr = rle.decode_frame(found[0], *shape)
        results = set()
        for name in ENCODERS:
            with encoder(name):
                results.add(rle.encode_frame(arr))
        assert len(results) == 1, path.name
        np.testing.assert_array_equal(theirs_decode(results.pop(), *shape), arr)


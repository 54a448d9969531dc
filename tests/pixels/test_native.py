"""Native pixel data: encode then decode is exact for every layout; frames, views, errors."""

from __future__ import annotations

import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.codec.transfer_syntax import EXPLICIT_VR_LITTLE_ENDIAN
from typeddcm.errors import DecodeError, MissingAttributeError
from typeddcm.pixels import pixel_array
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.native import decode_native, encode_native, mask_unused_bits
from typeddcm.vr import OB, OW


@st.composite
def layouts(draw: st.DrawFn) -> PixelLayout:
    bits = draw(st.sampled_from([1, 8, 16, 32, 64]))
    samples = 1 if bits == 1 else draw(st.sampled_from([1, 3]))
    return PixelLayout(
        rows=draw(st.integers(1, 7)),
        columns=draw(st.integers(1, 7)),
        samples_per_pixel=samples,
        bits_allocated=bits,
        bits_stored=bits if bits == 1 else draw(st.integers(1, bits)),
        pixel_representation=0 if bits == 1 else draw(st.integers(0, 1)),
        planar_configuration=draw(st.integers(0, 1)) if samples > 1 else 0,
        number_of_frames=draw(st.integers(1, 4)),
        photometric_interpretation="RGB" if samples == 3 else "MONOCHROME2",
    )


def _random_pixels(layout: PixelLayout, seed: int) -> npt.NDArray[Any]:
    rng = np.random.default_rng(seed)
    if layout.bits_allocated == 1:
        return rng.integers(0, 2, layout.shape(), dtype=np.uint8)
    info = np.iinfo(layout.dtype)
    if layout.pixel_representation:
        low, high = -(1 << (layout.bits_stored - 1)), (1 << (layout.bits_stored - 1)) - 1
    else:
        low, high = 0, min((1 << layout.bits_stored) - 1, info.max)
    return rng.integers(low, high, layout.shape(), dtype=layout.dtype, endpoint=True)


@settings(max_examples=200, deadline=None)
@given(layouts(), st.integers(0, 2**32 - 1))
def test_encode_then_decode_is_exact(layout: PixelLayout, seed: int) -> None:
    """Every bit depth, sign, sample count, planar configuration and frame count."""
    pixels = _random_pixels(layout, seed)
    data = memoryview(encode_native(pixels, layout))
    assert len(data) % 2 == 0
    got, colour = decode_native(data, layout)
    assert colour == layout.photometric_interpretation
    assert got.dtype == layout.dtype
    np.testing.assert_array_equal(got, pixels)
    for index in range(layout.number_of_frames):  # bit-packed frames need not start on a byte
        frame, _ = decode_native(data, layout, frame=index)
        expected = pixels if layout.number_of_frames == 1 else pixels[index]
        np.testing.assert_array_equal(frame, expected)


@settings(max_examples=50, deadline=None)
@given(layouts(), st.integers(0, 2**32 - 1))
def test_big_endian_words_decode_to_the_same_values(layout: PixelLayout, seed: int) -> None:
    pixels = _random_pixels(layout, seed)
    little = encode_native(pixels, layout)
    size = layout.dtype.itemsize if layout.bits_allocated > 1 else 1
    big = np.frombuffer(little[: len(little) - len(little) % size], f"<u{size}").byteswap().tobytes()
    got, _ = decode_native(memoryview(big), layout, little_endian=False)
    np.testing.assert_array_equal(got, pixels)


def test_planar_configuration_one_is_a_transposed_view() -> None:
    layout = PixelLayout(rows=2, columns=3, samples_per_pixel=3, planar_configuration=1,
                         photometric_interpretation="RGB")
    data = bytes(range(18))  # R plane, G plane, B plane
    got, _ = decode_native(memoryview(data), layout)
    assert got.shape == (2, 3, 3)
    assert list(got[0, 0]) == [0, 6, 12]
    assert np.shares_memory(got, np.frombuffer(data, np.uint8))


def test_ybr_full_422_is_upsampled() -> None:
    layout = PixelLayout(rows=1, columns=4, samples_per_pixel=3,
                         photometric_interpretation="YBR_FULL_422")
    data = bytes([10, 20, 100, 200, 30, 40, 101, 201])  # Y1 Y2 Cb Cr, twice
    got, colour = decode_native(memoryview(data), layout)
    assert colour == "YBR_FULL"
    assert got.tolist() == [[[10, 100, 200], [20, 100, 200], [30, 101, 201], [40, 101, 201]]]


def test_swapped_words_of_8_bit_big_endian_ow() -> None:
    layout = PixelLayout(rows=1, columns=3, number_of_frames=2)
    stream = bytes([1, 2, 3, 4, 5, 6])
    swapped = bytes([2, 1, 4, 3, 6, 5])
    got, _ = decode_native(memoryview(swapped), layout, little_endian=False, swapped_words=True)
    assert got.tolist() == [[[1, 2, 3]], [[4, 5, 6]]]
    second, _ = decode_native(memoryview(swapped), layout, frame=1, swapped_words=True)
    assert second.tolist() == [[4, 5, 6]]
    assert stream  # the byte stream the swapped words stand for


def test_unused_high_bits_are_masked_or_sign_extended() -> None:
    clean = np.array([1, 2, 4095], dtype=np.uint16)
    assert mask_unused_bits(clean, 12) is clean  # already in range: the view survives
    dirty = np.array([0xF001, 0x1002], dtype=np.uint16)
    assert mask_unused_bits(dirty, 12).tolist() == [1, 2]
    signed = np.array([0x0FFF, 0x0800, 0x07FF], dtype=np.uint16).view(np.int16)
    assert mask_unused_bits(signed, 12).tolist() == [-1, -2048, 2047]


def test_short_pixel_data_is_a_decode_error_naming_the_frame() -> None:
    layout = PixelLayout(rows=4, columns=4, bits_allocated=16, bits_stored=16, number_of_frames=3)
    data = memoryview(bytes(2 * 16 * 2 + 5))
    decode_native(data, layout, frame=1)  # frames 0 and 1 are whole
    with pytest.raises(DecodeError, match="frame 2: the pixel data has 69 bytes, 96 are needed"):
        decode_native(data, layout, frame=2)
    with pytest.raises(DecodeError, match="3 frame"):
        decode_native(data, layout)


def _dataset(pixels: bytes, **attributes: int) -> typeddcm.Dataset:
    ds = typeddcm.Dataset()
    for keyword, value in attributes.items():
        ds = ds.set(getattr(keys, keyword), value)
    return ds.set(keys.PixelData, OW(pixels) if attributes.get("BitsAllocated", 8) > 8 else OB(pixels))


def test_pixel_array_of_a_bare_dataset() -> None:
    ds = _dataset(np.arange(12, dtype="<i2").tobytes(), Rows=3, Columns=4, BitsAllocated=16,
                  BitsStored=16, PixelRepresentation=1, SamplesPerPixel=1)
    got = pixel_array(ds)
    assert got.dtype == np.int16 and got.shape == (3, 4)
    assert got[2, 3] == 11
    with pytest.raises(IndexError, match="frame 1 is out of range"):
        pixel_array(ds, 1)


def test_missing_attributes_are_named() -> None:
    ds = typeddcm.Dataset().set(keys.PixelData, OB(b"\x00\x00")).set(keys.Rows, 1)
    with pytest.raises(MissingAttributeError, match="BitsAllocated"):
        pixel_array(ds)
    with pytest.raises(MissingAttributeError, match="no Pixel Data"):
        pixel_array(typeddcm.Dataset().set(keys.Rows, 1))


def test_float_pixel_data() -> None:
    values = np.linspace(-1, 1, 6, dtype="<f4")
    ds = (typeddcm.Dataset().set(keys.Rows, 2).set(keys.Columns, 3)
          .set(keys.FloatPixelData, values.tobytes()))
    np.testing.assert_array_equal(pixel_array(ds), values.reshape(2, 3))
    doubles = np.linspace(-1, 1, 6, dtype="<f8")
    ds2 = (typeddcm.Dataset().set(keys.Rows, 2).set(keys.Columns, 3)
           .set(keys.DoubleFloatPixelData, doubles.tobytes()))
    np.testing.assert_array_equal(pixel_array(ds2), doubles.reshape(2, 3))


def test_one_frame_of_a_large_file_reads_only_that_frame(tmp_path: Path) -> None:
    """A 1 GiB, 1,024-frame file read from a path: frame 1000 costs a frame, not the file."""
    frames, rows, columns = 1024, 512, 1024
    header = (typeddcm.Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
              .set(keys.SOPInstanceUID, "1.2.3.4").set(keys.Rows, rows).set(keys.Columns, columns)
              .set(keys.BitsAllocated, 16).set(keys.BitsStored, 16).set(keys.HighBit, 15)
              .set(keys.PixelRepresentation, 0).set(keys.SamplesPerPixel, 1)
              .set(keys.NumberOfFrames, frames).set(keys.PhotometricInterpretation, "MONOCHROME2")
              .set(keys.PixelData, OW(b"\x00\x00")))
    encoded = typeddcm.DicomFile(b"\x00" * 128, typeddcm.Dataset(), header,
                                 EXPLICIT_VR_LITTLE_ENDIAN).to_bytes(like_original=False)
    size = frames * rows * columns * 2
    # Patch Pixel Data's length and extend the file sparsely: no 1 GiB in memory here either.
    prefix = encoded[:-2]
    at = prefix.rfind(b"\xe0\x7f\x10\x00OW\x00\x00")
    prefix = prefix[: at + 8] + size.to_bytes(4, "little")
    path = tmp_path / "big.dcm"
    with path.open("wb") as out:
        out.write(prefix)
        out.seek(len(prefix) + size - 1)
        out.write(b"\x00")
    f = typeddcm.read(path)
    tracemalloc.start()
    frame = pixel_array(f, 1000)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert frame.shape == (rows, columns) and not frame.flags.writeable
    assert peak < 1_000_000  # a view: nothing near one frame (1 MiB), let alone the file

"""What decoded pixel values are when the codestream and the dataset disagree.

- JPEG 2000 signedness (SIZ Ssiz) against Pixel Representation: the attribute says
  how each sample's ``precision`` bits are read, every J2K codec alike (pydicom's
  default decoder too; real files: TOSHIBA_J2K_SIZ1_PixRep0 / SIZ0_PixRep1).
- Lossy decoder overshoot above Bits Stored: kept as the decoder gives it (pydicom
  too); masking to Bits Stored (PS3.5 8.1.1) is for stored words only (native, RLE).

The codestreams are made here by imagecodecs from synthetic samples, wrapped in
datasets whose attributes say what the test needs.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.codec import encaps
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.element import Element
from typeddcm.errors import DicomWarning
from typeddcm.pixels import codecs, decompress, pixel_array, register_codec, unregister_codec
from typeddcm.pixels import syntaxes as ts
from typeddcm.pixels.codestream import j2k_info
from typeddcm.pixels.rle import encode_frame
from typeddcm.vr import OB, OW

imagecodecs = pytest.importorskip("imagecodecs")
pydicom = pytest.importorskip("pydicom")

J2K_CODECS = ["pillow-jpeg2000", "pylibjpeg-openjpeg", "imagecodecs"]


def _file(frames: list[bytes], rows: int, columns: int, *, bits_allocated: int,
          bits_stored: int, pixel_representation: int, uid: str) -> bytes:
    """A Part 10 file of encapsulated ``frames`` with these Image Pixel attributes."""
    ds = (typeddcm.Dataset()
          .set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7").set(keys.SOPInstanceUID, "1.2.3.4")
          .set(keys.Rows, rows).set(keys.Columns, columns).set(keys.SamplesPerPixel, 1)
          .set(keys.PhotometricInterpretation, "MONOCHROME2")
          .set(keys.BitsAllocated, bits_allocated).set(keys.BitsStored, bits_stored)
          .set(keys.HighBit, bits_stored - 1).set(keys.PixelRepresentation, pixel_representation)
          .set(keys.NumberOfFrames, len(frames)))
    ds = ds.set(0x7FE00010, Element.encapsulated(
        0x7FE00010, OB(encaps.encapsulate(frames, with_bot=True))))
    meta = typeddcm.Dataset().set(keys.TransferSyntaxUID, uid)
    return typeddcm.DicomFile(b"\x00" * 128, meta, ds, transfer_syntax(uid)).to_bytes(
        like_original=False)


@contextmanager
def _only(name: str) -> Iterator[None]:
    """The codec registry holding codec ``name`` alone (skip when it is not installed)."""
    saved = codecs()
    chosen = [c for c in saved if c.name == name]
    if not chosen or not chosen[0].is_available():
        pytest.skip(f"{name} is not available")
    try:
        for codec in saved:
            if codec.name != name:
                unregister_codec(codec.name)
        yield
    finally:
        for codec in codecs():
            unregister_codec(codec.name)
        for codec in saved:
            register_codec(codec)


def _pydicom_default(data: bytes) -> npt.NDArray[Any] | None:
    """pydicom's array with its default options (first available plugin), None if it cannot."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            array: npt.NDArray[Any] = pydicom.dcmread(io.BytesIO(data)).pixel_array
        except Exception:  # no plugin for it here
            return None
    return array


# --- JPEG 2000 signedness against Pixel Representation -----------------------------------


@st.composite
def mislabelled(draw: st.DrawFn) -> tuple[int, bool, npt.NDArray[np.int64]]:
    """(precision, codestream signed, the stored values' bit patterns)."""
    precision = draw(st.integers(2, 16))
    signed = draw(st.booleans())
    seed = draw(st.integers(0, 2**32 - 1))
    shape = (draw(st.integers(1, 9)), draw(st.integers(1, 9)))
    patterns = np.random.default_rng(seed).integers(0, 1 << precision, shape)
    edges = draw(st.booleans())  # the extremes of both readings, where an offset would show
    if edges:
        extremes = [0, 1, (1 << (precision - 1)) - 1, 1 << (precision - 1), (1 << precision) - 1]
        patterns.flat[: len(extremes)] = extremes[: patterns.size]
    return precision, signed, patterns


def _twos_complement(patterns: npt.NDArray[np.int64], precision: int) -> npt.NDArray[np.int64]:
    sign = 1 << (precision - 1)
    result: npt.NDArray[np.int64] = (patterns ^ sign) - sign
    return result


def _mislabelled_file(precision: int, signed: bool, patterns: npt.NDArray[np.int64]) -> bytes:
    """The encoder wrote the stored values' bits with the wrong Ssiz flag; PR says otherwise."""
    bits_allocated = 8 if precision <= 8 else 16
    if signed:  # unsigned stored values coded as signed: the same bits, read as two's complement
        samples = _twos_complement(patterns, precision).astype(f"i{bits_allocated // 8}")
    else:  # signed stored values coded as unsigned
        samples = patterns.astype(f"u{bits_allocated // 8}")
    frame = imagecodecs.jpeg2k_encode(samples, level=0, codecformat="J2K",
                                      bitspersample=precision)
    info = j2k_info(frame)
    assert info is not None and (info.signed, info.precision) == (signed, precision)
    return _file([frame], *patterns.shape, bits_allocated=bits_allocated,
                 bits_stored=precision, pixel_representation=0 if signed else 1,
                 uid=ts.JPEG_2000_LOSSLESS)


@pytest.mark.parametrize("codec", J2K_CODECS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mislabelled())
def test_pixel_representation_decides_how_j2k_bits_are_read(
    codec: str, case: tuple[int, bool, npt.NDArray[np.int64]]
) -> None:
    """SIZ signed, PR 0: the bits as unsigned (not offset by 2**(p-1)); SIZ unsigned, PR 1: two's
    complement.  Either way the stored values the encoder was given, by every J2K codec."""
    precision, signed, patterns = case
    data = _mislabelled_file(precision, signed, patterns)
    expected = patterns if signed else _twos_complement(patterns, precision)
    with _only(codec), pytest.warns(DicomWarning, match="Pixel Representation"):
        got = pixel_array(typeddcm.read(data))
    assert got.dtype == np.dtype(f"{'ui'[not signed]}{1 if precision <= 8 else 2}")
    np.testing.assert_array_equal(got, expected)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mislabelled())
def test_mislabelled_j2k_matches_pydicom(case: tuple[int, bool, npt.NDArray[np.int64]]) -> None:
    """pydicom 3 with its default options (apply_j2k_sign_correction) gives the same values."""
    data = _mislabelled_file(*case)
    expected = _pydicom_default(data)
    if expected is None:
        pytest.skip("pydicom has no J2K plugin here")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = pixel_array(typeddcm.read(data))
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("codec", J2K_CODECS)
def test_toshiba_like_positive_ct_in_a_signed_codestream(codec: str) -> None:
    """The shape of TOSHIBA_J2K_SIZ1_PixRep0: 16-bit unsigned CT coded signed; no +32768."""
    values = np.random.default_rng(1).integers(0, 4096, (16, 16)).astype(np.uint16)
    frame = imagecodecs.jpeg2k_encode(values.astype(np.int16), level=0, codecformat="J2K")
    data = _file([frame], 16, 16, bits_allocated=16, bits_stored=16, pixel_representation=0,
                 uid=ts.JPEG_2000_LOSSLESS)
    with _only(codec), pytest.warns(DicomWarning, match="says its 16-bit samples are signed"):
        np.testing.assert_array_equal(pixel_array(typeddcm.read(data)), values)


@pytest.mark.parametrize("codec", J2K_CODECS)
def test_agreeing_signedness_is_not_warned_about(codec: str) -> None:
    values = np.arange(-50, 50, dtype=np.int16).reshape(10, 10) * 7
    frame = imagecodecs.jpeg2k_encode(values, level=0, codecformat="J2K", bitspersample=12)
    data = _file([frame], 10, 10, bits_allocated=16, bits_stored=12, pixel_representation=1,
                 uid=ts.JPEG_2000_LOSSLESS)
    with _only(codec), warnings.catch_warnings():
        warnings.simplefilter("error", DicomWarning)
        np.testing.assert_array_equal(pixel_array(typeddcm.read(data)), values)


# --- lossy overshoot above Bits Stored ------------------------------------------------------


def _overshooting_file() -> tuple[bytes, list[bytes]]:
    """Two 12-bit frames of sharp edges at 0 and 4095, lossy J2K in a 16-bit codestream."""
    frames = np.zeros((2, 32, 32), dtype=np.uint16)
    frames[:, :, 16:] = 4095
    frames[:, 8:24, 8:24] = 0
    frames[1] = frames[1].T
    coded = [imagecodecs.jpeg2k_encode(f, level=40, reversible=False, codecformat="J2K")
             for f in frames]
    return _file(coded, 32, 32, bits_allocated=16, bits_stored=12, pixel_representation=0,
                 uid=ts.JPEG_2000), coded


@pytest.mark.parametrize("codec", J2K_CODECS)
def test_lossy_overshoot_is_kept_as_decoded(codec: str) -> None:
    """Bits Stored 12, decoded 4123: stays 4123 (masking would make it 27)."""
    data, coded = _overshooting_file()
    decoded = np.stack([imagecodecs.jpeg2k_decode(frame) for frame in coded])
    assert decoded.max() > 4095  # the premise: the decoder overshoots Bits Stored
    with _only(codec):
        f = typeddcm.read(data)
        np.testing.assert_array_equal(pixel_array(f), decoded)
        np.testing.assert_array_equal(pixel_array(f, 1), decoded[1])


def test_lossy_overshoot_matches_pydicom() -> None:
    data, _coded = _overshooting_file()
    expected = _pydicom_default(data)
    if expected is None:
        pytest.skip("pydicom has no J2K plugin here")
    assert expected.max() > 4095
    np.testing.assert_array_equal(pixel_array(typeddcm.read(data)), expected)


def test_decompress_clips_overshoot_to_bits_stored() -> None:
    """Native words have no room above Bits Stored: written as native, overshoot is clipped
    (4123 -> 4095), so reading back does not wrap it around (4123 -> 27)."""
    data, _coded = _overshooting_file()
    f = typeddcm.read(data)
    decoded = pixel_array(f)
    assert decoded.max() > 4095
    native = typeddcm.read(decompress(f).to_bytes(like_original=False))
    np.testing.assert_array_equal(pixel_array(native), np.minimum(decoded, 4095))


# --- stored words keep PS3.5 8.1.1 ---------------------------------------------------------


@given(seed=st.integers(0, 2**32 - 1), bits_stored=st.integers(2, 15), signed=st.booleans())
@settings(max_examples=30, deadline=None)
def test_rle_words_are_masked_like_native(seed: int, bits_stored: int, signed: bool) -> None:
    """RLE segments hold whole stored words: bits above Bits Stored are not part of the value
    (PS3.5 8.1.1), exactly as for the same words native; pydicom agrees."""
    words = np.random.default_rng(seed).integers(0, 1 << 16, (2, 6, 5), dtype=np.uint16)
    dtype = np.int16 if signed else np.uint16
    shift = 16 - bits_stored
    expected = np.right_shift(np.left_shift(words.view(dtype), shift), shift)
    rle = _file([encode_frame(frame.view(dtype), 16) for frame in words], 6, 5,
                bits_allocated=16, bits_stored=bits_stored, pixel_representation=int(signed),
                uid=ts.RLE_LOSSLESS)
    np.testing.assert_array_equal(pixel_array(typeddcm.read(rle)), expected)
    native_ds = typeddcm.read(rle).dataset.set(0x7FE00010, OW(words.tobytes()))
    np.testing.assert_array_equal(pixel_array(native_ds), expected)
    theirs = _pydicom_default(rle)
    if theirs is not None:
        np.testing.assert_array_equal(theirs, expected)

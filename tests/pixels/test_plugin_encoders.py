"""Tests for typeddcm.pixels.plugin_encoders: JPEG-LS (pyjpegls) and JPEG 2000 (openjpeg)
encoding in the codec registry, and RLE's ``pairs`` rule (pydicom's runs).

Oracles: our own decoders (``decode_pixels`` through the registry), pydicom's
``pixel_array`` on the same compressed file (its own plugins), and pydicom's pure
Python RLE row encoder for ``pairs``.
"""

from __future__ import annotations

import importlib.util
import io
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import typeddcm
from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.errors import EncodeError
from typeddcm.pixels import compress, pixel_array, rle, syntaxes
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.plugin_encoders import encode_jpeg_ls, encode_openjpeg, jpeg_ls_range
from typeddcm.pixels.registry import encoder_for
from typeddcm.tag import Tag
from typeddcm.vr import OB, OW

HAVE_JLS = importlib.util.find_spec("jpeg_ls") is not None
HAVE_OPENJPEG = importlib.util.find_spec("openjpeg") is not None
needs_jls = pytest.mark.skipif(not HAVE_JLS, reason="pyjpegls is not installed")
needs_openjpeg = pytest.mark.skipif(not HAVE_OPENJPEG, reason="pylibjpeg-openjpeg is not installed")

JLS = syntaxes.JPEG_LS_LOSSLESS
JLS_NEAR = syntaxes.JPEG_LS_NEAR_LOSSLESS
J2K = syntaxes.JPEG_2000_LOSSLESS
J2K_LOSSY = syntaxes.JPEG_2000


def _layout(array: npt.NDArray[Any], bits_stored: int, photometric: str = "") -> PixelLayout:
    samples = array.shape[-1] if array.ndim == 3 else 1
    return PixelLayout(rows=array.shape[0], columns=array.shape[1], samples_per_pixel=samples,
                       bits_allocated=array.dtype.itemsize * 8, bits_stored=bits_stored,
                       pixel_representation=int(array.dtype.kind == "i"),
                       photometric_interpretation=photometric or (
                           "RGB" if samples == 3 else "MONOCHROME2"))


def _image(array: npt.NDArray[Any], bits_stored: int) -> typeddcm.DicomFile:
    """A native Explicit VR Little Endian file holding ``array`` (one frame)."""
    layout = _layout(array, bits_stored)
    data = np.ascontiguousarray(array, dtype=array.dtype.newbyteorder("<")).tobytes()
    ds = (Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
          .set(keys.SOPInstanceUID, "1.2.3.4").set(keys.Rows, layout.rows)
          .set(keys.Columns, layout.columns).set(keys.SamplesPerPixel, layout.samples_per_pixel)
          .set(keys.PhotometricInterpretation, layout.photometric_interpretation)
          .set(keys.BitsAllocated, layout.bits_allocated).set(keys.BitsStored, bits_stored)
          .set(keys.HighBit, bits_stored - 1)
          .set(keys.PixelRepresentation, layout.pixel_representation))
    if layout.samples_per_pixel > 1:
        ds = ds.set(keys.PlanarConfiguration, 0)
    pixel = Tag(0x7FE00010)
    ds = ds.set(pixel, OB(data) if layout.bits_allocated == 8 else OW(data))
    return typeddcm.DicomFile.new(ds)


def _reread(f: typeddcm.DicomFile) -> typeddcm.DicomFile:
    out = io.BytesIO()
    typeddcm.write(f, out)
    return typeddcm.read(io.BytesIO(out.getvalue()))


def _pydicom_array(f: typeddcm.DicomFile) -> npt.NDArray[Any]:
    pydicom = pytest.importorskip("pydicom")
    out = io.BytesIO()
    typeddcm.write(f, out)
    out.seek(0)
    return np.asarray(pydicom.dcmread(out).pixel_array)


def _ramp(shape: tuple[int, ...], bits: int, signed: bool) -> npt.NDArray[Any]:
    """A smooth image over the whole range of ``bits`` (so codecs see real structure)."""
    low, high = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
    y, x = np.indices(shape[:2])
    values = low + (np.sin(x / 5.0) * np.cos(y / 7.0) + 1) / 2 * (high - low)
    if len(shape) == 3:
        values = np.stack([values, high + low - values, np.roll(values, 3, axis=1)], axis=-1)
    size = 1 if bits <= 8 else 2
    ramp: npt.NDArray[Any] = np.clip(np.rint(values), low, high).astype(
        f"{'i' if signed else 'u'}{size}")
    return ramp


# ----------------------------------------------------------------- JPEG-LS


@needs_jls
def test_jpeg_ls_is_in_the_registry() -> None:
    assert encoder_for(JLS).name == "pyjpegls"
    assert encoder_for(JLS_NEAR).name == "pyjpegls"


@needs_jls
@pytest.mark.parametrize(("bits", "signed", "samples"), [
    (2, False, 1), (7, False, 1), (8, False, 1), (12, False, 1), (16, False, 1),
    (8, True, 1), (12, True, 1), (16, True, 1), (8, False, 3), (12, False, 3)])
def test_jpeg_ls_lossless_round_trip(bits: int, signed: bool, samples: int) -> None:
    array = _ramp((40, 33, 3) if samples == 3 else (40, 33), bits, signed)
    packed = _reread(compress(_image(array, bits), JLS))
    assert packed.transfer_syntax.uid == JLS
    np.testing.assert_array_equal(pixel_array(packed), array)
    np.testing.assert_array_equal(_pydicom_array(packed), array)  # pydicom's decoder agrees
    assert keys.LossyImageCompression not in packed.dataset


@needs_jls
@pytest.mark.parametrize("error", [1, 3, 10])
def test_jpeg_ls_near_lossless_stays_within_the_error(error: int) -> None:
    array = _ramp((48, 40), 12, False)
    packed = _reread(compress(_image(array, 12), JLS_NEAR, jls_error=error))
    got = pixel_array(packed).astype(int)
    assert np.abs(got - array).max() <= error
    np.testing.assert_array_equal(_pydicom_array(packed), got)
    lossy = packed.dataset.get(keys.LossyImageCompression)
    assert lossy is not None and lossy.values == ("01",)


@needs_jls
def test_jpeg_ls_near_lossless_signed_inside_the_safe_range() -> None:
    layout = _layout(np.zeros((32, 32), np.int16), 12)
    low, high = jpeg_ls_range(layout, 2)
    assert (low, high) == (-2046, 2045)
    array = np.linspace(low, high, 32 * 32).astype(np.int16).reshape(32, 32)
    frame = encode_jpeg_ls(array, layout, JLS_NEAR, {"jls_error": 2})
    packed = _reread(compress(_image(array, 12), JLS_NEAR, jls_error=2))
    assert np.abs(pixel_array(packed).astype(int) - array).max() <= 2
    assert frame.photometric_interpretation == "MONOCHROME2"
    with pytest.raises(EncodeError, match="could flip the sign"):
        encode_jpeg_ls(np.full((32, 32), high + 1, np.int16), layout, JLS_NEAR, {"jls_error": 2})


@needs_jls
@pytest.mark.parametrize("mode", [0, 1, 2])
def test_jpeg_ls_interleave_modes_decode_alike(mode: int) -> None:
    array = _ramp((24, 20, 3), 8, False)
    layout = _layout(array, 8)
    frame = encode_jpeg_ls(array, layout, JLS, {"interleave_mode": mode})
    from typeddcm.pixels.plugins import PYJPEGLS_CODEC

    assert PYJPEGLS_CODEC.decode is not None
    np.testing.assert_array_equal(PYJPEGLS_CODEC.decode(frame.data, layout, JLS).array, array)


@needs_jls
def test_jpeg_ls_refusals() -> None:
    array = np.zeros((8, 8), np.uint8)
    with pytest.raises(EncodeError, match="use JPEG-LS Near Lossless"):
        encode_jpeg_ls(array, _layout(array, 8), JLS, {"jls_error": 2})
    with pytest.raises(EncodeError, match="2 to 16 bits"):
        encode_jpeg_ls(array, _layout(array, 1), JLS, {})
    with pytest.raises(EncodeError, match="not quality"):
        encode_jpeg_ls(array, _layout(array, 8), JLS, {"quality": 3})
    with pytest.raises(EncodeError, match="outside"):
        encode_jpeg_ls(np.full((8, 8), 200, np.uint8), _layout(array, 7), JLS, {})
    colour = np.zeros((8, 8, 3), np.uint8)
    with pytest.raises(EncodeError, match="interleave_mode 5"):
        encode_jpeg_ls(colour, _layout(colour, 8), JLS, {"interleave_mode": 5})
    with pytest.raises(EncodeError, match=r"\.80/\.81"):
        encode_jpeg_ls(array, _layout(array, 8), J2K, {})


@needs_jls
@settings(max_examples=40, deadline=None)
@given(hnp.arrays(np.uint16, hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=24),
                  elements=st.integers(0, 4095)))
def test_jpeg_ls_lossless_any_12_bit_frame(array: npt.NDArray[np.uint16]) -> None:
    from typeddcm.pixels.plugins import PYJPEGLS_CODEC

    layout = _layout(array, 12)
    frame = encode_jpeg_ls(array, layout, JLS, {})
    assert PYJPEGLS_CODEC.decode is not None
    np.testing.assert_array_equal(PYJPEGLS_CODEC.decode(frame.data, layout, JLS).array, array)


# ----------------------------------------------------------------- JPEG 2000 (openjpeg)


@needs_openjpeg
@pytest.mark.parametrize(("bits", "signed"), [(1, False), (8, False), (12, True), (16, False)])
def test_openjpeg_lossless_grey(bits: int, signed: bool) -> None:
    array = _ramp((40, 36), bits, signed)
    frame = encode_openjpeg(array, _layout(array, bits), J2K, {})
    from typeddcm.pixels.plugins import OPENJPEG_CODEC

    assert OPENJPEG_CODEC.decode is not None
    decoded = OPENJPEG_CODEC.decode(frame.data, _layout(array, bits), J2K)
    np.testing.assert_array_equal(decoded.array, array)
    assert frame.photometric_interpretation == "MONOCHROME2"


@needs_openjpeg
def test_openjpeg_colour_transform_and_24_bits() -> None:
    from typeddcm.pixels.plugins import OPENJPEG_CODEC

    assert OPENJPEG_CODEC.decode is not None
    array = _ramp((40, 36, 3), 8, False)
    layout = _layout(array, 8)
    with_mct = encode_openjpeg(array, layout, J2K, {})
    without = encode_openjpeg(array, layout, J2K, {"use_mct": False})
    assert (with_mct.photometric_interpretation, without.photometric_interpretation) == (
        "YBR_RCT", "RGB")
    for frame in (with_mct, without):
        got = OPENJPEG_CODEC.decode(frame.data, layout.evolve(
            photometric_interpretation=frame.photometric_interpretation), J2K)
        np.testing.assert_array_equal(got.array, array)
    wide = (np.arange(40 * 36, dtype=np.uint32).reshape(40, 36) * 9000) % (1 << 24)
    wide_layout = PixelLayout(rows=40, columns=36, bits_allocated=32, bits_stored=24)
    frame = encode_openjpeg(wide, wide_layout, J2K, {})
    np.testing.assert_array_equal(OPENJPEG_CODEC.decode(frame.data, wide_layout, J2K).array, wide)


@needs_openjpeg
def test_openjpeg_lossy_options() -> None:
    array = _ramp((64, 64), 12, False)
    layout = _layout(array, 12)
    small = encode_openjpeg(array, layout, J2K_LOSSY, {"compression_ratio": 20})
    layered = encode_openjpeg(array, layout, J2K_LOSSY, {"compression_ratio": [20, 5]})
    psnr = encode_openjpeg(array, layout, J2K_LOSSY, {"signal_noise_ratio": 60})
    assert len(small.data) < len(layered.data)
    assert psnr.data
    with pytest.raises(EncodeError, match="needs compression_ratio"):
        encode_openjpeg(array, layout, J2K_LOSSY, {})
    with pytest.raises(EncodeError, match="not both"):
        encode_openjpeg(array, layout, J2K_LOSSY, {"compression_ratio": 5,
                                                   "signal_noise_ratio": 40})
    with pytest.raises(EncodeError, match="lossy coding"):
        encode_openjpeg(array, layout, J2K, {"compression_ratio": 5})
    with pytest.raises(EncodeError, match=r"range \[1, 24\]"):
        encode_openjpeg(np.zeros((40, 40), np.uint32),
                        PixelLayout(rows=40, columns=40, bits_allocated=32, bits_stored=25),
                        J2K, {})


# ----------------------------------------------------------------- RLE, pydicom's runs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 3), max_size=300) | st.lists(st.integers(0, 255), max_size=300))
def test_rle_pairs_rule_is_pydicoms_row_encoding(row: list[int]) -> None:
    native = pytest.importorskip("pydicom.pixels.encoders.native")
    data = np.asarray(row, np.uint8)
    ours = rle.packbits(data.reshape(1, -1), pairs=True) if row else b""
    assert ours == native._encode_row(bytes(row))


def test_rle_encode_planes_matches_encode_frame() -> None:
    array = _ramp((30, 20), 16, False)
    planes = array.astype(">u2").view(np.uint8).reshape(30, 20, 2).transpose(2, 0, 1)
    assert rle.encode_planes(np.ascontiguousarray(planes)) == rle.encode_frame(array)
    paired = rle.encode_planes(np.ascontiguousarray(planes), pairs=True)
    np.testing.assert_array_equal(rle.decode_frame(paired, 30, 20, 1, 16), array)
    with pytest.raises(EncodeError, match="at most 15"):
        rle.encode_planes(np.zeros((16, 2, 2), np.uint8))
    with pytest.raises(EncodeError, match="2-D uint8"):
        rle.packbits(np.zeros((2, 2, 2), np.uint8))

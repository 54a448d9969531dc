"""Tests for typeddcm.compat.pixels.encoders: pydicom 3's Encoder, EncodeRunner and plugins.

Oracle: pydicom 3's own encoders on the same sources (byte for byte for RLE and
JPEG 2000, whose libraries are the same), and its decoders for our codestreams.
"""

from __future__ import annotations

import importlib.util
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat.pixels import encoders
from typeddcm.compat.pixels.encoders import base, native
from typeddcm.compat.pixels.encoders.base import Encoder, EncodeRunner, get_encoder

pydicom = pytest.importorskip("pydicom")
from pydicom.data import get_testdata_file  # noqa: E402
from pydicom.encaps import encapsulate  # noqa: E402
from pydicom.pixels.decoders import base as their_decoders  # noqa: E402
from pydicom.pixels.encoders import base as their_base  # noqa: E402
from pydicom.pixels.encoders import native as their_native  # noqa: E402

RLE = "1.2.840.10008.1.2.5"
JLS = "1.2.840.10008.1.2.4.80"
JLS_NEAR = "1.2.840.10008.1.2.4.81"
J2K = "1.2.840.10008.1.2.4.90"
J2K_LOSSY = "1.2.840.10008.1.2.4.91"
HAVE_JLS = importlib.util.find_spec("jpeg_ls") is not None
HAVE_OPENJPEG = importlib.util.find_spec("openjpeg") is not None


def _both(name: str) -> tuple[Any, Any]:
    path = get_testdata_file(name)
    assert path is not None
    return pydicom.dcmread(path), tc.dcmread(path)


def _options(ds: Any, **extra: Any) -> dict[str, Any]:
    opts = {"rows": ds.Rows, "columns": ds.Columns, "samples_per_pixel": ds.SamplesPerPixel,
            "photometric_interpretation": ds.PhotometricInterpretation,
            "pixel_representation": ds.PixelRepresentation,
            "bits_allocated": ds.BitsAllocated, "bits_stored": ds.BitsStored,
            "number_of_frames": int(getattr(ds, "NumberOfFrames", 1) or 1)}
    if ds.SamplesPerPixel > 1:
        opts["planar_configuration"] = ds.PlanarConfiguration
    opts.update(extra)
    return opts


# ----------------------------------------------------------------- encoders and plugins


def test_encoders_by_pydicoms_names_and_plugins() -> None:
    for name in encoders.__all__:
        ours, theirs = getattr(encoders, name), getattr(their_base, name)
        assert str(ours.UID) == str(theirs.UID)
        assert ours.name == name
        assert ours._decoder is False
    rle = encoders.RLELosslessEncoder
    assert rle.available_plugins == ("pydicom",)
    assert rle.missing_dependencies == [
        "gdcm - requires gdcm>=3.0.10",
        "pylibjpeg - requires numpy, pylibjpeg>=2.0 and pylibjpeg-rle>=2.0"]
    assert encoders.JPEGLSLosslessEncoder.available_plugins == (("pyjpegls",) if HAVE_JLS else ())
    assert encoders.JPEG2000Encoder.available_plugins == (
        ("pylibjpeg",) if HAVE_OPENJPEG else ())
    assert get_encoder(RLE) is rle
    with pytest.raises(NotImplementedError, match="'JPEG 2000 Part 2 Multi-component"):
        get_encoder("1.2.840.10008.1.2.4.93")
    # typeddcm's extension: JPEG Baseline through Pillow, Deflate through the registry.
    assert get_encoder("1.2.840.10008.1.2.4.50").available_plugins == ("pillow",)
    assert get_encoder("1.2.840.10008.1.2.8.1").available_plugins == ("pydicom",)


def test_plugins_are_added_and_removed_as_pydicom() -> None:
    enc = Encoder("1.2.840.10008.1.2.5")
    assert enc._available == {} and enc._unavailable == {}
    enc.add_plugin("mine", ("typeddcm.compat.pixels.encoders.native", "_encode_frame"))
    enc.add_plugin("gdcm", ("typeddcm.compat.pixels.encoders.gdcm", "encode_pixel_data"))
    assert enc.available_plugins == ("mine",)
    assert enc.missing_dependencies == ["gdcm - requires gdcm>=3.0.10"]
    with pytest.raises(ValueError, match="already has a plugin named 'mine'"):
        enc.add_plugin("mine", ("typeddcm.compat.pixels.encoders.native", "_encode_frame"))
    with pytest.raises(RuntimeError, match="specified plugin is missing dependencies"):
        enc._validate_plugins("gdcm")
    with pytest.raises(ValueError, match=r"No plugin named 'foo'.*available plugins are: mine"):
        enc._validate_plugins("foo")
    enc.remove_plugin("mine")
    with pytest.raises(RuntimeError, match="because all plugins are missing dependencies"):
        enc._validate_plugins()
    with pytest.raises(ValueError, match="Unable to remove 'mine'"):
        enc.remove_plugin("mine")


# ----------------------------------------------------------------- the runner


def test_runner_options_and_str() -> None:
    runner = EncodeRunner(RLE)
    assert runner.get_option("byteorder") == "<"
    assert runner.pixel_keyword == "PixelData"
    with pytest.raises(ValueError, match="Deleting 'byteorder' is not allowed"):
        runner.del_option("byteorder")
    runner.set_encoders({"a": native._encode_frame})
    assert str(runner).splitlines() == [
        "EncodeRunner for 'RLE Lossless'", "Options", "  transfer_syntax_uid: 1.2.840.10008.1.2.5",
        "  byteorder: <", "  pixel_keyword: PixelData", "Encoders", "  a"]
    with pytest.raises(TypeError, match=r"'src' must be bytes, numpy\.ndarray or"):
        runner.set_source([1, 2])
    big = np.arange(6, dtype=">u2").reshape(2, 3)
    runner.set_source(big)
    assert runner.src.dtype.byteorder in ("<", "=") and (runner.src == big).all()


def test_runner_source_from_a_dataset() -> None:
    _, ours = _both("CT_small.dcm")
    runner = EncodeRunner(RLE)
    runner.set_source(ours)
    assert runner.is_dataset
    assert (runner.rows, runner.columns, runner.bits_stored, runner.pixel_representation) == (
        128, 128, 16, 1)
    assert runner.src == ours.PixelData


@pytest.mark.parametrize(("allocated", "stored", "expected"), [
    (16, 8, b"\x01\x02\x03"), (32, 12, b"\x01\x00\x02\x00\x03\x00"),
    (24, 20, b"\x01\x00\x00\x00\x02\x00\x00\x00\x03\x00\x00\x00")])
def test_runner_frames_from_bytes_shrink_to_bits_stored(allocated: int, stored: int,
                                                       expected: bytes) -> None:
    size = allocated // 8
    data = b"".join(bytes([v]) + b"\x00" * (size - 1) for v in (1, 2, 3))
    for module in (base, their_base):
        runner = module.EncodeRunner(RLE)
        runner.set_options(rows=1, columns=3, samples_per_pixel=1, number_of_frames=1,
                           bits_allocated=allocated, bits_stored=stored,
                           pixel_representation=0, photometric_interpretation="MONOCHROME2")
        runner.set_source(data)
        assert runner.get_frame(None) == expected


def test_runner_frames_from_arrays_as_pydicom() -> None:
    arr = np.arange(2 * 2 * 3 * 3, dtype=np.uint16).reshape(2, 2, 3, 3)
    for uid in (RLE, JLS):
        for planar in (0, 1):
            got = []
            for module in (base, their_base):
                runner = module.EncodeRunner(uid)
                runner.set_options(rows=2, columns=3, samples_per_pixel=3, number_of_frames=2,
                                   bits_allocated=16, bits_stored=12, pixel_representation=0,
                                   photometric_interpretation="RGB",
                                   planar_configuration=planar)
                runner.set_source(arr)
                got.append([runner.get_frame(0), runner.get_frame(1)])
            assert got[0] == got[1]


def test_runner_validation_messages_are_pydicoms() -> None:
    cases: list[tuple[str, Any, dict[str, Any]]] = [
        (RLE, np.ones((2, 2), np.float32), {}),
        (RLE, np.ones((2, 2), np.int8), {}),
        (RLE, np.ones((2, 2), np.uint8), {"bits_allocated": 16}),
        (RLE, np.full((2, 2), 9, np.uint16), {"bits_allocated": 16, "bits_stored": 3}),
        (RLE, np.ones((3, 2), np.uint8), {}),
        (RLE, np.ones((1, 2, 2, 2, 2), np.uint8), {}),
        (JLS_NEAR, np.full((2, 2), 126, np.int8), {"pixel_representation": 1, "jls_error": 3}),
        (RLE, b"\x00" * 3, {}),
        (RLE, np.ones((2, 2, 3), np.uint8), {"samples_per_pixel": 3, "planar_configuration": 0,
                                             "bits_allocated": 8, "bits_stored": 8,
                                             "photometric_interpretation": "YBR_ICT"}),
    ]
    for text, src, extra in cases:
        uid = pydicom.uid.UID(text)
        opts = {"rows": 2, "columns": 2, "samples_per_pixel": 1, "number_of_frames": 1,
                "bits_allocated": 8, "bits_stored": 8, "pixel_representation": 0,
                "photometric_interpretation": "MONOCHROME2", **extra}
        messages = []
        for module in (base, their_base):
            runner = module.EncodeRunner(uid)
            runner.set_source(src)
            runner.set_options(**opts)
            with pytest.raises(ValueError, match=r"\S") as info:
                runner.validate()
            messages.append(str(info.value))
        assert messages[0] == messages[1]


# ----------------------------------------------------------------- encoding


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm"])
def test_rle_frames_of_datasets_are_pydicoms_byte_for_byte(name: str) -> None:
    theirs, ours = _both(name)
    expected = list(their_base.RLELosslessEncoder.iter_encode(theirs, encoding_plugin="pydicom"))
    assert list(encoders.RLELosslessEncoder.iter_encode(ours, encoding_plugin="pydicom")) == (
        expected)


@pytest.mark.parametrize("name", ["CT_small.dcm", "SC_rgb_rle.dcm", "SC_rgb_rle_16bit.dcm",
                                  "SC_rgb_rle_2frame.dcm", "rtdose.dcm"])
def test_rle_frames_of_arrays_are_pydicoms_byte_for_byte(name: str) -> None:
    theirs, arr = _array_source(name)
    opts = _options(theirs, planar_configuration=0)
    validate = theirs.BitsAllocated <= 16  # 32-bit is outside PS3.5 Table 8.2.2-1
    got = list(encoders.RLELosslessEncoder.iter_encode(arr, validate=validate, **opts))
    assert got == list(their_base.RLELosslessEncoder.iter_encode(arr, validate=validate,
                                                                 **opts))


def _array_source(name: str) -> tuple[Any, npt.NDArray[Any]]:
    theirs, _ = _both(name)
    return theirs, theirs.pixel_array


def test_encode_errors_as_pydicom() -> None:
    theirs, ours = _both("CT_small.dcm")
    enc = encoders.RLELosslessEncoder
    with pytest.raises(ValueError, match="'index' must be greater than or equal to 0"):
        enc.encode(ours, index=-1)
    with pytest.raises(RuntimeError, match="  pydicom: Unsupported option \"byteorder = '>'\""):
        enc.encode(ours, byteorder=">")
    with pytest.raises(ValueError, match="No plugin named 'foo' has been added to "
                       "'RLELosslessEncoder'"):
        enc.encode(ours, encoding_plugin="foo")
    two = theirs.PixelData * 2
    opts = _options(theirs, number_of_frames=2)
    with pytest.raises(ValueError, match="The 'index' of the frame to be encoded is required"):
        enc.encode(two, **opts)
    assert enc.encode(two, index=1, **opts) == their_base.RLELosslessEncoder.encode(
        two, index=1, **opts)
    with pytest.raises(TypeError, match="not 'str'"):
        next(enc.iter_encode("abc"))


@pytest.mark.skipif(not HAVE_JLS, reason="pyjpegls is not installed")
@pytest.mark.parametrize(("uid", "extra"), [(JLS, {}), (JLS_NEAR, {"jls_error": 2})])
def test_jpeg_ls_decodes_with_pydicom(uid: str, extra: dict[str, Any]) -> None:
    for name in ("CT_small.dcm", "SC_rgb_rle.dcm"):
        theirs, arr = _array_source(name)
        for planar in ((0, 1) if theirs.SamplesPerPixel == 3 else (0,)):
            opts = _options(theirs, **extra)
            if theirs.SamplesPerPixel == 3:
                opts["planar_configuration"] = planar
            frame = get_encoder(uid).encode(arr, **opts)
            out, _ = their_decoders.get_decoder(uid).as_array(
                encapsulate([frame]), decoding_plugin="pyjpegls",
                **{k: v for k, v in opts.items() if k != "jls_error"})
            assert np.abs(out.astype(int) - arr).max() <= extra.get("jls_error", 0)
    theirs, arr = _array_source("CT_small.dcm")
    with pytest.raises(RuntimeError, match="did you mean to use 'JPEG-LS Near Lossless'"):
        get_encoder(JLS).encode(arr, jls_error=1, **_options(theirs))


@pytest.mark.skipif(not HAVE_OPENJPEG, reason="pylibjpeg-openjpeg is not installed")
@pytest.mark.parametrize(("uid", "extra"), [
    (J2K, {}), (J2K, {"photometric_interpretation": "YBR_RCT"}),
    (J2K_LOSSY, {"j2k_cr": [5, 2]}), (J2K_LOSSY, {"j2k_psnr": [60]})])
def test_jpeg_2000_codestreams_are_pydicoms(uid: str, extra: dict[str, Any]) -> None:
    for name in ("CT_small.dcm", "SC_rgb_rle.dcm"):
        theirs, arr = _array_source(name)
        opts = _options(theirs, **extra)
        if theirs.SamplesPerPixel == 1 and "photometric_interpretation" in extra:
            continue
        if uid == J2K_LOSSY and opts["photometric_interpretation"] == "YBR_RCT":
            continue
        assert get_encoder(uid).encode(arr, **opts) == their_base.get_encoder(uid).encode(
            arr, **opts)
    theirs, arr = _array_source("CT_small.dcm")
    with pytest.raises(RuntimeError, match="requires a lossy configuration option"):
        get_encoder(J2K_LOSSY).encode(arr, **_options(theirs))


def test_encoders_deprecated_module() -> None:
    from typeddcm.compat import config
    from typeddcm.compat import encoders as old

    with pytest.warns(DeprecationWarning, match="'pydicom.encoders' module will be removed"):
        assert old.get_encoder is get_encoder
    with pytest.warns(DeprecationWarning, match="import RLELosslessEncoder"):
        assert old.RLELosslessEncoder is encoders.RLELosslessEncoder
    original = config._use_future
    config._use_future = True
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            with pytest.raises(AttributeError):
                _ = old.get_encoder
    finally:
        config._use_future = original


# ----------------------------------------------------------------- native (RLE) helpers


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 2), max_size=260), st.integers(1, 40))
def test_native_row_and_segment_are_pydicoms(row: list[int], columns: int) -> None:
    assert native._encode_row(row) == their_native._encode_row(bytes(row))
    assert native._encode_segment(bytes(row), columns) == their_native._encode_segment(
        bytes(row), columns)


def _runner_for(arr: npt.NDArray[Any], module: Any) -> Any:
    runner = module.EncodeRunner(RLE)
    runner.set_options(rows=arr.shape[0], columns=arr.shape[1],
                       samples_per_pixel=arr.shape[2] if arr.ndim == 3 else 1,
                       bits_allocated=arr.dtype.itemsize * 8)
    return runner


def test_native_frame_is_pydicoms() -> None:
    for arr in (np.arange(60, dtype=np.uint8).reshape(3, 4, 5) // 7,
                np.arange(40, dtype=np.uint32).reshape(5, 8) * 99991):
        ours = native._encode_frame(arr.tobytes(), _runner_for(arr, base))
        assert ours == their_native._encode_frame(arr.tobytes(), _runner_for(arr, their_base))
    many = np.zeros((1, 1, 16), np.uint8)
    with pytest.raises(ValueError, match="maximum of 15 segments"):
        native._encode_frame(many.tobytes(), _runner_for(many, base))
    runner = _runner_for(many, base)
    runner.set_option("byteorder", ">")
    with pytest.raises(ValueError, match="Unsupported option"):
        native._encode_frame(b"", runner)


def test_native_frame_widens_a_narrow_container_with_the_sign() -> None:
    arr = np.array([[-3, 4], [100, -128]], np.int8)
    runner = _runner_for(arr, base)
    runner.set_options(bits_allocated=16, bits_stored=8, pixel_representation=1)
    frame = native._encode_frame(arr.tobytes(), runner)
    from typeddcm.pixels import rle

    np.testing.assert_array_equal(rle.decode_frame(frame, 2, 2, 1, 16).view(np.int16), arr)

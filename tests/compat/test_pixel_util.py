"""pixel_data_handlers: util, the handler modules, config.pixel_data_handlers, and the
pydicom 2.x pixel methods (compress, is_decompressed), against pydicom 3 as the oracle
(``pydicom.pixels.utils`` / ``processing`` and its v2 handlers) on its wheel files."""

from __future__ import annotations

import copy
import importlib
import importlib.util
import io
import sys
import types
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import typeddcm.compat as tc
from typeddcm.compat import config
from typeddcm.compat.pixel_data_handlers import (
    gdcm_handler,
    jpeg_ls_handler,
    numpy_handler,
    pillow_handler,
    pylibjpeg_handler,
    rle_handler,
    util,
)

pydicom = pytest.importorskip("pydicom")
pu = pytest.importorskip("pydicom.pixels.utils")
pp = pytest.importorskip("pydicom.pixels.processing")
p_numpy = pytest.importorskip("pydicom.pixel_data_handlers.numpy_handler")
p_rle = pytest.importorskip("pydicom.pixel_data_handlers.rle_handler")
p_util = pytest.importorskip("pydicom.pixel_data_handlers.util")

_DATA = Path(pydicom.__file__).parent / "data" / "test_files"
_NATIVE = ["CT_small.dcm", "MR_small_bigendian.dcm", "ExplVR_BigEnd.dcm", "rtdose.dcm",
           "SC_rgb_small_odd.dcm", "SC_ybr_full_422_uncompressed.dcm", "liver_1frame.dcm",
           "examples_palette.dcm", "MR_small_implicit.dcm", "rtdose_expb.dcm"]
_RLE = ["SC_rgb_rle.dcm", "SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_rle_32bit.dcm",
        "MR_small_RLE.dcm", "rtdose_rle.dcm"]


def _both(name: str) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(_DATA / name), tc.dcmread(_DATA / name)


def _quiet(function: Any, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


# ----------------------------------------------------------------------- Image Pixel facts


@pytest.mark.parametrize("name", _NATIVE + _RLE)
def test_image_pixel_facts_match_pydicom(name: str) -> None:
    theirs, ours = _both(name)
    assert util.pixel_dtype(ours) == pu.pixel_dtype(theirs)
    assert util.get_nr_frames(ours) == pu.get_nr_frames(theirs)
    for unit in ("bytes", "pixels"):
        assert util.get_expected_length(ours, unit) == pu.get_expected_length(theirs, unit)
    ids = util.get_image_pixel_ids(ours)
    assert set(ids) == set(pu.get_image_pixel_ids(theirs))
    assert util.get_image_pixel_ids(ours) == ids  # stable while nothing changes


@pytest.mark.parametrize("name", _NATIVE)
def test_reshape_pixel_array_matches_pydicom(name: str) -> None:
    theirs, ours = _both(name)
    flat = _quiet(p_numpy.get_pixeldata, theirs)
    assert flat.ndim == 1
    expected = pu.reshape_pixel_array(theirs, flat.copy())
    got = util.reshape_pixel_array(ours, flat.copy())
    np.testing.assert_array_equal(got, expected)
    assert util.reshape_pixel_array(ours, got) is got  # already shaped: as it is


def test_pixel_dtype_float_and_errors() -> None:
    _, ours = _both("rtdose.dcm")
    assert util.pixel_dtype(ours, as_float=True) == np.dtype("float32")
    ours.PixelRepresentation = 2
    with pytest.raises(ValueError, match="Pixel Representation"):
        util.pixel_dtype(ours)
    ours.PixelRepresentation = 0
    ours.BitsAllocated = 12
    with pytest.raises(ValueError, match="Bits Allocated"):
        util.pixel_dtype(ours)
    bare = tc.Dataset()
    bare.PixelRepresentation = 0
    bare.BitsAllocated = 16
    with pytest.raises(AttributeError, match="endianness"):
        util.pixel_dtype(bare)
    bare.is_little_endian = False
    assert util.pixel_dtype(bare) == np.dtype(">u2")


def test_get_nr_frames_warns_for_zero() -> None:
    ds = tc.Dataset()
    assert util.get_nr_frames(ds) == 1
    ds.NumberOfFrames = 0
    with pytest.warns(UserWarning, match="non-conformant"):
        assert util.get_nr_frames(ds) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert util.get_nr_frames(ds, warn=False) == 1


def test_image_pixel_ids_change_with_the_element() -> None:
    _, ours = _both("CT_small.dcm")
    before = util.get_image_pixel_ids(ours)
    ours.Rows = 2
    after = util.get_image_pixel_ids(ours)
    assert before["Rows"] != after["Rows"] and before["Columns"] == after["Columns"]


def test_dtype_corrected_for_endianness() -> None:
    for little in (True, False):
        for dtype in (np.dtype("u2"), np.dtype("i4"), np.dtype("u1")):
            assert (util.dtype_corrected_for_endianness(little, dtype)
                    == p_util._dtype_corrected_for_endianness(little, dtype))
    with pytest.raises(ValueError, match="is_little_endian"):
        util.dtype_corrected_for_endianness(None, np.dtype("u2"))


@pytest.mark.parametrize("name", ["MR_small_jp2klossless.dcm", "JPEG2000.dcm", "693_J2KI.dcm",
                                  "examples_jpeg2k.dcm"])
def test_get_j2k_parameters(name: str) -> None:
    theirs, _ = _both(name)
    frame = next(pydicom.encaps.generate_frames(theirs.PixelData, number_of_frames=1))
    assert util.get_j2k_parameters(frame) == pu.get_j2k_parameters(frame)
    assert util.get_j2k_parameters(b"\xff\xd8\xff\xe0") == pu.get_j2k_parameters(b"\xff\xd8") == {}


# ----------------------------------------------------------------------- LUTs and colour


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "rtdose.dcm",
                                  "MR_small_bigendian.dcm"])
def test_luts_match_pydicom(name: str) -> None:
    theirs, ours = _both(name)
    arr = theirs.pixel_array
    for function in ("apply_modality_lut", "apply_rescale"):
        expected = pp.apply_modality_lut(arr, theirs)
        got = getattr(util, function)(arr, ours)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
    if "WindowCenter" in theirs:
        np.testing.assert_allclose(util.apply_voi_lut(arr, ours), pp.apply_voi_lut(arr, theirs))
        np.testing.assert_allclose(util.apply_windowing(arr, ours),
                                   pp.apply_windowing(arr, theirs))
        np.testing.assert_allclose(util.apply_voi_lut(arr, ours, prefer_lut=False),
                                   pp.apply_voi_lut(arr, theirs, prefer_lut=False))
    assert util.apply_voi(arr, ours) is arr  # no VOI LUT Sequence: unchanged
    np.testing.assert_array_equal(util.apply_presentation_lut(arr, ours),
                                  pp.apply_presentation_lut(arr, theirs))


def test_color_lut_and_conversion_match_pydicom(monkeypatch: pytest.MonkeyPatch) -> None:
    import typeddcm.compat.data as data

    theirs, ours = _both("examples_palette.dcm")
    arr = theirs.pixel_array
    np.testing.assert_array_equal(util.apply_color_lut(arr, ours), pp.apply_color_lut(arr, theirs))
    monkeypatch.setattr(data, "testdata_dirs", [])
    monkeypatch.delenv(data.ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(IndexError, match="palette"):  # no palette files here (as pydicom's)
        util.apply_color_lut(arr, palette="PET")
    rgb = _both("examples_rgb_color.dcm")[0].pixel_array
    for current, desired in (("RGB", "YBR_FULL"), ("RGB", "YBR_FULL_422"), ("RGB", "RGB")):
        expected = pp.convert_color_space(rgb, current, desired)
        np.testing.assert_array_equal(util.convert_color_space(rgb, current, desired), expected)
        ybr = pp.convert_color_space(rgb, "RGB", "YBR_FULL")
        np.testing.assert_array_equal(util.convert_color_space(ybr, desired, current),
                                      pp.convert_color_space(ybr, desired, current))
    for current, desired in (("RGB", "CMYK"), ("YBR_ICT", "RGB")):
        with pytest.raises(NotImplementedError):
            util.convert_color_space(rgb, current, desired)
        with pytest.raises(NotImplementedError):
            pp.convert_color_space(rgb, current, desired)


def test_lut_functions_need_a_dataset() -> None:
    with pytest.raises(TypeError, match="Dataset"):
        util.apply_modality_lut(np.zeros(3), {"RescaleSlope": 2})


# ----------------------------------------------------------------------- bits and bytes


@settings(max_examples=50, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=3, max_side=17),
                  elements=st.integers(0, 1)), st.booleans())
def test_pack_and_unpack_bits_match_pydicom(bits: Any, pad: bool) -> None:
    packed = util.pack_bits(bits, pad)
    assert packed == pu.pack_bits(bits, pad=pad)
    unpacked = util.unpack_bits(packed)
    np.testing.assert_array_equal(unpacked, pu.unpack_bits(packed))
    np.testing.assert_array_equal(unpacked[: bits.size], bits.reshape(-1))
    assert util.unpack_bits(packed, as_array=False) == pu.unpack_bits(packed, as_array=False)


def test_pack_bits_errors_as_pydicom() -> None:
    for bad in (np.array([0, 2]), np.array([-1, 1])):
        with pytest.raises(ValueError, match="Only binary arrays"):
            util.pack_bits(bad)
        with pytest.raises(ValueError, match="Only binary arrays"):
            pu.pack_bits(bad)


@pytest.mark.parametrize("bits", [8, 16, 32])
def test_expand_ybr422_matches_pydicom(bits: int) -> None:
    data = np.random.default_rng(bits).integers(0, 255, size=4 * 6 * bits // 8,
                                                dtype=np.uint8).tobytes()
    assert util.expand_ybr422(data, bits) == pu.expand_ybr422(data, bits)
    _, ours = _both("SC_ybr_full_422_uncompressed.dcm")
    native = bytes(ours.PixelData)
    assert util.expand_ybr422(native, 8) == pu.expand_ybr422(native, 8)
    with pytest.raises(ValueError, match="whole groups"):
        util.expand_ybr422(data[:-1], bits)
    with pytest.raises(ValueError, match="Bits Allocated"):
        util.expand_ybr422(data, 12)


# ----------------------------------------------------------------------- the package


def test_package_level_names_and_modules() -> None:
    import typeddcm.compat.pixel_data_handlers as handlers

    assert handlers.apply_modality_lut is util.apply_modality_lut
    assert handlers.unpack_bits is util.unpack_bits
    assert handlers.util is util and handlers.gdcm_handler is gdcm_handler
    with pytest.raises(AttributeError):
        handlers.no_such_name  # noqa: B018


def test_config_pixel_data_handlers_is_image_handlers() -> None:
    assert list(config.pixel_data_handlers) == list(config.image_handlers)
    assert "pixel_data_handlers" in dir(config)
    try:
        config.pixel_data_handlers = [rle_handler]
        assert list(config.image_handlers) == [rle_handler]
        config.pixel_data_handlers.append(numpy_handler)
        assert list(config.image_handlers) == [rle_handler, numpy_handler]
    finally:
        del config.pixel_data_handlers
    assert list(list.__iter__(config.image_handlers)) == list(config.DEFAULT_IMAGE_HANDLERS)


def test_a_handler_giving_flat_samples_is_reshaped() -> None:
    """pydicom 1.x's contract: get_pixeldata may return the samples 1-D, in stored order."""
    theirs, ours = _both("ExplVR_BigEnd.dcm")  # planar configuration 1
    flat_handler = types.SimpleNamespace(
        supports_transfer_syntax=lambda ds: True,
        get_pixeldata=lambda ds: _quiet(p_numpy.get_pixeldata, theirs))
    try:
        config.image_handlers = [flat_handler]
        np.testing.assert_array_equal(ours.pixel_array, theirs.pixel_array)
    finally:
        del config.image_handlers


# ----------------------------------------------------------------------- handler modules


@pytest.mark.parametrize("module", [numpy_handler, rle_handler, pillow_handler, gdcm_handler,
                                    jpeg_ls_handler, pylibjpeg_handler])
def test_handler_interface(module: types.ModuleType) -> None:
    for name in ("HANDLER_NAME", "DEPENDENCIES", "SUPPORTED_TRANSFER_SYNTAXES", "is_available",
                 "supports_transfer_syntax", "needs_to_convert_to_RGB", "get_pixeldata",
                 "should_change_PhotometricInterpretation_to_RGB", "HAVE_NP"):
        assert hasattr(module, name), name
    _, ours = _both("CT_small.dcm")
    assert module.needs_to_convert_to_RGB(ours) is False
    assert module.should_change_PhotometricInterpretation_to_RGB(ours) is False
    for uid in module.SUPPORTED_TRANSFER_SYNTAXES:
        assert module.supports_transfer_syntax(uid)
    if module is not numpy_handler:
        assert not module.supports_transfer_syntax(ours)
        with pytest.raises((NotImplementedError, ImportError)):
            module.get_pixeldata(ours)


def test_numpy_handler() -> None:
    theirs, ours = _both("CT_small.dcm")
    assert numpy_handler.HAVE_NP and numpy_handler.is_available()
    got = numpy_handler.get_pixeldata(ours)
    assert got.flags.writeable
    np.testing.assert_array_equal(got, theirs.pixel_array)
    view = numpy_handler.get_pixeldata(ours, read_only=True)
    np.testing.assert_array_equal(view, theirs.pixel_array)
    _, rle = _both("SC_rgb_rle.dcm")
    with pytest.raises(NotImplementedError):
        numpy_handler.get_pixeldata(rle)
    with pytest.raises(NotImplementedError):
        _quiet(p_numpy.get_pixeldata, pydicom.dcmread(_DATA / "SC_rgb_rle.dcm"))
    del ours.Rows
    with pytest.raises(AttributeError, match="Rows"):
        numpy_handler.get_pixeldata(ours)


def _first_frame(theirs: Any) -> bytes:
    frames = pydicom.encaps.generate_frames(theirs.PixelData,
                                            number_of_frames=pu.get_nr_frames(theirs))
    return bytes(next(frames))


@pytest.mark.parametrize("name", _RLE)
@pytest.mark.parametrize("order", [">", "<"])
def test_rle_decode_frame_matches_pydicom(name: str, order: str) -> None:
    theirs, ours = _both(name)
    frame = _first_frame(theirs)
    shape = (theirs.Rows, theirs.Columns, theirs.SamplesPerPixel, theirs.BitsAllocated)
    expected = _quiet(p_rle._rle_decode_frame, frame, *shape, order)
    assert rle_handler.rle_decode_frame(frame, *shape, order) == expected
    assert rle_handler._rle_decode_frame(frame, *shape, segment_order=order) == expected
    got = rle_handler.get_pixeldata(ours, order)
    their_flat = _quiet(p_rle.get_pixeldata, theirs, order)
    if order == ">":
        np.testing.assert_array_equal(got, theirs.pixel_array)
    elif theirs.BitsAllocated == theirs.BitsStored:  # pydicom 2's handler masks nothing
        np.testing.assert_array_equal(got, pu.reshape_pixel_array(theirs, their_flat))


def test_rle_encode_frame_round_trip() -> None:
    theirs, _ = _both("SC_rgb_rle_16bit.dcm")
    arr = theirs.pixel_array
    encoded = rle_handler.rle_encode_frame(arr)
    assert rle_handler._parse_rle_header(encoded[:64]) == p_rle._parse_rle_header(encoded[:64])
    decoded = _quiet(p_rle._rle_decode_frame, encoded, arr.shape[0], arr.shape[1], 3, 16)
    planes = np.frombuffer(bytes(decoded), "<u2").reshape(3, *arr.shape[:2]).transpose(1, 2, 0)
    np.testing.assert_array_equal(planes, arr)
    with pytest.raises(ValueError, match="one frame at a time"):
        rle_handler.rle_encode_frame(np.zeros((2, 2, 2, 3), np.uint8))
    with pytest.raises(ValueError, match="at most 15"):
        rle_handler.rle_encode_frame(np.zeros((2, 2, 16), np.uint8))  # 16 segments
    with pytest.raises(ValueError, match="64 bytes"):
        rle_handler._parse_rle_header(b"\x00" * 10)
    with pytest.raises(NotImplementedError):
        rle_handler.rle_decode_frame(encoded, 2, 2, 1, 12)
    with pytest.raises(ValueError, match="segment"):
        rle_handler.rle_decode_frame(encoded[:70], arr.shape[0], arr.shape[1], 3, 16)


def test_gdcm_handler_tells_the_truth() -> None:
    has_gdcm = importlib.util.find_spec("gdcm") is not None
    assert gdcm_handler.is_available() is has_gdcm is gdcm_handler.HAVE_GDCM
    theirs, ours = _both("SC_rgb_jpeg_gdcm.dcm")
    assert gdcm_handler.supports_transfer_syntax(ours)
    if not has_gdcm:
        p_gdcm = importlib.import_module("pydicom.pixel_data_handlers.gdcm_handler")
        with pytest.raises(ImportError):
            p_gdcm.get_pixeldata(theirs)
        with pytest.raises(ImportError, match="gdcm"):
            gdcm_handler.get_pixeldata(ours)


def test_jpeg_ls_handler() -> None:
    has_pyjpegls = importlib.util.find_spec("jpeg_ls") is not None
    assert jpeg_ls_handler.is_available() is has_pyjpegls
    theirs, ours = _both("MR_small_jpeg_ls_lossless.dcm")
    assert jpeg_ls_handler.supports_transfer_syntax(ours)
    if not has_pyjpegls:
        with pytest.raises(ImportError):
            jpeg_ls_handler.get_pixeldata(ours)
        return
    np.testing.assert_array_equal(jpeg_ls_handler.get_pixeldata(ours), theirs.pixel_array)


def test_pylibjpeg_handler() -> None:
    assert pylibjpeg_handler.is_available() is (importlib.util.find_spec("pylibjpeg") is not None)
    _, rle = _both("SC_rgb_rle.dcm")
    if not pylibjpeg_handler.HAVE_RLE:
        with pytest.raises(RuntimeError, match="pylibjpeg-rle"):
            pylibjpeg_handler.get_pixeldata(rle)
    theirs, ours = _both("MR_small_jp2klossless.dcm")
    if not (pylibjpeg_handler.HAVE_PYLIBJPEG and pylibjpeg_handler.HAVE_OPENJPEG):
        with pytest.raises(RuntimeError):
            pylibjpeg_handler.get_pixeldata(ours)
        return
    np.testing.assert_array_equal(pylibjpeg_handler.get_pixeldata(ours), theirs.pixel_array)
    np.testing.assert_array_equal(pylibjpeg_handler.as_array(ours), theirs.pixel_array)
    frames = list(pylibjpeg_handler.generate_frames(ours, reshape=False))
    assert len(frames) == 1 and frames[0].ndim == 1 and frames[0].flags.writeable


def test_pillow_handler_flags() -> None:
    assert pillow_handler.HAVE_PIL is (importlib.util.find_spec("PIL") is not None)
    assert set(pillow_handler.PillowSupportedTransferSyntaxes) <= set(
        pillow_handler.SUPPORTED_TRANSFER_SYNTAXES)
    from PIL import features

    assert pillow_handler.HAVE_JPEG is bool(features.check_codec("jpg"))
    assert pillow_handler.HAVE_JPEG2K is bool(features.check_codec("jpg_2000"))


# ----------------------------------------------------------------------- Dataset methods


def test_compress_rle_like_pydicom() -> None:
    theirs, ours = _both("CT_small.dcm")
    uid = ours.SOPInstanceUID
    ours.compress("1.2.840.10008.1.2.5")
    theirs.compress("1.2.840.10008.1.2.5")
    assert ours.file_meta.TransferSyntaxUID == theirs.file_meta.TransferSyntaxUID
    assert ours.SOPInstanceUID != uid and ours.file_meta.MediaStorageSOPInstanceUID == \
        ours.SOPInstanceUID
    assert ours["PixelData"].is_undefined_length and ours["PixelData"].VR == "OB"
    np.testing.assert_array_equal(ours.pixel_array, theirs.pixel_array)
    buffer = io.BytesIO()
    ours.save_as(buffer)
    again = pydicom.dcmread(io.BytesIO(buffer.getvalue()))
    np.testing.assert_array_equal(again.pixel_array, pydicom.dcmread(_DATA / "CT_small.dcm")
                                  .pixel_array)
    with pytest.raises(ValueError, match="Only uncompressed"):
        ours.compress("1.2.840.10008.1.2.5")
    with pytest.raises(ValueError, match="Only uncompressed"):
        theirs.compress("1.2.840.10008.1.2.5")


def test_compress_options() -> None:
    _, ours = _both("SC_rgb_small_odd.dcm")
    uid = ours.SOPInstanceUID
    arr = ours.pixel_array
    ours.compress("1.2.840.10008.1.2.5", generate_instance_uid=False, encapsulate_ext=True)
    assert ours.SOPInstanceUID == uid and "ExtendedOffsetTable" in ours
    np.testing.assert_array_equal(ours.pixel_array, arr)
    _, ct = _both("CT_small.dcm")
    replacement = np.zeros((ct.Rows, ct.Columns), dtype=np.int16) + 7
    ct.compress("1.2.840.10008.1.2.5", replacement)
    np.testing.assert_array_equal(ct.pixel_array, replacement)
    _, ct = _both("CT_small.dcm")
    with pytest.raises(ValueError, match="does not match"):
        ct.compress("1.2.840.10008.1.2.5", np.zeros((3, 3), np.int16))
    if importlib.util.find_spec("openjpeg") is not None:  # pydicom's pylibjpeg plugin takes it
        psnr = copy.deepcopy(ct)
        psnr.compress("1.2.840.10008.1.2.4.91", j2k_psnr=[80.0])
        assert psnr.LossyImageCompression == "01"
    with pytest.raises(NotImplementedError):
        ct.compress("1.2.3.4")
    no_pixels = tc.Dataset()
    no_pixels.Rows = 2
    with pytest.raises(AttributeError, match="Transfer Syntax UID"):  # as pydicom 3
        no_pixels.compress("1.2.840.10008.1.2.5")
    no_pixels.ensure_file_meta()
    no_pixels.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    with pytest.raises(AttributeError, match="no Pixel Data"):
        no_pixels.compress("1.2.840.10008.1.2.5")


def test_compress_jpeg_2000_with_a_ratio() -> None:
    _, ours = _both("CT_small.dcm")
    ours.compress("1.2.840.10008.1.2.4.90")  # lossless
    np.testing.assert_array_equal(ours.pixel_array,
                                  pydicom.dcmread(_DATA / "CT_small.dcm").pixel_array)
    _, lossy = _both("CT_small.dcm")
    lossy.compress("1.2.840.10008.1.2.4.91", j2k_cr=[20.0, 5.0])
    assert lossy.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.4.91"
    assert lossy.pixel_array.shape == (128, 128)


def test_is_decompressed() -> None:
    _, ours = _both("SC_rgb_rle.dcm")
    seen = [ours.is_decompressed]
    _ = ours.pixel_array
    seen.append(ours.is_decompressed)
    ours.decompress()
    seen.append(ours.is_decompressed)
    ours.is_decompressed = False
    seen.append(ours.is_decompressed)
    assert seen == [False, False, True, False]
    assert pydicom.Dataset().is_decompressed is False and tc.Dataset().is_decompressed is False


def test_overlay_and_waveform_methods_are_pydicoms() -> None:
    theirs, ours = _both("examples_overlay.dcm")
    np.testing.assert_array_equal(ours.overlay_array(0x6000), theirs.overlay_array(0x6000))
    for group in (0x5FFF, 0x6100):
        with pytest.raises(ValueError, match="0x6000 and 0x60FF"):
            ours.overlay_array(group)
    with pytest.raises(AttributeError):
        ours.overlay_array(0x6002)
    with pytest.raises(AttributeError):
        theirs.overlay_array(0x6002)
    from typeddcm.compat import overlays

    assert overlays.is_available() and overlays.HAVE_NP
    elem = {"OverlayRows": 3, "OverlayColumns": 5, "NumberOfFramesInOverlay": 2}
    assert overlays.get_expected_length(elem) == 4
    assert overlays.get_expected_length(elem, "pixels") == 30
    assert overlays.reshape_overlay_array(elem, np.zeros(30)).shape == (2, 3, 5)
    with pytest.raises(ValueError, match="Number of Frames in Overlay"):
        overlays.reshape_overlay_array({**elem, "NumberOfFramesInOverlay": 0}, np.zeros(30))
    theirs, ours = _both("waveform_ecg.dcm")
    np.testing.assert_array_equal(ours.waveform_array(0), theirs.waveform_array(0))
    from typeddcm.compat import waveforms

    p_wave = importlib.import_module("pydicom.waveforms.numpy_handler")
    assert waveforms.WAVEFORM_DTYPES == p_wave.WAVEFORM_DTYPES
    assert waveforms.is_available()
    np.testing.assert_array_equal(waveforms.multiplex_array(ours, 1),
                                  p_wave.multiplex_array(theirs, 1))


def test_modules_import_without_side_effects() -> None:
    for name in ("util", "gdcm_handler", "jpeg_ls_handler", "pylibjpeg_handler"):
        assert f"typeddcm.compat.pixel_data_handlers.{name}" in sys.modules

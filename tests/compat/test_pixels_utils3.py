"""pydicom 3's private helpers and error contracts in compat.pixels.utils / processing and
pixel_data_handlers.util, against pydicom 3.0.2 as the oracle on its wheel files."""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from tests.codec.pydicom_files import wheel_files
from typeddcm.compat.pixel_data_handlers import util as tc_util
from typeddcm.compat.pixels import processing, utils
from typeddcm.compat.pixels.decoders.base import _PIXEL_DATA_DECODERS, get_decoder

pydicom = pytest.importorskip("pydicom")
pp_utils = pytest.importorskip("pydicom.pixels.utils")
pp_processing = pytest.importorskip("pydicom.pixels.processing")
pydicom_encaps = pytest.importorskip("pydicom.encaps")

_DATA = Path(pydicom.__file__).parent / "data"
_FILES = _DATA / "test_files"
EXPLICIT = "1.2.840.10008.1.2.1"
RLE = "1.2.840.10008.1.2.5"
_JPEG_FAMILY = ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81")


def _quiet_read(path: Path, module: Any = tc) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.dcmread(path, force=True)


def _first_frames() -> Iterator[Any]:
    """(file name, first compressed frame) of each JPEG / JPEG-LS wheel file."""
    for path in wheel_files():
        try:
            ds = _quiet_read(path, pydicom)
        except Exception:  # not a file pydicom reads: not in the oracle
            continue
        meta = getattr(ds, "file_meta", None)
        uid = str(meta.get("TransferSyntaxUID", "")) if meta is not None else ""
        if uid in _JPEG_FAMILY and "PixelData" in ds:
            frame = next(pydicom_encaps.generate_frames(ds.PixelData, number_of_frames=1))
            yield pytest.param(frame, id=path.name)


# ----------------------------------------------------------------- _get_jpg_parameters


@pytest.mark.parametrize("frame", list(_first_frames()))
def test_jpg_parameters_match_pydicom(frame: bytes) -> None:
    assert utils._get_jpg_parameters(frame) == pp_utils._get_jpg_parameters(frame)


def test_jpg_parameters_jpeg_ls_keys() -> None:
    frames = [p.values[0] for p in _first_frames()]
    infos = [utils._get_jpg_parameters(f) for f in frames]
    jls = [i for i in infos if "interleave_mode" in i]
    assert jls, "the wheel has JPEG-LS files"
    assert all(i["lossy_error"] >= 0 and i["interleave_mode"] in (0, 1, 2) for i in jls)


def test_jpg_parameters_unparsable() -> None:
    assert utils._get_jpg_parameters(b"") == {}
    assert utils._get_jpg_parameters(b"\x00\x00") == {}
    frame = next(p.values[0] for p in _first_frames())
    assert utils._get_jpg_parameters(frame[:20]) == {}


# ----------------------------------------------------------------- _passes_version_check


def test_version_check(caplog: pytest.LogCaptureFixture) -> None:
    assert utils._passes_version_check("numpy", (1, 0)) is True
    assert utils._passes_version_check("numpy", (999,)) is False
    tc.config.debug(True, default_handler=False)  # compat's DEBUG records show when debugging
    try:
        with caplog.at_level(logging.DEBUG, logger="pydicom"):
            assert utils._passes_version_check("no_such_module_h2", (1,)) is False
    finally:
        tc.config.debug(False)
    assert "no_such_module_h2" in caplog.text


# ----------------------------------------------------------------- _expand_segmented_lut


@pytest.mark.parametrize(("data", "fmt"), [
    ((0, 3, 10, 20, 30), "H"),
    ((0, 2, 0, 28672, 1, 5, 49152), "H"),
    ((0, 1, -400, 1, 5, 0), "H"),
    ((0, 1, 163, 1, 48, 255), "H"),
    ((0, 2, 0, 112, 1, 5, 192, 2, 2, 0, 0), "H"),
    ((0, 2, 0, 112, 1, 5, 192, 2, 1, 4, 0, 0, 0), "<B"),
    ((0, 2, 0, 112, 1, 5, 192, 2, 1, 0, 4, 0, 0), ">B"),
    ((0, 2, 0, 112, 0, 0), "H"),
])
def test_expand_segmented_lut_matches_pydicom(data: tuple[int, ...], fmt: str) -> None:
    assert processing._expand_segmented_lut(data, fmt) == pp_processing._expand_segmented_lut(
        data, fmt)


@pytest.mark.parametrize("name", ["spring.dcm", "summer.dcm", "fall.dcm", "winter.dcm",
                                  "hotiron.dcm", "pet.dcm"])
def test_expand_segmented_palettes(name: str) -> None:
    ds = _quiet_read(_DATA / "palettes" / name)
    for colour in ("Red", "Green", "Blue"):
        keyword = f"Segmented{colour}PaletteColorLookupTableData"
        if keyword not in ds:
            continue
        raw = bytes(getattr(ds, keyword))
        data = tuple(raw)
        fmt = f"<{len(raw)}B"
        assert processing._expand_segmented_lut(data, fmt) == \
            pp_processing._expand_segmented_lut(data, fmt)


@given(st.lists(st.integers(0, 255), min_size=1, max_size=40), st.integers(1, 30),
       st.integers(0, 255))
@settings(max_examples=60, deadline=None)
def test_expand_segmented_discrete_linear_property(values: list[int], length: int,
                                                   end: int) -> None:
    data = (0, len(values), *values, 1, length, end)
    ours = processing._expand_segmented_lut(data, "H")
    assert ours == pp_processing._expand_segmented_lut(data, "H")
    assert len(ours) == len(values) + length and ours[-1] == end


@pytest.mark.parametrize(("data", "text"), [
    ((1, 5, 49152), "the first segment cannot be a linear segment"),
    ((2, 5, 2, 0), "the first segment cannot be an indirect segment"),
    ((3, 5, 49152), "unknown segment type '3'"),
])
def test_expand_segmented_errors(data: tuple[int, ...], text: str) -> None:
    with pytest.raises(ValueError, match=text):
        processing._expand_segmented_lut(data, "H")


# ----------------------------------------------------------------- ICC profiles


def _icc() -> bytes:
    return (_FILES / "crayons.icc").read_bytes()


def test_icc_transform_matches_pydicom() -> None:
    pytest.importorskip("PIL.ImageCms")
    ours_ds = _quiet_read(_FILES / "SC_rgb_rle_2frame.dcm")
    theirs_ds = _quiet_read(_FILES / "SC_rgb_rle_2frame.dcm", pydicom)
    ours_ds.ICCProfile = theirs_ds.ICCProfile = _icc()
    arr = theirs_ds.pixel_array
    ours = processing.apply_icc_profile(arr.copy(), ours_ds)
    theirs = pp_processing.apply_icc_profile(arr.copy(), theirs_ds)
    assert np.array_equal(ours, theirs) and not np.array_equal(ours, arr)
    transform = processing.create_icc_transform(icc_profile=_icc())
    single = arr[0].copy()
    assert processing.apply_icc_profile(single, transform=transform) is single
    assert np.array_equal(single, theirs[0])
    assert "sRGB" in str(transform.output_profile.profile.profile_description)


@pytest.mark.parametrize(("kwargs", "error", "text"), [
    ({}, ValueError, "Either 'ds' or 'icc_profile' must be supplied"),
    ({"ds": "x", "icc_profile": b"y"}, ValueError, "Only one of 'ds' and 'icc_profile'"),
    ({"ds": tc.Dataset()}, ValueError, r"No \(0028,2000\) 'ICC Profile' element"),
    ({"icc_profile": b"x", "color_space": "ADOBERGB"}, ValueError,
     "Unsupported 'color_space' value 'ADOBERGB'"),
])
def test_icc_transform_errors(kwargs: dict[str, Any], error: type[Exception],
                              text: str) -> None:
    pytest.importorskip("PIL.ImageCms")
    with pytest.raises(error, match=text):
        processing.create_icc_transform(**kwargs)


def test_icc_errors() -> None:
    pytest.importorskip("PIL.ImageCms")
    ds = tc.Dataset()
    ds.ICCProfile = _icc()
    with pytest.raises(ValueError, match="Either 'ds' or 'transform'"):
        processing.apply_icc_profile(np.zeros((2, 2, 3), "u1"))
    with pytest.raises(ValueError, match="must have 3 or 4 dimensions, not 2"):
        processing.apply_icc_profile(np.zeros((2, 2), "u1"), ds)
    with pytest.raises(ValueError, match="Invalid ndarray shape"):
        processing.apply_icc_profile(np.zeros((2, 2, 2), "u1"), ds)
    with pytest.raises(ValueError, match="Invalid 'intent' value '-1'"):
        processing.apply_icc_profile(np.zeros((2, 2, 3), "u1"), ds, intent=-1)
    ds.ColorSpace = "ROMMRGB"
    with pytest.raises(ValueError, match="'Color Space' value 'ROMMRGB' is not supported"):
        processing.create_icc_transform(ds)


# ----------------------------------------------------------------- LUT and colour errors


@pytest.fixture
def palettes(monkeypatch: pytest.MonkeyPatch) -> None:
    """compat.data finds pydicom's wheel palettes (its ``palettes`` folder)."""
    import typeddcm.compat.data as data

    monkeypatch.setattr(data, "testdata_dirs", [_DATA])


@pytest.mark.usefixtures("palettes")
@pytest.mark.filterwarnings("ignore::UserWarning")  # pydicom warns on a palette name as UI
def test_well_known_palette_matches_pydicom() -> None:
    arr = (np.arange(256, dtype=np.uint8).reshape(16, 16))
    ours = tc_util.apply_color_lut(arr, palette="PET")
    assert np.array_equal(ours, pp_processing.apply_color_lut(arr, palette="PET"))
    assert np.array_equal(tc_util.apply_color_lut(arr, palette="1.2.840.10008.1.5.2"), ours)
    assert np.array_equal(tc_util.apply_color_lut(arr, palette="hot_iron"),
                          pp_processing.apply_color_lut(arr, palette="HOT_IRON"))
    with pytest.raises(ValueError, match="Unknown palette 'TEST'"):
        tc_util.apply_color_lut(arr, palette="TEST")


def test_well_known_palette_missing_file(monkeypatch: pytest.MonkeyPatch,
                                         tmp_path: Path) -> None:
    import typeddcm.compat.data as data

    monkeypatch.setattr(data, "testdata_dirs", [tmp_path])
    monkeypatch.delenv(data.ENVIRONMENT_VARIABLE, raising=False)
    with pytest.raises(IndexError, match=r"pet\.dcm"):
        tc_util.apply_color_lut(np.zeros((2, 2), "u1"), palette="PET")


def test_colour_lut_errors() -> None:
    ds = _quiet_read(_FILES / "examples_palette.dcm")
    arr = ds.pixel_array
    assert np.array_equal(tc_util.apply_color_lut(arr, ds), pp_processing.apply_color_lut(
        arr, _quiet_read(_FILES / "examples_palette.dcm", pydicom)))
    with pytest.raises(ValueError, match="Either 'ds' or 'palette' is required"):
        tc_util.apply_color_lut(arr)
    short = _quiet_read(_FILES / "examples_palette.dcm")
    short.BluePaletteColorLookupTableData = short.BluePaletteColorLookupTableData[:-2]
    with pytest.raises(ValueError, match="LUT data must be the same length"):
        tc_util.apply_color_lut(arr, short)
    for keyword in ("Red", "Green", "Blue"):
        name = f"{keyword}PaletteColorLookupTableData"
        setattr(short, name, getattr(ds, name)[:-2])
    with pytest.raises(ValueError, match=r"bit depth of the LUT data '15.9' is invalid"):
        tc_util.apply_color_lut(arr, short)
    del short.RedPaletteColorLookupTableData
    with pytest.raises(ValueError, match="No suitable Palette Color Lookup Table Module"):
        tc_util.apply_color_lut(arr, short)
    ds.PixelPresentation = "COLOR"
    with pytest.raises(ValueError, match="Supplemental Palette Color Lookup Table Module"):
        tc_util.apply_color_lut(arr, ds)


def test_windowing_and_presentation_errors() -> None:
    ds = _quiet_read(_FILES / "MR_small.dcm")
    arr = ds.pixel_array
    ds.WindowCenter, ds.WindowWidth = 100, 0
    ds.VOILUTFunction = "LINEAR"
    with pytest.raises(ValueError, match="Width must be greater than or equal to 1"):
        tc_util.apply_windowing(arr, ds)
    for function in ("LINEAR_EXACT", "SIGMOID"):
        ds.VOILUTFunction = function
        with pytest.raises(ValueError, match=f"greater than 0 for a '{function}'"):
            tc_util.apply_windowing(arr, ds)
    ds.VOILUTFunction = "UNKNOWN"
    with pytest.raises(ValueError, match=r"Unsupported \(0028,1056\) VOI LUT Function"):
        tc_util.apply_windowing(arr, ds)
    ds.VOILUTFunction = "LINEAR"
    ds.WindowWidth = 10
    ds.PhotometricInterpretation = "RGB"
    with pytest.raises(ValueError, match="only 'MONOCHROME1' and 'MONOCHROME2'"):
        tc_util.apply_windowing(arr, ds)
    ds.PresentationLUTShape = "FOO"
    with pytest.raises(NotImplementedError, match="'Presentation LUT Shape' value of 'FOO'"):
        tc_util.apply_presentation_lut(arr, ds)


def test_voi_checks() -> None:
    ds = _quiet_read(_FILES / "MR_small.dcm")
    arr = ds.pixel_array
    item = tc.Dataset()
    descriptor = [4, 0, 16]
    item.LUTDescriptor = descriptor
    item.LUTData = [0, 127, 32768, 65535]  # type: ignore[assignment]  # US, VM 4
    ds.VOILUTSequence = [item]
    item = ds.VOILUTSequence[0]
    for bits in (7, 17):
        item.LUTDescriptor = [descriptor[0], descriptor[1], bits]
        with pytest.raises(NotImplementedError, match=f"'{bits}' bits per LUT entry"):
            tc_util.apply_voi(arr, ds)
    item.LUTDescriptor = descriptor
    with pytest.warns(UserWarning, match="VOI LUT on a float input array"):
        out = tc_util.apply_voi(arr.astype("float64"), ds)
    assert np.array_equal(out, tc_util.apply_voi(arr, ds))


def test_convert_colour_space_dtype_error() -> None:
    with pytest.raises(ValueError, match=r"Invalid ndarray\.dtype 'int8' for color space"):
        tc_util.convert_color_space(np.ones((2, 3), "i1"), "RGB", "YBR_FULL")


# ----------------------------------------------------------------- pixel_array sources


def _saved(ds: Any, *delete: str) -> io.BytesIO:
    for keyword in delete:
        delattr(ds, keyword)
    out = io.BytesIO()
    ds.save_as(out)
    out.seek(0)
    return out


def test_pixel_array_required_elements() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_small_odd.dcm")
    src = _saved(ds, "BitsAllocated", "BitsStored", "Columns")
    with pytest.raises(AttributeError, match=r"Missing required element: \(0028,0100\)"):
        utils.pixel_array(src)
    with pytest.raises(AttributeError, match=r"Missing required element: \(0028,0101\)"):
        utils.pixel_array(src, bits_allocated=8)
    with pytest.raises(AttributeError, match=r"Missing required element: \(0028,0011\)"):
        next(utils.iter_pixels(src, bits_allocated=8, bits_stored=8))
    assert utils.pixel_array(src, bits_allocated=8, bits_stored=8, columns=3).shape == (3, 3, 3)
    nothing = _saved(_quiet_read(_FILES / "SC_rgb_small_odd.dcm"), "PixelData")
    with pytest.raises(AttributeError, match="The dataset in 'src' has no 'Pixel Data'"):
        utils.pixel_array(nothing)


def test_pixel_array_transfer_syntax_rules() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_small_odd.dcm")
    del ds.file_meta.TransferSyntaxUID
    with pytest.raises(AttributeError, match=r"'file_meta' has no \(0002,0010\)"):
        utils.pixel_array(ds)
    with pytest.raises(AttributeError, match=r"'file_meta' has no \(0002,0010\)"):
        next(utils.iter_pixels(ds))
    ds = _quiet_read(_FILES / "SC_rgb_small_odd.dcm")
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.100.1"
    with pytest.raises(NotImplementedError, match="'Transfer Syntax UID' value of 'Fragm"):
        utils.pixel_array(ds)
    ds = _quiet_read(_FILES / "SC_rgb_small_odd.dcm")
    reference = ds.pixel_array
    del ds.file_meta
    src = _saved(ds)
    with pytest.raises(AttributeError, match="'transfer_syntax_uid' is required"):
        utils.pixel_array(src)
    assert np.array_equal(utils.pixel_array(src, transfer_syntax_uid=EXPLICIT), reference)


# ----------------------------------------------------------------- compress / decompress


def test_compress_checks_and_cache() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_small_odd.dcm")
    arr = ds.pixel_array
    del ds.file_meta
    with pytest.raises(AttributeError, match="initial compression state of the dataset"):
        utils.compress(ds, RLE)
    del ds.PixelData
    utils.compress(ds, RLE, arr)  # new pixels for a dataset without any
    assert ds.file_meta.TransferSyntaxUID == RLE
    assert ds._pixel_array is None and ds._pixel_id == {}
    assert np.array_equal(ds.pixel_array, arr)


def test_decompress_keeps_no_array_and_checks() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_rle.dcm")
    reference = _quiet_read(_FILES / "SC_rgb_rle.dcm", pydicom)
    original = ds.SOPInstanceUID
    utils.decompress(ds, generate_instance_uid=False)
    pp_utils.decompress(reference, generate_instance_uid=False)
    assert ds.SOPInstanceUID == original
    assert ds._pixel_array is None and ds._pixel_id == {}
    assert ds.PixelData == reference.PixelData
    assert ds.file_meta.TransferSyntaxUID == EXPLICIT
    with pytest.raises(ValueError, match="already uncompressed"):
        utils.decompress(ds)


class _Dummy:
    """A decoder in pydicom's protocol that would give 4 GiB."""

    is_available = True

    def iter_array(self, ds: Any, **kwargs: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
        del ds, kwargs
        block = np.zeros(2**20, "u1")
        for _ in range(2**12):
            yield block, {}


def test_decompress_with_registered_decoder_too_long() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_rle.dcm")
    ds.file_meta.TransferSyntaxUID = "1.2.3.4"
    _PIXEL_DATA_DECODERS["1.2.3.4"] = (_Dummy(), "3.0")  # type: ignore[assignment]
    try:
        assert isinstance(get_decoder("1.2.3.4"), _Dummy)
        with pytest.raises(ValueError, match="greater than the maximum allowed"):
            utils.decompress(ds)
    finally:
        del _PIXEL_DATA_DECODERS["1.2.3.4"]


class _Small:
    """A decoder in pydicom's protocol giving the RLE file's pixels, frame by frame."""

    is_available = True

    def __init__(self, frames: Any) -> None:
        self.frames = frames

    def iter_array(self, ds: Any, **kwargs: Any) -> Iterator[tuple[Any, dict[str, Any]]]:
        del ds, kwargs
        for frame in self.frames:
            yield frame, {"photometric_interpretation": "RGB", "samples_per_pixel": 3,
                          "planar_configuration": 0, "bits_allocated": 8}


def test_decompress_with_registered_decoder() -> None:
    ds = _quiet_read(_FILES / "SC_rgb_rle_2frame.dcm")
    frames = ds.pixel_array
    ds.file_meta.TransferSyntaxUID = "1.2.3.5"
    _PIXEL_DATA_DECODERS["1.2.3.5"] = (_Small(frames), "3.0")  # type: ignore[assignment]
    try:
        utils.decompress(ds, generate_instance_uid=False)
    finally:
        del _PIXEL_DATA_DECODERS["1.2.3.5"]
    assert ds.file_meta.TransferSyntaxUID == EXPLICIT
    assert ds.NumberOfFrames == 2 and ds.PlanarConfiguration == 0
    assert np.array_equal(ds.pixel_array, frames)


def test_set_pixel_data_big_endian_text_and_cache() -> None:
    ds = tc.Dataset()
    ds.file_meta = tc.dataset.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.2"
    arr = np.zeros((4, 4), "u1")
    with pytest.raises(NotImplementedError, match="'Explicit VR Big Endian' is big-endian"):
        utils.set_pixel_data(ds, arr, "MONOCHROME2", 8)
    ds = tc.Dataset()
    utils.set_pixel_data(ds, arr, "MONOCHROME2", 8)
    assert vars(ds)["_pixel_array"] is None and vars(ds)["_pixel_id"] == {}
    assert np.array_equal(ds.pixel_array, arr)

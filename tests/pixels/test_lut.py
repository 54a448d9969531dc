"""typeddcm.pixels.lut against pydicom 3's pydicom.pixels.processing (the oracle).

Wheel files: pydicom decodes the pixels (so our decoder is not under test), pydicom
and typeddcm each read the dataset, and both libraries' functions must agree in
values and dtype.  Synthetic datasets are built in both libraries from one spec.
"""

from __future__ import annotations

import functools
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import typeddcm
from typeddcm import keys
from typeddcm.errors import InvalidValueError
from typeddcm.pixels.lut import (
    apply_modality_lut,
    apply_presentation_lut,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
)
from typeddcm.vr import SQ, VR_CLASSES

pydicom = pytest.importorskip("pydicom")
pp = pytest.importorskip("pydicom.pixels.processing")

from tests.codec.pydicom_files import read_with_pydicom, wheel_files  # noqa: E402

Array = npt.NDArray[Any]
Spec = list[tuple[str, str, Any]]


# ---------------------------------------------------------------------------
# Shared helpers (test_colour.py imports them)
# ---------------------------------------------------------------------------


def frozen(arr: Array) -> Array:
    """A read-only copy: a function that writes into its input fails loudly."""
    out = np.array(arr)
    out.flags.writeable = False
    return out


def same(ours: Array, theirs: Array, what: str = "") -> None:
    """Equal values (floats to 1e-9 relative) and the same dtype and shape."""
    assert ours.dtype == theirs.dtype, f"{what}: dtype {ours.dtype} != {theirs.dtype}"
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != {theirs.shape}"
    if ours.dtype.kind == "f":
        np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=0, err_msg=what)
    else:
        np.testing.assert_array_equal(ours, theirs, err_msg=what)


def _pydicom_ds(spec: Spec) -> Any:
    ds = pydicom.Dataset()
    for keyword, vr, value in spec:
        if vr == "SQ":
            value = [_pydicom_ds(item) for item in value]
        ds.add_new(keyword, vr, value)
    return ds


def _typeddcm_ds(spec: Spec, big_endian: bool) -> typeddcm.Dataset:
    ds = typeddcm.Dataset()
    for keyword, vr, value in spec:
        obj: Any
        if vr == "SQ":
            obj = SQ([_typeddcm_ds(item, big_endian) for item in value])
        elif vr in ("OW", "OB"):
            obj = VR_CLASSES[vr](value, byteorder=">" if big_endian else "<")  # type: ignore[call-arg]
        else:
            obj = VR_CLASSES[vr](value)
        ds = ds.set(getattr(keys, keyword), obj)
    return ds


def both(spec: Spec, *, big_endian: bool = False) -> tuple[Any, typeddcm.Dataset]:
    """The same dataset in pydicom and in typeddcm (OW bytes as given, in the byte order)."""
    pds = _pydicom_ds(spec)
    pds.file_meta = pydicom.dataset.FileMetaDataset()
    pds.file_meta.TransferSyntaxUID = (pydicom.uid.ExplicitVRBigEndian if big_endian
                                       else pydicom.uid.ExplicitVRLittleEndian)
    return pds, _typeddcm_ds(spec, big_endian)


class WheelImage:
    """One wheel file: pydicom's dataset and pixels (no colour conversion), ours."""

    def __init__(self, path: Path, pds: Any, arr: Array) -> None:
        self.path = path
        self.pds = pds
        self.arr = frozen(arr)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", typeddcm.DicomWarning)
            self.tds = typeddcm.read(path).dataset

    @property
    def photometric(self) -> str:
        return str(self.pds.get("PhotometricInterpretation", ""))


@functools.cache
def wheel_images() -> tuple[WheelImage, ...]:
    """Every wheel file whose pixels pydicom decodes (as stored: no YBR -> RGB)."""
    found = []
    for path in wheel_files():
        pds = read_with_pydicom(path)
        if pds is None or "PixelData" not in pds:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                pds.pixel_array_options(as_rgb=False)
                arr = pds.pixel_array
            except Exception:  # pydicom cannot decode it (no plugin): not in the oracle
                continue
        found.append(WheelImage(path, pds, arr))
    return tuple(found)


# ---------------------------------------------------------------------------
# Oracle over the wheel files
# ---------------------------------------------------------------------------


def _monochrome() -> list[WheelImage]:
    return [im for im in wheel_images() if im.photometric.startswith("MONOCHROME")]


def test_modality_lut_on_every_monochrome_wheel_file() -> None:
    images = _monochrome()
    assert len(images) >= 60
    for im in images:
        same(apply_modality_lut(im.arr, im.tds), pp.apply_modality_lut(im.arr, im.pds),
             im.path.name)


def _windowed() -> list[WheelImage]:
    return [im for im in _monochrome() if "WindowCenter" in im.pds or "VOILUTSequence" in im.pds]


def test_voi_lut_on_every_wheel_file_with_a_window() -> None:
    images = _windowed()
    assert len(images) >= 40
    for im in images:
        same(apply_voi_lut(im.arr, im.tds), pp.apply_voi_lut(im.arr, im.pds), im.path.name)
        rescaled = frozen(pp.apply_modality_lut(im.arr, im.pds))
        same(apply_voi_lut(rescaled, im.tds), pp.apply_voi_lut(rescaled, im.pds),
             f"{im.path.name} after rescale")
        same(apply_voi_lut(rescaled, im.tds, prefer_lut=False),
             pp.apply_voi_lut(rescaled, im.pds, prefer_lut=False), im.path.name)


def test_windowing_every_index_on_every_wheel_file_with_a_window() -> None:
    checked = 0
    for im in _windowed():
        count = len(im.tds[keys.WindowCenter].values)
        for index in range(count):
            same(apply_windowing(im.arr, im.tds, index), pp.apply_windowing(im.arr, im.pds, index),
                 f"{im.path.name} window {index}")
            checked += 1
    assert checked >= 40


def test_presentation_lut_shape_on_wheel_files() -> None:
    images = [im for im in wheel_images() if "PresentationLUTShape" in im.pds]
    assert images
    for im in images:
        same(apply_presentation_lut(im.arr, im.tds), pp.apply_presentation_lut(im.arr, im.pds),
             im.path.name)


# ---------------------------------------------------------------------------
# Modality LUT: synthetic
# ---------------------------------------------------------------------------

RNG = np.random.default_rng(20240611)


def _modality(descriptor: tuple[str, list[int]], data: tuple[str, Any], pr: int) -> Spec:
    item: Spec = [("LUTDescriptor", descriptor[0], descriptor[1]), ("LUTData", data[0], data[1])]
    return [("PixelRepresentation", "US", pr), ("ModalityLUTSequence", "SQ", [item])]


def test_modality_lut_zero_entries_means_65536() -> None:
    lut = RNG.integers(0, 2**16, 2**16, dtype=np.uint16)
    pds, tds = both(_modality(("US", [0, 0, 16]), ("OW", lut.astype("<u2").tobytes()), 0))
    arr = frozen(RNG.integers(0, 2**16, (32, 32), dtype=np.uint16))
    ours = apply_modality_lut(arr, tds)
    same(ours, pp.apply_modality_lut(arr, pds))
    same(ours, lut[arr])


def test_modality_lut_big_endian_ow() -> None:
    lut = RNG.integers(0, 2**16, 4096, dtype=np.uint16)
    spec = _modality(("US", [4096, 0, 16]), ("OW", lut.astype(">u2").tobytes()), 0)
    pds, tds = both(spec, big_endian=True)
    arr = frozen(RNG.integers(0, 5000, (16, 16), dtype=np.uint16))
    same(apply_modality_lut(arr, tds), pp.apply_modality_lut(arr, pds))
    same(apply_modality_lut(arr, tds), lut[np.minimum(arr, 4095)])


def test_modality_lut_signed_first_mapped() -> None:
    lut = np.arange(4096, dtype=np.uint16) * 3 % 4096
    arr = frozen(RNG.integers(-3000, 3000, (20, 20), dtype=np.int16))
    pds, tds = both(_modality(("SS", [4096, -2048, 16]), ("US", lut.tolist()), 1))
    expected = lut[np.clip(arr.astype(int) + 2048, 0, 4095)]
    same(apply_modality_lut(arr, tds), pp.apply_modality_lut(arr, pds))
    same(apply_modality_lut(arr, tds), expected)
    # Written as US although Pixel Representation is 1: the second value is still
    # signed (PS3.3 C.11.1.1.1); pydicom would take 63488.
    _, tds_us = both(_modality(("US", [4096, 63488, 16]), ("US", lut.tolist()), 1))
    same(apply_modality_lut(arr, tds_us), expected)


def test_modality_lut_first_and_third_values_unsigned_when_read_as_ss() -> None:
    entries = 40000  # > 32767: negative as SS
    lut = (np.arange(entries) % 65536).astype(np.uint16)
    ss_entries = entries - 2**16
    tds = _typeddcm_ds(_modality(("SS", [ss_entries, 0, 16]), ("OW", lut.tobytes()), 1), False)
    arr = frozen(np.array([[0, 100, 39999, 45000]], dtype=np.int32))
    same(apply_modality_lut(arr, tds), lut[np.minimum(arr, entries - 1)])


@pytest.mark.parametrize("vr", ["US", "OW-words"])
def test_modality_lut_8_bit_entries_like_pydicom(vr: str) -> None:
    lut = RNG.integers(0, 256, 256, dtype=np.uint16)
    data = ("US", lut.tolist()) if vr == "US" else ("OW", lut.astype("<u2").tobytes())
    pds, tds = both(_modality(("US", [256, 0, 8]), data, 0))
    arr = frozen(RNG.integers(0, 256, (8, 8), dtype=np.uint16))
    ours = apply_modality_lut(arr, tds)
    same(ours, pp.apply_modality_lut(arr, pds))
    assert ours.dtype == np.uint8


def test_modality_lut_8_bit_entries_packed_in_ow() -> None:
    # One entry per byte (PS3.3: 8 bits allocated for 8-bit entries); pydicom cannot read it.
    lut = RNG.integers(0, 256, 256, dtype=np.uint8)
    arr = frozen(RNG.integers(0, 300, (8, 8), dtype=np.uint16))
    for big in (False, True):
        raw = lut.tobytes()
        if big:  # OW words are byte swapped in a big endian file
            raw = np.frombuffer(raw, "<u2").astype(">u2").tobytes()
        _, tds = both(_modality(("US", [256, 0, 8]), ("OW", raw), 0), big_endian=big)
        same(apply_modality_lut(arr, tds), lut[np.minimum(arr, 255)])


def test_modality_lut_12_bit_entries_give_uint16() -> None:
    lut = RNG.integers(0, 4096, 1024, dtype=np.uint16)
    _, tds = both(_modality(("US", [1024, 10, 12]), ("US", lut.tolist()), 0))
    arr = frozen(np.arange(0, 2000, dtype=np.uint16))
    same(apply_modality_lut(arr, tds), lut[np.clip(arr.astype(int) - 10, 0, 1023)])


@pytest.mark.parametrize(("slope", "intercept"), [("1", "0"), ("2.5", "-1024"), ("0.001", "7")])
def test_rescale_like_pydicom(slope: str, intercept: str) -> None:
    pds, tds = both([("RescaleSlope", "DS", slope), ("RescaleIntercept", "DS", intercept)])
    arr = frozen(RNG.integers(-2000, 2000, (10, 10), dtype=np.int16))
    ours = apply_modality_lut(arr, tds)
    same(ours, pp.apply_modality_lut(arr, pds))
    assert ours.dtype == np.float64


def test_modality_lut_absent_returns_the_input() -> None:
    arr = frozen(np.arange(10, dtype=np.uint16))
    assert apply_modality_lut(arr, typeddcm.Dataset()) is arr
    only_slope = typeddcm.Dataset().set(keys.RescaleSlope, "2")
    assert apply_modality_lut(arr, only_slope) is arr


@settings(max_examples=60, deadline=None)
@given(
    arr=hnp.arrays(np.int16, hnp.array_shapes(max_dims=3, max_side=6)),
    slope=st.floats(-100, 100, allow_nan=False).filter(lambda x: x != 0),
    intercept=st.floats(-5000, 5000, allow_nan=False),
)
def test_rescale_is_slope_times_x_plus_intercept(arr: Array, slope: float, intercept: float) -> None:
    ds = (typeddcm.Dataset().set(keys.RescaleSlope, slope)
          .set(keys.RescaleIntercept, intercept))
    s = float(ds[keys.RescaleSlope].value)
    b = float(ds[keys.RescaleIntercept].value)
    out = apply_modality_lut(frozen(arr), ds)
    np.testing.assert_allclose(out, arr.astype(np.float64) * s + b, rtol=1e-12, atol=1e-9)


# ---------------------------------------------------------------------------
# VOI LUT: synthetic
# ---------------------------------------------------------------------------


def _voi(items: list[tuple[list[int], tuple[str, Any]]], extra: Spec | None = None,
         descriptor_vr: str = "US") -> Spec:
    seq = [[("LUTDescriptor", descriptor_vr, d), ("LUTData", data[0], data[1])]
           for d, data in items]
    return [("PhotometricInterpretation", "CS", "MONOCHROME2"), ("BitsStored", "US", 16),
            ("PixelRepresentation", "US", 0), *(extra or []), ("VOILUTSequence", "SQ", seq)]


@pytest.mark.parametrize("bits", [8, 10, 12, 16])
def test_voi_lut_bit_depths_like_pydicom(bits: int) -> None:
    entries = 256 if bits == 8 else 1000
    lut = RNG.integers(0, 2**bits, entries, dtype=np.uint16)
    pds, tds = both(_voi([([entries, 50, bits], ("US", lut.tolist()))]))
    arr = frozen(RNG.integers(0, 50 + entries, (16, 16), dtype=np.uint16))
    same(apply_voi(arr, tds), pp.apply_voi(arr, pds))
    same(apply_voi_lut(arr, tds), pp.apply_voi_lut(arr, pds))


def test_voi_lut_zero_entries_ow() -> None:
    lut = RNG.integers(0, 2**16, 2**16, dtype=np.uint16)
    pds, tds = both(_voi([([0, 0, 16], ("OW", lut.tobytes()))]))
    arr = frozen(RNG.integers(0, 2**16, (16, 16), dtype=np.uint16))
    same(apply_voi(arr, tds), pp.apply_voi(arr, pds))


def test_voi_lut_signed_first_mapped() -> None:
    lut = RNG.integers(0, 4096, 2048, dtype=np.uint16)
    pds, tds = both(_voi([([2048, -1024, 12], ("US", lut.tolist()))], descriptor_vr="SS"))
    arr = frozen(RNG.integers(-2000, 2000, (16, 16), dtype=np.int16))
    same(apply_voi(arr, tds), pp.apply_voi(arr, pds))


def test_voi_lut_index_and_prefer_lut() -> None:
    lut_a = np.arange(256, dtype=np.uint16)
    lut_b = 255 - lut_a
    window: Spec = [("WindowCenter", "DS", ["100", "50"]), ("WindowWidth", "DS", ["200", "20"])]
    pds, tds = both(_voi([([256, 0, 8], ("US", lut_a.tolist())),
                          ([256, 0, 8], ("US", lut_b.tolist()))], window))
    arr = frozen(np.arange(256, dtype=np.uint16).reshape(16, 16))
    for index in (0, 1):
        same(apply_voi_lut(arr, tds, index), pp.apply_voi_lut(arr, pds, index))
        same(apply_voi_lut(arr, tds, index, prefer_lut=False),
             pp.apply_voi_lut(arr, pds, index, prefer_lut=False))
    with pytest.raises(IndexError):
        apply_voi(arr, tds, 2)


def test_voi_lut_past_the_end_clips_instead_of_wrapping() -> None:
    # pydicom computes the index in the LUT's dtype: with 8-bit entries 256 + k wraps to k.
    lut = np.arange(256, dtype=np.uint16)
    _, tds = both(_voi([([256, 0, 8], ("US", lut.tolist()))]))
    arr = frozen(np.array([0, 255, 256, 300, 4000], dtype=np.uint16))
    assert apply_voi(arr, tds).tolist() == [0, 255, 255, 255, 255]


def test_voi_lut_9_bit_entries() -> None:
    lut = RNG.integers(0, 512, 512, dtype=np.uint16)
    _, tds = both(_voi([([512, 0, 9], ("US", lut.tolist()))]))
    arr = frozen(np.arange(600, dtype=np.uint16))
    same(apply_voi(arr, tds), lut[np.minimum(arr, 511)])


def test_voi_absent_returns_the_input() -> None:
    arr = frozen(np.arange(4, dtype=np.uint16))
    ds = typeddcm.Dataset().set(keys.PhotometricInterpretation, "MONOCHROME2")
    assert apply_voi_lut(arr, ds) is arr
    assert apply_voi(arr, ds) is arr
    assert apply_windowing(arr, ds) is arr


# ---------------------------------------------------------------------------
# Windowing: synthetic, against pydicom
# ---------------------------------------------------------------------------


@st.composite
def window_cases(draw: st.DrawFn) -> tuple[Spec, Array]:
    function = draw(st.sampled_from([None, "LINEAR", "LINEAR_EXACT", "SIGMOID"]))
    signed = draw(st.booleans())
    bits = draw(st.integers(1, 16))
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    arr = draw(hnp.arrays(np.int16 if signed else np.uint16, (4, 5),
                          elements=st.integers(low, high)))
    center = draw(st.integers(low - 10, high + 10))
    width = draw(st.integers(1, 2**bits + 10))
    spec: Spec = [
        ("PhotometricInterpretation", "CS", draw(st.sampled_from(["MONOCHROME1", "MONOCHROME2"]))),
        ("BitsStored", "US", bits),
        ("PixelRepresentation", "US", int(signed)),
        ("WindowCenter", "DS", str(center)),
        ("WindowWidth", "DS", str(width)),
    ]
    if function is not None:
        spec.append(("VOILUTFunction", "CS", function))
    rescale = draw(st.sampled_from([None, ("1", "-1024"), ("0.5", "3"), ("-2", "100")]))
    if rescale is not None:
        spec += [("RescaleSlope", "DS", rescale[0]), ("RescaleIntercept", "DS", rescale[1])]
    if draw(st.booleans()):
        lut_bits = draw(st.sampled_from([8, 12, 16]))
        spec.append(("ModalityLUTSequence", "SQ",
                     [[("LUTDescriptor", "US", [2, 0, lut_bits]), ("LUTData", "US", [0, 1])]]))
    return spec, arr


@settings(max_examples=150, deadline=None)
@given(window_cases())
def test_windowing_matches_pydicom_and_stays_in_range(case: tuple[Spec, Array]) -> None:
    spec, arr = case
    pds, tds = both(spec)
    arr = frozen(arr)
    ours = apply_windowing(arr, tds)
    with np.errstate(over="ignore"):  # pydicom's SIGMOID overflows exp() to inf, harmlessly
        same(ours, pp.apply_windowing(arr, pds))
        same(apply_voi_lut(arr, tds), pp.apply_voi_lut(arr, pds))
    # Output range: stored range (or modality LUT range) through the rescale.
    lut_items = [s for s in spec if s[0] == "ModalityLUTSequence"]
    bits = dict((k, v) for k, _, v in spec)["BitsStored"]
    if lut_items:
        y0, y1 = 0.0, 2.0 ** lut_items[0][2][0][0][2][2] - 1
    elif dict((k, v) for k, _, v in spec)["PixelRepresentation"]:
        y0, y1 = -(2.0 ** (bits - 1)), 2.0 ** (bits - 1) - 1
    else:
        y0, y1 = 0.0, 2.0**bits - 1
    values = dict((k, v) for k, _, v in spec)
    if "RescaleSlope" in values:
        s, b = float(values["RescaleSlope"]), float(values["RescaleIntercept"])
        y0, y1 = y0 * s + b, y1 * s + b
    lo, hi = min(y0, y1), max(y0, y1)
    slack = 1e-9 * max(1.0, abs(lo), abs(hi))
    assert ours.min() >= lo - slack and ours.max() <= hi + slack


def test_windowing_multi_valued_centre_and_width() -> None:
    spec: Spec = [("PhotometricInterpretation", "CS", "MONOCHROME2"), ("BitsStored", "US", 12),
                  ("PixelRepresentation", "US", 0), ("WindowCenter", "DS", ["100", "2000"]),
                  ("WindowWidth", "DS", ["50", "4000"])]
    pds, tds = both(spec)
    arr = frozen(np.arange(0, 4096, 16, dtype=np.uint16))
    for index in (0, 1, -1):
        same(apply_windowing(arr, tds, index), pp.apply_windowing(arr, pds, index))
    assert not np.array_equal(apply_windowing(arr, tds, 0), apply_windowing(arr, tds, 1))


@pytest.mark.parametrize(("function", "width"), [("LINEAR", "0.5"), ("LINEAR_EXACT", "0"),
                                                 ("SIGMOID", "-1"), ("CUBIC", "10")])
def test_windowing_refuses_what_pydicom_refuses(function: str, width: str) -> None:
    spec: Spec = [("PhotometricInterpretation", "CS", "MONOCHROME2"), ("BitsStored", "US", 8),
                  ("PixelRepresentation", "US", 0), ("WindowCenter", "DS", "10"),
                  ("WindowWidth", "DS", width), ("VOILUTFunction", "CS", function)]
    pds, tds = both(spec)
    arr = frozen(np.arange(4, dtype=np.uint8))
    with pytest.raises(ValueError):  # noqa: PT011 - pydicom raises a plain ValueError
        pp.apply_windowing(arr, pds)
    with pytest.raises(InvalidValueError):
        apply_windowing(arr, tds)


def test_windowing_needs_monochrome() -> None:
    ds = (typeddcm.Dataset().set(keys.PhotometricInterpretation, "RGB")
          .set(keys.WindowCenter, "1").set(keys.WindowWidth, "2"))
    with pytest.raises(InvalidValueError, match="MONOCHROME"):
        apply_windowing(frozen(np.zeros(3, np.uint8)), ds)


def test_windowing_empty_voi_lut_function_is_linear() -> None:
    spec: Spec = [("PhotometricInterpretation", "CS", "MONOCHROME2"), ("BitsStored", "US", 8),
                  ("PixelRepresentation", "US", 0), ("WindowCenter", "DS", "100"),
                  ("WindowWidth", "DS", "50")]
    pds, tds = both(spec)
    arr = frozen(np.arange(256, dtype=np.uint8))
    empty = tds.set(keys.VOILUTFunction, "")
    same(apply_windowing(arr, empty), pp.apply_windowing(arr, pds))


# ---------------------------------------------------------------------------
# Presentation LUT
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("vr", ["US", "OW"])
@pytest.mark.parametrize(("entries", "bits"), [(4096, 12), (256, 10), (0, 16)])
def test_presentation_lut_sequence_like_pydicom(vr: str, entries: int, bits: int) -> None:
    count = entries or 2**16
    lut = RNG.integers(0, 2**16, count, dtype=np.uint16)  # high bits set: must be masked
    data = ("US", lut.tolist()) if vr == "US" else ("OW", lut.tobytes())
    seq = [[("LUTDescriptor", "US", [entries, 0, bits]), ("LUTData", data[0], data[1])]]
    pds, tds = both([("PresentationLUTSequence", "SQ", seq)])
    arr = frozen(RNG.normal(100, 30, (20, 20)))
    same(apply_presentation_lut(arr, tds), pp.apply_presentation_lut(arr, pds))
    ints = frozen(RNG.integers(-500, 3000, (20, 20), dtype=np.int16))
    same(apply_presentation_lut(ints, tds), pp.apply_presentation_lut(ints, pds))


@pytest.mark.parametrize("shape", ["IDENTITY", "INVERSE", "inverse "])
def test_presentation_lut_shape_like_pydicom(shape: str) -> None:
    pds, tds = both([("PresentationLUTShape", "CS", shape.strip().upper())])
    arr = frozen(RNG.integers(0, 4096, (8, 8), dtype=np.uint16))
    same(apply_presentation_lut(arr, tds), pp.apply_presentation_lut(arr, pds))


def test_presentation_lut_constant_input_and_unknown_shape() -> None:
    seq = [[("LUTDescriptor", "US", [256, 0, 12]), ("LUTData", "US", list(range(256)))]]
    _, tds = both([("PresentationLUTSequence", "SQ", seq)])
    flat = apply_presentation_lut(frozen(np.full((3, 3), 7, np.uint16)), tds)
    assert flat.tolist() == [[0] * 3] * 3
    _, bad = both([("PresentationLUTShape", "CS", "LOG")])
    with pytest.raises(InvalidValueError):
        apply_presentation_lut(frozen(np.zeros(2, np.uint8)), bad)
    arr = frozen(np.zeros(2, np.uint8))
    assert apply_presentation_lut(arr, typeddcm.Dataset()) is arr

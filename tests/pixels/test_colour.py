"""typeddcm.pixels.colour against pydicom 3's pydicom.pixels.processing (the oracle)."""

from __future__ import annotations

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
from typeddcm.pixels.colour import (
    apply_color_lut,
    convert_color_space,
    expand_segmented_lut,
    rgb_to_ybr,
    upsample_ybr_422,
    ybr_to_rgb,
)
from typeddcm.vr import OW

pydicom = pytest.importorskip("pydicom")
pp = pytest.importorskip("pydicom.pixels.processing")

from tests.pixels.test_lut import Spec, both, frozen, same, wheel_images  # noqa: E402

Array = npt.NDArray[Any]
RNG = np.random.default_rng(7)
PAIRS = [("RGB", "YBR_FULL"), ("YBR_FULL", "RGB"), ("YBR_FULL_422", "RGB"),
         ("RGB", "YBR_FULL_422")]


# ---------------------------------------------------------------------------
# Colour space conversion
# ---------------------------------------------------------------------------


def test_convert_color_space_on_every_colour_wheel_file() -> None:
    images = [im for im in wheel_images()
              if im.photometric in ("RGB", "YBR_FULL", "YBR_FULL_422") and im.arr.dtype == np.uint8]
    assert len(images) >= 25
    for im in images:
        for current, desired in PAIRS:
            what = f"{im.path.name} {current} -> {desired}"
            theirs = pp.convert_color_space(im.arr, current, desired)
            same(convert_color_space(im.arr, current, desired), theirs, what)
            if im.arr.ndim == 4:
                same(convert_color_space(im.arr, current, desired, per_frame=True), theirs, what)


def test_convert_16_bit_wheel_files_round_trip() -> None:
    images = [im for im in wheel_images()
              if im.photometric == "RGB" and im.arr.dtype == np.uint16]
    assert images
    for im in images:
        back = ybr_to_rgb(rgb_to_ybr(im.arr))
        assert np.abs(back.astype(int) - im.arr.astype(int)).max() <= 1, im.path.name


def test_same_space_and_ybr_variants_return_the_input() -> None:
    arr = frozen(RNG.integers(0, 256, (4, 4, 3), dtype=np.uint8))
    for current, desired in [("RGB", "RGB"), ("YBR_FULL", "YBR_FULL_422"),
                             ("YBR_FULL_422", "YBR_FULL"), ("YBR_ICT", "YBR_ICT")]:
        assert convert_color_space(arr, current, desired) is arr


@pytest.mark.parametrize(("current", "desired"), [("RGB", "YBR_ICT"), ("YBR_RCT", "RGB"),
                                                  ("MONOCHROME2", "RGB")])
def test_unsupported_conversions_name_both_spaces(current: str, desired: str) -> None:
    arr = frozen(np.zeros((2, 2, 3), np.uint8))
    with pytest.raises(InvalidValueError, match=f"{current} -> {desired}"):
        convert_color_space(arr, current, desired)


def test_conversion_refuses_signed_and_float_samples() -> None:
    for dtype in (np.int16, np.float32):
        with pytest.raises(InvalidValueError):
            rgb_to_ybr(frozen(np.zeros((2, 2, 3), dtype)))
    with pytest.raises(InvalidValueError):
        rgb_to_ybr(frozen(np.zeros((2, 2, 4), np.uint8)))


@settings(max_examples=80, deadline=None)
@given(hnp.arrays(np.uint8, st.tuples(st.integers(1, 4), st.integers(1, 4), st.just(3))))
def test_rgb_ybr_rgb_within_one_8_bit(arr: Array) -> None:
    arr = frozen(arr)
    ybr = rgb_to_ybr(arr)
    same(ybr, pp.convert_color_space(arr, "RGB", "YBR_FULL"))
    back = ybr_to_rgb(ybr)
    assert np.abs(back.astype(int) - arr.astype(int)).max() <= 1


@settings(max_examples=80, deadline=None)
@given(st.integers(9, 16).flatmap(lambda bits: st.tuples(
    st.just(bits),
    hnp.arrays(np.uint16, (3, 3, 3), elements=st.integers(0, 2**bits - 1)))))
def test_rgb_ybr_rgb_within_one_16_bit(case: tuple[int, Array]) -> None:
    bits, arr = case
    arr = frozen(arr)
    ybr = rgb_to_ybr(arr, bits=bits)
    assert int(ybr.max()) <= 2**bits - 1
    back = ybr_to_rgb(ybr, bits=bits)
    assert np.abs(back.astype(int) - arr.astype(int)).max() <= 1
    # Grey stays grey: Cb = Cr = the offset.
    grey = frozen(np.full((1, 1, 3), 2 ** (bits - 2), np.uint16))
    assert rgb_to_ybr(grey, bits=bits)[0, 0].tolist() == [2 ** (bits - 2)] + [2 ** (bits - 1)] * 2


# ---------------------------------------------------------------------------
# YBR_FULL_422 upsampling
# ---------------------------------------------------------------------------


def test_upsample_ybr_422_like_pydicom() -> None:
    images = [im for im in wheel_images() if im.photometric == "YBR_FULL_422"
              and not im.pds.file_meta.TransferSyntaxUID.is_compressed]
    assert images
    for im in images:
        rows, columns = int(im.pds.Rows), int(im.pds.Columns)
        frames = int(im.pds.get("NumberOfFrames", 1) or 1)
        data = im.tds[keys.PixelData].data
        same(upsample_ybr_422(data, rows, columns, frames=frames), im.arr, im.path.name)


def test_upsample_ybr_422_layout() -> None:
    raw = bytes([10, 11, 100, 200, 12, 13, 101, 201, 20, 21, 102, 202, 22, 23, 103, 203])
    out = upsample_ybr_422(raw, 2, 4)
    assert out.shape == (2, 4, 3)
    assert out[0].tolist() == [[10, 100, 200], [11, 100, 200], [12, 101, 201], [13, 101, 201]]
    two = upsample_ybr_422(np.frombuffer(raw * 2, np.uint8), 2, 4, frames=2)
    assert two.shape == (2, 2, 4, 3) and np.array_equal(two[1], out)
    odd = upsample_ybr_422(raw[:12], 1, 5)  # 5 pixels: three pairs, the last half used
    assert odd[0, 4].tolist() == [20, 102, 202]
    wide = upsample_ybr_422(np.arange(8, dtype=np.uint16), 1, 4)
    assert wide.dtype == np.uint16 and wide[0, 3].tolist() == [5, 6, 7]
    with pytest.raises(InvalidValueError):
        upsample_ybr_422(raw, 3, 4)


# ---------------------------------------------------------------------------
# Palette colour
# ---------------------------------------------------------------------------

_PALETTES = Path(pydicom.__file__).parent / "data" / "palettes"


def _read_both(path: Path) -> tuple[Any, typeddcm.Dataset]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path), typeddcm.read(path).dataset


def test_color_lut_on_every_palette_wheel_file() -> None:
    images = [im for im in wheel_images() if im.photometric == "PALETTE COLOR"]
    assert images
    for im in images:
        same(apply_color_lut(im.arr, im.tds), pp.apply_color_lut(im.arr, im.pds), im.path.name)


@pytest.mark.parametrize("name", sorted(p.name for p in _PALETTES.glob("*.dcm")))
def test_color_lut_on_the_well_known_palette_files(name: str) -> None:
    pds, tds = _read_both(_PALETTES / name)
    arr = frozen(np.arange(256, dtype=np.uint8).reshape(16, 16))
    same(apply_color_lut(arr, tds), pp.apply_color_lut(arr, pds), name)
    wide = frozen(np.arange(-20, 256, dtype=np.int16))  # below the first mapped: entry 0
    same(apply_color_lut(wide, tds), pp.apply_color_lut(wide, pds), name)
    # Past the end: the last entry (pydicom wraps 256 + k to entry k).
    past = apply_color_lut(frozen(np.array([255, 256, 1000], np.int16)), tds)
    assert (past == past[0]).all()


def _palette(entries: int, first: int, bits: int, data: list[bytes], *, pr: int = 0,
             segmented: bool = False, descriptor_vr: str = "US") -> Spec:
    colours = ["Red", "Green", "Blue", "Alpha"]
    spec: Spec = [("PhotometricInterpretation", "CS", "PALETTE COLOR"),
                  ("PixelRepresentation", "US", pr)]
    for colour in colours[:3]:
        spec.append((f"{colour}PaletteColorLookupTableDescriptor", descriptor_vr,
                     [entries, first, bits]))
    for colour, raw in zip(colours, data, strict=False):
        keyword = (f"Segmented{colour}PaletteColorLookupTableData" if segmented
                   else f"{colour}PaletteColorLookupTableData")
        spec.append((keyword, "OW", raw))
    return spec


@pytest.mark.parametrize("alpha", [False, True])
@pytest.mark.parametrize("bits", [8, 16])
def test_color_lut_plain_data_like_pydicom(bits: int, alpha: bool) -> None:
    # pydicom computes indices in the LUT's dtype: with 8-bit entries keep them < 256.
    entries = 300 if bits == 16 else 200
    dtype = np.uint8 if bits == 8 else np.uint16
    luts = [RNG.integers(0, 2**bits, entries, dtype=dtype) for _ in range(4 if alpha else 3)]
    raw = [lut.tobytes() for lut in luts]
    pds, tds = both(_palette(entries, 20, bits, raw))
    arr = frozen(RNG.integers(0, entries + 20, (10, 12), dtype=np.uint16))
    ours = apply_color_lut(arr, tds)
    same(ours, pp.apply_color_lut(arr, pds))
    assert ours.shape == (10, 12, 4 if alpha else 3)
    index = np.clip(arr.astype(int) - 20, 0, entries - 1)
    for channel, lut in enumerate(luts):
        assert np.array_equal(ours[..., channel], lut[index])


def test_color_lut_8_bit_entries_in_16_bit_words_like_pydicom() -> None:
    luts = [RNG.integers(0, 256, 256, dtype=np.uint16) for _ in range(3)]
    pds, tds = both(_palette(256, 0, 8, [lut.tobytes() for lut in luts]))
    arr = frozen(RNG.integers(0, 256, (6, 6), dtype=np.uint8))
    ours = apply_color_lut(arr, tds)
    same(ours, pp.apply_color_lut(arr, pds))
    assert ours.dtype == np.uint16


def test_color_lut_odd_8_bit_with_pad_byte_and_signed_first() -> None:
    luts = [RNG.integers(0, 256, 255, dtype=np.uint8) for _ in range(3)]
    _, tds = both(_palette(255, 65536 - 100, 8, [lut.tobytes() + b"\0" for lut in luts], pr=1))
    arr = frozen(np.array([-200, -100, 0, 154, 200], np.int16))
    out = apply_color_lut(arr, tds)
    index = [0, 0, 100, 254, 254]
    assert out[..., 0].tolist() == luts[0][index].tolist()
    # pydicom agrees when the descriptor says SS (its signedness comes from the VR).
    luts16 = [RNG.integers(0, 2**16, 256, dtype=np.uint16) for _ in range(3)]
    pds, tds = both(_palette(256, -100, 16, [lut.tobytes() for lut in luts16], pr=1,
                             descriptor_vr="SS"))
    arr = frozen(np.arange(-150, 200, dtype=np.int16))
    same(apply_color_lut(arr, tds), pp.apply_color_lut(arr, pds))


def _segments_16() -> list[int]:
    # discrete 3, linear 5 up to 1000, linear 3 flat, indirect: 2 segments from item 0,
    # linear 4 down to 0 (from the last indirect value).
    return [0, 3, 10, 20, 30, 1, 5, 1000, 1, 3, 1000, 2, 2, 0, 0, 1, 4, 0]


def _segments_8() -> list[int]:
    return [0, 3, 10, 20, 30, 1, 5, 200, 1, 3, 200, 2, 2, 0, 0, 0, 0, 1, 4, 0]


@pytest.mark.parametrize("big_endian", [False, True])
@pytest.mark.parametrize("bits", [8, 16])
def test_segmented_palette_like_pydicom(bits: int, big_endian: bool) -> None:
    items = _segments_16() if bits == 16 else _segments_8()
    if bits == 16:
        raw = np.asarray(items, dtype=">u2" if big_endian else "<u2").tobytes()
    else:
        raw = bytes(items)  # one item per byte, in file order whatever the byte order
    entries = len(expand_segmented_lut(OW(raw, byteorder=">" if big_endian else "<"), bits))
    assert entries == 3 + 5 + 3 + (3 + 5) + 4
    spec = _palette(entries, 0, bits, [raw, raw, raw], segmented=True)
    pds, tds = both(spec, big_endian=big_endian)
    arr = frozen(np.arange(entries + 5, dtype=np.uint16))
    ours = apply_color_lut(arr, tds)
    same(ours, pp.apply_color_lut(arr, pds))
    assert ours[:3, 0].tolist() == [10, 20, 30]


def test_segmented_linear_after_indirect_ending_at_zero() -> None:
    # pydicom refuses (it tests the previous value for truth); PS3.3 C.7.9.2 allows it.
    # discrete (5, 0); indirect: 1 segment at item 8, the linear ramp 0 -> 9 in 3;
    # then that linear segment again, from 9.
    items = [0, 2, 5, 0, 2, 1, 8, 0, 1, 3, 9]
    lut = expand_segmented_lut(OW(np.asarray(items, "<u2").tobytes()), 16)
    assert lut.tolist() == [5, 0, 3, 6, 9, 9, 9, 9]
    with pytest.raises(InvalidValueError, match="first"):
        expand_segmented_lut(OW(np.asarray([1, 2, 5], "<u2").tobytes()), 16)
    with pytest.raises(InvalidValueError, match="unknown segment"):
        expand_segmented_lut(OW(np.asarray([0, 1, 5, 7, 1, 0], "<u2").tobytes()), 16)
    cycle = [0, 1, 5, 2, 1, 3, 0]  # the indirect segment copies itself forever
    with pytest.raises(InvalidValueError, match="deep"):
        expand_segmented_lut(OW(np.asarray(cycle, "<u2").tobytes()), 16)


def test_color_lut_errors() -> None:
    arr = frozen(np.zeros((2, 2), np.uint8))
    with pytest.raises(InvalidValueError, match="well-known"):
        apply_color_lut(arr, palette="HOT_IRON")
    with pytest.raises(InvalidValueError):
        apply_color_lut(arr)
    with pytest.raises(InvalidValueError, match="Descriptor"):
        apply_color_lut(arr, typeddcm.Dataset())
    _, mixed = both([("PixelPresentation", "CS", "MIXED"),
                     *_palette(4, 0, 8, [b"\0\1\2\3"] * 3)])
    with pytest.raises(InvalidValueError, match="Supplemental"):
        apply_color_lut(arr, mixed)
    _, uneven = both(_palette(4, 0, 8, [b"\0\1\2\3", b"\0\1\2\3", b"\0\1\2\3\4\5\6\7"]))
    with pytest.raises(InvalidValueError, match="same length"):
        apply_color_lut(arr, uneven)

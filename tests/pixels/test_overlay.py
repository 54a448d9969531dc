"""typeddcm.pixels.overlay (and bits) against pydicom's overlay_array, and on files built here.

The oracle is pydicom 3's ``Dataset.overlay_array`` on its wheel file with an overlay
and on little endian files written here; where pydicom reads nothing (overlays in a
big endian OW, the retired embedded overlays) the expected bits are the ones the
test packed.
"""

from __future__ import annotations

import io
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
import typeddcm.compat as tc
from typeddcm import keys
from typeddcm.errors import (
    DecodeError,
    InvalidValueError,
    MissingAttributeError,
    UnsupportedTransferSyntaxError,
)
from typeddcm.pixels import (
    OverlayInfo,
    overlay_array,
    overlay_groups,
    overlay_in_image,
    overlay_info,
    pack_bits,
    unpack_bits,
)
from typeddcm.vr import OB, OW

pydicom = pytest.importorskip("pydicom")

_DATA = Path(pydicom.__file__).parent / "data" / "test_files"
_LE, _IMPLICIT, _BE = "1.2.840.10008.1.2.1", "1.2.840.10008.1.2", "1.2.840.10008.1.2.2"
Bits = npt.NDArray[np.uint8]


def _base(rows: int = 8, columns: int = 8, frames: int | None = None) -> typeddcm.Dataset:
    ds = (typeddcm.Dataset()
          .set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7")
          .set(keys.SOPInstanceUID, "1.2.3.4.5")
          .set(keys.Rows, rows).set(keys.Columns, columns))
    return ds if frames is None else ds.set(keys.NumberOfFrames, str(frames))


def _with_overlay(ds: typeddcm.Dataset, bits: Bits, group: int = 0x6000, *,
                  origin: tuple[int, int] = (1, 1), frame_origin: int | None = None,
                  frames_given: bool = True, vr: type[OB] | type[OW] = OW) -> typeddcm.Dataset:
    """``ds`` with the (frames, rows, columns) 0/1 ``bits`` as the overlay of ``group``."""
    frames, rows, columns = bits.shape

    def tag(element: int) -> int:
        return (group << 16) | element

    out = (ds.set(tag(0x0010), rows).set(tag(0x0011), columns).set(tag(0x0040), "G")
           .set(tag(0x0050), list(origin)).set(tag(0x0100), 1).set(tag(0x0102), 0)
           .set(tag(0x0022), "made in a test").set(tag(0x3000), vr(pack_bits(bits))))
    if frames_given:
        out = out.set(tag(0x0015), str(frames))
    if frame_origin is not None:
        out = out.set(tag(0x0051), frame_origin)
    return out


def _written(ds: typeddcm.Dataset, syntax: str = _LE) -> bytes:
    return typeddcm.DicomFile.new(ds, syntax).to_bytes()


def _pydicom_overlay(data: bytes, group: int) -> Bits:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result: Bits = pydicom.dcmread(io.BytesIO(data)).overlay_array(group)
    return result


def _random_bits(shape: tuple[int, ...], seed: int = 7) -> Bits:
    return np.random.default_rng(seed).integers(0, 2, size=shape, dtype=np.uint8)


# ----------------------------------------------------------------------- wheel file


def test_wheel_overlay_matches_pydicom() -> None:
    path = _DATA / "examples_overlay.dcm"
    f = typeddcm.read(path)
    expected = pydicom.dcmread(path).overlay_array(0x6000)
    got = overlay_array(f, 0x6000)
    assert got.dtype == expected.dtype == np.uint8 and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(overlay_array(f.dataset, 0x6000), expected)
    assert got.flags.writeable
    assert overlay_groups(f) == (0x6000,)
    info = overlay_info(f, 0x6000)
    assert (info.rows, info.columns, info.type, info.origin) == (300, 484, "G", (1, 1))
    assert info.description == "Siemens MedCom Object Graphics"
    assert (info.number_of_frames, info.image_frame_origin, info.embedded) == (1, 1, False)
    assert info.shape == (300, 484)
    np.testing.assert_array_equal(tc.dcmread(path).overlay_array(0x6000), expected)


def test_files_without_overlays_have_no_groups() -> None:
    assert overlay_groups(typeddcm.read(_DATA / "CT_small.dcm")) == ()


# ----------------------------------------------------------------------- synthetic files


@pytest.mark.parametrize("shape", [(1, 5, 7), (3, 5, 7), (2, 16, 16), (4, 1, 9)])
@pytest.mark.parametrize("vr", [OW, OB])
@pytest.mark.parametrize("group", [0x6000, 0x6002, 0x601E])
def test_synthetic_overlays_match_pydicom(shape: tuple[int, int, int], vr: type[OB] | type[OW],
                                          group: int) -> None:
    bits = _random_bits(shape, seed=shape[0] * 100 + shape[1])
    frames = shape[0]
    data = _written(_with_overlay(_base(frames=frames if frames > 1 else None), bits, group,
                                  vr=vr))
    expected = bits[0] if frames == 1 else bits
    ours = overlay_array(typeddcm.read(data), group)
    np.testing.assert_array_equal(ours, expected)
    np.testing.assert_array_equal(ours, _pydicom_overlay(data, group))
    assert overlay_groups(typeddcm.read(data)) == (group,)


@pytest.mark.parametrize(("syntax", "vr"), [(_IMPLICIT, OW), (_BE, OW), (_BE, OB)])
def test_byte_orders_and_implicit_vr(syntax: str, vr: type[OB] | type[OW]) -> None:
    """A big endian OW holds the bit stream in swapped words (PS3.5 8.1.2); read right."""
    bits = _random_bits((3, 7, 9), seed=3)
    ds = _with_overlay(_base(frames=3), bits, 0x6004, vr=vr)
    data = _written(ds, syntax)
    np.testing.assert_array_equal(overlay_array(typeddcm.read(data), 0x6004), bits)
    np.testing.assert_array_equal(tc.dcmread(io.BytesIO(data)).overlay_array(0x6004), bits)
    if syntax == _IMPLICIT:
        np.testing.assert_array_equal(_pydicom_overlay(data, 0x6004), bits)


def test_several_groups_and_info() -> None:
    first, second = _random_bits((1, 4, 6), 1), _random_bits((2, 3, 3), 2)
    ds = _with_overlay(_with_overlay(_base(6, 6, frames=4), first, 0x6000, origin=(2, -1)),
                       second, 0x6006, frame_origin=3)
    ds = ds.set(0x60061500, "label").set(0x60060045, "sub").set(0x60061301, "12")
    ds = ds.set(0x60061302, "3.5").set(0x60061303, "0.25").set(0x60060040, "R")
    f = typeddcm.read(_written(ds))
    assert overlay_groups(f) == (0x6000, 0x6006)
    info = overlay_info(f, 0x6006)
    assert info == OverlayInfo(group=0x6006, rows=3, columns=3, type="R", origin=(1, 1),
                               bits_allocated=1, bit_position=0, number_of_frames=2,
                               image_frame_origin=3, applies_to_all_frames=False,
                               embedded=False, description="made in a test", subtype="sub",
                               label="label", roi_area=12, roi_mean=3.5,
                               roi_standard_deviation=0.25)
    assert overlay_info(f, 0x6000).origin == (2, -1)
    np.testing.assert_array_equal(overlay_array(f, 0x6006), second)


def test_excess_and_padding_bytes_are_ignored() -> None:
    bits = _random_bits((1, 3, 3), 5)  # 9 bits: 2 bytes, padded to 2
    ds = _with_overlay(_base(), bits).set(0x60003000, OW(pack_bits(bits) + bytes(10)))
    np.testing.assert_array_equal(overlay_array(ds), bits[0])


# ----------------------------------------------------------------------- placing on the image


def test_overlay_in_image_places_by_origin_and_clips() -> None:
    bits = np.ones((1, 3, 4), dtype=np.uint8)
    placed = overlay_in_image(_with_overlay(_base(5, 6), bits, origin=(2, 3)))
    expected = np.zeros((5, 6), dtype=np.uint8)
    expected[1:4, 2:6] = 1
    np.testing.assert_array_equal(placed, expected)
    clipped = overlay_in_image(_with_overlay(_base(5, 6), _random_bits((1, 3, 4), 9),
                                             origin=(0, -1)))
    np.testing.assert_array_equal(clipped[:2, :2], _random_bits((1, 3, 4), 9)[0, 1:, 2:])
    assert clipped[2:].sum() == 0 and clipped[:, 2:].sum() == 0
    outside = overlay_in_image(_with_overlay(_base(5, 6), bits, origin=(9, 9)))
    assert outside.shape == (5, 6) and outside.sum() == 0


def test_overlay_in_image_frames() -> None:
    bits = _random_bits((2, 4, 4), 11)
    placed = overlay_in_image(_with_overlay(_base(4, 4, frames=4), bits, frame_origin=2))
    assert placed.shape == (4, 4, 4)
    np.testing.assert_array_equal(placed[1:3], bits)
    assert placed[0].sum() == 0 and placed[3].sum() == 0
    # No Number of Frames in Overlay: one overlay frame belongs to every image frame.
    single = _random_bits((1, 4, 4), 12)
    everywhere = overlay_in_image(_with_overlay(_base(4, 4, frames=3), single,
                                                frames_given=False))
    assert overlay_info(_with_overlay(_base(4, 4, frames=3), single,
                                      frames_given=False)).applies_to_all_frames
    np.testing.assert_array_equal(everywhere, np.stack([single[0]] * 3))


# ----------------------------------------------------------------------- retired encodings


def _embedded(pixels: npt.NDArray[Any], bit: int, *, frames_in_overlay: int | None = None,
              frame_origin: int | None = None) -> typeddcm.Dataset:
    frames, rows, columns = pixels.shape
    ds = (_base(rows, columns, frames=frames if frames > 1 else None)
          .set(keys.BitsAllocated, 16).set(keys.BitsStored, 12).set(keys.HighBit, 11)
          .set(keys.PixelRepresentation, 0).set(keys.SamplesPerPixel, 1)
          .set(keys.PhotometricInterpretation, "MONOCHROME2")
          .set(keys.PixelData, OW(pixels.astype("<u2").tobytes()))
          .set(0x60000010, rows).set(0x60000011, columns).set(0x60000040, "G")
          .set(0x60000050, [1, 1]).set(0x60000100, 16).set(0x60000102, bit))
    if frames_in_overlay is not None:
        ds = ds.set(0x60000015, str(frames_in_overlay))
    if frame_origin is not None:
        ds = ds.set(0x60000051, frame_origin)
    return ds


@pytest.mark.parametrize("syntax", [_LE, _BE])
def test_embedded_overlay_in_pixel_data(syntax: str) -> None:
    """Retired (PS3.5-2004): the overlay is one high bit of each Pixel Data word."""
    rng = np.random.default_rng(4)
    pixels = rng.integers(0, 4096, size=(3, 5, 6), dtype=np.uint16)
    mask = _random_bits((3, 5, 6), 8)
    pixels |= mask.astype(np.uint16) << 14
    f = typeddcm.read(_written(_embedded(pixels, 14), syntax))
    info = overlay_info(f)
    assert info.embedded and info.number_of_frames == 3 and info.bits_allocated == 16
    np.testing.assert_array_equal(overlay_array(f), mask)
    # The image itself keeps only its 12 stored bits.
    np.testing.assert_array_equal(typeddcm.pixels.pixel_array(f), pixels & 0x0FFF)
    some = typeddcm.read(_written(_embedded(pixels, 14, frames_in_overlay=2, frame_origin=2),
                                  syntax))
    np.testing.assert_array_equal(overlay_array(some), mask[1:])
    compat = tc.dcmread(io.BytesIO(_written(_embedded(pixels, 14), syntax)))
    np.testing.assert_array_equal(compat.overlay_array(0x6000), mask)


def test_pydicom_refuses_embedded_overlays_we_read_them() -> None:
    pixels = np.full((1, 2, 2), 0x8001, dtype=np.uint16)
    data = _written(_embedded(pixels, 15))
    with pytest.raises(AttributeError):
        _pydicom_overlay(data, 0x6000)
    np.testing.assert_array_equal(overlay_array(typeddcm.read(data)), np.ones((2, 2)))


def test_overlay_data_in_words() -> None:
    """Retired: Overlay Bits Allocated 16 with Overlay Data, the bit at Overlay Bit Position."""
    mask = _random_bits((1, 4, 5), 21)
    words = (mask.astype("<u2") << 3) | 0x0101
    ds = (_base(4, 5).set(0x60000010, 4).set(0x60000011, 5).set(0x60000100, 16)
          .set(0x60000102, 3).set(0x60003000, OW(words.tobytes())))
    np.testing.assert_array_equal(overlay_array(ds), mask[0])


# ----------------------------------------------------------------------- bad input


def test_bad_groups() -> None:
    ds = _with_overlay(_base(), _random_bits((1, 8, 8)))
    for group in (0x5000, 0x6100, 0x5FFE):
        with pytest.raises(ValueError, match="between 0x6000 and 0x60FF"):
            overlay_array(ds, group)
        with pytest.raises(ValueError, match="between 0x6000 and 0x60FF"):
            pydicom.Dataset().overlay_array(group)
    with pytest.raises(ValueError, match="odd"):
        overlay_array(ds, 0x6001)
    with pytest.raises(TypeError):
        overlay_array(ds, "6000")  # type: ignore[arg-type]
    with pytest.raises(MissingAttributeError, match="OverlayRows"):
        overlay_array(ds, 0x6002)
    compat = tc.Dataset(ds)
    with pytest.raises(AttributeError, match="OverlayData"):
        compat.overlay_array(0x6002)
    with pytest.raises(AttributeError):  # pydicom's type for the same case
        _pydicom_overlay(_written(ds), 0x6002)


def test_overlay_data_too_short() -> None:
    bits = _random_bits((3, 8, 8))
    ds = _with_overlay(_base(frames=3), bits).set(0x60003000, OW(pack_bits(bits[:2])))
    with pytest.raises(DecodeError, match="expected length"):
        overlay_array(ds)
    with pytest.raises(ValueError, match="expected length"):
        tc.Dataset(ds).overlay_array(0x6000)
    with pytest.raises(ValueError, match="expected length"):
        _pydicom_overlay(_written(ds), 0x6000)


@pytest.mark.parametrize(("element", "value", "match"), [
    (0x60000015, "0", "Number of Frames in Overlay"),
    (0x60000100, 3, "Overlay Bits Allocated"),
    (0x60000102, 1, "Overlay Bit Position"),
    (0x60000010, 0, "positive"),
])
def test_bad_values(element: int, value: Any, match: str) -> None:
    ds = _with_overlay(_base(), _random_bits((1, 8, 8))).set(element, value)
    with pytest.raises(InvalidValueError, match=match):
        overlay_array(ds)


def test_embedded_overlay_problems() -> None:
    pixels = np.zeros((2, 3, 3), dtype=np.uint16)
    with pytest.raises(InvalidValueError, match="not all among"):
        overlay_array(_embedded(pixels, 15, frames_in_overlay=2, frame_origin=2))
    with pytest.raises(InvalidValueError, match="Bits Allocated"):
        overlay_array(_embedded(pixels, 15).set(keys.BitsAllocated, 32))
    with pytest.raises(MissingAttributeError, match="no Pixel Data"):
        overlay_array(_embedded(pixels, 15).delete(keys.PixelData))
    with pytest.raises(MissingAttributeError, match="OverlayData"):
        overlay_array(_embedded(pixels, 15).delete(0x60000100))
    f = typeddcm.read(_written(_embedded(pixels[:1], 15)))
    rle = typeddcm.pixels.compress(f, "1.2.840.10008.1.2.5")
    with pytest.raises(UnsupportedTransferSyntaxError, match="compressed"):
        overlay_array(rle)
    with pytest.raises(NotImplementedError):
        overlay_array(rle)


# ----------------------------------------------------------------------- properties


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.uint8, hnp.array_shapes(min_dims=1, max_dims=3, max_side=20),
                  elements=st.integers(0, 1)),
       st.booleans())
def test_pack_unpack_round_trip(bits: Bits, pad: bool) -> None:
    packed = pack_bits(bits, pad=pad)
    assert packed == pydicom.pixels.pack_bits(bits, pad=pad)
    assert len(packed) == -(-bits.size // 8) + (pad and -(-bits.size // 8) % 2)
    np.testing.assert_array_equal(unpack_bits(packed, bits.size), bits.reshape(-1))
    np.testing.assert_array_equal(unpack_bits(packed), pydicom.pixels.unpack_bits(packed))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1),
       st.sampled_from([_LE, _BE]))
def test_overlay_round_trip(frames: int, rows: int, columns: int, seed: int,
                            syntax: str) -> None:
    bits = _random_bits((frames, rows, columns), seed)
    f = typeddcm.read(_written(_with_overlay(_base(frames=frames), bits, 0x6010), syntax))
    got = overlay_array(f, 0x6010)
    assert got.shape == overlay_info(f, 0x6010).shape
    np.testing.assert_array_equal(got.reshape(bits.shape), bits)


def test_pack_bits_refuses_other_values() -> None:
    with pytest.raises(ValueError, match="binary"):
        pack_bits(np.array([0, 1, 2]))
    with pytest.raises(ValueError, match="integer"):
        pack_bits(np.array([0.0, 1.0]))
    assert pack_bits(np.array([], dtype=np.uint8)) == b""
    assert pack_bits(np.array([True, False, True])) == b"\x05\x00"
    with pytest.raises(ValueError, match="bits are asked"):
        unpack_bits(b"\x01", 9)

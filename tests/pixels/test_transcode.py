"""compress / decompress, the codec registry, and damaged frames."""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import keys
from typeddcm.codec import encaps
from typeddcm.codec.transfer_syntax import EXPLICIT_VR_LITTLE_ENDIAN
from typeddcm.codec.transfer_syntax import transfer_syntax as syntax_of
from typeddcm.element import Element
from typeddcm.errors import DecodeError, EncodeError, UnsupportedTransferSyntaxError
from typeddcm.pixels import (
    codecs,
    compress,
    decompress,
    pixel_array,
    register_codec,
    unregister_codec,
)
from typeddcm.pixels import syntaxes as ts
from typeddcm.pixels.codestream import guess_transfer_syntax, j2k_info, jpeg_info
from typeddcm.samples import sample_path
from typeddcm.vr import OB, OW

pydicom = pytest.importorskip("pydicom")

LOSSLESS = [ts.RLE_LOSSLESS, ts.JPEG_2000_LOSSLESS, ts.DEFLATED_IMAGE_FRAME,
            ts.ENCAPSULATED_UNCOMPRESSED]


def _image(pixels: npt.NDArray[Any], photometric: str = "MONOCHROME2",
           bits_stored: int | None = None) -> typeddcm.DicomFile:
    frames = pixels.shape[0] if pixels.ndim == 4 or (pixels.ndim == 3 and photometric ==
                                                       "MONOCHROME2") else 1
    samples = 3 if photometric != "MONOCHROME2" else 1
    bits = pixels.dtype.itemsize * 8
    ds = (typeddcm.Dataset()
          .set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7").set(keys.SOPInstanceUID, "1.2.3.4")
          .set(keys.Rows, pixels.shape[-2 if samples == 1 else -3])
          .set(keys.Columns, pixels.shape[-1 if samples == 1 else -2])
          .set(keys.SamplesPerPixel, samples).set(keys.PhotometricInterpretation, photometric)
          .set(keys.BitsAllocated, bits).set(keys.BitsStored, bits_stored or bits)
          .set(keys.HighBit, (bits_stored or bits) - 1)
          .set(keys.PixelRepresentation, int(pixels.dtype.kind == "i"))
          .set(keys.NumberOfFrames, frames))
    if samples > 1:
        ds = ds.set(keys.PlanarConfiguration, 0)
    raw = np.ascontiguousarray(pixels).astype(pixels.dtype.newbyteorder("<")).tobytes()
    ds = ds.set(keys.PixelData, OB(raw + b"\x00" * (len(raw) % 2)) if bits == 8 else OW(raw))
    meta = typeddcm.Dataset().set(keys.TransferSyntaxUID, EXPLICIT_VR_LITTLE_ENDIAN.uid)
    return typeddcm.DicomFile(b"\x00" * 128, meta, ds, EXPLICIT_VR_LITTLE_ENDIAN)


def _reread(f: typeddcm.DicomFile) -> typeddcm.DicomFile:
    return typeddcm.read(f.to_bytes(like_original=False))


@st.composite
def images(draw: st.DrawFn) -> npt.NDArray[Any]:
    dtype = draw(st.sampled_from(["u1", "u2", "i2"]))
    frames = draw(st.integers(1, 3))
    shape = (frames, draw(st.integers(1, 24)), draw(st.integers(1, 24)))
    seed = draw(st.integers(0, 2**32 - 1))
    info = np.iinfo(dtype)
    rng = np.random.default_rng(seed)
    flat = draw(st.booleans())  # runs as well as noise
    pixels = (np.full(shape, rng.integers(info.min, info.max), dtype=dtype) if flat
              else rng.integers(info.min, info.max, shape, dtype=dtype, endpoint=True))
    return pixels if frames > 1 else pixels[0]


@settings(max_examples=40, deadline=None)
@given(images(), st.sampled_from(LOSSLESS))
def test_lossless_compress_then_decompress_is_exact(pixels: npt.NDArray[Any], uid: str) -> None:
    f = _image(pixels)
    packed = _reread(compress(f, uid))
    assert packed.transfer_syntax.uid == uid
    assert packed.meta[keys.TransferSyntaxUID].value == uid
    np.testing.assert_array_equal(pixel_array(packed), pixels)
    unpacked = _reread(decompress(packed))
    assert unpacked.transfer_syntax.uid == EXPLICIT_VR_LITTLE_ENDIAN.uid
    np.testing.assert_array_equal(pixel_array(unpacked), pixels)
    assert keys.LossyImageCompression not in unpacked.dataset


@pytest.mark.parametrize("uid", [ts.RLE_LOSSLESS, ts.JPEG_2000_LOSSLESS])
def test_pydicom_reads_what_we_compress(uid: str) -> None:
    rng = np.random.default_rng(7)
    for pixels in (rng.integers(0, 4096, (2, 20, 30), dtype=np.uint16),
                   rng.integers(-2048, 2047, (20, 30), dtype=np.int16)):
        data = compress(_image(pixels, bits_stored=12), uid).to_bytes(like_original=False)
        np.testing.assert_array_equal(pydicom.dcmread(io.BytesIO(data)).pixel_array, pixels)


def test_colour_rle_and_j2k_keep_or_transform_the_colour_space() -> None:
    rgb = np.random.default_rng(3).integers(0, 255, (16, 18, 3), dtype=np.uint8)
    f = _image(rgb, "RGB")
    rle = _reread(compress(f, ts.RLE_LOSSLESS))
    assert rle.dataset[keys.PhotometricInterpretation].value == "RGB"
    np.testing.assert_array_equal(pixel_array(rle), rgb)
    j2k = _reread(compress(f, ts.JPEG_2000_LOSSLESS))
    assert j2k.dataset[keys.PhotometricInterpretation].value == "YBR_RCT"
    np.testing.assert_array_equal(pixel_array(j2k), rgb)
    back = _reread(decompress(j2k))
    assert back.dataset[keys.PhotometricInterpretation].value == "RGB"
    np.testing.assert_array_equal(pixel_array(back), rgb)


def test_lossy_jpeg_records_its_history() -> None:
    gradient = np.add.outer(np.arange(32), np.arange(48)).astype(np.uint8)
    rgb = np.stack([gradient, gradient[::-1], 255 - gradient], axis=-1)
    jpeg = _reread(compress(_image(rgb, "RGB"), ts.JPEG_BASELINE, quality=95))
    ds = jpeg.dataset
    assert ds[keys.PhotometricInterpretation].value == "YBR_FULL_422"
    assert ds[keys.LossyImageCompression].value == "01"
    assert ds[keys.LossyImageCompressionMethod].values == ("ISO_10918_1",)
    assert float(ds[keys.LossyImageCompressionRatio].values[0]) > 1
    got = pixel_array(jpeg)
    assert got.shape == rgb.shape and np.abs(got.astype(int) - rgb).max() <= 12
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = pydicom.dcmread(io.BytesIO(jpeg.to_bytes()))
        theirs.pixel_array_options(decoding_plugin="pillow")
        np.testing.assert_array_equal(theirs.pixel_array, got)
    again = _reread(compress(jpeg, ts.JPEG_2000, compression_ratio=5))
    assert again.dataset[keys.LossyImageCompressionMethod].values == ("ISO_10918_1", "ISO_15444_1")


def test_extended_offset_table() -> None:
    pixels = np.arange(3 * 8 * 8, dtype=np.uint16).reshape(3, 8, 8)
    packed = _reread(compress(_image(pixels), ts.RLE_LOSSLESS, extended_offset_table=True))
    assert keys.ExtendedOffsetTable in packed.dataset
    np.testing.assert_array_equal(pixel_array(packed, 2), pixels[2])
    assert keys.ExtendedOffsetTable not in decompress(packed).dataset


def test_refusals_are_encode_errors() -> None:
    with pytest.raises(EncodeError, match="8-bit unsigned"):
        compress(_image(np.zeros((4, 4), np.uint16)), ts.JPEG_BASELINE)
    with pytest.raises(UnsupportedTransferSyntaxError, match="cannot encode"):
        compress(_image(np.zeros((4, 4), np.uint8)), ts.JPEG_LOSSLESS)  # no encoder for it
    with pytest.raises(EncodeError, match="does not match"):
        compress(_image(np.zeros((4, 4), np.uint8)), ts.RLE_LOSSLESS, array=np.zeros((5, 4), np.uint8))


def test_decompress_of_a_native_file_is_the_file() -> None:
    f = typeddcm.read(sample_path("ct_small.dcm"))
    assert decompress(f) is f


@pytest.fixture
def without_plugins() -> Iterator[None]:
    """The registry as on a machine without the optional plugins (restored afterwards)."""
    saved = codecs()
    for codec in saved:
        if codec.install and not codec.install.startswith("pillow"):
            # As when its module does not import: known, but not available.
            register_codec(attrs.evolve(codec, is_available=lambda: False))
    yield
    for codec in codecs():
        unregister_codec(codec.name)
    for codec in saved:
        register_codec(codec)


def _jpeg_ls_file() -> typeddcm.DicomFile:
    path = next(p for p in __import__("tests.codec.pydicom_files", fromlist=["wheel_files"])
                .wheel_files() if p.name == "MR_small_jpeg_ls_lossless.dcm")
    return typeddcm.read(path)


def test_missing_plugin_names_what_to_install(without_plugins: None) -> None:
    with pytest.raises(UnsupportedTransferSyntaxError, match=r"JPEG-LS Lossless.*install one of"):
        pixel_array(_jpeg_ls_file())


def test_plugins_are_tried_in_order_and_can_be_replaced() -> None:
    from typeddcm.pixels.registry import Codec, DecodedFrame

    seen: list[str] = []

    def fake(data: bytes | memoryview, layout: Any, uid: str) -> DecodedFrame:
        seen.append(uid)
        return DecodedFrame(np.zeros(layout.frame_shape(), layout.dtype), "MONOCHROME2")

    register_codec(Codec("test-first", frozenset({ts.JPEG_LS_LOSSLESS}), decode=fake), first=True)
    try:
        assert not pixel_array(_jpeg_ls_file()).any()
        assert seen == [ts.JPEG_LS_LOSSLESS]
    finally:
        unregister_codec("test-first")
    assert pixel_array(_jpeg_ls_file()).any()


def _two_frame_rle() -> typeddcm.DicomFile:
    pixels = np.arange(2 * 10 * 10, dtype=np.uint16).reshape(2, 10, 10)
    return compress(_image(pixels), ts.RLE_LOSSLESS)


def _with_fragments(f: typeddcm.DicomFile, fragments: list[bytes]) -> typeddcm.DicomFile:
    items = encaps.encapsulate(fragments, with_bot=True)
    return f.set(0x7FE00010, Element.encapsulated(0x7FE00010, OB(items)))


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_damaged_frames_are_decode_errors_naming_the_frame(data: st.DataObject) -> None:
    f = _two_frame_rle()
    frames = [bytes(x) for x in encaps.frames(f.dataset[0x7FE00010].vr.data, 2)]  # type: ignore[union-attr]
    index = data.draw(st.integers(0, 1))
    damaged = bytearray(frames[index])
    if data.draw(st.booleans()):
        damaged = damaged[: data.draw(st.integers(0, len(damaged) - 1))]
    else:
        for _ in range(data.draw(st.integers(1, 8))):
            damaged[data.draw(st.integers(0, len(damaged) - 1))] = data.draw(st.integers(0, 255))
    frames[index] = bytes(damaged)
    broken = _with_fragments(f, frames)
    message = None
    try:
        pixel_array(broken)  # damage inside the data may still decode: then no error
    except DecodeError as error:
        message = str(error)
    assert message is None or f"frame {index}" in message
    other = 1 - index
    pixel_array(broken, other)  # the undamaged frame still decodes on its own


@pytest.mark.parametrize("uid", [ts.JPEG_BASELINE, ts.JPEG_2000_LOSSLESS])
def test_truncated_pillow_frames_are_decode_errors(uid: str) -> None:
    pixels = np.add.outer(np.arange(16), np.arange(16)).astype(np.uint8)
    f = compress(_image(np.stack([pixels, pixels])), uid)
    frames = [bytes(x) for x in encaps.frames(f.dataset[0x7FE00010].vr.data, 2)]  # type: ignore[union-attr]
    for cut in (0, 2, 10, len(frames[1]) // 2):
        broken = _with_fragments(f, [frames[0], frames[1][:cut]])
        with pytest.raises(DecodeError, match="frame 1"):
            pixel_array(broken)


def test_codestream_facts_and_guesses() -> None:
    pixels = np.add.outer(np.arange(16), np.arange(16)).astype(np.uint8)
    jpeg = bytes(encaps.frame(compress(_image(pixels), ts.JPEG_BASELINE)
                              .dataset[0x7FE00010].vr.data, 0, 1))  # type: ignore[union-attr]
    info = jpeg_info(jpeg)
    assert info is not None and (info.marker, info.precision, info.rows) == (0xC0, 8, 16)
    assert guess_transfer_syntax(jpeg) == ts.JPEG_BASELINE
    j2k = bytes(encaps.frame(compress(_image(pixels.astype(np.uint16) * 100), ts.JPEG_2000_LOSSLESS)
                             .dataset[0x7FE00010].vr.data, 0, 1))  # type: ignore[union-attr]
    facts = j2k_info(j2k)
    assert facts is not None and (facts.rows, facts.columns, facts.signed) == (16, 16, False)
    assert guess_transfer_syntax(j2k) == ts.JPEG_2000_LOSSLESS
    assert guess_transfer_syntax(b"\x01\x00\x00\x00\x40\x00\x00\x00" + bytes(56)) == ts.RLE_LOSSLESS
    assert guess_transfer_syntax(b"garbage!") is None
    assert jpeg_info(jpeg[:20]) is None


def test_bare_dataset_encapsulated_pixels_are_judged_from_their_bytes() -> None:
    pixels = np.arange(100, dtype=np.uint16).reshape(10, 10)
    packed = compress(_image(pixels), ts.RLE_LOSSLESS)
    np.testing.assert_array_equal(pixel_array(packed.dataset), pixels)
    np.testing.assert_array_equal(pixel_array(packed.dataset, transfer_syntax=ts.RLE_LOSSLESS), pixels)


@pytest.mark.parametrize("bits", [8, 12, 16])
def test_htj2k_frames_decode_through_pillow_and_the_plugins(bits: int) -> None:
    """HTJ2K (PS3.5 A.4.10, 1.2.840.10008.1.2.4.201): coded by imagecodecs, read by every codec."""
    imagecodecs = pytest.importorskip("imagecodecs")
    from typeddcm.pixels.builtin import register_defaults
    from typeddcm.pixels.pillow_codec import J2K_CODEC

    rng = np.random.default_rng(bits)
    dtype = np.uint8 if bits == 8 else np.uint16
    pixels = rng.integers(0, (1 << bits) - 1, (2, 24, 40), dtype=dtype)
    frames = [imagecodecs.htj2k_encode(frame) for frame in pixels]
    f = _image(pixels, bits_stored=bits)
    f = _with_fragments(f, frames).with_meta(f.meta.set(keys.TransferSyntaxUID, ts.HTJ2K_LOSSLESS))
    f = typeddcm.read(typeddcm.DicomFile(f.preamble, f.meta, f.dataset, syntax_of(
        ts.HTJ2K_LOSSLESS)).to_bytes(like_original=False))
    assert guess_transfer_syntax(bytes(frames[0])) == ts.HTJ2K_LOSSLESS
    np.testing.assert_array_equal(pixel_array(f), pixels)  # Pillow first
    unregister_codec(J2K_CODEC.name)
    try:
        np.testing.assert_array_equal(pixel_array(f, 1), pixels[1])  # then pylibjpeg-openjpeg
    finally:
        for codec in codecs():
            unregister_codec(codec.name)
        register_defaults()

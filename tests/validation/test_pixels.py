"""Pixel Data checks (typeddcm/validation/pixels.py): native length against the Image
Pixel attributes (PS3.5 8.1.1), Photometric Interpretation against the Transfer Syntax
(PS3.5 8.2), synthetic files for each and the wheel files dciodvfy flags."""

from __future__ import annotations

import struct
import warnings

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile, Element
from typeddcm.validation import Finding
from typeddcm.validation.encoding import check_encoding
from typeddcm.validation.pixels import ALLOWED_PHOTOMETRIC, check_pixel_data, native_pixel_length
from typeddcm.vr import OB

_SC = "1.2.840.10008.5.1.4.1.1.7"
_UID = "2.25.424242"
_JPEG_BASELINE = "1.2.840.10008.1.2.4.50"
_J2K_LOSSLESS = "1.2.840.10008.1.2.4.90"
_J2K = "1.2.840.10008.1.2.4.91"
_RLE = "1.2.840.10008.1.2.5"


def _native(pixels: bytes, *, rows: int = 4, columns: int = 4, samples: int = 1,
            bits: int = 8, frames: int | None = None, photometric: str = "MONOCHROME2",
            syntax: str = "1.2.840.10008.1.2.1") -> DicomFile:
    values: dict[str, object] = {
        "SOPClassUID": _SC, "SOPInstanceUID": _UID, "SamplesPerPixel": samples,
        "PhotometricInterpretation": photometric, "Rows": rows, "Columns": columns,
        "BitsAllocated": bits, "BitsStored": bits, "HighBit": bits - 1,
        "PixelRepresentation": 0, "PixelData": pixels}
    if frames is not None:
        values["NumberOfFrames"] = frames
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(DicomFile.new(Dataset(values), syntax).to_bytes())


def _encapsulated(syntax: str, photometric: str, samples: int = 3) -> DicomFile:
    fragment = b"\xff\xd8\xff\xd9"
    items = (b"\xfe\xff\x00\xe0" + struct.pack("<I", 0)
             + b"\xfe\xff\x00\xe0" + struct.pack("<I", len(fragment)) + fragment)
    ds = Dataset({"SOPClassUID": _SC, "SOPInstanceUID": _UID, "SamplesPerPixel": samples,
                  "PhotometricInterpretation": photometric, "Rows": 4, "Columns": 4,
                  "BitsAllocated": 8, "BitsStored": 8, "HighBit": 7,
                  "PixelRepresentation": 0})
    ds = ds.set(0x7FE00010, Element.encapsulated(0x7FE00010, OB(items)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(DicomFile.new(ds, syntax).to_bytes())


def _rules(findings: list[Finding]) -> list[str]:
    return [f.rule for f in findings]


# ---------------------------------------------------------------- native length


@pytest.mark.parametrize(("rows", "columns", "samples", "frames", "bits", "photometric",
                          "length"), [
    (4, 4, 1, 1, 8, "", 16),
    (3, 3, 1, 1, 8, "", 10),  # 9 bytes, padded to even
    (64, 64, 1, 1, 16, "", 8192),
    (100, 100, 3, 2, 8, "RGB", 60000),
    (3, 3, 1, 1, 1, "", 2),  # 9 bits packed into 2 bytes
    (10, 10, 1, 3, 1, "", 38),  # 300 bits, frames packed without padding: 38 bytes
    (100, 100, 3, 1, 8, "YBR_FULL_422", 20000),  # two samples per pixel stored
    (4, 4, 3, 1, 8, "YBR_PARTIAL_420", 24),
])
def test_native_pixel_length(rows: int, columns: int, samples: int, frames: int, bits: int,
                             photometric: str, length: int) -> None:
    assert native_pixel_length(rows, columns, samples, frames, bits, photometric) == length


@given(st.integers(0, 64), st.integers(0, 64), st.sampled_from([1, 3]), st.integers(1, 4),
       st.sampled_from([1, 8, 16, 32]))
def test_native_pixel_length_is_even_and_holds_every_bit(
        rows: int, columns: int, samples: int, frames: int, bits: int) -> None:
    length = native_pixel_length(rows, columns, samples, frames, bits)
    assert length % 2 == 0
    assert 0 <= length * 8 - rows * columns * samples * frames * bits < 16


def test_native_pixel_data_of_the_right_length_is_clean() -> None:
    assert list(check_pixel_data(_native(bytes(16)))) == []
    assert list(check_pixel_data(_native(bytes(10), rows=3, columns=3))) == []
    assert list(check_pixel_data(_native(bytes(96), samples=3, frames=2,
                                         photometric="RGB"))) == []
    assert list(check_pixel_data(_native(bytes(32), bits=1, rows=16, columns=16))) == []


@pytest.mark.parametrize(("length", "kwargs"), [
    (18, {}),  # two bytes too many
    (14, {}),  # truncated
    (16, {"frames": 2}),  # one frame where two are declared
    (256, {"bits": 1, "rows": 16, "columns": 16}),  # 1-bit data not packed
    (16, {"bits": 16}),
])
def test_native_pixel_data_of_another_length_is_an_error(length: int,
                                                         kwargs: dict[str, int]) -> None:
    found = list(check_pixel_data(_native(bytes(length), **kwargs)))  # type: ignore[arg-type]
    assert _rules(found) == ["pixel-length"]
    assert found[0].path == "(7FE0,0010)" and found[0].reference == "PS3.5 8.1.1"
    assert f"is {length} bytes" in found[0].message
    assert found[0].offset is not None


def test_pixel_length_is_part_of_check_encoding_and_validate() -> None:
    f = _native(bytes(18))
    assert "pixel-length" in _rules(list(check_encoding(f)))
    assert "pixel-length" in _rules(list(typeddcm.validate(f).findings))


def test_missing_image_pixel_attributes_are_left_to_the_iod_checks() -> None:
    f = _native(bytes(18))
    ds = f.dataset.delete(0x00280010)
    assert list(check_pixel_data(attrs.evolve(f, dataset=ds))) == []


def test_pixel_data_built_in_memory_is_measured_too() -> None:
    f = _native(bytes(16))
    built = f.dataset.set(0x7FE00010, Element(0x7FE00010, OB(bytes(20))))
    found = list(check_pixel_data(attrs.evolve(f, dataset=built)))
    assert _rules(found) == ["pixel-length"]
    assert found[0].offset is None


def test_big_endian_native_data_is_measured() -> None:
    f = _native(bytes(18), bits=16, rows=3, columns=3, syntax="1.2.840.10008.1.2.2")
    assert list(check_pixel_data(f)) == []


# ---------------------------------------------------------------- photometric by syntax


@pytest.mark.parametrize(("syntax", "photometric"), [
    (_JPEG_BASELINE, "YBR_FULL_422"), (_JPEG_BASELINE, "RGB"), (_J2K, "YBR_FULL_422"),
    (_J2K_LOSSLESS, "YBR_RCT"), (_J2K_LOSSLESS, "RGB"), (_J2K_LOSSLESS, "YBR_FULL"),
    (_J2K_LOSSLESS, "PALETTE COLOR"), (_J2K, "YBR_ICT"), (_J2K, "YBR_FULL"),
    (_RLE, "YBR_FULL"), (_RLE, "RGB"), (_RLE, "PALETTE COLOR"),
])
def test_allowed_photometric_interpretations(syntax: str, photometric: str) -> None:
    assert list(check_pixel_data(_encapsulated(syntax, photometric))) == []


@pytest.mark.parametrize(("syntax", "photometric", "reference"), [
    (_JPEG_BASELINE, "YBR_FULL", "PS3.5 8.2.1, A.4.1"),
    (_JPEG_BASELINE, "PALETTE COLOR", "PS3.5 8.2.1, A.4.1"),
    (_JPEG_BASELINE, "YBR_RCT", "PS3.5 8.2.1, A.4.1"),
    (_J2K_LOSSLESS, "YBR_ICT", "PS3.5 8.2.4, A.4.4"),
    (_J2K, "PALETTE COLOR", "PS3.5 8.2.4, A.4.4"),
    (_RLE, "YBR_FULL_422", "PS3.5 8.2.2, A.4.2"),
])
def test_photometric_not_allowed_for_the_syntax(syntax: str, photometric: str,
                                                reference: str) -> None:
    found = list(check_pixel_data(_encapsulated(syntax, photometric)))
    assert _rules(found) == ["photometric"]
    assert found[0].path == "(0028,0004)" and found[0].reference == reference
    assert photometric in found[0].message


def test_monochrome_is_allowed_by_every_listed_syntax() -> None:
    for kinds, _ in ALLOWED_PHOTOMETRIC.values():
        assert {"MONOCHROME1", "MONOCHROME2"} <= kinds


def test_native_syntaxes_allow_any_photometric() -> None:
    f = _native(bytes(20000), rows=100, columns=100, samples=3, photometric="YBR_FULL_422")
    assert list(check_pixel_data(f)) == []


# ---------------------------------------------------------------- wheel files


def _wheel(name: str) -> str:
    data = pytest.importorskip("pydicom.data")
    path = data.get_testdata_file(name)
    if path is None:
        pytest.skip(f"{name} is not in this pydicom")
    return str(path)


def test_wheel_file_with_padded_pixel_data_is_flagged() -> None:
    found = [f for f in typeddcm.validate(_wheel("MR_small_padded.dcm")).findings
             if f.rule == "pixel-length"]
    assert len(found) == 1
    assert "8320 bytes" in found[0].message and "8192" in found[0].message


def test_wheel_jpeg_baseline_in_ybr_full_is_flagged() -> None:
    # PS3.5 Table 8.2.1-1 gives YBR_FULL_422 and RGB for colour JPEG Baseline; DCMTK's
    # +cy without subsampling writes YBR_FULL, and dciodvfy flags it too.
    found = [f for f in typeddcm.validate(_wheel("SC_rgb_dcmtk_+eb+cy+n1.dcm")).findings
             if f.rule == "photometric"]
    assert len(found) == 1 and "YBR_FULL " in found[0].message


@pytest.mark.parametrize(("keyword", "size"), [("FloatPixelData", 4),
                                               ("DoubleFloatPixelData", 8)])
def test_float_pixel_data_length(keyword: str, size: int) -> None:
    from typeddcm.vr import OD, OF

    cls = OF if size == 4 else OD
    good = Dataset({"SOPClassUID": _SC, "SOPInstanceUID": _UID, "Rows": 2, "Columns": 3,
                    "NumberOfFrames": 2, keyword: cls(bytes(2 * 3 * 2 * size))})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(DicomFile.new(good, "1.2.840.10008.1.2.1").to_bytes())
        assert list(check_pixel_data(f)) == []
        short = good.set(keyword, cls(bytes(2 * 3 * size)))
        f = typeddcm.read(DicomFile.new(short, "1.2.840.10008.1.2.1").to_bytes())
    found = list(check_pixel_data(f))
    assert _rules(found) == ["pixel-length"]
    assert found[0].offset is not None
    assert f"{2 * 3 * 2 * size}" in found[0].message


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "SC_rgb_dcmtk_+eb+cy+np.dcm",
                                  "SC_ybr_full_422_uncompressed.dcm", "SC_rgb_rle.dcm",
                                  "liver_1frame.dcm", "JPEG2000.dcm",
                                  "SC_rgb_jpeg_gdcm.dcm"])
def test_conformant_wheel_files_are_not_flagged(name: str) -> None:
    rules = {f.rule for f in typeddcm.validate(_wheel(name)).findings}
    assert not rules & {"pixel-length", "photometric"}

"""Pixel Data checks (issue 11): does the Pixel Data fit its Image Pixel attributes and
its Transfer Syntax?

* ``pixel-length``: native (not encapsulated) Pixel Data (7FE0,0010) holds exactly
  Rows x Columns x Samples per Pixel x Number of Frames x Bits Allocated / 8 bytes,
  1-bit data packed eight pixels to a byte, the total padded to an even length
  (PS3.5 8.1.1 and 7.1.1: every value has an even length).
* ``photometric``: an encapsulated Transfer Syntax allows only some Photometric
  Interpretations (PS3.5 8.2.x, e.g. Table 8.2.1-1): lossy JPEG holds YBR_FULL_422 or
  RGB colour but not YBR_FULL, YBR_RCT and YBR_ICT only JPEG 2000 (YBR_ICT not a
  lossless-only syntax), PALETTE COLOR only lossless ones (:data:`ALLOWED_PHOTOMETRIC`).
* ``pixel-length`` for Float Pixel Data and Double Float Pixel Data too (PS3.3
  C.7.6.24, C.7.6.25): 32 and 64 bits per sample, one sample per pixel.

Both need only a few top-level values; a value that is absent or cannot be decoded is
left to the IOD checks (Type 1 attributes of the Image Pixel Module).
"""

from __future__ import annotations

from collections.abc import Iterator

from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import DicomError
from typeddcm.validation._access import element_values, tag_text
from typeddcm.validation._report import Finding, Severity

__all__ = ["ALLOWED_PHOTOMETRIC", "check_pixel_data", "native_pixel_length"]

_PIXEL_DATA = 0x7FE00010
_SAMPLES_PER_PIXEL = 0x00280002
_PHOTOMETRIC = 0x00280004
_NUMBER_OF_FRAMES = 0x00280008
_ROWS = 0x00280010
_COLUMNS = 0x00280011
_BITS_ALLOCATED = 0x00280100

_MONO = ("MONOCHROME1", "MONOCHROME2")
#: Lossy JPEG (PS3.5 Table 8.2.1-1): colour transformed and subsampled (YBR_FULL_422) or
#: not transformed (RGB); not YBR_FULL, and never palette indices (lossy would change
#: them).
_JPEG_LOSSY = frozenset({*_MONO, "RGB", "YBR_FULL_422"})
_LOSSLESS = frozenset({*_MONO, "PALETTE COLOR", "RGB", "YBR_FULL"})
_NEAR_LOSSLESS = _LOSSLESS - {"PALETTE COLOR"}
#: JPEG 2000 and HTJ2K (PS3.5 8.2.4, A.4.4): the reversible (YBR_RCT) or irreversible
#: (YBR_ICT) colour transform of the codestream, or none (RGB, YBR_FULL, and YBR_FULL_422
#: for subsampled components since CP-2650); palette and YBR_ICT only where the syntax
#: is lossless-only or may be lossy, respectively.
_J2K_LOSSLESS = _LOSSLESS | {"YBR_RCT", "YBR_FULL_422"}
_J2K_ANY = _NEAR_LOSSLESS | {"YBR_RCT", "YBR_ICT", "YBR_FULL_422"}

#: Its section number is not in ../shared/dicom: named by title, not guessed.
_HTJ2K = "PS3.5 8.2, A.4 (High-Throughput JPEG 2000 Image Compression)"

#: Transfer Syntax UID -> (the Photometric Interpretations its streams may hold, and
#: where PS3.5 says so).  Syntaxes not listed (MPEG, HEVC, JPEG XL, deflate, native) are
#: not checked: native data may use any of PS3.3 C.7.6.3.1.2, and the others state it
#: in their own streams.
ALLOWED_PHOTOMETRIC: dict[str, tuple[frozenset[str], str]] = {
    "1.2.840.10008.1.2.4.50": (_JPEG_LOSSY, "PS3.5 8.2.1, A.4.1"),  # Baseline (Process 1)
    "1.2.840.10008.1.2.4.51": (_JPEG_LOSSY, "PS3.5 8.2.1, A.4.1"),  # Extended (2 & 4)
    "1.2.840.10008.1.2.4.57": (_LOSSLESS, "PS3.5 8.2.1, A.4.1"),  # Lossless (Process 14)
    "1.2.840.10008.1.2.4.70": (_LOSSLESS, "PS3.5 8.2.1, A.4.1"),  # Lossless SV1
    "1.2.840.10008.1.2.5": (_LOSSLESS, "PS3.5 8.2.2, A.4.2"),  # RLE Lossless
    "1.2.840.10008.1.2.4.80": (_LOSSLESS, "PS3.5 8.2.3, A.4.3"),  # JPEG-LS Lossless
    "1.2.840.10008.1.2.4.81": (_NEAR_LOSSLESS, "PS3.5 8.2.3, A.4.3"),  # Near-lossless
    "1.2.840.10008.1.2.4.90": (_J2K_LOSSLESS, "PS3.5 8.2.4, A.4.4"),  # Lossless Only
    "1.2.840.10008.1.2.4.91": (_J2K_ANY, "PS3.5 8.2.4, A.4.4"),
    "1.2.840.10008.1.2.4.92": (_J2K_LOSSLESS, "PS3.5 8.2.4, A.4.4"),  # Part 2 Lossless
    "1.2.840.10008.1.2.4.93": (_J2K_ANY, "PS3.5 8.2.4, A.4.4"),  # Part 2
    "1.2.840.10008.1.2.4.201": (_J2K_LOSSLESS, _HTJ2K),  # Lossless
    "1.2.840.10008.1.2.4.202": (_J2K_LOSSLESS, _HTJ2K),  # RPCL
    "1.2.840.10008.1.2.4.203": (_J2K_ANY, _HTJ2K),
}


#: Native chroma-subsampled interpretations (PS3.3 C.7.6.3.1.2): the samples stored per
#: pixel, as (numerator, denominator), when Samples per Pixel is 3.  4:2:2 stores two
#: luminance and one of each chrominance sample per pair of pixels; 4:2:0 (retired) half
#: that chrominance again.
_SUBSAMPLED = {"YBR_FULL_422": (2, 1), "YBR_PARTIAL_422": (2, 1), "YBR_PARTIAL_420": (3, 2)}


def native_pixel_length(rows: int, columns: int, samples: int, frames: int,
                        bits_allocated: int, photometric: str = "") -> int:
    """The length PS3.5 8.1.1 gives native Pixel Data: every pixel's samples in
    ``bits_allocated`` bits (1-bit data packed, no padding between frames), the total
    rounded up to whole bytes and then to an even length.  A subsampled
    ``photometric`` (YBR_FULL_422 ...) stores fewer samples than Samples per Pixel."""
    numerator, denominator = samples, 1
    if samples == 3 and photometric in _SUBSAMPLED:
        numerator, denominator = _SUBSAMPLED[photometric]
    bits = rows * columns * numerator * frames * bits_allocated // denominator
    length = (bits + 7) // 8
    return length + (length & 1)


def check_pixel_data(dicom_file: DicomFile) -> Iterator[Finding]:
    """Findings about ``dicom_file``'s Pixel Data: its length when native, and its
    Photometric Interpretation against the Transfer Syntax when encapsulated."""
    ds = dicom_file.dataset
    for tag, bytes_per_sample in _FLOAT_PIXELS.items():
        floats = ds.get(tag)
        if floats is not None:
            yield from _check_float_length(ds, floats, tag, bytes_per_sample)
    pixels = ds.get(_PIXEL_DATA)
    if pixels is None:
        return
    syntax = dicom_file.transfer_syntax
    if syntax.encapsulated:
        if pixels.undefined_length:  # else check_encoding reports native data here
            yield from _check_photometric(ds, syntax.uid, syntax.name)
        return
    if pixels.undefined_length:
        return  # encapsulated data in a native syntax: check_encoding reports it
    actual = _value_length(pixels)
    numbers = [_first_int(ds, tag) for tag in (_ROWS, _COLUMNS, _SAMPLES_PER_PIXEL,
                                               _BITS_ALLOCATED)]
    if actual is None or any(n is None or n < 0 for n in numbers):
        return  # absent or undecodable: the IOD and value checks say so
    rows, columns, samples, bits = (n or 0 for n in numbers)
    count = _frame_count(ds)
    values = element_values(ds, _PHOTOMETRIC)
    photometric = str(values[0]).strip(" \x00") if values else ""
    expected = native_pixel_length(rows, columns, samples, count, bits, photometric)
    if actual != expected:
        subsampled = f"; {photometric} subsampled" if photometric in _SUBSAMPLED else ""
        yield Finding(
            Severity.ERROR, "pixel-length",
            f"native Pixel Data is {actual} bytes; Rows {rows} x Columns {columns} x Samples"
            f" per Pixel {samples} x Number of Frames {count} x Bits Allocated {bits}"
            f" / 8 gives {expected} (padded to even{subsampled})", "(7FE0,0010)", "PS3.5 8.1.1",
            _offset(pixels))


#: Float Pixel Data (OF) and Double Float Pixel Data (OD) -> bytes per sample; both hold
#: one sample per pixel (PS3.3 C.7.6.24 and C.7.6.25, (Double) Floating Point Image Pixel).
_FLOAT_PIXELS = {0x7FE00008: 4, 0x7FE00009: 8}
_FLOAT_MODULES = {4: "PS3.3 C.7.6.24", 8: "PS3.3 C.7.6.25"}


def _frame_count(ds: Dataset) -> int:
    frames = _first_int(ds, _NUMBER_OF_FRAMES)
    return frames if frames is not None and frames > 0 else 1


def _check_float_length(ds: Dataset, floats: Element, tag: int,
                        bytes_per_sample: int) -> Iterator[Finding]:
    actual = _value_length(floats)
    rows, columns = _first_int(ds, _ROWS), _first_int(ds, _COLUMNS)
    if actual is None or rows is None or columns is None or rows < 0 or columns < 0:
        return
    count = _frame_count(ds)
    expected = rows * columns * count * bytes_per_sample
    if actual != expected:
        where = tag_text(tag)
        name = "Float Pixel Data" if bytes_per_sample == 4 else "Double Float Pixel Data"
        yield Finding(
            Severity.ERROR, "pixel-length",
            f"{name} is {actual} bytes; Rows {rows} x Columns {columns} x Number of Frames"
            f" {count} x {bytes_per_sample} gives {expected}", where, _FLOAT_MODULES[bytes_per_sample],
            _offset(floats))


def _check_photometric(ds: Dataset, uid: str, name: str) -> Iterator[Finding]:
    allowed = ALLOWED_PHOTOMETRIC.get(uid)
    if allowed is None:
        return
    values = element_values(ds, _PHOTOMETRIC)
    if not values:
        return  # Type 1 in the Image Pixel Module: the IOD checks report it
    photometric = str(values[0]).strip(" \x00")
    kinds, reference = allowed
    if photometric not in kinds:
        yield Finding(
            Severity.ERROR, "photometric",
            f"Photometric Interpretation {photometric} is not allowed in {name}"
            f" (allowed: {', '.join(sorted(kinds))})", "(0028,0004)", reference)


def _first_int(ds: Dataset, tag: int) -> int | None:
    values = element_values(ds, tag)
    if not values:
        return None
    value = values[0]
    # US/SS values are ints; IS (Number of Frames) decodes to ints too.  Anything else
    # (a wrong VR read as text) is left to the VR checks.
    return value if isinstance(value, int) else None


def _value_length(pixels: Element) -> int | None:
    raw = pixels._raw
    if isinstance(raw, RawValue):
        return raw.value_end - raw.value_start
    try:
        data = getattr(pixels.vr, "data", None)
    except (DicomError, ValueError):
        return None
    return len(data) if isinstance(data, memoryview) else None


def _offset(pixels: Element) -> int | None:
    raw = pixels._raw
    return raw.start if isinstance(raw, RawValue) else None

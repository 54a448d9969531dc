"""Pixel Data checks (issue 11): does the Pixel Data fit its Image Pixel attributes and
its Transfer Syntax?

* ``pixel-length``: native (not encapsulated) Pixel Data (7FE0,0010) holds exactly
  Rows x Columns x Samples per Pixel x Number of Frames x Bits Allocated / 8 bytes,
  1-bit data packed eight pixels to a byte, the total padded to an even length
  (PS3.5 8.1.1 and 7.1.1: every value has an even length).
* ``photometric``: an encapsulated Transfer Syntax allows only some Photometric
  Interpretations (PS3.5 8.2.x): a JPEG baseline stream holds no YBR_FULL (its colour
  components are either subsampled, YBR_FULL_422, or not transformed, RGB), a reversible
  JPEG 2000 stream holds YBR_RCT, not YBR_FULL, and so on (:data:`ALLOWED_PHOTOMETRIC`).

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
_JPEG_LOSSY = frozenset({*_MONO, "YBR_FULL_422", "RGB"})
_LOSSLESS = frozenset({*_MONO, "PALETTE COLOR", "RGB", "YBR_FULL"})
_J2K_REVERSIBLE = frozenset({*_MONO, "PALETTE COLOR", "RGB", "YBR_RCT"})
#: Lossy or lossless: an irreversible stream (YBR_ICT) or a reversible one.
_J2K_ANY = _J2K_REVERSIBLE | {"YBR_ICT"}
#: Its section number is not in ../shared/dicom; named by title, not guessed.
_HTJ2K = "PS3.5 8.2, High-Throughput JPEG 2000 Image Compression"

#: Transfer Syntax UID -> (the Photometric Interpretations its streams may hold, where
#: PS3.5 says so).  Syntaxes not listed (MPEG, HEVC, deflate, native) are not checked:
#: native data may use any of PS3.3 C.7.6.3.1.2, and video streams state their own.
ALLOWED_PHOTOMETRIC: dict[str, tuple[frozenset[str], str]] = {
    # JPEG (PS3.5 8.2.1): lossy processes hold monochrome, YBR_FULL_422 (colour
    # transformed and subsampled) or RGB (not transformed); lossless ones any
    # non-subsampled interpretation, palette colour included.
    "1.2.840.10008.1.2.4.50": (_JPEG_LOSSY, "PS3.5 8.2.1"),  # Baseline (Process 1)
    "1.2.840.10008.1.2.4.51": (_JPEG_LOSSY, "PS3.5 8.2.1"),  # Extended (Process 2 & 4)
    "1.2.840.10008.1.2.4.57": (_LOSSLESS, "PS3.5 8.2.1"),  # Lossless (Process 14)
    "1.2.840.10008.1.2.4.70": (_LOSSLESS, "PS3.5 8.2.1"),  # Lossless SV1
    # RLE Lossless (PS3.5 8.2.2): no subsampled interpretation.
    "1.2.840.10008.1.2.5": (_LOSSLESS, "PS3.5 8.2.2"),
    # JPEG-LS (PS3.5 8.2.3): near-lossless drops palette colour (its indices cannot be
    # approximated).
    "1.2.840.10008.1.2.4.80": (_LOSSLESS, "PS3.5 8.2.3"),
    "1.2.840.10008.1.2.4.81": (frozenset({*_MONO, "RGB", "YBR_FULL"}), "PS3.5 8.2.3"),
    # JPEG 2000 (PS3.5 8.2.4) and High-Throughput JPEG 2000: the reversible
    # colour transform is YBR_RCT, the irreversible one YBR_ICT; never YBR_FULL.
    "1.2.840.10008.1.2.4.90": (_J2K_REVERSIBLE, "PS3.5 8.2.4"),  # Lossless Only
    "1.2.840.10008.1.2.4.91": (_J2K_ANY, "PS3.5 8.2.4"),
    "1.2.840.10008.1.2.4.92": (_J2K_REVERSIBLE, "PS3.5 8.2.4"),  # Part 2, Lossless Only
    "1.2.840.10008.1.2.4.93": (_J2K_ANY, "PS3.5 8.2.4"),  # Part 2
    "1.2.840.10008.1.2.4.201": (_J2K_REVERSIBLE, _HTJ2K),  # HTJ2K Lossless
    "1.2.840.10008.1.2.4.202": (_J2K_REVERSIBLE, _HTJ2K),  # HTJ2K Lossless RPCL
    "1.2.840.10008.1.2.4.203": (_J2K_ANY, _HTJ2K),  # HTJ2K
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
    frames = _first_int(ds, _NUMBER_OF_FRAMES)
    rows, columns, samples, bits = (n or 0 for n in numbers)
    count = frames if frames is not None and frames > 0 else 1
    values = _values(ds, _PHOTOMETRIC)
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


def _check_photometric(ds: Dataset, uid: str, name: str) -> Iterator[Finding]:
    allowed = ALLOWED_PHOTOMETRIC.get(uid)
    if allowed is None:
        return
    values = _values(ds, _PHOTOMETRIC)
    if not values:
        return  # Type 1 in the Image Pixel Module: the IOD checks report it
    photometric = str(values[0]).strip(" \x00")
    kinds, reference = allowed
    if photometric not in kinds:
        yield Finding(
            Severity.ERROR, "photometric",
            f"Photometric Interpretation {photometric} is not allowed in {name}"
            f" (allowed: {', '.join(sorted(kinds))})", "(0028,0004)", reference)


def _values(ds: Dataset, tag: int) -> tuple[object, ...]:
    element = ds.get(tag)
    if element is None:
        return ()
    try:
        return tuple(element.vr.values)
    except (DicomError, ValueError):
        return ()


def _first_int(ds: Dataset, tag: int) -> int | None:
    values = _values(ds, tag)
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

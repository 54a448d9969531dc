"""Overlay planes (PS3.3 C.9.2 Overlay Plane, C.9.3 Multi-frame Overlay) as numpy arrays.

An overlay is a one-bit-deep bitmap in an even repeating group 60xx: Overlay Rows
and Columns, Overlay Origin (where its first pixel sits on the image, 1-based
row\\column), Overlay Type (G graphics, R region of interest) and Overlay Data
(60xx,3000).  Overlay Data is bit-packed as 1-bit Pixel Data is (PS3.5 8.1.1,
8.1.2 and Annex D): the first pixel is the least significant bit of the first
byte, and an OW value in a big endian file holds the bits in 16-bit words, so
its bytes are swapped pairwise first.  A multi-frame overlay is one contiguous
bit stream: no padding between frames (C.9.3).

Two retired encodings are read too (PS3.3-2004, PS3.5-2004): Overlay Bits
Allocated above 1 with Overlay Data, where each overlay pixel is one bit (Overlay
Bit Position) of a word; and overlays *embedded* in the unused high bits of
native Pixel Data, where there is no Overlay Data at all.  pydicom reads neither.

Frames (C.9.3.1.1): with Number of Frames in Overlay the overlay frames match the
image frames one to one from Image Frame Origin (default 1); without it a single
overlay frame applies to every image frame, and an embedded overlay has one
frame per image frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import attrs
import numpy as np
import numpy.typing as npt

from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import (
    DecodeError,
    InvalidTagError,
    InvalidValueError,
    MissingAttributeError,
    UnsupportedTransferSyntaxError,
)
from typeddcm.pixels.bits import unpack_bits
from typeddcm.pixels.layout import PixelLayout
from typeddcm.tag import Tag
from typeddcm.vr.bulk import _Bulk

__all__ = ["OverlayInfo", "overlay_array", "overlay_groups", "overlay_in_image", "overlay_info"]

_FIRST, _LAST = 0x6000, 0x60FF
# Element numbers within an overlay group (PS3.6, 60xx).
_ROWS, _COLUMNS, _FRAMES, _DESCRIPTION = 0x0010, 0x0011, 0x0015, 0x0022
_TYPE, _SUBTYPE, _ORIGIN, _FRAME_ORIGIN = 0x0040, 0x0045, 0x0050, 0x0051
_BITS_ALLOCATED, _BIT_POSITION, _DATA = 0x0100, 0x0102, 0x3000
_ROI_AREA, _ROI_MEAN, _ROI_STD, _LABEL = 0x1301, 0x1302, 0x1303, 0x1500
_PIXEL_DATA = Tag(0x7FE00010)

Source = DicomFile | Dataset


@attrs.frozen
class OverlayInfo:
    """What the Overlay Plane and Multi-frame Overlay modules of one group say."""

    group: int
    rows: int
    columns: int
    #: "G" (graphics) or "R" (region of interest); "" when absent.
    type: str
    #: Row and column of the overlay's first pixel on the image (1\\1 is the image's
    #: top left; smaller values lie above or left of the image).
    origin: tuple[int, int]
    bits_allocated: int
    bit_position: int
    #: Overlay frames held (one per image frame for an embedded overlay without
    #: Number of Frames in Overlay).
    number_of_frames: int
    #: The image frame (from 1) that the first overlay frame belongs to.
    image_frame_origin: int
    #: No Multi-frame Overlay module and one frame: the overlay applies to every image frame.
    applies_to_all_frames: bool
    #: No Overlay Data: the bits sit in unused high bits of Pixel Data (retired).
    embedded: bool
    description: str = ""
    subtype: str = ""
    label: str = ""
    roi_area: int | None = None
    roi_mean: float | None = None
    roi_standard_deviation: float | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        """The shape :func:`overlay_array` gives: (rows, columns), with frames first if > 1."""
        if self.number_of_frames > 1:
            return (self.number_of_frames, self.rows, self.columns)
        return (self.rows, self.columns)


def _dataset(source: Source) -> Dataset:
    return source.dataset if isinstance(source, DicomFile) else source


def _check_group(group: int) -> None:
    given: object = group  # callers without type checking may pass anything
    if not isinstance(given, int) or isinstance(given, bool):
        msg = f"an overlay group is an int such as 0x6000, not {type(group).__name__}"
        raise TypeError(msg)
    if not _FIRST <= group <= _LAST:
        msg = (f"the group of Overlay Data must be between 0x6000 and 0x60FF (inclusive), "
               f"not {group:#06x}")
        raise InvalidTagError(msg)
    if group % 2:
        msg = f"group {group:#06x} is odd, so private: overlays use even groups 0x6000-0x60FE"
        raise InvalidTagError(msg)


def _values(ds: Dataset, group: int, element: int) -> tuple[Any, ...]:
    found = ds.get((group << 16) | element)  # a plain int: the dataset's fastest key
    if found is None:
        return ()
    values = found.vr.values
    return values if type(values) is tuple else tuple(values)


def _int(ds: Dataset, group: int, element: int, default: int | None = None) -> int | None:
    found = ds.get((group << 16) | element)
    values: Sequence[Any] = found.vr.values if found is not None else ()
    if not len(values):
        return default
    try:
        return int(values[0])
    except (TypeError, ValueError) as error:
        raise InvalidValueError("US", values[0],
                                f"({group:04X},{element:04X}) must be an integer") from error


def _text(ds: Dataset, group: int, element: int) -> str:
    values = _values(ds, group, element)
    return str(values[0]).strip() if values else ""


def _float(ds: Dataset, group: int, element: int) -> float | None:
    values = _values(ds, group, element)
    try:
        return float(values[0]) if values else None
    except (TypeError, ValueError):
        return None  # an optional descriptive value: unreadable is as good as absent


def overlay_groups(source: Source) -> tuple[int, ...]:
    """The even groups 6000-60FE that hold an overlay (Overlay Rows or Overlay Data), in order."""
    groups: list[int] = []
    for tag in _dataset(source):
        group = tag >> 16
        if group > _LAST:
            break
        if group < _FIRST or group % 2 or (groups and groups[-1] == group):
            continue
        if tag & 0xFFFF in (_ROWS, _DATA):
            groups.append(group)
    return tuple(groups)


def _image_frames(ds: Dataset) -> int:
    frames = ds.get(Tag(0x00280008))
    values: tuple[Any, ...] = tuple(frames.vr.values) if frames is not None else ()
    try:
        return max(int(values[0]), 1) if values else 1
    except (TypeError, ValueError):
        return 1


def overlay_info(source: Source, group: int = 0x6000) -> OverlayInfo:
    """The attributes of the overlay in ``group`` (typed, with the standard's defaults).

    Raises ValueError (:class:`~typeddcm.errors.InvalidTagError`) for a group that
    cannot hold an overlay, and :class:`~typeddcm.errors.MissingAttributeError`
    when Overlay Rows or Columns is missing, or there is neither Overlay Data nor
    an embedded overlay (Overlay Bits Allocated above 1) to read.
    """
    return _info(_dataset(source), group)


class _Plane(NamedTuple):
    """What overlay_array reads: the geometry and the Overlay Data element (None: embedded)."""

    group: int
    rows: int
    columns: int
    bits_allocated: int
    bit_position: int
    number_of_frames: int
    image_frame_origin: int
    frames_given: bool
    data: Element | None

    @property
    def shape(self) -> tuple[int, ...]:
        if self.number_of_frames > 1:
            return (self.number_of_frames, self.rows, self.columns)
        return (self.rows, self.columns)


def _plane(ds: Dataset, group: int, *, frame_origin: bool) -> _Plane:
    """The overlay's geometry, checked.  Only what is needed is looked up (each lookup
    counts on small overlays): Image Frame Origin only when ``frame_origin`` is asked
    or the overlay is embedded."""
    _check_group(group)
    rows, columns = _int(ds, group, _ROWS), _int(ds, group, _COLUMNS)
    data = ds.get((group << 16) | _DATA)
    bits_allocated = _int(ds, group, _BITS_ALLOCATED, None if data is None else 1)
    if rows is None or columns is None or bits_allocated is None or (
            data is None and bits_allocated == 1):
        missing = [name for name, absent in (
            ("OverlayData", data is None and (bits_allocated or 1) == 1),
            ("OverlayRows", rows is None), ("OverlayColumns", columns is None)) if absent]
        msg = (f"Unable to convert the overlay data of group {group:04X} as the following "
               f"required elements are missing from the dataset: {', '.join(missing)}")
        raise MissingAttributeError(msg)
    if rows < 1 or columns < 1:
        raise InvalidValueError("US", (rows, columns),
                                "Overlay Rows and Overlay Columns must be positive")
    frames_given = _int(ds, group, _FRAMES)
    if frames_given is not None and frames_given < 1:
        raise InvalidValueError("IS", frames_given,
                                f"({group:04X},0015) Number of Frames in Overlay must be positive")
    frames = frames_given if frames_given is not None else (
        _image_frames(ds) if data is None else 1)
    first = (_int(ds, group, _FRAME_ORIGIN, 1) or 1) if frame_origin or data is None else 1
    return _Plane(group, rows, columns, bits_allocated, _int(ds, group, _BIT_POSITION, 0) or 0,
                  frames, first, frames_given is not None, data)


def _info(ds: Dataset, group: int) -> OverlayInfo:
    plane = _plane(ds, group, frame_origin=True)
    origin = _values(ds, group, _ORIGIN)
    try:
        row_col = (int(origin[0]), int(origin[1])) if len(origin) >= 2 else (1, 1)
    except (TypeError, ValueError):
        row_col = (1, 1)
    area = _float(ds, group, _ROI_AREA)
    embedded = plane.data is None
    return OverlayInfo(
        group=group, rows=plane.rows, columns=plane.columns,
        type=_text(ds, group, _TYPE).upper(), origin=row_col,
        bits_allocated=plane.bits_allocated, bit_position=plane.bit_position,
        number_of_frames=plane.number_of_frames, image_frame_origin=plane.image_frame_origin,
        applies_to_all_frames=not plane.frames_given and not embedded, embedded=embedded,
        description=_text(ds, group, _DESCRIPTION), subtype=_text(ds, group, _SUBTYPE),
        label=_text(ds, group, _LABEL), roi_area=None if area is None else int(area),
        roi_mean=_float(ds, group, _ROI_MEAN), roi_standard_deviation=_float(ds, group, _ROI_STD),
    )


def _byte_stream(vr: _Bulk) -> memoryview | bytes:
    """The value's bytes as a little endian file holds them.

    Bit-packed and 8-bit data are a byte stream, which an OW value of a big endian
    file holds in swapped 16-bit words: they are swapped back (an OB value's bytes
    are never swapped, so it comes back as it is).
    """
    return vr.data if vr.byteorder == "<" else vr.tobytes(little_endian=True)


def _words(vr: _Bulk, bits: int, start: int, count: int, what: str) -> npt.NDArray[Any]:
    """``count`` words of ``bits`` bits from word ``start`` of a bulk value, as unsigned."""
    size = bits // 8
    needed = (start + count) * size
    if len(vr.data) < needed:
        msg = (f"The length of the {what} in the dataset ({len(vr.data)} bytes) doesn't match "
               f"the expected length ({needed} bytes). The dataset may be corrupted")
        raise DecodeError(msg)
    if size == 1:
        return np.frombuffer(_byte_stream(vr), np.uint8, count=count, offset=start)
    return np.frombuffer(vr.data, f"{vr.byteorder}u{size}", count=count, offset=start * size)


def _bits_of(words: npt.NDArray[Any], position: int) -> npt.NDArray[np.uint8]:
    bits: npt.NDArray[np.uint8] = ((words >> position) & 1).astype(np.uint8)
    return bits


def _check_bits(info: _Plane) -> None:
    bits = info.bits_allocated
    if bits != 1 and (bits % 8 or not 8 <= bits <= 64):
        raise InvalidValueError("US", bits, f"({info.group:04X},0100) Overlay Bits Allocated "
                                            "must be 1, or 8, 16, 32 or 64 (retired)")
    if not 0 <= info.bit_position < bits:
        raise InvalidValueError("US", info.bit_position,
                                f"({info.group:04X},0102) Overlay Bit Position must be "
                                f"below Overlay Bits Allocated ({bits})")


def _from_overlay_data(info: _Plane) -> npt.NDArray[np.uint8]:
    assert info.data is not None  # not embedded
    vr = info.data.vr
    if not isinstance(vr, _Bulk):
        raise InvalidValueError(vr.code, vr, f"({info.group:04X},3000) Overlay Data must be "
                                             "OB or OW bytes")
    count = info.number_of_frames * info.rows * info.columns
    if info.bits_allocated > 1:  # retired: one bit of each word
        return _bits_of(_words(vr, info.bits_allocated, 0, count, "overlay data"),
                        info.bit_position)
    needed = -(-count // 8)
    if len(vr.data) < needed:
        padded = needed + needed % 2
        msg = (f"The length of the overlay data in the dataset ({len(vr.data)} bytes) doesn't "
               f"match the expected length ({padded} bytes). The dataset may be corrupted "
               f"or (60xx,0015) Number of Frames in Overlay may be wrong")
        raise DecodeError(msg, path=f"({info.group:04X},3000)")
    return unpack_bits(_byte_stream(vr)[:needed], count)


def _from_pixel_data(ds: Dataset, info: _Plane) -> npt.NDArray[np.uint8]:
    """The retired embedded overlay: one bit of each native Pixel Data word (PS3.5-2004 8.1.2)."""
    element = ds.get(_PIXEL_DATA)
    where = f"overlay group {info.group:04X}"
    if element is None:
        msg = f"{where} is embedded in Pixel Data, and there is no Pixel Data"
        raise MissingAttributeError(msg)
    if element.undefined_length:
        msg = (f"{where} is embedded in the unused bits of Pixel Data, which is compressed: "
               "only native (uncompressed) Pixel Data keeps those bits readable")
        raise UnsupportedTransferSyntaxError(msg)
    layout = PixelLayout.from_dataset(ds)
    problems = []
    if layout.samples_per_pixel != 1:
        problems.append("Samples per Pixel is not 1")
    if layout.bits_allocated != info.bits_allocated:
        problems.append(f"Overlay Bits Allocated {info.bits_allocated} is not the image's "
                        f"Bits Allocated {layout.bits_allocated}")
    if (layout.rows, layout.columns) != (info.rows, info.columns):
        problems.append(f"the overlay's {info.rows} x {info.columns} is not the image's "
                        f"{layout.rows} x {layout.columns}")
    last = info.image_frame_origin - 1 + info.number_of_frames
    if info.image_frame_origin < 1 or last > layout.number_of_frames:
        problems.append(f"overlay frames {info.image_frame_origin}..{last} are not all among "
                        f"the image's {layout.number_of_frames} frame(s)")
    if problems:
        raise InvalidValueError("US", info.group, f"{where} cannot be embedded in Pixel Data: "
                                                  + "; ".join(problems))
    vr = element.vr
    if not isinstance(vr, _Bulk):
        raise InvalidValueError(vr.code, vr, "Pixel Data must be OB or OW bytes")
    per_frame = info.rows * info.columns
    words = _words(vr, info.bits_allocated, (info.image_frame_origin - 1) * per_frame,
                   info.number_of_frames * per_frame, "pixel data")
    return _bits_of(words, info.bit_position)


def overlay_array(source: Source, group: int = 0x6000) -> npt.NDArray[np.uint8]:
    """The overlay of ``group`` as a new uint8 array of 0 and 1.

    Shape (rows, columns), or (frames, rows, columns) for more than one overlay
    frame (:attr:`OverlayInfo.shape`); the overlay's own size, not placed on the
    image (see :func:`overlay_in_image`).  Reads bit-packed Overlay Data (OB, or
    OW in either byte order) and the retired encodings (module docstring).

    Errors: a group outside 6000-60FF or odd, ValueError; Overlay Rows, Columns or
    Data missing, :class:`~typeddcm.errors.MissingAttributeError`; Overlay Data
    shorter than its rows, columns and frames need, :class:`~typeddcm.errors.DecodeError`
    (a ValueError, as pydicom's).  Extra bytes after the bits needed are ignored.
    """
    ds = _dataset(source)
    plane = _plane(ds, group, frame_origin=False)
    _check_bits(plane)
    flat = _from_pixel_data(ds, plane) if plane.data is None else _from_overlay_data(plane)
    return flat.reshape(plane.shape)


def overlay_in_image(source: Source, group: int = 0x6000) -> npt.NDArray[np.uint8]:
    """The overlay placed on the image's grid: uint8 0/1 shaped as the image's frames.

    Shape (rows, columns) for a single-frame image, else (frames, rows, columns),
    from Rows, Columns and Number of Frames.  Each overlay frame goes to its image
    frame (Image Frame Origin on, or every frame for a single overlay frame without
    Number of Frames in Overlay) at Overlay Origin; what falls outside the image
    is cut off, and image frames without an overlay frame are 0.
    """
    ds = _dataset(source)
    info = _info(ds, group)
    overlay = overlay_array(ds, group).reshape(-1, info.rows, info.columns)
    rows, columns = _int(ds, 0x0028, 0x0010), _int(ds, 0x0028, 0x0011)
    if rows is None or columns is None:
        msg = "Rows and Columns (0028,0010/0011) are needed to place an overlay on the image"
        raise MissingAttributeError(msg)
    frames = _image_frames(ds)
    out = np.zeros((frames, rows, columns), dtype=np.uint8)
    top, left = info.origin[0] - 1, info.origin[1] - 1
    # The part of the overlay that lands on the image, in both coordinate systems.
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + info.rows, rows), min(left + info.columns, columns)
    if r0 < r1 and c0 < c1:
        targets = range(frames) if info.applies_to_all_frames else range(
            info.image_frame_origin - 1, info.image_frame_origin - 1 + overlay.shape[0])
        for index, image_frame in enumerate(targets):
            if not 0 <= image_frame < frames:
                continue
            source_frame = overlay[0 if info.applies_to_all_frames else index]
            out[image_frame, r0:r1, c0:c1] = source_frame[r0 - top:r1 - top, c0 - left:c1 - left]
    return out[0] if frames == 1 else out

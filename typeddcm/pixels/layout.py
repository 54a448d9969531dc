"""PixelLayout: what the Image Pixel module says about the pixel data's shape and type.

Every decoder and encoder works from one of these rather than from a dataset, so the
codecs stay independent of the data model and can be tested on bare buffers.
"""

from __future__ import annotations

from typing import Any, Literal

import attrs
import numpy as np

from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.errors import InvalidValueError, MissingAttributeError
from typeddcm.tag import Tag

__all__ = ["PIXEL_TAGS", "PixelKeyword", "PixelLayout"]

PixelKeyword = Literal["PixelData", "FloatPixelData", "DoubleFloatPixelData"]

#: The three elements that can hold an image's pixels, and their keywords.
PIXEL_TAGS: dict[PixelKeyword, Tag] = {
    "PixelData": Tag(0x7FE00010),
    "FloatPixelData": Tag(0x7FE00008),
    "DoubleFloatPixelData": Tag(0x7FE00009),
}


def _int(ds: Dataset, key: Any, default: int | None) -> int:
    vr = ds.get(key)
    values = vr.values if vr is not None else ()
    if not values:
        if default is None:
            msg = f"{key.keyword} {key.tag} is needed to read the pixel data and is missing"
            raise MissingAttributeError(msg)
        return default
    return int(values[0])


@attrs.frozen
class PixelLayout:
    """Shape and sample type of the pixel data: one frame is ``rows x columns x samples``."""

    rows: int
    columns: int
    samples_per_pixel: int = 1
    bits_allocated: int = 8
    bits_stored: int = 8
    pixel_representation: int = 0
    planar_configuration: int = 0
    number_of_frames: int = 1
    photometric_interpretation: str = "MONOCHROME2"
    pixel_keyword: PixelKeyword = "PixelData"

    def __attrs_post_init__(self) -> None:
        problems = []
        if self.rows < 1 or self.columns < 1:
            problems.append(f"Rows {self.rows} and Columns {self.columns} must be positive")
        if self.samples_per_pixel < 1:
            problems.append(f"Samples per Pixel {self.samples_per_pixel} must be positive")
        if self.bits_allocated != 1 and (self.bits_allocated % 8 or not 8 <= self.bits_allocated <= 64):
            problems.append(f"Bits Allocated {self.bits_allocated} is not 1, 8, 16, 32 or 64")
        if self.bits_allocated in (24, 40, 48, 56):
            problems.append(f"Bits Allocated {self.bits_allocated} has no numpy type")
        if not 1 <= self.bits_stored <= self.bits_allocated:
            problems.append(f"Bits Stored {self.bits_stored} is not in 1..Bits Allocated")
        if self.pixel_representation not in (0, 1):
            problems.append(f"Pixel Representation {self.pixel_representation} is not 0 or 1")
        if self.number_of_frames < 1:
            problems.append(f"Number of Frames {self.number_of_frames} must be positive")
        if problems:
            raise InvalidValueError("US", attrs.asdict(self), "; ".join(problems))

    @classmethod
    def from_dataset(cls, ds: Dataset) -> PixelLayout:
        """The layout the dataset's Image Pixel module describes (PS3.3 C.7.6.3)."""
        keyword = pixel_keyword(ds)
        bits_allocated = _int(ds, keys.BitsAllocated, 32 if keyword == "FloatPixelData"
                              else 64 if keyword == "DoubleFloatPixelData" else None)
        frames = ds.get(keys.NumberOfFrames)
        # Number of Frames is IS: missing, empty or 0 (seen in real files) mean one frame.
        number = int(frames.values[0]) if frames is not None and frames.values else 1
        photometric = ds.get(keys.PhotometricInterpretation)
        return cls(
            rows=_int(ds, keys.Rows, None),
            columns=_int(ds, keys.Columns, None),
            samples_per_pixel=_int(ds, keys.SamplesPerPixel, 1),
            bits_allocated=bits_allocated,
            bits_stored=_int(ds, keys.BitsStored, bits_allocated),
            pixel_representation=_int(ds, keys.PixelRepresentation, 0),
            planar_configuration=_int(ds, keys.PlanarConfiguration, 0),
            number_of_frames=max(number, 1),
            photometric_interpretation=(
                str(photometric.values[0]).strip() if photometric is not None and photometric.values
                else "MONOCHROME2"
            ),
            pixel_keyword=keyword,
        )

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy type of one decoded sample (native byte order)."""
        if self.pixel_keyword == "FloatPixelData":
            return np.dtype(np.float32)
        if self.pixel_keyword == "DoubleFloatPixelData":
            return np.dtype(np.float64)
        if self.bits_allocated == 1:
            return np.dtype(np.uint8)
        return np.dtype(f"{'ui'[self.pixel_representation]}{self.bits_allocated // 8}")

    @property
    def is_float(self) -> bool:
        return self.pixel_keyword != "PixelData"

    @property
    def pixels_per_frame(self) -> int:
        return self.rows * self.columns * self.samples_per_pixel

    @property
    def native_frame_bits(self) -> int:
        """Bits one frame takes natively encoded (YBR_FULL_422 keeps two samples a pixel)."""
        if self.photometric_interpretation == "YBR_FULL_422" and self.samples_per_pixel == 3:
            return self.rows * self.columns * 2 * self.bits_allocated
        return self.pixels_per_frame * self.bits_allocated

    def frame_shape(self) -> tuple[int, ...]:
        """Shape of one decoded frame: (rows, columns) or (rows, columns, samples)."""
        if self.samples_per_pixel == 1:
            return (self.rows, self.columns)
        return (self.rows, self.columns, self.samples_per_pixel)

    def shape(self, frames: int | None = None) -> tuple[int, ...]:
        """Shape of ``frames`` decoded frames; the frame axis is left out for a single frame."""
        count = self.number_of_frames if frames is None else frames
        return self.frame_shape() if count == 1 else (count, *self.frame_shape())

    def evolve(self, **changes: Any) -> PixelLayout:
        return attrs.evolve(self, **changes)


def pixel_keyword(ds: Dataset) -> PixelKeyword:
    """Which of Pixel Data, Float Pixel Data and Double Float Pixel Data the dataset holds."""
    for keyword, tag in PIXEL_TAGS.items():
        if tag in ds:
            return keyword
    msg = "the dataset has no Pixel Data, Float Pixel Data or Double Float Pixel Data"
    raise MissingAttributeError(msg)

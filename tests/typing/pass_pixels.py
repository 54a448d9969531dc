"""Typing promises of typeddcm.pixels: checked by mypy (tests/test_typing.py), not run."""

from __future__ import annotations

from typing import Any, assert_type

import numpy as np
import numpy.typing as npt

import typeddcm
from typeddcm.pixels import (
    DecodedPixels,
    PixelLayout,
    apply_modality_lut,
    compress,
    decompress,
    iter_frames,
    pixel_array,
)


def check(f: typeddcm.DicomFile, ds: typeddcm.Dataset) -> None:
    assert_type(pixel_array(f), npt.NDArray[Any])
    assert_type(pixel_array(ds, 0, as_rgb=False), npt.NDArray[Any])
    assert_type(next(iter_frames(f)), npt.NDArray[Any])
    assert_type(compress(f, "1.2.840.10008.1.2.5"), typeddcm.DicomFile)
    assert_type(decompress(f), typeddcm.DicomFile)
    decoded = typeddcm.pixels.decode_pixels(f)
    assert_type(decoded, DecodedPixels)
    assert_type(decoded.layout, PixelLayout)
    assert_type(decoded.layout.dtype, np.dtype[Any])
    assert_type(apply_modality_lut(decoded.array, ds), npt.NDArray[Any])

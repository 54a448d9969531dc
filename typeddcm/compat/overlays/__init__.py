"""pydicom 2.x's ``pydicom.overlays``: Overlay Data as numpy arrays, by typeddcm.pixels.overlay.

``get_overlay_array(ds, group)`` is what ``Dataset.overlay_array(group)`` returns.
Errors are pydicom's types: a group outside 0x6000-0x60FF, ValueError; a required
element missing, AttributeError; Overlay Data too short, ValueError.  Beyond
pydicom: Overlay Data in a big endian OW, and the retired overlays in the unused
high bits of Pixel Data or in words of Overlay Data (Overlay Bits Allocated > 1),
are read; an odd (private) group is refused with ValueError.
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from typeddcm.errors import MissingAttributeError
from typeddcm.pixels import overlay

from ..pixel_data_handlers._common import core_of

__all__ = ["HANDLER_NAME", "HAVE_NP", "get_expected_length", "get_overlay_array",
           "is_available", "reshape_overlay_array"]

HANDLER_NAME = "Numpy Overlay"
HAVE_NP = True


def is_available() -> bool:
    """numpy is a dependency of typeddcm: always True."""
    return True


def get_overlay_array(ds: Any, group: int) -> npt.NDArray[Any]:
    """The Overlay Data of ``group`` as a uint8 array of 0 and 1, shaped
    (rows, columns) or (frames, rows, columns)."""
    try:
        return overlay.overlay_array(core_of(ds), group)
    except MissingAttributeError as error:
        raise AttributeError(str(error)) from error


def get_expected_length(elem: dict[str, Any], unit: str = "bytes") -> int:
    """Bytes (unpadded) or, with ``unit="pixels"``, pixels that Overlay Data holds.

    ``elem`` maps OverlayRows, OverlayColumns and NumberOfFramesInOverlay to values.
    """
    length = int(elem["OverlayRows"]) * int(elem["OverlayColumns"])
    length *= int(elem["NumberOfFramesInOverlay"])
    return length if unit == "pixels" else -(-length // 8)


def reshape_overlay_array(elem: dict[str, Any], arr: npt.NDArray[Any]) -> npt.NDArray[Any]:
    """The 1-D overlay bits ``arr`` shaped (rows, columns), or (frames, rows, columns)."""
    frames = int(elem["NumberOfFramesInOverlay"])
    if frames < 1:
        msg = (f"Unable to reshape the overlay array as a value of {frames} for (60xx,0015) "
               "'Number of Frames in Overlay' is invalid.")
        raise ValueError(msg)
    rows, columns = int(elem["OverlayRows"]), int(elem["OverlayColumns"])
    return arr.reshape(frames, rows, columns) if frames > 1 else arr.reshape(rows, columns)

"""``pydicom.overlays.numpy_handler``: where pydicom 2.x/3.x code imports the overlay functions.

The functions live in the package (typeddcm.compat.overlays, over typeddcm.pixels.overlay);
this module gives them pydicom's module path.
"""

from __future__ import annotations

from . import (
    HANDLER_NAME,
    HAVE_NP,
    get_expected_length,
    get_overlay_array,
    is_available,
    reshape_overlay_array,
)

__all__ = ["HANDLER_NAME", "HAVE_NP", "get_expected_length", "get_overlay_array",
           "is_available", "reshape_overlay_array"]

"""``pydicom.waveforms.numpy_handler``: where pydicom 2.x/3.x code imports the waveform functions.

The functions live in the package (typeddcm.compat.waveforms, over typeddcm.pixels.waveform);
this module gives them pydicom's module path.
"""

from __future__ import annotations

from . import (
    HANDLER_NAME,
    HAVE_NP,
    WAVEFORM_DTYPES,
    generate_multiplex,
    is_available,
    multiplex_array,
)

__all__ = ["HANDLER_NAME", "HAVE_NP", "WAVEFORM_DTYPES", "generate_multiplex", "is_available",
           "multiplex_array"]

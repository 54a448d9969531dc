"""pydicom's GDCM handler: available only where the ``gdcm`` package is installed.

typeddcm does not use GDCM: where ``gdcm`` imports, frames are decoded by
typeddcm.pixels' codecs, as every handler's are; where it does not (the usual
case), ``is_available()`` is False and ``get_pixeldata`` raises ImportError, as
pydicom's handler does without GDCM.
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from ._common import check_syntax, importable, keeps_colour, pixeldata, syntax_of

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_GDCM", "HAVE_GDCM_IN_MEMORY_SUPPORT",
           "HAVE_NP", "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata", "is_available",
           "needs_to_convert_to_RGB", "should_change_PhotometricInterpretation_to_RGB",
           "supports_transfer_syntax"]

HANDLER_NAME = "GDCM"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy"),
                "gdcm": ("https://sourceforge.net/projects/gdcm/", "GDCM")}
SUPPORTED_TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
)
HAVE_NP = True
HAVE_GDCM = importable("gdcm")
HAVE_GDCM_IN_MEMORY_SUPPORT = HAVE_GDCM

needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour


def is_available() -> bool:
    """True only where the ``gdcm`` package can be imported."""
    return HAVE_GDCM


def supports_transfer_syntax(transfer_syntax: Any) -> bool:
    """Whether the transfer syntax (a UID, or a dataset's) is one GDCM decodes."""
    return syntax_of(transfer_syntax) in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
    """The pixels, shaped; ImportError (pydicom's) where ``gdcm`` is not installed."""
    if not HAVE_GDCM:
        msg = "The GDCM handler requires both gdcm and numpy"
        raise ImportError(msg)
    check_syntax(ds, SUPPORTED_TRANSFER_SYNTAXES, HANDLER_NAME)
    return pixeldata(ds)

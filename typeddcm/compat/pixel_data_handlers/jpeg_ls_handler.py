"""pydicom's JPEG-LS handler: JPEG-LS pixel data where pyjpegls (``jpeg_ls``) is installed.

``is_available()`` is whether typeddcm.pixels has its pyjpegls codec and
``jpeg_ls`` imports.  The frames are decoded by typeddcm.pixels' JPEG-LS codecs
in registry order (pylibjpeg-libjpeg before pyjpegls, when both are installed;
their values are the same, JPEG-LS being lossless or bounded-error by design).
"""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from typeddcm.pixels import registry
from typeddcm.pixels.plugins import PYJPEGLS_CODEC

from ._common import check_syntax, keeps_colour, pixeldata, syntax_of

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_JPEGLS", "HAVE_NP",
           "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata", "is_available",
           "needs_to_convert_to_RGB", "should_change_PhotometricInterpretation_to_RGB",
           "supports_transfer_syntax"]

HANDLER_NAME = "JPEG-LS"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy"),
                "jpeg_ls": ("https://github.com/pydicom/pyjpegls", "pyjpegls")}
SUPPORTED_TRANSFER_SYNTAXES = ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81")
HAVE_NP = True
HAVE_JPEGLS = PYJPEGLS_CODEC.is_available()

needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour


def is_available() -> bool:
    """True when typeddcm.pixels can decode JPEG-LS with pyjpegls here."""
    return PYJPEGLS_CODEC in registry.codecs() and PYJPEGLS_CODEC.is_available()


def supports_transfer_syntax(transfer_syntax: Any) -> bool:
    """Whether the transfer syntax (a UID, or a dataset's) is JPEG-LS."""
    return syntax_of(transfer_syntax) in SUPPORTED_TRANSFER_SYNTAXES


def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
    """The JPEG-LS pixels, shaped and writeable.

    Another syntax raises NotImplementedError; without pyjpegls, ImportError (as
    pydicom's handler).
    """
    check_syntax(ds, SUPPORTED_TRANSFER_SYNTAXES, HANDLER_NAME)
    if not is_available():
        msg = ("The jpeg_ls package is required to use pixel_array for this transfer "
               f"syntax {syntax_of(ds)}, and jpeg_ls could not be imported")
        raise ImportError(msg)
    return pixeldata(ds)

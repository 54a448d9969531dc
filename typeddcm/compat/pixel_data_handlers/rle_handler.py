"""RLE Lossless pixel data (PS3.5 Annex G), decoded by typeddcm.pixels.rle."""

from __future__ import annotations

from ._common import handler_functions

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata",
           "is_available", "supports_transfer_syntax"]

HANDLER_NAME = "RLE Lossless"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = ("1.2.840.10008.1.2.5",)

is_available, supports_transfer_syntax, get_pixeldata = handler_functions(
    SUPPORTED_TRANSFER_SYNTAXES)

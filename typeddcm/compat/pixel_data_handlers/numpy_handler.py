"""Native (uncompressed) pixel data: Implicit/Explicit VR Little Endian, Big Endian, Deflated."""

from __future__ import annotations

from ._common import handler_functions

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata",
           "is_available", "supports_transfer_syntax"]

HANDLER_NAME = "Numpy"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
)

is_available, supports_transfer_syntax, get_pixeldata = handler_functions(
    SUPPORTED_TRANSFER_SYNTAXES)

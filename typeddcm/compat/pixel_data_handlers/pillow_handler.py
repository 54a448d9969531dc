"""JPEG (baseline, extended) and JPEG 2000 / HTJ2K pixel data through Pillow (and plugins)."""

from __future__ import annotations

from ._common import handler_functions

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata",
           "is_available", "supports_transfer_syntax"]

HANDLER_NAME = "Pillow"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy"),
                "PIL": ("https://python-pillow.org/", "Pillow")}
SUPPORTED_TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
    "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
    "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.1.98",
)

is_available, supports_transfer_syntax, get_pixeldata = handler_functions(
    SUPPORTED_TRANSFER_SYNTAXES, 'PIL')

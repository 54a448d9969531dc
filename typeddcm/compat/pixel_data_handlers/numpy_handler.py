"""Native (uncompressed) pixel data: Implicit/Explicit VR Little Endian, Big Endian, Deflated."""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from ._common import pixeldata, syntax_of

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "get_pixeldata", "is_available",
           "supports_transfer_syntax"]

HANDLER_NAME = "Numpy"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
SUPPORTED_TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
)


def is_available() -> bool:
    return True


def supports_transfer_syntax(ds: Any) -> bool:
    return syntax_of(ds) in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: Any) -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: Any) -> bool:
    return False


def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
    return pixeldata(ds)

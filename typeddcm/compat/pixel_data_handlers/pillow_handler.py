"""JPEG (baseline, extended) and JPEG 2000 / HTJ2K pixel data through Pillow (and plugins)."""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from ._common import pixeldata, syntax_of

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "get_pixeldata", "is_available",
           "supports_transfer_syntax"]

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


def is_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("PIL") is not None


def supports_transfer_syntax(ds: Any) -> bool:
    return syntax_of(ds) in SUPPORTED_TRANSFER_SYNTAXES


def needs_to_convert_to_RGB(ds: Any) -> bool:
    return False


def should_change_PhotometricInterpretation_to_RGB(ds: Any) -> bool:
    return False


def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
    return pixeldata(ds)

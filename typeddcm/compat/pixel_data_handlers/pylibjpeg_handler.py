"""pydicom's pylibjpeg handler (2.1 and later): JPEG, JPEG-LS, JPEG 2000 and RLE.

Available where ``pylibjpeg`` imports; each syntax also needs its plugin
(pylibjpeg-libjpeg for JPEG and JPEG-LS, pylibjpeg-openjpeg for JPEG 2000,
pylibjpeg-rle for RLE), and without it ``get_pixeldata`` raises RuntimeError
naming the plugin, as pydicom's does.  The frames are decoded by typeddcm.pixels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy.typing as npt

from . import dicom_file
from ._common import check_syntax, importable, keeps_colour, pixeldata, syntax_of

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_LIBJPEG", "HAVE_NP", "HAVE_OPENJPEG",
           "HAVE_PYLIBJPEG", "HAVE_RLE", "SUPPORTED_TRANSFER_SYNTAXES", "as_array",
           "generate_frames", "get_pixeldata", "is_available", "needs_to_convert_to_RGB",
           "should_change_PhotometricInterpretation_to_RGB", "supports_transfer_syntax"]

HANDLER_NAME = "pylibjpeg"
DEPENDENCIES = {"numpy": ("https://numpy.org/", "NumPy")}
HAVE_NP = True
HAVE_PYLIBJPEG = importable("pylibjpeg")
HAVE_LIBJPEG = importable("libjpeg")
HAVE_OPENJPEG = importable("openjpeg")
HAVE_RLE = importable("rle")

_LIBJPEG_SYNTAXES = ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
                     "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
                     "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81")
_OPENJPEG_SYNTAXES = ("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91")
_RLE_SYNTAXES = ("1.2.840.10008.1.2.5",)
SUPPORTED_TRANSFER_SYNTAXES = _LIBJPEG_SYNTAXES + _OPENJPEG_SYNTAXES + _RLE_SYNTAXES

needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour


def is_available() -> bool:
    """True where the ``pylibjpeg`` package can be imported."""
    return HAVE_PYLIBJPEG


def supports_transfer_syntax(tsyntax: Any) -> bool:
    """Whether the transfer syntax (a UID, or a dataset's) is one pylibjpeg's plugins decode."""
    return syntax_of(tsyntax) in SUPPORTED_TRANSFER_SYNTAXES


def _plugin_for(uid: str) -> tuple[str, bool]:
    if uid in _OPENJPEG_SYNTAXES:
        return "pylibjpeg-openjpeg", HAVE_OPENJPEG
    if uid in _LIBJPEG_SYNTAXES:
        return "pylibjpeg-libjpeg", HAVE_LIBJPEG
    return "pylibjpeg-rle", HAVE_RLE


def _check(ds: Any) -> None:
    check_syntax(ds, SUPPORTED_TRANSFER_SYNTAXES, HANDLER_NAME)
    plugin, present = _plugin_for(syntax_of(ds))
    if not HAVE_PYLIBJPEG or not present:
        missing = plugin if HAVE_PYLIBJPEG else f"pylibjpeg' and '{plugin}"
        msg = f"Unable to convert the Pixel Data as the '{missing}' plugin is not installed"
        raise RuntimeError(msg)


def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
    """The pixels, shaped and writeable.

    Another syntax raises NotImplementedError; without pylibjpeg or the syntax's
    plugin, RuntimeError naming what is missing.
    """
    _check(ds)
    return pixeldata(ds)


def as_array(ds: Any) -> npt.NDArray[Any]:
    """The whole pixel data, shaped ((frames,) rows, columns(, samples))."""
    return get_pixeldata(ds)


def generate_frames(ds: Any, reshape: bool = True) -> Iterator[npt.NDArray[Any]]:
    """Each frame in turn, decoded when reached (1-D when ``reshape`` is False)."""
    from typeddcm.pixels import iter_frames

    _check(ds)
    for frame in iter_frames(dicom_file(ds)):
        writeable = frame if frame.flags.writeable else frame.copy()
        yield writeable if reshape else writeable.reshape(-1)

"""Native (uncompressed) pixel data: Implicit/Explicit VR Little Endian, Big Endian, Deflated."""

from __future__ import annotations

from typing import Any

import numpy.typing as npt

from ._common import check_syntax, handler_functions, keeps_colour, pixeldata

# pydicom's numpy_handler imports these from util, and code imports them from here.
from .util import get_expected_length, pack_bits, pixel_dtype, unpack_bits

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_NP", "SUPPORTED_TRANSFER_SYNTAXES",
           "get_expected_length", "get_pixeldata", "is_available", "needs_to_convert_to_RGB",
           "pack_bits", "pixel_dtype", "should_change_PhotometricInterpretation_to_RGB",
           "supports_transfer_syntax", "unpack_bits"]

HANDLER_NAME = "Numpy"
DEPENDENCIES = {"numpy": ("http://www.numpy.org/", "NumPy")}
#: numpy is a dependency of typeddcm, so always there.
HAVE_NP = True
SUPPORTED_TRANSFER_SYNTAXES = (
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
)

is_available, supports_transfer_syntax, _ = handler_functions(SUPPORTED_TRANSFER_SYNTAXES)
needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour


def get_pixeldata(ds: Any, read_only: bool = False) -> npt.NDArray[Any]:
    """The native pixel data, shaped ((frames,) rows, columns(, samples)).

    A new writeable array; with ``read_only`` a read-only view of the file's bytes
    where the data allows one.  A compressed transfer syntax raises
    NotImplementedError and a missing Image Pixel attribute AttributeError, as in
    pydicom (whose array is 1-D until ``reshape_pixel_array``; ours is shaped,
    which that function leaves as it is).
    """
    check_syntax(ds, SUPPORTED_TRANSFER_SYNTAXES, HANDLER_NAME)
    return pixeldata(ds, writeable=not read_only)

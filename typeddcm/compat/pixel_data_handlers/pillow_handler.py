"""JPEG (baseline, extended) and JPEG 2000 / HTJ2K pixel data through Pillow (and plugins).

The frames are decoded by typeddcm.pixels: Pillow first, then whichever optional
plugin can (so this handler also takes the lossless JPEG, JPEG-LS, Deflated Image
Frame and Encapsulated Uncompressed syntaxes that plugins or typeddcm decode).
"""

from __future__ import annotations

from ._common import handler_functions, importable, keeps_colour

__all__ = ["DEPENDENCIES", "HANDLER_NAME", "HAVE_JPEG", "HAVE_JPEG2K", "HAVE_NP", "HAVE_PIL",
           "PillowJPEG2000TransferSyntaxes", "PillowJPEGTransferSyntaxes",
           "PillowSupportedTransferSyntaxes", "SUPPORTED_TRANSFER_SYNTAXES", "get_pixeldata",
           "is_available", "needs_to_convert_to_RGB",
           "should_change_PhotometricInterpretation_to_RGB", "supports_transfer_syntax"]

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
#: pydicom's names for what Pillow itself decodes.
PillowJPEGTransferSyntaxes = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"]
PillowJPEG2000TransferSyntaxes = ["1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.90"]
PillowSupportedTransferSyntaxes = PillowJPEGTransferSyntaxes + PillowJPEG2000TransferSyntaxes

HAVE_NP = True
HAVE_PIL = importable("PIL")


def _pillow_codec(name: str) -> bool:
    if not HAVE_PIL:
        return False
    from PIL import features

    return bool(features.check_codec(name))


#: Whether Pillow was built with libjpeg / openjpeg.
HAVE_JPEG = _pillow_codec("jpg")
HAVE_JPEG2K = _pillow_codec("jpg_2000")

is_available, supports_transfer_syntax, get_pixeldata = handler_functions(
    SUPPORTED_TRANSFER_SYNTAXES, "PIL", HANDLER_NAME)
needs_to_convert_to_RGB = keeps_colour
should_change_PhotometricInterpretation_to_RGB = keeps_colour

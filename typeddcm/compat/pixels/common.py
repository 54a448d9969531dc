"""pydicom 3's ``pixels.common``: the Photometric Interpretation names."""

from enum import StrEnum

__all__ = ["PhotometricInterpretation"]


class PhotometricInterpretation(StrEnum):
    """The defined terms of Photometric Interpretation (PS3.3 C.7.6.3.1.2), retired included."""

    MONOCHROME1 = "MONOCHROME1"
    MONOCHROME2 = "MONOCHROME2"
    PALETTE_COLOR = "PALETTE COLOR"
    RGB = "RGB"
    YBR_FULL = "YBR_FULL"
    YBR_FULL_422 = "YBR_FULL_422"
    YBR_ICT = "YBR_ICT"
    YBR_RCT = "YBR_RCT"
    XYB = "XYB"
    HSV = "HSV"  # retired
    ARGB = "ARGB"  # retired
    CMYK = "CMYK"  # retired
    YBR_PARTIAL_422 = "YBR_PARTIAL_422"  # retired
    YBR_PARTIAL_420 = "YBR_PARTIAL_420"  # retired

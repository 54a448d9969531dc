"""pydicom 3's ``pixels.encoders``: one Encoder per transfer syntax, by pydicom's names.

The plugin modules pydicom names (``native``, ``pylibjpeg``, ``pyjpegls``, ``gdcm``)
are ours, each encoding with one of typeddcm.pixels' registered codecs.
"""

from .base import (
    Encoder,
    JPEG2000Encoder,
    JPEG2000LosslessEncoder,
    JPEGLSLosslessEncoder,
    JPEGLSNearLosslessEncoder,
    RLELosslessEncoder,
    get_encoder,
)

__all__ = ["JPEG2000Encoder", "JPEG2000LosslessEncoder", "JPEGLSLosslessEncoder",
           "JPEGLSNearLosslessEncoder", "RLELosslessEncoder"]

_ = (Encoder, get_encoder)  # importable from here too, as before

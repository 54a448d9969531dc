"""pydicom 3's ``pixels.encoders``: one Encoder per transfer syntax, by pydicom's names."""

from .base import Encoder, get_encoder

__all__ = ["JPEG2000Encoder", "JPEG2000LosslessEncoder", "JPEGLSLosslessEncoder",
           "JPEGLSNearLosslessEncoder", "RLELosslessEncoder"]

RLELosslessEncoder: Encoder = get_encoder("1.2.840.10008.1.2.5")
JPEGLSLosslessEncoder: Encoder = get_encoder("1.2.840.10008.1.2.4.80")
JPEGLSNearLosslessEncoder: Encoder = get_encoder("1.2.840.10008.1.2.4.81")
JPEG2000LosslessEncoder: Encoder = get_encoder("1.2.840.10008.1.2.4.90")
JPEG2000Encoder: Encoder = get_encoder("1.2.840.10008.1.2.4.91")

"""pydicom 3's ``pixels.decoders``: one Decoder per transfer syntax, by pydicom's names."""

from .base import Decoder, get_decoder

__all__ = [
    "DeflatedExplicitVRLittleEndianDecoder", "ExplicitVRBigEndianDecoder",
    "ExplicitVRLittleEndianDecoder", "HTJ2KDecoder", "HTJ2KLosslessDecoder",
    "HTJ2KLosslessRPCLDecoder", "ImplicitVRLittleEndianDecoder", "JPEG2000Decoder",
    "JPEG2000LosslessDecoder", "JPEGBaseline8BitDecoder", "JPEGExtended12BitDecoder",
    "JPEGLSLosslessDecoder", "JPEGLSNearLosslessDecoder", "JPEGLosslessDecoder",
    "JPEGLosslessSV1Decoder", "RLELosslessDecoder",
]

ImplicitVRLittleEndianDecoder: Decoder = get_decoder("1.2.840.10008.1.2")
ExplicitVRLittleEndianDecoder: Decoder = get_decoder("1.2.840.10008.1.2.1")
ExplicitVRBigEndianDecoder: Decoder = get_decoder("1.2.840.10008.1.2.2")
DeflatedExplicitVRLittleEndianDecoder: Decoder = get_decoder("1.2.840.10008.1.2.1.99")
JPEGBaseline8BitDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.50")
JPEGExtended12BitDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.51")
JPEGLosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.57")
JPEGLosslessSV1Decoder: Decoder = get_decoder("1.2.840.10008.1.2.4.70")
JPEGLSLosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.80")
JPEGLSNearLosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.81")
JPEG2000LosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.90")
JPEG2000Decoder: Decoder = get_decoder("1.2.840.10008.1.2.4.91")
HTJ2KLosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.201")
HTJ2KLosslessRPCLDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.202")
HTJ2KDecoder: Decoder = get_decoder("1.2.840.10008.1.2.4.203")
RLELosslessDecoder: Decoder = get_decoder("1.2.840.10008.1.2.5")

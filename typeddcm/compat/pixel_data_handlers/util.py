"""pydicom's ``pixel_data_handlers.util``: LUTs, colour, bit packing and Image Pixel facts.

The transforms are typeddcm.pixels' (lut.py, colour.py, bits.py), given the
dataset's current core; the rest read the compat dataset as pydicom's did, so a
missing attribute is an AttributeError.  pydicom 3 keeps these names here (as
deprecated aliases of ``pydicom.pixels``); 1.x and 2.x code imports them from here.
"""

from __future__ import annotations

import sys
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.errors import UnsupportedTransferSyntaxError
from typeddcm.pixels import bits, colour, lut
from typeddcm.pixels.codestream import j2k_info

from . import transfer_syntax_uid
from ._common import core_of

__all__ = [
    "apply_color_lut",
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
    "convert_color_space",
    "dtype_corrected_for_endianness",
    "expand_ybr422",
    "get_expected_length",
    "get_image_pixel_ids",
    "get_j2k_parameters",
    "get_nr_frames",
    "pack_bits",
    "pixel_dtype",
    "reshape_pixel_array",
    "unpack_bits",
]

Array = npt.NDArray[Any]

_JP2_SIGNATURE = b"\x00\x00\x00\x0c\x6a\x50\x20\x20"
# Syntaxes whose decoded samples are colour-by-pixel whatever Planar Configuration says
# (PS3.5 8.2), and RLE, whose segments are colour-by-plane (G.2), as pydicom reshapes them.
_PLANAR_0 = frozenset({
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70",
    "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.90",
    "1.2.840.10008.1.2.4.91",
})
_PLANAR_1 = frozenset({"1.2.840.10008.1.2.5"})
_IMAGE_PIXEL_KEYWORDS = (
    (0x00280002, "SamplesPerPixel"), (0x00280004, "PhotometricInterpretation"),
    (0x00280006, "PlanarConfiguration"), (0x00280008, "NumberOfFrames"),
    (0x00280010, "Rows"), (0x00280011, "Columns"), (0x00280100, "BitsAllocated"),
    (0x00280101, "BitsStored"), (0x00280103, "PixelRepresentation"),
    (0x7FE00008, "FloatPixelData"), (0x7FE00009, "DoubleFloatPixelData"),
    (0x7FE00010, "PixelData"),
)
_COLOUR_SPACES = ("RGB", "YBR_FULL", "YBR_FULL_422")


# ----------------------------------------------------------------- LUTs and colour


def apply_modality_lut(arr: Array, ds: Any) -> Array:
    """Apply the Modality LUT or Rescale Slope / Intercept (PS3.3 C.11.1) to ``arr``."""
    return lut.apply_modality_lut(arr, core_of(ds))


#: pydicom's other name for :func:`apply_modality_lut`.
apply_rescale = apply_modality_lut


def apply_voi_lut(arr: Array, ds: Any, index: int = 0, prefer_lut: bool = True) -> Array:
    """Apply the VOI LUT or the window (PS3.3 C.11.2); ``prefer_lut`` picks when both exist."""
    return lut.apply_voi_lut(arr, core_of(ds), index, prefer_lut=prefer_lut)


def apply_voi(arr: Array, ds: Any, index: int = 0) -> Array:
    """Apply item ``index`` of the VOI LUT Sequence to ``arr``."""
    return lut.apply_voi(arr, core_of(ds), index)


def apply_windowing(arr: Array, ds: Any, index: int = 0) -> Array:
    """Apply Window Center / Width with the VOI LUT Function; float64 out."""
    return lut.apply_windowing(arr, core_of(ds), index)


def apply_presentation_lut(arr: Array, ds: Any) -> Array:
    """Apply the Presentation LUT Sequence or Presentation LUT Shape (PS3.3 C.11.6)."""
    return lut.apply_presentation_lut(arr, core_of(ds))


def apply_color_lut(arr: Array, ds: Any = None, palette: str | None = None) -> Array:
    """Map ``arr`` through the dataset's Palette Color LUTs: RGB (or RGBA) samples out.

    Well-known palettes by name (``palette="PET"``) are not bundled: ValueError.
    """
    return colour.apply_color_lut(arr, None if ds is None else core_of(ds), palette)


def convert_color_space(arr: Array, current: str, desired: str, per_frame: bool = False) -> Array:
    """Convert ``arr`` between RGB, YBR_FULL and YBR_FULL_422 (as pydicom, samples last).

    Another colour space raises NotImplementedError, as in pydicom.
    """
    for space in (current, desired):
        if str(space).strip().upper() not in _COLOUR_SPACES:
            msg = f"Conversion from {current} to {desired} is not supported."
            raise NotImplementedError(msg)
    return colour.convert_color_space(arr, current, desired, per_frame=per_frame)


# ----------------------------------------------------------------- bits and bytes


def pack_bits(arr: Array, pad: bool = True) -> bytes:
    """Pack a binary array (0 and 1) for Bits Allocated 1; ``pad`` to even length.

    Anything but 0 and 1 raises ValueError.
    """
    return bits.pack_bits(arr, pad=pad)


def unpack_bits(src: bytes, as_array: bool = True) -> Array | bytes:
    """Unpack bit-packed data (least significant bit first): 0/1 uint8 array, or bytes."""
    unpacked = bits.unpack_bits(src)
    return unpacked if as_array else unpacked.tobytes()


def expand_ybr422(src: bytes | bytearray | memoryview, bits_allocated: int) -> bytes:
    """Native ``YBR_FULL_422`` samples (Y1 Y2 Cb Cr per pixel pair) as ``YBR_FULL`` bytes."""
    size = bits_allocated // 8
    if bits_allocated % 8 or size not in (1, 2, 4, 8):
        msg = f"expand_ybr422 needs Bits Allocated 8, 16, 32 or 64, not {bits_allocated}"
        raise ValueError(msg)
    if len(src) % (4 * size):
        msg = (f"YBR_FULL_422 data of {len(src)} bytes is not whole groups of 4 samples "
               f"of {size} byte(s)")
        raise ValueError(msg)
    samples = np.frombuffer(src, dtype=f"V{size}").reshape(-1, 4)
    out = samples[:, [0, 2, 3, 1, 2, 3]]  # Y1 Cb Cr Y2 Cb Cr: bytes moved, never reinterpreted
    return out.tobytes()


def dtype_corrected_for_endianness(is_little_endian: bool | None,
                                   numpy_dtype: np.dtype[Any]) -> np.dtype[Any]:
    """``numpy_dtype`` in the dataset's byte order when that differs from the machine's."""
    if is_little_endian is None:
        msg = "Dataset attribute 'is_little_endian' has to be set before writing the dataset"
        raise ValueError(msg)
    dtype = np.dtype(numpy_dtype)
    if is_little_endian != (sys.byteorder == "little"):
        return dtype.newbyteorder("S")
    return dtype


# ----------------------------------------------------------------- Image Pixel facts


def get_nr_frames(ds: Any, warn: bool = True) -> int:
    """Number of Frames, or 1 when it is absent, empty or 0 (with a warning for the latter)."""
    frames = getattr(ds, "NumberOfFrames", 1)
    if not frames:
        if warn:
            warnings.warn(f"A value of {frames} for (0028,0008) 'Number of Frames' is "
                          "non-conformant. It's recommended that this value be changed to 1",
                          UserWarning, stacklevel=2)
        return 1
    return int(frames)


def get_expected_length(ds: Any, unit: str = "bytes") -> int:
    """The length of the Pixel Data in bytes (unpadded) or, with ``unit="pixels"``, samples."""
    length = int(ds.Rows) * int(ds.Columns) * int(ds.SamplesPerPixel) * get_nr_frames(ds)
    if unit == "pixels":
        return length
    bits_allocated = int(ds.BitsAllocated)
    length = -(-length // 8) if bits_allocated == 1 else length * (bits_allocated // 8)
    if str(ds.PhotometricInterpretation).strip() == "YBR_FULL_422":
        length = length // 3 * 2  # two samples a pixel (PS3.3 C.7.6.3.1.2)
    return length


def get_image_pixel_ids(ds: Any) -> dict[str, int]:
    """An id per Image Pixel element, which changes when that element is changed.

    The ids are those of the core elements (pydicom: of the values), so they stay
    the same while nothing is changed.
    """
    core = core_of(ds)
    return {keyword: id(core.get(tag)) for tag, keyword in _IMAGE_PIXEL_KEYWORDS}


def get_j2k_parameters(codestream: bytes) -> dict[str, Any]:
    """``{"precision", "is_signed", "jp2"}`` of a JPEG 2000 codestream's first component.

    An empty dict when the data is not a JPEG 2000 codestream (or JP2 file).
    """
    info = j2k_info(codestream)
    if info is None:
        return {}
    return {"precision": info.precision, "is_signed": info.signed,
            "jp2": bytes(codestream[:8]) == _JP2_SIGNATURE}


def _little_endian(ds: Any) -> bool:
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        try:
            return transfer_syntax(str(meta.TransferSyntaxUID)).little_endian
        except UnsupportedTransferSyntaxError:  # unknown or private: the dataset's flag says
            pass
    flag = getattr(ds, "is_little_endian", None)
    if flag is None:
        msg = ("Unable to determine the endianness of the dataset, please set an "
               f"appropriate Transfer Syntax UID in '{type(ds).__name__}.file_meta'")
        raise AttributeError(msg)
    return bool(flag)


def pixel_dtype(ds: Any, as_float: bool = False) -> np.dtype[Any]:
    """The numpy dtype of the dataset's samples, in its byte order (pydicom's rule).

    Bits Allocated 1 is uint8; ``as_float`` gives float32 / float64.
    """
    little = _little_endian(ds)
    if as_float:
        kind = "float"
    else:
        representation = ds.PixelRepresentation
        if representation not in (0, 1):
            msg = ("Unable to determine the data type to use to contain the Pixel Data as a "
                   f"value of '{representation}' for '(0028,0103) Pixel Representation' is "
                   "invalid")
            raise ValueError(msg)
        kind = "uint" if representation == 0 else "int"
    bits_allocated = int(ds.BitsAllocated)
    if bits_allocated == 1:
        name = "uint8"
    elif bits_allocated > 0 and bits_allocated % 8 == 0:
        name = f"{kind}{bits_allocated}"
    else:
        msg = ("Unable to determine the data type to use to contain the Pixel Data as a "
               f"value of '{bits_allocated}' for '(0028,0100) Bits Allocated' is invalid")
        raise ValueError(msg)
    try:
        dtype = np.dtype(name)
    except TypeError as error:
        msg = f"The data type '{name}' needed to contain the Pixel Data is not supported by numpy"
        raise NotImplementedError(msg) from error
    return dtype.newbyteorder("S") if little != (sys.byteorder == "little") else dtype


def reshape_pixel_array(ds: Any, arr: Array) -> Array:
    """``arr`` (the samples in stored order, 1-D) shaped as the dataset's frames.

    (rows, columns[, samples]) with a frame axis first for several frames; samples
    stored colour-by-plane (Planar Configuration 1, and RLE) are moved last.  An
    array already of that shape is returned as it is (our handlers give shaped
    arrays; pydicom would reshape it again).
    """
    frames = get_nr_frames(ds)
    samples = int(ds.SamplesPerPixel)
    if samples < 1:
        msg = (f"Unable to reshape the pixel array as a value of {samples} for (0028,0002) "
               "'Samples per Pixel' is invalid.")
        raise ValueError(msg)
    rows, columns = int(ds.Rows), int(ds.Columns)
    shape: tuple[int, ...] = (rows, columns) if samples == 1 else (rows, columns, samples)
    if frames > 1:
        shape = (frames, *shape)
    if arr.shape == shape and arr.ndim > 1:
        return arr
    planar = 0
    if samples > 1:
        uid = transfer_syntax_uid(ds)
        planar = 0 if uid in _PLANAR_0 else 1 if uid in _PLANAR_1 else ds.PlanarConfiguration
        if planar not in (0, 1):
            msg = (f"Unable to reshape the pixel array as a value of {planar} for (0028,0006) "
                   "'Planar Configuration' is invalid.")
            raise ValueError(msg)
    if samples == 1 or planar == 0:
        return arr.reshape(shape)
    by_plane = arr.reshape(frames, samples, rows, columns).transpose(0, 2, 3, 1)
    return by_plane[0] if frames == 1 else by_plane

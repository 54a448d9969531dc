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

from typeddcm import keys
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.errors import InvalidValueError, UnsupportedTransferSyntaxError
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

# The core's rule text -> (pydicom's exception type, its message; {value} is the value).
_PYDICOM_ERRORS: tuple[tuple[str, type[Exception], str], ...] = (
    ("apply_color_lut needs a dataset", ValueError, "Either 'ds' or 'palette' is required"),
    ("Supplemental Palette Color LUT", ValueError,
     "Use of this function with the Supplemental Palette Color Lookup Table Module is not "
     "currently supported"),
    ("no Palette Color Lookup Table", ValueError,
     "No suitable Palette Color Lookup Table Module found"),
    ("palette data are all needed", ValueError,
     "No suitable Palette Color Lookup Table Module found"),
    ("must have the same length", ValueError, "LUT data must be the same length"),
    ("windowing needs a Photometric Interpretation", ValueError,
     "When performing a windowing operation only 'MONOCHROME1' and 'MONOCHROME2' are "
     "allowed for (0028,0004) Photometric Interpretation"),
    ("Window Width must be at least 1", ValueError,
     "Width must be greater than or equal to 1 for a 'LINEAR' windowing operation"),
    ("greater than 0 for LINEAR_EXACT", ValueError,
     "Width must be greater than 0 for a 'LINEAR_EXACT' windowing operation"),
    ("greater than 0 for SIGMOID", ValueError,
     "Width must be greater than 0 for a 'SIGMOID' windowing operation"),
    ("VOI LUT Function must be", ValueError,
     "Unsupported (0028,1056) VOI LUT Function value '{value}'"),
    ("Presentation LUT Shape must be", NotImplementedError,
     "A (2050,0020) 'Presentation LUT Shape' value of '{value}' is not supported"),
    ("colour conversion needs unsigned", ValueError,
     "Invalid ndarray.dtype '{value}' for color space conversion, must be 'uint8' or an "
     "equivalent"),
)


def _as_pydicom(error: InvalidValueError) -> Exception:
    """The core's error as pydicom's type and wording (the core's text when unmapped)."""
    for fragment, kind, text in _PYDICOM_ERRORS:
        if fragment in error.rule:
            return kind(text.format(value=error.value))
    return error


def apply_modality_lut(arr: Array, ds: Any) -> Array:
    """Apply the Modality LUT or Rescale Slope / Intercept (PS3.3 C.11.1) to ``arr``."""
    return lut.apply_modality_lut(arr, core_of(ds))


#: pydicom's other name for :func:`apply_modality_lut`.
apply_rescale = apply_modality_lut


def apply_voi_lut(arr: Array, ds: Any, index: int = 0, prefer_lut: bool = True) -> Array:
    """Apply the VOI LUT or the window (PS3.3 C.11.2); ``prefer_lut`` picks when both exist."""
    try:
        return lut.apply_voi_lut(arr, core_of(ds), index, prefer_lut=prefer_lut)
    except InvalidValueError as error:
        raise _as_pydicom(error) from error


def apply_voi(arr: Array, ds: Any, index: int = 0) -> Array:
    """Apply item ``index`` of the VOI LUT Sequence to ``arr``.

    A float ``arr`` is used (truncated to LUT indices) with a UserWarning, as pydicom.
    """
    core = core_of(ds)
    items = core.get(keys.VOILUTSequence)
    if items is not None and -len(items) <= index < len(items):
        descriptor = items[index].get(keys.LUTDescriptor)
        bits = int(descriptor.values[2]) if descriptor is not None and \
            len(descriptor.values) > 2 else 16
        if not 8 <= bits <= 16:  # PS3.3 C.11.2.1.1: 8 to 16 bits an entry
            raise NotImplementedError(f"'{bits}' bits per LUT entry is not supported")
    if arr.dtype.kind == "f" and items is not None:
        warnings.warn("Applying a VOI LUT on a float input array may give incorrect results",
                      UserWarning, stacklevel=2)
    return lut.apply_voi(arr, core, index)


def apply_windowing(arr: Array, ds: Any, index: int = 0) -> Array:
    """Apply Window Center / Width with the VOI LUT Function; float64 out."""
    try:
        return lut.apply_windowing(arr, core_of(ds), index)
    except InvalidValueError as error:
        raise _as_pydicom(error) from error


def apply_presentation_lut(arr: Array, ds: Any) -> Array:
    """Apply the Presentation LUT Sequence or Presentation LUT Shape (PS3.3 C.11.6).

    A shape other than IDENTITY or INVERSE is NotImplementedError, as pydicom.
    """
    try:
        return lut.apply_presentation_lut(arr, core_of(ds))
    except InvalidValueError as error:
        raise _as_pydicom(error) from error


# The well-known colour palettes (PS3.6 Annex B): name -> (SOP Instance UID, file name).
_PALETTES = {
    "HOT_IRON": ("1.2.840.10008.1.5.1", "hotiron.dcm"),
    "PET": ("1.2.840.10008.1.5.2", "pet.dcm"),
    "HOT_METAL_BLUE": ("1.2.840.10008.1.5.3", "hotmetalblue.dcm"),
    "PET_20_STEP": ("1.2.840.10008.1.5.4", "pet20step.dcm"),
    "SPRING": ("1.2.840.10008.1.5.5", "spring.dcm"),
    "SUMMER": ("1.2.840.10008.1.5.6", "summer.dcm"),
    "FALL": ("1.2.840.10008.1.5.7", "fall.dcm"),
    "WINTER": ("1.2.840.10008.1.5.8", "winter.dcm"),
}


def _palette_dataset(palette: str) -> Any:
    """The well-known palette ``palette`` (name or UID), read from the palettes folder
    that compat.data searches (pydicom ships the files; typeddcm bundles none)."""
    from ..data import get_palette_files
    from ..filereader import dcmread

    key = str(palette).strip().upper()
    found = _PALETTES.get(key) or next(
        (entry for entry in _PALETTES.values() if entry[0] == str(palette).strip()), None)
    if found is None:
        raise ValueError(f"Unknown palette '{palette}'")
    files = get_palette_files(found[1])
    if not files:
        # pydicom's error type here (its file list is empty): say which file is missing.
        msg = (f"list index out of range: the palette file '{found[1]}' is in none of the "
               "folders typeddcm.compat.data searches")
        raise IndexError(msg)
    return dcmread(files[0])


_PALETTE_DATA = (keys.RedPaletteColorLookupTableData, keys.GreenPaletteColorLookupTableData,
                 keys.BluePaletteColorLookupTableData)


def _check_palette_data(core: Any) -> None:
    """pydicom's checks of (unsegmented) palette data: equal lengths, 8 or 16 bits an entry."""
    descriptor = core.get(keys.RedPaletteColorLookupTableDescriptor)
    elements = [core.get(key) for key in _PALETTE_DATA]
    if descriptor is None or not len(descriptor) or any(e is None for e in elements):
        return  # the core says what is missing
    sizes = {len(getattr(e, "data", b"")) for e in elements}
    if len(sizes) != 1:
        raise ValueError("LUT data must be the same length")
    entries = int(descriptor.values[0]) or 65536  # 0 means 2**16 (PS3.3 C.7.6.3.1.5)
    bits = sizes.pop() * 8 / entries
    if bits not in (8.0, 16.0) and bits != 0:
        msg = (f"The bit depth of the LUT data '{bits:.1f}' is invalid (only 8 or 16 bits "
               "per entry allowed)")
        raise ValueError(msg)


def apply_color_lut(arr: Array, ds: Any = None, palette: str | None = None) -> Array:
    """Map ``arr`` through the dataset's Palette Color LUTs: RGB (or RGBA) samples out.

    ``palette``: a well-known palette (PS3.6 Annex B) by name ("PET", "HOT_IRON" ...)
    or SOP Instance UID, read from the palette files compat.data finds (ValueError if
    unknown, IndexError if its file is absent).
    """
    if palette is not None:
        ds = _palette_dataset(palette)
    elif ds is not None:
        _check_palette_data(core_of(ds))
    try:
        return colour.apply_color_lut(arr, None if ds is None else core_of(ds), None)
    except InvalidValueError as error:
        raise _as_pydicom(error) from error


def convert_color_space(arr: Array, current: str, desired: str, per_frame: bool = False) -> Array:
    """Convert ``arr`` between RGB, YBR_FULL and YBR_FULL_422 (as pydicom, samples last).

    Another colour space raises NotImplementedError, as in pydicom.
    """
    for space in (current, desired):
        if str(space).strip().upper() not in _COLOUR_SPACES:
            msg = f"Conversion from {current} to {desired} is not supported."
            raise NotImplementedError(msg)
    try:
        return colour.convert_color_space(arr, current, desired, per_frame=per_frame)
    except InvalidValueError as error:
        raise _as_pydicom(error) from error


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

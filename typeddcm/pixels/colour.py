"""Colour: RGB <-> YBR_FULL conversion, YBR_FULL_422 upsampling, Palette Colour lookup.

Pure functions over numpy arrays: the input is never changed in place (it is often a
read-only view of a file); results are new arrays, except that a conversion that
does nothing returns the input itself.  8-bit results equal pydicom 3's
``pydicom.pixels.processing`` (same float32 arithmetic, rounding and clipping).

References: PS3.3 C.7.6.3.1.2 (YBR_FULL, YBR_FULL_422; the equations of ITU-T T.871),
C.7.6.3.1.5-6 (Palette Color Lookup Table Descriptor and Data), C.7.9 (Palette Color
Lookup Table Module, segmented data C.7.9.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.errors import InvalidValueError
from typeddcm.pixels.lut import _descriptor, _int_of, _lut_values
from typeddcm.vr.bulk import _Bulk

__all__ = [
    "apply_color_lut",
    "convert_color_space",
    "expand_segment_items",
    "expand_segmented_lut",
    "rgb_to_ybr",
    "upsample_ybr_422",
    "ybr_to_rgb",
]

Array = npt.NDArray[Any]

_SPACES = ("RGB", "YBR_FULL", "YBR_FULL_422")
_YBR = ("YBR_FULL", "YBR_FULL_422")

# PS3.3 C.7.6.3.1.2 / T.871: Y = .299R + .587G + .114B, Cb = (B - Y) / 1.772 + offset,
# Cr = (R - Y) / 1.402 + offset; laid out for ``pixels @ matrix`` (one column per output).
_RGB_TO_YBR = (
    (0.299, -0.299 / 1.772, 0.701 / 1.402),
    (0.587, -0.587 / 1.772, -0.587 / 1.402),
    (0.114, 0.886 / 1.772, -0.114 / 1.402),
)
# The inverse: R = Y + 1.402 Cr', G = Y - (.114 * 1.772 Cb' + .299 * 1.402 Cr') / .587,
# B = Y + 1.772 Cb' (Cb', Cr' with the offset removed).
_YBR_TO_RGB = (
    (1.0, 1.0, 1.0),
    (0.0, -0.114 * 1.772 / 0.587, 1.772),
    (1.402, -0.299 * 1.402 / 0.587, 0.0),
)


def _bits_of(arr: Array, bits: int | None) -> int:
    if arr.dtype.kind != "u":
        raise InvalidValueError("array", str(arr.dtype),
                                "colour conversion needs unsigned integer samples "
                                "(uint8, uint16, ...)")
    if arr.ndim < 1 or arr.shape[-1] != 3:
        raise InvalidValueError("array", arr.shape,
                                "colour conversion needs three samples per pixel, "
                                "shaped (..., 3)")
    full = arr.dtype.itemsize * 8
    if bits is None:
        return full
    if not 1 <= bits <= full:
        raise InvalidValueError("array", bits, f"bits must lie in 1..{full} for {arr.dtype}")
    return bits


def _rgb_to_ybr(arr: Array, bits: int) -> Array:
    if bits == 8:
        # float32 throughout: pydicom 3's exact results.
        matrix = np.asarray(_RGB_TO_YBR, dtype=np.float32)
        out = np.matmul(arr, matrix, dtype=np.float32)
        out += np.asarray([0.5, 128.5, 128.5], dtype=np.float32)  # + offset, + 0.5 to round
        np.floor(out, out=out)
        np.clip(out, 0, 255, out=out)
        result: Array = out.astype(arr.dtype)
        return result
    offset = 2 ** (bits - 1)
    wide = np.matmul(arr.astype(np.float64), np.asarray(_RGB_TO_YBR, dtype=np.float64))
    wide += np.asarray([0.5, offset + 0.5, offset + 0.5])
    np.floor(wide, out=wide)
    np.clip(wide, 0, 2**bits - 1, out=wide)
    converted: Array = wide.astype(arr.dtype)
    return converted


def _ybr_to_rgb(arr: Array, bits: int) -> Array:
    if bits == 8:
        out = arr.astype(np.float32)
        out -= np.asarray([0, 128, 128], dtype=np.float32)
        np.matmul(out, np.asarray(_YBR_TO_RGB, dtype=np.float32), out=out)
        out += np.float32(0.5)
        np.floor(out, out=out)
        np.clip(out, 0, 255, out=out)
        result: Array = out.astype(arr.dtype)
        return result
    offset = 2 ** (bits - 1)
    wide = arr.astype(np.float64)
    wide -= np.asarray([0, offset, offset], dtype=np.float64)
    wide = np.matmul(wide, np.asarray(_YBR_TO_RGB, dtype=np.float64))
    wide += 0.5
    np.floor(wide, out=wide)
    np.clip(wide, 0, 2**bits - 1, out=wide)
    converted: Array = wide.astype(arr.dtype)
    return converted


def convert_color_space(
    arr: Array, current: str, desired: str, *, per_frame: bool = False, bits: int | None = None
) -> Array:
    """Convert ``arr`` (shaped ``(..., 3)``) between RGB, YBR_FULL and YBR_FULL_422.

    YBR_FULL_422 is taken as already upsampled (see :func:`upsample_ybr_422`), so it
    converts as YBR_FULL does, and YBR_FULL <-> YBR_FULL_422 is no change.  The same
    space in and out returns ``arr`` itself.  Samples are unsigned integers; ``bits``
    (default: the dtype's width) sets the chroma offset ``2**(bits - 1)`` and the
    clipping range ``0 .. 2**bits - 1``.  8-bit results equal pydicom 3's.

    ``per_frame`` converts a 4-D array one frame at a time, so the float working
    copy is one frame big; unlike pydicom, the input is still not overwritten.

    Raises :class:`~typeddcm.errors.InvalidValueError` for other colour spaces (pydicom
    raises NotImplementedError) and for samples that are not unsigned integers
    (pydicom takes uint8 only).
    """
    now = current.strip().upper()
    wanted = desired.strip().upper()
    if now == wanted:
        return arr
    if now not in _SPACES or wanted not in _SPACES:
        raise InvalidValueError("CS", f"{current} -> {desired}",
                                "conversion is supported between RGB, YBR_FULL and "
                                "YBR_FULL_422 only")
    if now in _YBR and wanted in _YBR:
        return arr
    depth = _bits_of(arr, bits)
    convert = _rgb_to_ybr if now == "RGB" else _ybr_to_rgb
    if per_frame and arr.ndim == 4:
        out = np.empty(arr.shape, dtype=arr.dtype)
        for index in range(arr.shape[0]):
            out[index] = convert(arr[index], depth)
        return out
    return convert(arr, depth)


def ybr_to_rgb(arr: Array, *, bits: int | None = None) -> Array:
    """YBR_FULL (or upsampled YBR_FULL_422) to RGB: :func:`convert_color_space`."""
    return convert_color_space(arr, "YBR_FULL", "RGB", bits=bits)


def rgb_to_ybr(arr: Array, *, bits: int | None = None) -> Array:
    """RGB to YBR_FULL: :func:`convert_color_space`."""
    return convert_color_space(arr, "RGB", "YBR_FULL", bits=bits)


def upsample_ybr_422(
    data: Array | bytes | bytearray | memoryview, rows: int, columns: int, *, frames: int = 1
) -> Array:
    """Native YBR_FULL_422 samples to interleaved YBR_FULL, ``(rows, columns, 3)``.

    The native layout (PS3.3 C.7.6.3.1.2) stores each pair of horizontally adjacent
    pixels as ``Y1 Y2 Cb Cr``; both pixels take the pair's Cb and Cr.  ``data`` is
    bytes (8-bit samples) or an array of samples (its dtype is kept, so 16-bit samples
    work too).  With ``frames > 1`` the result is ``(frames, rows, columns, 3)``.  An
    odd pixel count per frame is padded to a whole pair, the pair running on into the
    next row.
    """
    if rows < 0 or columns < 0 or frames < 1:
        raise InvalidValueError("US", (rows, columns, frames),
                                "rows and columns must be >= 0 and frames >= 1")
    samples = (data if isinstance(data, np.ndarray)
               else np.frombuffer(data, dtype=np.uint8)).reshape(-1)
    pixels = rows * columns
    pairs = (pixels + 1) // 2
    needed = frames * pairs * 4
    if samples.shape[0] < needed:
        raise InvalidValueError("OB", f"<{samples.shape[0]} samples>",
                                f"YBR_FULL_422 {frames}x{rows}x{columns} needs {needed} samples")
    groups = samples[:needed].reshape(frames, pairs, 4)
    out = np.empty((frames, pairs * 2, 3), dtype=samples.dtype)
    out[:, :, 0] = groups[:, :, :2].reshape(frames, pairs * 2)
    out[:, :, 1] = np.repeat(groups[:, :, 2], 2, axis=1)
    out[:, :, 2] = np.repeat(groups[:, :, 3], 2, axis=1)
    shaped = out[:, :pixels].reshape(frames, rows, columns, 3)
    return shaped[0] if frames == 1 else shaped


# ---------------------------------------------------------------------------
# Palette colour
# ---------------------------------------------------------------------------

_DATA_KEYS = (
    keys.RedPaletteColorLookupTableData,
    keys.GreenPaletteColorLookupTableData,
    keys.BluePaletteColorLookupTableData,
    keys.AlphaPaletteColorLookupTableData,
)
_SEGMENTED_KEYS = (
    keys.SegmentedRedPaletteColorLookupTableData,
    keys.SegmentedGreenPaletteColorLookupTableData,
    keys.SegmentedBluePaletteColorLookupTableData,
    keys.SegmentedAlphaPaletteColorLookupTableData,
)
_MAX_INDIRECTION = 32


def _segment_items(vr: object, bits: int) -> tuple[list[int], bool]:
    """The items of segmented LUT data (bytes for 8-bit entries, else words) and
    whether the value is little endian."""
    if isinstance(vr, _Bulk):
        little = vr.byteorder == "<"
        if bits <= 8:
            return list(vr.data.tobytes()), little
        usable = len(vr.data) - len(vr.data) % 2
        words = np.frombuffer(vr.data, dtype=vr.byteorder + "u2", count=usable // 2)
        return [int(w) for w in words.tolist()], little
    values = getattr(vr, "values", ())
    return [int(v) & 0xFFFF for v in values], True


def _expand_segments(
    data: list[int], start: int, eight_bit: bool, little: bool,
    limit: int | None, previous: int | None, depth: int,
) -> list[int]:
    """Expand segmented palette data from item ``start`` (PS3.3 C.7.9.2).

    ``limit`` segments at most (an indirect segment's count), ``previous`` the last
    value before them (the start of a linear segment that comes first).
    """
    if depth > _MAX_INDIRECTION:
        raise InvalidValueError("OW", "<segmented LUT data>",
                                "indirect segments nest too deeply (a cycle?)")
    out: list[int] = []
    pos = start
    done = 0
    # ``pos + 1 <`` : a trailing pad item is not a segment (every segment has >= 3 items).
    while pos + 1 < len(data) and (limit is None or done < limit):
        opcode, length = data[pos], data[pos + 1]
        pos += 2
        if opcode == 0:  # C.7.9.2.1 discrete: ``length`` values follow
            out.extend(data[pos:pos + length])
            pos += length
        elif opcode == 1:  # C.7.9.2.2 linear: ramp from the previous value to the next item
            y0 = out[-1] if out else previous
            if y0 is None:
                raise InvalidValueError("OW", "<segmented LUT data>",
                                        "a linear segment cannot come first")
            if pos >= len(data):
                raise InvalidValueError("OW", "<segmented LUT data>",
                                        "a linear segment lacks its end value")
            y1 = data[pos]
            pos += 1
            if length:
                if y0 == y1:
                    out.extend([y1] * length)
                else:
                    step = (y1 - y0) / length
                    ramp = np.rint(np.linspace(y0 + step, y1, length))
                    out.extend(int(v) for v in ramp.tolist())
        elif opcode == 2:  # C.7.9.2.3 indirect: copy ``length`` segments found at an offset
            last = out[-1] if out else previous
            if last is None:
                raise InvalidValueError("OW", "<segmented LUT data>",
                                        "an indirect segment cannot come first")
            if eight_bit:
                b = data[pos:pos + 4]
                if len(b) < 4:
                    raise InvalidValueError("OW", "<segmented LUT data>",
                                            "an indirect segment lacks its offset")
                # Two 16-bit words, least significant first, each in the value's byte order.
                low, high = ((b[0] | b[1] << 8), (b[2] | b[3] << 8)) if little else (
                    (b[0] << 8 | b[1]), (b[2] << 8 | b[3]))
                pos += 4
            else:
                if pos + 1 >= len(data):
                    raise InvalidValueError("OW", "<segmented LUT data>",
                                            "an indirect segment lacks its offset")
                low, high = data[pos], data[pos + 1]
                pos += 2
            offset = high << 16 | low
            out.extend(_expand_segments(data, offset, eight_bit, little, length, last,
                                        depth + 1))
        else:
            raise InvalidValueError("OW", opcode,
                                    "unknown segment type in segmented palette data "
                                    "(0 discrete, 1 linear, 2 indirect)")
        done += 1
    return out


def expand_segment_items(items: Sequence[int], *, eight_bit: bool, little_endian: bool = True,
                         limit: int | None = None, previous: int | None = None) -> list[int]:
    """Expand segmented palette data already split into items (PS3.3 C.7.9.2).

    ``items``: one per byte (``eight_bit``, where an indirect segment's offset is
    two 16-bit words in ``little_endian`` or big endian byte order) or one per word.
    ``limit``: expand that many segments at most; ``previous``: the value before the
    first segment (an indirect segment's context).  InvalidValueError (a ValueError)
    for a first linear/indirect segment with no ``previous`` or an unknown opcode.
    """
    return _expand_segments(list(items), 0, eight_bit, little_endian, limit, previous, 0)


def expand_segmented_lut(data: object, bits: int) -> Array:
    """The LUT that Segmented Palette Color Lookup Table Data describe (PS3.3 C.7.9.2).

    ``data`` is the data element's VR object (OW); ``bits`` the descriptor's bits per
    entry (8: one item per byte, 16: one per word).  Returns uint8 or uint16 values.
    """
    items, little = _segment_items(data, bits)
    values = _expand_segments(items, 0, bits <= 8, little, None, None, 0)
    return np.asarray(values, dtype=np.uint8 if bits <= 8 else np.uint16)


def apply_color_lut(
    arr: Array, ds: Dataset | None = None, palette: str | None = None
) -> Array:
    """Map ``arr`` through the dataset's Palette Colour LUTs: ``arr.shape + (3,)`` (RGB)
    or ``+ (4,)`` (RGBA, when alpha data are present).

    Uses the Red/Green/Blue(/Alpha) Palette Color Lookup Table Data, else the
    Segmented ... Data (discrete, linear and indirect segments).  Values below the
    first value mapped take the first entry, values past the end the last.  The
    result is ``uint8`` or ``uint16``: for plain data by the data's length per entry
    (8-bit entries may sit in 16-bit words; they then come out as uint16, as pydicom
    gives), for segmented data by the descriptor's bits per entry.

    ``palette`` (a well-known palette's name or UID, PS3.6 Annex B) is not supported:
    the palettes are not bundled; read the palette's SOP instance and pass it as
    ``ds``.  The Supplemental Palette Color LUT (Pixel Presentation MIXED/COLOR) and
    the Enhanced Palette Color Lookup Table Sequence are not supported either.

    Differences from pydicom: the descriptor's first and third values are unsigned
    and its second follows Pixel Representation; an index past the LUT's end never
    wraps (pydicom computes it in the LUT's dtype, so 8-bit entries wrap at 256); an
    odd-length 8-bit LUT with a pad byte is read; a linear segment right after an
    indirect segment ending at value 0 works (pydicom refuses); indirect cycles raise.
    """
    if palette is not None:
        raise InvalidValueError("UI", palette,
                                "well-known colour palettes (PS3.6 Annex B) are not "
                                "bundled; read the palette's SOP instance and pass it as ds")
    if ds is None:
        raise InvalidValueError("Dataset", None, "apply_color_lut needs a dataset (ds)")
    presentation = str(ds.get(keys.PixelPresentation) or "").strip().upper()
    if presentation in ("MIXED", "COLOR"):
        raise InvalidValueError("CS", presentation,
                                "the Supplemental Palette Color LUT (Pixel Presentation "
                                "MIXED or COLOR) is not supported")
    descriptor_vr = ds.get(keys.RedPaletteColorLookupTableDescriptor)
    if descriptor_vr is None or not len(descriptor_vr):
        raise InvalidValueError("Dataset", None,
                                "no Palette Color Lookup Table Module: Red Palette Color "
                                "Lookup Table Descriptor is missing")
    pr = _int_of(ds, keys.PixelRepresentation, None)
    desc = _descriptor(descriptor_vr, "Red Palette Color Lookup Table Descriptor", pr)

    luts: list[Array] = []
    if _present(ds, keys.RedPaletteColorLookupTableData):
        for key in _DATA_KEYS:
            vr = ds.get(key)
            if vr is not None and len(vr):
                luts.append(_palette_data(vr, desc.entries, key.keyword))
    elif _present(ds, keys.SegmentedRedPaletteColorLookupTableData):
        for key in _SEGMENTED_KEYS:
            vr = ds.get(key)
            if vr is not None and len(vr):
                luts.append(expand_segmented_lut(vr, desc.bits))
    else:
        raise InvalidValueError("Dataset", None,
                                "no Palette Color Lookup Table Data or Segmented Palette "
                                "Color Lookup Table Data")
    if len(luts) < 3:
        raise InvalidValueError("Dataset", None,
                                "the red, green and blue palette data are all needed")
    if len({lut.shape[0] for lut in luts}) != 1 or len({lut.dtype for lut in luts}) != 1:
        raise InvalidValueError("OW", [lut.shape[0] for lut in luts],
                                "the palette LUTs must have the same length and entry size")
    # One (entries, channels) table taken from once gives the samples-last output directly
    # (np.take along axis 0 is several times faster than fancy indexing a 2-D table).
    table = np.stack(luts, axis=-1)
    last = min(desc.entries, table.shape[0]) - 1
    if arr.dtype.kind == "u" and desc.first == 0 and last >= np.iinfo(arr.dtype).max:
        index: Array = arr  # every value is an entry: nothing to shift or clip
    else:
        index = arr.astype(np.int64 if arr.dtype.kind in "iub" else np.float64) - desc.first
        np.clip(index, 0, last, out=index)
        index = index.astype(np.intp)
    out: Array = np.take(table, index, axis=0)
    return out


def _present(ds: Dataset, key: Any) -> bool:
    vr = ds.get(key)
    return vr is not None and len(vr) > 0


def _palette_data(vr: object, entries: int, what: str) -> Array:
    """One channel's Palette Color Lookup Table Data (PS3.3 C.7.6.3.1.6).

    The entry size comes from the length, as the standard's note advises: ``entries``
    bytes (or one more, padded) are 8-bit entries, ``2 * entries`` 16-bit ones.
    """
    nbytes = len(vr.data) if isinstance(vr, _Bulk) else 2 * len(getattr(vr, "values", ()))
    if nbytes in (entries, entries + 1) and entries > 1:
        return _lut_values(vr, entries, 8, what)
    if nbytes >= 2 * entries:
        return _lut_values(vr, entries, 16, what)
    raise InvalidValueError("OW", f"<{nbytes} bytes>",
                            f"{what} is too short for {entries} entries of 8 or 16 bits")


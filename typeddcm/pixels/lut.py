"""Greyscale transforms: Modality LUT, VOI LUT / windowing and Presentation LUT.

Pure functions over numpy arrays: the input array is never changed (it is often a
read-only view of a file); a transform that applies returns a new array, one that
does not apply returns the input itself.  Results follow pydicom 3's
``pydicom.pixels.processing`` in values and dtype, except where that deviates from
PS3.3 (each difference is listed on the function that has it).

References: PS3.3 C.11.1 (Modality LUT), C.11.2 (VOI LUT), C.8.11.3.1.5 (VOI LUT
Function), C.11.4 / C.11.6 (Presentation LUT).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.errors import InvalidValueError
from typeddcm.vr.bulk import _Bulk
from typeddcm.vr.sequence import SQ

__all__ = [
    "apply_modality_lut",
    "apply_presentation_lut",
    "apply_rescale",
    "apply_voi",
    "apply_voi_lut",
    "apply_windowing",
]

Array = npt.NDArray[Any]


# ---------------------------------------------------------------------------
# Helpers shared with colour.py
# ---------------------------------------------------------------------------


def _words(vr: object) -> Array:
    """A value's 16-bit words as int64, whatever VR it was read as.

    US/SS (and other integer VRs) give their values, taken as 16-bit patterns;
    bulk VRs (OW, OB, UN) give their bytes read as words in the value's byte order.
    """
    if isinstance(vr, _Bulk):
        usable = len(vr.data) - len(vr.data) % 2
        words = np.frombuffer(vr.data, dtype=vr.byteorder + "u2", count=usable // 2)
        return words.astype(np.int64)
    array = getattr(vr, "array", None)
    if isinstance(array, np.ndarray) and array.dtype.kind in "iu":
        return array.astype(np.int64) & 0xFFFF
    values = getattr(vr, "values", ())
    return np.array([int(v) for v in values], dtype=np.int64) & 0xFFFF


def _is_signed_vr(vr: object) -> bool:
    array = getattr(vr, "array", None)
    return not isinstance(vr, _Bulk) and isinstance(array, np.ndarray) and array.dtype.kind == "i"


class _Descriptor(NamedTuple):
    """A LUT Descriptor: entries (0 read as 65536), first value mapped, bits per entry."""

    entries: int
    first: int
    bits: int


def _descriptor(vr: object, what: str, pixel_representation: int | None) -> _Descriptor:
    """Read a (palette) LUT Descriptor.

    The first and third values are always unsigned (PS3.3 C.11.1.1.1, C.7.6.3.1.5);
    the second follows Pixel Representation when it is given, else the VR it was
    read as (SS signed, US unsigned).
    """
    words = _words(vr)
    if words.shape[0] < 3:
        raise InvalidValueError("US or SS", getattr(vr, "values", vr),
                                f"{what} needs three values (entries, first mapped, bits)")
    entries = int(words[0]) or 2**16
    first = int(words[1])
    signed = _is_signed_vr(vr) if pixel_representation is None else pixel_representation == 1
    if signed and first >= 2**15:
        first -= 2**16
    return _Descriptor(entries, first, int(words[2]))


def _lut_values(vr: object, entries: int, bits: int, what: str) -> Array:
    """The entries of LUT Data: uint8 when 8-bit entries are packed one per byte, else uint16.

    Integer VRs (US) hold one entry per value.  Bulk VRs (OW) hold one entry per
    16-bit word, except that 8-bit entries may be packed one per byte: a value
    ``entries`` (or ``entries + 1``, padded) bytes long.
    """
    if isinstance(vr, _Bulk):
        nbytes = len(vr.data)
        if bits <= 8 and nbytes in (entries, entries + 1) and entries > 1:
            if vr.byteorder == ">":  # OW in big endian: the bytes of each word are swapped
                usable = nbytes - nbytes % 2
                swapped = np.frombuffer(vr.data, dtype=">u2", count=usable // 2).astype("<u2")
                raw = swapped.tobytes() + vr.data[usable:].tobytes()
                return np.frombuffer(raw, dtype=np.uint8, count=entries)
            return np.frombuffer(vr.data, dtype=np.uint8, count=entries)
        lut = _words(vr)[:entries]
    else:
        lut = _words(vr)[:entries]
    if lut.shape[0] == 0:
        raise InvalidValueError(getattr(vr, "code", "OW"), getattr(vr, "values", vr),
                                f"{what} is empty")
    return lut.astype(np.uint16)


def _through_lut(arr: Array, lut: Array, first: int, entries: int) -> Array:
    """``lut[clip(arr - first, 0, last)]``: values below the first mapped go to entry 0,
    values past the end to the last entry (computed without wrap-around)."""
    last = min(entries, lut.shape[0]) - 1
    index: Array = arr.astype(np.int64 if arr.dtype.kind in "iub" else np.float64) - first
    np.clip(index, 0, last, out=index)
    result: Array = lut[index.astype(np.intp)]
    return result


def _first_value(vr: object) -> Any:
    values: Sequence[Any] = getattr(vr, "values", ())
    return values[0] if len(values) else None


def _int_of(ds: Dataset, key: Any, default: int | None) -> int | None:
    value = _first_value(ds.get(key))
    return default if value is None else int(value)


def _items(ds: Dataset, key: Any) -> tuple[Dataset, ...]:
    seq = ds.get(key)
    if isinstance(seq, SQ):
        return tuple(seq.values)
    return ()


def _required(item: Dataset, key: Any, where: str) -> object:
    vr = item.get(key)
    if vr is None or not len(vr):
        raise InvalidValueError("SQ", where, f"the item has no {key.keyword}")
    return vr


# ---------------------------------------------------------------------------
# Modality LUT
# ---------------------------------------------------------------------------


def apply_modality_lut(arr: Array, ds: Dataset) -> Array:
    """Apply the Modality LUT Sequence, else Rescale Slope / Intercept, to ``arr``.

    With a (non-empty) Modality LUT Sequence: the first item's LUT is applied and the
    result is ``uint8`` (8-bit entries) or ``uint16``.  Else with both Rescale Slope
    and Rescale Intercept: ``arr * slope + intercept`` as ``float64`` (even for slope 1
    and intercept 0, as pydicom does).  Else ``arr`` itself.

    Differences from pydicom (PS3.3 C.11.1.1.1): the descriptor's first and third
    values are unsigned and its second follows Pixel Representation (pydicom takes
    the VR it was read as); bits per entry 9..15 give ``uint16`` (pydicom fails); an
    8-bit LUT packed one entry per byte in OW is read; index arithmetic never wraps.
    """
    items = _items(ds, keys.ModalityLUTSequence)
    if items:
        item = items[0]
        where = "Modality LUT Sequence item 1"
        pr = _int_of(ds, keys.PixelRepresentation, None)
        desc = _descriptor(_required(item, keys.LUTDescriptor, where),
                           "Modality LUT Descriptor", pr)
        lut = _lut_values(_required(item, keys.LUTData, where), desc.entries, desc.bits,
                          "Modality LUT Data")
        lut = lut.astype(np.uint8 if desc.bits <= 8 else np.uint16)
        return _through_lut(arr, lut, desc.first, desc.entries)

    slope = _first_value(ds.get(keys.RescaleSlope))
    intercept = _first_value(ds.get(keys.RescaleIntercept))
    if slope is not None and intercept is not None:
        out = arr.astype(np.float64) * float(slope)
        out += float(intercept)
        return out
    return arr


#: pydicom's alias.
apply_rescale = apply_modality_lut


# ---------------------------------------------------------------------------
# VOI LUT and windowing
# ---------------------------------------------------------------------------


def _has_voi_lut(ds: Dataset) -> bool:
    items = _items(ds, keys.VOILUTSequence)
    if not items:
        return False
    item = items[0]
    return all(item.get(k) is not None and len(item.get(k) or ()) > 0
               for k in (keys.LUTDescriptor, keys.LUTData))


def _has_window(ds: Dataset) -> bool:
    return (_first_value(ds.get(keys.WindowCenter)) is not None
            and _first_value(ds.get(keys.WindowWidth)) is not None)


def apply_voi_lut(arr: Array, ds: Dataset, index: int = 0, *, prefer_lut: bool = True) -> Array:
    """Apply the VOI LUT Sequence or the window (Window Center / Width) to ``arr``.

    When both are present, ``prefer_lut`` picks the LUT (default) or the window;
    ``index`` picks among alternative views.  Neither present: ``arr`` itself.
    Apply :func:`apply_modality_lut` first when the dataset has one.
    """
    has_lut = _has_voi_lut(ds)
    has_window = _has_window(ds)
    if has_lut and (prefer_lut or not has_window):
        return apply_voi(arr, ds, index)
    if has_window:
        return apply_windowing(arr, ds, index)
    return arr


def apply_voi(arr: Array, ds: Dataset, index: int = 0) -> Array:
    """Apply item ``index`` of the VOI LUT Sequence: ``uint8`` (8-bit entries) or ``uint16``.

    No VOI LUT Sequence: ``arr`` itself.

    Differences from pydicom (PS3.3 C.11.2.1.1): 9 bits per entry is accepted (pydicom
    accepts 8 and 10..16 only), an 8-bit LUT packed one entry per byte in OW is read,
    the descriptor's first and third values are unsigned, and input values past the
    LUT's end map to its last entry without wrapping first (pydicom computes the index
    in the LUT's dtype, so with 8-bit entries a value of 256 + k wraps to entry k).
    """
    items = _items(ds, keys.VOILUTSequence)
    if not items:
        return arr
    if not -len(items) <= index < len(items):
        msg = f"VOI LUT Sequence has {len(items)} item(s); there is no index {index}"
        raise IndexError(msg)
    item = items[index]
    where = f"VOI LUT Sequence item {index + 1}"
    desc = _descriptor(_required(item, keys.LUTDescriptor, where), "VOI LUT Descriptor", None)
    if not 1 <= desc.bits <= 16:
        raise InvalidValueError("US", desc.bits,
                                "VOI LUT Descriptor bits per entry must be 8..16")
    lut = _lut_values(_required(item, keys.LUTData, where), desc.entries, desc.bits,
                      "VOI LUT Data")
    lut = lut.astype(np.uint8 if desc.bits <= 8 else np.uint16)
    return _through_lut(arr, lut, desc.first, desc.entries)


def _window_value(ds: Dataset, key: Any, index: int) -> float:
    values: Sequence[Any] = getattr(ds.get(key), "values", ())
    # pydicom: a single value is used whatever the index; several are indexed.
    return float(values[index] if len(values) > 1 else values[0])


def _output_range(ds: Dataset, arr: Array) -> tuple[float, float]:
    """The window's output range (pydicom 3's rule, PS3.4 N.2.1.1)."""
    y_min: float
    y_max: float
    modality_items = _items(ds, keys.ModalityLUTSequence)
    bits_stored = _int_of(ds, keys.BitsStored, None)
    if bits_stored is None:
        bits_stored = _int_of(ds, keys.BitsAllocated, arr.dtype.itemsize * 8)
    assert bits_stored is not None
    pr = _int_of(ds, keys.PixelRepresentation, 1 if arr.dtype.kind == "i" else 0)
    if modality_items and modality_items[0].get(keys.LUTDescriptor) is not None:
        bits = _descriptor(modality_items[0].get(keys.LUTDescriptor),
                           "Modality LUT Descriptor", None).bits
        y_min, y_max = 0, 2**bits - 1
    elif pr == 0:
        y_min, y_max = 0, 2**bits_stored - 1
    else:
        y_min, y_max = -(2 ** (bits_stored - 1)), 2 ** (bits_stored - 1) - 1
    slope = _first_value(ds.get(keys.RescaleSlope))
    intercept = _first_value(ds.get(keys.RescaleIntercept))
    if slope is not None and intercept is not None:
        y_min = y_min * float(slope) + float(intercept)
        y_max = y_max * float(slope) + float(intercept)
    return y_min, y_max


def apply_windowing(arr: Array, ds: Dataset, index: int = 0) -> Array:
    """Apply Window Center / Width with the VOI LUT Function; the result is ``float64``.

    LINEAR (default), LINEAR_EXACT and SIGMOID (PS3.3 C.11.2.1.2, C.11.2.1.3).  The
    output range is that of the stored values (Bits Stored, Pixel Representation), or
    ``0 .. 2**bits - 1`` of a Modality LUT Sequence, mapped through Rescale Slope /
    Intercept when both are present (pydicom 3's rule).  With several centres/widths
    ``index`` picks one; a single value is used whatever ``index`` is.  No window:
    ``arr`` itself.

    Leniency beyond pydicom: a missing or empty VOI LUT Function is LINEAR (pydicom
    refuses an empty one); missing Bits Stored / Pixel Representation fall back to
    Bits Allocated / the array's dtype.
    """
    if not _has_window(ds):
        return arr
    photometric = str(ds.get(keys.PhotometricInterpretation) or "").strip().upper()
    if photometric not in ("", "MONOCHROME1", "MONOCHROME2"):
        raise InvalidValueError("CS", photometric,
                                "windowing needs a Photometric Interpretation of "
                                "MONOCHROME1 or MONOCHROME2")
    function = str(ds.get(keys.VOILUTFunction) or "").strip().upper() or "LINEAR"
    center = _window_value(ds, keys.WindowCenter, index)
    width = _window_value(ds, keys.WindowWidth, index)
    y_min, y_max = _output_range(ds, arr)
    y_range = y_max - y_min
    out = arr.astype(np.float64)

    if function in ("LINEAR", "LINEAR_EXACT"):
        if function == "LINEAR":
            if width < 1:
                raise InvalidValueError("DS", width, "Window Width must be at least 1 for LINEAR")
            # PS3.3 C.11.2.1.2.1: ((x - (c - 0.5)) / (w - 1) + 0.5) * range + min
            center -= 0.5
            width -= 1
        elif width <= 0:
            raise InvalidValueError("DS", width,
                                    "Window Width must be greater than 0 for LINEAR_EXACT")
        below = out <= (center - width / 2)
        above = out > (center + width / 2)
        between = ~(below | above)
        inside = out[between]
        out[below] = y_min
        out[above] = y_max
        if inside.size:
            out[between] = ((inside - center) / width + 0.5) * y_range + y_min
        return out
    if function == "SIGMOID":
        if width <= 0:
            raise InvalidValueError("DS", width, "Window Width must be greater than 0 for SIGMOID")
        # PS3.3 C.11.2.1.3.1; exp() overflowing to inf gives y_min, as it should.
        with np.errstate(over="ignore"):
            result: Array = y_range / (1 + np.exp(-4 * (out - center) / width)) + y_min
        return result
    raise InvalidValueError("CS", function,
                            "VOI LUT Function must be LINEAR, LINEAR_EXACT or SIGMOID")


# ---------------------------------------------------------------------------
# Presentation LUT
# ---------------------------------------------------------------------------


def apply_presentation_lut(arr: Array, ds: Dataset) -> Array:
    """Apply the Presentation LUT Sequence or Presentation LUT Shape; P-values out.

    With a Presentation LUT Sequence, ``arr`` is scaled linearly from its own minimum
    and maximum onto the LUT's entries (float32 arithmetic, as pydicom does) and looked
    up; entries are masked to the descriptor's bits.  INVERSE gives ``arr.max() - arr``;
    IDENTITY (or nothing) gives ``arr`` itself.

    Differences from pydicom: the LUT's byte order is the value's (pydicom assumes
    little endian), a constant ``arr`` maps to entry 0 (pydicom divides by zero), and
    an empty Presentation LUT Shape counts as absent.
    """
    items = _items(ds, keys.PresentationLUTSequence)
    if items:
        item = items[0]
        where = "Presentation LUT Sequence item 1"
        desc = _descriptor(_required(item, keys.LUTDescriptor, where),
                           "Presentation LUT Descriptor", None)
        lut = _lut_values(_required(item, keys.LUTData, where), desc.entries, desc.bits,
                          "Presentation LUT Data")
        if desc.bits < lut.dtype.itemsize * 8:
            lut = lut & lut.dtype.type(2**desc.bits - 1)
        scaled = arr.astype(np.float32)
        scaled -= scaled.min()
        top = scaled.max()
        if top > 0:
            scaled /= top / (desc.entries - 1)
        index = scaled.astype(np.uint16)
        np.clip(index, 0, lut.shape[0] - 1, out=index)
        result: Array = lut[index]
        return result

    shape = str(ds.get(keys.PresentationLUTShape) or "").strip().upper()
    if shape in ("", "IDENTITY"):
        return arr
    if shape == "INVERSE":
        inverted: Array = arr.max() - arr
        return inverted
    raise InvalidValueError("CS", shape, "Presentation LUT Shape must be IDENTITY or INVERSE")

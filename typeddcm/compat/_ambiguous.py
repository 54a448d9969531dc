"""pydicom's ``correct_ambiguous_vr`` and ``correct_ambiguous_vr_element``.

Some dictionary VRs are ambiguous ("US or SS", "OB or OW", "US or OW", "US or SS or
OW"); which one an element has depends on other elements (PS3.5 A.1, PS3.3
C.7.6.3, C.10.9.1, C.11.1.1.1).  Our reader and our datasets decide when an element
is read or set, so elements of a compat Dataset always have one VR; these
functions settle the VR of elements that still carry an ambiguous one (free
DataElements, raw elements from ``data_element_generator``), with pydicom's rules:

* Pixel Data (7FE0,0010): OB when encapsulated (undefined length); OW for implicit
  VR data; else OW when Bits Allocated > 8, OB otherwise;
* "US or SS" tags: SS when Pixel Representation (here or in an enclosing dataset)
  is 1, else US (US too when there is neither it nor Pixel Data); bytes values
  become numbers;
* Waveform tags (5400,0110/0112/100A/1010): OW for implicit VR or Waveform Bits
  Allocated > 8, else OB;
* LUT Data (0028,3006): US when the LUT Descriptor's first value is 1, else OW;
* Overlay Data (60xx,3000): OW.

A missing element needed to decide is ``AttributeError`` naming the tag.
"""

from __future__ import annotations

from typing import Any

from typeddcm.codec.charset import DEFAULT_CHARACTER_SET
from typeddcm.codec.values import decode_value

from . import _values
from .dataelem import DataElement, RawDataElement, convert_raw_data_element

__all__ = ["correct_ambiguous_vr", "correct_ambiguous_vr_element"]

AMBIGUOUS_VR = frozenset({"US or SS", "US or OW", "US or SS or OW", "OB or OW"})
_US_SS_TAGS = frozenset({0x00189810, 0x00221452, 0x00280104, 0x00280105, 0x00280106,
                         0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111,
                         0x00280120, 0x00280121, 0x00281101, 0x00281102, 0x00281103,
                         0x00283002, 0x00409211, 0x00409216, 0x00603004, 0x00603006})
_OB_OW_TAGS = frozenset({0x54000110, 0x54000112, 0x5400100A, 0x54001010})
_OVERLAY_DATA_TAGS = frozenset((group << 16) | 0x3000 for group in range(0x6000, 0x601F, 2))


def _read_implicit(ds: Any) -> bool:
    """Whether ``ds`` was read (or is to be written) as implicit VR."""
    read = getattr(ds, "read_implicit_vr", None)
    if isinstance(read, bool):
        return read
    return bool(getattr(ds, "is_implicit_VR", False))


def _numbers(elem: DataElement, vr: str, little: bool) -> None:
    """Bytes of an element now known to be US/SS: the numbers they encode."""
    if elem.VM == 0:
        return
    value = elem.value
    first = value[0] if isinstance(value, list) else value
    if isinstance(first, (bytes, bytearray, memoryview)) or isinstance(value, (bytes, bytearray)):
        core, _ = decode_value(vr, memoryview(bytes(value)), little_endian=little,
                               charset=DEFAULT_CHARACTER_SET)
        elem.value = _values.to_python(core)


def _set_vr(elem: DataElement, vr: str) -> None:
    elem.VR = vr
    if elem._owner is not None and elem.value is not None:
        elem.value = elem.value  # a bound element: the dataset takes the VR too


def _pixel_representation(ancestors: list[Any], ds: Any) -> int:
    for dataset in ancestors:
        value = getattr(dataset, "PixelRepresentation", None)
        if value is not None:
            return int(value)
    if "PixelRepresentation" not in ds and "PixelData" not in ds:
        return 0
    return 0 if getattr(ds, "PixelRepresentation", 1) == 0 else 1


def _correct(elem: DataElement, ancestors: list[Any], little: bool) -> None:
    ds = ancestors[0]
    tag = int(elem.tag)
    if tag == 0x7FE00010:
        if elem.is_undefined_length:
            _set_vr(elem, "OB")
        elif _read_implicit(ds):
            _set_vr(elem, "OW")
        else:
            _set_vr(elem, "OW" if int(ds.BitsAllocated) > 8 else "OB")
    elif tag in _US_SS_TAGS:
        vr = "US" if _pixel_representation(ancestors, ds) == 0 else "SS"
        elem.VR = vr
        _numbers(elem, vr, little)
    elif tag in _OB_OW_TAGS:
        if _read_implicit(ds):
            _set_vr(elem, "OW")
        else:
            _set_vr(elem, "OW" if int(ds.WaveformBitsAllocated) > 8 else "OB")
    elif tag == 0x00283006:
        if ds.LUTDescriptor[0] == 1:
            elem.VR = "US"
            _numbers(elem, "US", little)
        else:
            _set_vr(elem, "OW")
    elif tag in _OVERLAY_DATA_TAGS:
        _set_vr(elem, "OW")


def correct_ambiguous_vr_element(elem: DataElement | RawDataElement, ds: Any,
                                 is_little_endian: bool,
                                 ancestors: list[Any] | None = None,
                                 ) -> DataElement | RawDataElement:
    """Give ``elem`` (in ``ds``) one VR where its VR is ambiguous; else return it as it is.

    A raw element is converted first (and replaces itself in ``ds``).  ``ancestors``
    (pydicom 3): the datasets to look in for Pixel Representation, nearest first
    (default ``[ds]``).
    """
    ancestors = [ds] if ancestors is None else ancestors
    if elem.VR not in AMBIGUOUS_VR:
        return elem
    if isinstance(elem, RawDataElement):
        elem = convert_raw_data_element(elem, ds=ds)
        ds[elem.tag] = elem
    try:
        _correct(elem, ancestors, is_little_endian)
    except AttributeError as exc:
        msg = f"Failed to resolve ambiguous VR for tag {elem.tag}: {exc}"
        raise AttributeError(msg) from exc
    return elem


def correct_ambiguous_vr(ds: Any, is_little_endian: bool,
                         ancestors: list[Any] | None = None) -> Any:
    """Settle every ambiguous VR in ``ds`` and in its sequences' items; ``ds``."""
    ancestors = [ds] if ancestors is None else ancestors
    for elem in list(ds.elements()):
        if elem.VR == "SQ":
            for item in ds[elem.tag].value or ():
                ancestors.insert(0, item)
                correct_ambiguous_vr(item, is_little_endian, ancestors)
        elif elem.VR in AMBIGUOUS_VR:
            correct_ambiguous_vr_element(elem, ds, is_little_endian, ancestors)
    del ancestors[0]
    return ds

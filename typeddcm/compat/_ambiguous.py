"""pydicom's ``correct_ambiguous_vr`` and ``correct_ambiguous_vr_element``.

Some dictionary VRs are ambiguous ("US or SS", "OB or OW", "US or OW", "US or SS or
OW"); which one an element has depends on other elements (PS3.5 A.1, PS3.3
C.7.6.3, C.10.9.1, C.11.1.1.1).  pydicom keeps such an element's VR ambiguous until
it is written; a compat Dataset gives every element one VR when it is set (its
own rules, compat/_values.py), except for bytes given for a "US or SS" (or "US or
OW") tag: numbers whose byte order only the writing says, held as UN until then.
These functions settle, with pydicom's rules:

* free DataElements and raw elements still carrying an ambiguous VR;
* elements of a dataset held as UN for that reason (their bytes become numbers in
  the byte order asked for);
* elements of a dataset whose VR the dataset chose when they were set (not those
  read from a file, whose VR the file or the reader gave), when pydicom's rule
  picks another VR; bytes stay the same bytes.

The rules:

* Pixel Data (7FE0,0010): OB when encapsulated (undefined length); OW for implicit
  VR data; else OW when Bits Allocated > 8, OB otherwise;
* "US or SS" tags: SS when Pixel Representation (here or in an enclosing dataset,
  nearest first) is 1, else US (US too when there is neither it nor Pixel Data);
  bytes values become numbers;
* Waveform tags (5400,0110/0112/100A/1010): OW for implicit VR or Waveform Bits
  Allocated > 8, else OB;
* LUT Data (0028,3006): US when the LUT Descriptor's first value is 1, else OW;
* Overlay Data (60xx,3000): OW.

A missing element needed to decide is ``AttributeError`` naming the tag.
"""

from __future__ import annotations

from typing import Any

from typeddcm.codec.charset import DEFAULT_CHARACTER_SET
from typeddcm.codec.reader import RawValue
from typeddcm.codec.values import decode_value, encode_value
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.element import Element
from typeddcm.errors import InvalidValueError
from typeddcm.vr import OB, OW, SS, US, AnyVR

from . import _values
from .dataelem import DataElement, RawDataElement, convert_raw_data_element

__all__ = ["correct_ambiguous_vr", "correct_ambiguous_vr_element", "has_unsettled",
           "settle_for_writing"]

AMBIGUOUS_VR = frozenset({"US or SS", "US or OW", "US or SS or OW", "OB or OW"})
_US_SS_TAGS = frozenset({0x00189810, 0x00221452, 0x00280104, 0x00280105, 0x00280106,
                         0x00280107, 0x00280108, 0x00280109, 0x00280110, 0x00280111,
                         0x00280120, 0x00280121, 0x00281101, 0x00281102, 0x00281103,
                         0x00283002, 0x00409211, 0x00409216, 0x00603004, 0x00603006})
_OB_OW_TAGS = frozenset({0x54000110, 0x54000112, 0x5400100A, 0x54001010})
_OVERLAY_DATA_TAGS = frozenset((group << 16) | 0x3000 for group in range(0x6000, 0x601F, 2))
_PIXEL_DATA, _LUT_DATA = 0x7FE00010, 0x00283006
#: Every tag the rules settle.
_SETTLED = _US_SS_TAGS | _OB_OW_TAGS | _OVERLAY_DATA_TAGS | {_PIXEL_DATA, _LUT_DATA}
_NUMBERS = frozenset({"US", "SS"})
_NUMBER_CLASSES: dict[str, type[US] | type[SS]] = {"US": US, "SS": SS}
_BYTE_CLASSES: dict[str, type[OB] | type[OW]] = {"OB": OB, "OW": OW}
_BYTES = frozenset({"OB", "OW", "UN"})


def _read_implicit(ds: Any) -> bool:
    """Whether ``ds`` was read (or is to be written) as implicit VR."""
    read = getattr(ds, "read_implicit_vr", None)
    if isinstance(read, bool):
        return read
    return bool(getattr(ds, "is_implicit_VR", False))


def _pixel_representation(ancestors: list[Any], ds: Any) -> int:
    for dataset in ancestors:
        value = getattr(dataset, "PixelRepresentation", None)
        if value is not None:
            return int(value)
    if "PixelRepresentation" not in ds and "PixelData" not in ds:
        return 0  # no pixel data: the value is unused, and US will do
    # Pixel data and no Pixel Representation: AttributeError naming it, as pydicom.
    return 0 if ds.PixelRepresentation == 0 else 1


def _target(tag: int, undefined: bool, ancestors: list[Any]) -> str | None:
    """The VR pydicom's rules give ``tag`` (None for a tag they do not settle)."""
    ds = ancestors[0]
    if tag == _PIXEL_DATA:
        if undefined:
            return "OB"
        if _read_implicit(ds):
            return "OW"
        return "OW" if int(ds.BitsAllocated) > 8 else "OB"
    if tag in _US_SS_TAGS:
        return "US" if _pixel_representation(ancestors, ds) == 0 else "SS"
    if tag in _OB_OW_TAGS:
        if _read_implicit(ds):
            return "OW"
        return "OW" if int(ds.WaveformBitsAllocated) > 8 else "OB"
    if tag == _LUT_DATA:
        return "US" if ds.LUTDescriptor[0] == 1 else "OW"
    if tag in _OVERLAY_DATA_TAGS:
        return "OW"
    return None


def _numbers(elem: DataElement, vr: str, little: bool) -> None:
    """Bytes of a free element now known to be US/SS: the numbers they encode."""
    if elem.VM == 0:
        return
    value = elem.value
    first = value[0] if isinstance(value, list) else value
    if isinstance(first, (bytes, bytearray, memoryview)) or isinstance(value, (bytes, bytearray)):
        core, _ = decode_value(vr, memoryview(bytes(value)), little_endian=little,
                               charset=DEFAULT_CHARACTER_SET)
        elem.value = _values.to_python(core)


def _correct_free(elem: DataElement, ancestors: list[Any], little: bool) -> None:
    """A free element with an ambiguous VR: its VR, and numbers for bytes of US/SS."""
    vr = _target(int(elem.tag), bool(elem.is_undefined_length), ancestors)
    if vr is None:
        return
    elem.VR = vr
    if vr in _NUMBERS:
        _numbers(elem, vr, little)


def _as_read(element: Element) -> bool:
    """Whether the element still holds what was read (its VR is the file's or reader's)."""
    return isinstance(element._raw, RawValue)


def _resettled(current: AnyVR, vr: str, little: bool) -> AnyVR | None:
    """``current`` as VR ``vr`` (None when it cannot be, or needs no change)."""
    code = current.code
    if code == vr:
        return None
    if code in _BYTES:
        data = current.data.tobytes()  # type: ignore[union-attr]
        if vr in _NUMBERS:
            decoded, _ = decode_value(vr, memoryview(data), little_endian=little,
                                      charset=DEFAULT_CHARACTER_SET)
            return decoded
        # The same bytes, in the file's byte order already (odd lengths kept: pydicom
        # keeps them, and the writer pads).
        return _BYTE_CLASSES[vr].from_buffer(data, little_endian=little)
    if code in _NUMBERS:
        try:
            if vr in _NUMBERS:
                return _NUMBER_CLASSES[vr](list(current.values))  # type: ignore[arg-type]
            data = encode_value(current, little_endian=little, charset=DEFAULT_CHARACTER_SET)
            return _BYTE_CLASSES[vr].from_buffer(data, little_endian=little)
        except InvalidValueError:
            return None  # a value the other VR cannot hold: left as it is
    return None


def _correct_bound(ds: Any, tag: int, ancestors: list[Any], little: bool,
                   strict: bool = True) -> None:
    """Element ``tag`` of ``ds``: settled by the rules unless it is as it was read.

    Not ``strict`` (settling before a write): an element that already has a VR of its
    own (given, or chosen when it was set) keeps it when what the rule needs is missing;
    only one held as UN until the byte order is known needs it (AttributeError).
    """
    element = ds.freeze().get(tag)
    if element is None or _as_read(element):
        return
    try:
        vr = _target(tag, element.undefined_length, ancestors)
    except AttributeError:
        if strict or element.code == "UN":
            raise
        return
    if vr is None:
        return
    new = _resettled(element.vr, vr, little)
    if new is not None:
        ds._set_vr_object(tag, new)


def _failed(tag: int, exc: AttributeError) -> AttributeError:
    return AttributeError(f"Failed to resolve ambiguous VR for tag "
                          f"({tag >> 16:04X},{tag & 0xFFFF:04X}): {exc}")


def correct_ambiguous_vr_element(elem: DataElement | RawDataElement, ds: Any,
                                 is_little_endian: bool,
                                 ancestors: list[Any] | None = None,
                                 ) -> DataElement | RawDataElement:
    """Give ``elem`` (in ``ds``) the VR pydicom's rules give it; other elements are
    returned as they are.

    A raw element with an ambiguous VR is converted and replaces itself in ``ds``
    (the settled element of ``ds`` is returned).  ``ancestors`` (pydicom 3): the
    datasets to look in for Pixel Representation, nearest first (default ``[ds]``).
    ``AttributeError`` when an element the rule needs is missing.
    """
    ancestors = [ds] if ancestors is None else ancestors
    tag = int(elem.tag)
    try:
        if isinstance(elem, RawDataElement):
            if elem.VR not in AMBIGUOUS_VR:
                return elem
            ds[tag] = convert_raw_data_element(elem, ds=ds)
            _correct_bound(ds, tag, ancestors, is_little_endian)
            return ds[tag]  # type: ignore[no-any-return]
        owner = elem._owner
        if owner is None:
            if elem.VR in AMBIGUOUS_VR:
                _correct_free(elem, ancestors, is_little_endian)
            return elem
        if tag in _SETTLED:
            _correct_bound(owner, tag, ancestors if owner is ancestors[0] else [owner, *ancestors],
                           is_little_endian)
            return owner[tag]  # type: ignore[no-any-return]
    except AttributeError as exc:
        raise _failed(tag, exc) from exc
    return elem


def correct_ambiguous_vr(ds: Any, is_little_endian: bool,
                         ancestors: list[Any] | None = None) -> Any:
    """Settle every ambiguous VR in ``ds`` and in its sequences' items; ``ds``."""
    return _settle(ds, is_little_endian, [ds] if ancestors is None else ancestors, True)


def settle_for_writing(ds: Any, is_little_endian: bool) -> None:
    """What dcmwrite and write_dataset settle before writing ``ds`` (see _correct_bound)."""
    _settle(ds, is_little_endian, [ds], False)


def _settle(ds: Any, is_little_endian: bool, ancestors: list[Any], strict: bool) -> Any:
    core: CoreDataset = ds.freeze()
    for element in core.elements():
        tag = int(element.tag)
        if element.code == "SQ":
            if _as_read(element):
                continue  # unchanged since read: its items' VRs are the file's
            for item in ds[tag].value or ():
                ancestors.insert(0, item)
                _settle(item, is_little_endian, ancestors, strict)
        elif tag in _SETTLED and not _as_read(element):
            try:
                _correct_bound(ds, tag, ancestors, is_little_endian, strict)
            except AttributeError as exc:
                raise _failed(tag, exc) from exc
    del ancestors[0]
    return ds


def has_unsettled(core: CoreDataset) -> bool:
    """Whether ``core`` (or an item in it) has an element the rules settle that was set
    rather than read: what dcmwrite settles (correct_ambiguous_vr) before writing."""
    for element in core.elements():
        if _as_read(element):
            continue
        if int(element.tag) in _SETTLED:
            return True
        if element.code == "SQ" and any(has_unsettled(item) for item in element.vr.values):  # type: ignore[arg-type]
            return True
    return False

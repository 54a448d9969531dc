"""Turning what a user passes to ``Dataset.set`` into a VR object.

Strategy: a VR object passes through (after a check that the dictionary allows
its VR); a natural Python value is converted by the VR the dictionary gives the
tag.  Where PS3.6 gives a choice ("US or SS", "OB or OW") the dataset decides as
PS3.5 says: Pixel Representation picks SS over US, Bits Allocated above 8 picks
OW over OB; the value's own type settles the rest (bytes are OW, ints US/SS).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from typeddcm._numpy import is_ndarray
from typeddcm.errors import InvalidValueError
from typeddcm.tag import Tag
from typeddcm.vr import VR, VR_CLASSES, AnyVR

if TYPE_CHECKING:
    from typeddcm.element import Element

__all__ = ["Lookup", "to_vr", "vr_code_for"]

#: How conversion sees the rest of the dataset: tag -> element or None.
Lookup = Callable[[int], "Element | None"]

_PIXEL_REPRESENTATION = 0x00280103
_BITS_ALLOCATED = 0x00280100
_BULK = frozenset({"OB", "OW", "OD", "OF", "OL", "OV", "UN"})


def _first_int(context: Lookup, tag: int) -> int | None:
    elem = context(tag)
    if elem is None:
        return None
    values = elem.vr.values
    if len(values) == 1 and isinstance(values[0], int):
        return int(values[0])
    return None


def _is_bytes_like(value: object) -> bool:
    return isinstance(value, (bytes, bytearray, memoryview)) or (
        is_ndarray(value) and value.dtype.kind not in "iuf"
    )


def resolve_choice(choices: tuple[str, ...], value: object, context: Lookup) -> str:
    """Pick one VR of an ambiguous dictionary entry for ``value`` in ``context``."""
    if _is_bytes_like(value):
        for bulk in ("OW", "OB"):
            if bulk in choices:
                if bulk == "OW" and "OB" in choices:
                    bits = _first_int(context, _BITS_ALLOCATED)
                    return "OW" if bits is not None and bits > 8 else "OB"
                return bulk
    wide_array = is_ndarray(value) and value.dtype.itemsize > 1
    if wide_array and "OW" in choices and not ({"US", "SS"} & set(choices)):
        return "OW"
    if "US" in choices and "SS" in choices:
        signed = _first_int(context, _PIXEL_REPRESENTATION) == 1
        return "SS" if signed else "US"
    for code in choices:
        if code not in _BULK:
            return code
    return choices[0]


def vr_code_for(tag: Tag, dictionary_vr: str, value: object, context: Lookup) -> str:
    """The single VR code to convert ``value`` with, or raise when none is known."""
    if not dictionary_vr:
        what = "private tag" if tag.is_private else "tag"
        msg = (
            f"the dictionary gives no VR for {what} {tag}: pass a VR object, "
            "e.g. LO('value') or OB(b'...')"
        )
        raise InvalidValueError("(no VR)", value, msg)
    if " or " in dictionary_vr:
        return resolve_choice(tuple(dictionary_vr.split(" or ")), value, context)
    return dictionary_vr


def to_vr(tag: Tag, dictionary_vr: str, value: Any, context: Lookup) -> AnyVR:
    """Convert ``value`` for ``tag`` into a VR object (VR objects are checked and kept)."""
    if isinstance(value, VR):
        vr_object: AnyVR = value  # type: ignore[assignment]  # VR is the base of every AnyVR
        allowed = dictionary_vr.split(" or ") if dictionary_vr else []
        if allowed and vr_object.code not in allowed and vr_object.code != "UN":
            msg = f"the dictionary gives {tag} the VR {dictionary_vr}, not {vr_object.code}"
            raise InvalidValueError(vr_object.code, value, msg)
        return vr_object
    code = vr_code_for(tag, dictionary_vr, value, context)
    cls = VR_CLASSES[code]
    try:
        return cls(value)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, InvalidValueError):
            raise
        raise InvalidValueError(code, value, f"cannot convert for {tag}: {exc}") from exc

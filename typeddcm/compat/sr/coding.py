"""pydicom's ``sr.coding``: :class:`Code`, a coded concept as a named tuple.

Two codes are equal when their value, coding scheme and scheme version are equal
(the meaning is a label and does not count).  A legacy SNOMED-RT code (scheme
``SRT``) that PS3.16 maps to SNOMED CT compares as that SNOMED CT code, so codes
read from older SR documents match ``codes.SCT.*``; the map is read the first
time an ``SRT`` code is compared or hashed.
"""

from __future__ import annotations

from typing import NamedTuple

from . import _data

__all__ = ["Code"]


def _canonical(scheme_designator: str, value: str) -> tuple[str, str]:
    """(scheme, value), with a mapped SNOMED-RT code replaced by its SNOMED CT code."""
    if scheme_designator == "SRT" and isinstance(value, str):
        sct = _data.srt_to_sct().get(value)
        if sct is not None:
            return "SCT", sct
    return scheme_designator, value


class Code(NamedTuple):
    """A coded concept: code *value*, coding *scheme designator*, code *meaning*
    and, optionally, the coding *scheme version*.

    Equality and hashing ignore the meaning and treat a mapped SNOMED-RT (``SRT``)
    code as its SNOMED CT (``SCT``) code, as pydicom does.  The hash is pydicom's
    (of scheme designator + value, which other libraries' coded concepts copy so that
    both kinds of key meet in one dict), except that a mapped ``SRT`` code hashes as
    its SNOMED CT code, so equal codes hash equal.  Any object with ``value``,
    ``scheme_designator`` and ``scheme_version`` attributes (a ``CodedConcept``
    dataset, pydicom's own ``Code``) compares too.
    """

    value: str
    scheme_designator: str
    meaning: str
    scheme_version: str | None = None

    def __hash__(self) -> int:
        # pydicom's hash, of scheme + value: code that mixes its own coded-concept class
        # with Code in one dict (highdicom's CodedConcept hashes so) finds its keys.  A
        # mapped SRT code hashes as its SCT code, so that equal codes hash equal.
        scheme, value = self[1], self[0]
        if scheme == "SRT":
            scheme, value = _canonical(scheme, value)
        return hash(scheme + value)

    def __eq__(self, other: object) -> bool:
        try:
            other_value = other.value  # type: ignore[attr-defined]
            other_scheme = other.scheme_designator  # type: ignore[attr-defined]
            other_version = other.scheme_version  # type: ignore[attr-defined]
        except AttributeError:
            # Not a coded concept: let the other side (or identity) decide, where
            # pydicom raises AttributeError.
            return NotImplemented
        if self.scheme_version != other_version:
            return False
        scheme_designator, value = self.scheme_designator, self.value
        if scheme_designator == "SRT" or other_scheme == "SRT":
            scheme_designator, value = _canonical(scheme_designator, value)
            other_scheme, other_value = _canonical(other_scheme, other_value)
        return bool(value == other_value and scheme_designator == other_scheme)

    def __ne__(self, other: object) -> bool:
        # tuple's own __ne__ would compare field by field, meaning included.
        equal = self.__eq__(other)
        if equal is NotImplemented:
            return NotImplemented
        return not equal

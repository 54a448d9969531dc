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
    code as its SNOMED CT (``SCT``) code, as pydicom does; unlike pydicom's, the
    hash of an ``SRT`` code is that of its SNOMED CT code, so equal codes hash
    equal (it is the hash of the value, not pydicom's of scheme + value).  Any object with ``value``, ``scheme_designator`` and ``scheme_version``
    attributes (a ``CodedConcept`` dataset, pydicom's own ``Code``) compares too.
    """

    value: str
    scheme_designator: str
    meaning: str
    scheme_version: str | None = None

    def __hash__(self) -> int:
        # The value alone: equal codes have equal values (a mapped SRT code hashes as
        # its SCT value), and a str caches its hash, where pydicom's hash of
        # scheme + value builds and hashes a new string on every call.
        if self[1] == "SRT":
            return hash(_canonical(self[1], self[0])[1])
        return hash(self[0])

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

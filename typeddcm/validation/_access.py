"""What every check reads from a dataset the same way: a tag as the path text of a
finding, and an element's values without raising (absent or undecodable is None; the
encoding checks report why a value cannot be decoded)."""

from __future__ import annotations

from typeddcm.dataset import Dataset
from typeddcm.errors import DicomError
from typeddcm.tag import tag_text  # a tag as findings' paths write it, as str(Tag) does

__all__ = ["element_values", "first_text", "tag_text"]


def element_values(level: Dataset, tag: int) -> tuple[object, ...] | None:
    """The values of ``tag`` at ``level`` (None when absent or undecodable)."""
    element = level.get(tag)
    if element is None:
        return None
    try:
        return tuple(element.vr.values)
    except (DicomError, ValueError):
        return None


def first_text(level: Dataset, tag: int) -> str | None:
    """The first value of ``tag`` as upper-case text without padding, or None."""
    values = element_values(level, tag)
    if not values:
        return None
    return str(values[0]).strip().upper()

"""Element: one data element, a tag and the VR object holding its values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typeddcm.errors import FrozenDatasetError
from typeddcm.tag import Tag, TagLike, as_tag
from typeddcm.vr import VR, AnyVR

__all__ = ["Element"]


class Element:
    """A data element: its tag and its value as a VR object; frozen.

    ``keyword`` and ``name`` come from the data dictionary; they are looked up on
    access rather than stored, so an element costs two references.
    """

    __slots__ = ("tag", "vr")

    if TYPE_CHECKING:  # read-only for mypy; slots at run time

        @property
        def tag(self) -> Tag: ...

        @property
        def vr(self) -> AnyVR: ...

    def __init__(self, tag: TagLike, vr: AnyVR) -> None:
        checked: object = vr  # callers without type checking may pass anything
        if not isinstance(checked, VR):
            msg = f"an Element holds a VR object (e.g. LO('x')), not {type(vr).__name__}"
            raise TypeError(msg)
        object.__setattr__(self, "tag", as_tag(tag))
        object.__setattr__(self, "vr", vr)

    @classmethod
    def _make(cls, tag: Tag, vr: AnyVR) -> Element:
        """Build without checks: for code that already holds a Tag and a VR object."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "tag", tag)
        object.__setattr__(obj, "vr", vr)
        return obj

    if not TYPE_CHECKING:  # hidden so that assignments are type errors too

        def __setattr__(self, name, value):
            msg = "Element is immutable: use Dataset.set() to derive a changed dataset"
            raise FrozenDatasetError(msg)

        def __delattr__(self, name):
            msg = "Element is immutable"
            raise FrozenDatasetError(msg)

    @property
    def code(self) -> str:
        """The VR code of the value, e.g. ``"PN"``."""
        return self.vr.code

    @property
    def keyword(self) -> str:
        """The dictionary keyword, or ``""`` for private and unknown tags."""
        from typeddcm.dictionary import keyword_for_tag

        return keyword_for_tag(self.tag)

    @property
    def name(self) -> str:
        """The dictionary name; private and unknown tags get a descriptive placeholder."""
        from typeddcm.dictionary import lookup

        entry = lookup(self.tag)
        if entry is not None and entry.name:
            return entry.name
        return "Private tag data" if self.tag.is_private else "Unknown element"

    @property
    def vm(self) -> int:
        """The value multiplicity."""
        return self.vr.vm

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return self.tag == other.tag and (self.vr is other.vr or self.vr == other.vr)

    def __hash__(self) -> int:
        return hash((int(self.tag), self.vr))

    def __repr__(self) -> str:
        return f"Element({self.tag}, {self.vr!r})"

    def __str__(self) -> str:
        return f"{self.tag} {self.name} {self.code}: {self.vr}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Element, (int(self.tag), self.vr))

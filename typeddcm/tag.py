"""Tag: a DICOM (group, element) pair that behaves like its 32-bit integer.

``Tag`` subclasses ``int`` so that hashing, ordering and dictionary lookups run at
C speed and a ``Tag`` can key the same dicts as a plain ``int``.
"""

from __future__ import annotations

from typing import TypeAlias

from typeddcm.errors import InvalidTagError, UnknownKeywordError

__all__ = ["Tag", "TagLike", "as_tag", "describe_tag", "tag_path", "tag_text"]

#: Everything accepted where a tag is expected.
TagLike: TypeAlias = "int | str | tuple[int, int]"

_MAX = 0xFFFFFFFF


class Tag(int):
    """A DICOM tag, ordered and hashed like its integer ``(group << 16) | element``."""

    __slots__ = ()

    def __new__(cls, value: TagLike, element: int | None = None) -> Tag:
        if type(value) is int and element is None and 0 <= value <= _MAX:
            return int.__new__(cls, value)  # the common case, without the checks below
        return cls._build(value, element)

    @classmethod
    def _build(cls, value: object, element: int | None) -> Tag:
        # ``value: object``: callers without type checking pass anything; check it all.
        if element is not None:
            if not isinstance(value, int) or isinstance(value, bool):
                msg = f"a tag's group must be an int, not {type(value).__name__}"
                raise InvalidTagError(msg)
            return cls._from_pair(value, element)
        if isinstance(value, Tag):
            return value
        if isinstance(value, bool):
            msg = "a bool is not a tag"
            raise InvalidTagError(msg)
        if isinstance(value, int):
            if not 0 <= value <= _MAX:
                msg = f"tag {value:#x} is out of range 0..0xFFFFFFFF"
                raise InvalidTagError(msg)
            return int.__new__(cls, value)
        if isinstance(value, str):
            return cls._from_keyword(value)
        if isinstance(value, tuple) and len(value) == 2:
            group, elem = value
            if isinstance(group, int) and isinstance(elem, int):
                return cls._from_pair(group, elem)
        msg = f"cannot make a tag from {value!r}"
        raise InvalidTagError(msg)

    @classmethod
    def _from_pair(cls, group: int, element: int) -> Tag:
        if not (0 <= group <= 0xFFFF and 0 <= element <= 0xFFFF):
            msg = f"tag ({group:#x}, {element:#x}) is out of range: group and element are 0..0xFFFF"
            raise InvalidTagError(msg)
        return int.__new__(cls, (group << 16) | element)

    @classmethod
    def _from_keyword(cls, keyword: str) -> Tag:
        # Imported here: the dictionary is pure data and must not be needed to import Tag.
        from typeddcm.dictionary import tag_for_keyword

        found = tag_for_keyword(keyword)
        if found is None:
            msg = f"{keyword!r} is not a keyword of the DICOM data dictionary"
            raise UnknownKeywordError(msg, keyword)
        return int.__new__(cls, found)

    @property
    def group(self) -> int:
        """The group number (upper 16 bits)."""
        return int(self) >> 16

    @property
    def element(self) -> int:
        """The element number (lower 16 bits)."""
        return int(self) & 0xFFFF

    @property
    def is_private(self) -> bool:
        """True for tags in an odd group (PS3.5 7.8), excluding the illegal groups 1, 3, 5, 7 and FFFF."""
        group = int(self) >> 16
        return bool(group & 1) and group not in (1, 3, 5, 7, 0xFFFF)

    @property
    def is_private_creator(self) -> bool:
        """True for (gggg,0010)-(gggg,00FF) in a private group: they reserve a block."""
        return self.is_private and 0x0010 <= (int(self) & 0xFFFF) <= 0x00FF

    @property
    def is_group_length(self) -> bool:
        """True for the group length element (gggg,0000)."""
        return (int(self) & 0xFFFF) == 0

    def __str__(self) -> str:
        return tag_text(int(self))

    def __repr__(self) -> str:
        return f"Tag(0x{int(self):08X})"

    def __reduce__(self) -> tuple[type[Tag], tuple[int]]:
        return (Tag, (int(self),))


def as_tag(value: TagLike) -> Tag:
    """Return ``value`` as a :class:`Tag` (a fast path for values that already are)."""
    if type(value) is Tag:
        return value
    return Tag(value)


def tag_text(tag: int) -> str:
    """"(gggg,eeee)": how a tag is written; ``str(Tag)``, and for code holding a plain int."""
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def describe_tag(tag: int) -> str:
    """``PatientName (0010,0010)`` for a dictionary tag, ``(0009,1010)`` for others (messages)."""
    from typeddcm.dictionary import keyword_for_tag

    keyword = keyword_for_tag(tag)
    text = str(Tag(tag))
    return f"{keyword} {text}" if keyword else text


def tag_path(steps: tuple[int | Tag, ...]) -> str:
    """Format a path of tags and item indexes as ``(0008,1115)[0](0008,1150)``."""
    parts = []
    for step in steps:
        if isinstance(step, Tag):
            parts.append(str(step))
        else:
            parts.append(f"[{step}]")
    return "".join(parts)

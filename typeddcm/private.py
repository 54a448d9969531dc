"""Private blocks: a creator reserves (gggg,00BB) and owns elements (gggg,BB00-BBFF).

PS3.5 7.8.1: in an odd group, a Private Creator element (gggg,0010-00FF) holds a
creator's identification; its element number BB then names the block of data
elements (gggg,BB00-BBFF) that creator owns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from typeddcm.errors import InvalidTagError, InvalidValueError
from typeddcm.tag import Tag

if TYPE_CHECKING:
    from typeddcm.element import Element

__all__ = ["PrivateBlock", "find_block", "block_of"]


@attrs.frozen
class PrivateBlock:
    """A block ``block`` (0x10-0xFF) reserved by ``creator`` in the odd ``group``."""

    group: int
    creator: str
    block: int

    @property
    def creator_tag(self) -> Tag:
        """The Private Creator element that reserves the block: (gggg,00BB)."""
        return Tag(self.group, self.block)

    def tag(self, offset: int) -> Tag:
        """The tag of element ``offset`` (0x00-0xFF) of the block: (gggg,BBoo)."""
        if not 0 <= offset <= 0xFF:
            msg = f"a private element offset is 0x00..0xFF, not {offset:#x}"
            raise InvalidTagError(msg)
        return Tag(self.group, (self.block << 8) | offset)


def _check_group(group: int) -> None:
    if not (group & 1) or group in (1, 3, 5, 7) or not 0 < group < 0xFFFF:
        msg = f"private elements live in odd groups other than 1, 3, 5, 7 and FFFF, not {group:#06x}"
        raise InvalidTagError(msg)


def _creator_text(elem: Element) -> str | None:
    values = elem.vr.values
    if len(values) != 1 or not isinstance(values[0], str):
        return None
    return values[0].strip(" \x00")


def find_block(elements: Mapping[Tag, Element], group: int, creator: str) -> PrivateBlock | None:
    """The block ``creator`` reserved in ``group``, or None."""
    _check_group(group)
    wanted = creator.strip(" \x00")
    for block in range(0x10, 0x100):
        elem = elements.get(Tag(group, block))
        if elem is not None and _creator_text(elem) == wanted:
            return PrivateBlock(group, creator, block)
    return None


def block_of(elements: Mapping[Tag, Element], group: int, creator: str) -> PrivateBlock:
    """The first free block of ``group`` for ``creator`` (the caller adds the creator element)."""
    _check_group(group)
    if not creator.strip(" \x00"):
        raise InvalidValueError("LO", creator, "a private creator must not be empty")
    for block in range(0x10, 0x100):
        if Tag(group, block) not in elements:
            return PrivateBlock(group, creator, block)
    raise InvalidValueError("LO", creator, f"every private block of group {group:04X} is taken")

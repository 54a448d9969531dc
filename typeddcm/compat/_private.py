"""Private blocks as pydicom 2.x/3.x show them: ``ds.private_block(group, creator)``.

The block rules (PS3.5 7.8.1: a Private Creator element (gggg,00BB) reserves the
elements (gggg,BB00)-(gggg,BBFF)) are the core's (typeddcm/private.py); this module
gives them pydicom's shape and exceptions: ValueError for an even group or an empty
creator, KeyError for a creator not in the group.  A PrivateBlock is a small handle
made per call (pydicom caches one per dataset; a cached block would refer back to its
dataset, a reference cycle, and costs little to make).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

from typeddcm.errors import InvalidTagError
from typeddcm.private import block_of, find_block

from .tag import BaseTag, Tag

if TYPE_CHECKING:
    from .dataelem import DataElement
    from .dataset import Dataset

__all__ = ["PrivateBlock", "find_private_block", "private_creators"]


class PrivateBlock:
    """The elements ``creator`` reserved in ``group`` of ``dataset``, by element offset.

    A dataset caches its blocks, so a block refers to its dataset weakly (a strong
    reference back would be a cycle) and to the dataset's tree strongly: while the
    dataset lives, ``dataset`` is that object; after, a new handle on the same place
    of the same tree (the same data).
    """

    __slots__ = ("_dataset", "_loc", "block_start", "group", "private_creator")

    def __init__(self, key: tuple[int, str], dataset: Dataset, private_creator_element: int) -> None:
        self.group = key[0]
        self.private_creator = key[1]
        self._dataset = weakref.ref(dataset)
        self._loc = dataset._loc
        #: The first element number of the block: (BB << 8) for the creator (gggg,00BB).
        self.block_start = private_creator_element << 8

    @property
    def dataset(self) -> Dataset:
        """The dataset the block belongs to."""
        dataset = self._dataset()
        if dataset is None:
            from .dataset import Dataset

            dataset = Dataset._view(*self._loc)
            self._dataset = weakref.ref(dataset)
        return dataset

    def get_tag(self, element_offset: int) -> BaseTag:
        """The tag (gggg,BBoo) of element ``element_offset`` (0x00-0xFF) of the block."""
        if not 0 <= element_offset <= 0xFF:
            msg = f"Element offset must be less than 256, not {element_offset}"
            raise ValueError(msg)
        return Tag(self.group, self.block_start + element_offset)

    def __contains__(self, element_offset: int) -> bool:
        return self.get_tag(element_offset) in self.dataset

    def __getitem__(self, element_offset: int) -> DataElement:
        """The element at ``element_offset``; KeyError when it is absent."""
        element: DataElement = self.dataset[self.get_tag(element_offset)]
        return element

    def __delitem__(self, element_offset: int) -> None:
        del self.dataset[self.get_tag(element_offset)]

    def add_new(self, element_offset: int, VR: str, value: Any) -> None:
        """Add (or replace) element ``element_offset`` of the block with ``VR`` and ``value``."""
        self.dataset.add_new(self.get_tag(element_offset), VR, value)

    def __repr__(self) -> str:
        return (f"PrivateBlock(group=0x{self.group:04X}, private_creator={self.private_creator!r}, "
                f"block_start=0x{self.block_start:04X})")


def _check(group: int, creator: str | None = None) -> None:
    if group % 2 == 0:
        msg = f"Tag must be private if private creator is given: group 0x{group:04X} is even"
        raise ValueError(msg)
    if creator is not None and not creator:
        raise ValueError("Private creator must have a value")


def find_private_block(ds: Dataset, group: int, private_creator: str, create: bool) -> PrivateBlock:
    """``Dataset.private_block``: the block of ``private_creator`` in ``group``.

    With ``create``, a creator not yet in the group reserves the first free block
    (its Private Creator element is added, VR LO); without, it is a KeyError.
    """
    _check(group, private_creator)
    try:
        found = find_block(ds._core, group, private_creator)
    except InvalidTagError as error:  # groups 1, 3, 5, 7, FFFF hold no private elements
        raise ValueError(str(error)) from None
    if found is None:
        if not create:
            msg = f"Private creator '{private_creator}' not found"
            raise KeyError(msg)
        found = block_of(ds._core, group, private_creator)
        ds.add_new(int(found.creator_tag), "LO", private_creator)
    block = PrivateBlock((group, private_creator), ds, found.block)
    ds._remember_block(group, private_creator, block)
    return block


def private_creators(ds: Dataset, group: int) -> list[str]:
    """``Dataset.private_creators``: the creators of the blocks of ``group``, in block order."""
    if group % 2 == 0:
        raise ValueError("Group must be an odd number")
    first, last = (group << 16) | 0x10, (group << 16) | 0xFF
    return [ds[tag].value for tag in ds._core if first <= tag <= last]

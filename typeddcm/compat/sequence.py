"""Sequence: the items of an SQ element, a list of Datasets that writes through.

A Sequence taken from a dataset is bound to it (dataset + tag): indexing gives the
item views (the same object each time), and append/insert/delete/assignment change
the dataset at once, under its lock.  A Sequence made by the user is a plain list
of Datasets until it is assigned to an element.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, MutableSequence
from typing import TYPE_CHECKING, Any, Self, overload

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import SQ

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Sequence"]


def _as_compat(item: object) -> Dataset:
    from .dataset import Dataset

    if isinstance(item, Dataset):
        return item
    if isinstance(item, CoreDataset):
        return Dataset(item)
    msg = f"Sequence contents must be 'Dataset' instances, not {type(item).__name__!r}"
    raise TypeError(msg)


def _many(values: object) -> list[Dataset]:
    """The items of an iterable of Datasets (taken before any is added: ``seq += seq``)."""
    from .dataset import Dataset

    if isinstance(values, (Dataset, CoreDataset)) or not hasattr(values, "__iter__"):
        msg = "An iterable of 'Dataset' is required"
        raise TypeError(msg)
    return [_as_compat(v) for v in values]


class Sequence(MutableSequence["Dataset"]):
    """A list of Datasets: the value of an SQ element."""

    is_undefined_length = False

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        self._owner: Dataset | None = None
        self._tag = 0
        self._items: list[Dataset] = [_as_compat(i) for i in (iterable or ())]

    @classmethod
    def _bound(cls, owner: Dataset, tag: int) -> Sequence:
        seq = cls.__new__(cls)
        seq._owner = owner
        seq._tag = tag
        seq._items = []
        return seq

    def _bind(self, owner: Dataset, tag: int) -> None:
        """This free Sequence was assigned to ``owner``'s element ``tag``: write through from now.

        pydicom code builds ``seq = Sequence(); ds.BeamSequence = seq; seq.append(item)``
        (codify's output does): the list assigned stays the element's value.  A Sequence
        already bound to another element keeps that binding (its items were copied).
        """
        if self._owner is None:
            self._owner, self._tag, self._items = owner, tag, []
            if type(self) is not Sequence:
                owner._keep_sequence(tag, self)  # reads give this object back, as in pydicom

    # --- reading ---------------------------------------------------------------------

    def _path(self) -> tuple[int, ...]:
        assert self._owner is not None
        return (*self._owner._path, self._tag)

    def _core_items(self) -> tuple[CoreDataset, ...]:
        assert self._owner is not None
        element = self._owner._core.get(CoreTag(self._tag))
        if element is None or not isinstance(element.vr, SQ):
            return ()
        return tuple(element.vr.values)

    def _core_values(self) -> Any:
        """The core items (a persistent vector, not copied), () when the element is gone."""
        assert self._owner is not None
        element = self._owner._core._store.get(self._tag)
        if element is None:
            return ()
        vr = element.vr
        return vr.values if isinstance(vr, SQ) else ()

    def __len__(self) -> int:
        if self._owner is None:
            return len(self._items)
        return len(self._core_values())

    @overload
    def __getitem__(self, index: int) -> Dataset: ...

    @overload
    def __getitem__(self, index: slice) -> list[Dataset]: ...

    def __getitem__(self, index: int | slice) -> Dataset | list[Dataset]:
        owner = self._owner
        if owner is None:
            return self._items[index]
        count = len(self._core_values())
        if type(index) is int and 0 <= index < count:  # the common case, checked at once
            return owner._item_view(self._tag, index)
        if isinstance(index, slice):
            return [self._view(i) for i in range(*index.indices(count))]
        if index < 0:
            index += count
        if not 0 <= index < count:
            raise IndexError("Sequence index out of range")
        return self._view(index)

    def _view(self, index: int) -> Dataset:
        assert self._owner is not None
        return self._owner._item_view(self._tag, index)

    def __iter__(self) -> Iterator[Dataset]:
        if self._owner is None:
            yield from self._items
            return
        index = 0
        while index < len(self._core_values()):  # as a list: items added meanwhile come too
            yield self._owner._item_view(self._tag, index)
            index += 1

    # --- changing --------------------------------------------------------------------

    def _write(self, change: Any) -> None:
        """Run ``change(items) -> items`` on the core items, under the lock, and store them."""
        assert self._owner is not None
        owner = self._owner
        with owner._root.lock:
            items = list(self._core_items())
            new_items = change(items)
            owner._set_core_sequence(self._tag, new_items)

    @overload
    def __setitem__(self, index: int, value: Dataset) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[Dataset]) -> None: ...

    def __setitem__(self, index: int | slice, value: Any) -> None:
        if isinstance(index, slice):
            from .dataset import Dataset

            if isinstance(value, (Dataset, CoreDataset)) or not hasattr(value, "__iter__"):
                raise TypeError("Can only assign an iterable of 'Dataset'")
        if self._owner is None:
            if isinstance(index, slice):
                self._items[index] = [_as_compat(v) for v in value]
            else:
                self._items[index] = _as_compat(value)
            return
        if isinstance(index, slice):
            replacement = [_as_compat(v) for v in value]
            with self._owner._root.lock:
                current = [self[i] for i in range(len(self))]
                current[index] = replacement
                self._owner._assign_sequence(self._tag, current)
            return
        item = _as_compat(value)
        root = self._owner._root
        with root.lock:
            count = len(self)
            position = index + count if index < 0 else index
            if not 0 <= position < count:
                raise IndexError("Sequence assignment index out of range")
            path = (*self._path(), position)
            root.detach(path)
            core_item = item._core
            self._write(lambda items: [*items[:position], core_item, *items[position + 1:]])
            root.adopt(item, path)

    def __delitem__(self, index: int | slice) -> None:
        if self._owner is None:
            del self._items[index]
            return
        root = self._owner._root
        with root.lock:
            count = len(self)
            positions = (list(range(*index.indices(count))) if isinstance(index, slice)
                         else [index + count if index < 0 else index])
            for position in sorted(positions, reverse=True):
                if not 0 <= position < count:
                    raise IndexError("Sequence index out of range")
                seq_path = self._path()
                root.detach((*seq_path, position))
                self._write(lambda items, p=position: [*items[:p], *items[p + 1:]])
                root.shift(seq_path, position + 1, -1)
                count -= 1

    # append, extend and += do not go through each other or insert (MutableSequence's
    # would): as in pydicom, a subclass that overrides one of them (highdicom's
    # ContentSequence indexes its items in append and insert) sees each item once.
    def append(self, value: Dataset) -> None:
        self._insert_at(len(self), value)

    def extend(self, values: Iterable[Dataset]) -> None:
        for item in _many(values):
            self._insert_at(len(self), item)

    def __iadd__(self, values: Iterable[Dataset]) -> Self:
        self.extend(values)
        return self

    def insert(self, index: int, value: Dataset) -> None:
        self._insert_at(index, value)

    def _insert_at(self, index: int, value: Dataset) -> None:
        item = _as_compat(value)
        if self._owner is None:
            self._items.insert(index, item)
            return
        root = self._owner._root
        with root.lock:
            count = len(self)
            position = max(0, min(count, index + count if index < 0 else index))
            seq_path = self._path()
            core_item = item._core
            root.shift(seq_path, position, +1)
            self._write(lambda items: [*items[:position], core_item, *items[position:]])
            root.adopt(item, (*seq_path, position))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (Sequence, list, tuple)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __str__(self) -> str:
        return "[" + "".join(str(item) for item in self) + "]"

    def __repr__(self) -> str:
        return f"<Sequence, length {len(self)}>"

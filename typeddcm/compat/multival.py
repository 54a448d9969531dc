"""pydicom's ``multival`` module: :class:`MultiValue`, the list of an element's values.

``MultiValue(type_constructor, iterable)`` (pydicom 1.x and later) makes every item
with ``type_constructor`` as it is added: at construction, ``append``, ``extend``,
``insert``, ``+=`` and item or slice assignment, so ``ds.PixelSpacing.append("0.5")``
stores a DS value, as pydicom does.  ``MultiValue(iterable)`` (one argument that is
not callable) keeps the items as they are.

It is a ``list`` (pydicom's is a ``MutableSequence`` around one): everything that
takes a list takes it, and it compares equal to a list of the same items.

A MultiValue taken from a dataset element writes every change back to that element
(pydicom code does ``ds.ImageType.append("DERIVED")``).  The element is changed
first; only when the dataset took the new values does the list change, so a value
the element refuses raises and leaves both as they were.  Pickled or copied, a
MultiValue is a free-standing list of its items.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableSequence
from typing import Any, Self, SupportsIndex, TypeVar, overload

__all__ = ["ConstrainedList", "MultiValue"]

_T = TypeVar("_T")


class ConstrainedList(MutableSequence[_T]):
    """pydicom 3's base for lists whose items are checked (made) as they are added.

    A subclass says what an item must be by overriding ``_validate(item)``, which
    returns the item to store (or raises); every way of adding items goes through
    it: construction, ``append``, ``extend``, ``insert``, ``+=`` and item or slice
    assignment.  It compares equal to a list of the same items.

    :class:`MultiValue` here is a ``list`` (the 1.x reference), not a subclass; it is
    registered, so ``isinstance(value, ConstrainedList)`` holds for it as in pydicom 3.
    """

    def __init__(self, iterable: Iterable[Any] | None = None) -> None:
        self._list: list[_T] = [] if iterable is None else [self._validate(i) for i in iterable]

    def _validate(self, item: Any) -> _T:
        """The item to store for ``item``: a subclass must say (NotImplementedError here)."""
        msg = f"'{type(self).__name__}._validate()' must be implemented"
        raise NotImplementedError(msg)

    @staticmethod
    def _iterable(other: object) -> Iterable[Any]:
        if not hasattr(other, "__iter__"):
            raise TypeError("An iterable is required")
        return other

    @overload
    def __getitem__(self, index: int) -> _T: ...
    @overload
    def __getitem__(self, index: slice) -> MutableSequence[_T]: ...
    def __getitem__(self, index: int | slice) -> _T | MutableSequence[_T]:
        return self._list[index]

    # Items of any type are taken: ``_validate`` makes (or refuses) them.
    @overload
    def __setitem__(self, index: int, value: Any) -> None: ...
    @overload
    def __setitem__(self, index: slice, value: Iterable[Any]) -> None: ...
    def __setitem__(self, index: int | slice, value: Any) -> None:
        if isinstance(index, slice):
            self._list[index] = [self._validate(v) for v in self._iterable(value)]
        else:
            self._list[index] = self._validate(value)

    def __delitem__(self, index: int | slice) -> None:
        del self._list[index]

    def __len__(self) -> int:
        return len(self._list)

    def __iter__(self) -> Iterator[_T]:
        return iter(self._list)

    def insert(self, index: int, value: Any) -> None:
        """Insert ``value`` (validated) before ``index``."""
        self._list.insert(index, self._validate(value))

    def append(self, value: Any) -> None:
        """Add ``value`` (validated) at the end."""
        self._list.append(self._validate(value))

    def extend(self, values: Iterable[Any]) -> None:
        """Add each of ``values`` (validated); TypeError for a non-iterable."""
        self._list.extend([self._validate(v) for v in self._iterable(values)])

    def __iadd__(self, values: Iterable[Any]) -> Self:
        self.extend(values)
        return self

    def __eq__(self, other: object) -> bool:
        return self._list == other

    def __ne__(self, other: object) -> bool:
        return self._list != other

    __hash__ = None  # type: ignore[assignment]  # mutable, as list

    def __repr__(self) -> str:
        return repr(self._list)


def _keep(value: Any) -> Any:
    """The type constructor of a MultiValue made from items alone: items stay as given."""
    return value


def _picklable(constructor: Callable[[Any], Any]) -> bool:
    """Whether ``constructor`` pickles by reference (a class or a module-level function)."""
    name = getattr(constructor, "__qualname__", "")
    return bool(name) and "<" not in name and hasattr(constructor, "__module__")


class MultiValue(list[_T]):
    """Several values of one element: a list whose items are made by ``type_constructor``."""

    type_constructor: Callable[[Any], Any]
    # The element this list writes back to (a callable taking the new items), or None.
    _owner: Callable[[list[Any]], None] | None

    def __init__(
        self,
        type_constructor: Callable[[Any], _T] | Iterable[Any] | None = None,
        iterable: Iterable[Any] | None = None,
        validation_mode: int | None = None,
    ) -> None:
        if iterable is None and type_constructor is not None and not callable(type_constructor):
            # MultiValue(items): the items as they are.
            iterable, type_constructor = type_constructor, None
        constructor: Callable[[Any], Any] = _keep if type_constructor is None else type_constructor  # type: ignore[assignment]
        self.type_constructor = constructor
        self._owner = None
        super().__init__(constructor(item) for item in (iterable or ()))

    @classmethod
    def _trusted(cls, type_constructor: Callable[[Any], Any] | None, items: list[Any],
                 owner: Callable[[list[Any]], None] | None = None) -> MultiValue[Any]:
        """A MultiValue of items already made (the compat reading path: no conversion)."""
        made: MultiValue[Any] = cls.__new__(cls)
        list.__init__(made, items)
        made.type_constructor = _keep if type_constructor is None else type_constructor
        made._owner = owner
        return made

    # --- write-back -------------------------------------------------------------------

    def _change(self, change: Callable[[list[Any]], object]) -> None:
        """Apply ``change`` (written with list's own methods) to the element, then here."""
        owner = self._owner
        if owner is not None:
            trial = list(self)
            change(trial)
            owner(trial)  # raises, changing nothing, when the element refuses the values
        change(self)

    def _make(self, value: Any) -> Any:
        return self.type_constructor(value)

    # --- the list methods that add or change items ---------------------------------

    # Items of any type are taken: ``type_constructor`` makes them (pydicom's leniency).
    @overload
    def __setitem__(self, index: SupportsIndex, value: Any) -> None: ...

    @overload
    def __setitem__(self, index: slice, value: Iterable[Any]) -> None: ...

    def __setitem__(self, index: Any, value: Any) -> None:
        made = [self._make(v) for v in value] if isinstance(index, slice) else self._make(value)
        self._change(lambda items: list.__setitem__(items, index, made))

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        self._change(lambda items: list.__delitem__(items, index))

    def __iadd__(self, values: Iterable[Any]) -> MultiValue[_T]:  # type: ignore[override,misc]
        self.extend(values)
        return self

    def append(self, value: Any) -> None:
        made = self._make(value)
        self._change(lambda items: list.append(items, made))

    def extend(self, values: Iterable[Any]) -> None:
        made = [self._make(v) for v in ConstrainedList._iterable(values)]
        self._change(lambda items: list.extend(items, made))

    def insert(self, index: SupportsIndex, value: Any) -> None:
        made = self._make(value)
        self._change(lambda items: list.insert(items, index, made))

    def pop(self, index: SupportsIndex = -1) -> _T:
        item = self[index]
        self._change(lambda items: list.pop(items, index))
        return item

    def remove(self, value: Any) -> None:
        self._change(lambda items: list.remove(items, value))

    def clear(self) -> None:
        self._change(list.clear)

    def reverse(self) -> None:
        self._change(list.reverse)

    def sort(self, *, key: Callable[[Any], Any] | None = None, reverse: bool = False) -> None:
        self._change(lambda items: list.sort(items, key=key, reverse=reverse))

    @property
    def _list(self) -> list[_T]:
        """pydicom 3 keeps the items in ``_list``; here the MultiValue is the list."""
        return self

    @_list.setter
    def _list(self, items: Iterable[Any]) -> None:
        # pydicom 3 code (and its tests) set the items as they are, unvalidated.
        new = list(items)
        self._change(lambda current: list.__setitem__(current, slice(None), new))

    # --- shown as pydicom shows it ----------------------------------------------------

    def __str__(self) -> str:
        if not self:
            return ""
        parts = [repr(v) if isinstance(v, (str, bytes)) else str(v) for v in self]
        return f"[{', '.join(parts)}]"

    __repr__ = __str__

    def __reduce__(self) -> tuple[Any, ...]:
        # A free-standing list of its items: the element it writes back to (a closure
        # over a dataset) means nothing in another process.  The constructor goes along
        # when it pickles by reference.
        constructor = self.type_constructor
        if constructor is _keep or not _picklable(constructor):
            return (type(self), (list(self),))
        return (type(self), (constructor, list(self)))

    def __copy__(self) -> MultiValue[_T]:
        return type(self)(self.type_constructor, list(self))


ConstrainedList.register(MultiValue)

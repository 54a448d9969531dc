"""Persistent (immutable, structure-sharing) containers behind Dataset and SQ items.

Strategy: a two-level "chunked" layout.  Entries live in chunks of at most
``_CHUNK`` entries; a container is a tuple of chunks.  An update copies the one
chunk it touches plus the tuple of chunk references, so its cost grows with the
square root of the size rather than the size (a 20,000-element dataset copies
about 300 references, not 20,000), and every untouched chunk, and so every
untouched entry, is shared with the previous version.  Lookups are two C-level
bisects.  Nothing here is ever mutated after construction, so any number of
threads can read a container without locks.
"""

from __future__ import annotations

from abc import _abc_init  # type: ignore[attr-defined]
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, Generic, Protocol, TypeVar, overload

from typeddcm._mypyc import is_compiled

__all__ = ["SortedMap", "Vector"]



class _Key(Protocol):
    """An int-like key (Tag, int).  Not ``bound=int``: mypyc would hold such keys as C
    integers, and a Tag would come back out as a plain int."""

    def __index__(self) -> int: ...
    def __lt__(self, other: Any, /) -> bool: ...
    def __hash__(self) -> int: ...


K = TypeVar("K", bound=_Key)
V = TypeVar("V")
T = TypeVar("T")

# Large enough that small datasets are one chunk (one bisect), small enough that
# copying a chunk on update stays in the hundreds of nanoseconds.
_CHUNK = 64


def _chunked(items: Sequence[T], size: int = _CHUNK) -> tuple[tuple[T, ...], ...]:
    if len(items) <= size:  # the common case: a small dataset level is one chunk
        return (tuple(items),) if items else ()
    return tuple(tuple(items[i : i + size]) for i in range(0, len(items), size))


#: Whether this module runs compiled by mypyc (its functions are then built-ins).
_COMPILED = is_compiled(_chunked)


class SortedMap(Generic[K, V]):
    """An immutable map from int-like keys to values, iterated in ascending key order."""

    __slots__ = ("_firsts", "_keys", "_values", "_len")

    _firsts: tuple[K, ...]  # first key of each chunk, for the outer bisect
    _keys: tuple[tuple[K, ...], ...]
    _values: tuple[tuple[V, ...], ...]
    _len: int

    @classmethod
    def from_sorted(cls, keys: Sequence[K], values: Sequence[V]) -> SortedMap[K, V]:
        """Build from keys already in strictly ascending order (the codec's case)."""
        key_chunks = _chunked(keys)
        return cls._make(
            tuple(chunk[0] for chunk in key_chunks), key_chunks, _chunked(values), len(keys)
        )

    @classmethod
    def from_items(cls, items: Iterable[tuple[K, V]]) -> SortedMap[K, V]:
        """Build from (key, value) pairs in any order; a later duplicate key wins."""
        merged = dict(items)
        keys = sorted(merged)
        return cls.from_sorted(keys, [merged[k] for k in keys])

    @classmethod
    def _make(
        cls,
        firsts: tuple[K, ...],
        keys: tuple[tuple[K, ...], ...],
        values: tuple[tuple[V, ...], ...],
        length: int,
    ) -> SortedMap[K, V]:
        if _COMPILED:
            # A mypyc-compiled class has its own allocator (object.__new__ refuses it, and
            # mypyc cannot call cls.__new__): the constructor, which is fast compiled.
            return cls(firsts, keys, values, length)
        obj = object.__new__(cls)  # pure Python: faster than a constructor call
        obj._firsts = firsts
        obj._keys = keys
        obj._values = values
        obj._len = length
        return obj

    def __init__(
        self,
        firsts: tuple[K, ...] = (),
        keys: tuple[tuple[K, ...], ...] = (),
        values: tuple[tuple[V, ...], ...] = (),
        length: int = 0,
    ) -> None:
        # Internal: the parts must agree (build with from_sorted or from_items).
        self._firsts = firsts
        self._keys = keys
        self._values = values
        self._len = length

    def __len__(self) -> int:
        return self._len

    def _locate(self, key: K | int) -> tuple[int, int, bool]:
        """Return (chunk index, position in chunk, found) for ``key``."""
        c = bisect_right(self._firsts, key) - 1
        if c < 0:
            return 0, 0, False
        chunk = self._keys[c]
        i = bisect_left(chunk, key)
        return c, i, i < len(chunk) and chunk[i] == key

    def get(self, key: int) -> V | None:
        """The value for ``key``, or None."""
        c = bisect_right(self._firsts, key) - 1
        if c < 0:
            return None
        chunk = self._keys[c]
        i = bisect_left(chunk, key)
        if i < len(chunk) and chunk[i] == key:
            return self._values[c][i]
        return None

    def __contains__(self, key: int) -> bool:
        return self._locate(key)[2] if self._len else False

    def bounds(self) -> tuple[K, K] | None:
        """The smallest and the largest key, or None when empty (no iteration)."""
        if not self._len:
            return None
        return self._keys[0][0], self._keys[-1][-1]

    def keys(self) -> Iterator[K]:
        return chain.from_iterable(self._keys)

    def values(self) -> Iterator[V]:
        return chain.from_iterable(self._values)

    def items(self) -> Iterator[tuple[K, V]]:
        return zip(self.keys(), self.values(), strict=True)

    def set(self, key: K, value: V) -> SortedMap[K, V]:
        """A new map with ``key`` bound to ``value``; every other chunk is shared."""
        if not self._len:
            return SortedMap._make((key,), ((key,),), ((value,),), 1)
        c, i, found = self._locate(key)
        keys = self._keys[c]
        values = self._values[c]
        if found:
            if values[i] is value:
                return self
            new_values = values[:i] + (value,) + values[i + 1 :]
            return SortedMap._make(
                self._firsts,
                self._keys,
                self._values[:c] + (new_values,) + self._values[c + 1 :],
                self._len,
            )
        new_keys = keys[:i] + (key,) + keys[i:]
        new_vals = values[:i] + (value,) + values[i:]
        if len(new_keys) > 2 * _CHUNK:
            half = len(new_keys) // 2
            key_parts: tuple[tuple[K, ...], ...] = (new_keys[:half], new_keys[half:])
            val_parts: tuple[tuple[V, ...], ...] = (new_vals[:half], new_vals[half:])
        else:
            key_parts = (new_keys,)
            val_parts = (new_vals,)
        firsts = tuple(part[0] for part in key_parts)
        return SortedMap._make(
            self._firsts[:c] + firsts + self._firsts[c + 1 :],
            self._keys[:c] + key_parts + self._keys[c + 1 :],
            self._values[:c] + val_parts + self._values[c + 1 :],
            self._len + 1,
        )

    def delete(self, key: int) -> SortedMap[K, V]:
        """A new map without ``key``; raises KeyError when it is absent."""
        c, i, found = self._locate(key) if self._len else (0, 0, False)
        if not found:
            raise KeyError(key)
        keys = self._keys[c][:i] + self._keys[c][i + 1 :]
        values = self._values[c][:i] + self._values[c][i + 1 :]
        if keys:
            return SortedMap._make(
                self._firsts[:c] + (keys[0],) + self._firsts[c + 1 :],
                self._keys[:c] + (keys,) + self._keys[c + 1 :],
                self._values[:c] + (values,) + self._values[c + 1 :],
                self._len - 1,
            )
        return SortedMap._make(
            self._firsts[:c] + self._firsts[c + 1 :],
            self._keys[:c] + self._keys[c + 1 :],
            self._values[:c] + self._values[c + 1 :],
            self._len - 1,
        )


class Vector(Sequence[T]):
    """An immutable list; replacing one entry copies one chunk and shares the rest."""

    __slots__ = ("_chunks", "_len", "_hash")

    _chunks: tuple[tuple[T, ...], ...]
    _len: int
    _hash: int | None

    def __init__(self, items: Iterable[T] = ()) -> None:
        seq = items if isinstance(items, (tuple, list)) else tuple(items)
        self._chunks = _chunked(seq)
        self._len = len(seq)
        self._hash = None

    @classmethod
    def _make(cls, chunks: tuple[tuple[T, ...], ...], length: int) -> Vector[T]:
        obj = cls() if _COMPILED else object.__new__(cls)  # see SortedMap._make
        obj._chunks = chunks
        obj._len = length
        obj._hash = None
        return obj

    def __len__(self) -> int:
        return self._len

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Vector[T]: ...

    def __getitem__(self, index: int | slice) -> T | Vector[T]:
        if isinstance(index, slice):
            return Vector(tuple(self)[index])
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            msg = f"item index {index} out of range for {self._len} items"
            raise IndexError(msg)
        # Every chunk but the last is full, so the position is arithmetic.
        return self._chunks[index // _CHUNK][index % _CHUNK]

    def __iter__(self) -> Iterator[T]:
        return chain.from_iterable(self._chunks)

    def set(self, index: int, value: T) -> Vector[T]:
        """A new vector with entry ``index`` replaced."""
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            msg = f"item index {index} out of range for {self._len} items"
            raise IndexError(msg)
        c, i = divmod(index, _CHUNK)
        chunk = self._chunks[c]
        if chunk[i] is value:
            return self
        new_chunk = chunk[:i] + (value,) + chunk[i + 1 :]
        return Vector._make(self._chunks[:c] + (new_chunk,) + self._chunks[c + 1 :], self._len)

    def append(self, value: T) -> Vector[T]:
        """A new vector with ``value`` added at the end."""
        if self._chunks and len(self._chunks[-1]) < _CHUNK:
            return Vector._make(self._chunks[:-1] + (self._chunks[-1] + (value,),), self._len + 1)
        return Vector._make(self._chunks + ((value,),), self._len + 1)

    def insert(self, index: int, value: T) -> Vector[T]:
        """A new vector with ``value`` inserted before ``index`` (rebuilds from the chunk on)."""
        items = list(self)
        items.insert(index, value)
        return self._rebuild_from(items, min(max(index, 0), self._len))

    def delete(self, index: int) -> Vector[T]:
        """A new vector without entry ``index``."""
        if index < 0:
            index += self._len
        if not 0 <= index < self._len:
            msg = f"item index {index} out of range for {self._len} items"
            raise IndexError(msg)
        items = list(self)
        del items[index]
        return self._rebuild_from(items, index)

    def _rebuild_from(self, items: list[T], index: int) -> Vector[T]:
        # Chunks wholly before ``index`` are unchanged: keep those very objects.
        keep = index // _CHUNK
        tail = _chunked(items[keep * _CHUNK :])
        return Vector._make(self._chunks[:keep] + tail, len(items))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Vector):
            return self._len == other._len and all(
                a is b or a == b for a, b in zip(self, other, strict=True)
            )
        if isinstance(other, tuple):
            return self._len == len(other) and all(
                a is b or a == b for a, b in zip(self, other, strict=True)
            )
        return NotImplemented

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            # Benign race: two threads compute the same number.
            cached = hash(tuple(self))
            self._hash = cached
        return cached

    def __repr__(self) -> str:
        return f"Vector({list(self)!r})"


# A mypyc-compiled Vector is built without ABCMeta.__new__, so it would share Sequence's
# ABC registry, and isinstance((), Vector) would be True.  Its own registry (what
# ABCMeta.__new__ gives the pure Python class, and again here: a fresh empty one) fixes it.
_abc_init(Vector)

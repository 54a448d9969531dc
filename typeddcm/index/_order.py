"""Kept rows and scanned rows merged into the order the files are listed in, so that an
incremental run writes its rows where a fresh scan would.

Both streams come in listing order already (the previous index was written in the
previous listing's order, which is this one's for the rows kept, when the same paths are
given; the batches are made in listing order), so a two-way merge holding one table of
each stream is enough.  Should a stream be out of order (other paths given this time),
every row is still written exactly once, only not in listing order.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

__all__ = ["listing_order"]


class _Stream:
    """A stream of tables with each row's position in the listing; ``head`` is the next
    row's position (None at the end)."""

    def __init__(self, tables: Iterable[Any], position: Mapping[str, int]) -> None:
        self._tables = iter(tables)
        self._position = position
        self._table: Any = None
        self._positions: list[int] = []
        self._offset = 0
        self._advance()

    def _advance(self) -> None:
        for table in self._tables:
            if table.num_rows:
                self._table = table
                self._positions = [self._position.get(path, -1)
                                   for path in table.column("path").to_pylist()]
                self._offset = 0
                return
        self._table = None

    @property
    def head(self) -> int | None:
        return None if self._table is None else self._positions[self._offset]

    def take_before(self, limit: int) -> Any:
        """The rows from the next one up to the first at ``limit`` or later (at least one)."""
        end = max(self._offset + 1, bisect_left(self._positions, limit, lo=self._offset))
        piece = self._table.slice(self._offset, end - self._offset)
        self._offset = end
        if end == len(self._positions):
            self._advance()
        return piece

    def rest(self) -> Iterator[Any]:
        while self._table is not None:
            piece = self._table.slice(self._offset)
            self._advance()
            yield piece


def listing_order(kept: Iterable[Any], scanned: Iterable[Any],
                  position: Mapping[str, int]) -> Iterator[Any]:
    """The rows of both streams (tables of one schema, with a ``path`` column), merged by
    each path's ``position`` in the listing."""
    first, second = _Stream(kept, position), _Stream(scanned, position)
    while True:
        a, b = first.head, second.head
        if a is None or b is None:
            break
        yield first.take_before(b) if a < b else second.take_before(a)
    yield from first.rest()
    yield from second.rest()

"""DatasetMutation: batch edits of a Dataset inside a ``with`` block.

Each edit is the Dataset's own functional update, so the rules are the same; the
object just holds the newest version.  After ``finish()`` it refuses further use,
so a stale handle cannot silently edit a dataset nobody will see.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Any, TypeVar, overload

from typeddcm.errors import FrozenDatasetError
from typeddcm.key import Key
from typeddcm.tag import TagLike

if TYPE_CHECKING:
    from typeddcm.dataset import Dataset, DatasetKey, Path

__all__ = ["DatasetMutation"]

V = TypeVar("V")
I = TypeVar("I")


class DatasetMutation:
    """A mutable builder over a Dataset; ``finish()`` returns the edited Dataset."""

    __slots__ = ("_current", "_finished")

    def __init__(self, start: Dataset) -> None:
        self._current = start
        self._finished = False

    def _check(self) -> Dataset:
        if self._finished:
            msg = "this mutation has finished; start another with ds.mutate()"
            raise FrozenDatasetError(msg)
        return self._current

    @property
    def dataset(self) -> Dataset:
        """The dataset as edited so far."""
        return self._current

    @overload
    def set(self, key: Key[V, I], value: V | I) -> None: ...

    @overload
    def set(self, key: TagLike, value: object) -> None: ...

    def set(self, key: Key[Any, Any] | TagLike, value: object) -> None:
        """Set ``key`` to ``value`` (as ``Dataset.set``)."""
        self._current = self._check().set(key, value)

    def __setitem__(self, key: TagLike, value: object) -> None:
        self.set(key, value)

    def delete(self, key: DatasetKey) -> None:
        """Remove ``key``; KeyError when absent."""
        self._current = self._check().delete(key)

    def __delitem__(self, key: DatasetKey) -> None:
        self.delete(key)

    def discard(self, key: DatasetKey) -> None:
        """Remove ``key`` when present."""
        self._current = self._check().discard(key)

    def update(self, *args: Any, **keywords: Any) -> None:
        """Apply several changes (as ``Dataset.update``)."""
        self._current = self._check().update(*args, **keywords)

    def set_in(self, path: Path, value: object) -> None:
        """Set a nested element or item (as ``Dataset.set_in``)."""
        self._current = self._check().set_in(path, value)

    def delete_in(self, path: Path) -> None:
        """Delete a nested element or item (as ``Dataset.delete_in``)."""
        self._current = self._check().delete_in(path)

    def set_private(self, group: int, creator: str, offset: int, value: object) -> None:
        """Set a private element, reserving its block (as ``Dataset.set_private``)."""
        self._current = self._check().set_private(group, creator, offset, value)

    def finish(self) -> Dataset:
        """The edited dataset; the mutation can no longer be used."""
        self._finished = True
        return self._current

    def __enter__(self) -> DatasetMutation:
        self._check()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._finished = True

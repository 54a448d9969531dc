"""The state behind a tree of mutable compat Datasets: one immutable core, one lock.

A top-level compat Dataset owns a :class:`Root`: the current core Dataset and an
RLock.  Every change (in any item, at any depth) swaps ``root.core`` for a new core
made by one functional update, under the lock, so each change is atomic and a
reader (who takes the same lock only to read the pair root/path) sees a whole
core, never half of a change.  Sequence items are *views*: a compat Dataset whose
``path`` (tag, index, tag, index, ...) leads from the root's core to its item.
Views are kept in ``root.views`` (weakly) so that ``seq[0]`` is the same object
each time, and so that deleting or inserting items renumbers the views after
them, as pydicom's object identity would have it.
"""

from __future__ import annotations

import threading
import weakref
from typing import TYPE_CHECKING

from typeddcm.dataset import Dataset as CoreDataset

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Path", "Root"]

Path = tuple[int, ...]


class Root:
    """The current core of a tree of compat datasets, its lock and its live item views."""

    __slots__ = ("core", "lock", "views", "__weakref__")

    def __init__(self, core: CoreDataset) -> None:
        self.core = core
        self.lock = threading.RLock()
        self.views: weakref.WeakValueDictionary[Path, Dataset] = weakref.WeakValueDictionary()

    def resolve(self, path: Path) -> CoreDataset:
        """The core dataset at ``path`` in the current core (call with the lock held)."""
        if not path:
            return self.core
        found = self.core.get_in(path)
        assert isinstance(found, CoreDataset)  # item paths end in an index
        return found

    def replace(self, path: Path, new: CoreDataset) -> None:
        """Make ``new`` the dataset at ``path`` (call with the lock held)."""
        self.core = new if not path else self.core.set_in(path, new)

    def views_under(self, prefix: Path) -> list[tuple[Path, Dataset]]:
        """Live views whose path starts with ``prefix`` (strictly below it)."""
        size = len(prefix)
        return [(p, v) for p, v in list(self.views.items())
                if len(p) > size and p[:size] == prefix]

    def detach(self, prefix: Path) -> None:
        """Views at or below ``prefix`` lose their place (it was replaced or deleted):
        each keeps its current content as a tree of its own, as a removed pydicom item
        does.  Call before the change, with the lock held."""
        size = len(prefix)
        below = [(p, v) for p, v in list(self.views.items()) if p[:size] == prefix]
        # Shallowest first: a detached item takes its own descendants along.
        below.sort(key=lambda pv: len(pv[0]))
        moved: set[int] = set()
        for path, view in below:
            if id(view) in moved:
                continue
            own = Root(self.resolve(path))
            for sub_path, sub_view in self.views_under(path):
                rel = sub_path[len(path):]
                sub_view._rebind(own, rel)
                own.views[rel] = sub_view
                moved.add(id(sub_view))
                del self.views[sub_path]
            view._rebind(own, ())
            del self.views[path]

    def shift(self, sequence: Path, start: int, delta: int) -> None:
        """Renumber views of items ``start``... of the sequence at ``sequence`` by ``delta``."""
        size = len(sequence)
        changed = [(p, v) for p, v in self.views_under(sequence) if p[size] >= start]
        for path, _ in changed:
            del self.views[path]
        for path, view in changed:
            new = (*path[:size], path[size] + delta, *path[size + 1:])
            view._rebind(self, new)
            self.views[new] = view

    def adopt(self, view: Dataset, path: Path) -> None:
        """Make ``view`` (and its items' views) live at ``path`` in this tree."""
        old: Root = view._root
        if old is self:
            return
        for sub_path, sub_view in list(old.views.items()):
            sub_view._rebind(self, (*path, *sub_path))
            self.views[(*path, *sub_path)] = sub_view
        view._rebind(self, path)
        self.views[path] = view

"""The state behind a tree of mutable compat Datasets: one immutable core, one lock.

A top-level compat Dataset owns a :class:`Root`: the current core Dataset and an
RLock.  Every change (in any item, at any depth) swaps ``root.core`` for a new core
made by one functional update, under the lock, so each change is atomic and a
reader (who takes the same lock only to read the pair root/path) sees a whole
core, never half of a change.  Sequence items are *views*: a compat Dataset whose
``path`` (tag, index, tag, index, ...) leads from the root's core to its item.
Views are kept in ``root.views`` so that ``seq[0]`` is the same object
each time, and so that deleting or inserting items renumbers the views after
them, as pydicom's object identity would have it.
"""

from __future__ import annotations

import itertools
import threading
import weakref
from typing import TYPE_CHECKING

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.vr import SQ

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["HANDLE_ATTRIBUTES", "Path", "Root"]

Path = tuple[int, ...]

_GENERATIONS = itertools.count(1)

#: The attributes of a compat Dataset that make it a handle (never copied or pickled):
#: ``_loc`` (root, path); ``_where`` (root core, binding, item core) of the last lookup
#: of an item's core; ``_values``: tag -> (core element, config snapshot, converted
#: value), each checked against the current core element (an identity test) before use,
#: so a change anywhere in the tree never needs to clear it; ``_elements``: tag -> the
#: bound DataElement handed out for it (it refers to the dataset weakly); ``_children``:
#: (tag << 32 | index) -> the item view handed out there (good while the root's
#: ``generation`` is ``_children_gen``; it also keeps the view alive while this
#: dataset is).  Nothing in them
#: refers back to the dataset that holds them.  Slots of the Dataset, not a __dict__.
HANDLE_ATTRIBUTES = frozenset({"_loc", "_where", "_values", "_elements", "_children",
                               "_children_gen", "_blocks"})


class Root:
    """The current core of a tree of compat datasets, its lock and its live item views."""

    __slots__ = ("core", "generation", "lock", "views", "__weakref__")

    def __init__(self, core: CoreDataset) -> None:
        self.core = core
        self.lock = threading.RLock()
        # A new number (process-wide, never reused) whenever views of this tree are
        # rebound (detach, shift, adopt): a parent's cache of its item views is good
        # while the generation it was filled in is the root's.
        self.generation = next(_GENERATIONS)
        # Weakly: a view refers to its root, so a strong registry here would make every
        # tree a reference cycle, freed only by the cyclic collector (slow for big trees).
        # A view is kept alive by whoever holds it and by its parent (see
        # ``Dataset._item_view``).
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
        self.core = new if not path else _with_item(self.core, path, 0, new)

    def views_under(self, prefix: Path) -> list[tuple[Path, Dataset]]:
        """Live views whose path starts with ``prefix`` (strictly below it)."""
        size = len(prefix)
        return [(p, v) for p, v in list(self.views.items())
                if len(p) > size and p[:size] == prefix]

    def detach(self, prefix: Path) -> None:
        """Views at or below ``prefix`` lose their place (it was replaced or deleted):
        each keeps its current content as a tree of its own, as a removed pydicom item
        does.  Call before the change, with the lock held."""
        self.generation = next(_GENERATIONS)
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
        self.generation = next(_GENERATIONS)
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
        self.generation = old.generation = next(_GENERATIONS)
        if old is self:
            return
        for sub_path, sub_view in list(old.views.items()):
            sub_view._rebind(self, (*path, *sub_path))
            self.views[(*path, *sub_path)] = sub_view
        view._rebind(self, path)
        self.views[path] = view
        # The old root's core as a new object (same content): anything that checks that
        # core's identity to know nothing changed (DataElement._known) looks again.
        old.core = old.core._derive(old.core._store)


def _with_item(node: CoreDataset, path: Path, depth: int, new: CoreDataset) -> CoreDataset:
    """``node`` with the item at ``path[depth:]`` (tag, index, ..., tag, index) replaced.

    ``set_in`` does this for any key form and checks every step; a view's path is
    plain ints that resolved a moment ago under the same lock, so this walks it
    directly: one chunk of each map and of each item vector copied per level.
    """
    element = node._store.get(path[depth])
    assert element is not None
    sq = element.vr
    assert isinstance(sq, SQ)
    index = path[depth + 1]
    last = depth + 2 == len(path)
    item = new if last else _with_item(sq.values[index], path, depth + 2, new)
    changed = element._evolve(SQ._trusted(sq.values.set(index, item)))
    return node._derive(node._store.set(element.tag, changed))

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

Views are registered weakly (a strong registry would make every tree a reference
cycle), except the items that hold something the core cannot: an instance of a
Dataset subclass (highdicom's ``CodedConcept`` put in a Sequence is read back as a
``CodedConcept``) or one with attributes of its own (``item.note = ...``).  Those are
``kept``: held by their root as pydicom's list holds its items, so reading the
sequence again gives the same object, whoever else still holds it.
"""

from __future__ import annotations

import functools
import itertools
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.vr import SQ

if TYPE_CHECKING:
    from .dataset import Dataset
    from .sequence import Sequence

__all__ = ["HANDLE_ATTRIBUTES", "Copier", "as_is", "Path", "Root", "carry_kept", "give_state", "holds_own_state",
           "own_state", "place_kept"]

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


def holds_own_state(view: Dataset) -> bool:
    """Whether a view holds what its core does not: a subclass of Dataset, or attributes
    of its own (the handle's slots are not in ``__dict__``)."""
    return bool(view.__dict__) or type(view) is not _plain_dataset()


@functools.cache
def _plain_dataset() -> type[Dataset]:
    """compat's Dataset class (dataset.py imports this module: looked up once, on first use;
    renumbering a long sequence asks for every view it moves)."""
    from .dataset import Dataset

    return Dataset


class Root:
    """The current core of a tree of compat datasets, its lock and its live item views."""

    __slots__ = ("core", "generation", "kept", "lock", "views", "__weakref__")

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
        # The views that hold state of their own (see holds_own_state), strongly: made
        # on first need, so a tree of plain items has no reference cycle.
        self.kept: dict[Path, Dataset] | None = None

    def register(self, path: Path, view: Dataset) -> None:
        """``view`` is the item at ``path`` (call with the lock held)."""
        self.views[path] = view
        if holds_own_state(view):
            self.keep(path, view)

    def keep(self, path: Path, view: Dataset) -> None:
        """Hold ``view`` strongly: it has state the core does not (call with the lock held)."""
        if self.kept is None:
            self.kept = {}
        self.kept[path] = view

    def unregister(self, path: Path) -> None:
        """No view is at ``path`` any more (call with the lock held)."""
        del self.views[path]
        if self.kept is not None:
            self.kept.pop(path, None)

    def kept_under(self, prefix: Path) -> list[tuple[Path, Dataset]]:
        """The kept views strictly below ``prefix``, with their paths relative to it."""
        if not self.kept:
            return []
        size = len(prefix)
        return [(p[size:], v) for p, v in self.kept.items() if len(p) > size and p[:size] == prefix]

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
                own.register(rel, sub_view)
                moved.add(id(sub_view))
                self.unregister(sub_path)
            view._rebind(own, ())
            self.unregister(path)

    def shift(self, sequence: Path, start: int, delta: int) -> None:
        """Renumber views of items ``start``... of the sequence at ``sequence`` by ``delta``."""
        self.generation = next(_GENERATIONS)
        size = len(sequence)
        changed = [(p, v) for p, v in self.views_under(sequence) if p[size] >= start]
        for path, _ in changed:
            self.unregister(path)
        for path, view in changed:
            new = (*path[:size], path[size] + delta, *path[size + 1:])
            view._rebind(self, new)
            self.register(new, view)

    def adopt(self, view: Dataset, path: Path) -> None:
        """Make ``view`` (and its items' views) live at ``path`` in this tree.

        A view that was an item of another tree leaves it (that tree keeps the item's
        content and makes a new view of it when asked): a compat item has one place.
        """
        old, prefix = view._loc
        self.generation = old.generation = next(_GENERATIONS)
        if old is self:
            return  # already an item of this tree: it stays where it is
        moved = [(p, v) for p, v in old.views_under(prefix)]
        if prefix:
            moved.append((prefix, view))
        for sub_path, sub_view in moved:
            old.unregister(sub_path)
            sub_view._rebind(self, (*path, *sub_path[len(prefix):]))
            self.register(sub_view._path, sub_view)
            if prefix and holds_own_state(sub_view):
                # An item of another tree: pydicom would have the one object in both
                # lists.  That tree keeps an item of the same class and state there
                # (highdicom reads CodedConcepts back from where it took them).
                twin = _placed(old, sub_path, type(sub_view))
                give_state(twin, *own_state(sub_view, as_is))
        if not prefix:
            view._rebind(self, path)
            self.register(path, view)
        # The old root's core as a new object (same content): anything that checks that
        # core's identity to know nothing changed (DataElement._known) looks again.
        old.core = old.core._derive(old.core._store)


#: Copies one attribute value of a dataset being copied (identity, or deepcopy with memo).
Copier = Callable[[Any], Any]


def as_is(value: Any) -> Any:
    """The Copier of a shallow copy: the value itself."""
    return value


#: A dataset's kept Sequence subclasses, copied: (tag, class, attributes but the owner).
SequenceStates = list[tuple[int, "type[Sequence]", dict[str, Any]]]


def own_state(ds: Dataset, copy_value: Copier) -> tuple[dict[str, Any], SequenceStates]:
    """What ``ds`` holds beyond its core, copied: its attributes (not the handle's) and
    its kept Sequence subclasses as (tag, class, attributes but the owner)."""
    attributes = {name: copy_value(value) for name, value in ds.__dict__.items()
                  if name not in HANDLE_ATTRIBUTES and name != "_sequences"}
    sequences = [(tag, type(seq), {k: copy_value(v) for k, v in vars(seq).items() if k != "_owner"})
                 for tag, seq in ds.__dict__.get("_sequences", {}).items()]
    return attributes, sequences


def give_state(ds: Dataset, attributes: dict[str, Any], sequences: SequenceStates) -> None:
    """Set on ``ds`` what :func:`own_state` took from another dataset."""
    for name, value in attributes.items():
        object.__setattr__(ds, name, value)
    if sequences:
        kept = ds.__dict__.setdefault("_sequences", {})
        for tag, cls, seq_attributes in sequences:
            seq = cls.__new__(cls)
            seq.__dict__.update(seq_attributes)
            seq._owner = ds
            kept[tag] = seq


def carry_kept(source: Dataset, target: Root, copy_value: Copier,
               memo: dict[int, Any] | None = None) -> None:
    """Give ``target`` (a new tree with ``source``'s content) copies of the kept items
    under ``source``: the same class at the same place, with their state copied by
    ``copy_value`` (copy, deepcopy and unpickling of a tree with, say, highdicom items
    in it).  All views are placed (and entered in a deepcopy's ``memo``) before any
    state is copied, so state that refers to other items refers to the new ones."""
    root, prefix = source._loc
    pairs = []
    for rel, view in root.kept_under(prefix):
        new = place_kept(target, rel, type(view))
        if memo is not None:
            memo[id(view)] = new
        pairs.append((view, new))
    for view, new in pairs:
        give_state(new, *own_state(view, copy_value))


def place_kept(target: Root, path: Path, cls: type[Dataset]) -> Dataset:
    """A new kept item of class ``cls`` at ``path`` of ``target`` (its state comes next)."""
    with target.lock:
        return _placed(target, path, cls)


def _placed(target: Root, path: Path, cls: type[Dataset]) -> Dataset:
    view: Dataset = cls.__new__(cls)
    view._bind(target, path)
    target.register(path, view)
    target.keep(path, view)
    return view


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

"""TreeHandle: what makes a compat Dataset a handle on a tree (see _tree.py).

The base of compat ``Dataset``: its place in a tree (``_loc``: root and path, one
tuple so that a lock-free reader never sees the root of one binding with the path of
another), reading the current core without the lock while nothing changed,
converting values once per core element, handing out the same DataElement and item
view objects each time, and storing a new VR object with one functional update under
the tree's lock.  Everything remembered here refers to the root or to core objects,
never back to the handle: a dropped tree is freed by reference counting, not by the
cyclic garbage collector (which is slow for trees of thousands of items).
"""

from __future__ import annotations

import datetime
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from typeddcm._traverse import may_hold_items
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.element import Element
from typeddcm.tag import Tag as CoreTag

from . import _forms, _values
from ._tree import Path, Root
from .config import _current as _config_context
from .dataelem import DataElement
from .multival import MultiValue
from .sequence import Sequence

if TYPE_CHECKING:
    from ._private import PrivateBlock
    from .dataset import Dataset

__all__ = ["TreeHandle", "set_slot"]

#: Stores an attribute past the Dataset's __setattr__ (which looks for keywords first).
set_slot = object.__setattr__

#: The current context's config snapshot (immutable: a new object when a knob changes).
_config_snapshot = _config_context.get


#: (0028,1101-1103) Palette Color LUT Descriptors and (0028,3002) LUT Descriptor: "US or
#: SS", but the first value (the number of entries) is unsigned whatever the others are
#: (PS3.3 C.7.6.3.1.5, C.11.1.1.1); pydicom reads it so.
_LUT_DESCRIPTORS = frozenset({0x00281101, 0x00281102, 0x00281103, 0x00283002})


def _descriptor_first_unsigned(value: Any) -> Any:
    """A LUT Descriptor read as SS, with its first value as the unsigned count it is."""
    if isinstance(value, list) and value and isinstance(value[0], int) and value[0] < 0:
        list.__setitem__(value, 0, value[0] + 65536)  # the list as read: no write-back
    return value


def _all_floats(value: object) -> bool:
    """A float, or a non-empty list/tuple of floats."""
    if type(value) is float:
        return True
    return isinstance(value, (list, tuple)) and len(value) > 0 and all(type(v) is float for v in value)


class WriteBack:
    """A MultiValue's way back to its element: ``dataset._set_value(tag, code, values)``.

    The dataset is held weakly, so a dataset may cache its MultiValues (the same object
    each read, as pydicom's) without a reference cycle.  A dataset that is gone had
    nothing above it held: no one can see it, and the list keeps the values.
    """

    __slots__ = ("code", "dataset", "tag")

    def __init__(self, dataset: TreeHandle, tag: int, code: str) -> None:
        self.dataset = weakref.ref(dataset)
        self.tag = tag
        self.code = code

    def __call__(self, values: list[Any]) -> None:
        dataset = self.dataset()
        if dataset is not None:
            dataset._set_value(self.tag, self.code, values)


class TreeHandle:
    """A compat dataset's binding to its tree, and its caches (see the module docstring)."""

    # The handle's own state in slots: an item view (a big tree has thousands) then has
    # no __dict__ unless code sets an attribute of its own on it.
    __slots__ = ("__dict__", "__weakref__", "_blocks", "_children", "_children_gen", "_elements",
                 "_loc", "_values", "_where")

    # Where this handle is, as one tuple (root, path) so that a lock-free reader never
    # sees the root of one binding with the path of another; ``_root``/``_path`` read it.
    _loc: tuple[Root, Path]
    # What the handle remembers between reads (see _tree.HANDLE_ATTRIBUTES): each made on
    # first use, and nothing in them refers back to this dataset.
    _where: tuple[CoreDataset, tuple[Root, Path], CoreDataset] | None
    _values: dict[int, tuple[Element, object, Any]] | None
    _elements: dict[int, DataElement] | None
    _children: dict[int, Dataset] | None
    _children_gen: int
    # (group, creator) -> (root core then, PrivateBlock): private_block while nothing changed.
    _blocks: dict[tuple[int, str], tuple[CoreDataset, PrivateBlock]] | None
    # Dataset's: how a value is set (a MultiValue read from the handle writes back with it).
    _set_value: Callable[[int, str | None, Any], None]

    def _dataset(self) -> Dataset:
        """This handle as the Dataset it is (every TreeHandle is one)."""
        return cast("Dataset", self)

    @classmethod
    def _view(cls, root: Root, path: Path) -> Any:
        """A new handle of this class at ``path`` of ``root``."""
        view = cls.__new__(cls)
        view._bind(root, path)
        return view

    def _bind(self, root: Root, path: Path) -> None:
        """Place a new handle (its caches start empty)."""
        set_slot(self, "_where", None)
        set_slot(self, "_values", None)
        set_slot(self, "_elements", None)
        set_slot(self, "_children", None)
        set_slot(self, "_children_gen", 0)
        set_slot(self, "_blocks", None)
        set_slot(self, "_loc", (root, path))

    def _rebind(self, root: Root, path: Path) -> None:
        # Cached values stay valid (each is checked against its core element when used);
        # the cached item is checked against the binding.
        set_slot(self, "_loc", (root, path))

    @property
    def _root(self) -> Root:
        return self._loc[0]

    @property
    def _path(self) -> Path:
        return self._loc[1]

    def _core_locked(self) -> CoreDataset:
        return self._root.resolve(self._path)

    @property
    def _core(self) -> CoreDataset:
        """The current core of this dataset, without the lock when nothing changed.

        A top-level dataset's core is one attribute read of its root.  An item's is
        cached with the root core and binding it was found in: while both are the same
        objects it is still the item (writers rebind views before they publish a new
        root core, so an unchanged root core means unchanged bindings).  Otherwise it
        is found again under the lock, which no writer holds mid-change.
        """
        loc = self._loc
        root, path = loc
        core = root.core
        if not path:
            return core
        where = self._where
        if where is not None and where[0] is core and where[1] is loc:
            return where[2]
        with root.lock:
            loc = self._loc
            root, path = loc
            core = root.core
            item = root.resolve(path)
        set_slot(self, "_where", (core, loc, item))
        return item

    def _publish(self, new: CoreDataset) -> None:
        """Make ``new`` this dataset's core (call with the lock held); remember where it is,
        so the next read of this handle finds it without a walk from the root."""
        root = self._root
        loc = self._loc
        root.replace(loc[1], new)
        if loc[1]:
            set_slot(self, "_where", (root.core, loc, new))

    def _value_of(self, tag: int, element: Element, remember: bool = True) -> Any:
        """The pydicom-style value of ``element`` (this dataset's ``tag``), converted once.

        Cached per tag with the core element and the config snapshot it was made from: a
        changed element or a changed knob (DS_decimal, datetime_conversion) makes it anew.
        What is cached never refers back to this dataset strongly (no reference cycle, so
        a dropped dataset is freed at once, not by the cyclic garbage collector): a
        MultiValue writes back through a weak reference (:class:`WriteBack`), and a
        Sequence (which holds its dataset) is made per read.  ``remember=False``: a
        DataElement that keeps the value itself asks (one copy is enough).
        """
        settings = _config_snapshot()
        values = self._values
        cached = None if values is None else values.get(tag)
        if cached is None or cached[0] is not element or cached[1] is not settings:
            code = element.code
            if code == "SQ":
                kept = self.__dict__.get("_sequences")
                if kept is not None and tag in kept:
                    return kept[tag]  # a Sequence subclass assigned here (see keep_sequence)
                return Sequence._bound(self._dataset(), tag)
            value = _values.to_python(element.vr, WriteBack(self, tag, code))
            if tag in _LUT_DESCRIPTORS and code == "SS":
                value = _descriptor_first_unsigned(value)
            cached = (element, settings, value)
            if remember:
                if values is None:
                    values = {}
                    set_slot(self, "_values", values)
                values[tag] = cached
        return cached[2]

    def _keep_sequence(self, tag: int, sequence: Sequence) -> None:
        """``sequence``, an instance of a Sequence subclass (highdicom's ContentSequence),
        is the value of ``tag`` from now on, as pydicom keeps the list assigned: reads of
        the element give this object.  It refers to this dataset and this dataset to it
        (a cycle, for these only); an item holding one is kept by its root."""
        kept = self.__dict__.setdefault("_sequences", {})
        kept[tag] = sequence
        root, path = self._loc
        if path:
            with root.lock:
                if self._loc == (root, path):
                    root.keep(path, self._dataset())

    def _forget_sequence(self, tag: int) -> None:
        """Element ``tag`` is assigned anew: a Sequence kept for it is no longer its value."""
        kept = self.__dict__.get("_sequences")
        if kept is not None:
            kept.pop(tag, None)

    def _element_handle(self, element: Element) -> DataElement:
        """The bound DataElement of ``element``: the same object each time (as pydicom's
        elements are), cached per tag; a changed element at the tag refreshes it."""
        handles = self._elements
        if handles is None:
            handles = {}
            set_slot(self, "_elements", handles)
        tag = element.tag
        handle = handles.get(tag)
        if handle is None:
            handle = handles[tag] = DataElement._bound(self._dataset(), element)
        elif handle._snapshot is not element:
            handle._rebind(self._dataset(), element)
        return handle

    def _store_vr(self, tag: int, vr: Any, code: str = "", value: Any = None) -> None:
        """Store ``vr`` (or, when None, ``value`` converted for ``code``) as element ``tag``.

        One functional update of this dataset's core under the tree's lock; an element
        that held items takes its item views out of the tree first.
        """
        core_tag = CoreTag(tag)
        while True:
            root = self._loc[0]
            with root.lock:
                if self._loc[0] is not root:
                    continue  # moved to another tree while we waited: lock that one
                current = self._core
                store = current._store
                old = store.get(core_tag)
                # .data, the mapping's own dict: the mapping's len() is Python code.
                if old is not None and root.views.data and may_hold_items(old):  # type: ignore[attr-defined]
                    root.detach((*self._path, tag))
                if vr is None:
                    vr = _values.to_core(core_tag, code, value, current.get)
                element = Element._make(core_tag, vr) if old is None else old._evolve(vr)
                if value is not None and isinstance(value, (bytes, bytearray)):
                    element = _forms.keep_bytes(element, value, self._dataset())  # text given as bytes keeps them
                new = current._derive(store.set(core_tag, element))
                if self._loc[1]:
                    self._publish(new)
                else:
                    root.core = new  # a top-level dataset: nothing above it to rebuild
                if isinstance(value, (datetime.date, datetime.time)):
                    # pydicom gives back the object assigned (DA('20190821') ==
                    # ds.StudyDate holds): the value cache, checked against this
                    # element, hands it out until the element changes.
                    self._remember(tag, element, value)
                elif _all_floats(value) and element.code == "FL":
                    # And FL floats as given, not as the 32 bits stored (1.23456, not
                    # 1.2345600128173828); a file written and read again has the 32 bits.
                    self._remember(tag, element, value if type(value) is float else value[0]
                                   if len(value) == 1 else  # one value, as pydicom unwraps it
                                   MultiValue._trusted(float, list(value), WriteBack(self, tag, "FL")))
                return

    def _remember(self, tag: int, element: Element, value: Any) -> None:
        """Make ``value`` the cached value of ``element`` at ``tag``."""
        values = self._values
        if values is None:
            values = {}
            set_slot(self, "_values", values)
        values[tag] = (element, _config_snapshot(), value)

    def _item_view(self, tag: int, index: int) -> Dataset:
        """The view of item ``index`` of sequence ``tag``: the same object each time.

        Views are held by their parent (its ``_children``), registered weakly in the
        root (for renumbering and detaching), and refer only to the root: no cycle.
        """
        root, path = self._loc
        children = self._children
        if children is None or self._children_gen != root.generation:
            children = {}  # first use, or views of the tree were renumbered or moved
            set_slot(self, "_children", children)
            set_slot(self, "_children_gen", root.generation)
        key = (tag << 32) | index  # an int key: no tuple per lookup
        view = children.get(key)
        if view is not None:
            return view
        path = (*path, tag, index)
        with root.lock:
            view = root.views.get(path)
            if view is None:
                from .dataset import Dataset  # items are plain Datasets; dataset.py imports us

                view = Dataset._view(root, path)
                root.views[path] = view  # a new plain view: nothing of its own to keep
        children[key] = view
        return view

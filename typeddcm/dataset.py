"""Dataset: an immutable, persistent mapping of tags to elements.

Strategy: elements live in a :class:`~typeddcm._persistent.SortedMap` keyed by
tag.  Every update returns a new Dataset that shares every untouched element,
item and chunk with the old one; nothing is deep-copied and nothing is ever
changed in place, so datasets can be shared between threads without locks.
Lazily computed state (the hash) is a pure function of the contents, so a race
between two threads computing it is harmless.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeAlias, TypeVar, overload

from typeddcm import _traverse
from typeddcm._convert import to_vr
from typeddcm._persistent import SortedMap
from typeddcm._traverse import ElementPath
from typeddcm.dictionary import dictionary_vr, private_lookup, tag_for_keyword
from typeddcm.element import Element, _no_single_value
from typeddcm.errors import (
    FrozenDatasetError,
    InvalidValueError,
    MissingAttributeError,
    UnknownKeywordError,
)
from typeddcm.key import Key
from typeddcm.private import PrivateBlock, block_of, find_block
from typeddcm.tag import Tag, TagLike, describe_tag, tag_path
from typeddcm.vr import SQ, VR

__all__ = ["Dataset", "DatasetKey", "ElementPath", "Path"]

V = TypeVar("V")
I = TypeVar("I")
D = TypeVar("D")
T = TypeVar("T")

#: Everything that can name an element of a dataset.
DatasetKey: TypeAlias = "Key[Any, Any] | TagLike"
#: A path into nested items: tag, item index, tag, ... (a final index names an item).
Path: TypeAlias = "tuple[Key[Any, Any] | TagLike | int, ...]"

_EMPTY_STORE: SortedMap[Tag, Element] = SortedMap.from_sorted((), ())


def resolve_tag(key: object) -> Tag:
    """The tag a key names: a Key, Tag, int, keyword or (group, element) pair."""
    kind = type(key)
    if kind is Tag:
        return key  # type: ignore[return-value]  # checked by the line above
    if kind is Key:
        return key.tag  # type: ignore[attr-defined, no-any-return]  # checked above
    if kind is int:
        number: int = key  # type: ignore[assignment]  # an int, checked by the line above
        if 0 <= number <= 0xFFFFFFFF:
            return int.__new__(Tag, number)  # adapters' paths hold plain ints: skip the checks
    if kind is str:
        found = tag_for_keyword(key)  # type: ignore[arg-type]  # checked above
        if found is None:
            msg = f"{key!r} is not a keyword of the DICOM data dictionary"
            raise UnknownKeywordError(msg, key)  # type: ignore[arg-type]  # a str, checked above
        return Tag(found)
    if isinstance(key, (int, tuple)):
        return Tag(key)
    msg = f"cannot use {type(key).__name__} {key!r} as a tag"
    raise TypeError(msg)


def _absent(tag: Tag) -> MissingAttributeError:
    return MissingAttributeError(f"{describe_tag(tag)} not in dataset")


def _path_text(path: Path, depth: int) -> str:
    """``path`` up to and including step ``depth``, as errors name it: "path (0008,1110)[0]"."""
    steps = tuple(resolve_tag(s) if i % 2 == 0 else s for i, s in enumerate(path[: depth + 1]))
    return f"path {tag_path(steps)}"  # type: ignore[arg-type]  # even steps are Tags now


def _key_vr(key: object, tag: Tag) -> str:
    if type(key) is Key:
        return key.vr
    return dictionary_vr(tag)


class Dataset(Mapping[Tag, Element]):
    """An immutable mapping of :class:`Tag` to :class:`Element`, in ascending tag order.

    Read with ``ds[key]`` where key is a typed key (``ds[keys.Rows]`` is the ``US``
    object), or a Tag, int, keyword or (group, element) pair (giving the
    :class:`Element`).  Derive changed datasets with :meth:`set`, :meth:`delete`,
    :meth:`discard`, :meth:`update`, :meth:`set_in`, :meth:`delete_in` and
    :meth:`mutate`.
    """

    __slots__ = ("_store", "_hash", "_origin")

    _store: SortedMap[Tag, Element]
    _hash: int | None
    #: Where the dataset was read from (set by the codec), or None.  The origin names
    #: the store it describes: its bytes may be reused only while ``_store`` is that
    #: very store; its style (undefined-length items) carries over to derived datasets.
    _origin: Any

    def __init__(
        self,
        elements: Iterable[Element] | Mapping[Any, Any] | None = None,
        /,
        **keywords: Any,
    ) -> None:
        store = _EMPTY_STORE
        if isinstance(elements, Dataset):
            store = elements._store
        elif elements is not None:
            store = Dataset._from_store(store)._updated(elements)._store
        if keywords:
            store = Dataset._from_store(store)._updated(keywords)._store
        object.__setattr__(self, "_store", store)
        object.__setattr__(self, "_hash", None)
        object.__setattr__(self, "_origin", None)

    @classmethod
    def _from_store(cls, store: SortedMap[Tag, Element], origin: Any = None) -> Dataset:
        # codec.reader.new_dataset does the same in compiled code (once per item read):
        # a slot added here must be set there too (tests/codec/test_reader_objects.py).
        obj = object.__new__(cls)
        object.__setattr__(obj, "_store", store)
        object.__setattr__(obj, "_hash", None)
        object.__setattr__(obj, "_origin", origin)
        return obj

    def _derive(self, store: SortedMap[Tag, Element]) -> Dataset:
        """A dataset over ``store`` that keeps this one's origin (for its encoding style)."""
        return Dataset._from_store(store, self._origin)

    @classmethod
    def from_sorted_elements(cls, elements: Iterable[Element]) -> Dataset:
        """Build from elements already in strictly ascending tag order (no sorting, no checks)."""
        listed = list(elements)
        return cls._from_store(SortedMap.from_sorted([e.tag for e in listed], listed))

    # ----- immutability -------------------------------------------------------------
    # Hidden from the type checker so that ``ds.X = ...`` and ``ds[k] = ...`` are type
    # errors; at run time they raise a FrozenDatasetError that says what to do instead.
    if not TYPE_CHECKING:

        def __setattr__(self, name, value):
            msg = f"Dataset is immutable: use ds.set({name!r}, ...) to derive a changed dataset"
            raise FrozenDatasetError(msg)

        def __delattr__(self, name):
            msg = f"Dataset is immutable: use ds.delete({name!r}) to derive a changed dataset"
            raise FrozenDatasetError(msg)

        def __setitem__(self, key, value):
            msg = "Dataset is immutable: use ds.set(key, value) to derive a changed dataset"
            raise FrozenDatasetError(msg)

        def __delitem__(self, key):
            msg = "Dataset is immutable: use ds.delete(key) to derive a changed dataset"
            raise FrozenDatasetError(msg)

    # ----- reading ------------------------------------------------------------------

    @overload
    def __getitem__(self, key: Key[V, Any]) -> V: ...

    @overload
    def __getitem__(self, key: TagLike) -> Element: ...

    def __getitem__(self, key: Key[Any, Any] | TagLike) -> Any:
        tag = resolve_tag(key)
        elem = self._store.get(tag)
        if elem is None:
            raise _absent(tag)
        if type(key) is Key:
            return elem.vr
        return elem

    @overload
    def get(self, key: Key[V, Any], default: None = None) -> V | None: ...

    @overload
    def get(self, key: Key[V, Any], default: D) -> V | D: ...

    @overload
    def get(self, key: TagLike, default: None = None) -> Element | None: ...

    @overload
    def get(self, key: TagLike, default: D) -> Element | D: ...

    def get(self, key: Key[Any, Any] | TagLike, default: object = None) -> object:
        """The VR object (typed key) or Element (other keys) for ``key``, else ``default``."""
        try:
            tag = resolve_tag(key)
        except UnknownKeywordError:
            return default
        elem = self._store.get(tag)
        if elem is None:
            return default
        return elem.vr if type(key) is Key else elem

    @overload
    def value_of(self, key: Key[VR[T], Any]) -> T | None: ...

    @overload
    def value_of(self, key: TagLike) -> object: ...

    def value_of(self, key: Key[Any, Any] | TagLike) -> object:
        """The single value of ``key``, or None when it is absent or empty (VM 0).

        For Type 2 attributes, which may be present and empty:
        ``ds.value_of(keys.StudyDate)`` is a ``Date | None``.  More than one value
        raises :class:`~typeddcm.errors.MultipleValuesError` naming the attribute
        (read those with :meth:`values_of`).
        """
        tag = resolve_tag(key)
        elem = self._store.get(tag)
        if elem is None:
            return None
        vr = elem.vr
        vm = vr.vm
        if vm == 1:
            return vr.value
        if vm == 0:
            return None
        raise _no_single_value(tag, vr)

    @overload
    def values_of(self, key: Key[VR[T], Any]) -> tuple[T, ...]: ...

    @overload
    def values_of(self, key: TagLike) -> tuple[object, ...]: ...

    def values_of(self, key: Key[Any, Any] | TagLike) -> tuple[object, ...]:
        """Every value of ``key`` as a tuple; ``()`` when it is absent or empty."""
        elem = self._store.get(resolve_tag(key))
        if elem is None:
            return ()
        values = elem.vr.values
        return values if type(values) is tuple else tuple(values)

    def __contains__(self, key: object) -> bool:
        try:
            tag = resolve_tag(key)
        except (TypeError, ValueError, KeyError):
            return False
        return self._store.get(tag) is not None

    def __iter__(self) -> Iterator[Tag]:
        return self._store.keys()

    def __len__(self) -> int:
        return len(self._store)

    def elements(self) -> Iterator[Element]:
        """The elements in ascending tag order."""
        return self._store.values()

    if not TYPE_CHECKING:
        # Keyword attributes (ds.PatientName) are for interactive use and give the VR
        # object.  Hidden from mypy, which would otherwise accept any attribute name
        # (typos included): typed code reads ds[keys.PatientName].

        def __getattr__(self, name):
            # Only called when normal lookup fails.
            if name.startswith("_"):
                raise AttributeError(name)
            tag = tag_for_keyword(name)
            if tag is None:
                msg = f"Dataset has no attribute {name!r}, and it is not a DICOM keyword"
                raise AttributeError(msg)
            elem = self._store.get(tag)
            if elem is None:
                msg = f"{name} {Tag(tag)} is not in this dataset"
                raise AttributeError(msg)
            return elem.vr

    def __dir__(self) -> list[str]:
        names = {e.keyword for e in self.elements()}
        names.discard("")
        return sorted(set(super().__dir__()) | names)

    def get_in(self, path: Path) -> Element | Dataset:
        """Follow ``path`` (tag, index, tag, ...) to an element, or to an item for a final index."""
        node: Dataset = self
        for depth in range(0, len(path), 2):
            tag = resolve_tag(path[depth])
            elem = node._store.get(tag)
            if elem is None:
                raise self._path_error(path, depth, f"{describe_tag(tag)} not in dataset")
            if depth == len(path) - 1:
                return elem
            sq = elem.vr
            if not isinstance(sq, SQ):
                raise self._path_error(path, depth, f"{elem.tag} is {elem.code}, not SQ")
            index = path[depth + 1]
            if not isinstance(index, int) or isinstance(index, (Tag, bool)):
                raise self._path_error(path, depth + 1, "an item index must be an int")
            node = self._item_at(path, depth + 1, sq, index)
        return node

    # ----- equality -----------------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Dataset):
            return NotImplemented
        if self._store is other._store:
            return True
        if len(self) != len(other):
            return False
        return all(
            a is b or a == b for a, b in zip(self.elements(), other.elements(), strict=True)
        )

    def __hash__(self) -> int:
        cached = self._hash
        if cached is None:
            cached = hash(tuple(self.elements()))
            object.__setattr__(self, "_hash", cached)
        return cached

    def __repr__(self) -> str:
        inner = ", ".join(f"{e.tag} {e.code}" for e in self.elements())
        return f"Dataset({{{inner}}})"

    def __str__(self) -> str:
        return "\n".join(_format_lines(self, ""))

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # As the bytes it was read from, read again when unpickled (typeddcm/_pickle.py).
        from typeddcm._pickle import reduce_dataset

        return reduce_dataset(self, int(protocol))

    def __copy__(self) -> Dataset:
        return self  # immutable: a copy would be indistinguishable

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        return self

    # ----- functional updates -------------------------------------------------------

    @overload
    def set(self, key: Key[V, I], value: V | I) -> Dataset: ...

    @overload
    def set(self, key: TagLike, value: object) -> Dataset: ...

    def set(self, key: Key[Any, Any] | TagLike, value: object) -> Dataset:
        """A new dataset with ``key`` set to ``value`` (a VR object, Element or natural value)."""
        tag = resolve_tag(key)
        if isinstance(value, Element):
            if value.tag != tag:
                msg = f"cannot store element {value.tag} under {tag}"
                raise InvalidValueError(value.code, value, msg)
            return self._derive(self._store.set(tag, value))
        vr = to_vr(tag, self._vr_for(key, tag), value, self._store.get)
        old = self._store.get(tag)
        elem = Element._make(tag, vr) if old is None else old._evolve(vr)
        return self._derive(self._store.set(tag, elem))

    def delete(self, key: DatasetKey) -> Dataset:
        """A new dataset without ``key``; KeyError when it is absent."""
        tag = resolve_tag(key)
        try:
            return self._derive(self._store.delete(tag))
        except KeyError:
            raise _absent(tag) from None

    def discard(self, key: DatasetKey) -> Dataset:
        """A new dataset without ``key``; this very dataset when it is absent."""
        tag = resolve_tag(key)
        if self._store.get(tag) is None:
            return self
        return self._derive(self._store.delete(tag))

    def update(
        self,
        changes: Mapping[Any, Any] | Iterable[Element] | Iterable[tuple[Any, Any]] = (),
        /,
        **keywords: Any,
    ) -> Dataset:
        """A new dataset with every change applied, in order (keywords last)."""
        result = self._updated(changes)
        return result._updated(keywords) if keywords else result

    def _updated(self, changes: Mapping[Any, Any] | Iterable[Any]) -> Dataset:
        pairs: Iterable[Any] = changes.items() if isinstance(changes, Mapping) else changes
        result = self
        for pair in pairs:
            if isinstance(pair, Element):
                result = result.set(pair.tag, pair)
            else:
                key, value = pair
                result = result.set(key, value)
        return result

    def set_in(self, path: Path, value: object) -> Dataset:
        """A new dataset with the element (or item, for a final index) at ``path`` set."""
        if not path:
            msg = "set_in needs a non-empty path"
            raise ValueError(msg)
        return self._rebuild_path(path, 0, lambda node, last: _apply_set(node, last, value))

    def delete_in(self, path: Path) -> Dataset:
        """A new dataset without the element (or item, for a final index) at ``path``."""
        if not path:
            msg = "delete_in needs a non-empty path"
            raise ValueError(msg)
        return self._rebuild_path(path, 0, _apply_delete)

    def _rebuild_path(self, path: Path, depth: int, leaf: Any) -> Dataset:
        step = path[depth]
        if depth == len(path) - 1:
            return leaf(self, step)  # type: ignore[no-any-return]  # leaf returns Dataset
        tag = resolve_tag(step)
        elem = self._store.get(tag)
        if elem is None:
            raise self._path_error(path, depth, f"{describe_tag(tag)} not in dataset")
        sq = elem.vr
        if not isinstance(sq, SQ):
            raise self._path_error(path, depth, f"{tag} is {elem.code}, not SQ")
        index = path[depth + 1]
        if not isinstance(index, int) or isinstance(index, (Tag, bool)):
            raise self._path_error(path, depth + 1, "an item index must be an int")
        if depth + 1 == len(path) - 1:
            new_sq = leaf(sq, index)
        else:
            item = self._item_at(path, depth + 1, sq, index)
            new_sq = SQ._trusted(sq.values.set(index, item._rebuild_path(path, depth + 2, leaf)))
        return self._derive(self._store.set(tag, elem._evolve(new_sq)))

    def _item_at(self, path: Path, depth: int, sq: SQ, index: int) -> Dataset:
        try:
            return sq.values[index]
        except IndexError as exc:
            raise IndexError(f"{_path_text(path, depth)}: {exc}") from None

    def _path_error(self, path: Path, depth: int, reason: str) -> MissingAttributeError:
        return MissingAttributeError(f"{_path_text(path, depth)}: {reason}")

    # ----- whole-tree operations ----------------------------------------------------

    def walk(self, *, recursive: bool = True) -> Iterator[tuple[ElementPath, Element]]:
        """Every element with its path (tag, item index, tag, ...), depth first in tag order.

        A sequence is yielded before the elements of its items, items in order;
        ``recursive=False`` stays at this level.  Each path can be given to
        :meth:`get_in`, :meth:`set_in` and :meth:`delete_in`.  Only sequences are
        decoded (to reach their items); other elements read from bytes stay undecoded.
        """
        return _traverse.walk(self, (), recursive)

    def remove_private_tags(self) -> Dataset:
        """A new dataset without private elements (every odd group, creators too), at every depth.

        Everything without a private element below it is shared, not copied (unchanged
        items and elements are the very same objects); with none at all, this dataset.
        """
        return _traverse.remove_private(self)

    def mutate(self) -> DatasetMutation:
        """A context manager for batch edits; ``finish()`` (or leaving the block) gives the result.

        >>> with ds.mutate() as m:
        ...     m.set(keys.Rows, 512)
        ...     m.delete(keys.Columns)
        >>> new_ds = m.finish()
        """
        return DatasetMutation(self)

    # ----- private blocks -----------------------------------------------------------

    def private_block(self, group: int, creator: str) -> PrivateBlock | None:
        """The block ``creator`` has reserved in ``group``, or None."""
        return find_block(self, group, creator)

    def reserve_private_block(self, group: int, creator: str) -> tuple[Dataset, PrivateBlock]:
        """The block of ``creator`` in ``group``, reserving the first free one if needed."""
        found = find_block(self, group, creator)
        if found is not None:
            return self, found
        block = block_of(self, group, creator)
        return self.set(block.creator_tag, creator), block

    def set_private(
        self, group: int, creator: str, offset: int, value: object
    ) -> Dataset:
        """Set element ``offset`` (0x00-0xFF) of ``creator``'s block, reserving it if needed.

        ``value`` is a VR object, or a natural value when the private dictionary
        knows the VR of this creator's element.
        """
        ds, block = self.reserve_private_block(group, creator)
        tag = block.tag(offset)
        if isinstance(value, (Element, VR)):
            return ds.set(tag, value)
        entry = private_lookup(creator, group, offset)
        vr = to_vr(tag, entry.vr if entry is not None else "", value, ds._store.get)
        return ds._derive(ds._store.set(tag, Element._make(tag, vr)))

    def get_private(self, group: int, creator: str, offset: int) -> Element | None:
        """Element ``offset`` of ``creator``'s block in ``group``, or None."""
        block = find_block(self, group, creator)
        return None if block is None else self._store.get(block.tag(offset))

    # ----- helpers ------------------------------------------------------------------

    def _vr_for(self, key: object, tag: Tag) -> str:
        code = _key_vr(key, tag)
        if code or not tag.is_private or tag.is_private_creator:
            return code or ("LO" if tag.is_private_creator else "")
        # A private data element: ask the private dictionary through its creator.
        creator_elem = self._store.get(Tag((tag & 0xFFFF0000) | ((tag >> 8) & 0xFF)))
        if creator_elem is not None and creator_elem.vr.values:
            creator = str(creator_elem.vr.values[0])
            entry = private_lookup(creator, tag.group, tag.element & 0xFF)
            if entry is not None:
                return entry.vr
        return ""


def _apply_set(node: Dataset | SQ, last: object, value: object) -> Dataset | SQ:
    if isinstance(node, SQ):
        if not isinstance(value, Dataset):
            msg = f"an item must be a Dataset, not {type(value).__name__}"
            raise TypeError(msg)
        assert isinstance(last, int)
        if last == len(node.values):
            return node.append(value)
        return node.set(last, value)
    return node.set(resolve_tag(last), value)


def _apply_delete(node: Dataset | SQ, last: object) -> Dataset | SQ:
    if isinstance(node, SQ):
        assert isinstance(last, int)
        return node.delete(last)
    return node.delete(resolve_tag(last))


def _format_lines(ds: Dataset, indent: str) -> Iterator[str]:
    for elem in ds.elements():
        vr = elem.vr
        if isinstance(vr, SQ):
            yield f"{indent}{elem.tag} {elem.name:35.35} SQ: {len(vr.values)} item(s)"
            for number, item in enumerate(vr.values):
                yield f"{indent}  item {number}:"
                yield from _format_lines(item, indent + "    ")
        else:
            text = str(vr)
            shown = text if len(text) <= 64 else text[:61] + "..."
            yield f"{indent}{elem.tag} {elem.name:35.35} {elem.code}: {shown}"


from typeddcm.mutation import DatasetMutation  # noqa: E402  - needs Dataset defined first

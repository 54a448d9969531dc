"""Dataset and FileDataset: pydicom's documented mutable API over the immutable core.

A compat Dataset holds no elements of its own.  It is a handle on a :class:`Root`
(the current immutable core Dataset and a lock) and a path to its place in it: ()
for a top-level dataset, (tag, index, ...) for a sequence item.  Every change is
one functional update of the core made under the lock, so changes are atomic and
threads sharing a dataset lose none; ``freeze()`` hands out the current core
without copying, and ``Dataset(core)`` wraps one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, SupportsIndex

import typeddcm
from typeddcm._traverse import may_hold_items
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dictionary import lookup, tag_for_keyword
from typeddcm.element import Element
from typeddcm.errors import DicomError
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import SQ, VR_CLASSES

from . import _values
from . import config as _config
from ._dataset3 import Dataset3Methods
from ._dataset_pixels import DatasetPixelMethods, PropertyError
from ._handle import TreeHandle
from ._private import PrivateBlock, find_private_block, private_creators
from ._tree import Root, as_is, carry_kept, give_state, own_state
from .dataelem import DataElement, RawDataElement
from .sequence import Sequence
from .tag import BaseTag, Tag

__all__ = ["Dataset", "FileDataset", "FileMetaDataset", "PrivateBlock", "PropertyError",
           "validate_file_meta"]


def _keyword_tag(name: str) -> int | None:
    # Keywords start upper case, but for one: "dBdt" (0018,1318).  Testing the first
    # letter keeps attributes such as ``filename`` away from the keyword lookup.
    if not name or not (name[0].isupper() or name == "dBdt"):
        return None
    return tag_for_keyword(name)


def _tag_of(key: Any) -> int:
    """Any tag form pydicom accepts: int, (group, element), keyword, BaseTag."""
    kind = type(key)
    if (kind is int or kind is BaseTag) and 0 <= key <= 0xFFFFFFFF:
        return key  # type: ignore[no-any-return]  # an int in range, checked above
    if isinstance(key, str):
        tag = tag_for_keyword(key)
        if tag is None:
            try:
                return int(Tag(key))
            except (ValueError, TypeError, OverflowError):
                raise KeyError(key) from None
        return tag
    return int(Tag(key))


#: VR code -> class, for the codes a str (text VRs) or an int (integer VRs) converts to
#: with ``VR(value)`` alone, exactly as ``_values.to_core`` would convert it.
_TEXT_CLASSES: dict[str, Callable[[Any], Any]] = {code: VR_CLASSES[code] for code in _values.TEXT_VRS}
_INT_CLASSES: dict[str, Callable[[Any], Any]] = {
    code: VR_CLASSES[code] for code in ("IS", "SL", "SS", "SV", "UL", "US", "UV")}


#: High bytes of the groups of repeating-group keywords ((50xx,eeee), (60xx,eeee),
#: (7Fxx,eeee)): only these are looked up for a repeater mask when set by keyword.
_REPEATER_GROUPS = frozenset({0x50, 0x60, 0x7F})


def _is_repeater(tag: int) -> bool:
    entry = lookup(tag)
    return entry is not None and bool(getattr(entry, "mask", None))


def _dictionary_vr(tag: int) -> str:
    entry = lookup(tag)
    return entry.vr if entry is not None and entry.vr else "UN"


if TYPE_CHECKING:  # typed keyword attributes (generated); nothing at run time
    from ._keyword_attributes import KeywordAttributes as _KeywordAttributes
else:
    _KeywordAttributes = object


class Dataset(TreeHandle, Dataset3Methods, DatasetPixelMethods, _KeywordAttributes):
    """A collection of DataElements, by tag; keyword attributes read and write values."""

    default_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"
    default_sequence_element_format = "%(tag)s %(name)-35.35s %(VR)s: %(repval)s"
    indent_chars = "   "
    # is_little_endian, is_implicit_VR, read_implicit_vr, read_little_endian, read_encoding:
    # properties of _dataset3.Dataset3Methods (stored under pydicom 3's private names).

    # Attributes pydicom code sets on datasets (the keyword ones are typed by the base).
    file_meta: Dataset
    preamble: bytes | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._bind(Root(CoreDataset()), ())
        for arg in args:
            if arg is None:  # pydicom 3 takes Dataset(None) as an empty dataset
                continue
            if isinstance(arg, (CoreDataset, Dataset)):
                self._take(arg if isinstance(arg, CoreDataset) else arg._core)
            elif hasattr(arg, "items"):
                for key, value in arg.items():
                    self[key] = value
            else:
                msg = f"Dataset() takes Datasets or mappings of tag -> DataElement, not {type(arg).__name__}"
                raise TypeError(msg)
        for keyword, value in kwargs.items():
            setattr(self, keyword, value)

    def _take(self, core: CoreDataset) -> None:
        """Take every element of ``core``: the core itself when this dataset is empty
        (``Dataset(core)`` wraps it, no copy), else element by element (shared values)."""
        with self._root.lock:
            current = self._core_locked()
            if not len(current):
                self._publish(core)
                return
            for element in core.elements():
                current = current.set(element.tag, element)
            self._publish(current)

    def freeze(self) -> CoreDataset:
        """The current immutable core Dataset (no copy: later changes here do not touch it)."""
        return self._core

    # pydicom sets seq_item_tell on the items it reads (the file offset of the item tag);
    # ours is the offset the core read the item at, unless code set one (fileset's
    # DICOMDIR offsets use it).  AttributeError where unknown, as pydicom's is absent.
    @property
    def seq_item_tell(self) -> int:
        """Where this sequence item starts in the file read (its item tag)."""
        told = self.__dict__.get("seq_item_tell")
        if told is not None:
            return int(told)
        origin = self._core._origin if self._loc[1] else None
        if origin is None:
            msg = f"{type(self).__name__!r} object has no attribute 'seq_item_tell'"
            raise AttributeError(msg)
        return int(origin.start)

    @seq_item_tell.setter
    def seq_item_tell(self, value: int) -> None:
        self.__dict__["seq_item_tell"] = value

    # --- setting values -------------------------------------------------------------

    def _set_value(self, tag: int, vr_code: str | None, value: Any) -> None:
        code = vr_code or _dictionary_vr(tag)
        if type(value) is str and value and "\\" not in value:
            # The commonest assignment (ds.PatientID = "X"): a str for a VR the dictionary
            # names alone is exactly ``VR(value)`` (what to_core would build); anything
            # it refuses takes the general path below, leniency and all.
            vr_class = _TEXT_CLASSES.get(code)
            if vr_class is not None:
                try:
                    vr = vr_class(value)
                except (TypeError, ValueError):  # InvalidValueError is a ValueError
                    pass
                else:
                    self._store_vr(tag, vr)
                    return
        elif type(value) is int and code in _INT_CLASSES:
            # ds.Rows = 512: an int for a VR of integers, with one VR, is ``VR(value)``.
            try:
                vr = _INT_CLASSES[code](value)
            except (TypeError, ValueError):  # out of range: the general path says why
                pass
            else:
                self._store_vr(tag, vr)
                return
        if isinstance(value, DataElement):
            self._add_element(value)
            return
        if code == "SQ" or (vr_code is None and isinstance(value, (list, tuple, Sequence))
                            and value and all(isinstance(v, (Dataset, CoreDataset)) for v in value)):
            items = [_sequence_item(v) for v in (value or [])]
            self._assign_sequence(tag, items)
            if isinstance(value, Sequence):
                value._bind(self, tag)  # as in pydicom, the list assigned is the value from now on
            return
        self._store_vr(tag, None, code, value)

    def _set_vr_object(self, tag: int, vr: Any) -> None:
        """Store a core VR object as the element ``tag`` (a fresh element, defined length)."""
        with self._root.lock:
            self._root.detach((*self._path, tag))
            current = self._core_locked()
            self._publish(current.set(CoreTag(tag), Element._make(CoreTag(tag), vr)))

    def _assign_sequence(self, tag: int, items: list[Dataset]) -> None:
        root = self._root
        self._forget_sequence(tag)
        with root.lock:
            cores = [item._core for item in items]
            root.detach((*self._path, tag))
            self._set_core_sequence(tag, cores)
            for index, item in enumerate(items):
                root.adopt(item, (*self._path, tag, index))

    def _set_core_sequence(self, tag: int, items: list[CoreDataset]) -> None:
        with self._root.lock:
            current = self._core_locked()
            old = current.get(CoreTag(tag))
            vr = SQ(items)
            element = Element._make(CoreTag(tag), vr) if old is None else old._evolve(vr)
            self._publish(current.set(CoreTag(tag), element))

    def _add_element(self, elem: DataElement) -> None:
        tag = int(elem.tag)
        if elem._owner is not None and elem._owner is not self:
            value = elem.value
            vr = elem.VR
        else:
            value, vr = elem._value, elem.VR
        if isinstance(value, Sequence) or vr == "SQ":
            self._assign_sequence(tag, [v if isinstance(v, Dataset) else Dataset(v) for v in value or []])
            if isinstance(value, Sequence):
                value._bind(self, tag)
        else:
            self._set_value(tag, vr, value)
        if elem._owner is None:  # a free element joins this dataset; one bound elsewhere stays
            elem._owner = self

    # --- attribute access by keyword ---------------------------------------------------

    # Hidden from type checkers: keyword attributes are typed one by one by the base
    # class, so a misspelt keyword or a wrong type is an error, not Any.
    if not TYPE_CHECKING:

        def __getattr__(self, name: str) -> Any:
            tag = _keyword_tag(name)
            if tag is None:
                msg = f"{type(self).__name__!r} object has no attribute {name!r}"
                raise AttributeError(msg)
            element = self._core._store.get(tag)
            if element is None:
                msg = f"{type(self).__name__!r} object has no attribute {name!r}"
                raise AttributeError(msg)
            return self._value_of(element.tag, element)

        def __setattr__(self, name: str, value: Any) -> None:
            tag = _keyword_tag(name)
            if tag is not None:
                if tag >> 24 in _REPEATER_GROUPS and _is_repeater(tag):
                    msg = (f"'{name}' is a DICOM repeating group element and must be added "
                           "using the add() or add_new() methods.")
                    raise ValueError(msg)
                self._set_value(tag, None, value)
            else:
                _config.check_attribute_name(name)  # INVALID_KEYWORD_BEHAVIOR
                if name == "file_meta":  # pydicom 3: None or a Dataset, kept as a FileMetaDataset
                    value = _file_meta_value(self, value)
                object.__setattr__(self, name, value)
                root, path = self._loc
                if path:  # an item now holds what its core cannot: its root keeps it
                    with root.lock:
                        if self._loc == (root, path):
                            root.keep(path, self)

        def __delattr__(self, name: str) -> None:
            tag = _keyword_tag(name)
            if tag is None:
                object.__delattr__(self, name)
                return
            if CoreTag(tag) not in self._core:
                raise AttributeError(name)
            del self[tag]


    def __dir__(self) -> list[str]:
        return sorted({*super().__dir__(), *self.dir()})

    # --- mapping-like access -----------------------------------------------------

    def __contains__(self, key: object) -> bool:
        try:
            tag = _tag_of(key)
        except (KeyError, ValueError, TypeError, OverflowError, DicomError) as error:
            _config.check_invalid_key(key, error)  # INVALID_KEY_BEHAVIOR
            return False
        return CoreTag(tag) in self._core

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice):
            return self._slice(key)
        tag = _tag_of(key)
        element = self._core._store.get(tag)
        if element is None:
            raise KeyError(Tag(tag))
        return self._element_handle(element)

    def _slice(self, key: slice) -> Dataset:
        start = 0 if key.start is None else _tag_of(key.start)
        stop = 0x100000000 if key.stop is None else _tag_of(key.stop)
        step = key.step or 1
        core = self._core
        chosen = [e for e in core.elements() if start <= int(e.tag) < stop]
        chosen = chosen[::step]
        return Dataset(CoreDataset.from_sorted_elements(chosen))

    def __setitem__(self, key: Any, value: Any) -> None:
        if isinstance(key, slice):
            raise NotImplementedError("Slicing is not supported when setting Dataset items")
        try:
            tag = _tag_of(key)
        except KeyError:  # an unknown keyword: pydicom 3's ValueError
            msg = f"Unable to convert the key {key!r} to an element tag"
            raise ValueError(msg) from None
        if isinstance(value, RawDataElement):
            given: object = value.value  # pydicom takes a decoded value here too
            if isinstance(given, (bytes, bytearray, memoryview)) or given is None:
                from ._rawelem import convert_raw_data_element

                value = convert_raw_data_element(value._replace(tag=Tag(value.tag)), ds=self)
            else:  # a value given already decoded (pydicom accepts that too)
                value = DataElement(value.tag, value.VR or _dictionary_vr(tag), value.value)
        if not isinstance(value, DataElement):
            msg = "Dataset contents must be DataElement instances"
            raise TypeError(msg)
        if int(value.tag) != tag:
            msg = f"DataElement.tag {value.tag} must match the key {Tag(tag)}"
            raise ValueError(msg)
        self._add_element(value)

    def __delitem__(self, key: Any) -> None:
        if isinstance(key, slice):
            for tag in [int(e.tag) for e in self._slice(key)._core.elements()]:
                del self[tag]
            return
        tag = _tag_of(key)
        with self._root.lock:
            current = self._core_locked()
            if CoreTag(tag) not in current:
                raise KeyError(Tag(tag))
            self._root.detach((*self._path, tag))
            self._publish(current.delete(CoreTag(tag)))

    def __iter__(self) -> Iterator[DataElement]:
        handle = self._element_handle
        for element in self._core.elements():
            yield handle(element)

    def __len__(self) -> int:
        return len(self._core)

    def __bool__(self) -> bool:
        return len(self) > 0

    def keys(self) -> list[BaseTag]:
        return [Tag(int(t)) for t in self._core]

    def values(self) -> list[DataElement]:
        return list(self)

    def items(self) -> list[tuple[BaseTag, DataElement]]:
        return [(e.tag, e) for e in self]

    def elements(self) -> Iterator[DataElement | RawDataElement]:
        """The top-level elements in tag order, raw where never read (as __getitem__ gives)."""
        for element in self._core.elements():
            yield self._raw_or_element(element)

    def _raw_or_element(self, element: Element) -> DataElement | RawDataElement:
        raw: Any = element._raw  # the reader's RawValue (offsets into the file's buffer)
        if element.is_decoded or raw is None or not hasattr(raw, "encoding"):
            return self._element_handle(element)
        value = bytes(raw.level.buffer[raw.value_start: raw.value_end])
        return RawDataElement(
            Tag(int(element.tag)), None if raw.encoding.implicit_vr else raw.vr,
            _declared_length(raw),
            value, raw.value_start, raw.encoding.implicit_vr, raw.encoding.little_endian)

    def get_item(self, key: Any, *, keep_deferred: bool = False,
                 ) -> DataElement | RawDataElement | Dataset | None:
        """The raw element if its value was never read, else the DataElement; slices too.

        ``keep_deferred`` (pydicom 3) is accepted: values are read when first used,
        so no element is left deferred for it to keep.
        """
        if isinstance(key, slice):
            return self._slice(key)
        element = self._core.get(CoreTag(_tag_of(key)))
        return None if element is None else self._raw_or_element(element)

    def get(self, key: Any, default: Any = None) -> Any:
        if isinstance(key, str):
            tag = tag_for_keyword(key)
            if tag is None:
                return getattr(self, key, default)
            element = self._core._store.get(tag)
            return default if element is None else self._value_of(element.tag, element)
        try:
            tag = _tag_of(key)
        except (ValueError, TypeError, OverflowError) as exc:
            raise TypeError("Dataset.get key must be a string or tag") from exc
        try:
            return self[tag]
        except KeyError:
            return default

    def data_element(self, name: str) -> DataElement | None:
        tag = tag_for_keyword(name)
        if tag is None:
            return None
        element = self._core._store.get(tag)
        return None if element is None else self._element_handle(element)

    def add(self, data_element: DataElement) -> None:
        self[data_element.tag] = data_element

    def add_new(self, tag: Any, VR: str, value: Any) -> None:
        self.add(DataElement(tag, VR, value))

    def clear(self) -> None:
        with self._root.lock:
            for tag in [int(t) for t in self._core_locked()]:
                self._root.detach((*self._path, tag))
            self._publish(CoreDataset())

    def copy(self) -> Dataset:
        """A shallow copy: a new Dataset over the same (immutable) core, shared, not copied."""
        new = type(self).__new__(type(self))
        new._bind(Root(self._core), ())
        give_state(new, *own_state(self, as_is))
        carry_kept(self, new._root, as_is)  # items of Dataset subclasses stay what they are
        return new

    def __copy__(self) -> Dataset:
        return self.copy()

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The core and the attributes; the lock is made anew (see compat/_pickle.py).
        from ._pickle import reduce_compat

        return reduce_compat(self, int(protocol))

    def __deepcopy__(self, memo: dict[int, Any]) -> Dataset:
        import copy as copy_module

        def copied(value: Any) -> Any:
            if isinstance(value, (CoreDataset, typeddcm.DicomFile)):
                return value  # immutable: shared
            return copy_module.deepcopy(value, memo)

        # The core is immutable: sharing it is a deep copy (buffered values: copied).
        from ._buffered import copy_buffers, made_any

        core = copy_buffers(self._core, memo) if made_any() else self._core
        new = type(self).__new__(type(self))
        memo[id(self)] = new
        new._bind(Root(core), ())
        carry_kept(self, new._root, copied, memo)  # placed first: state may refer to them
        give_state(new, *own_state(self, copied))
        return new

    def pop(self, key: Any, *default: Any) -> Any:
        try:
            tag = _tag_of(key)
        except (KeyError, ValueError, TypeError, OverflowError):
            if default:
                return default[0]
            raise KeyError(key) from None
        core_element = self._core.get(CoreTag(tag))
        if core_element is None:
            if default:
                return default[0]
            raise KeyError(Tag(tag))
        # As stored: raw if its value was never read (as pydicom pops it), else a free copy.
        popped = self._raw_or_element(core_element)
        if isinstance(popped, DataElement):
            value = popped.value
            if isinstance(value, Sequence):  # take the items before they leave the tree
                value = Sequence(list(value))
            popped = DataElement(popped.tag, popped.VR, value)
        del self[tag]
        return popped

    def popitem(self) -> tuple[BaseTag, DataElement]:
        tags = self.keys()
        if not tags:
            raise KeyError("popitem(): dataset is empty")
        tag = tags[-1]
        return tag, self.pop(tag)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key in self:
            return self[key]
        tag = int(Tag(key))  # an unknown keyword: Tag's ValueError, as pydicom
        if default is None:
            default = DataElement(tag, _dictionary_vr(tag), None)
        elif not isinstance(default, DataElement):
            default = DataElement(tag, _dictionary_vr(tag), default)
        self[key] = default
        return self[key]

    @classmethod
    def fromkeys(cls, iterable: Iterable[Any], value: Any = None) -> Dataset:
        ds = cls()
        for key in iterable:
            tag = _tag_of(key)
            ds[tag] = DataElement(tag, _dictionary_vr(tag), value)
        return ds

    def update(self, dictionary: Any = None, /, **kwargs: Any) -> None:
        """Keywords set values; tags take DataElements."""
        items = list(dictionary.items()) if dictionary is not None else []
        items += list(kwargs.items())
        for key, value in items:
            if isinstance(key, str) and tag_for_keyword(key) is not None:
                setattr(self, key, value)
            else:
                self[key] = value

    # --- private blocks (pydicom 2.x) -----------------------------------------------

    def private_block(self, group: int, private_creator: str, create: bool = False) -> PrivateBlock:
        """The block ``private_creator`` reserved in the odd ``group`` (PS3.5 7.8.1).

        ``create``: reserve the first free block when the creator has none (else KeyError).
        """
        blocks = self._blocks
        if blocks is not None:
            known = blocks.get((group, private_creator))
            if known is not None and known[0] is self._loc[0].core:
                return known[1]  # nothing in the tree changed since it was found
        return find_private_block(self, group, private_creator, create)

    def _remember_block(self, group: int, private_creator: str, block: PrivateBlock) -> None:
        """Keep ``block`` for ``private_block`` while the tree's core is the current one."""
        blocks = self._blocks
        if blocks is None:
            blocks = {}
            object.__setattr__(self, "_blocks", blocks)
        blocks[(group, private_creator)] = (self._loc[0].core, block)

    def private_creators(self, group: int) -> list[str]:
        """The private creators of the odd ``group``, in block order."""
        return private_creators(self, group)

    def add_new_private(self, private_creator: str, group: int, element_offset: int,
                        value: Any, vr: str | None = None) -> None:
        """Add element ``element_offset`` of ``private_creator``'s block in the odd
        ``group`` (the block is reserved if needed); ``vr`` None: the private
        dictionary's (KeyError when it has no entry), as pydicom 2.x/3."""
        block = self.private_block(group, private_creator, create=True)
        if vr is None:
            from .datadict import get_private_entry

            vr = get_private_entry((group, element_offset), private_creator)[0]
        block.add_new(element_offset, vr, value)

    def get_private_item(self, group: int, element_offset: int, private_creator: str) -> DataElement:
        """Element ``element_offset`` of ``private_creator``'s block in ``group`` (KeyError if absent)."""
        return self.private_block(group, private_creator)[element_offset]

    # --- whole-dataset operations -------------------------------------------------

    def dir(self, *filters: str) -> list[str]:
        keywords = [_values.compat_keyword(int(t)) for t in self._core]
        names = [k for k in keywords if k]
        if filters:
            lowered = [f.lower() for f in filters]
            names = [n for n in names if any(f in n.lower() for f in lowered)]
        return sorted(names)

    def trait_names(self) -> list[str]:
        return dir(self)

    def group_dataset(self, group: int) -> Dataset:
        return self[(group, 0x0000):(group + 1, 0x0000)]  # type: ignore[no-any-return]

    def iterall(self) -> Iterator[DataElement]:
        """Every element, depth first, as the dataset is when iteration starts."""
        # A stack of (dataset, its element iterator), not nested generators: an element
        # at depth d would otherwise pass through d generator frames on its way out.
        stack = [(self, iter(self._core.elements()))]
        while stack:
            ds, elements = stack[-1]
            handle = ds._element_handle
            for element in elements:
                yield handle(element)
                vr = element.vr
                if type(vr) is SQ and len(vr.values):
                    items = vr.values
                    item_view, tag = ds._item_view, element.tag
                    # The first item on top; this dataset's iterator resumes after the last.
                    for index in range(len(items) - 1, -1, -1):
                        stack.append((item_view(tag, index), iter(items[index].elements())))
                    break
            else:
                stack.pop()

    def walk(self, callback: Callable[[Dataset, DataElement], None], recursive: bool = True) -> None:
        """Call ``callback(dataset, element)`` for every element, items after their sequence.

        As pydicom: the tags are taken when the walk of this dataset starts; an element the
        callback removed is skipped, and a sequence's items are walked as they are after the
        callback ran (items it added are walked too).
        """
        for tag in [element.tag for element in self._core.elements()]:
            element = self._core._store.get(tag)
            if element is None:  # removed by the callback
                continue
            callback(self, self._element_handle(element))
            if not recursive:
                continue
            index = 0
            while True:
                element = self._core._store.get(tag)
                if element is None or not may_hold_items(element):
                    break
                items = element.vr.values
                if not isinstance(element.vr, SQ) or index >= len(items):
                    break
                self._item_view(tag, index).walk(callback, recursive)
                index += 1

    def remove_private_tags(self) -> None:
        def remove(ds: Dataset, elem: DataElement) -> None:
            if elem.is_private:  # any odd group, as pydicom counts them
                del ds[elem.tag]

        self.walk(remove)

    def decode(self) -> None:
        """Character sets are applied as values are read: nothing is left to do."""

    def formatted_lines(
        self,
        element_format: str = default_element_format,
        sequence_element_format: str = default_sequence_element_format,
        indent_format: str | None = None,
    ) -> Iterator[str]:
        for elem in self.iterall():
            fields = _format_fields(elem)
            yield (sequence_element_format if elem.VR == "SQ" else element_format) % fields

    def _pretty_str(self, indent: int = 0, top_level_only: bool = False) -> str:
        lines: list[str] = []
        indent_str = self.indent_chars * indent
        next_indent = self.indent_chars * (indent + 1)
        meta = getattr(self, "file_meta", None)
        if isinstance(meta, Dataset) and len(meta) and _config.show_file_meta:
            lines.append(f"{'Dataset.file_meta ':-<49}")
            lines.extend(indent_str + repr(elem) for elem in meta)
            lines.append(f"{'':-<49}")
        handle = self._element_handle
        for element in self._core.elements():
            elem = handle(element)
            vr = element.vr
            if isinstance(vr, SQ):
                items = vr.values
                lines.append(f"{indent_str}{elem.tag}  {elem.name}  {len(items)} item(s) ---- ")
                if not top_level_only:
                    for index in range(len(items)):
                        lines.append(self._item_view(element.tag, index)._pretty_str(indent + 1))
                        lines.append(next_indent + "---------")
            else:
                lines.append(indent_str + repr(elem))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self._pretty_str()

    __repr__ = __str__

    def top(self) -> str:
        return self._pretty_str(top_level_only=True)

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if isinstance(other, Dataset):
            return self._core == other._core
        if isinstance(other, CoreDataset):
            return self._core == other
        if isinstance(other, dict):
            return dict(self.items()) == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    # --- encoding, files and pixels -------------------------------------------------

    def ensure_file_meta(self) -> None:
        if not isinstance(getattr(self, "file_meta", None), Dataset):
            self.file_meta = Dataset()

    def fix_meta_info(self, enforce_standard: bool = True) -> None:
        from typeddcm.codec.transfer_syntax import transfer_syntax

        self.ensure_file_meta()
        meta: Dataset = self.file_meta
        implicit, little = self.is_implicit_VR, self.is_little_endian
        if implicit is True and little:
            meta.TransferSyntaxUID = "1.2.840.10008.1.2"
        elif implicit is False and little is False:
            meta.TransferSyntaxUID = "1.2.840.10008.1.2.2"
        elif implicit is False and little and "TransferSyntaxUID" in meta:
            syntax = transfer_syntax(str(meta.TransferSyntaxUID))
            if syntax.implicit_vr or not syntax.little_endian:
                msg = ("is_implicit_VR False and is_little_endian True do not say which "
                       "transfer syntax: set file_meta.TransferSyntaxUID")
                raise NotImplementedError(msg)
        if "SOPClassUID" in self:
            meta.MediaStorageSOPClassUID = self.SOPClassUID
        if "SOPInstanceUID" in self:
            meta.MediaStorageSOPInstanceUID = self.SOPInstanceUID
        if enforce_standard:
            validate_file_meta(meta, enforce_standard=True)

    # set_original_encoding, original_encoding, save_as: _dataset3.Dataset3Methods

    @property
    def is_original_encoding(self) -> bool:
        """Whether the dataset would be written as it was read: the same VR encoding
        and byte order (pydicom 4, ``config._use_future``: the character set alone) and
        the same character set."""
        state = self.__dict__
        read_charset = state.get("_read_charset")
        current_charset = self.get("SpecificCharacterSet", None)
        charset_same = (read_charset in (None, current_charset)
                        or _charset_text(read_charset) == _charset_text(current_charset)
                        or self.original_character_set == self._character_set)
        if _config._current.get().use_future:
            return bool(self.original_character_set == self._character_set)
        read = (state.get("_read_implicit"), state.get("_read_little"))
        if None in read:
            return False
        return (read == (self.is_implicit_VR, self.is_little_endian)) and charset_same


def _sequence_item(value: Any) -> Dataset:
    """An item of a sequence being set: a Dataset (a core one or a mapping is wrapped)."""
    if isinstance(value, Dataset):
        return value
    if isinstance(value, CoreDataset) or hasattr(value, "items"):
        return Dataset(value)
    msg = f"Sequence contents must be 'Dataset' instances, not {type(value).__name__}"
    raise TypeError(msg)


def _file_meta_value(ds: Dataset, value: Any) -> Any:
    """What ``ds.file_meta = value`` stores: None, or a FileMetaDataset (a Dataset is
    converted: ValueError if it holds other groups); TypeError for anything else."""
    from ._files import FileMetaDataset

    if value is None or isinstance(value, FileMetaDataset):
        return value
    if not isinstance(value, Dataset):
        msg = f"'{type(ds).__name__}.file_meta' must be a 'FileMetaDataset' instance"
        raise TypeError(msg)
    return FileMetaDataset(value)


def _declared_length(raw: Any) -> int:
    """The length field of a raw element's header (not what was there to read, if less)."""
    header = bytes(raw.level.buffer[raw.start: raw.value_start])
    order: Literal["little", "big"] = "little" if raw.encoding.little_endian else "big"
    if raw.encoding.implicit_vr or len(header) == 12:  # tag + 4; or tag, VR, 00 00, 4
        return int.from_bytes(header[-4:], order)
    return int.from_bytes(header[-2:], order)  # explicit short: tag, VR, 2-byte length


def _charset_text(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


_FORMAT_EXCLUDED = ("clear", "description", "from_json", "to_json", "to_json_dict", "validate")


def _format_fields(elem: DataElement) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for name in dir(elem):
        if name.startswith("_") or name in _FORMAT_EXCLUDED:
            continue
        attribute = getattr(elem, name)
        fields[name] = attribute() if callable(attribute) and name != "value" else attribute
    return fields


# The file-level classes build on Dataset; pydicom has them in this module.
from ._files import FileDataset, FileMetaDataset, validate_file_meta  # noqa: E402

"""Element: one data element, a tag and the VR object holding its values."""

from __future__ import annotations

import threading
from typing import Any, Final, NoReturn, Protocol, SupportsIndex

from typeddcm._mypyc import is_compiled
from typeddcm.errors import FileClosedError, FrozenDatasetError, MultipleValuesError
from typeddcm.tag import Tag, TagLike, as_tag, describe_tag
from typeddcm.vr import VR, AnyVR
from typeddcm.vr._base import no_single_value

__all__ = ["Element", "LazyValue", "element_builders"]

_ITEM_TAG = b"\xfe\xff\x00\xe0"  # (FFFE,E000) little endian: encapsulated data opens with it


class LazyValue(Protocol):
    """Where a value read from a buffer comes from; decodes it on request (the codec's)."""

    def decode(self, tag: Tag) -> AnyVR:
        """The VR object of the value; called once per element."""
        ...


# One lock for first decodes: decoding is CPU-bound under the GIL anyway, and the
# lock makes "decoded once" hold when many threads touch a fresh element at once.
_DECODE_LOCK = threading.RLock()
_lock: Final = _DECODE_LOCK.acquire
_unlock: Final = _DECODE_LOCK.release


class Element:
    """A data element: its tag and its value as a VR object; frozen.

    ``keyword`` and ``name`` come from the data dictionary; they are looked up on
    access rather than stored.  An element read from a file holds its source
    (``_raw``) and decodes its value on first access, once; the source also lets a
    writer reproduce the original bytes of an element nobody changed.
    """

    __slots__ = ("tag", "_vr", "_raw", "_undefined_length")

    # Set once, through object.__setattr__ (our __setattr__ refuses every assignment);
    # Final makes it read-only for mypy, and for mypyc, which compiles this class natively.
    tag: Final[Tag]  # type: ignore[misc]  # assigned in __init__, by object.__setattr__
    _vr: AnyVR | None
    _raw: LazyValue | None
    #: For SQ (and encapsulated data): whether it was, and so should be, written with
    #: undefined length.  Kept when a changed copy is derived with :meth:`_evolve`.
    _undefined_length: bool

    def __init__(self, tag: TagLike, vr: AnyVR | None, _raw: LazyValue | None = None,
                 _undefined_length: bool = False) -> None:
        # ``_raw``: the reader's lazy form (``vr`` None, ``tag`` already a Tag): compiled by
        # mypyc this constructor is the fast path, where object.__new__ cannot be used.
        if _raw is None:
            checked: object = vr  # callers without type checking may pass anything
            if not isinstance(checked, VR):
                msg = f"an Element holds a VR object (e.g. LO('x')), not {type(vr).__name__}"
                raise TypeError(msg)
            tag = as_tag(tag)
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "_vr", vr)
        object.__setattr__(self, "_raw", _raw)
        object.__setattr__(self, "_undefined_length", _undefined_length)

    @classmethod
    def _make(cls, tag: Tag, vr: AnyVR) -> Element:
        """Build without checks: for code that already holds a Tag and a VR object."""
        if COMPILED:
            return cls(tag, vr)
        obj: Element = _new(cls)
        _set_tag(obj, tag)
        _set_vr(obj, vr)
        _set_raw(obj, None)
        _set_undefined(obj, False)
        return obj

    @classmethod
    def _lazy(cls, tag: Tag, raw: LazyValue, undefined_length: bool) -> Element:
        """An element whose value ``raw`` decodes on first access: the reader's constructor."""
        if COMPILED:
            return cls(tag, None, raw, undefined_length)
        obj: Element = _new(cls)
        _set_tag(obj, tag)
        _set_vr(obj, None)
        _set_raw(obj, raw)
        _set_undefined(obj, undefined_length)
        return obj

    @classmethod
    def encapsulated(cls, tag: TagLike, vr: AnyVR) -> Element:
        """Encapsulated pixel data (PS3.5 A.4): ``vr`` (OB) holds the Basic Offset Table
        item and the fragment items; the element is written with undefined length and
        a sequence delimiter."""
        obj = cls._make(as_tag(tag), vr)
        object.__setattr__(obj, "_undefined_length", True)
        return obj

    @property
    def undefined_length(self) -> bool:
        """Whether the element was read (or is written) with undefined length."""
        return self._undefined_length

    def _evolve(self, vr: AnyVR) -> Element:
        """The same tag with a new value, keeping how it was encoded (undefined length).

        A bulk value keeps undefined length only while it is still encapsulated items
        (it opens with the Basic Offset Table item): native pixel bytes set over
        compressed ones must be written with their length, not as items.
        """
        undefined = self._undefined_length
        data = getattr(vr, "data", None)
        if undefined and data is not None and bytes(data[:4]) != _ITEM_TAG:
            undefined = False
        obj = Element._make(self.tag, vr)
        if undefined:
            object.__setattr__(obj, "_undefined_length", True)
        return obj

    @property
    def vr(self) -> AnyVR:
        """The value as a VR object (decoded on first access for elements read from bytes)."""
        vr = self._vr
        if vr is None:
            # acquire/release rather than ``with``: two C calls, where a compiled ``with``
            # looks up and calls __enter__ and __exit__ (once per value read: it shows).
            _lock()
            try:
                vr = self._vr
                if vr is None:
                    raw = self._raw
                    assert raw is not None  # an element has a value or a source
                    try:
                        vr = raw.decode(self.tag)
                    except ValueError as exc:
                        if "released memoryview" not in str(exc):
                            raise
                        # DicomFile.close() released the buffer this value was to come from.
                        msg = f"{self.tag}: the file was closed before this value was read"
                        raise FileClosedError(msg) from exc
                    object.__setattr__(self, "_vr", vr)
            finally:
                _unlock()
        return vr

    @property
    def is_decoded(self) -> bool:
        """Whether the value has been decoded (always true for elements built in code)."""
        return self._vr is not None

    # ``value: NoReturn``: an assignment is a type error too.
    def __setattr__(self, name: str, value: NoReturn) -> NoReturn:
        msg = "Element is immutable: use Dataset.set() to derive a changed dataset"
        raise FrozenDatasetError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = "Element is immutable"
        raise FrozenDatasetError(msg)

    @property
    def code(self) -> str:
        """The VR code of the value, e.g. ``"PN"``."""
        return self.vr.code

    @property
    def keyword(self) -> str:
        """The dictionary keyword, or ``""`` for private and unknown tags."""
        from typeddcm.dictionary import keyword_for_tag

        return keyword_for_tag(self.tag)

    @property
    def name(self) -> str:
        """The dictionary name; private and unknown tags get a descriptive placeholder."""
        from typeddcm.dictionary import lookup

        entry = lookup(self.tag)
        if entry is not None and entry.name:
            return entry.name
        return "Private tag data" if self.tag.is_private else "Unknown element"

    @property
    def vm(self) -> int:
        """The value multiplicity."""
        return self.vr.vm

    @property
    def value(self) -> object:
        """The single value; for VM 0 an :class:`~typeddcm.errors.EmptyValueError` (and for
        VM > 1 a :class:`~typeddcm.errors.MultipleValuesError`) naming the attribute."""
        vr = self.vr
        if vr.vm == 1:
            return vr.value
        raise _no_single_value(self.tag, vr)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Element):
            return NotImplemented
        return self.tag == other.tag and (self.vr is other.vr or self.vr == other.vr)

    def __hash__(self) -> int:
        return hash((int(self.tag), self.vr))

    def __repr__(self) -> str:
        return f"Element({self.tag}, {self.vr!r})"

    def __str__(self) -> str:
        return f"{self.tag} {self.name} {self.code}: {self.vr}"

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Read elements as their bytes (decoded again on first access): typeddcm/_pickle.py.
        from typeddcm._pickle import reduce_element

        return reduce_element(self, int(protocol))

    def __copy__(self) -> Element:
        return self  # immutable (a lazy value decodes to the same object either way)

    def __deepcopy__(self, memo: dict[int, Any]) -> Element:
        return self


def _no_single_value(tag: Tag, vr: AnyVR) -> MultipleValuesError:
    """The error for asking the single value of ``tag``'s ``vr`` when its VM is not 1."""
    from typeddcm.dictionary import keyword_for_tag, tag_for_keyword

    keyword = keyword_for_tag(tag)
    key = f"keys.{keyword}" if keyword and tag_for_keyword(keyword) == tag else f"0x{int(tag):08X}"
    return no_single_value(vr.code, vr.vm, describe_tag(tag), key)


#: Whether this module runs compiled by mypyc (Element is then a native class, which
#: object.__new__ cannot make: build elements with the constructor).
COMPILED = is_compiled(_no_single_value)


# Slot setters, bound once: the reader builds an element per data element read, and
# these skip the __setattr__ that makes elements immutable to everyone else.
_new: Any = object.__new__
_set_tag: Any = vars(Element)["tag"].__set__
_set_vr: Any = vars(Element)["_vr"].__set__
_set_raw: Any = vars(Element)["_raw"].__set__
_set_undefined: Any = vars(Element)["_undefined_length"].__set__


def element_builders() -> tuple[Any, Any, Any, Any, Any]:
    """``object.__new__`` and the slot setters of Element, for a reader that inlines
    :meth:`Element._lazy` in its hot loop (the codec; nothing else should need them).
    Pure Python only: compiled (``COMPILED``), ``tag`` is read-only and the callers
    use the constructor."""
    return _new, _set_tag, _set_vr, _set_raw, _set_undefined

"""DataElement and RawDataElement, as pydicom documents them.

A DataElement taken from a compat Dataset is *bound*: it names its dataset and tag
and reads its value from the dataset's current core, and assigning ``elem.value``
changes the dataset (as changing a pydicom element in place does).  A DataElement
made by the user is *free*: it holds tag, VR and value until added to a dataset,
from then on it is bound to that dataset.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from typeddcm.dictionary import lookup, private_lookup_tag
from typeddcm.element import Element
from typeddcm.tag import Tag as CoreTag

from . import _values
from .tag import BaseTag, Tag
from .uid import UID

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["DataElement", "RawDataElement"]


class RawDataElement(NamedTuple):
    """An element as read, not yet converted: its encoded value bytes and where they were."""

    tag: BaseTag
    VR: str | None
    length: int
    value: bytes | None
    value_tell: int
    is_implicit_VR: bool
    is_little_endian: bool
    is_raw: bool = True
    is_undefined_length: bool = False


class DataElement:
    """One data element: ``tag``, ``VR``, ``value``, ``VM``, ``name``, ``keyword`` ..."""

    descripWidth = 35
    maxBytesToDisplay = 16
    showVR = True

    def __init__(
        self,
        tag: int | tuple[int, int] | str,
        VR: str,
        value: Any,
        file_value_tell: int | None = None,
        is_undefined_length: bool = False,
        already_converted: bool = False,
    ) -> None:
        self._tag = Tag(tag)
        self._vr_code = VR
        self._value = value
        self._owner: Dataset | None = None
        self._snapshot: Element | None = None
        self._seen: object = None
        self.file_tell = file_value_tell
        self.is_undefined_length = is_undefined_length

    # --- binding --------------------------------------------------------------------

    @classmethod
    def _bound(cls, owner: Dataset, element: Element) -> DataElement:
        elem = cls.__new__(cls)
        elem._tag = Tag(int(element.tag))
        elem._vr_code = ""  # asked of the element on first use: taking one decodes nothing
        elem._snapshot = element
        elem._seen = owner._root.core  # the tree's core when the snapshot was current
        elem._value = None
        elem._owner = owner
        elem.file_tell = None
        elem.is_undefined_length = element.undefined_length
        return elem

    def _core_element(self) -> Element | None:
        owner = self._owner
        if owner is None:
            return None
        if owner._root.core is self._seen:  # nothing in the tree changed: still current
            return self._snapshot
        root = owner._root
        with root.lock:
            seen = root.core
            element = root.resolve(owner._path).get(CoreTag(int(self._tag)))
        self._seen, self._snapshot = seen, element
        return element

    # --- the documented attributes ------------------------------------------------

    @property
    def tag(self) -> BaseTag:
        return self._tag

    @property
    def VR(self) -> str:
        # Fixed when the element was taken from its dataset (as a pydicom element's VR
        # is): no walk to the dataset's current core for what cannot have changed.
        if not self._vr_code and self._snapshot is not None:
            self._vr_code = self._snapshot.code
        return self._vr_code

    @VR.setter
    def VR(self, code: str) -> None:
        self._vr_code = code

    @property
    def value(self) -> Any:
        if self._owner is None:
            return self._value
        element = self._core_element()
        if element is None:
            return self._value
        if element.code == "SQ":
            from .sequence import Sequence

            return Sequence._bound(self._owner, int(self._tag))
        owner, tag = self._owner, int(self._tag)

        def write_back(values: list[Any]) -> None:
            owner._set_value(tag, self.VR, values)

        return _values.to_python(element.vr, write_back)

    @value.setter
    def value(self, value: Any) -> None:
        if self._owner is None:
            self._value = value
        else:
            self._owner._set_value(int(self._tag), self.VR, value)
            element = self._core_element()
            if element is not None:
                self._vr_code = element.code

    @property
    def VM(self) -> int:
        element = self._core_element()
        if element is not None:
            return element.vm
        value = self._value
        if value is None or (isinstance(value, (str, bytes, list, tuple)) and len(value) == 0):
            return 0
        if isinstance(value, (list, tuple)) and self.VR != "SQ":
            return len(value)
        if isinstance(value, str) and self.VR not in ("LT", "ST", "UT", "UR"):
            return value.count("\\") + 1
        return 1

    @property
    def is_empty(self) -> bool:
        return self.VM == 0

    @property
    def empty_value(self) -> Any:
        if self.VR == "SQ":
            from .sequence import Sequence

            return Sequence()
        return "" if self.VR in _values.EMPTY_TEXT_VRS else None

    def clear(self) -> None:
        """Make the value empty."""
        self.value = self.empty_value

    @property
    def keyword(self) -> str:
        return _values.compat_keyword(int(self._tag))

    @property
    def is_private(self) -> bool:
        return bool(self._tag.group % 2)

    @property
    def private_creator(self) -> str | None:
        """The value of the element that reserved this one's block (gggg,00BB), if present."""
        if not self.is_private or self._owner is None:
            return None
        tag = int(self._tag)
        creator_tag = (tag & 0xFFFF0000) | ((tag & 0xFF00) >> 8)
        if creator_tag == tag:
            return None
        creator = self._owner._core.get(CoreTag(creator_tag))
        if creator is None or not creator.vr.values:
            return None
        value = creator.vr.values[0]
        return bytes(value).decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)

    @property
    def name(self) -> str:
        tag = int(self._tag)
        if self.is_private:
            creator = self.private_creator
            if creator:
                entry = private_lookup_tag(creator, tag)
                if entry is not None and entry.name:
                    return f"[{entry.name}]"
            elif (tag & 0xFFFF) >> 8 == 0:
                return "Private Creator"
            return "Private tag data"
        known = lookup(tag)
        if known is not None and known.name:
            return str(known.name)
        return "Group Length" if (tag & 0xFFFF) == 0 else ""

    def description(self) -> str:
        return self.name

    @property
    def is_retired(self) -> bool:
        entry = lookup(int(self._tag))
        return bool(entry is not None and entry.retired)

    @property
    def repval(self) -> str:
        value = self.value
        if self.VR == "SQ":
            return repr(value)
        if (self.VR in _LONG_VALUE_VRS and hasattr(value, "__len__")
                and len(value) > self.maxBytesToDisplay):
            return f"Array of {len(value)} elements"
        if self.maxBytesToDisplay < self.VM:
            return f"Array of {self.VM} elements"
        if isinstance(value, UID):
            return str(value.name)
        return repr(value)

    def __getitem__(self, key: int) -> Any:
        try:
            return self.value[key]
        except TypeError:
            raise TypeError("DataElement value is unscriptable (not a Sequence)") from None

    def __str__(self) -> str:
        name = f"{self.name[: self.descripWidth]:<{self.descripWidth}}"
        value = self.repval or ""
        if self.showVR:
            return f"{self.tag} {name} {self.VR}: {value}"
        return f"{self.tag} {name} {value}"

    __repr__ = __str__

    def __eq__(self, other: object) -> bool:
        if other is self:
            return True
        if not isinstance(other, DataElement):
            return NotImplemented
        return (self.tag == other.tag and self.VR == other.VR
                and _same(self.value, other.value))

    def __ne__(self, other: object) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None  # type: ignore[assignment]  # mutable, like pydicom's


_LONG_VALUE_VRS = frozenset({"OB", "OD", "OF", "OL", "OW", "OV", "UN", "UC", "UT", "LT"})


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b)
    except ValueError:  # numpy arrays compare element-wise
        import numpy as np

        return bool(np.array_equal(a, b))


"""DataElement and RawDataElement, as pydicom documents them.

A DataElement taken from a compat Dataset is *bound*: it names its dataset and tag
and reads its value from the dataset's current core, and assigning ``elem.value``
changes the dataset (as changing a pydicom element in place does).  A DataElement
made by the user is *free*: it holds tag, VR and value until added to a dataset,
from then on it is bound to that dataset.
"""

from __future__ import annotations

import io
import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

from typeddcm.dictionary import lookup, private_lookup_tag
from typeddcm.element import Element
from typeddcm.tag import Tag as CoreTag

from . import _values, config
from .config import _current as _config_context
from .sequence import Sequence
from .tag import BaseTag, Tag
from .uid import UID

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["DataElement", "DataElement_from_raw", "DeferredDataElement", "RawDataElement",
           "convert_raw_data_element"]


#: The current context's config snapshot (immutable: a new object when a knob changes).
_config_snapshot = _config_context.get


#: tag number -> the BaseTag that bound elements show (BaseTags are immutable).
_SHOWN_TAGS: dict[int, BaseTag] = {}


class _NoRoot:
    """Stands for "no root" in a DataElement's known value: its core is never a core."""

    core = object()


_NO_ROOT: Any = _NoRoot()


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
    #: pydicom 3's last field (2.x had ``is_undefined_length`` there: now the property).
    is_buffered: bool = False

    @property
    def is_undefined_length(self) -> bool:
        """Whether the element was encoded with undefined length (0xFFFFFFFF)."""
        return self.length == 0xFFFFFFFF


class DataElement:
    """One data element: ``tag``, ``VR``, ``value``, ``VM``, ``name``, ``keyword`` ..."""

    # Slots for what every element has (a dataset hands out one per element it shows, so
    # their cost counts); __dict__ for anything else code sets on one.
    __slots__ = ("__dict__", "_known_core", "_known_root", "_known_settings", "_known_value",
                 "_owner_ref", "_seen", "_snapshot", "_tag", "_value", "_vr_code", "file_tell",
                 "is_undefined_length")

    _known_core: object
    _known_root: Any
    _known_settings: object
    _known_value: Any

    #: The validation mode given to the constructor, for later sets (None: the context's).
    validation_mode: int | None = None

    is_raw = False  # pydicom: a DataElement is not a RawDataElement
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
        validation_mode: int | None = None,
    ) -> None:
        self._tag = Tag(tag)
        self._vr_code = VR
        if _is_buffer(value):  # pydicom 3's buffered value: checked, kept (compat/_buffered.py)
            from ._buffered import check_buffered

            check_buffered(int(self._tag), VR, value)
            already_converted = True
        if validation_mode is not None:
            self.validation_mode = validation_mode  # for later sets of the value (pydicom 3)
        if not already_converted:
            # pydicom 3: the value is checked as it is given, under ``validation_mode`` (None:
            # the context's reading mode, IGNORE by default as in 1.x): WARN warns, RAISE raises.
            from .config import reading_mode

            _validate(VR, value, reading_mode() if validation_mode is None else validation_mode)
        # pydicom converts what it is given (DS text to DSfloat, a backslash list ...).
        self._value = value if already_converted else coerce_value(VR, value)
        self._owner_ref: weakref.ref[Dataset] | None = None
        # A bound element's last read: the root, its core then, the config snapshot and
        # the value.  Valid while the root's core is that very object (any change anywhere
        # in the tree makes a new one; a root whose datasets moved to another tree gets a
        # new one too, see Root.adopt) and the knobs are those.  A strong reference to the
        # root makes no cycle: a root refers to its datasets only weakly.  Slots, not one
        # tuple: one object less per element of a big tree.
        self._forget()
        self._snapshot: Element | None = None
        self._seen: object = None
        self.file_tell = file_value_tell
        self.is_undefined_length = is_undefined_length

    # --- binding --------------------------------------------------------------------

    @classmethod
    def _bound(cls, owner: Dataset, element: Element) -> DataElement:
        elem = cls.__new__(cls)
        tag = element.tag
        shown = _SHOWN_TAGS.get(tag)
        if shown is None:  # one BaseTag per tag number, shared: no new object per element
            shown = _SHOWN_TAGS[tag] = int.__new__(BaseTag, tag)  # in range: no checks
        elem._tag = shown
        elem._vr_code = ""  # asked of the element on first use: taking one decodes nothing
        elem._snapshot = element
        elem._seen = owner._loc[0].core  # the tree's core when the snapshot was current
        elem._value = None
        elem._forget()
        elem._owner_ref = weakref.ref(owner)
        # Where the value starts in what was read (the file, for a dcmread of a path or
        # bytes); None for a value made in code.
        elem.file_tell = getattr(element._raw, "value_start", None)
        elem.is_undefined_length = element.undefined_length
        return elem

    def _forget(self) -> None:
        """No value known (the check in ``value`` fails: no root's core is None)."""
        self._known_core = None
        self._known_root = _NO_ROOT
        self._known_settings = None
        self._known_value = None

    def _rebind(self, owner: Dataset, element: Element) -> None:
        """Show ``element`` (the current one at this tag of ``owner``) from now on."""
        self._snapshot = element
        self._seen = owner._loc[0].core
        self._vr_code = ""
        self.is_undefined_length = element.undefined_length

    @property
    def _owner(self) -> Dataset | None:
        """The dataset this element is bound to, None for a free one.

        Held weakly: a dataset caches the elements it hands out, and a strong reference
        back would make every dataset a reference cycle (freed only by the cyclic garbage
        collector, slowly, for big trees).  A dataset stays alive while anything above it
        is held; once nothing is, no one can change it, and the element keeps the value it
        last saw (``_snapshot``).
        """
        ref = self._owner_ref
        return None if ref is None else ref()

    @_owner.setter
    def _owner(self, owner: Dataset | None) -> None:
        self._owner_ref = None if owner is None else weakref.ref(owner)

    def _core_element(self) -> Element | None:
        owner = self._owner
        if owner is None:
            return self._snapshot  # free (None), or bound to a dataset no longer held
        seen = owner._loc[0].core
        if seen is self._seen:  # nothing in the tree changed: still current
            return self._snapshot
        element = owner._core._store.get(self._tag)
        # Snapshot first: a reader between the two stores gets a newer element, never an
        # older one than the core it compares.
        self._snapshot = element
        self._seen = seen
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
        if self._known_root.core is self._known_core and self._known_settings is _config_snapshot():
            # The tree has not changed since this value was converted, nor have the knobs:
            # no walk to the dataset, no conversion (see ``_known_*`` in __init__).
            return self._known_value
        ref = self._owner_ref
        owner = None if ref is None else ref()
        if owner is None:
            if self._snapshot is not None:  # its dataset is gone: the value it last saw
                return _values.to_python(self._snapshot.vr)
            return self._value
        element = self._core_element()
        if element is None:
            return self._value
        value = owner._value_of(element.tag, element, remember=False)
        if type(value) is not Sequence:  # a Sequence holds its dataset: made per read
            # The core last, after the rest: a reader that sees it matching sees the rest.
            self._known_core = None
            self._known_value = value
            self._known_settings = _config_snapshot()
            self._known_root = owner._loc[0]
            self._known_core = self._seen
        return value

    @value.setter
    def value(self, value: Any) -> None:
        if self._owner is None:
            vr_code = self.VR
            # Free from now on (a bound element whose dataset is gone becomes free too).
            self._snapshot = None
            self._forget()
            if not _is_buffer(value):
                from .config import writing_mode

                mode = self.validation_mode
                _validate(vr_code, value, writing_mode() if mode is None else mode)
            self._value = coerce_value(vr_code, value)
        else:
            self._owner._set_value(int(self._tag), self.VR, value)
            element = self._core_element()
            if element is not None:
                self._vr_code = element.code

    @property
    def VM(self) -> int:
        element = self._core_element()
        if element is not None:
            # A sequence is one value, its items however many (PS3.5 7.5, PS3.6 lists VM 1
            # for every SQ attribute; pydicom 3 says so too, where 1.x counted the items).
            return 1 if element.code == "SQ" else element.vm
        value = self._value
        if self.VR == "SQ":
            return 1
        if value is None or (isinstance(value, (str, bytes, list, tuple)) and len(value) == 0):
            return 0
        if _is_buffer(value):
            from .fileutil import buffer_length

            return 1 if buffer_length(value) else 0
        if isinstance(value, (list, tuple)) and self.VR != "SQ":
            return len(value)
        if isinstance(value, str) and self.VR not in ("LT", "ST", "UT", "UR"):
            return value.count("\\") + 1
        return 1

    @property
    def is_buffered(self) -> bool:
        """Whether the value is a buffer (pydicom 3), read when the element is written."""
        return _is_buffer(self.value)

    @property
    def is_empty(self) -> bool:
        if self._snapshot is None and self.VR == "SQ":  # a free sequence: no items
            return self._value is None or len(self._value) == 0
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
        """The value of the element that reserved this one's block (gggg,00BB), if present;
        for a free element, what code set here (pydicom 3 sets it when it adds one)."""
        given = self.__dict__.get("_private_creator")
        if given is not None or not self.is_private or self._owner is None:
            return given
        tag = int(self._tag)
        creator_tag = (tag & 0xFFFF0000) | ((tag & 0xFF00) >> 8)
        if creator_tag == tag:
            return None
        creator = self._owner._core.get(CoreTag(creator_tag))
        if creator is None or not creator.vr.values:
            return None
        value = creator.vr.values[0]
        return bytes(value).decode("latin-1") if isinstance(value, (bytes, memoryview)) else str(value)

    @private_creator.setter
    def private_creator(self, creator: str | None) -> None:
        self.__dict__["_private_creator"] = creator

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
        if self.is_private:  # not the standard's: never retired (the dictionary's group
            return False     # lengths are generic entries)
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

    # The DICOM JSON model (PS3.18 F): compat/jsonrep.py over typeddcm.dicomjson.
    @classmethod
    def from_json(cls, dataset_class: type[Dataset], tag: Any, vr: str, value: Any,
                  value_key: str | None,
                  bulk_data_uri_handler: Any = None) -> DataElement:
        """A free DataElement from a DICOM JSON attribute's parts."""
        from .jsonrep import element_from_json

        return element_from_json(cls, dataset_class, tag, vr, value, value_key,
                                 bulk_data_uri_handler)

    def to_json_dict(self, bulk_data_element_handler: Any,
                     bulk_data_threshold: int) -> dict[str, Any]:
        """This element as a DICOM JSON attribute object (a dict)."""
        from .jsonrep import element_to_json_dict

        return element_to_json_dict(self, bulk_data_element_handler, bulk_data_threshold)

    def to_json(self, bulk_data_threshold: int = 1024, bulk_data_element_handler: Any = None,
                dump_handler: Any = None) -> Any:
        """This element as DICOM JSON text (``dump_handler``: how the dict is dumped)."""
        from .jsonrep import element_to_json

        return element_to_json(self, bulk_data_threshold, bulk_data_element_handler,
                               dump_handler)


_LONG_VALUE_VRS = frozenset({"OB", "OD", "OF", "OL", "OW", "OV", "UN", "UC", "UT", "LT"})


def _validate(vr: str, value: Any, mode: int) -> None:
    """Check each value of ``value`` for ``vr`` under ``mode`` (text with backslashes is
    several values, except for the VRs whose one value may hold them)."""
    if mode == config.IGNORE or value is None:
        return
    from ._vrsets import ALLOW_BACKSLASH, validate_value

    if vr not in ALLOW_BACKSLASH:
        if isinstance(value, str) and "\\" in value:
            value = value.split("\\")
        elif isinstance(value, bytes) and b"\\" in value:
            value = value.split(b"\\")
    if isinstance(value, (list, tuple)) and vr != "SQ":
        for item in value:
            validate_value(vr, item, mode)
    else:
        validate_value(vr, value, mode)


def _is_buffer(value: object) -> bool:
    return isinstance(value, io.BufferedIOBase)


def _same(a: Any, b: Any) -> bool:
    if _is_buffer(a) or _is_buffer(b):  # a buffered value: its content, read now
        from .fileutil import buffer_equality

        return buffer_equality(a, b) if _is_buffer(a) else buffer_equality(b, a)
    try:
        return bool(a == b)
    except ValueError:  # numpy arrays compare element-wise
        import numpy as np

        return bool(np.array_equal(a, b))


# Raw elements to DataElements, deferred elements and value conversion (they use
# DataElement, so they come after it).
from ._rawelem import (  # noqa: E402
    DataElement_from_raw,
    DeferredDataElement,
    coerce_value,
    convert_raw_data_element,
)

# --- pydicom 1.x's value tests -----------------------------------------------------------


def isMultiValue(value: Any) -> bool:
    """True when ``value`` is list-like (iterable and not text or bytes), as pydicom 1.x."""
    if isinstance(value, (str, bytes)):
        return False
    try:
        iter(value)
    except TypeError:
        return False
    return True


def isStringOrStringList(value: Any) -> bool:
    """True when ``value`` is a str, or list-like with only str items (pydicom 1.x)."""
    if isMultiValue(value):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str)

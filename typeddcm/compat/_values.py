"""Core VR objects <-> the values pydicom code reads and assigns.

Reading (``to_python``): text VRs give ``str`` ('' when empty), UI a UID, PN a
PersonName, DS/IS DSfloat/IS that keep their text, DA/DT/TM their text (or date
objects under ``config.datetime_conversion``), binary numbers ``int``/``float``
(None when empty), AT a tag, bulk VRs ``bytes``; several values a MultiValue.

Assigning (``to_core``): the same shapes back, a backslash-joined string split for
multi-valued VRs (as pydicom splits it); the other forms pydicom code assigns (bytes
for text, numbers as text, str for OB/OW, a (group, element) AT) are made natural
first by ``_forms.accepted``.  Values the core's strict checks refuse
are still taken the way pydicom takes them: text is read back through the codec's
lenient decoder, exactly as if it had been read from a file, so nothing the user
wrote is lost or changed.  ``config.settings.writing_validation_mode`` says what
such a value does on the way: nothing (IGNORE), a warning (WARN) or ``ValueError``
(RAISE, and ``config.enforce_valid_values``).  ``reading_validation_mode`` does the
same for a value that breaks PS3.5 when it is converted for pydicom code (each
read; a value already warned about is not warned about again).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import sys
import warnings
import weakref
from collections.abc import Callable
from typing import Any

from typeddcm._convert import Lookup, to_vr, vr_code_for
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET
from typeddcm.codec.values import decode_value
from typeddcm.errors import DicomWarning, InvalidValueError
from typeddcm.tag import Tag
from typeddcm.vr import UN, VR, VR_CLASSES, AnyVR
from typeddcm.vr.numeric_string import DSNumber, ISNumber
from typeddcm.vr.person_name import PersonName as CorePersonName

from . import _forms, config, valuerep
from .multival import MultiValue
from .tag import Tag as CompatTag
from .uid import UID

__all__ = ["BULK_VRS", "EMPTY_TEXT_VRS", "TEXT_VRS", "compat_keyword", "to_core", "to_python"]

TEXT_VRS = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST",
                      "TM", "UC", "UI", "UR", "UT"})
# VRs whose empty value pydicom shows as '' (the rest, numbers and bytes, as None).
EMPTY_TEXT_VRS = TEXT_VRS - {"DS", "IS"}
BULK_VRS = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN"})
# VRs whose one value may contain a backslash (PS3.5 6.2): never split.
_SINGLE_TEXT = frozenset({"LT", "ST", "UT", "UR"})


def compat_keyword(tag: int) -> str:
    """The keyword pydicom gives ``tag``: none for private tags or generic group lengths."""
    from typeddcm.dictionary import keyword_for_tag

    if (tag >> 16) % 2:
        return ""
    keyword = keyword_for_tag(tag) or ""
    return "" if keyword == "GenericGroupLength" else keyword


def _datetime_conversion() -> bool:
    return config._current.get().datetime_conversion  # the snapshot: no module __getattr__


def _ds_decimal() -> bool:
    return config._current.get().use_DS_decimal


# Invalid VR objects already warned about (set under WARN, or read under WARN), by id,
# with a weak reference that both proves the id still names that object and removes
# the entry when it dies.  Valid objects are not kept: they are checked again.
_reported: dict[int, weakref.ref[Any]] = {}


def _was_reported(vr: AnyVR) -> bool:
    ref = _reported.get(id(vr))
    return ref is not None and ref() is vr


def _forget(key: int) -> Callable[[weakref.ref[Any]], None]:
    def forget(_ref: weakref.ref[Any]) -> None:
        _reported.pop(key, None)

    return forget


def _remember(vr: AnyVR) -> None:
    key = id(vr)
    # An object that cannot be weakly referenced is not kept: it may be warned about again.
    with contextlib.suppress(TypeError):
        _reported[key] = weakref.ref(vr, _forget(key))


# pydicom shows an empty value as it was set: None, '', b'' or [] (one read from a file
# as '' for text, None for DS/IS, numbers and bytes).  A set stores one shared empty VR
# object per VR and form (VR objects are immutable), and to_python knows it by identity
# (one empty object per form and VR, never freed: no registry of live objects needed).
_SHOWN_EMPTY: dict[tuple[str, str], AnyVR] = {}


def _marked_empty(code: str, value: Any) -> AnyVR | None:
    """The shared empty VR object that shows ``value`` (None, '', b'' or []) as set."""
    if code == "SQ":
        return None
    if value is None:
        form = "none"
    elif isinstance(value, str):
        form = "str"
    elif isinstance(value, bytes):
        form = "bytes"
    elif isinstance(value, list):
        form = "list"
    else:
        return None
    made = _SHOWN_EMPTY.get((code, form))
    if made is None:
        made = _SHOWN_EMPTY[(code, form)] = VR_CLASSES[code]()
    return made


_EMPTY_FORMS: dict[str, Any] = {"none": None, "str": "", "bytes": b""}


def _shown_empty(vr: AnyVR) -> Any:
    """How an empty ``vr`` is shown: None, '', or b'' (for a marked one)."""
    code = vr.code
    for form, shown in _EMPTY_FORMS.items():
        if _SHOWN_EMPTY.get((code, form)) is vr:
            return valuerep.PersonName("") if form == "str" and code == "PN" else shown
    if _SHOWN_EMPTY.get((code, "list")) is vr:
        return []  # a new list each time: the caller may fill it
    if code in EMPTY_TEXT_VRS and not config._current.get().use_none_as_empty_text_VR_value:
        # An empty PN is an empty PersonName (pydicom >= 2.1; it equals '' as 1.x's did).
        return valuerep.PersonName("") if code == "PN" else ""
    return None


def _warn(error: InvalidValueError) -> None:
    """Warn about ``error`` at the nearest caller outside typeddcm."""
    level, frame = 2, sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("typeddcm."):
        frame, level = frame.f_back, level + 1
    warnings.warn(str(error), DicomWarning, stacklevel=level)


def _check_read(vr: AnyVR) -> None:
    """Apply the reading validation mode to ``vr`` as it is shown to pydicom code."""
    mode = config.reading_mode()
    if mode == config.IGNORE or _was_reported(vr):
        return
    try:
        vr.validate()
    except InvalidValueError as error:
        if mode == config.RAISE:
            raise
        _warn(error)
        _remember(vr)


def _one(code: str, value: Any) -> Any:
    if code == "PN":
        return valuerep.person_name(value)
    if code == "DS":
        return valuerep.ds_value(value, _ds_decimal())
    if code == "IS":
        return valuerep.is_value(value)
    if code in ("DA", "DT", "TM"):
        return valuerep.temporal(value) if _datetime_conversion() else value.text
    if code == "UI":
        return UID(value, validation_mode=config.IGNORE)  # the VR was checked (to_python)
    if code == "AT":
        return CompatTag(int(value))
    if code in TEXT_VRS:
        return str(value)
    return value


def _numpy_numbers(code: str, values: Any) -> Any:
    """config.use_DS_numpy / use_IS_numpy: float64 or int64, an array for several values
    and a numpy scalar for one (ValueError for text that is no number, as pydicom)."""
    import numpy as np

    kind = np.float64 if code == "DS" else np.int64
    # From the text (a number the core parsed leniently from bad text is refused).
    texts = [str(getattr(v, "text", v)).strip() for v in values]
    made = np.array([float(t) if code == "DS" else int(t) for t in texts], dtype=kind)
    return made[0] if len(made) == 1 else made


def to_python(vr: AnyVR, write_back: Callable[[list[Any]], None] | None = None) -> Any:
    """The pydicom-style value of a (non-SQ) VR object."""
    code = vr.code
    _check_read(vr)
    if code in BULK_VRS:
        buffer = getattr(vr, "buffer", None)
        if buffer is not None:  # a buffered value (compat/_buffered.py): the buffer given
            return buffer
        data = vr.data  # type: ignore[union-attr]
        return bytes(data) if len(data) else _shown_empty(vr)
    values = vr.values
    if not values:
        return _shown_empty(vr)
    if code in ("DS", "IS") and config.numpy_values(code):
        return _numpy_numbers(code, values)
    if len(values) == 1:
        return _one(code, values[0])
    # Items appended later are made as pydicom makes them (compat/_forms.py).
    return MultiValue._trusted(_forms.item_constructor(code), [_one(code, v) for v in values],
                               write_back)


def _natural(code: str, value: Any) -> Any:
    """A pydicom-style value as the core's constructors take it."""
    if isinstance(value, (list, tuple)):
        if code in TEXT_VRS:
            # None among several text values (pydicom keeps it; DICOM JSON gives null)
            # is an empty value: "CT\\" holds "CT" and an empty one.
            return ["" if v is None else _natural(code, v) for v in value]
        return [_natural(code, v) for v in value]
    if isinstance(value, CorePersonName):
        return str(value)
    if isinstance(value, (valuerep.DA, valuerep.DT, valuerep.TM)):
        return value.original_string if hasattr(value, "original_string") else str(value)
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y%m%d%H%M%S.%f") + (value.strftime("%z") if value.tzinfo else "")
    if isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    if isinstance(value, datetime.time):
        return value.strftime("%H%M%S.%f")
    if code in ("DS", "IS") and isinstance(value, (DSNumber, ISNumber)):
        return value
    if isinstance(value, valuerep.DSdecimal):
        return value.original_string
    if code == "DS" and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        if code not in _SINGLE_TEXT and "\\" in value:
            return value.split("\\")
        return str(value)
    if code == "AT" and isinstance(value, int):
        return int(value)
    return value


def _lenient(code: str, value: Any) -> AnyVR | None:
    """Text the strict constructors refuse, read back as the codec would read it."""
    if code not in TEXT_VRS:
        return None
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(v, (str, int, float)) for v in items):
        return None
    text = "\\".join(str(v) for v in items)
    charset = DEFAULT_CHARACTER_SET
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError:  # kept as UTF-8 text; the element's character set decides on write
        data = text.encode("utf-8")
    if len(data) % 2:
        data += b" " if code != "UI" else b"\x00"
    vr, _ = decode_value(code, memoryview(data), little_endian=True, charset=charset)
    return vr


#: Dictionary VRs whose choice between numbers and bytes is the byte order's to settle.
_BYTE_ORDER_PENDING = frozenset({"US or SS", "US or OW", "US or SS or OW"})


def to_core(tag: Tag, code: str, value: Any, context: Lookup) -> AnyVR:
    """A VR object for ``value`` assigned to ``tag`` (``code``: a VR or dictionary VR text)."""
    if isinstance(value, VR):
        return to_vr(tag, code, value, context)
    if value is None or (isinstance(value, (str, bytes, list, tuple)) and len(value) == 0):
        chosen = code.split(" or ")[0] if code else "UN"
        marked = _marked_empty(chosen, value)  # (an empty VR object is falsy)
        return VR_CLASSES[chosen]() if marked is None else marked
    first = code.split(" or ")[0]
    if first in BULK_VRS and isinstance(value, (list, tuple)) and len(value) == 1:
        value = value[0]  # [b"..."]: one value, as pydicom takes a list of one
    if int(tag) == 0x7FE00010 and type(value).__name__ == "ndarray":
        msg = ("The value for (7FE0,0010) 'Pixel Data' should be set using 'bytes' not "
               "'numpy.ndarray'. See the Dataset.set_pixel_data() method for an alternative "
               "that supports ndarrays.")
        raise TypeError(msg)  # pydicom 3: the array's shape and type would be lost
    if isinstance(value, io.BufferedIOBase):  # pydicom 3's buffered value: kept, read when used
        from ._buffered import buffered_vr

        chosen = vr_code_for(tag, code, b"", context) if " or " in code else code
        return buffered_vr(int(tag), chosen, value)
    if code in _BYTE_ORDER_PENDING and isinstance(value, (bytes, bytearray, memoryview)):
        # Bytes for a tag that is US or SS (or OW) by context: numbers in a byte order
        # only the writing says.  Held as UN, as given, until correct_ambiguous_vr (or
        # dcmwrite, which calls it) settles VR and numbers, as pydicom keeps them raw.
        return UN(bytes(value))
    value = _forms.accepted(first, value, context)  # bytes, numbers as text ... (_forms.py)
    natural = _natural(first, value)
    try:
        return to_vr(tag, code, natural, context)
    except InvalidValueError as error:
        mode = config.writing_mode()
        if mode == config.RAISE:
            raise
        fallback = _lenient(first, natural)
        if fallback is None:
            raise
        if mode == config.WARN:
            _warn(error)
            _remember(fallback)
        return fallback

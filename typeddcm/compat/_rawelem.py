"""Raw elements to DataElements (``DataElement_from_raw``), deferred elements, and the
conversion pydicom applies to a value given to a free DataElement.

A raw element's value bytes are decoded by our codec (typeddcm.codec.values, the
reader's decoders, in the raw element's byte order and the given character set)
and shown as compat values (typeddcm.compat._values), exactly as values of a
dataset read from a file are shown.  The VR comes from the raw element, else from
the dictionary (a private creator is LO; a private tag's VR is its creator's
dictionary entry when the dataset is given, else UN; a group length is UL); an
implicit VR tag the dictionary does not know is pydicom 1.x's ``KeyError``.
"""

from __future__ import annotations

import functools
import os
import warnings
from collections.abc import MutableSequence
from typing import Any

from typeddcm.codec._level import ReadLog
from typeddcm.codec.reader import VALID_VRS, read_items
from typeddcm.codec.values import decode_value
from typeddcm.dictionary import dictionary_vr, private_lookup_tag

from . import _values, config, valuerep
from ._raw import UNDEFINED, character_set, new_level
from .dataelem import DataElement, RawDataElement
from .hooks import hooks as _hooks
from .sequence import Sequence
from .tag import BaseTag, Tag
from .uid import UID

__all__ = ["DataElement_from_raw", "DeferredDataElement", "coerce_value",
           "convert_raw_data_element"]

Encodings = str | MutableSequence[str] | None

# The LUT descriptors whose first value is always US, even when the VR is SS.
_LUT_DESCRIPTOR_TAGS = frozenset({0x00281101, 0x00281102, 0x00281103, 0x00283002})
_AMBIGUOUS = frozenset({"US or SS", "US or OW", "US or SS or OW", "OB or OW"})


def _private_vr(tag: BaseTag, dataset: Any) -> str:
    """A private tag's VR (PS3.5 6.2.2): LO for a creator, else its creator's entry."""
    if 0x0010 <= tag.element <= 0x00FF:
        return "LO"
    if dataset is not None:
        creator = dataset.get(int(tag.private_creator), None)
        name = getattr(creator, "value", None)
        if isinstance(name, str) and name:
            entry = private_lookup_tag(name.strip(), int(tag))
            if entry is not None and entry.vr in VALID_VRS:
                return str(entry.vr)
    return "UN"


def _vr_of(raw: RawDataElement, dataset: Any) -> str:
    given: object = raw.tag  # a raw element made by hand may hold a plain int
    tag = given if isinstance(given, BaseTag) else Tag(raw.tag)
    vr = raw.VR
    if vr is None:  # implicit VR: the dictionary's
        known = dictionary_vr(int(tag))
        if known:
            return known
        if tag.group % 2:
            return _private_vr(tag, dataset)
        if tag.element == 0:
            return "UL"  # a group length (implied before PS3.5 2008)
        msg = f"Unknown DICOM tag {tag} can't look up VR"
        raise KeyError(msg)
    if vr == "UN":
        # An explicit UN for a tag with a known VR is an encoding error pydicom corrects
        # (a value too long for a 2-byte length is the one real reason for UN).
        if tag.group % 2:
            return _private_vr(tag, dataset)
        if raw.length == UNDEFINED or raw.value is None or len(raw.value) < 0xFFFF:
            return dictionary_vr(int(tag)) or "UN"
    return vr


def _empty(vr: str) -> Any:
    if vr == "SQ":
        return Sequence()
    return "" if vr in _values.EMPTY_TEXT_VRS else None


def _sequence(raw: RawDataElement, encoding: Encodings) -> Any:
    """The items of a raw SQ value, read with our reader (as compat Datasets)."""
    # Not at the top: _rawread imports dataset, which imports dataelem, which imports us.
    from ._rawread import _item

    data = raw.value or b""
    log = ReadLog()
    level = new_level(data, raw.is_implicit_VR, raw.is_little_endian, character_set(encoding),
                      log)
    try:
        cores = read_items(level, int(raw.tag), 0, len(data))
    finally:
        log.finish()
    seq = Sequence([_item(core, raw.value_tell, raw.is_implicit_VR, raw.is_little_endian)
                    for core in cores])
    seq.is_undefined_length = raw.length == UNDEFINED
    return seq


def _value_of(raw: RawDataElement, vr: str, encoding: Encodings) -> Any:
    if raw.length == 0:
        return _empty(vr)
    if vr not in VALID_VRS and vr not in _AMBIGUOUS:
        msg = f"Unknown Value Representation '{vr}' in tag {raw.tag}"
        raise NotImplementedError(msg)
    data = raw.value
    if data is None:  # deferred and not read: nothing to convert
        return None
    if vr in _AMBIGUOUS:
        return bytes(data)  # kept as bytes until the dataset says which VR (pydicom too)
    if vr == "SQ":
        return _sequence(raw, encoding)
    core, _ = decode_value(vr, memoryview(bytes(data)), little_endian=raw.is_little_endian,
                           charset=character_set(encoding))
    return _values.to_python(core)


def convert_raw_data_element(raw: RawDataElement, *, encoding: Encodings = None,
                             ds: Any = None) -> DataElement:
    """The DataElement of ``raw`` (pydicom 3's name for :func:`DataElement_from_raw`)."""
    callback = config.data_element_callback
    if callback is not None:
        raw = callback(raw, **dict(config.data_element_callback_kwargs))
    if _hooks.customized:  # pydicom 3's hooks (compat/hooks.py), when not the defaults
        vr, value = _hooks.convert(raw, encoding, ds)
        return DataElement(raw.tag, vr, value, raw.value_tell, raw.length == UNDEFINED,
                           already_converted=True)
    vr = _vr_of(raw, ds)
    value = _value_of(raw, vr, encoding)
    if int(raw.tag) in _LUT_DESCRIPTOR_TAGS and isinstance(value, list) and value:
        first = value[0]
        if isinstance(first, int) and first < 0:  # the first value is US even under SS
            value[0] = first + 65536
    return DataElement(raw.tag, vr, value, raw.value_tell, raw.length == UNDEFINED,
                       already_converted=True)


def DataElement_from_raw(raw_data_element: RawDataElement, encoding: Encodings = None,
                         dataset: Any = None) -> DataElement:
    """The DataElement of a raw element: its VR resolved, its value bytes converted.

    ``encoding`` is the character set for text (pydicom's Python encodings or
    (0008,0005) terms; None: the default repertoire); ``dataset`` resolves private
    VRs from the private dictionary.  ``config.data_element_callback`` is applied
    first.  ``KeyError`` for an implicit VR tag no dictionary knows;
    ``NotImplementedError`` for a VR that is not one of PS3.5's.  A value of length
    0 is the VR's empty value; a deferred value (None) stays None.
    """
    return convert_raw_data_element(raw_data_element, encoding=encoding, ds=dataset)


class DeferredDataElement(DataElement):
    """A DataElement whose value is read from its file when first used (pydicom 1.x).

    ``fp`` is the file object it was found in (its ``name``, ``is_implicit_VR`` and
    ``is_little_endian`` are kept; a file object without a name is read again
    itself); ``data_element_tell`` is where the element starts (its tag);
    ``file_mtime`` the file's modification time then (a later one warns).
    """

    def __init__(self, tag: Any, VR: str, fp: Any, file_mtime: float | None,
                 data_element_tell: int, length: int) -> None:
        super().__init__(tag, VR, None, already_converted=True)
        self.fp_is_implicit_VR = bool(getattr(fp, "is_implicit_VR", True))
        self.fp_is_little_endian = bool(getattr(fp, "is_little_endian", True))
        name = getattr(fp, "name", None)
        self.filepath: str | None = name if isinstance(name, str) and os.path.exists(name) else None
        self._fp = None if self.filepath is not None else fp
        self.file_mtime = file_mtime
        self.data_element_tell = data_element_tell
        self.length = length
        self._read = False

    @property
    def repval(self) -> str:
        if not self._read:
            return f"Deferred read: length {self.length}"
        return str(DataElement.repval.fget(self))  # type: ignore[attr-defined]

    @property
    def value(self) -> Any:
        if not self._read:
            self.read_value()
        return DataElement.value.fget(self)  # type: ignore[attr-defined]

    @value.setter
    def value(self, value: Any) -> None:
        self._read = True
        DataElement.value.fset(self, value)  # type: ignore[attr-defined]

    def read_value(self) -> None:
        """Read the value from the file now (``OSError`` when the file is gone)."""
        from ._rawread import _generate

        if self.filepath is not None:
            if not os.path.exists(self.filepath):
                msg = f"Deferred read -- original file {self.filepath} is missing"
                raise OSError(msg)
            if self.file_mtime is not None and os.stat(self.filepath).st_mtime != self.file_mtime:
                warnings.warn("Deferred read warning -- file modification time has changed",
                              UserWarning, stacklevel=3)
            from typeddcm.io import open_file

            with open_file(self.filepath) as fp:
                data = self._element_bytes(fp)
        elif self._fp is not None:
            data = self._element_bytes(self._fp)
        else:
            raise OSError("Deferred read -- original filename not stored. Cannot re-open")
        found = next(_generate(None, data, self.data_element_tell, self.fp_is_implicit_VR,
                               self.fp_is_little_endian, None, None, "iso8859", None), None)
        if found is None or int(found.tag) != int(self.tag):
            msg = f"Deferred read -- no element {self.tag} at file position {self.data_element_tell}"
            raise ValueError(msg)
        element = found if isinstance(found, DataElement) else convert_raw_data_element(found)
        self._value = element.value
        self._read = True

    def _element_bytes(self, fp: Any) -> bytes:
        fp.seek(self.data_element_tell)
        header = 8 if self.fp_is_implicit_VR or self.VR not in _LONG else 12
        data = fp.read() if self.length == UNDEFINED else fp.read(header + self.length)
        return bytes(data)


_LONG = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"})

# --- the conversion of a value given to a free DataElement ---------------------------

# Values of these VRs may hold a backslash (one text value, or bytes): never split.
_NO_SPLIT = frozenset({"LT", "ST", "UT", "UR", "OB", "OD", "OF", "OL", "OV", "OW", "UN"}
                      | _AMBIGUOUS)
# Bytes given for these VRs are ASCII text (the default repertoire, PS3.5 6.1.2.3).
_ASCII_VRS = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "TM", "UI", "UR"})


def _one(vr: str, value: Any) -> Any:
    """One value as pydicom holds it for ``vr`` (DS -> DSfloat, PN -> PersonName ...)."""
    if vr in _ASCII_VRS and isinstance(value, bytes):
        # pydicom decodes these as UTF-8; text outside it is kept as Latin-1 (one
        # character a byte, nothing lost), for validation to report.
        try:
            value = value.decode("utf-8")
        except UnicodeDecodeError:
            value = value.decode("latin-1")
    if value is None:
        return None
    if vr == "IS":
        return valuerep.IS(value)
    if vr == "DS":
        return valuerep.DS(value)
    if vr == "UI":
        return UID(value)
    if vr == "PN":
        return valuerep.PersonName(value)
    if vr == "AT" and (value == 0 or value):
        return value if isinstance(value, BaseTag) else Tag(value)
    if vr in ("DA", "DT", "TM") and config.datetime_conversion and isinstance(value, str):
        return getattr(valuerep, vr)(value)
    return value


def coerce_value(vr: str, value: Any) -> Any:
    """The value a free DataElement of ``vr`` holds for ``value``, as pydicom converts it.

    A str (or bytes) with backslashes is split into several values, except for the
    VRs that hold one text value or bytes; several values become a MultiValue; each
    value becomes pydicom's type for the VR (DS, IS, UID, PersonName, Tag; dates
    and times under ``config.datetime_conversion``); an SQ value a Sequence.
    Numbers and bytes are kept as given.
    """
    if vr == "SQ":
        return value if isinstance(value, Sequence) or value is None else Sequence(value)
    if vr not in _NO_SPLIT:
        if isinstance(value, str) and "\\" in value:
            value = value.split("\\")
        elif isinstance(value, bytes) and b"\\" in value and vr in _ASCII_VRS:
            value = value.split(b"\\")
    if vr == "AT" and isinstance(value, tuple) and len(value) == 2 and all(
            isinstance(v, int) and 0 <= v <= 0xFFFF for v in value):
        return _one(vr, value)  # (group, element) is one tag, as pydicom reads a tuple
    if isinstance(value, (list, tuple)) and vr not in _NO_SPLIT:
        if len(value) == 1:
            return _one(vr, value[0])
        # Items added later are made as these are (pydicom: "42.4" appended to DS is a DSfloat).
        return valuerep.MultiValue(functools.partial(_one, vr), value)
    return _one(vr, value)

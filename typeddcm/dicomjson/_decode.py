"""DICOM JSON model (PS3.18 F.2) -> Dataset, checking the JSON as it goes.

Strategy: the JSON is untrusted, so every value is checked for the JSON type the
model allows before a VR object is built (without the constructors' strict
PS3.5 checks: what a file reader would accept, a JSON reader accepts too).
Values that arrive as bytes (InlineBinary, or what a BulkDataURI handler returns)
go through the codec's value decoders, little endian, with the Specific Character
Set in force at their level (items inherit it), as PS3.18 bulk data is encoded.
Every error is a :class:`DicomJSONError` naming the tag path.
"""

from __future__ import annotations

import base64
import binascii
import functools
import math
import struct
import warnings
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

import typeddcm.vr as vrs
from typeddcm._traverse import ElementPath
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.codec.values import decode_value
from typeddcm.dataset import Dataset
from typeddcm.dicomjson._encode import Style
from typeddcm.dicomjson._model import BulkDataURIHandler, json_error, path_text
from typeddcm.dictionary import dictionary_vr
from typeddcm.element import Element
from typeddcm.errors import DecodeError, DicomJSONError, DicomWarning
from typeddcm.tag import Tag
from typeddcm.vr import VR, VR_CLASSES, AnyVR, Date, DateTime, DSNumber, ISNumber, PersonName, Time

__all__ = ["Decoder", "parse_tag"]

_VALUE_KEYS = ("Value", "InlineBinary", "BulkDataURI")
_BULK_CODES = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
_MULTI_TEXT = {cls.code: cls for cls in (vrs.AE, vrs.AS, vrs.CS, vrs.LO, vrs.SH, vrs.UC, vrs.UI)}
_SINGLE_TEXT = {cls.code: cls for cls in (vrs.LT, vrs.ST, vrs.UT, vrs.UR)}
_TEMPORAL: dict[str, tuple[type[Any], Callable[[str], Any]]] = {
    "DA": (vrs.DA, functools.lru_cache(4096)(Date.parse_lenient)),
    "DT": (vrs.DT, functools.lru_cache(4096)(DateTime.parse_lenient)),
    "TM": (vrs.TM, functools.lru_cache(4096)(Time.parse_lenient)),
}
_TEXT_CODES = frozenset(_MULTI_TEXT) | frozenset(_SINGLE_TEXT)
_INTS = {cls.code: cls for cls in (vrs.US, vrs.SS, vrs.UL, vrs.SL, vrs.UV, vrs.SV)}
_FLOATS = {cls.code: cls for cls in (vrs.FL, vrs.FD)}
_GROUP_KEYS = ("Alphabetic", "Ideographic", "Phonetic")
_HEX = frozenset("0123456789abcdefABCDEF")
_CHARSET_KEY = "00080005"
_IMPLICIT_LE = "1.2.840.10008.1.2"
_HEADER = struct.Struct("<HHI")
_DS_WIDTH = 16
_isfinite = math.isfinite
_TYPED = Style()
_ABSENT = object()


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "boolean", int: "number", float: "number", str: "string", list: "array",
            dict: "object"}.get(type(value), type(value).__name__)


@functools.lru_cache(8192)
def _tag_of_key(key: str) -> Tag | None:
    if len(key) != 8 or not _HEX.issuperset(key):
        return None
    return Tag(int(key, 16))


def parse_tag(key: object, prefix: ElementPath) -> Tag:
    """The tag a JSON key names (8 hex digits; lower case is read too)."""
    tag = _tag_of_key(key) if isinstance(key, str) else None
    if tag is None:
        raise json_error(f"{key!r} is not a tag (8 hex digits, e.g. \"00100010\")", prefix,
                         key=str(key))
    return tag


class Decoder:
    """Builds datasets from the JSON model with one handler, one style."""

    __slots__ = ("handler", "replace_un", "style")

    def __init__(self, *, handler: BulkDataURIHandler | None = None, replace_un: bool = True,
                 style: Style = _TYPED) -> None:
        self.handler = handler
        self.replace_un = replace_un
        self.style = style

    # ----- datasets ------------------------------------------------------------------

    def dataset(self, obj: object, prefix: ElementPath = (),
                charset: CharacterSet = DEFAULT_CHARACTER_SET) -> Dataset:
        """The dataset of the JSON object ``obj`` found at ``prefix``."""
        if not isinstance(obj, Mapping):
            where = "a dataset" if not prefix else "a sequence item"
            raise json_error(f"{where} must be a JSON object, not {_type_name(obj)}", prefix,
                             "type")
        charset = self._charset(obj, prefix, charset)
        found: dict[Tag, Element] = {}
        element = self.element
        for key, attribute in obj.items():
            tag = parse_tag(key, prefix)
            if tag in found:
                raise json_error(f"{key!r} names the tag {tag} a second time", prefix)
            found[tag] = element(tag, attribute, prefix, charset)
        if not found:
            return Dataset()
        return Dataset.from_sorted_elements([found[t] for t in sorted(found)])

    def _charset(self, obj: Mapping[Any, Any], prefix: ElementPath,
                 inherited: CharacterSet) -> CharacterSet:
        attribute = obj.get(_CHARSET_KEY)
        if attribute is None:
            return inherited
        elem = self.element(Tag(0x00080005), attribute, prefix, inherited)
        terms = [str(v) for v in elem.vr.values]
        return CharacterSet.from_terms(terms) if terms else DEFAULT_CHARACTER_SET

    # ----- elements ------------------------------------------------------------------

    def element(self, tag: Tag, attribute: object, prefix: ElementPath = (),
                charset: CharacterSet = DEFAULT_CHARACTER_SET) -> Element:
        """The element ``tag`` of the attribute object ``attribute``."""
        if type(attribute) is not dict and not isinstance(attribute, Mapping):
            raise json_error(f"an attribute must be a JSON object, not {_type_name(attribute)}",
                             (*prefix, tag), "type")
        code = attribute.get("vr")
        cls = VR_CLASSES.get(code) if type(code) is str else None
        if cls is None:
            raise self._vr_error(code, (*prefix, tag))
        value = attribute.get("Value", _ABSENT)
        if value is not _ABSENT and len(attribute) == 2:  # the common case: vr and Value
            return Element._make(tag, self._values(cls, value, (*prefix, tag), charset))
        keys = [k for k in _VALUE_KEYS if k in attribute]
        if not keys:
            return Element._make(tag, cls._trusted(()))
        path = (*prefix, tag)
        if len(keys) > 1:
            raise json_error(f"an attribute holds one of {', '.join(keys)}, not several", path)
        key = keys[0]
        value = attribute[key]
        if key == "Value":
            vr = self._values(cls, value, path, charset)
        elif key == "InlineBinary":
            text = self._one_string(value, key, path)
            try:
                data = base64.b64decode(text, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise json_error(f"InlineBinary is not base64: {exc}", path) from None
            vr = self._from_bytes(tag, code, data, path, charset)  # type: ignore[arg-type]
        else:
            vr = self._bulk_uri(tag, code, self._one_string(value, key, path), path,  # type: ignore[arg-type]
                                charset)
        return Element._make(tag, vr)

    def _vr_error(self, code: object, path: ElementPath) -> DicomJSONError:
        if code is None:
            return json_error("the attribute has no \"vr\"", path, "missing")
        if type(code) is not str:
            return json_error(f"\"vr\" must be a string, not {_type_name(code)}", path, "type")
        return json_error(f"unknown VR {code!r}", path)

    def _one_string(self, value: object, key: str, path: ElementPath) -> str:
        # PS3.18 Table F.3.1-1 makes it a string; its example F.4 puts it in an array.
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if type(value) is not str:
            raise json_error(f"the value for '{key}' must be str, not {type(value).__name__}",
                             path, "type")
        return value

    # ----- bytes ---------------------------------------------------------------------

    def _from_bytes(self, tag: Tag, code: str, data: bytes | bytearray | memoryview,
                    path: ElementPath, charset: CharacterSet) -> AnyVR:
        """A value given as its bytes (little endian), as the codec reads it."""
        if code in _BULK_CODES:
            if code == "UN" and self.replace_un:
                known = _known_un(tag, bytes(data), charset)
                if known is not None:
                    return known
            cls: Any = VR_CLASSES[code]
            return cls.from_buffer(bytes(data))  # type: ignore[no-any-return]
        if code == "SQ":
            raise json_error("a sequence's items are a \"Value\" array, not bytes", path)
        vr, _fallback = decode_value(code, memoryview(bytes(data)), little_endian=True,
                                     charset=charset)
        return vr

    def _bulk_uri(self, tag: Tag, code: str, uri: str, path: ElementPath,
                  charset: CharacterSet) -> AnyVR:
        cls: Any = VR_CLASSES[code]
        handler = self.handler
        if handler is None:
            if self.style.pydicom:
                text = ("No bulk data URI handler provided for retrieval of value of data "
                        f'element "{int(tag):08X}"')
            else:
                text = (f"{path_text(path)}: no bulk data URI handler was given, so the value "
                        f"at {uri!r} is not read: the element is empty")
            warnings.warn(text, DicomWarning, stacklevel=4)
            return cls._trusted(())  # type: ignore[no-any-return]
        got = handler(path, code, uri)
        if got is None:
            return cls._trusted(())  # type: ignore[no-any-return]
        if isinstance(got, (bytes, bytearray, memoryview)):
            return self._from_bytes(tag, code, got, path, charset)
        if isinstance(got, VR):
            if got.code != code:
                raise json_error(f"the bulk data handler gave a {got.code} value for a {code}"
                                 " element", path)
            return got
        raise json_error(f"the bulk data handler must return bytes, a VR object or None, not "
                         f"{type(got).__name__}", path, "type")

    # ----- "Value" arrays -------------------------------------------------------------

    def _values(self, cls: Any, value: object, path: ElementPath,
                charset: CharacterSet) -> AnyVR:
        if not isinstance(value, list):
            raise json_error(f"'Value' must be a list, not {_type_name(value)}", path, "type")
        code: str = cls.code
        if not value:
            return cls._trusted(())  # type: ignore[no-any-return]
        if code in _TEXT_CODES:
            return self._text(cls, value, path)
        if code in _INTS:
            return self._ints(cls, value, path)
        converter = _CONVERTERS.get(code)
        if converter is not None:
            return converter(self, cls, value, path, charset)
        raise json_error(f"a {code} value is given as InlineBinary or BulkDataURI, not "
                         "'Value'", path)

    def _text(self, cls: Any, items: list[Any], path: ElementPath) -> AnyVR:
        texts = []
        for item in items:
            if item is None:
                texts.append("")
            elif type(item) is str:
                texts.append(item)
            else:
                raise json_error(f"a {cls.code} value must be a string or null, not "
                                 f"{_type_name(item)}", path, "type")
        if len(texts) > 1 and cls.code in _SINGLE_TEXT:
            raise json_error(f"{cls.code} holds one value, not {len(texts)}", path)
        if texts == [""]:
            return cls._trusted(())  # type: ignore[no-any-return]
        return cls._trusted(tuple(texts))  # type: ignore[no-any-return]

    def _ints(self, cls: Any, items: list[Any], path: ElementPath) -> AnyVR:
        numbers = []
        for item in items:
            kind = type(item)
            if kind is int:
                numbers.append(item)
            elif kind is float and item.is_integer():
                numbers.append(int(item))
            elif kind is str and item.strip().lstrip("+-").isdigit():
                numbers.append(int(item))  # SV/UV beyond 2**53 are sometimes given as text
            elif item is None:
                raise json_error(f"null in a {cls.code} value: binary values cannot be empty",
                                 path)
            else:
                raise json_error(f"a {cls.code} value must be an integer, not "
                                 f"{_type_name(item)} {item!r}", path, "type")
        try:
            array = np.array(numbers, dtype=cls.dtype)
        except OverflowError:
            raise json_error(f"{numbers} out of the range of {cls.code}", path) from None
        return cls._trusted_array(array)  # type: ignore[no-any-return]


def _floats(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
            charset: CharacterSet) -> AnyVR:
    numbers = []
    for item in items:
        kind = type(item)
        if kind is float or kind is int:
            numbers.append(float(item))
            continue
        if kind is str:
            try:
                numbers.append(float(item))  # "NaN", "Infinity", "-Infinity"
                continue
            except ValueError:
                pass
        if item is None:
            raise json_error(f"null in a {cls.code} value: binary values cannot be empty", path)
        raise json_error(f"a {cls.code} value must be a number, not {_type_name(item)} "
                         f"{item!r}", path, "type")
    return cls._trusted_array(np.array(numbers, dtype=cls.dtype))  # type: ignore[no-any-return]


def _ds(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
        charset: CharacterSet) -> AnyVR:
    values = []
    for item in items:
        kind = type(item)
        if kind is float:
            text = repr(item)
            if len(text) <= _DS_WIDTH and _isfinite(item):
                values.append(DSNumber._make(text, item))  # DSNumber(item), its common case
            elif _isfinite(item):
                values.append(DSNumber(item))  # the shortest text that fits 16 characters
            else:  # NaN or infinity (json.loads reads those tokens): kept as text
                values.append(DSNumber.parse_lenient(text))
        elif kind is int:
            values.append(DSNumber._make(str(item), float(item)))
        elif kind is str:
            values.append(DSNumber.parse_lenient(item))  # the text as given
        elif item is None:
            values.append(DSNumber.parse_lenient(""))
        else:
            raise json_error(f"a DS value must be a number, not {_type_name(item)}", path, "type")
    if len(values) == 1 and not values[0].text:
        return cls._trusted(())  # type: ignore[no-any-return]
    return cls._trusted(tuple(values))  # type: ignore[no-any-return]


def _is(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
        charset: CharacterSet) -> AnyVR:
    values = []
    for item in items:
        kind = type(item)
        if kind is int:
            values.append(ISNumber._make(str(item), item))
        elif kind is float and item.is_integer():
            values.append(ISNumber._make(str(int(item)), int(item)))
        elif kind is float or kind is str:
            values.append(ISNumber.parse_lenient(item if kind is str else repr(item)))
        elif item is None:
            values.append(ISNumber.parse_lenient(""))
        else:
            raise json_error(f"an IS value must be a number, not {_type_name(item)}", path, "type")
    if len(values) == 1 and not values[0].text:
        return cls._trusted(())  # type: ignore[no-any-return]
    return cls._trusted(tuple(values))  # type: ignore[no-any-return]


def _temporal(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
              charset: CharacterSet) -> AnyVR:
    klass, parse = _TEMPORAL[cls.code]
    values = []
    for item in items:
        if item is None:
            item = ""
        elif type(item) is not str:
            raise json_error(f"a {cls.code} value must be a string or null, not "
                             f"{_type_name(item)}", path, "type")
        values.append(parse(item))
    if len(values) == 1 and not values[0].text:
        return klass._trusted(())  # type: ignore[no-any-return]
    return klass._trusted(tuple(values))  # type: ignore[no-any-return]


def _person_names(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
                  charset: CharacterSet) -> AnyVR:
    trim = decoder.style.pydicom
    names = []
    for item in items:
        if item is None:
            names.append(PersonName(""))
            continue
        if isinstance(item, str):
            # Some DICOMweb services send the text itself: read it, and say so.
            if trim:
                text = (f"Value of data element '{int(path[-1]):08X}' with VR Person Name (PN) "
                        "is not formatted correctly")
            else:
                text = (f"{path_text(path)}: a PN value is a JSON object of component groups, "
                        f"not the string {item!r} (read as the name's text)")
            warnings.warn(text, DicomWarning, stacklevel=5)
            names.append(PersonName(item))
            continue
        if not isinstance(item, Mapping):
            raise json_error(f"a PN value must be an object of component groups, not "
                             f"{_type_name(item)}", path, "type")
        groups: list[str | None] = []
        for key in _GROUP_KEYS:
            if key in item:
                group = item[key]
                if group is not None and type(group) is not str:
                    raise json_error(f"a PN {key} group must be a string, not "
                                     f"{_type_name(group)}", path, "type")
                groups.append(group or "")
            else:
                groups.append(None)
        while groups and groups[-1] is None:
            groups.pop()
        if trim:
            while groups and not groups[-1]:
                groups.pop()
        names.append(PersonName("=".join(g or "" for g in groups)))
    if len(names) == 1 and not names[0].text:
        return cls._trusted(())  # type: ignore[no-any-return]
    return cls._trusted(tuple(names))  # type: ignore[no-any-return]


def _tags(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
          charset: CharacterSet) -> AnyVR:
    tags = []
    for item in items:
        tag = _tag_of_key(item) if type(item) is str else None
        if tag is not None:
            tags.append(tag)
            continue
        if decoder.style.pydicom:
            warnings.warn(f"Invalid value '{item}' for AT element - ignoring it", DicomWarning,
                          stacklevel=5)
            continue
        raise json_error(f"an AT value is a tag as 8 hex digits, not {item!r}", path,
                         "value" if isinstance(item, str) else "type")
    return cls._trusted(tuple(tags))  # type: ignore[no-any-return]


def _sequence(decoder: Decoder, cls: Any, items: list[Any], path: ElementPath,
              charset: CharacterSet) -> AnyVR:
    dataset = decoder.dataset
    return vrs.SQ._trusted([
        Dataset() if item is None else dataset(item, (*path, index), charset)
        for index, item in enumerate(items)])


_CONVERTERS: dict[str, Callable[[Decoder, Any, list[Any], ElementPath, CharacterSet], AnyVR]] = {
    "FL": _floats, "FD": _floats, "DS": _ds, "IS": _is, "DA": _temporal, "DT": _temporal,
    "TM": _temporal, "PN": _person_names, "AT": _tags, "SQ": _sequence,
}


def _known_un(tag: Tag, data: bytes, charset: CharacterSet) -> AnyVR | None:
    """A UN value of a standard tag the dictionary knows, as that VR (as a file reader
    does, PS3.5 6.2.2): read as implicit VR little endian, with the level's character
    set; None when the tag is private or unknown, or the bytes do not parse."""
    if tag.group & 1:
        return None
    known = dictionary_vr(tag)
    if not known or known == "UN":
        return None
    blob = bytearray()
    if not charset.is_default:
        terms = "\\".join(charset.terms).encode("ascii", "replace")
        terms += b" " * (len(terms) & 1)
        blob += _HEADER.pack(0x0008, 0x0005, len(terms)) + terms
    padded = data + b"\x00" * (len(data) & 1)
    blob += _HEADER.pack(tag.group, tag.element, len(padded)) + padded
    from typeddcm.codec import decode_dataset  # the codec package imports the dataset

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # bytes that do not parse stay UN, silently
            elem = decode_dataset(bytes(blob), _IMPLICIT_LE).get(tag)
            return None if elem is None else elem.vr
    except DecodeError:
        return None

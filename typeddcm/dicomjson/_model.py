"""The types of the DICOM JSON model (PS3.18 F.2) as typeddcm gives and takes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Required, TypeAlias, TypedDict

from typeddcm._traverse import ElementPath
from typeddcm.element import Element
from typeddcm.errors import DicomJSONError
from typeddcm.tag import tag_path
from typeddcm.vr import AnyVR

__all__ = [
    "BulkDataHandler",
    "BulkDataURIHandler",
    "BulkValue",
    "JSONAttribute",
    "JSONDataset",
    "JSONValue",
    "json_error",
    "path_text",
]


class JSONAttribute(TypedDict, total=False):
    """One attribute object: ``vr`` and at most one of the three value keys."""

    vr: Required[str]
    Value: list[JSONValue]
    InlineBinary: str
    BulkDataURI: str


#: One entry of a "Value" array: text, a number, null (an empty value), a PN object
#: (``{"Alphabetic": ...}``) or a sequence item (a JSON dataset).
JSONValue: TypeAlias = "str | int | float | dict[str, str] | JSONDataset | None"
#: A dataset: attribute objects keyed by 8 upper-case hex digits of the tag.
JSONDataset: TypeAlias = "dict[str, JSONAttribute]"

#: Called for a bulk value (OB OD OF OL OV OW UN) longer than the threshold, with the
#: element's path and the element; returns its BulkDataURI, or None to inline it.
BulkDataHandler: TypeAlias = Callable[[ElementPath, Element], "str | None"]
#: What a BulkDataURI handler returns: the value's bytes (little endian, text in the
#: character set in force at the element), a VR object, or None for an empty value.
BulkValue: TypeAlias = "bytes | bytearray | memoryview | AnyVR | None"
#: Called for each BulkDataURI read, with the element's path, its VR code and the URI.
BulkDataURIHandler: TypeAlias = Callable[[ElementPath, str, str], BulkValue]


def path_text(path: ElementPath) -> str:
    """``(0040,0275)[0](0008,0100)``: how errors name a place."""
    return tag_path(path)


def json_error(message: str, path: ElementPath, reason: str = "value",
               key: str | None = None) -> DicomJSONError:
    """A :class:`DicomJSONError` naming the attribute at ``path``."""
    where = path_text(path) if path else "top level"
    tag = path[-1] if path and len(path) % 2 == 1 else None
    return DicomJSONError(message, path=where, reason=reason,
                          tag=int(tag) if tag is not None else None, key=key)

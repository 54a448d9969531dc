"""The DICOM JSON model (PS3.18 Annex F): datasets to JSON and back.

>>> from typeddcm import dicomjson
>>> text = dicomjson.to_json(ds)                  # str; to_json_dict(ds) gives the dict
>>> same = dicomjson.from_json(text)             # str, bytes or the dict; == ds

What each VR becomes (PS3.18 Table F.2.3-1), and what comes back:

* text VRs: strings; an empty value among several is ``null``; an element with no
  value (or one empty value) has no "Value" key at all (PS3.18 F.2.5). JSON text is
  Unicode: text values go out and come in as ``str``, whatever (0008,0005) says.
  (0008,0005) is kept as given; it applies to values that arrive as *bytes*
  (InlineBinary, or bytes from a BulkDataURI handler), which are decoded with the
  character set in force at their level, items inheriting it, as a file reader would.
* PN: one object per name, ``{"Alphabetic": ..., "Ideographic": ..., "Phonetic": ...}``
  with every group the name's text has, empty ones included, so ``"=山田^太郎"`` and
  ``"Yamada^Tarou=="`` come back as they were. Reading takes any subset of the keys.
  A bare string instead of the object is read as the name's text, with a warning
  (some DICOMweb services send that).
* AT: 8 upper-case hex digits (``"00100010"``).
* DS and IS: JSON numbers. **The number is kept, not the spelling**: a DS whose text
  is an integer is written as that integer (``"42"`` -> ``42``, so it comes back as
  "42"), any other as the float of its text, which is the same number (``"2.50"`` ->
  ``2.5``, which comes back as "2.5"; ``"1e3"`` -> ``1000.0``). Text that holds no
  number (read leniently from a file: ``"abc"`` for DS, ``"5.25"`` for IS) is kept
  as a JSON string, exactly; strings are read back as the text they hold.
* US SS UL SL UV SV: integers (strings of digits are read too: some services send
  64-bit values as text). FL FD: numbers; FL as the shortest text that reads back
  as the same 32-bit float (``3.14``, not ``3.140000104904175``); NaN and the
  infinities, which JSON numbers cannot hold, as the strings "NaN", "Infinity",
  "-Infinity". ``null`` in a binary value is an error (there is no empty binary value).
* OB OD OF OL OV OW UN: "InlineBinary", base64 of the little endian bytes; or, for
  values longer than ``bulk_data_threshold`` bytes, a "BulkDataURI" that your
  ``bulk_data_handler(path, element)`` names (returning None inlines that value).
  Without a handler every value is inlined. Reading a BulkDataURI calls
  ``bulk_data_uri_handler(path, vr, uri)``, which returns the value's bytes (little
  endian; text in the character set in force), a VR object, or None (empty); with no
  handler the element is empty and a :class:`~typeddcm.errors.DicomWarning` says so.
  A UN value of a standard tag is read as the dictionary's VR (``replace_un``, as
  :func:`typeddcm.read` does); InlineBinary for other VRs is decoded as their bytes.
* SQ: an array of JSON objects, one per item (``null`` reads as an empty item).
* Private elements are written like any other, with their creator elements
  (gggg,00xx), which are ordinary LO attributes of the JSON.

Round trips: ``from_json(to_json(ds)) == ds`` for every dataset, except that an
element holding one empty value ("") comes back with no value (as a file reader
reads a zero-length value), DS and IS values come back with the text of their
number (equal values, see above), a UN value of a standard tag comes back as
its dictionary VR, and a big endian bulk value comes back little endian (equal).

Errors: JSON that is not this model raises :class:`~typeddcm.errors.DicomJSONError`
(a ValueError) naming the tag path and ``reason`` ("type", "missing", "value"): a
wrong JSON type, a missing or unknown "vr", bad base64, a key that is not a tag,
an out-of-range integer, a tag given twice.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from typeddcm._traverse import ElementPath
from typeddcm.dataset import Dataset
from typeddcm.dicomjson._decode import Decoder, _tag_of_key
from typeddcm.dicomjson._encode import Encoder
from typeddcm.dicomjson._model import (
    BulkDataHandler,
    BulkDataURIHandler,
    BulkValue,
    JSONAttribute,
    JSONDataset,
    JSONValue,
    json_error,
)
from typeddcm.element import Element
from typeddcm.errors import DicomJSONError
from typeddcm.tag import TagLike, as_tag

__all__ = [
    "DEFAULT_THRESHOLD",
    "BulkDataHandler",
    "BulkDataURIHandler",
    "BulkValue",
    "DicomJSONError",
    "JSONAttribute",
    "JSONDataset",
    "JSONValue",
    "element_from_json",
    "element_to_json_dict",
    "from_json",
    "to_json",
    "to_json_dict",
]

#: Bulk values longer than this many bytes go to the bulk data handler (when given).
DEFAULT_THRESHOLD = 1024


def to_json_dict(ds: Dataset, *, bulk_data_threshold: int = DEFAULT_THRESHOLD,
                 bulk_data_handler: BulkDataHandler | None = None) -> JSONDataset:
    """``ds`` as the DICOM JSON model: a dict of attribute objects keyed by tag, in tag order.

    ``bulk_data_handler(path, element)`` is called for each OB/OD/OF/OL/OV/OW/UN value
    longer than ``bulk_data_threshold`` bytes and returns its BulkDataURI (None: inline
    it); without a handler every value is inlined as base64.
    """
    return Encoder(threshold=bulk_data_threshold, handler=bulk_data_handler).dataset(ds)


def to_json(ds: Dataset, *, bulk_data_threshold: int = DEFAULT_THRESHOLD,
            bulk_data_handler: BulkDataHandler | None = None, indent: int | None = None) -> str:
    """:func:`to_json_dict` as JSON text (non-ASCII characters as they are: encode as UTF-8)."""
    model = to_json_dict(ds, bulk_data_threshold=bulk_data_threshold,
                         bulk_data_handler=bulk_data_handler)
    return json.dumps(model, ensure_ascii=False, indent=indent, allow_nan=False)


def element_to_json_dict(elem: Element, *, bulk_data_threshold: int = DEFAULT_THRESHOLD,
                         bulk_data_handler: BulkDataHandler | None = None,
                         path: ElementPath = ()) -> JSONAttribute:
    """One element's attribute object (``path``: where it is, for the handler; default
    its tag alone)."""
    prefix = path[:-1] if path else ()
    return Encoder(threshold=bulk_data_threshold, handler=bulk_data_handler).element(elem, prefix)


def _loaded(data: str | bytes | bytearray | Mapping[str, object]) -> object:
    if isinstance(data, Mapping):
        return data
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # JSONDecodeError: ValueError
        raise json_error(f"not JSON: {exc}", ()) from exc


def from_json(data: str | bytes | bytearray | Mapping[str, object], *,
              bulk_data_uri_handler: BulkDataURIHandler | None = None,
              replace_un: bool = True) -> Dataset:
    """The dataset of a DICOM JSON object (text, UTF-8 bytes, or the parsed dict).

    ``bulk_data_uri_handler(path, vr, uri)`` reads each BulkDataURI (see the module
    docstring); ``replace_un=False`` keeps UN values of standard tags as UN.  A JSON
    array (a QIDO-RS response) is a list of datasets: call this for each item.
    """
    loaded = _loaded(data)
    if isinstance(loaded, list):
        raise json_error("a JSON array, not one dataset: call from_json for each of its "
                         "objects", (), "type")
    decoder = Decoder(handler=bulk_data_uri_handler, replace_un=replace_un)
    try:
        return decoder.dataset(loaded)
    except RecursionError:  # items nested thousands deep: no real dataset is
        raise json_error("sequences nested too deeply to read", ()) from None


def element_from_json(tag: TagLike, attribute: Mapping[str, object], *,
                      bulk_data_uri_handler: BulkDataURIHandler | None = None,
                      replace_un: bool = True) -> Element:
    """One element from its attribute object (``{"vr": ..., "Value": [...]}``)."""
    decoder = Decoder(handler=bulk_data_uri_handler, replace_un=replace_un)
    hex_tag = _tag_of_key(tag) if isinstance(tag, str) else None  # "00100010", or a keyword
    real = hex_tag if hex_tag is not None else as_tag(tag)
    return decoder.element(real, attribute)

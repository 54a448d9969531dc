"""pydicom's ``jsonrep``: the DICOM JSON model for compat Datasets and DataElements.

The work is :mod:`typeddcm.dicomjson`'s: a compat dataset's JSON is its core's
(``freeze()``, no conversion to pydicom values), written in pydicom's style (DS
values as floats, PN objects always with "Alphabetic" and without trailing empty
groups, an empty sequence as ``"Value": []``); reading builds the core and wraps
it.  What pydicom's API adds is here: the handlers' signatures (a bulk data
element handler takes a DataElement; a BulkDataURI handler takes ``(tag, vr,
uri)`` or just ``uri`` and may return text or numbers), ``suppress_invalid_tags``,
``dump_handler``, and pydicom's exception types and messages for bad JSON
(TypeError for a wrong JSON type, KeyError for a missing "vr", ValueError for the
rest), each still naming the element.  Where we differ: NaN and infinite FL/FD
values stay floats as pydicom writes them; FL values are written as the shortest
text of their 32-bit float (pydicom writes the double it widened them to);
``null`` in a binary numeric value is an error (pydicom keeps None in a list the
core cannot hold).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from inspect import signature
from typing import TYPE_CHECKING, Any, TypeAlias

from typeddcm._traverse import ElementPath
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dicomjson._decode import Decoder
from typeddcm.dicomjson._encode import Encoder, Style
from typeddcm.element import Element
from typeddcm.errors import DicomJSONError
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import SQ

from . import _values
from . import config as _config

if TYPE_CHECKING:
    from .dataelem import DataElement
    from .dataset import Dataset

__all__ = ["JSON_VALUE_KEYS", "BulkDataHandlerType", "BulkDataType", "JsonDataElementConverter",
           "convert_to_python_number"]

JSON_VALUE_KEYS = ("Value", "BulkDataURI", "InlineBinary")

BulkDataType: TypeAlias = "str | int | float | bytes | None"
BulkDataHandlerType: TypeAlias = "Callable[[str, str, str], BulkDataType] | None"

_PYDICOM = Style(pydicom=True)
_INT_VRS = frozenset({"IS", "SL", "SS", "SV", "UL", "US", "UV", "US or SS"})
_FLOAT_VRS = frozenset({"DS", "FL", "FD"})
logger = logging.getLogger("pydicom")


def convert_to_python_number(value: Any, vr: str) -> Any:
    """``value`` (one or a list) as int (integer VRs) or float (DS, FL, FD); other VRs and
    empty values unchanged; None in a list becomes the VR's empty value (None)."""
    if value is None or value == "":
        return value
    kind: type[int] | type[float] | None = (
        int if vr in _INT_VRS else float if vr in _FLOAT_VRS else None)
    if kind is None:
        return value
    if isinstance(value, (list, tuple)):
        return [None if v is None else kind(v) for v in value]
    return kind(value)


# --- handlers ---------------------------------------------------------------------------------


def _uri_handler(handler: Callable[..., Any] | None) -> Callable[[str, str, str], Any] | None:
    """pydicom's BulkDataURI handler as ``(tag, vr, uri)``: a one-argument one gets the URI."""
    if handler is None:
        return None
    try:
        single = len(signature(handler).parameters) == 1
    except (TypeError, ValueError):  # a builtin without a signature: the documented form
        single = False
    if single:
        return lambda tag, vr, uri: handler(uri)
    return handler


def _core_uri_handler(handler: Callable[[str, str, str], Any] | None) -> Any:
    """The core decoder's handler ``(path, vr, uri)`` over pydicom's ``(tag, vr, uri)``,
    whose text and numbers become values of the VR (bytes stay bytes)."""
    if handler is None:
        return None

    def read(path: ElementPath, vr: str, uri: str) -> Any:
        tag = CoreTag(int(path[-1]))
        got = handler(f"{int(tag):08X}", vr, uri)
        if got is None or isinstance(got, (bytes, bytearray, memoryview)):
            return got
        return _values.to_core(tag, vr, got, lambda _tag: None)

    return read


def _element_at(ds: Dataset, path: ElementPath) -> DataElement:
    """The compat DataElement at ``path`` (tag, index, ..., tag) below ``ds``."""
    node = ds
    for depth in range(0, len(path) - 1, 2):
        node = node[int(path[depth])].value[int(path[depth + 1])]
    return node[int(path[-1])]  # type: ignore[no-any-return]


def _encoder(ds: Dataset | None, threshold: int,
             handler: Callable[[DataElement], str] | None,
             element: DataElement | None = None) -> Encoder:
    """An encoder in pydicom's style; pydicom's threshold counts base64 characters."""
    if handler is None:
        return Encoder(threshold=(threshold // 4) * 3, style=_PYDICOM)

    def name(path: ElementPath, _elem: Element) -> str:
        target = element if element is not None and len(path) == 1 else None
        if target is None:
            assert ds is not None
            target = _element_at(ds, path)
        return handler(target)

    return Encoder(threshold=(threshold // 4) * 3, handler=name, style=_PYDICOM)


# --- to JSON ----------------------------------------------------------------------------------


def _is_ours(method: object) -> bool:
    return getattr(method, "__module__", None) == "typeddcm.compat.dataelem"


def dataset_to_json_dict(ds: Dataset, bulk_data_threshold: int = 1024,
                         bulk_data_element_handler: Callable[[DataElement], str] | None = None,
                         suppress_invalid_tags: bool = False) -> dict[str, Any]:
    """``Dataset.to_json_dict``: the core's JSON in pydicom's style (see the module docstring).

    When ``DataElement.to_json_dict`` is not ours (a subclass's or a patch), it is called
    per element, as pydicom calls it."""
    from .dataelem import DataElement

    if not _is_ours(DataElement.to_json_dict):
        return _per_element(ds, bulk_data_threshold, bulk_data_element_handler,
                            suppress_invalid_tags)
    encoder = _encoder(ds, bulk_data_threshold, bulk_data_element_handler)
    core = ds.freeze()
    if not suppress_invalid_tags:
        return encoder.dataset(core)
    out: dict[str, Any] = {}
    for elem in core.elements():
        key = f"{int(elem.tag):08X}"
        try:
            _check_numbers(elem)
            out[key] = encoder.element(elem)
        except Exception as exc:  # pydicom: logged and left out when suppressing
            logger.warning(f"Error while processing tag {key}: {exc}")
    return out


def _per_element(ds: Dataset, threshold: int, handler: Callable[[DataElement], str] | None,
                 suppress: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for tag in ds.keys():  # noqa: SIM118 - a compat Dataset iterates its elements
        key = f"{int(tag):08X}"
        try:
            out[key] = ds[tag].to_json_dict(handler, threshold)
        except Exception as exc:
            if not suppress:
                logger.error(f"Error while processing tag {key}")
                raise
            logger.warning(f"Error while processing tag {key}: {exc}")
    return out


def _check_numbers(elem: Element) -> None:
    """pydicom's strict reading of DS and IS (under ``suppress_invalid_tags``)."""
    if elem.code not in ("DS", "IS"):
        return
    for value in elem.vr.values:
        if not value.is_valid:  # type: ignore[union-attr]  # DSNumber / ISNumber
            msg = f"Invalid value for VR {elem.code}: {value.text!r}"  # type: ignore[union-attr]
            raise ValueError(msg)


def dataset_to_json(ds: Dataset, bulk_data_threshold: int = 1024,
                    bulk_data_element_handler: Callable[[DataElement], str] | None = None,
                    dump_handler: Callable[[dict[str, Any]], Any] | None = None,
                    suppress_invalid_tags: bool = False) -> Any:
    """``Dataset.to_json``: ``dump_handler`` (default ``json.dumps(..., sort_keys=True)``)
    of :func:`dataset_to_json_dict`."""
    model = ds.to_json_dict(bulk_data_threshold, bulk_data_element_handler,
                            suppress_invalid_tags=suppress_invalid_tags)
    if dump_handler is None:
        return json.dumps(model, sort_keys=True)
    return dump_handler(model)


def _core_element(elem: DataElement) -> Element:
    """The core element a DataElement shows (a free one's value converted as a set would)."""
    found = elem._core_element()
    if found is not None:
        return found
    from .dataset import Dataset

    tag = int(elem.tag)
    holder = Dataset()
    value = elem.value
    if elem.VR == "SQ":
        holder._set_core_sequence(tag, [_item_core(item) for item in value or []])
    else:
        holder._set_value(tag, elem.VR, value)
    return holder.freeze()[CoreTag(tag)]


def _item_core(item: Any) -> CoreDataset:
    return item if isinstance(item, CoreDataset) else item.freeze()


def element_to_json_dict(elem: DataElement,
                         bulk_data_element_handler: Callable[[DataElement], str] | None,
                         bulk_data_threshold: int) -> dict[str, Any]:
    """``DataElement.to_json_dict``: one element's attribute object, in pydicom's style."""
    core = _core_element(elem)
    owner = elem._owner
    if owner is None and bulk_data_element_handler is not None and core.code == "SQ":
        # A free sequence: its items' bulk elements are handed over as elements of a
        # dataset holding a copy of it (the handler takes DataElements).
        from .dataset import Dataset

        owner = Dataset(CoreDataset([core]))
    encoder = _encoder(owner, bulk_data_threshold, bulk_data_element_handler, elem)
    return encoder.element(core)  # type: ignore[return-value]  # a JSON dict


def element_to_json(elem: DataElement, bulk_data_threshold: int = 1024,
                    bulk_data_element_handler: Callable[[DataElement], str] | None = None,
                    dump_handler: Callable[[dict[str, Any]], Any] | None = None) -> Any:
    """``DataElement.to_json``."""
    model = elem.to_json_dict(bulk_data_element_handler, bulk_data_threshold)
    if dump_handler is None:
        return json.dumps(model, sort_keys=True)
    return dump_handler(model)


# --- from JSON --------------------------------------------------------------------------------


def _decoder(handler: Callable[..., Any] | None) -> Decoder:
    return Decoder(handler=_core_uri_handler(_uri_handler(handler)),
                   replace_un=_config.settings.replace_un_with_known_vr, style=_PYDICOM)


def _pydicom_error(exc: DicomJSONError) -> Exception:
    """A core JSON error as the exception pydicom raises for it (its type and wording)."""
    tag = f"{exc.tag:08X}" if exc.tag is not None else (exc.key or exc.path)
    if exc.reason == "type":
        if exc.problem.startswith("'Value' must be a list"):
            return TypeError(f"'Value' of data element '{tag}' must be a list")
        return TypeError(f"Invalid attribute value for data element '{tag}' - {exc.problem}")
    if exc.reason == "missing":
        return KeyError(f"Data element '{tag}' must have key 'vr'")
    return ValueError(f"Data element '{tag}' could not be loaded from JSON: {exc.problem}")


def _wrap(dataset_class: type[Dataset], core: CoreDataset) -> Dataset:
    ds = dataset_class()
    ds._take(core)
    return ds


def dataset_from_json(dataset_class: type[Dataset], json_dataset: Any,
                      bulk_data_uri_handler: Callable[..., Any] | None = None) -> Dataset:
    """``Dataset.from_json``: a dict, or JSON text (str, bytes, bytearray)."""
    if isinstance(json_dataset, (str, bytes, bytearray)):
        json_dataset = json.loads(json_dataset)
    try:
        core = _decoder(bulk_data_uri_handler).dataset(json_dataset)
    except DicomJSONError as exc:
        raise _pydicom_error(exc) from exc
    return _wrap(dataset_class, core)


def _tag_key(tag: Any) -> str:
    if isinstance(tag, str):
        return tag
    return f"{int(tag):08X}"


def element_from_json(element_class: type[DataElement], dataset_class: type[Dataset], tag: Any,
                      vr: str, value: Any, value_key: str | None,
                      bulk_data_uri_handler: Callable[..., Any] | None = None) -> DataElement:
    """``DataElement.from_json``: a free DataElement from one attribute's parts."""
    key = _tag_key(tag)
    attribute: dict[str, Any] = {"vr": vr}
    if value_key is not None:
        attribute[value_key] = value
    try:
        core = _decoder(bulk_data_uri_handler).dataset({key: attribute})
    except DicomJSONError as exc:
        raise _pydicom_error(exc) from exc
    element = next(iter(core.elements()))
    return _free_element(element_class, dataset_class, element)


def _free_element(element_class: type[DataElement], dataset_class: type[Dataset],
                  element: Element) -> DataElement:
    vr = element.vr
    if isinstance(vr, SQ):
        from .sequence import Sequence

        items = Sequence([_wrap(dataset_class, item) for item in vr.values])
        return element_class(int(element.tag), "SQ", items)
    return element_class(int(element.tag), vr.code, _values.to_python(vr), already_converted=True)


class JsonDataElementConverter:
    """pydicom's converter of one JSON attribute to a DataElement's value, over the core."""

    def __init__(self, dataset_class: type[Dataset], tag: str, vr: str, value: Any,
                 value_key: str | None,
                 bulk_data_uri_handler: Callable[..., Any] | None = None) -> None:
        self.dataset_class = dataset_class
        self.tag = tag
        self.vr = vr
        self.value = value
        self.value_key = value_key
        self.bulk_data_element_handler = _uri_handler(bulk_data_uri_handler)

    def _element(self, value_key: str | None, value: Any, vr: str | None = None) -> DataElement:
        from .dataelem import DataElement

        return element_from_json(DataElement, self.dataset_class, self.tag, vr or self.vr,
                                 value, value_key, self.bulk_data_element_handler)

    def get_element_values(self) -> Any:
        """The element's value (one, or a list) from the attribute."""
        return self._element(self.value_key, self.value).value

    def get_regular_element_value(self, value: Any) -> Any:
        """One value of a "Value" array: a str, number, PersonName, int (AT) or item."""
        if self.vr == "SQ":
            return self.get_sequence_item(value)
        got = self._element("Value", [value]).value
        return got

    def get_sequence_item(self, value: Any) -> Dataset:
        """A sequence item (an instance of ``dataset_class``) from its JSON object."""
        try:
            core = _decoder(self.bulk_data_element_handler).dataset({} if value is None else value)
        except DicomJSONError as exc:
            raise _pydicom_error(exc) from exc
        return _wrap(self.dataset_class, core)

    def get_pn_element_value(self, value: Any) -> Any:
        """The text of a PN value given as its component-group object."""
        return self._element("Value", [value], "PN").value

"""Dataset -> DICOM JSON model (PS3.18 F.2): one function per VR family, found by type.

Strategy: a dict from VR class to a method turns each VR object into its "Value"
array (or InlineBinary / BulkDataURI); paths are built only when a bulk data
handler is called, so the common walk costs a dict lookup and a list per element.
The :class:`Style` switches the few places where pydicom's ``to_json_dict`` differs
from what typeddcm writes (compat uses it; the core never does).
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from typing import Any

import attrs

import typeddcm.vr as vrs
from typeddcm._traverse import ElementPath
from typeddcm.dataset import Dataset
from typeddcm.dicomjson._model import BulkDataHandler, JSONAttribute, JSONDataset, JSONValue
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import AnyVR, DSNumber, ISNumber

__all__ = ["Encoder", "Style"]

_BULK = (vrs.OB, vrs.OD, vrs.OF, vrs.OL, vrs.OV, vrs.OW, vrs.UN)
_TEXT = (vrs.AE, vrs.AS, vrs.CS, vrs.LO, vrs.SH, vrs.UC, vrs.UI, vrs.LT, vrs.ST, vrs.UT, vrs.UR)
_INTS = (vrs.US, vrs.SS, vrs.UL, vrs.SL, vrs.UV, vrs.SV)
_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")
_b64encode = base64.b64encode
_isfinite = math.isfinite


@attrs.frozen
class Style:
    """Where the output follows pydicom rather than typeddcm (all False: typeddcm's).

    ``pydicom=True``: DS values are always floats; a PN object always has
    "Alphabetic" and loses trailing empty groups; an empty sequence has ``"Value": []``;
    NaN and infinity stay floats (``json.dumps`` writes them as NaN/Infinity).
    """

    pydicom: bool = False


_TYPED = Style()


def _not_finite(value: float) -> str:
    """NaN and the infinities, which JSON numbers cannot hold, as text."""
    if value != value:
        return "NaN"
    return "Infinity" if value > 0 else "-Infinity"


def _ds_value(value: DSNumber) -> int | float | str | None:
    """A DS value as a JSON number: an int when its text is an integer (so "42" stays
    42), else the float; text that holds no finite number stays text."""
    text = value.text.strip()
    if not text:
        return None
    number = float(value)
    if not _isfinite(number):
        return text  # "abc" read leniently (NaN stand-in), or an overflow: keep the text
    digits = text.lstrip("+-")
    if digits.isdigit():
        return int(text)
    return number


def _is_value(value: ISNumber) -> int | str | None:
    text = value.text.strip()
    if not text:
        return None
    if value.is_valid:
        return int(value)
    return text  # not an integer (read leniently, 0 stands in): keep the text


class Encoder:
    """Turns datasets into JSON dicts with one threshold, handler and style."""

    __slots__ = ("threshold", "handler", "style", "_by_type")

    def __init__(self, *, threshold: int = 1024, handler: BulkDataHandler | None = None,
                 style: Style = _TYPED) -> None:
        self.threshold = threshold
        self.handler = handler
        self.style = style
        by_type: dict[type, Callable[[Any], list[JSONValue] | None]] = {}
        for text_cls in _TEXT:
            by_type[text_cls] = _text_values
        for int_cls in _INTS:
            by_type[int_cls] = _int_values
        for time_cls in (vrs.DA, vrs.DT, vrs.TM):
            by_type[time_cls] = _temporal_values
        by_type[vrs.AT] = _at_values
        by_type[vrs.FD] = self._fd_values
        by_type[vrs.FL] = self._fl_values
        by_type[vrs.PN] = self._pn_values if not style.pydicom else _pn_values_pydicom
        by_type[vrs.DS] = _ds_values if not style.pydicom else _ds_values_pydicom
        by_type[vrs.IS] = _is_values
        self._by_type = by_type

    def dataset(self, ds: Dataset, prefix: ElementPath = ()) -> JSONDataset:
        """The JSON object of ``ds``, whose elements are at ``prefix`` + (tag,)."""
        out: JSONDataset = {}
        by_type = self._by_type
        keys = _KEYS
        # element() inlined for the common case: this loop runs once per element.
        for elem in ds.elements():
            tag = elem.tag
            key = keys.get(tag)
            if key is None:
                key = _key(tag)
            vr = elem.vr
            convert = by_type.get(type(vr))
            if convert is None:
                out[key] = self._other(elem, vr, prefix)
                continue
            values = convert(vr)
            out[key] = {"vr": vr.code} if values is None else {"vr": vr.code, "Value": values}
        return out

    def element(self, elem: Element, prefix: ElementPath = ()) -> JSONAttribute:
        """The attribute object of ``elem`` (at ``prefix`` + (tag,), for the handler)."""
        vr = elem.vr
        convert = self._by_type.get(type(vr))
        if convert is None:
            return self._other(elem, vr, prefix)
        values = convert(vr)
        if values is None:
            return {"vr": vr.code}
        return {"vr": vr.code, "Value": values}

    def _other(self, elem: Element, vr: AnyVR, prefix: ElementPath) -> JSONAttribute:
        if type(vr) is vrs.SQ:
            return self._sequence(elem, vr, prefix)
        return self._bulk(elem, vr, prefix)

    def _sequence(self, elem: Element, vr: vrs.SQ, prefix: ElementPath) -> JSONAttribute:
        items = vr.values
        if not len(items) and not self.style.pydicom:
            return {"vr": "SQ"}
        tag = elem.tag
        dataset = self.dataset
        return {"vr": "SQ", "Value": [dataset(item, (*prefix, tag, index))
                                      for index, item in enumerate(items)]}

    def _bulk(self, elem: Element, vr: AnyVR, prefix: ElementPath) -> JSONAttribute:
        assert isinstance(vr, _BULK)  # every other VR class has a converter
        size = vr.nbytes
        if not size:
            return {"vr": vr.code}
        handler = self.handler
        if handler is not None and size > self.threshold:
            uri = handler((*prefix, elem.tag), elem)
            if uri is not None:
                return {"vr": vr.code, "BulkDataURI": uri}
        data = vr.data if vr.word_size == 1 or vr.byteorder == "<" else vr.tobytes()
        return {"vr": vr.code, "InlineBinary": _b64encode(data).decode("ascii")}

    def _fd_values(self, vr: vrs.FD) -> list[JSONValue] | None:
        values: list[float] = vr.array.tolist()
        if not values:
            return None
        if self.style.pydicom:
            return list(values)
        return [v if _isfinite(v) else _not_finite(v) for v in values]

    def _fl_values(self, vr: vrs.FL) -> list[JSONValue] | None:
        # The shortest text that reads back as the same float32 (3.14, not
        # 3.140000104904175): numpy's str of a float32 scalar is exactly that.
        array = vr.array
        if not len(array):
            return None
        out: list[JSONValue] = []
        pydicom = self.style.pydicom
        for item in array:
            number = float(str(item))
            out.append(number if pydicom or _isfinite(number) else _not_finite(number))
        return out

    def _pn_values(self, vr: vrs.PN) -> list[JSONValue] | None:
        values = vr.values
        if not values or (len(values) == 1 and not values[0].text):
            return None
        out: list[JSONValue] = []
        for name in values:
            text = name.text
            if not text:
                out.append(None)
                continue
            # Every group the text has, empty ones too ("=山田^太郎" keeps its empty
            # Alphabetic, "Yamada^Tarou==" its two empty groups), so the text comes back.
            groups = text.split("=", 2)
            out.append(dict(zip(_GROUPS, groups, strict=False)))
        return out


#: tag -> its JSON key, for the tags seen (bounded: beyond the bound keys are made each time).
_KEYS: dict[int, str] = {}
_KEYS_MAX = 1 << 16


def _key(tag: Tag) -> str:
    key = f"{tag:08X}"
    if len(_KEYS) < _KEYS_MAX:
        _KEYS[tag] = key
    return key


def _text_values(vr: AnyVR) -> list[JSONValue] | None:
    values: tuple[str, ...] = vr.values  # type: ignore[assignment]  # text VRs hold str
    if not values:
        return None
    if len(values) == 1:
        return [values[0]] if values[0] else None
    if "" in values:
        return [v or None for v in values]
    return list(values)


def _temporal_values(vr: AnyVR) -> list[JSONValue] | None:
    values = vr.values
    if not values:
        return None
    texts = [v.text for v in values]  # type: ignore[union-attr]  # Date, DateTime, Time
    if len(texts) == 1:
        return [texts[0]] if texts[0] else None
    return [t or None for t in texts]


def _int_values(vr: AnyVR) -> list[JSONValue] | None:
    values: list[JSONValue] = vr.array.tolist()  # type: ignore[union-attr]  # integer VRs
    return values or None


def _at_values(vr: vrs.AT) -> list[JSONValue] | None:
    values = vr.values
    if not values:
        return None
    return [f"{tag:08X}" for tag in values]


def _ds_values(vr: vrs.DS) -> list[JSONValue] | None:
    values = vr.values
    if not values:
        return None
    out: list[JSONValue] = [_ds_value(v) for v in values]
    return None if out == [None] else out


def _ds_values_pydicom(vr: vrs.DS) -> list[JSONValue] | None:
    values = vr.values
    if not values:
        return None
    out: list[JSONValue] = []
    for value in values:
        text = value.text.strip()
        if not text:
            out.append(None)
        elif value.is_valid or _isfinite(value):
            out.append(float(value))
        else:
            out.append(text)
    return None if out == [None] else out


def _is_values(vr: vrs.IS) -> list[JSONValue] | None:
    values = vr.values
    if not values:
        return None
    out: list[JSONValue] = [_is_value(v) for v in values]
    return None if out == [None] else out


def _pn_values_pydicom(vr: vrs.PN) -> list[JSONValue] | None:
    values = vr.values
    if not values or (len(values) == 1 and not values[0].text):
        return None
    out: list[JSONValue] = []
    for name in values:
        groups = name.text.split("=", 2)
        while len(groups) > 1 and not groups[-1]:
            groups.pop()  # pydicom drops trailing empty groups, keeps "Alphabetic"
        out.append(dict(zip(_GROUPS, groups, strict=False)))
    return out

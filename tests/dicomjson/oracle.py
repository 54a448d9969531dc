"""Normalising DICOM JSON for comparing typeddcm's with pydicom's ``to_json_dict``.

Each difference that is on purpose is normalised here, and named once:

- DS and IS are compared as numbers (we write an integer DS as an int; pydicom as a float);
- FL values compare as 32-bit floats (we write the float32's shortest text, pydicom the
  double it widened it to); NaN and the infinities compare equal in either spelling;
- an empty value among several is ``null`` in ours (PS3.18 F.2.5), "" in pydicom's;
- PN objects: ours keep every group the text has (empty ones too); pydicom always has
  "Alphabetic" and drops trailing empty groups: both compare as the name's text;
- an empty sequence: ours has no "Value", pydicom's ``"Value": []``;
- CS values lose trailing spaces (the core's PS3.5 rule, docs/architecture.md);
- words of a big endian file: ours are little endian, as PS3.18 F.2.7 has InlineBinary
  (the value as Explicit VR Little Endian encodes it); pydicom writes the file's bytes.
  ``swap`` says whether the file is big endian: OW values are then compared swapped.
"""

from __future__ import annotations

import base64
import math
from typing import Any

import numpy as np

_GROUPS = ("Alphabetic", "Ideographic", "Phonetic")


def _number(value: Any, vr: str) -> Any:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            return value
    number = float(value)
    if math.isnan(number):
        return "NaN"
    if vr == "FL":
        return float(np.float32(number))
    return number


def _pn(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    groups = [value.get(key) or "" for key in _GROUPS]
    return "=".join(groups).rstrip("=")


def normal(model: dict[str, Any], swap: bool = False) -> dict[str, Any]:
    """``model`` with the documented differences normalised away (recursively); ``swap``:
    pydicom's model of a big endian file, whose OW words get swapped."""
    out: dict[str, Any] = {}
    for key, attribute in model.items():
        vr = attribute["vr"]
        entry: dict[str, Any] = {"vr": vr}
        if "Value" in attribute:
            values = attribute["Value"]
            if vr == "SQ":
                entry["Value"] = [normal(item or {}, swap) for item in values]
            elif vr == "PN":
                entry["Value"] = [_pn(v) for v in values]
            elif vr in ("DS", "IS", "FL", "FD"):
                entry["Value"] = [_number(v, vr) for v in values]
            elif vr == "CS":
                entry["Value"] = [None if not v else v.rstrip(" ") for v in values]
            else:
                entry["Value"] = [None if v == "" else v for v in values]
            if not entry["Value"] or entry["Value"] in ([None], [""]):
                del entry["Value"]
        for binary in ("InlineBinary", "BulkDataURI"):
            if binary in attribute:
                data = attribute[binary]
                if binary == "InlineBinary":
                    data = base64.b64decode(data)
                    if swap and vr == "OW":
                        data = np.frombuffer(data, ">u2").astype("<u2").tobytes()
                entry[binary] = data
        out[key.upper()] = entry
    return out

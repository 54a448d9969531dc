"""pydicom 3's VR facts in ``valuerep``: the ``VR`` enum, its groupings, ``validate_value``.

The groupings are PS3.5 facts (Table 6.2-1 for the repertoires and lengths, 7.1.2
for the explicit VR length fields) in pydicom's names, so ``elem.VR in INT_VR``
reads as it does with pydicom.  ``validate_value`` applies the core's VR rules
(``typeddcm.vr``: the class of the VR builds the value and checks it strictly) under
a validation mode; a validator of pydicom's shape (``(vr, value) -> (ok, message)``)
may be given instead.  Ambiguous and unknown VRs, and sequences, are not checked.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import math
import struct
import warnings
from collections.abc import Callable
from enum import StrEnum, unique
from typing import Any, Final

from typeddcm.errors import DicomWarning, InvalidValueError
from typeddcm.vr import VR_CLASSES
from typeddcm.vr.numeric_string import format_ds

from . import config

__all__ = [
    "ALLOW_BACKSLASH", "AMBIGUOUS_VR", "BUFFERABLE_VRS", "BYTES_VR", "CUSTOMIZABLE_CHARSET_VR",
    "DEFAULT_CHARSET_VR", "EXPLICIT_VR_LENGTH_16", "EXPLICIT_VR_LENGTH_32", "FLOAT_VR", "INT_VR",
    "LIST_VR", "LONG_VALUE_VR", "MAX_VALUE_LEN", "PN_DELIMS", "STANDARD_VR", "STR_VR",
    "TEXT_VR_DELIMS", "VALUE_LENGTH", "VR", "format_number_as_ds", "is_valid_ds",
    "validate_value",
]  # fmt: skip


@unique
class VR(StrEnum):
    """A Value Representation: the 34 of PS3.5 Table 6.2-1 and PS3.6's four ambiguous ones.

    A member is its code as a ``str`` (``VR.US == "US"``, ``str(VR.US) == "US"``).
    """

    AE = "AE"
    AS = "AS"
    AT = "AT"
    CS = "CS"
    DA = "DA"
    DS = "DS"
    DT = "DT"
    FD = "FD"
    FL = "FL"
    IS = "IS"
    LO = "LO"
    LT = "LT"
    OB = "OB"
    OD = "OD"
    OF = "OF"
    OL = "OL"
    OW = "OW"
    OV = "OV"
    PN = "PN"
    SH = "SH"
    SL = "SL"
    SQ = "SQ"
    SS = "SS"
    ST = "ST"
    SV = "SV"
    TM = "TM"
    UC = "UC"
    UI = "UI"
    UL = "UL"
    UN = "UN"
    UR = "UR"
    US = "US"
    UT = "UT"
    UV = "UV"
    # PS3.6's dictionary VRs that depend on other elements (Pixel Representation, ...).
    US_SS_OW = "US or SS or OW"
    US_SS = "US or SS"
    US_OW = "US or OW"
    OB_OW = "OB or OW"


#: The VRs of PS3.5 Table 6.2-1 (the core's VR classes).
STANDARD_VR: Final = {VR(code) for code in VR_CLASSES}
#: The dictionary's "x or y" VRs.
AMBIGUOUS_VR: Final = {VR.US_SS_OW, VR.US_SS, VR.US_OW, VR.OB_OW}
#: Text VRs limited to the default repertoire (PS3.5 6.1.2).
DEFAULT_CHARSET_VR: Final = {VR.AE, VR.AS, VR.CS, VR.DA, VR.DS, VR.DT, VR.IS, VR.TM, VR.UI,
                             VR.UR}
#: Text VRs whose repertoire (0008,0005) Specific Character Set extends.
CUSTOMIZABLE_CHARSET_VR: Final = {VR.LO, VR.LT, VR.PN, VR.SH, VR.ST, VR.UC, VR.UT}
#: VRs whose values are bytes.
BYTES_VR: Final = {VR.OB, VR.OD, VR.OF, VR.OL, VR.OV, VR.OW, VR.UN}
#: VRs whose values are floats (DS in pydicom's sense of a number).
FLOAT_VR: Final = {VR.DS, VR.FD, VR.FL}
#: VRs whose values are ints (AT and IS in pydicom's sense).
INT_VR: Final = {VR.AT, VR.IS, VR.SL, VR.SS, VR.SV, VR.UL, VR.US, VR.UV}
#: VRs whose value is a list (of items).
LIST_VR: Final = {VR.SQ}
#: VRs whose values are text.
STR_VR: Final = DEFAULT_CHARSET_VR | CUSTOMIZABLE_CHARSET_VR
#: VRs whose value may hold a backslash that is not a value delimiter (PS3.5 6.2).
ALLOW_BACKSLASH: Final = {VR.LT, VR.ST, VR.UT, VR.US_SS_OW, VR.US_OW, VR.OB_OW} | BYTES_VR
#: VRs whose values may run long (shortened when printed).
LONG_VALUE_VR: Final = {VR.LT, VR.UC, VR.UT} | BYTES_VR | AMBIGUOUS_VR
#: VRs with a 2-byte length field in explicit VR (PS3.5 7.1.2); the rest have 4 bytes.
EXPLICIT_VR_LENGTH_16: Final = {
    VR.AE, VR.AS, VR.AT, VR.CS, VR.DA, VR.DS, VR.DT, VR.FL, VR.FD, VR.IS, VR.LO, VR.LT, VR.PN,
    VR.SH, VR.SL, VR.SS, VR.ST, VR.TM, VR.UI, VR.UL, VR.US,
}  # fmt: skip
EXPLICIT_VR_LENGTH_32: Final = STANDARD_VR - EXPLICIT_VR_LENGTH_16
#: VRs whose value may be given as a buffer (a file object).
BUFFERABLE_VRS: Final = (BYTES_VR | {VR.OB_OW}) - {VR.UN}

#: Text delimiters that return ISO 2022 text to its initial sets: LF, CR, TAB, FF.
TEXT_VR_DELIMS: Final = {0x0D, 0x0A, 0x09, 0x0C}
#: The PN component delimiter ``^`` (``=`` separates component groups).
PN_DELIMS: Final = {0x5E}
#: The maximum length of one value of the text VRs that have one (PS3.5 Table 6.2-1).
MAX_VALUE_LEN: Final = {"AE": 16, "CS": 16, "DS": 16, "IS": 12, "LO": 64, "LT": 10240,
                        "SH": 16, "ST": 1024, "UI": 64}
#: The size of one value of the binary number VRs.
VALUE_LENGTH: Final = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "UV": 8, "SV": 8, "FL": 4, "FD": 8}

_RANGED = frozenset({"DA", "DT", "TM"})  # query ranges "a-b", "a-", "-b" (PS3.4 C.2.2.2.5)


def _check(code: str, value: Any) -> str | None:
    """What is wrong with ``value`` for ``code`` by the core's rules (the rule broken), or None."""
    try:
        VR_CLASSES[code](value)  # the public constructor validates strictly (vr/_base.py)
    except InvalidValueError as exc:
        return exc.rule
    except (TypeError, ValueError, OverflowError, struct.error) as exc:
        return str(exc) or "not a value of this VR"
    return None


# The value types pydicom 3 takes for a VR (its type check comes first, and so does its
# message); numbers for DS/IS, which pydicom converts, are types the core takes too.
_TEXT_TYPES: Final = (str, bytes, bytearray)
_VALUE_TYPES: Final[dict[str, tuple[type, ...]]] = {
    **{code: _TEXT_TYPES for code in ("AE", "AS", "CS", "LO", "LT", "SH", "ST", "UC", "UI",
                                      "UR", "UT")},
    "DS": (*_TEXT_TYPES, int, float, decimal.Decimal),
    "IS": (*_TEXT_TYPES, int, float, decimal.Decimal),
    "DA": (*_TEXT_TYPES, datetime.date),
    "DT": (*_TEXT_TYPES, datetime.datetime),
    "TM": (*_TEXT_TYPES, datetime.time),
    "FL": (int, float),
    "FD": (int, float),
    **{code: (bytes, bytearray, memoryview) for code in ("OB", "OD", "OF", "OL", "OV", "OW",
                                                         "UN")},
    **{code: (int, bytes, bytearray, memoryview) for code in VALUE_LENGTH if code[0] in "SU"},
}  # fmt: skip
#: The range of one value of the binary integer VRs.
_INT_RANGE: Final = {"US": (0, 0xFFFF), "SS": (-0x8000, 0x7FFF), "UL": (0, 0xFFFFFFFF),
                     "SL": (-0x80000000, 0x7FFFFFFF), "UV": (0, 2**64 - 1),
                     "SV": (-(2**63), 2**63 - 1)}


def _worded(code: str, value: Any, text: Any, rule: str) -> str:
    """The message for a value the core refused, in pydicom 3's words where it has some
    (code matching those with ``pytest.raises(match=...)`` keeps working), the core's rule
    added where pydicom says only "invalid"."""
    types = _VALUE_TYPES.get(code)
    if code == "PN":
        types = (*_TEXT_TYPES, _person_name_type())
    if types is not None and not isinstance(value, types):
        return (f"A value of type '{type(value).__name__}' cannot be assigned to a tag with "
                f"VR {code}.")
    bounds = _INT_RANGE.get(code)
    if bounds is not None and isinstance(value, int) and not bounds[0] <= value <= bounds[1]:
        return (f"Invalid value: a value for a tag with VR {code} must be between {bounds[0]} "
                f"and {bounds[1]}.")
    if isinstance(text, str):
        if code == "PN":
            groups = text.split("=")
            if len(groups) > 3:
                return (f"The number of PN components length ({len(groups)}) exceeds the "
                        "maximum allowed number of 3.")
            for group in groups:
                if len(group) > 64:
                    return (f"The PN component length ({len(group)}) exceeds the maximum "
                            "allowed length of 64.")
        limit = MAX_VALUE_LEN.get(code)
        if limit is not None and len(text) > limit:
            return (f"The value length ({len(text)}) exceeds the maximum length of {limit} "
                    f"allowed for VR {code}.")
    return f"Invalid value for VR {code}: {value!r} ({rule})."


def _person_name_type() -> type:
    from typeddcm.vr.person_name import PersonName

    return PersonName


@functools.lru_cache(maxsize=4096)
def _text_problem(code: str, value: str | int) -> str | None:
    # Values repeat (CS terms, dates, UIDs of a series): each is checked once.
    return _problem(code, value)


def _problem(vr: str, value: Any) -> str | None:
    code = str(vr)
    if code not in VR_CLASSES or code == "SQ":
        return None  # ambiguous, unknown or a sequence: nothing to check here
    text = value
    if isinstance(value, (bytes, bytearray, memoryview)):
        size = VALUE_LENGTH.get(code)
        if size is not None:
            if len(value) % size:
                return (f"Invalid value length {len(value)}: the value length for a tag with "
                        f"VR {code} must be a multiple of {size}.")
            return None
        if code in BYTES_VR or code == "AT":
            return None
        text = bytes(value).decode("latin-1")  # text given encoded: check its characters
    problem = _check(code, text)
    if problem is None:
        return None
    if code in _RANGED and isinstance(text, str) and "-" in text:
        stripped = text.rstrip(" ")
        for at, char in enumerate(stripped):
            if char != "-":
                continue
            parts = [stripped[:at], stripped[at + 1:]]
            if any(parts) and all(not p or _check(code, p) is None for p in parts):
                return None
    return _worded(code, value, text, problem)


def validate_value(
    vr: str,
    value: Any,
    validation_mode: int | None,
    validator: Callable[[str, Any], tuple[bool, str]] | None = None,
) -> None:
    """Check one value for ``vr`` and do what ``validation_mode`` says with a problem.

    ``config.IGNORE``: nothing; ``config.WARN``: a ``UserWarning`` (and the log);
    ``config.RAISE``: ``ValueError``; None: the context's writing validation mode.
    ``validator(vr, value) -> (ok, message)`` replaces the core's rules when given.
    None is never checked.
    """
    if validation_mode is None:
        validation_mode = config.writing_mode()
    if validation_mode == config.IGNORE or value is None:
        return
    if validator is not None:
        ok, message = validator(vr, value)
        problem = None if ok else message
    elif type(value) is int or (type(value) is str and len(value) <= 64):
        # exact types (True == 1 == 1.0 as keys), short text (the cache holds what it keys)
        problem = _text_problem(str(vr), value)
    else:
        problem = _problem(vr, value)
    if problem is None:
        return
    if validation_mode == config.RAISE:
        raise ValueError(problem)
    config.logger.warning(problem)
    warnings.warn(problem, DicomWarning, stacklevel=2)


def is_valid_ds(s: object) -> bool:
    """True when ``s`` is a DS value as PS3.5 writes one (at most 16 characters, a number)."""
    return isinstance(s, (str, bytes)) and _problem("DS", s) is None


def format_number_as_ds(val: float | decimal.Decimal) -> str:
    """The text of ``val`` that fits a DS value (at most 16 characters), precision kept as
    far as it fits.  TypeError for other types, ValueError for NaN and infinities."""
    if not isinstance(val, (float, decimal.Decimal)):
        msg = "'val' must be of type float or decimal.Decimal"  # type: ignore[unreachable]
        raise TypeError(msg)
    if not math.isfinite(val):
        msg = f"Cannot encode non-finite floats as DICOM decimal strings. Got '{val}'"
        raise ValueError(msg)
    if isinstance(val, decimal.Decimal):
        text = str(val)
        if len(text) <= 16:
            return text
        val = float(val)
    return _closest(val, format_ds(val))


def _closest(val: float, text: str) -> str:
    """``text``, or the longest scientific form within 16 characters when that is nearer
    to ``val`` (a huge or tiny number's exponent leaves room for one digit more) and
    still a float (PS3.5: a DS beyond the largest double is not one)."""
    if float(text) == val:
        return text  # it reads back as the very number: nothing nearer to find
    for digits in range(15, 0, -1):
        scientific = f"{val:.{digits}e}"
        if len(scientific) <= 16:
            exact = decimal.Decimal(val)
            if (abs(decimal.Decimal(scientific) - exact) < abs(decimal.Decimal(text) - exact)
                    and math.isfinite(float(scientific))):
                return scientific
            return text
    return text

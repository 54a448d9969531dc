"""pydicom's ``util.fixer``: mend common non-standard encodings while a file is read.

Each ``fix_*`` function installs a ``config.data_element_callback`` (and its
``data_element_callback_kwargs``); ``dcmread`` then hands every raw element of
every level to the callback before its value is first used, and a changed raw
element is decoded from its new bytes or as its new VR.  As every compat config
knob, the callback is set for the current thread (context) only; ``del
config.data_element_callback`` (or ``config.data_element_callback = None``)
removes it.

* :func:`fix_separator` replaces a wrong value separator (``b";"``, ``b","``,
  ``b" "``) by the backslash in the raw bytes of DS and IS values (or the VRs
  given), so ``"1.5;2.5"`` reads as two values.
* :func:`fix_mismatch` gives an element whose bytes cannot be read as its VR
  (DS text that is not a number, an IS that is not an integer, binary numbers of
  the wrong length) the VR among ``with_VRs`` that can read them.

"Can be read" is pydicom 1.x's test, where conversion raised ``ValueError``: each
DS value parses as a float, each IS value as an integer (exactly, as 1.x's
``int(text)``), a binary number's length is a multiple of its size (AT: 4), and
DA/DT/TM parse as dates and times when ``config.datetime_conversion`` is on; text
of every other VR always reads.  pydicom 3 keeps bad DS/IS text as strings, so
there ``fix_mismatch`` only fixes binary lengths; we follow 1.x.  As pydicom's, the
callback tries every VR of ``with_VRs`` in order and the *last* one that reads the
bytes wins (with the default ``("PN", "DS", "IS")``: "12" becomes IS, "1.5" DS and
"Smith^J" PN).

The keyword of :func:`fix_separator`'s third argument is ``process_unknown_VRs``
(pydicom 1.x stored it under a misspelt name and raised ``KeyError`` for implicit
VR elements of unknown tags; pydicom 3 fixed that, as we do).  A space separator
(``b" "``) leaves trailing padding alone, as pydicom 3 does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from typeddcm.dictionary import lookup

from .. import config

if TYPE_CHECKING:
    from ..dataelem import RawDataElement

__all__ = ["fix_mismatch", "fix_mismatch_callback", "fix_separator", "fix_separator_callback"]

#: Bytes per value of the binary VRs (a raw value's length must be a multiple).
_SIZES = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "UV": 8, "SV": 8, "FL": 4, "FD": 8, "AT": 4,
          "OW": 2, "OF": 4, "OD": 8, "OL": 4, "OV": 8}
_INTEGER = re.compile(r"[+-]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}([0-9]{2}([0-9]{2})?)?|[0-9]{4}\.[0-9]{2}\.[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}(:?[0-9]{2}(:?[0-9]{2}(\.[0-9]{1,6})?)?)?")
_DATETIME = re.compile(r"[0-9]{4}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2}(\.[0-9]{1,6})?)?)?)?)?)?"
                       r"([+-][0-9]{4})?")


def _texts(value: bytes) -> list[str]:
    """A raw text value's values, padding stripped (bytes beyond ASCII kept as Latin-1)."""
    return [v.strip(" \x00") for v in value.decode("latin-1").split("\\")]


def _is_float(text: str) -> bool:
    if "_" in text:  # Python's float() takes "1_0"; DICOM text never meant that
        return False
    try:
        float(text)
    except ValueError:
        return False
    return True


def _readable(vr: str, raw: RawDataElement) -> bool:
    """Whether the raw bytes read as ``vr`` without pydicom 1.x's ``ValueError``."""
    value = raw.value
    if not value:
        return True  # an empty value reads as every VR
    if vr in _SIZES:
        return len(value) % _SIZES[vr] == 0
    if vr == "DS":
        return all(not t or _is_float(t) for t in _texts(value))
    if vr == "IS":
        return all(not t or _INTEGER.fullmatch(t) is not None for t in _texts(value))
    if vr in ("DA", "DT", "TM") and config.datetime_conversion:
        pattern = {"DA": _DATE, "DT": _DATETIME, "TM": _TIME}[vr]
        return all(not t or pattern.fullmatch(t) is not None for t in _texts(value))
    return True


def _dictionary_vr(tag: int) -> str | None:
    """The standard dictionary's VR of ``tag``, None when the tag is not in it."""
    entry = lookup(int(tag))
    return entry.vr if entry is not None and entry.vr else None


def fix_separator_callback(raw_elem: RawDataElement, **kwargs: Any) -> RawDataElement:
    """The callback :func:`fix_separator` installs: ``raw_elem`` with its separator mended.

    ``kwargs``: ``invalid_separator`` (bytes), ``for_VRs`` (VR codes) and
    ``process_unknown_VRs`` (whether an implicit VR element of a tag the dictionary
    does not know is mended too).  Elements of other VRs come back unchanged.
    """
    separator: bytes = kwargs["invalid_separator"]
    if raw_elem.VR is None:
        vr = _dictionary_vr(int(raw_elem.tag))
        process = (bool(kwargs.get("process_unknown_VRs", True)) if vr is None
                   else vr in kwargs["for_VRs"])
    else:
        process = raw_elem.VR in kwargs["for_VRs"]
    if not process or raw_elem.value is None:
        return raw_elem
    value = raw_elem.value
    if separator == b" ":
        # Spaces also pad the value: only those inside it separate values.
        stripped = value.strip()
        fixed = stripped.replace(separator, b"\\") + b" " * (len(value) - len(stripped))
    else:
        fixed = value.replace(separator, b"\\")
    return raw_elem._replace(value=fixed)


def _separator_bytes(invalid_separator: bytes | str) -> bytes:
    if isinstance(invalid_separator, str):
        try:
            invalid_separator = invalid_separator.encode("ascii")
        except UnicodeEncodeError:
            msg = f"the separator must be one ASCII character, not {invalid_separator!r}"
            raise ValueError(msg) from None
    if not isinstance(invalid_separator, (bytes, bytearray)):
        msg = f"the separator must be bytes, not {type(invalid_separator).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    if len(invalid_separator) != 1 or invalid_separator == b"\\":
        msg = f"the separator must be one byte other than backslash, not {invalid_separator!r}"
        raise ValueError(msg)
    return bytes(invalid_separator)


def _vr_codes(vrs: Iterable[str] | str, name: str) -> tuple[str, ...]:
    if isinstance(vrs, str):
        vrs = (vrs,)
    codes = tuple(vrs)
    for code in codes:
        if not isinstance(code, str):
            msg = f"{name} must be VR codes such as 'DS', not {code!r}"  # type: ignore[unreachable]
            raise TypeError(msg)
    return codes


def fix_separator(
    invalid_separator: bytes | str,
    for_VRs: Iterable[str] = ("DS", "IS"),
    process_unknown_VRs: bool = True,
) -> None:
    """Read values separated by ``invalid_separator`` (one byte, e.g. ``b";"``) as several.

    Installs :func:`fix_separator_callback` for the current context: while reading,
    the separator is replaced by a backslash in the raw bytes of elements whose VR
    is in ``for_VRs`` (for implicit VR elements, the dictionary's VR), and of
    implicit VR elements the dictionary does not know when ``process_unknown_VRs``.
    ValueError for a separator that is not one byte other than backslash.
    """
    separator = _separator_bytes(invalid_separator)
    config.data_element_callback = fix_separator_callback
    config.data_element_callback_kwargs = {
        "invalid_separator": separator,
        "for_VRs": _vr_codes(for_VRs, "for_VRs"),
        "process_unknown_VRs": bool(process_unknown_VRs),
    }


def fix_mismatch_callback(raw_elem: RawDataElement, **kwargs: Any) -> RawDataElement:
    """The callback :func:`fix_mismatch` installs: ``raw_elem`` with a VR that reads its bytes.

    An implicit VR element, or one whose bytes read as its VR, comes back unchanged;
    otherwise the last VR of ``kwargs["with_VRs"]`` that reads the bytes replaces
    its VR (unchanged when none does).
    """
    if raw_elem.VR is None or _readable(raw_elem.VR, raw_elem):
        return raw_elem
    for vr in kwargs["with_VRs"]:
        if _readable(vr, raw_elem):
            raw_elem = raw_elem._replace(VR=vr)
    return raw_elem


def fix_mismatch(with_VRs: Iterable[str] = ("PN", "DS", "IS")) -> None:
    """Give elements whose bytes their VR cannot read a VR of ``with_VRs`` that can.

    Installs :func:`fix_mismatch_callback` for the current context (see the module
    docstring for what "can read" means, and which VR wins).
    """
    config.data_element_callback = fix_mismatch_callback
    config.data_element_callback_kwargs = {"with_VRs": _vr_codes(with_VRs, "with_VRs")}

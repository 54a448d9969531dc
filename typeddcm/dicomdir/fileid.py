"""File IDs: the names of files in a File-set (PS3.10 8.5 and 8.2, PS3.3 F.3.2.2).

A File ID is a path relative to the File-set's root directory, given in a
directory record's Referenced File ID (0004,1500) as a CS value of one to eight
components.  Each component is one to eight characters of the repertoire
A-Z, 0-9 and underscore (PS3.10 8.5: the portable subset of ISO 9660).  This
module checks File IDs and generates conformant components.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from typeddcm.errors import FileIDError

__all__ = [
    "ALPHANUMERIC_CHARS",
    "MAX_COMPONENTS",
    "MAX_COMPONENT_LENGTH",
    "NUMERIC_CHARS",
    "RECORD_PREFIXES",
    "check_file_id",
    "component_name",
    "generate_names",
    "is_conformant_file_id",
    "leaves_root",
]

#: PS3.3 F.3.2.2: a File ID has at most 8 components.
MAX_COMPONENTS = 8
#: PS3.10 8.2: each component has at most 8 characters.
MAX_COMPONENT_LENGTH = 8

_COMPONENT = re.compile(r"[A-Z0-9_]{1,8}")

#: Digits of generated names.  The alphanumeric set leaves out "J" (as pydicom 3
#: does), so that names made by either library for the same index are the same.
NUMERIC_CHARS = "0123456789"
ALPHANUMERIC_CHARS = "0123456789ABCDEFGHIKLMNOPQRSTUVWXYZ"

#: The prefix of generated components per Directory Record Type (pydicom's choice,
#: kept so File-sets written by either library look alike).  PRIVATE records add
#: their depth to "P".
RECORD_PREFIXES: dict[str, str] = {
    "PATIENT": "PT", "STUDY": "ST", "SERIES": "SE", "IMAGE": "IM", "RT DOSE": "RD",
    "RT STRUCTURE SET": "RS", "RT PLAN": "RP", "RT TREAT RECORD": "RX",
    "PRESENTATION": "PR", "WAVEFORM": "WV", "SR DOCUMENT": "SR", "KEY OBJECT DOC": "KY",
    "SPECTROSCOPY": "SP", "RAW DATA": "RW", "REGISTRATION": "RG", "FIDUCIAL": "FD",
    "HANGING PROTOCOL": "HG", "ENCAP DOC": "ED", "VALUE MAP": "VM", "STEREOMETRIC": "SX",
    "PALETTE": "PA", "IMPLANT": "IP", "IMPLANT ASSY": "IA", "IMPLANT GROUP": "IG",
    "PLAN": "PL", "MEASUREMENT": "MX", "SURFACE": "SF", "SURFACE SCAN": "SS",
    "TRACT": "TR", "ASSESSMENT": "AS", "RADIOTHERAPY": "RT", "PRIVATE": "P",
}


def leaves_root(components: Sequence[str]) -> bool:
    """Whether a File ID read from a DICOMDIR (kept as read, so perhaps not conformant)
    would name a path outside the File-set's root: an empty, "." or ".." component, or
    one holding a path separator or drive colon."""
    return any(part in ("", ".", "..") or any(c in part for c in "/\\:")
               for part in components)


def is_conformant_file_id(components: Sequence[str]) -> bool:
    """Whether ``components`` is a conformant File ID (see :func:`check_file_id`)."""
    try:
        check_file_id(components)
    except FileIDError:
        return False
    return True


def check_file_id(components: Sequence[str] | str) -> tuple[str, ...]:
    """The File ID as a tuple of components, or FileIDError saying what is wrong.

    A str is one component (a path separator in it is not a separator: File IDs
    are given as components, never as host paths).
    """
    parts = (components,) if isinstance(components, str) else tuple(components)
    if not parts:
        raise FileIDError("a File ID has at least one component")
    if len(parts) > MAX_COMPONENTS:
        msg = (f"File ID {'/'.join(map(str, parts))!r} has {len(parts)} components; "
               f"PS3.3 F.3.2.2 allows at most {MAX_COMPONENTS}")
        raise FileIDError(msg)
    for part in parts:
        checked: object = part  # callers without type checking pass other values too
        if not isinstance(checked, str) or _COMPONENT.fullmatch(checked) is None:
            msg = (f"File ID component {part!r} is not 1 to {MAX_COMPONENT_LENGTH} characters "
                   "of A-Z, 0-9 and _ (PS3.10 8.2, 8.5)")
            raise FileIDError(msg)
    return parts


def component_name(prefix: str, index: int, *, alphanumeric: bool = False) -> str:
    """The 8-character component ``prefix`` + ``index`` written in base 10 (or 35),
    zero padded: ``component_name("IM", 12) == "IM000012"``.

    FileIDError when the prefix leaves no room or the index does not fit.
    """
    chars = ALPHANUMERIC_CHARS if alphanumeric else NUMERIC_CHARS
    width = MAX_COMPONENT_LENGTH - len(prefix)
    if width < 1:
        msg = f"a File ID prefix has at most {MAX_COMPONENT_LENGTH - 1} characters, not {prefix!r}"
        raise FileIDError(msg)
    base = len(chars)
    if index < 0 or index >= base**width:
        msg = f"index {index} does not fit in {width} characters after prefix {prefix!r}"
        raise FileIDError(msg)
    digits = []
    while index:
        index, digit = divmod(index, base)
        digits.append(chars[digit])
    return prefix + "".join(reversed(digits)).rjust(width, "0")


def generate_names(prefix: str = "", start: int = 0, *,
                   alphanumeric: bool = False) -> Iterator[str]:
    """Components ``prefix`` + a counter from ``start`` until the counter no longer fits."""
    chars = ALPHANUMERIC_CHARS if alphanumeric else NUMERIC_CHARS
    if len(prefix) >= MAX_COMPONENT_LENGTH:
        raise FileIDError("The 'prefix' must be less than 8 characters long")
    limit = len(chars) ** (MAX_COMPONENT_LENGTH - len(prefix))
    for index in range(start, limit):
        yield component_name(prefix, index, alphanumeric=alphanumeric)

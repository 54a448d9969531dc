"""The leak check of issue 13: no original value the profile removed, emptied or replaced
appears anywhere in the output's bytes.

Identifying strings are taken from the original element at every path the engine acted
on (X, Z, D, U, C), at any depth (a removed sequence gives everything inside it): each
text value, each person-name component group and component, each date, time and UID, of
four or more characters after padding is stripped and holding a letter or digit.  They
are searched in the output bytes encoded in every encoding the output's character set
allows (its Python codecs, plus ASCII, Latin-1 and UTF-8).

What is not a leak (and so skipped): a string that also occurs in a value the output
keeps unchanged at the same path, where the engine did not act (random data repeats itself: the same "ABCD" in a kept
Modality and a removed description), in the engine's own constants (the dummies, the
method text and codes, a file meta of our making), a UID registered by the standard
(kept by rule), and a string of digits and punctuation only when it could be a piece of
a mapped ``2.25.`` UID (those are searched in the bytes with every mapped UID masked;
the full original UIDs are searched unmasked).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from typeddcm.codec.charset import CharacterSet
from typeddcm.dataset import Dataset
from typeddcm.deid import Deidentified, method_codes
from typeddcm.deid._values import DUMMY_TEXT
from typeddcm.dictionary import uid_info
from typeddcm.element import Element
from typeddcm.errors import DicomError
from typeddcm.vr import SQ

_ALL_OPTIONS = ["retain_safe_private", "retain_uids", "retain_device_identity",
                "retain_institution_identity", "retain_patient_characteristics",
                "retain_long_modified_dates", "clean_descriptors", "clean_structured_content",
                "clean_graphics"]
# What the profile itself writes: its texts, and the CID 7050 code values and meanings of
# the De-identification Method Code Sequence (an original "1131" is inside "113100").
CONSTANTS = (DUMMY_TEXT, "urn:anonymized", "19000101000000", "000Y", "YES", "MODIFIED",
             "UNMODIFIED", "REMOVED", "DCM", "PS3.15 E.1 Basic Application Confidentiality Profile",
             *(text for pair in method_codes(_ALL_OPTIONS) for text in pair),
             "Retain Long. Full Dates Option", "Retain Long. Modified Dates Option",
             "Retain Longitudinal Temporal Information Full Dates Option")
_NUMERIC = re.compile(r"[0-9.+\-eE ]+")
_MAPPED = re.compile(rb"2\.25\.[0-9]+")


def _texts(elem: Element) -> Iterator[str]:
    """Every text piece of an element's value (names split into their parts)."""
    try:
        vr = elem.vr
    except (DicomError, ValueError):
        return
    if isinstance(vr, SQ):
        for item in vr.values:
            for inner in item.elements():
                yield from _texts(inner)
        return
    if vr.code in {"OB", "OW", "OF", "OD", "OL", "OV", "UN", "US", "SS", "UL", "SL", "UV",
                   "SV", "FL", "FD", "AT"}:
        return
    for value in vr.values:
        text = str(value)
        yield text
        if vr.code == "PN":
            for group in text.split("="):
                yield group
                yield from group.split("^")


def _kept_texts(original: Dataset, done: Deidentified) -> list[str]:
    """Texts of the output's elements the engine did not act on (nor on anything above
    them) and that equal the original's at the same path."""
    acted = {action.path for action in done.actions}
    kept: list[str] = []
    for path, elem in done.dataset.walk():
        if any(path[:n] in acted for n in range(1, len(path) + 1, 2)):
            continue
        try:
            before = original.get_in(path)
        except (KeyError, IndexError):
            continue
        if isinstance(before, Element) and before == elem:
            kept.extend(_texts(elem))
            data = getattr(elem.vr, "data", None) if not isinstance(elem.vr, SQ) else None
            if data is not None:
                kept.append(bytes(data).decode("latin-1"))
    return kept


def identifying(original: Dataset, done: Deidentified) -> set[str]:
    """The identifying strings of the elements the engine acted on (see the module notes)."""
    found: set[str] = set()
    for action in done.actions:
        try:
            elem = original.get_in(action.path)
        except (KeyError, IndexError):
            continue
        if not isinstance(elem, Element):
            continue
        for text in _texts(elem):
            text = text.strip(" \0")
            if len(text) >= 4 and any(c.isalnum() for c in text):
                found.add(text)
    return found


def encodings(output: Dataset) -> list[Any]:
    """Encoders for every encoding the output's character set allows."""
    terms: tuple[str, ...] = ()
    elem = output.get(0x00080005)
    if elem is not None:
        try:
            terms = tuple(str(v) for v in elem.vr.values)
        except (DicomError, ValueError):
            terms = ()
    coders: list[Any] = [lambda s, c=c: s.encode(c) for c in ("ascii", "latin-1", "utf-8")]
    try:
        charset = CharacterSet.from_terms(terms)
        coders.append(lambda s: charset.encode(s, "LO"))
    except (DicomError, ValueError, LookupError):
        pass
    return coders


def leaks(original: Dataset, done: Deidentified, data: bytes,
          extra_allowed: tuple[str, ...] = ()) -> list[str]:
    """The identifying strings found in ``data`` (the output file's bytes)."""
    allowed = [*_kept_texts(original, done), *CONSTANTS, *extra_allowed]
    masked = _MAPPED.sub(b"#", data)
    found: list[str] = []
    for text in sorted(identifying(original, done)):
        if any(text in a for a in allowed):
            continue
        is_uid = re.fullmatch(r"[0-9]+(\.[0-9]+)+", text) is not None
        if is_uid and uid_info(text) is not None:
            continue
        haystack = data if is_uid or not _NUMERIC.fullmatch(text) else masked
        for coder in encodings(done.dataset):
            try:
                needle = coder(text)
            except (UnicodeError, DicomError, ValueError):
                continue
            if needle and needle in haystack:
                found.append(text)
                break
    return found

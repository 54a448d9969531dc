"""typeddcm.codec.values against pydicom on every file of pydicom's wheel test data.

For each non-SQ element at any depth (file meta included, sequence items with the
character set in force at their level), the file's raw value bytes are decoded
with :func:`decode_value` and compared with the value pydicom decodes from the
same bytes.  Where they differ, the difference must be one that PS3.5 settles
against pydicom (each kind is listed in ``EXPLAINED`` with its reason); anything
else fails.  Then ``encode_value(decode_value(raw)) == raw`` must hold for every
value whose bytes are canonical; the others are counted by why they are not.

The files are found by globbing pydicom's data folders: ``get_testdata_files``
would also try to download pydicom's external test files, which are not part of
the wheel.
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.values import CHARSET_VRS, decode_value, encode_value
from typeddcm.errors import EncodeError
from typeddcm.vr import AnyVR

pydicom = pytest.importorskip("pydicom")
from pydicom.dataelem import RawDataElement  # noqa: E402 - after importorskip
from pydicom.multival import MultiValue  # noqa: E402

_DATA = Path(pydicom.__file__).parent / "data"
_NOT_DICOM = frozenset({".txt", ".json", ".dump", ".icc", ".gz", ".py", ".pyc"})
FILES = sorted(
    path
    for folder in ("test_files", "charset_files")
    for path in (_DATA / folder).rglob("*")
    if path.is_file()
)

SPECIFIC_CHARACTER_SET = 0x00080005
BULK = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})
NUMERIC = frozenset({"FD", "FL", "SL", "SS", "SV", "UL", "US", "UV"})
# Text VRs whose values pydicom gives as str (DA DT TM too: datetime_conversion is off).
PLAIN_TEXT = frozenset(
    {"AE", "AS", "CS", "DA", "DT", "LO", "LT", "SH", "ST", "TM", "UC", "UI", "UR", "UT"}
)


@dataclass(frozen=True)
class Value:
    """One non-SQ element of a file: where, its VR, the bytes, pydicom's value."""

    file: str
    where: str
    vr: str
    raw: bytes
    little_endian: bool
    terms: tuple[str, ...] | None
    theirs: Any


def _terms(element: Any) -> tuple[str, ...]:
    value = element.value
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str):
        return tuple(value.split("\\"))
    return tuple(str(term) for term in value)


def _walk(
    ds: Any, name: str, inherited: tuple[str, ...] | None, path: str = ""
) -> Iterator[Value]:
    """Every non-SQ element of ``ds`` and its items; raw bytes read before pydicom converts."""
    own = ds.get_item(SPECIFIC_CHARACTER_SET)
    terms = _terms(own) if own is not None else inherited
    for tag in list(ds.keys()):
        raw = ds.get_item(tag)
        elem = ds[tag]  # converts (and stores) pydicom's value; ``raw`` keeps the bytes
        where = f"{path}({tag.group:04X},{tag.element:04X})"
        if elem.VR == "SQ":
            for index, item in enumerate(elem.value):
                yield from _walk(item, name, terms, f"{where}[{index}]")
            continue
        if not isinstance(raw, RawDataElement):
            continue  # pydicom built this one itself (never seen in the wheel files)
        data = raw.value if raw.value is not None else b""
        yield Value(name, where, str(elem.VR), bytes(data), raw.is_little_endian, terms,
                    elem.value)


def _read(path: Path) -> tuple[list[Value], str]:
    """The values of one file, or an empty list and why pydicom cannot read it."""
    if path.suffix.lower() in _NOT_DICOM:
        return [], f"{path.name} is not a DICOM file"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True)
            values = list(_walk(ds.file_meta, path.name, None, "meta:")) if ds.file_meta else []
            values += list(_walk(ds, path.name, None))
        except Exception as exc:  # pydicom's own refusal: the file is not in the oracle
            return [], f"pydicom cannot read {path.name}: {type(exc).__name__}: {exc}"
    if not values:
        return [], f"pydicom finds no elements in {path.name}"
    return values, ""


@cache
def _all_values() -> tuple[tuple[Value, ...], tuple[str, ...]]:
    values: list[Value] = []
    skipped: list[str] = []
    for path in FILES:
        found, why = _read(path)
        values += found
        if why:
            skipped.append(why)
    return tuple(values), tuple(skipped)


def _ours(value: Value) -> tuple[AnyVR, str]:
    charset = CharacterSet.from_terms(value.terms)
    vr = value.vr.split(" or ")[0]  # an ambiguous VR pydicom could not resolve: its first
    return decode_value(vr, memoryview(value.raw), little_endian=value.little_endian,
                        charset=charset)


# --- comparison -----------------------------------------------------------------------


def _their_list(theirs: Any) -> list[Any]:
    if theirs is None or (not isinstance(theirs, (MultiValue, list, tuple, bytes))
                          and str(theirs) == ""):
        return []  # pydicom's empty value: "", PersonName(""), None
    if isinstance(theirs, (MultiValue, list, tuple)):
        return list(theirs)
    return [theirs]


def _same_number(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _plain_ours(vr: AnyVR) -> list[Any]:
    code = vr.code
    if code in ("PN", "DA", "DT", "TM"):
        return [v.text for v in vr.values]  # type: ignore[union-attr]
    if code == "DS":
        return [float(v) for v in vr.values]  # type: ignore[arg-type]
    if code in ("IS", "AT"):
        return [int(v) for v in vr.values]  # type: ignore[arg-type]
    return list(vr.values)


def agrees(value: Value, ours: AnyVR) -> bool:
    """Our value is pydicom's value."""
    theirs = value.theirs
    code = ours.code
    if code in BULK:
        return isinstance(theirs, bytes) and ours.data == theirs  # type: ignore[union-attr]
    mine = _plain_ours(ours)
    their = _their_list(theirs)
    if len(mine) != len(their):
        return False
    if code in NUMERIC or code in ("DS", "IS", "AT"):
        return all(
            not isinstance(t, (str, bytes)) and _same_number(m, type(m)(t))
            for m, t in zip(mine, their, strict=True)
        )
    return all(m == str(t) for m, t in zip(mine, their, strict=True))


# Where pydicom and PS3.5 disagree.  Each kind: (a test on the value, the reason).
# The tests are checked in order; the first that holds names the difference.


def _their_texts(value: Value) -> list[str]:
    return [str(t) for t in _their_list(value.theirs)]


def _pydicom_pads_whole_value(value: Value, ours: AnyVR) -> bool:
    # PS3.5 Table 6.2-1: trailing spaces are insignificant in each value (AE CS DS IS
    # SH LO UC; padding in AS DA DT TM PN); real files also pad with NUL.  pydicom
    # strips trailing spaces only at the end of the whole field for AS CS DA DT TM
    # PN, and strips AE values with str.strip(), which keeps NUL.
    their = [t.rstrip(" \x00") for t in _their_texts(value)]
    return _plain_ours(ours) == their


def _pydicom_keeps_leading_spaces(value: Value, ours: AnyVR) -> bool:
    # PS3.5 Table 6.2-1: leading spaces of CS values are not significant ("Leading or
    # trailing spaces (20H) are not significant"); pydicom keeps them (it strips AE).
    their = [t.strip(" \x00") for t in _their_texts(value)]
    return value.vr in ("AE", "CS") and _plain_ours(ours) == their


def _pydicom_converted_with_another_vr(value: Value, ours: AnyVR) -> bool:
    # pydicom's converter for the VR failed (a DS "1,5", an IS "1.5"); it retries with
    # SH, UL, SL ... and keeps whatever works.  We read the VR leniently (NaN / 0 for
    # text that is not a number) and keep the text for writing.
    their = _their_list(value.theirs)
    return value.vr in ("DS", "IS") and any(isinstance(t, (str, bytes)) for t in their)


def _pydicom_drops_empty_groups(value: Value, ours: AnyVR) -> bool:
    # PS3.5 Examples J.1-1 and J.3-1 give "Wang^XiaoDong=王^小東=" with an empty
    # phonetic group after the last "="; pydicom's PersonName drops it in str().
    their = _their_texts(value)
    return value.vr == "PN" and [t.rstrip("=") for t in _plain_ours(ours)] == their


EXPLAINED: tuple[tuple[str, Any], ...] = (
    ("trailing spaces/NUL of each value (pydicom: only at the end of the field; AE: no NUL)",
     _pydicom_pads_whole_value),
    ("CS leading spaces (insignificant in PS3.5, kept by pydicom)",
     _pydicom_keeps_leading_spaces),
    ("DS/IS text that is not a number (pydicom retries with another VR)",
     _pydicom_converted_with_another_vr),
    ("PN trailing empty component groups (kept, as PS3.5 Annex J writes them)",
     _pydicom_drops_empty_groups),
)


def explain(value: Value, ours: AnyVR) -> str | None:
    """The reason a difference from pydicom is right, or None."""
    for reason, test in EXPLAINED:
        if test(value, ours):
            return str(reason)
    return None


# --- byte round trip ------------------------------------------------------------------


#: Why raw bytes may differ from what we write, all of them fine: the raw bytes are
#: kept by the reader for unchanged elements, so files are still written byte-exact.
NON_CANONICAL = {
    "odd length": "PS3.5 7.1.1: value lengths are even; truncated or broken files",
    "lossy text": "bytes not valid in the character set: the text we hold differs",
    "other pad byte": "padded with NUL where PS3.5 6.2 says space, or the reverse",
    "extra padding": "more trailing padding than one byte to reach even length",
    "padding around values": "spaces around values inside the field (PS3.5: insignificant)",
    "other escape sequences": "the same text, with other ISO 2022 escape sequences",
}


def _unpadded(raw: bytes, code: str) -> bytes:
    """The raw bytes without insignificant spaces around each value (ASCII VRs only)."""
    if code in ("LT", "ST", "UT", "UR"):
        return raw.rstrip(b" \x00")
    parts = raw.split(b"\\")
    if code in ("AE", "CS", "DS", "IS"):
        return b"\\".join(part.strip(b" \x00") for part in parts)
    return b"\\".join(part.rstrip(b" \x00") for part in parts)


def why_not_canonical(value: Value, ours: AnyVR, lossy: str) -> str | None:
    """None if ``encode_value(decode_value(raw)) == raw``, else a key of NON_CANONICAL.

    Anything else (an ``EncodeError`` for text that decoded cleanly, binary values
    that differ, text that differs beyond padding) is returned as "unexpected: ...".
    """
    charset = CharacterSet.from_terms(value.terms)
    raw = value.raw
    try:
        encoded = encode_value(ours, little_endian=value.little_endian, charset=charset)
    except EncodeError as exc:
        return "lossy text" if lossy else f"unexpected: EncodeError {exc}"
    if encoded == raw:
        return None
    code = ours.code
    if lossy:
        return "lossy text"
    if len(raw) % 2:
        return "odd length"
    if code in BULK or code in NUMERIC or code == "AT":
        return "unexpected: binary value differs"
    if code in CHARSET_VRS and b"\x1b" in raw:
        again, _ = decode_value(code, memoryview(encoded), little_endian=value.little_endian,
                                charset=charset)
        return "other escape sequences" if again == ours else "unexpected: text differs"
    if len(raw) == len(encoded) and raw[:-1] == encoded[:-1]:
        return "other pad byte"
    if raw.rstrip(b" \x00") == encoded.rstrip(b" \x00"):
        return "extra padding"
    if _unpadded(raw, code) == encoded.rstrip(b" \x00"):
        return "padding around values"
    return "unexpected: text differs"


# --- tests ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_values_match_pydicom(path: Path) -> None:
    """Every non-SQ value of the file decodes as pydicom decodes it, or the difference is PS3.5's."""
    values, why = _read(path)
    if why:
        pytest.skip(why)
    unexplained = []
    for value in values:
        ours, _lossy = _ours(value)
        if not agrees(value, ours) and explain(value, ours) is None:
            unexplained.append((value.where, value.vr, value.raw[:40], ours, value.theirs))
    assert not unexplained, unexplained


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_file_values_round_trip(path: Path) -> None:
    """Where the file's bytes are canonical, encoding our value gives them back."""
    values, why = _read(path)
    if why:
        pytest.skip(why)
    bad = []
    for value in values:
        ours, lossy = _ours(value)
        reason = why_not_canonical(value, ours, lossy)
        if reason is not None and reason not in NON_CANONICAL:
            bad.append((value.where, value.vr, value.raw[:40], reason))
    assert not bad, bad


# Disagreements with pydicom that the sample files do not show (or show once): the
# raw bytes, the terms in force, our values, and the EXPLAINED reason that covers it.
PYDICOM_DISAGREES: list[tuple[str, str, bytes, tuple[str, ...] | None, list[Any], str]] = [
    ("CS leading spaces", "CS", b" ORIGINAL\\ PRIMARY", None, ["ORIGINAL", "PRIMARY"],
     EXPLAINED[1][0]),
    ("AE NUL padding", "AE", b"STORESCP\x00\x00", None, ["STORESCP"], EXPLAINED[0][0]),
    ("CS padded values", "CS", b"DERIVED \\PRIMARY", None, ["DERIVED", "PRIMARY"],
     EXPLAINED[0][0]),
    ("PN padded values", "PN", b"Doe^John \\Roe^Jane", None, ["Doe^John", "Roe^Jane"],
     EXPLAINED[0][0]),
    ("DS with a comma", "DS", b"1,5 ", None, [math.nan], EXPLAINED[2][0]),
    ("PN trailing '='", "PN", b"Yamada^Tarou==", None, ["Yamada^Tarou=="], EXPLAINED[3][0]),
]


def _pydicom_value(vr: str, raw: bytes, terms: tuple[str, ...] | None) -> Any:
    from pydicom.charset import convert_encodings
    from pydicom.values import convert_value

    element = RawDataElement(pydicom.tag.Tag(0x00091010), vr, len(raw), raw, 0, False, True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return convert_value(vr, element, convert_encodings(list(terms or ("ISO_IR 6",))))


@pytest.mark.parametrize(
    ("vr", "raw", "terms", "expected", "reason"),
    [case[1:] for case in PYDICOM_DISAGREES],
    ids=[case[0] for case in PYDICOM_DISAGREES],
)
def test_known_pydicom_disagreements(
    vr: str, raw: bytes, terms: tuple[str, ...] | None, expected: list[Any], reason: str
) -> None:
    """Each listed kind of difference, on bytes made for it: pydicom differs, PS3.5 decides."""
    value = Value("synthetic", "", vr, raw, True, terms, _pydicom_value(vr, raw, terms))
    ours, _lossy = _ours(value)
    assert all(_same_number(a, b) for a, b in zip(_plain_ours(ours), expected, strict=True))
    assert not agrees(value, ours), f"pydicom now agrees: {value.theirs!r}"
    assert explain(value, ours) == reason


def test_oracle_counts() -> None:
    """The oracle compares many values; each listed difference occurs, here or in a made case."""
    values, skipped = _all_values()
    counts: Counter[str] = Counter()
    round_trip: Counter[str] = Counter()
    for value in values:
        ours, lossy = _ours(value)
        if agrees(value, ours):
            counts["equal"] += 1
        else:
            counts[explain(value, ours) or "UNEXPLAINED"] += 1
        round_trip[why_not_canonical(value, ours, lossy) or "byte-exact"] += 1
    report = "\n".join(
        [f"{len(values)} values compared, {len(skipped)} files skipped"]
        + [f"  {n:6d}  {what}" for what, n in counts.most_common()]
        + ["round trip:"]
        + [f"  {n:6d}  {what}" for what, n in round_trip.most_common()]
    )
    print(report)
    assert len(values) > 10000, report
    assert counts["UNEXPLAINED"] == 0, report
    made = {case[-1] for case in PYDICOM_DISAGREES}
    unused = [reason for reason, _ in EXPLAINED if counts[reason] == 0 and reason not in made]
    assert not unused, f"listed differences never seen: {unused}\n{report}"
    assert all(r == "byte-exact" or r in NON_CANONICAL for r in round_trip), report
    assert round_trip["byte-exact"] > 0.99 * len(values), report

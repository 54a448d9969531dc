"""typeddcm.codec.charset against pydicom on pydicom's character set sample files.

For every text element (SH, LO, ST, LT, UC, UT, PN) at any depth of every file in
pydicom's ``charset_files``, the raw bytes of the file are decoded with
``CharacterSet`` and compared with the value pydicom decodes.  The character set
in force is the item's own (0008,0005), else the one inherited from the parent.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from typeddcm.codec.charset import CharacterSet

pydicom = pytest.importorskip("pydicom")
from pydicom.data import get_charset_files  # noqa: E402 - after importorskip
from pydicom.dataelem import RawDataElement  # noqa: E402
from pydicom.multival import MultiValue  # noqa: E402

TEXT_VRS = frozenset({"SH", "LO", "ST", "LT", "UC", "UT", "PN"})
SPECIFIC_CHARACTER_SET = 0x00080005

# Where pydicom and the standard disagree the standard wins.  Each entry maps
# (file, element path) to the text the standard gives, and says why.
STANDARD_WINS: dict[tuple[str, str], tuple[str, str]] = {
    # PS3.5 Example J.1-1 gives the text "Wang^XiaoDong=王^小東=" (an empty
    # phonetic group after the last '='), and these are its bytes.  pydicom's
    # PersonName drops trailing empty component groups when it builds str().
    ("chrX1.dcm", "(0010,0010)"): (
        "Wang^XiaoDong=王^小東=",
        "pydicom drops the trailing empty component group",
    ),
    # Likewise PS3.5 Example J.3-1, "Wang^XiaoDong=王^小东=" in GB18030.
    ("chrX2.dcm", "(0010,0010)"): (
        "Wang^XiaoDong=王^小东=",
        "pydicom drops the trailing empty component group",
    ),
}

FILES = sorted(get_charset_files("*.dcm"))


def _terms(element: Any) -> list[str]:
    """The (0008,0005) values of a raw or already converted element."""
    value = element.value
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if isinstance(value, str):
        return value.split("\\")
    return [str(term) for term in value]


def _pydicom_text(value: Any) -> str:
    """pydicom's decoded value as one string: str() of each value, backslash-joined."""
    if value is None:
        return ""
    if isinstance(value, (MultiValue, list)):
        return "\\".join(str(item) for item in value)
    return str(value)


def _walk(
    raw_ds: Any, decoded_ds: Any, inherited: list[str] | None, path: str = ""
) -> Iterator[tuple[str, str, list[str] | None, bytes, str]]:
    """(path, VR, terms in force, raw bytes, pydicom's text) for each text element."""
    own = raw_ds.get_item(SPECIFIC_CHARACTER_SET)
    terms = _terms(own) if own is not None else inherited
    for tag in list(raw_ds.keys()):
        raw = raw_ds.get_item(tag)
        where = f"{path}({tag.group:04X},{tag.element:04X})"
        if raw.VR == "SQ":
            # Indexing converts the sequence only; the items' elements stay raw.
            pairs = zip(raw_ds[tag].value, decoded_ds[tag].value, strict=True)
            for index, (raw_item, decoded_item) in enumerate(pairs):
                yield from _walk(raw_item, decoded_item, terms, f"{where}[{index}]")
        elif raw.VR in TEXT_VRS:
            assert isinstance(raw, RawDataElement), f"{where} was decoded before we saw it"
            data = raw.value if raw.value is not None else b""
            assert isinstance(data, bytes)
            yield where, str(raw.VR), terms, data, _pydicom_text(decoded_ds[tag].value)


def _strip_padding(text: str, vr: str) -> str:
    """Values are padded to even length; pydicom strips padding in some VRs only."""
    if vr in ("SH", "LO", "UC", "PN"):
        return "\\".join(value.rstrip(" \x00") for value in text.split("\\"))
    return text.rstrip(" \x00")


@pytest.mark.parametrize("path", FILES, ids=os.path.basename)
def test_decoding_matches_pydicom(path: str) -> None:
    """Every text element decodes as pydicom decodes it, except where the standard wins."""
    name = Path(path).name
    try:
        raw_ds = pydicom.dcmread(path, defer_size=None)
        decoded_ds = pydicom.dcmread(path, defer_size=None)
        elements = list(_walk(raw_ds, decoded_ds, None))
    except Exception as exc:
        pytest.skip(f"pydicom cannot read {name}: {exc!r}")
    assert elements, f"{name} has no text elements"
    for where, vr, terms, data, theirs in elements:
        charset = CharacterSet.from_terms(terms)
        assert charset.warnings == (), (name, where, charset.warnings)
        ours = charset.decode(data, vr)
        assert not ours.lossy, (name, where, data)
        if (name, where) in STANDARD_WINS:
            standard, _why = STANDARD_WINS[name, where]
            assert _strip_padding(ours.text, vr) == standard, (name, where)
            assert _strip_padding(theirs, vr) != standard, f"pydicom now agrees at {where}"
            continue
        assert _strip_padding(ours.text, vr) == _strip_padding(theirs, vr), (name, where, data)


def test_every_listed_difference_is_seen() -> None:
    """Each STANDARD_WINS entry names an element that exists in the sample files."""
    seen: set[tuple[str, str]] = set()
    for path in FILES:
        raw_ds = pydicom.dcmread(path)
        decoded_ds = pydicom.dcmread(path)
        seen.update((Path(path).name, where) for where, *_ in _walk(raw_ds, decoded_ds, None))
    assert set(STANDARD_WINS) <= seen


# Disagreements outside the sample files, found while writing the examples of
# test_charset.py.  In each the standard's text is what we decode.
PYDICOM_DISAGREES: list[tuple[str, list[str], str, bytes, str, str]] = [
    # PS3.5 Example K.2-1.  pydicom hands ESC $ ) A segments to Python's gb2312
    # codec, which does not know escape sequences and keeps them in the text.
    (
        "K.2-1 ISO 2022 IR 58",
        ["", "ISO 2022 IR 58"],
        "PN",
        b"Zhang^XiaoDong=\x1b$)A\xd5\xc5^\x1b$)A\xd0\xa1\xb6\xab=",
        "Zhang^XiaoDong=张^小东=",
        "Zhang^XiaoDong=\x1b$)A张^\x1b$)A小东=",
    ),
    # ISO_IR 203 (ISO 8859-15, PS3.3 table C.12-2) is missing from pydicom's
    # table: it warns and reads Latin-1, so 0xA4 is CURRENCY SIGN, not EURO SIGN.
    ("ISO_IR 203", ["ISO_IR 203"], "LO", b"\xa4uro", "€uro", "¤uro"),
]


@pytest.mark.parametrize(
    ("terms", "vr", "data", "standard", "theirs"),
    [case[1:] for case in PYDICOM_DISAGREES],
    ids=[case[0] for case in PYDICOM_DISAGREES],
)
def test_known_pydicom_disagreements(
    terms: list[str], vr: str, data: bytes, standard: str, theirs: str
) -> None:
    """Where pydicom's decoding departs from the standard, we follow the standard."""
    from pydicom.charset import convert_encodings, decode_bytes

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert decode_bytes(data, convert_encodings(terms), {0x5E, 0x3D}) == theirs
    assert CharacterSet.from_terms(terms).decode(data, vr).text == standard

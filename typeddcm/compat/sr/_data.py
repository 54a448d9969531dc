"""The PS3.16 tables behind ``compat.sr``, read from ``_tables.bin`` on first use.

``tools/gen_sr.py`` writes the resource: a small header naming its sections and
one zlib stream per section (a coding scheme's concepts, the context groups, the
SNOMED-RT -> SNOMED CT map).  Nothing is read when the package is imported; the
first look-up reads the file (0.5 MB) and inflates only the section it needs, so
``codes.DCM.X`` never pays for SNOMED CT's 11,349 concepts.  A scheme's rows stay
as flat lists sorted by keyword and are bisected: building a dict of them would
cost more than the look-ups it would save, because ``Collection`` caches every
Code it hands out.  Every table is built once, under a lock, and never changes.
"""

from __future__ import annotations

import threading
import zlib
from bisect import bisect_left

from typeddcm._sections import read_package_file, split_sections

__all__ = ["CIDTable", "SchemeTable", "cid", "cid_names", "scheme", "scheme_names",
           "sct_to_srt", "srt_to_sct"]

_RESOURCE = "_tables.bin"
_MAGIC = b"typeddcm-sr-tables 1"

_lock = threading.Lock()
_sections: dict[str, bytes] | None = None
_schemes: dict[str, SchemeTable] = {}
_cid_rows: dict[int, tuple[str, str]] | None = None
_cids: dict[int, CIDTable] = {}
_srt: dict[str, str] | None = None
_sct: dict[str, str] | None = None


def _load_sections() -> dict[str, bytes]:
    """Section name -> its compressed bytes (the file is read once)."""
    global _sections
    sections = _sections
    if sections is not None:
        return sections
    data = read_package_file(__file__, __package__, _RESOURCE)
    sections = split_sections(data, _MAGIC, f"an SR table ({_RESOURCE}: tools/gen_sr.py)")
    _sections = sections
    return sections


def _text(name: str) -> str:
    return zlib.decompress(_load_sections()[name]).decode("utf-8")


class SchemeTable:
    """One coding scheme's concepts: keyword -> (code value, code meaning)."""

    __slots__ = ("_fields", "_lower", "_values", "keywords", "name")

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        fields = text.replace("\n", "\t").split("\t") if text else []
        self._fields = fields
        #: Every keyword, sorted (the generator sorts the rows).
        self.keywords: list[str] = fields[0::3]
        self._values: frozenset[str] | None = None
        self._lower: dict[str, str] | None = None

    def get(self, keyword: str) -> tuple[str, str] | None:
        """(value, meaning) of ``keyword``, or None."""
        keywords = self.keywords
        i = bisect_left(keywords, keyword)
        if i < len(keywords) and keywords[i] == keyword:
            return self._fields[3 * i + 1], self._fields[3 * i + 2]
        return None

    def rows(self) -> list[tuple[str, str, str]]:
        """(keyword, value, meaning) of every concept, sorted by keyword."""
        f = self._fields
        return list(zip(f[0::3], f[1::3], f[2::3], strict=True))

    def has_value(self, value: str) -> bool:
        """Whether a concept of this scheme has code value ``value``."""
        values = self._values
        if values is None:
            values = self._values = frozenset(self._fields[1::3])
        return value in values

    def like(self, keyword: str) -> str | None:
        """The keyword that equals ``keyword`` but for case, for error hints."""
        lower = self._lower
        if lower is None:
            lower = self._lower = {k.lower(): k for k in self.keywords}
        return lower.get(keyword.lower())


class CIDTable:
    """One context group: its name and its members, keyword -> coding schemes."""

    __slots__ = ("_codes", "_lower", "groups", "keyword_schemes", "name", "number")

    def __init__(self, number: int, name: str, members: str) -> None:
        self.number = number
        self.name = name
        #: scheme -> sorted keywords, schemes sorted.
        self.groups: dict[str, list[str]] = {}
        keyword_schemes: dict[str, list[str]] = {}
        for group in filter(None, members.split("\t")):
            scheme_name, *keywords = group.split(" ")
            self.groups[scheme_name] = keywords
            for keyword in keywords:
                keyword_schemes.setdefault(keyword, []).append(scheme_name)
        #: keyword -> the schemes listing it (two only for CID 8134's two fasciculi).
        self.keyword_schemes = keyword_schemes
        self._codes: frozenset[tuple[str, str]] | None = None
        self._lower: dict[str, str] | None = None

    def has_code(self, scheme_designator: str, value: str) -> bool:
        """Whether (scheme, value) is a member."""
        codes = self._codes
        if codes is None:
            pairs = set()
            for scheme_name, keywords in self.groups.items():
                table = scheme(scheme_name)
                for keyword in keywords:
                    entry = table.get(keyword)
                    if entry is not None:
                        pairs.add((scheme_name, entry[0]))
            codes = self._codes = frozenset(pairs)
        return (scheme_designator, value) in codes

    def like(self, keyword: str) -> str | None:
        """The member keyword that equals ``keyword`` but for case, for error hints."""
        lower = self._lower
        if lower is None:
            lower = self._lower = {k.lower(): k for k in self.keyword_schemes}
        return lower.get(keyword.lower())


def scheme_names() -> list[str]:
    """The coding scheme designators that have concepts, sorted."""
    return [name[1:] for name in _load_sections() if name.startswith("S")]


def scheme(name: str) -> SchemeTable:
    """The table of coding scheme ``name``; KeyError if there is none."""
    table = _schemes.get(name)
    if table is not None:
        return table
    with _lock:
        table = _schemes.get(name)
        if table is None:
            section = f"S{name}"
            if section not in _load_sections():
                raise KeyError(name)
            table = _schemes[name] = SchemeTable(name, _text(section))
    return table


def _rows() -> dict[int, tuple[str, str]]:
    global _cid_rows
    rows = _cid_rows
    if rows is None:
        with _lock:
            rows = _cid_rows
            if rows is None:
                rows = {}
                for line in _text("C").split("\n"):
                    number, name, *members = line.split("\t", 2)
                    rows[int(number)] = (name, members[0] if members else "")
                _cid_rows = rows
    return rows


def cid_names() -> dict[int, str]:
    """CID number -> its keyword-form name, for every context group, by number."""
    return {number: name for number, (name, _) in _rows().items()}


def cid(number: int) -> CIDTable:
    """The context group ``number``; KeyError if there is none."""
    table = _cids.get(number)
    if table is not None:
        return table
    name, members = _rows()[number]
    with _lock:
        table = _cids.get(number)
        if table is None:
            table = _cids[number] = CIDTable(number, name, members)
    return table


def srt_to_sct() -> dict[str, str]:
    """SNOMED-RT code -> SNOMED CT code (the legacy SRT scheme's codes that map)."""
    global _srt
    mapping = _srt
    if mapping is None:
        with _lock:
            mapping = _srt
            if mapping is None:
                fields = _text("M").replace("\n", "\t").split("\t")
                mapping = _srt = dict(zip(fields[0::2], fields[1::2], strict=True))
    return mapping


def sct_to_srt() -> dict[str, str]:
    """SNOMED CT code -> SNOMED-RT code, the inverse of :func:`srt_to_sct`."""
    global _sct
    mapping = _sct
    if mapping is None:
        mapping = _sct = {sct: srt for srt, sct in srt_to_sct().items()}
    return mapping

"""PS3.15 Table E.1-1 (the Basic Application Level Confidentiality Profile), read from
``_profile_tables.bin`` on first use.

``tools/gen_deid.py`` writes the resource (10 KB): 621 rows, each an attribute (or a tag
pattern: the curve groups ``(50XX,XXXX)``, the overlay groups ``(60XX,3000)`` and
``(60XX,4000)``, and the row for every private attribute), its Basic Profile action and
the action of each option column.  Nothing is read when the package is imported; the
first call reads and parses it once, under a lock.

Actions are the table's codes: ``D`` replace with a dummy value, ``Z`` zero length or
dummy, ``X`` remove, ``K`` keep, ``C`` clean, ``U`` replace UIDs consistently, and the
combined codes (``X/Z``, ``X/D``, ``Z/D``, ``X/Z/D``, ``X/Z/U*``), which pick the first
code unless the IOD's attribute type needs a later one; deciding that is the
de-identifier's job, so these are returned as the table writes them.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from typeddcm._sections import read_package_file, unpack_sections

__all__ = ["Option", "ProfileRow", "action_for", "profile_rows", "row_for"]

_RESOURCE = "_profile_tables.bin"
_MAGIC = b"typeddcm-deid-profile 1"
_PRIVATE = "(GGGG,EEEE) WHERE GGGG IS ODD"


class Option(StrEnum):
    """The profile's options (PS3.15 E.3), named as the table's columns."""

    RETAIN_SAFE_PRIVATE = "retain_safe_private"
    RETAIN_UIDS = "retain_uids"
    RETAIN_DEVICE_IDENTITY = "retain_device_identity"
    RETAIN_INSTITUTION_IDENTITY = "retain_institution_identity"
    RETAIN_PATIENT_CHARACTERISTICS = "retain_patient_characteristics"
    #: Retain Longitudinal Temporal Information with Full Dates.
    RETAIN_LONG_FULL_DATES = "retain_long_full_dates"
    #: Retain Longitudinal Temporal Information with Modified Dates.
    RETAIN_LONG_MODIFIED_DATES = "retain_long_modified_dates"
    CLEAN_DESCRIPTORS = "clean_descriptors"
    CLEAN_STRUCTURED_CONTENT = "clean_structured_content"
    CLEAN_GRAPHICS = "clean_graphics"


class ProfileRow(NamedTuple):
    """One row of Table E.1-1, exactly as the table has it.

    Option fields are ``""`` where the option leaves the basic action, else ``"K"``
    (keep) or ``"C"`` (clean).
    """

    #: The table's tag text: ``"(0010,0010)"``, a pattern with ``X`` for any hex digit
    #: (``"(50XX,XXXX)"``), or ``"(GGGG,EEEE) WHERE GGGG IS ODD"`` for private attributes.
    tag: str
    #: The attribute name as the table writes it.
    name: str
    #: The data dictionary's keyword (``""`` for the curve and private rows, which have none).
    keyword: str
    #: Whether the attribute is in a standard composite IOD (the table's Y/N column).
    in_std_comp_iod: bool
    #: The Basic Profile action: D, Z, X, K, C, U or a combined code such as ``"X/Z/D"``.
    basic_profile: str
    retain_safe_private: str
    retain_uids: str
    retain_device_identity: str
    retain_institution_identity: str
    retain_patient_characteristics: str
    retain_long_full_dates: str
    retain_long_modified_dates: str
    clean_descriptors: str
    clean_structured_content: str
    clean_graphics: str

    def option_action(self, option: Option | str) -> str:
        """The action of one option column (``""`` when it leaves the basic action)."""
        value: str = getattr(self, Option(option).value)
        return value

    def matches(self, tag: int) -> bool:
        """Whether this row covers ``tag`` (a 32-bit ``0xGGGGEEEE``)."""
        if self.tag == _PRIVATE:
            return bool((tag >> 16) & 1)
        text = self.tag[1:5] + self.tag[6:10]
        value, mask = int(text.replace("X", "0"), 16), int(
            "".join("0" if c == "X" else "F" for c in text), 16)
        if (tag & mask) != value:
            return False
        # PS3.5 7.6: the repeating groups are only the even groups 50xx/60xx 00-1E.
        return "X" not in text[:4] or (not tag & 0x10000 and (tag >> 16) & 0xFF <= 0x1E)


class _Table:
    __slots__ = ("exact", "pattern_groups", "patterns", "private", "rows")

    def __init__(self, text: str) -> None:
        rows = []
        for line in text.split("\n"):
            fields = line.split("\t")
            rows.append(ProfileRow(fields[0], fields[1], fields[2], fields[3] == "Y",
                                   *fields[4:]))
        self.rows = tuple(rows)
        self.exact: dict[int, ProfileRow] = {}
        # Patterns are tried after exact tags.  Every listed tag is in an even group and
        # the repeating groups are even, so an odd group can only meet the private row.
        self.patterns: list[ProfileRow] = []
        self.private: ProfileRow | None = None
        for row in self.rows:
            if row.tag == _PRIVATE:
                self.private = row
            elif "X" in row.tag:
                self.patterns.append(row)
            else:
                self.exact[int(row.tag[1:5] + row.tag[6:10], 16)] = row
        # The patterns' first group byte (0x50, 0x60): most unlisted tags stop here.
        self.pattern_groups = frozenset(int(row.tag[1:3], 16) for row in self.patterns)


_lock = threading.Lock()
_table: _Table | None = None


def _load() -> _Table:
    global _table
    table = _table
    if table is not None:
        return table
    with _lock:
        table = _table
        if table is None:
            data = read_package_file(__file__, __package__, _RESOURCE)
            sections = unpack_sections(
                data, _MAGIC, f"a confidentiality profile ({_RESOURCE}: tools/gen_deid.py)")
            table = _table = _Table(sections["P"])
    return table


def profile_rows() -> tuple[ProfileRow, ...]:
    """Every row of PS3.15 Table E.1-1, in the table's order."""
    return _load().rows


def row_for(tag: int) -> ProfileRow | None:
    """The row that covers ``tag`` (exact tag first, then the patterns), or None."""
    table = _load()
    row = table.exact.get(tag)
    if row is not None:
        return row
    if (tag >> 16) & 1:
        return table.private
    if (tag >> 24) not in table.pattern_groups:
        return None
    for pattern in table.patterns:
        if pattern.matches(tag):
            return pattern
    return None


def action_for(tag: int, options: Iterable[Option | str] = ()) -> str | None:
    """The action for ``tag`` under the Basic Profile with ``options`` applied, or None
    for a tag the table does not list (PS3.15 leaves those to the implementer).

    As PS3.15 E.3 has it, an applied option's column, where it has an action, overrides
    the basic one.  The two Retain Longitudinal Temporal Information options are
    alternatives (ValueError if both are given).  Where two applied options give
    different actions, clean (C) wins over keep (K), the more protective choice; the
    current table has no such row (its rows with several option actions agree).
    Unknown option names raise ValueError.
    """
    chosen = {Option(option) for option in options}
    if {Option.RETAIN_LONG_FULL_DATES, Option.RETAIN_LONG_MODIFIED_DATES} <= chosen:
        msg = "Retain Longitudinal Temporal Information: full dates or modified dates, not both"
        raise ValueError(msg)
    row = row_for(int(tag))
    if row is None:
        return None
    overrides = {row.option_action(option) for option in chosen} - {""}
    if not overrides:
        return row.basic_profile
    return "C" if "C" in overrides else overrides.pop()

"""The DICOM data dictionary: standard elements, UIDs and private elements, and their lookups.

Strategy: the registries live in generated pure-data modules (``_elements``,
``_uids``, ``_private``; see ``tools/gen_dictionary.py``) holding plain tuples, so
importing them parses no text and builds no objects.  None of them is imported
with this package: each on its first lookup (``import typeddcm`` stays light, and
a process that never reads a file never loads them).  The element table is bound
to ``_ELEMENTS`` then; until it is, ``_ELEMENTS`` is empty and a miss there checks
``_elements_loaded``, so a hit (the reader's case, once per element) costs no more
than it would with the table imported eagerly.  Entry objects are made on first
use and cached: a concrete tag that has been looked up once costs one dict get.
Everything here works on plain ``int`` tags (a ``Tag`` is an ``int``) and imports
nothing from ``typeddcm.tag`` or ``typeddcm.vr``, which import us.

``lookup`` resolves a tag in this order: the concrete entries of PS3.6/PS3.7;
group length (gggg,0000); private creator (gggg,0010-00FF) in a private group;
then the repeating entries such as (60xx,3000), whose 50xx/60xx forms match only
the even groups 5000-501E/6000-601E (PS3.5 7.6) and which never match a private
(odd) group.

Entries added at run time (:func:`add_entry`, :func:`add_private_entry`; see
``_added``) come before all of that.  Every lookup reads the published additions
(``_LAYER``) once (None while there are none, so the cost is one test) and consults
them before the caches here, which therefore only ever hold results of the
generated tables.
"""

from __future__ import annotations

import functools
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from typeddcm.dictionary import _added
from typeddcm.dictionary._added import (
    add_entries,
    add_entry,
    add_private_entries,
    add_private_entry,
    added_entries,
    added_private_entries,
    clear_added,
    normalise_creator,
    remove_entries,
    remove_private_entries,
    temporary_additions,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

#: One row of the element table: (vr, vm, name, keyword, retired).
_Row = tuple[str, str, str, str, bool]

__all__ = [
    "DictionaryEntry",
    "PrivateEntry",
    "UIDEntry",
    "add_entries",
    "add_entry",
    "add_private_entries",
    "add_private_entry",
    "added_entries",
    "added_private_entries",
    "clear_added",
    "close_keywords",
    "dictionary_vr",
    "entry_for_keyword",
    "keyword_for_tag",
    "listed_entry",
    "listed_tags",
    "lookup",
    "normalise_creator",
    "private_lookup",
    "private_lookup_tag",
    "private_table",
    "remove_entries",
    "remove_private_entries",
    "repeating_entries",
    "tag_for_keyword",
    "temporary_additions",
    "uid_for_keyword",
    "uid_info",
    "uids_of_type",
]


# ---------------------------------------------------------------- elements


@attrs.frozen
class DictionaryEntry:
    """One data element of the standard's data dictionary."""

    #: The concrete tag; for a repeating entry, the first tag it stands for (see ``mask``).
    tag: int
    #: The VR as the standard writes it: "US", "US or SS", "OB or OW"; "" for items.
    vr: str
    vm: str
    name: str
    keyword: str
    retired: bool
    #: For a repeating entry, the standard's form, e.g. "(60xx,3000)"; else None.
    mask: str | None = None

    @property
    def vrs(self) -> tuple[str, ...]:
        """The VR codes this element may have: ("US", "SS") for "US or SS"; () for none."""
        return tuple(self.vr.split(" or ")) if self.vr else ()


#: The published additions (see ``_added``), None while nothing is added.  A global
#: here so that a lookup's test is one global read; rebound only by ``_added``, under
#: its lock, through _publish.
_LAYER: _added.Layer | None = None


def _published() -> _added.Layer | None:
    return _LAYER


def _publish(layer: _added.Layer | None) -> None:
    global _LAYER  # noqa: PLW0603 - the one published state (see above)
    _LAYER = layer


_added.bind(_published, _publish)

#: Entries of concrete tags already asked for (at most one per dictionary row).
_concrete_cache: dict[int, DictionaryEntry] = {}
#: The generated rows (``_elements.ELEMENTS``) once :func:`_load_elements` ran; empty
#: before.  Bound by assignment, not by import: CPython 3.11 compiles ``name.get(...)``
#: on a name bound by an import without its method-call fast path (a bound method is
#: made per call, ~30 ns of each ``dictionary_vr``).
_ELEMENTS: dict[int, _Row] = {}
#: The repeating rows (``_elements.MASKS``) once loaded.
_MASKS: tuple[tuple[int, int, _Row], ...] = ()
#: Set after both tables above are bound (so a thread that sees it sees them).
_elements_loaded = False


def _load_elements() -> dict[int, _Row]:
    """The element table, imported on first use (any thread may do it: it binds the
    same objects)."""
    global _ELEMENTS, _MASKS, _elements_loaded  # noqa: PLW0603 - the lazily loaded table
    if not _elements_loaded:
        from typeddcm.dictionary import _elements

        _ELEMENTS = _elements.ELEMENTS
        _MASKS = _elements.MASKS
        _elements_loaded = True
    return _ELEMENTS

_GROUP_LENGTH = ("UL", "1", "Group Length", "GenericGroupLength", True)
_PRIVATE_CREATOR = ("LO", "1", "Private Creator", "PrivateCreator", False)
#: Groups with an odd number that are not private (PS3.5 7.8.1).
_NOT_PRIVATE = _added.NOT_PRIVATE
_REPEATING_GROUPS = (0x50, 0x60)


def lookup(tag: int) -> DictionaryEntry | None:
    """The dictionary entry of ``tag`` (an ``int`` or ``Tag``), or None when unknown.

    Private data elements are not in the standard's dictionary: see :func:`private_lookup_tag`.
    """
    layer = _LAYER
    if layer is not None:
        entry = layer.elements.get(tag)
        if entry is not None:
            return entry
    entry = _concrete_cache.get(tag)
    if entry is not None:
        return entry
    row = _ELEMENTS.get(tag)
    if row is not None:
        tag = int(tag)
        entry = DictionaryEntry(tag, *row)
        _concrete_cache[tag] = entry
        return entry
    if not _elements_loaded:  # the first look-up of the process: load, then look again
        _load_elements()
        return lookup(tag)
    return _derived_lookup(int(tag))


@functools.lru_cache(maxsize=8192)
def _derived_lookup(tag: int) -> DictionaryEntry | None:
    """Entries that are not concrete rows: group length, private creator, repeating groups."""
    if not 0 <= tag <= 0xFFFFFFFF:
        return None
    _load_elements()  # the masks, and _first_tag's test of the concrete rows
    group = tag >> 16
    element = tag & 0xFFFF
    if element == 0:
        return DictionaryEntry(tag, *_GROUP_LENGTH)
    if group & 1:
        if 0x0010 <= element <= 0x00FF and group not in _NOT_PRIVATE:
            return DictionaryEntry(tag, *_PRIVATE_CREATOR)
        return None
    for mask, value, _row in _MASKS:
        if tag & mask == value:
            if (value >> 24) in _REPEATING_GROUPS and (group & 0xFF) > 0x1E:
                return None
            return _mask_entries()[value]
    return None


@functools.cache
def _mask_entries() -> dict[int, DictionaryEntry]:
    """One entry per repeating row, keyed by its base value (x digits as 0)."""
    entries: dict[int, DictionaryEntry] = {}
    _load_elements()
    for mask, value, row in _MASKS:
        entries[value] = DictionaryEntry(
            _first_tag(mask, value), *row, mask=_mask_text(mask, value)
        )
    return entries


def _first_tag(mask: int, value: int) -> int:
    """The lowest tag that ``lookup`` resolves to this repeating row.

    That is the base (x digits as 0) except where a concrete row or the group
    length shadows it: (0028,0400) is Transform Label, so (0028,04x0) is represented
    by (0028,0410); (1000,0000) is a group length, so (1000,xxx0) by (1000,0010).
    """
    free_bits = [bit for bit in range(32) if not (mask >> bit) & 1]
    for n in range(1 << len(free_bits)):
        tag = value
        for index, bit in enumerate(free_bits):
            if (n >> index) & 1:
                tag |= 1 << bit
        group = tag >> 16
        if group & 1 or ((value >> 24) in _REPEATING_GROUPS and (group & 0xFF) > 0x1E):
            continue
        if tag & 0xFFFF and tag not in _ELEMENTS:
            return tag
    return value  # pragma: no cover - the generator checks every mask has a free tag


def _mask_text(mask: int, value: int) -> str:
    digits = "".join(
        f"{(value >> shift) & 0xF:X}" if (mask >> shift) & 0xF else "x"
        for shift in range(28, -4, -4)
    )
    return f"({digits[:4]},{digits[4:]})"


@functools.cache
def _keyword_index() -> dict[str, int]:
    index = {row[3]: tag for tag, row in _load_elements().items() if row[3]}
    for entry in _mask_entries().values():
        index[entry.keyword] = entry.tag
    return index


def keyword_for_tag(tag: int) -> str:
    """The keyword of ``tag``, or "" when it has none or is unknown."""
    entry = lookup(tag)
    return entry.keyword if entry is not None else ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of a dictionary keyword (a repeating entry gives its first tag), or None.

    The generic "GenericGroupLength" and "PrivateCreator" name many tags, so give None.
    """
    layer = _LAYER
    if layer is not None:
        tag = layer.keywords.get(keyword)
        if tag is not None:
            return tag
    return _keyword_index().get(keyword)


def close_keywords(word: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` dictionary keywords that look like ``word`` (for "did you mean"), best first."""
    import difflib  # only an error message needs it

    index = _keyword_index()
    folded = _folded_keywords()
    layer = _LAYER
    if layer is not None and layer.keywords:  # added keywords are suggested too
        index = {**index, **layer.keywords}
        folded = {**folded, **{keyword.lower(): keyword for keyword in layer.keywords}}
    exact = folded.get(word.lower())
    if exact is not None and exact != word:
        return [exact]  # the same letters in other case: PatientName for patientname
    found = difflib.get_close_matches(word, index.keys(), n=limit, cutoff=0.75)
    if len(found) < 2:
        return found
    # Keep only the near-best: "PatientNme" suggests PatientName, not PatientSex too.
    scores = [difflib.SequenceMatcher(None, word, k).ratio() for k in found]
    return [k for k, score in zip(found, scores, strict=True) if score >= scores[0] - 0.05]


@functools.cache
def _folded_keywords() -> dict[str, str]:
    return {keyword.lower(): keyword for keyword in _keyword_index()}


def entry_for_keyword(keyword: str) -> DictionaryEntry | None:
    """The dictionary entry of a keyword, or None when it is not a keyword."""
    layer = _LAYER
    if layer is not None:
        tag = layer.keywords.get(keyword)
        if tag is not None:
            return layer.elements[tag]
    tag = _keyword_index().get(keyword)
    return None if tag is None else lookup(tag)


def dictionary_vr(tag: int) -> str:
    """The dictionary VR text of ``tag`` ("US or SS" ...), or "" when unknown or private."""
    layer = _LAYER
    if layer is not None:
        entry = layer.elements.get(tag)
        if entry is not None:
            return entry.vr
    row = _ELEMENTS.get(tag)
    if row is not None:
        return row[0]
    if not _elements_loaded:  # the first look-up of the process: load, then look again
        _load_elements()
        return dictionary_vr(tag)
    entry = _derived_lookup(int(tag))
    return entry.vr if entry is not None else ""


def listed_entry(tag: int) -> DictionaryEntry | None:
    """The entry of ``tag`` when the dictionary lists that very tag, else None.

    A row of PS3.6/PS3.7 or an added entry.  Unlike :func:`lookup`, nothing is
    derived: group lengths, private creators and repeating-group tags such as
    (6002,3000) give None (pydicom's ``DicomDictionary`` holds the same tags).
    """
    layer = _LAYER
    if layer is not None:
        entry = layer.elements.get(tag)
        if entry is not None:
            return entry
    return lookup(tag) if tag in _load_elements() else None


def listed_tags() -> Iterator[int]:
    """Every tag :func:`listed_entry` knows: the standard's rows in tag order, then the
    added tags the standard lacks, in the order added (one snapshot of the additions)."""
    layer = _LAYER
    elements = _load_elements()
    yield from elements
    if layer is not None:
        yield from (tag for tag in layer.elements if tag not in elements)


def repeating_entries() -> tuple[DictionaryEntry, ...]:
    """The repeating entries such as (60xx,3000), in tag order; ``mask`` is their form.

    Each entry's ``tag`` is the first tag :func:`lookup` resolves to it.  50xx and 60xx
    entries stand for the even groups 5000-501E and 6000-601E only (PS3.5 7.6).
    """
    return tuple(_mask_entries().values())


# ---------------------------------------------------------------- UIDs


@attrs.frozen
class UIDEntry:
    """One UID of the registry in PS3.6 Annex A."""

    uid: str
    name: str
    keyword: str
    #: The UID type: "SOP Class", "Transfer Syntax", "Well-known frame of reference" ...
    type: str
    #: The ": Default Transfer Syntax for ..." clause of four transfer syntaxes, else "".
    info: str
    retired: bool


@functools.cache
def _uid_table() -> dict[str, tuple[str, str, str, str, bool]]:
    # Imported on first use, as the element table is (the cache below makes a known
    # UID's second lookup one dict get anyway).
    from typeddcm.dictionary._uids import UIDS

    return UIDS


@functools.lru_cache(maxsize=1024)
def uid_info(uid: str) -> UIDEntry | None:
    """The registry entry of ``uid``, or None when it is not a registered UID."""
    row = _uid_table().get(uid)
    return None if row is None else UIDEntry(uid, *row)


@functools.cache
def _uid_keyword_index() -> dict[str, str]:
    return {row[1]: uid for uid, row in _uid_table().items() if row[1]}


def uid_for_keyword(keyword: str) -> str | None:
    """The UID with the registry keyword ``keyword`` ("ExplicitVRLittleEndian"), or None."""
    return _uid_keyword_index().get(keyword)


@functools.cache
def _uids_by_type() -> dict[str, tuple[UIDEntry, ...]]:
    grouped: dict[str, list[UIDEntry]] = {}
    for uid, row in _uid_table().items():
        entry = uid_info(uid)
        if entry is not None:
            grouped.setdefault(row[2], []).append(entry)
    return {uid_type: tuple(entries) for uid_type, entries in grouped.items()}


def uids_of_type(uid_type: str) -> tuple[UIDEntry, ...]:
    """Every UID of one type ("Transfer Syntax", "SOP Class" ...), in UID order."""
    return _uids_by_type().get(uid_type, ())


# ---------------------------------------------------------------- private


@attrs.frozen
class PrivateEntry:
    """One element of the private dictionary (GDCM and DCMTK; not part of the standard)."""

    #: The private creator as the dictionary spells it (which may differ in case or spacing).
    creator: str
    #: The group asked about.
    group: int
    #: The element's offset in the creator's block (the low byte of the element).
    element_offset: int
    vr: str
    vm: str
    #: The name, "" where the source has none (DCMTK names are CamelCase identifiers).
    name: str
    #: "GDCM" or "DCMTK"; "added" for an entry added at run time (:func:`add_private_entry`).
    source: str
    #: Whether the entry is retired (only an added entry can say so).
    retired: bool = False


@functools.cache
def _private_table() -> Mapping[tuple[str, int, int], tuple[str, str, str, str]]:
    # Imported here: the private table is large and most callers never need it.
    from typeddcm.dictionary._private import PRIVATE

    return PRIVATE


def private_table() -> Mapping[tuple[str, int, int], tuple[str, str, str, str]]:
    """The generated private dictionary, read-only: ``(creator, group, element)`` to
    ``(vr, vm, name, source)``, keyed as ``typeddcm.dictionary._private`` describes
    (0xGG00 groups for GGxx rows; element 0x00EE an offset, 0xBBEE a fixed element,
    -0xBB00 a whole block).  Additions are not in it: see :func:`added_private_entries`.
    """
    return MappingProxyType(_private_table())  # the dict itself is never handed out


@functools.cache
def _creators_by_normal_form() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, set[str]] = {}
    for creator, _group, _element in _private_table():
        grouped.setdefault(normalise_creator(creator), set()).add(creator)
    return {normal: tuple(sorted(creators)) for normal, creators in grouped.items()}


def _candidate_creators(creator: str) -> tuple[str, ...]:
    """``creator`` itself, then the dictionary's creators equal to it up to case and spacing."""
    variants = _creators_by_normal_form().get(normalise_creator(creator), ())
    return (creator, *(c for c in variants if c != creator))


def _private_keys(group: int, element: int | None, offset: int) -> list[tuple[int, int]]:
    """The (group, element) keys of the private table to try, most specific first."""
    groups = [group]
    if group & 1 and (group >> 8) in (0x60, 0x70):
        groups.append(group & 0xFF00)  # the GGxx rows
    keys: list[tuple[int, int]] = []
    for g in groups:
        if element is not None:
            keys.append((g, element))  # a fixed element row
        keys.append((g, offset))
        if element is not None:
            keys.append((g, -(element & 0xFF00)))  # a whole-block row
    return keys


def _private_find(
    creator: str, group: int, element: int | None, offset: int
) -> PrivateEntry | None:
    if not 0 <= group <= 0xFFFF or not group & 1 or group in _NOT_PRIVATE:
        return None  # only odd groups are private (and 0x7000 keys stand for 70xx)
    table = _private_table()
    keys = _private_keys(group, element, offset)
    for candidate in _candidate_creators(creator):
        for key_group, key_element in keys:
            row = table.get((candidate, key_group, key_element))
            if row is not None:
                return PrivateEntry(candidate, group, offset, *row)
    return None


def private_lookup(creator: str, group: int, element_offset: int) -> PrivateEntry | None:
    """The private dictionary entry for ``element_offset`` (0x00-0xFF) in ``creator``'s block.

    The creator is matched exactly first, then ignoring case and runs of spaces.  Rows
    that name a fixed element or a whole block need the block: use :func:`private_lookup_tag`.
    An entry added with :func:`add_private_entry` comes first.
    """
    layer = _LAYER
    if layer is not None and layer.private:
        entry = layer.find_private(creator, group, element_offset)
        if entry is not None:
            return entry
    return _private_lookup_generated(creator, group, element_offset)


@functools.lru_cache(maxsize=4096)
def _private_lookup_generated(creator: str, group: int, element_offset: int) -> PrivateEntry | None:
    if not 0 <= element_offset <= 0xFF:
        return None
    return _private_find(creator, group, None, element_offset)


def private_lookup_tag(creator: str, tag: int) -> PrivateEntry | None:
    """The private dictionary entry for ``tag`` (gggg,BBEE) whose block BB ``creator`` reserved.

    Tries an entry added with :func:`add_private_entry` for offset EE, then a row for
    the fixed element (gggg,BBEE), then offset EE of the creator's block, then a row for
    the whole block; each with the exact creator first.
    """
    layer = _LAYER
    if layer is not None and layer.private and 0 <= tag <= 0xFFFFFFFF and tag & 0xFFFF >= 0x1000:
        entry = layer.find_private(creator, tag >> 16, tag & 0xFF)
        if entry is not None:
            return entry
    return _private_lookup_tag_generated(creator, tag)


@functools.lru_cache(maxsize=4096)
def _private_lookup_tag_generated(creator: str, tag: int) -> PrivateEntry | None:
    if not 0 <= tag <= 0xFFFFFFFF:
        return None
    element = tag & 0xFFFF
    if element < 0x1000:
        return None
    return _private_find(creator, tag >> 16, element, element & 0xFF)

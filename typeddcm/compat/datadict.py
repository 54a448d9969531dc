"""pydicom's ``datadict``: the data dictionary's lookups, its tables and run-time additions.

Everything reads typeddcm's dictionary (:mod:`typeddcm.dictionary`: PS3.6/PS3.7 2026c
and the GDCM + DCMTK private dictionary).  Additions go to that dictionary's additions
layer, so reading, writing and every lookup see them at once, in every thread; the
generated tables are never changed.  ``typeddcm.dictionary.remove_entries``,
``remove_private_entries``, ``clear_added`` and ``temporary_additions`` undo them.

The tables are read-only views, built on first use (importing this module builds
nothing), shaped as pydicom's:

* ``DicomDictionary``: tag -> ``(VR, VM, Name, IsRetired, Keyword)``, IsRetired
  ``"Retired"`` or ``""``; the tags the dictionary lists, added ones too;
* ``RepeatersDictionary``: ``"60xx3000"``-style mask -> the same tuple;
* ``keyword_dict``: keyword -> tag, for the tags of ``DicomDictionary``;
* ``private_dictionaries``: creator -> {``"0029xx10"``-style key -> ``(VR, VM, Name,
  IsRetired)``}; keys are iterated as pydicom 1.x wrote them (lower case hex) and
  looked up in either case (pydicom 3 writes upper case).

Change them with :func:`add_dict_entries` and :func:`add_private_dict_entries`;
writing into a view raises TypeError saying so.

Where we differ from pydicom (3.0.2), each pinned by a test:

* entries are the 2026c edition's: the items' VR reads ``"NONE"`` as pydicom's
  does, but the four blank retired rows have no VR ("NONE" too; pydicom: OB), LUT
  Data's VM is the standard's ``"1-n or 1"``, names keep the standard's "µ";
* 50xx/60xx repeating entries stand for the groups 5000-501E/6000-601E only
  (PS3.5 7.6), as typeddcm reads files: ``get_entry(0x60200010)`` is a KeyError
  (pydicom: Overlay Rows); ``mask_match`` still matches any group, as pydicom's;
* ``tag_for_keyword("")`` is None (pydicom gives the tag of a blank row);
* the private creator of a lookup is matched exactly, then ignoring case and runs
  of spaces (pydicom: exactly only);
* an addition with a VR that is not a VR of PS3.5 (or ``"NONE"``) is a ValueError,
  and ``add_private_dict_entries`` refuses the odd groups that are not private
  (0001, 0003, 0005, 0007, FFFF); pydicom stores whatever it is given.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from typeddcm import dictionary as _dictionary
from typeddcm.dictionary import DictionaryEntry, PrivateEntry

from .tag import BaseTag, Tag, TagType

__all__ = [
    "DicomDictionary",
    "RepeatersDictionary",
    "add_dict_entries",
    "add_dict_entry",
    "add_private_dict_entries",
    "add_private_dict_entry",
    "dictionary_VM",
    "dictionary_VR",
    "dictionary_description",
    "dictionary_has_tag",
    "dictionary_is_retired",
    "dictionary_keyword",
    "get_entry",
    "get_private_entry",
    "keyword_dict",
    "keyword_for_tag",
    "mask_match",
    "private_dictionaries",
    "private_dictionary_VM",
    "private_dictionary_VR",
    "private_dictionary_description",
    "repeater_has_keyword",
    "repeater_has_tag",
    "tag_for_keyword",
]

#: (VR, VM, Name, IsRetired, Keyword): a standard entry as pydicom shows it.
Entry = tuple[str, str, str, str, str]
#: (VR, VM, Name, IsRetired): a private entry as pydicom shows it.
PrivateRow = tuple[str, str, str, str]


def _tag(tag: Any) -> int:
    """Any tag form pydicom's ``Tag()`` takes; its errors (ValueError, TypeError ...) pass."""
    return int(tag if isinstance(tag, BaseTag) else Tag(tag))


def _retired(flag: bool) -> str:
    return "Retired" if flag else ""


def _row(entry: DictionaryEntry) -> Entry:
    # Items and delimiters have no VR; pydicom's dictionary says "NONE".
    return (entry.vr or "NONE", entry.vm, entry.name, _retired(entry.retired), entry.keyword)


def _mask_key(text: str) -> str:
    """``"(60xx,3000)"`` -> ``"60xx3000"``: pydicom's key for a repeating entry."""
    return text.strip("()").replace(",", "")


@functools.cache
def _repeaters() -> dict[str, tuple[int, int, DictionaryEntry]]:
    """pydicom's mask key -> (bits that must match, their value, entry), in tag order."""
    table: dict[str, tuple[int, int, DictionaryEntry]] = {}
    for entry in _dictionary.repeating_entries():
        key = _mask_key(entry.mask or "")
        bits = int("".join("0" if c == "x" else "F" for c in key), 16)
        table[key] = (bits, int(key.replace("x", "0"), 16), entry)
    return table


def _repeater_entry(tag: int) -> DictionaryEntry | None:
    """The repeating entry of a non-private ``tag``, as typeddcm resolves it when reading."""
    if (tag >> 16) & 1:
        return None
    entry = _dictionary.lookup(tag)
    return entry if entry is not None and entry.mask is not None else None


def _entry(tag: int) -> DictionaryEntry | None:
    """The entry pydicom's dictionaries give ``tag``: a listed (or added) row, else a
    repeating row; never a derived group length or private creator."""
    entry = _dictionary.listed_entry(tag)
    if entry is not None:
        return entry
    found = _repeater_entry(tag)
    if found is None and not tag & 0xFFFF and not (tag >> 16) & 1:
        # typeddcm reads (gggg,0000) as a group length; pydicom's table still names the
        # one repeating row that covers such a tag, (1000,xxx0) Escape Triplet.
        key = mask_match(tag)
        found = _repeaters()[key][2] if key is not None else None
    return found


# ---------------------------------------------------------------- standard lookups


def mask_match(tag: int) -> str | None:
    """The key of the repeating entry whose mask ``tag`` fits (``"60xx3000"``), or None.

    Only the bits are compared, as pydicom does (any group 60xx, odd ones too); a
    ``str`` is a TypeError, as in pydicom.
    """
    number = operator.index(tag)
    for key, (bits, value, _entry) in _repeaters().items():
        if number & bits == value:
            return key
    return None


def get_entry(tag: TagType) -> Entry:
    """``(VR, VM, Name, IsRetired, Keyword)`` of a standard or repeating tag.

    ``tag`` is anything ``Tag()`` takes (an int, ``(group, element)``, a keyword, hex
    text).  KeyError when the dictionary has no entry for it (private tags, group
    lengths other than the command and file meta ones, unknown tags).
    """
    number = _tag(tag)
    entry = _entry(number)
    if entry is None:
        msg = f"Tag {BaseTag(number)} not found in DICOM dictionary"
        raise KeyError(msg)
    return _row(entry)


def dictionary_VR(tag: TagType) -> str:
    """The VR of ``tag`` ("US", "US or SS", "NONE" for items); KeyError when unknown."""
    return get_entry(tag)[0]


def _dictionary_vr_fast(tag: int) -> str:
    """pydicom 3's fast VR look-up of an int tag (its reader's): the VR of a standard or
    repeating tag ("US or SS" for an ambiguous one); KeyError when unknown."""
    entry = _entry(tag)
    if entry is None:  # pydicom 3's tag text: no space
        msg = f"Tag ({tag >> 16:04X},{tag & 0xFFFF:04X}) not found in DICOM dictionary"
        raise KeyError(msg)
    return _row(entry)[0]


def dictionary_VM(tag: TagType) -> str:
    """The VM of ``tag`` ("1", "1-n" ...); KeyError when unknown."""
    return get_entry(tag)[1]


def dictionary_description(tag: TagType) -> str:
    """The name of ``tag`` ("Patient's Name"); KeyError when unknown."""
    return get_entry(tag)[2]


def dictionary_keyword(tag: TagType) -> str:
    """The keyword of ``tag`` ("PatientName"); KeyError when unknown."""
    return get_entry(tag)[4]


def dictionary_is_retired(tag: TagType) -> bool:
    """Whether ``tag``'s entry is retired; KeyError when unknown."""
    return "retired" in get_entry(tag)[3].lower()


def dictionary_has_tag(tag: TagType) -> bool:
    """Whether the dictionary lists ``tag`` itself (repeating entries do not count).

    Any form ``Tag()`` takes (pydicom 3; pydicom 1.x took ints only); False for
    anything that is not a tag at all.
    """
    try:
        number = _tag(tag)
    except Exception:
        return False
    return _dictionary.listed_entry(number) is not None


def keyword_for_tag(tag: TagType) -> str:
    """The keyword of ``tag``, or "" when the dictionary has no entry for it."""
    try:
        return dictionary_keyword(tag)
    except KeyError:
        return ""


def tag_for_keyword(keyword: str) -> int | None:
    """The tag of a keyword of ``DicomDictionary`` (added ones too), or None.

    Repeating entries' keywords (``"OverlayData"``) give None, as in pydicom: see
    :func:`repeater_has_keyword`.
    """
    word: object = keyword
    if not isinstance(word, str):
        hash(word)  # an unhashable key is a TypeError, as pydicom's dict lookup
        return None
    tag = _dictionary.tag_for_keyword(word)
    if tag is None or _dictionary.listed_entry(tag) is None:
        return None
    return tag


def repeater_has_tag(tag: int) -> bool:
    """Whether ``tag`` fits the mask of a repeating entry (see :func:`mask_match`)."""
    return mask_match(tag) is not None


@functools.cache
def _repeater_keywords() -> frozenset[str]:
    return frozenset(entry.keyword for _bits, _value, entry in _repeaters().values())


def repeater_has_keyword(keyword: str) -> bool:
    """Whether ``keyword`` is the keyword of a repeating entry ("OverlayData")."""
    word: object = keyword
    return isinstance(word, str) and word in _repeater_keywords()


# ---------------------------------------------------------------- private lookups


def get_private_entry(tag: TagType, private_creator: str) -> PrivateRow:
    """``(VR, VM, Name, IsRetired)`` of the private ``tag`` in ``private_creator``'s block.

    The block's offset (the low byte of the element) names the entry, as does a
    fixed element or whole block where the private dictionary has one.  KeyError
    when the creator, or the tag under it, is not in the private dictionary.
    """
    number = _tag(tag)
    creator: object = private_creator
    if not isinstance(creator, str):
        msg = f"Private creator '{creator}' not in the private dictionary"
        raise KeyError(msg)
    entry = _dictionary.private_lookup_tag(private_creator, number)
    if entry is None:
        row = _row_by_key(private_creator, number)
        if row is not None:
            return row
        if private_creator not in private_dictionaries and not _known_loosely(private_creator):
            msg = f"Private creator '{private_creator}' not in the private dictionary"
            raise KeyError(msg)
        msg = (f"Tag '{BaseTag(number)}' not in private dictionary "
               f"for private creator '{private_creator}'")
        raise KeyError(msg)
    return (entry.vr, entry.vm, entry.name, _retired(entry.retired))


def _row_by_key(creator: str, tag: int) -> PrivateRow | None:
    """A row of ``creator``'s table found by pydicom's keys for ``tag`` (the exact tag,
    then any block, then any group of the pair): how an element below (gggg,1000),
    such as a row listed for a creator slot, is found."""
    if creator not in private_dictionaries:
        return None
    rows = private_dictionaries[creator]
    group, element = f"{tag >> 16:04x}", f"{tag & 0xFFFF:04x}"
    for key in (group + element, f"{group}xx{element[2:]}", f"{group[:2]}xxxx{element[2:]}"):
        if key in rows:
            return rows[key]
    return None


def private_dictionary_VR(tag: TagType, private_creator: str) -> str:
    """The VR of a private tag under ``private_creator``; KeyError when unknown."""
    return get_private_entry(tag, private_creator)[0]


def private_dictionary_VM(tag: TagType, private_creator: str) -> str:
    """The VM of a private tag under ``private_creator``; KeyError when unknown."""
    return get_private_entry(tag, private_creator)[1]


def private_dictionary_description(tag: TagType, private_creator: str) -> str:
    """The name of a private tag under ``private_creator``; KeyError when unknown."""
    return get_private_entry(tag, private_creator)[2]


# ---------------------------------------------------------------- additions


def add_dict_entry(
    tag: int, VR: str, keyword: str, description: str, VM: str = "1", is_retired: str = ""
) -> None:
    """Add (or replace) the standard dictionary's entry for ``tag`` for this run.

    ``is_retired`` is ``"Retired"`` or ``""``.  Reading, writing and keyword access
    (``ds.MyKeyword = ...``) use it at once.  ValueError for a private (odd group) tag:
    use :func:`add_private_dict_entry`.
    """
    add_dict_entries({tag: (VR, VM, description, is_retired, keyword)})


def _is_retired(flag: object) -> bool:
    """pydicom's test of an IsRetired text: "Retired" (any case) in it."""
    return isinstance(flag, str) and "retired" in flag.lower()


def _five(tag: int, value: object) -> tuple[str, str, str, str, str]:
    if not isinstance(value, (tuple, list)) or len(value) != 5:
        msg = (f"the entry for {BaseTag(tag)} must be (VR, VM, description, is_retired, "
               f"keyword), not {value!r}")
        raise ValueError(msg)
    return (value[0], value[1], value[2], value[3], value[4])


def add_dict_entries(new_entries_dict: Mapping[int, tuple[str, str, str, str, str]]) -> None:
    """Add (or replace) several standard entries: ``{tag: (VR, VM, description,
    is_retired, keyword)}``.  All of them, or none when one is refused."""
    entries: list[DictionaryEntry] = []
    for key, value in new_entries_dict.items():
        tag = _tag(key)
        if (tag >> 16) & 1:
            msg = ('Private tags cannot be added using "add_dict_entries" - '
                   'use "add_private_dict_entries" instead')
            raise ValueError(msg)
        vr, vm, description, is_retired, keyword = _five(tag, value)
        entries.append(DictionaryEntry(tag, "" if vr == "NONE" else vr, vm, description,
                                       keyword, _is_retired(is_retired)))
    _dictionary.add_entries(entries)


def add_private_dict_entry(
    private_creator: str, tag: int, VR: str, description: str, VM: str = "1"
) -> None:
    """Add (or replace) the entry for private ``tag`` under ``private_creator`` for this run.

    Only the group and the low byte of the element count: the entry applies in
    whichever block the creator reserves.  ValueError for a tag that is not private.
    """
    add_private_dict_entries(private_creator, {tag: (VR, VM, description, "")})


def add_private_dict_entries(
    private_creator: str, new_entries_dict: Mapping[int, tuple[str, ...]]
) -> None:
    """Add (or replace) several private entries under ``private_creator``: ``{tag: (VR,
    VM, description[, is_retired])}``.  All of them, or none when one is refused."""
    entries: list[PrivateEntry] = []
    for key, value in new_entries_dict.items():
        tag = _tag(key)
        if not (tag >> 16) & 1:
            msg = ("Non-private tags cannot be added using 'add_private_dict_entries()' "
                   "- use 'add_dict_entries()' instead")
            raise ValueError(msg)
        row: object = value
        if not isinstance(row, (tuple, list)) or len(row) not in (3, 4, 5):
            msg = (f"the entry for {BaseTag(tag)} must be (VR, VM, description[, is_retired"
                   f"[, keyword]]), not {row!r}")
            raise ValueError(msg)
        # A fifth item (pydicom code passes standard-style rows) is a keyword, which
        # private entries do not have: it is not kept.
        retired = _is_retired(row[3]) if len(row) >= 4 else False
        entries.append(PrivateEntry(private_creator, tag >> 16, tag & 0xFF, row[0], row[1],
                                    row[2], "added", retired))
    _dictionary.add_private_entries(entries)


# ---------------------------------------------------------------- the tables


class _ReadOnly:
    """Refuses the dict methods pydicom code might call on a table, saying what to use."""

    _advice = "add entries with add_dict_entries()"

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        msg = f"{type(self).__name__.lstrip('_')} is a read-only view: {self._advice}"
        raise TypeError(msg)

    __setitem__ = __delitem__ = update = setdefault = pop = popitem = clear = _refuse


class _DicomDictionary(_ReadOnly, Mapping[int, Entry]):
    """pydicom's ``DicomDictionary``: every tag the dictionary lists, added ones too."""

    def __getitem__(self, tag: object) -> Entry:
        if not isinstance(tag, int):
            raise KeyError(tag)
        entry = _dictionary.listed_entry(tag)
        if entry is None:
            raise KeyError(tag)
        return _row(entry)

    def __contains__(self, tag: object) -> bool:
        return isinstance(tag, int) and _dictionary.listed_entry(tag) is not None

    def __iter__(self) -> Iterator[int]:
        return _dictionary.listed_tags()

    def __len__(self) -> int:
        return sum(1 for _ in _dictionary.listed_tags())


class _RepeatersDictionary(_ReadOnly, Mapping[str, Entry]):
    """pydicom's ``RepeatersDictionary``: ``"60xx3000"``-style keys."""

    _advice = "repeating entries cannot be added; add each tag with add_dict_entries()"

    def __getitem__(self, key: object) -> Entry:
        found = _repeaters().get(key) if isinstance(key, str) else None
        if found is None:
            raise KeyError(key)
        return _row(found[2])

    def __iter__(self) -> Iterator[str]:
        return iter(_repeaters())

    def __len__(self) -> int:
        return len(_repeaters())


@functools.cache
def _generated_keywords() -> tuple[str, ...]:
    """The keywords of the generated rows, in tag order (each once)."""
    seen: dict[str, None] = {}
    for tag in _dictionary.listed_tags():
        entry = _dictionary.lookup(tag)
        if entry is not None and entry.keyword:
            seen[entry.keyword] = None
    return tuple(seen)


class _KeywordDict(_ReadOnly, Mapping[str, int]):
    """pydicom's ``keyword_dict``: keyword -> tag for the tags of ``DicomDictionary``."""

    def __getitem__(self, keyword: object) -> int:
        tag = tag_for_keyword(keyword) if isinstance(keyword, str) else None
        if tag is None:
            raise KeyError(keyword)
        return tag

    def __contains__(self, keyword: object) -> bool:
        return isinstance(keyword, str) and tag_for_keyword(keyword) is not None

    def __iter__(self) -> Iterator[str]:
        added = [entry.keyword for entry in _dictionary.added_entries().values() if entry.keyword]
        names = dict.fromkeys((*_generated_keywords(), *added))
        return (name for name in names if tag_for_keyword(name) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


# ---------------------------------------------------------------- private tables


def _private_key(group: int, element: int) -> str:
    """pydicom 1.x's key for a generated private row: ``"0029xx10"``, ``"60xxxx10"``."""
    group_text = f"{group:04x}" if group & 1 else f"{group >> 8:02x}xx"
    if element < 0:
        return f"{group_text}{-element >> 8:02x}xx"  # a whole block (GDCM's BBxx rows)
    if element <= 0xFF:
        return f"{group_text}xx{element:02x}"
    return f"{group_text}{element:04x}"


@functools.cache
def _generated_private() -> dict[str, dict[str, PrivateRow]]:
    """The generated private dictionary grouped by creator (built on first use)."""
    grouped: dict[str, dict[str, PrivateRow]] = {}
    for (creator, group, element), (vr, vm, name, _source) in _dictionary.private_table().items():
        grouped.setdefault(creator, {})[_private_key(group, element)] = (vr, vm, name, "")
    return grouped


@functools.cache
def _loose_creators() -> frozenset[str]:
    return frozenset(_dictionary.normalise_creator(c) for c in _generated_private())


def _known_loosely(creator: str) -> bool:
    """Whether ``creator`` is a creator of the private dictionary up to case and spacing."""
    loose = _dictionary.normalise_creator(creator)
    added = _dictionary.added_private_entries()
    return loose in _loose_creators() or any(
        _dictionary.normalise_creator(c) == loose for c, _g, _o in added)


def _key_text(key: str) -> str:
    return key.lower()


class _CreatorDictionary(_ReadOnly, Mapping[str, PrivateRow]):
    """One creator's entries: the generated rows with the creator's additions over them."""

    _advice = "add entries with add_private_dict_entries()"

    def __init__(self, creator: str) -> None:
        self._creator = creator
        rows = dict(_generated_private().get(creator, {}))
        for (c, group, offset), entry in _dictionary.added_private_entries().items():
            if c == creator:
                rows[f"{group:04x}xx{offset:02x}"] = (entry.vr, entry.vm, entry.name,
                                                     _retired(entry.retired))
        self._rows = rows

    def __getitem__(self, key: object) -> PrivateRow:
        if not isinstance(key, str):
            raise KeyError(key)
        return self._rows[_key_text(key)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and _key_text(key) in self._rows

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"{{creator {self._creator!r}: {len(self._rows)} entries}}"


class _PrivateDictionaries(_ReadOnly, Mapping[str, Mapping[str, PrivateRow]]):
    """pydicom's ``private_dictionaries``: creator (exactly as written) -> its entries."""

    _advice = "add entries with add_private_dict_entries()"

    def _added_creators(self) -> dict[str, None]:
        return dict.fromkeys(c for c, _g, _o in _dictionary.added_private_entries())

    def __getitem__(self, creator: object) -> Mapping[str, PrivateRow]:
        if not isinstance(creator, str) or creator not in self:
            raise KeyError(creator)
        return _CreatorDictionary(creator)

    def __contains__(self, creator: object) -> bool:
        return isinstance(creator, str) and (
            creator in _generated_private() or creator in self._added_creators())

    def __iter__(self) -> Iterator[str]:
        generated = _generated_private()
        added = [c for c in self._added_creators() if c not in generated]
        return iter((*generated, *added))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    # Saving and restoring the table, as pydicom code does around its additions:
    # ``saved = copy.deepcopy(private_dictionaries)`` ... ``private_dictionaries.clear();
    # private_dictionaries.update(saved)``.  The generated rows never change, so only
    # the additions are taken away and put back.

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, dict[str, PrivateRow]]:
        """A plain snapshot: creator -> {key: row}, additions included."""
        return {creator: dict(self[creator]) for creator in self}

    def copy(self) -> dict[str, dict[str, PrivateRow]]:
        """The same snapshot as ``copy.deepcopy`` gives."""
        return self.__deepcopy__({})

    def clear(self) -> None:  # type: ignore[override]
        """Remove every private addition (the generated dictionary stays)."""
        _dictionary.remove_private_entries(list(_dictionary.added_private_entries()))

    def update(self, other: Any = (), /, **kwargs: Any) -> None:  # type: ignore[override]
        """Add the rows of ``other`` (creator -> {"ggggxxEE" key: row}) that the
        generated dictionary does not already hold, as add_private_dict_entries does."""
        for creator, rows in dict(other, **kwargs).items():
            generated = _generated_private().get(creator, {})
            changed = {}
            for key, row in dict(rows).items():
                text = _key_text(str(key))
                if generated.get(text) == tuple(row) or len(text) != 8 or text[4:6] != "xx":
                    continue
                changed[int(text[:4], 16) << 16 | 0x1000 | int(text[6:], 16)] = tuple(row)
            if changed:
                add_private_dict_entries(creator, changed)


#: tag -> (VR, VM, Name, IsRetired, Keyword) for every tag the dictionary lists.
DicomDictionary: Mapping[int, Entry] = _DicomDictionary()
#: "60xx3000"-style mask -> (VR, VM, Name, IsRetired, Keyword).
RepeatersDictionary: Mapping[str, Entry] = _RepeatersDictionary()
#: keyword -> tag, for the keywords of DicomDictionary.
keyword_dict: Mapping[str, int] = _KeywordDict()
#: private creator -> {"ggggxxee"-style key -> (VR, VM, Name, IsRetired)}.
private_dictionaries: _PrivateDictionaries = _PrivateDictionaries()

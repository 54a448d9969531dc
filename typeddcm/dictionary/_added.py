"""User additions to the data dictionary, over the generated tables.

Code written for pydicom adds entries at run time (``add_dict_entry``,
``add_private_dict_entry``): a vendor's private elements, a draft supplement's
attributes.  Every lookup must see them, and so reading and writing do; an
addition for a tag the standard defines replaces that entry (as pydicom's does);
and the generated tables (``_elements``, ``_private``) are never changed.

Strategy: the additions form one immutable :class:`Layer`.  A change copies the
current layer's tables under ``_LOCK``, changes the copies and publishes a new
layer (copy on write); a lookup reads the published layer once, without the lock,
and so sees one whole layer.  The published layer lives in a global of the package
(``typeddcm.dictionary._LAYER``), bound here by :func:`bind`, so a lookup's test
is one global read; it is None while nothing is added, so the hot path (the
reader's ``dictionary_vr`` per element) pays that one test.  The lookups consult
the layer before their caches, so those caches (which only ever hold results of
the generated tables) never go stale.

This module imports nothing of the package at import time (the package imports
it); the entry classes are imported inside the functions that build entries.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from types import MappingProxyType
from typing import TYPE_CHECKING, TypeAlias

import attrs

if TYPE_CHECKING:
    from typeddcm.dictionary import DictionaryEntry, PrivateEntry

__all__ = [
    "Layer",
    "add_entries",
    "add_entry",
    "add_private_entries",
    "add_private_entry",
    "added_entries",
    "added_private_entries",
    "clear_added",
    "normalise_creator",
    "remove_entries",
    "remove_private_entries",
    "temporary_additions",
]

#: (creator as added, group, element offset): how a private addition is named.
PrivateKey: TypeAlias = "tuple[str, int, int]"
#: The two tables a change works on (copies of the published layer's).
Elements: TypeAlias = "dict[int, DictionaryEntry]"
Privates: TypeAlias = "dict[PrivateKey, PrivateEntry]"

#: The VR codes of PS3.5 Table 6.2-1 (the dictionary imports nothing of ``typeddcm.vr``).
VR_CODES = frozenset({
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF",
    "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
    "UR", "US", "UT", "UV",
})  # fmt: skip
#: Odd groups that are not private (PS3.5 7.8.1): no private entry can live there.
NOT_PRIVATE = frozenset((0x0001, 0x0003, 0x0005, 0x0007, 0xFFFF))


@attrs.frozen
class Layer:
    """One published state of the additions; never changed once published.

    The tables are plain dicts for the speed of ``get``; nothing writes to them
    after :func:`_change` hands the layer out (users get read-only proxies).
    """

    #: Standard entries by tag, in the order added (adding a tag again moves it last).
    elements: dict[int, DictionaryEntry]
    #: The keywords of ``elements``; a keyword two entries share names the later one.
    keywords: dict[str, int]
    #: Private entries by (creator exactly as added, group, element offset).
    private: dict[PrivateKey, PrivateEntry]
    #: The same by (normalised creator, group, offset), for creators spelt otherwise.
    private_folded: dict[PrivateKey, PrivateEntry]

    def find_private(self, creator: str, group: int, offset: int) -> PrivateEntry | None:
        """The added entry of ``offset`` in ``creator``'s block of ``group``, or None."""
        entry = self.private.get((creator, group, offset))
        if entry is None:
            entry = self.private_folded.get((_folded_creator(creator), group, offset))
        return entry


#: Writers hold this while they build and publish a layer; readers never take it.
_LOCK = threading.Lock()


def _no_package() -> Layer | None:  # pragma: no cover - the package binds at import
    msg = "typeddcm.dictionary._added is used through typeddcm.dictionary"
    raise RuntimeError(msg)


def _no_publish(_layer: Layer | None) -> None:  # pragma: no cover - as above
    _no_package()


#: How the published layer is read and rebound (the package's global; see bind).
current: Callable[[], Layer | None] = _no_package
_publish: Callable[[Layer | None], None] = _no_publish


def bind(read: Callable[[], Layer | None], publish: Callable[[Layer | None], None]) -> None:
    """Install the package's reader and rebinder of its published layer (at its import)."""
    global current, _publish  # noqa: PLW0603 - set once, when the package is imported
    current, _publish = read, publish


def normalise_creator(creator: str) -> str:
    """``creator`` without case, NULs or runs of spaces: how creators are matched loosely."""
    return " ".join(creator.replace("\x00", " ").split()).casefold()


#: normalise_creator for lookups: a file's few creators are asked about again and again.
_folded_creator = functools.lru_cache(maxsize=1024)(normalise_creator)


def _build(elements: Elements, private: Privates) -> Layer | None:
    if not elements and not private:
        return None
    keywords = {entry.keyword: tag for tag, entry in elements.items() if entry.keyword}
    folded = {(normalise_creator(c), g, o): entry for (c, g, o), entry in private.items()}
    return Layer(elements, keywords, private, folded)


def _change(
    change: Callable[[Elements, Privates], None],
) -> None:
    """Apply ``change`` to copies of the current tables and publish the result.

    If ``change`` raises, nothing is published: a batch is added whole or not at all.
    """
    with _LOCK:
        layer = current()
        elements = dict(layer.elements) if layer is not None else {}
        private = dict(layer.private) if layer is not None else {}
        change(elements, private)
        _publish(_build(elements, private))


# ---------------------------------------------------------------- checks


def _check_vr(vr: object, what: str, *, empty_ok: bool) -> str:
    if not isinstance(vr, str):
        msg = f"the VR of {what} must be a str such as 'US' or 'US or SS', not {type(vr).__name__}"
        raise TypeError(msg)
    if vr == "" and empty_ok:
        return vr
    if not all(part in VR_CODES for part in vr.split(" or ")):
        msg = f"{vr!r} is not a VR (give a code of PS3.5 Table 6.2-1, or 'US or SS' and the like)"
        raise ValueError(msg)
    return vr


def _check_text(value: object, field: str, what: str) -> None:
    if not isinstance(value, str):
        msg = f"the {field} of {what} must be a str, not {type(value).__name__}"
        raise TypeError(msg)


def _check_number(value: object, name: str, top: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        msg = f"the {name} must be an int, not {type(value).__name__}"
        raise TypeError(msg)
    if not 0 <= value <= top:
        msg = f"the {name} must be in 0..{top:#x}, not {value:#x}"
        raise ValueError(msg)
    return int(value)


def _check_flag(value: object) -> None:
    if not isinstance(value, bool):
        msg = f"retired must be a bool, not {type(value).__name__}"
        raise TypeError(msg)


def _checked_entry(entry: object) -> DictionaryEntry:
    from typeddcm.dictionary import DictionaryEntry

    if not isinstance(entry, DictionaryEntry):
        msg = f"add_entries takes DictionaryEntry objects, not {type(entry).__name__}"
        raise TypeError(msg)
    tag = _check_number(entry.tag, "tag of a dictionary entry", 0xFFFFFFFF)
    what = f"({tag >> 16:04X},{tag & 0xFFFF:04X})"
    if (tag >> 16) & 1:
        msg = (f"{what} is in an odd (private) group: add it with add_private_entry, "
               "under the private creator that reserves its block")
        raise ValueError(msg)
    if entry.mask is not None:
        msg = f"{what}: a repeating-group entry ({entry.mask}) cannot be added; add each tag"
        raise ValueError(msg)
    _check_vr(entry.vr, what, empty_ok=True)
    for field in ("vm", "name", "keyword"):
        _check_text(getattr(entry, field), field, what)
    _check_flag(entry.retired)
    return entry if type(entry.tag) is int else attrs.evolve(entry, tag=tag)


def _checked_private(entry: object) -> PrivateEntry:
    from typeddcm.dictionary import PrivateEntry

    if not isinstance(entry, PrivateEntry):
        msg = f"add_private_entries takes PrivateEntry objects, not {type(entry).__name__}"
        raise TypeError(msg)
    group = _check_number(entry.group, "group of a private entry", 0xFFFF)
    offset = _check_number(entry.element_offset, "element offset of a private entry", 0xFF)
    if not group & 1 or group in NOT_PRIVATE:
        msg = (f"group {group:04X} is not a private group (private groups are odd, and not "
               "0001, 0003, 0005, 0007 or FFFF: PS3.5 7.8.1); add a standard entry with add_entry")
        raise ValueError(msg)
    what = f"({group:04X},xx{offset:02X}) of {entry.creator!r}"
    creator: object = entry.creator
    _check_text(creator, "creator", what)
    if not normalise_creator(entry.creator):
        msg = "a private creator must have some text"
        raise ValueError(msg)
    _check_vr(entry.vr, what, empty_ok=False)
    for field in ("vm", "name"):
        _check_text(getattr(entry, field), field, what)
    _check_flag(entry.retired)
    return attrs.evolve(entry, group=group, element_offset=offset, source="added")


# ---------------------------------------------------------------- public changes


def add_entry(
    tag: int, vr: str, keyword: str, name: str, vm: str = "1", *, retired: bool = False
) -> DictionaryEntry:
    """Add (or replace) the standard dictionary's entry for ``tag``, and return it.

    From then on every lookup, and so reading and writing, knows ``tag`` by this
    entry: its VR decodes an implicit VR value, ``keyword`` names it (``ds.set(keyword,
    ...)``, ``Tag(keyword)``).  An entry the standard defines is replaced, not edited.
    Private (odd group) tags go through :func:`add_private_entry`.  ValueError for a
    private tag or an unknown VR; TypeError for values of the wrong type.
    """
    from typeddcm.dictionary import DictionaryEntry

    entry = _checked_entry(DictionaryEntry(tag, vr, vm, name, keyword, retired))
    add_entries((entry,))
    return entry


def add_entries(entries: Iterable[DictionaryEntry]) -> None:
    """Add (or replace) several standard entries at once: all of them, or none on error."""
    checked = [_checked_entry(entry) for entry in entries]

    def change(elements: Elements, _private: Privates) -> None:
        for entry in checked:
            elements.pop(entry.tag, None)  # a replaced entry moves last: its keyword wins
            elements[entry.tag] = entry

    if checked:
        _change(change)


def add_private_entry(
    creator: str,
    group: int,
    element_offset: int,
    vr: str,
    vm: str = "1",
    name: str = "",
    *,
    retired: bool = False,
) -> PrivateEntry:
    """Add (or replace) the private entry for ``element_offset`` (0x00-0xFF) of ``creator``'s
    block in the odd ``group``, and return it.

    The entry applies in whichever block (gggg,00BB) ``creator`` reserves: the tag
    (gggg,BBEE) with EE = ``element_offset``.  It takes precedence over the generated
    private dictionary; the creator is matched as the private lookups match it (exactly,
    then ignoring case and runs of spaces).
    """
    from typeddcm.dictionary import PrivateEntry

    entry = PrivateEntry(creator, group, element_offset, vr, vm, name, "added", retired)
    checked = _checked_private(entry)
    add_private_entries((checked,))
    return checked


def add_private_entries(entries: Iterable[PrivateEntry]) -> None:
    """Add (or replace) several private entries at once: all of them, or none on error."""
    checked = [_checked_private(entry) for entry in entries]

    def change(_elements: Elements, private: Privates) -> None:
        for entry in checked:
            key = (entry.creator, entry.group, entry.element_offset)
            private.pop(key, None)  # moves last: it wins the loose (normalised) match
            private[key] = entry

    if checked:
        _change(change)


def remove_entries(tags: Iterable[int]) -> None:
    """Remove the additions for ``tags`` (the generated entries show again).

    KeyError, and nothing removed, when one of them was not added.
    """
    wanted = [int(tag) for tag in tags]

    def change(elements: Elements, _private: Privates) -> None:
        for tag in wanted:
            if elements.pop(tag, None) is None:
                msg = f"no entry was added for ({tag >> 16:04X},{tag & 0xFFFF:04X})"
                raise KeyError(msg)

    _change(change)


def remove_private_entries(keys: Iterable[PrivateKey]) -> None:
    """Remove private additions by (creator as added, group, element offset).

    KeyError, and nothing removed, when one of them was not added.
    """
    wanted = [(str(creator), int(group), int(offset)) for creator, group, offset in keys]

    def change(_elements: Elements, private: Privates) -> None:
        for key in wanted:
            if private.pop(key, None) is None:
                msg = f"no private entry was added for {key[0]!r} ({key[1]:04X},xx{key[2]:02X})"
                raise KeyError(msg)

    _change(change)


def clear_added() -> None:
    """Remove every addition, standard and private."""
    with _LOCK:
        _publish(None)


@contextmanager
def temporary_additions() -> Iterator[None]:
    """Additions made inside the ``with`` block are undone when it ends.

    On exit the additions are restored to what they were on entry, whoever changed
    them meanwhile (another thread's additions in that time are undone too): meant for
    tests and scripts, not for concurrent code that adds entries of its own.
    """
    saved = current()
    try:
        yield
    finally:
        with _LOCK:
            _publish(saved)


def added_entries() -> Mapping[int, DictionaryEntry]:
    """The standard entries added so far, by tag, in the order added (a read-only snapshot)."""
    layer = current()
    return MappingProxyType(layer.elements if layer is not None else {})


def added_private_entries() -> Mapping[PrivateKey, PrivateEntry]:
    """The private entries added so far, by (creator, group, element offset): a read-only
    snapshot."""
    layer = current()
    return MappingProxyType(layer.private if layer is not None else {})

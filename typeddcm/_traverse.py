"""Whole-tree operations on datasets: the walk over every element, and private removal.

Strategy: both go depth first in tag order and read a sequence's items only when
they must, so an element read from bytes is decoded only if it is (or, for UN,
may decode to) a sequence; leaves keep their undecoded source.  Removal returns
the very objects it was given wherever nothing below them changed, so an
unchanged item stays ``is``-identical and is written back as its original bytes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, TypeAlias

from typeddcm._persistent import SortedMap, Vector
from typeddcm.dictionary import dictionary_vr
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import SQ

if TYPE_CHECKING:
    from typeddcm.dataset import Dataset

__all__ = ["ElementPath", "apply_changes", "may_hold_items", "reads_as_sequence", "remove_private",
           "walk"]

#: Where :meth:`Dataset.walk` found an element: tag, item index, tag, ... (ends in a tag);
#: the form :meth:`Dataset.get_in` and :meth:`Dataset.set_in` take.
ElementPath: TypeAlias = "tuple[Tag | int, ...]"

#: Above this many changes in one level, removal rebuilds the level's map in one pass
#: instead of deleting entry by entry (each deletion copies a chunk and the chunk index).
_REBUILD_AT = 16


def reads_as_sequence(code: str, tag: int) -> bool:
    """Whether an element read as VR ``code`` decodes to SQ: an SQ, or a UN whose
    standard tag the dictionary knows as a sequence (the decoder reads those as SQ,
    PS3.5 6.2.2)."""
    return code == "SQ" or (code == "UN" and not (tag >> 16) & 1
                            and dictionary_vr(tag) == "SQ")


def may_hold_items(elem: Element) -> bool:
    """Whether ``elem`` is, or may decode to, a sequence; decodes nothing.

    Decoded: its VR object says.  Read and not yet decoded: the VR the reader will
    decode it as (a RawValue names it); without one, maybe.
    """
    vr = elem._vr
    if vr is not None:
        return isinstance(vr, SQ)
    code = getattr(elem._raw, "vr", None)  # the reader's RawValue names the VR it decodes as
    return code is None or reads_as_sequence(code, elem.tag)


def _sequence_of(elem: Element) -> SQ | None:
    """The element's SQ value, decoding the element only if it may be a sequence."""
    if not may_hold_items(elem):
        return None
    vr = elem.vr
    return vr if isinstance(vr, SQ) else None


def walk(
    ds: Dataset, prefix: tuple[Tag | int, ...], recursive: bool
) -> Iterator[tuple[ElementPath, Element]]:
    """Every element of ``ds`` and (if ``recursive``) of its items, with its path."""
    for elem in ds._store.values():
        path = (*prefix, elem.tag)
        yield path, elem
        if recursive:
            sq = _sequence_of(elem)
            if sq is not None:
                for index, item in enumerate(sq.values):
                    yield from walk(item, (*path, index), True)


def remove_private(ds: Dataset) -> Dataset:
    """``ds`` without any element of an odd group, at any depth; ``ds`` itself if it has none."""
    store = ds._store
    deleted: list[Tag] = []
    replaced: list[Element] = []
    for elem in store.values():
        tag = elem.tag
        if (tag >> 16) & 1:
            deleted.append(tag)
            continue
        sq = _sequence_of(elem)
        if sq is None:
            continue
        new_sq = _remove_in_items(sq)
        if new_sq is not sq:
            replaced.append(elem._evolve(new_sq))
    return apply_changes(ds, deleted, replaced)


def apply_changes(ds: Dataset, deleted: Sequence[Tag], replaced: Sequence[Element]) -> Dataset:
    """``ds`` without the ``deleted`` tags and with the ``replaced`` elements; ``ds``
    itself when both are empty.  Many changes rebuild the map in one pass, a few are
    path copies of the persistent map (both share every unchanged element)."""
    if not deleted and not replaced:
        return ds
    store = ds._store
    if len(deleted) + len(replaced) >= _REBUILD_AT:
        changed = {e.tag: e for e in replaced}
        gone = set(deleted)
        kept = [changed.get(e.tag, e) for e in store.values() if e.tag not in gone]
        return ds._derive(SortedMap.from_sorted([e.tag for e in kept], kept))
    for tag in deleted:
        store = store.delete(tag)
    for elem in replaced:
        store = store.set(elem.tag, elem)
    return ds._derive(store)


def _remove_in_items(sq: SQ) -> SQ:
    """``sq`` with private elements removed from its items; ``sq`` itself if none had any."""
    items = sq.values
    new_items: list[Dataset] | None = None
    for index, item in enumerate(items):
        new_item = remove_private(item)
        if new_item is not item:
            if new_items is None:
                new_items = list(items)
            new_items[index] = new_item
    return sq if new_items is None else SQ._trusted(Vector(new_items))

"""The action engine: a dataset and a profile in, a new dataset and a record of what was
done out (PS3.15 E.1, Table E.1-1 with its options).  Pure: nothing is read or written,
the input is never changed (datasets are immutable), and the same dataset, options and
key give the same result in any process.

Rules the table leaves to the implementer (values in :mod:`._values`):

- Every level is processed: the table's actions apply by tag inside every item of every
  sequence, whatever the sequence's own action (K, U*, C, an unlisted sequence).
- Combined codes (``X/Z``, ``X/D``, ``Z/D``, ``X/Z/D``, ``X/Z/U*``) name the choice IOD
  conformance needs.  IOD types are not looked up (inside items they depend on the macro
  that put the attribute there), so the choice that keeps any type valid is taken: the
  last one (``X/Z`` -> Z, ``X/D``/``Z/D``/``X/Z/D`` -> D, ``X/Z/U*`` -> U*), except that a
  value already empty stays empty (Z) where Z is allowed.  D never carries information
  of the original (a fixed dummy, a mapped UID); U* keeps references between files.
- D on a sequence keeps its items' structure and replaces every value in them with its
  dummy (codes, names and numbers of an Institution Code Sequence say who it is); private
  elements inside go; an empty sequence stays empty.
- U maps every value of a UI element; U* (and K, C, an unlisted sequence) keeps the
  sequence and applies the profile inside its items.
- C (clean), per what is cleaned: dates (DA, the date of DT) are shifted per patient under
  Retain Longitudinal Temporal Information with Modified Dates and times kept (see
  :func:`._values.shift_da`); sequences are processed item by item (Clean Structured
  Content: the content tree's text, names, dates and UIDs have their own rows); private
  elements keep the safe list (:mod:`._safe_private`); overlay and curve data under Clean
  Graphics are removed, as X is, since cleaning a bitmap of burned-in text is pixel work
  outside this module; every other C (descriptions, comments, labels: free text no rule
  can clean reliably) becomes the VR's dummy, an empty value staying empty.
- Overlays: when an overlay's data (60xx,3000) goes, its whole group goes (Rows, Columns,
  Type, Origin ... describe an overlay no longer there, and would fail the Overlay Plane
  Module's Type 1 check).
- Private elements: removed (X), or under Retain Safe Private the safe ones kept with their
  creator; a creator with no kept element goes.  The illegal odd groups 0001-0007 and
  FFFF count as private.
- Attributes the table does not list are kept (PS3.15 leaves them to the implementer; a
  standard attribute the table omits is not considered identifying by the standard).
- Patient Identity Removed (0012,0062) = YES (the Patient Module's Type 2 attributes
  Patient's Name, Patient ID, Birth Date and Sex are added empty where absent, as adding
  it makes the module present); De-identification Method (0012,0063) names
  the profile and options; De-identification Method Code Sequence (0012,0064) holds CID
  7050's codes (DCM 113100 and one per option); Longitudinal Temporal Information Modified
  (0028,0303) is MODIFIED, UNMODIFIED or REMOVED as the date options have it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from typeddcm._persistent import SortedMap
from typeddcm._traverse import apply_changes, may_hold_items
from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.errors import DicomError
from typeddcm.tag import Tag
from typeddcm.vr import CS, DA, DT, LO, PN, SH, SQ, UI, AnyVR

from ._profile import Option, action_for
from ._safe_private import is_safe_private
from ._values import (
    UidMapper,
    date_offset,
    dummy,
    dummy_of,
    empty_of,
    key_bytes,
    raw_count,
    shift_da,
    shift_dt,
)

__all__ = ["METHOD_CODES", "Action", "Deidentified", "deidentify", "method_codes"]

#: CID 7050 De-identification Method codes (PS3.16; scheme DCM) of the profile and options.
METHOD_CODES: dict[Option | None, tuple[str, str]] = {
    None: ("113100", "Basic Application Confidentiality Profile"),
    Option.CLEAN_GRAPHICS: ("113103", "Clean Graphics Option"),
    Option.CLEAN_STRUCTURED_CONTENT: ("113104", "Clean Structured Content Option"),
    Option.CLEAN_DESCRIPTORS: ("113105", "Clean Descriptors Option"),
    Option.RETAIN_LONG_FULL_DATES: (
        "113106", "Retain Longitudinal Temporal Information Full Dates Option"),
    Option.RETAIN_LONG_MODIFIED_DATES: (
        "113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
    Option.RETAIN_PATIENT_CHARACTERISTICS: ("113108", "Retain Patient Characteristics Option"),
    Option.RETAIN_DEVICE_IDENTITY: ("113109", "Retain Device Identity Option"),
    Option.RETAIN_UIDS: ("113110", "Retain UIDs Option"),
    Option.RETAIN_SAFE_PRIVATE: ("113111", "Retain Safe Private Option"),
    Option.RETAIN_INSTITUTION_IDENTITY: ("113112", "Retain Institution Identity Option"),
}

_PATIENT_ID = 0x00100020
_PATIENT_NAME = 0x00100010
_IDENTITY_REMOVED = 0x00120062
_METHOD = 0x00120063
_METHOD_CODES = 0x00120064
_TEMPORAL_MODIFIED = 0x00280303
_OVERLAY_DATA = 0x3000
_CODE_VALUE, _SCHEME, _MEANING = 0x00080100, 0x00080102, 0x00080104
#: The Patient Module's Type 2 attributes (PS3.3 C.7.1.1).
_PATIENT_TYPE_2: tuple[tuple[int, Any], ...] = (
    (_PATIENT_NAME, PN), (_PATIENT_ID, LO), (0x00100030, DA), (0x00100040, CS))
_PATIENT_TAGS = frozenset(tag for tag, _ in _PATIENT_TYPE_2)


class Action(NamedTuple):
    """One thing done to one element.

    ``action`` is what was applied: ``X`` removed, ``Z`` emptied, ``D`` dummy, ``U`` UIDs
    mapped, ``C`` cleaned (``shift`` for shifted dates); ``rule`` the table's code it came
    from (``"X/Z/D"``, ``"private"``, ``"overlay group"``).
    """

    #: The element's path: ``(tag,)`` or ``(sequence tag, item index, ..., tag)``.
    path: tuple[int, ...]
    action: str
    rule: str

    def describe(self) -> str:
        """``(0008,1140)[0](0008,1155): U (X/Z/U*)``."""
        parts = []
        for step, value in enumerate(self.path):
            parts.append(f"[{value}]" if step % 2 else f"({value >> 16:04X},{value & 0xFFFF:04X})")
        return f"{''.join(parts)}: {self.action} ({self.rule})"


class Deidentified(NamedTuple):
    """What :func:`deidentify` returns."""

    dataset: Dataset
    actions: tuple[Action, ...]
    #: The days dates were moved back (0 unless modified dates are kept).
    date_shift_days: int


def method_codes(options: Iterable[Option | str]) -> list[tuple[str, str]]:
    """(code value, meaning) of the profile and each option, in CID 7050's order."""
    chosen = {Option(o) for o in options}
    return [code for option, code in METHOD_CODES.items() if option is None or option in chosen]


#: Per option set, each tag's action as met so far (a pure function of the table: shared
#: by every call and thread; a racing write stores the same value).
_ACTIONS: dict[frozenset[Option], dict[int, str | None]] = {}
#: Per option set, the elements :func:`_mark` adds (constants).
_MARKS: dict[frozenset[Option], tuple[Element, ...]] = {}


class _Context:
    __slots__ = ("cache", "days", "modified", "options", "record", "safe", "uids")

    def __init__(self, options: frozenset[Option], uids: UidMapper, days: int) -> None:
        self.options = options
        self.uids = uids
        self.days = days
        self.modified = Option.RETAIN_LONG_MODIFIED_DATES in options
        self.safe = Option.RETAIN_SAFE_PRIVATE in options
        self.cache = _ACTIONS.setdefault(options, {})
        self.record: list[Action] = []

    def action(self, tag: int) -> str | None:
        try:
            return self.cache[tag]
        except KeyError:
            found = self.cache[tag] = action_for(tag, self.options)
            return found


def deidentify(dataset: Dataset, key: str | bytes, options: Iterable[Option | str] = (), *,
               uids: UidMapper | None = None) -> Deidentified:
    """``dataset`` de-identified by the Basic Application Level Confidentiality Profile
    (PS3.15 E.1) with ``options``; UIDs mapped and dates shifted under ``key``.

    ``uids`` shares one :class:`UidMapper` (made from the same key) across many datasets,
    to reuse its cache; the mapping does not depend on it.  ValueError for an empty key,
    an unknown option or both date options.  The rules the table leaves open are in the
    module notes.
    """
    chosen = frozenset(Option(o) for o in options)
    action_for(0, chosen)  # raises ValueError for the two date options together
    secret = key_bytes(key)
    mapper = uids if uids is not None else UidMapper(secret)
    days = 0
    if Option.RETAIN_LONG_MODIFIED_DATES in chosen:
        days = date_offset(secret, _patient_of(dataset))
    ctx = _Context(chosen, mapper, days)
    result = _level(dataset, ctx, ())
    result = _mark(result, chosen)
    return Deidentified(result, tuple(ctx.record), days)


def _patient_of(dataset: Dataset) -> str | None:
    for tag in (_PATIENT_ID, _PATIENT_NAME):
        elem = dataset.get(tag)
        if elem is None:
            continue
        try:
            text = "\\".join(str(v) for v in elem.vr.values).strip()
        except (DicomError, ValueError):
            continue
        if text:
            return text
    return None


def _peek(elem: Element) -> tuple[str, bool]:
    """The element's VR code and whether it has a value, decoding nothing if it can: an
    element still holding its source answers from the header (a value of padding alone
    counts as a value here, which only makes a combined code pick D over Z)."""
    raw = elem._raw
    if elem._vr is None and raw is not None:
        code = getattr(raw, "vr", None)
        start, end = getattr(raw, "value_start", None), getattr(raw, "value_end", None)
        if code is not None and start is not None and end is not None:
            return str(code), end > start
    vr = elem.vr
    return vr.code, _has_value(vr)


def _has_value(vr: AnyVR) -> bool:
    data = getattr(vr, "data", None)
    if data is not None:
        return len(data) > 0
    return len(vr.values) > 0


def _level(ds: Dataset, ctx: _Context, prefix: tuple[int, ...]) -> Dataset:
    """One dataset level: every element's action, sequences processed inside."""
    store = ds._store
    deleted: list[Tag] = []
    replaced: list[Element] = []
    private: list[Element] = []
    gone_overlays: set[int] = set()
    for elem in store.values():
        tag = elem.tag
        group = tag >> 16
        if group & 1:
            private.append(elem)
            continue
        code = ctx.action(tag)
        if code is None or code == "K":
            if may_hold_items(elem):
                new = _recurse(elem, ctx, prefix)
                if new is not None:
                    replaced.append(new)
            continue
        path = (*prefix, int(tag))
        outcome = _apply(elem, code, ctx, path)
        if outcome is None:
            deleted.append(tag)
            if 0x6000 <= group <= 0x601E and (tag & 0xFFFF) == _OVERLAY_DATA:
                gone_overlays.add(group)
        elif outcome is not elem:
            replaced.append(outcome)
    if private:
        _private(private, ctx, prefix, deleted, replaced)
    if gone_overlays:
        done = set(deleted)
        for elem in store.values():
            if elem.tag >> 16 in gone_overlays and elem.tag not in done:
                deleted.append(elem.tag)
                ctx.record.append(Action((*prefix, int(elem.tag)), "X", "overlay group"))
        replaced = [e for e in replaced if e.tag >> 16 not in gone_overlays]
    return apply_changes(ds, deleted, replaced)


def _recurse(elem: Element, ctx: _Context, prefix: tuple[int, ...]) -> Element | None:
    """``elem`` with the profile applied inside its items; None when nothing changed."""
    vr = elem.vr
    if not isinstance(vr, SQ):
        return None
    items = vr.values
    new_items: list[Dataset] | None = None
    for index, item in enumerate(items):
        new_item = _level(item, ctx, (*prefix, int(elem.tag), index))
        if new_item is not item:
            if new_items is None:
                new_items = list(items)
            new_items[index] = new_item
    return None if new_items is None else elem._evolve(SQ(new_items))


def _apply(elem: Element, code: str, ctx: _Context, path: tuple[int, ...]) -> Element | None:
    """The element after ``code`` (None: removed; ``elem`` itself: unchanged)."""
    if code == "X":
        ctx.record.append(Action(path, "X", code))
        return None
    vr_code, has_value = _peek(elem)
    action = code
    if "/" in code:
        choices = code.split("/")
        action = "Z" if "Z" in choices and not has_value else choices[-1]
    if action == "X":
        ctx.record.append(Action(path, "X", code))
        return None
    if action == "Z":
        if not has_value:
            return elem
        ctx.record.append(Action(path, "Z", code))
        return elem._evolve(empty_of(vr_code))
    if action == "D" and elem.tag == _PATIENT_ID and has_value:
        # A fixed dummy would give every patient one ID (merged in a DICOMDIR or a PACS):
        # a keyed pseudonym keeps patients apart and says nothing without the key.
        ctx.record.append(Action(path, "D", code))
        values = elem.vr.values
        return elem._evolve(LO([ctx.uids.pseudonym(str(values[0]))]))
    if action == "D" and vr_code not in ("SQ", "UI"):
        fast = _undecoded_dummy(elem)
        if fast is not None:
            if fast is not elem:
                ctx.record.append(Action(path, "D", code))
            return fast
    vr = elem.vr
    if action == "D":
        if isinstance(vr, SQ):
            if not vr.values:
                return elem  # nothing to replace
            ctx.record.append(Action(path, "D", code))
            return elem._evolve(SQ([_dummy_tree(item, ctx) for item in vr.values]))
        ctx.record.append(Action(path, "U" if vr.code == "UI" else "D", code))
        return elem._evolve(dummy(vr, ctx.uids))
    if action in ("U", "U*"):
        if isinstance(vr, UI):
            mapped = tuple(ctx.uids(str(v)) for v in vr.values)
            if mapped == tuple(str(v) for v in vr.values):
                return elem
            ctx.record.append(Action(path, "U", code))
            return elem._evolve(UI._trusted(mapped))  # valid by construction
        new = _recurse(elem, ctx, path[:-1]) if isinstance(vr, SQ) else None
        return new if new is not None else elem
    # C: clean, as the module notes say.
    return _clean(elem, vr, code, ctx, path)


def _clean(elem: Element, vr: AnyVR, code: str, ctx: _Context,
           path: tuple[int, ...]) -> Element | None:
    if isinstance(vr, SQ):
        new = _recurse(elem, ctx, path[:-1])
        return new if new is not None else elem
    group = elem.tag >> 16
    if (0x5000 <= group <= 0x501E or 0x6000 <= group <= 0x601E) and (
            group < 0x6000 or elem.tag & 0xFFFF == _OVERLAY_DATA):
        ctx.record.append(Action(path, "X", "C: graphics removed"))
        return None
    if not _has_value(vr):
        return elem
    if ctx.modified and isinstance(vr, (DA, DT)):
        ctx.record.append(Action(path, "C", "date shifted"))
        return elem._evolve(shift_da(vr, ctx.days) if isinstance(vr, DA) else shift_dt(vr, ctx.days))
    if ctx.modified and vr.code == "TM":
        return elem  # a whole-day shift keeps times
    ctx.record.append(Action(path, "U" if vr.code == "UI" else "D", f"{code}: dummy"))
    return elem._evolve(dummy(vr, ctx.uids))


def _dummy_tree(item: Dataset, ctx: _Context) -> Dataset:
    """Every value of ``item`` (at any depth) replaced with its dummy; empties stay empty;
    private elements removed (a dummy creator would name no one's block)."""
    out: list[Element] = []
    for elem in item.elements():
        if (elem.tag >> 16) & 1:
            continue
        fast = _undecoded_dummy(elem)
        if fast is not None:
            out.append(fast)
            continue
        vr = elem.vr
        if isinstance(vr, SQ):
            out.append(elem._evolve(SQ([_dummy_tree(i, ctx) for i in vr.values])))
        elif _has_value(vr):
            out.append(elem._evolve(dummy(vr, ctx.uids)))
        else:
            out.append(elem)
    return Dataset.from_sorted_elements(out)


def _undecoded_dummy(elem: Element) -> Element | None:
    """``elem`` with its fixed dummy, told from the source bytes without decoding (a
    content tree's values are most of its decoding cost); None when that cannot be told
    (see :func:`._values.raw_count`) or the value is empty and stays so."""
    raw = elem._raw
    if elem._vr is not None or raw is None:
        return None
    found = raw_count(raw)
    if found is None:
        return None
    code, count = found
    if count == 0:
        return elem
    value = dummy_of(code, count)
    return None if value is None else elem._evolve(value)


def _private(elements: list[Element], ctx: _Context, prefix: tuple[int, ...],
             deleted: list[Tag], replaced: list[Element]) -> None:
    """Private elements: all removed, or under Retain Safe Private the safe ones kept."""
    kept: set[int] = set()
    if ctx.safe:
        creators: dict[tuple[int, int], str] = {}
        for elem in elements:
            tag = elem.tag
            if 0x10 <= tag & 0xFFFF <= 0xFF:
                try:
                    creators[(tag >> 16, tag & 0xFF)] = str(elem.vr.values[0]) if elem.vr.values else ""
                except (DicomError, ValueError, IndexError):
                    continue
        for elem in elements:
            tag = elem.tag
            element = tag & 0xFFFF
            creator = creators.get((tag >> 16, element >> 8))
            if element >= 0x1000 and creator and is_safe_private(creator, tag >> 16, element):
                kept.add(int(tag))
                kept.add(((tag >> 16) << 16) | (element >> 8))
    for elem in elements:
        tag = elem.tag
        path = (*prefix, int(tag))
        if tag in kept:
            if may_hold_items(elem):
                new = _recurse(elem, ctx, prefix)
                if new is not None:
                    replaced.append(new)
            continue
        deleted.append(tag)
        ctx.record.append(Action(path, "X", "private"))


def _mark(ds: Dataset, options: frozenset[Option]) -> Dataset:
    """Patient Identity Removed, the method text and codes, and the temporal flag; the
    Patient Module's Type 2 attributes empty where absent."""
    marks = _MARKS.get(options)
    if marks is None:
        marks = _MARKS[options] = _marks(options)
    store: SortedMap[Tag, Element] = ds._store
    for elem in marks:
        if elem.tag in _PATIENT_TAGS and elem.tag in store:
            continue
        store = store.set(elem.tag, elem)
    return ds._derive(store)


def _marks(options: frozenset[Option]) -> tuple[Element, ...]:
    codes = method_codes(options)
    names = ["PS3.15 E.1 Basic Application Confidentiality Profile"] + [
        meaning for value, meaning in codes[1:]]
    items = [Dataset.from_sorted_elements([
        Element(_CODE_VALUE, SH(value)), Element(_SCHEME, SH("DCM")),
        Element(_MEANING, LO(meaning))]) for value, meaning in codes]
    if Option.RETAIN_LONG_MODIFIED_DATES in options:
        temporal = "MODIFIED"
    elif Option.RETAIN_LONG_FULL_DATES in options:
        temporal = "UNMODIFIED"
    else:
        temporal = "REMOVED"
    # Patient Identity Removed belongs to the Patient Module, which every composite IOD
    # has (Mandatory): its Type 2 attributes are added empty where absent, so the module
    # we make present is complete (and carries nothing).
    return (*(Element(tag, cls()) for tag, cls in _PATIENT_TYPE_2),
            Element(_IDENTITY_REMOVED, CS("YES")),
            Element(_METHOD, LO([_fit(n) for n in names])),
            Element(_METHOD_CODES, SQ(items)),
            Element(_TEMPORAL_MODIFIED, CS(temporal)))


def _fit(text: str) -> str:
    # LO holds 64 characters; the longest option meaning is longer.
    return text if len(text) <= 64 else text.replace("Longitudinal Temporal Information", "Long.")

"""IOD checks (PS3.3, PS3.4): SOP Class UID -> IOD -> modules -> attributes.

``check_iod(dataset)`` finds the IOD of the dataset's SOP Class (PS3.4 Annex B), walks
its modules (PS3.3 Annex A) and each module's attributes (PS3.3 Annex C, macros
expanded, into the items of present sequences) and yields findings:

* ``type1``: a Type 1 attribute absent or empty; ``type2``: a Type 2 attribute absent
  (errors), in every module that is Mandatory or present (any of its attributes found);
* ``module``: a Mandatory module with none of its attributes (error; a module whose
  top level has no Type 1 or 2 attribute may be empty, and is not reported);
* ``not-in-iod``: a top-level attribute in no module of the IOD (info);
* the tables lose two conditions the standard states by structure, which are restored
  here: content item attributes hold only for their Value Type
  (:data:`VALUE_TYPE_ATTRIBUTES`), and a functional group macro need only be in the
  Shared or the Per-Frame Functional Groups (its usage is not in the tables, so one in
  neither is reported as conditional, not evaluated);
* ``conditional``: Type 1C/2C attributes and C modules.  Their conditions are prose in
  the standard; the common ones in :data:`CONDITIONS` and :data:`MODULE_CONDITIONS` are
  evaluated (a condition that holds makes the attribute Type 1/2, or the module
  Mandatory); for the others one info per module says which were absent or empty,
  "conditional, not evaluated".

The compiled form of each IOD (its modules' top-level tag sets) is built once per
process, so a dataset costs one set difference plus the attributes of its present modules.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import NamedTuple

from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.errors import DicomError

from ._access import element_values, first_text, tag_text
from ._iod_tables import (
    AttributeSpec,
    ModuleUse,
    attributes_of,
    iod_of,
    iod_reference,
    module_name,
    module_reference,
    modules_of,
)
from ._report import Finding, Severity
from .conditions import CONDITIONS, MODULE_CONDITIONS, VALUE_TYPE_ATTRIBUTES, Condition

__all__ = ["CONDITIONS", "MODULE_CONDITIONS", "VALUE_TYPE_ATTRIBUTES", "Condition", "check_iod"]

_SOP_CLASS_UID = 0x00080016
_VALUE_TYPE = 0x0040A040


class _Check(NamedTuple):
    """An attribute that needs looking at: Type 1/1C/2/2C, or a sequence with such below."""

    tag: int
    keyword: str
    type: str
    repeating: bool
    children: tuple[_Check, ...]
    #: Every attribute the module table gives the items of this sequence (Type 3 too):
    #: an item attribute outside it is reported as not in the IOD.
    known: frozenset[int] = frozenset()


_CHECKED = frozenset({"1", "1C", "2", "2C"})


#: Shared and Per-Frame Functional Groups Sequence (PS3.3 C.7.6.16).
_FUNCTIONAL_GROUPS = frozenset({0x52009229, 0x52009230})
#: The type given to a functional group macro's sequence in their items.
_GROUP = "group"


def _prune(specs: tuple[AttributeSpec, ...], groups: bool = False) -> tuple[_Check, ...]:
    # Type 3 attributes without checked attributes below them cost nothing to skip here
    # and a dataset look-up each if walked: most of a module table is Type 3.
    out = []
    for spec in specs:
        if spec.tag is None:
            continue
        children = (_prune(spec.children, spec.tag in _FUNCTIONAL_GROUPS)
                    if spec.children else ())
        if spec.type in _CHECKED or children:
            # The tables expand every functional group macro into both functional group
            # sequences as Type 1; the standard puts each in one of them, with a usage
            # (M/C/U) the tables lack.  So a group is only looked for in either.
            kind = _GROUP if groups and spec.type in _CHECKED else spec.type
            known = frozenset(_fold(c.tag) for c in spec.children if c.tag is not None)
            out.append(_Check(spec.tag, spec.keyword, kind, spec.repeating, children, known))
    return tuple(out)


class _Module(NamedTuple):
    use: ModuleUse
    name: str
    reference: str
    #: The attributes to check; None when the tables have no attribute table.
    specs: tuple[_Check, ...] | None
    #: Top-level tags, repeating groups folded onto their first group.
    tags: frozenset[int]
    #: The tags whose presence shows the module is present: for M modules all of them;
    #: for C and U modules those in no other module of the IOD (else all of them), so
    #: Pixel Spacing, which the Secondary Capture IOD has in SC Image (M) and Image
    #: Plane (U), does not make Image Plane present and its Type 1 attributes required.
    marks: frozenset[int]


class _CompiledIOD(NamedTuple):
    iod: str
    name: str
    modules: tuple[_Module, ...]
    tags: frozenset[int]
    #: Where the standard gives the IOD's module table, e.g. "PS3.3 A.3.3 CT Image IOD
    #: (Table A.3-1)".
    reference: str


_compiled: dict[str, _CompiledIOD] = {}
_lock = threading.Lock()


def _compile(iod: str, name: str) -> _CompiledIOD:
    found = _compiled.get(iod)
    if found is not None:
        return found
    with _lock:
        found = _compiled.get(iod)
        if found is None:
            uses = modules_of(iod)
            tag_sets = [frozenset(s.tag for s in attributes_of(use.module) or ()
                                  if s.tag is not None) for use in uses]
            modules = []
            for index, use in enumerate(uses):
                specs = attributes_of(use.module)
                title = module_name(use.module)
                tags = tag_sets[index]
                others = frozenset().union(*(t for i, t in enumerate(tag_sets) if i != index))
                marks = tags if use.usage == "M" else (tags - others or tags)
                checks = None if specs is None else _prune(specs)
                found_reference = module_reference(use.module)
                reference = (found_reference.text if found_reference is not None
                             else f"PS3.3 Annex C, {title} Module")
                modules.append(_Module(use, title, reference, checks, tags, marks))
            known = frozenset().union(*tag_sets)
            found_reference = iod_reference(iod)
            reference = (found_reference.text if found_reference is not None
                         else f"PS3.3 Annex A, {name} IOD")
            found = _compiled[iod] = _CompiledIOD(iod, name, tuple(modules), known, reference)
    return found


def _fold(tag: int) -> int:
    """Fold a repeating-group tag (50xx, 60xx; PS3.5 7.6) onto its first group."""
    group = tag >> 16
    if (0x5000 <= group <= 0x501E or 0x6000 <= group <= 0x601E) and not group & 1:
        return (group & 0xFF00) << 16 | (tag & 0xFFFF)
    return tag


#: Fixed-width binary VRs: their values are empty exactly when their bytes are, so
#: the encoding checks' undecoded numbers stay undecoded here too.
_BINARY = frozenset({"US", "SS", "UL", "SL", "FL", "FD", "UV", "SV", "AT"})


def _is_empty(element: Element) -> bool:
    raw = element._raw
    if element._vr is None and type(raw) is RawValue and raw.vr in _BINARY:
        return raw.value_end == raw.value_start
    try:
        return element.vr.vm == 0
    except (DicomError, ValueError):
        return False  # an undecodable value is the encoding checks' business


class _Walk:
    """State of one dataset's check: the findings and the unevaluated conditionals."""

    __slots__ = ("_groups", "_index", "findings", "iod_name", "root", "unevaluated")

    def __init__(self, root: Dataset, iod_name: str) -> None:
        self.root = root
        self.iod_name = iod_name
        self.findings: list[Finding] = []
        # (keyword, path, tag, state): formatted only for the few a finding shows.
        self.unevaluated: list[tuple[str, str, int, str]] = []
        self._groups: frozenset[int] | None = None
        # Each level's elements by tag, built once: the top level is looked at once per
        # module, and a dict look-up is a fraction of Dataset.get's bisection.
        self._index: dict[int, tuple[Dataset, dict[int, Element]]] = {}

    def groups(self) -> frozenset[int]:
        """The functional groups in the shared item or the first per-frame item."""
        groups = self._groups
        if groups is None:
            found: set[int] = set()
            for tag in _FUNCTIONAL_GROUPS:
                element = self.root.get(tag)
                try:
                    items = element.vr.values if element is not None else ()
                except (DicomError, ValueError):
                    items = ()
                if items and isinstance(items[0], Dataset):
                    found.update(int(t) for t in items[0])
            groups = self._groups = frozenset(found)
        return groups

    def attributes(self, module: _Module, specs: tuple[_Check, ...], level: Dataset,
                   path: str) -> None:
        found = self._index.get(id(level))
        if found is None:  # the level is kept with its index, so its id stays its own
            elements: dict[int, Element] = dict(zip(level, level.elements(), strict=True))
            found = self._index[id(level)] = (level, elements)
        get = found[1].get
        for spec in specs:
            tag = spec.tag
            if spec.repeating:
                groups = sorted({t >> 16 for t in level if _fold(t) == tag})
                for group in groups or [tag >> 16]:
                    concrete = (group << 16) | (tag & 0xFFFF)
                    self.attribute(module, spec, concrete, get(concrete), level, path)
            else:
                self.attribute(module, spec, tag, get(tag), level, path)

    def attribute(self, module: _Module, spec: _Check, tag: int, element: Element | None,
                  level: Dataset, path: str) -> None:
        kind = spec.type
        value_types = VALUE_TYPE_ATTRIBUTES.get(spec.keyword)
        if (value_types is not None and _VALUE_TYPE in level
                and first_text(level, _VALUE_TYPE) not in value_types):
            kind = "3"  # another value type's attribute: not required in this item
        if kind == "1":
            if element is None or _is_empty(element):
                self.required(module, spec, tag, element, path, None)
        elif kind == "2":
            if element is None:
                self.required(module, spec, tag, element, path, None)
        elif (kind == "1C" or kind == "2C") and (
                element is None or (kind == "1C" and _is_empty(element))):
            condition = (CONDITIONS.get((module.use.module, spec.keyword))
                         or CONDITIONS.get(("*", spec.keyword)))
            required = None if condition is None else condition.test(level, self.root)
            if required is None:
                state = "absent" if element is None else "empty"
                self.unevaluated.append((spec.keyword, path, tag, state))
            elif required:
                self.required(module, spec, tag, element, path, condition)
        elif kind == _GROUP and element is None and tag not in self.groups():
            self.unevaluated.append((
                spec.keyword, path, tag, "absent from the Shared and Per-Frame Functional"
                " Groups (the group's usage is not in the tables)"))
        if element is not None and spec.children:
            try:
                vr = element.vr
                items = vr.values if vr.code == "SQ" else ()
            except (DicomError, ValueError):
                items = ()
            where = f"{path}{tag_text(tag)}"
            for index, item in enumerate(items):
                if isinstance(item, Dataset):
                    self.attributes(module, spec.children, item, f"{where}[{index}]")
                    self.not_in_item(module, spec, item, f"{where}[{index}]")

    def not_in_item(self, module: _Module, spec: _Check, item: Dataset, path: str) -> None:
        """Report the attributes of a sequence item that its module table does not give."""
        if spec.tag in _OPEN_ITEMS:
            return
        known = spec.known
        for tag in item:
            # A sequence in its own items (Content Sequence) is the macro included again,
            # below the depth to which the tables expand it.
            if (_fold(tag) not in known and tag != spec.tag
                    and _is_standard_attribute(tag)):
                self.findings.append(Finding(
                    Severity.INFO, "not-in-iod",
                    f"{_keyword(tag)} {tag_text(tag)} is not an attribute of"
                    f" {spec.keyword} items in the {module.name} Module",
                    f"{path}{tag_text(tag)}", module.reference))

    def required(self, module: _Module, spec: _Check, tag: int, element: Element | None,
                 path: str, condition: Condition | None) -> None:
        """Record a required attribute (Type 1/2, or 1C/2C whose condition holds) missing."""
        kind = spec.type
        state = "absent" if element is None else "empty"
        text = f"Type {kind} attribute {spec.keyword} {tag_text(tag)} is {state}"
        reference = module.reference
        if condition is not None:
            text += f" but required: {condition.text}"
            reference += f"; {condition.reference}"
        self.findings.append(Finding(
            Severity.ERROR, "type1" if kind.startswith("1") else "type2",
            f"{text} ({module.name} Module)", f"{path}{tag_text(tag)}", reference))

    def flush_unevaluated(self, module: _Module) -> None:
        if not self.unevaluated:
            return
        shown = [f"{keyword} {path}{tag_text(tag)} {state}"
                 for keyword, path, tag, state in self.unevaluated[:8]]
        more = len(self.unevaluated) - len(shown)
        listing = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        self.findings.append(Finding(
            Severity.INFO, "conditional",
            f"{module.name} Module: {len(self.unevaluated)} Type 1C/2C attribute(s)"
            f" conditional, not evaluated (the condition is prose in PS3.3): {listing}",
            "", module.reference))
        self.unevaluated = []


#: Sequences whose items the standard opens to attributes their table does not list:
#: a directory record holds the keys of its record type (PS3.3 F.5), the Modified
#: Attributes Sequence any attribute that was changed (C.12.1).
_OPEN_ITEMS = frozenset({0x00041220, 0x04000550})

#: Media Storage Directory Storage: a DICOMDIR has no SOP Common Module, so its SOP
#: Class is the file meta's Media Storage SOP Class UID (PS3.10 7.2, PS3.3 F.3).
_DIRECTORY = "1.2.840.10008.1.3.10"


def check_iod(dataset: Dataset, *, media_storage_sop_class: str | None = None
              ) -> Iterator[Finding]:
    """Check ``dataset`` against the IOD of its SOP Class UID (PS3.3 Annex A and C).

    ``media_storage_sop_class`` is the file meta's (0002,0002): a DICOMDIR, whose dataset
    has no SOP Class UID, is checked against the Basic Directory IOD by it.  Yields
    findings with rules ``"sop-class"``, ``"module"``, ``"type1"``, ``"type2"``,
    ``"conditional"`` and ``"not-in-iod"``; see the module docstring.
    """
    values = element_values(dataset, _SOP_CLASS_UID)
    if not values and media_storage_sop_class == _DIRECTORY:
        values = (_DIRECTORY,)
    if not values:
        yield Finding(Severity.ERROR, "sop-class",
                      "SOP Class UID (0008,0016) is absent or empty: the IOD is not known",
                      tag_text(_SOP_CLASS_UID), "PS3.3 C.12.1 SOP Common Module")
        return
    uid = str(values[0])
    iod = iod_of(uid)
    if iod is None:
        yield Finding(Severity.INFO, "sop-class",
                      f"SOP Class UID {uid} is not a Storage SOP Class with an IOD in the"
                      " tables: the IOD is not checked", tag_text(_SOP_CLASS_UID),
                      "PS3.4 Annex B")
        return
    compiled = _compile(iod.iod, iod.name)
    # Only the repeating groups 50xx and 60xx fold; the test inline spares a call a tag.
    present_tags = {_fold(t) if 0x5000 <= t >> 16 <= 0x601E else t for t in dataset}
    walk = _Walk(dataset, iod.name)
    for module in compiled.modules:
        use = module.use
        usage = {"M": "Mandatory", "C": "Conditional", "U": "User Option"}[use.usage]
        if module.specs is None:
            if use.usage != "U":
                walk.findings.append(Finding(
                    Severity.INFO, "module",
                    f"{usage} module {module.name} has no attribute table in this edition"
                    " of the tables: not checked", "", module.reference))
            continue
        if module.marks.isdisjoint(present_tags):
            if use.usage == "M" and not any(c.type in ("1", "2") for c in module.specs):
                # Only Type 3 and conditional attributes at its top level (General
                # Acquisition, ...): an empty module is conformant; its conditions are
                # still looked at.
                walk.attributes(module, module.specs, dataset, "")
                walk.flush_unevaluated(module)
            elif use.usage == "M":
                walk.findings.append(Finding(
                    Severity.ERROR, "module",
                    f"Mandatory module {module.name} ({use.ie}) of the {iod.name} IOD has"
                    " none of its attributes", "", module.reference))
            elif use.usage == "C":
                condition = (MODULE_CONDITIONS.get((iod.iod, use.module))
                             or MODULE_CONDITIONS.get(("*", use.module)))
                if condition is None:
                    walk.findings.append(Finding(
                        Severity.INFO, "conditional",
                        f"Conditional module {module.name} ({use.ie}) is absent; its"
                        " condition is not evaluated (prose in PS3.3 Annex A)", "",
                        f"{module.reference}; {compiled.reference}"))
                elif condition.test(dataset, dataset):
                    walk.findings.append(Finding(
                        Severity.ERROR, "module",
                        f"Conditional module {module.name} ({use.ie}) is required"
                        f" ({condition.text}) but none of its attributes is present", "",
                        f"{module.reference}; {condition.reference}"))
            continue
        walk.attributes(module, module.specs, dataset, "")
        walk.flush_unevaluated(module)
    yield from walk.findings
    if iod.iod == "basic-directory":
        from .records import check_record_keys

        yield from check_record_keys(dataset)
    for tag in sorted(present_tags - compiled.tags):
        if _is_standard_attribute(tag):
            yield Finding(Severity.INFO, "not-in-iod",
                          f"{_keyword(tag)} {tag_text(tag)} is in no module of the"
                          f" {iod.name} IOD", tag_text(tag), compiled.reference)


def _is_standard_attribute(tag: int) -> bool:
    """Not private, a group length, file meta or an item delimiter: may be in a module."""
    group = tag >> 16
    return not (group & 1 or not tag & 0xFFFF or group in (0x0000, 0x0002, 0xFFFE))


def _keyword(tag: int) -> str:
    from typeddcm.dictionary import keyword_for_tag

    return keyword_for_tag(tag) or "Unknown attribute"

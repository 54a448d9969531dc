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
from collections.abc import Callable, Iterator
from typing import NamedTuple

from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.errors import DicomError

from ._iod_tables import AttributeSpec, ModuleUse, attributes_of, iod_of, module_name, modules_of
from ._report import Finding, Severity

__all__ = ["CONDITIONS", "MODULE_CONDITIONS", "VALUE_TYPE_ATTRIBUTES", "Condition", "check_iod"]

_SOP_CLASS_UID = 0x00080016

#: A condition's test: (the dataset level holding the attribute, the top-level dataset)
#: -> True (required), False (not required) or None (cannot tell from the data).
Test = Callable[[Dataset, Dataset], "bool | None"]


class Condition(NamedTuple):
    """A 1C/2C or C-module condition the checker evaluates."""

    #: The condition as the standard states it, shortened.
    text: str
    #: Where it is stated.
    reference: str
    test: Test


def _element_values(level: Dataset, tag: int) -> tuple[object, ...] | None:
    """The values of ``tag`` at ``level`` (None when absent or undecodable)."""
    element = level.get(tag)
    if element is None:
        return None
    try:
        return tuple(element.vr.values)
    except (DicomError, ValueError):
        return None


def _first_text(level: Dataset, tag: int) -> str | None:
    values = _element_values(level, tag)
    if not values:
        return None
    return str(values[0]).strip().upper()


def _first_number(level: Dataset, tag: int) -> float | None:
    values = _element_values(level, tag)
    if not values:
        return None
    try:
        return float(values[0])  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _present(*tags: int) -> Test:
    return lambda level, _root: any(t in level for t in tags)


def _absent(*tags: int) -> Test:
    return lambda level, _root: not any(t in level for t in tags)


def _palette(level: Dataset, _root: Dataset) -> bool:
    if _first_text(level, 0x00280004) == "PALETTE COLOR":
        return True
    return _first_text(level, 0x00089205) in {"COLOR", "MIXED"}


def _samples_above_one(level: Dataset, _root: Dataset) -> bool | None:
    samples = _first_number(level, 0x00280002)
    return None if samples is None else samples > 1


def _identity_removed(level: Dataset, _root: Dataset) -> bool:
    return _first_text(level, 0x00120062) == "YES"


def _multi_energy(level: Dataset, root: Dataset) -> bool:
    return _first_text(root, 0x00189361) == "YES"


_POSITION_CLASSES = frozenset({"1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4"})


def _patient_position(level: Dataset, root: Dataset) -> bool:
    # C.7.3.1: required for CT and MR Image Storage unless Patient Orientation Code
    # Sequence is present.
    values = _element_values(root, _SOP_CLASS_UID)
    uid = str(values[0]) if values else ""
    return uid in _POSITION_CLASSES and 0x00540410 not in level


_PALETTE = Condition(
    "Photometric Interpretation is PALETTE COLOR (or Pixel Presentation COLOR or MIXED)",
    "PS3.3 C.7.6.3.1.5", _palette)
_PIXEL_DATA = 0x7FE00010
_PIXELS_PRESENT = Condition(
    "Pixel Data, Float Pixel Data or Double Float Pixel Data is present",
    "PS3.3 C.7.6.3", _present(_PIXEL_DATA, 0x7FE00008, 0x7FE00009))
_WINDOW = Condition("VOI LUT Sequence is not present", "PS3.3 C.11.2", _absent(0x00283010))
_DEIDENTIFIED = Condition("Patient Identity Removed is YES", "PS3.3 C.7.1.1",
                          _identity_removed)

#: (module or ``"*"`` for any module, keyword) -> the condition evaluated for a Type 1C
#: or 2C attribute of that keyword.  Module-specific entries win over ``"*"``.
CONDITIONS: dict[tuple[str, str], Condition] = {
    ("*", "PlanarConfiguration"): Condition(
        "Samples per Pixel is greater than 1", "PS3.3 C.7.6.3.1.3", _samples_above_one),
    ("*", "PixelData"): Condition(
        "Pixel Data Provider URL, Float Pixel Data and Double Float Pixel Data are absent",
        "PS3.3 C.7.6.3", _absent(0x00287FE0, 0x7FE00008, 0x7FE00009)),
    # Pixel Data Provider URL is required by a JPIP transfer syntax, which a dataset does
    # not carry: left "not evaluated" (a missing image is the Pixel Data finding above).
    **{("*", f"{colour}PaletteColorLookupTable{part}"): _PALETTE
       for colour in ("Red", "Green", "Blue") for part in ("Descriptor", "Data")},
    **{("*", keyword): _PIXELS_PRESENT
       for keyword in ("Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit",
                       "PixelRepresentation", "SamplesPerPixel",
                       "PhotometricInterpretation")},
    ("*", "PixelPaddingValue"): Condition(
        "Pixel Padding Range Limit is present", "PS3.3 C.7.5.1.1.2",
        _present(0x00280121)),
    # Code Sequence Macro, PS3.3 Table 8.8-1: exactly one of the three code values.
    ("*", "CodeValue"): Condition(
        "Long Code Value and URN Code Value are absent", "PS3.3 8.8",
        _absent(0x00080119, 0x00080120)),
    **{("*", keyword): Condition(
        "Code Value is absent (and the other form of the value too)", "PS3.3 8.8",
        lambda level, _root: False if 0x00080100 in level else None)
       for keyword in ("LongCodeValue", "URNCodeValue")},
    **{("*", keyword): Condition("Context Identifier is present", "PS3.3 8.8",
                                 _present(0x0008010F))
       for keyword in ("MappingResource", "ContextGroupVersion")},
    **{("*", keyword): Condition(
        "Context Group Extension Flag is Y", "PS3.3 8.8",
        lambda level, _root: _first_text(level, 0x0008010B) == "Y")
       for keyword in ("ContextGroupLocalVersion", "ContextGroupExtensionCreatorUID")},
    ("voi-lut", "WindowCenter"): _WINDOW,
    ("voi-lut", "WindowWidth"): Condition("Window Center is present", "PS3.3 C.11.2",
                                          _present(0x00281050)),
    ("voi-lut", "VOILUTSequence"): Condition("Window Center is not present", "PS3.3 C.11.2",
                                             _absent(0x00281050)),
    ("modality-lut", "ModalityLUTSequence"): Condition(
        "Rescale Intercept is not present", "PS3.3 C.11.1", _absent(0x00281052)),
    **{("modality-lut", keyword): Condition(
        "Modality LUT Sequence is not present", "PS3.3 C.11.1", _absent(0x00283000))
       for keyword in ("RescaleIntercept", "RescaleSlope", "RescaleType")},
    ("general-image", "PatientOrientation"): Condition(
        "Image Orientation (Patient) and Image Position (Patient) are not both present",
        "PS3.3 C.7.6.1", lambda level, _root: not (0x00200037 in level
                                                   and 0x00200032 in level)),
    ("general-series", "PatientPosition"): Condition(
        "SOP Class is CT or MR Image Storage and Patient Orientation Code Sequence is"
        " absent", "PS3.3 C.7.3.1", _patient_position),
    ("ct-image", "RescaleType"): Condition(
        "Multi-energy CT Acquisition is YES", "PS3.3 C.8.2.1", _multi_energy),
    ("patient", "DeidentificationMethod"): _DEIDENTIFIED,
    ("patient", "DeidentificationMethodCodeSequence"): Condition(
        "Patient Identity Removed is YES and De-identification Method is absent",
        "PS3.3 C.7.1.1",
        lambda level, root: _identity_removed(level, root) and 0x00120063 not in level),
}

#: Content item attributes (PS3.3 Table 10-2 Content Item Macro, C.17.3 SR Document
#: Content Module) -> the Value Types (0040,A040) that require them.  The module tables
#: include each value type's macro unconditionally, so their Type 1/2 hold only in items
#: of that value type; in an item with another Value Type they are not required.
VALUE_TYPE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "ContinuityOfContent": frozenset({"CONTAINER"}),
    "ContentTemplateSequence": frozenset({"CONTAINER"}),
    "TextValue": frozenset({"TEXT"}),
    "DateTime": frozenset({"DATETIME"}),
    "Date": frozenset({"DATE"}),
    "Time": frozenset({"TIME"}),
    "PersonName": frozenset({"PNAME"}),
    "UID": frozenset({"UIDREF"}),
    "MeasuredValueSequence": frozenset({"NUM"}),
    "ConceptCodeSequence": frozenset({"CODE"}),
    "ReferencedSOPSequence": frozenset({"COMPOSITE", "IMAGE", "WAVEFORM"}),
    "GraphicData": frozenset({"SCOORD", "SCOORD3D"}),
    "GraphicType": frozenset({"SCOORD", "SCOORD3D"}),
    "ReferencedFrameOfReferenceUID": frozenset({"SCOORD3D"}),
    "TemporalRangeType": frozenset({"TCOORD"}),
    "ReferencedSamplePositions": frozenset({"TCOORD"}),
    "ReferencedTimeOffsets": frozenset({"TCOORD"}),
    "ReferencedDateTime": frozenset({"TCOORD"}),
    "NumberOfTableRows": frozenset({"TABLE"}),
    "NumberOfTableColumns": frozenset({"TABLE"}),
    "TabulatedValuesSequence": frozenset({"TABLE"}),
}
_VALUE_TYPE = 0x0040A040

#: (IOD or ``"*"``, module) -> the condition of a C module that is evaluated.
MODULE_CONDITIONS: dict[tuple[str, str], Condition] = {
    ("*", "multi-energy-ct-image"): Condition(
        "Multi-energy CT Acquisition is YES", "PS3.3 A.3.3 (CT Image IOD)", _multi_energy),
}


class _Check(NamedTuple):
    """An attribute that needs looking at: Type 1/1C/2/2C, or a sequence with such below."""

    tag: int
    keyword: str
    type: str
    repeating: bool
    children: tuple[_Check, ...]


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
            out.append(_Check(spec.tag, spec.keyword, kind, spec.repeating, children))
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
                modules.append(_Module(use, title, f"PS3.3 Annex C, {title} Module", checks,
                                       tags, marks))
            known = frozenset().union(*tag_sets)
            found = _compiled[iod] = _CompiledIOD(iod, name, tuple(modules), known)
    return found


def _fold(tag: int) -> int:
    """Fold a repeating-group tag (50xx, 60xx; PS3.5 7.6) onto its first group."""
    group = tag >> 16
    if (0x5000 <= group <= 0x501E or 0x6000 <= group <= 0x601E) and not group & 1:
        return (group & 0xFF00) << 16 | (tag & 0xFFFF)
    return tag


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


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
                and _first_text(level, _VALUE_TYPE) not in value_types):
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
            where = f"{path}{_tag_text(tag)}"
            for index, item in enumerate(items):
                if isinstance(item, Dataset):
                    self.attributes(module, spec.children, item, f"{where}[{index}]")

    def required(self, module: _Module, spec: _Check, tag: int, element: Element | None,
                 path: str, condition: Condition | None) -> None:
        """Record a required attribute (Type 1/2, or 1C/2C whose condition holds) missing."""
        kind = spec.type
        state = "absent" if element is None else "empty"
        text = f"Type {kind} attribute {spec.keyword} {_tag_text(tag)} is {state}"
        reference = module.reference
        if condition is not None:
            text += f" but required: {condition.text}"
            reference += f"; {condition.reference}"
        self.findings.append(Finding(
            Severity.ERROR, "type1" if kind.startswith("1") else "type2",
            f"{text} ({module.name} Module)", f"{path}{_tag_text(tag)}", reference))

    def flush_unevaluated(self, module: _Module) -> None:
        if not self.unevaluated:
            return
        shown = [f"{keyword} {path}{_tag_text(tag)} {state}"
                 for keyword, path, tag, state in self.unevaluated[:8]]
        more = len(self.unevaluated) - len(shown)
        listing = "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
        self.findings.append(Finding(
            Severity.INFO, "conditional",
            f"{module.name} Module: {len(self.unevaluated)} Type 1C/2C attribute(s)"
            f" conditional, not evaluated (the condition is prose in PS3.3): {listing}",
            "", module.reference))
        self.unevaluated = []


def check_iod(dataset: Dataset) -> Iterator[Finding]:
    """Check ``dataset`` against the IOD of its SOP Class UID (PS3.3 Annex A and C).

    Yields findings with rules ``"sop-class"``, ``"module"``, ``"type1"``, ``"type2"``,
    ``"conditional"`` and ``"not-in-iod"``; see the module docstring.
    """
    values = _element_values(dataset, _SOP_CLASS_UID)
    if not values:
        yield Finding(Severity.ERROR, "sop-class",
                      "SOP Class UID (0008,0016) is absent or empty: the IOD is not known",
                      _tag_text(_SOP_CLASS_UID), "PS3.3 C.12.1 SOP Common Module")
        return
    uid = str(values[0])
    iod = iod_of(uid)
    if iod is None:
        yield Finding(Severity.INFO, "sop-class",
                      f"SOP Class UID {uid} is not a Storage SOP Class with an IOD in the"
                      " tables: the IOD is not checked", _tag_text(_SOP_CLASS_UID),
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
                        f"{module.reference}; PS3.3 Annex A, {iod.name} IOD"))
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
    for tag in sorted(present_tags - compiled.tags):
        group = tag >> 16
        if group & 1 or not tag & 0xFFFF or group in (0x0000, 0x0002, 0xFFFE):
            continue  # private, group lengths, meta and delimiters: not module attributes
        yield Finding(Severity.INFO, "not-in-iod",
                      f"{_keyword(tag)} {_tag_text(tag)} is in no module of the {iod.name}"
                      " IOD", _tag_text(tag), f"PS3.3 Annex A, {iod.name} IOD")


def _keyword(tag: int) -> str:
    from typeddcm.dictionary import keyword_for_tag

    return keyword_for_tag(tag) or "Unknown attribute"

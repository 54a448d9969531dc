"""The IOD tables behind ``validation.iod``, read from ``_iod_tables.bin`` on first use.

``tools/gen_iod.py`` writes the resource (120 KB): a small header naming its sections and
one zlib stream per section: Storage SOP Class -> IOD (PS3.4 Annex B), IOD -> modules
with their information entity and usage (PS3.3 Annex A), every module's attributes
with macros expanded (PS3.3 Annex C), and where PS3.3 defines each module and IOD (name,
section, table: :func:`module_reference`, :func:`iod_reference`).  Nothing is read when the package is imported;
the first look-up reads and inflates the file (about 1 MB of text) and splits it into
per-module blocks, and a module's attribute tree is parsed when it is first asked for,
so a CT never pays for the 436 modules it does not use.  Every table is built once,
under a lock, and never changes.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from typeddcm._sections import read_package_file, unpack_sections

__all__ = ["IOD", "AttributeSpec", "ModuleUse", "Reference", "attributes_of", "iod_name",
           "iod_of", "iod_reference", "iods", "module_name", "module_reference", "modules_of"]

_RESOURCE = "_iod_tables.bin"
_MAGIC = b"typeddcm-iod-tables 1"


class IOD(NamedTuple):
    """An IOD as PS3.4 Annex B names it for a Storage SOP Class."""

    sop_class_uid: str
    #: The IOD's identifier in the tables, e.g. ``"ct-image"``.
    iod: str
    #: The standard's name, e.g. ``"CT Image"`` (made from ``iod`` where the table has none).
    name: str


class ModuleUse(NamedTuple):
    """One row of an IOD's module table (PS3.3 Annex A)."""

    module: str
    #: Information entity, e.g. ``"Series"``.
    ie: str
    #: ``"M"`` (mandatory), ``"C"`` (conditional) or ``"U"`` (user option).
    usage: str


class AttributeSpec(NamedTuple):
    """One attribute of a module table, with the attributes of its items if a sequence.

    ``tag`` is None for the two keywords the data dictionary lacks; for a repeating-group
    attribute (``(60xx,3000)``) it is the tag in the first group and ``repeating`` is True.
    ``type`` is ``"1"``, ``"1C"``, ``"2"``, ``"2C"``, ``"3"``, or ``""`` where the table
    gives none.
    """

    tag: int | None
    keyword: str
    type: str
    children: tuple[AttributeSpec, ...]
    repeating: bool = False


class Reference(NamedTuple):
    """Where PS3.3 defines a module or an IOD, for citing it in a finding."""

    #: The standard's name without "Module"/"IOD", e.g. ``"General Series"``.
    name: str
    #: The section of the standard's page holding the table, e.g. ``"C.7.3"`` (the source
    #: gives the page, so a table in a page's first subsection cites the page's section).
    section: str
    #: The table, e.g. ``"C.7-5a"``.
    table: str
    #: ``"module"`` or ``"iod"``.
    kind: str = "module"

    @property
    def text(self) -> str:
        """E.g. ``"PS3.3 C.7.3 General Series Module (Table C.7-5a)"``."""
        noun = "IOD" if self.kind == "iod" else "Module"
        return f"PS3.3 {self.section} {self.name} {noun} (Table {self.table})"


class _Tables:
    __slots__ = ("blocks", "iods", "keywords", "references", "uses")

    def __init__(self, sections: dict[str, str]) -> None:
        # A container written before section N existed has no references: names fall
        # back to the slugs' titles.
        self.references: dict[tuple[str, str], Reference] = {}
        references = sections.get("N", "")
        for line in references.split("\n") if references else ():
            kind, ident, name, section, table = line.split("\t")
            self.references[(kind, ident)] = Reference(name, section, table, kind)
        self.iods: dict[str, IOD] = {}
        for line in sections["I"].split("\n"):
            uid, iod, name = line.split("\t")
            reference = self.references.get(("iod", iod))
            self.iods[uid] = IOD(uid, iod, reference.name if reference else name or _title(iod))
        self.uses: dict[str, list[ModuleUse]] = {}
        for line in sections["O"].split("\n"):
            iod, module, ie, usage = line.split("\t")
            self.uses.setdefault(iod, []).append(ModuleUse(module, ie, usage))
        self.keywords: list[tuple[str, int | None, bool]] = []
        for line in sections["K"].split("\n"):
            keyword, tag = line.split("\t")
            repeating = "x" in tag
            self.keywords.append(
                (keyword, int(tag.replace("x", "0"), 16) if tag else None, repeating))
        self.blocks: dict[str, str] = {}
        for block in sections["A"].split("\n="):
            name, _, rows = block.lstrip("=").partition("\n")
            self.blocks[name] = rows


_lock = threading.Lock()
_tables: _Tables | None = None
_modules: dict[str, tuple[AttributeSpec, ...]] = {}

# Words the slugs lower-case that the standard writes otherwise.
_UPPER = {"ct": "CT", "mr": "MR", "pet": "PET", "rt": "RT", "sr": "SR", "sop": "SOP",
          "voi": "VOI", "lut": "LUT", "us": "US", "xa": "XA", "xrf": "XRF", "dx": "DX",
          "ecg": "ECG", "iod": "IOD", "3d": "3D", "2d": "2D", "dvh": "DVH", "cad": "CAD",
          "eeg": "EEG", "emg": "EMG", "eog": "EOG", "icc": "ICC", "uid": "UID",
          "x-ray": "X-Ray", "id": "ID", "oct": "OCT", "ivoct": "IVOCT", "ivus": "IVUS",
          "pdf": "PDF", "cda": "CDA", "stl": "STL", "obj": "OBJ", "mtl": "MTL", "hl7": "HL7",
          "ps": "PS", "sm": "SM", "mpr": "MPR", "ion": "Ion", "ophthalmic": "Ophthalmic"}
_SMALL = frozenset({"a", "of", "and", "for", "to", "in", "on", "or", "with"})


def _title(slug: str) -> str:
    words = []
    for i, word in enumerate(slug.split("-")):
        if word in _UPPER:
            words.append(_UPPER[word])
        elif i and word in _SMALL:
            words.append(word)
        else:
            words.append(word.capitalize())
    return " ".join(words)


def module_name(module: str) -> str:
    """The standard's name of a module, ``"image-pixel"`` -> ``"Image Pixel"``; for a
    module PS3.3 reference data lacks, a name made from the identifier."""
    reference = _load().references.get(("module", module))
    return reference.name if reference else _title(module)


def iod_name(iod: str) -> str:
    """The standard's name of an IOD, ``"ct-image"`` -> ``"CT Image"``; for an IOD the
    reference data lacks, a name made from the identifier."""
    reference = _load().references.get(("iod", iod))
    return reference.name if reference else _title(iod)


def module_reference(module: str) -> Reference | None:
    """Where PS3.3 defines a module (name, section, table), or None if the data lacks it:
    ``module_reference("general-series").text`` is
    ``"PS3.3 C.7.3 General Series Module (Table C.7-5a)"``."""
    return _load().references.get(("module", module))


def iod_reference(iod: str | IOD) -> Reference | None:
    """Where PS3.3 defines an IOD, or None if the data lacks it:
    ``iod_reference("ct-image").text`` is ``"PS3.3 A.3.3 CT Image IOD (Table A.3-1)"``."""
    return _load().references.get(("iod", iod.iod if isinstance(iod, IOD) else iod))


def _load() -> _Tables:
    global _tables
    tables = _tables
    if tables is not None:
        return tables
    with _lock:
        tables = _tables
        if tables is None:
            tables = _tables = _Tables(_read_sections())
    return tables


def _read_sections() -> dict[str, str]:
    data = read_package_file(__file__, __package__, _RESOURCE)
    return unpack_sections(data, _MAGIC, f"an IOD table ({_RESOURCE}: tools/gen_iod.py)")


def iods() -> dict[str, IOD]:
    """Storage SOP Class UID -> its IOD, for every SOP Class the tables know."""
    return dict(_load().iods)


def iod_of(sop_class_uid: str) -> IOD | None:
    """The IOD of a Storage SOP Class, or None for a UID the tables do not know."""
    return _load().iods.get(sop_class_uid)


def modules_of(iod: str | IOD) -> list[ModuleUse]:
    """The modules of an IOD in the standard's order (``[]`` for an unknown IOD)."""
    name = iod.iod if isinstance(iod, IOD) else iod
    return list(_load().uses.get(name, ()))


def attributes_of(module: str) -> tuple[AttributeSpec, ...] | None:
    """The attribute tree of a module (macros expanded), or None if the tables lack it."""
    specs = _modules.get(module)
    if specs is not None:
        return specs
    tables = _load()
    rows = tables.blocks.get(module)
    if rows is None:
        return None
    with _lock:
        specs = _modules.get(module)
        if specs is None:
            specs = _modules[module] = _parse(rows, tables.keywords)
    return specs


class _Node:
    __slots__ = ("children", "number", "type")

    def __init__(self, kind: str, number: int) -> None:
        self.type = "" if kind == "-" else kind
        self.number = number
        self.children: list[_Node] = []


def _parse(rows: str, keywords: list[tuple[str, int | None, bool]]
           ) -> tuple[AttributeSpec, ...]:
    # Rows are depth-first with explicit depths: a stack of open child lists, one per
    # depth; a row closes every list deeper than itself.
    top: list[_Node] = []
    stack = [top]
    for line in rows.split("\n") if rows else ():
        depth_text, kind, number = line.split(" ")
        depth = int(depth_text)
        del stack[depth + 1:]
        node = _Node(kind, int(number))
        stack[-1].append(node)
        stack.append(node.children)

    def build(nodes: list[_Node]) -> tuple[AttributeSpec, ...]:
        out = []
        for node in nodes:
            keyword, tag, repeating = keywords[node.number]
            out.append(AttributeSpec(tag, keyword, node.type, build(node.children), repeating))
        return tuple(out)

    return build(top)

"""The IOD tables behind ``validation.iod``, read from ``_iod_tables.bin`` on first use.

``tools/gen_iod.py`` writes the resource (100 KB): a small header naming its sections and
one zlib stream per section: Storage SOP Class -> IOD (PS3.4 Annex B), IOD -> modules
with their information entity and usage (PS3.3 Annex A), and every module's attributes
with macros expanded (PS3.3 Annex C).  Nothing is read when the package is imported;
the first look-up reads and inflates the file (about 1 MB of text) and splits it into
per-module blocks, and a module's attribute tree is parsed when it is first asked for,
so a CT never pays for the 436 modules it does not use.  Every table is built once,
under a lock, and never changes.
"""

from __future__ import annotations

import threading
from typing import NamedTuple

from typeddcm._sections import read_package_file, unpack_sections

__all__ = ["IOD", "AttributeSpec", "ModuleUse", "attributes_of", "iod_of", "iods",
           "module_name", "modules_of"]

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


class _Tables:
    __slots__ = ("blocks", "iods", "keywords", "uses")

    def __init__(self, sections: dict[str, str]) -> None:
        self.iods: dict[str, IOD] = {}
        for line in sections["I"].split("\n"):
            uid, iod, name = line.split("\t")
            self.iods[uid] = IOD(uid, iod, name or _title(iod))
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
    """A readable name for a module identifier: ``"image-pixel"`` -> ``"Image Pixel"``."""
    return _title(module)


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

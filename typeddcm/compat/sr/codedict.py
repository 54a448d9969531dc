"""pydicom's ``sr.codedict``: ``codes``, :class:`Collection` and :class:`Concepts`.

``codes.SCT.Liver``, ``codes.DCM.Modality``, ``codes.cid7151.Liver`` (or
``codes.CID7151``): a :class:`Concepts` of every coding scheme and context group
(CID) of PS3.16, each a :class:`Collection` whose attributes are its concepts'
keywords.  Nothing is loaded until a collection is first used (see ``_data``).
A collection keeps each :class:`~.coding.Code` it hands out as an instance
attribute, and ``codes`` each collection, so a repeated look-up is a plain
attribute read.

pydicom's module globals (``cid_for_name``, ``name_for_cid``, ``CONCEPTS``,
``CID_CONCEPTS``) are built on first access, from the same tables.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, KeysView, Mapping
from typing import Any

from . import _data
from .coding import Code

__all__ = ["Code", "Collection", "Concepts", "codes"]


def _filtered(source: Iterable[str], filters: tuple[str, ...]) -> list[str]:
    """Sorted unique keywords of ``source`` containing any of ``filters`` (any case)."""
    if not filters:
        return sorted(set(source))
    lowered = [f.lower() for f in filters]
    return sorted({v for v in source if any(f in v.lower() for f in lowered)})


def _is_private(name: str) -> bool:
    # Keywords that start with "_" go on with a digit (_1stDiagonal...); any other
    # "_" name (copy's __deepcopy__, IPython's probes, our own slots) is no concept.
    return name[:1] == "_" and not name[1:2].isdigit()


def _cid_number(name: str) -> int:
    try:
        return int(name[3:])
    except ValueError:
        msg = f"{name!r} is not a CID name: expected 'CID' and a number, such as 'CID7151'"
        raise ValueError(msg) from None


class Collection:
    """The concepts of one coding scheme (``Collection("SCT")``) or one context
    group (``Collection("CID7151")``), as attributes named by keyword.

    Raises KeyError for a scheme or CID that PS3.16 does not have, and ValueError
    for a ``CID...`` name without a number, as pydicom does.
    """

    #: The line format of :meth:`__repr__`: keyword, then the Code.
    repr_format = "{} = {}"

    def __init__(self, name: str) -> None:
        if not isinstance(name, str):  # pydicom code passes what it likes
            msg = f"a collection name is a str such as 'SCT' or 'CID7151', not {type(name).__name__}"  # type: ignore[unreachable]
            raise TypeError(msg)
        self._scheme: _data.SchemeTable | None = None
        self._cid: _data.CIDTable | None = None
        self._concepts: dict[str, Code] | None = None
        if name.upper().startswith("CID"):
            number = _cid_number(name)
            try:
                self._cid = _data.cid(number)
            except KeyError:
                msg = f"no context group CID {number} in the PS3.16 tables"
                raise KeyError(msg) from None
            self._name = f"CID{number}"
        else:
            try:
                self._scheme = _data.scheme(name)
            except KeyError:
                msg = (f"no coding scheme {name!r} in the PS3.16 tables"
                       f" (schemes: {', '.join(_data.scheme_names())})")
                raise KeyError(msg) from None
            self._name = name

    def __reduce__(self) -> tuple[type[Collection], tuple[str]]:
        return type(self), (self._name,)

    @property
    def name(self) -> str:
        """The scheme designator (``"SCT"``) or the CID name (``"CID7151"``)."""
        return self._name

    @property
    def scheme_designator(self) -> str:
        """The collection's name (pydicom's alias, also for CIDs)."""
        return self._name

    @property
    def is_cid(self) -> bool:
        """Whether the collection is a DICOM context group."""
        return self._cid is not None

    @property
    def cid_name(self) -> str | None:
        """A context group's keyword-form name (``"AnatomicStructure"``); None for a scheme."""
        return self._cid.name if self._cid is not None else None

    def _code(self, keyword: str) -> Code:
        """The Code for ``keyword``: AttributeError if it is not a member."""
        if self._scheme is not None:
            entry = self._scheme.get(keyword)
            if entry is not None:
                return Code(entry[0], self._name, entry[1])
            like = self._scheme.like(keyword)
            where = f"scheme '{self._name}'"
        else:
            assert self._cid is not None
            schemes = self._cid.keyword_schemes.get(keyword)
            if schemes is not None:
                found = [(s, _data.scheme(s).get(keyword)) for s in schemes]
                if len(found) > 1:
                    listed = ", ".join(f"codes.{s}.{keyword} = {e[0] if e else '?'}"
                                       for s, e in found)
                    msg = (f"Multiple schemes found to contain the keyword '{keyword}' in"
                           f" {self._name}: {listed}")
                    raise RuntimeError(msg)
                scheme_name, entry = found[0]
                if entry is not None:
                    return Code(entry[0], scheme_name, entry[1])
            like = self._cid.like(keyword)
            where = self._name
        hint = (f"; did you mean '{like}'?" if like is not None
                else f"; search with codes.{self._name}.dir('part of the name')")
        raise AttributeError(f"No matching code for keyword '{keyword}' in {where}{hint}")

    def __getattr__(self, name: str) -> Code:
        """The :class:`~.coding.Code` of keyword ``name`` (a CamelCase code meaning)."""
        if _is_private(name):
            msg = f"'{type(self).__name__}' object has no attribute '{name}'"
            raise AttributeError(msg)
        code = self._code(name)
        # Later reads find it in the instance dict and skip __getattr__ entirely.
        self.__dict__[name] = code
        return code

    def _members(self) -> Iterator[tuple[str, Code]]:
        """(keyword, Code) of every member in keyword order; a keyword two schemes
        share within a CID comes once per scheme."""
        if self._scheme is not None:
            name = self._name
            for keyword, value, meaning in self._scheme.rows():
                yield keyword, Code(value, name, meaning)
            return
        assert self._cid is not None
        for keyword in sorted(self._cid.keyword_schemes):
            for scheme_name in self._cid.keyword_schemes[keyword]:
                entry = _data.scheme(scheme_name).get(keyword)
                if entry is not None:
                    yield keyword, Code(entry[0], scheme_name, entry[1])

    @property
    def concepts(self) -> dict[str, Code]:
        """keyword -> Code for every member, in keyword order.

        A context group's keyword that two schemes share (only CID 8134's
        ArcuateFasciculus and SuperiorLongitudinalFasciculus) has no single Code
        and is left out; ``repr``/``str`` and ``in`` still list both codes.
        """
        concepts = self._concepts
        if concepts is None:
            concepts = {}
            shared = set()
            for keyword, code in self._members():
                if keyword in concepts:
                    shared.add(keyword)
                concepts[keyword] = code
            for keyword in shared:
                del concepts[keyword]
            self._concepts = concepts
        return concepts

    def __contains__(self, item: object) -> bool:
        """Whether ``item``, a keyword or a coded concept, is a member.

        A code is a member when its scheme, value and (absent) scheme version
        match a member's, a mapped SNOMED-RT code as its SNOMED CT code.
        """
        if isinstance(item, str):
            if self._scheme is not None:
                return self._scheme.get(item) is not None
            assert self._cid is not None
            return item in self._cid.keyword_schemes
        try:
            value = item.value  # type: ignore[attr-defined]
            scheme_designator = item.scheme_designator  # type: ignore[attr-defined]
            version = item.scheme_version  # type: ignore[attr-defined]
        except AttributeError:
            return False
        if version is not None or not isinstance(value, str):
            return False
        if scheme_designator == "SRT":
            sct = _data.srt_to_sct().get(value)
            if sct is not None:
                scheme_designator, value = "SCT", sct
        if self._scheme is not None:
            return bool(scheme_designator == self._name and self._scheme.has_value(value))
        assert self._cid is not None
        return self._cid.has_code(scheme_designator, value)

    def dir(self, *filters: str) -> list[str]:
        """The sorted keywords that contain any of ``filters`` (case-insensitive),
        or all of them."""
        if self._scheme is not None:
            if not filters:
                return list(self._scheme.keywords)
            return _filtered(self._scheme.keywords, filters)
        assert self._cid is not None
        return _filtered(self._cid.keyword_schemes, filters)

    def __dir__(self) -> list[str]:
        """The class's methods and properties and every keyword (for completion)."""
        return sorted(set(dir(type(self))) | set(self.dir()))

    def trait_names(self) -> list[str]:
        """IPython's completion hook: :func:`dir` of the collection."""
        return dir(self)

    def __repr__(self) -> str:
        lines = [self.repr_format.format(k, code) for k, code in self._members()]
        return f"{self._name}\n" + "\n".join(lines)

    def __str__(self) -> str:
        members = list(self._members())
        # Columns at least as wide as their headings, two spaces more than the widest.
        names = max([len(k) for k, _ in members] + [9]) + 2
        values = max([len(c.value) for _, c in members] + [4]) + 2
        if self._cid is not None:
            schemes = max([len(c.scheme_designator) for _, c in members] + [6]) + 2
            fmt = f"{{:{names}}} {{:{values}}} {{:{schemes}}} {{}}"
            head = [self._name, fmt.format("Attribute", "Code", "Scheme", "Meaning"),
                    fmt.format("---------", "----", "------", "-------")]
            body = [fmt.format(k, c.value, c.scheme_designator, c.meaning) for k, c in members]
        else:
            fmt = f"{{:{names}}} {{:{values}}} {{}}"
            head = [f"Scheme: {self._name}", fmt.format("Attribute", "Code", "Meaning"),
                    fmt.format("---------", "----", "-------")]
            body = [fmt.format(k, c.value, c.meaning) for k, c in members]
        return "\n".join([*head, "\n".join(body)])


class _Standard(Mapping[str, Collection]):
    """Every scheme and CID of PS3.16 by name, each Collection made on first use."""

    def __init__(self) -> None:
        self._made: dict[str, Collection] = {}

    def _names(self) -> list[str]:
        return _data.scheme_names() + [f"CID{n}" for n in _data.cid_names()]

    def __getitem__(self, name: str) -> Collection:
        made = self._made.get(name)
        if made is not None:
            return made
        if name[:3] == "CID":
            # Only the canonical spelling is a key ("CID7151", not "CID07151").
            digits = name[3:]
            if not digits.isdigit() or str(int(digits)) != digits:
                raise KeyError(name)
        elif name not in _data.scheme_names():
            raise KeyError(name)
        try:
            made = Collection(name)
        except (KeyError, ValueError):
            raise KeyError(name) from None
        return self._made.setdefault(name, made)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


class Concepts:
    """The available collections, as attributes: ``codes.SCT``, ``codes.cid7151``.

    ``Concepts(collections)`` takes a list of :class:`Collection`, as pydicom's;
    ``Concepts()`` (what ``codes`` is) has every scheme and CID of PS3.16.
    """

    def __init__(self, collections: Iterable[Collection] | None = None) -> None:
        self._collections: Mapping[str, Collection]
        if collections is None:
            self._collections = _Standard()
        else:
            self._collections = {c.name: c for c in collections}

    def __reduce__(self) -> str | tuple[Any, ...]:
        if self is codes:
            return "codes"
        if isinstance(self._collections, _Standard):
            return type(self), ()
        return type(self), (list(self._collections.values()),)

    @property
    def collections(self) -> KeysView[str]:
        """The names of the available collections."""
        return self._collections.keys()

    def __getattr__(self, name: str) -> Collection:
        """The collection named ``name``: a scheme designator or ``CID``/``cid`` + number."""
        if name[:1] == "_":
            msg = f"'{type(self).__name__}' object has no attribute '{name}'"
            raise AttributeError(msg)
        key = f"CID{name[3:]}" if name[:3].upper() == "CID" else name
        try:
            collection = self._collections[key]
        except KeyError:
            msg = (f"'{type(self).__name__}' object has no attribute '{name}': no such coding"
                   " scheme or CID (see codes.schemes() and codes.CIDs())")
            raise AttributeError(msg) from None
        # Later reads find it in the instance dict and skip __getattr__ entirely.
        self.__dict__[name] = collection
        return collection

    def schemes(self) -> list[str]:
        """The names of the available coding schemes."""
        return [c for c in self._collections if not c.startswith("CID")]

    def CIDs(self) -> list[str]:
        """The names of the available CIDs (``"CID2"``, ...)."""
        return [c for c in self._collections if c.startswith("CID")]

    def __dir__(self) -> list[str]:
        """The class's methods and properties and every collection name."""
        return sorted(set(dir(type(self))) | set(self._collections))

    def trait_names(self) -> list[str]:
        """IPython's completion hook: :func:`dir` of ``codes``."""
        return dir(self)


#: Every coding scheme and CID of PS3.16 (``codes.SCT.Liver``, ``codes.cid7151.Liver``).
codes = Concepts()


def __getattr__(name: str) -> Any:
    """pydicom's module globals, built on first access."""
    if name in ("CONCEPTS", "concepts"):
        from ._concepts_dict import concepts

        return concepts
    if name in ("name_for_cid", "CID_CONCEPTS", "cid_concepts"):
        from . import _cid_dict

        return _cid_dict.name_for_cid if name == "name_for_cid" else _cid_dict.cid_concepts
    if name == "cid_for_name":
        from ._cid_dict import name_for_cid

        return {v: k for k, v in name_for_cid.items()}
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)

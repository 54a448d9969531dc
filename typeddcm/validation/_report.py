"""Findings and reports: what every validation check produces (issue 11).

A check looks at a dataset and yields :class:`Finding` objects; :class:`Report` is the
findings about one file, in the order found, with the counts a tool needs (errors decide
the exit status).  Both are frozen attrs classes: reports of many files are built in
worker processes and pickled back, and a finding never changes once made.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator

import attrs

__all__ = ["Finding", "Report", "Severity"]


class Severity(enum.IntEnum):
    """How much a finding matters; ordered, so ``max()`` of findings is the worst."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@attrs.frozen
class Finding:
    """One thing a check found.

    ``path`` is the tag path of the attribute (``"(0040,0275)[0](0008,0100)"``; ``""``
    for the file or dataset as a whole); ``rule`` a short stable identifier of what was
    checked (``"vr"``, ``"vm"``, ``"value"``, ``"type1"``, ``"type2"``, ``"module"``,
    ``"not-in-iod"``, ``"conditional"``, ``"retired"``, ``"private-creator"``,
    ``"group-length"``, ``"file-meta"``, ``"transfer-syntax"`` ...); ``message`` one
    sentence a person reads; ``reference`` where the rule comes from (``"PS3.5 6.2"``,
    ``"PS3.3 C.7.6.3 Image Pixel Module"``); ``offset`` the byte offset in the file
    when known.
    """

    severity: Severity
    rule: str
    message: str
    path: str = ""
    reference: str = ""
    offset: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        ref = f" [{self.reference}]" if self.reference else ""
        return f"{self.severity}: {where}{self.message}{ref}"

    def to_json(self) -> dict[str, str | int | None]:
        """A JSON-ready dict (``--json`` output)."""
        return {"severity": str(self.severity), "rule": self.rule, "message": self.message,
                "path": self.path, "reference": self.reference, "offset": self.offset}


@attrs.frozen
class Report:
    """The findings about one file (``source``: its path, or ``""``), in the order found.

    ``unreadable`` holds the reason when the file could not be read at all (then there
    are no findings about its content).
    """

    source: str
    findings: tuple[Finding, ...] = ()
    unreadable: str | None = None

    @classmethod
    def of(cls, source: str, findings: Iterable[Finding]) -> Report:
        return cls(source, tuple(findings))

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def ok(self) -> bool:
        """Readable and without errors (warnings and infos allowed)."""
        return self.unreadable is None and not self.errors

    def by_rule(self, rule: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.rule == rule)

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "unreadable": self.unreadable,
                "errors": self.count(Severity.ERROR), "warnings": self.count(Severity.WARNING),
                "infos": self.count(Severity.INFO),
                "findings": [f.to_json() for f in self.findings]}

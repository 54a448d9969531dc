"""Shared state of one dataset level while reading: buffer, encoding, path, options.

Strategy: every element read from a level points at one :class:`Level` (not a
copy of it), so the per-element cost is a small record of offsets.  A level's
encoding changes only when its Specific Character Set appears; elements read
before that keep the encoding they were read under.  Every level of one read
shares one :class:`ReadLog`, where leniencies are recorded (by ``read()`` and by
values decoded later) instead of being warned about on the spot.
"""

from __future__ import annotations

import sys
import warnings

import attrs

from typeddcm._mypyc import mypyc_attr
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.errors import ReadWarning

__all__ = ["UNCHECKED", "Encoding", "Level", "ReadLog", "ReadOptions"]

#: Deeper nesting than this is refused: no real file comes near it, and it keeps
#: hostile input from exhausting the stack.
MAX_DEPTH = 128


@attrs.frozen
class ReadOptions:
    """How to read: strictness, and which elements to skip or defer."""

    strict: bool = False
    stop_before_pixels: bool = False
    specific_tags: frozenset[int] | None = None
    defer_size: int | None = None
    #: Walk the headers inside sequences at read time (see ``typeddcm.read``).
    check: bool = True
    #: The most bytes a deflated dataset may inflate to; None: part10's default rule.
    max_inflated_size: int | None = None
    #: In explicit VR data, VR bytes that are not two letters A-Z are read as an
    #: implicit VR element (real files switch mid-dataset); False: as an unknown VR.
    implicit_vr_switch: bool = True
    #: In explicit VR data, a UN value whose VR the (private) dictionary knows is read as
    #: that VR (pydicom's default); False keeps it UN (its bytes).
    replace_un: bool = True


#: The options of ``read(check=False)``, made once.
UNCHECKED = ReadOptions(check=False)


def _ours(module: object) -> bool:
    return isinstance(module, str) and (module == "typeddcm" or module.startswith("typeddcm."))


def _warn_at_caller(record: ReadWarning) -> None:
    """``warnings.warn(record)`` attributed to the nearest caller outside typeddcm (the
    depth of our own frames varies: ``read()``, or any first access to a value)."""
    # Frame 0 is this function's frame, or, when mypyc compiled it (compiled functions
    # have no frames), the nearest Python frame: either way the one stacklevel 1 names.
    frame = sys._getframe(0)
    level = 1
    while frame.f_back is not None and _ours(frame.f_globals.get("__name__")):
        frame = frame.f_back
        level += 1
    warnings.warn(record, stacklevel=level)


# Subclassed by typeddcm.compat (StagedLog), which is not compiled.
@mypyc_attr(allow_interpreted_subclasses=True)
class ReadLog:
    """The leniency warnings of one read, shared by all its levels (and kept by the file).

    ``add`` records a warning; the same problem at the same offset is recorded
    once (a value can be scanned from two levels).  Until :meth:`finish`, records
    are only kept: ``decode_file`` calls it after the read, and it issues each
    with ``warnings.warn`` at the caller; a record added later (a value decoded
    lazily) is issued as it comes.  Records are never removed.
    """

    __slots__ = ("source", "_records", "_seen", "_live")

    def __init__(self, source: str = "<bytes>") -> None:
        self.source = source
        self._live = False
        # Made at the first record: one log is made per read, most stay empty.
        self._records: list[ReadWarning] | None = None
        self._seen: set[tuple[type[ReadWarning], str, int | None]] | None = None

    def add(self, category: type[ReadWarning], problem: str, path: str, offset: int | None,
            tag: int | None = None) -> None:
        """Record a warning (issue it too, after ``finish``), unless it is one already."""
        key = (category, problem, offset)
        if self._records is None or self._seen is None:
            self._records, self._seen = [], set()
        elif key in self._seen:
            return
        self._seen.add(key)
        record = category(problem, path=path, offset=offset, source=self.source, tag=tag)
        self._records.append(record)  # list.append is atomic: threads may decode at once
        if self._live:
            _warn_at_caller(record)

    def finish(self) -> None:
        """Issue what was recorded so far; later records are issued when added."""
        if not self._live:
            self._live = True
            for record in self._records or ():
                _warn_at_caller(record)

    @property
    def records(self) -> tuple[ReadWarning, ...]:
        """The records so far, in the order they were found."""
        return tuple(self._records or ())

    def __len__(self) -> int:
        return len(self._records or ())

    def __repr__(self) -> str:
        return f"<ReadLog {self.source!r}: {len(self)} warnings>"


@attrs.frozen
class Encoding:
    """How values of a level are encoded."""

    little_endian: bool
    implicit_vr: bool
    charset: CharacterSet = DEFAULT_CHARACTER_SET

    def with_charset(self, charset: CharacterSet) -> Encoding:
        return Encoding(self.little_endian, self.implicit_vr, charset)


class Level:
    """One dataset level being read: the buffer, its encoding and its place in the file."""

    __slots__ = ("buffer", "encoding", "path", "depth", "options", "pixel_representation",
                 "bits_allocated", "sequence_ends", "log", "sequences", "initial")

    #: What a warning with no element to blame calls the place (see ``MetaLevel``).
    label = "top level"

    def __init__(
        self,
        buffer: memoryview,
        encoding: Encoding,
        path: str,
        depth: int,
        options: ReadOptions,
        pixel_representation: int | None = None,
        bits_allocated: int | None = None,
        sequence_ends: dict[int, tuple[int, int]] | None = None,
        log: ReadLog | None = None,
    ) -> None:
        self.buffer = buffer
        self.encoding = encoding
        self.path = path
        self.depth = depth
        self.options = options
        # Context for the ambiguous VRs of implicit VR files (PS3.5 A.1, PS3.3 C.7.6.3):
        # inherited from the enclosing level, overridden by the level's own elements.
        self.pixel_representation = pixel_representation
        self.bits_allocated = bits_allocated
        # The state the level began in: reading its bytes again exactly (typeddcm._pickle)
        # needs the inherited encoding and context, which its own elements may override.
        self.initial = (encoding, pixel_representation, bits_allocated)
        # Ends of undefined-length values found by scanning, shared by every level of
        # one buffer: a nested sequence is scanned once, not once per enclosing level.
        self.sequence_ends = {} if sequence_ends is None else sequence_ends
        # Where this read's warnings go (one log for every level of a read).
        self.log = ReadLog() if log is None else log
        # When a list: the tags of the sequences read at this level, for the read-time
        # check of what is inside them (set by decode_file on the top level only).
        self.sequences: list[int] | None = None

    def child(self, path: str, encoding: Encoding | None = None) -> Level:
        """The level of a sequence item inside this one."""
        return Level(self.buffer, encoding or self.encoding, path, self.depth + 1, self.options,
                     self.pixel_representation, self.bits_allocated, self.sequence_ends,
                     self.log)


class MetaLevel(Level):
    """The file meta information's level (only its label differs)."""

    __slots__ = ()
    label = "file meta"

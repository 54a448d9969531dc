"""Shared state of one dataset level while reading: buffer, encoding, path, options.

Strategy: every element read from a level points at one :class:`Level` (not a
copy of it), so the per-element cost is a small record of offsets.  A level's
encoding changes only when its Specific Character Set appears; elements read
before that keep the encoding they were read under.
"""

from __future__ import annotations

import attrs

from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet

__all__ = ["Encoding", "Level", "ReadOptions"]

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
                 "bits_allocated", "sequence_ends")

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
        # Ends of undefined-length values found by scanning, shared by every level of
        # one buffer: a nested sequence is scanned once, not once per enclosing level.
        self.sequence_ends = {} if sequence_ends is None else sequence_ends

    def child(self, path: str, encoding: Encoding | None = None) -> Level:
        """The level of a sequence item inside this one."""
        return Level(self.buffer, encoding or self.encoding, path, self.depth + 1, self.options,
                     self.pixel_representation, self.bits_allocated, self.sequence_ends)

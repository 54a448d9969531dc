"""FileSource: what the writer needs to give back the bytes of a file read unchanged.

In a module of its own, which mypyc does not compile: mypyc (2.4) cannot build a
NamedTuple class whose fields are annotated ``memoryview`` (KeyError at import), and
``typeddcm.codec.part10``, which makes one per file read, is compiled.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["FileSource"]


class FileSource(NamedTuple):
    """What the writer needs to give back the bytes of a file read unchanged.

    A NamedTuple rather than an attrs class: one is made per file read, and a tuple
    is built in C.
    """

    buffer: memoryview  # the whole input
    magic_offset: int | None  # where "DICM" was (128, 0) or None when absent
    meta_start: int
    meta_end: int
    dataset_start: int  # in the input buffer
    compressed: memoryview | None  # the deflated bytes as read, for deflated syntaxes
    tail: memoryview  # unread bytes after the dataset (lenient reads of truncated data)

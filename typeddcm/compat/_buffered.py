"""Buffered element values (pydicom 3): an open binary file object as a bulk value.

pydicom 3 takes an ``io.BufferedIOBase`` (a file opened "rb", a BytesIO ...) as the
value of an OB, OD, OF, OL, OV or OW element; the element's value stays that object
and its bytes are read from it when they are needed (written, compared, decoded).

Here the core holds such a value as a bulk VR object of the element's VR that keeps
the buffer (:class:`BufferedValue` subclasses, one per VR): everything that reads the
value's bytes (the writer, ``vr.data``, equality, pixel decoding) reads the buffer at
that time, from its start, leaving its position where it was.  The buffer is checked
(open, readable, seekable) when it is given and at each read, with pydicom's errors.
The core is otherwise immutable; a buffered value is the one thing in it that changes
when the user changes the buffer, which is what pydicom 3 documents for such values.
"""

from __future__ import annotations

import copy
import io
import os
from typing import Any, ClassVar, SupportsIndex, cast

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import SQ, AnyVR
from typeddcm.vr.bulk import OB, OD, OF, OL, OV, OW, _Bulk

__all__ = ["BUFFERABLE_VRS", "BufferedValue", "buffered_vr", "check_buffered", "copy_buffers",
           "is_buffer", "made_any"]

#: The VRs whose value may be a buffer (pydicom 3's list).
BUFFERABLE_VRS = ("OB", "OD", "OF", "OL", "OV", "OW")

#: Whether any buffered value was ever made in this process: a deep copy looks for
#: buffers to copy only then (most programs never make one; the walk is skipped).
_made: list[bool] = [False]


def made_any() -> bool:
    """True once a buffered value was made (then deep copies look for buffers)."""
    return _made[0]


def is_buffer(value: object) -> bool:
    """Whether ``value`` is what pydicom 3 takes as a buffered value."""
    return isinstance(value, io.BufferedIOBase)


def _label(tag: int) -> str:
    from .dataelem import DataElement
    from .tag import Tag

    name = DataElement(tag, "UN", None, already_converted=True).name
    return f"{Tag(tag)} '{name}'"


def _problem(buffer: io.BufferedIOBase) -> str | None:
    """What makes ``buffer`` unusable (pydicom's words), or None."""
    if buffer.closed:
        return "the buffer has been closed"
    if not buffer.readable() or not buffer.seekable():
        return "the buffer must be readable and seekable"
    return None


def check_buffered(tag: int, code: str, buffer: io.BufferedIOBase) -> None:
    """ValueError unless ``code`` may hold a buffer and ``buffer`` is open, readable
    and seekable (the element named as pydicom names it)."""
    if code not in BUFFERABLE_VRS and code != "OB or OW":  # (7FE0,0010)'s dictionary VR too
        msg = (f"Elements with a VR of '{code}' cannot be used with buffered values, "
               f"supported VRs are: {', '.join(BUFFERABLE_VRS)}")
        raise ValueError(msg)
    problem = _problem(buffer)
    if problem is not None:
        msg = f"Invalid buffer for {_label(tag)}: {problem}"
        raise ValueError(msg)


def read_whole(buffer: io.BufferedIOBase) -> bytes:
    """All of ``buffer`` from its start; its position is put back."""
    position = buffer.tell()
    try:
        buffer.seek(0)
        return buffer.read()
    finally:
        buffer.seek(position)


class BufferedValue(_Bulk):
    """A bulk value whose bytes are the content of a buffer, read at each use."""

    __slots__ = ("buffer", "tag")
    buffer: io.BufferedIOBase  # the buffer given (kept: the element's value)
    tag: int  # the element's tag (named in errors)

    #: The plain VR class of the same code (what the bytes alone would make).
    plain: ClassVar[type[_Bulk]]

    def __init__(self, buffer: io.BufferedIOBase, tag: int = 0) -> None:
        object.__setattr__(self, "buffer", buffer)
        object.__setattr__(self, "tag", tag)
        object.__setattr__(self, "byteorder", "<")
        _made[0] = True

    @property
    def data(self) -> memoryview:
        """The buffer's whole content now (ValueError if it is closed or unusable)."""
        problem = _problem(self.buffer)
        if problem is not None:
            msg = f"Invalid buffer for {_label(self.tag)}: {problem}"
            raise ValueError(msg)
        return memoryview(read_whole(self.buffer)).toreadonly()

    @property
    def nbytes(self) -> int:
        """The buffer's length (its content is not read)."""
        position = self.buffer.tell()
        try:
            return int(self.buffer.seek(0, os.SEEK_END))
        finally:
            self.buffer.seek(position)

    def validate(self, *, strict: bool = True) -> None:
        """A buffered value is checked as a buffer: its content is written as it is."""
        check_buffered(self.tag, self.code, self.buffer)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, _Bulk) or other.code != self.code:
            return NotImplemented
        if other is self:
            return True
        return self.tobytes() == other.tobytes()

    def __hash__(self) -> int:
        return id(self)  # its content may change: by identity

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.buffer!r})"

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The buffer itself is pickled (a BytesIO can be; an open file cannot: TypeError).
        return (_rebuild, (type(self), self.buffer, self.tag))

    def copied(self, memo: dict[int, Any]) -> BufferedValue:
        """A value over a deep copy of the buffer (pydicom's error types, the element
        named, when the buffer cannot be copied)."""
        try:
            buffer = copy.deepcopy(self.buffer, memo)
        except (TypeError, ValueError) as exc:
            msg = f"Error deepcopying the buffered element {_label(self.tag)}: {exc}"
            raise type(exc)(msg) from exc
        return type(self)(buffer, self.tag)


def _rebuild(cls: type[BufferedValue], buffer: io.BufferedIOBase, tag: int) -> BufferedValue:
    return cls(buffer, tag)


def _buffered_class(plain: type[_Bulk]) -> type[BufferedValue]:
    return type(f"Buffered{plain.code}", (BufferedValue, plain), {
        "__slots__": (), "plain": plain, "__module__": __name__,
        "__doc__": f"{plain.code} whose value is a buffer, read at each use."})


# Module names (pickle finds a class by its module and name).
BufferedOB = _buffered_class(OB)
BufferedOD = _buffered_class(OD)
BufferedOF = _buffered_class(OF)
BufferedOL = _buffered_class(OL)
BufferedOV = _buffered_class(OV)
BufferedOW = _buffered_class(OW)
_CLASSES: dict[str, type[BufferedValue]] = {cls.plain.code: cls for cls in (
    BufferedOB, BufferedOD, BufferedOF, BufferedOL, BufferedOV, BufferedOW)}


def buffered_vr(tag: int, code: str, buffer: io.BufferedIOBase) -> AnyVR:
    """The core value for ``buffer`` set as element ``tag`` of VR ``code`` (checked):
    an instance of a subclass of the VR's class (a BufferedOB is an OB)."""
    check_buffered(tag, code, buffer)
    return cast("AnyVR", _CLASSES[code.split(" or ")[0]](buffer, tag))


def copy_buffers(core: CoreDataset, memo: dict[int, Any]) -> CoreDataset:
    """``core`` with every buffered value (at any depth) over a deep copy of its buffer.

    Only decoded elements are looked at: a value still as read from a file cannot be a
    buffer, and is not decoded by this walk.
    """
    new = core
    for element in core.elements():
        if not element.is_decoded:
            continue
        vr = element.vr
        if isinstance(vr, BufferedValue):
            copied = cast("AnyVR", vr.copied(memo))  # a BufferedOB ... is an OB ...
            new = new.set(CoreTag(int(element.tag)), element._evolve(copied))
        elif isinstance(vr, SQ) and vr.values:
            items = [copy_buffers(item, memo) for item in vr.values]
            if any(a is not b for a, b in zip(items, vr.values, strict=True)):
                new = new.set(CoreTag(int(element.tag)), element._evolve(SQ(items)))
    return new

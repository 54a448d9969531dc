"""pydicom's ``tag`` module: ``Tag()``, ``BaseTag`` and the item/delimiter tags.

``BaseTag`` subclasses the core :class:`typeddcm.tag.Tag` (itself an ``int``), so
every core API that takes a tag takes a ``BaseTag`` as it is.  What it adds is
pydicom's surface: ``str()`` *and* ``repr()`` give ``(0010, 0010)``, ``elem``,
``json_key``, ``private_creator``, and comparisons with anything ``Tag()`` accepts
(``tag == (0x10, 0x10)``, ``tag == "PatientName"``; ``False`` when the other side
is not a tag at all, ``TypeError`` for ``<`` and friends).

``Tag(arg, arg2=None)`` accepts what pydicom 3 accepts and raises what it raises:

* an ``int`` (``bool`` and numpy integers too): ``OverflowError`` above
  0xFFFFFFFF, ``ValueError`` below 0;
* two ints, or a 2-tuple/list of ints or of hex strings (``("0x10", "0x10")``):
  ``OverflowError`` when the group or element exceeds 0xFFFF, ``ValueError`` when
  the combined value is negative, ``TypeError`` for mixed types, ``ValueError``
  for any other length;
* a ``str``: first read as hexadecimal (``"00100010"``, ``"0x00100010"``), else a
  dictionary keyword (``"PatientName"``); ``ValueError`` when neither.

Deliberate differences from pydicom 3 (each pinned by a test):

* ``str()``/``repr()`` are the reference's ``(7fe0, 0010)`` (lower case, a space
  after the comma, as pydicom 1.x and 2.x print and the reference's examples
  show); pydicom 3 prints ``(7FE0,0010)``, as the core ``Tag`` does.

* ``Tag(1.5)`` is a ``TypeError``; pydicom truncates a float to a tag.
* ``is_private`` is the core's (PS3.5 7.1): the odd groups 0001, 0003, 0005,
  0007 and FFFF are not private (pydicom calls every odd group private).
"""

from __future__ import annotations

import operator
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypeAlias

from typeddcm.dictionary import tag_for_keyword
from typeddcm.errors import InvalidTagError
from typeddcm.tag import Tag as _CoreTag

__all__ = [
    "BaseTag",
    "ItemDelimiterTag",
    "ItemTag",
    "SequenceDelimiterTag",
    "TAG_CHARSET",
    "TAG_PIXREP",
    "Tag",
    "TagListType",
    "TagType",
    "TupleTag",
    "tag_in_exception",
]

# Real aliases (not strings): pydicom code writes ``TagListType | None`` in annotations
# that are evaluated at run time.
#: Everything ``Tag()`` accepts (a list of two is accepted as well as a tuple).
TagType: TypeAlias = int | str | tuple[int, int] | tuple[str, str] | list[int] | list[str]

_MAX = 0xFFFFFFFF


class BaseTag(_CoreTag):
    """A DICOM tag as pydicom shows it: an int that prints as ``(gggg,eeee)``."""

    __slots__ = ()

    def __new__(cls, value: int) -> BaseTag:
        number = operator.index(value)
        if not 0 <= number <= _MAX:
            msg = f"tag {number:#x} is out of range 0..0xFFFFFFFF"
            raise InvalidTagError(msg)
        return int.__new__(cls, number)

    @property
    def elem(self) -> int:
        """The element number (pydicom's short spelling of ``element``)."""
        return int(self) & 0xFFFF

    @property
    def json_key(self) -> str:
        """The tag as a DICOM JSON key, ``"GGGGEEEE"`` (PS3.18 F.2)."""
        return f"{int(self):08X}"

    @property
    def private_creator(self) -> BaseTag:
        """The private creator tag (gggg,00BB) of this private tag (gggg,BBxx).

        Meaningless (as in pydicom) for a tag that is not private.
        """
        value = int(self)
        return BaseTag((value & 0xFFFF0000) | ((value & 0xFFFF) >> 8))

    def __str__(self) -> str:
        # The reference's format (pydicom 1.x and 2.x); pydicom 3 prints "(0010,0010)".
        value = int(self)
        return f"({value >> 16:04x}, {value & 0xFFFF:04x})"

    __repr__ = __str__

    def __reduce__(self) -> tuple[type[BaseTag], tuple[int]]:
        return (BaseTag, (int(self),))

    # Comparisons: the other side may be anything Tag() accepts.
    def __eq__(self, other: object) -> bool:
        if isinstance(other, int):  # the common case (tags, ints): int's own comparison
            return int.__eq__(self, other)
        if isinstance(other, float):
            return int(self) == other
        try:
            return int(self) == int(Tag(other))  # type: ignore[arg-type]
        except (TypeError, ValueError, OverflowError):
            return False

    def __ne__(self, other: object) -> bool:
        if isinstance(other, int):
            return int.__ne__(self, other)
        return not self == other

    __hash__ = int.__hash__

    def __lt__(self, other: object) -> bool:
        return int(self) < _other_value(other)

    def __le__(self, other: object) -> bool:
        return int(self) <= _other_value(other)

    def __gt__(self, other: object) -> bool:
        return int(self) > _other_value(other)

    def __ge__(self, other: object) -> bool:
        return int(self) >= _other_value(other)


#: A list of tags in any form ``Tag()`` accepts.
TagListType: TypeAlias = list[int] | list[str] | list[tuple[int, int]] | list[BaseTag]


def _other_value(other: object) -> int:
    if isinstance(other, int):
        return int(other)
    try:
        return int(Tag(other))  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        msg = "Cannot compare Tag with non-Tag item"
        raise TypeError(msg) from None


def _as_int(value: object) -> int:
    """``value`` as an int if it is one (numpy integers too), else TypeError."""
    if isinstance(value, int):
        return int(value)
    try:
        return operator.index(value)  # type: ignore[arg-type]
    except TypeError:
        msg = f"Unable to create an element tag from '{value!r}': a tag must be an int, a str or a 2-tuple"
        raise TypeError(msg) from None


def _from_pair(first: object, second: object) -> int:
    pair = (first, second)
    if isinstance(first, str) and isinstance(second, str):
        try:
            group, element = int(first, 16), int(second, 16)
        except ValueError:
            msg = f"Unable to create an element tag from '{pair}': not hexadecimal numbers"
            raise ValueError(msg) from None
    elif not isinstance(first, str) and not isinstance(second, str):
        group, element = _as_int(first), _as_int(second)
    else:
        msg = (
            f"Unable to create an element tag from '{pair}': both arguments must be "
            "the same type and str or int"
        )
        raise TypeError(msg)
    if group > 0xFFFF or element > 0xFFFF:
        msg = (
            f"Unable to create an element tag from '{pair}': the group and element "
            "values are limited to a maximum of 2-bytes each"
        )
        raise OverflowError(msg)
    return (group << 16) | element


def _from_str(text: str) -> int:
    try:
        value = int(text, 16)
    except ValueError:
        found = tag_for_keyword(text)
        if found is None:
            msg = (
                f"Unable to create an element tag from '{text}': unknown DICOM element "
                "keyword or an invalid int"
            )
            raise ValueError(msg) from None
        return found
    if value > _MAX:
        msg = (
            f"Unable to create an element tag from '{value}': the combined group and "
            "element values are limited to a maximum of 4-bytes"
        )
        raise OverflowError(msg)
    return value


def Tag(arg: TagType | BaseTag | _CoreTag, arg2: int | None = None) -> BaseTag:
    """Make a :class:`BaseTag` from an int, (group, element), two ints, hex text or a keyword."""
    if type(arg) is BaseTag and arg2 is None:
        return arg
    value: int
    if arg2 is not None:
        value = _from_pair(arg, arg2)
    elif isinstance(arg, (tuple, list)):
        if len(arg) != 2:
            msg = "Tag must be an int or a 2-tuple"
            raise ValueError(msg)
        value = _from_pair(arg[0], arg[1])
    elif isinstance(arg, str):
        value = _from_str(arg)
    else:
        value = _as_int(arg)
        if value > _MAX:
            msg = (
                f"Unable to create an element tag from '{value}': the combined group and "
                "element values are limited to a maximum of 4-bytes"
            )
            raise OverflowError(msg)
    if value < 0:
        msg = f"Unable to create an element tag from '{value}': tags must be positive"
        raise ValueError(msg)
    return BaseTag(value)


def TupleTag(group_elem: tuple[int, int]) -> BaseTag:
    """A :class:`BaseTag` from a (group, element) pair known to be in range (no checks)."""
    return BaseTag((group_elem[0] << 16) | group_elem[1])


#: (FFFE,E000) Item.
ItemTag = BaseTag(0xFFFEE000)
#: (FFFE,E00D) Item Delimitation Item.
ItemDelimiterTag = BaseTag(0xFFFEE00D)
#: (FFFE,E0DD) Sequence Delimitation Item.
SequenceDelimiterTag = BaseTag(0xFFFEE0DD)
#: (0028,0103) Pixel Representation.
TAG_PIXREP = BaseTag(0x00280103)
#: (0008,0005) Specific Character Set.
TAG_CHARSET = BaseTag(0x00080005)


@contextmanager
def tag_in_exception(tag: int) -> Iterator[None]:
    """Re-raise an exception from the block with the tag and traceback in its message.

    The new exception is of the same type, chained to the original.  An exception
    type that cannot be built from one message (one with required extra arguments)
    is re-raised as it was, with the tag added as a note.
    """
    try:
        yield
    except Exception as exc:
        where = str(Tag(tag))
        message = f"With tag {where} got exception: {exc}\n{traceback.format_exc()}"
        replacement: Exception | None
        try:
            replacement = type(exc)(message)
        except Exception:  # the type wants other arguments: keep it, add a note
            replacement = None
        if replacement is None:
            exc.add_note(f"With tag {where}")
            raise
        raise replacement from exc

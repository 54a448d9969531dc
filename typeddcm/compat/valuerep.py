"""Values as pydicom shows them: DSfloat, IS, PersonName, MultiValue, and DA/DT/TM.

The core's VR objects hold natural values already (DSNumber keeps its text,
PersonName its groups); these subclasses only add what pydicom code looks at: the
``repr`` pydicom prints ('1.50', 'CITIZEN^Joan'), MultiValue's list shape and str,
and date/time classes for ``config.datetime_conversion``.
"""

from __future__ import annotations

import datetime
import decimal
from collections.abc import Iterable
from typing import Any, SupportsIndex, TypeVar

from typeddcm.vr.numeric_string import DSNumber, ISNumber
from typeddcm.vr.person_name import PersonName as CorePersonName
from typeddcm.vr.temporal import Date, DateTime, Time

__all__ = ["DA", "DSdecimal", "DSfloat", "DT", "IS", "MultiValue", "PersonName", "TM"]

_T = TypeVar("_T")


class DSfloat(DSNumber):
    """A Decimal String value: a float that keeps the text it was read from."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(str(self))


class DSdecimal(decimal.Decimal):
    """A Decimal String value as a Decimal (``config.DS_decimal(True)``), keeping its text."""

    original_string: str

    def __new__(cls, value: str | float | decimal.Decimal) -> DSdecimal:
        text = str(value).strip()
        try:
            made = super().__new__(cls, text)
        except decimal.InvalidOperation:
            made = super().__new__(cls, "NaN")
        made.original_string = text
        return made

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return repr(self.original_string)


class IS(ISNumber):
    """An Integer String value: an int that keeps the text it was read from."""

    def __repr__(self) -> str:
        return repr(str(self))


class PersonName(CorePersonName):
    """A Person Name: components by attribute, compares equal to its text."""

    def __repr__(self) -> str:
        return repr(str(self))


class MultiValue(list[_T]):
    """Several values of one element, as a list (pydicom's MultiValue)."""

    def __str__(self) -> str:
        if not self:
            return ""
        parts = [repr(v) if isinstance(v, (str, bytes)) else str(v) for v in self]
        return f"[{', '.join(parts)}]"

    __repr__ = __str__

    def __setitem__(self, index: Any, value: Any) -> None:
        super().__setitem__(index, value)
        self._changed()

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        super().__delitem__(index)
        self._changed()

    def append(self, value: _T) -> None:
        super().append(value)
        self._changed()

    def extend(self, values: Iterable[_T]) -> None:
        super().extend(values)
        self._changed()

    def insert(self, index: SupportsIndex, value: _T) -> None:
        super().insert(index, value)
        self._changed()

    def __reduce__(self) -> tuple[Any, ...]:
        # As a free-standing list of its values: the element it writes back to (a
        # closure over a dataset) means nothing in another process.
        return (type(self), (list(self),))

    def _changed(self) -> None:
        # A MultiValue taken from an element writes its changes back (pydicom code
        # does ``ds.ImageType.append("X")``); a free-standing one has no owner.
        owner = getattr(self, "_owner", None)
        if owner is not None:
            owner(list(self))


class DA(datetime.date):
    """A DA value as a date (config.datetime_conversion), keeping its original text."""

    original_string: str

    def __str__(self) -> str:
        return self.original_string


class DT(datetime.datetime):
    """A DT value as a datetime (config.datetime_conversion), keeping its original text."""

    original_string: str

    def __str__(self) -> str:
        return self.original_string


class TM(datetime.time):
    """A TM value as a time (config.datetime_conversion), keeping its original text."""

    original_string: str

    def __str__(self) -> str:
        return self.original_string


def ds_value(value: DSNumber, as_decimal: bool = False) -> DSfloat | DSdecimal:
    if as_decimal:
        return DSdecimal(value.text)
    return DSfloat._make(value.text, float(value))


def is_value(value: ISNumber) -> IS:
    return IS._make(value.text, int(value))


def person_name(value: CorePersonName) -> PersonName:
    return PersonName(str(value))


def temporal(value: Date | Time | DateTime) -> Any:
    """A DA/TM/DT value as a date, time or datetime subclass; its text if not representable."""
    text = value.text
    try:
        if isinstance(value, Date):
            native: Any = value.to_date()
            made: Any = DA(native.year, native.month, native.day)
        elif isinstance(value, Time):
            native = value.to_time()
            made = TM(native.hour, native.minute, native.second, native.microsecond,
                      native.tzinfo)
        else:
            native = value.to_datetime()
            made = DT(native.year, native.month, native.day, native.hour, native.minute,
                      native.second, native.microsecond, native.tzinfo)
    except (ValueError, AttributeError, TypeError):
        return text
    made.original_string = text
    return made

"""Dates and times: the :class:`Date`, :class:`Time` and :class:`DateTime` values, VRs DA, TM, DT.

Strategy: a value keeps its DICOM text, so writing is lossless, and the parts the
text gives (year ... microsecond, UTC offset) at the precision it has: ``"2020"``
is a DT of year precision, not 2020-01-01.  ``to_date()`` / ``to_time()`` /
``to_datetime()`` fill what is missing (month and day 1, time parts 0).

Three levels of conformance:

* ``X(text)`` accepts every text that gives a value: the PS3.5 forms, surrounding
  spaces, a fraction of more than 6 digits (cut to microseconds), and the legacy
  ACR-NEMA forms ``YYYY.MM.DD`` (DA) and ``HH:MM:SS.F`` (TM), plus a DA of year or
  month precision.  It raises :class:`InvalidValueError` for anything else
  (``"20201301"``: month 13).
* ``X.parse_lenient(text)`` never raises: it is what the codec calls on values
  read from a file.  A text without a value is kept as it is, every part is
  ``None``, ``is_valid`` is False, and ``to_date()`` and friends raise
  :class:`InvalidValueError` naming the rule.
* ``validate(strict=True)`` (and the DA, DT and TM constructors) require the exact
  form of PS3.5 Table 6.2-1: length (DA 8, TM 14, DT 26), characters, syntax, ranges.

Equality and hash follow the text, and a value equals the ``str`` of its text
(``ds.StudyDate == "20200102"``).  Compare parts or ``to_date()`` for calendar
equality.  DA takes no ``datetime.datetime`` (a ``date`` subclass): the time part
would be silently lost, so it is a ``TypeError`` that says to pass ``dt.date()``.
A leap second (second 60) is valid; ``to_time()`` and ``to_datetime()`` give it
as second 59, since ``datetime`` cannot hold it.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Literal, NoReturn, Self, TypeAlias, TypeVar

import attrs

from typeddcm.errors import InvalidValueError
from typeddcm.vr._base import VR

__all__ = [
    "DA",
    "DT",
    "TM",
    "DAInput",
    "DTInput",
    "Date",
    "DatePrecision",
    "DateTime",
    "DateTimePrecision",
    "TMInput",
    "Time",
    "TimePrecision",
]

DatePrecision: TypeAlias = Literal["year", "month", "day"]
TimePrecision: TypeAlias = Literal["hour", "minute", "second", "fraction"]
DateTimePrecision: TypeAlias = Literal[
    "year", "month", "day", "hour", "minute", "second", "fraction"
]

_PAD = " \x00"

_DA_STRICT = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_DA_DOTTED = re.compile(r"[0-9]{4}\.[0-9]{2}\.[0-9]{2}")
_DA_LENIENT = re.compile(r"([0-9]{4})(?:\.?([0-9]{2})(?:\.?([0-9]{2}))?)?")
_DA_CHARS = re.compile(r"[0-9]*")

_TM_STRICT = re.compile(r"([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:\.([0-9]{1,6}))?)?)? *")
_TM_LENIENT = re.compile(r"([0-9]{2})(?::?([0-9]{2})(?::?([0-9]{2})(?:\.([0-9]*))?)?)?")
_TM_CHARS = re.compile(r"[0-9.]*[ ]*")

_DT_STRICT = re.compile(
    r"([0-9]{4})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})"
    r"(?:\.([0-9]{1,6}))?)?)?)?)?)?(?:([+-])([0-9]{2})([0-9]{2}))? *"
)
_DT_LENIENT = re.compile(
    r"([0-9]{4})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})(?:([0-9]{2})"
    r"(?:\.([0-9]*))?)?)?)?)?)?(?:([+-])([0-9]{2})([0-9]{2}))?"
)
_DT_CHARS = re.compile(r"[0-9.+\-]*[ ]*")

_Parts: TypeAlias = tuple[int | None, ...]


def _opt_int(text: str | None) -> int | None:
    return None if text is None else int(text)


def _check_date(vr: str, text: str, year: int, month: int | None, day: int | None) -> None:
    if year < 1:
        raise InvalidValueError(vr, text, "year must be 0001-9999")
    if month is not None and not 1 <= month <= 12:
        raise InvalidValueError(vr, text, "month must be 01-12")
    if month is not None and day is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise InvalidValueError(vr, text, f"day must be 01-{last} for {year:04d}-{month:02d}")


def _time_parts(
    vr: str,
    text: str,
    hour: str | None,
    minute: str | None,
    second: str | None,
    fraction: str | None,
) -> tuple[int | None, int | None, int | None, int | None, int]:
    """Range-check the time parts; returns hour, minute, second, microsecond, fraction digits."""
    h, m, s = _opt_int(hour), _opt_int(minute), _opt_int(second)
    if h is not None and h > 23:
        raise InvalidValueError(vr, text, "hour must be 00-23")
    if m is not None and m > 59:
        raise InvalidValueError(vr, text, "minute must be 00-59")
    if s is not None and s > 60:
        raise InvalidValueError(vr, text, "second must be 00-60 (60 is a leap second)")
    if not fraction:
        return h, m, s, None, 0
    digits = min(len(fraction), 6)
    return h, m, s, int(fraction[:6].ljust(6, "0")), digits


def _check_offset(vr: str, text: str, sign: str, hours: str, minutes: str, strict: bool) -> int:
    """The UTC offset ``&ZZXX`` in minutes, range-checked."""
    h, m = int(hours), int(minutes)
    if m > 59:
        raise InvalidValueError(vr, text, "UTC offset minutes must be 00-59")
    offset = (h * 60 + m) * (-1 if sign == "-" else 1)
    if strict and not -12 * 60 <= offset <= 14 * 60:
        raise InvalidValueError(vr, text, "UTC offset must be -1200 to +1400")
    if h > 23:
        raise InvalidValueError(vr, text, "UTC offset hours must be 00-23")
    return offset


_T = TypeVar("_T")


def _require(kind: type[_T], value: object, what: str) -> _T:
    # Typed ``object``: callers without a type checker pass anything.
    if not isinstance(value, kind):
        msg = f"{what}, not {type(value).__name__}"
        raise TypeError(msg)
    return value


def _reject_datetime(value: object) -> None:
    if isinstance(value, datetime.datetime):
        msg = "a datetime.datetime is not a DA value: pass its .date(), or use DT for both parts"
        raise TypeError(msg)


def _leap(second: int) -> int:
    # datetime cannot hold a leap second: give it as the last whole second.
    return 59 if second == 60 else second


class _Partial:
    """Shared behaviour of Date, Time and DateTime: the text and its parsed parts."""

    __slots__ = ("_parts", "_text")

    #: The VR the value belongs to, named in errors.
    _vr: ClassVar[str]

    _text: str
    _parts: _Parts | None

    def __init__(self, text: str) -> None:
        text = _require(str, text, f"a {type(self).__name__} is built from str")
        object.__setattr__(self, "_parts", self._parse(text, False))
        object.__setattr__(self, "_text", text)

    @classmethod
    def parse_lenient(cls, text: str) -> Self:
        """Parse without raising; a text without a value gives an object whose parts are None."""
        try:
            parts: _Parts | None = cls._parse(text, False)
        except InvalidValueError:
            parts = None
        return cls._make(text, parts)

    @classmethod
    def _make(cls, text: str, parts: _Parts | None) -> Self:
        obj = object.__new__(cls)
        object.__setattr__(obj, "_text", text)
        object.__setattr__(obj, "_parts", parts)
        return obj

    @classmethod
    def _parse(cls, text: str, strict: bool) -> _Parts:
        """The parts of ``text``; raise :class:`InvalidValueError` naming the rule it breaks."""
        raise NotImplementedError

    def _part(self, index: int) -> int | None:
        parts = self._parts
        return None if parts is None else parts[index]

    def _valid_parts(self) -> _Parts:
        parts = self._parts
        if parts is None:
            # Parse again for the rule that the text breaks.
            self._parse(self._text, False)
            raise InvalidValueError(self._vr, self._text, "no value")  # pragma: no cover
        return parts

    @property
    def text(self) -> str:
        """The value exactly as given or read."""
        return self._text

    @property
    def is_valid(self) -> bool:
        """True when the text gives a value (perhaps in a legacy, non-standard form)."""
        return self._parts is not None

    def validate(self, *, strict: bool = True) -> None:
        """Raise :class:`InvalidValueError` naming the rule the text breaks.

        ``strict=True`` requires the exact form of PS3.5 Table 6.2-1;
        ``strict=False`` only that the text gives a value.
        """
        self._parse(self._text, strict)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        name = type(self).__name__
        if self._parts is None:
            return f"{name}.parse_lenient({self._text!r})"
        return f"{name}({self._text!r})"

    def __eq__(self, other: object) -> bool:
        if type(other) is type(self):
            return self._text == other._text
        if isinstance(other, str):
            return self._text == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = f"{type(self).__name__} objects are immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = f"{type(self).__name__} objects are immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[Callable[[str], Self], tuple[str]]:
        return (type(self).parse_lenient, (self._text,))


class Date(_Partial):
    """A DA value: a date of year, month or day precision, with its text.

    ``Date("20200102")``, ``Date.from_date(datetime.date(2020, 1, 2))``.
    """

    __slots__ = ()
    _vr: ClassVar[str] = "DA"

    @classmethod
    def from_date(cls, value: datetime.date) -> Self:
        """The DA value ``YYYYMMDD`` of a ``datetime.date`` (not a ``datetime.datetime``)."""
        _reject_datetime(value)
        value = _require(datetime.date, value, "from_date takes a datetime.date")
        text = f"{value.year:04d}{value.month:02d}{value.day:02d}"
        return cls._make(text, (value.year, value.month, value.day))

    @classmethod
    def _parse(cls, text: str, strict: bool) -> _Parts:
        if strict:
            if _DA_DOTTED.fullmatch(text):
                rule = "the ACR-NEMA form YYYY.MM.DD is not standard; DA is YYYYMMDD"
                raise InvalidValueError("DA", text, rule)
            if len(text) > 8:
                raise InvalidValueError("DA", text, "longer than 8 characters")
            if _DA_CHARS.fullmatch(text) is None:
                raise InvalidValueError("DA", text, "only the digits 0-9 are allowed")
            match = _DA_STRICT.fullmatch(text)
            if match is None:
                raise InvalidValueError("DA", text, "must be YYYYMMDD")
        else:
            match = _DA_LENIENT.fullmatch(text.strip(_PAD))
            if match is None:
                raise InvalidValueError("DA", text, "not a date: must be YYYYMMDD")
        year, month, day = int(match[1]), _opt_int(match[2]), _opt_int(match[3])
        _check_date("DA", text, year, month, day)
        return (year, month, day)

    @property
    def year(self) -> int | None:
        """The year; None when the text is not a date."""
        return self._part(0)

    @property
    def month(self) -> int | None:
        """The month, 1-12; None when absent."""
        return self._part(1)

    @property
    def day(self) -> int | None:
        """The day of the month; None when absent."""
        return self._part(2)

    @property
    def precision(self) -> DatePrecision:
        """The smallest part the text gives: ``"day"`` for every standard DA."""
        parts = self._valid_parts()
        if parts[2] is not None:
            return "day"
        return "month" if parts[1] is not None else "year"

    def to_date(self) -> datetime.date:
        """The ``datetime.date``; missing month or day count as 1."""
        year, month, day = self._valid_parts()
        assert year is not None  # parsed dates always have a year
        return datetime.date(year, month or 1, day or 1)


class Time(_Partial):
    """A TM value: a time of hour, minute, second or fraction precision, with its text.

    ``Time("101530.25")``, ``Time.from_time(datetime.time(10, 15, 30, 250000))``.
    """

    __slots__ = ()
    _vr: ClassVar[str] = "TM"

    @classmethod
    def from_time(cls, value: datetime.time) -> Self:
        """The TM value ``HHMMSS`` (``HHMMSS.FFFFFF`` with microseconds) of a naive time."""
        value = _require(datetime.time, value, "from_time takes a datetime.time")
        if value.tzinfo is not None:
            rule = "TM has no UTC offset: use DT, or drop tzinfo"
            raise InvalidValueError("TM", value, rule)
        text = f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
        if value.microsecond:
            text += f".{value.microsecond:06d}"
            return cls._make(text, (value.hour, value.minute, value.second, value.microsecond, 6))
        return cls._make(text, (value.hour, value.minute, value.second, None, 0))

    @classmethod
    def _parse(cls, text: str, strict: bool) -> _Parts:
        if strict:
            if len(text) > 14:
                raise InvalidValueError("TM", text, "longer than 14 characters")
            if _TM_CHARS.fullmatch(text) is None:
                rule = "only the digits 0-9, '.' and trailing spaces are allowed"
                raise InvalidValueError("TM", text, rule)
            match = _TM_STRICT.fullmatch(text)
            if match is None:
                rule = "must be HH, HHMM, HHMMSS or HHMMSS.F with 1 to 6 fraction digits"
                raise InvalidValueError("TM", text, rule)
        else:
            match = _TM_LENIENT.fullmatch(text.strip(_PAD))
            if match is None:
                raise InvalidValueError("TM", text, "not a time: must be HHMMSS.FFFFFF or part")
        return _time_parts("TM", text, match[1], match[2], match[3], match[4])

    @property
    def hour(self) -> int | None:
        """The hour, 0-23; None when the text is not a time."""
        return self._part(0)

    @property
    def minute(self) -> int | None:
        """The minute; None when absent."""
        return self._part(1)

    @property
    def second(self) -> int | None:
        """The second, 0-60 (60 is a leap second); None when absent."""
        return self._part(2)

    @property
    def microsecond(self) -> int | None:
        """The fraction of the second in microseconds; None when there is no fraction."""
        return self._part(3)

    @property
    def fraction_digits(self) -> int:
        """How many fraction digits the text has (at most 6 count); 0 without a fraction."""
        return self._part(4) or 0

    @property
    def precision(self) -> TimePrecision:
        """The smallest part the text gives."""
        parts = self._valid_parts()
        if parts[3] is not None:
            return "fraction"
        if parts[2] is not None:
            return "second"
        return "minute" if parts[1] is not None else "hour"

    def to_time(self) -> datetime.time:
        """The naive ``datetime.time``; missing parts count as 0, a leap second as 59."""
        hour, minute, second, microsecond, _digits = self._valid_parts()
        assert hour is not None  # parsed times always have an hour
        return datetime.time(hour, minute or 0, _leap(second or 0), microsecond or 0)


class DateTime(_Partial):
    """A DT value: a date and time of any precision from year to fraction, with an optional offset.

    ``DateTime("20200102101530.25+0100")``, ``DateTime.from_datetime(dt)``.
    """

    __slots__ = ()
    _vr: ClassVar[str] = "DT"

    @classmethod
    def from_datetime(cls, value: datetime.datetime) -> Self:
        """The DT value ``YYYYMMDDHHMMSS[.FFFFFF][&ZZXX]``; aware datetimes keep their offset."""
        value = _require(datetime.datetime, value, "from_datetime takes a datetime.datetime")
        text = (
            f"{value.year:04d}{value.month:02d}{value.day:02d}"
            f"{value.hour:02d}{value.minute:02d}{value.second:02d}"
        )
        if value.microsecond:
            text += f".{value.microsecond:06d}"
        delta = value.utcoffset()
        if delta is not None:
            seconds = int(delta.total_seconds())
            if seconds % 60 or delta.microseconds:
                raise InvalidValueError("DT", value, "the UTC offset must be whole minutes")
            sign = "-" if seconds < 0 else "+"
            hours, minutes = divmod(abs(seconds) // 60, 60)
            text += f"{sign}{hours:02d}{minutes:02d}"
        return cls(text)

    @classmethod
    def _parse(cls, text: str, strict: bool) -> _Parts:
        if strict:
            if len(text) > 26:
                raise InvalidValueError("DT", text, "longer than 26 characters")
            if _DT_CHARS.fullmatch(text) is None:
                rule = "only the digits 0-9, '+', '-', '.' and trailing spaces are allowed"
                raise InvalidValueError("DT", text, rule)
            match = _DT_STRICT.fullmatch(text)
            if match is None:
                rule = "must be YYYY[MM[DD[HH[MM[SS[.F{1-6}]]]]]] with an optional &ZZXX offset"
                raise InvalidValueError("DT", text, rule)
        else:
            match = _DT_LENIENT.fullmatch(text.strip(_PAD))
            if match is None:
                rule = "not a date-time: must be YYYYMMDDHHMMSS.FFFFFF&ZZXX or a leading part"
                raise InvalidValueError("DT", text, rule)
        year, month, day = int(match[1]), _opt_int(match[2]), _opt_int(match[3])
        _check_date("DT", text, year, month, day)
        time = _time_parts("DT", text, match[4], match[5], match[6], match[7])
        offset = None
        if match[8] is not None:
            offset = _check_offset("DT", text, match[8], match[9], match[10], strict)
        return (year, month, day, *time, offset)

    @property
    def year(self) -> int | None:
        """The year; None when the text is not a date-time."""
        return self._part(0)

    @property
    def month(self) -> int | None:
        """The month; None when absent."""
        return self._part(1)

    @property
    def day(self) -> int | None:
        """The day of the month; None when absent."""
        return self._part(2)

    @property
    def hour(self) -> int | None:
        """The hour; None when absent."""
        return self._part(3)

    @property
    def minute(self) -> int | None:
        """The minute; None when absent."""
        return self._part(4)

    @property
    def second(self) -> int | None:
        """The second, 0-60 (60 is a leap second); None when absent."""
        return self._part(5)

    @property
    def microsecond(self) -> int | None:
        """The fraction of the second in microseconds; None when there is no fraction."""
        return self._part(6)

    @property
    def fraction_digits(self) -> int:
        """How many fraction digits the text has (at most 6 count); 0 without a fraction."""
        return self._part(7) or 0

    @property
    def utc_offset(self) -> datetime.timedelta | None:
        """The ``&ZZXX`` offset from UTC; None when the text has none."""
        minutes = self._part(8)
        return None if minutes is None else datetime.timedelta(minutes=minutes)

    @property
    def precision(self) -> DateTimePrecision:
        """The smallest part the text gives."""
        parts = self._valid_parts()
        names: tuple[DateTimePrecision, ...] = ("month", "day", "hour", "minute", "second")
        if parts[6] is not None:
            return "fraction"
        for index in range(5, 0, -1):
            if parts[index] is not None:
                return names[index - 1]
        return "year"

    def to_datetime(self) -> datetime.datetime:
        """The ``datetime``, aware when the text has an offset; missing parts are 1 or 0."""
        year, month, day, hour, minute, second, microsecond, _digits, offset = self._valid_parts()
        assert year is not None  # parsed date-times always have a year
        tzinfo = None
        if offset is not None:
            tzinfo = datetime.timezone(datetime.timedelta(minutes=offset))
        return datetime.datetime(
            year,
            month or 1,
            day or 1,
            hour or 0,
            minute or 0,
            _leap(second or 0),
            microsecond or 0,
            tzinfo=tzinfo,
        )


#: Natural input of DA: text (backslashes separate values), Date or datetime.date, or several.
DAInput: TypeAlias = "str | Date | datetime.date | Iterable[str | Date | datetime.date] | None"
#: Natural input of TM: text (backslashes separate values), Time or datetime.time, or several.
TMInput: TypeAlias = "str | Time | datetime.time | Iterable[str | Time | datetime.time] | None"
#: Natural input of DT: text, DateTime or datetime.datetime, or several.
DTInput: TypeAlias = (
    "str | DateTime | datetime.datetime | Iterable[str | DateTime | datetime.datetime] | None"
)

_V = TypeVar("_V", bound=_Partial)


def _reject_bytes(vr: str, value: object) -> None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        msg = f"{vr} values must be str, not bytes (decode them with the dataset's character set)"
        raise TypeError(msg)


def _to_date(value: object) -> Date:
    if isinstance(value, Date):
        return value
    if isinstance(value, str):
        return Date.parse_lenient(value)  # the VR's strict check names the rule
    if isinstance(value, datetime.date):
        return Date.from_date(value)
    msg = f"DA values must be str, Date or datetime.date, not {type(value).__name__}"
    raise TypeError(msg)


def _to_time(value: object) -> Time:
    if isinstance(value, Time):
        return value
    if isinstance(value, str):
        return Time.parse_lenient(value)  # the VR's strict check names the rule
    if isinstance(value, datetime.time):
        return Time.from_time(value)
    msg = f"TM values must be str, Time or datetime.time, not {type(value).__name__}"
    raise TypeError(msg)


def _to_datetime(value: object) -> DateTime:
    if isinstance(value, DateTime):
        return value
    if isinstance(value, str):
        return DateTime.parse_lenient(value)  # the VR's strict check names the rule
    if isinstance(value, datetime.datetime):
        return DateTime.from_datetime(value)
    if isinstance(value, datetime.date):
        msg = "DT values are datetime.datetime, not datetime.date: use a text such as '20200102'"
        raise TypeError(msg)
    msg = f"DT values must be str, DateTime or datetime.datetime, not {type(value).__name__}"
    raise TypeError(msg)


def _convert(
    vr: str, value: object, single: tuple[type, ...], one: Callable[[object], _V]
) -> tuple[_V, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(one(v) for v in value.split("\\")) if value else ()
    if isinstance(value, single):
        return (one(value),)
    _reject_bytes(vr, value)
    if not isinstance(value, Iterable):
        return (one(value),)  # raises TypeError naming the type
    return tuple(one(v) for v in value)


def to_da_values(value: DAInput) -> tuple[Date, ...]:
    """Convert DA input; ``""`` and ``None`` mean no value."""
    return _convert("DA", value, (Date, datetime.date), _to_date)


def to_tm_values(value: TMInput) -> tuple[Time, ...]:
    """Convert TM input; ``""`` and ``None`` mean no value."""
    return _convert("TM", value, (Time, datetime.time), _to_time)


def to_dt_values(value: DTInput) -> tuple[DateTime, ...]:
    """Convert DT input; ``""`` and ``None`` mean no value."""
    return _convert("DT", value, (DateTime, datetime.date), _to_datetime)


def _check_values(cls: type[VR[Any]], kind: type[_Partial], values: Any, strict: bool) -> None:
    if not isinstance(values, tuple) or not all(isinstance(v, kind) for v in values):
        raise cls._fail(values, f"values must be a tuple of {kind.__name__}")
    if strict:
        for value in values:
            value.validate(strict=True)


@attrs.frozen
class DA(VR[Date]):
    """Date."""

    code: ClassVar[str] = "DA"
    vr_name: ClassVar[str] = "Date"

    values: tuple[Date, ...] = attrs.field(default=(), converter=to_da_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[Date, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        _check_values(cls, Date, values, strict)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)


@attrs.frozen
class TM(VR[Time]):
    """Time."""

    code: ClassVar[str] = "TM"
    vr_name: ClassVar[str] = "Time"

    values: tuple[Time, ...] = attrs.field(default=(), converter=to_tm_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[Time, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        _check_values(cls, Time, values, strict)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)


@attrs.frozen
class DT(VR[DateTime]):
    """Date Time."""

    code: ClassVar[str] = "DT"
    vr_name: ClassVar[str] = "Date Time"

    values: tuple[DateTime, ...] = attrs.field(default=(), converter=to_dt_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[DateTime, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        _check_values(cls, DateTime, values, strict)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)

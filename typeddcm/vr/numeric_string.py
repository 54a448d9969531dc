"""Numbers written as text: :class:`DSNumber` and :class:`ISNumber`, VRs DS and IS.

Strategy: a DS value is a ``float`` and an IS value an ``int`` (subclasses, so
arithmetic, comparison and hashing are those of the number) that also keep the
text they came from, so writing is lossless: ``str(DSNumber("2.50")) == "2.50"``.

* ``DSNumber(x)`` / ``ISNumber(x)`` take text or a number and raise
  :class:`InvalidValueError` only when there is no number: not numeric, NaN or
  infinity for DS, not an exact integer for IS (``"12.0"`` is 12, ``"1.5"`` fails).
  From a float, the text is the shortest ``repr`` that fits the 16 characters of
  DS, or ``'%.{n}g'`` with the most digits that fit; the value is then the value
  *of that text* (``DSNumber(0.1 + 0.2)`` is ``0.3``), so what is written reads
  back equal.
* ``parse_lenient(text)`` never raises: the codec calls it on values read from a
  file.  For text that is not a number the text is kept (and written back
  unchanged), ``is_valid`` is False, and the number is a stand-in: **NaN for DS**,
  which poisons arithmetic and compares unequal to everything, and **0 for IS**,
  since an ``int`` has no NaN.  Check ``is_valid`` (or ``IS.validate()``) before
  trusting an IS read from a doubtful file; its ``repr`` shows
  ``ISNumber.parse_lenient('abc')``.
* ``validate(strict=True)`` and the DS and IS constructors require the PS3.5
  form: DS at most 16 characters of ``[ ]*[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?[ ]*``;
  IS at most 12 characters of ``[ ]*[+-]?d+[ ]*`` within -2**31 .. 2**31-1.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, NoReturn, Self, TypeAlias

import attrs

from typeddcm.errors import InvalidValueError
from typeddcm.vr._base import VR

__all__ = ["DS", "IS", "DSInput", "DSNumber", "ISInput", "ISNumber"]

_DS_MAX = 16
_IS_MAX = 12
_IS_MIN_VALUE = -(2**31)
_IS_MAX_VALUE = 2**31 - 1
_DS_RE = re.compile(r" *[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)? *")
_IS_RE = re.compile(r" *[+-]?[0-9]+ *")
# An integer written as a decimal ("12.0", "1e3") is read only up to this exponent.
_MAX_EXPONENT = 40


def format_ds(value: float) -> str:
    """The shortest text of ``value`` that fits the 16 characters of a DS value.

    ``repr`` when it fits, else ``'%.{n}g'`` with the largest ``n`` that fits (and
    that does not round past the largest float, as ``1.797693135e+308`` would).
    """
    text = repr(value)
    if len(text) <= _DS_MAX:
        return text
    for digits in range(_DS_MAX, 0, -1):
        text = f"{value:.{digits}g}"
        if len(text) <= _DS_MAX and math.isfinite(float(text)):
            return text
    raise AssertionError(text)  # pragma: no cover - '%.1g' always fits


def _ds_text(value: object) -> str:
    """The DS text of a number or str; :class:`InvalidValueError` if there is no finite number."""
    if isinstance(value, str):
        try:
            number = float(value)
        except ValueError:
            raise InvalidValueError("DS", value, "not a decimal number") from None
        if not math.isfinite(number):
            raise InvalidValueError("DS", value, "NaN and infinity are not DS values")
        return value
    if isinstance(value, bool):
        msg = "DS values must be numbers or str, not bool"
        raise TypeError(msg)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise InvalidValueError("DS", value, "NaN and infinity are not DS values")
        text = str(value)
        if len(text) <= _DS_MAX and _DS_RE.fullmatch(text):
            return text
        return _float_text(value)
    if isinstance(value, numbers.Integral):
        text = str(int(value))
        return text if len(text) <= _DS_MAX else _float_text(value)
    if isinstance(value, numbers.Real):
        return _float_text(value)
    msg = f"DS values must be str, float, int or Decimal, not {type(value).__name__}"
    raise TypeError(msg)


def _float_text(value: numbers.Real | decimal.Decimal) -> str:
    try:
        number = float(value)
    except OverflowError:
        raise InvalidValueError("DS", value, "too large for a float") from None
    if not math.isfinite(number):
        raise InvalidValueError("DS", value, "NaN and infinity are not DS values")
    return format_ds(number)


class DSNumber(float):
    """A DS value: a ``float`` that keeps its text (``DSNumber("2.50")``: 2.5, written "2.50")."""

    __slots__ = ("_text",)

    _text: str

    def __new__(cls, value: str | float | decimal.Decimal) -> Self:
        if isinstance(value, DSNumber):
            return cls._make(value._text, float(value))
        text = _ds_text(value)
        return cls._make(text, float(text))

    @classmethod
    def _make(cls, text: str, number: float) -> Self:
        obj = float.__new__(cls, number)
        object.__setattr__(obj, "_text", text)
        return obj

    @classmethod
    def parse_lenient(cls, text: str) -> Self:
        """Never raises: text that is not a number keeps its text, with the value NaN."""
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        return cls._make(text, number if math.isfinite(number) else math.nan)

    @property
    def text(self) -> str:
        """The value's text exactly as given or read."""
        return self._text

    @property
    def is_valid(self) -> bool:
        """True when the text gives a finite number (perhaps not in the strict PS3.5 form)."""
        return math.isfinite(self)

    def validate(self, *, strict: bool = True) -> None:
        """Raise :class:`InvalidValueError` if the text breaks PS3.5 (lenient: has no number)."""
        text = self._text
        if strict:
            if len(text) > _DS_MAX:
                raise InvalidValueError("DS", text, f"longer than {_DS_MAX} characters")
            if _DS_RE.fullmatch(text) is None:
                rule = "must be a decimal string: [+-]digits[.digits][E[+-]digits]"
                raise InvalidValueError("DS", text, rule)
        _ds_text(text)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        if not self.is_valid:
            return f"DSNumber.parse_lenient({self._text!r})"
        return f"DSNumber({self._text!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = "DSNumber objects are immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = "DSNumber objects are immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[Callable[[str], DSNumber], tuple[str]]:
        return (DSNumber.parse_lenient, (self._text,))


def _int_of_text(text: str) -> int:
    """The exact integer a text gives; :class:`InvalidValueError` if none."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        number = decimal.Decimal(text.strip())
    except (decimal.InvalidOperation, ValueError):
        raise InvalidValueError("IS", text, "not an integer") from None
    if not number.is_finite() or number.adjusted() > _MAX_EXPONENT:
        raise InvalidValueError("IS", text, "not an integer")
    if number != number.to_integral_value():
        raise InvalidValueError("IS", text, "not an integer (it has a fraction)")
    return int(number)


def _is_parts(value: object) -> tuple[str, int]:
    """The text and number of an IS value given as text or a number."""
    if isinstance(value, ISNumber):
        return value.text, int(value)
    if isinstance(value, bool):
        msg = "IS values must be int or str, not bool"
        raise TypeError(msg)
    if isinstance(value, str):
        return value, _int_of_text(value)
    if isinstance(value, numbers.Integral):  # int, and numpy's integers
        number = int(value)
        return str(number), number
    msg = f"IS values must be int or str, not {type(value).__name__}"
    raise TypeError(msg)


class ISNumber(int):
    """An IS value: an ``int`` that keeps its text (``ISNumber("+05")``: 5, written "+05")."""

    # int subclasses cannot have non-empty __slots__: the text lives in __dict__.
    _text: str

    def __new__(cls, value: str | int) -> Self:
        return cls._make(*_is_parts(value))

    @classmethod
    def _make(cls, text: str, number: int) -> Self:
        obj = int.__new__(cls, number)
        obj.__dict__["_text"] = text
        return obj

    @classmethod
    def parse_lenient(cls, text: str) -> Self:
        """Never raises: text that is not an exact integer keeps its text, with the value 0."""
        try:
            number = _int_of_text(text)
        except InvalidValueError:
            number = 0
        return cls._make(text, number)

    @property
    def text(self) -> str:
        """The value's text exactly as given or read."""
        return self._text

    @property
    def is_valid(self) -> bool:
        """True when the text gives an exact integer (perhaps not in the strict PS3.5 form)."""
        try:
            _int_of_text(self._text)
        except InvalidValueError:
            return False
        return True

    def validate(self, *, strict: bool = True) -> None:
        """Raise :class:`InvalidValueError` if the text breaks PS3.5 (lenient: has no integer)."""
        text = self._text
        if strict:
            if len(text) > _IS_MAX:
                raise InvalidValueError("IS", text, f"longer than {_IS_MAX} characters")
            if _IS_RE.fullmatch(text) is None:
                raise InvalidValueError("IS", text, "must be an integer string: [+-]digits")
        number = _int_of_text(text)
        if strict and not _IS_MIN_VALUE <= number <= _IS_MAX_VALUE:
            rule = f"must be {_IS_MIN_VALUE} to {_IS_MAX_VALUE}"
            raise InvalidValueError("IS", text, rule)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        if not self.is_valid:
            return f"ISNumber.parse_lenient({self._text!r})"
        return f"ISNumber({self._text!r})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = "ISNumber objects are immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = "ISNumber objects are immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[Callable[[str], ISNumber], tuple[str]]:
        return (ISNumber.parse_lenient, (self._text,))


#: Natural input of DS: text (backslashes separate values), numbers, or several.
DSInput: TypeAlias = (
    "str | float | int | decimal.Decimal | Iterable[str | float | int | decimal.Decimal] | None"
)
#: Natural input of IS: text (backslashes separate values), an int, or several.
ISInput: TypeAlias = "str | int | Iterable[str | int] | None"


def _split(vr: str, value: object) -> Iterable[object]:
    """The single values of VR input: a str splits on backslash, a number is one value."""
    if value is None:
        return ()
    if isinstance(value, str):
        return value.split("\\") if value else ()
    if isinstance(value, (bytes, bytearray, memoryview)):
        msg = f"{vr} values must be str, not bytes (decode them with the dataset's character set)"
        raise TypeError(msg)
    if isinstance(value, (numbers.Number, decimal.Decimal)) or not isinstance(value, Iterable):
        return (value,)
    return value


def _to_ds(value: object) -> DSNumber:
    if isinstance(value, DSNumber):
        return value
    if isinstance(value, str):
        return DSNumber.parse_lenient(value)  # the VR's strict check names the rule
    return DSNumber(value)  # type: ignore[arg-type]  # DSNumber raises TypeError for the rest


def _to_is(value: object) -> ISNumber:
    if isinstance(value, ISNumber):
        return value
    if isinstance(value, str):
        return ISNumber.parse_lenient(value)  # the VR's strict check names the rule
    return ISNumber(value)  # type: ignore[arg-type]  # ISNumber raises TypeError for the rest


def to_ds_values(value: DSInput) -> tuple[DSNumber, ...]:
    """Convert DS input; ``""`` and ``None`` mean no value."""
    return tuple(_to_ds(v) for v in _split("DS", value))


def to_is_values(value: ISInput) -> tuple[ISNumber, ...]:
    """Convert IS input; ``""`` and ``None`` mean no value."""
    if type(value) is int:  # the commonest input (ds.InstanceNumber = 7), without the checks
        return (ISNumber._make(str(value), value),)
    return tuple(_to_is(v) for v in _split("IS", value))


@attrs.frozen
class DS(VR[DSNumber]):
    """Decimal String."""

    code: ClassVar[str] = "DS"
    vr_name: ClassVar[str] = "Decimal String"

    values: tuple[DSNumber, ...] = attrs.field(default=(), converter=to_ds_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[DSNumber, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or not all(isinstance(v, DSNumber) for v in values):
            raise cls._fail(values, "values must be a tuple of DSNumber")
        if strict:
            for value in values:
                value.validate(strict=True)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)


@attrs.frozen
class IS(VR[ISNumber]):
    """Integer String."""

    code: ClassVar[str] = "IS"
    vr_name: ClassVar[str] = "Integer String"

    values: tuple[ISNumber, ...] = attrs.field(default=(), converter=to_is_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[ISNumber, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or not all(isinstance(v, ISNumber) for v in values):
            raise cls._fail(values, "values must be a tuple of ISNumber")
        if strict:
            for value in values:
                value.validate(strict=True)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)

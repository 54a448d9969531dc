"""pydicom's ``valuerep``: DS (DSfloat, DSdecimal), IS, PersonName, DA/DT/TM, MultiString.

The core's VR objects hold natural values already (DSNumber keeps its text,
PersonName its groups); these subclasses add what pydicom code looks at: the
constructors pydicom documents (``DS("1.5")``, ``IS(5.0)``, ``PersonName(b"...",
encodings)``, ``DA("20200101")``), ``original_string``, the ``repr`` pydicom prints
('1.50', 'CITIZEN^Joan'), and date/time classes for ``config.datetime_conversion``.

Where pydicom 1.x and 3.x differ, 1.x is followed where both cannot hold: a PN
keeps a trailing empty component group's ``=`` (3.x drops it), ``IS(5.5)`` is a
TypeError ("without loss").  ``DS(value)`` is the 1.x/3.x factory: a DSdecimal
under ``config.use_DS_decimal``, else a DSfloat.  ``MultiValue`` lives in
:mod:`.multival` and is the same class here.
"""

from __future__ import annotations

import datetime
import decimal
import warnings
from collections.abc import Callable
from typing import Any, Self, SupportsIndex, TypeVar, overload

from typeddcm.errors import DicomWarning, InvalidValueError
from typeddcm.vr.numeric_string import DSNumber, ISNumber, format_ds
from typeddcm.vr.temporal import Date, DateTime, Time

from . import config
from ._personname import PersonName, PersonName3, PersonNameUnicode
from ._personname import person_name as person_name  # the compat reading path (_values.py)
from ._vrsets import (
    ALLOW_BACKSLASH,
    AMBIGUOUS_VR,
    BUFFERABLE_VRS,
    BYTES_VR,
    CUSTOMIZABLE_CHARSET_VR,
    DEFAULT_CHARSET_VR,
    EXPLICIT_VR_LENGTH_16,
    EXPLICIT_VR_LENGTH_32,
    FLOAT_VR,
    INT_VR,
    LIST_VR,
    LONG_VALUE_VR,
    MAX_VALUE_LEN,
    PN_DELIMS,
    STANDARD_VR,
    STR_VR,
    TEXT_VR_DELIMS,
    VALUE_LENGTH,
    VR,
    format_number_as_ds,
    is_valid_ds,
    validate_value,
)
from .multival import MultiValue

__all__ = ["DA", "DS", "DSclass", "DSdecimal", "DSfloat", "DT", "IS", "MultiString", "MultiValue",
           "PersonName", "PersonName3", "PersonNameUnicode", "TM", "ValueOverflowError",
           # pydicom 3 (compat/_vrsets.py)
           "ALLOW_BACKSLASH", "AMBIGUOUS_VR", "BUFFERABLE_VRS", "BYTES_VR",
           "CUSTOMIZABLE_CHARSET_VR", "DEFAULT_CHARSET_VR", "EXPLICIT_VR_LENGTH_16",
           "EXPLICIT_VR_LENGTH_32", "FLOAT_VR", "INT_VR", "ISfloat", "LIST_VR", "LONG_VALUE_VR",
           "MAX_VALUE_LEN", "PN_DELIMS", "STANDARD_VR", "STR_VR", "TEXT_VR_DELIMS",
           "VALUE_LENGTH", "VR", "format_number_as_ds", "is_valid_ds", "validate_value"]

_T = TypeVar("_T")


def _text_of(value: Any) -> Any:
    """pydicom decodes bytes given for DS, IS, DA, DT, TM (default repertoire VRs)."""
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("ascii", "replace")
    return value


def _valid_ds_text(text: str) -> bool:
    """Whether ``text`` is a DS value as PS3.5 writes one (at most 16 characters, ...)."""
    try:
        DSNumber._make(text, 0.0).validate(strict=True)
    except InvalidValueError:
        return False
    return True


class ValueOverflowError(InvalidValueError, OverflowError):
    """A DS text longer than 16 characters, an IS beyond 32 bits: pydicom raises
    OverflowError there (and ours is the ValueError other invalid values raise too)."""


_DS_TOO_LONG = ("Values for elements with a VR of 'DS' values must be <= 16 characters long. "
                "Use a smaller string, set 'config.settings.reading_validation_mode' to 'WARN' "
                "to override the length check, or explicitly construct a DS object with "
                "'auto_format' set to True")
_IS_RANGE = ("Elements with a VR of IS must have a value between -2**31 and (2**31 - 1). Set "
             "'config.settings.reading_validation_mode' to 'WARN' to override the value check")


def _number_checked(value: DSNumber | ISNumber, code: str, validation_mode: int | None) -> None:
    """Apply ``validation_mode`` (None: the context's reading mode, as pydicom's value
    classes do) to a new DS or IS value: a warning (WARN) or an error (RAISE) in
    pydicom's words, the core's rule added."""
    mode = config.reading_mode() if validation_mode is None else validation_mode
    if mode == config.IGNORE:
        return
    try:
        value.validate(strict=True)
    except InvalidValueError as error:
        problem: InvalidValueError
        if code == "DS" and error.rule.startswith("longer than"):
            problem = ValueOverflowError(code, value.text, error.rule)
            problem.args = (f"{_DS_TOO_LONG} ({error})",)
        elif code == "IS" and error.rule.startswith("must be -"):
            problem = ValueOverflowError(code, value.text, error.rule)
            problem.args = (f"{_IS_RANGE} ({error})",)
        else:
            problem = error
            problem.args = (f'Value "{value.text}" is not valid for elements with a VR of {code} '
                            f"({error})",)
        if mode == config.RAISE:
            raise problem from None
        config.logger.warning(str(problem))
        warnings.warn(str(problem), DicomWarning, stacklevel=3)


# --- DS -----------------------------------------------------------------------------------


class _EqualToText:
    """DS and IS values as pydicom 2.x/3.x compare them: equal to their text too
    ("1.20" == DSfloat("1.20")), otherwise as numbers; shown as their text."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)  # NotImplemented lets Python try the other side

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __repr__(self) -> str:
        return repr(str(self))


class DSfloat(_EqualToText, DSNumber):
    """A Decimal String value: a float that keeps the text it was read from.

    ``DSfloat(val, auto_format=False, validation_mode=None)``: ``val`` is text, a
    number or another DS value.  ``auto_format`` rewrites text that is not a valid DS
    (longer than 16 characters, say) as the shortest valid text of the number.
    """

    __slots__ = ("_auto_format", "_original")

    @overload
    def __new__(cls, val: str | bytes | float | decimal.Decimal, auto_format: bool = ...,
                validation_mode: int | None = ...) -> Self: ...

    @overload
    def __new__(cls, val: None, auto_format: bool = ...,  # type: ignore[misc]
                validation_mode: int | None = ...) -> None: ...

    def __new__(cls, val: Any, auto_format: bool = False,
                validation_mode: int | None = None) -> Any:
        # None gives None and blank text the text (pydicom); typed as the common case.
        val = _text_of(val)
        if val is None:
            return None
        if isinstance(val, str) and not val.strip():
            return val
        if isinstance(val, str):
            text: str = val.strip()
            number = float(DSNumber(text))  # InvalidValueError (a ValueError) when not a number
        elif hasattr(val, "original_string") and isinstance(val, (DSfloat, DSdecimal)):
            text, number = str(val.original_string), float(val)
            auto_format = auto_format or bool(getattr(val, "auto_format", False))
        else:
            if isinstance(val, int) and not isinstance(val, bool):
                val = float(val)  # DSfloat(1) is "1.0", as pydicom writes it
            made = DSNumber(val)
            # The number given stays the value (pydicom 3); the text is the DS text of it.
            text, number = made.text, float(val) if isinstance(val, float) else float(made)
        if auto_format and not _valid_ds_text(text):
            text = format_ds(number)
        obj = cls._make(text, number)
        object.__setattr__(obj, "_auto_format", bool(auto_format))
        _number_checked(obj, "DS", validation_mode)
        return obj

    @property
    def original_string(self) -> str:
        """The text of the value (as given, read or formatted), or what code set here."""
        original: str | None = getattr(self, "_original", None)
        return self.text if original is None else str(original)

    @original_string.setter
    def original_string(self, value: str) -> None:
        # pydicom code sets it (its objects are mutable); the number and the text written
        # stay (the value may be shared by the dataset that handed it out).
        object.__setattr__(self, "_original", value)

    def __setattr__(self, name: str, value: object) -> None:  # type: ignore[override]
        # Only ``original_string`` (its setter); the rest is immutable, as the core's DSNumber.
        if name != "original_string":
            super().__setattr__(name, value)
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        original = getattr(self, "_original", None)
        return (_ds_float, (type(self), self.text, float(self), self.auto_format, original))

    @property
    def auto_format(self) -> bool:
        """Whether the text was made to fit the DS rules (``DSfloat(x, auto_format=True)``)."""
        return bool(getattr(self, "_auto_format", False))

    # Equality with its text and a repr of it: _EqualToText's; the number's own hash
    # (a class defining __eq__, as the mixin does, would otherwise be unhashable).
    __hash__ = float.__hash__


class DSdecimal(_EqualToText, decimal.Decimal):
    """A Decimal String value as a Decimal (``config.DS_decimal(True)``), keeping its text.

    A float is taken only under ``config.allow_DS_float`` (as pydicom: a float's
    binary value is seldom the decimal the user meant); text that is no number is a
    ``ValueError``.
    """

    original_string: str
    auto_format: bool

    @overload
    def __new__(cls, val: str | bytes | float | decimal.Decimal, auto_format: bool = ...,
                validation_mode: int | None = ...) -> Self: ...

    @overload
    def __new__(cls, val: None, auto_format: bool = ...,  # type: ignore[misc]
                validation_mode: int | None = ...) -> None: ...

    def __new__(cls, val: Any, auto_format: bool = False,
                validation_mode: int | None = None) -> Any:
        val = _text_of(val)
        if val is None:
            return None
        if isinstance(val, str) and not val.strip():
            return val
        if isinstance(val, float) and not config.allow_DS_float:
            msg = ("DS cannot be instantiated with a float value unless config.allow_DS_float "
                   "is set to True. It is recommended to convert to a string instead, with "
                   "the desired number of digits, or use DSfloat")
            raise TypeError(msg)
        # The number is the Decimal of what was given (a float's exact binary value, as
        # pydicom); the text is the text given, a Decimal's own, or a float's shortest.
        number: str | decimal.Decimal | int | float
        if isinstance(val, (DSfloat, DSdecimal)):
            text = str(val.original_string)
            auto_format = auto_format or bool(val.auto_format)
            number = val if isinstance(val, DSdecimal) else float(val)
        elif isinstance(val, str):
            text = number = val.strip()
        elif isinstance(val, decimal.Decimal):
            text, number = str(val), val
        else:
            text, number = DSNumber(val).text, val
        try:
            made = super().__new__(cls, number)
        except decimal.InvalidOperation:
            raise InvalidValueError("DS", text, "not a decimal number") from None
        if not made.is_finite():
            raise InvalidValueError("DS", text, "NaN and infinity are not DS values")
        if auto_format and not _valid_ds_text(text):
            text = format_ds(float(made))
        made.original_string = text
        made.auto_format = bool(auto_format)
        _number_checked(DSNumber._make(text, float(made)), "DS", validation_mode)
        return made

    @classmethod
    def _lenient(cls, text: str) -> DSdecimal:
        """A DS read from data: text that is no number gives NaN (its text is kept)."""
        try:
            made = decimal.Decimal.__new__(cls, text.strip())
        except decimal.InvalidOperation:
            made = decimal.Decimal.__new__(cls, "NaN")
        made.original_string = text
        made.auto_format = False
        return made

    def __str__(self) -> str:
        return self.original_string

    # Equality with its text and a repr of it: _EqualToText's; the number's own hash
    # (a class defining __eq__, as the mixin does, would otherwise be unhashable).
    __hash__ = decimal.Decimal.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (_ds_decimal, (type(self), str(decimal.Decimal(self)), self.original_string,
                              self.auto_format))


def _ds_decimal(cls: type[DSdecimal], number: str, text: str, auto_format: bool) -> DSdecimal:
    """A pickled DSdecimal back: its exact number, its text and auto_format."""
    made = decimal.Decimal.__new__(cls, number)
    made.original_string = text
    made.auto_format = auto_format
    return made


#: The class ``DS`` makes (pydicom's module global; follows ``config.use_DS_decimal``).
DSclass: Any = DSfloat


def DS(val: Any, auto_format: bool = False, validation_mode: int | None = None) -> Any:
    """A DS value: :class:`DSdecimal` under ``config.use_DS_decimal``, else :class:`DSfloat`.

    None gives None and blank text gives the text, as pydicom does.
    """
    val = _text_of(val)
    if val is None:
        return None
    if isinstance(val, str) and not val.strip():
        return val
    if config.use_DS_decimal:
        return DSdecimal(val, auto_format, validation_mode)
    return DSfloat(val, auto_format, validation_mode)


# --- IS -----------------------------------------------------------------------------------


class IS(_EqualToText, ISNumber):
    """An Integer String value: an int that keeps the text it was read from.

    ``IS(val, validation_mode=None)``: text (``"12"``, ``" 12 "``, ``"12.0"``), an int, or
    a float or Decimal without a fraction.  A fraction is a ``TypeError`` ("without
    loss", pydicom 1.x), text that is no integer a ``ValueError``.
    """

    @overload
    def __new__(cls, val: str | bytes | float | decimal.Decimal,
                validation_mode: int | None = ...) -> Self: ...

    @overload
    def __new__(cls, val: None, validation_mode: int | None = ...) -> None: ...  # type: ignore[misc]

    def __new__(cls, val: Any, validation_mode: int | None = None) -> Any:
        val = _text_of(val)
        if val is None:
            return None
        if isinstance(val, str) and not val.strip():
            return val
        if isinstance(val, (float, decimal.Decimal)) and not isinstance(val, (DSfloat, DSdecimal)):
            if val != int(val):
                msg = f"Could not convert value to integer without loss: {val!r}"
                raise TypeError(msg)
            obj = cls._make(str(int(val)), int(val))
        elif isinstance(val, (DSfloat, DSdecimal)):
            obj = cls(str(val.original_string).strip(), validation_mode)
        elif isinstance(val, str):
            try:
                made = ISNumber(val.strip())
            except InvalidValueError as error:  # in pydicom's words (it tries float())
                error.args = (f"could not convert string to an integer: {val!r} ({error})",)
                raise
            obj = cls._make(made.text, int(made))
        else:
            made = ISNumber(val)
            obj = cls._make(made.text, int(made))
        _number_checked(obj, "IS", validation_mode)
        return obj

    @property
    def original_string(self) -> str:
        """The text of the value, or what code set here."""
        return str(self.__dict__.get("_original", self.text))

    @original_string.setter
    def original_string(self, value: str) -> None:
        # As DSfloat's: the number and the text written stay.
        self.__dict__["_original"] = value

    def __setattr__(self, name: str, value: object) -> None:  # type: ignore[override]
        if name != "original_string":  # the rest is immutable, as the core's ISNumber
            super().__setattr__(name, value)
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_is_value, (type(self), self.text, int(self), self.__dict__.get("_original")))

    # Equality with its text and a repr of it: _EqualToText's; the number's own hash
    # (a class defining __eq__, as the mixin does, would otherwise be unhashable).
    __hash__ = int.__hash__


def _ds_float(cls: type[DSfloat], text: str, number: float, auto_format: bool,
              original: str | None) -> DSfloat:
    """A pickled DSfloat back (its type, text, number and the knobs it had)."""
    made = cls._make(text, number)
    object.__setattr__(made, "_auto_format", auto_format)
    if original is not None:
        object.__setattr__(made, "_original", original)
    return made


def _is_value(cls: type[IS], text: str, number: int, original: str | None) -> IS:
    """A pickled IS back."""
    made = cls._make(text, number)
    if original is not None:
        made.__dict__["_original"] = original
    return made


class ISfloat(float):
    """An IS value that is not an integer (pydicom 2.x/3.x: such text read from a file).

    ``ISfloat(val, validation_mode=None)``: text or a number; ``original_string`` is the
    text (stripped) or the number's repr.  Under ``config.WARN`` it warns and under
    ``config.RAISE`` it is a TypeError (an IS is an integer, PS3.5 6.2); blank text
    gives the text.  ``IS(5.5)`` stays a TypeError (1.x): ISfloat is made by name.
    """

    original_string: str

    def __new__(cls, val: str | float | decimal.Decimal,
                validation_mode: int | None = None) -> Any:
        val = _text_of(val)
        if isinstance(val, str) and not val.strip():
            return val
        made = super().__new__(cls, val.strip() if isinstance(val, str) else float(val))
        if isinstance(val, str):
            made.original_string = val.strip()
        elif isinstance(val, (IS, ISfloat)):
            made.original_string = str(val.original_string)
        else:
            made.original_string = repr(float(val))
        if validation_mode in (config.WARN, config.RAISE):
            msg = f'Value "{made}" is not valid for elements with a VR of IS'
            if validation_mode == config.RAISE:
                raise TypeError(msg)
            config.logger.warning(msg)
            warnings.warn(msg, DicomWarning, stacklevel=2)
        return made

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return repr(self.original_string)

    def __reduce__(self) -> tuple[Any, ...]:
        return (ISfloat, (self.original_string,))


# --- DA, DT, TM ------------------------------------------------------------------------


def _parsed(kind: type[Date] | type[Time] | type[DateTime], vr: str, text: str) -> Any:
    """The datetime value of DICOM text, or ValueError naming the VR."""
    try:
        value = kind(text.strip())
    except (InvalidValueError, TypeError) as exc:
        msg = f"Unable to convert non-conformant value '{text}' to '{vr}' object ({exc})"
        raise ValueError(msg) from None
    if isinstance(value, Date):
        return value.to_date()
    # A leap second (PS3.5 allows 60) is 59 in Python, as pydicom says.
    seconds = text.strip()[4:6] if isinstance(value, Time) else text.strip()[12:14]
    if seconds == "60":
        name = "time" if isinstance(value, Time) else "datetime"
        warnings.warn(f"'datetime.{name}' doesn't allow a value of '60' for the seconds "
                      "component, changing to '59'", DicomWarning, stacklevel=3)
    return value.to_time() if isinstance(value, Time) else value.to_datetime()


class DA(datetime.date):
    """A DA value as a date (``config.datetime_conversion``), keeping its original text.

    ``DA("20200102")``, ``DA(datetime.date(...))``, ``DA(2020, 1, 2)``; blank text or
    None gives None (pydicom).
    """

    original_string: str

    @overload
    def __new__(cls, val: None) -> None: ...  # type: ignore[misc]

    @overload
    def __new__(cls, *args: Any, **kwargs: Any) -> Self: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if not args or args[0] is None:
            return None if not kwargs else super().__new__(cls, **kwargs)
        val = _text_of(args[0])
        if isinstance(val, str):
            if not val.strip():
                return None
            native = _parsed(Date, "DA", val)
            made = super().__new__(cls, native.year, native.month, native.day)
            made.original_string = val
            return made
        if isinstance(val, datetime.date):
            made = super().__new__(cls, val.year, val.month, val.day)
            made.original_string = getattr(val, "original_string", f"{val:%Y%m%d}")
            return made
        try:
            made = super().__new__(cls, *args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DA' object") from exc
        made.original_string = f"{made:%Y%m%d}"
        return made

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return f'"{self}"'

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The plain date and the text (code may have set a text no date gives).
        native = datetime.date(self.year, self.month, self.day)
        return (_temporal_back, (type(self), native, self.original_string))


class DT(datetime.datetime):
    """A DT value as a datetime (``config.datetime_conversion``), keeping its original text."""

    original_string: str

    @overload
    def __new__(cls, val: None) -> None: ...  # type: ignore[misc]

    @overload
    def __new__(cls, *args: Any, **kwargs: Any) -> Self: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if not args or args[0] is None:
            return None if not kwargs else super().__new__(cls, **kwargs)
        val = _text_of(args[0])
        if isinstance(val, str):
            if not val.strip():
                return None
            native = _parsed(DateTime, "DT", val)
            made = super().__new__(cls, native.year, native.month, native.day, native.hour,
                                   native.minute, native.second, native.microsecond,
                                   native.tzinfo)
            made.original_string = val
            return made
        if isinstance(val, datetime.datetime):
            made = super().__new__(cls, val.year, val.month, val.day, val.hour, val.minute,
                                   val.second, val.microsecond, val.tzinfo)
            made.original_string = getattr(val, "original_string", None) or str(
                DateTime.from_datetime(val))
            return made
        try:
            made = super().__new__(cls, *args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Unable to convert '{val}' to 'DT' object") from exc
        made.original_string = str(DateTime.from_datetime(made))
        return made

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return f'"{self}"'

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The plain datetime and the text (code may have set a text no datetime gives).
        native = datetime.datetime.combine(self.date(), self.timetz())
        return (_temporal_back, (type(self), native, self.original_string))


class TM(datetime.time):
    """A TM value as a time (``config.datetime_conversion``), keeping its original text."""

    original_string: str

    @overload
    def __new__(cls, val: None) -> None: ...  # type: ignore[misc]

    @overload
    def __new__(cls, *args: Any, **kwargs: Any) -> Self: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if not args or args[0] is None:
            return None if not kwargs else super().__new__(cls, **kwargs)
        val = _text_of(args[0])
        if isinstance(val, str):
            if not val.strip():
                return None
            native = _parsed(Time, "TM", val)
            made = super().__new__(cls, native.hour, native.minute, native.second,
                                   native.microsecond)
            made.original_string = val
            return made
        if isinstance(val, datetime.time):
            made = super().__new__(cls, val.hour, val.minute, val.second, val.microsecond,
                                   val.tzinfo)
            made.original_string = getattr(val, "original_string", None) or str(
                Time.from_time(val.replace(tzinfo=None)))
            return made
        try:
            made = super().__new__(cls, *args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise ValueError(f"Unable to convert '{val}' to 'TM' object") from exc
        made.original_string = str(Time.from_time(made.replace(tzinfo=None)))
        return made

    def __str__(self) -> str:
        return self.original_string

    def __repr__(self) -> str:
        return f'"{self}"'

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The plain time and the text (code may have set a text no time gives).
        native = datetime.time(self.hour, self.minute, self.second, self.microsecond,
                               self.tzinfo)
        return (_temporal_back, (type(self), native, self.original_string))


def _temporal_back(cls: type[DA] | type[DT] | type[TM], native: Any, original: str) -> Any:
    """A pickled DA/DT/TM back: its date/time and its original text."""
    made = cls(native)
    made.original_string = original
    return made


# --- MultiString ---------------------------------------------------------------------


def MultiString(val: str | bytes, valtype: Callable[[str], _T] | None = None) -> Any:
    """Split ``val`` at backslashes (trailing spaces and NULs dropped first): one value
    as ``valtype(value)`` (empty text stays ''), several as a MultiValue of ``valtype``."""
    maker: Callable[[str], Any] = str if valtype is None else valtype
    text = bytes(val).decode("latin_1") if isinstance(val, (bytes, bytearray)) else val
    items = text.rstrip(" \x00").split("\\")
    if len(items) == 1:
        return maker(items[0]) if items[0] else items[0]
    return MultiValue(maker, items)


# --- the compat reading path (compat/_values.py) ----------------------------------------


def ds_value(value: DSNumber, as_decimal: bool = False) -> DSfloat | DSdecimal:
    if as_decimal:
        return DSdecimal._lenient(value.text)
    return DSfloat._make(value.text, float(value))


def is_value(value: ISNumber) -> IS:
    return IS._make(value.text, int(value))


def temporal(value: Date | Time | DateTime) -> Any:
    """A DA/TM/DT value as a date, time or datetime subclass; its text if not representable."""
    text = value.text
    try:
        if isinstance(value, Date):
            native: Any = value.to_date()
            made: Any = datetime.date.__new__(DA, native.year, native.month, native.day)
        elif isinstance(value, Time):
            native = value.to_time()
            made = datetime.time.__new__(TM, native.hour, native.minute, native.second,
                                         native.microsecond, native.tzinfo)
        else:
            native = value.to_datetime()
            made = datetime.datetime.__new__(DT, native.year, native.month, native.day,
                                             native.hour, native.minute, native.second,
                                             native.microsecond, native.tzinfo)
    except (ValueError, AttributeError, TypeError, InvalidValueError):
        return text
    made.original_string = text
    return made

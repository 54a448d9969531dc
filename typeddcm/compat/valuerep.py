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
from collections.abc import Callable, Sequence
from typing import Any, Final, Self, SupportsIndex, TypeVar, overload

from typeddcm.errors import DicomWarning, InvalidValueError
from typeddcm.vr.numeric_string import DSNumber, ISNumber, format_ds
from typeddcm.vr.person_name import ComponentGroup, GroupName
from typeddcm.vr.person_name import PersonName as CorePersonName
from typeddcm.vr.temporal import Date, DateTime, Time

from . import config
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
           "PersonName", "PersonName3", "PersonNameUnicode", "TM",
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


def _strict(validation_mode: int | None) -> bool:
    return (config.writing_mode() if validation_mode is None else validation_mode) == config.RAISE


# --- DS -----------------------------------------------------------------------------------


class DSfloat(DSNumber):
    """A Decimal String value: a float that keeps the text it was read from.

    ``DSfloat(val, auto_format=False, validation_mode=None)``: ``val`` is text, a
    number or another DS value.  ``auto_format`` rewrites text that is not a valid DS
    (longer than 16 characters, say) as the shortest valid text of the number.
    """

    __slots__ = ("_auto_format",)

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
        if _strict(validation_mode):
            obj.validate(strict=True)
        return obj

    @property
    def original_string(self) -> str:
        """The text of the value (as given, read or formatted)."""
        return self.text

    @property
    def auto_format(self) -> bool:
        """Whether the text was made to fit the DS rules (``DSfloat(x, auto_format=True)``)."""
        return bool(getattr(self, "_auto_format", False))

    def __eq__(self, other: object) -> bool:
        # pydicom 2.x/3.x: a DS value equals its text too ("1.20" == DSfloat("1.20")).
        if isinstance(other, str):
            return str(self) == other
        return super().__eq__(other)  # NotImplemented lets Python try the other side

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = float.__hash__

    def __repr__(self) -> str:
        return repr(str(self))


class DSdecimal(decimal.Decimal):
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
        if isinstance(val, (DSfloat, DSdecimal)):
            text = str(val.original_string)
        elif isinstance(val, str):
            text = val.strip()
        else:
            text = DSNumber(val).text
        try:
            made = super().__new__(cls, text)
        except decimal.InvalidOperation:
            raise InvalidValueError("DS", text, "not a decimal number") from None
        if not made.is_finite():
            raise InvalidValueError("DS", text, "NaN and infinity are not DS values")
        if auto_format and not _valid_ds_text(text):
            text = format_ds(float(made))
        made.original_string = text
        made.auto_format = bool(auto_format)
        if _strict(validation_mode):
            DSNumber._make(text, float(made)).validate(strict=True)
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

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # pydicom 2.x/3.x: equal to its text too
            return str(self) == other
        return super().__eq__(other)  # NotImplemented lets Python try the other side

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = decimal.Decimal.__hash__

    def __repr__(self) -> str:
        return repr(self.original_string)

    def __reduce__(self) -> tuple[Any, ...]:
        return (DSdecimal._lenient, (self.original_string,))


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


class IS(ISNumber):
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
            made = ISNumber(val.strip())
            obj = cls._make(made.text, int(made))
        else:
            made = ISNumber(val)
            obj = cls._make(made.text, int(made))
        if _strict(validation_mode):
            obj.validate(strict=True)
        return obj

    @property
    def original_string(self) -> str:
        """The text of the value."""
        return self.text

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):  # pydicom 2.x/3.x: equal to its text too
            return str(self) == other
        return super().__eq__(other)  # NotImplemented lets Python try the other side

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = int.__hash__

    def __repr__(self) -> str:
        return repr(str(self))


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


# --- PN -----------------------------------------------------------------------------------


class _Components(tuple[str, ...]):
    """pydicom's ``PersonName.components`` (the groups' text), callable as the core's
    ``components(group)`` (a group's five components)."""

    def __call__(self, group: GroupName = "alphabetic") -> ComponentGroup:
        names = ("alphabetic", "ideographic", "phonetic")
        if group not in names:
            msg = f"group must be one of {', '.join(names)}, not {group!r}"
            raise ValueError(msg)
        index = names.index(group)
        return ComponentGroup.from_text(self[index] if index < len(self) else "")


def _encodings(encodings: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if encodings is None:
        return None
    return (encodings,) if isinstance(encodings, str) else tuple(encodings)


class PersonName(CorePersonName):
    """A Person Name: components by attribute, compares equal to its text.

    ``PersonName(val, encodings=None, original_string=None, validation_mode=None)``:
    ``val`` is the text, another PersonName, or the encoded bytes, which are decoded
    once with ``encodings`` (pydicom's Python codec names; default ISO-IR 6) and kept
    as ``original_string``.  ``PersonName(None)`` is None, as in pydicom.  The text is
    kept exactly, a trailing empty component group's ``=`` included (pydicom 1.x).
    """

    __slots__ = ("_encodings", "_original")

    _encodings: tuple[str, ...] | None
    _original: bytes | None

    @overload
    def __new__(cls, val: str | bytes | CorePersonName, encodings: str | Sequence[str] | None = ...,
                original_string: bytes | None = ..., validation_mode: int | None = ...) -> Self: ...

    @overload
    def __new__(cls, val: None, encodings: str | Sequence[str] | None = ...,  # type: ignore[misc]
                original_string: bytes | None = ..., validation_mode: int | None = ...) -> None: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if args and args[0] is None:
            return None
        return object.__new__(cls)

    def __init__(self, val: Any, encodings: str | Sequence[str] | None = None,
                 original_string: bytes | None = None,
                 validation_mode: int | None = None) -> None:
        encs = _encodings(encodings)
        original = original_string
        if isinstance(val, CorePersonName):
            text = val.text
            if isinstance(val, PersonName):
                encs = encs or val._encodings
                original = original or val._original
        elif isinstance(val, (bytes, bytearray, memoryview)):
            from .charset import _decode_provisionally, decode_bytes

            original = bytes(val)
            if encs:
                text = decode_bytes(original, list(encs), {0x5E, 0x3D})
            else:  # no character set yet: pydicom would decode later, when it is known
                text = _decode_provisionally(original, {0x5E, 0x3D})
        elif isinstance(val, str):
            text = val
        else:
            msg = f"a PersonName is made from str, bytes or PersonName, not {type(val).__name__}"
            raise TypeError(msg)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_encodings", encs)
        object.__setattr__(self, "_original", original)
        if _strict(validation_mode):
            self.validate(strict=True)

    @classmethod
    def _of(cls, text: str) -> PersonName:
        """A PersonName of decoded text (no checks): the compat reading path."""
        made = object.__new__(cls)
        object.__setattr__(made, "_text", text)
        object.__setattr__(made, "_encodings", None)
        object.__setattr__(made, "_original", None)
        return made

    @property
    def components(self) -> _Components:
        """The (alphabetic, ideographic, phonetic) groups present, as text; called with a
        group name, that group's five components (the core's ``components(group)``)."""
        return _Components(self._text.split("="))

    @property
    def encodings(self) -> tuple[str, ...] | None:
        """The encodings the value was made with (pydicom's Python codec names), if any."""
        return self._encodings

    @property
    def original_string(self) -> bytes | None:
        """The encoded bytes the value was made from (or last encoded to), if any."""
        return self._original

    def decode(self, encodings: str | Sequence[str] | None = None) -> PersonName:
        """This name read with other ``encodings``: from its original bytes (or its text
        encoded with its own encodings when it has none); itself when they are the same."""
        encs = _encodings(encodings)
        if encs is None or encs == self._encodings:
            return self
        original = self._original
        if original is None:
            original = self.encode()
        return type(self)(original, encs)

    def encode(self, encodings: str | Sequence[str] | None = None) -> bytes:
        """The name encoded with ``encodings`` (or its own; its original bytes when those
        are the encodings it was made with)."""
        from .charset import default_encoding, encode_string

        encs = _encodings(encodings) or self._encodings
        if self._original is not None and (encs is None or encs == self._encodings):
            return self._original
        data = encode_string(self._text, list(encs or (default_encoding,)))
        if self._original is None:
            object.__setattr__(self, "_original", data)
            if self._encodings is None:
                object.__setattr__(self, "_encodings", encs)
        return data

    def family_comma_given(self) -> str:
        """The name as "Family, Given"."""
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        """The name formatted with ``format_str`` % {family_name, given_name, ...}."""
        parts = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix",
                 "ideographic", "phonetic")
        return format_str % {name: getattr(self, name) for name in parts}

    @classmethod
    def from_named_components(cls, family_name: str | bytes = "", given_name: str | bytes = "",
                              middle_name: str | bytes = "", name_prefix: str | bytes = "",
                              name_suffix: str | bytes = "",
                              family_name_ideographic: str | bytes = "",
                              given_name_ideographic: str | bytes = "",
                              middle_name_ideographic: str | bytes = "",
                              name_prefix_ideographic: str | bytes = "",
                              name_suffix_ideographic: str | bytes = "",
                              family_name_phonetic: str | bytes = "",
                              given_name_phonetic: str | bytes = "",
                              middle_name_phonetic: str | bytes = "",
                              name_prefix_phonetic: str | bytes = "",
                              name_suffix_phonetic: str | bytes = "",
                              encodings: Sequence[str] | None = None) -> PersonName:
        """A name from its named components in each of the three groups (pydicom 2.x)."""
        return cls._from_groups([
            [family_name, given_name, middle_name, name_prefix, name_suffix],
            [family_name_ideographic, given_name_ideographic, middle_name_ideographic,
             name_prefix_ideographic, name_suffix_ideographic],
            [family_name_phonetic, given_name_phonetic, middle_name_phonetic,
             name_prefix_phonetic, name_suffix_phonetic],
        ], encodings)

    @classmethod
    def from_named_components_veterinary(
            cls, responsible_party_name: str | bytes = "", patient_name: str | bytes = "",
            responsible_party_name_ideographic: str | bytes = "",
            patient_name_ideographic: str | bytes = "",
            responsible_party_name_phonetic: str | bytes = "",
            patient_name_phonetic: str | bytes = "",
            encodings: Sequence[str] | None = None) -> PersonName:
        """A veterinary name: responsible party (family or organisation) and patient name."""
        return cls._from_groups([
            [responsible_party_name, patient_name],
            [responsible_party_name_ideographic, patient_name_ideographic],
            [responsible_party_name_phonetic, patient_name_phonetic],
        ], encodings)

    @classmethod
    def _from_groups(cls, groups: list[list[str | bytes]],
                     encodings: Sequence[str] | None) -> PersonName:
        from .charset import decode_bytes

        texts = []
        for group in groups:
            parts = [decode_bytes(p, encodings, {0x5E}) if isinstance(p, bytes) else p
                     for p in group]
            for part in parts:
                for char in "^=\\":
                    if char in part:
                        raise ValueError(f"a name component cannot contain {char!r}: {part!r}")
            while parts and not parts[-1]:
                parts.pop()
            texts.append("^".join(parts))
        while texts and not texts[-1]:
            texts.pop()
        return cls("=".join(texts), encodings)

    def __len__(self) -> int:
        return len(self._text)

    def __iter__(self) -> Any:
        return iter(self._text)

    def __contains__(self, x: object) -> bool:
        return isinstance(x, str) and x in self._text

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        if self._original is not None:
            return (_person_name, (type(self), self._text, self._encodings, self._original))
        return (type(self), (self._text,))


def _person_name(cls: type[PersonName], text: str, encodings: tuple[str, ...] | None,
                 original: bytes | None) -> PersonName:
    made = cls._of(text)
    object.__setattr__(made, "_encodings", encodings)
    object.__setattr__(made, "_original", original)
    return made


#: pydicom 1.x's names of PersonName (Python 3 and "unicode" spellings).
PersonName3: Final = PersonName
PersonNameUnicode: Final = PersonName


# --- DA, DT, TM ------------------------------------------------------------------------


def _parsed(kind: type[Date] | type[Time] | type[DateTime], vr: str, text: str) -> Any:
    """The datetime value of DICOM text, or ValueError naming the VR."""
    try:
        value = kind(text.strip())
        if isinstance(value, Date):
            return value.to_date()
        if isinstance(value, Time):
            return value.to_time()
        return value.to_datetime()
    except (InvalidValueError, TypeError) as exc:
        raise ValueError(f"Unable to convert '{text}' to '{vr}' object: {exc}") from None


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
        # The text, not datetime's packed state (which the text constructor cannot take).
        return (type(self), (self.original_string,))


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
        # The text, not datetime's packed state (which the text constructor cannot take).
        return (type(self), (self.original_string,))


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
        # The text, not datetime's packed state (which the text constructor cannot take).
        return (type(self), (self.original_string,))


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


def person_name(value: CorePersonName) -> PersonName:
    return PersonName._of(value.text)


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

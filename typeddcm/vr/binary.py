"""Binary numeric VRs (FD FL SL SS SV UL US UV) and AT.

Strategy: values are held as one read-only numpy array, 1-D, whose dtype carries
the byte order (a value read from a big endian file is a view with dtype ``>u2``,
never byte-swapped or copied).  ``.values`` gives Python numbers on request and
``.array`` the array itself, so a 4096-entry LUT costs one buffer, not 4096 ints.
numpy is imported by the functions that make or use an array, not by this module:
``import typeddcm`` and reading text values never load it (its import is most of
what a bare ``import typeddcm`` would otherwise cost).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeAlias, TypeVar

from typeddcm.errors import InvalidTagError, InvalidValueError, UnknownKeywordError
from typeddcm.tag import Tag
from typeddcm.vr._base import VR

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "AT",
    "FD",
    "FL",
    "SL",
    "SS",
    "SV",
    "UL",
    "US",
    "UV",
    "ATInput",
    "FloatInput",
    "IntInput",
]

#: Natural input of an integer VR: one int, several, or an integer numpy array.
IntInput: TypeAlias = "int | Iterable[int] | npt.NDArray[np.integer[Any]] | None"
#: Natural input of a floating point VR.
FloatInput: TypeAlias = "float | Iterable[float] | npt.NDArray[np.floating[Any]] | None"
#: Natural input of AT: tags as ints, (group, element) pairs or keywords.
ATInput: TypeAlias = "int | tuple[int, int] | str | Iterable[int | tuple[int, int] | str] | None"


def _readonly(array: npt.NDArray[Any]) -> npt.NDArray[Any]:
    if array.flags.writeable:
        array = array.view()
        array.flags.writeable = False
    return array


#: The Python type of one value: int for the integer VRs, float for FL and FD.
N = TypeVar("N", covariant=True)


class _Numeric(VR[N]):
    """Shared behaviour of the binary numeric VRs; the array is the one field."""

    __slots__ = ("array",)

    if TYPE_CHECKING:  # read-only for mypy; a slot at run time

        @property
        def array(self) -> npt.NDArray[Any]: ...
    #: Little endian dtype of one value.
    dtype: ClassVar[str]

    def _init(self, values: object) -> None:
        object.__setattr__(self, "array", _readonly(self._convert(values)))

    @classmethod
    def _convert(cls, values: Any) -> npt.NDArray[Any]:
        msg = f"{cls.__name__} is an abstract base; use one of the VR classes"
        raise TypeError(msg)

    @classmethod
    def from_buffer(cls, data: bytes | memoryview, *, little_endian: bool = True) -> Self:
        """A view over encoded bytes (no copy): the codec's constructor."""
        import numpy as np

        dtype = np.dtype(cls.dtype if little_endian else cls.dtype.replace("<", ">"))
        usable = len(data) - len(data) % dtype.itemsize
        return cls._trusted_array(np.frombuffer(data, dtype=dtype, count=usable // dtype.itemsize))

    @classmethod
    def _trusted_array(cls, array: npt.NDArray[Any]) -> Self:
        obj = object.__new__(cls)
        object.__setattr__(obj, "array", _readonly(array))
        return obj

    @classmethod
    def _trusted(cls, values: Any) -> Self:
        import numpy as np

        return cls._trusted_array(np.asarray(values, dtype=cls.dtype))

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    @property
    def values(self) -> tuple[Any, ...]:
        return tuple(self.array.tolist())

    @property
    def vm(self) -> int:
        return int(self.array.shape[0])

    def __len__(self) -> int:
        return int(self.array.shape[0])

    def __bool__(self) -> bool:
        return int(self.array.shape[0]) > 0

    def tobytes(self, *, little_endian: bool = True) -> bytes:
        """The values encoded in the given byte order."""
        return self.array.astype(self.dtype if little_endian else self.dtype.replace("<", ">"),
                                 copy=False).tobytes()

    def __eq__(self, other: object) -> bool:
        import numpy as np

        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Numeric)
        return bool(np.array_equal(self.array, other.array, equal_nan=self.dtype.startswith("<f")))

    def __hash__(self) -> int:
        return hash((self.code, self.tobytes()))

    def __repr__(self) -> str:
        values = self.array.tolist()
        shown = values if len(values) <= 16 else [*values[:16], "..."]
        return f"{type(self).__name__}({shown!r})"

    def __str__(self) -> str:
        return "\\".join(str(v) for v in self.array.tolist())

    def __reduce__(self) -> tuple[Any, ...]:
        # The bytes and dtype, not the array: numpy's own pickle adds ~150 bytes a value.
        array = self.array
        return (_rebuild_numeric, (type(self), array.tobytes(), array.dtype.str))

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        cls._convert(values)


def _as_items(cls: type[_Numeric[Any]], values: Any, scalar: tuple[type, ...]) -> tuple[Any, ...]:
    """One scalar or an iterable of them as a tuple; anything else is refused."""
    if isinstance(values, scalar):
        return (values,)
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise cls._fail(values, f"{cls.code} takes numbers, not {type(values).__name__}")
    return tuple(values)


def _rebuild_numeric(cls: type[_Numeric[Any]], data: bytes, dtype: str) -> _Numeric[Any]:
    import numpy as np

    return cls._trusted_array(np.frombuffer(data, dtype=dtype))


class _Integer(_Numeric[int]):
    """Integer VRs: range-checked against the VR's bit width."""

    __slots__ = ()

    def __init__(self, values: IntInput = None) -> None:
        self._init(values)
    low: ClassVar[int]
    high: ClassVar[int]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(self.array.tolist())

    @property
    def value(self) -> int:
        return int(super().value)

    @classmethod
    def _convert(cls, values: Any) -> npt.NDArray[Any]:
        import numpy as np

        if values is None:
            return np.empty(0, dtype=cls.dtype)
        if isinstance(values, np.ndarray):
            if values.dtype.kind not in "iu" and values.size:
                raise cls._fail(values, f"needs integers, not {values.dtype} values")
            flat = values.reshape(-1)
            if flat.size and (int(flat.min()) < cls.low or int(flat.max()) > cls.high):
                raise cls._fail(values, f"values must lie in {cls.low}..{cls.high}")
            return flat.astype(cls.dtype)
        items = _as_items(cls, values, (int, np.integer))
        for item in items:
            if isinstance(item, bool) or not isinstance(item, (int, np.integer)):
                raise cls._fail(item, "must be an int")
            if not cls.low <= item <= cls.high:
                raise cls._fail(item, f"must lie in {cls.low}..{cls.high}")
        return np.array(items, dtype=cls.dtype)


class _Float(_Numeric[float]):
    """Floating point VRs (IEEE 754 binary32 / binary64)."""

    __slots__ = ()

    def __init__(self, values: FloatInput = None) -> None:
        self._init(values)

    @property
    def values(self) -> tuple[float, ...]:
        return tuple(self.array.tolist())

    @property
    def value(self) -> float:
        return float(super().value)

    @classmethod
    def _convert(cls, values: Any) -> npt.NDArray[Any]:
        import numpy as np

        if values is None:
            return np.empty(0, dtype=cls.dtype)
        if isinstance(values, np.ndarray):
            if values.dtype.kind not in "iuf" and values.size:
                raise cls._fail(values, f"needs real numbers, not {values.dtype} values")
            items_array = values.reshape(-1)
        else:
            items = _as_items(cls, values, (int, float, np.number))
            for item in items:
                if isinstance(item, bool) or not isinstance(item, (int, float, np.number)):
                    raise cls._fail(item, "must be a real number")
            items_array = np.array(items, dtype=np.float64)
        with np.errstate(over="ignore"):
            converted = items_array.astype(cls.dtype)
        finite_in = np.isfinite(items_array.astype(np.float64))
        if bool(np.any(finite_in & ~np.isfinite(converted))):
            raise cls._fail(values, f"a finite value overflows {cls.code}'s {cls.vr_name} range")
        return converted


class FL(_Float):
    """Floating Point Single."""

    __slots__ = ()
    code: ClassVar[str] = "FL"
    vr_name: ClassVar[str] = "Floating Point Single"
    dtype: ClassVar[str] = "<f4"


class FD(_Float):
    """Floating Point Double."""

    __slots__ = ()
    code: ClassVar[str] = "FD"
    vr_name: ClassVar[str] = "Floating Point Double"
    dtype: ClassVar[str] = "<f8"


class SS(_Integer):
    """Signed Short."""

    __slots__ = ()
    code: ClassVar[str] = "SS"
    vr_name: ClassVar[str] = "Signed Short"
    dtype: ClassVar[str] = "<i2"
    low: ClassVar[int] = -(2**15)
    high: ClassVar[int] = 2**15 - 1


class US(_Integer):
    """Unsigned Short."""

    __slots__ = ()
    code: ClassVar[str] = "US"
    vr_name: ClassVar[str] = "Unsigned Short"
    dtype: ClassVar[str] = "<u2"
    low: ClassVar[int] = 0
    high: ClassVar[int] = 2**16 - 1


class SL(_Integer):
    """Signed Long."""

    __slots__ = ()
    code: ClassVar[str] = "SL"
    vr_name: ClassVar[str] = "Signed Long"
    dtype: ClassVar[str] = "<i4"
    low: ClassVar[int] = -(2**31)
    high: ClassVar[int] = 2**31 - 1


class UL(_Integer):
    """Unsigned Long."""

    __slots__ = ()
    code: ClassVar[str] = "UL"
    vr_name: ClassVar[str] = "Unsigned Long"
    dtype: ClassVar[str] = "<u4"
    low: ClassVar[int] = 0
    high: ClassVar[int] = 2**32 - 1


class SV(_Integer):
    """Signed 64-bit Very Long."""

    __slots__ = ()
    code: ClassVar[str] = "SV"
    vr_name: ClassVar[str] = "Signed 64-bit Very Long"
    long_length: ClassVar[bool] = True
    dtype: ClassVar[str] = "<i8"
    low: ClassVar[int] = -(2**63)
    high: ClassVar[int] = 2**63 - 1


class UV(_Integer):
    """Unsigned 64-bit Very Long."""

    __slots__ = ()
    code: ClassVar[str] = "UV"
    vr_name: ClassVar[str] = "Unsigned 64-bit Very Long"
    long_length: ClassVar[bool] = True
    dtype: ClassVar[str] = "<u8"
    low: ClassVar[int] = 0
    high: ClassVar[int] = 2**64 - 1


def _to_tag(item: object) -> Tag:
    if isinstance(item, Tag):
        return item
    if isinstance(item, (int, str)) and not isinstance(item, bool):
        return Tag(item)
    if isinstance(item, tuple) and len(item) == 2:
        group, element = item
        if isinstance(group, int) and isinstance(element, int):
            return Tag(group, element)
    msg = f"cannot make a tag from {item!r}"
    raise InvalidTagError(msg)


def to_tags(value: ATInput) -> tuple[Tag, ...]:
    """Convert AT input: a (group, element) tuple is one tag, a list holds several."""
    if value is None:
        return ()
    if isinstance(value, (int, str)) or (isinstance(value, tuple) and len(value) == 2
                                         and all(isinstance(v, int) for v in value)):
        try:
            return (_to_tag(value),)
        except (InvalidTagError, UnknownKeywordError) as exc:
            raise InvalidValueError("AT", value, str(exc)) from None
    try:
        return tuple(_to_tag(item) for item in value)
    except (InvalidTagError, UnknownKeywordError) as exc:
        raise InvalidValueError("AT", value, str(exc)) from None


class AT(VR[Tag]):
    """Attribute Tag."""

    __slots__ = ("values",)
    code: ClassVar[str] = "AT"
    vr_name: ClassVar[str] = "Attribute Tag"
    if TYPE_CHECKING:  # read-only for mypy; a slot at run time

        @property
        def values(self) -> tuple[Tag, ...]: ...

    def __init__(self, values: ATInput = None) -> None:
        object.__setattr__(self, "values", to_tags(values))

    def __setattr__(self, name: str, value: object) -> None:
        msg = "AT is immutable"
        raise AttributeError(msg)

    def __eq__(self, other: object) -> bool:
        if type(other) is not AT:
            return NotImplemented
        assert isinstance(other, AT)
        return self.values == other.values

    def __hash__(self) -> int:
        return hash(("AT", self.values))

    def __repr__(self) -> str:
        return f"AT({[str(t) for t in self.values]!r})"

    def __str__(self) -> str:
        return "\\".join(str(t) for t in self.values)

    # Pickled by VR.__reduce__ (class and values): AT((0, 0)) would read a pair of
    # ints as one (group, element) tag.

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or not all(isinstance(v, Tag) for v in values):
            raise cls._fail(values, "values must be a tuple of Tag")


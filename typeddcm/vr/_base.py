"""The contract every Value Representation class keeps.

Strategy: each VR is a frozen, slotted attrs class with one field, ``values``,
holding its values in natural Python types.  The public constructor converts
natural input and validates it strictly against PS3.5; the codec builds objects
through :meth:`VR._trusted`, which skips both (values read from a file are
checked leniently, and only when asked), because object creation dominates the
cost of reading.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Generic, Self, TypeVar

from typeddcm.errors import EmptyValueError, InvalidValueError, MultipleValuesError

__all__ = ["VR", "T", "no_single_value"]

T = TypeVar("T", covariant=True)


class VR(Generic[T]):
    """Base of the 34 VR classes: ``values`` (all), ``value`` (the one), ``vm``."""

    __slots__ = ()

    #: The two-letter code of PS3.5 Table 6.2-1.
    code: ClassVar[str]
    #: The VR's name as PS3.5 writes it.
    vr_name: ClassVar[str]
    #: True for VRs with a 4-byte length field in explicit VR encoding.
    long_length: ClassVar[bool] = False

    if TYPE_CHECKING:
        # Each VR stores or computes its values; this is only the contract for mypy.
        @property
        def values(self) -> Sequence[T]: ...

    @property
    def value(self) -> T:
        """The single value; :class:`EmptyValueError` for VM 0, :class:`MultipleValuesError` above 1.

        A value that may be empty (Type 2) or absent reads best as ``ds.value_of(key)``:
        None, or the single value.
        """
        values = self.values
        if len(values) != 1:
            raise no_single_value(self.code, len(values))
        return values[0]

    @property
    def vm(self) -> int:
        """The value multiplicity: how many values there are."""
        return len(self.values)

    def __len__(self) -> int:
        return len(self.values)

    def __iter__(self) -> Iterator[T]:
        return iter(self.values)

    def __bool__(self) -> bool:
        return len(self.values) > 0

    def __reduce__(self) -> tuple[Any, ...]:
        # The class and its values, rebuilt as the codec builds them (no conversion, no
        # validation): far smaller than attrs' state dict.  Array and buffer VRs override.
        return (_rebuild, (type(self), self.values))

    def __copy__(self) -> Self:
        return self  # every VR object is immutable

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def validate(self, *, strict: bool = True) -> None:
        """Raise :class:`InvalidValueError` if the values break PS3.5.

        ``strict=False`` checks only what must hold for the value to be encoded
        at all (numeric ranges, types); over-long text or characters outside the
        repertoire pass, as they do in real-world files.
        """
        self._check(self.values, strict)

    def is_valid(self, *, strict: bool = True) -> bool:
        """True when :meth:`validate` would not raise."""
        try:
            self.validate(strict=strict)
        except InvalidValueError:
            return False
        return True

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        """Validate converted values; each VR family overrides this."""

    @classmethod
    def _trusted(cls, values: Any) -> Self:
        """Build without conversion or validation: for the codec and for lenient reading."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "values", values)
        return obj

    @classmethod
    def _fail(cls, value: object, rule: str) -> InvalidValueError:
        return InvalidValueError(cls.code, value, rule)


def no_single_value(code: str, vm: int, name: str = "", key: str = "key") -> MultipleValuesError:
    """The error for ``.value`` of a VM other than 1.

    ``name`` names the attribute (``StudyDate (0008,0020)``) and ``key`` how to pass
    it to the accessors (``keys.StudyDate``) when the caller knows them.  A VR object
    does not know its tag (one object may be stored under several tags), so
    ``ds[keys.StudyDate].value`` names only the VR, while ``Element.value`` and
    ``Dataset.value_of`` name the attribute.
    """
    what = name or f"this {code} value"
    if vm == 0:
        return EmptyValueError(
            f"{what} is empty (VM 0), so it has no single value: use ds.value_of({key}), which"
            " gives None for an empty or absent value, or .values")
    return MultipleValuesError(
        f"{what} has {vm} values, so it has no single value: use ds.values_of({key}) or .values")


def _rebuild(cls: type[VR[Any]], values: Any) -> VR[Any]:
    return cls._trusted(values)


def check_vm_one(cls: type[VR[Any]], values: Sequence[object]) -> None:
    """VRs whose value multiplicity is always 0 or 1 (LT, ST, UT, UR, OB ...)."""
    if len(values) > 1:
        raise cls._fail(values, "this VR holds a single value (VM 1)")

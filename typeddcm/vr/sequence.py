"""SQ: a sequence of items, each a Dataset, held in a persistent vector.

Replacing one item of a 10,000-item sequence copies one 64-item chunk, not the
whole list, and shares every other item with the previous version.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeAlias

from typeddcm._persistent import Vector
from typeddcm.vr._base import VR

if TYPE_CHECKING:
    from typeddcm.dataset import Dataset

__all__ = ["SQ", "SQInput"]

#: Natural input of SQ: the items, as datasets.
SQInput: TypeAlias = "Iterable[Dataset] | None"


def _is_dataset(item: object) -> bool:
    from typeddcm.dataset import Dataset  # the dataset module sits above the VR layer

    return isinstance(item, Dataset)


class SQ(VR["Dataset"]):
    """Sequence of Items."""

    __slots__ = ("values",)
    code: ClassVar[str] = "SQ"
    vr_name: ClassVar[str] = "Sequence of Items"
    long_length: ClassVar[bool] = True

    if TYPE_CHECKING:  # read-only for mypy; a slot at run time

        @property
        def values(self) -> Vector[Dataset]: ...

    def __init__(self, items: SQInput = None) -> None:
        vector: Vector[Dataset] = items if isinstance(items, Vector) else Vector(items or ())
        self._check(vector, True)
        object.__setattr__(self, "values", vector)

    @classmethod
    def _trusted(cls, values: Any) -> Self:
        obj = object.__new__(cls)
        object.__setattr__(obj, "values", values if isinstance(values, Vector) else Vector(values))
        return obj

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        for index, item in enumerate(values):
            if not _is_dataset(item):
                raise cls._fail(item, f"item {index} must be a Dataset, not {type(item).__name__}")

    def __setattr__(self, name: str, value: object) -> None:
        msg = "SQ is immutable"
        raise AttributeError(msg)

    def __getitem__(self, index: int) -> Dataset:
        return self.values[index]

    def set(self, index: int, item: Dataset) -> SQ:
        """A new SQ with item ``index`` replaced; the other items are shared."""
        self._check((item,), True)
        return SQ._trusted(self.values.set(index, item))

    def append(self, item: Dataset) -> SQ:
        """A new SQ with ``item`` added at the end."""
        self._check((item,), True)
        return SQ._trusted(self.values.append(item))

    def insert(self, index: int, item: Dataset) -> SQ:
        """A new SQ with ``item`` inserted before ``index``."""
        self._check((item,), True)
        return SQ._trusted(self.values.insert(index, item))

    def delete(self, index: int) -> SQ:
        """A new SQ without item ``index``."""
        return SQ._trusted(self.values.delete(index))

    def __eq__(self, other: object) -> bool:
        if type(other) is not SQ:
            return NotImplemented
        assert isinstance(other, SQ)
        return self.values == other.values

    def __hash__(self) -> int:
        return hash(("SQ", self.values))

    def __repr__(self) -> str:
        return f"SQ(<{len(self.values)} items>)"

    def __str__(self) -> str:
        return repr(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SQ, (tuple(self.values),))


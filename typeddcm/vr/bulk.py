"""Bulk binary VRs: OB OD OF OL OV OW UN.

Strategy: the value is one read-only ``memoryview`` over the encoded bytes, shared
with the file it came from (pixel data is never copied), plus the byte order the
words are in; ``.array`` is a numpy view of it.  A value's VM is 1 (or 0 when
empty): a bulk value is one blob, whatever its size.
"""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, SupportsIndex, TypeAlias

from typeddcm._numpy import is_ndarray
from typeddcm.vr._base import VR

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["OB", "OD", "OF", "OL", "OV", "OW", "UN", "BytesInput"]

#: Natural input of a bulk VR: anything exposing bytes, or a numpy array.
BytesInput: TypeAlias = "bytes | bytearray | memoryview | npt.NDArray[Any] | None"


def to_readonly_view(value: BytesInput) -> memoryview:
    """A read-only byte view of ``value``; copies only what the caller could still change."""
    data: object = value  # callers without type checking may pass anything
    if data is None:
        return memoryview(b"")
    if is_ndarray(data):  # without importing numpy: no array exists before it is loaded
        import numpy as np

        data = np.ascontiguousarray(data).tobytes()
    elif isinstance(data, bytearray):
        data = bytes(data)  # the caller keeps their bytearray; ours must not change under us
    elif isinstance(data, memoryview) and not data.readonly:
        data = data.tobytes()
    elif not isinstance(data, (bytes, memoryview)):
        msg = f"bulk data must be bytes-like, not {type(data).__name__}"
        raise TypeError(msg)
    view = memoryview(data)
    if view.format != "B" or view.ndim != 1:
        view = view.cast("B")
    return view.toreadonly()


class _Bulk(VR[memoryview]):
    """Shared behaviour of the bulk VRs."""

    __slots__ = ("data", "byteorder")

    if TYPE_CHECKING:  # read-only for mypy; slots at run time

        @property
        def data(self) -> memoryview:
            """The encoded bytes, read-only."""

        @property
        def byteorder(self) -> Literal["<", ">"]:
            """Byte order of multi-byte words in ``data``: "<" little, ">" big endian."""
    long_length: ClassVar[bool] = True
    #: Size of one word; a value's length must be a multiple of it.
    word_size: ClassVar[int] = 1
    dtype: ClassVar[str] = "u1"

    def __init__(self, data: BytesInput = None, *, byteorder: Literal["<", ">"] = "<") -> None:
        view = to_readonly_view(data)
        self._check_length(len(view), True)
        object.__setattr__(self, "data", view)
        object.__setattr__(self, "byteorder", byteorder)

    @classmethod
    def from_buffer(cls, data: bytes | memoryview, *, little_endian: bool = True) -> Self:
        """Wrap encoded bytes without copying or checking: the codec's constructor."""
        obj = object.__new__(cls)
        view = memoryview(data)
        object.__setattr__(obj, "data", view if view.readonly else view.toreadonly())
        object.__setattr__(obj, "byteorder", "<" if little_endian else ">")
        return obj

    @classmethod
    def _trusted(cls, values: Any) -> Self:
        return cls.from_buffer(values[0] if isinstance(values, tuple) and values else
                               (values if values else b""))

    def __setattr__(self, name: str, value: object) -> None:
        msg = f"{type(self).__name__} is immutable"
        raise AttributeError(msg)

    @property
    def values(self) -> tuple[memoryview, ...]:
        return (self.data,) if len(self.data) else ()

    @property
    def vm(self) -> int:
        return 1 if len(self.data) else 0

    def __len__(self) -> int:
        return 1 if len(self.data) else 0

    def __bool__(self) -> bool:
        return len(self.data) > 0

    @property
    def nbytes(self) -> int:
        """Length of the value in bytes."""
        return len(self.data)

    @property
    def array(self) -> npt.NDArray[Any]:
        """A read-only numpy view of the words (no copy)."""
        import numpy as np  # here, not at import: most reads never ask for an array

        dtype = np.dtype(self.dtype if self.word_size == 1 else self.byteorder + self.dtype)
        usable = len(self.data) - len(self.data) % dtype.itemsize
        return np.frombuffer(self.data, dtype=dtype, count=usable // dtype.itemsize)

    def tobytes(self, *, little_endian: bool = True) -> bytes:
        """The value's bytes in the given byte order (swapping words when needed)."""
        wanted = "<" if little_endian else ">"
        if self.word_size == 1 or wanted == self.byteorder:
            return self.data.tobytes()
        return self.array.astype(wanted + self.dtype).tobytes()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, _Bulk)
        if self.byteorder == other.byteorder or self.word_size == 1:
            return self.data == other.data
        return self.tobytes() == other.tobytes()

    def __hash__(self) -> int:
        return hash((self.code, self.tobytes()))

    def __repr__(self) -> str:
        head = self.data[:16].tobytes()
        more = "..." if len(self.data) > 16 else ""
        return f"{type(self).__name__}({head!r}{more}, {len(self.data)} bytes)"

    def __str__(self) -> str:
        return repr(self)

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # Protocol 5 writes the bytes straight from the view (no copy of pixel data first).
        data = pickle.PickleBuffer(self.data) if int(protocol) >= 5 else self.data.tobytes()
        return (_rebuild, (type(self), data, self.byteorder))

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or len(values) > 1:
            raise cls._fail(values, "a bulk value is a single buffer")
        if values:
            cls._check_length(len(values[0]), strict)

    def validate(self, *, strict: bool = True) -> None:
        self._check_length(len(self.data), strict)

    @classmethod
    def _check_length(cls, length: int, strict: bool) -> None:
        if length > 0xFFFFFFFE:
            raise cls._fail(f"<{length} bytes>", "longer than 2**32 - 2 bytes")
        if strict and length % cls.word_size:
            raise cls._fail(f"<{length} bytes>", f"length must be a multiple of {cls.word_size}")


def _rebuild(cls: type[_Bulk], data: bytes | memoryview, byteorder: Literal["<", ">"]) -> _Bulk:
    return cls.from_buffer(data, little_endian=byteorder == "<")


class OB(_Bulk):
    """Other Byte."""

    __slots__ = ()
    code: ClassVar[str] = "OB"
    vr_name: ClassVar[str] = "Other Byte"


class UN(_Bulk):
    """Unknown."""

    __slots__ = ()
    code: ClassVar[str] = "UN"
    vr_name: ClassVar[str] = "Unknown"


class OW(_Bulk):
    """Other Word."""

    __slots__ = ()
    code: ClassVar[str] = "OW"
    vr_name: ClassVar[str] = "Other Word"
    word_size: ClassVar[int] = 2
    dtype: ClassVar[str] = "u2"


class OF(_Bulk):
    """Other Float."""

    __slots__ = ()
    code: ClassVar[str] = "OF"
    vr_name: ClassVar[str] = "Other Float"
    word_size: ClassVar[int] = 4
    dtype: ClassVar[str] = "f4"


class OD(_Bulk):
    """Other Double."""

    __slots__ = ()
    code: ClassVar[str] = "OD"
    vr_name: ClassVar[str] = "Other Double"
    word_size: ClassVar[int] = 8
    dtype: ClassVar[str] = "f8"


class OL(_Bulk):
    """Other Long."""

    __slots__ = ()
    code: ClassVar[str] = "OL"
    vr_name: ClassVar[str] = "Other Long"
    word_size: ClassVar[int] = 4
    dtype: ClassVar[str] = "u4"


class OV(_Bulk):
    """Other 64-bit Very Long."""

    __slots__ = ()
    code: ClassVar[str] = "OV"
    vr_name: ClassVar[str] = "Other 64-bit Very Long"
    word_size: ClassVar[int] = 8
    dtype: ClassVar[str] = "u8"

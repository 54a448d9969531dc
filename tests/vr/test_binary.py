"""Tests of the binary numeric VRs and AT."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm import InvalidValueError, MultipleValuesError, Tag
from typeddcm.vr import AT, FD, FL, SL, SS, SV, UL, US, UV

INTS = [(SS, -(2**15), 2**15 - 1), (US, 0, 2**16 - 1), (SL, -(2**31), 2**31 - 1),
        (UL, 0, 2**32 - 1), (SV, -(2**63), 2**63 - 1), (UV, 0, 2**64 - 1)]


@pytest.mark.parametrize(("cls", "low", "high"), INTS)
def test_integer_ranges(cls: type[US], low: int, high: int) -> None:
    """The limits of each width are accepted and one beyond them refused."""
    assert cls([low, high]).values == (low, high)
    for bad in (low - 1, high + 1):
        with pytest.raises(InvalidValueError, match=f"{low}..{high}"):
            cls(bad)


@pytest.mark.parametrize(("cls", "low", "high"), INTS)
def test_integer_from_buffer_both_orders(cls: type[US], low: int, high: int) -> None:
    """from_buffer views bytes of either order without copying, equal to the values."""
    values = [low, high, 0]
    little = np.array(values, dtype=cls.dtype).tobytes()
    big = np.array(values, dtype=cls.dtype.replace("<", ">")).tobytes()
    a = cls.from_buffer(little)
    b = cls.from_buffer(big, little_endian=False)
    assert a == b == cls(values)
    assert a.values == b.values == tuple(values)
    assert b.tobytes(little_endian=True) == little
    assert np.shares_memory(a.array, np.frombuffer(little, dtype="u1")) or a.array.base is not None


def test_value_and_vm() -> None:
    """.value is the single value as a Python int; VM other than 1 is an error."""
    assert US(512).value == 512
    assert type(US(512).value) is int
    assert US([1, 2]).vm == 2
    with pytest.raises(MultipleValuesError):
        _ = US([1, 2]).value
    with pytest.raises(MultipleValuesError):
        _ = US().value


def test_rejects_non_integers() -> None:
    """Floats, bools and strings are not integer values."""
    for bad in (1.5, True, "1"):
        with pytest.raises(InvalidValueError):
            US(bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidValueError):
        US(np.array([1.5]))


def test_numpy_input_and_readonly_array() -> None:
    """A numpy array converts in one step, and the stored array cannot be written."""
    vr = US(np.arange(4096, dtype=np.int64))
    assert vr.vm == 4096
    assert not vr.array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        vr.array[0] = 1


def test_floats() -> None:
    """FL refuses finite values beyond binary32; NaN and infinities are IEEE values."""
    assert FD(0.1).value == 0.1
    assert FL(0.5).value == 0.5
    with pytest.raises(InvalidValueError, match="overflows"):
        FL(1e39)
    assert FL(float("inf")).value == float("inf")
    assert FD(float("nan")) == FD(float("nan"))


@given(st.lists(st.floats(allow_nan=False, width=32), max_size=20))
def test_fl_round_trip(values: list[float]) -> None:
    """Encoding then viewing FL values gives them back exactly."""
    vr = FL(values)
    again = FL.from_buffer(vr.tobytes())
    assert again == vr
    assert again.values == tuple(values)


@given(st.lists(st.integers(0, 2**64 - 1), max_size=20), st.booleans())
def test_uv_round_trip(values: list[int], little: bool) -> None:
    """UV values survive encoding in either byte order."""
    vr = UV(values)
    assert UV.from_buffer(vr.tobytes(little_endian=little), little_endian=little).values == tuple(values)


def test_hash_eq_pickle() -> None:
    """Equal values hash equally, differ across VRs, and pickle."""
    assert hash(US([1, 2])) == hash(US((1, 2)))
    assert US(1) != SS(1)
    assert pickle.loads(pickle.dumps(SL([-5, 7]))) == SL([-5, 7])


def test_at_forms() -> None:
    """AT takes tags as ints, pairs and keywords; a tuple pair is one tag, a list several."""
    assert AT((0x0010, 0x0010)).values == (Tag(0x00100010),)
    assert AT([0x00100010, "PatientID", (0x0028, 0x0010)]).values == (
        Tag(0x00100010), Tag(0x00100020), Tag(0x00280010))
    assert str(AT(0x7FE00010)) == "(7FE0,0010)"
    with pytest.raises(InvalidValueError):
        AT("NotAKeyword")
    with pytest.raises(InvalidValueError):
        AT(-1)
    assert pickle.loads(pickle.dumps(AT(0x00100010))) == AT(0x00100010)

"""Tests of the bulk binary VRs (OB OD OF OL OV OW UN)."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm import InvalidValueError
from typeddcm.vr import OB, OD, OF, OL, OV, OW, UN

ALL = [OB, OD, OF, OL, OV, OW, UN]


@pytest.mark.parametrize("cls", ALL)
def test_zero_copy_view(cls: type[OB]) -> None:
    """from_buffer keeps a view of the caller's bytes: no copy of bulk data."""
    raw = bytes(range(16)) * 4
    vr = cls.from_buffer(raw)
    assert vr.data.obj is raw
    assert vr.data.readonly
    assert np.shares_memory(vr.array, np.frombuffer(raw, dtype="u1"))
    assert vr.value == raw
    assert vr.nbytes == 64


@pytest.mark.parametrize(("cls", "size"), [(OW, 2), (OF, 4), (OD, 8), (OL, 4), (OV, 8)])
def test_word_length_rule(cls: type[OB], size: int) -> None:
    """Strictly, a value's length is a multiple of its word size."""
    cls(b"\x00" * size * 3)
    with pytest.raises(InvalidValueError, match=f"multiple of {size}"):
        cls(b"\x00" * (size * 3 + 1))
    cls.from_buffer(b"\x00" * (size + 1)).validate(strict=False)


def test_bytearray_is_copied_once() -> None:
    """A mutable bytearray is copied so later changes by the caller don't leak in."""
    raw = bytearray(b"\x01\x02")
    vr = OB(raw)
    raw[0] = 9
    assert vr.value.tobytes() == b"\x01\x02"


@given(st.lists(st.integers(0, 65535), max_size=50), st.booleans())
def test_ow_byte_order(words: list[int], little: bool) -> None:
    """OW words read in either byte order give the same array and compare equal."""
    arr = np.array(words, dtype="<u2" if little else ">u2")
    vr = OW.from_buffer(arr.tobytes(), little_endian=little)
    assert vr.array.tolist() == words
    assert vr == OW(np.array(words, dtype="<u2"))
    assert vr.tobytes(little_endian=True) == np.array(words, dtype="<u2").tobytes()


def test_values_vm_pickle() -> None:
    """A bulk value is one blob (VM 1), empty is VM 0; pickling keeps bytes and order."""
    assert OB(b"ab").vm == 1
    assert OB().vm == 0 and OB().values == ()
    vr = OW.from_buffer(b"\x00\x01", little_endian=False)
    again = pickle.loads(pickle.dumps(vr))
    assert again == vr and again.byteorder == ">"


def test_immutable() -> None:
    """Bulk VR objects cannot be changed."""
    vr = OB(b"ab")
    with pytest.raises(AttributeError):
        vr.data = memoryview(b"x")  # type: ignore[misc]
    with pytest.raises(TypeError):
        vr.data[0] = 1

"""typeddcm.compat.util.hexutil against pydicom's util.hexutil (the oracle)."""

from __future__ import annotations

import binascii
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.compat.util.hexutil import bytes2hex, hex2bytes

pydicom = pytest.importorskip("pydicom")
from pydicom.util import hexutil as theirs  # noqa: E402


def test_hex2bytes_reads_pairs_separated_by_spaces() -> None:
    """The documented example: literal pieces with comments between them."""
    text = (
        "08 00 32 10 "  # (0008,1032) SQ
        "08 00 00 00 "  # length 8
        "fe ff 00 e0 "  # (FFFE,E000) Item Tag
    )
    expected = b"\x08\x00\x32\x10\x08\x00\x00\x00\xfe\xff\x00\xe0"
    assert hex2bytes(text) == expected == theirs.hex2bytes(text)
    assert hex2bytes(text.encode()) == expected == theirs.hex2bytes(text.encode())


def test_hex2bytes_takes_any_whitespace_and_bytes_like() -> None:
    """Tabs and newlines are separators too (pydicom drops only spaces)."""
    assert hex2bytes("0a\t0B\n 0c\r\n") == b"\x0a\x0b\x0c"
    assert hex2bytes(bytearray(b"ff 00")) == b"\xff\x00"
    assert hex2bytes(memoryview(b"ff 00")) == b"\xff\x00"
    assert hex2bytes("") == b""


@given(st.binary(max_size=64))
def test_bytes2hex_is_pydicoms_and_hex2bytes_reverses_it(data: bytes) -> None:
    """Lower-case pairs, one space apart; reading them back gives the bytes."""
    text = bytes2hex(data)
    assert text == theirs.bytes2hex(data)
    assert hex2bytes(text) == data == theirs.hex2bytes(text)
    assert bytes2hex(bytearray(data)) == bytes2hex(memoryview(data)) == text


@pytest.mark.parametrize("bad", [12, None, ["08"], 1.5])
def test_hex2bytes_refuses_what_is_not_text(bad: Any) -> None:
    """TypeError, pydicom's type, naming what was given."""
    with pytest.raises(TypeError, match="bytes or string"):
        hex2bytes(bad)
    with pytest.raises(TypeError):
        theirs.hex2bytes(bad)


@pytest.mark.parametrize("bad", ["0", "0g", "08 0", "zz", "08 00 é0", b"\xff\xfe"])
def test_hex2bytes_refuses_what_is_not_hex_pairs(bad: str | bytes) -> None:
    """binascii.Error, a ValueError, as pydicom's; the message quotes the input."""
    with pytest.raises(binascii.Error, match="hex"):
        hex2bytes(bad)
    with pytest.raises(binascii.Error):  # pydicom raises the same (a ValueError)
        theirs.hex2bytes(bad)


@pytest.mark.parametrize("bad", ["08 00", 8, None])
def test_bytes2hex_refuses_what_is_not_bytes(bad: Any) -> None:
    """TypeError for text and other objects, as pydicom's b2a_hex gives."""
    with pytest.raises(TypeError, match="bytes"):
        bytes2hex(bad)
    with pytest.raises(TypeError):
        theirs.bytes2hex(bad)

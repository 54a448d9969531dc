"""pydicom's ``util.hexutil``: hex text <-> bytes, for writing test data by hand.

``hex2bytes("08 00 32 10")`` gives ``b"\\x08\\x002\\x10"`` and ``bytes2hex`` gives back
``"08 00 32 10"`` (lower case, one space between bytes), as pydicom's do.  Where
pydicom drops only spaces before decoding, any whitespace is dropped here (a tab
or newline inside triple-quoted hex is not an error); bytes-like inputs
(``bytearray``, ``memoryview``) are taken as ``bytes`` are.
"""

from __future__ import annotations

import binascii
import re

__all__ = ["bytes2hex", "hex2bytes"]

_WHITESPACE = re.compile(rb"\s+")


def hex2bytes(hexstring: str | bytes | bytearray | memoryview) -> bytes:
    """The bytes written as hex digit pairs in ``hexstring``, whitespace ignored.

    Useful for building byte sequences in tests with comments between the
    pieces (Python joins adjacent string literals)::

        hex2bytes(
            "08 00 32 10 "  # (0008,1032) SQ
            "08 00 00 00 "  # length 8
        )

    TypeError for anything but text or bytes; ValueError (``binascii.Error``,
    pydicom's) for text that is not an even number of hex digits.
    """
    if isinstance(hexstring, str):
        try:
            data = hexstring.encode("ascii")
        except UnicodeEncodeError:
            msg = f"hex2bytes: {hexstring!r} holds characters that are not hex digits"
            raise binascii.Error(msg) from None
    elif isinstance(hexstring, (bytes, bytearray, memoryview)):
        data = bytes(hexstring)
    else:
        msg = f"argument shall be bytes or string type, not {type(hexstring).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    digits = _WHITESPACE.sub(b"", data)
    try:
        return binascii.a2b_hex(digits)
    except binascii.Error as error:
        msg = f"hex2bytes: {hexstring!r} is not pairs of hex digits ({error})"
        raise binascii.Error(msg) from None


def bytes2hex(byte_string: bytes | bytearray | memoryview) -> str:
    """``byte_string`` as lower-case hex pairs separated by one space: ``"08 00 32 10"``.

    TypeError for anything that is not bytes-like (a ``str`` included).
    """
    if not isinstance(byte_string, (bytes, bytearray, memoryview)):
        msg = f"bytes2hex takes bytes, not {type(byte_string).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    return bytes(byte_string).hex(" ")

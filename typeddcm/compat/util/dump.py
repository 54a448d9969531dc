"""pydicom's ``util.dump``: hex dumps of files and bytes, and a dataset printed as it is walked.

Strategy: one formatter, :func:`hexdump`, over any seekable binary file object
(or bytes); :func:`filedump` and :func:`datadump` open the file or wrap the
bytes.  The text is pydicom 3's (since 2.2): upper-case offsets padded to the
width of the last offset, two spaces, sixteen upper-case hex pairs padded to 49
columns, then the printable characters (``.`` for the rest and for ``\\``), one
line per 16 bytes, lines joined by ``\\n``.

Where pydicom 1.x differs, and why we give the later behaviour:

* 1.x's ``hexdump`` wrote ``str`` into a ``BytesIO`` and called ``ord`` on the ints
  that iterating ``bytes`` gives, so under Python 3 it raised ``TypeError`` on the
  first line (its intended lower-case ``"0000 : "`` layout never ran).  No working
  code depends on it; the layout above is the one pydicom produces today.
* 1.x's ``datadump(data)`` printed that dump (so it raised too); here, as in
  pydicom 3, it returns the text and takes ``start_address``/``stop_address``.
* ``hexdump``'s 1.x keyword ``showAddress`` is accepted as well as ``show_address``.

:func:`pretty_print` follows 1.x, whose behaviour did work: the argument is
``indent`` (``indent_level``, pydicom 3's name, is accepted too), three spaces per
level, and a sequence prints as ``"(300a, 00b0) Beam Sequence  2 item(s) ---"``
(pydicom 3: two spaces per level and ``"... Beam Sequence -- 2 item(s)"``).
Nested items use the caller's ``indent_chars`` (both pydicom versions drop it
below the first level and indent nested items with the default).
"""

from __future__ import annotations

import io
import os
import sys
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["datadump", "filedump", "hexdump", "pretty_print", "print_character"]

_BACKSLASH = 0x5C


def print_character(ordchr: int) -> str:
    """The character of byte value ``ordchr`` if printable ASCII (not ``\\``), else ``"."``."""
    if 31 < ordchr < 126 and ordchr != _BACKSLASH:
        return chr(ordchr)
    return "."


def _check_address(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{name} must be an int offset, not {type(value).__name__}"
        raise TypeError(msg)
    if value < 0:
        msg = f"{name} must not be negative, got {value}"
        raise ValueError(msg)


def hexdump(
    file_in: IO[bytes] | bytes | bytearray | memoryview,
    start_address: int = 0,
    stop_address: int | None = None,
    show_address: bool = True,
    *,
    showAddress: bool | None = None,
) -> str:
    """The bytes of ``file_in`` from ``start_address`` as hex and characters, 16 per line.

    ``file_in`` is a seekable binary file object (or bytes).  Lines start at
    ``start_address``, ``start_address + 16`` ... while the line's offset is not
    past ``stop_address`` (each line shows its whole 16 bytes; ``None`` or 0: to the
    end).  ``show_address`` (1.x: ``showAddress``) puts the offset first.  The file
    is left positioned after the last byte shown.  TypeError/ValueError for an
    address that is not a non-negative int.
    """
    _check_address("start_address", start_address)
    _check_address("stop_address", stop_address)
    if showAddress is not None:
        show_address = showAddress
    fp: IO[bytes] = (io.BytesIO(bytes(file_in))
                     if isinstance(file_in, (bytes, bytearray, memoryview)) else file_in)
    # The offsets are as wide as the largest one that can appear (pydicom 3's rule).
    width = len(f"{stop_address:X}") if stop_address else len(f"{fp.seek(0, os.SEEK_END):X}")
    fp.seek(start_address)
    lines: list[str] = []
    while True:
        offset = fp.tell()
        if stop_address and offset > stop_address:
            break
        data = fp.read(16)
        if not data:
            break
        address = f"{offset:0{width}X}  " if show_address else ""
        pairs = " ".join(f"{byte:02X}" for byte in data)
        text = "".join(print_character(byte) for byte in data)
        lines.append(f"{address}{pairs:<49}{text}")
    return "\n".join(lines)


def filedump(
    filename: str | bytes | os.PathLike[str] | os.PathLike[bytes],
    start_address: int = 0,
    stop_address: int | None = None,
) -> str:
    """:func:`hexdump` of the file at ``filename`` (opened, read and closed here)."""
    from typeddcm.io import open_file

    with open_file(filename) as fp:
        return hexdump(fp, start_address, stop_address)


def datadump(
    data: bytes | bytearray | memoryview, start_address: int = 0, stop_address: int | None = None
) -> str:
    """:func:`hexdump` of ``data`` (bytes); returned, as pydicom 3 does (1.x printed it)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        msg = f"datadump takes bytes, not {type(data).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    return hexdump(io.BytesIO(bytes(data)), start_address, stop_address)


def pretty_print(
    ds: Dataset,
    indent: int = 0,
    indent_chars: str = "   ",
    *,
    indent_level: int | None = None,
) -> None:
    """Print ``ds`` element by element as it is walked, items indented one level deeper.

    Unlike ``str(ds)``, each line is printed as soon as it is made, so a value that
    fails to convert shows where it is.  ``indent`` (pydicom 3: ``indent_level``) is
    the starting depth; ``indent_chars`` one level's indentation.  Each item of a
    sequence is followed by a ``---------`` line.
    """
    if indent_level is not None:
        indent = indent_level
    here = indent_chars * indent
    below = indent_chars * (indent + 1)
    out = sys.stdout
    for elem in ds:
        if elem.VR == "SQ":
            items = elem.value
            print(f"{here}{elem.tag} {elem.name}  {len(items)} item(s) ---", file=out)
            for item in items:
                pretty_print(item, indent + 1, indent_chars)
                print(below + "---------", file=out)
        else:
            print(here + repr(elem), file=out)

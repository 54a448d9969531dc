"""pydicom's ``util.leanread``: a file's raw elements, one header at a time, nothing decoded.

``with dicomfile(path) as f: for tag, vr, length, value, value_tell in f: ...``
yields each element as pydicom's lean reader does: ``tag`` a ``(group, element)``
tuple, ``vr`` the VR bytes of an explicit VR header (``b"UL"``) or None for implicit
VR, ``length`` the length field (0xFFFFFFFF: undefined), ``value`` the value bytes
(None when undefined length or deferred), ``value_tell`` where the value starts.
The file meta comes first (explicit VR little endian), then the dataset in the
transfer syntax the meta names.

Strategy: the reader pulls 8 bytes per header from the file object and unpacks
them with a precompiled ``struct.Struct`` after checking the length read, so it
stays a lean streaming scanner (a whole-file parse is what ``dcmread`` and the
sans-I/O codec are for).  A value of undefined length is not read: its header is
yielded with value None and its contents follow as elements of their own, as
pydicom's reader yields them for an undefined-length sequence in implicit VR.

Where pydicom's lean reader fails, this one reads on (each a superset of what
pydicom yields where pydicom works):

* item and delimiter tags (FFFE,xxxx) have no VR in any transfer syntax: their
  header is tag + 4-byte length (pydicom reads the length's bytes as a VR in
  explicit VR data and goes astray inside undefined-length sequences);
* any undefined-length value is followed into (pydicom raises
  ``NotImplementedError`` for all but sequences: encapsulated pixel data, an item
  of undefined length); inside an undefined-length UN value of explicit VR data
  the contents are implicit VR little endian (PS3.5 6.2.2), and are read so;
* a deflated transfer syntax is inflated first (``value_tell`` then counts in the
  inflated bytes), capped as ``typeddcm.read`` caps it.

Truncated input never raises ``struct.error``: a header cut short ends the
iteration (pydicom's leniency) with a ``UserWarning`` naming the offset, as does
the end of the file inside an undefined-length value; a value cut short is
yielded as far as it goes, with a warning.  A file without a Transfer Syntax UID:
``NotImplementedError`` (pydicom's); a UID that is not a transfer syntax:
``ValueError`` (pydicom's).
"""

from __future__ import annotations

import io
import os
import struct
import warnings
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import IO, TypeAlias

from typeddcm.codec._level import ReadLog, ReadOptions
from typeddcm.codec.part10 import _inflate, inflated_size_cap
from typeddcm.codec.reader import LONG_VRS
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.dictionary import lookup
from typeddcm.errors import UnsupportedTransferSyntaxError

from ..misc import size_in_bytes

__all__ = ["data_element_generator", "dicomfile"]

#: One raw element: (tag, VR bytes or None, length, value bytes or None, value offset).
ElementTuple: TypeAlias = tuple[tuple[int, int], bytes | None, int, bytes | None, int]

UNDEFINED_LENGTH = 0xFFFFFFFF
ITEM = 0xFFFEE000
ITEM_DELIMITER = 0xFFFEE00D
SEQUENCE_DELIMITER = 0xFFFEE0DD
_ITEM_GROUP = 0xFFFE
_TRANSFER_SYNTAX_UID = (0x0002, 0x0010)

#: The VRs whose explicit VR header has 2 reserved bytes and a 4-byte length.
extra_length_VRs_b = frozenset(vr.encode("ascii") for vr in LONG_VRS)

ExplicitVRLittleEndian = b"1.2.840.10008.1.2.1"
ImplicitVRLittleEndian = b"1.2.840.10008.1.2"
DeflatedExplicitVRLittleEndian = b"1.2.840.10008.1.2.1.99"
ExplicitVRBigEndian = b"1.2.840.10008.1.2.2"


class _Encoding:
    """The header layout in force: implicit or explicit VR, byte order (structs made once)."""

    __slots__ = ("implicit", "little", "header", "item", "length", "tag")

    def __init__(self, implicit: bool, little: bool) -> None:
        order = "<" if little else ">"
        self.implicit = implicit
        self.little = little
        self.header = struct.Struct(order + ("HHL" if implicit else "HH2sH"))
        self.item = struct.Struct(order + "HHL")  # items and delimiters: no VR, ever
        self.length = struct.Struct(order + "L")
        self.tag = struct.Struct(order + "HH")


_IMPLICIT_LITTLE = _Encoding(True, True)


def _warn(message: str) -> None:
    warnings.warn(message, UserWarning, stacklevel=3)


def _check_arguments(fp: object, stop_when: object) -> None:
    if not (hasattr(fp, "read") and hasattr(fp, "tell") and hasattr(fp, "seek")):
        msg = f"data_element_generator needs a seekable binary file object, not {type(fp).__name__}"
        raise TypeError(msg)
    if stop_when is not None and not callable(stop_when):
        msg = f"stop_when must be a callable (group, element) -> bool, not {stop_when!r}"
        raise TypeError(msg)


def _read(fp: IO[bytes], size: int) -> bytes:
    data = fp.read(size)
    if not isinstance(data, bytes):
        msg = f"the file must be opened in binary mode: read() gave {type(data).__name__}"  # type: ignore[unreachable]
        raise TypeError(msg)
    return data


def _implicit_undefined_vr(fp: IO[bytes], encoding: _Encoding, group: int,
                           element: int) -> bytes | None:
    """The VR pydicom names for an undefined-length implicit VR element: SQ or None.

    SQ when the dictionary says so, or when the next header is an item (a private
    sequence); the file is left where it was.
    """
    entry = lookup((group << 16) | element)
    if entry is not None and entry.vr == "SQ":
        return b"SQ"
    start = fp.tell()
    peek = _read(fp, 4)
    fp.seek(start)
    if len(peek) == 4 and encoding.tag.unpack(peek) == (0xFFFE, 0xE000):
        return b"SQ"
    return None


def data_element_generator(
    fp: IO[bytes],
    is_implicit_VR: bool,
    is_little_endian: bool,
    stop_when: Callable[[int, int], bool] | None = None,
    defer_size: int | str | float | None = None,
) -> Iterator[ElementTuple]:
    """Yield ``(tag, VR, length, value, value_tell)`` for each element read from ``fp``.

    ``fp`` is a binary file object positioned at the first header.  ``stop_when``
    (``(group, element) -> bool``) ends the iteration before the element it is
    true for, leaving ``fp`` at that element's header.  Values longer than
    ``defer_size`` (bytes, or "512 KB") are skipped and given as None.  Undefined
    length values are followed into (see the module docstring).
    """
    _check_arguments(fp, stop_when)
    limit = size_in_bytes(defer_size)
    encoding = _Encoding(bool(is_implicit_VR), bool(is_little_endian))
    # The encodings of the undefined-length values we are inside, innermost last, and
    # whether each was opened by an item (closed by an item delimiter) or not.
    open_values: list[tuple[_Encoding, bool]] = []
    while True:
        header_start = fp.tell()
        header = _read(fp, 8)
        if len(header) < 8:
            if header:
                _warn(f"{len(header)} bytes at offset {header_start:#x} are too few for an "
                      "element header: the rest of the file is ignored")
            elif open_values:
                _warn(f"the file ends inside {len(open_values)} undefined-length value(s)")
            return
        vr: bytes | None
        if encoding.implicit:
            group, element, length = encoding.header.unpack(header)
            vr = None
        else:
            group, element, vr, length = encoding.header.unpack(header)
        if group == _ITEM_GROUP:
            # Items and delimiters: tag and a 4-byte length, whatever the transfer syntax.
            group, element, length = encoding.item.unpack(header)
            vr = None
        elif vr in extra_length_VRs_b:
            extra = _read(fp, 4)
            if len(extra) < 4:
                _warn(f"the header at offset {header_start:#x} is cut short: "
                      "the rest of the file is ignored")
                return
            (length,) = encoding.length.unpack(extra)
        value_tell = fp.tell()
        if stop_when is not None and stop_when(group, element):
            fp.seek(header_start)
            return
        tag = (group, element)
        full = (group << 16) | element
        if length != UNDEFINED_LENGTH:
            if limit is not None and length > limit:
                fp.seek(value_tell + length)
                value: bytes | None = None
            else:
                value = _read(fp, length)
                if len(value) < length:
                    _warn(f"the value of {tag_text(tag)} at offset {value_tell:#x} has "
                          f"{len(value)} of its {length} bytes: the file is truncated")
            yield (tag, vr, length, value, value_tell)
            if full == SEQUENCE_DELIMITER:
                while open_values and open_values[-1][1]:
                    open_values.pop()  # items never closed: the sequence closes them
                if open_values:
                    encoding = open_values.pop()[0]
            elif full == ITEM_DELIMITER and open_values and open_values[-1][1]:
                encoding = open_values.pop()[0]
            continue
        # Undefined length: the value's items follow as elements of their own.
        if encoding.implicit and full != ITEM:
            vr = _implicit_undefined_vr(fp, encoding, group, element)
        yield (tag, vr, length, None, value_tell)
        open_values.append((encoding, full == ITEM))
        if vr == b"UN" and not encoding.implicit:
            encoding = _IMPLICIT_LITTLE  # PS3.5 6.2.2: the contents are implicit VR LE


def tag_text(tag: tuple[int, int]) -> str:
    """``(0x0010, 0x0010)`` as ``"(0010,0010)"``, for messages."""
    return f"({tag[0]:04X},{tag[1]:04X})"


class dicomfile:
    """A DICOM file opened for :func:`data_element_generator`: iterate it for its elements.

    ``dicomfile(path)`` opens the file (closed by ``close()`` or on leaving a
    ``with`` block) and reads the preamble: ``preamble`` is its 128 bytes, or None
    when "DICM" does not follow them (reading then starts at byte 0).
    """

    def __init__(self, filename: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> None:
        from typeddcm.io import open_file

        self.fobj: IO[bytes] = open_file(filename)  # closed by close()/__exit__
        self.filename = filename
        try:
            self.preamble: bytes | None = self.fobj.read(0x80)
            if self.fobj.read(4) != b"DICM":
                self.preamble = None
                self.fobj.seek(0)
        except BaseException:
            self.fobj.close()
            raise

    def __enter__(self) -> dicomfile:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the file."""
        self.fobj.close()

    def __iter__(self) -> Iterator[ElementTuple]:
        """The file meta elements, then the dataset's, in the file's transfer syntax."""
        uid: str | None = None
        meta = data_element_generator(self.fobj, is_implicit_VR=False, is_little_endian=True,
                                      stop_when=lambda group, _element: group != 2)
        for elem in meta:
            if elem[0] == _TRANSFER_SYNTAX_UID and elem[3] is not None:
                uid = elem[3].strip(b" \x00").decode("ascii", "replace")
            yield elem
        if not uid:
            raise NotImplementedError("No transfer syntax in file meta info")
        try:
            syntax = transfer_syntax(uid)
        except UnsupportedTransferSyntaxError as error:
            raise ValueError(f"{self.filename!r}: {error}") from None
        source = self.fobj
        if syntax.deflated:
            source = self._inflated()
        yield from data_element_generator(source, syntax.implicit_vr, syntax.little_endian)

    def _inflated(self) -> IO[bytes]:
        """The rest of the file inflated (deflated transfer syntax), as a file object."""
        start = self.fobj.tell()
        compressed = self.fobj.read()
        log = ReadLog(os.fsdecode(self.filename))
        data = _inflate(memoryview(compressed), start, inflated_size_cap(len(compressed)), log,
                        ReadOptions())
        log.finish()
        return io.BytesIO(data)

"""What pydicom's element-level reading and writing functions share, over our codec.

* :func:`character_set`: pydicom passes character sets around as its Python
  encodings (``"iso8859"``, ``["iso8859", "iso2022_jp"]``) or as (0008,0005) terms;
  either becomes one of our :class:`CharacterSet` objects.
* :func:`header_of`: the VR and length of an element's header exactly as pydicom's
  generator reports them (the reader may have chosen another VR to decode with:
  a UN whose tag the dictionary knows, a VR for an implicit VR element).
* :func:`parse_level`: one level of elements over bytes read from a file object
  (lazy core Elements, headers only), as our reader reads them.
"""

from __future__ import annotations

import struct
from collections.abc import MutableSequence
from typing import TYPE_CHECKING, Any

from typeddcm.codec._level import Encoding, Level, ReadLog, ReadOptions, _warn_at_caller
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.codec.reader import SHORT_VRS, RawValue, read_level
from typeddcm.element import Element

if TYPE_CHECKING:
    from .dataelem import RawDataElement

__all__ = ["UNDEFINED", "StagedLog", "character_set", "default_encoding", "header_of",
           "new_level", "parse_level", "raw_element", "raw_empty_value", "raw_of"]

#: pydicom's name for the default repertoire (a Python codec name).
default_encoding = "iso8859"

UNDEFINED = 0xFFFFFFFF

# pydicom's Python encodings and the (0008,0005) terms they stand for (PS3.3 C.12.1.1.2).
# Where two terms share a codec the single-byte form is the default; a value after the
# first of several stands for an ISO 2022 code extension.
_SINGLE = {"latin_1": "ISO_IR 100", "iso8859_2": "ISO_IR 101", "iso8859_3": "ISO_IR 109",
           "iso8859_4": "ISO_IR 110", "iso_ir_126": "ISO_IR 126", "iso_ir_127": "ISO_IR 127",
           "iso_ir_138": "ISO_IR 138", "iso_ir_144": "ISO_IR 144", "iso_ir_148": "ISO_IR 148",
           "iso_ir_166": "ISO_IR 166", "shift_jis": "ISO_IR 13", "utf8": "ISO_IR 192",
           "utf_8": "ISO_IR 192", "gb18030": "GB18030", "gbk": "GBK"}
_EXTENSION = {"iso8859": "ISO 2022 IR 6", "shift_jis": "ISO 2022 IR 13",
              "iso2022_jp": "ISO 2022 IR 87", "euc_kr": "ISO 2022 IR 149",
              "iso2022_jp_2": "ISO 2022 IR 159", "iso_ir_58": "ISO 2022 IR 58",
              "gb2312": "ISO 2022 58", "latin_1": "ISO 2022 IR 100",
              "iso8859_2": "ISO 2022 IR 101", "iso8859_3": "ISO 2022 IR 109",
              "iso8859_4": "ISO 2022 IR 110", "iso_ir_126": "ISO 2022 IR 126",
              "iso_ir_127": "ISO 2022 IR 127", "iso_ir_138": "ISO 2022 IR 138",
              "iso_ir_144": "ISO 2022 IR 144", "iso_ir_148": "ISO 2022 IR 148",
              "iso_ir_166": "ISO 2022 IR 166", "gbk": "ISO 2022 GBK"}


def _term(value: str, extended: bool) -> str:
    key = value.strip().lower()
    if key in ("iso8859", "") and not extended:
        return ""
    if extended and key in _EXTENSION:
        return _EXTENSION[key]
    return _SINGLE.get(key, value)


def character_set(encodings: str | MutableSequence[str] | tuple[str, ...] | None,
                  ) -> CharacterSet:
    """Our character set for pydicom's ``encoding``/``encodings`` argument.

    None, ``"iso8859"`` and ``""`` are the default repertoire; Python encoding names
    pydicom makes from (0008,0005) are mapped back to their terms; anything else is
    taken as (0008,0005) terms.  ``TypeError`` for what is neither a str nor strs.
    """
    if encodings is None:
        return DEFAULT_CHARACTER_SET
    values: list[str] = [encodings] if isinstance(encodings, str) else list(encodings)
    if not all(isinstance(v, str) for v in values):
        msg = f"character encodings must be str or a list of str, not {encodings!r}"
        raise TypeError(msg)
    extended = len(values) > 1
    terms = [_term(v, extended) for v in values]
    if extended and terms[0] == "ISO 2022 IR 6":
        terms[0] = ""  # the first value empty: the default repertoire, with extensions
    if not any(terms):
        return DEFAULT_CHARACTER_SET
    return CharacterSet.from_terms(terms)


# Header fields: (tag), VR bytes, 2-byte length / reserved; 4-byte lengths.
_U16 = {True: struct.Struct("<H"), False: struct.Struct(">H")}
_U32 = {True: struct.Struct("<I"), False: struct.Struct(">I")}
_SHORT_CODES = frozenset(code.encode() for code in SHORT_VRS)


def header_of(raw: RawValue) -> tuple[str | None, int]:
    """(VR, length) as the element's header gives them, the way pydicom reports them.

    The VR is None for implicit VR data and for an implicit VR element met inside
    explicit VR data (its "VR" bytes are not two capital letters); an unknown VR code
    is given as it is.  The length is the header's (0xFFFFFFFF for undefined length),
    not what the data held.
    """
    buf, start = raw.level.buffer, raw.start
    little = raw.encoding.little_endian
    if raw.encoding.implicit_vr:
        return None, int(_U32[little].unpack_from(buf, start + 4)[0])
    code = bytes(buf[start + 4 : start + 6])
    if raw.value_start - start == 12:
        return code.decode("ascii"), int(_U32[little].unpack_from(buf, start + 8)[0])
    if code in _SHORT_CODES or (code.isalpha() and code.isupper()):
        return code.decode("ascii"), int(_U16[little].unpack_from(buf, start + 6)[0])
    return None, int(_U32[little].unpack_from(buf, start + 4)[0])


# The VRs whose empty raw value pydicom gives as b"" (text but DS and IS, and SQ).
_EMPTY_BYTES_VRS = frozenset({"AE", "AS", "CS", "DA", "DT", "LO", "LT", "PN", "SH", "ST", "TM",
                              "UC", "UI", "UR", "UT", "SQ"})


def raw_empty_value(vr: str | None) -> bytes | None:
    """The value of a raw element of length 0, as pydicom's reader gives it."""
    return b"" if vr in _EMPTY_BYTES_VRS else None


_OPTIONS = ReadOptions(check=False)


def read_options() -> ReadOptions:
    """The reader's options for this context's config (``assume_implicit_vr_switch``:
    odd VR bytes are implicit VR or an unknown VR; ``replace_un_with_known_vr``)."""
    from .config import settings

    switch, replace = settings.assume_implicit_vr_switch, settings.replace_un_with_known_vr
    if switch and replace:
        return _OPTIONS
    return ReadOptions(check=False, implicit_vr_switch=switch, replace_un=replace)


class StagedLog(ReadLog):
    """A read's log whose warnings are issued as the caller gets that far.

    Our reader reads a whole level before pydicom's generator would have read its
    first element; what it records past the point where the caller stopped (at a
    ``stop_when``) must not be warned about.  :meth:`issue_until` issues the
    records found before an offset; :meth:`finish_at` does so a last time and
    makes the log live, so values decoded later warn as they are read.
    """

    __slots__ = ("_issued",)

    def __init__(self, source: str = "<bytes>") -> None:
        super().__init__(source)
        self._issued = 0

    def issue_until(self, limit: int) -> None:
        """Issue the records (not issued yet) found before offset ``limit``, in order."""
        records = self.records
        while self._issued < len(records):
            record = records[self._issued]
            if record.offset is not None and record.offset >= limit:
                return
            _warn_at_caller(record)
            self._issued += 1

    def skip_until(self, limit: int) -> None:
        """Drop, unissued, the records found before offset ``limit`` (what the reader
        said of bytes that turned out to be one value, read again another way)."""
        records = self.records
        while self._issued < len(records):
            offset = records[self._issued].offset
            if offset is not None and offset >= limit:
                return
            self._issued += 1

    def finish_at(self, limit: int) -> None:
        """Issue what was found before ``limit``; records added from now on are issued."""
        self.issue_until(limit)
        self._issued = len(self.records)  # what lies past the stop is never issued
        self._live = True


def new_level(data: bytes | memoryview, implicit: bool, little: bool, charset: CharacterSet,
              log: ReadLog) -> Level:
    """A top level over ``data`` (read-only bytes) in the given encoding."""
    buf = memoryview(data)
    if buf.format != "B" or buf.ndim != 1:
        buf = buf.cast("B")
    return Level(buf.toreadonly(), Encoding(little, implicit, charset), "", 0, read_options(),
                 log=log)


def parse_level(data: bytes | memoryview, implicit: bool, little: bool, charset: CharacterSet,
                log: ReadLog, end: int | None = None,
                ) -> tuple[Level, list[Element], int, bool]:
    """Read the elements of one level from the start of ``data`` (to ``end``), lazily.

    Stops at an item delimiter, as pydicom's generator does.  Returns the level,
    the elements in the order read, the offset past what was consumed (past the
    delimiter when one ended the level) and whether a delimiter did.
    """
    level = new_level(data, implicit, little, charset, log)
    stop = len(level.buffer) if end is None else end
    elements, consumed, delimited = read_level(level, 0, stop, until_item_delimiter=True)
    return level, elements, consumed, delimited


def raw_of(element: Element) -> RawValue:
    """The reader's record of an element read by :func:`parse_level`."""
    raw: Any = element._raw
    assert isinstance(raw, RawValue)
    return raw


def raw_element(element: Element, base: int = 0) -> RawDataElement | None:
    """The RawDataElement of an element still holding the bytes it was read from (None
    for a new or changed one): its header's VR and length, its value bytes, where
    the value was (``base`` plus its offset in the bytes read)."""
    raw = element._raw
    if not isinstance(raw, RawValue):
        return None
    from .dataelem import RawDataElement
    from .tag import BaseTag

    vr, length = header_of(raw)
    value = bytes(raw.level.buffer[raw.value_start : raw.value_end])
    enc = raw.encoding
    return RawDataElement(int.__new__(BaseTag, int(element.tag)), vr, length, value,
                          base + raw.value_start, enc.implicit_vr, enc.little_endian)

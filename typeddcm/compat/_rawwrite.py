"""pydicom's element-level writers over our codec: write_numbers ... write_dataset.

Each writer has pydicom's signature and writes what pydicom writes, in the byte
order and VR form the file object says (``fp.is_little_endian``, ``fp.is_implicit_VR``);
the bytes themselves come from our codec: element headers from
typeddcm.codec.writer, values from the encoders of typeddcm.codec.values (an
element taken from a dataset is encoded from its core value; a free one's value is
converted as a dataset would convert it).  ``write_data_element`` puts a value
written by ``writers[VR]`` behind its header, as pydicom does, so a writer replaced
in ``writers`` is used.

Where pydicom's bytes are not what PS3.5 allows, the standard wins: a UN value of
odd length is padded (pydicom writes it odd), and text that switched to another
character set returns to the first one before the value ends (PS3.5 6.1.2.5.3;
pydicom leaves the G1 set of ISO 2022 8-bit sets designated).  As in pydicom, OB/OW/UN
bytes are written as given (never byte-swapped), and a text value the character
sets cannot hold is written with '?' for what they cannot, with a warning
(UnicodeEncodeError under writing validation mode RAISE).
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Callable, Iterable
from types import SimpleNamespace
from typing import Any

from typeddcm.codec._level import Encoding
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET, CharacterSet
from typeddcm.codec.reader import LONG_VRS
from typeddcm.codec.values import _str_encoder, encode_value
from typeddcm.codec.writer import _header
from typeddcm.tag import Tag as CoreTag
from typeddcm.vr import AT, FD, FL, OB, OW, SL, SS, SV, UL, UN, US, UV, VR_CLASSES, AnyVR

from . import _values
from ._raw import UNDEFINED, character_set, default_encoding, raw_element, raw_empty_value
from .dataelem import DataElement, RawDataElement
from .filebase import DicomBytesIO, DicomFileLike, DicomIO
from .tag import ItemDelimiterTag, ItemTag, SequenceDelimiterTag, Tag, tag_in_exception

__all__ = ["write_ATvalue", "write_DA", "write_DT", "write_OBvalue", "write_OWvalue", "write_PN",
           "write_TM", "write_UI", "write_UN", "write_data_element", "write_dataset",
           "write_number_string", "write_numbers", "write_sequence", "write_sequence_item",
           "write_string", "write_text", "writers"]

Encodings = str | list[str] | None

# struct formats pydicom passes to write_numbers, and the VR each one writes.
_FORMATS: dict[str, type[Any]] = {"H": US, "h": SS, "L": UL, "l": SL, "f": FL, "d": FD,
                                  "q": SV, "Q": UV}
_LUT_DESCRIPTOR_TAGS = frozenset({0x00281101, 0x00281102, 0x00281103, 0x00283002})
# The VRs whose text is in the Specific Character Set (pydicom's CUSTOMIZABLE_CHARSET_VR).
_CHARSET_VRS = frozenset({"SH", "LO", "ST", "LT", "UC", "UT", "PN"})
_AMBIGUOUS = frozenset({"US or SS", "US or OW", "US or SS or OW", "OB or OW"})


def _no_context(tag: int) -> None:
    return None


def _dicom_io(fp: Any) -> DicomIO:
    """``fp`` as a DicomIO: pydicom's writers take one; a plain file object is wrapped
    (keeping any ``is_little_endian``/``is_implicit_VR`` it was given)."""
    if isinstance(fp, DicomIO):
        return fp
    wrapped = DicomFileLike(fp)
    for name in ("is_little_endian", "is_implicit_VR"):
        value = getattr(fp, name, None)
        if isinstance(value, bool):
            setattr(wrapped, name, value)
    return wrapped


def _core_vr(elem: Any, code: str) -> AnyVR:
    """The core VR object of ``elem``'s value as VR ``code``: an element taken from a
    dataset gives its own (exact, nothing converted); else the value is converted as
    a dataset converts what is assigned to it."""
    if isinstance(elem, DataElement):
        core = elem._core_element()
        if core is not None and core.code == code:
            return core.vr
    return _values.to_core(CoreTag(int(elem.tag)), code, elem.value, _no_context)


def _is_multi(value: Any) -> bool:
    return isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray"


def _texts_encoded(code: str, texts: list[str], pad: str, charset: CharacterSet) -> bytes:
    """Text values joined with backslash and padded to even length: the codec's text
    encoder (ASCII, or the character set for SH LO ST LT UC UT PN)."""
    encoder = _str_encoder(code, pad.encode("latin-1"))
    data: bytes = encoder(SimpleNamespace(values=texts), True, charset)
    return data


def write_numbers(fp: DicomIO, elem: DataElement, struct_format: str) -> None:
    """Write a binary number value (one or several) in ``struct_format`` (``"H"`` US,
    ``"h"`` SS, ``"L"`` UL, ``"l"`` SL, ``"f"`` FL, ``"d"`` FD, ``"q"`` SV, ``"Q"`` UV).

    Nothing for an empty value.  A LUT Descriptor written as SS keeps its first
    value US (PS3.3 C.11.1.1.1).  ``OSError`` (naming the element) for a value the
    format cannot hold, as pydicom.
    """
    value = elem.value
    if value is None or (isinstance(value, str) and value == ""):
        return
    cls = _FORMATS.get(struct_format)
    little = fp.is_little_endian
    try:
        if cls is None:
            msg = f"unknown struct format {struct_format!r}"
            raise ValueError(msg)
        if not _is_multi(value):
            data = encode_value(cls(value), little_endian=little, charset=DEFAULT_CHARACTER_SET)
        else:
            values = list(value)
            data = b""
            if struct_format == "h" and int(elem.tag) in _LUT_DESCRIPTOR_TAGS and values:
                data = encode_value(US(values[0]), little_endian=little,
                                    charset=DEFAULT_CHARACTER_SET)
                values = values[1:]
            data += encode_value(cls(values), little_endian=little, charset=DEFAULT_CHARACTER_SET)
    except (ValueError, TypeError, OverflowError) as exc:
        msg = f"{exc}\nfor data_element:\n{elem}"
        raise OSError(msg) from exc
    fp.write(data)


def _bulk(fp: DicomIO, elem: DataElement, cls: type[Any]) -> None:
    value = elem.value
    if value is None:
        return
    if hasattr(value, "read"):  # a buffered value (pydicom 3): its bytes from the start
        from ._buffered import check_buffered, read_whole

        check_buffered(int(elem.tag), elem.VR, value)  # closed, unreadable: pydicom's errors
        value = read_whole(value)
    if isinstance(value, str):
        value = value.encode("latin-1")  # pydicom 1.x took str for bytes (Python 2)
    # In the file's byte order already: written as given, never swapped (as pydicom).
    little = fp.is_little_endian
    vr = cls.from_buffer(memoryview(bytes(value)), little_endian=little)
    fp.write(encode_value(vr, little_endian=little, charset=DEFAULT_CHARACTER_SET))


def write_OBvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an OB value: its bytes, padded with a NUL to even length."""
    _bulk(fp, elem, OB)


def write_OWvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an OW (OD OF OL OV) value: its bytes as given (not byte-swapped), padded."""
    _bulk(fp, elem, OW)


def write_UN(fp: DicomIO, elem: DataElement) -> None:
    """Write a UN value: its bytes, padded to even length (PS3.5 7.1.1)."""
    _bulk(fp, elem, UN)


def _text_values(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if _is_multi(value) else [value]


def write_string(fp: DicomIO, elem: DataElement, padding: str = " ") -> None:
    """Write a single or multi-valued default-repertoire string, padded with ``padding``."""
    values = _text_values(elem.value)
    if elem.value is None:
        return
    texts = [v.decode("ascii") if isinstance(v, bytes) else str(v) for v in values]
    fp.write(_texts_encoded(elem.VR if elem.VR in VR_CLASSES else "CS", texts, padding,
                            DEFAULT_CHARACTER_SET))


def write_UI(fp: DicomIO, elem: DataElement) -> None:
    """Write a UI value, padded with a NUL."""
    write_string(fp, elem, "\0")


def _encoded_text(text: str, encodings: Encodings) -> bytes:
    """``text`` in pydicom's ``encodings`` (Python codec names): the escape sequences of
    the sets it needs (PS3.5 6.1.2.5); text no set can write warns and is written with
    '?' in its place, or, under writing validation mode RAISE, is the UnicodeEncodeError
    of the first encoding (as pydicom raises it)."""
    import codecs

    from .charset import encode_string

    names = [encodings] if isinstance(encodings, str) else list(encodings or [default_encoding])
    try:
        return encode_string(text, names)
    except UnicodeEncodeError as error:
        try:
            codec = codecs.lookup(names[0]).name
        except LookupError:
            raise error from None
        text.encode(codec)  # the codec's own error, naming the character (as pydicom's)
        raise


def _joined(data: list[bytes]) -> bytes:
    """Values joined with backslash, padded with a space to even length."""
    joined = b"\\".join(data)
    return joined + b" " if len(joined) % 2 else joined


def write_text(fp: DicomIO, elem: DataElement, encodings: Encodings = None) -> None:
    """Write a single or multi-valued text value in the character set ``encodings``
    (bytes values as they are)."""
    value = elem.value
    if value is None:
        return
    values = _text_values(value)
    if not any(isinstance(v, bytes) for v in values):
        # The codec's encoder, all values at once (the bytes encode_string gives value
        # by value); what it cannot write takes encode_string's warnings and errors.
        try:
            code = elem.VR if elem.VR in _CHARSET_VRS else "LO"
            fp.write(_texts_encoded(code, [str(v) for v in values], " ",
                                    character_set(encodings)))
            return
        except (ValueError, LookupError, TypeError):  # EncodeError is a ValueError
            pass
    fp.write(_joined([v if isinstance(v, bytes) else _encoded_text(str(v), encodings)
                      for v in values]))


def _same_encodings(own: Any, wanted: Encodings) -> bool:
    if own is None:
        return True
    own_list = [own] if isinstance(own, str) else list(own)
    return wanted is None or own_list == ([wanted] if isinstance(wanted, str) else list(wanted))


def write_PN(fp: DicomIO, elem: DataElement, encodings: Encodings = None) -> None:
    """Write a Person Name value (one or several) in the character set ``encodings``.

    A name decoded from bytes is written as those bytes unless it was decoded with
    other encodings than ``encodings`` (pydicom's PersonName.encode).
    """
    value = elem.value
    if value is None:
        return
    data = []
    for name in _text_values(value):
        original = getattr(name, "original_string", None)
        if isinstance(name, bytes):
            data.append(name)
        elif isinstance(original, bytes) and _same_encodings(
                getattr(name, "encodings", None), encodings):
            data.append(original)
        else:
            data.append(_encoded_text(str(name), encodings))
    fp.write(_joined(data))


def write_number_string(fp: DicomIO, elem: DataElement) -> None:
    """Write an IS or DS value: each number's own text (as read, or as given)."""
    code = "IS" if elem.VR == "IS" else "DS"
    fp.write(encode_value(_core_vr(elem, code), little_endian=fp.is_little_endian,
                          charset=DEFAULT_CHARACTER_SET))


def _temporal_text(value: Any, code: str) -> str:
    """A DA/DT/TM value's text as pydicom writes it (its original text if it has one)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    original = getattr(value, "original_string", None)
    if isinstance(original, str):
        return original
    if code == "DA" and isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    if code == "DT" and isinstance(value, datetime.datetime):
        fraction = ".%f" if value.microsecond > 0 else ""
        return value.strftime(f"%Y%m%d%H%M%S{fraction}%z")
    if code == "TM" and isinstance(value, datetime.time):
        return value.strftime("%H%M%S.%f" if value.microsecond > 0 else "%H%M%S")
    return str(value)


def _format_DA(val: Any) -> str:
    """A DA value's text as written: its original text, else YYYYMMDD ("" for None)."""
    return _temporal_text(val, "DA")


def _format_DT(val: Any) -> str:
    """A DT value's text as written: its original text, else YYYYMMDDHHMMSS[.FFFFFF][&ZZXX]."""
    return _temporal_text(val, "DT")


def _format_TM(val: Any) -> str:
    """A TM value's text as written: its original text, else HHMMSS[.FFFFFF]."""
    return _temporal_text(val, "TM")


def _write_temporal(fp: DicomIO, elem: DataElement, code: str) -> None:
    value = elem.value
    if isinstance(value, str):
        write_string(fp, elem)
        return
    texts = [_temporal_text(v, code) for v in _text_values(value)]
    fp.write(_texts_encoded(code, texts, " ", DEFAULT_CHARACTER_SET))


def write_DA(fp: DicomIO, elem: DataElement) -> None:
    """Write a DA value: text, or dates as YYYYMMDD."""
    _write_temporal(fp, elem, "DA")


def write_DT(fp: DicomIO, elem: DataElement) -> None:
    """Write a DT value: text, or datetimes as YYYYMMDDHHMMSS[.FFFFFF][&ZZXX]."""
    _write_temporal(fp, elem, "DT")


def write_TM(fp: DicomIO, elem: DataElement) -> None:
    """Write a TM value: text, or times as HHMMSS[.FFFFFF]."""
    _write_temporal(fp, elem, "TM")


def write_ATvalue(fp: DicomIO, elem: DataElement) -> None:
    """Write an AT value: one tag or several, in the file's byte order."""
    value = elem.value
    tags = [int(Tag(t)) for t in value] if _is_multi(value) else [int(Tag(value))]
    fp.write(encode_value(AT(tags), little_endian=fp.is_little_endian,
                          charset=DEFAULT_CHARACTER_SET))


def write_sequence(fp: DicomIO, elem: DataElement, encodings: Encodings) -> None:
    """Write the items of a sequence element (the element's header is the caller's)."""
    for item in elem.value or ():
        write_sequence_item(fp, item, encodings)


def _undefined_item(dataset: Any) -> bool:
    """Whether an item is written with undefined length: its attribute, else how it was
    read (pydicom sets the attribute when reading)."""
    flag = getattr(dataset, "is_undefined_length_sequence_item", None)
    if isinstance(flag, bool):
        return flag
    core = getattr(dataset, "_core", None)
    origin = getattr(core, "_origin", None)
    return bool(getattr(origin, "undefined_length", False))


def write_sequence_item(fp: DicomIO, dataset: Any, encodings: Encodings) -> None:
    """Write one item: its tag, its length (or undefined length and an item delimiter)."""
    fp = _dicom_io(fp)
    fp.write_tag(ItemTag)
    if _undefined_item(dataset):
        fp.write_UL(UNDEFINED)
        write_dataset(fp, dataset, parent_encoding=encodings)
        fp.write_tag(ItemDelimiterTag)
        fp.write_UL(0)
        return
    body = DicomBytesIO()
    body.is_little_endian, body.is_implicit_VR = fp.is_little_endian, fp.is_implicit_VR
    write_dataset(body, dataset, parent_encoding=encodings)
    data = body.getvalue()
    fp.write_UL(len(data))
    fp.write(data)


# pydicom's table: a VR's writer and the argument it takes (a struct format), if any.
writers: dict[str, tuple[Callable[..., None], str | None]] = {
    "AE": (write_string, None), "AS": (write_string, None), "AT": (write_ATvalue, None),
    "CS": (write_string, None), "DA": (write_DA, None), "DS": (write_number_string, None),
    "DT": (write_DT, None), "FD": (write_numbers, "d"), "FL": (write_numbers, "f"),
    "IS": (write_number_string, None), "LO": (write_text, None), "LT": (write_text, None),
    "OB": (write_OBvalue, None), "OD": (write_OWvalue, None), "OF": (write_OWvalue, None),
    "OL": (write_OWvalue, None), "OW": (write_OWvalue, None), "OV": (write_OWvalue, None),
    "PN": (write_PN, None), "SH": (write_text, None), "SL": (write_numbers, "l"),
    "SQ": (write_sequence, None), "SS": (write_numbers, "h"), "ST": (write_text, None),
    "SV": (write_numbers, "q"), "TM": (write_TM, None), "UC": (write_text, None),
    "UI": (write_UI, None), "UL": (write_numbers, "L"), "UN": (write_UN, None),
    "UR": (write_string, None), "US": (write_numbers, "H"), "UT": (write_text, None),
    "UV": (write_numbers, "Q"), "US or SS": (write_OWvalue, None),
    "US or OW": (write_OWvalue, None), "US or SS or OW": (write_OWvalue, None),
    "OB or OW": (write_OBvalue, None),
}


def _value_bytes(fp: DicomIO, elem: DataElement, encodings: Encodings) -> bytes:
    """The value as ``writers[VR]`` writes it (nothing for an empty element)."""
    vr = elem.VR
    if vr not in writers:
        msg = f"write_data_element: unknown Value Representation '{vr}'"
        raise NotImplementedError(msg)
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = fp.is_little_endian, fp.is_implicit_VR
    if not elem.is_empty:
        fn, param = writers[vr]
        if vr in _CHARSET_VRS or vr == "SQ":
            fn(buffer, elem, encodings=encodings)
        elif param is not None:
            fn(buffer, elem, param)
        else:
            fn(buffer, elem)
    return buffer.getvalue()


def write_data_element(fp: DicomIO, elem: DataElement | RawDataElement,
                       encodings: Encodings = None) -> None:
    """Write one element: tag, VR (explicit VR), length, value, and a sequence delimiter
    after an undefined-length value.

    A RawDataElement's value bytes are written as they are.  ``ValueError`` for an
    ambiguous VR ("US or SS") in explicit VR, and for undefined-length Pixel Data
    that is not encapsulated; ``NotImplementedError`` for an unknown VR.  A value
    too long for an explicit VR 2-byte length is written as UN, with a warning.
    """
    fp = _dicom_io(fp)
    implicit, little = fp.is_implicit_VR, fp.is_little_endian
    tag = int(elem.tag)
    vr: str | None = elem.VR
    if not implicit and vr and len(vr) != 2:
        msg = (f"Cannot write ambiguous VR of '{vr}' for data element with tag {Tag(tag)!r}."
               "\nSet the correct VR before writing, or use an implicit VR transfer syntax")
        raise ValueError(msg)
    if not implicit and not vr:
        msg = (f"Cannot write the data element with tag {Tag(tag)!r} in explicit VR: it has "
               "no VR (an implicit VR raw element); convert it with DataElement_from_raw")
        raise ValueError(msg)
    if isinstance(elem, RawDataElement):
        value = bytes(elem.value or b"")
        undefined = elem.length == UNDEFINED
    else:
        value = _value_bytes(fp, elem, encodings or [default_encoding])
        undefined = bool(elem.is_undefined_length)
    if undefined and tag == 0x7FE00010:
        item = b"\xfe\xff\x00\xe0" if little else b"\xff\xfe\xe0\x00"
        if not value.startswith(item):
            msg = ("The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as "
                   "required for a compressed transfer syntax - see "
                   "pydicom.encaps.encapsulate() for more information")
            raise ValueError(msg)
    code = vr or ""
    if not implicit and code not in LONG_VRS and not undefined and len(value) > 0xFFFF:
        warnings.warn(f"The value for the data element ({tag >> 16:04X},{tag & 0xFFFF:04X}) "
                      "exceeds the size of 64 kByte "
                      "and cannot be written in an explicit transfer syntax. The data element "
                      f"VR is changed from '{code}' to 'UN' to allow saving the data.",
                      UserWarning, stacklevel=2)
        code = "UN"
    enc = Encoding(little, implicit)
    fp.write(_header(tag, code, UNDEFINED if undefined else len(value), enc) + value)
    if undefined:
        fp.write(_header(int(SequenceDelimiterTag), "", 0, enc))


def _encoding_of(fp: DicomIO, dataset: Any) -> tuple[bool, bool]:
    """The encoding write_dataset uses: the file object's, else the dataset's, else the
    one it was read in (pydicom 3's order), else implicit VR with the file object's
    byte order (pydicom 1.x's default)."""
    from ._dcmwrite import dataset_encoding

    fp_encoding = (fp._implicit_vr, fp._little_endian)
    if None not in fp_encoding:
        return fp_encoding  # type: ignore[return-value]
    found = dataset_encoding(dataset)
    if found is not None:
        return found
    if fp._little_endian is not None:
        return True, fp._little_endian
    msg = "'fp.is_implicit_VR' and 'fp.is_little_endian' attributes are required"
    raise AttributeError(msg)


def _charset_of(dataset: Any, parent_encoding: Encodings) -> Any:
    value = dataset.get("SpecificCharacterSet", None) if hasattr(dataset, "get") else None
    return value if value else parent_encoding


def write_dataset(fp: DicomIO, dataset: Any, parent_encoding: Encodings = default_encoding,
                  ) -> int:
    """Write the elements of ``dataset`` (no file header), in tag order; the bytes written.

    The encoding is ``fp``'s, else the dataset's ``is_implicit_VR``/``is_little_endian``,
    else the encoding it was read in (``fp`` is set to it).  Elements never read
    that are already in that encoding and character set are written as read;
    the rest are encoded.  Group lengths of groups above 6 are left out (retired,
    PS3.5 7.2), as pydicom does.
    """
    fp = _dicom_io(fp)
    fp.is_implicit_VR, fp.is_little_endian = _encoding_of(fp, dataset)
    implicit, little = fp.is_implicit_VR, fp.is_little_endian
    if hasattr(dataset, "freeze") and not getattr(dataset, "_path", ()):
        # A whole tree (its items are written by the calls below): the elements whose VR
        # the byte order or other elements decide are settled first, as pydicom does.
        from ._ambiguous import has_unsettled, settle_for_writing

        if has_unsettled(dataset.freeze()):
            settle_for_writing(dataset, little)
    encodings = _charset_of(dataset, parent_encoding)
    read_encoding = getattr(dataset, "read_encoding", None)
    same_charset = read_encoding is None or (character_set(_as_encodings(read_encoding))
                                             == character_set(_as_encodings(encodings)))
    start = fp.tell()
    keys = dataset.keys()  # tags (iterating a Dataset gives its elements)
    for tag in sorted(int(t) for t in keys):
        if tag & 0xFFFF == 0 and tag >> 16 > 6:
            continue
        with tag_in_exception(tag):
            elem = _as_read(dataset, tag)
            if elem is None or not (
                    elem.is_implicit_VR == implicit and elem.is_little_endian == little
                    and (same_charset or elem.VR not in _CHARSET_VRS | {"SQ", None})):
                elem = dataset[tag]  # decoded, to be encoded in fp's encoding
            write_data_element(fp, elem, _as_encodings(encodings))
    return int(fp.tell()) - int(start)


def _as_read(dataset: Any, tag: int) -> RawDataElement | None:
    """The element ``tag`` as it was read (header and value bytes), if it is unchanged
    since: written as it is, as pydicom writes the raw elements it never converted."""
    core = getattr(dataset, "_core", None)
    if core is None:  # not a compat Dataset: pydicom's own way
        found = dataset.get_item(tag)
        return found if isinstance(found, RawDataElement) else None
    element = core._store.get(tag)
    raw = None if element is None else raw_element(element)
    if raw is None:
        return None
    if raw.length == 0 and raw_empty_value(raw.VR) is None:
        return None  # pydicom's raw value None: its get_item converts the element
    if raw.VR == "UN" and raw.length == UNDEFINED:
        return None  # a sequence in UN (PS3.5 6.2.2): written as the SQ it is, as pydicom
    if raw.VR is None and not raw.is_implicit_VR:
        return None  # an implicit VR element met in explicit VR data: encoded anew
    return raw


def _as_encodings(value: Any) -> Encodings:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Iterable):
        return [str(v) for v in value]
    return str(value)


def write_file_meta_info(fp: DicomIO, file_meta: Any, enforce_standard: bool = True) -> None:
    """Write File Meta Information (explicit VR little endian, as PS3.10 7.1 requires).

    With ``enforce_standard`` the required elements are checked (ValueError when
    one is missing), (0002,0001), (0002,0012) and (0002,0013) are added when
    missing, and (0002,0000) is added or set to the group's length; without it,
    ``file_meta`` is written as it is (its group length, if any, still set right).
    ``ValueError`` for an element of another group.
    """
    from .dataset import validate_file_meta

    validate_file_meta(file_meta, enforce_standard)
    if enforce_standard and "FileMetaInformationGroupLength" not in file_meta:
        file_meta.FileMetaInformationGroupLength = 0
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = True, False
    write_dataset(buffer, file_meta)
    if "FileMetaInformationGroupLength" in file_meta:
        file_meta.FileMetaInformationGroupLength = buffer.tell() - 12
        buffer.seek(0)
        write_data_element(buffer, file_meta[0x00020000])
    _dicom_io(fp).write(buffer.getvalue())

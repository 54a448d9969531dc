"""Raw data elements: DataElement_from_raw / convert_raw_data_element, DeferredDataElement,
and the DataElement attributes and value conversion pydicom code relies on.

pydicom 3 is the oracle on every raw element of its wheel files; where pydicom 1.x (the
reference) differs, the test says so.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat import filereader as ours_reader
from typeddcm.compat.dataelem import (
    DataElement,
    DataElement_from_raw,
    DeferredDataElement,
    RawDataElement,
    convert_raw_data_element,
)
from typeddcm.compat.filebase import DicomFile
from typeddcm.compat.sequence import Sequence
from typeddcm.compat.tag import Tag
from typeddcm.compat.uid import UID
from typeddcm.compat.valuerep import MultiValue, PersonName

pydicom = pytest.importorskip("pydicom")
from pydicom import filereader as their_reader  # noqa: E402
from pydicom.charset import convert_encodings  # noqa: E402
from pydicom.data import get_testdata_file as _testdata  # noqa: E402
from pydicom.dataelem import DataElement as TheirElement  # noqa: E402
from pydicom.dataelem import RawDataElement as TheirRaw  # noqa: E402
from pydicom.dataelem import convert_raw_data_element as their_convert  # noqa: E402
from pydicom.tag import Tag as TheirTag  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402


def get_testdata_file(name: str) -> str:
    """The path of one of pydicom's wheel files."""
    found = _testdata(name)
    assert isinstance(found, str), name
    return found


def _raws(path: Path) -> tuple[list[RawDataElement], list[Any], Any] | None:
    """Our and pydicom's raw elements of a wheel file, and pydicom's Python encodings."""
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(io.BytesIO(data), force=True)
            fp = io.BytesIO(data)
            their_reader.read_preamble(fp, True)
            their_reader._read_file_meta_info(fp)
        except Exception:  # pydicom refuses the file: not in the oracle
            return None
        syntax = ds.file_meta.get("TransferSyntaxUID")
        if None in ds.original_encoding or (syntax is not None and syntax.is_deflated):
            return None
        implicit, little = ds.original_encoding
        start = fp.tell()
        theirs = [e for e in their_reader.data_element_generator(fp, implicit, little)
                  if getattr(e, "is_raw", False)]
        mine_fp = io.BytesIO(data)
        mine_fp.seek(start)
        mine = [e for e in ours_reader.data_element_generator(mine_fp, implicit, little)
                if isinstance(e, RawDataElement)]
    encodings = convert_encodings(ds.get("SpecificCharacterSet", None) or "")
    return mine, theirs, encodings


FILES = [p for p in wheel_files() if _raws(p) is not None]


def _plain(value: Any) -> Any:
    from pydicom.multival import MultiValue as TheirMultiValue

    if isinstance(value, (list, tuple, TheirMultiValue)):
        return [_plain(v) for v in value]
    if type(value).__name__ == "PersonName":
        return str(value).rstrip("=")  # we keep a trailing empty component group (PS3.5)
    if type(value).__name__ == "BaseTag":
        return int(value)
    if type(value) in (int, float, bytes) or value is None:
        return value
    if isinstance(value, (int, float)) or type(value).__name__ in ("IS", "DSfloat"):
        try:
            return float(str(value))
        except ValueError:
            return str(value).strip(" ")
    return str(value).strip(" ")


def test_the_oracle_is_large() -> None:
    assert len(FILES) >= 175


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_data_element_from_raw_converts_as_pydicom_does(path: Path) -> None:
    found = _raws(path)
    assert found is not None
    mine, theirs, encodings = found
    assert len(mine) == len(theirs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for raw, their_raw in zip(mine, theirs, strict=True):
            try:
                expected = their_convert(their_raw, encoding=encodings)
            except Exception as exc:  # pydicom's refusal: ours must refuse the same way
                with pytest.raises(type(exc)):
                    DataElement_from_raw(raw, encodings)
                continue
            if raw.VR is None and not raw.tag.is_private and expected.VR == "UN" and (
                    raw.tag & 0xFFFF):
                # pydicom 1.x (the reference): an implicit VR tag no dictionary knows is a
                # KeyError; pydicom 3 warns and gives UN.
                with pytest.raises(KeyError, match="can't look up VR"):
                    DataElement_from_raw(raw, encodings)
                continue
            got = DataElement_from_raw(raw, encodings)
            assert isinstance(got, DataElement)
            assert (int(got.tag), got.VR, got.file_tell, got.is_undefined_length) == (
                int(expected.tag), str(expected.VR), expected.file_tell,
                expected.is_undefined_length)
            if got.VR == "SQ":
                assert len(got.value) == len(expected.value)
                continue
            assert _plain(got.value) == _plain(expected.value) or got.VR in ("CS", "AE")


def _raw(tag: int, vr: str | None, value: bytes | None, implicit: bool = False,
         little: bool = True, length: int | None = None) -> tuple[RawDataElement, Any]:
    size = len(value or b"") if length is None else length
    mine = RawDataElement(Tag(tag), vr, size, value, 100, implicit, little)
    theirs = TheirRaw(TheirTag(tag), vr, size, value, 100, implicit, little)
    return mine, theirs


@pytest.mark.parametrize(("tag", "vr", "value", "implicit"), [
    (0x00100010, None, b"Doe^John", True),  # dictionary VR
    (0x00090010, None, b"ACME 1.0", True),  # a private creator is LO
    (0x00091001, None, b"\x01\x02", True),  # an unknown private tag: UN
    (0x00400000, None, b"\x04\x00\x00\x00", True),  # a group length: UL
    (0x00280010, "UN", b"\x00\x02", False),  # an explicit UN the dictionary knows
    (0x00280010, "US", b"", False),  # empty: the VR's empty value
    (0x00100010, "PN", b"", False),
    (0x00280106, None, b"\x01\x00", True),  # ambiguous: kept as bytes, VR 'US or SS'
    (0x00283002, "SS", b"\xff\xff\x00\x00\x10\x00", False),  # LUT descriptor: first value US
    (0x00280030, "DS", b"0.5\\0.25 ", False), (0x00080018, "UI", b"1.2.3\x00", False),
    (0x00280009, "AT", b"\x54\x00\x10\x00", False), (0x00081030, "LO", b"Br\xe9sil", False),
])
def test_vr_resolution_and_values(tag: int, vr: str | None, value: bytes, implicit: bool) -> None:
    mine, theirs = _raw(tag, vr, value, implicit)
    got = DataElement_from_raw(mine, ["latin_1"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = their_convert(theirs, encoding=["latin_1"])
    assert str(expected.VR) == got.VR
    assert _plain(got.value) == _plain(expected.value)
    assert got.file_tell == 100


def test_the_1x_errors() -> None:
    with pytest.raises(KeyError, match="Unknown DICOM tag \\(0040, 0099\\) can't look up VR"):
        DataElement_from_raw(RawDataElement(Tag(0x00400099), None, 2, b"ab", 0, True, True))
    unknown = RawDataElement(Tag(0x00191099), None, 2, b"ab", 0, True, True)
    assert DataElement_from_raw(unknown).VR == "UN"  # private: PS3.5 6.2.2, no error
    # A private group length is UL (PS3.5 7.2); pydicom says UN for it.
    length = RawDataElement(Tag(0x00090000), None, 4, b"\x04\x00\x00\x00", 0, True, True)
    assert (DataElement_from_raw(length).VR, DataElement_from_raw(length).value) == ("UL", 4)
    bad_vr = RawDataElement(Tag(0x00100010), "XX", 2, b"ab", 0, False, True)
    with pytest.raises(NotImplementedError, match="Unknown Value Representation 'XX'"):
        DataElement_from_raw(bad_vr)


def test_private_vr_from_the_dataset_and_the_3x_name() -> None:
    ds = tc.Dataset()
    ds.add_new(0x00290010, "LO", "SIEMENS CSA HEADER")
    raw = RawDataElement(Tag(0x00291008), None, 4, b"IMAG", 0, True, True)
    assert DataElement_from_raw(raw).VR == "UN"
    assert DataElement_from_raw(raw, dataset=ds).VR == "CS"
    assert convert_raw_data_element(raw, ds=ds).value == "IMAG"


def test_sequence_values_are_read_into_items() -> None:
    item = b"\x10\x00\x10\x00\x04\x00\x00\x00A^B "
    value = b"\xfe\xff\x00\xe0" + len(item).to_bytes(4, "little") + item
    raw = RawDataElement(Tag(0x00081115), None, len(value), value, 500, True, True)
    got = DataElement_from_raw(raw)
    assert isinstance(got.value, Sequence) and len(got.value) == 1
    assert got.value[0].PatientName == "A^B"
    assert getattr(got.value[0], "file_tell", None) == 500
    assert DataElement_from_raw(raw._replace(length=0, value=b"")).value == Sequence()


def test_the_callback_is_applied_first() -> None:
    from typeddcm.compat import config

    def upper(raw: RawDataElement, **kwargs: Any) -> RawDataElement:
        return raw._replace(value=(raw.value or b"").upper() + kwargs["suffix"])

    with config.override(data_element_callback=upper,
                         data_element_callback_kwargs={"suffix": b"!!"}):
        got = DataElement_from_raw(RawDataElement(Tag(0x00100010), "PN", 4, b"a^b ", 0,
                                                  False, True))
    assert got.value == "A^B !!"


def test_deferred_values_stay_none() -> None:
    raw = RawDataElement(Tag(0x7FE00010), "OW", 1000, None, 0, False, True)
    assert DataElement_from_raw(raw).value is None


# --- DeferredDataElement ----------------------------------------------------------------------


def _pixel_element_start(path: str) -> tuple[int, int]:
    with open(path, "rb") as fp:
        ours_reader.read_preamble(fp, False)
        ours_reader._read_file_meta_info(fp)
        for elem in ours_reader.data_element_generator(fp, False, True, defer_size=1000):
            if int(elem.tag) == 0x7FE00010:
                assert isinstance(elem, RawDataElement)
                return elem.value_tell - 12, elem.length
    raise AssertionError("no pixel data")


def test_deferred_data_element_reads_its_value_when_used(tmp_path: Path) -> None:
    path = str(tmp_path / "ct.dcm")
    shutil.copy(get_testdata_file("CT_small.dcm"), path)
    start, length = _pixel_element_start(path)
    fp = DicomFile(path, "rb")
    fp.is_implicit_VR, fp.is_little_endian = False, True
    elem = DeferredDataElement(0x7FE00010, "OW", fp, os.stat(path).st_mtime, start, length)
    fp.close()
    assert elem.repval == f"Deferred read: length {length}"
    assert elem.value == pydicom.dcmread(path).PixelData
    assert elem.repval.startswith("Array of")
    elem.value = b"\x00\x01"
    assert elem.value == b"\x00\x01"
    other = DeferredDataElement(0x7FE00010, "OW", DicomFile(path, "rb"), 1.0, start, length)
    with pytest.warns(UserWarning, match="modification time has changed"):
        _ = other.value
    gone = DeferredDataElement(0x7FE00010, "OW", DicomFile(path, "rb"), None, start, length)
    os.remove(path)
    with pytest.raises(OSError, match="is missing"):
        _ = gone.value


def test_deferred_data_element_over_a_file_object() -> None:
    data = Path(get_testdata_file("CT_small.dcm")).read_bytes()
    start, length = _pixel_element_start(get_testdata_file("CT_small.dcm"))
    buffer = tc.filebase.DicomBytesIO(data)
    buffer.is_implicit_VR, buffer.is_little_endian = False, True
    elem = DeferredDataElement(0x7FE00010, "OW", buffer, None, start, length)
    assert elem.value == pydicom.dcmread(io.BytesIO(data)).PixelData
    wrong = DeferredDataElement(0x00100010, "PN", buffer, None, start, length)
    with pytest.raises(ValueError, match="no element"), \
            pytest.warns(UserWarning, match="runs past the end"):
        _ = wrong.value  # (the pixel data read with a PN's 8-byte header is cut short)


# --- DataElement attributes and value conversion ---------------------------------------------


@pytest.mark.parametrize(("tag", "vr", "value"), [
    (0x00280030, "DS", "0.5\\0.25"), (0x00280030, "DS", ["1", "2.5"]), (0x00200013, "IS", "12"),
    (0x00200013, "IS", 12), (0x00100010, "PN", "Doe^John"), (0x00080018, "UI", "1.2.840.10008.1.2"),
    (0x00280009, "AT", 0x00100010), (0x00280009, "AT", [(0x0010, 0x0010), 0x00280010]),
    (0x00080008, "CS", "ORIGINAL\\PRIMARY"), (0x00080060, "CS", b"CT"),
    (0x00280010, "US", 512), (0x00540081, "US", [1, 2]), (0x00204000, "LT", "a\\b"),
    (0x00100020, "LO", ""), (0x00180050, "DS", None), (0x7FE00010, "OW", b"\x00\\\x01\x02"),
    (0x00081030, "LO", "x\\y\\z"),
])
def test_values_given_are_converted_as_pydicom_converts_them(tag: int, vr: str, value: Any) -> None:
    got = DataElement(tag, vr, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = TheirElement(tag, vr, value)
    assert type(got.value).__name__ in (type(expected.value).__name__, "MultiValue", "BaseTag")
    assert _plain(got.value) == _plain(expected.value)
    assert (got.VM, got.is_empty) == (expected.VM, expected.is_empty)
    again = DataElement(tag, vr, None)
    again.value = value  # the setter converts too
    assert _plain(again.value) == _plain(expected.value)


def test_converted_types() -> None:
    assert isinstance(DataElement(0x00280030, "DS", "1\\2").value, MultiValue)
    assert isinstance(DataElement(0x00100010, "PN", "A^B").value, PersonName)
    assert isinstance(DataElement(0x00080018, "UI", "1.2").value, UID)
    assert isinstance(DataElement(0x00081115, "SQ", [tc.Dataset()]).value, Sequence)
    from typeddcm.compat import config

    with config.override(datetime_conversion=True):
        assert DataElement(0x00080020, "DA", "20010203").value == datetime.date(2001, 2, 3)
    assert DataElement(0x00080020, "DA", "20010203").value == "20010203"
    with pytest.raises(ValueError, match="not a number"):
        DataElement(0x00280030, "DS", "not a number")
    ds = tc.Dataset()
    ds.add(DataElement(0x00280030, "DS", "0.5\\0.25"))
    assert ds.PixelSpacing == [0.5, 0.25]


@pytest.mark.parametrize(("tag", "vr", "value"), [
    (0x00100010, "PN", "Doe^John"), (0x00280010, "US", 512), (0x00081150, "UI", "1.2.840.10008.1.2"),
    (0x00080008, "CS", ["ORIGINAL", "PRIMARY"]), (0x00091001, "LO", "private"),
    (0x00090010, "LO", "ACME"), (0x00280000, "UL", 4), (0x00080010, "SH", "old"),
    (0x7FE00010, "OW", b"\x00" * 40), (0x00081115, "SQ", []),
])
def test_attributes_match_pydicom(tag: int, vr: str, value: Any) -> None:
    got = DataElement(tag, vr, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = TheirElement(tag, vr, value)
    assert (got.VR, got.VM, got.keyword, got.is_undefined_length, got.is_private) == (
        expected.VR, expected.VM, expected.keyword, expected.is_undefined_length,
        expected.is_private)
    # Group lengths other than (0000,0000) and (0002,0000) are retired (PS3.5 7.2);
    # pydicom's dictionary has no entry for them.
    assert got.is_retired == (expected.is_retired or tag & 0xFFFF == 0)
    assert got.name == expected.name or got.is_private
    assert got.description() == got.name
    if vr not in ("SQ", "PN", "UI"):
        assert got.repval == expected.repval

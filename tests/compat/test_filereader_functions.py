"""typeddcm.compat.filereader's element-level readers against pydicom 3's (the oracle).

data_element_generator, read_dataset, read_sequence(_item), read_preamble,
read_file_meta_info, read_partial and read_deferred_data_element on pydicom's wheel
files; dcmread of a file object from where it is; FileDataset as a context manager;
damaged data.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
import typeddcm.compat as tc
from typeddcm.codec import encode_dataset
from typeddcm.codec.charset import DEFAULT_CHARACTER_SET
from typeddcm.codec.values import encode_value
from typeddcm.compat import filereader as ours
from typeddcm.compat.dataelem import DataElement, DataElement_from_raw, RawDataElement
from typeddcm.compat.errors import InvalidDicomError
from typeddcm.errors import DicomError, FileClosedError
from typeddcm.strategies import datasets

pydicom = pytest.importorskip("pydicom")
from pydicom import filereader as _their_reader  # noqa: E402
from pydicom.data import get_testdata_file as _testdata  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402

theirs: Any = _their_reader  # the oracle, untyped here: its values are compared, not typed


def get_testdata_file(name: str) -> str:
    """The path of one of pydicom's wheel files."""
    found = _testdata(name)
    assert isinstance(found, str), name
    return found


def _dataset_start(data: bytes) -> tuple[int, bool, bool] | None:
    """Where pydicom finds the dataset of ``data``, and its encoding (None: not for the oracle:
    unreadable by pydicom, deflated, or of no known encoding)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(io.BytesIO(data), force=True)
            fp = io.BytesIO(data)
            theirs.read_preamble(fp, True)
            theirs._read_file_meta_info(fp)
        except Exception:  # pydicom refuses the file: not in the oracle
            return None
    syntax = ds.file_meta.get("TransferSyntaxUID")
    if (syntax is not None and syntax.is_deflated) or None in ds.original_encoding:
        return None
    implicit, little = ds.original_encoding
    return fp.tell(), implicit, little


def _oracle_files() -> list[tuple[Path, int, bool, bool]]:
    found = []
    for path in wheel_files():
        start = _dataset_start(path.read_bytes())
        if start is not None:
            found.append((path, *start))
    return found


FILES = _oracle_files()


def _at(data: bytes, start: int) -> io.BytesIO:
    fp = io.BytesIO(data)
    fp.seek(start)
    return fp


def test_the_oracle_is_large() -> None:
    assert len(FILES) >= 175


# --- data_element_generator -------------------------------------------------------------


@pytest.mark.parametrize(("path", "start", "implicit", "little"), FILES, ids=lambda p: getattr(p, "name", ""))
def test_generator_yields_what_pydicom_yields(path: Path, start: int, implicit: bool,
                                              little: bool) -> None:
    """Field by field (tag, VR, length, value bytes, value_tell, encoding), and where the file
    is left; a DataElement with the items for an undefined-length sequence."""
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fp_theirs, fp_ours = _at(data, start), _at(data, start)
        expected: list[Any] = list(theirs.data_element_generator(fp_theirs, implicit, little))
        got: list[Any] = list(ours.data_element_generator(fp_ours, implicit, little))
    assert fp_ours.tell() == fp_theirs.tell()
    assert len(got) == len(expected)
    for mine, their in zip(got, expected, strict=True):
        assert type(mine).__name__ == type(their).__name__
        if isinstance(mine, RawDataElement):
            assert tuple(mine)[:7] == tuple(their)[:7]
            assert mine.is_undefined_length == (their.length == 0xFFFFFFFF)
        else:
            assert isinstance(mine, DataElement)
            assert (int(mine.tag), mine.VR, mine.file_tell, mine.is_undefined_length) == (
                int(their.tag), their.VR, their.file_tell, their.is_undefined_length)
            assert len(mine.value) == len(their.value)
            for item_ours, item_theirs in zip(mine.value, their.value, strict=True):
                assert item_ours.is_undefined_length_sequence_item == (
                    item_theirs.is_undefined_length_sequence_item)
                assert item_ours.seq_item_tell == item_theirs.seq_item_tell
                assert [int(t) for t in item_ours.keys()] == [int(t) for t in item_theirs.keys()]


def _ct() -> tuple[bytes, int]:
    data = Path(get_testdata_file("CT_small.dcm")).read_bytes()
    start = _dataset_start(data)
    assert start is not None
    return data, start[0]


def test_generator_stop_when_rewinds_to_the_element() -> None:
    data, start = _ct()
    results = []
    for module in (theirs, ours):
        seen: list[tuple[int, Any, int]] = []

        def stop(tag: int, vr: str | None, length: int, seen: list[Any] = seen) -> bool:
            seen.append((int(tag), vr, length))
            return int(tag) >= 0x00280000

        fp = _at(data, start)
        tags = [int(e.tag) for e in module.data_element_generator(fp, False, True, stop_when=stop)]
        assert tags and max(tags) < 0x00280000
        assert data[fp.tell() : fp.tell() + 4] == b"\x28\x00\x02\x00"  # (0028,0002) next
        results.append((tags, seen, fp.tell()))
    assert results[0] == results[1]


def test_generator_defer_size_and_specific_tags() -> None:
    data, start = _ct()
    for defer in (100, "1 KB", 1024.0):
        got: list[Any] = list(ours.data_element_generator(_at(data, start), False, True,
                                                          defer_size=defer))
        expected = list(theirs.data_element_generator(_at(data, start), False, True,
                                                      defer_size=defer))
        assert [tuple(e)[:7] for e in got] == [tuple(e)[:7] for e in expected]
        assert any(e.value is None and e.length > 100 for e in got)
    wanted = [0x00100010, 0x00280010, 0x7FE00010]
    got = list(ours.data_element_generator(_at(data, start), False, True,
                                           specific_tags=wanted))
    expected = list(theirs.data_element_generator(_at(data, start), False, True,
                                                  specific_tags=wanted))
    assert [tuple(e)[:7] for e in got] == [tuple(e)[:7] for e in expected]
    assert [int(e.tag) for e in got] == [0x00080005, *wanted]  # Specific Character Set too
    with pytest.raises(ValueError, match="unit"):
        list(ours.data_element_generator(_at(data, start), False, True, defer_size="3 parsecs"))


def test_generator_stops_at_an_item_delimiter() -> None:
    body = struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 4) + b"A^B "
    data = body + struct.pack("<HHI", 0xFFFE, 0xE00D, 0) + b"after"
    for module in (theirs, ours):
        fp = io.BytesIO(data)
        got = list(module.data_element_generator(fp, False, True))
        assert [int(e.tag) for e in got] == [0x00100010]
        assert fp.tell() == len(body) + 8


# --- read_dataset, read_sequence ---------------------------------------------------------


def _plain(value: Any) -> Any:
    from pydicom.multival import MultiValue
    from pydicom.valuerep import PersonName

    if isinstance(value, (list, MultiValue, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, PersonName) or type(value).__name__ == "PersonName":
        return str(value).rstrip("=")  # PS3.5: we keep a trailing empty component group
    if type(value) in (int, float, bytes) or value is None:
        return value
    if type(value).__name__ == "BaseTag":  # tags print differently (docs/architecture.md)
        return int(value)
    if isinstance(value, (int, float)) or type(value).__name__ in ("IS", "DSfloat", "DSdecimal"):
        try:  # IS and DS: the number, or the text when it is not one
            return float(str(value))
        except ValueError:
            return str(value).strip(" ")
    return str(value).strip(" ")


@pytest.mark.parametrize(("path", "start", "implicit", "little"), FILES, ids=lambda p: getattr(p, "name", ""))
def test_read_dataset_reads_what_pydicom_reads(path: Path, start: int, implicit: bool,
                                               little: bool) -> None:
    data = path.read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fp_theirs, fp_ours = _at(data, start), _at(data, start)
        expected = theirs.read_dataset(fp_theirs, implicit, little)
        got = ours.read_dataset(fp_ours, implicit, little)
        assert fp_ours.tell() == fp_theirs.tell()
        assert [int(t) for t in got.keys()] == [int(t) for t in expected.keys()]
        assert got.read_implicit_vr == expected.original_encoding[0]
        for tag in expected.keys():
            try:
                their_value = expected[tag].value
            except Exception:  # pydicom cannot convert it (e.g. an unknown VR): not compared
                continue
            mine = got[int(tag)].value
            if expected[tag].VR == "SQ":
                assert len(mine) == len(their_value)
            elif expected[tag].VR not in ("US or SS", "OB or OW", "US or OW", "US or SS or OW"):
                assert _plain(mine) == _plain(their_value) or expected[tag].VR in ("CS", "UN")


def test_read_dataset_bytelength_stop_when_and_specific_tags() -> None:
    data, start = _ct()
    states = []
    for module in (theirs, ours):  # every element that starts within 200 bytes, whole
        fp = _at(data, start)
        ds = module.read_dataset(fp, False, True, bytelength=200)
        assert fp.tell() > start + 200
        states.append(([int(t) for t in ds.keys()], fp.tell()))
    assert states[0] == states[1]
    states.clear()
    for module in (theirs, ours):
        fp = _at(data, start)
        ds = module.read_dataset(fp, False, True,
                                 stop_when=lambda tag, vr, length: tag >= 0x00200000)
        assert max(ds.keys()) < 0x00200000 and data[fp.tell() + 1] == 0x00
        states.append(([int(t) for t in ds.keys()], fp.tell()))
    assert states[0] == states[1]
    picked = ours.read_dataset(_at(data, start), False, True,
                               specific_tags=["PatientName", 0x00280010])
    assert [int(t) for t in picked.keys()] == [0x00080005, 0x00100010, 0x00280010]
    assert picked.PatientName == "CompressedSamples^CT1"


def test_read_dataset_warns_when_the_vr_form_is_not_what_was_assumed() -> None:
    data, start = _ct()  # explicit VR
    with pytest.warns(UserWarning, match="Expected implicit VR, but found explicit VR"):
        ds = ours.read_dataset(_at(data, start), True, True)
    assert ds.read_implicit_vr is False and ds.PatientName == "CompressedSamples^CT1"
    from typeddcm.compat import config

    with config.override(reading_validation_mode=config.RAISE), \
            pytest.raises(InvalidDicomError, match="Expected implicit VR"):
        ours.read_dataset(_at(data, start), True, True)


def _sequence_values() -> Iterator[tuple[str, int, bool, bool]]:
    """Top-level sequence values (undefined and defined length) in wheel files: (name,
    where the value starts, implicit, little) for each one pydicom finds."""
    from pydicom.datadict import dictionary_VR

    for name in ("rtplan.dcm", "rtstruct.dcm", "nested_priv_SQ.dcm", "reportsi.dcm",
                 "DICOMDIR", "DICOMDIR-implicit", "UN_sequence.dcm", "rtplan_truncated.dcm"):
        data = Path(get_testdata_file(name)).read_bytes()
        start = _dataset_start(data)
        assert start is not None
        _, implicit, little = start
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            elem: Any
            for elem in theirs.data_element_generator(_at(data, start[0]), implicit, little):
                if not getattr(elem, "is_raw", False) and elem.VR == "SQ":
                    yield name, elem.file_tell, implicit, little
                elif getattr(elem, "is_raw", False) and (elem.VR == "SQ" or (
                        elem.VR is None and not elem.tag.is_private
                        and dictionary_VR(elem.tag) == "SQ")):
                    yield name, elem.value_tell, implicit, little


SEQUENCES = list(_sequence_values())


@pytest.mark.parametrize(("name", "value_tell", "implicit", "little"), SEQUENCES)
def test_read_sequence_reads_what_pydicom_reads(name: str, value_tell: int, implicit: bool,
                                                little: bool) -> None:
    data = Path(get_testdata_file(name)).read_bytes()
    header = struct.unpack_from("<I" if little else ">I", data, value_tell - 4)[0]
    fp_theirs, fp_ours = _at(data, value_tell), _at(data, value_tell)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = theirs.read_sequence(fp_theirs, implicit, little, header, "iso8859", 10)
        except OSError:  # cut short: pydicom gives up; we keep what is there, and warn
            with pytest.warns(UserWarning, match="delimiter missing|runs past"):
                got = ours.read_sequence(fp_ours, implicit, little, header, "iso8859", 10)
            assert fp_ours.tell() == len(data)
            return
        got = ours.read_sequence(fp_ours, implicit, little, header, "iso8859", 10)
    assert fp_ours.tell() == fp_theirs.tell()
    assert got.is_undefined_length == expected.is_undefined_length == (header == 0xFFFFFFFF)
    assert len(got) == len(expected)
    for mine, their in zip(got, expected, strict=True):
        assert getattr(mine, "file_tell", None) == their.file_tell
        assert getattr(mine, "is_undefined_length_sequence_item", None) == (
            their.is_undefined_length_sequence_item)
        assert [int(t) for t in mine.keys()] == [int(t) for t in their.keys()]


def test_read_sequence_empty_and_items_one_by_one() -> None:
    assert len(ours.read_sequence(io.BytesIO(b""), True, True, 0, "iso8859")) == 0
    item = struct.pack("<HHI", 0x0010, 0x0010, 4) + b"A^B "
    data = (struct.pack("<HHI", 0xFFFE, 0xE000, len(item)) + item
            + struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF) + item
            + struct.pack("<HHI", 0xFFFE, 0xE00D, 0) + struct.pack("<HHI", 0xFFFE, 0xE0DD, 0))
    for module in (theirs, ours):
        fp = io.BytesIO(data)
        first: Any = module.read_sequence_item(fp, True, True, "iso8859")
        second: Any = module.read_sequence_item(fp, True, True, "iso8859", offset=100)
        assert module.read_sequence_item(fp, True, True, "iso8859") is None
        assert fp.tell() == len(data)
        assert first is not None and second is not None
        assert str(first.PatientName) == str(second.PatientName) == "A^B"
        assert (first.is_undefined_length_sequence_item, second.is_undefined_length_sequence_item,
                first.seq_item_tell, second.seq_item_tell) == (False, True, 0, 120)
        with pytest.raises(OSError, match="No tag to read"):
            module.read_sequence_item(io.BytesIO(b"\xfe\xff"), True, True, "iso8859")


# --- read_preamble, read_file_meta_info, read_partial -----------------------------------


@pytest.mark.parametrize("path", [p for p in wheel_files() if p.read_bytes()[128:132] == b"DICM"],
                         ids=lambda p: p.name)
def test_read_file_meta_info_matches_pydicom(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            expected = theirs.read_file_meta_info(path)
        except Exception:  # pydicom refuses it: not in the oracle
            return
        got = ours.read_file_meta_info(path)
    assert isinstance(got, tc.FileMetaDataset)
    assert [int(t) for t in got.keys()] == [int(t) for t in expected.keys()]
    for tag in expected.keys():
        assert _plain(got[int(tag)].value) == _plain(expected[tag].value)
    with open(path, "rb") as fp_ours, open(path, "rb") as fp_theirs:
        ours.read_preamble(fp_ours, False)
        theirs.read_preamble(fp_theirs, False)
        ours._read_file_meta_info(fp_ours)
        theirs._read_file_meta_info(fp_theirs)
        assert fp_ours.tell() == fp_theirs.tell()


@pytest.mark.parametrize("content", [b"", b"\x00" * 100, b"\x00" * 128 + b"DICX",
                                     b"\x00" * 128 + b"DIC", b"\x01" * 128 + b"DICM"])
def test_read_preamble_matches_pydicom(content: bytes) -> None:
    for force in (True, False):
        results = []
        for module in (theirs, ours):
            fp = io.BytesIO(content)
            try:
                results.append(("ok", module.read_preamble(fp, force), fp.tell()))
            except Exception as exc:  # the type is what we compare
                results.append(("error", type(exc).__name__, fp.tell()))
        assert results[0] == results[1]


def test_read_file_meta_info_refuses_a_file_without_the_marker(tmp_path: Path) -> None:
    path = tmp_path / "bare.dcm"
    path.write_bytes(b"\x00" * 200)
    with pytest.raises(InvalidDicomError, match="DICM"):
        ours.read_file_meta_info(path)


def test_read_partial_stops_where_pydicom_stops() -> None:
    path = get_testdata_file("rtplan.dcm")

    def stop(tag: int, vr: str | None, length: int) -> bool:
        return int(tag) >= 0x300A0000

    results = []
    for module in (theirs, ours):
        with open(path, "rb") as fp:
            ds = module.read_partial(fp, stop)
            results.append(([int(t) for t in ds.keys()], fp.tell(), str(ds.PatientName)))
    assert results[0] == results[1]
    with open(path, "rb") as fp:
        ds = ours.read_partial(fp, specific_tags=["PatientName"])
    assert [int(t) for t in ds.keys()] == [0x00100010]  # (rtplan has no (0008,0005))


# --- dcmread of file objects, FileDataset as a context manager -----------------------------


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_bigendian.dcm", "rtplan.dcm",
                                  "JPEG2000.dcm", "image_dfl.dcm"])
def test_dcmread_reads_a_file_object_from_where_it_is(name: str) -> None:
    data = Path(get_testdata_file(name)).read_bytes()
    padded = b"\xab" * 37 + data
    for stop in (False, True):
        positions = []
        for module in (pydicom, tc):
            fp = io.BytesIO(padded)
            fp.seek(37)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = module.dcmread(fp, stop_before_pixels=stop)
            positions.append(fp.tell())
            assert ("PixelData" in ds) is not stop or "PixelData" not in ds
        assert positions[0] == positions[1]
        assert tc.dcmread(_at(padded, 37)).SOPInstanceUID == pydicom.dcmread(
            io.BytesIO(data)).SOPInstanceUID


def test_dcmread_stops_before_float_pixel_data() -> None:
    ds = tc.Dataset()
    ds.SOPClassUID = "1.2.3"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Rows = 1
    ds.add_new(0x7FE00008, "OF", b"\x00\x00\x80\x3f")
    ds.add_new(0x7FE00010, "OW", b"\x00\x00")
    ds.file_meta = tc.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    buffer = io.BytesIO()
    tc.dcmwrite(buffer, ds, write_like_original=False)
    data = buffer.getvalue()
    results = []
    for module in (pydicom, tc):
        fp = io.BytesIO(data)
        got = module.dcmread(fp, stop_before_pixels=True)
        results.append(([int(t) for t in got.keys()], fp.tell()))
    assert results[0] == results[1]
    assert 0x7FE00008 not in results[1][0]


def test_dcmread_refuses_what_is_not_a_file() -> None:
    for bad in (None, 42, object()):
        with pytest.raises(TypeError, match="Expected a file path, file-like or readable buffer"):
            tc.dcmread(bad)  # type: ignore[arg-type]
        with pytest.raises(TypeError):
            pydicom.dcmread(bad)
    with pytest.raises(ValueError, match="parsecs"):
        tc.dcmread(get_testdata_file("CT_small.dcm"), defer_size="3 parsecs")


def test_defer_size_and_specific_tags_are_honoured() -> None:
    path = get_testdata_file("CT_small.dcm")
    deferred = tc.dcmread(path, defer_size="1 KB")
    assert deferred.PixelData == pydicom.dcmread(path, defer_size="1 KB").PixelData
    picked = tc.dcmread(path, specific_tags=["PatientName", (0x0028, 0x0010)])
    expected = pydicom.dcmread(path, specific_tags=["PatientName", (0x0028, 0x0010)])
    assert [int(t) for t in picked.keys()] == [int(t) for t in expected.keys()]


def test_file_dataset_is_a_context_manager() -> None:
    path = get_testdata_file("CT_small.dcm")
    with tc.dcmread(path) as ds:
        assert ds.Rows == 128
    assert ds.PatientName == "CompressedSamples^CT1"  # read into memory: still readable


def test_leaving_the_block_releases_a_mapped_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(typeddcm.io, "MEMORY_MAP_THRESHOLD", 0)
    with tc.dcmread(get_testdata_file("CT_small.dcm")) as ds:
        assert ds.Rows == 128
    assert ds._source_file.closed
    with pytest.raises(FileClosedError):
        _ = ds.PatientName


# --- read_deferred_data_element -----------------------------------------------------------


def _deferred_pixels(path: str) -> RawDataElement:
    with open(path, "rb") as fp:
        ours.read_preamble(fp, False)
        ours._read_file_meta_info(fp)
        found = [e for e in ours.data_element_generator(fp, False, True, defer_size=1000)
                 if isinstance(e, RawDataElement) and int(e.tag) == 0x7FE00010]
    assert isinstance(found[0], RawDataElement)
    assert found and found[0].value is None
    return found[0]


def test_read_deferred_data_element_reads_the_value(tmp_path: Path) -> None:
    path = get_testdata_file("CT_small.dcm")
    raw = _deferred_pixels(path)
    stamp = os.stat(path).st_mtime
    got = ours.read_deferred_data_element(open, path, stamp, raw)
    expected = theirs.read_deferred_data_element(open, path, stamp, raw)
    assert tuple(got)[:7] == tuple(expected)[:7]
    assert got.value == pydicom.dcmread(path).PixelData
    with open(path, "rb") as fp:
        assert ours.read_deferred_data_element(type(fp), fp, None, raw).value == got.value
        assert not fp.closed


def test_read_deferred_data_element_errors(tmp_path: Path) -> None:
    path = get_testdata_file("CT_small.dcm")
    raw = _deferred_pixels(path)
    with pytest.raises(OSError, match="filename not stored"):
        ours.read_deferred_data_element(open, None, None, raw)
    with pytest.raises(OSError, match="is missing"):
        ours.read_deferred_data_element(open, str(tmp_path / "gone.dcm"), None, raw)
    with pytest.warns(UserWarning, match="modification time has changed"):
        ours.read_deferred_data_element(open, path, 1.0, raw)
    with pytest.raises(ValueError, match="does not match"):
        ours.read_deferred_data_element(open, path, None, raw._replace(tag=tc.tag.Tag(0x7FE00011)))
    with pytest.raises(ValueError, match="VR"):
        ours.read_deferred_data_element(open, path, None, raw._replace(VR="OB"))


def test_offset_to_value() -> None:
    for implicit, vr in ((True, None), (False, "OB"), (False, "US"), (False, "SQ"), (False, "UT")):
        assert ours.data_element_offset_to_value(implicit, vr) == (
            theirs.data_element_offset_to_value(implicit, vr))


# --- damaged data -------------------------------------------------------------------------

_ALLOWED = (DicomError, OSError, KeyError, NotImplementedError)


def _exercise(data: bytes, start: int, implicit: bool, little: bool) -> None:
    """Every reader over ``data``: nothing but a clear error (never struct.error/IndexError)."""
    for raw in ours.data_element_generator(_at(data, start), implicit, little):
        if isinstance(raw, RawDataElement):
            # An unknown implicit VR tag / an unknown VR: pydicom's errors.
            with contextlib.suppress(KeyError, NotImplementedError):
                DataElement_from_raw(raw)
    str(ours.read_dataset(_at(data, start), implicit, little))
    for item in ours.read_sequence(_at(data, start), implicit, little, 0xFFFFFFFF, "iso8859"):
        str(item)
    with contextlib.suppress(OSError):  # no item header: pydicom's OSError
        ours.read_sequence_item(_at(data, start), implicit, little, "iso8859")
    str(tc.dcmread(_at(data, start), force=True))


@pytest.mark.parametrize("name", ["CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm",
                                  "UN_sequence.dcm", "nested_priv_SQ.dcm", "JPEG2000.dcm"])
def test_truncated_and_damaged_files_give_clear_errors_only(name: str) -> None:
    data = Path(get_testdata_file(name)).read_bytes()
    chance = random.Random(name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for trial in range(40):
            damaged = bytearray(data[: chance.randrange(len(data))])
            if trial % 2 and damaged:
                for _ in range(4):
                    damaged[chance.randrange(len(damaged))] = chance.randrange(256)
            for implicit, little in ((True, True), (False, True), (False, False)):
                with contextlib.suppress(*_ALLOWED):
                    _exercise(bytes(damaged), 132 if trial % 3 else 0, implicit, little)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=300), st.booleans(), st.booleans())
def test_random_bytes_give_clear_errors_only(data: bytes, implicit: bool, little: bool) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with contextlib.suppress(*_ALLOWED):
            _exercise(data, 0, implicit, little)


def test_a_value_running_past_the_end_is_kept_with_a_warning() -> None:
    data = struct.pack("<HH2sH", 0x0010, 0x0010, b"PN", 40) + b"Short^Name"
    with pytest.warns(UserWarning, match="runs past the end"):
        got: list[Any] = list(ours.data_element_generator(io.BytesIO(data), False, True))
    assert [(int(e.tag), e.length, e.value) for e in got] == [(0x00100010, 40, b"Short^Name")]
    with pytest.warns(UserWarning, match="sequence delimiter missing"):
        seq = ours.read_sequence(io.BytesIO(struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF)),
                                 True, True, 0xFFFFFFFF, "iso8859")
    assert len(seq) == 1


# --- the generator over what our codec writes ------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(private=False, unambiguous=True), st.sampled_from(
    ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"]))
def test_generator_over_encoded_datasets(core: typeddcm.Dataset, syntax: str) -> None:
    """Every top-level element comes out once, in order, with the value the dataset has."""
    implicit, little = syntax == "1.2.840.10008.1.2", syntax != "1.2.840.10008.1.2.2"
    data = encode_dataset(core, syntax, like_original=False)
    fp = io.BytesIO(b"\x00" * 10 + data)
    fp.seek(10)
    got = list(ours.data_element_generator(fp, implicit, little))
    assert fp.tell() == 10 + len(data)
    assert [int(e.tag) for e in got] == [int(t) for t in core]
    wrapped = tc.Dataset(core)
    for raw in got:
        elem = raw if isinstance(raw, DataElement) else DataElement_from_raw(raw)
        expected = wrapped[int(raw.tag)]
        if expected.VR == "SQ":
            assert len(elem.value) == len(expected.value)
        else:
            assert elem.VR == expected.VR
            if elem.VR in ("OW", "OF", "OD", "OL", "OV") and not little:
                # Raw bytes are the file's (big endian); the dataset's value is the core's.
                assert (elem.value or b"") == encode_value(
                    core[int(raw.tag)].vr, little_endian=False, charset=DEFAULT_CHARACTER_SET)
            else:
                assert elem.value == expected.value


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 1200), st.sampled_from(["CT_small.dcm", "MR_small_implicit.dcm",
                                               "MR_small_bigendian.dcm"]))
def test_read_dataset_bytelength_reads_whole_elements(bytelength: int, name: str) -> None:
    """Every element starting within ``bytelength`` is read whole, as pydicom reads it."""
    data = Path(get_testdata_file(name)).read_bytes()
    found = _dataset_start(data)
    assert found is not None
    start, implicit, little = found
    results = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for module in (theirs, ours):
            fp = _at(data, start)
            ds = module.read_dataset(fp, implicit, little, bytelength=bytelength)
            results.append(([int(t) for t in ds.keys()], fp.tell()))
    assert results[0] == results[1]

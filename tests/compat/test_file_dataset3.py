"""pydicom 3's FileDataset and Dataset additions: buffer/filename, file_meta as a
FileMetaDataset, the encoding attributes under their private names and
``config._use_future``, and the mapping methods' errors.  pydicom 3.0.2 is the oracle
where the behaviour is the same."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any, cast

import pydicom
import pytest
from pydicom.data import get_testdata_file

import typeddcm.compat as tc
from typeddcm.compat import DataElement, Dataset, FileDataset, FileMetaDataset, config
from typeddcm.compat.dataelem import RawDataElement
from typeddcm.compat.filebase import DicomBytesIO


@pytest.fixture
def future() -> Any:
    config._use_future = True
    yield
    config._use_future = False


def _sources(path: str) -> list[tuple[Any, Any]]:
    data = Path(path).read_bytes()
    return [(path, path), (Path(path), Path(path)), (io.BytesIO(data), io.BytesIO(data))]


def test_buffer_filename_and_type_as_pydicom() -> None:
    path = str(get_testdata_file("CT_small.dcm"))
    for ours_source, their_source in _sources(path):
        ours, theirs = tc.dcmread(ours_source), pydicom.dcmread(their_source)
        assert ours.filename == theirs.filename
        assert (ours.buffer is ours_source) == (theirs.buffer is their_source)
        assert ours.fileobj_type is theirs.fileobj_type
        assert ours.timestamp == theirs.timestamp
    with open(path, "rb") as f:
        ds = tc.dcmread(f)
        assert ds.filename == path and ds.buffer is None and ds.fileobj_type is open

    class Container:
        filename = "/some/path"

    assert FileDataset(cast(Any, Container()), Dataset()).filename == "/some/path"


def test_a_deflated_file_is_read_from_an_inflated_buffer() -> None:
    path = str(get_testdata_file("image_dfl.dcm"))
    ours, theirs = tc.dcmread(path), pydicom.dcmread(path)
    assert isinstance(ours.buffer, DicomBytesIO)
    assert cast(Any, ours.buffer).getvalue() == cast(Any, theirs.buffer).getvalue()
    assert ours.filename == path


def test_deep_copy_drops_a_buffer_it_cannot_copy() -> None:
    data = Path(str(get_testdata_file("CT_small.dcm"))).read_bytes()
    buffer = io.BytesIO(data)
    ds = tc.dcmread(buffer)
    assert copy.deepcopy(ds).buffer.getvalue() == data
    buffer.close()
    with pytest.warns(UserWarning, match="the 'buffer' attribute will be set to 'None'"):
        copied = copy.deepcopy(ds)
    assert copied.buffer is None
    assert copied == ds


def test_a_forced_read_without_marker_starts_at_byte_zero() -> None:
    from typeddcm.compat.interop import to_pydicom

    ds: Any = Dataset()
    ds.PatientID = "ID1"
    ds.StrainDescription = "Test"
    for module, dataset in ((tc, ds), (pydicom, to_pydicom(ds))):
        fp = io.BytesIO()
        module.FileDataset(fp, dataset).save_as(fp, implicit_vr=True)
        assert fp.tell() > 0  # left at the end: the read starts again at 0, as pydicom's
        assert module.dcmread(fp, force=True).PatientID == "ID1"


def test_file_meta_is_kept_as_a_file_meta_dataset() -> None:
    ds: Any = Dataset()
    meta: Any = Dataset()
    meta.TransferSyntaxUID = "1.2"
    ds.file_meta = meta
    assert isinstance(ds.file_meta, FileMetaDataset)
    assert ds.file_meta.TransferSyntaxUID == "1.2"
    ds.file_meta = None
    assert ds.file_meta is None
    meta.PatientID = "1"
    with pytest.raises(ValueError, match="group 2"):
        ds.file_meta = meta
    with pytest.raises(TypeError, match=r"'Dataset\.file_meta' must be a 'FileMetaDataset'"):
        ds.file_meta = []
    assert len(FileMetaDataset(None)) == 0
    assert len(Dataset(None)) == 0


@pytest.mark.parametrize(("uid", "expected"), [
    (None, (None, None)), ("1.2.840.10008.1.2", (True, True)),
    ("1.2.840.10008.1.2.2", (False, False)), ("1.2.3.4", (None, None)),
    ("1.2.840.10008.5.1.4.1.1.2", (None, None))])
def test_tsyntax_encoding(uid: str | None, expected: tuple[Any, Any]) -> None:
    ours: Any = FileMetaDataset()
    theirs: Any = pydicom.dataset.FileMetaDataset()
    if uid is not None:
        ours.TransferSyntaxUID = uid
        theirs.TransferSyntaxUID = uid
    assert ours._tsyntax_encoding == theirs._tsyntax_encoding == expected


def test_encoding_attributes_live_under_pydicom_3s_names() -> None:
    ds: Any = Dataset()
    assert ds.is_implicit_VR is None and ds.read_encoding is None
    ds.is_implicit_VR, ds.is_little_endian = True, False
    assert (ds._is_implicit_VR, ds._is_little_endian) == (True, False)
    ds._read_implicit, ds._read_little, ds._read_charset = False, True, ["latin_1"]
    assert ds.original_encoding == (False, True)
    assert (ds.read_implicit_vr, ds.read_little_endian) == (False, True)
    assert ds.original_character_set == ["latin_1"]
    read = tc.dcmread(str(get_testdata_file("CT_small.dcm")))
    theirs = pydicom.dcmread(str(get_testdata_file("CT_small.dcm")))
    assert read.original_encoding == theirs.original_encoding
    assert read.original_character_set == theirs.original_character_set
    assert read._character_set == theirs._character_set
    assert read.file_meta.original_character_set == theirs.file_meta.original_character_set
    item, their_item = read.OtherPatientIDsSequence[0], theirs.OtherPatientIDsSequence[0]
    assert item._character_set == their_item._character_set


def test_use_future_removes_the_1x_names(future: Any) -> None:
    ds: Any = Dataset()
    for name in ("is_little_endian", "is_implicit_VR", "read_encoding", "read_implicit_vr",
                 "read_little_endian"):
        with pytest.raises(AttributeError, match=f"'Dataset' object has no attribute '{name}'"):
            getattr(ds, name)
        with pytest.raises(AttributeError, match=name):
            setattr(ds, name, True)
    with pytest.raises(AttributeError, match="convert_pixel_data"):
        ds.convert_pixel_data()
    with pytest.raises(TypeError, match="use_v2_backend"):
        ds.pixel_array_options(use_v2_backend=True)
    with pytest.raises(TypeError, match="handler_name"):
        ds.decompress(handler_name="foo")
    with pytest.raises(TypeError, match="'write_like_original' is no longer accepted"):
        ds.save_as(io.BytesIO(), write_like_original=False)
    ds._read_charset = ["latin_1"]
    ds.SpecificCharacterSet = "ISO_IR 100"
    assert ds.is_original_encoding
    ds.SpecificCharacterSet = "ISO_IR 192"
    assert not ds.is_original_encoding
    fds = FileDataset(None, Dataset())
    assert "_is_implicit_VR" not in fds.__dict__


def test_mapping_errors_are_pydicoms() -> None:
    for module in (tc, pydicom):
        ds = module.Dataset()
        ds.PatientName = "A^B"
        with pytest.raises(KeyError):
            ds.pop(0x300A00B244)
        assert ds.pop(0x300A00B244, "x") == "x"
        with pytest.raises(TypeError, match=r"Dataset\.get key must be a string or tag"):
            ds.get(-0x0010, 0x0010)
        with pytest.raises(ValueError, match="Unable to create an element tag from 'FooBar'"):
            ds.setdefault("FooBar", "foo")
        with pytest.raises(ValueError, match="Unable to convert the key 'invalid'"):
            ds["invalid"] = ds["PatientName"]
        with pytest.raises(ValueError, match="repeating group element"):
            ds.OverlayData = b"\x00"
        assert not ds["PatientName"].is_raw


def test_update_from_another_dataset_leaves_its_elements_bound_to_it() -> None:
    ds: Any = Dataset()
    other: Any = Dataset()
    ds.PatientName = "A"
    other.update(ds)
    ds.PatientName = "B"
    other.update(ds)
    assert other.PatientName == "B"
    ds["PatientName"].value = "C"
    assert ds.PatientName == "C" and other.PatientName == "B"


def test_raw_elements_set_by_hand() -> None:
    ds: Any = Dataset()
    tag1, tag2 = 0x70050005, 0x00431029
    ds[tag1] = RawDataElement(tc.tag.Tag(tag1), None, 2, b"\x01\x02", 0, True, True)
    ds[(0x0043, 0x1029)] = RawDataElement((0x0043, 0x1029), "OB", 2, b"\x00\x01", 0,  # type: ignore[arg-type]
                                          True, True)
    assert (ds[tag1].VR, ds[tag1].value) == ("UN", b"\x01\x02")
    assert (ds[tag2].VR, ds[tag2].value) == ("OB", b"\x00\x01")
    raw = RawDataElement(tc.tag.Tag(0x7FE00010), "OB", 0xFFFFFFFF, b"", 0, False, True)
    assert raw.is_undefined_length and not raw.is_buffered
    assert len(raw) == 9


def test_add_new_private_as_pydicom() -> None:
    for module in (tc, pydicom):
        ds = module.Dataset()
        with pytest.raises(ValueError, match="Tag must be private"):
            ds.add_new_private("Creator 1.0", 0x0010, 0x01, "VALUE", "SH")
        with pytest.raises(KeyError, match=r"Private creator 'Creator 1\.0' not in the private"):
            ds.add_new_private("Creator 1.0", 0x0011, 0x01, "VALUE")
        ds.add_new_private("Creator 1.0", 0x0011, 0x01, "VALUE", "SH")
        ds.add_new_private("GEMS_GENIE_1", 0x0009, 0x10, "Test Study")
        item = ds.get_private_item(0x0009, 0x10, "GEMS_GENIE_1")
        assert (item.value, item.VR) == ("Test Study", "LO")
        assert sorted(int(t) for t in ds.keys()) == [0x00090010, 0x00091010, 0x00110010,
                                                     0x00111001]


def test_numpy_holds_the_dataset_itself() -> None:
    import numpy as np

    ds = tc.dcmread(str(get_testdata_file("CT_small.dcm")))
    array = np.array([ds])
    assert array.shape == (1,) and array.dtype == object and array[0] is ds


def test_an_empty_person_name_is_a_person_name() -> None:
    ds: Any = Dataset()
    ds.PatientName = ""
    assert isinstance(ds.PatientName, tc.valuerep.PersonName)
    assert ds.PatientName == ""
    assert not ds.PatientName
    fp = DicomBytesIO()
    ds.save_as(fp, implicit_vr=True)
    fp.seek(0)
    assert isinstance(tc.dcmread(cast(Any, fp), force=True).PatientName, tc.valuerep.PersonName)


def test_elements_added_with_data_element() -> None:
    ds: Any = Dataset()
    ds.add(DataElement(0x00100010, "PN", "A^B"))
    assert ds.get_item(0x00100010, keep_deferred=True).value == "A^B"


@pytest.mark.parametrize("name", ["SC_rgb_jpeg.dcm", "CT_small.dcm"])
def test_vr_style_against_the_transfer_syntax_under_raise(name: str) -> None:
    """Under reading mode RAISE, implicit VR data whose meta says an explicit VR syntax is
    pydicom's InvalidDicomError; under WARN both read it as the data says."""
    path = get_testdata_file(name)
    assert path is not None
    outcomes = []
    for module in (pydicom, tc):
        settings = module.config.settings
        saved = settings.reading_validation_mode
        settings.reading_validation_mode = module.config.RAISE
        try:
            module.dcmread(path)
            outcomes.append("read")
        except module.errors.InvalidDicomError as error:
            outcomes.append(str(error))
        finally:
            settings.reading_validation_mode = saved
    assert outcomes[0] == outcomes[1]
    if name == "SC_rgb_jpeg.dcm":
        assert outcomes[1] == "Expected explicit VR, but found implicit VR"

"""Each documented Dataset/FileDataset method, side by side with pydicom where it has it."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import typeddcm.compat as tc
from typeddcm.compat.dataelem import DataElement, RawDataElement
from typeddcm.compat.dataset import Dataset, FileDataset, PropertyError

pydicom = pytest.importorskip("pydicom")

_DATA = Path(pydicom.__file__).parent / "data" / "test_files"


def _both(name: str) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(_DATA / name), tc.dcmread(_DATA / name)


def _tags(ds: Any) -> list[int]:
    return [int(t) for t in ds.keys()]


def test_mapping_methods_agree_with_pydicom() -> None:
    theirs, ours = _both("CT_small.dcm")
    assert _tags(ours) == _tags(theirs)
    assert [int(e.tag) for e in ours.values()] == [int(e.tag) for e in theirs.values()]
    assert [int(t) for t, _ in ours.items()] == [int(t) for t, _ in theirs.items()]
    assert len(ours) == len(theirs)
    assert ours.get("PatientName") == theirs.get("PatientName")
    assert ours.get("NotAKeyword", 42) == 42
    assert ours.get(0x00100010).value == theirs.get(0x00100010).value
    assert ours.get((0x0099, 0x0099)) is None
    assert ours.data_element("Rows").value == theirs.data_element("Rows").value
    assert ours.data_element("NotAKeyword") is None
    for ds in (theirs, ours):
        popped = ds.pop(0x00100020)
        assert isinstance(popped, (RawDataElement, pydicom.dataelem.RawDataElement))
        assert popped.value == b"1CT1"  # never read: popped raw, as stored
        assert ds.pop(0x00100020, "gone") == "gone"
        ds.setdefault("PatientID", None)
        ds.update({"PatientID": "NEW", "PatientSex": "O"})
    assert ours.PatientID == theirs.PatientID == "NEW"
    assert ours.PatientSex == theirs.PatientSex == "O"
    before = _tags(ours)
    tag, element = ours.popitem()  # the last by tag (pydicom: the last inserted, dict-style)
    assert int(tag) == before[-1] and int(tag) not in _tags(ours)
    assert isinstance(element, (DataElement, RawDataElement))
    made = Dataset.fromkeys([0x00100010, 0x00100020], "X")
    assert made.PatientName == "X" and made.PatientID == "X"


def test_slices_and_raw_elements() -> None:
    theirs, ours = _both("CT_small.dcm")
    assert _tags(ours[0x00100000:0x00200000]) == _tags(theirs[0x00100000:0x00200000])
    assert _tags(ours.get_item(slice(0x00280000, 0x00290000))) == _tags(
        theirs[0x00280000:0x00290000])
    raw = ours.get_item("PatientName")
    assert isinstance(raw, RawDataElement) and raw.value == b"CompressedSamples^CT1 "
    assert ours.PatientName == "CompressedSamples^CT1"
    assert isinstance(ours.get_item("PatientName"), DataElement)  # read once: converted
    del ours[0x00100000:0x00200000]
    del theirs[0x00100000:0x00200000]
    assert _tags(ours) == _tags(theirs)


def test_encoding_and_meta_methods() -> None:
    theirs, ours = _both("CT_small.dcm")
    assert isinstance(ours, FileDataset)
    assert ours.is_little_endian and not ours.is_implicit_VR
    assert ours.preamble == theirs.preamble
    assert ours.filename == str(_DATA / "CT_small.dcm")
    assert ours.timestamp is not None and ours.fileobj_type is open
    assert ours.is_original_encoding
    ours.is_implicit_VR = True
    assert not getattr(ours, "is_original_encoding")  # (re-read: mypy would keep it narrowed)
    plain = Dataset()
    plain.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    plain.SOPInstanceUID = "1.2.3.4"
    plain.is_implicit_VR, plain.is_little_endian = True, True
    plain.ensure_file_meta()
    plain.fix_meta_info()
    assert plain.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2"
    assert plain.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4"
    buffer = io.BytesIO()
    plain.save_as(buffer, write_like_original=False)
    assert pydicom.dcmread(io.BytesIO(buffer.getvalue())).SOPInstanceUID == "1.2.3.4"


def test_top_trait_names_and_decode() -> None:
    theirs, ours = _both("rtplan.dcm")
    assert "BeamSequence" in ours.trait_names()
    assert "PatientName" in dir(ours)
    ours.decode()  # character sets are applied as values are read: nothing to do
    assert len(ours.top().splitlines()) == len(theirs.top().splitlines())


def test_pixel_methods() -> None:
    theirs, ours = _both("SC_rgb_rle.dcm")
    expected = theirs.pixel_array
    ours.convert_pixel_data()
    np.testing.assert_array_equal(ours.pixel_array, expected)
    assert ours.pixel_array.flags.writeable  # a copy, as pydicom gives
    ours.decompress()
    theirs.decompress()
    assert ours.file_meta.TransferSyntaxUID == theirs.file_meta.TransferSyntaxUID
    np.testing.assert_array_equal(ours.pixel_array, expected)
    buffer = io.BytesIO()
    ours.save_as(buffer, write_like_original=False)
    np.testing.assert_array_equal(pydicom.dcmread(io.BytesIO(buffer.getvalue())).pixel_array,
                                  expected)
    with pytest.raises(PropertyError):
        Dataset().pixel_array  # noqa: B018  (no pixel data: the property's error, not __getattr__)


def test_clear_copy_and_equality() -> None:
    _, ours = _both("CT_small.dcm")
    other = ours.copy()
    assert other == ours and other.freeze() is ours.freeze()
    other.PatientName = "Changed^Only"
    assert ours.PatientName != other.PatientName
    other.clear()
    assert len(other) == 0 and len(ours) > 0


@pytest.mark.parametrize(("name", "handler"), [
    ("CT_small.dcm", "numpy_handler"), ("MR_small_bigendian.dcm", "numpy_handler"),
    ("SC_rgb_rle.dcm", "rle_handler"), ("SC_rgb_jpeg_gdcm.dcm", "pillow_handler"),
    ("MR_small_jp2klossless.dcm", "pillow_handler"),
])
def test_pixel_data_handlers(name: str, handler: str) -> None:
    """Each handler says which syntaxes it takes and gives pydicom's array for them."""
    import importlib

    module = importlib.import_module(f"typeddcm.compat.pixel_data_handlers.{handler}")
    others = [m for m in ("numpy_handler", "rle_handler", "pillow_handler") if m != handler]
    theirs, ours = _both(name)
    assert module.is_available() and module.supports_transfer_syntax(ours)
    assert module.supports_transfer_syntax(str(ours.file_meta.TransferSyntaxUID))
    for other in others:
        assert not importlib.import_module(
            f"typeddcm.compat.pixel_data_handlers.{other}").supports_transfer_syntax(ours)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if "4.5" in str(theirs.file_meta.TransferSyntaxUID) or "4.9" in str(
                theirs.file_meta.TransferSyntaxUID):
            theirs.pixel_array_options(decoding_plugin="pillow")
        expected = theirs.pixel_array
    got = module.get_pixeldata(ours)
    assert got.flags.writeable
    np.testing.assert_array_equal(got, expected)


def test_the_documented_modules_are_package_attributes() -> None:
    for name in ("config", "dataelem", "dataset", "encaps", "errors", "filebase", "filereader",
                 "filewriter", "misc", "pixel_data_handlers", "sequence", "tag", "uid"):
        assert hasattr(tc, name), name
    assert tc.Dataset is tc.dataset.Dataset and tc.dcmread is tc.filereader.dcmread

"""The compat Dataset over the core: write-through, freeze/wrap, identity, threads."""

from __future__ import annotations

import threading

import pytest

import typeddcm
from typeddcm import keys
from typeddcm.compat import DataElement, Dataset, Sequence
from typeddcm.compat.dataset import validate_file_meta


def _beams(count: int = 3) -> Dataset:
    ds = Dataset()
    ds.BeamSequence = [Dataset() for _ in range(count)]
    for index, item in enumerate(ds.BeamSequence):
        item.BeamNumber = index + 1
    return ds


def test_nested_changes_write_through_to_the_parent() -> None:
    ds = _beams()
    ds.BeamSequence[0].Manufacturer = "Linac, co."
    core = ds.freeze()
    beam = core[keys.BeamSequence].values[0]
    assert beam[keys.Manufacturer].value == "Linac, co."
    del ds.BeamSequence[1]
    assert [b.BeamNumber for b in ds.BeamSequence] == [1, 3]
    new = Dataset()
    new.BeamNumber = 9
    ds.BeamSequence.append(new)
    new.BeamName = "late"  # the appended object is now the item
    assert ds.freeze()[keys.BeamSequence].values[2][keys.BeamName].value == "late"


def test_item_views_keep_their_identity_and_follow_deletions() -> None:
    ds = _beams(4)
    third = ds.BeamSequence[2]
    assert ds.BeamSequence[2] is third
    del ds.BeamSequence[0]
    assert third.BeamNumber == 3 and ds.BeamSequence[1] is third
    removed = ds.BeamSequence[0]
    del ds.BeamSequence[0]
    assert removed.BeamNumber == 2  # a removed item keeps its content, on its own
    removed.BeamNumber = 20
    assert [b.BeamNumber for b in ds.BeamSequence] == [3, 4]


def test_freeze_is_the_core_without_copying_and_wrapping_shares_it() -> None:
    ds = _beams()
    core = ds.freeze()
    assert core is ds.freeze()
    wrapped = Dataset(core)
    assert wrapped.freeze() is core
    wrapped.PatientID = "X"
    assert keys.PatientID not in core  # the core never changes
    assert wrapped.freeze()[keys.BeamSequence] is core[keys.BeamSequence]  # shared


def test_elements_bound_to_a_dataset_write_through() -> None:
    ds = Dataset()
    ds.PatientName = "A^B"
    elem = ds["PatientName"]
    elem.value = "C^D"
    assert ds.PatientName == "C^D"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    image_type = ds.ImageType
    assert isinstance(image_type, list)
    image_type.append("AXIAL")
    assert ds.ImageType == ["ORIGINAL", "PRIMARY", "AXIAL"]


def test_values_look_like_pydicom_values() -> None:
    ds = Dataset()
    ds.PixelSpacing = ["1.50", "2"]
    ds.SliceThickness = "1.250"
    ds.InstanceNumber = "12"
    ds.StudyDate = "2001-01-01"  # not a valid DA: kept as written, as pydicom does
    assert repr(ds.PixelSpacing) == "[1.50, 2]"
    assert repr(ds.SliceThickness) == "'1.250'" and ds.SliceThickness == 1.25
    assert ds.InstanceNumber == 12
    assert ds.StudyDate == "2001-01-01"
    ds.PatientSize = None
    assert ds.get("PatientSize") is None and ds["PatientSize"].VM == 0


def test_sequences_and_elements_made_by_the_user() -> None:
    seq = Sequence([Dataset(), Dataset()])
    assert len(seq) == 2
    ds = Dataset()
    ds.add(DataElement(0x300A00B0, "SQ", seq))
    assert len(ds.BeamSequence) == 2
    ds.add_new(0x00091001, "LO", "private")
    assert ds[0x00091001].value == "private"


def test_validate_file_meta() -> None:
    meta = Dataset()
    with pytest.raises(ValueError, match="Required File Meta Information elements"):
        validate_file_meta(meta)
    meta.MediaStorageSOPClassUID = "1.2.3"
    meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    validate_file_meta(meta)
    assert meta.FileMetaInformationVersion == b"\x00\x01"
    meta.PatientID = "not group 2"
    with pytest.raises(ValueError, match="group"):
        validate_file_meta(meta, enforce_standard=False)


def test_many_threads_lose_no_change() -> None:
    """8 threads x 10,000 changes to one shared adapter: every change is there afterwards."""
    ds = _beams(8)
    per_thread = 10_000
    seen_torn: list[str] = []

    def work(index: int) -> None:
        item = ds.BeamSequence[index]
        for n in range(per_thread):
            item.BeamName = f"{index}:{n}"
            if n % 1000 == 0:  # readers see whole values, never half of a change
                name = ds.BeamSequence[(index + 1) % 8].get("BeamName", "")
                if name and ":" not in name:
                    seen_torn.append(name)

    def count(index: int) -> None:
        for _ in range(per_thread):
            with ds._root.lock:  # read-modify-write needs the lock, as with any shared counter
                ds.BeamSequence[index].NumberOfWedges = (
                    ds.BeamSequence[index].get("NumberOfWedges", 0) or 0) + 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    threads += [threading.Thread(target=count, args=(0,)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not seen_torn
    assert [b.BeamName for b in ds.BeamSequence] == [f"{i}:{per_thread - 1}" for i in range(8)]
    assert ds.BeamSequence[0].NumberOfWedges == 8 * per_thread


def test_a_core_dataset_from_a_file_wraps_directly() -> None:
    from typeddcm.samples import sample_path

    f = typeddcm.read(sample_path("ct_small.dcm"))
    ds = Dataset(f.dataset)
    assert ds.PatientName == str(f.dataset[keys.PatientName].value)
    assert ds.freeze() is f.dataset


def test_native_pixels_set_over_encapsulated_ones_are_written_as_native() -> None:
    """The pydicom recipe: decode, change, assign PixelData, set the syntax, save."""
    import io
    from pathlib import Path

    import numpy as np

    import typeddcm.compat as tc

    pydicom = pytest.importorskip("pydicom")
    ds = tc.dcmread(Path(pydicom.__file__).parent / "data" / "test_files" / "SC_rgb_rle.dcm")
    pixels = ds.pixel_array
    ds.PixelData = (255 - pixels).tobytes()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    out = io.BytesIO()
    ds.save_as(out, write_like_original=False)
    again = pydicom.dcmread(io.BytesIO(out.getvalue()))
    np.testing.assert_array_equal(again.pixel_array, 255 - pixels)

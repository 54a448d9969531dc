"""Typing promises of the core model, checked by mypy --strict from tests/test_typing.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_type

from typeddcm import Dataset, Element, Tag, keys
from typeddcm.dataset import ElementPath
from typeddcm.vr import (
    AT,
    DA,
    DS,
    IS,
    LO,
    OB,
    OW,
    PN,
    SQ,
    SS,
    UI,
    US,
    Date,
    DSNumber,
    ISNumber,
    PersonName,
)

ds = Dataset()
ds = ds.set(keys.Rows, 512)
ds = ds.set(keys.Rows, [1, 2])
ds = ds.set(keys.Rows, US(512))
ds = ds.set(keys.PatientName, "Doe^John")
ds = ds.set(keys.PatientName, PersonName("Doe^John"))
ds = ds.set(keys.PatientID, "12345")
ds = ds.set(keys.PixelData, b"\x00\x01")
ds = ds.set(keys.SliceThickness, 2.5)
ds = ds.set(keys.SliceThickness, "2.50")
ds = ds.set(keys.StudyDate, "20240131")
ds = ds.set(keys.BeamSequence, [Dataset()])
ds = ds.set(0x00100010, "anything goes for untyped keys")

assert_type(ds[keys.Rows], US)
assert_type(ds[keys.Rows].value, int)
assert_type(ds[keys.Rows].values, tuple[int, ...])
assert_type(ds.get(keys.PatientName), PN | None)
assert_type(ds.get(keys.PatientName, PN("x")), PN)
assert_type(ds[keys.PatientName].value, PersonName)
assert_type(ds[keys.PatientID], LO)
assert_type(ds[keys.PatientID].value, str)
assert_type(ds[keys.SOPClassUID], UI)
assert_type(ds[keys.SliceThickness], DS)
assert_type(ds[keys.SliceThickness].value, DSNumber)
assert_type(ds[keys.InstanceNumber], IS)
assert_type(ds[keys.StudyDate], DA)
assert_type(ds[keys.StudyDate].value, Date)
assert_type(ds[keys.BeamSequence], SQ)
assert_type(ds[keys.BeamSequence][0], Dataset)
assert_type(ds[keys.FrameIncrementPointer], AT)
assert_type(ds[keys.PixelData], OB | OW)
assert_type(ds[keys.SmallestImagePixelValue], US | SS)
assert_type(ds[Tag(0x00100010)], Element)
assert_type(ds[0x00100010], Element)
assert_type(ds["PatientName"], Element)
assert_type(ds[(0x0010, 0x0010)], Element)
assert_type(ds.get(0x00100010), Element | None)
assert_type(keys.Rows.tag, Tag)
assert_type(ds.set_in((keys.BeamSequence, 0, keys.Manufacturer), "x"), Dataset)

# Values that may be empty (Type 2) or absent: None, or the single value; and every value.
assert_type(ds.value_of(keys.StudyDate), Date | None)
assert_type(ds.value_of(keys.Rows), int | None)
assert_type(ds.value_of(keys.SmallestImagePixelValue), int | None)
assert_type(ds.value_of(keys.RescaleSlope), DSNumber | None)
assert_type(ds.value_of(keys.InstanceNumber), ISNumber | None)
assert_type(ds.value_of(keys.PatientName), PersonName | None)
assert_type(ds.value_of(keys.PatientID), str | None)
assert_type(ds.value_of(keys.PixelData), memoryview | None)
assert_type(ds.value_of(keys.FrameIncrementPointer), Tag | None)
assert_type(ds.value_of(keys.BeamSequence), Dataset | None)
assert_type(ds.value_of(0x00100010), object)
assert_type(ds.values_of(keys.ImageType), tuple[str, ...])
assert_type(ds.values_of(keys.ImagePositionPatient), tuple[DSNumber, ...])
assert_type(ds.values_of(keys.BeamSequence), tuple[Dataset, ...])
assert_type(ds.values_of("ImageType"), tuple[object, ...])
assert_type(ds["StudyDate"].value, object)

# The whole tree: paths are what get_in/set_in take.
assert_type(ds.walk(), Iterator[tuple[ElementPath, Element]])
for found_path, found in ds.walk(recursive=False):
    assert_type(found_path, tuple[Tag | int, ...])
    assert_type(found, Element)
    assert_type(ds.get_in(found_path), Element | Dataset)
assert_type(ds.remove_private_tags(), Dataset)

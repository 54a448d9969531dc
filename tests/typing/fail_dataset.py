"""Lines that mypy --strict must reject; each ends with the error code expected there."""

from __future__ import annotations

from typeddcm import Dataset, keys
from typeddcm.vr import LO, US, Date

ds = Dataset()
ds.set(keys.Rows, "abc")  # E: arg-type
ds.set(keys.Rows, 1.5)  # E: arg-type
ds.set(keys.Rows, LO("x"))  # E: arg-type
ds.set(keys.PatientName, 12)  # E: arg-type
ds.set(keys.PixelData, "text")  # E: arg-type
ds.set(keys.BeamSequence, ["not a dataset"])  # E: list-item
rows: str = ds[keys.Rows].value  # E: assignment
name: US = ds[keys.PatientName]  # E: assignment
ds[keys.Rows].no_such_attribute  # E: attr-defined
keys.NoSuchKeyword  # E: attr-defined
ds[keys.Rows] = US(1)  # E: index
del ds[keys.Rows]  # E: attr-defined
ds.PatientName = "Doe^Jane"  # E: attr-defined
study: Date = ds.value_of(keys.StudyDate)  # E: assignment
ds.value_of(keys.Rows) + 1  # E: operator
text: str | None = ds.value_of(keys.Rows)  # E: assignment
ds.values_of(keys.ImageType)[0] + 1  # E: operator
ds.walk(False)  # E: call-arg
ds.remove_private_tags(keys.Rows)  # E: call-arg

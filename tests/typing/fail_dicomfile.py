"""Lines that mypy --strict must reject on DicomFile; each ends with the expected code."""

from __future__ import annotations

import typeddcm
from typeddcm import Dataset, DicomFile, keys
from typeddcm.vr import LO

f = DicomFile.new(Dataset())
f.set(keys.Rows, "abc")  # E: arg-type
f.set(keys.Rows, LO("x"))  # E: arg-type
f.set(keys.PatientName, 12)  # E: arg-type
typeddcm.write(Dataset(), "out.dcm")  # E: arg-type
typeddcm.read("x.dcm", memory_map="yes")  # E: arg-type
f.preamble = None  # E: misc

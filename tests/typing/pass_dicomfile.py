"""Typing promises of DicomFile, checked by mypy --strict from tests/test_typing.py."""

from __future__ import annotations

from typing import assert_type

import typeddcm
from typeddcm import Dataset, DicomFile, keys
from typeddcm.vr import US

ds = Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7").set(
    keys.SOPInstanceUID, typeddcm.generate_uid())
f = DicomFile.new(ds)
assert_type(f, DicomFile)
assert_type(f.set(keys.Rows, 512), DicomFile)
assert_type(f.set(keys.Rows, US(512)), DicomFile)
assert_type(f.set(keys.PatientName, "Doe^Jane"), DicomFile)
assert_type(f.set(0x00280010, "anything goes for a bare tag"), DicomFile)
assert_type(f.closed, bool)
assert_type(typeddcm.generate_uid(), str)
assert_type(typeddcm.generate_uid("1.2.3.", entropy=["a", "b"]), str)
with typeddcm.read(b"", force=True, memory_map=False) as opened:
    assert_type(opened, DicomFile)

"""Typing promises of typeddcm.compat: keyword attributes have real types (mypy, not run)."""

from __future__ import annotations

import datetime
from typing import assert_type

import typeddcm
import typeddcm.compat as pydicom
from typeddcm.compat.sequence import Sequence
from typeddcm.compat.tag import BaseTag
from typeddcm.compat.uid import UID
from typeddcm.compat.valuerep import IS, DSfloat, MultiValue, PersonName


def check(ds: pydicom.Dataset) -> None:
    assert_type(ds.Rows, int)
    assert_type(ds.PatientName, PersonName)
    assert_type(ds.SOPClassUID, UID)
    assert_type(ds.SliceThickness, DSfloat)
    assert_type(ds.InstanceNumber, IS)
    assert_type(ds.ImageType, str | MultiValue[str])
    assert_type(ds.PixelSpacing, DSfloat | MultiValue[DSfloat])
    assert_type(ds.BeamSequence, Sequence)
    assert_type(ds.PixelData, bytes)
    assert_type(ds.FrameIncrementPointer, BaseTag | MultiValue[BaseTag])
    ds.Rows = 512
    ds.Rows = None
    ds.PatientName = "CITIZEN^Joan"
    ds.StudyDate = datetime.date(2001, 1, 1)
    ds.SliceThickness = "1.25"
    ds.SliceThickness = 1.25
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.BeamSequence = [pydicom.Dataset()]
    with open("pixels.raw", "rb") as buffer:
        ds.PixelData = buffer  # pydicom 3's buffered value
    assert_type(ds.OverlayData, bytes)  # a repeating group's keyword: read-only
    del ds.PatientName
    ds.is_little_endian = True
    ds.file_meta = pydicom.Dataset()
    assert_type(ds.dir("date"), list[str])
    assert_type(ds.freeze(), typeddcm.Dataset)
    assert_type(pydicom.dcmread("x.dcm"), pydicom.FileDataset)

"""typeddcm: DICOM with a schema-typed, immutable, persistent data model.

>>> import typeddcm
>>> from typeddcm import keys
>>> ds = typeddcm.Dataset().set(keys.PatientName, "Doe^John").set(keys.Rows, 512)
>>> ds[keys.Rows].value
512
>>> str(ds[keys.PatientName])
'Doe^John'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from typeddcm._compiled import compiled
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.element import Element
from typeddcm.errors import (
    DecodeError,
    DicomError,
    DicomWarning,
    EmptyValueError,
    EncodeError,
    FileClosedError,
    FrozenDatasetError,
    InvalidDicomError,
    InvalidTagError,
    InvalidValueError,
    MissingAttributeError,
    MultipleValuesError,
    UnknownKeywordError,
    UnsupportedTransferSyntaxError,
)
from typeddcm.io import read, write
from typeddcm.key import Key
from typeddcm.mutation import DatasetMutation
from typeddcm.private import PrivateBlock
from typeddcm.tag import Tag
from typeddcm.uid import generate_uid

if TYPE_CHECKING:
    import os

    from typeddcm.validation import Report

__all__ = [
    "Dataset",
    "DicomFile",
    "DatasetMutation",
    "DecodeError",
    "DicomError",
    "DicomWarning",
    "Element",
    "EmptyValueError",
    "EncodeError",
    "FileClosedError",
    "FrozenDatasetError",
    "InvalidDicomError",
    "InvalidTagError",
    "InvalidValueError",
    "Key",
    "MissingAttributeError",
    "MultipleValuesError",
    "PrivateBlock",
    "Tag",
    "TransferSyntax",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
    "compiled",
    "generate_uid",
    "read",
    "transfer_syntax",
    "validate",
    "write",
]

__version__ = "0.1.0"


def validate(source: DicomFile | Dataset | str | os.PathLike[str] | bytes, *, iod: bool = True,
             force: bool = False) -> Report:
    """Every finding about ``source`` against the standard: encoding (PS3.5, PS3.6,
    PS3.10) and, with ``iod``, its IOD (PS3.3).  See :mod:`typeddcm.validation` (loaded
    on first call: importing typeddcm stays light)."""
    from typeddcm.validation import validate as validate_source

    return validate_source(source, iod=iod, force=force)

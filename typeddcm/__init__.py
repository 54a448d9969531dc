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
    "generate_uid",
    "read",
    "transfer_syntax",
    "write",
]

__version__ = "0.1.0"

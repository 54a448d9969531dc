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
    EncodeError,
    FrozenDatasetError,
    InvalidDicomError,
    InvalidTagError,
    InvalidValueError,
    MultipleValuesError,
    UnknownKeywordError,
    UnsupportedTransferSyntaxError,
)
from typeddcm.io import read, write
from typeddcm.key import Key
from typeddcm.mutation import DatasetMutation
from typeddcm.private import PrivateBlock
from typeddcm.tag import Tag

__all__ = [
    "Dataset",
    "DicomFile",
    "DatasetMutation",
    "DecodeError",
    "DicomError",
    "DicomWarning",
    "Element",
    "EncodeError",
    "FrozenDatasetError",
    "InvalidDicomError",
    "InvalidTagError",
    "InvalidValueError",
    "Key",
    "MultipleValuesError",
    "PrivateBlock",
    "Tag",
    "TransferSyntax",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
    "read",
    "transfer_syntax",
    "write",
]

__version__ = "0.1.0"

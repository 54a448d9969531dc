"""from_pydicom / to_pydicom: exact conversion both ways, through the encoded bytes.

Going through DICOM bytes (each library writing and the other reading) carries every
element, VR, character set and private block exactly; nothing is re-interpreted.
pydicom is needed only when these are called.
"""

from __future__ import annotations

import io
from typing import Any

from .dataset import Dataset, FileDataset

__all__ = ["from_pydicom", "to_pydicom"]

_EXPLICIT_LE = "1.2.840.10008.1.2.1"


def from_pydicom(ds: Any) -> FileDataset | Dataset:
    """A compat (File)Dataset equal to the pydicom dataset ``ds``."""
    import pydicom

    from .filereader import dcmread

    buffer = io.BytesIO()
    meta = getattr(ds, "file_meta", None)
    has_meta = meta is not None and "TransferSyntaxUID" in meta
    if has_meta:
        pydicom.dcmwrite(buffer, ds, enforce_file_format=False)
    else:
        copy = ds.copy()
        copy.file_meta = pydicom.dataset.FileMetaDataset()
        copy.file_meta.TransferSyntaxUID = _EXPLICIT_LE
        pydicom.dcmwrite(buffer, copy, enforce_file_format=False)
    result = dcmread(io.BytesIO(buffer.getvalue()), force=True)
    _restore_group_lengths(ds, result)
    result.preamble = getattr(ds, "preamble", None)
    if not has_meta:
        plain = Dataset(result.freeze())
        return plain
    return result


def _restore_group_lengths(source: Any, target: Dataset) -> None:
    """pydicom never writes group lengths above group 6 (retired, PS3.5 7.2): copy them."""
    from .dataelem import DataElement

    for elem in source:
        tag = elem.tag
        if tag.element == 0 and tag.group > 6:
            target[int(tag)] = DataElement(int(tag), "UL", elem.value)
        elif elem.VR == "SQ" and int(tag) in target:
            for theirs, ours in zip(elem.value, target[int(tag)].value, strict=False):
                _restore_group_lengths(theirs, ours)


def to_pydicom(ds: Dataset) -> Any:
    """A pydicom (File)Dataset equal to the compat dataset ``ds``."""
    import pydicom

    from .filewriter import dcmwrite

    buffer = io.BytesIO()
    meta = getattr(ds, "file_meta", None)
    has_meta = meta is not None and "TransferSyntaxUID" in meta
    if has_meta:
        dcmwrite(buffer, ds, write_like_original=True)
    else:
        carrier = FileDataset(None, ds.freeze(), preamble=None, file_meta=Dataset())
        carrier.file_meta.TransferSyntaxUID = _EXPLICIT_LE
        dcmwrite(buffer, carrier, write_like_original=True)
    result = pydicom.dcmread(io.BytesIO(buffer.getvalue()), force=True)
    for elem in ds:  # dcmwrite leaves retired group lengths out (PS3.5 7.2): copy them
        if elem.tag.element == 0 and elem.tag.group > 6:
            result[int(elem.tag)] = pydicom.DataElement(int(elem.tag), "UL", elem.value)
    if not has_meta:
        plain = pydicom.Dataset(result)
        return plain
    result.preamble = getattr(ds, "preamble", None)
    return result

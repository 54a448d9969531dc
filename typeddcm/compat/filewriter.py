"""pydicom's ``filewriter``: dcmwrite (a Dataset or FileDataset to a path or file object,
through the core writer), and the element-level writers (``_rawwrite``:
write_dataset, write_data_element, write_file_meta_info, the per-VR writers and the
``writers`` table; ``_ambiguous``: correct_ambiguous_vr).

``write_like_original=True`` writes what was read back byte for byte where nothing
changed (preamble and file meta as they were, lengths and delimiters as they were);
``False`` writes a conformant Part 10 file (preamble, complete file meta, explicit
lengths).  The transfer syntax is the file meta's, else the one ``is_implicit_VR``
and ``is_little_endian`` name.
"""

from __future__ import annotations

import os
from typing import BinaryIO

import typeddcm
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.io import write_bytes_atomically

from ._ambiguous import correct_ambiguous_vr, correct_ambiguous_vr_element
from ._rawwrite import (
    write_ATvalue,
    write_DA,
    write_data_element,
    write_dataset,
    write_DT,
    write_file_meta_info,
    write_number_string,
    write_numbers,
    write_OBvalue,
    write_OWvalue,
    write_PN,
    write_sequence,
    write_sequence_item,
    write_string,
    write_text,
    write_TM,
    write_UI,
    write_UN,
    writers,
)
from .dataset import Dataset, validate_file_meta

__all__ = ["correct_ambiguous_vr", "correct_ambiguous_vr_element", "dcmwrite",
           "validate_file_meta", "write_ATvalue", "write_DA", "write_DT", "write_OBvalue",
           "write_OWvalue", "write_PN", "write_TM", "write_UI", "write_UN",
           "write_data_element", "write_dataset", "write_file", "write_file_meta_info",
           "write_number_string", "write_numbers", "write_sequence", "write_sequence_item",
           "write_string", "write_text", "writers"]


def _syntax(ds: Dataset) -> TransferSyntax:
    meta = getattr(ds, "file_meta", None)
    source = getattr(ds, "_source_file", None)
    if isinstance(meta, Dataset) and "TransferSyntaxUID" in meta:
        uid = str(meta.TransferSyntaxUID)
        if source is not None and _meta_uid(source.meta) == uid:
            # Unchanged since reading: the syntax the data really had (the reader may
            # have found that the meta's UID was wrong, and wrote back as found).
            return source.transfer_syntax  # type: ignore[no-any-return]
        return transfer_syntax(uid)
    implicit, little = ds.is_implicit_VR, ds.is_little_endian
    if implicit is None or little is None:
        msg = ("'Dataset.is_little_endian' and 'Dataset.is_implicit_VR' must be set "
               "appropriately before saving (or set file_meta.TransferSyntaxUID)")
        raise AttributeError(msg)
    if implicit:
        return transfer_syntax("1.2.840.10008.1.2")
    return transfer_syntax("1.2.840.10008.1.2.1" if little else "1.2.840.10008.1.2.2")


def _meta_uid(meta: CoreDataset) -> str | None:
    element = meta.get(0x00020010)
    if element is None or not element.vr.values:
        return None
    return str(element.vr.values[0])


def dcmwrite(filename: str | os.PathLike[str] | BinaryIO, dataset: Dataset,
             write_like_original: bool = True) -> None:
    """Write ``dataset`` (see the module docstring)."""
    syntax = _syntax(dataset)
    meta = getattr(dataset, "file_meta", None)
    meta_core = meta.freeze() if isinstance(meta, Dataset) else CoreDataset()
    if not write_like_original and isinstance(meta, Dataset):
        validate_file_meta(meta, enforce_standard=False)
    preamble = getattr(dataset, "preamble", None)
    if not write_like_original and preamble is None:
        preamble = b"\x00" * 128
    source = getattr(dataset, "_source_file", None)
    f = typeddcm.DicomFile(preamble, meta_core, dataset.freeze(), syntax,
                           source.source if source is not None else None)
    data = f.to_bytes(like_original=write_like_original)
    if isinstance(filename, (str, os.PathLike)):
        # Atomic (a temporary file renamed over the target): rewriting the file a
        # dataset was read from never disturbs that dataset or any other reader.
        write_bytes_atomically(filename, data)
    else:
        filename.write(data)


write_file = dcmwrite

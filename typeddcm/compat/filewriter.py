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
from typing import Any, BinaryIO

import typeddcm
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.dataset import Dataset as CoreDataset

from . import _rawwrite
from ._ambiguous import (
    correct_ambiguous_vr,
    correct_ambiguous_vr_element,
    has_unsettled,
    settle_for_writing,
)
from ._dcmwrite import (
    WriteRequest,
    check_groups,
    determine_encoding,
    encode_request,
    like_original_argument,
    put_bytes,
    without_group_lengths,
)
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
from .filebase import DicomIO

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


def dcmwrite(filename: str | os.PathLike[str] | BinaryIO | DicomIO, dataset: Dataset, /,
             __write_like_original: bool | None = None, *, implicit_vr: bool | None = None,
             little_endian: bool | None = None, enforce_file_format: bool = False,
             force_encoding: bool = False, overwrite: bool = True, **kwargs: Any) -> None:
    """Write ``dataset`` to a path or file object (see the module docstring).

    1.x: ``write_like_original`` (positional or keyword; ``False`` writes a conformant
    Part 10 file).  pydicom 3: ``enforce_file_format``, ``implicit_vr``/``little_endian``
    (the encoding when the file meta names no transfer syntax), ``force_encoding`` and
    ``overwrite=False`` (FileExistsError if the path exists); see compat/_dcmwrite.py.
    ValueError for command set (0000) or file meta (0002) elements in the dataset itself.
    """
    like_original = like_original_argument(__write_like_original, kwargs, "dcmwrite")
    if like_original is not None:  # 1.x's spelling wins, as in pydicom 3
        enforce_file_format = not like_original
    core = dataset.freeze()
    check_groups(core, type(dataset).__name__)
    request = WriteRequest(implicit_vr, little_endian, enforce_file_format, force_encoding)
    as_read = getattr(dataset, "_source_file", None) is not None and (
        implicit_vr is None and little_endian is None and not force_encoding)
    meta = getattr(dataset, "file_meta", None)
    if as_read and isinstance(meta, Dataset) and "TransferSyntaxUID" in meta and (
            like_original is not None or not enforce_file_format):
        # Read from a file, its meta names the transfer syntax and no 3.x encoding is
        # asked for: the core's file writer, byte for byte where unchanged (1.x's
        # write_like_original), or 1.x's conformant file.
        data = _encode_as_read(dataset, without_group_lengths(core), not enforce_file_format)
    else:
        data = encode_request(dataset, request, like_original=not enforce_file_format)
    put_bytes(filename, data, overwrite)


def _encode_as_read(dataset: Dataset, core: CoreDataset, write_like_original: bool) -> bytes:
    """A dataset read from a file (its elements ``core``), encoded by the core's file writer."""
    syntax = _syntax(dataset)
    if has_unsettled(core):  # elements set since reading whose VR the byte order decides
        settle_for_writing(dataset, syntax.little_endian)
        core = without_group_lengths(dataset.freeze())
    meta = getattr(dataset, "file_meta", None)
    meta_core = meta.freeze() if isinstance(meta, Dataset) else CoreDataset()
    if not write_like_original and isinstance(meta, Dataset):
        validate_file_meta(meta, enforce_standard=False)
    preamble = getattr(dataset, "preamble", None)
    if not write_like_original and preamble is None:
        preamble = b"\x00" * 128
    source = getattr(dataset, "_source_file", None)
    f = typeddcm.DicomFile(preamble, meta_core, core, syntax,
                           source.source if source is not None else None)
    return f.to_bytes(like_original=write_like_original)


write_file = dcmwrite
# pydicom 3's private names, which code written for it imports.
_determine_encoding = determine_encoding
_format_DA, _format_DT, _format_TM = _rawwrite._format_DA, _rawwrite._format_DT, _rawwrite._format_TM

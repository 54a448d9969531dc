"""pydicom 3's ``dcmwrite`` arguments over the core encoder: what filewriter.dcmwrite and
Dataset.save_as share.

pydicom 3 added ``implicit_vr``, ``little_endian``, ``enforce_file_format``,
``force_encoding`` and ``overwrite`` and kept 1.x's ``write_like_original`` (positional
or keyword).  ``enforce_file_format=True`` (or ``write_like_original=False``) writes a
Part 10 file: a preamble (the dataset's, else 128 zero bytes), "DICM" and file meta
completed from the dataset (Transfer Syntax UID from the encoding when missing, the
Media Storage UIDs from the SOP UIDs, version and implementation names when missing;
ValueError for what cannot be filled).  Without it the dataset is written as it is: a
preamble and "DICM" only when the dataset has a preamble, the file meta only when it has
elements.  The encoding is, in order, the file meta's Transfer Syntax UID, the
``implicit_vr``/``little_endian`` arguments, ``is_implicit_VR``/``is_little_endian``, and
the encoding the dataset was read with (``original_encoding``).
"""

from __future__ import annotations

import os
import zlib
from typing import Any, BinaryIO

from typeddcm.codec._level import Encoding
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.codec.writer import encode_dataset
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.errors import UnsupportedTransferSyntaxError
from typeddcm.vr import UL

__all__ = ["EncodingUnknownError", "WriteRequest", "encode_request", "like_original_argument",
           "put_bytes"]

_META_ENCODING = Encoding(True, False)
_IMPLICIT_LE = "1.2.840.10008.1.2"
_EXPLICIT_LE = "1.2.840.10008.1.2.1"
_EXPLICIT_BE = "1.2.840.10008.1.2.2"


class EncodingUnknownError(AttributeError, ValueError):
    """No encoding to write with: pydicom 1.x raised AttributeError (``is_implicit_VR``
    unset), pydicom 3 raises ValueError; either ``except`` catches this."""


def like_original_argument(positional: bool | None, kwargs: dict[str, Any],
                           function: str) -> bool | None:
    """``write_like_original`` as given positionally or by keyword (not both), or None.

    Any other keyword left in ``kwargs`` is pydicom 3's TypeError.
    """
    keyword = kwargs.pop("write_like_original", None)
    if kwargs:
        msg = f"Invalid keyword argument(s) for {function}(): {', '.join(kwargs)}"
        raise TypeError(msg)
    if positional is not None and keyword is not None:
        msg = "'write_like_original' cannot be used as both a positional and keyword argument"
        raise TypeError(msg)
    return positional if positional is not None else keyword


class WriteRequest:
    """What one dcmwrite call asks for, checked (pydicom 3's rules and exceptions)."""

    __slots__ = ("enforce", "force_encoding", "implicit_vr", "little_endian")

    def __init__(self, implicit_vr: bool | None, little_endian: bool | None,
                 enforce: bool, force_encoding: bool) -> None:
        if force_encoding and enforce:
            msg = "'force_encoding' cannot be used with 'enforce_file_format'"
            raise ValueError(msg)
        self.implicit_vr = implicit_vr
        self.little_endian = little_endian
        self.enforce = enforce
        self.force_encoding = force_encoding

    def encoding(self, ds: Any, uid: str | None) -> tuple[bool, bool]:
        """(implicit VR, little endian) to encode ``ds`` with, given the meta's UID."""
        from .uid import UID

        args = (self.implicit_vr, self.little_endian)
        if self.force_encoding:
            if None in args:
                msg = "'implicit_vr' and 'little_endian' are required if 'force_encoding' is used"
                raise ValueError(msg)
            return bool(args[0]), bool(args[1])
        if args[0] is not None and args[1] is None:
            args = (args[0], True)  # little endian unless told otherwise, as pydicom
        fallback = args
        if None in fallback:
            fallback = (getattr(ds, "is_implicit_VR", None), getattr(ds, "is_little_endian", None))
        if None in fallback:
            fallback = (getattr(ds, "read_implicit_vr", None), getattr(ds, "read_little_endian", None))
        if uid is None:
            if None in fallback:
                msg = ("Unable to determine the encoding to use for writing the dataset, please "
                       "set the file meta's Transfer Syntax UID or use the 'implicit_vr' and "
                       "'little_endian' arguments ('Dataset.is_implicit_VR' and "
                       "'Dataset.is_little_endian' in pydicom 1.x)")
                raise EncodingUnknownError(msg)
            return bool(fallback[0]), bool(fallback[1])
        syntax = UID(uid)
        if syntax.is_private and not syntax.is_transfer_syntax:
            if None in fallback:
                msg = ("The 'implicit_vr' and 'little_endian' arguments are required when using "
                       "a private transfer syntax")
                raise ValueError(msg)
            return bool(fallback[0]), bool(fallback[1])
        if not syntax.is_transfer_syntax:
            msg = f"The Transfer Syntax UID '{syntax.name}' is not a valid transfer syntax"
            raise ValueError(msg)
        wanted = (syntax.is_implicit_VR, syntax.is_little_endian)
        for given, needed, what in ((self.implicit_vr, wanted[0], "VR encoding"),
                                    (self.little_endian, wanted[1], "endianness")):
            if given is not None and given != needed:
                which = "implicit_vr" if what == "VR encoding" else "little_endian"
                msg = (f"The '{which}' value is not consistent with the required {what} for the "
                       f"'{syntax.name}' transfer syntax")
                raise ValueError(msg)
        return wanted


def _meta_uid(meta: CoreDataset) -> str | None:
    element = meta.get(0x00020010)
    if element is None or not element.vr.values:
        return None
    uid = str(element.vr.values[0]).rstrip("\x00 ")
    return uid or None


def _check_groups(core: CoreDataset, class_name: str) -> None:
    """pydicom 3: no command set (0000) or file meta (0002) elements in the dataset."""
    first = next(iter(core.elements()), None)
    if first is None or first.tag >> 16 > 0x0002:
        return
    groups = {e.tag >> 16 for e in core.elements() if e.tag >> 16 <= 0x0002}
    if 0 in groups:
        msg = ("Command Set elements (0000,eeee) are not allowed when using dcmwrite(), use "
               "write_dataset() instead")
        raise ValueError(msg)
    if 2 in groups:
        msg = ("File Meta Information Group elements (0002,eeee) must be in a FileMetaDataset "
               f"instance in the '{class_name}.file_meta' attribute")
        raise ValueError(msg)


def _complete_meta(meta: CoreDataset, ds: Any, encoding: tuple[bool, bool]) -> CoreDataset:
    """The file meta a Part 10 file needs, completed as pydicom 3 completes it (on a copy:
    the dataset's own ``file_meta`` is left as it was)."""
    from ._files import validate_file_meta
    from .dataset import Dataset

    work = Dataset(meta)  # a new handle over the immutable core: the original stays
    if "TransferSyntaxUID" not in work:
        if encoding == (True, True):
            work.TransferSyntaxUID = _IMPLICIT_LE
        elif encoding == (False, False):
            work.TransferSyntaxUID = _EXPLICIT_BE
        elif not _encapsulated(ds):
            # Explicit VR little endian names one syntax unless the pixel data is
            # encapsulated (pydicom 3 leaves it unfilled, and refuses, in every case).
            work.TransferSyntaxUID = _EXPLICIT_LE
    for meta_keyword, ds_keyword in (("MediaStorageSOPClassUID", "SOPClassUID"),
                                     ("MediaStorageSOPInstanceUID", "SOPInstanceUID")):
        current = work.get(meta_keyword, None)
        value = ds.get(ds_keyword, None)
        if current is None or (value and value != current):
            work[meta_keyword] = _uid_element(meta_keyword, value)
    validate_file_meta(work, enforce_standard=True)
    core = work.freeze()
    # Written with its group length (PS3.10 7.1), which the encoder computes.
    return core.set(0x00020000, UL(0)) if 0x00020000 not in core else core


def _encapsulated(ds: Any) -> bool:
    element = ds.freeze().get(0x7FE00010)
    return element is not None and bool(element.undefined_length)


def _uid_element(keyword: str, value: Any) -> Any:
    from .dataelem import DataElement

    return DataElement(keyword, "UI", value)


def encode_request(ds: Any, request: WriteRequest, like_original: bool) -> bytes:
    """The bytes dcmwrite writes for ``ds`` (see the module docstring)."""
    from .dataset import Dataset

    core: CoreDataset = ds.freeze()
    _check_groups(core, type(ds).__name__)
    meta = getattr(ds, "file_meta", None)
    meta_core = meta.freeze() if isinstance(meta, Dataset) else CoreDataset()
    uid = _meta_uid(meta_core)
    implicit, little = request.encoding(ds, uid)
    if not request.force_encoding and (implicit, little) == (True, False):
        msg = "Implicit VR and big endian is not a valid encoding combination"
        raise ValueError(msg)
    preamble = getattr(ds, "preamble", None)
    if preamble and len(preamble) != 128:
        msg = f"'{type(ds).__name__}.preamble' must be 128-bytes long"
        raise ValueError(msg)
    if request.enforce:
        meta_core = _complete_meta(meta_core, ds, (implicit, little))
        uid = _meta_uid(meta_core)
        preamble = preamble or b"\x00" * 128
    out: list[bytes] = []
    if preamble:
        out += [bytes(preamble), b"DICM"]
    if len(meta_core):
        out.append(encode_dataset(meta_core, _META_ENCODING, like_original=like_original))
    body = encode_dataset(core, Encoding(little, implicit), like_original=like_original)
    if uid is not None and _deflated(uid):
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -zlib.MAX_WBITS)
        body = compressor.compress(body) + compressor.flush()
    out.append(body)
    return b"".join(out)


def _deflated(uid: str) -> bool:
    try:
        return transfer_syntax(uid).deflated
    except UnsupportedTransferSyntaxError:
        return False


def put_bytes(target: str | os.PathLike[str] | BinaryIO | Any, data: bytes, overwrite: bool) -> None:
    """Write ``data`` to a path (atomically; with ``overwrite=False`` only if no file is
    there: FileExistsError, as pydicom's "xb" mode) or to anything with ``write``."""
    from typeddcm.io import write_bytes_atomically

    if isinstance(target, (str, os.PathLike)):
        if overwrite:
            # Atomic (a temporary file renamed over the target): rewriting the file a
            # dataset was read from never disturbs that dataset or any other reader.
            write_bytes_atomically(target, data)
        else:
            with open(target, "xb") as out:  # exclusive creation: never replaces a file
                out.write(data)
        return
    write = getattr(target, "write", None)
    if write is None:
        msg = ("dcmwrite: Expected a file path, file-like or writeable buffer, but got "
               f"{type(target).__name__}")
        raise TypeError(msg)
    write(data)

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
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.codec.writer import encode_dataset
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.element import Element
from typeddcm.errors import UnsupportedTransferSyntaxError
from typeddcm.vr import UL

from ._ambiguous import has_unsettled, settle_for_writing
from .config import _current as _config_now  # the context's settings: one ContextVar read
from .dataset import Dataset

__all__ = ["EncodingUnknownError", "WriteRequest", "determine_encoding", "check_groups",
           "dataset_encoding", "encode_request", "like_original_argument", "put_bytes", "without_group_lengths"]

_META_ENCODING = Encoding(True, False)
_IMPLICIT_LE = "1.2.840.10008.1.2"
_EXPLICIT_BE = "1.2.840.10008.1.2.2"


def _future() -> bool:
    """pydicom 3's ``config._use_future`` (the context's settings: one ContextVar read)."""
    return bool(_config_now.get().use_future)


class EncodingUnknownError(AttributeError, ValueError):
    """No encoding to write with: pydicom 1.x raised AttributeError (``is_implicit_VR``
    unset), pydicom 3 raises ValueError; either ``except`` catches this."""


def like_original_argument(positional: bool | None, kwargs: dict[str, Any],
                           function: str) -> bool | None:
    """``write_like_original`` as given positionally or by keyword (not both), or None.

    Any other keyword left in ``kwargs`` is pydicom 3's TypeError.
    """
    keyword = kwargs.pop("write_like_original", None)
    if (positional is not None or keyword is not None) and _future():
        # pydicom 3's look at 4.0 (config._use_future): only enforce_file_format is taken.
        msg = ("'write_like_original' is no longer accepted as a positional or keyword "
               "argument, use 'enforce_file_format' instead")
        raise TypeError(msg)
    if positional is not None and keyword is not None:
        msg = "'write_like_original' cannot be used as both a positional and keyword argument"
        raise TypeError(msg)
    if kwargs:
        msg = f"Invalid keyword argument(s) for {function}(): {', '.join(kwargs)}"
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

        return determine_encoding(ds, None if uid is None else UID(uid), self.implicit_vr,
                                  self.little_endian, self.force_encoding)


# Where a dataset says how it is to be encoded, then how it was read: (the 1.x attributes,
# the private ones pydicom 3 keeps them in, which 3.x code and tests set directly).
_SET_ENCODING = (("is_implicit_VR", "is_little_endian"), ("_is_implicit_VR", "_is_little_endian"))
_READ_ENCODING = (("read_implicit_vr", "read_little_endian"), ("_read_implicit", "_read_little"))


def dataset_encoding(ds: Any) -> tuple[bool, bool] | None:
    """The dataset's ``is_implicit_VR``/``is_little_endian``, else the encoding it was
    read with (pydicom 3's ``original_encoding``), else None."""
    # pydicom 3's look at 4.0 (config._use_future): is_implicit_VR/is_little_endian unused.
    future = _future()
    own = getattr(ds, "__dict__", {})
    ours = isinstance(ds, Dataset)
    for public, private in ((() if future else (_SET_ENCODING,)) + (_READ_ENCODING,)):
        if ours or private[0] in own:
            # Where pydicom 3 and compat's Dataset keep them: read straight from the
            # instance, no property or __getattr__ on the way.
            implicit, little = own.get(private[0]), own.get(private[1])
        else:  # a dataset that keeps them elsewhere
            implicit, little = getattr(ds, public[0], None), getattr(ds, public[1], None)
        if isinstance(implicit, bool) and isinstance(little, bool):
            return implicit, little
    return None


def determine_encoding(ds: Any, tsyntax: Any, implicit_vr: bool | None,
                       little_endian: bool | None, force_encoding: bool) -> tuple[bool, bool]:
    """(implicit VR, little endian) to write ``ds`` with (pydicom 3's ``_determine_encoding``).

    ``force_encoding``: the arguments, both required (ValueError).  Otherwise the public
    transfer syntax ``tsyntax`` decides, and an argument that contradicts it is a
    ValueError; without one (or with a private UID that is not a known transfer syntax)
    the arguments (``little_endian`` defaults to True when only ``implicit_vr`` is
    given), else the dataset's ``is_implicit_VR``/``is_little_endian``, else the
    encoding it was read with.  ValueError when none of these says, and for a public UID
    that is not a transfer syntax.
    """
    from .uid import UID

    args: tuple[bool | None, bool | None] = (implicit_vr, little_endian)
    if force_encoding:
        if implicit_vr is None or little_endian is None:
            msg = "'implicit_vr' and 'little_endian' are required if 'force_encoding' is used"
            raise ValueError(msg)
        return bool(implicit_vr), bool(little_endian)
    if implicit_vr is not None and little_endian is None:
        args = (implicit_vr, True)  # little endian unless told otherwise, as pydicom
    fallback = args if None not in args else (dataset_encoding(ds) or (None, None))
    if tsyntax is None or str(tsyntax).rstrip("\x00 ") == "":
        if fallback[0] is None or fallback[1] is None:
            msg = ("Unable to determine the encoding to use for writing the dataset, please "
                   "set the file meta's Transfer Syntax UID or use the 'implicit_vr' and "
                   "'little_endian' arguments ('Dataset.is_implicit_VR' and "
                   "'Dataset.is_little_endian' in pydicom 1.x)")
            raise EncodingUnknownError(msg)
        return fallback[0], fallback[1]
    syntax = UID(str(tsyntax))
    if syntax.is_private and not syntax.is_transfer_syntax:
        if fallback[0] is None or fallback[1] is None:
            msg = ("The 'implicit_vr' and 'little_endian' arguments are required when using "
                   "a private transfer syntax")
            raise ValueError(msg)
        return fallback[0], fallback[1]
    if not syntax.is_transfer_syntax:
        msg = f"The Transfer Syntax UID '{syntax.name}' is not a valid transfer syntax"
        raise ValueError(msg)
    wanted = (bool(syntax.is_implicit_VR), bool(syntax.is_little_endian))
    if implicit_vr is not None and implicit_vr != wanted[0]:
        msg = (f"The 'implicit_vr' value is not consistent with the required VR encoding for "
               f"the '{syntax.name}' transfer syntax")
        raise ValueError(msg)
    if little_endian is not None and little_endian != wanted[1]:
        msg = (f"The 'little_endian' value is not consistent with the required endianness for "
               f"the '{syntax.name}' transfer syntax")
        raise ValueError(msg)
    return wanted


def _meta_uid(meta: CoreDataset) -> str | None:
    element = meta.get(0x00020010)
    if element is None or not element.vr.values:
        return None
    uid = str(element.vr.values[0]).rstrip("\x00 ")
    return uid or None


def check_groups(core: CoreDataset, class_name: str) -> None:
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


def without_group_lengths(core: CoreDataset) -> CoreDataset:
    """``core`` without the group lengths (gggg,0000) of groups above 0006: retired
    (PS3.5 7.2), and left out when writing, as pydicom leaves them out."""
    stale = [e.tag for e in core.elements() if e.tag & 0xFFFF == 0 and e.tag >> 16 > 6]
    for tag in stale:
        core = core.delete(tag)
    return core


def _complete_meta(meta: CoreDataset, ds: Any, encoding: tuple[bool, bool]) -> CoreDataset:
    """The file meta a Part 10 file needs, completed as pydicom 3 completes it (on a copy:
    the dataset's own ``file_meta`` is left as it was)."""
    from ._files import validate_file_meta

    work = Dataset(meta)  # a new handle over the immutable core: the original stays
    if "TransferSyntaxUID" not in work:
        if encoding == (True, True):
            work.TransferSyntaxUID = _IMPLICIT_LE
        elif encoding == (False, False):
            work.TransferSyntaxUID = _EXPLICIT_BE
        # Explicit VR little endian names no one syntax (deflated, compressed ...): left
        # unset, so validate_file_meta refuses it, as pydicom 1.x and 3 both do.
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


def _uid_element(keyword: str, value: Any) -> Any:
    from .dataelem import DataElement

    return DataElement(keyword, "UI", value)


def encode_request(ds: Any, request: WriteRequest, like_original: bool) -> bytes:
    """The bytes dcmwrite writes for ``ds`` (see the module docstring)."""
    core = without_group_lengths(ds.freeze())
    meta = getattr(ds, "file_meta", None)
    meta_core = meta.freeze() if isinstance(meta, Dataset) else CoreDataset()
    uid = _meta_uid(meta_core)
    implicit, little = request.encoding(ds, uid)
    if has_unsettled(core):
        # Elements whose VR the byte order or other elements decide (pydicom's dcmwrite
        # settles them in the dataset itself, as it does here).
        settle_for_writing(ds, little)
        core = without_group_lengths(ds.freeze())
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
    core = _pixel_data_length(ds, core, uid, little)
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


_PIXEL_DATA = 0x7FE00010


def _pixel_data_length(ds: Any, core: CoreDataset, uid: str | None, little: bool) -> CoreDataset:
    """Pixel Data written with undefined length when the transfer syntax is encapsulated,
    with its length when native (PS3.5 A.4); under a private syntax or none, as the
    element says (``is_undefined_length``).  pydicom 3 sets the element's flag to match,
    and so does this.  ValueError for native bytes under an encapsulated syntax."""
    pixel = core.get(_PIXEL_DATA)
    if pixel is None:
        return core
    handle = ds["PixelData"]
    syntax = _public_syntax(uid)
    if syntax is not None:
        undefined = syntax.encapsulated
        handle.is_undefined_length = undefined
    else:
        undefined = bool(handle.is_undefined_length)
    if undefined == pixel.undefined_length:
        return core
    if not undefined:
        return core.set(_PIXEL_DATA, Element._make(pixel.tag, pixel.vr))
    data = getattr(pixel.vr, "data", b"")
    if bytes(data[:4]) != (b"\xfe\xff\x00\xe0" if little else b"\xff\xfe\xe0\x00"):
        msg = ("The (7FE0,0010) 'Pixel Data' element value hasn't been encapsulated as "
               "required for a compressed transfer syntax - see pydicom.encaps.encapsulate() "
               "for more information")
        raise ValueError(msg)
    return core.set(_PIXEL_DATA, Element.encapsulated(pixel.tag, pixel.vr))


def _public_syntax(uid: str | None) -> TransferSyntax | None:
    """The registry's transfer syntax of ``uid``; None for none, private or unknown UIDs."""
    if uid is None:
        return None
    try:
        return transfer_syntax(uid)
    except UnsupportedTransferSyntaxError:
        return None


def _deflated(uid: str) -> bool:
    try:
        return transfer_syntax(uid).deflated
    except UnsupportedTransferSyntaxError:
        return False


def put_bytes(target: str | os.PathLike[str] | BinaryIO | Any, data: bytes, overwrite: bool) -> None:
    """Write ``data`` to a path (atomically; with ``overwrite=False`` only if no file is
    there: FileExistsError, as pydicom's "xb" mode) or to anything with ``write``."""
    from typeddcm.io import write_bytes_atomically, write_new_file

    if isinstance(target, (str, os.PathLike)):
        if overwrite:
            # Atomic (a temporary file renamed over the target): rewriting the file a
            # dataset was read from never disturbs that dataset or any other reader.
            write_bytes_atomically(target, data)
        else:
            write_new_file(target, data)  # exclusive creation: never replaces a file
        return
    write = getattr(target, "write", None)
    if write is None:
        msg = ("dcmwrite: Expected a file path, file-like or writeable buffer, but got "
               f"{type(target).__name__}")
        raise TypeError(msg)
    write(data)

"""Pixel data handlers (pydicom's documented handler interface) over typeddcm.pixels.

``config.image_handlers`` is an ordered list of handler modules, each with
``supports_transfer_syntax(ds)`` and ``get_pixeldata(ds)``; the first that supports
the syntax and does not raise gives the array; if all raise, the last error is
raised; if none supports the syntax, NotImplementedError says so (as documented).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

import typeddcm
from typeddcm.codec.transfer_syntax import transfer_syntax

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["convert", "decompress_in_place", "dicom_file", "transfer_syntax_uid"]


def transfer_syntax_uid(ds: Dataset) -> str:
    """The dataset's transfer syntax: its file meta's, else what its flags name."""
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return str(meta.TransferSyntaxUID)
    if ds.is_implicit_VR:
        return "1.2.840.10008.1.2"
    if ds.is_little_endian is False:
        return "1.2.840.10008.1.2.2"
    return "1.2.840.10008.1.2.1"


def dicom_file(ds: Dataset) -> typeddcm.DicomFile:
    """The dataset as a core DicomFile (its current core; shared, not copied)."""
    meta = getattr(ds, "file_meta", None)
    meta_core = meta.freeze() if meta is not None else typeddcm.Dataset()
    return typeddcm.DicomFile(getattr(ds, "preamble", None), meta_core, ds.freeze(),
                              transfer_syntax(transfer_syntax_uid(ds)))


def convert(ds: Dataset) -> npt.NDArray[Any]:
    """The pixel array by the first handler of config.image_handlers that can give it."""
    from .. import config

    uid = transfer_syntax_uid(ds)
    last_error: Exception | None = None
    tried = False
    for handler in config.image_handlers:
        if not handler.supports_transfer_syntax(ds):
            continue
        tried = True
        try:
            return np.asarray(handler.get_pixeldata(ds))
        except Exception as error:  # the documented contract: try the next handler
            last_error = error
    if last_error is not None:
        raise last_error
    if not tried:
        msg = (f"No pixel data handler in config.image_handlers supports the transfer "
               f"syntax {uid}")
        raise NotImplementedError(msg)
    msg = "no handler returned pixel data"
    raise NotImplementedError(msg)


def decompress_in_place(ds: Dataset) -> None:
    """Decompress the dataset's pixel data in place (transfer syntax, attributes and all)."""
    from typeddcm.pixels import decompress

    f = dicom_file(ds)
    if not f.transfer_syntax.encapsulated:
        ds.convert_pixel_data()
        return
    done = decompress(f)
    with ds._root.lock:
        ds._root.detach((0x7FE00010,))
        ds._root.replace(ds._path, done.dataset)
    if getattr(ds, "file_meta", None) is not None:
        ds.file_meta.TransferSyntaxUID = done.transfer_syntax.uid
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    ds.convert_pixel_data()

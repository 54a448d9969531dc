"""What the handler modules share: decoding through typeddcm.pixels, writeable."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.errors import MissingAttributeError

from . import dicom_file, transfer_syntax_uid

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["check_syntax", "core_of", "handler_functions", "importable", "keeps_colour", "pixeldata",
           "syntax_of"]


def core_of(ds: Any) -> CoreDataset:
    """The current immutable core of a compat Dataset (or a core Dataset itself)."""
    if isinstance(ds, CoreDataset):
        return ds
    freeze = getattr(ds, "freeze", None)
    core = freeze() if callable(freeze) else None
    if isinstance(core, CoreDataset):
        return core
    msg = f"a Dataset is needed, not {type(ds).__name__}"
    raise TypeError(msg)


def syntax_of(ds_or_uid: Any) -> str:
    """pydicom's handlers took the dataset (as documented) or, later, the UID itself."""
    if isinstance(ds_or_uid, str):
        return str(ds_or_uid)
    return transfer_syntax_uid(ds_or_uid)


def importable(module: str) -> bool:
    """Whether ``module`` can be imported here (found without importing it)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def keeps_colour(ds: Any) -> bool:
    """``needs_to_convert_to_RGB`` / ``should_change_PhotometricInterpretation_to_RGB``.

    Always False, as in pydicom 2 and 3: typeddcm.pixels converts YCbCr to RGB
    itself, and the array it gives is the one the handler returns.
    """
    return False


def pixeldata(ds: Dataset, *, writeable: bool = True) -> npt.NDArray[Any]:
    """The pixels as a new writeable array (pydicom's handlers return one).

    A missing Image Pixel attribute is an AttributeError, as in pydicom.  With
    ``config.APPLY_J2K_CORRECTIONS`` off, JPEG 2000 samples are read by Bits Stored and
    Pixel Representation, not by the codestream's precision and sign.
    ``writeable=False`` may give a read-only view of the file's bytes instead.
    """
    from typeddcm.pixels import pixel_array
    from typeddcm.pixels.pillow_codec import j2k_from_attributes

    from .. import config

    try:
        if config.APPLY_J2K_CORRECTIONS:
            array = pixel_array(dicom_file(ds))
        else:  # JPEG 2000 sample precision and sign from the attributes alone
            with j2k_from_attributes():
                array = pixel_array(dicom_file(ds))
    except MissingAttributeError as error:
        msg = f"Unable to convert the pixel data: {error}"
        raise AttributeError(msg) from error
    return array if array.flags.writeable or not writeable else np.array(array)


def check_syntax(ds: Any, syntaxes: tuple[str, ...], handler: str) -> None:
    """NotImplementedError, as pydicom's handlers raise, for a syntax the handler lacks."""
    uid = syntax_of(ds)
    if uid not in syntaxes:
        msg = (f"Unable to convert the pixel data as the transfer syntax {uid} is not "
               f"supported by the {handler} pixel data handler.")
        raise NotImplementedError(msg)


def handler_functions(
    syntaxes: tuple[str, ...], requires: str | None = None, name: str = ""
) -> tuple[Callable[[], bool], Callable[[Any], bool], Callable[[Any], npt.NDArray[Any]]]:
    """A handler module's ``is_available``, ``supports_transfer_syntax``, ``get_pixeldata``."""

    def is_available() -> bool:
        return requires is None or importable(requires)

    def supports_transfer_syntax(ds: Any) -> bool:
        return syntax_of(ds) in syntaxes

    def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
        check_syntax(ds, syntaxes, name)
        return pixeldata(ds)

    return is_available, supports_transfer_syntax, get_pixeldata

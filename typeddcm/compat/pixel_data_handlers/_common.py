"""What the three handler modules share: decoding through typeddcm.pixels, writeable."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from . import dicom_file, transfer_syntax_uid

if TYPE_CHECKING:
    from ..dataset import Dataset

__all__ = ["handler_functions", "pixeldata", "syntax_of"]


def syntax_of(ds_or_uid: Any) -> str:
    """pydicom's handlers took the dataset (as documented) or, later, the UID itself."""
    if isinstance(ds_or_uid, str):
        return str(ds_or_uid)
    return transfer_syntax_uid(ds_or_uid)


def pixeldata(ds: Dataset) -> npt.NDArray[Any]:
    """The pixels as a new writeable array (pydicom's handlers return one)."""
    from typeddcm.pixels import pixel_array

    array = pixel_array(dicom_file(ds))
    return array if array.flags.writeable else np.array(array)


def handler_functions(
    syntaxes: tuple[str, ...], requires: str | None = None
) -> tuple[Callable[[], bool], Callable[[Any], bool], Callable[[Any], npt.NDArray[Any]]]:
    """A handler module's ``is_available``, ``supports_transfer_syntax``, ``get_pixeldata``."""

    def is_available() -> bool:
        return requires is None or importlib.util.find_spec(requires) is not None

    def supports_transfer_syntax(ds: Any) -> bool:
        return syntax_of(ds) in syntaxes

    def get_pixeldata(ds: Any) -> npt.NDArray[Any]:
        return pixeldata(ds)

    return is_available, supports_transfer_syntax, get_pixeldata

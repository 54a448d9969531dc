"""pydicom 2.1+'s ``pydicom.waveforms``: Waveform Data as numpy arrays, by typeddcm.pixels.waveform.

``multiplex_array(ds, index, as_raw=False)`` is what ``Dataset.waveform_array(index)``
returns: float64 (samples, channels) corrected by each channel's sensitivity,
correction factor and baseline; ``as_raw=True`` gives the stored samples.  Errors
are pydicom's types: no Waveform Sequence or a required element missing,
AttributeError; an index out of range, IndexError; data too short, ValueError.
An unknown Bits Allocated / Sample Interpretation pair is a ValueError (pydicom's
lookup raises KeyError), and Waveform Data of a big endian file is read in its
byte order (pydicom reads it as the machine's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.errors import MissingAttributeError
from typeddcm.pixels import waveform

from ..pixel_data_handlers._common import core_of

__all__ = ["HANDLER_NAME", "HAVE_NP", "WAVEFORM_DTYPES", "generate_multiplex", "is_available",
           "multiplex_array"]

HANDLER_NAME = "Numpy Waveform"
HAVE_NP = True
#: (Waveform Bits Allocated, Waveform Sample Interpretation) -> numpy dtype name.
WAVEFORM_DTYPES = {key: str(np.dtype(code)) for key, code in waveform.SAMPLE_TYPES.items()}


def is_available() -> bool:
    """numpy is a dependency of typeddcm: always True."""
    return True


def multiplex_array(ds: Any, index: int, as_raw: bool = True) -> npt.NDArray[Any]:
    """Multiplex group ``index`` shaped (samples, channels): raw, or corrected float64."""
    try:
        return waveform.waveform_array(core_of(ds), index, as_raw=as_raw)
    except MissingAttributeError as error:
        raise AttributeError(str(error)) from error


def generate_multiplex(ds: Any, as_raw: bool = True) -> Iterator[npt.NDArray[Any]]:
    """Each multiplex group's :func:`multiplex_array` in turn."""
    core = core_of(ds)
    if keys.WaveformSequence not in core:
        msg = "No (5400,0100) Waveform Sequence element found in the dataset"
        raise AttributeError(msg)
    for index in range(waveform.multiplex_count(core)):
        yield multiplex_array(core, index, as_raw=as_raw)

"""pydicom 3's ``examples``: datasets for documentation and trying things, read on use.

``examples.ct`` reads a new :class:`~.dataset.FileDataset` each time (change it freely),
``examples.get_path("ct")`` gives its path.  The files are typeddcm's own synthetic
samples (:mod:`typeddcm.samples`), served under pydicom's names where we have one of the
same kind:

* ``ct``: ``ct_small.dcm``, a 64x64 CT slice (pydicom: CT_small.dcm, 128x128);
* ``rt_plan``: ``nested_sequences.dcm``, an RT plan with sequences three levels deep.

pydicom's other names (``mr``, ``rt_dose``, ``rt_ss``, ``waveform``, ``overlay``,
``jpeg2k``, ``dicomdir``, ``no_meta``, ``palette_color``, ``rgb_color``,
``ybr_color``) name files we do not ship (pydicom's are its own, and are not copied):
they raise AttributeError (``get_path``: ValueError, as pydicom for an unknown name)
saying so.  Nothing is read when the module is imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["get_path"]

#: pydicom's example name -> our sample file of the same kind.
_DATASETS: dict[str, str] = {
    "ct": "ct_small.dcm",
    "rt_plan": "nested_sequences.dcm",
}
#: pydicom 3.0's example names we have no sample for.
_PYDICOM_ONLY = ("dicomdir", "jpeg2k", "mr", "no_meta", "overlay", "palette_color",
                 "rgb_color", "rt_dose", "rt_ss", "waveform", "ybr_color")


def _missing(name: str) -> str:
    if name in _PYDICOM_ONLY:
        return (f"typeddcm ships no example dataset '{name}' (pydicom's is its own file); "
                f"the examples are: {', '.join(sorted(_DATASETS))}")
    return f"No example dataset exists with the name '{name}'"


def get_path(name: str) -> Path:
    """The path of the example dataset ``name`` (ValueError for a name we lack)."""
    from typeddcm.samples import sample_path

    if name not in _DATASETS:
        raise ValueError(_missing(name))
    return sample_path(_DATASETS[name])


def __getattr__(name: str) -> Any:
    """A freshly read example dataset (``examples.ct``); AttributeError otherwise."""
    if name in _DATASETS:
        from .filereader import dcmread

        return dcmread(get_path(name), force=True)
    if name in _PYDICOM_ONLY:
        raise AttributeError(_missing(name))
    msg = f"module '{__name__}' has no attribute '{name}'"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted([*globals(), *_DATASETS])

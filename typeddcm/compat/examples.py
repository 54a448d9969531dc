"""pydicom 3's ``examples``: datasets for documentation and trying things, read on use.

``examples.ct`` reads a new :class:`~.dataset.FileDataset` each time (change it freely),
``examples.get_path("ct")`` gives its path.  Each name stands for the pydicom test file
pydicom uses for it (``ct``: ``CT_small.dcm``, ``mr``: ``MR_small.dcm`` ...).  We ship
no copy of pydicom's files, so each is looked for where
:func:`typeddcm.compat.data.get_testdata_file` looks (the folders of
``data.testdata_dirs`` and ``TYPEDDCM_TESTDATA_PATH``, pydicom's external data
sources and download cache): found there, that file is the example, as in pydicom.
Otherwise two names fall back to typeddcm's own synthetic samples
(:mod:`typeddcm.samples`) of the same kind:

* ``ct``: ``ct_small.dcm``, a 64x64 CT slice (pydicom: CT_small.dcm, 128x128);
* ``rt_plan``: ``nested_sequences.dcm``, an RT plan with sequences three levels deep.

and the others raise AttributeError (``get_path``: ValueError, as pydicom for an
unknown name) saying where to put pydicom's file.  Nothing is read when the module is
imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["get_path"]

#: pydicom 3.0's example names -> the pydicom test file each one is.
_PYDICOM_FILES: dict[str, str] = {
    "ct": "CT_small.dcm",
    "dicomdir": "DICOMDIR",
    "jpeg2k": "examples_jpeg2k.dcm",
    "mr": "MR_small.dcm",
    "no_meta": "no_meta.dcm",
    "overlay": "examples_overlay.dcm",
    "palette_color": "examples_palette.dcm",
    "rgb_color": "examples_rgb_color.dcm",
    "rt_dose": "rtdose.dcm",
    "rt_plan": "rtplan.dcm",
    "rt_ss": "rtstruct.dcm",
    "waveform": "waveform_ecg.dcm",
    "ybr_color": "examples_ybr_color.dcm",
}
#: The example names our own samples stand in for, when pydicom's file is not found.
_SAMPLES: dict[str, str] = {
    "ct": "ct_small.dcm",
    "rt_plan": "nested_sequences.dcm",
}


def _pydicom_file(name: str) -> Path | None:
    """pydicom's file for example ``name`` in the test-data folders, or None."""
    from . import data

    found = data._first_file(_PYDICOM_FILES[name], samples=False)
    return None if found is None else Path(found)


def _missing(name: str) -> str:
    if name in _PYDICOM_FILES:
        return (f"the example dataset '{name}' is pydicom's {_PYDICOM_FILES[name]}, which "
                f"typeddcm does not ship: put it in a folder named by TYPEDDCM_TESTDATA_PATH "
                f"or typeddcm.compat.data.testdata_dirs (typeddcm's own samples stand in "
                f"for: {', '.join(sorted(_SAMPLES))})")
    return f"No example dataset exists with the name '{name}'"


def _find(name: str) -> Path | None:
    if name not in _PYDICOM_FILES:
        return None
    found = _pydicom_file(name)
    if found is None and name in _SAMPLES:
        from typeddcm.samples import sample_path

        found = sample_path(_SAMPLES[name])
    return found


def get_path(name: str) -> Path:
    """The path of the example dataset ``name`` (ValueError for a name with no file)."""
    found = _find(name)
    if found is None:
        raise ValueError(_missing(name))
    return found


def __getattr__(name: str) -> Any:
    """A freshly read example dataset (``examples.ct``); AttributeError otherwise."""
    if name in _PYDICOM_FILES:
        found = _find(name)
        if found is None:
            raise AttributeError(_missing(name))
        from .filereader import dcmread

        return dcmread(found, force=True)
    msg = f"module '{__name__}' has no attribute '{name}'"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted([*globals(), *_PYDICOM_FILES])

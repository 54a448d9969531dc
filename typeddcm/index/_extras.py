"""The optional dependencies of the index, imported on first use with an error naming the
extra that installs them (the rest of typeddcm never needs them)."""

from __future__ import annotations

import importlib
from types import ModuleType

from typeddcm.errors import MissingExtraError

__all__ = ["require"]

#: Module -> (what needs it, the extra that installs it).
_EXTRAS = {
    "pyarrow": ("the header index", "index"),
    "pyarrow.parquet": ("the header index", "index"),
    "pyarrow.ipc": ("the header index", "index"),
    "pyarrow.compute": ("the header index", "index"),
    "distributed": ("scanning on a Dask cluster", "dask"),
}


def require(module: str) -> ModuleType:
    """``module`` imported, or :class:`MissingExtraError` naming the extra to install."""
    feature, extra = _EXTRAS[module]
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = (f"{feature} needs {module.split('.')[0]}, which is not installed: "
               f"pip install 'typeddcm[{extra}]'")
        raise MissingExtraError(msg, name=module) from exc

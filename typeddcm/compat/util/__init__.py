"""pydicom's ``util`` package: debugging and code-generation helpers.

``dump`` (hex dumps, ``pretty_print``), ``codify`` (Python code that rebuilds a
dataset), ``fixer`` (mend separators and VRs while reading), ``hexutil``
(hex text <-> bytes) and ``leanread`` (a file's raw elements, one header at a
time).  Each module is imported when first named (``typeddcm.compat.util.dump``
works after ``import typeddcm.compat``, as ``pydicom.util`` is an attribute of
``pydicom``), so importing the package costs nothing.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["codify", "dump", "fixer", "hexutil", "leanread"]

if TYPE_CHECKING:
    from . import codify, dump, fixer, hexutil, leanread


def __getattr__(name: str) -> ModuleType:
    if name in __all__:
        return importlib.import_module(f"{__name__}.{name}")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

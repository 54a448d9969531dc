"""numpy without importing it: the test for "is this a numpy array" that the core needs.

Strategy: numpy is most of what ``import typeddcm`` would cost, and reading a file or
its text values needs none of it, so the core imports numpy inside the functions that
make or use an array (see ``typeddcm.vr.binary``).  Code that only needs to know
whether a value it was given is an array asks here: while numpy is not loaded no
value can be one, so the answer needs no import.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, TypeGuard

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["is_ndarray"]


def is_ndarray(value: object) -> TypeGuard[npt.NDArray[Any]]:
    """True when ``value`` is a numpy array; never imports numpy."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.ndarray)

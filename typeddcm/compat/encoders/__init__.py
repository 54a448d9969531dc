"""pydicom 3's deprecated ``pydicom.encoders``: ``get_encoder`` and ``RLELosslessEncoder``.

Each name warns (DeprecationWarning) and gives ``pixels``' object; under
``config._use_future`` (pydicom 4) the names are gone (AttributeError, so
``from ... import`` is an ImportError).
"""

from __future__ import annotations

from typing import Any

__all__: list[str] = []

_NAMES = ("get_encoder", "RLELosslessEncoder")


def __getattr__(name: str) -> Any:
    from .. import config

    if name in _NAMES and not config._use_future:
        from ..misc import warn_and_log
        from ..pixels import encoders
        from ..pixels.encoders.base import get_encoder

        warn_and_log(f"The 'pydicom.encoders' module will be removed in v4.0, please use "
                     f"'from pydicom.pixels import {name}' instead", DeprecationWarning)
        return get_encoder if name == "get_encoder" else encoders.RLELosslessEncoder
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)

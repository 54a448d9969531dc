"""pydicom 3's ``pydicom.pixels``: decoding, encoding and image processing functions.

``pixel_array``/``iter_pixels`` (a path, file object or Dataset), ``set_pixel_data``,
``compress``/``decompress``, ``get_decoder``/``get_encoder``, the LUT and colour
functions and ``pack_bits``/``unpack_bits``; submodules ``utils``, ``processing``,
``common``, ``decoders`` and ``encoders``.  All the work is typeddcm.pixels'.  The
names are loaded on first use, so ``import typeddcm.compat`` does not load the codecs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .decoders.base import get_decoder
    from .encoders.base import get_encoder
    from .processing import (
        apply_color_lut,
        apply_icc_profile,
        apply_modality_lut,
        apply_presentation_lut,
        apply_rescale,
        apply_voi,
        apply_voi_lut,
        apply_windowing,
        convert_color_space,
        create_icc_transform,
    )
    from .utils import (
        as_pixel_options,
        compress,
        decompress,
        iter_pixels,
        pack_bits,
        pixel_array,
        set_pixel_data,
        unpack_bits,
    )

__all__ = ["apply_color_lut", "apply_icc_profile", "apply_modality_lut",
           "apply_presentation_lut", "apply_rescale", "apply_voi", "apply_voi_lut",
           "apply_windowing", "as_pixel_options", "compress", "convert_color_space",
           "create_icc_transform", "decompress", "get_decoder", "get_encoder", "iter_pixels",
           "pack_bits", "pixel_array", "set_pixel_data", "unpack_bits"]

_HOMES = {
    "get_decoder": "decoders.base", "get_encoder": "encoders.base",
    **{name: "processing" for name in (
        "apply_color_lut", "apply_modality_lut", "apply_presentation_lut", "apply_rescale",
        "apply_voi", "apply_voi_lut", "apply_windowing", "convert_color_space",
        "apply_icc_profile", "create_icc_transform")},
    **{name: "utils" for name in (
        "as_pixel_options", "compress", "decompress", "iter_pixels", "pack_bits",
        "pixel_array", "set_pixel_data", "unpack_bits")},
}
_MODULES = frozenset({"common", "decoders", "encoders", "processing", "utils"})


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    home = _HOMES.get(name)
    if home is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # found once; later look-ups are plain module attributes
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *_MODULES})

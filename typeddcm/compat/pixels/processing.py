"""pydicom 3's ``pixels.processing``: LUTs and colour, as pixel_data_handlers.util has them.

One implementation each (typeddcm.pixels' lut.py and colour.py, through util), under
both modules' names.
"""

from ..pixel_data_handlers.util import (
    apply_color_lut,
    apply_modality_lut,
    apply_presentation_lut,
    apply_rescale,
    apply_voi,
    apply_voi_lut,
    apply_windowing,
    convert_color_space,
)

__all__ = ["apply_color_lut", "apply_modality_lut", "apply_presentation_lut", "apply_rescale",
           "apply_voi", "apply_voi_lut", "apply_windowing", "convert_color_space"]

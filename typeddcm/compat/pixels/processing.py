"""pydicom 3's ``pixels.processing``: LUTs, colour and ICC profiles.

The LUT and colour functions are pixel_data_handlers.util's (one implementation each,
typeddcm.pixels' lut.py and colour.py, under both modules' names); the ICC profile
functions build Pillow colour transforms (Pillow's ImageCms is the colour engine, as
in pydicom, so the transform objects are Pillow's).
"""

from __future__ import annotations

from io import BytesIO
from typing import TYPE_CHECKING, Any

import numpy.typing as npt

from typeddcm.errors import InvalidValueError
from typeddcm.pixels.colour import expand_segment_items

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

if TYPE_CHECKING:
    from PIL.ImageCms import ImageCmsTransform

__all__ = ["apply_color_lut", "apply_icc_profile", "apply_modality_lut",
           "apply_presentation_lut", "apply_rescale", "apply_voi", "apply_voi_lut",
           "apply_windowing", "convert_color_space", "create_icc_transform"]

# Output colour spaces Pillow's createProfile knows, by their upper-case spelling.
_CMS_COLOR_SPACES = {"SRGB": "sRGB", "LAB": "LAB", "XYZ": "XYZ"}
_CMS_INTENTS = (0, 1, 2, 3)  # perceptual, relative colorimetric, saturation, absolute


def _expand_segmented_lut(data: Any, fmt: str, nr_segments: int | None = None,
                          last_value: int | None = None) -> list[int]:
    """The values that segmented palette LUT data (already unpacked to ints) describe.

    ``fmt``: a struct format naming the item size (``"B"`` bytes, else words) and, for
    bytes, the byte order of indirect offsets (``">"`` big endian, else little).
    ``nr_segments``/``last_value``: expand that many segments, continuing from that
    value (an indirect segment's part).  ValueError for malformed data.
    """
    try:
        return expand_segment_items(
            [int(v) for v in data], eight_bit="B" in fmt, little_endian=">" not in fmt,
            limit=nr_segments, previous=last_value)
    except InvalidValueError as error:
        what = "Error expanding a segmented palette color lookup table"
        if "cannot come first" in error.rule:
            kind = "a linear" if "linear" in error.rule else "an indirect"
            msg = f"{what}: the first segment cannot be {kind} segment"
        elif "unknown segment type" in error.rule:
            msg = f"Error expanding a segmented palette lookup table: unknown segment type " \
                  f"'{error.value}'"
        else:
            msg = f"{what}: {error.rule}"
        raise ValueError(msg) from error


def create_icc_transform(ds: Any = None, icc_profile: bytes = b"", intent: int | None = None,
                         color_space: str | None = None) -> ImageCmsTransform:
    """A Pillow colour transform from the ICC profile of ``ds`` (or ``icc_profile``) to sRGB.

    ``color_space``: the output space ("sRGB", "LAB" or "XYZ"; default the dataset's
    Color Space, else sRGB); ``intent``: the rendering intent 0-3 (default: the
    profile's).  ValueError for missing or doubled sources, an unsupported colour
    space or intent; ImportError without Pillow.
    """
    try:
        from PIL import ImageCms
    except ImportError as error:
        raise ImportError("Pillow is required to create a color transformation object") \
            from error
    if ds is None and not icc_profile:
        raise ValueError("Either 'ds' or 'icc_profile' must be supplied")
    if ds is not None and icc_profile:
        raise ValueError("Only one of 'ds' and 'icc_profile' should be used, not both")
    profile_bytes = icc_profile if ds is None else getattr(ds, "ICCProfile", b"")
    if not profile_bytes:
        raise ValueError("No (0028,2000) 'ICC Profile' element was found in 'ds'")
    space = color_space or (getattr(ds, "ColorSpace", None) if ds is not None else None) \
        or "sRGB"
    cms_space = _CMS_COLOR_SPACES.get(str(space).upper())
    if cms_space is None:
        if color_space:
            msg = f"Unsupported 'color_space' value '{space}', must be 'sRGB', 'LAB' or 'XYZ'"
        else:
            msg = (f"The (0028,2002) 'Color Space' value '{space}' is not supported by "
                   "Pillow, please use the 'color_space' argument to specify a supported "
                   "value")
        raise ValueError(msg)
    profile = ImageCms.ImageCmsProfile(BytesIO(bytes(profile_bytes)))
    chosen = ImageCms.getDefaultIntent(profile) if intent is None else intent
    if chosen not in _CMS_INTENTS:
        raise ValueError(f"Invalid 'intent' value '{chosen}', must be 0, 1, 2 or 3")
    return ImageCms.buildTransform(
        inputProfile=profile, outputProfile=ImageCms.createProfile(cms_space),  # type: ignore[arg-type]
        inMode="RGB", outMode="RGB", renderingIntent=ImageCms.Intent(chosen))


def apply_icc_profile(arr: npt.NDArray[Any], ds: Any = None,
                      transform: ImageCmsTransform | None = None, intent: int | None = None,
                      color_space: str | None = None) -> npt.NDArray[Any]:
    """Apply an ICC profile (the dataset's, or ``transform``) to 8-bit RGB ``arr`` in place.

    ``arr``: (rows, columns, 3) or (frames, rows, columns, 3); returned, changed.
    ``intent``/``color_space`` as :func:`create_icc_transform` when ``ds`` is given.
    """
    try:
        from PIL import Image, ImageCms
    except ImportError as error:
        raise ImportError("Pillow is required to apply an ICC profile to an ndarray") \
            from error
    import numpy as np

    if ds is None and not transform:
        raise ValueError("Either 'ds' or 'transform' must be supplied")
    if ds is not None and transform:
        raise ValueError("Only one of 'ds' and 'transform' should be used, not both")
    if arr.ndim not in (3, 4):
        raise ValueError(f"The ndarray must have 3 or 4 dimensions, not {arr.ndim}")
    if arr.shape[-1] != 3:
        msg = ("Invalid ndarray shape, must be (rows, columns, 3) or (frames, rows, columns, "
               f"3), not {arr.shape}")
        raise ValueError(msg)
    if not transform:
        transform = create_icc_transform(ds=ds, intent=intent, color_space=color_space)
    frames = arr if arr.ndim == 4 else arr[np.newaxis]
    for index, frame in enumerate(frames):
        image = Image.fromarray(np.ascontiguousarray(frame, dtype=np.uint8))
        ImageCms.applyTransform(image, transform, inPlace=True)
        frames[index] = np.asarray(image)
    return arr

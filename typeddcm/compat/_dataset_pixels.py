"""Dataset's pixel methods (mixed into compat's Dataset; kept apart so dataset.py stays
one job): ``pixel_array`` and ``convert_pixel_data`` (the reference's handlers, or
pydicom 3's options), ``decompress``, ``compress``, ``set_pixel_data``,
``pixel_array_options``, ``overlay_array`` and ``waveform_array``; each calls
typeddcm.pixels through a compat module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from typeddcm.errors import MissingAttributeError
from typeddcm.tag import Tag as CoreTag

from . import config as _config

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["DatasetPixelMethods", "PropertyError"]


class PropertyError(Exception):
    """An AttributeError raised inside a property (so it does not fall to __getattr__)."""


class DatasetPixelMethods:
    """The pixel methods above; each works on the Dataset it is mixed into."""

    __slots__ = ()

    def convert_pixel_data(self) -> None:
        """Decode the pixels for ``pixel_array``: by ``pixel_array_options`` when they
        were set (pydicom 3's backend), else by config.image_handlers (the reference)."""
        ds = cast("Dataset", self)
        if _config._current.get().use_future:  # pydicom 4 has no convert_pixel_data
            msg = f"'{type(ds).__name__}' object has no attribute 'convert_pixel_data'"
            raise AttributeError(msg)
        from .pixel_data_handlers import convert

        options = ds.__dict__.get("_pixel_array_opts")
        if options is not None and not options.get("use_pdh"):
            from .pixels.utils import dataset_pixel_array

            array = dataset_pixel_array(ds, options)
        else:
            array = convert(ds)
        object.__setattr__(ds, "_pixel_array", array)
        object.__setattr__(ds, "_pixel_id", id(ds._core.get(CoreTag(0x7FE00010))))

    @property
    def pixel_array(self) -> Any:
        ds = cast("Dataset", self)
        try:
            element = ds._core.get(CoreTag(0x7FE00010))
            if getattr(ds, "_pixel_id", None) != id(element) or "_pixel_array" not in ds.__dict__:
                ds.convert_pixel_data()
            return ds.__dict__["_pixel_array"]
        except (AttributeError, MissingAttributeError) as error:
            # A missing attribute inside the property must not look like a missing
            # keyword attribute (__getattr__): pydicom's PropertyError, as documented.
            raise PropertyError(str(error)) from error

    def decompress(self, handler_name: str = "", *, as_rgb: bool = True,
                   generate_instance_uid: bool = False, decoding_plugin: str = "",
                   **kwargs: Any) -> None:
        """Decompress in place (native data: only converted, as the reference); 1.x's
        ``handler_name`` or 3.x's ``decoding_plugin``.  SOP Instance UID is kept unless
        ``generate_instance_uid`` (pydicom 3 makes a new one by default)."""
        ds = cast("Dataset", self)
        from .pixels.utils import decompress_dataset, handler_plugin

        if handler_name and _config._current.get().use_future:  # pydicom 4: decoding_plugin only
            msg = "Dataset.decompress() got an unexpected keyword argument 'handler_name'"
            raise TypeError(msg)

        decompress_dataset(ds, as_rgb=as_rgb, generate_instance_uid=generate_instance_uid,
                           decoding_plugin=decoding_plugin or handler_plugin(handler_name),
                           **kwargs)

    # --- pydicom 2.x/3.x pixel methods: each calls typeddcm.pixels through a compat module ---

    def pixel_array_options(self, *, index: int | None = None, raw: bool = False,
                            decoding_plugin: str = "", use_pdh: bool = False,
                            **kwargs: Any) -> None:
        """How ``pixel_array`` decodes from now on (pydicom 3): ``index``, ``raw``,
        ``decoding_plugin``, ``as_rgb``, ``view_only``, Image Pixel overrides;
        ``use_pdh`` / ``use_v2_backend``: config.image_handlers instead."""
        ds = cast("Dataset", self)
        if "use_v2_backend" in kwargs and _config._current.get().use_future:
            msg = ("Dataset.pixel_array_options() got an unexpected keyword argument "
                   "'use_v2_backend'")
            raise TypeError(msg)
        use_pdh = bool(kwargs.pop("use_v2_backend", use_pdh))
        options = {**kwargs, "index": index, "raw": raw, "use_pdh": use_pdh}
        if decoding_plugin:
            options["decoding_plugin"] = decoding_plugin.lower()
        object.__setattr__(ds, "_pixel_array_opts", options)
        ds.__dict__.pop("_pixel_array", None)

    def compress(self, transfer_syntax_uid: str, arr: Any = None, encoding_plugin: str = "",
                 encapsulate_ext: bool = False, *, generate_instance_uid: bool = True,
                 jls_error: int | None = None, j2k_cr: list[float] | None = None,
                 j2k_psnr: list[float] | None = None, **kwargs: Any) -> None:
        """Compress the pixel data (or ``arr``) in place; see ``pixels.compress``."""
        ds = cast("Dataset", self)
        from .pixels.utils import compress

        compress(ds, transfer_syntax_uid, arr, encoding_plugin=encoding_plugin,
                 encapsulate_ext=encapsulate_ext, generate_instance_uid=generate_instance_uid,
                 jls_error=jls_error, j2k_cr=j2k_cr, j2k_psnr=j2k_psnr, **kwargs)

    def set_pixel_data(self, arr: Any, photometric_interpretation: str, bits_stored: int, *,
                       generate_instance_uid: bool = True) -> None:
        """Make ``arr`` the Pixel Data, Image Pixel attributes too; see ``pixels.set_pixel_data``."""
        ds = cast("Dataset", self)
        from .pixels.utils import set_pixel_data

        set_pixel_data(ds, arr, photometric_interpretation, bits_stored,
                       generate_instance_uid=generate_instance_uid)

    @property
    def is_decompressed(self) -> bool:
        """Whether ``decompress()`` turned compressed pixel data into native data."""
        ds = cast("Dataset", self)
        return bool(ds.__dict__.get("_is_decompressed", False))

    @is_decompressed.setter
    def is_decompressed(self, value: bool) -> None:
        ds = cast("Dataset", self)
        object.__setattr__(ds, "_is_decompressed", bool(value))

    def overlay_array(self, group: int) -> Any:
        """The Overlay Data of ``group`` (0x6000-0x60FF) as a uint8 array of 0 and 1."""
        ds = cast("Dataset", self)
        from .overlays import get_overlay_array

        return get_overlay_array(ds, group)

    def waveform_array(self, index: int) -> Any:
        """Waveform Sequence item ``index`` as float64 (samples, channels), in channel units."""
        ds = cast("Dataset", self)
        from .waveforms import multiplex_array

        return multiplex_array(ds, index, as_raw=False)

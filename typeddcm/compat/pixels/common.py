"""pydicom 3's ``pixels.common``: the coder and runner bases and the Photometric names.

:class:`CoderBase` keeps a transfer syntax's plugins as pydicom does (label ->
frame function, and label -> missing requirements); the plugin modules pydicom
names (``pixels.decoders.rle``, ``.pylibjpeg`` ...) are ours and each calls one of
typeddcm.pixels' codecs, so the codec registry stays the one place codecs live.
:class:`RunnerBase` is the option store a decode or encode run works from: the
Image Pixel values under pydicom's option names, checked against PS3.3 C.7.6.3.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from enum import StrEnum
from importlib import import_module
from typing import Any, TypedDict

from ..misc import warn_and_log
from ..uid import UID

__all__ = ["Buffer", "CoderBase", "PhotometricInterpretation", "RunnerBase", "RunnerOptions"]

Buffer = bytes | bytearray | memoryview


class PhotometricInterpretation(StrEnum):
    """The defined terms of Photometric Interpretation (PS3.3 C.7.6.3.1.2), retired included."""

    MONOCHROME1 = "MONOCHROME1"
    MONOCHROME2 = "MONOCHROME2"
    PALETTE_COLOR = "PALETTE COLOR"
    RGB = "RGB"
    YBR_FULL = "YBR_FULL"
    YBR_FULL_422 = "YBR_FULL_422"
    YBR_ICT = "YBR_ICT"
    YBR_RCT = "YBR_RCT"
    XYB = "XYB"
    HSV = "HSV"  # retired
    ARGB = "ARGB"  # retired
    CMYK = "CMYK"  # retired
    YBR_PARTIAL_422 = "YBR_PARTIAL_422"  # retired
    YBR_PARTIAL_420 = "YBR_PARTIAL_420"  # retired


PI = PhotometricInterpretation


def _requirements(deps: tuple[str, ...]) -> str:
    """``a``, ``a and b``, ``a, b and c``: pydicom's wording of a plugin's needs."""
    if len(deps) < 2:
        return "".join(deps)
    return f"{', '.join(deps[:-1])} and {deps[-1]}"


class CoderBase:
    """A transfer syntax's decoder or encoder: its plugins, available or not.

    A plugin is ``(label, (module, function))``; the module says whether it can
    run for a syntax (``is_available(uid)``) and what it needs when not
    (``DECODER_DEPENDENCIES`` / ``ENCODER_DEPENDENCIES``, keyed by UID).  As in
    pydicom, adding and removing plugins is not thread-safe: it is set-up work.
    """

    def __init__(self, uid: str, decoder: bool | None = None) -> None:
        self._uid = UID(uid)
        if decoder is not None:
            self._decoder = decoder
        elif not hasattr(self, "_decoder"):
            self._decoder = True
        #: label -> the plugin's frame function
        self._available: dict[str, Callable[..., Any]] = {}
        #: label -> what the plugin needs (empty: unavailable for another reason)
        self._unavailable: dict[str, tuple[str, ...]] = {}

    @property
    def UID(self) -> UID:
        """The transfer syntax this decodes or encodes."""
        return self._uid

    @property
    def name(self) -> str:
        """pydicom's name of the object: ``RLELosslessDecoder``, ``JPEG2000Encoder`` ..."""
        return f"{self._uid.keyword or self._uid}{type(self).__name__}"

    def add_plugin(self, label: str, import_path: tuple[str, str]) -> None:
        """Add the plugin ``import_path`` = (module, function name) as ``label``.

        ModuleNotFoundError for a module that does not import, AttributeError for a
        missing function, ValueError for a label in use or a syntax the plugin does
        not handle.
        """
        if label in self._available or label in self._unavailable:
            msg = f"'{type(self).__name__}' already has a plugin named '{label}'"
            raise ValueError(msg)
        module = import_module(import_path[0])
        if module.is_available(self.UID):
            try:
                self._available[label] = getattr(module, import_path[1])
            except AttributeError:  # named as the caller named the module
                msg = f"module '{import_path[0]}' has no attribute '{import_path[1]}'"
                raise AttributeError(msg) from None
            return
        table = "DECODER_DEPENDENCIES" if self._decoder else "ENCODER_DEPENDENCIES"
        deps = getattr(module, table)
        if self.UID not in deps:
            msg = f"The '{label}' plugin doesn't support '{self.UID.name}'"
            raise ValueError(msg)
        self._unavailable[label] = tuple(deps[self.UID])

    def add_plugins(self, plugins: list[tuple[str, tuple[str, str]]]) -> None:
        """:meth:`add_plugin` for each (label, import path)."""
        for label, import_path in plugins:
            self.add_plugin(label, import_path)

    def remove_plugin(self, label: str) -> None:
        """Remove the plugin ``label`` (ValueError if there is none)."""
        if self._available.pop(label, None) is not None:
            return
        if label in self._unavailable:
            del self._unavailable[label]
            return
        msg = f"Unable to remove '{label}', no such plugin'"
        raise ValueError(msg)

    @property
    def available_plugins(self) -> tuple[str, ...]:
        """The labels of the plugins that can run here, sorted."""
        return tuple(sorted(self._available))

    @property
    def is_available(self) -> bool:
        """Whether anything here can do the work (native data always decodes)."""
        if self._decoder and self.is_native:
            return True
        return bool(self._available)

    @property
    def is_encapsulated(self) -> bool:
        """Whether the syntax's pixel data is encapsulated (compressed)."""
        return bool(self._uid.is_encapsulated)

    @property
    def is_native(self) -> bool:
        """Whether the syntax's pixel data is native (uncompressed)."""
        return not self.is_encapsulated

    @property
    def missing_dependencies(self) -> list[str]:
        """``"label - requires package"`` for each plugin that cannot run here."""
        return [f"{label} - requires {_requirements(deps)}" if deps
                else f"{label} - plugin indicating it is unavailable"
                for label, deps in self._unavailable.items()]

    def _validate_plugins(self, plugin: str = "") -> dict[str, Callable[..., Any]]:
        """The plugins to try: all available ones, or just ``plugin``.

        Native data needs none (an empty dict).  ValueError for an unknown label,
        RuntimeError when the plugin (or every plugin) is missing what it needs.
        """
        if self._decoder and self.is_native:
            return {}
        doing = (f"decompress '{self.UID.name}' pixel data" if self._decoder
                 else f"compress the pixel data using '{self.UID.name}'")
        if plugin:
            if plugin in self._available:
                return {plugin: self._available[plugin]}
            if plugin in self._unavailable:
                deps = self._unavailable[plugin]
                msg = (f"Unable to {doing} because the specified plugin is missing "
                       f"dependencies:\n\t{plugin} - requires {_requirements(deps)}")
                raise RuntimeError(msg)
            msg = (f"No plugin named '{plugin}' has been added to "
                   f"'{self.UID.keyword}{type(self).__name__}'")
            if self._available:
                msg += f", available plugins are: {', '.join(self.available_plugins)}"
            raise ValueError(msg)
        if self._available:
            return dict(self._available)
        missing = "\n".join(f"\t{text}" for text in self.missing_dependencies)
        msg = f"Unable to {doing} because all plugins are missing dependencies:\n{missing}"
        raise RuntimeError(msg)

    def __repr__(self) -> str:
        return f"<{self.name} for {self._uid}>"


class RunnerOptions(TypedDict, total=False):
    """The options every runner knows (pydicom's names)."""

    bits_allocated: int
    bits_stored: int
    columns: int
    number_of_frames: int
    photometric_interpretation: str
    pixel_keyword: str
    pixel_representation: int
    rows: int
    samples_per_pixel: int
    transfer_syntax_uid: UID
    planar_configuration: int
    extended_offsets: tuple[bytes, bytes] | tuple[list[int], list[int]]


# The error for an unset required option: its tag (0028,xxxx) and name.
_MISSING = "Missing required element: (0028,{}) '{}'"


class RunnerBase:
    """The options of one decoding or encoding run: the pixel data's description.

    ``options`` is the dict itself (pydicom's); ``set_option`` normalises Number of
    Frames (0 or None warn and become 1) and Photometric Interpretation (known
    terms become :class:`PhotometricInterpretation`).
    """

    _undeletable: tuple[str, ...] = ("transfer_syntax_uid",)

    def __init__(self, tsyntax: str) -> None:
        self._opts: dict[str, Any] = {}
        self.set_option("transfer_syntax_uid", UID(tsyntax))
        #: "Dataset", "Buffer", "Array", "BinaryIO" once a source is given
        self._src_type = "UNDEFINED"

    @property
    def bits_allocated(self) -> int:
        """Bits Allocated (AttributeError while unset)."""
        value: int = self._option("bits_allocated")
        return value

    @property
    def bits_stored(self) -> int:
        """Bits Stored (AttributeError while unset)."""
        value: int = self._option("bits_stored")
        return value

    @property
    def columns(self) -> int:
        """Columns (AttributeError while unset)."""
        value: int = self._option("columns")
        return value

    @property
    def number_of_frames(self) -> int:
        """Number of Frames (AttributeError while unset)."""
        value: int = self._option("number_of_frames")
        return value

    @property
    def photometric_interpretation(self) -> str:
        """Photometric Interpretation (AttributeError while unset)."""
        value: str = self._option("photometric_interpretation")
        return value

    @property
    def pixel_keyword(self) -> str:
        """the pixel data element's keyword (AttributeError while unset)."""
        value: str = self._option("pixel_keyword")
        return value

    @property
    def pixel_representation(self) -> int:
        """Pixel Representation (AttributeError while unset)."""
        value: int = self._option("pixel_representation")
        return value

    @property
    def rows(self) -> int:
        """Rows (AttributeError while unset)."""
        value: int = self._option("rows")
        return value

    @property
    def samples_per_pixel(self) -> int:
        """Samples per Pixel (AttributeError while unset)."""
        value: int = self._option("samples_per_pixel")
        return value

    def _option(self, name: str) -> Any:
        value = self._opts.get(name)
        if value is None:
            msg = f"No value for '{name}' has been set"
            raise AttributeError(msg)
        return value

    @property
    def planar_configuration(self) -> int:
        """The ``planar_configuration`` option; 0 for compressed syntaxes when unset."""
        value = self._opts.get("planar_configuration")
        if value is not None:
            return int(value)
        if self.transfer_syntax.is_compressed:
            return 0  # a codestream has its own sample order
        msg = "No value for 'planar_configuration' has been set"
        raise AttributeError(msg)

    @property
    def extended_offsets(self) -> tuple[list[int], list[int]] | tuple[bytes, bytes] | None:
        """The Extended Offset Table and its lengths (values or encoded), or None."""
        value: tuple[list[int], list[int]] | tuple[bytes, bytes] | None
        value = self._opts.get("extended_offsets")
        return value

    @property
    def options(self) -> dict[str, Any]:
        """The options dict itself (changes to it are the runner's)."""
        return self._opts

    @property
    def transfer_syntax(self) -> UID:
        """The transfer syntax of the pixel data."""
        uid: UID = self._opts["transfer_syntax_uid"]
        return uid

    @property
    def is_array(self) -> bool:
        """Whether the source is a numpy array."""
        return self._src_type == "Array"

    @property
    def is_binary(self) -> bool:
        """Whether the source is a binary file object."""
        return self._src_type == "BinaryIO"

    @property
    def is_buffer(self) -> bool:
        """Whether the source is bytes, bytearray or memoryview."""
        return self._src_type == "Buffer"

    @property
    def is_dataset(self) -> bool:
        """Whether the source is a Dataset."""
        return self._src_type == "Dataset"

    def get_option(self, name: str, default: Any = None) -> Any:
        """Option ``name``, or ``default`` when unset."""
        return self._opts.get(name, default)

    def set_option(self, name: str, value: Any) -> None:
        """Set option ``name`` (Number of Frames and Photometric Interpretation normalised)."""
        if name == "number_of_frames":
            if isinstance(value, str):
                value = int(value)
            if value is None or value == 0:
                warn_and_log(f"A value of '{value}' for (0028,0008) 'Number of Frames' is "
                             "invalid, assuming 1 frame")
                value = 1
        elif name == "photometric_interpretation" and isinstance(value, str):
            # An unknown term is kept as given; validation reports it.
            with contextlib.suppress(ValueError):
                value = PhotometricInterpretation(value)
        self._opts[name] = value

    def set_options(self, **kwargs: Any) -> None:
        """:meth:`set_option` for each keyword."""
        for name, value in kwargs.items():
            self.set_option(name, value)

    def del_option(self, name: str) -> None:
        """Remove option ``name`` (no error when unset; ValueError for a fixed one)."""
        if name in self._undeletable:
            msg = f"Deleting '{name}' is not allowed"
            raise ValueError(msg)
        self._opts.pop(name, None)

    def _set_options_ds(self, ds: Any) -> None:
        """Take the options from ``ds``'s Image Pixel elements (and offset tables)."""
        from .utils import as_pixel_options

        self.set_options(**as_pixel_options(ds))

    def frame_length(self, unit: str = "bytes") -> int | float:
        """One frame's length in ``"pixels"`` (samples) or ``"bytes"``.

        Native 1-bit frames are packed without padding, so their byte length may be
        fractional (100 pixels: 12.5); an encapsulated frame is whole bytes.  Native
        YBR_FULL_422 keeps two thirds of the samples (PS3.3 C.7.6.3.1.2).
        """
        samples = int(self.rows * self.columns * self.samples_per_pixel)
        if unit == "pixels":
            return samples
        encapsulated = self.transfer_syntax.is_encapsulated
        length: int | float
        if self.bits_allocated == 1:
            if encapsulated:
                length = -(-samples // 8)
            else:
                packed = samples / 8
                length = int(packed) if packed.is_integer() else packed
        else:
            length = samples * (self.bits_allocated // 8)
        if self.photometric_interpretation == PI.YBR_FULL_422 and not encapsulated:
            length = length // 3 * 2
        return length

    def validate(self) -> None:
        """Check the options and source: each runner kind says how."""
        msg = f"{type(self).__name__}.validate() has not been implemented"
        raise NotImplementedError(msg)

    def _require(self, name: str, tag: str, keyword: str) -> Any:
        value = self._opts.get(name)
        if value is None:
            raise AttributeError(_MISSING.format(tag, keyword))
        return value

    def _validate_options(self) -> None:
        """Check the Image Pixel options against PS3.3 C.7.6.3 (and PS3.5 8.1.1)."""
        allocated = self._require("bits_allocated", "0100", "Bits Allocated")
        if not 1 <= allocated <= 64 or (allocated != 1 and allocated % 8):
            msg = (f"A (0028,0100) 'Bits Allocated' value of '{allocated}' is invalid, it "
                   "must be 1 or a multiple of 8 and in the range (1, 64)")
            raise ValueError(msg)
        if "Float" not in self.pixel_keyword:
            stored = self._require("bits_stored", "0101", "Bits Stored")
            if not 1 <= stored <= allocated:
                msg = (f"A (0028,0101) 'Bits Stored' value of '{stored}' is invalid, it must "
                       "be in the range (1, 64) and no greater than the (0028,0100) 'Bits "
                       f"Allocated' value of '{allocated}'")
                raise ValueError(msg)
        columns = self._require("columns", "0011", "Columns")
        if not 0 < columns < 2**16:
            msg = (f"A (0028,0011) 'Columns' value of '{columns}' is invalid, it must be in "
                   "the range (1, 65535)")
            raise ValueError(msg)
        frames = self._opts.get("number_of_frames")
        if frames is not None and frames < 1:
            msg = (f"A (0028,0008) 'Number of Frames' value of '{frames}' is invalid, it "
                   "must be greater than or equal to 1")
            raise ValueError(msg)
        photometric = self._require("photometric_interpretation", "0004",
                                    "Photometric Interpretation")
        if photometric not in set(PhotometricInterpretation):
            msg = f"Unknown (0028,0004) 'Photometric Interpretation' value '{photometric}'"
            raise ValueError(msg)
        keyword = self.pixel_keyword
        if keyword not in ("PixelData", "FloatPixelData", "DoubleFloatPixelData"):
            msg = f"Unknown 'pixel_keyword' value '{keyword}'"
            raise ValueError(msg)
        if keyword == "PixelData":
            representation = self._require("pixel_representation", "0103",
                                            "Pixel Representation")
            if representation not in (0, 1):
                msg = (f"A (0028,0103) 'Pixel Representation' value of '{representation}' "
                       "is invalid, it must be 0 or 1")
                raise ValueError(msg)
        rows = self._require("rows", "0010", "Rows")
        if not 0 < rows < 2**16:
            msg = (f"A (0028,0010) 'Rows' value of '{rows}' is invalid, it must be in the "
                   "range (1, 65535)")
            raise ValueError(msg)
        samples = self._require("samples_per_pixel", "0002", "Samples per Pixel")
        if samples not in (1, 3):
            msg = (f"A (0028,0002) 'Samples per Pixel' value of '{samples}' is invalid, it "
                   "must be 1 or 3")
            raise ValueError(msg)
        if samples == 3:
            planar = self._require("planar_configuration", "0006", "Planar Configuration")
            if planar not in (0, 1):
                msg = (f"A (0028,0006) 'Planar Configuration' value of '{planar}' is "
                       "invalid, it must be 0 or 1")
                raise ValueError(msg)


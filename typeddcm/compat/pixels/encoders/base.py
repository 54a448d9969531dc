"""pydicom 3's ``pixels.encoders.base``: ``Encoder``, ``EncodeRunner`` and ``get_encoder``.

One Encoder per transfer syntax, holding pydicom's plugins by pydicom's labels:
``pydicom`` (RLE, :mod:`.native`), ``pylibjpeg`` (JPEG 2000), ``pyjpegls``
(JPEG-LS) and ``gdcm``.  Each label names our plugin module, which encodes with one
of typeddcm.pixels' registered codecs, so the codec registry stays the one place
codecs live.  An :class:`EncodeRunner` holds one run: the source (an array, native
bytes or a Dataset), the Image Pixel options under pydicom's names, and the
plugins to try; :meth:`EncodeRunner.get_frame` gives a plugin one frame's bytes.

As typeddcm's extension, JPEG Baseline/Extended (the ``pillow`` plugin), Deflated
Image Frame Compression and Encapsulated Uncompressed (``pydicom``) also have
Encoders.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.registry import EncodedFrame, FrameEncoder

from ... import config
from ...misc import LOGGER
from ...uid import UID
from ..common import CoderBase, RunnerBase, RunnerOptions

__all__ = ["ENCODER_UIDS", "ENCODING_PROFILES", "EncodeFunction", "EncodeOptions",
           "EncodeRunner", "Encoder", "JPEG2000Encoder", "JPEG2000LosslessEncoder",
           "JPEGLSLosslessEncoder", "JPEGLSNearLosslessEncoder", "RLELosslessEncoder",
           "dataset_frame_encoder", "get_encoder"]

#: A plugin's frame function: (one frame's bytes, the runner) -> the encoded frame.
EncodeFunction = Callable[[bytes, "EncodeRunner"], bytes | bytearray]

_RLE = "1.2.840.10008.1.2.5"
_JLS = ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81")
_JLS_NEAR = "1.2.840.10008.1.2.4.81"


class EncodeOptions(RunnerOptions, total=False):
    """The options an EncodeRunner and the encoding plugins take (pydicom's names)."""

    byteorder: str
    jls_error: int
    j2k_cr: list[float]
    j2k_psnr: list[float]


def _container_bytes(bits_stored: int) -> int:
    """The smallest of 1, 2, 4 or 8 bytes holding ``bits_stored``: what plugins are given."""
    return 1 if bits_stored <= 8 else 2 if bits_stored <= 16 else 4 if bits_stored <= 32 else 8


class EncodeRunner(RunnerBase):
    """One encoding run: the source, its options and the plugins to try.

    Options start as ``transfer_syntax_uid``, ``byteorder`` ``'<'`` and
    ``pixel_keyword`` ``'PixelData'`` (none of which can be deleted).
    """

    _undeletable = ("transfer_syntax_uid", "pixel_keyword", "byteorder")

    def __init__(self, tsyntax: str) -> None:
        super().__init__(tsyntax)
        self.set_option("byteorder", "<")
        self.set_option("pixel_keyword", "PixelData")
        self._src: Any = None
        self._encoders: dict[str, EncodeFunction] = {}

    # ------------------------------------------------------------- source and plugins

    def set_source(self, src: Any) -> None:
        """The pixel data to encode: native bytes, an array, or a Dataset (whose Image
        Pixel values become the options).  TypeError for anything else."""
        from ...dataset import Dataset

        if isinstance(src, Dataset):
            self._set_options_ds(src)
            self._src = src.PixelData
            self._src_type = "Dataset"
        elif isinstance(src, (bytes, bytearray, memoryview)):
            self._src = src
            self._src_type = "Buffer"
        elif isinstance(src, np.ndarray):
            order = src.dtype.byteorder
            if order == ">" or (order == "=" and sys.byteorder == "big"):
                src = src.astype(src.dtype.newbyteorder("<"))  # plugins take little endian
            self._src = src
            self._src_type = "Array"
        else:
            msg = ("'src' must be bytes, numpy.ndarray or pydicom.dataset.Dataset, not "
                   f"'{type(src).__name__}'")
            raise TypeError(msg)

    @property
    def src(self) -> Any:
        """The source: bytes-like (a buffer or a Dataset's Pixel Data) or an array."""
        return self._src

    def set_encoders(self, encoders: dict[str, EncodeFunction]) -> None:
        """The plugins to try, in order: label -> frame function."""
        self._encoders = encoders

    # ------------------------------------------------------------- frames

    def encode(self, index: int | None) -> bytes:
        """Frame ``index`` (None: the only one) encoded by the first plugin that succeeds.

        RuntimeError listing each plugin's error when all of them fail.
        """
        failures = []
        for label, function in self._encoders.items():
            try:
                return bytes(function(self.get_frame(index), self))
            except Exception as error:  # a plugin's failure: the next one is tried
                LOGGER.debug("The '%s' encoding plugin failed: %s", label, error)
                failures.append(f"{label}: {error}")
        messages = "\n  ".join(failures)
        msg = f"Unable to encode as exceptions were raised by all available plugins:\n  {messages}"
        raise RuntimeError(msg)

    def get_frame(self, index: int | None) -> bytes:
        """One frame's samples as little endian bytes, each in the smallest of 1, 2, 4
        or 8 bytes holding Bits Stored; colour-by-pixel, except JPEG-LS with Planar
        Configuration 1 (colour-by-plane, which JPEG-LS codes as it is)."""
        if self.is_array:
            return self._get_frame_array(index)
        return self._get_frame_buffer(index)

    def _by_plane(self) -> bool:
        return (self.transfer_syntax in _JLS and self.samples_per_pixel > 1
                and self.get_option("planar_configuration") == 1)

    def _get_frame_array(self, index: int | None) -> bytes:
        arr: npt.NDArray[Any] = self.src if index is None else self.src[index]
        size = _container_bytes(self.bits_stored)
        arr = arr.astype(f"<{arr.dtype.kind}{size}", copy=False)
        if self._by_plane():
            arr = arr.transpose(2, 0, 1)
        return np.ascontiguousarray(arr).tobytes()

    def _get_frame_buffer(self, index: int | None) -> bytes:
        length = int(self.frame_length(unit="bytes"))
        start = 0 if index is None else index * length
        frame = np.frombuffer(self.src, dtype=np.uint8, count=length, offset=start)
        pixels = int(self.frame_length(unit="pixels"))
        given = len(frame) // pixels
        size = _container_bytes(self.bits_stored)
        if given != size:
            # Bits Allocated's container -> Bits Stored's: keep the low bytes (little
            # endian), adding zero bytes when the container is narrower (24 bits).
            words = frame[: pixels * given].reshape(pixels, given)[:, :size]
            if given < size:
                words = np.concatenate(
                    (words, np.zeros((pixels, size - given), dtype=np.uint8)), axis=1)
            frame = words.reshape(-1)
        samples = self.samples_per_pixel
        if (samples > 1 and self.get_option("planar_configuration") == 1
                and not self._by_plane()):
            # Native colour-by-plane: the plugins (JPEG-LS aside) take colour-by-pixel.
            frame = frame.reshape(samples, -1, size).transpose(1, 0, 2).reshape(-1)
        return np.ascontiguousarray(frame).tobytes()

    # ------------------------------------------------------------- checks

    def validate(self) -> None:
        """Check the options, the source against them, and the syntax's encoding profile."""
        self._validate_options()
        if self.is_dataset or self.is_buffer:
            self._validate_buffer()
        else:
            self._validate_array()
        self._validate_encoding_profile()

    def _validate_array(self) -> None:
        """ValueError unless the array's shape, type and values fit the options."""
        arr: npt.NDArray[Any] = self.src
        shape, dtype = arr.shape, arr.dtype
        if len(shape) not in (2, 3, 4):
            msg = f"Unable to encode {len(shape)}D ndarrays"
            raise ValueError(msg)
        expected: list[int | None] = [self.number_of_frames, self.rows, self.columns,
                                      self.samples_per_pixel]
        if expected[0] == 1:
            expected = expected[1:]
        if expected[-1] in (None, 1):
            expected = expected[:-1]
        if shape != tuple(expected):
            msg = (f"Mismatch between the expected ndarray shape {tuple(expected)} and the "
                   f"actual shape {shape}")
            raise ValueError(msg)
        if dtype.kind not in "ui":
            msg = (f"The ndarray's dtype '{dtype}' is not supported, must be a signed or "
                   "unsigned integer type")
            raise ValueError(msg)
        signed = self.pixel_representation == 1
        if (dtype.kind == "i") != signed:
            kind = "signed" if signed else "unsigned"
            msg = (f"The ndarray's dtype '{dtype}' is not consistent with a (0028,0103) "
                   f"'Pixel Representation' of '{self.pixel_representation}' ({kind} "
                   "integers)")
            raise ValueError(msg)
        if dtype.itemsize < math.ceil(self.bits_allocated / 8):
            msg = (f"The ndarray's dtype '{dtype}' is not consistent with a (0028,0100) "
                   f"'Bits Allocated' value of '{self.bits_allocated}'")
            raise ValueError(msg)
        bits = self.bits_stored
        low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
        amin, amax = int(arr.min()), int(arr.max())
        if amin < low or amax > high:
            msg = ("The ndarray contains values that are outside the allowable range of "
                   f"({low}, {high}) for a (0028,0101) 'Bits Stored' value of '{bits}'")
            raise ValueError(msg)
        error = int(self.get_option("jls_error", 0) or 0)
        if self.transfer_syntax == _JLS_NEAR and signed and error and not (
                low + error <= amin and amax <= high - error):
            # JPEG-LS has no sign: a near-lossless error at either end of the range
            # could wrap a value to the other sign.
            msg = ("The supported range of pixel values when performing lossy JPEG-LS "
                   "encoding of signed integers with a (0028,0103) 'Bits Stored' value of "
                   f"'{bits}' and a 'jls_error' of '{error}' is ({low + error}, "
                   f"{high - error})")
            raise ValueError(msg)

    def _validate_buffer(self) -> None:
        """ValueError when the bytes are fewer than the frames need (more is padding)."""
        expected = int(self.frame_length(unit="bytes")) * self.number_of_frames
        actual = len(self.src)
        if actual < expected:
            msg = ("The length of the uncompressed pixel data doesn't match the expected "
                   f"length - {actual} bytes actual vs. {expected} expected")
            raise ValueError(msg)

    def _validate_encoding_profile(self) -> None:
        """ValueError unless the Image Pixel values are a profile PS3.5 8.2 allows for
        the syntax (syntaxes without a table are not checked)."""
        profiles = ENCODING_PROFILES.get(str(self.transfer_syntax))
        if profiles is None:
            return
        for photometric, samples, representations, allocated, stored in profiles:
            if (self.photometric_interpretation == photometric
                    and self.samples_per_pixel == samples
                    and self.pixel_representation in representations
                    and self.bits_allocated in allocated and self.bits_stored in stored):
                return
        msg = ("One or more of the following values is not valid for pixel data encoded "
               f"with '{self.transfer_syntax.name}':\n"
               f"  (0028,0002) Samples per Pixel: {self.samples_per_pixel}\n"
               "  (0028,0006) Photometric Interpretation: "
               f"{self.photometric_interpretation}\n"
               f"  (0028,0100) Bits Allocated: {self.bits_allocated}\n"
               f"  (0028,0101) Bits Stored: {self.bits_stored}\n"
               f"  (0028,0103) Pixel Representation: {self.pixel_representation}\n"
               "See Part 5, Section 8.2 of the DICOM Standard for more information")
        raise ValueError(msg)

    def __str__(self) -> str:
        lines = [f"EncodeRunner for '{self.transfer_syntax.name}'", "Options"]
        lines.extend(f"  {name}: {value}" for name, value in self.options.items())
        if self._encoders:
            lines.append("Encoders")
            lines.extend(f"  {label}" for label in self._encoders)
        return "\n".join(lines)


class Encoder(CoderBase):
    """Encodes frames as one transfer syntax with its plugins (pydicom 3's ``Encoder``)."""

    def __init__(self, uid: str) -> None:
        super().__init__(uid, decoder=False)

    def _runner(self, src: Any, encoding_plugin: str, validate: bool,
                kwargs: dict[str, Any]) -> EncodeRunner:
        runner = EncodeRunner(self.UID)
        runner.set_source(src)
        if not runner.is_dataset and "number_of_frames" not in kwargs:
            # pydicom requires it for arrays and bytes; one frame is the only sane default.
            runner.set_option("number_of_frames", 1)
        runner.set_options(**kwargs)
        runner.set_encoders(self._validate_plugins(encoding_plugin))
        if config.debugging:
            LOGGER.debug(runner)
        if validate:
            runner.validate()
        return runner

    def encode(self, src: Any, *, index: int | None = None, validate: bool = True,
               encoding_plugin: str = "", **kwargs: Any) -> bytes:
        """Frame ``index`` of ``src`` encoded (``index`` may be left out for one frame).

        ``src``: an array shaped (rows, columns[, samples]) or (frames, rows, columns
        [, samples]), native little endian bytes (each sample in 1, 2, 4 or 8 bytes),
        or a Dataset with native Pixel Data.  Arrays and bytes need the options
        ``rows``, ``columns``, ``number_of_frames``, ``samples_per_pixel``,
        ``bits_allocated``, ``bits_stored``, ``pixel_representation`` and
        ``photometric_interpretation`` (the encoded data's); a Dataset's come from it,
        keywords overriding.  Plugin options: ``jls_error``, ``j2k_cr``, ``j2k_psnr``,
        ``byteorder``, ``quality``.  ``encoding_plugin`` picks one plugin.
        """
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        runner = self._runner(src, encoding_plugin, validate, kwargs)
        if runner.number_of_frames > 1 and index is None:
            msg = "The 'index' of the frame to be encoded is required for multi-frame pixel data"
            raise ValueError(msg)
        return runner.encode(index)

    def iter_encode(self, src: Any, *, validate: bool = True, encoding_plugin: str = "",
                    **kwargs: Any) -> Iterator[bytes]:
        """Each frame of ``src`` encoded, in turn (arguments as :meth:`encode`)."""
        runner = self._runner(src, encoding_plugin, validate, kwargs)
        if runner.number_of_frames == 1:
            yield runner.encode(None)
            return
        for index in range(runner.number_of_frames):
            yield runner.encode(index)


# ----------------------------------------------------------------- encoding profiles

#: (Photometric Interpretation after encoding, Samples per Pixel, Pixel Representations,
#: Bits Allocated values, Bits Stored values)
Profile = tuple[str, int, Iterable[int], Iterable[int], Iterable[int]]

_MONO = ("MONOCHROME1", "MONOCHROME2")
_J2K_BITS = ((8, 16, 24, 32, 40), range(1, 39))


def _mono(representations: tuple[int, ...], allocated: tuple[int, ...],
          stored: Iterable[int]) -> list[Profile]:
    return [(pi, 1, representations, allocated, stored) for pi in _MONO]


_JPEG_LOSSLESS: list[Profile] = [
    *_mono((0, 1), (8, 16), range(1, 17)),
    ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
    ("YBR_FULL", 3, (0,), (8, 16), range(1, 17)),
    ("RGB", 3, (0,), (8, 16), range(1, 17)),
]

#: The Image Pixel values each syntax may encode: PS3.5 Tables 8.2.1-1 (JPEG), 8.2.1-2
#: (lossless JPEG), 8.2.2-1 (RLE), 8.2.3-1 (JPEG-LS) and 8.2.4-1 (JPEG 2000).
ENCODING_PROFILES: dict[str, list[Profile]] = {
    "1.2.840.10008.1.2.4.50": [
        *_mono((0,), (8,), (8,)),
        ("YBR_FULL_422", 3, (0,), (8,), (8,)),
        ("RGB", 3, (0,), (8,), (8,)),
    ],
    "1.2.840.10008.1.2.4.51": [*_mono((0,), (8,), (8,)), *_mono((0,), (16,), (12,))],
    "1.2.840.10008.1.2.4.57": _JPEG_LOSSLESS,
    "1.2.840.10008.1.2.4.70": _JPEG_LOSSLESS,
    "1.2.840.10008.1.2.4.80": [
        *_mono((0, 1), (8, 16), range(2, 17)),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(2, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(2, 9)),
        ("RGB", 3, (0,), (8, 16), range(2, 17)),
    ],
    "1.2.840.10008.1.2.4.81": [
        *_mono((0, 1), (8, 16), range(2, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(2, 9)),
        ("RGB", 3, (0,), (8, 16), range(2, 17)),
    ],
    "1.2.840.10008.1.2.4.90": [
        *_mono((0, 1), *_J2K_BITS),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
        *[(pi, 3, (0,), *_J2K_BITS) for pi in ("YBR_RCT", "RGB", "YBR_FULL")],
    ],
    "1.2.840.10008.1.2.4.91": [
        *_mono((0, 1), *_J2K_BITS),
        *[(pi, 3, (0,), *_J2K_BITS) for pi in ("YBR_ICT", "RGB", "YBR_FULL")],
    ],
    _RLE: [
        *_mono((0, 1), (8, 16), range(1, 17)),
        ("PALETTE COLOR", 1, (0,), (8, 16), range(1, 17)),
        ("YBR_FULL", 3, (0,), (8,), range(1, 9)),
        ("RGB", 3, (0,), (8, 16), range(1, 17)),
    ],
}
# typeddcm's JPEG Baseline writes colour as YCbCr (4:2:2 or 4:4:4): YBR_FULL too.
ENCODING_PROFILES["1.2.840.10008.1.2.4.50"].append(("YBR_FULL", 3, (0,), (8,), (8,)))


# ----------------------------------------------------------------- the encoders

_NATIVE = "typeddcm.compat.pixels.encoders.native"
_PLUGINS: dict[str, list[tuple[str, tuple[str, str]]]] = {
    _RLE: [("gdcm", ("typeddcm.compat.pixels.encoders.gdcm", "encode_pixel_data")),
           ("pylibjpeg", ("typeddcm.compat.pixels.encoders.pylibjpeg", "_encode_frame")),
           ("pydicom", (_NATIVE, "_encode_frame"))],
    **{uid: [("pyjpegls", ("typeddcm.compat.pixels.encoders.pyjpegls", "_encode_frame"))]
       for uid in _JLS},
    **{uid: [("pylibjpeg", ("typeddcm.compat.pixels.encoders.pylibjpeg", "_encode_frame"))]
       for uid in ("1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91")},
    # typeddcm's own, beyond pydicom 3.0's encoders:
    **{uid: [("pillow", ("typeddcm.compat.pixels.encoders.pillow", "_encode_frame"))]
       for uid in ("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51")},
    **{uid: [("pydicom", (_NATIVE, "_encode_frame"))]
       for uid in ("1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.1.98")},
}

#: The syntaxes with an Encoder: pydicom 3's five first, then typeddcm's.
ENCODER_UIDS = tuple(_PLUGINS)


def _make(uid: str) -> Encoder:
    encoder = Encoder(uid)
    encoder.add_plugins(_PLUGINS[uid])
    return encoder


RLELosslessEncoder = _make(_RLE)
JPEGLSLosslessEncoder = _make("1.2.840.10008.1.2.4.80")
JPEGLSNearLosslessEncoder = _make(_JLS_NEAR)
JPEG2000LosslessEncoder = _make("1.2.840.10008.1.2.4.90")
JPEG2000Encoder = _make("1.2.840.10008.1.2.4.91")

_ENCODERS: dict[str, Encoder] = {
    str(encoder.UID): encoder
    for encoder in (RLELosslessEncoder, JPEGLSLosslessEncoder, JPEGLSNearLosslessEncoder,
                    JPEG2000LosslessEncoder, JPEG2000Encoder)
}


def get_encoder(uid: str) -> Encoder:
    """The Encoder for the transfer syntax ``uid`` (NotImplementedError if there is none)."""
    key = str(uid)
    encoder = _ENCODERS.get(key)
    if encoder is None:
        if key not in _PLUGINS:
            msg = f"No pixel data encoders have been implemented for '{UID(key).name}'"
            raise NotImplementedError(msg)
        encoder = _ENCODERS.setdefault(key, _make(key))
    return encoder



# ----------------------------------------------------------------- Dataset.compress


def dataset_frame_encoder(uid: str, encoding_plugin: str = "",
                          **plugin_options: Any) -> FrameEncoder | None:
    """A typeddcm.pixels frame encoder running this module's Encoder for ``uid``, for
    ``Dataset.compress``: pydicom's plugins, options and Photometric Interpretation
    rule (the encoded data's is the dataset's).  None for syntaxes pydicom 3 has no
    encoder for, or whose Encoder cannot run here: typeddcm's registry encodes those.

    ``plugin_options`` (``jls_error``, ``j2k_cr``, ``j2k_psnr``, ``byteorder`` ...)
    and Image Pixel options given override what the frames' layout says.
    """
    key = str(uid)
    if key not in _PYDICOM_UIDS:
        return None
    encoder = get_encoder(key)
    if not encoder.is_available:
        return None
    bound = {name: value for name, value in plugin_options.items() if value is not None}

    def encode(array: npt.NDArray[Any], layout: PixelLayout, uid: str,
               options: Mapping[str, Any]) -> EncodedFrame:
        del options  # the options are pydicom's, bound above
        opts: dict[str, Any] = {
            "rows": layout.rows, "columns": layout.columns,
            "samples_per_pixel": layout.samples_per_pixel,
            "bits_allocated": layout.bits_allocated, "bits_stored": layout.bits_stored,
            "pixel_representation": layout.pixel_representation,
            "photometric_interpretation": layout.photometric_interpretation,
            "planar_configuration": 0, "number_of_frames": 1, **bound}
        data = encoder.encode(array, encoding_plugin=encoding_plugin, **opts)
        return EncodedFrame(data, str(opts["photometric_interpretation"]))

    return encode


_PYDICOM_UIDS = frozenset(_ENCODERS)

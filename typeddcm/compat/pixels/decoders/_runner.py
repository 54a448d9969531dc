"""pydicom 3's ``DecodeRunner``: the options and source of one decoding run.

The runner describes the pixel data (the Image Pixel values, from a Dataset or
given as options), finds each encoded frame (``compat.encaps``) and hands it to
the decoding plugins in turn; the plugins are our modules calling typeddcm.pixels'
codecs.  After decoding it reshapes, corrects unused bits or the JPEG-LS/JPEG 2000
signedness, and converts the colour space (:data:`PROCESSORS`).
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterator
from io import BufferedIOBase
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt

from ...misc import LOGGER, warn_and_log
from ...uid import UID
from ..common import Buffer, RunnerBase, RunnerOptions
from ..common import PhotometricInterpretation as PI

__all__ = ["PROCESSORS", "DecodeFunction", "DecodeOptions", "DecodeRunner",
           "ProcessingFunction"]

DecodeFunction = Callable[[bytes, "DecodeRunner"], bytes | bytearray]
ProcessingFunction = Callable[[npt.NDArray[Any], "DecodeRunner", dict[str, str | int]],
                              npt.NDArray[Any]]

_J2K = frozenset({"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
                  "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                  "1.2.840.10008.1.2.4.203"})
_JLS = frozenset({"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"})
_JPEG = frozenset({"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
                   "1.2.840.10008.1.2.4.70"})
_BASELINE = "1.2.840.10008.1.2.4.50"
_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


class DecodeOptions(RunnerOptions, total=False):
    """The options a DecodeRunner and the decoding plugins know (pydicom's names)."""

    pixel_vr: str
    allow_excess_frames: bool
    correct_unused_bits: bool
    view_only: bool
    be_swap_ow: bool
    rle_segment_order: str
    byteorder: str
    apply_jls_sign_correction: bool
    apply_j2k_sign_correction: bool
    as_rgb: bool
    force_rgb: bool
    force_ybr: bool


def _process_color_space(arr: npt.NDArray[Any], runner: DecodeRunner,
                         changes: dict[str, str | int]) -> npt.NDArray[Any]:
    """YCbCr (YBR_FULL, YBR_FULL_422) to RGB when ``as_rgb``; ``force_rgb``/``force_ybr``."""
    from ..processing import convert_color_space

    force_ybr = runner.get_option("force_ybr", False)
    force_rgb = runner.get_option("force_rgb", False)
    if force_ybr and force_rgb:
        raise ValueError("'force_ybr' and 'force_rgb' cannot both be True")
    to_rgb = force_rgb or (runner.get_option("as_rgb", False)
                           and runner.photometric_interpretation in (PI.YBR_FULL,
                                                                     PI.YBR_FULL_422))
    if not (to_rgb or force_ybr):
        return arr
    if not arr.flags.writeable and runner.get_option("view_only", False):
        LOGGER.warning("Unable to return an ndarray that's a view on the original buffer if "
                       "applying a color space conversion")
    if force_ybr:
        changes["photometric_interpretation"] = PI.YBR_FULL
        return convert_color_space(arr, "RGB", "YBR_FULL")
    changes["photometric_interpretation"] = PI.RGB
    return convert_color_space(arr, "YBR_FULL", "RGB")


def _shift_back(arr: npt.NDArray[Any], bits: int) -> npt.NDArray[Any]:
    """Keep the low ``bits`` of each sample, sign-extended for a signed dtype (in place)."""
    shift = 8 * arr.dtype.itemsize - bits
    if shift > 0:
        np.left_shift(arr, shift, out=arr)
        np.right_shift(arr, shift, out=arr)
    return arr


def _correct_unused_bits(arr: npt.NDArray[Any], runner: DecodeRunner,
                         log_warning: bool = True) -> npt.NDArray[Any]:
    """Ignore the bits above Bits Stored (PS3.5 8.1.1): masked, or sign-extended if signed."""
    if not arr.flags.writeable:
        if (log_warning and runner.get_option("view_only", False)
                and not runner.transfer_syntax.is_encapsulated):
            LOGGER.warning(
                "Unable to return an ndarray that's a view on the original buffer when "
                "(0028,0101) 'Bits Stored' doesn't equal (0028,0100) 'Bits Allocated' and "
                "'correct_unused_bits=True'. In most cases you can pass "
                "'correct_unused_bits=False' instead to get a view if the uncorrected array "
                "is equivalent to the corrected one.")
        arr = arr.copy()
    shift = runner.bits_allocated - runner.bits_stored
    if shift:
        np.left_shift(arr, shift, out=arr)
        np.right_shift(arr, shift, out=arr)
    return arr


def _apply_sign_correction(arr: npt.NDArray[Any], runner: DecodeRunner) -> npt.NDArray[Any]:
    """Match the samples' sign to Pixel Representation when the codestream disagrees.

    JPEG 2000 says a component's sign and precision; JPEG-LS cannot say a sample is
    signed, so signed data always decodes as unsigned of its precision.
    """
    uid = runner.transfer_syntax
    if not arr.flags.writeable:
        arr = arr.copy()
    if uid in _J2K:
        signed = runner.get_option("j2k_is_signed", runner.pixel_representation)
        if signed != runner.pixel_representation:
            _shift_back(arr, runner.get_option("j2k_precision", runner.bits_stored))
    elif uid in _JLS:
        _shift_back(arr, runner.get_option("jls_precision", runner.bits_stored))
    return arr


#: What ``process`` applies, in order: each takes (array, runner, changes) and gives the
#: array, recording changed Image Pixel values in ``changes``.
PROCESSORS: list[ProcessingFunction] = [_process_color_space]


class DecodeRunner(RunnerBase):
    """The options, source and plugins of one decoding run (made by a Decoder)."""

    _undeletable = ("transfer_syntax_uid", "pixel_keyword")

    def __init__(self, tsyntax: str) -> None:
        uid = UID(tsyntax)
        self._opts = {"transfer_syntax_uid": uid, "as_rgb": True, "allow_excess_frames": True}
        self._src_type = "UNDEFINED"
        self._src: Any = None
        self._decoders: dict[str, DecodeFunction] = {}
        self._previous: tuple[str, DecodeFunction]
        if uid.is_encapsulated:
            self.set_option("pixel_keyword", "PixelData")
        else:
            self.set_option("view_only", False)
        if uid in _J2K:
            self.set_option("apply_j2k_sign_correction", True)
        elif uid in _JLS:
            self.set_option("apply_jls_sign_correction", True)
        else:
            self.set_option("correct_unused_bits", True)

    # -- the source ------------------------------------------------------------------

    def set_source(self, src: Any) -> None:
        """The pixel data: a Dataset (its options taken too), a buffer or a binary file
        object positioned at the value."""
        from ...dataset import Dataset

        if isinstance(src, Dataset):
            self._set_options_ds(src)
            self._src = src[self.pixel_keyword].value
            self._src_type = "BinaryIO" if isinstance(self._src, BufferedIOBase) else "Dataset"
        elif hasattr(src, "read"):
            self._src, self._src_type = src, "BinaryIO"
        else:
            self._src, self._src_type = src, "Buffer"

    @property
    def src(self) -> Buffer | BinaryIO:
        """The encoded pixel data: a buffer or a file object."""
        src: Buffer | BinaryIO = self._src
        return src

    def _set_options_ds(self, ds: Any) -> None:
        """Options from ``ds``; ValueError if its transfer syntax is not the runner's."""
        super()._set_options_ds(ds)
        meta = getattr(ds, "file_meta", None)
        tsyntax = meta.get("TransferSyntaxUID", None) if meta is not None else None
        if tsyntax and tsyntax != self.transfer_syntax:
            msg = (f"The dataset's transfer syntax '{UID(tsyntax).name}' doesn't match the "
                   "pixel data decoder")
            raise ValueError(msg)
        present = [kw for kw in _PIXEL_KEYWORDS if kw in ds]
        if not present:
            msg = ("The dataset has no 'Pixel Data', 'Float Pixel Data' or 'Double Float "
                   "Pixel Data' element, no pixel data to decode")
            raise AttributeError(msg)
        if len(present) > 1:
            msg = ("One and only one of 'Pixel Data', 'Float Pixel Data' or 'Double Float "
                   "Pixel Data' may be present in the dataset")
            raise AttributeError(msg)
        self.set_option("pixel_keyword", present[0])
        self.set_option("pixel_vr", ds[present[0]].VR)

    def get_data(self, src: Any, offset: int, length: int) -> bytes:
        """``length`` bytes of ``src`` from ``offset`` (fewer at its end); a file object
        is left where it was."""
        if self.is_dataset or self.is_buffer:
            data: bytes = src[offset:offset + length]
            return data
        position = src.tell()
        src.seek(offset)
        try:
            chunk: bytes = src.read(length)
        finally:
            src.seek(position)
        return chunk

    # -- description of the output ---------------------------------------------------

    @property
    def pixel_dtype(self) -> np.dtype[Any]:
        """The dtype holding one decoded sample, in the transfer syntax's byte order."""
        keyword = self.pixel_keyword
        dtype: np.dtype[Any]
        if keyword == "FloatPixelData":
            dtype = np.dtype("float32")
        elif keyword == "DoubleFloatPixelData":
            dtype = np.dtype("float64")
        else:
            allocated = self.bits_allocated
            kind = "ui"[self.pixel_representation]
            text = "u1" if allocated == 1 else f"{kind}{allocated // 8}"
            try:
                dtype = np.dtype(text)
            except TypeError as error:
                msg = f"The data type '{text}' needed to contain the pixel data is not supported by NumPy"
                raise NotImplementedError(msg) from error
        if self.transfer_syntax.is_little_endian != (sys.byteorder == "little"):
            dtype = dtype.newbyteorder("S")
        return dtype

    def pixel_properties(self, as_frame: bool = False) -> dict[str, str | int]:
        """The Image Pixel values describing the data (after decoding: as decoded)."""
        props: dict[str, str | int] = {
            "bits_allocated": self.bits_allocated,
            "columns": self.columns,
            "number_of_frames": 1 if as_frame else self.number_of_frames,
            "photometric_interpretation": str(self.photometric_interpretation),
            "rows": self.rows,
            "samples_per_pixel": self.samples_per_pixel,
        }
        if self.samples_per_pixel > 1:
            props["planar_configuration"] = self.planar_configuration
        if self.pixel_keyword == "PixelData":
            props["bits_stored"] = self.bits_stored
            props["pixel_representation"] = self.pixel_representation
        return props

    def reshape(self, arr: npt.NDArray[Any], as_frame: bool = False) -> npt.NDArray[Any]:
        """``arr`` (flat) as (frames,) rows, columns(, samples): colour-by-pixel always."""
        frames = 1 if as_frame else self.number_of_frames
        samples = self.samples_per_pixel
        lead = (frames,) if frames > 1 else ()
        if samples == 1:
            return arr.reshape(*lead, self.rows, self.columns)
        if self.planar_configuration == 0:
            return arr.reshape(*lead, self.rows, self.columns, samples)
        planes = arr.reshape(*lead, samples, self.rows, self.columns)
        return np.moveaxis(planes, -3, -1)

    def process(self, arr: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], dict[str, str | int]]:
        """``arr`` through :data:`PROCESSORS`, and the Image Pixel values they changed."""
        changes: dict[str, str | int] = {}
        for func in PROCESSORS:
            arr = func(arr, self, changes)
        return arr, changes

    def _test_for(self, test: str) -> bool:
        """Whether a step applies: ``be_swap_ow``, ``sign_correction``, ``shift_correction``."""
        if test == "be_swap_ow":
            return bool(self.get_option("be_swap_ow")) or (
                not self.transfer_syntax.is_little_endian and self.bits_allocated // 8 == 1
                and self.pixel_keyword == "PixelData" and self.get_option("pixel_vr") == "OW")
        if test == "sign_correction":
            uid = self.transfer_syntax
            return ((uid in _J2K and self.get_option("apply_j2k_sign_correction", False)
                     and self.photometric_interpretation in (PI.MONOCHROME1, PI.MONOCHROME2))
                    or (uid in _JLS and self.get_option("apply_jls_sign_correction", False)
                        and self.pixel_representation == 1))
        if test == "shift_correction":
            return bool(self.get_option("correct_unused_bits", False)
                        and self.pixel_keyword == "PixelData"
                        and self.bits_allocated > self.bits_stored)
        msg = f"Unknown test '{test}'"
        raise ValueError(msg)

    # -- decoding encapsulated frames ------------------------------------------------

    def set_decoders(self, decoders: dict[str, DecodeFunction]) -> None:
        """The plugins to try, {label: frame function}; forgets the last one that worked."""
        self._decoders = decoders
        self.__dict__.pop("_previous", None)

    def _conform_jpg_colorspace(self, info: dict[str, Any]) -> None:
        """Photometric Interpretation from the codestream when it disagrees (with a warning):
        RGB component IDs mean RGB, a JFIF APP0 means YCbCr."""
        if self.samples_per_pixel != 3:
            return
        current = self.photometric_interpretation
        if info.get("component_ids") in ([82, 71, 66], [114, 103, 98]):  # "RGB", "rgb"
            if current != PI.RGB:
                self.set_option("photometric_interpretation", PI.RGB)
                warn_and_log(f"The (0028,0004) 'Photometric Interpretation' value is "
                             f"'{current}' however the encoded image's codestream uses "
                             "component IDs that indicate it should be 'RGB'")
            return
        ybr = PI.YBR_FULL_422 if self.transfer_syntax == _BASELINE else PI.YBR_FULL
        if "YBR" not in current and any(bytes(payload).startswith(b"JFIF")
                                        for payload in info.get("app", {}).values()):
            self.set_option("photometric_interpretation", ybr)
            warn_and_log(f"The (0028,0004) 'Photometric Interpretation' value is '{current}' "
                         "however the encoded image's codestream contains a JFIF APP marker "
                         f"which indicates it should be '{ybr}'")

    def _get_frame_info(self, src: bytes) -> None:
        """Options from the frame's codestream header: JPEG 2000 sign and precision, the
        JPEG-LS precision, the JPEG colour space."""
        from ..utils import _get_jpg_parameters, get_j2k_parameters

        uid = self.transfer_syntax
        if uid in _J2K:
            j2k = get_j2k_parameters(src)
            self.set_option("j2k_is_signed", j2k.get("is_signed", self.pixel_representation))
            self.set_option("j2k_precision", j2k.get("precision", self.bits_stored))
        elif uid in _JLS:
            jls = _get_jpg_parameters(src)
            self.set_option("jls_precision", jls.get("precision", self.bits_stored))
            self._conform_jpg_colorspace(jls)
        elif uid in _JPEG:
            self._conform_jpg_colorspace(_get_jpg_parameters(src))

    def _decode_frame(self, src: bytes) -> bytes | bytearray:
        """``src`` decoded by the first plugin that can (RuntimeError if none can)."""
        failures = []
        for label, func in self._decoders.items():
            try:
                frame = func(src, self)
            except Exception as exc:
                LOGGER.exception(exc)
                failures.append(f"{label}: {exc}")
                continue
            previous = getattr(self, "_previous", None)
            if previous is not None and previous[1] != func:
                warn_and_log(f"The decoding plugin has changed from '{previous[0]}' to "
                             f"'{label}' during the decoding process - you may get "
                             "inconsistent inter-frame results, consider passing "
                             f"'decoding_plugin=\"{label}\"' instead")
            self._previous = (label, func)
            return frame
        messages = "\n  ".join(failures)
        msg = f"Unable to decode as exceptions were raised by all available plugins:\n  {messages}"
        raise RuntimeError(msg)

    def decode(self, index: int) -> bytes | bytearray:
        """Frame ``index`` decoded (only its fragments are read)."""
        from ...encaps import get_frame

        src = get_frame(self.src, index, number_of_frames=self.number_of_frames,
                        extended_offsets=self.extended_offsets)
        self._get_frame_info(src)
        return self._decode_frame(src)

    def iter_decode(self) -> Iterator[bytes | bytearray]:
        """Each frame decoded, in turn (JPEG data may hold more frames than said).

        The plugin that worked last is tried first; a file source is left where it was.
        """
        from ...encaps import generate_frames

        position = self._src.tell() if self.is_binary else None
        frames = generate_frames(self.src, number_of_frames=self.number_of_frames,
                                 extended_offsets=self.extended_offsets)
        for index, src in enumerate(frames):
            self._get_frame_info(src)
            previous = getattr(self, "_previous", None)
            if previous is not None:
                try:
                    yield previous[1](src, self)
                    continue
                except Exception:
                    LOGGER.warning(f"The decoding plugin '{previous[0]}' failed to decode the "
                                   f"frame at index {index}")
            yield self._decode_frame(src)
        if position is not None:
            self._src.seek(position)

    # -- checks ----------------------------------------------------------------------

    def validate(self) -> None:
        """Check the options, and the source's length when it is a buffer."""
        self._validate_options()
        if self.is_dataset or self.is_buffer:
            self._validate_buffer()

    def _validate_options(self) -> None:
        super()._validate_options()
        offsets = self.extended_offsets
        if offsets and len(offsets[0]) != len(offsets[1]):
            warn_and_log("The number of items in (7FE0,0001) 'Extended Offset Table' and "
                         "(7FE0,0002) 'Extended Offset Table Lengths' don't match - the "
                         "extended offset table will be ignored")
            self.del_option("extended_offsets")

    def _validate_buffer(self) -> None:
        """Check the pixel data's length against the description (PS3.5 8.1.1, 8.2)."""
        frame_length = self.frame_length(unit="bytes")
        expected = math.ceil(frame_length * self.number_of_frames)
        actual = len(self._src)
        if self.transfer_syntax.is_encapsulated:
            if actual in (expected, expected + expected % 2):
                warn_and_log("The number of bytes of compressed pixel data matches the "
                             "expected number for uncompressed data - check that the "
                             "transfer syntax has been set correctly")
            return
        padded = expected + expected % 2
        if actual < padded:
            if actual != expected:
                msg = (f"The number of bytes of pixel data is less than expected ({actual} vs "
                       f"{padded} bytes) - the dataset may be corrupted, have an invalid "
                       "group 0028 element value, or the transfer syntax may be incorrect")
                raise ValueError(msg)
            return
        if actual == padded:
            return
        if self.photometric_interpretation == PI.YBR_FULL_422:
            full = expected // 2 * 3
            if actual >= full + full % 2:
                msg = ("The number of bytes of pixel data is a third larger than expected "
                       f"({actual} vs {expected} bytes) which indicates the set (0028,0004) "
                       "'Photometric Interpretation' value of 'YBR_FULL_422' is incorrect "
                       "and may need to be changed to either 'RGB' or 'YBR_FULL'")
                raise ValueError(msg)
        elif self.get_option("allow_excess_frames", False):
            whole = int(actual // frame_length) if frame_length else 0
            if whole > self.number_of_frames:
                warn_and_log(
                    f"The number of bytes of pixel data is sufficient to contain {whole} "
                    "frames which is larger than the given (0028,0008) 'Number of Frames' "
                    f"value of {self.number_of_frames}. The returned data will include these "
                    "extra frames and if it's correct then you should update 'Number of "
                    "Frames' accordingly, otherwise pass 'allow_excess_frames=False' to "
                    f"return only the first {self.number_of_frames} frames.")
                self.set_option("number_of_frames", whole)
                return
        warn_and_log(f"The pixel data is {actual} bytes long, which indicates it contains "
                     f"{actual - expected} bytes of excess padding to be removed")

    def __str__(self) -> str:
        lines = [f"DecodeRunner for '{self.transfer_syntax.name}'", "Options"]
        lines += [f"  {name}: {value}" for name, value in self._opts.items()]
        if self._decoders:
            lines += ["Decoders", *(f"  {name}" for name in self._decoders)]
        return "\n".join(lines)

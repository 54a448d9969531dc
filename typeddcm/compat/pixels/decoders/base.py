"""pydicom 3's ``pixels.decoders.base``: ``Decoder``, ``DecodeRunner`` and ``get_decoder``.

One Decoder per transfer syntax.  Native data is cut from the value here
(``_native``); encapsulated frames go to the Decoder's plugins: pydicom's labels
(``pydicom``, ``pylibjpeg``, ``pillow``, ``pyjpegls``, ``gdcm``) name our plugin
modules, each of which decodes with one of typeddcm.pixels' codecs, so the codec
registry stays the one place codecs live.  Syntaxes pydicom has no decoder for
but typeddcm does (Deflated Image Frame, Encapsulated Uncompressed, JPEG 2000
multi-component, JPEG XL) get the ``typeddcm`` plugin: the registry's codecs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from ... import config
from ...misc import LOGGER, warn_and_log
from ...uid import UID
from ..common import Buffer, CoderBase
from ._native import as_array_native, as_buffer_native
from ._runner import (
    PROCESSORS,
    DecodeFunction,
    DecodeOptions,
    DecodeRunner,
    ProcessingFunction,
    _apply_sign_correction,
    _correct_unused_bits,
    _process_color_space,  # noqa: F401 - importable here by pydicom's name
)

__all__ = ["DECODER_UIDS", "PROCESSORS", "DecodeFunction", "DecodeOptions", "DecodeRunner",
           "Decoder", "ProcessingFunction", "get_decoder"]

def _excess_frames_warning(found: int, said: int) -> None:
    warn_and_log(
        f"{found} frames have been found in the encapsulated pixel data, which is larger "
        f"than the given (0028,0008) 'Number of Frames' value of {said}. The returned data "
        "will include these extra frames and if it's correct then you should update 'Number "
        "of Frames' accordingly, otherwise pass 'allow_excess_frames=False' to return only "
        f"the first {said} frames.")


def _finish(arr: npt.NDArray[Any], runner: DecodeRunner, *, raw: bool, as_frame: bool,
            writeable: bool, log_warning: bool = True) -> tuple[npt.NDArray[Any],
                                                                 dict[str, str | int]]:
    """Reshaped samples -> (array, properties): sign or unused-bit correction, colour."""
    if runner._test_for("sign_correction"):
        arr = _apply_sign_correction(arr, runner)
    elif runner._test_for("shift_correction"):
        arr = _correct_unused_bits(arr, runner, log_warning=log_warning)
    overrides: dict[str, str | int] = {}
    if not raw:
        arr, overrides = runner.process(arr)
    if writeable and not arr.flags.writeable:
        arr = arr.copy()
    if runner.samples_per_pixel > 1:
        overrides["planar_configuration"] = 0  # arrays are always colour-by-pixel
    props = runner.pixel_properties(as_frame=as_frame)
    props.update(overrides)
    return arr, props


class Decoder(CoderBase):
    """Decodes one transfer syntax's pixel data: a Dataset's, a buffer's or a file's.

    ``as_array``/``iter_array`` give numpy arrays (processed unless ``raw``),
    ``as_buffer``/``iter_buffer`` the decoded bytes as they come.  A source that is
    not a Dataset needs the Image Pixel options (``rows``, ``columns``,
    ``samples_per_pixel``, ``bits_allocated``, ``bits_stored``,
    ``pixel_representation``, ``photometric_interpretation``, ``number_of_frames``,
    ``planar_configuration``, ``pixel_keyword``) as keywords.
    """

    def __init__(self, uid: str) -> None:
        super().__init__(uid, decoder=True)

    def _runner(self, src: Any, plugin: str, validate: bool,
                options: dict[str, Any]) -> DecodeRunner:
        runner = DecodeRunner(self.UID)
        runner.set_source(src)
        runner.set_options(**options)
        runner.set_decoders(self._validate_plugins(plugin))
        if config.debugging:
            LOGGER.debug(runner)
        if validate:
            runner.validate()
        return runner

    def as_array(self, src: Any, *, index: int | None = None, validate: bool = True,
                 raw: bool = False, decoding_plugin: str = "",
                 **kwargs: Any) -> tuple[npt.NDArray[Any], dict[str, str | int]]:
        """(pixels, Image Pixel values describing them) of all frames or frame ``index``.

        Shaped (frames,) rows, columns(, samples), colour-by-pixel; YCbCr becomes RGB
        unless ``raw`` (or ``as_rgb=False``).  Writeable unless native and
        ``view_only``.  ``decoding_plugin`` chooses the plugin (else each is tried).
        """
        if index is not None and index < 0:
            raise ValueError("'index' must be greater than or equal to 0")
        runner = self._runner(src, decoding_plugin, validate, kwargs)
        if self.is_native:
            flat = as_array_native(runner, index)
            writeable = not runner.get_option("view_only", False)
        else:
            flat = self._as_array_encapsulated(runner, index)
            writeable = True
        arr = runner.reshape(flat, as_frame=index is not None)
        return _finish(arr, runner, raw=raw, as_frame=index is not None, writeable=writeable)

    @staticmethod
    def _as_array_encapsulated(runner: DecodeRunner, index: int | None) -> npt.NDArray[Any]:
        """Frame ``index`` (or all, with any excess frames) decoded, as one flat array.

        A plugin may decode to a narrower container than Bits Allocated (8-bit JPEG in
        a 16-bit dataset): each frame is read as it came, then widened.
        """
        allocated = runner.bits_allocated
        try:
            if index is not None:
                frame = runner.decode(index=index)
                return np.frombuffer(frame, dtype=runner.pixel_dtype).astype(
                    _container(runner, allocated), copy=True)
            frames = runner.iter_decode()
            out = []
            for _ in range(runner.number_of_frames):
                out.append(np.frombuffer(next(frames), dtype=runner.pixel_dtype))
            if runner.get_option("allow_excess_frames", False):
                said = runner.number_of_frames
                for frame in frames:
                    if len(frame) == runner.frame_length(unit="bytes"):
                        out.append(np.frombuffer(frame, dtype=runner.pixel_dtype))
                        runner.set_option("number_of_frames", runner.number_of_frames + 1)
                if len(out) > said:
                    _excess_frames_warning(len(out), said)
            dtype = _container(runner, allocated)
            return np.concatenate([a.astype(dtype, copy=False) for a in out]) if len(out) > 1 \
                else out[0].astype(dtype, copy=True)
        finally:
            runner.set_option("bits_allocated", allocated)

    def as_buffer(self, src: Any, *, index: int | None = None, validate: bool = True,
                  decoding_plugin: str = "", **kwargs: Any) -> tuple[Buffer,
                                                                     dict[str, str | int]]:
        """(decoded bytes, Image Pixel values describing them): no processing at all.

        Native data comes back as stored (the source's own buffer type, a memoryview
        with ``view_only``, bytes from a file).
        """
        runner = self._runner(src, decoding_plugin, validate, kwargs)
        if self.is_native:
            buffer = as_buffer_native(runner, index)
        else:
            buffer = self._as_buffer_encapsulated(runner, index)
        return buffer, runner.pixel_properties(as_frame=index is not None)

    @staticmethod
    def _as_buffer_encapsulated(runner: DecodeRunner, index: int | None) -> bytes | bytearray:
        """Frame ``index`` (or all) decoded, checked against the frame length."""
        if index is not None:
            frame = runner.decode(index=index)
            _check_length(runner, frame, index)
            return frame
        frames: list[bytes | bytearray] = []
        widths: list[int] = []
        decoded = runner.iter_decode()
        for number in range(runner.number_of_frames):
            frame = next(decoded)
            _check_length(runner, frame, number)
            frames.append(frame)
            widths.append(runner.bits_allocated)
        if runner.get_option("allow_excess_frames", False):
            said = runner.number_of_frames
            for frame in decoded:
                if len(frame) == runner.frame_length(unit="bytes"):
                    frames.append(frame)
                    widths.append(runner.bits_allocated)
                    runner.set_option("number_of_frames", runner.number_of_frames + 1)
            if len(frames) > said:
                _excess_frames_warning(len(frames), said)
        if len(set(widths)) > 1:
            # Frames of different precisions came in different containers: widen each
            # to the largest, little endian (the bytes' order as the plugins give them).
            target = max(widths)
            frames = [frame if width == target else
                      np.frombuffer(frame, f"<u{width // 8}").astype(f"<u{target // 8}").tobytes()
                      for frame, width in zip(frames, widths, strict=True)]
            runner.set_option("bits_allocated", target)
        return b"".join(frames)

    def iter_array(self, src: Any, *, indices: Iterable[int] | None = None, raw: bool = False,
                   validate: bool = True, decoding_plugin: str = "",
                   **kwargs: Any) -> Iterator[tuple[npt.NDArray[Any], dict[str, str | int]]]:
        """Each frame (or those of ``indices``) as :meth:`as_array` gives one."""
        runner = self._runner(src, decoding_plugin, validate, kwargs)
        log_warning = True
        if self.is_encapsulated and not indices:
            for frame in runner.iter_decode():
                arr = runner.reshape(np.frombuffer(frame, dtype=runner.pixel_dtype),
                                     as_frame=True)
                yield _finish(arr, runner, raw=raw, as_frame=True, writeable=True,
                              log_warning=log_warning)
                log_warning = False
            return
        writeable = self.is_encapsulated or not runner.get_option("view_only", False)
        for index in _indices(runner, indices):
            flat = (as_array_native(runner, index) if self.is_native
                    else self._as_array_encapsulated(runner, index))
            arr = runner.reshape(flat, as_frame=True)
            yield _finish(arr, runner, raw=raw, as_frame=True, writeable=writeable,
                          log_warning=log_warning)
            log_warning = False

    def iter_buffer(self, src: Any, *, indices: Iterable[int] | None = None,
                    validate: bool = True, decoding_plugin: str = "",
                    **kwargs: Any) -> Iterator[tuple[Buffer, dict[str, str | int]]]:
        """Each frame (or those of ``indices``) as :meth:`as_buffer` gives one."""
        runner = self._runner(src, decoding_plugin, validate, kwargs)
        if self.is_encapsulated and not indices:
            for frame in runner.iter_decode():
                yield frame, runner.pixel_properties(as_frame=True)
            return
        for index in _indices(runner, indices):
            buffer = (as_buffer_native(runner, index) if self.is_native
                      else self._as_buffer_encapsulated(runner, index))
            yield buffer, runner.pixel_properties(as_frame=True)


def _indices(runner: DecodeRunner, indices: Iterable[int] | None) -> Iterator[int]:
    """The frame indices to give (all when none), negative ones counted from the end."""
    frames = runner.number_of_frames
    for index in indices or range(frames):
        yield index + frames if index < 0 else index


def _container(runner: DecodeRunner, allocated: int) -> np.dtype[Any]:
    """The dataset's sample dtype (Bits Allocated as the dataset says)."""
    decoded = runner.bits_allocated
    runner.set_option("bits_allocated", allocated)
    try:
        return runner.pixel_dtype
    finally:
        runner.set_option("bits_allocated", decoded)


def _check_length(runner: DecodeRunner, frame: bytes | bytearray, index: int) -> None:
    expected = runner.frame_length(unit="bytes")
    if len(frame) != expected:
        msg = (f"Unexpected number of bytes in the decoded frame with index {index} "
               f"({len(frame)} bytes actual vs {expected} expected)")
        raise ValueError(msg)


_NATIVE = ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
           "1.2.840.10008.1.2.1.99")
_RLE = "pixels.decoders.rle"
_PILLOW = "pixels.decoders.pillow"
_PYLIBJPEG = "pixels.decoders.pylibjpeg"
_PYJPEGLS = "pixels.decoders.pyjpegls"
_GDCM = "pixels.decoders.gdcm"
_OURS = "pixels.decoders._typeddcm"
_JPEG_PLUGINS = [("gdcm", _GDCM), ("pylibjpeg", _PYLIBJPEG), ("pillow", _PILLOW)]
_LOSSLESS_JPEG = [("gdcm", _GDCM), ("pylibjpeg", _PYLIBJPEG)]
_JLS_PLUGINS = [("gdcm", _GDCM), ("pylibjpeg", _PYLIBJPEG), ("pyjpegls", _PYJPEGLS)]

#: Each syntax's plugins, in the order they are tried (pydicom's order, then typeddcm's).
_PLUGINS: dict[str, list[tuple[str, str]]] = {
    **{uid: [] for uid in _NATIVE},
    "1.2.840.10008.1.2.4.50": _JPEG_PLUGINS,
    "1.2.840.10008.1.2.4.51": _JPEG_PLUGINS,
    "1.2.840.10008.1.2.4.57": _LOSSLESS_JPEG,
    "1.2.840.10008.1.2.4.70": _LOSSLESS_JPEG,
    "1.2.840.10008.1.2.4.80": _JLS_PLUGINS,
    "1.2.840.10008.1.2.4.81": _JLS_PLUGINS,
    "1.2.840.10008.1.2.4.90": _JPEG_PLUGINS,
    "1.2.840.10008.1.2.4.91": _JPEG_PLUGINS,
    "1.2.840.10008.1.2.4.201": [("pylibjpeg", _PYLIBJPEG)],
    "1.2.840.10008.1.2.4.202": [("pylibjpeg", _PYLIBJPEG)],
    "1.2.840.10008.1.2.4.203": [("pylibjpeg", _PYLIBJPEG)],
    "1.2.840.10008.1.2.5": [("pylibjpeg", _PYLIBJPEG), ("pydicom", _RLE)],
    # typeddcm's own (pydicom 3 has no decoder for these)
    **{uid: [("typeddcm", _OURS)] for uid in (
        "1.2.840.10008.1.2.1.98", "1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.4.92",
        "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111",
        "1.2.840.10008.1.2.4.112")},
}

#: pydicom 3's decoders' syntaxes, then those only typeddcm decodes.
DECODER_UIDS = tuple(_PLUGINS)


def _make(uid: str) -> Decoder:
    decoder = Decoder(uid)
    package = __name__.rsplit(".", 3)[0]  # typeddcm.compat
    decoder.add_plugins([(label, (f"{package}.{module}", "_decode_frame"))
                         for label, module in _PLUGINS[uid]])
    plugins = ", ".join(sorted([*decoder._available, *decoder._unavailable]))
    decoder.__doc__ = (f"A pixel data decoder for *{decoder.UID.name}* - ``{uid}``"
                       + (f"\n\nAvailable decoding plugins: {plugins}." if plugins else ""))
    return decoder


#: UID -> (its Decoder, the pydicom version that added it), as pydicom keeps them.
_PIXEL_DATA_DECODERS: dict[str, tuple[Decoder, str]] = {
    UID(uid): (_make(uid), "3.0") for uid in DECODER_UIDS}


def get_decoder(uid: str) -> Decoder:
    """The decoder for the transfer syntax ``uid`` (NotImplementedError if there is none)."""
    entry = _PIXEL_DATA_DECODERS.get(uid)
    if entry is None:
        msg = f"No pixel data decoders have been implemented for '{UID(uid).name}'"
        raise NotImplementedError(msg)
    return entry[0]

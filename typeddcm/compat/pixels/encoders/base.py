"""pydicom 3's ``Encoder`` and ``get_encoder``, encoding with typeddcm.pixels' codecs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.errors import EncodeError, UnsupportedTransferSyntaxError
from typeddcm.pixels.layout import PixelLayout

from .. import _sources
from .._coder import CoderBase

__all__ = ["ENCODER_UIDS", "Encoder", "get_encoder"]

#: pydicom 3's encoders' syntaxes, then those only typeddcm encodes.
ENCODER_UIDS = (
    "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.201",
    "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.8.1",
    "1.2.840.10008.1.2.1.98",
)
_LAYOUT_OPTIONS = ("rows", "columns", "samples_per_pixel", "bits_allocated", "bits_stored",
                   "pixel_representation", "photometric_interpretation", "number_of_frames",
                   "planar_configuration")


class Encoder(CoderBase):
    """Encodes frames as one transfer syntax: from an array, native bytes or a Dataset."""

    _decoder = False

    def _frames(self, src: Any, options: dict[str, Any]) -> tuple[npt.NDArray[Any], PixelLayout]:
        """(frames stacked, one frame's layout) of ``src``, colour-by-pixel."""
        from typeddcm.dataset import Dataset as CoreDataset

        from ...dataset import Dataset

        if isinstance(src, (Dataset, CoreDataset)):
            f = _sources.with_overrides(_sources.dataset_file(src), options)
            array, layout = _sources.decode(f, f.transfer_syntax.uid, None, as_rgb=False,
                                            view_only=True)
        else:
            missing = [n for n in _LAYOUT_OPTIONS[:7] if n not in options]
            if missing:
                msg = (f"Unable to encode as a value for '{missing[0]}' is required but has "
                       "not been set")
                raise AttributeError(msg)
            values = {n: options[n] for n in _LAYOUT_OPTIONS if n in options}
            values["number_of_frames"] = int(values.get("number_of_frames") or 1)
            layout = PixelLayout(**values)
            if isinstance(src, np.ndarray):
                array = src
            else:
                f = _sources.buffer_file(src, "1.2.840.10008.1.2.1", options)
                array, layout = _sources.decode(f, "1.2.840.10008.1.2.1", None, as_rgb=False,
                                                view_only=True)
        layout = layout.evolve(planar_configuration=0)
        if array.size != int(np.prod(layout.shape())) or array.dtype.kind != layout.dtype.kind:
            msg = (f"The array {array.shape} {array.dtype} does not match the pixel data "
                   f"described: {layout.shape()} {layout.dtype}")
            raise ValueError(msg)
        frames = array.reshape(layout.number_of_frames, *layout.frame_shape())
        return frames, layout.evolve(number_of_frames=1)

    def iter_encode(self, src: Any, *, validate: bool = True, encoding_plugin: str = "",
                    **kwargs: Any) -> Iterator[bytes]:
        """Each frame of ``src`` encoded, in turn.

        ``src``: an array or native bytes with the Image Pixel options (``rows``,
        ``columns``, ``samples_per_pixel``, ``bits_allocated``, ``bits_stored``,
        ``pixel_representation``, ``photometric_interpretation``, ``number_of_frames``),
        or a Dataset with native pixel data.  Codec options: ``j2k_cr`` (the last
        ratio), ``jls_error``, and typeddcm's ``quality``, ``subsampling``, ``level``.
        """
        from typeddcm.pixels.registry import encoder_for

        del validate
        uid = str(self.UID)
        _sources.check_plugin(uid, encoding_plugin, decoder=False, owner=self.name)
        frames, layout = self._frames(src, kwargs)
        try:
            codec = encoder_for(uid)
        except UnsupportedTransferSyntaxError as error:
            missing = "; ".join(self.missing_dependencies)
            msg = f"The {self.name} is unavailable: {missing}"
            raise RuntimeError(msg) from error
        assert codec.encode is not None  # encoder_for gives encoders only
        options = {k: v for k, v in kwargs.items() if k not in _LAYOUT_OPTIONS}
        if options.get("j2k_psnr") is not None:
            msg = "j2k_psnr is not supported by typeddcm's JPEG 2000 encoder; give j2k_cr"
            raise ValueError(msg)
        ratios = options.pop("j2k_cr", None)
        if ratios:
            options.setdefault("compression_ratio", float(ratios[-1]))
        for frame in frames:
            try:
                yield codec.encode(frame, layout, uid, options).data
            except EncodeError:
                raise
            except (TypeError, OSError) as error:  # a codec library's own
                raise RuntimeError(f"{codec.name}: {error}") from error

    def encode(self, src: Any, *, index: int | None = None, validate: bool = True,
               encoding_plugin: str = "", **kwargs: Any) -> bytes:
        """One frame of ``src`` encoded: frame ``index``, or the only one."""
        frames = list(self.iter_encode(src, validate=validate, encoding_plugin=encoding_plugin,
                                       **kwargs))
        if index is None:
            if len(frames) != 1:
                msg = "'index' is required for multi-frame pixel data"
                raise ValueError(msg)
            return frames[0]
        if not 0 <= index < len(frames):
            msg = f"There is no frame {index}: the pixel data has {len(frames)} frame(s)"
            raise ValueError(msg)
        return frames[index]


_ENCODERS: dict[str, Encoder] = {}


def get_encoder(uid: str) -> Encoder:
    """The encoder for the transfer syntax ``uid`` (NotImplementedError if there is none)."""
    key = str(uid)
    encoder = _ENCODERS.get(key)
    if encoder is None:
        if key not in ENCODER_UIDS:
            from ...uid import UID

            msg = f"No pixel data encoders have been implemented for '{UID(key).name}'"
            raise NotImplementedError(msg)
        encoder = _ENCODERS.setdefault(key, Encoder(key))
    return encoder

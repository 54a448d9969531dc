"""pydicom 3's ``Decoder`` and ``get_decoder``, decoding with typeddcm.pixels."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy.typing as npt

from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.dicomfile import DicomFile

from .. import _sources
from .._coder import CoderBase

__all__ = ["DECODER_UIDS", "Decoder", "get_decoder"]

#: pydicom 3's decoders' syntaxes, then those only typeddcm decodes.
DECODER_UIDS = (
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201",
    "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.5",
    "1.2.840.10008.1.2.1.98", "1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.4.92",
    "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.111",
    "1.2.840.10008.1.2.4.112",
)


class Decoder(CoderBase):
    """Decodes one transfer syntax's pixel data: a Dataset's, or a buffer's with options."""

    def _file(self, src: Any, options: dict[str, Any]) -> DicomFile:
        from ...dataset import Dataset

        uid = str(self.UID)
        if isinstance(src, Dataset):
            f = _sources.dataset_file(src)
            if f.transfer_syntax.uid != uid:
                msg = (f"The dataset's transfer syntax '{f.transfer_syntax.uid}' doesn't match "
                       "the pixel data decoder")
                raise ValueError(msg)
            return _sources.with_overrides(f, options)
        if isinstance(src, CoreDataset):
            return _sources.with_overrides(_sources.dataset_file(src, uid), options)
        return _sources.buffer_file(src, uid, options)

    def as_array(self, src: Any, *, index: int | None = None, validate: bool = True,
                 raw: bool = False, decoding_plugin: str = "",
                 **kwargs: Any) -> tuple[npt.NDArray[Any], dict[str, str | int]]:
        """(pixels, pixel properties after decoding) of ``src``: all frames or frame ``index``.

        ``src``: a Dataset, or the pixel data value (bytes, or a file object at the value)
        with ``rows``, ``columns``, ``samples_per_pixel``, ``bits_allocated``,
        ``bits_stored``, ``photometric_interpretation`` (and ``number_of_frames``,
        ``pixel_representation``, ``planar_configuration``) given.  YCbCr becomes RGB
        unless ``raw`` or ``as_rgb=False``.  ``validate`` is accepted: the layout is
        always checked.
        """
        del validate
        if decoding_plugin and self.is_encapsulated:
            _sources.check_plugin(str(self.UID), decoding_plugin, decoder=True, owner=self.name)
        f = self._file(src, kwargs)
        as_rgb = bool(kwargs.get("as_rgb", True)) and not raw
        array, layout = _sources.decode(f, str(self.UID), index, as_rgb=as_rgb,
                                        view_only=bool(kwargs.get("view_only", False)))
        return array, _sources.decoded_properties(layout, as_frame=index is not None)

    def iter_array(self, src: Any, *, indices: Iterable[int] | None = None, raw: bool = False,
                   validate: bool = True, decoding_plugin: str = "",
                   **kwargs: Any) -> Iterator[tuple[npt.NDArray[Any], dict[str, str | int]]]:
        """Each frame (or those of ``indices``) as :meth:`as_array` gives one, in turn."""
        from typeddcm.pixels.layout import PixelLayout

        del validate
        if decoding_plugin and self.is_encapsulated:
            _sources.check_plugin(str(self.UID), decoding_plugin, decoder=True, owner=self.name)
        f = self._file(src, kwargs)
        if indices is None:
            indices = range(PixelLayout.from_dataset(f.dataset).number_of_frames)
        as_rgb = bool(kwargs.get("as_rgb", True)) and not raw
        view_only = bool(kwargs.get("view_only", False))
        for index in indices:
            array, layout = _sources.decode(f, str(self.UID), index, as_rgb=as_rgb,
                                            view_only=view_only)
            yield array, _sources.decoded_properties(layout, as_frame=True)


_DECODERS: dict[str, Decoder] = {}


def get_decoder(uid: str) -> Decoder:
    """The decoder for the transfer syntax ``uid`` (NotImplementedError if there is none)."""
    key = str(uid)
    decoder = _DECODERS.get(key)
    if decoder is None:
        if key not in DECODER_UIDS:
            from ...uid import UID

            msg = f"No pixel data decoders have been implemented for '{UID(key).name}'"
            raise NotImplementedError(msg)
        decoder = _DECODERS.setdefault(key, Decoder(key))
    return decoder

"""What our encoding plugin modules share: one frame through one of typeddcm's codecs.

pydicom's plugins hand a frame's bytes to a library; ours turn them back into the
frame typeddcm.pixels' codecs take (rows, columns[, samples]) and hand it to the
registered codec built on that library, found by name, so the codec registry stays
the one place codecs live.  The bytes are as :meth:`EncodeRunner.get_frame` gives
them: little endian (unless the ``byteorder`` option says otherwise), each sample
in the smallest of 1, 2, 4 or 8 bytes holding Bits Stored, colour-by-pixel, or
colour-by-plane for JPEG-LS with Planar Configuration 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.registry import Codec, codecs

if TYPE_CHECKING:
    from .base import EncodeRunner

__all__ = ["encode_with", "encoder_codec", "frame_array"]


def encoder_codec(names: tuple[str, ...], uid: str) -> Codec | None:
    """The first of the registered codecs ``names`` that can encode ``uid`` here."""
    for codec in codecs():
        if (codec.name in names and codec.encode is not None
                and str(uid) in codec.transfer_syntaxes and codec.is_available()):
            return codec
    return None


def frame_array(src: bytes | bytearray | memoryview, runner: EncodeRunner, *,
                by_plane: bool = False) -> tuple[npt.NDArray[Any], PixelLayout]:
    """(frame, layout) of one frame's bytes: samples masked to Bits Stored, sign-extended.

    ValueError when ``src`` is not a whole number of 1, 2, 4 or 8-byte samples.
    """
    rows, columns, samples = runner.rows, runner.columns, runner.samples_per_pixel
    bits = int(runner.bits_stored)
    signed = bool(runner.get_option("pixel_representation", 0))
    count = rows * columns * samples
    size, extra = divmod(len(src), count)
    if extra or size not in (1, 2, 4, 8) or size * 8 < bits:
        msg = (f"The frame's {len(src)} bytes are not {count} samples of 1, 2, 4 or 8 bytes "
               f"holding {bits} bits")
        raise ValueError(msg)
    order = ">" if runner.get_option("byteorder", "<") == ">" else "<"
    words = np.frombuffer(src, dtype=f"{order}u{size}").astype(f"=u{size}")
    if bits < size * 8:
        # Bits above Bits Stored are not part of the value (PS3.5 8.1.1).
        words = words & np.array((1 << bits) - 1, dtype=words.dtype)
    values: npt.NDArray[Any] = words.view(f"=i{size}") if signed else words
    if signed and bits < size * 8:
        # Two's complement of Bits Stored: flip the sign bit, then take it away.
        sign = 1 << (bits - 1)
        values = (words ^ np.array(sign, dtype=words.dtype)).view(f"=i{size}") - np.array(
            sign, dtype=f"=i{size}")
    if by_plane and samples > 1:
        array = values.reshape(samples, rows, columns).transpose(1, 2, 0)
    else:
        array = values.reshape((rows, columns) if samples == 1 else (rows, columns, samples))
    layout = PixelLayout(rows=rows, columns=columns, samples_per_pixel=samples,
                         bits_allocated=size * 8, bits_stored=bits,
                         pixel_representation=int(signed),
                         photometric_interpretation=str(
                             runner.get_option("photometric_interpretation")
                             or ("RGB" if samples == 3 else "MONOCHROME2")))
    return np.ascontiguousarray(array), layout


def encode_with(names: tuple[str, ...], src: bytes | bytearray | memoryview,
                runner: EncodeRunner, options: Mapping[str, Any], *, by_plane: bool = False,
                photometric: str | None = None) -> bytes:
    """``src`` encoded by the first of the codecs ``names`` that can, with ``options``.

    ``photometric``: the colour space of the samples handed over, when the runner's
    Photometric Interpretation names the encoded one (JPEG 2000's YBR_RCT/YBR_ICT
    are RGB transformed by the encoder).  RuntimeError when none of the codecs is
    registered and available; the codec's own EncodeError (a ValueError) otherwise.
    """
    uid = str(runner.transfer_syntax)
    codec = encoder_codec(names, uid)
    if codec is None or codec.encode is None:
        msg = f"none of typeddcm's codecs {', '.join(names)} can encode {runner.transfer_syntax.name} here"
        raise RuntimeError(msg)
    array, layout = frame_array(src, runner, by_plane=by_plane)
    if photometric is not None:
        layout = layout.evolve(photometric_interpretation=photometric)
    return codec.encode(array, layout, uid, options).data

"""Bit packing of 1-bit data: Pixel Data with Bits Allocated 1 and Overlay Data.

PS3.5 8.1.1, 8.1.2 and Annex D: one pixel per bit, the first pixel in the least
significant bit of the first byte, rows and frames running on without padding;
the value is padded to even length with a zero byte.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from typeddcm.errors import EncodeError

__all__ = ["pack_bits", "unpack_bits"]


def pack_bits(arr: npt.ArrayLike, *, pad: bool = True) -> bytes:
    """The 0/1 values of ``arr`` (any shape, read in C order) packed 8 to a byte.

    The last byte's unused high bits are 0; with ``pad`` (the default) a zero
    byte is added to make the length even.  Values other than 0 and 1 raise
    :class:`~typeddcm.errors.EncodeError` (a ValueError), as would a non-integer
    array, since a bit cannot hold them.
    """
    values: npt.NDArray[Any] = np.asarray(arr)
    if values.size == 0:
        return b""
    if values.dtype.kind not in "biu":
        msg = f"only integer (or bool) arrays of 0 and 1 can be bit packed, not {values.dtype}"
        raise EncodeError(msg)
    flat = values.reshape(-1)
    if flat.dtype.kind != "b" and (flat.min() < 0 or flat.max() > 1):
        msg = "Only binary arrays (containing ones or zeroes) can be packed."
        raise EncodeError(msg)
    packed = np.packbits(flat.astype(np.uint8, copy=False), bitorder="little").tobytes()
    return packed + b"\x00" if pad and len(packed) % 2 else packed


def unpack_bits(data: bytes | bytearray | memoryview, count: int | None = None) -> npt.NDArray[np.uint8]:
    """The bits of ``data`` as a new uint8 array of 0 and 1, least significant bit first.

    ``count``: only the first ``count`` bits (the pixels of the image or overlay;
    what follows is padding); None unpacks every byte.  A ``count`` beyond the
    data raises ValueError.
    """
    packed = np.frombuffer(data, dtype=np.uint8)
    if count is not None and not 0 <= count <= packed.size * 8:
        msg = f"{count} bits are asked for, {packed.size * 8} are in the {packed.size} bytes"
        raise ValueError(msg)
    if count is not None:
        packed = packed[: -(-count // 8)]
    bits: npt.NDArray[np.uint8] = np.unpackbits(packed, count=count, bitorder="little")
    return bits

"""Types of the C extension typeddcm/pixels/_packbits.c (RLE's PackBits loops)."""

from typing import Any, TypeAlias

import numpy as np
from typing_extensions import Buffer

# Any C-contiguous buffer; ndarray is named since it declares __buffer__ only from Python 3.12.
_Bytes: TypeAlias = Buffer | np.ndarray[Any, Any]

def unpack_frame(
    frame: _Bytes, starts: tuple[int, ...], out: _Bytes, nbytes: int, samples: int, pixels: int, /
) -> int: ...
def pack(plane: _Bytes, start: int, stride: int, rows: int, columns: int, pairs: bool, /) -> bytes: ...

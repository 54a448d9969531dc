"""The codec registry: which code decodes and encodes the frames of each transfer syntax.

A :class:`Codec` names the transfer syntaxes it handles, says whether it can run
here (its libraries import) and what to install when it cannot, and offers a frame
decoder and/or encoder.  Decoding tries the available codecs for a syntax in
registry order and uses the first that succeeds; when none is available the error
lists what to install.  The registry is a tuple replaced on change (copy on write),
so readers on other threads never see it half updated.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import attrs
import numpy.typing as npt

from typeddcm.errors import UnsupportedTransferSyntaxError
from typeddcm.pixels.layout import PixelLayout

__all__ = [
    "Codec",
    "DecodedFrame",
    "EncodedFrame",
    "FrameDecoder",
    "FrameEncoder",
    "codecs",
    "decoders_for",
    "encoder_for",
    "register_codec",
    "unregister_codec",
]


@attrs.frozen
class DecodedFrame:
    """One decoded frame, shaped (rows, columns[, samples]), and its samples' colour space."""

    array: npt.NDArray[Any]
    photometric_interpretation: str


@attrs.frozen
class EncodedFrame:
    """One encoded frame and the Photometric Interpretation its samples now have."""

    data: bytes
    photometric_interpretation: str


class FrameDecoder(Protocol):
    def __call__(self, data: bytes | memoryview, layout: PixelLayout, uid: str) -> DecodedFrame:
        """Decode one frame encoded as ``uid``; the layout describes the decoded frame."""


class FrameEncoder(Protocol):
    def __call__(
        self, array: npt.NDArray[Any], layout: PixelLayout, uid: str, options: Mapping[str, Any]
    ) -> EncodedFrame:
        """Encode one frame (shaped as decoded) as ``uid``; raise EncodeError when it cannot."""


def _always() -> bool:
    return True


@attrs.frozen
class Codec:
    """A decoder and/or encoder for some transfer syntaxes."""

    name: str
    transfer_syntaxes: frozenset[str]
    decode: FrameDecoder | None = None
    encode: FrameEncoder | None = None
    is_available: Callable[[], bool] = _always
    #: What to install when it is not available (pip requirement text).
    install: str = ""


_lock = threading.Lock()
_codecs: tuple[Codec, ...] = ()


def codecs() -> tuple[Codec, ...]:
    """Every registered codec, in the order they are tried."""
    return _codecs


def register_codec(codec: Codec, *, first: bool = False) -> None:
    """Add ``codec`` (replacing one of the same name), tried last or, with ``first``, first."""
    global _codecs
    with _lock:
        rest = tuple(c for c in _codecs if c.name != codec.name)
        _codecs = (codec, *rest) if first else (*rest, codec)


def unregister_codec(name: str) -> None:
    """Remove the codec called ``name`` (no error if there is none)."""
    global _codecs
    with _lock:
        _codecs = tuple(c for c in _codecs if c.name != name)


def _unsupported(uid: str, known: list[Codec], action: str) -> UnsupportedTransferSyntaxError:
    from typeddcm.dictionary import uid_info

    info = uid_info(uid)
    name = f"{info.name} ({uid})" if info is not None else uid
    hints = sorted({c.install for c in known if c.install})
    if hints:
        msg = f"cannot {action} {name} here: install one of: {'; '.join(hints)}"
    else:
        msg = f"cannot {action} {name}: no codec for it is known to typeddcm"
    return UnsupportedTransferSyntaxError(msg)


def decoders_for(uid: str) -> list[Codec]:
    """The available codecs that decode ``uid``, in order; UnsupportedTransferSyntaxError if none."""
    known = [c for c in _codecs if uid in c.transfer_syntaxes and c.decode is not None]
    available = [c for c in known if c.is_available()]
    if not available:
        raise _unsupported(uid, known, "decode")
    return available


def encoder_for(uid: str) -> Codec:
    """The first available codec that encodes ``uid``; UnsupportedTransferSyntaxError if none."""
    known = [c for c in _codecs if uid in c.transfer_syntaxes and c.encode is not None]
    for codec in known:
        if codec.is_available():
            return codec
    raise _unsupported(uid, known, "encode")

"""Sans-I/O DICOM codec: buffers in, datasets out, and back.

The file level is :func:`decode_file` / :func:`encode_file`; :func:`decode_dataset`
and :func:`encode_dataset` work on a bare dataset in a given transfer syntax.
"""

from __future__ import annotations

from typeddcm.codec._check import read_checked
from typeddcm.codec._level import Encoding, Level, ReadLog, ReadOptions
from typeddcm.codec.part10 import decode_file
from typeddcm.codec.reader import Origin
from typeddcm.codec.transfer_syntax import TransferSyntax, transfer_syntax
from typeddcm.codec.writer import encode_dataset as _encode_level
from typeddcm.codec.writer import encode_file
from typeddcm.dataset import Dataset

__all__ = ["ReadOptions", "decode_dataset", "decode_file", "encode_dataset", "encode_file"]


def decode_dataset(
    data: bytes | memoryview, transfer_syntax_uid: str | TransferSyntax, *, strict: bool = False
) -> Dataset:
    """A (lazy) dataset from the encoded elements in ``data`` (no preamble, no file meta)."""
    syntax = _syntax(transfer_syntax_uid)
    if syntax.deflated:
        msg = "decode_dataset takes inflated data; decode_file inflates deflated files"
        raise ValueError(msg)
    buf = memoryview(data).cast("B") if not isinstance(data, memoryview) else data
    log = ReadLog()
    level = Level(buf, Encoding(syntax.little_endian, syntax.implicit_vr), "", 0,
                  ReadOptions(strict=strict), log=log)
    try:
        store, end = read_checked(level, 0, len(buf))
    finally:
        log.finish()  # warnings are issued at the caller, as read() issues them
    return Dataset._from_store(store, Origin(store, buf, 0, end, False, level.encoding))


def encode_dataset(
    ds: Dataset, transfer_syntax_uid: str | TransferSyntax, *, like_original: bool = True
) -> bytes:
    """The encoded elements of ``ds`` in the transfer syntax (not deflated here)."""
    syntax = _syntax(transfer_syntax_uid)
    return _encode_level(ds, Encoding(syntax.little_endian, syntax.implicit_vr),
                         like_original=like_original)


def _syntax(value: str | TransferSyntax) -> TransferSyntax:
    return value if isinstance(value, TransferSyntax) else transfer_syntax(value)

"""Decoding one element read by the reader into its VR object.

Strategy: the VR chosen at read time picks a cached decoder from
:mod:`typeddcm.codec.values`; sequences read their items (lazily, in turn); UN
values whose tag the dictionary knows are decoded as the dictionary's VR, as
pydicom does, with sequences in UN read as implicit VR little endian (PS3.5 6.2.2).
Undecodable text gives replacement characters and a warning (recorded in the
read's log, ``level.log``); the original bytes stay in the element for lossless
writing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from typeddcm._mypyc import is_compiled
from typeddcm._persistent import Vector
from typeddcm.codec import reader
from typeddcm.codec._level import Encoding
from typeddcm.codec.reader import RawValue, read_items, resolve_ambiguous
from typeddcm.codec.values import _DECODERS, _decode_un  # the hot path skips a call
from typeddcm.dictionary import dictionary_vr
from typeddcm.errors import CharacterSetWarning, DecodeError
from typeddcm.tag import Tag
from typeddcm.vr import SQ, UN

if TYPE_CHECKING:
    from typeddcm.dataset import Dataset
    from typeddcm.vr import AnyVR

__all__ = ["decode_raw"]


def decode_raw(raw: RawValue, tag: Tag) -> AnyVR:
    """The VR object of ``raw``'s value."""
    vr = raw.vr
    level = raw.level
    enc = raw.encoding
    if vr == "SQ":
        return _sequence(read_items(level, tag, raw.value_start, raw.value_end, enc))
    data = level.buffer[raw.value_start : raw.value_end]
    if vr == "UN" and not (tag >> 16) & 1 and level.options.replace_un:
        known = _known_vr(raw, tag)
        if known == "SQ":
            return _un_sequence(raw, tag, data)
        if known:
            vr = known
    try:
        value, fallback = _DECODERS.get(vr, _decode_un)(data, enc.little_endian, enc.charset)
    except Exception as exc:  # a decoder bug (or a codec's own error type) must name the place
        raise DecodeError(f"cannot decode {vr} value: {exc}", offset=raw.start, tag=tag,
                          path=f"{level.path}{tag}") from exc
    if fallback:  # "" or a charset.FALLBACK_* phrase saying how bad text bytes were read
        charset = "\\".join(enc.charset.terms) or "ISO_IR 6"
        level.log.add(CharacterSetWarning, f"{fallback} (Specific Character Set {charset};"
                      " the original bytes are kept for writing)", f"{level.path}{tag}",
                      raw.start, tag)
    return value


_new: Final = object.__new__
_set: Final = object.__setattr__


def _sequence(items: list[Dataset]) -> SQ:
    """``SQ._trusted(items)`` inlined: it is interpreted, and checks what we know."""
    sq: SQ = _new(SQ)
    _set(sq, "values", Vector(items))
    return sq


def _known_vr(raw: RawValue, tag: Tag) -> str:
    vr = dictionary_vr(tag)
    if " or " in vr:
        return resolve_ambiguous(raw.level, tag, vr)
    return vr


def _un_sequence(raw: RawValue, tag: Tag, data: memoryview) -> AnyVR:
    """A sequence stored as UN: its content is implicit VR little endian (PS3.5 6.2.2)."""
    level = raw.level
    implicit = Encoding(True, True, raw.encoding.charset)
    try:
        return _sequence(read_items(level, tag, raw.value_start, raw.value_end, implicit))
    except DecodeError:
        return UN.from_buffer(data)


# Every RawValue now decodes straight through decode_raw (see reader._decode_later).
reader._decoder = decode_raw
if not is_compiled(decode_raw):
    # Pure Python: decode_raw becomes the method itself, one call less per value.  Not
    # when compiled by mypyc: RawValue is then a native class (its methods are fixed)
    # and decode_raw a built-in function, which would not bind as a method.
    RawValue.decode = decode_raw  # type: ignore[method-assign, assignment]

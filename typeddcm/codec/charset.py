"""Specific Character Set (0008,0005): bytes of text values <-> ``str``.

Strategy: ``CharacterSet.from_terms`` turns the (0008,0005) values into a
plan once (cached per tuple of terms): a single fast codec for the value-1
sets, and, unless the set is UTF-8 / GB18030 / GBK, an ISO 2022 engine
(``_iso2022``) for values that contain ESC.  Decoding tries the fast codec on
the whole value (one ``bytes.decode`` in C, no Python loop) and falls back to
the engine only when the value has an escape sequence or invalid bytes.
Encoding mirrors it: the fast codec first, then escape sequences chosen by the
engine.

Which VRs are affected (PS3.5 6.1.2.3): SH, LO, ST, LT, UC, UT and PN use the
character set; every other string VR (AE, AS, CS, DA, DS, DT, IS, TM, UI, UR)
is the default repertoire and is read as ASCII whatever (0008,0005) says.

Callers decode a whole value field, backslashes included, and split the text
afterwards: in GBK, GB18030 and JIS X 0208 the byte 0x5C can be half of a
two-byte character, so the bytes must never be split before decoding.

Reading is lenient, as pydicom's is (and the decisions are recorded in
``warnings`` instead of being logged): misspelled terms are corrected, unknown
terms fall back to the default repertoire, terms that cannot follow value 1 are
dropped.  Bad bytes never raise.  Where the default repertoire (ISO_IR 6) is in
force, bytes above 0x7F are read as ISO 8859-1; under ISO_IR 13, bytes that are
not JIS X 0201 but are Shift_JIS are read as Shift_JIS (both as pydicom reads
them); other bad bytes become U+FFFD.  ``DecodedText.fallback`` then names what
was done (a ``FALLBACK_*`` phrase) so the caller can issue a ``DicomWarning``.
Writing is strict: a character the declared sets cannot represent raises
``EncodeError``.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable, Sequence
from typing import Final, NamedTuple

import attrs

from typeddcm.codec import _iso2022
from typeddcm.codec._iso2022 import (
    FALLBACK_LATIN_1,
    FALLBACK_REPLACED,
    FALLBACK_SHIFT_JIS,
    FALLBACK_UNDECLARED_ESCAPE,
    Graphic,
    Iso2022,
)
from typeddcm.errors import EncodeError

__all__ = [
    "DEFAULT_CHARACTER_SET",
    "FALLBACK_LATIN_1",
    "FALLBACK_REPLACED",
    "FALLBACK_SHIFT_JIS",
    "FALLBACK_UNDECLARED_ESCAPE",
    "CharacterSet",
    "DecodedText",
]


class DecodedText(NamedTuple):
    """The text of a value, and what was done where its bytes were not valid."""

    text: str
    #: "" when the bytes were valid in the character set; otherwise the text is a
    #: best effort and this says how, for a warning (phrases joined with "; "):
    #: FALLBACK_LATIN_1 (default repertoire bytes above 0x7F read as ISO 8859-1),
    #: FALLBACK_SHIFT_JIS (ISO_IR 13 bytes read as Shift_JIS), FALLBACK_REPLACED
    #: (U+FFFD for undecodable bytes), FALLBACK_UNDECLARED_ESCAPE (an escape
    #: sequence for a set that (0008,0005) does not declare).
    fallback: str

    @property
    def lossy(self) -> bool:
        """True when the text is not a plain reading of valid bytes (``fallback`` is set)."""
        return bool(self.fallback)


# The hot path builds DecodedText with tuple.__new__: half the cost of calling
# the NamedTuple's Python-level __new__.
_new_decoded: Final = tuple.__new__


# --- the defined terms (PS3.3 C.12.1.1.2, tables C.12-2 to C.12-5) ------------------


@attrs.frozen
class _Term:
    """What one defined term designates."""

    g0: Graphic | None
    g1: Graphic | None
    extensions: bool  # an "ISO 2022 ..." term
    standalone: str | None = None  # Python codec of a set that forbids extensions


_ASCII: Final = _iso2022.ASCII


def _single_byte_terms() -> dict[str, _Term]:
    terms: dict[str, _Term] = {}
    sets: dict[int, tuple[Graphic, Graphic | None]] = {6: (_ASCII, None)}
    sets.update({number: (_ASCII, g1) for number, g1 in _iso2022.LATIN_SETS.items()})
    sets[13] = (_iso2022.JIS_X_0201_ROMAJI, _iso2022.JIS_X_0201_KATAKANA)
    for number, (g0, g1) in sets.items():
        terms[f"ISO_IR {number}"] = _Term(g0, g1, extensions=False)
        terms[f"ISO 2022 IR {number}"] = _Term(g0, g1, extensions=True)
    return terms


_TERMS: Final[dict[str, _Term]] = {
    **_single_byte_terms(),
    "ISO 2022 IR 87": _Term(_iso2022.JIS_X_0208, None, extensions=True),
    "ISO 2022 IR 159": _Term(_iso2022.JIS_X_0212, None, extensions=True),
    "ISO 2022 IR 149": _Term(None, _iso2022.KS_X_1001, extensions=True),
    "ISO 2022 IR 58": _Term(None, _iso2022.GB_2312, extensions=True),
    "ISO_IR 192": _Term(None, None, extensions=False, standalone="utf_8"),
    "GB18030": _Term(None, None, extensions=False, standalone="gb18030"),
    "GBK": _Term(None, None, extensions=False, standalone="gbk"),
}

# Misspellings seen in real files, tried after an exact match fails.
_IR_NUMBER: Final = re.compile(r"ISO[\s_-]*(2022)?[\s_-]*(?:IR)?[\s_-]*(\d+)", re.IGNORECASE)
_ISO_8859: Final = re.compile(r"(?:ISO[\s_-]*)?8859[\s_-]*(\d+)", re.IGNORECASE)
_8859_PARTS: Final = {
    **{1: 100, 2: 101, 3: 109, 4: 110, 5: 144, 6: 127, 7: 126, 8: 138, 9: 148},
    **{11: 166, 15: 203},
}
_ALIASES: Final = {
    "UTF8": "ISO_IR 192",
    "UTF-8": "ISO_IR 192",
    "UTF_8": "ISO_IR 192",
    "GB 18030": "GB18030",
    "ISO 2022 GBK": "GBK",  # pydicom's reading of CP-1234
    "ISO 2022 58": "ISO 2022 IR 58",  # likewise
    "ASCII": "ISO_IR 6",
    "US-ASCII": "ISO_IR 6",
    "LATIN1": "ISO_IR 100",
    "LATIN-1": "ISO_IR 100",
}


def _correct(term: str) -> str | None:
    """The defined term a misspelled one most likely means, or None."""
    upper = " ".join(term.upper().split())
    if upper in _TERMS:
        return upper
    if upper in _ALIASES:
        return _ALIASES[upper]
    match = _IR_NUMBER.fullmatch(upper)
    if match is not None:
        number = int(match.group(2))
        forms = [f"ISO_IR {number}", f"ISO 2022 IR {number}"]
        if match.group(1):
            forms.reverse()
        return next((form for form in forms if form in _TERMS), None)
    match = _ISO_8859.fullmatch(upper)
    if match is not None and int(match.group(1)) in _8859_PARTS:
        return f"ISO_IR {_8859_PARTS[int(match.group(1))]}"
    return None


def _python_codec(term: str) -> str | None:
    """pydicom's last resort: a term that is itself a Python text codec name."""
    try:
        info = codecs.lookup(term)
        # Non-empty input: CPython skips the codec for b"", so b"".decode would accept
        # bytes-to-bytes codecs (hex, zlib); those, idna and "undefined" fail here.
        b"\x00\xff".decode(info.name, "replace")
    except (LookupError, ValueError, TypeError):  # also a NUL in the term's name
        return None
    return info.name


# --- the plan computed once per tuple of terms -----------------------------------


@attrs.frozen
class _Plan:
    """How one CharacterSet decodes and encodes."""

    name: str  # for messages
    warnings: tuple[str, ...]
    is_default: bool
    codec: str  # decodes a value written in the initial sets
    decoder: _iso2022.Decoder  # the decode function of ``codec``
    fast_encode: Callable[[str], bytes] | None  # encodes a value in the initial sets
    engine: Iso2022 | None  # None: no code extensions (UTF-8, GB18030, GBK)
    #: True when ``decoder`` reads every 7-bit byte but ESC as ASCII does: then a value
    #: of ASCII bytes without ESC decodes to its ASCII text (the codec's fast path).
    ascii_text: bool = False


def _resolve(terms: tuple[str, ...]) -> tuple[list[tuple[str, _Term]], list[str]]:
    """Map the given terms to defined terms, with a warning for each correction."""
    resolved: list[tuple[str, _Term]] = []
    warnings: list[str] = []
    for position, given in enumerate(terms, 1):
        if not given:
            if position == 1:
                resolved.append(("ISO 2022 IR 6", _TERMS["ISO 2022 IR 6"]))
            else:
                warnings.append(f"value {position} of Specific Character Set is empty; ignored")
            continue
        name = given if given in _TERMS else _correct(given)
        if name is not None:
            if name != given:
                warnings.append(
                    f"Specific Character Set term {given!r} is not a defined term;"
                    f" assuming {name!r}"
                )
            resolved.append((name, _TERMS[name]))
            continue
        codec = _python_codec(given)
        if codec is not None:
            warnings.append(
                f"Specific Character Set term {given!r} is not a defined term;"
                f" using the Python codec {codec!r} without code extensions"
            )
            resolved.append((given, _Term(None, None, extensions=False, standalone=codec)))
            continue
        if position == 1:
            warnings.append(
                f"unknown Specific Character Set term {given!r};"
                " using the default repertoire (ISO_IR 6) instead"
            )
            default = "ISO 2022 IR 6" if len(terms) > 1 else "ISO_IR 6"
            resolved.append((default, _TERMS[default]))
        else:
            warnings.append(f"unknown Specific Character Set term {given!r}; ignored")
    return resolved, warnings


def _check_combination(
    resolved: list[tuple[str, _Term]], warnings: list[str]
) -> list[tuple[str, _Term]]:
    """Apply PS3.3 C.12.1.1.2 to the list as a whole, leniently."""
    if not resolved:
        return [("ISO_IR 6", _TERMS["ISO_IR 6"])]
    first_name, first = resolved[0]
    if first.standalone is not None:
        if len(resolved) > 1:
            rest = ", ".join(name for name, _ in resolved[1:])
            warnings.append(f"{first_name!r} does not allow code extensions; ignoring {rest}")
        return resolved[:1]
    kept: list[tuple[str, _Term]] = [resolved[0]]
    for name, term in resolved[1:]:
        if term.standalone is not None:
            warnings.append(f"{name!r} cannot be used with code extensions; ignored")
        elif any(name == seen for seen, _ in kept):
            warnings.append(f"Specific Character Set term {name!r} is repeated; ignored")
        else:
            kept.append((name, term))
    if len(kept) == 1 and first.extensions and first.g0 is not None and not first.g0.multibyte:
        warnings.append(
            f"{first_name!r} alone: a single-valued Specific Character Set does not use"
            f" code extensions; reading it as {first_name.replace('ISO 2022 IR', 'ISO_IR')!r}"
        )
    if len(kept) > 1:
        for name, term in kept:
            if not term.extensions:
                warnings.append(
                    f"{name!r} in a multi-valued Specific Character Set;"
                    f" assuming {name.replace('ISO_IR', 'ISO 2022 IR')!r}"
                )
    if first.g0 is None or first.g0.multibyte:
        warnings.append(
            f"{first_name!r} is a multi-byte set, which PS3.3 C.12.1.1.2 allows only as"
            " value 2 or later; "
            + (
                "designating it to G1 from the start"
                if first.g0 is None
                else "starting in ISO-IR 6 and reading its escape sequences"
            )
        )
    return kept


@functools.lru_cache(maxsize=256)
def _make_plan(terms: tuple[str, ...]) -> _Plan:
    resolved, warnings = _resolve(terms)
    kept = _check_combination(resolved, warnings)
    name = "\\".join(terms) if terms else "ISO_IR 6 (default repertoire)"
    first = kept[0][1]
    if first.standalone is not None:
        codec = first.standalone
        encode = functools.partial(str.encode, encoding=codec, errors="strict")
        decoder = _iso2022.decoder_for(codec)
        return _Plan(name, tuple(warnings), False, codec, decoder, encode, None,
                     _reads_ascii(decoder))

    # Initial designation (PS3.5 6.1.2.5.1): value 1's G0 and G1; a multi-byte
    # value 1 (invalid) starts from ISO-IR 6, with a G1 set designated at once.
    if first.g0 is None or first.g0.multibyte:
        initial_g0, initial_g1 = _ASCII, first.g1
    else:
        initial_g0, initial_g1 = first.g0, first.g1
    graphics: list[Graphic] = [initial_g0]
    if initial_g1 is not None:
        graphics.append(initial_g1)
    for _, term in kept:
        graphics.extend(graphic for graphic in (term.g0, term.g1) if graphic is not None)
    candidates = tuple(dict.fromkeys(graphics))
    engine = Iso2022(initial_g0, initial_g1, candidates, frozenset(candidates) | {_ASCII})

    fast_encode: Callable[[str], bytes] | None
    if initial_g1 is None:
        codec = "ascii"
        fast_encode = functools.partial(str.encode, encoding="ascii", errors="strict")
    elif initial_g1 is _iso2022.JIS_X_0201_KATAKANA:
        codec = initial_g1.codec
        fast_encode = _iso2022.encode_jis_x_0201
    else:
        codec = initial_g1.codec
        # A multi-byte G1 from the start (a lone ISO 2022 IR 149 or 58) goes
        # through the engine, which refuses euc_kr's 8-byte composition sequences.
        fast_encode = (
            None
            if initial_g1.multibyte
            else functools.partial(str.encode, encoding=codec, errors="strict")
        )
    is_default = initial_g1 is None and len(candidates) == 1
    decoder = _iso2022.decoder_for(codec)
    return _Plan(name, tuple(warnings), is_default, codec, decoder, fast_encode, engine,
                 _reads_ascii(decoder))


# Every 7-bit byte but ESC (0x1B), which starts an escape sequence in ISO 2022 sets.
_ASCII_PROBE: Final = bytes(b for b in range(0x80) if b != 0x1B)


def _reads_ascii(decoder: _iso2022.Decoder) -> bool:
    """Whether ``decoder`` reads 7-bit text as ASCII (not so JIS X 0201: 0x5C is the yen sign)."""
    try:
        return bool(decoder(_ASCII_PROBE, "strict")[0] == _ASCII_PROBE.decode("ascii"))
    except UnicodeDecodeError:
        return False


# --- VRs -----------------------------------------------------------------------------

_CONTROLS: Final = "\r\n\t\f"
# The delimiters at which the initial sets become active again (PS3.5 6.1.2.5.3).
_DELIMITERS: Final[dict[str, str]] = {
    "PN": "\\^=" + _CONTROLS,
    "SH": "\\" + _CONTROLS,
    "LO": "\\" + _CONTROLS,
    "UC": "\\" + _CONTROLS,
    "ST": _CONTROLS,
    "LT": _CONTROLS,
    "UT": _CONTROLS,
}
_DECODE_DELIMITERS: Final = {
    vr: re.compile(b"[" + re.escape(chars.encode("ascii")) + b"]")
    for vr, chars in _DELIMITERS.items()
}
_ENCODE_DELIMITERS: Final = {vr: frozenset(chars) for vr, chars in _DELIMITERS.items()}


def _unencodable(text: str, index: int, where: str) -> EncodeError:
    char = text[index]
    msg = (
        f"cannot encode character {char!r} (U+{ord(char):04X}) at index {index}"
        f" of {text!r} in {where}"
    )
    return EncodeError(msg)


def _terms_tuple(value: Sequence[str] | str) -> tuple[str, ...]:
    """Converter: the given terms (a str splits on backslash), stripped; all-empty is ()."""
    if isinstance(value, str):
        value = value.split("\\")
    terms = tuple(term.strip(" \x00") for term in value)
    return terms if any(terms) else ()


# --- the public class ------------------------------------------------------------------


@attrs.frozen
class CharacterSet:
    """The Specific Character Set (0008,0005) in force for a dataset or item."""

    terms: tuple[str, ...] = attrs.field(converter=_terms_tuple)
    _plan: _Plan = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(lambda self: _make_plan(self.terms), takes_self=True),
    )

    @classmethod
    def from_terms(cls, terms: Sequence[str] | str | None) -> CharacterSet:
        """The character set for the (0008,0005) values; a str splits on backslash."""
        if terms is None:
            return DEFAULT_CHARACTER_SET
        if isinstance(terms, str):  # the reader's call, once per file or item that has one
            return _cached_text(terms)
        return _cached(_terms_tuple(terms))

    def __reduce__(
        self,
    ) -> tuple[Callable[[tuple[str, ...]], CharacterSet], tuple[tuple[str, ...]]]:
        # Pickle the terms only: the plan holds codec functions, and is rebuilt.
        return _cached, (self.terms,)

    @property
    def is_default(self) -> bool:
        """True when this is the default repertoire, ISO-IR 6, with no extensions."""
        return self._plan.is_default

    @property
    def warnings(self) -> tuple[str, ...]:
        """Problems found in the terms themselves, and the fallback used for each."""
        return self._plan.warnings

    def decode(self, data: bytes | memoryview, vr: str) -> DecodedText:
        """Decode a whole value field of VR ``vr``; never raises on bad bytes."""
        delimiters = _DECODE_DELIMITERS.get(vr)
        if delimiters is None:  # default repertoire VRs: ISO_IR 6 whatever (0008,0005) says
            return _new_decoded(DecodedText, _iso2022.decode_guess(data))
        plan = self._plan
        try:
            text = plan.decoder(data, "strict")[0]
        except UnicodeDecodeError:
            if plan.engine is None:
                return _new_decoded(DecodedText, _iso2022.decode_with(plan.codec, data))
            return _new_decoded(DecodedText, plan.engine.decode(bytes(data), delimiters))
        if "\x1b" in text and plan.engine is not None:
            return _new_decoded(DecodedText, plan.engine.decode(bytes(data), delimiters))
        return _new_decoded(DecodedText, (text, ""))

    def encode(self, text: str, vr: str) -> bytes:
        """Encode a whole value (backslashes included) of VR ``vr``.

        Raises ``EncodeError`` naming the first character that the character
        set cannot represent.
        """
        delimiters = _ENCODE_DELIMITERS.get(vr)
        if delimiters is None:
            try:
                return text.encode("ascii")
            except UnicodeEncodeError as exc:
                where = f"the default character repertoire (VR {vr} ignores (0008,0005))"
                raise _unencodable(text, exc.start, where) from None
        plan = self._plan
        where = f"character set '{plan.name}'"
        engine = plan.engine
        if engine is not None and "\x1b" in text:
            where += " (ESC would start an escape sequence)"
            raise _unencodable(text, text.index("\x1b"), where)
        if plan.fast_encode is not None:
            try:
                return plan.fast_encode(text)
            except UnicodeEncodeError as exc:
                if engine is None:
                    raise _unencodable(text, exc.start, where) from None
        assert engine is not None  # only stand-alone sets have no engine, and a fast path
        try:
            return engine.encode(text, delimiters)
        except _iso2022.Unencodable as exc:
            raise _unencodable(text, exc.index, where) from None


@functools.lru_cache(maxsize=256)
def _cached(terms: tuple[str, ...]) -> CharacterSet:
    return CharacterSet(terms)


@functools.lru_cache(maxsize=256)
def _cached_text(text: str) -> CharacterSet:
    return _cached(_terms_tuple(text))


DEFAULT_CHARACTER_SET: Final = _cached(())

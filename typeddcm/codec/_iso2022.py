"""ISO/IEC 2022 code extensions as DICOM uses them (private to ``charset``).

Strategy: DICOM's code extensions (PS3.5 6.1.2.5) use two code elements only.
G0 holds a 94-character set invoked into the low half (ISO-IR 6 ASCII, ISO-IR 14
JIS X 0201 Romaji, or the 94x94 sets JIS X 0208 / JIS X 0212); G1 holds a set
invoked into the high half (an ISO 8859 supplementary set, JIS X 0201 Katakana,
or the 94x94 sets KS X 1001 / GB 2312).  The decoding state is therefore the pair
(G0, G1), and every escape sequence (PS3.3 tables C.12-3 and C.12-4) replaces
exactly one of the two.

Decoding splits the value at ESC (``bytes.split``, in C), so Python code runs
once per escape sequence, never once per byte.  Each run of bytes between two
escapes is decoded with one Python codec chosen for the current pair: when G0
is single-byte the G1 set decides (``latin_1``, ``euc_kr``, ``gb2312``, the
JIS X 0201 table below, ...), since each of those codecs reads the low half as
ASCII; when G0 is JIS X 0208 / 0212 the run is handed to ``iso2022_jp`` /
``iso2022_jp_2`` behind its own escape.  After an escape, the first value
delimiter of the VR (``\\``, ``^``, ``=``, CR, LF, TAB, FF) returns both
elements to their initial sets (PS3.5 6.1.2.5.3); while G0 is a 94x94 set the
printable delimiters are parts of two-byte characters, so only CR, LF, TAB and
FF reset there.

Encoding looks at one character at a time (values are short, and this path is
taken only when the value cannot be written in the initial sets): keep the
current sets when they can write the character, otherwise designate the first
candidate set, in (0008,0005) order, that can.  Before each delimiter and at
the end of the value G0 (and a G1 that value 1 defines) are designated back
to their initial sets; a G1 that value 1 leaves undefined is simply dropped,
exactly as the examples in PS3.5 annexes I and K do.

Nothing here raises on bad bytes.  Decoding returns the text and a *fallback*:
"" when the bytes were valid, else one of the ``FALLBACK_*`` phrases (joined with
"; " when a value needed several) saying what was done instead, for the caller's
warning.  Bytes above 0x7F where ISO-IR 6 is the only set (the default repertoire)
are read as ISO 8859-1, and bytes that JIS X 0201 (ISO-IR 13) lacks but Shift_JIS
has are read as Shift_JIS, as pydicom does and as real files need; anything else
undecodable becomes U+FFFD.  Unencodable characters raise ``Unencodable`` with
the index, and ``charset`` turns that into an ``EncodeError``.
"""

from __future__ import annotations

import codecs
import functools
import re
from collections.abc import Callable
from typing import Final

import attrs

__all__ = [
    "ASCII",
    "ESCAPES",
    "FALLBACK_LATIN_1",
    "FALLBACK_REPLACED",
    "FALLBACK_SHIFT_JIS",
    "FALLBACK_UNDECLARED_ESCAPE",
    "GB_2312",
    "JIS_X_0201_KATAKANA",
    "JIS_X_0201_ROMAJI",
    "JIS_X_0208",
    "JIS_X_0212",
    "KS_X_1001",
    "LATIN_SETS",
    "Decoder",
    "Graphic",
    "Iso2022",
    "Unencodable",
    "decode_guess",
    "decode_with",
    "decoder_for",
    "encode_jis_x_0201",
    "join_fallbacks",
]

#: ``(data, errors) -> (text, consumed)``, the shape of ``CodecInfo.decode``.
Decoder = Callable[[bytes | memoryview, str], tuple[str, int]]

ESC: Final = 0x1B

# --- fallbacks: why a decoded text is not a plain reading of its bytes ------------
#
# Phrases for a warning; the caller adds where (tag path) and the character set.
FALLBACK_REPLACED: Final = "bytes not valid in the character set were replaced with U+FFFD"
FALLBACK_LATIN_1: Final = (
    "bytes above 0x7F, which the default repertoire (ISO_IR 6) does not have,"
    " were read as ISO 8859-1 (ISO_IR 100)"
)
FALLBACK_SHIFT_JIS: Final = (
    "bytes not valid in JIS X 0201 (ISO_IR 13) but valid in Shift_JIS were read as Shift_JIS"
)
FALLBACK_UNDECLARED_ESCAPE: Final = (
    "an escape sequence designates a character set that (0008,0005) does not declare"
)


def join_fallbacks(first: str, second: str) -> str:
    """Both fallback phrases, each once, in order ("" when neither)."""
    if not second or second in first.split("; "):
        return first
    return f"{first}; {second}" if first else second


# --- JIS X 0201 (ISO-IR 13 Katakana in G1, ISO-IR 14 Romaji in G0) -------------
#
# No Python codec decodes JIS X 0201 alone (shift_jis also reads two-byte kanji).
# The low half is read as ASCII rather than Romaji (05/12 YEN SIGN, 07/14
# OVERLINE): 05/12 is the DICOM value delimiter and must decode to a backslash.
_UNDEFINED: Final = "\ufffe"  # charmap_decode treats U+FFFE as "no mapping"
_JIS_X_0201_TABLE: Final = (
    "".join(map(chr, range(0x80)))
    + _UNDEFINED * (0xA1 - 0x80)
    + "".join(chr(0xFF61 + i) for i in range(0xE0 - 0xA1))
    + _UNDEFINED * (0x100 - 0xE0)
)
_JIS_X_0201_ENCODING: Final[dict[int, int]] = {
    ord(char): byte for byte, char in enumerate(_JIS_X_0201_TABLE) if char != _UNDEFINED
}


def _decode_jis_x_0201(data: bytes | memoryview, errors: str) -> tuple[str, int]:
    return codecs.charmap_decode(data, errors, _JIS_X_0201_TABLE)


def encode_jis_x_0201(text: str) -> bytes:
    """Encode with the 8-bit JIS X 0201 table; raises ``UnicodeEncodeError``."""
    return codecs.charmap_encode(text, "strict", _JIS_X_0201_ENCODING)[0]


@functools.cache
def decoder_for(codec: str) -> Decoder:
    """The decode function for a Python codec name, or our JIS X 0201 table."""
    if codec == "jis_x_0201":
        return _decode_jis_x_0201
    return codecs.lookup(codec).decode


#: Sets that real files misuse for a superset: what to try before U+FFFD.  Japanese
#: scanners write Shift_JIS (JIS X 0201 plus two-byte JIS X 0208) under ISO_IR 13,
#: whose high half is the katakana of JIS X 0201 only; pydicom reads ISO_IR 13 as
#: Shift_JIS.  A lead byte of Shift_JIS (0x81-0x9F, 0xE0-0xFC) is never a JIS X 0201
#: katakana (0xA1-0xDF), so the fallback cannot change text that was valid.
_SUPERSETS: Final[dict[str, tuple[str, str]]] = {
    "jis_x_0201": ("shift_jis", FALLBACK_SHIFT_JIS),
}


def decode_with(codec: str, data: bytes | memoryview) -> tuple[str, str]:
    """Decode strictly; else as the set's superset (see ``_SUPERSETS``); else with U+FFFD.

    Returns the text and its fallback phrase ("" when the bytes were valid).
    """
    decode = decoder_for(codec)
    try:
        return decode(data, "strict")[0], ""
    except UnicodeDecodeError:
        pass
    superset = _SUPERSETS.get(codec)
    if superset is not None:
        try:
            return codecs.decode(bytes(data), superset[0], "strict"), superset[1]
        except UnicodeDecodeError:
            pass
    return decode(data, "replace")[0], FALLBACK_REPLACED


def decode_guess(data: bytes | memoryview) -> tuple[str, str]:
    """ISO-IR 6 with no G1 (the default repertoire): bytes above 0x7F read as Latin-1.

    PS3.5 6.1.2.1 gives the default repertoire no bytes above 0x7F; real files
    hold ISO 8859-1 there, and pydicom reads them so.  Latin-1 decodes any byte,
    so this never substitutes; the fallback phrase says what was assumed.
    """
    try:
        return codecs.ascii_decode(data, "strict")[0], ""
    except UnicodeDecodeError:
        return codecs.latin_1_decode(data, "strict")[0], FALLBACK_LATIN_1


# --- the graphic character sets ------------------------------------------------


@attrs.frozen
class Graphic:
    """One graphic character set that an escape sequence designates to G0 or G1."""

    registration: str  # "ISO-IR 100"
    element: int  # 0 for G0, 1 for G1
    escape: bytes  # the whole escape sequence, ESC included
    codec: str  # Python codec: for G1 sets it reads ASCII below 0x80 and this set above
    multibyte: bool = False


ASCII: Final = Graphic("ISO-IR 6", 0, b"\x1b(B", "ascii")
JIS_X_0201_ROMAJI: Final = Graphic("ISO-IR 14", 0, b"\x1b(J", "ascii")
JIS_X_0201_KATAKANA: Final = Graphic("ISO-IR 13", 1, b"\x1b)I", "jis_x_0201")
JIS_X_0208: Final = Graphic("ISO-IR 87", 0, b"\x1b$B", "iso2022_jp", multibyte=True)
JIS_X_0212: Final = Graphic("ISO-IR 159", 0, b"\x1b$(D", "iso2022_jp_2", multibyte=True)
KS_X_1001: Final = Graphic("ISO-IR 149", 1, b"\x1b$)C", "euc_kr", multibyte=True)
GB_2312: Final = Graphic("ISO-IR 58", 1, b"\x1b$)A", "gb2312", multibyte=True)


def _latin(number: int, final: str, codec: str) -> Graphic:
    return Graphic(f"ISO-IR {number}", 1, b"\x1b-" + final.encode("ascii"), codec)


#: The 96-character supplementary sets of ISO 8859 (and TIS 620), by IR number.
LATIN_SETS: Final[dict[int, Graphic]] = {
    100: _latin(100, "A", "latin_1"),
    101: _latin(101, "B", "iso8859_2"),
    109: _latin(109, "C", "iso8859_3"),
    110: _latin(110, "D", "iso8859_4"),
    144: _latin(144, "L", "iso8859_5"),
    127: _latin(127, "G", "iso8859_6"),
    126: _latin(126, "F", "iso8859_7"),
    138: _latin(138, "H", "iso8859_8"),
    148: _latin(148, "M", "iso8859_9"),
    203: _latin(203, "b", "iso8859_15"),
    # ISO-IR 166 has 88 characters: the 87 of TIS 620 plus NO-BREAK SPACE at
    # 0xA0, which is ISO 8859-11 (Python's tis_620 leaves 0xA0 undefined).
    166: _latin(166, "T", "iso8859_11"),
}

#: Escape sequences (the bytes after ESC) to the set they designate.
ESCAPES: Final[dict[bytes, Graphic]] = {
    graphic.escape[1:]: graphic
    for graphic in (
        ASCII,
        JIS_X_0201_ROMAJI,
        JIS_X_0201_KATAKANA,
        JIS_X_0208,
        JIS_X_0212,
        KS_X_1001,
        GB_2312,
        *LATIN_SETS.values(),
    )
}


@functools.lru_cache(maxsize=8192)
def _char_bytes(graphic: Graphic, char: str) -> bytes | None:
    """The bytes of one character in one set, or None when the set lacks it."""
    if graphic.element == 0 and not graphic.multibyte:
        return char.encode("ascii") if char.isascii() else None
    if graphic is JIS_X_0201_KATAKANA:
        code = ord(char) - 0xFF61
        return bytes((0xA1 + code,)) if 0 <= code < 0xE0 - 0xA1 else None
    try:
        encoded = char.encode(graphic.codec)
    except UnicodeEncodeError:
        return None
    if graphic.multibyte:
        if graphic.element == 0:
            # iso2022_jp(_2) gives ESC designation + two bytes + ESC ( B; any
            # other designation means a set other than this one was chosen.
            body = encoded[len(graphic.escape) : -len(ASCII.escape)]
            ok = encoded.startswith(graphic.escape) and len(body) == 2
            return body if ok else None
        # EUC forms: exactly two bytes in the high half.  (euc_kr may answer
        # with an 8-byte KS X 1001 composition sequence: not one character.)
        ok = len(encoded) == 2 and encoded[0] >= 0xA1 and encoded[1] >= 0xA1
        return encoded if ok else None
    return encoded if encoded[0] >= 0x80 else None


class Unencodable(Exception):
    """No candidate set can write ``text[index]``."""

    def __init__(self, index: int) -> None:
        super().__init__(index)
        self.index = index


_SEVEN_OR_EIGHT: Final = re.compile(rb"[\x00-\x7f]+|[\x80-\xff]+")
_CONTROL_DELIMITERS: Final = re.compile(rb"[\r\n\t\f]")


def _parse_escape(piece: bytes) -> tuple[Graphic | None, int]:
    """The set designated by ``piece`` (what follows an ESC), and its length.

    ISO 2022 escape sequences are ESC, intermediate bytes 02/00-02/15, then one
    final byte 03/00-07/14; an unknown but well-formed one is skipped whole.
    """
    size = 0
    while size < len(piece) and 0x20 <= piece[size] <= 0x2F:
        size += 1
    if size < len(piece) and 0x30 <= piece[size] <= 0x7E:
        size += 1
        return ESCAPES.get(piece[:size]), size
    return None, size


def _decode_run(run: bytes, g0: Graphic, g1: Graphic | None) -> tuple[str, str]:
    """Decode bytes that contain no ESC with G0 and G1 as given; (text, fallback)."""
    if not run:
        return "", ""
    if not g0.multibyte:
        return decode_guess(run) if g1 is None else decode_with(g1.codec, run)
    if run.isascii():
        return decode_with(g0.codec, g0.escape + run)
    # A 94x94 G0 with high-half bytes: G1 reads those (rare, so split by regex).
    parts: list[str] = []
    fallback = ""
    for part in _SEVEN_OR_EIGHT.findall(run):
        if part[0] < 0x80:
            text, why = decode_with(g0.codec, g0.escape + part)
        elif g1 is None:
            text, why = decode_guess(part)
        else:
            text, why = decode_with(g1.codec, part)
        parts.append(text)
        fallback = join_fallbacks(fallback, why)
    return "".join(parts), fallback


@attrs.frozen
class Iso2022:
    """Decoder and encoder for one list of character sets with code extensions."""

    initial_g0: Graphic
    initial_g1: Graphic | None
    candidates: tuple[Graphic, ...]  # in (0008,0005) order, initial sets first
    declared: frozenset[Graphic]

    def decode(self, data: bytes, delimiters: re.Pattern[bytes]) -> tuple[str, str]:
        """Decode a value that may hold escape sequences; never raises.

        Returns the text and its fallback phrase ("" when the bytes were valid).
        """
        initial_g0, initial_g1 = self.initial_g0, self.initial_g1
        g0, g1 = initial_g0, initial_g1
        pieces = data.split(b"\x1b")
        text, fallback = _decode_run(pieces[0], g0, g1)
        out = [text]
        for piece in pieces[1:]:
            graphic, size = _parse_escape(piece)
            if graphic is None:
                out.append("\ufffd")
                fallback = join_fallbacks(fallback, FALLBACK_REPLACED)
            else:
                if graphic not in self.declared:
                    fallback = join_fallbacks(fallback, FALLBACK_UNDECLARED_ESCAPE)
                if graphic.element == 0:
                    g0 = graphic
                else:
                    g1 = graphic
            rest = piece[size:] if size else piece
            if g0 is not initial_g0 or g1 is not initial_g1:
                pattern = _CONTROL_DELIMITERS if g0.multibyte else delimiters
                found = pattern.search(rest)
                if found is not None:
                    text, why = _decode_run(rest[: found.start()], g0, g1)
                    out.append(text)
                    fallback = join_fallbacks(fallback, why)
                    rest = rest[found.start() :]
                    g0, g1 = initial_g0, initial_g1
            text, why = _decode_run(rest, g0, g1)
            out.append(text)
            fallback = join_fallbacks(fallback, why)
        return "".join(out), fallback

    def encode(self, text: str, delimiters: frozenset[str]) -> bytes:
        """Encode with escape sequences where needed; raises ``Unencodable``."""
        initial_g0, initial_g1 = self.initial_g0, self.initial_g1
        g0, g1 = initial_g0, initial_g1
        out = bytearray()
        for index, char in enumerate(text):
            if char in delimiters:
                out += self._restore(g0, g1)
                g0, g1 = initial_g0, initial_g1
                out += char.encode("ascii")
                continue
            encoded = _char_bytes(g0, char)
            if encoded is None and g1 is not None:
                encoded = _char_bytes(g1, char)
            if encoded is None:
                for graphic in self.candidates:
                    encoded = _char_bytes(graphic, char)
                    if encoded is not None:
                        out += graphic.escape
                        if graphic.element == 0:
                            g0 = graphic
                        else:
                            g1 = graphic
                        break
                else:
                    raise Unencodable(index)
            out += encoded
        out += self._restore(g0, g1)
        return bytes(out)

    def _restore(self, g0: Graphic, g1: Graphic | None) -> bytes:
        """Escapes that make value 1's sets active again (before a delimiter)."""
        escapes = b""
        if g0 is not self.initial_g0:
            escapes += self.initial_g0.escape
        if g1 is not self.initial_g1 and self.initial_g1 is not None:
            escapes += self.initial_g1.escape
        return escapes

"""What a compressed frame says about itself: JPEG (ISO 10918, JPEG-LS) and J2K headers.

Decoders need a few facts the DICOM attributes may get wrong (the sample precision
and signedness of a JPEG 2000 codestream, the component identifiers and APP markers
that tell a JPEG's colour space), and a dataset without a transfer syntax can be
told its codec from the first bytes of a frame.  Only headers are parsed, never
entropy-coded data; a malformed header gives ``None`` / empty facts, not an error,
because the decoder that runs next reports damage far better.
"""

from __future__ import annotations

import struct

import attrs

__all__ = ["JpegInfo", "J2kInfo", "guess_transfer_syntax", "jpeg_info", "j2k_info"]

_SOI = b"\xff\xd8"
_J2K_SOC_SIZ = b"\xff\x4f\xff\x51"
_JP2_SIGNATURE = b"\x00\x00\x00\x0cjP  \r\n\x87\n"

# Start-of-frame markers and the ISO 10918 / 14495 process they announce.
_SOF_LOSSLESS = {0xC3, 0xC7, 0xCB, 0xCF}
_SOF_JPEG_LS = {0xF7}  # SOF55; 0xF8 is LSE, a JPEG-LS parameter segment
_SOF_ALL = set(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC} | _SOF_JPEG_LS


@attrs.frozen
class JpegInfo:
    """Facts from a JPEG or JPEG-LS header (up to the start of scan)."""

    marker: int  # the SOF marker's second byte (0xC0 baseline ... 0xF7 JPEG-LS)
    precision: int
    rows: int
    columns: int
    component_ids: tuple[int, ...]
    app: tuple[tuple[int, bytes], ...]  # (marker, payload), in codestream order
    # The first scan's Ss byte: the predictor of a lossless (process 14) scan (1 is
    # "Selection Value 1"), or NEAR of a JPEG-LS scan (0 is lossless).
    selection_value: int | None = None
    # JPEG-LS only: the first scan's ILV byte (0 none, 1 line, 2 sample interleaved).
    interleave_mode: int | None = None

    @property
    def jfif(self) -> bool:
        return any(marker == 0xE0 and data.startswith(b"JFIF") for marker, data in self.app)

    @property
    def rgb_component_ids(self) -> bool:
        return self.component_ids in ((82, 71, 66), (114, 103, 98))  # "RGB", "rgb"


@attrs.frozen
class J2kInfo:
    """Facts from a JPEG 2000 SIZ segment (and whether the codestream is High-Throughput)."""

    rows: int
    columns: int
    components: int
    precision: int
    signed: bool
    high_throughput: bool


def jpeg_info(data: bytes | memoryview) -> JpegInfo | None:
    """The header facts of a JPEG or JPEG-LS codestream, or None if it has none."""
    view = memoryview(data)
    if bytes(view[:2]) != _SOI:
        return None
    app: list[tuple[int, bytes]] = []
    sof: tuple[int, int, int, int, tuple[int, ...]] | None = None
    offset = 2
    try:
        while offset + 4 <= len(view):
            if view[offset] != 0xFF:
                return None
            marker = view[offset + 1]
            if marker == 0xFF:  # fill bytes before a marker
                offset += 1
                continue
            length = view[offset + 2] << 8 | view[offset + 3]
            if 0xE0 <= marker <= 0xEF:
                app.append((marker, bytes(view[offset + 4: offset + 2 + length])))
            elif marker in _SOF_ALL:
                payload = view[offset + 4: offset + 2 + length]
                precision, rows, columns, count = struct.unpack_from(">BHHB", payload)
                ids = tuple(payload[6 + 3 * i] for i in range(count))
                sof = (marker, precision, rows, columns, ids)
            elif marker == 0xDA:  # start of scan: the header is over
                payload = view[offset + 4: offset + 2 + length]
                if sof is None:
                    return None
                count = payload[0]
                coded = sof[0] in _SOF_LOSSLESS or sof[0] in _SOF_JPEG_LS
                selection = payload[1 + 2 * count] if coded else None
                ilv = payload[2 + 2 * count] if sof[0] in _SOF_JPEG_LS else None
                return JpegInfo(*sof, app=tuple(app), selection_value=selection,
                                interleave_mode=ilv)
            offset += 2 + length
    except (struct.error, IndexError):  # a header cut short: no facts
        return None
    return None


def j2k_info(data: bytes | memoryview) -> J2kInfo | None:
    """The SIZ facts of a JPEG 2000 codestream (bare, or inside a JP2 file), or None."""
    head = bytes(memoryview(data)[:4096])
    start = head.find(_J2K_SOC_SIZ)
    if start < 0:
        return None
    try:
        (_, _, capabilities, xsiz, ysiz, xo, yo) = struct.unpack_from(">HHHIIII", head, start + 2)
        (components,) = struct.unpack_from(">H", head, start + 40)
        ssiz = head[start + 42]
    except (struct.error, IndexError):
        return None
    # Rsiz bit 14 (0x4000) flags Part 15 (HTJ2K) capabilities.
    return J2kInfo(
        rows=ysiz - yo,
        columns=xsiz - xo,
        components=components,
        precision=(ssiz & 0x7F) + 1,
        signed=bool(ssiz & 0x80),
        high_throughput=bool(capabilities & 0x4000),
    )


def guess_transfer_syntax(frame: bytes | memoryview) -> str | None:
    """A transfer syntax UID that can decode ``frame``, judged from its first bytes.

    For encapsulated Pixel Data whose dataset carries no transfer syntax (a bare
    Dataset): JPEG by its start-of-frame process, JPEG-LS, JPEG 2000 / HTJ2K, RLE by
    its header.  None when nothing matches.
    """
    head = bytes(memoryview(frame)[:16])
    if head.startswith(_SOI):
        info = jpeg_info(frame)
        if info is None:
            return "1.2.840.10008.1.2.4.50"
        if info.marker in _SOF_JPEG_LS:
            return "1.2.840.10008.1.2.4.81" if info.selection_value else "1.2.840.10008.1.2.4.80"
        if info.marker in _SOF_LOSSLESS:
            return "1.2.840.10008.1.2.4.70" if info.selection_value == 1 else "1.2.840.10008.1.2.4.57"
        return "1.2.840.10008.1.2.4.50" if info.marker == 0xC0 else "1.2.840.10008.1.2.4.51"
    if head.startswith(_J2K_SOC_SIZ) or head.startswith(_JP2_SIGNATURE):
        info2 = j2k_info(frame)
        if info2 is not None and info2.high_throughput:
            return "1.2.840.10008.1.2.4.201"
        return "1.2.840.10008.1.2.4.90"
    if len(head) >= 8:
        count, first = struct.unpack_from("<II", head)
        if 1 <= count <= 15 and first == 64:
            return "1.2.840.10008.1.2.5"
    return None

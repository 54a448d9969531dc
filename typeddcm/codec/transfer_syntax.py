"""Transfer syntaxes: how a dataset is encoded, from the UID registry.

Strategy: every UID whose registry type is "Transfer Syntax" becomes a frozen
:class:`TransferSyntax`.  The encoding facts (implicit or explicit VR, byte
order, deflated dataset, encapsulated pixel data) follow PS3.5 Section 10 and
Annex A; everything not listed as native, big endian or deflated is explicit VR
little endian with encapsulated pixel data (PS3.5 A.4).
"""

from __future__ import annotations

from functools import cache

import attrs

from typeddcm.dictionary import uid_info, uids_of_type
from typeddcm.errors import UnsupportedTransferSyntaxError

__all__ = [
    "DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN",
    "EXPLICIT_VR_BIG_ENDIAN",
    "EXPLICIT_VR_LITTLE_ENDIAN",
    "IMPLICIT_VR_LITTLE_ENDIAN",
    "TransferSyntax",
    "all_transfer_syntaxes",
    "transfer_syntax",
]

_IMPLICIT = frozenset({"1.2.840.10008.1.2", "1.2.840.10008.1.20"})  # the latter: Papyrus 3
_BIG_ENDIAN = frozenset({"1.2.840.10008.1.2.2"})
# Deflate applies to the whole dataset after the file meta (PS3.5 A.5); the JPIP
# "Deflate" variants deflate the dataset too.
_DEFLATED = frozenset(
    {"1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.4.95", "1.2.840.10008.1.2.4.205"}
)
# Native (not encapsulated) pixel data: the uncompressed syntaxes, and JPIP
# referenced syntaxes whose pixel data lives elsewhere (Pixel Data Provider URL).
_NATIVE = frozenset(
    {
        "1.2.840.10008.1.2",
        "1.2.840.10008.1.2.1",
        "1.2.840.10008.1.2.1.99",
        "1.2.840.10008.1.2.2",
        "1.2.840.10008.1.20",
        "1.2.840.10008.1.2.4.94",
        "1.2.840.10008.1.2.4.95",
        "1.2.840.10008.1.2.4.204",
        "1.2.840.10008.1.2.4.205",
    }
)


@attrs.frozen
class TransferSyntax:
    """One transfer syntax: its UID, name and the encoding facts a codec needs."""

    uid: str
    name: str
    keyword: str
    implicit_vr: bool
    little_endian: bool
    deflated: bool
    encapsulated: bool
    retired: bool = False

    @property
    def explicit_vr(self) -> bool:
        """True when each element header carries its VR."""
        return not self.implicit_vr

    def __str__(self) -> str:
        return f"{self.name} ({self.uid})"


def _make(uid: str, name: str, keyword: str, retired: bool) -> TransferSyntax:
    return TransferSyntax(
        uid=uid,
        name=name,
        keyword=keyword,
        implicit_vr=uid in _IMPLICIT,
        little_endian=uid not in _BIG_ENDIAN,
        deflated=uid in _DEFLATED,
        encapsulated=uid not in _NATIVE,
        retired=retired,
    )


@cache
def _registry() -> dict[str, TransferSyntax]:
    return {
        entry.uid: _make(entry.uid, entry.name, entry.keyword, entry.retired)
        for entry in uids_of_type("Transfer Syntax")
    }


def all_transfer_syntaxes() -> tuple[TransferSyntax, ...]:
    """Every transfer syntax of the UID registry, in registry order."""
    return tuple(_registry().values())


def transfer_syntax(uid: str) -> TransferSyntax:
    """The transfer syntax of ``uid``; UnsupportedTransferSyntaxError when unknown."""
    found = _registry().get(uid.rstrip("\x00 "))
    if found is None:
        info = uid_info(uid)
        what = f"{info.name} ({info.type})" if info is not None else "not a registered UID"
        msg = f"{uid!r} is not a transfer syntax: {what}"
        raise UnsupportedTransferSyntaxError(msg)
    return found


IMPLICIT_VR_LITTLE_ENDIAN = transfer_syntax("1.2.840.10008.1.2")
EXPLICIT_VR_LITTLE_ENDIAN = transfer_syntax("1.2.840.10008.1.2.1")
DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = transfer_syntax("1.2.840.10008.1.2.1.99")
EXPLICIT_VR_BIG_ENDIAN = transfer_syntax("1.2.840.10008.1.2.2")

"""Replacement values for de-identification: dummies per VR (action D), empty values
(Z), keyed UID mapping (U) and per-patient date shifting (C under Retain Longitudinal
Temporal Information with Modified Dates).

Rules (PS3.15 leaves each to the implementer; these are ours):

- **D** gives a fixed value valid for the VR under PS3.5 strict rules, so a Type 1
  attribute stays valid: text ``ANONYMIZED`` (CS ``ANONYMIZED`` too: upper case and
  underscores only), PN ``ANONYMIZED``, DA ``19000101``, TM ``000000``, DT
  ``19000101000000``, AS ``000Y``, DS/IS ``0``, UI a mapped UID (as U), AE
  ``ANONYMIZED``, UR ``urn:anonymized``, binary numbers 0, bulk values the same number
  of zero bytes, AT (0000,0000), SQ one empty item (a Type 1 sequence needs an item; the
  item's own attributes are not known here).  The values are the same for every file and
  depend on nothing in the input.  A dummy has as many values as the original (at least
  one), so a VM fixed by the IOD stays right.  One exception: Patient ID, where one value
  for everyone would merge every patient into one (a DICOMDIR, a PACS), becomes a keyed
  pseudonym, ``ANON`` + 16 hex digits of HMAC-SHA256 of the ID under the key
  (:meth:`UidMapper.pseudonym`).
- **Z** gives the same VR with no value (an empty sequence for SQ).
- **U** maps each UID to ``2.25.<n>``, ``n`` the first 128 bits of HMAC-SHA256 of the
  UID's text under the user's key, with the version (8, "custom") and variant bits of
  RFC 9562 set so the integer is a valid UUID as PS3.5 B.2 asks.  The mapping is
  deterministic: the same key maps a UID the same way in every file, run and process,
  so references between files survive.  UIDs of the standard (a SOP Class, a transfer
  syntax, a well-known frame of reference: anything in PS3.6 Annex A) are kept: they
  identify nobody and mapping them would break their meaning.
- **Date shifting** moves every DA and the date part of every DT back by a whole number
  of days between 1 and 3652 (ten years), the same for every file of a patient: the
  offset is HMAC-SHA256 of ``"date-shift\\0" + Patient ID`` under the key (Patient's Name
  when there is no Patient ID; the key alone when neither is present).  Intervals
  between dates of a patient are kept exactly; times (TM, the time part of DT) are kept,
  as a whole-day shift does not move them.  A value that is not a full date (a
  partial DT ``YYYY`` or ``YYYYMM``, an unparseable text) becomes the D dummy.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Any

from typeddcm.vr import AT, DA, DT, SQ, UI, AnyVR

__all__ = ["DUMMY_TEXT", "KEPT_UID_NOTE", "MAX_SHIFT_DAYS", "UidMapper", "date_offset",
           "dummy", "empty", "key_bytes", "shift_da", "shift_dt"]

#: The text every dummy text value holds.
DUMMY_TEXT = "ANONYMIZED"
_DUMMY_DATE = "19000101"
_DUMMY_TIME = "000000"
#: Largest date shift, in days (ten years).
MAX_SHIFT_DAYS = 3652
KEPT_UID_NOTE = "UIDs registered in PS3.6 Annex A are kept"

_TEXT_DUMMIES: dict[str, str] = {
    "AE": DUMMY_TEXT, "AS": "000Y", "CS": DUMMY_TEXT, "DA": _DUMMY_DATE, "DS": "0",
    "DT": _DUMMY_DATE + _DUMMY_TIME, "IS": "0", "LO": DUMMY_TEXT, "LT": DUMMY_TEXT,
    "PN": DUMMY_TEXT, "SH": DUMMY_TEXT, "ST": DUMMY_TEXT, "TM": _DUMMY_TIME,
    "UC": DUMMY_TEXT, "UR": "urn:anonymized", "UT": DUMMY_TEXT,
}
_NUMBERS = frozenset({"US", "SS", "UL", "SL", "UV", "SV", "FL", "FD"})
_BULK = frozenset({"OB", "OW", "OF", "OD", "OL", "OV", "UN"})


def key_bytes(key: str | bytes) -> bytes:
    """The HMAC key: bytes as given, text as UTF-8.  An empty key is a ValueError."""
    data = key.encode("utf-8") if isinstance(key, str) else bytes(key)
    if not data:
        msg = "the de-identification key must not be empty"
        raise ValueError(msg)
    return data


class UidMapper:
    """The keyed, deterministic UID mapping of action U (see the module notes).

    One mapper caches the UIDs it has mapped (a study's files repeat them); it is a
    pure function of the key, so two mappers with the same key agree.
    """

    __slots__ = ("_cache", "_key")

    def __init__(self, key: str | bytes) -> None:
        self._key = key_bytes(key)
        self._cache: dict[str, str] = {}

    def __call__(self, uid: str) -> str:
        """The replacement of one UID (the UID itself when the standard registers it)."""
        found = self._cache.get(uid)
        if found is not None:
            return found
        text = uid.strip("\0 ")
        if not text or _registered(text):
            mapped = text
        else:
            digest = hmac.new(self._key, text.encode("ascii", "replace"), hashlib.sha256).digest()
            n = int.from_bytes(digest[:16], "big")
            n = (n & ~(0xF << 76)) | (0x8 << 76)  # version 8 (RFC 9562 custom)
            n = (n & ~(0x3 << 62)) | (0x2 << 62)  # variant 10
            mapped = f"2.25.{n}"
        self._cache[uid] = mapped
        return mapped


    def pseudonym(self, text: str) -> str:
        """A Patient ID's replacement: ``ANON`` and 16 hex digits of HMAC-SHA256 under the
        key.  One patient keeps one ID across files and runs, two patients keep two, so
        a File-set or a PACS does not merge them; without the key it says nothing."""
        data = b"patient-id\0" + text.strip(" \0").encode("utf-8", "replace")
        return "ANON" + hmac.new(self._key, data, hashlib.sha256).hexdigest()[:16].upper()


def _registered(uid: str) -> bool:
    from typeddcm.dictionary import uid_info

    try:
        return uid_info(uid) is not None
    except (KeyError, ValueError):
        return False


def date_offset(key: str | bytes, patient: str | None) -> int:
    """Days to move dates back for one patient: 1 to :data:`MAX_SHIFT_DAYS`."""
    data = b"date-shift\0" + (patient or "").encode("utf-8", "replace")
    digest = hmac.new(key_bytes(key), data, hashlib.sha256).digest()
    return 1 + int.from_bytes(digest[:8], "big") % MAX_SHIFT_DAYS


def _shift_date_text(text: str, days: int) -> str | None:
    if len(text) < 8 or not text[:8].isdigit():
        return None
    try:
        day = datetime.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        moved = day - datetime.timedelta(days=days)
    except (ValueError, OverflowError):
        return None
    return f"{moved.year:04d}{moved.month:02d}{moved.day:02d}" + text[8:]


def shift_da(vr: DA, days: int) -> DA:
    """Every date moved back ``days`` days (a value that is no full date: the dummy)."""
    out = []
    for value in vr.values:
        text = str(value).strip()
        shifted = _shift_date_text(text, days) if len(text) == 8 else None
        out.append(shifted or _DUMMY_DATE)
    return DA(out)


def shift_dt(vr: DT, days: int) -> DT:
    """Every date-time's date part moved back ``days`` days; time and offset kept."""
    out = []
    for value in vr.values:
        shifted = _shift_date_text(str(value).strip(), days)
        out.append(shifted or _TEXT_DUMMIES["DT"])
    return DT(out)


_EMPTY: dict[str, AnyVR] = {}
_DUMMIES: dict[tuple[str, int], AnyVR] = {}


def empty_of(code: str) -> AnyVR:
    """The empty value of VR ``code`` (Z); one shared immutable object per VR."""
    found = _EMPTY.get(code)
    if found is None:
        from typeddcm.vr import VR_CLASSES

        cls: Any = VR_CLASSES[code]
        found = _EMPTY[code] = cls()
    return found


def empty(vr: AnyVR) -> AnyVR:
    """The same VR with no value (Z)."""
    cls: Any = type(vr)
    made: AnyVR = cls()
    return made


_SIZES = {"US": 2, "SS": 2, "UL": 4, "SL": 4, "UV": 8, "SV": 8, "FL": 4, "FD": 8, "AT": 4}
_SINGLE = frozenset({"LT", "ST", "UT", "UR"})
_MULTI_TEXT = frozenset({"AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "PN", "SH", "TM", "UC"})


def dummy_of(code: str, count: int) -> AnyVR | None:
    """The fixed dummy of VR ``code`` with ``count`` values (None for UI, SQ and bulk
    VRs, whose dummies depend on the value)."""
    from typeddcm.vr import VR_CLASSES

    if code == "UI" or code == "SQ" or code in _BULK or code not in VR_CLASSES:
        return None
    found = _DUMMIES.get((code, count))
    if found is None:
        found = _DUMMIES[(code, count)] = _fixed_dummy(code, count, VR_CLASSES[code])
    return found


def raw_count(raw: object) -> tuple[str, int] | None:
    """(VR code, value count) of a value still in its source bytes, without decoding it,
    or None when that cannot be told safely (another character set than the default,
    whose multi-byte characters may hold a backslash byte; an unknown VR)."""
    code = getattr(raw, "vr", None)
    start, end = getattr(raw, "value_start", None), getattr(raw, "value_end", None)
    if not isinstance(code, str) or not isinstance(start, int) or not isinstance(end, int):
        return None
    if end <= start:
        return code, 0
    size = _SIZES.get(code)
    if size is not None:
        return code, (end - start) // size
    if code in _SINGLE:
        return code, 1
    if code not in _MULTI_TEXT:
        return None
    encoding = getattr(raw, "encoding", None)
    charset = getattr(encoding, "charset", None)
    if charset is None or not charset.is_default:
        return None
    buffer = getattr(getattr(raw, "level", None), "buffer", None)
    if buffer is None:
        return None
    return code, bytes(buffer[start:end]).count(b"\\") + 1


def dummy(vr: AnyVR, uids: UidMapper) -> AnyVR:
    """A dummy value of ``vr``'s VR with as many values (at least one) (D)."""
    code = vr.code
    same: Any = type(vr)
    count = max(1, len(vr.values)) if code not in _BULK else 1
    if code == "UI":
        # Mapped UIDs are valid by construction (registered ones too): no validation.
        return UI._trusted(tuple(uids(str(v)) for v in vr.values) or (uids("2.25.0"),))
    if code == "SQ":
        from typeddcm.dataset import Dataset

        return SQ([Dataset()])
    if code in _BULK:  # the same number of zero bytes (not cached: lengths vary)
        made: AnyVR = same(bytes(len(getattr(vr, "data", b""))))
        return made
    found = _DUMMIES.get((code, count))
    if found is not None:
        return found
    found = _DUMMIES[(code, count)] = _fixed_dummy(code, count, vr)
    return found


def _fixed_dummy(code: str, count: int, vr: AnyVR | type[AnyVR]) -> AnyVR:
    """The dummies that depend only on the VR and the value count (cached)."""
    same: Any = vr if isinstance(vr, type) else type(vr)
    text = _TEXT_DUMMIES.get(code)
    if text is not None:
        if code in ("LT", "ST", "UT", "UR"):  # one value, backslashes allowed
            made: AnyVR = same(text)
            return made
        made = same([text] * count)
        return made
    if code in _NUMBERS:
        made = same([0] * count)
        return made
    if code == "AT":
        return AT([0] * count)
    msg = f"no dummy for VR {code}"
    raise ValueError(msg)

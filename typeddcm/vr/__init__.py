"""One frozen class per Value Representation of PS3.5 Table 6.2-1.

Every class has ``code`` (the two-letter VR), ``values`` (all values, in natural
Python types), ``value`` (the single value; an error unless VM is 1), ``vm``,
``validate(strict=...)`` and ``str()`` giving the DICOM text of text VRs.
``VR_CLASSES`` maps each code to its class; ``AnyVR`` is the union of them all.
"""

from __future__ import annotations

from typing import TypeAlias

from typeddcm.vr._base import VR
from typeddcm.vr.binary import AT, FD, FL, SL, SS, SV, UL, US, UV, ATInput, FloatInput, IntInput
from typeddcm.vr.bulk import OB, OD, OF, OL, OV, OW, UN, BytesInput
from typeddcm.vr.numeric_string import DS, IS, DSInput, DSNumber, ISInput, ISNumber
from typeddcm.vr.person_name import PN, PersonName, PNInput
from typeddcm.vr.sequence import SQ, SQInput
from typeddcm.vr.temporal import DA, DT, TM, DAInput, Date, DateTime, DTInput, Time, TMInput
from typeddcm.vr.text import AE, AS, CS, LO, LT, SH, ST, UC, UI, UR, UT, StrInput

__all__ = [
    "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF",
    "OL", "OV", "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN",
    "UR", "US", "UT", "UV",
    "VR", "AnyVR", "VR_CLASSES",
    "PersonName", "Date", "DateTime", "Time", "DSNumber", "ISNumber",
    "ATInput", "BytesInput", "DAInput", "DSInput", "DTInput", "FloatInput", "IntInput",
    "ISInput", "PNInput", "SQInput", "StrInput", "TMInput",
]  # fmt: skip

#: Any VR object: what an Element holds.
AnyVR: TypeAlias = (
    AE | AS | AT | CS | DA | DS | DT | FD | FL | IS | LO | LT | OB | OD | OF | OL | OV | OW
    | PN | SH | SL | SQ | SS | ST | SV | TM | UC | UI | UL | UN | UR | US | UT | UV
)

#: The class of each VR code.
VR_CLASSES: dict[str, type[AnyVR]] = {
    cls.code: cls
    for cls in (
        AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW,
        PN, SH, SL, SQ, SS, ST, SV, TM, UC, UI, UL, UN, UR, US, UT, UV,
    )
}  # fmt: skip

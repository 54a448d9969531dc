"""pydicom's ``sr._snomed_dict``: ``mapping``, built from our PS3.16 tables on import.

``mapping["SCT"]``: SNOMED CT code -> SNOMED-RT code; ``mapping["SRT"]``: the
reverse.  Plain dicts, copies: :class:`~.coding.Code` reads the tables themselves.
"""

from __future__ import annotations

from . import _data

__all__ = ["mapping"]

mapping: dict[str, dict[str, str]] = {
    "SCT": dict(_data.sct_to_srt()),
    "SRT": dict(_data.srt_to_sct()),
}

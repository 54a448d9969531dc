"""Directory record keys (PS3.3 F.5): what each record type of a DICOMDIR must hold.

The Basic Directory IOD's module table leaves a record's keys open ("Record Selection
Keys": the attributes of its record type, F.5), so :mod:`.iod` does not check them.
Here each item of the Directory Record Sequence is checked against the keys of its
Directory Record Type (0004,1430) in :data:`typeddcm.dicomdir.RECORD_KEYS`: a Type 1 key
absent or empty and a Type 2 key absent are errors; a Type 1C key present and empty is
an error (its condition, e.g. "Required if present in the instance", is not known from
the record).  Record types the table does not know (PRIVATE among them) are not checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from typeddcm.dataset import Dataset
from typeddcm.dictionary import tag_for_keyword

from ._access import element_values, tag_text
from ._report import Finding, Severity

__all__ = ["check_record_keys"]

_SEQUENCE = 0x00041220
_RECORD_TYPE = 0x00041430
_REFERENCE = "PS3.3 F.5"


def check_record_keys(dataset: Dataset) -> Iterator[Finding]:
    """Findings (rule ``"record-key"``) for each directory record missing a key of its type."""
    from typeddcm.dicomdir.records import RECORD_KEYS  # dicomdir sits beside validation

    records = element_values(dataset, _SEQUENCE) or ()
    where = tag_text(_SEQUENCE)
    for index, record in enumerate(records):
        if not isinstance(record, Dataset):
            continue
        kind_values = element_values(record, _RECORD_TYPE)
        kind = str(kind_values[0]).strip() if kind_values else ""
        keys = RECORD_KEYS.get(kind)
        if keys is None:
            continue
        for keyword, key_type in keys:
            tag = tag_for_keyword(keyword)
            if tag is None:
                continue
            # Undecodable counts as present: the encoding checks say why it cannot be read.
            values = element_values(record, tag) if tag in record else None
            if tag not in record and key_type in ("1", "2"):
                state = "absent"
            elif values == () and key_type in ("1", "1C"):
                state = "empty"
            else:
                continue
            yield Finding(
                Severity.ERROR, "record-key",
                f"Type {key_type} key {keyword} {tag_text(tag)} of a {kind} record is"
                f" {state}", f"{where}[{index}]{tag_text(tag)}", _REFERENCE)

"""The private attributes the Retain Safe Private Option keeps.

Source: DICOM PS3.15 Table E.3.10-1 "Safe Private Attributes" (rows of the 2020s
editions), facts of the standard, transcribed by hand: the project's data folder has no
copy of that table, so the list is a subset of it (rows whose creator, group, offset and
meaning we could confirm against the private dictionary in ``../shared/dicom/private.tsv``),
not the whole table.  Each entry is (private creator, group, element offset in the
creator's block) and what the value is.  They are acquisition parameters (b-values,
pitch, rotation time, scale factors) that E.3.10 lists as known not to identify anyone.

Matching: the creator text is compared with leading and trailing spaces removed, case
kept (PS3.5 7.8.1 makes the creator an exact string); the group must be the one listed
(the creators reserve blocks in that group); the element offset is the low byte of the
element, whichever block the creator reserved.
"""

from __future__ import annotations

__all__ = ["SAFE_PRIVATE", "is_safe_private"]

#: (creator, group, offset) -> meaning, from PS3.15 Table E.3.10-1 (a subset, see above).
SAFE_PRIVATE: dict[tuple[str, int, int], str] = {
    ("ELSCINT1", 0x00E1, 0x21): "DLP",
    ("ELSCINT1", 0x00E1, 0x50): "Acquisition Duration",
    ("ELSCINT1", 0x01F1, 0x26): "Pitch",
    ("GEMS_ACQU_01", 0x0019, 0x23): "Table Speed [mm/rotation]",
    ("GEMS_ACQU_01", 0x0019, 0x24): "Mid Scan Time [sec]",
    ("GEMS_ACQU_01", 0x0019, 0x27): "Rotation Speed (Gantry Period)",
    ("GEMS_ACQU_01", 0x0019, 0x9E): "Internal Pulse Sequence Name",
    ("GEMS_HELIOS_01", 0x0045, 0x01): "Number of Macro Rows in Detector",
    ("GEMS_HELIOS_01", 0x0045, 0x02): "Macro width at ISO Center",
    ("GEMS_PARM_01", 0x0043, 0x27): "Scan Pitch Ratio",
    ("GEMS_PARM_01", 0x0043, 0x39): "Slop_int_6... slop_int_9 (b-value)",
    ("Philips Imaging DD 001", 0x2001, 0x03): "Diffusion B-Factor",
    ("Philips Imaging DD 001", 0x2001, 0x04): "Diffusion Direction",
    ("Philips MR Imaging DD 001", 0x2005, 0x0D): "Scale Intercept",
    ("Philips MR Imaging DD 001", 0x2005, 0x0E): "Scale Slope",
    ("Philips PET Private Group", 0x7053, 0x00): "SUV Factor",
    ("Philips PET Private Group", 0x7053, 0x09): "Activity Concentration Scale Factor",
    ("SIEMENS MR HEADER", 0x0019, 0x0B): "Slice Measurement Duration",
    ("SIEMENS MR HEADER", 0x0019, 0x0C): "B Value",
    ("SIEMENS MR HEADER", 0x0019, 0x0D): "Diffusion Directionality",
    ("SIEMENS MR HEADER", 0x0019, 0x0E): "Diffusion Gradient Direction",
    ("SIEMENS MR HEADER", 0x0019, 0x0F): "Gradient Mode",
    ("SIEMENS MR HEADER", 0x0019, 0x27): "B Matrix",
}


def is_safe_private(creator: str, group: int, element: int) -> bool:
    """Whether the private element ``(group, element)`` of ``creator``'s block is safe."""
    return (creator.strip(), group, element & 0xFF) in SAFE_PRIVATE

"""pydicom's ``cli.show``: the ``show`` subcommand, a file (or part of one) as text.

``show FILESPEC`` lists the dataset as pydicom 3 shows one (file meta first, tags as
``(GGGG,EEEE)``, sequence items indented); ``-t/--top`` leaves the items out,
``-x/--exclude-private`` the private elements, and ``-q/--quiet`` gives a summary:
the SOP class, patient and study lines, then an image's size and an RT plan's beams.
With ``::element`` the element's value is printed instead (a sequence item as a
dataset).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from typing import Any

from .. import config
from ..dataset import Dataset
from ..sequence import Sequence
from .main import filespec_help, filespec_parser

__all__ = ["SOPClassname", "add_subparser", "do_command", "quiet_image", "quiet_items",
           "quiet_rtplan", "show_quiet"]

#: Width of the element name column (pydicom's).
_NAME_WIDTH = 35


def add_subparser(subparsers: Any) -> None:
    """Add ``show`` and its options to argparse's ``subparsers``."""
    parser = subparsers.add_parser("show", description="Display all or part of a DICOM file")
    parser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    parser.add_argument("-x", "--exclude-private", action="store_true",
                        help="Don't show private data elements")
    parser.add_argument("-t", "--top", action="store_true", help="Only show top level")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="Only show basic information")
    parser.set_defaults(func=do_command)


def do_command(args: argparse.Namespace) -> None:
    """Print what ``args`` ask for (one file specification)."""
    if len(args.filespec) != 1:
        raise NotImplementedError("Show can only work on a single DICOM file input")
    ds, value = args.filespec[0]
    if args.exclude_private:
        ds.remove_private_tags()
    shown = ds if value is None else value
    if isinstance(shown, Dataset) and args.quiet:
        show_quiet(shown)
    elif isinstance(shown, Dataset):
        print("\n".join(_listing(shown, top_only=args.top)))
    elif isinstance(shown, Sequence):  # pydicom 3's text: the items' texts, in brackets
        print(f"[{''.join(chr(10).join(_listing(item, args.top)) for item in shown)}]")
    else:
        print(shown)


# --- the listing ---------------------------------------------------------------------


def _tag_text(tag: int) -> str:
    return f"({tag >> 16:04X},{tag & 0xFFFF:04X})"


def _element_lines(ds: Dataset, indent: int, top_only: bool) -> Iterator[str]:
    pad = "   " * indent
    for elem in ds:
        if elem.VR == "SQ":
            items = elem.value
            yield f"{pad}{_tag_text(elem.tag)}  {elem.name}  {len(items)} item(s) ---- "
            if not top_only:
                for item in items:
                    yield from _element_lines(item, indent + 1, top_only)
                    yield f"{pad}   ---------"
        else:
            name = elem.name[:_NAME_WIDTH]
            yield f"{pad}{_tag_text(elem.tag)} {name:<{_NAME_WIDTH}} {elem.VR}: {elem.repval}"


def _listing(ds: Dataset, top_only: bool) -> Iterator[str]:
    """pydicom 3's text of a dataset: the file meta (when shown), then the elements."""
    meta = getattr(ds, "file_meta", None)
    if isinstance(meta, Dataset) and len(meta) and config.show_file_meta:
        yield f"{'Dataset.file_meta ':-<49}"
        yield from _element_lines(meta, 0, top_only)
        yield "-" * 49
    yield from _element_lines(ds, 0, top_only)


# --- the quiet summary ---------------------------------------------------------------


def SOPClassname(ds: Dataset) -> str | None:
    """``SOPClassUID: <its name>``, or None without one."""
    uid = ds.get("SOPClassUID")
    return None if uid is None else f"SOPClassUID: {getattr(uid, 'name', uid)}"


def quiet_image(ds: Dataset) -> str | None:
    """Bits stored, modality, size and slice location of an image, or None otherwise."""
    uid = ds.get("SOPClassUID")
    if uid is None or "Image Storage" not in str(getattr(uid, "name", "")):
        return None
    keywords = ("BitsStored", "Modality", "Rows", "Columns", "SliceLocation")
    return "\n".join(f"{kw}: {ds.get(kw, 'N/A')}" for kw in keywords)


def _fraction_group_lines(group: Dataset) -> Iterator[str]:
    planned = group.get("NumberOfFractionsPlanned")
    fractions = f"{planned} fraction(s) planned" if planned else ""
    yield (f"Fraction Group {group.get('FractionGroupNumber', '')} "
           f"{group.get('FractionGroupDescription', '')} {fractions}")
    yield f"   Brachy Application Setups: {group.get('NumberOfBrachyApplicationSetups')}"
    for beam in group.get("ReferencedBeamSequence", []):
        line = f"   Beam {beam.get('ReferencedBeamNumber')} "
        dose, meterset = beam.get("BeamDose"), beam.get("BeamMeterset")
        if dose or meterset:
            line += f"Dose {dose} Meterset {meterset}"
        yield line


def _beam_line(beam: Dataset) -> str:
    line = (f"Beam {beam.get('BeamNumber')} '{beam.get('BeamName')}' "
            f"{beam.get('TreatmentDeliveryType')} {beam.get('BeamType')} "
            f"{beam.get('RadiationType')}")
    points = beam.get("ControlPointSequence")
    if beam.get("BeamType") == "STATIC" and points:
        first = points[0]
        line += (f" energy {first.get('NominalBeamEnergy')} gantry {first.get('GantryAngle')}"
                 f", coll {first.get('BeamLimitingDeviceAngle')}, couch "
                 f"{first.get('PatientSupportAngle')}")
    counts = [beam.get(kw) for kw in ("NumberOfWedges", "NumberOfCompensators",
                                      "NumberOfBoli", "NumberOfBlocks")]
    return line + " ({} wedges, {} comps, {} boli, {} blocks)".format(*counts)


def quiet_rtplan(ds: Dataset) -> str | None:
    """The plan's label and name, its fraction groups and its beams; None if no beams."""
    if "BeamSequence" not in ds:
        return None
    first = f"Plan Label: {ds.get('RTPlanLabel')}  "
    if ds.get("RTPlanName"):
        first += f"Plan Name: {ds.get('RTPlanName')}"
    lines = [first]
    for group in ds.get("FractionGroupSequence", []):
        lines.extend(_fraction_group_lines(group))
    lines.extend(_beam_line(beam) for beam in ds.BeamSequence)
    return "\n".join(lines)


#: What ``-q`` shows, in order: a function of the dataset (its text, or None to show
#: nothing) or a keyword (``Keyword: value``, "N/A" when absent).  Change it freely.
quiet_items: list[Callable[[Dataset], str | None] | str] = [
    SOPClassname, "PatientName", "PatientID", "StudyID", "StudyDate", "StudyTime",
    "StudyDescription", quiet_image, quiet_rtplan,
]


def show_quiet(ds: Dataset) -> None:
    """Print the summary lines of :data:`quiet_items` for ``ds``."""
    for item in quiet_items:
        if isinstance(item, str):
            print(f"{item}: {ds.get(item, 'N/A')}")
            continue
        text = item(ds)
        if text:
            print(text)

"""``typeddcm dicomdir list PATH`` and ``typeddcm dicomdir create PATH... -o FOLDER``.

``list`` prints a DICOMDIR's record tree, one record a line, indented by level, with the
keys a person looks for (patient ID and name, study date and description, modality and
series number, each file's File ID), and marks referenced files that are missing.
``create`` makes a new File-set in FOLDER from the DICOM files under the paths: each
file is copied in under a conformant File ID and the DICOMDIR is written; files that
cannot go in (not DICOM, no file meta, missing keys, the same SOP Instance twice) are
listed and skipped.  FOLDER must not exist or be empty, so nothing is ever overwritten.

Exit status: 0 when all is well, 1 when a referenced file is missing (list) or a DICOM file
was skipped (create), 2 when the DICOMDIR cannot be read, nothing was written, or the
command is misused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from typeddcm._cli_common import Progress, dicom_candidates, error, is_tty
from typeddcm.dataset import Dataset
from typeddcm.dicomdir.fileset import FileSet
from typeddcm.dicomdir.tree import DirectoryRecord
from typeddcm.errors import DicomError

__all__ = ["add_command", "tree_lines"]

#: What a line shows per record type (keywords, in order); leaves show their File ID.
_SHOWN = {
    "PATIENT": ("PatientID", "PatientName"),
    "STUDY": ("StudyDate", "StudyID", "StudyDescription"),
    "SERIES": ("Modality", "SeriesNumber", "SeriesDescription"),
}


#: Files added per ``FileSet.add`` call (the progress bar moves between calls).
_CHUNK = 256


def _values(ds: Dataset, keywords: tuple[str, ...]) -> str:
    parts = []
    for keyword in keywords:
        element = ds.get(keyword)
        if element is not None and element.vr.values:
            parts.append("\\".join(str(v) for v in element.vr.values))
    return " ".join(parts)


def tree_lines(fs: FileSet) -> list[str]:
    """One line per record of ``fs``, indented two spaces a level; a referenced file that
    is not there is marked ``(missing)``."""
    missing = {id(i.record) for i in fs.missing()}
    lines: list[str] = []
    stack: list[tuple[DirectoryRecord, int]] = [(r, 0) for r in reversed(fs.roots)]
    while stack:
        record, depth = stack.pop()
        kind = record.record_type or "(no record type)"
        shown = _values(record.dataset, _SHOWN.get(kind, ()))
        file_id = record.file_id
        if file_id is not None:
            shown = " ".join(filter(None, (shown, "/".join(file_id))))
            if id(record) in missing:
                shown += " (missing)"
        if not record.in_use:
            shown += " (not in use)"
        lines.append(f"{'  ' * depth}{kind}{' ' if shown else ''}{shown}")
        stack.extend((child, depth + 1) for child in reversed(record.children))
    return lines


def _list(args: argparse.Namespace) -> int:
    path: Path = args.path
    if not path.exists():
        error("dicomdir list", f"no such file or directory: {str(path)!r}")
        return 2
    try:
        fs = FileSet.open(path)
    except (DicomError, OSError) as exc:
        error("dicomdir list", f"{str(path)!r}: {exc}")
        return 2
    lines = tree_lines(fs)
    patients = sum(r.record_type == "PATIENT" for r in fs.roots)
    missing = len(fs.missing())
    head = (f"{fs.root}: File-set {fs.file_set_id or '(no ID)'}, {len(fs)} instance"
            f"{'' if len(fs) == 1 else 's'}, {patients} patient{'' if patients == 1 else 's'}")
    if fs.orphans:
        head += f", {len(fs.orphans)} records no offset reaches"
    if missing:
        head += f", {missing} missing file{'' if missing == 1 else 's'}"
    sys.stdout.write("".join(f"{line}\n" for line in [head, *lines]))
    sys.stdout.flush()
    return 1 if missing else 0


def _empty_or_absent(folder: Path) -> bool:
    if not folder.exists():
        return True
    return folder.is_dir() and not any(folder.iterdir())


def _create(args: argparse.Namespace) -> int:
    out: Path = args.output
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        error("dicomdir create", f"no such file or directory: {str(path)!r}")
    if missing:
        return 2
    if not _empty_or_absent(out):
        error("dicomdir create", f"{str(out)!r} is not an empty folder: the File-set is "
                                 "written to a new or empty folder, never over files")
        return 2
    files, not_dicom = dicom_candidates(args.paths)
    fs = FileSet.new(out, file_set_id=args.id)
    skipped: list[str] = []
    if args.verbose:
        sys.stdout.write("".join(f"{path}: skipped: no DICM marker at byte 128\n"
                                 for path in not_dicom))
    bar = Progress(len(files), sys.stderr, is_tty(sys.stderr))

    def skip(source: object, exc: Exception) -> None:
        skipped.append(f"{source}: skipped: {exc}")

    for start in range(0, len(files), _CHUNK):
        fs = fs.add(*files[start : start + _CHUNK], on_error=skip, invent=args.invent)
        bar.update(min(start + _CHUNK, len(files)))
    bar.clear()
    if args.verbose or len(skipped) <= 20:
        shown = skipped
    else:
        shown = [*skipped[:20], f"... {len(skipped) - 20} more (--verbose lists all)"]
    sys.stdout.write("".join(f"{line}\n" for line in shown))
    if not len(fs):
        error("dicomdir create", "no DICOM instance found to put in the File-set")
        return 2
    try:
        written = fs.write()
    except (DicomError, OSError) as exc:
        error("dicomdir create", str(exc))
        return 2
    sys.stdout.write(f"wrote {Path(written.root) / 'DICOMDIR'}: {len(written)} instance"
                     f"{'' if len(written) == 1 else 's'}, {len(skipped)} file"
                     f"{'' if len(skipped) == 1 else 's'} skipped"
                     f"{f', {len(not_dicom)} not DICOM' if not_dicom else ''}\n")
    sys.stdout.flush()
    return 1 if skipped else 0


def add_command(commands: Any) -> None:
    """Register ``dicomdir`` (``list``, ``create``) on the command line's subparsers."""
    command = commands.add_parser(
        "dicomdir", help="list a DICOMDIR, or make a File-set from files",
        description="Work with DICOM File-sets and their DICOMDIR (PS3.10 8, PS3.3 F).",
        epilog="Exit status: 0 when all is well, 1 when a referenced file is missing (list) "
               "or a DICOM file was skipped (create; files without the DICM marker in a "
               "folder are passed over), 2 when nothing could be done.")
    actions = command.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="print a DICOMDIR's records as a tree",
        description="Print the record tree of a DICOMDIR (the file, or its folder).")
    listing.add_argument("path", type=Path, metavar="PATH", help="a DICOMDIR or its folder")
    listing.set_defaults(handler=_list)
    create = actions.add_parser(
        "create", help="make a File-set (copied files and a DICOMDIR) from DICOM files",
        description="Copy the DICOM files under the paths into FOLDER under conformant File "
                    "IDs (PT000000/ST000000/SE000000/IM000000) and write FOLDER/DICOMDIR.")
    create.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="files or directories, searched recursively")
    create.add_argument("-o", "--output", type=Path, required=True, metavar="FOLDER",
                        help="the new File-set's folder (must not exist or be empty)")
    create.add_argument("--id", default="", metavar="ID",
                        help="File-set ID (0004,1130): up to 16 characters")
    create.add_argument("--invent", action="store_true",
                        help="fill a record's Type 1 keys an instance lacks (a de-identified"
                             " Study Date, ...) with values that say nothing (19000101,"
                             " UNKNOWN, a new UID) instead of skipping the instance")
    create.add_argument("--verbose", action="store_true", help="list every skipped file")
    create.set_defaults(handler=_create)

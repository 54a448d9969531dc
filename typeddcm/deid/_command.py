"""``typeddcm deidentify IN... -o OUT --key KEY [options]``: the command line of
:func:`deidentify_paths`.

Outputs: one input folder's files go to the same relative paths under OUT; a named file
to OUT/its name; with several inputs each goes under OUT/<its name>.  Inputs are never
written: OUT may not be an input or lie inside one, an existing output file is never
overwritten (that file fails), and two inputs landing on one output is a usage error.
A report (JSON, or CSV when its name ends in ``.csv``; default
``OUT/deidentify-report.json``, or ``-2``, ``-3`` ... when an earlier run's report is
there) lists every file: status, reason, the actions taken.
Exit status: 0 when every file was de-identified, 1 when some was refused or failed,
2 for usage errors (a missing path, OUT inside an input, a bad key or option set).
"""

from __future__ import annotations

import argparse
import csv
import io as _io
import json
import sys
from pathlib import Path
from typing import Any

from typeddcm._cli_common import (
    Progress,
    candidates,
    error,
    existing_paths,
    is_tty,
    looks_like_dicom,
)
from typeddcm.io import make_folders, read_text, write_text_atomically

from ._files import FileResult, deidentify_paths
from ._profile import Option

__all__ = ["add_command"]

_NAME = "deidentify"
_FLAGS: dict[Option, tuple[str, str]] = {
    Option.RETAIN_SAFE_PRIVATE: ("--retain-safe-private",
                                 "keep the private attributes of the safe list (PS3.15 E.3.10)"),
    Option.RETAIN_UIDS: ("--retain-uids", "keep UIDs instead of mapping them"),
    Option.RETAIN_DEVICE_IDENTITY: ("--retain-device-identity", "keep device identity"),
    Option.RETAIN_INSTITUTION_IDENTITY: ("--retain-institution-identity",
                                         "keep institution identity"),
    Option.RETAIN_PATIENT_CHARACTERISTICS: ("--retain-patient-characteristics",
                                            "keep age, sex, size, weight ..."),
    Option.RETAIN_LONG_FULL_DATES: ("--retain-full-dates",
                                    "keep dates and times unchanged"),
    Option.RETAIN_LONG_MODIFIED_DATES: ("--retain-modified-dates",
                                        "keep dates shifted by a per-patient offset"),
    Option.CLEAN_DESCRIPTORS: ("--clean-descriptors", "keep descriptions, cleaned"),
    Option.CLEAN_STRUCTURED_CONTENT: ("--clean-structured-content",
                                      "keep SR content, cleaned item by item"),
    Option.CLEAN_GRAPHICS: ("--clean-graphics", "clean overlays and curves"),
}


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _jobs(inputs: list[Path], out: Path, force: bool) -> tuple[list[tuple[Path, Path]], int]:
    """(source, target) pairs and how many files were skipped as not DICOM."""
    several = len(inputs) > 1
    pairs: list[tuple[Path, Path]] = []
    skipped = 0
    for given in inputs:
        base = out / given.name if several else out
        for path, named in candidates([given]):
            if not (named or force or looks_like_dicom(path)):
                skipped += 1
                continue
            target = (base if several else out / path.name) if named else (
                base / path.relative_to(given))
            pairs.append((path, target))
    return pairs, skipped


def _key(args: argparse.Namespace) -> str | None:
    if args.key is not None:
        return str(args.key)
    try:
        return read_text(args.key_file).rstrip("\r\n")
    except OSError as exc:
        error(_NAME, f"cannot read the key file {str(args.key_file)!r}: {exc.strerror}")
        return None


def _run(args: argparse.Namespace) -> int:
    if not args.inputs:
        error(_NAME, "name at least one input file or folder")
        return 2
    inputs = existing_paths(_NAME, args.inputs)
    if inputs is None:
        return 2
    out = args.output.resolve()
    for given in inputs:
        if _inside(out, given.resolve()):
            error(_NAME, f"the output {str(args.output)!r} is inside the input {str(given)!r}")
            return 2
    key = _key(args)
    if key is None:
        return 2
    options = [option for option in Option if getattr(args, option.value)]
    pairs, skipped = _jobs(inputs, args.output, args.force)
    targets: dict[Path, Path] = {}
    for source, target in pairs:
        if target.resolve() in targets:
            error(_NAME, f"{str(source)!r} and {str(targets[target.resolve()])!r} would both "
                         f"be written to {str(target)!r}")
            return 2
        targets[target.resolve()] = source
    report_path = args.report if args.report is not None else _new_report(args.output)
    if any(_inside(report_path.resolve(), given.resolve()) for given in inputs):
        error(_NAME, f"the report {str(report_path)!r} would be written inside an input")
        return 2
    bar = Progress(len(pairs), sys.stderr, is_tty(sys.stderr))
    results: list[FileResult] = []
    try:
        for done, result in enumerate(deidentify_paths(
                [(str(s), str(t)) for s, t in pairs], key, options,
                allow_burned_in=args.allow_burned_in, workers=args.workers), start=1):
            results.append(result)
            if result.status != "done":
                bar.clear()
                sys.stdout.write(f"{result.source}: {result.status}: {result.reason}\n")
                sys.stdout.flush()
            bar.update(done)
    except ValueError as exc:  # the key or the option set, checked before any file
        bar.clear()
        error(_NAME, str(exc))
        return 2
    bar.clear()
    make_folders(report_path.parent)
    write_text_atomically(report_path, _report(results, options, report_path.suffix == ".csv"))
    refused = sum(r.status == "refused" for r in results)
    failed = sum(r.status == "failed" for r in results)
    tail = f"; {skipped} skipped (not DICOM)" if skipped else ""
    sys.stdout.write(f"{len(results)} file{'' if len(results) == 1 else 's'}: "
                     f"{len(results) - refused - failed} de-identified, {refused} refused, "
                     f"{failed} failed{tail}; report: {report_path}\n")
    return 1 if refused or failed else 0


def _new_report(output: Path) -> Path:
    """``OUT/deidentify-report.json``, or ``-2``, ``-3`` ... after it: a run into a folder
    that holds an earlier run's report keeps that report (as it keeps its files)."""
    path = output / "deidentify-report.json"
    number = 1
    while path.exists():
        number += 1
        path = output / f"deidentify-report-{number}.json"
    return path


def _report(results: list[FileResult], options: list[Option], as_csv: bool) -> str:
    if as_csv:
        buffer = _io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(["source", "output", "status", "reason", "date_shift_days", "counts",
                         "actions"])
        for r in results:
            writer.writerow([r.source, r.output, r.status, r.reason, r.date_shift_days,
                             json.dumps(r.counts(), sort_keys=True), "; ".join(r.actions)])
        return buffer.getvalue()
    document: dict[str, Any] = {
        "options": [o.value for o in options],
        "files": [{"source": r.source, "output": r.output, "status": r.status,
                   "reason": r.reason, "date_shift_days": r.date_shift_days,
                   "counts": r.counts(), "actions": list(r.actions)} for r in results]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def add_command(commands: Any) -> None:
    """Register ``deidentify`` on the command line's subparsers."""
    command = commands.add_parser(
        _NAME, help="de-identify files (PS3.15 E.1 Basic Profile and options)",
        description="Write de-identified copies of every DICOM file under the inputs: the "
                    "Basic Application Level Confidentiality Profile of PS3.15 Annex E with "
                    "the options chosen; UIDs mapped by HMAC-SHA256 under the key (the same "
                    "key maps the same UIDs in every run). Files with Burned In Annotation "
                    "YES are refused: pixel redaction is not done.",
        epilog="Exit status: 0 when every file was de-identified, 1 when some was refused "
               "or failed, 2 for usage errors.")
    command.add_argument("inputs", nargs="*", type=Path, metavar="IN",
                         help="files or folders to de-identify (never written)")
    command.add_argument("-o", "--output", type=Path, required=True, metavar="OUT",
                         help="folder for the de-identified files (not inside an input)")
    keys = command.add_mutually_exclusive_group(required=True)
    keys.add_argument("--key", help="secret for the UID mapping and date shifts")
    keys.add_argument("--key-file", type=Path, help="read the secret from this file")
    for option, (flag, text) in _FLAGS.items():
        command.add_argument(flag, dest=option.value, action="store_true", help=text)
    command.add_argument("--allow-burned-in", action="store_true",
                         help="process files whose Burned In Annotation is YES (pixels unchanged)")
    command.add_argument("--report", type=Path, default=None,
                         help="report file (.json or .csv; default OUT/deidentify-report.json)")
    command.add_argument("--force", action="store_true",
                         help="also read files without the DICM marker found in folders")
    command.add_argument("--workers", type=int, default=None,
                         help="processes to use (default: every core)")
    command.set_defaults(handler=_run)

"""``typeddcm validate PATH... [--json]``: the command line of :func:`validate`.

Text output is one screen per file a person reads: a line with the counts, then the
errors and warnings (infos with ``--verbose``), at most :data:`SHOWN` of them unless
``--verbose``.  ``--json`` prints one document for tools.  Exit status: 0 when no file
has errors, 1 when some has, 2 when a file cannot be read or the command is misused.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from typeddcm._cli_common import Progress, dicom_candidates, existing_paths, is_tty

from ._report import Report, Severity
from ._validate import validate_paths

__all__ = ["SHOWN", "add_command", "report_lines"]

#: Findings listed per file without ``--verbose`` (one screen).
SHOWN = 20


def report_lines(report: Report, verbose: bool) -> list[str]:
    """The lines of one file's report: counts, then findings, worst first."""
    if report.unreadable is not None:
        return [f"{report.source}: unreadable: {report.unreadable}"]
    counts = [(report.count(s), s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    head = ", ".join(f"{n} {s}{'' if n == 1 else 's'}" for n, s in counts)
    lines = [f"{report.source or '<dataset>'}: {'ok' if report.ok else 'FAILED'} ({head})"]
    wanted = [f for f in report.findings if verbose or f.severity is not Severity.INFO]
    wanted.sort(key=lambda f: -f.severity)  # stable: found order within a severity
    shown = wanted if verbose else wanted[:SHOWN]
    lines += [f"  {finding}" for finding in shown]
    if len(wanted) > len(shown):
        lines.append(f"  ... {len(wanted) - len(shown)} more (--verbose lists all)")
    return lines


def _run(args: argparse.Namespace) -> int:
    paths = existing_paths("validate", args.paths)
    if paths is None:
        return 2
    files, skipped = dicom_candidates(paths, args.force)
    if args.verbose and not args.json:
        for path in skipped:
            sys.stdout.write(f"{path}: skipped (no DICM marker at byte 128; --force reads it)\n")
    bar = Progress(len(files), sys.stderr, any(p.is_dir() for p in paths) and is_tty(sys.stderr))
    reports: list[Report] = []
    for done, report in enumerate(validate_paths(files, iod=not args.no_iod, force=args.force,
                                                 workers=args.workers), start=1):
        reports.append(report)
        if not args.json:
            bar.clear()
            sys.stdout.write("".join(f"{line}\n" for line in report_lines(report, args.verbose)))
            sys.stdout.flush()
        bar.update(done)
    bar.clear()
    unreadable = sum(r.unreadable is not None for r in reports)
    failed = sum(r.unreadable is None and not r.ok for r in reports)
    if args.json:
        document: dict[str, Any] = {
            "files": [r.to_json() for r in reports],
            "summary": {"files": len(reports), "ok": len(reports) - failed - unreadable,
                        "failed": failed, "unreadable": unreadable,
                        "skipped": [str(path) for path in skipped]}}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        tail = f"; {len(skipped)} skipped (not DICOM)" if skipped else ""
        sys.stdout.write(f"{len(reports)} file{'' if len(reports) == 1 else 's'}: "
                         f"{len(reports) - failed - unreadable} ok, {failed} with errors, "
                         f"{unreadable} unreadable{tail}\n")
    sys.stdout.flush()
    if unreadable:
        return 2
    return 1 if failed else 0


def add_command(commands: Any) -> None:
    """Register ``validate`` on the command line's subparsers."""
    command = commands.add_parser(
        "validate", help="check files against the standard (encoding and IOD)",
        description="Check every DICOM file under the paths: VR, VM and value rules, retired "
                    "and private elements, group lengths, file meta and transfer syntax "
                    "(PS3.5, PS3.6, PS3.10), and the IOD of its SOP Class: modules and "
                    "attribute types (PS3.3).",
        epilog="Exit status: 0 when no file has errors, 1 when some has, 2 when a file "
               "cannot be read or for usage errors.")
    command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="files or directories (default: the shipped samples)")
    command.add_argument("--json", action="store_true", help="print one JSON document")
    command.add_argument("--verbose", action="store_true",
                         help="list every finding, infos too")
    command.add_argument("--no-iod", action="store_true", help="encoding checks only")
    command.add_argument("--force", action="store_true",
                         help="read files without the DICM marker as bare datasets")
    command.add_argument("--workers", type=int, default=None,
                         help="processes to use (default: every core)")
    command.set_defaults(handler=_run)

"""The ``typeddcm`` command: ``dump`` and ``roundtrip`` here; ``validate``, ``index``,
``dicomdir`` and ``deidentify`` are each added by their package's ``_command`` module
(one ``add_command`` call apiece below), so each package keeps its command line.

Strategy: parse arguments, call the library, print.  Formatting lives in
:mod:`typeddcm._dump`; reading and writing in :mod:`typeddcm.io` and the codec.
Every problem with an input becomes a message naming the file, never a
traceback.  Warnings raised while reading (``DicomWarning``) are collected per
file and reported as text, not with Python's warning format (each names its tag
path and byte offset; the file is named once, by the report).

Exit status: 0 when everything went well; 1 when a file could not be read, or
(``roundtrip``) did not come back byte for byte; 2 for usage errors, a missing
path among them.

``typeddcm dump [FILE ...]`` lists files like dcmdump (``--json``: the DICOM
JSON model of PS3.18 F.2 from :mod:`typeddcm.dicomjson`, one object for one file,
an array for several with ``null`` for a file that could not be read; bulk values
are inlined as base64, ``--no-pixels`` leaves Pixel Data out).
``typeddcm roundtrip [PATH ...]`` reads every DICOM file under the paths and
re-encodes every element from its decoded value, comparing with the bytes read
(:mod:`typeddcm.validation.roundtrip`); ``--fast`` writes each back like the
original in memory and compares the bytes; ``--conformant`` writes a conformant
file, reads it back and compares the values.  Without paths, both commands work
on the sample files shipped in :mod:`typeddcm.samples`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs

from typeddcm import __version__
from typeddcm._cli_common import PROG
from typeddcm._cli_common import Progress as _Progress
from typeddcm._cli_common import candidates as _candidates
from typeddcm._cli_common import error as _error
from typeddcm._cli_common import existing_paths as _existing_paths
from typeddcm._cli_common import is_tty as _is_tty
from typeddcm._dump import file_json, listing, locate
from typeddcm.dataset import Dataset
from typeddcm.errors import ReadWarning
from typeddcm.io import has_dicom_marker, read, read_file_bytes
from typeddcm.validation.roundtrip import (
    ConformantCheck,
    RoundtripCheck,
    conformant_file,
    roundtrip_values,
)
from typeddcm.vr import SQ

__all__ = ["RoundtripResult", "main", "roundtrip_file"]


_STATUSES = ("identical", "different", "unreadable", "skipped")
_CONFORMANT_STATUSES = ("same", "changed", "unwritable", "unreadable", "skipped")
_SHOWN = 20  # differences listed per file without --verbose


# ----------------------------------------------------------------------------- helpers


def _describe(exc: BaseException) -> str:
    """An exception as one line: its class name and message."""
    text = _flagged(str(exc).strip() or repr(exc))
    return f"{type(exc).__name__}: {' '.join(text.split())}"


def _flagged(text: str) -> str:
    # The library's hint names its keyword argument; on the command line it is a flag.
    return text.replace("(force=True reads a bare dataset)", "(--force reads it as a bare dataset)")


def _warning(command: str, message: str) -> None:
    print(f"{PROG} {command}: warning: {message}", file=sys.stderr)


def _messages(caught: list[warnings.WarningMessage]) -> list[str]:
    """The distinct warning texts, in the order they were raised (a reader's warning
    without its source: the report names the file)."""
    seen: dict[str, None] = {}
    for item in caught:
        message = item.message
        text = message.detail if isinstance(message, ReadWarning) else str(message)
        seen.setdefault(" ".join(text.split()), None)
    return list(seen)


# ----------------------------------------------------------------------------- dump


def _dump(args: argparse.Namespace) -> int:
    paths = _existing_paths("dump", args.files)
    if paths is None:
        return 2
    directories = [p for p in paths if p.is_dir()]
    if directories:
        for path in directories:
            _error("dump", f"{str(path)!r} is a directory (dump takes files)")
        return 2
    status = 0
    documents: list[dict[str, Any] | None] = []  # None for a file that could not be read
    for number, path in enumerate(paths):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                f = read(path, stop_before_pixels=args.no_pixels, force=args.force)
                if args.json:
                    documents.append(file_json(f, header_only=args.header_only))
                else:
                    lines = list(listing(f, name=str(path), header_only=args.header_only))
                    if number:
                        sys.stdout.write("\n")
                    sys.stdout.write("\n".join(lines) + "\n")
            except Exception as exc:  # any problem with one input is reported, not raised
                _error("dump", f"{path}: {_describe(exc)}")
                status = 1
                documents.append(None)  # keeps the JSON array in the order of the files
        for message in _messages(caught):
            _warning("dump", f"{path}: {message}")
    if args.json and documents != [None]:
        document: Any = documents[0] if len(paths) == 1 else documents
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    sys.stdout.flush()
    return status


# ----------------------------------------------------------------------------- roundtrip


@attrs.frozen
class RoundtripResult:
    """What happened to one file: read, written back like the original, compared."""

    path: str
    #: "identical", "different", "unreadable" or "skipped" (not DICOM, in a directory).
    status: str
    size: int | None = None
    #: For "different": the first byte that differs, and where it was read from when known.
    offset: int | None = None
    where: str | None = None
    written_size: int | None = None
    #: For "unreadable" (and a "different" whose writing failed): what went wrong.
    error: str | None = None
    warnings: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The result as a JSON object (fields that do not apply are left out)."""
        data = attrs.asdict(self, filter=lambda _a, v: v is not None)
        data["warnings"] = list(self.warnings)
        return data

    def line(self) -> str:
        """The result as one line of text."""
        detail = ""
        if self.status == "different":
            if self.error is not None:
                detail = f": {self.error}"
            else:
                where = f", in {self.where}" if self.where else ""
                sizes = ""
                if self.written_size != self.size:
                    sizes = f" (original {self.size} bytes, rewritten {self.written_size})"
                detail = f": first difference at byte {self.offset}{where}{sizes}"
        elif self.status in ("unreadable", "skipped"):
            detail = f": {self.error}"
        if self.warnings:
            count = len(self.warnings)
            detail += f" ({count} warning{'' if count == 1 else 's'})"
        return f"{self.status:<10} {self.path}{detail}"


def _first_difference(a: bytes, b: bytes) -> int | None:
    """The first offset where ``a`` and ``b`` differ (the shorter length if one is a prefix)."""
    if a == b:
        return None
    low, high = 0, min(len(a), len(b))
    # Binary search on prefix equality: slices compare at C speed.
    while low < high:
        middle = (low + high) // 2
        if a[low : middle + 1] == b[low : middle + 1]:
            low = middle + 1
        else:
            high = middle
    return low


def roundtrip_file(path: Path, *, force: bool = False, must_be_dicom: bool = False,
                   decode: bool = False) -> RoundtripResult:
    """Read ``path``, write it back like the original (in memory) and compare the bytes.

    Without ``force``, a file without "DICM" at byte 128 is skipped, unless
    ``must_be_dicom`` (the file was named on the command line: it is read, and
    reported unreadable if it is not DICOM).  ``decode`` also decodes every value.
    """
    name = str(path)
    try:
        if not force and not must_be_dicom and not has_dicom_marker(path):
            return RoundtripResult(name, "skipped", size=path.stat().st_size,
                                   error="no DICM marker at byte 128 (--force tries it)")
        data = read_file_bytes(path)
    except OSError as exc:
        return RoundtripResult(name, "unreadable", error=_describe(exc))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            f = read(data, force=force)
            if decode:
                _decode_all(f.meta)
                _decode_all(f.dataset)
        except Exception as exc:  # every reading problem is a result, not a crash
            return RoundtripResult(name, "unreadable", size=len(data), error=_describe(exc),
                                   warnings=tuple(_messages(caught)))
        try:
            written = f.to_bytes(like_original=True)
        except Exception as exc:  # a writer failure is a roundtrip that did not come back
            return RoundtripResult(name, "different", size=len(data),
                                   error=f"writing failed: {_describe(exc)}",
                                   warnings=tuple(_messages(caught)))
    notes = tuple(_messages(caught))
    offset = _first_difference(data, written)
    if offset is None:
        return RoundtripResult(name, "identical", size=len(data), warnings=notes)
    try:
        where = locate(f, offset)
    except Exception:  # locating is a courtesy; never let it hide the result
        where = None
    return RoundtripResult(name, "different", size=len(data), offset=offset, where=where,
                           written_size=len(written), warnings=notes)


def _decode_all(ds: Dataset) -> None:
    for elem in ds.elements():
        vr = elem.vr
        if isinstance(vr, SQ):
            for item in vr.values:
                _decode_all(item)


_Result = RoundtripResult | RoundtripCheck | ConformantCheck


def _check(args: argparse.Namespace, path: Path, named: bool) -> _Result:
    if args.fast:
        return roundtrip_file(path, force=args.force, must_be_dicom=named, decode=args.decode)
    result: RoundtripCheck | ConformantCheck = (
        conformant_file(path, force=args.force, must_be_dicom=named) if args.conformant
        else roundtrip_values(path, force=args.force, must_be_dicom=named))
    if result.error is not None:  # the library's hint names a keyword; here it is a flag
        result = attrs.evolve(result, error=_flagged(result.error))
    return result


def _details(result: _Result, verbose: bool) -> list[str]:
    """The indented lines under a file's line: differences or changes, then warnings."""
    items = (result.differences if isinstance(result, RoundtripCheck)
             else result.changes if isinstance(result, ConformantCheck) else ())
    shown = items if verbose else items[:_SHOWN]
    lines = [f"           {item.line()}" for item in shown]
    if len(items) > len(shown):
        lines.append(f"           ... {len(items) - len(shown)} more (--verbose lists all)")
    if verbose and not isinstance(result, ConformantCheck):
        lines += [f"           warning: {message}" for message in result.warnings]
    return lines


def _roundtrip(args: argparse.Namespace) -> int:
    paths = _existing_paths("roundtrip", args.paths)
    if paths is None:
        return 2
    if args.fast and args.conformant:
        _error("roundtrip", "choose one of --fast and --conformant")
        return 2
    if args.decode and not args.fast:
        args.fast = True  # --decode belongs to the slice-copy check (the default decodes all)
    candidates = _candidates(paths)
    any_directory = any(p.is_dir() for p in paths)
    progress = _Progress(len(candidates), sys.stderr, any_directory and _is_tty(sys.stderr))
    results: list[_Result] = []
    for done, (path, named) in enumerate(candidates, start=1):
        result = _check(args, path, named)
        results.append(result)
        if not args.json and (result.status != "skipped" or args.verbose):
            progress.clear()
            sys.stdout.write("".join(f"{line}\n" for line in
                                     [result.line(), *_details(result, args.verbose)]))
            sys.stdout.flush()
        progress.update(done)
    progress.clear()
    statuses = _CONFORMANT_STATUSES if args.conformant else _STATUSES
    counts = {status: sum(r.status == status for r in results) for status in statuses}
    checked = len(results) - counts["skipped"]
    classes: dict[str, int] = {}
    for result in results:
        if isinstance(result, RoundtripCheck):
            for kind, count in result.counts().items():
                classes[kind] = classes.get(kind, 0) + count
    if args.json:
        summary: dict[str, Any] = {"files": checked, **counts}
        if not args.fast and not args.conformant:
            summary["classes"] = dict(sorted(classes.items()))
        document = {"files": [r.to_json() for r in results], "summary": summary}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    else:
        if classes:
            sys.stdout.write("differences by class: " + ", ".join(
                f"{kind} {count}" for kind, count in sorted(classes.items())) + "\n")
        shown = [s for s in statuses if s != "skipped"]
        line = (f"{checked} file{'' if checked == 1 else 's'}: "
                + ", ".join(f"{counts[s]} {s}" for s in shown))
        if counts["skipped"]:
            line += f"; {counts['skipped']} skipped (not DICOM)"
        sys.stdout.write(line + "\n")
    sys.stdout.flush()
    failed = sum(counts[s] for s in _failures(args.conformant))
    return 0 if failed == 0 else 1


def _failures(conformant: bool) -> tuple[str, ...]:
    """The statuses that make the exit status 1."""
    return ("changed", "unwritable", "unreadable") if conformant else ("different", "unreadable")


# ----------------------------------------------------------------------------- parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Read, list and check DICOM files with typeddcm.",
        epilog="Without files, each command works on the sample files shipped with typeddcm.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    from typeddcm.deid._command import add_command as add_deidentify
    from typeddcm.dicomdir._command import add_command as add_dicomdir
    from typeddcm.index._command import add_command as add_index
    from typeddcm.validation._command import add_command as add_validate

    dump = commands.add_parser(
        "dump", help="list the elements of DICOM files",
        description="List each element as '(gggg,eeee) VR [length] Name: value', like dcmdump.",
        epilog="--json follows the DICOM JSON model (PS3.18 F.2): one object for one file, "
               "an array for several (null for a file that cannot be read).  Bulk values "
               "are inlined as base64 (InlineBinary); --no-pixels leaves Pixel Data out.")
    dump.add_argument("files", nargs="*", type=Path, metavar="FILE",
                      help="DICOM files (default: the shipped samples)")
    dump.add_argument("--header-only", action="store_true",
                      help="list the file meta information (group 0002) only")
    dump.add_argument("--json", action="store_true", help="print the DICOM JSON model instead")
    dump.add_argument("--no-pixels", action="store_true",
                      help="stop reading before Pixel Data")
    dump.add_argument("--force", action="store_true",
                      help="read files without the DICM marker as bare datasets")
    dump.set_defaults(handler=_dump)

    roundtrip = commands.add_parser(
        "roundtrip", help="check that files' bytes follow from their decoded values",
        description="Read every DICOM file under the paths, encode every element again from "
                    "its decoded value (transfer syntax, character set and length style as "
                    "read) and compare with the bytes read: identical, different or "
                    "unreadable; each difference has a tag path, offset and class.",
        epilog="Exit status: 0 when every file is identical (--conformant: same), 1 when any "
               "is not, 2 for usage errors (a missing path among them).")
    roundtrip.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                           help="files and directories, searched recursively "
                                "(default: the shipped samples)")
    roundtrip.add_argument("--force", action="store_true",
                           help="try every file, not only those with DICM at byte 128")
    roundtrip.add_argument("--fast", action="store_true",
                           help="only write each file back like the original (unchanged "
                                "elements are copied as their bytes) and compare")
    roundtrip.add_argument("--decode", action="store_true",
                           help="with --fast: also decode every value (a failure makes the "
                                "file unreadable); implies --fast")
    roundtrip.add_argument("--conformant", action="store_true",
                           help="write a conformant file (like_original=False), read it back "
                                "and report every element whose value changed, or why "
                                "writing failed")
    roundtrip.add_argument("--json", action="store_true",
                           help="print one JSON document with per-file results and a summary")
    roundtrip.add_argument("-v", "--verbose", action="store_true",
                           help="also list skipped files, and each warning raised while "
                                "reading")
    roundtrip.set_defaults(handler=_roundtrip)
    add_validate(commands)
    add_index(commands)
    add_dicomdir(commands)
    add_deidentify(commands)
    return parser


def _exit_status(exc: SystemExit) -> int:
    code = exc.code
    if code is None:
        return 0
    return code if isinstance(code, int) else 2


def _tolerant_streams() -> None:
    """Let names in any script reach a terminal that cannot show them (escaped, not a crash)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure: Callable[..., None] | None = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status."""
    if argv is None:
        _tolerant_streams()
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return _exit_status(exc)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        _error("", "choose a command: dump, roundtrip, validate, index, dicomdir or "
                   "deidentify (see --help)")
        return 2
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader of our output went away (e.g. `| head`): stop quietly.
        with contextlib.suppress(OSError, ValueError):  # no real descriptor: nothing to do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1

"""``typeddcm index PATH... -o index.parquet``: the command line of :func:`build_index`.

A progress bar on a terminal, then one summary line.  Exit status: 0 when every file
scanned is ok or not DICOM (a row with status ``not-dicom``), 1 when some file is a row
with an error (the index is written all the same), 2 for usage errors: a missing path, a missing extra, a cluster that cannot be
reached.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from typeddcm._cli_common import Progress, error, existing_paths, is_tty
from typeddcm.errors import MissingExtraError

__all__ = ["add_command"]


def _run(args: argparse.Namespace) -> int:
    from ._build import build_index

    paths = existing_paths("index", args.paths)
    if paths is None:
        return 2
    if args.workers is not None and args.workers < 1:
        error("index", "--workers must be at least 1")
        return 2
    bar: Progress | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(total, sys.stderr, is_tty(sys.stderr))
        bar.update(done)

    try:
        summary = build_index(paths, args.output, private=args.private, workers=args.workers,
                              dask=args.dask, incremental=not args.full, progress=progress)
    except MissingExtraError as exc:
        error("index", str(exc))
        return 2
    except OSError as exc:  # the output's folder, or a cluster that cannot be reached
        error("index", f"{type(exc).__name__}: {exc}")
        return 2
    finally:
        if bar is not None:
            bar.clear()
    sys.stdout.write(summary.line() + "\n")
    sys.stdout.flush()
    return 1 if summary.failed else 0


def add_command(commands: Any) -> None:
    """Register ``index`` on the command line's subparsers."""
    command = commands.add_parser(
        "index", help="index the headers of many files into a Parquet table",
        description="Read the header of every file under the paths (never Pixel Data) into "
                    "one Parquet file: a row per file (path, size, mtime, transfer syntax, "
                    "SOP Class, status, error, warnings) and a typed column per attribute. "
                    "Run again with the same output, only new and changed files are read.",
        epilog="Exit status: 0 when every file read is ok or not DICOM (a not-dicom row), "
               "1 when some is a row with an error (the index is written all the same), 2 "
               "for usage errors.")
    command.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                         help="files or directories (default: the shipped samples)")
    command.add_argument("-o", "--output", type=Path, required=True,
                         help="the Parquet file to write (or update)")
    command.add_argument("--workers", type=int, default=None,
                         help="processes to use (default: every core); with --dask local, "
                              "the local cluster's workers")
    command.add_argument("--private", action="store_true", help="index private elements too")
    command.add_argument("--full", action="store_true",
                         help="read every file again, even if the output knows it")
    command.add_argument("--dask", metavar="ADDRESS", default=None,
                         help="run on a Dask cluster: a scheduler address "
                              "(tcp://host:8786), or 'local' to start a LocalCluster")
    command.set_defaults(handler=_run)

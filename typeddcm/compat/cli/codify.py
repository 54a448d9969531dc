"""pydicom's ``cli.codify``: the ``codify`` subcommand, Python code that rebuilds a file.

``codify FILESPEC [OUTFILE]`` writes the code of :func:`typeddcm.compat.util.codify.
code_file_from_dataset` for the file (or for the sequence item its ``::element``
names; any other element is refused with NotImplementedError, as in pydicom), with a
``# -*- coding: utf-8 -*-`` first line (as pydicom 3's command writes) and a last line
that saves the dataset: to ``-s/--save-as``, else to the input name +
``_from_codify.dcm``.  ``-e/--exclude-size N`` leaves out bulk values over N bytes
(default 100), ``-p/--include-private`` keeps private elements (without it every
odd-group element is left out, as pydicom's command does).
"""

from __future__ import annotations

import argparse
import os
from typing import Any

from ..dataset import Dataset
from ..util.codify import _path_source, code_file_from_dataset
from .main import filespec_help, filespec_parser

__all__ = ["DEFAULT_EXCLUDE_SIZE", "add_subparser", "do_codify"]

#: Bulk values larger than this many bytes are left out unless ``-e`` says otherwise.
DEFAULT_EXCLUDE_SIZE = 100


def add_subparser(subparsers: Any) -> None:
    """Add ``codify`` and its options to argparse's ``subparsers``."""
    parser = subparsers.add_parser(
        "codify", description="Read a DICOM file and produce the typeddcm.compat (pydicom) "
        "Python code which can create that file",
        epilog=(f"Binary data (e.g. pixels) larger than --exclude-size (default "
                f"{DEFAULT_EXCLUDE_SIZE} bytes) is not included. A dummy line with a syntax "
                "error is produced. Private data elements are not included by default."))
    parser.add_argument("filespec", help=filespec_help, type=filespec_parser)
    parser.add_argument("outfile", nargs="?", type=argparse.FileType("w", encoding="UTF-8"),
                        help="Filename to write Python code to (default: standard output)")
    parser.add_argument("-e", "--exclude-size", type=int, default=DEFAULT_EXCLUDE_SIZE,
                        help=f"Exclude binary data larger than this many bytes "
                             f"(default {DEFAULT_EXCLUDE_SIZE})")
    parser.add_argument("-p", "--include-private", action="store_true",
                        help="Include private data elements (default is to exclude them)")
    parser.add_argument("-s", "--save-as",
                        help="The filename for ds.save_as(); otherwise the input name "
                             "+ '_from_codify.dcm'")
    parser.set_defaults(func=do_codify)


def do_codify(args: argparse.Namespace) -> None:
    """Write the code for ``args.filespec`` to ``args.outfile`` (standard output if None)."""
    import sys

    if len(args.filespec) != 1:
        raise NotImplementedError("Codify can only work on a single DICOM file input")
    ds, element = args.filespec[0]
    if element is not None and not isinstance(element, Dataset):
        msg = f"Codify can only code a Dataset, not a {type(element)}"
        raise NotImplementedError(msg)
    coded = ds if element is None else element
    if not args.include_private:
        # Every odd group, as pydicom's command counts private elements (the dataset
        # was read for this command alone); util.codify keeps (0001,xxxx) and the other
        # groups PS3.5 7.1 says are not private.
        coded.remove_private_tags()
    code = code_file_from_dataset(coded, args.exclude_size, args.include_private)
    filename = str(getattr(ds, "filename", "") or "dataset")
    save_as = args.save_as or os.path.splitext(filename)[0] + "_from_codify.dcm"
    code = (f"# -*- coding: utf-8 -*-\n{code}\n"
            f"ds.save_as({_path_source(save_as)}, write_like_original=False)")
    out = args.outfile
    if out is None:
        sys.stdout.write(code)
        return
    print(f"Writing code to file '{out.name}'")
    with out:
        out.write(code)

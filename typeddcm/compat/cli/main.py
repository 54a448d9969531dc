"""pydicom's ``cli.main``: the ``pydicom`` command's parser and its file specifications.

``main(args)`` parses ``args`` (``sys.argv[1:]`` when None) and runs the subcommand:
``show`` and ``codify`` (ours, :mod:`.show` and :mod:`.codify`), ``help``, and any
further subcommand a package registers under the entry-point group
``pydicom_subcommands`` (a callable taking argparse's subparsers, as in pydicom); a
name we already have is not replaced.  With no subcommand it prints the usage.

A file specification is ``[pydicom::]filename[::element]`` (:func:`filespec_parser`,
the argparse ``type`` of a subcommand's ``filespec`` argument).  ``element`` is a
path of keywords and sequence indexes (``BeamSequence[0].ControlPointSequence``); it
is looked up attribute by attribute and index by index, never evaluated as Python.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from typing import Any

from ..data import get_charset_files, get_testdata_file
from ..filereader import dcmread

__all__ = ["eval_element", "filespec_help", "filespec_parser", "filespec_parts",
           "get_subcommand_entry_points", "help_command", "main", "subparsers"]

#: One step of an element path: a name, optionally with an index (``[2]``, ``[-1]``).
_STEP = re.compile(r"(\w+)(?:\[(-?\d+)\])?")
#: A whole element path: steps joined by dots, to the end of the text.
_PATH = re.compile(r"\w+(?:\[-?\d+\])?(?:\.\w+(?:\[-?\d+\])?)*\Z")

filespec_help = (
    "File specification, in format [pydicom::]filename[::element]. If `pydicom::` prefix "
    "is present, then use the pydicom test file with that name. If `element` is given, "
    "use only that data element within the file. Examples: path/to/your_file.dcm, "
    "your_file.dcm::StudyDate, pydicom::rtplan.dcm::BeamSequence[0], "
    "yourplan.dcm::BeamSequence[0].BeamNumber"
)

#: The subparsers of the last :func:`main` call (pydicom keeps them here for ``help``).
subparsers: Any = None


def eval_element(ds: Any, element: str) -> Any:
    """The value at ``element`` (``"BeamSequence[0].BeamNumber"``, ``"file_meta"``) in
    ``ds``.  ArgumentTypeError when a name is not there or an index is out of range
    (or the path is not of that form)."""
    if not _PATH.match(element):
        msg = (f"Component '{element}' is not valid syntax for a data element, sequence, "
               f"or sequence item")
        raise argparse.ArgumentTypeError(msg)
    value = ds
    for step in element.split("."):
        found = _STEP.fullmatch(step)
        assert found is not None  # _PATH matched every step
        name, index = found.groups()
        try:
            value = getattr(value, name)
        except AttributeError:
            msg = f"Data element '{element}' is not in the dataset"
            raise argparse.ArgumentTypeError(msg) from None
        if index is not None:
            try:
                value = value[int(index)]
            except IndexError as error:
                msg = f"'{element}' has an index error: {error}"
                raise argparse.ArgumentTypeError(msg) from None
            except (TypeError, KeyError) as error:
                msg = f"'{element}' cannot be indexed: {error}"
                raise argparse.ArgumentTypeError(msg) from None
    return value


def filespec_parts(filespec: str) -> tuple[str, str, str]:
    """``(prefix, filename, element)`` of ``[pydicom::]filename[::element]``.

    ``prefix`` is "pydicom" or "".  Only ``::`` separates parts, so a filename may hold
    single colons (``c:\\test.dcm``); with three or more parts after the prefix the
    last is the element and the others, joined again, the filename.
    """
    parts = filespec.split("::")
    prefix = ""
    if len(parts) > 1 and parts[0] == "pydicom":
        prefix = "pydicom"
        parts = parts[1:]
    if len(parts) == 1:
        return prefix, parts[0], ""
    return prefix, "::".join(parts[:-1]), parts[-1]


def _test_file(filename: str) -> str:
    """The pydicom test file (or character-set file) called ``filename``, or ""."""
    try:
        found = get_testdata_file(filename)
        if found:
            return str(found)
        charset_files = get_charset_files(filename)
    except ValueError:  # an absolute path: not a test file
        return ""
    return charset_files[0] if charset_files else ""


def filespec_parser(filespec: str) -> list[tuple[Any, Any]]:
    """``[(dataset, element value or None)]`` for ``[pydicom::]filename[::element]``
    (a list, as pydicom's: one file for now).  The file is read with ``force=True``.

    ArgumentTypeError (argparse shows it as a usage error) when the element is not of
    the path form, the file is missing (saying so when a test file of that name
    exists) or cannot be read, or the element is not in the dataset.
    """
    prefix, filename, element = filespec_parts(filespec)
    test_file = _test_file(filename)
    if prefix:
        filename = test_file
    if element and not _PATH.match(element):
        msg = (f"Component '{element}' is not valid syntax for a data element, sequence, "
               f"or sequence item")
        raise argparse.ArgumentTypeError(msg)
    if not filename:
        msg = f"File '{filespec_parts(filespec)[1]}' not found among the test files"
        raise argparse.ArgumentTypeError(msg)
    try:
        ds = dcmread(filename, force=True)
    except FileNotFoundError:
        extra = f", \nbut 'pydicom::{filename}' test data file is available" if test_file else ""
        raise argparse.ArgumentTypeError(f"File '{filename}' not found{extra}") from None
    except Exception as error:  # any failure to read is the user's file: say which
        raise argparse.ArgumentTypeError(f"Error reading '{filename}': {error}") from None
    return [(ds, eval_element(ds, element) if element else None)]


def help_command(args: argparse.Namespace) -> None:
    """``help [subcommand]``: that subcommand's help, else the list of subcommands."""
    choices: dict[str, argparse.ArgumentParser] = dict(getattr(subparsers, "choices", {}))
    if not choices:
        print("No subcommands are available")
        return
    wanted = getattr(args, "subcommand", None)
    if wanted in choices:
        choices[wanted].print_help()
        return
    print("Use pydicom help [subcommand] to show help for a subcommand")
    print(f"Available subcommands: {', '.join(c for c in choices if c != 'help')}")


def get_subcommand_entry_points() -> dict[str, Callable[[Any], None]]:
    """The subcommands: ours (``codify``, ``show``), then those that installed packages
    register under the entry-point group ``pydicom_subcommands`` with other names."""
    from importlib.metadata import entry_points

    from . import codify, show

    found: dict[str, Callable[[Any], None]] = {"codify": codify.add_subparser,
                                               "show": show.add_subparser}
    for point in entry_points(group="pydicom_subcommands"):
        if point.name not in found:
            found[point.name] = point.load()
    return found


def main(args: list[str] | None = None) -> None:
    """The ``pydicom`` command: parse ``args`` (``sys.argv[1:]`` when None) and run the
    subcommand; with none, print the usage and the subcommands."""
    global subparsers
    parser = argparse.ArgumentParser(
        prog="pydicom",
        description=(f"pydicom command line utilities, on typeddcm.compat "
                     f"(Python {sys.version.split()[0]})"))
    subparsers = parser.add_subparsers(help="subcommand help")
    help_parser = subparsers.add_parser("help", help="display help for subcommands")
    help_parser.add_argument("subcommand", nargs="?", help="Subcommand to show help for")
    help_parser.set_defaults(func=help_command)
    for add_subparser in get_subcommand_entry_points().values():
        add_subparser(subparsers)
    namespace = parser.parse_args(args)
    func = getattr(namespace, "func", None)
    if func is None:
        parser.print_help()
        return
    func(namespace)


if __name__ == "__main__":  # pragma: no cover - the command line
    main()

"""pydicom's ``util.codify``: Python code that rebuilds a dataset or a whole file.

``code_file("ct.dcm")`` gives a script of ``ds.PatientName = 'Citizen^Jan'`` lines
(``ds.add_new((0x0009, 0x1001), 'LO', ...)`` where no keyword fits) that imports
``typeddcm.compat`` and, when run, builds a dataset equal to the file's.  Run it as
``python -m typeddcm.compat.util.codify file.dcm [out.py] [-e N] [-p] [-s name]``.
Values longer than ``exclude_size`` bytes in bulk VRs (OB, OW, OF, OD, OL, OV,
UN) are replaced by the comment ``# XXX Array of N bytes excluded``, which is a
syntax error on purpose: the user must decide what goes there.

The layout is pydicom 1.x's (header, items coded before they are appended,
``ds.is_implicit_VR = ...`` at the end, lower-case hex in tags).  Where 1.x's code
did not rebuild the dataset, we give code that does (each is pydicom 3's fix, or
ours where pydicom 3 is wrong too):

* nested sequences that share a keyword (SR content trees) get distinct variable
  names (``content_sequence``, ``content_sequence_1``), as pydicom 3 names them;
  1.x reused the outer variable and appended items to the wrong sequence;
* AT values are written as ``(0x0010, 0x0010)`` (several: a list of them); 1.x
  wrote ``repr`` of the tag, ``(0010, 0010)``, which is not Python;
* DS and IS values are quoted text, several values too (``['1.50', '2']``), so the
  original text is kept; pydicom writes several as bare numbers, which turns
  "239.531250000000" into 239.53125;
* a private (or unknown) sequence is added with ``add_new(tag, 'SQ', seq)``;
  pydicom writes ``ds.Tag00091001 = seq``, which sets a Python attribute;
* an element whose VR is not the one its keyword would give (a vendor's LO for an
  SH, OB pixel data with 16 bits allocated, a repeating group such as (6002,3000)
  whose keyword names (6000,3000)) is added with ``add_new`` and its VR;
* the words of a big endian file's OW/OF/OD/OL/OV value are written in little
  endian order (see ``_little_endian_bytes``); pydicom writes the file's bytes;
* NaN and infinite floats are written ``float('nan')``/``float('inf')``; an empty
  bulk value (None) is never "excluded"; a sequence item whose index value does
  not make a Python name ("1.5") is named by its position.

Other differences from pydicom 3's text: no ``# -*- coding`` line, "Produced by
typeddcm.compat codify", the ``is_implicit_VR``/``is_little_endian`` lines in place
of ``set_original_encoding`` (whose 1.x signature needs a character set), and the
command line takes a path (1.x), not pydicom 3's ``file::element`` specification.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import keyword as python_keyword
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from typeddcm._convert import resolve_choice
from typeddcm.dictionary import lookup, tag_for_keyword
from typeddcm.tag import Tag as CoreTag

from .._values import compat_keyword
from ..tag import Tag

if TYPE_CHECKING:
    from ..dataelem import DataElement
    from ..dataset import Dataset

__all__ = [
    "camel_to_underscore",
    "code_dataelem",
    "code_dataset",
    "code_file",
    "code_file_from_dataset",
    "code_imports",
    "code_sequence",
    "default_name_filter",
    "main",
    "tag_repr",
]

#: The line separator of generated code.
line_term = "\n"

# camel_to_underscore's two steps: "ControlPoint" -> "Control_Point", "CTDIvol" -> "CTD_Ivol".
first_cap_re = re.compile("(.)([A-Z][a-z]+)")
all_cap_re = re.compile("([a-z0-9])([A-Z])")

#: VRs whose values are bytes, excluded when longer than ``exclude_size``.
BULK_VRS = frozenset({"OB", "OD", "OF", "OL", "OV", "OW", "UN"})

#: What marks an excluded value (a comment where the value should be).
EXCLUDED_MARK = "# XXX Array of"


def camel_to_underscore(name: str) -> str:
    """``"ControlPointSequence"`` -> ``"control_point_sequence"``."""
    spaced = first_cap_re.sub(r"\1_\2", name)
    return all_cap_re.sub(r"\1_\2", spaced).lower()


def tag_repr(tag: int | tuple[int, int]) -> str:
    """A tag as Python source for the tuple ``(group, element)``: ``"(0x0010, 0x0010)"``."""
    value = int(Tag(tag))
    return f"(0x{value >> 16:04x}, 0x{value & 0xFFFF:04x})"


def default_name_filter(name: str) -> str:
    """A shorter variable name for a sequence keyword: ``"ReferencedBeamSequence"`` -> ``"refd_beam_sequence"``.

    Lower case with underscores, then "control_point" -> "cp", "reference" -> "ref",
    "fraction_group" -> "frxn_gp".
    """
    name = camel_to_underscore(name)
    name = name.replace("control_point", "cp")
    name = name.replace("reference", "ref")
    return name.replace("fraction_group", "frxn_gp")


def code_imports() -> str:
    """The import lines the other ``code_*`` results need (typeddcm.compat, not pydicom)."""
    return line_term.join((
        "import typeddcm.compat as pydicom",
        "from typeddcm.compat.dataset import Dataset, FileMetaDataset",
        "from typeddcm.compat.sequence import Sequence",
    ))


# --- values as source --------------------------------------------------------------


def _float_source(value: float) -> str:
    if math.isnan(value):
        return "float('nan')"
    if math.isinf(value):
        return "float('inf')" if value > 0 else "-float('inf')"
    return repr(float(value))


def _temporal_text(value: datetime.date | datetime.time) -> str:
    """The DICOM text of a DA/DT/TM value (its original text when it kept one)."""
    original = getattr(value, "original_string", None)
    if isinstance(original, str):
        return original
    if isinstance(value, datetime.datetime):
        zone = value.strftime("%z") if value.tzinfo else ""
        return value.strftime("%Y%m%d%H%M%S.%f") + zone
    if isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    return value.strftime("%H%M%S.%f")


def _one_source(vr: str, value: Any) -> str:
    if value is None:
        return "None"
    if vr == "AT":
        return tag_repr(int(value))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return repr(bytes(value))
    if vr in ("DS", "IS"):
        return repr(str(value))  # the text as read: "1.50" stays "1.50"
    if isinstance(value, (datetime.date, datetime.time)):
        return repr(_temporal_text(value))
    if isinstance(value, str) or vr == "PN":
        return repr(str(value))
    if isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        return _float_source(value)
    return repr(value)


def _value_source(vr: str, value: Any) -> str:
    """Python source for an element's value, which assigned back gives the same value."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_one_source(vr, v) for v in value) + "]"
    return _one_source(vr, value)


def _excluded(vr: str, value: Any, exclude_size: int | None) -> bool:
    if not exclude_size or vr not in BULK_VRS or value is None:
        return False
    return isinstance(value, (bytes, bytearray, memoryview)) and len(value) > exclude_size


# --- keyword or add_new ------------------------------------------------------------


def _lower_tags(ds: Dataset, tag: int) -> Callable[[int], Any]:
    """The context in which the generated code sets ``tag``: the elements before it.

    Generated code sets elements in tag order, so when it sets ``tag`` only the
    lower tags are there to decide an ambiguous VR (Bits Allocated, Pixel
    Representation).
    """
    core = ds.freeze()

    def get(other: int) -> Any:
        return core.get(CoreTag(other)) if other < tag else None

    return get


def _keyword_for(ds: Dataset | None, elem: DataElement) -> str:
    """The keyword whose assignment recreates ``elem`` exactly, or "" (use add_new)."""
    tag = int(elem.tag)
    keyword = compat_keyword(tag)
    if not keyword or tag_for_keyword(keyword) != tag:
        return ""
    entry = lookup(tag)
    if entry is not None and entry.mask:  # a repeating-group keyword is not set as an attribute
        return ""
    dictionary_vr = entry.vr if entry is not None else ""
    vr = elem.VR
    if dictionary_vr == vr:
        return keyword
    choices = tuple(dictionary_vr.split(" or "))
    if vr not in choices:
        return ""
    value = elem.value
    if value is None or (isinstance(value, (str, bytes, list, tuple)) and len(value) == 0):
        return keyword if choices[0] == vr else ""  # an empty value takes the first choice
    if ds is None:
        return ""  # no context to decide by
    return keyword if resolve_choice(choices, value, _lower_tags(ds, tag)) == vr else ""


# --- code ----------------------------------------------------------------------------


def _little_endian_bytes(ds: Dataset, tag: int, value: Any) -> Any:
    """Words of a big endian file's OW/OF/OD/OL/OV value, in little endian order.

    The compat value shows the bytes as the file holds them (pydicom's view), but a
    generated ``ds.PixelData = b'...'`` builds a dataset with no byte order yet
    (``is_little_endian`` is set last), whose words are read little endian.  Code
    that rebuilds the same words must give them in that order; writing the rebuilt
    dataset big endian swaps them back.  (pydicom 3's text has the file's bytes.)
    """
    element = ds.freeze().get(CoreTag(tag))
    vr_object = element.vr if element is not None else None
    if getattr(vr_object, "byteorder", "<") != ">" or getattr(vr_object, "word_size", 1) == 1:
        return value
    little: bytes = vr_object.tobytes(little_endian=True)  # type: ignore[union-attr]
    return little


def _code_element(
    elem: DataElement, dataset_name: str, exclude_size: int | None, context: Dataset | None
) -> str:
    vr = elem.VR
    value = elem.value
    if context is not None and vr in BULK_VRS and value is not None:
        value = _little_endian_bytes(context, int(elem.tag), value)
    if _excluded(vr, value, exclude_size):
        source = f"{EXCLUDED_MARK} {len(value)} bytes excluded"
    else:
        source = _value_source(vr, value)
    keyword = _keyword_for(context, elem)
    if keyword:
        return f"{dataset_name}.{keyword} = {source}"
    return f"{dataset_name}.add_new({tag_repr(elem.tag)}, {vr!r}, {source})"


def code_dataelem(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    var_names: collections.deque[str] | None = None,
) -> str:
    """Code that sets ``dataelem`` in the dataset named ``dataset_name``.

    A keyword assignment where the keyword recreates the element, else
    ``add_new(tag, VR, value)``; a sequence is coded by :func:`code_sequence`.
    With ``exclude_size``, a bulk value longer than that many bytes becomes the
    comment ``# XXX Array of N bytes excluded`` (a syntax error until edited).
    ``var_names`` is the stack of variable names in use (used by nested sequences).
    """
    if dataelem.VR == "SQ":
        return code_sequence(dataelem, dataset_name, exclude_size, include_private,
                             var_names=var_names)
    return _code_element(dataelem, dataset_name, exclude_size, _owner_of(dataelem))


def _owner_of(elem: DataElement) -> Dataset | None:
    owner: Dataset | None = getattr(elem, "_owner", None)
    return owner


def _unique(name: str, var_names: collections.deque[str]) -> str:
    """``name``, or ``name_N`` when N enclosing sequences or items already use it."""
    var_names.append(name)
    count = var_names.count(name) - 1
    return name if count == 0 else f"{name}_{count}"


def _item_index(item: Dataset, seq_keyword: str, position: int) -> str:
    """The item's number: its ``...Index`` or ``...Number`` element, else its position from 1."""
    stem = seq_keyword.replace("Sequence", "")
    for suffix in ("Index", "Number"):
        name = stem + suffix
        if tag_for_keyword(name) is not None and name in item:
            return str(getattr(item, name))
    return str(position + 1)


def code_sequence(
    dataelem: DataElement,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    name_filter: Callable[[str], str] = default_name_filter,
    var_names: collections.deque[str] | None = None,
) -> str:
    """Code that builds the sequence ``dataelem`` and sets it in ``dataset_name``.

    A comment names the sequence; ``<name>_sequence = Sequence()`` is assigned to
    the dataset, then each item is coded as a Dataset (named from the sequence
    keyword through ``name_filter`` and the item's Index/Number element, else its
    position) and appended.  ``var_names`` (the names of enclosing sequences and
    items) keeps nested names distinct.
    """
    if var_names is None:
        var_names = collections.deque()
    tag = int(dataelem.tag)
    seq_name = dataelem.name
    item_name = seq_name.replace(" Sequence", "")
    keyword = compat_keyword(tag)
    public = bool(keyword) and tag_for_keyword(keyword) == tag and _dictionary_vr(tag) == "SQ"
    seq_keyword = keyword if public else f"Tag{tag:08x}"

    lines = ["", "# " + _comment_text(seq_name)]
    base_var = name_filter(seq_keyword)
    seq_var = _unique(base_var, var_names)
    lines.append(f"{seq_var} = Sequence()")
    if public:
        lines.append(f"{dataset_name}.{seq_keyword} = {seq_var}")
    else:
        lines.append(f"{dataset_name}.add_new({tag_repr(tag)}, 'SQ', {seq_var})")

    item_stem = base_var.replace("_sequence", "")
    for position, item in enumerate(dataelem.value):
        index = _item_index(item, seq_keyword, position)
        lines.append("")
        lines.append(f"# {_comment_text(seq_name)}: {_comment_text(item_name)} {_comment_text(index)}")
        candidate = item_stem + index
        if not candidate.isidentifier() or python_keyword.iskeyword(candidate):
            candidate = item_stem + str(position + 1)
        item_var = _unique(candidate, var_names)
        lines.append(code_dataset(item, item_var, exclude_size, include_private,
                                  var_names=var_names))
        var_names.pop()
        lines.append(f"{seq_var}.append({item_var})")
    var_names.pop()
    return line_term.join(lines)


def _comment_text(text: str) -> str:
    """``text`` safe inside a comment line: a line break in file data must not become code."""
    return text if text.isprintable() else repr(text)[1:-1]


def _dictionary_vr(tag: int) -> str:
    entry = lookup(tag)
    return entry.vr if entry is not None else ""


def code_dataset(
    ds: Dataset,
    dataset_name: str = "ds",
    exclude_size: int | None = None,
    include_private: bool = False,
    is_file_meta: bool = False,
    var_names: collections.deque[str] | None = None,
) -> str:
    """Code that builds ``ds`` as a new Dataset (FileMetaDataset with ``is_file_meta``).

    Elements in tag order; private ones only with ``include_private``;
    ``exclude_size`` as for :func:`code_dataelem`.
    """
    if var_names is None:
        var_names = collections.deque()
    lines = [dataset_name + (" = FileMetaDataset()" if is_file_meta else " = Dataset()")]
    for elem in ds:
        if not include_private and elem.tag.is_private:
            continue
        if elem.VR == "SQ":
            lines.append(code_sequence(elem, dataset_name, exclude_size, include_private,
                                       var_names=var_names))
            lines.append("")  # a blank line after a sequence
        else:
            lines.append(_code_element(elem, dataset_name, exclude_size, ds))
    if lines[-1] == "":
        lines.pop()
    return line_term.join(lines)


def code_file_from_dataset(
    ds: Dataset, exclude_size: int | None = None, include_private: bool = False
) -> str:
    """A script that rebuilds ``ds``: imports, its file meta (if any), the dataset, encoding.

    (pydicom 2.x/3.x's name; :func:`code_file` reads a file and calls it.)
    """
    filename = getattr(ds, "filename", None)
    identifier = f"DICOM file '{_comment_text(str(filename))}'" if filename else "non-file dataset"
    lines = [
        f"# Coded version of {identifier}",
        "# Produced by typeddcm.compat codify utility script",
        code_imports(),
        "",
    ]
    file_meta = getattr(ds, "file_meta", None)
    if file_meta is not None:
        lines.append("# File meta info data elements")
        lines.append(code_dataset(file_meta, "file_meta", exclude_size, include_private,
                                  is_file_meta=True))
        lines.append("")
    lines.append("# Main data elements")
    lines.append(code_dataset(ds, exclude_size=exclude_size, include_private=include_private))
    lines.append("")
    if file_meta is not None:
        lines.append("ds.file_meta = file_meta")
    for attribute in ("is_implicit_VR", "is_little_endian"):
        setting = getattr(ds, attribute, None)
        if isinstance(setting, bool):
            lines.append(f"ds.{attribute} = {setting}")
    return line_term.join(lines)


def code_file(
    filename: str | os.PathLike[str], exclude_size: int | None = None,
    include_private: bool = False,
) -> str:
    """A script that rebuilds the DICOM file ``filename`` (read with ``force=True``)."""
    from ..filereader import dcmread

    return code_file_from_dataset(dcmread(filename, force=True), exclude_size, include_private)


# --- command line --------------------------------------------------------------------


def _parser(default_exclude_size: int) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m typeddcm.compat.util.codify",
        description="Produce Python (typeddcm.compat) code from a DICOM file",
        epilog=(f"Binary data (e.g. pixels) larger than --exclude-size (default "
                f"{default_exclude_size} bytes) is not included. A dummy line with a "
                "syntax error is produced. Private data elements are not included by "
                "default."),
    )
    parser.add_argument("infile", help="DICOM file from which to produce code lines")
    parser.add_argument("outfile", nargs="?", default=None,
                        help="File to write the Python code to (default: standard output)")
    parser.add_argument("-e", "--exclude-size", type=int, default=default_exclude_size,
                        help=("Exclude binary data larger than this many bytes "
                              f"(default {default_exclude_size})"))
    parser.add_argument("-p", "--include-private", action="store_true",
                        help="Include private data elements (default is to exclude them)")
    parser.add_argument("-s", "--save-as",
                        help=("The filename for ds.save_as(save_filename); otherwise the "
                              "input name + '_from_codify' is used"))
    return parser


def _path_source(path: str) -> str:
    """A path as a Python literal: pydicom's raw string where that is safe, else repr."""
    if "'" in path or path.endswith("\\") or not path.isprintable():
        return repr(path)
    return f"r'{path}'"


def main(default_exclude_size: int, args: Sequence[str] | None = None) -> None:
    """The command line: code for ``infile``, written to ``outfile`` or standard output.

    ``args`` are the arguments (``sys.argv[1:]`` when None).  The code ends with a
    ``ds.save_as(...)`` line (``--save-as``, else the input name + "_from_codify").
    A missing or unreadable input ends with argparse's error message (exit status 2).
    """
    from ..errors import InvalidDicomError

    parser = _parser(default_exclude_size)
    options = parser.parse_args(None if args is None else list(args))
    filename: str = options.infile
    try:
        code = code_file(filename, options.exclude_size, options.include_private)
    except (OSError, InvalidDicomError, ValueError) as error:
        parser.error(f"cannot code {filename!r}: {error}")
    save_as = options.save_as or os.path.splitext(filename)[0] + "_from_codify.dcm"
    code += f"\nds.save_as({_path_source(save_as)}, write_like_original=False)"
    if options.outfile is None:
        sys.stdout.write(code)
        return
    print(f"Writing code to file '{options.outfile}'")
    from typeddcm.io import write_text_atomically

    write_text_atomically(options.outfile, code)


if __name__ == "__main__":  # pragma: no cover - the command line
    main(default_exclude_size=100)

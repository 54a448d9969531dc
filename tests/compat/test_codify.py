"""typeddcm.compat.util.codify: the code rebuilds the dataset; its text is pydicom's but for
the differences codify's docstring lists (each normalised once, in ``normalise``)."""

from __future__ import annotations

import ast
import collections
import math
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat.util import codify
from typeddcm.dictionary import keyword_for_tag, tag_for_keyword

pydicom = pytest.importorskip("pydicom")
from pydicom.util import codify as theirs  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402

BULK = ("OB", "OW", "OD", "OF", "OL", "OV", "UN")


def _readable() -> list[Path]:
    found = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in wheel_files():
            try:
                tc.dcmread(path, force=True)
            except Exception:  # not a file compat reads: nothing to codify
                continue
            found.append(path)
    return found


FILES = _readable()


def run(code: str) -> dict[str, Any]:
    """Execute generated code (excluded values dropped) and return its namespace."""
    kept = "\n".join(line for line in code.splitlines() if codify.EXCLUDED_MARK not in line)
    namespace: dict[str, Any] = {}
    exec(compile(kept, "<codify>", "exec"), namespace)
    return namespace


def drop(ds: Any, exclude_size: int | None, private: bool) -> None:
    """What the code leaves out: bulk values over exclude_size, private elements."""
    for elem in list(ds):
        if not private and elem.tag.is_private:
            del ds[elem.tag]
        elif elem.VR == "SQ":
            for item in elem.value:
                drop(item, exclude_size, private)
        elif (exclude_size and elem.VR in BULK and elem.value is not None
              and len(elem.value) > exclude_size):
            del ds[elem.tag]


# --- the code rebuilds the dataset -------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_code_rebuilds_every_wheel_file(path: Path) -> None:
    """Executed, code_file's code builds a dataset equal to dcmread's (file meta too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        code = codify.code_file(path, 1000, include_private=True)
        namespace = run(code)
        source = tc.dcmread(path, force=True)
        drop(source, 1000, private=True)
        drop(source.file_meta, 1000, private=True)
        rebuilt = namespace["ds"]
        assert rebuilt == source
        assert rebuilt.file_meta == source.file_meta
        assert rebuilt.is_implicit_VR == source.is_implicit_VR
        assert rebuilt.is_little_endian == source.is_little_endian


@pytest.mark.parametrize("path", FILES[::4], ids=lambda p: p.name)
def test_without_private_elements_and_with_every_value(path: Path) -> None:
    """Private elements left out (the default); no exclusion: every value is in the code."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        source = tc.dcmread(path, force=True)
        code = codify.code_dataset(source)
        assert codify.EXCLUDED_MARK not in code
        namespace = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
        exec(compile(code, "<codify>", "exec"), namespace)
        drop(source, None, private=False)
        assert namespace["ds"] == source


# --- the text is pydicom's, but for the documented differences ---------------------

_ADD_NEW = re.compile(r"^(\w+)\.add_new\(\(0x([0-9a-f]{4}), 0x([0-9a-f]{4})\), '(\w\w)', (.*)\)$")
_HEADER = ("# Coded", "# Produced", "# -*-", "import ", "from ", "ds.set_original_encoding",
           "ds.is_implicit_VR", "ds.is_little_endian")


def _canonical_one(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(float(value))
    if isinstance(value, str):
        # PS3.5 spaces (CS loses padding per value) and PN's kept trailing "=" (the core's
        # documented differences); numbers compared as numbers (pydicom writes several DS/IS
        # values bare, we quote them).
        value = value.strip().rstrip("=")
        try:
            return repr(float(value))
        except ValueError:
            return value
    return value


def _canonical(source: str) -> Any:
    if source.startswith("#"):
        return source
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        if source.startswith("[") and source.endswith("]"):  # pydicom's unquoted PN list
            return [_canonical_one(v) for v in source[1:-1].split(", ")]
        return source
    if isinstance(value, list):
        return [_canonical_one(v) for v in value]
    return _canonical_one(value)


def normalise(code: str) -> list[str]:
    """The lines of generated code with the documented differences taken out."""
    lines = []
    for line in code.splitlines():
        if line.startswith(_HEADER) or ".append(" in line:  # header, imports; item order
            continue
        if line.startswith("#") and not line.startswith("# XXX") and (
                "Private tag data" in line or line.startswith("# [")):
            continue  # private sequence names come from our private dictionary
        line = re.sub(r"0x[0-9A-F]{4}", lambda m: m[0].lower(), line)  # 1.x's lower case
        match = _ADD_NEW.match(line)
        if match:
            tag = int(match[2] + match[3], 16)
            keyword = keyword_for_tag(tag)
            if (keyword and tag_for_keyword(keyword) == tag) or match[4] == "SQ":
                # add_new where the keyword would give another VR; pydicom's Tag0009xxxx
                line = f"{match[1]}.{keyword or f'Tag{tag:08x}'} = {match[5]}"
            else:
                line = f"{match[1]}.add_new({tag:08x}, {match[4]}) = {match[5]}"
        if " = " in line and not line.endswith(("Dataset()", "Sequence()")):
            target, source = line.split(" = ", 1)
            line = f"{target} = {_canonical(source)!r}"
        lines.append(line)
    return lines


def _pydicom_code(path: Path) -> str | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return str(theirs.code_file(str(path), 16, True))
        except (AttributeError, TypeError):  # multi-valued AT, an empty bulk value
            return None


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_the_text_is_pydicoms_but_for_the_documented_differences(path: Path) -> None:
    """Every line pydicom writes, we write (normalised as the module docstring explains)."""
    expected = _pydicom_code(path)
    if expected is None:
        assert "ds = Dataset()" in codify.code_file(path, 16, True)  # pydicom fails, we do not
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = codify.code_file(path, 16, True)
    assert normalise(ours) == normalise(expected)


def test_pydicom_fails_on_multi_valued_tags_and_empty_bulk_values() -> None:
    """The files pydicom's codify raises for are a handful, and we code them all."""
    failing = [p.name for p in FILES if _pydicom_code(p) is None]
    assert 1 <= len(failing) <= 10
    assert "JPEG2000.dcm" in failing


def test_the_layout_is_1x() -> None:
    """rtplan.dcm: header, items coded then appended, the encoding lines last."""
    path = next(p for p in FILES if p.name == "rtplan.dcm")
    lines = codify.code_file(path, 100).splitlines()
    assert lines[:5] == [
        f"# Coded version of DICOM file '{path}'",
        "# Produced by typeddcm.compat codify utility script",
        "import typeddcm.compat as pydicom",
        "from typeddcm.compat.dataset import Dataset, FileMetaDataset",
        "from typeddcm.compat.sequence import Sequence",
    ]
    assert lines[-3:] == ["ds.file_meta = file_meta", "ds.is_implicit_VR = True",
                          "ds.is_little_endian = True"]
    start = lines.index("# Dose Reference Sequence: Dose Reference 1")
    assert lines[start + 1:start + 3] == ["dose_ref1 = Dataset()",
                                          "dose_ref1.DoseReferenceNumber = '1'"]
    assert lines.index("dose_ref_sequence.append(dose_ref1)") > lines.index(
        "dose_ref1.OrganAtRiskMaximumDose = '75.0000000000000'")
    assert "dose_ref1.DoseReferencePointCoordinates = ['239.531250000000', '239.531250000000', " \
           "'-741.87000000000']" in lines


# --- helpers and single elements ---------------------------------------------------


def test_name_helpers() -> None:
    """camel_to_underscore, default_name_filter, tag_repr (1.x's lower case hex)."""
    assert codify.camel_to_underscore("ControlPointSequence") == "control_point_sequence"
    assert codify.camel_to_underscore("CTDIvol") == "ctd_ivol" == theirs.camel_to_underscore(
        "CTDIvol")
    assert codify.default_name_filter("ReferencedFractionGroupSequence") == (
        "refd_frxn_gp_sequence") == theirs.default_name_filter("ReferencedFractionGroupSequence")
    assert codify.default_name_filter("ControlPointSequence") == "cp_sequence"
    assert codify.tag_repr(0x0009100E) == "(0x0009, 0x100e)"
    assert codify.tag_repr((0x7FE0, 0x0010)) == "(0x7fe0, 0x0010)"
    assert codify.tag_repr(tc.tag.Tag("PatientName")) == "(0x0010, 0x0010)"
    assert "import typeddcm.compat" in codify.code_imports()


def _element(ds: Any, key: Any) -> Any:
    return codify.code_dataelem(ds[key])


def test_code_dataelem_forms() -> None:
    """Keyword or add_new; values as Python that gives them back."""
    ds = tc.Dataset()
    ds.PatientName = "Citizen^Jan"
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    ds.PixelSpacing = ["0.50", "1.0"]
    ds.Rows = 512
    ds.FrameIncrementPointer = [(0x0018, 0x1063), (0x0018, 0x1065)]
    ds.add_new(0x00091001, "LO", "creator value")
    ds.add_new(0x00091002, "FD", [math.nan, -math.inf, 1.5])
    ds.add_new(0x00091003, "AT", 0x00100020)
    ds.add_new(0x00091004, "OB", None)
    assert _element(ds, "PatientName") == "ds.PatientName = 'Citizen^Jan'"
    assert _element(ds, "ImageType") == "ds.ImageType = ['ORIGINAL', 'PRIMARY']"
    assert _element(ds, "PixelSpacing") == "ds.PixelSpacing = ['0.50', '1.0']"
    assert _element(ds, "Rows") == "ds.Rows = 512"
    assert _element(ds, "FrameIncrementPointer") == (
        "ds.FrameIncrementPointer = [(0x0018, 0x1063), (0x0018, 0x1065)]")
    assert _element(ds, 0x00091001) == "ds.add_new((0x0009, 0x1001), 'LO', 'creator value')"
    assert _element(ds, 0x00091002) == (
        "ds.add_new((0x0009, 0x1002), 'FD', [float('nan'), -float('inf'), 1.5])")
    assert _element(ds, 0x00091003) == "ds.add_new((0x0009, 0x1003), 'AT', (0x0010, 0x0020))"
    assert codify.code_dataelem(ds[0x00091004], exclude_size=1) == (
        "ds.add_new((0x0009, 0x1004), 'OB', None)")  # an empty bulk value is not excluded
    namespace: dict[str, Any] = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
    exec(codify.code_dataset(ds, include_private=True), namespace)
    copy = namespace["ds"]
    assert [e.tag for e in copy] == [e.tag for e in ds]
    assert copy[0x00091002].value[1:] == [-math.inf, 1.5] and math.isnan(copy[0x00091002].value[0])
    assert copy.FrameIncrementPointer == ds.FrameIncrementPointer
    assert copy[0x00091003].value == ds[0x00091003].value == 0x00100020
    assert copy.PixelSpacing == ds.PixelSpacing and str(copy.PixelSpacing[0]) == "0.50"


def test_excluded_values_are_a_syntax_error_on_purpose() -> None:
    """Bulk values over exclude_size become a comment where the value should be."""
    ds = tc.Dataset()
    ds.add_new(0x00091010, "OB", b"\x00" * 20)
    ds.EncapsulatedDocument = b"%PDF" * 10
    line = codify.code_dataelem(ds[0x00091010], exclude_size=10)
    assert line == "ds.add_new((0x0009, 0x1010), 'OB', # XXX Array of 20 bytes excluded)"
    assert codify.code_dataelem(ds["EncapsulatedDocument"], exclude_size=39) == (
        "ds.EncapsulatedDocument = # XXX Array of 40 bytes excluded")
    with pytest.raises(SyntaxError):
        compile(line, "<codify>", "exec")
    assert "XXX" not in codify.code_dataelem(ds[0x00091010], exclude_size=20)
    assert "XXX" not in codify.code_dataelem(ds[0x00091010], exclude_size=0)  # 0: none


def test_vr_the_keyword_would_not_give_is_kept_with_add_new() -> None:
    """A vendor's LO for an SH element, OB pixel data with 16 bits: add_new and the VR."""
    ds = tc.Dataset()
    ds.BitsAllocated = 16
    ds.add_new(0x00080050, "LO", "A long accession")  # the dictionary says SH
    ds.add_new(0x7FE00010, "OB", b"\x00\x01")
    code = codify.code_dataset(ds)
    assert "ds.add_new((0x0008, 0x0050), 'LO', 'A long accession')" in code
    assert "ds.add_new((0x7fe0, 0x0010), 'OB', b'\\x00\\x01')" in code
    ds.BitsAllocated = 8
    assert "ds.PixelData = b'\\x00\\x01'" in codify.code_dataset(ds)


def test_nested_sequences_of_one_keyword_get_their_own_names() -> None:
    """An SR content tree: the inner ContentSequence must not reuse the outer variable."""
    leaf = tc.Dataset()
    leaf.ValueType = "TEXT"
    leaf.TextValue = "inner"
    middle = tc.Dataset()
    middle.ValueType = "CONTAINER"
    middle.ContentSequence = [leaf]
    ds = tc.Dataset()
    ds.ContentSequence = [middle, tc.Dataset()]
    code = codify.code_dataset(ds)
    assert "content_sequence_1 = Sequence()" in code
    assert "content1.ContentSequence = content_sequence_1" in code
    assert "content1_1 = Dataset()" in code
    namespace: dict[str, Any] = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
    exec(code, namespace)
    assert namespace["ds"] == ds
    assert namespace["ds"].ContentSequence[0].ContentSequence[0].TextValue == "inner"


def test_item_names_from_index_elements_and_positions() -> None:
    """BeamNumber names the item; a number that makes no Python name falls back to the position."""
    beams = [tc.Dataset(), tc.Dataset(), tc.Dataset()]
    beams[0].add_new(0x300A00C0, "IS", "7")
    beams[1].add_new(0x300A00C0, "IS", "-1")
    beams[2].add_new(0x300A00C0, "LO", "2.5")  # a vendor's LO: the text is the name
    ds = tc.Dataset()
    ds.BeamSequence = beams
    code = codify.code_dataset(ds)
    assert "beam7 = Dataset()" in code and "# Beam Sequence: Beam 7" in code
    assert "beam2 = Dataset()" in code and "# Beam Sequence: Beam -1" in code
    assert "beam3 = Dataset()" in code and "# Beam Sequence: Beam 2.5" in code
    namespace: dict[str, Any] = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
    exec(code, namespace)
    assert namespace["ds"] == ds


def test_file_data_never_becomes_code() -> None:
    """A line break inside a value used in a comment (an item number) stays in the comment."""
    beam = tc.Dataset()
    beam.add_new(0x300A00C0, "LO", "1\nraise SystemExit('injected')")
    ds = tc.Dataset()
    ds.BeamSequence = [beam]
    ds.add_new(0x00091001, "LO", "x')\nraise SystemExit('injected')\n('")
    code = codify.code_dataset(ds, include_private=True)
    namespace: dict[str, Any] = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
    exec(code, namespace)  # would raise SystemExit if file text had become code
    assert namespace["ds"] == ds
    assert all(not line.startswith("raise") for line in code.splitlines())


def test_private_sequences_are_added_with_add_new() -> None:
    """pydicom writes ds.Tag00091001 = seq (a Python attribute); we add the element."""
    item = tc.Dataset()
    item.PatientID = "5"
    ds = tc.Dataset()
    ds.add_new(0x00090010, "LO", "CREATOR")
    ds.add_new(0x00091001, "SQ", [item])
    code = codify.code_dataset(ds, include_private=True)
    assert "ds.add_new((0x0009, 0x1001), 'SQ', tag00091001)" in code
    namespace: dict[str, Any] = {"Dataset": tc.Dataset, "Sequence": tc.Sequence}
    exec(code, namespace)
    assert namespace["ds"] == ds
    assert "tag00091001" not in codify.code_dataset(ds)  # private: left out by default


def test_code_file_from_dataset_of_a_plain_dataset() -> None:
    """No file meta, no file name: no meta block, 'non-file dataset'."""
    ds = tc.Dataset()
    ds.PatientID = "X"
    code = codify.code_file_from_dataset(ds)
    assert code.splitlines()[0] == "# Coded version of non-file dataset"
    assert "file_meta" not in code
    assert run(code)["ds"] == ds


# --- the command line ---------------------------------------------------------------


def _rtplan() -> Path:
    return next(p for p in FILES if p.name == "rtplan.dcm")


def test_main_writes_code_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    """The code, then a save_as line named after the input (1.x's write_like_original=False)."""
    codify.main(100, [str(_rtplan())])
    out = capsys.readouterr().out
    save = str(_rtplan())[:-4] + "_from_codify.dcm"
    assert out.endswith(f"\nds.save_as(r'{save}', write_like_original=False)")
    assert out.startswith("# Coded version of DICOM file")


def test_main_writes_a_file_that_saves_the_same_dataset(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """outfile, --save-as, -p, -e: the script runs and saves a file equal to the input."""
    script = tmp_path / "rebuild.py"
    saved = tmp_path / "saved.dcm"
    codify.main(100, [str(_rtplan()), str(script), "-s", str(saved), "-p", "-e", "100000"])
    assert capsys.readouterr().out == f"Writing code to file '{script}'\n"
    exec(compile(script.read_text(encoding="utf-8"), str(script), "exec"), {})
    assert tc.dcmread(saved) == tc.dcmread(_rtplan())


def test_main_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing input or no input: argparse's message and exit status 2."""
    for args in ([str(tmp_path / "missing.dcm")], []):
        with pytest.raises(SystemExit) as stopped:
            codify.main(100, args)
        assert stopped.value.code == 2
    assert "missing.dcm" in capsys.readouterr().err


def test_python_dash_m(tmp_path: Path) -> None:
    """python -m typeddcm.compat.util.codify file.dcm prints the code."""
    done = subprocess.run([sys.executable, "-m", "typeddcm.compat.util.codify", str(_rtplan())],
                          capture_output=True, text=True, check=True)
    assert "ds.RTPlanLabel = 'Plan1'" in done.stdout
    counts = collections.Counter(line.split(" = ")[0] for line in done.stdout.splitlines())
    assert counts["ds.file_meta"] == 1

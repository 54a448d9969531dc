"""``import typeddcm`` stays light: the heavy modules load only when something needs them.

Each check runs in a fresh interpreter (this process has long imported everything).
No timed assertion: what is asserted is which modules are loaded, which is what the
time depends on (numpy alone was about half of ``import typeddcm``, the element table
a further share).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import typeddcm
from tests.ct_header import ct_dataset
from typeddcm import keys
from typeddcm.codec import encode_file

# The directory holding the typeddcm package this process imported (and, in a compiled
# in-place build, the shared library of the compiled modules).
PACKAGE_PARENT = Path(typeddcm.__file__).parents[1]

#: Modules that ``import typeddcm`` must not load.
HEAVY = (
    "numpy",
    "pyarrow",
    "PIL",
    "pydicom",
    "typeddcm.dictionary._elements",
    "typeddcm.dictionary._private",
    "typeddcm.keys",
    "typeddcm.validation",
    "typeddcm.pixels",
)


def _run(code: str, *args: str) -> str:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), env.get("PYTHONPATH")]))
    result = subprocess.run([sys.executable, *args, "-c", code], capture_output=True, text=True,
                            env=env, check=True, cwd=PACKAGE_PARENT)
    return result.stdout + result.stderr


def _loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` (which leaves a dict in ``out``), then report which HEAVY modules it loaded."""
    probe = f"import json, sys\nout = {{}}\n{code}\nout['loaded'] = [m for m in {HEAVY!r} if m in sys.modules]\nprint(json.dumps(out))"
    state: dict[str, object] = json.loads(_run(probe).strip().splitlines()[-1])
    return state


def test_importtime_lists_no_heavy_module() -> None:
    """``python -X importtime -c "import typeddcm"`` imports none of the heavy modules."""
    report = _run("import typeddcm", "-X", "importtime")
    imported = {line.split("|")[2].strip() for line in report.splitlines()
                if line.startswith("import time:") and "self [us]" not in line}
    assert "typeddcm" in imported
    assert "typeddcm.dictionary" in imported
    assert [m for m in HEAVY if m in imported] == []
    assert not any(m.startswith(("numpy.", "pyarrow.", "PIL.")) for m in imported)


@pytest.fixture(scope="module")
def ct_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("light")
    files = {}
    for name, uid in (("explicit", "1.2.840.10008.1.2.1"), ("implicit", "1.2.840.10008.1.2")):
        path = folder / f"{name}.dcm"
        path.write_bytes(encode_file(typeddcm.DicomFile.new(ct_dataset(), transfer_syntax=uid)))
        files[name] = path
    return files


_READ_TEXT = """
import typeddcm
from typeddcm import keys
ds = typeddcm.read({path!r}).dataset
out['name'] = str(ds[keys.PatientName])
out['modality'] = ds[keys.Modality].value
out['instance'] = int(ds.value_of(keys.InstanceNumber))
out['thickness'] = float(ds.value_of(keys.SliceThickness))
out['numpy_before_array'] = 'numpy' in sys.modules
out['rows'] = ds[keys.Rows].value
out['columns'] = ds[keys.Columns].value
"""


@pytest.mark.parametrize("syntax", ["explicit", "implicit"])
def test_reading_text_values_loads_no_numpy(ct_files: dict[str, Path], syntax: str) -> None:
    """Reading a file and its text, IS and DS values never imports numpy; a US value does,
    and decodes right on that first use and after."""
    state = _loaded_after(_READ_TEXT.format(path=str(ct_files[syntax])))
    expected = typeddcm.read(ct_files[syntax]).dataset
    assert state["numpy_before_array"] is False
    assert state["name"] == "Doe^Jane^Q"
    assert state["modality"] == "CT"
    assert state["instance"] == expected.value_of(keys.InstanceNumber)
    assert state["thickness"] == float(expected.value_of(keys.SliceThickness) or 0)
    assert (state["rows"], state["columns"]) == (512, 512)
    loaded = state["loaded"]
    assert isinstance(loaded, list)
    assert "numpy" in loaded  # the US values needed their array


_FIRST_CALLS = {
    "dictionary_vr": "d.dictionary_vr(0x00100010)",
    "dictionary_vr_repeating": "d.dictionary_vr(0x60023000)",
    "dictionary_vr_group_length": "d.dictionary_vr(0x00100000)",
    "lookup": "d.lookup(0x00100010).keyword",
    "lookup_repeating": "(d.lookup(0x60023000).keyword, d.lookup(0x60023000).mask)",
    "lookup_beyond_6000_601E": "d.lookup(0x60203000)",
    "keyword_for_tag": "d.keyword_for_tag(0x00280010)",
    "tag_for_keyword": "d.tag_for_keyword('PatientName')",
    "entry_for_keyword": "d.entry_for_keyword('OverlayData').tag",
    "listed_entry": "d.listed_entry(0x00100010).name",
    "listed_entry_repeating": "d.listed_entry(0x60023000)",
    "listed_tags": "len(list(d.listed_tags()))",
    "repeating_entries": "len(d.repeating_entries())",
    "uid_info": "d.uid_info('1.2.840.10008.1.2').keyword",
    "uid_for_keyword": "d.uid_for_keyword('ExplicitVRLittleEndian')",
}


@pytest.mark.parametrize("name", sorted(_FIRST_CALLS))
def test_first_lookup_in_a_fresh_process_loads_the_table(name: str) -> None:
    """Every look-up gives the same answer as its first call in a process (which loads the
    element table) as it does here (where the table is loaded)."""
    from typeddcm import dictionary as d

    expected = eval(_FIRST_CALLS[name])  # our own literal expressions, above
    code = (f"import typeddcm.dictionary as d\nout['before'] = 'typeddcm.dictionary._elements' in sys.modules\n"
            f"out['value'] = repr({_FIRST_CALLS[name]})")
    state = _loaded_after(code)
    assert state["before"] is False
    assert state["value"] == repr(expected)
    assert d.lookup(0x00100010) is not None


def test_import_and_additions_before_the_table_loads() -> None:
    """An entry added before any look-up is found, and the standard's rows are too."""
    code = """
import typeddcm.dictionary as d
d.add_entry(0x00F20010, "LO", "LightAdded", "Light Added")
out['added'] = d.dictionary_vr(0x00F20010)
out['before'] = 'typeddcm.dictionary._elements' in sys.modules
out['standard'] = d.keyword_for_tag(0x00100020)
out['keyword'] = d.tag_for_keyword('LightAdded')
"""
    state = _loaded_after(code)
    assert state["added"] == "LO"
    assert state["before"] is False  # an added entry answers without the table
    assert state["standard"] == "PatientID"
    assert state["keyword"] == 0x00F20010

"""PS3.3 references of modules and IODs (names, sections, tables) in the IOD tables."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from typeddcm.validation._iod_tables import (
    IOD,
    Reference,
    iod_name,
    iod_of,
    iod_reference,
    iods,
    module_name,
    module_reference,
    modules_of,
)

ROOT = Path(__file__).resolve().parents[2]
CT = "1.2.840.10008.5.1.4.1.1.2"


def test_known_module_references() -> None:
    series = module_reference("general-series")
    assert series == Reference("General Series", "C.7.3", "C.7-5a", "module")
    assert series is not None
    assert series.text == "PS3.3 C.7.3 General Series Module (Table C.7-5a)"
    pixel = module_reference("image-pixel")
    assert pixel is not None
    assert (pixel.name, pixel.section, pixel.table) == ("Image Pixel", "C.7.6.3", "C.7-11a")
    sop = module_reference("sop-common")
    assert sop is not None
    assert sop.text == "PS3.3 C.12 SOP Common Module (Table C.12-1)"
    # The source writes some anchors "table_PS3.3_C.8.32-1": the table is C.8.32-1.
    parametric = module_reference("parametric-map-series")
    assert parametric is not None
    assert parametric.table == "C.8.32-1"
    assert module_name("contrast-bolus") == "Contrast/Bolus"
    assert module_name("image---equipment-coordinate-relationship") == (
        "Image - Equipment Coordinate Relationship")


def test_known_iod_references() -> None:
    ct = iod_reference("ct-image")
    assert ct == Reference("CT Image", "A.3.3", "A.3-1", "iod")
    assert ct is not None
    assert ct.text == "PS3.3 A.3.3 CT Image IOD (Table A.3-1)"
    iod = iod_of(CT)
    assert iod is not None
    assert iod_reference(iod) == ct
    assert iod.name == "CT Image"
    # Our id differs from the source's ("cr-image"): the row is under ours.
    cr = iod_reference("computed-radiography-image")
    assert cr is not None
    assert (cr.name, cr.section, cr.table) == ("Computed Radiography Image", "A.2.3", "A.2-1")
    directory = iod_reference("basic-directory")
    assert directory is not None
    assert directory.text == "PS3.3 F.3 Basic Directory IOD (Table F.3-1)"


def test_every_module_of_every_iod_has_a_name() -> None:
    names = {use.module: module_name(use.module)
             for iod in iods().values() for use in modules_of(iod)}
    assert len(names) > 350
    referenced = 0
    for module, name in names.items():
        assert name
        assert name != module
        reference = module_reference(module)
        if reference is not None:
            referenced += 1
            assert reference.name == name
            assert reference.kind == "module"
            assert reference.text.startswith(f"PS3.3 {reference.section} {name} Module")
    # 49 modules are newer than the reference data (tools/data/README.md lists them).
    assert referenced >= len(names) - 49


def test_iod_names_come_from_the_references() -> None:
    table = iods()
    referenced = 0
    for iod in table.values():
        assert iod.name
        reference = iod_reference(iod)
        if reference is not None:
            referenced += 1
            assert iod.name == reference.name == iod_name(iod.iod)
            assert reference.kind == "iod"
    assert referenced >= len({iod.iod for iod in table.values()}) - 17


def test_sections_and_tables_agree() -> None:
    """A table's number starts with its section's (or the other way round, for a table
    numbered deeper than its page); the standard numbers three IOD tables otherwise."""
    out_of_step = {"basic-structured-display", "vl-microscopic-image",
                   "vl-slide-coordinates-microscopic-image"}
    seen = 0
    for iod in {iod.iod for iod in iods().values()}:
        for kind, reference in [("iod", iod_reference(iod))] + [
                ("module", module_reference(use.module)) for use in modules_of(iod)]:
            if reference is None or (kind == "iod" and iod in out_of_step):
                continue
            seen += 1
            section = reference.section.split(".")
            table = reference.table.rpartition("-")[0].split(".")
            shared = min(len(section), len(table))
            assert section[:shared] == table[:shared], reference
    assert seen > 3000


def test_fallback_when_the_data_lacks_an_id() -> None:
    # Photoacoustic imaging is newer than the reference data.
    assert module_reference("photoacoustic-transducer") is None
    assert module_name("photoacoustic-transducer") == "Photoacoustic Transducer"
    assert iod_reference("photoacoustic-image") is None
    assert iod_name("photoacoustic-image") == "Photoacoustic Image"
    assert module_reference("no-such-module") is None
    assert iod_reference(IOD("1.2.3", "no-such-iod", "No Such IOD")) is None
    assert module_name("voi-lut") == "VOI LUT"


def test_reference_text_names_module_or_iod() -> None:
    assert Reference("Cine", "C.7.6.5", "C.7-13").text == "PS3.3 C.7.6.5 Cine Module (Table C.7-13)"
    assert Reference("RT Plan", "A.20.3", "A.20.3-1", "iod").text == (
        "PS3.3 A.20.3 RT Plan IOD (Table A.20.3-1)")


def _gen_iod() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_iod_reference", ROOT / "tools" / "gen_iod.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(("row", "message"), [
    ("module\tno-such-module\tNo Such\tC.7\tC.7-1", "is not a module or IOD"),
    ("iod\tgeneral-series\tGeneral Series\tC.7.3\tC.7-5a", "is not a module or IOD"),
    ("module\tgeneral-series\tGeneral Series\t7.3\tC.7-5a", "not PS3.3 numbering"),
    ("module\tgeneral-series\tGeneral Series\tC.7.3\tTable C.7-5a", "not PS3.3 numbering"),
    ("module\tgeneral-series\t\tC.7.3\tC.7-5a", "empty field"),
])
def test_generator_rejects_bad_rows(tmp_path: Path, row: str, message: str) -> None:
    gen = _gen_iod()
    path = tmp_path / "ps3_3_sections.tsv"
    path.write_text(f"kind\tid\tname\tsection\ttable\n{row}\n", encoding="utf-8")
    known = {"module": {"general-series"}, "iod": {"ct-image"}}
    with pytest.raises(ValueError, match=message):
        gen._references_section(path, known)


def test_generator_rejects_a_repeated_row_and_sorts(tmp_path: Path) -> None:
    gen = _gen_iod()
    path = tmp_path / "ps3_3_sections.tsv"
    rows = ["iod\tct-image\tCT Image\tA.3.3\tA.3-1",
            "module\tgeneral-series\tGeneral Series\tC.7.3\tC.7-5a"]
    path.write_text("kind\tid\tname\tsection\ttable\n" + "\n".join(rows) + "\n", encoding="utf-8")
    known = {"module": {"general-series"}, "iod": {"ct-image"}}
    assert gen._references_section(path, known) == "\n".join(reversed(rows))
    path.write_text("kind\tid\tname\tsection\ttable\n" + "\n".join(rows + rows[:1]) + "\n",
                    encoding="utf-8")
    with pytest.raises(ValueError, match="twice"):
        gen._references_section(path, known)

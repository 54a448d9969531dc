"""compat.sr (pydicom 3's ``pydicom.sr``): codes, Code, Collection, Concepts.

pydicom 3.0.2's own tables and ``codes`` are the oracle: every concept of every
scheme, every CID's members, the SNOMED-RT map, dir(), repr and str.  pydicom
lists 12 context groups that have no members in its tables (CID 101, ...); the
PS3.16 TSVs our tables come from leave them out, so they are the one expected
difference.
"""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import threading
from typing import Any, cast

import pytest

import typeddcm.compat.sr as sr
from typeddcm.compat.sr import Code, Collection, Concepts, _data, codes

pydicom = pytest.importorskip("pydicom")
from pydicom.sr._cid_dict import cid_concepts as PY_CIDS  # noqa: E402
from pydicom.sr._cid_dict import name_for_cid as PY_CID_NAMES  # noqa: E402
from pydicom.sr._concepts_dict import concepts as _py_concepts  # noqa: E402
from pydicom.sr._snomed_dict import mapping as PY_MAPPING  # noqa: E402
from pydicom.sr.codedict import codes as py_codes  # noqa: E402
from pydicom.sr.coding import Code as PyCode  # noqa: E402

#: scheme -> keyword -> value -> (meaning, CIDs), pydicom's shape (typed there as objects).
PY_CONCEPTS = cast(dict[str, dict[str, dict[str, tuple[str, list[int]]]]], _py_concepts)

#: pydicom's CIDs without members: not in the PS3.16 tables we generate from.
EMPTY_CIDS = {n for n, groups in PY_CIDS.items() if not groups}


def _fields(code: Any) -> tuple[str, str, str, Any]:
    return (code.value, code.scheme_designator, code.meaning, code.scheme_version)


# ------------------------------------------------------------------ the tables


def test_schemes_are_pydicoms() -> None:
    assert set(codes.schemes()) == set(PY_CONCEPTS) == set(py_codes.schemes())
    assert codes.schemes() == sorted(codes.schemes())


@pytest.mark.parametrize("scheme", sorted(PY_CONCEPTS))
def test_every_concept_of_every_scheme(scheme: str) -> None:
    """Each keyword gives pydicom's value, scheme and meaning (all 18,735)."""
    collection = getattr(codes, scheme)
    expected = {}
    for keyword, entries in PY_CONCEPTS[scheme].items():
        ((value, (meaning, _cids)),) = entries.items()
        expected[keyword] = (value, scheme, meaning, None)
    got = {keyword: _fields(getattr(collection, keyword)) for keyword in expected}
    assert got == expected
    assert collection.dir() == getattr(py_codes, scheme).dir()
    assert {k: _fields(c) for k, c in collection.concepts.items()} == expected


def test_cids_are_pydicoms_but_the_empty_ones() -> None:
    assert len(EMPTY_CIDS) == 12
    ours = {int(name[3:]) for name in codes.CIDs()}
    assert ours == set(PY_CID_NAMES) - EMPTY_CIDS
    assert codes.CIDs() == [f"CID{n}" for n in sorted(ours)]
    assert set(codes.collections) == set(py_codes.collections) - {f"CID{n}" for n in EMPTY_CIDS}
    for number in ours:
        assert getattr(codes, f"CID{number}").cid_name == PY_CID_NAMES[number]


def test_every_cid_member() -> None:
    """Every CID's dir() is pydicom's, and each member (27,033) is pydicom's code."""
    checked = 0
    for number, groups in PY_CIDS.items():
        if number in EMPTY_CIDS:
            continue
        collection = getattr(codes, f"cid{number}")
        assert collection.dir() == sorted({k for ks in groups.values() for k in ks})
        for scheme, keywords in groups.items():
            for keyword in keywords:
                if sum(keyword in ks for ks in groups.values()) > 1:
                    continue  # CID 8134's two shared keywords: see the error test
                ((value, (meaning, _)),) = PY_CONCEPTS[scheme][keyword].items()
                assert _fields(getattr(collection, keyword)) == (value, scheme, meaning, None)
                checked += 1
    assert checked == 27033 - 4


@pytest.mark.parametrize("number", [2, 4, 244, 3014, 4031, 6102, 7151, 7155, 7160, 7701, 10068])
def test_cid_collection_matches_pydicoms_api(number: int) -> None:
    ours, theirs = getattr(codes, f"cid{number}"), getattr(py_codes, f"cid{number}")
    assert ours.name == theirs.name == f"CID{number}"
    assert ours.is_cid and theirs.is_cid
    assert ours.scheme_designator == theirs.scheme_designator
    assert {k: _fields(c) for k, c in ours.concepts.items()} == {
        k: _fields(c) for k, c in theirs.concepts.items()}
    assert repr(ours) == repr(theirs)
    assert str(ours) == str(theirs)
    assert ours.dir("art", "VEIN") == theirs.dir("art", "VEIN")
    assert set(dir(theirs)) - {"_cid_data", "_concepts", "_name"} <= set(dir(ours))


@pytest.mark.parametrize("scheme", ["BARI", "UCUM", "NCIt", "SCT"])
def test_scheme_collection_matches_pydicoms_api(scheme: str) -> None:
    ours, theirs = getattr(codes, scheme), getattr(py_codes, scheme)
    assert ours.name == theirs.name == ours.scheme_designator == scheme
    assert not ours.is_cid and ours.cid_name is None
    assert str(ours) == str(theirs)
    assert repr(ours) == repr(theirs)
    assert ours.dir("liver", "Kidney") == theirs.dir("liver", "Kidney")
    assert set(dir(theirs)) - {"_scheme_data", "_concepts", "_name"} <= set(dir(ours))
    assert set(ours.dir()) <= set(dir(ours)) and ours.trait_names() == dir(ours)


def test_snomed_map_matches_pydicoms() -> None:
    """Every SRT code equals its SCT code, both ways, and hashes equal."""
    assert _data.srt_to_sct() == PY_MAPPING["SRT"]
    assert _data.sct_to_srt() == PY_MAPPING["SCT"]
    for srt, sct in PY_MAPPING["SRT"].items():
        old, new = Code(srt, "SRT", "x"), Code(sct, "SCT", "y")
        assert old == new and new == old
        assert not old != new  # noqa: SIM202 (Code's own __ne__)
        assert hash(old) == hash(new)


def test_private_modules_have_pydicoms_shape() -> None:
    from typeddcm.compat.sr import _cid_dict, _concepts_dict, _snomed_dict, codedict

    assert _snomed_dict.mapping == PY_MAPPING
    assert _cid_dict.name_for_cid == {
        n: name for n, name in PY_CID_NAMES.items() if n not in EMPTY_CIDS}
    sort = {n: {s: sorted(ks) for s, ks in g.items()} for n, g in PY_CIDS.items()
            if n not in EMPTY_CIDS}
    assert {n: {s: sorted(ks) for s, ks in g.items()}
            for n, g in _cid_dict.cid_concepts.items()} == sort
    assert {s: {k: {v: (m, sorted(c)) for v, (m, c) in e.items()} for k, e in t.items()}
            for s, t in _concepts_dict.concepts.items()} == {
        s: {k: {v: (m, sorted(c)) for v, (m, c) in e.items()} for k, e in t.items()}
        for s, t in PY_CONCEPTS.items()}
    assert codedict.CONCEPTS is _concepts_dict.concepts
    assert codedict.name_for_cid is _cid_dict.name_for_cid
    assert codedict.cid_for_name["AnatomicModifier"] == 2
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        codedict.nothing  # noqa: B018


# ------------------------------------------------------------------ Code


def test_code_is_pydicoms_named_tuple() -> None:
    code = Code("10200004", "SCT", "Liver")
    assert code == PyCode("10200004", "SCT", "Liver")
    assert repr(code) == repr(PyCode("10200004", "SCT", "Liver"))
    assert str(code) == str(PyCode("10200004", "SCT", "Liver"))
    assert tuple(code) == ("10200004", "SCT", "Liver", None)
    assert code._fields == PyCode._fields
    value, scheme, meaning, version = code
    assert (value, scheme, meaning, version) == ("10200004", "SCT", "Liver", None)
    assert Code(value="1", meaning="m", scheme_designator="99X", scheme_version="2").scheme_version == "2"
    assert hash(code) == hash(Code("10200004", "SCT", "other meaning"))


def test_code_equality_rules() -> None:
    liver = Code("10200004", "SCT", "Liver")
    assert liver == Code("10200004", "SCT", "another meaning")
    assert liver != Code("10200004", "SCT", "Liver", "2020")
    assert liver != Code("10200004", "DCM", "Liver")
    assert liver == Code("T-62000", "SRT", "Liver") == PyCode("T-62000", "SRT", "Liver")
    assert Code("T-62000", "SRT", "Liver") == PyCode("10200004", "SCT", "Liver")
    assert Code("NOT-MAPPED", "SRT", "x") == Code("NOT-MAPPED", "SRT", "y")
    assert Code("NOT-MAPPED", "SRT", "x") != Code("NOT-MAPPED", "SCT", "x")
    assert Code("T-62000", "SRT", "Liver") != Code("T-62000", "SRT", "Liver", "1")
    # In sets and dicts an SRT code finds its SCT code (pydicom's hash does not map).
    assert Code("T-62000", "SRT", "Liver") in {liver}
    assert {liver: 1}[Code("T-62000", "SRT", "")] == 1
    # Objects that are not coded concepts: unequal, where pydicom raises AttributeError.
    assert liver != None  # noqa: E711
    assert liver != "10200004"
    assert not (liver == 3)  # noqa: SIM201 (Code's own __eq__)


def test_code_compares_with_coded_concept_like_objects() -> None:
    class Concept:
        def __init__(self, value: str, scheme: str, version: str | None = None) -> None:
            self.value, self.scheme_designator, self.scheme_version = value, scheme, version

    assert Code("10200004", "SCT", "Liver") == Concept("10200004", "SCT")
    assert Code("T-62000", "SRT", "Liver") == Concept("10200004", "SCT")
    assert Code("10200004", "SCT", "Liver") != Concept("10200004", "SCT", "1")
    assert Concept("10200004", "SCT") in codes.SCT
    assert Concept("10200004", "SCT") in codes.cid7151


# ------------------------------------------------------------------ Collection / Concepts


def test_look_up_spellings_and_caching() -> None:
    assert codes.cid7151 is codes.cid7151
    assert codes.CID7151.name == codes.Cid7151.name == "CID7151"
    assert codes.CID7151.cid_name == PY_CID_NAMES[7151] == "SegmentationPropertyType"
    assert codes.SCT.Liver is codes.SCT.Liver  # the Code is kept after the first look-up
    assert codes.cid7151.Liver == codes.SCT.Liver
    assert codes.DCM.Modality == Code("121139", "DCM", "Modality")
    assert codes.LN.MainPulmonaryArteryVmax.value == ""  # PS3.16's one empty code value
    assert codes.BARI._1stDiagonalCoronaryArteryLaterals.value == "15A"
    assert getattr(codes.SCT, "GöttingenMiniaturePigBreed").scheme_designator == "SCT"


def test_contains() -> None:
    assert "Liver" in codes.SCT and "Liver" in codes.cid7151
    assert "NoSuchThing" not in codes.SCT and "NoSuchThing" not in codes.cid7151
    assert codes.SCT.Liver in codes.SCT and codes.SCT.Liver in codes.cid7151
    assert Code("T-62000", "SRT", "Liver") in codes.SCT
    assert Code("T-62000", "SRT", "Liver") in codes.cid7151
    assert PyCode("10200004", "SCT", "Liver") in codes.cid7151
    assert Code("10200004", "SCT", "Liver", "1.0") not in codes.SCT  # as pydicom: version counts
    assert codes.DCM.Modality not in codes.SCT
    assert codes.DCM.Modality not in codes.cid7151
    assert None not in codes.SCT and 3 not in codes.cid7151
    assert "dir" not in codes.SCT  # a method, not a keyword
    theirs = py_codes.cid7151
    for keyword in ("Liver", "Kidney", "NoSuchThing"):
        assert (keyword in codes.cid7151) == (keyword in theirs)


def test_cid_keyword_in_two_schemes() -> None:
    """CID 8134 lists ArcuateFasciculus in FMA and NEU: an error naming both, as pydicom."""
    with pytest.raises(RuntimeError, match=r"FMA\.ArcuateFasciculus.*NEU\.ArcuateFasciculus"):
        codes.CID8134.ArcuateFasciculus  # noqa: B018
    with pytest.raises(RuntimeError):
        py_codes.CID8134.ArcuateFasciculus  # noqa: B018
    collection = codes.CID8134
    assert "ArcuateFasciculus" in collection
    assert codes.FMA.ArcuateFasciculus in collection and codes.NEU.ArcuateFasciculus in collection
    assert "ArcuateFasciculus" not in collection.concepts
    assert "ArcuateFasciculus" in collection.dir()
    assert repr(collection).count("ArcuateFasciculus = ") == 2  # both codes are shown


def test_errors() -> None:
    with pytest.raises(AttributeError, match="No matching code for keyword 'liver' in scheme 'SCT'; did you mean 'Liver'"):
        codes.SCT.liver  # noqa: B018
    with pytest.raises(AttributeError, match="No matching code for keyword 'Nothing' in CID7151; search"):
        codes.cid7151.Nothing  # noqa: B018
    with pytest.raises(AttributeError, match=r"no attribute 'SNOMED'.*codes\.schemes"):
        codes.SNOMED  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'cid999999'"):
        codes.cid999999  # noqa: B018
    with pytest.raises(AttributeError, match="no attribute 'CIDx'"):
        codes.CIDx  # noqa: B018
    with pytest.raises(AttributeError):
        codes.SCT.__deepcopy_helper__  # noqa: B018
    with pytest.raises(KeyError, match="no coding scheme 'XYZ'"):
        Collection("XYZ")
    with pytest.raises(KeyError, match="no context group CID 101"):
        Collection("CID101")
    with pytest.raises(ValueError, match="'CIDabc' is not a CID name"):
        Collection("CIDabc")
    with pytest.raises(TypeError, match="not int"):
        Collection(7151)  # type: ignore[arg-type]
    # The error types are pydicom's.
    with pytest.raises(KeyError):
        pydicom.sr.Collection("XYZ")
    with pytest.raises(AttributeError):
        py_codes.SCT.liver  # noqa: B018


def test_concepts_of_a_list() -> None:
    mine = Concepts([Collection("DCM"), Collection("cid7151")])
    assert list(mine.collections) == ["DCM", "CID7151"]
    assert mine.schemes() == ["DCM"] and mine.CIDs() == ["CID7151"]
    assert mine.cid7151.Liver == codes.SCT.Liver
    with pytest.raises(AttributeError, match="no attribute 'SCT'"):
        mine.SCT  # noqa: B018
    assert {"DCM", "CID7151", "schemes", "CIDs", "collections", "trait_names"} <= set(dir(mine))


def test_dir_of_codes() -> None:
    names = dir(codes)
    assert {"SCT", "DCM", "CID7151", "schemes", "CIDs", "collections"} <= set(names)
    assert codes.trait_names() == names
    public = {n for n in dir(py_codes) if not n.startswith("_")}
    assert public <= set(names)


def test_collection_made_directly() -> None:
    collection = Collection("cid7151")
    assert collection.name == "CID7151" and collection.is_cid
    assert collection.Liver == codes.SCT.Liver
    assert Collection("SCT").Liver == codes.SCT.Liver


def test_pickle_and_copy() -> None:
    assert pickle.loads(pickle.dumps(codes)) is codes
    assert copy.deepcopy(codes) is codes
    collection = pickle.loads(pickle.dumps(codes.cid7151))
    assert collection.name == "CID7151" and collection.Liver == codes.SCT.Liver
    assert copy.copy(codes.SCT).Liver == codes.SCT.Liver
    code = pickle.loads(pickle.dumps(Code("T-62000", "SRT", "Liver")))
    assert code == codes.SCT.Liver and code.scheme_designator == "SRT"
    mine = pickle.loads(pickle.dumps(Concepts([Collection("DCM")])))
    assert list(mine.collections) == ["DCM"]


def test_package_exports_pydicoms_names() -> None:
    for name in pydicom.sr.__dict__:
        if not name.startswith("_"):
            assert hasattr(sr, name), name
    assert set(sr.__all__) >= {"Code", "Collection", "Concepts", "codes"}
    assert sr.coding.Code is Code and sr.codedict.Code is Code


def test_threads_share_one_table() -> None:
    found: list[Any] = []

    def look() -> None:
        found.append(Collection("UCUM").dir())

    threads = [threading.Thread(target=look) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(d == found[0] for d in found) and len(found) == 8


def test_nothing_is_loaded_until_first_use() -> None:
    """Importing compat does not import sr; importing sr reads no table; DCM reads only DCM."""
    script = (
        "import sys, typeddcm.compat\n"
        "assert 'typeddcm.compat.sr' not in sys.modules\n"
        "from typeddcm.compat.sr import codes, _data\n"
        "assert _data._sections is None\n"
        "codes.DCM.Modality\n"
        "assert list(_data._schemes) == ['DCM'], list(_data._schemes)\n"
        "assert _data._cid_rows is None and _data._srt is None\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=False)
    assert result.stdout.strip() == "ok", result.stderr


def test_tables_ship_with_the_package() -> None:
    """_tables.bin is package data, so an installed typeddcm has the PS3.16 tables."""
    import importlib.resources
    import tomllib
    from pathlib import Path

    assert (importlib.resources.files("typeddcm.compat.sr") / "_tables.bin").is_file()
    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text())
    assert "compat/sr/_tables.bin" in config["tool"]["setuptools"]["package-data"]["typeddcm"]


def test_container_round_trip_and_bad_magic(tmp_path: Any) -> None:
    """The generator's container format: sections come back as written; a foreign file is refused."""
    import importlib.util
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("gen_sr_test", root / "tools" / "gen_sr.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sections = {"SXY": "A\t1\tAy\nB\t\tBee", "C": "7\tSeven\tXY A B", "M": "T-1\t1"}
    assert module.read_container(module.write_container(sections)) == sections
    with pytest.raises(ValueError, match="not an SR table container"):
        module.read_container(b"something else\nx\ny\nz")


def test_hash_is_pydicoms_so_coded_concepts_that_copy_it_meet_codes_in_a_dict() -> None:
    import pydicom.sr.coding

    for value, scheme in (("121071", "DCM"), ("10200004", "SCT"), ("T-D4000", "99XYZ")):
        assert hash(Code(value, scheme, "x")) == hash(pydicom.sr.coding.Code(value, scheme, "x"))
        assert hash(Code(value, scheme, "x")) == hash(scheme + value)  # highdicom's CodedConcept

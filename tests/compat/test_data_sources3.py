"""pydicom 3's data package (data_manager, download, external sources), examples,
datadict's _dictionary_vr_fast and private-table idioms, and multival.ConstrainedList."""

from __future__ import annotations

import copy
import hashlib
import json
import os
from pathlib import Path
from typing import Any, cast

import pydicom as real_pydicom
import pydicom.datadict as real_datadict
import pytest

import typeddcm.samples
from typeddcm.compat import data, datadict, examples
from typeddcm.compat.data import data_manager, download
from typeddcm.compat.multival import ConstrainedList, MultiValue
from typeddcm.compat.valuerep import IS

PYDICOM_DATA = Path(real_pydicom.__file__).parent / "data"


@pytest.fixture
def pydicom_files(monkeypatch: pytest.MonkeyPatch) -> Path:
    """pydicom's wheel data folder (test_files/, charset_files/ ...) as a search folder."""
    monkeypatch.setattr(data, "testdata_dirs", [PYDICOM_DATA])
    return PYDICOM_DATA


@pytest.fixture
def no_sources(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    sources: dict[str, Any] = {}
    monkeypatch.setattr(data, "_SOURCES", sources)
    monkeypatch.setattr(data, "testdata_dirs", [])
    monkeypatch.delenv(data.ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(data, "_cache_dirs", list)
    return sources


class FolderSource:
    """An external data source as pydicom documents one (pydicom-data's interface)."""

    def __init__(self, folder: Path) -> None:
        self.data_path = folder

    def get_path(self, name: str, dtype: int = 0) -> str:
        if dtype != 0:
            raise ValueError("No files available for the data type")
        found = sorted(self.data_path.glob(name))
        if not found:
            raise ValueError(f"No file found named '{name}'")
        return os.fspath(found[0])

    def get_paths(self, pattern: str, dtype: int = 0) -> list[str]:
        return [os.fspath(p) for p in sorted(self.data_path.glob(pattern))]


# --- data ---------------------------------------------------------------------------------


def test_submodules_are_the_same_functions() -> None:
    assert data_manager.get_testdata_file is data.get_testdata_file
    assert data_manager.external_data_sources is data.external_data_sources
    assert data_manager.DATA_ROOT == data.DATA_ROOT


def test_external_source_is_searched(tmp_path: Path, no_sources: dict[str, Any]) -> None:
    (tmp_path / "their.dcm").write_bytes(b"x")
    no_sources["mylib"] = FolderSource(tmp_path)
    assert data.get_testdata_file("their.dcm") == os.fspath(tmp_path / "their.dcm")
    assert data.get_testdata_files("their*") == [os.fspath(tmp_path / "their.dcm")]
    assert data.get_testdata_file("nothing.dcm") is None


def test_user_folders_come_before_sources_and_are_listed_once(
        tmp_path: Path, no_sources: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "f.dcm").write_bytes(b"1")
    (second / "f.dcm").write_bytes(b"2")
    monkeypatch.setattr(data, "testdata_dirs", [first])
    no_sources["mylib"] = FolderSource(second)
    no_sources["same"] = FolderSource(first)  # also a user folder: not listed twice
    assert data.get_testdata_file("f.dcm") == os.fspath((first / "f.dcm").resolve())
    assert data.get_testdata_files("f.dcm") == [os.fspath((first / "f.dcm").resolve()),
                                                os.fspath(second / "f.dcm")]


def test_pydicom_data_files_need_their_listed_hash(
        tmp_path: Path, no_sources: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    store, listing = tmp_path / "store", tmp_path / "listing"
    store.mkdir()
    (listing / "test_files").mkdir(parents=True)
    (store / "good.dcm").write_bytes(b"good")
    (store / "bad.dcm").write_bytes(b"tampered")
    hashes = {"good.dcm": hashlib.sha256(b"good").hexdigest(),
              "BAD.dcm": hashlib.sha256(b"bad").hexdigest()}
    (listing / "hashes.json").write_text(json.dumps(hashes))
    monkeypatch.setattr(data, "testdata_dirs", [listing / "test_files"])
    no_sources["pydicom-data"] = FolderSource(store)
    assert download.get_cached_filehash("bad.dcm") == hashes["BAD.dcm"]  # case ignored
    assert data.get_testdata_file("good.dcm") == os.fspath(store / "good.dcm")
    assert data.get_testdata_file("bad.dcm") is None
    no_sources["mylib"] = no_sources.pop("pydicom-data")  # other sources: not checked
    assert data.get_testdata_file("bad.dcm") == os.fspath(store / "bad.dcm")
    with pytest.raises(KeyError):
        download.get_cached_filehash("unlisted.dcm")


def test_download_helpers(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"abc" * 50000)  # more than one block
    assert download.calculate_file_hash(path) == hashlib.sha256(b"abc" * 50000).hexdigest()
    assert download.get_data_dir() == Path.home() / ".pydicom" / "data"
    assert download.get_config_dir() == Path.home() / ".pydicom"
    assert issubclass(download.NoHashFound, KeyError)


def test_entry_point_sources_load_once() -> None:
    first = data.external_data_sources()
    assert data.external_data_sources() is first
    if first:
        assert next(iter(first)) == "pydicom-data" or "pydicom-data" not in first


def test_pydicom_wording_for_absolute_paths() -> None:
    with pytest.raises(ValueError, match=r"did you mean 'dcmread\(\"/foo/bar.dcm\"\)'"):
        data.get_testdata_file("/foo/bar.dcm")
    with pytest.raises(ValueError, match=r"internal pydicom test data\.$"):
        data.get_testdata_files("/foo/*.dcm")


# --- examples -----------------------------------------------------------------------------


def test_examples_are_pydicoms_files_when_found(pydicom_files: Path) -> None:
    path = examples.get_path("ct")
    assert path.name == "CT_small.dcm"
    ct = examples.ct
    assert ct.PatientName == "CompressedSamples^CT1"
    assert ct is not examples.ct
    assert ct.SOPInstanceUID == real_pydicom.examples.ct.SOPInstanceUID
    assert examples.rt_plan.RTPlanLabel == real_pydicom.examples.rt_plan.RTPlanLabel


def test_examples_fall_back_to_our_samples(no_sources: dict[str, Any]) -> None:
    assert examples.get_path("ct").name == "ct_small.dcm"
    assert examples.get_path("rt_plan").name == "nested_sequences.dcm"
    with pytest.raises(AttributeError, match=r"MR_small\.dcm"):
        examples.mr  # noqa: B018
    with pytest.raises(ValueError, match=r"MR_small\.dcm"):
        examples.get_path("mr")
    with pytest.raises(ValueError, match="No example dataset exists with the name 'foo'"):
        examples.get_path("foo")
    with pytest.raises(AttributeError, match="has no attribute 'foo'"):
        examples.foo  # noqa: B018


# --- datadict -----------------------------------------------------------------------------

TAGS = [0x00100010, 0x60000010, 0x60023000, 0x00280106, 0x7FE00010, 0x00000000, 0x50000010,
        0x00020010, 0x0018106C]


@pytest.mark.parametrize("tag", TAGS)
def test_dictionary_vr_fast_as_pydicom(tag: int) -> None:
    assert datadict._dictionary_vr_fast(tag) == real_datadict._dictionary_vr_fast(tag)


@pytest.mark.parametrize("tag", [0x00090003, 0x50F10010, 0x00991000])
def test_dictionary_vr_fast_unknown(tag: int) -> None:
    text = f"Tag ({tag >> 16:04X},{tag & 0xFFFF:04X}) not found in DICOM dictionary"
    with pytest.raises(KeyError, match=text.replace("(", r"\(").replace(")", r"\)")):
        datadict._dictionary_vr_fast(tag)


@pytest.mark.parametrize(("tag", "creator"), [
    ((0x0903, 0x0011), "GEIIS PACS"), ((0x0903, 0x1011), "GEIIS PACS"),
    (0x00090000, "ACUSON"), (0x00291008, "SIEMENS CSA HEADER"),
])
def test_private_entry_by_key_as_pydicom(tag: Any, creator: str) -> None:
    # VR and VM (the descriptions come from other sources and may differ).
    assert datadict.get_private_entry(tag, creator)[:2] == real_datadict.get_private_entry(
        tag, creator)[:2]


def test_private_dictionaries_save_and_restore() -> None:
    tables = datadict.private_dictionaries
    saved = copy.deepcopy(tables)
    assert isinstance(saved, dict)
    assert saved["ACUSON"]["0009xx00"] == ("IS", "1", "", "")
    try:
        datadict.add_private_dict_entries("ACME 3.1", {
            0x10011001: ("SH", "1", "Test One"),
            0x10011002: ("DS", "3", "Test Two", "", "TestTwo"),  # pydicom's 5-tuple
        })
        assert datadict.private_dictionary_VR(0x10011002, "ACME 3.1") == "DS"
        with_acme = copy.deepcopy(tables)
    finally:
        tables.clear()
        tables.update(saved)
    assert "ACME 3.1" not in tables
    assert tables["ACUSON"]["0009xx00"] == ("IS", "1", "", "")
    try:
        tables.update(with_acme)  # puts the additions back
        assert datadict.get_private_entry(0x10011001, "ACME 3.1")[:3] == ("SH", "1", "Test One")
    finally:
        tables.clear()
    assert "ACME 3.1" not in tables


# --- multival.ConstrainedList ------------------------------------------------------------


class Evens(ConstrainedList[int]):
    def _validate(self, item: Any) -> int:
        value = int(item)
        if value % 2:
            raise ValueError(f"{value} is odd")
        return value


def test_constrained_list_validates_every_way_in() -> None:
    evens = Evens(["2", 4])
    assert evens == [2, 4]
    evens.append("6")
    evens.insert(0, 0)
    evens.extend([8])
    evens += ["10"]
    evens[1] = 12
    evens[0:1] = ["14", 16]
    assert evens == [14, 16, 12, 4, 6, 8, 10]
    for change in (lambda: evens.append(1), lambda: evens.extend([2, 3]),
                   lambda: evens.__setitem__(0, 5), lambda: Evens([1])):
        with pytest.raises(ValueError, match="odd"):
            change()
    assert evens == [14, 16, 12, 4, 6, 8, 10]
    del evens[0]
    assert len(evens) == 6 and evens[0] == 16 and evens != [1]
    with pytest.raises(TypeError, match="An iterable is required"):
        evens.extend(None)  # type: ignore[arg-type]


def test_constrained_list_needs_validate() -> None:
    class Plain(ConstrainedList[int]):
        pass

    with pytest.raises(NotImplementedError, match=r"'Plain._validate\(\)' must be implemented"):
        Plain([1])
    assert Plain() == []


def test_multivalue_is_a_constrained_list() -> None:
    values = MultiValue(IS, ["1", "2"])
    assert isinstance(cast(object, values), ConstrainedList)
    assert isinstance(values, list)
    with pytest.raises(TypeError, match="An iterable is required"):
        values.extend(cast(Any, None))
    with pytest.raises(TypeError, match="An iterable is required"):
        values += cast(Any, None)
    values._list = ["1234", b"\x01\x00"]  # pydicom 3 code sets its items unchecked
    assert str(values) == "['1234', b'\\x01\\x00']"
    assert values._list is values


def test_multivalue_list_writes_back() -> None:
    import typeddcm.compat as compat

    ds = compat.Dataset()
    ds.ImageType = ["ORIGINAL", "PRIMARY"]
    image_type = cast(MultiValue[str], ds.ImageType)
    image_type._list = ["DERIVED", "SECONDARY"]
    assert ds.ImageType == ["DERIVED", "SECONDARY"]


def test_data_root_is_the_parent_of_a_configured_test_files_folder(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = tmp_path / "data" / "test_files"
    folder.mkdir(parents=True)
    code = "from typeddcm.compat.data import DATA_ROOT; print(DATA_ROOT)"
    for value, expected in ((str(folder), str((tmp_path / "data").resolve())),
                            ("", str(Path(typeddcm.samples.__file__).resolve().parent))):
        env = {**os.environ, "TYPEDDCM_TESTDATA_PATH": value}
        out = subprocess.run([sys.executable, "-c", code], env=env, check=True,
                             capture_output=True, text=True).stdout.strip()
        assert out == expected

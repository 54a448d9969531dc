"""typeddcm.dicomjson: the DICOM JSON model (PS3.18 F) both ways."""

from __future__ import annotations

import base64
import json
import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.codec.pydicom_files import wheel_files
from tests.dicomjson.oracle import normal
from typeddcm import Dataset, Element, Tag, dicomjson, keys, read, strategies
from typeddcm._traverse import ElementPath
from typeddcm.errors import DicomJSONError, DicomWarning
from typeddcm.samples import sample_paths
from typeddcm.vr import (
    AT,
    CS,
    DS,
    FD,
    FL,
    IS,
    LO,
    OB,
    OW,
    PN,
    SQ,
    UN,
    US,
    UV,
    AnyVR,
    DSNumber,
    ISNumber,
)

# ----------------------------------------------------------------------------- round trips


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets(max_depth=2))
def test_round_trip_through_text(ds: Dataset) -> None:
    """from_json(to_json(ds)) == ds for every valid dataset (nested, private blocks)."""
    text = dicomjson.to_json(ds)
    assert dicomjson.from_json(text) == ds
    assert dicomjson.from_json(text.encode()) == ds
    assert dicomjson.from_json(dicomjson.to_json_dict(ds)) == ds


@settings(max_examples=60, deadline=None)
@given(strategies.datasets(max_depth=1, codes=("OB", "OW", "OF", "OD", "OL", "OV", "UN")))
def test_round_trip_through_bulk_data_uris(ds: Dataset) -> None:
    """Bulk values over the threshold leave as URIs and come back through the handler."""
    store: dict[str, bytes] = {}

    def give(path: ElementPath, elem: Element) -> str:
        uri = f"https://example.org/bulk/{len(store)}"
        store[uri] = elem.vr.tobytes()  # type: ignore[union-attr]  # only bulk VRs get here
        return uri

    def take(path: ElementPath, vr: str, uri: str) -> bytes:
        return store[uri]

    model = dicomjson.to_json_dict(ds, bulk_data_threshold=8, bulk_data_handler=give)
    assert dicomjson.from_json(model, bulk_data_uri_handler=take) == ds


def test_sample_and_wheel_files_round_trip() -> None:
    """Every sample and every pydicom wheel file typeddcm reads comes back equal."""
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in [*sample_paths(), *wheel_files()]:
            try:
                ds = read(path, force=True).dataset
                list(ds.walk())
            except Exception:  # a file the reader refuses: not a JSON question
                continue
            assert dicomjson.from_json(dicomjson.to_json(ds)) == ds, path.name
            count += 1
    assert count >= 150


# ----------------------------------------------------------------------------- the oracle

pydicom = pytest.importorskip("pydicom")
_BIG_ENDIAN = "1.2.840.10008.1.2.2"


def test_pydicom_to_json_dict_agrees_on_wheel_files() -> None:
    """Our model equals pydicom's to_json_dict on its wheel files (tests/dicomjson/oracle.py
    names the normalised differences), and pydicom reads ours back to its own dataset."""
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in wheel_files():
            try:
                theirs = pydicom.dcmread(path, force=True)
                their_model = theirs.to_json_dict()
                ours = read(path, force=True).dataset
            except Exception:  # either side refuses the file: no oracle
                continue
            swap = str(getattr(theirs.file_meta, "TransferSyntaxUID", "")) == _BIG_ENDIAN
            model = dicomjson.to_json_dict(ours)
            assert normal(model) == normal(their_model, swap), path.name
            compared += 1
    assert compared >= 180


def test_pydicom_reads_our_json() -> None:
    """pydicom's from_json takes what we write (the CLI's old placeholder it refused)."""
    for path in sample_paths():
        ds = read(path).dataset
        theirs = pydicom.Dataset.from_json(dicomjson.to_json(ds))
        original = pydicom.dcmread(path)
        for elem in original:
            if elem.VR in ("SQ", "CS") or elem.tag.is_private:
                continue
            assert theirs[elem.tag].value == elem.value, (path.name, elem.tag)


# ----------------------------------------------------------------------------- encoding rules


def _model(*elements: tuple[int, AnyVR]) -> dict[str, Any]:
    ds = Dataset(Element(tag, vr) for tag, vr in elements)
    return dict(dicomjson.to_json_dict(ds))


def test_person_names_keep_their_groups() -> None:
    model = _model((0x00100010, PN("Yamada^Tarou=山田^太郎=やまだ^たろう")),
                   (0x00091001, PN(["=山田^太郎", "Yamada^Tarou=="])), (0x00091002, PN("")))
    assert model["00100010"]["Value"] == [
        {"Alphabetic": "Yamada^Tarou", "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}]
    assert model["00091001"]["Value"] == [
        {"Alphabetic": "", "Ideographic": "山田^太郎"},
        {"Alphabetic": "Yamada^Tarou", "Ideographic": "", "Phonetic": ""}]
    assert model["00091002"] == {"vr": "PN"}
    back = dicomjson.from_json(model)
    assert [str(n) for n in back[0x00091001].vr.values] == ["=山田^太郎", "Yamada^Tarou=="]
    read_back = dicomjson.from_json({"00100010": {"vr": "PN", "Value": [{"Phonetic": "x"}]}})
    assert str(read_back[keys.PatientName].value) == "==x"


def test_numbers() -> None:
    model = _model((0x00091001, DS(["42", "2.50", "1e3", "-0.5"])), (0x00091002, IS(["7", "-3"])),
                   (0x00091003, FL([3.14, float("inf")])), (0x00091004, FD([float("nan"), 1.5])),
                   (0x00091005, US([1, 65535])), (0x00091006, UV([2**64 - 1])),
                   (0x00091007, AT([0x00100010, 0x7FE00010])))
    assert model["00091001"]["Value"] == [42, 2.5, 1000.0, -0.5]
    assert isinstance(model["00091001"]["Value"][0], int)
    assert model["00091002"]["Value"] == [7, -3]
    assert model["00091003"]["Value"] == [3.14, "Infinity"]
    assert model["00091004"]["Value"] == ["NaN", 1.5]
    assert model["00091005"]["Value"] == [1, 65535]
    assert model["00091006"]["Value"] == [2**64 - 1]
    assert model["00091007"]["Value"] == ["00100010", "7FE00010"]
    text = json.dumps(model, allow_nan=False)  # strict JSON: no NaN tokens
    back = dicomjson.from_json(text)
    assert str(back[0x00091001].vr.values[0]) == "42"
    assert back[0x00091003].vr == FL([3.14, float("inf")])


def test_text_that_holds_no_number_is_kept() -> None:
    """DS/IS text read leniently from a file that is no number stays text, exactly."""
    ds = Dataset([Element(0x00091001, DS._trusted((DSNumber.parse_lenient("abc"),))),
                  Element(0x00091002, IS._trusted((ISNumber.parse_lenient("5.25"),)))])
    model = dicomjson.to_json_dict(ds)
    assert model["00091001"]["Value"] == ["abc"]
    assert model["00091002"]["Value"] == ["5.25"]
    back = dicomjson.from_json(model)
    assert str(back[0x00091002].vr.values[0]) == "5.25"


def test_empty_values_and_sequences() -> None:
    model = _model((0x00080008, CS(["A", "", "B"])), (0x00100020, LO("")),
                   (0x300A00B0, SQ([])), (0x00081115, SQ([Dataset()])), (0x00091001, OB(b"")))
    assert model["00080008"]["Value"] == ["A", None, "B"]
    assert model["00100020"] == {"vr": "LO"}
    assert model["300A00B0"] == {"vr": "SQ"}
    assert model["00081115"] == {"vr": "SQ", "Value": [{}]}
    assert model["00091001"] == {"vr": "OB"}
    back = dicomjson.from_json({"00081115": {"vr": "SQ", "Value": [None]},
                                "00100020": {"vr": "LO", "Value": [""]}})
    assert back[keys.ReferencedSeriesSequence] == SQ([Dataset()])
    assert not back[keys.PatientID].values


def test_private_elements_keep_their_creators() -> None:
    ds = Dataset().set_private(0x0009, "ACME 1.0", 0x01, LO("x")).set_private(
        0x0009, "ACME 1.0", 0x02, US(5))
    model = dicomjson.to_json_dict(ds)
    assert model["00090010"] == {"vr": "LO", "Value": ["ACME 1.0"]}
    assert model["00091001"] == {"vr": "LO", "Value": ["x"]}
    back = dicomjson.from_json(model)
    assert back.get_private(0x0009, "ACME 1.0", 0x02) == ds[0x00091002]


def test_bulk_data_threshold_and_handler() -> None:
    seen: list[ElementPath] = []

    def name(path: ElementPath, elem: Element) -> str | None:
        seen.append(path)
        return None if elem.tag == 0x00091001 else "urn:x"

    inner = Dataset([Element(0x7FE00010, OW(b"\x00\x01" * 10))])
    ds = Dataset([Element(0x00091001, OB(b"a" * 20)), Element(0x00091002, OB(b"b" * 4)),
                  Element(0x00081115, SQ([inner]))])
    model: Any = dicomjson.to_json_dict(ds, bulk_data_threshold=10, bulk_data_handler=name)
    assert seen == [(Tag(0x00081115), 0, Tag(0x7FE00010)), (Tag(0x00091001),)]
    assert model["00091001"]["InlineBinary"] == base64.b64encode(b"a" * 20).decode()
    assert model["00091002"]["InlineBinary"] == base64.b64encode(b"bbbb").decode()
    assert model["00081115"]["Value"][0]["7FE00010"] == {"vr": "OW", "BulkDataURI": "urn:x"}
    # Without a handler everything is inlined, whatever the threshold.
    plain: Any = dicomjson.to_json_dict(ds, bulk_data_threshold=1)
    assert "InlineBinary" in plain["00081115"]["Value"][0]["7FE00010"]


def test_bulk_data_uris_read_back() -> None:
    asked: list[tuple[ElementPath, str, str]] = []

    def fetch(path: ElementPath, vr: str, uri: str) -> bytes | AnyVR | None:
        asked.append((path, vr, uri))
        table: dict[str, bytes | AnyVR | None] = {
            "a": b"M\xfcller^J", "b": US([7]), "c": None, "d": b"\x01\x00\x02\x00"}
        return table[uri[-1]]

    model = {"00080005": {"vr": "CS", "Value": ["ISO_IR 100"]},
             "00100010": {"vr": "PN", "BulkDataURI": "x/a"},
             "00280010": {"vr": "US", "BulkDataURI": "x/b"},
             "7FE00010": {"vr": "OW", "BulkDataURI": ["x/c"]},
             "00280011": {"vr": "US", "BulkDataURI": "x/d"}}
    ds = dicomjson.from_json(model, bulk_data_uri_handler=fetch)
    assert str(ds[keys.PatientName].value) == "Müller^J"  # Latin-1 bytes, the level's set
    assert ds[keys.Rows].value == 7
    assert not ds[keys.PixelData].values
    assert ds.values_of(keys.Columns) == (1, 2)
    assert asked[0] == ((Tag(0x00100010),), "PN", "x/a")
    with pytest.warns(DicomWarning, match="no bulk data URI handler"):
        empty = dicomjson.from_json({"7FE00010": {"vr": "OW", "BulkDataURI": "x"}})
    assert not empty[keys.PixelData].values


def test_inline_binary_forms_and_un() -> None:
    """InlineBinary alone or in an array (PS3.18's example); UN of a standard tag is read
    as its dictionary VR (items too) unless replace_un=False."""
    one = dicomjson.from_json({"00091002": {"vr": "OB", "InlineBinary": "QmluYXJ5"}})
    listed = dicomjson.from_json({"00091002": {"vr": "OB", "InlineBinary": ["QmluYXJ5"]}})
    assert one == listed and one[0x00091002].vr == OB(b"Binary")
    items = ("/v8A4B4AAAAYAABRBAAAAEhGUyAKMIIBAgAAADEgCjCyAQAAAAA=")
    ds = dicomjson.from_json({"300A0180": {"vr": "UN", "InlineBinary": items},
                              "00185100": {"vr": "UN", "InlineBinary": "SEZTIA=="}})
    assert ds[keys.PatientPosition] == CS("HFS")
    item = ds[keys.PatientSetupSequence].values[0]
    assert item.value_of(keys.PatientPosition) == "HFS" and item.value_of(keys.PatientSetupNumber) == 1
    kept = dicomjson.from_json({"00185100": {"vr": "UN", "InlineBinary": "SEZTIA=="}},
                               replace_un=False)
    assert kept[keys.PatientPosition] == UN(b"HFS ")


def test_element_functions() -> None:
    elem = dicomjson.element_from_json("00100010", {"vr": "PN", "Value": [{"Alphabetic": "A^B"}]})
    assert elem == Element(keys.PatientName.tag, PN("A^B"))
    assert dicomjson.element_from_json("PatientName", {"vr": "PN"}).tag == keys.PatientName.tag
    assert dicomjson.element_to_json_dict(elem) == {"vr": "PN", "Value": [{"Alphabetic": "A^B"}]}


def test_pn_given_as_text_is_read_with_a_warning() -> None:
    with pytest.warns(DicomWarning, match="PN value is a JSON object"):
        ds = dicomjson.from_json({"00100010": {"vr": "PN", "Value": ["Doe^J"]}})
    assert str(ds[keys.PatientName].value) == "Doe^J"


# ----------------------------------------------------------------------------- bad JSON

_SQ_ITEM = {"00081150": {"vr": "UI", "Value": [5]}}


@pytest.mark.parametrize(("model", "reason", "where", "words"), [
    ("[1, 2", "value", "top level", "not JSON"),
    ([{}], "type", "top level", "JSON array"),
    ({"00100010": {"Value": ["x"]}}, "missing", "(0010,0010)", "no \"vr\""),
    ({"00100010": {"vr": 5}}, "type", "(0010,0010)", "\"vr\" must be a string"),
    ({"00100010": {"vr": "XX"}}, "value", "(0010,0010)", "unknown VR"),
    ({"0010001G": {"vr": "PN"}}, "value", "top level", "is not a tag"),
    ({"00100010": "PN"}, "type", "(0010,0010)", "must be a JSON object"),
    ({"00091002": {"vr": "OB", "InlineBinary": 42}}, "type", "(0009,1002)", "must be str"),
    ({"00091002": {"vr": "OB", "InlineBinary": "@@@"}}, "value", "(0009,1002)", "not base64"),
    ({"00091002": {"vr": "OB", "BulkDataURI": [1]}}, "type", "(0009,1002)", "must be str"),
    ({"00091002": {"vr": "US", "Value": 5}}, "type", "(0009,1002)", "must be a list"),
    ({"00091002": {"vr": "US", "Value": [70000]}}, "value", "(0009,1002)", "out of the range"),
    ({"00091002": {"vr": "US", "Value": [1, None]}}, "value", "(0009,1002)", "null"),
    ({"00091002": {"vr": "FD", "Value": ["x"]}}, "type", "(0009,1002)", "must be a number"),
    ({"00091002": {"vr": "LO", "Value": [5]}}, "type", "(0009,1002)", "string or null"),
    ({"00091002": {"vr": "AT", "Value": ["0010001G"]}}, "value", "(0009,1002)", "8 hex digits"),
    ({"00091002": {"vr": "OB", "Value": [1]}}, "value", "(0009,1002)", "InlineBinary"),
    ({"00091002": {"vr": "LT", "Value": ["a", "b"]}}, "value", "(0009,1002)", "one value"),
    ({"00091002": {"vr": "OB", "InlineBinary": "", "BulkDataURI": "x"}}, "value",
     "(0009,1002)", "not several"),
    ({"00100010": {"vr": "PN"}, "00100010".lower(): {"vr": "PN"}, "0010001a": {"vr": "LO"},
      "0010001A": {"vr": "LO"}}, "value", "top level", "second time"),
    ({"00081115": {"vr": "SQ", "Value": [_SQ_ITEM]}}, "type", "(0008,1115)[0](0008,1150)",
     "string or null"),
    ({"00081115": {"vr": "SQ", "Value": [5]}}, "type", "(0008,1115)[0]", "sequence item"),
])
def test_bad_json_names_the_place(model: Any, reason: str, where: str, words: str) -> None:
    data = model if isinstance(model, str) else json.dumps(model)
    with pytest.raises(DicomJSONError) as caught:
        dicomjson.from_json(data)
    assert caught.value.reason == reason
    assert caught.value.path == where
    assert words in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_absurd_nesting_is_a_typed_error() -> None:
    model: dict[str, Any] = {}
    for _ in range(5000):
        model = {"00081115": {"vr": "SQ", "Value": [model]}}
    with pytest.raises(DicomJSONError, match="nested too deeply"):
        dicomjson.from_json(model)
    with pytest.raises(DicomJSONError, match="not JSON"):
        dicomjson.from_json("[" * 100000)

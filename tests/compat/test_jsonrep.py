"""compat's DICOM JSON (Dataset/DataElement to_json, to_json_dict, from_json; jsonrep)
against pydicom: the same models on the wheel files, pydicom's handler forms and errors."""

from __future__ import annotations

import json
import warnings
from typing import Any

import pytest

import typeddcm.compat as tc
from tests.codec.pydicom_files import wheel_files
from tests.dicomjson.oracle import normal
from typeddcm.compat import jsonrep

pydicom = pytest.importorskip("pydicom")


def test_to_json_dict_matches_pydicom_on_wheel_files() -> None:
    compared = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in wheel_files():
            try:
                theirs = pydicom.dcmread(path, force=True)
                model = theirs.to_json_dict()
                ours = tc.dcmread(path, force=True)
            except Exception:  # either side refuses the file: no oracle
                continue
            swap = str(getattr(theirs.file_meta, "TransferSyntaxUID", "")) == "1.2.840.10008.1.2.2"
            assert normal(ours.to_json_dict()) == normal(model, swap), path.name
            # pydicom's own JSON reads back to the model it came from.
            back = tc.Dataset.from_json(theirs.to_json())
            assert normal(back.to_json_dict(), swap) == normal(model, swap), path.name
            compared += 1
    assert compared >= 180


def test_pydicom_style_details() -> None:
    ds = tc.Dataset()
    ds.add_new(0x00091001, "DS", "42")
    ds.add_new(0x00091002, "PN", "=山田^太郎")
    ds.add_new(0x00091003, "SQ", [])
    model = ds.to_json_dict()
    assert model["00091001"]["Value"] == [42.0] and isinstance(model["00091001"]["Value"][0], float)
    assert model["00091002"]["Value"] == [{"Alphabetic": "", "Ideographic": "山田^太郎"}]
    assert model["00091003"] == {"vr": "SQ", "Value": []}
    assert ds.to_json() == json.dumps(model, sort_keys=True)
    assert ds.to_json(dump_handler=lambda d: d) == model


def test_handlers() -> None:
    ds = tc.Dataset()
    ds.add_new(0x00091002, "OB", b"x" * 100)
    seen: list[Any] = []

    def name(elem: Any) -> str:
        seen.append(elem)
        return "urn:bulk"

    model = ds.to_json_dict(bulk_data_threshold=20, bulk_data_element_handler=name)
    assert model["00091002"] == {"vr": "OB", "BulkDataURI": "urn:bulk"}
    assert seen[0].tag == 0x00091002 and seen[0].value == b"x" * 100
    assert "InlineBinary" in ds.to_json_dict(bulk_data_threshold=200,
                                             bulk_data_element_handler=name)["00091002"]
    one = tc.Dataset.from_json(json.dumps(model), lambda uri: b"yy")
    three = tc.Dataset.from_json(model, lambda tag, vr, uri: b"yy" if tag == "00091002" else None)
    assert one[0x00091002].value == three[0x00091002].value == b"yy"
    text = tc.Dataset.from_json({"00100010": {"vr": "PN", "BulkDataURI": "u"}},
                                lambda uri: "Doe^J")
    assert text.PatientName == "Doe^J"


def test_element_methods_and_converter() -> None:
    elem = tc.DataElement.from_json(tc.Dataset, "00100010", "PN", [{"Alphabetic": "A^B"}], "Value")
    assert elem.value == "A^B" and elem.VR == "PN"
    assert elem.to_json_dict(None, 1024) == {"vr": "PN", "Value": [{"Alphabetic": "A^B"}]}
    seq = tc.DataElement.from_json(tc.Dataset, 0x00081115, "SQ",
                                   [{"00081150": {"vr": "UI", "Value": ["1.2"]}}], "Value")
    assert seq.value[0].ReferencedSOPClassUID == "1.2"
    converter = jsonrep.JsonDataElementConverter(tc.Dataset, "00280010", "US", [5, 6], "Value")
    assert converter.get_element_values() == [5, 6]
    assert converter.get_pn_element_value({"Alphabetic": "X", "Phonetic": "Y"}) == "X==Y"
    assert jsonrep.convert_to_python_number(["1", None], "IS") == [1, None]


@pytest.mark.parametrize(("model", "error", "words"), [
    ({"00091002": {"vr": "OB", "InlineBinary": 42}}, TypeError,
     "Invalid attribute value for data element '00091002' - the value for 'InlineBinary' "
     "must be str, not int"),
    ({"00091002": {"vr": "US", "Value": 5}}, TypeError, "'Value' of data element '00091002'"),
    ({"000910AG": {"vr": "AT", "Value": ["00091000"]}}, ValueError,
     "Data element '000910AG' could not be loaded from JSON"),
    ({"00081115": {"vr": "SQ", "Value": [{"00100010": {}}]}}, KeyError, "must have key 'vr'"),
])
def test_errors_are_pydicoms(model: Any, error: type[Exception], words: str) -> None:
    with pytest.raises(error) as caught:
        tc.Dataset.from_json(model)
    assert words in str(caught.value)
    ours = caught.value
    with pytest.raises(error):
        pydicom.Dataset.from_json(model)
    assert ours.__cause__ is not None  # the core's DicomJSONError, with the tag path

"""The encoding and IOD checks count fixed-width binary values without decoding them
(a speed measure): the findings must be those of a file whose every value is decoded."""

from __future__ import annotations

import os
import struct
import warnings
from collections.abc import Iterable

import pytest

import typeddcm
from tests.ct_header import ct_header_bytes
from typeddcm import Dataset, DicomFile
from typeddcm.validation import Finding
from typeddcm.vr import SQ

_SC = "1.2.840.10008.5.1.4.1.1.7"


def _decode_all(ds: Dataset) -> None:
    for element in ds.elements():
        try:
            vr = element.vr
        except typeddcm.DicomError:
            continue
        if isinstance(vr, SQ):
            for item in vr.values:
                _decode_all(item)


def _key(findings: Iterable[Finding]) -> list[tuple[str, str, str]]:
    return sorted((f.rule, f.path, f.message) for f in findings)


def _read(data: bytes | str) -> DicomFile:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(data)


def _same_findings(data: bytes | str) -> None:
    lazy = typeddcm.validate(_read(data))
    decoded_file = _read(data)
    _decode_all(decoded_file.dataset)
    assert _key(lazy.findings) == _key(typeddcm.validate(decoded_file).findings)


def test_ct_header_findings_do_not_depend_on_decoding() -> None:
    _same_findings(ct_header_bytes())


def test_binary_values_are_not_decoded_by_the_checks() -> None:
    f = _read(ct_header_bytes())
    typeddcm.validate(f)
    rows = f.dataset.get(0x00280010)
    assert rows is not None and not rows.is_decoded


def _with_rows(value: bytes) -> bytes:
    ds = Dataset({"SOPClassUID": _SC, "SOPInstanceUID": "2.25.1", "Rows": 7})
    data = DicomFile.new(ds).to_bytes()
    element = struct.pack("<HH", 0x0028, 0x0010) + b"US"
    at = data.index(element)
    return (data[:at] + element + struct.pack("<H", len(value)) + value
            + data[at + 10:])


def test_vm_of_an_undecoded_binary_value_is_checked() -> None:
    data = _with_rows(struct.pack("<HH", 7, 8))  # two values of a VM 1 attribute
    found = [f for f in typeddcm.validate(data).findings if f.rule == "vm"]
    assert [(f.path, f.message) for f in found] == [
        ("(0028,0010)", "2 values where the dictionary allows VM 1")]
    _same_findings(data)


def test_a_binary_value_of_a_broken_length_is_still_decoded_and_reported() -> None:
    data = _with_rows(b"\x07\x00\x00")  # three bytes: not a whole number of US values
    report = typeddcm.validate(data)
    found = [(f.rule, f.path, f.reference) for f in report.findings if f.rule == "length"]
    assert found == [("length", "(0028,0010)", "PS3.5 7.1.1"), ("length", "(0028,0010)",
                                                                "PS3.5 6.2")]
    _same_findings(data)


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm",
                                  "waveform_ecg.dcm", "MR_small_bigendian.dcm", "badVR.dcm",
                                  "nested_priv_SQ.dcm", "rtplan_truncated.dcm"])
def test_wheel_files_give_the_same_findings_decoded_or_not(name: str) -> None:
    data = pytest.importorskip("pydicom.data")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        path = data.get_testdata_file(name, download=False)
    if path is None or not os.path.exists(path):
        pytest.skip(f"{name} is not in this pydicom's wheel")
    _same_findings(str(path))

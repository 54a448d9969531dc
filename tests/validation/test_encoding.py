"""Encoding checks (typeddcm/validation/encoding.py): one broken dataset per rule, clean ones,
the wheel files, and hypothesis datasets."""

from __future__ import annotations

import struct
import warnings
from collections.abc import Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile, Element, Tag, keys
from typeddcm.codec import decode_dataset, encode_dataset
from typeddcm.codec._level import Encoding
from typeddcm.errors import DecodeError, DicomError
from typeddcm.strategies import datasets
from typeddcm.validation import Finding, Severity
from typeddcm.validation.encoding import check_dataset_encoding, check_encoding, vm_allows
from typeddcm.vr import CS, DS, LO, SH, SQ, SS, UL, UN, US, AnyVR

_EXPLICIT_LE = "1.2.840.10008.1.2.1"
_IMPLICIT_LE = "1.2.840.10008.1.2"
_CT = "1.2.840.10008.5.1.4.1.1.2"
_UID = "2.25.987654321"


# ---------------------------------------------------------------- helpers


def _element(tag: int, vr: str, value: bytes) -> bytes:
    """One explicit VR little endian element, as bytes (values taken as given, unchecked)."""
    head = struct.pack("<HH", tag >> 16, tag & 0xFFFF) + vr.encode("ascii")
    if vr in ("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"):
        return head + b"\0\0" + struct.pack("<I", len(value)) + value
    return head + struct.pack("<H", len(value)) + value


def _text(text: str) -> bytes:
    data = text.encode("latin-1")
    return data + b" " if len(data) % 2 else data


def _uid(text: str) -> bytes:
    data = text.encode("ascii")
    return data + b"\0" if len(data) % 2 else data


def _clean_elements() -> dict[int, bytes]:
    return {
        0x00080016: _element(0x00080016, "UI", _uid(_CT)),
        0x00080018: _element(0x00080018, "UI", _uid(_UID)),
        0x00080060: _element(0x00080060, "CS", _text("CT")),
        0x00100010: _element(0x00100010, "PN", _text("Doe^Jane")),
        0x00100020: _element(0x00100020, "LO", _text("ID1")),
        0x00280010: _element(0x00280010, "US", struct.pack("<H", 2)),
    }


def _dataset(elements: dict[int, bytes]) -> Dataset:
    return decode_dataset(b"".join(elements[t] for t in sorted(elements)), _EXPLICIT_LE)


def _file(elements: dict[int, bytes]) -> DicomFile:
    """A Part 10 file (conformant meta) around hand-made explicit VR LE elements, read back."""
    header = DicomFile.new(Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID})).to_bytes()
    prefix = header[: len(header) - len(encode_dataset(
        Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID}), _EXPLICIT_LE))]
    data = prefix + b"".join(elements[t] for t in sorted(elements))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(data)


def _rules(findings: Iterable[Finding],
           severity: Severity = Severity.ERROR) -> list[tuple[str, str]]:
    """(rule, path) of the findings at ``severity`` or worse, in order."""
    return [(f.rule, f.path) for f in findings if f.severity >= severity]


def _of(ds: Dataset) -> list[Finding]:
    return list(check_dataset_encoding(ds))


def _in_memory(*pairs: tuple[int, AnyVR]) -> Dataset:
    ordered = sorted(pairs, key=lambda pair: pair[0])
    return Dataset.from_sorted_elements(Element(Tag(t), v) for t, v in ordered)


# ---------------------------------------------------------------- clean input


def test_clean_file_has_no_findings() -> None:
    f = _file(_clean_elements())
    assert list(check_encoding(f)) == []


def test_new_file_from_values_has_no_findings() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID, "Modality": "CT",
                  "ImageType": ["ORIGINAL", "PRIMARY"], "PixelSpacing": ["0.5", "0.5"],
                  "StudyDate": "20240312", "PatientName": "Doe^Jane", "PatientAge": "042Y"})
    f = DicomFile.new(ds)
    assert list(check_encoding(f)) == []
    assert list(check_encoding(typeddcm.read(f.to_bytes()))) == []
    assert list(check_dataset_encoding(ds)) == []


def test_clean_file_implicit_vr() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID, "Rows": 2,
                  "PatientName": "Doe^Jane"})
    data = DicomFile.new(ds, _IMPLICIT_LE).to_bytes()
    assert list(check_encoding(typeddcm.read(data))) == []


def test_ct_header_is_clean_apart_from_known_findings() -> None:
    from tests.ct_header import ct_file

    f = typeddcm.read(ct_file().to_bytes())
    errors = [x for x in check_encoding(f) if x.severity is Severity.ERROR]
    assert errors == []


# ---------------------------------------------------------------- VR


def test_vr_not_the_dictionary_s_is_an_error() -> None:
    elements = _clean_elements()
    elements[0x00280010] = _element(0x00280010, "SS", struct.pack("<h", 2))  # Rows is US
    found = list(check_encoding(_file(elements)))
    assert _rules(found) == [("vr", "(0028,0010)")]
    assert "VR SS where the dictionary says US" in found[0].message
    assert found[0].offset is not None


def test_vr_alternatives_are_accepted() -> None:
    # Smallest Image Pixel Value is "US or SS".
    ds = _in_memory((0x00280106, SS([-5])), (0x00280107, US([7])))
    assert _of(ds) == []


def test_un_for_a_known_element_is_only_info() -> None:
    elements = _clean_elements()
    elements[0x00200013] = _element(0x00200013, "UN", b"5 ")  # Instance Number, IS
    found = list(check_encoding(_file(elements)))
    assert _rules(found, Severity.WARNING) == []
    assert [(f.rule, f.severity) for f in found] == [("vr", Severity.INFO)]


def test_un_for_an_unknown_private_element_is_fine() -> None:
    elements = _clean_elements()
    elements[0x00090010] = _element(0x00090010, "LO", _text("ACME"))
    elements[0x00091001] = _element(0x00091001, "UN", b"\x01\x02")
    assert list(check_encoding(_file(elements))) == []


# ---------------------------------------------------------------- VM


@pytest.mark.parametrize(("vm", "count", "allowed"), [
    ("1", 1, True), ("1", 2, False), ("1", 0, True), ("1-n", 9, True), ("2", 1, False),
    ("2-2n", 2, True), ("2-2n", 3, False), ("2-2n", 6, True), ("3-3n", 4, False),
    ("3-3n", 9, True), ("1-3", 3, True), ("1-3", 4, False), ("1-n or 1", 5, True),
    ("6-n", 5, False), ("", 7, True), ("nonsense", 3, True),
])
def test_vm_allows(vm: str, count: int, allowed: bool) -> None:
    assert vm_allows(vm, count) is allowed


def test_vm_outside_the_dictionary_s_is_an_error() -> None:
    ds = _in_memory((0x00280030, DS(["0.5", "0.5", "0.5"])),  # Pixel Spacing: VM 2
                    (0x00080008, CS(["ORIGINAL"])))  # Image Type: VM 2-n
    assert _rules(_of(ds)) == [("vm", "(0008,0008)"), ("vm", "(0028,0030)")]


def test_empty_values_keep_any_vm() -> None:
    ds = _in_memory((0x00280030, DS([])), (0x00080008, CS([])))
    assert _of(ds) == []


# ---------------------------------------------------------------- values


@pytest.mark.parametrize(("tag", "vr", "value", "what"), [
    (0x00080020, "DA", b"2024-03-12", "DA"),  # Study Date, wrong form
    (0x00080030, "TM", b"10:15:30", "TM"),  # Study Time
    (0x0008002A, "DT", b"2024131200", "DT"),  # Acquisition DateTime, month 13
    (0x00101010, "AS", b"42Y ", "AS"),  # Patient's Age
    (0x0020000D, "UI", b"1.02.3\0", "UI"),  # Study Instance UID, leading zero
    (0x00200013, "IS", b"1A", "IS"),  # Instance Number
    (0x00200013, "IS", b"99999999999 ", "IS"),  # out of IS range
    (0x00280030, "DS", b"0.5\\abc ", "DS"),  # Pixel Spacing
    (0x00080060, "CS", b"ct", "CS"),  # Modality: lower case
    (0x00100020, "LO", _text("x" * 65), "LO"),  # Patient ID longer than 64
    (0x00100010, "PN", b"A^B^C^D^E^F ", "PN"),  # six components
    (0x00081030, "LO", b"a\x01b ", "LO"),  # control character
])
def test_value_rules(tag: int, vr: str, value: bytes, what: str) -> None:
    elements = _clean_elements()
    elements[tag] = _element(tag, vr, value)
    found = [f for f in check_encoding(_file(elements)) if f.rule == "value"]
    assert len(found) == 1, found
    assert found[0].path == str(Tag(tag))
    assert found[0].message.startswith(f"{what} value")
    assert found[0].severity is Severity.ERROR


def test_undecodable_value_is_a_finding() -> None:
    class Broken:
        def decode(self, tag: Tag) -> AnyVR:
            raise DecodeError("bad bytes", offset=12, tag=int(tag))

    elem = Element._lazy(Tag(0x00100010), Broken(), False)
    found = _of(Dataset.from_sorted_elements([elem]))
    assert _rules(found) == [("decode", "(0010,0010)")]


def test_text_outside_its_character_set_is_a_finding() -> None:
    elements = _clean_elements()
    elements[0x00080005] = _element(0x00080005, "CS", _text("ISO_IR 192"))
    elements[0x00100010] = _element(0x00100010, "PN", b"Do\xff\xfe")  # not UTF-8
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # decoding the name warns as well
        found = list(check_encoding(_file(elements)))
    assert ("charset", "(0010,0010)") in _rules(found)


# ---------------------------------------------------------------- retired, private, groups


def test_retired_attribute_is_a_warning() -> None:
    elements = _clean_elements()
    elements[0x00101000] = _element(0x00101000, "LO", _text("OTHER"))  # Other Patient IDs
    found = list(check_encoding(_file(elements)))
    assert [(f.severity, f.rule, f.path) for f in found] == [
        (Severity.WARNING, "retired", "(0010,1000)")]


def test_private_element_without_its_creator() -> None:
    elements = _clean_elements()
    elements[0x00091001] = _element(0x00091001, "LO", _text("secret"))
    assert _rules(list(check_encoding(_file(elements)))) == [
        ("private-creator", "(0009,1001)")]
    elements[0x00090010] = _element(0x00090010, "LO", _text("ACME"))
    assert list(check_encoding(_file(elements))) == []


def test_private_reserved_element_numbers_and_groups() -> None:
    ds = _in_memory((0x00090005, LO("x")), (0x00090100, LO("y")), (0x00010010, LO("z")))
    assert _rules(_of(ds)) == [("private", "(0001,0010)"), ("private", "(0009,0005)"),
                               ("private", "(0009,0100)")]


def test_private_creator_must_be_lo_and_not_empty() -> None:
    ds = _in_memory((0x00090010, LO([])), (0x00090011, SH("ACME")),
                    (0x00090012, UN(b"ACME")))
    assert _rules(_of(ds)) == [("private-creator", "(0009,0010)"), ("vr", "(0009,0011)")]
    # UN: the writer did not know the VR; only info (as for standard elements).
    assert [(f.severity, f.path) for f in _of(ds) if f.rule == "vr"] == [
        (Severity.ERROR, "(0009,0011)"), (Severity.INFO, "(0009,0012)")]


def test_group_length_that_disagrees_is_an_error() -> None:
    elements = _clean_elements()
    group = sum(len(b) for t, b in elements.items() if t >> 16 == 0x0010)
    elements[0x00100000] = _element(0x00100000, "UL", struct.pack("<I", group))
    assert list(check_encoding(_file(elements))) == []
    elements[0x00100000] = _element(0x00100000, "UL", struct.pack("<I", group + 2))
    found = list(check_encoding(_file(elements)))
    assert _rules(found) == [("group-length", "(0010,0000)")]
    assert f"says {group + 2} bytes" in found[0].message


def test_group_length_is_not_measured_on_a_partial_read() -> None:
    elements = _clean_elements()
    elements[0x00100000] = _element(0x00100000, "UL", struct.pack("<I", 28))
    elements[0x7FE00000] = _element(0x7FE00000, "UL", struct.pack("<I", 16))
    elements[0x7FE00010] = _element(0x7FE00010, "OW", b"\0\0\0\0")
    data = _file(elements).to_bytes()
    assert list(check_encoding(typeddcm.read(data))) == []
    partial = typeddcm.read(data, specific_tags=["PatientName"])
    assert _rules(list(check_encoding(partial))) == []
    header = typeddcm.read(data, stop_before_pixels=True)
    assert _rules(list(check_encoding(header))) == []


def test_group_length_of_elements_built_in_memory() -> None:
    pn = keys.PatientName.tag
    ds = Dataset({"PatientName": "Doe^Jane"})
    size = len(encode_dataset(ds, _EXPLICIT_LE))
    good = ds.set(Tag(0x00100000), UL([size]))
    assert _of(good) == []
    assert _rules(_of(ds.set(Tag(0x00100000), UL([size + 4])))) == [
        ("group-length", "(0010,0000)")]
    # Implicit VR measures 8-byte headers: the same group is as long, PN being a short VR.
    assert list(check_dataset_encoding(good, implicit_vr=True)) == []
    assert pn in good


def test_file_meta_elements_in_the_dataset() -> None:
    ds = _in_memory((0x00020010, LO("1.2")),)
    assert ("file-meta", "(0002,0010)") in _rules(_of(ds))


# ---------------------------------------------------------------- sequences


def test_findings_inside_sequences_carry_the_tag_path() -> None:
    bad_code = decode_dataset(_element(0x00080100, "SH", _text("x" * 20)), _EXPLICIT_LE)
    item = Dataset({"CodeValue": "A1"})
    ds = Dataset.from_sorted_elements([
        Element(Tag(0x00400275), SQ([Dataset({"ScheduledProcedureStepID": "1"}),
                                     Dataset.from_sorted_elements([
                                         Element(Tag(0x00400008), SQ([item, bad_code]))])])),
    ])
    assert _rules(_of(ds)) == [("value", "(0040,0275)[1](0040,0008)[1](0008,0100)")]


# ---------------------------------------------------------------- file meta, transfer syntax


def test_missing_file_meta_element() -> None:
    f = _file(_clean_elements())
    f = attrs.evolve(f, meta=f.meta.delete(0x00020012))
    # The group length is kept as read, so it now disagrees too.
    assert _rules(list(check_encoding(f))) == [("group-length", "(0002,0000)"),
                                               ("file-meta", "")]


def test_empty_file_meta_element() -> None:
    f = _file(_clean_elements())
    f = attrs.evolve(f, meta=f.meta.set(0x00020002, ""))
    assert ("file-meta", "(0002,0002)") in _rules(list(check_encoding(f)))


def test_meta_sop_uids_must_match_the_dataset() -> None:
    elements = _clean_elements()
    elements[0x00080018] = _element(0x00080018, "UI", _uid("2.25.1"))
    found = list(check_encoding(_file(elements)))
    assert _rules(found) == [("file-meta", "(0002,0003)")]


def test_no_file_meta_at_all() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID})
    data = encode_dataset(ds, _IMPLICIT_LE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(data, force=True)
    found = list(check_encoding(f))
    assert _rules(found) == [("file-meta", "")]  # the read's own record is not repeated


def test_transfer_syntax_that_disagrees_with_the_data() -> None:
    f = _file(_clean_elements())
    wrong = attrs.evolve(f, meta=f.meta.set(0x00020010, _IMPLICIT_LE))
    # A shorter UID: the group length kept as read disagrees too.
    assert _rules(list(check_encoding(wrong))) == [("group-length", "(0002,0000)"),
                                                   ("transfer-syntax", "(0002,0010)")]
    unknown = attrs.evolve(f, meta=f.meta.set(0x00020010, "1.2.840.10008.9"))  # 16 chars
    assert _rules(list(check_encoding(unknown))) == [("group-length", "(0002,0000)"),
                                                     ("transfer-syntax", "(0002,0010)")]


def test_transfer_syntax_wrong_in_the_file_is_reported_once() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID, "Rows": 2})
    good = DicomFile.new(ds, _IMPLICIT_LE).to_bytes()
    # Same length UID, so the meta's group length still holds: Explicit VR LE claimed.
    data = good.replace(_uid(_IMPLICIT_LE), b"1.2.840.10008.1.2.1\0"[:len(_uid(_IMPLICIT_LE))])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(data)
    found = list(check_encoding(f))
    assert [x.rule for x in found].count("transfer-syntax") == 1, found


def test_pixel_data_must_suit_the_transfer_syntax() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID, "Rows": 1, "Columns": 1,
                  "BitsAllocated": 16, "PixelData": b"\0\0"})
    f = DicomFile.new(ds)
    jpeg = typeddcm.transfer_syntax("1.2.840.10008.1.2.4.50")
    wrong = attrs.evolve(f, transfer_syntax=jpeg, meta=f.meta.set(0x00020010, jpeg.uid))
    assert ("transfer-syntax", "(7FE0,0010)") in _rules(list(check_encoding(wrong)))


def test_retired_transfer_syntax_is_a_warning() -> None:
    ds = Dataset({"SOPClassUID": _CT, "SOPInstanceUID": _UID})
    f = typeddcm.read(DicomFile.new(ds, "1.2.840.10008.1.2.2").to_bytes())
    assert [(x.severity, x.rule) for x in check_encoding(f)] == [
        (Severity.WARNING, "transfer-syntax")]


def test_check_dataset_encoding_arguments() -> None:
    assert Encoding(True, False) == Encoding(True, False)  # the form check_dataset_encoding builds
    assert list(check_dataset_encoding(Dataset(), implicit_vr=True, little_endian=False)) == []


# ---------------------------------------------------------------- wheel files


def _wheel_files() -> list[Path]:
    try:
        from tests.codec.pydicom_files import wheel_files
    except pytest.skip.Exception:  # pydicom absent
        return []
    return wheel_files()


@pytest.mark.parametrize("path", _wheel_files(), ids=lambda p: p.name)
def test_wheel_files_do_not_crash(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            f = typeddcm.read(path, force=True)
        except DicomError:
            return
        found = list(check_encoding(f))
    assert all(x.rule and x.message and x.severity in Severity for x in found)


#: What the checks find in some of pydicom's wheel files (the full list is in the report).
_KNOWN = {
    "CT_small.dcm": set(),
    "badVR.dcm": {("value", "(0028,0008)"), ("file-meta", "(0002,0003)")},
    "ExplVR_BigEnd.dcm": {("value", "(0008,0020)"), ("value", "(0008,0030)")},
    "rtplan_truncated.dcm": {("vm", "(300A,00B0)[0](300A,0111)[0](300A,012C)")},
    "SC_rgb_jpeg.dcm": {("transfer-syntax", "(0002,0010)"), ("transfer-syntax", "(7FE0,0010)")},
    "ExplVR_LitEndNoMeta.dcm": {("file-meta", "")},
}


@pytest.mark.parametrize("name", sorted(_KNOWN))
def test_known_wheel_findings(name: str) -> None:
    matches = [p for p in _wheel_files() if p.name == name]
    if not matches:
        pytest.skip(f"{name} is not among pydicom's test files here")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(matches[0], force=True)
    assert set(_rules(list(check_encoding(f)))) >= _KNOWN[name]
    if not _KNOWN[name]:
        assert _rules(list(check_encoding(f))) == []


# ---------------------------------------------------------------- hypothesis


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets())
def test_strategy_datasets_check_without_crash(ds: Dataset) -> None:
    found = list(check_dataset_encoding(ds))
    # The strategies make valid values under their creators: only VM (random counts),
    # retired and VR-alternative findings may appear, never these.
    assert not [f for f in found if f.rule in ("value", "private-creator", "decode")], found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(private=False, unambiguous=True))
def test_strategy_files_read_back_check_without_crash(ds: Dataset) -> None:
    ds = ds.set(keys.SOPClassUID, _CT).set(keys.SOPInstanceUID, _UID)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = typeddcm.read(DicomFile.new(ds).to_bytes())
        found = list(check_encoding(f))
    assert not [x for x in found if x.rule in ("value", "decode", "structure", "file-meta",
                                                "transfer-syntax", "group-length")], found


def test_meta_version_of_another_vr_does_not_crash() -> None:
    f = _file(_clean_elements())
    # Dataset.set refuses a VR the dictionary does not give; a reader keeps what it finds.
    meta = Dataset.from_sorted_elements(
        Element(e.tag, LO("1")) if e.tag == 0x00020001 else e for e in f.meta.elements())
    f = attrs.evolve(f, meta=meta)
    found = list(check_encoding(f))
    assert ("vr", "(0002,0001)") in _rules(found)
    assert any(x.message.startswith("File Meta Information Version") for x in found)


_SEQUENCE_FILE = DicomFile.new(Dataset({
    "SOPClassUID": _CT, "SOPInstanceUID": _UID, "PatientName": "Doe^Jane",
    "ScheduledProcedureStepSequence": [Dataset({"ScheduledProcedureStepID": "1",
                                                "ScheduledProtocolCodeSequence": [
                                                    Dataset({"CodeValue": "A1"})]})],
    "Rows": 2})).to_bytes()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(_SEQUENCE_FILE) - 1), st.integers(0, 255)),
                min_size=1, max_size=6))
def test_damaged_files_give_findings_not_crashes(damage: list[tuple[int, int]]) -> None:
    data = bytearray(_SEQUENCE_FILE)
    for index, byte in damage:
        data[index] = byte
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            f = typeddcm.read(bytes(data), force=True)
        except DicomError:
            return  # refused by the reader: a DicomError is an allowed answer
        found = list(check_encoding(f))
    assert all(isinstance(x, Finding) for x in found)

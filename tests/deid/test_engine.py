"""The action engine's rules, one by one (typeddcm.deid's documented choices)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from typeddcm import Dataset, DicomFile, keys
from typeddcm.deid import (
    METHOD_CODES,
    DeidentificationRefused,
    Deidentified,
    Option,
    UidMapper,
    date_offset,
    deidentify,
    deidentify_file,
    is_safe_private,
)
from typeddcm.deid._values import DUMMY_TEXT, dummy, empty
from typeddcm.vr import (
    DA,
    DS,
    DT,
    LO,
    LT,
    OB,
    OW,
    PN,
    SQ,
    TM,
    UI,
    US,
    VR_CLASSES,
)

from .leaks import leaks

SHARED = Path(__file__).resolve().parents[3] / "shared" / "dicom"
CT = "1.2.840.10008.5.1.4.1.1.2"


def items(ds: Dataset, tag: int) -> list[Dataset]:
    """The items of the sequence ``tag`` of ``ds``."""
    vr = ds[tag].vr
    assert isinstance(vr, SQ)
    return list(vr.values)


def base(**extra: object) -> Dataset:
    values: dict[str, object] = {
        "SOPClassUID": CT, "SOPInstanceUID": "1.2.3.4.5", "PatientName": "Doe^Jane",
        "PatientID": "PID42", "StudyDate": "20240312", "StudyTime": "101530"}
    return Dataset(**{**values, **extra})


def test_basic_actions_by_code() -> None:
    ds = base(StudyDescription="CHEST CT", InstitutionName="General Hospital",
              PatientAge="058Y", Modality="CT", Rows=4)
    out = deidentify(ds, "k").dataset
    assert out[0x00100010].vr.values == ()  # Z
    # Z/D on a value: D, for Patient ID a keyed pseudonym (one per patient)
    pseudonym = str(out[0x00100020].vr.value)
    assert pseudonym.startswith("ANON") and len(pseudonym) == 20 and "PID42" not in pseudonym
    assert str(deidentify(ds, "k").dataset[0x00100020].vr.value) == pseudonym
    assert str(deidentify(ds, "other key").dataset[0x00100020].vr.value) != pseudonym
    other = deidentify(ds.set("PatientID", "PID43"), "k").dataset
    assert str(other[0x00100020].vr.value) != pseudonym
    assert 0x00081030 not in out  # X
    assert 0x00101010 not in out  # X
    assert str(out[0x00080080].vr.value) == DUMMY_TEXT  # X/Z/D: D
    assert out[0x00080020].vr.values == ()  # Study Date: Z
    assert str(out[0x00080060].vr.value) == "CT"  # not in the table: kept
    assert out[0x00280010].vr.values == (4,)


def test_combined_code_keeps_empty_values_empty() -> None:
    out = deidentify(base(InstitutionName="", PatientID=""), "k").dataset
    assert out[0x00080080].vr.values == ()
    assert out[0x00100020].vr.values == ()


def test_options_override() -> None:
    ds = base(PatientAge="058Y", InstitutionName="General Hospital",
              StudyDescription="CHEST CT", DeviceSerialNumber="SN42")
    out = deidentify(ds, "k", [Option.RETAIN_PATIENT_CHARACTERISTICS,
                               Option.RETAIN_INSTITUTION_IDENTITY,
                               Option.RETAIN_DEVICE_IDENTITY, Option.RETAIN_LONG_FULL_DATES,
                               Option.RETAIN_UIDS]).dataset
    assert str(out[0x00101010].vr.value) == "058Y"
    assert str(out[0x00080080].vr.value) == "General Hospital"
    assert str(out[0x00181000].vr.value) == "SN42"
    assert str(out[0x00080020].vr.value) == "20240312"
    assert str(out[0x00080018].vr.value) == "1.2.3.4.5"
    assert str(out[0x00280303].vr.value) == "UNMODIFIED"
    cleaned = deidentify(ds, "k", [Option.CLEAN_DESCRIPTORS]).dataset
    assert str(cleaned[0x00081030].vr.value) == DUMMY_TEXT


@pytest.mark.parametrize("code", sorted(c for c in VR_CLASSES if c != "SQ"))
def test_dummies_are_valid_for_every_vr(code: str) -> None:
    """D's value passes strict PS3.5 validation, so a Type 1 attribute stays valid."""
    samples = {"OB": OB(b"\1\2"), "OW": OW(b"\1\2\3\4")}
    cls = VR_CLASSES[code]
    original: Any = samples.get(code) or cls()
    value = dummy(original, UidMapper("k"))
    value.validate(strict=True)
    assert type(value) is cls
    assert len(value.values) >= 1 or code in ("OB", "OW", "OF", "OD", "OL", "OV", "UN")
    assert empty(original).vm == 0 or code in ("OB", "OW", "OF", "OD", "OL", "OV", "UN")


def test_dummy_keeps_value_count_and_bulk_length() -> None:
    mapper = UidMapper("k")
    assert dummy(LO(["a", "b", "c"]), mapper).vm == 3
    assert dummy(US([1, 2]), mapper).values == (0, 0)
    bulk = dummy(OB(b"\1\2\3\4"), mapper)
    assert isinstance(bulk, OB) and bytes(bulk.data) == bytes(4)


def test_uid_mapping() -> None:
    """2.25.<128-bit UUID v8>, deterministic per key, standard UIDs kept."""
    a, b = UidMapper("key"), UidMapper(b"key")
    mapped = a("1.2.3.4.5")
    assert mapped == b("1.2.3.4.5") == UidMapper("key")("1.2.3.4.5")
    assert mapped != UidMapper("other")("1.2.3.4.5")
    assert mapped.startswith("2.25.") and len(mapped) <= 64
    n = int(mapped[5:])
    assert n < 2**128 and (n >> 76) & 0xF == 8 and (n >> 62) & 0x3 == 2
    UI(mapped).validate(strict=True)
    assert a(CT) == CT  # a SOP Class: registered, kept
    assert a("1.2.840.10008.1.2.1") == "1.2.840.10008.1.2.1"
    with pytest.raises(ValueError, match="empty"):
        UidMapper("")


def test_u_maps_every_value_and_nested_references() -> None:
    ds = base(ReferencedImageSequence=SQ([Dataset(ReferencedSOPClassUID=CT,
                                                  ReferencedSOPInstanceUID="1.2.3.4.6")]))
    out = deidentify(ds, "k").dataset
    mapper = UidMapper("k")
    assert str(out[0x00080018].vr.value) == mapper("1.2.3.4.5")
    item = items(out, 0x00081140)[0]
    assert str(item[0x00081155].vr.value) == mapper("1.2.3.4.6")
    assert str(item[0x00081150].vr.value) == CT


def test_recursion_into_every_sequence() -> None:
    """An attribute's action applies inside items, whatever the sequence's own action."""
    item = Dataset(PatientName="Inner^Name", PatientID="INNER1", CodeValue="X1")
    ds = base(OtherPatientIDsSequence=SQ([item]), DerivationCodeSequence=SQ([item]))
    done = deidentify(ds, "k")
    assert 0x00101002 not in done.dataset  # Other Patient IDs Sequence: X
    inner = items(done.dataset, 0x00089215)[0]  # not in the table: kept, processed
    assert inner[0x00100010].vr.values == ()
    assert str(inner[0x00100020].vr.value) == UidMapper("k").pseudonym("INNER1")
    assert str(inner[0x00080100].vr.value) == "X1"
    assert any(a.path[:3] == (0x00089215, 0, 0x00100010) for a in done.actions)


def test_d_on_a_sequence_replaces_every_value_inside() -> None:
    code = Dataset(CodeValue="GH01", CodingSchemeDesignator="99HOSP",
                   CodeMeaning="General Hospital")
    out = deidentify(base(InstitutionCodeSequence=SQ([code])), "k").dataset
    (item,) = items(out, 0x00080082)
    assert {str(item[t].vr.value) for t in (0x00080100, 0x00080102, 0x00080104)} == {DUMMY_TEXT}


def test_safe_private() -> None:
    ds = base().update({0x00190010: LO("GEMS_ACQU_01"), 0x00191023: DS("42"),
                        0x00191030: LO("secret"), 0x00290010: LO("OTHER"),
                        0x00291023: LO("secret too")})
    assert is_safe_private("GEMS_ACQU_01 ", 0x0019, 0x1023)
    basic = deidentify(ds, "k").dataset
    assert not any(tag >> 16 & 1 for tag in basic)
    kept = deidentify(ds, "k", [Option.RETAIN_SAFE_PRIVATE]).dataset
    assert sorted(int(t) for t in kept if t >> 16 & 1) == [0x00190010, 0x00191023]


def test_overlays_and_curves() -> None:
    ds = base().update({0x60000010: US(8), 0x60000011: US(8), 0x60003000: OW(bytes(8)),
                        0x60024000: LT("note"), 0x50000005: US(1), 0x50003000: OW(bytes(4))})
    for options in ((), (Option.CLEAN_GRAPHICS,)):
        out = deidentify(ds, "k", options).dataset
        assert not any(0x5000 <= t >> 16 <= 0x60FF for t in out if t >> 16 != 0x6002), options
    assert str(deidentify(ds, "k", [Option.CLEAN_GRAPHICS]).dataset[0x60024000].vr.value) == (
        DUMMY_TEXT)


def test_modified_dates() -> None:
    ds = base(ContentDate="20240313", AcquisitionDateTime="20240312101530.5+0100",
              ContentTime="101531")
    done = deidentify(ds, "k", [Option.RETAIN_LONG_MODIFIED_DATES])
    out = done.dataset
    days = date_offset("k", "PID42")
    assert done.date_shift_days == days and 1 <= days <= 3652
    study = out[keys.StudyDate].value.to_date()
    assert (out[keys.ContentDate].value.to_date() - study).days == 1
    assert str(out[0x0008002A].vr.value).endswith("101530.5+0100")
    assert str(out[0x00080033].vr.value) == "101531"
    assert str(out[0x00280303].vr.value) == "MODIFIED"
    assert isinstance(out[0x00080020].vr, DA) and isinstance(out[0x0008002A].vr, DT)
    assert isinstance(out[0x00080033].vr, TM)


def test_marks_and_method_codes() -> None:
    options = [Option.RETAIN_SAFE_PRIVATE, Option.CLEAN_DESCRIPTORS]
    out = deidentify(base(), "k", options).dataset
    assert str(out[0x00120062].vr.value) == "YES"
    codes = [(str(i[0x00080100].vr.value), str(i[0x00080102].vr.value))
             for i in items(out, 0x00120064)]
    assert codes == [("113100", "DCM"), ("113105", "DCM"), ("113111", "DCM")]
    assert all(len(str(v)) <= 64 for v in out[0x00120063].vr.values)
    assert str(out[0x00280303].vr.value) == "REMOVED"


def test_method_codes_match_cid_7050() -> None:
    """Our codes and meanings are PS3.16 CID 7050's (from ../shared/dicom)."""
    source = SHARED / "sr_concepts.tsv"
    if not source.is_file():
        pytest.skip("../shared/dicom/sr_concepts.tsv not found: PS3.16 codes not available")
    with source.open(encoding="utf-8", newline="") as f:
        rows = {row["code_value"]: row["code_meaning"] for row in csv.DictReader(
            f, delimiter="\t", quoting=csv.QUOTE_NONE)
            if row["code_value"].startswith("1131") and "7050" in row["cids"].split(",")}
    assert {value: meaning for value, meaning in METHOD_CODES.values()} == {
        k: v for k, v in rows.items() if k not in ("113101", "113102")}


def test_burned_in_annotation_refused_unless_allowed() -> None:
    f = DicomFile.new(base(BurnedInAnnotation="YES"))
    with pytest.raises(DeidentificationRefused, match="pixel redaction"):
        deidentify_file(f, "k")
    out, _ = deidentify_file(f, "k", allow_burned_in=True)
    assert str(out.dataset[0x00280301].vr.value) == "YES"


def test_file_meta_follows_the_new_instance_uid() -> None:
    f = DicomFile.new(base(), meta=Dataset({0x00020016: "SENDER_AE"}))
    out, done = deidentify_file(f, "k")
    assert out.meta[0x00020003].vr.value == out.dataset[0x00080018].vr.value
    assert 0x00020016 not in out.meta
    assert b"SENDER_AE" not in out.to_bytes()
    assert isinstance(done, Deidentified)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="empty"):
        deidentify(base(), "")
    with pytest.raises(ValueError, match="not both"):
        deidentify(base(), "k", [Option.RETAIN_LONG_FULL_DATES, Option.RETAIN_LONG_MODIFIED_DATES])
    with pytest.raises(ValueError, match="retain_everything"):
        deidentify(base(), "k", ["retain_everything"])


def test_input_unchanged_and_untouched_levels_shared() -> None:
    ds = base(DerivationCodeSequence=SQ([Dataset(CodeValue="1")]))
    before = Dataset(ds)
    out = deidentify(ds, "k").dataset
    assert ds == before
    assert out[0x00089215] is ds[0x00089215]  # nothing to do inside: the same element


def test_leak_check_finds_leaks() -> None:
    """The proof's checker is not vacuous: an output that is the input leaks."""
    ds = base(InstitutionName="General Hospital", PatientName=PN("Doe^Jane"))
    done = deidentify(ds, "k")
    assert leaks(ds, done, DicomFile.new(done.dataset).to_bytes()) == []
    fake = Deidentified(ds, done.actions, 0)
    found = leaks(ds, fake, DicomFile.new(ds).to_bytes())
    assert {"Doe^Jane", "General Hospital", "PID42", "1.2.3.4.5"} <= set(found)


def test_meta_template_matches_a_new_meta() -> None:
    """The cached meta of later files equals DicomFile.new's for the same dataset."""
    first, _ = deidentify_file(DicomFile.new(base(SOPInstanceUID="1.2.3.4.6")), "k")
    second, _ = deidentify_file(DicomFile.new(base(SOPInstanceUID="1.2.3.4.7")), "k")
    assert second.meta == DicomFile.new(second.dataset).meta
    assert first.meta[0x00020003] != second.meta[0x00020003]

"""The evaluated 1C/2C and C-module conditions (typeddcm.validation.conditions)."""

from __future__ import annotations

import pytest

from typeddcm import Dataset
from typeddcm.validation import Severity
from typeddcm.validation.conditions import CONDITIONS, PAIRED_BODY_PARTS
from typeddcm.validation.iod import check_iod
from typeddcm.vr import SQ

from .test_iod import _ct

MR = "1.2.840.10008.5.1.4.1.1.4"
SC = "1.2.840.10008.5.1.4.1.1.7"
US = "1.2.840.10008.5.1.4.1.1.6.1"


def _errors(ds: Dataset) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in check_iod(ds) if f.severity is Severity.ERROR]


def _unevaluated(ds: Dataset) -> str:
    return " ".join(f.message for f in check_iod(ds) if f.rule == "conditional")


def test_every_condition_names_where_the_standard_states_it() -> None:
    for (module, keyword), condition in CONDITIONS.items():
        assert keyword.isidentifier(), (module, keyword)
        assert condition.reference.startswith("PS3."), (module, keyword)
        assert condition.text


def test_specific_character_set_is_required_by_non_ascii_text() -> None:
    plain = _ct().delete("SpecificCharacterSet")
    assert _errors(plain) == []
    assert "SpecificCharacterSet" not in _unevaluated(plain)
    accented = plain.set("PatientName", "Müller^Jürgen")
    assert ("type1", "(0008,0005)") in _errors(accented)
    nested = plain.set("ReferencedStudySequence", SQ([Dataset(
        ReferencedSOPClassUID="1.2.3", ReferencedSOPInstanceUID="1.2.4",
        StudyDescription="Étude")]))
    assert ("type1", "(0008,0005)") in _errors(nested)


def test_a_human_patient_needs_no_animal_attributes() -> None:
    ct = _ct()
    assert "PatientSpecies" not in _unevaluated(ct)
    assert "ResponsiblePerson" not in _unevaluated(ct)
    # Patient's Age puts the Patient Study Module (U) in, with its 2C Sex Neutered.
    animal = ct.set("PatientSpeciesDescription", "Canis lupus familiaris").set(
        "PatientAge", "003Y")
    errors = _errors(animal)
    assert ("type2", "(0010,2293)") in errors  # Patient Breed Code Sequence
    assert ("type2", "(0010,2294)") in errors  # Breed Registration Sequence
    assert ("type2", "(0010,2297)") in errors  # Responsible Person
    assert ("type2", "(0010,2203)") in errors  # Patient's Sex Neutered
    assert ("type1", "(0010,2202)") not in errors  # the description stands for the code
    assert ("type2", "(0010,2292)") in errors  # breed description: code sequence empty
    filled = animal.set("PatientBreedCodeSequence", SQ([Dataset(
        CodeValue="1", CodingSchemeDesignator="SCT", CodeMeaning="Beagle")]))
    assert ("type2", "(0010,2292)") not in _errors(filled)


def test_alternative_calendar_and_responsible_person_role() -> None:
    dated = _ct().set("PatientBirthDateInAlternativeCalendar", "1402")
    assert ("type1", "(0010,0035)") in _errors(dated)
    person = _ct().set("ResponsiblePerson", "Doe^John")
    assert ("type1", "(0010,2298)") in _errors(person)
    assert ("type1", "(0010,2298)") not in _errors(_ct().set("ResponsiblePerson", ""))


@pytest.mark.parametrize(("part", "required"), [("KNEE", True), ("BREAST", True),
                                                ("CHEST", False), ("HEAD", False)])
def test_laterality_for_paired_body_parts(part: str, required: bool) -> None:
    ds = _ct().set("BodyPartExamined", part)
    assert (("type2", "(0020,0060)") in _errors(ds)) is required
    assert ("type2", "(0020,0060)") not in _errors(ds.set("ImageLaterality", "R"))
    assert ("type2", "(0020,0060)") not in _errors(ds.set("Laterality", "L"))


def test_laterality_is_not_evaluated_without_a_body_part() -> None:
    assert "Laterality (0020,0060) absent" in _unevaluated(_ct())
    assert {"KNEE", "EYE", "KIDNEY"} <= PAIRED_BODY_PARTS


def test_pixel_module_conditions() -> None:
    ct = _ct()
    found = _unevaluated(ct)
    for keyword in ("ExtendedOffsetTableLengths", "PixelDataProviderURL",
                    "PixelAspectRatio", "PixelPaddingRangeLimit"):
        assert keyword not in found, keyword
    assert ("type1", "(7FE0,0002)") in _errors(ct.set("ExtendedOffsetTable", bytes(8)))
    no_pixels = ct.delete("PixelData")
    assert {("type1", "(7FE0,0010)"), ("type1", "(0028,7FE0)")} <= set(_errors(no_pixels))
    unspaced = ct.delete("PixelSpacing")
    assert "PixelAspectRatio" in _unevaluated(unspaced)
    padded = ct.set("PixelPaddingValue", 0)
    assert "PixelPaddingRangeLimit" in _unevaluated(padded)


def test_coding_scheme_version_for_known_and_local_schemes() -> None:
    def coded(designator: str) -> Dataset:
        return _ct().set("ProcedureCodeSequence", SQ([Dataset(
            CodeValue="1", CodingSchemeDesignator=designator, CodeMeaning="x")]))
    assert "CodingSchemeVersion" not in _unevaluated(coded("DCM"))
    assert "CodingSchemeVersion" not in _unevaluated(coded("SCT"))
    assert "CodingSchemeVersion" in _unevaluated(coded("99LOCAL"))


def test_inversion_time_follows_the_scanning_sequence() -> None:
    mr = _ct().set("SOPClassUID", MR).set("Modality", "MR").delete("KVP").delete(
        "RescaleIntercept").delete("RescaleSlope")
    mr = mr.set("ScanningSequence", ["SE"]).set("SequenceVariant", ["NONE"]).set(
        "ScanOptions", "").set("MRAcquisitionType", "2D").set("RepetitionTime", "500").set(
        "EchoTime", "10").set("EchoTrainLength", "1").set("ImagedNucleus", "1H").set(
        "MagneticFieldStrength", "1.5")
    assert ("type2", "(0018,0082)") not in _errors(mr)
    assert ("type2", "(0018,0082)") in _errors(mr.set("ScanningSequence", ["IR", "GR"]))


def test_water_equivalent_diameter_method() -> None:
    ds = _ct().set("WaterEquivalentDiameter", 250.0)
    assert ("type1", "(0018,1272)") in _errors(ds)


def test_patient_orientation_only_where_the_iod_has_no_image_plane() -> None:
    ct = _ct().delete("PatientOrientation")
    assert ("type2", "(0020,0020)") not in _errors(ct)
    # Without orientation and position a CT still does not need it: Image Plane (M)
    # requires those, and that is the error reported.
    stripped = ct.delete("ImageOrientationPatient").delete("ImagePositionPatient")
    errors = _errors(stripped)
    assert ("type2", "(0020,0020)") not in errors
    assert ("type1", "(0020,0037)") in errors
    sc = Dataset(SOPClassUID=SC, SOPInstanceUID="2.25.9", Modality="OT", StudyDate="",
                 ConversionType="WSD", InstanceNumber="1")
    assert ("type2", "(0020,0020)") in _errors(sc)


def test_ivus_conditions() -> None:
    ds = Dataset(SOPClassUID=US, Modality="IVUS", TransducerData=["x"])  # US Image Module
    assert ("type1", "(0018,3100)") in _errors(ds)
    pullback = ds.set("IVUSAcquisition", "MOTOR_PULLBACK")
    errors = _errors(pullback)
    assert ("type1", "(0018,3101)") in errors  # pullback rate
    assert ("type1", "(0018,3103)") in errors  # start frame
    assert ("type1", "(0018,3102)") not in errors  # gated rate
    plain = Dataset(SOPClassUID=US, Modality="US", TransducerData=["x"])
    assert ("type1", "(0018,3100)") not in _errors(plain)


def test_palette_color_lookup_table_module() -> None:
    palette = _ct().set("SOPClassUID", US).set("PhotometricInterpretation", "PALETTE COLOR")
    assert any(f.rule == "module" and "Palette Color Lookup Table" in f.message
               and f.severity is Severity.ERROR for f in check_iod(palette))
    mono = _ct().set("SOPClassUID", US)
    assert not any("Palette Color Lookup Table" in f.message for f in check_iod(mono)
                   if f.severity is Severity.ERROR)


def test_attributes_not_in_the_items_of_their_sequence() -> None:
    item = Dataset(ReferencedSOPClassUID="1.2.3", ReferencedSOPInstanceUID="1.2.4",
                   Rows=5)
    ds = _ct().set("ReferencedStudySequence", SQ([item]))
    found = [f for f in check_iod(ds) if f.rule == "not-in-iod"]
    assert [f.path for f in found] == ["(0008,1110)[0](0028,0010)"]
    assert found[0].severity is Severity.INFO
    assert "ReferencedStudySequence items" in found[0].message


def test_references_name_the_section_and_table() -> None:
    findings = list(check_iod(_ct().delete("Modality")))
    modality = next(f for f in findings if f.path == "(0008,0060)")
    assert modality.reference == "PS3.3 C.7.3 General Series Module (Table C.7-5a)"
    extra = next(f for f in check_iod(_ct().set("OperatorsName", "x").set(
        "DiffusionBValue", 1.0)) if f.rule == "not-in-iod")
    assert extra.reference.startswith("PS3.3 A.3")
    assert "CT Image IOD" in extra.reference


def test_a_dicomdir_is_checked_against_the_basic_directory_iod() -> None:
    from pathlib import Path

    import typeddcm

    data = pytest.importorskip("pydicom.data")
    path = Path(data.__file__).parent / "test_files" / "dicomdirtests" / "DICOMDIR"
    if not path.exists():
        pytest.skip("pydicom's DICOMDIR test file is not installed")
    report = typeddcm.validate(path)
    assert report.ok
    assert not any(f.rule in ("sop-class", "not-in-iod") for f in report.findings)
    # The dataset alone has no SOP Class UID: without the file meta it is an error.
    assert any(f.rule == "sop-class" for f in check_iod(typeddcm.read(path).dataset))
    # A private record needs its Private Record UID.
    ds = typeddcm.read(path).dataset
    records = [item for item in ds["DirectoryRecordSequence"].vr.values
               if isinstance(item, Dataset)]
    records[0] = records[0].set("DirectoryRecordType", "PRIVATE")
    changed = ds.set("DirectoryRecordSequence", SQ(records))
    found = list(check_iod(changed, media_storage_sop_class="1.2.840.10008.1.3.10"))
    assert ("type1", "(0004,1220)[0](0004,1432)") in [(f.rule, f.path) for f in found]


def test_directory_records_hold_the_keys_of_their_type() -> None:
    from pathlib import Path

    import typeddcm

    data = pytest.importorskip("pydicom.data")
    path = Path(data.__file__).parent / "test_files" / "dicomdirtests" / "DICOMDIR"
    if not path.exists():
        pytest.skip("pydicom's DICOMDIR test file is not installed")
    ds = typeddcm.read(path).dataset
    records = [item for item in ds["DirectoryRecordSequence"].vr.values
               if isinstance(item, Dataset)]
    patient = next(i for i, r in enumerate(records)
                   if str(r["DirectoryRecordType"].vr.value).strip() == "PATIENT")
    records[patient] = records[patient].delete("PatientID").delete("PatientName")
    changed = ds.set("DirectoryRecordSequence", SQ(records))
    found = [(f.rule, f.path) for f in check_iod(
        changed, media_storage_sop_class="1.2.840.10008.1.3.10")
        if f.severity is Severity.ERROR]
    assert ("record-key", f"(0004,1220)[{patient}](0010,0020)") in found  # Type 1
    assert ("record-key", f"(0004,1220)[{patient}](0010,0010)") in found  # Type 2
    assert len(found) == 2

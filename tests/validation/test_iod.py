"""The IOD checks (typeddcm.validation.iod) and the IOD tables behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeddcm import Dataset
from typeddcm.validation import Severity
from typeddcm.validation._iod_tables import attributes_of, iod_of, module_name, modules_of
from typeddcm.validation.iod import CONDITIONS, _Check, _compile, check_iod
from typeddcm.vr import LO, SQ, UL, VR_CLASSES

CT = "1.2.840.10008.5.1.4.1.1.2"


def _ct() -> Dataset:
    """A CT Image with every Type 1 and Type 2 attribute of its Mandatory modules."""
    return Dataset(
        SOPClassUID=CT, SOPInstanceUID="2.25.1", SpecificCharacterSet="ISO_IR 100",
        PatientName="Doe^Jane", PatientID="P1", PatientBirthDate="", PatientSex="F",
        StudyInstanceUID="2.25.2", StudyDate="20240101", StudyTime="120000",
        ReferringPhysicianName="", StudyID="S1", AccessionNumber="",
        Modality="CT", SeriesInstanceUID="2.25.3", SeriesNumber="1", PatientPosition="HFS",
        FrameOfReferenceUID="2.25.4", PositionReferenceIndicator="", Manufacturer="ACME",
        InstanceNumber="1", PatientOrientation=["L", "P"], ContentDate="20240101",
        ContentTime="120000", PixelSpacing=["0.5", "0.5"],
        ImageOrientationPatient=["1", "0", "0", "0", "1", "0"],
        ImagePositionPatient=["0", "0", "0"], SliceThickness="1",
        SamplesPerPixel=1, PhotometricInterpretation="MONOCHROME2", Rows=2, Columns=2,
        BitsAllocated=16, BitsStored=12, HighBit=11, PixelRepresentation=0,
        PixelData=bytes(8), ImageType=["ORIGINAL", "PRIMARY", "AXIAL"],
        RescaleIntercept="-1024", RescaleSlope="1", KVP="120", AcquisitionNumber="1",
    )


def _rules(ds: Dataset, severity: Severity = Severity.ERROR) -> list[tuple[str, str]]:
    return [(f.rule, f.path) for f in check_iod(ds) if f.severity is severity]


def test_tables_load_and_have_the_ct_iod() -> None:
    iod = iod_of(CT)
    assert iod is not None
    assert (iod.iod, iod.name) == ("ct-image", "CT Image")
    assert iod_of("1.2.3.4") is None
    uses = {u.module: u for u in modules_of(iod)}
    assert uses["image-pixel"].usage == "M"
    assert uses["contrast-bolus"].usage == "C"
    assert uses["patient"].ie == "Patient"
    assert modules_of("no-such-iod") == []
    pixel = {s.keyword: s for s in attributes_of("image-pixel") or ()}
    assert pixel["Rows"].tag == 0x00280010
    assert pixel["Rows"].type == "1"
    assert pixel["PlanarConfiguration"].type == "1C"
    assert attributes_of("no-such-module") is None
    assert module_name("voi-lut") == "VOI LUT"
    assert module_name("frame-of-reference") == "Frame of Reference"


def test_tables_have_nested_attributes_and_repeating_groups() -> None:
    series = {s.keyword: s for s in attributes_of("general-series") or ()}
    request = {s.keyword: s for s in series["RequestAttributesSequence"].children}
    assert request["StudyInstanceUID"].type == "3"
    assert request["ScheduledProcedureStepID"][1:3] == ("ScheduledProcedureStepID", "1C")
    assert not request["StudyInstanceUID"].children
    assert request["IssuerOfAccessionNumberSequence"].children
    overlay = {s.keyword: s for s in attributes_of("overlay-plane") or ()}
    assert overlay["OverlayRows"].repeating
    assert overlay["OverlayRows"].tag == 0x60000010


def test_a_ct_with_its_type_1_and_2_attributes_has_no_errors() -> None:
    assert _rules(_ct()) == []
    assert Severity.INFO in {f.severity for f in check_iod(_ct())}


def test_the_realistic_ct_header_has_no_errors() -> None:
    from tests.ct_header import ct_dataset

    assert _rules(ct_dataset()) == []


def test_type_1_absent_or_empty_is_an_error() -> None:
    assert ("type1", "(0020,000D)") in _rules(_ct().delete("StudyInstanceUID"))
    assert ("type1", "(0020,000D)") in _rules(_ct().set("StudyInstanceUID", ""))
    finding = next(f for f in check_iod(_ct().delete("Rows")) if f.rule == "type1")
    assert "Image Pixel" in finding.message
    assert finding.reference.startswith("PS3.3")


def test_type_2_absent_is_an_error_and_empty_is_not() -> None:
    assert ("type2", "(0010,0030)") in _rules(_ct().delete("PatientBirthDate"))
    assert ("type2", "(0010,0030)") not in _rules(_ct().set("PatientBirthDate", ""))


def test_mandatory_module_without_attributes() -> None:
    ds = _ct()
    for keyword in ("FrameOfReferenceUID", "PositionReferenceIndicator"):
        ds = ds.delete(keyword)
    errors = [f for f in check_iod(ds) if f.severity is Severity.ERROR]
    assert [f.rule for f in errors] == ["module"]
    assert "Frame of Reference" in errors[0].message


def test_attribute_in_no_module_is_info() -> None:
    ds = _ct().set("RTPlanLabel", "PLAN")
    assert ("not-in-iod", "(300A,0002)") in _rules(ds, Severity.INFO)
    assert ("not-in-iod", "(300A,0002)") not in _rules(ds)


def test_private_and_group_length_are_not_reported() -> None:
    ds = _ct().set((0x0009, 0x0010), "CREATOR").set((0x0009, 0x1000), LO("x"))
    ds = ds.set((0x0008, 0x0000), UL([100]))
    assert not [f for f in check_iod(ds) if f.rule == "not-in-iod"]


def test_planar_configuration_when_samples_per_pixel_above_one() -> None:
    rgb = _ct().update(SamplesPerPixel=3, PhotometricInterpretation="RGB")
    assert ("type1", "(0028,0006)") in _rules(rgb)
    assert ("type1", "(0028,0006)") not in _rules(rgb.set("PlanarConfiguration", 0))
    assert ("type1", "(0028,0006)") not in _rules(_ct())


def test_palette_descriptors_when_palette_color() -> None:
    palette = _ct().set("PhotometricInterpretation", "PALETTE COLOR")
    paths = _rules(palette)
    assert ("type1", "(0028,1101)") in paths
    assert ("type1", "(0028,1203)") in paths


def test_pixel_data_required_without_provider_url() -> None:
    assert ("type1", "(7FE0,0010)") in _rules(_ct().delete("PixelData"))
    url = _ct().delete("PixelData").set("PixelDataProviderURL", "http://example.com/x")
    assert ("type1", "(7FE0,0010)") not in _rules(url)


def test_voi_lut_window_width_needs_window_center() -> None:
    ds = _ct().set("WindowCenter", "40")
    assert ("type1", "(0028,1051)") in _rules(ds)
    assert ("type1", "(0028,1051)") not in _rules(ds.set("WindowWidth", "400"))


def test_patient_position_for_ct() -> None:
    assert ("type2", "(0018,5100)") in _rules(_ct().delete("PatientPosition"))


def test_multi_energy_module_condition() -> None:
    ds = _ct().set("MultienergyCTAcquisition", "YES")
    assert "module" in [rule for rule, _ in _rules(ds)]
    assert "module" not in [rule for rule, _ in _rules(_ct().set("MultienergyCTAcquisition",
                                                                   "NO"))]


def test_type_1_inside_a_sequence() -> None:
    item = Dataset(CodingSchemeDesignator="DCM", CodeMeaning="x")  # CodeValue missing
    ds = _ct().set("ProcedureCodeSequence", SQ([item]))
    assert ("type1", "(0008,1032)[0](0008,0100)") in _rules(ds)
    good = Dataset(CodeValue="1", CodingSchemeDesignator="DCM", CodeMeaning="x")
    assert _rules(_ct().set("ProcedureCodeSequence", SQ([good]))) == []


def test_unevaluated_conditions_are_info_with_what_was_found() -> None:
    found = [f for f in check_iod(_ct()) if f.rule == "conditional"]
    assert found
    assert all(f.severity is Severity.INFO for f in found)
    patient = next(f for f in found if f.message.startswith("SOP Common Module"))
    assert "not evaluated" in patient.message
    assert "absent" in patient.message
    assert "Synchronization" in " ".join(f.message for f in found)


def test_sop_class_missing_or_unknown() -> None:
    assert _rules(_ct().delete("SOPClassUID")) == [("sop-class", "(0008,0016)")]
    unknown = list(check_iod(_ct().set("SOPClassUID", "1.2.3.4")))
    assert [(f.rule, f.severity) for f in unknown] == [("sop-class", Severity.INFO)]


def test_conditions_table_names_the_standard() -> None:
    for condition in CONDITIONS.values():
        assert condition.reference.startswith("PS3.3")
        assert condition.text


def _wheel_files() -> list[Path]:
    pydicom_data = pytest.importorskip("pydicom.data")
    root = Path(pydicom_data.get_testdata_file("CT_small.dcm")).parent
    return sorted(root.glob("*.dcm"))


def test_wheel_files_do_not_crash() -> None:
    import warnings

    import typeddcm
    from typeddcm.errors import DicomError

    files = _wheel_files()
    assert len(files) > 50
    checked = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            try:
                f = typeddcm.read(path)
            except DicomError:
                continue
            findings = list(check_iod(f.dataset))
            assert all(f.rule and f.message for f in findings)
            checked += 1
    assert checked > 50


# ---------------------------------------------------------------- hypothesis

_FIXED: dict[str, object] = {
    # Values that drive conditions (PS3.3 C.7.6.3): one sample, monochrome, 16 bits.
    "SamplesPerPixel": 1, "PhotometricInterpretation": "MONOCHROME2", "BitsAllocated": 16,
}


def _vr_code(tag: int) -> str:
    from typeddcm.dictionary import dictionary_vr

    return dictionary_vr(tag).split(" or ")[0]


@st.composite
def _level(draw: st.DrawFn, checks: tuple[_Check, ...], module: str, depth: int,
           base: Dataset) -> Dataset:
    """``base`` plus every Type 1 attribute valued, every Type 2 present, and the 1C/2C
    attributes whose (evaluated) condition holds."""
    from typeddcm.strategies import vr_values

    ds = base
    for required_pass in (False, True):
        for check in checks:
            if check.tag in ds or check.repeating:
                continue
            kind = check.type
            if kind in ("1C", "2C"):
                if not required_pass:
                    continue
                condition = CONDITIONS.get((module, check.keyword)) or CONDITIONS.get(
                    ("*", check.keyword))
                if condition is None or not condition.test(ds, ds):
                    continue
            elif kind not in ("1", "2") or required_pass:
                continue
            code = _vr_code(check.tag)
            value: object
            if code == "SQ":
                if depth >= 3:
                    continue
                value = SQ([draw(_level(check.children, module, depth + 1, Dataset()))])
            elif check.keyword in _FIXED:
                value = _FIXED[check.keyword]
            elif kind.startswith("2") and draw(st.booleans()):
                value = VR_CLASSES[code]()
            else:
                value = draw(vr_values(code).filter(lambda v: v.vm > 0))
            ds = ds.set(check.tag, value)
    return ds


@st.composite
def _instances(draw: st.DrawFn) -> Dataset:
    uid = draw(st.sampled_from([CT, "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.7",
                                "1.2.840.10008.5.1.4.1.1.1"]))
    iod = iod_of(uid)
    assert iod is not None
    compiled = _compile(iod.iod, iod.name)
    ds = Dataset(SOPClassUID=uid)
    for module in compiled.modules:
        if module.use.usage != "M" or module.specs is None:
            continue
        ds = draw(_level(module.specs, module.use.module, 0, ds))
    return ds


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_instances())
def test_any_instance_with_its_type_1_and_2_attributes_has_no_errors(ds: Dataset) -> None:
    assert _rules(ds) == []


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_datasets_give_findings_not_crashes(data: st.DataObject) -> None:
    """Any dataset (random standard elements, sequences, private blocks) under a known
    SOP Class gives well-formed findings."""
    from typeddcm.strategies import datasets

    ds = data.draw(datasets(max_elements=20))
    uid = data.draw(st.sampled_from([CT, "1.2.840.10008.5.1.4.1.1.4",
                                     "1.2.840.10008.5.1.4.1.1.88.11", "1.2.3"]))
    for finding in check_iod(ds.set("SOPClassUID", uid)):
        assert finding.rule
        assert finding.message
        assert finding.severity in Severity


def test_u_module_present_only_by_its_own_attributes() -> None:
    """Pixel Spacing is in SC Image (M) and Image Plane (U) of the Secondary Capture IOD:
    it alone does not make Image Plane present."""
    sc = _ct().update(SOPClassUID="1.2.840.10008.5.1.4.1.1.7", ConversionType="WSD")
    for keyword in ("ImagePositionPatient", "ImageOrientationPatient", "SliceThickness"):
        sc = sc.delete(keyword)
    assert ("type1", "(0020,0032)") not in _rules(sc)
    plane = sc.set("ImageOrientationPatient", ["1", "0", "0", "0", "1", "0"])
    assert ("type1", "(0020,0032)") in _rules(plane)


def _sr(*items: Dataset) -> Dataset:
    return Dataset(
        SOPClassUID="1.2.840.10008.5.1.4.1.1.88.11", SOPInstanceUID="2.25.9",
        ValueType="CONTAINER", ContinuityOfContent="SEPARATE",
        ConceptNameCodeSequence=SQ([Dataset(CodeValue="1", CodingSchemeDesignator="DCM",
                                             CodeMeaning="Report")]),
        ContentSequence=SQ(list(items)))


def test_content_item_attributes_hold_for_their_value_type_only() -> None:
    name = SQ([Dataset(CodeValue="2", CodingSchemeDesignator="DCM", CodeMeaning="Finding")])
    text = Dataset(RelationshipType="CONTAINS", ValueType="TEXT", TextValue="fine",
                   ConceptNameCodeSequence=name)
    paths = [path for _, path in _rules(_sr(text))]
    assert not any(path.startswith("(0040,A730)[0]") for path in paths), paths
    container = Dataset(RelationshipType="CONTAINS", ValueType="CONTAINER",
                        ConceptNameCodeSequence=name)
    assert ("type1", "(0040,A730)[0](0040,A050)") in _rules(_sr(container))


def test_functional_groups_are_looked_for_in_shared_or_per_frame() -> None:
    from typeddcm.validation.iod import _GROUP

    checks = _compile("enhanced-ct-image", "Enhanced CT Image")
    groups = next(m for m in checks.modules
                  if m.use.module == "enhanced-ct-image-multi-frame-functional-groups")
    assert groups.specs is not None
    per_frame = next(c for c in groups.specs if c.tag == 0x52009230)
    assert {c.type for c in per_frame.children if c.tag == 0x00289110} == {_GROUP}

"""Directory records for instances: PS3.3 F.5's keys per record type, and which
record types an instance's SOP Class needs.

``record_keys(record_type, instance)`` copies from an instance the attributes a
record of that type holds (F.5): Type 1 keys must be present and not empty
(RecordKeyError otherwise), Type 2 keys are copied or made empty, Type 1C keys
are copied when the instance has them (and then must not be empty).
``new_record`` adds the record's own elements (Directory Record Type, the offset
elements, Record In-use Flag, and for a record that references a file the
Referenced File ID and the Referenced SOP Class/Instance/Transfer Syntax UIDs
in File).  ``record_types_for(instance)`` is the hierarchy for the instance:
PATIENT, STUDY, SERIES and a leaf type by SOP Class and Modality, or a single
top-level record for the SOP Classes F.4 puts at the top (palettes, hanging
protocols, implant templates).
"""

from __future__ import annotations

from collections.abc import Sequence

from typeddcm.dataset import Dataset
from typeddcm.dictionary import lookup, tag_for_keyword, uid_for_keyword
from typeddcm.element import Element
from typeddcm.errors import DicomError
from typeddcm.tag import Tag
from typeddcm.vr import CS, UI, UL, US

__all__ = [
    "RECORD_KEYS",
    "RecordKeyError",
    "SINGLE_LEVEL_RECORD_TYPES",
    "LEAF_RECORD_TYPES",
    "leaf_record_type",
    "new_record",
    "record_keys",
    "record_types_for",
]


class RecordKeyError(DicomError, ValueError):
    """An instance lacks (or has empty) a Type 1 key of the record it needs (F.5)."""


# (keyword, type) per record type; "1" required and not empty, "2" copied or empty,
# "1C" copied when present (then not empty).  PS3.3 F.5, the keys a writer must fill.
_CONTENT_ID = (("InstanceNumber", "1"), ("ContentDate", "1"), ("ContentTime", "1"),
               ("ContentLabel", "1"), ("ContentDescription", "2"), ("ContentCreatorName", "2"))
_GENERIC = (("InstanceNumber", "1"), ("ContentDate", "1"), ("ContentTime", "1"))

RECORD_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "PATIENT": (("PatientName", "2"), ("PatientID", "1")),
    "STUDY": (("StudyDate", "1"), ("StudyTime", "1"), ("StudyDescription", "2"),
              ("StudyInstanceUID", "1C"), ("StudyID", "1"), ("AccessionNumber", "2")),
    "SERIES": (("Modality", "1"), ("SeriesInstanceUID", "1"), ("SeriesNumber", "1")),
    "IMAGE": (("InstanceNumber", "1"),),
    "RT DOSE": (("InstanceNumber", "1"), ("DoseSummationType", "1")),
    "RT STRUCTURE SET": (("InstanceNumber", "1"), ("StructureSetLabel", "1"),
                         ("StructureSetDate", "2"), ("StructureSetTime", "2")),
    "RT PLAN": (("InstanceNumber", "1"), ("RTPlanLabel", "1"), ("RTPlanDate", "2"),
                ("RTPlanTime", "2")),
    "RT TREAT RECORD": (("InstanceNumber", "1"), ("TreatmentDate", "2"),
                        ("TreatmentTime", "2")),
    "PRESENTATION": (("PresentationCreationDate", "1"), ("PresentationCreationTime", "1"),
                     ("InstanceNumber", "1"), ("ContentLabel", "1"),
                     ("ContentDescription", "2"), ("ContentCreatorName", "2"),
                     ("ReferencedSeriesSequence", "1C"), ("BlendingSequence", "1C")),
    "WAVEFORM": _GENERIC,
    "SR DOCUMENT": (("InstanceNumber", "1"), ("CompletionFlag", "1"), ("VerificationFlag", "1"),
                    ("ContentDate", "1"), ("ContentTime", "1"), ("VerificationDateTime", "1C"),
                    ("ConceptNameCodeSequence", "1"), ("ContentSequence", "1C")),
    "KEY OBJECT DOC": (("InstanceNumber", "1"), ("ContentDate", "1"), ("ContentTime", "1"),
                       ("ConceptNameCodeSequence", "1"), ("ContentSequence", "1C")),
    "SPECTROSCOPY": (("ImageType", "1"), ("ContentDate", "1"), ("ContentTime", "1"),
                     ("InstanceNumber", "1"), ("ReferencedImageEvidenceSequence", "1C"),
                     ("NumberOfFrames", "1"), ("Rows", "1"), ("Columns", "1"),
                     ("DataPointRows", "1"), ("DataPointColumns", "1")),
    "RAW DATA": _GENERIC,
    "REGISTRATION": _CONTENT_ID,
    "FIDUCIAL": _CONTENT_ID,
    "HANGING PROTOCOL": (("HangingProtocolCreator", "1"),
                         ("HangingProtocolCreationDateTime", "1"),
                         ("HangingProtocolDefinitionSequence", "1"),
                         ("NumberOfPriorsReferenced", "1"),
                         ("HangingProtocolUserIdentificationCodeSequence", "2")),
    "ENCAP DOC": (("ContentDate", "2"), ("ContentTime", "2"), ("InstanceNumber", "1"),
                  ("DocumentTitle", "2"), ("HL7InstanceIdentifier", "1C"),
                  ("ConceptNameCodeSequence", "2"), ("MIMETypeOfEncapsulatedDocument", "1")),
    "VALUE MAP": _CONTENT_ID,
    "STEREOMETRIC": (),
    "PALETTE": (("ContentLabel", "1"), ("ContentDescription", "2")),
    "IMPLANT": (("Manufacturer", "1"), ("ImplantName", "1"), ("ImplantSize", "1C"),
                ("ImplantPartNumber", "1")),
    "IMPLANT ASSY": (("ImplantAssemblyTemplateName", "1"), ("Manufacturer", "1"),
                     ("ProcedureTypeCodeSequence", "1")),
    "IMPLANT GROUP": (("ImplantTemplateGroupName", "1"), ("ImplantTemplateGroupIssuer", "1")),
    "PLAN": (),
    "MEASUREMENT": _CONTENT_ID,
    "SURFACE": _CONTENT_ID,
    "SURFACE SCAN": (("ContentDate", "1"), ("ContentTime", "1")),
    "TRACT": _CONTENT_ID,
    "ASSESSMENT": (("InstanceNumber", "1"), ("InstanceCreationDate", "1"),
                   ("InstanceCreationTime", "2")),
    "RADIOTHERAPY": (("InstanceNumber", "1"), ("UserContentLabel", "1C"),
                     ("UserContentLongLabel", "1C"), ("ContentDescription", "2"),
                     ("ContentCreatorName", "2")),
}


def _uids(record_type: str, *keywords: str) -> dict[str, str]:
    found = {}
    for keyword in keywords:
        uid = uid_for_keyword(keyword)
        if uid is not None:  # an edition of the registry without it: nothing to map
            found[uid] = record_type
    return found


#: SOP Classes whose instances get one top-level record (no PATIENT above it).
SINGLE_LEVEL_RECORD_TYPES: dict[str, str] = {
    **_uids("HANGING PROTOCOL", "HangingProtocolStorage"),
    **_uids("PALETTE", "ColorPaletteStorage"),
    **_uids("IMPLANT", "GenericImplantTemplateStorage"),
    **_uids("IMPLANT ASSY", "ImplantAssemblyTemplateStorage"),
    **_uids("IMPLANT GROUP", "ImplantTemplateGroupStorage"),
}

_SR = ("BasicTextSRStorage", "EnhancedSRStorage", "ComprehensiveSRStorage",
       "MammographyCADSRStorage", "ChestCADSRStorage", "ProcedureLogStorage",
       "XRayRadiationDoseSRStorage", "SpectaclePrescriptionReportStorage", "ColonCADSRStorage",
       "MacularGridThicknessAndVolumeReportStorage", "ImplantationPlanSRStorage",
       "Comprehensive3DSRStorage", "RadiopharmaceuticalRadiationDoseSRStorage",
       "ExtensibleSRStorage", "AcquisitionContextSRStorage", "SimplifiedAdultEchoSRStorage",
       "PatientRadiationDoseSRStorage", "PlannedImagingAgentAdministrationSRStorage",
       "PerformedImagingAgentAdministrationSRStorage", "EnhancedXRayRadiationDoseSRStorage",
       "WaveformAnnotationSRStorage")
_WAVEFORM = ("BasicVoiceAudioWaveformStorage", "TwelveLeadECGWaveformStorage",
             "GeneralECGWaveformStorage", "AmbulatoryECGWaveformStorage",
             "HemodynamicWaveformStorage", "CardiacElectrophysiologyWaveformStorage",
             "ArterialPulseWaveformStorage", "RespiratoryWaveformStorage",
             "GeneralAudioWaveformStorage", "RoutineScalpElectroencephalogramWaveformStorage",
             "ElectromyogramWaveformStorage", "ElectrooculogramWaveformStorage",
             "SleepElectroencephalogramWaveformStorage",
             "MultichannelRespiratoryWaveformStorage", "BodyPositionWaveformStorage")
_PRESENTATION = ("GrayscaleSoftcopyPresentationStateStorage",
                 "ColorSoftcopyPresentationStateStorage",
                 "PseudoColorSoftcopyPresentationStateStorage",
                 "BlendingSoftcopyPresentationStateStorage",
                 "XAXRFGrayscaleSoftcopyPresentationStateStorage",
                 "BasicStructuredDisplayStorage")
_MEASUREMENT = ("LensometryMeasurementsStorage", "AutorefractionMeasurementsStorage",
                "KeratometryMeasurementsStorage", "SubjectiveRefractionMeasurementsStorage",
                "VisualAcuityMeasurementsStorage", "OphthalmicAxialMeasurementsStorage",
                "OphthalmicVisualFieldStaticPerimetryMeasurementsStorage")

#: SOP Classes whose leaf record (below PATIENT, STUDY, SERIES) is not IMAGE.
LEAF_RECORD_TYPES: dict[str, str] = {
    **_uids("RT DOSE", "RTDoseStorage"),
    **_uids("RT STRUCTURE SET", "RTStructureSetStorage"),
    **_uids("RT TREAT RECORD", "RTBeamsTreatmentRecordStorage",
            "RTBrachyTreatmentRecordStorage", "RTTreatmentSummaryRecordStorage",
            "RTIonBeamsTreatmentRecordStorage"),
    **_uids("PRESENTATION", *_PRESENTATION),
    **_uids("WAVEFORM", *_WAVEFORM),
    **_uids("SR DOCUMENT", *_SR),
    **_uids("KEY OBJECT DOC", "KeyObjectSelectionDocumentStorage"),
    **_uids("SPECTROSCOPY", "MRSpectroscopyStorage"),
    **_uids("RAW DATA", "RawDataStorage"),
    **_uids("REGISTRATION", "SpatialRegistrationStorage",
            "DeformableSpatialRegistrationStorage"),
    **_uids("FIDUCIAL", "SpatialFiducialsStorage"),
    **_uids("VALUE MAP", "RealWorldValueMappingStorage"),
    **_uids("STEREOMETRIC", "StereometricRelationshipStorage"),
    **_uids("MEASUREMENT", *_MEASUREMENT),
    **_uids("SURFACE", "SurfaceSegmentationStorage"),
    **_uids("SURFACE SCAN", "SurfaceScanMeshStorage", "SurfaceScanPointCloudStorage"),
    **_uids("TRACT", "TractographyResultsStorage"),
    **_uids("ASSESSMENT", "ContentAssessmentResultsStorage"),
}

_SOP_CLASS = 0x00080016
_MODALITY = 0x00080060
_ENCAPSULATED_DOCUMENT = 0x00420011
_RT_PLAN_LABEL = 0x300A0002


def _text(ds: Dataset, tag: int) -> str | None:
    element = ds.get(tag)
    if element is None or not element.vr.values:
        return None
    return str(element.vr.values[0]).strip()


def leaf_record_type(instance: Dataset) -> str:
    """The record type of an instance below PATIENT/STUDY/SERIES (F.4, F.5)."""
    modality = _text(instance, _MODALITY)
    if modality in ("RTINTENT", "RTSEGANN", "RTRAD"):
        return "RADIOTHERAPY"
    if modality == "PLAN":
        return "PLAN"
    if _ENCAPSULATED_DOCUMENT in instance:
        return "ENCAP DOC"
    if _RT_PLAN_LABEL in instance:
        return "RT PLAN"
    return LEAF_RECORD_TYPES.get(_text(instance, _SOP_CLASS) or "", "IMAGE")


def record_types_for(instance: Dataset) -> tuple[str, ...]:
    """The record types, top first, that reference ``instance`` in a File-set."""
    single = SINGLE_LEVEL_RECORD_TYPES.get(_text(instance, _SOP_CLASS) or "")
    if single is not None:
        return (single,)
    return ("PATIENT", "STUDY", "SERIES", leaf_record_type(instance))


def _describe(tag: int) -> str:
    entry = lookup(tag)
    return f"{Tag(tag)} '{entry.name if entry is not None else 'Unknown'}'"


def _tag(keyword: str) -> int:
    tag = tag_for_keyword(keyword)
    assert tag is not None, keyword  # the tables name dictionary keywords only
    return tag


#: What ``invent`` puts in a record for a Type 1 key the instance lacks, by VR (as
#: dcmmkdir's +I does): values valid for the VR that say nothing.  A UI key gets a new
#: UID; a key of another VR (a sequence) cannot be invented.
_INVENTED = {"DA": "19000101", "TM": "000000", "DT": "19000101000000", "IS": "1", "DS": "0",
             "SH": "UNKNOWN", "LO": "UNKNOWN", "CS": "UNKNOWN", "PN": "UNKNOWN"}


def _invented(tag: int) -> Element | None:
    from typeddcm.dictionary import dictionary_vr
    from typeddcm.uid import generate_uid

    vr = dictionary_vr(tag)
    value = generate_uid() if vr == "UI" else _INVENTED.get(vr or "")
    if tag == 0x00080060:
        value = "OT"  # Modality: "other", the term PS3.3 C.7.3.1.1.1 gives for it
    return None if value is None else Dataset().set(Tag(tag), value)[Tag(tag)]


def record_keys(record_type: str, instance: Dataset, *, invent: bool = False) -> Dataset:
    """The F.5 keys of a ``record_type`` record, copied from ``instance``.

    RecordKeyError ("The instance's (0010,0020) 'Patient ID' element is missing" /
    "... cannot be empty") when a Type 1 key (or a present Type 1C key) lacks a value;
    KeyError for a record type F.5 does not define (PRIVATE records are the user's).
    ``invent`` fills a Type 1 key the instance lacks with a value that says nothing
    (1900-01-01, "UNKNOWN", a new UID: the record only, the instance is not changed), for
    instances that lost them, as de-identified ones do.
    """
    try:
        spec = RECORD_KEYS[record_type]
    except KeyError:
        msg = f"no directory record keys are defined for record type {record_type!r}"
        raise KeyError(msg) from None
    chosen: list[Element] = []
    for keyword, kind in spec:
        tag = _tag(keyword)
        element = instance.get(tag)
        if element is None:
            if kind == "1":
                invented = _invented(tag) if invent else None
                if invented is None:
                    msg = f"The instance's {_describe(tag)} element is missing"
                    raise RecordKeyError(msg)
                chosen.append(invented)
            if kind == "2":  # an empty value of the dictionary's VR
                chosen.append(Dataset().set(Tag(tag), None)[Tag(tag)])
            continue
        if kind != "2" and element.vm == 0:
            invented = _invented(tag) if invent and kind == "1" else None
            if invented is None:
                msg = f"The instance's {_describe(tag)} element cannot be empty"
                raise RecordKeyError(msg)
            element = invented
        chosen.append(element)
    chosen.sort(key=lambda e: e.tag)
    return Dataset.from_sorted_elements(chosen)


def new_record(record_type: str, keys: Dataset, *,
               referenced: tuple[str, str, str] | None = None,
               file_id: Sequence[str] | None = None,
               charset: Element | None = None) -> Dataset:
    """A whole directory record: ``keys`` plus the record's own elements.

    ``referenced`` is (SOP Class UID, SOP Instance UID, Transfer Syntax UID) of the
    file the record references, given with its ``file_id`` components (None: an
    empty Referenced File ID, to be filled when the File-set is written).
    ``charset`` is the instance's Specific Character Set element, copied so the
    record's text decodes as the instance's did.
    """
    out = keys.set(0x00041400, UL(0)).set(0x00041410, US(0xFFFF)).set(
        0x00041420, UL(0)).set(0x00041430, CS(record_type))
    if charset is not None:
        out = out.set(0x00080005, charset)
    if referenced is not None:
        sop_class, sop_instance, syntax = referenced
        out = out.set(0x00041500, CS(list(file_id)) if file_id else CS()).set(
            0x00041510, UI(sop_class)).set(0x00041511, UI(sop_instance)).set(
            0x00041512, UI(syntax))
    return out

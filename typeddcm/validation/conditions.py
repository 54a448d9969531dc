"""The conditions of Type 1C/2C attributes and C modules that the IOD checks evaluate.

PS3.3 states each condition in prose; a documented set of common ones is written here
as tests over the data.  A test gets the dataset level holding the attribute (an item,
for attributes inside sequences) and the top-level dataset, and answers True (required:
the attribute is then Type 1 or 2, the module Mandatory), False (not required) or None
(the data cannot tell: reported as "conditional, not evaluated").

Two conditions hinge on facts no attribute states, and are decided by a documented rule:

* "the patient is an animal": yes when any species or breed attribute of the Patient
  Module is present (Patient Species Description/Code Sequence, Patient Breed
  Description/Code Sequence, Breed Registration Sequence); a human patient, the usual
  case, carries none of them.
* "the body part examined is a paired structure": Body Part Examined (0018,0015) is one
  of :data:`PAIRED_BODY_PARTS` (PS3.16 Annex L terms of structures that come in pairs).

The keys of :data:`CONDITIONS` are (module, keyword), ``"*"`` for any module.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from typeddcm._traverse import may_hold_items
from typeddcm.codec.reader import RawValue
from typeddcm.dataset import Dataset
from typeddcm.element import Element
from typeddcm.errors import DicomError

from ._access import element_values, first_text
from ._iod_tables import iod_of, modules_of

__all__ = ["CONDITIONS", "MODULE_CONDITIONS", "PAIRED_BODY_PARTS", "VALUE_TYPE_ATTRIBUTES",
           "Condition", "Test", "element_values", "first_text"]

_SOP_CLASS_UID = 0x00080016

#: A condition's test: (the dataset level holding the attribute, the top-level dataset)
#: -> True (required), False (not required) or None (cannot tell from the data).
Test = Callable[[Dataset, Dataset], "bool | None"]


class Condition(NamedTuple):
    """A 1C/2C or C-module condition the checker evaluates."""

    #: The condition as the standard states it, shortened.
    text: str
    #: Where it is stated.
    reference: str
    test: Test


def _first_number(level: Dataset, tag: int) -> float | None:
    values = element_values(level, tag)
    if not values:
        return None
    try:
        return float(values[0])  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _present(*tags: int) -> Test:
    return lambda level, _root: any(t in level for t in tags)


def _absent(*tags: int) -> Test:
    return lambda level, _root: not any(t in level for t in tags)


def _palette(level: Dataset, _root: Dataset) -> bool:
    if first_text(level, 0x00280004) == "PALETTE COLOR":
        return True
    return first_text(level, 0x00089205) in {"COLOR", "MIXED"}


def _samples_above_one(level: Dataset, _root: Dataset) -> bool | None:
    samples = _first_number(level, 0x00280002)
    return None if samples is None else samples > 1


def _identity_removed(level: Dataset, _root: Dataset) -> bool:
    return first_text(level, 0x00120062) == "YES"


def _multi_energy(level: Dataset, root: Dataset) -> bool:
    return first_text(root, 0x00189361) == "YES"


_POSITION_CLASSES = frozenset({"1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4"})


def _patient_position(level: Dataset, root: Dataset) -> bool:
    # C.7.3.1: required for CT and MR Image Storage unless Patient Orientation Code
    # Sequence is present.
    values = element_values(root, _SOP_CLASS_UID)
    uid = str(values[0]) if values else ""
    return uid in _POSITION_CLASSES and 0x00540410 not in level


# ----------------------------------------------------------------- added conditions

#: Species and breed attributes of the Patient Module: any of them marks an animal.
_ANIMAL_TAGS = (0x00102201, 0x00102202, 0x00102292, 0x00102293, 0x00102294)


def _animal(_level: Dataset, root: Dataset) -> bool:
    return any(tag in root for tag in _ANIMAL_TAGS)


def _animal_without(tag: int) -> Test:
    """The patient is an animal and ``tag`` (the other form of the value) is absent."""
    return lambda level, root: _animal(level, root) and tag not in level


def _animal_orientation(level: Dataset, root: Dataset) -> bool | None:
    # "an animal whose anatomical orientation type is not bipeds": only an animal can
    # need it, and whether it is a biped is not in the data.
    return None if _animal(level, root) else False


#: PS3.16 Annex L Body Part Examined terms naming a structure that comes in pairs;
#: Laterality is required for these unless a more specific laterality is sent.
PAIRED_BODY_PARTS = frozenset({
    "ACJOINT", "ADRENAL", "ANKLE", "ARM", "BREAST", "CALCANEUS", "CLAVICLE", "EAR",
    "ELBOW", "EYE", "FEMUR", "FIBULA", "FINGER", "FOOT", "FOREARM", "HAND", "HEEL",
    "HIP", "HUMERUS", "KIDNEY", "KNEE", "LEG", "LOWER LEG", "LUNG", "ORBIT", "OVARY",
    "PAROTID", "PATELLA", "RADIUS", "SCAPULA", "SHOULDER", "SIJOINT", "TESTIS",
    "THIGH", "THUMB", "TIBIA", "TMJ", "TOE", "ULNA", "UPPER ARM", "URETER", "WRIST",
})
#: Image Laterality, Measurement Laterality (top level) and Frame Laterality (in the
#: Frame Anatomy functional group, so looked for at any depth).
_SPECIFIC_LATERALITY = (0x00200062, 0x00240113)
_FRAME_LATERALITY = 0x00209072


def _paired_without_laterality(level: Dataset, root: Dataset) -> bool | None:
    if any(tag in root for tag in _SPECIFIC_LATERALITY) or _anywhere(root, _FRAME_LATERALITY):
        return False
    part = first_text(root, 0x00180015)
    return None if part is None else part in PAIRED_BODY_PARTS


def _anywhere(ds: Dataset, tag: int) -> bool:
    """Whether ``tag`` is present at any depth of ``ds``."""
    return tag in ds or tag in _deep(ds).tags


class _Deep(NamedTuple):
    """What one walk over a whole dataset finds, for the conditions that look deep."""

    #: Every tag at any depth (empty when an item cannot be decoded: nothing is assumed).
    tags: frozenset[int]
    #: The text elements at any depth, for the character set condition.
    texts: tuple[Element, ...]


# The last dataset walked and what was found: the conditions of one check share one
# walk.  A tuple is replaced whole, so threads never see half of one; it keeps that one
# dataset alive until the next check, no more.
_last_deep: tuple[Dataset, _Deep] | None = None


def _deep(root: Dataset) -> _Deep:
    global _last_deep
    last = _last_deep
    if last is not None and last[0] is root:
        return last[1]
    tags: set[int] = set()
    texts: list[Element] = []
    stack = [root]
    try:
        # A stack, not recursion: a deep SR tree is walked in one frame.
        while stack:
            level = stack.pop()
            tags.update(level)
            for element in level.elements():
                raw = element._raw
                code = raw.vr if type(raw) is RawValue else element.vr.code
                if code in _CHARSET_VRS:
                    texts.append(element)
                elif (code == "SQ" or code == "UN") and may_hold_items(element):
                    vr = element.vr
                    if vr.code == "SQ":
                        stack.extend(item for item in vr.values if isinstance(item, Dataset))
        found = _Deep(frozenset(tags), tuple(texts))
    except (DicomError, ValueError):
        found = _Deep(frozenset(), ())
    _last_deep = (root, found)
    return found


#: Text VRs whose values are in the Specific Character Set (PS3.5 6.1.2.3).
_CHARSET_VRS = frozenset({"SH", "LO", "ST", "LT", "UT", "UC", "PN"})


def _is_extended(element: Element) -> bool:
    """Whether a text element's value holds a byte outside ISO-IR 6 (or an escape)."""
    raw = element._raw
    if type(raw) is RawValue:
        data = bytes(raw.level.buffer[raw.value_start:raw.value_end])
        return not data.isascii() or b"\x1b" in data
    return not all(str(v).isascii() for v in element.vr.values)


def _extended_text(_level: Dataset, root: Dataset) -> bool | None:
    try:
        return any(_is_extended(element) for element in _deep(root).texts)
    except (DicomError, ValueError):
        return None


_PIXEL_SPACINGS = (0x00280030, 0x00181164, 0x00182010)
#: Pixel Measures Sequence: the per-frame or shared form of Pixel Spacing.
_PIXEL_MEASURES = 0x00289110


def _aspect_ratio(level: Dataset, root: Dataset) -> bool | None:
    # Required when the ratio is not 1:1 and no pixel spacing gives it; the ratio is
    # what is missing, so only "a spacing is present" can be decided.
    if any(tag in level for tag in _PIXEL_SPACINGS) or _anywhere(root, _PIXEL_MEASURES):
        return False
    return None


def _padding_range(level: Dataset, _root: Dataset) -> bool | None:
    # A range needs its first end, Pixel Padding Value; without one there is no range.
    return None if 0x00280120 in level else False


#: Coding schemes whose designator identifies their codes without a version (PS3.16
#: Section 8, Table 8-1): Coding Scheme Version is not required for them.
_VERSIONLESS_SCHEMES = frozenset({
    "DCM", "SCT", "SRT", "LN", "UCUM", "NCIt", "RADLEX", "FMA", "UMLS", "MSH", "NEU",
    "NCBITaxon", "UBERON", "HGNC", "ITIS_TSN", "MDC", "NICIP", "RFC5646", "ISO3166_1",
    "ISO639_1", "ISO639_2", "IBSI", "PUBCHEM_CID", "DCMUID", "ACR", "BARI",

})


def _scheme_needs_version(level: Dataset, _root: Dataset) -> bool | None:
    designator = element_values(level, 0x00080102)
    if not designator:
        return None
    return None if str(designator[0]).strip() not in _VERSIONLESS_SCHEMES else False


def _scanning_sequence_ir(level: Dataset, _root: Dataset) -> bool | None:
    values = element_values(level, 0x00180020)
    if values is None:
        return None
    return any(str(v).strip().upper() == "IR" for v in values)


def _ivus_acquisition(*kinds: str) -> Test:
    return lambda level, _root: first_text(level, 0x00183100) in kinds


def _private_pointer(pointer: int) -> Test:
    """The AT value of ``pointer`` at this level names a private (odd group) attribute."""
    def test(level: Dataset, _root: Dataset) -> bool | None:
        values = element_values(level, pointer)
        if not values or not isinstance(values[0], int):
            return None
        return bool(values[0] >> 16 & 1)
    return test


def _orientation_not_required(level: Dataset, root: Dataset) -> bool:
    # C.7.6.1: Patient Orientation is required where the image does not require Image
    # Orientation and Image Position (Patient), which the Image Plane Module requires
    # wherever the IOD makes it Mandatory (CT, MR, PET ...).  Both present makes it
    # redundant whatever the IOD says.
    if 0x00200037 in level and 0x00200032 in level:
        return False
    values = element_values(root, _SOP_CLASS_UID)
    iod = iod_of(str(values[0])) if values else None
    if iod is None:
        return True
    return not any(use.module == "image-plane" and use.usage == "M"
                   for use in modules_of(iod))


_MORE_CONDITIONS: dict[tuple[str, str], Condition] = {
    ("directory-information", "PrivateRecordUID"): Condition(
        "Directory Record Type is PRIVATE", "PS3.3 F.3.2.2",
        lambda level, _root: first_text(level, 0x00041430) == "PRIVATE"),
    **{("directory-information", keyword): Condition(
        "Referenced File ID is present", "PS3.3 F.3.2.2", _present(0x00041500))
       for keyword in ("ReferencedSOPClassUIDInFile", "ReferencedSOPInstanceUIDInFile",
                       "ReferencedTransferSyntaxUIDInFile")},
    ("file-set-identification", "SpecificCharacterSetOfFileSetDescriptorFile"): Condition(
        "the File-set Descriptor File uses characters outside the default repertoire"
        " (only evaluated as not required when there is no descriptor file)",
        "PS3.3 F.3.2.1", lambda level, _root: None if 0x00041141 in level else False),
    ("sop-common", "SpecificCharacterSet"): Condition(
        "an expanded or replacement character set is used (a text value holds a byte"
        " outside the default repertoire)", "PS3.3 C.12.1", _extended_text),
    ("sop-common", "HL7StructuredDocumentReferenceSequence"): Condition(
        "HL7 Structured Documents are referenced (HL7 Instance Identifier present)",
        "PS3.3 C.12.1", lambda _level, root: _anywhere(root, 0x0040E001)),
    ("*", "PatientAlternativeCalendar"): Condition(
        "a birth or death date in an alternative calendar is present", "PS3.3 C.7.1.1",
        _present(0x00100033, 0x00100034)),
    ("*", "PatientSpeciesDescription"): Condition(
        "the patient is an animal and Patient Species Code Sequence is absent",
        "PS3.3 C.7.1.1", _animal_without(0x00102202)),
    ("*", "PatientSpeciesCodeSequence"): Condition(
        "the patient is an animal and Patient Species Description is absent",
        "PS3.3 C.7.1.1", _animal_without(0x00102201)),
    ("*", "PatientBreedDescription"): Condition(
        "the patient is an animal and Patient Breed Code Sequence is empty",
        "PS3.3 C.7.1.1", lambda level, root: _animal(level, root) and not element_values(
            level, 0x00102293)),
    **{("*", keyword): Condition("the patient is an animal", "PS3.3 C.7.1.1", _animal)
       for keyword in ("PatientBreedCodeSequence", "BreedRegistrationSequence",
                       "ResponsiblePerson", "ResponsibleOrganization", "PatientSexNeutered")},
    ("*", "ResponsiblePersonRole"): Condition(
        "Responsible Person is present and has a value", "PS3.3 C.7.1.1",
        lambda level, _root: bool(element_values(level, 0x00102297))),
    ("general-series", "AnatomicalOrientationType"): Condition(
        "the patient is an animal whose orientation type is not biped", "PS3.3 C.7.3.1",
        _animal_orientation),
    ("general-series", "Laterality"): Condition(
        "Body Part Examined is a paired structure and no Image, Frame or Measurement"
        " Laterality is sent", "PS3.3 C.7.3.1", _paired_without_laterality),
    ("*", "ExtendedOffsetTableLengths"): Condition(
        "Extended Offset Table is present", "PS3.3 C.7.6.3", _present(0x7FE00001)),
    ("*", "PixelPaddingRangeLimit"): Condition(
        "pixel padding is a range (Pixel Padding Value is its first end)",
        "PS3.3 C.7.5.1.1.2", _padding_range),
    ("*", "PixelAspectRatio"): Condition(
        "the aspect ratio is not 1:1 and no pixel spacing is given", "PS3.3 C.7.6.3",
        _aspect_ratio),
    ("*", "PixelDataProviderURL"): Condition(
        "the pixel data is referenced, not sent (no Pixel Data of any kind is present)",
        "PS3.3 C.7.6.3", lambda level, _root: not any(
            tag in level for tag in (0x7FE00010, 0x7FE00008, 0x7FE00009))),
    ("*", "CodingSchemeVersion"): Condition(
        "the Coding Scheme Designator does not identify the code unambiguously",
        "PS3.3 8.1", _scheme_needs_version),
    ("*", "PixelSpacingCalibrationDescription"): Condition(
        "Pixel Spacing Calibration Type is present", "PS3.3 10.7",
        _present(0x00280A02)),
    ("mr-image", "InversionTime"): Condition(
        "Scanning Sequence includes IR", "PS3.3 C.8.3.1", _scanning_sequence_ir),
    ("ct-image", "WaterEquivalentDiameterCalculationMethodCodeSequence"): Condition(
        "Water Equivalent Diameter is present", "PS3.3 C.8.2.1", _present(0x00181271)),
    ("ct-image", "EnergyWeightingFactor"): Condition(
        "the image is of a multi-energy acquisition", "PS3.3 C.8.2.1",
        lambda level, root: None if _multi_energy(level, root) else False),
    ("*", "IVUSAcquisition"): Condition(
        "Modality is IVUS", "PS3.3 C.8.5.6",
        lambda _level, root: first_text(root, 0x00080060) == "IVUS"),
    ("*", "IVUSPullbackRate"): Condition(
        "IVUS Acquisition is MOTOR_PULLBACK", "PS3.3 C.8.5.6",
        _ivus_acquisition("MOTOR_PULLBACK")),
    ("*", "IVUSGatedRate"): Condition(
        "IVUS Acquisition is GATED_PULLBACK", "PS3.3 C.8.5.6",
        _ivus_acquisition("GATED_PULLBACK")),
    **{("*", keyword): Condition(
        "IVUS Acquisition is MOTOR_PULLBACK or GATED_PULLBACK", "PS3.3 C.8.5.6",
        _ivus_acquisition("MOTOR_PULLBACK", "GATED_PULLBACK"))
       for keyword in ("IVUSPullbackStartFrameNumber", "IVUSPullbackStopFrameNumber")},
    ("*", "DimensionIndexPrivateCreator"): Condition(
        "Dimension Index Pointer names a private attribute", "PS3.3 C.7.6.17",
        _private_pointer(0x00209165)),
    ("*", "FunctionalGroupPrivateCreator"): Condition(
        "Functional Group Pointer names a private attribute", "PS3.3 C.7.6.17",
        _private_pointer(0x00209167)),
}


_PALETTE = Condition(
    "Photometric Interpretation is PALETTE COLOR (or Pixel Presentation COLOR or MIXED)",
    "PS3.3 C.7.6.3.1.5", _palette)
_PIXEL_DATA = 0x7FE00010
_PIXELS_PRESENT = Condition(
    "Pixel Data, Float Pixel Data or Double Float Pixel Data is present",
    "PS3.3 C.7.6.3", _present(_PIXEL_DATA, 0x7FE00008, 0x7FE00009))
_WINDOW = Condition("VOI LUT Sequence is not present", "PS3.3 C.11.2", _absent(0x00283010))
_DEIDENTIFIED = Condition("Patient Identity Removed is YES", "PS3.3 C.7.1.1",
                          _identity_removed)

#: (module or ``"*"`` for any module, keyword) -> the condition evaluated for a Type 1C
#: or 2C attribute of that keyword.  Module-specific entries win over ``"*"``.
CONDITIONS: dict[tuple[str, str], Condition] = {
    ("*", "PlanarConfiguration"): Condition(
        "Samples per Pixel is greater than 1", "PS3.3 C.7.6.3.1.3", _samples_above_one),
    ("*", "PixelData"): Condition(
        "Pixel Data Provider URL, Float Pixel Data and Double Float Pixel Data are absent",
        "PS3.3 C.7.6.3", _absent(0x00287FE0, 0x7FE00008, 0x7FE00009)),
    # Pixel Data Provider URL is required by a JPIP transfer syntax, which a dataset does
    # not carry: left "not evaluated" (a missing image is the Pixel Data finding above).
    **{("*", f"{colour}PaletteColorLookupTable{part}"): _PALETTE
       for colour in ("Red", "Green", "Blue") for part in ("Descriptor", "Data")},
    **{("*", keyword): _PIXELS_PRESENT
       for keyword in ("Rows", "Columns", "BitsAllocated", "BitsStored", "HighBit",
                       "PixelRepresentation", "SamplesPerPixel",
                       "PhotometricInterpretation")},
    ("*", "PixelPaddingValue"): Condition(
        "Pixel Padding Range Limit is present", "PS3.3 C.7.5.1.1.2",
        _present(0x00280121)),
    # Code Sequence Macro, PS3.3 Table 8.8-1: exactly one of the three code values.
    ("*", "CodeValue"): Condition(
        "Long Code Value and URN Code Value are absent", "PS3.3 8.8",
        _absent(0x00080119, 0x00080120)),
    **{("*", keyword): Condition(
        "Code Value is absent (and the other form of the value too)", "PS3.3 8.8",
        lambda level, _root: False if 0x00080100 in level else None)
       for keyword in ("LongCodeValue", "URNCodeValue")},
    **{("*", keyword): Condition("Context Identifier is present", "PS3.3 8.8",
                                 _present(0x0008010F))
       for keyword in ("MappingResource", "ContextGroupVersion")},
    **{("*", keyword): Condition(
        "Context Group Extension Flag is Y", "PS3.3 8.8",
        lambda level, _root: first_text(level, 0x0008010B) == "Y")
       for keyword in ("ContextGroupLocalVersion", "ContextGroupExtensionCreatorUID")},
    ("voi-lut", "WindowCenter"): _WINDOW,
    ("voi-lut", "WindowWidth"): Condition("Window Center is present", "PS3.3 C.11.2",
                                          _present(0x00281050)),
    ("voi-lut", "VOILUTSequence"): Condition("Window Center is not present", "PS3.3 C.11.2",
                                             _absent(0x00281050)),
    ("modality-lut", "ModalityLUTSequence"): Condition(
        "Rescale Intercept is not present", "PS3.3 C.11.1", _absent(0x00281052)),
    **{("modality-lut", keyword): Condition(
        "Modality LUT Sequence is not present", "PS3.3 C.11.1", _absent(0x00283000))
       for keyword in ("RescaleIntercept", "RescaleSlope", "RescaleType")},
    ("general-image", "PatientOrientation"): Condition(
        "the image does not require Image Orientation and Image Position (Patient): its"
        " IOD has no Mandatory Image Plane Module and they are not both present",
        "PS3.3 C.7.6.1", _orientation_not_required),
    ("general-series", "PatientPosition"): Condition(
        "SOP Class is CT or MR Image Storage and Patient Orientation Code Sequence is"
        " absent", "PS3.3 C.7.3.1", _patient_position),
    ("ct-image", "RescaleType"): Condition(
        "Multi-energy CT Acquisition is YES", "PS3.3 C.8.2.1", _multi_energy),
    ("patient", "DeidentificationMethod"): _DEIDENTIFIED,
    ("patient", "DeidentificationMethodCodeSequence"): Condition(
        "Patient Identity Removed is YES and De-identification Method is absent",
        "PS3.3 C.7.1.1",
        lambda level, root: _identity_removed(level, root) and 0x00120063 not in level),
    **_MORE_CONDITIONS,
}

#: Content item attributes (PS3.3 Table 10-2 Content Item Macro, C.17.3 SR Document
#: Content Module) -> the Value Types (0040,A040) that require them.  The module tables
#: include each value type's macro unconditionally, so their Type 1/2 hold only in items
#: of that value type; in an item with another Value Type they are not required.
VALUE_TYPE_ATTRIBUTES: dict[str, frozenset[str]] = {
    "ContinuityOfContent": frozenset({"CONTAINER"}),
    "ContentTemplateSequence": frozenset({"CONTAINER"}),
    "TextValue": frozenset({"TEXT"}),
    "DateTime": frozenset({"DATETIME"}),
    "Date": frozenset({"DATE"}),
    "Time": frozenset({"TIME"}),
    "PersonName": frozenset({"PNAME"}),
    "UID": frozenset({"UIDREF"}),
    "MeasuredValueSequence": frozenset({"NUM"}),
    "ConceptCodeSequence": frozenset({"CODE"}),
    "ReferencedSOPSequence": frozenset({"COMPOSITE", "IMAGE", "WAVEFORM"}),
    "GraphicData": frozenset({"SCOORD", "SCOORD3D"}),
    "GraphicType": frozenset({"SCOORD", "SCOORD3D"}),
    "ReferencedFrameOfReferenceUID": frozenset({"SCOORD3D"}),
    "TemporalRangeType": frozenset({"TCOORD"}),
    "ReferencedSamplePositions": frozenset({"TCOORD"}),
    "ReferencedTimeOffsets": frozenset({"TCOORD"}),
    "ReferencedDateTime": frozenset({"TCOORD"}),
    "NumberOfTableRows": frozenset({"TABLE"}),
    "NumberOfTableColumns": frozenset({"TABLE"}),
    "TabulatedValuesSequence": frozenset({"TABLE"}),
}
_VALUE_TYPE = 0x0040A040

#: (IOD or ``"*"``, module) -> the condition of a C module that is evaluated.
MODULE_CONDITIONS: dict[tuple[str, str], Condition] = {
    ("*", "multi-energy-ct-image"): Condition(
        "Multi-energy CT Acquisition is YES", "PS3.3 A.3.3 (CT Image IOD)", _multi_energy),
    ("*", "palette-color-lookup-table"): Condition(
        "Photometric Interpretation is PALETTE COLOR", "PS3.3 Annex A (the IOD's module"
        " table)", lambda level, _root: first_text(level, 0x00280004) == "PALETTE COLOR"),
}



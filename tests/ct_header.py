"""A synthetic, real-sized CT file: about 250 header elements (the CT Image IOD's
modules, sequences, and four vendor-style private groups) and 512x512 int16 pixels.

Shared by tests/test_pickle.py (size bounds) and bench/bench_pickle.py.  The values
look like a scanner's; the UIDs are made up under 2.25.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from typeddcm import Dataset, DicomFile
from typeddcm.tag import Tag
from typeddcm.vr import DS, FL, IS, LO, OB, OW, SH, SL, SQ, SS, UL, US, AnyVR

__all__ = ["ct_file", "ct_header_bytes"]

_UID = "2.25.1234567890123456789012345678901"
_STANDARD: dict[str, Any] = {
    "SpecificCharacterSet": "ISO_IR 100", "ImageType": ["ORIGINAL", "PRIMARY", "AXIAL"],
    "InstanceCreationDate": "20240312", "InstanceCreationTime": "101530.125000",
    "SOPClassUID": "1.2.840.10008.5.1.4.1.1.2", "SOPInstanceUID": f"{_UID}.3.117",
    "StudyDate": "20240312", "SeriesDate": "20240312", "AcquisitionDate": "20240312",
    "ContentDate": "20240312", "StudyTime": "100211", "SeriesTime": "101202.500000",
    "AcquisitionTime": "101245.862000", "ContentTime": "101245.862000",
    "AccessionNumber": "A20240312001", "Modality": "CT", "Manufacturer": "ACME Medical",
    "InstitutionName": "General Hospital", "InstitutionAddress": "1 Main Street, Springfield",
    "ReferringPhysicianName": "Smith^John^^Dr.", "StationName": "CT01",
    "StudyDescription": "CT CHEST ABDOMEN PELVIS W CONTRAST",
    "SeriesDescription": "Body 3.0 CE", "InstitutionalDepartmentName": "Radiology",
    "PerformingPhysicianName": "Jones^Mary", "OperatorsName": ["Tech^One", "Tech^Two"],
    "ManufacturerModelName": "Scanner 9000", "PatientName": "Doe^Jane^Q",
    "PatientID": "PID0012345", "PatientBirthDate": "19650704", "PatientSex": "F",
    "OtherPatientIDs": "MRN-778899", "PatientAge": "058Y", "PatientSize": "1.68",
    "PatientWeight": "72.5", "AdditionalPatientHistory": "Follow-up of pulmonary nodule.",
    "ContrastBolusAgent": "IOPAMIDOL 370", "BodyPartExamined": "CHEST",
    "ScanOptions": "HELICAL MODE", "SliceThickness": "3.0", "KVP": "120",
    "DataCollectionDiameter": "500.0", "DeviceSerialNumber": "SN0042",
    "SoftwareVersions": ["VA40A", "SOMARIS/7"], "ProtocolName": "CAP_ROUTINE",
    "ReconstructionDiameter": "380.0", "DistanceSourceToDetector": "1085.6",
    "DistanceSourceToPatient": "595.0", "GantryDetectorTilt": "0.0",
    "TableHeight": "155.0", "RotationDirection": "CW", "ExposureTime": "500",
    "XRayTubeCurrent": "224", "Exposure": "145", "FilterType": "FLAT",
    "GeneratorPower": "27", "FocalSpots": "1.2", "DateOfLastCalibration": "20240310",
    "TimeOfLastCalibration": "070000", "ConvolutionKernel": ["Br40d", "3"],
    "PatientPosition": "FFS", "RevolutionTime": 0.5, "SingleCollimationWidth": 0.6,
    "TotalCollimationWidth": 38.4, "TableSpeed": 46.0, "TableFeedPerRotation": 23.0,
    "SpiralPitchFactor": 0.6, "DataCollectionCenterPatient": [0.5, -155.0, -412.5],
    "ReconstructionTargetCenterPatient": [0.5, -155.0, -412.5],
    "ExposureModulationType": "XYZ_EC", "EstimatedDoseSaving": 31.2, "CTDIvol": 9.87,
    "IrradiationEventUID": f"{_UID}.9.1", "StudyInstanceUID": f"{_UID}.1",
    "SeriesInstanceUID": f"{_UID}.2", "StudyID": "4711", "SeriesNumber": "3",
    "AcquisitionNumber": "2", "InstanceNumber": "117", "PatientOrientation": ["L", "P"],
    "ImagePositionPatient": ["-189.5", "-345.5", "-412.5"],
    "ImageOrientationPatient": ["1", "0", "0", "0", "1", "0"],
    "FrameOfReferenceUID": f"{_UID}.4", "PositionReferenceIndicator": "SN",
    "SliceLocation": "-412.5", "ImageComments": "Reconstructed on the scanner console.",
    "SamplesPerPixel": 1, "PhotometricInterpretation": "MONOCHROME2", "Rows": 512,
    "Columns": 512, "PixelSpacing": ["0.7421875", "0.7421875"], "BitsAllocated": 16,
    "BitsStored": 12, "HighBit": 11, "PixelRepresentation": 1,
    "SmallestImagePixelValue": -1024, "LargestImagePixelValue": 3071,
    "WindowCenter": ["40", "-600"], "WindowWidth": ["400", "1200"],
    "RescaleIntercept": "-1024", "RescaleSlope": "1", "RescaleType": "HU",
    "WindowCenterWidthExplanation": ["WINDOW1", "WINDOW2"], "LossyImageCompression": "00",
    "PerformedProcedureStepStartDate": "20240312", "PerformedProcedureStepStartTime": "100211",
    "PerformedProcedureStepID": "PPS4711", "PerformedProcedureStepDescription": "CT CAP",
}  # fmt: skip


def _code(value: str, scheme: str, meaning: str) -> Dataset:
    return Dataset(CodeValue=value, CodingSchemeDesignator=scheme, CodeMeaning=meaning)


def _reference(number: int) -> Dataset:
    return Dataset(ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2",
                   ReferencedSOPInstanceUID=f"{_UID}.3.{number}")


def _private(group: int, creator: str, count: int, seed: int) -> list[tuple[int, AnyVR]]:
    """``count`` elements of one private block, in the VR mix scanners write."""
    out: list[tuple[int, AnyVR]] = [(Tag(group, 0x0010), LO(creator))]
    for offset in range(count):
        n = seed + offset
        value: AnyVR
        match n % 9:
            case 0:
                value = LO(f"PARAM_{n:04d}")
            case 1:
                value = SS([n % 300 - 150])
            case 2:
                value = DS([f"{n * 0.25:.2f}"])
            case 3:
                value = SL([n * 1000 - 7])
            case 4:
                value = FL([n / 7.0])
            case 5:
                value = SH(f"S{n}")
            case 6:
                value = US([n % 4096, (n * 7) % 4096])
            case 7:
                value = IS([str(n * 3)])
            case _:
                value = UL([n * 12345]) if n % 2 else OB(bytes(range(n % 16, n % 16 + 8)))
        out.append((Tag(group, 0x1000 + offset), value))
    return out


def ct_dataset(*, pixels: bool = True) -> Dataset:
    """The CT dataset, built in memory (pixels: 512x512 int16 noise over a disc)."""
    ds = Dataset(_STANDARD)
    ds = ds.update(
        ProcedureCodeSequence=SQ([_code("CTCAP", "L", "CT Chest Abdomen Pelvis")]),
        ReferencedImageSequence=SQ([_reference(n) for n in (1, 2, 3)]),
        SourceImageSequence=SQ([_reference(n) for n in (40, 41)]),
        CTDIPhantomTypeCodeSequence=SQ([_code("113691", "DCM", "IEC Body Dosimetry Phantom")]),
        RequestAttributesSequence=SQ([Dataset(
            RequestedProcedureID="RP4711", ScheduledProcedureStepID="SPS4711",
            ScheduledProcedureStepDescription="CT CAP WITH CONTRAST",
            ScheduledProtocolCodeSequence=SQ([_code("P1", "99ACME", "CAP routine")]))]),
    )
    blocks = (_private(0x0009, "ACME_IDEN_01", 30, 1) + _private(0x0019, "ACME_ACQU_01", 60, 40)
              + _private(0x0021, "ACME_RELA_01", 20, 120)
              + _private(0x0043, "ACME_PARM_01", 30, 160))
    ds = ds.update(blocks)
    if pixels:
        rng = np.random.default_rng(7)
        y, x = np.mgrid[0:512, 0:512]
        disc = ((x - 256) ** 2 + (y - 256) ** 2 < 230**2) * 1024
        image = (disc + rng.normal(0, 20, (512, 512))).astype("<i2")
        ds = ds.set(0x7FE00010, OW(image.tobytes()))
    return ds


def ct_file(*, pixels: bool = True) -> DicomFile:
    """The CT file built in memory (explicit VR little endian, complete file meta)."""
    return DicomFile.new(ct_dataset(pixels=pixels))


def ct_header_bytes(*, pixels: bool = False) -> bytes:
    """The encoded Part 10 file (without Pixel Data unless asked)."""
    return ct_file(pixels=pixels).to_bytes()

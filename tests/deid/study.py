"""A generated multi-file study for the de-identification tests and bench: one patient,
one study, two CT series sharing a Frame of Reference, images referencing each other
(Referenced Image Sequence, Source Image Sequence), and a Key Object Selection-like
document referencing every image through Current Requested Procedure Evidence Sequence
(study, series and SOP instance UIDs)."""

from __future__ import annotations

from pathlib import Path

from typeddcm import Dataset, DicomFile
from typeddcm.io import make_folders, write_new_file
from typeddcm.vr import SQ

from ..ct_header import ct_dataset

CT = "1.2.840.10008.5.1.4.1.1.2"
KOS = "1.2.840.10008.5.1.4.1.1.88.59"
ROOT = "1.2.826.0.1.3680043.9.7777"
STUDY = f"{ROOT}.1"
FRAME = f"{ROOT}.2"


def _series(n: int) -> str:
    return f"{ROOT}.3.{n}"


def _instance(series: int, n: int) -> str:
    return f"{ROOT}.4.{series}.{n}"


def _ref(uid: str, sop_class: str = CT) -> Dataset:
    return Dataset(ReferencedSOPClassUID=sop_class, ReferencedSOPInstanceUID=uid)


def study_files(images_per_series: int = 4, *, pixels: bool = False,
                patient: str = "Doe^Jane^Q", patient_id: str = "PID0012345") -> list[DicomFile]:
    """The study's files (2 series of CT images, then one evidence document)."""
    base = ct_dataset(pixels=pixels).update(
        StudyInstanceUID=STUDY, FrameOfReferenceUID=FRAME, PatientName=patient,
        PatientID=patient_id)
    files: list[DicomFile] = []
    for series in (1, 2):
        for n in range(1, images_per_series + 1):
            previous = [_ref(_instance(series, n - 1))] if n > 1 else []
            source = [_ref(_instance(1, n))] if series == 2 else []
            ds = base.update(
                SeriesInstanceUID=_series(series), SOPInstanceUID=_instance(series, n),
                SeriesNumber=str(series), InstanceNumber=str(n),
                ReferencedImageSequence=SQ(previous), SourceImageSequence=SQ(source))
            files.append(DicomFile.new(ds))
    evidence = SQ([Dataset(
        StudyInstanceUID=STUDY,
        ReferencedSeriesSequence=SQ([Dataset(
            SeriesInstanceUID=_series(series),
            ReferencedSOPSequence=SQ([_ref(_instance(series, n))
                                      for n in range(1, images_per_series + 1)]))
            for series in (1, 2)]))])
    kos = Dataset(
        SOPClassUID=KOS, SOPInstanceUID=f"{ROOT}.5.1", StudyInstanceUID=STUDY,
        SeriesInstanceUID=_series(9), PatientName=patient, PatientID=patient_id,
        Modality="KO", StudyDate="20240312", ContentDate="20240313",
        CurrentRequestedProcedureEvidenceSequence=evidence)
    files.append(DicomFile.new(kos))
    return files


def write_study(folder: Path, images_per_series: int = 4, *, pixels: bool = False,
                patient: str = "Doe^Jane^Q", patient_id: str = "PID0012345") -> list[Path]:
    """The study's files written under ``folder`` (``IM0001.dcm`` ...)."""
    make_folders(folder)
    paths = []
    files = study_files(images_per_series, pixels=pixels, patient=patient, patient_id=patient_id)
    for number, f in enumerate(files, start=1):
        path = folder / f"IM{number:04d}.dcm"
        write_new_file(path, f.to_bytes())
        paths.append(path)
    return paths

"""Generate the small sample files shipped in ``typeddcm/samples/``.

Strategy: each sample is built in code with the typeddcm API (typed keys, VR
objects, private blocks) and encoded with ``to_bytes(like_original=False)``: a
clean Part 10 file with conformant file meta information.  Everything that
could vary is fixed (UIDs derived with ``uuid5`` under the 2.25 root, dates,
times, a seeded numpy generator), so the output is the same bytes on every run;
``tests/test_samples.py`` regenerates the files and compares.

The samples, each well under 200 KB:

* ``ct_small.dcm``: a 64x64 signed 16-bit CT slice (a water phantom with noise),
  explicit VR little endian, rescale and window, ISO_IR 100 names (``Müller^Jürgen``);
* ``multiframe.dcm``: 8 frames of 32x32 unsigned 8-bit pixels, explicit VR little endian;
* ``nested_sequences.dcm``: an RT-plan-like dataset, Beam Sequence items holding
  Control Point Sequence items holding Beam Limiting Device Position items, and
  private blocks at the top level and inside the beams, explicit VR little endian;
* ``charset_japanese.dcm``: Specific Character Set ``\\ISO 2022 IR 87`` with the
  three-group name ``Yamada^Tarou=山田^太郎=やまだ^たろう`` (PS3.5 H.3.1), implicit VR
  little endian.

Usage: ``python tools/make_samples.py [--out DIR]`` (default: ``typeddcm/samples``).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:  # run as a script from a checkout
    sys.path.insert(0, str(PROJECT_ROOT))

from typeddcm import Dataset, DicomFile, keys, transfer_syntax  # noqa: E402
from typeddcm.vr import DS, LO, OB, OW, SH, US  # noqa: E402

__all__ = ["DEFAULT_OUT", "PRIVATE_CREATOR", "SAMPLES", "build", "build_all", "main", "sample_uid",
           "write_all"]

DEFAULT_OUT = PROJECT_ROOT / "typeddcm" / "samples"

EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1"
IMPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2"

CT_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
MULTIFRAME_BYTE_SC_STORAGE = "1.2.840.10008.5.1.4.1.1.7.2"
RT_PLAN_STORAGE = "1.2.840.10008.5.1.4.1.1.481.5"
SECONDARY_CAPTURE_STORAGE = "1.2.840.10008.5.1.4.1.1.7"

#: The private creator of the samples' own private blocks.
PRIVATE_CREATOR = "TYPEDDCM SAMPLES 1.0"

_NAMESPACE = uuid.UUID("6f1c2b1e-4c55-4a53-9a8e-7479706564d1")  # fixed: the UIDs never change
_DATE = "20240102"


def sample_uid(sample: str, role: str) -> str:
    """A fixed UID under 2.25 (PS3.5 B.2), derived from the sample's name and the UID's role."""
    return f"2.25.{uuid.uuid5(_NAMESPACE, f'{sample}/{role}').int}"


def _common(ds: Dataset, sample: str, sop_class: str, modality: str) -> Dataset:
    """Patient, study, series and SOP attributes every sample shares."""
    with ds.mutate() as m:
        m.set(keys.SOPClassUID, sop_class)
        m.set(keys.SOPInstanceUID, sample_uid(sample, "instance"))
        m.set(keys.StudyDate, _DATE)
        m.set(keys.StudyTime, "101530")
        m.set(keys.AccessionNumber, "")
        m.set(keys.Modality, modality)
        m.set(keys.Manufacturer, "typeddcm")
        m.set(keys.ReferringPhysicianName, "")
        m.set(keys.PatientID, f"TD-{sample.upper()}")
        m.set(keys.PatientBirthDate, "19700101")
        m.set(keys.PatientSex, "O")
        m.set(keys.StudyInstanceUID, sample_uid(sample, "study"))
        m.set(keys.SeriesInstanceUID, sample_uid(sample, "series"))
        m.set(keys.StudyID, "1")
        m.set(keys.SeriesNumber, 1)
        m.set(keys.InstanceNumber, 1)
    return m.finish()


def _file(ds: Dataset, syntax_uid: str) -> bytes:
    """``ds`` as a clean Part 10 file: zero preamble, conformant meta, the given syntax."""
    return DicomFile(None, Dataset(), ds, transfer_syntax(syntax_uid)).to_bytes(
        like_original=False
    )


def ct_small() -> tuple[Dataset, str]:
    """A 64x64 CT slice: int16 pixels, rescale to HU, a soft-tissue window, Latin-1 names."""
    rng = np.random.default_rng(20240102)
    y, x = np.mgrid[0:64, 0:64]
    body = (x - 31.5) ** 2 + (y - 31.5) ** 2 < 26**2
    bone = (x - 40) ** 2 + (y - 28) ** 2 < 5**2
    hu = np.where(body, 0.0, -1000.0) + np.where(bone, 700.0, 0.0)
    hu += rng.normal(0.0, 12.0, size=hu.shape)
    stored = np.round(hu + 1024).astype("<i2")  # stored = HU - intercept
    ds = _common(Dataset(), "ct_small", CT_IMAGE_STORAGE, "CT")
    with ds.mutate() as m:
        m.set(keys.SpecificCharacterSet, "ISO_IR 100")
        m.set(keys.ImageType, ["ORIGINAL", "PRIMARY", "AXIAL"])
        m.set(keys.ContentDate, _DATE)
        m.set(keys.ContentTime, "101532.500000")
        m.set(keys.InstitutionName, "Universitätsklinikum Musterstadt")
        m.set(keys.PatientName, "Müller^Jürgen")
        m.set(keys.SliceThickness, "1.25")
        m.set(keys.KVP, "120")
        m.set(keys.AcquisitionNumber, 1)
        m.set(keys.PatientPosition, "HFS")
        m.set(keys.PositionReferenceIndicator, "")
        m.set(keys.FrameOfReferenceUID, sample_uid("ct_small", "frame of reference"))
        m.set(keys.ImagePositionPatient, ["-32", "-32", "0"])
        m.set(keys.ImageOrientationPatient, ["1", "0", "0", "0", "1", "0"])
        m.set(keys.SamplesPerPixel, 1)
        m.set(keys.PhotometricInterpretation, "MONOCHROME2")
        m.set(keys.Rows, 64)
        m.set(keys.Columns, 64)
        m.set(keys.PixelSpacing, ["1.0", "1.0"])
        m.set(keys.BitsAllocated, 16)
        m.set(keys.BitsStored, 16)
        m.set(keys.HighBit, 15)
        m.set(keys.PixelRepresentation, 1)
        m.set(keys.WindowCenter, "40")
        m.set(keys.WindowWidth, "400")
        m.set(keys.RescaleIntercept, "-1024")
        m.set(keys.RescaleSlope, "1")
        m.set(keys.RescaleType, "HU")
        m.set(keys.PixelData, OW(stored.tobytes()))
    return m.finish(), EXPLICIT_VR_LITTLE_ENDIAN


def multiframe() -> tuple[Dataset, str]:
    """Eight 32x32 uint8 frames: a gradient that moves one step right per frame, plus noise."""
    rng = np.random.default_rng(8)
    x = np.arange(32, dtype=np.int32)
    frames = np.empty((8, 32, 32), dtype=np.uint8)
    for index in range(8):
        ramp = ((x + 4 * index) % 32) * 8
        noise = rng.integers(0, 8, size=(32, 32))
        frames[index] = np.clip(ramp[np.newaxis, :] + noise, 0, 255).astype(np.uint8)
    ds = _common(Dataset(), "multiframe", MULTIFRAME_BYTE_SC_STORAGE, "OT")
    with ds.mutate() as m:
        m.set(keys.ImageType, ["DERIVED", "SECONDARY"])
        m.set(keys.ConversionType, "WSD")
        m.set(keys.PatientName, "Frames^Eight")
        m.set(keys.PatientOrientation, "")
        m.set(keys.BurnedInAnnotation, "NO")
        m.set(keys.FrameTime, "40.0")
        m.set(keys.SamplesPerPixel, 1)
        m.set(keys.PhotometricInterpretation, "MONOCHROME2")
        m.set(keys.NumberOfFrames, 8)
        m.set(keys.FrameIncrementPointer, keys.FrameTime.tag)
        m.set(keys.Rows, 32)
        m.set(keys.Columns, 32)
        m.set(keys.BitsAllocated, 8)
        m.set(keys.BitsStored, 8)
        m.set(keys.HighBit, 7)
        m.set(keys.PixelRepresentation, 0)
        m.set(keys.PixelData, OB(frames.tobytes()))
    return m.finish(), EXPLICIT_VR_LITTLE_ENDIAN


def _control_point(index: int, gantry: str, weight: str, jaw: str) -> Dataset:
    device = Dataset().set(keys.RTBeamLimitingDeviceType, "ASYMX").set(
        keys.LeafJawPositions, [f"-{jaw}", jaw])
    with Dataset().mutate() as m:
        m.set(keys.ControlPointIndex, index)
        if index == 0:
            m.set(keys.NominalBeamEnergy, "6")
            m.set(keys.BeamLimitingDeviceAngle, "0")
            m.set(keys.PatientSupportAngle, "0")
            m.set(keys.IsocenterPosition, ["0", "0", "0"])
        m.set(keys.BeamLimitingDevicePositionSequence, [device])
        m.set(keys.GantryAngle, gantry)
        m.set(keys.CumulativeMetersetWeight, weight)
    return m.finish()


def _beam(number: int, name: str, gantry: str) -> Dataset:
    points = [_control_point(0, gantry, "0", "50"), _control_point(1, gantry, "1", "50")]
    with Dataset().mutate() as m:
        m.set(keys.TreatmentMachineName, "LINAC1")
        m.set(keys.PrimaryDosimeterUnit, "MU")
        m.set(keys.SourceAxisDistance, "1000")
        m.set(keys.BeamNumber, number)
        m.set(keys.BeamName, name)
        m.set(keys.BeamType, "STATIC")
        m.set(keys.RadiationType, "PHOTON")
        m.set(keys.NumberOfWedges, 0)
        m.set(keys.NumberOfCompensators, 0)
        m.set(keys.NumberOfBoli, 0)
        m.set(keys.NumberOfBlocks, 0)
        m.set(keys.NumberOfControlPoints, len(points))
        m.set(keys.ControlPointSequence, points)
        # A private block inside a sequence item.
        m.set_private(0x0011, PRIVATE_CREATOR, 0x01, LO(f"beam {number} note"))
        m.set_private(0x0011, PRIVATE_CREATOR, 0x02, US(number * 10))
    return m.finish()


def nested_sequences() -> tuple[Dataset, str]:
    """An RT-plan-like dataset: beams holding control points holding device positions."""
    beams = [_beam(1, "AP", "0"), _beam(2, "PA", "180")]
    fraction_group = Dataset().update([
        (keys.FractionGroupNumber, 1),
        (keys.NumberOfFractionsPlanned, 30),
        (keys.NumberOfBeams, len(beams)),
        (keys.NumberOfBrachyApplicationSetups, 0),
        (keys.ReferencedBeamSequence, [
            Dataset().set(keys.BeamMeterset, "101.5").set(keys.ReferencedBeamNumber, 1),
            Dataset().set(keys.BeamMeterset, "99.25").set(keys.ReferencedBeamNumber, 2),
        ]),
    ])
    ds = _common(Dataset(), "nested_sequences", RT_PLAN_STORAGE, "RTPLAN")
    with ds.mutate() as m:
        m.set(keys.PatientName, "Plan^Nested")
        m.set(keys.OperatorsName, "")
        m.set(keys.RTPlanLabel, "SAMPLE")
        m.set(keys.RTPlanDate, _DATE)
        m.set(keys.RTPlanTime, "120000")
        m.set(keys.RTPlanGeometry, "PATIENT")
        m.set(keys.FractionGroupSequence, [fraction_group])
        m.set(keys.BeamSequence, beams)
        m.set(keys.ApprovalStatus, "UNAPPROVED")
        # A private block at the top level: text, numbers, decimal text and bytes.
        m.set_private(0x0009, PRIVATE_CREATOR, 0x01, LO("typeddcm sample data"))
        m.set_private(0x0009, PRIVATE_CREATOR, 0x02, US([1, 2, 3]))
        m.set_private(0x0009, PRIVATE_CREATOR, 0x03, DS("2.50"))
        m.set_private(0x0009, PRIVATE_CREATOR, 0x04, OB(bytes(range(16))))
        m.set_private(0x0009, PRIVATE_CREATOR, 0x05, SH("END"))
    return m.finish(), EXPLICIT_VR_LITTLE_ENDIAN


def charset_japanese() -> tuple[Dataset, str]:
    """Japanese names in ISO 2022 IR 87 (JIS X 0208 kanji and kana), implicit VR little endian."""
    pixels = (np.arange(16 * 16, dtype=np.uint16).reshape(16, 16) % 256).astype(np.uint8)
    ds = _common(Dataset(), "charset_japanese", SECONDARY_CAPTURE_STORAGE, "OT")
    with ds.mutate() as m:
        m.set(keys.SpecificCharacterSet, ["", "ISO 2022 IR 87"])
        m.set(keys.ConversionType, "WSD")
        m.set(keys.InstitutionName, "東京病院")
        m.set(keys.StudyDescription, "胸部")
        m.set(keys.PatientName, "Yamada^Tarou=山田^太郎=やまだ^たろう")
        m.set(keys.PatientOrientation, "")
        m.set(keys.SamplesPerPixel, 1)
        m.set(keys.PhotometricInterpretation, "MONOCHROME2")
        m.set(keys.Rows, 16)
        m.set(keys.Columns, 16)
        m.set(keys.BitsAllocated, 8)
        m.set(keys.BitsStored, 8)
        m.set(keys.HighBit, 7)
        m.set(keys.PixelRepresentation, 0)
        m.set(keys.PixelData, OB(pixels.tobytes()))
    return m.finish(), IMPLICIT_VR_LITTLE_ENDIAN


#: File name -> builder of (dataset, transfer syntax UID), in the order the samples are listed.
SAMPLES: dict[str, Callable[[], tuple[Dataset, str]]] = {
    "ct_small.dcm": ct_small,
    "multiframe.dcm": multiframe,
    "nested_sequences.dcm": nested_sequences,
    "charset_japanese.dcm": charset_japanese,
}


def build(name: str) -> bytes:
    """The bytes of the sample file ``name``."""
    return _file(*SAMPLES[name]())


def build_all() -> dict[str, bytes]:
    """Every sample: file name -> bytes."""
    return {name: build(name) for name in SAMPLES}


def write_all(out: Path) -> list[Path]:
    """Write every sample into ``out``; return the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in build_all().items():
        path = out / name
        path.write_bytes(data)
        written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help=f"directory to write into (default: {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(f"{path}: {path.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

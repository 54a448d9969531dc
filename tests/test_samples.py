"""The shipped sample files: reproducible, holding what they promise, written back byte for byte."""

from __future__ import annotations

import importlib.util
import warnings
from importlib import resources
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

import typeddcm
from typeddcm import keys
from typeddcm.samples import SAMPLE_NAMES, sample_path, sample_paths
from typeddcm.vr import OB, SQ

ROOT = Path(__file__).resolve().parents[1]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_samples_current",
                                                  ROOT / "tools" / "make_samples.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _read(name: str) -> typeddcm.DicomFile:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a sample must read without a single warning
        return typeddcm.read(sample_path(name))


def test_samples_are_current(tmp_path: Path) -> None:
    """Regenerating the samples reproduces every shipped file byte for byte."""
    written = _generator().write_all(tmp_path)
    assert [p.name for p in written] == list(SAMPLE_NAMES)
    stale = [p.name for p in written if p.read_bytes() != sample_path(p.name).read_bytes()]
    assert not stale, f"run tools/make_samples.py: {stale} changed"


def test_generation_is_deterministic() -> None:
    """Two runs of the generator give the same bytes."""
    module = _generator()
    assert module.build_all() == module.build_all()


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_clean_rewrite_is_identical(name: str) -> None:
    """A sample is already clean: writing it with like_original=False changes no byte."""
    data = sample_path(name).read_bytes()
    assert _read(name).to_bytes(like_original=False) == data


def test_sample_paths() -> None:
    """sample_paths() lists every .dcm file of the package, in SAMPLE_NAMES order."""
    paths = sample_paths()
    assert [p.name for p in paths] == list(SAMPLE_NAMES)
    assert all(p.is_file() for p in paths)
    shipped = sorted(e.name for e in resources.files("typeddcm.samples").iterdir()
                     if e.name.endswith(".dcm"))
    assert shipped == sorted(SAMPLE_NAMES)
    with pytest.raises(KeyError, match="no sample named"):
        sample_path("missing.dcm")


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_is_small(name: str) -> None:
    """Each sample stays under 200 KB."""
    assert sample_path(name).stat().st_size < 200_000


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_roundtrips_byte_for_byte(name: str) -> None:
    """Reading a sample and writing it like the original gives back its bytes."""
    data = sample_path(name).read_bytes()
    assert _read(name).to_bytes(like_original=True) == data
    assert typeddcm.read(data).to_bytes() == data


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_has_conformant_meta(name: str) -> None:
    """Each sample has a preamble, DICM, and file meta naming its SOP instance and syntax."""
    data = sample_path(name).read_bytes()
    assert data[:128] == bytes(128) and data[128:132] == b"DICM"
    f = _read(name)
    meta = f.meta
    # The group length counts the meta elements after it: from byte 144 to the dataset.
    assert meta[keys.FileMetaInformationGroupLength].value == f.source.dataset_start - 144
    assert meta[keys.MediaStorageSOPInstanceUID] == f.dataset[keys.SOPInstanceUID]
    assert meta[keys.MediaStorageSOPClassUID] == f.dataset[keys.SOPClassUID]
    assert meta[keys.TransferSyntaxUID].value == f.transfer_syntax.uid
    assert f.dataset[keys.SOPInstanceUID].value.startswith("2.25.")


def test_ct_small() -> None:
    """ct_small: 64x64 signed 16-bit CT, rescale to HU, window, ISO_IR 100 names."""
    f = _read("ct_small.dcm")
    ds = f.dataset
    assert f.transfer_syntax.uid == "1.2.840.10008.1.2.1"
    assert ds[keys.Modality].value == "CT"
    assert ds[keys.SpecificCharacterSet].value == "ISO_IR 100"
    assert ds[keys.PatientName].value == "Müller^Jürgen"
    assert ds[keys.PatientName].value.given_name == "Jürgen"
    assert ds[keys.InstitutionName].value == "Universitätsklinikum Musterstadt"
    assert (ds[keys.Rows].value, ds[keys.Columns].value) == (64, 64)
    assert (ds[keys.BitsAllocated].value, ds[keys.PixelRepresentation].value) == (16, 1)
    assert float(ds[keys.RescaleSlope].value) == 1.0
    assert float(ds[keys.RescaleIntercept].value) == -1024.0
    assert float(ds[keys.WindowCenter].value) == 40.0
    assert float(ds[keys.WindowWidth].value) == 400.0
    pixels = ds[keys.PixelData]
    assert pixels.code == "OW"
    image = np.frombuffer(pixels.value, dtype="<i2").reshape(64, 64)
    hu = image.astype(np.float64) - 1024
    assert abs(hu[32, 20]) < 100  # water inside the body
    assert hu[0, 0] < -900  # air in the corner
    assert hu[28, 40] > 500  # the bone insert
    assert b"M\xfcller^J\xfcrgen" in sample_path("ct_small.dcm").read_bytes()  # Latin-1 bytes


def test_multiframe() -> None:
    """multiframe: 8 frames of 32x32 uint8, each different."""
    f = _read("multiframe.dcm")
    ds = f.dataset
    assert f.transfer_syntax.uid == "1.2.840.10008.1.2.1"
    assert ds[keys.NumberOfFrames].value == 8
    assert (ds[keys.Rows].value, ds[keys.Columns].value, ds[keys.BitsAllocated].value) == (
        32, 32, 8)
    assert ds[keys.FrameIncrementPointer].value == keys.FrameTime.tag
    pixels = ds[keys.PixelData]
    assert pixels.code == "OB"
    frames = np.frombuffer(pixels.value, dtype=np.uint8).reshape(8, 32, 32)
    assert len({frame.tobytes() for frame in frames}) == 8


def test_nested_sequences() -> None:
    """nested_sequences: beams > control points > device positions, and private blocks."""
    module = _generator()
    f = _read("nested_sequences.dcm")
    ds = f.dataset
    assert ds[keys.Modality].value == "RTPLAN"
    beams = ds[keys.BeamSequence]
    assert isinstance(beams, SQ)
    assert [b[keys.BeamName].value for b in beams.values] == ["AP", "PA"]
    for beam in beams.values:
        points = beam[keys.ControlPointSequence].values
        assert len(points) == beam[keys.NumberOfControlPoints].value == 2
        device = points[0][keys.BeamLimitingDevicePositionSequence].values[0]
        assert [float(v) for v in device[keys.LeafJawPositions].values] == [-50.0, 50.0]
        note = beam.get_private(0x0011, module.PRIVATE_CREATOR, 0x01)
        assert note is not None
        assert note.vr.value == f"beam {beam[keys.BeamNumber].value} note"
    gantry = ds.get_in((keys.BeamSequence, 1, keys.ControlPointSequence, 0, keys.GantryAngle))
    assert isinstance(gantry, typeddcm.Element)
    assert str(gantry.vr) == "180"
    referenced = ds.get_in((keys.FractionGroupSequence, 0, keys.ReferencedBeamSequence))
    assert isinstance(referenced, typeddcm.Element)
    assert isinstance(referenced.vr, SQ)
    assert [str(i[keys.BeamMeterset]) for i in referenced.vr.values] == ["101.5", "99.25"]
    block = [ds.get_private(0x0009, module.PRIVATE_CREATOR, n) for n in range(1, 6)]
    assert all(e is not None for e in block)
    assert [e.code for e in block if e is not None] == ["LO", "US", "DS", "OB", "SH"]
    assert block[1] is not None and block[1].vr.values == (1, 2, 3)
    assert block[3] is not None and isinstance(block[3].vr, OB)
    assert block[3].vr.value == bytes(range(16))


def test_charset_japanese() -> None:
    """charset_japanese: ISO 2022 IR 87 person name with three groups, implicit VR."""
    f = _read("charset_japanese.dcm")
    ds = f.dataset
    assert f.transfer_syntax.uid == "1.2.840.10008.1.2"
    assert ds[keys.SpecificCharacterSet].values == ("", "ISO 2022 IR 87")
    name = ds[keys.PatientName].value
    assert name == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    assert name.components("ideographic").family_name == "山田"
    assert name.components("phonetic").given_name == "たろう"
    assert ds[keys.InstitutionName].value == "東京病院"
    assert b"\x1b$B" in sample_path("charset_japanese.dcm").read_bytes()  # JIS X 0208 escape


@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_pydicom_reads_the_samples_alike(name: str) -> None:
    """pydicom (the oracle) reads each sample to the same names, UIDs and pixel bytes."""
    pydicom = pytest.importorskip("pydicom")
    theirs = pydicom.dcmread(sample_path(name))
    ours = _read(name).dataset
    assert str(theirs.PatientName) == str(ours[keys.PatientName].value)
    assert theirs.SOPInstanceUID == ours[keys.SOPInstanceUID].value
    assert theirs.file_meta.TransferSyntaxUID == _read(name).transfer_syntax.uid
    if "InstitutionName" in theirs:
        assert theirs.InstitutionName == ours[keys.InstitutionName].value
    if "PixelData" in theirs:
        assert bytes(theirs.PixelData) == bytes(ours[keys.PixelData].value)
    if "BeamSequence" in theirs:
        assert len(theirs.BeamSequence[1].ControlPointSequence) == 2
        assert theirs.BeamSequence[1].ControlPointSequence[0].GantryAngle == 180

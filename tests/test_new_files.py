"""New files from scratch: DicomFile.new, generate_uid, and what write() refuses.

Oracle: pydicom reads what we make and checks its file meta (validate_file_meta with
the standard enforced), and its generate_uid gives the same UID as ours for the same
prefix and entropy sources (the published SHA-512 scheme).
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile, EncodeError, InvalidValueError, keys
from typeddcm.codec.writer import IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME
from typeddcm.pixels import compress, pixel_array
from typeddcm.samples import sample_path
from typeddcm.uid import generate_uid, is_valid_uid

pydicom = pytest.importorskip("pydicom")

SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
_UID = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")


def _image() -> Dataset:
    pixels = np.arange(64 * 48, dtype=np.uint16).reshape(64, 48)
    return Dataset().update([
        (keys.SOPClassUID, SECONDARY_CAPTURE),
        (keys.SOPInstanceUID, generate_uid()),
        (keys.PatientName, "Doe^Jane"),
        (keys.Modality, "OT"),
        (keys.SamplesPerPixel, 1),
        (keys.PhotometricInterpretation, "MONOCHROME2"),
        (keys.Rows, 64),
        (keys.Columns, 48),
        (keys.BitsAllocated, 16),
        (keys.BitsStored, 16),
        (keys.HighBit, 15),
        (keys.PixelRepresentation, 0),
        (keys.PixelData, pixels.tobytes()),
    ])


@pytest.mark.parametrize("syntax", ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2",
                                    "1.2.840.10008.1.2.2", "1.2.840.10008.1.2.1.99"])
def test_new_file_has_complete_meta_and_reads_in_pydicom(tmp_path: Path, syntax: str) -> None:
    """Every syntax without encapsulation: complete meta, pydicom reads the same values."""
    ds = _image()
    f = DicomFile.new(ds, syntax)
    meta = f.meta
    assert meta[keys.TransferSyntaxUID].value == syntax
    assert meta[keys.MediaStorageSOPClassUID].value == SECONDARY_CAPTURE
    assert meta[keys.MediaStorageSOPInstanceUID].value == ds[keys.SOPInstanceUID].value
    assert meta[keys.ImplementationClassUID].value == IMPLEMENTATION_CLASS_UID
    assert meta[keys.ImplementationVersionName].value == IMPLEMENTATION_VERSION_NAME
    assert bytes(meta[keys.FileMetaInformationVersion].value) == b"\x00\x01"
    path = tmp_path / "new.dcm"
    typeddcm.write(f, path)  # the default, like_original=True, is a complete file too
    assert path.read_bytes() == f.to_bytes(like_original=False)
    theirs = pydicom.dcmread(path)
    pydicom.dataset.validate_file_meta(theirs.file_meta, enforce_standard=True)
    assert theirs.file_meta.FileMetaInformationGroupLength == _meta_group_length(path)
    assert str(theirs.PatientName) == "Doe^Jane"
    assert np.array_equal(theirs.pixel_array, pixel_array(typeddcm.read(path)))


def _meta_group_length(path: Path) -> int:
    """The length of the meta elements after (0002,0000), measured in the file itself."""
    data = path.read_bytes()
    end = 132 + 12
    while data[end : end + 2] == b"\x02\x00":
        vr = data[end + 4 : end + 6]
        if vr in (b"OB", b"OW", b"UN", b"SQ", b"UT", b"UC", b"UR"):
            end += 12 + int.from_bytes(data[end + 8 : end + 12], "little")
        else:
            end += 8 + int.from_bytes(data[end + 6 : end + 8], "little")
    return end - 144


def test_new_file_keeps_meta_given_and_its_preamble() -> None:
    """Elements of the meta passed in (Source AE Title) survive; the preamble is as given."""
    extra = Dataset().set(keys.SourceApplicationEntityTitle, "OUR_AE")
    f = DicomFile.new(_image(), meta=extra, preamble=b"P" * 128)
    assert f.meta[keys.SourceApplicationEntityTitle].value == "OUR_AE"
    back = typeddcm.read(f.to_bytes())
    assert back.preamble == b"P" * 128 and back.meta == f.meta
    with pytest.raises(ValueError, match="128"):
        DicomFile.new(_image(), preamble=b"short")


def test_new_compressed_file_via_compress() -> None:
    """Native pixels in an encapsulated syntax are refused; compress() is the way there."""
    with pytest.raises(EncodeError, match=r"pixels\.compress"):
        DicomFile.new(_image(), "1.2.840.10008.1.2.5")
    rle = compress(DicomFile.new(_image()), "1.2.840.10008.1.2.5")
    theirs = pydicom.dcmread(io.BytesIO(rle.to_bytes()))
    assert theirs.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.5"
    assert np.array_equal(theirs.pixel_array, pixel_array(rle))


def test_new_file_needs_sop_uids() -> None:
    """The meta names the SOP Class and Instance: without them, a clear EncodeError."""
    with pytest.raises(EncodeError, match=r"SOPClassUID \(0008,0016\) and SOPInstanceUID"):
        DicomFile.new(Dataset().set(keys.PatientName, "X"))
    with pytest.raises(EncodeError, match="SOPInstanceUID"):
        DicomFile.new(Dataset().set(keys.SOPClassUID, SECONDARY_CAPTURE))


def test_write_refuses_a_part10_file_without_transfer_syntax(tmp_path: Path) -> None:
    """DicomFile(None, Dataset(), ds, ts) would make a file no reader can trust."""
    syntax = typeddcm.transfer_syntax("1.2.840.10008.1.2.1")
    bare = DicomFile(None, Dataset(), _image(), syntax)
    with pytest.raises(EncodeError, match=r"Transfer Syntax UID \(0002,0010\).*DicomFile\.new"):
        typeddcm.write(bare, tmp_path / "x.dcm")
    assert not (tmp_path / "x.dcm").exists()
    assert typeddcm.read(bare.to_bytes(like_original=False)).dataset == bare.dataset
    wrong = DicomFile.new(_image()).with_meta(
        DicomFile.new(_image(), "1.2.840.10008.1.2").meta)
    with pytest.raises(EncodeError, match="not the file's transfer syntax"):
        wrong.to_bytes()


def test_write_of_a_dataset_is_a_type_error_naming_the_constructor(tmp_path: Path) -> None:
    """write(dataset, path): TypeError that says how to make a file of it."""
    with pytest.raises(TypeError, match=r"DicomFile\.new\(dataset\)"):
        typeddcm.write(_image(), tmp_path / "x.dcm")  # type: ignore[arg-type]


def test_files_read_without_transfer_syntax_still_round_trip() -> None:
    """A lenient read of meta without (0002,0010), unchanged, is written back as it was."""
    f = typeddcm.read(sample_path("ct_small.dcm"))
    meta_without = f.meta.delete(keys.TransferSyntaxUID)
    data = DicomFile(f.preamble, meta_without, f.dataset, f.transfer_syntax).to_bytes(
        like_original=False)
    # like_original=False always writes the syntax; strip it by hand to make such a file.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", typeddcm.DicomWarning)
        odd = typeddcm.read(_without_syntax(data))
    assert keys.TransferSyntaxUID not in odd.meta
    assert odd.to_bytes() == _without_syntax(data)


def _without_syntax(data: bytes) -> bytes:
    """``data`` with its meta's Transfer Syntax UID element cut out and group length fixed."""
    start = data.index(b"\x02\x00\x10\x00UI")
    length = int.from_bytes(data[start + 6 : start + 8], "little")
    cut = data[:start] + data[start + 8 + length :]
    group = int.from_bytes(cut[140:144], "little") - 8 - length
    return cut[:140] + group.to_bytes(4, "little") + cut[144:]


# ----------------------------------------------------------------------------- UIDs


def test_generate_uid_uuid_form() -> None:
    """PS3.5 B.2: 2.25. and a UUID's decimal integer; valid, at most 64, never repeated."""
    made = {generate_uid() for _ in range(10_000)}
    assert len(made) == 10_000
    for uid in made:
        assert uid.startswith("2.25.") and len(uid) <= 64 and _UID.fullmatch(uid)
        assert is_valid_uid(uid)
        assert int(uid[5:]) < 2**128


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=8).map(
    lambda parts: ".".join(map(str, parts)) + ".").filter(lambda prefix: len(prefix) <= 54))
def test_generate_uid_with_a_prefix_is_valid(prefix: str) -> None:
    """Any valid root gives a valid UID of at most 64 characters starting with it."""
    uid = generate_uid(prefix)
    assert uid.startswith(prefix) and len(uid) <= 64 and is_valid_uid(uid)


@given(st.lists(st.text(max_size=20), max_size=4))
def test_generate_uid_from_entropy_matches_pydicom(sources: list[str]) -> None:
    """Same prefix and sources, same UID, and the same UID pydicom makes from them."""
    prefix = "1.2.826.0.1.3680043.8.498."
    ours = generate_uid(prefix, entropy=sources)
    assert ours == generate_uid(prefix, entropy=sources)
    assert ours == pydicom.uid.generate_uid(prefix, entropy_srcs=sources)


@pytest.mark.parametrize("prefix", ["1.2.3", "01.2.", "1..2.", "a.b.", "1." + "2" * 60 + "."])
def test_generate_uid_refuses_bad_prefixes(prefix: str) -> None:
    """A prefix must be a valid root ending in a dot, short enough to leave digits."""
    with pytest.raises(InvalidValueError):
        generate_uid(prefix)


def test_package_exports() -> None:
    """The new names are reachable from the package."""
    assert typeddcm.generate_uid is generate_uid
    assert issubclass(typeddcm.FileClosedError, typeddcm.DicomError)

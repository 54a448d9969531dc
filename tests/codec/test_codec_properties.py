"""Round-trip properties of the codec for every uncompressed transfer syntax.

For random datasets: decode(encode(ds)) == ds; for the bytes we wrote:
encode(decode(b)) == b, both like the original and re-encoded from the values.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile, keys, strategies
from typeddcm.codec import decode_dataset, decode_file, encode_dataset
from typeddcm.codec.reader import RawValue
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.vr import SQ, UI

EXPLICIT = ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2")
IMPLICIT = "1.2.840.10008.1.2"
DEFLATED = "1.2.840.10008.1.2.1.99"
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def touch(ds: Dataset) -> None:
    """Decode every value, recursively."""
    for elem in ds.elements():
        if isinstance(elem.vr, SQ):
            for item in elem.vr.values:
                touch(item)


@pytest.mark.parametrize("uid", EXPLICIT)
@SETTINGS
@given(ds=strategies.datasets(private=True))
def test_explicit_round_trip(uid: str, ds: Dataset) -> None:
    """Explicit VR (either byte order): values and bytes survive both ways."""
    data = encode_dataset(ds, uid, like_original=False)
    back = decode_dataset(data, uid, strict=True)
    assert back == ds
    assert encode_dataset(back, uid, like_original=True) == data
    touch(back)
    assert encode_dataset(back, uid, like_original=False) == data


@SETTINGS
@given(ds=strategies.datasets(private=False, unambiguous=True))
def test_implicit_round_trip(ds: Dataset) -> None:
    """Implicit VR little endian: dictionary VRs come back, bytes survive both ways."""
    data = encode_dataset(ds, IMPLICIT, like_original=False)
    back = decode_dataset(data, IMPLICIT, strict=True)
    assert back == ds
    assert encode_dataset(back, IMPLICIT) == data
    touch(back)
    assert encode_dataset(back, IMPLICIT, like_original=False) == data


def _file(ds: Dataset, uid: str) -> DicomFile:
    ds = ds.set(keys.SOPClassUID, UI("1.2.840.10008.5.1.4.1.1.7")).set(
        keys.SOPInstanceUID, UI("2.25.1"))
    return DicomFile(None, Dataset(), ds, transfer_syntax(uid))


@pytest.mark.parametrize("uid", [*EXPLICIT, DEFLATED])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ds=strategies.datasets(private=True))
def test_file_round_trip(uid: str, ds: Dataset) -> None:
    """Whole Part 10 files, deflated included: conformant output reads back equal and rewrites exactly."""
    data = _file(ds, uid).to_bytes(like_original=False)
    back = decode_file(data)
    assert back.transfer_syntax.uid == uid
    assert back.dataset == _file(ds, uid).dataset
    assert back.to_bytes(like_original=True) == data
    assert bytes(data[128:132]) == b"DICM"


@SETTINGS
@given(ds=strategies.datasets(private=True, max_depth=2), data=st.data())
def test_one_change_changes_only_that_element(ds: Dataset, data: st.DataObject) -> None:
    """After an update, the rewritten file differs from the original only in that element
    (and the lengths of the sequences that enclose it)."""
    uid = EXPLICIT[0]
    f = _file(ds, uid)
    original = f.to_bytes(like_original=False)
    read = decode_file(original)
    new_value = data.draw(st.text("ABCDEFGHIJ", min_size=1, max_size=10))
    changed = read.set(keys.PatientID, new_value).to_bytes(like_original=True)
    expected = read.dataset.set(keys.PatientID, new_value)
    assert decode_file(changed).dataset == expected
    # Everything before PatientID's place (an offset into the file) is the same.
    old_elem = read.dataset.get(keys.PatientID.tag)
    if old_elem is not None:
        raw = old_elem._raw
        assert isinstance(raw, RawValue)
        cut = raw.start
        assert changed[:cut] == original[:cut]


def test_like_original_false_is_conformant() -> None:
    """like_original=False writes a preamble, complete meta with its group length, our identity."""
    ds = Dataset().set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.7").set(
        keys.SOPInstanceUID, "2.25.42").set(keys.PatientName, "Doe^John")
    f = DicomFile(None, Dataset(), ds, transfer_syntax(IMPLICIT))
    data = f.to_bytes(like_original=False)
    assert data[:128] == b"\x00" * 128 and data[128:132] == b"DICM"
    back = typeddcm.read(data, strict=True)
    meta = back.meta
    for keyword in ("FileMetaInformationGroupLength", "FileMetaInformationVersion",
                    "MediaStorageSOPClassUID", "MediaStorageSOPInstanceUID", "TransferSyntaxUID",
                    "ImplementationClassUID", "ImplementationVersionName"):
        assert meta.get(keyword) is not None, keyword
    assert meta["MediaStorageSOPInstanceUID"].vr.values == ("2.25.42",)
    assert meta["TransferSyntaxUID"].vr.values == (IMPLICIT,)
    group_length = meta["FileMetaInformationGroupLength"].vr.values[0]
    meta_bytes = encode_dataset(meta.delete("FileMetaInformationGroupLength"),
                                "1.2.840.10008.1.2.1", like_original=False)
    assert group_length == len(meta_bytes)
    assert back.dataset[keys.PatientName].value == "Doe^John"

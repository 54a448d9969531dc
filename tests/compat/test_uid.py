"""typeddcm.compat.uid against pydicom 3's uid module (the oracle) and the registry."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.codec.writer import IMPLEMENTATION_CLASS_UID
from typeddcm.compat import uid
from typeddcm.compat.uid import UID, generate_uid, register_transfer_syntax
from typeddcm.dictionary import uids_of_type

pydicom_uid = pytest.importorskip("pydicom.uid")

#: Where the core's encoding table knows better than pydicom 3 (see the module docstring).
CORE_DIFFERS = {"1.2.840.10008.1.2.4.94", "1.2.840.10008.1.2.4.95",
                "1.2.840.10008.1.2.4.204", "1.2.840.10008.1.2.4.205", "1.2.840.10008.1.20"}


def test_every_pydicom3_transfer_syntax_constant() -> None:
    for theirs in pydicom_uid.AllTransferSyntaxes:
        name = theirs.keyword
        assert getattr(uid, name) == theirs, name
        assert type(getattr(uid, name)) is UID


def test_pydicom1_names() -> None:
    """The names of the reference's era (pydicom 1.x) and their values."""
    assert uid.JPEGBaseline == "1.2.840.10008.1.2.4.50"
    assert uid.JPEGExtended == "1.2.840.10008.1.2.4.51"
    assert uid.JPEGLosslessP14 == "1.2.840.10008.1.2.4.57"
    assert uid.JPEGLSLossy == "1.2.840.10008.1.2.4.81"
    assert uid.JPEG2000MultiComponentLossless == "1.2.840.10008.1.2.4.92"
    assert uid.JPEG2000MultiComponent == "1.2.840.10008.1.2.4.93"
    assert uid.UncompressedPixelTransferSyntaxes is uid.UncompressedTransferSyntaxes
    assert uid.JPEGLSSupportedCompressedPixelTransferSyntaxes == ["1.2.840.10008.1.2.4.80",
                                                                 "1.2.840.10008.1.2.4.81"]
    assert uid.JPEGLossyCompressedPixelTransferSyntaxes == ["1.2.840.10008.1.2.4.50",
                                                           "1.2.840.10008.1.2.4.51"]
    assert uid.RLECompressedLosslessSyntaxes == ["1.2.840.10008.1.2.5"]


def test_jpeg_lossless_is_the_registry_keyword() -> None:
    """Deliberate: JPEGLossless is .57 (the registry and pydicom 3); pydicom 1.x had .70."""
    assert uid.JPEGLossless == pydicom_uid.JPEGLossless == "1.2.840.10008.1.2.4.57"
    assert uid.JPEGLosslessSV1 == "1.2.840.10008.1.2.4.70"


def test_lists_match_pydicom3() -> None:
    for name in ("UncompressedTransferSyntaxes", "JPEGTransferSyntaxes", "JPEGLSTransferSyntaxes",
                 "JPEG2000TransferSyntaxes", "MPEGTransferSyntaxes", "RLETransferSyntaxes"):
        assert getattr(uid, name) == getattr(pydicom_uid, name), name
    # Ours is the whole registry (retired syntaxes and newer ones included).
    assert set(pydicom_uid.AllTransferSyntaxes) <= set(uid.AllTransferSyntaxes)
    assert uid.AllTransferSyntaxes == [e.uid for e in uids_of_type("Transfer Syntax")]


def test_other_registry_keywords() -> None:
    assert uid.CTImageStorage == pydicom_uid.CTImageStorage == "1.2.840.10008.5.1.4.1.1.2"
    assert type(uid.CTImageStorage) is UID
    with pytest.raises(AttributeError):
        _ = uid.NotARegistryKeyword


@pytest.mark.parametrize("theirs", pydicom_uid.AllTransferSyntaxes, ids=str)
def test_transfer_syntax_properties_match_pydicom(theirs: Any) -> None:
    ours = UID(str(theirs))
    assert ours.is_transfer_syntax and not ours.is_private and ours.is_valid
    assert (ours.keyword, ours.type) == (theirs.keyword, theirs.type)
    # Names from our PS3.6 edition; pydicom's older one wrote "and" for "&" in one.
    assert ours.name == theirs.name.replace(" and ", " & ")
    if str(theirs) in CORE_DIFFERS:
        return
    for prop in ("is_implicit_VR", "is_little_endian", "is_deflated", "is_encapsulated",
                 "is_compressed"):
        assert getattr(ours, prop) == getattr(theirs, prop), prop


def test_core_encodings_where_pydicom_differs() -> None:
    """Deliberate: the core's table for Papyrus 3 and the JPIP syntaxes."""
    assert UID("1.2.840.10008.1.20").is_implicit_VR
    assert not uid.JPIPReferenced.is_encapsulated and not uid.JPIPReferenced.is_compressed
    assert uid.JPIPReferencedDeflate.is_deflated
    assert pydicom_uid.JPIPHTJ2KReferencedDeflate.is_deflated is False


def test_registry_facts() -> None:
    assert uid.ImplicitVRLittleEndian.info == "Default Transfer Syntax for DICOM"
    assert uid.ExplicitVRBigEndian.is_retired
    assert uid.CTImageStorage.type == "SOP Class"
    assert uid.CTImageStorage.name == "CT Image Storage" == pydicom_uid.CTImageStorage.name
    unknown = UID("1.2.3.4")
    assert (unknown.name, unknown.type, unknown.info, unknown.keyword) == ("1.2.3.4", "", "", "")
    assert unknown.is_private and not unknown.is_retired and not unknown.is_transfer_syntax


def test_not_a_transfer_syntax() -> None:
    for prop in ("is_implicit_VR", "is_little_endian", "is_deflated", "is_encapsulated",
                 "is_compressed"):
        with pytest.raises(ValueError, match="not a transfer syntax"):
            getattr(uid.CTImageStorage, prop)
        with pytest.raises(ValueError, match="not a transfer syntax"):
            getattr(UID("1.2.3.99999"), prop)


def test_construction() -> None:
    assert UID("  1.2.3 ") == "1.2.3" and UID("1.2.3\x00") == "1.2.3"
    u = UID("1.2.3")
    assert UID(u) is u and str(u) == "1.2.3"
    with pytest.raises(TypeError):
        UID(123)  # type: ignore[arg-type]


@given(st.text(alphabet="0123456789.", max_size=70))
def test_is_valid_matches_pydicom(text: str) -> None:
    assert UID(text).is_valid == pydicom_uid.UID(text, validation_mode=0).is_valid
    assert UID(text).is_private == pydicom_uid.UID(text, validation_mode=0).is_private


def test_register_transfer_syntax() -> None:
    private = "1.2.3.4.5.6.7"
    assert not UID(private).is_transfer_syntax
    with pytest.raises(ValueError, match="must be set"):
        register_transfer_syntax(private)
    found = register_transfer_syntax(private, implicit_vr=False, little_endian=False)
    try:
        assert found == private and found in uid.PrivateTransferSyntaxes
        fresh = UID(private)
        assert fresh.is_transfer_syntax and not fresh.is_implicit_VR and not fresh.is_little_endian
        assert not fresh.is_encapsulated and not fresh.is_deflated
        # Registering again does not duplicate; a known one needs no encoding.
        register_transfer_syntax(private)
        assert uid.PrivateTransferSyntaxes.count(UID(private)) == 1
    finally:
        uid.PrivateTransferSyntaxes.remove(found)
        uid._PRIVATE_ENCODINGS.pop(private)
    with pytest.raises(ValueError, match="fixed"):
        register_transfer_syntax(uid.ExplicitVRLittleEndian, True, True)


def test_root_is_ours() -> None:
    assert uid.TYPEDDCM_ROOT_UID == IMPLEMENTATION_CLASS_UID + "."
    assert uid.PYDICOM_ROOT_UID == uid.TYPEDDCM_ROOT_UID != pydicom_uid.PYDICOM_ROOT_UID
    assert uid.TYPEDDCM_IMPLEMENTATION_UID == IMPLEMENTATION_CLASS_UID
    assert uid.RE_VALID_UID_PREFIX.match(uid.TYPEDDCM_ROOT_UID)


def test_generate_uid_random() -> None:
    made = {generate_uid() for _ in range(200)}
    assert len(made) == 200
    for value in made:
        assert type(value) is UID and value.is_valid and len(value) <= 64
        assert value.startswith(uid.TYPEDDCM_ROOT_UID)
    other = generate_uid("1.2.3.")
    assert other.startswith("1.2.3.") and other.is_valid and len(other) <= 64


def test_generate_uid_uuid() -> None:
    value = generate_uid(None)
    assert value.startswith("2.25.") and value.is_valid
    assert int(value[5:]) < 2**128
    assert generate_uid(None, entropy_srcs=["a"]) != generate_uid(None, entropy_srcs=["a"])


@given(st.lists(st.text(max_size=20), max_size=4),
       st.sampled_from(["1.2.3.", "1.2.826.0.1.3680043.8.498.", "9.", "1.2.840.10008.99.",
                        "2.25.231370463217311935637384931063305094821."]))
def test_generate_uid_deterministic_like_pydicom(sources: list[str], prefix: str) -> None:
    """The published SHA-512 scheme: the same prefix and sources give pydicom's UID."""
    ours = generate_uid(prefix, entropy_srcs=sources)
    assert ours == generate_uid(prefix, entropy_srcs=sources)
    assert ours == pydicom_uid.generate_uid(prefix, entropy_srcs=sources)
    assert ours.is_valid and len(ours) <= 64


@pytest.mark.parametrize("prefix", ["1.2.3", "1.02.3.", "a.b.", "1" * 54 + ".", ".1.", ""])
def test_generate_uid_bad_prefix(prefix: str) -> None:
    with pytest.raises(ValueError, match="prefix"):
        generate_uid(prefix)
    with pytest.raises(ValueError, match="prefix"):
        pydicom_uid.generate_uid(prefix)

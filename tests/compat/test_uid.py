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
        if name == "JPEGLossless":  # pydicom 1.x's binding: see test_jpeg_lossless_is_1x
            continue
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


def test_jpeg_lossless_is_1x() -> None:
    """Deliberate: JPEGLossless is pydicom 1.x's .70 (SV1); pydicom >= 2.2 means .57 by it."""
    assert uid.JPEGLossless == uid.JPEGLosslessSV1 == "1.2.840.10008.1.2.4.70"
    assert pydicom_uid.JPEGLossless == "1.2.840.10008.1.2.4.57" == uid.JPEGLosslessP14
    assert uid.JPEGLossless.name == "JPEG Lossless, Non-Hierarchical, First-Order Prediction " \
        "(Process 14 [Selection Value 1])"
    # The 3.x list keeps both, by UID.
    assert uid.JPEGTransferSyntaxes == pydicom_uid.JPEGTransferSyntaxes


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


# --- the whole registry against pydicom 3 -------------------------------------------------

pydicom_uid_dict = pytest.importorskip("pydicom._uid_dict")

#: PS3.6 editions: ours is newer, so these are registered here and not in pydicom 3.0.2.
OUR_NEWER = {e.uid for t in ("Transfer Syntax", "SOP Class") for e in uids_of_type(t)} - set(
    pydicom_uid_dict.UID_dictionary)
_PROPERTIES = ("is_transfer_syntax", "is_compressed", "is_implicit_VR", "is_little_endian",
               "is_deflated", "is_encapsulated", "name", "type", "info", "is_retired",
               "is_private", "is_valid", "keyword")
_ENCODING = ("is_compressed", "is_implicit_VR", "is_little_endian", "is_deflated",
             "is_encapsulated")


def _property(value: Any, name: str) -> Any:
    try:
        return getattr(value, name)
    except ValueError:
        return ValueError


def _all_uids() -> list[str]:
    from typeddcm.compat._uid_dict import UID_dictionary

    return sorted(set(UID_dictionary) | set(pydicom_uid_dict.UID_dictionary))


def test_every_registry_uid_agrees_with_pydicom() -> None:
    """Each UID property over our registry and pydicom's, except the documented differences."""
    checked = 0
    for text in _all_uids():
        ours, theirs = UID(text), pydicom_uid.UID(text)
        for name in _PROPERTIES:
            mine, other = _property(ours, name), _property(theirs, name)
            if text in OUR_NEWER and name in ("name", "type", "keyword", "is_transfer_syntax",
                                              *_ENCODING):
                continue  # pydicom 3.0.2 does not know the UID yet
            if text in CORE_DIFFERS and name in _ENCODING:
                continue
            if name == "name":  # "Process 2 & 4" in newer PS3.6 editions
                mine, other = mine.replace(" & ", " and "), other.replace(" & ", " and ")
            if name == "info" and other and not other.startswith("Default Transfer Syntax"):
                other = ""  # pydicom keeps the registry's part column ("DICOS") as info
            assert mine == other, (text, name, mine, other)
            checked += 1
    assert checked > 6000


def test_newer_registry_uids_are_known_here() -> None:
    assert {"1.2.840.10008.1.2.4.110", "1.2.840.10008.1.2.4.112",
            "1.2.840.10008.1.2.8.1"} <= OUR_NEWER
    assert uid.JPEGXLLossless.is_transfer_syntax and uid.JPEGXLLossless.is_encapsulated
    assert uid.DeflatedImageFrameCompression.keyword == "DeflatedImageFrameCompression"
    assert uid.DeflatedImageFrameCompression.is_transfer_syntax


def test_uid_dictionary_shape_matches_pydicom() -> None:
    from typeddcm.compat import _uid_dict

    ours = _uid_dict.UID_dictionary
    theirs = pydicom_uid_dict.UID_dictionary
    assert uid.UID_dictionary is ours
    assert set(theirs) <= set(ours)
    for key, (name, kind, info, retired, keyword) in theirs.items():
        mine = ours[key]
        assert len(mine) == 5
        assert (mine[1], mine[3], mine[4]) == (kind, retired, keyword), key
        assert mine[0].replace(" & ", " and ") == name.replace(" & ", " and "), key
        assert mine[2] == (info if info.startswith("Default") else ""), key
    assert ours["1.2.840.10008.1.2.2"][3] == "Retired"


def test_every_pydicom3_uid_constant() -> None:
    """pydicom 3 binds 225 UIDs by keyword (storage SOP classes ...): the same here."""
    names = [n for n in dir(pydicom_uid) if isinstance(getattr(pydicom_uid, n), pydicom_uid.UID)
             and not n.startswith("_")]
    assert len(names) > 200
    for name in names:
        if name in ("JPEGLossless", "PYDICOM_IMPLEMENTATION_UID"):
            continue  # pydicom 1.x's .70; our own implementation UID
        assert getattr(uid, name) == getattr(pydicom_uid, name), name


def test_every_registry_keyword_is_a_constant() -> None:
    from typeddcm.compat._uid_dict import UID_dictionary

    keywords = {row[4]: key for key, row in UID_dictionary.items() if row[4]}
    storage = [k for k in keywords if k.endswith("Storage")]
    assert len(storage) > 150 and "MRImageStorage" in storage
    for keyword, value in keywords.items():
        if keyword == "JPEGLossless":
            continue
        found = getattr(uid, keyword)
        assert found == value and type(found) is UID, keyword
    assert set(keywords) <= set(dir(uid))
    assert uid.MRImageStorage == "1.2.840.10008.5.1.4.1.1.4"


def test_pydicom1_0_names() -> None:
    """pydicom 1.0/1.1 names, deprecated in 1.2 but found in old code."""
    assert uid.JPEGBaseLineLossy8bit == uid.JPEGBaseline == "1.2.840.10008.1.2.4.50"
    assert uid.JPEGBaseLineLossy12bit == uid.JPEGExtended == "1.2.840.10008.1.2.4.51"
    assert uid.JPEG2000Lossy == uid.JPEG2000 == "1.2.840.10008.1.2.4.91"
    assert uid.NotCompressedPixelTransferSyntaxes is uid.UncompressedTransferSyntaxes
    assert uid.pydicom_root_UID == uid.PYDICOM_ROOT_UID
    assert uid.pydicom_uids == {IMPLEMENTATION_CLASS_UID: "ImplementationClassUID"}
    # pydicom 1.x's PIL list: its JPEGLossless (.70), not .57.
    assert uid.PILSupportedCompressedPixelTransferSyntaxes == [
        "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.51",
        "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"]
    assert uid.JPEG2000CompressedPixelTransferSyntaxes == ["1.2.840.10008.1.2.4.90",
                                                          "1.2.840.10008.1.2.4.91"]


def test_groupings_are_uid_lists() -> None:
    for name in ("UncompressedPixelTransferSyntaxes", "JPEGLossyCompressedPixelTransferSyntaxes",
                 "JPEGLSSupportedCompressedPixelTransferSyntaxes",
                 "JPEG2000CompressedPixelTransferSyntaxes", "RLECompressedLosslessSyntaxes",
                 "PILSupportedCompressedPixelTransferSyntaxes", "UncompressedTransferSyntaxes",
                 "AllTransferSyntaxes", "JPEGTransferSyntaxes", "JPEGLSTransferSyntaxes",
                 "JPEG2000TransferSyntaxes", "MPEGTransferSyntaxes", "RLETransferSyntaxes",
                 "PrivateTransferSyntaxes"):
        value = getattr(uid, name)
        assert isinstance(value, list), name
        assert all(type(v) is UID and v.is_transfer_syntax for v in value), name
    assert uid.HTJ2K in uid.JPEG2000TransferSyntaxes
    assert set(uid.MPEGTransferSyntaxes) == set(pydicom_uid.MPEGTransferSyntaxes)


# --- validation on construction (pydicom 3's validation_mode) ------------------------------


@pytest.mark.parametrize("text", ["1.2.abc", "1.02.3", "1." + "2" * 70, "1..2"])
def test_uid_validation_modes(text: str) -> None:
    import warnings

    from typeddcm.compat import config

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert UID(text) == text  # the default (IGNORE, as 1.x): silent
        assert UID(text, validation_mode=config.IGNORE) == text
    with pytest.warns(UserWarning, match="UI"):
        assert UID(text, validation_mode=config.WARN) == text
    with pytest.raises(ValueError, match="UI"):
        UID(text, validation_mode=config.RAISE)
    with pytest.raises(ValueError, match="UI"):
        pydicom_uid.UID(text, validation_mode=2)  # the oracle agrees it is invalid
    with config.strict_reading(), pytest.raises(ValueError, match="UI"):
        UID(text)


def test_valid_uids_pass_every_mode() -> None:
    import warnings

    from typeddcm.compat import config

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for text in ("1.2.3", "0", uid.CTImageStorage, "", "2.25." + "9" * 59):
            for mode in (config.IGNORE, config.WARN, config.RAISE):
                assert UID(text, validation_mode=mode) == text


@given(st.text(alphabet="0123456789.a ", max_size=70))
def test_uid_raise_matches_pydicom(text: str) -> None:
    from typeddcm.compat import config

    def raises(make: Any) -> bool:
        try:
            make()
        except ValueError:
            return True
        return False

    ours = raises(lambda: UID(text, validation_mode=config.RAISE))
    theirs = raises(lambda: pydicom_uid.UID(text, validation_mode=2))
    if text.strip(" ") == text:  # we also strip padding before checking; pydicom checks as given
        assert ours == theirs


# --- generate_uid: pydicom's algorithm shape ------------------------------------------------


def test_generate_uid_entropy_shape() -> None:
    """SHA-512 of the joined sources, as a decimal integer, after the prefix, cut to 64."""
    import hashlib

    sources = ["lorem", "ipsum"]
    digits = str(int(hashlib.sha512("".join(sources).encode()).hexdigest(), 16))
    made = generate_uid(entropy_srcs=sources)
    assert made == uid.PYDICOM_ROOT_UID + digits[: 64 - len(uid.PYDICOM_ROOT_UID)]
    assert len(made) == 64 and made.is_valid
    assert generate_uid(entropy_srcs=sources) == made
    assert generate_uid(entropy_srcs=["lorem", "ipsun"]) != made
    assert generate_uid("1.2.3.", entropy_srcs=sources) == "1.2.3." + digits[:58]


# ---------------------------------------------------------------- pydicom 3 names (issue 16)

#: pydicom.uid's module-level imports, not part of its API.
IMPORTED = {"hashlib", "secrets", "uuid", "re", "STR_VR_REGEXES", "disable_value_validation",
            "validate_value", "config", "annotations"}


def test_every_pydicom3_public_name() -> None:
    names = {n for n in dir(pydicom_uid) if not n.startswith("_")} - IMPORTED
    missing = sorted(n for n in names if not hasattr(uid, n))
    assert missing == []
    theirs_uid = {n for n in dir(pydicom_uid.UID) if not n.startswith("_")}
    assert sorted(n for n in theirs_uid if not hasattr(UID, n)) == []


def test_keyword_matches_pydicom() -> None:
    for value in pydicom_uid.AllTransferSyntaxes:
        assert UID(str(value)).keyword == value.keyword
    assert uid.CTImageStorage.keyword == "CTImageStorage" and UID("1.2.3").keyword == ""


def test_set_private_encoding() -> None:
    private = "1.2.3.4.5.6.8"
    found = UID(private)
    assert UID(private).is_transfer_syntax is False
    found.set_private_encoding(True, True)
    try:
        assert found.is_transfer_syntax and found.is_implicit_VR and found.is_little_endian
        assert UID(private).is_implicit_VR  # kept for the text, not just the object
        assert found not in uid.PrivateTransferSyntaxes
        # Registering needs no encoding now, as in pydicom 3.
        assert register_transfer_syntax(found) in uid.PrivateTransferSyntaxes
        uid.PrivateTransferSyntaxes.remove(found)
        theirs = pydicom_uid.UID(private)
        theirs.set_private_encoding(True, True)
        assert (theirs.is_implicit_VR, theirs.is_little_endian) == (True, True)
    finally:
        uid._PRIVATE_ENCODINGS.pop(private)
    # A DICOM transfer syntax keeps the standard's encoding (pydicom ignores it too).
    standard = UID(str(uid.ExplicitVRLittleEndian))
    standard.set_private_encoding(True, False)
    assert not standard.is_implicit_VR and standard.is_little_endian

"""pydicom 2.x/3.x config knobs with an effect: assume_implicit_vr_switch (reading),
APPLY_J2K_CORRECTIONS (JPEG 2000 through the pixel data handlers), future_behavior and
INVALID_KEYWORD_BEHAVIOR (setting a camel case name that is no keyword)."""

from __future__ import annotations

import importlib
import struct
import warnings
from collections.abc import Callable, Iterator
from io import BytesIO
from typing import Any

import numpy as np
import pydicom as real_pydicom
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydicom.data import get_testdata_file

import typeddcm
import typeddcm.compat as pydicom
from typeddcm.codec._level import ReadOptions
from typeddcm.compat import config
from typeddcm.compat.filereader import read_dataset
from typeddcm.errors import StructureWarning
from typeddcm.pixels.codestream import J2kInfo
from typeddcm.pixels.layout import PixelLayout
from typeddcm.pixels.pillow_codec import j2k_from_attributes, j2k_to_layout


@pytest.fixture(autouse=True)
def defaults() -> Iterator[None]:
    with config.override():
        yield


# --- assume_implicit_vr_switch ----------------------------------------------------------


def _explicit(tag: int, vr: bytes, value: bytes) -> bytes:
    return struct.pack("<HH", tag >> 16, tag & 0xFFFF) + vr + struct.pack("<H", len(value)) + value


def _implicit(tag: int, value: bytes) -> bytes:
    return struct.pack("<HHI", tag >> 16, tag & 0xFFFF, len(value)) + value


#: Explicit VR LE data whose second element was written in implicit VR (the VR bytes
#: are b"\x04\x00", the low half of its length), as some writers do mid-dataset.
SWITCHED = (_explicit(0x00100010, b"PN", b"Doe^J ")
            + _implicit(0x00100020, b"ID01")
            + _explicit(0x00100030, b"DA", b"20010203"))


def test_switch_on_reads_the_implicit_element() -> None:
    assert config.assume_implicit_vr_switch is True  # pydicom's default
    with pytest.warns(StructureWarning, match="implicit VR element in explicit VR data"):
        ds = read_dataset(BytesIO(SWITCHED), False, True)
    assert ds.PatientID == "ID01"
    assert ds.PatientBirthDate == "20010203"


def test_switch_off_reads_an_unknown_vr() -> None:
    config.assume_implicit_vr_switch = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = read_dataset(BytesIO(SWITCHED), False, True)
    texts = [str(w.message) for w in caught]
    assert any("unknown VR '0x0400'" in t for t in texts), texts
    assert not any("implicit VR element" in t for t in texts)
    # Read with a 2-byte length (0): the value bytes are not the element's any more.
    assert ds.get("PatientID", "") != "ID01"
    assert "PatientBirthDate" not in ds


def test_switch_is_honoured_by_dcmread_and_the_core_reader() -> None:
    data = SWITCHED
    for switch in (True, False):
        config.assume_implicit_vr_switch = switch
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ds = pydicom.dcmread(BytesIO(data), force=True)
            core = typeddcm.read(data, force=True, implicit_vr_switch=switch)
        assert (ds.get("PatientID") == "ID01") is switch
        assert (core.dataset.get(0x00100030) is not None) is switch


def test_switch_stays_in_its_context() -> None:
    with config.override(assume_implicit_vr_switch=False):
        assert config.settings().assume_implicit_vr_switch is False
    assert config.settings().assume_implicit_vr_switch is True
    assert ReadOptions().implicit_vr_switch is True


def test_letters_are_never_taken_for_implicit_vr() -> None:
    # Two capital letters are a VR (known or not) whatever the switch says.
    data = _explicit(0x00100010, b"PN", b"Doe^J ") + _explicit(0x00100020, b"XX", b"ID01")
    for switch in (True, False):
        config.assume_implicit_vr_switch = switch
        with pytest.warns(StructureWarning, match="unknown VR 'XX'"):
            read_dataset(BytesIO(data), False, True)


# --- APPLY_J2K_CORRECTIONS --------------------------------------------------------------


def _pixels(module: Any, name: str, corrections: bool, **changes: Any) -> Any:
    module.config.APPLY_J2K_CORRECTIONS = corrections
    try:
        ds = module.dcmread(get_testdata_file(name))
        ds.pixel_array_options(use_v2_backend=True)
        for keyword, value in changes.items():
            setattr(ds, keyword, value)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ds.pixel_array
    finally:
        module.config.APPLY_J2K_CORRECTIONS = True


@pytest.mark.parametrize(("name", "changes"), [
    ("J2K_pixelrep_mismatch.dcm", {}),  # codestream unsigned, Pixel Representation 1
    ("693_J2KI.dcm", {}),  # Bits Stored 16 over a 14-bit codestream
    ("693_J2KI.dcm", {"BitsStored": 14}),
    ("MR_small_jp2klossless.dcm", {"BitsStored": 12}),
])
@pytest.mark.parametrize("corrections", [True, False])
def test_j2k_corrections_as_pydicom(name: str, changes: dict[str, int], corrections: bool) -> None:
    if get_testdata_file(name) is None:
        pytest.skip(f"pydicom's {name} is not installed")
    ours = _pixels(pydicom, name, corrections, **changes)
    theirs = _pixels(real_pydicom, name, corrections, **changes)
    assert ours.dtype == theirs.dtype
    assert np.array_equal(ours, theirs)


def test_j2k_corrections_change_the_values() -> None:
    corrected = _pixels(pydicom, "693_J2KI.dcm", True)
    from_attributes = _pixels(pydicom, "693_J2KI.dcm", False)
    assert not np.array_equal(corrected, from_attributes)
    assert config.APPLY_J2K_CORRECTIONS is True  # restored


def test_from_attributes_is_local_to_the_block() -> None:
    layout = PixelLayout(rows=1, columns=2, bits_allocated=16, bits_stored=16)
    info = J2kInfo(1, 2, 1, 12, False, False)
    raw = np.array([0x1230, 0xFFF0], dtype="<u2")
    assert list(j2k_to_layout(raw, info, layout, scaled=True)) == [0x123, 0xFFF]
    with j2k_from_attributes():
        assert list(j2k_to_layout(raw, info, layout, scaled=True)) == [0x1230, 0xFFF0]
    assert list(j2k_to_layout(raw, info, layout, scaled=True)) == [0x123, 0xFFF]


@settings(max_examples=40, deadline=None)
@given(precision=st.integers(2, 16), signed=st.booleans(), scaled=st.booleans(),
       samples=st.lists(st.integers(0, 0xFFFF), min_size=1, max_size=8))
def test_from_attributes_equals_corrected_when_they_agree(
        precision: int, signed: bool, scaled: bool, samples: list[int]) -> None:
    """With Bits Stored and Pixel Representation saying what the codestream says, the
    two ways of reading give the same values."""
    layout = PixelLayout(rows=1, columns=len(samples), bits_allocated=16,
                         bits_stored=precision, pixel_representation=int(signed))
    info = J2kInfo(1, len(samples), 1, precision, signed, False)
    if scaled:  # Pillow: the sample's bits at the top of the word
        raw = np.array([(s >> (16 - precision)) << (16 - precision) for s in samples], "<u2")
    else:  # a plugin: the codestream's values
        raw = np.array([s & ((1 << precision) - 1) for s in samples], "<i4")
    corrected = j2k_to_layout(raw, info, layout, scaled=scaled)
    with j2k_from_attributes():
        plain = j2k_to_layout(raw, info, layout, scaled=scaled)
    assert np.array_equal(corrected, plain)


# --- future_behavior and INVALID_KEYWORD_BEHAVIOR ---------------------------------------


def test_camel_case_names_by_default_are_plain_attributes() -> None:
    ds = pydicom.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        setattr(ds, "bitsStored", 42)  # noqa: B010 - the 1.x reference: set silently
    assert getattr(ds, "bitsStored") == 42
    assert "BitsStored" not in ds


def test_invalid_keyword_behavior() -> None:
    ds = pydicom.Dataset()
    config.INVALID_KEYWORD_BEHAVIOR = "WARN"
    with pytest.warns(UserWarning, match="Camel case attribute 'PatientsName'"):
        setattr(ds, "PatientsName", "x")  # noqa: B010
    config.INVALID_KEYWORD_BEHAVIOR = "RAISE"
    with pytest.raises(ValueError, match="Camel case attribute 'bitsStored'"):
        setattr(ds, "bitsStored", 1)  # noqa: B010
    setattr(ds, "filename", "f.dcm")  # noqa: B010 - not camel case: a plain attribute
    ds.PatientName = "Citizen^Jan"  # a keyword
    assert ds.PatientName == "Citizen^Jan"
    with pytest.raises(ValueError, match="IGNORE"):
        config.INVALID_KEYWORD_BEHAVIOR = "LOUD"


def test_future_behavior() -> None:
    config.future_behavior()
    assert config.settings().use_future is True
    assert config.settings.writing_validation_mode == config.RAISE
    with pytest.raises(ValueError, match="Camel case attribute"):
        setattr(pydicom.Dataset(), "bitsStored", 42)  # noqa: B010 - not a typed attribute
    config.future_behavior(False)
    assert config.settings().use_future is False
    assert config.INVALID_KEYWORD_BEHAVIOR == "IGNORE"
    assert config.settings().writing_validation_mode is None


@pytest.mark.parametrize(("text", "on"), [("True", True), ("on", True), ("0", False), ("", False)])
def test_pydicom_future_environment(monkeypatch: pytest.MonkeyPatch, text: str, on: bool) -> None:
    monkeypatch.setenv("PYDICOM_FUTURE", text)
    try:
        importlib.reload(config)
        assert config._use_future is on
    finally:
        monkeypatch.delenv("PYDICOM_FUTURE")
        importlib.reload(config)
    assert config._use_future is False


def test_pydicom_future_environment_refuses_other_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYDICOM_FUTURE", "perhaps")
    try:
        with pytest.raises(ValueError, match="PYDICOM_FUTURE"):
            importlib.reload(config)
    finally:
        monkeypatch.delenv("PYDICOM_FUTURE")
        importlib.reload(config)


# --- INVALID_KEY_BEHAVIOR -----------------------------------------------------------------


@pytest.mark.parametrize("key", ["PatientsName", 0x100000000, (0x10000, 0), 1.5])
def test_invalid_key_behavior(key: object) -> None:
    ds = pydicom.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert key not in ds  # "IGNORE": the 1.x reference
    config.INVALID_KEY_BEHAVIOR = "WARN"
    with pytest.warns(UserWarning, match="used with the 'in' operator"):
        assert key not in ds
    config.INVALID_KEY_BEHAVIOR = "RAISE"
    with pytest.raises(ValueError, match="used with the 'in' operator"):
        _ = key in ds
    assert "PatientName" not in ds  # a keyword is never invalid
    assert 0x00100010 not in ds


# --- replace_un_with_known_vr -------------------------------------------------------------


def _un_file() -> bytes:
    """Explicit VR LE data with (0010,0010) and (0010,0030) written as UN."""
    return (_explicit(0x00080005, b"CS", b"ISO_IR 100")
            + struct.pack("<HH2sHI", 0x0010, 0x0010, b"UN", 0, 6) + b"Doe^J "
            + struct.pack("<HH2sHI", 0x0010, 0x0030, b"UN", 0, 8) + b"20010203")


def test_replace_un_with_known_vr() -> None:
    data = _un_file()
    ds = read_dataset(BytesIO(data), False, True)
    assert ds[0x00100010].VR == "PN"
    assert ds.PatientName == "Doe^J"
    assert ds[0x00100030].VR == "DA"
    config.replace_un_with_known_vr = False
    for read in (read_dataset(BytesIO(data), False, True),
                 pydicom.dcmread(BytesIO(data), force=True)):
        assert read[0x00100010].VR == "UN"
        assert read[0x00100010].value == b"Doe^J "
        assert read[0x00100030].value == b"20010203"
    core = typeddcm.read(data, force=True, replace_un=False)
    assert core.dataset[0x00100030].vr.code == "UN"


# --- use_DS_numpy / use_IS_numpy -----------------------------------------------------------


def test_numpy_numbers() -> None:
    ds = pydicom.Dataset()
    ds.PixelSpacing = ["0.5", "0.25"]
    ds.ReferencedFrameNumber = ["1", "2"]
    ds.SliceThickness = "2.5"
    assert isinstance(ds.PixelSpacing, pydicom.multival.MultiValue)
    config.DS_numpy(True)
    config.use_IS_numpy = True
    spacing: object = ds.PixelSpacing
    assert isinstance(spacing, np.ndarray)
    assert spacing.dtype == np.float64
    assert list(spacing) == [0.5, 0.25]
    frames: object = ds.ReferencedFrameNumber
    assert isinstance(frames, np.ndarray)
    assert frames.dtype == np.int64
    thickness: object = ds.SliceThickness
    assert isinstance(thickness, np.float64)
    with pytest.raises(ValueError, match="could not convert"):
        pydicom.values.convert_DS_string(b"123.1b", True)
    with pytest.raises(ValueError, match="invalid literal"):
        pydicom.values.convert_IS_string(b"123b", True)


def test_ds_numpy_and_decimal_exclude_each_other() -> None:
    config.DS_numpy(True)
    with pytest.raises(ValueError, match="use_DS_numpy"):
        config.DS_decimal(True)
    assert config.use_DS_decimal is False
    config.DS_numpy(False)
    config.DS_decimal(True)
    with pytest.raises(ValueError, match="use_DS_decimal"):
        config.DS_numpy(True)
    assert config.settings().use_DS_numpy is False


def test_numpy_numbers_as_pydicom_on_a_file() -> None:
    path = str(get_testdata_file("rtstruct.dcm"))
    config.DS_numpy(True)
    config.use_IS_numpy = True
    ours = pydicom.dcmread(path, force=True)
    real_pydicom.config.DS_numpy(True)
    real_pydicom.config.use_IS_numpy = True
    try:
        theirs = real_pydicom.dcmread(path, force=True)
        getters: list[Callable[[Any], Any]] = [
            lambda d: d.ROIContourSequence[0].ContourSequence[0].ContourData,
            lambda d: d.ROIContourSequence[0].ROIDisplayColor,
            lambda d: d.StructureSetROISequence[0].ROIVolume]
        for get in getters:
            a, b = get(ours), get(theirs)
            assert type(a) is type(b)
            assert np.array_equal(a, b)
    finally:
        real_pydicom.config.DS_numpy(False)
        real_pydicom.config.use_IS_numpy = False

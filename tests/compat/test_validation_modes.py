"""config.settings' reading and writing validation modes (pydicom 2.3+), over 1.x's knob.

The modes say what a value that breaks PS3.5 does when it is set (writing) or
converted for pydicom code after a read (reading): nothing (IGNORE), a UserWarning
(WARN) or ValueError (RAISE).  Unset, they follow ``enforce_valid_values``: RAISE
when it is on, else IGNORE, pydicom 1.x's silence (pydicom >= 2.3 defaults to WARN).
pydicom 3 is the oracle where both check the same rule.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as compat
from typeddcm.compat import config
from typeddcm.compat.dataelem import DataElement

pydicom = pytest.importorskip("pydicom")
pydicom_config = pytest.importorskip("pydicom.config")


@pytest.fixture(autouse=True)
def fresh_context() -> Iterator[None]:
    """Each test changes the settings of a throwaway context."""
    token = config._current.set(config._DEFAULTS)
    yield
    config._current.reset(token)


@pytest.fixture
def pydicom_modes() -> Iterator[None]:
    """pydicom's settings are global: restore them after the oracle ran."""
    settings = pydicom_config.settings
    saved = (settings._reading_validation_mode, settings._writing_validation_mode)
    yield
    settings._reading_validation_mode, settings._writing_validation_mode = saved


def in_thread(work: Callable[[], Any]) -> Any:
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(work()))
    thread.start()
    thread.join()
    return box[0]


#: What pydicom 3's validation messages say.
THEIR_MESSAGE = "(?i)invalid|exceeds"

#: (keyword, value breaking PS3.5) that pydicom 3 also refuses when set under RAISE.
INVALID_SETS = [
    ("PatientID", "A" * 70),  # LO longer than 64
    ("StudyDate", "2001-02-03"),  # DA is YYYYMMDD
    ("SOPInstanceUID", "1.2.3.abc"),  # UI characters
    ("SliceThickness", "1.234567890123456789"),  # DS longer than 16
    ("Modality", "ct"),  # CS is upper case
    ("InstanceNumber", "1.5"),  # IS is an integer
    ("PatientAge", "12"),  # AS is nnnD/W/M/Y
    ("StudyTime", "256060"),  # TM hour
    ("PatientName", "a" * 70),  # PN component group longer than 64
    ("StationName", "X" * 17),  # SH longer than 16
    ("ImageType", ["ORIGINAL", "primary"]),  # one CS value of several
]


# --- the settings object -------------------------------------------------------------------


def test_constants_are_pydicoms() -> None:
    assert (config.IGNORE, config.WARN, config.RAISE) == (
        pydicom_config.IGNORE, pydicom_config.WARN, pydicom_config.RAISE) == (0, 1, 2)


def test_defaults_follow_enforce_valid_values() -> None:
    assert config.settings.reading_validation_mode == config.IGNORE
    assert config.settings.writing_validation_mode == config.IGNORE
    assert config.settings().reading_validation_mode is None  # the snapshot: unset
    config.enforce_valid_values = True
    assert config.settings.reading_validation_mode == config.RAISE
    assert config.settings.writing_validation_mode == config.RAISE
    # An explicit mode wins over the 1.x knob, as in pydicom.
    config.settings.reading_validation_mode = config.WARN
    assert config.settings.reading_validation_mode == config.WARN
    assert config.settings.writing_validation_mode == config.RAISE
    del config.settings.reading_validation_mode  # back to unset
    assert config.settings.reading_validation_mode == config.RAISE


def test_settings_attributes_are_the_knobs_of_this_context() -> None:
    config.settings.writing_validation_mode = config.WARN
    assert config.settings().writing_validation_mode == config.WARN
    config.settings.datetime_conversion = True  # any knob, as the module spells it
    assert config.datetime_conversion is True and config.settings.datetime_conversion is True
    # A new thread starts from the defaults.
    assert in_thread(lambda: config.settings.writing_validation_mode) == config.IGNORE
    assert in_thread(lambda: config.settings.datetime_conversion) is False
    assert config.settings.writing_validation_mode == config.WARN
    assert "reading_validation_mode" in dir(config.settings)
    assert "reading_validation_mode" in repr(config.settings)


def test_settings_refuses_what_it_cannot_keep() -> None:
    with pytest.raises(ValueError, match="IGNORE"):
        config.settings.reading_validation_mode = 3
    with pytest.raises(ValueError, match="IGNORE"):
        config.settings.writing_validation_mode = True
    with pytest.raises(AttributeError, match="no setting"):
        config.settings.not_a_setting = 1
    with pytest.raises(AttributeError, match="no setting"):
        _ = config.settings.not_a_setting
    assert config.settings.reading_validation_mode == config.IGNORE  # nothing changed


def test_strict_reading_and_disable_value_validation() -> None:
    config.settings.writing_validation_mode = config.WARN
    with config.strict_reading():
        assert config.settings.reading_validation_mode == config.RAISE
        assert config.settings.writing_validation_mode == config.WARN
    assert config.settings.reading_validation_mode == config.IGNORE
    config.enforce_valid_values = True
    with config.disable_value_validation():
        assert config.settings.reading_validation_mode == config.IGNORE
        assert config.settings.writing_validation_mode == config.IGNORE
    assert config.settings.writing_validation_mode == config.WARN
    assert config.settings.reading_validation_mode == config.RAISE


def test_override_takes_the_modes() -> None:
    with config.override(reading_validation_mode=config.WARN) as snapshot:
        assert snapshot.reading_validation_mode == config.WARN
        assert config.settings.reading_validation_mode == config.WARN
    assert config.settings.reading_validation_mode == config.IGNORE


# --- setting values ------------------------------------------------------------------------


@pytest.mark.parametrize(("keyword", "value"), INVALID_SETS)
def test_set_ignore_keeps_the_value_silently(keyword: str, value: Any) -> None:
    ds = compat.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        setattr(ds, keyword, value)
    assert keyword in ds


@pytest.mark.parametrize(("keyword", "value"), INVALID_SETS)
def test_set_warn_warns_and_keeps(keyword: str, value: Any) -> None:
    config.settings.writing_validation_mode = config.WARN
    ds = compat.Dataset()
    with pytest.warns(UserWarning, match="invalid") as caught:
        setattr(ds, keyword, value)
    assert keyword in ds
    assert caught[0].filename == __file__  # attributed to the caller


@pytest.mark.usefixtures("pydicom_modes")
@pytest.mark.parametrize(("keyword", "value"), INVALID_SETS)
def test_set_raise_refuses_and_keeps_the_old_value(keyword: str, value: Any) -> None:
    config.settings.writing_validation_mode = config.RAISE
    ds = compat.Dataset()
    with pytest.raises(ValueError, match="invalid"):
        setattr(ds, keyword, value)
    assert keyword not in ds
    ds.PatientID = "KEPT"
    with pytest.raises(ValueError, match="LO"):
        ds.PatientID = "B" * 65
    assert ds.PatientID == "KEPT"
    # The oracle (pydicom 3 applies its reading mode to DataElement values it makes).
    pydicom_config.settings.reading_validation_mode = pydicom_config.RAISE
    pydicom_config.settings.writing_validation_mode = pydicom_config.RAISE
    theirs = pydicom.Dataset()
    with pytest.raises(ValueError, match=THEIR_MESSAGE):
        setattr(theirs, keyword, value)


def test_enforce_valid_values_raises_on_set() -> None:
    config.enforce_valid_values = True
    ds = compat.Dataset()
    with pytest.raises(ValueError, match="DA"):
        ds.StudyDate = "2001-02-03"


@pytest.mark.parametrize(("keyword", "value"), [
    ("StudyDate", "20010230"),  # no 30 February
    ("PatientName", "A^B^C^D^E^F"),  # at most five components
    ("Manufacturer", "ACME\nX"),  # LO has no control characters
])
def test_set_follows_ps35_where_pydicom_checks_less(keyword: str, value: Any) -> None:
    """Deliberate: the core checks every PS3.5 rule; pydicom 3 lets these pass."""
    config.settings.writing_validation_mode = config.RAISE
    with pytest.raises(ValueError, match="invalid"):
        setattr(compat.Dataset(), keyword, value)


def test_valid_values_never_warn() -> None:
    config.settings.writing_validation_mode = config.RAISE
    config.settings.reading_validation_mode = config.RAISE
    ds = compat.Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ds.PatientID = "A" * 64
        ds.StudyDate = "20010203"
        ds.SOPInstanceUID = "1.2.3.4"
        ds.PatientName = "Citizen^Jan"
        ds.ImageType = ["ORIGINAL", "PRIMARY"]
        assert ds.StudyDate == "20010203" and ds.ImageType == ["ORIGINAL", "PRIMARY"]


def test_bound_element_value_uses_writing_mode() -> None:
    ds = compat.Dataset()
    ds.PatientID = "ID"
    elem = ds["PatientID"]
    config.settings.writing_validation_mode = config.RAISE
    with pytest.raises(ValueError, match="LO"):
        elem.value = "C" * 65
    assert ds.PatientID == "ID"
    with pytest.raises(ValueError, match="LO"):
        ds.add(DataElement(0x00100020, "LO", "D" * 65))
    with pytest.raises(ValueError, match="LO"):
        ds.add_new(0x00100020, "LO", "D" * 65)
    assert ds.PatientID == "ID"


# --- reading values ------------------------------------------------------------------------


@pytest.fixture
def invalid_file(tmp_path: Path) -> Path:
    """A file whose values break PS3.5 (written leniently, as real files are)."""
    ds = compat.Dataset()
    ds.PatientID = "A" * 70
    ds.StudyInstanceUID = "1.2.3.abc"
    ds.PatientName = "a" * 70
    ds.StationName = "X" * 17
    ds.StudyDate = "2001-02-03"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    ds.Manufacturer = "VALID"
    ds.file_meta = compat.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.is_little_endian, ds.is_implicit_VR = True, False
    path = tmp_path / "invalid.dcm"
    ds.save_as(str(path), write_like_original=False)
    return path


#: Elements of ``invalid_file`` that pydicom 3 also refuses when read under RAISE.
READ_INVALID = ["PatientID", "StudyInstanceUID", "PatientName", "StationName"]


def test_read_ignore_is_silent(invalid_file: Path) -> None:
    ds = compat.dcmread(str(invalid_file))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ds.PatientID == "A" * 70 and ds.StudyInstanceUID == "1.2.3.abc"
        assert str(ds)


@pytest.mark.parametrize("keyword", [*READ_INVALID, "StudyDate"])
def test_read_warn_warns_once_per_value(invalid_file: Path, keyword: str) -> None:
    config.settings.reading_validation_mode = config.WARN
    ds = compat.dcmread(str(invalid_file))
    with pytest.warns(UserWarning, match="invalid") as caught:
        value = getattr(ds, keyword)
    with config.disable_value_validation():
        assert value == getattr(compat.dcmread(str(invalid_file)), keyword)
    assert caught[0].filename == __file__
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        getattr(ds, keyword)  # the same value: warned about already
        assert ds.Manufacturer == "VALID"


@pytest.mark.usefixtures("pydicom_modes")
@pytest.mark.parametrize("keyword", READ_INVALID)
def test_read_raise_matches_pydicom(invalid_file: Path, keyword: str) -> None:
    ds = compat.dcmread(str(invalid_file))
    with config.strict_reading(), pytest.raises(ValueError, match="invalid"):
        getattr(ds, keyword)
    assert getattr(ds, keyword)  # outside the block: the value, kept
    pydicom_config.settings.reading_validation_mode = pydicom_config.RAISE
    theirs = pydicom.dcmread(str(invalid_file))
    with pytest.raises(ValueError, match=THEIR_MESSAGE):
        getattr(theirs, keyword)


def test_read_raise_through_elements(invalid_file: Path) -> None:
    ds = compat.dcmread(str(invalid_file))
    config.enforce_valid_values = True  # the 1.x spelling of RAISE
    with pytest.raises(ValueError, match="LO"):
        _ = ds["PatientID"].value
    assert ds.Manufacturer == "VALID"
    assert ds.SOPInstanceUID == "1.2.3.4"


def test_read_stricter_than_pydicom_where_ps35_says_so(invalid_file: Path) -> None:
    """Deliberate: a DA of "2001-02-03" breaks PS3.5; pydicom 3 does not check DA on read."""
    ds = compat.dcmread(str(invalid_file))
    with config.strict_reading(), pytest.raises(ValueError, match="DA"):
        _ = ds.StudyDate


def test_value_set_under_warn_is_not_warned_again_on_read() -> None:
    config.settings.writing_validation_mode = config.WARN
    config.settings.reading_validation_mode = config.WARN
    ds = compat.Dataset()
    with pytest.warns(UserWarning, match="LO"):
        ds.PatientID = "E" * 70
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert ds.PatientID == "E" * 70

"""Names code written for pydicom 3 imports from their pydicom 3 homes.

``errors.BytesLengthException``, ``config.have_numpy``, ``filebase.ReadableBuffer`` /
``WriteableBuffer`` and the private table modules ``_dicom_dict`` / ``_private_dict``:
each is the compat object that already exists elsewhere (not a copy), behaving as it
does there.  pydicom is the oracle for the table contents.
"""

from __future__ import annotations

import io
import pathlib

import pydicom
import pydicom._dicom_dict
import pydicom._private_dict
import pytest

from typeddcm.compat import _dicom_dict, _private_dict, config, datadict, errors, filebase, fileutil
from typeddcm.compat import values as tc_values


def test_bytes_length_exception_is_values_class_and_raised_for_a_partial_value() -> None:
    assert errors.BytesLengthException is tc_values.BytesLengthException
    assert "BytesLengthException" in errors.__all__
    with pytest.raises(errors.BytesLengthException, match="even multiple"):
        tc_values.convert_numbers(b"\x01\x02\x03", True, "H")
    # pydicom raises its own class for the same bytes: both libraries refuse them.
    with pytest.raises(pydicom.errors.BytesLengthException):
        pydicom.values.convert_numbers(b"\x01\x02\x03", True, "H")


def test_bytes_length_exception_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match="bytes per value of 4"):
        tc_values.convert_numbers(b"\x00" * 6, True, "L")


def test_have_numpy_is_true() -> None:
    assert config.have_numpy is True
    assert "have_numpy" in config.__all__


def test_buffer_protocols_are_fileutil_ones() -> None:
    assert filebase.ReadableBuffer is fileutil.ReadableBuffer
    assert filebase.WriteableBuffer is fileutil.WriteableBuffer
    buffer: filebase.ReadableBuffer = io.BytesIO(b"DICM")
    assert buffer.read(4) == b"DICM"
    out: filebase.WriteableBuffer = io.BytesIO()
    assert out.write(b"ab") == 2


def test_dicom_dict_tables_are_datadict_views() -> None:
    assert _dicom_dict.DicomDictionary is datadict.DicomDictionary
    assert _dicom_dict.RepeatersDictionary is datadict.RepeatersDictionary


@pytest.mark.parametrize("tag", [0x00100010, 0x00280010, 0x7FE00010, 0x00081150])
def test_dicom_dict_entries_match_pydicom(tag: int) -> None:
    ours = _dicom_dict.DicomDictionary[tag]
    theirs = pydicom._dicom_dict.DicomDictionary[tag]
    assert ours[0] == theirs[0]  # VR
    assert ours[1] == theirs[1]  # VM
    assert ours[4] == theirs[4]  # keyword


def test_repeaters_dictionary_has_pydicom_masks() -> None:
    assert "60xx3000" in _dicom_dict.RepeatersDictionary
    assert _dicom_dict.RepeatersDictionary["60xx3000"][4] == "OverlayData"


def test_private_dictionaries_is_datadict_view() -> None:
    assert _private_dict.private_dictionaries is datadict.private_dictionaries
    creator = "SIEMENS CSA HEADER"
    assert creator in pydicom._private_dict.private_dictionaries
    assert creator in _private_dict.private_dictionaries


def test_tables_are_read_only() -> None:
    with pytest.raises(TypeError, match="add_dict_entries"):
        _dicom_dict.DicomDictionary.update({})  # type: ignore[attr-defined]
    # private_dictionaries' update() restores additions (pydicom 3's save/restore idiom);
    # setting a creator's table directly is still refused.
    with pytest.raises(TypeError, match="add_private_dict_entries"):
        _private_dict.private_dictionaries["X"] = {}



def test_handler_functions_at_pydicoms_module_paths() -> None:
    from typeddcm.compat.overlays import numpy_handler as overlay_np
    from typeddcm.compat.pixel_data_handlers import numpy_handler, util
    from typeddcm.compat.waveforms import numpy_handler as waveform_np

    assert numpy_handler.unpack_bits is util.unpack_bits
    assert numpy_handler.get_expected_length is util.get_expected_length
    import pydicom.overlays.numpy_handler as theirs_overlay
    import pydicom.waveforms.numpy_handler as theirs_waveform

    for ours, theirs in ((overlay_np, theirs_overlay), (waveform_np, theirs_waveform)):
        wanted = {"get_overlay_array", "get_expected_length", "multiplex_array",
                  "generate_multiplex"} & set(dir(theirs))
        assert wanted <= set(dir(ours))


def test_forcing_a_read_of_nothing_gives_an_empty_dataset(tmp_path: pathlib.Path) -> None:
    import typeddcm.compat as tc

    empty = tmp_path / "empty.dcm"
    empty.write_bytes(b"")
    for source in (b"", io.BytesIO(b""), empty):
        ours = tc.dcmread(source, force=True)
        theirs = pydicom.dcmread(io.BytesIO(b"") if not isinstance(source, type(empty))
                                 else source, force=True)
        assert (len(ours), ours.preamble, len(ours.file_meta)) == (
            len(theirs), theirs.preamble, len(theirs.file_meta))
    with pytest.raises(tc.errors.InvalidDicomError):
        tc.dcmread(b"")  # not forced: not DICOM, as pydicom says

"""pydicom 3's filewriter behaviour on typeddcm.compat, with pydicom 3 as the oracle.

_determine_encoding (every branch), dcmwrite's argument and file meta rules, retired
group lengths, write_text/write_PN character set handling, correct_ambiguous_vr of
values whose byte order is only known when writing, buffered values and the pydicom 3
private names (_format_DA/_DT/_TM).
"""

from __future__ import annotations

import datetime
import io
import itertools
import warnings
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat import config
from typeddcm.compat import filewriter as ours
from typeddcm.compat.dataelem import DataElement, RawDataElement
from typeddcm.compat.filebase import DicomBytesIO

pydicom = pytest.importorskip("pydicom")
from pydicom import filewriter as _their_writer  # noqa: E402
from pydicom.data import get_testdata_file as _testdata  # noqa: E402

theirs: Any = _their_writer
IMPLICIT_LE, EXPLICIT_LE, EXPLICIT_BE = ("1.2.840.10008.1.2", "1.2.840.10008.1.2.1",
                                         "1.2.840.10008.1.2.2")


def _path(name: str) -> str:
    found = _testdata(name)
    assert isinstance(found, str)
    return found


def _quiet_read(module: Any, name: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return module.dcmread(_path(name))


# --- _determine_encoding -------------------------------------------------------------------------

_SYNTAXES = [None, IMPLICIT_LE, EXPLICIT_BE, "1.2.3.4", "1.2.840.10008.5.1.4.1.1.2"]
_FLAGS = [None, True, False]


def _their_dataset(set_encoding: tuple[bool, bool] | None,
                   read_encoding: tuple[bool, bool] | None) -> Any:
    ds = pydicom.Dataset()
    if set_encoding is not None:
        ds._is_implicit_VR, ds._is_little_endian = set_encoding
    if read_encoding is not None:
        ds._read_implicit, ds._read_little = read_encoding
    return ds


def _our_dataset(set_encoding: tuple[bool, bool] | None,
                 read_encoding: tuple[bool, bool] | None) -> Any:
    ds = tc.Dataset()
    if set_encoding is not None:
        ds.is_implicit_VR, ds.is_little_endian = set_encoding
    if read_encoding is not None:
        ds.set_original_encoding(*read_encoding)
    return ds


def _outcome(fn: Any, *args: Any) -> Any:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(*args)
    except ValueError as exc:
        return ("ValueError", str(exc).split(" ('Dataset.is_implicit_VR'")[0])


@pytest.mark.parametrize(("syntax", "implicit", "little", "force"), list(
    itertools.product(_SYNTAXES, _FLAGS, _FLAGS, [False, True])))
@pytest.mark.parametrize(("set_encoding", "read_encoding"), [
    (None, None), ((False, True), None), (None, (True, True)), ((True, True), (False, False))])
def test_determine_encoding_matches_pydicom(syntax: str | None, implicit: bool | None,
                                            little: bool | None, force: bool,
                                            set_encoding: tuple[bool, bool] | None,
                                            read_encoding: tuple[bool, bool] | None) -> None:
    their_syntax = None if syntax is None else pydicom.uid.UID(syntax)
    our_syntax = None if syntax is None else tc.uid.UID(syntax)
    expected = _outcome(theirs._determine_encoding, _their_dataset(set_encoding, read_encoding),
                        their_syntax, implicit, little, force)
    got = _outcome(ours._determine_encoding, _our_dataset(set_encoding, read_encoding),
                   our_syntax, implicit, little, force)
    assert got == expected


def test_determine_encoding_reads_pydicom_3_private_attributes() -> None:
    ds: Any = tc.Dataset()
    ds._read_implicit, ds._read_little = False, True
    assert ours._determine_encoding(ds, None, None, None, False) == (False, True)
    ds._is_implicit_VR, ds._is_little_endian = True, True
    assert ours._determine_encoding(ds, None, None, None, False) == (True, True)


def test_unknown_encoding_is_both_errors() -> None:
    with pytest.raises(ValueError, match="Unable to determine the encoding"):
        ours._determine_encoding(tc.Dataset(), None, None, None, False)
    with pytest.raises(AttributeError):  # 1.x raised AttributeError for the same
        ours._determine_encoding(tc.Dataset(), None, None, None, False)


# --- dcmwrite's arguments and file meta ----------------------------------------------------------


def test_write_like_original_given_twice_is_named_before_unknown_keywords() -> None:
    with pytest.raises(TypeError, match="both a positional and keyword"):
        ours.dcmwrite(DicomBytesIO(), tc.Dataset(), True, write_like_original=True,
                      is_implicit_VR=False)
    with pytest.raises(TypeError, match=r"Invalid keyword argument\(s\) for dcmwrite\(\): bogus"):
        ours.dcmwrite(DicomBytesIO(), tc.Dataset(), write_like_original=True, bogus=1)


def test_use_future_refuses_write_like_original() -> None:
    ds = tc.Dataset()
    ds.PatientID = "1"
    original = getattr(config, "_use_future", False)
    config._use_future = True
    try:
        for args, kwargs in (((True,), {}), ((), {"write_like_original": False})):
            with pytest.raises(TypeError, match="no longer accepted"):
                ours.dcmwrite(DicomBytesIO(), ds, *args, **kwargs)
        ours.dcmwrite(DicomBytesIO(), ds, enforce_file_format=False, implicit_vr=True)
    finally:
        config._use_future = original
    ours.dcmwrite(DicomBytesIO(), ds, True, implicit_vr=True)


def test_file_meta_elements_in_a_read_dataset_are_refused() -> None:
    ds = _quiet_read(tc, "CT_small.dcm")
    ds.TransferSyntaxUID = "1.1"
    with pytest.raises(ValueError, match="File Meta Information Group elements"):
        ds.save_as(DicomBytesIO())


@pytest.mark.parametrize("name", ["ExplVR_BigEnd.dcm", "693_J2KI.dcm", "MR_small.dcm"])
def test_retired_group_lengths_are_left_out_as_pydicom_does(name: str) -> None:
    mine, other = _quiet_read(tc, name), _quiet_read(pydicom, name)
    mine_out, their_out = io.BytesIO(), io.BytesIO()
    mine.save_as(mine_out)
    other.save_as(their_out)
    assert mine_out.getvalue() == their_out.getvalue()
    back = tc.dcmread(io.BytesIO(mine_out.getvalue()))
    assert not [t for t in back.keys() if t.element == 0 and t.group > 6]
    assert [t for t in mine.keys() if t.element == 0] == [
        t for t in other.keys() if t.element == 0]  # the dataset itself keeps them


@pytest.mark.parametrize("change", ["empty meta", "no meta", "no meta, no preamble"])
def test_read_datasets_without_a_transfer_syntax_write_as_pydicom(change: str) -> None:
    written = []
    for module in (tc, pydicom):
        ds = _quiet_read(module, "rtplan.dcm")
        if change == "empty meta":
            ds.file_meta = module.dataset.FileMetaDataset()
        else:
            del ds.file_meta
        if "preamble" in change:
            del ds.preamble
        out = io.BytesIO()
        ds.save_as(out)
        written.append(out.getvalue())
        if change == "empty meta":
            assert len(ds.file_meta) == 0  # nothing added to the dataset's own meta
    assert written[0] == written[1]


def test_enforce_file_format_does_not_guess_explicit_little_endian() -> None:
    ds = tc.Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2", "1.2.3"
    for implicit, little, syntax in ((True, True, IMPLICIT_LE), (False, False, EXPLICIT_BE)):
        out = DicomBytesIO()
        ours.dcmwrite(out, ds, implicit_vr=implicit, little_endian=little,
                      enforce_file_format=True)
        assert tc.dcmread(io.BytesIO(out.getvalue())).file_meta.TransferSyntaxUID == syntax
    message = (r"Required File Meta Information elements are either missing or have an "
               r"empty value: \(0002,0010\) Transfer Syntax UID")
    for error in (AttributeError, ValueError):  # pydicom 3, pydicom 1.x
        with pytest.raises(error, match=message):
            ours.dcmwrite(DicomBytesIO(), ds, implicit_vr=False, little_endian=True,
                          enforce_file_format=True)


def test_validate_file_meta_names_what_is_missing_as_pydicom() -> None:
    mine, other = tc.dataset.FileMetaDataset(), pydicom.dataset.FileMetaDataset()
    messages = []
    for module, meta in ((tc, mine), (pydicom, other)):
        with pytest.raises(AttributeError) as info:
            module.dataset.validate_file_meta(meta)
        messages.append(str(info.value))
    assert messages[0] == messages[1]


# --- text and person names ------------------------------------------------------------------------


def test_unencodable_text_warns_and_writes_replacement_as_pydicom() -> None:
    for encodings in (["iso-2022-jp"], ["iso-2022-jp", "iso_ir_58"]):
        results = []
        for module, element in ((ours, DataElement), (theirs, pydicom.DataElement)):
            fp = DicomBytesIO() if module is ours else pydicom.filebase.DicomBytesIO()
            fp.is_little_endian = True
            with pytest.warns(UserWarning, match="Failed to encode value with encodings"):
                module.write_text(fp, element(0x00081039, "LO", "Dionysios Διονυσιος"),
                                  encodings=encodings)
            results.append(fp.getvalue())
        assert results[0] == results[1] == b"Dionysios \x1b$B&$&I&O&M&T&R&I&O\x1b(B? "


def test_unencodable_text_under_raise_is_the_codecs_error() -> None:
    fp = DicomBytesIO()
    fp.is_little_endian = True
    elem = DataElement(0x00081039, "LO", "Dionysios Διονυσιος")
    with config.override(writing_validation_mode=config.RAISE), pytest.raises(
            UnicodeEncodeError, match=r"'iso2022_jp' codec can't encode character '\\u03c2'"):
        ours.write_text(fp, elem, encodings=["iso-2022-jp"])


def test_text_with_control_characters_round_trips() -> None:
    decoded = "Διονυσιος\r\nJérôme/Люкceмбypг\tJérôme"  # noqa: RUF001
    encodings = ("latin_1", "iso_ir_144", "iso_ir_126")
    fp = DicomBytesIO()
    fp.is_little_endian = True
    ours.write_text(fp, DataElement(0x00081039, "LO", decoded), encodings=encodings)  # type: ignore[arg-type]
    assert pydicom.values.convert_text(fp.getvalue(), encodings) == decoded
    assert tc.values.convert_text(fp.getvalue(), list(encodings)) == decoded


def test_person_name_read_from_bytes_is_written_as_those_bytes() -> None:
    encoded = b"Dionysios=\x1b\x2d\x46\xc4\xe9\xef\xed\xf5\xf3\xe9\xef\xf2"
    elem = DataElement(0x00100010, "PN", encoded)
    for encodings in (None, ["latin_1", "iso_ir_126"]):
        fp = DicomBytesIO()
        fp.is_little_endian = True
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            ours.write_PN(fp, elem, encodings)
        assert fp.getvalue() == encoded
    fp = DicomBytesIO()
    fp.is_little_endian = True
    ours.write_PN(fp, DataElement(0x00100010, "PN", "Dionysios=Διονυσιος"),
                  encodings=["latin_1", "iso_ir_126"])
    # PS3.5 6.1.2.5.3: the first set is active again before the value ends (pydicom
    # leaves ISO-IR 126 designated).
    assert fp.getvalue() == encoded + b"\x1b\x2d\x41 "
    assert pydicom.valuerep.PersonName(fp.getvalue(), ["latin_1", "iso_ir_126"]) == (
        "Dionysios=Διονυσιος ")


# --- values whose byte order decides their VR ----------------------------------------------------


def test_bytes_for_us_or_ss_wait_for_the_byte_order() -> None:
    ds: Any = tc.Dataset()
    ds.PixelRepresentation = 1
    ds.SmallestValidPixelValue = b"\x00\x01"
    assert ds[0x00280104].VR == "UN"
    assert ds.SmallestValidPixelValue == b"\x00\x01"
    little = ours.correct_ambiguous_vr(ds.copy(), True)
    big = ours.correct_ambiguous_vr(ds.copy(), False)
    assert (little[0x00280104].VR, little.SmallestValidPixelValue) == ("SS", 256)
    assert (big[0x00280104].VR, big.SmallestValidPixelValue) == ("SS", 1)


@pytest.mark.parametrize("little", [True, False])
@pytest.mark.parametrize("pixel_representation", [None, 0, 1])
def test_correct_ambiguous_vr_of_set_bytes_matches_pydicom(little: bool,
                                                           pixel_representation: int | None
                                                           ) -> None:
    results = []
    for module in (tc, pydicom):
        ds = module.Dataset()
        if pixel_representation is not None:
            ds.PixelRepresentation = pixel_representation
        ds.LUTDescriptor = b"\x01\x00\x00\x01\x10\x00"
        ds.LUTData = b"\x00\x01"
        ds.BitsAllocated = 16
        ds.WaveformBitsAllocated = 8
        ds.WaveformData = b"\x01\x02"
        fixed = theirs.correct_ambiguous_vr(ds, little) if module is pydicom else (
            ours.correct_ambiguous_vr(ds, little))
        results.append([(e.tag, e.VR, list(e.value) if isinstance(e.value, list) else e.value)
                        for e in fixed])
    assert results[0] == results[1]


def test_what_decides_is_looked_for_in_enclosing_datasets() -> None:
    ds = tc.Dataset()
    ds.PixelRepresentation = 1
    ds.ModalityLUTSequence = [tc.Dataset()]
    ds.ModalityLUTSequence[0].LUTDescriptor = [0, 0, 16]
    ds.ModalityLUTSequence[0].LUTData = b"\x0000\x149a\x1f1c\xc2637"  # odd: kept as given
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False)
    item = ds.ModalityLUTSequence[0]  # settled in the dataset itself, as pydicom does
    assert (item[0x00283002].VR, item[0x00283006].VR) == ("SS", "OW")
    back = pydicom.dcmread(io.BytesIO(out.getvalue()), force=True)
    assert back.ModalityLUTSequence[0][0x00283002].VR == "SS"
    assert back.ModalityLUTSequence[0].LUTData[:13] == b"\x0000\x149a\x1f1c\xc2637"


def test_what_decides_missing_is_an_attribute_error() -> None:
    for setup, tag, needed in (
            ({"PixelData": b"\x00\x01"}, "7FE0,0010", "BitsAllocated"),
            ({"SmallestValidPixelValue": b"\x00\x01", "PixelData": b"12"}, "0028,0104",
             "PixelRepresentation"),
            ({"WaveformData": b"\x00\x01"}, "5400,1010", "WaveformBitsAllocated"),
            ({"LUTData": b"\x00\x01"}, "0028,3006", "LUTDescriptor")):
        ds = tc.Dataset()
        for keyword, value in setup.items():
            setattr(ds, keyword, value)
        with pytest.raises(AttributeError, match=rf"ambiguous VR for tag \({tag}\):.*'{needed}'"):
            ours.correct_ambiguous_vr(ds, True)


def test_elements_as_read_keep_the_files_vr() -> None:
    ds = _quiet_read(tc, "CT_small.dcm")
    before = [(e.tag, e.VR) for e in ds]
    ours.correct_ambiguous_vr(ds, True)
    assert [(e.tag, e.VR) for e in ds] == before


def test_correct_ambiguous_vr_element_of_raw_and_bound_elements() -> None:
    ds = tc.Dataset()
    raw = RawDataElement(tc.tag.Tag(0x00280120), "US or SS", 2, b"\xfe\xff", 0, True, True)
    ds[0x00280120] = raw
    ds.PixelRepresentation = 0
    out = ours.correct_ambiguous_vr_element(raw, ds, True)
    assert isinstance(out, DataElement)
    assert (out.VR, out.value) == ("US", 0xFFFE)
    assert ds.PixelPaddingValue == 0xFFFE
    other: Any = tc.Dataset()
    other.PixelPaddingValue = b"\xfe\xff"
    bound = ours.correct_ambiguous_vr_element(other[0x00280120], other, False)
    assert (bound.VR, bound.value) == ("US", 0xFEFF)


def test_write_dataset_settles_before_writing() -> None:
    ds: Any = tc.Dataset()
    ds.PixelRepresentation = 0
    ds.SmallestValidPixelValue = b"\x00\x01"
    fp = DicomBytesIO()
    fp.is_implicit_VR, fp.is_little_endian = False, False
    ours.write_dataset(fp, ds)
    assert ds[0x00280104].VR == "US"
    assert fp.getvalue().endswith(b"\x00\x28\x01\x04US\x00\x02\x00\x01")


# --- other writers -------------------------------------------------------------------------------


def test_format_helpers_match_pydicom() -> None:
    values = [datetime.date(2001, 2, 3), datetime.datetime(2001, 2, 3, 12, 34, 56, 123456),
              datetime.datetime(2001, 2, 3, 12, 34, 56,
                                tzinfo=datetime.timezone(datetime.timedelta(hours=2))),
              datetime.time(1, 2, 3), datetime.time(1, 2, 3, 4), None]
    for value in values:
        for name in ("_format_DA", "_format_DT", "_format_TM"):
            kind = {"_format_DA": datetime.date, "_format_DT": datetime.datetime,
                    "_format_TM": datetime.time}[name]
            if value is not None and type(value) is not kind:
                continue
            assert getattr(ours, name)(value) == getattr(theirs, name)(value)
    assert ours._format_DT(tc.valuerep.DT("20010203123456.123456")) == "20010203123456.123456"


def test_closed_buffer_is_pydicoms_value_error() -> None:
    buffer = io.BytesIO(b"\x00\x01\x02\x03")
    elem = DataElement(0x7FE00008, "OB", buffer)
    fp = DicomBytesIO()
    fp.is_little_endian = True
    ours.write_OBvalue(fp, elem)
    assert fp.getvalue() == b"\x00\x01\x02\x03"
    buffer.close()
    with pytest.raises(ValueError, match="the buffer has been closed"):
        ours.write_OBvalue(DicomBytesIO(), elem)


def test_too_long_for_explicit_vr_warning_names_the_tag_as_pydicom_3() -> None:
    value = b"\\".join([b"123456.789012345"] * 4500)
    fp = DicomBytesIO()
    fp.is_little_endian, fp.is_implicit_VR = True, False
    with pytest.warns(UserWarning, match=r"data element \(3004,0058\) exceeds the size of 64 kByte"):
        ours.write_data_element(fp, DataElement(0x30040058, "DS", value))
    assert fp.getvalue()[4:6] == b"UN"


def test_pixel_data_length_follows_the_transfer_syntax() -> None:
    ds: Any = tc.Dataset()
    ds.file_meta = tc.dataset.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.4.50"  # JPEG baseline: encapsulated
    ds.PixelData = b"\x00\x01\x02\x03\x04\x05\x06"
    with pytest.raises(ValueError, match="hasn't been encapsulated"):
        ds.save_as(DicomBytesIO())
    ds.PixelData = tc.encaps.encapsulate([b"\x00\x01\x02\x03\x04\x05\x06"])
    elem = ds["PixelData"]
    assert not elem.is_undefined_length
    out = io.BytesIO()
    ds.save_as(out)
    assert elem.is_undefined_length  # set to match, as pydicom 3 sets it
    back = pydicom.dcmread(io.BytesIO(out.getvalue()), force=True)
    assert back["PixelData"].is_undefined_length
    ds.file_meta.TransferSyntaxUID = IMPLICIT_LE  # native: written with its length
    out = io.BytesIO()
    ds.save_as(out)
    assert not elem.is_undefined_length
    assert not tc.dcmread(io.BytesIO(out.getvalue()), force=True)["PixelData"].is_undefined_length
    ds.file_meta.TransferSyntaxUID = "1.2.3.4.5"  # private: as the element says
    elem.is_undefined_length = True
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=True)
    assert elem.is_undefined_length
    assert out.getvalue().endswith(b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")


def test_bytes_set_on_a_read_dataset_are_settled_when_written() -> None:
    ds = _quiet_read(tc, "MR_small_bigendian.dcm")
    ds.SmallestImagePixelValue = b"\x00\x01"
    assert ds[0x00280106].VR == "UN"
    out = io.BytesIO()
    ds.save_as(out)
    assert ds.PixelRepresentation == 1
    assert (ds[0x00280106].VR, ds.SmallestImagePixelValue) == ("SS", 1)  # big endian bytes
    back = pydicom.dcmread(io.BytesIO(out.getvalue()))
    assert (back[0x00280106].VR, back.SmallestImagePixelValue) == ("SS", 1)

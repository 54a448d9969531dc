"""pydicom 3's Dataset encoding API and dcmwrite keywords on typeddcm.compat, with pydicom
3 as the oracle where the two agree (outputs read back and compared element by element)."""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as tc
from typeddcm.compat.dataset import Dataset, FileMetaDataset

pydicom = pytest.importorskip("pydicom")
from pydicom.data import get_testdata_file  # noqa: E402

CT = "CT_small.dcm"
BIG = "MR_small_bigendian.dcm"
ORACLE_FILES = [CT, BIG, "rtplan.dcm", "MR_small.dcm", "image_dfl.dcm", "JPEG2000.dcm",
                "SC_rgb_rle.dcm", "nested_priv_SQ.dcm",
                "waveform_ecg.dcm", "rtstruct.dcm", "ExplVR_BigEndNoMeta.dcm"]


def _path(name: str) -> str:
    found = get_testdata_file(name)
    assert isinstance(found, str)
    return found


def _write(module: Any, name: str, fresh_meta: bool, **kwargs: Any) -> bytes:
    ds = module.dcmread(_path(name), force=True)
    if fresh_meta:  # no Transfer Syntax UID: the keywords choose the encoding
        ds.file_meta = module.dataset.FileMetaDataset()
    out = io.BytesIO()
    module.dcmwrite(out, ds, **kwargs)
    return out.getvalue()


_WORDS = ("OW", "OF", "OD", "OL", "OV", "UN")


def _assert_same(ours: Any, theirs: Any, converted: bool) -> None:
    """Element by element, at every depth; after a change of byte order the word
    values pydicom leaves unswapped (its documented limit) are not compared."""
    assert [e.tag for e in ours] == [e.tag for e in theirs]
    for elem in theirs:
        mine = ours[elem.tag]
        if elem.VR == "SQ":
            assert len(mine.value) == len(elem.value), elem.tag
            for item_a, item_b in zip(mine.value, elem.value, strict=True):
                _assert_same(item_a, item_b, converted)
        elif not converted or (elem.VR not in _WORDS and not elem.tag.is_private):
            assert mine == elem, elem.tag


def _read_both(ours: bytes, theirs: bytes) -> tuple[Any, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return (pydicom.dcmread(io.BytesIO(ours), force=True),
                pydicom.dcmread(io.BytesIO(theirs), force=True))


@pytest.mark.parametrize("name", ORACLE_FILES)
@pytest.mark.parametrize(("fresh_meta", "kwargs"), [
    (False, {"enforce_file_format": True}),
    (False, {}),
    (True, {"implicit_vr": True}),
    (True, {"implicit_vr": False, "little_endian": True}),
    (True, {"implicit_vr": False, "little_endian": False}),
])
def test_dcmwrite_3x_keywords_agree_with_pydicom(name: str, fresh_meta: bool,
                                                  kwargs: dict[str, Any]) -> None:
    if fresh_meta and name in ("JPEG2000.dcm", "SC_rgb_rle.dcm", "image_dfl.dcm"):
        pytest.skip("compressed or deflated data needs its transfer syntax in the meta")
    if fresh_meta and name == "nested_priv_SQ.dcm" and kwargs["implicit_vr"] is False:
        pytest.skip("group 0001 (reserved, not private) of unknown VR: no explicit VR to give")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            theirs = _write(pydicom, name, fresh_meta, **kwargs)
        except (ValueError, AttributeError) as error:  # e.g. no SOP Instance UID to fill
            with pytest.raises(type(error)):
                _write(tc, name, fresh_meta, **kwargs)
            return
        ours = _write(tc, name, fresh_meta, **kwargs)
    a, b = _read_both(ours, theirs)
    assert a.original_encoding == b.original_encoding
    assert (ours[128:132] == b"DICM") == (theirs[128:132] == b"DICM")
    converted = (name == BIG) == b.original_encoding[1]  # written in the other byte order
    _assert_same(a, b, converted)
    ignore = {0x00020000, 0x00020012, 0x00020013}  # our implementation names
    assert {e.tag: e.value for e in a.file_meta if e.tag not in ignore} == {
        e.tag: e.value for e in b.file_meta if e.tag not in ignore}


def test_big_to_little_endian_converts_pixel_words() -> None:
    # pydicom writes OW bytes unchanged (its documentation asks the user to swap them);
    # the core holds the values, so our little endian output has the right pixels.
    ours = _write(tc, BIG, True, implicit_vr=True)
    expected = pydicom.dcmread(_path(BIG)).pixel_array
    back = pydicom.dcmread(io.BytesIO(ours), force=True)
    back.file_meta.TransferSyntaxUID = pydicom.uid.ImplicitVRLittleEndian
    got = back.pixel_array
    assert (got == expected).all()


def test_default_write_of_read_file_is_byte_exact() -> None:
    data = Path(_path(CT)).read_bytes()
    out = io.BytesIO()
    tc.dcmread(_path(CT)).save_as(out)
    assert out.getvalue() == data
    out = io.BytesIO()
    tc.dcmwrite(out, tc.dcmread(_path(CT)), True)  # 1.x's positional write_like_original
    assert out.getvalue() == data


def test_overwrite_false_refuses_an_existing_file(tmp_path: Path) -> None:
    target = tmp_path / "x.dcm"
    target.write_bytes(b"old")
    ds = tc.dcmread(_path(CT))
    with pytest.raises(FileExistsError):
        ds.save_as(target, overwrite=False)
    with pytest.raises(FileExistsError):
        tc.dcmwrite(str(target), ds, overwrite=False)
    assert target.read_bytes() == b"old"
    theirs = pydicom.dcmread(_path(CT))
    with pytest.raises(FileExistsError):
        theirs.save_as(target, overwrite=False)
    fresh = tmp_path / "new.dcm"
    ds.save_as(fresh, overwrite=False)
    assert fresh.read_bytes() == Path(_path(CT)).read_bytes()


def _new_dataset() -> Dataset:
    ds = Dataset({0x00100010: tc.DataElement(0x00100010, "PN", "Doe^J")})
    ds.PatientID = "12"
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4"
    return ds


def test_dataset_from_dict_of_tags_and_3x_write_of_a_new_dataset() -> None:
    ds = _new_dataset()
    assert ds.PatientName == "Doe^J"
    assert ds.original_encoding == (None, None)
    assert ds.original_character_set == ""
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=True)  # no preamble, no meta: the bare dataset
    back = pydicom.dcmread(io.BytesIO(out.getvalue()), force=True)
    assert back.original_encoding == (True, True)
    assert back.PatientID == "12"
    assert not out.getvalue().startswith(b"\x00" * 128)
    out = io.BytesIO()
    with pytest.raises(AttributeError, match="Transfer Syntax UID"):
        # Explicit VR little endian names no one transfer syntax: 1.x and 3 refuse
        ds.save_as(out, implicit_vr=False, enforce_file_format=True)
    ds.file_meta = tc.FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.save_as(out, implicit_vr=False, enforce_file_format=True)
    back = pydicom.dcmread(io.BytesIO(out.getvalue()))
    assert back.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"
    assert back.file_meta.MediaStorageSOPInstanceUID == "1.2.3.4"
    assert "FileMetaInformationGroupLength" in back.file_meta
    assert "MediaStorageSOPInstanceUID" not in ds.file_meta  # the dataset's meta is left as it was


def test_1x_spelling_still_writes_a_new_dataset() -> None:
    ds = _new_dataset()
    ds.is_implicit_VR = False
    ds.is_little_endian = True
    out = io.BytesIO()
    tc.dcmwrite(out, ds)
    assert pydicom.dcmread(io.BytesIO(out.getvalue()), force=True).original_encoding == (False, True)
    out = io.BytesIO()
    with pytest.raises(ValueError, match="Transfer Syntax UID"):  # 1.x: set it yourself
        ds.save_as(out, write_like_original=False)
    ds.fix_meta_info(enforce_standard=False)  # 1.x: leaves explicit VR little endian unset
    ds.file_meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    ds.save_as(out, write_like_original=False)
    back = pydicom.dcmread(io.BytesIO(out.getvalue()))
    assert back.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1"


def test_bad_write_arguments_raise_pydicom_types(tmp_path: Path) -> None:
    ds = _new_dataset()
    out = io.BytesIO()
    with pytest.raises(ValueError, match="encoding"):  # nothing says how to encode
        tc.dcmwrite(out, ds)
    with pytest.raises(AttributeError):  # what 1.x raised for the same
        tc.dcmwrite(out, ds)
    with pytest.raises(ValueError, match="force_encoding"):
        tc.dcmwrite(out, ds, force_encoding=True, enforce_file_format=True)
    with pytest.raises(ValueError, match="required if 'force_encoding'"):
        tc.dcmwrite(out, ds, force_encoding=True)
    with pytest.raises(ValueError, match="big endian"):
        tc.dcmwrite(out, ds, implicit_vr=True, little_endian=False)
    with pytest.raises(TypeError, match="bogus"):
        tc.dcmwrite(out, ds, implicit_vr=True, bogus=1)
    with pytest.raises(TypeError, match="both"):
        tc.dcmwrite(out, ds, True, write_like_original=True)
    with pytest.raises(TypeError, match="Expected a file path"):
        tc.dcmwrite(12, ds, implicit_vr=True)  # type: ignore[arg-type]
    ds.preamble = b"\x00" * 10
    with pytest.raises(ValueError, match="128"):
        tc.dcmwrite(out, ds, implicit_vr=True)
    del ds.preamble
    read = tc.dcmread(_path(CT))
    with pytest.raises(ValueError, match="consistent"):
        tc.dcmwrite(out, read, implicit_vr=True)  # the meta says explicit VR
    ds.SOPInstanceUID = None
    with pytest.raises(AttributeError, match="missing"):  # pydicom 3: AttributeError; 1.x:
        tc.dcmwrite(out, ds, implicit_vr=True, enforce_file_format=True)
    with pytest.raises(ValueError, match="missing"):  # ValueError
        tc.dcmwrite(out, ds, implicit_vr=True, enforce_file_format=True)
    assert out.getvalue() == b""


def test_file_meta_elements_in_the_dataset_are_refused() -> None:
    ds = _new_dataset()
    ds.add_new(0x00020010, "UI", "1.2.840.10008.1.2")
    with pytest.raises(ValueError, match="FileMetaDataset"):
        tc.dcmwrite(io.BytesIO(), ds, implicit_vr=True)
    ds = _new_dataset()
    ds.add_new(0x00000900, "US", 0)
    with pytest.raises(ValueError, match="Command Set"):
        tc.dcmwrite(io.BytesIO(), ds, implicit_vr=True)


def test_force_encoding_writes_the_asked_encoding() -> None:
    ds = tc.dcmread(_path(CT))
    out = io.BytesIO()
    tc.dcmwrite(out, ds, implicit_vr=True, little_endian=True, force_encoding=True)
    data = out.getvalue()
    meta_end = 132 + 12 + int.from_bytes(data[140:144], "little")
    body = tc.dcmread(io.BytesIO(data[meta_end:]), force=True)
    assert body.original_encoding == (True, True)
    assert body.PatientName == ds.PatientName


def test_save_as_refuses_to_change_byte_order() -> None:
    ds = tc.dcmread(_path(CT))
    ds.file_meta = FileMetaDataset()
    with pytest.raises(ValueError, match="between little and big endian"):
        ds.save_as(io.BytesIO(), implicit_vr=False, little_endian=False)
    theirs = pydicom.dcmread(_path(CT))
    theirs.file_meta = pydicom.dataset.FileMetaDataset()
    with pytest.raises(ValueError, match="between little and big endian"):
        theirs.save_as(io.BytesIO(), implicit_vr=False, little_endian=False)


def test_original_encoding_and_character_set() -> None:
    ours, theirs = tc.dcmread(_path(CT)), pydicom.dcmread(_path(CT))
    assert ours.original_encoding == theirs.original_encoding == (False, True)
    assert ours.original_character_set == theirs.original_character_set
    ours.set_original_encoding(True, True)  # 3.x: the character set is optional
    assert ours.original_encoding == (True, True)
    assert ours.original_character_set == theirs.original_character_set
    ours.set_original_encoding(None, None, "iso_ir_100")
    reset: tuple[bool | None, bool | None] = ours.original_encoding
    assert reset == (None, None)
    ours.set_original_encoding(False, True, None)  # 1.x passes it, None included
    assert ours.read_encoding is None
    assert ours.original_character_set == ""


def test_update_raw_element_as_pydicom() -> None:
    ours, theirs = tc.dcmread(_path(CT)), pydicom.dcmread(_path(CT))
    for ds in (ours, theirs):
        ds.update_raw_element(0x00291026, vr="US")
        ds.update_raw_element(0x00100020, value=b"ABC ")
    for tag in (0x00291026, 0x00100020):
        assert ours[tag].VR == theirs[tag].VR
        assert ours[tag].value == theirs[tag].value


@pytest.mark.parametrize(("kwargs", "error"), [
    ({}, ValueError), ({"vr": "XX"}, ValueError), ({"value": "text"}, TypeError),
])
def test_update_raw_element_bad_arguments(kwargs: dict[str, Any], error: type[Exception]) -> None:
    for module in (tc, pydicom):
        ds = module.dcmread(_path(CT))
        with pytest.raises(error):
            ds.update_raw_element(0x00100020, **kwargs)


def test_update_raw_element_missing_or_read() -> None:
    for module in (tc, pydicom):
        ds = module.dcmread(_path(CT))
        with pytest.raises(KeyError):
            ds.update_raw_element(0x00111111, vr="US")
        _ = ds.PatientID
        with pytest.raises(TypeError, match="already been converted"):
            ds.update_raw_element(0x00100020, vr="LO")


def test_group_dataset() -> None:
    ours, theirs = tc.dcmread(_path(CT)), pydicom.dcmread(_path(CT))
    for group in (0x0008, 0x0010, 0x0029, 0x7FE0, 0x0009):
        assert [int(e.tag) for e in ours.group_dataset(group)] == [
            int(e.tag) for e in theirs.group_dataset(group)]

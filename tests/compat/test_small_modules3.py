"""pydicom 3's small modules on typeddcm.compat: dicomio, fileutil, hooks, misc, examples,
data and env_info (pydicom 3 as the oracle where the two agree)."""

from __future__ import annotations

import io
import logging
import os
import struct
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat import data, dicomio, env_info, examples, fileutil, hooks, misc
from typeddcm.compat.dataelem import RawDataElement
from typeddcm.compat.tag import Tag

pydicom = pytest.importorskip("pydicom")
import pydicom.fileutil as their_fileutil  # noqa: E402
import pydicom.hooks as their_hooks  # noqa: E402
from pydicom.data import get_testdata_file  # noqa: E402

CT = str(get_testdata_file("CT_small.dcm"))
SEQ_DELIMITER = 0xFFFEE0DD
ITEM_DELIMITER = 0xFFFEE00D


@pytest.fixture(autouse=True)
def _default_hooks() -> Iterator[None]:
    yield
    hooks.hooks.register_callback("raw_element_vr", hooks.raw_element_vr)
    hooks.hooks.register_callback("raw_element_value", hooks.raw_element_value)
    hooks.hooks.register_kwargs("raw_element_kwargs", {})


# --- dicomio ----------------------------------------------------------------------


def test_dicomio_names_the_readers_and_writers() -> None:
    assert dicomio.dcmread is tc.dcmread
    assert dicomio.dcmwrite is tc.dcmwrite
    assert dicomio.read_file is tc.read_file
    assert dicomio.write_file is tc.write_file
    assert dicomio.DicomBytesIO is tc.filebase.DicomBytesIO
    assert tc.dicomio is dicomio


# --- fileutil -------------------------------------------------------------------------


def _delimited(value: bytes, little: bool, tag: int = SEQ_DELIMITER) -> bytes:
    order = "<" if little else ">"
    return value + struct.pack(order + "HHL", tag >> 16, tag & 0xFFFF, 0) + b"tail"


def _both(function: str, data_bytes: bytes, *args: Any, **kwargs: Any) -> list[tuple[Any, int]]:
    """(result, position after) of ours and pydicom's ``function`` on the same bytes."""
    results = []
    for module in (fileutil, their_fileutil):
        fp = io.BytesIO(data_bytes)
        fp.seek(2)
        try:
            result: Any = getattr(module, function)(fp, *args, **kwargs)
        except EOFError:
            result = EOFError
        results.append((result, fp.tell()))
    return results


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.booleans(), st.integers(4, 40), st.booleans())
def test_find_delimiter_and_length_agree_with_pydicom(value: bytes, little: bool,
                                                      read_size: int, rewind: bool) -> None:
    stream = b"xx" + _delimited(value, little, ITEM_DELIMITER)
    tag = Tag(ITEM_DELIMITER)
    ours, theirs = _both("find_delimiter", stream, tag, little, read_size, rewind)
    assert ours == theirs
    ours, theirs = _both("length_of_undefined_length", stream, tag, little, read_size, rewind)
    assert ours == theirs


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300), st.booleans(), st.integers(4, 64))
def test_read_undefined_length_value_agrees_with_pydicom(value: bytes, little: bool,
                                                         read_size: int) -> None:
    stream = b"xx" + _delimited(value, little, ITEM_DELIMITER)
    ours, theirs = _both("read_undefined_length_value", stream, little, Tag(ITEM_DELIMITER),
                         None, read_size)
    assert ours == theirs


def test_read_undefined_length_value_of_fragments_and_errors() -> None:
    # A fragment holding the delimiter's bytes: read item by item, as pydicom does.
    fragment = struct.pack("<HHL", 0xFFFE, 0xE0DD, 0) + b"abcd"
    items = struct.pack("<HHL", 0xFFFE, 0xE000, 0) + struct.pack(
        "<HHL", 0xFFFE, 0xE000, len(fragment)) + fragment
    stream = b"xx" + _delimited(items, True)
    ours, theirs = _both("read_undefined_length_value", stream, True, Tag(SEQ_DELIMITER))
    assert ours == theirs
    assert ours[0] == items
    ours, theirs = _both("read_undefined_length_value", b"xx" + b"no delimiter", True,
                         Tag(SEQ_DELIMITER))
    assert ours == theirs == (EOFError, 2)
    deferred, _ = _both("read_undefined_length_value", stream, True, Tag(SEQ_DELIMITER), 4)
    assert deferred[0] is None


@pytest.mark.filterwarnings("ignore:The 'warn' method is deprecated:DeprecationWarning")
def test_find_bytes_and_absorb_delimiter_item() -> None:
    for rewind in (True, False):
        ours, theirs = _both("find_bytes", b"xxabcabcabd", b"abd", 4, rewind)
        assert ours == theirs
        ours, theirs = _both("find_bytes", b"xxabcabc", b"abd", 4, rewind)
        assert ours == theirs
    stream = b"xx" + struct.pack("<HHL", 0xFFFE, 0xE00D, 0) + b"rest"
    ours, theirs = _both("absorb_delimiter_item", stream, True, Tag(ITEM_DELIMITER))
    assert ours == theirs
    ours, theirs = _both("absorb_delimiter_item", stream, True, Tag(SEQ_DELIMITER))
    assert ours == theirs  # not the one expected: left where it was


def test_path_from_pathlike() -> None:
    buffer = io.BytesIO()
    for value in ("a.dcm", Path("a.dcm"), buffer):
        assert fileutil.path_from_pathlike(value) == their_fileutil.path_from_pathlike(value)
    assert fileutil.path_from_pathlike(buffer) is buffer


def test_buffer_helpers_agree_with_pydicom() -> None:
    content = bytes(range(256)) * 40
    for module in (fileutil, their_fileutil):
        buffer = io.BytesIO(content)
        buffer.seek(100)
        assert module.buffer_length(buffer) == len(content)
        assert module.buffer_remaining(buffer) == len(content) - 100
        assert buffer.tell() == 100
        with module.reset_buffer_position(buffer) as start:
            assert start == 100
            buffer.seek(5)
        assert buffer.tell() == 100
        assert b"".join(module.read_buffer(buffer, chunk_size=1000)) == content[100:]
        assert module.buffer_equality(buffer, content)
        assert not module.buffer_equality(buffer, content[:-1])
        assert module.buffer_equality(buffer, io.BytesIO(content))
        assert not module.buffer_equality(buffer, io.BytesIO(content[::-1]))
        assert not module.buffer_equality(buffer, "text")


@pytest.mark.parametrize(("bad", "error"), [
    ("not a buffer", TypeError), ("closed", ValueError), ("chunk", ValueError),
])
def test_buffer_helpers_bad_input(bad: str, error: type[Exception]) -> None:
    for module in (fileutil, their_fileutil):
        buffer: Any = io.BytesIO(b"abc")
        if bad == "not a buffer":
            buffer = b"abc"
        elif bad == "closed":
            buffer.close()
        if bad == "chunk":
            with pytest.raises(error):
                list(module.read_buffer(buffer, chunk_size=0))
        else:
            with pytest.raises(error):
                module.check_buffer(buffer)


# --- hooks -----------------------------------------------------------------------------


def test_register_bad_callbacks_and_kwargs() -> None:
    for module in (hooks, their_hooks):
        with pytest.raises(TypeError):
            module.hooks.register_callback("raw_element_vr", "not callable")
        with pytest.raises(ValueError, match="Unknown hook"):
            module.hooks.register_callback("raw_element_other", print)
        with pytest.raises(TypeError):
            module.hooks.register_kwargs("raw_element_kwargs", [])
        with pytest.raises(ValueError, match="Unknown hook"):
            module.hooks.register_kwargs("raw_element", {})


def _raw(tag: int, vr: str | None, value: bytes) -> RawDataElement:
    return RawDataElement(Tag(tag), vr, len(value), value, 0, vr is None, True)


@pytest.mark.parametrize(("tag", "vr", "value"), [
    (0x00100010, None, b"Doe^John"), (0x00280010, None, b"\x00\x02"),
    (0x00280030, "DS", b"0.5\\0.25"), (0x00280010, "UN", b"\x00\x02"),
    (0x00091010, None, b"abcd"), (0x00090010, None, b"CREATOR "),
])
def test_default_callbacks_agree_with_pydicom(tag: int, vr: str | None, value: bytes) -> None:
    ours: dict[str, Any] = {}
    theirs: dict[str, Any] = {}
    hooks.raw_element_vr(_raw(tag, vr, value), ours)
    their_raw = pydicom.dataelem.RawDataElement(pydicom.tag.Tag(tag), vr, len(value), value,
                                                0, vr is None, True)
    their_hooks.raw_element_vr(their_raw, theirs)
    assert ours["VR"] == theirs["VR"]
    hooks.raw_element_value(_raw(tag, vr, value), ours)
    their_hooks.raw_element_value(their_raw, theirs)
    assert ours["value"] == theirs["value"]


def test_unknown_implicit_tag_is_un_with_a_warning() -> None:
    found: dict[str, Any] = {}
    with pytest.warns(UserWarning, match="VR lookup failed"):
        hooks.raw_element_vr(_raw(0x00080002, None, b"ab"), found)
    assert found["VR"] == "UN"


def test_custom_vr_hook_applies_to_dcmread_and_conversion() -> None:
    def sh_for_patient_id(raw: Any, data_: dict[str, Any], **kwargs: Any) -> None:
        hooks.raw_element_vr(raw, data_, **kwargs)
        if raw.tag == 0x00100020:
            data_["VR"] = "SH"

    for module in (tc, pydicom):
        module.hooks.hooks.register_callback("raw_element_vr", sh_for_patient_id
                                             if module is tc else _their_un_hook)
        ds = module.dcmread(CT)
        assert (ds["PatientID"].VR, ds.PatientID) == ("SH", "1CT1")
        assert ds["PatientName"].VR == "PN"
        module.hooks.hooks.register_callback("raw_element_vr", module.hooks.raw_element_vr)
    element = tc.dataelem.convert_raw_data_element(_raw(0x00100020, "LO", b"ID1 "))
    assert element.VR == "LO"
    hooks.hooks.register_callback("raw_element_vr", sh_for_patient_id)
    element = tc.dataelem.convert_raw_data_element(_raw(0x00100020, "LO", b"ID1 "))
    assert (element.VR, element.value) == ("SH", "ID1")


def _their_un_hook(raw: Any, data_: dict[str, Any], **kwargs: Any) -> None:
    their_hooks.raw_element_vr(raw, data_, **kwargs)
    if raw.tag == 0x00100020:
        data_["VR"] = "SH"


def test_hook_that_changes_nothing_keeps_the_file_byte_exact() -> None:
    calls: list[int] = []

    def counting(raw: Any, data_: dict[str, Any], **kwargs: Any) -> None:
        calls.append(int(raw.tag))
        hooks.raw_element_value(raw, data_, **kwargs)

    hooks.hooks.register_callback("raw_element_value", counting)
    ds = tc.dcmread(CT)
    out = io.BytesIO()
    ds.save_as(out)
    assert calls  # every element went through the callback ...
    assert out.getvalue() == Path(CT).read_bytes()  # ... and none was changed


def _explicit_le(tag: int, vr: str, value: bytes) -> bytes:
    return struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), len(value)) + value


def test_fix_separator_and_retry_as_pydicom() -> None:
    data_bytes = (_explicit_le(0x00180050, "DS", b"1,5 ") + _explicit_le(0x00280030, "DS", b"1.5,2.5 ")
                  + _explicit_le(0x00281050, "DS", b"1.5:2"))
    for module in (tc, pydicom):
        module.hooks.hooks.register_callback("raw_element_value",
                                             module.hooks.raw_element_value_fix_separator)
        module.hooks.hooks.register_kwargs("raw_element_kwargs",
                                           {"target_VRs": ("DS",), "separator": ","})
        ds = module.dcmread(io.BytesIO(data_bytes), force=True)
        assert list(ds.PixelSpacing) == [1.5, 2.5]
        assert list(ds.SliceThickness) == [1, 5]
    results = []
    for module in (tc, pydicom):
        module.hooks.hooks.register_callback("raw_element_value",
                                             module.hooks.raw_element_value_retry)
        module.hooks.hooks.register_kwargs("raw_element_kwargs", {"target_VRs": {"DS": ("US",)}})
        found: dict[str, Any] = {"VR": "DS"}
        raw = (_raw if module is tc else _their_raw)(0x00281050, "DS", b"1.5 ")
        module.hooks.raw_element_value_retry(raw, found, ds=None, target_VRs={"DS": ("US",)})
        results.append(found)
    assert results[0] == results[1]
    for module in (tc, pydicom):
        module.hooks.hooks.register_callback("raw_element_value", module.hooks.raw_element_value)
        module.hooks.hooks.register_kwargs("raw_element_kwargs", {})


def _their_raw(tag: int, vr: str | None, value: bytes) -> Any:
    return pydicom.dataelem.RawDataElement(pydicom.tag.Tag(tag), vr, len(value), value, 0,
                                           vr is None, True)


def test_retry_raises_the_first_error_when_nothing_converts() -> None:
    def failing(raw: Any, data_: dict[str, Any], **kwargs: Any) -> None:
        raise ValueError("cannot")

    original = hooks.raw_element_value
    hooks.raw_element_value = failing  # type: ignore[assignment]
    try:
        with pytest.raises(ValueError, match="cannot"):
            hooks.raw_element_value_retry(_raw(0x00281050, "DS", b"x"), {"VR": "DS"},
                                          target_VRs={"DS": ("XX",)})
    finally:
        hooks.raw_element_value = original


# --- misc, version, env_info -------------------------------------------------------------


def test_warn_and_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="pydicom"), pytest.warns(
            DeprecationWarning, match="careful"):
        misc.warn_and_log("careful", DeprecationWarning)
    assert "careful" in caplog.text
    assert misc.LOGGER is tc.config.logger


def test_versions_are_ours() -> None:
    assert tc.__version__ != pydicom.__version__
    assert tc.__version_info__ == tuple(tc.__version__.split(".")[:3])


def test_env_info_prints_a_table(capsys: pytest.CaptureFixture[str]) -> None:
    env_info.main()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("|")[0].strip() == "module"
    rows = {line.split("|")[0].strip(): line.split("|")[1].strip() for line in lines[2:]}
    assert rows["typeddcm"]
    assert rows["numpy"] != "_module not found_"
    assert set(rows) >= {"platform", "Python", "numpy", "PIL", "gdcm"}


# --- examples --------------------------------------------------------------------------


def test_examples_serve_our_samples() -> None:
    ct = examples.ct
    assert ct.Modality == "CT"
    assert ct is not examples.ct  # a new dataset each time, as pydicom
    assert examples.rt_plan.Modality == "RTPLAN"
    assert examples.get_path("ct").name == "ct_small.dcm"
    assert "ct" in dir(examples)


@pytest.mark.parametrize("name", ["mr", "rt_dose", "waveform", "no_such"])
def test_examples_we_lack_are_clear_errors(name: str) -> None:
    with pytest.raises(AttributeError, match=name):
        getattr(examples, name)
    with pytest.raises(ValueError, match=name):
        examples.get_path(name)


# --- data --------------------------------------------------------------------------------


def test_testdata_from_our_samples() -> None:
    found = data.get_testdata_file("ct_small.dcm")
    assert isinstance(found, str)
    assert os.path.isabs(found)
    assert data.get_testdata_file("ct_small.dcm", read=True).Modality == "CT"
    assert data.get_testdata_file("CT_small_nonexistent.dcm") is None
    assert any(p.endswith("multiframe.dcm") for p in data.get_testdata_files("*.dcm"))
    with pytest.raises(ValueError, match="absolute"):
        data.get_testdata_file(found)
    with pytest.raises(ValueError, match="absolute"):
        data.get_testdata_files(os.path.abspath("x*"))


def test_testdata_from_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    by_env = tmp_path / "env"
    (by_env / "sub").mkdir(parents=True)
    (by_env / "sub" / "mine.dcm").write_bytes(Path(CT).read_bytes())
    (by_env / "charset_files").mkdir()
    (by_env / "charset_files" / "chrX.dcm").write_bytes(b"")
    by_list = tmp_path / "list"
    by_list.mkdir()
    (by_list / "mine.dcm").write_bytes(b"first")
    monkeypatch.setenv(data.ENVIRONMENT_VARIABLE, os.pathsep.join([str(by_env), "/no/such"]))
    assert data.get_testdata_file("mine.dcm") == str((by_env / "sub" / "mine.dcm").resolve())
    assert data.get_testdata_file("mine.dcm", read=True).Modality == "CT"
    (by_env / "late.dcm").write_bytes(b"")  # added after the folder was first searched
    assert data.get_testdata_file("late.dcm") == str((by_env / "late.dcm").resolve())
    (by_env / "late.dcm").unlink()
    assert data.get_testdata_file("late.dcm") is None
    assert data.get_testdata_file("m*.dcm") == str((by_env / "sub" / "mine.dcm").resolve())
    assert data.get_charset_files("chr*") == [str((by_env / "charset_files" / "chrX.dcm").resolve())]
    assert data.get_palette_files() == []
    monkeypatch.setattr(data, "testdata_dirs", [by_list])
    assert data.get_testdata_file("mine.dcm") == str((by_list / "mine.dcm").resolve())
    names = [Path(p).name for p in data.get_testdata_files("**/*.dcm")]
    assert names[:2] == ["mine.dcm", "chrX.dcm"] or "mine.dcm" in names
    assert data.external_data_sources() == {}
    with pytest.warns(UserWarning, match=data.ENVIRONMENT_VARIABLE):
        data.fetch_data_files()


def test_no_warnings_from_importing() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        import importlib

        importlib.reload(examples)

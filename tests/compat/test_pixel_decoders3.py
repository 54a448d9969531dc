"""pydicom 3's decoding plugin API on typeddcm.compat: ``pixels.common``'s RunnerBase and
CoderBase, ``pixels.decoders.base``'s DecodeRunner and Decoder, and the plugin modules,
with pydicom 3 as the oracle (its wheel files, and generated data)."""

from __future__ import annotations

import functools
import struct
import sys
import types
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat.pixel_data_handlers import rle_handler
from typeddcm.compat.pixels import common
from typeddcm.compat.pixels.decoders import base, gdcm, pillow, pyjpegls, pylibjpeg, rle
from typeddcm.pixels import rle as core_rle

pydicom = pytest.importorskip("pydicom")
p_common = pytest.importorskip("pydicom.pixels.common")
p_base = pytest.importorskip("pydicom.pixels.decoders.base")
p_rle = pytest.importorskip("pydicom.pixels.decoders.rle")

_DATA = Path(pydicom.__file__).parent / "data" / "test_files"
EXPLICIT = "1.2.840.10008.1.2.1"
BIG = "1.2.840.10008.1.2.2"
RLE = "1.2.840.10008.1.2.5"
JPEG_BASELINE = "1.2.840.10008.1.2.4.50"


def _quiet(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


def _both(name: str) -> tuple[Any, Any]:
    path = _DATA / name
    return _quiet(pydicom.dcmread, path), _quiet(tc.dcmread, path)


def _outcome(function: Callable[[], Any]) -> tuple[str, str]:
    """(exception type name, message) of a call, or ("", "") when it returns."""
    try:
        _quiet(function)
    except Exception as exc:  # the type is what is compared
        return type(exc).__name__, str(exc)
    return "", ""


# ------------------------------------------------------------------- RunnerBase


def test_runner_base_options() -> None:
    runner = common.RunnerBase(RLE)
    assert runner.options == {"transfer_syntax_uid": RLE}
    assert runner.options is runner._opts
    assert runner._src_type == "UNDEFINED"
    with pytest.raises(ValueError, match="Deleting 'transfer_syntax_uid' is not allowed"):
        runner.del_option("transfer_syntax_uid")
    runner.del_option("nothing")  # no error
    with pytest.raises(AttributeError, match="No value for 'rows' has been set"):
        _ = runner.rows
    runner.set_option("photometric_interpretation", "PALETTE COLOR")
    assert runner.photometric_interpretation is common.PhotometricInterpretation.PALETTE_COLOR
    runner.set_option("photometric_interpretation", "OTHER")
    assert type(runner.get_option("photometric_interpretation")) is str  # unknown: kept
    with pytest.warns(UserWarning, match="'Number of Frames' is invalid"):
        runner.set_option("number_of_frames", "0")
    assert runner.number_of_frames == 1
    runner.set_option("number_of_frames", "12")
    assert runner.number_of_frames == 12
    assert runner.planar_configuration == 0  # compressed: the codestream orders samples
    with pytest.raises(AttributeError, match="planar_configuration"):
        _ = common.RunnerBase(EXPLICIT).planar_configuration
    with pytest.raises(NotImplementedError, match=r"RunnerBase.validate\(\)"):
        runner.validate()


_BAD_OPTIONS: list[tuple[str, Any]] = [
    ("bits_allocated", 12), ("bits_allocated", 0), ("bits_allocated", 8),
    ("bits_stored", 9), ("bits_stored", 8), ("columns", 0), ("columns", 70000), ("columns", 4),
    ("photometric_interpretation", "WHAT"), ("photometric_interpretation", "RGB"),
    ("pixel_keyword", "Nope"), ("pixel_keyword", "PixelData"),
    ("pixel_representation", 3), ("pixel_representation", 1), ("rows", -2), ("rows", 4),
    ("samples_per_pixel", 2), ("samples_per_pixel", 3), ("planar_configuration", 2),
    ("planar_configuration", 1), ("number_of_frames", -1), ("number_of_frames", 2),
]


def test_validate_options_like_pydicom() -> None:
    """Each option in turn, bad then good: the same error (type and text) at each step."""
    ours, theirs = common.RunnerBase(EXPLICIT), p_common.RunnerBase(pydicom.uid.UID(EXPLICIT))
    for runner in (ours, theirs):
        runner.set_option("pixel_keyword", "PixelData")
    assert _outcome(ours._validate_options) == _outcome(theirs._validate_options)
    for name, value in _BAD_OPTIONS:
        ours.set_option(name, value)
        theirs.set_option(name, value)
        got, expected = _outcome(ours._validate_options), _outcome(theirs._validate_options)
        assert got == expected, (name, value)
    assert _outcome(ours._validate_options) == ("", "")


@settings(max_examples=150, deadline=None)
@given(rows=st.integers(0, 40), columns=st.integers(0, 40), samples=st.sampled_from([1, 3]),
       bits=st.sampled_from([1, 8, 16, 32, 64]), uid=st.sampled_from([EXPLICIT, RLE]),
       photometric=st.sampled_from(["MONOCHROME2", "RGB", "YBR_FULL_422"]))
def test_frame_length_like_pydicom(rows: int, columns: int, samples: int, bits: int, uid: str,
                                   photometric: str) -> None:
    options = {"rows": rows, "columns": columns, "samples_per_pixel": samples,
               "bits_allocated": bits, "photometric_interpretation": photometric}
    ours, theirs = common.RunnerBase(uid), p_common.RunnerBase(pydicom.uid.UID(uid))
    ours.set_options(**options)
    theirs.set_options(**options)
    for unit in ("bytes", "pixels"):
        got, expected = ours.frame_length(unit), theirs.frame_length(unit)
        assert got == expected and type(got) is type(expected)


def test_set_options_ds() -> None:
    theirs, ours = _both("SC_rgb_rle_2frame.dcm")
    r_ours, r_theirs = common.RunnerBase(RLE), p_common.RunnerBase(pydicom.uid.UID(RLE))
    r_ours._set_options_ds(ours)
    r_theirs._set_options_ds(theirs)
    assert r_ours.options == r_theirs.options


# -------------------------------------------------------------------- CoderBase


def test_coder_plugins() -> None:
    coder = common.CoderBase(RLE, decoder=True)
    assert coder._available == {} and coder._unavailable == {}
    with pytest.raises(RuntimeError, match="all plugins are missing dependencies"):
        coder._validate_plugins()
    coder.add_plugin("mine", ("typeddcm.compat.pixels.decoders.rle", "_decode_frame"))
    coder.add_plugin("pylj", ("typeddcm.compat.pixels.decoders.pylibjpeg", "_decode_frame"))
    assert coder.available_plugins == ("mine",)
    assert coder.missing_dependencies == ["pylj - requires pylibjpeg>=2.0 and pylibjpeg-rle>=2.0"]
    with pytest.raises(ValueError, match="already has a plugin named 'mine'"):
        coder.add_plugin("mine", ("typeddcm.compat.pixels.decoders.rle", "_decode_frame"))
    with pytest.raises(RuntimeError, match="specified plugin is missing dependencies"):
        coder._validate_plugins("pylj")
    with pytest.raises(ValueError, match="available plugins are: mine"):
        coder._validate_plugins("other")
    assert coder._validate_plugins("mine") == {"mine": rle._decode_frame}
    with pytest.raises(ModuleNotFoundError):
        coder.add_plugin("x", ("no_such_module_here", "f"))
    with pytest.raises(AttributeError, match="has no attribute 'missing'"):
        coder.add_plugin("x", ("typeddcm.compat.pixels.decoders.rle", "missing"))
    with pytest.raises(ValueError, match="doesn't support 'Explicit VR Little Endian'"):
        common.CoderBase(EXPLICIT, decoder=True).add_plugin(
            "g", ("typeddcm.compat.pixels.decoders.gdcm", "_decode_frame"))
    coder.remove_plugin("mine")
    coder.remove_plugin("pylj")
    assert not coder.is_available
    with pytest.raises(ValueError, match="Unable to remove 'mine', no such plugin"):
        coder.remove_plugin("mine")
    coder._unavailable["z"] = ()
    assert coder.missing_dependencies == ["z - plugin indicating it is unavailable"]


def test_decoders_have_pydicoms_plugins() -> None:
    """Each of pydicom's decoders: the same syntax, and the same plugins available here."""
    for uid, (theirs, _) in p_base._PIXEL_DATA_DECODERS.items():
        ours = base.get_decoder(uid)
        assert ours.UID == theirs.UID and ours.is_native == theirs.is_native
        assert ours.available_plugins == theirs.available_plugins, uid
        assert sorted(ours._unavailable) == sorted(theirs._unavailable), uid
    assert base._PIXEL_DATA_DECODERS[RLE][0] is base.get_decoder(RLE)
    with pytest.raises(NotImplementedError, match="No pixel data decoders"):
        base.get_decoder("1.2.3.4")


def test_plugin_modules() -> None:
    assert rle.is_available(RLE) and not rle.is_available(EXPLICIT)
    for module in (rle, pylibjpeg, pillow, pyjpegls, gdcm):
        assert module.is_available("1.2.3.4") is False
        assert all(isinstance(v, tuple) for v in module.DECODER_DEPENDENCIES.values())
    assert not gdcm.is_available(JPEG_BASELINE)
    runner = base.DecodeRunner(JPEG_BASELINE)
    with pytest.raises(RuntimeError, match="no GDCM codec"):
        gdcm._decode_frame(b"", runner)


# --------------------------------------------------- decoding, against pydicom

_FILES = ["CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm",
          "SC_rgb_rle.dcm", "SC_rgb_rle_2frame.dcm", "SC_rgb_rle_16bit_2frame.dcm",
          "SC_rgb_rle_32bit.dcm", "rtdose.dcm", "rtdose_rle.dcm", "rtdose_expb.dcm",
          "SC_ybr_full_422_uncompressed.dcm", "liver_1frame.dcm", "liver_expb_1frame.dcm",
          "SC_rgb_small_odd.dcm", "SC_rgb_small_odd_big_endian.dcm", "JPEG-lossy.dcm",
          "SC_rgb_jpeg_gdcm.dcm", "SC_rgb_jpeg_dcmtk.dcm", "JPEGLSNearLossless_16.dcm",
          "MR_small_jpeg_ls_lossless.dcm", "MR_small_jp2klossless.dcm", "JPEG2000.dcm",
          "SC_rgb_gdcm_KY.dcm", "J2K_pixelrep_mismatch.dcm", "examples_ybr_color.dcm"]


def _pydicom_decodes() -> Iterator[tuple[str, str, bool]]:
    """(file, plugin, whether pydicom's plugin decodes it here) for each file's plugins."""
    for name in _FILES:
        theirs = _quiet(pydicom.dcmread, _DATA / name)
        decoder = p_base.get_decoder(theirs.file_meta.TransferSyntaxUID)
        for plugin in decoder.available_plugins or ("",):
            call = functools.partial(decoder.as_array, theirs, decoding_plugin=plugin)
            yield name, plugin, not _outcome(call)[0]


_DECODES = list(_pydicom_decodes())


def _cases() -> list[tuple[str, str]]:
    return [(name, plugin) for name, plugin, decodes in _DECODES if decodes]


def _refusals() -> list[tuple[str, str]]:
    """Where pydicom's plugin cannot decode a file here (see test_refusals_like_pydicom)."""
    return [(name, plugin) for name, plugin, decodes in _DECODES if not decodes]


@pytest.mark.parametrize(("name", "plugin"), _refusals())
def test_refusals_like_pydicom(name: str, plugin: str) -> None:
    """Where pydicom's plugin cannot decode a file, ours refuses with the same error type."""
    theirs, ours = _both(name)
    uid = theirs.file_meta.TransferSyntaxUID
    expected = _outcome(lambda: p_base.get_decoder(uid).as_array(theirs, decoding_plugin=plugin))
    got = _outcome(lambda: base.get_decoder(uid).as_array(ours, decoding_plugin=plugin))
    assert got[0] == expected[0]


def _pair(theirs: Callable[[], Any], ours: Callable[[], Any]) -> tuple[Any, Any]:
    """(pydicom's result, ours); pydicom's is None where pydicom itself fails (a few of its
    paths raise on read-only views or frames that end mid-byte), ours is still run."""
    try:
        expected = _quiet(theirs)
    except Exception:  # nothing to compare with
        expected = None
    return expected, _quiet(ours)


def _equal(got: Any, expected: Any) -> None:
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(("name", "plugin"), _cases())
def test_as_array_and_iter_array_like_pydicom(name: str, plugin: str) -> None:
    theirs, ours = _both(name)
    uid = theirs.file_meta.TransferSyntaxUID
    p_dec, t_dec = p_base.get_decoder(uid), base.get_decoder(uid)
    for raw in (False, True):
        e_pair, (got, g_props) = _pair(
            functools.partial(p_dec.as_array, theirs, raw=raw, decoding_plugin=plugin),
            functools.partial(t_dec.as_array, ours, raw=raw, decoding_plugin=plugin))
        assert got.flags.writeable
        if e_pair is not None:
            _equal(got, e_pair[0])
            assert g_props == e_pair[1]
    frames = int(theirs.get("NumberOfFrames", 1) or 1)
    last = frames - 1
    e_pair, (got, g_props) = _pair(
        lambda: p_dec.as_array(theirs, index=last, decoding_plugin=plugin),
        lambda: t_dec.as_array(ours, index=last, decoding_plugin=plugin))
    if e_pair is not None:
        _equal(got, e_pair[0])
        assert g_props == e_pair[1]
    theirs_iter, ours_iter = _pair(lambda: list(p_dec.iter_array(theirs, decoding_plugin=plugin)),
                                   lambda: list(t_dec.iter_array(ours, decoding_plugin=plugin)))
    assert len(ours_iter) == frames
    for (g, gp), (e, ep) in zip(ours_iter, theirs_iter or ours_iter, strict=True):
        _equal(g, e)
        assert gp == ep


@pytest.mark.parametrize(("name", "plugin"), _cases())
def test_as_buffer_and_iter_buffer_like_pydicom(name: str, plugin: str) -> None:
    theirs, ours = _both(name)
    uid = theirs.file_meta.TransferSyntaxUID
    p_dec, t_dec = p_base.get_decoder(uid), base.get_decoder(uid)
    if not p_dec.is_native and plugin in ("pylibjpeg", "pyjpegls", "pillow") and (
            uid in ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81") or "J2K" in name
            or "jp2k" in name or "JPEG2000" in name or "pixelrep" in name):
        # Raw decoded bytes of these come from the libraries' own sample order and
        # containers; the arrays above are compared instead.
        got, g_props = _quiet(t_dec.as_buffer, ours, decoding_plugin=plugin)
        assert isinstance(got, (bytes, bytearray)) and g_props["rows"] == ours.Rows
        return
    expected, e_props = _quiet(p_dec.as_buffer, theirs, decoding_plugin=plugin)
    got, g_props = _quiet(t_dec.as_buffer, ours, decoding_plugin=plugin)
    assert bytes(got) == bytes(expected)
    assert g_props == e_props
    theirs_iter = _quiet(list, p_dec.iter_buffer(theirs, decoding_plugin=plugin))
    ours_iter = _quiet(list, t_dec.iter_buffer(ours, decoding_plugin=plugin))
    assert [bytes(b) for b, _ in ours_iter] == [bytes(b) for b, _ in theirs_iter]
    assert [p for _, p in ours_iter] == [p for _, p in theirs_iter]


def test_errors_like_pydicom() -> None:
    theirs, ours = _both("SC_rgb_rle_2frame.dcm")
    p_dec, t_dec = p_base.get_decoder(RLE), base.get_decoder(RLE)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("as_array", {"index": -1}), ("as_array", {"index": 5}),
        ("as_array", {"decoding_plugin": "nope"}), ("as_buffer", {"index": 2}),
        ("as_array", {"force_rgb": True, "force_ybr": True}),
    ]
    for method, kwargs in calls:
        got = _outcome(functools.partial(getattr(t_dec, method), ours, **kwargs))
        expected = _outcome(functools.partial(getattr(p_dec, method), theirs, **kwargs))
        assert got[0] == expected[0], (method, kwargs, got, expected)
    explicit = base.get_decoder(EXPLICIT)
    with pytest.raises(ValueError, match="doesn't match the pixel data decoder"):
        explicit.as_array(ours)
    with pytest.raises(ValueError, match="insufficient pixel data to contain 3 frames"):
        explicit.as_array(b"\x00" * 8, rows=2, columns=2, samples_per_pixel=1,
                          bits_allocated=8, bits_stored=8, pixel_representation=0,
                          photometric_interpretation="MONOCHROME2", number_of_frames=2,
                          pixel_keyword="PixelData", index=2, validate=False)


_DTYPES = {8: "u1", 16: "u2", 32: "u4"}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), bits=st.sampled_from([1, 8, 16, 32]), samples=st.sampled_from([1, 3]),
       frames=st.integers(1, 3), rows=st.integers(1, 7), columns=st.integers(1, 7),
       signed=st.integers(0, 1), big=st.booleans(), planar=st.integers(0, 1),
       view_only=st.booleans())
def test_native_buffers_like_pydicom(data: st.DataObject, bits: int, samples: int, frames: int,
                                     rows: int, columns: int, signed: int, big: bool,
                                     planar: int, view_only: bool) -> None:
    """Native pixel data given as a buffer: arrays, buffers and frames equal pydicom's."""
    if bits == 1:
        samples, signed = 1, 0
    uid = BIG if big and bits > 1 else EXPLICIT
    stored = data.draw(st.integers(1, bits))
    per_frame = rows * columns * samples
    size = -(-per_frame * frames * bits // 8)
    raw = data.draw(st.binary(min_size=size, max_size=size))
    options: dict[str, Any] = {
               "rows": rows, "columns": columns, "samples_per_pixel": samples,
               "bits_allocated": bits, "bits_stored": stored, "pixel_representation": signed,
               "photometric_interpretation": "RGB" if samples == 3 else "MONOCHROME2",
               "number_of_frames": frames, "planar_configuration": planar,
               "pixel_keyword": "PixelData", "view_only": view_only}
    p_dec, t_dec = p_base.get_decoder(pydicom.uid.UID(uid)), base.get_decoder(uid)
    index = data.draw(st.none() | st.integers(0, frames - 1))
    whole, _ = _quiet(t_dec.as_array, raw, **{**options, "view_only": False})
    e_pair, (got, g_props) = _pair(lambda: p_dec.as_array(raw, index=index, **options),
                                   lambda: t_dec.as_array(raw, index=index, **options))
    if e_pair is not None:
        _equal(got, e_pair[0])
        assert g_props == e_pair[1]
    # Frame `index` is that frame of the whole (a 1-bit frame may start mid-byte).
    _equal(got, whole if index is None or frames == 1 else whole[index])
    e_buf, _ = _quiet(p_dec.as_buffer, raw, index=index, **options)
    g_buf, _ = _quiet(t_dec.as_buffer, raw, index=index, **options)
    assert type(g_buf) is type(e_buf)
    if bits == 1 and index is not None:
        # The bytes holding the frame: pydicom's, or more where its frame ends mid-byte.
        assert bytes(g_buf).startswith(bytes(e_buf))
        bits_of = np.unpackbits(np.frombuffer(bytes(g_buf), "u1"), bitorder="little")
        first = index * rows * columns % 8
        assert np.array_equal(bits_of[first:first + rows * columns], got.ravel())
    else:
        assert bytes(g_buf) == bytes(e_buf)
    e_frames, g_frames = _pair(lambda: list(p_dec.iter_array(raw, **options)),
                               lambda: list(t_dec.iter_array(raw, **options)))
    for number, (g, _) in enumerate(g_frames):
        _equal(g, whole if frames == 1 else whole[number])
        if e_frames is not None:
            _equal(g, e_frames[number][0])


def test_ybr_422_and_view_only() -> None:
    theirs, ours = _both("SC_ybr_full_422_uncompressed.dcm")
    p_dec, t_dec = p_base.get_decoder(EXPLICIT), base.get_decoder(EXPLICIT)
    for raw in (True, False):
        got, g_props = t_dec.as_array(ours, raw=raw)
        expected, e_props = _quiet(p_dec.as_array, theirs, raw=raw)
        _equal(got, expected)
        assert g_props == e_props
    view, _ = t_dec.as_array(ours, view_only=True, raw=True)
    assert view.shape == (ours.Rows, ours.Columns, 3)
    _, ours2 = _both("CT_small.dcm")
    arr, _ = t_dec.as_array(ours2, view_only=True, correct_unused_bits=False)
    assert not arr.flags.writeable  # a view on the dataset's bytes
    buffer, _ = t_dec.as_buffer(ours2, view_only=True)
    assert isinstance(buffer, memoryview)


def test_custom_plugin_is_called() -> None:
    """A plugin added by import path: its frame function gets each frame and the runner."""
    module = types.ModuleType("h3_test_plugin")
    seen: list[int] = []

    def decode(src: bytes, runner: base.DecodeRunner) -> bytes:
        seen.append(len(src))
        return bytes(int(runner.frame_length(unit="bytes")))

    module.DECODER_DEPENDENCIES = {RLE: ("nothing",)}  # type: ignore[attr-defined]
    module.is_available = lambda uid: uid == RLE  # type: ignore[attr-defined]
    module.decode = decode  # type: ignore[attr-defined]
    sys.modules[module.__name__] = module
    try:
        decoder = base.Decoder(RLE)
        decoder.add_plugin("zeros", (module.__name__, "decode"))
        _, ours = _both("SC_rgb_rle_2frame.dcm")
        arr, props = decoder.as_array(ours, raw=True)
        assert arr.shape == (2, 100, 100, 3) and not arr.any() and len(seen) == 2
        assert props["number_of_frames"] == 2
    finally:
        del sys.modules[module.__name__]


def test_plugin_changing_warns_and_failures_are_listed() -> None:
    calls = {"n": 0}

    def flaky(src: bytes, runner: base.DecodeRunner) -> bytes:
        calls["n"] += 1
        if calls["n"] >= 2:
            raise ValueError("second frame refused")
        return bytes(int(runner.frame_length(unit="bytes")))

    def broken(src: bytes, runner: base.DecodeRunner) -> bytes:
        raise ValueError("never")

    _, ours = _both("SC_rgb_rle_2frame.dcm")
    runner = base.DecodeRunner(RLE)
    runner.set_source(ours)
    runner.set_decoders({"flaky": flaky, "pydicom": rle._decode_frame})
    with pytest.warns(UserWarning, match="changed from 'flaky' to 'pydicom'"):
        frames = list(runner.iter_decode())
    assert len(frames) == 2
    runner.set_decoders({"broken": broken})
    with pytest.raises(RuntimeError, match="broken: never"):
        runner.decode(0)


# ----------------------------------------------------------------------- RLE


def _header(offsets: list[int]) -> bytes:
    return struct.pack(f"<{1 + len(offsets)}L", len(offsets), *offsets).ljust(64, b"\x00")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_rle_decode_segment_like_pydicom(data: bytes) -> None:
    assert rle._rle_decode_segment(data) == p_rle._rle_decode_segment(data)
    assert rle_handler._rle_decode_segment(data) == p_rle._rle_decode_segment(data)


@settings(max_examples=80, deadline=None)
@given(data=st.data(), bits=st.sampled_from([8, 16, 32]), samples=st.sampled_from([1, 3]),
       rows=st.integers(1, 9), columns=st.integers(1, 9), order=st.sampled_from([">", "<"]))
def test_rle_frames_like_pydicom(data: st.DataObject, bits: int, samples: int, rows: int,
                                 columns: int, order: str) -> None:
    dtype = _DTYPES[bits]
    shape = (rows, columns, samples) if samples > 1 else (rows, columns)
    values = data.draw(st.lists(st.integers(0, 2**bits - 1), min_size=int(np.prod(shape)),
                                max_size=int(np.prod(shape))))
    frame = core_rle.encode_frame(np.array(values, dtype=dtype).reshape(shape), bits)
    ours = rle._rle_decode_frame(frame, rows, columns, samples, bits, order)
    assert ours == p_rle._rle_decode_frame(frame, rows, columns, samples, bits, order)
    runner, theirs_runner = base.DecodeRunner(RLE), p_base.DecodeRunner(pydicom.uid.UID(RLE))
    for r in (runner, theirs_runner):
        r.set_options(rows=rows, columns=columns, samples_per_pixel=samples,
                      bits_allocated=bits, rle_segment_order=order)
    assert rle._decode_frame(frame, runner) == p_rle._decode_frame(frame, theirs_runner)
    assert runner.planar_configuration == theirs_runner.planar_configuration == 1


def test_rle_errors_like_pydicom() -> None:
    cases: list[tuple[bytes, int, int, int, int]] = [
        (b"\x00\x00\x00\x00", 1, 1, 1, 12),
        (_header([64, 70]), 1, 1, 1, 8),
        (_header([64]) + b"\x00\x01", 2, 2, 1, 8),
        (_header([64]) + b"\x03\x01\x02\x03\x04\x05", 2, 2, 1, 8),
    ]
    for args in cases:
        got = _outcome(functools.partial(rle._rle_decode_frame, *args))
        expected = _outcome(functools.partial(p_rle._rle_decode_frame, *args))
        assert got == expected
    with pytest.warns(UserWarning, match="non-conformant padding - 5 vs. 4 bytes"):
        rle._rle_decode_frame(_header([64]) + b"\x04\x01\x02\x03\x04\x05", 2, 2, 1, 8)
    for header in (b"\x00" * 63, b"\x10" + b"\x00" * 63):
        assert _outcome(functools.partial(rle._rle_parse_header, header)) == _outcome(
            functools.partial(p_rle._rle_parse_header, header))
    with pytest.raises(NotImplementedError, match="'Bits Allocated' value of 12"):
        rle_handler._rle_decode_frame(b"", 1, 1, 1, 12)

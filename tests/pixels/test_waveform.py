"""typeddcm.pixels.waveform against pydicom's waveform_array / multiplex_array.

The oracle is pydicom 3 (``Dataset.waveform_array`` and
``pydicom.waveforms.multiplex_array``) on its wheel ECG and on little endian files
written here for every Bits Allocated / Sample Interpretation pair; big endian
files (which pydicom reads in the machine's byte order) are checked against the
samples the test wrote.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
import typeddcm.compat as tc
from typeddcm import keys
from typeddcm.compat import waveforms as compat_waveforms
from typeddcm.errors import DecodeError, InvalidValueError, MissingAttributeError
from typeddcm.pixels import (
    ChannelInfo,
    iter_waveforms,
    multiplex_count,
    multiplex_info,
    waveform_array,
)
from typeddcm.pixels.waveform import SAMPLE_TYPES
from typeddcm.vr import OB, OW, SQ

pydicom = pytest.importorskip("pydicom")
waveforms = pytest.importorskip("pydicom.waveforms")

_DATA = Path(pydicom.__file__).parent / "data" / "test_files"
_ECG = _DATA / "waveform_ecg.dcm"
_LE, _BE = "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2"
Array = npt.NDArray[Any]


def _channel(sensitivity: str | None = "0.5", correction: str | None = "2.0",
             baseline: str | None = "-1.5", label: str = "") -> typeddcm.Dataset:
    item = typeddcm.Dataset().set(keys.WaveformBitsStored, 16)
    for key, value in ((keys.ChannelSensitivity, sensitivity),
                       (keys.ChannelSensitivityCorrectionFactor, correction),
                       (keys.ChannelBaseline, baseline), (keys.ChannelLabel, label or None)):
        if value is not None:
            item = item.set(key, value)
    units = typeddcm.Dataset().set(keys.CodeValue, "uV").set(keys.CodeMeaning, "microvolt")
    source = typeddcm.Dataset().set(keys.CodeValue, "5.6.3-9-1").set(keys.CodeMeaning, "Lead I")
    return (item.set(keys.ChannelSensitivityUnitsSequence, SQ([units]))
                .set(keys.ChannelSourceSequence, SQ([source])))


def _group(samples: Array, bits: int, interpretation: str, *, data: Any = None,
           channels: list[typeddcm.Dataset] | None = None) -> typeddcm.Dataset:
    count, width = samples.shape
    raw = data if data is not None else (OB if bits == 8 else OW)(
        samples.astype(np.dtype(SAMPLE_TYPES[(bits, interpretation)]).newbyteorder("<"))
        .tobytes())
    item = (typeddcm.Dataset()
            .set(keys.WaveformOriginality, "ORIGINAL")
            .set(keys.NumberOfWaveformChannels, width)
            .set(keys.NumberOfWaveformSamples, count)
            .set(keys.SamplingFrequency, "500")
            .set(keys.MultiplexGroupLabel, "TEST")
            .set(keys.WaveformBitsAllocated, bits)
            .set(keys.WaveformSampleInterpretation, interpretation)
            .set(keys.WaveformData, raw))
    if channels is not None:
        item = item.set(keys.ChannelDefinitionSequence, SQ(channels))
    return item


def _file(*groups: typeddcm.Dataset) -> typeddcm.Dataset:
    return (typeddcm.Dataset()
            .set(keys.SOPClassUID, "1.2.840.10008.5.1.4.1.1.9.1.1")
            .set(keys.SOPInstanceUID, "1.2.3.4.6")
            .set(keys.WaveformSequence, SQ(list(groups))))


def _written(ds: typeddcm.Dataset, syntax: str = _LE) -> bytes:
    return typeddcm.DicomFile.new(ds, syntax).to_bytes()


def _pydicom(data: bytes) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(io.BytesIO(data))


def _samples(bits: int, interpretation: str, shape: tuple[int, int], seed: int = 1) -> Array:
    dtype = np.dtype(SAMPLE_TYPES[(bits, interpretation)])
    info = np.iinfo(dtype)
    rng = np.random.default_rng(seed)
    return rng.integers(info.min, info.max, size=shape, dtype=dtype, endpoint=True)


# ----------------------------------------------------------------------- wheel file


@pytest.mark.parametrize("index", [0, 1, -1])
def test_wheel_ecg_matches_pydicom(index: int) -> None:
    theirs = pydicom.dcmread(_ECG)
    f = typeddcm.read(_ECG)
    corrected = waveform_array(f, index)
    expected = theirs.waveform_array(index)
    assert corrected.dtype == expected.dtype == np.float64
    np.testing.assert_array_equal(corrected, expected)
    raw = waveform_array(f, index, as_raw=True)
    expected_raw = waveforms.multiplex_array(theirs, index, as_raw=True)
    assert raw.dtype == expected_raw.dtype and raw.flags.writeable
    np.testing.assert_array_equal(raw, expected_raw)
    ours = tc.dcmread(_ECG)
    np.testing.assert_array_equal(ours.waveform_array(index), expected)


def test_wheel_ecg_info_and_iteration() -> None:
    f = typeddcm.read(_ECG)
    assert multiplex_count(f) == 2 and multiplex_count(typeddcm.read(_DATA / "CT_small.dcm")) == 0
    info = multiplex_info(f, 0)
    assert (info.index, info.channels, info.samples, info.bits_allocated) == (0, 12, 10000, 16)
    assert (info.sample_interpretation, info.sampling_frequency) == ("SS", 1000.0)
    assert info.originality == "ORIGINAL" and info.label == "RHYTHM" and info.duration == 10.0
    assert info.dtype == np.int16 and len(info.channel_definitions) == 12
    lead = info.channel_definitions[0]
    assert (lead.source, lead.sensitivity, lead.sensitivity_units) == ("Lead I (Einthoven)", 1.25,
                                                                        "uV")
    assert (lead.correction_factor, lead.baseline, lead.bits_stored) == (1.0, 0.0, 16)
    assert multiplex_info(f, -1).index == 1
    theirs = pydicom.dcmread(_ECG)
    for ours, expected in zip(iter_waveforms(f, as_raw=True),
                              waveforms.generate_multiplex(theirs, as_raw=True), strict=True):
        np.testing.assert_array_equal(ours, expected)
    compat = compat_waveforms.generate_multiplex(tc.dcmread(_ECG), as_raw=False)
    for ours, expected in zip(compat, waveforms.generate_multiplex(theirs, as_raw=False),
                              strict=True):
        np.testing.assert_array_equal(ours, expected)


# ----------------------------------------------------------------------- synthetic files


@pytest.mark.parametrize(("bits", "interpretation"), sorted(SAMPLE_TYPES))
def test_every_sample_type_matches_pydicom(bits: int, interpretation: str) -> None:
    samples = _samples(bits, interpretation, (9, 3), seed=bits)
    channels = [_channel(), _channel("1.25", None, None), _channel(None, "3", "10")]
    data = _written(_file(_group(samples, bits, interpretation, channels=channels)))
    f = typeddcm.read(data)
    theirs = _pydicom(data)
    raw = waveform_array(f, 0, as_raw=True)
    np.testing.assert_array_equal(raw, samples)
    assert raw.dtype == np.dtype(waveforms.numpy_handler.WAVEFORM_DTYPES[(bits, interpretation)])
    np.testing.assert_array_equal(raw, waveforms.multiplex_array(theirs, 0, as_raw=True))
    corrected = waveform_array(f, 0)
    np.testing.assert_array_equal(corrected, theirs.waveform_array(0))
    expected = samples.astype(np.float64)
    expected[:, 0] = expected[:, 0] * 0.5 * 2.0 - 1.5
    expected[:, 1] = expected[:, 1] * 1.25
    expected[:, 2] = expected[:, 2] * 3 + 10
    np.testing.assert_array_equal(corrected, expected)


def test_fewer_channel_definitions_leave_channels_unscaled() -> None:
    samples = _samples(16, "SS", (5, 3))
    data = _written(_file(_group(samples, 16, "SS", channels=[_channel("2", None, None)])))
    corrected = waveform_array(typeddcm.read(data), 0)
    np.testing.assert_array_equal(corrected[:, 0], samples[:, 0] * 2.0)
    np.testing.assert_array_equal(corrected[:, 1:], samples[:, 1:].astype(np.float64))
    np.testing.assert_array_equal(corrected, _pydicom(data).waveform_array(0))


@pytest.mark.parametrize(("bits", "interpretation"), [(16, "SS"), (16, "US"), (32, "SL"),
                                                       (64, "UV"), (8, "SB"), (8, "MB")])
def test_big_endian_files(bits: int, interpretation: str) -> None:
    """Words are read in the file's byte order; 8-bit samples in a swapped OW are put back."""
    samples = _samples(bits, interpretation, (7, 2), seed=3)
    dtype = np.dtype(SAMPLE_TYPES[(bits, interpretation)])
    if bits == 8:  # OW on purpose: a big endian writer swaps its byte pairs
        data = OW(samples.astype(dtype).tobytes())
    else:  # values in the file's byte order, as a big endian writer stores them
        data = OW.from_buffer(samples.astype(dtype.newbyteorder(">")).tobytes(),
                              little_endian=False)
    written = _written(_file(_group(samples, bits, interpretation, data=data,
                                    channels=[_channel(), _channel()])), _BE)
    f = typeddcm.read(written)
    raw = waveform_array(f, 0, as_raw=True)
    assert raw.dtype == dtype  # native byte order out
    np.testing.assert_array_equal(raw, samples)
    np.testing.assert_array_equal(waveform_array(f, 0), samples * 0.5 * 2.0 - 1.5)


def test_several_groups_and_channel_info() -> None:
    first, second = _samples(16, "SS", (4, 2), 1), _samples(8, "UB", (6, 1), 2)
    ds = _file(_group(first, 16, "SS", channels=[_channel(label="I"), _channel(label="II")]),
               _group(second, 8, "UB", channels=[_channel()]))
    assert [a.shape for a in iter_waveforms(ds)] == [(4, 2), (6, 1)]
    info = multiplex_info(ds, 0)
    assert info.channel_definitions[1] == ChannelInfo(
        label="II", source="Lead I", sensitivity=0.5, sensitivity_units="uV",
        correction_factor=2.0, baseline=-1.5, bits_stored=16)
    assert info.channel_definitions[0].scale == 1.0 and info.channel_definitions[0].offset == -1.5
    assert ChannelInfo().scale == 1.0 and ChannelInfo().offset == 0.0


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(sorted(SAMPLE_TYPES)), st.integers(1, 6), st.integers(0, 40),
       st.integers(0, 2**32 - 1))
def test_raw_round_trip(pair: tuple[int, str], channels: int, count: int, seed: int) -> None:
    samples = _samples(*pair, (count, channels), seed=seed)
    f = typeddcm.read(_written(_file(_group(samples, *pair, channels=[_channel()] * channels))))
    raw = waveform_array(f, 0, as_raw=True)
    assert raw.shape == (count, channels)
    np.testing.assert_array_equal(raw, samples)
    corrected = waveform_array(f, 0)
    np.testing.assert_array_equal(corrected, samples.astype(np.float64) * 0.5 * 2.0 - 1.5)


# ----------------------------------------------------------------------- bad input


def test_no_waveform_sequence() -> None:
    ct = typeddcm.read(_DATA / "CT_small.dcm")
    with pytest.raises(MissingAttributeError, match="Waveform Sequence"):
        waveform_array(ct, 0)
    with pytest.raises(AttributeError, match="Waveform Sequence"):
        tc.dcmread(_DATA / "CT_small.dcm").waveform_array(0)
    with pytest.raises(AttributeError):
        pydicom.dcmread(_DATA / "CT_small.dcm").waveform_array(0)
    with pytest.raises(AttributeError):
        list(compat_waveforms.generate_multiplex(tc.dcmread(_DATA / "CT_small.dcm")))


def test_index_out_of_range() -> None:
    for index in (2, -3):
        with pytest.raises(IndexError, match="2 item"):
            waveform_array(typeddcm.read(_ECG), index)
        with pytest.raises(IndexError):
            tc.dcmread(_ECG).waveform_array(index)
        with pytest.raises(IndexError):
            pydicom.dcmread(_ECG).waveform_array(index)
    with pytest.raises(TypeError):
        waveform_array(typeddcm.read(_ECG), "0")  # type: ignore[arg-type]


def test_missing_required_elements() -> None:
    samples = _samples(16, "SS", (4, 2))
    ds = _file(_group(samples, 16, "SS", channels=[_channel()]).delete(keys.WaveformData)
               .delete(keys.WaveformBitsAllocated))
    with pytest.raises(MissingAttributeError, match="WaveformBitsAllocated, WaveformData"):
        waveform_array(ds, 0)
    with pytest.raises(AttributeError, match="WaveformBitsAllocated, WaveformData"):
        tc.Dataset(ds).waveform_array(0)
    with pytest.raises(AttributeError):
        _pydicom(_written(ds)).waveform_array(0)


def test_no_channel_definitions() -> None:
    samples = _samples(16, "SS", (4, 2))
    data = _written(_file(_group(samples, 16, "SS")))
    with pytest.raises(MissingAttributeError, match="Channel Definition Sequence"):
        waveform_array(typeddcm.read(data), 0)
    with pytest.raises(AttributeError):
        tc.dcmread(io.BytesIO(data)).waveform_array(0)
    with pytest.raises(AttributeError):
        _pydicom(data).waveform_array(0)
    np.testing.assert_array_equal(waveform_array(typeddcm.read(data), 0, as_raw=True), samples)


def test_bad_values() -> None:
    samples = _samples(16, "SS", (4, 2))
    short = _file(_group(samples, 16, "SS", data=OW(samples.astype("<i2").tobytes()[:-4]),
                         channels=[_channel()]))
    with pytest.raises(DecodeError, match="need 16"):
        waveform_array(short, 0)
    with pytest.raises(ValueError, match="reshape"):
        _pydicom(_written(short)).waveform_array(0)
    mismatch = _file(_group(samples, 16, "SS", channels=[_channel()])
                     .set(keys.WaveformSampleInterpretation, "SB"))
    with pytest.raises(InvalidValueError, match="16/SB"):
        waveform_array(mismatch, 0)
    too_many = _file(_group(samples, 16, "SS", channels=[_channel()] * 3))
    with pytest.raises(InvalidValueError, match="3 items for 2 channels"):
        waveform_array(too_many, 0)
    np.testing.assert_array_equal(waveform_array(too_many, 0, as_raw=True), samples)
    no_channels = _file(_group(samples, 16, "SS").set(keys.NumberOfWaveformChannels, 0))
    with pytest.raises(InvalidValueError, match="positive"):
        waveform_array(no_channels, 0, as_raw=True)

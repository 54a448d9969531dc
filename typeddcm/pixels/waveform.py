"""Waveforms (PS3.3 C.10.9 Waveform Module) as numpy arrays.

Each item of the Waveform Sequence (5400,0100) is a multiplex group: Number of
Waveform Channels, Number of Waveform Samples, Waveform Bits Allocated, Waveform
Sample Interpretation and Waveform Data (5400,1010), whose samples are
multiplexed: every channel's first sample, then every channel's second, and so on
(C.10.9.1.7), so one group is an array shaped (samples, channels).

Corrected values (the default) are float64: for each channel of the Channel
Definition Sequence, ``sample * Channel Sensitivity * Channel Sensitivity
Correction Factor + Channel Baseline``, each factor 1 (the baseline 0) when absent
or empty; the values are then in the units of the Channel Sensitivity Units
Sequence.  This is pydicom's (2.1 and later) rule.  ``as_raw=True`` gives the
stored samples in their own dtype.

Mu-law (MB) and A-law (AB) samples are given as their 8-bit codes, unexpanded, as
pydicom gives them.  Samples are read in the value's byte order: 16, 32 and
64-bit words of a big endian file as big endian, and 8-bit samples in an OW of a
big endian file with their swapped byte pairs put back.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt

from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import DecodeError, InvalidValueError, MissingAttributeError
from typeddcm.vr.bulk import _Bulk
from typeddcm.vr.sequence import SQ

__all__ = [
    "SAMPLE_TYPES",
    "ChannelInfo",
    "MultiplexInfo",
    "iter_waveforms",
    "multiplex_count",
    "multiplex_info",
    "waveform_array",
]

Source = DicomFile | Dataset

#: Waveform Bits Allocated and Sample Interpretation -> sample type (C.10.9.1.5).
SAMPLE_TYPES: dict[tuple[int, str], str] = {
    (8, "SB"): "i1", (8, "UB"): "u1", (8, "MB"): "u1", (8, "AB"): "u1",
    (16, "SS"): "i2", (16, "US"): "u2",
    (32, "SL"): "i4", (32, "UL"): "u4",
    (64, "SV"): "i8", (64, "UV"): "u8",
}
_REQUIRED = (
    ("NumberOfWaveformChannels", keys.NumberOfWaveformChannels),
    ("NumberOfWaveformSamples", keys.NumberOfWaveformSamples),
    ("WaveformBitsAllocated", keys.WaveformBitsAllocated),
    ("WaveformSampleInterpretation", keys.WaveformSampleInterpretation),
    ("WaveformData", keys.WaveformData),
)


@attrs.frozen
class ChannelInfo:
    """One item of the Channel Definition Sequence (C.10.9.1)."""

    label: str = ""
    #: Code Meaning (else Code Value) of the Channel Source Sequence.
    source: str = ""
    sensitivity: float | None = None
    #: Code Value (UCUM) of the Channel Sensitivity Units Sequence, e.g. "uV".
    sensitivity_units: str = ""
    correction_factor: float | None = None
    baseline: float | None = None
    time_skew: float | None = None
    sample_skew: float | None = None
    bits_stored: int | None = None

    @property
    def scale(self) -> float:
        """What a stored sample is multiplied by: sensitivity x correction factor."""
        sensitivity = 1.0 if self.sensitivity is None else self.sensitivity
        correction = 1.0 if self.correction_factor is None else self.correction_factor
        return sensitivity * correction

    @property
    def offset(self) -> float:
        """What is added after scaling: Channel Baseline (0 when absent)."""
        return 0.0 if self.baseline is None else self.baseline


@attrs.frozen
class MultiplexInfo:
    """What one item of the Waveform Sequence says about its multiplex group."""

    index: int
    channels: int
    samples: int
    bits_allocated: int
    sample_interpretation: str
    sampling_frequency: float | None = None
    originality: str = ""
    label: str = ""
    channel_definitions: tuple[ChannelInfo, ...] = ()

    @property
    def dtype(self) -> np.dtype[Any]:
        """The numpy type of one stored sample (native byte order)."""
        key = (self.bits_allocated, self.sample_interpretation)
        if key not in SAMPLE_TYPES:
            known = ", ".join(f"{b}/{s}" for b, s in SAMPLE_TYPES)
            raise InvalidValueError(
                "CS", f"{self.bits_allocated}/{self.sample_interpretation}",
                "Waveform Bits Allocated / Waveform Sample Interpretation must be one of "
                + known)
        return np.dtype(SAMPLE_TYPES[key])

    @property
    def duration(self) -> float | None:
        """Seconds the group lasts (samples / Sampling Frequency), if the frequency is known."""
        if not self.sampling_frequency:
            return None
        return self.samples / self.sampling_frequency


def _dataset(source: Source) -> Dataset:
    return source.dataset if isinstance(source, DicomFile) else source


def _items(ds: Dataset) -> tuple[Dataset, ...]:
    seq = ds.get(keys.WaveformSequence)
    if seq is None:
        msg = "No (5400,0100) Waveform Sequence element found in the dataset"
        raise MissingAttributeError(msg)
    if not isinstance(seq, SQ):
        raise InvalidValueError(seq.code, seq, "Waveform Sequence must be a sequence (SQ)")
    return tuple(seq.values)


def _first(item: Dataset, key: Any) -> Any:
    vr = item.get(key)
    values: Sequence[Any] = vr.values if vr is not None else ()
    return values[0] if len(values) else None


def _float(item: Dataset, key: Any) -> float | None:
    value = _first(item, key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise InvalidValueError("DS", value, f"{key.keyword} must be a number") from error


def _int(item: Dataset, key: Any) -> int | None:
    value = _first(item, key)
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError) as error:
        raise InvalidValueError("US", value, f"{key.keyword} must be an integer") from error


def _text(item: Dataset, key: Any) -> str:
    value = _first(item, key)
    return "" if value is None else str(value).strip()


def _code(item: Dataset, key: Any, prefer_meaning: bool) -> str:
    seq = item.get(key)
    if not isinstance(seq, SQ) or not len(seq.values):
        return ""
    code = seq.values[0]
    first, second = ((keys.CodeMeaning, keys.CodeValue) if prefer_meaning
                     else (keys.CodeValue, keys.CodeMeaning))
    return _text(code, first) or _text(code, second)


def _channel(item: Dataset) -> ChannelInfo:
    return ChannelInfo(
        label=_text(item, keys.ChannelLabel),
        source=_code(item, keys.ChannelSourceSequence, prefer_meaning=True),
        sensitivity=_float(item, keys.ChannelSensitivity),
        sensitivity_units=_code(item, keys.ChannelSensitivityUnitsSequence,
                                prefer_meaning=False),
        correction_factor=_float(item, keys.ChannelSensitivityCorrectionFactor),
        baseline=_float(item, keys.ChannelBaseline),
        time_skew=_float(item, keys.ChannelTimeSkew),
        sample_skew=_float(item, keys.ChannelSampleSkew),
        bits_stored=_int(item, keys.WaveformBitsStored),
    )


def _item(ds: Dataset, index: int) -> tuple[int, Dataset]:
    items = _items(ds)
    given: object = index  # callers without type checking may pass anything
    if not isinstance(given, int) or isinstance(given, bool):
        msg = f"a multiplex group index is an int, not {type(index).__name__}"
        raise TypeError(msg)
    if not -len(items) <= index < len(items):
        msg = f"Waveform Sequence has {len(items)} item(s); there is no index {index}"
        raise IndexError(msg)
    position = index % len(items)
    item = items[position]
    missing = [name for name, key in _REQUIRED if key not in item]
    if missing:
        msg = (f"Unable to convert the waveform multiplex group with index {position} as the "
               "following required elements are missing from the sequence item: "
               + ", ".join(missing))
        raise MissingAttributeError(msg)
    return position, item


def multiplex_count(source: Source) -> int:
    """How many multiplex groups the Waveform Sequence holds (0 when there is none)."""
    seq = _dataset(source).get(keys.WaveformSequence)
    return len(seq.values) if isinstance(seq, SQ) else 0


def _info(position: int, item: Dataset, *, channels_too: bool = True) -> MultiplexInfo:
    """The group's attributes; ``channels_too=False`` skips the Channel Definition
    Sequence (waveform_array reads only the three factors it needs from it)."""
    channels, samples = _int(item, keys.NumberOfWaveformChannels), _int(
        item, keys.NumberOfWaveformSamples)
    bits = _int(item, keys.WaveformBitsAllocated)
    if channels is None or samples is None or bits is None:
        raise MissingAttributeError(
            f"multiplex group {position}: Number of Waveform Channels, Number of Waveform "
            "Samples and Waveform Bits Allocated need a value")
    if channels < 1 or samples < 0:
        raise InvalidValueError("US", (channels, samples),
                                "Number of Waveform Channels must be positive")
    definitions = item.get(keys.ChannelDefinitionSequence) if channels_too else None
    return MultiplexInfo(
        index=position, channels=channels, samples=samples, bits_allocated=bits,
        sample_interpretation=_text(item, keys.WaveformSampleInterpretation).upper(),
        sampling_frequency=_float(item, keys.SamplingFrequency),
        originality=_text(item, keys.WaveformOriginality),
        label=_text(item, keys.MultiplexGroupLabel),
        channel_definitions=tuple(_channel(c) for c in definitions.values)
        if isinstance(definitions, SQ) else (),
    )


def multiplex_info(source: Source, index: int = 0) -> MultiplexInfo:
    """The attributes of multiplex group ``index`` (negative counts from the end).

    Errors: no Waveform Sequence or a required attribute missing,
    :class:`~typeddcm.errors.MissingAttributeError`; ``index`` out of range, IndexError.
    """
    return _info(*_item(_dataset(source), index))


def _stored(item: Dataset, info: MultiplexInfo) -> npt.NDArray[Any]:
    """The stored samples, (samples, channels): a read-only view of the value, in its byte order."""
    dtype = info.dtype
    vr = item.get(keys.WaveformData)
    if not isinstance(vr, _Bulk):
        code = getattr(vr, "code", "?")
        raise InvalidValueError(code, vr, "Waveform Data must be OB or OW bytes")
    count = info.samples * info.channels
    needed = count * dtype.itemsize
    if len(vr.data) < needed:
        msg = (f"multiplex group {info.index}: Waveform Data has {len(vr.data)} bytes, "
               f"{info.samples} samples x {info.channels} channels of "
               f"{info.bits_allocated} bits need {needed}")
        raise DecodeError(msg, path="WaveformSequence")
    if dtype.itemsize == 1:
        # A byte stream: an OW of a big endian file holds it in swapped pairs.
        data = vr.data if vr.byteorder == "<" else vr.tobytes(little_endian=True)
        words = np.frombuffer(data, dtype, count=count)
    else:
        words = np.frombuffer(vr.data, dtype.newbyteorder(vr.byteorder), count=count)
    return words.reshape(info.samples, info.channels)


def _factors(item: Dataset, info: MultiplexInfo) -> tuple[npt.NDArray[np.float64], ...]:
    """Per channel: Channel Sensitivity, Correction Factor (1 when absent), Baseline (0)."""
    seq = item.get(keys.ChannelDefinitionSequence)
    if not isinstance(seq, SQ):
        msg = (f"multiplex group {info.index}: no Channel Definition Sequence (003A,0200) to "
               "correct the samples with; pass as_raw=True for the stored values")
        raise MissingAttributeError(msg)
    definitions = seq.values
    if len(definitions) > info.channels:
        raise InvalidValueError(
            "SQ", len(definitions),
            f"multiplex group {info.index}: the Channel Definition Sequence has "
            f"{len(definitions)} items for {info.channels} channels")
    factors = (np.ones(info.channels), np.ones(info.channels), np.zeros(info.channels))
    for channel, definition in enumerate(definitions):
        for values, key in zip(factors, (keys.ChannelSensitivity,
                                         keys.ChannelSensitivityCorrectionFactor,
                                         keys.ChannelBaseline), strict=True):
            value = _float(definition, key)
            if value is not None:
                values[channel] = value
    return factors


def waveform_array(source: Source, index: int = 0, *, as_raw: bool = False) -> npt.NDArray[Any]:
    """Multiplex group ``index`` of the Waveform Sequence, shaped (samples, channels).

    float64 values corrected by each channel's sensitivity, correction factor and
    baseline (module docstring), or with ``as_raw=True`` the stored samples in
    their own dtype (int8 ... uint64).  Always a new, writeable array in the
    machine's byte order.

    Errors: no Waveform Sequence, a required attribute missing, or (corrected) no
    Channel Definition Sequence, :class:`~typeddcm.errors.MissingAttributeError`;
    ``index`` out of range, IndexError; an unknown bits / interpretation pair or
    more channel definitions than channels, :class:`~typeddcm.errors.InvalidValueError`;
    Waveform Data too short, :class:`~typeddcm.errors.DecodeError` (both ValueErrors).
    """
    position, item = _item(_dataset(source), index)
    info = _info(position, item, channels_too=False)
    stored = _stored(item, info)
    if as_raw:
        return stored.astype(stored.dtype.newbyteorder("="))  # a copy, as pydicom's
    sensitivity, correction, baseline = _factors(item, info)
    # pydicom's order of operations, so the floats agree with its to the last bit; the
    # first multiply also converts (from the stored view: no integer copy first).
    out: npt.NDArray[np.float64] = np.multiply(stored, sensitivity, dtype=np.float64)
    if (correction != 1.0).any():  # x * 1.0 is x exactly
        out *= correction
    out += baseline
    return out


def iter_waveforms(source: Source, *, as_raw: bool = False) -> Iterator[npt.NDArray[Any]]:
    """Each multiplex group's :func:`waveform_array`, in order, read when reached."""
    for index in range(len(_items(_dataset(source)))):
        yield waveform_array(source, index, as_raw=as_raw)

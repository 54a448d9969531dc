"""The encoding checks' fast path: lexical text values checked on their bytes.

``lexical_count`` may only say "valid, N values" where the VR class's own strict
validation agrees after decoding; these tests hold it to that on random bytes.
"""

from __future__ import annotations

import struct
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm
from typeddcm import Dataset, DicomFile
from typeddcm.errors import InvalidValueError
from typeddcm.validation.encoding import lexical_count

#: A standard tag of each lexical VR, after (0008,0018) so it can be appended.
_TAGS = {"CS": 0x00080060, "SH": 0x00080050, "LO": 0x00080070, "UI": 0x00081150,
         "IS": 0x00200013, "DS": 0x00180050, "AS": 0x00101010}
_ALPHABET = list(b"AZ09az _\\.+-eE/~") + [0x00, 0x7F, 0x1B, 0xE9, 0x0A]
_BASE = DicomFile.new(Dataset(SOPClassUID="1.2.3", SOPInstanceUID="1.2.3.4")).to_bytes()


def _read_element(vr: str, value: bytes) -> typeddcm.Element:
    if len(value) % 2:
        value += b"\x00" if vr == "UI" else b" "
    tag = _TAGS[vr]
    header = struct.pack("<HH2sH", tag >> 16, tag & 0xFFFF, vr.encode(), len(value))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(_BASE + header + value).dataset.get(tag)  # type: ignore[return-value]


@settings(max_examples=600, deadline=None)
@given(st.sampled_from(sorted(_TAGS)),
       st.lists(st.sampled_from(_ALPHABET), max_size=72).map(bytes))
def test_a_fast_verdict_is_the_classes_verdict(vr: str, value: bytes) -> None:
    element = _read_element(vr, value)
    count = lexical_count(element._raw)  # type: ignore[arg-type]
    if count is None:
        return  # left to the decoding path
    decoded = element.vr
    decoded.validate(strict=True)  # raises if the fast path was wrong
    assert decoded.vm == count


def test_typical_values_take_the_fast_path_and_bad_ones_do_not() -> None:
    good = {"CS": b"ORIGINAL\\PRIMARY\\AXIAL ", "SH": b"CT01", "LO": b"ACME Medical",
            "UI": b"1.2.840.10008.5.1.4.1.1.2\x00", "IS": b"-12 ", "DS": b"0.488281\\0.488281",
            "AS": b"045Y"}
    for vr, value in good.items():
        count = lexical_count(_read_element(vr, value)._raw)  # type: ignore[arg-type]
        assert count == value.count(b"\\") + 1, vr
    bad = {"CS": b"lower", "SH": b"x" * 17 + b" ", "UI": b"1.02", "IS": b"1A",
           "DS": b"1e999 ", "AS": b"45Y ", "LO": b"\xe9t\xe9"}
    for vr, value in bad.items():
        element = _read_element(vr, value)
        assert lexical_count(element._raw) is None, vr  # type: ignore[arg-type]
    for vr, value in bad.items():
        if vr == "LO":
            continue  # Latin-1 text is valid LO: decoded, then accepted
        try:
            _read_element(vr, value).vr.validate(strict=True)
        except InvalidValueError:
            continue
        raise AssertionError(f"{vr} {value!r} should break its rules")
    assert lexical_count(_read_element("LO", b"  ")._raw) == 0  # type: ignore[arg-type]

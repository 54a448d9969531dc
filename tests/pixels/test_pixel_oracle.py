"""pixel_array against pydicom's on every image in pydicom's wheel (the oracle).

pydicom decodes in the same environment with the same libraries; for JPEG and JPEG
2000 it is pinned to its Pillow plugin, which is what we use, so even lossy frames
must agree exactly.  Files pydicom cannot decode are checked for a typed outcome.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import typeddcm
from tests.codec.pydicom_files import wheel_files
from typeddcm.errors import DicomError
from typeddcm.pixels import iter_frames, pixel_array

pydicom = pytest.importorskip("pydicom")

_PILLOW_SYNTAXES = {
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91",
}
_PIXEL_KEYWORDS = ("PixelData", "FloatPixelData", "DoubleFloatPixelData")


def _pydicom_pixels(path: Path) -> Any:
    """pydicom's array for ``path`` (Pillow for JPEG/J2K), None when pydicom cannot decode it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ds = pydicom.dcmread(path, force=True)
        except Exception:  # pydicom refuses the file: not in the oracle
            return None
        if not any(k in ds for k in _PIXEL_KEYWORDS):
            return None
        syntax = str(getattr(ds.get("file_meta", None), "TransferSyntaxUID", ""))
        try:
            if syntax in _PILLOW_SYNTAXES:
                try:
                    ds.pixel_array_options(decoding_plugin="pillow")
                    return ds.pixel_array
                except Exception:  # Pillow cannot (12-bit JPEG): any plugin pydicom has
                    ds.pixel_array_options(decoding_plugin="")
            return ds.pixel_array
        except Exception:  # pydicom cannot decode it here
            return None


def _image_files() -> list[Path]:
    found = []
    for path in wheel_files():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                ds = pydicom.dcmread(path, force=True, stop_before_pixels=False)
            except Exception:  # unreadable by pydicom: covered by the codec's robustness tests
                continue
        if any(k in ds for k in _PIXEL_KEYWORDS):
            found.append(path)
    return found


IMAGE_FILES = _image_files()


def _read(path: Path) -> typeddcm.DicomFile:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(path, force=True)


def test_the_oracle_is_large() -> None:
    """The wheel gives enough images for the comparison to mean something."""
    decodable = [p for p in IMAGE_FILES if _pydicom_pixels(p) is not None]
    assert len(IMAGE_FILES) >= 100
    assert len(decodable) >= 95


@pytest.mark.parametrize("path", IMAGE_FILES, ids=lambda p: p.name)
def test_pixel_array_equals_pydicom(path: Path) -> None:
    """Same shape, same dtype (byte order aside), same values, for every image pydicom decodes."""
    expected = _pydicom_pixels(path)
    f = _read(path)
    if expected is None:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                pixel_array(f)
        except DicomError:
            return  # a typed refusal where pydicom fails too
        return  # or we decode what pydicom could not (a 12-bit JPEG via a plugin, say)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = pixel_array(f)
    assert got.shape == expected.shape
    assert got.dtype.newbyteorder("=") == expected.dtype.newbyteorder("=")
    np.testing.assert_array_equal(got, expected)


def _multiframe() -> list[Path]:
    out = []
    for path in IMAGE_FILES:
        arr = _pydicom_pixels(path)
        if arr is not None and int(pydicom.dcmread(path, force=True).get("NumberOfFrames", 1) or 1) > 1:
            out.append(path)
    return out


@pytest.mark.parametrize("path", _multiframe(), ids=lambda p: p.name)
def test_each_frame_alone_equals_its_slice(path: Path) -> None:
    """frame=i decodes that frame only and gives exactly that slice of the whole."""
    f = _read(path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        whole = pixel_array(f)
        frames = list(iter_frames(f))
        for index in range(whole.shape[0]):
            np.testing.assert_array_equal(pixel_array(f, index), whole[index])
    assert len(frames) == whole.shape[0]


def test_native_little_endian_is_a_view_of_the_file() -> None:
    """Native data in the machine's byte order comes back as a read-only view (no copy)."""
    checked = 0
    for path in IMAGE_FILES:
        f = _read(path)
        if f.transfer_syntax.encapsulated or not f.transfer_syntax.little_endian:
            continue
        ds = f.dataset
        bits = ds.get(typeddcm.keys.BitsAllocated)
        photometric = ds.get(typeddcm.keys.PhotometricInterpretation)
        if bits is None or bits.value == 1 or (photometric is not None and "YBR" in str(photometric.value)):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                got = pixel_array(f)
        except DicomError:
            continue
        element = next(e for e in ds.elements() if int(e.tag) in (0x7FE00010, 0x7FE00008, 0x7FE00009))
        data = np.frombuffer(element.vr.data, np.uint8)  # type: ignore[union-attr]
        if np.shares_memory(got, data):
            assert not got.flags.writeable
            checked += 1
    assert checked >= 30

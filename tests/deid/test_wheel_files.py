"""pydicom's wheel files through the de-identifier: no leak in any output's bytes, every
output readable, and validation no worse than the input's."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import typeddcm
from typeddcm.deid import DeidentificationRefused, Option, deidentify_file
from typeddcm.dicomfile import DicomFile
from typeddcm.validation import Severity

from ..codec.pydicom_files import wheel_files
from .leaks import leaks

pytestmark = pytest.mark.filterwarnings("ignore::typeddcm.errors.DicomWarning")

FILES = wheel_files()
KEY = "wheel-test-key"
#: Option sets the wheel files go through: none, all retains but dates, the modified
#: dates with every clean option.
OPTION_SETS: list[tuple[Option, ...]] = [
    (),
    (Option.RETAIN_SAFE_PRIVATE, Option.RETAIN_DEVICE_IDENTITY,
     Option.RETAIN_INSTITUTION_IDENTITY, Option.RETAIN_PATIENT_CHARACTERISTICS),
    (Option.RETAIN_LONG_MODIFIED_DATES, Option.CLEAN_DESCRIPTORS,
     Option.CLEAN_STRUCTURED_CONTENT, Option.CLEAN_GRAPHICS),
]


def _read(path: Path | bytes) -> DicomFile | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return typeddcm.read(path, force=True)
        except Exception:  # a file the core cannot read at all is not the subject here
            return None


def _meta_texts(f: DicomFile) -> tuple[str, ...]:
    """Texts of the output's meta made by us (implementation names, registered UIDs)."""
    out: list[str] = []
    for tag in (0x00020002, 0x00020010, 0x00020012, 0x00020013):
        elem = f.meta.get(tag)
        if elem is not None:
            out.extend(str(v) for v in elem.vr.values)
    return tuple(out)


def _check_refusal(f: DicomFile, reason: str) -> None:
    """A refusal is for a DICOMDIR or a Burned In Annotation of YES, and says so."""
    if 0x00041220 in f.dataset:
        assert "DICOMDIR" in reason
    else:
        assert "YES" in str(f.dataset[0x00280301].vr.values).upper()


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_no_leak_and_readable(path: Path) -> None:
    """Under each option set: the output reads back and holds no identifying original."""
    f = _read(path)
    if f is None:
        pytest.skip("the core cannot read this file")
    for options in OPTION_SETS:
        try:
            out, done = deidentify_file(f, KEY, options)
        except DeidentificationRefused as exc:
            _check_refusal(f, str(exc))
            continue
        data = out.to_bytes()
        again = _read(data)
        assert again is not None
        assert str(again.dataset[0x00120062].vr.value) == "YES"
        if 0x00080018 in again.dataset and again.meta.get(0x00020003) is not None:
            assert again.meta[0x00020003].vr.value == again.dataset[0x00080018].vr.value
        assert leaks(f.dataset, done, data, _meta_texts(out)) == [], options


def _errors(source: DicomFile | bytes) -> int:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = typeddcm.validate(source)
    if report.unreadable is not None:
        return 10**6
    return report.count(Severity.ERROR)


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_validates_no_worse(path: Path) -> None:
    """Errors after de-identification (basic profile) are no more than before."""
    f = _read(path)
    if f is None:
        pytest.skip("the core cannot read this file")
    try:
        out, _ = deidentify_file(f, KEY)
    except DeidentificationRefused:
        pytest.skip("refused: Burned In Annotation YES, or a DICOMDIR")
    before = _errors(f)
    after = _errors(out.to_bytes())
    assert after <= before, (before, after)

"""The public hypothesis strategies draw values and datasets inside PS3.5's rules."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeddcm import Dataset, strategies
from typeddcm.vr import SQ, VR_CLASSES, AnyVR

TEXT_VRS = ("AE", "AS", "CS", "DA", "DS", "DT", "IS", "LO", "LT", "PN", "SH", "ST", "TM", "UC",
            "UI", "UR", "UT")  # fmt: skip


@pytest.mark.parametrize("code", strategies.VR_CODES)
@settings(max_examples=60)
@given(data=st.data())
def test_vr_values_validate_strictly(code: str, data: st.DataObject) -> None:
    """Every drawn value is an object of its VR class and passes strict validation."""
    vr: AnyVR = data.draw(strategies.vr_values(code))
    assert type(vr) is VR_CLASSES[code]
    vr.validate(strict=True)


@pytest.mark.parametrize("code", TEXT_VRS)
@settings(max_examples=60)
@given(data=st.data())
def test_text_values_survive_their_dicom_text(code: str, data: st.DataObject) -> None:
    """Building a text VR from str() of a drawn value gives an equal value back."""
    vr: AnyVR = data.draw(strategies.vr_values(code))
    cls = VR_CLASSES[code]
    assert cls(str(vr)) == vr  # type: ignore[arg-type]  # a text VR takes its own text


def _check_tree(ds: Dataset, depth: int) -> int:
    deepest = depth
    tags = list(ds)
    assert tags == sorted(tags)
    for elem in ds.elements():
        if isinstance(elem.vr, SQ):
            for item in elem.vr.values:
                deepest = max(deepest, _check_tree(item, depth + 1))
        else:
            elem.vr.validate(strict=True)
    return deepest


@settings(max_examples=100)
@given(strategies.datasets(max_depth=2))
def test_datasets_are_valid_and_bounded(ds: Dataset) -> None:
    """Drawn datasets are sorted, valid at every level and no deeper than asked."""
    assert _check_tree(ds, 0) <= 2


@settings(max_examples=50)
@given(strategies.datasets(private=True))
def test_private_blocks_have_creators(ds: Dataset) -> None:
    """Every private data element lies in a block whose creator element is present."""
    for tag in ds:
        if tag.is_private and not tag.is_private_creator and tag.element >= 0x1000:
            assert (tag & 0xFFFF0000) | (tag.element >> 8) in ds

"""Dataset.walk and Dataset.remove_private_tags against pydicom's iterall and
remove_private_tags, on every file in pydicom's wheel."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

import typeddcm

from .pydicom_files import read_with_pydicom, wheel_files

FILES = wheel_files()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_walk_and_remove_private_tags_match_pydicom(path: Path) -> None:
    """walk visits pydicom's iterall elements in its order; so does it after private removal."""
    theirs = read_with_pydicom(path)
    if theirs is None:
        pytest.skip("pydicom cannot read this file either")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = typeddcm.read(path, force=True).dataset
        assert [int(p[-1]) for p, _ in ours.walk()] == [int(e.tag) for e in theirs.iterall()]
        assert [int(p[0]) for p, _ in ours.walk(recursive=False)] == [int(e.tag) for e in theirs]
        clean = ours.remove_private_tags()
        theirs.remove_private_tags()
        assert [int(p[-1]) for p, _ in clean.walk()] == [int(e.tag) for e in theirs.iterall()]

"""Every file in pydicom's wheel: same elements, VRs and values as pydicom; byte-exact rewrite."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm
from typeddcm import Dataset
from typeddcm.vr import SQ

from .pydicom_files import ours_plain, plain, read_with_pydicom, same, wheel_files

FILES = wheel_files()


def _read_ours(path: Path) -> typeddcm.DicomFile:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return typeddcm.read(path, force=True)


def compare(ours: Dataset, theirs: Any, where: str, problems: list[str]) -> None:
    their_tags = [int(e.tag) for e in theirs]
    our_tags = [int(t) for t in ours]
    if their_tags != our_tags:
        problems.append(f"{where}: tags differ: only ours {sorted(set(our_tags) - set(their_tags))}"
                        f", only theirs {sorted(set(their_tags) - set(our_tags))}")
    for elem in theirs:
        tag = int(elem.tag)
        if tag not in ours:
            continue
        mine = ours[tag].vr
        if elem.VR == "SQ" or isinstance(mine, SQ):
            if not isinstance(mine, SQ) or elem.VR != "SQ":
                problems.append(f"{where}{elem.tag}: VR ours {mine.code}, theirs {elem.VR}")
                continue
            if len(mine.values) != len(elem.value):
                problems.append(f"{where}{elem.tag}: {len(mine.values)} items vs {len(elem.value)}")
                continue
            for index, (a, b) in enumerate(zip(mine.values, elem.value, strict=True)):
                compare(a, b, f"{where}{elem.tag}[{index}]", problems)
            continue
        if mine.code != elem.VR and elem.VR not in ("OB or OW", "US or SS"):
            problems.append(f"{where}{elem.tag}: VR ours {mine.code}, theirs {elem.VR}")
        theirs_value = plain(elem.value)
        ours_value = ours_plain(mine)
        if elem.VR == "PN" and isinstance(ours_value, str):
            # PS3.5 Examples J.1/J.3 end with an empty phonetic group ("...=");
            # pydicom drops trailing empty groups, we keep the text as written.
            ours_value = ours_value.rstrip("=")
        if theirs_value in ("", None, []) and ours_value in ("", None, [], b""):
            continue
        if not same(ours_value, theirs_value):
            problems.append(f"{where}{elem.tag} {elem.VR}: ours {ours_value!r:.80} theirs "
                            f"{theirs_value!r:.80}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_rewrite_is_byte_exact(path: Path) -> None:
    """Reading then writing like the original gives back the file's bytes."""
    if read_with_pydicom(path) is None:
        pytest.skip("pydicom cannot read this file either")
    data = path.read_bytes()
    ours = _read_ours(path)
    assert ours.to_bytes(like_original=True) == data


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_values_match_pydicom(path: Path) -> None:
    """Elements, VRs and decoded values equal pydicom's at every level."""
    theirs = read_with_pydicom(path)
    if theirs is None:
        pytest.skip("pydicom cannot read this file either")
    ours = _read_ours(path)
    problems: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compare(ours.meta, theirs.file_meta, "meta:", problems)
        compare(ours.dataset, theirs, "", problems)
    assert not problems, "\n".join(problems[:20])

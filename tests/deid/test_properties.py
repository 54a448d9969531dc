"""Property tests: random datasets (typeddcm.strategies) with profile attributes mixed in,
under every option combination: never a crash, never an identifying original left."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeddcm import strategies
from typeddcm.dataset import Dataset
from typeddcm.deid import Option, UidMapper, deidentify, profile_rows
from typeddcm.dicomfile import DicomFile
from typeddcm.dictionary import dictionary_vr
from typeddcm.element import Element
from typeddcm.tag import Tag
from typeddcm.vr import SQ, UI

from .leaks import leaks

#: Every option set the profile accepts (the two date options exclude each other): 768.
OPTION_SETS = [
    combo for n in range(len(Option) + 1) for combo in itertools.combinations(Option, n)
    if not {Option.RETAIN_LONG_FULL_DATES, Option.RETAIN_LONG_MODIFIED_DATES} <= set(combo)
]


def _profile_tags() -> list[tuple[int, str]]:
    """The table's exact tags with a single, non-sequence dictionary VR."""
    out = []
    for row in profile_rows():
        if "X" in row.tag or "GGGG" in row.tag:
            continue
        tag = int(row.tag[1:5] + row.tag[6:10], 16)
        code = dictionary_vr(tag) or ""
        if code and " " not in code and code != "SQ" and code in strategies.VR_CODES:
            out.append((tag, code))
    return out


PROFILE_TAGS = _profile_tags()
SEQUENCE_TAGS = [0x00081140, 0x00081115, 0x00400275, 0x0040A730, 0x00081111]


@st.composite
def profile_element(draw: st.DrawFn) -> Element:
    tag, code = draw(st.sampled_from(PROFILE_TAGS))
    return Element(Tag(tag), draw(strategies.vr_values(code)))


@st.composite
def study_like(draw: st.DrawFn) -> Dataset:
    """A random dataset with profile attributes at the top and inside sequences."""
    ds = draw(strategies.datasets(max_elements=8))
    added = draw(st.lists(profile_element(), max_size=12))
    items = draw(st.lists(st.lists(profile_element(), max_size=5), max_size=2))
    changes: dict[Any, Any] = {e.tag: e.vr for e in added}
    if items:
        changes[draw(st.sampled_from(SEQUENCE_TAGS))] = SQ(
            [Dataset({e.tag: e.vr for e in item}) for item in items])
    # A file needs its SOP UIDs; a random instance UID (mapped by U like any other).
    changes[0x00080016] = UI("1.2.840.10008.5.1.4.1.1.2")
    changes[0x00080018] = UI(draw(st.from_regex(r"1\.2\.9[0-9]{1,8}\.[1-9][0-9]{0,6}",
                                                fullmatch=True)))
    return ds.update(changes)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(study_like(), st.sampled_from(OPTION_SETS), st.binary(min_size=1, max_size=16))
def test_random_datasets_every_option(ds: Dataset, options: tuple[Option, ...],
                                      key: bytes) -> None:
    """No crash; the output encodes; no identifying original in its bytes."""
    done = deidentify(ds, key, options)
    out = done.dataset
    assert str(out[0x00120062].vr.value) == "YES"
    data = DicomFile.new(out).to_bytes()
    assert leaks(ds, done, data, ("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1")) == []
    if Option.RETAIN_UIDS not in options:
        assert str(out[0x00080018].vr.value) == UidMapper(key)(str(ds[0x00080018].vr.value))


@settings(max_examples=100, deadline=None)
@given(study_like(), st.sampled_from(OPTION_SETS))
def test_deterministic_and_idempotent_marks(ds: Dataset, options: tuple[Option, ...]) -> None:
    """The same input, options and key give the same output; the input is unchanged."""
    before = Dataset(ds)
    first = deidentify(ds, "k", options)
    second = deidentify(ds, "k", options)
    assert first == second
    assert ds == before


def test_option_sets_cover_every_combination() -> None:
    """2^10 sets minus the 2^8 holding both date options."""
    assert len(OPTION_SETS) == 2**10 - 2**8

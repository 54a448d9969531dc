"""PS3.15 Table E.1-1 as typeddcm.deid loads it: rows, patterns and the option overrides."""

from __future__ import annotations

import csv
import itertools
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeddcm.deid import Option, ProfileRow, action_for, profile_rows, row_for

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT.parent / "shared" / "dicom" / "confidentiality_profile.tsv"

#: Every code the table uses (PS3.15 E.1.1).
BASIC_CODES = {"D", "Z", "X", "K", "C", "U", "X/Z", "X/D", "Z/D", "X/Z/D", "X/Z/U*"}
PRIVATE = "(GGGG,EEEE) WHERE GGGG IS ODD"
# Every option set action_for accepts: the two longitudinal options exclude each other.
OPTION_SETS = [
    combo for n in range(len(Option) + 1) for combo in itertools.combinations(Option, n)
    if not {Option.RETAIN_LONG_FULL_DATES, Option.RETAIN_LONG_MODIFIED_DATES} <= set(combo)
]


def _row(tag: str) -> ProfileRow:
    (row,) = [row for row in profile_rows() if row.tag == tag]
    return row


def test_row_count_and_codes() -> None:
    """621 rows, tags unique, every action a code of the standard."""
    rows = profile_rows()
    assert len(rows) == 621
    assert len({row.tag for row in rows}) == 621
    # The basic column never keeps or cleans: K and C come only from the options.
    assert {row.basic_profile for row in rows} == BASIC_CODES - {"K", "C"}
    for row in rows:
        assert all(row.option_action(option) in ("", "K", "C") for option in Option)
    assert sum(bool(row.retain_uids) for row in rows) == 59
    assert sum(bool(row.clean_descriptors) for row in rows) == 125


def test_rows_match_the_shared_table() -> None:
    """The packaged rows are the TSV's, field for field (keywords come from PS3.6)."""
    if not SOURCE.is_file():
        pytest.skip("../shared/dicom/confidentiality_profile.tsv not found: the cross-check"
                    " needs the PS3.15 table beside the project")
    with SOURCE.open(encoding="utf-8", newline="") as f:
        expected = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    rows = profile_rows()
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert row.tag == want["tag"]
        assert row.name == want["name"]
        assert row.in_std_comp_iod == (want["in_std_comp_iod"] == "Y")
        assert row.basic_profile == want["basic_profile"]
        for option in Option:
            assert row.option_action(option) == want[option.value], (row.tag, option)


def test_well_known_rows() -> None:
    """Rows anyone checking an anonymiser knows."""
    name = _row("(0010,0010)")
    assert (name.name, name.keyword, name.basic_profile) == ("Patient's Name", "PatientName", "Z")
    assert action_for(0x00100010) == "Z"
    assert action_for(0x00080018) == "U"  # SOP Instance UID
    assert action_for(0x00080018, [Option.RETAIN_UIDS]) == "K"
    assert action_for(0x00080020) == "Z"  # Study Date
    assert action_for(0x00080020, [Option.RETAIN_LONG_FULL_DATES]) == "K"
    assert action_for(0x00080020, ["retain_long_modified_dates"]) == "C"
    assert action_for(0x00100020) == "Z/D"  # Patient ID
    assert action_for(0x00181000) == "X/Z/D"  # Device Serial Number
    assert action_for(0x00181000, [Option.RETAIN_DEVICE_IDENTITY]) == "K"
    assert action_for(0x00080080, [Option.RETAIN_INSTITUTION_IDENTITY]) == "K"
    # An option whose column is empty leaves the basic action.
    assert action_for(0x00100010, [Option.RETAIN_UIDS, Option.CLEAN_GRAPHICS]) == "Z"


def test_pattern_rows() -> None:
    """Curve and overlay groups match only the even groups 00-1E; odd groups are private."""
    curve, overlay = _row("(50XX,XXXX)"), _row("(60XX,3000)")
    assert curve.matches(0x50000000) and curve.matches(0x501E3000)
    assert not curve.matches(0x50203000) and not curve.matches(0x50013000)
    assert overlay.matches(0x60023000) and not overlay.matches(0x60023001)
    assert row_for(0x50100020) is curve
    assert row_for(0x60003000) is overlay
    assert action_for(0x60003000) == "X"
    assert action_for(0x60003000, [Option.CLEAN_GRAPHICS]) == "C"
    assert action_for(0x60124000, [Option.CLEAN_GRAPHICS]) == "C"
    # Overlay Rows is not in the table: only Overlay Data and Comments are.
    assert action_for(0x60000010) is None
    private = _row(PRIVATE)
    assert (private.basic_profile, private.retain_safe_private) == ("X", "C")
    for tag in (0x00091001, 0x00290010, 0x60013000, 0x7FE10010):
        assert row_for(tag) is private
        assert action_for(tag) == "X"
        assert action_for(tag, [Option.RETAIN_SAFE_PRIVATE]) == "C"


def test_unknown_tags_give_none() -> None:
    """Attributes the table does not list: Rows, Pixel Data, a group 60xx outside 00-1E."""
    for tag in (0x00280010, 0x7FE00010, 0x00020010, 0x60203000):
        assert row_for(tag) is None
        assert action_for(tag, [Option.RETAIN_UIDS]) is None


def test_exact_rows_find_themselves() -> None:
    """Every exact row is what row_for gives for its own tag."""
    for row in profile_rows():
        if "X" not in row.tag and row.tag != PRIVATE:
            tag = int(row.tag[1:5] + row.tag[6:10], 16)
            assert row_for(tag) is row
            assert row.matches(tag)


def test_bad_options() -> None:
    """Both longitudinal options, or a name that is no option, raise ValueError."""
    with pytest.raises(ValueError, match="not both"):
        action_for(0x00080020, [Option.RETAIN_LONG_FULL_DATES, Option.RETAIN_LONG_MODIFIED_DATES])
    with pytest.raises(ValueError, match="retain_everything"):
        action_for(0x00100010, ["retain_everything"])


def test_every_option_set_follows_the_columns() -> None:
    """For every allowed option set and row: the single applied column if any, else basic."""
    rows = profile_rows()
    for options in OPTION_SETS:
        for row in rows:
            tag = 0x00090010 if row.tag == PRIVATE else int(
                (row.tag[1:5] + row.tag[6:10]).replace("X", "0"), 16)
            overrides = {row.option_action(option) for option in options} - {""}
            expected = ("C" if "C" in overrides else overrides.pop()) if overrides else (
                row.basic_profile)
            assert action_for(tag, options) == expected, (row.tag, options)


@given(st.integers(0, 0xFFFFFFFF), st.sampled_from(OPTION_SETS))
def test_any_tag_any_options(tag: int, options: tuple[Option, ...]) -> None:
    """Any 32-bit tag gives None or a code of the table; odd groups always have a row."""
    action = action_for(tag, options)
    assert action is None or action in BASIC_CODES
    if (tag >> 16) & 1:
        assert action is not None
    row = row_for(tag)
    assert (row is None) == (action is None)
    assert row is None or row.matches(tag)


def test_import_reads_nothing() -> None:
    """Importing typeddcm.deid does not read the table; the first look-up does."""
    code = textwrap.dedent(
        """
        import typeddcm.deid
        from typeddcm.deid import _profile
        print(_profile._table is None)
        typeddcm.deid.action_for(0x00100010)
        print(_profile._table is None)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.split() == ["True", "False"]

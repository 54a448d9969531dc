"""Column names and the rule that types a column when files disagree."""

from __future__ import annotations

import itertools

from typeddcm.index import ColumnType, column_name, unify
from typeddcm.index._columns import conversion, sort_key

BASES = ("int", "uint", "float", "date", "time", "timestamp", "string", "binary")
TYPES = [ColumnType(base, is_list) for base in BASES for is_list in (False, True)]


def test_standard_names_are_keywords() -> None:
    assert column_name(0x00100010, None) == "PatientName"
    assert column_name(0x00280010, None) == "Rows"


def test_repeating_group_names_carry_the_tag() -> None:
    assert column_name(0x60003000, None) == "OverlayData_60003000"
    assert column_name(0x60023000, None) == "OverlayData_60023000"


def test_private_names_follow_the_creator_not_the_block() -> None:
    assert column_name(0x00191008, "ACME") == "(0019,xx08) ACME"
    assert column_name(0x00191108, "ACME") == "(0019,xx08) ACME"
    assert sort_key(0x00191008) == sort_key(0x00191108)


def test_unknown_and_orphan_tags_are_named_by_tag() -> None:
    assert column_name(0x00091001, None) == "(0009,1001)"
    assert column_name(0x00080002, None) == "(0008,0002)"  # not in the dictionary


def test_no_column_for_group_lengths_and_creators() -> None:
    assert column_name(0x00080000, None) is None
    assert column_name(0x00190010, None) is None


def test_conversion_follows_the_dictionary() -> None:
    assert conversion(0x00280010, "US", None).how == "int"
    assert conversion(0x00280010, "LO", None).how == "int"  # the file's wrong VR
    assert conversion(0x00280106, "SS", None).how == "int"  # "US or SS": one kind
    assert conversion(0x00280030, "DS", None) == (("ds", True))  # PixelSpacing, VM 2
    assert conversion(0x00200013, "IS", None) == ("is", False)


def test_conversion_of_mixed_kinds_and_private_follows_the_file() -> None:
    assert conversion(0x00283006, "US", None).how == "int"  # LUTData: "US or OW"
    assert conversion(0x00283006, "OW", None).how == "binary"
    assert conversion(0x00191001, "FD", "ACME").how == "float"


def test_unify_widens() -> None:
    assert unify(ColumnType("int", False), ColumnType("float", False)) == ColumnType("float", False)
    assert unify(ColumnType("int", False), ColumnType("int", True)) == ColumnType("int", True)
    assert unify(ColumnType("date", False), ColumnType("int", True)) == ColumnType("string", True)
    assert unify(ColumnType("uint", False), ColumnType("int", False)) == ColumnType("string", False)


def test_unify_is_a_join_whatever_the_order() -> None:
    for a, b in itertools.product(TYPES, repeat=2):
        assert unify(a, b) == unify(b, a)
        assert unify(a, unify(a, b)) == unify(a, b)
    for a, b, c in itertools.product(TYPES, repeat=3):
        assert unify(unify(a, b), c) == unify(a, unify(b, c))

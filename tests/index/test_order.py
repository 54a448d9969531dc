"""Kept and scanned rows merged into listing order."""

from __future__ import annotations

from typing import Any

import pytest

from typeddcm.index._order import listing_order

pa = pytest.importorskip("pyarrow", reason="the index needs pyarrow (typeddcm[index])")

POSITION = {name: number for number, name in enumerate("abcdefghij")}


def _tables(*groups: str) -> list[Any]:
    return [pa.table({"path": list(group)}) for group in groups]


def _paths(tables: Any) -> str:
    return "".join(path for table in tables for path in table.column("path").to_pylist())


def test_interleaved_streams_come_out_in_listing_order() -> None:
    merged = listing_order(_tables("ad", "", "gh"), _tables("bc", "ef", "ij"), POSITION)
    assert _paths(merged) == "abcdefghij"


def test_one_empty_stream() -> None:
    assert _paths(listing_order(_tables(), _tables("ab", "c"), POSITION)) == "abc"
    assert _paths(listing_order(_tables("ab", "c"), _tables(""), POSITION)) == "abc"


def test_out_of_order_streams_still_give_every_row_once() -> None:
    merged = _paths(listing_order(_tables("jca"), _tables("bid", "e"), POSITION))
    assert sorted(merged) == sorted("jcabide")

"""build_index: one Parquet file that DuckDB, pandas and polars read; incremental runs;
the same schema and rows whatever the batches; columns typed when files disagree."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from typeddcm.index import build_index
from typeddcm.vr import LO, US

from .files import header, touch_later, tree, write

pa = pytest.importorskip("pyarrow", reason="the index needs pyarrow (typeddcm[index])")
pq = pytest.importorskip("pyarrow.parquet", reason="the index needs pyarrow (typeddcm[index])")


def _table(path: Path) -> Any:
    return pq.read_table(path)


def _by_path(table: Any) -> Any:
    return table.sort_by("path")


def test_duckdb_pandas_and_polars_read_the_index(tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb", reason="the query test needs duckdb (test extra)")
    tree(tmp_path / "in", 25)
    out = tmp_path / "index.parquet"
    summary = build_index([tmp_path / "in"], out, workers=2)
    assert (summary.rows, summary.scanned, summary.failed) == (25, 25, 0)
    rows = duckdb.sql(
        f"SELECT Modality, count(*), max(InstanceNumber), min(StudyDate) "
        f"FROM read_parquet('{out}') WHERE status = 'ok' GROUP BY Modality").fetchall()
    assert len(rows) == 1
    modality, count, highest, first = rows[0]
    assert (modality, count, highest, str(first)) == ("CT", 25, 25, "2024-03-12")
    pandas = pytest.importorskip("pandas", reason="pandas reads the index")
    assert len(pandas.read_parquet(out)) == 25
    polars = pytest.importorskip("polars", reason="polars reads the index")
    assert polars.read_parquet(out)["Rows"].to_list() == [512] * 25


def test_workers_and_batches_do_not_change_the_result(tmp_path: Path) -> None:
    tree(tmp_path / "in", 40)
    build_index([tmp_path / "in"], tmp_path / "one.parquet", workers=1)
    build_index([tmp_path / "in"], tmp_path / "two.parquet", workers=2)
    one, two = _table(tmp_path / "one.parquet"), _table(tmp_path / "two.parquet")
    assert one.schema.equals(two.schema, check_metadata=True)
    assert one.drop_columns(["mtime"]).equals(two.drop_columns(["mtime"]))
    assert one.column("mtime").equals(two.column("mtime"))


def test_incremental_run_reads_only_new_and_changed_files(tmp_path: Path) -> None:
    files = tree(tmp_path / "in", 30)
    out = tmp_path / "index.parquet"
    first = build_index([tmp_path / "in"], out, workers=1)
    assert (first.scanned, first.kept) == (30, 0)
    again = build_index([tmp_path / "in"], out, workers=1)
    assert (again.scanned, again.kept, again.dropped, again.rows) == (0, 30, 0, 30)
    write(files[3], header(3, Modality="MR"))  # changed: new size or mtime
    touch_later(files[3])
    files[4].unlink()  # gone
    write(tmp_path / "in" / "new.dcm", header(99))  # new
    third = build_index([tmp_path / "in"], out, workers=1)
    assert (third.scanned, third.kept, third.dropped, third.rows) == (2, 28, 1, 30)
    fresh = tmp_path / "fresh.parquet"
    build_index([tmp_path / "in"], fresh, workers=1)
    assert _table(out).equals(_table(fresh))  # the same rows, in the same order
    modality = dict(zip(_table(out).column("path").to_pylist(),
                        _table(out).column("Modality").to_pylist(), strict=True))
    assert modality[str(files[3])] == "MR"
    assert str(files[4]) not in modality


def test_incremental_run_retries_failed_files(tmp_path: Path) -> None:
    tree(tmp_path / "in", 3)
    (tmp_path / "in" / "notes.txt").write_text("not DICOM")
    out = tmp_path / "index.parquet"
    build_index([tmp_path / "in"], out, workers=1)
    again = build_index([tmp_path / "in"], out, workers=1)
    assert (again.scanned, again.kept, again.statuses) == (1, 3, {"not-dicom": 1})


def test_full_run_reads_everything(tmp_path: Path) -> None:
    tree(tmp_path / "in", 5)
    out = tmp_path / "index.parquet"
    build_index([tmp_path / "in"], out, workers=1)
    assert build_index([tmp_path / "in"], out, workers=1, incremental=False).scanned == 5


def test_an_output_that_is_not_an_index_is_replaced(tmp_path: Path) -> None:
    tree(tmp_path / "in", 2)
    out = tmp_path / "index.parquet"
    out.write_text("something else")
    summary = build_index([tmp_path / "in"], out, workers=1)
    assert (summary.scanned, summary.rows) == (2, 2)
    assert _table(out).num_rows == 2


def test_files_that_disagree_settle_on_one_type_in_any_order(tmp_path: Path) -> None:
    number = write(tmp_path / "a.dcm", header(1).set_private(0x0019, "ACME", 1, US([7])))
    several = write(tmp_path / "b.dcm", header(2).set_private(0x0019, "ACME", 1, US([1, 2])))
    text = write(tmp_path / "c.dcm", header(3).set_private(0x0019, "ACME", 1, LO("x")))
    name = "(0019,xx01) ACME"
    results = []
    for order in ([number, several, text], [text, several, number]):
        out = tmp_path / "index.parquet"
        build_index(order, out, private=True, workers=1, incremental=False)
        table = _by_path(_table(out))
        results.append(table)
        assert table.schema.field(name).type.equals(pa.list_(pa.string()))
        assert table.column(name).to_pylist() == [["7"], ["1", "2"], ["x"]]
    assert results[0].equals(results[1])


def test_scalar_and_list_values_make_a_list_column(tmp_path: Path) -> None:
    one = write(tmp_path / "a.dcm", header(1).set_private(0x0019, "ACME", 1, US([7])))
    two = write(tmp_path / "b.dcm", header(2).set_private(0x0019, "ACME", 1, US([1, 2])))
    build_index([one, two], tmp_path / "i.parquet", private=True, workers=1)
    column = _table(tmp_path / "i.parquet").column("(0019,xx01) ACME")
    assert column.type.equals(pa.list_(pa.int64()))
    assert column.to_pylist() == [[7], [1, 2]]


def test_wheel_files_are_indexed_without_an_abort(tmp_path: Path) -> None:
    pytest.importorskip("pydicom", reason="pydicom's wheel holds the test files")
    from tests.codec.pydicom_files import read_with_pydicom, wheel_files

    files = wheel_files()
    out = tmp_path / "wheel.parquet"
    summary = build_index(files, out, private=True, workers=2)
    assert summary.rows == len(files)
    table = _table(out)
    statuses = dict(zip(table.column("path").to_pylist(), table.column("status").to_pylist(),
                        strict=True))
    sop = dict(zip(table.column("path").to_pylist(), table.column("sop_class").to_pylist(),
                   strict=True))
    checked = 0
    for path in files:
        theirs = read_with_pydicom(path)
        if statuses[str(path)] != "ok" or theirs is None or "SOPClassUID" not in theirs:
            continue
        assert sop[str(path)] == str(theirs.SOPClassUID), path
        checked += 1
    assert checked > 100
    assert set(statuses.values()) <= {"ok", "not-dicom", "error"}


def test_arrow_and_parquet_parts_hold_the_same_table(tmp_path: Path) -> None:
    # The local pool writes Arrow IPC parts, a Dask worker Parquet parts: the merge must
    # see the same schema and rows from either.
    from typeddcm.index._parts import part_schema, part_tables, scan_part

    paths = [str(p) for p in tree(tmp_path / "in", 6)] + [str(tmp_path / "missing.dcm")]
    arrow, parquet = str(tmp_path / "p.arrow"), str(tmp_path / "p.parquet")
    infos = [scan_part(paths, part, private=True) for part in (arrow, parquet)]
    assert infos[0].statuses == infos[1].statuses == {"ok": 6, "missing": 1}
    assert part_schema(arrow).equals(part_schema(parquet))
    tables = [next(part_tables([part])) for part in (arrow, parquet)]
    assert tables[0].equals(tables[1])
    assert pq.read_table(parquet).num_rows == 7  # a Dask part is a Parquet file for any tool

"""The scan on a real Dask cluster (a LocalCluster of 2 worker processes) equals the local
scan: same rows, same schema."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from typeddcm.cli import main
from typeddcm.index import build_index

from .files import header, tree, write

pq = pytest.importorskip("pyarrow.parquet", reason="the index needs pyarrow (typeddcm[index])")
distributed = pytest.importorskip("distributed",
                                  reason="the Dask engine needs distributed (typeddcm[dask])")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("dask")
    tree(root / "in", 60)
    write(root / "in" / "other.dcm", header(7, Modality="MR", PixelSpacing=["1", "1"]))
    (root / "in" / "notes.txt").write_text("not DICOM")
    return root


def test_dask_scan_equals_the_local_scan(client: Any, files: Path) -> None:
    local = build_index([files / "in"], files / "local.parquet", private=True, workers=2)
    remote = build_index([files / "in"], files / "dask.parquet", private=True, dask=client)
    assert (remote.rows, remote.scanned, remote.statuses) == (62, 62, local.statuses)
    ours, theirs = pq.read_table(files / "local.parquet"), pq.read_table(files / "dask.parquet")
    assert ours.schema.equals(theirs.schema, check_metadata=True)
    assert ours.equals(theirs)
    assert len(client.nthreads()) == 2  # both worker processes took part in the cluster


def test_dask_local_starts_its_own_cluster(files: Path) -> None:
    out = files / "own.parquet"
    summary = build_index([files / "in"], out, private=True, dask="local", workers=2,
                          incremental=False)
    assert summary.failed == 0 and summary.statuses["not-dicom"] == 1  # notes.txt
    assert pq.read_table(out).num_rows == summary.rows


def test_dask_incremental_run(client: Any, files: Path) -> None:
    out = files / "again.parquet"
    build_index([files / "in"], out, dask=client)
    write(files / "in" / "added.dcm", header(100))
    summary = build_index([files / "in"], out, dask=client)
    assert (summary.scanned, summary.kept) == (2, 61)  # the new file, and notes.txt again


def test_cli_with_a_scheduler_address(client: Any, files: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    out = files / "cli.parquet"
    address = client.scheduler.address
    assert main(["index", str(files / "in"), "-o", str(out), "--dask", address]) == 0
    assert "(1 not-dicom)" in capsys.readouterr().out
    listed = [path for path in (files / "in").rglob("*") if path.is_file()]
    assert pq.read_table(out).num_rows == len(listed)


def test_cli_with_an_unreachable_scheduler_is_2(files: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    import dask

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        status = main(["index", str(files / "in"), "-o", str(files / "x.parquet"),
                       "--dask", "tcp://127.0.0.1:1"])
    assert status == 2
    assert "typeddcm index: error:" in capsys.readouterr().err

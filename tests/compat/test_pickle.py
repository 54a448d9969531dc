"""Pickling compat Datasets and FileDatasets: equal, same attributes, same bytes written,
and as safe to share between threads as before (a new lock is made when unpickled)."""

from __future__ import annotations

import copy
import io
import pickle
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

import typeddcm.compat as tc
from tests.codec.pydicom_files import wheel_files
from typeddcm.compat import Dataset, FileDataset

pytestmark = pytest.mark.filterwarnings("ignore::typeddcm.errors.DicomWarning")

_NAMES = ("CT_small.dcm", "rtplan.dcm", "MR_small_bigendian.dcm", "image_dfl.dcm",
          "JPEG2000.dcm", "no_meta.dcm", "chrH31.dcm")
FILES = [p for p in wheel_files() if p.name in _NAMES]
_ATTRIBUTES = ("filename", "preamble", "is_little_endian", "is_implicit_VR", "timestamp",
               "read_implicit_vr", "read_little_endian", "read_encoding", "fileobj_type")


def _read(path: Path | bytes) -> FileDataset:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return tc.dcmread(path, force=True)


def _saved(ds: Dataset, like_original: bool) -> bytes | type[Exception]:
    out = io.BytesIO()
    try:
        ds.save_as(out, write_like_original=like_original)
    except Exception as exc:  # the copy must fail as the original does
        return type(exc)
    return out.getvalue()


def _same(ds: Dataset, clone: Dataset) -> None:
    assert type(clone) is type(ds) and clone == ds
    for name in _ATTRIBUTES:
        assert getattr(clone, name, None) == getattr(ds, name, None), name
    meta = getattr(ds, "file_meta", None)
    if meta is not None:
        assert type(clone.file_meta) is type(meta) and clone.file_meta == meta
    for like_original in (True, False):
        assert _saved(clone, like_original) == _saved(ds, like_original)


def test_files_needed_are_there() -> None:
    assert len(FILES) == len(_NAMES)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_datasets(path: Path) -> None:
    """Read from a path and from bytes, then changed at the top and inside an item:
    every protocol gives an equal FileDataset that saves the same bytes."""
    for ds in (_read(path), _read(path.read_bytes())):
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            _same(ds, pickle.loads(pickle.dumps(ds, protocol)))
        ds.PatientID = "CHANGED"
        for elem in ds:
            if elem.VR == "SQ" and elem.value:
                elem.value[0].PatientComments = "nested"
                break
        if "PixelData" in ds:
            del ds.PixelData
        _same(ds, pickle.loads(pickle.dumps(ds)))


def test_file_meta_and_user_attributes_come_along() -> None:
    ds = _read(FILES[0])
    ds.file_meta.ImplementationVersionName = "CHANGED"
    untyped: Any = ds  # pydicom code hangs its own data on datasets
    untyped.my_note = {"reviewed": True}
    untyped.file_meta.my_meta_note = "kept"
    clone: Any = pickle.loads(pickle.dumps(ds))
    assert clone.file_meta.ImplementationVersionName == "CHANGED"
    assert clone.my_note == {"reviewed": True} and clone.file_meta.my_meta_note == "kept"
    # One copy of the file's bytes for the dataset, its meta and the file read.
    assert len(pickle.dumps(ds)) < 1.1 * FILES[0].stat().st_size


def test_datasets_made_in_memory() -> None:
    ds = Dataset()
    ds.PatientName = "Doe^Jane"
    ds.BeamSequence = [Dataset(), Dataset()]
    ds.BeamSequence[1].BeamName = "B"
    clone = pickle.loads(pickle.dumps(ds))
    assert type(clone) is Dataset and clone == ds
    assert clone.BeamSequence[1].BeamName == "B"


def test_item_views_pickle_as_datasets_of_their_own() -> None:
    """A sequence item pickles as an independent dataset with the item's content."""
    ds = _read(next(p for p in FILES if p.name == "rtplan.dcm"))
    beam = ds.BeamSequence[0]
    clone = pickle.loads(pickle.dumps(beam))
    assert type(clone) is Dataset and clone == beam and clone._path == ()
    clone.BeamName = "COPY"
    assert beam.BeamName != "COPY" and ds.BeamSequence[0].BeamName != "COPY"


def test_copies_keep_working() -> None:
    ds = _read(FILES[0])
    for clone in (copy.copy(ds), copy.deepcopy(ds)):
        assert clone == ds
        clone.PatientID = "OTHER"
        assert ds.PatientID != "OTHER"


def test_unpickled_datasets_stay_thread_safe() -> None:
    """A new lock after unpickling: 8 threads changing one copy lose nothing."""
    ds = Dataset()
    ds.BeamSequence = [Dataset() for _ in range(8)]
    clone: Any = pickle.loads(pickle.dumps(ds))
    assert clone._root.lock is not ds._root.lock
    per_thread = 500

    def work(index: int) -> None:
        item = clone.BeamSequence[index]
        for n in range(per_thread):
            item.BeamName = f"{index}:{n}"
            clone.add_new(0x00091000 + index, "LO", str(n))  # top-level changes race too

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [b.BeamName for b in clone.BeamSequence] == [f"{i}:{per_thread - 1}" for i in range(8)]
    assert [clone[0x00091000 + i].value for i in range(8)] == [str(per_thread - 1)] * 8
    assert "BeamName" not in ds.BeamSequence[0]

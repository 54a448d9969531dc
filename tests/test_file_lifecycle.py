"""Files are safe to hold and rewrite: in-memory reads, memory maps, close(), atomic writes.

Scenarios a user meets: a file rewritten in place while a dataset read from it is
still in use (both APIs, mapped or not, pixel data included), thousands of files
held at once under a small descriptor limit, a ``with`` block, use after close.
Crash-prone scenarios (a memory-mapped file changed underneath) run in a child
process, so that a regression shows as a failed test, not a dead test run.
"""

from __future__ import annotations

import gc
import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import typeddcm
import typeddcm.io
from typeddcm import DicomFile, FileClosedError, keys
from typeddcm.pixels import pixel_array
from typeddcm.samples import sample_path

CT = sample_path("ct_small.dcm")
MULTIFRAME = sample_path("multiframe.dcm")
ROOT = Path(__file__).resolve().parent.parent


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def _copy(tmp_path: Path, source: Path = CT, name: str = "d.dcm") -> Path:
    target = tmp_path / name
    target.write_bytes(source.read_bytes())
    return target


def _closed(f: DicomFile) -> bool:
    return f.closed  # a call, so that mypy does not keep a narrowed property across close()


def _run_child(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, cwd=ROOT, timeout=300, check=False)


# ----------------------------------------------------------------------------- reading


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count descriptors")
def test_small_files_are_read_into_memory_and_closed() -> None:
    """A file below the threshold is read with one read; no descriptor stays open."""
    before = _open_descriptors()
    files = [typeddcm.read(CT) for _ in range(20)]
    assert _open_descriptors() == before
    assert all(f.dataset[keys.Rows].value == 64 for f in files)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count descriptors")
def test_memory_map_choice_and_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    """memory_map=True maps (one descriptor, held until close); the threshold is a setting."""
    before = _open_descriptors()
    mapped = typeddcm.read(CT, memory_map=True)
    assert _open_descriptors() == before + 1
    mapped.close()  # nothing decoded yet, so nothing views the map: it goes now
    assert _open_descriptors() == before
    mapped = typeddcm.read(CT, memory_map=True)
    assert mapped == typeddcm.read(CT, memory_map=False)  # decodes values: numbers view the map
    mapped.close()
    assert _open_descriptors() == before + 1  # held by the values `mapped` keeps
    del mapped
    gc.collect()
    assert _open_descriptors() == before
    monkeypatch.setattr(typeddcm.io, "MEMORY_MAP_THRESHOLD", 0)
    by_threshold = typeddcm.read(CT)
    assert _open_descriptors() == before + 1
    by_threshold.close()
    assert _open_descriptors() == before


def test_thousands_of_files_held_under_a_small_descriptor_limit(tmp_path: Path) -> None:
    """5,000 files read and held at once with at most 256 descriptors (pydicom-like use)."""
    folder = tmp_path / "series"
    folder.mkdir()
    data = CT.read_bytes()
    for number in range(5000):
        (folder / f"{number:05}.dcm").write_bytes(data)
    result = _run_child(f"""
        import resource, sys
        from pathlib import Path
        import typeddcm
        from typeddcm import keys
        from typeddcm.pixels import pixel_array
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
        held = [typeddcm.read(p) for p in sorted(Path({str(folder)!r}).iterdir())]
        assert len(held) == 5000
        assert all(f.dataset[keys.Rows].value == 64 for f in held)
        assert sum(int(pixel_array(f)[0, 0]) for f in held[:50]) == 50 * int(pixel_array(held[0])[0, 0])
        print("ok", len(held))
    """)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok 5000"


# ----------------------------------------------------------------------------- rewriting


@pytest.mark.parametrize("memory_map", [False, True], ids=["in-memory", "mapped"])
def test_native_rewrite_in_place_keeps_what_was_read(tmp_path: Path, memory_map: bool) -> None:
    """write(f.delete(PixelData), same path), then f's values and pixels are as read.

    Runs in a child: with a non-atomic write a mapped file dies of SIGBUS here.
    """
    path = _copy(tmp_path, MULTIFRAME)
    result = _run_child(f"""
        import numpy as np
        import typeddcm
        from typeddcm import keys
        from typeddcm.pixels import pixel_array
        path = {str(path)!r}
        f = typeddcm.read(path, memory_map={memory_map})
        fresh = typeddcm.read(path, memory_map=False)
        expected = np.array(pixel_array(fresh))
        typeddcm.write(f.delete(keys.PixelData), path)
        assert keys.PixelData not in typeddcm.read(path).dataset
        assert f.dataset == fresh.dataset
        assert np.array_equal(pixel_array(f), expected)
        assert f.to_bytes() == fresh.to_bytes()
        print("ok")
    """)
    assert result.returncode == 0, f"child died ({result.returncode}): {result.stderr}"
    assert result.stdout.strip() == "ok"


@pytest.mark.parametrize("threshold", [None, 0], ids=["in-memory", "mapped"])
def test_compat_save_as_over_its_own_file_keeps_the_dataset(tmp_path: Path,
                                                            threshold: int | None) -> None:
    """The pydicom recipe: dcmread, change, save_as(same path), keep using the dataset."""
    path = _copy(tmp_path)
    setting = "" if threshold is None else f"typeddcm.io.MEMORY_MAP_THRESHOLD = {threshold}"
    result = _run_child(f"""
        import numpy as np
        import typeddcm.io
        import typeddcm.compat as pydicom
        {setting}
        path = {str(path)!r}
        ds = pydicom.dcmread(path)
        study = pydicom.dcmread(path).StudyInstanceUID
        pixels = np.array(pydicom.dcmread(path).pixel_array)
        ds.PatientName = "ANONYMOUS^PATIENT^XXXXXXXXXXXXXXXX"
        ds.save_as(path)
        assert ds.StudyInstanceUID == study, ds.StudyInstanceUID
        assert np.array_equal(ds.pixel_array, pixels)
        assert str(pydicom.dcmread(path).PatientName) == "ANONYMOUS^PATIENT^XXXXXXXXXXXXXXXX"
        print("ok")
    """)
    assert result.returncode == 0, f"child died ({result.returncode}): {result.stderr}"
    assert result.stdout.strip() == "ok"


def test_write_is_atomic_keeps_mode_follows_links_and_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The target is replaced whole: its permission bits stay, a symlink's file is the one
    replaced, a failed replace leaves the old file and no temporary behind."""
    path = _copy(tmp_path)
    os.chmod(path, 0o640)
    f = typeddcm.read(path)
    changed = f.set(keys.PatientID, "NEW-ID")
    link = tmp_path / "link.dcm"
    link.symlink_to(path)
    typeddcm.write(changed, link)
    assert link.is_symlink()
    assert typeddcm.read(path).dataset[keys.PatientID].value == "NEW-ID"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.dcm", "link.dcm"]

    def refuse(*_: object) -> None:
        raise OSError("disk full")

    before = path.read_bytes()
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        typeddcm.write(f.set(keys.PatientID, "OTHER"), path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.dcm", "link.dcm"]


def test_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    """A file that did not exist is made with 0666 less the umask, as open() would."""
    umask = os.umask(0o022)
    try:
        target = tmp_path / "new.dcm"
        typeddcm.write(typeddcm.read(CT), target)
    finally:
        os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


# ----------------------------------------------------------------------------- close


def test_with_block_closes_and_use_after_close_is_a_clear_error() -> None:
    """Values read inside the block stay; values not yet read and writing raise FileClosedError."""
    with typeddcm.read(MULTIFRAME, memory_map=True) as f:
        rows = f.dataset[keys.Rows].value
        frames = pixel_array(f)
        expected = np.array(frames)
        assert not _closed(f)
    assert _closed(f) and rows == f.dataset[keys.Rows].value
    assert np.array_equal(frames, expected)  # a view the user holds keeps its map alive
    unread = [e for e in f.dataset.elements() if not e.is_decoded]
    assert unread
    with pytest.raises(FileClosedError, match="closed"):
        _ = unread[0].vr
    with pytest.raises(FileClosedError):
        f.to_bytes()
    derived = f.set(keys.PatientID, "X")
    assert derived.closed
    f.close()  # twice is harmless


def test_close_of_an_in_memory_file_and_of_a_new_file() -> None:
    """close() means the same for a file read into memory; a file built in code has
    nothing to close."""
    f = typeddcm.read(CT)
    f.close()
    assert f.closed
    with pytest.raises(typeddcm.DicomError):
        pixel_array(f)
    built = DicomFile.new(typeddcm.read(CT).dataset)
    built.close()
    assert not built.closed and built.to_bytes()


def test_pixels_after_close_raise_not_crash() -> None:
    """Pixel data never read before close is a clear error, also for a mapped file."""
    f = typeddcm.read(MULTIFRAME, memory_map=True)
    f.close()
    with pytest.raises(FileClosedError):
        pixel_array(f, 0)


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="needs /proc to count descriptors")
def test_header_only_read_of_a_big_file_reads_only_the_header(tmp_path: Path) -> None:
    """stop_before_pixels on a file above HEADER_PROBE_SIZE keeps only the bytes before
    Pixel Data, equal to what a mapped read gives, and holds no descriptor."""
    frames = np.arange(8 * 256 * 256, dtype=np.uint16).reshape(8, 256, 256)
    ds = typeddcm.read(MULTIFRAME).dataset.update([
        (keys.NumberOfFrames, 8), (keys.Rows, 256), (keys.Columns, 256),
        (keys.SamplesPerPixel, 1), (keys.PhotometricInterpretation, "MONOCHROME2"),
        (keys.BitsAllocated, 16), (keys.BitsStored, 16), (keys.HighBit, 15),
        (keys.PixelRepresentation, 0), (keys.PixelData, frames.tobytes())])
    path = tmp_path / "big.dcm"
    typeddcm.write(DicomFile.new(ds), path)
    assert path.stat().st_size > typeddcm.io.HEADER_PROBE_SIZE
    before = _open_descriptors()
    header = typeddcm.read(path, stop_before_pixels=True)
    assert _open_descriptors() == before
    assert keys.PixelData not in header.dataset
    assert len(header.source.buffer) < 10_000
    mapped = typeddcm.read(path, stop_before_pixels=True, memory_map=True)
    assert header == mapped
    assert header.to_bytes() == mapped.to_bytes()
    whole = typeddcm.read(path)
    assert np.array_equal(pixel_array(whole), frames)

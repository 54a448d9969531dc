"""UID consistency across a generated multi-file study: every reference still resolves
after mapping, and the same key maps the same way in a second run (another process
pool, another order)."""

from __future__ import annotations

from pathlib import Path

import typeddcm
from typeddcm import keys
from typeddcm.dataset import Dataset
from typeddcm.deid import Option, date_offset, deidentify_file, deidentify_paths
from typeddcm.io import read_file_bytes

from .study import ROOT, write_study

REFERENCE_TAGS = {0x00081155: "sop", 0x0020000E: "series", 0x0020000D: "study"}


def _uids(ds: Dataset, tags: set[int]) -> list[tuple[int, str]]:
    """(tag, UID) of every element with one of ``tags`` at any depth."""
    return [(int(path[-1]), str(elem.vr.value)) for path, elem in ds.walk()
            if path[-1] in tags and elem.vr.values]


def _run(inputs: list[Path], out: Path, workers: int, options: tuple[Option, ...] = ()
         ) -> list[Path]:
    jobs = [(p, out / p.name) for p in inputs]
    results = list(deidentify_paths(jobs, "study-key", options, workers=workers))
    assert [r.status for r in results] == ["done"] * len(jobs), [r.reason for r in results]
    return [out / p.name for p in inputs]


def test_references_resolve_after_mapping(tmp_path: Path) -> None:
    inputs = write_study(tmp_path / "in")
    outputs = _run(inputs, tmp_path / "out", workers=2)
    files = [typeddcm.read(p) for p in outputs]
    instances = {str(f.dataset[0x00080018].vr.value) for f in files}
    series = {str(f.dataset[0x0020000E].vr.value) for f in files}
    studies = {str(f.dataset[0x0020000D].vr.value) for f in files}
    frames = {str(f.dataset[0x00200052].vr.value) for f in files if 0x00200052 in f.dataset}
    assert len(instances) == len(files)
    assert len(studies) == 1 and len(frames) == 1 and len(series) == 3
    assert all(uid.startswith("2.25.") for uid in instances | series | studies | frames)
    referenced = 0
    for f in files:
        assert str(f.meta[0x00020003].vr.value) == str(f.dataset[0x00080018].vr.value)
        for tag, uid in _uids(f.dataset, set(REFERENCE_TAGS)):
            referenced += 1
            wanted = {"sop": instances, "series": series, "study": studies}[REFERENCE_TAGS[tag]]
            assert uid in wanted, (hex(tag), uid)
    assert referenced > 20  # image-to-image and evidence references were all checked
    for path in outputs:
        assert ROOT.encode() not in read_file_bytes(path)


def test_same_key_same_mapping_second_run(tmp_path: Path) -> None:
    inputs = write_study(tmp_path / "in")
    first = _run(inputs, tmp_path / "one", workers=2)
    _run(list(reversed(inputs)), tmp_path / "two", workers=1)
    for path in first:
        assert read_file_bytes(path) == read_file_bytes(tmp_path / "two" / path.name)


def test_other_key_other_mapping(tmp_path: Path) -> None:
    inputs = write_study(tmp_path / "in", 1)
    _run(inputs, tmp_path / "one", workers=1)
    jobs = [(p, tmp_path / "two" / p.name) for p in inputs]
    assert all(r.status == "done" for r in deidentify_paths(jobs, "other", workers=1))
    a = typeddcm.read(tmp_path / "one" / inputs[0].name).dataset[0x00080018].vr.value
    b = typeddcm.read(tmp_path / "two" / inputs[0].name).dataset[0x00080018].vr.value
    assert a != b


def test_dates_shift_consistently_per_patient(tmp_path: Path) -> None:
    """Modified dates: one offset for all of a patient's files, intervals kept."""
    inputs = write_study(tmp_path / "in", 2)
    other = write_study(tmp_path / "other", 1, patient="Roe^Richard", patient_id="PID999")
    outputs = _run(inputs, tmp_path / "out", 2, (Option.RETAIN_LONG_MODIFIED_DATES,))
    jobs = [(p, tmp_path / "out2" / p.name) for p in other]
    results = list(deidentify_paths(jobs, "study-key", [Option.RETAIN_LONG_MODIFIED_DATES],
                                    workers=1))
    shifts = {r.date_shift_days for r in results}
    files = [typeddcm.read(p).dataset for p in outputs]
    study_dates = {str(ds[0x00080020].vr.value) for ds in files}
    assert len(study_dates) == 1 and study_dates != {"20240312"}
    kos = files[-1]
    study = kos[keys.StudyDate].value.to_date()
    content = kos[keys.ContentDate].value.to_date()
    assert (content - study).days == 1  # 20240312 -> 20240313, kept
    assert str(kos[0x00280303].vr.value) == "MODIFIED"
    assert len(shifts) == 1 and 0 not in shifts
    assert shifts != {date_offset("study-key", "PID0012345")}  # another patient, another shift


def test_realistic_ct_every_option_set_leaks_nothing() -> None:
    """The 250-element CT (names, IDs, dates, institution, private blocks) under each of
    the 768 option sets: nothing identifying in the file's bytes."""
    from .leaks import leaks
    from .study import study_files
    from .test_properties import OPTION_SETS

    f = study_files(1)[0]
    for options in OPTION_SETS:
        out, done = deidentify_file(f, "study-key", options)
        meta = tuple(str(e.vr.values[0]) for e in out.meta.elements()
                     if e.tag != 0x00020003 and e.code in ("UI", "SH") and e.vr.values)
        assert leaks(f.dataset, done, out.to_bytes(), meta) == [], options

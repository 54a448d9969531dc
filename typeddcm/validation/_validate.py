"""``validate``: every check of a file or dataset in one :class:`Report`, and many files
on every core.

One file: read it (a file that cannot be read at all is a report with ``unreadable``
set, not an exception), then the encoding checks (PS3.5, PS3.6, PS3.10) and the IOD
checks (PS3.3), in that order.  Many files: a process pool over chunks of paths, results
in the order of the paths; reports are frozen attrs objects, cheap to pickle back.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import DicomError

from ._report import Report

__all__ = ["validate", "validate_paths"]

Source = DicomFile | Dataset | str | os.PathLike[str] | bytes

#: Files per task of the process pool: enough to amortise a task's pickling, few enough
#: that the last tasks do not leave cores idle.
_CHUNK = 16


def validate(source: Source, *, iod: bool = True, force: bool = False) -> Report:
    """All findings about ``source`` (a path, bytes, a DicomFile, or a bare Dataset: then
    the file-level checks, file meta and transfer syntax, are left out).

    ``iod=False`` leaves out the IOD checks (encoding only); ``force`` reads a file
    without the "DICM" marker as a bare dataset.
    """
    from .encoding import check_dataset_encoding, check_encoding
    from .iod import check_iod

    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else ""
    if isinstance(source, Dataset):
        findings = list(check_dataset_encoding(source))
        if iod:
            findings += check_iod(source)
        return Report.of(name, findings)
    # What the lenient codec reads past (at the read, or when the checks decode values)
    # is in the file's read log, which check_encoding reports as findings; the same
    # warnings are not shown on top of them.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if isinstance(source, DicomFile):
            f = source
        else:
            from typeddcm.io import read

            try:
                f = read(source, force=force)
            except Exception as exc:  # every reading problem is a report, never a crash
                return Report(name, unreadable=f"{type(exc).__name__}: {exc}")
        findings = list(check_encoding(f))
        if iod:
            findings += check_iod(f.dataset, media_storage_sop_class=_media_class(f))
    return Report.of(name, findings)


def _media_class(f: DicomFile) -> str | None:
    element = f.meta.get(0x00020002)
    try:
        values = element.vr.values if element is not None else ()
    except (DicomError, ValueError):
        return None
    return str(values[0]) if values else None


def _validate_chunk(paths: list[str], iod: bool, force: bool) -> list[Report]:
    return [validate(path, iod=iod, force=force) for path in paths]


def validate_paths(paths: Iterable[str | os.PathLike[str]], *, iod: bool = True,
                   force: bool = False, workers: int | None = None) -> Iterator[Report]:
    """A report per path, in order; ``workers`` processes (default: every core; 1 runs
    here, in this process)."""
    names = [os.fspath(p) for p in paths]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(names) <= 1:
        for name in names:
            yield validate(name, iod=iod, force=force)
        return
    chunks = [names[i:i + _CHUNK] for i in range(0, len(names), _CHUNK)]
    with ProcessPoolExecutor(max_workers=min(count, len(chunks))) as pool:
        for reports in pool.map(_validate_chunk, chunks, [iod] * len(chunks),
                                [force] * len(chunks)):
            yield from reports

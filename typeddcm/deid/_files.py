"""De-identifying files: one :class:`DicomFile` (refusals, file meta), and many paths on
every core with one result row each.

A file is refused (:class:`DeidentificationRefused`) when its Burned In Annotation
(0028,0301) is YES, unless the caller allows it: text burned into the pixels is not
removed here (pixel redaction is out of scope), so such a file would leave with the
patient's name in its image.  A DICOMDIR is refused too: its records hold copies of the
instances' identifying keys as Type 1 attributes (PS3.3 F.5), so it is made again from
the de-identified files (``typeddcm dicomdir create --invent``) rather than emptied.  The file meta is made again from the de-identified
dataset (Media Storage SOP Instance UID = the new SOP Instance UID; the source, sending
and receiving AE titles and private meta information are not carried over), and the
preamble is zeroed (a TIFF or other preamble may hold anything).  A dataset without SOP
UIDs keeps its meta with the Media Storage SOP Instance UID mapped like a U attribute
and the same elements dropped.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import NamedTuple

from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import DicomError, EncodeError
from typeddcm.vr import UI

from ._engine import Deidentified, deidentify
from ._profile import Option
from ._values import UidMapper

__all__ = ["DeidentificationRefused", "FileResult", "deidentify_file", "deidentify_paths"]

_BURNED_IN = 0x00280301
_MEDIA_INSTANCE = 0x00020003
_MEDIA_CLASS = 0x00020002
_DIRECTORY = "1.2.840.10008.1.3.10"  # Media Storage Directory Storage
#: File meta elements not carried over: AE titles of the source, sender and receiver,
#: and the private information (PS3.10 7.1).
_META_DROPPED = (0x00020016, 0x00020017, 0x00020018, 0x00020100, 0x00020102)
#: File meta made by DicomFile.new, by (SOP Class, transfer syntax, padded UID length).
_META_TEMPLATES: dict[tuple[str, str, int], Dataset] = {}
#: Files per task of the process pool (as validate's pool).
_CHUNK = 16


class DeidentificationRefused(DicomError):
    """A file the de-identifier will not process (Burned In Annotation YES, a DICOMDIR)."""


class FileResult(NamedTuple):
    """One input's outcome: ``status`` is ``done``, ``refused`` or ``failed``."""

    source: str
    output: str
    status: str
    reason: str
    #: Each action taken (:meth:`Action.describe`), in the order done.
    actions: tuple[str, ...]
    date_shift_days: int

    def counts(self) -> dict[str, int]:
        """How many elements each action touched (``{"X": 40, "U": 5, ...}``)."""
        out: dict[str, int] = {}
        for line in self.actions:
            code = line.rsplit(": ", 1)[1].split(" ", 1)[0]
            out[code] = out.get(code, 0) + 1
        return out


def deidentify_file(f: DicomFile, key: str | bytes, options: Iterable[Option | str] = (), *,
                    allow_burned_in: bool = False,
                    uids: UidMapper | None = None) -> tuple[DicomFile, Deidentified]:
    """``f`` de-identified (see :func:`deidentify`) with its file meta made consistent.

    :class:`DeidentificationRefused` when Burned In Annotation is YES and
    ``allow_burned_in`` is false.
    """
    media = f.meta.get(_MEDIA_CLASS)
    if media is not None and [str(v).strip(" \0") for v in media.vr.values] == [_DIRECTORY]:
        # Its records copy the instances' keys, Type 1 in PS3.3 F.5, which the profile
        # empties: a DICOMDIR is made again from the de-identified files instead.
        msg = ("a DICOMDIR is not de-identified: its records' Type 1 keys would be emptied;"
               " make a new one from the de-identified files (typeddcm dicomdir create"
               " --invent)")
        raise DeidentificationRefused(msg)
    burned = f.dataset.get(_BURNED_IN)
    if burned is not None and not allow_burned_in:
        values = [str(v).strip().upper() for v in burned.vr.values]
        if "YES" in values:
            msg = ("Burned In Annotation (0028,0301) is YES: text in the pixels is not removed "
                   "(pixel redaction is out of scope); allow it explicitly to process the file")
            raise DeidentificationRefused(msg)
    mapper = uids if uids is not None else UidMapper(key)
    done = deidentify(f.dataset, key, options, uids=mapper)
    ds = done.dataset
    if _has_sop_uids(ds):
        return _new_file(ds, f), done
    meta = _kept_meta(f.meta)
    instance = meta.get(_MEDIA_INSTANCE)
    retain = Option.RETAIN_UIDS in {Option(o) for o in options}
    if instance is not None and instance.vr.values and not retain:
        meta = meta.set(_MEDIA_INSTANCE, mapper(str(instance.vr.values[0])))
    changed = DicomFile(bytes(128) if f.preamble is not None else None, meta, ds,
                        f.transfer_syntax)
    if len(meta):
        from typeddcm.codec.writer import conformant_meta  # the codec sits above the model

        try:  # the group length and our implementation names, as a new meta has them
            changed = changed.with_meta(conformant_meta(changed))
        except EncodeError:  # no Media Storage SOP Class/Instance to build one from
            changed = changed.with_meta(_with_group_length(meta))
    return changed, done


def _new_file(ds: Dataset, f: DicomFile) -> DicomFile:
    """:meth:`DicomFile.new` for ``ds`` in ``f``'s transfer syntax, its meta built once per
    SOP Class, transfer syntax and padded instance UID length (the group length depends
    on nothing else) and the instance UID set into it: building a meta is a fifth of a
    small file's de-identification."""
    sop_class = str(ds[0x00080016].vr.values[0])
    instance = str(ds[0x00080018].vr.values[0])
    key = (sop_class, f.transfer_syntax.uid, (len(instance) + 1) // 2)
    template = _META_TEMPLATES.get(key)
    if template is None:
        made = DicomFile.new(ds, f.transfer_syntax)  # its checks run once per key
        if len(_META_TEMPLATES) >= 1024:
            _META_TEMPLATES.clear()
        _META_TEMPLATES[key] = made.meta
        return made
    pixels = ds.get(0x7FE00010)
    if f.transfer_syntax.encapsulated and pixels is not None and not pixels.undefined_length:
        return DicomFile.new(ds, f.transfer_syntax)  # raises its EncodeError
    meta = template.set(_MEDIA_INSTANCE, UI._trusted((instance,)))
    return DicomFile(bytes(128), meta, ds, f.transfer_syntax)


def _with_group_length(meta: Dataset) -> Dataset:
    """``meta`` with its group length counted again (elements were dropped or changed)."""
    from typeddcm.codec._level import Encoding
    from typeddcm.codec.writer import encode_dataset
    from typeddcm.vr import UL

    body = meta.discard(0x00020000)
    length = len(encode_dataset(body, Encoding(True, False), like_original=False))
    return body.set(0x00020000, UL(length))


def _has_sop_uids(ds: Dataset) -> bool:
    for tag in (0x00080016, 0x00080018):
        elem = ds.get(tag)
        if elem is None or not elem.vr.values:
            return False
    return True


def _kept_meta(meta: Dataset) -> Dataset:
    """``meta`` without the elements that may identify a sender or carry private data."""
    out = meta
    for tag in _META_DROPPED:
        out = out.discard(tag)
    return out


def _one(source: str, target: str, key: bytes, options: tuple[str, ...],
         allow_burned_in: bool, uids: UidMapper) -> FileResult:
    from typeddcm import io

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = io.read(source, force=True)
            changed, done = deidentify_file(f, key, options, allow_burned_in=allow_burned_in,
                                            uids=uids)
            data = changed.to_bytes()
        io.make_folders(Path(target).parent)
        io.write_new_file(target, data)
    except DeidentificationRefused as exc:
        return FileResult(source, "", "refused", str(exc), (), 0)
    except FileExistsError:
        return FileResult(source, "", "failed", f"output exists, not overwritten: {target}", (), 0)
    except Exception as exc:  # every problem with one file is its row, never a crash
        return FileResult(source, "", "failed", f"{type(exc).__name__}: {exc}", (), 0)
    return FileResult(source, target, "done", "", tuple(a.describe() for a in done.actions),
                      done.date_shift_days)


def _chunk(jobs: list[tuple[str, str]], key: bytes, options: tuple[str, ...],
           allow_burned_in: bool) -> list[FileResult]:
    uids = UidMapper(key)  # one cache per chunk: a study's files repeat their UIDs
    return [_one(s, t, key, options, allow_burned_in, uids) for s, t in jobs]


def deidentify_paths(jobs: Sequence[tuple[str | os.PathLike[str], str | os.PathLike[str]]],
                     key: str | bytes, options: Iterable[Option | str] = (), *,
                     allow_burned_in: bool = False,
                     workers: int | None = None) -> Iterator[FileResult]:
    """De-identify each (source, target) path pair; one result per pair, in order.

    Targets are written as new files (an existing one is never overwritten: that pair
    fails); ``workers`` processes (default every core; 1 runs here).  ValueError for an
    empty key or bad options, before any file is touched.
    """
    from ._values import key_bytes

    secret = key_bytes(key)
    chosen = tuple(Option(o).value for o in options)
    deidentify(Dataset(), secret, chosen)  # checks the options once, here
    pairs = [(os.fspath(s), os.fspath(t)) for s, t in jobs]
    count = workers if workers is not None else (os.cpu_count() or 1)
    if count <= 1 or len(pairs) <= 1:
        uids = UidMapper(secret)
        for source, target in pairs:
            yield _one(source, target, secret, chosen, allow_burned_in, uids)
        return
    chunks = [pairs[i:i + _CHUNK] for i in range(0, len(pairs), _CHUNK)]
    with ProcessPoolExecutor(max_workers=min(count, len(chunks))) as pool:
        for results in pool.map(_chunk, chunks, [secret] * len(chunks),
                                [chosen] * len(chunks), [allow_burned_in] * len(chunks)):
            yield from results

"""A DICOMDIR for a set of files: records per PS3.3 F.5, merged by their keys.

``records_for(entries)`` turns (File ID, DicomFile) pairs into the record tree:
each instance gets the records ``record_types_for`` names (PATIENT, STUDY,
SERIES and a leaf, or one top-level record), and instances of the same patient,
study or series share those records (keyed by Patient ID, Study Instance UID,
Series Instance UID, as F.5 makes them unique).  ``make_dicomdir`` encodes it
(offsets computed by ``write.lay_out``); ``write_dicomdir`` puts it at
``root/DICOMDIR`` through typeddcm.io.  File IDs are checked (1 to 8 components
of 1 to 8 characters of A-Z, 0-9, _): FileIDError names the bad one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from typeddcm.dataset import Dataset
from typeddcm.dicomdir.fileid import check_file_id
from typeddcm.dicomdir.records import RecordKeyError, new_record, record_keys, record_types_for
from typeddcm.dicomdir.write import NewRecord, build_dicomdir
from typeddcm.dicomfile import DicomFile
from typeddcm.uid import generate_uid

__all__ = ["instance_chain", "instance_record", "make_dicomdir", "records_for", "write_dicomdir"]

_KEYS = {"PATIENT": 0x00100020, "STUDY": 0x0020000D, "SERIES": 0x0020000E}


class _Branch:
    """A record being built and its children by key (insertion ordered)."""

    __slots__ = ("children", "dataset")

    def __init__(self, dataset: Dataset | None) -> None:
        self.dataset = dataset
        self.children: dict[object, _Branch] = {}

    def freeze(self) -> tuple[NewRecord, ...]:
        return tuple(NewRecord(child.dataset, child.freeze())  # type: ignore[arg-type]
                     for child in self.children.values())


def _key_text(ds: Dataset, tag: int) -> str:
    element = ds.get(tag)
    return "\\".join(str(v) for v in element.vr.values) if element is not None else ""


def _uid(ds: Dataset, tag: int, what: str) -> str:
    element = ds.get(tag)
    if element is None or not element.vr.values:
        msg = f"the instance has no {what}, which its directory record references"
        raise RecordKeyError(msg)
    return str(element.vr.values[0])


def instance_chain(f: DicomFile) -> tuple[tuple[str, str], ...]:
    """The (record type, merge key) of each record that references the instance of ``f``,
    top first: Patient ID, Study and Series Instance UIDs above, the SOP Instance UID
    for the leaf (F.5 makes these unique within a File-set).

    RecordKeyError when the instance has no SOP Class or SOP Instance UID.
    """
    ds = f.dataset
    types = record_types_for(ds)
    _uid(ds, 0x00080016, "SOP Class UID (0008,0016)")
    leaf_key = _uid(ds, 0x00080018, "SOP Instance UID (0008,0018)")
    return tuple((t, leaf_key if depth == len(types) - 1 else _key_text(ds, _KEYS[t]))
                 for depth, t in enumerate(types))


def instance_record(f: DicomFile, record_type: str, *, leaf: bool, single_level: bool,
                    file_id: Sequence[str] | None, invent: bool = False) -> Dataset:
    """The ``record_type`` record for the instance of ``f``: its F.5 keys, and for the
    ``leaf`` the Referenced File ID and SOP Class/Instance/Transfer Syntax UIDs.  The
    instance's Specific Character Set is copied into records of a hierarchy (so their
    text decodes as the instance's did).  ``invent``: see :func:`record_keys`."""
    ds = f.dataset
    referenced = (_uid(ds, 0x00080016, "SOP Class UID (0008,0016)"),
                  _uid(ds, 0x00080018, "SOP Instance UID (0008,0018)"),
                  f.transfer_syntax.uid)
    return new_record(record_type, record_keys(record_type, ds, invent=invent),
                      referenced=referenced if leaf else None,
                      file_id=check_file_id(file_id) if leaf and file_id else None,
                      charset=None if single_level else ds.get(0x00080005))


def records_for(entries: Iterable[tuple[Sequence[str], DicomFile]]) -> tuple[NewRecord, ...]:
    """The record tree (root entity first) for instances at the given File IDs."""
    root = _Branch(None)
    for file_id, f in entries:
        components = check_file_id(file_id)
        chain = instance_chain(f)
        branch = root
        for depth, (record_type, key) in enumerate(chain):
            leaf = depth == len(chain) - 1
            found = branch.children.get(key)
            if found is None:
                record = instance_record(f, record_type, leaf=leaf,
                                         single_level=len(chain) == 1, file_id=components)
                found = branch.children[key] = _Branch(record)
            branch = found
    return root.freeze()


def make_dicomdir(entries: Iterable[tuple[Sequence[str], DicomFile]], *, uid: str | None = None,
                  file_set_id: str = "", implicit: bool = False) -> bytes:
    """The bytes of a DICOMDIR for the (File ID, file) ``entries``; ``uid`` is the
    File-set UID (a new one by default)."""
    data, _ = build_dicomdir(records_for(entries), uid=uid or generate_uid(),
                             file_set_id=file_set_id, implicit=implicit)
    return data


def write_dicomdir(root: str | os.PathLike[str],
                   entries: Iterable[tuple[Sequence[str], DicomFile]], *,
                   uid: str | None = None, file_set_id: str = "") -> None:
    """Write ``root/DICOMDIR`` for the (File ID, file) ``entries`` (files already in place)."""
    from typeddcm import io

    io.write_bytes_atomically(os.path.join(os.fspath(root), "DICOMDIR"),
                              make_dicomdir(entries, uid=uid, file_set_id=file_set_id))

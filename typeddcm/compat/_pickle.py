"""Pickling compat Datasets and FileDatasets.

A compat dataset is a handle (a Root with an RLock, and a path) on an immutable
core; the lock does not pickle and the handle's identity means nothing in another
process.  So the pickled form is the core (as :mod:`typeddcm._pickle` pickles it: the
bytes it was read from), the attributes pydicom code sets (``preamble``,
``is_little_endian``, ``filename`` ...), and for a FileDataset its ``file_meta`` core
and the DicomFile it was read from, all in one bundle so they share one copy of
the file's bytes.  Unpickling makes a new Root, with a new lock: the copy is as
safe to share between threads as the original.

A sequence item (a view into another dataset's tree) pickles as an independent
top-level dataset with the item's content: the tree it belonged to is not pickled
with it.  Cached pixel arrays are not pickled (they are made again on request).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typeddcm._pickle import load_bundle, reduce_bundle
from typeddcm.dicomfile import DicomFile

from ._tree import HANDLE_ATTRIBUTES, Root, SequenceStates, as_is, give_state, own_state, place_kept

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["reduce_compat"]

# The handle itself, and caches made again on request (an id() means nothing elsewhere).
_NOT_PICKLED = HANDLE_ATTRIBUTES | {"_pixel_array", "_pixel_id", "_sequences"}


def _attributes(ds: Dataset) -> dict[str, Any]:
    return {k: v for k, v in vars(ds).items() if k not in _NOT_PICKLED}


def reduce_compat(ds: Dataset, protocol: int) -> tuple[Any, ...]:
    """``Dataset.__reduce_ex__`` of compat datasets (FileDataset included)."""
    from .dataset import Dataset

    attributes = _attributes(ds)
    cores = [ds._core]
    meta = attributes.get("file_meta")
    meta_part: tuple[Any, ...] | None = None
    if isinstance(meta, Dataset):
        # Bundled: its core shares the file's bytes.  Its own attributes go along.
        del attributes["file_meta"]
        cores.append(meta._core)
        meta_part = (type(meta), _attributes(meta))
    source = attributes.pop("_source_file", None)
    if source is not None and not isinstance(source, DicomFile):
        attributes["_source_file"] = source  # not ours: pickled as it is
        source = None
    bundle = reduce_bundle(cores, source, protocol)
    root, prefix = ds._loc
    # Kept Sequence subclasses, and items of a Dataset subclass or with attributes of
    # their own (see _tree.Root.kept): class, place and state.
    sequences = own_state(ds, as_is)[1]
    kept = [(rel, type(view), *own_state(view, as_is)) for rel, view in root.kept_under(prefix)]
    return (_load_compat, (type(ds), bundle, attributes, meta_part, source is not None,
                           sequences, kept))


def _handle(cls: type[Dataset], core: Any, attributes: dict[str, Any]) -> Dataset:
    ds = cls.__new__(cls)
    ds._bind(Root(core), ())  # a new Root: a new lock
    for name, value in attributes.items():
        object.__setattr__(ds, name, value)
    return ds


def _load_compat(cls: type[Dataset], bundle: tuple[Any, ...], attributes: dict[str, Any],
                 meta_part: tuple[Any, ...] | None, has_source: bool,
                 sequences: SequenceStates | None = None,
                 kept: list[tuple[Any, ...]] | None = None) -> Dataset:
    cores, source = load_bundle(bundle)
    ds = _handle(cls, cores[0], attributes)
    give_state(ds, {}, sequences or [])
    for path, view_cls, view_attributes, view_sequences in kept or []:
        give_state(place_kept(ds._root, path, view_cls), view_attributes, view_sequences)
    if meta_part is not None:
        meta_cls, meta_attributes = meta_part
        object.__setattr__(ds, "file_meta", _handle(meta_cls, cores[1], meta_attributes))
    if has_source:
        object.__setattr__(ds, "_source_file", source)
    return ds

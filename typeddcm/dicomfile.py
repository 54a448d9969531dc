"""DicomFile: a Part 10 file as an immutable value: preamble, file meta, dataset."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from typeddcm.dataset import Dataset, DatasetKey, Path
from typeddcm.key import Key
from typeddcm.tag import TagLike

if TYPE_CHECKING:
    from typeddcm.codec.transfer_syntax import TransferSyntax

__all__ = ["DicomFile"]


@attrs.frozen(eq=False)
class DicomFile:
    """A DICOM file: ``preamble`` (128 bytes or None), ``meta`` (group 0002), ``dataset``.

    ``transfer_syntax`` is how the dataset is (or will be) encoded.  Updates return a
    new DicomFile sharing everything unchanged; ``to_bytes()`` encodes it.
    """

    preamble: bytes | None
    meta: Dataset
    dataset: Dataset
    transfer_syntax: TransferSyntax
    #: How the file was read (the codec's), for writing it back byte for byte.
    source: Any = attrs.field(default=None, repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DicomFile):
            return NotImplemented
        return (self.preamble == other.preamble and self.meta == other.meta
                and self.dataset == other.dataset
                and self.transfer_syntax == other.transfer_syntax)

    def __hash__(self) -> int:
        return hash((self.preamble, self.meta, self.dataset, self.transfer_syntax.uid))

    def with_dataset(self, dataset: Dataset) -> DicomFile:
        """The same file around another dataset."""
        return attrs.evolve(self, dataset=dataset)

    def with_meta(self, meta: Dataset) -> DicomFile:
        """The same file with other file meta information."""
        return attrs.evolve(self, meta=meta)

    def set(self, key: Key[Any, Any] | TagLike, value: object) -> DicomFile:
        """A new file whose dataset has ``key`` set (as ``Dataset.set``)."""
        return self.with_dataset(self.dataset.set(key, value))

    def delete(self, key: DatasetKey) -> DicomFile:
        """A new file whose dataset lacks ``key`` (as ``Dataset.delete``)."""
        return self.with_dataset(self.dataset.delete(key))

    def discard(self, key: DatasetKey) -> DicomFile:
        """As ``Dataset.discard``, on the dataset."""
        return self.with_dataset(self.dataset.discard(key))

    def update(self, *args: Any, **keywords: Any) -> DicomFile:
        """As ``Dataset.update``, on the dataset."""
        return self.with_dataset(self.dataset.update(*args, **keywords))

    def set_in(self, path: Path, value: object) -> DicomFile:
        """As ``Dataset.set_in``, on the dataset."""
        return self.with_dataset(self.dataset.set_in(path, value))

    def delete_in(self, path: Path) -> DicomFile:
        """As ``Dataset.delete_in``, on the dataset."""
        return self.with_dataset(self.dataset.delete_in(path))

    def to_bytes(self, *, like_original: bool = True) -> bytes:
        """The file encoded: byte for byte as read where unchanged (``like_original``),
        or as a clean conformant Part 10 file."""
        from typeddcm.codec.writer import encode_file  # the codec sits above the model

        return encode_file(self, like_original=like_original)

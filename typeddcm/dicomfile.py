"""DicomFile: a Part 10 file as an immutable value: preamble, file meta, dataset."""

from __future__ import annotations

import contextlib
from types import TracebackType
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeVar, overload

import attrs

from typeddcm.dataset import Dataset, DatasetKey, Path
from typeddcm.errors import EncodeError, FileClosedError
from typeddcm.key import Key
from typeddcm.tag import TagLike

#: The default transfer syntax of new files: Explicit VR Little Endian (PS3.5 A.2).
_EXPLICIT_LE = "1.2.840.10008.1.2.1"

V = TypeVar("V")
I = TypeVar("I")

if TYPE_CHECKING:
    from typeddcm.codec._level import ReadLog
    from typeddcm.codec.transfer_syntax import TransferSyntax
    from typeddcm.errors import ReadWarning

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
    #: The read's warning records (the codec's), shared by files derived from this one.
    read_log: ReadLog | None = attrs.field(default=None, repr=False)

    @property
    def warnings(self) -> tuple[ReadWarning, ...]:
        """The leniency warnings of the read this file came from, in the order found.

        Those ``read()`` found (and issued), then any a value decoded since has added
        (text not valid in its character set, items of a sequence first read later).
        Each names the source, the tag path and the byte offset.  () for files not read.
        """
        log = self.read_log
        return () if log is None else log.records

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DicomFile):
            return NotImplemented
        return (self.preamble == other.preamble and self.meta == other.meta
                and self.dataset == other.dataset
                and self.transfer_syntax == other.transfer_syntax)

    def __hash__(self) -> int:
        return hash((self.preamble, self.meta, self.dataset, self.transfer_syntax.uid))

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The bytes it was read from (one copy for meta and dataset), read again when
        # unpickled; a closed file refuses.  See typeddcm/_pickle.py.
        from typeddcm._pickle import reduce_file

        return reduce_file(self, int(protocol))

    def __copy__(self) -> DicomFile:
        return self  # immutable; copies would share the same bytes (and their close())

    def __deepcopy__(self, memo: dict[int, Any]) -> DicomFile:
        return self

    @classmethod
    def new(cls, dataset: Dataset, transfer_syntax: TransferSyntax | str = _EXPLICIT_LE, *,
            preamble: bytes | None = None, meta: Dataset | None = None) -> DicomFile:
        """A new Part 10 file around ``dataset``, with complete file meta information.

        The meta (PS3.10 7.1) gets its version, the Media Storage SOP Class and
        Instance UIDs from the dataset's SOP Class UID and SOP Instance UID, the
        transfer syntax, our Implementation Class UID and Version Name, and its
        group length; elements of ``meta`` you pass (e.g. Source Application Entity
        Title) are kept.  The preamble is 128 zero bytes unless given.
        EncodeError when the dataset lacks its SOP UIDs, or when an encapsulated
        (compressed) transfer syntax is asked for native Pixel Data
        (``typeddcm.pixels.compress`` converts it).
        """
        from typeddcm.codec.transfer_syntax import transfer_syntax as syntax_for
        from typeddcm.codec.writer import conformant_meta

        syntax = syntax_for(transfer_syntax) if isinstance(transfer_syntax, str) else (
            transfer_syntax)
        missing = [name for name, tag in (("SOPClassUID (0008,0016)", 0x00080016),
                                          ("SOPInstanceUID (0008,0018)", 0x00080018))
                   if tag not in dataset or not dataset[tag].vr.values]
        if missing:
            msg = (f"DicomFile.new needs {' and '.join(missing)} in the dataset: the file "
                   "meta names the SOP Class and Instance (typeddcm.generate_uid() makes a UID)")
            raise EncodeError(msg)
        pixels = dataset.get(0x7FE00010)
        if syntax.encapsulated and pixels is not None and not pixels.undefined_length:
            msg = (f"{syntax.name} holds encapsulated (compressed) Pixel Data but the dataset's "
                   "is native: typeddcm.pixels.compress() encodes it")
            raise EncodeError(msg)
        if preamble is not None and len(preamble) != 128:
            msg = f"a preamble is 128 bytes, not {len(preamble)}"
            raise ValueError(msg)
        draft = cls(preamble if preamble is not None else bytes(128),
                    meta if meta is not None else Dataset(), dataset, syntax)
        return attrs.evolve(draft, meta=conformant_meta(draft))

    def with_dataset(self, dataset: Dataset) -> DicomFile:
        """The same file around another dataset."""
        return attrs.evolve(self, dataset=dataset)

    def with_meta(self, meta: Dataset) -> DicomFile:
        """The same file with other file meta information."""
        return attrs.evolve(self, meta=meta)

    @overload
    def set(self, key: Key[V, I], value: V | I) -> DicomFile: ...

    @overload
    def set(self, key: TagLike, value: object) -> DicomFile: ...

    def set(self, key: Key[Any, Any] | TagLike, value: object) -> DicomFile:
        """A new file whose dataset has ``key`` set (as ``Dataset.set``, typed the same way)."""
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

        if self.closed:
            msg = "the file was closed: values not yet read cannot be written"
            raise FileClosedError(msg)
        return encode_file(self, like_original=like_original)

    # ----- lifecycle of the bytes the file was read from ---------------------------------

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called on this file (or a file derived from the same read)."""
        buffer = getattr(self.source, "buffer", None)
        if not isinstance(buffer, memoryview):
            return False
        try:
            len(buffer)
        except ValueError:  # released by close()
            return True
        return False

    def close(self) -> None:
        """Let go of the bytes the file was read from (for a memory-mapped file, its map
        and descriptor).

        Values already read stay usable: they own their data or keep what they view
        alive.  A value not yet read raises :class:`FileClosedError` afterwards, as does
        ``to_bytes``.  Every file derived from the same read (``set``, ``with_dataset``
        ...) shares the bytes, so it is closed too.  A map still viewed by a value you
        hold (e.g. a pixel array) is unmapped when the last such view is gone.
        """
        source = self.source
        if source is None or self.closed:
            return
        # The source's own views (whole buffer, deflated bytes, unread tail) and the
        # buffers the levels were read from (the inflated data of a deflated file).
        candidates = [*source, _origin_buffer(self.meta), _origin_buffer(self.dataset)]
        views = {id(v): v for v in candidates if isinstance(v, memoryview)}
        underlying = [v.obj for v in views.values()]
        for view in views.values():
            # A view exported directly (np.frombuffer(view)) is freed with its user.
            with contextlib.suppress(BufferError):
                view.release()
        for obj in underlying:
            close = getattr(obj, "close", None)
            if close is not None:
                with contextlib.suppress(BufferError):  # a value still views it: freed with it
                    close()  # an mmap: unmaps now

    def __enter__(self) -> DicomFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()


def _origin_buffer(ds: Dataset) -> memoryview | None:
    origin = ds._origin
    buffer = getattr(origin, "buffer", None)
    return buffer if isinstance(buffer, memoryview) else None

"""The one place that opens files: read and write DICOM files from paths, file objects, buffers.

Reading a path: files up to :data:`MEMORY_MAP_THRESHOLD` bytes (64 MiB) are read
into memory with one read and closed before :func:`read` returns, so a file
rewritten later (by us or anyone) cannot change or crash what was read, and
holding thousands of files open costs no descriptors.  Larger files are
memory-mapped: values, pixel data above all, stay views of the file and are read
from disk only when someone asks.  ``memory_map=True``/``False`` chooses either.

Writing a path is atomic: the bytes go to a temporary file in the target's
directory, which then replaces the target (``os.replace``).  A file that was
memory-mapped keeps its old contents for the mapping (the old inode lives on),
so overwriting the file an object was read from never harms that object.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, cast

import attrs

from typeddcm.codec._level import UNCHECKED, ReadLog, ReadOptions
from typeddcm.codec.part10 import decode_file
from typeddcm.dataset import Dataset
from typeddcm.dicomfile import DicomFile
from typeddcm.errors import InvalidDicomError
from typeddcm.tag import Tag, TagLike

if TYPE_CHECKING:
    # Imported by the functions that write (it costs ~3 ms of ``import typeddcm``,
    # which a process that only reads would pay for nothing).
    import tempfile

__all__ = ["MEMORY_MAP_THRESHOLD", "atomic_output", "copy_file", "file_sha256", "file_status", "has_dicom_marker", "make_folders",
           "move_file", "open_file", "read", "read_file_bytes", "read_text", "remove_empty_folder", "remove_file", "temporary_folder", "write",
           "write_bytes_atomically", "write_new_file", "write_text_atomically"]

Source = str | os.PathLike[str] | BinaryIO | bytes | bytearray | memoryview

#: Files larger than this many bytes are memory-mapped by default; smaller ones are
#: read into memory.  A module setting (``typeddcm.io.MEMORY_MAP_THRESHOLD = ...``)
#: read at each call; ``read(..., memory_map=...)`` overrides it per file.
MEMORY_MAP_THRESHOLD = 64 * 1024 * 1024


def read(
    source: Source,
    *,
    stop_before_pixels: bool = False,
    specific_tags: Iterable[TagLike] | None = None,
    defer_size: int | str | None = None,
    force: bool = False,
    strict: bool = False,
    memory_map: bool | None = None,
    check: bool = True,
    max_inflated_size: int | None = None,
    implicit_vr_switch: bool = True,
    replace_un: bool = True,
) -> DicomFile:
    """Read a DICOM file from a path, a binary file object or a buffer.

    ``stop_before_pixels`` ends the dataset before Pixel Data; ``specific_tags``
    keeps only those top-level elements (and Specific Character Set);
    ``defer_size`` is accepted for pydicom compatibility: every value is already
    read only on first access.  ``force`` reads data without the Part 10 header;
    ``strict`` turns every leniency for real-world files into a DecodeError.
    ``memory_map`` (paths only): ``None`` maps files above
    :data:`MEMORY_MAP_THRESHOLD` and reads smaller ones into memory, ``True`` always
    maps, ``False`` always reads.  A mapped file holds a descriptor until
    :meth:`DicomFile.close` (or the end of a ``with`` block) and no value views it.

    Leniency warnings (``DicomWarning``: ``ReadWarning`` instances naming the source,
    tag path and offset) are issued by ``read()`` itself, at its caller, and kept as
    ``f.warnings``.  ``check`` walks the headers inside sequences, whose items are
    otherwise read on first use, so that what is wrong there is reported now too
    (``check=False`` saves that walk; such warnings then come when the items are
    read).  ``max_inflated_size`` caps a deflated dataset's inflated size (default:
    ``codec.part10.inflated_size_cap``); more is a DecodeError.
    ``implicit_vr_switch``: in explicit VR data, VR bytes that are not two letters
    A-Z start an implicit VR element (real files switch mid-dataset: the default);
    False reads them as an unknown VR (UN, with a warning).  ``replace_un``: in explicit
    VR data a UN element whose VR the (private) dictionary knows is read as that VR (the
    default, as pydicom); False keeps it UN.
    """
    wanted = None
    if specific_tags is not None:
        wanted = frozenset(int(Tag(t)) for t in specific_tags) | {0x00080005}
    if (strict or stop_before_pixels or wanted or max_inflated_size is not None
            or not implicit_vr_switch or not replace_un):
        options: ReadOptions | None = ReadOptions(
            strict=strict, stop_before_pixels=stop_before_pixels, specific_tags=wanted,
            check=check, max_inflated_size=max_inflated_size,
            implicit_vr_switch=implicit_vr_switch, replace_un=replace_un)
    else:
        options = None if check else UNCHECKED  # made once: a read of a small file is ~30 us
    _ = defer_size
    if isinstance(source, (bytes, bytearray, memoryview)):
        log = ReadLog()  # "<bytes>"
    else:
        name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else getattr(
            source, "name", None)
        log = ReadLog(name if isinstance(name, str) else "<bytes>")
    try:
        return decode_file(_buffer_of(source, memory_map, options, force), force=force,
                           options=options, log=log)
    finally:
        log.finish()  # issue the read's warnings at our caller (those before an error too)


#: A header-only read of a file larger than this maps it to find where the header
#: ends and reads only that far, rather than reading pixel data it will not keep.
HEADER_PROBE_SIZE = 1024 * 1024


def _buffer_of(source: Source, memory_map: bool | None, options: ReadOptions | None,
               force: bool) -> bytes | bytearray | memoryview:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return source
    if isinstance(source, (str, os.PathLike)):
        with open(source, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size == 0:
                msg = f"{os.fspath(source)!r} is empty"
                raise InvalidDicomError(msg, offset=0)
            if memory_map is True or (memory_map is None and size > MEMORY_MAP_THRESHOLD):
                # The map stays valid after the file is closed (it keeps its own
                # descriptor); views keep it alive until close() and the last view go.
                return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
            if options is not None and options.stop_before_pixels and size > HEADER_PROBE_SIZE:
                return _header_prefix(handle, options, force)
            return handle.read()  # one read: the file object sizes its buffer by fstat
    return source.read()


def _header_prefix(handle: BinaryIO, options: ReadOptions, force: bool) -> bytes:
    """The bytes of a file up to its Pixel Data: found by a lazy parse of a map of it
    (headers only, values untouched), then read with one read."""
    mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        # Only the headers' extent is wanted: the real read checks and reports the rest.
        probe = decode_file(memoryview(mapped), force=force,
                            options=attrs.evolve(options, check=False))
        origin = probe.dataset._origin
        end = origin.end if origin is not None and probe.source.compressed is None else len(mapped)
        probe.close()
        del probe, origin
    finally:
        # A value decoded while probing that still views the map frees it with itself.
        with contextlib.suppress(BufferError):
            mapped.close()
    handle.seek(0)
    return handle.read(end)


def write(dicom_file: DicomFile, target: str | os.PathLike[str] | BinaryIO, *,
          like_original: bool = True) -> None:
    """Write ``dicom_file`` to a path (atomically) or a binary file object.

    See ``DicomFile.to_bytes`` for ``like_original``.  A path is written to a
    temporary file beside it that then replaces it, so a failed write leaves the
    old file whole and an object read from the old file keeps its values.  A
    symbolic link is followed (the file it names is replaced); the replaced file's
    permission bits are kept.  No fsync: the rename is what makes the write atomic
    for readers; durability across a power cut is the file system's (ext4 and XFS
    flush a file renamed over another).
    """
    checked: object = dicom_file  # callers without type checking pass datasets too
    if not isinstance(checked, DicomFile):
        hint = (" (wrap a dataset in a file first: typeddcm.DicomFile.new(dataset))"
                if isinstance(checked, Dataset) else "")
        msg = f"write() takes a DicomFile, not {type(checked).__name__}{hint}"
        raise TypeError(msg)
    data = dicom_file.to_bytes(like_original=like_original)
    if isinstance(target, (str, os.PathLike)):
        write_bytes_atomically(target, data)
    else:
        target.write(data)


def write_bytes_atomically(target: str | os.PathLike[str], data: bytes) -> None:
    """Put ``data`` at ``target`` by writing a temporary file beside it and renaming it."""
    path = os.path.realpath(target)
    directory = os.path.dirname(path) or "."
    try:
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=directory, prefix=".typeddcm-",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def has_dicom_marker(path: str | os.PathLike[str]) -> bool:
    """Whether the file has "DICM" at byte 128 (the Part 10 header), reading 132 bytes."""
    with open(path, "rb") as handle:
        return handle.read(132)[128:132] == b"DICM"


def read_file_bytes(path: str | os.PathLike[str]) -> bytes:
    """The whole file as bytes (for tools that compare what they read with what they write)."""
    return Path(path).read_bytes()


# --- plain file operations, for the layers above (compat's file-like API, File-sets,
# --- tools): kept here so that every open, copy, move and removal is in one module.


def open_file(path: str | bytes | os.PathLike[str] | os.PathLike[bytes], mode: str = "rb",
              buffering: int = -1) -> BinaryIO:
    """The file at ``path`` opened in a binary ``mode``; the caller closes it (APIs such as
    pydicom's ``DicomFile(path, mode)`` and deferred reads hand out the open file)."""
    if "b" not in mode:
        msg = f"open_file opens files in binary modes only, not {mode!r}"
        raise ValueError(msg)
    # Returned to the caller, who closes it; binary modes give a BinaryIO (checked above).
    return cast(BinaryIO, open(path, mode, buffering))


def write_new_file(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a file that must not exist yet (FileExistsError if one does)."""
    with open(path, "xb") as out:
        out.write(data)


def write_text_atomically(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Put ``text`` at ``path`` as :func:`write_bytes_atomically` puts bytes."""
    write_bytes_atomically(path, text.encode(encoding))


def read_text(path: str | os.PathLike[str], encoding: str = "utf-8") -> str:
    """The whole text file at ``path``."""
    return Path(path).read_text(encoding=encoding)


def file_sha256(path: str | os.PathLike[str]) -> str:
    """The SHA-256 of the file at ``path`` as lower-case hex, read in 64 KiB blocks."""
    import hashlib

    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 16), b""):
            hasher.update(block)
    return hasher.hexdigest()


def make_folders(path: str | os.PathLike[str]) -> None:
    """Create the folder ``path`` and any missing parents (nothing if it exists)."""
    Path(path).mkdir(parents=True, exist_ok=True)


def copy_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Copy the file's bytes to ``target`` (its folder made if missing; a file there is
    replaced atomically, so a reader of the old file never sees half of the new one)."""
    make_folders(Path(target).parent)
    write_bytes_atomically(target, read_file_bytes(source))


def move_file(source: str | os.PathLike[str], target: str | os.PathLike[str]) -> None:
    """Move a file to ``target`` (its folder made if missing), across file systems too."""
    import shutil

    make_folders(Path(target).parent)
    shutil.move(os.fspath(source), os.fspath(target))


def temporary_folder(beside: str | os.PathLike[str] | None = None) -> tempfile.TemporaryDirectory[str]:
    """A new temporary folder, removed with its contents when cleaned up (or collected);
    ``beside``: made in that path's folder (same file system, and for a cluster the same
    shared storage) instead of the system's temporary folder."""
    import tempfile

    if beside is None:
        return tempfile.TemporaryDirectory(prefix="typeddcm-")
    return tempfile.TemporaryDirectory(prefix=".typeddcm-",
                                       dir=os.path.dirname(os.path.abspath(beside)))


@contextlib.contextmanager
def atomic_output(target: str | os.PathLike[str]) -> Iterator[BinaryIO]:
    """A binary file to write ``target``'s new contents to: a temporary file beside it that
    replaces ``target`` when the block ends without an error (removed when it raises), so
    a reader never sees half a file and a failed write leaves the old one whole."""
    path = os.path.realpath(target)
    import tempfile

    handle, temporary = tempfile.mkstemp(dir=os.path.dirname(path) or ".", prefix=".typeddcm-",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    # Linux says the umask in /proc without changing it; elsewhere it can only be read by
    # setting it, which for that instant leaves files another thread creates unmasked,
    # so that is the fallback.
    try:
        for line in read_text("/proc/self/status").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0)
    os.umask(umask)
    return umask


def file_status(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat`` of ``path``: size and modification time for indexes that notice changes."""
    return os.stat(path)


def remove_file(path: str | os.PathLike[str], missing_ok: bool = True) -> None:
    """Delete the file at ``path`` (a missing file is fine unless ``missing_ok`` is False)."""
    Path(path).unlink(missing_ok=missing_ok)


def remove_empty_folder(path: str | os.PathLike[str]) -> bool:
    """Delete the folder at ``path`` if it exists and is empty; whether it was deleted."""
    try:
        Path(path).rmdir()
    except OSError:  # not empty, missing, or not a folder: left as it is
        return False
    return True

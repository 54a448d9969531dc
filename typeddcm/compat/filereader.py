"""pydicom's ``filereader``: dcmread, read_partial, read_preamble, read_file_meta_info,
read_deferred_data_element, and (from ``_rawread``) read_dataset, read_sequence,
read_sequence_item and data_element_generator.

``dcmread``/``read_partial`` read a whole file with the core reader (typeddcm.read /
codec.part10): a path as typeddcm.read reads it, a file object from where it is
(as pydicom does), leaving it after what was read: at the end, or where reading
stopped (the Pixel Data element for ``stop_before_pixels``, the element
``stop_when`` stopped at).  Values are decoded when first used, so ``defer_size``
(checked as pydicom checks it) has nothing left to defer.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal

import typeddcm
from typeddcm.codec._level import MetaLevel, ReadOptions
from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.part10 import _META_ENCODING, _meta_end, decode_file
from typeddcm.codec.reader import Origin, make_store, read_level
from typeddcm.codec.transfer_syntax import transfer_syntax
from typeddcm.codec.values import decode_value
from typeddcm.dataset import Dataset as CoreDataset
from typeddcm.errors import InvalidDicomError as CoreInvalidDicomError
from typeddcm.errors import UnsupportedTransferSyntaxError
from typeddcm.tag import Tag as CoreTag

from ._raw import UNDEFINED, StagedLog, header_of, raw_of
from ._rawread import (
    _generate,
    data_element_generator,
    read_dataset,
    read_sequence,
    read_sequence_item,
)
from .dataelem import RawDataElement
from .dataset import Dataset, FileDataset, FileMetaDataset
from .errors import InvalidDicomError
from .misc import size_in_bytes
from .tag import BaseTag, Tag

__all__ = ["data_element_generator", "data_element_offset_to_value", "dcmread",
           "read_dataset", "read_deferred_data_element", "read_dicomdir", "read_file",
           "read_file_meta_info",
           "read_partial", "read_preamble", "read_sequence", "read_sequence_item"]

if TYPE_CHECKING:
    from .dicomdir import DicomDir

StopWhen = Callable[[BaseTag, "str | None", int], bool]
_PIXEL_TAGS = frozenset({0x7FE00008, 0x7FE00009, 0x7FE00010})


def _check_source(fp: object) -> None:
    """pydicom's TypeError for what is neither a path, a readable object nor bytes."""
    if isinstance(fp, (str, os.PathLike, bytes, bytearray, memoryview)) or hasattr(fp, "read"):
        return
    msg = ("dcmread: Expected a file path, file-like or readable buffer, "
           f"but got {type(fp).__name__}")
    raise TypeError(msg)


def _tell(fp: object) -> int | None:
    """Where a seekable file object is; None for paths, bytes and streams."""
    if isinstance(fp, (str, os.PathLike, bytes, bytearray, memoryview)):
        return None
    try:
        return int(fp.tell())  # type: ignore[attr-defined]
    except (AttributeError, OSError, ValueError):
        return None


def dcmread(
    fp: str | os.PathLike[str] | BinaryIO | bytes,
    defer_size: int | str | float | None = None,
    stop_before_pixels: bool = False,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Read a DICOM file: the dataset, its file meta, preamble and transfer syntax.

    ``fp`` is a path, a binary file object (read from where it is; left after what
    was read) or bytes.  ``stop_before_pixels`` ends the dataset before the first of
    (7FE0,0008), (7FE0,0009), (7FE0,0010), and leaves a file object there;
    ``specific_tags`` (tags or keywords) keeps only those top-level elements and
    Specific Character Set.  Values are decoded when first read (so ``defer_size``
    has nothing left to defer; a size pydicom cannot parse is its ValueError).
    Paths are read as typeddcm.read reads them (small files into memory, large ones
    mapped).  Not DICOM (no "DICM" at byte 128 and no ``force``):
    :class:`InvalidDicomError`; not a path, file object or bytes: ``TypeError``.
    """
    _check_source(fp)
    size_in_bytes(defer_size)
    tags = None if specific_tags is None else [int(Tag(t)) for t in specific_tags]
    start = _tell(fp)
    if force and start is not None and _rewind_without_marker(fp, start):
        start = 0
    from . import config as _settings_module
    from .config import settings as _settings

    try:
        # check=False: the items of sequences are read (and their warnings given) when
        # first used, as pydicom parses a sequence's items when the sequence is first
        # read; the read-time walk of every item header would cost up to half the read.
        f = typeddcm.read(fp, stop_before_pixels=stop_before_pixels, specific_tags=tags,
                          force=force, check=False,
                          implicit_vr_switch=_settings.assume_implicit_vr_switch,
                          replace_un=_settings.replace_un_with_known_vr)
    except CoreInvalidDicomError as error:
        if force and _nothing_to_read(fp, start):
            # pydicom: forcing a read of nothing gives an empty dataset, implicit VR LE.
            return FileDataset(fp if isinstance(fp, (str, os.PathLike)) else None, Dataset(),
                               preamble=None, file_meta=FileMetaDataset(),
                               is_implicit_VR=True, is_little_endian=True)
        if isinstance(error, InvalidDicomError):
            raise
        raise InvalidDicomError(str(error)) from error
    if _settings.reading_validation_mode == _settings_module.RAISE:
        _check_vr_style(f)
    if stop_before_pixels:
        f, offset = _before_pixels(f)
        if start is not None and offset is not None:
            fp.seek(start + offset)  # type: ignore[union-attr]
    ds = from_dicom_file(f, fp)
    from . import config

    if config.debugging:
        _log_elements(ds)
    callback = config.data_element_callback
    if callback is not None:
        _apply_callback(ds, callback, dict(config.data_element_callback_kwargs))
    from .hooks import apply_hooks, hooks

    if hooks.customized:  # pydicom 3's callbacks, when not the defaults (see compat/hooks.py)
        apply_hooks(ds)
    return ds


def _check_vr_style(f: typeddcm.DicomFile) -> None:
    """Under reading mode RAISE, data whose VR style (implicit/explicit) is not what its
    Transfer Syntax UID says is pydicom's InvalidDicomError (the reader, lenient, reads
    it as the data says, with a warning, as pydicom does under WARN)."""
    element = f.meta.get(CoreTag(0x00020010))
    if element is None or element.vm != 1:
        return
    try:
        declared = transfer_syntax(str(element.value))
    except UnsupportedTransferSyntaxError:
        return
    if declared.implicit_vr != f.transfer_syntax.implicit_vr:
        expected, found = ("implicit", "explicit") if declared.implicit_vr else ("explicit", "implicit")
        raise InvalidDicomError(f"Expected {expected} VR, but found {found} VR")


def _rewind_without_marker(fp: Any, start: int) -> bool:
    """pydicom's forced read of a file object without "DICM" at byte 128 (from where
    it is) starts again at the object's byte 0: seeks there and says so."""
    head = fp.read(132)
    if len(head) == 132 and head[128:132] == b"DICM":
        fp.seek(start)
        return False
    fp.seek(0)
    return start != 0


def _nothing_to_read(fp: Any, start: int | None) -> bool:
    """Whether the source held no bytes at all (from ``start``, for a file object)."""
    if isinstance(fp, (bytes, bytearray, memoryview)):
        return len(fp) == 0
    if isinstance(fp, (str, os.PathLike)):
        return os.path.getsize(fp) == 0
    if start is None:
        return False
    fp.seek(start)
    empty = not fp.read(1)
    fp.seek(start)
    return empty


def _before_pixels(f: typeddcm.DicomFile) -> tuple[typeddcm.DicomFile, int | None]:
    """``f`` without (7FE0,0008) Float and (7FE0,0009) Double Float Pixel Data and what
    follows them (the core stops at (7FE0,0010) only), and where the data stopped:
    the offset of the pixel element in the bytes read, or None (deflated data, or no
    pixel element: the file was read to its end)."""
    source = f.source
    if source is None or source.compressed is not None:
        return f, None
    ds = f.dataset
    for element in ds.elements():
        if int(element.tag) in (0x7FE00008, 0x7FE00009):
            raw = element._raw
            cut = [e for e in ds.elements() if int(e.tag) < int(element.tag)]
            f = f.with_dataset(CoreDataset.from_sorted_elements(cut))
            return f, getattr(raw, "start", None)
        if int(element.tag) > 0x7FE00009:
            break
    origin = ds._origin
    if origin is None:
        return f, None
    end = origin.end
    buffer = origin.buffer
    if end + 4 > len(buffer):
        return f, None
    order: Literal["little", "big"] = "little" if f.transfer_syntax.little_endian else "big"
    group = int.from_bytes(bytes(buffer[end : end + 2]), order)
    element_number = int.from_bytes(bytes(buffer[end + 2 : end + 4]), order)
    return f, end if (group << 16 | element_number) in _PIXEL_TAGS else None


def _log_elements(ds: Dataset, depth: int = 0) -> None:
    """config.debug(): where each element was read and what it is, as pydicom logs it."""
    from . import config

    for elem in ds.elements():
        if isinstance(elem, RawDataElement):
            config.logger.debug("%s%08x: %s %s length %d", "  " * depth, elem.value_tell,
                                elem.tag, elem.VR or "(implicit)", elem.length)
        else:
            config.logger.debug("%s%s %s", "  " * depth, elem.tag, elem.VR)
            if elem.VR == "SQ":
                for item in elem.value:
                    _log_elements(item, depth + 1)


def _apply_callback(ds: Dataset, callback: Callable[..., Any], kwargs: dict[str, Any],
                    inherited: CharacterSet | None = None) -> None:
    """config.data_element_callback: each raw element, at every level, before it is used.

    The callback gets the RawDataElement and returns one (perhaps changed: another VR,
    other value bytes); a changed one replaces the element, decoded from its bytes.
    Sequences are not given to it (pydicom reads them itself): their items are
    visited, with the character set of the level above unless they name their own.
    """
    terms = ds.get("SpecificCharacterSet", None)
    charset = (CharacterSet.from_terms(terms or None) if terms is not None or inherited is None
               else inherited)
    core = ds.freeze()
    for elem in list(ds.elements()):
        if isinstance(elem, RawDataElement):
            raw = getattr(core.get(int(elem.tag)), "_raw", None)
            chosen = getattr(raw, "vr", None)  # the VR the core reads it as (implicit VR too)
            if chosen == "SQ":
                for item in ds[elem.tag].value:
                    _apply_callback(item, callback, kwargs, charset)
                continue
            new = callback(elem, **kwargs)
            if new is not None and new != elem:
                code = new.VR or chosen or _dictionary_vr(int(new.tag))
                vr, _ = decode_value(code, memoryview(new.value or b""),
                                     little_endian=new.is_little_endian, charset=charset)
                ds._set_vr_object(int(new.tag), vr)
        elif elem.VR == "SQ":
            for item in elem.value:
                _apply_callback(item, callback, kwargs, charset)


def _dictionary_vr(tag: int) -> str:
    from typeddcm.dictionary import lookup

    entry = lookup(tag)
    code = entry.vr.split(" or ")[0] if entry is not None and entry.vr else "UN"
    return code


def from_dicom_file(f: typeddcm.DicomFile, origin: Any = None) -> FileDataset:
    """A FileDataset over a core DicomFile (shared, not copied)."""
    syntax = f.transfer_syntax
    try:
        meta: Dataset = FileMetaDataset(f.meta)
    except ValueError:  # a damaged header read leniently holds other groups: keep them all
        meta = Dataset(f.meta)
    ds = FileDataset(origin, f.dataset, preamble=f.preamble, file_meta=meta,
                     is_implicit_VR=syntax.implicit_vr, is_little_endian=syntax.little_endian)
    ds._source_file = f
    meta.set_original_encoding(False, True, "iso8859")  # group 0002: explicit VR LE, PS3.10
    source = f.source
    origin = f.dataset._origin
    if source is not None and source.compressed is not None and origin is not None:
        # pydicom 3 reads a deflated dataset from an inflated DicomBytesIO: its buffer.
        from .filebase import DicomBytesIO

        inflated = DicomBytesIO(bytes(origin.buffer))
        inflated.is_little_endian = syntax.little_endian
        inflated.is_implicit_VR = syntax.implicit_vr
        ds.buffer = inflated
        ds.fileobj_type = DicomBytesIO
    # The Python codecs of the (0008,0005) read, as pydicom records them (1.x: _character_set).
    charset = ds.get("SpecificCharacterSet", None)
    codecs: str | list[str] = "iso8859"
    if charset:
        from .charset import convert_encodings

        codecs = list(convert_encodings(charset))
    ds.set_original_encoding(syntax.implicit_vr, syntax.little_endian, codecs)
    return ds


read_file = dcmread


def read_dicomdir(filename: str | bytes | os.PathLike[str] = "DICOMDIR") -> DicomDir:
    """pydicom 1.x: read the DICOMDIR file ``filename`` as a :class:`.dicomdir.DicomDir`
    (its records with ``children``, its ``patient_records``).  InvalidDicomError when the
    file is not a Media Storage Directory file; DirectoryError when its offsets do not
    form a tree."""
    from .dicomdir import DicomDir

    name = os.fsdecode(filename)
    ds = dcmread(name)
    sop_class = ds.file_meta.get("MediaStorageSOPClassUID", None)
    if sop_class is None or str(sop_class) != "1.2.840.10008.1.3.10":
        msg = f"File '{name}' is not a Media Storage Directory file"
        raise InvalidDicomError(msg)
    out = DicomDir(name, ds, ds.preamble, ds.file_meta, ds._read_implicit, ds._read_little)
    out._source_file = ds._source_file
    return out


def read_preamble(fp: IO[bytes], force: bool) -> bytes | None:
    """The 128-byte preamble, when "DICM" follows it; ``fp`` is then past "DICM".

    Without the marker: with ``force``, None and ``fp`` back where it was (pydicom
    seeks to 0, the same for a file read from its start); else InvalidDicomError.
    """
    start = fp.tell()
    preamble = fp.read(128)
    magic = fp.read(4)
    if magic == b"DICM" and len(preamble) == 128:
        return bytes(preamble)
    if force:
        fp.seek(start)
        return None
    msg = ("File is missing DICOM File Meta Information header or the 'DICM' prefix is "
           "missing from the header. Use force=True to force reading.")
    raise InvalidDicomError(msg)


def _read_file_meta_info(fp: IO[bytes]) -> FileMetaDataset:
    """The group 0002 elements at ``fp``'s position (explicit VR little endian, or, as
    seen in real files, implicit VR); ``fp`` is left at the first element of another
    group.  Reads only as far as the file meta goes (in growing chunks)."""
    start = fp.tell()
    data = bytearray()
    size = 4096
    while True:
        more = fp.read(size)
        data += more
        end = _meta_end(memoryview(data), 0)
        # Done when an element of another group is in hand, or the data ended.
        if not more or end + 8 <= len(data):
            break
        size *= 2
    buf = memoryview(bytes(data))
    log = StagedLog(_name_of(fp))
    level = MetaLevel(buf, _META_ENCODING, "", 0, ReadOptions(check=False), log=log)
    try:
        elements, _, _ = read_level(level, 0, end, until_item_delimiter=False)
        store = make_store(elements, level, 0)
    finally:
        log.finish()
    fp.seek(start + end)
    meta = CoreDataset._from_store(store, Origin(store, buf, 0, end, False, level.encoding))
    return FileMetaDataset(meta)


def _name_of(fp: object) -> str:
    name = getattr(fp, "name", None)
    return name if isinstance(name, str) else "<bytes>"


def read_file_meta_info(filename: str | os.PathLike[str]) -> FileMetaDataset:
    """The file meta information of the file at ``filename`` only (a quick look at a
    series of files).  InvalidDicomError without "DICM" at byte 128."""
    from typeddcm.io import open_file

    with open_file(filename) as fp:
        read_preamble(fp, False)
        return _read_file_meta_info(fp)


def read_partial(
    fileobj: BinaryIO,
    stop_when: StopWhen | None = None,
    defer_size: int | str | float | None = None,
    force: bool = False,
    specific_tags: Iterable[Any] | None = None,
) -> FileDataset:
    """Read a file from ``fileobj``'s position until ``stop_when(tag, VR, length)`` is
    true for a top-level element (it and what follows are left out, and ``fileobj``
    is left at its start), else to the end.  The file is not closed.

    ``force`` and ``specific_tags`` as for :func:`dcmread`.
    """
    size_in_bytes(defer_size)
    start = _tell(fileobj)
    data = fileobj.read()
    log = StagedLog(_name_of(fileobj))
    from .config import settings as _settings

    options = ReadOptions(implicit_vr_switch=_settings.assume_implicit_vr_switch,
                          replace_un=_settings.replace_un_with_known_vr)
    try:
        f = decode_file(data, force=force, log=log, options=options)
    except CoreInvalidDicomError as error:
        log.finish_at(len(data))
        if isinstance(error, InvalidDicomError):
            raise
        raise InvalidDicomError(str(error)) from error
    ds = f.dataset
    stop: int | None = None
    if stop_when is not None:
        ordered = sorted(ds.elements(), key=lambda e: raw_of(e).start)
        for element in ordered:
            vr, length = header_of(raw_of(element))
            if stop_when(BaseTag(int(element.tag)), vr, length):
                stop = raw_of(element).start
                break
    wanted = None if not specific_tags else {int(Tag(t)) for t in specific_tags} | {0x00080005}
    if stop is not None or wanted is not None:
        kept = [e for e in ds.elements()
                if (stop is None or raw_of(e).start < stop)
                and (wanted is None or int(e.tag) in wanted)]
        f = f.with_dataset(CoreDataset.from_sorted_elements(kept))
    log.finish_at(len(data) if stop is None else stop)
    if stop is not None and start is not None and f.source.compressed is None:
        fileobj.seek(start + stop)
    return from_dicom_file(f, fileobj)


def data_element_offset_to_value(is_implicit_VR: bool, VR: str | None) -> int:
    """Bytes from an element's first byte to its value: 8, or 12 for an explicit VR
    element with a 4-byte length (OB, OW, SQ, UN, UT ...)."""
    from typeddcm.codec.reader import LONG_VRS

    if is_implicit_VR:
        return 8
    return 12 if VR in LONG_VRS else 8


def read_deferred_data_element(
    fileobj_type: Any,
    filename_or_obj: str | os.PathLike[str] | IO[bytes] | None,
    timestamp: float | None,
    raw_data_elem: RawDataElement,
) -> RawDataElement:
    """Read a deferred element's value (``raw_data_elem.value`` None) from its file.

    A path is opened with ``fileobj_type(path, "rb")`` and closed again; a file
    object is used where it is.  ``OSError`` when there is no file name or the file
    is gone; a warning when its modification time is not ``timestamp``;
    ``ValueError`` when what is there is not the element (another tag or VR).
    """
    if filename_or_obj is None:
        raise OSError("Deferred read -- original filename not stored. Cannot re-open")
    is_path = isinstance(filename_or_obj, (str, os.PathLike))
    if is_path:
        path = os.fspath(filename_or_obj)  # type: ignore[arg-type]
        if not os.path.exists(path):
            msg = f"Deferred read -- original file {path} is missing"
            raise OSError(msg)
        if timestamp is not None and os.stat(path).st_mtime != timestamp:
            warnings.warn("Deferred read warning -- file modification time has changed",
                          UserWarning, stacklevel=2)
        fp: Any = fileobj_type(path, "rb")
    else:
        fp = filename_or_obj
    implicit, little = raw_data_elem.is_implicit_VR, raw_data_elem.is_little_endian
    start = raw_data_elem.value_tell - data_element_offset_to_value(implicit, raw_data_elem.VR)
    try:
        fp.seek(start)
        length = raw_data_elem.length
        header = data_element_offset_to_value(implicit, raw_data_elem.VR)
        # The element alone (to the end for undefined length, whose end is a delimiter).
        data = fp.read() if length == UNDEFINED else fp.read(header + length)
    finally:
        if is_path:
            fp.close()
    found = next(_generate(None, bytes(data), start, implicit, little, None, None,
                           "iso8859", None), None)
    if not isinstance(found, RawDataElement):
        msg = f"Deferred read -- no element {raw_data_elem.tag} at file position 0x{start:x}"
        raise ValueError(msg)
    if found.VR != raw_data_elem.VR:
        msg = f"Deferred read VR {found.VR} does not match original {raw_data_elem.VR}"
        raise ValueError(msg)
    if found.tag != raw_data_elem.tag:
        msg = (f"Deferred read tag {found.tag!r} does not match original "
               f"{raw_data_elem.tag!r}")
        raise ValueError(msg)
    return found


def close_file_dataset(ds: FileDataset) -> None:
    """What leaving ``with dcmread(...) as ds:`` does: release a memory-mapped file.

    A file read into memory holds nothing to release: its values stay readable
    after the block, as pydicom's do.  A mapped one (large files read by path)
    holds a map and a descriptor; they are released, and a value not read by then
    raises FileClosedError.
    """
    source = getattr(ds, "_source_file", None)
    buffer = getattr(getattr(source, "source", None), "buffer", None)
    import mmap

    if isinstance(buffer, memoryview) and isinstance(buffer.obj, mmap.mmap):
        source.close()  # type: ignore[union-attr]

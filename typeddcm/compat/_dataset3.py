"""pydicom 3's encoding methods of Dataset, mixed into compat's Dataset (kept apart so
dataset.py stays one job): ``original_encoding``, ``original_character_set``,
``set_original_encoding`` (1.x's signature and 3.x's optional character set),
``update_raw_element`` and ``save_as`` with 3.x's keywords.

The encoding a dataset was read with lives in the 1.x attributes ``read_implicit_vr``,
``read_little_endian`` and ``read_encoding`` (set by dcmread), which the 3.x names read.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING, Any, BinaryIO, Self, cast

from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.values import decode_value
from typeddcm.vr import VR_CLASSES

from .config import _current as _config_current

if TYPE_CHECKING:
    from .dataelem import DataElement
    from .dataset import Dataset

__all__ = ["Dataset3Methods"]


def _future() -> bool:
    """``config._use_future`` in this context (the snapshot: no module __getattr__)."""
    return _config_current.get().use_future


def _gone(ds: object, name: str) -> AttributeError:
    return AttributeError(f"'{type(ds).__name__}' object has no attribute '{name}'")

#: set_original_encoding's character set when not given: pydicom 3 then leaves it as it was.
_UNCHANGED: Any = object()


class Dataset3Methods:
    """The pydicom 3 methods above; each works on the Dataset it is mixed into."""

    __slots__ = ()

    @property
    def original_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) the dataset was read with; (None, None) if built."""
        state = cast("Dataset", self).__dict__
        implicit, little = state.get("_read_implicit"), state.get("_read_little")
        if implicit is None or little is None:
            return None, None
        return bool(implicit), bool(little)

    @property
    def original_character_set(self) -> str | list[str]:
        """The Python codecs of the (0008,0005) the dataset was read with ("" if built)."""
        ds = cast("Dataset", self)
        encoding = ds.__dict__.get("_read_charset")
        if not encoding:
            origin = ds._core._origin if ds._path else None
            if origin is None:
                return ""
            # An item read from a file: the character set its level was read with.
            return _as_codecs(list(origin.encoding.charset.terms))
        stored = (encoding,) if isinstance(encoding, str) else tuple(encoding)
        codecs = _codecs_of(stored)
        if codecs is None:  # already codec names (as the reader records them)
            return encoding if isinstance(encoding, str) else list(stored)
        return list(codecs)

    # --- the encoding: 1.x's attributes, kept under pydicom 3's private names -----------
    # ``is_implicit_VR``/``is_little_endian`` (how to write) and ``read_implicit_vr``,
    # ``read_little_endian``, ``read_encoding`` (how it was read) are the reference's
    # attributes; pydicom 3 keeps them as ``_is_implicit_VR``, ``_is_little_endian``,
    # ``_read_implicit``, ``_read_little`` and ``_read_charset``, which 3.x code sets
    # directly, so they are stored there.  Under ``config._use_future`` (pydicom 4) the
    # public names are gone: AttributeError, as pydicom 3 gives then.

    def _encoding_attribute(self, name: str, stored: str) -> Any:
        if _config_current.get().use_future:
            raise _gone(self, name)
        return self.__dict__.get(stored)

    def _set_encoding_attribute(self, name: str, stored: str, value: Any) -> None:
        if _future():
            raise _gone(self, name)
        setattr(self, stored, value)

    @property
    def is_implicit_VR(self) -> bool | None:
        """Whether to write with implicit VR (None: not said); 1.x's attribute."""
        return cast("bool | None", self._encoding_attribute("is_implicit_VR", "_is_implicit_VR"))

    @is_implicit_VR.setter
    def is_implicit_VR(self, value: bool | None) -> None:
        self._set_encoding_attribute("is_implicit_VR", "_is_implicit_VR", value)

    @property
    def is_little_endian(self) -> bool | None:
        """Whether to write little endian (None: not said); 1.x's attribute."""
        return cast("bool | None",
                    self._encoding_attribute("is_little_endian", "_is_little_endian"))

    @is_little_endian.setter
    def is_little_endian(self, value: bool | None) -> None:
        self._set_encoding_attribute("is_little_endian", "_is_little_endian", value)

    @property
    def read_implicit_vr(self) -> bool | None:
        """Whether the dataset was read with implicit VR (None if built)."""
        return cast("bool | None", self._encoding_attribute("read_implicit_vr", "_read_implicit"))

    @read_implicit_vr.setter
    def read_implicit_vr(self, value: bool | None) -> None:
        self._set_encoding_attribute("read_implicit_vr", "_read_implicit", value)

    @property
    def read_little_endian(self) -> bool | None:
        """Whether the dataset was read little endian (None if built)."""
        return cast("bool | None", self._encoding_attribute("read_little_endian", "_read_little"))

    @read_little_endian.setter
    def read_little_endian(self, value: bool | None) -> None:
        self._set_encoding_attribute("read_little_endian", "_read_little", value)

    @property
    def read_encoding(self) -> str | list[str] | None:
        """The character set the dataset was read with (None if built)."""
        return cast("str | list[str] | None",
                    self._encoding_attribute("read_encoding", "_read_charset"))

    @read_encoding.setter
    def read_encoding(self, value: str | list[str] | None) -> None:
        self._set_encoding_attribute("read_encoding", "_read_charset", value)

    @property
    def _character_set(self) -> str | list[str]:
        """pydicom 3: the Python codecs of this dataset's (0008,0005) ("iso8859" without)."""
        ds = cast("Dataset", self)
        root, path = ds._loc
        # The (0008,0005) in force: this dataset's, else the nearest one above it.
        core: Any = root.core
        found = core.get(0x00080005)
        for depth in range(0, len(path) - 1, 2):
            core = core.get(path[depth]).vr.values[path[depth + 1]]
            found = core.get(0x00080005) or found
        terms = [str(v) for v in found.vr.values] if found is not None else []
        return _as_codecs(terms)

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        """The dataset as a 0-d object array, so ``numpy.array([ds])`` holds the
        dataset itself (not its elements, as a sequence would give)."""
        import numpy as np

        array = np.empty((), dtype=object)
        array[()] = self
        return array

    def __enter__(self) -> Self:
        """``with dcmread(path) as ds:`` (pydicom 3): the dataset; nothing to close (the
        file was read whole, or is mapped and released with the dataset)."""
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc_value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        return None  # exceptions propagate

    def set_original_encoding(self, is_implicit_vr: bool | None, is_little_endian: bool | None,
                              character_encoding: str | list[str] | None = _UNCHANGED) -> None:
        """Record the encoding the dataset was read with (None resets it).

        The character set is optional (pydicom 3): left out, it stays as it was; given
        (None included, as 1.x code passes it), it is stored.
        """
        setattr(self, "_read_implicit", is_implicit_vr)  # noqa: B010 - Dataset's own setattr
        setattr(self, "_read_little", is_little_endian)  # noqa: B010
        if character_encoding is not _UNCHANGED:
            setattr(self, "_read_charset", character_encoding)  # noqa: B010

    def update_raw_element(self, tag: Any, *, vr: str | None = None,
                           value: bytes | None = None) -> None:
        """Give the element ``tag``, not yet read, another VR and/or other value bytes.

        As pydicom 3: ValueError without either or for a VR that is not one; TypeError
        for a value that is not bytes or an element already read; KeyError if absent.
        The element is decoded from the new VR and bytes at once (pydicom keeps it raw
        until it is read; what a reader then sees is the same).
        """
        from .dataelem import RawDataElement
        from .tag import Tag

        ds = cast("Dataset", self)
        if vr is None and value is None:
            msg = "Either or both of 'vr' and 'value' are required"
            raise ValueError(msg)
        if vr is not None and vr not in VR_CLASSES:
            msg = f"Invalid VR value '{vr}'"
            raise ValueError(msg)
        if value is not None and not isinstance(cast("object", value), bytes):
            msg = f"'value' must be bytes, not '{type(value).__name__}'"
            raise TypeError(msg)
        found_tag = Tag(tag)
        raw = ds.get_item(found_tag)
        if raw is None:
            msg = f"No element with tag {found_tag} was found"
            raise KeyError(msg)
        if not isinstance(raw, RawDataElement):
            msg = (f"The element with tag {found_tag} has already been converted to a "
                   "'DataElement' instance, this method must be called earlier")
            raise TypeError(msg)
        new = raw._replace(VR=vr if vr is not None else raw.VR,
                           value=value if value is not None else raw.value)
        code = new.VR or _core_vr(ds, int(found_tag))
        if code == "SQ":
            from .dataelem import convert_raw_data_element

            ds[found_tag] = convert_raw_data_element(
                new._replace(VR="SQ"), encoding=ds.get("SpecificCharacterSet", None), ds=ds)
            return
        decoded, _ = decode_value(code, memoryview(new.value or b""),
                                  little_endian=new.is_little_endian,
                                  charset=_level_charset(ds, int(found_tag)))
        ds._set_vr_object(int(found_tag), decoded)

    def save_as(self, filename: str | os.PathLike[str] | BinaryIO, /,
                __write_like_original: bool | None = None, *, implicit_vr: bool | None = None,
                little_endian: bool | None = None, enforce_file_format: bool = False,
                overwrite: bool = True, **kwargs: Any) -> None:
        """Write the dataset to ``filename`` (a path or a writeable file object).

        1.x: ``save_as(filename, write_like_original=True)``; pydicom 3's keywords as
        :func:`dcmwrite` takes them.  As pydicom 3, ``little_endian`` other than the
        endianness the dataset was read with is a ValueError (values are not converted).
        """
        from ._dcmwrite import like_original_argument
        from .filewriter import dcmwrite

        if _future() and (__write_like_original is not None or "write_like_original" in kwargs):
            msg = ("'write_like_original' is no longer accepted as a positional or keyword "
                   "argument, use 'enforce_file_format' instead")
            raise TypeError(msg)
        like_original = like_original_argument(__write_like_original, kwargs, "save_as")
        if implicit_vr is not None and little_endian is None:
            little_endian = True
        if little_endian is not None or enforce_file_format:
            _refuse_endian_change(cast("Dataset", self), little_endian)
        dcmwrite(filename, cast("Dataset", self), like_original, implicit_vr=implicit_vr,
                 little_endian=little_endian, enforce_file_format=enforce_file_format,
                 overwrite=overwrite)

    # The DICOM JSON model (PS3.18 F): compat/jsonrep.py over typeddcm.dicomjson.
    def to_json_dict(self, bulk_data_threshold: int = 1024,
                     bulk_data_element_handler: Callable[[DataElement], str] | None = None,
                     suppress_invalid_tags: bool = False) -> dict[str, Any]:
        """This dataset as the DICOM JSON model (a dict); see compat/jsonrep.py."""
        from .jsonrep import dataset_to_json_dict

        return dataset_to_json_dict(cast("Dataset", self), bulk_data_threshold, bulk_data_element_handler,
                                    suppress_invalid_tags)

    def to_json(self, bulk_data_threshold: int = 1024,
                bulk_data_element_handler: Callable[[DataElement], str] | None = None,
                dump_handler: Callable[[dict[str, Any]], Any] | None = None,
                suppress_invalid_tags: bool = False) -> Any:
        """This dataset as DICOM JSON text (``dump_handler``: how the dict is dumped)."""
        from .jsonrep import dataset_to_json

        return dataset_to_json(cast("Dataset", self), bulk_data_threshold, bulk_data_element_handler,
                               dump_handler, suppress_invalid_tags)

    @classmethod
    def from_json(cls, json_dataset: dict[str, Any] | str | bytes | bytearray,
                  bulk_data_uri_handler: Callable[..., Any] | None = None) -> Dataset:
        """A dataset (of this class) from the DICOM JSON model (a dict, or its text)."""
        from .jsonrep import dataset_from_json

        return dataset_from_json(cast("type[Dataset]", cls), json_dataset, bulk_data_uri_handler)


def _refuse_endian_change(ds: Dataset, little_endian: bool | None) -> None:
    """pydicom 3's save_as does not convert between byte orders: ValueError if asked to."""
    from .uid import UID

    meta = getattr(ds, "file_meta", None)
    syntax = meta.get("TransferSyntaxUID", None) if meta is not None else None
    use_little: bool | None = None
    try:
        use_little = UID(str(syntax)).is_little_endian if syntax is not None else None
    except ValueError:
        use_little = None
    if use_little is None:
        use_little = little_endian if little_endian is not None else ds.is_little_endian
    read_little = ds.original_encoding[1]
    if use_little is not None and read_little is not None and read_little != use_little:
        msg = (f"'{type(ds).__name__}.save_as()' cannot be used to convert between little and "
               "big endian encoding. Please read the documentation for filewriter.dcmwrite() "
               "if this is what you really want to do")
        raise ValueError(msg)


def _as_codecs(terms: list[str]) -> str | list[str]:
    """pydicom's Python codec names for (0008,0005) terms ("iso8859" without any)."""
    from .charset import convert_encodings

    if not terms:
        return "iso8859"
    return list(convert_encodings(terms))


@functools.lru_cache(maxsize=256)
def _codecs_of(terms: tuple[str, ...]) -> tuple[str, ...] | None:
    """None when ``terms`` are Python codec names already, else their codecs (pydicom's
    convert_encodings of (0008,0005) terms); cached: a dataset's is asked for often."""
    from .charset import convert_encodings

    if all(_is_codec(term) for term in terms):
        return None
    return tuple(convert_encodings(list(terms)))


def _is_codec(name: str) -> bool:
    import codecs

    if name.upper().startswith(("ISO", "GB", "GBK")) and " " in name:
        return False  # a (0008,0005) term such as "ISO_IR 100"
    try:
        codecs.lookup(name)
    except LookupError:
        return False
    return True


def _core_vr(ds: Dataset, tag: int) -> str:
    """The VR the core reads an implicit VR element as (dictionary, private, UN)."""
    element = ds.freeze().get(tag)
    code = getattr(getattr(element, "_raw", None), "vr", None)
    return str(code) if code else "UN"


def _level_charset(ds: Dataset, tag: int) -> CharacterSet:
    """The character set the element's level was read with (items inherit theirs)."""
    element = ds.freeze().get(tag)
    level = getattr(getattr(element, "_raw", None), "level", None)
    charset = getattr(getattr(level, "encoding", None), "charset", None)
    if isinstance(charset, CharacterSet):
        return charset
    terms = ds.get("SpecificCharacterSet", None)
    return CharacterSet.from_terms(terms or None)

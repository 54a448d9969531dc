"""pydicom 3's encoding methods of Dataset, mixed into compat's Dataset (kept apart so
dataset.py stays one job): ``original_encoding``, ``original_character_set``,
``set_original_encoding`` (1.x's signature and 3.x's optional character set),
``update_raw_element`` and ``save_as`` with 3.x's keywords.

The encoding a dataset was read with lives in the 1.x attributes ``read_implicit_vr``,
``read_little_endian`` and ``read_encoding`` (set by dcmread), which the 3.x names read.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from typeddcm.codec.charset import CharacterSet
from typeddcm.codec.values import decode_value
from typeddcm.vr import VR_CLASSES

if TYPE_CHECKING:
    from .dataset import Dataset

__all__ = ["Dataset3Methods"]

#: set_original_encoding's character set when not given: pydicom 3 then leaves it as it was.
_UNCHANGED: Any = object()


class Dataset3Methods:
    """The pydicom 3 methods above; each works on the Dataset it is mixed into."""

    __slots__ = ()

    @property
    def original_encoding(self) -> tuple[bool, bool] | tuple[None, None]:
        """(implicit VR, little endian) the dataset was read with; (None, None) if built."""
        implicit = getattr(self, "read_implicit_vr", None)
        little = getattr(self, "read_little_endian", None)
        if implicit is None or little is None:
            return None, None
        return bool(implicit), bool(little)

    @property
    def original_character_set(self) -> str | list[str]:
        """The Python codecs of the (0008,0005) the dataset was read with ("" if built)."""
        from .charset import convert_encodings

        encoding = getattr(self, "read_encoding", None)
        if not encoding:
            return ""
        terms = [encoding] if isinstance(encoding, str) else list(encoding)
        if all(_is_codec(term) for term in terms):
            return encoding if isinstance(encoding, str) else terms  # already codec names
        return convert_encodings(terms)

    def set_original_encoding(self, is_implicit_vr: bool | None, is_little_endian: bool | None,
                              character_encoding: str | list[str] | None = _UNCHANGED) -> None:
        """Record the encoding the dataset was read with (None resets it).

        The character set is optional (pydicom 3): left out, it stays as it was; given
        (None included, as 1.x code passes it), it is stored.
        """
        setattr(self, "read_implicit_vr", is_implicit_vr)  # noqa: B010 - Dataset's own setattr
        setattr(self, "read_little_endian", is_little_endian)  # noqa: B010
        if character_encoding is not _UNCHANGED:
            setattr(self, "read_encoding", character_encoding)  # noqa: B010

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

        like_original = like_original_argument(__write_like_original, kwargs, "save_as")
        if implicit_vr is not None and little_endian is None:
            little_endian = True
        if little_endian is not None or enforce_file_format:
            _refuse_endian_change(cast("Dataset", self), little_endian)
        dcmwrite(filename, cast("Dataset", self), like_original, implicit_vr=implicit_vr,
                 little_endian=little_endian, enforce_file_format=enforce_file_format,
                 overwrite=overwrite)


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

"""The whole typeddcm exception and warning tree.

Every error subclasses a builtin as well as ``DicomError`` so that code written
against ``except ValueError`` / ``except KeyError`` keeps working.  Messages are
built first, then raised.
"""

from __future__ import annotations

__all__ = [
    "DicomError",
    "CharacterSetWarning",
    "DicomWarning",
    "DecodeError",
    "DicomJSONError",
    "DirectoryError",
    "EmptyValueError",
    "EncodeError",
    "FileClosedError",
    "FileIDError",
    "FileSetError",
    "FrozenDatasetError",
    "InvalidDicomError",
    "InvalidTagError",
    "InvalidValueError",
    "MissingAttributeError",
    "MissingExtraError",
    "MultipleValuesError",
    "ReadWarning",
    "StructureWarning",
    "TransferSyntaxWarning",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
]


class DicomError(Exception):
    """Root of every error raised by typeddcm."""


class DicomWarning(UserWarning):
    """Something in the data was not as the standard says, but we carried on."""


class ReadWarning(DicomWarning):
    """One leniency of one read: what (``problem``), where (``path``, ``offset``), in
    which input (``source``: the path read, or ``"<bytes>"``).

    ``read()`` issues each with ``warnings.warn`` (the instance itself, so
    ``caught.message.offset`` works) and keeps them in ``DicomFile.warnings``.
    ``path`` is the tag path, or ``"top level"`` / ``"file meta"`` when no
    element is to blame; ``tag`` the element's tag when there is one.
    """

    def __init__(self, problem: str = "", *, path: str = "top level", offset: int | None = None,
                 source: str = "<bytes>", tag: int | None = None) -> None:
        self.problem = problem
        self.path = path
        self.offset = offset
        self.source = source
        self.tag = tag
        super().__init__(f"{source}: {self.detail}")

    @property
    def detail(self) -> str:
        """The warning without its source: the problem and where it is."""
        where = f"at {self.path}" if self.offset is None else f"at {self.path}, offset {self.offset}"
        return f"{self.problem} ({where})"

    def __reduce__(self) -> tuple[object, ...]:
        return (_read_warning, (type(self), self.problem, self.path, self.offset, self.source,
                                self.tag))


def _read_warning(cls: type[ReadWarning], problem: str, path: str, offset: int | None,
                  source: str, tag: int | None) -> ReadWarning:
    return cls(problem, path=path, offset=offset, source=source, tag=tag)


class StructureWarning(ReadWarning):
    """Element, item or sequence framing: lengths, delimiters, VR codes, tag order, padding."""


class TransferSyntaxWarning(ReadWarning):
    """File meta information missing, or a Transfer Syntax UID missing, unknown or wrong."""


class CharacterSetWarning(ReadWarning):
    """Specific Character Set terms corrected or ignored, or text bytes not valid in it."""


class InvalidTagError(DicomError, ValueError):
    """A tag was out of range or of a form that cannot name a tag."""


class UnknownKeywordError(DicomError, KeyError):
    """A keyword is not in the data dictionary.

    Given the ``keyword``, the message suggests close dictionary keywords.  That
    suggestion is found when the message is shown, not when the error is raised:
    ``"Nme" in ds`` and ``ds.get("Nme")`` raise and catch this error on their way.
    """

    def __init__(self, message: str, keyword: str | None = None) -> None:
        super().__init__(message)
        self.keyword = keyword

    def __str__(self) -> str:
        # KeyError quotes its argument; we want the message as written.
        text = str(self.args[0]) if self.args else ""
        if self.keyword:
            from typeddcm.dictionary import close_keywords  # the dictionary imports nothing of ours

            close = close_keywords(self.keyword)
            if close:
                text += f" (did you mean {' or '.join(map(repr, close))}?)"
        return text


class InvalidValueError(DicomError, ValueError):
    """A value breaks a rule of PS3.5 for its Value Representation."""

    def __init__(self, vr: str, value: object, rule: str) -> None:
        self.vr = vr
        self.value = value
        self.rule = rule
        super().__init__(f"invalid {vr} value {value!r}: {rule}")


class MultipleValuesError(DicomError, ValueError):
    """``.value`` was asked of an element whose value multiplicity is not 1."""


class EmptyValueError(MultipleValuesError):
    """``.value`` was asked of an empty value (VM 0), as Type 2 attributes often are.

    ``Dataset.value_of(key)`` reads such a value as None.  A subclass of
    :class:`MultipleValuesError`, which this case raised before it existed.
    """


class FrozenDatasetError(DicomError, TypeError):
    """An attempt was made to change an immutable object in place."""


class DecodeError(DicomError, ValueError):
    """Bytes could not be decoded; carries the byte offset and the tag path."""

    def __init__(
        self, message: str, *, offset: int | None = None, tag: int | None = None, path: str = ""
    ) -> None:
        self.problem = message  # without the place, which the other attributes give
        self.offset = offset
        self.tag = tag
        self.path = path
        where = []
        if path:
            where.append(f"at {path}")
        if offset is not None:
            where.append(f"offset {offset}")
        text = f"{message} ({', '.join(where)})" if where else message
        super().__init__(text)


class DicomJSONError(DecodeError):
    """Input that is not the DICOM JSON model of PS3.18 F.2 (typeddcm.dicomjson): a JSON
    type where another is required, bad base64, a missing or unknown "vr", a key that is
    not a tag.  ``path`` is the tag path of the attribute at fault (``(0040,0275)[0]
    (0008,0100)``); ``reason`` says what kind of problem it is: ``"type"`` (a JSON type
    the model does not allow there), ``"missing"`` (a required key is absent) or
    ``"value"`` (anything else); ``key`` the JSON key at fault when it names no tag."""

    def __init__(self, message: str, *, path: str = "", reason: str = "value",
                 tag: int | None = None, key: str | None = None) -> None:
        super().__init__(message, tag=tag, path=path)
        self.reason = reason
        self.key = key


class DirectoryError(DecodeError):
    """A DICOMDIR's directory records do not form a tree: an offset that starts no
    record, a record reached twice (a cycle), or a record without its required keys.
    ``offset`` is the byte offset (from the start of the file) of the record or
    offset at fault."""


class InvalidDicomError(DecodeError):
    """The input is not a DICOM file at all."""


class EncodeError(DicomError, ValueError):
    """A dataset could not be encoded as asked."""


class FileIDError(DicomError, ValueError):
    """A File ID (PS3.10 8.5, PS3.3 F.3.2.2) that cannot name a file in a File-set:
    more than 8 components, or a component that is empty, longer than 8 characters
    or outside A-Z, 0-9 and _."""


class FileSetError(DicomError, ValueError):
    """A File-set operation that cannot be done as asked (typeddcm.dicomdir.fileset): a
    file that is not a DICOMDIR, an instance added twice, a record not in the File-set,
    a referenced file that is missing, a write that would overwrite a file."""


class FileClosedError(DicomError, ValueError):
    """A value not yet read was asked of a file after ``DicomFile.close()``."""


class MissingAttributeError(DicomError, KeyError):
    """An attribute asked for is absent (``ds[key]``, ``delete``, a path), or one needed
    for a task (e.g. Rows to read pixel data) is absent or empty."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class UnsupportedTransferSyntaxError(DicomError, NotImplementedError):
    """A transfer syntax that typeddcm cannot read or write (names what would help)."""


class MissingExtraError(DicomError, ImportError):
    """A feature needs an optional dependency that is not installed; the message names
    the extra that installs it (``pip install 'typeddcm[index]'``)."""

"""The whole typeddcm exception and warning tree.

Every error subclasses a builtin as well as ``DicomError`` so that code written
against ``except ValueError`` / ``except KeyError`` keeps working.  Messages are
built first, then raised.
"""

from __future__ import annotations

__all__ = [
    "DicomError",
    "DicomWarning",
    "DecodeError",
    "EncodeError",
    "FrozenDatasetError",
    "InvalidDicomError",
    "InvalidTagError",
    "InvalidValueError",
    "MissingAttributeError",
    "MultipleValuesError",
    "UnknownKeywordError",
    "UnsupportedTransferSyntaxError",
]


class DicomError(Exception):
    """Root of every error raised by typeddcm."""


class DicomWarning(UserWarning):
    """Something in the data was not as the standard says, but we carried on."""


class InvalidTagError(DicomError, ValueError):
    """A tag was out of range or of a form that cannot name a tag."""


class UnknownKeywordError(DicomError, KeyError):
    """A keyword is not in the data dictionary."""

    def __str__(self) -> str:
        # KeyError quotes its argument; we want the message as written.
        return str(self.args[0]) if self.args else ""


class InvalidValueError(DicomError, ValueError):
    """A value breaks a rule of PS3.5 for its Value Representation."""

    def __init__(self, vr: str, value: object, rule: str) -> None:
        self.vr = vr
        self.value = value
        self.rule = rule
        super().__init__(f"invalid {vr} value {value!r}: {rule}")


class MultipleValuesError(DicomError, ValueError):
    """``.value`` was asked of an element whose value multiplicity is not 1."""


class FrozenDatasetError(DicomError, TypeError):
    """An attempt was made to change an immutable object in place."""


class DecodeError(DicomError, ValueError):
    """Bytes could not be decoded; carries the byte offset and the tag path."""

    def __init__(
        self, message: str, *, offset: int | None = None, tag: int | None = None, path: str = ""
    ) -> None:
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


class InvalidDicomError(DecodeError):
    """The input is not a DICOM file at all."""


class EncodeError(DicomError, ValueError):
    """A dataset could not be encoded as asked."""


class MissingAttributeError(DicomError, KeyError):
    """An attribute needed for the task (e.g. Rows to read pixel data) is absent or empty."""

    def __str__(self) -> str:  # KeyError would show the message in quotes
        return str(self.args[0]) if self.args else ""


class UnsupportedTransferSyntaxError(DicomError, NotImplementedError):
    """A transfer syntax that typeddcm cannot read or write (names what would help)."""

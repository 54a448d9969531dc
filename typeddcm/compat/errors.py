"""pydicom's ``errors`` module: :class:`InvalidDicomError`, in typeddcm's exception tree.

``InvalidDicomError`` here *is a* :class:`typeddcm.errors.InvalidDicomError` (so a
``DecodeError``, a ``DicomError`` and a ``ValueError``): ``except`` clauses written
for either library catch what the other raises.  It is built the pydicom way,
from any positional arguments, with a default message when there are none.
"""

from __future__ import annotations

from typeddcm.errors import InvalidDicomError as _CoreInvalidDicomError

# pydicom 3 keeps BytesLengthException here (values.py raises it); ours lives in values.py.
from .values import BytesLengthException

__all__ = ["BytesLengthException", "InvalidDicomError"]

_DEFAULT_MESSAGE = "The specified file is not a valid DICOM file."


class InvalidDicomError(_CoreInvalidDicomError):
    """The file does not appear to be DICOM: usually "DICM" is missing at byte 128.

    ``InvalidDicomError()`` carries a default message; ``InvalidDicomError(*args)``
    keeps ``args`` as given (``str()`` then is what ``Exception`` makes of them).
    Unlike the core class it has no offset, tag or path (all None / "").
    """

    def __init__(self, *args: object) -> None:
        # Not DecodeError.__init__: that takes one message and keyword-only details.
        if not args:
            args = (_DEFAULT_MESSAGE,)
        Exception.__init__(self, *args)
        self.offset = None
        self.tag = None
        self.path = ""

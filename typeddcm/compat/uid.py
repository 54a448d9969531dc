"""pydicom's ``uid`` module: ``UID``, the transfer syntax constants, ``generate_uid``.

Everything comes from our UID registry (``typeddcm.dictionary``) and transfer
syntax table (``typeddcm.codec.transfer_syntax``): the constants below are looked
up by keyword, not typed in, and any other registry keyword (``CTImageStorage``
...) is found on first use by the module's ``__getattr__``.

Names: pydicom 3's (the registry keywords: ``JPEGBaseline8Bit``, ``JPEGLosslessSV1``,
``JPEGLSNearLossless``, ``JPEG2000MC``, ``HTJ2K``, ``MPEG2MPML`` ...) and pydicom 1.x's
(``JPEGBaseline``, ``JPEGExtended``, ``JPEGLosslessP14``, ``JPEGLossless``,
``JPEGLSLossy``, ``JPEG2000MultiComponentLossless``, ``JPEG2000MultiComponent``, 1.0's
``JPEGBaseLineLossy8bit``, ``JPEGBaseLineLossy12bit``, ``JPEG2000Lossy``, and the lists
``UncompressedPixelTransferSyntaxes``, ``PILSupportedCompressedPixelTransferSyntaxes``,
``JPEG2000CompressedPixelTransferSyntaxes`` ...).  ``UID_dictionary`` is pydicom's
table (uid -> (name, type, info, retired, keyword)), built from the registry on
first use.

Deliberate differences from pydicom 3 (each pinned by a test):

* ``JPEGLossless`` is pydicom 1.x's: 1.2.840.10008.1.2.4.70 (JPEG Lossless SV1, also
  ``JPEGLosslessSV1``), as the reference's era wrote it; pydicom >= 2.2 renamed .57
  (``JPEGLosslessP14`` here, ``uid_for_keyword("JPEGLossless")`` in the registry)
  to ``JPEGLossless``.  Code that needs .57 writes ``JPEGLosslessP14``.
* ``info`` is the registry's ": Default Transfer Syntax for ..." clause, else "";
  pydicom 3 also puts the registry's part/edition column there ("DICOS", "(2015c)").
* The encoding facts come from the core table: Papyrus 3 (1.2.840.10008.1.20) is
  implicit VR; the JPIP Referenced syntaxes are not encapsulated, and their
  "Deflate" forms are deflated (pydicom: explicit, compressed, not deflated).
* ``generate_uid()`` roots at :data:`TYPEDDCM_ROOT_UID` (our own arc, below our
  implementation class UID), not pydicom's root; ``prefix=None`` gives a
  ``2.25.`` UUID UID as pydicom 3 does (pydicom 1.x appended hash digits there,
  which ISO/IEC 9834-8 does not allow).
* A private UID is a transfer syntax when registered with
  :func:`register_transfer_syntax` (as in pydicom 3); pydicom 1.x raised instead.
"""

from __future__ import annotations

import re
import sys
import warnings
from typing import Any, Final

from typeddcm.codec.transfer_syntax import TransferSyntax, all_transfer_syntaxes, transfer_syntax
from typeddcm.codec.writer import IMPLEMENTATION_CLASS_UID
from typeddcm.dictionary import UIDEntry, uid_for_keyword, uid_info
from typeddcm.errors import DicomWarning, UnsupportedTransferSyntaxError
from typeddcm.uid import generate_uid as core_generate_uid

from . import config

__all__ = [
    "PYDICOM_IMPLEMENTATION_UID",
    "PYDICOM_ROOT_UID",
    "PrivateTransferSyntaxes",
    "RE_VALID_UID",
    "RE_VALID_UID_PREFIX",
    "TYPEDDCM_IMPLEMENTATION_UID",
    "TYPEDDCM_ROOT_UID",
    "UID",
    "generate_uid",
    "register_transfer_syntax",
]

RE_VALID_UID: Final = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$")
RE_VALID_UID_PREFIX: Final = re.compile(r"^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*\.$")
_DICOM_ROOT = "1.2.840.10008."
_MAX_LENGTH = 64
_MAX_PREFIX_LENGTH = 54

#: Encodings of private transfer syntaxes: uid -> (implicit VR, little endian).
_PRIVATE_ENCODINGS: dict[str, tuple[bool, bool]] = {}


class UID(str):
    """A UID string that knows its registry entry and, for a transfer syntax, its encoding.

    ``UID(text)`` strips surrounding spaces (and trailing NULs, the UI padding).
    ``validation_mode`` (``config.IGNORE``, ``WARN``, ``RAISE``; default: the
    context's ``config.settings.reading_validation_mode``) says what a text that is
    not a valid UID does: nothing, a warning, or ``ValueError`` (as pydicom 3).
    ``name`` is the registry name or the UID itself; ``type``, ``info``,
    ``keyword`` are "" for an unknown UID.  The encoding properties raise
    ValueError for a UID that is not a transfer syntax.
    """

    __slots__ = ()

    def __new__(cls, val: str, validation_mode: int | None = None) -> UID:
        if isinstance(val, UID) and cls is UID:
            return val
        if not isinstance(val, str):  # untyped callers
            msg = "A UID must be created from a string"  # type: ignore[unreachable]
            raise TypeError(msg)
        text = val.strip(" \x00")
        if validation_mode is None:
            validation_mode = config.reading_mode()
        if validation_mode != config.IGNORE and text and not (
                len(text) <= _MAX_LENGTH and RE_VALID_UID.match(text)):
            _invalid(text, validation_mode)
        return super().__new__(cls, text)

    # -- registry -------------------------------------------------------------

    def _entry(self) -> UIDEntry | None:
        return uid_info(str.__str__(self))

    @property
    def name(self) -> str:
        """The registry name, or the UID itself when it is not registered."""
        entry = self._entry()
        return entry.name if entry is not None else str.__str__(self)

    @property
    def type(self) -> str:
        """The registry type ("Transfer Syntax", "SOP Class" ...), or ""."""
        entry = self._entry()
        return entry.type if entry is not None else ""

    @property
    def info(self) -> str:
        """The registry's extra information (e.g. "Default Transfer Syntax for DICOM"), or ""."""
        entry = self._entry()
        return entry.info if entry is not None else ""

    @property
    def keyword(self) -> str:
        """The registry keyword ("ExplicitVRLittleEndian"), or ""."""
        entry = self._entry()
        return entry.keyword if entry is not None else ""

    @property
    def is_retired(self) -> bool:
        """True for a retired registry UID; False otherwise (and for private UIDs)."""
        entry = self._entry()
        return entry is not None and entry.retired

    @property
    def is_private(self) -> bool:
        """True when the UID is not below the DICOM root 1.2.840.10008."""
        return not self.startswith(_DICOM_ROOT)

    @property
    def is_valid(self) -> bool:
        """True when the UID has at most 64 characters of dot-separated numbers (PS3.5 9.1)."""
        return len(self) <= _MAX_LENGTH and RE_VALID_UID.match(self) is not None

    # -- transfer syntax --------------------------------------------------------

    @property
    def is_transfer_syntax(self) -> bool:
        """True for a registry transfer syntax or a registered private one."""
        if self.is_private:
            return str.__str__(self) in _PRIVATE_ENCODINGS or self in PrivateTransferSyntaxes
        return self.type == "Transfer Syntax"

    def _syntax(self) -> TransferSyntax:
        try:
            return transfer_syntax(str.__str__(self))
        except UnsupportedTransferSyntaxError:
            msg = "UID is not a transfer syntax."
            raise ValueError(msg) from None

    def _private(self) -> tuple[bool, bool]:
        encoding = _PRIVATE_ENCODINGS.get(str.__str__(self))
        if encoding is None:
            msg = "UID is not a transfer syntax with a known encoding."
            raise ValueError(msg)
        return encoding

    @property
    def is_implicit_VR(self) -> bool:
        """True for an implicit VR transfer syntax; ValueError when not a transfer syntax."""
        if self.is_private:
            return self._private()[0]
        return self._syntax().implicit_vr

    @property
    def is_little_endian(self) -> bool:
        """True for a little endian transfer syntax; ValueError when not a transfer syntax."""
        if self.is_private:
            return self._private()[1]
        return self._syntax().little_endian

    @property
    def is_deflated(self) -> bool:
        """True when the dataset is deflated (PS3.5 A.5); ValueError when not a transfer syntax."""
        if self.is_private:
            self._private()
            return False
        return self._syntax().deflated

    @property
    def is_encapsulated(self) -> bool:
        """True when Pixel Data is encapsulated (PS3.5 A.4); ValueError when not a transfer syntax."""
        if self.is_private:
            self._private()
            return False
        return self._syntax().encapsulated

    @property
    def is_compressed(self) -> bool:
        """pydicom's name for :attr:`is_encapsulated` (the same answer)."""
        return self.is_encapsulated

    def set_private_encoding(self, implicit_vr: bool, little_endian: bool) -> None:
        """Record the dataset encoding of this private transfer syntax (pydicom 3).

        The encoding is kept for the UID's text, not for this object alone (a UID
        has no per-object state here): every ``UID`` of the same text is then a
        transfer syntax with this encoding.  Unlike :func:`register_transfer_syntax`
        it does not add the UID to ``PrivateTransferSyntaxes``.  A UID below the DICOM
        root keeps the standard's encoding (ignored, as pydicom's properties ignore it).
        """
        if not self.is_private:
            return
        _PRIVATE_ENCODINGS[str.__str__(self)] = (bool(implicit_vr), bool(little_endian))


def _invalid(text: str, mode: int) -> None:
    """Report an invalid UID text: ValueError under RAISE, else a warning at the caller."""
    message = (f"Invalid value for VR UI: {text!r}: a UID is at most 64 characters of "
               "digit components separated by '.', without leading zeros (PS3.5 9.1)")
    if mode == config.RAISE:
        raise ValueError(message)
    level, frame = 3, sys._getframe(2)  # 3: UID.__new__'s caller
    while frame.f_back is not None and frame.f_globals.get("__name__", "").startswith("typeddcm."):
        frame, level = frame.f_back, level + 1
    warnings.warn(message, DicomWarning, stacklevel=level)


def _registered(keyword: str) -> UID:
    """The registry UID of ``keyword`` (the generator guarantees these keywords exist)."""
    found = uid_for_keyword(keyword)
    if found is None:  # pragma: no cover - pinned by the dictionary tests
        msg = f"{keyword!r} is not a keyword of the UID registry"
        raise KeyError(msg)
    return UID(found)


#: Our root for generated UIDs: an arc below our implementation class UID (a 2.25 UUID UID).
TYPEDDCM_ROOT_UID: Final = f"{IMPLEMENTATION_CLASS_UID}."
TYPEDDCM_IMPLEMENTATION_UID: Final = UID(IMPLEMENTATION_CLASS_UID)
#: pydicom's names for the same two values (ours, not pydicom's registered root).
PYDICOM_ROOT_UID: Final = TYPEDDCM_ROOT_UID
PYDICOM_IMPLEMENTATION_UID: Final = TYPEDDCM_IMPLEMENTATION_UID

# Transfer syntaxes, by registry keyword (pydicom 3's names).
ImplicitVRLittleEndian: Final = _registered("ImplicitVRLittleEndian")
ExplicitVRLittleEndian: Final = _registered("ExplicitVRLittleEndian")
EncapsulatedUncompressedExplicitVRLittleEndian: Final = _registered(
    "EncapsulatedUncompressedExplicitVRLittleEndian"
)
DeflatedExplicitVRLittleEndian: Final = _registered("DeflatedExplicitVRLittleEndian")
ExplicitVRBigEndian: Final = _registered("ExplicitVRBigEndian")
JPEGBaseline8Bit: Final = _registered("JPEGBaseline8Bit")
JPEGExtended12Bit: Final = _registered("JPEGExtended12Bit")
#: 1.2.840.10008.1.2.4.57, the registry's "JPEGLossless" (pydicom 1.x's name for it).
JPEGLosslessP14: Final = _registered("JPEGLossless")
JPEGLosslessSV1: Final = _registered("JPEGLosslessSV1")
#: pydicom 1.x's JPEGLossless: 1.2.840.10008.1.2.4.70 (Process 14, SV1); pydicom >= 2.2 bound it to .57.
JPEGLossless: Final = JPEGLosslessSV1
JPEGLSLossless: Final = _registered("JPEGLSLossless")
JPEGLSNearLossless: Final = _registered("JPEGLSNearLossless")
JPEG2000Lossless: Final = _registered("JPEG2000Lossless")
JPEG2000: Final = _registered("JPEG2000")
JPEG2000MCLossless: Final = _registered("JPEG2000MCLossless")
JPEG2000MC: Final = _registered("JPEG2000MC")
JPIPReferenced: Final = _registered("JPIPReferenced")
JPIPReferencedDeflate: Final = _registered("JPIPReferencedDeflate")
MPEG2MPML: Final = _registered("MPEG2MPML")
MPEG2MPMLF: Final = _registered("MPEG2MPMLF")
MPEG2MPHL: Final = _registered("MPEG2MPHL")
MPEG2MPHLF: Final = _registered("MPEG2MPHLF")
MPEG4HP41: Final = _registered("MPEG4HP41")
MPEG4HP41F: Final = _registered("MPEG4HP41F")
MPEG4HP41BD: Final = _registered("MPEG4HP41BD")
MPEG4HP41BDF: Final = _registered("MPEG4HP41BDF")
MPEG4HP422D: Final = _registered("MPEG4HP422D")
MPEG4HP422DF: Final = _registered("MPEG4HP422DF")
MPEG4HP423D: Final = _registered("MPEG4HP423D")
MPEG4HP423DF: Final = _registered("MPEG4HP423DF")
MPEG4HP42STEREO: Final = _registered("MPEG4HP42STEREO")
MPEG4HP42STEREOF: Final = _registered("MPEG4HP42STEREOF")
HEVCMP51: Final = _registered("HEVCMP51")
HEVCM10P51: Final = _registered("HEVCM10P51")
JPEGXLLossless: Final = _registered("JPEGXLLossless")
JPEGXLJPEGRecompression: Final = _registered("JPEGXLJPEGRecompression")
JPEGXL: Final = _registered("JPEGXL")
HTJ2KLossless: Final = _registered("HTJ2KLossless")
HTJ2KLosslessRPCL: Final = _registered("HTJ2KLosslessRPCL")
HTJ2K: Final = _registered("HTJ2K")
JPIPHTJ2KReferenced: Final = _registered("JPIPHTJ2KReferenced")
JPIPHTJ2KReferencedDeflate: Final = _registered("JPIPHTJ2KReferencedDeflate")
RLELossless: Final = _registered("RLELossless")
SMPTEST211020UncompressedProgressiveActiveVideo: Final = _registered(
    "SMPTEST211020UncompressedProgressiveActiveVideo"
)
SMPTEST211020UncompressedInterlacedActiveVideo: Final = _registered(
    "SMPTEST211020UncompressedInterlacedActiveVideo"
)
SMPTEST211030PCMDigitalAudio: Final = _registered("SMPTEST211030PCMDigitalAudio")
DeflatedImageFrameCompression: Final = _registered("DeflatedImageFrameCompression")

# pydicom 1.x names (the reference's era; JPEGLossless and JPEGLosslessP14 are above).
JPEGBaseline: Final = JPEGBaseline8Bit
JPEGExtended: Final = JPEGExtended12Bit
JPEGLSLossy: Final = JPEGLSNearLossless
JPEG2000MultiComponentLossless: Final = JPEG2000MCLossless
JPEG2000MultiComponent: Final = JPEG2000MC
# pydicom 1.0 and 1.1's names (deprecated in 1.2, still found in old code).
JPEGBaseLineLossy8bit: Final = JPEGBaseline8Bit
JPEGBaseLineLossy12bit: Final = JPEGExtended12Bit
JPEG2000Lossy: Final = JPEG2000
#: pydicom 1.0's root name and its table of own UIDs (ours: see TYPEDDCM_ROOT_UID).
pydicom_root_UID: Final = TYPEDDCM_ROOT_UID
pydicom_uids: dict[str, str] = {IMPLEMENTATION_CLASS_UID: "ImplementationClassUID"}

# Lists, as pydicom 1.x and 3 name them (plain lists: pydicom code appends to them).
UncompressedTransferSyntaxes: list[UID] = [
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
]
UncompressedPixelTransferSyntaxes = UncompressedTransferSyntaxes
NotCompressedPixelTransferSyntaxes = UncompressedTransferSyntaxes  # pydicom 1.0's name
JPEGLossyCompressedPixelTransferSyntaxes: list[UID] = [JPEGBaseline8Bit, JPEGExtended12Bit]
JPEGLSSupportedCompressedPixelTransferSyntaxes: list[UID] = [JPEGLSLossless, JPEGLSNearLossless]
JPEG2000CompressedPixelTransferSyntaxes: list[UID] = [JPEG2000Lossless, JPEG2000]
PILSupportedCompressedPixelTransferSyntaxes: list[UID] = [
    JPEGBaseline8Bit,
    JPEGLosslessSV1,
    JPEGExtended12Bit,
    JPEG2000Lossless,
    JPEG2000,
]
RLECompressedLosslessSyntaxes: list[UID] = [RLELossless]
JPEGTransferSyntaxes: list[UID] = [
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLosslessP14,
    JPEGLosslessSV1,
]
JPEGLSTransferSyntaxes: list[UID] = [JPEGLSLossless, JPEGLSNearLossless]
JPEG2000TransferSyntaxes: list[UID] = [
    JPEG2000Lossless,
    JPEG2000,
    JPEG2000MCLossless,
    JPEG2000MC,
    HTJ2KLossless,
    HTJ2KLosslessRPCL,
    HTJ2K,
]
#: Every MPEG-2, MPEG-4 and HEVC transfer syntax of the registry.
MPEGTransferSyntaxes: list[UID] = [
    UID(ts.uid) for ts in all_transfer_syntaxes() if ts.keyword.startswith(("MPEG", "HEVC"))
]
#: Every transfer syntax of the registry, retired ones included, in registry order.
AllTransferSyntaxes: list[UID] = [UID(ts.uid) for ts in all_transfer_syntaxes()]
RLETransferSyntaxes: list[UID] = [RLELossless]
#: Private transfer syntaxes added by :func:`register_transfer_syntax` (or appended by hand).
PrivateTransferSyntaxes: list[UID] = []


def register_transfer_syntax(
    uid: str, implicit_vr: bool | None = None, little_endian: bool | None = None
) -> UID:
    """Register a private transfer syntax and its dataset encoding; return it as a UID.

    Both ``implicit_vr`` and ``little_endian`` are needed unless the UID is already
    a transfer syntax (then given values replace a private one's encoding).
    """
    found = UID(uid)
    if (implicit_vr is None or little_endian is None) and not found.is_transfer_syntax:
        msg = (
            "The corresponding dataset encoding for 'uid' must be set using the "
            "'implicit_vr' and 'little_endian' arguments"
        )
        raise ValueError(msg)
    if implicit_vr is not None and little_endian is not None:
        if not found.is_private:
            msg = f"{found} is a registered DICOM transfer syntax: its encoding is fixed"
            raise ValueError(msg)
        _PRIVATE_ENCODINGS[str.__str__(found)] = (bool(implicit_vr), bool(little_endian))
    if found not in PrivateTransferSyntaxes and found.is_private:
        PrivateTransferSyntaxes.append(found)
    return found


def generate_uid(prefix: str | None = TYPEDDCM_ROOT_UID,
                 entropy_srcs: list[str] | None = None) -> UID:
    """A new UID of at most 64 characters that starts with ``prefix``.

    With ``entropy_srcs`` the suffix is the decimal SHA-512 of the joined strings,
    cut to fit: the same sources give the same UID (pydicom's published scheme, so
    the same prefix and sources give pydicom's UID too).  Without, the suffix is
    random (a UUID's digits).  ``prefix=None`` gives ``2.25.`` and a random UUID's
    integer (ISO/IEC 9834-8), ignoring ``entropy_srcs``.  ValueError for a prefix
    longer than 54 characters or not of the form ``1.2.3.``.
    """
    if prefix is None:
        return UID(core_generate_uid())
    if len(prefix) > _MAX_PREFIX_LENGTH:
        msg = f"The 'prefix' should be no more than {_MAX_PREFIX_LENGTH} characters long"
        raise ValueError(msg)
    if RE_VALID_UID_PREFIX.match(prefix) is None:
        msg = (
            "The 'prefix' is not valid for use with a UID, see Part 5, Section 9.1 "
            "of the DICOM Standard"
        )
        raise ValueError(msg)
    return UID(core_generate_uid(prefix, entropy=entropy_srcs))


def __getattr__(name: str) -> Any:
    """Any other registry keyword (``CTImageStorage`` ...) as a UID; ``UID_dictionary``."""
    if name == "UID_dictionary":
        from ._uid_dict import UID_dictionary

        return UID_dictionary
    found = uid_for_keyword(name)
    if found is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return UID(found)


def __dir__() -> list[str]:
    """The module's names and every registry keyword (served by ``__getattr__``)."""
    from typeddcm.dictionary._uids import UIDS  # the generated registry table

    return sorted({*globals(), *(row[1] for row in UIDS.values() if row[1]), "UID_dictionary"})

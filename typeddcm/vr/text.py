"""Character string VRs whose values are plain ``str``: AE AS CS LO LT SH ST UC UI UR UT.

Values are kept exactly as given (padding is the codec's business).  Multi-valued
VRs accept a list of strings or one string with backslash separators, as PS3.5
encodes them; the single-valued LT, ST, UT and UR keep backslashes as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, TypeAlias

import attrs

from typeddcm.vr._base import VR

__all__ = ["AE", "AS", "CS", "LO", "LT", "SH", "ST", "UC", "UI", "UR", "UT", "StrInput"]

#: Natural input of a text VR: one string (backslashes separate values) or several.
StrInput: TypeAlias = "str | Iterable[str] | None"

# Control characters PS3.5 6.1.3 allows only in the long text VRs (LT, ST, UT).
_TEXT_CONTROLS = "\n\r\f\t"
_ESC = "\x1b"
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f]")


def to_str_values(value: StrInput) -> tuple[str, ...]:
    """Convert multi-valued text input; ``""`` and ``None`` mean no value."""
    return _split_text(value, split=True)


def to_single_str(value: StrInput) -> tuple[str, ...]:
    """Convert single-valued text input (LT, ST, UT, UR): backslash is ordinary text."""
    return _split_text(value, split=False)


def _split_text(value: object, *, split: bool) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        if not value:
            return ()
        return tuple(value.split("\\")) if split else (value,)
    if isinstance(value, (bytes, bytearray, memoryview)):
        msg = "text values must be str, not bytes (decode them with the dataset's character set)"
        raise TypeError(msg)
    if not isinstance(value, Iterable):
        msg = f"text values must be str, not {type(value).__name__}"
        raise TypeError(msg)
    return tuple(value)


@attrs.frozen
class _Text(VR[str]):
    """Shared behaviour of the string VRs; not a VR itself."""

    values: tuple[str, ...] = attrs.field(default=(), converter=to_str_values)

    #: Maximum length of one value, in characters (None: only the 32-bit limit).
    max_length: ClassVar[int | None] = None
    #: Whether the VR may hold several values separated by backslash.
    multi_valued: ClassVar[bool] = True
    #: Control characters (other than ESC) this VR allows.
    allowed_controls: ClassVar[str] = ""
    #: A pattern each non-empty value must match in strict mode.
    pattern: ClassVar[re.Pattern[str] | None] = None
    pattern_rule: ClassVar[str] = ""

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[str, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or not all(isinstance(v, str) for v in values):
            raise cls._fail(values, "values must be a tuple of str")
        if not cls.multi_valued and len(values) > 1:
            raise cls._fail(values, "this VR holds a single value (VM 1)")
        if not strict:
            return
        for value in values:
            cls._check_one(value)

    @classmethod
    def _check_one(cls, value: str) -> None:
        if cls.max_length is not None and len(value) > cls.max_length:
            raise cls._fail(value, f"longer than {cls.max_length} characters")
        if cls.multi_valued and "\\" in value:
            raise cls._fail(value, "backslash separates values and cannot appear in one")
        for char in _CONTROL_RE.findall(value):
            if char != _ESC and char not in cls.allowed_controls:
                raise cls._fail(value, f"control character {char!r} is not allowed")
        if value and cls.pattern is not None and cls.pattern.fullmatch(value) is None:
            raise cls._fail(value, cls.pattern_rule)

    def __str__(self) -> str:
        return "\\".join(self.values)


@attrs.frozen
class _SingleText(_Text):
    """Text VRs of VM 1 whose values may contain backslashes."""

    values: tuple[str, ...] = attrs.field(default=(), converter=to_single_str)
    multi_valued: ClassVar[bool] = False

    @values.validator
    def _validate_single(self, _attribute: object, values: tuple[str, ...]) -> None:
        self._check(values, True)


@attrs.frozen
class AE(_Text):
    """Application Entity."""

    code: ClassVar[str] = "AE"
    vr_name: ClassVar[str] = "Application Entity"
    max_length: ClassVar[int | None] = 16
    # Default repertoire without backslash or control characters; not all spaces.
    pattern: ClassVar[re.Pattern[str] | None] = re.compile(r"(?=.*[^ ])[\x20-\x7e]*")
    pattern_rule: ClassVar[str] = "must be default-repertoire characters and not only spaces"


@attrs.frozen
class AS(_Text):
    """Age String."""

    code: ClassVar[str] = "AS"
    vr_name: ClassVar[str] = "Age String"
    max_length: ClassVar[int | None] = 4
    pattern: ClassVar[re.Pattern[str] | None] = re.compile(r"[0-9]{3}[DWMY]")
    pattern_rule: ClassVar[str] = "must be nnnD, nnnW, nnnM or nnnY"


@attrs.frozen
class CS(_Text):
    """Code String."""

    code: ClassVar[str] = "CS"
    vr_name: ClassVar[str] = "Code String"
    max_length: ClassVar[int | None] = 16
    pattern: ClassVar[re.Pattern[str] | None] = re.compile(r"[A-Z0-9 _]*")
    pattern_rule: ClassVar[str] = "only uppercase letters, digits, space and underscore"


@attrs.frozen
class LO(_Text):
    """Long String."""

    code: ClassVar[str] = "LO"
    vr_name: ClassVar[str] = "Long String"
    max_length: ClassVar[int | None] = 64


@attrs.frozen
class SH(_Text):
    """Short String."""

    code: ClassVar[str] = "SH"
    vr_name: ClassVar[str] = "Short String"
    max_length: ClassVar[int | None] = 16


@attrs.frozen
class UC(_Text):
    """Unlimited Characters."""

    code: ClassVar[str] = "UC"
    vr_name: ClassVar[str] = "Unlimited Characters"
    long_length: ClassVar[bool] = True
    max_length: ClassVar[int | None] = 0xFFFFFFFE


@attrs.frozen
class UI(_Text):
    """Unique Identifier (UID)."""

    code: ClassVar[str] = "UI"
    vr_name: ClassVar[str] = "Unique Identifier (UID)"
    max_length: ClassVar[int | None] = 64
    pattern: ClassVar[re.Pattern[str] | None] = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")
    pattern_rule: ClassVar[str] = (
        "must be digit components separated by '.', without leading zeros (PS3.5 9.1)"
    )

    @property
    def info(self) -> Any:
        """The UID registry entry of the single value, or None when it is not a registered UID."""
        from typeddcm.dictionary import uid_info  # the dictionary sits above the VR layer

        return uid_info(self.value)


@attrs.frozen
class LT(_SingleText):
    """Long Text."""

    code: ClassVar[str] = "LT"
    vr_name: ClassVar[str] = "Long Text"
    max_length: ClassVar[int | None] = 10240
    allowed_controls: ClassVar[str] = _TEXT_CONTROLS


@attrs.frozen
class ST(_SingleText):
    """Short Text."""

    code: ClassVar[str] = "ST"
    vr_name: ClassVar[str] = "Short Text"
    max_length: ClassVar[int | None] = 1024
    allowed_controls: ClassVar[str] = _TEXT_CONTROLS


@attrs.frozen
class UT(_SingleText):
    """Unlimited Text."""

    code: ClassVar[str] = "UT"
    vr_name: ClassVar[str] = "Unlimited Text"
    long_length: ClassVar[bool] = True
    max_length: ClassVar[int | None] = 0xFFFFFFFE
    allowed_controls: ClassVar[str] = _TEXT_CONTROLS


@attrs.frozen
class UR(_SingleText):
    """Universal Resource Identifier or Universal Resource Locator (URI/URL)."""

    code: ClassVar[str] = "UR"
    vr_name: ClassVar[str] = "Universal Resource Identifier or Universal Resource Locator"
    long_length: ClassVar[bool] = True
    max_length: ClassVar[int | None] = 0xFFFFFFFE
    # RFC 3986 characters; leading spaces are not allowed (trailing ones are padding).
    pattern: ClassVar[re.Pattern[str] | None] = re.compile(
        r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*"
    )
    pattern_rule: ClassVar[str] = "must be RFC 3986 URI characters without spaces"

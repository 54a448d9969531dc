"""Person Name (PN): the :class:`PersonName` value type and the :class:`PN` VR.

A PN value (PS3.5 6.2.1) has up to three component groups separated by ``=``:
alphabetic, ideographic and phonetic.  Each group has up to five components
separated by ``^``: family name, given name, middle name, name prefix and name
suffix.  ``"Yamada^Tarou=山田^太郎=やまだ^たろう"`` is one value with all three groups.

:class:`PersonName` keeps the text exactly as given, so writing is lossless and
parsing never fails: components are split out when asked.  Equality and hash
follow the text, and a ``PersonName`` equals the ``str`` of its text, so
``ds.PatientName == "Doe^John"`` works as it does in pydicom.  Text that breaks
PS3.5 (a fourth group, a sixth component) still reads: extra groups stay in the
phonetic group and extra components in the name suffix, ``^`` and ``=`` included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, ClassVar, Literal, NamedTuple, NoReturn, TypeAlias

import attrs

from typeddcm.errors import InvalidValueError
from typeddcm.vr._base import VR

__all__ = ["PN", "ComponentGroup", "GroupName", "PNInput", "PersonName"]

#: The names of the three component groups, in the order they are written.
GroupName: TypeAlias = Literal["alphabetic", "ideographic", "phonetic"]

_GROUPS: tuple[GroupName, ...] = ("alphabetic", "ideographic", "phonetic")
_MAX_GROUP_LENGTH = 64
# Control characters other than ESC (ISO 2022 escape sequences are allowed in PN).
_CONTROL_RE = re.compile(r"[\x00-\x1a\x1c-\x1f\x7f]")


class ComponentGroup(NamedTuple):
    """The five components of one component group; absent components are ``""``."""

    family_name: str = ""
    given_name: str = ""
    middle_name: str = ""
    name_prefix: str = ""
    name_suffix: str = ""

    @classmethod
    def from_text(cls, text: str) -> ComponentGroup:
        """Split the text of one group on ``^``; a sixth component and beyond join the suffix."""
        parts = text.split("^", 4)
        return cls(*parts)

    @property
    def text(self) -> str:
        """The group as DICOM writes it: components joined by ``^``, trailing empty ones dropped."""
        parts = list(self)
        while parts and not parts[-1]:
            parts.pop()
        return "^".join(parts)


class PersonName:
    """One Person Name value, kept as its DICOM text.

    ``PersonName("Doe^John")`` keeps the text; :meth:`from_components` builds one
    from its parts.  ``str()`` gives the text back unchanged.
    """

    __slots__ = ("_text",)

    _text: str

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "_text", _require_str(text))

    @classmethod
    def from_components(
        cls,
        family_name: str = "",
        given_name: str = "",
        middle_name: str = "",
        name_prefix: str = "",
        name_suffix: str = "",
        *,
        ideographic: str | ComponentGroup = "",
        phonetic: str | ComponentGroup = "",
    ) -> PersonName:
        """Build a name from its alphabetic components and, optionally, the other two groups.

        ``ideographic`` and ``phonetic`` are a :class:`ComponentGroup` or the text
        of a group (``"山田^太郎"``).  Trailing empty components and groups are not
        written.  A component holding ``^``, ``=`` or ``\\`` is an error.
        """
        alphabetic = ComponentGroup(family_name, given_name, middle_name, name_prefix, name_suffix)
        groups = [_group_text(alphabetic), _group_text(ideographic), _group_text(phonetic)]
        while groups and not groups[-1]:
            groups.pop()
        return cls("=".join(groups))

    @property
    def text(self) -> str:
        """The value exactly as given or read."""
        return self._text

    def _group(self, index: int) -> str:
        groups = self._text.split("=", 2)
        return groups[index] if index < len(groups) else ""

    @property
    def alphabetic(self) -> str:
        """The text of the alphabetic group (``""`` when absent)."""
        return self._group(0)

    @property
    def ideographic(self) -> str:
        """The text of the ideographic group (``""`` when absent)."""
        return self._group(1)

    @property
    def phonetic(self) -> str:
        """The text of the phonetic group (``""`` when absent)."""
        return self._group(2)

    def components(self, group: GroupName = "alphabetic") -> ComponentGroup:
        """The five components of one group: ``pn.components("ideographic").family_name``."""
        try:
            index = _GROUPS.index(group)
        except ValueError:
            msg = f"group must be one of {', '.join(_GROUPS)}, not {group!r}"
            raise ValueError(msg) from None
        return ComponentGroup.from_text(self._group(index))

    @property
    def family_name(self) -> str:
        """The family name of the alphabetic group."""
        return self.components().family_name

    @property
    def given_name(self) -> str:
        """The given name of the alphabetic group."""
        return self.components().given_name

    @property
    def middle_name(self) -> str:
        """The middle name of the alphabetic group."""
        return self.components().middle_name

    @property
    def name_prefix(self) -> str:
        """The name prefix of the alphabetic group."""
        return self.components().name_prefix

    @property
    def name_suffix(self) -> str:
        """The name suffix of the alphabetic group."""
        return self.components().name_suffix

    def validate(self, *, strict: bool = True) -> None:
        """Raise :class:`InvalidValueError` if the text breaks PS3.5 6.2.1.

        Any text reads as a name, so ``strict=False`` never raises.
        """
        if strict:
            _check_text(self._text)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"PersonName({self._text!r})"

    def __bool__(self) -> bool:
        return bool(self._text)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, PersonName):
            return self._text == other._text
        if isinstance(other, str):
            return self._text == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._text)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        msg = "PersonName objects are immutable"
        raise AttributeError(msg)

    def __delattr__(self, name: str) -> NoReturn:
        msg = "PersonName objects are immutable"
        raise AttributeError(msg)

    def __reduce__(self) -> tuple[type[PersonName], tuple[str]]:
        return (PersonName, (self._text,))


def _require_str(text: object, what: str = "a PersonName") -> str:
    # Typed ``object``: callers without a type checker pass anything.
    if not isinstance(text, str):
        msg = f"{what} must be str, not {type(text).__name__}"
        raise TypeError(msg)
    return text


def _group_text(group: object) -> str:
    if isinstance(group, ComponentGroup):
        for item in group:
            component = _require_str(item, "a name component")
            for char in "^=\\":
                if char in component:
                    raise InvalidValueError("PN", component, f"a component cannot contain {char!r}")
        return group.text
    if not isinstance(group, str):
        msg = f"a component group must be str or ComponentGroup, not {type(group).__name__}"
        raise TypeError(msg)
    for char in "=\\":
        if char in group:
            raise InvalidValueError("PN", group, f"a component group cannot contain {char!r}")
    return group


def _check_text(text: str) -> None:
    """The strict rules of PS3.5 6.2.1 for one value."""
    if "\\" in text:
        raise InvalidValueError("PN", text, "backslash separates values and cannot appear in one")
    control = _CONTROL_RE.search(text)
    if control is not None:
        rule = f"control character {control.group()!r} is not allowed"
        raise InvalidValueError("PN", text, rule)
    groups = text.split("=")
    if len(groups) > len(_GROUPS):
        raise InvalidValueError("PN", text, "more than 3 component groups")
    for name, group in zip(_GROUPS, groups, strict=False):
        if len(group) > _MAX_GROUP_LENGTH:
            rule = f"the {name} component group is longer than {_MAX_GROUP_LENGTH} characters"
            raise InvalidValueError("PN", text, rule)
        if group.count("^") > 4:
            raise InvalidValueError("PN", text, f"more than 5 components in the {name} group")


#: Natural input of PN: one string (backslashes separate values), a PersonName, or several.
PNInput: TypeAlias = "str | PersonName | Iterable[str | PersonName] | None"


def _reject_bytes(value: object) -> None:
    if isinstance(value, (bytes, bytearray, memoryview)):
        msg = "PN values must be str, not bytes (decode them with the dataset's character set)"
        raise TypeError(msg)


def _to_person_name(value: object) -> PersonName:
    if isinstance(value, PersonName):
        return value
    if isinstance(value, str):
        return PersonName(value)
    msg = f"PN values must be str or PersonName, not {type(value).__name__}"
    raise TypeError(msg)


def to_pn_values(value: PNInput) -> tuple[PersonName, ...]:
    """Convert PN input; ``""`` and ``None`` mean no value."""
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(PersonName(v) for v in value.split("\\")) if value else ()
    if isinstance(value, PersonName):
        return (value,)
    _reject_bytes(value)
    return tuple(_to_person_name(v) for v in value)


@attrs.frozen
class PN(VR[PersonName]):
    """Person Name."""

    code: ClassVar[str] = "PN"
    vr_name: ClassVar[str] = "Person Name"

    values: tuple[PersonName, ...] = attrs.field(default=(), converter=to_pn_values)

    @values.validator
    def _validate_values(self, _attribute: object, values: tuple[PersonName, ...]) -> None:
        self._check(values, True)

    @classmethod
    def _check(cls, values: Any, strict: bool) -> None:
        if not isinstance(values, tuple) or not all(isinstance(v, PersonName) for v in values):
            raise cls._fail(values, "values must be a tuple of PersonName")
        if strict:
            for value in values:
                _check_text(value.text)

    def __str__(self) -> str:
        return "\\".join(v.text for v in self.values)

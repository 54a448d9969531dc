"""pydicom's ``PersonName`` (``valuerep.PersonName``, ``PersonName3``, ``PersonNameUnicode``).

The core's PersonName holds the text and its component groups; this subclass adds what
pydicom code looks at: the constructor from text, bytes and encodings, ``encodings``
and ``original_string``, ``decode``/``encode``, ``from_named_components``, iteration
and containment over the text, and pydicom's ``repr``.  Split from valuerep.py (its
public names are re-exported there).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final, Self, overload

from typeddcm.vr.person_name import ComponentGroup, GroupName
from typeddcm.vr.person_name import PersonName as CorePersonName

from . import config

__all__ = ["PersonName", "PersonName3", "PersonNameUnicode"]


class PersonNameTypeError(TypeError, AttributeError):
    """A PersonName made from something that is not text: a TypeError, and the
    AttributeError pydicom 3 raises there (it calls ``decode`` on the value)."""


def _strict(validation_mode: int | None) -> bool:
    # None: the context's reading mode, as pydicom's value classes (and DS, IS, UID here).
    return (config.reading_mode() if validation_mode is None else validation_mode) == config.RAISE


class _Components(tuple[str, ...]):
    """pydicom's ``PersonName.components`` (the groups' text), callable as the core's
    ``components(group)`` (a group's five components)."""

    def __call__(self, group: GroupName = "alphabetic") -> ComponentGroup:
        names = ("alphabetic", "ideographic", "phonetic")
        if group not in names:
            msg = f"group must be one of {', '.join(names)}, not {group!r}"
            raise ValueError(msg)
        index = names.index(group)
        return ComponentGroup.from_text(self[index] if index < len(self) else "")


def _encodings(encodings: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if encodings is None:
        return None
    return (encodings,) if isinstance(encodings, str) else tuple(encodings)


class PersonName(CorePersonName):
    """A Person Name: components by attribute, compares equal to its text.

    ``PersonName(val, encodings=None, original_string=None, validation_mode=None)``:
    ``val`` is the text, another PersonName, or the encoded bytes, which are decoded
    once with ``encodings`` (pydicom's Python codec names; default ISO-IR 6) and kept
    as ``original_string``.  ``PersonName(None)`` is None, as in pydicom.  The text is
    kept exactly, a trailing empty component group's ``=`` included (pydicom 1.x).
    """

    __slots__ = ("_encodings", "_original", "_parts")

    _encodings: tuple[str, ...] | None
    _original: bytes | None
    _parts: _Components

    @overload
    def __new__(cls, val: str | bytes | CorePersonName, encodings: str | Sequence[str] | None = ...,
                original_string: bytes | None = ..., validation_mode: int | None = ...) -> Self: ...

    @overload
    def __new__(cls, val: None, encodings: str | Sequence[str] | None = ...,  # type: ignore[misc]
                original_string: bytes | None = ..., validation_mode: int | None = ...) -> None: ...

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        if args and args[0] is None:
            return None
        return object.__new__(cls)

    def __init__(self, val: Any, encodings: str | Sequence[str] | None = None,
                 original_string: bytes | None = None,
                 validation_mode: int | None = None) -> None:
        encs = _encodings(encodings)
        original = original_string
        if isinstance(val, CorePersonName):
            text = val.text
            if isinstance(val, PersonName):
                encs = encs or val._encodings
                original = original or val._original
        elif isinstance(val, (bytes, bytearray, memoryview)):
            from .charset import _decode_provisionally, decode_bytes

            original = bytes(val)
            if encs:
                text = decode_bytes(original, list(encs), {0x5E, 0x3D})
            else:  # no character set yet: pydicom would decode later, when it is known
                text = _decode_provisionally(original, {0x5E, 0x3D})
        elif isinstance(val, str):
            text = val
        else:
            msg = f"a PersonName is made from str, bytes or PersonName, not {type(val).__name__}"
            raise PersonNameTypeError(msg)
        object.__setattr__(self, "_text", text)
        object.__setattr__(self, "_encodings", encs)
        object.__setattr__(self, "_original", original)
        if _strict(validation_mode):
            self.validate(strict=True)

    @classmethod
    def _of(cls, text: str) -> PersonName:
        """A PersonName of decoded text (no checks): the compat reading path."""
        made = object.__new__(cls)
        object.__setattr__(made, "_text", text)
        object.__setattr__(made, "_encodings", None)
        object.__setattr__(made, "_original", None)
        return made

    @property
    def components(self) -> _Components:
        """The (alphabetic, ideographic, phonetic) groups present, as text; called with a
        group name, that group's five components (the core's ``components(group)``)."""
        try:
            return self._parts
        except AttributeError:  # made on first use, then kept (and shared by copies)
            parts = _Components(self._text.split("="))
            object.__setattr__(self, "_parts", parts)
            return parts

    def __copy__(self) -> PersonName:
        made = _person_name(type(self), self._text, self._encodings, self._original)
        object.__setattr__(made, "_parts", self.components)  # shared, as pydicom's copy
        return made

    def __deepcopy__(self, memo: dict[int, Any]) -> PersonName:
        return self.__copy__()  # its parts are immutable text

    @property
    def encodings(self) -> tuple[str, ...] | None:
        """The encodings the value was made with (pydicom's Python codec names), if any."""
        return self._encodings

    @property
    def original_string(self) -> bytes | None:
        """The encoded bytes the value was made from (or last encoded to), if any."""
        return self._original

    @original_string.setter
    def original_string(self, value: bytes | None) -> None:
        # pydicom code sets it (None: encode the text again when written, which is what
        # compat's writer does anyway); the text stays.
        checked: object = value
        if checked is not None and not isinstance(checked, bytes):
            msg = f"original_string must be bytes or None, not {type(checked).__name__}"
            raise TypeError(msg)
        object.__setattr__(self, "_original", value)

    def __setattr__(self, name: str, value: object) -> None:  # type: ignore[override]
        if name != "original_string":  # the rest is immutable, as the core's PersonName
            super().__setattr__(name, value)
        object.__setattr__(self, name, value)

    def decode(self, encodings: str | Sequence[str] | None = None) -> PersonName:
        """This name read with other ``encodings``: from its original bytes (or its text
        encoded with its own encodings when it has none); itself when they are the same."""
        encs = _encodings(encodings)
        if encs is None or encs == self._encodings:
            return self
        original = self._original
        if original is None:
            original = self.encode()
        return type(self)(original, encs)

    def encode(self, encodings: str | Sequence[str] | None = None) -> bytes:
        """The name encoded with ``encodings`` (or its own; its original bytes when those
        are the encodings it was made with)."""
        from .charset import default_encoding, encode_string

        encs = _encodings(encodings) or self._encodings
        if self._original is not None and (encs is None or encs == self._encodings):
            return self._original
        data = encode_string(self._text, list(encs or (default_encoding,)))
        if self._original is None:
            object.__setattr__(self, "_original", data)
            if self._encodings is None:
                object.__setattr__(self, "_encodings", encs)
        return data

    def family_comma_given(self) -> str:
        """The name as "Family, Given"."""
        return f"{self.family_name}, {self.given_name}"

    def formatted(self, format_str: str) -> str:
        """The name formatted with ``format_str`` % {family_name, given_name, ...}."""
        parts = ("family_name", "given_name", "middle_name", "name_prefix", "name_suffix",
                 "ideographic", "phonetic")
        return format_str % {name: getattr(self, name) for name in parts}

    @classmethod
    def from_named_components(cls, family_name: str | bytes = "", given_name: str | bytes = "",
                              middle_name: str | bytes = "", name_prefix: str | bytes = "",
                              name_suffix: str | bytes = "",
                              family_name_ideographic: str | bytes = "",
                              given_name_ideographic: str | bytes = "",
                              middle_name_ideographic: str | bytes = "",
                              name_prefix_ideographic: str | bytes = "",
                              name_suffix_ideographic: str | bytes = "",
                              family_name_phonetic: str | bytes = "",
                              given_name_phonetic: str | bytes = "",
                              middle_name_phonetic: str | bytes = "",
                              name_prefix_phonetic: str | bytes = "",
                              name_suffix_phonetic: str | bytes = "",
                              encodings: Sequence[str] | None = None) -> PersonName:
        """A name from its named components in each of the three groups (pydicom 2.x)."""
        return cls._from_groups([
            [family_name, given_name, middle_name, name_prefix, name_suffix],
            [family_name_ideographic, given_name_ideographic, middle_name_ideographic,
             name_prefix_ideographic, name_suffix_ideographic],
            [family_name_phonetic, given_name_phonetic, middle_name_phonetic,
             name_prefix_phonetic, name_suffix_phonetic],
        ], encodings)

    @classmethod
    def from_named_components_veterinary(
            cls, responsible_party_name: str | bytes = "", patient_name: str | bytes = "",
            responsible_party_name_ideographic: str | bytes = "",
            patient_name_ideographic: str | bytes = "",
            responsible_party_name_phonetic: str | bytes = "",
            patient_name_phonetic: str | bytes = "",
            encodings: Sequence[str] | None = None) -> PersonName:
        """A veterinary name: responsible party (family or organisation) and patient name."""
        return cls._from_groups([
            [responsible_party_name, patient_name],
            [responsible_party_name_ideographic, patient_name_ideographic],
            [responsible_party_name_phonetic, patient_name_phonetic],
        ], encodings)

    @classmethod
    def _from_groups(cls, groups: list[list[str | bytes]],
                     encodings: Sequence[str] | None) -> PersonName:
        from .charset import decode_bytes

        texts = []
        for group in groups:
            parts = [decode_bytes(p, encodings, {0x5E}) if isinstance(p, bytes) else p
                     for p in group]
            for part in parts:
                for char in "^=\\":
                    if char in part:
                        raise ValueError(f"a name component cannot contain {char!r}: {part!r}")
            while parts and not parts[-1]:
                parts.pop()
            texts.append("^".join(parts))
        while texts and not texts[-1]:
            texts.pop()
        return cls("=".join(texts), encodings)

    def __len__(self) -> int:
        return len(self._text)

    def __iter__(self) -> Any:
        return iter(self._text)

    def __contains__(self, x: object) -> bool:
        return isinstance(x, str) and x in self._text

    def __repr__(self) -> str:
        return repr(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        if self._original is not None:
            return (_person_name, (type(self), self._text, self._encodings, self._original))
        return (type(self), (self._text,))


def _person_name(cls: type[PersonName], text: str, encodings: tuple[str, ...] | None,
                 original: bytes | None) -> PersonName:
    made = cls._of(text)
    object.__setattr__(made, "_encodings", encodings)
    object.__setattr__(made, "_original", original)
    return made


#: pydicom 1.x's names of PersonName (Python 3 and "unicode" spellings).
PersonName3: Final = PersonName
PersonNameUnicode: Final = PersonName


def person_name(value: CorePersonName) -> PersonName:
    """A core PersonName as the compat reading path shows it."""
    return PersonName._of(value.text)

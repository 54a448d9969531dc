"""Key: a typed handle on one dictionary attribute.

``Key[V, I]`` carries the tag and keyword of an attribute, the VR class ``V`` that
its values have, and ``I``, the natural Python input a dataset converts into a
``V``.  Only the type checker sees ``V`` and ``I``; at run time a key is a tag, a
keyword and a VR code.  ``typeddcm.keys`` holds one generated key per keyword.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from typeddcm.tag import Tag

__all__ = ["Key"]

V = TypeVar("V", covariant=True)
I = TypeVar("I", contravariant=True)


class Key(Generic[V, I]):
    """The tag, keyword and VR of a dictionary attribute, with its value type for mypy."""

    __slots__ = ("tag", "keyword", "vr")

    tag: Tag
    keyword: str
    #: The dictionary VR code; ambiguous VRs read "US or SS", "OB or OW" and so on.
    vr: str

    def __init__(self, tag: int, keyword: str, vr: str) -> None:
        object.__setattr__(self, "tag", Tag(tag))
        object.__setattr__(self, "keyword", keyword)
        object.__setattr__(self, "vr", vr)

    def __setattr__(self, name: str, value: Any) -> None:
        msg = "Key objects are immutable"
        raise AttributeError(msg)

    def __repr__(self) -> str:
        return f"Key({self.keyword}, {self.tag}, {self.vr})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Key):
            return bool(self.tag == other.tag)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(("Key", int(self.tag)))

    def __reduce__(self) -> tuple[type[Key[Any, Any]], tuple[int, str, str]]:
        return (Key, (int(self.tag), self.keyword, self.vr))

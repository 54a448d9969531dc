"""Tests for typeddcm.vr.person_name: PersonName, ComponentGroup and the PN VR."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from typeddcm.errors import InvalidValueError
from typeddcm.vr.person_name import PN, ComponentGroup, GroupName, PersonName

GROUPS: tuple[GroupName, ...] = ("alphabetic", "ideographic", "phonetic")

# Letters of several scripts, space, and a few punctuation marks; never ^ = \ or controls.
_ALPHABET = st.sampled_from(list("abcXYZ .,'-0") + list("山田太郎やまだたろうÄéñ"))
components = st.text(_ALPHABET, max_size=12)
component_groups = st.builds(
    ComponentGroup, components, components, components, components, components
)


@st.composite
def name_texts(draw: st.DrawFn) -> str:
    """The DICOM text of one valid PN value: 1-3 groups of 1-5 components."""
    groups = draw(st.lists(st.lists(components, min_size=1, max_size=5), min_size=1, max_size=3))
    return "=".join("^".join(group) for group in groups)


@given(name_texts())
def test_text_round_trip(text: str) -> None:
    """str(PersonName(text)) gives the text back unchanged and the value is valid."""
    name = PersonName(text)
    assert str(name) == text
    assert name.text == text
    name.validate()
    assert PN(text).is_valid() if text else PN(text).vm == 0


@given(name_texts())
def test_parse_of_str_is_equal(text: str) -> None:
    """PersonName(str(x)) == x, with equal hashes."""
    name = PersonName(text)
    again = PersonName(str(name))
    assert again == name
    assert hash(again) == hash(name)


@given(component_groups, component_groups, component_groups)
def test_from_components_round_trip(
    alpha: ComponentGroup, ideo: ComponentGroup, phon: ComponentGroup
) -> None:
    """from_components puts each component where components() finds it again."""
    name = PersonName.from_components(*alpha, ideographic=ideo, phonetic=phon)
    assert name.components() == alpha
    assert name.components("ideographic") == ideo
    assert name.components("phonetic") == phon
    assert (name.family_name, name.given_name, name.middle_name) == alpha[:3]
    assert (name.name_prefix, name.name_suffix) == alpha[3:]
    name.validate()
    assert not name.text.endswith(("^", "="))


@given(st.lists(name_texts(), min_size=1, max_size=4))
def test_multiple_values_round_trip(texts: list[str]) -> None:
    """A backslash-joined string gives one PersonName per value and str() joins them back."""
    joined = "\\".join(texts)
    assume(joined != "")
    pn = PN(joined)
    assert [v.text for v in pn.values] == texts
    assert str(pn) == joined
    assert PN(texts) == pn


def test_three_groups() -> None:
    """The Japanese example of PS3.5 gives all three groups with their components."""
    name = PersonName("Yamada^Tarou=山田^太郎=やまだ^たろう")
    assert (name.alphabetic, name.ideographic, name.phonetic) == (
        "Yamada^Tarou",
        "山田^太郎",
        "やまだ^たろう",
    )
    assert name.family_name == "Yamada"
    assert name.given_name == "Tarou"
    assert name.components("ideographic") == ComponentGroup("山田", "太郎")
    assert name.components("phonetic").given_name == "たろう"
    assert name.middle_name == ""


def test_absent_groups_are_empty() -> None:
    """A name with only an alphabetic group has empty ideographic and phonetic groups."""
    name = PersonName("Doe^John")
    assert name.ideographic == ""
    assert name.phonetic == ""
    assert name.components("phonetic") == ComponentGroup()


@pytest.mark.parametrize(
    ("kwargs", "text"),
    [
        ({"family_name": "Doe", "given_name": "John"}, "Doe^John"),
        ({"family_name": "Doe", "name_suffix": "Jr"}, "Doe^^^^Jr"),
        ({"family_name": "Doe", "ideographic": "山田^太郎"}, "Doe=山田^太郎"),
        ({"phonetic": ComponentGroup("a")}, "==a"),
        ({"given_name": "John"}, "^John"),
        ({}, ""),
    ],
)
def test_from_components_text(kwargs: dict[str, str], text: str) -> None:
    """from_components leaves trailing empty components and groups out."""
    assert str(PersonName.from_components(**kwargs)) == text


@pytest.mark.parametrize(
    ("kwargs", "rule"),
    [
        ({"family_name": "Doe^John"}, "a component cannot contain '^'"),
        ({"given_name": "a=b"}, "a component cannot contain '='"),
        ({"ideographic": "a=b"}, "a component group cannot contain '='"),
        ({"phonetic": "a\\b"}, "a component group cannot contain '\\\\'"),
    ],
)
def test_from_components_rejects_separators(kwargs: dict[str, str], rule: str) -> None:
    """A separator inside a component or group is an InvalidValueError naming it."""
    with pytest.raises(InvalidValueError) as info:
        PersonName.from_components(**kwargs)
    assert info.value.vr == "PN"
    assert info.value.rule == rule


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Doe^John",
        "Yamada^Tarou=山田^太郎=やまだ^たろう",
        "=山田^太郎",
        "a^b^c^d^e",
        "x" * 64,
        "=" + "y" * 64 + "=" + "z" * 64,
        "Doe^\x1b$BJohn",
    ],
)
def test_valid_values(text: str) -> None:
    """Values within the PS3.5 6.2.1 limits pass strict validation."""
    PersonName(text).validate(strict=True)
    PN([text]).validate(strict=True)


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("a=b=c=d", "more than 3 component groups"),
        ("a^b^c^d^e^f", "more than 5 components in the alphabetic group"),
        ("=a^b^c^d^e^f", "more than 5 components in the ideographic group"),
        ("x" * 65, "the alphabetic component group is longer than 64 characters"),
        ("a==" + "z" * 65, "the phonetic component group is longer than 64 characters"),
        ("Doe\x01", "control character '\\x01' is not allowed"),
        ("Doe\nJohn", "control character '\\n' is not allowed"),
        ("Doe\\John", "backslash separates values"),
    ],
)
def test_invalid_values(text: str, rule: str) -> None:
    """Strict validation names the broken rule; lenient validation accepts any text."""
    name = PersonName(text)
    with pytest.raises(InvalidValueError) as info:
        name.validate(strict=True)
    assert info.value.vr == "PN"
    assert rule in info.value.rule
    name.validate(strict=False)
    pn = PN._trusted((name,))
    assert not pn.is_valid()
    assert pn.is_valid(strict=False)
    with pytest.raises(InvalidValueError) as info:
        PN([text])
    assert rule in info.value.rule


def test_extra_components_and_groups_read() -> None:
    """Text past the fifth component or third group stays in the suffix and phonetic group."""
    name = PersonName("a^b^c^d^e^f=i=p=q")
    assert name.name_suffix == "e^f"
    assert name.phonetic == "p=q"


def test_str_equality_and_hash() -> None:
    """A PersonName equals the str of its text and hashes like it."""
    name = PersonName("Doe^John")
    assert name == "Doe^John"
    assert name == "Doe^John"
    assert name != "Doe^John^"
    assert name != PersonName("Doe^Jane")
    assert hash(name) == hash("Doe^John")
    assert name != 1
    lookup: dict[object, int] = {name: 1}
    assert lookup["Doe^John"] == 1


def test_bool_repr_and_immutability() -> None:
    """An empty name is falsy, repr shows the text, and attributes cannot be set."""
    assert not PersonName("")
    assert PersonName("a")
    assert repr(PersonName("Doe^John")) == "PersonName('Doe^John')"
    name = PersonName("Doe^John")
    with pytest.raises(AttributeError):
        setattr(name, "_text", "x")  # noqa: B010 - the point is to try
    with pytest.raises(AttributeError):
        delattr(name, "_text")


def test_pickle_and_copy() -> None:
    """PersonName and PN survive pickle and deepcopy."""
    pn = PN("Yamada^Tarou=山田^太郎\\Doe^John")
    assert pickle.loads(pickle.dumps(pn)) == pn
    assert copy.deepcopy(pn) == pn
    assert pickle.loads(pickle.dumps(pn.values[0])).ideographic == "山田^太郎"


@pytest.mark.parametrize(
    ("value", "texts"),
    [
        (None, []),
        ("", []),
        ("Doe^John", ["Doe^John"]),
        (PersonName("Doe"), ["Doe"]),
        (["Doe", PersonName("Roe")], ["Doe", "Roe"]),
        (("", "a"), ["", "a"]),
        ("a\\\\b", ["a", "", "b"]),
    ],
)
def test_pn_converter(value: object, texts: list[str]) -> None:
    """PN accepts None, text with backslashes, PersonName objects and iterables of them."""
    pn = PN(value)  # type: ignore[arg-type]
    assert [v.text for v in pn.values] == texts
    assert pn.code == "PN"
    assert pn.vr_name == "Person Name"


@pytest.mark.parametrize("value", [b"Doe^John", 1, [1], ["a", b"b"]])
def test_pn_converter_rejects_other_types(value: object) -> None:
    """PN raises TypeError for bytes and non-text values."""
    with pytest.raises(TypeError):
        PN(value)  # type: ignore[arg-type]


def test_lenient_check_is_types_only() -> None:
    """Lenient validation of a PN built by the codec checks only the value types."""
    with pytest.raises(InvalidValueError, match="tuple of PersonName"):
        PN._trusted(("Doe",)).validate(strict=False)
    PN._trusted((PersonName("a=b=c=d"),)).validate(strict=False)


def test_person_name_rejects_non_str() -> None:
    """PersonName is built from str only, and components() only knows the three groups."""
    with pytest.raises(TypeError):
        PersonName(b"Doe")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="group must be one of"):
        PersonName("a").components("other")  # type: ignore[arg-type]


@pytest.mark.parametrize("group", GROUPS)
def test_component_group_text(group: GroupName) -> None:
    """ComponentGroup.text is the group's text, for each group name."""
    name = PersonName("A^B=C^D=E^F")
    assert name.components(group).text == getattr(name, group)

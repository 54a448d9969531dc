"""Tests of typeddcm._persistent: the containers behind Dataset and SQ."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from typeddcm._persistent import SortedMap, Vector

ops = st.lists(
    st.tuples(st.sampled_from(["set", "delete"]), st.integers(0, 2000), st.integers()),
    max_size=400,
)


@given(st.dictionaries(st.integers(0, 2000), st.integers(), max_size=300), ops)
def test_sorted_map_matches_dict(start: dict[int, int], operations: list[tuple[str, int, int]]) -> None:
    """Any sequence of set/delete gives the same contents, in key order, as a dict."""
    current = SortedMap.from_items(start.items())
    model = dict(start)
    for op, key, value in operations:
        if op == "set":
            current = current.set(key, value)
            model[key] = value
        elif key in model:
            current = current.delete(key)
            del model[key]
        else:
            assert key not in current
            continue
    assert list(current.items()) == sorted(model.items())
    assert len(current) == len(model)
    for key, value in model.items():
        assert current.get(key) == value


@given(st.dictionaries(st.integers(0, 5000), st.integers(), min_size=1, max_size=500))
def test_sorted_map_update_leaves_old_version(start: dict[int, int]) -> None:
    """An update never changes the version it was derived from."""
    old = SortedMap.from_items(start.items())
    snapshot = list(old.items())
    new = old.set(99999, 1).delete(next(iter(start)))
    assert list(old.items()) == snapshot
    assert len(new) == len(old)


def test_sorted_map_shares_untouched_chunks() -> None:
    """Setting one key copies one chunk; the others are the same objects."""
    old = SortedMap.from_items((k, k) for k in range(5000))
    new = old.set(2500, -1)
    shared = sum(a is b for a, b in zip(old._values, new._values, strict=True))
    assert shared == len(old._values) - 1


@given(st.lists(st.integers(), max_size=300), st.data())
def test_vector_matches_list(items: list[int], data: st.DataObject) -> None:
    """set, append, insert and delete behave as on a list, and never change the original."""
    vector = Vector(items)
    model = list(items)
    for _ in range(20):
        op = data.draw(st.sampled_from(["set", "append", "insert", "delete"]))
        before = list(vector)
        if op == "append":
            vector = vector.append(len(model))
            model.append(len(model))
        elif op == "insert":
            i = data.draw(st.integers(0, len(model)))
            vector = vector.insert(i, -i)
            model.insert(i, -i)
        elif model:
            i = data.draw(st.integers(-len(model), len(model) - 1))
            if op == "set":
                old = vector
                vector = vector.set(i, 7)
                model[i] = 7
                assert list(old) == before
            else:
                vector = vector.delete(i)
                del model[i]
        assert list(vector) == model
        assert len(vector) == len(model)
        assert all(vector[i] == model[i] for i in range(len(model)))


def test_vector_equality_and_hash() -> None:
    """Vectors equal vectors and tuples of the same items, and hash consistently."""
    assert Vector([1, 2]) == Vector((1, 2)) == (1, 2)
    assert hash(Vector([1, 2])) == hash(Vector([1, 2]))
    assert Vector([1]) != Vector([2])

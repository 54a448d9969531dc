"""Dataset and a plain dict driven in lockstep; no version is ever modified."""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from typeddcm import Dataset, Element, Tag, strategies
from typeddcm.vr import SQ


class DatasetMachine(RuleBasedStateMachine):
    """Each rule applies one functional update to the dataset and the same change to a dict."""

    def __init__(self) -> None:
        super().__init__()
        self.ds = Dataset()
        self.model: dict[Tag, Element] = {}
        # Every earlier version with a copy of what it held: they must never change.
        self.history: list[tuple[Dataset, dict[Tag, Element]]] = []
        self.saved: dict[Tag, Element] = {}  # what self.ds held when it was recorded

    def _record(self, new: Dataset) -> None:
        """Make ``new`` current (the model already changed) and remember the old version."""
        self.history.append((self.ds, self.saved))
        self.history = self.history[-20:]
        self.ds = new
        self.saved = dict(self.model)

    @rule(elem=strategies.elements())
    def set_element(self, elem: Element) -> None:
        new = self.ds.set(elem.tag, elem.vr)
        self.model[elem.tag] = Element(elem.tag, elem.vr)
        self._record(new)

    @precondition(lambda self: bool(self.model))
    @rule(data=st.data())
    def delete_present(self, data: st.DataObject) -> None:
        tag = data.draw(st.sampled_from(sorted(self.model)))
        new = self.ds.delete(tag)
        del self.model[tag]
        self._record(new)

    @rule(tag=strategies.tags())
    def discard_any(self, tag: Tag) -> None:
        new = self.ds.discard(tag)
        if tag in self.model:
            del self.model[tag]
        else:
            assert new is self.ds
        self._record(new)

    @rule(batch=st.lists(strategies.elements(), max_size=5))
    def update_many(self, batch: list[Element]) -> None:
        new = self.ds.update(batch)
        for elem in batch:
            self.model[elem.tag] = elem
        self._record(new)

    @rule(batch=st.lists(strategies.elements(), max_size=5), drop=strategies.tags())
    def mutate_block(self, batch: list[Element], drop: Tag) -> None:
        with self.ds.mutate() as m:
            for elem in batch:
                m.set(elem.tag, elem.vr)
            m.discard(drop)
        for elem in batch:
            self.model[elem.tag] = elem
        self.model.pop(drop, None)
        self._record(m.finish())

    @rule(items=st.lists(strategies.datasets(max_depth=0, max_elements=4), max_size=3),
          extra=strategies.elements())
    def nested_set_in(self, items: list[Dataset], extra: Element) -> None:
        seq = Tag(0x300A00B0)  # BeamSequence
        with_seq = self.ds.set(seq, SQ(items))
        self.model[seq] = with_seq[seq]
        self._record(with_seq)
        if items:
            index = len(items) - 1
            new = self.ds.set_in((seq, index, extra.tag), extra.vr)
            expected = items[index].set(extra.tag, extra.vr)
            new_items = list(new[seq].vr.values)
            assert new_items[index] == expected
            assert all(a is b for a, b in zip(new_items[:index], items[:index], strict=True))
            self.model[seq] = new[seq]
            self._record(new)

    @invariant()
    def matches_model(self) -> None:
        assert len(self.ds) == len(self.model)
        assert list(self.ds) == sorted(self.model)
        for tag, elem in self.model.items():
            assert self.ds[tag] == elem

    @invariant()
    def history_unchanged(self) -> None:
        for version, snapshot in self.history:
            assert len(version) == len(snapshot)
            assert all(version[t] == e for t, e in snapshot.items())


DatasetMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
TestDatasetMachine = DatasetMachine.TestCase

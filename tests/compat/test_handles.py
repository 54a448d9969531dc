"""The compat handle's caches (compat/_handle.py): same objects, current values, no cycles.

A compat Dataset caches converted values, the DataElements it hands out and its item
views.  These tests pin what that must never change: every read shows the tree as it
is now (whatever handle made the change), the same element/item is the same object,
nothing refers back in a cycle (a dropped tree is freed by reference counting), and
readers in other threads see whole values while a writer changes the tree.
"""

from __future__ import annotations

import gc
import io
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pydicom
import pytest

import typeddcm.compat as tc
from typeddcm.compat import config

WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


@pytest.fixture
def plan() -> Any:
    return tc.dcmread(WHEEL / "rtplan.dcm")


@pytest.fixture
def ct() -> Any:
    return tc.dcmread(WHEEL / "CT_small.dcm")


def test_an_element_is_the_same_object_each_time(ct: Any) -> None:
    assert ct["PatientID"] is ct["PatientID"]
    assert ct[0x00100020] is ct.data_element("PatientID")
    first = {id(e) for e in ct.iterall()}
    assert first == {id(e) for e in ct.iterall()}


def test_a_held_element_follows_every_change(ct: Any, plan: Any) -> None:
    elem = ct["PatientID"]
    assert elem.value == ct.PatientID
    ct.PatientID = "CHANGED"
    assert elem.value == "CHANGED"
    ct["PatientID"].value = "AGAIN"
    assert elem.value == "AGAIN" == ct.PatientID
    # A change made through another handle of the same tree.
    beam = plan.BeamSequence[0]
    name = beam["BeamName"]
    plan.BeamSequence[0].BeamName = "VIA ROOT"
    assert name.value == "VIA ROOT"


def test_cached_values_follow_config_knobs(ct: Any) -> None:
    elem = ct["StudyDate"]
    kinds = [type(ct.StudyDate), type(elem.value)]
    with config.override(datetime_conversion=True):
        kinds += [type(ct.StudyDate), type(elem.value)]
    kinds += [type(ct.StudyDate), type(elem.value)]
    assert kinds[:2] == kinds[4:] == [str, str]
    assert str not in kinds[2:4]


def test_multivalues_write_back_and_are_the_same_object_until_changed(ct: Any) -> None:
    image_type = ct.ImageType
    assert ct.ImageType is image_type is ct["ImageType"].value  # as pydicom's
    image_type.append("EXTRA")
    assert list(ct.ImageType)[-1] == "EXTRA"
    again = ct.ImageType
    again[0] = "DERIVED"
    assert ct.ImageType[0] == "DERIVED"


def test_an_item_view_is_the_same_object_and_follows_renumbering(plan: Any) -> None:
    points = plan.BeamSequence[0].ControlPointSequence
    first, second = points[0], points[1]
    assert plan.BeamSequence[0].ControlPointSequence[0] is first
    assert all(a is b for a, b in zip(points, plan.BeamSequence[0].ControlPointSequence, strict=True))
    del plan.BeamSequence[0].ControlPointSequence[0]
    assert plan.BeamSequence[0].ControlPointSequence[0] is second
    first.ControlPointIndex = 99  # a removed item is a tree of its own
    assert plan.BeamSequence[0].ControlPointSequence[0].ControlPointIndex != 99
    assert first.ControlPointIndex == 99


def test_adopted_dataset_handles_see_later_changes() -> None:
    item = tc.Dataset()
    item.BeamName = "A"
    elem = item["BeamName"]
    assert elem.value == "A"
    ds = tc.Dataset()
    ds.BeamSequence = [item]
    ds.BeamSequence[0].BeamName = "B"  # changed through the new tree
    assert item.BeamName == "B"
    assert elem.value == "B"


def test_an_element_outliving_its_dataset_keeps_its_value() -> None:
    elem = tc.dcmread(WHEEL / "CT_small.dcm")["PatientName"]
    gc.collect()
    assert str(elem.value) == "CompressedSamples^CT1"
    elem.value = "NEW"  # nobody can see its dataset any more: it is free now
    assert elem.value == "NEW"


def _cyclic_garbage(make: Any) -> int:
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        make()
        gc.collect()
        return len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_dropped_tree_leaves_no_cyclic_garbage() -> None:
    data = (WHEEL / "rtplan.dcm").read_bytes()

    def use() -> None:
        ds = tc.dcmread(data)
        for elem in ds.iterall():
            _ = elem.value
        _ = str(ds)
        ds.BeamSequence[0].BeamName = "X"
        ds.walk(lambda d, e: None)
        _ = ds.BeamSequence[0].ControlPointSequence[0]["GantryAngle"].value

    assert _cyclic_garbage(use) == 0


def test_private_blocks_as_pydicom() -> None:
    ours, theirs = tc.Dataset(), pydicom.Dataset()
    for ds in (ours, theirs):
        block = ds.private_block(0x0041, "MY CREATOR", create=True)
        block.add_new(0x01, "LO", "hello")
        ds.private_block(0x0041, "OTHER", create=True).add_new(0x02, "US", 7)
    assert ours.private_creators(0x41) == theirs.private_creators(0x41) == ["MY CREATOR", "OTHER"]
    for creator, offset in (("MY CREATOR", 1), ("OTHER", 2)):
        a = ours.get_private_item(0x41, offset, creator)
        b = theirs.get_private_item(0x41, offset, creator)
        assert (int(a.tag), a.VR, a.value) == (int(b.tag), b.VR, b.value)
    block = ours.private_block(0x0041, "OTHER")
    assert block.block_start == 0x1100 and 2 in block and 3 not in block
    del block[2]
    assert 2 not in block


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda ds: ds.private_block(0x0040, "X"), ValueError),
        (lambda ds: ds.private_block(0x0041, "NOPE"), KeyError),
        (lambda ds: ds.private_block(0x0041, ""), ValueError),
        (lambda ds: ds.private_creators(0x0040), ValueError),
        (lambda ds: ds.private_block(0x0041, "MINE", create=True).get_tag(0x100), ValueError),
        (lambda ds: ds.get_private_item(0x0041, 5, "MINE"), KeyError),
    ],
)
def test_private_block_errors_are_pydicoms(call: Any, error: type[Exception]) -> None:
    for ds in (tc.Dataset(), pydicom.Dataset()):
        ds.private_block(0x0041, "MINE", create=True)
        with pytest.raises(error):
            call(ds)


def test_readers_see_whole_values_while_a_writer_changes_the_tree() -> None:
    ds = tc.dcmread(WHEEL / "rtplan.dcm")
    names = [f"NAME{i:04d}" for i in range(300)]
    seen: list[str] = []
    errors: list[BaseException] = []
    stop = threading.Event()

    def read() -> None:
        try:
            item = ds.BeamSequence[0]
            elem = item["BeamName"]
            while not stop.is_set():
                seen.append(elem.value)
                seen.append(item.BeamName)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(3)]
    for reader in readers:
        reader.start()
    for name in names:
        ds.BeamSequence[0].BeamName = name
    stop.set()
    for reader in readers:
        reader.join()
    assert not errors
    assert set(seen) <= {*names, str(tc.dcmread(WHEEL / "rtplan.dcm").BeamSequence[0].BeamName)}
    assert ds.BeamSequence[0]["BeamName"].value == names[-1]


def _walk_order(ds: Any) -> Iterator[int]:
    found: list[int] = []
    ds.walk(lambda d, e: found.append(int(e.tag)))
    yield from found


@pytest.mark.parametrize("name", ["rtplan.dcm", "CT_small.dcm", "rtstruct.dcm"])
def test_walk_and_iterall_visit_what_pydicom_visits(name: str) -> None:
    data = (WHEEL / name).read_bytes()
    ours, theirs = tc.dcmread(data, force=True), pydicom.dcmread(io.BytesIO(data), force=True)
    assert [int(e.tag) for e in ours.iterall()] == [int(e.tag) for e in theirs.iterall()]
    theirs_walk: list[int] = []
    theirs.walk(lambda d, e: theirs_walk.append(int(e.tag)))
    assert list(_walk_order(ours)) == theirs_walk


def test_walk_sees_what_the_callback_changes() -> None:
    ds = tc.dcmread(WHEEL / "rtplan.dcm")
    ds.remove_private_tags()
    removed: list[int] = []

    def drop_names(d: Any, e: Any) -> None:
        if e.keyword == "BeamName":
            removed.append(int(e.tag))
            del d[e.tag]

    ds.walk(drop_names)
    assert removed and all("BeamName" not in item for item in ds.BeamSequence)


def test_a_private_block_is_cached_until_the_tree_changes_and_outlives_its_dataset() -> None:
    ds = tc.dcmread(WHEEL / "CT_small.dcm")
    block = ds.private_block(0x0009, "GEMS_IDEN_01")
    assert ds.private_block(0x0009, "GEMS_IDEN_01") is block
    del ds[block.get_tag(1)]
    assert 1 not in block
    assert ds.private_block(0x0009, "GEMS_IDEN_01") is not block  # looked up again
    orphan = tc.dcmread(WHEEL / "CT_small.dcm").private_block(0x0009, "GEMS_IDEN_01")
    gc.collect()
    assert orphan[1].value == "GE_GENESIS_FF"  # its tree is still there
    assert _cyclic_garbage(lambda: tc.dcmread(WHEEL / "CT_small.dcm").private_block(
        0x0009, "GEMS_IDEN_01")) == 0

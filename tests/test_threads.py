"""Sharing one Dataset across threads without locks."""

from __future__ import annotations

import threading

from typeddcm import Dataset, keys
from typeddcm.vr import LO, SQ


def build() -> Dataset:
    items = [Dataset().set(keys.Manufacturer, f"M{i}").set(keys.BeamNumber, i) for i in range(200)]
    ds = Dataset().set(keys.BeamSequence, SQ(items))
    with ds.mutate() as m:
        for i in range(300):
            m.set_private(0x0009, "THREADS", i % 256, _lo(f"v{i}"))
    return m.finish().set(keys.PatientName, "Shared^Dataset").set(keys.Rows, 512)


def _lo(text: str) -> LO:
    return LO(text)


def test_readers_and_writers_share_one_dataset() -> None:
    """8 threads read (hashing, nested access, str) while others derive versions; all agree."""
    shared = build()
    expected_hash = hash(build())  # computed on an equal but separate object
    expected_text = str(build())
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def reader() -> None:
        try:
            start.wait()
            for n in range(200):
                assert hash(shared) == expected_hash
                assert shared[keys.Rows].value == 512
                item = shared[keys.BeamSequence].values[n % 200]
                assert item[keys.BeamNumber].value == n % 200
                if n % 50 == 0:
                    assert str(shared) == expected_text
        except BaseException as exc:  # collected and re-raised in the main thread
            errors.append(exc)

    def writer(worker: int) -> None:
        try:
            start.wait()
            for n in range(200):
                derived = shared.set(keys.Rows, n).set_in(
                    (keys.BeamSequence, n % 200, keys.Manufacturer), f"W{worker}-{n}")
                assert derived[keys.Rows].value == n
                item = derived[keys.BeamSequence].values[n % 200]
                assert item[keys.Manufacturer].value == f"W{worker}-{n}"
                assert shared[keys.Rows].value == 512
                assert derived[keys.PatientName] is shared[keys.PatientName]
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(4)]
    threads += [threading.Thread(target=writer, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert shared == build()

"""Buffered element values (pydicom 3): an open binary file object as an OB/OW/... value.

pydicom 3.0.2 is the oracle: the same buffer given to both gives the same bytes when
written, the same equality, and the same errors (types; the words where they name no tag).
"""

from __future__ import annotations

import copy
import io
import pickle
import tempfile
from pathlib import Path
from typing import Any

import pydicom
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import typeddcm.compat as tc
from typeddcm.compat import DataElement, Dataset
from typeddcm.compat._buffered import BUFFERABLE_VRS, BufferedValue


def _written(module: Any, buffer: io.BytesIO, vr: str = "OB") -> bytes:
    ds = module.Dataset()
    ds.BitsAllocated = 16 if vr == "OW" else 8
    ds.add(module.DataElement(0x7FE00010, vr, buffer))
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    return out.getvalue()


def test_the_value_is_the_buffer_given() -> None:
    buffer = io.BytesIO(b"\x00\x01\x02\x03")
    ds: Any = Dataset()
    ds.PixelData = buffer
    assert ds.PixelData is buffer
    elem = ds["PixelData"]
    assert elem.is_buffered
    assert elem.value is buffer
    assert elem.VM == 1
    assert not DataElement("PixelData", "OB", b"\x00\x01").is_buffered
    assert repr(buffer) in str(elem)


def test_the_buffer_is_read_when_written_not_when_set() -> None:
    buffer = io.BytesIO(b"\x00\x01")
    ds: Any = Dataset()
    ds.BitsAllocated = 8
    ds.PixelData = buffer
    buffer.seek(0)
    buffer.write(b"\x07\x08\x09\x0a")  # changed after it was set: the new content is written
    buffer.seek(1)
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    assert out.getvalue().endswith(b"\x07\x08\x09\x0a")
    assert buffer.tell() == 1  # the position is put back


@pytest.mark.parametrize("vr", BUFFERABLE_VRS)
def test_written_as_pydicom_writes_it(vr: str) -> None:
    data = b"\x00\x01\x02\x03\x04\x05\x06\x07"
    assert _written(tc, io.BytesIO(data), vr) == _written(pydicom, io.BytesIO(data), vr)


@settings(max_examples=30, deadline=None)
@given(st.binary(max_size=64).map(lambda b: b[: len(b) // 2 * 2]))
def test_same_bytes_as_a_bytes_value(data: bytes) -> None:
    ours = _written(tc, io.BytesIO(data))
    ds: Any = Dataset()
    ds.BitsAllocated = 8
    ds.add(DataElement(0x7FE00010, "OB", data))
    out = io.BytesIO()
    ds.save_as(out, implicit_vr=False, little_endian=True)
    assert ours == out.getvalue()
    assert DataElement("PixelData", "OB", io.BytesIO(data)) == DataElement("PixelData", "OB", data)


def test_equality_reads_the_content_from_the_start() -> None:
    plain = DataElement("PersonName", "OB", b"\x00\x01")
    buffer = io.BytesIO(b"\x00\x01")
    buffered = DataElement("PersonName", "OB", buffer)
    buffer.seek(2)
    for _ in range(2):  # read again each time
        assert buffered == plain
        assert plain == buffered
    assert buffered != DataElement("PersonName", "OB", io.BytesIO(b"\x01\x02"))
    assert buffered != DataElement("PersonName", "OB", b"\x00\x01\x02\x03")
    ds1: Any = Dataset()
    ds2: Any = Dataset()
    ds1.PixelData = io.BytesIO(b"\x00\x01")
    ds2.PixelData = b"\x00\x01"
    assert ds1 == ds2


def test_the_checks_and_errors_are_pydicoms() -> None:
    for module in (tc, pydicom):
        with pytest.raises(ValueError, match="cannot be used with buffered values, supported "
                                             "VRs are: OB, OD, OF, OL, OV, OW"):
            module.DataElement("PersonName", "PN", io.BytesIO())
        closed = io.BytesIO()
        closed.close()
        with pytest.raises(ValueError, match="the buffer has been closed"):
            module.DataElement("PersonName", "OB", closed)
        with tempfile.TemporaryFile(mode="wb") as unreadable, \
                pytest.raises(ValueError, match="the buffer must be readable and seekable"):
            module.DataElement("PersonName", "OB", unreadable)
    person: Any = Dataset()
    with pytest.raises(ValueError, match="cannot be used with buffered values"):
        person.PatientName = io.BytesIO()


def test_a_buffer_closed_before_writing_is_a_clear_error() -> None:
    buffer = io.BytesIO(b"\x00\x01")
    ds: Any = Dataset()
    ds.BitsAllocated = 8
    ds.PixelData = buffer
    buffer.close()
    with pytest.raises(ValueError, match=r"Invalid buffer for \(7fe0, 0010\) 'Pixel Data': "
                                         "the buffer has been closed"):
        ds.save_as(io.BytesIO(), implicit_vr=True)


def test_copies_and_pickles() -> None:
    buffer = io.BytesIO(b"\x00\x01")
    ds: Any = Dataset()
    ds.PixelData = buffer
    shallow = copy.copy(ds)
    assert shallow.PixelData is buffer
    deep = copy.deepcopy(ds)
    assert deep.PixelData is not buffer
    assert deep.PixelData.getvalue() == b"\x00\x01"
    assert deep == ds
    ds.BeamSequence = [Dataset()]
    ds.BeamSequence[0].PixelData = io.BytesIO(b"\x02\x03")
    nested = copy.deepcopy(ds)
    assert nested.BeamSequence[0].PixelData is not ds.BeamSequence[0].PixelData
    assert nested.BeamSequence[0].PixelData.getvalue() == b"\x02\x03"
    unpickled = pickle.loads(pickle.dumps(ds))
    assert unpickled.PixelData is not buffer
    assert unpickled == ds
    buffer.close()
    with pytest.raises(ValueError, match="Error deepcopying the buffered element"):
        copy.deepcopy(ds)


def test_an_open_file_cannot_be_pickled_or_deep_copied(tmp_path: Path) -> None:
    path = tmp_path / "value.bin"
    path.write_bytes(b"\x00\x01\x02\x03")
    with path.open("rb") as f:
        ds: Any = Dataset()
        ds.PixelData = f
        assert copy.copy(ds).PixelData is f
        with pytest.raises(TypeError, match="cannot"):
            pickle.dumps(ds)
        with pytest.raises(TypeError, match="Error deepcopying the buffered element"):
            copy.deepcopy(ds)
        assert ds.freeze()[0x7FE00010].vr.tobytes() == b"\x00\x01\x02\x03"


def test_the_core_value_is_a_bulk_value_of_the_vr() -> None:
    ds: Any = Dataset()
    ds.BitsAllocated = 16
    ds.add_new(0x7FE00010, "OW", io.BytesIO(b"\x01\x00\x02\x00"))
    vr = ds.freeze()[0x7FE00010].vr
    assert isinstance(vr, BufferedValue)
    assert vr.code == "OW"
    assert list(vr.array) == [1, 2]
    assert vr.nbytes == 4

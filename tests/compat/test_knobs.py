"""The documented config knobs change what the adapter does (in this context only)."""

from __future__ import annotations

import datetime
import logging
import threading
import types
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

import typeddcm.compat as pydicom
from typeddcm.compat import config
from typeddcm.compat.dataelem import RawDataElement
from typeddcm.compat.valuerep import DSdecimal
from typeddcm.samples import sample_path


@pytest.fixture(autouse=True)
def defaults() -> Iterator[None]:
    with config.override():
        yield


def test_datetime_conversion() -> None:
    ds = pydicom.Dataset()
    ds.StudyDate = "20010203"
    ds.StudyTime = "101112.5"
    assert ds.StudyDate == "20010203"
    config.datetime_conversion = True
    converted: object = ds.StudyDate  # typed str: the default, without the knob
    assert converted == datetime.date(2001, 2, 3)
    assert str(converted) == "20010203"
    time: object = ds.StudyTime
    assert isinstance(time, datetime.time)
    ds.StudyDate = datetime.date(1999, 12, 31)  # dates are taken back as DA text
    config.datetime_conversion = False
    assert ds.StudyDate == "19991231"


def test_ds_decimal() -> None:
    ds = pydicom.Dataset()
    ds.SliceThickness = "1.250"
    config.DS_decimal(True)
    value: object = ds.SliceThickness  # typed DSfloat: the default, without DS_decimal
    assert isinstance(value, (DSdecimal, Decimal)) and value == Decimal("1.25")
    assert repr(value) == "'1.250'"
    config.DS_decimal(False)
    assert isinstance(ds.SliceThickness, float)


def test_enforce_valid_values() -> None:
    ds = pydicom.Dataset()
    ds.StudyDate = "2001-02-03"  # lenient by default: kept as written
    assert ds.StudyDate == "2001-02-03"
    config.enforce_valid_values = True
    with pytest.raises(ValueError, match="DA"):
        ds.StudyDate = "2001-02-03"


def test_data_element_callback_sees_raw_elements_with_its_kwargs() -> None:
    seen: list[int] = []

    def anonymise(raw: RawDataElement, **kwargs: Any) -> RawDataElement:
        seen.append(int(raw.tag))
        if raw.tag == 0x00100020:
            return raw._replace(value=kwargs["value"])
        return raw

    config.data_element_callback = anonymise
    config.data_element_callback_kwargs = {"value": b"ANON"}
    ds = pydicom.dcmread(sample_path("ct_small.dcm"))
    assert ds.PatientID == "ANON"
    assert 0x00100010 in seen


def test_debug_logs_where_elements_were_read(caplog: pytest.LogCaptureFixture) -> None:
    config.debug(True, default_handler=False)
    with caplog.at_level(logging.DEBUG, logger="pydicom"):
        pydicom.dcmread(sample_path("ct_small.dcm"))
    config.debug(False, default_handler=False)
    assert any("(0010, 0010) PN" in record.getMessage() for record in caplog.records)


def test_image_handlers_are_tried_in_order_and_user_extendable() -> None:
    calls: list[str] = []

    def refusing(name: str) -> types.SimpleNamespace:
        def get(ds: Any) -> Any:
            calls.append(name)
            raise RuntimeError(name)

        return types.SimpleNamespace(supports_transfer_syntax=lambda ds: True, get_pixeldata=get)

    ds = pydicom.dcmread(sample_path("ct_small.dcm"))
    expected = ds.pixel_array.copy()
    config.image_handlers.insert(0, refusing("first"))
    ds2 = pydicom.dcmread(sample_path("ct_small.dcm"))
    np.testing.assert_array_equal(ds2.pixel_array, expected)  # the next handler gave it
    assert calls == ["first"]
    config.image_handlers = [refusing("a"), refusing("b")]
    with pytest.raises(RuntimeError, match="b"):  # the last error is the one raised
        pydicom.dcmread(sample_path("ct_small.dcm")).pixel_array  # noqa: B018
    config.image_handlers = [types.SimpleNamespace(supports_transfer_syntax=lambda ds: False)]
    with pytest.raises(NotImplementedError, match="supports"):
        pydicom.dcmread(sample_path("ct_small.dcm")).pixel_array  # noqa: B018


def test_settings_are_per_thread() -> None:
    config.datetime_conversion = True
    seen: list[bool] = []
    thread = threading.Thread(target=lambda: seen.append(bool(config.datetime_conversion)))
    thread.start()
    thread.join()
    assert seen == [False] and config.datetime_conversion

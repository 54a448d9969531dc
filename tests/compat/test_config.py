"""typeddcm.compat.config: the documented knobs, local to each thread (context)."""

from __future__ import annotations

import contextvars
import logging
import threading
import types
from collections.abc import Callable
from typing import Any

import pytest

from typeddcm.compat import config


@pytest.fixture(autouse=True)
def fresh_context() -> Any:
    """Run each test's settings changes in a throwaway context."""
    token = config._current.set(config._DEFAULTS)
    yield
    config._current.reset(token)


def in_thread(work: Callable[[], Any]) -> Any:
    box: list[Any] = []
    thread = threading.Thread(target=lambda: box.append(work()))
    thread.start()
    thread.join()
    return box[0]


def test_documented_defaults() -> None:
    assert config.datetime_conversion is False
    assert config.allow_DS_float is False
    assert config.enforce_valid_values is False
    assert config.data_element_callback is None
    assert config.data_element_callback_kwargs == {}
    assert config.use_DS_decimal is False
    assert config.debugging is False
    assert list(list.__iter__(config.image_handlers)) == list(config.DEFAULT_IMAGE_HANDLERS)
    assert [name.rsplit(".", 1)[1] for name in config.DEFAULT_IMAGE_HANDLERS] == [
        "numpy_handler", "rle_handler", "pillow_handler"]


def test_module_spelling_sets_the_current_context() -> None:
    config.datetime_conversion = True
    assert config.datetime_conversion is True
    assert config.settings().datetime_conversion is True
    from typeddcm.compat.config import datetime_conversion

    assert datetime_conversion is True
    del config.datetime_conversion  # back to the default
    assert config.datetime_conversion is False


def test_one_thread_does_not_see_another_threads_setting() -> None:
    config.datetime_conversion = True
    config.enforce_valid_values = True
    # A new thread starts from the defaults...
    assert in_thread(lambda: (config.datetime_conversion, config.enforce_valid_values)) == (
        False, False)

    # ... and what it sets stays in it.
    def setter() -> bool:
        config.datetime_conversion = False
        config.allow_DS_float = True
        return bool(config.datetime_conversion)

    assert in_thread(setter) is False
    assert config.datetime_conversion is True and config.allow_DS_float is False


def test_threads_at_the_same_time() -> None:
    """Two threads flip their own setting in lock step; neither sees the other's."""
    barrier = threading.Barrier(2)
    seen: dict[str, list[bool]] = {"a": [], "b": []}

    def run(name: str, value: bool) -> None:
        for _ in range(50):
            config.datetime_conversion = value
            barrier.wait()
            seen[name].append(bool(config.datetime_conversion))
            barrier.wait()

    threads = [threading.Thread(target=run, args=("a", True)),
               threading.Thread(target=run, args=("b", False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"a": [True] * 50, "b": [False] * 50}
    assert config.datetime_conversion is False


def test_copy_context_hands_settings_over() -> None:
    config.datetime_conversion = True
    context = contextvars.copy_context()
    assert in_thread(lambda: context.run(lambda: config.datetime_conversion)) is True


def test_override() -> None:
    with config.override(datetime_conversion=True, allow_DS_float=True) as current:
        assert current.datetime_conversion and config.allow_DS_float
    assert config.datetime_conversion is False
    with pytest.raises(TypeError, match="unknown config"), config.override(not_a_knob=1):
        pass


def test_settings_are_immutable() -> None:
    snapshot = config.settings()
    config.datetime_conversion = True
    assert snapshot.datetime_conversion is False
    with pytest.raises(AttributeError):
        snapshot.datetime_conversion = True  # type: ignore[misc]


def test_ds_decimal() -> None:
    config.DS_decimal()
    assert config.use_DS_decimal is True
    config.DS_decimal(False)
    assert config.use_DS_decimal is False


def test_callback_and_kwargs() -> None:
    def callback(raw: Any, **kwargs: Any) -> Any:
        return raw

    config.data_element_callback = callback
    config.data_element_callback_kwargs = {"a": 1}
    assert config.data_element_callback is callback
    config.data_element_callback_kwargs["b"] = 2  # changed in place: stored back
    assert config.data_element_callback_kwargs == {"a": 1, "b": 2}
    assert config.settings().data_element_callback_kwargs == {"a": 1, "b": 2}
    assert in_thread(lambda: config.data_element_callback_kwargs) == {}


def test_image_handlers_list() -> None:
    handlers = config.image_handlers
    fake = types.SimpleNamespace(__name__="fake", supports_transfer_syntax=lambda ds: False,
                                 get_pixeldata=lambda ds: None)
    handlers.insert(0, fake)
    assert config.image_handlers[0] is fake
    assert fake in config.image_handlers
    assert in_thread(lambda: len(config.image_handlers)) == 3
    config.image_handlers.remove(fake)
    assert fake not in config.image_handlers
    config.image_handlers = [fake]
    assert list(config.image_handlers) == [fake]
    config.image_handlers += [logging]
    assert list(config.image_handlers) == [fake, logging]
    del config.image_handlers[0]
    assert list(config.image_handlers) == [logging]


def test_image_handlers_by_name_are_imported_when_read() -> None:
    config.image_handlers = ["logging", "json"]
    import json

    assert list(config.image_handlers) == [logging, json]
    assert config.image_handlers[1] is json
    assert logging in config.image_handlers  # a module matches its name
    config.image_handlers.remove(json)
    assert list.__len__(config.image_handlers) == 1
    config.image_handlers = ["typeddcm.compat.no_such_handler"]
    assert "no_such_handler" in repr(config.image_handlers)  # listing does not import
    with pytest.raises(ModuleNotFoundError):
        config.image_handlers[0]


def test_debug(caplog: pytest.LogCaptureFixture) -> None:
    logger = config.logger
    assert logger.name == "pydicom"
    caplog.set_level(logging.DEBUG, logger="pydicom")
    logger.debug("hidden")
    config.debug()
    assert config.debugging is True and logger.isEnabledFor(logging.DEBUG)
    logger.debug("shown")
    in_thread(lambda: logger.debug("other thread, debug off"))
    config.debug(False)
    logger.debug("hidden again")
    logger.warning("warnings always pass")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == ["shown", "warnings always pass"]


def test_other_module_attributes_still_work() -> None:
    config.some_new_attribute = 5  # type: ignore[attr-defined]
    assert config.some_new_attribute == 5  # type: ignore[attr-defined]
    del config.some_new_attribute  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        _ = config.some_new_attribute  # type: ignore[attr-defined]
    assert "datetime_conversion" in dir(config)


def test_pydicom_2_knobs_act() -> None:
    import io as _io
    from pathlib import Path as _Path

    import pydicom as _pydicom

    import typeddcm.compat as _tc
    from typeddcm.compat import config as _config

    path = _Path(_pydicom.__file__).parent / "data" / "test_files" / "CT_small.dcm"
    ds = _tc.dcmread(path)
    ds.AccessionNumber = ""  # shown as set ('' whatever the knob, as pydicom); read back:
    buffer = _io.BytesIO()
    ds.save_as(buffer)
    ds = _tc.dcmread(_io.BytesIO(buffer.getvalue()))
    seen: list[object] = [ds.AccessionNumber]
    with _config.override(use_none_as_empty_text_VR_value=True):
        seen += [ds.AccessionNumber, ds["AccessionNumber"].value]
    seen.append(ds.AccessionNumber)
    assert seen == ["", None, None, ""]
    assert "Dataset.file_meta" in str(ds)
    with _config.override(show_file_meta=False):
        assert "Dataset.file_meta" not in str(ds)
    theirs = _pydicom.dcmread(_io.BytesIO(path.read_bytes()))
    assert ("Dataset.file_meta" in str(theirs)) is True
    _config.data_element_callback = print
    _config.reset_data_element_callback()
    knobs: tuple[object, object] = (_config.data_element_callback,
                                    dict(_config.data_element_callback_kwargs))
    assert knobs == (None, {})
    assert _config.rle_handler.HANDLER_NAME == "RLE Lossless"
    assert _config.gdcm_handler.is_available() is False

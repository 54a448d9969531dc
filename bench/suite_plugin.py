"""A pytest plugin of the suite harnesses, loaded in both runs (real pydicom and the shim).

Loaded with ``-p suite_plugin`` (bench/suite_common.py puts a copy of this file on
``PYTHONPATH`` of the pytest subprocess).  Two things, the same for both runs:

- each test fails after ``SUITE_TEST_TIMEOUT`` seconds (default 120), so a test that
  hangs on one side becomes a failure instead of stopping the run (SIGALRM: POSIX,
  main thread, which is where pytest runs tests);
- with ``SUITE_OFFLINE=1`` pydicom's test-data downloader is told the network is
  down (its own switch for that, ``pydicom.data.download._SIMULATE_NETWORK_OUTAGE``):
  this machine reaches no file host, and each download otherwise sleeps through
  pydicom's retries (21 s a file).  Files pydicom would download are then simply
  absent, on both sides.  Under the shim compat has no downloader, so nothing is set.
"""

from __future__ import annotations

import importlib
import os
import signal
from collections.abc import Generator
from types import FrameType

import pytest

_SECONDS = int(os.environ.get("SUITE_TEST_TIMEOUT", "120"))


class SuiteTestTimeout(Exception):
    """Raised inside a test that ran longer than the harness allows."""


def _expire(signum: int, frame: FrameType | None) -> None:
    raise SuiteTestTimeout(f"test ran longer than {_SECONDS} s (suite harness limit)")


def pytest_configure(config: pytest.Config) -> None:
    """Switches pydicom's downloader off when the harness says the machine is offline."""
    if os.environ.get("SUITE_OFFLINE") != "1":
        return
    try:
        download = importlib.import_module("pydicom.data.download")
    except ImportError:
        return
    if hasattr(download, "_SIMULATE_NETWORK_OUTAGE"):
        vars(download)["_SIMULATE_NETWORK_OUTAGE"] = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Arms the alarm around the test body only (fixtures are not timed)."""
    previous = signal.signal(signal.SIGALRM, _expire)
    signal.alarm(_SECONDS)
    try:
        return (yield)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)

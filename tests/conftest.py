"""Suite-wide: which build runs (shown in pytest's header), and the ``core`` marker.

The ``core`` tests are the codec and model tests.  The README's test command runs the
whole suite on the build that was installed (compiled by mypyc where a C compiler was
found) and then the ``core`` tests again with ``TYPEDDCM_PURE=1``, which loads the same
modules from their ``.py`` files: both builds must read and write alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import typeddcm

#: Paths under tests/ whose tests are ``core`` (a folder ends with "/").
CORE = ("codec/", "vr/", "dictionary/", "test_dataset", "test_persistent.py", "test_pickle.py",
        "test_threads.py", "test_new_files.py", "test_tag.py", "test_file_lifecycle.py",
        "test_compiled.py")

_HERE = Path(__file__).resolve().parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "core: codec and model tests, run on the pure Python build too")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        try:
            relative = item.path.resolve().relative_to(_HERE).as_posix()
        except ValueError:
            continue
        if relative.startswith(CORE):
            item.add_marker(pytest.mark.core)


def pytest_report_header(config: pytest.Config) -> str:
    build = "compiled (mypyc)" if typeddcm.compiled else "pure Python"
    return f"typeddcm build: {build}"

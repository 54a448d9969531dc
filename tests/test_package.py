"""Package-level promises: what importing costs, what the README shows."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import typeddcm

ROOT = Path(__file__).resolve().parent.parent


def test_import_stays_light() -> None:
    """import typeddcm loads no test tool, no TSV reader, no private table and no keys module."""
    code = textwrap.dedent(
        """
        import sys, time
        start = time.perf_counter()
        import typeddcm
        elapsed = (time.perf_counter() - start) * 1000
        heavy = [m for m in ("hypothesis", "pydicom", "csv", "typeddcm.dictionary._private",
                             "typeddcm.keys", "typeddcm.strategies") if m in sys.modules]
        print(repr(heavy))
        print(f"import typeddcm: {elapsed:.1f} ms", file=sys.stderr)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]", result.stdout


def test_public_names() -> None:
    """The exception tree and the model are importable from the package root."""
    for name in ("Dataset", "Element", "Tag", "Key", "DicomError", "InvalidValueError",
                 "DecodeError", "EncodeError", "UnsupportedTransferSyntaxError"):
        assert hasattr(typeddcm, name), name
    assert issubclass(typeddcm.InvalidValueError, typeddcm.DicomError)
    assert issubclass(typeddcm.InvalidValueError, ValueError)
    assert issubclass(typeddcm.DecodeError, ValueError)


def test_readme_example_runs() -> None:
    """The README's Python example runs as written."""
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_package_docstring_example() -> None:
    """The example in typeddcm's docstring gives what it shows."""
    import doctest

    failures, tried = doctest.testmod(typeddcm, verbose=False)
    assert tried > 0
    assert failures == 0


def test_compat_attribute_types_ship_with_the_package() -> None:
    """The keyword-attribute stub is package data, so an installed typeddcm has its types."""
    import importlib.resources
    import tomllib

    stub = importlib.resources.files("typeddcm.compat") / "_keyword_attributes.pyi"
    assert stub.is_file()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "compat/*.pyi" in config["tool"]["setuptools"]["package-data"]["typeddcm"]

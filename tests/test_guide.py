"""docs/guide.md: every Python block runs, in order, in one namespace, as a reader would."""

from __future__ import annotations

import os
import re
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "guide.md"


def test_guide_examples_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The blocks build on each other (later sections use earlier names), as in the text."""
    blocks = re.findall(r"```python\n(.*?)```", GUIDE.read_text(), flags=re.DOTALL)
    assert len(blocks) >= 10
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {"__name__": "guide"}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the guide's own files read without a warning
        for number, block in enumerate(blocks, start=1):
            code = compile(block, f"{GUIDE.name} block {number}", "exec")
            exec(code, namespace)
    assert os.getcwd() == str(tmp_path)


def test_guide_covers_the_common_tasks() -> None:
    """The sections the issue asked for are there."""
    headings = re.findall(r"^## (.+)$", GUIDE.read_text(), flags=re.MULTILINE)
    for wanted in ("Read a file", "Edit a file", "Anonymise a folder", "Make a new file",
                   "Pixels and LUTs", "Build a volume from a series", "pydicom code"):
        assert wanted in headings

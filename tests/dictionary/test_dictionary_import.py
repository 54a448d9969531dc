"""Importing ``typeddcm.dictionary`` is cheap: no text parsing, no private table, no csv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typeddcm.dictionary

# The directory that holds the typeddcm package this process imported.
PACKAGE_PARENT = Path(typeddcm.dictionary.__file__).parents[2]

_PROBE = """
import json, sys, time
opened = []
def hook(event, args):
    if event == "open" and isinstance(args[0], str) and args[0].endswith(".tsv"):
        opened.append(args[0])
sys.addaudithook(hook)
import attrs  # a dependency of every typeddcm module; timed apart
start = time.perf_counter()
import typeddcm.dictionary as d
elapsed = time.perf_counter() - start
assert d.lookup(0x00100010) is not None and d.uid_info("1.2.840.10008.1.2") is not None
state = {
    "opened": opened,
    "csv": "csv" in sys.modules,
    "private_loaded": "typeddcm.dictionary._private" in sys.modules,
    "ms": elapsed * 1000,
}
d.private_lookup("PHILIPS MR/PART", 0x0019, 0x00)
state["private_after"] = "typeddcm.dictionary._private" in sys.modules
state["opened_after"] = opened
print(json.dumps(state))
"""


def _env(cache_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache_dir)  # measure with bytecode, as installed
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), env.get("PYTHONPATH")]))
    return env


def _run_probe(cache_dir: Path) -> dict[str, object]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        env=_env(cache_dir),
        check=True,
        cwd=cache_dir,
    )
    state: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return state


def test_import_reads_no_text_file(tmp_path: Path) -> None:
    """The import opens no .tsv and loads neither csv nor the private table."""
    state = _run_probe(tmp_path)
    assert state["opened"] == []
    assert state["csv"] is False
    assert state["private_loaded"] is False
    assert state["private_after"] is True
    assert state["opened_after"] == []


def _own_import_ms(cache_dir: Path) -> float:
    """Self time of the typeddcm.dictionary modules, from ``python -X importtime``."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import typeddcm.dictionary"],
        capture_output=True,
        text=True,
        env=_env(cache_dir),
        check=True,
        cwd=cache_dir,
    )
    total_us = 0
    for line in result.stderr.splitlines():
        fields = line.removeprefix("import time:").split("|")
        if len(fields) == 3 and fields[2].strip().startswith("typeddcm.dictionary"):
            total_us += int(fields[0])
    return total_us / 1000


def test_import_time_is_reported(tmp_path: Path) -> None:
    """Print the import time (bytecode cached); no timed assertion.

    The wall time includes whatever ``typeddcm/__init__.py`` imports; the own time
    counts only the dictionary modules.
    """
    _run_probe(tmp_path)  # writes the bytecode cache
    wall = sorted(float(str(_run_probe(tmp_path)["ms"])) for _ in range(3))
    own = sorted(_own_import_ms(tmp_path) for _ in range(3))
    print(
        f"\nimport typeddcm.dictionary: own modules median {own[1]:.1f} ms {own};"
        f" wall after attrs, with the typeddcm package, median {wall[1]:.1f} ms {wall}"
    )
    assert own[0] > 0


def test_no_csv_in_the_lookup_module() -> None:
    """The lookup module does not even mention the csv module."""
    # The source next to the module (its __file__ is the extension when mypyc compiled it).
    source = (Path(typeddcm.dictionary.__file__).parent / "__init__.py").read_text(encoding="utf-8")
    assert "import csv" not in source
    assert ".tsv" not in source

"""What the suite harnesses share: sdists from the registry, the shim folders, pytest runs, results.

Used by bench/pydicom_suite.py (pydicom 3.0.2's own tests) and
bench/library_suites.py (libraries built on pydicom 3).  Each suite runs twice in
pytest subprocesses with a JUnit XML report: once on the real pydicom and once
with bench/pydicom_shim.py as ``sitecustomize`` so that ``import pydicom`` is
``typeddcm.compat``.  The figure is how many of the tests that pass on pydicom
also pass on the shim; a test that does not is given a *cause*: one short key
made from its failure message (the missing module or name, or the exception type
and test class), so that failures group by root cause.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


@dataclass(frozen=True)
class TestResult:
    """One test's outcome in one run: passed, failed, error or skipped."""

    test_id: str
    module: str
    outcome: str
    message: str
    seconds: float


@dataclass(frozen=True)
class Run:
    """One pytest run: per-test results, module collection errors and the wall time."""

    results: dict[str, TestResult]
    collection_errors: dict[str, str]
    seconds: float


def fetch_sdist(name: str, version: str, cache: Path) -> Path:
    """Downloads ``name==version``'s sdist into ``cache`` (once) and returns the unpacked folder."""
    cache.mkdir(parents=True, exist_ok=True)
    archives = sorted(cache.glob(f"{name.replace('-', '?')}-{version}.tar.gz"))
    if not archives:
        subprocess.run([sys.executable, "-m", "pip", "download", f"{name}=={version}",
                        "--no-binary", ":all:", "--no-deps", "-d", str(cache)],
                       check=True, stdout=subprocess.DEVNULL)
        archives = sorted(cache.glob(f"{name.replace('-', '?')}-{version}.tar.gz"))
    if not archives:
        raise FileNotFoundError(f"no sdist of {name} {version} in {cache}")
    folder = cache / archives[0].name.removesuffix(".tar.gz")
    if not folder.is_dir():
        with tarfile.open(archives[0]) as tar:
            tar.extractall(cache, filter="data")
    return folder


def make_plugin_dir(root: Path) -> Path:
    """A folder with the per-test timeout plugin (both runs put it on PYTHONPATH)."""
    folder = root / "plugin"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BENCH / "suite_plugin.py", folder / "suite_plugin.py")
    return folder


def make_shim_dir(root: Path) -> Path:
    """A folder whose ``sitecustomize.py`` is the shim (only the shim run puts it on PYTHONPATH)."""
    folder = root / "shim"
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(BENCH / "pydicom_shim.py", folder / "sitecustomize.py")
    return folder


def run_pytest(python: str, args: list[str], cwd: Path, pythonpath: list[Path],
               xml: Path, log: Path, env_extra: dict[str, str] | None = None,
               timeout: float = 3600.0) -> Run:
    """Runs pytest in a subprocess with a JUnit report, and reads the report back."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(env_extra or {})
    command = [python, "-m", "pytest", "-p", "no:cacheprovider", "-p", "suite_plugin",
               "--continue-on-collection-errors", "-q", "-rfE", f"--junitxml={xml}", *args]
    xml.unlink(missing_ok=True)
    start = time.perf_counter()
    with log.open("w") as out:
        subprocess.run(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                       timeout=timeout, check=False)
    seconds = time.perf_counter() - start
    if not xml.exists():
        raise RuntimeError(f"pytest wrote no report; see {log}")
    return parse_junit(xml, seconds)


_EXC_LINE = re.compile(r"^E\s+((?:[\w.]+\.)?(\w*(?:Error|Exception|Warning|Timeout|Exit|Failed))\b:?.*)$")


def _final_exception(text: str) -> str:
    """The last ``E   SomeError: ...`` line of a pytest long report (the exception finally raised)."""
    found = ""
    for line in text.splitlines():
        match = _EXC_LINE.match(line)
        if match:
            found = match.group(1).strip()
    return found


def _module_of(classname: str, name: str) -> str:
    """``tests.pixels.test_x.TestY`` -> ``tests/pixels/test_x.py`` (the test file)."""
    parts = classname.split(".") if classname else name.split(".")
    for i, part in enumerate(parts):
        if part.startswith("test_") or part.endswith("_test") or (part == "tests" and i == len(parts) - 1):
            return "/".join(parts[: i + 1]) + ".py"
    return "/".join(parts) + ".py"


# Parameter ids that hold a file path: its folders differ between the runs (pydicom's
# installed data vs the folders compat.data searches), the file name does not.
_PATH_DIRS = re.compile(r"(?:/[\w.+~-]+)+/(?=[^/\[\]]+)")


def parse_junit(xml: Path, seconds: float) -> Run:
    """Per-test outcomes and messages from pytest's JUnit XML."""
    results: dict[str, TestResult] = {}
    collection_errors: dict[str, str] = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        classname, name = case.get("classname", ""), case.get("name", "")
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome = {"failure": "failed", "skipped": "skipped"}.get(child.tag, "error")
                message = child.get("message", "") or ""
                text = child.text or ""
                if outcome != "skipped":
                    final = _final_exception(text)
                    if final and (not message or message in ("collection failure", "")
                                  or message.startswith(("failed on setup", "failed on teardown"))
                                  or len(final) > len(message)):
                        message = final
                if outcome == "error" and not classname and child.get("message") == "collection failure":
                    collection_errors[_module_of("", name)] = message or "collection failure"
                    outcome = "collection"
                break
        if outcome == "collection":
            continue
        test_id = f"{classname}::{_PATH_DIRS.sub('', name)}"
        results[test_id] = TestResult(test_id, _module_of(classname, name), outcome, message.strip(),
                                      float(case.get("time", "0") or 0))
    return Run(results, collection_errors, seconds)


_MISSING = [
    (re.compile(r"No module named '([\w.]+)'"), "missing module {0}"),
    (re.compile(r"cannot import name '(\w+)' from '([\w.]+)'"), "missing name {1}.{0}"),
    (re.compile(r"module '([\w.]+)' has no attribute '(\w+)'"), "missing name {0}.{1}"),
    (re.compile(r"type object '(\w+)' has no attribute '(\w+)'"), "missing attribute {0}.{1}"),
    (re.compile(r"'(\w+)' object has no attribute '(\w+)'"), "missing attribute {0}.{1}"),
    (re.compile(r"(\w+(?:\.\w+)?)\(\) got an unexpected keyword argument '(\w+)'"),
     "missing argument {0}({1}=)"),
    (re.compile(r"config\.settings has no setting '(\w+)'"), "missing name pydicom.config.settings.{0}"),
    # A test file's guarded import (try/except ImportError) fell back; the test then fails.
    (re.compile(r"^NameError: name '(\w+)' is not defined"), "missing name {0} (guarded import)"),
]

_DID_NOT_RAISE = re.compile(r"DID NOT RAISE\s+(?:<class ')?([\w.]+)")


def _failure_kind(message: str) -> str:
    """What kind of failure a message is: pytest.raises/warns misses, or the exception type."""
    if "Regex pattern did not match any of" in message:
        return "warning text differs"
    if "Regex pattern did not match" in message:
        return "error text differs"
    if "DID NOT WARN" in message:
        return "no warning"
    match = _DID_NOT_RAISE.search(message)
    if match:
        return f"no {match.group(1).rsplit('.', 1)[-1]} raised"
    if message.startswith("assert "):
        return "AssertionError"
    exc = message.split(":", 1)[0].strip()
    if not exc or " " in exc or len(exc) > 60:
        return "failure"
    return exc.rsplit(".", 1)[-1]


def display(text: str) -> str:
    """Compat's module names as the pydicom names the tests used."""
    return text.replace("typeddcm.compat", "pydicom")


def cause(result: TestResult | None, module: str, collection_errors: dict[str, str]) -> str:
    """A short root-cause key for a test that passed on pydicom and not on the shim."""
    if result is None:
        if module in collection_errors:
            return _key(collection_errors[module], module, "")
        return "not collected on the shim (parameter ids or case count differ)"
    if result.outcome == "skipped":
        return "skipped on the shim: " + display(result.message)[:100]
    test_class = result.test_id.split("::")[0].rsplit(".", 1)[-1]
    return _key(result.message, module, test_class)


# Failure kinds whose message is the test's own (an assertion, a pytest.raises/warns miss):
# grouped by the test class that made them.
_BY_PLACE = frozenset({"AssertionError", "failure", "error text differs", "warning text differs",
                       "no warning", "Failed"})


def _normalized(message: str) -> str:
    """A message's first line without what varies per test (addresses, sizes, long values)."""
    line = message.splitlines()[0] if message else "failure"
    line = re.sub(r"<([\w.]+) object at 0x[0-9a-fA-F]+>", r"<\1 object>", line)
    line = re.sub(r"0x[0-9a-fA-F]{6,}", "0x...", line)
    line = re.sub(r"<\d+ bytes>", "<N bytes>", line)
    line = re.sub(r"'[^']{30,}'", "'...'", line)
    line = re.sub(r"^(?:[\w]+\.)+(\w+(?:Error|Exception|Warning))", r"\1", line)
    return line[:120]


def _key(message: str, module: str, test_class: str) -> str:
    for pattern, form in _MISSING:
        match = pattern.search(message)
        if match:
            return display(form.format(*match.groups()))
    exc = _failure_kind(message)
    if exc not in _BY_PLACE and not exc.startswith("no "):
        # An exception raised by the library: its (normalized) message is the root cause,
        # wherever the tests met it.
        return display(_normalized(message))
    where = module.removesuffix(".py").rsplit("/", 1)[-1]
    if test_class and test_class.startswith("Test"):
        where += "::" + test_class
    return f"{exc} in {where}"


@dataclass(frozen=True)
class Lost:
    """A test that passed on pydicom and not on the shim: its file, cause key and message."""

    test_id: str
    module: str
    key: str
    message: str


@dataclass(frozen=True)
class Comparison:
    """Per test module, tests passing on pydicom and how many of them pass on the shim."""

    per_module: dict[str, tuple[int, int]]
    lost: list[Lost]
    #: pytest's own times (call plus fixtures) summed over the tests passing on both sides:
    #: (on pydicom, on the shim), a steadier speed figure than whole-run wall times.
    both_seconds: tuple[float, float]

    @property
    def total(self) -> tuple[int, int]:
        """(passing on pydicom, passing on the shim among those)."""
        base = sum(b for b, _ in self.per_module.values())
        shim = sum(s for _, s in self.per_module.values())
        return base, shim

    def by_key(self) -> dict[str, list[Lost]]:
        """The lost tests grouped by cause key, largest group first."""
        groups: dict[str, list[Lost]] = {}
        for lost in self.lost:
            groups.setdefault(lost.key, []).append(lost)
        return dict(sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def compare(base: Run, shim: Run) -> Comparison:
    """Counts, per test module, the pydicom-passing tests that also pass on the shim."""
    per_module: dict[str, list[int]] = {}
    lost: list[Lost] = []
    base_seconds = shim_seconds = 0.0
    for test_id, result in base.results.items():
        if result.outcome != "passed":
            continue
        counts = per_module.setdefault(result.module, [0, 0])
        counts[0] += 1
        other = shim.results.get(test_id)
        if other is not None and other.outcome == "passed":
            counts[1] += 1
            base_seconds += result.seconds
            shim_seconds += other.seconds
            continue
        message = other.message if other is not None else shim.collection_errors.get(result.module, "")
        lost.append(Lost(test_id, result.module, cause(other, result.module, shim.collection_errors),
                         display(message)))
    return Comparison({m: (c[0], c[1]) for m, c in sorted(per_module.items())}, lost,
                      (base_seconds, shim_seconds))


def outcome_counts(run: Run) -> Counter[str]:
    """passed/failed/error/skipped counts of a run."""
    return Counter(r.outcome for r in run.results.values())


def percent(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal ("-" for no tests)."""
    return f"{100.0 * part / whole:.1f}%" if whole else "-"

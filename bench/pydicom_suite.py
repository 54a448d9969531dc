"""pydicom 3.0.2's own test suite, run on pydicom and on typeddcm.compat through an import shim.

Run by hand (not CI: it downloads): ``python bench/pydicom_suite.py``.

1. Downloads the pydicom 3.0.2 sdist from the package registry into a cache
   folder outside the repository (``--cache``, default /tmp/pydicom-suite; never
   committed) and unpacks it: it ships ``tests/`` and pydicom's test files.
   pydicom-data (the test files pydicom otherwise downloads from a file host this
   machine does not reach) is installed into the cache with ``pip --target`` and
   put on ``PYTHONPATH`` of both runs; ``--no-external-data`` leaves it out.
2. Runs the sdist's ``tests/`` with pytest in a subprocess against the installed
   pydicom 3.0.2: the baseline (``--reuse-baseline`` reads the last one back).
3. Runs them again with bench/pydicom_shim.py as ``sitecustomize``: ``import
   pydicom`` and every ``pydicom.x.y`` are ``typeddcm.compat[.x.y]``.  The test-file
   folders (the sdist's, pydicom-data's, and one holding the sdist's charset_files/
   and palettes/) are given to ``typeddcm.compat.data`` by its documented
   ``TYPEDDCM_TESTDATA_PATH``.
4. The figure: tests passing on the shim among those passing on pydicom, overall and
   per test module.  Every other test gets a cause key from its failure message
   (bench/suite_common.py), and bench/pydicom_suite_classes.py classes each group
   as a documented difference from the 1.x reference or a gap.

Writes bench/pydicom_suite_results.md (figures; the library-suite section that
bench/library_suites.py writes is kept) and docs/pydicom3_differences.md (the
classification table); ``--no-write`` prints only, and so does a run of a subset
of the suite (``python bench/pydicom_suite.py --reuse-baseline tests/test_tag.py``:
handy while working on one module).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pydicom_suite_classes import classify
from suite_common import (
    REPO,
    Comparison,
    Run,
    compare,
    fetch_sdist,
    make_plugin_dir,
    make_shim_dir,
    outcome_counts,
    parse_junit,
    percent,
    run_pytest,
)

VERSION = "3.0.2"
EXTERNAL_DATA = "pydicom-data==1.0.0"
RESULTS = REPO / "bench" / "pydicom_suite_results.md"
DIFFERENCES = REPO / "docs" / "pydicom3_differences.md"
LIBRARY_BEGIN, LIBRARY_END = "<!-- library-suites -->", "<!-- /library-suites -->"


def install_external_data(cache: Path) -> Path:
    """pydicom-data in its own --target folder under the cache (not in the venv)."""
    target = cache / "extdata"
    if not (target / "data_store").is_dir():
        subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target),
                        EXTERNAL_DATA], check=True, stdout=subprocess.DEVNULL)
    return target


def _data_parent(cache: Path, sdist: Path) -> Path:
    """A folder whose charset_files/ and palettes/ are the sdist's: compat.data looks for
    those in subfolders of its search folders, where pydicom keeps them beside test_files/."""
    folder = cache / "data-parent"
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("charset_files", "palettes"):
        link = folder / name
        if not link.exists():
            link.symlink_to(sdist / "src" / "pydicom" / "data" / name, target_is_directory=True)
    return folder


def _baseline(args: argparse.Namespace, cache: Path, run: _Runner) -> Run:
    xml, seconds_file = cache / "runs" / "base.xml", cache / "runs" / "base.json"
    if args.reuse_baseline and xml.exists() and seconds_file.exists():
        return parse_junit(xml, json.loads(seconds_file.read_text())["seconds"])
    result = run("base", shimmed=False)
    if args.targets == ["tests"]:
        seconds_file.write_text(json.dumps({"seconds": result.seconds}))
    return result


class _Runner:
    """Runs the sdist's tests with or without the shim."""

    def __init__(self, sdist: Path, cache: Path, pythonpath: list[Path], shim: Path,
                 data: list[Path], targets: list[str]) -> None:
        self.sdist, self.cache, self.pythonpath, self.shim = sdist, cache, pythonpath, shim
        self.data, self.targets = data, targets

    def __call__(self, label: str, *, shimmed: bool) -> Run:
        runs = self.cache / "runs"
        runs.mkdir(parents=True, exist_ok=True)
        path = ([self.shim] if shimmed else []) + self.pythonpath
        env = {"SUITE_OFFLINE": "1"}
        if shimmed:
            # compat.data's documented search path (pydicom's own run finds its files itself).
            env["TYPEDDCM_TESTDATA_PATH"] = os.pathsep.join(str(d) for d in self.data)
        print(f"running pydicom {VERSION}'s tests ({label}) ...", flush=True)
        # Only a whole-suite baseline is kept under a fixed name (for --reuse-baseline); other
        # runs' files are per process, as several people may share one cache folder.
        whole_base = label == "base" and self.targets == ["tests"]
        name = label if whole_base else f"{label}-{os.getpid()}"
        return run_pytest(sys.executable, self.targets, self.sdist, path,
                          runs / f"{name}.xml", runs / f"{name}.log", env)


def _module_table(comparison: Comparison) -> list[str]:
    lines = ["| test module | pass on pydicom 3.0.2 | also pass on compat | % |",
             "| --- | ---: | ---: | ---: |"]
    for module, (base, shim) in comparison.per_module.items():
        lines.append(f"| {module} | {base} | {shim} | {percent(shim, base)} |")
    base, shim = comparison.total
    lines.append(f"| **all** | **{base}** | **{shim}** | **{percent(shim, base)}** |")
    return lines


def _groups(comparison: Comparison) -> list[tuple[str, str, str, int, str, list[str]]]:
    """(group, class, note, count, example message, modules) per classified group, largest first."""
    merged: dict[str, tuple[str, str, list[str], list[str], str]] = {}
    for lost in comparison.lost:
        group, kind, note = classify(lost.key, lost.test_id, lost.message)
        entry = merged.setdefault(group, (kind, note, [], [], lost.message))
        entry[2].append(lost.test_id)
        if lost.module not in entry[3]:
            entry[3].append(lost.module)
    rows = [(g, e[0], e[1], len(e[2]), e[4], e[3]) for g, e in merged.items()]
    return sorted(rows, key=lambda r: (-r[3], r[0]))


def _cell(text: str, limit: int = 160) -> str:
    # File paths in messages ("(/work/...py)") differ per machine and say nothing of the cause.
    text = re.sub(r" \(/[^)]*\)", "", " ".join(text.split())).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _header(base: Run, shim: Run, comparison: Comparison) -> list[str]:
    b, s = outcome_counts(base), outcome_counts(shim)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return [
        f"Run {when} on Python {platform.python_version()} ({platform.machine()}), by "
        "`python bench/pydicom_suite.py`: the pydicom 3.0.2 sdist's `tests/` with pytest, once "
        "on the installed pydicom 3.0.2 and once with `import pydicom` served by "
        "`typeddcm.compat` (bench/pydicom_shim.py). pydicom-data 1.0.0 is on the path of both "
        "runs; files pydicom would download are absent on both sides (no file host here).",
        "",
        "| run | passed | failed | errors | skipped | module collection errors | wall time |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| pydicom 3.0.2 | {b['passed']} | {b['failed']} | {b['error']} | {b['skipped']} | "
        f"{len(base.collection_errors)} | {base.seconds:.0f} s |",
        f"| typeddcm.compat (shim) | {s['passed']} | {s['failed']} | {s['error']} | {s['skipped']} | "
        f"{len(shim.collection_errors)} | {shim.seconds:.0f} s |",
        "",
        "pytest's own time summed over the tests that pass on both sides: "
        f"{comparison.both_seconds[0]:.1f} s on pydicom, {comparison.both_seconds[1]:.1f} s on "
        "compat (wall times differ mostly by the tests that ran).",
    ]


def write_results(base: Run, shim: Run, comparison: Comparison) -> None:
    """bench/pydicom_suite_results.md, keeping the library-suite section."""
    total_base, total_shim = comparison.total
    library = (f"{LIBRARY_BEGIN}\n## Libraries built on pydicom 3\n\n"
               f"Not run yet: `python bench/library_suites.py` writes this section.\n{LIBRARY_END}")
    if RESULTS.exists():
        old = RESULTS.read_text()
        if LIBRARY_BEGIN in old and LIBRARY_END in old:
            library = old[old.index(LIBRARY_BEGIN): old.index(LIBRARY_END) + len(LIBRARY_END)]
    blocked = sum(1 for lost in comparison.lost if lost.module in shim.collection_errors)
    ran = total_base - blocked
    lines = ["# pydicom 3.0.2's own tests on typeddcm.compat", "",
             f"**{total_shim} of {total_base} tests that pass on pydicom 3.0.2 pass on "
             f"typeddcm.compat: {percent(total_shim, total_base)}.**", "",
             f"{blocked} of the others are in the {len(shim.collection_errors)} test files that "
             "fail to import on compat (each for one missing name, often a private one: see "
             f"below); in the test files that import, {total_shim} of {ran} pass "
             f"({percent(total_shim, ran)}).", "",
             *_header(base, shim, comparison), "", "## Per test module", "", *_module_table(comparison), "",
             "## Largest causes of the rest", "",
             "Classified in docs/pydicom3_differences.md (every group).", "",
             "| cause | tests | class |", "| --- | ---: | --- |"]
    for group, kind, _note, count, _example, _modules in _groups(comparison)[:25]:
        lines.append(f"| {_cell(group)} | {count} | {kind} |")
    lines += ["", library, ""]
    RESULTS.write_text("\n".join(lines))


def write_differences(comparison: Comparison) -> None:
    """docs/pydicom3_differences.md: every group of lost tests, classed."""
    total_base, total_shim = comparison.total
    groups = _groups(comparison)
    differences = sum(r[3] for r in groups if r[1] == "difference")
    gaps = sum(r[3] for r in groups if r[1] != "difference")
    lines = [
        "# pydicom 3.0.2's tests that fail on typeddcm.compat, by cause",
        "",
        "Generated by `python bench/pydicom_suite.py` (bench/pydicom_suite_classes.py holds the "
        "classification rules). Of the tests that pass on pydicom 3.0.2, "
        f"{total_shim} of {total_base} ({percent(total_shim, total_base)}) pass on typeddcm.compat; "
        f"of the other {total_base - total_shim}, {differences} are documented differences from "
        f"the reference (pydicom 1.x's API, and the standard) and {gaps} are gaps.",
        "",
        "- **difference**: compat keeps the 1.x reference or PS3.x where pydicom 3 does otherwise; "
        "the note cites the bullet of docs/architecture.md (\"Where we differ from pydicom 3, on "
        "purpose\") or says why.",
        "- **gap**: something pydicom 3 provides that compat does not (yet): the note says what.",
        "- A group's key is the failure's root cause: the missing module or name from the "
        "ImportError/AttributeError, or else the exception type and test class. A test file that "
        "fails to import loses all its tests to that one cause.",
        "",
        "| cause | tests | class | note | test files | example failure |",
        "| --- | ---: | --- | --- | --- | --- |",
    ]
    for group, kind, note, count, example, modules in groups:
        files = ", ".join(m.removeprefix("tests/") for m in modules[:4])
        if len(modules) > 4:
            files += f" (+{len(modules) - 4})"
        lines.append(f"| {_cell(group)} | {count} | {kind} | {_cell(note, 300)} | {files} | "
                     f"{_cell(example)} |")
    lines.append("")
    DIFFERENCES.write_text("\n".join(lines))


def main(argv: list[str] | None = None) -> int:
    """Downloads, runs both sides, compares, writes the tables; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cache", default="/tmp/pydicom-suite", help="download/work folder")
    parser.add_argument("--reuse-baseline", action="store_true",
                        help="read the last pydicom run back instead of running it again")
    parser.add_argument("--reuse-shim", metavar="XML",
                        help="read a finished shim run's JUnit report instead of running it")
    parser.add_argument("--no-external-data", action="store_true", help="leave pydicom-data out")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("targets", nargs="*", default=["tests"],
                        help="test paths inside the sdist (default: tests)")
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    sdist = fetch_sdist("pydicom", VERSION, cache / "sdist")
    pythonpath = [make_plugin_dir(cache)]
    data = [sdist / "src" / "pydicom" / "data" / "test_files"]
    if not args.no_external_data:
        external = install_external_data(cache)
        pythonpath.append(external)
        data.append(external / "data_store" / "data")
    data.append(_data_parent(cache, sdist))
    runner = _Runner(sdist, cache, pythonpath, make_shim_dir(cache), data, args.targets)
    base = _baseline(args, cache, runner)
    if args.reuse_shim:
        # Re-class a finished run (after the rules changed) without running it again; its wall
        # time is pytest's own total from the report.
        root = ET.parse(args.reuse_shim).getroot()
        suite = root if root.tag == "testsuite" else root.find("testsuite")
        shim = parse_junit(Path(args.reuse_shim),
                           float(suite.get("time", "0")) if suite is not None else 0.0)
    else:
        shim = runner("shim", shimmed=True)
    if args.targets != ["tests"]:
        # Compare only the tests of the files that ran (the baseline may hold the whole suite).
        wanted = tuple(t.split("::")[0] for t in args.targets)
        base = Run({k: r for k, r in base.results.items() if r.module.startswith(wanted)},
                   base.collection_errors, base.seconds)
    comparison = compare(base, shim)
    total_base, total_shim = comparison.total
    blocked = sum(1 for lost in comparison.lost if lost.module in shim.collection_errors)
    print(f"{total_shim} of {total_base} tests passing on pydicom {VERSION} pass on "
          f"typeddcm.compat: {percent(total_shim, total_base)}; in test files that import: "
          f"{total_shim} of {total_base - blocked} ({percent(total_shim, total_base - blocked)})")
    for line in _module_table(comparison):
        print(line)
    for group, kind, _note, count, _example, _modules in _groups(comparison)[:25]:
        print(f"{count:6d}  {kind:<10}  {group}")
    if args.targets != ["tests"]:
        print("a subset of the suite ran: the committed tables are left as they are")
    elif not args.no_write:
        write_results(base, shim, comparison)
        write_differences(comparison)
        print(f"wrote {RESULTS.relative_to(REPO)} and {DIFFERENCES.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

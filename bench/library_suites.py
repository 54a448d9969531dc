"""Real libraries built on pydicom 3: their own test suites on pydicom and on typeddcm.compat.

Run by hand (not CI: it downloads): ``python bench/library_suites.py``.

For each library: its sdist (which ships its tests) is downloaded from the package
registry into a cache outside the repository (``--cache``, default
/tmp/library-suites), the library itself and its run-time dependencies are
installed from the registry into a throwaway venv under the cache that also sees
this interpreter's site-packages (so pydicom 3.0.2, numpy and the editable
typeddcm are the ones in use here; nothing is installed into this venv), and
its tests run twice in pytest subprocesses: on pydicom, then with ``import
pydicom`` served by ``typeddcm.compat`` (bench/pydicom_shim.py).  Reported: the
tests passing on pydicom, how many of those pass on the shim, the wall time of
each run, and the largest causes of the rest.

The libraries (chosen for depending on pydicom 3 and shipping tests in their sdist):
- highdicom 0.28.2: SR, segmentation, presentation states, annotations (pydicom.sr
  codes, valuerep, Dataset building).  The sdist lacks the repository's data/
  folder and tests/utils.py, so the tests that need them fail on both sides.
- pynetdicom 3.0.4: DICOM networking, pure Python.  Its whole suite takes over an
  hour here (thousands of associations with time-outs), so the modules run are the
  ones that encode and decode datasets, PDUs and DIMSE messages, check values and
  statuses, plus ACSE, DUL, events, timers and verification over loopback
  sockets: about 1,200 tests in about two minutes.
- dicognito 0.19.0: de-identification (walks and rewrites whole datasets: UIDs, names,
  dates, private tags) over its own test files.
- dicomweb-client 0.61.2: DICOMweb (QIDO/WADO/STOW) with DICOM JSON and multipart
  bodies, its HTTP server faked by pytest-localserver.

Looked at and left out: dicompyler-core 0.5.6 (its tests fail on pydicom 3.0.2 itself:
``pydicom.dicomio.read_file`` is gone), dicom-validator 0.9.0 (its sdist lacks the
DICOM-standard fixtures its tests read), deid 0.4.13 (its sdist ships no tests),
dicomstack 2.0.0 (its sdist lacks the test files: 27 tests pass on pydicom).

Writes its section of bench/pydicom_suite_results.md (between the markers that
bench/pydicom_suite.py keeps); ``--no-write`` prints only.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from suite_common import (
    Comparison,
    Run,
    compare,
    fetch_sdist,
    make_plugin_dir,
    make_shim_dir,
    outcome_counts,
    percent,
    run_pytest,
)

RESULTS = Path(__file__).resolve().parent / "pydicom_suite_results.md"

#: Causes of tests lost on compat that are differences on purpose: (cause key prefix, why).
EXPLAINED = (
    ("AssertionError in test_dsutils::TestEncode",
     "pynetdicom expects encode() to fail for PerimeterValue ('US or SS') without Pixel "
     "Representation: pydicom's writer fails there, compat writes US (PS3.5 allows it)"),
    ("InvalidValueError: invalid OB value",
     "a function or a list of bytes set as an OB value: compat refuses it when set, pydicom "
     "keeps it and fails when writing"),
    ("no warning in test_anonymize_single_instance",
     "an invalid DA/TM set on an element read from a file: pydicom 3 warns by default (its "
     "reading mode WARN); compat's default is the 1.x reference's IGNORE"),
)
BEGIN, END = "<!-- library-suites -->", "<!-- /library-suites -->"


@dataclass(frozen=True)
class Library:
    """A library under test: registry name and version, its test paths, what it installs."""

    name: str
    version: str
    tests: tuple[str, ...]
    install: tuple[str, ...]
    timeout_per_test: int = 120


LIBRARIES = (
    Library("highdicom", "0.28.2", ("tests",), ("highdicom==0.28.2",)),
    Library("pynetdicom", "3.0.4", tuple(f"pynetdicom/tests/test_{name}.py" for name in (
        "dimse_c", "dimse_msg", "dimse_n", "dsutils", "pdu", "pdu_items", "presentation",
        "primitives", "sop", "status", "utils", "validators", "events", "timer", "dul", "acse",
        "service_verification")), ("pynetdicom==3.0.4",), 60),
    Library("dicognito", "0.19.0", ("tests",), ("dicognito==0.19.0",)),
    Library("dicomweb-client", "0.61.2", ("tests",),
            ("dicomweb-client==0.61.2", "pytest-localserver")),
)


def make_venv(cache: Path, requirements: list[str]) -> str:
    """A venv under the cache that sees this interpreter's site-packages; returns its python."""
    venv = cache / "venv"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        purelib = Path(subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True).stdout.strip())
        # addsitedir (not a bare path line) so this venv's own .pth files (the editable
        # typeddcm) are processed too; "zz_" sorts it after the throwaway venv's own.
        here = sysconfig.get_paths()["purelib"]
        (purelib / "zz_parent_site.pth").write_text(f"import site; site.addsitedir({here!r})\n")
    subprocess.run([str(python), "-m", "pip", "install", "-q", *requirements], check=True)
    return str(python)


@dataclass(frozen=True)
class Outcome:
    """One library's two runs and their comparison."""

    library: Library
    base: Run
    shim: Run
    comparison: Comparison


def run_library(library: Library, python: str, cache: Path, plugin: Path, shim: Path,
                pydicom_data: Path) -> Outcome:
    """Both runs of one library's tests, compared."""
    folder = fetch_sdist(library.name, library.version, cache / "sdist")
    runs = cache / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    env = {"SUITE_OFFLINE": "1", "SUITE_TEST_TIMEOUT": str(library.timeout_per_test)}
    results = {}
    for label, path in (("base", [plugin]), ("shim", [shim, plugin])):
        print(f"running {library.name} {library.version}'s tests ({label}) ...", flush=True)
        if label == "shim":
            # pydicom's bundled test files, by compat.data's documented search path.
            env["TYPEDDCM_TESTDATA_PATH"] = str(pydicom_data)
        results[label] = run_pytest(python, list(library.tests), folder, path,
                                    runs / f"{library.name}-{label}.xml",
                                    runs / f"{library.name}-{label}.log", env)
    return Outcome(library, results["base"], results["shim"],
                   compare(results["base"], results["shim"]))


def _pydicom_test_files(python: str) -> Path:
    out = subprocess.run([python, "-c", "import pydicom, pathlib; "
                          "print(pathlib.Path(pydicom.__file__).parent / 'data' / 'test_files')"],
                         check=True, capture_output=True, text=True).stdout.strip()
    return Path(out)


def section(outcomes: list[Outcome]) -> str:
    """The markdown section for bench/pydicom_suite_results.md."""
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    lines = [BEGIN, "## Libraries built on pydicom 3", "",
             f"Run {when} by `python bench/library_suites.py`: each library's own tests from its "
             "sdist, unmodified, on pydicom 3.0.2 and with `import pydicom` served by "
             "`typeddcm.compat`. Wall times are whole pytest runs (other work shares this "
             "2-core machine, and a run that loses test files runs fewer tests); the steadier "
             "speed figure is pytest's own time summed over the tests that pass on both sides.",
             "Left out (see bench/library_suites.py): dicompyler-core (fails on pydicom 3 itself), "
             "dicom-validator and dicomstack (their sdists lack their test data), deid (no tests "
             "in its sdist).", "",
             "| library | tests run | pass on pydicom 3.0.2 | also pass on compat | % "
             "| wall time pydicom / compat | tests passing on both: pydicom / compat |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for o in outcomes:
        base, shim = o.comparison.total
        t_base, t_shim = o.comparison.both_seconds
        lines.append(f"| {o.library.name} {o.library.version} | {len(o.base.results)} | {base} | "
                     f"{shim} | {percent(shim, base)} | {o.base.seconds:.1f} s / "
                     f"{o.shim.seconds:.1f} s | {t_base:.1f} s / {t_shim:.1f} s |")
    for o in outcomes:
        lines += ["", f"{o.library.name}: largest causes of tests lost on compat", "",
                  "| cause | tests | why | example |", "| --- | ---: | --- | --- |"]
        for key, lost in list(o.comparison.by_key().items())[:12]:
            example = " ".join(lost[0].message.split()).replace("|", "\\|")[:150]
            why = next((text for start, text in EXPLAINED if key.startswith(start)), "not yet explained")
            lines.append(f"| {key.replace('|', chr(92) + '|')} | {len(lost)} | {why} | {example} |")
    lines.append(END)
    return "\n".join(lines)


def write_section(text: str) -> None:
    """Replaces (or appends) the library section of bench/pydicom_suite_results.md."""
    old = RESULTS.read_text() if RESULTS.exists() else "# pydicom 3.0.2's own tests on typeddcm.compat\n"
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END):]
    else:
        new = old.rstrip("\n") + "\n\n" + text + "\n"
    RESULTS.write_text(new)


def main(argv: list[str] | None = None) -> int:
    """Installs, runs both sides per library, prints and writes the figures; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cache", default="/tmp/library-suites", help="download/work folder")
    parser.add_argument("--no-write", action="store_true", help="print only")
    parser.add_argument("libraries", nargs="*", help="names to run (default: all)")
    args = parser.parse_args(argv)
    cache = Path(args.cache)
    chosen = [lib for lib in LIBRARIES if not args.libraries or lib.name in args.libraries]
    python = make_venv(cache, [req for lib in chosen for req in lib.install])
    plugin, shim = make_plugin_dir(cache), make_shim_dir(cache)
    data = _pydicom_test_files(python)
    outcomes = [run_library(lib, python, cache, plugin, shim, data) for lib in chosen]
    for o in outcomes:
        base, shim_passed = o.comparison.total
        b, s = outcome_counts(o.base), outcome_counts(o.shim)
        t_base, t_shim = o.comparison.both_seconds
        print(f"{o.library.name} {o.library.version}: {shim_passed} of {base} "
              f"({percent(shim_passed, base)}); pydicom {dict(b)} in {o.base.seconds:.1f} s, "
              f"compat {dict(s)} in {o.shim.seconds:.1f} s; tests passing on both: "
              f"{t_base:.1f} s on pydicom, {t_shim:.1f} s on compat")
        for key, lost in list(o.comparison.by_key().items())[:8]:
            print(f"  {len(lost):5d}  {key}")
    if not args.no_write:
        write_section(section(outcomes))
        print(f"wrote the library section of {RESULTS.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

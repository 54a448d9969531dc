"""Benchmark: ``import typeddcm`` time, and the per-element costs a lighter import must not raise.

Run by hand (not a test): ``python bench/bench_import.py [rounds]``.  Prints, for the
build that runs (compiled or pure, see ``typeddcm.compiled``):

* the wall time of ``python -c "import typeddcm"`` minus ``python -c "pass"``, best of
  ``rounds`` fresh processes each, bytecode cached (the script compiles the package first
  and runs the children without ``PYTHONDONTWRITEBYTECODE``), with ``import pydicom`` in
  the same run for the ratio;
* the largest entries of ``-X importtime`` (best of the rounds per module, cumulative);
* the dictionary look-ups the reader does per element (``dictionary_vr``, and
  ``keyword_for_tag`` for a dump), ns per call over a CT header's tags;
* the parse of the 258-element CT (tests/ct_header.py), explicit and implicit VR,
  and parse + every value, in microseconds.
"""

from __future__ import annotations

import compileall
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import typeddcm
from tests.ct_header import ct_dataset
from typeddcm import dictionary
from typeddcm.codec import encode_file

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_codec import best as best_call
from bench_dictionary import best_ns, vr_loop

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 7


def _child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(ROOT)
    return env


def wall_ms(code: str, rounds: int) -> float:
    """Best wall time, in ms, of a fresh interpreter running ``code``."""
    env = _child_env()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)  # writes bytecode
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - start)
    return best * 1e3


def importtime_top(rounds: int, count: int = 15) -> list[tuple[str, int, int]]:
    """(module, self us, cumulative us), the best of ``rounds`` runs per module."""
    selfs: dict[str, int] = {}
    cumulative: dict[str, int] = {}
    for _ in range(rounds):
        err = subprocess.run([sys.executable, "-X", "importtime", "-c", "import typeddcm"],
                             check=True, env=_child_env(), capture_output=True, text=True).stderr
        for line in err.splitlines():
            if not line.startswith("import time:") or "self [us]" in line:
                continue
            own, total, name = line.removeprefix("import time:").split("|")
            module = name.strip()
            selfs[module] = min(selfs.get(module, 1 << 62), int(own))
            cumulative[module] = min(cumulative.get(module, 1 << 62), int(total))
    top = sorted(cumulative, key=lambda m: -cumulative[m])[:count]
    return [(m, selfs[m], cumulative[m]) for m in top]


def every_value(raw: bytes) -> None:
    for _path, element in typeddcm.read(raw).dataset.walk():
        element.vr  # noqa: B018 - decode the value


def keyword_loop(tags: list[int]) -> None:
    keyword_for_tag = dictionary.keyword_for_tag
    for tag in tags:
        keyword_for_tag(tag)


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    compileall.compile_dir(ROOT / "typeddcm", quiet=1)
    build = "compiled" if typeddcm.compiled else "pure"
    print(f"Python {sys.version.split()[0]}, {build} build; best of {rounds} processes")
    empty = wall_ms("pass", rounds)
    ours = wall_ms("import typeddcm", rounds) - empty
    try:
        theirs = wall_ms("import pydicom", rounds) - empty
    except subprocess.CalledProcessError:
        theirs = float("nan")
    print(f"import typeddcm {ours:6.1f} ms   import pydicom {theirs:6.1f} ms   "
          f"(python -c pass {empty:.1f} ms)")
    print("-X importtime, cumulative / self ms:")
    for module, own, total in importtime_top(rounds):
        print(f"  {total / 1e3:7.1f} {own / 1e3:7.1f}  {module}")

    tags = [int(e.tag) for e in ct_dataset(pixels=False).elements()]
    standard = [t for t in tags if not (t >> 16) & 1]
    print(f"dictionary_vr, CT standard tags   {best_ns(vr_loop, standard):6.1f} ns")
    print(f"dictionary_vr, CT all tags        {best_ns(vr_loop, tags):6.1f} ns")
    print(f"keyword_for_tag, CT all tags      {best_ns(keyword_loop, tags):6.1f} ns")
    explicit = encode_file(typeddcm.DicomFile.new(ct_dataset(), transfer_syntax="1.2.840.10008.1.2.1"))
    implicit = encode_file(typeddcm.DicomFile.new(ct_dataset(), transfer_syntax="1.2.840.10008.1.2"))
    print(f"CT parse, explicit VR             {best_call(lambda: typeddcm.read(explicit), REPEAT) * 1e6:7.1f} us")
    print(f"CT parse, implicit VR             {best_call(lambda: typeddcm.read(implicit), REPEAT) * 1e6:7.1f} us")
    print(f"CT parse + every value, implicit  {best_call(lambda: every_value(implicit), REPEAT) * 1e6:7.1f} us")


if __name__ == "__main__":
    main()

"""Benchmark: the mypyc-compiled build against the pure Python one and pydicom, in one run.

Run by hand (not a test): ``python bench/bench_compiled.py`` from a tree where the
compiled modules (``*.so`` next to their ``.py``) are built.  The pure tree is a copy
of ``typeddcm/`` without the extension modules; each build runs in its own process
(a module is either compiled or not within one interpreter), both over the same
bytes, and pydicom is timed in both processes.  Files: pydicom's wheel files and
issue 14's real-shaped set (:func:`shapes.realworld_files`: the 258-element CT of
``tests/ct_header.py``, an enhanced MR of 1,000 frames, an RT Structure Set of 100 ROIs
and 50,000 points, an SR tree 8 levels deep, a deep RT plan).  Ratios are medians of
per-file ratios (pydicom time / typeddcm time, and pure time / compiled time).

Then, apart: the header of a 12,000-frame segmentation (pydicom reads it once: it
takes seconds), and the peak resident memory of a process holding 1,000 parsed
headers (the CT, without pixel data, from 1,000 files), ours in each build and
pydicom's.  ``--quick`` runs one round.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OPS = ("parse", "parse + every value", "header only")
SETS = ("wheel", "realworld")
ROUNDS = 3
HEADERS = 1000


def _corpus(folder: Path) -> None:
    sys.path[:0] = [str(ROOT), str(HERE)]
    from bench_codec import files
    from shapes import realworld_files, segmentation

    from tests.ct_header import ct_header_bytes

    sets = {"wheel": files(), "realworld": realworld_files(),
            "seg": [("segmentation_12000_frames", segmentation(frames=12_000))]}
    for label, pairs in sets.items():
        (folder / label).mkdir()
        for name, raw in pairs:
            (folder / label / name).write_bytes(raw)
    headers = folder / "headers"
    headers.mkdir()
    ct = ct_header_bytes(pixels=False)
    for number in range(HEADERS):
        (headers / f"{number:04d}.dcm").write_bytes(ct)


def _memory(folder: Path, library: str) -> None:
    """Print the peak RSS growth (kB) of reading and holding every header in ``folder``."""
    import resource
    import warnings

    warnings.simplefilter("ignore")
    paths = sorted(folder.iterdir())
    if library == "pydicom":
        import pydicom

        def read(path: Path) -> object:
            return pydicom.dcmread(path, stop_before_pixels=True)
    else:
        import typeddcm

        def read(path: Path) -> object:
            return typeddcm.read(path, stop_before_pixels=True)
    read(paths[0])  # imports and first-use tables are not the headers' memory
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    held = [read(path) for path in paths]
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"kb": after - before, "held": len(held)}))


def _worker(folder: Path) -> None:
    """Time every operation on every file; print JSON {set: {op: [[ours, pydicom], ...]}}."""
    import io
    import warnings

    import pydicom

    import typeddcm
    from typeddcm.codec import reader

    sys.path.insert(0, str(HERE))
    from bench_codec import best, touch_ours, touch_theirs

    warnings.simplefilter("ignore")
    ops: dict[str, tuple[Callable[[bytes], object], Callable[[bytes], object]]] = {
        "parse": (typeddcm.read, lambda b: pydicom.dcmread(io.BytesIO(b))),
        "parse + every value": (lambda b: touch_ours(typeddcm.read(b).dataset),
                                lambda b: touch_theirs(pydicom.dcmread(io.BytesIO(b)))),
        "header only": (lambda b: typeddcm.read(b, stop_before_pixels=True),
                        lambda b: pydicom.dcmread(io.BytesIO(b), stop_before_pixels=True)),
    }
    out: dict[str, Any] = {"reader": reader.__file__}
    seg = next((folder / "seg").iterdir())
    raw = seg.read_bytes()
    header = ops["header only"]
    out["seg"] = [best(partial(header[0], raw), repeat=3), best(partial(header[1], raw), repeat=1)]
    for label in SETS:
        per_op = {}
        for op, (ours, theirs) in ops.items():
            rows = []
            for path in sorted((folder / label).iterdir()):
                raw = path.read_bytes()
                rows.append([path.name, best(partial(ours, raw), repeat=3),
                             best(partial(theirs, raw), repeat=3)])
            per_op[op] = rows
        out[label] = per_op
    print(json.dumps(out))


def _import_time(tree: Path) -> float:
    """Best of 10 wall times of ``import typeddcm`` (bytecode cached), minus bare start-up."""
    def run(code: str) -> float:
        times = []
        for _ in range(10):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True, cwd=tree,
                           env={"PYTHONPATH": str(tree)})
            times.append(time.perf_counter() - start)
        return min(times)

    return run("import typeddcm") - run("pass")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench_compiled_"))
    try:
        _compare(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _compare(work: Path) -> None:
    corpus = work / "corpus"
    corpus.mkdir()
    subprocess.run([sys.executable, __file__, "--corpus", str(corpus)], check=True)
    pure = work / "pure"
    shutil.copytree(ROOT / "typeddcm", pure / "typeddcm",
                    ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    # The builds alternate, several rounds, and each file keeps its best time: other work
    # on the machine then weighs on both alike.
    results: dict[str, Any] = {}
    for _ in range(1 if "--quick" in sys.argv else ROUNDS):
        for name, tree in (("compiled", ROOT), ("pure", pure)):
            new = _run(tree, "--worker", str(corpus))
            old = results.setdefault(name, new)
            old["seg"] = [min(a, b) for a, b in zip(old["seg"], new["seg"], strict=True)]
            for label in SETS:
                for op in OPS:
                    for row_old, row_new in zip(old[label][op], new[label][op], strict=True):
                        row_old[1] = min(row_old[1], row_new[1])
                        row_old[2] = min(row_old[2], row_new[2])
    for name in results:
        print(f"{name}: reader from {results[name]['reader']}")
    comp: dict[str, Any] = results["compiled"]
    pure_r: dict[str, Any] = results["pure"]
    print(f"\n{'set':8} {'operation':22} {'compiled':>10} {'pure':>10} {'pydicom':>10}"
          f" {'pyd/comp':>9} {'pyd/pure':>9} {'pure/comp':>9}  (medians, ms; ratios: medians"
          " of per-file ratios)")
    for label in SETS:
        for op in OPS:
            c_rows, p_rows = comp[label][op], pure_r[label][op]
            c = [r[1] for r in c_rows]
            p = [r[1] for r in p_rows]
            # pydicom: the faster of its two runs per file (one per process)
            d = [min(a[2], b[2]) for a, b in zip(c_rows, p_rows, strict=True)]
            print(f"{label:8} {op:22} {statistics.median(c) * 1e3:10.3f} "
                  f"{statistics.median(p) * 1e3:10.3f} {statistics.median(d) * 1e3:10.3f} "
                  f"{statistics.median(y / x for x, y in zip(c, d, strict=True)):8.2f}x "
                  f"{statistics.median(y / x for x, y in zip(p, d, strict=True)):8.2f}x "
                  f"{statistics.median(y / x for x, y in zip(c, p, strict=True)):8.2f}x"
                  f"  ({len(c)} files)")
        if label == "realworld":
            for op in OPS:
                for cr, pr in zip(comp[label][op], pure_r[label][op], strict=True):
                    best_d: float = min(cr[2], pr[2])
                    print(f"    {op:22} {cr[0]:24} comp {cr[1] * 1e3:8.3f} pure {pr[1] * 1e3:8.3f}"
                          f" pyd {best_d * 1e3:8.3f} ms  pyd/comp {best_d / cr[1]:6.2f}x"
                          f" pyd/pure {best_d / pr[1]:6.2f}x")
    seg_pydicom = min(results[name]["seg"][1] for name in results)
    for name in results:
        ours = results[name]["seg"][0]
        print(f"12,000-frame segmentation header ({name}): {ours * 1e3:.0f} ms, pydicom "
              f"{seg_pydicom:.2f} s: {seg_pydicom / ours:.1f}x (target >= 8x)")
    headers = str(corpus / "headers")
    memory = {"pydicom": _run(ROOT, "--memory", headers, "pydicom")["kb"]}
    for name, tree in (("compiled", ROOT), ("pure", pure)):
        memory[name] = _run(tree, "--memory", headers, "typeddcm")["kb"]
    print(f"peak RSS growth holding {HEADERS:,} CT headers: " + ", ".join(
        f"{name} {kb / 1024:.0f} MB" for name, kb in memory.items())
        + " (target: ours no higher than pydicom's)")
    for name, tree in (("compiled", ROOT), ("pure", pure)):
        print(f"import typeddcm ({name}): {_import_time(tree) * 1e3:.0f} ms (target <= 150 ms)")


def _run(tree: Path, *args: str) -> Any:
    """This script's ``args`` mode in a process importing typeddcm from ``tree``; its JSON."""
    proc = subprocess.run([sys.executable, __file__, *args], check=False, capture_output=True,
                          text=True, cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin"})
    if proc.returncode:
        sys.exit(f"{args[0]} in {tree} failed:\n{proc.stderr}")
    return json.loads(proc.stdout)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        _worker(Path(sys.argv[2]))
    elif sys.argv[1:2] == ["--memory"]:
        _memory(Path(sys.argv[2]), sys.argv[3])
    elif sys.argv[1:2] == ["--corpus"]:
        _corpus(Path(sys.argv[2]))
    else:
        main()

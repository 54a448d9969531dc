"""mypy --strict over the package and the typing promises in tests/typing/.

``pass_*.py`` files must type-check cleanly (their ``assert_type`` lines are the
promises); in ``fail_*.py`` files every line marked ``# E: code`` must give that
error and no other line may give one.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
TYPING = ROOT / "tests" / "typing"
_MARK = re.compile(r"#\s*E:\s*([a-z\-]+)")
_ERROR = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): error: .*\[(?P<code>[a-z\-]+)\]$")


def run_mypy(*targets: Path, exclude: str | None = None) -> tuple[str, int]:
    options = ["--config-file", str(ROOT / "pyproject.toml"), "--show-error-codes",
               "--no-pretty", "--cache-dir", str(ROOT / ".mypy_cache")]
    if exclude:
        options += ["--exclude", exclude]
    stdout, stderr, status = mypy_api.run([*options, *(str(t) for t in targets)])
    return stdout + stderr, status


def test_package_and_tests_are_clean() -> None:
    """The package, its tools, benchmarks and tests (pass files included) type-check."""
    targets = [ROOT / "typeddcm", ROOT / "tests", ROOT / "tools", ROOT / "bench"]
    output, status = run_mypy(*[t for t in targets if t.exists()], exclude=r"fail_[^/]*\.py$")
    assert status == 0, output


@pytest.mark.parametrize("path", sorted(TYPING.glob("fail_*.py")), ids=lambda p: p.name)
def test_fail_files_fail_exactly_where_marked(path: Path) -> None:
    """Each marked line gives its error code; unmarked lines give none."""
    expected: dict[int, str] = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        mark = _MARK.search(line)
        if mark:
            expected[number] = mark.group(1)
    assert expected, f"{path.name} marks no lines"
    output, _ = run_mypy(path)
    found: dict[int, set[str]] = {}
    for line in output.splitlines():
        match = _ERROR.match(line.strip())
        if match and Path(match["file"]).name == path.name:
            found.setdefault(int(match["line"]), set()).add(match["code"])
    missing = {n: c for n, c in expected.items() if c not in found.get(n, set())}
    unexpected = {n: c for n, c in found.items() if n not in expected}
    assert not missing, f"expected errors not reported: {missing}\n{output}"
    assert not unexpected, f"errors on unmarked lines: {unexpected}\n{output}"

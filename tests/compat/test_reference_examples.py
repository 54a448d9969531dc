"""Every ``>>>`` example of the pydicom API reference we were given runs on typeddcm.compat.

The reference lives beside the project (``../shared/seed/pydicom-api-reference.txt``);
a user's clone has no ``../shared``, so the test skips there and runs in CI.  The
examples are read from it at test time, not copied here.  Only the reference's own
typos are fixed before running (each fix is listed in ``_FIXES``): the stray quote in
``'CITIZEN^Joan"``, an element shown with the name it had before it was changed,
``>>>`` used where a continuation line needs ``...``, and a loop whose body is only a
comment.  Expected output, where the reference shows some, must
match exactly; examples that print without showing output run and must not raise.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "pydicom-api-reference.txt"

# (wrong, right): the reference's typos, fixed before its examples run.
_FIXES = [
    ("'CITIZEN^Joan\"", "'CITIZEN^Joan'"),
    # The element is shown after PatientName became "CITIZEN^John" two examples earlier.
    ("PN: 'CITIZEN^Joan'", "PN: 'CITIZEN^John'"),
    (">>>             # Do something useful with each DataElement\n",
     "...             pass  # Do something useful with each DataElement\n\n"),
]
# ">>>" where "..." was meant: an indented line, or a clause that continues a statement.
_CONTINUATION = re.compile(r"^>>>(\s{2,}\S|\s*(?:else|elif|except|finally)\b)")


def _examples(text: str) -> list[tuple[str, str]]:
    """The reference's examples in order: (source, expected output) pairs."""
    for wrong, right in _FIXES:
        text = text.replace(wrong, right)
    examples: list[tuple[str, str]] = []
    source: list[str] = []
    expected: list[str] = []

    def flush() -> None:
        if source:
            examples.append(("\n".join(source), "\n".join(expected)))
        source.clear()
        expected.clear()

    for line in text.splitlines():
        if line.startswith("...") or (_CONTINUATION.match(line) and source and not expected):
            source.append(line[4:])
        elif line.startswith(">>>"):
            flush()
            source.append(line[4:])
        elif not line.strip():
            flush()
        elif source:
            expected.append(line)
    flush()
    return examples


def _namespace() -> dict[str, object]:
    import typeddcm.compat as pydicom
    from typeddcm.compat.dataelem import DataElement
    from typeddcm.compat.dataset import Dataset, FileDataset
    from typeddcm.compat.sequence import Sequence

    return {"pydicom": pydicom, "Dataset": Dataset, "DataElement": DataElement,
            "Sequence": Sequence, "FileDataset": FileDataset}


@pytest.fixture(scope="module")
def reference_text() -> str:
    if not REFERENCE.exists():
        pytest.skip(f"the pydicom API reference is not beside the project ({REFERENCE}); "
                    "CI has it, a user's clone does not")
    return REFERENCE.read_text(encoding="utf-8")


def test_the_reference_has_examples(reference_text: str) -> None:
    assert len(_examples(reference_text)) >= 30


def test_every_example_runs_as_shown(reference_text: str) -> None:
    """The examples share one namespace, in order, as the reference reads."""
    namespace = _namespace()
    for source, expected in _examples(reference_text):
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            try:
                code = compile(source + "\n", "<reference>", "single")
            except SyntaxError:
                code = compile(source + "\n", "<reference>", "exec")
            exec(code, namespace)
        if expected:
            assert output.getvalue().rstrip("\n") == expected, source

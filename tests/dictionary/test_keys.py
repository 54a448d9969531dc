"""The generated typed keys, ``typeddcm.keys``, agree with the dictionary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import typeddcm.keys
from typeddcm import keys
from typeddcm.dictionary import lookup, tag_for_keyword
from typeddcm.key import Key

PACKAGE_PARENT = Path(typeddcm.keys.__file__).parents[1]


def test_every_key_matches_its_entry() -> None:
    """Each key's tag resolves to an entry with the key's keyword and VR."""
    names = keys.__all__
    assert len(names) == len(set(names)) == 5345
    for name in names:
        key = getattr(keys, name)
        assert isinstance(key, Key)
        assert key.keyword == name
        entry = lookup(key.tag)
        assert entry is not None, name
        assert (entry.keyword, entry.vr) == (name, key.vr)
        assert tag_for_keyword(name) == key.tag


def test_examples() -> None:
    """A few keys, including an ambiguous VR and a repeating group."""
    assert (keys.PatientName.tag, keys.PatientName.vr) == (0x00100010, "PN")
    assert (keys.Rows.tag, keys.Rows.vr) == (0x00280010, "US")
    assert (keys.LUTData.tag, keys.LUTData.vr) == (0x00283006, "US or OW")
    assert (keys.OverlayData.tag, keys.OverlayData.vr) == (0x60003000, "OB or OW")


def test_no_key_for_items() -> None:
    """Items and delimiters have no VR and so no key."""
    for name in ("Item", "ItemDelimitationItem", "SequenceDelimitationItem"):
        assert not hasattr(keys, name)


def test_keys_import_time_is_reported(tmp_path: Path) -> None:
    """Print the import time of typeddcm.keys (bytecode cached); no timed assertion."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PACKAGE_PARENT), env.get("PYTHONPATH")]))
    probe = (
        "import time, typeddcm.key; t = time.perf_counter(); import typeddcm.keys; "
        "print((time.perf_counter() - t) * 1000)"
    )
    times = []
    for _ in range(4):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            cwd=tmp_path,
        )
        times.append(float(result.stdout.split()[-1]))
    warm = sorted(times[1:])
    print(f"\nimport typeddcm.keys (after typeddcm.key): median {warm[1]:.1f} ms of {warm}")
    assert warm[0] > 0

"""Build hook: the reading hot path compiled by mypyc where the build can, else pure Python.

Everything else about the package is in pyproject.toml.  When mypyc (it ships with
mypy) can be imported and ``TYPEDDCM_PURE`` is not set, the modules listed in
typeddcm/_compiled.py (HOT_PATH) become optional C extensions: if the C compiler is
missing or fails, setuptools skips them with a warning and the same modules install
as plain Python.  Editable installs stay pure unless ``TYPEDDCM_COMPILE=1``: an
extension next to its .py would hide every later edit of that file.
"""

from __future__ import annotations

import ast
import os
import sys
from pathlib import Path

from setuptools import Extension, setup

HERE = Path(__file__).resolve().parent


def _hot_path() -> list[str]:
    """HOT_PATH from typeddcm/_compiled.py, read as text (the package is not importable here)."""
    tree = ast.parse((HERE / "typeddcm" / "_compiled.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "HOT_PATH" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise SystemExit("typeddcm/_compiled.py has no HOT_PATH")


def _packbits() -> list[object]:
    """RLE's PackBits loops (typeddcm/pixels/_packbits.c): plain C, the buffer protocol only."""
    if os.environ.get("TYPEDDCM_PURE"):
        return []
    # optional: a missing or failing compiler skips it with a warning, and the install goes on.
    return [Extension("typeddcm.pixels._packbits", ["typeddcm/pixels/_packbits.c"], optional=True)]


def _mypyc() -> list[object]:
    if os.environ.get("TYPEDDCM_PURE"):
        return []
    editable = any(arg in ("develop", "editable_wheel") for arg in sys.argv)
    if editable and not os.environ.get("TYPEDDCM_COMPILE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # no mypyc here: the pure Python package
        return []
    # No group_name: with "typeddcm._hot" the shared library goes inside the package, but
    # the compiled package typeddcm.dictionary then gets a wrong __path__ (mypyc 2.4).
    try:
        extensions = mypycify(_hot_path(), opt_level="3", debug_level="0")
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error it cannot compile
        print(f"typeddcm: mypyc could not compile the hot path ({exc!r}); installing the "
              f"pure Python package", file=sys.stderr)
        return []
    for extension in extensions:
        extension.optional = True  # no (working) C compiler: skipped, the .py is installed
    return extensions


setup(ext_modules=_packbits() + _mypyc())

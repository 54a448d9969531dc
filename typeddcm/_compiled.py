"""Which build is running: the reading hot path compiled by mypyc, or plain Python.

Strategy: ``setup.py`` compiles the modules of :data:`HOT_PATH` with mypyc when
mypyc and a C compiler are present at build time (``TYPEDDCM_PURE=1`` opts out);
otherwise the very same modules run as plain Python.  A compiled module's functions
are built-in functions rather than Python functions, which is how the flag is told
(no import of anything optional, no file system look-up).

``TYPEDDCM_PURE=1`` in the environment when typeddcm is imported also runs a compiled
install as plain Python: the hot path modules are then loaded from their ``.py`` files,
which an install keeps beside the extensions.  That is how the test suite checks both
builds from one install, and how a user tells a compiled-code fault from ours.  This
module is the first that ``typeddcm/__init__.py`` imports, so the choice is made before
any hot path module is loaded.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

__all__ = ["HOT_PATH", "compiled"]

#: The modules compiled when the build can (setup.py reads this tuple as text).  Not io.py:
#: compiled functions check argument types first, with mypyc's own TypeError, and io's
#: public functions promise a message saying what to pass instead.
HOT_PATH = (
    "typeddcm/_persistent.py",
    "typeddcm/element.py",
    "typeddcm/codec/reader.py",
    "typeddcm/codec/_decode.py",
    "typeddcm/codec/_check.py",
    "typeddcm/codec/_level.py",
    "typeddcm/codec/values.py",
    "typeddcm/codec/part10.py",
    "typeddcm/codec/transfer_syntax.py",
    "typeddcm/codec/encaps.py",
    "typeddcm/codec/writer.py",
    "typeddcm/dicomfile.py",
    "typeddcm/dictionary/__init__.py",
)


def _module_name(path: str) -> str:
    dotted = path.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


class _SourceFinder(importlib.abc.MetaPathFinder):
    """Finds each hot path module's ``.py`` file, ahead of the compiled extension."""

    def __init__(self) -> None:
        root = Path(__file__).resolve().parent.parent
        self._files = {_module_name(path): root / path for path in HOT_PATH}

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        source = self._files.get(fullname)
        if source is None or not source.is_file():
            return None  # not ours, or an install without sources: the normal search
        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(fullname, source,
                                                      submodule_search_locations=package)


if os.environ.get("TYPEDDCM_PURE") and not any(isinstance(f, _SourceFinder)
                                                for f in sys.meta_path):
    sys.meta_path.insert(0, _SourceFinder())

from typeddcm._mypyc import is_compiled  # noqa: E402  (after the finder, on purpose)
from typeddcm.codec import reader  # noqa: E402

#: True when the reading hot path runs compiled (mypyc), False for plain Python.
compiled: bool = is_compiled(reader.read_level)

"""Which build is running: the reading hot path compiled by mypyc, or plain Python.

Strategy: ``setup.py`` compiles the modules of :data:`HOT_PATH` with mypyc when
mypyc and a C compiler are present at build time (``TYPEDDCM_PURE=1`` opts out);
otherwise the very same modules run as plain Python.  A compiled module's functions
are built-in functions rather than Python functions, which is how the flag is told
(no import of anything optional, no file system look-up).
"""

from __future__ import annotations

from types import FunctionType

from typeddcm.codec import reader

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

#: True when the reading hot path runs compiled (mypyc), False for plain Python.
compiled: bool = not isinstance(reader.read_level, FunctionType)

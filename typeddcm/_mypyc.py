"""mypyc's class options (``mypyc_attr``) without a run-time dependency on mypy_extensions.

mypyc reads the decorator when it compiles a module; a native class's decorator is
not called at run time.  In plain Python the decorator is called, and does nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["mypyc_attr"]

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr
else:

    def mypyc_attr(*attrs: Any, **kwattrs: Any) -> Any:
        return lambda target: target

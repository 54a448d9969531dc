"""mypyc's class options (``mypyc_attr``) without a run-time dependency on mypy_extensions,
and the one test of whether a module runs compiled (:func:`is_compiled`).

mypyc reads the decorator when it compiles a module; a native class's decorator is
not called at run time.  In plain Python the decorator is called, and does nothing.
"""

from __future__ import annotations

from types import FunctionType
from typing import TYPE_CHECKING, Any

__all__ = ["is_compiled", "mypyc_attr"]

if TYPE_CHECKING:
    from mypy_extensions import mypyc_attr
else:

    def mypyc_attr(*attrs: Any, **kwattrs: Any) -> Any:
        return lambda target: target


def is_compiled(function: object) -> bool:
    """Whether ``function``'s module runs compiled by mypyc: its functions are then
    built-in functions, not Python functions (each hot path module asks of its own)."""
    return not isinstance(function, FunctionType)

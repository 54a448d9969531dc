"""pydicom's ``env_info``: the versions of Python, this package and the optional
libraries, as a Markdown table (for bug reports).  Run it: ``python -m
typeddcm.compat.env_info``.

The rows are pydicom's (platform, Python, then its modules) with ``typeddcm`` (this
package, which is what ``pydicom`` is here) in place of ``pydicom``.
"""

from __future__ import annotations

import importlib
import platform
import sys
from types import ModuleType

__all__ = ["extract_version", "main", "print_table"]

_MODULES = ("typeddcm", "gdcm", "jpeg_ls", "numpy", "PIL", "pylibjpeg", "openjpeg", "libjpeg")


def main() -> None:
    """Print the table of versions (a module that cannot be imported says so)."""
    rows = [("platform", platform.platform()), ("Python", sys.version)]
    for name in _MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            version = "_module not found_"
        else:
            version = extract_version(module) or "**cannot determine version**"
        rows.append((name, version))
    print_table(rows)


def print_table(version_rows: list[tuple[str, str]]) -> None:
    """Print ``(module, version)`` rows as a Markdown table (one line per row)."""
    row = "{:12} | {}"
    print(row.format("module", "version"))
    print(row.format("------", "-------"))
    for module, version in version_rows:
        print(row.format(module, version.replace("\n", " ")))


def extract_version(module: ModuleType) -> str | None:
    """The version a module declares (``__version__``; GDCM's ``GDCM_VERSION``), or None."""
    if module.__name__ == "typeddcm":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("typeddcm")
        except PackageNotFoundError:
            return getattr(module, "__version__", None)
    name = "GDCM_VERSION" if module.__name__ == "gdcm" else "__version__"
    found = getattr(module, name, None)
    return found if isinstance(found, str) else None


if __name__ == "__main__":
    main()

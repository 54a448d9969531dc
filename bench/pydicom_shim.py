"""The import shim of the suite harnesses: ``import pydicom`` gives ``typeddcm.compat``.

Not imported by the harness itself: bench/suite_common.py copies this file as
``sitecustomize.py`` into a temporary folder put first on ``PYTHONPATH`` of the
pytest subprocess, so Python's ``site`` runs it at start-up, before any test or
conftest imports pydicom (and in every subprocess a test starts).

One generic rule, no per-test cases: ``pydicom`` and every ``pydicom.x.y`` are
the modules ``typeddcm.compat`` and ``typeddcm.compat.x.y`` themselves (the same
objects, so ``pydicom.config`` and ``typeddcm.compat.config`` share state).  A
name compat lacks is pydicom's usual ``ModuleNotFoundError: No module named
'pydicom.x'``, which the harness groups failures by.

The test files the tests name are found by ``typeddcm.compat.data`` in the folders
of ``TYPEDDCM_TESTDATA_PATH``, which the harness sets for the shim run.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

_ALIAS = "pydicom"
_TARGET = "typeddcm.compat"


def _real_name(alias: str) -> str:
    return _TARGET + alias[len(_ALIAS):]


class _AliasFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds ``pydicom[.x]`` as the compat module of the same dotted tail."""

    def find_spec(self, fullname: str, path: Sequence[str] | None = None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname != _ALIAS and not fullname.startswith(_ALIAS + "."):
            return None
        real = _real_name(fullname)
        try:
            real_spec = importlib.util.find_spec(real)
        except ModuleNotFoundError as exc:
            # Only the aliased module itself being absent means "no such pydicom module";
            # a missing third-party dependency inside compat is an error to show as it is.
            if exc.name is not None and (exc.name == real or real.startswith(exc.name + ".")):
                return None
            raise
        if real_spec is None:
            return None
        spec = importlib.machinery.ModuleSpec(
            fullname, self, origin=real_spec.origin,
            is_package=real_spec.submodule_search_locations is not None)
        spec.loader_state = real_spec
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        return importlib.import_module(_real_name(spec.name))

    def exec_module(self, module: ModuleType) -> None:
        # module_from_spec replaced the real module's __spec__ with the alias spec; put
        # the real one back so relative imports and reloads inside compat are unchanged.
        alias_spec = module.__spec__
        if alias_spec is not None and alias_spec.loader_state is not None:
            module.__spec__ = alias_spec.loader_state


sys.meta_path.insert(0, _AliasFinder())

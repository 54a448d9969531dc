"""pydicom's ``data.data_manager``: where its test-file functions live (the same
functions as :mod:`typeddcm.compat.data`; see there for the folders searched)."""

from __future__ import annotations

from . import (
    DATA_ROOT,
    external_data_sources,
    fetch_data_files,
    get_charset_files,
    get_palette_files,
    get_testdata_file,
    get_testdata_files,
)

__all__ = ["DATA_ROOT", "external_data_sources", "fetch_data_files", "get_charset_files",
           "get_palette_files", "get_testdata_file", "get_testdata_files"]

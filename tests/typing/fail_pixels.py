"""Lines that must fail under mypy --strict (each names its error code)."""

from __future__ import annotations

import typeddcm
from typeddcm.pixels import compress, pixel_array


def misuse(f: typeddcm.DicomFile) -> None:
    pixel_array(f, "0")  # E: arg-type
    pixel_array(b"DICM")  # E: arg-type
    compress(f)  # E: call-arg
    pixel_array(f).no_such_attribute  # E: attr-defined

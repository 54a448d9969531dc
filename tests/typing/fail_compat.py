"""Lines that mypy --strict must reject for the compat Dataset; each names its error code."""

from __future__ import annotations

import typeddcm.compat as pydicom

ds = pydicom.Dataset()
ds.Rows = "abc"  # E: assignment
ds.PatientName = 12  # E: assignment
ds.BeamSequence = ["not a dataset"]  # E: list-item
rows: str = ds.Rows  # E: assignment
ds.Rowz  # E: attr-defined
ds.PatientNmae = "Doe^Jane"  # E: attr-defined
ds.private_block("0041", "ACME")  # E: arg-type
ds.private_creators(0x0041).append(5)  # E: arg-type
creators: list[int] = ds.private_creators(0x0041)  # E: assignment
ds.OverlayData = b"\x00"  # E: misc
ds.PixelData = "text"  # E: assignment

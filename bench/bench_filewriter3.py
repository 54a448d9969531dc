"""Benchmark: pydicom 3's filewriter entry points, typeddcm.compat against pydicom.

Run by hand (not a test): ``python bench/bench_filewriter3.py``.  Best of several runs,
the two libraries alternating; the ratio is pydicom time / typeddcm time (above 1: we
are faster).

Rows: ``_determine_encoding``; ``correct_ambiguous_vr`` of a new dataset holding bytes
for US/SS elements (in a sequence item too); ``dcmwrite`` of that dataset in explicit VR
(which settles them first); ``dcmwrite`` of a new dataset with nothing to settle;
``write_text`` in a multi-set character set; ``save_as`` of a read file with retired
group lengths.
"""

from __future__ import annotations

import io
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from bench_io3 import row  # the script's own folder is on sys.path

import typeddcm.compat as tc
from typeddcm.compat import filewriter as ours

theirs: Any = pydicom.filewriter
_WHEEL = Path(pydicom.__file__).parent / "data" / "test_files"


def _ambiguous(module: Any) -> Any:
    ds = module.Dataset()
    ds.PatientName = "Doe^John"
    ds.PixelRepresentation = 1
    ds.BitsAllocated = 16
    ds.SmallestImagePixelValue = b"\x00\x01"
    ds.LargestImagePixelValue = b"\xff\x7f"
    ds.ModalityLUTSequence = [module.Dataset()]
    ds.ModalityLUTSequence[0].LUTDescriptor = b"\x00\x01\x00\x00\x10\x00"
    ds.ModalityLUTSequence[0].LUTData = b"\x00\x01" * 256
    ds.PixelData = b"\x00\x01" * 4096
    return ds


def _plain(module: Any) -> Any:
    ds = module.Dataset()
    ds.PatientName = "Doe^John"
    ds.PatientID = "12345"
    ds.StudyDate = "20240101"
    ds.Rows, ds.Columns = 64, 64
    ds.InstanceNumber = 3
    return ds


def main() -> None:
    ratios: list[float] = []
    mine_ds, their_ds = tc.Dataset(), pydicom.Dataset()
    mine_ds.set_original_encoding(False, True)
    their_ds.set_original_encoding(False, True)
    syntax_ours, syntax_theirs = tc.uid.UID("1.2.840.10008.1.2"), pydicom.uid.UID(
        "1.2.840.10008.1.2")
    ratios.append(row("_determine_encoding (transfer syntax given)",
                      lambda: ours._determine_encoding(mine_ds, syntax_ours, True, None, False),
                      lambda: theirs._determine_encoding(their_ds, syntax_theirs, True, None,
                                                         False)))
    ratios.append(row("_determine_encoding (from the dataset)",
                      lambda: ours._determine_encoding(mine_ds, None, None, None, False),
                      lambda: theirs._determine_encoding(their_ds, None, None, None, False)))
    ratios.append(row("correct_ambiguous_vr (new dataset, bytes for US/SS)",
                      lambda: ours.correct_ambiguous_vr(_ambiguous(tc), True),
                      lambda: theirs.correct_ambiguous_vr(_ambiguous(pydicom), True)))
    ratios.append(row("dcmwrite explicit VR (new dataset, bytes for US/SS)",
                      lambda: tc.dcmwrite(io.BytesIO(), _ambiguous(tc), implicit_vr=False),
                      lambda: pydicom.dcmwrite(io.BytesIO(), _ambiguous(pydicom),
                                               implicit_vr=False)))
    plain_ours, plain_theirs = _plain(tc), _plain(pydicom)
    ratios.append(row("dcmwrite implicit VR (new dataset, nothing to settle)",
                      lambda: tc.dcmwrite(io.BytesIO(), plain_ours, implicit_vr=True),
                      lambda: pydicom.dcmwrite(io.BytesIO(), plain_theirs, implicit_vr=True)))
    encodings = ["latin_1", "iso_ir_144", "iso_ir_126"]
    names = ["Buc^Jérôme", "Διονυσιος", "Люкceмбypг"]  # noqa: RUF001
    mine_elem, their_elem = tc.DataElement(0x00081039, "LO", names), pydicom.DataElement(
        0x00081039, "LO", names)

    def text(module: Any, elem: Any, fp_type: Any) -> Callable[[], None]:
        def run() -> None:
            fp = fp_type()
            fp.is_little_endian = True
            module.write_text(fp, elem, encodings)
        return run

    ratios.append(row("write_text (three values, three character sets)",
                      text(ours, mine_elem, tc.filebase.DicomBytesIO),
                      text(theirs, their_elem, pydicom.filebase.DicomBytesIO)))
    data = (_WHEEL / "ExplVR_BigEnd.dcm").read_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        read_ours, read_theirs = tc.dcmread(io.BytesIO(data)), pydicom.dcmread(io.BytesIO(data))
    ratios.append(row("save_as of a read file with retired group lengths",
                      lambda: read_ours.save_as(io.BytesIO()),
                      lambda: read_theirs.save_as(io.BytesIO())))
    ratios.sort()
    print(f"median ratio {ratios[len(ratios) // 2]:.2f}x over {len(ratios)} rows")


if __name__ == "__main__":
    main()

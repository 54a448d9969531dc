"""Benchmark: de-identification per file, typeddcm against a pydicom script doing the same
profile, and against the ``deid`` and ``dicognito`` packages, in one run.

Run by hand (not a test): ``python bench/bench_deid.py [--ct N] [--rounds R]``.  The
packages are optional (``pip install deid dicognito``: bench only, not dependencies of
typeddcm); a missing one is reported and left out.

Files: pydicom's wheel files that every tool here reads and processes without an error
(a file one tool refuses is left out for all), plus ``--ct`` generated CT files (the
250-element header of ``tests/ct_header.py`` with 512x512 pixels, each with its own
patient, study, series and instance UIDs).  Each tool does, per file, in one process:
read the path, de-identify, encode the result to bytes in memory (no disk write, the
same for all).  Reported: files per second, best of ``--rounds`` passes over all files
after one warm-up pass, the tools taking turns within each round.

- typeddcm: ``typeddcm.read`` -> :func:`typeddcm.deid.deidentify_file` (Basic Profile,
  no options) -> ``to_bytes()``, one :class:`UidMapper` for the run.
- pydicom script: our own script over pydicom's public API doing the same Basic Profile:
  the same action per tag (Table E.1-1 through :func:`typeddcm.deid.action_for`, looked
  up once into a dict, as a script would hard-code it), the same combined-code choices,
  the same dummies, HMAC UID mapping with a cache, private elements removed, overlays and
  curves removed, the same marks (Patient Identity Removed, method text and codes) and
  the file meta's Media Storage SOP Instance UID; ``dcmread`` then ``save_as`` to memory.
- deid (pydicom/deid): ``replace_identifiers`` with its default ``dicom`` recipe and
  ``remove_private=True``, then ``save_as`` to memory.  Its recipe is its own profile,
  not E.1-1: the comparison is speed on the same files, not the same rules.
- dicognito: ``Anonymizer(seed=key).anonymize(dataset)``, then ``save_as`` to memory.  It
  too has its own rules (it replaces names, IDs, dates with plausible fakes).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pydicom
from pydicom.dataset import Dataset as PydicomDataset
from pydicom.sequence import Sequence as PydicomSequence

import typeddcm
from tests.codec.pydicom_files import wheel_files
from tests.ct_header import ct_dataset
from typeddcm.deid import UidMapper, action_for, deidentify_file, method_codes
from typeddcm.io import make_folders, write_new_file

KEY = b"bench-key"
Tool = Callable[[Path], bytes]


# ----------------------------------------------------------------------------- files


def generated_ct(folder: Path, count: int) -> list[Path]:
    """``count`` CT files, each its own patient, study, series and instance."""
    make_folders(folder)
    base = ct_dataset(pixels=True)
    paths = []
    for n in range(count):
        uid = f"1.2.826.0.1.3680043.9.7777.{n}"
        ds = base.update(PatientName=f"Patient^{n:05d}", PatientID=f"PID{n:07d}",
                         StudyInstanceUID=f"{uid}.1", SeriesInstanceUID=f"{uid}.2",
                         SOPInstanceUID=f"{uid}.3", AccessionNumber=f"ACC{n:06d}")
        path = folder / f"ct{n:04d}.dcm"
        write_new_file(path, typeddcm.DicomFile.new(ds).to_bytes())
        paths.append(path)
    return paths


# ----------------------------------------------------------------------------- typeddcm


def typeddcm_tool() -> Tool:
    mapper = UidMapper(KEY)

    def run(path: Path) -> bytes:
        f = typeddcm.read(path, force=True)
        out, _ = deidentify_file(f, KEY, uids=mapper)
        return out.to_bytes()

    return run


# ----------------------------------------------------------------------------- pydicom


_DUMMY = "ANONYMIZED"
_TEXT_DUMMY = {"AS": "000Y", "DA": "19000101", "DT": "19000101000000", "TM": "000000",
               "DS": "0", "IS": "0", "UR": "urn:anonymized"}
_NUMBERS = {"US", "SS", "UL", "SL", "UV", "SV", "FL", "FD"}
_BULK = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}


class PydicomScript:
    """The Basic Profile as a script over pydicom's API would do it (see the module notes)."""

    def __init__(self) -> None:
        self.uids: dict[str, str] = {}
        self.actions: dict[int, str | None] = {}

    def action(self, tag: int) -> str | None:
        if tag not in self.actions:
            self.actions[tag] = action_for(tag)
        return self.actions[tag]

    def map_uid(self, uid: str) -> str:
        found = self.uids.get(uid)
        if found is None:
            if pydicom.uid.UID(uid).name != uid:  # registered by the standard: kept
                found = uid
            else:
                n = int.from_bytes(hmac.new(KEY, uid.encode(), hashlib.sha256).digest()[:16], "big")
                n = (n & ~(0xF << 76)) | (0x8 << 76)
                n = (n & ~(0x3 << 62)) | (0x2 << 62)
                found = f"2.25.{n}"
            self.uids[uid] = found
        return found

    def dummy(self, elem: Any) -> Any:
        vr = elem.VR
        if vr == "UI":
            values = elem.value if elem.VM > 1 else [elem.value]
            mapped = [self.map_uid(str(v)) for v in values if v]
            return mapped if len(mapped) > 1 else (mapped[0] if mapped else self.map_uid("2.25.0"))
        if vr in _BULK:
            return bytes(len(elem.value or b""))
        count = max(1, elem.VM)
        if vr in _NUMBERS:
            value: Any = 0
        elif vr == "AT":
            value = 0
        else:
            value = _TEXT_DUMMY.get(vr, _DUMMY)
        return [value] * count if count > 1 else value

    def clean(self, ds: PydicomDataset) -> None:
        overlays: set[int] = set()
        for elem in list(ds):
            tag = int(elem.tag)
            group = tag >> 16
            if group & 1:
                del ds[tag]
                continue
            code = self.action(tag)
            if code is None:
                if elem.VR == "SQ":
                    for item in elem.value:
                        self.clean(item)
                continue
            choices = code.split("/")
            empty = elem.value in (None, "", b"") or (elem.VR == "SQ" and not elem.value)
            action = "Z" if "Z" in choices and empty else choices[-1]
            if action == "X":
                del ds[tag]
                if 0x6000 <= group <= 0x601E and tag & 0xFFFF == 0x3000:
                    overlays.add(group)
            elif action == "Z":
                elem.value = PydicomSequence([]) if elem.VR == "SQ" else None
            elif action == "D":
                if elem.VR == "SQ":
                    for item in elem.value:
                        self.dummy_tree(item)
                    if not elem.value:
                        elem.value = PydicomSequence([PydicomDataset()])
                else:
                    elem.value = self.dummy(elem)
            elif action in ("U", "U*"):
                if elem.VR == "UI":
                    elem.value = self.dummy(elem)
                elif elem.VR == "SQ":
                    for item in elem.value:
                        self.clean(item)
        for elem in list(ds):
            if elem.tag.group in overlays:
                del ds[elem.tag]

    def dummy_tree(self, ds: PydicomDataset) -> None:
        for elem in ds:
            if elem.VR == "SQ":
                for item in elem.value:
                    self.dummy_tree(item)
            elif elem.value not in (None, "", b""):
                elem.value = self.dummy(elem)

    def __call__(self, path: Path) -> bytes:
        ds = pydicom.dcmread(path, force=True)
        if str(ds.get("BurnedInAnnotation", "")).upper() == "YES":
            msg = "Burned In Annotation YES"
            raise ValueError(msg)
        self.clean(ds)
        for keyword in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex"):
            if keyword not in ds:
                setattr(ds, keyword, "")
        ds.PatientIdentityRemoved = "YES"
        ds.DeidentificationMethod = "PS3.15 E.1 Basic Application Confidentiality Profile"
        items = []
        for value, meaning in method_codes(()):
            item = PydicomDataset()
            item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, "DCM", meaning
            items.append(item)
        ds.DeidentificationMethodCodeSequence = PydicomSequence(items)
        ds.LongitudinalTemporalInformationModified = "REMOVED"
        meta = getattr(ds, "file_meta", None)
        if meta is not None and "SOPInstanceUID" in ds:
            meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            for keyword in ("SourceApplicationEntityTitle", "SendingApplicationEntityTitle",
                            "ReceivingApplicationEntityTitle", "PrivateInformation"):
                if keyword in meta:
                    delattr(meta, keyword)
        buffer = io.BytesIO()
        ds.save_as(buffer)
        return buffer.getvalue()


# ----------------------------------------------------------------------------- packages


def deid_tool() -> Tool | None:
    try:
        from deid.config import DeidRecipe  # type: ignore[import-untyped,import-not-found,unused-ignore]
        from deid.dicom import replace_identifiers  # type: ignore[import-untyped,import-not-found,unused-ignore]
    except ImportError:
        return None
    recipe = DeidRecipe()

    def run(path: Path) -> bytes:
        (ds,) = replace_identifiers(dicom_files=[str(path)], deid=recipe, save=False,
                                    remove_private=True)
        buffer = io.BytesIO()
        ds.save_as(buffer)
        return buffer.getvalue()

    return run


def dicognito_tool() -> Tool | None:
    try:
        from dicognito.anonymizer import Anonymizer  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None
    anonymizer = Anonymizer(seed=KEY.decode())

    def run(path: Path) -> bytes:
        ds = pydicom.dcmread(path, force=True)
        anonymizer.anonymize(ds)
        buffer = io.BytesIO()
        ds.save_as(buffer)
        return buffer.getvalue()

    return run


# ----------------------------------------------------------------------------- timing


def _usable(paths: list[Path], tools: dict[str, Tool]) -> list[Path]:
    """The paths every tool processes without an error."""
    kept = []
    for path in paths:
        try:
            for tool in tools.values():
                tool(path)
        except Exception:  # a tool refusing a file drops it for all
            continue
        kept.append(path)
    return kept


def _rates(tools: dict[str, Tool], paths: list[Path], rounds: int) -> dict[str, float]:
    """Files per second of each tool: best of ``rounds`` passes after a warm-up pass; the
    tools take turns within each round, so load from elsewhere hits them alike."""
    best = dict.fromkeys(tools, float("inf"))
    for round_number in range(rounds + 1):
        for name, tool in tools.items():
            start = time.perf_counter()
            for path in paths:
                tool(path)
            if round_number:  # round 0 warms up: tables, caches, imports
                best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(paths) / seconds for name, seconds in best.items()}


def main() -> None:
    """Print files/s per tool and the ratios, for the wheel files and the generated CTs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ct", type=int, default=200, help="generated CT files")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes (best kept)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    import logging

    logging.disable(logging.WARNING)  # deid logs a line per file
    tools: dict[str, Tool] = {"typeddcm": typeddcm_tool(), "pydicom script": PydicomScript()}
    for name, make in (("deid", deid_tool), ("dicognito", dicognito_tool)):
        tool = make()
        if tool is None:
            print(f"{name}: not installed (pip install {name}); left out")
        else:
            tools[name] = tool
    print(f"pydicom {pydicom.__version__}; one process, read + de-identify + encode in memory")
    with tempfile.TemporaryDirectory() as tmp:
        groups = {"wheel files": wheel_files(), f"generated CT x{args.ct}":
                  generated_ct(Path(tmp) / "ct", args.ct)}
        for label, paths in groups.items():
            usable = _usable(paths, tools)
            print(f"\n{label}: {len(usable)} files (of {len(paths)}; the rest fail in some tool)")
            rates = _rates(tools, usable, args.rounds)
            ours = rates["typeddcm"]
            for name, rate in rates.items():
                ratio = "" if name == "typeddcm" else f"   typeddcm is {ours / rate:5.1f}x"
                print(f"  {name:15s} {rate:9.1f} files/s{ratio}")


if __name__ == "__main__":
    main()

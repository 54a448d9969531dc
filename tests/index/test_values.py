"""Column types per VR: a synthetic file with a value of every kind, scanned into a row
and into a Parquet index."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from typeddcm import Dataset, dicomjson
from typeddcm.index import BULK_LIMIT, build_index, scan_file
from typeddcm.vr import DA, FD, FL, LO, OB, SL, SQ, SS, SV, UL, UV, Date

from .files import header, write

ACME = "ACME_TEST_01"


def _every_kind() -> Dataset:
    ds = header(1, SpecificCharacterSet="ISO_IR 192", PixelSpacing=["0.5", "0.25"],
                StudyTime="101530.25", SeriesTime="1015", AcquisitionDateTime="20240312101530",
                ContentDate="20240312", FrameIncrementPointer=0x00181063,
                ReferringPhysicianName="Yamada^Tarou=山田^太郎",
                ImageType=["ORIGINAL", "PRIMARY"],
                ProcedureCodeSequence=SQ([Dataset(CodeValue="CTCAP", CodingSchemeDesignator="L",
                                                  CodeMeaning="CT Chest")]))
    # A date a scanner wrote without its day (read leniently; not a standard DA).
    ds = ds.set("SeriesDate", DA._trusted((Date.parse_lenient("202403"),)))
    ds = ds.set("DateTime", "20240312101530+0100")  # (0040,A120), DT with an offset
    for offset, value in enumerate([FL([1.5]), FD([2.5, 3.5]), SV([-5]), UV([2**63 + 1]),
                                    SL([-70000]), UL([70000]), SS([-3]), OB(b"0123456789"),
                                    OB(bytes(BULK_LIMIT + 2)), LO(["a", "b"])]):
        ds = ds.set_private(0x0019, ACME, offset, value)
    return ds


@pytest.fixture(scope="module")
def kinds_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("kinds") / "kinds.dcm", _every_kind())


def test_row_cells_per_vr(kinds_file: Path) -> None:
    row = scan_file(kinds_file, private=True)
    assert row.status == "ok", row.error
    cells = row.cells
    assert cells["Rows"] == 512
    assert cells["InstanceNumber"] == 2  # IS
    assert cells["SliceThickness"] == 3.0  # DS
    assert cells["PixelSpacing"] == [0.5, 0.25]  # DS, VM 2: a list
    assert cells["ImageType"] == ["ORIGINAL", "PRIMARY"]
    assert cells["SOPClassUID"] == "1.2.840.10008.5.1.4.1.1.2"
    assert cells["StudyDate"] == datetime.date(2024, 3, 12)
    assert "StudyDate__text" not in cells
    assert cells["SeriesDate"] is None and cells["SeriesDate__text"] == "202403"
    assert cells["StudyTime"] == datetime.time(10, 15, 30, 250000)
    assert cells["SeriesTime"] is None and cells["SeriesTime__text"] == "1015"
    assert cells["AcquisitionDateTime"] == datetime.datetime(2024, 3, 12, 10, 15, 30)
    assert cells["DateTime"] == datetime.datetime(2024, 3, 12, 10, 15, 30)
    assert cells["DateTime__text"] == "20240312101530+0100"  # the offset is kept as text
    assert cells["ReferringPhysicianName"] == "Yamada^Tarou"
    assert cells["ReferringPhysicianName__groups"] == "Yamada^Tarou=山田^太郎"
    assert "PatientName__groups" not in cells
    assert cells["FrameIncrementPointer"] == ["00181063"]  # VM 1-n: a list
    items = json.loads(str(cells["ProcedureCodeSequence"]))
    assert [dicomjson.from_json(item)["CodeValue"].value for item in items] == ["CTCAP"]
    private = [cells[f"(0019,xx{n:02X}) {ACME}"] for n in range(10)]
    assert private == [1.5, [2.5, 3.5], -5, 2**63 + 1, -70000, 70000, -3, b"0123456789",
                       None, ["a", "b"]]


def test_private_elements_only_when_asked(kinds_file: Path) -> None:
    cells = scan_file(kinds_file).cells
    assert not any(name.startswith("(0019") for name in cells)


def test_parquet_types_per_vr(kinds_file: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason="the index needs pyarrow (typeddcm[index])")
    pq = pytest.importorskip("pyarrow.parquet", reason="the index needs pyarrow")
    build_index([kinds_file], tmp_path / "i.parquet", private=True, workers=1)
    schema = pq.read_schema(tmp_path / "i.parquet")
    expected = {
        "path": pa.string(), "size": pa.int64(), "mtime": pa.timestamp("ns", tz="UTC"),
        "status": pa.string(), "warnings": pa.list_(pa.string()),
        "Rows": pa.int64(), "InstanceNumber": pa.int64(), "SliceThickness": pa.float64(),
        "PixelSpacing": pa.list_(pa.float64()), "StudyDate": pa.date32(),
        "SeriesDate__text": pa.string(), "StudyTime": pa.time64("us"),
        "AcquisitionDateTime": pa.timestamp("us"), "PatientName": pa.string(),
        "ProcedureCodeSequence": pa.string(), "ImageType": pa.list_(pa.string()),
        f"(0019,xx00) {ACME}": pa.float64(), f"(0019,xx01) {ACME}": pa.list_(pa.float64()),
        f"(0019,xx02) {ACME}": pa.int64(), f"(0019,xx03) {ACME}": pa.uint64(),
        f"(0019,xx07) {ACME}": pa.binary(),
    }
    for name, kind in expected.items():
        assert schema.field(name).type.equals(kind), name
    names = schema.names
    assert names[:8] == ["path", "size", "mtime", "transfer_syntax", "sop_class", "status",
                         "error", "warnings"]
    assert names.index("SOPClassUID") < names.index("StudyDate") < names.index("PatientName")


def test_sequence_items_keep_private_elements_only_when_asked(tmp_path: Path) -> None:
    item = Dataset(CodeValue="X").set_private(0x0009, ACME, 1, LO("inside"))
    path = write(tmp_path / "sq.dcm", header(1, ProcedureCodeSequence=SQ([item])))
    without = json.loads(str(scan_file(path).cells["ProcedureCodeSequence"]))
    with_private = json.loads(str(scan_file(path, private=True).cells["ProcedureCodeSequence"]))
    assert list(without[0]) == ["00080100"]
    assert with_private[0]["00091001"] == {"vr": "LO", "Value": ["inside"]}
    assert dicomjson.from_json(with_private[0]) == item


def test_binary_values_in_items_over_the_limit_are_placeholders(tmp_path: Path) -> None:
    item = Dataset(CodeValue="X").set_private(0x0009, ACME, 1, OB(bytes(BULK_LIMIT + 2)))
    path = write(tmp_path / "sq.dcm", header(1, ProcedureCodeSequence=SQ([item])))
    items = json.loads(str(scan_file(path, private=True).cells["ProcedureCodeSequence"]))
    assert items[0]["00091001"] == {"vr": "OB", "BulkDataURI": f"omitted:{BULK_LIMIT + 2}"}

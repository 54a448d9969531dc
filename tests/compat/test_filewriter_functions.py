"""typeddcm.compat.filewriter's element-level writers against pydicom 3's (the oracle).

The bytes written must be pydicom's for the same input: whole datasets from the wheel
files in every encoding, each per-VR writer, write_data_element, write_file_meta_info
and the sequence writers.  Where we differ on purpose (docs/architecture.md), the
test names the reason.
"""

from __future__ import annotations

import datetime
import io
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import typeddcm
import typeddcm.compat as tc
from typeddcm.codec import encode_dataset
from typeddcm.compat import filewriter as ours
from typeddcm.compat.dataelem import DataElement, RawDataElement
from typeddcm.compat.filebase import DicomBytesIO
from typeddcm.strategies import VR_CODES, datasets

pydicom = pytest.importorskip("pydicom")
from pydicom import filewriter as _their_writer  # noqa: E402
from pydicom.data import get_testdata_file as _testdata  # noqa: E402
from pydicom.dataelem import DataElement as _TheirElement  # noqa: E402
from pydicom.filebase import DicomBytesIO as TheirBytesIO  # noqa: E402

from tests.codec.pydicom_files import wheel_files  # noqa: E402

# The oracle, untyped here: what it writes is compared, not its types.
theirs: Any = _their_writer
TheirElement: Any = _TheirElement


def get_testdata_file(name: str) -> str:
    """The path of one of pydicom's wheel files."""
    found = _testdata(name)
    assert isinstance(found, str), name
    return found

ENCODINGS = {"implicit": (True, True), "explicit": (False, True), "big": (False, False)}

# Files whose re-encoded bytes differ from pydicom's on purpose, and why:
# CS loses trailing spaces per value (PS3.5; pydicom keeps 'DERIVED ' inside a multi-value);
# PN keeps a trailing empty component group; an odd UN value is padded (PS3.5 7.1.1).
_DIFFERENT = {
    "implicit": {"693_J2KI.dcm", "SC_rgb_gdcm_KY.dcm", "SC_rgb_jpeg_lossy_gdcm.dcm", "chrX1.dcm",
                 "chrX2.dcm"},
    "explicit": {"meta_missing_tsyntax.dcm", "nested_priv_SQ.dcm", "no_meta.dcm"},
    "big": {"meta_missing_tsyntax.dcm", "nested_priv_SQ.dcm", "no_meta.dcm", "chrX1.dcm",
            "chrX2.dcm"},
}


def _pair(implicit: bool, little: bool) -> tuple[DicomBytesIO, Any]:
    mine, their = DicomBytesIO(), TheirBytesIO()
    for fp in (mine, their):
        fp.is_implicit_VR, fp.is_little_endian = implicit, little
    return mine, their


def _both(data: bytes) -> tuple[Any, Any] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            their = pydicom.dcmread(io.BytesIO(data), force=True)
        except Exception:  # pydicom refuses it: not in the oracle
            return None
        syntax = their.file_meta.get("TransferSyntaxUID")
        if None in their.original_encoding or (syntax is not None and syntax.is_deflated):
            return None
        return tc.dcmread(io.BytesIO(data), force=True), their


FILES = [p for p in wheel_files() if _both(p.read_bytes()) is not None]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("encoding", ["same", *ENCODINGS])
def test_write_dataset_writes_what_pydicom_writes(path: Path, encoding: str) -> None:
    found = _both(path.read_bytes())
    assert found is not None
    mine_ds, their_ds = found
    implicit, little = their_ds.original_encoding if encoding == "same" else ENCODINGS[encoding]
    mine, their = _pair(implicit, little)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            their_count = theirs.write_dataset(their, their_ds)
        except Exception:  # pydicom cannot write it in this encoding: not in the oracle
            return
        count = ours.write_dataset(mine, mine_ds)
    assert count == len(mine.getvalue())
    if path.name in _DIFFERENT.get(encoding, ()):
        # The one difference is a value written to PS3.5: what pydicom reads back agrees.
        back = _read_back(mine.getvalue(), implicit, little)
        assert [int(t) for t in back.keys()] == [
            int(t) for t in their_ds.keys() if not (t & 0xFFFF == 0 and t >> 16 > 6)]
        return
    assert mine.getvalue() == their.getvalue()
    assert count == their_count


def _read_back(data: bytes, implicit: bool, little: bool) -> Any:
    from pydicom.filereader import read_dataset

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_dataset(io.BytesIO(data), implicit, little)


def test_write_dataset_takes_the_encoding_from_the_dataset() -> None:
    path = get_testdata_file("MR_small_bigendian.dcm")
    mine_ds, their_ds = tc.dcmread(path), pydicom.dcmread(path)
    mine, their = DicomBytesIO(), TheirBytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours.write_dataset(mine, mine_ds)
        theirs.write_dataset(their, their_ds)
    assert mine.getvalue() == their.getvalue()
    assert (mine.is_implicit_VR, mine.is_little_endian) == (False, False)
    bare = tc.Dataset()
    bare.PatientName = "A^B"
    with pytest.raises(AttributeError, match="is_implicit_VR"):
        ours.write_dataset(DicomBytesIO(), bare)
    fp = DicomBytesIO()
    fp.is_little_endian = True  # pydicom 1.x: implicit VR until said otherwise
    ours.write_dataset(fp, bare)
    assert fp.getvalue() == b"\x10\x00\x10\x00\x04\x00\x00\x00A^B "
    plain: Any = io.BytesIO()
    plain.is_little_endian, plain.is_implicit_VR = True, False
    assert ours.write_dataset(plain, bare) == 12  # a plain file object is wrapped


_NO_WORDS = tuple(c for c in VR_CODES if c not in ("OW", "OF", "OD", "OL", "OV"))


def _encoded_alike(core: typeddcm.Dataset, syntax: str) -> None:
    fp = DicomBytesIO()
    fp.is_implicit_VR = syntax == "1.2.840.10008.1.2"
    fp.is_little_endian = syntax != "1.2.840.10008.1.2.2"
    ours.write_dataset(fp, tc.Dataset(core))
    assert fp.getvalue() == encode_dataset(core, syntax, like_original=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(private=False, unambiguous=True),
       st.sampled_from(["1.2.840.10008.1.2", "1.2.840.10008.1.2.1"]))
def test_write_dataset_of_a_new_dataset_is_the_codec_encoding(core: typeddcm.Dataset,
                                                              syntax: str) -> None:
    """A dataset built from values: defined lengths everywhere, as the codec writes it."""
    _encoded_alike(core, syntax)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(private=False, unambiguous=True, codes=_NO_WORDS))
def test_write_dataset_big_endian_is_the_codec_encoding(core: typeddcm.Dataset) -> None:
    """The same in big endian, but for OW OF OD OL OV: pydicom writes those bytes as they
    are (never swapped, its documented rule, which we keep); the codec swaps them."""
    _encoded_alike(core, "1.2.840.10008.1.2.2")


# --- the per-VR writers ------------------------------------------------------------------

_NUMBERS = {"US": (st.integers(0, 0xFFFF), "H"), "SS": (st.integers(-0x8000, 0x7FFF), "h"),
            "UL": (st.integers(0, 0xFFFFFFFF), "L"), "SL": (st.integers(-2**31, 2**31 - 1), "l"),
            "UV": (st.integers(0, 2**64 - 1), "Q"), "SV": (st.integers(-2**63, 2**63 - 1), "q"),
            "FL": (st.floats(width=32, allow_nan=False), "f"),
            "FD": (st.floats(allow_nan=False), "d")}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(sorted(_NUMBERS)).flatmap(
    lambda vr: st.tuples(st.just(vr), st.one_of(_NUMBERS[vr][0],
                                                st.lists(_NUMBERS[vr][0], min_size=2,
                                                         max_size=5)))),
       st.booleans())
def test_write_numbers_matches_pydicom(case: tuple[str, Any], little: bool) -> None:
    vr, value = case
    mine, their = _pair(False, little)
    ours.write_numbers(mine, DataElement(0x00091001, vr, value), _NUMBERS[vr][1])
    theirs.write_numbers(their, TheirElement(0x00091001, vr, value), _NUMBERS[vr][1])
    assert mine.getvalue() == their.getvalue()


def test_write_numbers_lut_descriptor_and_errors() -> None:
    mine, their = _pair(False, True)
    ours.write_numbers(mine, DataElement(0x00283002, "SS", [40000, -5, 16]), "h")
    theirs.write_numbers(their, TheirElement(0x00283002, "SS", [40000, -5, 16]), "h")
    assert mine.getvalue() == their.getvalue()  # the first value is US (PS3.3 C.11.1.1.1)
    for value in (70000, -1, [1, 70000]):
        for module, element in ((ours, DataElement), (theirs, TheirElement)):
            fp, _ = _pair(False, True)
            with pytest.raises(OSError, match="for data_element"):
                module.write_numbers(fp, element(0x00280010, "US", value), "H")
    empty = DicomBytesIO()
    empty.is_little_endian = True
    ours.write_numbers(empty, DataElement(0x00280010, "US", None), "H")
    assert empty.getvalue() == b""


_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 _", min_size=1, max_size=12)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["AE", "CS", "SH", "LO", "UC", "UT", "LT", "ST", "UR"]),
       st.lists(_TEXT.map(str.strip).filter(bool), min_size=1, max_size=4), st.booleans())
def test_text_writers_match_pydicom(vr: str, values: list[str], little: bool) -> None:
    value: Any = values[0] if len(values) == 1 or vr in ("UT", "LT", "ST", "UR") else values
    mine, their = _pair(False, little)
    fn, _ = ours.writers[vr]
    their_fn: Any = theirs.writers[vr][0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pydicom warns of a UR with spaces, and writes it
        if vr in ("AE", "CS", "UR"):
            fn(mine, DataElement(0x00091001, vr, value))
            their_fn(their, TheirElement(0x00091001, vr, value))
        else:
            fn(mine, DataElement(0x00091001, vr, value), encodings=["iso8859"])
            their_fn(their, TheirElement(0x00091001, vr, value), encodings=["iso8859"])
    assert mine.getvalue() == their.getvalue()


@pytest.mark.parametrize(("value", "encodings"), [
    ("Yamada^Tarou=山田^太郎=やまだ^たろう", ["iso8859", "iso2022_jp"]),
    ("Buc^Jérôme", ["latin_1"]),
    ("Wang^XiaoDong=王^小東", ["UTF8"]),
    (["A^B", "C^D"], None),
    ("Hong^Gildong=洪^吉洞=홍^길동", ["iso8859", "euc_kr"]),
])
def test_write_pn_and_text_in_character_sets_match_pydicom(value: Any, encodings: Any) -> None:
    mine, their = _pair(False, True)
    ours.write_PN(mine, DataElement(0x00100010, "PN", value), encodings=encodings)
    theirs.write_PN(their, TheirElement(0x00100010, "PN", value), encodings=encodings)
    assert mine.getvalue() == their.getvalue()
    text = str(value) if isinstance(value, str) else "\\".join(value)
    mine, their = _pair(False, True)
    ours.write_text(mine, DataElement(0x00081030, "LO", text), encodings=encodings)
    theirs.write_text(their, TheirElement(0x00081030, "LO", text), encodings=encodings)
    if encodings is not None and len(encodings) > 1:
        # ISO 2022 text other than PN: pydicom opens with a redundant designation of the
        # initial set (ESC ( B, or ESC $ ) C before any Korean); we write the escapes
        # only where the set changes.  pydicom reads ours as the same text.
        from pydicom.charset import decode_bytes

        assert decode_bytes(mine.getvalue().rstrip(b" "), encodings, set()) == text
    else:
        assert mine.getvalue() == their.getvalue()


def test_text_given_as_bytes_is_written_as_given() -> None:
    for vr, fn_ours, fn_theirs in (("LO", ours.write_text, theirs.write_text),
                                   ("PN", ours.write_PN, theirs.write_PN)):
        mine, their = _pair(False, True)
        fn_ours(mine, DataElement(0x00091001, vr, b"CITIZEN^4"))
        fn_theirs(their, TheirElement(0x00091001, vr, b"CITIZEN^4"))
        assert mine.getvalue() == their.getvalue() == b"CITIZEN^4 "


@pytest.mark.parametrize(("vr", "value"), [
    ("UI", "1.2.840.10008.5.1.4.1.1.2"), ("UI", "1.2.3"), ("UI", ["1.2.3", "1.2"]),
    ("DA", "20010203"), ("DA", datetime.date(2001, 2, 3)),
    ("DA", [datetime.date(2001, 2, 3), datetime.date(1999, 12, 31)]),
    ("TM", "101010.5"), ("TM", datetime.time(10, 10, 10)), ("TM", datetime.time(1, 2, 3, 4500)),
    ("DT", "20010203101010"), ("DT", datetime.datetime(2001, 2, 3, 10, 10, 10)),
    ("DT", datetime.datetime(2001, 2, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)),
    ("IS", "12"), ("IS", ["1", "-22"]), ("DS", "1.5"), ("DS", ["0.25", "-3"]),
    ("AT", 0x00100010), ("AT", [0x00100010, (0x0028, 0x0010)]),
    ("OB", b"\x01\x02\x03"), ("OW", b"\x01\x02\x03\x04"), ("OF", b"\x00\x00\x80\x3f"),
    ("OB", b""),
])
@pytest.mark.parametrize("little", [True, False])
def test_value_writers_match_pydicom(vr: str, value: Any, little: bool) -> None:
    mine, their = _pair(False, little)
    fn, param = ours.writers[vr]
    their_fn: Any = theirs.writers[vr][0]
    their_param = theirs.writers[vr][1]
    assert param == their_param
    if param is None:
        fn(mine, DataElement(0x00091001, vr, value))
        their_fn(their, TheirElement(0x00091001, vr, value))
    else:
        fn(mine, DataElement(0x00091001, vr, value), param)
        their_fn(their, TheirElement(0x00091001, vr, value), param)
    assert mine.getvalue() == their.getvalue()


def test_write_un_pads_to_even_length() -> None:
    """PS3.5 7.1.1: values have even length (pydicom writes an odd UN value as it is)."""
    mine, their = _pair(False, True)
    ours.write_UN(mine, DataElement(0x00091001, "UN", b"\x01\x02\x03"))
    theirs.write_UN(their, TheirElement(0x00091001, "UN", b"\x01\x02\x03"))
    assert mine.getvalue() == their.getvalue() + b"\x00"


def test_the_writers_table_is_pydicoms() -> None:
    assert sorted(ours.writers) == sorted(str(vr) for vr in theirs.writers)
    for vr, (fn, param) in theirs.writers.items():
        assert ours.writers[str(vr)][1] == param
        assert ours.writers[str(vr)][0].__name__ == fn.__name__


# --- write_data_element ---------------------------------------------------------------------

_ELEMENTS: list[tuple[int, str, Any]] = [
    (0x00100010, "PN", "Citizen^Jan"), (0x00280010, "US", 512), (0x00280030, "DS", ["0.5", "0.5"]),
    (0x00080060, "CS", "CT"), (0x00200013, "IS", "7"), (0x00080018, "UI", "1.2.3.4"),
    (0x7FE00010, "OW", b"\x00\x01" * 8), (0x00091010, "UN", b"\x01\x02"), (0x00100020, "LO", ""),
    (0x00180050, "DS", None), (0x00080005, "CS", "ISO_IR 100"), (0x00081030, "LO", "Head"),
    (0x00540081, "US", [1, 2, 3]), (0x00181100, "DS", "250"), (0x00280009, "AT", 0x00540010),
]


@pytest.mark.parametrize(("tag", "vr", "value"), _ELEMENTS)
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_write_data_element_matches_pydicom(tag: int, vr: str, value: Any, encoding: str) -> None:
    implicit, little = ENCODINGS[encoding]
    mine, their = _pair(implicit, little)
    ours.write_data_element(mine, DataElement(tag, vr, value))
    theirs.write_data_element(their, TheirElement(tag, vr, value))
    assert mine.getvalue() == their.getvalue()


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_write_data_element_sequences_match_pydicom(encoding: str) -> None:
    implicit, little = ENCODINGS[encoding]
    for undefined in (False, True):
        for item_undefined in (False, True):
            items_ours, items_theirs = [], []
            for name in ("A^B", "C^D"):
                mine_item: Any = tc.Dataset()
                their_item: Any = pydicom.Dataset()
                for item in (mine_item, their_item):
                    item.PatientName = name
                    item.is_undefined_length_sequence_item = item_undefined
                items_ours.append(mine_item)
                items_theirs.append(their_item)
            mine, their = _pair(implicit, little)
            ours.write_data_element(mine, DataElement(0x00081115, "SQ", items_ours,
                                                      is_undefined_length=undefined))
            theirs.write_data_element(their, TheirElement(0x00081115, "SQ", items_theirs,
                                                          is_undefined_length=undefined))
            assert mine.getvalue() == their.getvalue()
    mine, their = _pair(implicit, little)
    ours.write_data_element(mine, DataElement(0x00081115, "SQ", []))
    theirs.write_data_element(their, TheirElement(0x00081115, "SQ", []))
    assert mine.getvalue() == their.getvalue()


def test_write_data_element_raw_elements_are_written_as_they_are() -> None:
    for raw in (RawDataElement(tc.tag.Tag(0x00100010), "PN", 4, b"A^B ", 0, False, True),
                RawDataElement(tc.tag.Tag(0x7FE00010), "OB", 0xFFFFFFFF,
                               b"\xfe\xff\x00\xe0\x00\x00\x00\x00", 0, False, True)):
        from pydicom.dataelem import RawDataElement as TheirRaw
        from pydicom.tag import Tag as TheirTag

        mine, their = _pair(False, True)
        ours.write_data_element(mine, raw)
        fields: Any = tuple(raw)[1:7]
        theirs.write_data_element(their, TheirRaw(TheirTag(int(raw.tag)), *fields))
        assert mine.getvalue() == their.getvalue()


def test_write_data_element_errors_are_pydicoms() -> None:
    explicit = DicomBytesIO()
    explicit.is_implicit_VR, explicit.is_little_endian = False, True
    with pytest.raises(ValueError, match="Cannot write ambiguous VR of 'US or SS'"):
        ours.write_data_element(explicit, DataElement(0x00280106, "US or SS", b"\x00\x00"))
    with pytest.raises(NotImplementedError, match="unknown Value Representation 'XX'"):
        ours.write_data_element(explicit, DataElement(0x00091001, "XX", b"\x00\x00"))
    with pytest.raises(ValueError, match="hasn't been encapsulated"):
        ours.write_data_element(explicit, DataElement(0x7FE00010, "OB", b"\x00" * 8,
                                                      is_undefined_length=True))
    raw = RawDataElement(tc.tag.Tag(0x00100010), None, 4, b"A^B ", 0, True, True)
    with pytest.raises(ValueError, match="no VR"):
        ours.write_data_element(explicit, raw)
    implicit = DicomBytesIO()
    implicit.is_implicit_VR, implicit.is_little_endian = True, True
    ours.write_data_element(implicit, DataElement(0x00280106, "US or SS", b"\x01\x00"))
    assert implicit.getvalue() == b"\x28\x00\x06\x01\x02\x00\x00\x00\x01\x00"


def test_a_long_short_vr_value_is_written_as_un_with_a_warning() -> None:
    value = "x" * 0x10001
    mine, their = _pair(False, True)
    with pytest.warns(UserWarning, match="changed from 'LT' to 'UN'"):
        ours.write_data_element(mine, DataElement(0x00204000, "LT", value))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs.write_data_element(their, TheirElement(0x00204000, "LT", value))
    assert mine.getvalue() == their.getvalue()


def test_write_sequence_item_defined_and_undefined_length() -> None:
    for undefined in (False, True):
        mine_item: Any = tc.Dataset()
        their_item: Any = pydicom.Dataset()
        for item in (mine_item, their_item):
            item.PatientID = "12"
            item.is_undefined_length_sequence_item = undefined
        mine, their = _pair(False, True)
        ours.write_sequence_item(mine, mine_item, ["iso8859"])
        theirs.write_sequence_item(their, their_item, ["iso8859"])
        assert mine.getvalue() == their.getvalue()
        mine, their = _pair(True, True)
        ours.write_sequence(mine, DataElement(0x00081115, "SQ", [mine_item, mine_item]),
                            ["iso8859"])
        theirs.write_sequence(their, TheirElement(0x00081115, "SQ", [their_item, their_item]),
                              ["iso8859"])
        assert mine.getvalue() == their.getvalue()


# --- write_file_meta_info ----------------------------------------------------------------------


def _meta(module: Any) -> Any:
    meta = module.dataset.FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.2"
    meta.MediaStorageSOPInstanceUID = "1.2.3.4"
    meta.TransferSyntaxUID = "1.2.840.10008.1.2.1"
    meta.ImplementationClassUID = "1.2.3.4.5"  # each library adds its own otherwise
    meta.ImplementationVersionName = "SAME"
    return meta


def test_write_file_meta_info_matches_pydicom() -> None:
    for enforce in (True, False):
        mine_meta, their_meta = _meta(tc), _meta(pydicom)
        mine, their = DicomBytesIO(), TheirBytesIO()
        ours.write_file_meta_info(mine, mine_meta, enforce_standard=enforce)
        theirs.write_file_meta_info(their, their_meta, enforce_standard=enforce)
        assert mine.getvalue() == their.getvalue()
        assert ("FileMetaInformationGroupLength" in mine_meta) is enforce
    mine_meta, their_meta = _meta(tc), _meta(pydicom)
    for meta in (mine_meta, their_meta):
        meta.FileMetaInformationGroupLength = 0
    mine, their = DicomBytesIO(), TheirBytesIO()
    ours.write_file_meta_info(mine, mine_meta, enforce_standard=False)
    theirs.write_file_meta_info(their, their_meta, enforce_standard=False)
    assert mine.getvalue() == their.getvalue()
    assert mine_meta.FileMetaInformationGroupLength == len(mine.getvalue()) - 12


def test_write_file_meta_info_refuses_what_pydicom_refuses() -> None:
    meta = _meta(tc)
    del meta.TransferSyntaxUID
    with pytest.raises(ValueError, match="Required File Meta Information elements"):
        ours.write_file_meta_info(DicomBytesIO(), meta)
    other = tc.Dataset()
    other.PatientName = "A^B"
    with pytest.raises(ValueError, match="0002"):
        ours.write_file_meta_info(DicomBytesIO(), other)


# --- correct_ambiguous_vr ------------------------------------------------------------------------


def _ambiguous_case(module: Any, pixel_representation: int | None, bits: int,
                    read_implicit: bool) -> Any:
    ds = module.Dataset()
    if pixel_representation is not None:
        ds.PixelRepresentation = pixel_representation
    ds.BitsAllocated = bits
    ds.LUTDescriptor = [1, 0, 16]
    if module is tc:
        ds.set_original_encoding(read_implicit, True, None)
    else:
        ds.set_original_encoding(read_implicit, True, "iso8859")
    return ds


@pytest.mark.parametrize(("tag", "value", "undefined"), [
    (0x00280106, b"\xff\xff", False), (0x00280106, b"\x01\x00\x02\x00", False),
    (0x7FE00010, b"\x00\x01", False),
    (0x7FE00010, b"\xfe\xff\x00\xe0\x00\x00\x00\x00", True), (0x00283006, b"\x05\x00", False),
    (0x60003000, b"\x00\x01", False),
])
@pytest.mark.parametrize("pixel_representation", [None, 0, 1])
@pytest.mark.parametrize(("bits", "read_implicit"), [(8, False), (16, False), (8, True)])
def test_correct_ambiguous_vr_element_matches_pydicom(tag: int, value: bytes, undefined: bool,
                                                      pixel_representation: int | None,
                                                      bits: int, read_implicit: bool) -> None:
    from pydicom.dataelem import DataElement as TheirElement_

    results = []
    cases: list[tuple[Any, Any, Any]] = [
        (tc, DataElement, ours.correct_ambiguous_vr_element),
        (pydicom, TheirElement_, theirs.correct_ambiguous_vr_element)]
    for module, element_type, fn in cases:
        ds = _ambiguous_case(module, pixel_representation, bits, read_implicit)
        vr = {0x00280106: "US or SS", 0x00283006: "US or OW"}.get(tag, "OB or OW")
        elem = element_type(tag, vr, value, is_undefined_length=undefined)
        fixed = fn(elem, ds, True)
        results.append((fixed.VR, fixed.value))
    assert results[0] == results[1]


def test_correct_ambiguous_vr_walks_sequences_and_needs_what_decides() -> None:
    results = []
    for module, fn in ((tc, ours.correct_ambiguous_vr), (pydicom, theirs.correct_ambiguous_vr)):
        ds = module.Dataset()
        ds.PixelRepresentation = 1
        item = module.Dataset()
        element_type: Any = DataElement if module is tc else TheirElement
        element = element_type(0x00280106, "US or SS", b"\xfe\xff")
        ds.BeamSequence = [item]
        fixed = fn(ds, True)
        assert fixed is ds
        fixed_item = ds.BeamSequence[0]
        correct: Any = (ours.correct_ambiguous_vr_element if module is tc
                        else theirs.correct_ambiguous_vr_element)
        corrected = correct(element, fixed_item, True, [fixed_item, ds])
        results.append((corrected.VR, corrected.value))
    assert results[0] == results[1] == ("SS", -2)
    empty = tc.Dataset()
    with pytest.raises(AttributeError, match="Failed to resolve ambiguous VR for tag"):
        ours.correct_ambiguous_vr_element(DataElement(0x7FE00010, "OB or OW", b"\x00\x00"),
                                          empty, True)

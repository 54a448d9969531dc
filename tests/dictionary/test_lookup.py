"""Lookups in the standard, UID and private dictionaries of ``typeddcm.dictionary``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from typeddcm.dictionary import (
    DictionaryEntry,
    PrivateEntry,
    UIDEntry,
    dictionary_vr,
    entry_for_keyword,
    keyword_for_tag,
    lookup,
    private_lookup,
    private_lookup_tag,
    tag_for_keyword,
    uid_for_keyword,
    uid_info,
    uids_of_type,
)
from typeddcm.dictionary._elements import ELEMENTS, MASKS
from typeddcm.dictionary._uids import UIDS

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "dicom"


def _keyword(tag: int) -> str | None:
    entry = lookup(tag)
    return None if entry is None else entry.keyword


# ---------------------------------------------------------------- concrete tags


def test_patient_name() -> None:
    """A concrete tag gives its full row."""
    assert lookup(0x00100010) == DictionaryEntry(
        0x00100010, "PN", "1", "Patient's Name", "PatientName", False
    )


def test_rows_is_us() -> None:
    """Rows is US with VM 1 and no mask."""
    entry = lookup(0x00280010)
    assert entry is not None
    assert (entry.vr, entry.vm, entry.vrs, entry.mask) == ("US", "1", ("US",), None)


def test_pixel_data_ambiguous_vr() -> None:
    """An ambiguous VR keeps the standard's text and splits into ``vrs``."""
    entry = lookup(0x7FE00010)
    assert entry is not None
    assert entry.keyword == "PixelData"
    assert entry.vr == "OB or OW"
    assert entry.vrs == ("OB", "OW")


def test_three_way_ambiguous_vr() -> None:
    """The VR "US or SS or OW" splits into three codes."""
    entry = lookup(0x00281200)
    assert entry is not None
    assert entry.vrs == ("US", "SS", "OW")


def test_item_has_no_vr() -> None:
    """Items and delimiters have an empty VR and no VR codes."""
    for tag, keyword in (
        (0xFFFEE000, "Item"),
        (0xFFFEE00D, "ItemDelimitationItem"),
        (0xFFFEE0DD, "SequenceDelimitationItem"),
    ):
        entry = lookup(tag)
        assert entry is not None
        assert (entry.keyword, entry.vr, entry.vrs) == (keyword, "", ())


def test_blank_retired_row_is_kept() -> None:
    """The standard's blank retired rows are found, with no name or keyword."""
    entry = lookup(0x00080202)
    assert entry == DictionaryEntry(0x00080202, "", "", "", "", True)
    assert keyword_for_tag(0x00080202) == ""


def test_file_meta_group_length_is_concrete() -> None:
    """(0002,0000) is its own dictionary row, not the generic group length."""
    entry = lookup(0x00020000)
    assert entry is not None
    assert entry.keyword == "FileMetaInformationGroupLength"
    assert _keyword(0x00000000) == "CommandGroupLength"


def test_retired_flags() -> None:
    """Retired flags follow the 2026c edition."""
    ethnic_group = lookup(0x00102160)
    dose_value = lookup(0x30040012)
    assert ethnic_group is not None
    assert ethnic_group.retired
    assert dose_value is not None
    assert not dose_value.retired


def test_names_keep_the_standards_characters() -> None:
    """Names are as PS3.6 writes them, micro sign included."""
    entry = entry_for_keyword("ExposureInuAs")
    assert entry is not None
    assert entry.name == "Exposure in µAs"


def test_tag_objects_are_accepted() -> None:
    """A ``Tag`` looks up like its integer."""
    from typeddcm.tag import Tag

    assert lookup(Tag(0x0010, 0x0010)) == lookup(0x00100010)
    assert Tag("PatientName") == 0x00100010


def test_concrete_entries_are_cached() -> None:
    """Looking a tag up twice gives the same object."""
    assert lookup(0x00080018) is lookup(0x00080018)


def test_every_concrete_row_is_found() -> None:
    """Every concrete row of the data module resolves to itself."""
    for tag, (vr, vm, name, keyword, retired) in ELEMENTS.items():
        assert lookup(tag) == DictionaryEntry(tag, vr, vm, name, keyword, retired)


# ---------------------------------------------------------------- repeating groups


@pytest.mark.parametrize("tag", [0x60003000, 0x60023000, 0x601E3000])
def test_overlay_data_in_even_groups(tag: int) -> None:
    """(60xx,3000) matches the even groups 6000-601E."""
    entry = lookup(tag)
    assert entry is not None
    assert entry.keyword == "OverlayData"
    assert entry.mask == "(60xx,3000)"
    assert entry.tag == 0x60003000
    assert entry.vr == "OB or OW"


@pytest.mark.parametrize("tag", [0x60013000, 0x60203000, 0x60FE3000])
def test_overlay_data_not_in_other_groups(tag: int) -> None:
    """Odd groups and groups past 601E are not overlays (PS3.5 7.6)."""
    assert lookup(tag) is None


def test_curve_groups() -> None:
    """(50xx,200A) matches 5000-501E only."""
    assert _keyword(0x5000200A) == "TotalTime"
    assert _keyword(0x501E200A) == "TotalTime"
    assert lookup(0x5020200A) is None
    entry = lookup(0x5004200C)
    assert entry is not None
    assert (entry.keyword, entry.mask) == ("AudioSampleData", "(50xx,200C)")


def test_variable_pixel_data() -> None:
    """(7Fxx,0010) matches (7F02,0010), while (7FE0,0010) stays Pixel Data."""
    entry = lookup(0x7F020010)
    assert entry is not None
    assert (entry.keyword, entry.mask, entry.retired) == (
        "VariablePixelData",
        "(7Fxx,0010)",
        True,
    )
    assert _keyword(0x7FE00010) == "PixelData"


def test_source_image_ids() -> None:
    """(0020,31xx) matches any last byte."""
    assert _keyword(0x00203105) == "SourceImageIDs"
    assert _keyword(0x002031FF) == "SourceImageIDs"


def test_nth_order_coefficients() -> None:
    """(0028,04x0) matches (0028,0410) and (0028,0420); (0028,0400) is a concrete row."""
    assert _keyword(0x00280410) == "RowsForNthOrderCoefficients"
    assert _keyword(0x00280420) == "RowsForNthOrderCoefficients"
    assert _keyword(0x00280411) == "ColumnsForNthOrderCoefficients"
    assert _keyword(0x00280423) == "CoefficientCodingPointers"
    assert _keyword(0x00280400) == "TransformLabel"


@pytest.mark.parametrize(
    ("tag", "keyword"),
    [
        (0x10000010, "EscapeTriplet"),
        (0x10000011, "RunLengthTriplet"),
        (0x10000012, "HuffmanTableSize"),
        (0x10000013, "HuffmanTableTriplet"),
        (0x10000014, "ShiftTableSize"),
        (0x10000015, "ShiftTableTriplet"),
        (0x1000FFF0, "EscapeTriplet"),
    ],
)
def test_compression_groups(tag: int, keyword: str) -> None:
    """(1000,xxxN) matches on the last hex digit."""
    assert _keyword(tag) == keyword


def test_compression_group_unknown_digit() -> None:
    """(1000,xxx6) is not in the dictionary."""
    assert lookup(0x10000016) is None


def test_zonal_map() -> None:
    """(1010,xxxx) matches every element of group 1010 but its length."""
    assert _keyword(0x10101234) == "ZonalMap"
    assert _keyword(0x1010FFFF) == "ZonalMap"
    assert _keyword(0x10100000) == "GenericGroupLength"


def test_mask_entries_are_shared() -> None:
    """Every overlay group gets the same entry object."""
    assert lookup(0x60023000) is lookup(0x60043000)


def test_every_mask_matches_its_first_tag() -> None:
    """Each repeating row is found at the tag ``tag_for_keyword`` gives for it."""
    for _mask, _value, row in MASKS:
        entry = entry_for_keyword(row[3])
        assert entry is not None
        assert entry.keyword == row[3]
        assert lookup(entry.tag) is entry


# ---------------------------------------------------------------- generic entries


@pytest.mark.parametrize("tag", [0x00080000, 0x00090000, 0x00280000, 0x7FE00000])
def test_generic_group_length(tag: int) -> None:
    """(gggg,0000) without a row of its own is the generic group length."""
    assert lookup(tag) == DictionaryEntry(
        tag, "UL", "1", "Group Length", "GenericGroupLength", True
    )
    assert dictionary_vr(tag) == "UL"


@pytest.mark.parametrize("tag", [0x00090010, 0x001100FF, 0x00290080])
def test_private_creator(tag: int) -> None:
    """(gggg,0010)-(gggg,00FF) in an odd group reserves a block."""
    assert lookup(tag) == DictionaryEntry(
        tag, "LO", "1", "Private Creator", "PrivateCreator", False
    )


@pytest.mark.parametrize("tag", [0x00110100, 0x0011000F, 0x00111010, 0x00010010, 0xFFFF0010])
def test_not_private_creator(tag: int) -> None:
    """Private data elements, low elements and the illegal odd groups are unknown."""
    assert lookup(tag) is None


def test_standard_tag_in_creator_range() -> None:
    """(0008,0010) is a standard row, not a private creator."""
    assert _keyword(0x00080010) == "RecognitionCode"


@pytest.mark.parametrize("tag", [-1, 0x100000000, 0x00091234, 0x00000005])
def test_unknown_tags(tag: int) -> None:
    """Unknown and out-of-range tags give None, "" and ""."""
    assert lookup(tag) is None
    assert keyword_for_tag(tag) == ""
    assert dictionary_vr(tag) == ""


# ---------------------------------------------------------------- keywords


def test_keyword_round_trip() -> None:
    """Every keyword leads to a tag whose entry has that keyword."""
    keywords = [row[3] for row in ELEMENTS.values() if row[3]]
    keywords += [row[3] for _mask, _value, row in MASKS]
    assert len(keywords) == 5348
    for keyword in keywords:
        tag = tag_for_keyword(keyword)
        assert tag is not None, keyword
        assert keyword_for_tag(tag) == keyword


def test_tag_for_keyword_of_masks() -> None:
    """Repeating entries give their base tag, or their first tag no other entry holds."""
    assert tag_for_keyword("OverlayData") == 0x60003000
    assert tag_for_keyword("VariablePixelData") == 0x7F000010
    assert tag_for_keyword("RunLengthTriplet") == 0x10000001
    # The bases (0028,0400), (1000,0000) and (1010,0000) are other entries' tags.
    assert tag_for_keyword("RowsForNthOrderCoefficients") == 0x00280410
    assert tag_for_keyword("EscapeTriplet") == 0x10000010
    assert tag_for_keyword("ZonalMap") == 0x10100001


def test_entry_for_keyword() -> None:
    """Keywords give the full entry."""
    entry = entry_for_keyword("OverlayData")
    assert entry is not None
    assert (entry.tag, entry.mask) == (0x60003000, "(60xx,3000)")
    assert entry_for_keyword("PatientName") is lookup(0x00100010)


@pytest.mark.parametrize(
    "keyword", ["", "NotAKeyword", "patientname", "GenericGroupLength", "PrivateCreator"]
)
def test_unknown_keywords(keyword: str) -> None:
    """Unknown keywords, and the generic ones that name many tags, give None."""
    assert tag_for_keyword(keyword) is None
    assert entry_for_keyword(keyword) is None


def test_dictionary_vr() -> None:
    """The VR text of standard tags; private data elements are not looked up."""
    assert dictionary_vr(0x00100010) == "PN"
    assert dictionary_vr(0x7FE00010) == "OB or OW"
    assert dictionary_vr(0x60023000) == "OB or OW"
    assert dictionary_vr(0xFFFEE000) == ""
    assert dictionary_vr(0x00090010) == "LO"
    assert dictionary_vr(0x00191010) == ""


# ---------------------------------------------------------------- UIDs


def test_implicit_vr_little_endian() -> None:
    """The default transfer syntax keeps its info clause apart from its name."""
    assert uid_info("1.2.840.10008.1.2") == UIDEntry(
        uid="1.2.840.10008.1.2",
        name="Implicit VR Little Endian",
        keyword="ImplicitVRLittleEndian",
        type="Transfer Syntax",
        info="Default Transfer Syntax for DICOM",
        retired=False,
    )


def test_uid_retired_flags() -> None:
    """Explicit VR Big Endian is retired; Explicit VR Little Endian is not."""
    big = uid_info("1.2.840.10008.1.2.2")
    little = uid_info("1.2.840.10008.1.2.1")
    assert big is not None
    assert big.retired
    assert little is not None
    assert not little.retired
    assert little.info == ""


def test_blank_retired_uid() -> None:
    """The two blank retired SOP classes of Table A-1 are kept."""
    entry = uid_info("1.2.840.10008.5.1.4.1.1.40")
    assert entry == UIDEntry("1.2.840.10008.5.1.4.1.1.40", "", "", "SOP Class", "", True)


def test_uid_for_keyword() -> None:
    """Keywords give UIDs; blank or unknown keywords give None."""
    assert uid_for_keyword("ExplicitVRLittleEndian") == "1.2.840.10008.1.2.1"
    assert uid_for_keyword("JPEGXLLossless") == "1.2.840.10008.1.2.4.110"
    assert uid_for_keyword("") is None
    assert uid_for_keyword("NoSuchUID") is None


def test_unknown_uid() -> None:
    """A UID outside the registry gives None."""
    assert uid_info("1.2.3.4") is None
    assert uid_info("") is None


def test_uids_of_type() -> None:
    """Grouping by type covers the registry, in UID order."""
    syntaxes = uids_of_type("Transfer Syntax")
    expected = sum(1 for row in UIDS.values() if row[2] == "Transfer Syntax")
    assert len(syntaxes) == expected == 63
    assert syntaxes[0].uid == "1.2.840.10008.1.2"
    assert all(entry.type == "Transfer Syntax" for entry in syntaxes)
    assert len(uids_of_type("Well-known frame of reference")) == 28
    assert uids_of_type("No such type") == ()


def test_uids_of_type_matches_the_tsv() -> None:
    """The number of transfer syntaxes is the registry's."""
    path = SHARED / "uids.tsv"
    if not path.is_file():
        pytest.skip("../shared/dicom not found: this check needs the DICOM registries")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for uid_type in {row["type"] for row in rows}:
        count = sum(1 for row in rows if row["type"] == uid_type)
        assert len(uids_of_type(uid_type)) == count, uid_type


# ---------------------------------------------------------------- private


def test_private_gdcm_row() -> None:
    """An ``xxEE`` row from GDCM."""
    assert private_lookup("PHILIPS MR/PART", 0x0019, 0x00) == PrivateEntry(
        "PHILIPS MR/PART", 0x0019, 0x00, "DS", "1", "Field of View", "GDCM"
    )


def test_private_dcmtk_only_row() -> None:
    """A row only DCMTK has, with its CamelCase name."""
    assert private_lookup("DCMTK_ANONYMIZER", 0x0009, 0x10) == PrivateEntry(
        "DCMTK_ANONYMIZER", 0x0009, 0x10, "UI", "1", "AnonymizerUIDKey", "DCMTK"
    )


def test_private_fixed_element_rows() -> None:
    """Fixed-element rows apply to their tag only, before the block's offset rows."""
    stacks = private_lookup_tag("PHILIPS MR/PART", 0x00191100)
    assert stacks is not None
    assert (stacks.name, stacks.source, stacks.element_offset) == ("NumberOfStacks", "DCMTK", 0)
    field_of_view = private_lookup_tag("PHILIPS MR/PART", 0x00191000)
    assert field_of_view is not None
    assert field_of_view.name == "Field of View"
    oculus = private_lookup_tag("OCULUS Optikgeraete GmbH", 0x00291010)
    assert oculus is not None
    assert (oculus.vr, oculus.name) == ("OB", "OriginalMeasuringData")
    assert private_lookup("OCULUS Optikgeraete GmbH", 0x0029, 0x10) is None
    assert private_lookup_tag("OCULUS Optikgeraete GmbH", 0x00291110) is None


def test_private_gdcm_low_element_rows() -> None:
    """GDCM's ``00EE`` rows are offsets in the block, as GDCM reads them."""
    entry = private_lookup_tag("PMTF INFORMATION DATA^10", 0x00191001)
    assert entry is not None
    assert (entry.vr, entry.element_offset) == ("UL", 0x01)
    assert private_lookup("PMTF INFORMATION DATA^10", 0x0019, 0x01) == entry


def test_private_whole_block_row() -> None:
    """GDCM's ``10xx`` row covers the rest of block 0x10, after the offset rows."""
    known = private_lookup_tag("GEMS_ACQU_01", 0x00191002)
    assert known is not None
    assert known.name != "Private Element Creator"
    other = private_lookup_tag("GEMS_ACQU_01", 0x001910FE)
    assert other is not None
    assert (other.vr, other.name, other.element_offset) == ("LO", "Private Element Creator", 0xFE)
    assert private_lookup("GEMS_ACQU_01", 0x0019, 0xFE) is None
    assert private_lookup_tag("GEMS_ACQU_01", 0x001911FE) is None


def test_private_repeating_groups() -> None:
    """``60xx`` and ``70xx`` rows apply to every odd group of the range."""
    entry = private_lookup("DLX_ANNOT_01", 0x7001, 0x04)
    assert entry == PrivateEntry("DLX_ANNOT_01", 0x7001, 0x04, "ST", "1", "Text_annotation", "GDCM")
    rows = private_lookup_tag("PAPYRUS 3.0", 0x60F11010)
    assert rows is not None
    assert (rows.group, rows.name) == (0x60F1, "Overlay Rows")
    assert private_lookup("DLX_ANNOT_01", 0x7000, 0x04) is None


def test_private_creator_case_variant() -> None:
    """A creator differing only in case or spacing falls back to the dictionary's spelling."""
    entry = private_lookup("philips mr imaging dd 001", 0x2005, 0x00)
    assert entry is not None
    assert (entry.creator, entry.vr, entry.source) == ("Philips MR Imaging DD 001", "FL", "GDCM")
    spaced = private_lookup("SIEMENS CT VA0 COAD", 0x0019, 0x10)
    assert spaced is not None
    assert spaced.creator == "SIEMENS CT VA0  COAD"
    padded = private_lookup("GEMS_ACQU_01 ", 0x0019, 0x02)
    assert padded is not None
    assert padded.creator == "GEMS_ACQU_01"


def test_private_exact_creator_first() -> None:
    """The exact spelling wins; the other spellings fill its gaps."""
    dcmtk = private_lookup("PHILIPS MR IMAGING DD 001", 0x2005, 0x05)
    gdcm = private_lookup("Philips MR Imaging DD 001", 0x2005, 0x05)
    assert dcmtk is not None
    assert gdcm is not None
    assert (dcmtk.name, gdcm.name) == ("SynergyReconstructionType", "Synergy Reconstruction Type")
    filled = private_lookup("PHILIPS MR IMAGING DD 001", 0x2005, 0x00)
    assert filled is not None
    assert filled.creator == "Philips MR Imaging DD 001"


@pytest.mark.parametrize(
    ("creator", "group", "offset"),
    [
        ("NO SUCH CREATOR", 0x0009, 0x10),
        ("PHILIPS MR/PART", 0x0009, 0x00),
        ("PHILIPS MR/PART", 0x0018, 0x00),
        ("PHILIPS MR/PART", 0x0019, 0x100),
        ("PHILIPS MR/PART", 0x10019, 0x00),
        ("", 0x0019, 0x00),
    ],
)
def test_private_unknown(creator: str, group: int, offset: int) -> None:
    """Unknown creators, groups and offsets give None."""
    assert private_lookup(creator, group, offset) is None


def test_private_lookup_tag_outside_blocks() -> None:
    """Creator elements, group lengths and bad tags are not private data elements."""
    assert private_lookup_tag("PHILIPS MR/PART", 0x00190010) is None
    assert private_lookup_tag("PHILIPS MR/PART", 0x00190000) is None
    assert private_lookup_tag("PHILIPS MR/PART", 0x100191000) is None

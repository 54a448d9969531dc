"""Typing promises of typeddcm.compat.datadict and the dictionary's additions (mypy, not run)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import assert_type

from typeddcm import dictionary
from typeddcm.compat import datadict
from typeddcm.dictionary import DictionaryEntry, PrivateEntry


def check_lookups() -> None:
    assert_type(datadict.dictionary_VR("PatientName"), str)
    assert_type(datadict.dictionary_VM((0x0010, 0x0010)), str)
    assert_type(datadict.dictionary_description(0x00100010), str)
    assert_type(datadict.dictionary_keyword("00100010"), str)
    assert_type(datadict.dictionary_is_retired(0x00100010), bool)
    assert_type(datadict.dictionary_has_tag(0x00100010), bool)
    assert_type(datadict.keyword_for_tag(0x00100010), str)
    assert_type(datadict.tag_for_keyword("PatientName"), int | None)
    assert_type(datadict.get_entry(0x00100010), tuple[str, str, str, str, str])
    assert_type(datadict.mask_match(0x60003000), str | None)
    assert_type(datadict.repeater_has_tag(0x60003000), bool)
    assert_type(datadict.repeater_has_keyword("OverlayData"), bool)
    assert_type(datadict.get_private_entry(0x00291010, "SIEMENS CSA HEADER"),
                tuple[str, str, str, str])
    assert_type(datadict.private_dictionary_VR(0x00291010, "SIEMENS CSA HEADER"), str)


def check_tables() -> None:
    assert_type(datadict.DicomDictionary, Mapping[int, tuple[str, str, str, str, str]])
    assert_type(datadict.RepeatersDictionary, Mapping[str, tuple[str, str, str, str, str]])
    assert_type(datadict.keyword_dict, Mapping[str, int])
    # A Mapping (with pydicom's clear/update for saving and restoring additions).
    private: Mapping[str, Mapping[str, tuple[str, str, str, str]]] = datadict.private_dictionaries
    assert_type(private["ACME"], Mapping[str, tuple[str, str, str, str]])


def check_additions() -> None:
    assert_type(datadict.add_dict_entry(0x00F20010, "US", "TestOne", "Test One"), None)
    assert_type(datadict.add_private_dict_entry("ACME", 0x00410001, "US", "One"), None)
    assert_type(dictionary.add_entry(0x00F20010, "US", "TestOne", "Test One"), DictionaryEntry)
    assert_type(dictionary.add_private_entry("ACME", 0x0041, 0x01, "US"), PrivateEntry)
    assert_type(dictionary.added_entries(), Mapping[int, DictionaryEntry])
    assert_type(dictionary.added_private_entries(), Mapping[tuple[str, int, int], PrivateEntry])
    with dictionary.temporary_additions():
        dictionary.remove_entries([0x00F20010])
        dictionary.remove_private_entries([("ACME", 0x0041, 0x01)])
        dictionary.clear_added()

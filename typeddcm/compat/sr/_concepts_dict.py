"""pydicom's ``sr._concepts_dict``: ``concepts``, built from our PS3.16 tables on import.

Shape as pydicom's: scheme -> keyword -> code value -> (meaning, [CID numbers]).
A plain dict built once, a copy of the tables: changing it does not change
``codes`` (which reads the tables themselves).  Code that imports it pays for
building it (all 18,735 concepts); ``codes`` does not need it.
"""

from __future__ import annotations

from . import _data

__all__ = ["concepts"]


def _build() -> dict[str, dict[str, dict[str, tuple[str, list[int]]]]]:
    cids_of: dict[tuple[str, str], list[int]] = {}
    for number in _data.cid_names():
        for scheme_name, keywords in _data.cid(number).groups.items():
            for keyword in keywords:
                cids_of.setdefault((scheme_name, keyword), []).append(number)
    return {
        scheme_name: {
            keyword: {value: (meaning, cids_of.get((scheme_name, keyword), []))}
            for keyword, value, meaning in _data.scheme(scheme_name).rows()
        }
        for scheme_name in _data.scheme_names()
    }


concepts = _build()

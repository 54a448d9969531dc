"""pydicom's ``sr._cid_dict``: ``name_for_cid`` and ``cid_concepts``, built on import.

``name_for_cid``: CID number -> keyword-form name; ``cid_concepts``: CID number ->
scheme -> [keywords].  Plain dicts built from our PS3.16 tables, copies: changing
them does not change ``codes``.
"""

from __future__ import annotations

from . import _data

__all__ = ["cid_concepts", "name_for_cid"]

name_for_cid: dict[int, str] = _data.cid_names()

cid_concepts: dict[int, dict[str, list[str]]] = {
    number: {scheme_name: list(keywords)
             for scheme_name, keywords in _data.cid(number).groups.items()}
    for number in name_for_cid
}

"""pydicom's ``_uid_dict``: ``UID_dictionary``, uid -> (name, type, info, retired, keyword).

Built from our UID registry (PS3.6 Annex A, ``typeddcm.dictionary``) when this module
is first imported; the compat package does not import it (``uid.UID_dictionary``
does, on first use), so ``import typeddcm.compat`` does not pay for it.
``retired`` is "Retired" or "", and ``info`` the registry's ": Default Transfer
Syntax for ..." clause, else "" (pydicom also puts the registry's part column
there: "DICOS").  It is a plain dict as pydicom's is; entries added to it are not
seen by :class:`typeddcm.compat.uid.UID`, which reads the registry itself.
"""

from __future__ import annotations

from typeddcm.dictionary._uids import UIDS

__all__ = ["UID_dictionary"]

UID_dictionary: dict[str, tuple[str, str, str, str, str]] = {
    uid: (name, uid_type, info, "Retired" if retired else "", keyword)
    for uid, (name, keyword, uid_type, info, retired) in UIDS.items()
}

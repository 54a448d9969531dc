"""New UIDs (PS3.5 9 and Annex B): ``generate_uid()``.

Without a prefix a UID is ``2.25.`` followed by the decimal integer of a random
(version 4) UUID, the form PS3.5 B.2 defines for anyone without a registered
root (ISO/IEC 9834-8).  With your organisation's root as ``prefix`` the rest is
random digits, or, with ``entropy``, digits of a SHA-512 digest of the given
strings, so the same sources always give the same UID (what consistent
de-identification across files needs).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from typeddcm.errors import InvalidValueError

__all__ = ["MAX_UID_LENGTH", "MAX_PREFIX_LENGTH", "generate_uid", "is_valid_uid"]

#: PS3.5 9.1: a UID is at most 64 characters.
MAX_UID_LENGTH = 64
#: A prefix leaves at least ten digits for what makes the UID unique.
MAX_PREFIX_LENGTH = 54

_UID = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")


def is_valid_uid(text: str) -> bool:
    """Whether ``text`` is a UID by PS3.5 9.1: digits and dots, no leading zeros, <= 64."""
    return len(text) <= MAX_UID_LENGTH and _UID.fullmatch(text) is not None


def generate_uid(prefix: str | None = None, *, entropy: Iterable[str] | None = None) -> str:
    """A new UID: ``2.25.<UUID as an integer>``, or ``prefix`` and digits.

    ``prefix`` must end with a dot and be a valid UID root of at most 54
    characters.  ``entropy`` (with a prefix) makes the UID a function of those
    strings; without a prefix it is ignored, as a ``2.25.`` UID must come from a UUID.
    """
    # Imported here: hashlib and uuid cost ~3 ms of ``import typeddcm``, which most
    # readers would pay without ever making a UID.
    import hashlib
    import uuid

    if prefix is None:
        return f"2.25.{uuid.uuid4().int}"
    if len(prefix) > MAX_PREFIX_LENGTH or not prefix.endswith(".") or not is_valid_uid(
            prefix[:-1]):
        raise InvalidValueError("UI", prefix, "a UID prefix is a valid UID root ending in "
                                f"'.', at most {MAX_PREFIX_LENGTH} characters (PS3.5 9.1)")
    if entropy is None:
        digits = str(uuid.uuid4().int)
    else:
        digest = hashlib.sha512("".join(entropy).encode("utf-8")).digest()
        digits = str(int.from_bytes(digest, "big"))
    # str(int) never starts with a zero unless it is "0", so the component stays valid.
    return prefix + digits[: MAX_UID_LENGTH - len(prefix)]

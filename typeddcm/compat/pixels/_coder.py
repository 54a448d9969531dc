"""What a pydicom 3 Decoder and Encoder share: a transfer syntax and our registry's codecs.

The object holds its UID only: availability and plugins are asked of
typeddcm.pixels' registry each time, so a codec registered later is seen.
"""

from __future__ import annotations

from ..uid import UID
from . import _sources

__all__ = ["CoderBase"]


class CoderBase:
    """A transfer syntax's decoder or encoder, over typeddcm.pixels' codec registry."""

    _decoder = True

    def __init__(self, uid: str) -> None:
        self._uid = UID(uid)

    @property
    def UID(self) -> UID:
        """The transfer syntax this decodes or encodes."""
        return self._uid

    @property
    def name(self) -> str:
        """pydicom's name of the object: ``RLELosslessDecoder``, ``JPEG2000Encoder`` ..."""
        kind = "Decoder" if self._decoder else "Encoder"
        return f"{self._uid.keyword or self._uid}{kind}"

    @property
    def is_encapsulated(self) -> bool:
        """Whether the syntax's pixel data is encapsulated (compressed)."""
        return bool(self._uid.is_encapsulated)

    @property
    def is_native(self) -> bool:
        """Whether the syntax's pixel data is native (uncompressed)."""
        return not self.is_encapsulated

    @property
    def available_plugins(self) -> tuple[str, ...]:
        """The plugin labels (pydicom's names) that can run here, sorted."""
        if self._decoder and self.is_native:
            return ()
        return tuple(_sources.plugin_labels(str(self._uid), decoder=self._decoder)[0])

    @property
    def is_available(self) -> bool:
        """Whether anything here can do the work (native data always decodes)."""
        if self._decoder and self.is_native:
            return True
        return bool(self.available_plugins)

    @property
    def missing_dependencies(self) -> list[str]:
        """``"label - requires package"`` for each plugin that cannot run here."""
        available, missing = _sources.plugin_labels(str(self._uid), decoder=self._decoder)
        if not available and not missing and self.is_encapsulated:
            what = "decoder" if self._decoder else "encoder"
            return [f"typeddcm - has no {what} for {self._uid.name}"]
        return missing

    def __repr__(self) -> str:
        return f"<{self.name} for {self._uid}>"

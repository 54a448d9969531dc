"""pydicom 3's ``hooks``: callbacks that choose a raw element's VR and convert its value.

``hooks.register_callback("raw_element_vr" | "raw_element_value", func)`` and
``hooks.register_kwargs("raw_element_kwargs", {...})`` as pydicom 3 documents them; the
defaults are :func:`raw_element_vr` and :func:`raw_element_value`, and
:func:`raw_element_value_fix_separator` and :func:`raw_element_value_retry` are the two
alternatives pydicom ships.

Where they apply: every raw element converted by ``convert_raw_data_element`` /
``DataElement_from_raw``, and, when a callback other than the defaults is registered,
every element of a file ``dcmread`` reads (at every depth, before the dataset is
returned; see :func:`apply_hooks`).  Our reader decodes values from the file itself
when first used, so with only the defaults registered nothing is called and reading
stays lazy; what a reader sees is the same, because the defaults are what the reader
does.  An element a custom callback leaves as the defaults would is not touched (it is
still written back byte for byte).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, MutableSequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dataelem import RawDataElement
    from .dataset import Dataset

__all__ = ["Hooks", "apply_hooks", "hooks", "raw_element_value",
           "raw_element_value_fix_separator", "raw_element_value_retry", "raw_element_vr"]

Encodings = str | MutableSequence[str] | None


def raw_element_vr(raw: RawDataElement, data: dict[str, Any], *, encoding: Encodings = None,
                   ds: Dataset | None = None, **kwargs: Any) -> None:
    """The default ``raw_element_vr`` callback: store the VR to use in ``data["VR"]``.

    The raw element's VR, else the dictionary's; a private tag's from its creator's
    dictionary entry (LO for a creator, else UN); a group length UL; a tag no dictionary
    knows is UN with a warning (KeyError under reading validation mode RAISE), as
    pydicom 3.  An explicit UN for a tag the dictionary knows takes the dictionary's VR.
    """
    from . import config
    from ._rawelem import _vr_of

    try:
        data["VR"] = _vr_of(raw, ds)
    except KeyError:
        msg = f"VR lookup failed for the raw element with tag {raw.tag}"
        if config.settings.reading_validation_mode == config.RAISE:
            raise KeyError(msg) from None
        config.logger.warning("%s - setting VR to 'UN'", msg)
        warnings.warn(f"{msg} - setting VR to 'UN'", UserWarning, stacklevel=2)
        data["VR"] = "UN"


def raw_element_value(raw: RawDataElement, data: dict[str, Any], *,
                      encoding: Encodings = None, ds: Dataset | None = None,
                      **kwargs: Any) -> None:
    """The default ``raw_element_value`` callback: store the value of ``raw`` as
    ``data["VR"]`` in ``data["value"]`` (text decoded with ``encoding``, Python codecs).

    NotImplementedError (naming the tag) for a VR that is not a VR, as pydicom.
    """
    from ._rawelem import _LUT_DESCRIPTOR_TAGS, _value_of

    try:
        value = _value_of(raw, data["VR"], encoding)
    except NotImplementedError as error:
        msg = f"{error} in tag {raw.tag}"
        raise NotImplementedError(msg) from None
    if int(raw.tag) in _LUT_DESCRIPTOR_TAGS and isinstance(value, list) and value:
        first = value[0]
        if isinstance(first, int) and first < 0:  # the first value is US even under SS
            value[0] = first + 65536
    data["value"] = value


def raw_element_value_fix_separator(raw: RawDataElement, data: dict[str, Any], *,
                                    encoding: Encodings = None, ds: Dataset | None = None,
                                    separator: str | bytes = b",",
                                    target_VRs: tuple[str, ...] | None = None,
                                    **kwargs: Any) -> None:
    """A ``raw_element_value`` callback that first replaces ``separator`` by a
    backslash in values of the ``target_VRs`` (e.g. DS written "1,2")."""
    if target_VRs and data["VR"] in target_VRs and isinstance(raw.value, bytes):
        wrong = separator.encode("ascii") if isinstance(separator, str) else separator
        raw = raw._replace(value=raw.value.replace(wrong, b"\\"))
    raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)


def raw_element_value_retry(raw: RawDataElement, data: dict[str, Any], *,
                            encoding: Encodings = None, ds: Dataset | None = None,
                            target_VRs: dict[str, tuple[str, ...]] | None = None,
                            **kwargs: Any) -> None:
    """A ``raw_element_value`` callback that, when the conversion fails, tries the
    alternative VRs ``target_VRs[VR]`` in turn (the first that converts is kept);
    the first error is raised again when none does."""
    from .values import convert_value

    try:
        raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
    except Exception as error:
        for candidate in (target_VRs or {}).get(data["VR"], ()):
            try:
                data["value"] = convert_value(candidate, raw)
            except Exception:  # the next candidate may convert
                continue
            data["VR"] = candidate
            return
        raise error from None


class Hooks:
    """The callbacks in use (use the module's ``hooks``, as pydicom documents)."""

    def __init__(self) -> None:
        self.raw_element_vr: Callable[..., None] = raw_element_vr
        self.raw_element_value: Callable[..., None] = raw_element_value
        self.raw_element_kwargs: dict[str, Any] = {}

    def register_callback(self, hook: str, func: Any) -> None:
        """Use ``func`` for ``hook`` ("raw_element_vr" or "raw_element_value")."""
        if not callable(func):
            msg = "'func' must be a callable function"
            raise TypeError(msg)
        if hook == "raw_element_value":
            self.raw_element_value = func
        elif hook == "raw_element_vr":
            self.raw_element_vr = func
        else:
            msg = f"Unknown hook '{hook}'"
            raise ValueError(msg)

    def register_kwargs(self, hook: str, kwargs: Any) -> None:
        """Pass ``kwargs`` to the callbacks ("raw_element_kwargs")."""
        if not isinstance(kwargs, dict):
            msg = f"'kwargs' must be a dict, not '{type(kwargs).__name__}'"
            raise TypeError(msg)
        if hook != "raw_element_kwargs":
            msg = f"Unknown hook '{hook}'"
            raise ValueError(msg)
        self.raw_element_kwargs = kwargs

    @property
    def customized(self) -> bool:
        """Whether a callback other than the defaults is registered."""
        return (self.raw_element_vr is not raw_element_vr
                or self.raw_element_value is not raw_element_value)

    def convert(self, raw: RawDataElement, encoding: Encodings, ds: Any) -> tuple[str, Any]:
        """(VR, value) of ``raw`` by the registered callbacks."""
        data: dict[str, Any] = {}
        kwargs = self.raw_element_kwargs
        self.raw_element_vr(raw, data, encoding=encoding, ds=ds, **kwargs)
        self.raw_element_value(raw, data, encoding=encoding, ds=ds, **kwargs)
        return data["VR"], data["value"]


#: The callbacks in use (pydicom 3's ``hooks`` singleton).
hooks: Hooks = Hooks()


def apply_hooks(ds: Dataset, encoding: Encodings = None) -> None:
    """Run the registered callbacks on every element of ``ds`` not yet read (at every
    depth): an element whose VR or value comes out other than the reader's is replaced.

    dcmread calls this when :attr:`Hooks.customized`; sequences are read by the reader
    (pydicom reads them itself too) and their items visited with their character set.
    """
    from .charset import convert_encodings
    from .dataelem import DataElement, RawDataElement

    terms = ds.get("SpecificCharacterSet", None)
    if terms is not None or encoding is None:
        encoding = convert_encodings(terms or None)
    for elem in list(ds.elements()):
        if not isinstance(elem, RawDataElement):
            if elem.VR == "SQ":
                for item in elem.value:
                    apply_hooks(item, encoding)
            continue
        current = ds[elem.tag]
        if current.VR == "SQ":
            for item in current.value:
                apply_hooks(item, encoding)
            continue
        vr, value = hooks.convert(elem, encoding, ds)
        if vr != current.VR or not _same(value, current.value):
            ds[elem.tag] = DataElement(elem.tag, vr, value, already_converted=True)


def _same(a: Any, b: Any) -> bool:
    try:
        return bool(a == b) and type(a) is type(b)
    except (ValueError, TypeError):  # arrays and the like: not comparable as one bool
        return False

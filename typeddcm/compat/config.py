"""pydicom's ``config`` module, with settings that are local to the thread (the context).

The documented spelling works::

    from typeddcm.compat import config
    config.datetime_conversion = True      # this thread / task only
    config.image_handlers.insert(0, my_handler)
    config.DS_decimal(True)
    config.debug()

but every knob lives in one immutable :class:`Settings` held by a
:class:`contextvars.ContextVar`: assigning a knob (through the module, whose class
is swapped for one with ``__setattr__``) replaces the settings of the *current
context only*, and reading a knob gives the current context's value.  So one
thread's ``config.datetime_conversion = True`` is never seen by another thread.

* A new thread starts from the defaults (Python gives it a fresh context): set
  what it needs in the thread, or start it with ``contextvars.copy_context().run``
  to hand over the current settings.  An asyncio task inherits its creator's.
* ``settings()`` gives the current snapshot (what library code should read);
  :func:`override` sets knobs for a ``with`` block and restores them after.
* ``settings`` is also pydicom 2.3+'s settings object: ``config.settings.X`` reads
  and ``config.settings.X = v`` sets knob ``X`` in the current context, as the
  module does.  Its ``reading_validation_mode`` and ``writing_validation_mode`` are
  :data:`IGNORE`, :data:`WARN` or :data:`RAISE`: what happens when a value that
  breaks PS3.5 is read (a value converted for pydicom code) or set (a 70-character
  LO, a DA of "2001-02-03", a UI with letters): nothing, a ``UserWarning``, or a
  ``ValueError``.  Unset (None, the default) they follow the 1.x knob
  ``enforce_valid_values``: RAISE when it is on, else IGNORE, pydicom 1.x's
  silence (pydicom >= 2.3 defaults to WARN; set WARN for its behaviour).
  :func:`strict_reading` and :func:`disable_value_validation` set them for a block.
* ``config.image_handlers`` (also ``config.pixel_data_handlers``, pydicom 1.2+'s
  name) reads as a list of the current handlers; changing that
  list in place (``append``, ``insert``, ``remove``, ``del h[0]`` ...) stores the
  new order in the current context.  ``config.data_element_callback_kwargs``
  reads as a dict that does the same.  Handlers may be given as modules (or any
  object with ``supports_transfer_syntax`` and ``get_pixeldata``) or as dotted
  module names, which are imported when the entry is first read from the list:
  the defaults are the names of ``typeddcm.compat.pixel_data_handlers``'
  ``numpy_handler``, ``rle_handler`` and ``pillow_handler``, in that order.
* pydicom 2.x/3.x knobs act where pydicom's do: ``assume_implicit_vr_switch`` and
  ``replace_un_with_known_vr`` when reading, ``APPLY_J2K_CORRECTIONS`` in the pixel
  data handlers' JPEG 2000 decode, ``use_DS_numpy`` (``DS_numpy()``) and
  ``use_IS_numpy`` on DS/IS values shown, ``INVALID_KEYWORD_BEHAVIOR`` and
  ``INVALID_KEY_BEHAVIOR`` on ``ds.CamelCase = v`` and ``key in ds`` ("IGNORE" by
  default, as 1.x), and ``future_behavior()`` (also ``PYDICOM_FUTURE``) raises for both
  of those and for invalid values set.
* ``debug()`` sets the context's ``debugging`` flag and configures the
  ``"typeddcm.compat"`` logger (:data:`logger`): its level is DEBUG once any
  context asked for debugging (logging levels are process-wide), and a filter
  drops that logger's DEBUG records in every context whose flag is off.
  Library code logs through :data:`logger` (pydicom used one "pydicom" logger).
"""

from __future__ import annotations

import contextvars
import importlib
import logging
import os
import sys
import types
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, SupportsIndex, overload

import attrs

__all__ = [
    "DEFAULT_IMAGE_HANDLERS",
    "DS_decimal",
    "DS_numpy",
    "IGNORE",
    "RAISE",
    "Settings",
    "WARN",
    "debug",
    "disable_value_validation",
    "future_behavior",
    "reset_data_element_callback",
    "have_numpy",
    "logger",
    "override",
    "reading_mode",
    "settings",
    "strict_reading",
    "writing_mode",
]

#: This module's namespace as the first import left it, when this run is a reload.
_FIRST_IMPORT: dict[str, Any] = (
    {k: v for k, v in globals().items() if k != "_FIRST_IMPORT"} if "_current" in globals()
    else {})

#: The default handlers, by module name, in the order they are tried.
DEFAULT_IMAGE_HANDLERS: tuple[str, ...] = (
    "typeddcm.compat.pixel_data_handlers.numpy_handler",
    "typeddcm.compat.pixel_data_handlers.rle_handler",
    "typeddcm.compat.pixel_data_handlers.pillow_handler",
)

#: pydicom's flag for "numpy can be imported": always True, numpy is a dependency of typeddcm.
have_numpy: Final = True

#: The one logger of the compat layer: pydicom's, by name, so that pydicom code that
#: configures ``logging.getLogger("pydicom")`` (levels, handlers, caplog) configures
#: ours.  A NullHandler, as pydicom adds: no "no handler" notice when nothing is set up.
logger = logging.getLogger("pydicom")
if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
    logger.addHandler(logging.NullHandler())

#: Validation mode: an invalid value passes silently.
IGNORE: Final = 0
#: Validation mode: an invalid value passes with a ``UserWarning``.
WARN: Final = 1
#: Validation mode: an invalid value raises ``ValueError``.
RAISE: Final = 2
_MODES = (IGNORE, WARN, RAISE)


def _check_mode(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (isinstance(value, bool) or value not in _MODES):
        msg = (f"{attribute.name} must be config.IGNORE (0), config.WARN (1), config.RAISE (2) "
               f"or None, not {value!r}")
        raise ValueError(msg)


_BEHAVIORS = ("IGNORE", "WARN", "RAISE")


def _check_behavior(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value not in _BEHAVIORS:
        msg = f"{attribute.name} must be 'IGNORE', 'WARN' or 'RAISE', not {value!r}"
        raise ValueError(msg)


def _frozen_kwargs(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return types.MappingProxyType(dict(value))


@attrs.frozen
class Settings:
    """One immutable snapshot of every knob (the defaults are pydicom's)."""

    #: DS values are ``Decimal`` based (True) or ``float`` based (False): see ``DS_decimal``.
    use_DS_decimal: bool = attrs.field(default=False, converter=bool)
    #: DS values read (several: an array; one: a numpy scalar) are numpy float64: see
    #: ``DS_numpy`` (pydicom 2.0+; not with ``use_DS_decimal``).
    use_DS_numpy: bool = attrs.field(default=False, converter=bool)
    #: IS values read are numpy int64 (an array for several values; pydicom 2.0+).
    use_IS_numpy: bool = attrs.field(default=False, converter=bool)
    #: Allow a Decimal-based DS to be made from a float.
    allow_DS_float: bool = attrs.field(default=False, converter=bool)
    #: Called for each raw data element while reading, before it joins the dataset.
    data_element_callback: Callable[..., Any] | None = None
    #: Keyword arguments passed to ``data_element_callback``.
    data_element_callback_kwargs: Mapping[str, Any] = attrs.field(
        factory=dict, converter=_frozen_kwargs
    )
    #: DA, DT and TM values read as ``datetime.date``, ``datetime`` and ``time``.
    datetime_conversion: bool = attrs.field(default=False, converter=bool)
    #: Raise for values the standard does not allow, instead of keeping them.
    enforce_valid_values: bool = attrs.field(default=False, converter=bool)
    #: ``debug()`` is on in this context.
    debugging: bool = attrs.field(default=False, converter=bool)
    #: Pixel data handlers (modules, handler objects, or dotted module names), in order.
    image_handlers: tuple[Any, ...] = attrs.field(
        default=DEFAULT_IMAGE_HANDLERS, converter=tuple
    )
    #: ``str(ds)`` shows the file meta information first (pydicom 2.0+).
    show_file_meta: bool = attrs.field(default=True, converter=bool)
    #: Empty text values (VM 0) read as None instead of "" (pydicom 1.4+).
    use_none_as_empty_text_VR_value: bool = attrs.field(default=False, converter=bool)
    #: IGNORE, WARN or RAISE for invalid values read; None: from ``enforce_valid_values``.
    reading_validation_mode: int | None = attrs.field(default=None, validator=_check_mode)
    #: IGNORE, WARN or RAISE for invalid values set; None: from ``enforce_valid_values``.
    writing_validation_mode: int | None = attrs.field(default=None, validator=_check_mode)
    #: JPEG 2000 through the pixel data handlers: the sample precision and signedness are
    #: the codestream's (True, pydicom 2.1+'s default) or Bits Stored's and Pixel
    #: Representation's alone (False).
    APPLY_J2K_CORRECTIONS: bool = attrs.field(default=True, converter=bool)
    #: Reading explicit VR data, VR bytes that are not two letters A-Z mean the element
    #: was written in implicit VR (True, pydicom 2.2+); False reads them as an unknown
    #: VR with a 2-byte length, as pydicom does.
    assume_implicit_vr_switch: bool = attrs.field(default=True, converter=bool)
    #: Reading explicit VR data, a UN element whose VR the (private) dictionary knows is
    #: read as that VR (True, pydicom 2.0+); False keeps it UN, its value the bytes.
    replace_un_with_known_vr: bool = attrs.field(default=True, converter=bool)
    #: ``ds.Name = v`` for a camel case name that is no keyword: "IGNORE" (the 1.x
    #: reference: a plain attribute), "WARN" (pydicom 2.1+'s default) or "RAISE".
    INVALID_KEYWORD_BEHAVIOR: str = attrs.field(default="IGNORE", validator=_check_behavior)
    #: ``key in ds`` for a key that is no tag or keyword ("PatientsName", 0x100000000):
    #: False, and "IGNORE" (1.x), "WARN" (pydicom 2.1+'s default) or "RAISE" (ValueError).
    INVALID_KEY_BEHAVIOR: str = attrs.field(default="IGNORE", validator=_check_behavior)
    #: pydicom's ``future_behavior()`` is on in this context.
    use_future: bool = attrs.field(default=False, converter=bool)


_KNOBS = frozenset(field.name for field in attrs.fields(Settings))
_DEFAULTS = Settings()
_current: contextvars.ContextVar[Settings] = contextvars.ContextVar(
    "typeddcm.compat.config", default=_DEFAULTS
)


def _check_names(names: Iterable[str]) -> None:
    unknown = sorted(set(names) - _KNOBS)
    if unknown:
        msg = f"unknown config setting(s) {unknown}; the settings are {sorted(_KNOBS)}"
        raise TypeError(msg)


def _set(**changes: Any) -> None:
    _check_names(changes)
    _current.set(attrs.evolve(_current.get(), **changes))


@contextmanager
def override(**changes: Any) -> Iterator[Settings]:
    """Set knobs for the ``with`` block (in this context), then restore the previous ones.

    ``TypeError`` for a name that is not a knob.  Yields the settings in force.
    """
    _check_names(changes)
    token = _current.set(attrs.evolve(_current.get(), **changes))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def reading_mode() -> int:
    """The validation mode for values read, in this context (None resolved)."""
    current = _current.get()
    mode = current.reading_validation_mode
    if mode is None:
        return RAISE if current.enforce_valid_values else IGNORE
    return mode


def writing_mode() -> int:
    """The validation mode for values set, in this context (None resolved)."""
    current = _current.get()
    mode = current.writing_validation_mode
    if mode is None:
        return RAISE if current.enforce_valid_values else IGNORE
    return mode


class _SettingsView:
    """``config.settings``: call it for the current snapshot; its attributes are the knobs.

    Reading ``settings.X`` gives the current context's knob ``X`` (the two
    validation modes resolved: never None); assigning sets it in the current
    context only; ``del settings.X`` restores the default there.
    """

    __slots__ = ()

    def __call__(self) -> Settings:
        """The current context's settings (an immutable snapshot)."""
        return _current.get()

    @property
    def reading_validation_mode(self) -> int:
        """IGNORE, WARN or RAISE: what an invalid value read from data does."""
        return reading_mode()

    @reading_validation_mode.setter
    def reading_validation_mode(self, value: int | None) -> None:
        _set(reading_validation_mode=value)

    @property
    def writing_validation_mode(self) -> int:
        """IGNORE, WARN or RAISE: what setting an invalid value does."""
        return writing_mode()

    @writing_validation_mode.setter
    def writing_validation_mode(self, value: int | None) -> None:
        _set(writing_validation_mode=value)

    def __getattr__(self, name: str) -> Any:
        if name in _KNOBS:
            return _read(name)
        msg = f"config.settings has no setting {name!r}; the settings are {sorted(_KNOBS)}"
        raise AttributeError(msg)

    def __setattr__(self, name: str, value: Any) -> None:
        if name not in _KNOBS:
            msg = f"config.settings has no setting {name!r}; the settings are {sorted(_KNOBS)}"
            raise AttributeError(msg)
        _set(**{name: value})

    def __delattr__(self, name: str) -> None:
        if name not in _KNOBS:
            msg = f"config.settings has no setting {name!r}"
            raise AttributeError(msg)
        _set(**{name: getattr(_DEFAULTS, name)})

    def __dir__(self) -> list[str]:
        return sorted(set(object.__dir__(self)) | _KNOBS)

    def __repr__(self) -> str:
        return f"<config.settings of this context: {_current.get()!r}>"


#: The current context's settings: ``settings()`` is the snapshot, ``settings.X`` a knob.
settings: Final = _SettingsView()


@contextmanager
def strict_reading() -> Iterator[None]:
    """Invalid values read in the ``with`` block raise ``ValueError`` (this context)."""
    with override(reading_validation_mode=RAISE):
        yield


@contextmanager
def disable_value_validation() -> Iterator[None]:
    """No value validation, reading or setting, in the ``with`` block (this context)."""
    with override(reading_validation_mode=IGNORE, writing_validation_mode=IGNORE):
        yield


def reset_data_element_callback() -> None:
    """No data element callback (and no keyword arguments for one), in this context."""
    _set(data_element_callback=None, data_element_callback_kwargs={})


def DS_decimal(use_Decimal_boolean: bool = True) -> None:
    """DS values are ``Decimal`` based (True) or ``float`` based (False), in this context.

    ValueError (nothing changed) to turn it on while ``use_DS_numpy`` is on.
    """
    if use_Decimal_boolean and _current.get().use_DS_numpy:
        raise ValueError("Cannot set use_DS_decimal True if use_DS_numpy is True")
    _set(use_DS_decimal=use_Decimal_boolean)


def DS_numpy(use_numpy: bool = True) -> None:
    """DS values read are numpy float64 (True: an array for several values, a numpy scalar
    for one) or DSfloat/MultiValue (False), in this context.  ValueError (nothing changed)
    to turn it on while ``use_DS_decimal`` is on."""
    if use_numpy and _current.get().use_DS_decimal:
        raise ValueError("Cannot use numpy arrays to read DS elements if `use_DS_decimal` is True")
    _set(use_DS_numpy=use_numpy)


def numpy_values(code: str) -> bool:
    """Whether values of VR ``code`` ("DS", "IS") are shown as numpy in this context."""
    current = _current.get()
    return current.use_DS_numpy if code == "DS" else code == "IS" and current.use_IS_numpy


def future_behavior(enable_future: bool = True) -> None:
    """pydicom 2.1+'s "behave as the next major version will", in this context.

    On: a camel case attribute name that is no keyword raises ValueError
    (``INVALID_KEYWORD_BEHAVIOR = "RAISE"``) and invalid values set raise
    (``writing_validation_mode = RAISE``).  Off: both back to their defaults.  The
    environment variable ``PYDICOM_FUTURE`` (true/false, yes/no, on/off, 1/0) turns it
    on when this module is imported (or reloaded).
    """
    if enable_future:
        _set(use_future=True, INVALID_KEYWORD_BEHAVIOR="RAISE", writing_validation_mode=RAISE)
    else:
        _set(use_future=False, INVALID_KEYWORD_BEHAVIOR=_DEFAULTS.INVALID_KEYWORD_BEHAVIOR,
             writing_validation_mode=None)


def check_attribute_name(name: str) -> None:
    """What ``ds.<name> = value`` does for a name that is no keyword (compat Dataset).

    A camel case name (ASCII letters only, three or more, one of them upper case:
    ``PatientsName``, ``bitsStored``) looks like a mistyped keyword: per this
    context's ``INVALID_KEYWORD_BEHAVIOR`` it is set silently, with a UserWarning,
    or refused with ValueError.  Other names are plain attributes.
    """
    behavior = _current.get().INVALID_KEYWORD_BEHAVIOR
    if behavior == "IGNORE" or not (
            len(name) > 2 and name.isascii() and name.isalpha() and not name.islower()):
        return
    msg = f"Camel case attribute '{name}' used which is not in the element keyword data dictionary"
    if behavior == "RAISE":
        raise ValueError(msg)
    warnings.warn(msg, UserWarning, stacklevel=3)


def check_invalid_key(key: object, error: BaseException) -> None:
    """What ``key in ds`` does for a ``key`` that is no tag (``error``: why), by this
    context's ``INVALID_KEY_BEHAVIOR``: nothing, a UserWarning, or ValueError."""
    behavior = _current.get().INVALID_KEY_BEHAVIOR
    if behavior == "IGNORE":
        return
    if isinstance(error, OverflowError):
        msg = ("Invalid element tag value used with the 'in' operator: tags have a maximum "
               "value of (0xFFFF, 0xFFFF)")
    else:
        msg = (f"Invalid value '{key}' used with the 'in' operator: must be an element tag "
               f"as a 2-tuple or int, or an element keyword")
    if behavior == "RAISE":
        raise ValueError(msg) from error
    warnings.warn(msg, UserWarning, stacklevel=3)


def _future_from_environment() -> bool | None:
    """``PYDICOM_FUTURE`` read as pydicom reads it; None when unset or empty."""
    text = os.environ.get("PYDICOM_FUTURE", "")
    if not text:
        return None
    if text.lower() in ("true", "yes", "on", "1"):
        return True
    if text.lower() in ("false", "no", "off", "0"):
        return False
    msg = "Unknown setting for environment variable PYDICOM_FUTURE. Use True or False."
    raise ValueError(msg)


class _DebugGate(logging.Filter):
    """Drop DEBUG records of :data:`logger` in contexts where ``debug()`` is off."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG or _current.get().debugging


if not any(type(f).__name__ == "_DebugGate" for f in logger.filters):  # once, reloaded or not
    logger.addFilter(_DebugGate())
_own_handler: list[logging.Handler] = []


def debug(debug_on: bool = True, default_handler: bool = True) -> None:
    """Turn logging of reading and writing details on (or off) in this context.

    On: the context's ``debugging`` flag is set and :data:`logger` is set to DEBUG;
    with ``default_handler`` a plain stream handler is added once, if the logger has
    no handler of its own.  Off: the flag is cleared, which hides the logger's DEBUG
    records in this context (other contexts keep theirs).
    """
    _set(debugging=debug_on)
    if not debug_on:
        return
    if logger.level == logging.NOTSET or logger.level > logging.DEBUG:
        logger.setLevel(logging.DEBUG)
    if default_handler and not logger.handlers and not _own_handler:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        _own_handler.append(handler)
        logger.addHandler(handler)


# ------------------------------------------------------------------ live views


def _resolve(entry: Any) -> Any:
    return importlib.import_module(entry) if isinstance(entry, str) else entry


def _same_handler(entry: Any, value: object) -> bool:
    if entry is value or entry == value:
        return True
    name = getattr(value, "__name__", None)
    return isinstance(entry, str) and name == entry


class _HandlerList(list[Any]):
    """The current context's handlers; changes in place are stored back into the context.

    Entries given as dotted module names are imported when read from the list.
    """

    def _store(self) -> None:
        _set(image_handlers=tuple(list.__iter__(self)))

    @overload
    def __getitem__(self, index: SupportsIndex) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        if isinstance(index, slice):
            return [_resolve(entry) for entry in list.__getitem__(self, index)]
        return _resolve(list.__getitem__(self, index))

    def __iter__(self) -> Iterator[Any]:
        return (_resolve(entry) for entry in list.__iter__(self))

    def __repr__(self) -> str:
        return repr(list(list.__iter__(self)))

    def __setitem__(self, index: Any, value: Any) -> None:
        list.__setitem__(self, index, value)
        self._store()

    def __delitem__(self, index: SupportsIndex | slice) -> None:
        list.__delitem__(self, index)
        self._store()

    def __iadd__(self, other: Iterable[Any]) -> _HandlerList:  # type: ignore[misc]
        list.extend(self, other)
        self._store()
        return self

    def append(self, value: Any) -> None:
        list.append(self, value)
        self._store()

    def extend(self, values: Iterable[Any]) -> None:
        list.extend(self, values)
        self._store()

    def insert(self, index: SupportsIndex, value: Any) -> None:
        list.insert(self, index, value)
        self._store()

    def index(self, value: Any, start: SupportsIndex = 0, stop: SupportsIndex = sys.maxsize) -> int:
        """Where ``value`` is; a module also matches an entry holding its name."""
        entries = list(list.__iter__(self))
        for i in range(*slice(start, stop).indices(len(entries))):
            if _same_handler(entries[i], value):
                return i
        msg = f"{value!r} is not in the image handlers"
        raise ValueError(msg)

    def __contains__(self, value: object) -> bool:
        return any(_same_handler(entry, value) for entry in list.__iter__(self))

    def remove(self, value: Any) -> None:
        list.__delitem__(self, self.index(value))
        self._store()

    def sort(self, *args: Any, **kwargs: Any) -> None:
        list.sort(self, *args, **kwargs)
        self._store()

    def pop(self, index: SupportsIndex = -1) -> Any:
        value = list.pop(self, index)
        self._store()
        return _resolve(value)

    def clear(self) -> None:
        list.clear(self)
        self._store()

    def reverse(self) -> None:
        list.reverse(self)
        self._store()


class _KwargsDict(dict[str, Any]):
    """The current context's callback kwargs; changes in place are stored back."""

    def _store(self) -> None:
        _set(data_element_callback_kwargs=dict(self))

    def __setitem__(self, key: str, value: Any) -> None:
        dict.__setitem__(self, key, value)
        self._store()

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        self._store()

    def update(self, *args: Any, **kwargs: Any) -> None:
        dict.update(self, *args, **kwargs)
        self._store()

    def pop(self, key: str, *default: Any) -> Any:
        value = dict.pop(self, key, *default)
        self._store()
        return value

    def setdefault(self, key: str, default: Any = None) -> Any:
        value = dict.setdefault(self, key, default)
        self._store()
        return value

    def clear(self) -> None:
        dict.clear(self)
        self._store()


def _read(name: str) -> Any:
    current = _current.get()
    if name == "image_handlers":
        return _HandlerList(current.image_handlers)
    if name == "data_element_callback_kwargs":
        return _KwargsDict(current.data_element_callback_kwargs)
    return getattr(current, name)


#: Other names of knobs: pydicom 1.2+ calls the handler list ``pixel_data_handlers``.
#: pydicom's ``_use_future`` is read (and set, by its tests) as a module attribute.
_ALIASES = {"pixel_data_handlers": "image_handlers", "_use_future": "use_future"}

#: The handler modules pydicom's config names (imported when first asked for).
_HANDLER_MODULES = {
    "np_handler": "numpy_handler", "rle_handler": "rle_handler",
    "pillow_handler": "pillow_handler", "gdcm_handler": "gdcm_handler",
    "jpegls_handler": "jpeg_ls_handler", "pylibjpeg_handler": "pylibjpeg_handler",
}


class _ConfigModule(types.ModuleType):
    """This module's class: the knobs read and write the current context's settings."""

    def __getattr__(self, name: str) -> Any:
        name = _ALIASES.get(name, name)
        if name in _KNOBS:
            return _read(name)
        if name in _HANDLER_MODULES:
            return importlib.import_module(
                f"typeddcm.compat.pixel_data_handlers.{_HANDLER_MODULES[name]}")
        msg = f"module {self.__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)

    def __setattr__(self, name: str, value: Any) -> None:
        name = _ALIASES.get(name, name)
        if name in _KNOBS:
            _set(**{name: value})
        else:
            super().__setattr__(name, value)

    def __delattr__(self, name: str) -> None:
        name = _ALIASES.get(name, name)
        if name in _KNOBS:  # back to the default, in this context
            _set(**{name: getattr(_DEFAULTS, name)})
        else:
            super().__delattr__(name)

    def __dir__(self) -> list[str]:
        return sorted(set(super().__dir__()) | _KNOBS | set(_ALIASES) | set(_HANDLER_MODULES))


if TYPE_CHECKING:
    # For mypy: the knobs as module attributes (at run time _ConfigModule serves them).
    use_DS_decimal: bool
    use_DS_numpy: bool
    use_IS_numpy: bool
    allow_DS_float: bool
    data_element_callback: Callable[..., Any] | None
    data_element_callback_kwargs: dict[str, Any]
    datetime_conversion: bool
    enforce_valid_values: bool
    debugging: bool
    image_handlers: list[Any]
    pixel_data_handlers: list[Any]
    show_file_meta: bool
    use_none_as_empty_text_VR_value: bool
    APPLY_J2K_CORRECTIONS: bool
    assume_implicit_vr_switch: bool
    replace_un_with_known_vr: bool
    INVALID_KEYWORD_BEHAVIOR: str
    INVALID_KEY_BEHAVIOR: str
    use_future: bool
    _use_future: bool
    np_handler: types.ModuleType
    rle_handler: types.ModuleType
    pillow_handler: types.ModuleType
    gdcm_handler: types.ModuleType
    jpegls_handler: types.ModuleType
    pylibjpeg_handler: types.ModuleType

# importlib.reload(config) (pydicom's tests do it) runs this module again in the same
# namespace.  Other modules hold its functions, classes and ``settings``, and open
# ``override`` blocks hold tokens of ``_current``: the objects of the first import are
# put back, so all of them stay the module's own.  The reload then sets this context
# back to the defaults, as a reload of pydicom's module resets its globals.
if _FIRST_IMPORT:
    for _name, _value in _FIRST_IMPORT.items():
        if isinstance(_value, (types.FunctionType, type, contextvars.ContextVar, _SettingsView,
                               logging.Logger)) or _name in ("_DEFAULTS", "_KNOBS"):
            globals()[_name] = _value
    _current.set(_DEFAULTS)
sys.modules[__name__].__class__ = _ConfigModule

# pydicom reads PYDICOM_FUTURE at import (a reload reads it again); unset leaves the
# context as it is.
_future = _future_from_environment()
if _future is not None:
    future_behavior(_future)

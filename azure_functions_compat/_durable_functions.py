"""The JSON codec of Durable Functions, at the private path the Durable Functions SDK imports.

``azure-functions-durable`` (imported as ``azure.durable_functions``) does not serialise
orchestration inputs, outputs and entity state itself: it imports helpers from
``azure.functions._durable_functions``. Under the drop-in that path is this module, so the
SDK runs unchanged. It offers what the SDK's releases import:

- ``_serialize_custom_object`` and ``_deserialize_custom_object``: the ``default`` and
  ``object_hook`` of ``json``. An object of a class with ``to_json``/``from_json`` travels as
  ``{"__class__": <class name>, "__module__": <module name>, "__data__": <to_json()>}``.
- ``df_dumps``/``df_loads``: ``json.dumps``/``json.loads`` with those hooks, plus the
  optional ``expected_type`` check and the strict mode switched on by the environment
  variable ``AZURE_FUNCTIONS_DURABLE_STRICT_TYPING`` (``1``, ``true`` or ``yes``).
- ``_get_serialize_default``: the ``default`` to give ``json.dumps`` in the current mode.
- ``OrchestrationContext`` and ``EntityContext`` (from ``durable_functions``).

Security: a payload names the module and class to rebuild. The module is looked up among
the modules already imported (``sys.modules``), never imported; the class must be a class
defined in that module's namespace (no module ``__getattr__``, which could import more)
and must have a callable ``from_json``.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import warnings
from typing import Any, Callable, Optional, Union

from ._validation import describe, fail_type
from .durable_functions import EntityContext, OrchestrationContext

__all__ = [
    "EntityContext",
    "OrchestrationContext",
    "_deserialize_custom_object",
    "_get_serialize_default",
    "_serialize_custom_object",
    "df_dumps",
    "df_loads",
]

# The same logger name as azure.functions, so logging set up for it applies here too.
logger = logging.getLogger("azure.functions.DurableFunctions")

_STRICT_ENV_VAR = "AZURE_FUNCTIONS_DURABLE_STRICT_TYPING"
_TRUTHY = frozenset({"1", "true", "yes"})
_LEGACY_KEYS = frozenset({"__class__", "__module__", "__data__"})

# Each advisory below is given once per process; a test may set these back to False.
_loose_codec_notice_emitted = False
_no_expected_type_notice_emitted = False


class _MissingClassError(ValueError, AttributeError):
    """A payload names a class its module does not define.

    azure.functions raises AttributeError here; this is also a ValueError, so code written
    for either catches it, and no bare AttributeError leaves the codec.
    """


def _is_strict_mode() -> bool:
    """Whether ``AZURE_FUNCTIONS_DURABLE_STRICT_TYPING`` is ``1``, ``true`` or ``yes``."""
    return os.environ.get(_STRICT_ENV_VAR, "").strip().lower() in _TRUTHY


def _advise(text: str) -> None:
    logger.info(text)
    # stacklevel 3: the line that called df_loads (or json.loads with the hook).
    warnings.warn(text, DeprecationWarning, stacklevel=3)


def _notify_loose_codec_used() -> None:
    """Advise strict typing, once, when the loose hook first rebuilds a custom object."""
    global _loose_codec_notice_emitted
    if _loose_codec_notice_emitted or _is_strict_mode():
        return
    _loose_codec_notice_emitted = True
    _advise(
        "Durable Functions JSON: a custom object was rebuilt from the class its payload "
        "names. To have payloads checked against the type you expect, pass expected_type "
        f"to df_loads and set {_STRICT_ENV_VAR}=1. (Said once per process.)"
    )


def _notify_no_expected_type() -> None:
    """Advise passing ``expected_type``, once, when df_loads is first called without it."""
    global _no_expected_type_notice_emitted
    if _no_expected_type_notice_emitted or _is_strict_mode():
        return
    _no_expected_type_notice_emitted = True
    _advise(
        "Durable Functions JSON: df_loads was called without expected_type. Passing the "
        f"type you expect lets it check the payload, and is required under {_STRICT_ENV_VAR}=1 "
        "for custom objects. (Said once per process.)"
    )


def _serialize_custom_object(obj: Any) -> dict[str, Any]:
    """The JSON envelope of a custom object: ``{"__class__", "__module__", "__data__"}``.

    ``__data__`` is what the class's ``to_json`` returns for ``obj`` (called on the class,
    with ``obj`` as its argument). This is the ``default`` hook ``json.dumps`` calls for an
    object it cannot write. Raises TypeError when ``obj`` has no ``to_json``, the error
    ``json.dumps`` expects from its hook.
    """
    if not hasattr(obj, "to_json"):
        raise TypeError(
            "Durable Functions JSON: a value must be JSON-serializable or of a class with "
            f"to_json and from_json functions, got {describe(obj)}"
        )
    kind = type(obj)
    return {
        "__class__": obj.__class__.__name__,
        "__module__": getattr(obj, "__module__", kind.__module__),
        "__data__": kind.to_json(obj),
    }


def _deserialize_custom_object(obj: dict[str, Any]) -> Any:
    """Rebuild a custom object from its JSON envelope; any other dict is returned as it is.

    This is the ``object_hook`` of ``json.loads``. An envelope (a dict with ``__class__``,
    ``__module__`` and ``__data__``) becomes ``cls.from_json(obj["__data__"])``; the dict
    given is not changed. Raises ValueError when the module named is not already imported
    (it is never imported on demand), a ValueError that is also an AttributeError when the
    module has no such class, TypeError when ``obj`` is not a dict, when a name is not a
    str, or when the class has no callable ``from_json``.
    """
    if not isinstance(obj, dict):
        raise fail_type("_deserialize_custom_object", "obj", "a dict (a JSON object)", obj)
    if not _LEGACY_KEYS.issubset(obj):
        return obj
    class_name = obj["__class__"]
    module_name = obj["__module__"]
    if not isinstance(module_name, str):
        raise fail_type("_deserialize_custom_object", "__module__", "a str", module_name)
    if not isinstance(class_name, str):
        raise fail_type("_deserialize_custom_object", "__class__", "a str", class_name)
    where = f"{module_name}.{class_name}"
    module = sys.modules.get(module_name)
    if module is None:
        raise ValueError(
            f"Durable Functions JSON: cannot rebuild a {where} object: module "
            f"{module_name!r} is not imported (modules named by a payload are never imported)"
        )
    # The module's own namespace only: a module-level __getattr__ could import other code.
    namespace = getattr(module, "__dict__", None)
    class_ = namespace.get(class_name) if isinstance(namespace, dict) else None
    if class_ is None:
        raise _MissingClassError(
            f"Durable Functions JSON: cannot rebuild a {where} object: module "
            f"{module_name!r} defines no {class_name!r}"
        )
    if not isinstance(class_, type):
        raise TypeError(
            f"Durable Functions JSON: cannot rebuild a {where} object: {class_name!r} is not "
            f"a class, got {describe(class_)}"
        )
    from_json = getattr(class_, "from_json", None)
    if not callable(from_json):
        raise TypeError(
            f"Durable Functions JSON: cannot rebuild a {where} object: the class has no "
            "callable from_json"
        )
    rebuilt = from_json(obj["__data__"])
    _notify_loose_codec_used()
    return rebuilt


def _get_serialize_default() -> Optional[Callable[[Any], dict[str, Any]]]:
    """The ``default`` hook for a ``json.dumps`` call of one's own, in the current mode.

    ``_serialize_custom_object`` normally; None in strict mode, where custom objects are
    only written at the top level, by ``df_dumps``.
    """
    if _is_strict_mode():
        return None
    return _serialize_custom_object


def df_dumps(value: Any) -> str:
    """``value`` as JSON text, custom objects (with ``to_json``) written as envelopes.

    Normally every custom object, at any depth, is written as an envelope. In strict mode
    (``AZURE_FUNCTIONS_DURABLE_STRICT_TYPING``) only ``value`` itself may be one, and what
    its ``to_json`` returns must be plain JSON. Raises TypeError for a value JSON cannot
    hold, ValueError for a circular reference or nesting deeper than the interpreter allows.
    """
    try:
        if not _is_strict_mode():
            return json.dumps(value, default=_serialize_custom_object)
        if hasattr(value, "to_json"):
            return json.dumps(_serialize_custom_object(value))
        return json.dumps(value)
    except RecursionError:
        raise ValueError(
            # Not describe(value): its repr would recurse as deeply.
            f"df_dumps: value nests too deeply to be written as JSON, got a {type(value).__name__}"
        ) from None


def _parse(s: object, object_hook: Optional[Callable[[dict[str, Any]], Any]] = None) -> Any:
    if not isinstance(s, (str, bytes, bytearray)):
        raise fail_type("df_loads", "s", "JSON text (a str, bytes or bytearray)", s)
    try:
        return json.loads(s, object_hook=object_hook)
    except RecursionError:
        raise ValueError(
            "df_loads: s nests JSON arrays or objects too deeply to be read"
        ) from None


def _type_name(kind: object) -> str:
    return f"{getattr(kind, '__module__', '?')}.{getattr(kind, '__name__', repr(kind))}"


def _is_envelope(raw: Any) -> bool:
    return isinstance(raw, dict) and _LEGACY_KEYS.issubset(raw)


def _is_compatible(value: Any, expected_type: Any) -> bool:
    try:
        return isinstance(value, expected_type)
    except TypeError:
        # Not a class isinstance understands (List[int], a Union...): nothing to check.
        return True


def df_loads(s: Union[str, bytes, bytearray], expected_type: Optional[Any] = None) -> Any:
    """The value of the JSON text ``s``, custom-object envelopes rebuilt.

    Without ``expected_type``: normally every envelope, at any depth, is rebuilt (see
    ``_deserialize_custom_object``); in strict mode nothing is, and an envelope at the top
    raises TypeError. With ``expected_type``: a value that is not of that type, or an
    envelope naming another class, is logged as a warning and read as without it; in strict
    mode either raises TypeError, and a matching envelope is rebuilt by
    ``expected_type.from_json`` (TypeError when it has none). Raises ``json.JSONDecodeError``
    (a ValueError) for invalid JSON, ValueError for nesting too deep, TypeError when ``s``
    is not text, and what ``_deserialize_custom_object`` raises.
    """
    strict = _is_strict_mode()
    if expected_type is None:
        _notify_no_expected_type()
        if not strict:
            return _parse(s, _deserialize_custom_object)
        raw = _parse(s)
        if _is_envelope(raw):
            raise TypeError(
                "df_loads: in strict mode a custom object can only be read with "
                f"expected_type, got a payload of {raw['__module__']}.{raw['__class__']}"
            )
        return raw

    raw = _parse(s)
    if _is_envelope(raw):
        declared = f"{raw['__module__']}.{raw['__class__']}"
        expected = (
            getattr(expected_type, "__module__", None),
            getattr(expected_type, "__name__", None),
        )
        if (raw["__module__"], raw["__class__"]) != expected:
            mismatch = (
                f"df_loads: the payload is of class {declared}, expected_type is "
                f"{_type_name(expected_type)}"
            )
            if strict:
                raise TypeError(mismatch)
            logger.warning(mismatch)
        if not strict:
            return _parse(s, _deserialize_custom_object)
        from_json = getattr(expected_type, "from_json", None)
        if not (callable(from_json) and callable(getattr(expected_type, "to_json", None))):
            raise TypeError(
                f"df_loads: expected_type {_type_name(expected_type)} must have callable "
                "to_json and from_json to read a custom object"
            )
        return from_json(raw["__data__"])

    if not _is_compatible(raw, expected_type):
        mismatch = (
            f"df_loads: the value read is a {type(raw).__name__}, not of expected_type "
            f"{_type_name(expected_type)}"
        )
        if strict:
            raise TypeError(mismatch)
        logger.warning(mismatch)
    if strict:
        return raw
    # Read again with the hook: envelopes nested in a plain value are rebuilt too.
    return _parse(s, _deserialize_custom_object)

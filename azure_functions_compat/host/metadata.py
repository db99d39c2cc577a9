"""One model of function metadata, read from ``function.json`` or from decorators alike.

Both programming models end in :func:`parse_function_config`: the folder model hands it the
parsed ``function.json``; the decorator model hands it the JSON each registered function
describes itself with (``get_function_json()``). Everything else in the host reads only the
:class:`FunctionMetadata` this produces.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from .._validation import short_repr
from .errors import AppLoadError
from .retry import RetryPolicy, parse_retry

_DIRECTIONS = ("in", "out", "inout")
_DATA_TYPES = ("string", "binary", "stream")
_AUTH_LEVELS = ("anonymous", "function", "admin")
_HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT")


class BindingMetadata:
    """One binding of a function: its ``name``, ``type``, ``direction`` and other settings.

    ``settings`` holds every property of the binding as written (``path``, ``queueName``,
    ``route`` ...); :meth:`get` reads one of them without regard to case, as the host does.
    ``sdk_type`` names the blob SDK type its parameter is annotated with (``BlobClient`` ...),
    set at load: such a binding hands over a client instead of the blob's content.
    """

    __slots__ = ("_lower", "data_type", "direction", "name", "sdk_type", "settings", "type")

    def __init__(
        self,
        *,
        name: str,
        type: str,
        direction: str,
        data_type: Optional[str] = None,
        settings: Optional[Mapping[str, Any]] = None,
    ) -> None:
        self.name = name
        self.type = type
        self.direction = direction
        self.data_type = data_type
        self.sdk_type: Optional[str] = None
        self.settings: dict[str, Any] = dict(settings or {})
        self._lower = {key.lower(): value for key, value in self.settings.items()}

    @property
    def is_trigger(self) -> bool:
        """True for a trigger binding (its type ends in ``Trigger``)."""
        return self.type.lower().endswith("trigger")

    @property
    def is_return(self) -> bool:
        """True for the ``$return`` binding, which takes the function's return value."""
        return self.name == "$return"

    def get(self, key: str, default: Any = None) -> Any:
        """A binding property by name, case-insensitive; ``default`` when absent."""
        return self._lower.get(key.lower(), default)

    def __repr__(self) -> str:
        return (
            f"BindingMetadata(name={self.name!r}, type={self.type!r}, "
            f"direction={self.direction!r})"
        )


class FunctionMetadata:
    """Everything the host knows about one function, whichever programming model declared it.

    ``route`` is the route template without the app's prefix (the function name when the
    trigger gives none); ``methods`` is a tuple of upper-case methods, or None for all;
    ``auth_level`` is ``anonymous``, ``function`` or ``admin`` (HTTP triggers only).
    ``source`` names the file the metadata came from, relative to the app folder.
    """

    __slots__ = (
        "auth_level",
        "bindings",
        "directory",
        "disabled",
        "entry_point",
        "methods",
        "name",
        "retry",
        "route",
        "script_file",
        "source",
        "trigger",
        "user_function",
    )

    def __init__(
        self,
        *,
        name: str,
        directory: str,
        script_file: str,
        entry_point: str,
        bindings: tuple[BindingMetadata, ...],
        trigger: BindingMetadata,
        source: str,
        disabled: bool = False,
        route: Optional[str] = None,
        methods: Optional[tuple[str, ...]] = None,
        auth_level: Optional[str] = None,
        user_function: Optional[Callable[..., Any]] = None,
        retry: Optional[RetryPolicy] = None,
    ) -> None:
        self.name = name
        # The retry policy of function.json (or @app.retry), or None.
        self.retry = retry
        self.directory = directory
        self.script_file = script_file
        self.entry_point = entry_point
        self.bindings = bindings
        self.trigger = trigger
        self.source = source
        self.disabled = disabled
        self.route = route
        self.methods = methods
        self.auth_level = auth_level
        self.user_function = user_function

    @property
    def is_http(self) -> bool:
        """True when the function is triggered by HTTP requests."""
        return self.trigger.type.lower() == "httptrigger"

    def binding(self, name: str) -> Optional[BindingMetadata]:
        """The binding called ``name``, or None."""
        for item in self.bindings:
            if item.name == name:
                return item
        return None

    def __repr__(self) -> str:
        return f"FunctionMetadata(name={self.name!r}, trigger={self.trigger.type!r})"


def _fail(source: str, field: str, problem: str) -> AppLoadError:
    return AppLoadError(f"{source}: {field} {problem}")


def _optional_str(source: str, field: str, value: object) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    raise _fail(source, field, f"must be a string, got {short_repr(value)}")


def _parse_binding(source: str, index: int, raw: object) -> BindingMetadata:
    where = f"bindings[{index}]"
    if not isinstance(raw, Mapping):
        raise _fail(source, where, f"must be a JSON object, got {short_repr(raw)}")
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if not isinstance(key, str):
            raise _fail(source, where, f"has a key that is not a string: {key!r}")
        values[key] = value
    lower = {key.lower(): value for key, value in values.items()}
    for field in ("name", "type", "direction"):
        if field not in lower:
            raise _fail(
                source,
                f"{where}.{field}",
                "is missing (every binding needs name, type, direction)",
            )
        value = lower[field]
        if not isinstance(value, str) or not value:
            raise _fail(
                source, f"{where}.{field}", f"must be a non-empty string, got {short_repr(value)}"
            )
    name = lower["name"]
    if name != "$return" and not name.isidentifier():
        raise _fail(
            source, f"{where}.name", f"must be a Python identifier or '$return', got {name!r}"
        )
    direction = lower["direction"].lower()
    if direction not in _DIRECTIONS:
        raise _fail(source, f"{where}.direction", f"must be in, out or inout, got {direction!r}")
    if name == "$return" and direction != "out":
        raise _fail(source, f"{where}.direction", f"of '$return' must be out, got {direction!r}")
    data_type = _optional_str(source, f"{where}.dataType", lower.get("datatype"))
    if data_type is not None:
        data_type = data_type.lower()
        if data_type not in (*_DATA_TYPES, "undefined"):
            raise _fail(
                source,
                f"{where}.dataType",
                f"must be string, binary or stream, got {data_type!r}",
            )
        if data_type == "undefined":
            data_type = None
    binding = BindingMetadata(
        name=name, type=lower["type"], direction=direction, data_type=data_type, settings=values
    )
    if binding.is_trigger and direction != "in":
        raise _fail(source, f"{where}.direction", f"of a trigger must be in, got {direction!r}")
    return binding


def _parse_http(
    source: str, index: int, trigger: BindingMetadata, function_name: str
) -> tuple[str, Optional[tuple[str, ...]], str]:
    where = f"bindings[{index}]"
    route = _optional_str(source, f"{where}.route", trigger.get("route"))
    if route is None or not route.strip("/"):
        route = function_name
    route = route.strip("/")
    raw_methods = trigger.get("methods")
    methods: Optional[tuple[str, ...]] = None
    if raw_methods is not None:
        if not isinstance(raw_methods, list):
            raise _fail(
                source, f"{where}.methods", f"must be a list of strings, got {raw_methods!r}"
            )
        checked = []
        for item in raw_methods:
            if not isinstance(item, str) or item.upper() not in _HTTP_METHODS:
                raise _fail(
                    source,
                    f"{where}.methods",
                    f"must hold HTTP methods ({', '.join(_HTTP_METHODS)}), got {short_repr(item)}",
                )
            if item.upper() not in checked:
                checked.append(item.upper())
        methods = tuple(checked) or None
    auth = _optional_str(source, f"{where}.authLevel", trigger.get("authLevel"))
    auth_level = "function" if auth is None else auth.lower()
    if auth_level not in _AUTH_LEVELS:
        raise _fail(
            source, f"{where}.authLevel", f"must be anonymous, function or admin, got {auth!r}"
        )
    return route, methods, auth_level


def parse_function_config(
    config: object,
    *,
    function_name: str,
    directory: str,
    source: str,
    user_function: Optional[Callable[..., Any]] = None,
) -> FunctionMetadata:
    """Read one function's configuration (a parsed ``function.json``) into FunctionMetadata.

    ``directory`` is the function's folder; ``scriptFile`` is resolved against it (default
    ``__init__.py``), ``entryPoint`` defaults to ``main``. ``source`` is the file name used in
    error messages. ``user_function`` is given by the decorator model, which has the function
    object already. Raises AppLoadError naming the file and the field for anything malformed:
    missing ``name``/``type``/``direction``, no trigger or two, duplicate names, bad values.
    """
    import os.path

    if not isinstance(config, Mapping):
        raise _fail(source, "the top level", f"must be a JSON object, got {config!r}")
    script = _optional_str(source, "scriptFile", config.get("scriptFile"))
    entry_point = _optional_str(source, "entryPoint", config.get("entryPoint"))
    if entry_point is not None and not entry_point.isidentifier():
        raise _fail(source, "entryPoint", f"must be a Python identifier, got {entry_point!r}")
    disabled = config.get("disabled", False)
    if not isinstance(disabled, bool):
        raise _fail(source, "disabled", f"must be true or false, got {disabled!r}")
    raw_bindings = config.get("bindings")
    if raw_bindings is None:
        raise _fail(source, "bindings", "is missing (a function needs at least its trigger)")
    if not isinstance(raw_bindings, list):
        raise _fail(source, "bindings", f"must be a list, got {raw_bindings!r}")
    from .validation import validate_binding

    bindings: list[BindingMetadata] = []
    seen: dict[str, int] = {}
    trigger_index = -1
    for index, raw in enumerate(raw_bindings):
        binding = _parse_binding(source, index, raw)
        key = binding.name.lower()
        if key in seen:
            raise _fail(
                source,
                f"bindings[{index}].name",
                f"{binding.name!r} repeats the name of bindings[{seen[key]}]",
            )
        seen[key] = index
        if binding.is_trigger:
            if trigger_index >= 0:
                raise _fail(
                    source,
                    f"bindings[{index}].type",
                    f"{binding.type!r} is a second trigger (bindings[{trigger_index}] is "
                    "one already); a function has exactly one trigger",
                )
            trigger_index = index
        bindings.append(binding)
    if trigger_index < 0:
        raise _fail(source, "bindings", "has no trigger (a binding whose type ends in 'Trigger')")
    # The settings each binding type requires (queueName, path, schedule ...), and what the
    # converter registered for the type asks through its validate() hook.
    for index, binding in enumerate(bindings):
        validate_binding(source, index, binding)
    trigger = bindings[trigger_index]
    route = methods = auth_level = None
    if trigger.type.lower() == "httptrigger":
        route, methods, auth_level = _parse_http(source, trigger_index, trigger, function_name)
    script_path = os.path.normpath(os.path.join(directory, script or "__init__.py"))
    return FunctionMetadata(
        name=function_name,
        directory=directory,
        script_file=script_path,
        entry_point=entry_point or "main",
        bindings=tuple(bindings),
        trigger=trigger,
        source=source,
        disabled=disabled,
        route=route,
        methods=methods,
        auth_level=auth_level,
        user_function=user_function,
        retry=parse_retry(source, config.get("retry")),
    )


__all__ = ["BindingMetadata", "FunctionMetadata", "parse_function_config"]

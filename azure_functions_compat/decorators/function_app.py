"""The decorator programming model: ``FunctionApp``, ``Blueprint`` and their decorators.

Each decorator records metadata on a ``FunctionBuilder`` and returns it; stacked decorators
add to the same builder. The builder can be called like the function itself, and
``build()`` gives the finished ``Function``. ``app.get_functions()`` builds every registered
function, checks that each has one trigger and a unique name, and returns them; the host
reads ``get_function_json()`` (the ``function.json`` shape) and ``get_user_function()``.

How the decorators are written: each one keeps its real signature, visible to IDEs and
type checkers, and has a one-line body handing its arguments to ``_bind``; what the binding
is (its type, direction and field order) is declared once per kind in ``bindings.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Callable, Optional, TypeVar, Union

from .._validation import fail_type, fail_value
from ..context import Context as Context
from ..enums import AccessRights, AuthLevel, BlobSource, Cardinality, DataType, HttpMethod
from ._web import AsgiMiddleware as AsgiMiddleware
from ._web import WsgiMiddleware as WsgiMiddleware
from .bindings import (
    AssistantCreateOutput,
    AssistantPostInput,
    AssistantQueryInput,
    AssistantSkillTrigger,
    BlobInput,
    BlobOutput,
    BlobTrigger,
    ConnectorTrigger,
    CosmosDBInput,
    CosmosDBInputV3,
    CosmosDBOutput,
    CosmosDBOutputV3,
    CosmosDBTrigger,
    CosmosDBTriggerV3,
    DaprBindingOutput,
    DaprBindingTrigger,
    DaprInvokeOutput,
    DaprPublishOutput,
    DaprSecretInput,
    DaprServiceInvocationTrigger,
    DaprStateInput,
    DaprStateOutput,
    DaprTopicTrigger,
    EmbeddingsInput,
    EmbeddingsStoreOutput,
    EventGridOutput,
    EventGridTrigger,
    EventHubOutput,
    EventHubTrigger,
    GenericInputBinding,
    GenericOutputBinding,
    GenericTrigger,
    HttpOutput,
    HttpTrigger,
    KafkaOutput,
    KafkaTrigger,
    MCPPromptTrigger,
    MCPResourceTrigger,
    MCPToolTrigger,
    MySqlInput,
    MySqlOutput,
    MySqlTrigger,
    QueueOutput,
    QueueTrigger,
    SemanticSearchInput,
    ServiceBusQueueOutput,
    ServiceBusQueueTrigger,
    ServiceBusTopicOutput,
    ServiceBusTopicTrigger,
    SqlInput,
    SqlOutput,
    SqlTrigger,
    TableInput,
    TableOutput,
    TextCompletionInput,
    TimerTrigger,
    WarmUpTrigger,
)
from .core import (
    SCRIPT_FILE_NAME,
    Binding,
    BindingDirection,
    McpPropertyType,
    Setting,
    Trigger,
    enum_name_error,
    parse_enum,
    to_json,
)
from .kafka import BrokerAuthenticationMode, BrokerProtocol, KafkaMessageKeyType, OAuthBearerMethod
from .mcp import PromptArgument
from .openai import InputType, OpenAIModels, semantic_search_system_prompt

F = TypeVar("F", bound=Callable[..., Any])

DataTypeArg = Union[DataType, str, None]
"""What a ``data_type`` argument accepts: a ``DataType``, its name, or None."""

Decorator = Callable[[Callable[..., Any]], "FunctionBuilder"]
"""What a decorator method returns: it takes the function (or a builder) and gives a builder."""


class FunctionName(Setting):
    """The ``function_name`` setting: the name the host knows the function by."""

    __slots__ = ()

    def __init__(self, function_name: str, **kwargs: Any) -> None:
        if not isinstance(function_name, str) or not function_name:
            raise fail_type("function_name", "name", "a non-empty str", function_name)
        super().__init__("function_name", function_name=function_name, **kwargs)


class RetryPolicy(Setting):
    """The ``retry_policy`` setting: how the host retries a failed invocation."""

    __slots__ = ()

    def __init__(
        self,
        strategy: str,
        max_retry_count: str,
        delay_interval: Optional[str] = None,
        minimum_interval: Optional[str] = None,
        maximum_interval: Optional[str] = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(
            "retry_policy",
            strategy=strategy,
            max_retry_count=max_retry_count,
            delay_interval=delay_interval,
            minimum_interval=minimum_interval,
            maximum_interval=maximum_interval,
            **kwargs,
        )


class Function:
    """One function of an app: the user's callable, its trigger, bindings and settings.

    Calling it calls the user's function. ``get_function_json()`` gives the metadata the host
    reads, in ``function.json`` shape (``scriptFile`` and ``bindings``).
    """

    __slots__ = (
        "_bindings",
        "_func",
        "_is_http_function",
        "_name",
        "_settings",
        "_trigger",
        "function_script_file",
        "http_type",
    )

    def __init__(self, func: Callable[..., Any], script_file: str) -> None:
        if not callable(func):
            raise fail_type("Function", "func", "a callable", func)
        self._name: str = getattr(func, "__name__", None) or type(func).__name__
        self._func = func
        self._trigger: Optional[Binding] = None
        self._bindings: list[Binding] = []
        self._settings: list[Setting] = []
        self.function_script_file = script_file
        self.http_type = "function"
        self._is_http_function = False

    def __str__(self) -> str:
        return self.get_function_json()

    def __repr__(self) -> str:
        return f"<Function {self.get_function_name()!r}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the user's function with these arguments and return what it returns."""
        return self._func(*args, **kwargs)

    def add_binding(self, binding: Binding) -> None:
        """Add an input or output binding."""
        if not isinstance(binding, Binding):
            raise fail_type("Function.add_binding", "binding", "a Binding", binding)
        self._bindings.append(binding)

    def add_trigger(self, trigger: Binding) -> None:
        """Set the trigger (it is listed among the bindings too).

        Raises ``ValueError`` when the function has a trigger already: a function has one.
        """
        if not isinstance(trigger, Binding):
            raise fail_type("Function.add_trigger", "trigger", "a Trigger", trigger)
        if self._trigger is not None:
            raise ValueError(
                f"Function {self._name!r} has two triggers, {self._trigger.type!r} and "
                f"{trigger.type!r}: a function must have exactly one trigger"
            )
        self._trigger = trigger
        self._bindings.append(trigger)

    def add_setting(self, setting: Setting) -> None:
        """Add a setting such as its name or retry policy."""
        if not isinstance(setting, Setting):
            raise fail_type("Function.add_setting", "setting", "a Setting", setting)
        self._settings.append(setting)

    def set_http_type(self, http_type: str) -> None:
        """Set how HTTP is served: ``"function"`` (default), ``"asgi"`` or ``"wsgi"``."""
        if not isinstance(http_type, str):
            raise fail_type("Function.set_http_type", "http_type", "a str", http_type)
        self.http_type = http_type

    def is_http_function(self) -> bool:
        """Whether the built function has an HTTP trigger."""
        return self._is_http_function

    def get_trigger(self) -> Optional[Binding]:
        """The trigger, or None before one is added."""
        return self._trigger

    def get_bindings(self) -> list[Binding]:
        """Every binding, the trigger included, in the order the decorators were applied."""
        return self._bindings

    def get_setting(self, setting_name: str) -> Optional[Setting]:
        """The setting called ``setting_name``, or None."""
        for setting in self._settings:
            if setting.setting_name == setting_name:
                return setting
        return None

    def get_settings_dict(self, setting_name: str) -> Optional[dict[str, Any]]:
        """The setting called ``setting_name`` as a dict, or None."""
        setting = self.get_setting(setting_name)
        return None if setting is None else setting.get_dict_repr()

    def get_function_name(self) -> str:
        """The name given by ``@app.function_name``, else the Python function's name."""
        setting = self.get_setting("function_name")
        if setting is not None:
            name = setting.get_settings_value("function_name")
            if isinstance(name, str):
                return name
        return self._name

    def get_raw_bindings(self) -> list[str]:
        """Each binding as a JSON string."""
        return [to_json(binding.get_dict_repr()) for binding in self._bindings]

    def get_bindings_dict(self) -> dict[str, Any]:
        """``{"bindings": [...]}`` with each binding as a dict."""
        return {"bindings": [binding.get_dict_repr() for binding in self._bindings]}

    def get_dict_repr(self) -> dict[str, Any]:
        """The metadata as a dict: ``scriptFile`` and ``bindings``."""
        return {"scriptFile": self.function_script_file, **self.get_bindings_dict()}

    def get_user_function(self) -> Callable[..., Any]:
        """The function as the user wrote it (for ``@app.mcp_tool``, its adapter)."""
        return self._func

    def get_function_json(self) -> str:
        """The metadata as a JSON string in ``function.json`` shape."""
        return to_json(self.get_dict_repr())


class FunctionBuilder:
    """What a decorator returns: the function under construction, callable like the function.

    ``builder(...)`` calls the user's function; ``__name__``, ``__doc__``, ``__module__``
    and ``__wrapped__`` are the function's, so ``inspect.signature`` sees its parameters.
    ``build()`` checks the metadata and returns the ``Function``.
    """

    def __init__(self, func: Callable[..., Any], function_script_file: str) -> None:
        self._function = Function(func, function_script_file)
        for attribute in ("__module__", "__name__", "__qualname__", "__doc__"):
            value = getattr(func, attribute, None)
            if value is not None:
                setattr(self, attribute, value)
        self.__wrapped__ = func

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        """Call the user's function with these arguments and return what it returns."""
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"<FunctionBuilder {self._function.get_function_name()!r}>"

    def configure_http_type(self, http_type: str) -> FunctionBuilder:
        """Set how HTTP is served (see ``Function.set_http_type``); returns the builder."""
        self._function.set_http_type(http_type)
        return self

    def add_trigger(self, trigger: Binding) -> FunctionBuilder:
        """Add the trigger; returns the builder. Raises ``ValueError`` for a second one."""
        self._function.add_trigger(trigger)
        return self

    def add_binding(self, binding: Binding) -> FunctionBuilder:
        """Add an input or output binding; returns the builder."""
        self._function.add_binding(binding)
        return self

    def add_setting(self, setting: Setting) -> FunctionBuilder:
        """Add a setting; returns the builder."""
        self._function.add_setting(setting)
        return self

    def _validate_function(self, auth_level: Optional[AuthLevel] = None) -> None:
        function = self._function
        name = function.get_function_name()
        trigger = function.get_trigger()
        if trigger is None:
            raise ValueError(
                f"Function {name!r} has no trigger: a function must have exactly one "
                f"(for example @app.route(), @app.queue_trigger(...), @app.timer_trigger(...))"
            )
        if trigger not in function.get_bindings():
            raise ValueError(f"Function {name!r}: its trigger is missing from its bindings")
        if Trigger.is_supported_trigger_type(trigger, HttpTrigger):
            settings = trigger.get_settings()
            # An HTTP route defaults to the function name, its auth level to the app's.
            if settings.get("route") is None:
                trigger.set_setting("route", name)
            if settings.get("auth_level") is None and auth_level is not None:
                trigger.set_setting(
                    "auth_level", parse_enum("build", "auth_level", auth_level, AuthLevel)
                )
            function._is_http_function = True

    def build(self, auth_level: Optional[AuthLevel] = None) -> Function:
        """Check the metadata and return the ``Function``.

        ``auth_level`` becomes the HTTP trigger's auth level when it has none. Raises
        ``ValueError`` when the function has no trigger.
        """
        self._validate_function(auth_level)
        return self._function


def _iterable(value: object) -> bool:
    return not isinstance(value, (str, bytes)) and hasattr(value, "__iter__")


def _check_arg_name(owner: str, param: str, value: object) -> str:
    if not isinstance(value, str):
        raise fail_type(owner, param, "a non-empty str", value)
    if not value:
        raise fail_value(owner, param, "a non-empty str", value)
    return value


def _check_extra_fields(owner: str, param: str, value: object) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise fail_type(owner, param, "a dict of settings, or None", value)
    for key in value:
        if not isinstance(key, str):
            raise fail_type(owner, f"{param} key", "a str", key)
    return dict(value)


def _make_binding(
    owner: str,
    kind: type[Binding],
    name: str,
    data_type: object,
    settings: dict[str, Any],
    binding_type: Optional[str] = None,
) -> Binding:
    try:
        if binding_type is None:
            return kind(name, data_type=data_type, **settings)  # type: ignore[arg-type]
        return kind(
            name,
            data_type=data_type,  # type: ignore[arg-type]
            type=binding_type,
            **settings,
        )
    except (TypeError, ValueError) as exc:
        # Name the decorator the user called, not the internal binding class.
        message = str(exc)
        prefix = f"{kind.__name__}: "
        if message.startswith(prefix):
            message = message[len(prefix) :]
        raise type(exc)(f"{owner}: {message}") from None


class DecoratorApi:
    """What every decorator container shares: its function builders and settings decorators.

    ``FunctionApp`` and ``Blueprint`` extend it; so can your own containers.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._function_builders: list[FunctionBuilder] = []
        self._app_script_file: str = SCRIPT_FILE_NAME

    @property
    def app_script_file(self) -> str:
        """The script file recorded as ``scriptFile``: ``"function_app.py"``."""
        return self._app_script_file

    def _validate_type(self, func: object) -> FunctionBuilder:
        if isinstance(func, FunctionBuilder):
            # Stacked decorators: take the builder out and put it back as the newest.
            for index in range(len(self._function_builders) - 1, -1, -1):
                if self._function_builders[index] is func:
                    del self._function_builders[index]
                    break
            return func
        if callable(func):
            return FunctionBuilder(func, self._app_script_file)
        raise fail_type(
            type(self).__name__, "decorated object", "a function or a FunctionBuilder", func
        )

    def _configure_function_builder(
        self, wrap: Callable[[FunctionBuilder], Any]
    ) -> Callable[..., Any]:
        """Turn ``wrap(builder)`` into a decorator that registers the builder here."""

        def decorator(func: Any) -> Any:
            builder = self._validate_type(func)
            self._function_builders.append(builder)
            return wrap(builder)

        return decorator

    def _register(self, step: Callable[[FunctionBuilder], object]) -> Decorator:
        def wrap(builder: FunctionBuilder) -> FunctionBuilder:
            step(builder)
            return builder

        return self._configure_function_builder(wrap)

    def _bind(self, method: str, kind: type[Binding], values: dict[str, Any]) -> Decorator:
        """The decorator adding a ``kind`` binding made from a decorator's arguments."""
        owner = f"{type(self).__name__}.{method}"
        name = _check_arg_name(owner, "arg_name", values["arg_name"])
        extras = values.get("kwargs") or {}
        settings = {field: values[field] for field in kind.fields if field in values}
        for key, value in values.items():
            if key not in ("self", "arg_name", "data_type", "kwargs", "type") and (
                key not in kind.fields
            ):
                # Decorator arguments the binding kind does not list (auto_complete_messages)
                # are written after its fields, as keyword settings are.
                settings[key] = value
        for key, value in extras.items():
            if key == "direction":
                # Accepted and ignored, as azure.functions does: the decorator decides.
                if value is not None and not isinstance(value, BindingDirection):
                    raise fail_type(owner, "direction", "a BindingDirection or None", value)
                continue
            if key in ("type", "name"):
                raise TypeError(
                    f"{owner}: {key!r} is set by the decorator and cannot be given as a setting"
                )
            settings[key] = value
        binding_type = values.get("type") if "type" in values else None
        if "type" in values and not isinstance(binding_type, str):
            raise fail_type(owner, "type", "a str naming the binding type", binding_type)
        data_type = values.get("data_type")
        # Build once now, so a bad argument fails at the decorator line, and once per use.
        _make_binding(owner, kind, name, data_type, settings, binding_type)
        is_trigger = issubclass(kind, Trigger)

        def step(builder: FunctionBuilder) -> None:
            binding = _make_binding(owner, kind, name, data_type, settings, binding_type)
            if is_trigger:
                builder.add_trigger(binding)
            else:
                builder.add_binding(binding)

        return self._register(step)

    def function_name(
        self, name: str, setting_extra_fields: Optional[dict[str, Any]] = None
    ) -> Decorator:
        """Name the function ``name`` instead of its Python name (routes default to it too)."""
        owner = f"{type(self).__name__}.function_name"
        _check_arg_name(owner, "name", name)
        extra = _check_extra_fields(owner, "setting_extra_fields", setting_extra_fields)
        return self._register(
            lambda builder: builder.add_setting(FunctionName(function_name=name, **extra))
        )

    def http_type(self, http_type: str) -> Decorator:
        """Set how the function serves HTTP: ``"function"``, ``"asgi"`` or ``"wsgi"``."""
        if not isinstance(http_type, str):
            raise fail_type(f"{type(self).__name__}.http_type", "http_type", "a str", http_type)
        return self._register(lambda builder: builder.configure_http_type(http_type))

    def _get_durable_blueprint(self) -> Any:
        try:
            import azure.durable_functions as durable  # type: ignore[import-not-found,import-untyped,unused-ignore]
        except ImportError:
            raise RuntimeError(
                f"{type(self).__name__}: Durable Functions decorators need the "
                f"azure-functions-durable package; install it to use them"
            ) from None
        return durable.Blueprint()

    def _invoke_df_decorator(self, df_decorator: Callable[..., Any]) -> Callable[..., Any]:
        def wrap(builder: FunctionBuilder) -> Any:
            # The Durable SDK builds its own builder around the user's function; keep that.
            durable_builder = df_decorator(builder._function._func)
            self._function_builders.remove(builder)
            self._function_builders.append(durable_builder)
            return durable_builder

        return self._configure_function_builder(wrap)


class HttpFunctionsAuthLevelMixin:
    """The app-wide HTTP auth level, applied to HTTP triggers that set none."""

    def __init__(self, auth_level: Union[AuthLevel, str], *args: Any, **kwargs: Any) -> None:
        owner = type(self).__name__
        if isinstance(auth_level, str):
            # Exactly a member name, as azure.functions requires here (unlike in route()).
            if auth_level not in AuthLevel.__members__:
                raise enum_name_error(
                    owner,
                    "http_auth_level",
                    "an AuthLevel or one of FUNCTION, ANONYMOUS, ADMIN",
                    auth_level,
                )
            auth_level = AuthLevel[auth_level]
        elif not isinstance(auth_level, AuthLevel):
            raise fail_type(owner, "http_auth_level", "an AuthLevel or its name", auth_level)
        self._auth_level = auth_level

    @property
    def auth_level(self) -> AuthLevel:
        """The app's auth level for HTTP functions that do not set their own."""
        return self._auth_level


class TriggerApi(DecoratorApi):
    """The trigger decorators. Each raises ``TypeError``/``ValueError`` for a bad argument.

    Every trigger decorator takes ``arg_name`` (the parameter that receives the event),
    ``data_type`` (a ``DataType`` or its name) and passes extra keyword arguments through as
    settings, written under camelCase keys. A function may have exactly one trigger.
    """

    def route(
        self,
        route: Optional[str] = None,
        trigger_arg_name: str = "req",
        binding_arg_name: str = "$return",
        methods: Union[Iterable[str], Iterable[HttpMethod], None] = None,
        auth_level: Union[AuthLevel, str, None] = None,
        trigger_extra_fields: Optional[dict[str, Any]] = None,
        binding_extra_fields: Optional[dict[str, Any]] = None,
    ) -> Decorator:
        """Start the function for HTTP requests on ``route``; its return value is the response.

        ``route`` defaults to the function name and may hold parameters with constraints
        (``"items/{id:int}"``); ``methods`` (names or ``HttpMethod``) default to all;
        ``auth_level`` defaults to the app's. The request arrives as ``trigger_arg_name``.
        """
        owner = f"{type(self).__name__}.route"
        if callable(route):
            raise TypeError(
                f"{owner}: route must be a str or None, got the function {route!r:.60}: "
                f"write @app.route() with parentheses"
            )
        if route is not None and not isinstance(route, str):
            raise fail_type(owner, "route", "a str or None", route)
        trigger_name = _check_arg_name(owner, "trigger_arg_name", trigger_arg_name)
        output_name = _check_arg_name(owner, "binding_arg_name", binding_arg_name)
        trigger_settings = _check_extra_fields(owner, "trigger_extra_fields", trigger_extra_fields)
        output_settings = _check_extra_fields(owner, "binding_extra_fields", binding_extra_fields)
        trigger_data_type = trigger_settings.pop("data_type", None)
        output_data_type = output_settings.pop("data_type", None)
        # A generator of methods (as AsgiFunctionApp passes) may be read only once.
        method_list = None if methods is None else list(methods) if _iterable(methods) else methods
        trigger_settings = {
            "methods": method_list,
            "auth_level": auth_level,
            "route": route,
            **trigger_settings,
        }
        _make_binding(owner, HttpTrigger, trigger_name, trigger_data_type, trigger_settings)
        _make_binding(owner, HttpOutput, output_name, output_data_type, output_settings)

        def step(builder: FunctionBuilder) -> None:
            builder.add_trigger(
                _make_binding(
                    owner, HttpTrigger, trigger_name, trigger_data_type, trigger_settings
                )
            )
            builder.add_binding(
                _make_binding(owner, HttpOutput, output_name, output_data_type, output_settings)
            )

        return self._register(step)

    def orchestration_trigger(
        self, context_name: str, orchestration: Optional[str] = None
    ) -> Callable[..., Any]:
        """Register a Durable Functions orchestrator (needs ``azure-functions-durable``)."""
        durable = self._get_durable_blueprint()
        return self._invoke_df_decorator(
            durable.orchestration_trigger(context_name, orchestration)
        )

    def entity_trigger(
        self, context_name: str, entity_name: Optional[str] = None
    ) -> Callable[..., Any]:
        """Register a Durable Functions entity (needs ``azure-functions-durable``)."""
        durable = self._get_durable_blueprint()
        return self._invoke_df_decorator(durable.entity_trigger(context_name, entity_name))

    def activity_trigger(
        self, input_name: str, activity: Optional[str] = None
    ) -> Callable[..., Any]:
        """Register a Durable Functions activity (needs ``azure-functions-durable``)."""
        durable = self._get_durable_blueprint()
        return self._invoke_df_decorator(durable.activity_trigger(input_name, activity))

    def mcp_prompt_trigger(
        self,
        arg_name: str,
        prompt_name: str,
        prompt_arguments: Optional[list[PromptArgument]] = None,
        title: Optional[str] = None,
        description: Optional[str] = None,
        metadata: Optional[str] = None,
        icons: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when an MCP client asks for the prompt ``prompt_name``."""
        values = dict(locals())
        if prompt_arguments:
            owner = f"{type(self).__name__}.mcp_prompt_trigger"
            if not isinstance(prompt_arguments, (list, tuple)) or not all(
                isinstance(argument, PromptArgument) for argument in prompt_arguments
            ):
                raise fail_type(
                    owner,
                    "prompt_arguments",
                    "a list of PromptArgument, or None",
                    prompt_arguments,
                )
            import json

            # The metadata carries the arguments as one compact JSON string.
            values["prompt_arguments"] = json.dumps(
                [argument.to_dict() for argument in prompt_arguments], separators=(",", ":")
            )
        else:
            values["prompt_arguments"] = None
        return self._bind("mcp_prompt_trigger", MCPPromptTrigger, values)

    def mcp_tool(
        self, metadata: Optional[str] = None, use_result_schema: Optional[bool] = False
    ) -> Decorator:
        """Make the function an MCP tool described by its own signature and docstring.

        The tool is named after the function; each parameter not taken by another binding
        becomes a tool property. The host calls an adapter that takes the MCP ``context``
        JSON, calls the function with its arguments, and returns the result as a string.
        """
        owner = f"{type(self).__name__}.mcp_tool"
        if metadata is not None and not isinstance(metadata, str):
            raise fail_type(owner, "metadata", "a str or None", metadata)

        def step(builder: FunctionBuilder) -> None:
            from ._mcp_tool import make_tool

            trigger, adapter = make_tool(builder._function, metadata, bool(use_result_schema))
            builder._function._func = adapter
            builder.add_trigger(trigger)

        return self._register(step)

    def mcp_tool_property(
        self,
        arg_name: str,
        description: Optional[str] = None,
        property_type: Optional[McpPropertyType] = None,
        is_required: Optional[bool] = True,
        as_array: Optional[bool] = False,
    ) -> Callable[[F], F]:
        """Describe one property of an MCP tool; apply it below ``@app.mcp_tool()``."""
        owner = f"{type(self).__name__}.mcp_tool_property"
        _check_arg_name(owner, "arg_name", arg_name)
        if property_type is not None and not isinstance(property_type, McpPropertyType):
            raise fail_type(owner, "property_type", "a McpPropertyType or None", property_type)

        def decorator(func: F) -> F:
            target = func._function._func if isinstance(func, FunctionBuilder) else func
            # The original function, when @mcp_tool already replaced it with its adapter.
            target = getattr(target, "__wrapped__", target)
            properties = getattr(target, "__mcp_tool_properties__", None)
            if properties is None:
                properties = {}
                setattr(target, "__mcp_tool_properties__", properties)  # noqa: B010
            properties[arg_name] = {
                "description": description,
                "propertyType": property_type.value if property_type else None,
                "isRequired": is_required,
                "isArray": as_array,
            }
            return func

        return decorator

    def timer_trigger(
        self,
        arg_name: str,
        schedule: str,
        run_on_startup: Optional[bool] = None,
        use_monitor: Optional[bool] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function on a CRON ``schedule`` (six fields, seconds first).

        ``arg_name`` receives a ``TimerRequest``. ``schedule`` is an alias of this decorator.
        """
        return self._bind("timer_trigger", TimerTrigger, locals())

    def warm_up_trigger(
        self,
        arg_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when a new instance of the app warms up."""
        return self._bind("warm_up_trigger", WarmUpTrigger, locals())

    def service_bus_queue_trigger(
        self,
        arg_name: str,
        connection: str,
        queue_name: str,
        data_type: DataTypeArg = None,
        access_rights: Union[AccessRights, str, None] = None,
        is_sessions_enabled: Optional[bool] = None,
        cardinality: Union[Cardinality, str, None] = None,
        auto_complete_messages: Optional[bool] = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for each message (or batch) on a Service Bus queue."""
        return self._bind("service_bus_queue_trigger", ServiceBusQueueTrigger, locals())

    def service_bus_topic_trigger(
        self,
        arg_name: str,
        connection: str,
        topic_name: str,
        subscription_name: str,
        data_type: DataTypeArg = None,
        access_rights: Union[AccessRights, str, None] = None,
        is_sessions_enabled: Optional[bool] = None,
        cardinality: Union[Cardinality, str, None] = None,
        auto_complete_messages: Optional[bool] = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for each message on a Service Bus topic subscription."""
        return self._bind("service_bus_topic_trigger", ServiceBusTopicTrigger, locals())

    def queue_trigger(
        self,
        arg_name: str,
        queue_name: str,
        connection: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for each message on the Storage queue ``queue_name``.

        ``arg_name`` receives a ``QueueMessage``.
        """
        return self._bind("queue_trigger", QueueTrigger, locals())

    def event_hub_message_trigger(
        self,
        arg_name: str,
        connection: str,
        event_hub_name: str,
        data_type: DataTypeArg = None,
        cardinality: Union[Cardinality, str, None] = None,
        consumer_group: Optional[str] = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for events on an event hub (a batch with ``cardinality="many"``)."""
        return self._bind("event_hub_message_trigger", EventHubTrigger, locals())

    def cosmos_db_trigger_v3(
        self,
        arg_name: str,
        database_name: str,
        collection_name: str,
        connection_string_setting: str,
        lease_collection_name: Optional[str] = None,
        lease_connection_string_setting: Optional[str] = None,
        lease_database_name: Optional[str] = None,
        create_lease_collection_if_not_exists: Optional[bool] = None,
        leases_collection_throughput: Optional[int] = None,
        lease_collection_prefix: Optional[str] = None,
        checkpoint_interval: Optional[int] = None,
        checkpoint_document_count: Optional[int] = None,
        feed_poll_delay: Optional[int] = None,
        lease_renew_interval: Optional[int] = None,
        lease_acquire_interval: Optional[int] = None,
        lease_expiration_interval: Optional[int] = None,
        max_items_per_invocation: Optional[int] = None,
        start_from_beginning: Optional[bool] = None,
        preferred_locations: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function on changes to a Cosmos DB collection (extension 3.x names)."""
        return self._bind("cosmos_db_trigger_v3", CosmosDBTriggerV3, locals())

    def cosmos_db_trigger(
        self,
        arg_name: str,
        connection: str,
        database_name: str,
        container_name: str,
        lease_connection: Optional[str] = None,
        lease_database_name: Optional[str] = None,
        lease_container_name: Optional[str] = None,
        create_lease_container_if_not_exists: Optional[bool] = None,
        leases_container_throughput: Optional[int] = None,
        lease_container_prefix: Optional[str] = None,
        feed_poll_delay: Optional[int] = None,
        lease_acquire_interval: Optional[int] = None,
        lease_expiration_interval: Optional[int] = None,
        lease_renew_interval: Optional[int] = None,
        max_items_per_invocation: Optional[int] = None,
        start_from_beginning: Optional[bool] = None,
        start_from_time: Optional[str] = None,
        preferred_locations: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function on changes to a Cosmos DB container (extension 4.x names)."""
        return self._bind("cosmos_db_trigger", CosmosDBTrigger, locals())

    def blob_trigger(
        self,
        arg_name: str,
        path: str,
        connection: str,
        source: Optional[BlobSource] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when a blob matching ``path`` is added or changed.

        ``arg_name`` receives an ``InputStream``.
        """
        return self._bind("blob_trigger", BlobTrigger, locals())

    def event_grid_trigger(
        self,
        arg_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for each Event Grid event."""
        return self._bind("event_grid_trigger", EventGridTrigger, locals())

    def kafka_trigger(
        self,
        arg_name: str,
        topic: str,
        broker_list: str,
        event_hub_connection_string: Optional[str] = None,
        consumer_group: Optional[str] = None,
        avro_schema: Optional[str] = None,
        key_avro_schema: Optional[str] = None,
        key_data_type: Union[KafkaMessageKeyType, str, None] = KafkaMessageKeyType.STRING,
        username: Optional[str] = None,
        password: Optional[str] = None,
        ssl_key_location: Optional[str] = None,
        ssl_ca_location: Optional[str] = None,
        ssl_certificate_location: Optional[str] = None,
        ssl_key_password: Optional[str] = None,
        ssl_certificate_pem: Optional[str] = None,
        ssl_key_pem: Optional[str] = None,
        ssl_ca_pem: Optional[str] = None,
        ssl_certificate_and_key_pem: Optional[str] = None,
        schema_registry_url: Optional[str] = None,
        schema_registry_username: Optional[str] = None,
        schema_registry_password: Optional[str] = None,
        o_auth_bearer_method: Union[OAuthBearerMethod, str, None] = None,
        o_auth_bearer_client_id: Optional[str] = None,
        o_auth_bearer_client_secret: Optional[str] = None,
        o_auth_bearer_scope: Optional[str] = None,
        o_auth_bearer_token_endpoint_url: Optional[str] = None,
        o_auth_bearer_extensions: Optional[str] = None,
        authentication_mode: Union[BrokerAuthenticationMode, str, None] = "NotSet",
        protocol: Union[BrokerProtocol, str, None] = "NotSet",
        cardinality: Union[Cardinality, str, None] = "One",
        lag_threshold: int = 1000,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for messages on a Kafka topic."""
        return self._bind("kafka_trigger", KafkaTrigger, locals())

    def sql_trigger(
        self,
        arg_name: str,
        table_name: str,
        connection_string_setting: str,
        leases_table_name: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function on changes to an Azure SQL table."""
        return self._bind("sql_trigger", SqlTrigger, locals())

    def mysql_trigger(
        self,
        arg_name: str,
        table_name: str,
        connection_string_setting: str,
        leases_table_name: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function on changes to a MySQL table."""
        return self._bind("mysql_trigger", MySqlTrigger, locals())

    def generic_trigger(
        self,
        arg_name: str,
        type: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function with a trigger of any ``type``; keyword arguments are settings."""
        return self._bind("generic_trigger", GenericTrigger, locals())

    def connector_trigger(
        self,
        arg_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function from a Logic Apps connector event."""
        return self._bind("connector_trigger", ConnectorTrigger, locals())

    def mcp_tool_trigger(
        self,
        arg_name: str,
        tool_name: str,
        description: Optional[str] = None,
        tool_properties: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when an MCP client calls the tool ``tool_name``."""
        return self._bind("mcp_tool_trigger", MCPToolTrigger, locals())

    def mcp_resource_trigger(
        self,
        arg_name: str,
        uri: str,
        resource_name: str,
        title: Optional[str] = None,
        description: Optional[str] = None,
        mime_type: Optional[str] = None,
        size: Optional[int] = None,
        metadata: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when an MCP client reads the resource at ``uri``."""
        return self._bind("mcp_resource_trigger", MCPResourceTrigger, locals())

    def dapr_service_invocation_trigger(
        self,
        arg_name: str,
        method_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when Dapr invokes the method ``method_name``."""
        return self._bind(
            "dapr_service_invocation_trigger", DaprServiceInvocationTrigger, locals()
        )

    def dapr_binding_trigger(
        self,
        arg_name: str,
        binding_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function from the Dapr input binding ``binding_name``."""
        return self._bind("dapr_binding_trigger", DaprBindingTrigger, locals())

    def dapr_topic_trigger(
        self,
        arg_name: str,
        pub_sub_name: str,
        topic: str,
        route: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function for messages on a Dapr pub/sub ``topic``."""
        return self._bind("dapr_topic_trigger", DaprTopicTrigger, locals())

    def assistant_skill_trigger(
        self,
        arg_name: str,
        function_description: str,
        function_name: Optional[str] = None,
        parameter_description_json: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Start the function when an OpenAI assistant calls it as a skill."""
        return self._bind("assistant_skill_trigger", AssistantSkillTrigger, locals())

    schedule = timer_trigger


class BindingApi(DecoratorApi):
    """The input and output binding decorators. Each raises ``TypeError``/``ValueError``.

    Every binding decorator takes ``arg_name`` (the parameter that receives the input, or
    the ``Out`` the function sets; ``"$return"`` for the return value), ``data_type``, and
    passes extra keyword arguments through as settings, written under camelCase keys.
    """

    def durable_client_input(
        self,
        client_name: str,
        task_hub: Optional[str] = None,
        connection_name: Optional[str] = None,
    ) -> Callable[..., Any]:
        """Add a Durable Functions client input (needs ``azure-functions-durable``)."""
        durable = self._get_durable_blueprint()
        return self._invoke_df_decorator(
            durable.durable_client_input(client_name, task_hub, connection_name)
        )

    def service_bus_queue_output(
        self,
        arg_name: str,
        connection: str,
        queue_name: str,
        data_type: DataTypeArg = None,
        access_rights: Union[AccessRights, str, None] = None,
        **kwargs: Any,
    ) -> Decorator:
        """Send what the function sets on ``arg_name`` to a Service Bus queue."""
        return self._bind("service_bus_queue_output", ServiceBusQueueOutput, locals())

    def service_bus_topic_output(
        self,
        arg_name: str,
        connection: str,
        topic_name: str,
        subscription_name: Optional[str] = None,
        data_type: DataTypeArg = None,
        access_rights: Union[AccessRights, str, None] = None,
        **kwargs: Any,
    ) -> Decorator:
        """Send what the function sets on ``arg_name`` to a Service Bus topic."""
        return self._bind("service_bus_topic_output", ServiceBusTopicOutput, locals())

    def queue_output(
        self,
        arg_name: str,
        queue_name: str,
        connection: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Put what the function sets on ``arg_name`` (an ``Out``) on the queue ``queue_name``."""
        return self._bind("queue_output", QueueOutput, locals())

    def event_hub_output(
        self,
        arg_name: str,
        connection: str,
        event_hub_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Send what the function sets on ``arg_name`` to an event hub."""
        return self._bind("event_hub_output", EventHubOutput, locals())

    def cosmos_db_output_v3(
        self,
        arg_name: str,
        database_name: str,
        collection_name: str,
        connection_string_setting: str,
        create_if_not_exists: Optional[bool] = None,
        partition_key: Optional[str] = None,
        collection_throughput: Optional[int] = None,
        use_multiple_write_locations: Optional[bool] = None,
        preferred_locations: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Write the documents set on ``arg_name`` to a Cosmos DB collection (3.x names)."""
        return self._bind("cosmos_db_output_v3", CosmosDBOutputV3, locals())

    def cosmos_db_output(
        self,
        arg_name: str,
        connection: str,
        database_name: str,
        container_name: str,
        create_if_not_exists: Optional[bool] = None,
        partition_key: Optional[str] = None,
        container_throughput: Optional[int] = None,
        preferred_locations: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Write the documents set on ``arg_name`` to a Cosmos DB container (4.x names)."""
        return self._bind("cosmos_db_output", CosmosDBOutput, locals())

    def cosmos_db_input_v3(
        self,
        arg_name: str,
        database_name: str,
        collection_name: str,
        connection_string_setting: str,
        id: Optional[str] = None,
        sql_query: Optional[str] = None,
        partition_key: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read Cosmos DB documents into ``arg_name`` (extension 3.x argument names)."""
        return self._bind("cosmos_db_input_v3", CosmosDBInputV3, locals())

    def cosmos_db_input(
        self,
        arg_name: str,
        connection: str,
        database_name: str,
        container_name: str,
        partition_key: Optional[str] = None,
        id: Optional[str] = None,
        sql_query: Optional[str] = None,
        preferred_locations: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read Cosmos DB documents into ``arg_name`` (extension 4.x argument names)."""
        return self._bind("cosmos_db_input", CosmosDBInput, locals())

    def blob_input(
        self,
        arg_name: str,
        path: str,
        connection: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the blob at ``path`` (which may use trigger values, ``{id}``) into ``arg_name``."""
        return self._bind("blob_input", BlobInput, locals())

    def blob_output(
        self,
        arg_name: str,
        path: str,
        connection: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Write what the function sets on ``arg_name`` to the blob at ``path``."""
        return self._bind("blob_output", BlobOutput, locals())

    def event_grid_output(
        self,
        arg_name: str,
        topic_endpoint_uri: Optional[str] = None,
        topic_key_setting: Optional[str] = None,
        connection: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Publish events the function sets on ``arg_name`` to an Event Grid topic."""
        return self._bind("event_grid_output", EventGridOutput, locals())

    def kafka_output(
        self,
        arg_name: str,
        topic: str,
        broker_list: str,
        avro_schema: Optional[str] = None,
        key_avro_schema: Optional[str] = None,
        key_data_type: Union[KafkaMessageKeyType, str, None] = KafkaMessageKeyType.STRING,
        username: Optional[str] = None,
        password: Optional[str] = None,
        ssl_key_location: Optional[str] = None,
        ssl_ca_location: Optional[str] = None,
        ssl_certificate_location: Optional[str] = None,
        ssl_key_password: Optional[str] = None,
        ssl_certificate_pem: Optional[str] = None,
        ssl_key_pem: Optional[str] = None,
        ssl_ca_pem: Optional[str] = None,
        ssl_certificate_and_key_pem: Optional[str] = None,
        schema_registry_url: Optional[str] = None,
        schema_registry_username: Optional[str] = None,
        schema_registry_password: Optional[str] = None,
        o_auth_bearer_method: Union[OAuthBearerMethod, str, None] = None,
        o_auth_bearer_client_id: Optional[str] = None,
        o_auth_bearer_client_secret: Optional[str] = None,
        o_auth_bearer_scope: Optional[str] = None,
        o_auth_bearer_token_endpoint_url: Optional[str] = None,
        o_auth_bearer_extensions: Optional[str] = None,
        max_message_bytes: int = 1000000,
        batch_size: int = 10000,
        enable_idempotence: bool = False,
        message_timeout_ms: int = 300000,
        request_timeout_ms: int = 5000,
        max_retries: int = 2147483647,
        authentication_mode: Union[BrokerAuthenticationMode, str, None] = "NOTSET",
        protocol: Union[BrokerProtocol, str, None] = "NOTSET",
        linger_ms: int = 5,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Send what the function sets on ``arg_name`` to a Kafka topic."""
        return self._bind("kafka_output", KafkaOutput, locals())

    def table_input(
        self,
        arg_name: str,
        connection: str,
        table_name: str,
        row_key: Optional[str] = None,
        partition_key: Optional[str] = None,
        take: Optional[int] = None,
        filter: Optional[str] = None,
        data_type: DataTypeArg = None,
    ) -> Decorator:
        """Read table entities into ``arg_name``."""
        return self._bind("table_input", TableInput, locals())

    def table_output(
        self,
        arg_name: str,
        connection: str,
        table_name: str,
        row_key: Optional[str] = None,
        partition_key: Optional[str] = None,
        data_type: DataTypeArg = None,
    ) -> Decorator:
        """Write the entities the function sets on ``arg_name`` to a table."""
        return self._bind("table_output", TableOutput, locals())

    def sql_input(
        self,
        arg_name: str,
        command_text: str,
        connection_string_setting: str,
        command_type: Optional[str] = "Text",
        parameters: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the rows an Azure SQL command returns into ``arg_name``."""
        return self._bind("sql_input", SqlInput, locals())

    def sql_output(
        self,
        arg_name: str,
        command_text: str,
        connection_string_setting: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Write the rows the function sets on ``arg_name`` to an Azure SQL table."""
        return self._bind("sql_output", SqlOutput, locals())

    def generic_input_binding(
        self,
        arg_name: str,
        type: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Add an input binding of any ``type``; settings are the keyword arguments."""
        return self._bind("generic_input_binding", GenericInputBinding, locals())

    def generic_output_binding(
        self,
        arg_name: str,
        type: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Add an output binding of any ``type``; settings are the keyword arguments."""
        return self._bind("generic_output_binding", GenericOutputBinding, locals())

    def dapr_state_input(
        self,
        arg_name: str,
        state_store: str,
        key: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the value under ``key`` from a Dapr state store into ``arg_name``."""
        return self._bind("dapr_state_input", DaprStateInput, locals())

    def dapr_secret_input(
        self,
        arg_name: str,
        secret_store_name: str,
        key: str,
        metadata: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read a secret from a Dapr secret store into ``arg_name``."""
        return self._bind("dapr_secret_input", DaprSecretInput, locals())

    def dapr_state_output(
        self,
        arg_name: str,
        state_store: str,
        key: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Save what the function sets on ``arg_name`` to a Dapr state store."""
        return self._bind("dapr_state_output", DaprStateOutput, locals())

    def dapr_invoke_output(
        self,
        arg_name: str,
        app_id: str,
        method_name: str,
        http_verb: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Invoke a Dapr app method with what the function sets on ``arg_name``."""
        return self._bind("dapr_invoke_output", DaprInvokeOutput, locals())

    def dapr_publish_output(
        self,
        arg_name: str,
        pub_sub_name: str,
        topic: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Publish what the function sets on ``arg_name`` to a Dapr pub/sub topic."""
        return self._bind("dapr_publish_output", DaprPublishOutput, locals())

    def dapr_binding_output(
        self,
        arg_name: str,
        binding_name: str,
        operation: str,
        dapr_address: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Send what the function sets on ``arg_name`` to a Dapr output binding."""
        return self._bind("dapr_binding_output", DaprBindingOutput, locals())

    def text_completion_input(
        self,
        arg_name: str,
        prompt: str,
        ai_connection_name: Optional[str] = "",
        chat_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultChatModel,
        temperature: Optional[str] = "0.5",
        top_p: Optional[str] = None,
        max_tokens: Optional[str] = "100",
        is_reasoning_model: Optional[bool] = False,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read an OpenAI text completion of ``prompt`` into ``arg_name``."""
        return self._bind("text_completion_input", TextCompletionInput, locals())

    def assistant_create_output(
        self,
        arg_name: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Create an OpenAI assistant from what the function sets on ``arg_name``."""
        return self._bind("assistant_create_output", AssistantCreateOutput, locals())

    def assistant_query_input(
        self,
        arg_name: str,
        id: str,
        timestamp_utc: str,
        chat_storage_connection_setting: Optional[str] = "AzureWebJobsStorage",
        collection_name: Optional[str] = "ChatState",
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the chat history of assistant ``id`` into ``arg_name``."""
        return self._bind("assistant_query_input", AssistantQueryInput, locals())

    def assistant_post_input(
        self,
        arg_name: str,
        id: str,
        user_message: str,
        ai_connection_name: Optional[str] = "",
        chat_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultChatModel,
        chat_storage_connection_setting: Optional[str] = "AzureWebJobsStorage",
        collection_name: Optional[str] = "ChatState",
        temperature: Optional[str] = "0.5",
        top_p: Optional[str] = None,
        max_tokens: Optional[str] = "100",
        is_reasoning_model: Optional[bool] = False,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Post ``user_message`` to assistant ``id`` and read its reply into ``arg_name``."""
        return self._bind("assistant_post_input", AssistantPostInput, locals())

    def embeddings_input(
        self,
        arg_name: str,
        input: str,
        input_type: InputType,
        ai_connection_name: Optional[str] = "",
        embeddings_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultEmbeddingsModel,
        max_chunk_length: Optional[int] = 8192,
        max_overlap: Optional[int] = 128,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read OpenAI embeddings of ``input`` into ``arg_name``."""
        return self._bind("embeddings_input", EmbeddingsInput, locals())

    def semantic_search_input(
        self,
        arg_name: str,
        search_connection_name: str,
        collection: str,
        query: Optional[str] = None,
        ai_connection_name: Optional[str] = "",
        embeddings_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultEmbeddingsModel,
        chat_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultChatModel,
        system_prompt: Optional[str] = semantic_search_system_prompt,
        max_knowledge_count: Optional[int] = 1,
        temperature: Optional[str] = "0.5",
        top_p: Optional[str] = None,
        max_tokens: Optional[str] = "100",
        is_reasoning_model: Optional[bool] = False,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the answer of a semantic search over ``collection`` into ``arg_name``."""
        return self._bind("semantic_search_input", SemanticSearchInput, locals())

    def embeddings_store_output(
        self,
        arg_name: str,
        input: str,
        input_type: InputType,
        store_connection_name: str,
        collection: str,
        ai_connection_name: Optional[str] = "",
        embeddings_model: Union[str, OpenAIModels, None] = OpenAIModels.DefaultEmbeddingsModel,
        max_chunk_length: Optional[int] = 8192,
        max_overlap: Optional[int] = 128,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Store OpenAI embeddings of ``input`` in the search collection ``collection``."""
        return self._bind("embeddings_store_output", EmbeddingsStoreOutput, locals())

    def mysql_input(
        self,
        arg_name: str,
        command_text: str,
        connection_string_setting: str,
        command_type: Optional[str] = "Text",
        parameters: Optional[str] = None,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Read the rows a MySQL command returns into ``arg_name``."""
        return self._bind("mysql_input", MySqlInput, locals())

    def mysql_output(
        self,
        arg_name: str,
        command_text: str,
        connection_string_setting: str,
        data_type: DataTypeArg = None,
        **kwargs: Any,
    ) -> Decorator:
        """Write the rows the function sets on ``arg_name`` to a MySQL table."""
        return self._bind("mysql_output", MySqlOutput, locals())


class SettingsApi(DecoratorApi):
    """The settings decorators: ``retry`` (and, from ``DecoratorApi``, ``function_name``)."""

    def retry(
        self,
        strategy: str,
        max_retry_count: str,
        delay_interval: Optional[str] = None,
        minimum_interval: Optional[str] = None,
        maximum_interval: Optional[str] = None,
        setting_extra_fields: Optional[dict[str, Any]] = None,
    ) -> Decorator:
        """Retry failed invocations; ``strategy``: ``"fixed_delay"`` or ``"exponential_backoff"``.

        Intervals are ``"hh:mm:ss"`` strings; the host reads them from the ``retry_policy``
        setting (``function.get_settings_dict("retry_policy")``), not from the bindings.
        """
        owner = f"{type(self).__name__}.retry"
        for param, value in (("strategy", strategy), ("max_retry_count", max_retry_count)):
            if value is None:
                raise fail_type(owner, param, "a str", value)
        extra = _check_extra_fields(owner, "setting_extra_fields", setting_extra_fields)
        return self._register(
            lambda builder: builder.add_setting(
                RetryPolicy(
                    strategy=strategy,
                    max_retry_count=max_retry_count,
                    delay_interval=delay_interval,
                    minimum_interval=minimum_interval,
                    maximum_interval=maximum_interval,
                    **extra,
                )
            )
        )


class FunctionRegister(DecoratorApi, HttpFunctionsAuthLevelMixin):
    """A container the host indexes: it builds and lists its functions.

    ``auth_level`` (an ``AuthLevel`` or its exact name) applies to HTTP functions that set
    none. Raises ``ValueError`` for an unknown name, ``TypeError`` for another type.
    """

    def __init__(self, auth_level: Union[AuthLevel, str], *args: Any, **kwargs: Any) -> None:
        DecoratorApi.__init__(self, *args, **kwargs)
        HttpFunctionsAuthLevelMixin.__init__(self, auth_level, *args, **kwargs)
        self._require_auth_level: Optional[bool] = None
        self.functions_bindings: Optional[dict[Any, Any]] = None

    def get_functions(self) -> list[Function]:
        """Build and return every function registered here, blueprints' included.

        Raises ``ValueError`` when a function has no trigger or two functions share a name.
        Calling it again gives the same functions again.
        """
        functions = [builder.build(self.auth_level) for builder in self._function_builders]
        if not self._require_auth_level:
            self._require_auth_level = any(function.is_http_function() for function in functions)
        if not self._require_auth_level and functions:
            import logging

            # azure.functions warns here; it is only a remark, so it goes to the debug log.
            logging.getLogger("azure_functions_compat.decorators").debug(
                "%s: the app has no HTTP function, so its http_auth_level applies to none",
                type(self).__name__,
            )
        self.validate_function_names(functions)
        return functions

    def validate_function_names(self, functions: list[Function]) -> None:
        """Raise ``ValueError`` naming the first function name used twice in ``functions``."""
        seen: dict[str, bool] = {}
        for function in functions:
            name = function.get_function_name()
            if name in seen:
                raise ValueError(
                    f"Function name {name!r} is used by two functions: give one of them "
                    f"another Python name or another @app.function_name(...)"
                )
            seen[name] = True
        self.functions_bindings = seen

    def register_functions(self, function_container: DecoratorApi) -> None:
        """Add the functions of a ``Blueprint`` (or another decorator container) to this app.

        Raises ``TypeError`` for a ``FunctionApp`` or anything that is not a container.
        """
        if isinstance(function_container, FunctionRegister):
            raise TypeError(
                f"{type(self).__name__}.register_functions: function_container must be a "
                f"Blueprint, not an app ({type(function_container).__name__})"
            )
        if not isinstance(function_container, DecoratorApi):
            raise fail_type(
                f"{type(self).__name__}.register_functions",
                "function_container",
                "a Blueprint",
                function_container,
            )
        self._function_builders.extend(function_container._function_builders)

    register_blueprint = register_functions


class FunctionApp(FunctionRegister, TriggerApi, BindingApi, SettingsApi):
    """A function app in the decorator model: the object ``function_app.py`` defines.

    ``FunctionApp(http_auth_level=AuthLevel.FUNCTION)``: the auth level HTTP functions get
    when their ``route`` sets none; an ``AuthLevel`` or its exact name (``"ANONYMOUS"``).
    """

    def __init__(self, http_auth_level: Union[AuthLevel, str] = AuthLevel.FUNCTION) -> None:
        super().__init__(auth_level=http_auth_level)


class Blueprint(TriggerApi, BindingApi, SettingsApi):
    """A group of functions defined apart from the app, added with ``app.register_functions``."""


class ExternalHttpFunctionApp(FunctionRegister, TriggerApi, SettingsApi, BindingApi):
    """An app whose one HTTP function hands every request to a web framework."""

    def _add_http_app(self, http_middleware: Any, function_name: str = "http_app_func") -> None:
        raise NotImplementedError(f"{type(self).__name__} must define _add_http_app")


class AsgiFunctionApp(ExternalHttpFunctionApp):
    """An app serving an ASGI application (FastAPI, Starlette...) on every route.

    Registers one async HTTP function, ``function_name``, on ``/{*route}`` for all methods,
    which runs the application through ``AsgiMiddleware`` (lifespan startup on first call).
    """

    def __init__(
        self,
        app: Any,
        http_auth_level: Union[AuthLevel, str] = AuthLevel.FUNCTION,
        function_name: str = "http_app_func",
    ) -> None:
        super().__init__(auth_level=http_auth_level)
        from ._web import AsgiMiddleware

        self.middleware = AsgiMiddleware(app)
        self.startup_task_done = False
        self._add_http_app(self.middleware, function_name)

    def _add_http_app(self, http_middleware: Any, function_name: str = "http_app_func") -> None:
        from ._web import AsgiMiddleware

        if not isinstance(http_middleware, AsgiMiddleware):
            raise fail_type(
                "AsgiFunctionApp", "http_middleware", "an AsgiMiddleware", http_middleware
            )
        middleware = http_middleware

        @self.function_name(name=function_name)
        @self.http_type(http_type="asgi")
        @self.route(methods=list(HttpMethod), auth_level=self.auth_level, route="/{*route}")
        async def http_app_func(req: Any, context: Any) -> Any:
            if not self.startup_task_done:
                if not await middleware.notify_startup():
                    raise RuntimeError("AsgiFunctionApp: the ASGI application failed to start")
                self.startup_task_done = True
            return await middleware.handle_async(req, context)


class WsgiFunctionApp(ExternalHttpFunctionApp):
    """An app serving a WSGI application (Flask, Django...) on every route.

    Registers one HTTP function, ``function_name``, on ``/{*route}`` for all methods, which
    runs the application through ``WsgiMiddleware``.
    """

    def __init__(
        self,
        app: Any,
        http_auth_level: Union[AuthLevel, str] = AuthLevel.FUNCTION,
        function_name: str = "http_app_func",
    ) -> None:
        super().__init__(auth_level=http_auth_level)
        from ._web import WsgiMiddleware

        self._add_http_app(WsgiMiddleware(app), function_name)

    def _add_http_app(self, http_middleware: Any, function_name: str = "http_app_func") -> None:
        from ._web import WsgiMiddleware

        if not isinstance(http_middleware, WsgiMiddleware):
            raise fail_type(
                "WsgiFunctionApp", "http_middleware", "a WsgiMiddleware", http_middleware
            )
        middleware = http_middleware

        @self.function_name(function_name)
        @self.http_type(http_type="wsgi")
        @self.route(methods=list(HttpMethod), auth_level=self.auth_level, route="/{*route}")
        def http_app_func(req: Any, context: Any) -> Any:
            return middleware.handle(req, context)


def _get_user_function(target_func: Any) -> Any:
    """The user's own function behind a builder or a wrapper."""
    if isinstance(target_func, FunctionBuilder):
        return target_func._function.get_user_function()
    if callable(target_func) and hasattr(target_func, "__name__"):
        return target_func
    wrapped = getattr(target_func, "__wrapped__", None)
    return target_func if wrapped is None else _get_user_function(wrapped)


__all__ = [
    "AsgiFunctionApp",
    "BindingApi",
    "Blueprint",
    "DataTypeArg",
    "DecoratorApi",
    "ExternalHttpFunctionApp",
    "Function",
    "FunctionApp",
    "FunctionBuilder",
    "FunctionName",
    "FunctionRegister",
    "RetryPolicy",
    "SettingsApi",
    "TriggerApi",
    "WsgiFunctionApp",
]

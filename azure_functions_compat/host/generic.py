"""The worker's generic binding: a ``str`` or ``bytes`` parameter gets a binding's raw data.

Under the Python worker a parameter annotated ``str`` or ``bytes`` is bound by the generic
binding, whatever the binding's type: it gets the data the host sent (the queue message's
body, the blob's content, the event's JSON ...) rather than the binding's own type. A
trigger or input type that has no converter at all is bound the same way when its parameter
is ``str``, ``bytes`` or not annotated. Here the binding's converter builds its usual value
and :func:`raw_bytes` turns it back into those data.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Optional

from .converters import BindingConverter, Call
from .errors import BindingError
from .interop import is_binding_type

if TYPE_CHECKING:
    from .metadata import BindingMetadata

__all__ = [
    "GenericTriggerBinding",
    "McpTriggerBinding",
    "RawInput",
    "generic_trigger_for",
    "raw_bytes",
]


def _timer_json(value: Any) -> bytes:
    # The shape of the timer data the host sends the worker.
    document = {
        "Schedule": getattr(value, "schedule", None) or {"AdjustForDST": True},
        "ScheduleStatus": getattr(value, "schedule_status", None) or None,
        "IsPastDue": value.past_due,
    }
    return json.dumps(document, default=str).encode("utf-8")


def raw_bytes(value: Any, what: str) -> bytes:
    """The raw data behind a binding value: a body, a stream's content, or JSON text.

    Raises BindingError (naming ``what``) for a value with no raw form.
    """
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    from ..timer import TimerRequest

    if is_binding_type(value, TimerRequest):
        # Ours or the real package's (which may lack schedule and schedule_status).
        return _timer_json(value)
    get_body = getattr(type(value), "get_body", None)
    if callable(get_body):
        return raw_bytes(value.get_body(), what)
    read = getattr(type(value), "read", None)
    if callable(read):
        return raw_bytes(value.read(), what)
    to_json = getattr(type(value), "to_json", None)
    try:
        if callable(to_json):
            return str(value.to_json()).encode("utf-8")
        if isinstance(value, (Mapping, list, tuple, int, float, bool)) or value is None:
            return json.dumps(value, default=str).encode("utf-8")
    except (TypeError, ValueError) as exc:
        raise BindingError(f"{what} has no JSON form: {exc}") from None
    raise BindingError(f"{what} has no raw data to pass as str or bytes ({type(value).__name__})")


class RawInput(BindingConverter):
    """A trigger or input converter whose value goes to a ``str`` or ``bytes`` parameter."""

    def __init__(self, inner: BindingConverter) -> None:
        self.inner = inner
        self.input_kinds = inner.input_kinds
        self.output_kinds = inner.output_kinds

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        converted = self.inner.convert(value, kind, binding)
        if kind == "str" and isinstance(converted, str):
            return converted
        if kind == "bytes" and isinstance(converted, bytes):
            return converted
        if converted is None:
            # A missing blob or document binds as None, whatever the annotation.
            return None
        if type(converted) is list:
            raise BindingError(
                f"binding {binding.name!r} has cardinality 'many' and delivers a list; "
                f"annotate it List[{kind}]"
            )
        data = raw_bytes(converted, f"binding {binding.name!r}")
        if kind == "bytes":
            return data
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BindingError(
                f"binding {binding.name!r} is annotated str, but its data are not UTF-8 "
                f"({exc.reason} at byte {exc.start}); annotate it bytes"
            ) from None


# What the MCP extension puts in the binding data of a call, by trigger type: the whole call,
# its arguments (each as text, so ``{mcptoolargs.name}`` fills a blob path; a resource has
# none) and its session; and the function.json field that names the tool, prompt or resource.
_MCP_TRIGGERS: dict[str, tuple[str, Optional[str], str]] = {
    "mcptooltrigger": ("mcptoolcontext", "mcptoolargs", "toolName"),
    "mcpprompttrigger": ("mcppromptcontext", "mcppromptargs", "promptName"),
    "mcpresourcetrigger": ("mcpresourcecontext", None, "uri"),
}


def _argument_text(value: Any) -> str:
    # As the extension turns each JSON argument into text: a string as it is, null as
    # empty, true and false as .NET spells them, anything else as its JSON.
    if isinstance(value, str):
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    return json.dumps(value)


def _mcp_call(binding: BindingMetadata, data: Any) -> tuple[str, dict[str, Any]]:
    """The JSON text and binding data of an MCP tool, prompt or resource call."""
    context_key, arguments_key, name_key = _MCP_TRIGGERS[binding.type.lower()]
    if data is None:
        # invoke without --data: a call with no arguments, not a missing context.
        named = binding.get(name_key) or ""
        data = {"uri": named} if arguments_key is None else {"name": named, "arguments": {}}
    text = data if isinstance(data, str) else None
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise BindingError(
                f"the payload of binding {binding.name!r} is not UTF-8 JSON text"
            ) from None
    if text is None:
        text = raw_bytes(data, f"the payload of binding {binding.name!r}").decode("utf-8")
    try:
        call = json.loads(text)
    except ValueError as exc:
        raise BindingError(
            f"the payload of binding {binding.name!r} must be the JSON of an MCP call, "
            f'like {{"arguments": {{...}}}}: {exc}'
        ) from None
    if not isinstance(call, dict):
        raise BindingError(
            f"the payload of binding {binding.name!r} must be a JSON object, "
            f"got {type(call).__name__}"
        )
    binding_data: dict[str, Any] = {context_key: call}
    arguments = call.get("arguments")
    if arguments_key is not None and isinstance(arguments, dict):
        binding_data[arguments_key] = {
            str(name): _argument_text(value) for name, value in arguments.items()
        }
    if arguments_key is None and isinstance(call.get("uri"), str):
        binding_data["mcpresourceuri"] = call["uri"]
    session = call.get("sessionId", call.get("sessionid"))
    if isinstance(session, str):
        binding_data["mcpsessionid"] = session
    return text, binding_data


def _prompt_context(text: str) -> Any:
    """The PromptInvocationContext of the azure.functions the app imported, for ``text``."""
    from .interop import real_package_loaded

    if real_package_loaded():
        real = getattr(sys.modules["azure.functions"], "PromptInvocationContext", None)
        if isinstance(real, type):
            return real(text)
    from ..mcp import PromptInvocationContext

    return PromptInvocationContext(text)


class GenericTriggerBinding(BindingConverter):
    """A trigger type without a converter, bound as the worker's generic binding binds it.

    The payload given to ``invoke`` reaches the function as it is: str, bytes, or a dict or
    list as JSON text.
    """

    input_kinds = ("str", "bytes")
    # Trigger annotations taken besides str, bytes and none.
    extra_kinds: tuple[str, ...] = ()

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        if data is None or isinstance(data, (str, bytes)):
            return data, {}
        if isinstance(data, (bytearray, memoryview)):
            return bytes(data), {}
        return raw_bytes(data, f"the payload of binding {binding.name!r}").decode("utf-8"), {}

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        if kind == "bytes" and isinstance(value, str):
            return value.encode("utf-8")
        if kind == "str" and isinstance(value, bytes):
            try:
                return value.decode("utf-8")
            except UnicodeDecodeError:
                raise BindingError(
                    f"binding {binding.name!r} is annotated str, but the payload is not UTF-8; "
                    "annotate it bytes"
                ) from None
        return value


class McpTriggerBinding(GenericTriggerBinding):
    """An MCP tool, prompt or resource trigger: the generic way, as the MCP extension binds it.

    The payload is the JSON of the call (``{"arguments": {...}}``; without one, a call with
    no arguments); the binding data are the extension's (``mcptoolargs``, ``mcptoolcontext``,
    ``mcpsessionid``, their prompt names, or ``mcpresourceuri``); the return value is the
    result. A prompt function receives a ``PromptInvocationContext`` whatever its annotation,
    as under the worker.
    """

    implicit_return = True
    # Besides str and bytes: a prompt's context class, and dict, as the worker accepts.
    extra_kinds: tuple[str, ...] = ("PromptInvocationContext", "dict")

    def trigger(
        self, binding: BindingMetadata, data: Any, call: Call
    ) -> tuple[Any, dict[str, Any]]:
        text, binding_data = _mcp_call(binding, data)
        if binding.type.lower() == "mcpprompttrigger":
            return _prompt_context(text), binding_data
        return text, binding_data

    def convert(self, value: Any, kind: Optional[str], binding: BindingMetadata) -> Any:
        if not isinstance(value, (str, bytes)):
            return value  # a prompt's context, whatever the annotation
        return super().convert(value, kind, binding)


GENERIC_TRIGGER = GenericTriggerBinding()
MCP_TRIGGER = McpTriggerBinding()


def generic_trigger_for(trigger_type: str) -> GenericTriggerBinding:
    """The generic binding for a trigger type without a converter of its own."""
    return MCP_TRIGGER if trigger_type.lower() in _MCP_TRIGGERS else GENERIC_TRIGGER

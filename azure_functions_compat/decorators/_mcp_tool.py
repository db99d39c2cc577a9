"""``@app.mcp_tool()``: the tool trigger made from a function, and the adapter the host calls."""

from __future__ import annotations

import functools
import inspect
from typing import TYPE_CHECKING, Any, Callable, Optional

from .bindings import MCPToolTrigger
from .mcp import _is_context, _type_hints, build_property_metadata, wants_result_schema

if TYPE_CHECKING:
    from .function_app import Function


def _structured(result: Any) -> Optional[Any]:
    """A JSON-ready view of a structured result, or None when it has none."""
    import dataclasses

    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        return dataclasses.asdict(result)
    dump = getattr(result, "model_dump", None)
    if callable(dump):
        return dump(mode="json", exclude_none=True)
    if isinstance(result, (dict, list, str, int, float, bool)):
        return result
    return getattr(result, "__dict__", None)


def _is_mcp_type(value: Any, name: Optional[str] = None) -> bool:
    """Whether ``value`` is an object of the MCP SDK (``mcp.types``), of class ``name`` if given.

    Told by module name, as azure.functions does, so the SDK need not be importable here.
    """
    return any(
        (getattr(cls, "__module__", "") or "").startswith("mcp.types")
        and (name is None or cls.__name__ == name)
        for cls in type(value).__mro__
    )


def _call_tool_result(data: Any, structured: Any) -> str:
    """The envelope the host reads for an MCP ``CallToolResult``."""
    import json

    return json.dumps(
        {
            "type": "call_tool_result",
            "content": json.dumps(data),
            "structuredContent": None if structured is None else json.dumps(structured),
        }
    )


def _as_tool_result(result: Any, use_result_schema: bool) -> str:
    import json

    if result is None:
        return ""
    if not use_result_schema:
        return result if isinstance(result, str) else str(result)
    if _is_mcp_type(result, "CallToolResult"):
        # Content blocks and structured content as the SDK wrote them.
        full = _structured(result)
        structured = full.get("structuredContent") if isinstance(full, dict) else None
        return _call_tool_result(full, structured)
    if isinstance(result, list) and result and _is_mcp_type(result[0]):
        # A list of content blocks is the content of a result without structured content.
        return _call_tool_result({"content": [_structured(block) for block in result]}, None)
    data = _structured(result)
    if data is None:
        data = str(result)
    text = data if isinstance(data, str) else json.dumps(data)
    module = getattr(type(result), "__module__", "") or ""
    if module.startswith("mcp.types") and isinstance(data, dict):
        # An MCP SDK content object already says what it is.
        return json.dumps(
            {"type": data.get("type", "text"), "content": text, "structuredContent": text}
        )
    return json.dumps(
        {
            "type": "text",
            "content": json.dumps({"type": "text", "text": text}),
            "structuredContent": text,
        }
    )


def make_tool(
    function: Function, metadata: Optional[str], use_result_schema: bool
) -> tuple[MCPToolTrigger, Callable[..., Any]]:
    """The tool trigger describing ``function``'s user function, and the adapter to call."""
    import json
    import textwrap

    target = function.get_user_function()
    signature = inspect.signature(target)
    hints = _type_hints(target)
    if not use_result_schema:
        returns = hints.get("return", signature.return_annotation)
        if returns is not inspect.Signature.empty:
            use_result_schema = wants_result_schema(returns)
    bound = {binding.name for binding in function.get_bindings()}
    properties = build_property_metadata(
        target, bound, getattr(target, "__mcp_tool_properties__", {})
    )
    trigger = MCPToolTrigger(
        "context",
        tool_name=getattr(target, "__name__", "tool"),
        description=textwrap.dedent(target.__doc__ or "").strip(),
        tool_properties=json.dumps(properties),
        metadata=metadata,
        use_result_schema=use_result_schema,
    )
    wants_context = [
        name
        for name, parameter in signature.parameters.items()
        if _is_context(hints.get(name, parameter.annotation))
    ]

    @functools.wraps(target)
    async def adapter(context: str, *args: Any, **kwargs: Any) -> str:
        try:
            content = json.loads(context)
        except (TypeError, ValueError):
            raise ValueError(
                f"MCP tool {trigger.tool_name!r}: context must be the JSON of a tool call, "
                f"got {context!r:.60}"
            ) from None
        arguments = content.get("arguments") or {} if isinstance(content, dict) else {}
        call: dict[str, Any] = {}
        for name in signature.parameters:
            if name in wants_context:
                call[name] = content
            elif name in arguments:
                call[name] = arguments[name]
        call.update(kwargs)
        result = target(**call)
        if inspect.isawaitable(result):
            result = await result
        return _as_tool_result(result, use_result_schema)

    parameters = [
        inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD)
        for name in [*sorted(bound), "context"]
    ]
    adapter.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    return trigger, adapter

"""Model Context Protocol decorator support: prompt arguments, tool property metadata.

``@app.mcp_tool()`` describes a tool from the function's own signature: each parameter not
taken by another binding becomes a property (its JSON type from the annotation, required
unless it has a default or is Optional), and ``@app.mcp_tool_property`` refines one.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Optional, TypeVar, Union, get_args, get_origin

from .bindings import MCPPromptTrigger, MCPResourceTrigger, MCPToolTrigger
from .constants import MCP_PROMPT_TRIGGER, MCP_RESOURCE_TRIGGER, MCP_TOOL_TRIGGER
from .core import McpPropertyType

T = TypeVar("T")

_JSON_TYPES: dict[Any, str] = {
    int: "integer",
    float: "number",
    str: "string",
    bool: "boolean",
    object: "object",
    datetime: "string",
}


@dataclass
class PromptArgument:
    """One argument an MCP prompt accepts: its name, a description, whether it is required."""

    name: str
    description: Optional[str] = None
    required: bool = False

    def to_dict(self) -> dict[str, Any]:
        """The argument as written into the prompt trigger's metadata."""
        return {"name": self.name, "description": self.description, "required": self.required}


def mcp_content(cls: type[T]) -> type[T]:
    """Mark a class as structured MCP content: a tool returning it sends a result schema."""
    cls.__mcp_content__ = True  # type: ignore[attr-defined]
    return cls


def has_mcp_content_marker(obj: Any) -> bool:
    """Whether ``obj`` (a class or an instance) was marked with ``@mcp_content``."""
    if obj is None:
        return False
    kind = obj if isinstance(obj, type) else type(obj)
    return getattr(kind, "__mcp_content__", False) is True


def _without_none(hint: Any) -> Any:
    if get_origin(hint) is Union:
        others = [arg for arg in get_args(hint) if arg is not type(None)]
        return others[0] if others else str
    return hint


def _is_context(hint: Any) -> bool:
    # MCPToolContext is matched by name: the class belongs to the binding types, not here.
    return getattr(hint, "__name__", None) == "MCPToolContext"


def _is_list(hint: Any) -> bool:
    return get_origin(_without_none(hint)) is list


def _json_type(hint: Any, as_array: bool) -> str:
    if isinstance(hint, McpPropertyType):
        return str(hint.value)
    base = _without_none(hint)
    if as_array:
        args = get_args(base)
        base = _without_none(args[0]) if args else str
    return _JSON_TYPES.get(base, "string")


def _is_required(parameter: inspect.Parameter, hint: Any) -> bool:
    if parameter.default is not inspect.Parameter.empty:
        return False
    return not (get_origin(hint) is Union and type(None) in get_args(hint))


def _type_hints(func: Callable[..., Any]) -> dict[str, Any]:
    # Resolve string annotations (modules with `from __future__ import annotations`), so an
    # `x: int` is an integer property there too; keep the raw ones if they do not resolve.
    import typing

    try:
        return typing.get_type_hints(func)
    except Exception:
        return {}


def build_property_metadata(
    func: Callable[..., Any], skip: set[str], explicit: dict[str, dict[str, Any]]
) -> list[dict[str, Any]]:
    """The ``toolProperties`` of an MCP tool made from ``func``'s parameters."""
    hints = _type_hints(func)
    properties: list[dict[str, Any]] = []
    for name, parameter in inspect.signature(func).parameters.items():
        if name in skip:
            continue
        hint = hints.get(name, parameter.annotation)
        if hint is inspect.Parameter.empty:
            hint = str
        if _is_context(hint):
            continue
        as_array = _is_list(hint)
        entry: dict[str, Any] = {
            "propertyName": name,
            "propertyType": _json_type(hint, as_array),
            "description": "",
            "isArray": as_array,
            "isRequired": _is_required(parameter, hint),
        }
        for key, value in explicit.get(name, {}).items():
            if value is not None:
                entry[key] = value
        properties.append(entry)
    return properties


def unwrap_optional(pytype: Any) -> Any:
    """``T`` for ``Optional[T]``; any other annotation unchanged."""
    if get_origin(pytype) is Union and type(None) in get_args(pytype):
        others = [arg for arg in get_args(pytype) if arg is not type(None)]
        return others[0] if others else str
    return pytype


def check_as_array(param_type_hint: Any) -> bool:
    """Whether the annotation is a list (``list[T]``, ``List[T]``, or Optional of one)."""
    return get_origin(unwrap_optional(param_type_hint)) is list


def check_property_type(pytype: Any, as_array: bool) -> str:
    """The MCP property type (``"integer"``, ``"string"``...) of an annotation.

    With ``as_array``, the type of the list's items; an ``McpPropertyType`` gives its value.
    """
    return _json_type(pytype, as_array)


def check_is_required(param: inspect.Parameter, param_type_hint: Any) -> bool:
    """Whether a tool parameter is required: no default and not Optional."""
    return _is_required(param, param_type_hint)


def should_create_structured_content(obj: Any) -> bool:
    """Whether a tool's result is sent as structured content: an object (not a str, number,
    bool, dict or list) whose class is marked with ``@mcp_content``.
    """
    if obj is None or isinstance(obj, (str, int, float, bool, dict, list)):
        return False
    return has_mcp_content_marker(obj)


def wants_result_schema(hint: Any) -> bool:
    """Whether a return annotation asks for structured results (MCP content or SDK types)."""
    if isinstance(hint, type):
        module = getattr(hint, "__module__", "") or ""
        return has_mcp_content_marker(hint) or module.startswith("mcp.types")
    return any(wants_result_schema(arg) for arg in get_args(hint) if arg is not type(None))


_MCPToolTrigger = MCPToolTrigger

__all__ = [
    "MCP_PROMPT_TRIGGER",
    "MCP_RESOURCE_TRIGGER",
    "MCP_TOOL_TRIGGER",
    "MCPPromptTrigger",
    "MCPResourceTrigger",
    "MCPToolTrigger",
    "McpPropertyType",
    "PromptArgument",
    "build_property_metadata",
    "has_mcp_content_marker",
    "mcp_content",
    "wants_result_schema",
]

"""Model Context Protocol triggers: what tool and prompt functions receive, and the converters.

A tool function (``@app.mcp_tool()``) may take an ``MCPToolContext`` parameter: the tool
call as the host sends it (a dict: ``name``, ``arguments``, session details). A prompt
function (``mcpPromptTrigger``) receives a ``PromptInvocationContext``. The decorators that
describe these functions are in ``azure_functions_compat.decorators``; ``mcp_content`` is at
the top level of the package.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Union

from ._validation import fail_type, fail_value
from .meta import Datum, InConverter


class MCPToolContext(dict[str, Any]):
    """The tool call an MCP tool function receives: a plain dict (``name``, ``arguments``...).

    Built like any dict: ``MCPToolContext({"name": "get_snippet", "arguments": {...}})``.
    """


class PromptInvocationContext:
    """What an MCP prompt function receives: the prompt's name, arguments and session.

    ``data`` is the trigger's JSON object, as a dict, a str or bytes (UTF-8). Missing fields
    read as ``""`` (name), ``{}`` (arguments) or None. Raises TypeError when ``data`` is of
    another type, ValueError when the text is not JSON or not a JSON object.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Union[dict[str, Any], str, bytes]) -> None:
        owner = "PromptInvocationContext"
        if isinstance(data, (bytes, bytearray)):
            try:
                data = bytes(data).decode("utf-8")
            except UnicodeDecodeError:
                raise fail_value(owner, "data", "UTF-8 JSON text", data) from None
        if isinstance(data, str):
            import json

            try:
                data = json.loads(data)
            except json.JSONDecodeError as error:
                # The real class (a ValueError), with our message naming the parameter.
                message = str(fail_value(owner, "data", "the JSON text of an object", data))
                raise json.JSONDecodeError(message, error.doc, error.pos) from None
            if not isinstance(data, dict):
                raise fail_value(owner, "data", "the JSON text of an object", data)
        if not isinstance(data, dict):
            raise fail_type(owner, "data", "a dict, or its JSON text (str or bytes)", data)
        self._data: dict[str, Any] = data

    @property
    def name(self) -> str:
        """The name of the prompt invoked; ``""`` when absent."""
        return str(self._data.get("name", ""))

    @property
    def arguments(self) -> dict[str, str]:
        """The prompt's arguments by name (their values are strings); ``{}`` when absent."""
        arguments = self._data.get("arguments")
        return arguments if isinstance(arguments, dict) else {}

    @property
    def sessionid(self) -> Optional[str]:
        """The MCP session's id, or None."""
        return self._data.get("sessionid")

    @property
    def transport(self) -> Optional[dict[str, Any]]:
        """The transport details the host passes, or None."""
        return self._data.get("transport")

    def __repr__(self) -> str:
        return f"PromptInvocationContext(name={self.name!r}, arguments={self.arguments!r})"


def _raw(converter: type, data: object) -> Any:
    """The value of a trigger Datum in its own form: text, bytes or parsed JSON."""
    if not isinstance(data, Datum):
        raise fail_type(converter.__name__, "data", "a Datum", data)
    if data.type in ("json", "string", "bytes"):
        return data.value
    return data.python_value


def _as_text(obj: Any) -> Datum:
    """A function's result as the host expects it: text, bytes, or JSON of structured content."""
    if obj is None:
        return Datum(type="string", value="")
    if isinstance(obj, str):
        return Datum(type="string", value=obj)
    if isinstance(obj, (bytes, bytearray)):
        return Datum(type="bytes", value=bytes(obj))
    from dataclasses import asdict, is_dataclass

    if is_dataclass(obj) and not isinstance(obj, type):
        import json

        return Datum(type="string", value=json.dumps(asdict(obj), default=str))
    return Datum(type="string", value=str(obj))


class _TextTriggerConverter(InConverter, binding=None):
    """Triggers whose input passes through as it came and whose output is text."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, dict or bytes (or a subclass)."""
        return isinstance(pytype, type) and issubclass(pytype, (str, dict, bytes))

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]) -> Any:
        """The trigger's value as it came (str, bytes or parsed JSON)."""
        return _raw(cls, data)

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type] = None) -> Datum:
        """The result as a ``string`` Datum (bytes stay ``bytes``; None is ``""``)."""
        return _as_text(obj)

    @classmethod
    def has_implicit_output(cls) -> bool:
        """True: the function's return value is the trigger's answer."""
        return True


class MCPToolTriggerConverter(_TextTriggerConverter, binding="mcpToolTrigger", trigger=True):
    """``mcpToolTrigger``: the tool call passes through (``MCPToolContext`` is a dict); the
    result becomes text.
    """


class MCPResourceTriggerConverter(
    _TextTriggerConverter, binding="mcpResourceTrigger", trigger=True
):
    """``mcpResourceTrigger``: the request passes through; the resource's content is text."""


class _MCPPromptTriggerConverter(_TextTriggerConverter, binding="mcpPromptTrigger", trigger=True):
    """``mcpPromptTrigger``: the request becomes a ``PromptInvocationContext``."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, dict, bytes or ``PromptInvocationContext``."""
        return isinstance(pytype, type) and issubclass(
            pytype, (str, dict, bytes, PromptInvocationContext)
        )

    @classmethod
    def decode(
        cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]
    ) -> PromptInvocationContext:
        """A ``PromptInvocationContext`` of the request (errors as its constructor's)."""
        return PromptInvocationContext(_raw(cls, data))


# The name azure-functions 1.26 and later give it.
_MCPToolTriggerConverter = MCPToolTriggerConverter

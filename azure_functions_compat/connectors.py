"""The ``connectorTrigger`` converter (Logic Apps connectors calling a function).

A connector trigger's function receives the request as it came (text, bytes or a dict) and
returns text; see ``azure_functions_compat.meta`` for what converters are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional

from .mcp import _raw
from .meta import Datum, InConverter


class ConnectorTriggerConverter(InConverter, binding="connectorTrigger", trigger=True):
    """``connectorTrigger``: the payload passes through; the result becomes text."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, dict or bytes (or a subclass)."""
        return isinstance(pytype, type) and issubclass(pytype, (str, dict, bytes))

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]) -> Any:
        """The payload as it came (str, bytes or parsed JSON)."""
        return _raw(cls, data)

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type] = None) -> Datum:
        """The result as text: None is ``""``, a dict its JSON, bytes stay bytes, else str()."""
        if obj is None:
            return Datum(type="string", value="")
        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        if isinstance(obj, dict):
            import json

            return Datum(type="string", value=json.dumps(obj, default=str))
        return Datum(type="string", value=str(obj))

    @classmethod
    def has_implicit_output(cls) -> bool:
        """True: the function's return value is the connector's answer."""
        return True

"""Durable Functions triggers: the orchestration and entity contexts, and their converters.

An orchestrator function (``orchestrationTrigger``) and an entity function
(``entityTrigger``) receive the state the Durable Task extension sends as JSON text,
wrapped in ``OrchestrationContext`` / ``EntityContext``; the ``azure-functions-durable``
package builds its own rich context from ``.body``. The converters are the worker-level
ones (see ``azure_functions_compat.meta``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Optional, Union

from ._validation import fail_type, fail_value
from .meta import Datum, InConverter, OutConverter, _is_subclass_annotation


def _body_text(owner: str, body: object) -> str:
    if isinstance(body, str):
        return str(body)
    if isinstance(body, bytes):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError:
            raise fail_value(owner, "body", "UTF-8 text", body) from None
    raise fail_type(owner, "body", "a str or bytes (JSON text)", body)


class _DurableContext:
    """The body both Durable Functions contexts hold (not a public class)."""

    __slots__ = ("_body",)
    _repr_name = ""

    def __init__(self, body: Union[str, bytes]) -> None:
        self._body = _body_text(type(self).__name__, body)

    @property
    def body(self) -> str:
        """The JSON text sent by the Durable Task extension."""
        return self._body

    def __repr__(self) -> str:
        return f"<azure.{self._repr_name} body={self._body}>"

    def __str__(self) -> str:
        return self._body


class OrchestrationContext(_DurableContext):
    """What an orchestrator function receives: the orchestration's state as JSON text.

    ``OrchestrationContext(body)``: ``body`` is a str, or bytes decoded as UTF-8;
    ``str(context)`` is the body. Raises TypeError when ``body`` is neither, ValueError
    when bytes are not UTF-8.
    """

    __slots__ = ()
    _repr_name = "OrchestrationContext"


class EntityContext(_DurableContext):
    """What an entity function receives: the entity's batch of operations as JSON text.

    The same constructor, ``body`` and errors as ``OrchestrationContext``. (It is not a
    subclass of it, as in azure.functions.)
    """

    __slots__ = ()
    _repr_name = "EntityContext"


class _JsonTriggerOutput(OutConverter, binding=None):
    """Return values of orchestrators and entities: sent back as they are, typed ``json``."""

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Any return type is accepted."""
        return True

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """``Datum(obj, "json")``: the extension expects the orchestrator's JSON state."""
        return Datum(type="json", value=obj)


class OrchestrationTriggerConverter(
    InConverter, _JsonTriggerOutput, binding="orchestrationTrigger", trigger=True
):
    """``orchestrationTrigger``: the body becomes an ``OrchestrationContext``."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``OrchestrationContext`` or a subclass."""
        return _is_subclass_annotation(cls, pytype, OrchestrationContext)

    @classmethod
    def decode(
        cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]
    ) -> OrchestrationContext:
        """An ``OrchestrationContext`` of ``data.value`` (TypeError/ValueError as it raises)."""
        return OrchestrationContext(_datum(cls, data).value)

    @classmethod
    def has_implicit_output(cls) -> bool:
        """True: the orchestrator's return value is its output."""
        return True


class EnitityTriggerConverter(
    InConverter, _JsonTriggerOutput, binding="entityTrigger", trigger=True
):
    """``entityTrigger``: the body becomes an ``EntityContext``. (The name's spelling is
    azure.functions' own.)
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is ``EntityContext`` or a subclass."""
        return _is_subclass_annotation(cls, pytype, EntityContext)

    @classmethod
    def decode(
        cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]
    ) -> EntityContext:
        """An ``EntityContext`` of ``data.value``."""
        return EntityContext(_datum(cls, data).value)

    @classmethod
    def has_implicit_output(cls) -> bool:
        """True: the entity's return value is its output."""
        return True


class ActivityTriggerConverter(InConverter, OutConverter, binding="activityTrigger", trigger=True):
    """``activityTrigger``: the input is JSON text (plain text is kept as a str); any JSON
    value, or custom object with ``to_json``/``from_json``, can be returned.
    """

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Any parameter type is accepted."""
        return True

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Any return type is accepted."""
        return True

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]) -> Any:
        """The parsed JSON input, or the text itself when it is not JSON.

        Raises ValueError for a type other than ``string`` or ``json``.
        """
        data = _datum(cls, data)
        if data.type not in ("string", "json"):
            raise fail_value(cls.__name__, "data.type", "'string' or 'json'", data.type)
        import json

        from ._durable_functions import df_loads

        if not isinstance(data.value, (str, bytes, bytearray)):
            raise fail_type(cls.__name__, "data.value", "JSON text", data.value)
        try:
            # Custom objects come back from their envelopes, as the Durable SDK sends them.
            return df_loads(data.value)
        except json.JSONDecodeError:
            return data.value

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """``obj`` as JSON text in a ``json`` Datum, a custom object (with ``to_json``) as its
        envelope; ValueError when JSON cannot hold it.
        """
        from ._durable_functions import df_dumps

        try:
            return Datum(type="json", value=df_dumps(obj))
        except (TypeError, ValueError) as error:
            # Chained, as in azure.functions: the cause says what JSON could not hold.
            raise fail_value(cls.__name__, "obj", "a JSON-serialisable value", obj) from error

    @classmethod
    def has_implicit_output(cls) -> bool:
        """True: the activity's return value is its output."""
        return True


class DurableClientConverter(InConverter, OutConverter, binding="durableClient"):
    """``durableClient``: the client's connection details, passed through as text."""

    @classmethod
    def check_input_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str or bytes (or a subclass)."""
        return _is_subclass_annotation(cls, pytype, (str, bytes))

    @classmethod
    def check_output_type_annotation(cls, pytype: type) -> bool:
        """Whether ``pytype`` is str, bytes or bytearray (or a subclass)."""
        return _is_subclass_annotation(cls, pytype, (str, bytes, bytearray))

    @classmethod
    def decode(cls, data: Datum, *, trigger_metadata: Optional[Mapping[str, Datum]]) -> Any:
        """The value as it is for ``string``, ``bytes`` and ``json`` data; None for none.

        Raises ValueError for another type.
        """
        if data is None:
            return None
        data = _datum(cls, data)
        if data.type is None:
            return None
        if data.type not in ("string", "bytes", "json"):
            raise fail_value(cls.__name__, "data.type", "'string', 'bytes' or 'json'", data.type)
        return data.value

    @classmethod
    def encode(cls, obj: Any, *, expected_type: Optional[type]) -> Datum:
        """A Datum typed after ``obj``: string, bytes, dict, list, bool, int, double or None.

        Raises TypeError for any other value.
        """
        if obj is None:
            return Datum(type=None, value=None)
        if isinstance(obj, str):
            return Datum(type="string", value=obj)
        if isinstance(obj, (bytes, bytearray)):
            return Datum(type="bytes", value=bytes(obj))
        for kind, name in ((dict, "dict"), (list, "list"), (bool, "bool"), (int, "int")):
            if isinstance(obj, kind):
                return Datum(type=name, value=obj)
        if isinstance(obj, float):
            return Datum(type="double", value=obj)
        raise fail_type(
            cls.__name__, "obj", "a str, bytes, dict, list, bool, int, float or None", obj
        )

    @classmethod
    def has_implicit_output(cls) -> bool:
        """False: the client is an input only."""
        return False


def _datum(converter: type, data: object) -> Datum:
    if not isinstance(data, Datum):
        raise fail_type(converter.__name__, "data", "a Datum", data)
    return data

"""Datum, the converter registry, the durable and MCP contexts: their strict handling of input."""

from __future__ import annotations

import datetime
import json
import typing
from collections.abc import Iterable
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat import meta
from azure_functions_compat.durable_functions import (
    ActivityTriggerConverter,
    DurableClientConverter,
    OrchestrationTriggerConverter,
)
from azure_functions_compat.meta import Datum


@pytest.mark.parametrize("kind", [1, b"json", ["json"]])
def test_datum_type_must_be_a_str_or_none(kind: Any) -> None:
    with pytest.raises(TypeError, match=r"Datum: type must be a str or None, got"):
        Datum("x", kind)


@pytest.mark.parametrize("text", ["{", "", "[1,"])
def test_datum_invalid_json_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError, match=r"Datum: value must be valid JSON text"):
        Datum(text, "json").python_value  # noqa: B018


@pytest.mark.parametrize(
    ("value", "kind", "expected"),
    [
        (["a", "b"], "collection_string", ["a", "b"]),
        ((1, 2), "collection_sint64", [1, 2]),
        (b'{"a": 1}', "json", {"a": 1}),
        (None, "string", None),
    ],
)
def test_datum_python_value(value: Any, kind: str, expected: Any) -> None:
    assert Datum(value, kind).python_value == expected


def test_datum_with_an_unhashable_value_still_hashes() -> None:
    assert hash(Datum({"a": 1}, "json")) == hash(Datum({"a": 1}, "json"))


def test_datum_is_not_equal_to_other_things() -> None:
    assert Datum(1, "int") != (1, "int")


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        (typing.List[str], True),  # noqa: UP006 - the typing alias is what is tested
        (list[str], True),
        (Iterable[str], True),
        (typing.List[int], False),  # noqa: UP006
        (list, False),
        (str, False),
        (Any, False),
    ],
)
def test_is_iterable_type_annotation(annotation: Any, expected: bool) -> None:
    assert meta.is_iterable_type_annotation(annotation, str) is expected


def test_parsing_with_no_format_reports_a_value_error() -> None:
    parsed, fmt, error = meta.try_parse_datetime_with_formats("2024-01-01", [])
    assert (parsed, fmt, type(error)) == (None, None, ValueError)


def test_parsing_a_non_str_is_a_type_error() -> None:
    with pytest.raises(TypeError, match=r"datetime_str must be a str, got 5"):
        meta.try_parse_datetime_with_formats(5, ["%Y"])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T10:00:00Z", datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc)),
        (
            "2024-05-01T10:00:00.1234567+00:00",
            datetime.datetime(2024, 5, 1, 10, 0, 0, 123456, tzinfo=datetime.timezone.utc),
        ),
        ("05/01/2024 10:00:00Z", datetime.datetime(2024, 5, 1, 10, tzinfo=datetime.timezone.utc)),
        ("2024-05-01T10:00:00", datetime.datetime(2024, 5, 1, 10)),
        ("", None),
    ],
)
def test_converters_parse_the_hosts_timestamps(
    text: str, expected: datetime.datetime | None
) -> None:
    assert meta.InConverter._parse_datetime(text) == expected


def test_an_unreadable_timestamp_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"not a timestamp the host writes: 'soon'"):
        meta.InConverter._parse_datetime("soon")


def test_a_second_converter_for_a_binding_is_refused() -> None:
    func.get_binding_registry()
    with pytest.raises(ValueError, match=r"Duplicate: binding must be a binding type with no"):

        class Duplicate(meta.InConverter, binding="queueTrigger"):
            pass


def test_the_registry_answers_none_for_a_non_str() -> None:
    assert func.get_binding_registry().get(5) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "converter", [OrchestrationTriggerConverter, ActivityTriggerConverter, DurableClientConverter]
)
def test_a_converter_refuses_what_is_not_a_datum(converter: Any) -> None:
    with pytest.raises(TypeError, match=rf"{converter.__name__}: data must be a Datum"):
        converter.decode("text", trigger_metadata=None)


def test_an_unsupported_payload_type_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"data.type must be 'string' or 'json', got 'bytes'"):
        ActivityTriggerConverter.decode(Datum(b"x", "bytes"), trigger_metadata=None)


def test_an_activity_output_json_cannot_hold_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"obj must be a JSON-serialisable value"):
        ActivityTriggerConverter.encode(object(), expected_type=None)


class Point:
    """A custom class as Durable Functions code writes them: to_json and from_json."""

    def __init__(self, x: int) -> None:
        self.x = x

    @staticmethod
    def to_json(obj: Point) -> int:
        return obj.x

    @staticmethod
    def from_json(data: int) -> Point:
        return Point(data)


# The codec's once-per-process advice (pass expected_type), as the real package gives it.
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_an_activity_writes_and_reads_custom_objects_as_durable_envelopes() -> None:
    datum = ActivityTriggerConverter.encode(Point(3), expected_type=None)
    envelope = {"__class__": "Point", "__module__": __name__, "__data__": 3}
    assert (datum.type, json.loads(datum.value)) == ("json", envelope)
    point = ActivityTriggerConverter.decode(datum, trigger_metadata=None)
    assert isinstance(point, Point)
    assert point.x == 3


def test_converters_give_value_errors_for_a_bad_trigger_payload() -> None:
    from azure_functions_compat.timer import TimerRequestConverter

    with pytest.raises(ValueError, match=r"data.value must be a JSON object, got \[1\]"):
        TimerRequestConverter.decode(Datum("[1]", "json"), trigger_metadata=None)


def test_the_converters_are_the_same_classes_in_every_module() -> None:
    from azure_functions_compat import _converters, http

    assert http.HttpRequestConverter is _converters.HttpRequestConverter


def test_a_binding_module_still_refuses_unknown_names() -> None:
    from azure_functions_compat import queue

    with pytest.raises(AttributeError, match=r"has no attribute 'Nonsense'"):
        queue.Nonsense  # noqa: B018


@pytest.mark.parametrize("body", [None, 1, bytearray(b"{}"), ["{}"]])
@pytest.mark.parametrize("kind", [func.OrchestrationContext, func.EntityContext])
def test_a_durable_context_body_must_be_str_or_bytes(body: Any, kind: type) -> None:
    with pytest.raises(TypeError, match=rf"{kind.__name__}: body must be a str or bytes"):
        kind(body)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ("[1]", ValueError),
        ("3", ValueError),
        (b"\xff", ValueError),
        (5, TypeError),
        (None, TypeError),
        (["name"], TypeError),
    ],
)
def test_a_prompt_context_takes_a_json_object_only(data: Any, error: type) -> None:
    with pytest.raises(error, match=r"PromptInvocationContext: data must be"):
        func.PromptInvocationContext(data)


def test_a_prompt_context_from_bytes() -> None:
    assert func.PromptInvocationContext(b'{"name": "p"}').name == "p"


def test_mcp_content_is_the_decorators_own() -> None:
    from azure_functions_compat.decorators import mcp

    assert func.mcp_content is mcp.mcp_content


def test_mcp_tool_context_is_a_dict() -> None:
    assert isinstance(func.MCPToolContext(name="tool"), dict)


BAD_DATA = [
    None,
    "text",
    1,
    Datum(None, None),
    Datum("x", "string"),
    Datum(b"\xff", "bytes"),
    Datum("{", "json"),
    Datum("[1]", "json"),
    Datum("{}", "json"),
    Datum(5, "int"),
    Datum({"method": 1}, "http"),
    Datum([1], "collection_string"),
    Datum("x", "weird"),
]
BAD_METADATA: list[Any] = [
    None,
    {},
    "metadata",
    5,
    {"UserProperties": Datum("{}", "json")},
    {"UserPropertiesArray": Datum("[]", "json")},
    {"SystemProperties": Datum("{}", "json")},
    {"Id": 5},
    {"Id": Datum(5, "int"), "DequeueCount": Datum("x", "string")},
    {"InsertionTime": Datum("never", "string")},
    {"Properties": Datum("[1]", "json")},
]
BAD_OUTPUTS = [None, "s", b"b", 1, 1.5, [1], {"a": 1}, object(), [object()]]


def registered_converters() -> list[tuple[str, Any]]:
    return sorted(func.get_binding_registry()._bindings.items())


@pytest.mark.parametrize(("binding", "converter"), registered_converters())
def test_no_converter_lets_another_exception_escape(binding: str, converter: Any) -> None:
    escaped = []
    for data in BAD_DATA:
        for metadata in BAD_METADATA:
            if hasattr(converter, "decode"):
                try:
                    converter.decode(data, trigger_metadata=metadata)
                except (TypeError, ValueError):
                    pass
                except Exception as error:
                    escaped.append((data, metadata, error))
    for output in BAD_OUTPUTS:
        if hasattr(converter, "encode"):
            try:
                converter.encode(output, expected_type=None)
            except (TypeError, ValueError):
                pass
            except Exception as error:
                escaped.append((output, None, error))
    assert escaped == []


@pytest.fixture
def registry_copy(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The converter registry, restored after the test."""
    registry = func.get_binding_registry()
    monkeypatch.setattr(registry, "_bindings", dict(registry._bindings))
    return registry


class CustomOrchestration(OrchestrationTriggerConverter, binding=None, trigger=True):
    """A replacement an integration package might register."""


def test_register_converter_replaces_a_durable_converter(registry_copy: Any) -> None:
    func.register_converter("orchestrationTrigger", CustomOrchestration, overwrite=True)
    assert registry_copy.get("orchestrationTrigger") is CustomOrchestration


def test_register_converter_does_not_overwrite_unless_asked(registry_copy: Any) -> None:
    with pytest.raises(ValueError, match=r"pass overwrite=True"):
        func.register_converter("orchestrationTrigger", CustomOrchestration)


def test_register_converter_is_for_durable_bindings_only(registry_copy: Any) -> None:
    with pytest.raises(ValueError, match=r"binding_name must be one of activityTrigger"):
        func.register_converter("httpTrigger", CustomOrchestration, overwrite=True)


@pytest.mark.parametrize("converter", [str, "CustomOrchestration", CustomOrchestration()])
def test_register_converter_takes_converter_classes_only(
    converter: Any, registry_copy: Any
) -> None:
    with pytest.raises(TypeError, match=r"converter_cls must be a subclass of InConverter"):
        func.register_converter("entityTrigger", converter, overwrite=True)


def test_change_feed_modes_as_azure_functions_2_has_them() -> None:
    from azure_functions_compat.decorators import core

    assert {mode.name: mode.value for mode in func.CosmosDBChangeFeedMode} == {
        "LATEST_VERSION": "LatestVersion",
        "ALL_VERSIONS_AND_DELETES": "AllVersionsAndDeletes",
    }
    assert core.CosmosDBChangeFeedMode is func.CosmosDBChangeFeedMode


def test_the_mcp_tool_converter_has_its_older_public_name() -> None:
    from azure_functions_compat import mcp

    assert func.get_binding_registry().get("mcpToolTrigger") is mcp.MCPToolTriggerConverter


def test_an_unsupported_value_is_not_implemented_and_a_type_and_value_error() -> None:
    from azure_functions_compat._converters import QueueMessageOutConverter, UnsupportedDataError

    with pytest.raises(UnsupportedDataError) as caught:
        QueueMessageOutConverter.encode(object(), expected_type=None)
    assert isinstance(caught.value, NotImplementedError)
    assert isinstance(caught.value, TypeError)
    assert isinstance(caught.value, ValueError)
    assert str(caught.value).startswith("QueueMessageOutConverter: obj must be")

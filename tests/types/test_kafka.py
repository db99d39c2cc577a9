from __future__ import annotations

import json
import re
from typing import Any, Optional

import pytest

import azure_functions_compat as func
from azure_functions_compat.kafka import KafkaEvent


def test_it_is_the_top_level_and_the_submodule_name() -> None:
    assert func.KafkaEvent is KafkaEvent


def test_only_the_body_is_required() -> None:
    event = KafkaEvent(body=b"v")
    assert event.get_body() == b"v"
    assert (event.key, event.offset, event.partition, event.topic) == (None, None, None, None)
    assert event.timestamp is None
    assert event.headers is None
    assert event.metadata is None  # as in azure.functions


def test_the_body_has_no_default() -> None:
    with pytest.raises(TypeError):
        KafkaEvent()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("body", "expected"), [("é", "é".encode()), (b"\x00", b"\x00"), (None, b"")]
)
def test_get_body_always_returns_bytes(body: Any, expected: bytes) -> None:
    result = KafkaEvent(body=body).get_body()
    assert type(result) is bytes
    assert result == expected


def test_every_property_reads_back_what_was_given() -> None:
    headers = [{"Key": "trace", "Value": "YWJj"}]
    event = KafkaEvent(
        body=b"x",
        trigger_metadata={"Topic": "orders"},
        key="k",
        offset=17,
        partition=2,
        topic="orders",
        timestamp="2024-05-06T07:08:09.000Z",
        headers=headers,
    )
    assert (event.key, event.offset, event.partition, event.topic) == ("k", 17, 2, "orders")
    assert event.timestamp == "2024-05-06T07:08:09.000Z"
    assert event.headers == headers
    assert event.metadata == {"Topic": "orders"}


def test_headers_are_copied_into_a_list() -> None:
    headers: list[Any] = [{"Key": "a", "Value": ""}]
    event = KafkaEvent(body=b"", headers=headers)
    headers.clear()
    assert event.headers == [{"Key": "a", "Value": ""}]
    assert KafkaEvent(body=b"", headers=()).headers == []  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"body": 1.5}, TypeError, "body must be str, bytes, bytearray or None, got 1.5"),
        ({"key": b"k"}, TypeError, "key must be a str or None, got b'k' (bytes)"),
        ({"offset": "1"}, TypeError, "offset must be an int or None"),
        ({"offset": -1}, ValueError, "offset must be an int of at least 0"),
        ({"partition": -2}, ValueError, "partition must be an int of at least 0"),
        ({"partition": False}, TypeError, "partition must be an int or None"),
        ({"topic": 3}, TypeError, "topic must be a str or None"),
        ({"timestamp": 1700000000}, TypeError, "timestamp must be a str or None"),
        ({"headers": {"a": "b"}}, TypeError, "headers must be a list, a tuple or None"),
        ({"trigger_metadata": 1}, TypeError, "trigger_metadata must be a mapping"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments.setdefault("body", b"")
    with pytest.raises(error, match="^KafkaEvent: " + re.escape(message)):
        KafkaEvent(**arguments)


def test_repr_names_the_record_position() -> None:
    event = KafkaEvent(body=b"", key="k", partition=1, offset=2, topic="t")
    assert repr(event) == "<KafkaEvent key='k' partition=1 offset=2 topic='t' timestamp=None>"


def test_to_dict_gives_every_field_and_to_json_its_text() -> None:
    event = KafkaEvent(
        body=b"v",
        key="k",
        offset=1,
        partition=2,
        topic="t",
        timestamp="ts",
        headers=[{"Key": "a"}],
    )
    assert event.to_dict() == {
        "body": "v",
        "key": "k",
        "offset": 1,
        "partition": 2,
        "topic": "t",
        "timestamp": "ts",
        "headers": [{"Key": "a"}],
    }
    assert json.loads(event.to_json()) == event.to_dict()


class MockKafkaEvent(func.KafkaEvent):
    def __init__(self, value: bytes) -> None:
        self.value = value

    def get_body(self) -> bytes:
        return self.value

    @property
    def key(self) -> Optional[str]:
        return "mock-key"


def test_a_subclass_that_skips_init_keeps_its_overrides_and_reads_defaults() -> None:
    mock = MockKafkaEvent(b"v")
    assert (mock.get_body(), mock.key) == (b"v", "mock-key")
    assert mock.offset is None
    assert mock.headers is None
    assert mock.metadata is None

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any, Optional

import pytest

import azure_functions_compat as func
from azure_functions_compat.eventhub import EventHubEvent

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)


def test_it_is_the_top_level_and_the_submodule_name() -> None:
    assert func.EventHubEvent is EventHubEvent


def test_only_the_body_is_required() -> None:
    event = EventHubEvent(body=b"{}")
    assert event.get_body() == b"{}"
    assert event.enqueued_time is None
    assert event.partition_key is None
    assert event.sequence_number is None
    assert event.offset is None
    assert event.iothub_metadata is None
    assert event.metadata is None  # as in azure.functions


def test_the_body_has_no_default() -> None:
    with pytest.raises(TypeError):
        EventHubEvent()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("body", "expected"),
    [("é", "é".encode()), (b"\x01", b"\x01"), (bytearray(b"ab"), b"ab"), (None, b"")],
)
def test_get_body_always_returns_bytes(body: Any, expected: bytes) -> None:
    result = EventHubEvent(body=body).get_body()
    assert type(result) is bytes
    assert result == expected


def test_every_property_reads_back_what_was_given() -> None:
    event = EventHubEvent(
        body=b"x",
        trigger_metadata={"PartitionContext": {"PartitionId": "0"}},
        enqueued_time=WHEN,
        partition_key="pk",
        sequence_number=42,
        offset="8589934592",
        iothub_metadata={"connection-device-id": "dev1"},
    )
    assert event.enqueued_time == WHEN
    assert event.partition_key == "pk"
    assert event.sequence_number == 42
    assert event.offset == "8589934592"
    assert event.iothub_metadata == {"connection-device-id": "dev1"}
    assert event.metadata == {"PartitionContext": {"PartitionId": "0"}}


def test_the_documented_function_reads_an_event() -> None:
    def main(event: func.EventHubEvent) -> str:
        return f"{event.get_body().decode()} #{event.sequence_number}"

    assert main(func.EventHubEvent(body="hi", sequence_number=3)) == "hi #3"


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"body": 7}, TypeError, "body must be str, bytes, bytearray or None, got 7 (int)"),
        ({"body": [b"a"]}, TypeError, "body must be str, bytes, bytearray or None"),
        ({"enqueued_time": "now"}, TypeError, "enqueued_time must be a datetime.datetime"),
        ({"partition_key": 1}, TypeError, "partition_key must be a str or None"),
        ({"sequence_number": "1"}, TypeError, "sequence_number must be an int or None"),
        ({"sequence_number": -1}, ValueError, "sequence_number must be an int of at least 0"),
        ({"offset": 10}, TypeError, "offset must be a str or None, got 10 (int)"),
        ({"iothub_metadata": "x"}, TypeError, "iothub_metadata must be a mapping"),
        ({"iothub_metadata": {"a": 1}}, TypeError, "iothub_metadata value for 'a' must be a str"),
        ({"trigger_metadata": [1]}, TypeError, "trigger_metadata must be a mapping"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments.setdefault("body", b"")
    with pytest.raises(error, match="^EventHubEvent: " + re.escape(message)):
        EventHubEvent(**arguments)


def test_repr_names_the_partition_position() -> None:
    event = EventHubEvent(body=b"", partition_key="p", sequence_number=1)
    assert repr(event) == "<EventHubEvent partition_key='p' sequence_number=1 enqueued_time=None>"


def test_to_dict_gives_every_field_in_json_safe_form() -> None:
    event = EventHubEvent(
        body=b"hi",
        enqueued_time=WHEN,
        sequence_number=1,
        offset="2",
        partition_key="p",
        iothub_metadata={"connection-device-id": "d"},
        trigger_metadata={"not": "shown"},
    )
    assert event.to_dict() == {
        "body": "hi",
        "partition_key": "p",
        "sequence_number": 1,
        "offset": "2",
        "enqueued_time": "2024-05-06T07:08:09+00:00",
        "iothub_metadata": {"connection-device-id": "d"},
    }
    assert json.loads(event.to_json()) == event.to_dict()


def test_to_dict_gives_none_for_empty_iothub_metadata_and_base64_for_binary() -> None:
    fields = EventHubEvent(body=b"\xff", iothub_metadata={}).to_dict()
    assert fields["iothub_metadata"] is None
    assert fields["body"] == {"__encoding": "base64", "value": "/w=="}


class MockEventHubEvent(func.EventHubEvent):
    def __init__(self, body: bytes, partition: Optional[str] = None) -> None:
        self.raw = body
        self.partition = partition

    def get_body(self) -> bytes:
        return self.raw

    @property
    def partition_key(self) -> Optional[str]:
        return self.partition


def test_a_subclass_that_skips_init_keeps_its_overrides_and_reads_defaults() -> None:
    mock = MockEventHubEvent(b"data", partition="p1")
    assert (mock.get_body(), mock.partition_key) == (b"data", "p1")
    assert mock.sequence_number is None
    assert mock.metadata is None
    assert mock.iothub_metadata is None
    assert "p1" in repr(mock)


def test_a_cardinality_many_batch_is_a_plain_list_of_events() -> None:
    batch = [EventHubEvent(body=str(n), sequence_number=n) for n in range(3)]
    assert [event.get_body() for event in batch] == [b"0", b"1", b"2"]

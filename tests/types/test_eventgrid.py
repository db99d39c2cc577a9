from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat.eventgrid import CloudEvent, EventGridEvent, EventGridOutputEvent

WHEN = datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.utc)

EVENT_TYPES = [EventGridEvent, EventGridOutputEvent, CloudEvent]


def test_they_are_the_top_level_and_the_submodule_names() -> None:
    assert func.EventGridEvent is EventGridEvent
    assert func.EventGridOutputEvent is EventGridOutputEvent
    assert func.CloudEvent is CloudEvent


def test_the_seed_style_trigger_function_reads_an_event() -> None:
    def main(event: func.EventGridEvent) -> dict[str, Any]:
        return {
            "id": event.id,
            "data": event.get_json(),
            "topic": event.topic,
            "subject": event.subject,
            "event_type": event.event_type,
        }

    event = func.EventGridEvent(
        id="e1",
        data={"url": "https://x/y"},
        topic="/subscriptions/s",
        subject="/blobs/y",
        event_type="Microsoft.Storage.BlobCreated",
        event_time=WHEN,
        data_version="1",
    )
    assert main(event) == {
        "id": "e1",
        "data": {"url": "https://x/y"},
        "topic": "/subscriptions/s",
        "subject": "/blobs/y",
        "event_type": "Microsoft.Storage.BlobCreated",
    }
    assert (event.event_time, event.data_version) == (WHEN, "1")


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_only_data_is_required(event_type: Any) -> None:
    with pytest.raises(TypeError):
        event_type()
    event = event_type(data=None)
    assert event.get_json() is None


@pytest.mark.parametrize("event_type", EVENT_TYPES)
def test_the_id_defaults_to_a_fresh_uuid(event_type: Any) -> None:
    first, second = event_type(data={}), event_type(data={})
    assert str(uuid.UUID(first.id)) == first.id
    assert first.id != second.id


def test_event_grid_event_defaults() -> None:
    event = EventGridEvent(data={})
    assert (event.topic, event.subject, event.event_type, event.data_version) == ("", "", "", "")
    assert event.event_time is None


def test_output_event_defaults_and_has_no_topic() -> None:
    event = EventGridOutputEvent(data={})
    assert (event.subject, event.event_type, event.data_version) == ("", "", "")
    assert event.event_time is None
    assert not hasattr(event, "topic")


def test_output_event_reads_back_what_was_given() -> None:
    event = EventGridOutputEvent(
        id="o1",
        data={"n": 1},
        subject="s",
        event_type="Contoso.Item",
        event_time=WHEN,
        data_version="2.0",
    )
    assert (event.id, event.get_json(), event.subject) == ("o1", {"n": 1}, "s")
    assert (event.event_type, event.event_time, event.data_version) == (
        "Contoso.Item",
        WHEN,
        "2.0",
    )


@pytest.mark.parametrize("event_type", EVENT_TYPES)
@pytest.mark.parametrize("data", [{"a": [1]}, [1, 2], "text", 3, 2.5, True, None])
def test_get_json_returns_the_decoded_payload_itself(event_type: Any, data: Any) -> None:
    assert event_type(data=data).get_json() is data


def test_cloud_event_defaults() -> None:
    event = CloudEvent(data={"x": 1})
    assert (event.source, event.type, event.specversion) == ("", "", "1.0")
    assert event.time is event.subject is event.datacontenttype is event.dataschema is None
    assert event.extension_attrs == {}


def test_cloud_event_reads_back_every_attribute() -> None:
    event = CloudEvent(
        id="c1",
        source="/mycontext",
        type="com.example.someevent",
        specversion="1.0",
        data={"x": 1},
        time=WHEN,
        subject="item/1",
        datacontenttype="application/json",
        dataschema="https://example.com/schema",
        traceparent="00-abc-def-01",
        partitionkey="p1",
    )
    assert (event.id, event.source, event.type) == ("c1", "/mycontext", "com.example.someevent")
    assert (event.time, event.subject) == (WHEN, "item/1")
    assert event.datacontenttype == "application/json"
    assert event.dataschema == "https://example.com/schema"
    assert event.extension_attrs == {"traceparent": "00-abc-def-01", "partitionkey": "p1"}


@pytest.mark.parametrize("data", [b"\x00\x01", bytearray(b"\x02"), memoryview(b"\x03")])
def test_cloud_event_carries_binary_data_as_bytes(data: Any) -> None:
    result = CloudEvent(data=data).get_json()
    assert type(result) is bytes
    assert result == bytes(data)


@pytest.mark.parametrize(
    ("event_type", "arguments", "error", "message"),
    [
        (EventGridEvent, {"data": b"x"}, TypeError, "data must be a decoded JSON value"),
        (EventGridEvent, {"data": {1, 2}}, TypeError, "data must be a decoded JSON value"),
        (EventGridEvent, {"id": 1}, TypeError, "id must be a str or None, got 1 (int)"),
        (EventGridEvent, {"topic": None}, TypeError, "topic must be a str, got None"),
        (EventGridEvent, {"subject": 1}, TypeError, "subject must be a str"),
        (EventGridEvent, {"event_type": None}, TypeError, "event_type must be a str"),
        (EventGridEvent, {"data_version": 1}, TypeError, "data_version must be a str"),
        (EventGridEvent, {"event_time": "2024"}, TypeError, "event_time must be a datetime"),
        (EventGridOutputEvent, {"data": object()}, TypeError, "data must be a decoded JSON"),
        (EventGridOutputEvent, {"subject": None}, TypeError, "subject must be a str"),
        (EventGridOutputEvent, {"event_time": 0}, TypeError, "event_time must be a datetime"),
        (CloudEvent, {"data": object()}, TypeError, "data must be a decoded JSON value"),
        (CloudEvent, {"source": None}, TypeError, "source must be a str, got None"),
        (CloudEvent, {"type": 1}, TypeError, "type must be a str"),
        (CloudEvent, {"specversion": 1.0}, TypeError, "specversion must be a str"),
        (CloudEvent, {"time": "now"}, TypeError, "time must be a datetime.datetime or None"),
        (CloudEvent, {"subject": 1}, TypeError, "subject must be a str or None"),
        (CloudEvent, {"datacontenttype": 1}, TypeError, "datacontenttype must be a str or None"),
        (CloudEvent, {"dataschema": 1}, TypeError, "dataschema must be a str or None"),
        (
            CloudEvent,
            {"traceParent": "x"},
            ValueError,
            "an extension attribute name must be lower-case ASCII letters and digits, "
            "got 'traceParent'",
        ),
        (CloudEvent, {"my_ext": "x"}, ValueError, "an extension attribute name must be"),
        (CloudEvent, {"": "x"}, ValueError, "an extension attribute name must be"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(
    event_type: Any, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    arguments.setdefault("data", {})
    with pytest.raises(error, match=f"^{event_type.__name__}: " + re.escape(message)):
        event_type(**arguments)


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            EventGridEvent(id="1", data={}, topic="t", subject="s"),
            "<EventGridEvent id='1' topic='t' subject='s'>",
        ),
        (
            EventGridOutputEvent(id="1", data={}, event_type="e", subject="s"),
            "<EventGridOutputEvent id='1' event_type='e' subject='s'>",
        ),
        (
            CloudEvent(id="1", data={}, source="src", type="t"),
            "<CloudEvent id='1' source='src' type='t'>",
        ),
    ],
)
def test_repr_names_the_identifying_fields(event: Any, expected: str) -> None:
    assert repr(event) == expected


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (
            EventGridEvent(
                id="1", data={"a": [1]}, topic="t", subject="s", event_type="e", event_time=WHEN
            ),
            {
                "id": "1",
                "topic": "t",
                "subject": "s",
                "event_type": "e",
                "event_time": "2024-05-06T07:08:09+00:00",
                "data_version": "",
                "data": {"a": [1]},
            },
        ),
        (
            EventGridOutputEvent(id="1", data=["x"], subject="s", event_type="e"),
            {
                "id": "1",
                "subject": "s",
                "event_type": "e",
                "event_time": None,
                "data_version": "",
                "data": ["x"],
            },
        ),
        (
            CloudEvent(id="1", source="src", type="t", data=b"\xff", time=WHEN, foo="bar"),
            {
                "id": "1",
                "source": "src",
                "type": "t",
                "specversion": "1.0",
                "subject": None,
                "time": "2024-05-06T07:08:09+00:00",
                "datacontenttype": None,
                "dataschema": None,
                "data": {"__encoding": "base64", "value": "/w=="},
                "extension_attrs": {"foo": "bar"},
            },
        ),
    ],
)
def test_to_dict_gives_every_field_and_to_json_its_text(event: Any, expected: Any) -> None:
    assert event.to_dict() == expected
    assert list(event.to_dict()) == list(expected)
    assert json.loads(event.to_json()) == expected


class MockEventGridEvent(func.EventGridEvent):
    def __init__(self, payload: dict[str, Any]) -> None:
        self.payload = payload

    def get_json(self) -> Any:
        return self.payload

    @property
    def event_type(self) -> str:
        return "Mock.Event"


def test_a_subclass_that_skips_init_keeps_its_overrides_and_reads_defaults() -> None:
    mock = MockEventGridEvent({"k": "v"})
    assert (mock.get_json(), mock.event_type) == ({"k": "v"}, "Mock.Event")
    assert (mock.id, mock.topic, mock.subject, mock.data_version) == ("", "", "", "")
    assert mock.event_time is None


def test_a_cloud_event_subclass_that_skips_init_reads_defaults() -> None:
    class MockCloudEvent(CloudEvent):
        def __init__(self) -> None:
            pass

    mock = MockCloudEvent()
    assert (mock.specversion, mock.extension_attrs, mock.get_json()) == ("1.0", {}, None)

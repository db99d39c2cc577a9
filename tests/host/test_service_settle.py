"""Service Bus, Event Hubs and Event Grid triggers invoked without data settle their message
as the service's extension does, in the code ``serve`` shares (host/services.py).

Service Bus: completed on success, abandoned on failure (delivery count + 1), dead-lettered
after ten deliveries. Event Hubs: consumed either way (the checkpoint moves on). Event Grid:
delivered again after a failure, dead-lettered after thirty attempts.
"""

from __future__ import annotations

import json
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, BindingError
from azure_functions_compat.host.services import (
    EVENT_GRID_MAX_DELIVERY_ATTEMPTS,
    SERVICE_BUS_MAX_DELIVERY_COUNT,
    message_source,
)

# Returns what it saw; fails while the body says "bad".
SERVICE_BUS = """
import azure.functions as func

def main(msg: func.ServiceBusMessage) -> str:
    body = msg.get_body().decode()
    if body.startswith("bad"):
        raise ValueError("refused " + body)
    return f"{body}:{msg.delivery_count}:{msg.message_id}"
"""

EVENT_HUB_MANY = """
from typing import List
import azure.functions as func

def main(events: List[func.EventHubEvent]) -> str:
    bodies = [event.get_body().decode() for event in events]
    if any(body.startswith("bad") for body in bodies):
        raise ValueError("refused")
    return ",".join(bodies)
"""

EVENT_HUB_ONE = """
import azure.functions as func

def main(events: func.EventHubEvent) -> str:
    body = events.get_body().decode()
    if body.startswith("bad"):
        raise ValueError("refused")
    return body
"""

EVENT_GRID = """
import azure.functions as func

def main(event: func.EventGridEvent) -> str:
    if event.subject == "bad":
        raise ValueError("refused")
    return event.id
"""

RETURN = {"name": "$return", "type": "madeUp", "direction": "out"}


def _app(make_app: Callable[..., App], trigger: dict[str, Any], source: str) -> App:
    name = "events" if "eventHub" in trigger["type"] else "msg"
    if trigger["type"] == "eventGridTrigger":
        name = "event"
    binding = {"name": name, "direction": "in", **trigger}
    return make_app({"Receive": ([binding, RETURN], source)})


def _grid_event(subject: str) -> bytes:
    return json.dumps(
        {
            "id": f"id-{subject}",
            "topic": "t",
            "subject": subject,
            "eventType": "e",
            "eventTime": "2026-01-01T00:00:00Z",
            "dataVersion": "1",
            "data": {},
        }
    ).encode()


SERVICE_BUS_TRIGGERS = [
    pytest.param(
        {"type": "serviceBusTrigger", "queueName": "Orders"}, "servicebus-orders", id="q"
    ),
    pytest.param(
        {"type": "serviceBusTrigger", "topicName": "sales", "subscriptionName": "s1"},
        "servicebus-sales",
        id="topic",
    ),
]


@pytest.mark.parametrize(("trigger", "store"), SERVICE_BUS_TRIGGERS)
def test_service_bus_message_is_abandoned_on_failure_then_dead_lettered(
    make_app: Callable[..., App], trigger: dict[str, Any], store: str
) -> None:
    app = _app(make_app, trigger, SERVICE_BUS)
    app.storage.put_message(store, b"bad-order")
    for delivery in range(1, SERVICE_BUS_MAX_DELIVERY_COUNT):
        result = app.invoke("Receive")
        assert "refused bad-order" in str(result.exception)
        # Abandoned: still there, delivered again with its count one higher.
        assert app.storage.messages(store) == [b"bad-order"], delivery
        assert not app.storage.messages(f"{store}-deadletter")
    last = app.invoke("Receive")
    assert not last.ok
    assert app.storage.messages(store) == []
    assert app.storage.messages(f"{store}-deadletter") == [b"bad-order"]
    assert [entry.message for entry in last.logs if entry.level == "WARNING"] == [
        f"Message has reached the max delivery count of {SERVICE_BUS_MAX_DELIVERY_COUNT}. "
        f"Moving message to the dead-letter store '{store}-deadletter'."
    ]
    nothing = app.invoke("Receive")
    assert isinstance(nothing.exception, BindingError)
    assert "has no message waiting" in str(nothing.exception)


@pytest.mark.parametrize(("trigger", "store"), SERVICE_BUS_TRIGGERS)
def test_service_bus_message_is_completed_on_success_with_its_delivery_count(
    make_app: Callable[..., App], trigger: dict[str, Any], store: str
) -> None:
    app = _app(make_app, trigger, SERVICE_BUS)
    app.storage.put_message(store, b"order")
    result = app.invoke("Receive")
    body, count, message_id = result.return_value.split(":")
    assert (body, count) == ("order", "1")
    assert message_id
    assert app.storage.messages(store) == []


def test_service_bus_retry_sees_the_delivery_count_grow(make_app: Callable[..., App]) -> None:
    source = SERVICE_BUS.replace('body.startswith("bad")', "msg.delivery_count < 3")
    app = _app(make_app, {"type": "serviceBusTrigger", "queueName": "orders"}, source)
    app.storage.put_message("servicebus-orders", b"order")
    assert not app.invoke("Receive").ok
    assert not app.invoke("Receive").ok
    result = app.invoke("Receive")
    assert result.ok, result.exception
    assert result.return_value.startswith("order:3:")
    assert app.storage.messages("servicebus-orders") == []


@pytest.mark.parametrize(
    ("source", "cardinality", "waiting", "taken"),
    [
        pytest.param(EVENT_HUB_ONE, "one", [b"bad", b"next"], [b"next"], id="one"),
        pytest.param(EVENT_HUB_MANY, "many", [b"a", b"bad", b"c"], [], id="many"),
    ],
)
def test_event_hubs_failed_events_are_consumed_and_logged(
    make_app: Callable[..., App],
    source: str,
    cardinality: str,
    waiting: list[bytes],
    taken: list[bytes],
) -> None:
    trigger = {"type": "eventHubTrigger", "eventHubName": "telemetry", "cardinality": cardinality}
    app = _app(make_app, trigger, source)
    for body in waiting:
        app.storage.put_message("eventhub-telemetry", body)
    result = app.invoke("Receive")
    assert "refused" in str(result.exception)
    # The checkpoint moved on: the failed event (or batch) is not delivered again.
    assert app.storage.messages("eventhub-telemetry") == taken
    assert not [q for q in app.storage.queues() if q.endswith("deadletter")]
    assert any("moving on" in entry.message for entry in result.logs)


def test_event_hubs_batch_takes_what_is_waiting(make_app: Callable[..., App]) -> None:
    trigger = {"type": "eventHubTrigger", "eventHubName": "telemetry", "cardinality": "many"}
    app = _app(make_app, trigger, EVENT_HUB_MANY)
    for body in (b"a", b"b", b"c"):
        app.storage.put_message("eventhub-telemetry", body)
    assert app.invoke("Receive").return_value == "a,b,c"
    assert app.storage.messages("eventhub-telemetry") == []


def test_event_grid_event_is_delivered_again_then_dead_lettered(
    make_app: Callable[..., App],
) -> None:
    app = _app(make_app, {"type": "eventGridTrigger"}, EVENT_GRID)
    event = _grid_event("bad")
    app.storage.put_message("eventgrid", event)
    for _ in range(EVENT_GRID_MAX_DELIVERY_ATTEMPTS - 1):
        assert not app.invoke("Receive").ok
        assert app.storage.messages("eventgrid") == [event]
    last = app.invoke("Receive")
    assert not last.ok
    assert app.storage.messages("eventgrid") == []
    assert app.storage.messages("eventgrid-deadletter") == [event]
    assert [entry.message for entry in last.logs if entry.level == "WARNING"] == [
        f"Event delivery failed after {EVENT_GRID_MAX_DELIVERY_ATTEMPTS} attempts. "
        "Moving event to the dead-letter store 'eventgrid-deadletter'."
    ]


def test_event_grid_event_is_removed_after_success(make_app: Callable[..., App]) -> None:
    app = _app(make_app, {"type": "eventGridTrigger"}, EVENT_GRID)
    app.storage.put_message("eventgrid", _grid_event("good"))
    assert app.invoke("Receive").return_value == "id-good"
    assert app.storage.messages("eventgrid") == []


def test_an_unresolved_entity_setting_fails_the_invocation_naming_it(
    make_app: Callable[..., App],
) -> None:
    app = _app(make_app, {"type": "serviceBusTrigger", "queueName": "%OrdersQueue%"}, SERVICE_BUS)
    result = app.invoke("Receive")
    assert isinstance(result.exception, BindingError)
    assert "function.json" in str(result.exception)
    assert "OrdersQueue" in str(result.exception)
    settings = {"OrdersQueue": "Orders"}
    assert message_source(app.functions["Receive"], settings).store == "servicebus-orders"

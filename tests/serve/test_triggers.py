"""Live triggers under ``serve``: timers, queues (retries, poison), blobs (receipts)."""

from __future__ import annotations

import datetime
import re
import time
from pathlib import Path

import pytest

from azure_functions_compat.host import AppLoadError, FolderStorage
from azure_functions_compat.serve.triggers import Schedule, time_zone

from .conftest import ServeProcess

UTC = datetime.timezone.utc
START = datetime.datetime(2026, 3, 2, 10, 0, 0, tzinfo=UTC)  # a Monday


# --- schedules (no waiting) ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("*/5 * * * * *", "2026-03-02T10:00:05"),  # six fields: seconds first
        ("0 */5 * * * *", "2026-03-02T10:05:00"),
        ("30 15 10 * * *", "2026-03-02T10:15:30"),
        ("0 0 9 * * MON-FRI", "2026-03-03T09:00:00"),
        ("0 30 9 * * Sun", "2026-03-08T09:30:00"),
        ("*/10 * * * *", "2026-03-02T10:10:00"),  # five fields: minutes first
        ("00:05:00", "2026-03-02T10:05:00"),  # a TimeSpan
        ("1.00:00:00", "2026-03-03T10:00:00"),
    ],
)
def test_schedules_in_ncrontab_and_timespan_give_the_next_occurrence(
    expression: str, expected: str
) -> None:
    schedule = Schedule(expression, UTC, where="f/function.json")
    assert schedule.next_after(START) == datetime.datetime.fromisoformat(expected + "+00:00")


def test_a_schedule_follows_the_time_zone_setting() -> None:
    zone = time_zone({"WEBSITE_TIME_ZONE": "Europe/Berlin"})
    schedule = Schedule("0 0 12 * * *", zone, where="f/function.json")
    # Noon in Berlin in March (before summer time) is 11:00 UTC.
    assert schedule.next_after(START).isoformat() == "2026-03-02T11:00:00+00:00"
    assert time_zone({"TZ": "UTC"}) is UTC
    assert time_zone({}) is UTC


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("every minute", "must be an NCRONTAB expression of six fields"),
        ("* * *", "must be an NCRONTAB expression of six fields"),
        ("99 * * * * *", "is invalid"),
        ("00:00:00", "is not a positive time span"),
    ],
)
def test_a_bad_schedule_is_a_load_error_naming_the_file(expression: str, message: str) -> None:
    with pytest.raises(AppLoadError, match=f"^f/function.json: schedule .*{message}"):
        Schedule(expression, UTC, where="f/function.json")


def test_an_unknown_time_zone_is_a_load_error_naming_the_setting() -> None:
    with pytest.raises(AppLoadError, match=r"Values\.WEBSITE_TIME_ZONE must be an IANA time zone"):
        time_zone({"WEBSITE_TIME_ZONE": "Nowhere/Special"})


@pytest.mark.parametrize(
    ("expression", "monitored"),
    [("*/1 * * * * *", False), ("0 */5 * * * *", True), ("00:00:30", False), ("01:00:00", True)],
)
def test_use_monitor_defaults_to_on_for_schedules_of_a_minute_or_more(
    expression: str, monitored: bool
) -> None:
    assert Schedule(expression, UTC, where="x").monitored_by_default is monitored


# --- live, over the serve_app server ------------------------------------------------------


def test_a_timer_fires_on_its_schedule_past_due_first_after_a_missed_run(
    serve_app: ServeProcess, storage_folder: Path
) -> None:
    # The storage folder's status said an occurrence was missed: the first run is past due.
    assert serve_app.wait_for("tick past_due=True") is not None
    deadline = time.monotonic() + 6
    while serve_app.output.count("tick past_due=False") < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert serve_app.output.count("tick past_due=False") >= 2, serve_app.output
    assert re.search(r"Executing 'Functions\.tick' \(Reason='Timer fired at ", serve_app.output)
    # useMonitor keeps the schedule status in storage.
    status = FolderStorage(storage_folder).get_blob("azure-webjobs-hosts/timers/tick/status")
    assert status is not None
    assert b'"Last"' in status


def test_queue_messages_trigger_their_function_once_each(
    serve_app: ServeProcess, storage_folder: Path
) -> None:
    for number in range(6):
        assert serve_app.post("/api/enqueue", f"message-{number}".encode()).status == 202
    store = FolderStorage(storage_folder)
    for number in range(6):
        assert serve_app.wait_for(f"work message-{number} (dequeue count 1)") is not None
    deadline = time.monotonic() + 5
    while store.messages("work") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.messages("work") == []
    done = [body for body in store.blobs("done/").values() if body.startswith(b"message-")]
    assert sorted(done) == [f"message-{number}".encode() for number in range(6)]
    for number in range(6):
        assert serve_app.output.count(f"work message-{number} ") == 1


def test_a_failing_message_is_retried_then_moved_to_the_poison_queue(
    serve_app: ServeProcess, storage_folder: Path
) -> None:
    # host.json: maxDequeueCount 2, visibilityTimeout 0.
    assert serve_app.post("/api/enqueue", b"fail").status == 202
    assert serve_app.wait_for("work fail (dequeue count 1)") is not None
    assert serve_app.wait_for("work fail (dequeue count 2)") is not None
    assert serve_app.wait_for("Moving message to queue 'work-poison'") is not None
    store = FolderStorage(storage_folder)
    deadline = time.monotonic() + 5
    while not store.messages("work-poison") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.messages("work-poison") == [b"fail"]
    assert b"fail" not in store.messages("work")
    assert "work fail (dequeue count 3)" not in serve_app.output


def test_a_blob_trigger_fires_once_per_new_or_changed_blob(
    serve_app: ServeProcess, storage_folder: Path
) -> None:
    store = FolderStorage(storage_folder)
    first = store.put_blob("uploads/a.txt", b"first")
    assert serve_app.wait_for("uploaded uploads/a.txt: first") is not None
    # The trigger read the blob and did not write it back: its ETag (the file's change time)
    # is the one the upload gave it, as on Azure.
    assert store.blob_etags("uploads/a.txt") == {"uploads/a.txt": first.properties["ETag"]}
    second = store.put_blob("uploads/a.txt", b"second")
    assert serve_app.wait_for("uploaded uploads/a.txt: second") is not None
    assert store.blob_etags("uploads/a.txt") == {"uploads/a.txt": second.properties["ETag"]}
    store.put_blob("uploads/b.txt", b"other")
    assert serve_app.wait_for("uploaded uploads/b.txt: other") is not None
    time.sleep(1.5)  # more than a scan: nothing fires again for versions already seen
    output = serve_app.output
    assert output.count("uploaded uploads/a.txt: first") == 1
    assert output.count("uploaded uploads/a.txt: second") == 1
    assert output.count("uploaded uploads/b.txt: other") == 1
    # The receipt holds the ETag the function ran for, as the Functions host's does.
    receipt = store.get_blob("azure-webjobs-hosts/blobreceipts/uploaded/uploads/a.txt")
    assert receipt == second.properties["ETag"].encode()


def test_the_decorator_app_queue_trigger_stores_what_the_http_route_queued(
    decorator: ServeProcess,
) -> None:
    assert decorator.post("/api/items", b'{"id": 42, "name": "lamp"}').status == 202
    deadline = time.monotonic() + 10
    answer = decorator.get("/api/items/42")
    while answer.status == 404 and time.monotonic() < deadline:
        time.sleep(0.1)
        answer = decorator.get("/api/items/42")
    assert answer.status == 200
    assert answer.text == '{"id": 42, "name": "lamp"}'
    assert decorator.wait_for("stored item 42") is not None


# --- Service Bus, Event Hubs, Event Grid: fed by the app's own outputs --------------------


def test_a_service_bus_message_an_output_sent_triggers_its_function(
    serve_app: ServeProcess,
) -> None:
    assert serve_app.post("/api/publish?to=servicebus", b"order-1").status == 202
    assert serve_app.wait_for("order order-1") is not None
    assert (
        serve_app.wait_for("New Service Bus message detected on 'servicebus-orders'") is not None
    )


def test_a_failing_service_bus_message_is_retried_then_dead_lettered(
    serve_app: ServeProcess, storage_folder: Path
) -> None:
    assert serve_app.post("/api/publish?to=servicebus", b"bad-order").status == 202
    store = FolderStorage(storage_folder)
    deadline = time.monotonic() + 15
    while not store.messages("servicebus-orders-deadletter") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.messages("servicebus-orders-deadletter") == [b"bad-order"]
    assert serve_app.output.count("order bad-order") == 10
    assert (
        serve_app.wait_for(
            "Message has reached the max delivery count of 10. Moving message to the "
            "dead-letter store 'servicebus-orders-deadletter'."
        )
        is not None
    )


def test_event_hub_events_an_output_sent_reach_a_batch_trigger(serve_app: ServeProcess) -> None:
    assert serve_app.post("/api/publish?to=eventhub", b"21.5").status == 202
    assert serve_app.wait_for("readings ['21.5']") is not None


def test_an_event_grid_event_an_output_published_triggers_the_event_grid_function(
    serve_app: ServeProcess,
) -> None:
    assert serve_app.post("/api/publish?to=eventgrid", b"from-output").status == 202
    assert serve_app.wait_for("event notice-from-output: from-output") is not None

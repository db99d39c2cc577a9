"""What the Python worker and the Functions host do with an app, done the same way here."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Callable

import pytest

from azure_functions_compat.host import App, AppLoadError, load_app

from .conftest import HTTP_BINDINGS, write_app

TRACE_SOURCE = """
    import azure.functions as func

    def main(req, context: func.Context):
        trace = context.trace_context
        assert (trace.Traceparent, trace.Tracestate) == (trace.trace_parent, trace.trace_state)
        return f"{trace.Traceparent}|{trace.Tracestate}"
"""
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})")


def test_trace_context_continues_the_request_traceparent(make_app: Callable[..., App]) -> None:
    app = make_app({"Trace": (HTTP_BINDINGS, TRACE_SOURCE)})
    incoming = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    with app.test_client() as client:
        response = client.get(
            "/api/Trace", headers={"traceparent": incoming, "tracestate": "congo=t61rcWkgMzE"}
        )
    parent, state = response.text.split("|")
    found = TRACEPARENT.fullmatch(parent)
    assert found is not None
    # The same trace, a span of the invocation's own.
    assert found.group(1) == "0af7651916cd43dd8448eb211c80319c"
    assert found.group(2) != "b7ad6b7169203331"
    assert found.group(3) == "01"
    assert state == "congo=t61rcWkgMzE"


@pytest.mark.parametrize(
    "header", [None, "", "garbage", "00-" + "0" * 32 + "-" + "1" * 16 + "-01"]
)
def test_trace_context_starts_a_trace_without_a_valid_traceparent(
    make_app: Callable[..., App], header: str
) -> None:
    app = make_app({"Trace": (HTTP_BINDINGS, TRACE_SOURCE)})
    headers = {} if header is None else {"traceparent": header}
    with app.test_client() as client:
        first = client.get("/api/Trace", headers=headers).text.split("|")[0]
        second = client.get("/api/Trace", headers=headers).text.split("|")[0]
    assert TRACEPARENT.fullmatch(first) is not None
    assert first.split("-")[1] != second.split("-")[1]


@pytest.mark.parametrize(
    "source",
    [
        "def main(req):\n    pass\n",
        "async def main(req):\n    return None\n",
    ],
)
def test_none_from_an_http_return_binding_is_a_500_with_a_message(
    make_app: Callable[..., App], source: str
) -> None:
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert response.status_code == 500
    assert str(response.exception) == (
        "function 'Fn' returned None, but its $return binding in Fn/function.json is an HTTP "
        "response: return a func.HttpResponse (or a str)"
    )


def test_an_http_function_without_an_http_output_may_return_nothing(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Fn": ([HTTP_BINDINGS[0]], "def main(req):\n    pass\n")})
    with app.test_client() as client:
        assert client.get("/api/Fn").status_code == 204


# --- str and bytes parameters: the worker's generic binding ---------------------------------

GENERIC_CASES = [
    # (trigger binding, payload, what a str parameter gets)
    (
        {"type": "queueTrigger", "queueName": "inbox"},
        "hello",
        "hello",
    ),
    (
        {"type": "blobTrigger", "path": "inbox/{name}"},
        "blob text",
        "blob text",
    ),
    (
        {"type": "serviceBusTrigger", "queueName": "orders"},
        '{"id": 1}',
        '{"id": 1}',
    ),
    (
        {"type": "eventHubTrigger", "eventHubName": "hub"},
        "reading",
        "reading",
    ),
    (
        {"type": "kafkaTrigger", "topic": "t", "brokerList": "b"},
        "record",
        "record",
    ),
    (
        {"type": "cosmosDBTrigger", "databaseName": "db", "containerName": "c"},
        [{"id": "1"}],
        '[{"id": "1"}]',
    ),
    (
        {"type": "madeUpTrigger"},
        "anything",
        "anything",
    ),
]


@pytest.mark.parametrize(("trigger", "payload", "expected"), GENERIC_CASES)
@pytest.mark.parametrize("annotation", ["str", "bytes"])
def test_a_str_or_bytes_trigger_parameter_gets_the_raw_data(
    make_app: Callable[..., App],
    trigger: dict[str, str],
    payload: object,
    expected: str,
    annotation: str,
) -> None:
    bindings = [{"name": "msg", "direction": "in", **trigger}]
    source = f"def main(msg: {annotation}):\n    return msg\n"
    bindings.append({"name": "$return", "type": "madeUp", "direction": "out"})
    app = make_app({"Fn": (bindings, source)})
    result = app.invoke("Fn", payload)
    result.raise_for_exception()
    wanted = expected if annotation == "str" else expected.encode()
    assert result.return_value == wanted
    assert type(result.return_value) is type(wanted)


def test_a_trigger_type_without_converter_takes_an_unannotated_parameter(
    make_app: Callable[..., App],
) -> None:
    bindings = [
        {"name": "item", "type": "redisPubSubTrigger", "direction": "in"},
        {"name": "$return", "type": "madeUp", "direction": "out"},
    ]
    app = make_app({"Fn": (bindings, "def main(item):\n    return item\n")})
    assert app.invoke("Fn", b"raw").return_value == b"raw"
    assert app.invoke("Fn", {"a": 1}).return_value == '{"a": 1}'


def test_a_timer_as_str_gets_the_timer_json_the_host_sends(make_app: Callable[..., App]) -> None:
    import json

    bindings = [
        {"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 * * * * *"},
        {"name": "$return", "type": "madeUp", "direction": "out"},
    ]
    app = make_app({"Fn": (bindings, "def main(timer: str):\n    return timer\n")})
    result = app.invoke("Fn", {"past_due": True})
    assert json.loads(result.return_value)["IsPastDue"] is True


def test_an_input_binding_as_str_gets_its_raw_data(make_app: Callable[..., App]) -> None:
    bindings = [
        {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"},
        {"name": "doc", "type": "blob", "direction": "in", "path": "docs/{queueTrigger}"},
        {"name": "$return", "type": "madeUp", "direction": "out"},
    ]
    app = make_app({"Fn": (bindings, "def main(msg: str, doc: str):\n    return msg + doc\n")})
    app.storage.put_blob("docs/a", b"-content")
    assert app.invoke("Fn", "a").return_value == "a-content"


def test_a_str_output_for_cosmos_db_is_json_documents(make_app: Callable[..., App]) -> None:
    bindings = [
        {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"},
        {
            "name": "doc",
            "type": "cosmosDB",
            "direction": "out",
            "databaseName": "db",
            "containerName": "c",
        },
    ]
    source = """
        import azure.functions as func

        def main(msg: str, doc: func.Out[str]):
            doc.set('{"id": "' + msg + '"}')
    """
    app = make_app({"Fn": (bindings, source)})
    result = app.invoke("Fn", "42")
    result.raise_for_exception()
    assert result.outputs["doc"] == {"id": "42"}


def test_non_utf8_data_for_a_str_parameter_is_a_binding_error(
    make_app: Callable[..., App],
) -> None:
    from azure_functions_compat.host import BindingError

    bindings = [{"name": "msg", "type": "serviceBusTrigger", "direction": "in", "queueName": "q"}]
    app = make_app({"Fn": (bindings, "def main(msg: str):\n    pass\n")})
    result = app.invoke("Fn", b"\xff\xfe")
    assert isinstance(result.exception, BindingError)
    assert "annotate it bytes" in str(result.exception)


# --- blob outputs: file-like objects -------------------------------------------------------

BLOB_OUT = [
    {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"},
    {"name": "out", "type": "blob", "direction": "out", "path": "results/{queueTrigger}"},
]


@pytest.mark.parametrize(
    ("annotation", "value"),
    [
        ("io.StringIO", "io.StringIO('text body')"),
        ("io.BytesIO", "io.BytesIO(b'text body')"),
        ("'io.StringIO'", "io.StringIO('text body')"),
        ("Reader", "Reader()"),
        ("typing.IO[str]", "io.StringIO('text body')"),
    ],
)
def test_a_blob_output_takes_any_object_with_read(
    make_app: Callable[..., App], annotation: str, value: str
) -> None:
    source = f"""
        import io
        import typing

        import azure.functions as func

        class Reader:
            def read(self):
                return b"text body"

        def main(msg: str, out: func.Out[{annotation}]):
            out.set({value})
    """
    app = make_app({"Fn": (BLOB_OUT, source)})
    result = app.invoke("Fn", "r1")
    result.raise_for_exception()
    blob = app.storage.blob("results/r1")
    assert blob is not None
    assert blob.data == b"text body"


def test_a_class_without_read_is_still_refused_for_a_blob_output(tmp_path: Path) -> None:
    source = "import azure.functions as func\n\ndef main(msg, out: func.Out[int]):\n    pass\n"
    root = write_app(tmp_path / "app", {"Fn": (BLOB_OUT, source)})
    with pytest.raises(AppLoadError, match="output 'out' of type 'blob' cannot take int"):
        load_app(root)


# --- Service Bus, Event Hubs and Event Grid outputs kept and triggerable --------------------


def _chain_app(
    make_app: Callable[..., App], output: dict[str, object], trigger: dict[str, object]
) -> App:
    send = """
        import azure.functions as func

        def main(req: func.HttpRequest, out: func.Out[str]) -> func.HttpResponse:
            out.set(req.get_body().decode())
            return func.HttpResponse("sent")
    """
    receive = "def main(item):\n    return item.get_body().decode()\n"
    return make_app(
        {
            "Send": (
                [
                    HTTP_BINDINGS[0],
                    {"name": "out", "direction": "out", **output},
                    HTTP_BINDINGS[1],
                ],
                send,
            ),
            "Receive": (
                [
                    {"name": "item", "direction": "in", **trigger},
                    {"name": "$return", "type": "madeUp", "direction": "out"},
                ],
                receive,
            ),
        }
    )


@pytest.mark.parametrize(
    ("output", "trigger", "store"),
    [
        (
            {"type": "serviceBus", "queueName": "orders"},
            {"type": "serviceBusTrigger", "queueName": "orders"},
            "servicebus-orders",
        ),
        (
            {"type": "serviceBus", "topicName": "Sales.Events"},
            {"type": "serviceBusTrigger", "topicName": "sales.events", "subscriptionName": "s1"},
            "servicebus-sales-events-",
        ),
        (
            {"type": "eventHub", "eventHubName": "telemetry"},
            {"type": "eventHubTrigger", "eventHubName": "telemetry"},
            "eventhub-telemetry",
        ),
    ],
)
def test_messages_an_output_writes_trigger_a_function_on_the_same_entity(
    make_app: Callable[..., App], output: dict[str, object], trigger: dict[str, object], store: str
) -> None:
    app = _chain_app(make_app, output, trigger)
    with app.test_client() as client:
        assert client.post("/api/Send", data="first").text == "sent"
        client.post("/api/Send", data="second")
    (name,) = [queue for queue in app.storage.queues() if queue.startswith(store)]
    assert app.storage.messages(name) == [b"first", b"second"]
    assert app.invoke("Receive").return_value == "first"
    assert app.invoke("Receive").return_value == "second"
    result = app.invoke("Receive")
    assert "has no message waiting in the app's storage" in str(result.exception)


def test_event_grid_output_events_trigger_an_event_grid_function(
    make_app: Callable[..., App],
) -> None:
    send = """
        import datetime
        import azure.functions as func

        def main(req: func.HttpRequest, out: func.Out[func.EventGridOutputEvent]) -> str:
            out.set(func.EventGridOutputEvent(
                id="e1", data={"n": 1}, subject="s", event_type="T", data_version="1",
                event_time=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)))
            return "sent"
    """
    receive = """
        import azure.functions as func

        def main(event: func.EventGridEvent) -> str:
            return f"{event.id} {event.event_type} {event.get_json()}"
    """
    output = {
        "name": "out",
        "type": "eventGrid",
        "direction": "out",
        "topicEndpointUri": "U",
        "topicKeySetting": "K",
    }
    app = make_app(
        {
            "Send": ([HTTP_BINDINGS[0], output, HTTP_BINDINGS[1]], send),
            "Receive": (
                [
                    {"name": "event", "type": "eventGridTrigger", "direction": "in"},
                    {"name": "$return", "type": "madeUp", "direction": "out"},
                ],
                receive,
            ),
        }
    )
    with app.test_client() as client:
        assert client.get("/api/Send").text == "sent"
    assert len(app.storage.messages("eventgrid")) == 1
    assert app.invoke("Receive").return_value == "e1 T {'n': 1}"


def test_a_batch_trigger_takes_every_waiting_event(make_app: Callable[..., App]) -> None:
    receive = "def main(events):\n    return [event.get_body() for event in events]\n"
    app = make_app(
        {
            "Receive": (
                [
                    {
                        "name": "events",
                        "type": "eventHubTrigger",
                        "direction": "in",
                        "eventHubName": "hub",
                        "cardinality": "many",
                    },
                    {"name": "$return", "type": "madeUp", "direction": "out"},
                ],
                receive,
            )
        }
    )
    for body in (b"a", b"b", b"c"):
        app.storage.put_message("eventhub-hub", body)
    assert app.invoke("Receive").return_value == [b"a", b"b", b"c"]


@pytest.mark.parametrize(
    ("kind", "entity", "store"),
    [
        ("servicebus", "orders", "servicebus-orders"),
        ("servicebus", "Orders", "servicebus-orders"),
        ("eventhub", "my_hub", "eventhub-my-hub-"),
        ("servicebus", "a/b", "servicebus-a-b-"),
        ("eventhub", "x" * 80, "eventhub-" + "x" * 45 + "-"),
    ],
)
def test_message_store_names_are_valid_queue_names(kind: str, entity: str, store: str) -> None:
    from azure_functions_compat.host.events import message_store
    from azure_functions_compat.host.storage import check_queue_name

    name = message_store(kind, entity)
    assert check_queue_name("test", name) == name
    assert name.startswith(store)
    assert message_store(kind, "my-hub") != message_store(kind, "my_hub")


# --- Event Hubs metadata ----------------------------------------------------------------------

EVENT_HUB_METADATA = """
    import azure.functions as func

    def main(event: func.EventHubEvent):
        return {
            "keys": sorted(event.metadata),
            "partition": event.metadata["PartitionContext"],
            "system": sorted(event.metadata["SystemProperties"]),
            "iothub": event.iothub_metadata,
            "properties": event.metadata["Properties"],
            "body": event.get_body().decode(),
        }
"""


def _hub_app(make_app: Callable[..., App], source: str) -> App:
    bindings = [
        {"name": "event", "type": "eventHubTrigger", "direction": "in", "eventHubName": "hub"},
        {"name": "$return", "type": "madeUp", "direction": "out"},
    ]
    return make_app({"Fn": (bindings, source)})


def test_event_hub_metadata_has_the_keys_the_worker_gives(make_app: Callable[..., App]) -> None:
    app = _hub_app(make_app, EVENT_HUB_METADATA)
    seen = app.invoke("Fn", "reading").return_value
    assert seen["keys"] == [
        "EnqueuedTimeUtc",
        "Offset",
        "PartitionContext",
        "PartitionKey",
        "Properties",
        "SequenceNumber",
        "SystemProperties",
    ]
    assert seen["partition"] == {
        "ConsumerGroup": "$Default",
        "EventHubName": "hub",
        "FullyQualifiedNamespace": "localhost",
        "PartitionId": "0",
    }
    assert "x-opt-sequence-number" in seen["system"]
    assert seen["iothub"] == {}
    assert seen["body"] == "reading"


def test_iothub_metadata_comes_from_the_system_properties_of_the_payload(
    make_app: Callable[..., App],
) -> None:
    app = _hub_app(make_app, EVENT_HUB_METADATA)
    payload = {
        "body": {"temperature": 21},
        "properties": {"alert": "no"},
        "systemProperties": {
            "iothub-connection-device-id": "device-1",
            "iothub-enqueuedtime": "2024-01-01T00:00:00Z",
        },
    }
    seen = app.invoke("Fn", payload).return_value
    assert seen["iothub"] == {
        "connection-device-id": "device-1",
        "enqueuedtime": "2024-01-01T00:00:00Z",
    }
    assert seen["properties"] == {"alert": "no"}
    assert seen["body"] == '{"temperature": 21}'
    assert "iothub-connection-device-id" in seen["system"]


# --- retry policies -----------------------------------------------------------------------------

FLAKY = """
    import azure.functions as func

    TRIES = []

    def main(timer: func.TimerRequest, context: func.Context) -> None:
        retry = context.retry_context
        failure = retry.exception and retry.exception.message
        TRIES.append((retry.retry_count, retry.max_retry_count, failure))
        if len(TRIES) <= FAILURES:
            raise RuntimeError(f"failure {len(TRIES)}")
"""
TIMER = {"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 * * * * *"}


def _flaky_app(
    make_app: Callable[..., App], retry: object, failures: int, trigger: object = TIMER
) -> App:
    config = {"bindings": [trigger], "retry": retry}
    app = make_app({"Fn": (config, f"FAILURES = {failures}\n" + textwrap.dedent(FLAKY))})
    app.retry_delay_scale = 0.0
    return app


def _tries(app: App) -> list[tuple[int, int, object]]:
    import sys

    module = next(
        module
        for name, module in sys.modules.items()
        if name.endswith(".Fn") and getattr(module, "__file__", "").startswith(app.root)
    )
    return list(module.TRIES)


FIXED = {"strategy": "fixedDelay", "maxRetryCount": 3, "delayInterval": "00:00:05"}


def test_a_fixed_delay_policy_retries_until_the_function_succeeds(
    make_app: Callable[..., App],
) -> None:
    app = _flaky_app(make_app, FIXED, failures=2)
    result = app.invoke("Fn", {"past_due": False})
    assert result.ok
    assert _tries(app) == [(0, 3, None), (1, 3, "failure 1"), (2, 3, "failure 2")]
    waits = [entry.message for entry in result.logs if "before retrying" in entry.message]
    assert waits == [
        f"Waiting for 5s before retrying function execution. Next attempt: '{number}'. "
        "Max retry count: '3'"
        for number in (1, 2)
    ]


def test_the_last_failure_fails_the_invocation_after_max_retry_count_retries(
    make_app: Callable[..., App],
) -> None:
    app = _flaky_app(make_app, FIXED, failures=10)
    result = app.invoke("Fn", {})
    assert str(result.exception) == "failure 4"
    assert [retry_count for retry_count, _, _ in _tries(app)] == [0, 1, 2, 3]


THREAD_LOCAL = """
    import azure.functions as func

    SEEN = []

    def main(timer: func.TimerRequest, context: func.Context) -> None:
        local = context.thread_local_storage
        SEEN.append((id(local), getattr(local, "invocation_id", None), context.invocation_id))
        if len(SEEN) <= 2:
            raise RuntimeError(f"failure {len(SEEN)}")
"""


def test_each_retry_sees_the_same_thread_local_storage_as_the_first_try(
    make_app: Callable[..., App],
) -> None:
    import sys

    from azure_functions_compat.host.invocation import INVOCATION_LOCAL

    config = {"bindings": [TIMER], "retry": FIXED}
    app = make_app({"Fn": (config, textwrap.dedent(THREAD_LOCAL))})
    app.retry_delay_scale = 0.0
    result = app.invoke("Fn", {})
    assert result.ok
    module = next(
        module
        for name, module in sys.modules.items()
        if name.endswith(".Fn") and getattr(module, "__file__", "").startswith(app.root)
    )
    # Every try: the worker's one thread-local storage, naming the invocation that runs.
    expected = (id(INVOCATION_LOCAL), result.invocation_id, result.invocation_id)
    seen = module.SEEN
    assert seen == [expected] * 3


def test_minus_one_retries_until_success(make_app: Callable[..., App]) -> None:
    app = _flaky_app(make_app, {**FIXED, "maxRetryCount": -1}, failures=6)
    assert app.invoke("Fn", {}).ok
    assert _tries(app)[-1][:2] == (6, -1)


def test_a_trigger_without_retry_support_is_not_retried(make_app: Callable[..., App]) -> None:
    queue = {"name": "timer", "type": "queueTrigger", "direction": "in", "queueName": "inbox"}
    source = "TRIES = []\n\ndef main(timer):\n    TRIES.append(1)\n    raise ValueError('no')\n"
    app = make_app({"Fn": ({"bindings": [queue], "retry": FIXED}, source)})
    app.retry_delay_scale = 0.0
    assert app.invoke("Fn", "m").exception is not None
    assert _tries(app) == [1]


def test_exponential_backoff_doubles_from_the_minimum_up_to_the_maximum() -> None:
    from azure_functions_compat.host.retry import parse_retry

    policy = parse_retry(
        "f",
        {
            "strategy": "exponentialBackoff",
            "maxRetryCount": 6,
            "minimumInterval": "00:00:02",
            "maximumInterval": "00:00:20",
        },
    )
    assert policy is not None
    assert [policy.delay(number) for number in range(1, 7)] == [2, 4, 8, 16, 20, 20]


def test_retry_delays_are_waited_unless_shortened(make_app: Callable[..., App]) -> None:
    import time

    app = _flaky_app(make_app, {**FIXED, "delayInterval": "00:00:00.2"}, failures=1)
    app.retry_delay_scale = 1.0
    started = time.monotonic()
    assert app.invoke("Fn", {}).ok
    assert time.monotonic() - started >= 0.2


def test_the_decorator_retry_and_host_json_retry_apply(tmp_path: Path) -> None:
    source = """
        import azure.functions as func

        app = func.FunctionApp()
        TRIES = []

        @app.timer_trigger(schedule="0 * * * * *", arg_name="timer")
        @app.retry(strategy="exponential_backoff", max_retry_count="2",
                   minimum_interval="00:00:01", maximum_interval="00:00:10")
        def tick(timer: func.TimerRequest, context: func.Context) -> None:
            TRIES.append(context.retry_context.retry_count)
            raise RuntimeError("down")
    """
    root = write_app(tmp_path / "app", {}, files={"function_app.py": source})
    with load_app(root) as app:
        app.retry_delay_scale = 0.0
        assert str(app.invoke("tick", {}).exception) == "down"
        assert app.functions["tick"].retry is not None
        assert app.functions["tick"].retry.strategy == "exponentialBackoff"
    tries = [
        module
        for name, module in __import__("sys").modules.items()
        if name.endswith("function_app") and getattr(module, "__file__", "").startswith(str(root))
    ]
    assert tries[0].TRIES == [0, 1, 2]
    root2 = write_app(
        tmp_path / "app2",
        {"Fn": ([TIMER], "def main(timer):\n    raise RuntimeError('x')\n")},
        host={
            "version": "2.0",
            "retry": {"strategy": "fixedDelay", "maxRetryCount": 1, "delayInterval": "00:00:01"},
        },
    )
    with load_app(root2) as app2:
        assert app2.functions["Fn"].retry is not None
        assert app2.functions["Fn"].retry.max_retry_count == 1


@pytest.mark.parametrize(
    ("retry", "message"),
    [
        (
            {"strategy": "sometimes", "maxRetryCount": 1},
            "retry.strategy must be fixedDelay or exponentialBackoff",
        ),
        ({"strategy": "fixedDelay"}, "retry.maxRetryCount is missing"),
        (
            {"strategy": "fixedDelay", "maxRetryCount": -2, "delayInterval": "00:00:01"},
            "retry.maxRetryCount must be a whole number of at least -1",
        ),
        (
            {"strategy": "fixedDelay", "maxRetryCount": 1, "delayInterval": "5s"},
            "retry.delayInterval must be a time span like '00:00:05'",
        ),
        (
            {
                "strategy": "exponentialBackoff",
                "maxRetryCount": 1,
                "minimumInterval": "00:01:00",
                "maximumInterval": "00:00:01",
            },
            "retry.maximumInterval must not be shorter than minimumInterval",
        ),
    ],
)
def test_a_malformed_retry_policy_is_one_line(tmp_path: Path, retry: object, message: str) -> None:
    root = write_app(
        tmp_path / "app",
        {"Fn": ({"bindings": [TIMER], "retry": retry}, "def main(timer):\n    pass\n")},
    )
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert str(caught.value).startswith(f"Fn/function.json: {message}")

"""The event triggers and outputs in the host, through ``examples/events_app``.

Each trigger is invoked from Python (objects or raw payloads) and from the command line
(``--data @file``), as the README shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import azure_functions_compat as func
from azure_functions_compat.host import App, BindingError, load_app

ROOT = Path(__file__).resolve().parents[2]
EVENTS_APP = ROOT / "examples" / "events_app"
SAMPLES = EVENTS_APP / "samples"


@pytest.fixture(scope="module")
def app() -> Iterator[App]:
    with load_app(EVENTS_APP) as loaded:
        yield loaded


def messages(result: Any) -> list[str]:
    return [entry.message for entry in result.logs]


def make_app(tmp_path: Path, name: str, bindings: list[dict[str, Any]], code: str) -> App:
    """A one-function app in ``tmp_path``, for the cases the example does not show."""
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    folder = tmp_path / name
    folder.mkdir()
    (folder / "function.json").write_text(
        json.dumps({"scriptFile": "__init__.py", "bindings": bindings})
    )
    (folder / "__init__.py").write_text(textwrap.dedent(code))
    return load_app(tmp_path)


def test_every_trigger_of_the_example_is_listed_and_runnable(app: App) -> None:
    triggers = {name: function.trigger.type for name, function in app.functions.items()}
    assert triggers == {
        "CosmosChanges": "cosmosDBTrigger",
        "EventGridBlobCreated": "eventGridTrigger",
        "EventHubBatch": "eventHubTrigger",
        "EventHubReading": "eventHubTrigger",
        "KafkaOrder": "kafkaTrigger",
        "ServiceBusOrder": "serviceBusTrigger",
        "Warmup": "warmupTrigger",
    }


# --- Service Bus -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [b'{"order": 7}', '{"order": 7}', {"order": 7}],
    ids=["bytes", "str", "dict"],
)
def test_a_service_bus_payload_becomes_the_message_body(app: App, payload: Any) -> None:
    result = app.invoke("ServiceBusOrder", payload)
    result.raise_for_exception()
    assert json.loads(result.outputs["shipment"]) == {"order": 7, "status": "shipped"}


def test_a_service_bus_message_built_by_the_host_has_a_fresh_id_and_metadata(app: App) -> None:
    result = app.invoke("ServiceBusOrder", b'{"order": 1}')
    (line,) = messages(result)
    message_id = line.rsplit(" ", 1)[-1]
    assert len(message_id) == 32
    assert app.invoke("ServiceBusOrder", b'{"order": 1}').logs[0].message != line


def test_a_service_bus_message_object_is_passed_as_it_is(app: App) -> None:
    message = func.ServiceBusMessage(body=b'{"order": 9}', message_id="given-id")
    result = app.invoke("ServiceBusOrder", message)
    assert messages(result) == ["order 9 arrived as message given-id"]


def test_service_bus_with_cardinality_many_gets_a_list(tmp_path: Path) -> None:
    bindings = [
        {
            "name": "batch",
            "type": "serviceBusTrigger",
            "direction": "in",
            "queueName": "q",
            "connection": "C",
            "cardinality": "many",
        }
    ]
    code = """
        from typing import List
        import azure.functions as func

        def main(batch: List[func.ServiceBusMessage]) -> None:
            for message in batch:
                print(message.sequence_number, message.get_body())
            assert all(isinstance(m, func.ServiceBusMessage) for m in batch)
            raise RuntimeError([m.get_body().decode() for m in batch])
    """
    with make_app(tmp_path, "Batch", bindings, code) as batch_app:
        result = batch_app.invoke("Batch", [b"a", "b", {"c": 1}])
    assert isinstance(result.exception, RuntimeError)
    assert result.exception.args[0] == ["a", "b", '{"c": 1}']


# --- Event Hubs --------------------------------------------------------------------------


def test_an_event_hub_batch_from_python_objects(app: App) -> None:
    events = [
        func.EventHubEvent(body=json.dumps({"device": "oven", "temperature": 250.0})),
        func.EventHubEvent(body=json.dumps({"device": "cellar", "temperature": 12.0})),
    ]
    result = app.invoke("EventHubBatch", events)
    result.raise_for_exception()
    assert json.loads(result.outputs["alerts"]) == {"too_hot": ["oven"]}
    assert messages(result) == ["2 readings"]


def test_an_event_hub_batch_from_a_json_array_is_one_event_per_element(app: App) -> None:
    result = app.invoke("EventHubBatch", (SAMPLES / "readings.json").read_bytes())
    assert messages(result) == ["2 readings"]
    assert json.loads(result.outputs["alerts"]) == {"too_hot": ["boiler"]}


def test_a_single_payload_to_a_batch_trigger_is_a_batch_of_one(app: App) -> None:
    result = app.invoke("EventHubBatch", {"device": "d", "temperature": 1.0})
    assert messages(result) == ["1 readings"]
    assert "alerts" not in result.outputs


def test_an_event_hub_trigger_of_cardinality_one_gets_one_event(app: App) -> None:
    event = func.EventHubEvent(body=b"hi", sequence_number=5, partition_key="p")
    assert messages(app.invoke("EventHubReading", event)) == ["event 5 from partition key p: hi"]


def test_a_list_to_a_trigger_of_cardinality_one_is_refused(app: App) -> None:
    result = app.invoke("EventHubReading", [b"a", b"b"])
    assert isinstance(result.exception, BindingError)
    assert "cardinality 'one' and takes one event, got a list of 2" in str(result.exception)


@pytest.mark.parametrize(
    ("cardinality", "annotation", "payload", "message"),
    [
        ("one", "List[func.EventHubEvent]", b"x", "annotated as a list but has cardinality 'one'"),
        ("many", "func.EventHubEvent", b"x", "delivers a list; annotate it List[EventHubEvent]"),
        ("sometimes", "func.EventHubEvent", b"x", "cardinality must be 'one' or 'many'"),
    ],
)
def test_cardinality_and_annotation_must_agree(
    tmp_path: Path, cardinality: str, annotation: str, payload: bytes, message: str
) -> None:
    bindings = [
        {
            "name": "event",
            "type": "eventHubTrigger",
            "direction": "in",
            "eventHubName": "h",
            "connection": "C",
            "cardinality": cardinality,
        }
    ]
    code = f"""
        from typing import List
        import azure.functions as func

        def main(event: {annotation}) -> None:
            pass
    """
    with make_app(tmp_path, "Hub", bindings, code) as hub_app:
        result = hub_app.invoke("Hub", payload)
    assert isinstance(result.exception, BindingError)
    assert message in str(result.exception)


# --- Event Grid --------------------------------------------------------------------------


def test_an_event_grid_event_from_its_json(app: App) -> None:
    result = app.invoke("EventGridBlobCreated", (SAMPLES / "blob_created.json").read_bytes())
    result.raise_for_exception()
    sent = result.outputs["outputEvent"]
    # The value the function set: of the azure.functions it imported (the real one, if any).
    assert isinstance(sent, sys.modules["azure.functions"].EventGridOutputEvent)
    assert sent.id == "thumbnail-831e1650-001e-001b-66ab-eeb76e069631"
    assert sent.get_json() == {"source": "https://shop.blob.core.windows.net/images/lamp.jpg"}
    # Seven fractional digits, as Event Grid writes them, are read to the microsecond.
    assert sent.event_time == datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=timezone.utc)


def test_an_event_grid_event_from_a_dict_or_a_one_element_array(app: App) -> None:
    fields = json.loads((SAMPLES / "blob_created.json").read_text())
    for payload in (fields, [fields], json.dumps([fields])):
        result = app.invoke("EventGridBlobCreated", payload)
        result.raise_for_exception()
        assert result.outputs["outputEvent"].subject == fields["subject"]


def test_an_event_grid_event_object_is_passed_as_it_is(app: App) -> None:
    event = func.EventGridEvent(id="e", data={"url": "u"}, event_type="T", subject="s")
    result = app.invoke("EventGridBlobCreated", event)
    assert messages(result) == ["T: u"]
    assert result.outputs["outputEvent"].id == "thumbnail-e"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"not json", "is not valid JSON"),
        (b"[]", "give one event, not an array of 0"),
        (b"[{}, {}]", "give one event, not an array of 2"),
        (b'"text"', "must be a JSON object (or a dict), got str"),
        (b'{"eventTime": "yesterday", "data": {}}', "eventTime must be an ISO 8601 time"),
        (b'{"id": 5, "data": {}}', "id must be a str or None, got 5 (int)"),
    ],
)
def test_a_malformed_event_grid_payload_is_a_binding_error(
    app: App, payload: bytes, message: str
) -> None:
    result = app.invoke("EventGridBlobCreated", payload)
    assert isinstance(result.exception, BindingError)
    assert message in str(result.exception)


def test_a_cloud_event_reaches_a_function_annotated_cloud_event(tmp_path: Path) -> None:
    bindings = [{"name": "event", "type": "eventGridTrigger", "direction": "in"}]
    code = """
        import azure.functions as func

        def main(event: func.CloudEvent) -> None:
            raise RuntimeError(
                (event.id, event.source, event.type, event.time.isoformat(),
                 event.extension_attrs, event.get_json())
            )
    """
    cloud = {
        "specversion": "1.0",
        "id": "c1",
        "source": "/shop",
        "type": "shop.item.added",
        "time": "2024-05-06T07:08:09Z",
        "partitionkey": "p",
        "data_base64": "AAE=",
    }
    with make_app(tmp_path, "Cloud", bindings, code) as cloud_app:
        result = cloud_app.invoke("Cloud", json.dumps(cloud))
        assert isinstance(result.exception, RuntimeError)
        assert result.exception.args[0] == (
            "c1",
            "/shop",
            "shop.item.added",
            "2024-05-06T07:08:09+00:00",
            {"partitionkey": "p"},
            b"\x00\x01",
        )
        # An Event Grid schema event does not pass for a CloudEvent.
        wrong = cloud_app.invoke("Cloud", {"id": "e", "data": {}})
        assert isinstance(wrong.exception, BindingError)
        assert "annotated CloudEvent but the event is a EventGridEvent" in str(wrong.exception)


# --- Cosmos DB ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "payload",
    [
        func.DocumentList([{"id": "lamp"}, {"id": "desk"}]),
        [{"id": "lamp"}, {"id": "desk"}],
        b'[{"id": "lamp"}, {"id": "desk"}]',
    ],
    ids=["DocumentList", "list of dicts", "JSON text"],
)
def test_cosmos_documents_reach_the_function_as_a_document_list(app: App, payload: Any) -> None:
    result = app.invoke("CosmosChanges", payload)
    result.raise_for_exception()
    assert messages(result) == ["2 changed documents: lamp, desk"]
    audit = result.outputs["audit"]
    assert isinstance(audit, sys.modules["azure.functions"].Document)
    assert audit == {"id": "audit-lamp-desk", "changed": ["lamp", "desk"]}


def test_one_cosmos_document_is_a_list_of_one(app: App) -> None:
    result = app.invoke("CosmosChanges", {"id": "chair"})
    assert messages(result) == ["1 changed documents: chair"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (b"[1, 2]", "item must be a Document or a mapping, got 1 (int)"),
        (b'"lamp"', "must be a JSON array of objects, an object, or a list of dicts"),
        (b"{", "is not valid JSON"),
    ],
)
def test_malformed_cosmos_documents_are_a_binding_error(
    app: App, payload: bytes, message: str
) -> None:
    result = app.invoke("CosmosChanges", payload)
    assert isinstance(result.exception, BindingError)
    assert message in str(result.exception)


# --- Kafka and the table output ----------------------------------------------------------


def test_a_kafka_event_carries_the_trigger_topic_and_its_return_goes_to_a_table(
    app: App,
) -> None:
    result = app.invoke("KafkaOrder", b'{"order": 3, "items": 1}')
    result.raise_for_exception()
    assert json.loads(result.return_value) == {
        "RowKey": "3",
        "Topic": "orders",
        "order": 3,
        "items": 1,
    }


def test_a_table_entity_without_a_row_key_is_refused(tmp_path: Path) -> None:
    bindings = [
        {"name": "event", "type": "kafkaTrigger", "direction": "in", "topic": "t"},
        {"name": "row", "type": "table", "direction": "out", "tableName": "T"},
    ]
    code = """
        import azure.functions as func

        def main(event: func.KafkaEvent, row: func.Out[str]) -> None:
            row.set(event.get_body().decode())
    """
    with make_app(tmp_path, "Rows", bindings, code) as rows_app:
        good = rows_app.invoke("Rows", b'{"PartitionKey": "p", "RowKey": "r"}')
        good.raise_for_exception()
        assert good.outputs["row"] == '{"PartitionKey": "p", "RowKey": "r"}'
        bad = rows_app.invoke("Rows", b'{"PartitionKey": "p"}')
        assert isinstance(bad.exception, BindingError)
        assert "a table entity needs a string RowKey" in str(bad.exception)


def test_a_kafka_event_object_is_passed_as_it_is(app: App) -> None:
    event = func.KafkaEvent(body=b'{"order": 4}', topic="other")
    assert json.loads(app.invoke("KafkaOrder", event).return_value)["Topic"] == "other"


# --- Warm-up -----------------------------------------------------------------------------


@pytest.mark.parametrize("payload", [None, b"", "{}", {}, func.WarmUpContext()])
def test_a_warmup_trigger_runs_without_a_payload(app: App, payload: Any) -> None:
    assert messages(app.invoke("Warmup", payload)) == ["Function App instance is warm"]


def test_a_warmup_trigger_refuses_a_payload(app: App) -> None:
    result = app.invoke("Warmup", b"data")
    assert isinstance(result.exception, BindingError)
    assert "a warm-up trigger takes no payload, got b'data'" in str(result.exception)


# --- Outputs that take the wrong value ---------------------------------------------------


@pytest.mark.parametrize(
    ("output_type", "annotation", "value", "message"),
    [
        ("serviceBus", "", "object()", "a serviceBus output takes str or bytes, got object"),
        ("eventHub", "", "{1}", "an eventHub output takes str, bytes, an int or a list, got set"),
        ("eventGrid", "", "3", "an eventGrid output takes EventGridOutputEvent, str, bytes"),
        ("cosmosDB", "", "{'id': 1}", "a cosmosDB output takes a Document, a DocumentList"),
        ("table", "", "b'[1]'", "a table entity must be a JSON object, got int"),
    ],
)
def test_an_output_refuses_a_value_it_cannot_send(
    tmp_path: Path, output_type: str, annotation: str, value: str, message: str
) -> None:
    bindings = [
        {"name": "warm", "type": "warmupTrigger", "direction": "in"},
        {"name": "out", "type": output_type, "direction": "out"},
    ]
    code = f"""
        def main(warm, out{annotation}) -> None:
            out.set({value})
    """
    with make_app(tmp_path, "Out", bindings, code) as out_app:
        result = out_app.invoke("Out")
    assert isinstance(result.exception, BindingError)
    assert message in str(result.exception)


# --- The decorator model -----------------------------------------------------------------


def test_decorated_event_functions_run_too(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(
        textwrap.dedent(
            """
            import json
            from typing import List
            import azure.functions as func
            from azure.functions.warmup import WarmUpContext

            app = func.FunctionApp()

            @app.event_hub_message_trigger(
                arg_name="events", event_hub_name="h", connection="C", cardinality="many"
            )
            @app.service_bus_queue_output(arg_name="out", connection="C", queue_name="q")
            def relay(events: List[func.EventHubEvent], out: func.Out[str]) -> None:
                out.set(json.dumps([e.get_body().decode() for e in events]))

            @app.warm_up_trigger(arg_name="ctx")
            def warm(ctx: WarmUpContext) -> None:
                pass
            """
        )
    )
    with load_app(tmp_path) as decorated:
        result = decorated.invoke("relay", [b"a", b"b"])
        result.raise_for_exception()
        assert json.loads(result.outputs["out"]) == ["a", "b"]
        decorated.invoke("warm").raise_for_exception()


# --- The command line --------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_the_command_line_invokes_an_event_hub_batch_from_a_file() -> None:
    completed = run_cli(
        "invoke",
        "examples/events_app",
        "EventHubBatch",
        "--data",
        "@examples/events_app/samples/readings.json",
        "--json",
    )
    assert completed.returncode == 0, completed.stderr
    shown = json.loads(completed.stdout)
    assert json.loads(shown["outputs"]["alerts"]) == {"too_hot": ["boiler"]}
    assert [entry["message"] for entry in shown["logs"]] == ["2 readings"]


def test_the_command_line_shows_an_event_grid_output_event_as_json() -> None:
    completed = run_cli(
        "invoke",
        "examples/events_app",
        "EventGridBlobCreated",
        "--data",
        "@examples/events_app/samples/blob_created.json",
        "--json",
    )
    assert completed.returncode == 0, completed.stderr
    sent = json.loads(completed.stdout)["outputs"]["outputEvent"]
    assert sent["eventType"] == "Contoso.Thumbnails.Requested"
    assert sent["data"] == {"source": "https://shop.blob.core.windows.net/images/lamp.jpg"}


# --- Random payloads ---------------------------------------------------------------------

TRIGGERS = {
    "ServiceBusOne": {"type": "serviceBusTrigger", "queueName": "q", "connection": "C"},
    "ServiceBusMany": {
        "type": "serviceBusTrigger",
        "queueName": "q",
        "connection": "C",
        "cardinality": "many",
    },
    "EventHubOne": {"type": "eventHubTrigger", "eventHubName": "h", "connection": "C"},
    "EventHubMany": {
        "type": "eventHubTrigger",
        "eventHubName": "h",
        "connection": "C",
        "cardinality": "many",
    },
    "EventGrid": {"type": "eventGridTrigger"},
    "Cosmos": {"type": "cosmosDBTrigger", "databaseName": "d", "containerName": "c"},
    "KafkaOne": {"type": "kafkaTrigger", "topic": "t"},
    "KafkaMany": {"type": "kafkaTrigger", "topic": "t", "cardinality": "many"},
    "Warmup": {"type": "warmupTrigger"},
}

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=8,
)
grid_like = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values,
        "eventTime": json_values | st.just("2024-01-02T03:04:05.1234567Z"),
        "specversion": json_values,
        "time": json_values,
        "data": json_values,
        "data_base64": json_values | st.just("AAE="),
        "source": json_values,
        "Bad_Name": json_values,
    },
)
payloads = (
    json_values
    | grid_like
    | st.binary(max_size=16)
    | json_values.map(lambda value: json.dumps(value).encode())
    | grid_like.map(json.dumps)
    | st.lists(st.binary(max_size=4) | json_values, max_size=3)
    | st.just(object())
    | st.floats()
)


@pytest.fixture(scope="module")
def bare_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    """One function per trigger that does nothing: any exception is the host's."""
    root = tmp_path_factory.mktemp("bare_app")
    (root / "host.json").write_text('{"version": "2.0"}')
    for name, trigger in TRIGGERS.items():
        folder = root / name
        folder.mkdir()
        binding = {"name": "payload", "direction": "in", **trigger}
        (folder / "function.json").write_text(
            json.dumps({"scriptFile": "__init__.py", "bindings": [binding]})
        )
        (folder / "__init__.py").write_text("def main(payload):\n    pass\n")
    with load_app(root) as loaded:
        yield loaded


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted(TRIGGERS)), payload=payloads)
def test_random_payloads_run_or_fail_with_a_binding_error(
    bare_app: App, name: str, payload: Any
) -> None:
    result = bare_app.invoke(name, payload)
    if result.exception is not None:
        assert isinstance(result.exception, BindingError), repr(result.exception)

"""Bindings: triggers, inputs and outputs, conversions by annotation and dataType, expressions."""

from __future__ import annotations

import datetime
from typing import Any, Callable

import pytest

import azure_functions_compat as func
from azure_functions_compat.host import (
    App,
    BindingConverter,
    BindingError,
    UnsupportedBindingError,
    register_converter,
)
from azure_functions_compat.host.converters import _registry

from .conftest import HTTP_BINDINGS, QUEUE_TRIGGER


def _queue_app(make_app: Callable[..., App], annotation: str, body: str) -> App:
    source = f"import azure.functions as func\n\ndef main(msg{annotation}):\n{body}\n"
    # As under the Python worker, str and bytes need the matching dataType.
    data_type = {": str": "string", ": bytes": "binary"}.get(annotation)
    trigger = QUEUE_TRIGGER if data_type is None else {**QUEUE_TRIGGER, "dataType": data_type}
    return make_app(
        {
            "Q": (
                [
                    trigger,
                    {
                        "name": "$return",
                        "type": "queue",
                        "direction": "out",
                        "queueName": "outbox",
                    },
                ],
                source,
            )
        }
    )


@pytest.mark.parametrize(
    ("annotation", "expected"),
    [
        ("", "QueueMessage:hi"),
        (": func.QueueMessage", "QueueMessage:hi"),
        (": str", "str:hi"),
        (": bytes", "bytes:hi"),
    ],
)
def test_queue_trigger_converts_by_annotation(
    make_app: Callable[..., App], annotation: str, expected: str
) -> None:
    body = (
        "    value = msg.get_body().decode() if hasattr(msg, 'get_body') else msg\n"
        "    value = value.decode() if isinstance(value, bytes) else value\n"
        "    return f'{type(msg).__name__}:{value}'"
    )
    app = _queue_app(make_app, annotation, body)
    assert app.invoke("Q", "hi").return_value == expected


def test_queue_trigger_message_has_queue_metadata(make_app: Callable[..., App]) -> None:
    body = "    return [msg.id, msg.dequeue_count, msg.insertion_time, msg.expiration_time]"
    app = _queue_app(make_app, ": func.QueueMessage", body)
    result = app.invoke("Q", b"x")
    message_id, count, inserted, expires = result.return_value
    assert isinstance(message_id, str)
    assert count == 1
    assert isinstance(inserted, datetime.datetime)
    assert expires > inserted


def test_queue_return_value_goes_to_the_output_queue(make_app: Callable[..., App]) -> None:
    app = _queue_app(make_app, ": str", "    return msg.upper()")
    app.invoke("Q", "hello")
    assert app.storage.messages("outbox") == [b"HELLO"]


def test_a_prepared_queue_message_is_passed_as_is(make_app: Callable[..., App]) -> None:
    app = _queue_app(make_app, ": func.QueueMessage", "    return msg.id")
    message = func.QueueMessage(id="m-1", body=b"x")
    assert app.invoke("Q", message).return_value == "m-1"


def test_out_parameters_each_get_a_fresh_out_and_their_values_are_collected(
    make_app: Callable[..., App],
) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "first", "type": "queue", "direction": "out", "queueName": "one"},
        {"name": "second", "type": "queue", "direction": "out", "queueName": "two"},
    ]
    source = """
        import azure.functions as func

        def main(req, first: func.Out[str], second: func.Out[func.QueueMessage]) -> str:
            assert first.get() is None and second.get() is None
            first.set("a")
            second.set(func.QueueMessage(body=b"b"))
            return "done"
    """
    app = make_app({"Fn": (bindings, source)})
    with app.test_client() as client:
        for _ in range(2):
            response = client.get("/api/Fn")
            assert response.text == "done"
            assert response.outputs["first"] == "a"
            assert response.outputs["second"].get_body() == b"b"
    assert app.storage.messages("one") == [b"a", b"a"]
    assert app.storage.messages("two") == [b"b", b"b"]


def test_an_out_value_left_unset_is_not_an_output(make_app: Callable[..., App]) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "msg", "type": "queue", "direction": "out", "queueName": "q1x"},
    ]
    source = (
        "import azure.functions as func\n\ndef main(req, msg: func.Out[str]):\n    return 'x'\n"
    )
    app = make_app({"Fn": (bindings, source)})
    with app.test_client() as client:
        assert client.get("/api/Fn").outputs == {}
    assert app.storage.queues() == {}


def test_a_list_on_a_queue_output_sends_one_message_each(make_app: Callable[..., App]) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "msg", "type": "queue", "direction": "out", "queueName": "many"},
    ]
    source = """
        import typing
        import azure.functions as func

        def main(req, msg: func.Out[typing.List[str]]):
            msg.set(["a", "b", "c"])
            return "ok"
    """
    app = make_app({"Fn": (bindings, source)})
    with app.test_client() as client:
        client.get("/api/Fn")
    assert app.storage.messages("many") == [b"a", b"b", b"c"]


BLOB_ROUTE = [
    {**HTTP_BINDINGS[0], "route": "items/{id}"},
    {"name": "obj", "type": "blob", "direction": "in", "path": "samples/{id}"},
    HTTP_BINDINGS[1],
]


@pytest.mark.parametrize(
    ("annotation", "data_type", "expected"),
    [
        ("", None, "InputStream:data-42"),
        (": func.InputStream", None, "InputStream:data-42"),
        (": bytes", None, "bytes:data-42"),
        (": str", None, "str:data-42"),
        ("", "binary", "bytes:data-42"),
        ("", "string", "str:data-42"),
        ("", "stream", "InputStream:data-42"),
    ],
)
def test_blob_input_follows_route_params_and_converts(
    make_app: Callable[..., App], annotation: str, data_type: Any, expected: str
) -> None:
    bindings = [dict(binding) for binding in BLOB_ROUTE]
    if data_type is not None:
        bindings[1]["dataType"] = data_type
    source = f"""
import azure.functions as func

def main(req, obj{annotation}):
    value = obj.read() if hasattr(obj, 'read') else obj
    value = value.decode() if isinstance(value, bytes) else value
    return f'{{type(obj).__name__}}:{{value}}'
"""
    app = make_app({"Fn": (bindings, source)})
    app.storage.put_blob("samples/42", b"data-42")
    with app.test_client() as client:
        assert client.get("/api/items/42").text == expected


def test_input_stream_carries_the_blob_name_and_length(make_app: Callable[..., App]) -> None:
    source = "def main(req, obj):\n    return f'{obj.name} {obj.length} {obj.uri is not None}'\n"
    app = make_app({"Fn": (BLOB_ROUTE, source)})
    app.storage.put_blob("samples/7", b"seven")
    with app.test_client() as client:
        assert client.get("/api/items/7").text == "samples/7 5 True"


def test_a_missing_blob_binds_as_none(make_app: Callable[..., App]) -> None:
    app = make_app({"Fn": (BLOB_ROUTE, "def main(req, obj):\n    return repr(obj)\n")})
    with app.test_client() as client:
        assert client.get("/api/items/404").text == "None"


@pytest.mark.parametrize("segment", ["..", "%2E%2E", ".", "a%5Cb"])
def test_route_params_cannot_escape_the_blob_path(
    make_app: Callable[..., App], segment: str
) -> None:
    app = make_app({"Fn": (BLOB_ROUTE, "def main(req, obj):\n    return repr(obj)\n")})
    with app.test_client() as client:
        response = client.get(f"/api/items/{segment}")
    assert response.status_code == 500
    assert isinstance(response.exception, BindingError)


def test_blob_output_writes_to_the_path_its_expression_names(
    make_app: Callable[..., App],
) -> None:
    bindings = [
        {**HTTP_BINDINGS[0], "route": "save/{name}"},
        {"name": "out", "type": "blob", "direction": "out", "path": "saved/{name}-{Query.v}.txt"},
        HTTP_BINDINGS[1],
    ]
    source = """
        import azure.functions as func

        def main(req, out: func.Out[str]):
            out.set('body')
            return 'ok'
    """
    app = make_app({"Fn": (bindings, source)})
    with app.test_client() as client:
        client.get("/api/save/report?v=2")
    assert app.storage.blobs() == {"saved/report-2.txt": b"body"}


def test_json_body_properties_are_binding_data(make_app: Callable[..., App]) -> None:
    bindings = [
        {**HTTP_BINDINGS[0], "methods": ["post"]},
        {"name": "doc", "type": "blob", "direction": "in", "path": "docs/{customer.id}"},
        HTTP_BINDINGS[1],
    ]
    app = make_app({"Fn": (bindings, "def main(req, doc: bytes):\n    return doc.decode()\n")})
    app.storage.put_blob("docs/c-9", b"customer nine")
    with app.test_client() as client:
        response = client.post("/api/Fn", json={"customer": {"id": "c-9"}})
    assert response.text == "customer nine"


def test_an_expression_without_a_value_fails_the_invocation(
    make_app: Callable[..., App],
) -> None:
    bindings = [
        HTTP_BINDINGS[0],
        {"name": "doc", "type": "blob", "direction": "in", "path": "docs/{missing}"},
        HTTP_BINDINGS[1],
    ]
    app = make_app({"Fn": (bindings, "def main(req, doc):\n    return 'x'\n")})
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert response.status_code == 500
    assert "no value for {missing}" in str(response.exception)


def test_app_settings_fill_percent_expressions(make_app: Callable[..., App]) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "msg", "type": "queue", "direction": "out", "queueName": "%QueueName%"},
    ]
    source = """
        import azure.functions as func

        def main(req, msg: func.Out[str]):
            msg.set('m')
            return 'ok'
    """
    app = make_app({"Fn": (bindings, source)}, settings={"QueueName": "fromsetting"})
    with app.test_client() as client:
        client.get("/api/Fn")
    assert app.storage.messages("fromsetting") == [b"m"]


def test_queue_trigger_metadata_fills_blob_paths(make_app: Callable[..., App]) -> None:
    bindings = [
        QUEUE_TRIGGER,
        {"name": "doc", "type": "blob", "direction": "in", "path": "docs/{queueTrigger}"},
        {"name": "copy", "type": "blob", "direction": "out", "path": "copies/{Id}"},
    ]
    source = """
        import azure.functions as func

        def main(msg: func.QueueMessage, doc: str, copy: func.Out[str]):
            copy.set(doc.upper())
    """
    app = make_app({"Fn": (bindings, source)})
    result = app.invoke("Fn", "a.txt", blobs={"docs/a.txt": "content"})
    assert result.exception is None
    (path,) = [path for path in app.storage.blobs() if path.startswith("copies/")]
    assert app.storage.get_blob(path) == b"CONTENT"


def test_json_queue_message_properties_are_binding_data(make_app: Callable[..., App]) -> None:
    bindings = [
        QUEUE_TRIGGER,
        {"name": "doc", "type": "blob", "direction": "in", "path": "docs/{name}"},
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "done"},
    ]
    app = make_app({"Fn": (bindings, "def main(msg, doc: str):\n    return doc\n")})
    app.invoke("Fn", '{"name": "x.txt"}', blobs={"docs/x.txt": "found"})
    assert app.storage.messages("done") == [b"found"]


BLOB_TRIGGER = {
    "name": "blob",
    "type": "blobTrigger",
    "direction": "in",
    "path": "uploads/{name}.{ext}",
}


def test_blob_trigger_fills_name_from_the_blob_path(make_app: Callable[..., App]) -> None:
    bindings = [
        BLOB_TRIGGER,
        {"name": "out", "type": "blob", "direction": "out", "path": "thumbs/{name}-small.{ext}"},
    ]
    source = """
        import azure.functions as func

        def main(blob: func.InputStream, out: func.Out[bytes]):
            out.set(blob.read()[:3])
            return None
    """
    app = make_app({"Fn": (bindings, source)})
    result = app.invoke("Fn", b"abcdef", blob_path="uploads/photo.png")
    assert result.exception is None
    assert app.storage.get_blob("thumbs/photo-small.png") == b"abc"
    assert app.storage.get_blob("uploads/photo.png") == b"abcdef"


def test_blob_trigger_reads_a_stored_blob_when_no_data_is_given(
    make_app: Callable[..., App],
) -> None:
    source = "def main(blob: bytes):\n    import logging\n    logging.warning(blob.decode())\n"
    app = make_app({"Fn": ([BLOB_TRIGGER], source)})
    app.storage.put_blob("uploads/a.txt", b"stored")
    result = app.invoke("Fn", blob_path="uploads/a.txt")
    assert [entry.message for entry in result.logs] == ["stored"]


def test_blob_trigger_refuses_a_path_that_does_not_fit(make_app: Callable[..., App]) -> None:
    app = make_app({"Fn": ([BLOB_TRIGGER], "def main(blob):\n    pass\n")})
    result = app.invoke("Fn", b"x", blob_path="other/a.txt")
    assert isinstance(result.exception, BindingError)


TIMER = [{"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 */5 * * * *"}]


@pytest.mark.parametrize(
    ("data", "past_due"),
    [
        (None, False),
        ('{"past_due": true}', True),
        (b'{"IsPastDue": true}', True),
        ({"past_due": False}, False),
    ],
)
def test_timer_trigger_builds_a_timer_request(
    make_app: Callable[..., App], data: Any, past_due: bool
) -> None:
    source = """
        import logging
        import azure.functions as func

        def main(timer: func.TimerRequest):
            logging.info(str(timer.past_due))
    """
    app = make_app({"Tick": (TIMER, source)})
    result = app.invoke("Tick", data)
    assert [entry.message for entry in result.logs] == [str(past_due)]


def test_timer_payload_that_is_not_json_fails_the_invocation(
    make_app: Callable[..., App],
) -> None:
    app = make_app({"Tick": (TIMER, "def main(timer):\n    pass\n")})
    assert isinstance(app.invoke("Tick", "not json").exception, BindingError)


def test_context_parameter_gets_invocation_id_name_and_directory(
    make_app: Callable[..., App],
) -> None:
    source = """
        import azure.functions as func

        def main(req, context: func.Context):
            return f"{context.invocation_id}|{context.function_name}|{context.function_directory}"
    """
    app = make_app({"Ctx": (HTTP_BINDINGS, source)})
    with app.test_client() as client:
        response = client.get("/api/Ctx")
    invocation_id, name, directory = response.text.split("|")
    assert invocation_id == response.invocation_id
    assert name == "Ctx"
    assert directory == app.functions["Ctx"].directory


def test_returning_a_value_without_a_return_binding_fails(make_app: Callable[..., App]) -> None:
    app = make_app({"Fn": ([HTTP_BINDINGS[0]], "def main(req):\n    return 'lost'\n")})
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert response.status_code == 500
    assert "has no $return binding" in str(response.exception)


class _EchoTrigger(BindingConverter):
    input_kinds = ("str",)

    def trigger(self, binding: Any, data: Any, call: Any) -> tuple[Any, dict[str, Any]]:
        return f"echo:{data}", {"word": data}


def test_a_registered_converter_runs_a_new_trigger_type(make_app: Callable[..., App]) -> None:
    bindings = [
        {"name": "event", "type": "echoTrigger", "direction": "in"},
        {"name": "$return", "type": "queue", "direction": "out", "queueName": "echo-{word}"},
    ]
    register_converter("echoTrigger", _EchoTrigger())
    try:
        app = make_app({"Echo": (bindings, "def main(event: str):\n    return event\n")})
        assert app.invoke("Echo", "hi").return_value == "echo:hi"
        assert app.storage.messages("echo-hi") == [b"echo:hi"]
    finally:
        del _registry["echotrigger"]


def test_a_trigger_without_converter_is_listed_but_refused_by_invoke(
    make_app: Callable[..., App],
) -> None:
    bindings = [{"name": "event", "type": "madeUpTrigger", "direction": "in"}]
    # Annotated with a type the generic binding cannot give (str, bytes or none it can).
    app = make_app({"Bus": (bindings, "def main(event: dict):\n    pass\n")})
    assert app.functions["Bus"].trigger.type == "madeUpTrigger"
    with pytest.raises(UnsupportedBindingError, match="cannot run 'madeUpTrigger' triggers"):
        app.invoke("Bus", "x")


@pytest.mark.parametrize(
    ("binding_type", "converter", "error"),
    [
        (3, BindingConverter(), TypeError),
        ("", BindingConverter(), ValueError),
        ("x", object(), TypeError),
    ],
)
def test_register_converter_rejects_bad_arguments(
    binding_type: Any, converter: Any, error: type[Exception]
) -> None:
    with pytest.raises(error, match="register_converter"):
        register_converter(binding_type, converter)


def test_queue_trigger_without_data_takes_the_oldest_waiting_message(
    make_app: Callable[..., App],
) -> None:
    app = _queue_app(make_app, ": str", "    return msg")
    app.storage.put_message("inbox", "first")
    app.storage.put_message("inbox", "second")
    assert app.invoke("Q").return_value == "first"
    assert app.storage.messages("inbox") == [b"second"]


def test_queue_trigger_without_data_or_waiting_message_fails(
    make_app: Callable[..., App],
) -> None:
    app = _queue_app(make_app, ": str", "    return msg")
    result = app.invoke("Q")
    assert isinstance(result.exception, BindingError)
    assert "queue 'inbox' has no message" in str(result.exception)

"""The host beside the real azure-functions: it takes the real package's objects and hands over
objects that pass its isinstance checks.

Most of these tests build real objects, so they run where the real package is installed (the
second run of .ci/run); those marked otherwise run in both environments.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, BindingError, load_app

from .conftest import HTTP_BINDINGS, write_app


@pytest.fixture
def real() -> ModuleType:
    """The real azure.functions (the marker skips the test where it is not installed)."""
    import azure.functions

    assert azure.functions is not sys.modules["azure_functions_compat"]
    return azure.functions


needs_real = pytest.mark.needs_real_package


# --- What the function hands back ----------------------------------------------------------


@needs_real
def test_a_real_http_response_returned_is_sent_with_its_status_headers_and_body(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    source = """
        import azure.functions as func

        def main(req: func.HttpRequest) -> func.HttpResponse:
            response = func.HttpResponse(
                '{"ok": true}', status_code=201, mimetype="application/json", charset="utf-8",
                headers={"X-Id": "7"},
            )
            response.headers.add("Set-Cookie", "a=1")
            response.headers.add("Set-Cookie", "b=2")
            return response
    """
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    response = app.test_client().get("/api/Fn")

    assert response.exception is None
    assert response.status_code == 201
    assert response.json() == {"ok": True}
    assert response.headers["X-Id"] == "7"
    assert response.headers.getall("Set-Cookie") == ["a=1", "b=2"]
    assert response.headers["Content-Type"] == "application/json; charset=utf-8"


@needs_real
def test_a_real_http_response_set_on_a_named_http_output_is_the_answer(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    bindings = [HTTP_BINDINGS[0], {"name": "res", "type": "http", "direction": "out"}]
    source = """
        import azure.functions as func

        def main(req: func.HttpRequest, res: func.Out[func.HttpResponse]) -> None:
            res.set(func.HttpResponse("via out", status_code=202))
    """
    app = make_app({"Fn": (bindings, source)})
    response = app.test_client().get("/api/Fn")

    assert (response.status_code, response.text) == (202, "via out")


@needs_real
def test_a_real_http_response_the_host_cannot_send_fails_naming_the_output(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    source = """
        import azure.functions as func

        def main(req):
            return func.HttpResponse("too low", status_code=99)
    """
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    response = app.test_client().get("/api/Fn")

    assert response.status_code == 500
    assert isinstance(response.exception, BindingError)
    message = str(response.exception)
    assert "Fn/function.json: http output '$return'" in message
    assert "status_code" in message


@needs_real
def test_real_queue_messages_set_on_an_out_are_queued(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "msg", "type": "queue", "direction": "out", "queueName": "outbox"},
    ]
    source = """
        import azure.functions as func

        def main(req, msg: func.Out[func.QueueMessage]) -> str:
            msg.set([func.QueueMessage(body=b"one"), func.QueueMessage(body="two")])
            return "sent"
    """
    app = make_app({"Fn": (bindings, source)})
    assert app.test_client().get("/api/Fn").text == "sent"
    assert app.storage.messages("outbox") == [b"one", b"two"]


@needs_real
def test_real_event_grid_and_cosmos_outputs_are_recorded_and_shown_as_json(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "event", "type": "eventGrid", "direction": "out", "topicEndpointUri": "U"},
        {"name": "doc", "type": "cosmosDB", "direction": "out", "databaseName": "d"},
    ]
    source = """
        import azure.functions as func

        def main(req, event: func.Out[func.EventGridOutputEvent], doc: func.Out[func.Document]):
            event.set(func.EventGridOutputEvent(
                id="1", data={"a": 1}, subject="s", event_type="t", event_time=None,
                data_version="1.0",
            ))
            doc.set(func.Document.from_dict({"id": "d1"}))
            return "ok"
    """
    app = make_app({"Fn": (bindings, source)})
    response = app.test_client().get("/api/Fn")

    assert response.exception is None
    assert isinstance(response.outputs["event"], real.EventGridOutputEvent)
    assert isinstance(response.outputs["doc"], real.Document)
    from azure_functions_compat.host.converters import get_converter

    shown = get_converter("eventGrid").describe(response.outputs["event"])  # type: ignore[union-attr]
    assert (shown["id"], shown["data"]) == ("1", {"a": 1})
    shown_doc = get_converter("cosmosDB").describe(response.outputs["doc"])  # type: ignore[union-attr]
    assert shown_doc == {"id": "d1"}


@needs_real
def test_a_real_document_list_set_on_a_cosmos_output_is_shown_as_its_documents(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    # The real DocumentList is a UserList, not a list: it must not be read as one document.
    bindings = [
        *HTTP_BINDINGS,
        {"name": "doc", "type": "cosmosDB", "direction": "out", "databaseName": "d"},
    ]
    source = """
        import azure.functions as func

        def main(req, doc: func.Out[func.Document]):
            docs = func.DocumentList()
            docs.append(func.Document.from_dict({"name": "n", "text": "t"}))
            docs.append(func.Document.from_dict({"id": "2"}))
            doc.set(docs)
            return "ok"
    """
    app = make_app({"Fn": (bindings, source)})
    response = app.test_client().get("/api/Fn")

    assert response.exception is None
    from azure_functions_compat.host.converters import get_converter

    shown = get_converter("cosmosDB").describe(response.outputs["doc"])  # type: ignore[union-attr]
    assert shown == [{"name": "n", "text": "t"}, {"id": "2"}]


# --- What the host hands the function ------------------------------------------------------

ISINSTANCE_CHECKS = """
    import azure.functions as func

    def check(**values):
        for name, (value, cls) in values.items():
            if not isinstance(value, cls):
                raise AssertionError(f"{name}: {type(value)} is not a {cls}")
"""


@needs_real
def test_http_inputs_out_and_context_pass_isinstance_against_the_real_package(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    bindings = [
        *HTTP_BINDINGS,
        {"name": "blob", "type": "blob", "direction": "in", "path": "box/{id}"},
        {"name": "msg", "type": "queue", "direction": "out", "queueName": "outbox"},
    ]
    source = (
        ISINSTANCE_CHECKS
        + """
    def main(req: func.HttpRequest, blob: func.InputStream, msg: func.Out[str],
             context: func.Context) -> func.HttpResponse:
        check(req=(req, func.HttpRequest), blob=(blob, func.InputStream), msg=(msg, func.Out),
              context=(context, func.Context))
        return func.HttpResponse(blob.read())
    """
    )
    route = [{**HTTP_BINDINGS[0], "route": "items/{id}"}, *bindings[1:]]
    app = make_app({"Fn": (route, source)})
    app.storage.put_blob("box/7", b"seven")
    response = app.test_client().get("/api/items/7")

    assert response.exception is None
    assert response.text == "seven"


@needs_real
@pytest.mark.parametrize(
    ("trigger", "data", "annotation"),
    [
        ({"type": "queueTrigger", "queueName": "inbox"}, b"hi", "func.QueueMessage"),
        ({"type": "blobTrigger", "path": "box/{name}"}, b"hi", "func.InputStream"),
        ({"type": "timerTrigger", "schedule": "0 */5 * * * *"}, None, "func.TimerRequest"),
        ({"type": "serviceBusTrigger", "queueName": "q"}, b"hi", "func.ServiceBusMessage"),
        ({"type": "eventHubTrigger", "eventHubName": "h"}, b"hi", "func.EventHubEvent"),
        ({"type": "kafkaTrigger", "topic": "t", "brokerList": "b"}, b"hi", "func.KafkaEvent"),
        ({"type": "cosmosDBTrigger", "databaseName": "d"}, b'[{"id": "1"}]', "func.DocumentList"),
        (
            {"type": "eventGridTrigger"},
            b'{"id": "1", "subject": "s", "eventType": "t", "data": {}}',
            "func.EventGridEvent",
        ),
    ],
)
def test_each_trigger_value_passes_isinstance_against_the_real_package(
    make_app: Callable[..., App],
    real: ModuleType,
    trigger: dict[str, Any],
    data: Any,
    annotation: str,
) -> None:
    source = (
        ISINSTANCE_CHECKS
        + f"""
    def main(value: {annotation}) -> None:
        check(value=(value, {annotation}))
    """
    )
    app = make_app({"Fn": ([{"name": "value", "direction": "in", **trigger}], source)})
    result = app.invoke("Fn", data)

    result.raise_for_exception()


@needs_real
@pytest.mark.parametrize(
    ("trigger", "build"),
    [
        (
            {"type": "queueTrigger", "queueName": "inbox"},
            lambda real: real.QueueMessage(id="m1", body=b"hi", pop_receipt="r"),
        ),
        (
            {"type": "serviceBusTrigger", "queueName": "q"},
            lambda real: real.ServiceBusMessage(body=b"hi", content_type="text/plain"),
        ),
        (
            {"type": "eventHubTrigger", "eventHubName": "h"},
            lambda real: real.EventHubEvent(body=b"hi"),
        ),
        (
            {"type": "eventGridTrigger"},
            lambda real: real.EventGridEvent(
                id="1",
                data={},
                topic="t",
                subject="s",
                event_type="e",
                event_time=None,
                data_version="1",
            ),
        ),
        (
            {"type": "cosmosDBTrigger", "databaseName": "d"},
            lambda real: real.DocumentList([real.Document.from_dict({"id": "1"})]),
        ),
        (
            {"type": "kafkaTrigger", "topic": "t", "brokerList": "b"},
            lambda real: real.KafkaEvent(body=b"hi"),
        ),
    ],
)
def test_invoke_hands_a_real_trigger_object_to_the_function_as_it_is(
    make_app: Callable[..., App],
    real: ModuleType,
    trigger: dict[str, Any],
    build: Callable[[ModuleType], Any],
) -> None:
    source = """
        SEEN = []

        def main(value) -> None:
            SEEN.append(value)
    """
    app = make_app({"Fn": ([{"name": "value", "direction": "in", **trigger}], source)})
    given = build(real)
    app.invoke("Fn", given).raise_for_exception()

    seen = importlib.import_module("__app__.Fn").SEEN
    assert seen == [given]


@needs_real
def test_invoke_takes_a_real_http_request_with_its_route_params_and_body(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    source = """
        import azure.functions as func

        def main(req: func.HttpRequest) -> func.HttpResponse:
            return func.HttpResponse(f"{req.route_params['id']}:{req.get_json()['n']}")
    """
    bindings = [{**HTTP_BINDINGS[0], "route": "items/{id}"}, HTTP_BINDINGS[1]]
    app = make_app({"Fn": (bindings, source)})
    request = real.HttpRequest(
        "POST", "http://localhost/api/items/7", route_params={"id": "7"}, body=b'{"n": 3}'
    )
    result = app.invoke("Fn", request)

    result.raise_for_exception()
    assert result.http_response is not None
    assert result.http_response.get_body() == b"7:3"


@needs_real
def test_invoke_takes_a_real_queue_message_and_its_fields_fill_binding_expressions(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    bindings = [
        {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"},
        {"name": "out", "type": "blob", "direction": "out", "path": "done/{id}-{Id}"},
    ]
    source = """
        import azure.functions as func

        def main(msg: func.QueueMessage, out: func.Out[bytes]) -> None:
            out.set(msg.get_body())
    """
    app = make_app({"Fn": (bindings, source)})
    message = real.QueueMessage(id="m1", body=b'{"id": "x"}', pop_receipt="r")
    app.invoke("Fn", message).raise_for_exception()

    assert app.storage.blob("done/x-m1") is not None


# --- The decorator model with the real FunctionApp ----------------------------------------


@needs_real
def test_the_real_function_app_loads_and_its_functions_get_and_return_real_types(
    tmp_path: Path, real: ModuleType
) -> None:
    write_app(tmp_path / "app", {})
    (tmp_path / "app" / "function_app.py").write_text(
        textwrap.dedent(
            """
            import azure.functions as func

            app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

            @app.route(route="items/{id}", methods=["POST"])
            @app.queue_output(arg_name="msg", queue_name="outbox", connection="C")
            def add(req: func.HttpRequest, msg: func.Out[func.QueueMessage]) -> func.HttpResponse:
                assert isinstance(req, func.HttpRequest) and isinstance(msg, func.Out)
                msg.set(func.QueueMessage(body=req.get_body()))
                return func.HttpResponse(status_code=202, headers={"Location": req.url})

            @app.queue_trigger(arg_name="msg", queue_name="outbox", connection="C")
            def take(msg: func.QueueMessage) -> None:
                assert isinstance(msg, func.QueueMessage)
            """
        )
    )
    with load_app(tmp_path / "app") as app:
        module = sys.modules["function_app"]
        assert isinstance(module.app, real.FunctionApp)
        response = app.test_client().post("/api/items/3", data=b'{"id": 3}')
        assert response.exception is None
        assert response.status_code == 202
        assert response.headers["Location"].endswith("/api/items/3")
        assert app.storage.messages("outbox") == [b'{"id": 3}']
        app.invoke("take").raise_for_exception()


# --- Recognised by name, in both environments ---------------------------------------------


def _lookalike(name: str, module: str, **attributes: Any) -> Any:
    """An object of a class ``name`` defined in ``module``, as the real package's would be."""
    cls = type(name, (), {"__module__": module, **attributes})
    return cls()


def test_an_http_response_of_the_real_package_is_read_through_its_public_api(
    make_app: Callable[..., App],
) -> None:
    response = _lookalike(
        "HttpResponse",
        "azure.functions._http",
        status_code=203,
        headers={"X-A": "1"},
        mimetype="text/html",
        charset="utf-8",
        get_body=lambda self: b"<p>hi</p>",
    )
    source = """
        RESPONSE = None

        def main(req):
            return RESPONSE
    """
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    importlib.import_module("__app__.Fn").RESPONSE = response
    answer = app.test_client().get("/api/Fn")

    assert (answer.status_code, answer.text) == (203, "<p>hi</p>")
    assert answer.headers["X-A"] == "1"
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"


def test_an_object_that_only_looks_like_a_response_is_still_refused(
    make_app: Callable[..., App],
) -> None:
    impostor = _lookalike(
        "HttpResponse", "somewhere.else", status_code=200, headers={}, get_body=lambda self: b""
    )
    source = """
        RESPONSE = None

        def main(req):
            return RESPONSE
    """
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    importlib.import_module("__app__.Fn").RESPONSE = impostor
    answer = app.test_client().get("/api/Fn")

    assert answer.status_code == 500
    assert "takes an HttpResponse or a str, got HttpResponse" in str(answer.exception)


@needs_real
def test_the_real_wsgi_function_app_answers_through_the_host(
    tmp_path: Path, real: ModuleType
) -> None:
    write_app(tmp_path / "app", {})
    (tmp_path / "app" / "function_app.py").write_text(
        textwrap.dedent(
            """
            import azure.functions as func

            def wsgi(environ, start_response):
                start_response("201 Created", [("X-W", "1")])
                return [b"wsgi " + environ["PATH_INFO"].encode()]

            app = func.WsgiFunctionApp(app=wsgi, http_auth_level=func.AuthLevel.ANONYMOUS)
            """
        )
    )
    with load_app(tmp_path / "app") as app:
        assert isinstance(sys.modules["function_app"].app, real.WsgiFunctionApp)
        response = app.test_client().get("/api/items/3")

    assert response.exception is None
    assert (response.status_code, response.text) == (201, "wsgi /api/items/3")
    assert response.headers["X-W"] == "1"


@needs_real
def test_a_real_http_request_s_traceparent_starts_the_invocation_s_trace(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    source = """
        def main(req, context):
            return context.trace_context.trace_parent
    """
    app = make_app({"Fn": (HTTP_BINDINGS, source)})
    trace_id = "4bf92f3577b34da6a3ce929d0e0e4736"
    request = real.HttpRequest(
        "GET",
        "http://localhost/api/Fn",
        headers={"traceparent": f"00-{trace_id}-00f067aa0ba902b7-01"},
        body=b"",
    )
    result = app.invoke("Fn", request)

    result.raise_for_exception()
    assert result.http_response is not None
    assert result.http_response.get_body().decode().split("-")[1] == trace_id


@needs_real
def test_a_real_timer_request_reaches_a_str_parameter_as_the_timer_json(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    from azure.functions.timer import TimerRequest

    bindings = [
        {"name": "timer", "type": "timerTrigger", "direction": "in", "schedule": "0 * * * * *"}
    ]
    source = """
        import json

        def main(timer: str) -> None:
            assert json.loads(timer)["IsPastDue"] is True
    """
    app = make_app({"Fn": (bindings, source)})
    app.invoke("Fn", TimerRequest(past_due=True)).raise_for_exception()


@needs_real
def test_a_warm_up_function_gets_the_real_package_s_warm_up_context(
    make_app: Callable[..., App], real: ModuleType
) -> None:
    from azure.functions.warmup import WarmUpContext

    bindings = [{"name": "ctx", "type": "warmupTrigger", "direction": "in"}]
    source = """
        from azure.functions.warmup import WarmUpContext

        def main(ctx: WarmUpContext) -> None:
            assert isinstance(ctx, WarmUpContext)
    """
    app = make_app({"Fn": (bindings, source)})
    app.invoke("Fn", WarmUpContext()).raise_for_exception()
    app.invoke("Fn").raise_for_exception()

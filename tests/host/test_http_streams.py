"""HTTP streams: functions taking the FastAPI Request of azurefunctions-extensions-http-fastapi.

In process (test client, invoke, the command line) the response is collected into the usual
HttpResponse; tests/serve/test_serve_http_streams.py streams it over a real connection.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import AppLoadError, load_app
from azure_functions_compat.http import HttpRequest

EXTENSION = "azurefunctions.extensions.http.fastapi"


def _require_extension() -> None:
    from importlib import metadata

    try:
        metadata.version("azurefunctions-extensions-http-fastapi")
    except metadata.PackageNotFoundError:
        reason = (
            "azurefunctions-extensions-http-fastapi is not installed (it comes with the "
            "[test] extra)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason, allow_module_level=True)


_require_extension()

STREAMS_APP = """
    import asyncio
    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import (
        JSONResponse, PlainTextResponse, Request, StreamingResponse,
    )

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="parts/{id}", methods=["GET", "POST"])
    async def parts(req: Request) -> JSONResponse:
        return JSONResponse({
            "method": req.method,
            "url": str(req.url),
            "path": req.url.path,
            "id": req.path_params["id"],
            "q": req.query_params.getlist("q"),
            "header": req.headers.get("x-thing"),
        })

    @app.route(route="read/{how}", methods=["POST"])
    async def read(req: Request) -> JSONResponse:
        how = req.path_params["how"]
        if how == "body":
            got = (await req.body()).decode()
        elif how == "json":
            got = await req.json()
        else:
            got = b"".join([chunk async for chunk in req.stream()]).decode()
        return JSONResponse({"got": got})

    async def numbers(count):
        for number in range(count):
            await asyncio.sleep(0)
            yield f"{number}\\n"

    @app.route(route="async-stream")
    async def async_stream(req: Request) -> StreamingResponse:
        count = int(req.query_params.get("count", "3"))
        return StreamingResponse(
            numbers(count), media_type="text/event-stream", headers={"X-Kind": "async"}
        )

    @app.route(route="sync-stream")
    def sync_stream(req: Request) -> StreamingResponse:
        return StreamingResponse((f"{n}," for n in range(3)), status_code=201)

    @app.route(route="same-loop")
    async def same_loop(req: Request) -> StreamingResponse:
        made_on = asyncio.get_running_loop()

        async def check():
            yield "same" if asyncio.get_running_loop() is made_on else "other"

        return StreamingResponse(check())

    @app.route(route="value/{kind}")
    def value(req: Request):
        return {"dict": {"a": [1, 2]}, "str": "hi", "none": None}[req.path_params["kind"]]

    @app.route(route="text")
    def text(req: Request) -> PlainTextResponse:
        response = PlainTextResponse("plain", status_code=202)
        response.set_cookie("a", "1")
        response.set_cookie("b", "2")
        return response

    @app.route(route="old-response")
    def old_response(req: Request):
        return func.HttpResponse("old")

    async def broken():
        yield "start"
        raise RuntimeError("the stream broke")

    @app.route(route="broken")
    async def broken_stream(req: Request) -> StreamingResponse:
        return StreamingResponse(broken())

    @app.route(route="unannotated")
    def unannotated(req):
        return {"type": type(req).__name__, "x": req.query_params.get("x")}

    @app.queue_trigger(arg_name="msg", queue_name="inbox", connection="AzureWebJobsStorage")
    def queued(msg: func.QueueMessage) -> None:
        assert msg.get_body() == b"hi"
"""


def _write(root: Path, source: str, settings: Any = None) -> Path:
    root.mkdir(parents=True)
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(source))
    if settings is not None:
        (root / "local.settings.json").write_text(json.dumps({"Values": settings}))
    return root


@pytest.fixture(scope="module")
def streams_app(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = _write(tmp_path_factory.mktemp("streams") / "app", STREAMS_APP)
    with load_app(root) as app:
        yield app


@pytest.fixture
def client(streams_app: Any) -> Any:
    with streams_app.test_client() as client:
        yield client


def test_the_function_gets_a_starlette_request_with_the_invocations_parts(client: Any) -> None:
    response = client.post("/api/parts/42?q=1&q=2", data=b"ignored", headers={"X-Thing": "yes"})
    assert response.status_code == 200, response.invocation.exception
    assert response.json() == {
        "method": "POST",
        "url": "http://localhost:7071/api/parts/42?q=1&q=2",
        "path": "/api/parts/42",
        "id": "42",
        "q": ["1", "2"],
        "header": "yes",
    }


@pytest.mark.parametrize(
    ("how", "body", "expected"),
    [
        ("body", b"raw bytes", "raw bytes"),
        ("json", b'{"n": [1, 2]}', {"n": [1, 2]}),
        ("stream", b"streamed body", "streamed body"),
        ("stream", b"", ""),
    ],
)
def test_the_request_body_reads_with_body_json_and_stream(
    client: Any, how: str, body: bytes, expected: Any
) -> None:
    response = client.post(f"/api/read/{how}", data=body)
    assert response.status_code == 200, response.invocation.exception
    assert response.json() == {"got": expected}


def test_an_async_generator_streaming_response_is_collected(client: Any) -> None:
    response = client.get("/api/async-stream?count=4")
    assert response.status_code == 200
    assert response.text == "0\n1\n2\n3\n"
    assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response.headers["X-Kind"] == "async"
    assert response.headers["Content-Length"] == "8"


def test_a_sync_iterator_streaming_response_is_collected_with_its_status(client: Any) -> None:
    response = client.get("/api/sync-stream")
    assert (response.status_code, response.text) == (201, "0,1,2,")


def test_the_stream_runs_on_the_loop_the_async_function_ran_on(client: Any) -> None:
    assert client.get("/api/same-loop").text == "same"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("dict", {"a": [1, 2]}), ("str", "hi"), ("none", None)],
)
def test_a_value_that_is_not_a_response_is_sent_as_json_as_fastapi_does(
    client: Any, kind: str, expected: Any
) -> None:
    response = client.get(f"/api/value/{kind}")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == expected


def test_a_starlette_response_keeps_its_status_and_repeated_headers(client: Any) -> None:
    response = client.get("/api/text")
    assert (response.status_code, response.text) == (202, "plain")
    assert [cookie.split(";")[0] for cookie in response.headers.getall("set-cookie")] == [
        "a=1",
        "b=2",
    ]


def test_returning_a_func_http_response_fails_the_invocation(client: Any) -> None:
    response = client.get("/api/old-response")
    assert response.status_code == 500
    assert "not a func.HttpResponse" in str(response.invocation.exception)


def test_an_error_inside_the_stream_fails_the_invocation_with_its_traceback(
    client: Any,
) -> None:
    response = client.get("/api/broken")
    assert response.status_code == 500
    exception = response.invocation.exception
    assert isinstance(exception, RuntimeError)
    assert str(exception) == "the stream broke"
    frames = []
    traceback = exception.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame.f_code.co_name)
        traceback = traceback.tb_next
    assert frames[-1] == "broken"


def test_an_unannotated_http_function_of_the_app_gets_the_fastapi_request_too(
    client: Any,
) -> None:
    # As in the worker: with HTTP streams on, every HTTP function takes part.
    assert client.get("/api/unannotated?x=1").json() == {"type": "Request", "x": "1"}


def test_other_triggers_of_the_app_are_untouched(streams_app: Any) -> None:
    result = streams_app.invoke("queued", b"hi")
    assert result.exception is None


MIXED = """
    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import Request

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="new")
    async def new(req: Request):
        return {}

    @app.route(route="old")
    def old(req: func.HttpRequest) -> func.HttpResponse:
        return func.HttpResponse("old")
"""


def test_an_http_function_taking_func_http_request_beside_them_is_a_load_error(
    tmp_path: Path,
) -> None:
    # The worker hands it the FastAPI Request, which its annotation refuses.
    with pytest.raises(AppLoadError) as caught:
        load_app(_write(tmp_path / "app", MIXED))
    assert str(caught.value) == (
        "function_app.py (function 'old'): binding 'req' is annotated HttpRequest, but the app "
        "uses HTTP streams (function_app.py (function 'new') takes the FastAPI Request), and "
        "then the Python worker hands every HTTP function the FastAPI Request: annotate it "
        "with the Request of azurefunctions.extensions.http.fastapi"
    )


def test_loaded_leniently_that_function_is_in_error_and_the_others_run(tmp_path: Path) -> None:
    with load_app(_write(tmp_path / "app", MIXED), lenient=True) as app:
        assert list(app.load_errors) == ["old"]
        assert "but the app uses HTTP streams" in str(app.load_errors["old"])
        with app.test_client() as client:
            assert client.get("/api/new").json() == {}
            assert client.get("/api/old").status_code == 500


RETURNS_HTTP_RESPONSE = """
    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import Request

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="x")
    async def x(req: Request) -> func.HttpResponse:
        return func.HttpResponse("no")
"""


def test_a_streams_function_annotated_to_return_func_http_response_is_a_load_error(
    tmp_path: Path,
) -> None:
    with pytest.raises(AppLoadError) as caught:
        load_app(_write(tmp_path / "app", RETURNS_HTTP_RESPONSE))
    assert str(caught.value) == (
        "function_app.py (function 'x'): the return annotation HttpResponse does not fit a "
        "function taking the FastAPI Request of HTTP streams: return a FastAPI response "
        "(Response, StreamingResponse, JSONResponse ...)"
    )


def test_invoke_collects_the_stream_into_the_http_response(streams_app: Any) -> None:
    request = HttpRequest(
        "GET", "http://localhost/api/async-stream?count=2", route_params={}, body=None
    )
    result = streams_app.invoke("async_stream", request)
    assert result.exception is None
    assert result.http_response.get_body() == b"0\n1\n"
    assert result.http_response.mimetype == "text/event-stream"


def test_the_command_line_prints_the_collected_stream(
    streams_app: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from azure_functions_compat.cli import main

    assert main(["http", streams_app.root, "GET", "/api/async-stream?count=2"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("HTTP/1.1 200 OK")
    assert out.endswith("0\n1\n")


STARLETTE_ONLY = """
    import azure.functions as func
    from starlette.requests import Request

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="x")
    async def x(req: Request):
        return {}
"""


def test_starlettes_request_without_the_extension_imported_is_a_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker hands a Starlette request over only to apps that import the extension.
    monkeypatch.delitem(sys.modules, EXTENSION, raising=False)
    root = _write(tmp_path / "app", STARLETTE_ONLY)
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    assert str(caught.value) == (
        "function_app.py (function 'x'): binding 'req' is annotated Request (Starlette's "
        "Request), which the Python worker hands over only with HTTP streams: import Request "
        "from azurefunctions.extensions.http.fastapi (the azurefunctions-extensions-http-fastapi "
        "package)"
    )


ONE_STREAM = """
    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import Request

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="x")
    async def x(req: Request):
        return "ok"
"""


@pytest.mark.parametrize("value", ["0", "false", "False"])
def test_init_indexing_set_false_turns_streams_off_as_in_the_worker(
    tmp_path: Path, value: str
) -> None:
    root = _write(tmp_path / "app", ONE_STREAM, {"PYTHON_ENABLE_INIT_INDEXING": value})
    with pytest.raises(AppLoadError, match="PYTHON_ENABLE_INIT_INDEXING is '") as caught:
        load_app(root)
    assert str(caught.value).startswith("function_app.py (function 'x'): binding 'req' takes")


@pytest.mark.parametrize("settings", [None, {"PYTHON_ENABLE_INIT_INDEXING": "1"}])
def test_init_indexing_unset_or_on_runs_streams(tmp_path: Path, settings: Any) -> None:
    root = _write(tmp_path / "app", ONE_STREAM, settings)
    with load_app(root) as app, app.test_client() as client:
        assert client.get("/api/x").json() == "ok"


def test_a_folder_model_function_taking_the_streams_request_is_a_load_error(
    tmp_path: Path,
) -> None:
    from .conftest import HTTP_BINDINGS, write_app

    source = (
        "from azurefunctions.extensions.http.fastapi import Request\n"
        "async def main(req: Request):\n"
        "    return {}\n"
    )
    root = write_app(tmp_path / "app", {"Old": (HTTP_BINDINGS, source)})
    with pytest.raises(AppLoadError) as caught:
        load_app(root)
    message = str(caught.value)
    assert message.startswith("Old/function.json: binding 'req' is annotated Request")
    assert message.endswith("decorator model (function_app.py), not to those of function.json")


WITH_OUTPUTS = """
    from __future__ import annotations

    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import PlainTextResponse, Request

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    @app.route(route="order", methods=["POST"])
    @app.queue_output(arg_name="out", queue_name="orders", connection="AzureWebJobsStorage")
    async def order(req: Request, out: func.Out[str], context: func.Context) -> PlainTextResponse:
        out.set((await req.body()).decode())
        return PlainTextResponse(context.invocation_id)
"""


def test_outputs_context_and_text_annotations_work_beside_the_streams_request(
    tmp_path: Path,
) -> None:
    # Annotations left as text (from __future__ import annotations) are resolved too.
    with load_app(_write(tmp_path / "app", WITH_OUTPUTS)) as app, app.test_client() as client:
        response = client.post("/api/order", data=b"two apples")
        assert response.status_code == 200, response.invocation.exception
        assert response.text == response.invocation.invocation_id
        assert response.invocation.outputs == {"out": "two apples"}
        assert app.storage.messages("orders") == [b"two apples"]

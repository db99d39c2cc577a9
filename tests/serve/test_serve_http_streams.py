"""HTTP streams under ``serve``: response chunks and request bodies cross a real connection as
they are made, not collected first."""

from __future__ import annotations

import asyncio
import http.client
import io
import json
import os
import socket
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import ServeProcess


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

APP = """
    import asyncio
    import os
    import time

    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import Request, StreamingResponse

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    async def gated_async(gate):
        yield "first\\n"
        for _ in range(500):
            if os.path.exists(gate):
                break
            await asyncio.sleep(0.02)
        yield "second\\n"

    def gated_sync(gate):
        yield "first\\n"
        for _ in range(500):
            if os.path.exists(gate):
                break
            time.sleep(0.02)
        yield "second\\n"

    @app.route(route="gated/{kind}")
    async def gated(req: Request) -> StreamingResponse:
        source = gated_async if req.path_params["kind"] == "async" else gated_sync
        return StreamingResponse(source(req.query_params["gate"]), media_type="text/plain")

    @app.route(route="forever")
    async def forever(req: Request) -> StreamingResponse:
        marker = req.query_params["marker"]

        async def ticks():
            try:
                while True:
                    yield "tick\\n"
                    await asyncio.sleep(0.02)
            finally:
                open(marker, "w").close()

        return StreamingResponse(ticks())

    @app.route(route="echo", methods=["POST"])
    async def echo(req: Request) -> StreamingResponse:
        async def upper():
            async for chunk in req.stream():
                if chunk:
                    yield chunk.upper()
        return StreamingResponse(upper(), media_type="application/octet-stream")

    @app.route(route="count", methods=["POST"])
    async def count(req: Request):
        sizes = [len(chunk) async for chunk in req.stream() if chunk]
        return {"bytes": sum(sizes)}

    @app.route(route="unannotated")
    def unannotated(req):
        return type(req).__name__
"""


LIMIT = 5000


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    root = tmp_path_factory.mktemp("streams") / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(APP))
    (root / "local.settings.json").write_text(
        json.dumps({"Values": {"FUNCTIONS_REQUEST_BODY_SIZE_LIMIT": str(LIMIT)}})
    )
    process = ServeProcess(root)
    try:
        yield process
    finally:
        process.stop()


@pytest.mark.parametrize("kind", ["async", "sync"])
def test_the_first_chunk_arrives_before_the_generator_finishes(
    server: ServeProcess, tmp_path: Path, kind: str
) -> None:
    gate = tmp_path / "gate"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request("GET", f"/api/gated/{kind}?gate={gate}")
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Transfer-Encoding") == "chunked"
        # The generator waits for the gate after its first chunk: reading that chunk now
        # proves it was sent before the generator finished.
        assert response.read1() == b"first\n"
        assert not gate.exists()
        gate.touch()
        assert response.read() == b"second\n"
    finally:
        connection.close()


def test_a_client_that_leaves_stops_the_stream(server: ServeProcess, tmp_path: Path) -> None:
    marker = tmp_path / "stopped"
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        connection.request("GET", f"/api/forever?marker={marker}")
        response = connection.getresponse()
        assert response.read1().startswith(b"tick")
    finally:
        connection.close()
    deadline = time.monotonic() + 10
    while not marker.exists():
        assert time.monotonic() < deadline, "the stream went on after the client left"
        time.sleep(0.02)


def _read_until(sock: socket.socket, marker: bytes, seen: bytes = b"") -> bytes:
    deadline = time.monotonic() + 20
    while marker not in seen:
        assert time.monotonic() < deadline, f"no {marker!r} in {seen!r}"
        data = sock.recv(4096)
        assert data, f"the connection closed before {marker!r}: {seen!r}"
        seen += data
    return seen


def test_the_request_body_streams_in_while_the_response_streams_out(
    server: ServeProcess,
) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=20) as sock:
        sock.sendall(
            b"POST /api/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"5\r\nhello\r\n"
        )
        # The function echoes the first chunk while the request is still open.
        seen = _read_until(sock, b"HELLO")
        sock.sendall(b"6\r\n world\r\n0\r\n\r\n")
        seen = _read_until(sock, b"0\r\n\r\n", seen)
    assert seen.startswith(b"HTTP/1.1 200 OK\r\n")
    assert b" WORLD" in seen


def test_a_chunked_request_body_is_read_whole(server: ServeProcess) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        parts = [b"a" * 1000, b"b" * 2000, b"c" * 3]
        connection.request("POST", "/api/count", body=iter(parts), encode_chunked=True)
        response = connection.getresponse()
        assert (response.status, json.loads(response.read())) == (200, {"bytes": 3003})
    finally:
        connection.close()


def test_an_unannotated_function_of_the_app_answers_through_fastapi_too(
    server: ServeProcess,
) -> None:
    answer = server.get("/api/unannotated")
    assert (answer.status, answer.text) == (200, '"Request"')


def test_a_content_length_above_the_limit_is_refused_before_the_function_runs(
    server: ServeProcess,
) -> None:
    answer = server.post("/api/count", b"x" * (LIMIT + 1))
    assert answer.status == 413


def test_a_chunked_body_past_the_limit_reaches_the_function_as_a_client_that_left(
    server: ServeProcess,
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    try:
        parts = [b"a" * 3000, b"b" * 3000]
        connection.request("POST", "/api/count", body=iter(parts), encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 500
    finally:
        connection.close()
    assert server.wait_for("ClientDisconnect") is not None


# In process, through the ASGI application itself: what the server adds to a stream.
ASGI_APP = """
    import azure.functions as func
    from azurefunctions.extensions.http.fastapi import FileResponse, Request, StreamingResponse

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

    async def parts():
        yield "a"
        yield "b"

    async def fails_first():
        raise RuntimeError("no first chunk")
        yield "never"

    @app.route(route="parts")
    async def stream(req: Request) -> StreamingResponse:
        return StreamingResponse(parts(), headers={"X-Own": "1"})

    @app.route(route="fails")
    async def fails(req: Request) -> StreamingResponse:
        return StreamingResponse(fails_first())

    @app.route(route="missing-file")
    def missing_file(req: Request) -> FileResponse:
        return FileResponse("no/such/file.txt")
"""


@pytest.fixture(scope="module")
def application(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from azure_functions_compat.host import load_app
    from azure_functions_compat.serve.asgi import FunctionsASGI
    from azure_functions_compat.serve.config import ServeConfig
    from azure_functions_compat.serve.console import Console

    root = tmp_path_factory.mktemp("asgi-streams")
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(ASGI_APP))
    stream = io.StringIO()
    with load_app(root) as app:
        config = ServeConfig(cors_origins=("https://site.example",))
        yield FunctionsASGI(app, console=Console(20, stream), config=config, triggers=False)


def _call(application: Any, path: str, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    sent: list[Any] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"localhost"), *headers],
    }
    asyncio.run(application(scope, receive, send))
    return sent


def test_a_stream_carries_the_cors_headers_beside_its_own(application: Any) -> None:
    sent = _call(application, "/api/parts", [(b"origin", b"https://site.example")])
    headers = dict(sent[0]["headers"])
    assert headers[b"x-own"] == b"1"
    assert headers[b"access-control-allow-origin"] == b"https://site.example"
    assert [message.get("body") for message in sent[1:]] == [b"a", b"b", b""]


def test_a_response_that_fails_before_it_starts_is_a_500(application: Any) -> None:
    sent = _call(application, "/api/missing-file", [])
    assert sent[0]["status"] == 500
    assert "does not exist" in application.console.stream.getvalue()


def test_a_stream_that_fails_after_it_started_ends_there(application: Any) -> None:
    # The status line went out with the headers: the body stops without its last message,
    # so the server ends the connection and the client sees an incomplete body.
    sent = _call(application, "/api/fails", [])
    assert [message["type"] for message in sent] == ["http.response.start"]
    assert "no first chunk" in application.console.stream.getvalue()

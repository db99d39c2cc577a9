"""The ASGI application in process: its lifespan starts triggers and bounds the shutdown."""

from __future__ import annotations

import asyncio
import io
import textwrap
import time
from pathlib import Path
from typing import Any

from azure_functions_compat.host import load_app
from azure_functions_compat.serve.asgi import FunctionsASGI
from azure_functions_compat.serve.config import ServeConfig
from azure_functions_compat.serve.console import Console

APP = """
import time

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.timer_trigger(arg_name="timer", schedule="0 0 0 1 1 *", run_on_startup=True)
def yearly(timer: func.TimerRequest) -> None:
    print("yearly ran")


@app.route(route="slow")
def slow(req: func.HttpRequest) -> func.HttpResponse:
    time.sleep(float(req.params.get("seconds", "0")))
    return func.HttpResponse("done")
"""


def _application(tmp_path: Path, **options: Any) -> tuple[FunctionsASGI, io.StringIO]:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(APP)
    stream = io.StringIO()
    app = load_app(tmp_path)
    config = ServeConfig.from_folder(str(tmp_path))
    return FunctionsASGI(app, console=Console(20, stream), config=config, **options), stream


async def _get(application: FunctionsASGI, path: str, query: bytes) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": [(b"host", b"localhost")],
    }
    await application(scope, receive, send)
    return sent


async def _lifespan(application: FunctionsASGI, during: Any) -> list[str]:
    messages = asyncio.Queue()  # type: asyncio.Queue[dict[str, str]]
    answers: list[str] = []
    await messages.put({"type": "lifespan.startup"})

    async def send(message: Any) -> None:
        answers.append(message["type"])

    task = asyncio.ensure_future(application({"type": "lifespan"}, messages.get, send))
    while not answers:
        await asyncio.sleep(0.01)
    await during()
    await messages.put({"type": "lifespan.shutdown"})
    await task
    return answers


def test_run_on_startup_runs_a_timer_once_when_the_lifespan_starts(tmp_path: Path) -> None:
    application, stream = _application(tmp_path)

    async def wait_for_the_run() -> None:
        deadline = time.monotonic() + 10
        # The next occurrence is announced after the run: wait for it, or shutdown could
        # cancel the timer's loop between the two lines.
        while "The next occurrence of Functions.yearly" not in stream.getvalue():
            assert time.monotonic() < deadline, stream.getvalue()
            await asyncio.sleep(0.02)

    answers = asyncio.run(_lifespan(application, wait_for_the_run))
    assert answers == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert stream.getvalue().count("Executing 'Functions.yearly' (Reason='Timer fired at") == 1
    assert "The next occurrence of Functions.yearly is at " in stream.getvalue()


def test_shutdown_waits_for_invocations_in_flight_only_up_to_its_bound(tmp_path: Path) -> None:
    application, stream = _application(tmp_path, triggers=False, shutdown_timeout=0.3)

    async def scenario() -> float:
        request = asyncio.ensure_future(_get(application, "/api/slow", b"seconds=2"))
        await asyncio.sleep(0.2)
        assert application.busy == 1
        started = time.monotonic()
        await application.shutdown()
        took = time.monotonic() - started
        request.cancel()
        return took

    took = asyncio.run(scenario())
    assert took < 1.5
    assert "Waiting for 1 invocation(s) to finish." in stream.getvalue()
    assert "Invocations still running after 0.3s; not waiting for them." in stream.getvalue()


ASGI_FUNCTION_APP = """
    import os

    import azure.functions as func


    def record(event):
        with open(os.path.join(os.path.dirname(__file__), "events.txt"), "a") as events:
            events.write(event + "\\n")


    async def asgi(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                record(message["type"].split(".")[1])
                await send({"type": message["type"] + ".complete"})
                if message["type"] == "lifespan.shutdown":
                    return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"hello"})


    app = func.AsgiFunctionApp(app=asgi, http_auth_level=func.AuthLevel.ANONYMOUS)
"""


def test_the_servers_lifespan_shutdown_shuts_down_an_asgi_function_app(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(textwrap.dedent(ASGI_FUNCTION_APP))
    config = ServeConfig.from_folder(str(tmp_path))
    application = FunctionsASGI(
        load_app(tmp_path), console=Console(20, io.StringIO()), config=config
    )

    async def one_request() -> None:
        sent = await _get(application, "/api/anything", b"")
        assert sent[1]["body"] == b"hello"

    answers = asyncio.run(_lifespan(application, one_request))
    assert answers == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert (tmp_path / "events.txt").read_text().split() == ["startup", "shutdown"]

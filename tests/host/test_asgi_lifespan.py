"""An ASGI application's lifespan under the host: started on first request, shut down on close."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from azure_functions_compat.host import load_app

ASGI_APP = """
    import asyncio
    import os

    import azure.functions as func

    EVENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "events.txt")


    def record(event):
        with open(EVENTS, "a") as events:
            events.write(event + "\\n")


    async def asgi(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    record("startup")
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await asyncio.sleep(0)  # a shutdown handler that awaits
                    record("shutdown")
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"hello"})


    app = func.AsgiFunctionApp(app=asgi, http_auth_level=func.AuthLevel.ANONYMOUS)
"""

NOISE = ("Task was destroyed", "Event loop is closed", "Failed ASGI shutdown", "Exception ignored")


def _write_source(root: Path, source: str) -> Path:
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(textwrap.dedent(source))
    return root


def _write(root: Path) -> Path:
    return _write_source(root, ASGI_APP)


def _events(root: Path) -> list[str]:
    path = root / "events.txt"
    return path.read_text().split() if path.exists() else []


def _assert_quiet(capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture) -> None:
    gc.collect()  # the real package's AsgiFunctionApp.__del__ would shut down again here
    err = capfd.readouterr().err
    for noise in NOISE:
        assert noise not in err
        assert noise not in caplog.text


def test_close_runs_the_lifespan_shutdown_once(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _write(tmp_path / "app")
    with load_app(root) as app, app.test_client() as client:
        assert client.get("/api/anything").get_body() == b"hello"
        assert client.get("/api/again").get_body() == b"hello"
        assert _events(root) == ["startup"]
    assert _events(root) == ["startup", "shutdown"]
    app.close()  # closing again shuts down nothing more
    assert _events(root) == ["startup", "shutdown"]
    _assert_quiet(capfd, caplog)


def test_close_without_a_request_starts_and_shuts_down_nothing(tmp_path: Path) -> None:
    root = _write(tmp_path / "app")
    load_app(root).close()
    assert _events(root) == []


def test_after_close_the_next_request_starts_the_application_again(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _write(tmp_path / "app")
    with load_app(root) as app:
        client = app.test_client()
        assert client.get("/api/one").status_code == 200
        app.close()
        assert client.get("/api/two").status_code == 200
    assert _events(root) == ["startup", "shutdown", "startup", "shutdown"]
    _assert_quiet(capfd, caplog)


def test_the_http_command_shuts_the_application_down_quietly(tmp_path: Path) -> None:
    root = _write(tmp_path / "app")
    completed = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", "http", str(root), "GET", "/api/x"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert completed.returncode == 0, completed.stderr
    assert "hello" in completed.stdout
    assert _events(root) == ["startup", "shutdown"]
    for noise in NOISE:
        assert noise not in completed.stderr


@pytest.mark.needs_real_package
def test_the_real_packages_asgi_function_app_is_shut_down_by_close(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _write(tmp_path / "app")
    with load_app(root) as app:
        function_app = sys.modules["function_app"].app
        assert type(function_app).__module__.startswith("azure.functions")
        assert app.test_client().get("/api/x").status_code == 200
        assert function_app.startup_task_done is True
    assert function_app.startup_task_done is False
    del function_app
    assert _events(root) == ["startup", "shutdown"]
    _assert_quiet(capfd, caplog)


BACKGROUND_TASK_APP = """
    import asyncio

    import azure.functions as func

    app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)
    CANCELLED = []


    async def forever():
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            CANCELLED.append(True)
            raise


    @app.route(route="spawn")
    async def spawn(req: func.HttpRequest) -> func.HttpResponse:
        app.task = asyncio.ensure_future(forever())
        return func.HttpResponse("spawned")
"""


def test_close_cancels_the_tasks_left_on_the_apps_loop(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _write_source(tmp_path / "app", BACKGROUND_TASK_APP)
    with load_app(root) as app:
        assert app.test_client().get("/api/spawn").status_code == 200
        module = sys.modules["function_app"]
    assert module.CANCELLED == [True]
    assert module.app.task.cancelled()
    del module
    _assert_quiet(capfd, caplog)


FAILING_SHUTDOWN_APP = (
    ASGI_APP
    + """

    class BrokenMiddleware(func.AsgiMiddleware):
        async def notify_shutdown(self):
            raise OSError("socket gone")


    # What close() shuts down; the application the requests started stays on the old one.
    app.middleware = BrokenMiddleware(asgi)
"""
)


def test_a_failing_shutdown_is_logged_and_close_still_closes(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = _write_source(tmp_path / "app", FAILING_SHUTDOWN_APP)
    with load_app(root) as app:
        assert app.test_client().get("/api/x").status_code == 200
    assert "the ASGI application's lifespan shutdown failed: OSError: socket gone" in caplog.text
    assert sys.modules["function_app"].app.startup_task_done is False


BARE_MIDDLEWARE = """
    import asyncio
    import os

    import azure.functions as func

    EVENTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "events.txt")


    async def asgi(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await asyncio.sleep(0)
                    with open(EVENTS, "a") as events:
                        events.write("shutdown\\n")
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await receive()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"hello"})


    middleware = func.AsgiMiddleware(asgi)
    started = False


    async def main(req: func.HttpRequest, context: func.Context) -> func.HttpResponse:
        global started
        if not started:
            started = await middleware.notify_startup()
        return await middleware.handle_async(req, context)
"""


def _write_folder_app(root: Path) -> Path:
    from .conftest import HTTP_BINDINGS, write_app

    bindings = [{**HTTP_BINDINGS[0], "route": "{*rest}"}, HTTP_BINDINGS[1]]
    return write_app(root, {"Web": (bindings, textwrap.dedent(BARE_MIDDLEWARE))})


def test_a_middleware_a_functions_script_started_is_shut_down_by_close(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    root = _write_folder_app(tmp_path / "app")
    with load_app(root) as app, app.test_client() as client:
        assert client.get("/api/page").get_body() == b"hello"
        assert _events(root) == []
    assert _events(root) == ["shutdown"]
    app.close()  # closing again shuts down nothing more
    assert _events(root) == ["shutdown"]
    _assert_quiet(capfd, caplog)


def test_a_middleware_never_started_is_not_shut_down(tmp_path: Path) -> None:
    source = BARE_MIDDLEWARE.replace("started = await middleware.notify_startup()", "pass")
    from .conftest import HTTP_BINDINGS, write_app

    root = write_app(tmp_path / "app", {"Web": (HTTP_BINDINGS, textwrap.dedent(source))})
    with load_app(root) as app:
        assert app.test_client().get("/api/Web").get_body() == b"hello"
    assert _events(root) == []

"""``serve`` with a function in error: the rest is served, the banner says what is wrong.

As the Functions host: the startup listing is followed by ``The 'X' function is in error:
...``; a function whose code failed to load keeps its route and answers 500 (its load error
on the console), one whose function.json could not be read has no route (404).
``--strict`` refuses to start instead.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import load_app
from azure_functions_compat.serve.server import banner

from .conftest import ROOT, ServeProcess

HTTP = {
    "bindings": [
        {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "anonymous"},
        {"name": "$return", "type": "http", "direction": "out"},
    ]
}

IMPORT_ERROR = (
    "Broken/function.json: scriptFile 'Broken/__init__.py' failed to import: "
    "ModuleNotFoundError: No module named 'no_such_module_anywhere' (at Broken/__init__.py:1)"
)
JSON_ERROR = "Unread/function.json: invalid JSON: Expecting value: line 1 column 15 (char 14)"


def _broken_app(root: Path) -> Path:
    """'Hello' answers, 'Broken' fails to import, 'Unread' has a function.json that is not JSON."""
    files = {
        "host.json": '{"version": "2.0"}',
        "Hello/function.json": json.dumps(HTTP),
        "Hello/__init__.py": "def main(req):\n    return 'hello'\n",
        "Broken/function.json": json.dumps(HTTP),
        "Broken/__init__.py": "import no_such_module_anywhere\n",
        "Unread/function.json": '{"bindings": [',
    }
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServeProcess]:
    server = ServeProcess(_broken_app(tmp_path_factory.mktemp("lenient") / "app"))
    try:
        yield server
    finally:
        server.stop()


def test_the_banner_lists_healthy_functions_then_each_error_as_the_host_logs_it(
    tmp_path: Path,
) -> None:
    with load_app(_broken_app(tmp_path / "app"), lenient=True) as app:
        text = banner(app, "http://localhost:7071")
    assert text.splitlines() == [
        "",
        "Functions:",
        "",
        "\tHello: http://localhost:7071/api/Hello",
        "",
        f"The 'Broken' function is in error: {IMPORT_ERROR}",
        f"The 'Unread' function is in error: {JSON_ERROR}",
    ]


def test_serve_starts_with_a_broken_function_and_prints_its_error(
    broken_server: ServeProcess,
) -> None:
    output = broken_server.output
    assert f"The 'Broken' function is in error: {IMPORT_ERROR}\n" in output
    assert f"The 'Unread' function is in error: {JSON_ERROR}\n" in output
    assert output.index("Hello: ") < output.index("The 'Broken' function is in error")


def test_serve_answers_a_healthy_function_beside_a_broken_one(
    broken_server: ServeProcess,
) -> None:
    answer = broken_server.get("/api/Hello")
    assert (answer.status, answer.text) == (200, "hello")


def test_serve_answers_500_for_a_function_whose_code_failed_and_logs_why(
    broken_server: ServeProcess,
) -> None:
    answer = broken_server.get("/api/Broken")
    assert (answer.status, answer.body) == (500, b"")
    line = f"function 'Broken' is in error and cannot run: {IMPORT_ERROR}"
    assert broken_server.wait_for(line) is not None
    assert broken_server.wait_for("Executed 'Functions.Broken' (Failed, Id=") is not None


def test_serve_answers_404_where_a_function_json_could_not_be_read(
    broken_server: ServeProcess,
) -> None:
    assert broken_server.get("/api/Unread").status == 404


def test_the_admin_api_does_not_run_a_function_in_error(broken_server: ServeProcess) -> None:
    answer = broken_server.post("/admin/functions/Broken", json.dumps({"input": ""}).encode())
    assert answer.status == 404
    assert IMPORT_ERROR in answer.text


def test_serve_strict_refuses_an_app_with_a_broken_function_in_one_line(tmp_path: Path) -> None:
    root = _broken_app(tmp_path / "app")
    result = subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", "serve", str(root), "--strict"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [f"error: {JSON_ERROR}"]


def test_strict_travels_to_a_reloaded_server_with_the_other_options() -> None:
    from azure_functions_compat.serve.server import ServeOptions

    options = ServeOptions("app", strict=True)
    assert ServeOptions(**options.as_dict()).strict is True
    assert ServeOptions("app").strict is False


DECORATED = """
import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

@app.route(route="hello")
def hello(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse("hello")

@app.route(route="broken")
def broken(req: int) -> func.HttpResponse:
    return func.HttpResponse("never")
"""


def test_the_banner_of_a_decorated_app_names_the_refused_function(tmp_path: Path) -> None:
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(DECORATED)
    with load_app(tmp_path, lenient=True) as app:
        text = banner(app, "http://localhost:7071")
    assert text.splitlines()[3:] == [
        "\thello: http://localhost:7071/api/hello",
        "",
        "The 'broken' function is in error: function_app.py (function 'broken'): binding "
        "'req' of type 'httpTrigger' cannot be passed as int (it takes HttpRequest)",
    ]


async def _status_of(application: Any, path: str) -> int:
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
        "query_string": b"",
        "headers": [(b"host", b"localhost")],
        "scheme": "http",
        "server": ("localhost", 7071),
    }
    await application(scope, receive, send)
    return int(sent[0]["status"])


def test_asgi_app_serves_a_lenient_app_and_refuses_a_broken_one_strictly(
    tmp_path: Path,
) -> None:
    import asyncio

    from azure_functions_compat.host import AppLoadError
    from azure_functions_compat.serve.asgi import asgi_app

    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "function_app.py").write_text(DECORATED)
    with pytest.raises(AppLoadError, match="function 'broken'"):
        asgi_app(tmp_path, triggers=False)
    application = asgi_app(tmp_path, triggers=False, lenient=True)
    try:
        assert asyncio.run(_status_of(application, "/api/hello")) == 200
        assert asyncio.run(_status_of(application, "/api/broken")) == 500
    finally:
        application.app.close()

"""Every example of the seed, in examples/seed_app, through the test client and the CLI."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Optional

import pytest

from azure_functions_compat.host import App, load_app

REPO = Path(__file__).resolve().parents[2]
SEED_APP = REPO / "examples" / "seed_app"

# (method, path, extra request arguments, status, body or None, log messages)
HTTP_CASES: list[tuple[str, str, str, dict[str, Any], int, Optional[str], list[str]]] = [
    ("hello with $return", "GET", "/api/hello?user=Ada", {}, 200, "Hello, Ada!", []),
    ("typed", "GET", "/api/hello_typed?user=Bo", {}, 200, "Hello, Bo!", []),
    (
        "alternate entry point",
        "GET",
        "/api/alternate_entry",
        {},
        200,
        "Hello from customentry() in main.py",
        [],
    ),
    (
        "SharedCode and relative import",
        "GET",
        "/api/MyFirstFunction",
        {},
        200,
        "HELLO FROM EXAMPLE.PY!",
        [],
    ),
    (
        "SharedCode second helper",
        "GET",
        "/api/MySecondFunction",
        {},
        200,
        "hello from mysecondfunction...",
        [],
    ),
    (
        "route with blob input",
        "GET",
        "/api/items/42",
        {"blob": ("samples/42", "the answer")},
        204,
        "",
        ["Python HTTP triggered function processed: b'the answer'"],
    ),
    ("queue output with Out", "GET", "/api/queue_output?body=hi", {}, 200, "hi", []),
    (
        "logging",
        "GET",
        "/api/logging_example",
        {},
        204,
        "",
        ["Python HTTP trigger function processed a request."],
    ),
    (
        "HTTP template, name in query",
        "GET",
        "/api/http_template?name=Ada",
        {},
        200,
        "Hello Ada!",
        [],
    ),
    (
        "HTTP template, name in JSON body",
        "POST",
        "/api/http_template",
        {"json": {"name": "Bo"}},
        200,
        "Hello Bo!",
        [],
    ),
    (
        "HTTP template, no name",
        "GET",
        "/api/http_template",
        {},
        400,
        "Please pass a name on the query string or in the request body",
        [],
    ),
    ("async", "GET", "/api/async_example", {}, 204, "", ["non-blocking I/O done"]),
    ("sync", "GET", "/api/sync_example", {}, 204, "", None),
    ("cached global", "GET", "/api/cached_global", {}, 204, "", None),
    (
        "app setting",
        "GET",
        "/api/app_setting",
        {},
        204,
        "",
        ["My app setting value:value from local.settings.json"],
    ),
    ("CORS with OPTIONS", "OPTIONS", "/api/cors", {}, 200, None, []),
    ("temp files", "GET", "/api/temp_files", {}, 200, "temporary file listed: True", None),
    (
        "unit-test example over HTTP",
        "POST",
        "/api/unit_test_http",
        {"json": {"name": "Test"}},
        200,
        "Hello Test",
        ["Python HTTP trigger function processed a request."],
    ),
]


@pytest.fixture(scope="module")
def seed_app() -> Iterator[App]:
    app = load_app(SEED_APP)
    yield app
    app.close()


def test_the_app_holds_every_seed_example(seed_app: App) -> None:
    assert set(seed_app.functions) == {
        "MyFirstFunction",
        "MySecondFunction",
        "alternate_entry",
        "app_setting",
        "async_example",
        "blob_input",
        "cached_global",
        "context_example",
        "cors",
        "hello",
        "hello_typed",
        "http_template",
        "logging_example",
        "queue_output",
        "queue_trigger",
        "sync_example",
        "temp_files",
        "unit_test_http",
    }


@pytest.mark.parametrize(
    ("method", "path", "extra", "status", "body", "logs"),
    [case[1:] for case in HTTP_CASES],
    ids=[case[0] for case in HTTP_CASES],
)
def test_seed_example_through_the_test_client(
    seed_app: App,
    method: str,
    path: str,
    extra: dict[str, Any],
    status: int,
    body: Optional[str],
    logs: Optional[list[str]],
) -> None:
    extra = dict(extra)
    if "blob" in extra:
        seed_app.storage.put_blob(*extra.pop("blob"))
    with seed_app.test_client() as client:
        response = client.request(method, path, **extra)
    assert response.exception is None
    assert response.status_code == status
    if body is not None:
        assert response.text == body
    if logs is not None:
        assert [entry.message for entry in response.logs] == logs


def test_queue_output_puts_the_message_in_the_queue(seed_app: App) -> None:
    with seed_app.test_client() as client:
        response = client.get("/api/queue_output?body=queued")
    assert response.outputs == {"msg": "queued"}
    assert b"queued" in seed_app.storage.messages("outqueue")


def test_cors_answers_with_the_allow_origin_header(seed_app: App) -> None:
    with seed_app.test_client() as client:
        for method in ("GET", "POST", "OPTIONS"):
            response = client.request(method, "/api/cors")
            assert response.headers["Access-Control-Allow-Origin"] == "https://contoso.com"
        assert client.delete("/api/cors").status_code == 405


def test_context_example_returns_its_invocation_id(seed_app: App) -> None:
    with seed_app.test_client() as client:
        response = client.get("/api/context_example")
    assert response.text == response.invocation_id
    assert uuid.UUID(response.text).version == 4


def test_cached_global_loads_its_data_once_per_loaded_app() -> None:
    with load_app(SEED_APP) as app, app.test_client() as client:
        first = [entry.message for entry in client.get("/api/cached_global").logs]
        second = [entry.message for entry in client.get("/api/cached_global").logs]
    assert first == ["loading data.json", "cached colours: red, green, blue"]
    assert second == ["cached colours: red, green, blue"]


def test_app_setting_is_gone_from_the_environment_afterwards(seed_app: App) -> None:
    with seed_app.test_client() as client:
        client.get("/api/app_setting")
    assert "myAppSetting" not in os.environ


def test_queue_trigger_example_returns_the_body(seed_app: App) -> None:
    result = seed_app.invoke("queue_trigger", b"test")
    assert result.return_value == "msg body: test"
    assert b"msg body: test" in seed_app.storage.messages("outqueue")


def test_unit_test_example_records_its_auth_level_and_methods(seed_app: App) -> None:
    metadata = seed_app.functions["unit_test_http"]
    assert (metadata.auth_level, metadata.methods) == ("function", ("GET", "POST"))


# --- the same through the command line -----------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("method", "path", "extra", "status", "body", "logs"),
    [case[1:] for case in HTTP_CASES],
    ids=[case[0] for case in HTTP_CASES],
)
def test_seed_example_through_the_command_line(
    method: str,
    path: str,
    extra: dict[str, Any],
    status: int,
    body: Optional[str],
    logs: Optional[list[str]],
) -> None:
    args = ["http", str(SEED_APP), method, path, "--json"]
    if "blob" in extra:
        blob_path, content = extra["blob"]
        args += ["--blob", f"{blob_path}={content}"]
    if "json" in extra:
        args += ["-H", "Content-Type: application/json", "-d", json.dumps(extra["json"])]
    completed = run_cli(*args)
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed["status"] == status
    if body is not None:
        assert printed["body"] == body
    if logs is not None:
        assert [entry["message"] for entry in printed["logs"]] == logs
    assert set(printed) >= {"status", "headers", "body", "outputs", "logs", "invocation_id"}


def test_readme_command_prints_the_response_like_curl() -> None:
    completed = run_cli("http", "examples/seed_app", "GET", "/api/hello?user=Ada")
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines() == [
        "HTTP/1.1 200 OK",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Length: 11",
        "",
        "Hello, Ada!",
    ]


def test_queue_trigger_example_through_the_command_line() -> None:
    completed = run_cli("invoke", str(SEED_APP), "queue_trigger", "--data", "test", "--json")
    assert completed.returncode == 0, completed.stderr
    assert json.loads(completed.stdout)["return"] == "msg body: test"


def test_context_example_through_the_command_line() -> None:
    completed = run_cli("http", str(SEED_APP), "GET", "/api/context_example", "--json")
    assert completed.returncode == 0, completed.stderr
    printed = json.loads(completed.stdout)
    assert printed["body"] == printed["invocation_id"]

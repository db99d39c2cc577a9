"""The pytest plugin: its fixtures, used here as any test author would, and its options."""

from __future__ import annotations

import logging
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, Callable

import pytest

import azure_functions_compat as func
from azure_functions_compat.pytest_plugin import InvocationLogs

from .conftest import child_env

Builder = Callable[..., func.HttpRequest]


def test_http_request_defaults(http_request: Builder) -> None:
    request = http_request()
    assert (request.method, request.url, request.get_body()) == ("GET", "/api/test", b"")


def test_http_request_passes_its_arguments_through(http_request: Builder) -> None:
    request = http_request(
        "post",
        "/api/items/7",
        body=b"raw",
        headers={"X-Trace": "1"},
        params={"name": "Test"},
        route_params={"id": "7"},
    )
    assert request.method == "POST"
    assert request.url == "/api/items/7"
    assert request.get_body() == b"raw"
    assert request.headers["x-trace"] == "1"
    assert request.params["name"] == "Test"
    assert request.route_params["id"] == "7"


def test_http_request_json_sets_body_and_content_type(http_request: Builder) -> None:
    request = http_request("POST", json={"name": "Test", "n": [1, 2]})
    assert request.get_json() == {"name": "Test", "n": [1, 2]}
    assert request.headers["Content-Type"] == "application/json"


def test_http_request_json_keeps_a_given_content_type(http_request: Builder) -> None:
    request = http_request(json=[1], headers={"content-type": "application/vnd.x+json"})
    assert request.headers.getall("Content-Type") == ["application/vnd.x+json"]


def test_http_request_json_keeps_repeated_headers(http_request: Builder) -> None:
    from multidict import MultiDict

    request = http_request(json={}, headers=MultiDict([("X-A", "1"), ("X-A", "2")]))
    assert request.headers.getall("X-A") == ["1", "2"]
    assert request.headers["Content-Type"] == "application/json"


def test_http_request_json_accepts_header_pairs(http_request: Builder) -> None:
    request = http_request(json={}, headers=[("Content-Type", "text/json")])
    assert request.headers.getall("content-type") == ["text/json"]


def test_http_request_json_null_is_a_body(http_request: Builder) -> None:
    assert http_request(json=None).get_body() == b"null"


def test_http_request_str_body_is_utf8(http_request: Builder) -> None:
    assert http_request(body="né").get_body() == "né".encode()


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        ({"json": {}, "body": b"x"}, ValueError, "http_request: body must be None when json"),
        ({"json": {1j}}, TypeError, "http_request: json must be a JSON-serialisable value"),
        ({"body": 5}, TypeError, "http_request: body must be bytes, a str or None, got 5"),
        ({"method": 5}, TypeError, "HttpRequest: method must be a str"),
        ({"json": {}, "headers": 5}, TypeError, "HttpRequest: headers must be a mapping"),
        ({"json": {}, "headers": [("A",)]}, TypeError, "HttpRequest: headers"),
    ],
)
def test_http_request_rejects_bad_arguments(
    http_request: Builder, arguments: dict[str, Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(")):
        http_request(**arguments)


def test_function_context_names_the_test(
    function_context: func.Context, request: pytest.FixtureRequest
) -> None:
    assert function_context.function_name == "test_function_context_names_the_test"
    assert function_context.function_directory == str(Path(__file__).parent)
    assert uuid.UUID(function_context.invocation_id)


def test_function_context_is_fresh_per_test(function_context: func.Context) -> None:
    assert isinstance(function_context, func.Context)
    assert function_context.retry_context.retry_count == 0


def test_out_makes_empty_independent_boxes(out: Callable[[], func.Out[Any]]) -> None:
    first, second = out(), out()
    first.set("queued")
    assert (first.get(), second.get(), second.is_set) == ("queued", None, False)


def logging_function(name: str) -> None:
    logging.getLogger("my.function").info("hello %s", name)
    logging.getLogger("my.function").debug("details")


def test_invocation_logs_capture_one_invocation(invocation_logs: InvocationLogs) -> None:
    logging.getLogger("before").warning("not this one")
    with invocation_logs.capture() as logs:
        logging_function("Test")
    logging.getLogger("after").warning("nor this one")
    assert logs.messages == ["hello Test"]
    assert logs.text == "INFO my.function: hello Test"
    assert [record.levelno for record in logs.records] == [logging.INFO]


def test_invocation_logs_level_is_adjustable(invocation_logs: InvocationLogs) -> None:
    with invocation_logs.capture(logging.DEBUG) as logs:
        logging_function("x")
    assert logs.messages == ["hello x", "details"]


def test_invocation_logs_are_kept_when_the_function_raises(
    invocation_logs: InvocationLogs,
) -> None:
    def failing_function() -> None:
        logging.info("started")
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError), invocation_logs.capture() as logs:
        failing_function()
    assert logs.messages == ["started"]


# Options, each in a pytest of its own ---------------------------------------------------------

TEST_FILE = """
def test_probe():
    try:
        import azure.functions
    except ModuleNotFoundError:
        print("MISSING")
    else:
        print("RESOLVES")
"""


def run_pytest(tmp_path: Path, *args: str, ini: str = "") -> str:
    (tmp_path / "test_probe.py").write_text(TEST_FILE)
    (tmp_path / "pytest.ini").write_text("[pytest]\n" + ini)
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-s", "-q", "-p", "no:cacheprovider", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=child_env(),
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_drop_in_is_on_by_default_under_pytest(tmp_path: Path) -> None:
    assert "RESOLVES" in run_pytest(tmp_path)


@pytest.mark.needs_dropin
def test_command_line_option_turns_the_drop_in_off(tmp_path: Path) -> None:
    assert "MISSING" in run_pytest(tmp_path, "--no-azure-functions-dropin")


@pytest.mark.needs_dropin
def test_ini_option_turns_the_drop_in_off(tmp_path: Path) -> None:
    assert "MISSING" in run_pytest(tmp_path, ini="azure_functions_dropin = false\n")

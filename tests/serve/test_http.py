"""``serve`` over a real socket: the same answers as the test client, limits, keys, timeouts."""

from __future__ import annotations

import http.client
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from azure_functions_compat.host import load_app

from .conftest import ROOT, SEED, ServeProcess


def _seed_http_paths() -> list[tuple[str, str]]:
    app = load_app(SEED)
    try:
        return [
            (name, "/" + (app.full_route(metadata) or "").replace("{id}", "1"))
            for name, metadata in app.functions.items()
            if metadata.is_http
        ]
    finally:
        app.close()


@pytest.mark.parametrize(("name", "path"), _seed_http_paths())
def test_every_seed_http_function_answers_as_through_the_test_client(
    seed: ServeProcess, name: str, path: str
) -> None:
    query = "?user=Ada&name=Bo"
    app = load_app(SEED)
    with app.test_client() as client:
        expected = client.get(path + query)
    answer = seed.get(path + query)
    assert answer.status == expected.status_code
    if name == "context_example":  # the body is the invocation id: a new one each time
        assert re.fullmatch(r"[0-9a-f-]{36}", answer.text)
    else:
        assert answer.body == expected.content
    for header, value in expected.headers.items():
        assert answer.headers[header.lower()] == value


def test_banner_lists_each_function_with_its_url_or_trigger(seed: ServeProcess) -> None:
    base = f"http://localhost:{seed.port}"
    assert f"\thello: {base}/api/hello\n" in seed.output
    assert f"\tcors: [GET,POST,OPTIONS] {base}/api/cors\n" in seed.output
    assert "\tqueue_trigger: queueTrigger\n" in seed.output


def test_each_invocation_logs_executing_its_records_and_executed(seed: ServeProcess) -> None:
    assert seed.get("/api/logging_example").status == 204
    block = seed.wait_for(
        re.compile(
            r"Executing 'Functions\.logging_example' \(Reason='This function was "
            r"programmatically called via the host APIs\.', Id=(?P<id>[0-9a-f-]{36})\)\n"
            r".*Python HTTP trigger function processed a request\.\n"
            r".*Executed 'Functions\.logging_example' \(Succeeded, Id=(?P=id), "
            r"Duration=\d+ms\)"
        )
    )
    assert block is not None, seed.output


def test_unknown_path_is_404_and_a_wrong_method_405_with_allow(seed: ServeProcess) -> None:
    assert seed.get("/api/no_such_function").status == 404
    answer = seed.request("DELETE", "/api/cors")
    assert answer.status == 405
    assert answer.headers["allow"] == "GET, POST, OPTIONS"


def test_head_sends_headers_without_a_body(seed: ServeProcess) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", seed.port, timeout=10)
    try:
        connection.request("HEAD", "/api/hello?user=Ada")
        response = connection.getresponse()
        assert response.status == 200
        assert response.read() == b""
    finally:
        connection.close()


def test_decorator_app_routes_with_constraints_and_async_functions(
    decorator: ServeProcess,
) -> None:
    assert decorator.get("/api/greet/Ada").text == "Hello, Ada!"
    assert decorator.get("/api/greet/Ada42").status == 404  # {name:alpha}
    assert decorator.get("/api/items/abc").status == 404  # {id:int}
    assert decorator.get("/api/items/7").status == 404  # the function's own 404: no blob
    created = decorator.post("/api/items", json.dumps({"id": 7}).encode())
    assert created.status == 202
    assert created.headers["location"] == "/api/items/7"


# --- keys, failures, limits, timeouts (tests/serve/serve_app) -----------------------------


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/api/secret", {}, 401),
        ("/api/secret?code=wrong", {}, 401),
        ("/api/secret?code=fkey-1", {}, 200),
        ("/api/secret", {"x-functions-key": "fkey-1"}, 200),
        ("/api/secret?code=master-1", {}, 200),
        ("/api/echo", {}, 200),  # anonymous
    ],
)
def test_function_keys_are_checked_when_serve_enforces_them(
    serve_app: ServeProcess, path: str, headers: dict[str, str], status: int
) -> None:
    assert serve_app.get(path, headers=headers).status == status


def test_a_function_that_raises_is_a_500_and_its_traceback_is_logged(
    serve_app: ServeProcess,
) -> None:
    assert serve_app.get("/api/fails").status == 500
    assert serve_app.wait_for("RuntimeError: it broke") is not None
    assert serve_app.wait_for(re.compile(r"Executed 'Functions\.fails' \(Failed, Id=")) is not None


def test_body_up_to_the_limit_is_read_and_beyond_it_is_413(serve_app: ServeProcess) -> None:
    # The app sets FUNCTIONS_REQUEST_BODY_SIZE_LIMIT to 100000 bytes.
    assert serve_app.post("/api/size", b"x" * 100_000).text == "100000"
    assert serve_app.post("/api/size", b"x" * 100_001).status == 413


def test_a_streamed_body_is_cut_off_at_the_limit_with_413(serve_app: ServeProcess) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", serve_app.port, timeout=10)
    try:
        chunks = (b"y" * 10_000 for _ in range(20))  # chunked, no Content-Length
        connection.request("POST", "/api/size", body=chunks, encode_chunked=True)
        assert connection.getresponse().status == 413
    finally:
        connection.close()


@pytest.mark.parametrize(("declared", "status"), [(100 * 1024 * 1024 + 1, 413), (5, 200)])
def test_default_limit_refuses_a_declared_body_over_100_mb_before_reading_it(
    seed: ServeProcess, declared: int, status: int
) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", seed.port, timeout=10)
    try:
        connection.putrequest("POST", "/api/hello?user=Ada")
        connection.putheader("Content-Length", str(declared))
        connection.endheaders()
        if declared == 5:
            connection.send(b"hello")
        assert connection.getresponse().status == status
    finally:
        connection.close()


def test_function_timeout_fails_the_invocation_and_the_server_goes_on(
    serve_app: ServeProcess,
) -> None:
    # host.json: "functionTimeout": "00:00:01"
    assert serve_app.get("/api/slow?seconds=2.5").status == 500
    assert (
        serve_app.wait_for("Timeout value of 00:00:01 was exceeded by function: Functions.slow")
        is not None
    )
    assert serve_app.get("/api/slow?seconds=0").text == "done"


def test_100_concurrent_requests_each_get_their_own_answer(serve_app: ServeProcess) -> None:
    def call(number: int) -> tuple[int, dict[str, str]]:
        answer = serve_app.post(f"/api/echo?id={number}&pause=0.01", f"body-{number}".encode())
        return answer.status, json.loads(answer.body)

    with ThreadPoolExecutor(max_workers=25) as pool:
        results = list(pool.map(call, range(100)))
    for number, (status, payload) in enumerate(results):
        assert status == 200
        assert payload == {"id": str(number), "body": f"body-{number}", "method": "POST"}


def test_the_readme_serve_example_answers_as_the_readme_shows(seed: ServeProcess) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(
        r"^python -m pip install .*&& (python -m azure_functions_compat serve .*)$",
        readme,
        re.MULTILINE,
    )
    assert command is not None
    assert command.group(1) == "python -m azure_functions_compat serve examples/seed_app"
    curl = re.search(
        r'^curl "http://localhost:7071(/[^"]*)"\n```\n\n```text\n(.*)\n```', readme, re.MULTILINE
    )
    assert curl is not None
    assert seed.get(curl.group(1)).text == curl.group(2)

"""The example decorator app runs under the host and its command line, and its own tests pass."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "decorator_app"


@pytest.fixture
def app() -> Iterator[Any]:
    from azure_functions_compat.host import load_app

    loaded = load_app(str(EXAMPLE))
    try:
        yield loaded
    finally:
        loaded.close()


def test_the_host_finds_every_function_of_the_app_and_its_blueprint(app: Any) -> None:
    assert sorted(app.functions) == [
        "add_item",
        "get_item",
        "greet",
        "health",
        "hourly_report",
        "store_item",
    ]


def test_a_route_reads_its_blob_input(app: Any) -> None:
    app.storage.put_blob("items/7.json", b'{"id": 7, "name": "lamp"}')

    with app.test_client() as client:
        response = client.get("/api/items/7")

    assert (response.status_code, response.json()) == (200, {"id": 7, "name": "lamp"})


def test_a_route_constraint_refuses_a_path_that_breaks_it(app: Any) -> None:
    with app.test_client() as client:
        assert client.get("/api/items/lamp").status_code == 404


def test_a_route_refuses_a_method_it_does_not_list(app: Any) -> None:
    with app.test_client() as client:
        assert client.delete("/api/items/7").status_code in (404, 405)


def test_a_post_queues_the_item_and_the_queue_trigger_stores_it(app: Any) -> None:
    with app.test_client() as client:
        response = client.post("/api/items", data=b'{"id": 3, "name": "chair"}')
    assert response.status_code == 202
    message = response.outputs["message"]

    result = app.invoke("store_item", data=message)

    assert result.exception is None
    assert json.loads(app.storage.get_blob("items/3.json")) == {"id": 3, "name": "chair"}


def test_the_async_route_and_the_blueprint_route_answer(app: Any) -> None:
    with app.test_client() as client:
        assert client.get("/api/greet/Ada").text == "Hello, Ada!"
        assert client.get("/api/health").text == "ok"


def test_the_timer_runs_when_invoked(app: Any) -> None:
    result = app.invoke("hourly_report")

    assert [entry.message for entry in result.logs] == ["hourly report"]


def run_cli(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "azure_functions_compat", *arguments],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_command_line_lists_calls_and_invokes_the_app() -> None:
    listed = run_cli("list", str(EXAMPLE))
    called = run_cli("http", str(EXAMPLE), "GET", "/api/greet/Ada", "--json")
    invoked = run_cli("invoke", str(EXAMPLE), "store_item", "--data", '{"id": 5}', "--json")

    assert listed.returncode == 0, listed.stderr
    assert "get_item: [GET] http://localhost:7071/api/items/{id:int}" in listed.stdout
    assert "store_item: queueTrigger" in listed.stdout
    assert json.loads(called.stdout)["body"] == "Hello, Ada!"
    assert json.loads(json.loads(invoked.stdout)["outputs"]["item"]) == {"id": 5}


def test_the_example_s_own_tests_pass() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(EXAMPLE)],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout[-2000:]

"""The task hub under a real ``serve`` process: instances kept in ``--storage`` survive a
restart of serve, the durable client's URLs name serve's own port, and orchestrator,
activity and entity runs print their Executing/Executed lines. The orchestrators speak the
protocol by hand (see test_hub.py), so no SDK is needed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from serve.conftest import Answer, ServeProcess

from .test_persistence import write_app

API = "/runtime/webhooks/durabletask"

# An HTTP function with a durableClient binding: answers the JSON the binding hands it.
CLIENT = """\
import azure.functions as func


def main(req: func.HttpRequest, starter: str) -> func.HttpResponse:
    return func.HttpResponse(starter, mimetype="application/json")
"""


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    root = write_app(tmp_path / "app")
    folder = root / "Client"
    folder.mkdir()
    (folder / "__init__.py").write_text(CLIENT, encoding="utf-8")
    bindings = [
        {
            "name": "req",
            "type": "httpTrigger",
            "direction": "in",
            "authLevel": "anonymous",
            "route": "client",
        },
        {"name": "starter", "type": "durableClient", "direction": "in"},
        {"name": "$return", "type": "http", "direction": "out"},
    ]
    (folder / "function.json").write_text(json.dumps({"bindings": bindings}), encoding="utf-8")
    return root


@pytest.fixture
def servers() -> Iterator[list[ServeProcess]]:
    started: list[ServeProcess] = []
    yield started
    for server in started:
        server.stop()


def serve(servers: list[ServeProcess], app_folder: Path, *args: str) -> ServeProcess:
    server = ServeProcess(app_folder, *args)
    servers.append(server)
    return server


def post_json(server: ServeProcess, path: str, value: Any = None) -> Answer:
    body = b"" if value is None else json.dumps(value).encode()
    return server.post(path, body, headers={"Content-Type": "application/json"})


def status(server: ServeProcess, instance_id: str) -> tuple[int, Any]:
    answer = server.get(f"{API}/instances/{instance_id}?showHistory=true&showHistoryOutput=true")
    return answer.status, json.loads(answer.body)


def test_instances_survive_a_restart_of_serve(
    servers: list[ServeProcess], app_folder: Path, tmp_path: Path
) -> None:
    storage = str(tmp_path / "storage")
    first = serve(servers, app_folder, "--storage", storage)
    waiting = json.loads(post_json(first, f"{API}/orchestrators/Waits").body)["id"]
    sleeping = json.loads(post_json(first, f"{API}/orchestrators/Sleeps", 1).body)["id"]
    before = status(first, waiting)
    assert before[0] == 202
    assert before[1]["runtimeStatus"] == "Running"
    assert first.stop() == 0

    second = serve(servers, app_folder, "--storage", storage)
    assert status(second, waiting) == before
    assert post_json(second, f"{API}/instances/{waiting}/raiseEvent/Go", "go on").status == 202
    code, after = status(second, waiting)
    assert (code, after["runtimeStatus"], after["output"]) == (200, "Completed", "go on")
    assert after["historyEvents"][: len(before[1]["historyEvents"])] == before[1]["historyEvents"]
    # The durable timer of one second fires on the wall clock, after the restart.
    code, slept = status(second, sleeping)
    assert (code, slept["runtimeStatus"]) == (200, "Completed")
    assert [event["EventType"] for event in slept["historyEvents"]].count("TimerFired") == 1


def test_client_urls_name_serves_port_and_durable_runs_print_their_lines(
    servers: list[ServeProcess], app_folder: Path
) -> None:
    (app_folder / "open").write_text("", encoding="utf-8")  # the activity need not wait
    server = serve(servers, app_folder)
    client = json.loads(server.get("/api/client").body)
    origin = f"http://localhost:{server.port}"
    assert client["baseUrl"] == f"{origin}{API}"
    assert client["rpcBaseUrl"] == f"{origin}/durabletask/"
    assert client["managementUrls"]["statusQueryGetUri"].startswith(f"{origin}{API}/instances/")

    instance_id = json.loads(post_json(server, f"{API}/orchestrators/Calls", "Ada").body)["id"]
    assert status(server, instance_id)[1]["output"] == "opened for Ada"
    assert server.post(f"{API}/entities/Counter/c1?op=add", b"2").status == 202
    assert json.loads(server.get(f"{API}/entities/Counter/c1").body) == 2
    for name in ("Calls", "Gate", "Counter"):
        assert server.wait_for(
            re.compile(rf"Executing 'Functions\.{name}' \(Reason='\(null\)', Id=[0-9a-f-]+\)")
        ), server.output
        assert server.wait_for(
            re.compile(rf"Executed 'Functions\.{name}' \(Succeeded, Id=[0-9a-f-]+, Duration=")
        ), server.output

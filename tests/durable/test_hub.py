"""The task hub and its HTTP API on their own, without the SDK: orchestrators written here
speak the out-of-process protocol by hand (history in, OrchestratorState out)."""

from __future__ import annotations

import asyncio
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.durable import DurableError, InstanceNotFoundError
from azure_functions_compat.host import App, load_app

ECHO = """\
import json


def main(context):
    body = json.loads(context.body)
    return json.dumps({"isDone": True, "output": json.loads(body["input"] or "null"),
                       "actions": []})
"""

# Waits for the event "Go", then returns its data.
WAITS = """\
import json


def main(context):
    body = json.loads(context.body)
    for event in body["history"]:
        if event["EventType"] == 15 and event["Name"] == "Go":
            return json.dumps({"isDone": True, "output": json.loads(event["Input"]),
                               "actions": [{"actionType": 6, "externalEventName": "Go"}]})
    return json.dumps({"isDone": False, "actions": [{"actionType": 6, "externalEventName": "Go"}]})
"""

# Sleeps on a timer (the input in seconds, else a day), then returns the time it woke.
SLEEPS = """\
import json
from datetime import datetime, timedelta


def main(context):
    body = json.loads(context.body)
    history = body["history"]
    seconds = json.loads(body["input"] or "86400")
    started = [e["Timestamp"] for e in history if e["EventType"] == 12]
    first = datetime.fromisoformat(started[0].replace("Z", "+00:00"))
    fire_at = (first + timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    timer = {"actionType": 5, "fireAt": fire_at, "isCanceled": False}
    if any(e["EventType"] == 11 for e in history):
        return json.dumps({"isDone": True, "output": started[-1], "actions": [timer]})
    return json.dumps({"isDone": False, "actions": [timer]})
"""

RAISES = """\
def main(context):
    raise RuntimeError("broken before any decision")
"""


def write_function(root: Path, name: str, code: str) -> None:
    folder = root / name
    folder.mkdir()
    (folder / "__init__.py").write_text(code, encoding="utf-8")
    binding = {"name": "context", "type": "orchestrationTrigger", "direction": "in"}
    (folder / "function.json").write_text(json.dumps({"bindings": [binding]}), encoding="utf-8")


@pytest.fixture
def app(tmp_path: Path) -> Any:
    (tmp_path / "host.json").write_text('{"version": "2.0"}', encoding="utf-8")
    for name, code in {"Echo": ECHO, "Waits": WAITS, "Sleeps": SLEEPS, "Raises": RAISES}.items():
        write_function(tmp_path, name, code)
    loaded = load_app(tmp_path)
    yield loaded
    loaded.durable.close()
    loaded.close()


def api(app: App, method: str, path: str, body: Any = None, **headers: str) -> tuple[int, Any]:
    path, _, query = path.partition("?")
    raw = b"" if body is None else json.dumps(body).encode()
    if body is not None:
        headers.setdefault("Content-Type", "application/json")
    status, _, content = app.durable.api.handle(method, path, query, headers, raw)
    return status, json.loads(content) if content else None


PREFIX = "/runtime/webhooks/durabletask"


def test_start_and_wait(app: App) -> None:
    status = app.durable.wait(app.durable.start("Echo", {"a": [1, 2]}))
    assert (status.runtime_status, status.output, status.input) == (
        "Completed",
        {"a": [1, 2]},
        {"a": [1, 2]},
    )


def test_orchestrator_names_are_case_insensitive(app: App) -> None:
    assert app.durable.wait(app.durable.start("echo", 1)).name == "Echo"


def test_unknown_orchestrator(app: App) -> None:
    with pytest.raises(DurableError, match="The function 'Nope' doesn't exist") as raised:
        app.durable.start("Nope")
    assert "known orchestrator functions: 'Echo'" in str(raised.value)
    status, body = api(app, "POST", f"{PREFIX}/orchestrators/Nope", 1)
    assert status == 400
    assert body["ExceptionMessage"].startswith("The function 'Nope' doesn't exist")


def test_input_json_cannot_hold_is_refused(app: App) -> None:
    with pytest.raises(ValueError, match=r"DurableHub\.start: input must be a JSON-serialisable"):
        app.durable.start("Echo", {1, 2})


def test_malformed_json_body_is_400(app: App) -> None:
    status, _, content = app.durable.api.handle(
        "POST", f"{PREFIX}/orchestrators/Echo", "", {}, b"{oops"
    )
    assert (status, json.loads(content)["Message"]) == (400, "Invalid JSON content")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/instances/missing"),
        ("POST", "/instances/missing/terminate"),
        ("POST", "/instances/missing/suspend"),
        ("POST", "/instances/missing/raiseEvent/Go"),
        ("DELETE", "/instances/missing"),
        ("GET", "/entities/counter/missing"),
    ],
)
def test_unknown_instance_is_404(app: App, method: str, path: str) -> None:
    assert api(app, method, PREFIX + path, 1 if method == "POST" else None)[0] == 404


def test_unknown_instance_in_the_python_api(app: App) -> None:
    with pytest.raises(InstanceNotFoundError, match="No instance with ID 'missing' found"):
        app.durable.status("missing")


def test_event_for_a_finished_instance_is_410(app: App) -> None:
    instance_id = app.durable.start("Echo", 1)
    app.durable.wait(instance_id)
    assert api(app, "POST", f"{PREFIX}/instances/{instance_id}/raiseEvent/Go", 1)[0] == 410
    assert api(app, "POST", f"{PREFIX}/instances/{instance_id}/terminate")[0] == 410
    with pytest.raises(DurableError) as raised:
        app.durable.raise_event(instance_id, "Go", 1)
    assert raised.value.status == 410


def test_event_must_be_json(app: App) -> None:
    instance_id = app.durable.start("Waits")
    status, _, content = app.durable.api.handle(
        "POST",
        f"{PREFIX}/instances/{instance_id}/raiseEvent/Go",
        "",
        {"Content-Type": "text/plain"},
        b"1",
    )
    assert status == 400
    assert json.loads(content)["Message"] == "Only application/json request content is supported"


def test_status_is_202_with_location_while_running_then_200(app: App) -> None:
    instance_id = app.durable.start("Waits")
    status, headers, content = app.durable.api.handle(
        "GET", f"{PREFIX}/instances/{instance_id}", "x=1", {"Host": "example:7071"}, b""
    )
    assert status == 202
    assert dict(headers)["Location"] == f"http://example:7071{PREFIX}/instances/{instance_id}?x=1"
    assert json.loads(content)["runtimeStatus"] == "Running"
    assert (
        api(app, "POST", f"{PREFIX}/instances/{instance_id}/raiseEvent/Go", {"ok": True})[0] == 202
    )
    status, body = api(app, "GET", f"{PREFIX}/instances/{instance_id}")
    assert (status, body["runtimeStatus"], body["output"]) == (200, "Completed", {"ok": True})


def test_failed_status_is_200_or_500_on_request(app: App) -> None:
    instance_id = app.durable.start("Raises")
    status = app.durable.wait(instance_id)
    assert status.runtime_status == "Failed"
    assert status.output == "Orchestrator function 'Raises' failed: broken before any decision"
    assert api(app, "GET", f"{PREFIX}/instances/{instance_id}")[0] == 200
    query = "returnInternalServerErrorOnFailure=true"
    assert api(app, "GET", f"{PREFIX}/instances/{instance_id}?{query}")[0] == 500


def test_virtual_timer_fires_at_once_and_moves_the_clock(app: App) -> None:
    instance_id = app.durable.start("Sleeps")
    status = app.durable.wait(instance_id, timeout=5)
    first = app.durable.history(instance_id)[0]["Timestamp"]
    assert status.runtime_status == "Completed"
    assert status.output[:10] > first[:10]  # a day later, on the hub's clock


def test_time_stands_still_until_someone_waits(app: App) -> None:
    instance_id = app.durable.start("Sleeps")
    app.durable.raise_event(instance_id, "Ignored", None)
    assert app.durable.status(instance_id).runtime_status in ("Pending", "Running")
    assert app.durable.wait(instance_id).runtime_status == "Completed"


def test_terminate_suspend_resume_purge(app: App) -> None:
    instance_id = app.durable.start("Waits")
    assert api(app, "POST", f"{PREFIX}/instances/{instance_id}/suspend?reason=x")[0] == 202
    assert app.durable.status(instance_id).runtime_status == "Suspended"
    assert api(app, "POST", f"{PREFIX}/instances/{instance_id}/resume?reason=y")[0] == 202
    assert api(app, "DELETE", f"{PREFIX}/instances/{instance_id}")[0] == 404  # still running
    assert api(app, "POST", f"{PREFIX}/instances/{instance_id}/terminate?reason=enough")[0] == 202
    status = app.durable.status(instance_id)
    assert (status.runtime_status, status.output) == ("Terminated", "enough")
    assert api(app, "DELETE", f"{PREFIX}/instances/{instance_id}") == (
        200,
        {"instancesDeleted": 1},
    )
    assert api(app, "GET", f"{PREFIX}/instances/{instance_id}")[0] == 404


def test_list_and_filter_instances(app: App) -> None:
    done = app.durable.start("Echo", 1, instance_id="batch-done")
    app.durable.wait(done)
    app.durable.start("Waits", instance_id="batch-waiting")
    status, body = api(
        app, "GET", f"{PREFIX}/instances/?instanceIdPrefix=batch-&runtimeStatus=Completed"
    )
    assert (status, [item["instanceId"] for item in body]) == (200, ["batch-done"])
    status, body = api(app, "GET", f"{PREFIX}/instances/?instanceIdPrefix=batch-")
    assert sorted(item["instanceId"] for item in body) == ["batch-done", "batch-waiting"]


def test_client_json_points_at_a_loopback_server_that_answers(app: App) -> None:
    payload = json.loads(app.durable.client_json())
    assert payload["taskHubName"] == "TestHubName"
    assert payload["rpcBaseUrl"].startswith("http://127.0.0.1:")
    instance_id = app.durable.start("Echo", "over http")
    with urllib.request.urlopen(f"{payload['rpcBaseUrl']}instances/{instance_id}") as answer:
        assert json.loads(answer.read())["output"] == "over http"
    management = payload["managementUrls"]
    assert management["id"] == "INSTANCEID"
    assert "/runtime/webhooks/durabletask/instances/INSTANCEID?" in management["statusQueryGetUri"]


def test_asgi_adapter(app: App) -> None:
    instance_id = app.durable.start("Echo", 5)
    app.durable.wait(instance_id)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": f"/durabletask/instances/{instance_id}",
        "query_string": b"",
        "headers": [(b"host", b"127.0.0.1")],
    }
    asyncio.run(app.durable.api.asgi()(scope, receive, send))
    assert sent[0]["status"] == 200
    assert json.loads(sent[1]["body"])["output"] == 5


def test_test_client_routes_webhook_urls_to_the_hub(app: App) -> None:
    instance_id = app.durable.start("Echo", "via client")
    with app.test_client() as client:
        response = client.get(f"http://anywhere{PREFIX}/instances/{instance_id}")
    assert (response.status_code, response.json()["output"]) == (200, "via client")


async def _asgi_call(
    application: Any,
    method: str,
    path: str,
    body: bytes = b"",
    query: bytes = b"",
    client: tuple[str, int] = ("127.0.0.1", 50000),
) -> tuple[int, Any]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    headers = [(b"host", b"127.0.0.1:7071")]
    if body:
        headers.append((b"content-type", b"application/json"))
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "headers": headers,
        "scheme": "http",
        "server": ("127.0.0.1", 7071),
        "client": client,
        "http_version": "1.1",
    }
    await application(scope, receive, send)
    start = next(message for message in sent if message["type"] == "http.response.start")
    content = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(content) if content else None


def test_serve_answers_the_api_and_runs_timers_on_the_wall_clock(app: App) -> None:
    from azure_functions_compat.serve.asgi import FunctionsASGI

    served = FunctionsASGI(app, triggers=False)

    async def scenario() -> tuple[Any, ...]:
        await served.startup()
        started = await _asgi_call(served, "POST", f"{PREFIX}/orchestrators/Echo", b'"served"')
        instance_id = started[1]["id"]
        done = await _asgi_call(served, "GET", f"{PREFIX}/instances/{instance_id}")
        await served.shutdown()
        return started[0], done

    started_status, (status, body) = asyncio.run(scenario())
    assert started_status == 202
    assert (status, body["output"]) == (200, "served")
    assert app.durable.clock == "real"


def test_real_clock_fires_timers_at_their_time(app: App) -> None:
    import time

    app.durable.clock = "real"
    start = time.monotonic()
    instance_id = app.durable.start("Sleeps", 0.3)
    assert app.durable.wait(instance_id, timeout=5).runtime_status == "Completed"
    assert time.monotonic() - start >= 0.25


def test_clock_must_be_virtual_or_real(app: App) -> None:
    with pytest.raises(ValueError, match="clock must be 'virtual' or 'real'"):
        app.durable.clock = "fast"


def test_status_query_on_the_real_clock_does_not_wait_for_a_far_timer(app: App) -> None:
    import time

    app.durable.clock = "real"
    instance_id = app.durable.start("Sleeps", 3600)
    start = time.monotonic()
    status, body = api(app, "GET", f"{PREFIX}/instances/{instance_id}")
    assert (status, body["runtimeStatus"]) == (202, "Running")
    assert time.monotonic() - start < 2
    app.durable.terminate(instance_id)


@pytest.mark.parametrize(("client", "answered"), [("127.0.0.1", True), ("192.0.2.7", False)])
def test_serve_answers_the_clients_rpc_path_for_loopback_callers_only(
    app: App, client: str, answered: bool
) -> None:
    from azure_functions_compat.serve.asgi import FunctionsASGI

    served = FunctionsASGI(app, triggers=False)

    async def scenario() -> tuple[int, Any]:
        await served.startup()
        try:
            return await _asgi_call(
                served, "POST", "/durabletask/orchestrators/Echo", b'"rpc"', client=(client, 1)
            )
        finally:
            await served.shutdown()

    status, body = asyncio.run(scenario())
    if answered:
        assert (status, sorted(body)[:2]) == (202, ["id", "purgeHistoryDeleteUri"])
    else:
        assert status == 404  # no function has that route

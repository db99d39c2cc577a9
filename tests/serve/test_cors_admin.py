"""CORS as Core Tools configures it, and the admin and webhook endpoints."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import ServeProcess

# tests/serve/serve_app: Host.CORS "http://allowed.example, https://other.example",
# Host.CORSCredentials true; serve_app runs with --master-key master-1.
MASTER = {"x-functions-key": "master-1"}


@pytest.mark.parametrize("origin", ["http://allowed.example", "https://other.example"])
def test_preflight_from_an_allowed_origin_is_answered_by_the_host(
    serve_app: ServeProcess, origin: str
) -> None:
    answer = serve_app.request(
        "OPTIONS",
        "/api/echo",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "x-custom, content-type",
        },
    )
    assert answer.status == 204
    assert answer.headers["access-control-allow-origin"] == origin
    assert answer.headers["access-control-allow-credentials"] == "true"
    assert answer.headers["access-control-allow-methods"] == "PUT"
    assert answer.headers["access-control-allow-headers"] == "x-custom, content-type"


def test_preflight_from_another_origin_gets_no_cors_headers(serve_app: ServeProcess) -> None:
    answer = serve_app.request(
        "OPTIONS",
        "/api/echo",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert answer.status == 204
    assert not [name for name in answer.headers if name.startswith("access-control-")]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("http://allowed.example", True), ("http://evil.example", False), (None, False)],
)
def test_simple_requests_carry_cors_headers_only_for_allowed_origins(
    serve_app: ServeProcess, origin: str | None, allowed: bool
) -> None:
    headers = {} if origin is None else {"Origin": origin}
    answer = serve_app.get("/api/echo?id=cors", headers=headers)
    assert answer.status == 200
    assert json.loads(answer.body)["id"] == "cors"
    if allowed:
        assert answer.headers["access-control-allow-origin"] == origin
        assert answer.headers["access-control-allow-credentials"] == "true"
        assert answer.headers["vary"] == "Origin"
    else:
        assert "access-control-allow-origin" not in answer.headers


def test_an_options_request_without_cors_configured_goes_to_the_function(
    seed: ServeProcess,
) -> None:
    # The seed app has no Host.CORS: its cors function takes OPTIONS itself.
    answer = seed.request(
        "OPTIONS",
        "/api/cors",
        headers={"Origin": "https://contoso.com", "Access-Control-Request-Method": "GET"},
    )
    assert answer.status == 200
    assert answer.headers["access-control-allow-origin"] == "https://contoso.com"


# --- admin endpoints ----------------------------------------------------------------------


def test_host_status_says_running(serve_app: ServeProcess) -> None:
    answer = serve_app.get("/admin/host/status", headers=MASTER)
    assert answer.status == 200
    status = json.loads(answer.body)
    assert status["state"] == "Running"
    assert "echo" in status["functions"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/admin/host/status"),
        ("POST", "/admin/functions/work"),
        ("POST", "/runtime/webhooks/eventgrid?functionName=grid"),
    ],
)
def test_admin_endpoints_need_the_master_key_when_keys_are_enforced(
    serve_app: ServeProcess, method: str, path: str
) -> None:
    assert serve_app.request(method, path, b"{}").status == 401
    assert serve_app.request(method, path, b"{}", {"x-functions-key": "fkey-1"}).status == 401


def test_admin_invoke_runs_a_non_http_function_and_answers_202(
    serve_app: ServeProcess,
) -> None:
    answer = serve_app.post(
        "/admin/functions/work?code=master-1", json.dumps({"input": "by-admin"}).encode()
    )
    assert answer.status == 202
    assert serve_app.wait_for(re.compile(r"work by-admin \(dequeue count 1\)")) is not None
    assert serve_app.wait_for(re.compile(r"Executed 'Functions\.work' \(Succeeded")) is not None


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/admin/functions/nothing", b'{"input": ""}', 404),
        ("/admin/functions/work", b"not json", 400),
        ("/admin/functions/work", b"[1]", 400),
    ],
)
def test_admin_invoke_refuses_unknown_functions_and_bad_bodies(
    serve_app: ServeProcess, path: str, body: bytes, status: int
) -> None:
    assert serve_app.post(path, body, headers=MASTER).status == status


def test_event_grid_subscription_validation_handshake(serve_app: ServeProcess) -> None:
    events = [
        {
            "id": "1",
            "topic": "/subscriptions/x",
            "subject": "",
            "eventType": "Microsoft.EventGrid.SubscriptionValidationEvent",
            "eventTime": "2026-01-01T00:00:00Z",
            "dataVersion": "1",
            "data": {"validationCode": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},
        }
    ]
    answer = serve_app.post(
        "/runtime/webhooks/eventgrid?functionName=grid",
        json.dumps(events).encode(),
        headers={**MASTER, "aeg-event-type": "SubscriptionValidation"},
    )
    assert answer.status == 200
    assert json.loads(answer.body) == {
        "validationResponse": "512d38b6-c7b8-40c8-89fe-f46f9e9622b6"
    }


def test_event_grid_notification_runs_the_function_once_per_event(
    serve_app: ServeProcess,
) -> None:
    events = [
        {
            "id": f"event-{number}",
            "topic": "/subscriptions/x",
            "subject": f"subject-{number}",
            "eventType": "Sample.Created",
            "eventTime": "2026-01-01T00:00:00Z",
            "dataVersion": "1",
            "data": {"n": number},
        }
        for number in range(2)
    ]
    answer = serve_app.post(
        "/runtime/webhooks/eventgrid?functionName=grid",
        json.dumps(events).encode(),
        headers={**MASTER, "aeg-event-type": "Notification"},
    )
    assert answer.status == 202
    for number in range(2):
        assert serve_app.wait_for(f"event event-{number}: subject-{number}") is not None


@pytest.mark.parametrize(
    ("query", "status"),
    [("", 400), ("?functionName=nothing", 404), ("?functionName=echo", 400)],
)
def test_event_grid_webhook_refuses_a_missing_unknown_or_wrong_function(
    serve_app: ServeProcess, query: str, status: int
) -> None:
    answer = serve_app.post(f"/runtime/webhooks/eventgrid{query}", b"[]", headers=MASTER)
    assert answer.status == status


def test_cloud_events_webhook_handshake_allows_the_origin(serve_app: ServeProcess) -> None:
    answer = serve_app.request(
        "OPTIONS",
        "/runtime/webhooks/eventgrid?functionName=grid",
        headers={**MASTER, "WebHook-Request-Origin": "eventgrid.azure.net"},
    )
    assert answer.status == 200
    assert answer.headers["webhook-allowed-origin"] == "eventgrid.azure.net"

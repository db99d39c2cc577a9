"""The admin and webhook endpoints Core Tools offers next to an app's HTTP functions.

* ``POST /admin/functions/{name}`` with ``{"input": ...}``: run a function that is not
  triggered by HTTP with that input as its trigger payload; 202 at once.
* ``GET /admin/host/status``: the host's state (``Running``), version and uptime.
* ``POST /runtime/webhooks/eventgrid?functionName=NAME``: Event Grid delivery, the
  subscription-validation handshake included (``aeg-event-type: SubscriptionValidation``);
  ``OPTIONS`` answers the CloudEvents webhook handshake (``WebHook-Request-Origin``).
* ``/runtime/webhooks/mcp``, in an app with MCP functions: 501 with a pointer to ``invoke``
  (Core Tools serves the MCP extension's endpoint there; this host does not).
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from ..host.app import InvocationResult
    from .asgi import FunctionsASGI, Scope

Headers = list[tuple[bytes, bytes]]
Answer = tuple[int, Optional[Any], Headers]

ADMIN_REASON = "This function was programmatically called via the host APIs."
EVENT_GRID_REASON = "EventGrid trigger fired at {}"


def _error(status: int, message: str) -> Answer:
    return status, {"error": message}, []


def _header(headers: list[tuple[str, str]], wanted: str) -> Optional[str]:
    for name, value in headers:
        if name.lower() == wanted:
            return value
    return None


async def dispatch(
    server: FunctionsASGI,
    scope: Scope,
    method: str,
    path: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Answer:
    """Answer one admin or webhook request: (status, JSON payload or None, extra headers)."""
    parts = [part for part in path.split("?")[0].split("/") if part]
    lowered = [part.lower() for part in parts]
    if lowered == ["admin", "host", "status"]:
        if method not in ("GET", "HEAD"):
            return 405, None, [(b"allow", b"GET")]
        return 200, _status(server), []
    if len(parts) == 3 and lowered[:2] == ["admin", "functions"]:
        if method != "POST":
            return 405, None, [(b"allow", b"POST")]
        return await _invoke(server, parts[2], body)
    if lowered == ["runtime", "webhooks", "eventgrid"]:
        return await _event_grid(server, scope, method, headers, body)
    if lowered[:3] == ["runtime", "webhooks", "mcp"] and _mcp_functions(server):
        # Core Tools serves the MCP extension's endpoint here; this host does not.
        return _error(
            501,
            "this host serves no MCP endpoint; run a tool, prompt or resource function with "
            "the invoke command, e.g. python -m azure_functions_compat invoke APP "
            f"{_mcp_functions(server)[0]} --data '{{\"arguments\": {{}}}}'",
        )
    for prefix, handler in server.app.mounts.items():
        if path.startswith(prefix):
            return await _mounted(handler, scope, method, path, headers, body)
    return 404, None, []


async def _mounted(
    handler: Any,
    scope: Scope,
    method: str,
    path: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Answer:
    """The answer of a handler the app mounted (the Durable HTTP API) as an admin answer."""
    from multidict import CIMultiDict

    query = scope.get("query_string", b"").decode("latin-1")
    status, answered, content = await asyncio.get_running_loop().run_in_executor(
        None, handler, method, path, query, CIMultiDict(headers), body
    )
    extra = [
        (name.lower().encode("latin-1"), value.encode("latin-1"))
        for name, value in answered
        if name.lower() != "content-type"
    ]
    return status, json.loads(content) if content else None, extra


def _mcp_functions(server: FunctionsASGI) -> list[str]:
    """The app's functions with an MCP trigger (tool, prompt or resource)."""
    return [
        name
        for name, metadata in server.app.functions.items()
        if metadata.trigger.type.lower().startswith("mcp")
    ]


def _status(server: FunctionsASGI) -> dict[str, Any]:
    from .. import __version__

    return {
        "id": f"azure-functions-compat-{id(server.app):x}",
        "state": "Running",
        "version": __version__,
        "versionDetails": f"azure-functions-compat {__version__}",
        "processUptime": round((time.monotonic() - server.started) * 1000),
        "functions": sorted(server.app.functions),
    }


def _function(server: FunctionsASGI, name: str) -> Any:
    functions = server.app.functions
    metadata = functions.get(name)
    if metadata is None:
        lowered = {key.lower(): value for key, value in functions.items()}
        metadata = lowered.get(name.lower())
    return metadata


async def _invoke(server: FunctionsASGI, name: str, body: bytes) -> Answer:
    metadata = _function(server, name)
    failed = server.app.load_errors.get(name)
    if failed is not None:
        # As in Azure, the admin API does not know a function that is in error.
        return _error(404, f"function {name!r} is in error: {failed}")
    if metadata is None or metadata.disabled:
        return _error(404, f"the app has no function {name!r}")
    try:
        request = json.loads(body.decode("utf-8")) if body.strip() else {}
    except (UnicodeDecodeError, ValueError):
        return _error(400, 'the body must be JSON like {"input": "..."}')
    if not isinstance(request, dict):
        return _error(400, 'the body must be JSON like {"input": "..."}')
    payload = request.get("input")
    if payload is not None and not isinstance(payload, str):
        payload = json.dumps(payload)
    if metadata.trigger.type.lower() == "blobtrigger" and payload:
        # As the host's admin API reads it: the input names the blob ("container/name"),
        # which must be in storage, and fires the trigger with that blob.
        start_invocation(server, metadata.name, None, ADMIN_REASON, blob_path=payload)
        return 202, None, []
    start_invocation(server, metadata.name, payload, ADMIN_REASON)
    return 202, None, []


def start_invocation(
    server: FunctionsASGI,
    name: str,
    payload: Any,
    reason: str,
    blob_path: Optional[str] = None,
) -> asyncio.Task[Optional[InvocationResult]]:
    """Run function ``name`` with ``payload`` in the background; its console block as usual."""

    def work() -> InvocationResult:
        return server.app.invoke(name, payload, blob_path=blob_path)

    async def run() -> Optional[InvocationResult]:
        try:
            return await server.run_invocation(
                work, lambda result: result, reason=reason, function_name=name
            )
        except (TypeError, ValueError) as exc:
            server.console.line(f"Functions.{name} could not run: {exc}", 40)
            return None

    return asyncio.ensure_future(run())


async def _event_grid(
    server: FunctionsASGI,
    scope: Scope,
    method: str,
    headers: list[tuple[str, str]],
    body: bytes,
) -> Answer:
    from urllib.parse import parse_qs

    if method == "OPTIONS":
        # The CloudEvents webhook handshake: allow the origin that asks.
        origin = _header(headers, "webhook-request-origin")
        if origin is None:
            return 400, None, []
        return 200, None, [(b"webhook-allowed-origin", origin.encode("latin-1"))]
    if method != "POST":
        return 405, None, [(b"allow", b"POST, OPTIONS")]
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    names = query.get("functionName") or query.get("functionname")
    if not names:
        return _error(400, "the query must name the function: ?functionName=NAME")
    metadata = _function(server, names[0])
    if metadata is None or metadata.disabled:
        return _error(404, f"the app has no function {names[0]!r}")
    if metadata.trigger.type.lower() != "eventgridtrigger":
        return _error(400, f"function {metadata.name!r} is not triggered by Event Grid")
    try:
        events = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return _error(400, "the body must be a JSON array of events")
    if isinstance(events, dict):
        events = [events]
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        return _error(400, "the body must be a JSON array of events")
    kind = (_header(headers, "aeg-event-type") or "Notification").lower()
    if kind == "subscriptionvalidation":
        for event in events:
            data = event.get("data")
            if isinstance(data, dict) and "validationCode" in data:
                return 200, {"validationResponse": data["validationCode"]}, []
        return _error(400, "a SubscriptionValidation event needs data.validationCode")
    if kind == "unsubscribe":
        return 202, None, []
    import datetime

    moment = datetime.datetime.now(datetime.timezone.utc).isoformat()
    tasks = [
        start_invocation(server, metadata.name, event, EVENT_GRID_REASON.format(moment))
        for event in events
    ]
    results = await asyncio.gather(*tasks)
    if all(result is not None and result.ok for result in results):
        return 202, None, []
    return _error(500, "the function failed for at least one event")


__all__ = ["dispatch", "start_invocation"]

"""The Durable HTTP API of a task hub, as one plain handler.

``DurableApi.handle(method, path, query, headers, body) -> (status, headers, body)`` answers
the paths of the Functions host's Durable HTTP API under ``/runtime/webhooks/durabletask/``
(the URLs a check-status response hands out) and the same paths under ``/durabletask/``
(the ``rpcBaseUrl`` the SDK's client calls). Any server can mount it: the loopback server
of :mod:`.server`, the test client (through ``App.mounts``), or an ASGI server
(:meth:`DurableApi.asgi`). Status codes and messages follow the Durable extension's.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, Callable, Optional
from urllib.parse import parse_qs, quote, unquote

from .hub import TERMINAL, DurableError, OrchestrationStatus

if TYPE_CHECKING:
    from .hub import DurableHub

WEBHOOK_PREFIX = "/runtime/webhooks/durabletask/"
RPC_PREFIX = "/durabletask/"
MOUNT_PREFIXES = (WEBHOOK_PREFIX, RPC_PREFIX)

Answer = tuple[int, list[tuple[str, str]], bytes]
_JSON = [("Content-Type", "application/json; charset=utf-8")]


def _json_answer(
    status: int, value: Any, headers: Optional[list[tuple[str, str]]] = None
) -> Answer:
    return status, [*_JSON, *(headers or [])], json.dumps(value).encode("utf-8")


def _empty(status: int) -> Answer:
    return status, [], b""


def _error(status: int, message: str, exception: Optional[str] = None) -> Answer:
    payload: dict[str, Any] = {"Message": message}
    if exception is not None:
        payload.update(
            ExceptionMessage=exception, ExceptionType="System.ArgumentException", StackTrace=None
        )
    return _json_answer(status, payload)


def _flag(query: Mapping[str, list[str]], name: str, default: bool) -> bool:
    values = query.get(name)
    if not values:
        return default
    return values[-1].strip().lower() == "true"


def _body_text(body: bytes) -> Optional[str]:
    """The JSON text of a request body's value, or None for no body.

    The SDK's client sends its inputs as a JSON string holding their JSON text; any other
    JSON value is that value. Raises ValueError when the body is not JSON.
    """
    text = body.decode("utf-8").strip()
    if not text:
        return None
    value = json.loads(text)
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return json.dumps(value)
        return value
    return json.dumps(value)


def _time(query: Mapping[str, list[str]], name: str) -> Optional[datetime]:
    from .history import parse_time

    values = query.get(name)
    return parse_time(values[-1]) if values else None


def _statuses(query: Mapping[str, list[str]]) -> Optional[list[str]]:
    values = query.get("runtimeStatus")
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


class DurableApi:
    """The Durable HTTP API of ``hub``: see the module's docstring."""

    def __init__(self, hub: DurableHub) -> None:
        self.hub = hub

    # --- URLs ----------------------------------------------------------------------------

    @staticmethod
    def client_payload(origin: str, hub_name: str) -> dict[str, Any]:
        """What the durableClient binding hands the SDK: hub name and API URLs."""
        base = f"{origin}{WEBHOOK_PREFIX}".rstrip("/")
        create = f"{base}/orchestrators/{{functionName}}[/{{instanceId}}]"
        return {
            "taskHubName": hub_name,
            "creationUrls": {
                "createNewInstancePostUri": create,
                "createAndWaitOnNewInstancePostUri": (
                    f"{create}?timeout={{timeoutInSeconds}}&pollingInterval={{intervalInSeconds}}"
                ),
            },
            "managementUrls": DurableApi.management_urls(base, "INSTANCEID", hub_name),
            "baseUrl": base,
            "requiredQueryStringParameters": f"taskHub={quote(hub_name)}&connection=Storage",
            "rpcBaseUrl": f"{origin}{RPC_PREFIX}",
        }

    @staticmethod
    def management_urls(base: str, instance_id: str, hub_name: str) -> dict[str, str]:
        """The check-status payload of one instance: its status, event, terminate ... URLs."""
        instance = f"{base}/instances/{quote(instance_id, safe='')}"
        suffix = f"taskHub={quote(hub_name)}&connection=Storage"
        return {
            "id": instance_id,
            "statusQueryGetUri": f"{instance}?{suffix}",
            "sendEventPostUri": f"{instance}/raiseEvent/{{eventName}}?{suffix}",
            "terminatePostUri": f"{instance}/terminate?reason={{text}}&{suffix}",
            "rewindPostUri": f"{instance}/rewind?reason={{text}}&{suffix}",
            "purgeHistoryDeleteUri": f"{instance}?{suffix}",
            "restartPostUri": f"{instance}/restart?{suffix}",
            "suspendPostUri": f"{instance}/suspend?reason={{text}}&{suffix}",
            "resumePostUri": f"{instance}/resume?reason={{text}}&{suffix}",
        }

    # --- the handler ---------------------------------------------------------------------

    def handle(
        self, method: str, path: str, query: str, headers: Mapping[str, str], body: bytes
    ) -> Answer:
        """Answer one request of the API; ``path`` starts with one of MOUNT_PREFIXES."""
        for prefix in MOUNT_PREFIXES:
            if path.startswith(prefix):
                rest = path[len(prefix) :]
                break
        else:
            return _empty(404)
        parts = [unquote(part) for part in rest.split("/")]
        if parts and parts[-1] == "":
            parts.pop()
        params = parse_qs(query, keep_blank_values=True)
        origin = f"http://{headers.get('Host', '127.0.0.1')}"
        try:
            return self._route(method.upper(), parts, params, headers, body, origin, path, query)
        except DurableError as exc:
            if exc.status == 404:
                return _empty(404)
            if exc.status == 410:
                return _empty(410)
            return _error(
                exc.status, "One or more of the arguments submitted is incorrect", str(exc)
            )
        except (ValueError, UnicodeDecodeError) as exc:
            return _error(400, "Invalid JSON content", str(exc))

    def _route(
        self,
        method: str,
        parts: list[str],
        params: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
        origin: str,
        path: str,
        query: str,
    ) -> Answer:
        hub = self.hub
        base = f"{origin}{WEBHOOK_PREFIX}".rstrip("/")
        if parts[:1] == ["orchestrators"] and len(parts) in (2, 3) and method == "POST":
            instance_id = hub.start_text(
                parts[1], _body_text(body), instance_id=parts[2] if len(parts) == 3 else None
            )
            timeout = params.get("timeout")
            if timeout:
                hub.settle(instance_id, timeout=float(timeout[-1]))
                status = hub.status(instance_id)
                if status.runtime_status in TERMINAL:
                    return _json_answer(
                        200 if status.runtime_status != "Failed" else 500,
                        status.output
                        if status.runtime_status == "Completed"
                        else status.to_json(),
                    )
            payload = self.management_urls(base, instance_id, hub.hub_name)
            return _json_answer(
                202,
                payload,
                [("Location", payload["statusQueryGetUri"]), ("Retry-After", "10")],
            )
        if parts[:1] == ["instances"]:
            return self._instances(method, parts[1:], params, headers, body, origin, path, query)
        if parts[:1] == ["entities"] and len(parts) == 3:
            name, key = parts[1], parts[2]
            if method == "GET":
                exists, state = hub.entity_state(name, key)
                return _json_answer(200, state) if exists else _empty(404)
            if method == "POST":
                operation = (params.get("op") or [""])[-1]
                hub.signal_entity_text(name, key, operation, _body_text(body))
                return _empty(202)
        return _empty(404)

    def _instances(
        self,
        method: str,
        parts: list[str],
        params: Mapping[str, list[str]],
        headers: Mapping[str, str],
        body: bytes,
        origin: str,
        path: str,
        query: str,
    ) -> Answer:
        hub = self.hub
        if not parts:
            created_from = _time(params, "createdTimeFrom")
            created_to = _time(params, "createdTimeTo")
            if method == "GET":
                prefixes = params.get("instanceIdPrefix")
                prefix = prefixes[-1] if prefixes else None
                found = hub.statuses(
                    runtime_status=_statuses(params),
                    created_from=created_from,
                    created_to=created_to,
                    prefix=prefix,
                    show_input=_flag(params, "showInput", False),
                )
                return _json_answer(200, [status.to_json() for status in found])
            if method == "DELETE":
                deleted = hub.purge_matching(
                    runtime_status=_statuses(params),
                    created_from=created_from,
                    created_to=created_to,
                )
                return _json_answer(200, {"instancesDeleted": deleted}) if deleted else _empty(404)
            return _empty(405)
        instance_id = parts[0]
        operation = parts[1] if len(parts) > 1 else None
        reason = (params.get("reason") or [""])[-1]
        if operation is None and method == "GET":
            hub.settle(instance_id, timeout=5.0)
            status = hub.status(
                instance_id,
                show_history=_flag(params, "showHistory", False),
                show_history_output=_flag(params, "showHistoryOutput", False),
                show_input=_flag(params, "showInput", True),
            )
            return self._status_answer(status, params, origin, path, query)
        if operation is None and method == "DELETE":
            deleted = hub.purge(instance_id)
            return _json_answer(200, {"instancesDeleted": deleted}) if deleted else _empty(404)
        if method != "POST":
            return _empty(
                405 if operation in ("raiseEvent", "terminate", "suspend", "resume") else 404
            )
        if operation == "raiseEvent" and len(parts) == 3:
            status = hub.status(instance_id)
            if status.runtime_status in TERMINAL:
                return _empty(410)
            content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type != "application/json":
                return _error(400, "Only application/json request content is supported")
            hub.raise_event_text(instance_id, parts[2], _body_text(body) or "null")
            return _empty(202)
        if operation == "terminate":
            hub.terminate(instance_id, reason)
            return _empty(202)
        if operation == "suspend":
            hub.suspend(instance_id, reason)
            return _empty(202)
        if operation == "resume":
            hub.resume(instance_id, reason)
            return _empty(202)
        if operation == "rewind" and len(parts) == 2:
            try:
                hub.rewind(instance_id, reason)
            except DurableError as exc:
                if exc.status == 404:
                    return _json_answer(
                        404, f'No orchestration with instance ID "{instance_id}" found.'
                    )
                if exc.status == 412:
                    return _json_answer(412, str(exc))
                raise
            return _empty(202)
        if operation == "restart" and len(parts) == 2:
            try:
                new_id = hub.restart(
                    instance_id, new_instance_id=_flag(params, "restartWithNewInstanceId", True)
                )
            except DurableError as exc:
                if exc.status == 404:
                    return _error(
                        400,
                        "InstanceId does not match a valid orchestration instance.",
                        f"An orchestration with the instanceId {instance_id} was not found.",
                    )
                if exc.status == 409:
                    return _error(
                        409,
                        "A non-terminal instance with this instance ID already exists.",
                        str(exc),
                    )
                raise
            base = f"{origin}{WEBHOOK_PREFIX}".rstrip("/")
            payload = self.management_urls(base, new_id, hub.hub_name)
            return _json_answer(
                202, payload, [("Location", payload["statusQueryGetUri"]), ("Retry-After", "10")]
            )
        return _empty(404)

    @staticmethod
    def _status_answer(
        status: OrchestrationStatus,
        params: Mapping[str, list[str]],
        origin: str,
        path: str,
        query: str,
    ) -> Answer:
        runtime = status.runtime_status
        if runtime in TERMINAL:
            code = (
                500
                if runtime == "Failed"
                and _flag(params, "returnInternalServerErrorOnFailure", False)
                else 200
            )
            return _json_answer(code, status.to_json())
        location = f"{origin}{path}?{query}" if query else f"{origin}{path}"
        return _json_answer(202, status.to_json(), [("Location", location), ("Retry-After", "5")])

    # --- ASGI ----------------------------------------------------------------------------

    def asgi(self) -> Callable[[Any, Any, Any], Awaitable[None]]:
        """An ASGI application answering the API (for an ASGI server to mount)."""
        handle = self.handle

        async def application(scope: Any, receive: Any, send: Any) -> None:
            if scope.get("type") != "http":
                return
            import asyncio

            from multidict import CIMultiDict

            body = b""
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
            headers: CIMultiDict[str] = CIMultiDict(
                (name.decode("latin-1"), value.decode("latin-1"))
                for name, value in scope.get("headers", [])
            )
            query = scope.get("query_string", b"").decode("latin-1")
            status, answer_headers, content = await asyncio.get_running_loop().run_in_executor(
                None, handle, scope["method"], scope["path"], query, headers, body
            )
            sent = [
                (name.lower().encode("latin-1"), value.encode("latin-1"))
                for name, value in answer_headers
            ]
            sent.append((b"content-length", str(len(content)).encode("ascii")))
            await send({"type": "http.response.start", "status": status, "headers": sent})
            await send({"type": "http.response.body", "body": content})

        return application


__all__ = ["MOUNT_PREFIXES", "RPC_PREFIX", "WEBHOOK_PREFIX", "DurableApi"]

"""Admin and webhook endpoints met by public apps: a blob trigger run through the admin API
gets the blob its input names ("input": "container/name"), as the Functions host reads it;
the MCP endpoint of Core Tools is answered with a pointer to ``invoke``."""

from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path
from typing import Any

from azure_functions_compat.host import load_app
from azure_functions_compat.serve.asgi import FunctionsASGI
from azure_functions_compat.serve.config import ServeConfig
from azure_functions_compat.serve.console import Console

BINDINGS = [
    {"name": "blob", "type": "blobTrigger", "direction": "in", "path": "inbox/{name}"},
    {"name": "copy", "type": "blob", "direction": "out", "path": "done/{name}"},
]
SOURCE = "def main(blob, copy):\n    copy.set(blob.read().upper())\n"


def write_app(root: Path) -> Path:
    (root / "Copy").mkdir(parents=True)
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "Copy" / "function.json").write_text(json.dumps({"bindings": BINDINGS}))
    (root / "Copy" / "__init__.py").write_text(SOURCE)
    return root


def _post(application: FunctionsASGI, path: str, body: bytes) -> int:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    async def run() -> None:
        scope = {
            "type": "http",
            "method": "POST",
            "path": path,
            "raw_path": path.encode(),
            "query_string": b"",
            "headers": [(b"host", b"localhost"), (b"content-type", b"application/json")],
        }
        await application(scope, receive, send)
        # The invocation runs in the background after the 202: let it finish.
        deadline = time.monotonic() + 10
        while application.app.storage.get_blob("done/a.txt") is None:
            if time.monotonic() > deadline or "could not run" in console.getvalue():
                break
            await asyncio.sleep(0.02)

    asyncio.run(run())
    return int(sent[0]["status"])


console = io.StringIO()


def test_a_blob_triggered_function_runs_with_the_blob_the_input_names(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app")
    app = load_app(root)
    app.storage.put_blob("inbox/a.txt", b"hello")
    application = FunctionsASGI(
        app, console=Console(20, console), config=ServeConfig.from_folder(str(root))
    )
    try:
        status = _post(
            application, "/admin/functions/Copy", json.dumps({"input": "inbox/a.txt"}).encode()
        )
        assert status == 202
        assert app.storage.get_blob("done/a.txt") == b"HELLO"
        assert app.storage.get_blob("inbox/name") is None  # the path is not taken as content
    finally:
        app.close()


MCP_BINDINGS = [{"name": "context", "type": "mcpToolTrigger", "direction": "in", "toolName": "hi"}]


def _answer(application: FunctionsASGI, path: str) -> tuple[int, bytes]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"{}", "more_body": False}

    async def send(message: Any) -> None:
        sent.append(dict(message))

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"host", b"localhost"), (b"content-type", b"application/json")],
    }
    asyncio.run(application(scope, receive, send))
    body = b"".join(message.get("body", b"") for message in sent[1:])
    return int(sent[0]["status"]), body


def test_the_mcp_endpoint_points_at_invoke_in_an_app_with_mcp_functions(tmp_path: Path) -> None:
    root = tmp_path / "app"
    (root / "Hi").mkdir(parents=True)
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "Hi" / "function.json").write_text(json.dumps({"bindings": MCP_BINDINGS}))
    (root / "Hi" / "__init__.py").write_text("def main(context: str) -> str:\n    return 'hi'\n")
    app = load_app(root)
    application = FunctionsASGI(
        app, console=Console(20, io.StringIO()), config=ServeConfig.from_folder(str(root))
    )
    try:
        status, body = _answer(application, "/runtime/webhooks/mcp")
        assert status == 501
        message = json.loads(body)["error"]
        assert "serves no MCP endpoint" in message
        assert "invoke APP Hi --data" in message
    finally:
        app.close()


def test_without_mcp_functions_the_mcp_path_is_not_found(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app")
    app = load_app(root)
    application = FunctionsASGI(
        app, console=Console(20, io.StringIO()), config=ServeConfig.from_folder(str(root))
    )
    try:
        assert _answer(application, "/runtime/webhooks/mcp")[0] == 404
    finally:
        app.close()

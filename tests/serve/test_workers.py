"""Several ``serve`` processes on one storage folder, and ``--reload``."""

from __future__ import annotations

import contextlib
import socket
import time
from pathlib import Path

from azure_functions_compat.host import FolderStorage

from .conftest import SERVE_APP, ServeProcess


def test_two_processes_on_one_storage_folder_run_each_queue_message_once(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "store"
    servers = [ServeProcess(SERVE_APP, "--storage", str(folder)) for _ in range(2)]
    try:
        store = FolderStorage(folder)
        bodies = [f"slow-{number}" for number in range(40)]
        for body in bodies:
            store.put_message("work", body)
        deadline = time.monotonic() + 20
        while store.messages("work") and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.messages("work") == []
        time.sleep(0.3)  # the last blocks reach the console
        outputs = [server.output for server in servers]
        for body in bodies:
            assert sum(output.count(f"work {body} ") for output in outputs) == 1, body
        # Both took part.
        assert all("work slow-" in output for output in outputs)
    finally:
        for server in servers:
            server.stop()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


APP = """
import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="version")
def version(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse("{}")
"""


def _text_when_up(server: ServeProcess, path: str, wanted: str, timeout: float = 20) -> str:
    """GET ``path`` until it answers ``wanted`` (the server may be restarting)."""
    deadline = time.monotonic() + timeout
    text = ""
    while text != wanted and time.monotonic() < deadline:
        with contextlib.suppress(OSError):  # not listening yet, or restarting
            text = server.get(path, timeout=2).text
        if text != wanted:
            time.sleep(0.1)
    return text


def test_reload_serves_the_new_code_after_a_file_changes(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "host.json").write_text('{"version": "2.0"}')
    (app / "function_app.py").write_text(APP.format("one"))
    port = str(_free_port())
    server = ServeProcess(app, "--reload", port=port)
    try:
        assert _text_when_up(server, "/api/version", "one") == "one"
        (app / "function_app.py").write_text(APP.format("two"))
        assert _text_when_up(server, "/api/version", "two") == "two"
    finally:
        assert server.stop() == 0

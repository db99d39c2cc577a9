"""serve's queue polling: back-off while idle, and no waiting for messages the app wrote itself.

Like the Functions host, a queue loop polls less often while its queue stays empty (up to
``maxPollingInterval``), but a message one of the app's own functions enqueues is picked up
at once rather than after the back-off. In process, on the in-memory store.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path

import pytest

from azure_functions_compat.host import load_app

pytest.importorskip("croniter", reason="needs the [serve] extra")

START = [{"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "start"}]
START += [{"name": "$return", "type": "queue", "direction": "out", "queueName": "work"}]
WORK = [{"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "work"}]
WORK += [{"name": "out", "type": "blob", "direction": "out", "path": "done/{queueTrigger}"}]


def test_a_message_the_app_enqueued_is_taken_without_waiting_out_the_back_off(
    tmp_path: Path,
) -> None:
    from azure_functions_compat.serve.asgi import FunctionsASGI
    from azure_functions_compat.serve.console import Console

    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    for name, bindings, source in (
        ("Start", START, "def main(msg: str) -> str:\n    return msg\n"),
        ("Work", WORK, "def main(msg: str, out):\n    out.set(msg)\n"),
    ):
        (tmp_path / name).mkdir()
        (tmp_path / name / "function.json").write_text(json.dumps({"bindings": bindings}))
        (tmp_path / name / "__init__.py").write_text(source)
    app = load_app(tmp_path)
    server = FunctionsASGI(app, console=Console(stream=io.StringIO()))

    async def run() -> float:
        await server.startup()
        try:
            # Idle for 3.2 seconds: the loops now sleep 3.2 seconds between polls.
            await asyncio.sleep(3.2)
            await server.run_invocation(
                lambda: app.invoke("Start", "job-1"),
                lambda result: result,
                reason="test",
                function_name="Start",
            )
            written = time.monotonic()
            while app.storage.get_blob("done/job-1") is None:
                assert time.monotonic() - written < 10, "the message was never taken"
                await asyncio.sleep(0.02)
            return time.monotonic() - written
        finally:
            await server.shutdown()

    waited = asyncio.run(run())
    assert waited < 1.5, f"took {waited:.2f}s: the loop waited out its back-off"

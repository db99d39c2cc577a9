"""Queue triggers against a real Azurite: claim, retry, poison, batches, encodings, bad input.

The same semantics as tests/host/test_queue_retry.py (memory and folder), through the Azure
Storage backend; the ``azurite`` fixture skips without Azurite (fails in CI, which requires
it). Each test uses queue and container names of its own.
"""

from __future__ import annotations

import asyncio
import base64
import io
import itertools
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Optional

import pytest

from azure_functions_compat.host import App, BindingError, load_app
from azure_functions_compat.host.queues import QueueOptions

from .conftest import write_app

pytest.importorskip("azure.storage.blob", reason="needs the [azure] extra")
pytest.importorskip("azure.storage.queue", reason="needs the [azure] extra")

_numbers = itertools.count()


@pytest.fixture
def name() -> str:
    """A queue or container name no other test of the session uses."""
    return f"q{next(_numbers)}-{int(time.time() * 1000) % 10**9}"


def _queue_client(connection: str, queue: str) -> Any:
    from azure.storage.queue import QueueClient

    return QueueClient.from_connection_string(connection, queue)


def _raw(connection: str, queue: str) -> list[str]:
    """The visible message texts as the service holds them (peeked, not decoded)."""
    client = _queue_client(connection, queue)
    return [message.content for message in client.peek_messages(max_messages=32)]


def _count(connection: str, queue: str) -> int:
    """Every message of the queue, visible or claimed."""
    properties = _queue_client(connection, queue).get_queue_properties()
    return int(properties.approximate_message_count)


def _app(
    tmp_path: Path,
    connection: str,
    queue: str,
    source: str,
    *,
    queues: Optional[dict[str, Any]] = None,
    extra: Optional[list[dict[str, Any]]] = None,
    settings: Optional[dict[str, str]] = None,
) -> App:
    trigger = {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": queue}
    host: dict[str, Any] = {"version": "2.0"}
    if queues is not None:
        host["extensions"] = {"queues": queues}
    root = write_app(
        tmp_path / f"app-{queue}",
        {"Work": ([trigger, *(extra or [])], source)},
        host=host,
        settings={"AzureWebJobsStorage": connection, **(settings or {})},
    )
    return load_app(root, storage="azure")


FAILING = """
import logging

def main(msg):
    logging.info("try %d of %s", msg.dequeue_count, msg.id)
    raise RuntimeError("no")
"""


def test_a_failing_message_is_retried_then_moved_to_the_poison_queue(
    tmp_path: Path, azurite: str, name: str
) -> None:
    with _app(tmp_path, azurite, name, FAILING, queues={"maxDequeueCount": 3}) as app:
        put = app.storage.put_message(name, "job \xe9")
        results = [app.invoke("Work") for _ in range(3)]
        assert all(isinstance(result.exception, RuntimeError) for result in results)
        tries = [result.logs[0].message for result in results]
        assert tries == [f"try {count} of {put.id}" for count in (1, 2, 3)]
        assert _count(azurite, name) == 0
        assert app.storage.messages(f"{name}-poison") == ["job \xe9".encode()]
        # Put back as it came: base64 of the original body, as the host's extension does.
        assert _raw(azurite, f"{name}-poison") == [base64.b64encode("job \xe9".encode()).decode()]
        assert results[-1].logs[-1].message == (
            f"Message has reached MaxDequeueCount of 3. Moving message to queue '{name}-poison'."
        )
        empty = app.invoke("Work")
    assert isinstance(empty.exception, BindingError)
    assert f"queue '{name}' has no message" in str(empty.exception)


def test_the_function_gets_the_services_id_count_times_and_receipt(
    tmp_path: Path, azurite: str, name: str
) -> None:
    source = """
        import azure.functions as func

        def main(msg: func.QueueMessage) -> str:
            return "|".join([
                msg.id, str(msg.dequeue_count), msg.pop_receipt,
                msg.insertion_time.isoformat(), msg.expiration_time.isoformat(),
                msg.time_next_visible.isoformat(),
            ])
    """
    extra = [{"name": "$return", "type": "queue", "direction": "out", "queueName": f"{name}-x"}]
    with _app(tmp_path, azurite, name, source, extra=extra) as app:
        put = app.storage.put_message(name, "hello")
        result = app.invoke("Work")
        assert result.ok, result.exception
    message_id, count, receipt, inserted, expires, visible = result.return_value.split("|")
    assert (message_id, count) == (put.id, "1")
    assert receipt  # the service's receipt of this claim
    assert (inserted, expires) == (put.insertion_time.isoformat(), put.expiration_time.isoformat())
    # The service hides the message for the claim while the function runs.
    claimed_for = (put.insertion_time.fromisoformat(visible) - put.insertion_time).total_seconds()
    assert 590 < claimed_for < 610


def test_the_message_stays_in_the_queue_until_the_function_succeeded(
    tmp_path: Path, azurite: str, name: str
) -> None:
    source = f"""
        import os
        from azure.storage.queue import QueueClient

        def main(msg) -> None:
            connection = os.environ["AzureWebJobsStorage"]
            client = QueueClient.from_connection_string(connection, "{name}")
            waiting = client.get_queue_properties().approximate_message_count
            if waiting != 1:
                raise RuntimeError(f"{{waiting}} messages in the queue while the function runs")
    """
    with _app(tmp_path, azurite, name, source) as app:
        app.storage.put_message(name, "x")
        result = app.invoke("Work")
        assert result.ok, result.exception
    assert _count(azurite, name) == 0


def test_a_failed_message_is_given_back_visible_after_the_visibility_timeout(
    tmp_path: Path, azurite: str, name: str
) -> None:
    queues = {"visibilityTimeout": "00:00:01"}
    with _app(tmp_path, azurite, name, FAILING, queues=queues) as app:
        app.storage.put_message(name, "later")
        assert isinstance(app.invoke("Work").exception, RuntimeError)
        assert _count(azurite, name) == 1
        assert isinstance(app.invoke("Work").exception, BindingError)  # not visible yet
        deadline = time.monotonic() + 10
        again = app.invoke("Work")
        while isinstance(again.exception, BindingError) and time.monotonic() < deadline:
            time.sleep(0.2)
            again = app.invoke("Work")
        assert again.logs[0].message.startswith("try 2 of ")


def test_a_process_that_dies_in_the_function_leaves_the_message_claimed(
    tmp_path: Path, azurite: str, name: str
) -> None:
    source = "import os\n\ndef main(msg):\n    os._exit(3)\n"
    with _app(tmp_path, azurite, name, source) as app:
        app.storage.put_message(name, "precious")
        root = app.root
    command = [sys.executable, "-m", "azure_functions_compat", "invoke", root, "Work"]
    done = subprocess.run(
        [*command, "--storage", azurite], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 3, done.stderr
    # Claimed (hidden) by the dead process, not deleted: visible again when the claim ends.
    assert (_count(azurite, name), _raw(azurite, name)) == (1, [])


@pytest.mark.parametrize("encoding", ["base64", "none"])
def test_message_encoding_decides_how_the_service_text_is_read_and_written(
    tmp_path: Path, azurite: str, name: str, encoding: str
) -> None:
    body = "caf\xe9 au lait"
    raw = base64.b64encode(body.encode()).decode() if encoding == "base64" else body
    source = "def main(msg) -> None:\n    raise ValueError(msg.get_body().decode())\n"
    queues = {"messageEncoding": encoding, "maxDequeueCount": 1}
    _queue_client(azurite, name).create_queue()
    _queue_client(azurite, name).send_message(raw)  # as another service would send it
    with _app(tmp_path, azurite, name, source, queues=queues) as app:
        result = app.invoke("Work")
    assert str(result.exception) == body
    # maxDequeueCount 1: straight to the poison queue, encoded the same way.
    assert _raw(azurite, f"{name}-poison") == [raw]


def test_with_encoding_none_base64_text_is_handed_over_as_it_is(
    tmp_path: Path, azurite: str, name: str
) -> None:
    source = "def main(msg) -> None:\n    raise ValueError(msg.get_body().decode())\n"
    _queue_client(azurite, name).create_queue()
    _queue_client(azurite, name).send_message("aGVsbG8=")
    queues = {"messageEncoding": "none"}
    with _app(tmp_path, azurite, name, source, queues=queues) as app:
        assert str(app.invoke("Work").exception) == "aGVsbG8="


ASYNC_COUNTING = """
import asyncio

RUNNING = [0]

async def main(msg, out) -> None:
    RUNNING[0] += 1
    out.set(str(RUNNING[0]))
    await asyncio.sleep(0.3)
    RUNNING[0] -= 1
"""


@pytest.mark.parametrize(("batch_size", "most"), [(1, 1), (2, 2), (4, 4)])
def test_serve_runs_at_most_batch_size_messages_at_once(
    tmp_path: Path, azurite: str, name: str, batch_size: int, most: int
) -> None:
    from azure_functions_compat.serve.asgi import FunctionsASGI
    from azure_functions_compat.serve.config import ServeConfig
    from azure_functions_compat.serve.console import Console

    extra = [
        {"name": "out", "type": "blob", "direction": "out", "path": f"{name}/{{queueTrigger}}"}
    ]
    app = _app(tmp_path, azurite, name, ASYNC_COUNTING, extra=extra)
    for number in range(4):
        app.storage.put_message(name, f"m{number}")
    options = QueueOptions(batch_size=batch_size, new_batch_threshold=0, max_polling_interval=0.2)
    server = FunctionsASGI(
        app, config=ServeConfig(queues=options), console=Console(stream=io.StringIO())
    )

    async def run() -> dict[str, bytes]:
        await server.startup()
        try:
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                done = await asyncio.get_running_loop().run_in_executor(
                    None, app.storage.blobs, f"{name}/"
                )
                if len(done) == 4:
                    return done
                await asyncio.sleep(0.1)
            return done
        finally:
            await server.shutdown()  # closes the app

    done = asyncio.run(run())
    assert len(done) == 4
    assert max(int(value) for value in done.values()) == most
    assert _count(azurite, name) == 0


# --- bad input -------------------------------------------------------------------------------


def test_a_queue_name_the_service_refuses_is_one_line_and_nothing_is_taken(
    tmp_path: Path, azurite: str, name: str
) -> None:
    trigger_queue = "%INBOX%"
    with _app(
        tmp_path,
        azurite,
        trigger_queue,
        "def main(msg):\n    pass\n",
        settings={"INBOX": "in_box"},
    ) as app:
        result = app.invoke("Work")
    text = str(result.exception)
    assert isinstance(result.exception, BindingError)
    assert text.startswith("Work/function.json: binding 'msg': ")
    assert "queue name must be 3 to 63 lower-case letters" in text
    assert "'in_box'" in text
    assert "\n" not in text


def test_a_blob_output_to_a_container_the_service_refuses_fails_and_keeps_the_message(
    tmp_path: Path, azurite: str, name: str
) -> None:
    extra = [{"name": "out", "type": "blob", "direction": "out", "path": "{queueTrigger}/x.txt"}]
    source = "def main(msg, out):\n    out.set('content')\n"
    with _app(tmp_path, azurite, name, source, extra=extra) as app:
        app.storage.put_message(name, "Not_A_Container")
        result = app.invoke("Work")
        assert isinstance(result.exception, BindingError)
        text = str(result.exception)
        assert "container name of 3 to 63 lower-case letters" in text
        assert "\n" not in text
        # The output failed, so the invocation failed: the message is there for a retry.
        assert _count(azurite, name) == 1
        assert app.invoke("Work").exception is not None
        [waiting] = app.storage.receive_messages(name)
        assert waiting.dequeue_count == 3


def test_a_blob_input_from_a_missing_container_is_none(
    tmp_path: Path, azurite: str, name: str
) -> None:
    extra = [
        {"name": "doc", "type": "blob", "direction": "in", "path": f"{name}-none/{{queueTrigger}}"}
    ]
    source = """
        from typing import Optional
        import azure.functions as func

        def main(msg: func.QueueMessage, doc: Optional[func.InputStream]) -> None:
            if doc is not None:
                raise RuntimeError("expected no blob")
    """
    with _app(tmp_path, azurite, name, source, extra=extra) as app:
        app.storage.put_message(name, "missing.txt")
        result = app.invoke("Work")
        assert result.ok, result.exception
    assert _count(azurite, name) == 0


def test_an_unreachable_account_fails_the_invocation_in_one_line(
    tmp_path: Path, name: str
) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    connection = (
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=AAAA;"
        f"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
        f"QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    )
    with _app(tmp_path, connection, name, "def main(msg):\n    pass\n") as app:
        result = app.invoke("Work")
    text = str(result.exception)
    assert isinstance(result.exception, BindingError)
    assert f"127.0.0.1:{port}" in text
    assert "cannot reach the service" in text
    assert "\n" not in text

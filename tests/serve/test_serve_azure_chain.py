"""``serve`` against a real Azurite: HTTP -> queue output -> queue trigger -> blob output.

A real ``serve`` process with ``--storage azure`` (the account in AzureWebJobsStorage); the
test posts to the HTTP function and reads the blob the chain wrote with the azure-storage-blob
SDK, as any other service sharing the account would. Needs the [serve] and [azure] extras
and Azurite (the ``azurite`` fixture skips without it, fails in CI).
"""

from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path
from typing import Any, Optional

import pytest

from .conftest import ServeProcess

pytest.importorskip("azure.storage.blob", reason="needs the [azure] extra")
pytest.importorskip("azure.storage.queue", reason="needs the [azure] extra")

FUNCTION_APP = """
import json

import azure.functions as func

app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)


@app.route(route="orders", methods=["POST"])
@app.queue_output(arg_name="msg", queue_name="%ORDERS%", connection="AzureWebJobsStorage")
def place_order(req: func.HttpRequest, msg: func.Out[str]) -> func.HttpResponse:
    msg.set(json.dumps(req.get_json()))
    return func.HttpResponse("queued", status_code=202)


@app.queue_trigger(arg_name="msg", queue_name="%ORDERS%", connection="AzureWebJobsStorage")
@app.blob_output(arg_name="receipt", path="%RECEIPTS%/{id}.txt", connection="AzureWebJobsStorage")
def fulfil_order(msg: func.QueueMessage, receipt: func.Out[str]) -> None:
    order = msg.get_json()
    if order.get("flaky") and msg.dequeue_count == 1:
        raise RuntimeError("the first delivery fails")
    receipt.set(f"{order['count']} x {order['item']} (delivery {msg.dequeue_count})")
"""


def _blob(connection: str, container: str, name: str) -> Optional[bytes]:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.storage.blob import BlobServiceClient

    client = BlobServiceClient.from_connection_string(connection).get_blob_client(container, name)
    try:
        content: bytes = client.download_blob().readall()
    except ResourceNotFoundError:
        return None
    return content


def _wait_for_blob(connection: str, container: str, name: str, seconds: float = 30.0) -> bytes:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        content = _blob(connection, container, name)
        if content is not None:
            return content
        time.sleep(0.2)
    raise AssertionError(f"no blob {container}/{name} within {seconds:g} seconds")


def _queue_count(connection: str, queue: str) -> int:
    from azure.core.exceptions import ResourceNotFoundError
    from azure.storage.queue import QueueClient

    client = QueueClient.from_connection_string(connection, queue)
    try:
        return int(client.get_queue_properties().approximate_message_count)
    except ResourceNotFoundError:
        return 0


@pytest.fixture
def chain_app(tmp_path: Path, azurite: str) -> tuple[Path, dict[str, Any]]:
    stamp = int(time.time() * 1000) % 10**9
    names = {"ORDERS": f"orders-{stamp}", "RECEIPTS": f"receipts-{stamp}"}
    queues = {"visibilityTimeout": "00:00:00", "maxPollingInterval": "00:00:00.500"}
    (tmp_path / "host.json").write_text(
        json.dumps({"version": "2.0", "extensions": {"queues": queues}})
    )
    values = {"FUNCTIONS_WORKER_RUNTIME": "python", "AzureWebJobsStorage": azurite, **names}
    (tmp_path / "local.settings.json").write_text(json.dumps({"Values": values}))
    (tmp_path / "function_app.py").write_text(textwrap.dedent(FUNCTION_APP))
    return tmp_path, names


def test_a_posted_order_reaches_azure_as_a_blob_through_queue_and_trigger(
    chain_app: tuple[Path, dict[str, Any]], azurite: str
) -> None:
    root, names = chain_app
    server = ServeProcess(root, "--storage", "azure")
    try:
        answer = server.post(
            "/api/orders",
            json.dumps({"id": "A17", "item": "tea", "count": 3}).encode(),
            headers={"Content-Type": "application/json"},
        )
        assert (answer.status, answer.text) == (202, "queued")
        flaky = {"id": "B2", "item": "cups", "count": 2, "flaky": True}
        answer = server.post("/api/orders", json.dumps(flaky).encode())
        assert answer.status == 202
        receipts = names["RECEIPTS"]
        assert _wait_for_blob(azurite, receipts, "A17.txt") == b"3 x tea (delivery 1)"
        # Failed once under serve, given back by the service, delivered again.
        assert _wait_for_blob(azurite, receipts, "B2.txt") == b"2 x cups (delivery 2)"
        deadline = time.monotonic() + 10
        while _queue_count(azurite, names["ORDERS"]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _queue_count(azurite, names["ORDERS"]) == 0
        assert _queue_count(azurite, names["ORDERS"] + "-poison") == 0
    finally:
        server.stop()
    assert "Executed 'Functions.fulfil_order' (Failed" in server.output

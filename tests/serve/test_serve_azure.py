"""``serve`` on Azure Storage (a real Azurite): two processes split one queue, each message once.

Needs the [serve] and [azure] extras and Azurite (the ``azurite`` fixture skips without it).
"""

from __future__ import annotations

import time

import pytest

from .conftest import SERVE_APP, ServeProcess

pytest.importorskip("azure.storage.queue", reason="needs the [azure] extra")


def test_two_serve_processes_on_one_azurite_run_each_queue_message_once(azurite: str) -> None:
    from azure_functions_compat.host.storage import AzureStorage

    store = AzureStorage(azurite)
    servers = [ServeProcess(SERVE_APP, "--storage", azurite) for _ in range(2)]
    try:
        bodies = [f"azure-{number}" for number in range(20)]
        for body in bodies:
            store.put_message("work", body)
        # The function stores each message as the blob done/<message id>, in Azure too.
        deadline = time.monotonic() + 30
        while len(store.blobs("done/")) < len(bodies) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(store.blobs("done/")) == len(bodies)
        assert store.messages("work") == []
        time.sleep(0.5)  # the last blocks reach the console
        outputs = [server.output for server in servers]
        for body in bodies:
            assert sum(output.count(f"work {body} ") for output in outputs) == 1, body
    finally:
        for server in servers:
            server.stop()

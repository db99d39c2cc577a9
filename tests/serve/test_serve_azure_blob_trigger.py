"""``serve`` on Azure Storage (a real Azurite): a polled blob trigger reads the blob and leaves
it as it was (same ETag, same Last-Modified), runs again when the blob is rewritten, and keeps
the blob's ETag as its receipt, as the Functions host does.

Needs the [serve] and [azure] extras and Azurite (the ``azurite`` fixture skips without it).
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest

from .conftest import ServeProcess

pytest.importorskip("azure.storage.blob", reason="needs the [azure] extra")


def test_a_polled_blob_trigger_leaves_the_blob_unchanged(tmp_path: Path, azurite: str) -> None:
    from azure.storage.blob import BlobServiceClient

    from azure_functions_compat.host.storage import AzureStorage

    container = f"serve-scan-{int(time.time() * 1000) % 10**9}"
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(
        textwrap.dedent(
            f"""
            import azure.functions as func

            app = func.FunctionApp()

            @app.blob_trigger(arg_name="blob", path="{container}/in/{{file}}", connection="")
            @app.queue_output(arg_name="seen", queue_name="{container}", connection="")
            def watch(blob: func.InputStream, seen: func.Out[str]) -> None:
                seen.set(blob.read().decode() + " " + blob.metadata["owner"])
            """
        )
    )
    store = AzureStorage(azurite)
    client = BlobServiceClient.from_connection_string(azurite).get_blob_client(
        container, "in/a.txt"
    )

    def runs(count: int) -> list[bytes]:
        deadline = time.monotonic() + 20
        while len(store.messages(container)) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return store.messages(container)

    store.put_blob(f"{container}/in/a.txt", "first", metadata={"owner": "ann"})
    before = client.get_blob_properties()
    server = ServeProcess(root, "--storage", azurite)
    try:
        assert runs(1) == [b"first ann"], server.output
        after = client.get_blob_properties()
        assert (after.etag, after.last_modified) == (before.etag, before.last_modified)
        assert after.metadata == {"owner": "ann"}
        receipt = f"azure-webjobs-hosts/blobreceipts/watch/{container}/in/a.txt"
        deadline = time.monotonic() + 10
        while store.get_blob(receipt) is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert store.get_blob(receipt) == before.etag.encode()
        time.sleep(1.5)  # more than a scan: an unchanged blob does not run again
        assert len(store.messages(container)) == 1
        store.put_blob(f"{container}/in/a.txt", "second", metadata={"owner": "bob"})
        assert runs(2) == [b"first ann", b"second bob"], server.output
    finally:
        server.stop()

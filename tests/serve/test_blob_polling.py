"""serve's blob trigger polling: receipts keyed by ETag, and the blob is read, never rewritten.

Like the Functions host, the scan lists the container's ETags (no download) and keeps a
receipt per blob holding the ETag it ran for; the function then gets the blob as stored, with
its metadata and properties, and the blob's ETag stays what it was. In process, on the
in-memory store, with a short scan interval.
"""

from __future__ import annotations

import asyncio
import io
import json
import time
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import load_app
from azure_functions_compat.host.storage import Storage

pytest.importorskip("croniter", reason="needs the [serve] extra")

BINDINGS = [
    {"name": "blob", "type": "blobTrigger", "direction": "in", "path": "inbox/{name}"},
    {"name": "seen", "type": "queue", "direction": "out", "queueName": "seen"},
]
SOURCE = """
import json

def main(blob, seen):
    seen.set(json.dumps({
        "name": blob.name,
        "body": blob.read().decode(),
        "metadata": blob.metadata,
        "etag": blob.blob_properties["ETag"],
    }))
"""
RECEIPT = "azure-webjobs-hosts/blobreceipts/watch/inbox/a.txt"


def _seen(store: Storage) -> list[dict[str, Any]]:
    return [json.loads(body) for body in store.messages("seen")]


async def _until(store: Storage, count: int, receipt: str) -> list[dict[str, Any]]:
    """The runs once there are ``count`` and the receipt (kept after a run) holds ``receipt``."""
    deadline = time.monotonic() + 10
    while len(store.messages("seen")) < count or store.get_blob(RECEIPT) != receipt.encode():
        assert time.monotonic() < deadline, f"{_seen(store)}, receipt {store.get_blob(RECEIPT)!r}"
        await asyncio.sleep(0.01)
    return _seen(store)


def test_a_polled_blob_is_read_as_stored_and_runs_again_only_when_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from azure_functions_compat.serve import triggers
    from azure_functions_compat.serve.asgi import FunctionsASGI
    from azure_functions_compat.serve.console import Console

    monkeypatch.setattr(triggers, "BLOB_SCAN_INTERVAL", 0.02)

    def no_download(self: Storage, prefix: str = "") -> dict[str, bytes]:
        raise AssertionError(f"the scan downloaded the blobs under {prefix!r}")

    monkeypatch.setattr(Storage, "blobs", no_download)
    (tmp_path / "host.json").write_text('{"version": "2.0"}')
    (tmp_path / "Watch").mkdir()
    (tmp_path / "Watch" / "function.json").write_text(json.dumps({"bindings": BINDINGS}))
    (tmp_path / "Watch" / "__init__.py").write_text(SOURCE)
    app = load_app(tmp_path)
    store = app.storage
    first = store.put_blob("inbox/a.txt", "first", metadata={"owner": "ann"})
    etag = first.properties["ETag"]
    server = FunctionsASGI(app, console=Console(stream=io.StringIO()))

    async def run() -> None:
        await server.startup()
        try:
            runs = await _until(store, 1, etag)
            assert runs == [
                {
                    "name": "inbox/a.txt",
                    "body": "first",
                    "metadata": {"owner": "ann"},
                    "etag": etag,
                }
            ]
            # The trigger did not write the blob: same ETag, metadata kept.
            blob = store.blob("inbox/a.txt")
            assert blob is not None
            assert (blob.etag, blob.metadata) == (first.etag, {"owner": "ann"})
            assert store.blob_etags("inbox/") == {"inbox/a.txt": etag}
            await asyncio.sleep(0.2)  # ten scans: an unchanged blob does not run again
            assert len(store.messages("seen")) == 1
            second = store.put_blob("inbox/a.txt", "second")
            runs = await _until(store, 2, second.properties["ETag"])
            assert runs[1]["body"] == "second"
            assert runs[1]["etag"] == second.properties["ETag"] != etag
            await asyncio.sleep(0.2)
            assert len(store.messages("seen")) == 2
        finally:
            await server.shutdown()

    asyncio.run(run())

"""``serve`` on Azurite hands a polled blob trigger the blob SDK type it is annotated with.

Needs the [serve] and [azure] extras, azurefunctions-extensions-bindings-blob and Azurite;
skips without them (fails instead with AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE=1, as in CI).
"""

from __future__ import annotations

import importlib.util
import os
import textwrap
import time
from pathlib import Path

import pytest

from .conftest import ServeProcess

PACKAGE = "azurefunctions-extensions-bindings-blob"


def _require_extension() -> None:
    try:
        found = all(
            importlib.util.find_spec(module) is not None
            for module in ("azure.storage.blob", "azurefunctions.extensions.bindings.blob")
        )
    except ImportError:
        found = False
    if found:
        return
    reason = f"needs the [azure] extra and {PACKAGE} (pip install {PACKAGE})"
    if os.environ.get("AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def test_serve_polls_the_container_and_hands_the_trigger_a_downloader(
    tmp_path: Path, azurite: str
) -> None:
    _require_extension()
    from azure_functions_compat.host.storage import AzureStorage

    container = f"serve-sdk-{int(time.time() * 1000) % 10**9}"
    root = tmp_path / "app"
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}')
    (root / "function_app.py").write_text(
        textwrap.dedent(
            f"""
            import azure.functions as func
            import azurefunctions.extensions.bindings.blob as blob

            app = func.FunctionApp()

            @app.blob_trigger(
                arg_name="download",
                path="{container}/in/{{file}}",
                connection="AzureWebJobsStorage",
            )
            @app.blob_output(
                arg_name="out", path="{container}/out/{{file}}", connection="AzureWebJobsStorage"
            )
            def shout(download: blob.StorageStreamDownloader, out: func.Out[bytes]) -> None:
                out.set(download.readall().upper() + b" " + download.name.encode())
            """
        )
    )
    store = AzureStorage(azurite)
    server = ServeProcess(root, "--storage", azurite)
    try:
        store.put_blob(f"{container}/in/a.txt", "polled")
        deadline = time.monotonic() + 20
        while store.get_blob(f"{container}/out/a.txt") is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert store.get_blob(f"{container}/out/a.txt") == b"POLLED in/a.txt", server.output
    finally:
        server.stop()

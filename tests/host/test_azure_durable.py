"""The Durable task hub keeps its instances in an Azure Storage account (Azurite here) as it
keeps them in a folder: a hub made later on the same account takes them up.

These tests skip when Node.js or Azurite is absent; CI installs Azurite and requires them.
"""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from azure_functions_compat.host import load_app
from azure_functions_compat.host.storage import AzureStorage

pytest.importorskip("azure.storage.blob", reason="needs the [azure] extra")

_numbers = itertools.count()


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    from durable.test_persistence import write_app

    root = write_app(tmp_path / "app")
    # A hub of its own: Azurite is shared by the whole session.
    hub = f"Hub{next(_numbers)}x{int(time.time() * 1000) % 10**9}"
    config = {"version": "2.0", "extensions": {"durableTask": {"hubName": hub}}}
    (root / "host.json").write_text(json.dumps(config), encoding="utf-8")
    return root


def test_an_instance_waiting_for_an_event_survives_a_restart(
    azurite: str, app_folder: Path
) -> None:
    first = load_app(app_folder, storage=azurite)
    try:
        assert isinstance(first.storage, AzureStorage)
        instance_id = first.durable.start("Waits", instance_id="order-1")
        first.durable.settle(instance_id)
        first.durable.signal_entity("Counter", "c", "add", 3)
        assert first.durable.entity_state("Counter", "c") == (True, 3)
        before = first.durable.status(instance_id, show_history=True, show_history_output=True)
    finally:
        first.durable.close()
        first.close()

    second = load_app(app_folder, storage=azurite)
    try:
        after = second.durable.status(instance_id, show_history=True, show_history_output=True)
        assert after.to_json() == before.to_json()
        assert second.durable.entity_state("Counter", "c") == (True, 3)
        second.durable.raise_event(instance_id, "Go", "approved")
        status = second.durable.wait(instance_id)
        assert (status.runtime_status, status.output) == ("Completed", "approved")
        assert second.durable.purge(instance_id) == 1
        container = f"durable-{second.durable.hub_name.lower()}"
        assert list(second.storage.blobs(f"{container}/instances/")) == []
    finally:
        second.durable.close()
        second.close()

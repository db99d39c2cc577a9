"""A task hub on a storage folder keeps its instances and entities there: a hub made later on
the same folder (the app loaded again, ``serve`` started again) takes them up where they were.
The orchestrators speak the out-of-process protocol by hand (see test_hub.py), so these tests
need no SDK.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.host import App, FolderStorage, load_app

from .test_hub import SLEEPS, WAITS, write_function

# Calls the activity "Gate" with its input, then returns what the activity answered.
CALLS = """\
import json


def main(context):
    body = json.loads(context.body)
    call = {"actionType": 0, "functionName": "Gate", "input": body["input"]}
    for event in body["history"]:
        if event["EventType"] == 5:
            return json.dumps({"isDone": True, "output": json.loads(event["Result"]),
                               "actions": [call]})
    return json.dumps({"isDone": False, "actions": [call]})
"""

# Waits until the file "open" is in the app's folder (up to 10 s), then greets its input.
GATE = """\
import os
import time

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main(name):
    deadline = time.monotonic() + 10
    while not os.path.exists(os.path.join(HERE, "open")) and time.monotonic() < deadline:
        time.sleep(0.01)
    with open(os.path.join(HERE, "runs.txt"), "a") as runs:
        runs.write(name + "\\n")
    return "opened for " + name
"""

# A counter entity: "add" adds its input to the state.
COUNTER = """\
import json


def main(context):
    body = json.loads(context.body)
    state = json.loads(body["state"]) if body["exists"] else 0
    results = []
    for operation in body["batch"]:
        state += json.loads(json.loads(operation["input"]))
        results.append({"isError": False, "result": json.dumps(state)})
    return json.dumps({"entityExists": True, "entityState": json.dumps(state),
                       "results": results, "signals": []})
"""


def write_app(root: Path) -> Path:
    root.mkdir()
    (root / "host.json").write_text('{"version": "2.0"}', encoding="utf-8")
    for name, code in {"Waits": WAITS, "Sleeps": SLEEPS, "Calls": CALLS}.items():
        write_function(root, name, code)
    for name, code, trigger in (
        ("Gate", GATE, "activityTrigger"),
        ("Counter", COUNTER, "entityTrigger"),
    ):
        folder = root / name
        folder.mkdir()
        (folder / "__init__.py").write_text(code, encoding="utf-8")
        binding = {"name": "name" if name == "Gate" else "context", "type": trigger}
        binding["direction"] = "in"
        (folder / "function.json").write_text(
            json.dumps({"bindings": [binding]}), encoding="utf-8"
        )
    return root


@pytest.fixture
def app_folder(tmp_path: Path) -> Path:
    return write_app(tmp_path / "app")


class Loaded:
    """Apps loaded on one storage folder, closed (hub and app) at the end of the test."""

    def __init__(self, app_folder: Path, storage: Path) -> None:
        self.app_folder = app_folder
        self.storage = storage
        self.apps: list[App] = []

    def __call__(self, storage: Any = None) -> App:
        app = load_app(self.app_folder, storage=str(storage or self.storage))
        self.apps.append(app)
        return app

    def close(self, app: App) -> None:
        app.durable.close()
        app.close()


@pytest.fixture
def loaded(app_folder: Path, tmp_path: Path) -> Any:
    opened = Loaded(app_folder, tmp_path / "storage")
    yield opened
    for app in opened.apps:
        opened.close(app)


def test_an_instance_waiting_for_an_event_survives_a_restart(loaded: Loaded) -> None:
    first = loaded()
    instance_id = first.durable.start("Waits", None, instance_id="order-1")
    first.durable.settle(instance_id)
    before = first.durable.status(instance_id, show_history=True, show_history_output=True)
    loaded.close(first)

    second = loaded()
    after = second.durable.status(instance_id, show_history=True, show_history_output=True)
    assert after.to_json() == before.to_json()
    assert after.runtime_status == "Running"
    second.durable.raise_event(instance_id, "Go", {"approved": True})
    status = second.durable.wait(instance_id)
    assert (status.runtime_status, status.output) == ("Completed", {"approved": True})


def test_an_event_raised_before_the_restart_is_not_lost(loaded: Loaded) -> None:
    first = loaded()
    instance_id = first.durable.start("Waits")
    first.durable.settle(instance_id)
    first.durable.suspend(instance_id)  # the event waits in the instance's inbox
    first.durable.raise_event(instance_id, "Go", "kept")
    loaded.close(first)

    second = loaded()
    assert second.durable.status(instance_id).runtime_status == "Suspended"
    second.durable.resume(instance_id)
    assert second.durable.wait(instance_id).output == "kept"


def test_a_pending_durable_timer_fires_after_a_restart(loaded: Loaded) -> None:
    first = loaded()
    first.durable.clock = "real"  # so the hour does not pass at once
    instance_id = first.durable.start("Sleeps", 3600)
    first.durable.settle(instance_id, timeout=0.3)
    assert first.durable.status(instance_id).runtime_status == "Running"
    loaded.close(first)

    second = loaded()
    status = second.durable.wait(instance_id)  # the virtual clock jumps to the timer
    assert status.runtime_status == "Completed"
    kinds = [event["EventType"] for event in second.durable.history(instance_id)]
    assert (kinds.count(10), kinds.count(11)) == (1, 1)  # the timer created once, fired once


def test_an_activity_running_when_the_process_ended_runs_again(
    loaded: Loaded, app_folder: Path, tmp_path: Path
) -> None:
    # The folder is copied while the activity runs: what a process killed then leaves.
    first = loaded()
    instance_id = first.durable.start("Calls", "Ada")
    copy = tmp_path / "copy"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        record = FolderStorage(loaded.storage).get_blob(
            f"durable-testhubname/instances/{instance_id}.json"
        )
        if record is not None and any(e["EventType"] == 4 for e in json.loads(record)["history"]):
            break
        time.sleep(0.01)
    shutil.copytree(loaded.storage, copy)
    (app_folder / "open").write_text("", encoding="utf-8")
    assert first.durable.wait(instance_id).output == "opened for Ada"

    second = loaded(copy)
    status = second.durable.wait(instance_id)
    assert (status.runtime_status, status.output) == ("Completed", "opened for Ada")
    assert (app_folder / "runs.txt").read_text(encoding="utf-8").split() == ["Ada", "Ada"]


def test_entity_state_and_queued_operations_survive_a_restart(loaded: Loaded) -> None:
    first = loaded()
    first.durable.signal_entity("Counter", "c1", "add", 5)
    assert first.durable.entity_state("Counter", "c1") == (True, 5)
    loaded.close(first)

    second = loaded()
    assert second.durable.entity_state("Counter", "c1") == (True, 5)
    second.durable.signal_entity("Counter", "c1", "add", 2)
    assert second.durable.entity_state("Counter", "c1") == (True, 7)


def test_a_finished_instance_reads_back_and_purge_removes_its_record(loaded: Loaded) -> None:
    first = loaded()
    instance_id = first.durable.start("Sleeps", 1)
    done = first.durable.wait(instance_id)
    loaded.close(first)

    second = loaded()
    assert second.durable.status(instance_id).to_json() == done.to_json()
    assert second.durable.purge(instance_id) == 1
    third = loaded()
    with pytest.raises(LookupError):
        third.durable.status(instance_id)


def test_records_are_blobs_of_the_hub_container(loaded: Loaded) -> None:
    first = loaded()
    first.durable.start("Waits", instance_id="a/b:c")
    first.durable.signal_entity("Counter", "k", "add", 1)
    first.durable.settle()
    assert sorted(FolderStorage(loaded.storage).blobs("durable-testhubname/")) == [
        "durable-testhubname/entities/@counter@k.json",
        "durable-testhubname/instances/a%2Fb%3Ac.json",
    ]
    loaded.close(first)
    assert loaded().durable.status("a/b:c").runtime_status == "Running"


def test_the_hub_name_of_host_json_names_the_container(loaded: Loaded, app_folder: Path) -> None:
    (app_folder / "host.json").write_text(
        '{"version": "2.0", "extensions": {"durableTask": {"hubName": "%HUB%"}}}',
        encoding="utf-8",
    )
    (app_folder / "local.settings.json").write_text(
        '{"Values": {"HUB": "Orders_Hub2"}}', encoding="utf-8"
    )
    app = loaded()
    assert app.durable.hub_name == "Orders_Hub2"
    app.durable.start("Waits", instance_id="x")
    assert list(FolderStorage(loaded.storage).blobs()) == ["durable-orders-hub2/instances/x.json"]


def test_an_unreadable_record_is_skipped_with_a_warning(loaded: Loaded) -> None:
    storage = FolderStorage(loaded.storage)
    storage.put_blob("durable-testhubname/instances/broken.json", "{not json")
    app = loaded()
    with pytest.warns(RuntimeWarning, match="instances/broken.json"):
        hub = app.durable
    assert hub.statuses() == []


def test_the_in_memory_default_writes_nothing(app_folder: Path) -> None:
    app = load_app(app_folder)
    try:
        app.durable.wait(app.durable.start("Sleeps", 1))
        assert app.storage.blobs() == {}
    finally:
        app.durable.close()
        app.close()


KEEPS_WRITING = """\
import sys
from azure_functions_compat.host import load_app

app = load_app(sys.argv[1], storage=sys.argv[2])
hub = app.durable
hub.start("Waits", instance_id="busy")
print("started", flush=True)
number = 0
while True:  # every event rewrites the whole record, until the process is killed
    number += 1
    hub.raise_event("busy", "Other", number)
"""


def test_a_process_killed_while_writing_leaves_every_record_readable(
    loaded: Loaded, app_folder: Path, tmp_path: Path
) -> None:
    import signal
    import subprocess
    import sys
    import warnings

    script = tmp_path / "keeps_writing.py"
    script.write_text(KEEPS_WRITING, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(app_folder), str(loaded.storage)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "started"
        time.sleep(0.3)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        if child.stdout is not None:
            child.stdout.close()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # no record is unreadable
        app = loaded()
        status = app.durable.status("busy", show_history=True)
    assert status.runtime_status == "Running"
    assert [event["EventType"] for event in status.history or []][:2] == [
        "OrchestratorStarted",
        "ExecutionStarted",
    ]
    app.durable.raise_event("busy", "Go", "after the crash")
    assert app.durable.wait("busy").output == "after the crash"

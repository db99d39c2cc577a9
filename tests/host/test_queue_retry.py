"""A queue trigger invoked without data follows the queue extension: claim, run, settle.

In memory and in a storage folder; tests/host/test_azure_queues.py runs the same against
Azurite. A failing function's message is given back (its dequeue count kept), so invoking
again is the retry; at ``maxDequeueCount`` it moves to ``<queue>-poison``.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, BindingError, InvocationResult, load_app
from azure_functions_compat.host.errors import AppLoadError
from azure_functions_compat.host.queues import CLAIM_SECONDS, poison_queue
from azure_functions_compat.host.storage import FolderStorage, Storage

from .conftest import QUEUE_TRIGGER, write_app

# Logs what the function saw (as JSON), then fails while the body says so.
SOURCE = """
import json
import logging
import azure.functions as func

def main(msg: func.QueueMessage) -> None:
    logging.info(json.dumps({
        "id": msg.id,
        "body": msg.get_body().decode(),
        "dequeue_count": msg.dequeue_count,
        "pop_receipt": msg.pop_receipt,
        "insertion_time": msg.insertion_time.isoformat(),
        "expiration_time": msg.expiration_time.isoformat(),
        "time_next_visible": msg.time_next_visible.isoformat(),
    }))
    if msg.get_body().startswith(b"fail"):
        raise RuntimeError(f"failed on try {msg.dequeue_count}")
"""

BACKENDS = ["memory", "folder"]


def _storage(kind: str, tmp_path: Path) -> Storage:
    return Storage() if kind == "memory" else FolderStorage(str(tmp_path / "store"))


@pytest.fixture(params=BACKENDS)
def make(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., App]]:
    """An app with one queue-triggered function ``Q`` on queue ``inbox``, on each backend."""
    apps: list[App] = []
    storage = _storage(request.param, tmp_path)

    def build(queues: Any = None, source: str = SOURCE) -> App:
        host: dict[str, Any] = {"version": "2.0"}
        if queues is not None:
            host["extensions"] = {"queues": queues}
        root = write_app(tmp_path / f"app{len(apps)}", {"Q": ([QUEUE_TRIGGER], source)}, host=host)
        app = load_app(root, storage=storage)
        apps.append(app)
        return app

    yield build
    for app in apps:
        app.close()


def seen(result: InvocationResult) -> dict[str, Any]:
    """What the function logged about its message."""
    found: dict[str, Any] = json.loads(result.logs[0].message)
    return found


def test_a_successful_function_deletes_its_message(make: Callable[..., App]) -> None:
    app = make()
    app.storage.put_message("inbox", "hello")
    result = app.invoke("Q")
    assert result.ok, result.exception
    assert app.storage.messages("inbox") == []


def test_the_message_carries_the_records_id_count_times_and_receipt(
    make: Callable[..., App],
) -> None:
    app = make()
    put = app.storage.put_message("inbox", b"payload")
    before = datetime.datetime.now(datetime.timezone.utc)
    result = app.invoke("Q")
    assert result.ok, result.exception
    message = seen(result)
    assert message["id"] == put.id
    assert message["body"] == "payload"
    assert message["dequeue_count"] == 1
    assert message["pop_receipt"]  # the claim's receipt, not made up
    assert message["insertion_time"] == put.insertion_time.isoformat()
    assert message["expiration_time"] == put.expiration_time.isoformat()
    # Hidden for the claim while the function runs.
    visible = datetime.datetime.fromisoformat(message["time_next_visible"])
    assert CLAIM_SECONDS - 5 < (visible - before).total_seconds() <= CLAIM_SECONDS + 1


def test_a_failing_function_leaves_its_message_and_a_second_invoke_is_the_retry(
    make: Callable[..., App],
) -> None:
    app = make()
    put = app.storage.put_message("inbox", "fail please")
    first = app.invoke("Q")
    assert isinstance(first.exception, RuntimeError)
    assert "try 1" in str(first.exception)
    assert app.storage.messages("inbox") == [b"fail please"]
    second = app.invoke("Q")
    assert "try 2" in str(second.exception)
    assert [seen(result)["id"] for result in (first, second)] == [put.id, put.id]
    assert [seen(result)["dequeue_count"] for result in (first, second)] == [1, 2]


def test_after_max_dequeue_count_the_message_moves_to_the_poison_queue(
    make: Callable[..., App],
) -> None:
    app = make({"maxDequeueCount": 3})
    app.storage.put_message("inbox", "fail \xe9")
    results = [app.invoke("Q") for _ in range(3)]
    assert all(isinstance(result.exception, RuntimeError) for result in results)
    assert app.storage.messages("inbox") == []
    assert app.storage.messages("inbox-poison") == ["fail \xe9".encode()]
    warnings = [entry.message for entry in results[-1].logs if entry.level == "WARNING"]
    assert warnings == [
        "Message has reached MaxDequeueCount of 3. Moving message to queue 'inbox-poison'."
    ]
    assert not any(entry.level == "WARNING" for entry in results[0].logs)
    nothing = app.invoke("Q")
    assert isinstance(nothing.exception, BindingError)
    assert "queue 'inbox' has no message" in str(nothing.exception)


def test_the_default_max_dequeue_count_is_five(make: Callable[..., App]) -> None:
    app = make()
    app.storage.put_message("inbox", "fail")
    for _ in range(4):
        app.invoke("Q")
    assert app.storage.messages("inbox") == [b"fail"]
    app.invoke("Q")
    assert app.storage.messages("inbox") == []
    assert app.storage.messages("inbox-poison") == [b"fail"]


def test_a_failed_message_stays_hidden_for_the_visibility_timeout(
    make: Callable[..., App],
) -> None:
    app = make({"visibilityTimeout": "00:01:00"})
    app.storage.put_message("inbox", "fail")
    assert not app.invoke("Q").ok
    again = app.invoke("Q")
    assert isinstance(again.exception, BindingError)
    assert "has no message" in str(again.exception)
    assert app.storage.messages("inbox") == [b"fail"]  # kept, not deleted
    waiting = app.storage.receive_messages("inbox")
    assert waiting == []


def test_a_binding_failure_after_the_function_ran_gives_the_message_back(
    make: Callable[..., App],
) -> None:
    # A return value without a $return binding fails the invocation, as in the host.
    app = make(source="def main(msg):\n    return 'no binding takes this'\n")
    app.storage.put_message("inbox", "kept")
    result = app.invoke("Q")
    assert isinstance(result.exception, BindingError)
    assert app.storage.messages("inbox") == [b"kept"]


def test_explicit_data_does_not_touch_the_queue(make: Callable[..., App]) -> None:
    app = make()
    app.storage.put_message("inbox", "waiting")
    result = app.invoke("Q", "fail: given")
    assert isinstance(result.exception, RuntimeError)
    assert (seen(result)["body"], seen(result)["dequeue_count"]) == ("fail: given", 1)
    assert app.storage.messages("inbox") == [b"waiting"]
    assert app.storage.messages("inbox-poison") == []


def test_a_queue_name_from_an_app_setting_is_claimed_from(tmp_path: Path) -> None:
    trigger = {**QUEUE_TRIGGER, "queueName": "%INBOX%"}
    root = write_app(
        tmp_path / "app",
        {"Q": ([trigger], "def main(msg):\n    raise RuntimeError('x')\n")},
        settings={"INBOX": "Orders"},
    )
    with load_app(root) as app:
        app.storage.put_message("orders", "one")
        assert isinstance(app.invoke("Q").exception, RuntimeError)
        assert app.storage.receive_messages("orders")[0].dequeue_count == 2


def test_a_malformed_queue_option_is_one_line_naming_the_field(tmp_path: Path) -> None:
    root = write_app(
        tmp_path / "app",
        {"Q": ([QUEUE_TRIGGER], "def main(msg):\n    pass\n")},
        host={"version": "2.0", "extensions": {"queues": {"maxDequeueCount": 0}}},
    )
    with load_app(root) as app:
        app.storage.put_message("inbox", "one")
        with pytest.raises(AppLoadError) as caught:
            app.invoke("Q")
    assert str(caught.value) == (
        "host.json: extensions.queues.maxDequeueCount must be a whole number from 1 to 1000, got 0"
    )


@pytest.mark.parametrize(
    ("queue", "poison"),
    [
        ("inbox", "inbox-poison"),
        ("q" * 63, "q" * 56 + "-poison"),
        ("a" * 55 + "-bcdefg", "a" * 55 + "-poison"),
    ],
)
def test_poison_queue_names_stay_within_63_characters(queue: str, poison: str) -> None:
    assert poison_queue(queue) == poison
    assert len(poison_queue(queue)) <= 63


def _invoke_command(root: Path, store: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "azure_functions_compat", "invoke", str(root), "Q"]
    return subprocess.run(
        [*command, "--storage", str(store), "--json"], capture_output=True, text=True, timeout=60
    )


def test_the_invoke_command_retries_a_folder_message_one_run_at_a_time(tmp_path: Path) -> None:
    source = (
        "import logging\n\ndef main(msg):\n"
        "    logging.info('try %d', msg.dequeue_count)\n"
        "    raise RuntimeError('no')\n"
    )
    root = write_app(
        tmp_path / "app",
        {"Q": ([QUEUE_TRIGGER], source)},
        host={"version": "2.0", "extensions": {"queues": {"maxDequeueCount": 2}}},
    )
    store = tmp_path / "store"
    FolderStorage(str(store)).put_message("inbox", "job")
    first = _invoke_command(root, store)
    assert first.returncode != 0
    assert "try 1" in first.stdout
    assert FolderStorage(str(store)).messages("inbox") == [b"job"]
    second = _invoke_command(root, store)
    logs = json.loads(second.stdout)["logs"]
    assert [entry["message"] for entry in logs] == [
        "try 2",
        "Message has reached MaxDequeueCount of 2. Moving message to queue 'inbox-poison'.",
    ]
    assert FolderStorage(str(store)).queues() == {"inbox-poison": [b"job"]}


def test_a_process_that_dies_in_the_function_does_not_lose_the_message(tmp_path: Path) -> None:
    source = "import os\n\ndef main(msg):\n    os._exit(3)\n"
    root = write_app(tmp_path / "app", {"Q": ([QUEUE_TRIGGER], source)})
    store = tmp_path / "store"
    FolderStorage(str(store)).put_message("inbox", "precious")
    done = _invoke_command(root, store)
    assert done.returncode == 3
    # Claimed until the claim runs out, then visible again: never deleted.
    assert FolderStorage(str(store)).messages("inbox") == [b"precious"]


def test_ctrl_c_in_the_function_gives_the_message_back_at_once(
    make: Callable[..., App],
) -> None:
    app = make(
        {"visibilityTimeout": "00:05:00"}, source="def main(msg):\n    raise KeyboardInterrupt\n"
    )
    app.storage.put_message("inbox", "interrupted")
    with pytest.raises(KeyboardInterrupt):
        app.invoke("Q")
    # Not deleted, not held for the claim or the retry delay: the next receive gets it.
    [again] = app.storage.receive_messages("inbox")
    assert (again.body, again.dequeue_count) == (b"interrupted", 2)

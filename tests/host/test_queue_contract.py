"""The queue contract of host storage, for the in-memory and the folder backend alike.

Receive claims messages (visibility timeout, pop receipt, dequeue count); only the current
receipt deletes or releases; an expired claim makes the message visible again. A folder is
shared safely by threads and by processes: no message lost, none received twice.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import FolderStorage, Storage
from azure_functions_compat.host.storage import QueuedMessage

SHORT = 0.2  # a visibility timeout the tests wait out


@pytest.fixture(params=["memory", "folder"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    return Storage() if request.param == "memory" else FolderStorage(tmp_path / "store")


def test_put_returns_the_record_of_a_message_nobody_has_received(store: Storage) -> None:
    message = store.put_message("work", "hello")
    assert isinstance(message, QueuedMessage)
    assert (message.body, message.dequeue_count, message.pop_receipt) == (b"hello", 0, "")
    assert message.insertion_time.tzinfo is not None
    assert message.next_visible_time == message.insertion_time
    assert (message.expiration_time - message.insertion_time).days == 7


def test_message_ids_are_unique(store: Storage) -> None:
    ids = {store.put_message("work", b"x").id for _ in range(200)}
    assert len(ids) == 200


def test_a_queued_message_is_read_only(store: Storage) -> None:
    message = store.put_message("work", b"x")
    with pytest.raises(AttributeError):
        message.dequeue_count = 5  # type: ignore[misc]


def test_receive_claims_the_oldest_messages_with_a_fresh_receipt(store: Storage) -> None:
    put = [store.put_message("work", body) for body in (b"one", b"two", b"three")]
    got = store.receive_messages("work", max_messages=2)
    assert [(m.id, m.body, m.dequeue_count) for m in got] == [
        (put[0].id, b"one", 1),
        (put[1].id, b"two", 1),
    ]
    assert all(m.pop_receipt for m in got)
    assert got[0].next_visible_time > got[0].insertion_time


def test_a_claimed_message_is_invisible_but_still_waiting(store: Storage) -> None:
    store.put_message("work", b"one")
    [claimed] = store.receive_messages("work")
    assert store.receive_messages("work") == []
    assert store.pop_message("work") is None
    assert store.messages("work") == [b"one"]
    assert store.queues() == {"work": [b"one"]}
    assert claimed.body == b"one"


def test_only_the_current_receipt_deletes(store: Storage) -> None:
    store.put_message("work", b"one")
    [claimed] = store.receive_messages("work")
    assert not store.delete_message("work", claimed.id, "not-the-receipt")
    assert not store.delete_message("work", "no-such-id", claimed.pop_receipt)
    assert store.delete_message("work", claimed.id, claimed.pop_receipt)
    assert not store.delete_message("work", claimed.id, claimed.pop_receipt)
    assert store.messages("work") == []


def test_release_makes_the_message_visible_again_with_its_dequeue_count(
    store: Storage,
) -> None:
    store.put_message("work", b"one")
    [first] = store.receive_messages("work")
    assert store.release_message("work", first.id, first.pop_receipt)
    assert not store.release_message("work", first.id, first.pop_receipt)  # receipt spent
    [second] = store.receive_messages("work")
    assert (second.id, second.dequeue_count) == (first.id, 2)
    assert second.pop_receipt != first.pop_receipt
    assert not store.delete_message("work", first.id, first.pop_receipt)


def test_release_with_a_delay_keeps_the_message_hidden_until_then(store: Storage) -> None:
    store.put_message("work", b"one")
    [first] = store.receive_messages("work")
    assert store.release_message("work", first.id, first.pop_receipt, visibility_timeout=SHORT)
    assert store.receive_messages("work") == []
    time.sleep(SHORT + 0.05)
    [second] = store.receive_messages("work")
    assert second.dequeue_count == 2


def test_an_expired_claim_makes_the_message_visible_again(store: Storage) -> None:
    store.put_message("work", b"one")
    [first] = store.receive_messages("work", visibility_timeout=SHORT)
    time.sleep(SHORT + 0.05)
    [second] = store.receive_messages("work")
    assert (second.id, second.body, second.dequeue_count) == (first.id, b"one", 2)
    # The first consumer's claim is gone: it can neither delete nor release the message.
    assert not store.delete_message("work", first.id, first.pop_receipt)
    assert not store.release_message("work", first.id, first.pop_receipt)
    assert store.delete_message("work", second.id, second.pop_receipt)


def test_an_expired_claim_not_yet_taken_again_can_still_be_deleted(store: Storage) -> None:
    # As in Azure: a receipt stays valid until the message is received again.
    store.put_message("work", b"one")
    [first] = store.receive_messages("work", visibility_timeout=0)
    assert store.delete_message("work", first.id, first.pop_receipt)
    assert store.receive_messages("work") == []


def test_pop_message_takes_visible_messages_oldest_first(store: Storage) -> None:
    for body in (b"one", b"two", b"three"):
        store.put_message("work", body)
    [claimed] = store.receive_messages("work")
    assert [store.pop_message("work"), store.pop_message("work")] == [b"two", b"three"]
    assert store.pop_message("work") is None
    assert store.messages("work") == [claimed.body]


def test_an_empty_or_unknown_queue_gives_nothing(store: Storage) -> None:
    assert store.receive_messages("none", max_messages=5) == []
    assert store.pop_message("none") is None
    assert not store.delete_message("none", "x", "y")
    assert not store.release_message("none", "x", "y")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda s: s.receive_messages("work", max_messages=0), ValueError, "max_messages"),
        (lambda s: s.receive_messages("work", max_messages=True), TypeError, "max_messages"),
        (lambda s: s.receive_messages("work", visibility_timeout=-1), ValueError, "visibility"),
        (
            lambda s: s.receive_messages("work", visibility_timeout=float("nan")),
            ValueError,
            "visibility_timeout",
        ),
        (lambda s: s.receive_messages("work", visibility_timeout="1"), TypeError, "visibility"),
        (lambda s: s.receive_messages("Bad_Queue"), ValueError, "queue name"),
        (lambda s: s.delete_message("work", 1, "r"), TypeError, "message_id"),
        (lambda s: s.delete_message("work", "i", None), TypeError, "pop_receipt"),
        (
            lambda s: s.release_message("work", "i", "r", visibility_timeout=1e9),
            ValueError,
            "visibility_timeout",
        ),
        (lambda s: s.put_message("work", "\ud800"), ValueError, "body"),
        (lambda s: s.put_blob("ccc/a", b"x", metadata=5), TypeError, "metadata must be a dict"),
        (
            lambda s: s.put_blob("ccc/a", b"x", metadata={"k": 1}),
            TypeError,
            r"metadata\['k'\]",
        ),
    ],
)
def test_bad_arguments_are_clear_errors(
    store: Storage, call: Callable[[Storage], Any], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        call(store)


def test_memory_storage_keeps_blob_metadata() -> None:
    store = Storage()
    store.put_blob("ccc/a", b"x", metadata={"author": "ada"})
    blob = store.blob("ccc/a")
    assert blob is not None
    assert blob.metadata == {"author": "ada"}


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX root")
def test_folder_storage_at_the_file_system_root_is_usable() -> None:
    # Used to refuse every path: the root check wanted "/" + "/" as a prefix.
    store = FolderStorage("/")
    assert store.get_blob("no-such-container/no-such-blob") is None
    assert store.messages("no-such-queue-here") == []
    assert store.root == "/"


# --- Several FolderStorage objects, threads and processes on one folder -----------------


def test_a_claim_holds_across_folder_storage_objects(tmp_path: Path) -> None:
    first, second = FolderStorage(tmp_path), FolderStorage(tmp_path)
    first.put_message("work", b"one")
    [claimed] = first.receive_messages("work", visibility_timeout=SHORT)
    assert second.receive_messages("work") == []
    assert second.messages("work") == [b"one"]
    time.sleep(SHORT + 0.05)
    [again] = second.receive_messages("work")
    assert (again.id, again.dequeue_count) == (claimed.id, 2)
    assert not first.delete_message("work", claimed.id, claimed.pop_receipt)
    assert second.delete_message("work", again.id, again.pop_receipt)


def test_messages_released_elsewhere_are_seen_after_the_known_ones(tmp_path: Path) -> None:
    first, second = FolderStorage(tmp_path), FolderStorage(tmp_path)
    for body in (b"one", b"two"):
        first.put_message("work", body)
    [taken] = first.receive_messages("work")
    assert second.release_message("work", taken.id, taken.pop_receipt)
    assert sorted(m.body for m in first.receive_messages("work", max_messages=5)) == [
        b"one",
        b"two",
    ]


def test_threads_sharing_a_folder_lose_no_message_and_take_none_twice(tmp_path: Path) -> None:
    threads, per_thread = 4, 150
    shared = FolderStorage(tmp_path)

    def produce(index: int) -> None:
        # Half the threads share one object, half bring their own.
        store = shared if index % 2 else FolderStorage(tmp_path)
        for number in range(per_thread):
            store.put_message("work", f"{index}-{number}")

    received: list[bytes] = []
    lock = threading.Lock()

    def consume(index: int) -> None:
        store = shared if index % 2 else FolderStorage(tmp_path)
        while True:
            got = store.receive_messages("work", max_messages=3, visibility_timeout=60)
            if not got:
                return
            for message in got:
                assert store.delete_message("work", message.id, message.pop_receipt)
            with lock:
                received.extend(message.body for message in got)

    for job in (produce, consume):
        workers = [threading.Thread(target=job, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        if job is produce:
            assert len(shared.messages("work")) == threads * per_thread
    expected = {f"{i}-{n}".encode() for i in range(threads) for n in range(per_thread)}
    assert Counter(received) == Counter(expected)


_WORKER = """
import json, sys
from azure_functions_compat.host import FolderStorage
root, role, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
store = FolderStorage(root)
if role == "put":
    for number in range(count):
        store.put_message("work", f"{sys.argv[4]}-{number}")
elif role == "claim-and-crash":
    got = store.receive_messages("work", visibility_timeout=float(sys.argv[4]))
    print(json.dumps([m.id for m in got]))
else:
    ids, bodies = [], []
    while True:
        got = store.receive_messages("work", max_messages=count, visibility_timeout=60)
        if not got:
            break
        for message in got:
            ids.append(message.id)
            bodies.append(message.body.decode())
            assert store.delete_message("work", message.id, message.pop_receipt)
    print(json.dumps({"ids": ids, "bodies": bodies}))
"""


def _run_all(commands: list[list[str]]) -> list[str]:
    """Start every command at once, wait for all; their outputs."""
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command in commands
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        outputs.append(out)
    return outputs


def test_processes_sharing_a_folder_lose_no_message_and_take_none_twice(
    tmp_path: Path,
) -> None:
    producers, per_producer = 3, 200
    root = str(tmp_path)
    _run_all([[root, "put", str(per_producer), f"p{n}"] for n in range(producers)])
    assert len(FolderStorage(root).messages("work")) == producers * per_producer
    results = [json.loads(out) for out in _run_all([[root, "take", "4"] for _ in range(3)])]
    ids = [message_id for result in results for message_id in result["ids"]]
    bodies = [body for result in results for body in result["bodies"]]
    assert len(ids) == len(set(ids)) == producers * per_producer
    expected = {f"p{p}-{n}" for p in range(producers) for n in range(per_producer)}
    assert Counter(bodies) == Counter(expected)
    assert FolderStorage(root).messages("work") == []


def test_a_claim_left_by_a_crashed_process_expires(tmp_path: Path) -> None:
    store = FolderStorage(tmp_path)
    put = store.put_message("work", b"one")
    [out] = _run_all([[str(tmp_path), "claim-and-crash", "1", str(SHORT)]])
    assert json.loads(out) == [put.id]
    assert store.receive_messages("work") == []
    time.sleep(SHORT + 0.05)
    [again] = store.receive_messages("work")
    assert (again.id, again.body, again.dequeue_count) == (put.id, b"one", 2)


def test_received_and_deleted_messages_leave_no_growing_bookkeeping() -> None:
    store = Storage()
    for _ in range(5000):
        store.put_message("work", b"x")
        [message] = store.receive_messages("work", visibility_timeout=600)
        assert store.delete_message("work", message.id, message.pop_receipt)
    # Each claim records when it ends; those of deleted messages must not pile up.
    assert len(store._queues["work"].hidden) <= 65  # without the clean-up: 5,000

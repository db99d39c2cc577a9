"""Queue cost against queue length, and messages per second through a queue trigger.

    python benchmarks/bench_storage.py [--quick]

First, for the in-memory and the folder backend, a queue is filled to 100 and to 10,000
messages, then timed: ``put`` (one more message), ``pop`` (``pop_message``: claim and delete
the oldest), and ``receive+delete`` (``receive_messages`` then ``delete_message``). The
figure that counts is the ratio of the two depths, which should stay near 1: no operation
depends on the length of the queue.

Then messages per second through a trivial queue-triggered function (``app.invoke`` claims
the oldest waiting message, runs the function and deletes it, as the queue extension does)
for memory, folder and, when the [azure] extra and Azurite (npm) are installed, Azure
Storage on a local Azurite, side by side.

Last, entities per second through a ``table`` output (one entity an invocation) and a
``table`` input by key, for memory (the app's seeded data) and Azurite's table service.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from azure_functions_compat.host import FolderStorage, Storage, load_app  # noqa: E402

DEPTHS = (100, 10_000)


def _receive_delete(store: Storage) -> None:
    for message in store.receive_messages("work"):
        store.delete_message("work", message.id, message.pop_receipt)


def _rate(store: Storage, operation: Callable[[Storage], object], count: int) -> float:
    """Operations per second over ``count`` calls at the store's depth (best of three)."""
    best = float("inf")
    for _ in range(3):
        # Each round starts and ends at the same depth: what it adds (puts) is taken out
        # after, what it takes out (pops) is put in before, untimed.
        if operation is not _put:
            for _ in range(count):
                store.put_message("work", b"refill")
        start = time.perf_counter()
        for _ in range(count):
            operation(store)
        best = min(best, time.perf_counter() - start)
        if operation is _put:
            for _ in range(count):
                store.pop_message("work")
    return count / best


def _put(store: Storage) -> None:
    store.put_message("work", b"a message of a few bytes")


def _pop(store: Storage) -> None:
    store.pop_message("work")


_TRIGGERED = {
    "bindings": [{"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "jobs"}]
}


def _trigger_rate(storage: Storage, folder: str, count: int) -> float:
    """Messages per second through a queue-triggered function that does nothing."""
    import json

    root = os.path.join(folder, "app")
    os.makedirs(os.path.join(root, "Take"), exist_ok=True)
    with open(os.path.join(root, "host.json"), "w") as handle:
        json.dump({"version": "2.0"}, handle)
    with open(os.path.join(root, "Take", "function.json"), "w") as handle:
        json.dump(_TRIGGERED, handle)
    with open(os.path.join(root, "Take", "__init__.py"), "w") as handle:
        handle.write("def main(msg):\n    pass\n")
    with load_app(root, storage=storage) as app:
        for number in range(count):
            storage.put_message("jobs", f"job {number}")
        start = time.perf_counter()
        for _ in range(count):
            result = app.invoke("Take")
            assert result.exception is None, result.exception
        return count / (time.perf_counter() - start)


def _trigger_table(count: int) -> None:
    from contextlib import ExitStack

    print(f"\nqueue trigger, {count} messages: messages per second")
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        backends: dict[str, Storage] = {
            "memory": Storage(),
            "folder": FolderStorage(os.path.join(folder, "store")),
        }
        try:
            from azure_functions_compat.host.storage import AzureStorage
            from azure_functions_compat.pytest_plugin import find_azurite, run_azurite

            command = find_azurite(os.path.dirname(HERE))
            if command is None:
                raise RuntimeError("Azurite is not installed (npm install azurite)")
            backends["azurite"] = AzureStorage(stack.enter_context(run_azurite(command)))
        except Exception as exc:  # the extra or Azurite missing: say so, measure the rest
            print(f"{'azurite':<8} skipped: {exc}")
        for name, storage in backends.items():
            rate = _trigger_rate(storage, os.path.join(folder, name), count)
            print(f"{name:<8} {rate:>10,.0f}/s")


_TABLE_FUNCTIONS = {
    "Put": (
        {"name": "out", "type": "table", "direction": "out", "tableName": "Bench"},
        "import json\n\ndef main(msg, out):\n"
        "    out.set(json.dumps({'PartitionKey': 'p', 'RowKey': msg.get_body().decode()}))\n",
    ),
    "Get": (
        {
            "name": "row",
            "type": "table",
            "direction": "in",
            "tableName": "Bench",
            "partitionKey": "p",
            "rowKey": "{queueTrigger}",
        },
        "def main(msg, row):\n    assert row is not None\n",
    ),
}


def _table_rates(storage: Storage, folder: str, count: int) -> tuple[float, float]:
    """Invocations per second writing one entity each, then reading one each by key."""
    import json

    root = os.path.join(folder, "tables")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "host.json"), "w") as handle:
        json.dump({"version": "2.0"}, handle)
    for name, (binding, source) in _TABLE_FUNCTIONS.items():
        os.makedirs(os.path.join(root, name), exist_ok=True)
        with open(os.path.join(root, name, "function.json"), "w") as handle:
            json.dump({"bindings": [{**_TRIGGERED["bindings"][0]}, binding]}, handle)
        with open(os.path.join(root, name, "__init__.py"), "w") as handle:
            handle.write(source)
    rates = []
    with load_app(root, storage=storage) as app:
        for name in ("Put", "Get"):
            start = time.perf_counter()
            for number in range(count):
                result = app.invoke(name, str(number))
                assert result.exception is None, result.exception
            rates.append(count / (time.perf_counter() - start))
    return rates[0], rates[1]


def _tables_table(count: int) -> None:
    from contextlib import ExitStack

    print(f"\ntable bindings, {count} entities: invocations per second")
    print(f"{'backend':<8} {'output':>12} {'input by key':>14}")
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        backends: dict[str, Storage] = {"memory": Storage()}
        try:
            from azure_functions_compat.host.storage import AzureStorage
            from azure_functions_compat.pytest_plugin import find_azurite, run_azurite

            command = find_azurite(os.path.dirname(HERE))
            if command is None:
                raise RuntimeError("Azurite is not installed (npm install azurite)")
            azure = AzureStorage(stack.enter_context(run_azurite(command)))
            azure.tables  # noqa: B018 - needs azure-data-tables: skip Azurite without it
            backends["azurite"] = azure
        except Exception as exc:  # the extra or Azurite missing: say so, measure the rest
            print(f"{'azurite':<8} skipped: {exc}")
        for name, storage in backends.items():
            put, get = _table_rates(storage, os.path.join(folder, name), count)
            print(f"{name:<8} {put:>10,.0f}/s {get:>12,.0f}/s")


def main() -> None:
    quick = "--quick" in sys.argv
    count = 200 if quick else 1000
    print(f"{'backend':<8} {'operation':<16} " + " ".join(f"{d:>12,}" for d in DEPTHS), end="")
    print(f" {'ratio':>7}")
    with tempfile.TemporaryDirectory() as folder:
        backends: dict[str, Callable[[int], Storage]] = {
            "memory": lambda depth: Storage(),
            "folder": lambda depth: FolderStorage(os.path.join(folder, f"d{depth}")),
        }
        for backend, make in backends.items():
            stores = {}
            for depth in DEPTHS:
                store = make(depth)
                for _ in range(depth):
                    store.put_message("work", b"waiting")
                stores[depth] = store
            for name, operation in (
                ("put", _put),
                ("pop", _pop),
                ("receive+delete", _receive_delete),
            ):
                rates = [_rate(stores[depth], operation, count) for depth in DEPTHS]
                figures = " ".join(f"{rate:>10,.0f}/s" for rate in rates)
                print(f"{backend:<8} {name:<16} {figures} {rates[0] / rates[1]:>7.2f}")
    _trigger_table(100 if quick else 500)
    _tables_table(100 if quick else 500)


if __name__ == "__main__":
    main()

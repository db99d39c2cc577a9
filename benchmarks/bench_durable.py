"""Durable Functions in process: a fan-out/fan-in of 100 activities, and the cost of a replay.

    python benchmarks/bench_durable.py        # with azure-functions-durable installed

1. Fan-out/fan-in: from ``app.durable.start`` to the Completed status of an orchestration
   that starts 100 activities at once and sums their results (median of several runs).
2. Replay: an orchestration of N activities in a row replays its whole history on each of
   its N+1 steps. The time of each step, divided by the events it replays, should stay flat
   as the history grows (linear per replay), which the table shows for N = 50 ... 400.
3. Persistence: the fan-out/fan-in again with the task hub keeping its instances in a
   storage folder (each change of the instance written whole), next to the in-memory default.

There is no real-package side: the Functions host with its storage backend cannot run here,
so the figures are ours alone.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

APP = """\
import azure.durable_functions as df

app = df.DFApp()


@app.orchestration_trigger(context_name="context")
def fan_out(context):
    tasks = [context.call_activity("work", n) for n in range(context.get_input())]
    results = yield context.task_all(tasks)
    return sum(results)


@app.orchestration_trigger(context_name="context")
def chain(context):
    total = 0
    for n in range(context.get_input()):
        total += yield context.call_activity("work", n)
    return total


@app.activity_trigger(input_name="n")
def work(n: int) -> int:
    return n * 2
"""


def _make_app(root: str) -> None:
    with open(os.path.join(root, "host.json"), "w") as handle:
        json.dump({"version": "2.0"}, handle)
    with open(os.path.join(root, "function_app.py"), "w") as handle:
        handle.write(APP)


def main() -> None:
    try:
        import azure.durable_functions  # noqa: F401
    except ImportError:
        sys.exit("bench_durable.py needs azure-functions-durable installed")
    from azure_functions_compat.host import load_app

    with tempfile.TemporaryDirectory() as root:
        _make_app(root)
        app = load_app(root)
        hub = app.durable
        hub.wait(hub.start("fan_out", 10))  # warm up: imports, threads

        times = []
        for _ in range(7):
            start = time.perf_counter()
            instance_id = hub.start("fan_out", 100)
            status = hub.wait(instance_id, timeout=60)
            times.append(time.perf_counter() - start)
            assert status.output == sum(n * 2 for n in range(100)), status.output
        print("fan-out/fan-in of 100 activities, start to Completed:")
        median, best = statistics.median(times) * 1000, min(times) * 1000
        print(f"  median {median:.0f} ms, best {best:.0f} ms")

        # Time each orchestrator step of a chain, with the number of events it replays.
        steps: list[tuple[int, float]] = []
        original = hub._invoke

        def timed(name: str, data: str) -> Any:
            start = time.perf_counter()
            result = original(name, data)
            if name == "chain":
                steps.append((data.count('"EventType"'), time.perf_counter() - start))
            return result

        hub._invoke = timed  # type: ignore[method-assign]
        print("\nreplay cost of a chain of N activities (each step replays the whole history):")
        print(f"  {'N':>5} {'events at the end':>18} {'last step':>10} {'per event':>10}")
        for count in (50, 100, 200, 400):
            steps.clear()
            hub.wait(hub.start("chain", count), timeout=120)
            last_events, _ = steps[-1]
            # The median cost per event over the last tenth of the steps, where history is long.
            tail = steps[-max(3, len(steps) // 10) :]
            per_event = statistics.median(seconds / events for events, seconds in tail)
            last = statistics.median(seconds for _, seconds in tail)
            print(
                f"  {count:>5} {last_events:>18} {last * 1000:>8.1f}ms {per_event * 1e6:>8.1f}us"
            )
        hub._invoke = original  # type: ignore[method-assign]
        hub.close()
        app.close()

        folder_app = load_app(root, storage=os.path.join(root, "storage"))
        folder_hub = folder_app.durable
        folder_hub.wait(folder_hub.start("fan_out", 10))
        times = []
        for _ in range(7):
            start = time.perf_counter()
            folder_hub.wait(folder_hub.start("fan_out", 100), timeout=60)
            times.append(time.perf_counter() - start)
        median, best = statistics.median(times) * 1000, min(times) * 1000
        print("\nfan-out/fan-in of 100 activities, the hub on a storage folder (--storage):")
        print(f"  median {median:.0f} ms, best {best:.0f} ms")
        folder_hub.close()
        folder_app.close()


if __name__ == "__main__":
    main()

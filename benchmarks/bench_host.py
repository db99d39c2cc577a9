"""What the host adds to a call: a trivial HTTP function through the test client, and direct.

    python benchmarks/bench_host.py                 # wall time
    python benchmarks/bench_host.py --instructions  # instructions, under valgrind

"direct" builds the HttpRequest by hand (method, URL with a query, a header) and calls the
function, as a unit test would. "test client" sends the same request through
``app.test_client()``: URL parsing, routing, binding, the thread pool hand-off, log capture,
and building the response the host would send. The goal is at most 3x the direct cost.

Wall time on a shared machine moves with the load; ``--instructions`` counts what each call
executes instead (``valgrind --tool=callgrind``, a run of 2,000 calls less a run of none,
both after the same warm-up), which other processes do not change.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import timeit
from typing import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

FUNCTION_JSON = {
    "bindings": [
        {"name": "req", "type": "httpTrigger", "direction": "in", "authLevel": "anonymous"},
        {"name": "$return", "type": "http", "direction": "out"},
    ]
}

SCRIPT = """\
import azure.functions as func


def main(req: func.HttpRequest) -> func.HttpResponse:
    return func.HttpResponse(f"Hello, {req.params.get('user')}!")
"""


def _make_app(root: str) -> None:
    with open(os.path.join(root, "host.json"), "w") as handle:
        json.dump({"version": "2.0"}, handle)
    folder = os.path.join(root, "hello")
    os.mkdir(folder)
    with open(os.path.join(folder, "function.json"), "w") as handle:
        json.dump(FUNCTION_JSON, handle)
    with open(os.path.join(folder, "__init__.py"), "w") as handle:
        handle.write(SCRIPT)


def _best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=7)) / number  # type: ignore[arg-type]


def _cases(app: object) -> tuple[Callable[[], None], Callable[[], None]]:
    """The two calls measured: direct, and through the test client."""
    import azure_functions_compat as func

    client = app.test_client()  # type: ignore[attr-defined]
    function = app._plans["hello"].function  # type: ignore[attr-defined]
    headers = {"Accept": "text/plain"}

    def direct() -> None:
        request = func.HttpRequest(
            "GET", "http://localhost:7071/api/hello?user=Ada", headers=headers, body=None
        )
        function(request).get_body()

    def through_client() -> None:
        client.get("/api/hello?user=Ada", headers=headers).get_body()

    assert client.get("/api/hello?user=Ada").text == "Hello, Ada!"
    return direct, through_client


CALLS = 2000
WARM_UP = 300


def _run_calls(case: str, count: int) -> None:
    """Load the app, warm up, then make ``count`` calls of ``case`` (run under valgrind)."""
    from azure_functions_compat.host import load_app

    with tempfile.TemporaryDirectory() as root:
        _make_app(root)
        app = load_app(root)
        direct, through_client = _cases(app)
        call = direct if case == "direct" else through_client
        for _ in range(WARM_UP + count):
            call()
        app.close()


def _instructions(case: str, count: int) -> int:
    completed = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            os.path.abspath(__file__),
            "--calls",
            case,
            str(count),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected\s*:\s*(\d+)", completed.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count:\n{completed.stderr[-2000:]}")
    return int(found.group(1))


def count_instructions() -> None:
    if shutil.which("valgrind") is None:
        raise SystemExit("--instructions needs valgrind (apt-get install valgrind)")
    per_call = {
        case: (_instructions(case, CALLS) - _instructions(case, 0)) / CALLS
        for case in ("direct", "client")
    }
    print(f"{'case':<40} {'instructions per call':>22}")
    print(f"{'direct call, hand-built request':<40} {per_call['direct']:>22,.0f}")
    print(f"{'through the test client':<40} {per_call['client']:>22,.0f}")
    ratio = per_call["client"] / per_call["direct"]
    print(f"ratio: {ratio:.2f}x the direct call (goal: at most 3x)")


def main() -> None:
    from azure_functions_compat.host import load_app

    with tempfile.TemporaryDirectory() as root:
        _make_app(root)
        app = load_app(root)
        direct, through_client = _cases(app)
        number = 2000
        # Interleave the two sides so machine noise hits both alike.
        direct_times, client_times = [], []
        for _ in range(3):
            direct_times.append(_best(direct, number))
            client_times.append(_best(through_client, number))
        ours, base = min(client_times), min(direct_times)
        app.close()
    print(f"{'case':<40} {'time per call':>14}")
    print(f"{'direct call, hand-built request':<40} {base * 1e6:>11.2f} us")
    print(f"{'through the test client':<40} {ours * 1e6:>11.2f} us")
    print(f"ratio: {ours / base:.2f}x the direct call (goal: at most 3x)")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--calls"]:
        _run_calls(sys.argv[2], int(sys.argv[3]))
    elif sys.argv[1:] == ["--instructions"]:
        count_instructions()
    else:
        main()

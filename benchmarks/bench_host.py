"""What the host adds to a call: a trivial HTTP function through the test client, and direct.

    python benchmarks/bench_host.py

"direct" builds the HttpRequest by hand (method, URL with a query, a header) and calls the
function, as a unit test would. "test client" sends the same request through
``app.test_client()``: URL parsing, routing, binding, the thread pool hand-off, log capture,
and building the response the host would send. The goal is at most 3x the direct cost.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import timeit

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


def main() -> None:
    import azure_functions_compat as func
    from azure_functions_compat.host import load_app

    with tempfile.TemporaryDirectory() as root:
        _make_app(root)
        app = load_app(root)
        client = app.test_client()
        function = app._plans["hello"].function
        headers = {"Accept": "text/plain"}

        def direct() -> None:
            request = func.HttpRequest(
                "GET", "http://localhost:7071/api/hello?user=Ada", headers=headers, body=None
            )
            function(request).get_body()

        def through_client() -> None:
            client.get("/api/hello?user=Ada", headers=headers).get_body()

        assert client.get("/api/hello?user=Ada").text == "Hello, Ada!"
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
    main()

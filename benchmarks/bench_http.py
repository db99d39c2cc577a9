"""Per-call cost of building and reading requests and responses, ours against the real one.

    python benchmarks/bench_http.py

Each case runs the same code with ``func`` bound to ``azure_functions_compat`` and to the
real ``azure.functions``, in fresh processes, and prints the best time per call and the ratio
(goal: at least 2x faster).
"""

from __future__ import annotations

import sys

from _harness import real_python, report, time_snippet

SETUP = 'import {module} as func\nbody = b\'{{"name": "Ada", "tags": [1, 2, 3]}}\'\n'

CASES = {
    "HttpRequest: build + read everything": (
        "r = func.HttpRequest('POST', 'http://localhost/api/items/42?x=1&y=2', "
        "headers={'Content-Type': 'application/json', 'X-Id': 'a', 'Accept': '*/*'}, "
        "params={'x': '1', 'y': '2'}, route_params={'id': '42'}, body=body)\n"
        "r.method; r.url; r.headers.get('x-id'); r.params.get('x'); r.route_params['id']\n"
        "r.get_json()['name']; r.get_body()"
    ),
    "HttpRequest: build only": (
        "func.HttpRequest('GET', '/api/x', headers={'A': '1'}, params={'b': '2'}, body=None)"
    ),
    "HttpResponse: build + read": (
        "p = func.HttpResponse('Hello Ada', status_code=201, headers={'X-A': '1', 'X-B': '2'}, "
        "mimetype='text/plain')\np.get_body(); p.status_code; p.headers.get('x-a')"
    ),
    "request + JSON + response (a whole call)": (
        "r = func.HttpRequest('POST', '/api/hello', headers={'Content-Type': "
        "'application/json'}, params={'name': 'Ada'}, body=body)\n"
        "name = r.params.get('name') or r.get_json()['name']\n"
        "func.HttpResponse(f'Hello {name}!', headers={'my-http-header': 'v'}).get_body()"
    ),
}


def main() -> None:
    ours, real = sys.executable, real_python()
    rows = []
    for case, stmt in CASES.items():
        # Interleaved rounds, best of each side: load from other processes hits both alike.
        mine, theirs = float("inf"), float("inf")
        for _ in range(3):
            mine = min(
                mine,
                time_snippet(ours, SETUP.format(module="azure_functions_compat"), stmt, 10000),
            )
            theirs = min(
                theirs, time_snippet(real, SETUP.format(module="azure.functions"), stmt, 10000)
            )
        rows.append((case, mine, theirs, ">= 2x"))
    report(rows)


if __name__ == "__main__":
    main()

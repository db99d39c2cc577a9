"""Whole-process wall time: importing us against importing azure.functions.

    python benchmarks/bench_import.py [runs]

Prints the median of each and the ratio (goal: at least 3x cheaper, close to
``import multidict`` alone). A second table does a whole small job per process: import, build
a request with headers and a JSON body, read it, build a response (goal: at least 2.5x).
"""

from __future__ import annotations

import sys
from pathlib import Path

from _harness import real_python, report, time_processes

PTH_FILE = Path(__file__).resolve().parent.parent / "azure_functions_compat" / "dropin.pth"

JOB = (
    "import {module} as func\n"
    "r = func.HttpRequest('POST', '/api/items/42?x=1', "
    "headers={{'Content-Type': 'application/json', 'X-Id': 'a'}}, "
    "route_params={{'id': '42'}}, body=b'{{\"name\": \"Ada\"}}')\n"
    "name = r.get_json()['name']; r.params.get('x'); r.headers.get('x-id')\n"
    "func.HttpResponse(f'Hello {{name}}', status_code=200, headers={{'X': 'y'}}).get_body()\n"
)


def pth_line_cost() -> float:
    """Seconds the drop-in's .pth line adds to every interpreter start (best of five)."""
    import timeit

    line = PTH_FILE.read_text()

    def start_once() -> None:
        saved = sys.meta_path[:]
        exec(line)
        sys.meta_path[:] = saved

    return min(timeit.repeat(start_once, number=200, repeat=5)) / 200


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    ours, real = sys.executable, real_python()
    times = time_processes(
        {
            "empty": [ours, "-c", "pass"],
            "multidict": [ours, "-c", "import multidict"],
            "ours": [ours, "-c", "import azure_functions_compat"],
            "real": [real, "-c", "import azure.functions"],
            "ours job": [ours, "-c", JOB.format(module="azure_functions_compat")],
            "real job": [real, "-c", JOB.format(module="azure.functions")],
        },
        runs=runs,
    )
    print(f"python -c pass: {times['empty'] * 1e3:.1f} ms; ")
    print(f"python -c 'import multidict' (the floor): {times['multidict'] * 1e3:.1f} ms")
    print(f"the drop-in's .pth line, at every start: {pth_line_cost() * 1e3:.3f} ms\n")
    report(
        [
            ("import (whole process)", times["ours"], times["real"], ">= 3x"),
            (
                "import + request + response (process)",
                times["ours job"],
                times["real job"],
                ">= 2.5x",
            ),
        ]
    )


if __name__ == "__main__":
    main()

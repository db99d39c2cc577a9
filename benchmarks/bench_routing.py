"""Routing cost against the path length, for templates that make a regex matcher backtrack.

    python benchmarks/bench_routing.py

Each row routes a path of the given length through a router holding the template, once on a
path the template cannot match (the hostile case: a long segment of separators followed by
an extra segment) and once on a path it matches. The goal is cost linear in the length: the
"per KB" column stays flat as the length grows (a backtracking matcher took 4.7 s on 1 KB for
``{a}-{b}-{c}`` and 94 s on 500 characters for ``{a}.{b}.{c}.{d}``).
"""

from __future__ import annotations

import os
import sys
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

TEMPLATES = {
    "api/{name}.{ext}": (".", "report.pdf"),
    "api/{a}-{b}-{c}": ("-", "1-2-3"),
    "api/{a}.{b}.{c}.{d}": (".", "1.2.3.4"),
    "api/files/{*rest}": ("a/", "b"),
}
LENGTHS = (1_000, 10_000, 100_000)


def _best(stmt: object, number: int) -> float:
    return min(timeit.repeat(stmt, number=number, repeat=5)) / number  # type: ignore[arg-type]


def main() -> None:
    from azure_functions_compat.host import RouteTemplate
    from azure_functions_compat.host.routing import Router

    print(f"{'template':<22} {'length':>8} {'no match':>12} {'per KB':>10} {'match':>12}")
    worst = 0.0
    for template, (separator, tail) in TEMPLATES.items():
        router = Router()
        router.add(RouteTemplate(template), None, template)
        per_kb: list[float] = []
        for length in LENGTHS:
            body = separator * (length // len(separator))
            hostile = f"/api/{body}/x" if "*" not in template else f"/api/other/{body}"
            matching = f"/api/{body}{tail}" if "*" not in template else f"/api/files/{body}{tail}"
            assert router.match("GET", hostile).status == 404
            assert router.match("GET", matching).status == 200
            number = max(1, 200_000 // length)
            missed = _best(lambda r=router, p=hostile: r.match("GET", p), number)
            found = _best(lambda r=router, p=matching: r.match("GET", p), number)
            per_kb.append(found / length * 1000)
            print(
                f"{template:<22} {length:>8} {missed * 1e6:>9.1f} us"
                f" {per_kb[-1] * 1e6:>7.2f} us {found * 1e6:>9.1f} us"
            )
        worst = max(worst, per_kb[-1] / per_kb[0])
    print(
        f"cost per KB at {LENGTHS[-1]:,} against {LENGTHS[0]:,} characters: at most {worst:.2f}x"
        " (goal: about 1x, linear)"
    )


if __name__ == "__main__":
    main()

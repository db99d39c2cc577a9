"""Shared timing helpers for the benchmark scripts: ours against the real azure-functions.

Timings on a shared machine are noisy, so every figure that matters is a ratio taken in one
run, with the two sides interleaved, and each side's figure is a median (whole processes) or
the best of several repeats (in-process loops).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import realenv  # noqa: E402


def compile_package() -> None:
    """Write this package's bytecode once, so process timings do not include compiling it.

    Installed packages (the real azure-functions, uvicorn, Starlette) come with bytecode
    written at install time; an editable checkout has none until an interpreter writes it,
    and where PYTHONDONTWRITEBYTECODE is set none ever does: every timed start would compile
    our sources, which no user of an installed package pays.
    """
    import compileall

    compileall.compile_dir(str(HERE.parent / "azure_functions_compat"), quiet=1)


def real_python() -> str:
    """The interpreter of the environment that has the real azure-functions."""
    return str(realenv.ensure())


def time_processes(commands: dict[str, list[str]], runs: int = 20) -> dict[str, float]:
    """Median wall time in seconds of each command, run ``runs`` times, interleaved."""
    compile_package()
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # warm the file cache once
        subprocess.run(command, check=True, capture_output=True)
    for _ in range(runs):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            samples[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in samples.items()}


_TIMER = """
import json, sys, timeit
setup, stmt, number = json.loads(sys.argv[1])
namespace = {}
exec(setup, namespace)
best = min(timeit.repeat(stmt, globals=namespace, number=number, repeat=7))
print(best / number)
"""


def time_snippet(python: str, setup: str, stmt: str, number: int) -> float:
    """Best time per execution of ``stmt`` in seconds, in a fresh ``python`` process."""
    output = subprocess.run(
        [python, "-c", _TIMER, json.dumps([setup, stmt, number])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return float(output.strip())


def report(rows: list[tuple[str, float, float, str]]) -> None:
    """Print one line per case: ours, theirs, and how many times cheaper ours is."""
    print(f"{'case':<44} {'ours':>12} {'real':>12} {'ratio':>8}  goal")
    for case, ours, theirs, goal in rows:
        print(f"{case:<44} {_fmt(ours):>12} {_fmt(theirs):>12} {theirs / ours:>7.2f}x  {goal}")


def _fmt(seconds: float) -> str:
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds * 1e6:.2f} us"

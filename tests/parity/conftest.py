"""The parity suite's fixtures: the real package's outcomes, computed once per session.

The real ``azure-functions`` lives in its own virtual environment (``benchmarks/realenv.py``
makes it, or ``AZURE_FUNCTIONS_REAL_PYTHON`` names an interpreter that has it), never in the
one running these tests. All cases go to it in ONE child process, as JSON over stdin/stdout.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "difference(section): an allowed difference from the real azure.functions, described "
        "in that section of docs/differences.md",
    )


@pytest.fixture(scope="session")
def real_outcomes(real_python: Path) -> dict[str, Any]:
    """What the real package does for every case, and the public attributes of its classes."""
    # Imported here, not at the top: cases.py uses the marker registered above.
    from .cases import CASES, CLASSES

    python = real_python
    request = {
        "cases": {param.values[0]: param.values[1] for param in CASES},
        "classes": CLASSES,
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["AZURE_FUNCTIONS_COMPAT_DROPIN"] = "0"
    result = subprocess.run(
        [str(python), str(HERE / "real_worker.py")],
        input=json.dumps(request),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"the real package's worker failed:\n{result.stderr}"
    outcomes: dict[str, Any] = json.loads(result.stdout)
    return outcomes


@pytest.fixture(scope="session")
def our_namespace() -> dict[str, Any]:
    """The names a case sees, bound to this package (one class for each)."""
    import azure_functions_compat as func

    return {
        "func": func,
        "HttpRequest": func.HttpRequest,
        "HttpResponse": func.HttpResponse,
        "InputStream": func.InputStream,
        "TimerRequest": func.TimerRequest,
        "FullQueueMessage": func.QueueMessage,
        "QueueMessage": func.QueueMessage,
        "Out": func.Out,
        "Context": func.Context,
    }

"""Fixtures of the names tests: the real azure-functions, asked once per session."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def run_real(python: Path, script: str, stdin: str = "", *args: str) -> Any:
    """Run one of this folder's scripts with the real package's interpreter; its JSON output."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    # The real package must answer, never our drop-in.
    env["AZURE_FUNCTIONS_COMPAT_DROPIN"] = "0"
    done = subprocess.run(
        [str(python), str(HERE / script), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed under the real package:\n{done.stderr}"
    return json.loads(done.stdout)

"""Make (once) and locate the virtual environment that holds the real ``azure-functions``.

The real package is our reference for parity tests and benchmarks, and it must never be
installed in the environment the main tests run in: proving we work without it is the point.
So it lives in ``.venv-real-<major>.<minor>/`` at the top of the checkout.

Run ``python benchmarks/realenv.py`` to create it if needed; the path of its interpreter is
printed on stdout. Set ``AZURE_FUNCTIONS_REAL_PYTHON`` to an interpreter that already has
``azure.functions`` to skip all of this.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The release line the parity suite and the benchmarks compare against, per Python version:
# 1.x is what most deployed apps use; 2.x needs Python 3.13; 1.26 needs 3.10, so Python 3.9
# gets 1.24, the last release that supports it.
if sys.version_info >= (3, 13):
    REQUIREMENT = "azure-functions>=2,<3"
elif sys.version_info >= (3, 10):
    REQUIREMENT = "azure-functions>=1.26,<2"
else:
    REQUIREMENT = "azure-functions>=1.24,<1.25"


def env_dir() -> Path:
    return ROOT / f".venv-real-{sys.version_info[0]}.{sys.version_info[1]}"


def interpreter(directory: Path) -> Path:
    scripts = "Scripts" if os.name == "nt" else "bin"
    return directory / scripts / ("python.exe" if os.name == "nt" else "python")


def ensure() -> Path:
    """Return the interpreter of an environment with the real package, creating it if needed."""
    preset = os.environ.get("AZURE_FUNCTIONS_REAL_PYTHON")
    if preset:
        return Path(preset)
    directory = env_dir()
    python = interpreter(directory)
    marker = directory / "installed.txt"
    if marker.exists() and marker.read_text() == REQUIREMENT and python.exists():
        return python
    venv.EnvBuilder(with_pip=True, clear=True).create(directory)
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            REQUIREMENT,
        ],
        check=True,
    )
    marker.write_text(REQUIREMENT)
    return python


if __name__ == "__main__":
    print(ensure())

"""Run the test suite on every supported Python: ``nox`` (or ``nox -s tests-3.12``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"


def _add_pyenv_interpreters() -> None:
    """Let nox find pyenv's Pythons (python3.9, ...) even when no pyenv shell selects them."""
    pyenv = shutil.which("pyenv")
    if pyenv is None:
        return
    root = subprocess.run([pyenv, "root"], capture_output=True, text=True).stdout.strip()
    versions = sorted(Path(root, "versions").glob("3.*/bin"), reverse=True)
    os.environ["PATH"] = os.pathsep.join([os.environ.get("PATH", ""), *map(str, versions)])


_add_pyenv_interpreters()


@nox.session(python=["3.9", "3.10", "3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """The whole suite, parity against the real azure-functions for that Python included."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


# The host's tests (and the drop-in's) run again with the real azure-functions installed, as
# in .ci/run.
HOST_TESTS = (
    "tests/host",
    "tests/decorators",
    "tests/types/test_host_events.py",
    "docs/host.md",
    "tests/serve/test_asgi.py",
    "tests/serve/test_triggers.py",
    "tests/dropin/test_dropin_resolution.py",
    "tests/dropin/test_pytest_plugin.py",
)


# azure-functions 1.26 supports Python 3.10 to 3.12.
@nox.session(name="tests-real-package", python=["3.10", "3.12"])
def tests_real_package(session: nox.Session) -> None:
    """The host's tests beside the real azure-functions (it wins `import azure.functions`)."""
    session.install("-e", ".[test,serve]", "azure-functions>=1.26,<2")
    session.run("python", "-m", "pytest", *(session.posargs or HOST_TESTS))


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", "azure_functions_compat", "tests", "benchmarks")
    session.run("ruff", "format", "--check", "azure_functions_compat", "tests", "benchmarks")
    session.run("mypy", "--strict", "azure_functions_compat")

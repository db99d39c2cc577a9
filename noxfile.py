"""Run the test suite on every supported Python: ``nox`` (or ``nox -s tests-3.12``)."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"


@nox.session(python=["3.9", "3.10", "3.11", "3.12", "3.13"])
def tests(session: nox.Session) -> None:
    """The whole suite, parity against the real azure-functions for that Python included."""
    session.install("-e", ".[test]")
    session.run("python", "-m", "pytest", *session.posargs)


@nox.session(python="3.11")
def lint(session: nox.Session) -> None:
    """ruff and mypy --strict."""
    session.install("-e", ".[dev]")
    session.run("ruff", "check", "azure_functions_compat", "tests", "benchmarks")
    session.run("ruff", "format", "--check", "azure_functions_compat", "tests", "benchmarks")
    session.run("mypy", "--strict", "azure_functions_compat")

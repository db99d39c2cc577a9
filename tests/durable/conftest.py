"""Fixtures of the Durable Functions tests: a fresh environment with the SDK and not
azure-functions, built once per session with the drop-in tests' helpers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from dropin.conftest import _fresh_env, _pip, run

HERE = Path(__file__).resolve().parent

# The sample app's own tests need azure-functions-durable; they run in the fresh environment
# (test_durable_sdk.py), never in this one.
collect_ignore = ["durable_app", "e2e_app", "e2e_folder_app"]

SDK = "azure-functions-durable"
# What `serve` needs (the [serve] extra without --reload's watcher): e2e_app/test_served.py.
SERVE = ("uvicorn", "croniter")


def _project_name(requirement: str) -> str:
    """The normalised project name a requirement line starts with."""
    name = re.match(r"[A-Za-z0-9._-]*", requirement.strip())
    return re.sub(r"[-_.]+", "-", name.group() if name else "").lower()


@pytest.fixture(scope="session")
def durable_env(tmp_path_factory: pytest.TempPathFactory, compat_wheel: Path) -> Path:
    """The interpreter of a new environment with this package, pytest and the Durable
    Functions SDK with its run-time dependencies, but not azure-functions, which the SDK
    requires: it is installed with ``--no-deps``, then its other requirements. pip picks the
    newest release for the interpreter (1.5 on Python 3.9, whose modules import the two
    hooks; 1.7 on 3.10 and later, which imports df_dumps/df_loads).
    """
    python = _fresh_env(tmp_path_factory.mktemp("durable-env"), compat_wheel, "pytest", *SERVE)
    _pip("install", "--no-deps", SDK, python=python)
    listed = run(
        python,
        f"""
        import json
        from importlib import metadata
        print(json.dumps(metadata.requires({SDK!r}) or []))
        """,
    )
    assert listed.returncode == 0, listed.stderr
    requirements = [
        requirement
        for requirement in json.loads(listed.stdout)
        if _project_name(requirement) != "azure-functions"
    ]
    if requirements:
        _pip("install", *requirements, python=python)
    return python


@pytest.fixture(scope="session")
def durable_real_env(tmp_path_factory: pytest.TempPathFactory, compat_wheel: Path) -> Path:
    """A fresh environment with the Durable Functions SDK and everything it requires,
    azure-functions (the real package) included, and this package beside them."""
    return _fresh_env(
        tmp_path_factory.mktemp("durable-real-env"), compat_wheel, "pytest", SDK, *SERVE
    )

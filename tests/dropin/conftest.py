"""Helpers for the drop-in tests: run Python in a child process, build fresh environments.

The drop-in changes ``sys.meta_path`` and ``sys.modules`` for a whole process, so almost every
test here runs its code in a child interpreter instead of the one running pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import venv
from collections.abc import Mapping
from pathlib import Path
from typing import Callable, Optional

import pytest

ROOT = Path(__file__).resolve().parents[2]
PTH_FILE = ROOT / "azure_functions_compat" / "dropin.pth"
ENV_VAR = "AZURE_FUNCTIONS_COMPAT_DROPIN"

RunPython = Callable[..., "subprocess.CompletedProcess[str]"]


def child_env(extra: Optional[Mapping[str, str]] = None) -> dict[str, str]:
    """The environment for a child interpreter: ours, without the drop-in switch or PYTHON*."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != ENV_VAR and not key.startswith("PYTHON") and not key.startswith("PYTEST")
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra or {})
    return env


def run(
    python: Path | str,
    code: str,
    *,
    env: Optional[Mapping[str, str]] = None,
    cwd: Optional[Path] = None,
    args: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *args, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=child_env(env),
        cwd=cwd,
        timeout=120,
        check=False,
    )


@pytest.fixture
def run_python() -> RunPython:
    """Run code (after ``prelude``) in a child of this interpreter; fail on a non-zero exit."""

    def runner(
        code: str,
        *,
        env: Optional[Mapping[str, str]] = None,
        cwd: Optional[Path] = None,
        args: tuple[str, ...] = (),
        prelude: str = "",
        expect_ok: bool = True,
    ) -> subprocess.CompletedProcess[str]:
        source = textwrap.dedent(prelude) + textwrap.dedent(code)
        result = run(sys.executable, source, env=env, cwd=cwd, args=args)
        if expect_ok:
            assert result.returncode == 0, result.stderr
        return result

    return runner


# Fresh environments ---------------------------------------------------------------------------


def _pip(*args: str, python: Path) -> None:
    """pip of this interpreter, installing into ``python``'s environment; skip when offline."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "--python",
        str(python),
        "--disable-pip-version-check",
        "--quiet",
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    if result.returncode != 0:
        # On a CI service (which sets CI) these must run: a skip would hide a failure.
        skip_or_fail = pytest.fail if os.environ.get("CI") else pytest.skip
        skip_or_fail(f"cannot install {' '.join(args)} into a fresh environment:\n{result.stderr}")


def _fresh_env(directory: Path, wheel: Path, *requirements: str) -> Path:
    """A new virtual environment with our wheel (no deps) plus ``requirements``."""
    venv.EnvBuilder(with_pip=False, clear=True).create(directory)
    python = directory / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    base = ["multidict"]
    if sys.version_info < (3, 11):
        base.append("typing-extensions")
    _pip("install", *base, *requirements, python=python)
    _pip("install", "--no-deps", str(wheel), python=python)
    return python


@pytest.fixture(scope="session")
def plain_env(tmp_path_factory: pytest.TempPathFactory, compat_wheel: Path) -> Path:
    """The interpreter of a fresh environment with this package and pytest, no azure-functions."""
    return _fresh_env(tmp_path_factory.mktemp("plain-env"), compat_wheel, "pytest")


@pytest.fixture(scope="session")
def azure_sdk_env(tmp_path_factory: pytest.TempPathFactory, compat_wheel: Path) -> Path:
    """A fresh environment with this package beside azure-core, -storage-blob and -identity."""
    return _fresh_env(
        tmp_path_factory.mktemp("azure-sdk-env"),
        compat_wheel,
        "azure-core",
        "azure-storage-blob",
        "azure-identity",
    )


@pytest.fixture
def example_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy an example of examples/ into a temporary folder, away from this repository."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOT / "examples" / name, target)
        return target

    return copy

"""Session fixtures shared by several test folders: what costs seconds is made once.

``real_python``: the interpreter of the environment that has the real azure-functions, made by
``benchmarks/realenv.py`` (or named by ``AZURE_FUNCTIONS_REAL_PYTHON``); never the one running
these tests. ``compat_wheel``: a wheel of this package built from the working tree, for the
tests that install it into fresh environments.

Where either cannot be made (no network), the tests that need it skip saying why; on a CI
service (``CI`` set) they fail instead, since a skip there would hide a failure.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def real_package_installed() -> bool:
    """Whether the real azure-functions is installed here, so ``import azure.functions`` is it."""
    from importlib import metadata

    try:
        metadata.version("azure-functions")
    except metadata.PackageNotFoundError:
        return False
    return True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``needs_dropin`` tests beside the real package, ``needs_real_package`` ones without.

    CI runs the host's tests twice: in the environment without the real azure-functions, and
    in one with it (see .ci/run); each marker says which of the two a test belongs to.
    """
    real = real_package_installed()
    if real:
        marker, reason = (
            "needs_dropin",
            (
                "needs `import azure.functions` to give this package; the real azure-functions "
                "is installed here"
            ),
        )
    else:
        marker, reason = (
            "needs_real_package",
            (
                "needs the real azure-functions installed beside this package (the second run "
                "of .ci/run has it)"
            ),
        )
    skip = pytest.mark.skip(reason=reason)
    for item in items:
        if item.get_closest_marker(marker) is not None:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def real_python() -> Path:
    """The interpreter of the environment that has the real azure-functions."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "realenv.py")],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if result.returncode != 0 or not result.stdout.strip():
        _skip_or_fail(
            "cannot create the environment with the real azure-functions "
            f"(python benchmarks/realenv.py failed):\n{result.stderr[-2000:]}"
        )
    return Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def compat_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel of this package built from the working tree (once per session)."""
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--disable-pip-version-check",
            "--quiet",
            "--wheel-dir",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode != 0:
        _skip_or_fail(f"cannot build a wheel of this package:\n{result.stderr}")
    (wheel,) = out.glob("azure_functions_compat-*.whl")
    return wheel

"""Our ``_durable_functions`` against the real azure-functions', call by call.

codec_cases.py runs under each package; the results must be equal, and every exception
ours raises must be an instance of the class the real one raises (ours may be stricter: a
class missing from its module is a ValueError as well as the real AttributeError).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import HERE

# Where ours deliberately differs in kind (docs/differences.md, "Durable Functions JSON").
STRICTER = {
    # Ours: also a ValueError, so that no bare AttributeError leaves the codec.
    "loads class missing": {"ValueError"},
}


def outcomes(python: Path | str, dropin: str, module: str) -> dict[str, Any]:
    """What each case of codec_cases.py gave, checking that ``module`` answered."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    env["AZURE_FUNCTIONS_COMPAT_DROPIN"] = dropin
    env.pop("AZURE_FUNCTIONS_DURABLE_STRICT_TYPING", None)
    done = subprocess.run(
        [str(python), str(HERE / "codec_cases.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["module"] == module
    if printed["cases"] is None:
        pytest.skip("this azure-functions predates df_dumps/df_loads (1.26); nothing to compare")
    return dict(printed["cases"])


@pytest.fixture(scope="module")
def both(real_python: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The outcomes of every case under our package, then under the real one."""
    ours = outcomes(sys.executable, "1", "azure_functions_compat._durable_functions")
    return ours, outcomes(real_python, "0", "azure.functions._durable_functions")


def test_the_same_cases_ran_under_each_package(
    both: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    ours, real = both
    assert sorted(ours) == sorted(real)
    assert len(ours) > 20


def test_each_case_returns_the_same_value(both: tuple[dict[str, Any], dict[str, Any]]) -> None:
    ours, real = both
    differing = {
        name: (ours[name], real[name])
        for name in real
        if "returned" in real[name] and ours.get(name) != real[name]
    }
    assert differing == {}


def test_each_case_raises_an_exception_of_the_real_class(
    both: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    ours, real = both
    differing = {}
    for name, outcome in real.items():
        if "raised" not in outcome:
            continue
        expected = outcome["raised"][0]
        raised = set(ours[name].get("raised", ()))
        if expected not in raised or not STRICTER.get(name, set()) <= raised:
            differing[name] = (ours[name], expected)
    assert differing == {}

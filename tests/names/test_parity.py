"""The extension, durable, MCP and converter names behave as the real package's do.

Each case of cases.py runs against the real azure-functions (one child process for all) and
against ours; the outcomes (values, or the class of the exception) must match, except where
``DIFFERENT`` records one of our documented differences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import azure_functions_compat

from .cases import CASES, DIFFERENT, ONLY_1_X
from .casework import run_case
from .conftest import run_real

# The release these cases describe; older ones (1.24, the last for Python 3.9) lack some of
# the names and behave differently in places, so the cases are skipped against them.
OLDEST = (1, 26)
VERSION_CASE = "the real package's version"


@pytest.fixture(scope="module")
def real_outcomes(real_python: Path) -> dict[str, dict[str, Any]]:
    cases = {**CASES, VERSION_CASE: "result = func.__version__"}
    outcomes: dict[str, dict[str, Any]] = run_real(real_python, "casework.py", json.dumps(cases))
    version = str(outcomes.pop(VERSION_CASE)["value"])
    if tuple(int(part) for part in version.split(".")[:2]) < OLDEST:
        pytest.skip(f"these cases describe azure-functions 1.26 and later, not {version}")
    outcomes[VERSION_CASE] = {"value": version}
    return outcomes


@pytest.mark.parametrize("case", sorted(set(CASES) - set(DIFFERENT)))
def test_same_outcome_as_the_real_package(
    case: str, real_outcomes: dict[str, dict[str, Any]]
) -> None:
    version = str(real_outcomes[VERSION_CASE]["value"])
    if case in ONLY_1_X and not version.startswith("1."):
        pytest.skip(f"matches the 1.x line, not azure-functions {version}: {ONLY_1_X[case]}")
    assert run_case(azure_functions_compat, CASES[case]) == real_outcomes[case]


@pytest.mark.parametrize("case", sorted(DIFFERENT))
def test_documented_difference(case: str, real_outcomes: dict[str, dict[str, Any]]) -> None:
    real, ours = DIFFERENT[case]
    assert (real_outcomes[case], run_case(azure_functions_compat, CASES[case])) == (real, ours)

"""The task hub runs the Durable Functions samples end to end (``e2e_app/``, decorator model,
and ``e2e_folder_app/``, function.json model): started over HTTP through the SDK's real
DurableOrchestrationClient and through the Python test API. In a fresh environment with the
SDK but not azure-functions, and in one with the real azure-functions installed too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from dropin.conftest import child_env

from .conftest import HERE

APPS = {"e2e_app": 37, "e2e_folder_app": 4}


def run_scenarios(python: Path, target: Path) -> subprocess.CompletedProcess[str]:
    for folder in APPS:
        shutil.copytree(HERE / folder, target / folder)
    return subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", *APPS],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=target,
        timeout=300,
        check=False,
    )


def passed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    # Releases of the SDK before 1.6 (the newest on Python 3.9) have no client.restart:
    # its two tests skip there.
    counts = dict(
        (word, int(number))
        for number, word in re.findall(r"(\d+) (passed|skipped)", result.stdout)
    )
    assert counts.get("skipped", 0) in (0, 2), result.stdout[-2000:]
    assert sum(counts.values()) == sum(APPS.values()), result.stdout[-2000:]
    # The SDK client's aiohttp sessions are closed with the app (the fixtures close it).
    assert "Unclosed client session" not in result.stderr, result.stderr[-2000:]


def test_scenarios_pass_with_the_sdk_alone(durable_env: Path, tmp_path: Path) -> None:
    passed(run_scenarios(durable_env, tmp_path))


def test_scenarios_pass_with_the_real_azure_functions(
    durable_real_env: Path, tmp_path: Path
) -> None:
    result = run_scenarios(durable_real_env, tmp_path)
    passed(result)


def documented_example() -> tuple[str, str]:
    """The app and the tests of docs/durable.md's "Test an orchestration in five lines"."""
    text = (HERE.parents[1] / "docs" / "durable.md").read_text(encoding="utf-8")
    section = text[text.index("## Test an orchestration") :]
    section = section[: section.index("\n## ", 1)]
    app, tests = re.findall(r"^```python\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
    assert app.startswith("# function_app.py\n")
    assert tests.startswith("# test_function_app.py,")
    return app, tests


def test_the_documented_example_passes(durable_env: Path, tmp_path: Path) -> None:
    app, tests = documented_example()
    (tmp_path / "function_app.py").write_text(app, encoding="utf-8")
    (tmp_path / "host.json").write_text('{"version": "2.0"}', encoding="utf-8")
    (tmp_path / "test_function_app.py").write_text(tests, encoding="utf-8")
    result = subprocess.run(
        [str(durable_env), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "2 passed" in result.stdout, result.stdout

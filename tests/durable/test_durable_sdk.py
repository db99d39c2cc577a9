"""The Durable Functions SDK (``azure-functions-durable``) runs on this package alone.

In a fresh environment with this package, the SDK and its run-time dependencies, and not
azure-functions (see conftest.py), the sample app of ``durable_app/`` has its unit tests
pass: an orchestrator tested by mocking its context as the SDK's docs show, an activity,
the metadata of its ``df.DFApp()`` and an orchestration replayed by the SDK's own code;
and the command line lists it. The example of docs/extensions.md passes there too, and so
does the SDK's own test suite.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from dropin.conftest import _pip, child_env, run

from .conftest import HERE

DOCS = HERE.parents[1] / "docs" / "extensions.md"


@pytest.fixture
def durable_app(tmp_path: Path) -> Path:
    """A copy of the sample app, away from this repository."""
    target = tmp_path / "durable_app"
    shutil.copytree(HERE / "durable_app", target)
    return target


def run_module(python: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_environment_has_the_sdk_and_not_azure_functions(durable_env: Path) -> None:
    result = run(
        durable_env,
        """
        from importlib import metadata
        for name in ("azure-functions-durable", "azure-functions"):
            try:
                metadata.distribution(name)
                print(name, "present")
            except metadata.PackageNotFoundError:
                print(name, "absent")
        """,
    )
    assert result.stdout.split("\n")[:2] == [
        "azure-functions-durable present",
        "azure-functions absent",
    ], result.stderr


def test_sdk_serialisation_helpers_come_from_this_package(durable_env: Path) -> None:
    # Releases before 1.7 import the two hooks in each module; 1.7 imports df_dumps and
    # df_loads in one. Either way, every helper the SDK holds must be ours.
    result = run(
        durable_env,
        """
        import sys
        import azure.durable_functions
        import azure.functions._durable_functions as codec
        import azure.durable_functions.models.DurableOrchestrationContext
        import azure.durable_functions.models.DurableEntityContext

        names = ("df_dumps", "df_loads", "_serialize_custom_object", "_deserialize_custom_object")
        held = {
            f"{module_name}.{name}": getattr(module, name) is getattr(codec, name)
            for module_name, module in list(sys.modules.items())
            if module_name.startswith("azure.durable_functions")
            for name in names
            if callable(getattr(module, name, None))
        }
        print(codec.__name__)
        print(len(held), all(held.values()) or held)
        """,
    )
    module, found = result.stdout.split("\n")[:2]
    assert module == "azure_functions_compat._durable_functions", result.stderr
    count, all_ours = found.split(" ", 1)
    assert int(count) >= 2
    assert all_ours == "True"


def test_durable_app_unit_tests_pass(durable_env: Path, durable_app: Path) -> None:
    result = run_module(durable_env, durable_app, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout, result.stdout


def test_command_line_lists_the_durable_app(durable_env: Path, durable_app: Path) -> None:
    result = run_module(durable_env, durable_app, "azure_functions_compat", "list", "--json", ".")
    assert result.returncode == 0, result.stderr
    listed = {function["name"]: function for function in json.loads(result.stdout)}
    assert {name: function["trigger"] for name, function in listed.items()} == {
        "http_start": "httpTrigger",
        "hello_orchestrator": "orchestrationTrigger",
        "hello": "activityTrigger",
    }
    assert {"name": "client", "type": "durableClient", "direction": "in"} in listed["http_start"][
        "bindings"
    ]


def test_command_line_http_through_the_sdk_client_leaves_no_session_open(
    durable_env: Path, tmp_path: Path
) -> None:
    # The SDK's client keeps an aiohttp session per event loop; App.close() closes it while
    # the app's loop still runs, so aiohttp finds no unclosed session as the process exits.
    shutil.copytree(HERE / "e2e_app", tmp_path / "e2e_app")
    result = run_module(
        durable_env,
        tmp_path,
        "azure_functions_compat",
        "http",
        "e2e_app",
        "POST",
        "/api/run/chaining",
        "-d",
        '["Oslo"]',
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("HTTP/1.1 200 OK"), result.stdout
    assert result.stdout.endswith('["Hello Oslo!"]\n'), result.stdout
    assert "Unclosed" not in result.stderr, result.stderr


def documented_example() -> tuple[str, str]:
    """The app and the tests of the section "Unit-testing Durable Functions" of the docs."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Unit-testing Durable Functions") :]
    section = section[: section.index("\n### ")]
    blocks = [
        block
        for block in re.findall(r"^```python\n(.*?)^```", section, re.DOTALL | re.MULTILINE)
        if ">>>" not in block
    ]
    app, tests = blocks
    assert app.startswith("# function_app.py\n")
    return app, tests


def test_the_documented_durable_example_passes(durable_env: Path, tmp_path: Path) -> None:
    app, tests = documented_example()
    (tmp_path / "function_app.py").write_text(app, encoding="utf-8")
    (tmp_path / "test_function_app.py").write_text(tests, encoding="utf-8")
    result = run_module(durable_env, tmp_path, "pytest", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout, result.stdout


# The SDK's tests of its OpenAI agents integration need openai-agents and pydantic, which are
# not the SDK's run-time requirements; the rest needs only these two.
SDK_TEST_REQUIREMENTS = ("jsonschema", "pytest-asyncio")
SDK_TESTS_LEFT_OUT = ("tests/openai_agents", "tests/orchestrator/openai_agents")


@pytest.fixture(scope="session")
def sdk_checkout(durable_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The source distribution of the installed SDK release, with its tests, unpacked."""
    version = run(
        durable_env,
        "from importlib import metadata; print(metadata.version('azure-functions-durable'))",
    ).stdout.strip()
    where = tmp_path_factory.mktemp("durable-sdist")
    _pip(
        "download",
        "--no-deps",
        "--no-binary",
        "azure-functions-durable",
        "--dest",
        str(where),
        f"azure-functions-durable=={version}",
        python=durable_env,
    )
    _pip("install", *SDK_TEST_REQUIREMENTS, python=durable_env)
    (archive,) = where.glob("*.tar.gz")
    with tarfile.open(archive) as source:
        for member in source.getmembers():
            if member.name.startswith(("/", "..")) or ".." in Path(member.name).parts:
                pytest.fail(f"{archive.name}: a member would land outside its folder")
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and security releases before it
            source.extractall(where, filter="data")
        else:
            source.extractall(where)
    (checkout,) = (path for path in where.iterdir() if path.is_dir())
    # The installed SDK is the one under test, not the copy beside its tests.
    shutil.rmtree(checkout / "azure")
    return checkout


def test_the_sdk_own_test_suite_passes(durable_env: Path, sdk_checkout: Path) -> None:
    left_out = [f"--ignore={path}" for path in SDK_TESTS_LEFT_OUT]
    result = run_module(
        durable_env, sdk_checkout, "pytest", "-q", "-p", "no:cacheprovider", "tests", *left_out
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert " passed" in result.stdout

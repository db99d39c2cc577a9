"""In a fresh environment with this package installed from a wheel and NOT azure-functions.

The environments are built once per test session (see conftest.py): a wheel of the working
tree, installed with ``--no-deps`` beside ``multidict`` and what each test needs. They are
skipped, saying why, only where packages cannot be installed (no network).
"""

from __future__ import annotations

import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Callable

from .conftest import child_env, run


def run_tool(python: Path, args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), *args],
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=cwd,
        timeout=300,
        check=False,
    )


def test_fresh_environment_has_no_azure_functions(plain_env: Path) -> None:
    result = run(
        plain_env,
        """
        from importlib import metadata
        try:
            metadata.distribution("azure-functions")
        except metadata.PackageNotFoundError:
            print("absent")
        """,
    )
    assert result.stdout.strip() == "absent", result.stderr


def test_plain_script_imports_azure_functions(plain_env: Path, tmp_path: Path) -> None:
    result = run(
        plain_env,
        """
        import azure.functions as func
        import azure_functions_compat
        assert func is azure_functions_compat
        print(func.HttpResponse("hi").get_body())
        """,
        cwd=tmp_path,
    )
    assert result.stdout.strip() == "b'hi'", result.stderr


def test_environment_variable_switches_the_drop_in_off(plain_env: Path, tmp_path: Path) -> None:
    result = run(
        plain_env,
        "import azure.functions",
        env={"AZURE_FUNCTIONS_COMPAT_DROPIN": "0"},
        cwd=tmp_path,
    )
    assert "No module named 'azure'" in result.stderr


def test_http_example_passes_with_pytest(
    plain_env: Path, example_copy: Callable[[str], Path]
) -> None:
    folder = example_copy("unittest_http") / "myapp"
    result = run_tool(plain_env, ["-m", "pytest", "-p", "no:cacheprovider"], cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_http_example_passes_with_unittest(
    plain_env: Path, example_copy: Callable[[str], Path]
) -> None:
    folder = example_copy("unittest_http") / "myapp"
    result = run_tool(plain_env, ["-m", "unittest", "-v"], cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "test_my_function" in result.stderr
    assert "Ran 1 test" in result.stderr


def test_queue_example_passes_with_pytest(
    plain_env: Path, example_copy: Callable[[str], Path]
) -> None:
    folder = example_copy("unittest_queue")
    result = run_tool(plain_env, ["-m", "pytest", "-p", "no:cacheprovider"], cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_queue_example_passes_with_unittest(
    plain_env: Path, example_copy: Callable[[str], Path]
) -> None:
    folder = example_copy("unittest_queue")
    result = run_tool(plain_env, ["-m", "unittest", "-v"], cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "test_my_function" in result.stderr
    assert "Ran 1 test" in result.stderr


def test_pytest_plugin_is_loaded_from_the_entry_point(plain_env: Path, tmp_path: Path) -> None:
    (tmp_path / "test_uses_fixture.py").write_text(
        "def test_builds(http_request):\n"
        "    assert http_request(json={'a': 1}).get_json() == {'a': 1}\n"
    )
    result = run_tool(plain_env, ["-m", "pytest", "-p", "no:cacheprovider"], cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_azure_sdk_packages_import_beside_us(azure_sdk_env: Path, tmp_path: Path) -> None:
    result = run(
        azure_sdk_env,
        """
        import azure.core
        import azure.identity
        from azure.storage.blob import BlobServiceClient
        import azure.functions as func
        import azure_functions_compat
        assert func is azure_functions_compat
        assert func.QueueMessage(body=b"x").get_body() == b"x"
        import azure
        print(type(azure.__path__).__name__, BlobServiceClient.__name__)
        """,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["_NamespacePath", "BlobServiceClient"]

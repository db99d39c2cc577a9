"""Importing the package stays cheap: nothing heavy is imported until it is used."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ["email", "asyncio", "concurrent.futures", "azure_functions_compat.host", "json"]


def modules_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    output = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout
    return set(output.split())


@pytest.mark.parametrize("module", HEAVY)
def test_importing_the_package_does_not_import(module: str) -> None:
    assert module not in modules_after("import azure_functions_compat")


@pytest.mark.parametrize("module", ["email", "asyncio", "concurrent.futures"])
def test_building_and_reading_a_request_does_not_import(module: str) -> None:
    code = (
        "import azure_functions_compat as func\n"
        "r = func.HttpRequest('POST', '/api/x?a=1', headers={'A': 'b'}, body=b'{}')\n"
        "r.get_json(); r.params; r.headers\n"
        "func.HttpResponse('ok', status_code=201, headers={'X': 'y'}).get_body()\n"
    )
    assert module not in modules_after(code)


def test_names_load_on_first_use() -> None:
    loaded = modules_after("import azure_functions_compat")
    assert "azure_functions_compat.http" not in loaded
    assert "azure_functions_compat.http" in modules_after(
        "import azure_functions_compat\nazure_functions_compat.HttpRequest"
    )


def test_an_unknown_name_is_an_attribute_error() -> None:
    import azure_functions_compat

    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        azure_functions_compat.Nope  # noqa: B018


def test_dir_lists_the_lazy_names() -> None:
    import azure_functions_compat

    assert {"HttpRequest", "Out", "Context"} <= set(dir(azure_functions_compat))

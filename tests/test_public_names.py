"""The public face: every name azure.functions code takes from the package is there, typed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import azure_functions_compat
from azure_functions_compat import _LAZY

INIT = Path(azure_functions_compat.__file__)


def type_checking_imports() -> dict[str, str]:
    """Name -> module of the imports under ``if TYPE_CHECKING:`` in ``__init__.py``."""
    tree = ast.parse(INIT.read_text())
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom)
                for alias in statement.names:
                    # `X as X`: the explicit re-export mypy --strict users need.
                    assert alias.asname == alias.name, alias.name
                    found[alias.name] = str(statement.module)
    return found


def test_type_checkers_see_exactly_the_lazy_names() -> None:
    assert type_checking_imports() == _LAZY


@pytest.mark.parametrize("name", sorted(_LAZY))
def test_each_lazy_name_resolves(name: str) -> None:
    value = getattr(azure_functions_compat, name)
    assert getattr(value, "__name__", name) == name


def test_the_core_names_of_azure_functions_are_all_there() -> None:
    core = {
        "HttpRequest",
        "HttpResponse",
        "InputStream",
        "QueueMessage",
        "Out",
        "Context",
        "TimerRequest",
        "AuthLevel",
        "HttpMethod",
        "DataType",
        "Cardinality",
        "AccessRights",
        "BlobSource",
    }
    assert core <= set(azure_functions_compat.__all__)


def test_compat_version_is_the_distribution_version() -> None:
    from importlib.metadata import version

    assert azure_functions_compat.__compat_version__ == version("azure-functions-compat")


def test_version_names_the_azure_functions_release_matched() -> None:
    # azure.functions is this module under the drop-in: version checks in function code
    # must see an azure-functions version, not ours.
    assert azure_functions_compat.__version__.split(".")[:2] == ["1", "26"]

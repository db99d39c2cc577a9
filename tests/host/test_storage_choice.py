"""Choosing a storage backend by name, and the ``azurite`` fixture's search and skip rules.

None of this needs the [azure] extra or Azurite; ``test_azure_storage.py`` does the rest.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from azure_functions_compat.host import AppLoadError, load_app
from azure_functions_compat.host.storage import (
    AzureStorage,
    FolderStorage,
    Storage,
    StorageError,
    open_storage,
)

from .conftest import HTTP_BINDINGS, write_app


def test_open_storage_takes_memory_for_a_new_in_memory_store() -> None:
    assert type(open_storage("memory", {})) is Storage


@pytest.mark.parametrize(
    ("connection", "message"),
    [
        ("AccountName=x", "must be a storage connection string"),
        ("nonsense", "must be a storage connection string"),
        ("AccountName=devstoreaccount1;AccountKey=not base64!", "AccountKey must be base64"),
    ],
)
def test_a_bad_connection_string_is_one_clear_line(
    tmp_path: Path, connection: str, message: str
) -> None:
    root = write_app(
        tmp_path / "app", {"F": ([HTTP_BINDINGS[0], HTTP_BINDINGS[1]], "def main(req): pass")}
    )
    with pytest.raises(AppLoadError, match=message) as raised:
        load_app(root, storage="azure", settings={"AzureWebJobsStorage": connection})
    assert "\n" not in str(raised.value)
    assert "not base64" not in str(raised.value)  # a key is never echoed


def test_azure_without_the_setting_names_it(tmp_path: Path) -> None:
    root = write_app(tmp_path / "app", {"F": (HTTP_BINDINGS, "def main(req): pass")})
    with pytest.raises(AppLoadError, match="AzureWebJobsStorage, which is not set"):
        load_app(root, storage="azure")


def test_open_storage_takes_anything_else_as_a_folder(tmp_path: Path) -> None:
    store = open_storage(str(tmp_path), {})
    assert isinstance(store, FolderStorage)
    assert store.root == str(tmp_path.resolve())


@pytest.mark.parametrize(
    "spec",
    [
        "TableEndpoint=https://acct.table.core.windows.net/;SharedAccessSignature=sv=2024&sig=x",
        "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2024&sig=x",
        "UseDevelopmentStorage=true",
    ],
)
def test_a_connection_string_naming_any_endpoint_is_not_a_folder(spec: str) -> None:
    from azure_functions_compat.host.storage.choose import looks_like_connection_string

    assert looks_like_connection_string(spec)


def test_a_missing_extra_is_one_line_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "azure.storage.blob", None)
    with pytest.raises(StorageError, match=r"pip install 'azure-functions-compat\[azure\]'"):
        AzureStorage("UseDevelopmentStorage=true")


# --- The fixture itself ------------------------------------------------------------------


def test_find_azurite_looks_in_node_modules_above(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from azure_functions_compat.pytest_plugin import find_azurite

    monkeypatch.setenv("PATH", "")
    assert find_azurite(str(tmp_path)) is None
    command = tmp_path / "node_modules" / ".bin" / "azurite"
    command.parent.mkdir(parents=True)
    command.write_text("#!/bin/sh\n")
    command.chmod(0o755)
    (tmp_path / "tests" / "deep").mkdir(parents=True)
    assert find_azurite(str(tmp_path / "tests" / "deep")) == str(command)


@pytest.mark.parametrize(
    ("path", "required", "outcome", "reason"),
    [
        ("", "0", pytest.skip.Exception, "Azurite needs Node.js, which is not installed"),
        ("", "1", pytest.fail.Exception, "AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE=1 requires it"),
        ("node", "0", pytest.skip.Exception, "Azurite is not installed .*npm install azurite"),
    ],
)
def test_the_fixture_skips_with_the_reason_when_something_is_missing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    required: str,
    outcome: type[BaseException],
    reason: str,
) -> None:
    from azure_functions_compat.pytest_plugin import azurite_command

    if path:  # a PATH with node only
        node = tmp_path / "bin" / "node"
        node.parent.mkdir()
        node.write_text("#!/bin/sh\n")
        node.chmod(0o755)
        path = str(node.parent)
    monkeypatch.setenv("PATH", path)
    monkeypatch.setenv("AZURE_FUNCTIONS_COMPAT_REQUIRE_AZURITE", required)
    with pytest.raises(outcome, match=reason):
        azurite_command(str(tmp_path))


def test_a_message_encoding_host_json_does_not_know_is_one_line(tmp_path: Path) -> None:
    host = {"version": "2.0", "extensions": {"queues": {"messageEncoding": "utf16"}}}
    root = write_app(tmp_path / "app", {"F": (HTTP_BINDINGS, "def main(req): pass")}, host=host)
    with pytest.raises(
        AppLoadError, match=r"messageEncoding must be 'base64' or 'none', got 'utf16'"
    ):
        load_app(root, storage="UseDevelopmentStorage=true")

"""What running public function apps through the command line showed, as specifications."""

from __future__ import annotations

from pathlib import Path

import pytest

from azure_functions_compat.cli import EXIT_OK, main

from .conftest import HTTP_BINDINGS, write_app


def test_list_names_the_input_the_host_cannot_run_not_the_trigger(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    completion = {"name": "response", "type": "textCompletion", "direction": "in"}
    source = "def main(req, response: str):\n    return response\n"
    root = write_app(tmp_path / "app", {"Ask": ([*HTTP_BINDINGS, completion], source)})
    assert main(["list", str(root)]) == EXIT_OK
    out = capsys.readouterr().out
    assert "textCompletion input not supported by this host" in out
    assert "trigger not supported" not in out


DOCUMENTS = """
import azure.functions as func


def main(documents: func.DocumentList) -> func.DocumentList:
    # The real package's DocumentList is a collections.UserList, not a list.
    return func.DocumentList([func.Document.from_dict({"n": doc["n"] + 1}) for doc in documents])
"""


def test_invoke_prints_a_returned_document_list_as_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bindings = [
        {
            "name": "documents",
            "type": "cosmosDBTrigger",
            "direction": "in",
            "databaseName": "db",
            "containerName": "in",
            "connection": "Cosmos",
        },
        {
            "name": "$return",
            "type": "cosmosDB",
            "direction": "out",
            "databaseName": "db",
            "containerName": "out",
            "connection": "Cosmos",
        },
    ]
    root = write_app(tmp_path / "app", {"Copy": (bindings, DOCUMENTS)})
    assert main(["invoke", str(root), "Copy", "--data", '[{"id": "1", "n": 1}]']) == EXIT_OK
    assert capsys.readouterr().out == '[{"n": 2}]\n'

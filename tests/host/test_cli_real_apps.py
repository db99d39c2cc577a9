"""What running public function apps through the command line showed, as specifications."""

from __future__ import annotations

import json
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


READS_RELATIVE_FILES = """
import json
import os

GREETING = open("greeting.txt").read().strip()  # relative to the app folder, as in Azure


def main(req):
    with open(os.path.join("data", "names.json")) as names:
        names = json.load(names)
    return json.dumps({"greeting": GREETING, "names": names, "body": req.get_body().decode()})
"""


def test_the_app_runs_in_its_folder_and_typed_paths_keep_their_meaning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_app(
        tmp_path / "app",
        {"Read": (HTTP_BINDINGS, READS_RELATIVE_FILES)},
        files={"greeting.txt": "hello\n", "data/names.json": '["Ada"]'},
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "body.txt").write_text("from a file")
    monkeypatch.chdir(elsewhere)

    status = main(["http", "../app", "POST", "/api/Read", "-d", "@body.txt", "--json"])
    out = capsys.readouterr().out
    assert status == EXIT_OK, out
    assert json.loads(json.loads(out)["body"]) == {
        "greeting": "hello",
        "names": ["Ada"],
        "body": "from a file",
    }
    assert Path.cwd() == elsewhere  # the command goes back where it was started


def test_a_relative_storage_folder_is_the_one_next_to_where_the_command_ran(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    queue = {"name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "inbox"}
    out_blob = {"name": "out", "type": "blob", "direction": "out", "path": "box/{queueTrigger}"}
    source = "def main(msg: str, out):\n    out.set(msg)\n"
    write_app(tmp_path / "app", {"Keep": ([queue, out_blob], source)})
    monkeypatch.chdir(tmp_path)
    assert main(["invoke", "app", "Keep", "--data", "kept", "--storage", "store"]) == EXIT_OK
    capsys.readouterr()
    assert (tmp_path / "store").is_dir()
    assert not (tmp_path / "app" / "store").exists()

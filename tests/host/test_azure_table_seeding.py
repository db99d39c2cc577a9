"""The command line's ``--table TABLE=FILE`` with an Azure storage writes the entities into
the account's table before the run, where the ``table`` bindings read them (Azurite)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from azure_functions_compat.cli import main

from .conftest import HTTP_BINDINGS, write_app

pytest.importorskip("azure.data.tables", reason="needs the [azure] extra")

READ = """
    import json
    import azure.functions as func

    def main(req: func.HttpRequest, people: str) -> str:
        return json.dumps(sorted((p["RowKey"], p["Name"]) for p in json.loads(people)))
"""


def _table_name() -> str:
    return f"Seed{time.time_ns() % 10**12}"


def _app(tmp_path: Path, azurite: str, table: str) -> Path:
    bindings = [
        HTTP_BINDINGS[0],
        {"name": "people", "type": "table", "direction": "in", "tableName": table},
        HTTP_BINDINGS[1],
    ]
    return write_app(
        tmp_path / "app", {"Read": (bindings, READ)}, settings={"AzureWebJobsStorage": azurite}
    )


def _client(azurite: str, table: str) -> Any:
    from azure.data.tables import TableClient

    return TableClient.from_connection_string(azurite, table)


@pytest.mark.parametrize("storage", ["azure", "connection string"])
def test_table_seeding_writes_the_entities_into_the_account(
    tmp_path: Path, azurite: str, capsys: pytest.CaptureFixture[str], storage: str
) -> None:
    table = _table_name()
    root = _app(tmp_path, azurite, table)
    client = _client(azurite, table)
    client.create_table()
    client.create_entity({"PartitionKey": "eu", "RowKey": "1", "Name": "Old"})
    seed = tmp_path / "people.json"
    seed.write_text(
        json.dumps(
            [
                {"PartitionKey": "eu", "RowKey": "1", "Name": "Ada", "Age": 36},
                {"PartitionKey": "us", "RowKey": "2", "Name": "Bo", "ETag": "stale"},
            ]
        )
    )
    option = azurite if storage == "connection string" else "azure"
    status = main(
        ["http", str(root), "GET", "/api/Read", "--storage", option, "--table", f"{table}={seed}"]
    )
    out = capsys.readouterr().out
    assert status == 0
    # Seeding replaces an entity with the same keys, as it does in memory.
    assert out.rstrip().endswith(json.dumps([["1", "Ada"], ["2", "Bo"]]))
    stored = client.get_entity("eu", "1")  # what other code sees
    assert (stored["Name"], stored["Age"].value) == ("Ada", 36)
    client.delete_table()


def test_table_seeding_into_the_account_refuses_a_bad_file_in_one_line(
    tmp_path: Path, azurite: str, capsys: pytest.CaptureFixture[str]
) -> None:
    table = _table_name()
    root = _app(tmp_path, azurite, table)
    seed = tmp_path / "people.json"
    seed.write_text(json.dumps([{"PartitionKey": "eu", "Name": "no row key"}]))
    status = main(
        ["invoke", str(root), "Read", "--storage", "azure", "--table", f"{table}={seed}"]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1
    assert err.startswith(f"error: --table '{table}={seed}': {seed}:")
    assert "'RowKey'" in err
    status = main(["invoke", str(root), "Read", "--storage", "azure", "--table", f"a_b={seed}"])
    err = capsys.readouterr().err
    assert status == 2
    assert "table name must be 3 to 63 letters and digits" in err

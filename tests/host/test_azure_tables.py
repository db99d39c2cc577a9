"""Table input and output bindings against a real Azurite (the ``azurite`` fixture).

These tests skip when Node.js or Azurite is absent; CI installs Azurite and requires them.
Azurite is started once per session, so each test uses table names of its own.
"""

from __future__ import annotations

import datetime
import itertools
import json
import socket
import sys
import time
import uuid
from pathlib import Path
from typing import Any, Optional

import pytest

from azure_functions_compat.host import BindingError, load_app
from azure_functions_compat.host.storage import AzureStorage, StorageError

from .conftest import HTTP_BINDINGS, write_app

pytest.importorskip("azure.data.tables", reason="needs the [azure] extra")

_numbers = itertools.count()

PEOPLE = [
    {"PartitionKey": "eu", "RowKey": "1", "Name": "Ada", "Age": 36},
    {"PartitionKey": "eu", "RowKey": "2", "Name": "Bo", "Age": 20},
    {"PartitionKey": "us", "RowKey": "3", "Name": "Cy", "Age": 50},
]

READ_SOURCE = """
    import azure.functions as func

    def main(req: func.HttpRequest, rows) -> str:
        return "none" if rows is None else rows
"""


@pytest.fixture
def table() -> str:
    """A table name no other test of the session uses (letters and digits only)."""
    return f"T{next(_numbers)}x{int(time.time() * 1000) % 10**9}"


def _sdk_client(connection: str, table: str) -> Any:
    from azure.data.tables import TableClient

    return TableClient.from_connection_string(connection, table)


def _seed(connection: str, table: str, entities: list[dict[str, Any]]) -> None:
    client = _sdk_client(connection, table)
    client.create_table()
    for entity in entities:
        client.create_entity(entity)


def _read_app(tmp_path: Path, azurite: str, binding: dict[str, Any]) -> Path:
    bindings = [HTTP_BINDINGS[0], {"name": "rows", "type": "table", **binding}, HTTP_BINDINGS[1]]
    return write_app(
        tmp_path / "app",
        {"Read": (bindings, READ_SOURCE)},
        settings={"AzureWebJobsStorage": azurite},
    )


def _keys(text: str) -> Any:
    if text == "none":
        return None
    found = json.loads(text)
    return found["RowKey"] if isinstance(found, dict) else [item["RowKey"] for item in found]


@pytest.mark.parametrize(
    ("settings", "query", "expected"),
    [
        ({"partitionKey": "eu", "rowKey": "{Query.id}"}, "?id=2", "2"),
        ({"partitionKey": "eu", "rowKey": "{Query.id}"}, "?id=9", None),
        ({"partitionKey": "{Query.pk}"}, "?pk=eu", ["1", "2"]),
        ({}, "", ["1", "2", "3"]),
        ({"filter": "Age gt 30"}, "", ["1", "3"]),
        ({"filter": "Name eq '{Query.name}'"}, "?name=Bo", ["2"]),
        ({"partitionKey": "eu", "filter": "Age gt 30 or Age lt 5"}, "", ["1"]),
        ({"filter": "Age ge 20", "take": 2}, "", ["1", "2"]),
        ({"partitionKey": "us", "take": "5"}, "", ["3"]),
    ],
)
def test_table_input_reads_entities_of_the_account(
    tmp_path: Path,
    azurite: str,
    table: str,
    settings: dict[str, Any],
    query: str,
    expected: Any,
) -> None:
    _seed(azurite, table, PEOPLE)
    root = _read_app(tmp_path, azurite, {"direction": "in", "tableName": table, **settings})
    with load_app(root, storage="azure") as app, app.test_client() as client:
        response = client.get("/api/Read" + query)
    response.raise_for_exception()
    assert _keys(response.text) == expected


def test_an_entity_reaches_the_function_as_the_functions_host_shapes_it(
    tmp_path: Path, azurite: str, table: str
) -> None:
    from azure.data.tables import EdmType, EntityProperty

    when = datetime.datetime(2024, 5, 6, 7, 8, 9, 120000, tzinfo=datetime.timezone.utc)
    ident = uuid.UUID("12345678-1234-5678-1234-567812345678")
    entity = {
        "PartitionKey": "p",
        "RowKey": "r",
        "Text": "é",
        "Small": 7,
        "Big": EntityProperty(2**40, EdmType.INT64),
        "Ratio": 0.5,
        "Flag": True,
        "When": when,
        "Id": ident,
        "Raw": b"\x00\xff",
    }
    _seed(azurite, table, [entity])
    binding = {"direction": "in", "tableName": table, "partitionKey": "p", "rowKey": "r"}
    root = _read_app(tmp_path, azurite, binding)
    with load_app(root, storage="azure") as app, app.test_client() as client:
        response = client.get("/api/Read")
    response.raise_for_exception()
    # No Timestamp, no ETag: the Functions host leaves both out.
    assert json.loads(response.text) == {
        "PartitionKey": "p",
        "RowKey": "r",
        "Text": "é",
        "Small": 7,
        "Big": 2**40,
        "Ratio": 0.5,
        "Flag": True,
        "When": "2024-05-06T07:08:09.12+00:00",
        "Id": str(ident),
        "Raw": "AP8=",
    }


def test_a_missing_table_is_none_for_one_entity_and_an_error_for_a_query(
    tmp_path: Path, azurite: str, table: str
) -> None:
    one = {"direction": "in", "tableName": table, "partitionKey": "p", "rowKey": "r"}
    root = _read_app(tmp_path / "one", azurite, one)
    with load_app(root, storage="azure") as app, app.test_client() as client:
        assert client.get("/api/Read").text == "none"
    many = {"direction": "in", "tableName": table, "partitionKey": "p"}
    root = _read_app(tmp_path / "many", azurite, many)
    with load_app(root, storage="azure") as app, app.test_client() as client:
        response = client.get("/api/Read")
    assert isinstance(response.exception, BindingError)
    message = str(response.exception)
    assert message.startswith("Read/function.json: binding 'rows': Azure storage (")
    assert f"table {table!r} does not exist" in message
    assert "AzureWebJobsStorage at http://127.0.0.1:" in message
    assert "\n" not in message


WRITE_SOURCE = """
    import json
    import azure.functions as func

    def main(req: func.HttpRequest, out: func.Out[str]) -> str:
        out.set(req.get_body().decode())
        return "ok"
"""


def _write_app(tmp_path: Path, azurite: str, table: str, **settings: str) -> Path:
    out = {"name": "out", "type": "table", "direction": "out", "tableName": table, **settings}
    return write_app(
        tmp_path / "app",
        {"Write": ([HTTP_BINDINGS[0], out, HTTP_BINDINGS[1]], WRITE_SOURCE)},
        settings={"AzureWebJobsStorage": azurite},
    )


def _post(root: Path, body: Any) -> Optional[BaseException]:
    with load_app(root, storage="azure") as app, app.test_client() as client:
        response = client.post("/api/Write", data=json.dumps(body).encode())
    return response.exception


def test_table_output_writes_one_entity_typed_as_the_functions_host_types_it(
    tmp_path: Path, azurite: str, table: str
) -> None:
    from azure.data.tables import EdmType, EntityProperty

    root = _write_app(tmp_path, azurite, table, partitionKey="people")
    entity = {"RowKey": "1", "Name": "Ada", "Age": 36, "Ratio": 1.5, "Tags": ["a"], "Gone": None}
    assert _post(root, entity) is None
    [stored] = _sdk_client(azurite, table).list_entities()
    assert dict(stored) == {
        "PartitionKey": "people",
        "RowKey": "1",
        "Name": "Ada",
        "Age": EntityProperty(36, EdmType.INT64),  # JSON numbers are Int64 in the host too
        "Ratio": 1.5,
        "Tags": '[\n  "a"\n]',
    }


def test_table_output_writes_a_list_across_partitions(
    tmp_path: Path, azurite: str, table: str
) -> None:
    root = _write_app(tmp_path, azurite, table)
    entities = [{**person, "Age": person["Age"] + 1} for person in PEOPLE]
    entities += [{"PartitionKey": "eu", "RowKey": str(n), "N": n} for n in range(10, 130)]
    assert _post(root, entities) is None  # 122 in "eu": more than one transaction holds
    stored = list(_sdk_client(azurite, table).list_entities())
    assert len(stored) == 123
    ages = {item["RowKey"]: item["Age"].value for item in stored if "Age" in item}
    assert ages == {"1": 37, "2": 21, "3": 51}


def test_an_output_entity_that_exists_fails_unless_its_etag_is_a_star(
    tmp_path: Path, azurite: str, table: str
) -> None:
    _seed(azurite, table, [PEOPLE[0]])
    root = _write_app(tmp_path, azurite, table)
    failed = _post(root, [{**PEOPLE[1], "Name": "new"}, {**PEOPLE[0], "Name": "new"}])
    assert isinstance(failed, BindingError)
    assert str(failed).startswith("Write/function.json: table output 'out': Azure storage (")
    message = str(failed)
    assert "(PartitionKey 'eu', RowKey '1')" in message
    assert "409 EntityAlreadyExists" in message
    assert '"ETag": "*"' in message
    assert "\n" not in message
    # One transaction per partition: the entity beside the conflicting one was not written.
    assert [item["Name"] for item in _sdk_client(azurite, table).list_entities()] == ["Ada"]
    assert _post(root, {"PartitionKey": "eu", "RowKey": "1", "Name": "new", "etag": "*"}) is None
    [stored] = _sdk_client(azurite, table).list_entities()
    assert dict(stored) == {"PartitionKey": "eu", "RowKey": "1", "Name": "new"}  # replaced


def test_an_output_entity_with_an_old_etag_is_refused(
    tmp_path: Path, azurite: str, table: str
) -> None:
    _seed(azurite, table, [PEOPLE[0]])
    client = _sdk_client(azurite, table)
    etag = client.get_entity("eu", "1").metadata["etag"]
    root = _write_app(tmp_path, azurite, table)
    assert _post(root, {**PEOPLE[0], "Name": "first", "ETag": etag}) is None
    failed = _post(root, {**PEOPLE[0], "Name": "second", "ETag": etag})
    assert isinstance(failed, BindingError)
    assert "412 UpdateConditionNotSatisfied" in str(failed)
    assert client.get_entity("eu", "1")["Name"] == "first"


def test_the_decorator_model_reads_and_writes_tables(
    tmp_path: Path, azurite: str, table: str
) -> None:
    source = f"""
        import json
        import azure.functions as func

        app = func.FunctionApp(http_auth_level=func.AuthLevel.ANONYMOUS)

        @app.route(route="people/{{id}}", methods=["PUT"])
        @app.table_output(arg_name="out", connection="AzureWebJobsStorage",
                          table_name="{table}", partition_key="people")
        def put(req: func.HttpRequest, out: func.Out[str]) -> str:
            out.set(json.dumps({{"RowKey": req.route_params["id"], **req.get_json()}}))
            return "saved"

        @app.route(route="people/{{id}}", methods=["GET"])
        @app.table_input(arg_name="person", connection="AzureWebJobsStorage",
                         table_name="{table}", partition_key="people", row_key="{{id}}")
        def get(req: func.HttpRequest, person: str) -> str:
            return person or "missing"

        @app.route(route="people", methods=["GET"])
        @app.table_input(arg_name="people", connection="AzureWebJobsStorage",
                         table_name="{table}", filter="Age gt 30", take=5)
        def old(req: func.HttpRequest, people: str) -> str:
            return ",".join(p["Name"] for p in json.loads(people))
    """
    root = write_app(
        tmp_path / "app",
        {},
        settings={"AzureWebJobsStorage": azurite},
        files={"function_app.py": source},
    )
    with load_app(root, storage="azure") as app, app.test_client() as client:
        for ident, name, age in (("1", "Ada", 36), ("2", "Bo", 20), ("3", "Cy", 50)):
            body = json.dumps({"Name": name, "Age": age}).encode()
            assert client.put(f"/api/people/{ident}", data=body).text == "saved"
        assert json.loads(client.get("/api/people/2").text) == {
            "PartitionKey": "people",
            "RowKey": "2",
            "Name": "Bo",
            "Age": 20,
        }
        assert client.get("/api/people/9").text == "missing"
        assert client.get("/api/people").text == "Ada,Cy"
    # What the app wrote, read by other code through the SDK.
    assert _sdk_client(azurite, table).get_entity("people", "3")["Name"] == "Cy"


def test_a_binding_connection_setting_picks_the_account_of_its_tables(
    tmp_path: Path, azurite: str, table: str
) -> None:
    _seed(azurite, table, PEOPLE)
    wrong = azurite.replace("AccountKey=Eby8", "AccountKey=AAAA")
    binding = {"direction": "in", "tableName": table, "partitionKey": "us", "connection": "Other"}
    bindings = [HTTP_BINDINGS[0], {"name": "rows", "type": "table", **binding}, HTTP_BINDINGS[1]]
    root = write_app(
        tmp_path / "app",
        {"Read": (bindings, READ_SOURCE)},
        settings={"AzureWebJobsStorage": wrong, "Other": azurite},
    )
    with load_app(root, storage="azure") as app, app.test_client() as client:
        response = client.get("/api/Read")
    response.raise_for_exception()
    assert _keys(response.text) == ["3"]


# --- Bad input ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["my-table", "1abc", "ab", "x" * 64])
def test_a_table_name_azure_refuses_is_one_line_naming_the_rule(
    tmp_path: Path, azurite: str, name: str
) -> None:
    root = _write_app(tmp_path, azurite, name)
    failed = _post(root, {"PartitionKey": "p", "RowKey": "r"})
    assert isinstance(failed, BindingError)
    message = str(failed)
    assert message.startswith("Write/function.json: binding 'out': ")
    assert "3 to 63 letters and digits, starting with a letter" in message
    assert repr(name) in message


def test_the_service_refusing_a_table_name_is_one_line(azurite: str) -> None:
    # Names our check lets through but the service keeps for itself.
    tables = AzureStorage(azurite).tables
    with pytest.raises(
        StorageError, match=r"cannot write entities to table 'tables': 400 "
    ) as info:
        tables.add_entities("tables", [{"PartitionKey": "p", "RowKey": "r"}])
    assert "\n" not in str(info.value)


def test_a_wrong_key_is_a_storage_error_naming_the_403(azurite: str, table: str) -> None:
    wrong = azurite.replace("AccountKey=Eby8", "AccountKey=AAAA")
    tables = AzureStorage(wrong, setting="MyStorage").tables
    for call in (
        lambda: tables.query(table),
        lambda: tables.get_entity(table, "p", "r"),
        lambda: tables.add_entities(table, [{"PartitionKey": "p", "RowKey": "r"}]),
    ):
        with pytest.raises(StorageError) as info:
            call()
        message = str(info.value)
        assert "MyStorage at http://127.0.0.1:" in message
        assert "refused the credentials (403" in message
        assert "AAAA" not in message
        assert "\n" not in message


def test_an_unreachable_table_endpoint_is_a_storage_error_naming_it() -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    connection = (
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/"
        f"KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;"
    )
    tables = AzureStorage(connection, setting="Tables").tables
    assert tables.endpoint == f"http://127.0.0.1:{port}/devstoreaccount1"
    started = time.monotonic()
    with pytest.raises(StorageError) as info:
        tables.get_entity("People", "p", "r")
    assert time.monotonic() - started < 10
    message = str(info.value)
    assert message.startswith(
        f"Azure storage (Tables at http://127.0.0.1:{port}/devstoreaccount1)"
    )
    assert "cannot reach the table service" in message
    assert "\n" not in message


def test_development_storage_points_at_azurites_table_port() -> None:
    assert AzureStorage("UseDevelopmentStorage=true").tables.endpoint == (
        "http://127.0.0.1:10002/devstoreaccount1"
    )


def test_without_azure_data_tables_the_error_names_the_extra(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "azure.data.tables", None)
    store = AzureStorage("UseDevelopmentStorage=true", setting="AzureWebJobsStorage")
    with pytest.raises(StorageError) as info:
        store.tables  # noqa: B018 - made on first use
    message = str(info.value)
    assert "azure-data-tables" in message
    assert "pip install 'azure-functions-compat[azure]'" in message


def test_the_documented_tables_example_passes(tmp_path: Path, azurite: str) -> None:
    import os
    import re
    import subprocess

    # docs/storage.md shows it as a ```py block, which the docs' doctest runner leaves alone
    # (it needs Azurite); this test runs it against the session's Azurite.
    document = Path(__file__).resolve().parents[2] / "docs" / "storage.md"
    blocks = re.findall(r"^```py\n(.*?)^```", document.read_text(), re.DOTALL | re.MULTILINE)
    [source] = [block for block in blocks if block.startswith("# test_tables_with_azurite.py")]
    (tmp_path / "test_tables_with_azurite.py").write_text(source)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "PYTHONPATH": str(tmp_path), "AZURE_FUNCTIONS_COMPAT_AZURITE": azurite},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout

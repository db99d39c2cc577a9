"""Cosmos DB, table and SQL input bindings served from seeded data."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest

from azure_functions_compat.host import App, BindingError

from .conftest import HTTP_BINDINGS

COSMOS_IN = {
    "name": "docs",
    "type": "cosmosDB",
    "direction": "in",
    "databaseName": "shop",
    "containerName": "items",
    "connection": "CosmosDB",
}
DOCUMENTS = [
    {"id": "1", "category": "tools", "name": "hammer", "price": 12, "meta": {"color": "red"}},
    {"id": "2", "category": "tools", "name": "saw", "price": 20, "meta": {"color": "blue"}},
    {"id": "3", "category": "food", "name": "apple", "price": 1, "meta": {"color": "red"}},
]
COSMOS_SOURCE = """
    import json
    import azure.functions as func

    def main(req: func.HttpRequest, docs: func.DocumentList) -> str:
        if docs is None:
            return "none"
        return json.dumps([doc["id"] for doc in docs])
"""


def _cosmos_app(make_app: Callable[..., App], **settings: str) -> App:
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**COSMOS_IN, **settings}, HTTP_BINDINGS[1]], COSMOS_SOURCE)}
    )
    app.seeded_data.add_documents("shop", "items", DOCUMENTS, partition_key="/category")
    return app


@pytest.mark.parametrize(
    ("settings", "query", "expected"),
    [
        ({}, "", '["1", "2", "3"]'),
        ({"id": "{Query.id}"}, "?id=2", '["2"]'),
        ({"id": "{Query.id}"}, "?id=9", "none"),
        ({"id": "{Query.id}", "partitionKey": "{Query.pk}"}, "?id=1&pk=tools", '["1"]'),
        ({"id": "{Query.id}", "partitionKey": "{Query.pk}"}, "?id=1&pk=food", "none"),
        ({"sqlQuery": "SELECT * FROM c WHERE c.category = 'tools'"}, "", '["1", "2"]'),
        (
            {"sqlQuery": 'SELECT * FROM c WHERE c.meta.color = "red" AND c.price = 1'},
            "",
            '["3"]',
        ),
        (
            {"sqlQuery": "select * from items i where i.name = '{Query.name}'"},
            "?name=saw",
            '["2"]',
        ),
    ],
)
def test_cosmos_input_reads_seeded_documents(
    make_app: Callable[..., App], settings: dict[str, str], query: str, expected: str
) -> None:
    app = _cosmos_app(make_app, **settings)
    with app.test_client() as client:
        response = client.get("/api/Fn" + query)
    response.raise_for_exception()
    assert response.text == expected


@pytest.mark.parametrize(
    "query",
    [
        "SELECT c.id FROM c",
        "SELECT * FROM c WHERE c.price > 3",
        "SELECT * FROM c WHERE c.a = 1 OR c.b = 2",
        "SELECT * FROM c JOIN t IN c.tags",
    ],
)
def test_a_cosmos_query_outside_the_subset_is_refused_in_one_line(
    make_app: Callable[..., App], query: str
) -> None:
    app = _cosmos_app(make_app, sqlQuery=query)
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert response.status_code == 500
    assert isinstance(response.exception, BindingError)
    message = str(response.exception)
    assert message.startswith(f"Fn/function.json: binding 'docs': sqlQuery {query!r} is outside")
    assert "\n" not in message


TABLE_IN = {"name": "rows", "type": "table", "direction": "in", "tableName": "People"}
ENTITIES = [
    {"PartitionKey": "eu", "RowKey": "1", "Name": "Ada", "Age": 36},
    {"PartitionKey": "eu", "RowKey": "2", "Name": "Bo", "Age": 20},
    {"PartitionKey": "us", "RowKey": "3", "Name": "Cy", "Age": 50},
]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, ["1", "2", "3"]),
        ({"partitionKey": "eu"}, ["1", "2"]),
        ({"partitionKey": "eu", "rowKey": "2"}, "2"),
        ({"partitionKey": "eu", "rowKey": "9"}, None),
        ({"filter": "Age gt 30"}, ["1", "3"]),
        ({"filter": "PartitionKey eq 'eu' and Name ne 'Ada'"}, ["2"]),
        ({"filter": "Age ge 20", "take": 2}, ["1", "2"]),
    ],
)
def test_table_input_reads_seeded_entities(
    make_app: Callable[..., App], settings: dict[str, Any], expected: Any
) -> None:
    source = """
        import json

        def main(req, rows: str) -> str:
            return json.dumps(None if rows is None else json.loads(rows))
    """
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**TABLE_IN, **settings}, HTTP_BINDINGS[1]], source)}
    )
    app.seeded_data.add_entities("people", ENTITIES)
    with app.test_client() as client:
        response = client.get("/api/Fn")
    response.raise_for_exception()
    found = json.loads(response.text)
    keys = (
        found
        if found is None
        else (found["RowKey"] if isinstance(found, dict) else [e["RowKey"] for e in found])
    )
    assert keys == expected


def test_entities_a_table_output_writes_are_read_by_a_table_input(
    make_app: Callable[..., App],
) -> None:
    write = """
        import json
        import azure.functions as func

        def main(req: func.HttpRequest, row: func.Out[str]) -> str:
            row.set(json.dumps({"RowKey": req.params["id"], "Name": req.params["name"]}))
            return "ok"
    """
    read = "def main(req, rows: str) -> str:\n    return rows\n"
    out = {
        "name": "row",
        "type": "table",
        "direction": "out",
        "tableName": "People",
        "partitionKey": "p",
    }
    app = make_app(
        {
            "Write": ([HTTP_BINDINGS[0], out, HTTP_BINDINGS[1]], write),
            "Read": (
                [HTTP_BINDINGS[0], {**TABLE_IN, "partitionKey": "p"}, HTTP_BINDINGS[1]],
                read,
            ),
        }
    )
    with app.test_client() as client:
        client.get("/api/Write?id=7&name=Ada").raise_for_exception()
        assert json.loads(client.get("/api/Read").text) == [
            {"PartitionKey": "p", "RowKey": "7", "Name": "Ada"}
        ]


@pytest.mark.parametrize("text", ["Age gt 30 or Age lt 5", "startswith(Name, 'A')", "Age = 3"])
def test_a_table_filter_outside_the_subset_is_refused_in_one_line(
    make_app: Callable[..., App], text: str
) -> None:
    source = "def main(req, rows: str) -> str:\n    return rows\n"
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**TABLE_IN, "filter": text}, HTTP_BINDINGS[1]], source)}
    )
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert str(response.exception).startswith(
        f"Fn/function.json: binding 'rows': filter {text!r} is outside"
    )


SQL_IN = {
    "name": "items",
    "type": "sql",
    "direction": "in",
    "connectionStringSetting": "SqlConnectionString",
}
SQL_SOURCE = """
    import json
    import azure.functions as func

    def main(req: func.HttpRequest, items: func.SqlRowList) -> str:
        return json.dumps([dict(row) for row in items])
"""


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({"commandText": "SELECT * FROM dbo.ToDo", "commandType": "Text"}, [1, 2, 3]),
        (
            {
                "commandText": "select [Id], Title from dbo.ToDo where Id = @Id",
                "commandType": "Text",
                "parameters": "@Id={Query.id}",
            },
            [{"Id": 2, "Title": "b"}],
        ),
        (
            {
                "commandText": "SELECT * FROM ToDo WHERE Done = @Done AND Owner = @Owner",
                "parameters": "@Done=true,@Owner=ada",
            },
            [3],
        ),
    ],
)
def test_sql_input_reads_seeded_rows(
    make_app: Callable[..., App], settings: dict[str, str], expected: list[Any]
) -> None:
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**SQL_IN, **settings}, HTTP_BINDINGS[1]], SQL_SOURCE)}
    )
    app.seeded_data.add_rows(
        "dbo.ToDo",
        [
            {"Id": 1, "Title": "a", "Done": False, "Owner": "ada"},
            {"Id": 2, "Title": "b", "Done": False, "Owner": "bo"},
            {"Id": 3, "Title": "c", "Done": True, "Owner": "ada"},
        ],
    )
    with app.test_client() as client:
        response = client.get("/api/Fn?id=2")
    response.raise_for_exception()
    rows = json.loads(response.text)
    assert (rows if isinstance(expected[0], dict) else [row["Id"] for row in rows]) == expected


@pytest.mark.parametrize(
    "settings",
    [
        {"commandText": "dbo.GetToDo", "commandType": "StoredProcedure"},
        {"commandText": "SELECT * FROM ToDo t JOIN Owners o ON t.Owner = o.Id"},
        {"commandText": "SELECT COUNT(*) FROM ToDo"},
    ],
)
def test_a_sql_command_outside_the_subset_is_refused_in_one_line(
    make_app: Callable[..., App], settings: dict[str, str]
) -> None:
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**SQL_IN, **settings}, HTTP_BINDINGS[1]], SQL_SOURCE)}
    )
    with app.test_client() as client:
        response = client.get("/api/Fn")
    assert str(response.exception).startswith(
        f"Fn/function.json: binding 'items': commandText {settings['commandText']!r} is outside"
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda data: data.add_documents("db", "c", {"id": "1"}),
            TypeError,
            "documents must be a list of dicts",
        ),
        (
            lambda data: data.add_documents("db", "c", [{"name": "x"}]),
            ValueError,
            "needs a str 'id'",
        ),
        (
            lambda data: data.add_documents("", "c", []),
            TypeError,
            "database must be a non-empty str",
        ),
        (
            lambda data: data.add_entities("t", [{"RowKey": "1"}]),
            ValueError,
            "needs a str 'PartitionKey'",
        ),
        (lambda data: data.add_rows("t", ["row"]), TypeError, "rows[0] must be a dict"),
    ],
)
def test_seeding_checks_its_arguments(
    call: Callable[[Any], None], error: type[Exception], message: str
) -> None:
    from azure_functions_compat.host.seeded import SeededData

    with pytest.raises(error, match=re.escape(message)):
        call(SeededData())


def test_seeding_from_files(tmp_path: Path) -> None:
    from azure_functions_compat.host.seeded import SeededData

    documents = tmp_path / "docs.json"
    documents.write_text(json.dumps({"partitionKey": "/category", "documents": DOCUMENTS}))
    entities = tmp_path / "people.json"
    entities.write_text(json.dumps(ENTITIES))
    data = SeededData()
    data.load_file("documents", "shop/items", str(documents))
    data.load_file("entities", "People", str(entities))
    assert len(data.documents("shop", "items")) == 3
    assert data.partition_key_path("shop", "items") == "/category"
    assert len(data.entities("people")) == 3
    with pytest.raises(ValueError, match="expected DATABASE/CONTAINER"):
        data.load_file("documents", "shop", str(documents))
    broken = tmp_path / "broken.json"
    broken.write_text("[1,")
    with pytest.raises(ValueError, match=r"broken\.json: is not JSON"):
        data.load_file("rows", "t", str(broken))


def test_the_command_line_seeds_documents_entities_and_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from azure_functions_compat.cli import main

    from .conftest import write_app

    source = """
        import json
        import azure.functions as func

        def main(req: func.HttpRequest, docs: func.DocumentList, people: str,
                 items: func.SqlRowList) -> str:
            return json.dumps([len(docs), len(json.loads(people)), len(items)])
    """
    bindings = [
        HTTP_BINDINGS[0],
        {**COSMOS_IN, "sqlQuery": "SELECT * FROM c WHERE c.category = 'tools'"},
        {**TABLE_IN, "name": "people"},
        {**SQL_IN, "commandText": "SELECT * FROM dbo.ToDo"},
        HTTP_BINDINGS[1],
    ]
    root = write_app(tmp_path / "app", {"Fn": (bindings, source)})
    (tmp_path / "docs.json").write_text(json.dumps(DOCUMENTS))
    (tmp_path / "people.json").write_text(json.dumps(ENTITIES))
    (tmp_path / "rows.json").write_text(json.dumps([{"Id": 1}]))
    status = main(
        [
            "http",
            str(root),
            "GET",
            "/api/Fn",
            "--documents",
            f"shop/items={tmp_path / 'docs.json'}",
            "--table",
            f"People=@{tmp_path / 'people.json'}",
            "--rows",
            f"dbo.ToDo={tmp_path / 'rows.json'}",
        ]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert out.rstrip().endswith("[2, 3, 1]")
    status = main(["http", str(root), "GET", "/api/Fn", "--documents", "shop"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.strip() == "error: --documents 'shop': expected DATABASE/CONTAINER=FILE"


@pytest.mark.parametrize("key", ["a/b", "a\\b", "a#b", "a?b", "a\tb", "a\x7fb"])
def test_a_table_output_refuses_a_key_azure_refuses(
    make_app: Callable[..., App], key: str
) -> None:
    source = """
        import json
        import azure.functions as func

        def main(req: func.HttpRequest, row: func.Out[str]) -> str:
            row.set(json.dumps({"RowKey": req.params["key"]}))
            return "ok"
    """
    out = {"name": "row", "type": "table", "direction": "out", "tableName": "People"}
    app = make_app(
        {"Fn": ([HTTP_BINDINGS[0], {**out, "partitionKey": "p"}, HTTP_BINDINGS[1]], source)}
    )
    with app.test_client() as client:
        response = client.get("/api/Fn", params={"key": key})
    assert isinstance(response.exception, BindingError)
    message = str(response.exception)
    assert f"RowKey {key!r} is not a valid partition or row key" in message
    assert "\n" not in message
    assert app.seeded_data.entities("People") == []


WRITE_OUT = {"name": "out", "type": "table", "direction": "out", "tableName": "People"}
WRITE_SOURCE = """
    import azure.functions as func

    def main(req: func.HttpRequest, out: func.Out[str]) -> str:
        out.set(req.get_body().decode())
        return "ok"
"""


@pytest.mark.parametrize(
    ("body", "error", "names"),
    [
        # An output adds entities, as in the Functions host: one that exists fails.
        ({"PartitionKey": "eu", "RowKey": "1", "Name": "new"}, "exists already", ["Ada"]),
        (
            [{"PartitionKey": "eu", "RowKey": "9"}, {"PartitionKey": "eu", "RowKey": "1"}],
            "(PartitionKey 'eu', RowKey '1') exists already in table 'People'",
            ["Ada"],
        ),
        (
            [{"PartitionKey": "eu", "RowKey": "9"}, {"PartitionKey": "eu", "RowKey": "9"}],
            "(PartitionKey 'eu', RowKey '9') exists already",
            ["Ada"],
        ),
        # "ETag": "*" (any case) replaces; the ETag is not kept as a property.
        ({"PartitionKey": "eu", "RowKey": "1", "Name": "new", "etag": "*"}, None, ["new"]),
        ({"PartitionKey": "eu", "RowKey": "2", "Name": "Bo"}, None, ["Ada", "Bo"]),
    ],
)
def test_a_table_output_adds_entities_and_replaces_only_with_an_etag(
    make_app: Callable[..., App], body: Any, error: Any, names: list[str]
) -> None:
    app = make_app({"Fn": ([HTTP_BINDINGS[0], WRITE_OUT, HTTP_BINDINGS[1]], WRITE_SOURCE)})
    app.seeded_data.add_entities("People", [{"PartitionKey": "eu", "RowKey": "1", "Name": "Ada"}])
    with app.test_client() as client:
        response = client.post("/api/Fn", data=json.dumps(body).encode())
    if error is None:
        response.raise_for_exception()
    else:
        assert isinstance(response.exception, BindingError)
        message = str(response.exception)
        assert message.startswith("Fn/function.json: ")
        assert error in message
        assert '"ETag": "*"' in message
    stored = app.seeded_data.entities("People")
    assert [entity.get("Name") for entity in stored] == names
    assert all("etag" not in entity for entity in stored)

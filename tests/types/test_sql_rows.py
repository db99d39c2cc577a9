"""Azure SQL and MySQL rows: the same behaviour for both kinds, checked for each.

The dict and JSON behaviour the rows share with Document is specified in test_cosmosdb.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import azure_functions_compat as func
from azure_functions_compat import mysql, sql

KINDS = [
    pytest.param(sql.SqlRow, sql.SqlRowList, id="sql"),
    pytest.param(mysql.MySqlRow, mysql.MySqlRowList, id="mysql"),
]


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_they_are_the_top_level_and_the_submodule_names(row_type: Any, list_type: Any) -> None:
    assert getattr(func, row_type.__name__) is row_type
    assert getattr(func, list_type.__name__) is list_type


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_the_documented_input_function_serializes_rows(row_type: Any, list_type: Any) -> None:
    def main(products: Any) -> str:
        import json

        return json.dumps([row for row in products])

    rows = list_type([{"ProductId": 1, "Name": "Widget"}])
    assert main(rows) == '[{"ProductId": 1, "Name": "Widget"}]'


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_the_documented_output_builds_a_row_from_json(row_type: Any, list_type: Any) -> None:
    row = row_type.from_json('{"ProductId": 2, "Cost": 10.5}')
    assert type(row) is row_type
    assert row["Cost"] == 10.5


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_a_row_list_turns_mappings_into_rows(row_type: Any, list_type: Any) -> None:
    rows = list_type([{"Id": 1}, row_type(Id=2)])
    assert [type(row) for row in rows] == [row_type, row_type]
    assert rows == [{"Id": 1}, {"Id": 2}]


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_to_dict_gives_a_plain_dict_copy_as_in_azure_functions_2(
    row_type: Any, list_type: Any
) -> None:
    plain = row_type({"Id": 1}).to_dict()
    assert (type(plain), plain) == (dict, {"Id": 1})


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_a_row_list_converts_to_dicts_and_json(row_type: Any, list_type: Any) -> None:
    rows = list_type([{"Id": 1}, {"Id": 2}])
    assert rows.to_dict() == [{"Id": 1}, {"Id": 2}]
    assert all(type(item) is dict for item in rows.to_dict())
    assert rows.to_json() == '[{"Id": 1}, {"Id": 2}]'


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
@pytest.mark.parametrize(
    ("initlist", "message"),
    [
        (1, "initlist must be an iterable of mappings, or None, got 1 (int)"),
        ([None], "item must be a {row} or a mapping, got None (NoneType)"),
    ],
)
def test_a_row_list_refuses_what_is_not_rows(
    row_type: Any, list_type: Any, initlist: Any, message: str
) -> None:
    expected = f"^{list_type.__name__}: " + re.escape(message.format(row=row_type.__name__))
    with pytest.raises(TypeError, match=expected):
        list_type(initlist)


@pytest.mark.parametrize(("row_type", "list_type"), KINDS)
def test_repr_of_a_row_list_shows_the_rows(row_type: Any, list_type: Any) -> None:
    expected = f"{list_type.__name__}([{row_type.__name__}({{'Id': 1}})])"
    assert repr(list_type([{"Id": 1}])) == expected
